// Priorities: the active initiatives ranked by a weighted score of alignment, benefit, (low) risk and
// (low) cost, with their WSJF; four weight sliders re-rank live (engine.priorities), and the sensitivity
// panel says in words at which weight the top N would change and how.

import { format as d3format } from "d3-format";
import { h, clear, drawSortHeader, onActivate, nextTask } from "../../lib/dom.js";
import { CRITERIA, DEFAULT_WEIGHTS, WEIGHT_MAX, compareRows, sensitivitySentences, weightText, wsjfParts } from "./text.js";
import { engineError, decisionFieldsOrNone, whenShown } from "../../lib/engine-data.js";
import "../../widgets/decision.css";
import "./priorities.css";

const WSJF_FIELDS = ["business_value", "time_criticality", "risk_reduction", "job_size"];

export const title = "Priorities";

const fixed2 = d3format(".2f");
const fixed3 = d3format(".3f");
const TOP_CHOICES = [3, 5, 10, 20];
const PAGE = 300;

const SLIDER_HELP = {
  alignment: "how much of the weighted goals an initiative serves",
  benefit: "its expected benefit (higher is better)",
  risk: "its propagated delivery risk (lower is better)",
  cost: "its cost (lower is better)",
};

export function mount(root, app) {
  const state = { weights: { ...DEFAULT_WEIGHTS }, top: 5, sort: "rank", dir: 1, result: null, error: null, limit: PAGE };

  const COLUMNS = [
    { key: "rank", label: "Rank", num: true, text: (r) => String(r.rank) },
    { key: "name", label: "Initiative", num: false },
    { key: "score", label: "Weighted score", num: true, text: (r) => fixed3(r.score) },
    { key: "wsjf", label: "WSJF", num: true, text: (r) => (r.wsjf == null ? "–" : fixed2(r.wsjf)), title: "Weighted shortest job first: (business value + time criticality + risk reduction) / job size" },
    { key: "business_value", label: "Business value", num: true, text: (r) => part(r.business_value), cls: "wsjf-part" },
    { key: "time_criticality", label: "Time criticality", num: true, text: (r) => part(r.time_criticality), cls: "wsjf-part" },
    { key: "risk_reduction", label: "Risk reduction", num: true, text: (r) => part(r.risk_reduction), cls: "wsjf-part" },
    { key: "job_size", label: "Job size", num: true, text: (r) => part(r.job_size), cls: "wsjf-part" },
    { key: "alignment", label: "Alignment", num: true, text: (r) => app.format.share(r.alignment) },
    { key: "benefit", label: "Benefit", num: true, text: (r) => app.format.money(r.benefit) },
    { key: "risk", label: "Delivery risk", num: true, text: (r) => app.format.share(r.risk) },
    { key: "cost", label: "Cost", num: true, text: (r) => app.format.money(r.cost) },
  ];
  const part = (v) => (v == null ? "–" : app.format.number(v));

  const intro = h("p", { class: "view-intro", text: "" });
  const message = h("div", { class: "decide-message", id: "priorities-message", role: "status", hidden: true });

  const sliders = new Map();
  const sliderBox = h("div", { class: "priority-weights", role: "group", "aria-label": "Criteria weights" });
  for (const c of CRITERIA) {
    const id = `priorities-weight-${c}`;
    const out = h("output", { class: "weight-out", for: id, id: `${id}-value`, text: weightText(state.weights[c]) });
    const input = h("input", {
      type: "range",
      id,
      min: "0",
      max: String(WEIGHT_MAX),
      step: "0.05",
      value: String(state.weights[c]),
      dataset: { criterion: c },
      "aria-valuetext": weightText(state.weights[c]),
      on: {
        input: () => {
          state.weights[c] = Number(input.value);
          input.setAttribute("aria-valuetext", weightText(state.weights[c]));
          out.textContent = weightText(state.weights[c]);
          recompute();
        },
      },
    });
    sliders.set(c, { input, out });
    sliderBox.appendChild(
      h(
        "div",
        { class: "priority-weight" },
        h("label", { for: id }, h("span", { class: "weight-name", text: `${c[0].toUpperCase()}${c.slice(1)} weight` }), " ", h("span", { class: "muted", text: SLIDER_HELP[c] })),
        h("div", { class: "weight-row" }, input, out),
      ),
    );
  }
  const topSelect = h(
    "select",
    {
      id: "priorities-top",
      on: {
        change: () => {
          state.top = Number(topSelect.value);
          recompute();
        },
      },
    },
    TOP_CHOICES.map((n) => h("option", { value: String(n), text: `Top ${n}`, selected: n === state.top ? "selected" : null })),
  );
  const resetBtn = h("button", {
    type: "button",
    id: "priorities-reset",
    text: "Default weights",
    on: {
      click: () => {
        state.weights = { ...DEFAULT_WEIGHTS };
        for (const [c, { input, out }] of sliders) {
          input.value = String(state.weights[c]);
          input.setAttribute("aria-valuetext", weightText(state.weights[c]));
          out.textContent = weightText(state.weights[c]);
        }
        recompute();
      },
    },
  });
  const weightNote = h("p", { class: "table-note", id: "priorities-weight-note" });
  const sensitivity = h("ul", { class: "sensitivity", id: "priorities-sensitivity" });
  const errorLine = h("p", { class: "decide-error", id: "priorities-error", role: "alert", hidden: true });
  const thead = h("thead");
  const tbody = h("tbody");
  const more = h("div", { class: "table-more" });
  const body = h(
    "div",
    { class: "priorities-layout" },
    h(
      "section",
      { class: "panel priorities-controls", "aria-labelledby": "priorities-weights-heading" },
      h(
        "div",
        null,
        h("h3", { id: "priorities-weights-heading", text: "Criteria weights" }),
        sliderBox,
        h("div", { class: "controls" }, h("label", { for: "priorities-top", text: "Compare the" }), topSelect, resetBtn),
        weightNote,
      ),
      h(
        "div",
        { class: "priorities-sensitivity-panel" },
        h("h3", { id: "priorities-sensitivity-heading", text: "How robust is the top?" }),
        sensitivity,
        errorLine,
      ),
    ),
    h(
      "section",
      { class: "panel priorities-table-panel", "aria-label": "Ranked initiatives" },
      h("div", { class: "table-wrap tall" }, h("table", { class: "data priorities-table", id: "priorities-table" }, h("caption", { class: "sr-only", text: "Active initiatives ranked by weighted score, with WSJF and the criteria. Column headers sort; a row shows the initiative's details." }), thead, tbody)),
      more,
    ),
  );
  root.append(intro, message, body);

  /** Ranks with the current weights; false when a later call superseded this one. */
  let asked = 0;
  async function compute() {
    const mine = ++asked;
    let result = null;
    let error = null;
    try {
      result = await app.engine.priorities({ ...state.weights }, state.top);
    } catch (err) {
      error = engineError(err);
    }
    if (mine !== asked) return false;
    state.result = result;
    state.error = error;
    return true;
  }

  async function recompute() {
    if (await compute()) draw();
  }

  function showMessage(text) {
    clear(message);
    message.hidden = !text;
    if (text) message.appendChild(h("p", { text }));
  }

  /** A ranked row with its WSJF parts (the model's own fields). */
  function withParts(r) {
    const f = state.fields;
    return f ? { ...r, ...(wsjfParts(Object.fromEntries(WSJF_FIELDS.map((k) => [k, f.number(r.id, k)]))) ?? {}) } : r;
  }

  /** The engine's ranking rows in the table's order: the WSJF parts looked up only for the rows shown, unless the table is sorted by one. */
  function sortedRows() {
    const base = state.result?.rows ?? [];
    const byPart = WSJF_FIELDS.includes(state.sort);
    const all = byPart ? base.map(withParts) : base;
    const sorted = [...all].sort(compareRows(state.sort, state.dir));
    return { count: sorted.length, shown: sorted.slice(0, state.limit).map((r) => (byPart ? r : withParts(r))) };
  }

  /** An initiative's name, from the ranking's own rows (no lookup over the whole model). */
  function nameOf(id) {
    const r = state.result;
    if (!r) return app.name(id);
    r.names ??= new Map(r.rows.map((x) => [x.id, x.name]));
    return r.names.get(id) ?? app.name(id);
  }

  function draw() {
    const f = app.format;
    const sum = CRITERIA.reduce((acc, c) => acc + state.weights[c], 0);
    weightNote.textContent =
      sum > 0
        ? `Weights count relative to their sum (${weightText(sum)}): ${CRITERIA.map((c) => `${c} ${f.share(state.weights[c] / sum)}`).join(", ")}.`
        : "All weights are zero: give at least one criterion a weight.";
    errorLine.hidden = !state.error;
    errorLine.textContent = state.error ? `The ranking cannot be computed: ${state.error.text}` : "";
    drawSensitivity();
    drawTable();
  }

  function drawSensitivity() {
    clear(sensitivity);
    const r = state.result;
    if (!r) return;
    const rowsN = r.rows.length;
    const topN = Math.min(state.top, rowsN);
    if (rowsN <= state.top) {
      sensitivity.appendChild(h("li", { dataset: { direction: "none" }, text: `All ${rowsN} active initiatives are in the top ${state.top}: no weight changes who is in it.` }));
      return;
    }
    for (const e of r.sensitivity ?? []) {
      for (const sentence of sensitivitySentences(e, topN, nameOf)) {
        sensitivity.appendChild(h("li", { dataset: { criterion: e.criterion, direction: sentence.direction }, text: sentence.text }));
      }
    }
  }

  function drawTable() {
    drawSortHeader(thead, COLUMNS, state, {
      thProps: (c) => ({ class: [c.num && "num", c.cls], title: c.title ?? null }),
      // Rank and the "lower is better" figures ascend first, the rest descend.
      firstDir: (c) => (["rank", "name", "risk", "cost", "job_size"].includes(c.key) ? 1 : -1),
      redraw: drawTable,
    });
    clear(tbody);
    clear(more);
    const { count, shown } = sortedRows();
    for (const r of shown) {
      const inTop = r.rank <= state.top;
      const tr = h(
        "tr",
        {
          tabindex: "0",
          class: ["clickable", inTop && "in-top", app.selected === r.id && "selected"],
          dataset: { id: r.id, rank: r.rank },
          "aria-label": `Rank ${r.rank}: ${r.name}${inTop ? `, in the top ${state.top}` : ""}`,
        },
        COLUMNS.map((c) =>
          c.key === "name"
            ? h("th", { scope: "row", dataset: { col: "name" }, text: r.name ?? app.name(r.id) })
            : h("td", { class: ["num", c.cls], dataset: { col: c.key }, text: c.text(r) }),
        ),
      );
      onActivate(tr, () => app.select(r.id));
      tbody.appendChild(tr);
    }
    if (!count && state.result) tbody.appendChild(h("tr", null, h("td", { colspan: COLUMNS.length, class: "empty", text: "No active initiative to rank." })));
    if (count > state.limit) {
      more.append(
        h("span", { class: "table-note", text: `Showing ${app.format.count(state.limit)} of ${app.format.count(count)}. ` }),
        h("button", {
          type: "button",
          text: "Show more",
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

  async function refresh() {
    const inis = app.report?.initiatives ?? [];
    const active = inis.filter((i) => i.active).length;
    if (!active) {
      body.hidden = true;
      showMessage(inis.length ? "No initiative is active (all are done or cancelled), so there is nothing to rank." : "This model has no initiatives, so there is nothing to rank. Add initiatives (kind \"initiative\") with cost, benefit and WSJF fields.");
      return;
    }
    body.hidden = false;
    state.fields = await decisionFieldsOrNone(app);
    if (!(await compute())) return;
    // Drawn in a task after the ranking's copy from the engine's worker (a large portfolio's rows).
    await nextTask();
    const r = state.result;
    const withWsjf = (r?.rows ?? []).filter((x) => x.wsjf != null).length;
    const anyBenefit = (r?.rows ?? []).some((x) => x.benefit > 0);
    const anyCost = (r?.rows ?? []).some((x) => x.cost > 0);
    const missing = [!anyBenefit && "benefits", !anyCost && "costs"].filter(Boolean);
    showMessage(
      [
        missing.length ? `No initiative has ${missing.join(" or ")}: those criteria rank nothing here.` : "",
        r && withWsjf < r.rows.length ? `${app.format.count(r.rows.length - withWsjf)} of ${app.format.count(r.rows.length)} initiatives lack the WSJF fields (business_value, time_criticality, risk_reduction, job_size): their WSJF shows “–”.` : "",
      ]
        .filter(Boolean)
        .join(" "),
    );
    intro.textContent = `${app.format.count(active)} active initiatives ranked by a weighted score: alignment, benefit, low delivery risk and low cost, each scaled to 0–1. Move the weights to see the ranking change; click a row for details.`;
    draw();
  }

  const shown = whenShown(root, refresh);
  function onSelect(id) {
    for (const el of root.querySelectorAll("tr[data-id].selected")) el.classList.remove("selected");
    if (id != null) for (const el of root.querySelectorAll(`tr[data-id="${CSS.escape(id)}"]`)) el.classList.add("selected");
  }
  const off = app.on("select", onSelect);
  shown.run();
  return {
    update: () => shown.run(),
    destroy() {
      off();
      shown.destroy();
    },
  };
}
