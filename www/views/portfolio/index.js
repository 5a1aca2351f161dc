// Portfolio: a bubble chart of alignment (x) against delivery risk (y), bubble area = cost, in four
// labelled quadrants, with a sortable table of the same initiatives beside it.

import { scaleLinear, scaleSqrt } from "d3-scale";
import { axisBottom, axisLeft } from "d3-axis";
import { select } from "d3-selection";
import { format as d3format } from "d3-format";
import { max as d3max } from "d3-array";
import { h, s, clear, drawSortHeader, onActivate, uniqueId } from "../../lib/dom.js";
import { filterInput } from "../../widgets/filter-input.js";
import { financeText } from "../../lib/lens.js";
import "./portfolio.css";

export const title = "Portfolio";

const MAX_BUBBLES = 200;
const PAGE = 300;

// Okabe-Ito: distinguishable with every common colour-vision deficiency.
export const STATUS_COLORS = {
  proposed: "#E69F00",
  approved: "#56B4E9",
  running: "#009E73",
  done: "#999999",
  cancelled: "#CC79A7",
};
const STATUS_ORDER = ["proposed", "approved", "running", "done", "cancelled"];

const COLUMNS = [
  { key: "name", label: "Initiative", type: "text" },
  { key: "status", label: "Status", type: "text" },
  { key: "cost", label: "Cost", type: "money" },
  { key: "alignment", label: "Alignment", type: "share" },
  { key: "delivery_risk", label: "Delivery risk", type: "share" },
  { key: "exposure", label: "Exposure", type: "money" },
];
/** The return columns, shown when some initiative has cash flows (the finance lens, docs/lenses.md). */
const FINANCE_COLUMNS = [
  { key: "npv", label: "NPV", type: "money" },
  { key: "irr", label: "IRR", type: "share" },
  { key: "payback", label: "Payback", type: "number" },
];

