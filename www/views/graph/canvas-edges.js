// The edges of the canvas graph in one frame: culled to the visible rectangle, sampled beyond a budget
// (a stable power-of-two stride; rare styles and the focused neighbourhood always drawn), one path per
// style and emphasis, and the selected node's edges on top.

import { EDGE_STYLES, edgeColor } from "./shapes.js";
import { traceSceneEdge, traceArrow, traceHead, HEAD_MIN_LENGTH, nullSink } from "./edge-paths.js";

/** Most edges drawn in one frame; beyond it a stable sample is drawn and the chart says so. */
export const EDGE_BUDGET = 30000;
/** Most screen length (px) of edges drawn in one frame. */
export const PIXEL_BUDGET = 6e6;
/** While the picture moves (a pan or zoom), fewer: the full sample returns when it stops. */
export const MOVING_EDGE_BUDGET = 2000;
export const MOVING_PIXEL_BUDGET = 1.5e5;

/** The sampling stride (a power of two) for `total` edges of mean screen length `meanLen`; `moving`:
 * the smaller budgets of a moving picture. */
export function edgeStride(total, meanLen, moving = false) {
  const edges = moving ? MOVING_EDGE_BUDGET : EDGE_BUDGET;
  const pixels = moving ? MOVING_PIXEL_BUDGET : PIXEL_BUDGET;
  let stride = 1;
  while (total / stride > edges || (total / stride) * meanLen > pixels) stride *= 2;
  return stride;
}

/**
 * Draws the edges of `scene` at transform t whose ends are not both outside `box` (view units) on a
 * chart of `size` ({width, height}); radiusOf(kindIndex) is a marker's screen radius. Returns the
 * sampling stride (1: every edge drawn).
 */
