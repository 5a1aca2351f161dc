// Canvas renderer of the strategy graph, for models of more than 1,500 nodes.
//
// Every frame draws only what intersects the visible rectangle: the nodes found through a uniform grid
// over the view coordinates (which also serves hit testing), the edges with an endpoint inside or
// crossing it, one path per edge style and one fill per colour bin. While the user pans or zooms a
// graph whose full frame is slow, the last full frame is redrawn as a transformed bitmap and the full
// frame follows once the gesture pauses.

import {
  EDGE_STYLES,
  edgeColor,
  traceSceneEdge,
  traceArrow,
  traceHead,
  HEAD_MIN_LENGTH,
  wrapLabel,
  screenBands,
  labelRoom,
  labelBaselines,
  LABEL_FONT,
  topLabelLayout,
  bandLabelLayout,
  bandLabelY,
  gestureGate,
  listen,
} from "./svg-renderer.js";

const SLOW_FRAME_MS = 28;
/** Most edges drawn in one frame; beyond it a stable sample is drawn and the chart says so. */
export const EDGE_BUDGET = 30000;
/** Most screen length (px) of edges drawn in one frame. */
export const PIXEL_BUDGET = 6e6;

/** Uniform grid over points (xs[i], ys[i]): cell lists in CSR form. */
export class GridIndex {
  constructor(xs, ys, n, bounds) {
    const w = Math.max(bounds.x1 - bounds.x0, 1e-9);
    const h = Math.max(bounds.y1 - bounds.y0, 1e-9);
    // about two points per cell, at most 1M cells
    const cells = Math.min(1 << 20, Math.max(1, Math.ceil(n / 2)));
    let cs = Math.sqrt((w * h) / cells);
    if (!(cs > 0)) cs = Math.max(w, h);
    cs = Math.max(cs, w / 4096, h / 4096);
    this.x0 = bounds.x0;
    this.y0 = bounds.y0;
    this.cs = cs;
    this.gw = Math.max(1, Math.ceil(w / cs) + 1);
    this.gh = Math.max(1, Math.ceil(h / cs) + 1);
    const ncell = this.gw * this.gh;
    const start = new Uint32Array(ncell + 1);
    const cellOf = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const c = this.cell(xs[i], ys[i]);
      cellOf[i] = c;
      start[c + 1]++;
    }
    for (let c = 0; c < ncell; c++) start[c + 1] += start[c];
    const fill = start.slice(0, ncell);
    const items = new Uint32Array(n);
    for (let i = 0; i < n; i++) items[fill[cellOf[i]]++] = i;
    this.start = start;
    this.items = items;
  }
  cell(x, y) {
    const cx = Math.min(this.gw - 1, Math.max(0, Math.floor((x - this.x0) / this.cs)));
    const cy = Math.min(this.gh - 1, Math.max(0, Math.floor((y - this.y0) / this.cs)));
    return cy * this.gw + cx;
  }
  /** Calls fn(i) for every point in cells overlapping [x0, x1] x [y0, y1]. */
  visit(x0, y0, x1, y1, fn) {
    const cx0 = Math.max(0, Math.floor((x0 - this.x0) / this.cs));
    const cx1 = Math.min(this.gw - 1, Math.floor((x1 - this.x0) / this.cs));
    const cy0 = Math.max(0, Math.floor((y0 - this.y0) / this.cs));
    const cy1 = Math.min(this.gh - 1, Math.floor((y1 - this.y0) / this.cs));
    for (let cy = cy0; cy <= cy1; cy++) {
      const row = cy * this.gw;
      for (let cx = cx0; cx <= cx1; cx++) {
        const c = row + cx;
        for (let p = this.start[c], e = this.start[c + 1]; p < e; p++) fn(this.items[p]);
      }
    }
  }
  /** The point nearest (x, y) within radius r, or -1. */
  nearest(xs, ys, x, y, r) {
    let best = -1;
    let bestD = r * r;
    this.visit(x - r, y - r, x + r, y + r, (i) => {
      const dx = xs[i] - x;
      const dy = ys[i] - y;
      const d = dx * dx + dy * dy;
      if (d <= bestD) {
        bestD = d;
        best = i;
      }
    });
    return best;
  }
}

