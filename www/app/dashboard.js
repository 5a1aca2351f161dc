// One dashboard: the chrome (shell.js), the App, the views mounted into their sections, the detail
// panel, the status line, the toolbar (session.js: import and start over; exports.js: downloads) and
// the theme. Everything it touches lives inside `root`, so the page can hold one in its body and any
// other page several, each inside an element's shadow root.

import "../styles/tokens.css";
import "../styles/base.css";
import "../styles/shell.css";
import * as overview from "../views/overview/index.js";
import * as graph from "../views/graph/index.js";
import * as matrix from "../views/matrix/index.js";
import * as portfolio from "../views/portfolio/index.js";
import * as capabilities from "../views/capabilities/index.js";
import * as applications from "../views/applications/index.js";
import * as money from "../views/money/index.js";
import * as operations from "../views/operations/index.js";
import * as people from "../views/people/index.js";
import * as threats from "../views/threats/index.js";
import * as whatif from "../views/whatif/index.js";
import * as weights from "../views/weights/index.js";
import * as priorities from "../views/priorities/index.js";
import * as budget from "../views/budget/index.js";
import * as roadmap from "../views/roadmap/index.js";
import * as simulation from "../views/simulation/index.js";
import * as scenarios from "../views/scenarios/index.js";
import * as diagnostics from "../views/diagnostics/index.js";
import * as detail from "../views/detail/index.js";
import "../styles/print.css";
import { mountLoadProgress } from "../widgets/load-progress.js";
import { App, VIEW_NAMES } from "./state.js";
import { buildShell, VIEW_TITLES } from "./shell.js";
import { createSession } from "./session.js";
import { wireExports } from "./exports.js";
import { wireEditing } from "./edit-ui.js";
import { themeFor } from "./theme.js";
import { h, clear } from "../lib/dom.js";
import { describePlace } from "../lib/io.js";
import { primeFormatting } from "../lib/format.js";

/** Every view module: `title` and `mount(root, app)` returning `{update?, destroy?, svg?}`. */
export const VIEWS = { overview, graph, matrix, portfolio, capabilities, applications, money, operations, people, threats, whatif, weights, priorities, budget, roadmap, simulation, scenarios, diagnostics };

/** Nodes above which views are rendered only when first shown (and brought up to date when shown). */
const EAGER_MOUNT_LIMIT = 5000;

/**
 * Mounts a dashboard into `root` (an element, emptied first) and loads its first model.
 *
 * Options: `engine` (an Engine), `wasmModule` (the compiled module, for the simulation worker),
 * `store` (lib/store.js, autosave), `embedded` (model text shipped with the page, or null),
 * `model` (model text that replaces it for this dashboard only), `config` ({view, focus, readonly,
 * title, whatif: [{id, active}]}), `theme` ("light" | "dark" | "auto"), `dropTarget` (where files may
 * be dropped; the root by default), `page` (true: the dashboard is the document: it names the
 * document's title), `t0` (the page's start, for timings).
 *
 * Resolves to the controller `{app, root, show(name), destroy()}` after the first render.
 */
