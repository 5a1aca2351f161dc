// Pictures of the strategy graph for "save as SVG/PNG": a clean copy of the live SVG, or a static SVG of
// the visible part of a large graph drawn on the canvas.

import { f2, svgEl, SVG_NS } from "./elements.js";
import { shapePath, EDGE_STYLES, edgeColor } from "./shapes.js";
import { PathBuilder, traceSceneEdge, traceHead, HEAD_MIN_LENGTH } from "./edge-paths.js";
import { wrapLabel, labelRoom, labelBaselines, LABEL_FONT, bandLabelY } from "./labels.js";
import { screenBands } from "./scene.js";

/** A copy of the live SVG without its id, styles and keyboard attributes, on the theme's background. */
export function cloneForExport(svg, theme) {
  const clone = svg.cloneNode(true);
  clone.removeAttribute("id");
  clone.removeAttribute("style");
  clone.setAttribute("xmlns", SVG_NS);
  const bg = clone.querySelector("rect.graph-bg");
  if (bg) bg.setAttribute("fill", theme.bg);
  for (const g of clone.querySelectorAll("g.node")) {
    g.removeAttribute("tabindex");
    g.removeAttribute("data-index");
  }
  return clone;
}

/**
 * A static SVG of the visible part of a (large) graph, for "save as SVG/PNG" from the canvas renderer.
 * Draws at most `maxNodes` nodes and `maxEdges` edges inside the viewport.
 */
