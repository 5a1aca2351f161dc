// Money: run against change spend by top-level capability and by goal, each goal's share of change
// spend against its strategy weight with the misallocation index in words, and the initiatives'
// NPV, IRR, MIRR, payback and discounted payback with the portfolio's NPV and the rate used.

import { scaleLinear } from "d3-scale";
import { h, s, clear, onActivate } from "../../lib/dom.js";
import { financeText, lensEmpty, misallocationText, sortTable, lensLifecycle } from "../../lib/lens.js";
import "../../lib/lens.css";
import "./money.css";

export const title = "Money";

const MAX_BARS = 25;
const RUN = "#3b64ad";
const CHANGE = "#E69F00";
const COLUMNS = [
  { key: "name", label: "Initiative" },
  { key: "status", label: "Status" },
  { key: "npv", label: "NPV", num: 1 },
  { key: "irr", label: "IRR", num: 1 },
  { key: "mirr", label: "MIRR", num: 1 },
  { key: "payback", label: "Payback", num: 1 },
  { key: "discounted_payback", label: "Discounted payback", num: 1 },
];

export function mount(root, app) {
  const state = { sort: "npv", dir: -1, limit: 300, data: null };
  const intro = h("p", { class: "view-intro" });
  const notice = h("div");
  const totals = h("dl", { id: "money-totals", class: "lens-totals" });
  const capHost = h("div", { class: "chart" });
  const capNote = h("p", { class: "table-note" });
  const goalHost = h("div", { class: "chart" });
  const misallocation = h("p", { id: "money-misallocation", class: "money-misallocation" });
  const goalTable = h("table", { class: "data", id: "money-goals" });
  const finNote = h("p", { id: "money-finance", class: "table-note" });
  const thead = h("thead");
  const tbody = h("tbody");
  const more = h("div", { class: "table-more" });
  const legend = h(
    "div",
    { class: "legend", "aria-hidden": "true" },
    [["Run", RUN], ["Change", CHANGE]].map(([t, c]) => {
      const sw = h("span", { class: "swatch" });
      sw.style.background = c;
      return h("span", { class: "legend-item" }, sw, `${t} spend`);
    }),
  );
  const body = h(
    "div",
    { class: "money-body" },
    totals,
    h(
      "div",
      { class: "money-grid" },
      h("section", { class: "panel", "aria-label": "Run and change spend by capability" }, h("h3", { text: "Run and change spend by capability" }), legend, capHost, capNote),
      h("section", { class: "panel", "aria-label": "Spend against strategy" }, h("h3", { text: "Change spend against goal weight" }), goalHost, misallocation, h("div", { class: "table-wrap" }, goalTable)),
    ),
    h("section", { class: "panel", "aria-label": "Return on investment" }, h("h3", { text: "Return on investment" }), finNote, h("div", { class: "table-wrap tall" }, h("table", { class: "data", id: "money-initiatives" }, h("caption", { class: "sr-only", text: "Initiatives with cash flows: NPV, IRR, MIRR, payback and discounted payback. Column headers sort." }), thead, tbody)), more),
  );
  root.append(intro, notice, body);
  let svgEl = null;

  /** Grouped bars: run and change per row, one row per item ({id, name, run, change}). */
  function bars(items, id, label) {
    const f = app.format;
    const W = 560;
    const left = 180;
    const rowH = 30;
    const H = 10 + items.length * rowH;
    const max = Math.max(1, ...items.flatMap((c) => [c.run || 0, c.change || 0]));
    const x = scaleLinear().domain([0, max]).range([left, W - 70]);
    const svg = s("svg", { id, class: "money-bars", viewBox: `0 0 ${W} ${H}`, role: "group", "aria-label": label });
    const labels = s("g", { class: "lens-labels", "aria-hidden": "true", "pointer-events": "none" });
    items.forEach((c, i) => {
      const y = 6 + i * rowH;
      const text = `${c.name}: run ${f.money(c.run)}, change ${f.money(c.change)}`;
      const g = s("g", { class: "money-row", tabindex: "0", role: "button", "aria-label": text, dataset: { id: c.id, run: c.run ?? 0, change: c.change ?? 0 } });
      g.appendChild(s("title", null, text));
      labels.appendChild(s("text", { x: left - 8, y: y + 14, "text-anchor": "end", class: "row-name", dataset: { for: c.id } }, c.name.length > 28 ? `${c.name.slice(0, 27)}…` : c.name));
      g.appendChild(s("rect", { x: left, y, width: Math.max(0, x(c.run || 0) - left), height: 11, fill: RUN }));
      labels.appendChild(s("text", { x: x(c.run || 0) + 4, y: y + 10, class: "bar-value", dataset: { for: c.id } }, f.money(c.run)));
      g.appendChild(s("rect", { x: left, y: y + 13, width: Math.max(0, x(c.change || 0) - left), height: 11, fill: CHANGE }));
      labels.appendChild(s("text", { x: x(c.change || 0) + 4, y: y + 23, class: "bar-value", dataset: { for: c.id } }, f.money(c.change)));
      onActivate(g, () => app.select(c.id));
      svg.appendChild(g);
    });
    svg.appendChild(labels);
    return svg;
  }

  function drawCapabilities() {
    const f = app.format;
    const caps = state.data.capabilities ?? {};
    const all = Object.entries(caps).filter(([, c]) => c.parent == null).map(([id, c]) => ({ id, name: c.name ?? app.name(id), run: c.run ?? 0, change: c.change ?? 0 }));
    const items = [...all].sort((a, b) => b.run + b.change - (a.run + a.change)).slice(0, MAX_BARS);
    clear(capHost);
    if (!items.length) {
      capNote.textContent = "The model has no capabilities to spread spend over.";
      return;
    }
    const svg = bars(items, "money-capabilities", `Run and change spend of ${items.length} top-level capabilities, sub-capabilities rolled up. The same figures are in the Capabilities view's table.`);
    capHost.appendChild(svg);
    svgEl = svg;
    capNote.textContent = `${all.length > items.length ? `The ${items.length} largest of ${f.count(all.length)} top-level capabilities. ` : ""}Each capability with its sub-capabilities rolled up. Run spend is application and technology cost passed along dependencies (by share) and supports edges; change spend is initiative cost split over what the initiatives support.`;
  }

  function drawGoals() {
    const f = app.format;
    const costs = state.data.costs;
    const goals = Object.entries(costs.goals ?? {}).map(([id, g]) => ({ id, name: app.name(id), ...g }));
    clear(goalHost);
    clear(goalTable);
    misallocation.textContent = "";
    if (!goals.length) {
      misallocation.textContent = "No top-level goal has a weight, so spend cannot be set against the strategy.";
      return;
    }
    const W = 560;
    const left = 180;
    const rowH = 30;
    const shown = goals.slice(0, MAX_BARS);
    const H = 10 + shown.length * rowH;
    const max = Math.max(0.01, ...shown.flatMap((g) => [g.spend_share || 0, g.weight || 0]));
    const x = scaleLinear().domain([0, max]).range([left, W - 100]);
    const svg = s("svg", { id: "money-strategy", class: "money-bars", viewBox: `0 0 ${W} ${H}`, role: "group", "aria-label": `Each goal's share of change spend (bar) against its weight in the strategy (tick), ${shown.length} goals. The table below lists the same figures.` });
    const labels = s("g", { class: "lens-labels", "aria-hidden": "true", "pointer-events": "none" });
    shown.forEach((g, i) => {
      const y = 6 + i * rowH;
      const text = `${g.name}: ${f.share(g.spend_share)} of change spend, weight ${f.share(g.weight)}`;
      const el = s("g", { class: "strategy-row", tabindex: "0", role: "button", "aria-label": text, dataset: { id: g.id } });
      el.appendChild(s("title", null, text));
      labels.appendChild(s("text", { x: left - 8, y: y + 15, "text-anchor": "end", class: "row-name", dataset: { for: g.id } }, g.name.length > 28 ? `${g.name.slice(0, 27)}…` : g.name));
      el.appendChild(s("rect", { x: left, y: y + 3, width: Math.max(0, x(g.spend_share || 0) - left), height: 16, fill: CHANGE }));
      el.appendChild(s("line", { x1: x(g.weight || 0), x2: x(g.weight || 0), y1: y - 1, y2: y + 23, class: "weight-tick" }));
      labels.appendChild(s("text", { x: Math.max(x(g.spend_share || 0), x(g.weight || 0)) + 5, y: y + 15, class: "bar-value", dataset: { for: g.id } }, `${f.share(g.spend_share)} / ${f.share(g.weight)}`));
      onActivate(el, () => app.select(g.id));
      svg.appendChild(el);
    });
    svg.appendChild(labels);
    goalHost.appendChild(svg);
    misallocation.dataset.value = costs.misallocation ?? "";
    misallocation.textContent = `Misallocation ${costs.misallocation == null ? "–" : f.weight(costs.misallocation)}: ${misallocationText(costs.misallocation, f.share)} It is half the sum of the gaps between each goal's spend share (the bar) and its weight (the tick).`;
    goalTable.append(
      h("caption", { class: "sr-only", text: "Goals: change spend, share of change spend and weight" }),
      h("thead", null, h("tr", null, ["Goal", "Change spend", "Spend share", "Weight", "Difference"].map((t, i) => h("th", { scope: "col", class: i ? "num" : null, text: t })))),
    );
    const tb = h("tbody");
    for (const g of goals.slice(0, 300)) {
      const tr = h(
        "tr",
        { tabindex: "0", class: "clickable", dataset: { id: g.id } },
        h("th", { scope: "row", text: g.name }),
        h("td", { class: "num", dataset: { col: "spend" }, text: f.money(g.spend) }),
        h("td", { class: "num", dataset: { col: "spend_share" }, text: f.share(g.spend_share) }),
        h("td", { class: "num", dataset: { col: "weight" }, text: f.share(g.weight) }),
        h("td", { class: "num", dataset: { col: "difference" }, text: f.deltaShare((g.spend_share ?? 0) - (g.weight ?? 0)) || "0.0 pts" }),
      );
      onActivate(tr, () => app.select(g.id));
      tb.appendChild(tr);
    }
    if (goals.length > 300) tb.appendChild(h("tr", null, h("td", { colspan: 5, class: "table-note", text: `Showing 300 of ${f.count(goals.length)} goals.` })));
    goalTable.appendChild(tb);
  }

  function finRows() {
    const inis = state.data.finance?.initiatives ?? {};
    return Object.entries(inis).map(([id, x]) => ({ id, ...x, name: app.name(id), status: app.initiative(id)?.status ?? "" }));
  }

  const cell = (r, key) => financeText(app.format, key, r[key]);

  function drawFinance() {
    const f = app.format;
    const fin = state.data.finance ?? {};
    const n = Object.keys(fin.initiatives ?? {}).length;
    finNote.dataset.npv = fin.portfolio?.npv ?? "";
    finNote.dataset.rate = fin.discount_rate ?? "";
    finNote.textContent = n
      ? `Portfolio NPV ${f.money(fin.portfolio?.npv)} at a discount rate of ${f.share(fin.discount_rate)} per period (cancelled initiatives left out). NPV discounts each period's cash flow to today (period 0 is now); IRR is the rate at which NPV is zero ("none" when the flows never change sign); MIRR reinvests the returns at ${f.share(fin.reinvest_rate)}; payback is the periods until the cumulative flow stays positive ("never" when it does not).`
      : "No initiative has cash flows. Add `cashflows` (one net amount per period, index 0 = now) to initiatives and a model `discount_rate` to see NPV, IRR and payback.";
    drawTable();
  }

  const drawTable = sortTable(app, { thead, tbody, more, columns: COLUMNS, state, rows: finRows, cell });

  function show(data) {
    state.data = data;
    const f = app.format;
    const c = data.costs;
    if (!(c && (c.total_run > 0 || c.total_change > 0 || Object.keys(data.finance?.initiatives ?? {}).length))) {
      intro.textContent = "";
      return lensEmpty("money-message", "This model has no costs or cash flows, so there is no money to show.", ["cost (applications, technology, initiatives)", "cashflows (initiatives)", "discount_rate", "share on depends_on edges"]);
    }
    intro.textContent = "Where the money goes: run spend keeps the lights on (applications and technology), change spend moves the business (initiatives); and what each investment returns.";
    clear(totals);
    const fig = (key, label, value, note) => totals.appendChild(h("div", { dataset: { figure: key } }, h("dt", { text: label }), h("dd", { text: value }), h("dd", { class: "muted note", text: note })));
    fig("run", "Run spend", f.money(c.total_run), `${f.money(c.unallocated_run)} of it reaches no capability or activity`);
    fig("change", "Change spend", f.money(c.total_change), `${f.money(c.unallocated_change)} of it supports nothing`);
    fig("misallocation", "Misallocation", c.misallocation == null ? "–" : f.weight(c.misallocation), "0 when change spend follows the goal weights");
    fig("npv", "Portfolio NPV", f.money(data.finance?.portfolio?.npv), `at ${f.share(data.finance?.discount_rate)} per period`);
    drawCapabilities();
    drawGoals();
    drawFinance();
  }

  const life = lensLifecycle(root, app, { notice, body, id: "money-diagnostics", codes: /^(?!.*(LIFECYCLE|DATE|AS_OF|FIT))/, draw: show });
  return { ...life, svg: () => svgEl };
}
