// <aligngraph-dashboard>: the dashboard as a custom element, for portals and intranet pages. Each
// element has its own shadow root (the host page's styles do not reach in, the dashboard's do not
// leak out), its own Engine and its own in-memory session; every element on a page shares the one
// compiled Wasm module. Attributes, methods and events: docs/embedding.md.
//
//   <aligngraph-dashboard src="portfolio.json" view="matrix" theme="dark"></aligngraph-dashboard>
//   <aligngraph-dashboard readonly whatif="ini-3 ini-7">
//     <script type="application/json">{"nodes": [...], "edges": [...]}</script>
//   </aligngraph-dashboard>

import css from "aligngraph-css";
import wasmSource from "aligngraph-wasm-source";
import { startEngine, bytesFromText } from "./engine.js";
import { createEngineHost } from "./engine-host.js";
import engineWorkerSource from "engine-worker-source";
import { mountDashboard } from "./dashboard.js";
import { themeFor } from "./theme.js";
import { openStore } from "../lib/store.js";

const HOST_CSS = `:host{display:block;position:relative;overflow:auto;contain:content;min-height:320px}:host([hidden]){display:none}.ag-root{min-height:100%}`;

let sheet = null;
/** One constructed stylesheet shared by every element (a CSP does not govern constructed sheets). */
function styleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(`${HOST_CSS}\n${css}`);
  }
  return sheet;
}

/** Where the engine's bytes come from: inlined in this script, else the .wasm beside it. */
function engineSource() {
  if (wasmSource?.text) return { bytes: bytesFromText(wasmSource.text, wasmSource.encoding ?? null) };
  return { url: new URL("./aligngraph_bg.wasm", import.meta.url) };
}

/** The `whatif` attribute (initiative ids switched off, separated by spaces or commas) as toggles. */
export function parseWhatIf(value) {
  return String(value ?? "")
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((id) => ({ id, active: false }));
}

let counter = 0;

export class AligngraphDashboard extends HTMLElement {
  static observedAttributes = ["src", "view", "focus", "theme", "readonly", "whatif"];

  constructor() {
    super();
    this._shadow = this.attachShadow({ mode: "open" });
    this._shadow.adoptedStyleSheets = [styleSheet()];
    this._controller = null;
    this._starting = null;
    this._id = ++counter;
  }

  connectedCallback() {
    if (!this._starting) this._starting = this._start();
  }

  disconnectedCallback() {
    // Moved within the page: connectedCallback comes right after; removed: free the engine.
    queueMicrotask(() => {
      if (this.isConnected || !this._controller) return;
      this._controller.destroy();
      this._controller.app.engine.free?.();
      this._controller = null;
      this._starting = null;
    });
  }

  /** The dashboard's App once it is ready (null before). */
  get app() {
    return this._controller?.app ?? null;
  }

  /** Resolves when the dashboard shows its first model (the `ready` event). */
  get ready() {
    return this._starting ?? Promise.resolve();
  }

  async _modelText() {
    const src = this.getAttribute("src");
    if (src) {
      const url = new URL(src, this.ownerDocument.baseURI);
      if (url.origin !== this.ownerDocument.location.origin && url.protocol !== "data:") {
        throw Object.assign(new Error(`src ${src}: only models from this page's own origin are read`), { code: "INVALID_ARGUMENT" });
      }
      const res = await fetch(url);
      if (!res.ok) throw Object.assign(new Error(`src ${src}: HTTP ${res.status}`), { code: "LOAD_FAILED" });
      return res.text();
    }
    const inline = this.querySelector(':scope > script[type="application/json"]');
    return inline ? inline.textContent : null;
  }

  _error(err) {
    this.dispatchEvent(new CustomEvent("error", { detail: { code: err?.code ?? "ERROR", message: String(err?.message ?? err) } }));
  }

  async _start() {
    const root = this.ownerDocument.createElement("div");
    root.className = "ag-root";
    const loading = this.ownerDocument.createElement("p");
    loading.className = "loading";
    loading.textContent = "Loading the engine…";
    root.append(loading);
    this._shadow.replaceChildren(root);
    try {
      const t0 = performance.now();
      const [wasmModule, model] = await Promise.all([startEngine(engineSource()), this._modelText()]);
      const engine = createEngineHost(wasmModule, { workerSource: engineWorkerSource });
      const store = await openStore(`element-${this._id}`, { memory: true });
      const controller = await mountDashboard(root, {
        engine: await engine,
        wasmModule,
        wasmMs: performance.now() - t0,
        store,
        model,
        t0,
        theme: this.getAttribute("theme") ?? "auto",
        dropTarget: this,
        config: {
          view: this.getAttribute("view") ?? undefined,
          focus: this.getAttribute("focus") ?? undefined,
          readonly: this.hasAttribute("readonly"),
          whatif: parseWhatIf(this.getAttribute("whatif")),
        },
      });
      this._controller = controller;
      const { app } = controller;
      app.on("select", (id) => this.dispatchEvent(new CustomEvent("select", { detail: { id } })));
      app.on("scored", (report) => this.dispatchEvent(new CustomEvent("kpis", { detail: { kpis: report?.kpis ?? null } })));
      app.on("status", ({ message, error, details }) => {
        if (error) this._error({ code: details?.[0]?.code ?? "ERROR", message });
      });
      this.dispatchEvent(new CustomEvent("ready", { detail: { kpis: app.report?.kpis ?? null } }));
    } catch (err) {
      root.replaceChildren();
      const p = this.ownerDocument.createElement("p");
      p.className = "view-error";
      p.setAttribute("role", "alert");
      p.textContent = `The dashboard could not start: ${err?.message ?? err}`;
      root.append(p);
      this._error(err);
    }
  }

  attributeChangedCallback(name, before, value) {
    const app = this.app;
    if (!app || before === value) return;
    try {
      if (name === "view") app.showView(value ?? "overview");
      else if (name === "focus") app.select(value);
      else if (name === "theme") {
        app.setTheme(themeFor(value ?? "auto", this._controller.root));
      } else if (name === "whatif") app.setWhatIf(parseWhatIf(value)).catch((err) => this._error(err));
      else if (name === "src") this._modelText().then((text) => text != null && this.load(text), (err) => this._error(err));
    } catch (err) {
      this._error(err);
    }
  }

  /** Replaces the model (aligngraph JSON text); throws (and fires `error`) when it does not load. */
  async load(modelText) {
    await this.ready;
    try {
      await this._controller.session.loadGiven(modelText);
    } catch (err) {
      this._error(err);
      throw err;
    }
  }

  /** Re-scores and returns the KPIs. */
  async score() {
    await this.ready;
    this.app.refresh();
    return this.app.report.kpis;
  }

  /** The current view's picture as SVG text (null when the view has none). */
  async exportSvg() {
    await this.ready;
    return this._controller.exportSvg();
  }

  /** The current view's picture as a PNG Blob (null when the view has none). */
  async exportPng() {
    await this.ready;
    return this._controller.exportPng();
  }
}

if (!customElements.get("aligngraph-dashboard")) customElements.define("aligngraph-dashboard", AligngraphDashboard);