/** Traces a kind's shape at (x, y) with radius r into a canvas path (same shapes as the SVG). */
function traceShape(ctx, kind, x, y, r) {
  switch (kind) {
    case "goal": {
      const h = r * 0.866;
      ctx.moveTo(x - r, y);
      ctx.lineTo(x - r / 2, y - h);
      ctx.lineTo(x + r / 2, y - h);
      ctx.lineTo(x + r, y);
      ctx.lineTo(x + r / 2, y + h);
      ctx.lineTo(x - r / 2, y + h);
      ctx.closePath();
      break;
    }
    case "capability": {
      const s = r * 0.86;
      ctx.rect(x - s, y - s, 2 * s, 2 * s);
      break;
    }
    case "activity": {
      const h = r * 0.72;
      ctx.moveTo(x - r, y - h);
      ctx.lineTo(x + r * 0.3, y - h);
      ctx.lineTo(x + r, y);
      ctx.lineTo(x + r * 0.3, y + h);
      ctx.lineTo(x - r, y + h);
      ctx.closePath();
      break;
    }
    case "application":
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, Math.PI * 2);
      break;
    case "initiative": {
      const d = r * 1.15;
      ctx.moveTo(x, y - d);
      ctx.lineTo(x + d, y);
      ctx.lineTo(x, y + d);
      ctx.lineTo(x - d, y);
      ctx.closePath();
      break;
    }
    case "element": {
      const h = r * 1.1;
      ctx.moveTo(x, y - h);
      ctx.lineTo(x + h * 0.95, y + h * 0.7);
      ctx.lineTo(x - h * 0.95, y + h * 0.7);
      ctx.closePath();
      break;
    }
    default:
      ctx.rect(x - r, y - r, 2 * r, 2 * r);
  }
}

