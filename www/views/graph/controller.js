// The strategy graph view: the layered layout computed by the engine (goals on top, then capabilities
// and activities, initiatives, applications), nodes coloured by alignment or delivery risk, shaped by
// kind, with zoom, search, a two-hop focus and a table behind the chart.
//
// Models of at most 1,500 nodes are drawn as SVG (every node a focusable `g.node[data-id]`), larger ones
// on a canvas (graph-canvas.js). Model text reaches the DOM only through textContent and setAttribute.

import { Engine } from "../../../pkg/aligngraph.js";
import { select } from "d3-selection";
import { zoom, zoomIdentity } from "d3-zoom";
import { scaleLinear } from "d3-scale";
import { axisBottom } from "d3-axis";
import { format } from "d3-format";
import { interpolateViridis, interpolateOrRd } from "d3-scale-chromatic";
import { rgb } from "d3-color";
import { createSvgRenderer, staticSvg, kindInfo, shapePath, svgEl, EDGE_STYLES, edgeColor, edgeStyleIndex, SVG_NS } from "./svg-renderer.js";
import { createCanvasRenderer } from "./canvas-renderer.js";

export const title = "Strategy graph";

/** Largest model drawn as SVG; larger models go to the canvas. */
export const SVG_MAX_NODES = 1500;
/** Rows of the table behind the chart. */
export const TABLE_MAX_ROWS = 500;

const PAD = { left: 132, right: 24, top: 44, bottom: 40 };
const MAX_STRETCH = 6;
const PALETTE_BINS = 64;

const pct = format(".1%");
const pct0 = format(".0%");
const int = format(",d");

/** Colour schemes: colour-blind-safe sequential ramps (never red-green). */
export const COLOR_MODES = {
  alignment: {
    field: "alignment",
    label: "Alignment",
    note: "weighted reach of the goals",
    interpolate: (t) => interpolateViridis(t),
  },
  risk: {
    field: "delivery_risk",
    label: "Delivery risk",
    note: "probability of failing to deliver",
    interpolate: (t) => interpolateOrRd(0.12 + 0.88 * t),
  },
};

// what survives switching tabs: colour mode, focus toggle, zoom of the same model
const persisted = { colorBy: "alignment", focus: false, transform: null, sig: null, search: "" };

let instanceCounter = 0;

/** A round upper bound for a colour domain (keeps the legend's ticks tidy). */
export function niceMax(v) {
  if (!(v > 0)) return 1;
  const steps = [0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8, 1];
  for (const s of steps) if (v <= s + 1e-12) return s;
  return Math.ceil(v);
}

/** Band label of a layer from the kinds it holds: "Goals", "Capabilities & activities", ... */
export function layerLabel(kindsPresent) {
  const names = kindsPresent.map((k, idx) => (idx === 0 ? kindInfo(k).plural : kindInfo(k).plural.toLowerCase()));
  if (names.length <= 1) return names[0] || "";
  return `${names.slice(0, -1).join(", ")} & ${names[names.length - 1]}`;
}

function el(tag, attrs, parent, text) {
  const e = document.createElement(tag);
  if (attrs) for (const k in attrs) if (attrs[k] != null) e.setAttribute(k, String(attrs[k]));
  if (text != null) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}

function visuallyHide(e) {
  Object.assign(e.style, {
    position: "absolute",
    width: "1px",
    height: "1px",
    margin: "-1px",
    padding: "0",
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    clipPath: "inset(50%)",
    whiteSpace: "nowrap",
    border: "0",
  });
}

function visuallyShow(e) {
  for (const p of ["position", "width", "height", "margin", "padding", "overflow", "clip", "clipPath", "whiteSpace", "border"]) e.style[p] = "";
}

/** Theme colours from the page's CSS custom properties (--fg or --text, --bg, --muted, --accent,
 * --grid or --border), with fallbacks; the background is what actually shows behind the chart. */
function readTheme(chart) {
  const root = getComputedStyle(document.documentElement);
  const get = (...names) => {
    for (const name of names) {
      const v = root.getPropertyValue(name).trim();
      if (v) return v;
    }
    return "";
  };
  let bg = "";
  for (let e = chart; e && e.nodeType === 1; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    if (c && c !== "transparent" && !/rgba\(.*,\s*0\)$/.test(c)) {
      bg = c;
      break;
    }
  }
  bg = bg || get("--bg", "--surface") || "#ffffff";
  let dark = false;
  const c = rgb(bg);
  if (c && !Number.isNaN(c.r)) dark = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b < 110;
  else dark = window.matchMedia?.("(prefers-color-scheme: dark)").matches ?? false;
  return {
    fg: get("--fg", "--text") || getComputedStyle(chart).color || (dark ? "#e6e6e6" : "#1b1f24"),
    bg,
    muted: get("--muted") || (dark ? "#a0a7b0" : "#5b6470"),
    accent: get("--accent") || (dark ? "#4fb3ff" : "#0b63c4"),
    grid: get("--grid", "--surface-2", "--border") || (dark ? "#2b3038" : "#e9edf2"),
    dark,
  };
}

