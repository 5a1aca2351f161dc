// The live SVG renderer of the strategy graph (models of at most 1,500 nodes).
//
// Positions: layout units -> view units (`scene.vx/vy`) -> screen pixels through the d3-zoom transform.
// Shapes, labels and strokes keep a constant on-screen size while zooming (like map markers); zooming
// spreads the graph out so that labels find room. A pan at the same zoom only moves one group; a slow
// picture moves as a bitmap (a CSS transform) while a gesture lasts.

import { f2, svgEl } from "./elements.js";
import { EDGE_STYLES, edgeColor } from "./shapes.js";
import { PathBuilder, traceEdge, traceArrow, traceHead, HEAD_MIN_LENGTH } from "./edge-paths.js";
import { topLabelLayout, bandLabelLayout, bandLabelY, LabelPlacer, priorityLabels } from "./labels.js";
import { screenBands, markerScale } from "./scene.js";
import { gestureGate } from "./gestures.js";
import { createSvgNodes } from "./svg-nodes.js";
import { cloneForExport } from "./svg-export.js";

/** A full frame slower than this (ms) is moved as a bitmap during gestures. */
const SLOW_FRAME_MS = 30;

/**
 * The live SVG renderer. `view` is the controller's (controller.js): the scene, the zoom transform,
 * the theme, the selection and the callbacks (hover, click, key).
 */
