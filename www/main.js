// Entry point: initialises the Wasm engine, loads the model (embedded, else autosaved, else the demo),
// mounts the views and wires the tabs, the toolbar, drag and drop, autosave, theme and printing.

import init, { Engine } from "../pkg/aligngraph.js";
import * as overview from "./views/overview.js";
import * as graph from "./views/graph/index.js";
import * as matrix from "./views/matrix.js";
import * as portfolio from "./views/portfolio.js";
import * as whatif from "./views/whatif.js";
import * as diagnostics from "./views/diagnostics.js";
import * as weights from "./views/weights.js";
import * as priorities from "./views/priorities.js";
import * as budget from "./views/budget.js";
import * as roadmap from "./views/roadmap.js";
import * as simulation from "./views/simulation.js";
import * as scenarios from "./views/scenarios.js";
import * as detail from "./views/detail.js";
import { App } from "./app.js";
import { h, clear } from "./dom.js";
import { openStore, hashText } from "./store.js";
import { download, fileStem, readFileBytes, wireImport, svgText, svgToPng, canvasToPng, describePlace } from "./io.js";
import { sortImportFiles, EXPORT_FORMATS, formatLabel } from "./import-files.js";
import { summaryStatus } from "./import-summary.js";
import { wireMenu } from "./menu.js";

const VIEWS = { overview, graph, matrix, portfolio, whatif, weights, priorities, budget, roadmap, simulation, scenarios, diagnostics };
const ORDER = ["overview", "graph", "matrix", "portfolio", "whatif", "weights", "priorities", "budget", "roadmap", "simulation", "scenarios", "diagnostics"];
const EAGER_MOUNT_LIMIT = 5000; // nodes: above this, views are rendered only when first shown
const THEME_KEY = "aligngraph:theme";

const $ = (id) => document.getElementById(id);
const t0 = performance.now();

// ---------------------------------------------------------------- theme

function storedTheme() {
  try {
    const t = localStorage.getItem(THEME_KEY);
    return t === "dark" || t === "light" ? t : null;
  } catch {
    return null;
  }
}