export async function mountDashboard(root, opts) {
  const { engine, wasmModule = null, store, embedded = null, config = {}, page = false } = opts;
  const t0 = opts.t0 ?? performance.now();
  root.classList.add("ag-root");
  const $ = buildShell(root);
  const app = new App(engine, { readonly: config.readonly, wasmModule, title: config.title ?? null });
  app.timings.wasm = opts.wasmMs ?? null;
  const cleanups = [];
  const listen = (target, type, fn, options) => {
    target.addEventListener(type, fn, options);
    cleanups.push(() => target.removeEventListener(type, fn, options));
  };

  // ---- theme
  // The root carries the theme the App has (the tokens follow data-theme).
  root.dataset.theme = themeFor(opts.theme ?? "auto", root);
  app.setTheme(root.dataset.theme);
  cleanups.push(app.on("theme", (t) => (root.dataset.theme = t)));

  // ---- status line, and the progress of a model being read
  const status = $("status");
  cleanups.push(mountLoadProgress(status, app).destroy);
  cleanups.push(
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
    }),
  );

  // ---- views
  const mounted = new Map(); // name -> {handle, failed}
  const stale = new Set(); // hidden views brought up to date when idle (large models: when shown)
  let current = null;
  let started = false;
  const idle = globalThis.requestIdleCallback ?? ((fn) => setTimeout(fn, 30));
  let refreshing = false;
  function refreshWhenIdle() {
    if (refreshing) return;
    refreshing = true;
    const next = () => {
      const name = [...stale].find((n) => n !== current && mounted.has(n));
      if (!name || !started) {
        refreshing = false;
        return;
      }
      stale.delete(name);
      updateView(name);
      idle(next);
    };
    idle(next);
  }

  function viewError(section, name, err) {
    console.warn(`aligngraph: the ${name} view failed`, err);
    clear(section).appendChild(
      h(
        "div",
        { class: "view-error", role: "alert" },
        h("strong", { text: `${VIEW_TITLES[name] ?? name} could not be shown.` }),
        h("p", { text: String(err?.message ?? err) }),
        h("p", { class: "muted", text: "The other views still work. Try another model or reload the page." }),
      ),
    );
  }

  function mount(name) {
    if (mounted.has(name) && !mounted.get(name).failed) return mounted.get(name);
    mounted.get(name)?.handle?.destroy?.();
    const section = $(`view-${name}`);
    let entry;
    try {
      clear(section);
      const handle = VIEWS[name].mount(section, app) ?? {};
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
      if (!detailHandle) detailHandle = detail.mount(detailRoot, app) ?? {};
      else detailHandle.update?.();
    } catch (err) {
      console.warn("aligngraph: the detail panel failed", err);
      clear(detailRoot).appendChild(
        h(
          "div",
          { class: "view-error", role: "alert" },
          h("button", { type: "button", id: "detail-close", class: "icon-button", "aria-label": "Close the details", text: "×", on: { click: () => app.select(null) } }),
          h("strong", { text: "The details could not be shown." }),
          h("p", { text: String(err?.message ?? err) }),
        ),
      );
      detailRoot.hidden = app.selected == null;
      detailHandle = null;
    }
    root.classList.toggle("has-detail", app.selected != null);
  }

  // ---- tabs
  const tabs = [...root.querySelectorAll('nav[aria-label="Views"] [data-view]')];
  function show(name, { focus = false } = {}) {
    if (!VIEWS[name]) name = "overview";
    current = name;
    for (const tab of tabs) {
      const on = tab.dataset.view === name;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      tab.classList.toggle("active", on);
    }
    for (const n of VIEW_NAMES) $(`view-${n}`).hidden = n !== name;
    if (started) {
      const fresh = !mounted.has(name);
      mount(name);
      if (!fresh && stale.has(name)) updateView(name);
      stale.delete(name);
    }
    exportsUi.update();
    if (focus) tabs.find((t) => t.dataset.view === name)?.focus();
    // Tells the other listeners (deep links, a host page); ours sees the view is already shown.
    if (app.view !== name) app.showView(name);
  }
  cleanups.push(app.on("view", (name) => name !== current && show(name)));
  cleanups.push(
    app.on("import-summary", (type) => queueMicrotask(() => {
      // After the overview drew the summary again: one type's row (a diagnostic's link) marked and
      // focused; else the summary's close button.
      const rows = type ? [...root.querySelectorAll('#import-summary [data-table="elements"] tr[data-type]')] : [];
      const row = rows.find((r) => r.dataset.type === type);
      for (const r of root.querySelectorAll("#import-summary tr.chosen")) r.classList.remove("chosen");
      if (row) {
        row.classList.add("chosen");
        row.tabIndex = -1;
        row.scrollIntoView?.({ block: "center" });
        row.focus();
        return;
      }
      root.querySelector("#import-summary")?.scrollIntoView?.({ block: "nearest" });
      root.querySelector("#import-summary-close")?.focus();
    })),
  );
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
    const heading = app.title ?? app.modelName;
    $("model-name").textContent = heading;
    if (page) root.ownerDocument.title = `${heading} · aligngraph`;
    $("model-meta").textContent = sessionUi.metaLine();
  }

  // ---- toolbar: import, start over, exports, theme, print
  const sessionUi = createSession(app, {
    $,
    root,
    store,
    embedded,
    model: opts.model ?? null,
    dropTarget: opts.dropTarget ?? root,
    show,
    exportModel: () => exportsUi.exportModel(),
  });
  const exportsUi = wireExports(app, { $, root, current: () => current, picture: () => mounted.get(current)?.handle });
  cleanups.push(() => exportsUi.destroy());
  cleanups.push(wireEditing(app, { $, root }));

  $("theme-toggle").addEventListener("click", () => {
    const next = app.theme === "dark" ? "light" : "dark";
    app.setTheme(next);
    opts.onThemeToggle?.(next);
  });
  const updateThemeButton = (theme) => {
    const btn = $("theme-toggle");
    btn.setAttribute("aria-pressed", String(theme === "dark"));
    btn.textContent = theme === "dark" ? "Light" : "Dark";
    btn.setAttribute("aria-label", theme === "dark" ? "Switch to the light theme" : "Switch to the dark theme");
  };
  updateThemeButton(app.theme);
  cleanups.push(app.on("theme", updateThemeButton));

  function mountAll() {
    for (const name of VIEW_NAMES) {
      const fresh = !mounted.has(name);
      mount(name);
      if (!fresh && stale.has(name)) updateView(name);
      stale.delete(name);
    }
  }
  // The board pack: every view, and under the title who printed what and when (the page's date).
  function preparePrint() {
    const date = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric" }).format(new Date());
    $("print-meta").textContent = [app.title ? app.modelName : null, "Board pack", `printed ${date}`].filter(Boolean).join(" · ");
    if (started) mountAll();
  }
  listen(globalThis, "beforeprint", preparePrint);
  $("print-button").addEventListener("click", () => {
    preparePrint();
    globalThis.print();
  });
  listen(root, "keydown", (e) => {
    if (e.key === "Escape" && app.selected != null && !$("confirm-dialog").open && !$("add-node-dialog").open && !e.defaultPrevented) {
      const active = root.getRootNode().activeElement;
      const inDetail = detailRoot.contains(active);
      app.select(null);
      if (inDetail) $("view").focus();
    }
  });

  // ---- re-scores
  cleanups.push(
    app.on("scored", () => {
      // The visible view is brought up to date at once; the others while the browser is idle, one
      // at a time (for large models only when they are shown or printed).
      for (const name of mounted.keys()) {
        if (name !== current) stale.add(name);
        else {
          stale.delete(name);
          updateView(name);
        }
      }
      if (app.engine.nodeCount <= EAGER_MOUNT_LIMIT) refreshWhenIdle();
      if (app.selected != null || detailHandle) updateDetail();
      updateTabBadges();
      exportsUi.update();
    }),
  );
  cleanups.push(app.on("select", () => updateDetail()));
  cleanups.push(app.on("loaded", () => setMeta()));
  cleanups.push(app.on("edited", () => setMeta()));

  // ---- first model, first render
  const reading = sessionUi.loadInitial();
  // While the worker reads it (its request is out: loadInitial is waiting for the store).
  primeFormatting();
  await reading;
  app.timings.load = performance.now() - t0;
  started = true;
  $("loading")?.remove();
  if (config.whatif?.length) await app.setWhatIf(config.whatif, { reset: false, record: false });
  for (const [name, text] of Object.entries(config.filters ?? {})) app.setFilter(name, text);
  show(VIEWS[config.view] ? config.view : "overview");
  if (config.focus != null) app.select(config.focus);
  updateTabBadges();
  updateDetail();
  // Render the other views while the browser is idle, so switching tabs is instant.
  if (app.engine.nodeCount <= EAGER_MOUNT_LIMIT) {
    const rest = VIEW_NAMES.filter((n) => n !== current);
    const next = () => {
      const name = rest.shift();
      if (!name || !started) return;
      if (!mounted.has(name)) mount(name);
      idle(next);
    };
    idle(next);
  }
  sessionUi.started();
  app.timings.firstRender = performance.now() - t0;

  return {
    app,
    root,
    session: sessionUi,
    show: (name) => show(name),
    exportSvg: () => exportsUi.svgOfCurrent(),
    exportPng: () => exportsUi.pngOfCurrent(),
    destroy() {
      started = false;
      for (const { handle } of mounted.values()) {
        try {
          handle.destroy?.();
        } catch (err) {
          console.warn("aligngraph: a view failed to close", err);
        }
      }
      detailHandle?.destroy?.();
      app.simulationWorker?.terminate?.();
      for (const fn of cleanups.splice(0)) fn();
      sessionUi.destroy();
      root.replaceChildren();
    },
  };
}
