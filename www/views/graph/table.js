// The table behind the chart: the nodes (or the search's matches) in reading order, with kind, scores
// and status; hidden from sight (not from screen readers) until "Show as table". Filled after the
// chart's first frame, since it is not needed to paint.

import { el, visuallyHide, visuallyShow } from "./elements.js";
import { kindInfo } from "./shapes.js";
import { fmtShare, formatCount as int, kindName, statusText } from "./node-info.js";

/** Rows of the table behind the chart. */
export const TABLE_MAX_ROWS = 500;

/**
 * The table in a `div.graph-table#tableId` appended to `parent`. `rows()` gives {scene, app, query,
 * nodes} to list; `onPick(i)` is called when a node's name is clicked.
 */
export function createTable(parent, tableId, rows, onPick) {
  const wrap = el("div", { class: "graph-table", id: tableId }, parent);
  const table = el("table", null, wrap);
  const caption = el("caption", null, table);
  const thead = el("thead", null, table);
  const htr = el("tr", null, thead);
  for (const h of ["Name", "Kind", "Alignment", "Delivery risk", "Status"]) el("th", { scope: "col" }, htr, h);
  const tbody = el("tbody", null, table);
  const note = el("p", { class: "graph-table-note" }, wrap);
  visuallyHide(wrap);
  let shown = false;
  let timer = 0;
  let stopped = false;

  function fillNow() {
    clearTimeout(timer);
    if (stopped) return;
    tbody.replaceChildren();
    const { scene, app, query, nodes } = rows();
    if (!scene) return;
    const total = nodes.length;
    const lim = Math.min(total, TABLE_MAX_ROWS);
    caption.textContent = query
      ? `Nodes matching “${query}”: ${int(total)}`
      : scene.agg
        ? `The graph is aggregated into ${int(scene.agg.grouping.groups.length)} groups of its ${int(scene.n)} nodes; listed: the ${int(total)} nodes of the expanded groups. Expand a group on the chart (click it, or Tab to it and press Enter), or search to find any node`
        : `Nodes of the strategy graph (${int(scene.n)}), layer by layer`;
    const frag = document.createDocumentFragment();
    for (let r = 0; r < lim; r++) {
      const i = nodes[r];
      const tr = el("tr", null, frag);
      tr.setAttribute("data-node", scene.ids[i]);
      const th = el("th", { scope: "row" }, tr);
      el("button", { type: "button", class: "linklike", "data-index": i }, th, scene.names[i]);
      el("td", null, tr, kindInfo(kindName(scene, i)).label);
      el("td", { class: "num" }, tr, fmtShare(scene.alignment[i]));
      el("td", { class: "num" }, tr, fmtShare(scene.risk[i]));
      el("td", null, tr, statusText(scene, app, i));
    }
    tbody.appendChild(frag);
    note.textContent = total > lim ? `Showing the first ${int(lim)} of ${int(total)} nodes. Use the search box to narrow the list.` : "";
  }

  tbody.addEventListener("click", (e) => {
    const b = e.target.closest?.("button[data-index]");
    if (b) onPick(Number(b.getAttribute("data-index")));
  });

  return {
    element: wrap,
    /** Fills the table after the current task. */
    fill() {
      clearTimeout(timer);
      timer = setTimeout(fillNow, 0);
    },
    fillNow,
    clear: () => tbody.replaceChildren(),
    /** Shows or hides the table; returns whether it is shown. */
    toggle() {
      shown = !shown;
      if (shown) {
        fillNow();
        visuallyShow(wrap);
      } else visuallyHide(wrap);
      return shown;
    },
    destroy() {
      stopped = true;
      clearTimeout(timer);
      wrap.remove();
    },
  };
}
