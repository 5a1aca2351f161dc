// Canvas renderer of the strategy graph, for models of more than 1,500 nodes.
//
// Every frame draws only what intersects the visible rectangle: the nodes found through a uniform grid
// over the view coordinates (which also serves hit testing), the edges with an endpoint inside or
// crossing it (canvas-edges.js), one fill per colour bin. While the user pans or zooms a graph whose
// full frame is slow, the last full frame is redrawn as a transformed bitmap and the full frame follows
// once the gesture pauses.

import { listen } from "./elements.js";
import { traceShape } from "./shapes.js";
import { measureText, wrapLabel, labelRoom, labelBaselines, LABEL_FONT, topLabelLayout, bandLabelLayout, bandLabelY, LabelPlacer, labelCandidates, MAX_LABELS, priorityLabels } from "./labels.js";
import { screenBands } from "./scene.js";
import { gestureGate } from "./gestures.js";
import { GridIndex } from "./grid-index.js";
import { drawCanvasEdges } from "./canvas-edges.js";
import { createGroupLayer } from "./group-layer.js";
import { createPixelLayer, paletteWords } from "./node-pixels.js";
import { formatCount as int } from "./node-info.js";

const SLOW_FRAME_MS = 28;

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

  let grid = new GridIndex(scene.vx, scene.vy, n, scene.viewBounds);
  // an aggregated model (scene.agg): the groups, their edges and buttons; nodes inside closed groups
  // (scene.hidden) are not drawn
  const groupLayer = scene.agg ? createGroupLayer(canvas, view) : null;
  const hidden = scene.agg ? scene.hidden : null;
  let hoveredGroup = -1;
  // nodes of a few pixels: one image (node-pixels.js); its colours follow the palette
  const pixels = createPixelLayer();
  let words = null;
  canvas.dataset.aggregated = String(!!scene.agg);
  const kindNames = scene.kindNames;

  // colour bins: scene.bin[i] indexes scene.palette
  const visible = new Uint32Array(n);
  let nVisible = 0;
  const binCount = new Uint32Array(scene.palette.length + 1);
  const binOrder = new Uint32Array(n);

  let width = 100;
  let height = 100;
  let dpr = 1;
  let snapshot = null; // {canvas, t}: the copy a gesture moves (t: where it was drawn; null: stale)
  let holdsFull = false; // the chart itself shows the last full frame, drawn at fullT
  let fullT = null;
  let markerR = 4;
  let sampledStride = 1;
  let fullFrames = 0;
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
    holdsFull = false;
  }

  /** Screen radius of a node of kind index `ki` at the current zoom. */
  // goals are few and matter most: never smaller than 4 px
  const goalKind = scene.kindNames.indexOf("goal");
  function radiusOf(ki) {
    const r = Math.min(scene.radius[ki], markerR * (scene.radius[ki] / 7));
    return ki === goalKind ? Math.max(r, 4) : r;
  }

  // while a gesture lasts, a full frame is tried again every 250 ms (level of detail makes them cheaper)
  const gate = gestureGate(view, SLOW_FRAME_MS, 250);

  // The chart holds the last full frame (drawn at `fullT`) until a moved picture replaces it. The
  // copy a gesture moves is taken from it only when the first moved frame needs it, not after every
  // full frame: copying a canvas makes the browser rasterise it at once, which costs as much as the
  // frame's own script.
  function takeSnapshot() {
    if (!snapshot || snapshot.canvas.width !== canvas.width || snapshot.canvas.height !== canvas.height) {
      const c = document.createElement("canvas");
      c.width = canvas.width;
      c.height = canvas.height;
      snapshot = { canvas: c, t: null };
    }
    const sctx = snapshot.canvas.getContext("2d");
    sctx.setTransform(1, 0, 0, 1, 0, 0);
    sctx.clearRect(0, 0, snapshot.canvas.width, snapshot.canvas.height);
    sctx.drawImage(canvas, 0, 0);
    snapshot.t = fullT;
  }

  function draw() {
    const t = view.transform;
    if (gate.quick(holdsFull || Boolean(snapshot?.t))) {
      if (holdsFull) takeSnapshot();
      holdsFull = false;
      quickDraw(t);
      return;
    }
    gate.full(() => fullDraw(t));
    holdsFull = true;
    fullT = t;
    if (snapshot) snapshot.t = null; // older than the chart's picture
    fullFrames++;
    canvas.dataset.fullFrames = String(fullFrames);
    canvas.dataset.frameMs = gate.lastFullMs().toFixed(2);
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
        if (x >= x0 && x <= x1 && y >= y0 && y <= y1 && !(hidden && hidden[i])) visible[nVisible++] = i;
      }
    } else {
      grid.visit(x0, y0, x1, y1, (i) => {
        const x = vx[i];
        const y = vy[i];
        if (x >= x0 && x <= x1 && y >= y0 && y <= y1 && !(hidden && hidden[i])) visible[nVisible++] = i;
      });
    }

    if (groupLayer) {
      groupLayer.drawEdges(ctx, t, width, height);
      groupLayer.drawBoxes(ctx, t, width, height, hoveredGroup);
    }
    sampledStride = drawCanvasEdges(ctx, scene, view, t, { x0, y0, x1, y1 }, { width, height }, radiusOf);
    drawNodes(t);
    drawLabels(t);
    drawMarks(t);
    drawBandLabels(bands);
    canvas.dataset.drawn = groupLayer ? `${int(scene.agg.grouping.groups.length)} groups, ${int(nVisible)} nodes` : `${int(nVisible)} nodes`;
    if (groupLayer && !view.interacting) groupLayer.markButtons(t, width, height);
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
    // shapes when they are big enough to tell apart; while the picture moves only for up to 1,500
    // nodes (squares of the same colours otherwise, the shapes return when it stops)
    const shapes = markerR >= 3.2 && nVisible <= (view.interacting ? 1500 : 20000);
    const alphaOf = (i) => (focus && !focus[i] ? 0.12 : scene.inactive[i] ? 0.3 : 1);
    if (!shapes) {
      if (!words || words.palette !== scene.palette) words = { palette: scene.palette, full: paletteWords(scene.palette, 1), faded: paletteWords(scene.palette, 0.3), dim: paletteWords(scene.palette, 0.12) };
      const side = (i) => Math.max(2, Math.round(2 * radiusOf(scene.kinds[i]) * dpr));
      const word = (i) => (focus && !focus[i] ? words.dim : scene.inactive[i] ? words.faded : words.full)[bins[i]];
      pixels.draw(ctx, canvas.width, canvas.height, visible, nVisible, (i) => dpr * (t.x + k * vx[i]), (i) => dpr * (t.y + k * vy[i]), side, word);
      return;
    }
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

  /** Names where they are readable: room at this zoom (labelRoom), no overlap (LabelPlacer), most
   * important first, at most MAX_LABELS; while a gesture lasts only up to 1,500 visible nodes. */
  function drawLabels(t) {
    if (view.interacting && nVisible > 1500) return;
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
    const placer = new LabelPlacer(width, height);
    const candidates = labelCandidates(scene, visible, nVisible, k, radiusOf, focus ? (i) => !focus[i] : null);
    for (let q = 0; q < candidates.length && placer.count < MAX_LABELS; q++) {
      const i = candidates[q];
      const r = radiusOf(scene.kinds[i]);
      const room = labelRoom(scene, i, k, r);
      const f = (room.goal ? LABEL_FONT.goal : LABEL_FONT.normal)(view.fontFamily);
      const ck = `${Math.floor(room.width / 6)}:${room.lines}`;
      let entry = labelCache.get(i);
      if (!entry || entry.key !== ck) {
        const lines = wrapLabel(scene.names[i], room.width, room.lines, f);
        entry = { key: ck, lines, width: Math.max(0, ...lines.map((line) => measureText(line, f))) };
        labelCache.set(i, entry);
      }
      if (!entry.lines.length) continue;
      const x = t.x + k * scene.vx[i] + r + 5;
      const y = t.y + k * scene.vy[i];
      const ys = labelBaselines(entry.lines.length, room.goal);
      if (!placer.place(x - 1, y + ys[0] - 11, entry.width + 2, ys[ys.length - 1] - ys[0] + 14)) continue;
      if (f !== font) ctx.font = font = f;
      entry.lines.forEach((line, li) => {
        ctx.strokeText(line, x, y + ys[li]);
        ctx.fillText(line, x, y + ys[li]);
      });
    }
    if (!view.interacting) drawPriorityLabels(t, placer, focus);
    canvas.dataset.labels = String(placer.count);
    if (labelCache.size > 20000) labelCache.clear();
  }

  /** Where names have no room beside their nodes: the most important ones on a box of their own,
   * wherever one does not overlap another name (labels.js, priorityLabels). */
  function drawPriorityLabels(t, placer, focus) {
    const th = view.theme;
    const skip = (i) => (hidden && hidden[i]) || (focus && !focus[i]);
    for (const l of priorityLabels(scene, t, width, height, radiusOf, placer, view.fontFamily, skip)) {
      ctx.globalAlpha = 0.88;
      ctx.fillStyle = th.bg;
      ctx.fillRect(l.x - 3, l.y - 13, l.width + 6, 16);
      ctx.globalAlpha = 1;
      ctx.font = l.font;
      ctx.fillStyle = th.fg;
      ctx.fillText(l.line, l.x, l.y);
    }
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
    for (let q = 0; q < Math.min(matches.length, 2000); q++) if (!(hidden && hidden[matches[q]])) ring(matches[q], th.accent, 2, 4);
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
    const i = grid.nearest(scene.vx, scene.vy, px, py, r, hidden);
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
      const gh = i < 0 && groupLayer ? groupHit(x, y) : { group: -1 };
      canvas.style.cursor = i >= 0 || gh.group >= 0 ? "pointer" : "";
      if (gh.group !== hoveredGroup) {
        hoveredGroup = gh.group;
        view.requestFrame();
      }
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
    else if (groupLayer) {
      // a closed group opens; an open one closes from its header
      const gh = groupHit(x, y);
      if (gh.group >= 0 && (!scene.agg.open[gh.group] || gh.header)) view.toggleGroup(gh.group);
    }
  };
  function groupHit(x, y) {
    const t = view.transform;
    return groupLayer.hit((x - t.x) / t.k, (y - t.y) / t.k);
  }
  const unlisten = listen(canvas, {
    pointermove: onPointerMove,
    pointerleave: onPointerLeave,
    click: onClick,
    keydown: (e) => view.canvasKey(e),
  });

  function destroy() {
    gate.stop();
    groupLayer?.destroy();
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
      holdsFull = false;
      groupLayer?.recolor();
      view.requestFrame();
    },
    /** After the groups were laid out again (a group expanded or collapsed). */
    relayout: () => {
      grid = new GridIndex(scene.vx, scene.vy, n, scene.viewBounds);
      labelCache.clear();
      snapshot = null;
      holdsFull = false;
      groupLayer?.relabel();
      view.requestFrame();
    },
    groupButton: (gi) => groupLayer?.button(gi),
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