function systemTheme() {
  return window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

function applyTheme(theme, app = null) {
  document.documentElement.dataset.theme = theme;
  const btn = $("theme-toggle");
  if (btn) {
    btn.setAttribute("aria-pressed", String(theme === "dark"));
    btn.textContent = theme === "dark" ? "Light" : "Dark";
    btn.setAttribute("aria-label", theme === "dark" ? "Switch to the light theme" : "Switch to the dark theme");
  }
  if (app) {
    app.theme = theme;
    app.emit("theme", theme);
  }
}

// ---------------------------------------------------------------- wasm

function base64Bytes(text) {
  const bin = atob(text.replace(/\s+/g, ""));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** Inflates gzipped bytes in the browser (no network: a Blob's stream through DecompressionStream). */
async function gunzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The compiled engine module, kept for the Monte Carlo worker (app.wasmModule). */
let wasmModule = null;

async function initWasm() {
  const inlined = document.getElementById("aligngraph-wasm");
  if (inlined) {
    const bytes = base64Bytes(inlined.textContent);
    wasmModule = await WebAssembly.compile(inlined.dataset.encoding === "gzip" ? await gunzip(bytes) : bytes);
  } else {
    const res = await fetch(new URL("./aligngraph_bg.wasm", import.meta.url));
    if (!res.ok) throw new Error(`aligngraph_bg.wasm: HTTP ${res.status}`);
    wasmModule = /^application\/wasm\b/.test(res.headers.get("content-type") ?? "")
      ? await WebAssembly.compileStreaming(res)
      : await WebAssembly.compile(await res.arrayBuffer());
  }
  await init({ module_or_path: wasmModule });
}

// ---------------------------------------------------------------- dialog

/** An in-page confirmation (#confirm-dialog with #confirm-ok / #confirm-cancel); resolves true on OK. */
function confirmDialog({ title, message, ok = "Replace", cancel = "Keep my work" }) {
  const dialog = $("confirm-dialog");
  $("confirm-title").textContent = title;
  $("confirm-message").textContent = message;
  const okBtn = $("confirm-ok");
  const cancelBtn = $("confirm-cancel");
  okBtn.textContent = ok;
  cancelBtn.textContent = cancel;
  return new Promise((resolve) => {
    const done = (answer) => {
      okBtn.removeEventListener("click", onOk);
      cancelBtn.removeEventListener("click", onCancel);
      dialog.removeEventListener("cancel", onEsc);
      if (dialog.open) dialog.close?.();
      dialog.removeAttribute("open");
      resolve(answer);
    };
    const onOk = () => done(true);
    const onCancel = () => done(false);
    const onEsc = (e) => {
      e.preventDefault();
      done(false);
    };
    okBtn.addEventListener("click", onOk);
    cancelBtn.addEventListener("click", onCancel);
    dialog.addEventListener("cancel", onEsc);
    if (typeof dialog.showModal === "function") dialog.showModal();
    else dialog.setAttribute("open", "");
    cancelBtn.focus();
  });
}

// ---------------------------------------------------------------- start

async function start() {
  applyTheme(storedTheme() ?? systemTheme());
  try {
    await initWasm();
  } catch (err) {
    fatal("The analytics engine could not be started in this browser.", err);
    return;
  }
  const tWasm = performance.now();
  const engine = new Engine();
  const app = new App(engine);
  app.wasmModule = wasmModule;
  app.theme = document.documentElement.dataset.theme;
  app.timings = { wasm: tWasm - t0 };
  window.aligngraph = app;

  const embedded = document.getElementById("aligngraph-model")?.textContent ?? null;
  const store = await openStore(embedded ? `file-${hashText(embedded)}` : "local");
  app.store = store;

  const ui = createUi(app, { store, embedded });
  await loadInitial(app, { store, embedded, ui });
  app.timings.load = performance.now() - t0;
  ui.start();
  app.timings.firstRender = performance.now() - t0;
  // Measured from navigation start by the first-render benchmark.
  performance.mark("aligngraph:first-render");
  document.documentElement.dataset.ready = "true";
}

function fatal(message, err) {
  $("loading")?.remove();
  const view = $("view");
  view.appendChild(h("div", { class: "view-error", role: "alert" }, h("strong", { text: message }), h("p", { text: String(err?.message ?? err ?? "") })));
  $("model-name").textContent = "aligngraph";
  console.error(message, err);
}

function summaryLine(app) {
  const f = app.format;
  return `${app.modelName}: ${f.count(app.engine.nodeCount)} nodes, ${f.count(app.engine.edgeCount)} edges`;
}

function warningsNote(app) {
  const n = (app.report?.diagnostics ?? []).length;
  return n ? ` (${app.format.count(n)} warning${n === 1 ? "" : "s"}: see Diagnostics)` : "";
}

async function loadInitial(app, { store, embedded, ui }) {
  const { engine } = app;
  let origin = null;
  let saved = null;
  let toggles = [];
  try {
    saved = await store.loadModel();
    toggles = await store.loadWhatIf();
  } catch {
    saved = null;
  }
  if (saved) {
    try {
      if ((saved.source === "import" || saved.source === "edited") && typeof saved.text === "string") {
        engine.load(saved.text);
        origin = { source: saved.source, fileName: saved.fileName ?? null, format: saved.import?.summary?.format ?? null, restored: true };
        if (saved.import?.summary) {
          // Offered again from Diagnostics; not opened on its own after a reload.
          app.importInfo = { summary: saved.import.summary, fileName: saved.fileName ?? "", mappingName: saved.import.mappingName ?? null, dismissed: true, restored: true };
        }
      } else if (saved.source === "embedded" && embedded) {
        engine.load(embedded);
        origin = { source: "embedded", restored: true };
      } else if (saved.source === "demo" && !embedded) {
        engine.loadDemo();
        origin = { source: "demo", restored: true };
      }
    } catch {
      origin = null; // the saved model no longer loads: fall back, but keep the record
    }
  }
  let embeddedError = null;
  if (!origin && embedded) {
    try {
      engine.load(embedded);
      origin = { source: "embedded" };
    } catch (err) {
      embeddedError = err;
    }
  }
  if (!origin) {
    engine.loadDemo();
    origin = { source: "demo" };
  }
  let restored = 0;
  if (origin.restored) {
    for (const t of toggles ?? []) {
      try {
        engine.setActive(t.id, Boolean(t.active));
        restored += 1;
      } catch {
        // an initiative that is no longer in the model
      }
    }
  }
  app.loaded(origin);
  if (!origin.restored) store.saveModel({ source: origin.source, name: app.modelName });
  ui.setMeta();
  if (embeddedError) {
    app.rejected = { fileName: "the embedded model", diagnostics: embeddedError.diagnostics ?? [] };
    app.notify(`The embedded model could not be read; showing the demo instead.`, { error: true, details: embeddedError.diagnostics });
  } else if (origin.restored && (restored > 0 || origin.source === "import" || origin.source === "edited")) {
    const n = app.whatIf().length;
    app.notify(`Restored your saved work: ${summaryLine(app)}${n ? `, ${app.format.count(n)} what-if change${n === 1 ? "" : "s"}` : ""}.`, {
      action: { id: "start-over", label: embedded ? "Start over from the file" : "Start over with the demo", run: () => ui.startOver() },
    });
  } else {
    app.notify(`Loaded ${summaryLine(app)}${warningsNote(app)}`);
  }
}

// ---------------------------------------------------------------- UI

function createUi(app, { store, embedded }) {
  const mounted = new Map(); // name -> {handle, failed}
  const stale = new Set(); // large models: hidden views brought up to date when shown
  let current = null;
  let started = false;

  // ---- status line
  const status = $("status");
  app.on("status", ({ message, error, details, action }) => {
    clear(status);
    status.classList.toggle("error", Boolean(error));
    status.appendChild(h("span", { class: "status-message", text: message }));
    if (details?.length) {
      const ul = h("ul", { class: "status-details" });
      for (const d of details.slice(0, 5)) {
        const where = describePlace(d.place);
        ul.appendChild(h("li", null, h("code", { text: d.code }), ` ${where ? `${where}: ` : ""}${d.message ?? ""}`));
      }
      status.appendChild(ul);
      status.appendChild(
        h("button", {
          type: "button",
          class: "link",
          text: details.length > 5 ? `All ${app.format.count(details.length)} in Diagnostics` : "Open Diagnostics",
          on: { click: () => show("diagnostics", { focus: true }) },
        }),
      );
    }
    if (action) {
      status.append(" ", h("button", { type: "button", class: "link", id: action.id ?? null, text: action.label, on: { click: action.run } }));
    }
  });

  // ---- views
  function viewError(section, name, err) {
    console.warn(`aligngraph: the ${name} view failed`, err);
    clear(section).appendChild(
      h(
        "div",
        { class: "view-error", role: "alert" },
        h("strong", { text: `${VIEWS[name]?.title ?? name} could not be shown.` }),
        h("p", { text: String(err?.message ?? err) }),
        h("p", { class: "muted", text: "The other views still work. Try another model or reload the page." }),
      ),
    );
  }

  function mount(name) {
    if (mounted.has(name) && !mounted.get(name).failed) return mounted.get(name);
    const section = $(`view-${name}`);
    section.dataset.title = VIEWS[name]?.title ?? name;
    let entry;
    try {
      clear(section);
      const handle = (VIEWS[name].mount ?? VIEWS[name].render)(section, app) ?? {};
      entry = { handle, failed: false };
    } catch (err) {
      viewError(section, name, err);
      entry = { handle: {}, failed: true };
    }
    mounted.set(name, entry);
    return entry;
  }

  function updateView(name) {
    const entry = mounted.get(name);
    if (!entry) return;
    if (entry.failed) {
      mount(name);
      return;
    }
    try {
      const t = performance.now();
      entry.handle.update?.();
      (app.timings.updates ??= {})[name] = performance.now() - t;
    } catch (err) {
      viewError($(`view-${name}`), name, err);
      entry.failed = true;
    }
  }

  const detailRoot = $("detail");
  let detailHandle = null;
  function updateDetail() {
    try {
      if (!detailHandle) detailHandle = detail.render(detailRoot, app) ?? {};
      else detailHandle.update?.();
    } catch (err) {
      console.warn("aligngraph: the detail panel failed", err);
      clear(detailRoot).appendChild(
        h("div", { class: "view-error", role: "alert" }, h("button", { type: "button", id: "detail-close", class: "icon-button", "aria-label": "Close the details", text: "×", on: { click: () => app.select(null) } }), h("strong", { text: "The details could not be shown." }), h("p", { text: String(err?.message ?? err) })),
      );
      detailRoot.hidden = app.selected == null;
      detailHandle = null;
    }
  }

  // ---- tabs
  const tabs = [...document.querySelectorAll('nav[aria-label="Views"] [data-view]')];
  function show(name, { focus = false } = {}) {
    if (!VIEWS[name]) name = "overview";
    current = name;
    for (const tab of tabs) {
      const on = tab.dataset.view === name;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      tab.classList.toggle("active", on);
    }
    for (const n of ORDER) $(`view-${n}`).hidden = n !== name;
    if (started) {
      const fresh = !mounted.has(name);
      mount(name);
      if (!fresh && stale.has(name)) updateView(name);
      stale.delete(name);
    }
    updateExportButtons();
    try {
      history.replaceState(null, "", `#view=${name}`);
    } catch {
      // file:// or sandboxed: the tab is just not remembered in the address
    }
    if (focus) tabs.find((t) => t.dataset.view === name)?.focus();
  }
  for (const tab of tabs) {
    tab.addEventListener("click", () => show(tab.dataset.view));
    tab.addEventListener("keydown", (e) => {
      const i = tabs.indexOf(tab);
      let j = null;
      if (e.key === "ArrowRight") j = (i + 1) % tabs.length;
      else if (e.key === "ArrowLeft") j = (i - 1 + tabs.length) % tabs.length;
      else if (e.key === "Home") j = 0;
      else if (e.key === "End") j = tabs.length - 1;
      if (j != null) {
        e.preventDefault();
        show(tabs[j].dataset.view, { focus: true });
      }
    });
  }

  app.showView = (name) => show(name, { focus: true });
  /** Opens the import summary again (after it was dismissed) on the overview. */
  app.showImportSummary = () => {
    if (!app.importInfo) return;
    app.importInfo.dismissed = false;
    show("overview");
    app.emit("import-summary");
    document.getElementById("import-summary")?.scrollIntoView?.({ block: "nearest" });
    document.getElementById("import-summary-close")?.focus();
  };

  function updateTabBadges() {
    const tab = $("tab-diagnostics");
    const n = (app.report?.diagnostics ?? []).length + (app.rejected?.diagnostics?.length ?? 0);
    let badge = tab.querySelector(".badge");
    if (!badge) {
      badge = h("span", { class: "badge" });
      tab.appendChild(badge);
    }
    badge.textContent = n ? String(n) : "";
    badge.hidden = !n;
    badge.setAttribute("aria-label", n ? `${n} diagnostics` : "");
    badge.classList.toggle("error", Boolean(app.rejected) || (app.report?.diagnostics ?? []).some((d) => d.severity === "error"));
  }

  // ---- header
  function setMeta() {
    $("model-name").textContent = app.modelName;
    document.title = `${app.modelName} · aligngraph`;
    const f = app.format;
    const o = app.origin ?? {};
    const src =
      o.source === "demo"
        ? "built-in demo"
        : o.source === "embedded"
          ? "model in this file"
          : o.source === "edited"
            ? "edited in this browser"
            : o.fileName
            ? `imported from ${o.fileName}${o.format && o.format !== "json" ? ` (${formatLabel(o.format)})` : ""}`
            : "imported model";
    const parts = [`${f.count(app.engine.nodeCount)} nodes`, `${f.count(app.engine.edgeCount)} edges`];
    if (app.engine.currency) parts.push(app.engine.currency);
    parts.push(src + (o.restored ? ", restored" : ""));
    $("model-meta").textContent = parts.join(" · ");
  }

  // ---- re-scores
  app.on("scored", () => {
    // Every view is brought up to date at once; for large models only the visible one, the others
    // when they are shown (or printed).
    const lazy = app.engine.nodeCount > EAGER_MOUNT_LIMIT;
    for (const name of mounted.keys()) {
      if (lazy && name !== current) stale.add(name);
      else {
        stale.delete(name);
        updateView(name);
      }
    }
    if (app.selected != null || detailHandle) updateDetail();
    updateTabBadges();
    updateExportButtons();
    if (started) store.saveWhatIf(app.whatIf());
  });
  app.on("select", () => updateDetail());
  app.on("edited", () => {
    // The working model changed in the page (goal weights, scenarios): keep its text, so a reload
    // restores the change; an import keeps its summary.
    const text = app.engine.modelJson();
    const prior = app.origin ?? {};
    if (prior.source !== "import") app.origin = { ...prior, source: "edited" };
    setMeta();
    store.saveModel({
      source: prior.source === "import" ? "import" : "edited",
      text,
      fileName: prior.fileName ?? null,
      name: app.modelName,
      import: app.importInfo ? { summary: app.importInfo.summary, mappingName: app.importInfo.mappingName ?? null } : null,
    });
  });

  // ---- import
  let importing = false;
  /** The model files of the latest successful import (in memory only), for a mapping dropped alone. */
  let lastImport = null;

  /**
   * Imports picked or dropped files (File objects): a model in any format the engine reads, Archi's
   * three CSV files or nodes.csv + edges.csv together, and optionally a mapping file with them.
   */
  async function importFiles(fileList) {
    if (importing) {
      app.notify("Still opening the previous file; try again in a moment.");
      return;
    }
    importing = true;
    try {
      await importFilesNow(fileList);
    } finally {
      importing = false;
    }
  }

  async function importFilesNow(fileList) {
    let entries;
    try {
      entries = await Promise.all(fileList.map(async (file) => ({ name: file.name, bytes: await readFileBytes(file) })));
    } catch (err) {
      app.notify(`Could not read ${fileList.map((f) => f.name).join(", ")}: ${err?.message ?? err}`, { error: true });
      return;
    }
    const sorted = sortImportFiles(entries);
    if (sorted.error) {
      app.notify(`Nothing was opened: ${sorted.error}`, { error: true });
      return;
    }
    let { models, label } = sorted;
    const mapping = sorted.mapping;
    if (!models.length) {
      if (!mapping || !lastImport) {
        app.notify(
          `${mapping?.name ?? "That file"} is a mapping file: drop it together with the model it maps (for example model.archimate and ${mapping?.name ?? "map.json"}).`,
          { error: true },
        );
        return;
      }
      // A mapping alone: import the latest model files again with it.
      models = lastImport.models;
      label = lastImport.label;
    }
    const pending = app.whatIf();
    if (pending.length) {
      const ok = await confirmDialog({
        title: "Replace the working model?",
        message: `You have ${pending.length} what-if change${pending.length === 1 ? "" : "s"} on ${app.modelName}. Opening ${label} replaces the model and drops them. Export the model or the report first if you want to keep a copy.`,
        ok: `Open ${label.length > 40 ? "the files" : label}`,
        cancel: "Keep my work",
      });
      if (!ok) {
        app.notify(`Kept ${app.modelName} and your what-if changes; ${label} was not opened.`);
        return;
      }
    }
    app.notify(`Opening ${label}…`);
    // Let the status line paint before the engine works through a large model.
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    let result;
    try {
      result = app.engine.importFiles(models, mapping?.text ?? undefined);
    } catch (err) {
      const diags = err?.diagnostics ?? [];
      if (diags.length) {
        const errors = diags.filter((d) => d.severity === "error");
        const what = err.code === "INVALID_MAPPING" ? `${mapping?.name ?? "the mapping file"} (mapping)` : label;
        app.rejected = { fileName: what, diagnostics: diags };
        for (const t of pending) {
          try {
            app.engine.setActive(t.id, t.active);
          } catch {
            // an initiative the kept model no longer has
          }
        }
        app.refresh();
        app.notify(
          `Could not open ${what}: ${app.format.count(errors.length)} error${errors.length === 1 ? "" : "s"}. ${app.modelName} is still loaded.`,
          { error: true, details: errors.length ? errors : diags },
        );
      } else {
        app.notify(`Could not open ${label}: ${err?.message ?? err}`, { error: true });
      }
      return;
    }
    lastImport = { models, label };
    const summary = result?.summary ?? null;
    app.rejected = null;
    app.select(null);
    app.importInfo =
      summary && summary.format !== "json"
        ? { summary, fileName: label, mappingName: mapping?.name ?? null, dismissed: false, restored: false }
        : null;
    app.loaded({ source: "import", fileName: label, format: summary?.format ?? null });
    setMeta();
    let text = null;
    try {
      text = app.engine.modelJson();
    } catch {
      text = null;
    }
    if (text != null) {
      store.saveModel({ source: "import", text, fileName: label, name: app.modelName, import: app.importInfo ? { summary, mappingName: mapping?.name ?? null } : null });
    }
    if (app.importInfo) {
      app.notify(`Imported ${summaryStatus(app.importInfo, app.format)}${warningsNote(app)}`);
      if (current !== "overview") show("overview");
    } else {
      app.notify(`Loaded ${summaryLine(app)}${warningsNote(app)}`);
    }
  }
  app.importFiles = importFiles;

  /** Back to the model of the file (embedded) or the demo, asking first when there is work to lose. */
  async function startOver() {
    const pending = app.whatIf();
    const fromFile = Boolean(embedded);
    const target = fromFile ? "the model in this file" : "the demo portfolio";
    if (pending.length || app.origin?.source === "import" || app.origin?.source === "edited") {
      const ok = await confirmDialog({
        title: "Start over?",
        message: `This replaces ${app.modelName}${pending.length ? ` and its ${pending.length} what-if change${pending.length === 1 ? "" : "s"}` : ""} with ${target}. Export the model first if you want to keep a copy.`,
        ok: "Start over",
        cancel: "Keep my work",
      });
      if (!ok) return;
    }
    try {
      if (fromFile) app.engine.load(embedded);
      else app.engine.loadDemo();
    } catch (err) {
      app.notify(`Could not load ${target}: ${err?.message ?? err}`, { error: true, details: err?.diagnostics });
      return;
    }
    app.rejected = null;
    app.importInfo = null;
    lastImport = null;
    app.select(null);
    app.loaded({ source: fromFile ? "embedded" : "demo" });
    setMeta();
    store.saveModel({ source: fromFile ? "embedded" : "demo", name: app.modelName });
    app.notify(`Loaded ${summaryLine(app)}${warningsNote(app)}`);
  }
  app.startOver = startOver;

  wireImport({ input: $("import-file"), target: document, overlay: $("drop-overlay"), onFiles: importFiles });
  $("import-button").addEventListener("click", () => $("import-file").click());

  // ---- export
  const stem = () => fileStem(app.modelName);
  function guardedExport(label, fn) {
    return async () => {
      try {
        await fn();
      } catch (err) {
        app.notify(`${label} failed: ${err?.message ?? err}`, { error: true });
      }
    };
  }
  function currentPicture() {
    const entry = mounted.get(current);
    let svg = null;
    try {
      svg = entry?.handle?.svg?.() ?? null;
    } catch {
      svg = null;
    }
    if (svg) return { svg };
    const canvas = $(`view-${current}`)?.querySelector("canvas");
    return canvas ? { canvas } : null;
  }
  function updateExportButtons() {
    const entry = mounted.get(current);
    const hasSvg = Boolean(entry?.handle?.svg) || current === "graph";
    for (const id of ["export-svg", "export-png"]) {
      const b = $(id);
      b.disabled = !hasSvg;
      b.title = hasSvg ? `The current view as ${id === "export-svg" ? "SVG" : "PNG"}` : "This view has no picture to save";
    }
  }
  // On-page charts keep the theme's background; pictures built for export have dark text on white.
  const background = (svg) => (svg?.isConnected ? getComputedStyle(document.body).backgroundColor || "#ffffff" : "#ffffff");
  $("export-model-json").addEventListener(
    "click",
    guardedExport("Export of the model", () => {
      download(`${stem()}.json`, app.engine.modelJson(), "application/json");
      app.notify(`Saved the model as ${stem()}.json (what-if changes are not written into it).`);
    }),
  );
  $("export-report-json").addEventListener(
    "click",
    guardedExport("Export of the report", () => {
      download(`${stem()}-report.json`, app.engine.reportJson(), "application/json");
      app.notify(`Saved the report as ${stem()}-report.json.`);
    }),
  );
  $("export-report-csv").addEventListener(
    "click",
    guardedExport("Export of the scores", () => {
      download(`${stem()}-scores.csv`, app.engine.scoresCsv(), "text/csv");
      app.notify(`Saved the scores as ${stem()}-scores.csv.`);
    }),
  );
  $("export-svg").addEventListener(
    "click",
    guardedExport("Export as SVG", () => {
      const pic = currentPicture();
      if (!pic?.svg) throw new Error("this view has no vector picture");
      const name = `${stem()}-${current}.svg`;
      download(name, svgText(pic.svg, { background: background(pic.svg), title: `${app.modelName}: ${VIEWS[current].title}` }), "image/svg+xml");
      app.notify(`Saved ${name}.`);
    }),
  );
  $("export-png").addEventListener(
    "click",
    guardedExport("Export as PNG", async () => {
      const pic = currentPicture();
      if (!pic) throw new Error("this view has no picture");
      const blob = pic.svg ? await svgToPng(pic.svg, { background: background(pic.svg) }) : await canvasToPng(pic.canvas);
      const name = `${stem()}-${current}.png`;
      download(name, blob, "image/png");
      app.notify(`Saved ${name}.`);
    }),
  );

  // The engine's export formats: one or more files ({name, mime, text}) each, downloaded one after another.
  const engineExportName = (file, format) => {
    const ext = /\.[a-z0-9]+$/i.exec(file.name)?.[0] ?? "";
    // The CSV set keeps the names its import looks for (nodes.csv, edges.csv) and scores.csv.
    if (format === "csv") return file.name;
    return `${stem()}${ext || ".txt"}`;
  };
  for (const fmt of EXPORT_FORMATS) {
    const button = $(fmt.id);
    if (!button) continue;
    button.addEventListener(
      "click",
      guardedExport(`Export as ${fmt.label}`, async () => {
        const files = app.engine.exportAs(fmt.format);
        const names = [];
        for (const [i, file] of files.entries()) {
          // A short pause between several downloads: browsers take them one at a time.
          if (i) await new Promise((r) => setTimeout(r, 200));
          const name = engineExportName(file, fmt.format);
          download(name, file.text, file.mime || "text/plain");
          names.push(name);
        }
        app.notify(`Saved ${fmt.label}: ${names.join(", ")}${app.whatIf().length ? " (scores with your what-if changes)" : ""}.`);
      }),
    );
  }
  wireMenu($("export-menu-button"), $("export-menu"));

  // ---- theme, print, keyboard
  $("theme-toggle").addEventListener("click", () => {
    const next = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
    try {
      localStorage.setItem(THEME_KEY, next);
    } catch {
      // not remembered
    }
    applyTheme(next, app);
  });
  window.matchMedia?.("(prefers-color-scheme: dark)").addEventListener?.("change", () => {
    if (!storedTheme()) applyTheme(systemTheme(), app);
  });

  function mountAll() {
    for (const name of ORDER) {
      const fresh = !mounted.has(name);
      mount(name);
      if (!fresh && stale.has(name)) updateView(name);
      stale.delete(name);
    }
  }
  window.addEventListener("beforeprint", () => {
    if (started) mountAll();
  });
  $("print-button").addEventListener("click", () => {
    mountAll();
    window.print();
  });

  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && app.selected != null && !$("confirm-dialog").open && !e.defaultPrevented) {
      const inDetail = detailRoot.contains(document.activeElement);
      app.select(null);
      if (inDetail) $("view").focus();
    }
  });

  function start() {
    started = true;
    $("loading")?.remove();
    const fromHash = /view=(\w+)/.exec(location.hash)?.[1];
    show(fromHash && VIEWS[fromHash] ? fromHash : "overview");
    updateTabBadges();
    updateDetail();
    // Render the other views while the browser is idle, so switching tabs is instant.
    if (app.engine.nodeCount <= EAGER_MOUNT_LIMIT) {
      const idle = window.requestIdleCallback ?? ((fn) => setTimeout(fn, 30));
      const rest = ORDER.filter((n) => n !== current);
      const next = () => {
        const name = rest.shift();
        if (!name) return;
        if (!mounted.has(name)) mount(name);
        idle(next);
      };
      idle(next);
    }
    store.saveWhatIf(app.whatIf());
  }

  return { start, setMeta, show, startOver };
}

start().catch((err) => fatal("The dashboard could not start.", err));