/** The model as the view draws it: ids, kinds, engine layout, edges and their styles, adjacency. */
function buildScene(engine, EngineClass, app) {
  const n = engine.nodeCount;
  // the app caches these for every view
  const ids = typeof app.ids === "function" ? app.ids() : engine.nodeIds();
  const names = typeof app.names === "function" ? app.names() : engine.nodeNames();
  const kinds = engine.nodeKinds();
  const kindNames = EngineClass.kindNames();
  const edgeKindNames = EngineClass.edgeKindNames();
  const lay = engine.layout();
  const ed = engine.edges();
  const m = ed.from.length;
  const lx = lay.x;
  const ly = lay.y;

  const radius = new Float32Array(kindNames.length);
  kindNames.forEach((k, i) => (radius[i] = kindInfo(k).r));

  const edgeStyle = new Uint8Array(m);
  for (let e = 0; e < m; e++) edgeStyle[e] = edgeStyleIndex(edgeKindNames[ed.kind[e]], ed.weight[e]);

  // undirected adjacency (CSR): adjNode[p] the neighbour, adjEdge[p] the edge
  const adjStart = new Uint32Array(n + 1);
  for (let e = 0; e < m; e++) {
    adjStart[ed.from[e] + 1]++;
    adjStart[ed.to[e] + 1]++;
  }
  for (let i = 0; i < n; i++) adjStart[i + 1] += adjStart[i];
  const fill = adjStart.slice(0, n);
  const adjNode = new Uint32Array(2 * m);
  const adjEdge = new Uint32Array(2 * m);
  for (let e = 0; e < m; e++) {
    const a = ed.from[e];
    const b = ed.to[e];
    adjNode[fill[a]] = b;
    adjEdge[fill[a]++] = e;
    adjNode[fill[b]] = a;
    adjEdge[fill[b]++] = e;
  }

  // layers top to bottom, each in the engine's order (the layout fills wrapped layers column by
  // column, so x then y gives the order its crossing reduction chose), labelled by the kinds they hold
  const byLayer = new Map();
  for (let i = 0; i < n; i++) {
    const L = lay.layer ? lay.layer[i] : kinds[i];
    let b = byLayer.get(L);
    if (!b) byLayer.set(L, (b = { layer: L, nodes: [], y: 0, kinds: new Set() }));
    b.nodes.push(i);
    b.y += ly[i];
    b.kinds.add(kinds[i]);
  }
  const layers = [...byLayer.values()].sort((a, b) => a.y / a.nodes.length - b.y / b.nodes.length || a.layer - b.layer);
  const layerOf = new Uint16Array(n);
  layers.forEach((L, li) => {
    L.nodes.sort((a, b) => lx[a] - lx[b] || ly[a] - ly[b] || a - b);
    for (const i of L.nodes) layerOf[i] = li;
    L.label = layerLabel([...L.kinds].sort((a, c) => a - c).map((k) => kindNames[k]));
  });

  const kindCounts = new Map();
  for (let i = 0; i < n; i++) kindCounts.set(kinds[i], (kindCounts.get(kinds[i]) || 0) + 1);

  return {
    n,
    m,
    ids,
    names,
    kinds,
    kindNames,
    edgeKindNames,
    kindCounts,
    lx,
    ly,
    layers,
    layerOf,
    from: ed.from,
    to: ed.to,
    edgeKind: ed.kind,
    weight: ed.weight,
    edgeStyle,
    radius,
    adjStart,
    adjNode,
    adjEdge,
    // filled by place()
    mode: n <= SVG_MAX_NODES ? "svg" : "canvas",
    vx: new Float64Array(n),
    vy: new Float64Array(n),
    gapX: new Float64Array(n),
    gapY: new Float64Array(n),
    order: new Uint32Array(n),
    rowOf: new Uint32Array(n),
    rowStarts: [],
    bands: [],
    viewBounds: { x0: 0, x1: 1, y0: 0, y1: 1 },
    minSpacing: 1,
    // filled from the scores
    alignment: null,
    risk: null,
    inactive: new Uint8Array(n),
    inactiveCount: 0,
    bin: new Uint16Array(n),
    fill: new Array(n),
    palette: [],
    domains: {},
    lower: null,
  };
}

/** View positions for a chart of width x height: see reflow() and stretch(). */
function place(scene, width, height) {
  if (scene.mode === "svg") reflow(scene, width, height);
  else stretch(scene, width, height);
  geometry(scene);
}

/** Rows of a layer of `count` nodes at C columns; a layer only a little wider than C stays one row
 * (a second row of a few names would crowd both). */
function rowsOf(count, C) {
  return count <= Math.floor(C * 1.3) ? 1 : Math.ceil(count / C);
}

/**
 * Small models (SVG): the engine's layers and in-layer order, wrapped into rows of as many columns
 * as leave room for a label next to each node in a chart of this size. The engine's own spacing
 * (28 units) is made for dots; an executive reads names.
 */
function reflow(scene, width, height) {
  const aw = Math.max(width - PAD.left - PAD.right, 160);
  const ah = Math.max(height - PAD.top - PAD.bottom, 120);
  const counts = scene.layers.map((L) => L.nodes.length);
  const L = counts.length;
  const maxCount = Math.max(1, ...counts);
  const spacing = (C) => {
    const rows = counts.reduce((s, c) => s + rowsOf(c, C), 0);
    const need = (rows - L) * 44 + (L - 1) * 76;
    const s = need > 0 ? Math.min(1.35, Math.max(16 / 44, ah / need)) : 1;
    const h = (rows - L) * 44 * s + (L - 1) * 76 * s;
    return { rows, rowH: 44 * s, gap: 76 * s, k: h > 0 ? Math.min(1, ah / h) : 1 };
  };
  // the number of columns that shows the most of the names at the fitted zoom
  let best = null;
  for (let C = 1; C <= maxCount; C++) {
    const sp = spacing(C);
    const width = Math.min((aw / C) * sp.k - 26, 130);
    const vroom = sp.rowH * sp.k;
    const lines = vroom >= 27 ? 2 : vroom >= 14 ? 1 : 0.25;
    // when no names fit, spread the markers as evenly as the chart allows
    const spread = Math.min((aw / C) * sp.k, sp.rowH * sp.k, 40);
    const score = Math.max(width, 0) * lines + 0.5 * spread - 0.01 * sp.rows;
    if (!best || score > best.score) best = { C, score, ...sp };
  }
  const { C, rowH, gap } = best;
  let y = 0;
  for (const layer of scene.layers) {
    const nodes = layer.nodes;
    const count = nodes.length;
    const rows = rowsOf(count, C);
    const cols = Math.ceil(count / rows);
    const cell = Math.min(aw / cols, rows === 1 ? 250 : aw);
    const left = (aw - cols * cell) / 2;
    // a single row centres each name under its cell; a grid keeps columns aligned
    const offset = rows === 1 ? cell / 2 - Math.min(cell / 2 - 12, 48) : 12;
    for (let p = 0; p < count; p++) {
      const i = nodes[p];
      const col = Math.floor(p / rows);
      const row = p % rows;
      scene.vx[i] = left + col * cell + offset;
      scene.vy[i] = y + row * rowH;
    }
    y += (rows - 1) * rowH + gap;
  }
  // fit the designed width (names included), not just the markers
  scene.designWidth = aw;
}

/** Large models (canvas): the engine's coordinates, stretched to the chart's aspect (at most 6x). */
function stretch(scene, width, height) {
  const n = scene.n;
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    if (scene.lx[i] < x0) x0 = scene.lx[i];
    if (scene.lx[i] > x1) x1 = scene.lx[i];
    if (scene.ly[i] < y0) y0 = scene.ly[i];
    if (scene.ly[i] > y1) y1 = scene.ly[i];
  }
  const bw = Math.max(x1 - x0, 1);
  const bh = Math.max(y1 - y0, 1);
  const aw = Math.max(width - PAD.left - PAD.right, 50);
  const ah = Math.max(height - PAD.top - PAD.bottom, 50);
  const kx = aw / bw;
  const ky = ah / bh;
  let ax = 1;
  let ay = 1;
  if (kx < ky) ay = Math.min(ky / kx, MAX_STRETCH);
  else ax = Math.min(kx / ky, 3);
  for (let i = 0; i < n; i++) {
    scene.vx[i] = (scene.lx[i] - x0) * ax;
    scene.vy[i] = (scene.ly[i] - y0) * ay;
  }
}

