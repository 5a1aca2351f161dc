// The tooltip of the strategy graph: a node's name, kind and status, scores and id, next to the pointer
// (or next to the node for keyboard focus), kept inside the chart.

import { el } from "./elements.js";
import { kindInfo } from "./shapes.js";
import { fmtShare, kindName, statusText } from "./node-info.js";

/** Fills the tooltip element with node i's facts. */
export function fillTooltip(tooltip, scene, app, i) {
  tooltip.replaceChildren();
  el("strong", null, tooltip, scene.names[i]);
  const kind = kindInfo(kindName(scene, i)).label;
  const st = statusText(scene, app, i);
  el("div", null, tooltip, st ? `${kind} · ${st}` : kind);
  el("div", null, tooltip, `Alignment: ${fmtShare(scene.alignment[i])}`);
  el("div", null, tooltip, `Delivery risk: ${fmtShare(scene.risk[i])}`);
  if (scene.ids[i] !== scene.names[i]) el("div", { class: "graph-tooltip-id" }, tooltip, scene.ids[i]);
}

/** Shows the tooltip at the pointer event `e`, or by node i at transform t when e is null. */
export function placeTooltip(tooltip, chart, scene, i, e, t) {
  tooltip.style.display = "block";
  const rect = chart.getBoundingClientRect();
  let x;
  let y;
  if (e) {
    x = e.clientX - rect.left + 14;
    y = e.clientY - rect.top + 14;
  } else {
    x = t.x + t.k * scene.vx[i] + 16;
    y = t.y + t.k * scene.vy[i] + 16;
  }
  const tw = tooltip.offsetWidth;
  const th = tooltip.offsetHeight;
  if (x + tw > rect.width - 4) x = Math.max(4, x - tw - 28);
  if (y + th > rect.height - 4) y = Math.max(4, y - th - 28);
  tooltip.style.left = `${x}px`;
  tooltip.style.top = `${y}px`;
}

export function hideTooltip(tooltip) {
  tooltip.style.display = "none";
}