export function createSvgRenderer(container, view) {
  const scene = view.scene;
  const n = scene.n;
  const svg = svgEl("svg", {
    id: "graph-svg",
    role: "group",
    "aria-roledescription": "graph",
    width: 100,
    height: 100,
    "font-family": view.fontFamily,
  });
  svg.setAttribute("aria-label", view.ariaSummary());
  svg.style.display = "block";
  svg.style.touchAction = "none";
  svg.style.userSelect = "none";
  svg.style.transformOrigin = "0 0";
  // its own compositing layer, so moving it mid-gesture does not repaint it
  svg.style.willChange = "transform";
  container.appendChild(svg);

  const gBg = svgEl("rect", { class: "graph-bg", x: 0, y: 0, width: 100, height: 100, fill: "none", "aria-hidden": "true" }, svg);
  // everything drawn in screen coordinates at the last full frame; a pan at the same zoom only moves
  // this group (a full frame follows when the zoom changes or the picture does)
  const gPan = svgEl("g", { class: "pan" }, svg);
  const gBands = svgEl("g", { class: "bands", "aria-hidden": "true", "pointer-events": "none" }, gPan);
  const gEdges = svgEl("g", { class: "edges", "aria-hidden": "true", "pointer-events": "none", fill: "none" }, gPan);
  const gHeads = svgEl("g", { class: "edge-heads", "aria-hidden": "true", "pointer-events": "none" }, gPan);
  const gHi = svgEl("g", { class: "edges-selected", "aria-hidden": "true", "pointer-events": "none", fill: "none" }, gPan);
  const gMarks = svgEl("g", { class: "marks", "aria-hidden": "true", "pointer-events": "none", fill: "none" }, gPan);
  const gNodes = svgEl("g", { class: "nodes" }, gPan);
  // the names beside the nodes: outside the focusable nodes, so a node's accessible name (its full
  // name, kind and scores) is not measured against a name wrapped or cut short to fit (WCAG 2.5.3)
  const gNodeLabels = svgEl("g", { class: "node-labels", "aria-hidden": "true", "pointer-events": "none" }, gPan);
  // names over a crowded picture, where none has room beside its node (labels.js, priorityLabels)
  const gPriority = svgEl("g", { class: "priority-labels", "aria-hidden": "true", "pointer-events": "none" }, gPan);
  const gTop = svgEl("g", { class: "top-labels", "aria-hidden": "true", "pointer-events": "none" }, gPan);
  const gBandLabels = svgEl("g", { class: "band-labels", "aria-hidden": "true", "pointer-events": "none" }, svg);

  // one path per (style, level): level 0 normal, 1 faded (inactive end), 2 dimmed (outside focus)
  const LEVELS = 3;
  const edgePaths = [];
  const headPaths = [];
  for (let s = 0; s < EDGE_STYLES.length; s++) {
    for (let l = 0; l < LEVELS; l++) {
      const st = EDGE_STYLES[s];
      edgePaths.push(
        svgEl("path", {
          class: `edge edge-${st.key}`,
          "stroke-width": st.width,
          "stroke-dasharray": st.dash ? st.dash.join(" ") : null,
          "stroke-linecap": st.cap || null,
        }, gEdges),
      );
      headPaths.push(svgEl("path", { class: `edge-head edge-${st.key}` }, gHeads));
    }
  }
  const hiPath = svgEl("path", { class: "edge-selected", "stroke-width": 2.2 }, gHi);
  const hiHeads = svgEl("path", { class: "edge-selected-head" }, gHi);

  const nodes = createSvgNodes(svg, gNodes, view, gNodeLabels);
  const { nodeEls, labelEls, labelState } = nodes;

  let width = 100;
  let height = 100;
  let lastLabelK = -1;
  let lastFocusGen = -1;

  function resize(w, h) {
    width = w;
    height = h;
    svg.setAttribute("width", w);
    svg.setAttribute("height", h);
    svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    gBg.setAttribute("width", w);
    gBg.setAttribute("height", h);
    dirty = true;
  }

  let labelTheme = null;
  // many edges: lighter strokes, so the picture does not turn into a grey slab
  const density = scene.m > 600 ? Math.sqrt(600 / scene.m) : 1;
  function recolor() {
    const th = view.theme;
    for (let i = 0; i < n; i++) nodes.paint(i);
    for (let s = 0; s < EDGE_STYLES.length; s++) {
      const st = EDGE_STYLES[s];
      const c = edgeColor(st, th);
      for (let l = 0; l < LEVELS; l++) {
        const k = s * LEVELS + l;
        const op = (l === 0 ? st.opacity : l === 1 ? st.opacity * 0.35 : 0.06) * (s >= 3 ? 1 : density);
        edgePaths[k].setAttribute("stroke", c);
        edgePaths[k].setAttribute("stroke-opacity", f2(op));
        headPaths[k].setAttribute("fill", st.head === "arrow" ? c : "none");
        headPaths[k].setAttribute("stroke", st.head === "bar" ? c : "none");
        headPaths[k].setAttribute("stroke-width", st.head === "bar" ? 2.2 : 0);
        headPaths[k].setAttribute("opacity", f2(Math.min(1, op * 1.4)));
      }
    }
    hiPath.setAttribute("stroke", th.accent);
    hiHeads.setAttribute("fill", th.accent);
    if (labelTheme !== th) {
      labelTheme = th;
      for (const t of labelEls) {
        t.setAttribute("fill", th.fg);
        t.setAttribute("stroke", th.bg);
      }
    }
    dirty = true;
    draw();
  }


  const tip = { x: 0, y: 0, dx: 0, dy: 0 };

  let drawn = null; // transform of the last full frame
  let dirty = true;
  let lastLabelTime = 0;
  let bandLabelEls = null;

  function invalidate() {
    dirty = true;
  }

  const gate = gestureGate(view, SLOW_FRAME_MS);
  let culled = false;

  function draw() {
    const t = view.transform;
    if (gate.quick(drawn)) {
      // a slow picture moves as a bitmap while the gesture lasts; the full frame follows a pause
      const s = t.k / drawn.k;
      svg.style.transform = `translate(${f2(t.x - drawn.x * s)}px,${f2(t.y - drawn.y * s)}px) scale(${s})`;
      return;
    }
    if (!dirty && !culled && !priorityStale && drawn && drawn.k === t.k && labelState.ok && !svg.style.transform) {
      gPan.setAttribute("transform", `translate(${f2(t.x - drawn.x)},${f2(t.y - drawn.y)})`);
      drawBandLabels(t);
      return;
    }
    gate.full(() => {
      svg.style.transform = "";
      fullDraw(t);
    });
  }

  function fullDraw(t) {
    dirty = false;
    drawn = t;
    gPan.removeAttribute("transform");
    const th = view.theme;
    const k = t.k;
    const vx = scene.vx;
    const vy = scene.vy;
    const sy = (y) => t.y + k * y;

    // band stripes, wide enough to survive panning
    gBands.replaceChildren();
    screenBands(scene, sy).forEach((b, idx) => {
      if (idx % 2 === 0) svgEl("rect", { x: -1e5, y: f2(b.top), width: 2e5 + width, height: f2(b.bottom - b.top), fill: th.grid, "fill-opacity": th.dark ? 0.35 : 0.45 }, gBands);
    });
    drawBandLabels(t);

    const sc = markerScale(scene, k);
    // edges
    const m = scene.m;
    const from = scene.from;
    const to = scene.to;
    const builders = edgePaths.map(() => new PathBuilder());
    const heads = headPaths.map(() => new PathBuilder());
    const focus = view.focusMask;
    const hi = new PathBuilder();
    const hiH = new PathBuilder();
    const sel = view.selected;
    const M = 80;
    culled = false;
    for (let e = 0; e < m; e++) {
      const a = from[e];
      const b = to[e];
      if (a === b) continue;
      const style = scene.edgeStyle[e];
      const level = focus && !(focus[a] && focus[b]) ? 2 : scene.inactive[a] || scene.inactive[b] ? 1 : 0;
      const idx = style * LEVELS + level;
      const sx = t.x + k * vx[a];
      const syy = t.y + k * vy[a];
      const tx = t.x + k * vx[b];
      const ty = t.y + k * vy[b];
      // off screen on one side: not drawn (long dashed paths cost raster time even out of sight)
      if ((sx < -M && tx < -M) || (sx > width + M && tx > width + M) || (syy < -M && ty < -M) || (syy > height + M && ty > height + M)) {
        culled = true;
        continue;
      }
      const rs = scene.radius[scene.kinds[a]] * sc + 1;
      const rt = scene.radius[scene.kinds[b]] * sc + 2;
      const st = EDGE_STYLES[style];
      if (a === sel || b === sel) {
        traceEdge(hi, sx, syy, tx, ty, rs, rt, true, tip);
        if (st.head !== "none") traceArrow(hiH, tip, 7);
        continue;
      }
      traceEdge(builders[idx], sx, syy, tx, ty, rs, rt, true, tip);
      if (Math.abs(tx - sx) + Math.abs(ty - syy) > HEAD_MIN_LENGTH) traceHead(heads[idx], st, tip, 6);
    }
    for (let p = 0; p < edgePaths.length; p++) {
      setD(edgePaths[p], builders[p]);
      setD(headPaths[p], heads[p]);
    }
    setD(hiPath, hi);
    setD(hiHeads, hiH);

    // nodes (markers shrink when the graph is too dense for them)
    const tail = sc < 1 ? ` scale(${f2(sc)})` : "";
    for (let i = 0; i < n; i++) {
      const at = `translate(${f2(t.x + k * vx[i])},${f2(t.y + k * vy[i])})${tail}`;
      nodeEls[i].setAttribute("transform", at);
      labelEls[i].setAttribute("transform", at);
    }
    const focusGen = view.focusGeneration;
    if (focusGen !== lastFocusGen) {
      lastFocusGen = focusGen;
      for (let i = 0; i < n; i++) {
        if (focus && !focus[i]) {
          nodeEls[i].setAttribute("opacity", 0.15);
          labelEls[i].setAttribute("opacity", 0.15);
        } else {
          nodeEls[i].removeAttribute("opacity");
          labelEls[i].removeAttribute("opacity");
        }
      }
      lastLabelK = -1;
    }
    // names are re-wrapped for the new zoom at most every 120 ms while zooming, and when it ends
    labelState.ok = true;
    if (k !== lastLabelK) {
      const now = performance.now();
      if (!view.interacting || now - lastLabelTime > 120) {
        lastLabelK = k;
        lastLabelTime = now;
        nodes.layoutLabels(k);
      } else labelState.ok = false;
    }
    drawPriorityLabels(t, sc);
    drawMarks();
  }

  /** Few names fit beside their nodes: the most important ones get a box of their own. */
  let priorityStale = false;
  function drawPriorityLabels(t, sc) {
    gPriority.replaceChildren();
    // left out mid-gesture; the frame after it draws them
    priorityStale = view.interacting;
    if (view.interacting) return;
    let shown = 0;
    for (let i = 0; i < n && shown < 30; i++) if (labelState[i]) shown++;
    if (shown >= 30) return;
    const th = view.theme;
    const focus = view.focusMask;
    const placer = new LabelPlacer(width, height);
    const skip = (i) => !!labelState[i] || (focus && !focus[i]);
    for (const l of priorityLabels(scene, t, width, height, (ki) => scene.radius[ki] * sc, placer, view.fontFamily, skip)) {
      svgEl("rect", { x: f2(l.x - 3), y: f2(l.y - 13), width: f2(l.width + 6), height: 16, rx: 2, fill: th.bg, "fill-opacity": 0.88 }, gPriority);
      const text = svgEl("text", { x: f2(l.x), y: f2(l.y), "font-size": l.font.startsWith("600") ? 12 : 11, "font-weight": l.font.startsWith("600") ? 600 : null, fill: th.fg }, gPriority);
      text.textContent = l.line;
    }
  }

  // layer names pinned to the left edge, following the bands vertically
  function drawBandLabels(t) {
    const th = view.theme;
    const bands = screenBands(scene, (y) => t.y + t.k * y);
    if (!bandLabelEls || bandLabelEls.length !== bands.length) {
      gBandLabels.replaceChildren();
      bandLabelEls = bands.map((b) => {
        const g = svgEl("g", null, gBandLabels);
        const { lines, width: bw } = bandLabelLayout(b.label, view.fontFamily);
        const rect = svgEl("rect", { x: 4, y: -13, width: f2(bw), height: lines.length * 15 + 6, rx: 4, "fill-opacity": 0.85 }, g);
        const text = svgEl("text", { x: 10, y: 0, "font-size": 12, "font-weight": 600 }, g);
        lines.forEach((line, li) => {
          const ts = svgEl("tspan", { x: 10, y: li * 15 }, text);
          ts.textContent = line;
        });
        return { g, rect, text };
      });
    }
    bands.forEach((b, idx) => {
      const { g, rect, text } = bandLabelEls[idx];
      rect.setAttribute("fill", th.bg);
      text.setAttribute("fill", th.muted);
      if (b.bottom < 0 || b.top > height) {
        g.setAttribute("display", "none");
        return;
      }
      g.removeAttribute("display");
      g.setAttribute("transform", `translate(0,${f2(bandLabelY(b))})`);
    });
  }

  function setD(path, b) {
    if (b.empty) path.removeAttribute("d");
    else path.setAttribute("d", b.toString());
  }


  // rings for the selection, search matches and keyboard focus; full labels for the selection and the
  // first match on top of everything
  function drawMarks() {
    const t = view.transform;
    const th = view.theme;
    gMarks.replaceChildren();
    gTop.replaceChildren();
    const ring = (i, color, w, extra) => {
      const x = t.x + t.k * scene.vx[i];
      const y = t.y + t.k * scene.vy[i];
      svgEl("circle", { cx: f2(x), cy: f2(y), r: scene.radius[scene.kinds[i]] + extra, stroke: color, "stroke-width": w }, gMarks);
    };
    const matches = view.matches;
    const lim = Math.min(matches.length, 300);
    for (let q = 0; q < lim; q++) ring(matches[q], th.accent, 2, 5);
    if (view.keyboardIndex >= 0) ring(view.keyboardIndex, th.fg, 2, 8);
    const sel = view.selected;
    // the selection and the first match get their full name on top; their own label steps aside
    for (const i of toppedLabels) if (labelState[i]) labelEls[i].removeAttribute("display");
    toppedLabels = [];
    if (sel >= 0) {
      ring(sel, th.accent, 3, 6);
      topLabel(sel);
    }
    if (matches.length && matches[0] !== sel) topLabel(matches[0]);
  }
  let toppedLabels = [];

  function topLabel(i) {
    const t = view.transform;
    const th = view.theme;
    labelEls[i].setAttribute("display", "none");
    toppedLabels.push(i);
    const x = t.x + t.k * scene.vx[i];
    const y = t.y + t.k * scene.vy[i];
    const { lines, x0, ys, box } = topLabelLayout(scene.names[i], x, y, scene.radius[scene.kinds[i]], view.fontFamily);
    svgEl("rect", { x: f2(box.x), y: f2(box.y), width: f2(box.width), height: box.height, rx: 3, fill: th.bg, "fill-opacity": 0.94, stroke: th.accent, "stroke-width": 1 }, gTop);
    const text = svgEl("text", { "font-size": 12, "font-weight": 600, fill: th.fg }, gTop);
    lines.forEach((line, li) => {
      const ts = svgEl("tspan", { x: f2(x0), y: f2(ys[li]) }, text);
      ts.textContent = line;
    });
  }

  function focusNode(i) {
    if (nodeEls[i]) nodeEls[i].focus({ preventScroll: true });
  }

  // DOM (and so Tab) order follows the reading order after the rows were re-wrapped
  function reorder() {
    for (const i of scene.order) gNodes.appendChild(nodeEls[i]);
    lastLabelK = -1;
    dirty = true;
  }

  function destroy() {
    gate.stop();
    nodes.unlisten();
    svg.remove();
  }

  return {
    element: svg,
    resize,
    draw,
    invalidate,
    recolor,
    focusNode,
    reorder,
    exportSvg: () => cloneForExport(svg, view.theme),
    destroy,
    nodeElement: (i) => nodeEls[i],
    lastFrameMs: gate.lastFullMs,
    setAriaLabel: (s) => svg.setAttribute("aria-label", s),
    // the SVG is cheap to redraw, so hover never needs a full frame
    hitTest: null,
  };
}
