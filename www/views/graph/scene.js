// The strategy graph as the view draws it: from the engine's layered layout (goals on top, then
// capabilities and activities, initiatives, applications) to view positions, reading order, rows,
// layer bands and the room each node has for its name. Pure computation on typed arrays (no DOM).

import { kindInfo, edgeStyleIndex } from "./shapes.js";
import { AGGREGATE_MIN_NODES, groupScene, layoutGroups, aggregateEdges } from "./aggregate.js";

/** Largest model drawn as SVG; larger models go to the canvas. */
export const SVG_MAX_NODES = 1500;

/** Room around the drawing inside the chart (px): band labels on the left. */
export const PAD = { left: 132, right: 24, top: 44, bottom: 40 };
const MAX_STRETCH = 6;

/** Band label of a layer from the kinds it holds: "Goals", "Capabilities & activities", ... */
export function layerLabel(kindsPresent) {
  const names = kindsPresent.map((k, idx) => (idx === 0 ? kindInfo(k).plural : kindInfo(k).plural.toLowerCase()));
  if (names.length <= 1) return names[0] || "";
  return `${names.slice(0, -1).join(", ")} & ${names[names.length - 1]}`;
}

/**
 * What the scene is built from, read through the App: ids, names, kind codes and names, edge kind
 * names, and `graph` (the resolved `app.graphData()`: {layout, edges}).
 */
export function sceneData(app, graph) {
  return {
    ids: app.ids(),
    names: app.names(),
    kinds: app.kindCodes(),
    kindNames: app.kindNames(),
    edgeKindNames: app.edgeKindNames(),
    layout: graph.layout,
    edges: graph.edges,
  };
}

/** The model as the view draws it (from sceneData()): ids, kinds, layout, edges and their styles, adjacency. */
export function buildScene(data) {
  const { ids, names, kinds, kindNames, edgeKindNames } = data;
  const n = ids.length;
  const lay = data.layout;
  const ed = data.edges;
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
    // above AGGREGATE_MIN_NODES: {grouping, expanded (Set of group keys), boxes, open, rows, edges}
    agg: null,
    hidden: null,
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
export function place(scene, width, height) {
  if (scene.mode === "svg") reflow(scene, width, height);
  else if (scene.agg) {
    placeGroups(scene, width, height);
    return;
  } else stretch(scene, width, height);
  geometry(scene);
}

/**
 * Models above AGGREGATE_MIN_NODES are drawn as groups (aggregate.js); `expanded` (a Set of group
 * keys) names the groups drawn node by node, and survives re-scores and re-layouts.
 */
export function aggregate(scene, expanded) {
  if (scene.n <= AGGREGATE_MIN_NODES) return false;
  scene.agg = { grouping: groupScene(scene), expanded, boxes: null, open: null, rows: [], edges: null };
  return true;
}

/** The groups and open groups' nodes laid out for a chart of width x height, with their edges. */
export function placeGroups(scene, width, height) {
  const agg = scene.agg;
  const aw = Math.max(width - PAD.left - PAD.right, 50);
  const ah = Math.max(height - PAD.top - PAD.bottom, 50);
  const out = layoutGroups(scene, agg.grouping, agg.expanded, aw / ah);
  agg.boxes = out.boxes;
  agg.open = out.open;
  agg.rows = out.rows;
  agg.edges = aggregateEdges(scene, agg.grouping.groupOf, agg.grouping.groups.length, scene.hidden);
  // the edges drawn node to node (both ends in open groups), so a frame need not look at the others
  const hidden = scene.hidden;
  let count = 0;
  for (let e = 0; e < scene.m; e++) if (!hidden[scene.from[e]] && !hidden[scene.to[e]]) count++;
  agg.nodeEdges = new Uint32Array(count);
  count = 0;
  for (let e = 0; e < scene.m; e++) if (!hidden[scene.from[e]] && !hidden[scene.to[e]]) agg.nodeEdges[count++] = e;
  geometry(scene);
  scene.bands = out.rows.map((r) => ({ label: r.label, y0: r.y0, y1: r.y1 }));
  scene.viewBounds = out.bounds;
  scene.minSpacing = 40;
}

/** Rows of a layer of `count` nodes at C columns; a layer only a little wider than C stays one row
 * (a second row of a few names would crowd both). */
export function rowsOf(count, C) {
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
    if (scene.hidden && scene.hidden[i]) continue;
    const g = Math.min(scene.gapX[i], scene.gapY[i]);
    if (g > 0) sample.push(g);
  }
  sample.sort((a, c) => a - c);
  scene.minSpacing = sample.length ? sample[sample.length >> 1] : 40;
}

/** Scale of the SVG markers at zoom k: 1, or less where nodes are closer than about 2.8 radii. */
export function markerScale(scene, k) {
  return Math.max(0.3, Math.min(1, (scene.minSpacing * k * 0.36) / 7));
}

/**
 * Layer bands in screen coordinates: [{label, top, bottom}], for the stripes and the labels on the
 * left; neighbouring bands meet half way between their rows. `sy` maps a view y to the screen.
 */
export function screenBands(scene, sy) {
  const bands = scene.bands;
  const out = [];
  for (let b = 0; b < bands.length; b++) {
    const y0 = sy(bands[b].y0);
    const y1 = sy(bands[b].y1);
    const prevEnd = b > 0 ? sy(bands[b - 1].y1) : null;
    const nextStart = b + 1 < bands.length ? sy(bands[b + 1].y0) : null;
    const top = prevEnd == null ? y0 - 24 : (prevEnd + y0) / 2;
    const bottom = nextStart == null ? y1 + 24 : (y1 + nextStart) / 2;
    out.push({ label: bands[b].label, top, bottom });
  }
  return out;
}

/** The nodes within `hops` steps of node i (edges in either direction), as a 0/1 mask. */
export function neighbourhood(scene, i, hops) {
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

/** The box around the nodes of a mask, in view units, and how many nodes it holds. */
export function maskBox(scene, mask) {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  let count = 0;
  for (let i = 0; i < scene.n; i++) {
    if (!mask[i]) continue;
    count++;
    x0 = Math.min(x0, scene.vx[i]);
    x1 = Math.max(x1, scene.vx[i]);
    y0 = Math.min(y0, scene.vy[i]);
    y1 = Math.max(y1, scene.vy[i]);
  }
  return { x0, x1, y0, y1, count };
}

/** The node next to i in a direction ("Left", "Right": the same row; "Up", "Down": the nearest one in
 * the row above or below), or -1. */
export function neighbourInDirection(scene, i, dir) {
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

/** The nodes whose id or name contains `query` (any case), in reading order, exact matches first. */
export function searchScene(scene, query) {
  const q = query.trim().toLowerCase();
  if (!q) return [];
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
  return exact.concat(matches);
}
