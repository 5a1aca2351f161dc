// Budget: the efficient frontier (the best value reachable at each budget, engine.frontier) as a step
// line, and a budget slider that re-optimises on every move (engine.optimize): which initiatives to
// fund, their cost and value, whether the choice is proven optimal, and what drops out.

import { scaleLinear } from "d3-scale";
import { axisBottom, axisLeft } from "d3-axis";
import { select } from "d3-selection";
import { h, s, clear, nodeLink, onActivate } from "../../lib/dom.js";
import { droppedOut, roundToStep, sliderMax, sliderStep, sortedPoints, stepPath } from "./frontier.js";
import { engineError, decisionFieldsOrNone, whenShown } from "../../lib/engine-data.js";
import { FRONTIER_LIMIT_MS, LARGE, OPTIMIZE_LARGE_LIMIT_MS, OPTIMIZE_LIMIT_MS, SLIDER_LIMIT_MS, frontierPoints, gapText, runTimed } from "./timed.js";
import "../../widgets/decision.css";
import "./budget.css";

export const title = "Budget";

/** The choices of "Maximise": "" is the engine's default (benefit when every candidate has one, else alignment). */
const BASES = [
  ["", "Benefit (alignment when some have none)"],
  ["benefit", "Benefit"],
  ["alignment", "Alignment"],
  ["npv", "NPV of the cash flows"],
];
/** What the value is, in words, by the basis the engine used. */
const BASIS_TEXT = {
  benefit: "benefit",
  alignment: "alignment (sum of the initiatives' alignment)",
  npv: "net present value (the cash flows discounted at the model's rate)",
};

/** Rows of the chosen portfolio and items of the lists drawn (a large portfolio says how many more). */
const LIST_LIMIT = 300;

