// The strategy graph's state and its wiring: colour mode, search, selection and the two-hop focus, the
// summary, legend, key and table that follow them, the groups of an aggregated model, the model's
// (re)builds, and the app's events ("select", "scored", "theme"). Everything it reads comes through the
// App (ids, names, kinds, scores, which nodes are active and the promise of the graph's layout and
// edges), never the engine.

import { hideTooltip, fillTooltip, placeTooltip } from "./tooltip.js";
import { buildScene, sceneData, aggregate, placeGroups, neighbourhood, neighbourInDirection, maskBox, searchScene } from "./scene.js";
import { colorMode, colorDomain, computeColors, readScores, readTheme } from "./colors.js";
import { fitBox } from "./gestures.js";
import { ariaSummary, nodeLabel, summaryText, matchText, formatCount as int } from "./node-info.js";
import { drawLegend, drawKey, appendExportLegend } from "./legend.js";
import { createTable } from "./table.js";
import { createChart } from "./chart.js";
import { AGGREGATE_MIN_NODES } from "./aggregate.js";
import { nextTask } from "../../lib/dom.js";

/**
 * The graph in `section` with the controls `ui` (controls.js). `persisted` is what survives switching
 * tabs (colour mode, focus toggle, search, zoom of the same model); `uid` makes ids unique per mount.
 */