/** Reading order, rows, the room around each node for its label, bands and bounds. */
function geometry(scene) {
  const n = scene.n;
  const vx = scene.vx;
  const vy = scene.vy;
  const order = scene.order;
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => vy[a] - vy[b] || vx[a] - vx[b]);
  const rowStarts = [];
  const rowY = [];
  for (let p = 0; p < n; p++) {
    const i = order[p];
    if (p === 0 || vy[i] - rowY[rowY.length - 1] > 0.5) {
      rowStarts.push(p);
      rowY.push(vy[i]);
    }
    scene.rowOf[i] = rowStarts.length - 1;
  }
  rowStarts.push(n);
  scene.rowStarts = rowStarts;
  let x0 = Infinity;
  let x1 = -Infinity;
  for (let i = 0; i < n; i++) {
    if (vx[i] < x0) x0 = vx[i];
    if (vx[i] > x1) x1 = vx[i];
  }
  const rows = rowY.length;
  const lone = Math.max(260, x1 - x0);
  for (let r = 0; r < rows; r++) {
    const s = rowStarts[r];
    const e = rowStarts[r + 1];
    const up = r > 0 ? rowY[r] - rowY[r - 1] : Infinity;
    const down = r + 1 < rows ? rowY[r + 1] - rowY[r] : Infinity;
    const vroom = Math.min(up, down);
    for (let p = s; p < e; p++) {
      const i = order[p];
      // labels sit to the right: the room is the distance to the next node of the row
      let g = p + 1 < e ? vx[order[p + 1]] - vx[i] : p > s ? vx[i] - vx[order[p - 1]] : lone;
      if (!(g > 0)) g = 1e-6;
      scene.gapX[i] = g;
      scene.gapY[i] = Number.isFinite(vroom) ? vroom : 400;
    }
  }
  const bands = scene.layers.map((L) => ({ label: L.label, y0: Infinity, y1: -Infinity }));
  for (let i = 0; i < n; i++) {
    const b = bands[scene.layerOf[i]];
    if (vy[i] < b.y0) b.y0 = vy[i];
    if (vy[i] > b.y1) b.y1 = vy[i];
  }
  scene.bands = bands.filter((b) => b.y1 >= b.y0).sort((a, b) => a.y0 - b.y0);
  scene.viewBounds = {
    x0: scene.designWidth ? 0 : n ? x0 : 0,
    x1: scene.designWidth ? scene.designWidth : n ? x1 : 1,
    y0: n ? rowY[0] : 0,
    y1: n ? rowY[rows - 1] : 1,
  };
  const sample = [];
  const step = Math.max(1, Math.floor(n / 2000));
  for (let i = 0; i < n; i += step) {
    const g = Math.min(scene.gapX[i], scene.gapY[i]);
    if (g > 0) sample.push(g);
  }
  sample.sort((a, c) => a - c);
  scene.minSpacing = sample.length ? sample[sample.length >> 1] : 40;
}

/** The transform that shows the view-space box [x0, x1] x [y0, y1] in the chart. */
function fitBox(box, width, height, kMax) {
  const aw = Math.max(width - PAD.left - PAD.right, 50);
  const ah = Math.max(height - PAD.top - PAD.bottom, 50);
  const bw = Math.max(box.x1 - box.x0, 1e-6);
  const bh = Math.max(box.y1 - box.y0, 1e-6);
  let k = Math.min(aw / bw, ah / bh, kMax);
  if (!Number.isFinite(k) || k <= 0) k = 1;
  const tx = PAD.left + (aw - k * (box.x1 - box.x0)) / 2 - k * box.x0;
  const ty = PAD.top + (ah - k * (box.y1 - box.y0)) / 2 - k * box.y0;
  return zoomIdentity.translate(tx, ty).scale(k);
}