export function drawCanvasEdges(ctx, scene, view, t, box, size, radiusOf) {
  const { x0, y0, x1, y1 } = box;
  const { width, height } = size;
  const tip = { x: 0, y: 0, dx: 0, dy: 0 };
  const th = view.theme;
  const k = t.k;
  const vx = scene.vx;
  const vy = scene.vy;
  const from = scene.from;
  const to = scene.to;
  const m = scene.m;
  const styleOf = scene.edgeStyle;
  const focus = view.focusMask;
  const sel = view.selected;
  // nodes inside a closed group (aggregate.js): their edges are the groups' counted edges
  const hidden = scene.agg ? scene.hidden : null;
  // bucket the visible edges by style (and emphasis: 0 normal, 1 faded, 2 dimmed)
  const counts = new Uint32Array(EDGE_STYLES.length * 3);
  let total = 0;
  const tmp = scene.edgeScratch || (scene.edgeScratch = new Uint32Array(m));
  const key = scene.edgeKeyScratch || (scene.edgeKeyScratch = new Uint8Array(m));
  // cull to the visible rectangle (aggregated: only the edges between drawn nodes)
  const only = scene.agg ? scene.agg.nodeEdges : null;
  const count = only ? only.length : m;
  for (let q = 0; q < count; q++) {
    const e = only ? only[q] : q;
    const a = from[e];
    const b = to[e];
    const ax = vx[a];
    const bx = vx[b];
    if ((ax < x0 && bx < x0) || (ax > x1 && bx > x1)) continue;
    const ay = vy[a];
    const by = vy[b];
    if ((ay < y0 && by < y0) || (ay > y1 && by > y1)) continue;
    if (a === b || a === sel || b === sel) continue;
    if (hidden && (hidden[a] || hidden[b])) continue;
    tmp[total++] = e;
  }
  // beyond the budget, draw every stride-th edge (a power of two, so the sample is stable while
  // panning); rare styles (excludes, negative) and the focused neighbourhood are always drawn
  // long edges cost in proportion to their length on screen: estimate it from a sample
  let meanLen = 0;
  const probe = Math.min(total, 512);
  for (let q = 0; q < probe; q++) {
    const e = tmp[Math.floor((q * total) / probe)];
    const dx = Math.abs(vx[from[e]] - vx[to[e]]) * k;
    const dy = Math.abs(vy[from[e]] - vy[to[e]]) * k;
    meanLen += Math.min(dx, width) + Math.min(dy, height);
  }
  meanLen = probe ? meanLen / probe : 0;
  const stride = edgeStride(total, meanLen, view.interacting);
  const mask = stride - 1;
  let kept = 0;
  for (let p = 0; p < total; p++) {
    const e = tmp[p];
    const a = from[e];
    const b = to[e];
    const st = styleOf[e];
    const inFocus = focus && focus[a] && focus[b];
    if (stride > 1 && (e & mask) !== 0 && st < 3 && !inFocus) continue;
    const level = focus && !inFocus ? 2 : scene.inactive[a] || scene.inactive[b] ? 1 : 0;
    const kk = st * 3 + level;
    key[kept] = kk;
    tmp[kept++] = e;
    counts[kk]++;
  }
  total = kept;
  // order by bucket (counting sort)
  const startOf = new Uint32Array(counts.length + 1);
  for (let c = 0; c < counts.length; c++) startOf[c + 1] = startOf[c] + counts[c];
  const order = scene.edgeOrderScratch || (scene.edgeOrderScratch = new Uint32Array(m));
  const fillPos = startOf.slice(0, counts.length);
  for (let p = 0; p < total; p++) order[fillPos[key[p]]++] = tmp[p];

  // traces edge a -> b between the markers' rims into `sink`; returns its screen length
  const traceEdgeOf = (sink, a, b, curvedEdge) =>
    traceSceneEdge(sink, scene, t, a, b, radiusOf(scene.kinds[a]) + 1, radiusOf(scene.kinds[b]) + 2, curvedEdge, tip);
  // while moving: straight lines without heads
  const curved = !view.interacting && total <= 6000;
  const heads = !view.interacting && total <= 4000;
  const density = total > 1500 ? Math.sqrt(1500 / total) : 1;
  for (let c = 0; c < counts.length; c++) {
    if (!counts[c]) continue;
    const st = EDGE_STYLES[(c / 3) | 0];
    const level = c % 3;
    const color = edgeColor(st, th);
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = total > 20000 ? Math.min(st.width, 0.8) : st.width;
    ctx.setLineDash(st.dash && total <= 20000 && !view.interacting ? st.dash : []);
    ctx.lineCap = st.cap || "butt";
    ctx.globalAlpha = Math.max(0.02, (level === 0 ? st.opacity : level === 1 ? st.opacity * 0.35 : 0.05) * (c >= 9 ? 1 : density));
    ctx.beginPath();
    for (let p = startOf[c]; p < startOf[c + 1]; p++) {
      const e = order[p];
      const a = from[e];
      const b = to[e];
      if (curved) traceEdgeOf(ctx, a, b, true);
      else {
        ctx.moveTo(t.x + k * vx[a], t.y + k * vy[a]);
        ctx.lineTo(t.x + k * vx[b], t.y + k * vy[b]);
      }
    }
    ctx.stroke();
    if (heads && st.head !== "none") {
      ctx.setLineDash([]);
      ctx.beginPath();
      for (let p = startOf[c]; p < startOf[c + 1]; p++) {
        const e = order[p];
        // the tip only: the line itself is already drawn
        if (traceEdgeOf(nullSink, from[e], to[e], curved) >= HEAD_MIN_LENGTH) traceHead(ctx, st, tip, 6);
      }
      if (st.head === "arrow") ctx.fill();
      else {
        ctx.lineWidth = 2;
        ctx.stroke();
      }
    }
  }
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;

  // edges of the selected node, on top
  if (sel >= 0) {
    ctx.strokeStyle = th.accent;
    ctx.fillStyle = th.accent;
    ctx.lineWidth = 2;
    const off = scene.adjStart;
    ctx.beginPath();
    const hs = [];
    for (let p = off[sel]; p < off[sel + 1]; p++) {
      const e = scene.adjEdge[p];
      if (from[e] === to[e]) continue;
      traceEdgeOf(ctx, from[e], to[e], true);
      hs.push({ ...tip });
    }
    ctx.stroke();
    ctx.beginPath();
    for (const h of hs) traceArrow(ctx, h, 7);
    ctx.fill();
  }
  return stride;
}