export function mount(root, app) {
  const filterId = uniqueId("portfolio-filter");
  const filterBox = filterInput(app, "portfolio", {
    id: filterId,
    placeholder: "Filter by name or status",
    onChange: (text) => {
      state.filter = text;
      state.limit = PAGE;
      drawTable();
    },
  });
  const filter = filterBox.input;
  const state = { sort: "exposure", dir: -1, filter: filterBox.text(), limit: PAGE, finance: null };
  const columns = () => (state.finance ? [...COLUMNS, ...FINANCE_COLUMNS] : COLUMNS);
  // An initiative's figure in a column: its report's, or its return from the finance lens.
  const figure = (i, key) => (state.finance && FINANCE_COLUMNS.some((c) => c.key === key) ? state.finance[i.id]?.[key] : i[key]);
  const intro = h("p", { class: "view-intro" });
  const chartHost = h("div", { class: "chart portfolio-chart" });
  const chartNote = h("p", { class: "table-note" });
  const thead = h("thead");
  const tbody = h("tbody");
  const more = h("div", { class: "table-more" });
  root.append(
    intro,
    h(
      "div",
      { class: "portfolio-grid" },
      h("section", { class: "panel", "aria-label": "Bubble chart" }, chartHost, statusLegend(), chartNote),
      h(
        "section",
        { class: "panel portfolio-table-panel", "aria-label": "Initiatives table" },
        h("div", { class: "controls no-print" }, h("label", { for: filterId, text: "Filter" }), filter),
        h("div", { class: "table-wrap tall" }, h("table", { class: "data portfolio-table" }, h("caption", { class: "sr-only", text: "Initiatives: status, cost, alignment, delivery risk and exposure, and NPV, IRR and payback in periods when the model has cash flows. Column headers sort." }), thead, tbody)),
        more,
      ),
    ),
  );

  let svgEl = null;

  function drawChart() {
    const f = app.format;
    const all = app.report.initiatives ?? [];
    let items = all.filter((i) => Number.isFinite(i.alignment) && Number.isFinite(i.delivery_risk));
    const capped = items.length > MAX_BUBBLES;
    if (capped) items = [...items].sort((a, b) => (b.cost || 0) - (a.cost || 0)).slice(0, MAX_BUBBLES);
    items = [...items].sort((a, b) => (b.cost || 0) - (a.cost || 0)); // big first, small on top

    const W = 680;
    const H = 470;
    const m = { top: 30, right: 30, bottom: 52, left: 58 };
    const split = app.report.kpis.alignment_index || 0;
    const xMax = Math.min(1, Math.max(0.1, (d3max(items, (i) => i.alignment) ?? 0) * 1.12, split * 1.5));
    const x = scaleLinear().domain([0, xMax]).nice().range([m.left, W - m.right]);
    const y = scaleLinear().domain([0, 1]).range([H - m.bottom, m.top]);
    const maxCost = d3max(items, (i) => i.cost || 0) || 1;
    const r = scaleSqrt().domain([0, maxCost]).range([0, 30]);
    const radius = (i) => Math.max(3.5, r(i.cost || 0));
    const pct = d3format(".0%");

    const svg = s("svg", {
      class: "portfolio-svg",
      viewBox: `0 0 ${W} ${H}`,
      role: "group",
      "aria-label": `Bubble chart of ${items.length} initiatives: alignment across, delivery risk up, bubble area by cost. The table beside it lists the same figures.`,
    });
    // Quadrants: split at the portfolio's alignment index and at 50% delivery risk.
    const xs = x(Math.min(split, x.domain()[1]));
    const ys = y(0.5);
    const quad = s("g", { class: "quadrants", "aria-hidden": "true" });
    const q = [
      { x0: xs, x1: W - m.right, y0: m.top, y1: ys, cls: "q-bets", label: "Strategic bets", sub: "aligned, risky", ax: "end", tx: W - m.right - 8, ty: m.top + 16 },
      { x0: xs, x1: W - m.right, y0: ys, y1: H - m.bottom, cls: "q-core", label: "Core", sub: "aligned, deliverable", ax: "end", tx: W - m.right - 8, ty: H - m.bottom - 24 },
      { x0: m.left, x1: xs, y0: m.top, y1: ys, cls: "q-reconsider", label: "Reconsider", sub: "weakly aligned, risky", ax: "start", tx: m.left + 8, ty: m.top + 16 },
      { x0: m.left, x1: xs, y0: ys, y1: H - m.bottom, cls: "q-question", label: "Question marks", sub: "weakly aligned, safe", ax: "start", tx: m.left + 8, ty: H - m.bottom - 24 },
    ];
    for (const qq of q) {
      quad.appendChild(s("rect", { x: qq.x0, y: qq.y0, width: Math.max(0, qq.x1 - qq.x0), height: Math.max(0, qq.y1 - qq.y0), class: ["quadrant", qq.cls] }));
      quad.appendChild(s("text", { x: qq.tx, y: qq.ty, "text-anchor": qq.ax, class: "quadrant-label" }, qq.label));
      quad.appendChild(s("text", { x: qq.tx, y: qq.ty + 14, "text-anchor": qq.ax, class: "quadrant-sub" }, qq.sub));
    }
    quad.appendChild(s("line", { x1: xs, x2: xs, y1: m.top, y2: H - m.bottom, class: "split-line" }));
    quad.appendChild(s("line", { x1: m.left, x2: W - m.right, y1: ys, y2: ys, class: "split-line" }));
    quad.appendChild(s("text", { x: xs + 4, y: H - m.bottom - 6, class: "split-label" }, `portfolio index ${f.share(split)}`));
    svg.appendChild(quad);

    const gx = s("g", { class: "axis axis-x", transform: `translate(0,${H - m.bottom})` });
    const gy = s("g", { class: "axis axis-y", transform: `translate(${m.left},0)` });
    svg.append(gx, gy);
    select(gx).call(axisBottom(x).ticks(6).tickFormat(pct));
    select(gy).call(axisLeft(y).ticks(5).tickFormat(pct));
    for (const t of [gx, gy]) t.setAttribute("aria-hidden", "true");
    svg.appendChild(s("text", { x: (m.left + W - m.right) / 2, y: H - 12, "text-anchor": "middle", class: "axis-title" }, "Alignment: weighted share of the goals reached →"));
    svg.appendChild(s("text", { transform: `translate(16,${(m.top + H - m.bottom) / 2}) rotate(-90)`, "text-anchor": "middle", class: "axis-title" }, "Delivery risk →"));

    const bubbles = s("g", { class: "bubbles" });
    // The five largest exposures; without any (no costs), the five best aligned.
    const anyExposure = items.some((i) => i.exposure > 0);
    const rank = anyExposure ? (i) => i.exposure || 0 : (i) => i.alignment || 0;
    const labelled = new Set([...items].sort((a, b) => rank(b) - rank(a)).slice(0, 5).map((i) => i.id));
    for (const i of items) {
      const cx = x(i.alignment);
      const cy = y(i.delivery_risk);
      const rr = radius(i);
      const label = `${i.name}: ${i.status}, cost ${f.money(i.cost)}, alignment ${f.share(i.alignment)}, delivery risk ${f.share(i.delivery_risk)}, exposure ${f.money(i.exposure)}${i.active ? "" : " (not active)"}`;
      const g = s("g", {
        class: ["bubble", !i.active && "inactive", app.selected === i.id && "selected"],
        tabindex: "0",
        role: "button",
        "aria-label": label,
        dataset: { id: i.id },
      });
      g.appendChild(s("title", null, label));
      g.appendChild(s("circle", { cx, cy, r: rr + 4, class: "bubble-ring" }));
      g.appendChild(
        s("circle", {
          cx,
          cy,
          r: rr,
          fill: STATUS_COLORS[i.status] ?? "#777777",
          "fill-opacity": i.active ? 0.78 : 0.15,
          stroke: i.active ? "#1f2937" : STATUS_COLORS[i.status] ?? "#777777",
          "stroke-opacity": i.active ? 0.55 : 1,
          "stroke-width": i.active ? 1 : 1.5,
          "stroke-dasharray": i.active ? null : "3 2",
          class: "bubble-dot",
        }),
      );
      onActivate(g, () => app.select(i.id));
      bubbles.appendChild(g);
    }
    svg.appendChild(bubbles);

    // Labels of the largest exposures, on top, placed where they overlap no other label.
    const labels = s("g", { class: "bubble-labels", "aria-hidden": "true" });
    const placed = [];
    const free = (b) =>
      b.x0 >= m.left && b.x1 <= W - m.right && b.y0 >= m.top && b.y1 <= H - m.bottom && !placed.some((p) => !(b.x1 < p.x0 || b.x0 > p.x1 || b.y1 < p.y0 || b.y0 > p.y1));
    for (const i of items.filter((it) => labelled.has(it.id)).sort((a, b) => rank(b) - rank(a))) {
      const text = i.name.length > 26 ? `${i.name.slice(0, 25)}…` : i.name;
      const cx = x(i.alignment);
      const cy = y(i.delivery_risk);
      const rr = radius(i);
      const w = text.length * 6.4;
      const candidates = [
        { x: cx + rr + 4, y: cy, anchor: "start", box: { x0: cx + rr + 2, x1: cx + rr + 6 + w, y0: cy - 8, y1: cy + 8 } },
        { x: cx - rr - 4, y: cy, anchor: "end", box: { x0: cx - rr - 6 - w, x1: cx - rr - 2, y0: cy - 8, y1: cy + 8 } },
        { x: cx, y: cy - rr - 9, anchor: "middle", box: { x0: cx - w / 2, x1: cx + w / 2, y0: cy - rr - 17, y1: cy - rr - 1 } },
        { x: cx, y: cy + rr + 10, anchor: "middle", box: { x0: cx - w / 2, x1: cx + w / 2, y0: cy + rr + 2, y1: cy + rr + 18 } },
      ];
      const spot = candidates.find((c) => free(c.box));
      if (!spot) continue;
      placed.push(spot.box);
      labels.appendChild(s("text", { x: spot.x, y: spot.y, "text-anchor": spot.anchor, "dominant-baseline": "central", class: "bubble-label", dataset: { id: i.id } }, text));
    }
    svg.appendChild(labels);
    svgEl = svg;
    clear(chartHost).appendChild(svg);
    const anyCost = items.some((i) => i.cost > 0);
    chartNote.textContent =
      (capped ? (anyCost ? `Showing the ${MAX_BUBBLES} largest of ${f.count(all.length)} initiatives by cost. ` : `Showing ${MAX_BUBBLES} of ${f.count(all.length)} initiatives. `) : "") +
      (anyCost ? `Bubble area is cost (largest ${f.money(maxCost)}). ` : "No initiative has a cost, so every bubble has the same size. ") +
      `The vertical line is the portfolio's alignment index, the horizontal one 50% delivery risk. Labelled: ${anyExposure ? "the five largest exposures" : "the five best aligned"}. Hollow bubbles are done or cancelled.`;
  }

  function rowsFor() {
    let rows = app.report.initiatives ?? [];
    if (state.filter) rows = rows.filter((i) => i.name.toLowerCase().includes(state.filter) || String(i.status).includes(state.filter) || i.id.toLowerCase().includes(state.filter));
    const col = columns().find((c) => c.key === state.sort) ?? COLUMNS.find((c) => c.key === (state.sort = "exposure"));
    const dir = state.dir;
    const num = (i) => figure(i, col.key) ?? -Infinity;
    const cmp =
      col.type === "text"
        ? (a, b) => dir * String(a[col.key] ?? "").localeCompare(String(b[col.key] ?? ""))
        : (a, b) => dir * (num(a) - num(b)) || a.name.localeCompare(b.name);
    return [...rows].sort(cmp);
  }

  function drawTable() {
    const f = app.format;
    drawSortHeader(thead, columns(), state, {
      thProps: (c) => ({ class: c.type === "text" ? null : "num" }),
      firstDir: (c) => (c.type === "text" ? 1 : -1),
      redraw: drawTable,
    });
    const rows = rowsFor();
    clear(tbody);
    for (const i of rows.slice(0, state.limit)) {
      const tr = h(
        "tr",
        { tabindex: "0", class: ["clickable", !i.active && "inactive", app.selected === i.id && "selected"], dataset: { id: i.id }, "aria-label": `${i.name}, ${i.status}` },
        h("th", { scope: "row", text: i.name }),
        h("td", null, h("span", { class: ["status-cell", `status-${i.status}`] }, h("span", { class: "status-dot", "aria-hidden": "true" }), String(i.status))),
        h("td", { class: "num", text: f.money(i.cost) }),
        h("td", { class: "num", text: f.share(i.alignment) }),
        h("td", { class: "num", text: f.share(i.delivery_risk) }),
        h("td", { class: "num", text: f.money(i.exposure) }),
        state.finance && FINANCE_COLUMNS.map((c) => h("td", { class: "num", dataset: { col: c.key }, text: state.finance[i.id] ? financeText(f, c.key, state.finance[i.id][c.key]) : "" })),
      );
      const dot = tr.querySelector(".status-dot");
      dot.style.background = STATUS_COLORS[i.status] ?? "#777777";
      onActivate(tr, () => app.select(i.id));
      tbody.appendChild(tr);
    }
    clear(more);
    if (!rows.length) tbody.appendChild(h("tr", null, h("td", { colspan: columns().length, class: "empty", text: "No initiative matches." })));
    if (rows.length > state.limit) {
      more.append(
        h("span", { class: "table-note", text: `Showing ${f.count(state.limit)} of ${f.count(rows.length)}. ` }),
        h("button", {
          type: "button",
          text: `Show ${f.count(Math.min(PAGE, rows.length - state.limit))} more`,
          on: {
            click: () => {
              state.limit += PAGE;
              drawTable();
            },
          },
        }),
      );
    }
  }

  function update() {
    const f = app.format;
    const k = app.report.kpis;
    intro.textContent = `${f.count(app.report.initiatives.length)} initiatives, ${f.count(k.active_initiatives)} active. Top right: well aligned but at risk; bottom left: safe but serving little. Click a bubble or a row for details.`;
    drawChart();
    drawTable();
    returns();
  }

  /** Adds NPV, IRR and payback once the finance lens answers (in the engine's worker), when any initiative has cash flows. */
  async function returns() {
    const version = app.modelVersion;
    let fin = null;
    try {
      fin = (await app.finance())?.initiatives ?? null;
    } catch {
      fin = null; // the Money view shows why; the table keeps its own columns
    }
    if (version !== app.modelVersion) return;
    const next = fin && Object.keys(fin).length ? fin : null;
    if (next === state.finance) return;
    state.finance = next;
    root.querySelector(".portfolio-grid")?.classList.toggle("with-returns", Boolean(next));
    drawTable();
  }

  function onSelect(id) {
    for (const el of root.querySelectorAll("[data-id].selected")) el.classList.remove("selected");
    if (id != null) for (const el of root.querySelectorAll(`[data-id="${CSS.escape(id)}"]`)) el.classList.add("selected");
  }
  const off = app.on("select", onSelect);

  update();
  return {
    update,
    destroy() {
      off();
      filterBox.destroy();
    },
    svg: () => svgEl,
  };
}

function statusLegend() {
  return h(
    "div",
    { class: "legend", "aria-hidden": "true" },
    h("span", { class: "legend-title", text: "Status" }),
    STATUS_ORDER.map((st) => {
      const dot = h("span", { class: ["swatch", "round", (st === "done" || st === "cancelled") && "hollow"] });
      if (st === "done" || st === "cancelled") dot.style.borderColor = STATUS_COLORS[st];
      else dot.style.background = STATUS_COLORS[st];
      return h("span", { class: "legend-item" }, dot, st);
    }),
  );
}
