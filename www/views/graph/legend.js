// The colour legend of the strategy graph (a gradient with a percentage axis), the key to the shapes
// and lines, and the legend drawn into an exported picture.

import { select } from "d3-selection";
import { scaleLinear } from "d3-scale";
import { axisBottom } from "d3-axis";
import { format } from "d3-format";
import { rgb } from "d3-color";
import { el, svgEl, SVG_NS } from "./elements.js";
import { kindInfo, shapePath, EDGE_STYLES, edgeColor } from "./shapes.js";

const pct0 = format(".0%");

function gradient(parent, id, mode) {
  const grad = svgEl("linearGradient", { id, x1: 0, x2: 1, y1: 0, y2: 0 }, parent);
  for (let s = 0; s <= 10; s++) svgEl("stop", { offset: `${s * 10}%`, "stop-color": rgb(mode.interpolate(s / 10)).formatHex() }, grad);
}

/** The legend of a colour mode over domain [d0, d1] into `legend` (emptied first). */
export function drawLegend(legend, mode, [d0, d1], theme, gradientId) {
  legend.replaceChildren();
  const label = el("span", { class: "legend-title" }, legend, mode.label);
  label.title = mode.note;
  const w = 180;
  const svg = svgEl("svg", { width: w + 16, height: 34, role: "img", "aria-label": `${mode.label} colour scale from ${pct0(d0)} to ${pct0(d1)}` }, legend);
  svg.style.overflow = "visible";
  svg.style.color = theme.fg;
  gradient(svgEl("defs", null, svg), gradientId, mode);
  svgEl("rect", { x: 8, y: 2, width: w, height: 12, fill: `url(#${gradientId})`, stroke: theme.fg, "stroke-opacity": 0.35, "stroke-width": 0.5 }, svg);
  const axis = axisBottom(scaleLinear().domain([d0, d1]).range([0, w])).ticks(5).tickFormat(pct0).tickSize(4);
  const g = svgEl("g", { transform: "translate(8,14)" }, svg);
  select(g).call(axis).call((s) => s.select(".domain").remove());
}

/** The key to the node kinds and edge styles that occur in the scene, into the list `key`. */
export function drawKey(key, scene, theme) {
  key.replaceChildren();
  const item = (drawIcon, text) => {
    const li = el("li", { class: "graph-key-item" }, key);
    const svg = svgEl("svg", { width: 26, height: 18, "aria-hidden": "true" }, li);
    drawIcon(svg);
    li.appendChild(document.createTextNode(text));
  };
  const present = [...scene.kindCounts.keys()].sort((a, b) => a - b);
  for (const ki of present) {
    const k = scene.kindNames[ki];
    item((svg) => svgEl("path", { d: shapePath(k, 6.5), transform: "translate(13,9)", fill: theme.grid, stroke: theme.fg, "stroke-width": 1.1 }, svg), kindInfo(k).label);
  }
  if (present.some((k) => scene.kindNames[k] === "initiative")) {
    item((svg) => svgEl("path", { d: shapePath("initiative", 6.5), transform: "translate(13,9)", fill: theme.grid, "fill-opacity": 0.3, stroke: theme.fg, "stroke-dasharray": "2.5 2", "stroke-width": 1.1 }, svg), "Inactive initiative");
  }
  const usedStyles = new Set(scene.edgeStyle);
  EDGE_STYLES.forEach((st, s) => {
    if (!usedStyles.has(s)) return;
    item((svg) => {
      const c = edgeColor(st, theme);
      svgEl("path", { d: "M1,9H22", stroke: c, "stroke-width": st.width + 0.3, "stroke-opacity": Math.max(0.6, st.opacity), "stroke-dasharray": st.dash ? st.dash.join(" ") : null, "stroke-linecap": st.cap || null }, svg);
      if (st.head === "arrow") svgEl("path", { d: "M25,9L19,5.5L19,12.5Z", fill: c }, svg);
      if (st.head === "bar") svgEl("path", { d: "M24,4V14", stroke: c, "stroke-width": 2 }, svg);
    }, st.label);
  });
}

/** The colour legend in the top right corner of an exported picture `svg` of width `width`. */
export function appendExportLegend(svg, mode, [d0, d1], theme, fontFamily, width, gradientId) {
  const w = 160;
  const g = svgEl("g", { class: "legend", transform: `translate(${Math.max(0, width - w - 24)},10)`, color: theme.fg, "font-family": fontFamily });
  svgEl("rect", { x: -8, y: -4, width: w + 20, height: 50, rx: 4, fill: theme.bg, "fill-opacity": 0.9 }, g);
  const t = svgEl("text", { x: 0, y: 9, "font-size": 11, "font-weight": 600, fill: theme.fg }, g);
  t.textContent = mode.label;
  gradient(svgEl("defs", null, g), gradientId, mode);
  svgEl("rect", { x: 0, y: 14, width: w, height: 10, fill: `url(#${gradientId})` }, g);
  const ax = svgEl("g", { transform: "translate(0,24)" }, g);
  select(ax).call(axisBottom(scaleLinear().domain([d0, d1]).range([0, w])).ticks(4).tickFormat(pct0).tickSize(3)).call((s) => s.select(".domain").remove());
  svg.appendChild(g);
  if (!svg.getAttribute("xmlns")) svg.setAttribute("xmlns", SVG_NS);
}
