// The strategy graph's controls and frame: search, colour select, zoom and focus buttons, the legend,
// the summary line, the chart (with its tooltip and message) and the key. Their looks are in graph.css.

import { el } from "./elements.js";
import { COLOR_MODES } from "./colors.js";

/** Builds the controls into `section`; `uid` makes the ids of this mount unique on the page. */
export function buildControls(section, uid, { search: query, colorBy, focus }) {
  const added = [];
  const add = (node) => {
    section.appendChild(node);
    added.push(node);
    return node;
  };

  const toolbar = add(el("div", { class: "graph-toolbar", role: "group", "aria-label": "Graph controls" }));
  const searchWrap = el("div", { class: "graph-search" }, toolbar);
  el("label", { for: "graph-search" }, searchWrap, "Find ");
  const statusId = `graph-search-status-${uid}`;
  const search = el("input", { id: "graph-search", type: "search", placeholder: "Name or id", autocomplete: "off", spellcheck: "false", "aria-describedby": statusId }, searchWrap);
  search.value = query || "";
  const searchStatus = el("span", { id: statusId, class: "graph-search-status", "aria-live": "polite" }, searchWrap);

  const colorWrap = el("div", { class: "graph-color" }, toolbar);
  el("label", { for: "graph-color" }, colorWrap, "Colour by ");
  const colorSel = el("select", { id: "graph-color" }, colorWrap);
  for (const [value, mode] of Object.entries(COLOR_MODES)) el("option", { value }, colorSel, mode.label);
  colorSel.value = colorBy;

  const buttons = el("div", { class: "graph-buttons", role: "group", "aria-label": "Zoom and focus" }, toolbar);
  // A button whose text is a word is named by it (its title says more); a symbol ("+") gets a name.
  const button = (cls, text, label) => el("button", { type: "button", class: cls, "aria-label": /\p{L}/u.test(text) ? null : label, title: label }, buttons, text);
  const zoomIn = button("graph-zoom-in", "+", "Zoom in");
  const zoomOut = button("graph-zoom-out", "−", "Zoom out");
  const fit = button("graph-fit", "Fit", "Fit the whole graph");
  const focusBtn = button("graph-focus", "Focus", "Focus: show only the selected node and its neighbours up to two steps away");
  focusBtn.setAttribute("aria-pressed", String(focus));
  const tableBtn = button("graph-table-toggle", "Show as table", "Show the nodes as a table");
  tableBtn.setAttribute("aria-expanded", "false");
  tableBtn.setAttribute("aria-controls", `graph-table-${uid}`);
  // an aggregated model with groups expanded: back to the groups
  const collapseAll = button("graph-collapse-all", "Collapse groups", "Collapse every expanded group");
  collapseAll.hidden = true;

  const legend = el("div", { class: "legend" }, toolbar);

  const summaryRow = add(el("p", { class: "graph-summary" }));
  const summary = el("span", null, summaryRow);
  const focusStatus = el("span", { class: "graph-focus-status", "aria-live": "polite" }, summaryRow);

  const chart = add(el("div", { class: "graph-chart" }));
  if (chart.clientHeight < 120) chart.style.height = "clamp(420px, calc(100vh - 260px), 900px)";
  const tooltip = el("div", { class: "graph-tooltip", role: "tooltip", "aria-hidden": "true" }, chart);
  tooltip.style.display = "none";
  const message = el("p", { class: "graph-message" }, chart);
  message.style.display = "none";

  const key = add(el("ul", { class: "graph-key", "aria-label": "Key to the shapes and lines" }));

  return {
    toolbar,
    search,
    searchStatus,
    colorSel,
    zoomIn,
    zoomOut,
    fit,
    focusBtn,
    tableBtn,
    collapseAll,
    legend,
    summary,
    focusStatus,
    chart,
    tooltip,
    message,
    key,
    /** Appends a node after the key (the table) and removes it with the rest. */
    add,
    remove() {
      for (const node of added) node.remove();
    },
  };
}