export function mount(root, app) {
  const state = { budget: null, frontier: null, frontierError: null, result: null, error: null, total: 0, step: 1, max: 0, modelKey: null, basis: "", npv: null };

  const intro = h("p", {
    class: "view-intro",
    text: "Which initiatives give the most value for a budget? Move the budget: the portfolio is re-optimised at once (mandatory initiatives and dependencies respected). The curve shows the best value reachable at every budget.",
  });
  const message = h("div", { class: "decide-message", id: "budget-message", role: "status", hidden: true });
  // What is being computed, with a Cancel button (the answer of a cancelled computation is dropped).
  const progressText = h("span", { id: "budget-progress-text" });
  const cancelBtn = h("button", { type: "button", id: "budget-cancel", class: "secondary", text: "Cancel", on: { click: () => cancel() } });
  const progressLine = h("div", { class: "budget-progress", id: "budget-progress", role: "status", "aria-live": "polite", hidden: true }, progressText, cancelBtn);

  const slider = h("input", {
    type: "range",
    id: "budget-slider",
    min: "0",
    on: { input: () => setBudget(Number(slider.value), "slider") },
  });
  const number = h("input", {
    type: "number",
    id: "budget-input",
    min: "0",
    inputmode: "decimal",
    "aria-label": "Budget (exact amount)",
    on: {
      change: () => setBudget(Number(number.value), "number"),
      keydown: (e) => {
        if (e.key === "Enter") setBudget(Number(number.value), "number");
      },
    },
  });
  const budgetText = h("output", { id: "budget-value", for: "budget-slider" });
  // What an initiative's value is: the engine's default (benefit when every candidate has one, else
  // alignment), or one chosen here; NPV discounts the cash flows at the model's rate.
  const basisSelect = h(
    "select",
    { id: "budget-basis", on: { change: () => setBasis(basisSelect.value) } },
    BASES.map(([value, text]) => h("option", { value, text })),
  );
  const chartHost = h("div", { class: "chart budget-chart-host" });
  const chartNote = h("p", { class: "table-note", id: "budget-chart-note" });
  const errorBox = h("div", { class: "decide-error", id: "budget-error", role: "alert", hidden: true });
  const summary = h("dl", { class: "budget-summary", id: "budget-summary" });
  const selectedTable = h("table", { class: "data compact", id: "budget-selected" });
  const droppedList = h("ul", { class: "budget-list", id: "budget-dropped" });
  const mandatoryList = h("ul", { class: "budget-list", id: "budget-mandatory" });
  const ineligibleList = h("ul", { class: "budget-list", id: "budget-ineligible" });

  const body = h(
    "div",
    { class: "decide-grid budget-grid" },
    h(
      "section",
      { class: "panel", "aria-labelledby": "budget-frontier-heading" },
      h("h3", { id: "budget-frontier-heading", text: "Efficient frontier" }),
      h(
        "div",
        { class: "budget-controls" },
        h("label", { for: "budget-slider", text: "Budget" }),
        slider,
        budgetText,
        h("label", { class: "sr-only", for: "budget-input", text: "Budget (exact amount)" }),
        number,
        h("label", { for: "budget-basis", text: "Maximise" }),
        basisSelect,
      ),
      chartHost,
      chartNote,
    ),
    h(
      "section",
      { class: "panel", "aria-labelledby": "budget-result-heading", "aria-live": "polite" },
      h("h3", { id: "budget-result-heading", text: "Chosen portfolio" }),
      errorBox,
      summary,
      h("div", { class: "table-wrap" }, selectedTable),
      h("h4", { text: "Left out (against funding every candidate)" }),
      droppedList,
      h("h4", { text: "Mandatory" }),
      mandatoryList,
      h("h4", { text: "Cannot be chosen" }),
      ineligibleList,
    ),
  );
  root.append(intro, message, progressLine, body);

  let svgEl = null;

  const money = (x) => app.format.money(x);
  function valueText(v) {
    if (state.frontier?.value_basis === "alignment" || state.result?.value_basis === "alignment") return app.format.number(v);
    return app.format.money(v);
  }
  /** One initiative's value in the optimisation's basis (NPV 0 without cash flows, as the engine counts it). */
  function valueOf(id, basis) {
    if (basis === "alignment") return app.initiative(id)?.alignment ?? null;
    if (basis === "npv") return state.npv?.[id]?.npv ?? 0;
    return state.fields?.number(id, "benefit") ?? null;
  }
  /** The options of the engine's optimiser and frontier: the basis chosen here, if any. */
  const valueOpts = () => (state.basis ? { value: state.basis } : {});

  function setBasis(basis) {
    state.basis = basis;
    state.result = null;
    state.frontier = null;
    refresh();
  }
  function costOf(id) {
    const c = app.initiative(id)?.cost;
    return Number.isFinite(c) ? c : (state.fields?.number(id, "cost") ?? null);
  }

  function showMessage(text) {
    clear(message);
    message.hidden = !text;
    if (text) message.appendChild(h("p", { text }));
  }

  function setBudget(b, from) {
    if (!Number.isFinite(b) || b < 0) {
      showError({ text: "The budget must be a number of at least 0.", code: "INVALID_ARGUMENT" });
      return;
    }
    state.budget = b;
    if (from !== "slider") slider.value = String(Math.min(b, state.max));
    if (from !== "number") number.value = String(b);
    // A large portfolio: one search at a time, moves while one runs keep only the latest budget
    // for the next (a small one answers at once, every move in turn).
    if (busy && state.large) {
      again = true;
      return;
    }
    optimize(SLIDER_LIMIT_MS).then((fresh) => {
      if (!fresh) return;
      drawResult();
      drawMarker();
    });
  }

  /** Optimises at the current budget; false when a later call or Cancel superseded this one. */
  let asked = 0;
  let busy = false;
  let again = false;
  const progress = {
    show(text) {
      progressText.textContent = text;
      progressLine.hidden = false;
    },
    hide() {
      progressLine.hidden = true;
    },
  };
  async function optimize(limitMs = OPTIMIZE_LIMIT_MS) {
    const mine = ++asked;
    let result = null;
    let error = null;
    busy = true;
    progress.show("Choosing the portfolio…");
    try {
      const out = await runTimed(app.engine, "optimize", [state.budget], limitMs, (stage) => mine === asked && progress.show(stage), valueOpts());
      result = { ...out.value, elapsedMs: out.elapsedMs };
    } catch (err) {
      error = engineError(err);
    } finally {
      busy = false;
    }
    if (again) {
      // A newer budget waits: this answer is already stale.
      again = false;
      queueMicrotask(() => setBudget(state.budget, "again"));
      return false;
    }
    if (mine !== asked) return false;
    progress.hide();
    state.result = result;
    state.error = error;
    return true;
  }

  /** Drops the answers of what is being computed and says so. */
  function cancel() {
    asked++;
    refreshing++;
    again = false;
    progress.hide();
    showMessage("Cancelled: the portfolio was not recomputed. Move the budget or open the view again to compute it.");
  }

  function showError(e) {
    errorBox.hidden = !e;
    clear(errorBox);
    if (!e) return;
    const lead = e.code === "INFEASIBLE" ? "No portfolio fits this budget. " : "The portfolio cannot be optimised. ";
    errorBox.dataset.code = e.code || "";
    errorBox.append(h("strong", { text: lead }), h("span", { text: e.message ?? e.text }));
  }

  async function frontierCompute(mine, candidates) {
    state.frontier = null;
    state.frontierError = null;
    progress.show("Computing the efficient frontier…");
    try {
      const out = await runTimed(app.engine, "frontier", [frontierPoints(candidates)], FRONTIER_LIMIT_MS, (stage) => mine === refreshing && progress.show(stage), valueOpts());
      state.frontier = { ...out.value, elapsedMs: out.elapsedMs };
    } catch (err) {
      state.frontierError = engineError(err);
    }
    if (mine === refreshing) progress.hide();
  }

  let geom = null;
  function drawChart() {
    clear(chartHost);
    svgEl = null;
    geom = null;
    const fr = state.frontier;
    if (!fr) {
      chartNote.textContent = state.frontierError ? `The frontier cannot be drawn: ${state.frontierError.text}` : "";
      return;
    }
    const pts = sortedPoints(fr.points);
    const W = 640;
    const H = 360;
    const m = { top: 20, right: 24, bottom: 48, left: 72 };
    const xMax = Math.max(state.max, fr.total_cost, ...pts.map((p) => p.budget), 1e-9);
    const yMax = Math.max(...pts.map((p) => p.value), 1e-9);
    const yMin = Math.min(0, ...pts.map((p) => p.value));
    const x = scaleLinear().domain([0, xMax]).range([m.left, W - m.right]);
    const y = scaleLinear().domain([yMin, yMax]).nice().range([H - m.bottom, m.top]);
    geom = { x, y, m, W, H };
    const basis = BASIS_TEXT[fr.value_basis] ?? fr.value_basis;
    const svg = s("svg", {
      id: "budget-frontier",
      class: "budget-svg",
      viewBox: `0 0 ${W} ${H}`,
      // A group, not an image: its points are buttons (an image's content is not reachable).
      role: "group",
      "aria-label": `Efficient frontier: the best ${basis} reachable at each budget, from ${money(0)} to ${money(fr.total_cost)} (${pts.length} points${fr.exact ? ", exact" : ""}). The marked point is the chosen portfolio.`,
    });
    const gx = s("g", { class: "axis axis-x", transform: `translate(0,${H - m.bottom})`, "aria-hidden": "true" });
    const gy = s("g", { class: "axis axis-y", transform: `translate(${m.left},0)`, "aria-hidden": "true" });
    svg.append(gx, gy);
    select(gx).call(axisBottom(x).ticks(6).tickFormat((v) => money(v)));
    select(gy).call(axisLeft(y).ticks(6).tickFormat((v) => valueText(v)));
    svg.appendChild(s("text", { x: (m.left + W - m.right) / 2, y: H - 10, "text-anchor": "middle", class: "axis-title" }, "Budget →"));
    svg.appendChild(s("text", { transform: `translate(16,${(m.top + H - m.bottom) / 2}) rotate(-90)`, "text-anchor": "middle", class: "axis-title" }, `Best ${fr.value_basis === "npv" ? "NPV" : fr.value_basis} →`));
    svg.appendChild(s("path", { d: stepPath(pts, x, y, xMax), class: "frontier-line", fill: "none" }));
    const dots = s("g", { class: "frontier-points" });
    for (const p of pts) {
      const label = `Budget ${money(p.budget)}: best value ${valueText(p.value)} for ${money(p.cost)}, ${p.selected.length} initiatives${p.optimal ? "" : " (best found, not proven optimal)"}`;
      const c = s("circle", {
        cx: x(p.budget),
        cy: y(p.value),
        r: 3.5,
        class: ["frontier-point", !p.optimal && "not-optimal"],
        tabindex: "0",
        role: "button",
        "aria-label": `${label}. Choose this budget.`,
        dataset: { budget: p.budget, value: p.value, cost: p.cost },
      });
      c.appendChild(s("title", null, label));
      onActivate(c, () => setBudget(p.budget, "point"));
      dots.appendChild(c);
    }
    svg.appendChild(dots);
    svg.appendChild(s("line", { id: "budget-rule", class: "budget-rule", y1: m.top, y2: H - m.bottom }));
    svg.appendChild(s("circle", { id: "budget-marker", class: "budget-marker", r: 7 }, s("title")));
    svgEl = svg;
    chartHost.appendChild(svg);
    const unproven = pts.filter((p) => !p.optimal).length;
    chartNote.textContent =
      (fr.exact
        ? `Every efficient portfolio: ${pts.length} points`
        : `The best portfolio at ${pts.length} evenly spaced budgets`) +
      (unproven ? ` (${unproven} only the best found within ${app.format.number((fr.elapsedMs ?? 0) / 1000)} s)` : "") +
      `; value is ${basis}. Click a point to take its budget.`;
    drawMarker();
  }

  function drawMarker() {
    if (!svgEl || !geom) return;
    const marker = svgEl.querySelector("#budget-marker");
    const rule = svgEl.querySelector("#budget-rule");
    const { x, y } = geom;
    const b = state.budget ?? 0;
    rule.setAttribute("x1", x(b));
    rule.setAttribute("x2", x(b));
    const r = state.result;
    marker.setAttribute("visibility", r ? "visible" : "hidden");
    if (!r) return;
    marker.setAttribute("cx", x(b));
    marker.setAttribute("cy", y(r.value));
    marker.dataset.budget = String(r.budget);
    marker.dataset.value = String(r.value);
    marker.dataset.cost = String(r.cost);
    marker.querySelector("title").textContent = `Chosen: budget ${money(r.budget)}, value ${valueText(r.value)}, cost ${money(r.cost)}`;
  }

  function item(id, extra) {
    return h("li", { dataset: { id } }, nodeLink(app, id), extra ? h("span", { class: "muted", text: ` ${extra}` }) : null);
  }

  function drawResult() {
    const r = state.result;
    budgetText.textContent = money(state.budget);
    slider.setAttribute("aria-valuetext", money(state.budget));
    showError(state.error);
    clear(summary);
    clear(selectedTable);
    clear(droppedList);
    clear(mandatoryList);
    clear(ineligibleList);
    if (!r) return;
    const basis = r.value_basis;
    const fig = (key, label, text) => h("div", { dataset: { figure: key } }, h("dt", { text: label }), h("dd", { text }));
    summary.append(
      fig("budget", "Budget", money(r.budget)),
      fig("cost", "Cost", money(r.cost)),
      fig("value", `Value (${basis === "npv" ? "NPV" : basis})`, valueText(r.value)),
      fig("count", "Initiatives", app.format.count(r.selected.length)),
      fig("optimal", "Optimal?", r.optimal ? "Yes, proven optimal" : `${gapText(r, app.format.share)} (bound ${valueText(r.bound)})`),
    );
    Object.assign(summary.querySelector('[data-figure="optimal"]').dataset, { optimal: String(r.optimal), value: String(r.value), bound: String(r.bound), gap: String(r.gap) });
    selectedTable.append(
      h("caption", { text: `${app.format.count(r.selected.length)} initiatives funded${r.selected.length > LIST_LIMIT ? ` (the first ${app.format.count(LIST_LIMIT)} listed)` : ""}` }),
      h("thead", null, h("tr", null, h("th", { scope: "col", text: "Initiative" }), h("th", { scope: "col", class: "num", text: "Cost" }), h("th", { scope: "col", class: "num", text: "Value" }))),
      h(
        "tbody",
        null,
        r.selected.slice(0, LIST_LIMIT).map((id) =>
          h(
            "tr",
            { dataset: { id }, class: (r.mandatory ?? []).includes(id) ? "mandatory" : null },
            h("th", { scope: "row" }, nodeLink(app, id)),
            h("td", { class: "num", dataset: { col: "cost" }, text: money(costOf(id)) }),
            h("td", { class: "num", dataset: { col: "value" }, text: valueText(valueOf(id, basis)) }),
          ),
        ),
      ),
    );
    const ineligible = new Set((r.ineligible ?? []).map((x) => x.id));
    const candidates = (app.report.initiatives ?? []).filter((i) => i.active && !ineligible.has(i.id)).map((i) => i.id);
    const dropped = droppedOut(candidates, r.selected);
    for (const id of dropped.slice(0, LIST_LIMIT)) droppedList.appendChild(item(id, `${money(costOf(id))}, value ${valueText(valueOf(id, basis))}`));
    if (dropped.length > LIST_LIMIT) droppedList.appendChild(h("li", { class: "muted", text: `and ${app.format.count(dropped.length - LIST_LIMIT)} more` }));
    if (!dropped.length) droppedList.appendChild(h("li", { class: "muted", text: "Nothing: every candidate is funded." }));
    for (const id of r.mandatory ?? []) mandatoryList.appendChild(item(id, money(costOf(id))));
    if (!(r.mandatory ?? []).length) mandatoryList.appendChild(h("li", { class: "muted", text: "None." }));
    for (const x of (r.ineligible ?? []).slice(0, LIST_LIMIT)) ineligibleList.appendChild(item(x.id, `— ${x.reason}`));
    if ((r.ineligible ?? []).length > LIST_LIMIT) ineligibleList.appendChild(h("li", { class: "muted", text: `and ${app.format.count(r.ineligible.length - LIST_LIMIT)} more` }));
    if (!(r.ineligible ?? []).length) ineligibleList.appendChild(h("li", { class: "muted", text: "None." }));
  }

  let refreshing = 0;
  async function refresh() {
    const mine = ++refreshing;
    const active = (app.report?.initiatives ?? []).filter((i) => i.active);
    if (!active.length) {
      body.hidden = true;
      showMessage("This model has no active initiatives, so there is no portfolio to choose.");
      return;
    }
    state.fields = await decisionFieldsOrNone(app);
    state.npv = state.basis === "npv" ? ((await app.finance().catch(() => null))?.initiatives ?? {}) : null;
    if (mine !== refreshing) return;
    showMessage("");
    // The portfolio first (time-boxed), then the frontier; the chart follows the answer.
    const total = active.reduce((acc, i) => acc + (i.cost || 0), 0);
    if (!(total > 0)) {
      body.hidden = true;
      showMessage("No active initiative has a cost, so every budget funds them all. Add costs to the initiatives to choose between them.");
      return;
    }
    body.hidden = false;
    state.total = total;
    state.step = sliderStep(total);
    state.max = sliderMax(total, state.step);
    slider.max = String(state.max);
    slider.step = String(state.step);
    number.max = String(state.max);
    number.step = "any";
    const key = app.baseline;
    if (state.budget == null || state.modelKey !== key) {
      // A new model (or an edited one): start at the budget the model states, else 60% of the total.
      const stated = state.fields.budget;
      state.budget = stated != null && stated >= 0 ? stated : roundToStep(total * 0.6, state.step);
    }
    state.modelKey = key;
    state.budget = Math.min(state.budget, state.max);
    slider.value = String(state.budget);
    number.value = String(state.budget);
    state.large = active.length > LARGE;
    const fresh = await optimize(active.length > LARGE ? OPTIMIZE_LARGE_LIMIT_MS : OPTIMIZE_LIMIT_MS);
    if (mine !== refreshing) return;
    if (fresh) drawResult();
    await frontierCompute(mine, active.length);
    if (mine !== refreshing) return;
    const noValue = state.frontier && state.frontier.points.every((p) => !(p.value > 0));
    const noFlows = state.npv ? active.filter((i) => !state.npv[i.id]).length : 0;
    showMessage(
      noValue
        ? "No initiative has a value to maximise: every choice is worth the same."
        : state.basis === "npv" && noFlows
          ? `${app.format.count(noFlows)} of ${app.format.count(active.length)} active initiatives have no cash flows: their NPV counts as 0. Add \`cashflows\` to them (docs/lenses.md).`
          : !state.basis && state.frontier?.value_basis === "alignment"
            ? "No initiative has a benefit, so value is alignment: the sum of the funded initiatives' alignment."
            : "",
    );
    drawChart();
  }

  const shown = whenShown(root, refresh);
  shown.run();
  return {
    update: () => shown.run(),
    destroy: () => shown.destroy(),
    svg: () => svgEl,
  };
}
