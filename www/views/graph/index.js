// The strategy graph view: the layered layout computed by the engine (goals on top, then capabilities
// and activities, initiatives, applications), nodes coloured by alignment or delivery risk, shaped by
// kind, with zoom, search, a two-hop focus and a table behind the chart.
//
// Models of at most 1,500 nodes are drawn as SVG (every node a focusable `g.node[data-id]`), larger ones
// on a canvas; above 10,000 nodes as groups that expand (aggregate.js). Everything it queries lies
// inside its own section, so a page can hold it more than once.

import "./graph.css";
import { uniqueId } from "../../lib/dom.js";
import { buildControls } from "./controls.js";
import { createController } from "./controller.js";

export { SVG_MAX_NODES, layerLabel } from "./scene.js";
export { TABLE_MAX_ROWS } from "./table.js";
export { COLOR_MODES, niceMax } from "./colors.js";
export { EDGE_BUDGET, PIXEL_BUDGET } from "./canvas-edges.js";
export { AGGREGATE_MIN_NODES } from "./aggregate.js";

export const title = "Strategy graph";

// what survives switching tabs, per app: colour mode, focus toggle, search, zoom of the same model
const persistedByApp = new WeakMap();

function persistedOf(app) {
  let p = persistedByApp.get(app);
  if (!p) persistedByApp.set(app, (p = { colorBy: "alignment", focus: false, transform: null, sig: null }));
  return p;
}

/**
 * Mounts the view into `section` (its `section#view-graph`). Returns { update() after every re-score,
 * destroy(), svg() the picture to export, stats() }.
 */
export function mount(section, app) {
  if (!section.getAttribute("aria-label")) section.setAttribute("aria-label", title);
  const persisted = persistedOf(app);
  // Keeps this mount's ids apart from a mount it replaces (each dashboard's ids live in its own root).
  const uid = uniqueId("graph");
  const ui = buildControls(section, uid, { ...persisted, search: app.filters.graph ?? "" });
  const controller = createController(section, app, ui, persisted, uid);
  return {
    update: () => controller.update(),
    destroy() {
      controller.destroy();
      ui.remove();
    },
    svg: () => controller.svg(),
    stats: () => controller.stats(),
  };
}
