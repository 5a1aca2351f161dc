// Goal weights (AHP): the top-level goals compared in pairs on Saaty's 1-9 scale, one slider per pair.
// The weights, lambda max, CI and CR follow every move (engine.ahp); when CR > 0.10 the judgement least
// consistent with the others is named with the value they imply. "Apply weights" writes the weights and
// the judgements into the working model (engine.applyGoalWeights), which is re-scored and autosaved.

import { format as d3format } from "d3-format";
import { scaleLinear } from "d3-scale";
import { h, s, clear, uniqueId } from "../../lib/dom.js";
import {
  CR_LIMIT,
  MAX_ITEMS,
  SHORT,
  entryText,
  judgementMatrix,
  judgementText,
  pairs,
  positionsFromMatrix,
  positionToValue,
  ratioMatrix,
  savedMatrixFor,
  valueToPosition,
} from "./ahp.js";
import { engineError } from "../../lib/engine-data.js";
import "../../widgets/decision.css";
import "./weights.css";

export const title = "Goal weights";


const fixed3 = d3format(".3f");

export function mount(root, app) {
  // base: the pre-filled matrix (the saved judgements, or the exact ratios of the model's weights);
  // moved: the pairs ("i,j") whose slider was moved since, which take the slider's value instead.
  const state = { ids: [], key: "", base: [], positions: {}, moved: new Set(), exact: true, stale: false, dirty: false, result: null, error: null };

  const intro = h("p", {
    class: "view-intro",
    text: "Compare the top-level goals two at a time: for each pair, how much more important is one than the other? The weights follow from all the judgements together (the analytic hierarchy process, AHP). Nothing changes in the model until you apply them.",
  });
  const message = h("div", { class: "decide-message", id: "weights-message", hidden: true });
  const source = h("p", { class: "table-note", id: "weights-source" });
  const pairsHost = h("ol", { class: "ahp-pairs", id: "weights-pairs", "aria-label": "Pairwise judgements" });
  const chartHost = h("div", { class: "chart weights-chart-host" });
  const table = h("table", { class: "data compact weights-table", id: "weights-table" });
  const consistency = h("div", { class: "ahp-consistency", id: "ahp-consistency", "aria-live": "polite" });
  const warning = h("div", { class: "ahp-warning", id: "ahp-warning", role: "status", hidden: true });
  const applyBtn = h("button", { type: "button", id: "weights-apply", class: "primary", text: "Apply weights", on: { click: apply } });
  const resetBtn = h("button", {
    type: "button",
    id: "weights-reset",
    text: "Back to the model's weights",
    on: {
      click: async () => {
        state.dirty = false;
        await init(true);
        draw();
      },
    },
  });
  const applied = h("p", { class: "decide-status", id: "weights-status", "aria-live": "polite" });
  const body = h(
    "div",
    { class: "decide-grid weights-grid" },
    h(
      "section",
      { class: "panel", "aria-labelledby": "weights-pairs-heading" },
      h("h3", { id: "weights-pairs-heading", text: "Judgements" }),
      h("p", { class: "table-note", text: "Move each slider towards the goal that matters more: 1 equal, 3 moderately, 5 strongly, 7 very strongly, 9 extremely more important (2, 4, 6, 8 in between). Arrow keys move one step." }),
      source,
      pairsHost,
    ),
    h(
      "section",
      { class: "panel", "aria-labelledby": "weights-result-heading" },
      h("h3", { id: "weights-result-heading", text: "Resulting weights" }),
      chartHost,
      table,
      consistency,
      warning,
      h("div", { class: "decide-actions no-print" }, applyBtn, resetBtn),
      applied,
    ),
  );
  root.append(intro, message, body);

  let svgEl = null;

  function goals() {
    return (app.report?.goals ?? []).filter((g) => g.top_level);
  }

  function showMessage(text, { error = false } = {}) {
    clear(message);
    message.hidden = !text;
    message.classList.toggle("error", error);
    message.setAttribute("role", error ? "alert" : "status");
    if (text) message.appendChild(h("p", { text }));
  }

  /** The model's weight of each goal in `ids`, as the engine normalised them (the report's). */
  function modelWeights(ids) {
    const byId = new Map(goals().map((g) => [g.id, g.weight || 0]));
    return ids.map((id) => byId.get(id) ?? 0);
  }

  /** True when the AHP weights of `matrix` are the model's weights of `ids` (to 1e-6). */
  async function givesModelWeights(matrix, ids) {
    try {
      const r = await app.engine.ahp(matrix, ids.map((id) => app.name(id)));
      const want = modelWeights(ids);
      return r.weights.length === want.length && r.weights.every((w, k) => Math.abs(w - want[k]) <= 1e-6);
    } catch {
      return false;
    }
  }

  /**
   * (Re)fills the judgements so that they start at the model's weights: the saved judgements when
   * they give exactly those weights, else the exact ratios of the weights (the sliders show the
   * nearest step of the scale; a pair keeps its exact ratio until its slider is moved).
   */
  async function init(force) {
    const gs = goals();
    const ids = gs.map((g) => g.id);
    const key = ids.join("\u0000");
    if (!force && state.dirty && key === state.key) return;
    let saved = null;
    try {
      saved = savedMatrixFor(await app.engine.goalJudgements(), ids);
    } catch {
      saved = null;
    }
    let stale = false;
    if (saved && !(await givesModelWeights(saved, ids))) {
      saved = null;
      stale = true;
    }
    const ratios = saved ? null : ratioMatrix(modelWeights(ids));
    state.ids = ids;
    state.key = key;
    state.dirty = false;
    state.moved = new Set();
    state.base = saved ?? ratios.matrix;
    state.exact = saved ? true : ratios.exact;
    state.stale = stale;
    state.positions = positionsFromMatrix(state.base);
    state.source = saved ? "saved" : "weights";
  }

  function matrix() {
    return judgementMatrix(state.base, state.positions, state.moved);
  }

  function move(i, j, p) {
    state.positions[`${i},${j}`] = p;
    state.moved.add(`${i},${j}`);
    state.dirty = true;
  }

  /** The AHP result of the current judgements; false when a later call superseded this one. */
  let asked = 0;
  async function compute() {
    const mine = ++asked;
    let result = null;
    let error = null;
    try {
      result = await app.engine.ahp(matrix(), state.ids.map((id) => app.name(id)));
    } catch (err) {
      error = engineError(err);
    }
    if (mine !== asked) return false;
    state.result = result;
    state.error = error;
    return true;
  }

  function buildPairs() {
    clear(pairsHost);
    const n = state.ids.length;
    for (const [i, j] of pairs(n)) {
      const a = app.name(state.ids[i]);
      const b = app.name(state.ids[j]);
      const sliderId = uniqueId("ahp-pair");
      const out = h("output", { class: "ahp-judgement", for: sliderId });
      const input = h("input", {
        type: "range",
        id: sliderId,
        class: "ahp-slider",
        min: "-8",
        max: "8",
        step: "1",
        value: String(state.positions[`${i},${j}`] ?? 0),
        "aria-label": `${a} against ${b}`,
        dataset: { row: i, col: j, a: state.ids[i], b: state.ids[j] },
        on: {
          input: () => {
            move(i, j, Number(input.value));
            describe(input, out, i, j);
            recompute();
          },
        },
      });
      describe(input, out, i, j);
      const ticks = h("div", { class: "ahp-ticks", "aria-hidden": "true" });
      for (let p = -8; p <= 8; p += 1) {
        const k = Math.abs(p) + 1;
        ticks.appendChild(h("span", { class: ["ahp-tick", SHORT[k] && "major"], text: SHORT[k] ? String(k) : "·" }));
      }
      pairsHost.appendChild(
        h(
          "li",
          { class: "ahp-pair", dataset: { row: i, col: j } },
          h(
            "div",
            { class: "ahp-row" },
            h("span", { class: "ahp-a", text: a }),
            h("div", { class: "ahp-track" }, input, ticks),
            h("span", { class: "ahp-b", text: b }),
          ),
          out,
        ),
      );
    }
  }

  function describe(input, out, i, j) {
    const p = Number(input.value);
    const text = judgementText(p, app.name(state.ids[i]), app.name(state.ids[j]));
    input.setAttribute("aria-valuetext", text);
    // Until its slider moves, a pair holds the exact entry it was pre-filled with.
    const held = state.moved.has(`${i},${j}`) ? null : state.base[i]?.[j];
    const v = held ?? positionToValue(p);
    const off = held != null && Math.abs(held - positionToValue(p)) > 1e-9;
    out.textContent = off ? `${text}; exactly ${entryText(held)} from the ${state.source === "saved" ? "saved judgements" : "model's weights"}` : text;
    out.dataset.value = entryText(v);
  }

  async function recompute() {
    if (await compute()) drawResult();
  }

  function drawResult() {
    const f = app.format;
    clear(chartHost);
    clear(table);
    clear(consistency);
    clear(warning);
    warning.hidden = true;
    svgEl = null;
    const gs = goals();
    // The model's weights as the engine normalised them (the overview's and the report's figures).
    const current = new Map(gs.map((g) => [g.id, g.weight || 0]));
    if (state.error) {
      consistency.appendChild(h("p", { class: "decide-error", role: "alert", text: `The judgements cannot be computed: ${state.error.text}` }));
      applyBtn.disabled = true;
      return;
    }
    const r = state.result;
    if (!r) return;
    applyBtn.disabled = false;
    // Before any judgement is moved the view shows the model's weights. With exact ratios the AHP
    // gives them (to rounding); when some ratio is beyond the scale it cannot, and the model's are shown.
    const weights = state.moved.size === 0 && !state.exact ? state.ids.map((id) => current.get(id) || 0) : r.weights;

    // Bar chart: AHP weight (bar) and the current weight (tick), per goal.
    const W = 520;
    const rowH = 30;
    const m = { top: 8, right: 70, bottom: 8, left: 190 };
    const H = m.top + m.bottom + rowH * state.ids.length;
    const maxW = Math.max(...weights, ...gs.map((g) => g.weight || 0), 0.01);
    const x = scaleLinear().domain([0, maxW]).range([m.left, W - m.right]);
    const svg = s("svg", {
      id: "weights-chart",
      class: "weights-svg",
      viewBox: `0 0 ${W} ${H}`,
      role: "img",
      "aria-label": `Goal weights from the judgements: ${state.ids.map((id, k) => `${app.name(id)} ${f.share(weights[k])}`).join(", ")}. Ticks mark the current weights.`,
    });
    state.ids.forEach((id, k) => {
      const y = m.top + k * rowH;
      const w = weights[k];
      const cur = current.get(id) || 0;
      const name = app.name(id);
      const label = name.length > 28 ? `${name.slice(0, 27)}…` : name;
      const g = s("g", { class: "weight-bar", dataset: { id } });
      g.appendChild(s("title", null, `${name}: ${f.share(w)} (now ${f.share(cur)})`));
      g.appendChild(s("text", { x: m.left - 8, y: y + rowH / 2, "text-anchor": "end", "dominant-baseline": "central", class: "bar-label" }, label));
      g.appendChild(s("rect", { x: m.left, y: y + 6, width: Math.max(0, x(w) - m.left), height: rowH - 12, class: "weight-rect" }));
      g.appendChild(s("line", { x1: x(cur), x2: x(cur), y1: y + 2, y2: y + rowH - 2, class: "weight-current" }));
      g.appendChild(s("text", { x: x(w) + 6, y: y + rowH / 2, "dominant-baseline": "central", class: "bar-value" }, f.share(w)));
      svg.appendChild(g);
    });
    svgEl = svg;
    chartHost.appendChild(svg);

    table.append(
      h("caption", { class: "sr-only", text: "Goal weights: from the judgements and in the model now" }),
      h("thead", null, h("tr", null, h("th", { scope: "col", text: "Goal" }), h("th", { scope: "col", class: "num", text: "From judgements" }), h("th", { scope: "col", class: "num", text: "Now" }))),
      h(
        "tbody",
        null,
        state.ids.map((id, k) =>
          h(
            "tr",
            { dataset: { id } },
            h("th", { scope: "row", text: app.name(id) }),
            h("td", { class: "num", dataset: { col: "ahp" }, text: f.share(weights[k]) }),
            h("td", { class: "num", dataset: { col: "current" }, text: f.share(current.get(id) || 0) }),
          ),
        ),
      ),
    );

    const ok = r.cr <= CR_LIMIT;
    consistency.dataset.state = ok ? "consistent" : "inconsistent";
    consistency.append(
      h(
        "dl",
        { class: "ahp-figures" },
        h("div", null, h("dt", { text: "λmax" }), h("dd", { id: "ahp-lambda", text: fixed3(r.lambda_max) })),
        h("div", null, h("dt", { text: "CI" }), h("dd", { id: "ahp-ci", text: fixed3(r.ci) })),
        h("div", null, h("dt", { text: "CR" }), h("dd", { id: "ahp-cr", text: fixed3(r.cr) })),
      ),
      h("p", {
        class: ["ahp-verdict", ok ? "ok" : "bad"],
        id: "ahp-verdict",
        text: ok
          ? `Consistent: CR ${fixed3(r.cr)} is at most 0.10.`
          : `Inconsistent: CR ${fixed3(r.cr)} is above 0.10. The judgements contradict each other; revisit the one below.`,
      }),
    );

    const mi = r.most_inconsistent;
    if (!ok && mi) {
      // The engine names the entry (row, col); our sliders hold the upper triangle (i < j).
      const [i, j] = mi.row < mi.col ? [mi.row, mi.col] : [mi.col, mi.row];
      const suggestedAij = mi.row < mi.col ? mi.suggested : 1 / mi.suggested;
      const a = app.name(state.ids[i]);
      const b = app.name(state.ids[j]);
      const nowP = state.positions[`${i},${j}`] ?? 0;
      const sugP = valueToPosition(suggestedAij);
      warning.hidden = false;
      warning.dataset.a = state.ids[i];
      warning.dataset.b = state.ids[j];
      warning.dataset.suggested = entryText(suggestedAij);
      warning.append(
        h("p", null, h("strong", { text: "Least consistent judgement: " }), h("span", { class: "ahp-warning-pair", text: `${a} vs ${b}` })),
        h("p", { text: `You said: ${judgementText(nowP, a, b)}. The other judgements imply about ${entryText(Math.round((mi.row < mi.col ? mi.implied : 1 / mi.implied) * 100) / 100)}.` }),
        h("p", { class: "ahp-suggestion", text: `Suggested: ${judgementText(sugP, a, b)}.` }),
        h("button", {
          type: "button",
          id: "ahp-apply-suggestion",
          class: "no-print",
          text: "Use the suggestion",
          on: {
            click: () => {
              move(i, j, sugP);
              const input = pairsHost.querySelector(`input[data-row="${i}"][data-col="${j}"]`);
              if (input) {
                input.value = String(sugP);
                describe(input, input.closest("li").querySelector("output.ahp-judgement"), i, j);
              }
              recompute();
              input?.focus();
            },
          },
        }),
      );
    }
  }

  async function apply() {
    const f = app.format;
    const before = app.report.kpis;
    const beforeWeights = new Map(goals().map((g) => [g.id, g.weight]));
    try {
      await app.applyGoalWeights(state.ids, matrix()); // re-scores (update() redraws from the saved judgements) and autosaves
    } catch (err) {
      const e = engineError(err);
      applied.textContent = `The weights were not applied: ${e.text}`;
      applied.classList.add("error");
      return;
    }
    state.dirty = false;
    const after = app.report.kpis;
    const changes = [
      ["alignment index", before.alignment_index, after.alignment_index],
      ["goal coverage", before.goal_coverage, after.goal_coverage],
    ].map(([label, b, a]) => `${label} ${f.share(b)} → ${f.share(a)}${f.deltaShare(a - b) ? ` (${f.deltaShare(a - b)})` : ""}`);
    const moved = goals()
      .filter((g) => Math.abs((beforeWeights.get(g.id) ?? 0) - g.weight) > 5e-4)
      .map((g) => `${app.name(g.id)} ${f.share(beforeWeights.get(g.id) ?? 0)} → ${f.share(g.weight)}`);
    const text = `Weights applied to ${f.count(state.ids.length)} goals${moved.length ? ` (${moved.join(", ")})` : ""}: ${changes.join(", ")}.`;
    applied.classList.remove("error");
    applied.textContent = text;
    app.notify(`Goal weights applied: ${changes.join(", ")}.`);
  }

  function draw() {
    const n = state.ids.length;
    if (n < 2) {
      body.hidden = true;
      showMessage(
        n === 0
          ? "This model has no top-level goals, so there is nothing to weigh. Add goals (kind \"goal\") to the model to compare them here."
          : `This model has one top-level goal (${app.name(state.ids[0])}); it carries all the weight. Weights need at least two goals to compare.`,
      );
      return;
    }
    if (n > MAX_ITEMS) {
      body.hidden = true;
      showMessage(
        `This model has ${app.format.count(n)} top-level goals; pairwise comparison supports up to ${MAX_ITEMS} (${MAX_ITEMS * (MAX_ITEMS - 1) / 2} judgements). Group goals under fewer top-level goals, or set their weights in the model file.`,
      );
      return;
    }
    body.hidden = false;
    showMessage("");
    source.textContent =
      state.source === "saved"
        ? "Pre-filled from the judgements saved with the model; they give the model's weights."
        : `${state.stale ? "The judgements saved with the model no longer give its weights (they were changed since), so the judgements are pre-filled from the weights instead. " : ""}${
            state.exact
              ? "Pre-filled from the model's weights: each pair holds the exact ratio of its two weights until you move its slider (the slider shows the nearest step of the scale), so the weights start at the model's."
              : "Pre-filled from the model's weights, whose ratios go beyond the scale's 9 to 1 for some pairs: the weights shown are the model's until you move a slider."
          }`;
    buildPairs();
    recompute();
  }

  async function update() {
    const prevKey = state.key;
    const wasDirty = state.dirty;
    await init(false);
    if (wasDirty && state.key === prevKey && pairsHost.childElementCount) {
      // What-if changes re-score the model but leave the judgements alone: only the "now" column moves.
      drawResult();
      return;
    }
    draw();
  }

  update();
  return { update, destroy() {}, svg: () => svgEl };
}