export function render(root, app) {
  const id = ++instanceCounter;
  const engine = app.engine;
  const EngineClass = engine && typeof engine.constructor?.kindNames === "function" ? engine.constructor : Engine;
  const ownsSection = root.id !== "view-graph";
  const section = ownsSection ? el("section", { id: "view-graph" }, root) : root;
  if (!section.getAttribute("aria-label")) section.setAttribute("aria-label", title);
  const added = [];
  const add = (node) => {
    section.appendChild(node);
    added.push(node);
    return node;
  };

  // --- controls -------------------------------------------------------------------------------
  const toolbar = add(el("div", { class: "graph-toolbar", role: "group", "aria-label": "Graph controls" }));
  Object.assign(toolbar.style, { display: "flex", flexWrap: "wrap", gap: "0.5rem 1rem", alignItems: "center", marginBottom: "0.5rem" });

  const searchWrap = el("div", { class: "graph-search" }, toolbar);
  el("label", { for: "graph-search" }, searchWrap, "Find ");
  const search = el("input", { id: "graph-search", type: "search", placeholder: "Name or id", autocomplete: "off", spellcheck: "false", "aria-describedby": `graph-search-status-${id}` }, searchWrap);
  search.value = persisted.search || "";
  const searchStatus = el("span", { id: `graph-search-status-${id}`, class: "graph-search-status", "aria-live": "polite" }, searchWrap);
  searchStatus.style.marginLeft = "0.4rem";
  searchStatus.style.display = "inline-block";
  searchStatus.style.minWidth = "6.5em";
  searchStatus.style.color = "var(--muted, #5b6470)";
  searchStatus.style.fontSize = "0.85rem";

  const colorWrap = el("div", { class: "graph-color" }, toolbar);
  el("label", { for: "graph-color" }, colorWrap, "Colour by ");
  const colorSel = el("select", { id: "graph-color" }, colorWrap);
  for (const [value, mode] of Object.entries(COLOR_MODES)) el("option", { value }, colorSel, mode.label);
  colorSel.value = persisted.colorBy;

  const buttons = el("div", { class: "graph-buttons", role: "group", "aria-label": "Zoom and focus" }, toolbar);
  buttons.style.display = "flex";
  buttons.style.gap = "0.25rem";
  const mkButton = (cls, text, label) => {
    const b = el("button", { type: "button", class: cls, "aria-label": label, title: label }, buttons, text);
    return b;
  };
  const zoomInBtn = mkButton("graph-zoom-in", "+", "Zoom in");
  const zoomOutBtn = mkButton("graph-zoom-out", "−", "Zoom out");
  const fitBtn = mkButton("graph-fit", "Fit", "Fit the whole graph");
  const focusBtn = mkButton("graph-focus", "Focus", "Focus: show only the selected node and its neighbours up to two steps away");
  focusBtn.setAttribute("aria-pressed", String(persisted.focus));
  const tableBtn = mkButton("graph-table-toggle", "Show as table", "Show the nodes as a table");
  tableBtn.setAttribute("aria-expanded", "false");
  tableBtn.setAttribute("aria-controls", `graph-table-${id}`);

  const legend = el("div", { class: "legend" }, toolbar);
  legend.style.display = "flex";
  legend.style.alignItems = "center";
  legend.style.gap = "0.5rem";

  const summaryRow = add(el("p", { class: "graph-summary" }));
  Object.assign(summaryRow.style, { margin: "0 0 0.4rem", color: "var(--muted, #5b6470)", fontSize: "0.85rem" });
  const summary = el("span", null, summaryRow);
  const focusStatus = el("span", { class: "graph-focus-status", "aria-live": "polite" }, summaryRow);
  focusStatus.style.marginLeft = "0.5rem";
  focusStatus.style.fontWeight = "600";

  // --- chart ----------------------------------------------------------------------------------
  const chart = add(el("div", { class: "graph-chart" }));
  chart.style.position = "relative";
  chart.style.overflow = "hidden";
  if (chart.clientHeight < 120) {
    chart.style.height = "clamp(420px, calc(100vh - 260px), 900px)";
  }
  const tooltip = el("div", { class: "graph-tooltip", role: "tooltip", "aria-hidden": "true" }, chart);
  Object.assign(tooltip.style, {
    position: "absolute",
    pointerEvents: "none",
    display: "none",
    zIndex: "2",
    maxWidth: "280px",
    padding: "6px 9px",
    borderRadius: "6px",
    fontSize: "0.8rem",
    lineHeight: "1.35",
    background: "var(--surface, var(--bg, #fff))",
    color: "var(--text, var(--fg, #1b1f24))",
    border: "1px solid var(--border, var(--grid, #d0d7de))",
    boxShadow: "0 2px 8px rgba(0,0,0,0.18)",
  });
  const message = el("p", { class: "graph-message" }, chart);
  message.style.display = "none";
  message.style.padding = "1rem";

  const key = add(el("ul", { class: "graph-key", "aria-label": "Key to the shapes and lines" }));
  Object.assign(key.style, { display: "flex", flexWrap: "wrap", gap: "0.25rem 1rem", fontSize: "0.8rem", margin: "0.4rem 0 0", padding: "0", listStyle: "none", color: "var(--muted, #5b6470)" });

  // --- table behind the chart -----------------------------------------------------------------
  const tableWrap = add(el("div", { class: "graph-table", id: `graph-table-${id}` }));
  const table = el("table", null, tableWrap);
  const caption = el("caption", null, table);
  const thead = el("thead", null, table);
  const htr = el("tr", null, thead);
  for (const h of ["Name", "Kind", "Alignment", "Delivery risk", "Status"]) el("th", { scope: "col" }, htr, h);
  const tbody = el("tbody", null, table);
  const tableNote = el("p", { class: "graph-table-note" }, tableWrap);
  visuallyHide(tableWrap);
  let tableShown = false;

  // --- state ----------------------------------------------------------------------------------
  let scene = null;
  let renderer = null;
  let sig = null;
  let width = 0;
  let height = 0;
  let userMoved = false;
  let destroyed = false;
  let frame = 0;
  let searchTimer = 0;
  let animFrame = 0;
  let lastReport = null;
  let pendingScored = false;
  let zoomAttached = false;
  const zoomBehavior = zoom().clickDistance(4);

  const view = {
    scene: null,
    transform: zoomIdentity,
    theme: readTheme(chart),
    fontFamily: getComputedStyle(section).fontFamily || "system-ui, sans-serif",
    selected: -1,
    matches: [],
    focusMask: null,
    focusGeneration: 0,
    keyboardIndex: -1,
    hovered: -1,
    interacting: false,
    hover: (i, e) => showTooltip(i, e),
    activate: (i) => selectNode(i),
    keyboardFocus: (i) => {
      view.keyboardIndex = i;
      if (i >= 0) {
        ensureVisible(i);
        showTooltip(i, null);
      } else hideTooltip();
      redraw();
    },
    neighbourInDirection: (i, dir) => neighbourInDirection(i, dir),
    canvasKey: (e) => canvasKey(e),
    requestFrame: () => requestDraw(),
    timings: {},
    nodeLabel: (i) => nodeLabel(i),
    ariaSummary: () => ariaSummary(),
  };

  // --- helpers --------------------------------------------------------------------------------
  const kindName = (i) => scene.kindNames[scene.kinds[i]];
  const modeOf = () => COLOR_MODES[colorSel.value] || COLOR_MODES.alignment;

  function modelSignature() {
    const gen = app.generation ?? app.modelGeneration;
    let s = `${engine.nodeCount}|${engine.edgeCount}|${engine.modelName ?? ""}|${gen ?? ""}`;
    if (scene && scene.n && scene.n === engine.nodeCount) {
      // cheap identity probe: the same ids at the same places
      const probe = [0, scene.n >> 1, scene.n - 1];
      s += probe.map((p) => (engine.nodeIndex(scene.ids[p]) === p ? "=" : "!")).join("");
    }
    return s;
  }

  function statusText(i) {
    if (kindName(i) !== "initiative") return "";
    if (scene.inactive[i]) {
      const st = nodeStatus(i);
      return st === "cancelled" || st === "done" ? st : "switched off";
    }
    return "active";
  }

  function nodeStatus(i) {
    if (!scene.status) scene.status = new Map();
    let st = scene.status.get(i);
    if (st === undefined) {
      try {
        st = engine.node(scene.ids[i])?.status || "proposed";
      } catch {
        st = "";
      }
      scene.status.set(i, st);
    }
    return st;
  }

  const fmtShare = (v) => (Number.isFinite(v) ? pct(v) : "n/a");

  function nodeLabel(i) {
    const parts = [scene.names[i], kindInfo(kindName(i)).label.toLowerCase()];
    if (scene.inactive[i]) parts.push("inactive");
    parts.push(`alignment ${fmtShare(scene.alignment[i])}`, `delivery risk ${fmtShare(scene.risk[i])}`);
    return parts.join(", ");
  }

  function ariaSummary() {
    if (!scene) return "Strategy graph";
    const mode = modeOf();
    return `Strategy graph of ${int(scene.n)} nodes and ${int(scene.m)} edges in ${scene.bands.length} layers (${scene.bands.map((b) => b.label).join("; ")}), coloured by ${mode.label.toLowerCase()}.`;
  }

  // --- scores and colours ---------------------------------------------------------------------
  function readScores() {
    scene.alignment = engine.scores("alignment");
    scene.risk = engine.scores("delivery_risk");
    const active = engine.scores("active");
    const inactive = scene.inactive;
    inactive.fill(0);
    const ini = scene.kindNames.indexOf("initiative");
    let off = 0;
    for (let i = 0; i < scene.n; i++) {
      if (scene.kinds[i] === ini && !(active[i] > 0)) {
        inactive[i] = 1;
        off++;
      }
    }
    scene.inactiveCount = off;
    if (!scene.domains.alignment) {
      scene.domains.alignment = [0, niceMax(maxOf(scene.alignment))];
      scene.domains.risk = [0, niceMax(maxOf(scene.risk))];
    }
  }

  function maxOf(a) {
    let m = 0;
    for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
    return m;
  }

  function computeColors() {
    const mode = modeOf();
    const values = colorSel.value === "risk" ? scene.risk : scene.alignment;
    const [d0, d1] = scene.domains[colorSel.value === "risk" ? "risk" : "alignment"];
    const palette = [];
    for (let b = 0; b < PALETTE_BINS; b++) palette.push(rgb(mode.interpolate(b / (PALETTE_BINS - 1))).formatHex());
    palette.push(view.theme.muted); // no value
    scene.palette = palette;
    const span = d1 - d0 || 1;
    for (let i = 0; i < scene.n; i++) {
      const v = values[i];
      let b;
      if (!Number.isFinite(v)) b = PALETTE_BINS;
      else b = Math.max(0, Math.min(PALETTE_BINS - 1, Math.round(((v - d0) / span) * (PALETTE_BINS - 1))));
      scene.bin[i] = b;
      scene.fill[i] = palette[b];
    }
  }

  function drawLegend() {
    legend.replaceChildren();
    if (!scene) return;
    const mode = modeOf();
    const [d0, d1] = scene.domains[colorSel.value === "risk" ? "risk" : "alignment"];
    const th = view.theme;
    const label = el("span", { class: "legend-title" }, legend, mode.label);
    label.title = mode.note;
    const w = 180;
    const svg = svgEl("svg", { width: w + 16, height: 34, role: "img", "aria-label": `${mode.label} colour scale from ${pct0(d0)} to ${pct0(d1)}` }, legend);
    svg.style.overflow = "visible";
    svg.style.color = th.fg;
    const defs = svgEl("defs", null, svg);
    const gid = `graph-legend-gradient-${id}`;
    const grad = svgEl("linearGradient", { id: gid, x1: 0, x2: 1, y1: 0, y2: 0 }, defs);
    for (let s = 0; s <= 10; s++) svgEl("stop", { offset: `${s * 10}%`, "stop-color": rgb(mode.interpolate(s / 10)).formatHex() }, grad);
    svgEl("rect", { x: 8, y: 2, width: w, height: 12, fill: `url(#${gid})`, stroke: th.fg, "stroke-opacity": 0.35, "stroke-width": 0.5 }, svg);
    const axis = axisBottom(scaleLinear().domain([d0, d1]).range([0, w])).ticks(5).tickFormat(pct0).tickSize(4);
    const g = svgEl("g", { transform: "translate(8,14)" }, svg);
    select(g).call(axis).call((s) => s.select(".domain").remove());
  }

  function drawKey() {
    key.replaceChildren();
    if (!scene) return;
    const th = view.theme;
    const item = (drawIcon, text) => {
      const span = el("li", { class: "graph-key-item" }, key);
      span.style.display = "inline-flex";
      span.style.alignItems = "center";
      span.style.gap = "0.3rem";
      const svg = svgEl("svg", { width: 26, height: 18, "aria-hidden": "true" }, span);
      drawIcon(svg);
      span.appendChild(document.createTextNode(text));
    };
    const present = [...scene.kindCounts.keys()].sort((a, b) => a - b);
    for (const ki of present) {
      const k = scene.kindNames[ki];
      item((svg) => svgEl("path", { d: shapePath(k, 6.5), transform: "translate(13,9)", fill: th.grid, stroke: th.fg, "stroke-width": 1.1 }, svg), kindInfo(k).label);
    }
    if (present.some((k) => scene.kindNames[k] === "initiative")) {
      item((svg) => svgEl("path", { d: shapePath("initiative", 6.5), transform: "translate(13,9)", fill: th.grid, "fill-opacity": 0.3, stroke: th.fg, "stroke-dasharray": "2.5 2", "stroke-width": 1.1 }, svg), "Inactive initiative");
    }
    const usedStyles = new Set(scene.edgeStyle);
    EDGE_STYLES.forEach((st, s) => {
      if (!usedStyles.has(s)) return;
      item((svg) => {
        const c = edgeColor(st, th);
        svgEl("path", { d: "M1,9H22", stroke: c, "stroke-width": st.width + 0.3, "stroke-opacity": Math.max(0.6, st.opacity), "stroke-dasharray": st.dash ? st.dash.join(" ") : null, "stroke-linecap": st.cap || null }, svg);
        if (st.head === "arrow") svgEl("path", { d: "M25,9L19,5.5L19,12.5Z", fill: c }, svg);
        if (st.head === "bar") svgEl("path", { d: "M24,4V14", stroke: c, "stroke-width": 2 }, svg);
      }, st.label);
    });
  }

  function updateSummary() {
    if (!scene) return;
    const parts = [`${int(scene.n)} nodes`, `${int(scene.m)} edges`];
    if (scene.inactiveCount) parts.push(`${int(scene.inactiveCount)} inactive initiative${scene.inactiveCount === 1 ? "" : "s"} shown faded`);
    let text = `${parts.join(" · ")}. Colour: ${modeOf().label.toLowerCase()} (${modeOf().note}); shape: kind.`;
    if (scene.n > SVG_MAX_NODES) text += ` Showing ${int(scene.n)} nodes; use search to find one, scroll to zoom in for labels.`;
    summary.textContent = text;
    renderer?.setAriaLabel(ariaSummary());
  }

  // --- table ----------------------------------------------------------------------------------
  // the table is filled after the chart's first frame (it is not needed to paint)
  let tableTimer = 0;
  function fillTable() {
    clearTimeout(tableTimer);
    tableTimer = setTimeout(fillTableNow, 0);
  }

  function fillTableNow() {
    clearTimeout(tableTimer);
    if (destroyed) return;
    tbody.replaceChildren();
    if (!scene) return;
    const q = search.value.trim();
    const rows = q ? view.matches : scene.order;
    const total = rows.length;
    const lim = Math.min(total, TABLE_MAX_ROWS);
    caption.textContent = q ? `Nodes matching “${q}”: ${int(total)}` : `Nodes of the strategy graph (${int(scene.n)}), layer by layer`;
    const frag = document.createDocumentFragment();
    for (let r = 0; r < lim; r++) {
      const i = rows[r];
      const tr = el("tr", null, frag);
      tr.setAttribute("data-node", scene.ids[i]);
      const th = el("th", { scope: "row" }, tr);
      el("button", { type: "button", class: "linklike", "data-index": i }, th, scene.names[i]);
      el("td", null, tr, kindInfo(kindName(i)).label);
      el("td", { class: "num" }, tr, fmtShare(scene.alignment[i])).style.textAlign = "right";
      el("td", { class: "num" }, tr, fmtShare(scene.risk[i])).style.textAlign = "right";
      el("td", null, tr, statusText(i));
    }
    tbody.appendChild(frag);
    tableNote.textContent = total > lim ? `Showing the first ${int(lim)} of ${int(total)} nodes. Use the search box to narrow the list.` : "";
  }

  tbody.addEventListener("click", (e) => {
    const b = e.target.closest?.("button[data-index]");
    if (b && scene) selectNode(Number(b.getAttribute("data-index")));
  });

  tableBtn.addEventListener("click", () => {
    tableShown = !tableShown;
    tableBtn.setAttribute("aria-expanded", String(tableShown));
    tableBtn.textContent = tableShown ? "Hide table" : "Show as table";
    if (tableShown) {
      fillTableNow();
      visuallyShow(tableWrap);
    } else visuallyHide(tableWrap);
  });

  // --- drawing --------------------------------------------------------------------------------
  /** A new frame for something other than the zoom (selection, search, focus, hover). */
  function redraw() {
    renderer?.invalidate();
    requestDraw();
  }

  function requestDraw() {
    if (frame || destroyed) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (!destroyed && renderer) renderer.draw();
    });
  }

  function kMax() {
    // zoom in until the typical gap between nodes is wide enough for full labels
    return Math.max(4, 260 / Math.max(scene.minSpacing, 1e-6));
  }

  function fitTransform() {
    return fitBox(scene.viewBounds, width, height, scene.mode === "svg" ? 1.25 : 2.5);
  }

  function setExtents() {
    const fit = fitTransform();
    zoomBehavior.scaleExtent([Math.min(fit.k * 0.5, 1), Math.max(kMax(), fit.k * 2)]);
  }

  function setTransform(t, animate) {
    if (!renderer) return;
    const target = select(chart);
    cancelAnimationFrame(animFrame);
    animFrame = 0;
    const reduce = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
    if (!animate || reduce) {
      zoomBehavior.transform(target, t);
      return;
    }
    const t0 = view.transform;
    const c0 = [(width / 2 - t0.x) / t0.k, (height / 2 - t0.y) / t0.k];
    const c1 = [(width / 2 - t.x) / t.k, (height / 2 - t.y) / t.k];
    const start = performance.now();
    const dur = 380;
    const step = (now) => {
      const s = Math.min(1, (now - start) / dur);
      const e = s < 0.5 ? 2 * s * s : 1 - Math.pow(-2 * s + 2, 2) / 2;
      const k = Math.exp(Math.log(t0.k) * (1 - e) + Math.log(t.k) * e);
      const cx = c0[0] + (c1[0] - c0[0]) * e;
      const cy = c0[1] + (c1[1] - c0[1]) * e;
      zoomBehavior.transform(target, zoomIdentity.translate(width / 2 - k * cx, height / 2 - k * cy).scale(k));
      view.interacting = s < 1;
      if (s < 1 && !destroyed) animFrame = requestAnimationFrame(step);
      else animFrame = 0;
    };
    view.interacting = true;
    animFrame = requestAnimationFrame(step);
  }

  /** Centres node i, zooming in far enough for its label when needed. */
  function centreOn(i, animate = true) {
    const t = view.transform;
    const kLabel = Math.min(kMax(), 120 / Math.max(scene.gapX[i], 1e-6));
    const k = Math.max(t.k, Math.min(kLabel, zoomBehavior.scaleExtent()[1]));
    const x = scene.vx[i];
    const y = scene.vy[i];
    setTransform(zoomIdentity.translate(width / 2 - k * x, height / 2 - k * y).scale(k), animate);
  }

  function ensureVisible(i) {
    const t = view.transform;
    const x = t.x + t.k * scene.vx[i];
    const y = t.y + t.k * scene.vy[i];
    if (x < PAD.left * 0.7 || x > width - 30 || y < 20 || y > height - 40) centreOn(i, true);
  }

  // --- selection, focus, hover ----------------------------------------------------------------
  function selectNode(i) {
    if (i < 0 || !scene) return;
    const nodeId = scene.ids[i];
    if (typeof app.select === "function") app.select(nodeId);
    // the app echoes "select"; in case it does not, show it now
    if (view.selected !== i) setSelected(nodeId);
  }

  function setSelected(nodeId) {
    if (!scene) return;
    const i = nodeId == null ? -1 : engine.nodeIndex(nodeId);
    const idx = i === undefined || i === null ? -1 : i;
    if (idx === view.selected) return;
    view.selected = idx;
    for (const g of renderer?.element?.querySelectorAll?.("g.node[aria-pressed]") || []) g.removeAttribute("aria-pressed");
    if (idx >= 0 && renderer?.nodeElement) renderer.nodeElement(idx)?.setAttribute("aria-pressed", "true");
    if (focusBtn.getAttribute("aria-pressed") === "true") applyFocus(true);
    else {
      if (idx >= 0) ensureVisible(idx);
      redraw();
    }
  }

  /** The selected node and its neighbours up to two steps away (either direction). */
  function neighbourhood(i, hops) {
    const mask = new Uint8Array(scene.n);
    mask[i] = 1;
    let frontier = [i];
    for (let h = 0; h < hops; h++) {
      const next = [];
      for (const u of frontier) {
        for (let p = scene.adjStart[u]; p < scene.adjStart[u + 1]; p++) {
          const v = scene.adjNode[p];
          if (!mask[v]) {
            mask[v] = 1;
            next.push(v);
          }
        }
      }
      frontier = next;
    }
    return mask;
  }

  function applyFocus(animate) {
    const on = focusBtn.getAttribute("aria-pressed") === "true";
    persisted.focus = on;
    // the pressed state shows without the stylesheet too
    focusBtn.style.boxShadow = on ? "inset 0 0 0 2px var(--accent, #2c59a8)" : "";
    if (on && view.selected >= 0) {
      view.focusMask = neighbourhood(view.selected, 2);
      let x0 = Infinity;
      let x1 = -Infinity;
      let y0 = Infinity;
      let y1 = -Infinity;
      let count = 0;
      for (let i = 0; i < scene.n; i++) {
        if (!view.focusMask[i]) continue;
        count++;
        x0 = Math.min(x0, scene.vx[i]);
        x1 = Math.max(x1, scene.vx[i]);
        y0 = Math.min(y0, scene.vy[i]);
        y1 = Math.max(y1, scene.vy[i]);
      }
      focusStatus.textContent = `Focus: ${scene.names[view.selected]} and ${int(count - 1)} neighbours within two steps.`;
      view.focusGeneration++;
      const pad = 20;
      setTransform(fitBox({ x0: x0 - pad, x1: x1 + pad, y0: y0 - pad, y1: y1 + pad }, width, height, Math.min(kMax(), 2.5)), animate);
    } else {
      focusStatus.textContent = on ? "Focus: select a node to see its neighbourhood." : "";
      view.focusMask = null;
      view.focusGeneration++;
    }
    redraw();
  }

  focusBtn.addEventListener("click", () => {
    const on = focusBtn.getAttribute("aria-pressed") !== "true";
    focusBtn.setAttribute("aria-pressed", String(on));
    applyFocus(true);
    if (!on && scene) fitAll();
  });

  function showTooltip(i, e) {
    if (!scene || i < 0) {
      if (view.hovered !== -1) {
        view.hovered = -1;
        if (renderer && !renderer.nodeElement) redraw();
      }
      if (view.keyboardIndex < 0 || i < 0) hideTooltip();
      return;
    }
    if (view.hovered !== i) {
      view.hovered = i;
      tooltip.replaceChildren();
      const strong = el("strong", null, tooltip, scene.names[i]);
      strong.style.display = "block";
      const kind = kindInfo(kindName(i)).label;
      const st = statusText(i);
      el("div", null, tooltip, st ? `${kind} · ${st}` : kind);
      el("div", null, tooltip, `Alignment: ${fmtShare(scene.alignment[i])}`);
      el("div", null, tooltip, `Delivery risk: ${fmtShare(scene.risk[i])}`);
      if (scene.ids[i] !== scene.names[i]) {
        const idLine = el("div", null, tooltip, scene.ids[i]);
        idLine.style.color = "var(--muted, #5b6470)";
      }
      if (renderer && !renderer.nodeElement) redraw();
    }
    tooltip.style.display = "block";
    const rect = chart.getBoundingClientRect();
    let x;
    let y;
    if (e) {
      x = e.clientX - rect.left + 14;
      y = e.clientY - rect.top + 14;
    } else {
      const t = view.transform;
      x = t.x + t.k * scene.vx[i] + 16;
      y = t.y + t.k * scene.vy[i] + 16;
    }
    const tw = tooltip.offsetWidth;
    const tht = tooltip.offsetHeight;
    if (x + tw > rect.width - 4) x = Math.max(4, x - tw - 28);
    if (y + tht > rect.height - 4) y = Math.max(4, y - tht - 28);
    tooltip.style.left = `${x}px`;
    tooltip.style.top = `${y}px`;
  }

  function hideTooltip() {
    tooltip.style.display = "none";
  }

  // --- keyboard ------------------------------------------------------------------------------
  function neighbourInDirection(i, dir) {
    const r = scene.rowOf[i];
    const s = scene.rowStarts[r];
    const e = scene.rowStarts[r + 1];
    const pos = scene.order.indexOf(i, s);
    if (dir === "Left") return pos > s ? scene.order[pos - 1] : -1;
    if (dir === "Right") return pos + 1 < e ? scene.order[pos + 1] : -1;
    const rr = dir === "Up" ? r - 1 : r + 1;
    if (rr < 0 || rr + 1 >= scene.rowStarts.length) return -1;
    let best = -1;
    let bestD = Infinity;
    for (let p = scene.rowStarts[rr]; p < scene.rowStarts[rr + 1]; p++) {
      const j = scene.order[p];
      const d = Math.abs(scene.lx[j] - scene.lx[i]);
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    }
    return best;
  }

  function canvasKey(e) {
    const step = 60;
    const sel = select(chart);
    switch (e.key) {
      case "ArrowLeft":
        zoomBehavior.translateBy(sel, step / view.transform.k, 0);
        break;
      case "ArrowRight":
        zoomBehavior.translateBy(sel, -step / view.transform.k, 0);
        break;
      case "ArrowUp":
        zoomBehavior.translateBy(sel, 0, step / view.transform.k);
        break;
      case "ArrowDown":
        zoomBehavior.translateBy(sel, 0, -step / view.transform.k);
        break;
      case "+":
      case "=":
        zoomBehavior.scaleBy(sel, 1.5);
        break;
      case "-":
        zoomBehavior.scaleBy(sel, 1 / 1.5);
        break;
      case "0":
        fitAll();
        break;
      case "Enter":
        if (view.matches.length) selectNode(view.matches[0]);
        else return;
        break;
      default:
        return;
    }
    userMoved = true;
    e.preventDefault();
  }

  zoomInBtn.addEventListener("click", () => {
    if (!renderer) return;
    userMoved = true;
    zoomBehavior.scaleBy(select(chart), 1.5);
  });
  zoomOutBtn.addEventListener("click", () => {
    if (!renderer) return;
    userMoved = true;
    zoomBehavior.scaleBy(select(chart), 1 / 1.5);
  });
  fitBtn.addEventListener("click", () => fitAll());

  /** The whole graph in the chart; small models are first re-wrapped for the chart's width. */
  function fitAll() {
    if (!renderer) return;
    userMoved = false;
    let animate = true;
    if (scene.mode === "svg") {
      const before = scene.vx.slice();
      place(scene, width, height);
      if (scene.vx.some((x, i) => x !== before[i])) {
        renderer.reorder();
        animate = false;
      }
    }
    setExtents();
    setTransform(fitTransform(), animate);
  }

  // --- search ---------------------------------------------------------------------------------
  function runSearch(centre) {
    if (!scene) return;
    const q = search.value.trim().toLowerCase();
    persisted.search = search.value;
    if (!q) {
      view.matches = [];
      searchStatus.textContent = "";
    } else {
      if (!scene.lower) scene.lower = { ids: scene.ids.map((s) => s.toLowerCase()), names: scene.names.map((s) => s.toLowerCase()) };
      const matches = [];
      const exact = [];
      // reading order, exact id or name first
      for (let p = 0; p < scene.n; p++) {
        const i = scene.order[p];
        const a = scene.lower.ids[i];
        const b = scene.lower.names[i];
        if (a === q || b === q) exact.push(i);
        else if (a.includes(q) || b.includes(q)) matches.push(i);
      }
      view.matches = exact.concat(matches);
      const c = view.matches.length;
      searchStatus.textContent = c === 0 ? "No match" : c === 1 ? "1 match" : `${int(c)} matches`;
      if (c && centre) centreOn(view.matches[0], true);
    }
    if (renderer?.nodeElement) {
      for (const g of renderer.element.querySelectorAll("g.node.match")) g.classList.remove("match");
      for (const i of view.matches.slice(0, 2000)) renderer.nodeElement(i)?.classList.add("match");
    }
    fillTable();
    redraw();
  }

  search.addEventListener("input", () => {
    clearTimeout(searchTimer);
    const delay = scene && scene.n > 20000 ? 180 : 60;
    searchTimer = setTimeout(() => runSearch(true), delay);
  });
  search.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      clearTimeout(searchTimer);
      runSearch(false);
      if (view.matches.length) {
        const i = view.matches[0];
        selectNode(i);
        centreOn(i, true);
      }
    } else if (e.key === "Escape" && search.value) {
      e.preventDefault();
      search.value = "";
      runSearch(false);
    }
  });

  colorSel.addEventListener("change", () => {
    persisted.colorBy = colorSel.value;
    if (!scene) return;
    computeColors();
    drawLegend();
    updateSummary();
    renderer.recolor();
  });

  // --- building -------------------------------------------------------------------------------
  function showMessage(text) {
    message.textContent = text;
    message.style.display = "block";
  }

  function teardownRenderer() {
    if (renderer) {
      renderer.destroy();
      renderer = null;
    }
  }

  function build() {
    teardownRenderer();
    message.style.display = "none";
    scene = null;
    view.scene = null;
    let s;
    try {
      if (!engine || !engine.nodeCount) {
        showMessage(engine ? "The model has no nodes yet." : "No model loaded.");
        sig = engine ? modelSignature() : null;
        legend.replaceChildren();
        key.replaceChildren();
        summary.textContent = "";
        tbody.replaceChildren();
        return;
      }
      tm = performance.now();
      s = buildScene(engine, EngineClass, app);
      lap("scene");
    } catch (err) {
      showMessage(err && err.code === "NO_MODEL" ? "No model loaded." : `The graph could not be drawn: ${err && err.message}`);
      return;
    }
    scene = s;
    view.scene = s;
    sig = modelSignature();
    place(scene, width, height);
    lap("place");
    readScores();
    computeColors();
    lap("scores");
    view.selected = -1;
    view.matches = [];
    view.focusMask = null;
    view.hovered = -1;
    view.keyboardIndex = -1;
    renderer = scene.mode === "svg" ? createSvgRenderer(chart, view) : createCanvasRenderer(chart, view);
    chart.insertBefore(renderer.element, chart.firstChild);
    renderer.resize(width, height);
    setExtents();
    if (!zoomAttached) {
      // on the chart, not the drawing: the SVG may be moved by a CSS transform mid-gesture
      select(chart).call(zoomBehavior).on("dblclick.zoom", null);
      zoomAttached = true;
    }
    const initial = persisted.sig === sig && persisted.transform ? persisted.transform : fitTransform();
    userMoved = persisted.sig === sig && !!persisted.transform;
    lap("renderer");
    zoomBehavior.transform(select(chart), initial);
    renderer.recolor();
    lap("draw");
    drawLegend();
    drawKey();
    updateSummary();
    const sel = app.selected;
    if (sel != null) setSelected(sel);
    if (search.value.trim()) runSearch(false);
    else fillTable();
    if (persisted.focus) applyFocus(false);
    lastReport = app.report;
    lap("table");
  }

  let tm = 0;
  function lap(name) {
    const now = performance.now();
    view.timings[name] = now - tm;
    tm = now;
  }

  zoomBehavior
    .on("start", (e) => {
      if (e.sourceEvent) view.interacting = true;
      hideTooltip();
    })
    .on("zoom", (e) => {
      view.transform = e.transform;
      if (e.sourceEvent) userMoved = true;
      persisted.transform = e.transform;
      persisted.sig = sig;
      requestDraw();
    })
    .on("end", (e) => {
      if (e.sourceEvent) {
        view.interacting = false;
        requestDraw();
      }
    });

  function refreshScores() {
    if (!scene) return;
    readScores();
    computeColors();
    if (view.focusMask && view.selected >= 0) view.focusMask = neighbourhood(view.selected, 2);
    renderer.recolor();
    updateSummary();
    fillTable();
    if (view.hovered >= 0) {
      const i = view.hovered;
      view.hovered = -1;
      if (tooltip.style.display !== "none") showTooltip(i, null);
    }
  }

  function update() {
    if (destroyed) return;
    pendingScored = false;
    lastReport = app.report;
    if (!width || !height) return; // built once the chart has a size
    if (modelSignature() !== sig) {
      persisted.transform = null;
      build();
    } else {
      refreshScores();
    }
  }

  // size: build when the chart first gets one; refit on resize unless the user moved the view
  const ro = new ResizeObserver(() => {
    const w = Math.floor(chart.clientWidth);
    const h = Math.floor(chart.clientHeight);
    if (!w || !h || (w === width && h === height)) return;
    const first = !width || !height;
    width = w;
    height = h;
    if (first || !scene) {
      build();
      return;
    }
    renderer.resize(w, h);
    if (userMoved) {
      setExtents();
      if (view.selected >= 0) ensureVisible(view.selected);
      requestDraw();
      return;
    }
    // with a node selected (the detail panel opening or closing) the picture only scales: nothing
    // moves to another row under the reader's eyes
    if (scene.mode === "svg" && view.selected < 0) {
      // re-wrap the rows for the new width
      place(scene, width, height);
      renderer.reorder();
    }
    setExtents();
    zoomBehavior.transform(select(chart), fitTransform());
  });
  ro.observe(chart);
  width = Math.floor(chart.clientWidth);
  height = Math.floor(chart.clientHeight);
  if (width && height) build();

  // --- app events -----------------------------------------------------------------------------
  const subscriptions = [];
  const listen = (event, fn) => {
    if (typeof app.on !== "function") return;
    const off = app.on(event, fn);
    subscriptions.push(() => {
      if (typeof off === "function") off();
      else if (typeof app.off === "function") app.off(event, fn);
    });
  };
  listen("select", (nodeId) => {
    if (!destroyed) setSelected(nodeId);
  });
  listen("scored", () => {
    if (destroyed) return;
    pendingScored = true;
    queueMicrotask(() => {
      if (pendingScored && app.report !== lastReport) update();
      pendingScored = false;
    });
  });
  listen("theme", () => {
    if (destroyed) return;
    // the stylesheet may switch on the next frame
    requestAnimationFrame(() => {
      if (destroyed) return;
      view.theme = readTheme(chart);
      if (!scene) return;
      computeColors();
      drawLegend();
      drawKey();
      renderer.recolor();
    });
  });

  return {
    update,
    destroy() {
      destroyed = true;
      ro.disconnect();
      cancelAnimationFrame(frame);
      cancelAnimationFrame(animFrame);
      clearTimeout(searchTimer);
      clearTimeout(tableTimer);
      for (const off of subscriptions) off();
      select(chart).on(".zoom", null);
      teardownRenderer();
      for (const node of added) node.remove();
      if (ownsSection) section.remove();
    },
    /** Sizes and timings (ms) of the last build and frame, for tests and benchmarks. */
    stats() {
      return {
        mode: scene ? scene.mode : null,
        nodes: scene ? scene.n : 0,
        edges: scene ? scene.m : 0,
        zoom: view.transform.k,
        build: { ...view.timings },
        lastFrameMs: renderer?.lastFrameMs ? renderer.lastFrameMs() : view.timings.draw,
        edgeStride: renderer?.edgeStride ? renderer.edgeStride() : 1,
      };
    },
    svg() {
      if (!scene || !renderer) return null;
      const out = renderer.exportSvg ? renderer.exportSvg() : staticSvg(view, width, height);
      appendLegend(out);
      return out;
    },
  };

  // the colour legend in the top right corner of an exported picture
  function appendLegend(svg) {
    const mode = modeOf();
    const th = view.theme;
    const [d0, d1] = scene.domains[colorSel.value === "risk" ? "risk" : "alignment"];
    const w = 160;
    const g = svgEl("g", { class: "legend", transform: `translate(${Math.max(0, width - w - 24)},10)`, color: th.fg, "font-family": view.fontFamily });
    svgEl("rect", { x: -8, y: -4, width: w + 20, height: 50, rx: 4, fill: th.bg, "fill-opacity": 0.9 }, g);
    const t = svgEl("text", { x: 0, y: 9, "font-size": 11, "font-weight": 600, fill: th.fg }, g);
    t.textContent = mode.label;
    const gid = `graph-export-gradient-${id}`;
    const defs = svgEl("defs", null, g);
    const grad = svgEl("linearGradient", { id: gid, x1: 0, x2: 1, y1: 0, y2: 0 }, defs);
    for (let s = 0; s <= 10; s++) svgEl("stop", { offset: `${s * 10}%`, "stop-color": rgb(mode.interpolate(s / 10)).formatHex() }, grad);
    svgEl("rect", { x: 0, y: 14, width: w, height: 10, fill: `url(#${gid})` }, g);
    const ax = svgEl("g", { transform: "translate(0,24)" }, g);
    select(ax).call(axisBottom(scaleLinear().domain([d0, d1]).range([0, w])).ticks(4).tickFormat(pct0).tickSize(3)).call((s) => s.select(".domain").remove());
    svg.appendChild(g);
    if (!svg.getAttribute("xmlns")) svg.setAttribute("xmlns", SVG_NS);
  }
}