export function staticSvg(view, width, height, maxNodes = 4000, maxEdges = 12000) {
  const scene = view.scene;
  const t = view.transform;
  const th = view.theme;
  const k = t.k;
  const svg = svgEl("svg", { xmlns: SVG_NS, width, height, viewBox: `0 0 ${width} ${height}`, "font-family": view.fontFamily, role: "img" });
  svg.setAttribute("aria-label", view.ariaSummary());
  svgEl("rect", { x: 0, y: 0, width, height, fill: th.bg }, svg);
  const sy = (y) => t.y + k * y;
  const gb = svgEl("g", { class: "bands" }, svg);
  const bandList = screenBands(scene, sy);
  bandList.forEach((b, idx) => {
    if (b.bottom < 0 || b.top > height) return;
    if (idx % 2 === 0) svgEl("rect", { x: 0, y: f2(b.top), width, height: f2(b.bottom - b.top), fill: th.grid, "fill-opacity": th.dark ? 0.35 : 0.45 }, gb);
  });

  const inView = (i, pad) => {
    const x = t.x + k * scene.vx[i];
    const y = t.y + k * scene.vy[i];
    return x >= -pad && y >= -pad && x <= width + pad && y <= height + pad;
  };
  // an aggregated graph: its group boxes with their names and counts; nodes inside closed groups left out
  const hidden = scene.agg ? scene.hidden : null;
  if (scene.agg) {
    const gg = svgEl("g", { class: "groups" }, svg);
    const b = scene.agg.boxes;
    for (const g of scene.agg.grouping.groups) {
      const [x0, y0, x1, y1] = [t.x + k * b[g.index * 4], sy(b[g.index * 4 + 1]), t.x + k * b[g.index * 4 + 2], sy(b[g.index * 4 + 3])];
      if (x1 < 0 || y1 < 0 || x0 > width || y0 > height) continue;
      const open = scene.agg.open[g.index];
      svgEl("rect", { x: f2(x0), y: f2(y0), width: f2(x1 - x0), height: f2(y1 - y0), fill: th.grid, "fill-opacity": open ? 0.4 : 0.9, stroke: th.muted }, gg);
      if (g.members.length > 1) svgEl("text", { x: f2(x0 + 4), y: f2(y0 + 13), "font-size": 11, fill: th.fg }, gg).textContent = `${g.title} (${g.members.length})`;
    }
  }
  const nodes = [];
  for (let i = 0; i < scene.n && nodes.length < maxNodes; i++) if (inView(i, 10) && !(hidden && hidden[i])) nodes.push(i);
  const shown = new Uint8Array(scene.n);
  for (const i of nodes) shown[i] = 1;

  const builders = EDGE_STYLES.map(() => new PathBuilder());
  const heads = EDGE_STYLES.map(() => new PathBuilder());
  const tip = { x: 0, y: 0, dx: 0, dy: 0 };
  let count = 0;
  for (let e = 0; e < scene.m && count < maxEdges; e++) {
    const a = scene.from[e];
    const b = scene.to[e];
    if (a === b || !(shown[a] || shown[b]) || (hidden && (hidden[a] || hidden[b]))) continue;
    count++;
    const s = scene.edgeStyle[e];
    const len = traceSceneEdge(builders[s], scene, t, a, b, scene.radius[scene.kinds[a]] + 1, scene.radius[scene.kinds[b]] + 2, true, tip);
    if (len > HEAD_MIN_LENGTH) traceHead(heads[s], EDGE_STYLES[s], tip, 6);
  }
  const ge = svgEl("g", { class: "edges", fill: "none" }, svg);
  const op = count > 3000 ? 0.5 : 1;
  EDGE_STYLES.forEach((st, s) => {
    if (builders[s].empty) return;
    const c = edgeColor(st, th);
    svgEl("path", { class: `edge edge-${st.key}`, d: builders[s].toString(), stroke: c, "stroke-width": st.width, "stroke-opacity": f2(st.opacity * op), "stroke-dasharray": st.dash ? st.dash.join(" ") : null, "stroke-linecap": st.cap || null }, ge);
    if (!heads[s].empty) svgEl("path", { d: heads[s].toString(), fill: st.head === "arrow" ? c : "none", stroke: st.head === "bar" ? c : "none", "stroke-width": st.head === "bar" ? 2 : 0, opacity: f2(Math.min(1, st.opacity * 1.4)) }, ge);
  });

  const gn = svgEl("g", { class: "nodes" }, svg);
  const showLabels = nodes.length <= 1500;
  for (const i of nodes) {
    const kind = scene.kindNames[scene.kinds[i]];
    const r = scene.radius[scene.kinds[i]];
    const x = t.x + k * scene.vx[i];
    const y = t.y + k * scene.vy[i];
    const g = svgEl("g", { class: `node node-${kind}`, transform: `translate(${f2(x)},${f2(y)})` }, gn);
    g.setAttribute("data-id", scene.ids[i]);
    if (view.focusMask && !view.focusMask[i]) g.setAttribute("opacity", 0.15);
    const title = svgEl("title", null, g);
    title.textContent = scene.names[i];
    const inactive = scene.inactive[i] === 1;
    svgEl("path", { d: shapePath(kind, r), fill: scene.fill[i], stroke: th.fg, "stroke-width": kind === "goal" ? 1.6 : 1.1, "fill-opacity": inactive ? 0.3 : 1, "stroke-dasharray": inactive ? "2.5 2" : null }, g);
    if (showLabels) {
      const room = labelRoom(scene, i, k, r);
      const lines = room.lines ? wrapLabel(scene.names[i], room.width, room.lines, (room.goal ? LABEL_FONT.goal : LABEL_FONT.normal)(view.fontFamily)) : [];
      if (lines.length) {
        const text = svgEl("text", { "font-size": room.goal ? 12 : 11, "font-weight": room.goal ? 600 : null, fill: th.fg, stroke: th.bg, "stroke-width": 3, "paint-order": "stroke", "stroke-linejoin": "round" }, g);
        const ys = labelBaselines(lines.length, room.goal);
        lines.forEach((line, li) => {
          const ts = svgEl("tspan", { x: f2(r + 5), y: ys[li] }, text);
          ts.textContent = line;
        });
      }
    }
  }
  const gl = svgEl("g", { class: "band-labels" }, svg);
  bandList.forEach((b) => {
    if (b.bottom < 0 || b.top > height) return;
    const text = svgEl("text", { x: 10, y: f2(bandLabelY(b)), "font-size": 12, "font-weight": 600, fill: th.muted, stroke: th.bg, "stroke-width": 3, "paint-order": "stroke" }, gl);
    text.textContent = b.label;
  });
  return svg;
}
