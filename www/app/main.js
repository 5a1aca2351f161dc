// The page's entry (the served page and the single file): starts the engine, mounts one dashboard
// into the document's #aligngraph, keeps the address in step with it (deep links), answers a parent
// page when framed (the iframe API), and drops the static picture the CLI published (the fallback,
// which a browser with scripts holds as text) once the live dashboard is up, or shows it when the
// browser cannot run the engine.

import { showPicture } from "./picture.js";
import "../styles/page.css";
import "../styles/fallback.css";
import { startEngine } from "./engine.js";
import { createEngineHost, startEngineWorker } from "./engine-host.js";
import engineWorkerSource from "engine-worker-source";
import { mountDashboard } from "./dashboard.js";
import { systemTheme } from "./theme.js";
import { parseHash, wireDeepLinks } from "./deep-link.js";
import { allowedOrigins, wireBridge } from "./bridge.js";
import { openStore, hashText } from "../lib/store.js";
import { h } from "../lib/dom.js";

const THEME_KEY = "aligngraph:theme";
const t0 = performance.now();

function storedTheme() {
  try {
    const t = localStorage.getItem(THEME_KEY);
    return t === "dark" || t === "light" ? t : null;
  } catch {
    return null;
  }
}

/** The bundle's settings (`aligngraph bundle --view --focus --readonly --title --origins`), or {}. */
export function readConfig(doc) {
  const text = doc.getElementById("aligngraph-config")?.textContent;
  if (!text) return {};
  try {
    const c = JSON.parse(text);
    return c && typeof c === "object" && !Array.isArray(c) ? c : {};
  } catch {
    console.warn("aligngraph: the bundle's settings (#aligngraph-config) are not JSON; ignored");
    return {};
  }
}

/** Shows why the engine did not start; the published picture (if any) is shown as what there is to read. */
function engineFailed(root, doc, err) {
  const reason = String(err?.message ?? err ?? "");
  const blocked = /wasm|WebAssembly|Content.Security|CSP|unsafe-eval/i.test(reason);
  const fallback = showPicture(doc);
  if (fallback) {
    root.replaceChildren(
      h(
        "p",
        { class: "ag-fallback-notice", role: "status" },
        blocked
          ? "The interactive dashboard cannot start here: this page's security policy does not allow WebAssembly ('wasm-unsafe-eval'). Below is the picture computed when the file was published."
          : "The interactive dashboard could not start in this browser. Below is the picture computed when the file was published.",
      ),
    );
    console.warn("aligngraph: the engine did not start; showing the published picture", err);
    return;
  }
  root.replaceChildren(
    h("div", { class: "view-error", role: "alert" }, h("strong", { text: "The analytics engine could not be started in this browser." }), h("p", { text: reason })),
  );
  console.error("aligngraph: the engine did not start", err);
}

async function start() {
  const doc = document;
  const root = doc.getElementById("aligngraph");
  root.replaceChildren(h("p", { class: "loading", text: "Loading the engine…" }));
  const theme = storedTheme() ?? systemTheme();
  doc.documentElement.dataset.theme = theme;

  const config = readConfig(doc);
  const fromHash = parseHash(location.hash);
  const block = doc.getElementById("aligngraph-wasm");
  const embedded = doc.getElementById("aligngraph-model")?.textContent ?? null;
  // The engine's worker starts (in the single file: already started by its boot script, reading the
  // first model), and the store opens, while the module compiles.
  const started = globalThis.aligngraphCompiling?.block === block && globalThis.aligngraphCompiling.engine ? globalThis.aligngraphCompiling.engine : startEngineWorker(engineWorkerSource);
  const opening = openStore(embedded ? `file-${hashText(embedded)}` : "local");
  let wasmModule;
  try {
    wasmModule = await startEngine(block ? { block } : { url: new URL("./aligngraph_bg.wasm", import.meta.url) });
  } catch (err) {
    started?.terminate();
    opening.then((s) => s.close?.(), () => {});
    engineFailed(root, doc, err);
    return;
  }
  const wasmMs = performance.now() - t0;
  const engine = createEngineHost(wasmModule, { workerSource: engineWorkerSource, started });
  const store = await opening;
  const controller = await mountDashboard(root, {
    engine: await engine,
    wasmModule,
    wasmMs,
    store,
    embedded,
    page: true,
    t0,
    theme,
    dropTarget: doc,
    // What the link asks for wins over what the bundle opens with.
    config: { ...config, ...fromHash },
    onThemeToggle: (next) => {
      try {
        localStorage.setItem(THEME_KEY, next);
      } catch {
        // not remembered
      }
    },
  });
  const { app } = controller;
  app.on("theme", (t) => (doc.documentElement.dataset.theme = t));
  globalThis.matchMedia?.("(prefers-color-scheme: dark)").addEventListener?.("change", () => {
    if (!storedTheme()) app.setTheme(systemTheme());
  });
  doc.getElementById("aligngraph-picture")?.remove();
  window.aligngraph = app;
  wireDeepLinks(controller);
  wireBridge(controller, { origins: allowedOrigins(config, fromHash.origins) });
  // Measured from navigation start by the first-render benchmark.
  performance.mark("aligngraph:first-render");
  doc.documentElement.dataset.ready = "true";
}

start().catch((err) => {
  console.error("aligngraph: the dashboard could not start", err);
  const root = document.getElementById("aligngraph");
  root?.replaceChildren(h("div", { class: "view-error", role: "alert" }, h("strong", { text: "The dashboard could not start." }), h("p", { text: String(err?.message ?? err) })));
});