export function createCanvasRenderer(container, view) {
  const scene = view.scene;
  const n = scene.n;
  const canvas = document.createElement("canvas");
  canvas.id = "graph-canvas";
  canvas.setAttribute("role", "img");
  canvas.setAttribute("tabindex", "0");
  canvas.setAttribute("aria-label", view.ariaSummary());
  canvas.style.display = "block";
  canvas.style.touchAction = "none";
  // fallback content for agents that do not render canvas
  const fallback = document.createElement("p");
  fallback.textContent = `${view.ariaSummary()} Use the search box to find a node; the table lists the nodes.`;
  canvas.appendChild(fallback);
  container.appendChild(canvas);
  const ctx = canvas.getContext("2d", { alpha: false });

  const grid = new GridIndex(scene.vx, scene.vy, n, scene.viewBounds);
  const kindNames = scene.kindNames;

  // colour bins: scene.bin[i] indexes scene.palette
  const visible = new Uint32Array(n);
  let nVisible = 0;
  const binCount = new Uint32Array(scene.palette.length + 1);
  const binOrder = new Uint32Array(n);

  let width = 100;
  let height = 100;
  let dpr = 1;
  let snapshot = null; // {canvas, t}
  let markerR = 4;
  let sampledStride = 1;
  const tip = { x: 0, y: 0, dx: 0, dy: 0 };
  const labelCache = new Map();

  function resize(w, h) {
    width = w;
    height = h;
    dpr = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
    canvas.style.width = `${w}px`;
    canvas.style.height = `${h}px`;
    snapshot = null;
  }

  /** Screen radius of a node of kind index `ki` at the current zoom. */
  // goals are few and matter most: never smaller than 4 px
  const goalKind = scene.kindNames.indexOf("goal");
  function radiusOf(ki) {
    const r = Math.min(scene.radius[ki], markerR * (scene.radius[ki] / 7));
    return ki === goalKind ? Math.max(r, 4) : r;
  }

  const gate = gestureGate(view, SLOW_FRAME_MS);

  function draw() {
    const t = view.transform;
    if (gate.quick(snapshot)) {
      quickDraw(t);
      return;
    }
    gate.full(() => fullDraw(t));
    if (gate.lastFullMs() > SLOW_FRAME_MS || view.interacting) {
      if (!snapshot || snapshot.canvas.width !== canvas.width || snapshot.canvas.height !== canvas.height) {
        const c = document.createElement("canvas");
        c.width = canvas.width;
        c.height = canvas.height;
        snapshot = { canvas: c, t: null };
      }
      const sctx = snapshot.canvas.getContext("2d");
      sctx.drawImage(canvas, 0, 0);
      snapshot.t = t;
    } else {
      snapshot = null;
    }
  }

  // the last full frame, scaled and moved to the current transform
  function quickDraw(t) {
    const s = t.k / snapshot.t.k;
    const dx = t.x - snapshot.t.x * s;
    const dy = t.y - snapshot.t.y * s;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = view.theme.bg;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(dpr * s, 0, 0, dpr * s, dpr * dx, dpr * dy);
    ctx.drawImage(snapshot.canvas, 0, 0, canvas.width / dpr, canvas.height / dpr);
  }

  function fullDraw(t) {
    const th = view.theme;
    const k = t.k;
    const vx = scene.vx;
    const vy = scene.vy;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.globalAlpha = 1;
    ctx.fillStyle = th.bg;
    ctx.fillRect(0, 0, width, height);

    // layer bands
    const bands = screenBands(scene, (y) => t.y + k * y);
    ctx.fillStyle = th.grid;
    ctx.globalAlpha = th.dark ? 0.35 : 0.45;
    bands.forEach((b, idx) => {
      if (idx % 2 === 0 && b.bottom > 0 && b.top < height) ctx.fillRect(0, b.top, width, b.bottom - b.top);
    });
    ctx.globalAlpha = 1;

    // marker size grows with zoom until the full shape size
    markerR = Math.max(1.2, Math.min(7, k * scene.minSpacing * 0.28));

    // visible nodes
    const pad = 12 / k;
    const x0 = -t.x / k - pad;
    const y0 = -t.y / k - pad;
    const x1 = (width - t.x) / k + pad;
    const y1 = (height - t.y) / k + pad;
    nVisible = 0;
    const vb = scene.viewBounds;
    const coversMost = (x1 - x0) * (y1 - y0) > 0.5 * (vb.x1 - vb.x0 + 1) * (vb.y1 - vb.y0 + 1);
    if (coversMost) {
      for (let i = 0; i < n; i++) {
        const x = vx[i];
        const y = vy[i];
        if (x >= x0 && x <= x1 && y >= y0 && y <= y1) visible[nVisible++] = i;
      }
    } else {
      grid.visit(x0, y0, x1, y1, (i) => {
        const x = vx[i];
        const y = vy[i];
        if (x >= x0 && x <= x1 && y >= y0 && y <= y1) visible[nVisible++] = i;
      });
    }

    drawEdges(t, x0, y0, x1, y1);
    drawNodes(t);
    drawLabels(t);
    drawMarks(t);
    drawBandLabels(bands);
    if (sampledStride > 1) {
      const th = view.theme;
      const note = `Edges: 1 in ${sampledStride} shown at this zoom; zoom in to see all`;
      ctx.font = `11px ${view.fontFamily}`;
      ctx.textAlign = "right";
      const w = ctx.measureText(note).width;
      ctx.globalAlpha = 0.85;
      ctx.fillStyle = th.bg;
      ctx.fillRect(width - w - 14, height - 22, w + 10, 18);
      ctx.globalAlpha = 1;
      ctx.fillStyle = th.muted;
      ctx.fillText(note, width - 9, height - 9);
    }
  }

  function drawEdges(t, x0, y0, x1, y1) {
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
    // bucket the visible edges by style (and emphasis: 0 normal, 1 faded, 2 dimmed)
    const counts = new Uint32Array(EDGE_STYLES.length * 3);
    let total = 0;
    const tmp = scene.edgeScratch || (scene.edgeScratch = new Uint32Array(m));
    const key = scene.edgeKeyScratch || (scene.edgeKeyScratch = new Uint8Array(m));
    // cull to the visible rectangle
    for (let e = 0; e < m; e++) {
      const a = from[e];
      const b = to[e];
      const ax = vx[a];
      const bx = vx[b];
      if ((ax < x0 && bx < x0) || (ax > x1 && bx > x1)) continue;
      const ay = vy[a];
      const by = vy[b];
      if ((ay < y0 && by < y0) || (ay > y1 && by > y1)) continue;
      if (a === b || a === sel || b === sel) continue;
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
    let stride = 1;
    while (total / stride > EDGE_BUDGET || (total / stride) * meanLen > PIXEL_BUDGET) stride *= 2;
    sampledStride = stride;
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
    const curved = total <= 6000;
    const heads = total <= 4000;
    const density = total > 1500 ? Math.sqrt(1500 / total) : 1;
    for (let c = 0; c < counts.length; c++) {
      if (!counts[c]) continue;
      const st = EDGE_STYLES[(c / 3) | 0];
      const level = c % 3;
      const color = edgeColor(st, th);
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.lineWidth = total > 20000 ? Math.min(st.width, 0.8) : st.width;
      ctx.setLineDash(st.dash && total <= 20000 ? st.dash : []);
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
  }

  function drawNodes(t) {
    const th = view.theme;
    const k = t.k;
    const vx = scene.vx;
    const vy = scene.vy;
    const focus = view.focusMask;
    const bins = scene.bin;
    const nb = scene.palette.length;
    // counting sort of the visible nodes by colour bin
    binCount.fill(0);
    for (let p = 0; p < nVisible; p++) binCount[bins[visible[p]] + 1]++;
    for (let b = 0; b < nb; b++) binCount[b + 1] += binCount[b];
    const pos = binCount.slice(0, nb);
    for (let p = 0; p < nVisible; p++) {
      const i = visible[p];
      binOrder[pos[bins[i]]++] = i;
    }
    const shapes = markerR >= 3.2 && nVisible <= 20000;
    const alphaOf = (i) => (focus && !focus[i] ? 0.12 : scene.inactive[i] ? 0.3 : 1);
    for (const pass of [1, 0.3, 0.12]) {
      let any = false;
      for (let b = 0; b < nb; b++) {
        const s = binCount[b];
        const e = binCount[b + 1];
        if (s === e) continue;
        let started = false;
        for (let p = s; p < e; p++) {
          const i = binOrder[p];
          if (alphaOf(i) !== pass) continue;
          if (!started) {
            ctx.fillStyle = scene.palette[b];
            ctx.globalAlpha = pass;
            ctx.beginPath();
            started = true;
            any = true;
          }
          const x = t.x + k * vx[i];
          const y = t.y + k * vy[i];
          const ki = scene.kinds[i];
          const r = radiusOf(ki);
          if (shapes) traceShape(ctx, kindNames[ki], x, y, r);
          else ctx.rect(x - r, y - r, 2 * r, 2 * r);
        }
        if (started) ctx.fill();
      }
      if (!any || !shapes) continue;
      // outlines: one stroke per pass (dashed for inactive initiatives)
      // small markers get lighter outlines, or the outline would drown the colour
      const weight = Math.max(0.3, Math.min(1, (markerR - 2) / 4));
      ctx.strokeStyle = th.fg;
      ctx.lineWidth = markerR < 5 ? 0.75 : 1;
      ctx.globalAlpha = (pass === 1 ? 0.85 : pass === 0.3 ? 0.7 : 0.15) * weight;
      ctx.setLineDash(pass === 0.3 ? [2.5, 2] : []);
      ctx.beginPath();
      for (let p = 0; p < nVisible; p++) {
        const i = visible[p];
        if (alphaOf(i) !== pass) continue;
        const ki = scene.kinds[i];
        traceShape(ctx, kindNames[ki], t.x + k * vx[i], t.y + k * vy[i], radiusOf(ki));
      }
      ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.globalAlpha = 1;
  }

  function drawLabels(t) {
    if (nVisible > 1500) return;
    const th = view.theme;
    const k = t.k;
    const focus = view.focusMask;
    ctx.textAlign = "left";
    ctx.textBaseline = "alphabetic";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3;
    ctx.strokeStyle = th.bg;
    ctx.fillStyle = th.fg;
    let font = "";
    for (let p = 0; p < nVisible; p++) {
      const i = visible[p];
      if (focus && !focus[i]) continue;
      const r = radiusOf(scene.kinds[i]);
      const room = labelRoom(scene, i, k, r);
      if (!room.lines) continue;
      const f = (room.goal ? LABEL_FONT.goal : LABEL_FONT.normal)(view.fontFamily);
      const ck = `${Math.floor(room.width / 6)}:${room.lines}`;
      let entry = labelCache.get(i);
      if (!entry || entry.key !== ck) {
        entry = { key: ck, lines: wrapLabel(scene.names[i], room.width, room.lines, f) };
        labelCache.set(i, entry);
      }
      if (!entry.lines.length) continue;
      if (f !== font) ctx.font = font = f;
      const x = t.x + k * scene.vx[i] + r + 5;
      const y = t.y + k * scene.vy[i];
      const ys = labelBaselines(entry.lines.length, room.goal);
      entry.lines.forEach((line, li) => {
        ctx.strokeText(line, x, y + ys[li]);
        ctx.fillText(line, x, y + ys[li]);
      });
    }
    if (labelCache.size > 20000) labelCache.clear();
  }

  function drawMarks(t) {
    const th = view.theme;
    const k = t.k;
    const ring = (i, color, w, extra) => {
      const x = t.x + k * scene.vx[i];
      const y = t.y + k * scene.vy[i];
      if (x < -20 || y < -20 || x > width + 20 || y > height + 20) return;
      ctx.strokeStyle = color;
      ctx.lineWidth = w;
      ctx.beginPath();
      ctx.arc(x, y, radiusOf(scene.kinds[i]) + extra, 0, Math.PI * 2);
      ctx.stroke();
    };
    const matches = view.matches;
    for (let q = 0; q < Math.min(matches.length, 2000); q++) ring(matches[q], th.accent, 2, 4);
    if (view.hovered >= 0) ring(view.hovered, th.fg, 1.5, 4);
    const sel = view.selected;
    if (sel >= 0) {
      ring(sel, th.accent, 3, 5);
      topLabel(t, sel);
    }
    if (matches.length && matches[0] !== sel) topLabel(t, matches[0]);
  }

  function topLabel(t, i) {
    const th = view.theme;
    const x = t.x + t.k * scene.vx[i];
    const y = t.y + t.k * scene.vy[i];
    if (x < -50 || y < -50 || x > width + 50 || y > height + 50) return;
    const { font, lines, x0, ys, box } = topLabelLayout(scene.names[i], x, y, radiusOf(scene.kinds[i]), view.fontFamily);
    ctx.globalAlpha = 0.94;
    ctx.fillStyle = th.bg;
    ctx.fillRect(box.x, box.y, box.width, box.height);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = th.accent;
    ctx.lineWidth = 1;
    ctx.strokeRect(box.x, box.y, box.width, box.height);
    ctx.font = font;
    ctx.textAlign = "left";
    ctx.fillStyle = th.fg;
    lines.forEach((line, li) => ctx.fillText(line, x0, ys[li]));
  }

  function drawBandLabels(bands) {
    const th = view.theme;
    ctx.textAlign = "left";
    for (const b of bands) {
      if (b.bottom < 0 || b.top > height) continue;
      const ly = bandLabelY(b);
      const { font, lines, width: bw } = bandLabelLayout(b.label, view.fontFamily);
      ctx.font = font;
      ctx.globalAlpha = 0.85;
      ctx.fillStyle = th.bg;
      ctx.fillRect(4, ly - 13, bw, lines.length * 15 + 6);
      ctx.globalAlpha = 1;
      ctx.fillStyle = th.muted;
      lines.forEach((line, li) => ctx.fillText(line, 10, ly + li * 15));
    }
  }

  /** The node under the screen point (x, y), or -1. */
  function hitTest(x, y) {
    const t = view.transform;
    const px = (x - t.x) / t.k;
    const py = (y - t.y) / t.k;
    const r = (Math.max(markerR, 3) + 4) / t.k;
    const i = grid.nearest(scene.vx, scene.vy, px, py, r);
    if (i >= 0 && view.focusMask && !view.focusMask[i]) return -1;
    return i;
  }

  const localPoint = (e) => {
    const rect = canvas.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  };
  let moveFrame = 0;
  let lastMove = null;
  const onPointerMove = (e) => {
    lastMove = e;
    if (moveFrame) return;
    moveFrame = requestAnimationFrame(() => {
      moveFrame = 0;
      if (!lastMove || view.interacting) return;
      const [x, y] = localPoint(lastMove);
      const i = hitTest(x, y);
      canvas.style.cursor = i >= 0 ? "pointer" : "";
      view.hover(i, lastMove);
    });
  };
  const onPointerLeave = () => {
    lastMove = null;
    view.hover(-1, null);
  };
  const onClick = (e) => {
    const [x, y] = localPoint(e);
    const i = hitTest(x, y);
    if (i >= 0) view.activate(i);
  };
  const unlisten = listen(canvas, {
    pointermove: onPointerMove,
    pointerleave: onPointerLeave,
    click: onClick,
    keydown: (e) => view.canvasKey(e),
  });

  function destroy() {
    gate.stop();
    if (moveFrame) cancelAnimationFrame(moveFrame);
    unlisten();
    canvas.remove();
  }

  return {
    element: canvas,
    resize,
    draw,
    invalidate() {},
    recolor: () => {
      labelCache.clear();
      snapshot = null;
      view.requestFrame();
    },
    exportSvg: null,
    destroy,
    hitTest,
    lastFrameMs: gate.lastFullMs,
    edgeStride: () => sampledStride,
    setAriaLabel: (s) => {
      canvas.setAttribute("aria-label", s);
      fallback.textContent = `${s} Use the search box to find a node; the table lists the nodes.`;
    },
    focusNode: () => canvas.focus({ preventScroll: true }),
  };
}

const nullSink = {
  moveTo() {},
  lineTo() {},
  bezierCurveTo() {},
  quadraticCurveTo() {},
  closePath() {},
};