export function createController(section, app, ui, persisted, uid) {
  const { chart: chartEl, tooltip, search, colorSel, focusBtn } = ui;
  let sig = null;
  // the graphData() promise the current scene was (or is being) built from, and the build under way
  let source = null;
  let buildToken = 0;
  let searchTimer = 0;
  let lastReport = null;
  let pendingScored = false;

  const chart = createChart(section, app, ui, persisted, () => sig, {
    build: () => build(),
    enter: () => {
      if (!view.matches.length) return false;
      selectNode(view.matches[0]);
      return true;
    },
  });
  const { state, view, gestures, redraw } = chart;
  Object.assign(view, {
    hover: (i, e) => showTooltip(i, e),
    activate: (i) => selectNode(i),
    keyboardFocus: (i) => {
      view.keyboardIndex = i;
      if (i >= 0) {
        gestures.ensureVisible(i);
        showTooltip(i, null);
      } else hideTooltip(tooltip);
      redraw();
    },
    neighbourInDirection: (i, dir) => neighbourInDirection(state.scene, i, dir),
    nodeLabel: (i) => nodeLabel(state.scene, i),
    ariaSummary: () => ariaSummary(state.scene, modeOf()),
    colorValue: () => colorSel.value,
    toggleGroup: (g) => toggleGroup(g),
    focusGroup: (g) => {
      const b = state.scene?.agg?.boxes;
      if (b) gestures.ensureBoxVisible(b[g * 4], b[g * 4 + 1], b[g * 4 + 2], b[g * 4 + 3]);
      redraw();
    },
  });

  const table = createTable(
    section,
    `graph-table-${uid}`,
    () => ({ scene: state.scene, app, query: search.value.trim(), nodes: search.value.trim() ? view.matches : visibleOrder() }),
    (i) => {
      if (state.scene) selectNode(i);
    },
  );
  ui.add(table.element);

  const modeOf = () => colorMode(colorSel.value);

  /** The model drawn: its size, name and a few ids (the same model keeps its zoom and groups). */
  function modelSignature() {
    let ids;
    try {
      ids = app.ids();
    } catch {
      return "";
    }
    const n = ids.length;
    return `${n}|${app.modelName ?? ""}|${ids[0] ?? ""}|${ids[n >> 1] ?? ""}|${ids[n - 1] ?? ""}`;
  }

  /** The table's rows without a search: reading order, only the nodes drawn (not inside closed groups). */
  function visibleOrder() {
    const scene = state.scene;
    if (!scene) return [];
    if (!scene.agg) return scene.order;
    return scene.order.filter((i) => !scene.hidden[i]);
  }

  // --- groups of an aggregated model ------------------------------------------------------------
  /** Expands or collapses group g; an expanded group is brought into view. */
  function toggleGroup(g, { fit = true } = {}) {
    const scene = state.scene;
    if (!scene?.agg) return;
    const group = scene.agg.grouping.groups[g];
    const open = !scene.agg.open[g];
    if (open) scene.agg.expanded.add(group.key);
    else scene.agg.expanded.delete(group.key);
    relayoutGroups();
    if (open && fit) {
      const b = scene.agg.boxes;
      gestures.setTransform(fitBox({ x0: b[g * 4] - 20, y0: b[g * 4 + 1] - 20, x1: b[g * 4 + 2] + 20, y1: b[g * 4 + 3] + 20 }, state.width, state.height, gestures.kMax()), false);
    }
    const text = `${group.title}: ${open ? "expanded" : "collapsed"} (${int(group.members.length)} nodes).`;
    ui.focusStatus.textContent = text;
  }

  function relayoutGroups() {
    const scene = state.scene;
    placeGroups(scene, state.width, state.height);
    state.renderer.relayout();
    gestures.setExtents();
    updateSummary();
    table.fill();
    redraw();
  }

  function collapseAll() {
    const scene = state.scene;
    if (!scene?.agg || !scene.agg.expanded.size) return;
    scene.agg.expanded.clear();
    relayoutGroups();
    chart.fitAll();
    ui.focusStatus.textContent = "Every group collapsed.";
  }

  // --- colours, legend, summary ------------------------------------------------------------------
  function recolorScene() {
    computeColors(state.scene, colorSel.value, view.theme);
  }

  function drawLegends() {
    drawLegend(ui.legend, modeOf(), colorDomain(state.scene, colorSel.value), view.theme, `graph-legend-gradient-${uid}`);
  }

  function updateSummary() {
    if (!state.scene) return;
    ui.summary.textContent = summaryText(state.scene, modeOf());
    state.renderer?.setAriaLabel(view.ariaSummary());
    const agg = state.scene.agg;
    ui.collapseAll.hidden = !(agg && agg.expanded.size);
  }

  // --- selection, focus, hover -------------------------------------------------------------------
  function selectNode(i) {
    if (i < 0 || !state.scene) return;
    const nodeId = state.scene.ids[i];
    app.select(nodeId);
    // the app echoes "select"; in case it does not, show it now
    if (view.selected !== i) setSelected(nodeId);
  }

  function setSelected(nodeId) {
    const { renderer } = state;
    if (!state.scene) return;
    const i = nodeId == null ? -1 : app.index(nodeId);
    const idx = i === undefined || i === null ? -1 : i;
    if (idx === view.selected) return;
    // a node inside a closed group: its group opens
    if (idx >= 0 && state.scene.agg && state.scene.hidden[idx]) toggleGroup(state.scene.agg.grouping.groupOf[idx], { fit: false });
    view.selected = idx;
    for (const g of renderer?.element?.querySelectorAll?.("g.node[aria-pressed]") || []) g.removeAttribute("aria-pressed");
    if (idx >= 0 && renderer?.nodeElement) renderer.nodeElement(idx)?.setAttribute("aria-pressed", "true");
    if (focusBtn.getAttribute("aria-pressed") === "true") applyFocus(true);
    else {
      if (idx >= 0) gestures.ensureVisible(idx);
      redraw();
    }
  }

  function applyFocus(animate) {
    const scene = state.scene;
    const on = focusBtn.getAttribute("aria-pressed") === "true";
    persisted.focus = on;
    // the pressed state shows without the stylesheet too
    focusBtn.style.boxShadow = on ? "inset 0 0 0 2px var(--accent, #2c59a8)" : "";
    if (on && view.selected >= 0) {
      view.focusMask = neighbourhood(scene, view.selected, 2);
      const { x0, x1, y0, y1, count } = maskBox(scene, view.focusMask);
      ui.focusStatus.textContent = `Focus: ${scene.names[view.selected]} and ${int(count - 1)} neighbours within two steps.`;
      view.focusGeneration++;
      const pad = 20;
      gestures.setTransform(fitBox({ x0: x0 - pad, x1: x1 + pad, y0: y0 - pad, y1: y1 + pad }, state.width, state.height, Math.min(gestures.kMax(), 2.5)), animate);
    } else {
      ui.focusStatus.textContent = on ? "Focus: select a node to see its neighbourhood." : "";
      view.focusMask = null;
      view.focusGeneration++;
    }
    redraw();
  }

  function showTooltip(i, e) {
    const { scene, renderer } = state;
    if (!scene || i < 0) {
      if (view.hovered !== -1) {
        view.hovered = -1;
        if (renderer && !renderer.nodeElement) redraw();
      }
      if (view.keyboardIndex < 0 || i < 0) hideTooltip(tooltip);
      return;
    }
    if (view.hovered !== i) {
      view.hovered = i;
      fillTooltip(tooltip, scene, app, i);
      if (renderer && !renderer.nodeElement) redraw();
    }
    placeTooltip(tooltip, chartEl, scene, i, e, view.transform);
  }

  // --- search ------------------------------------------------------------------------------------
  function runSearch(centre) {
    const { scene, renderer } = state;
    if (!scene) return;
    app.setFilter("graph", search.value);
    const q = search.value.trim();
    view.matches = searchScene(scene, q);
    ui.searchStatus.textContent = matchText(q, view.matches.length);
    if (q && view.matches.length && centre) gestures.centreOn(view.matches[0], true);
    if (renderer?.nodeElement) {
      for (const g of renderer.element.querySelectorAll("g.node.match")) g.classList.remove("match");
      for (const i of view.matches.slice(0, 2000)) renderer.nodeElement(i)?.classList.add("match");
    }
    table.fill();
    redraw();
  }

  // --- building ----------------------------------------------------------------------------------
  function showMessage(text) {
    ui.message.textContent = text;
    ui.message.style.display = "block";
  }

  /**
   * (Re)builds the scene: the graph's layout and edges come as a promise (app.graphData()), so the
   * chart says "Drawing the graph…" meanwhile; a result for a model that is no longer the App's is
   * dropped and the build starts again with the current one.
   */
  async function build() {
    const token = ++buildToken;
    chart.teardown();
    ui.message.style.display = "none";
    let ids;
    try {
      ids = app.ids();
    } catch (err) {
      showMessage(err && err.code === "NO_MODEL" ? "No model loaded." : `The graph could not be drawn: ${err && err.message}`);
      sig = null;
      source = null;
      return;
    }
    if (!ids || !ids.length) {
      showMessage(ids ? "The model has no nodes yet." : "No model loaded.");
      sig = modelSignature();
      source = null;
      ui.legend.replaceChildren();
      ui.key.replaceChildren();
      ui.summary.textContent = "";
      table.clear();
      return;
    }
    chart.startTimer();
    const pending = app.graphData();
    source = pending;
    showMessage("Drawing the graph…");
    let graph;
    try {
      graph = await pending;
    } catch (err) {
      if (token === buildToken && !state.destroyed) showMessage(`The graph could not be drawn: ${err && err.message}`);
      return;
    }
    if (token !== buildToken || state.destroyed) return;
    // the model changed while the data was on its way: build the current one
    if (app.graphData() !== pending) return build();
    chart.lap("data");
    let scene;
    // A large model's scene is made over several tasks (the scene, its groups, then its placing and
    // first drawing), so the page answers between them; a newer build or model wins.
    const stale = () => token !== buildToken || state.destroyed || app.graphData() !== pending;
    const large = ids.length > AGGREGATE_MIN_NODES;
    try {
      scene = buildScene(sceneData(app, graph));
      if (large && (await nextTask(), stale())) return token === buildToken && !state.destroyed ? build() : undefined;
      sig = modelSignature();
      if (aggregate(scene, persisted.groupsSig === sig && persisted.expanded ? persisted.expanded : new Set())) {
        persisted.expanded = scene.agg.expanded;
        persisted.groupsSig = sig;
      }
      chart.lap("scene");
    } catch (err) {
      showMessage(`The graph could not be drawn: ${err && err.message}`);
      return;
    }
    if (large && (await nextTask(), stale())) return token === buildToken && !state.destroyed ? build() : undefined;
    ui.message.style.display = "none";
    readScores(scene, app);
    chart.show(scene);
    recolorScene();
    chart.lap("scores");
    chart.startRenderer();
    drawLegends();
    drawKey(ui.key, scene, view.theme);
    updateSummary();
    const sel = app.selected;
    if (sel != null) setSelected(sel);
    if (search.value.trim()) runSearch(false);
    else table.fill();
    if (persisted.focus) applyFocus(false);
    lastReport = app.report;
    chart.lap("table");
  }

  function refreshScores() {
    const scene = state.scene;
    if (!scene) return;
    readScores(scene, app);
    recolorScene();
    if (view.focusMask && view.selected >= 0) view.focusMask = neighbourhood(scene, view.selected, 2);
    state.renderer.recolor();
    updateSummary();
    table.fill();
    if (view.hovered >= 0) {
      const i = view.hovered;
      view.hovered = -1;
      if (tooltip.style.display !== "none") showTooltip(i, null);
    }
  }

  function update() {
    if (state.destroyed) return;
    pendingScored = false;
    lastReport = app.report;
    if (!state.width || !state.height) return; // built once the chart has a size
    let changed = modelSignature() !== sig;
    if (!changed && source) {
      try {
        changed = app.graphData() !== source;
      } catch {
        changed = true;
      }
    }
    if (changed) {
      if (modelSignature() !== sig) persisted.transform = null;
      build();
    } else {
      refreshScores();
    }
  }

  // --- DOM events --------------------------------------------------------------------------------
  const domListeners = [];
  const on = (target, type, fn) => {
    target.addEventListener(type, fn);
    domListeners.push(() => target.removeEventListener(type, fn));
  };
  on(ui.tableBtn, "click", () => {
    const shown = table.toggle();
    ui.tableBtn.setAttribute("aria-expanded", String(shown));
    ui.tableBtn.textContent = shown ? "Hide table" : "Show as table";
  });
  on(focusBtn, "click", () => {
    const pressed = focusBtn.getAttribute("aria-pressed") !== "true";
    focusBtn.setAttribute("aria-pressed", String(pressed));
    applyFocus(true);
    if (!pressed && state.scene) chart.fitAll();
  });
  on(ui.zoomIn, "click", () => gestures.zoomBy(1.5));
  on(ui.zoomOut, "click", () => gestures.zoomBy(1 / 1.5));
  on(ui.fit, "click", () => chart.fitAll());
  on(ui.collapseAll, "click", () => collapseAll());
  on(search, "input", () => {
    clearTimeout(searchTimer);
    const delay = state.scene && state.scene.n > 20000 ? 180 : 60;
    searchTimer = setTimeout(() => runSearch(true), delay);
  });
  on(search, "keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      clearTimeout(searchTimer);
      runSearch(false);
      if (view.matches.length) {
        const i = view.matches[0];
        selectNode(i);
        gestures.centreOn(i, true);
      }
    } else if (e.key === "Escape" && search.value) {
      e.preventDefault();
      search.value = "";
      runSearch(false);
    }
  });
  on(colorSel, "change", () => {
    persisted.colorBy = colorSel.value;
    if (!state.scene) return;
    recolorScene();
    drawLegends();
    updateSummary();
    state.renderer.recolor();
  });

  chart.observe();

  // --- app events --------------------------------------------------------------------------------
  const subscriptions = [];
  const listen = (event, fn) => subscriptions.push(app.on(event, fn));
  listen("select", (nodeId) => {
    if (!state.destroyed) setSelected(nodeId);
  });
  listen("filter", ({ view: name, text }) => {
    if (state.destroyed || name !== "graph" || text === search.value) return;
    search.value = text;
    runSearch(false);
  });
  listen("scored", () => {
    if (state.destroyed) return;
    pendingScored = true;
    queueMicrotask(() => {
      if (pendingScored && app.report !== lastReport) update();
      pendingScored = false;
    });
  });
  let themeFrame = 0;
  listen("theme", () => {
    if (state.destroyed) return;
    // the stylesheet may switch on the next frame
    cancelAnimationFrame(themeFrame);
    themeFrame = requestAnimationFrame(() => {
      themeFrame = 0;
      if (state.destroyed) return;
      view.theme = readTheme(section, chartEl, app.theme);
      if (!state.scene) return;
      recolorScene();
      drawLegends();
      drawKey(ui.key, state.scene, view.theme);
      state.renderer.recolor();
    });
  });

  return {
    update,
    destroy() {
      cancelAnimationFrame(themeFrame);
      clearTimeout(searchTimer);
      for (const off of subscriptions) off();
      for (const off of domListeners) off();
      table.destroy();
      chart.destroy();
    },
    stats: () => chart.stats(),
    /** The picture to export (the live SVG or a static one of the canvas's view) with the legend. */
    svg() {
      const out = chart.picture();
      if (!out) return null;
      appendExportLegend(out, modeOf(), colorDomain(state.scene, colorSel.value), view.theme, view.fontFamily, state.width, `graph-export-gradient-${uid}`);
      return out;
    },
  };
}
