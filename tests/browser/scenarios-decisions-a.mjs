// The decision views A (goal weights, priorities, budget) driven as a person would: sliders moved with
// the keyboard, buttons clicked, and what the page then shows compared with the CLI on the same model
// (`aligngraph ahp`, `aligngraph wsjf --weighted`, `aligngraph optimize`, `aligngraph score`).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { format as d3format } from "d3-format";
import { BIN, cli, demoModel, expectedKpiTexts, money, score, tempDir, until } from "./helpers.mjs";
import { matrixFromPositions, pairs, positionsFromWeights } from "../../www/views/weights/ahp.js";
import { sensitivitySentences } from "../../www/views/priorities/text.js";

const share = d3format(".1%");
const fixed2 = d3format(".2f");
const fixed3 = d3format(".3f");

// ---------------------------------------------------------------------------------------------
// Oracles

let demo = null;
/** The demo model written to a temp file (for the CLI), its report, top-level goals and names. */
export function demoFile() {
  if (!demo) {
    const dir = tempDir("decisions-a");
    const file = path.join(dir, "demo.json");
    execFileSync(BIN, ["demo", "-o", file]);
    const model = demoModel();
    const report = score("--demo");
    const names = new Map(model.nodes.map((n) => [n.id, n.name ?? n.id]));
    const goals = report.goals.filter((g) => g.top_level);
    demo = { dir, file, model, report, names, goals };
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  }
  return demo;
}

/** `aligngraph ahp` on a matrix (written to a temp input.json). */
export function cliAhp(matrix, labels) {
  const { dir } = demoFile();
  const file = path.join(dir, "input.json");
  writeFileSync(file, JSON.stringify({ matrix, labels }));
  return cli(["ahp", file]);
}

/** `aligngraph optimize` at a budget: the result, or {error} with the CLI's stderr when it fails. */
export function cliOptimize(budget) {
  const { file } = demoFile();
  try {
    return cli(["optimize", file, "--budget", String(budget)]);
  } catch (e) {
    return { error: String(e.stderr ?? e.message) };
  }
}

// ---------------------------------------------------------------------------------------------
// Driving

/** Moves a range input to `value` with the keyboard: Home, then ArrowRight one step at a time. */
export async function keyRange(s, selector, value) {
  await s.waitFor(selector);
  const { min, step } = await s.page.evaluate((sel) => {
    const el = document.querySelector(sel);
    el.scrollIntoView({ block: "center" });
    return { min: Number(el.min), step: Number(el.step) };
  }, selector);
  await s.page.focus(selector);
  await s.driver.press("Home");
  const n = Math.round((value - min) / step);
  for (let k = 0; k < n; k += 1) await s.driver.press("ArrowRight");
  const now = await s.page.evaluate((sel) => Number(document.querySelector(sel).value), selector);
  assert.ok(Math.abs(now - value) < step / 2, `${selector}: moved to ${now}, wanted ${value}`);
}

const pairSelector = (i, j) => `#weights-pairs input.ahp-slider[data-row="${i}"][data-col="${j}"]`;

/** Sets every AHP slider to its position ({"i,j": p}). */
async function enterPositions(s, n, positions) {
  for (const [i, j] of pairs(n)) await keyRange(s, pairSelector(i, j), positions[`${i},${j}`]);
}

/** What the goal weights view shows: weights by goal id, λmax, CI, CR, verdict, the warning. */
function readWeights(s) {
  return s.page.evaluate(() => {
    const q = (sel) => document.querySelector(sel);
    const w = q("#ahp-warning");
    return {
      weights: Object.fromEntries([...document.querySelectorAll("#weights-table tbody tr[data-id]")].map((tr) => [tr.dataset.id, tr.querySelector('td[data-col="ahp"]').textContent.trim()])),
      lambda: q("#ahp-lambda")?.textContent.trim(),
      ci: q("#ahp-ci")?.textContent.trim(),
      cr: q("#ahp-cr")?.textContent.trim(),
      state: q("#ahp-consistency")?.dataset.state,
      warning: w && !w.hidden ? { a: w.dataset.a, b: w.dataset.b, suggested: w.dataset.suggested, text: w.textContent } : null,
      bars: document.querySelectorAll("#weights-chart g.weight-bar").length,
      chartLabel: q("#weights-chart")?.getAttribute("aria-label") ?? "",
    };
  });
}

/** Waits until the view shows the CLI's AHP weights (it recomputes after each input), then checks every figure. */
async function expectAhp(s, ahp, ids, what) {
  const want = Object.fromEntries(ids.map((id, k) => [id, share(ahp.weights[k])]));
  const shown = await until(() => readWeights(s), (x) => JSON.stringify(x.weights) === JSON.stringify(want), `${what}: weights`).catch(async () => {
    const last = await readWeights(s);
    assert.deepEqual(last.weights, want, `${what}: weights`);
    return last;
  });
  assert.equal(shown.cr, fixed3(ahp.cr), `${what}: CR`);
  assert.equal(shown.ci, fixed3(ahp.ci), `${what}: CI`);
  assert.equal(shown.lambda, fixed3(ahp.lambda_max), `${what}: λmax`);
  assert.equal(shown.state, ahp.consistent ? "consistent" : "inconsistent", `${what}: consistency state`);
  assert.equal(shown.bars, ids.length, `${what}: one bar per goal`);
  return shown;
}

// A consistent matrix whose weights are known exactly: ratios of 4:2:2:1:1:1 are all on the scale.
const KNOWN = [4, 2, 2, 1, 1, 1];

// ---------------------------------------------------------------------------------------------
// Scenarios

/** Consistent judgements give the weights exactly (CR 0); a contradiction is named with its fix. */
export async function weightsMatrix(s) {
  const { goals, names } = demoFile();
  const ids = goals.map((g) => g.id);
  const labels = ids.map((id) => names.get(id));
  const n = ids.length;
  await s.waitForKpis();
  await s.openView("weights");
  await s.waitFor("#weights-pairs input.ahp-slider");
  const sliders = await s.page.evaluate(() => document.querySelectorAll("#weights-pairs input.ahp-slider").length);
  assert.equal(sliders, (n * (n - 1)) / 2, "one slider per pair of top-level goals");

  // Pre-filled from the current weights' ratios rounded to the scale.
  const pre = positionsFromWeights(goals.map((g) => g.weight));
  const prefilled = await s.page.evaluate(() => Object.fromEntries([...document.querySelectorAll("#weights-pairs input.ahp-slider")].map((e) => [`${e.dataset.row},${e.dataset.col}`, Number(e.value)])));
  assert.deepEqual(prefilled, pre, "sliders pre-filled from the current weights");

  // 1. A consistent matrix.
  const consistent = positionsFromWeights(KNOWN);
  await enterPositions(s, n, consistent);
  const m1 = matrixFromPositions(n, consistent);
  const ahp1 = cliAhp(m1, labels);
  const sum = KNOWN.reduce((a, b) => a + b, 0);
  ahp1.weights.forEach((w, k) => assert.ok(Math.abs(w - KNOWN[k] / sum) < 1e-9, `CLI weight ${k} of a consistent matrix`));
  const shown1 = await expectAhp(s, ahp1, ids, "consistent matrix");
  assert.equal(shown1.warning, null, "no CR warning for a consistent matrix");
  // The slider speaks its judgement.
  const valuetext = await s.page.evaluate((sel) => document.querySelector(sel).getAttribute("aria-valuetext"), pairSelector(0, 1));
  assert.equal(valuetext, `${labels[0]} equally to moderately more important than ${labels[1]} (2)`, "aria-valuetext of the first pair");

  // 2. Contradict it: the least important goal extremely more important than the most important.
  const bad = { ...consistent, [`0,${n - 1}`]: 8, "1,2": -8 };
  await keyRange(s, pairSelector(0, n - 1), 8);
  await keyRange(s, pairSelector(1, 2), -8);
  const m2 = matrixFromPositions(n, bad);
  const ahp2 = cliAhp(m2, labels);
  assert.ok(ahp2.cr > 0.1, `the test's contradiction should be inconsistent (CLI CR ${ahp2.cr})`);
  const shown2 = await expectAhp(s, ahp2, ids, "inconsistent matrix");
  const mi = ahp2.most_inconsistent;
  const [i, j] = mi.row < mi.col ? [mi.row, mi.col] : [mi.col, mi.row];
  assert.ok(shown2.warning, "the CR warning is shown");
  assert.deepEqual([shown2.warning.a, shown2.warning.b], [ids[i], ids[j]], "the warning names the CLI's most inconsistent pair");
  assert.ok(shown2.warning.text.includes(`${labels[i]} vs ${labels[j]}`), `the warning names the pair in words: ${shown2.warning.text}`);
  await s.screenshot("weights-inconsistent");

  // 3. Take the suggestion: the slider moves there and the figures follow the CLI on the new matrix.
  await s.click("#ahp-apply-suggestion");
  const after = await s.page.evaluate(() => Object.fromEntries([...document.querySelectorAll("#weights-pairs input.ahp-slider")].map((e) => [`${e.dataset.row},${e.dataset.col}`, Number(e.value)])));
  const m3 = matrixFromPositions(n, after);
  const suggested = mi.row < mi.col ? mi.suggested : 1 / mi.suggested;
  assert.ok(Math.abs(m3[i][j] - suggested) < 1e-9, `the suggested value ${suggested} is entered for ${labels[i]} vs ${labels[j]} (got ${m3[i][j]})`);
  await expectAhp(s, cliAhp(m3, labels), ids, "after the suggestion");
}

/** Apply writes the weights: the overview KPIs become the CLI's on a model with them; a reload keeps it. */
export async function weightsApply(s) {
  const { goals, names, model } = demoFile();
  const ids = goals.map((g) => g.id);
  const labels = ids.map((id) => names.get(id));
  const n = ids.length;
  const positions = positionsFromWeights(KNOWN);
  const ahp = cliAhp(matrixFromPositions(n, positions), labels);
  const copy = structuredClone(model);
  ids.forEach((id, k) => {
    copy.nodes.find((x) => x.id === id).weight = ahp.weights[k];
  });
  const dir = tempDir("weights-apply");
  const file = path.join(dir, "weighted.json");
  writeFileSync(file, JSON.stringify(copy));
  const want = expectedKpiTexts(cli(["score", file]));
  rmSync(dir, { recursive: true, force: true });
  const before = expectedKpiTexts(demoFile().report);
  assert.notEqual(want.alignment_index, before.alignment_index, "the test's weights should move the alignment index");

  await s.waitForKpis();
  await s.keepWorkIfFile();
  await s.openView("weights");
  await s.waitFor("#weights-pairs input.ahp-slider");
  await enterPositions(s, n, positions);
  await s.click("#weights-apply");
  await s.waitForText("#weights-status", new RegExp(`alignment index ${escapeRe(before.alignment_index)} → ${escapeRe(want.alignment_index)}`));
  await s.waitForText("#status", /Goal weights applied/);
  // The "now" column shows the applied weights.
  const now = await s.page.evaluate(() => Object.fromEntries([...document.querySelectorAll("#weights-table tbody tr[data-id]")].map((tr) => [tr.dataset.id, tr.querySelector('td[data-col="current"]').textContent.trim()])));
  assert.deepEqual(now, Object.fromEntries(ids.map((id, k) => [id, share(ahp.weights[k])])), "current weights after Apply");

  await s.openView("overview");
  await expectKpisEqual(s, want, "overview KPIs after Apply");

  await new Promise((r) => setTimeout(r, 800)); // autosave is asynchronous
  await s.reload();
  await s.waitForKpis();
  await expectKpisEqual(s, want, "overview KPIs after a reload");
  await s.openView("weights");
  await s.waitFor("#weights-pairs input.ahp-slider");
  await s.waitForText("#weights-source", /saved with the model/);
  const restored = await s.page.evaluate(() => Object.fromEntries([...document.querySelectorAll("#weights-pairs input.ahp-slider")].map((e) => [`${e.dataset.row},${e.dataset.col}`, Number(e.value)])));
  assert.deepEqual(restored, positions, "the saved judgements come back after a reload");
}

async function expectKpisEqual(s, want, what) {
  await s.waitForKpis();
  try {
    await s.driver.waitForFunction(
      (want) => Object.entries(want).every(([k, v]) => document.querySelector(`#view-overview .kpi[data-kpi="${k}"] .kpi-value`)?.textContent.trim() === v),
      want,
      5_000,
    );
  } catch {
    /* the assertion shows the difference */
  }
  assert.deepEqual(await s.kpiValues("#view-overview"), want, what);
}

const escapeRe = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function readPriorities(s) {
  return s.page.evaluate(() => ({
    ids: [...document.querySelectorAll("#priorities-table tbody tr[data-id]")].map((tr) => tr.dataset.id),
    wsjf: Object.fromEntries([...document.querySelectorAll("#priorities-table tbody tr[data-id]")].map((tr) => [tr.dataset.id, tr.querySelector('td[data-col="wsjf"]').textContent.trim()])),
    score: Object.fromEntries([...document.querySelectorAll("#priorities-table tbody tr[data-id]")].map((tr) => [tr.dataset.id, tr.querySelector('td[data-col="score"]').textContent.trim()])),
    sensitivity: [...document.querySelectorAll("#priorities-sensitivity li")].map((li) => li.textContent.trim()),
  }));
}

/**
 * The table once it shows `ranking` (each key press or choice re-ranks in the engine's worker,
 * so the table may still show an earlier step when the last key is pressed); what it shows after
 * the wait otherwise, for the assertions to name the difference.
 */
async function settledPriorities(s, ranking, what) {
  const want = JSON.stringify({ ids: ranking.rows.map((r) => r.id), score: Object.fromEntries(ranking.rows.map((r) => [r.id, fixed3(r.score)])) });
  return until(() => readPriorities(s), (x) => JSON.stringify({ ids: x.ids, score: x.score }) === want, `${what}: table`).catch(() => readPriorities(s));
}

function expectPriorities(shown, ranking, names, what) {
  assert.deepEqual(shown.ids, ranking.rows.map((r) => r.id), `${what}: table order = CLI ranking`);
  assert.deepEqual(shown.score, Object.fromEntries(ranking.rows.map((r) => [r.id, fixed3(r.score)])), `${what}: weighted scores`);
  const sentences = ranking.sensitivity.flatMap((e) => sensitivitySentences(e, ranking.top_n, (id) => names.get(id) ?? id).map((x) => x.text));
  assert.deepEqual(shown.sensitivity, sentences, `${what}: sensitivity panel`);
}

/** The table is the CLI's weighted ranking, WSJF as `aligngraph wsjf`; a weight slider re-ranks. */
export async function priorities(s) {
  const { file, names } = demoFile();
  const wsjf = cli(["wsjf", file]);
  const ranking = cli(["wsjf", file, "--weighted", "--top", "5"]);
  await s.waitForKpis();
  await s.openView("priorities");
  await s.waitFor("#priorities-table tbody tr[data-id]");
  const shown = await settledPriorities(s, ranking, "default weights");
  expectPriorities(shown, ranking, names, "default weights");
  // The engine finds a threshold beyond the sliders' end (the demo's benefit weight: above 4); the
  // panel offers only weights a slider can reach.
  assert.ok(ranking.sensitivity.some((e) => e.upper && e.upper.weight > 1), "the demo has a threshold above 1");
  for (const t of shown.sensitivity) {
    const m = t.match(/rises above ([\d.]+)/);
    if (m) assert.ok(Number(m[1]) <= 1, `a weight the slider cannot reach is offered: ${t}`);
  }
  for (const [id, v] of Object.entries(wsjf)) {
    if (shown.wsjf[id] !== undefined) assert.equal(shown.wsjf[id], fixed2(v), `WSJF of ${id}`);
  }
  assert.ok(Object.keys(wsjf).some((id) => shown.wsjf[id] !== undefined), "some WSJF values are shown");

  // Alignment weight down to 0.10 with the keyboard: the ranking follows the CLI with those weights.
  await keyRange(s, "#priorities-weight-alignment", 0.1);
  const low = cli(["wsjf", file, "--weighted", "--top", "5", "--weights", "alignment=0.1,benefit=0.3,risk=0.15,cost=0.15"]);
  const shownLow = await settledPriorities(s, low, "alignment weight 0.10");
  expectPriorities(shownLow, low, names, "alignment weight 0.10");
  assert.notDeepEqual(shownLow.ids, shown.ids, "moving the alignment weight re-ranks the table");

  // Top 3.
  await s.page.selectOption("#priorities-top", "3");
  const top3 = cli(["wsjf", file, "--weighted", "--top", "3", "--weights", "alignment=0.1,benefit=0.3,risk=0.15,cost=0.15"]);
  expectPriorities(await settledPriorities(s, top3, "top 3"), top3, names, "top 3");

  // A row click selects the node.
  const first = low.rows[0].id;
  await s.page.click(`#priorities-table tbody tr[data-id="${first}"] th`);
  await s.waitForText("aside#detail h2", names.get(first));
  await s.screenshot("priorities");
}

async function readBudget(s) {
  // The view shows "Choosing the portfolio…" until the answer for the latest budget is in.
  await s.driver.waitForFunction(() => document.querySelector("#budget-progress")?.hidden !== false, null, 20_000);
  return s.page.evaluate(() => {
    const q = (sel) => document.querySelector(sel);
    const fig = (k) => q(`#budget-summary [data-figure="${k}"] dd`)?.textContent.trim() ?? null;
    const marker = q("#budget-marker");
    const err = q("#budget-error");
    return {
      slider: Number(q("#budget-slider").value),
      selected: [...document.querySelectorAll("#budget-selected tbody tr[data-id]")].map((tr) => tr.dataset.id),
      cost: fig("cost"),
      value: fig("value"),
      budget: fig("budget"),
      optimal: fig("optimal"),
      marker: marker ? { cx: Number(marker.getAttribute("cx")), cy: Number(marker.getAttribute("cy")), budget: Number(marker.dataset.budget), value: Number(marker.dataset.value) } : null,
      error: err && !err.hidden ? { code: err.dataset.code, text: err.textContent } : null,
    };
  });
}

function expectOptimize(shown, want, currency, what) {
  assert.equal(shown.error, null, `${what}: unexpected error ${JSON.stringify(shown.error)}`);
  assert.deepEqual([...shown.selected].sort(), [...want.selected].sort(), `${what}: selected initiatives`);
  assert.equal(shown.cost, money(want.cost, currency), `${what}: cost`);
  assert.equal(shown.value, want.value_basis === "alignment" ? shown.value : money(want.value, currency), `${what}: value`);
  assert.equal(shown.marker.value, want.value, `${what}: the marker's value`);
  assert.equal(shown.optimal.startsWith("Yes"), want.optimal, `${what}: optimal`);
}

/** The budget slider re-optimises: selection, cost and value equal `aligngraph optimize` at that budget. */
export async function budget(s) {
  const { file, report } = demoFile();
  const currency = report.model.currency;
  const frontier = cli(["optimize", file, "--frontier"]);
  await s.waitForKpis();
  await s.openView("budget");
  await s.waitFor("#budget-frontier circle.frontier-point");
  const points = await s.page.evaluate(() => document.querySelectorAll("#budget-frontier circle.frontier-point").length);
  assert.equal(points, frontier.points.length, "frontier points = aligngraph optimize --frontier");

  const { step, max } = await s.page.evaluate(() => ({ step: Number(document.querySelector("#budget-slider").step), max: Number(document.querySelector("#budget-slider").max) }));
  assert.ok(max >= frontier.total_cost, `the slider reaches the total cost (${max} >= ${frontier.total_cost})`);
  // Several budgets reached by moving the slider.
  for (const fraction of [0.25, 0.5, 0.8, 1]) {
    const b = Math.round((max * fraction) / step) * step;
    await keyRange(s, "#budget-slider", b);
    const shown = await readBudget(s);
    const want = cliOptimize(shown.slider);
    if (want.error) {
      assert.ok(shown.error, `budget ${shown.slider}: the CLI fails (${want.error.trim()}) and the page should say so`);
      continue;
    }
    expectOptimize(shown, want, currency, `budget ${shown.slider}`);
  }
  // Budget 0: below the mandatory cost the view explains INFEASIBLE; else the empty portfolio.
  await keyRange(s, "#budget-slider", 0);
  const zero = await readBudget(s);
  const want0 = cliOptimize(0);
  if (want0.error) {
    assert.ok(zero.error, "budget 0: INFEASIBLE is shown in the view");
    assert.equal(zero.error.code, "INFEASIBLE", "budget 0: error code");
  } else expectOptimize(zero, want0, currency, "budget 0");

  // Clicking a frontier point takes its budget; the marker sits on that point.
  const k = Math.floor(frontier.points.length / 2);
  const target = [...frontier.points].sort((a, b) => a.budget - b.budget)[k];
  const pt = await s.page.evaluate((b) => {
    const c = [...document.querySelectorAll("#budget-frontier circle.frontier-point")].find((e) => Number(e.dataset.budget) === b);
    c.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    return { cx: Number(c.getAttribute("cx")), cy: Number(c.getAttribute("cy")) };
  }, target.budget);
  const atPoint = await readBudget(s);
  expectOptimize(atPoint, cliOptimize(target.budget), currency, `frontier point at ${target.budget}`);
  assert.ok(Math.abs(atPoint.marker.cx - pt.cx) < 0.01 && Math.abs(atPoint.marker.cy - pt.cy) < 0.01, `the marker (${atPoint.marker.cx}, ${atPoint.marker.cy}) sits on the frontier point (${pt.cx}, ${pt.cy})`);

  // The exact amount typed in the number input.
  const typed = Math.round(frontier.total_cost * 0.37);
  await s.page.fill("#budget-input", String(typed));
  await s.driver.press("Enter");
  expectOptimize(await readBudget(s), cliOptimize(typed), currency, `typed budget ${typed}`);
  await s.screenshot("budget");
}

/** A model without goals, costs or WSJF fields: each view explains instead of failing. */
export async function emptyModel(s) {
  const dir = tempDir("decisions-empty");
  const file = path.join(dir, "bare.json");
  writeFileSync(
    file,
    JSON.stringify({ format: "aligngraph", version: 1, name: "Bare model", nodes: [{ id: "ini-a", kind: "initiative", name: "A" }, { id: "app-b", kind: "application", name: "B" }], edges: [] }),
  );
  try {
    await s.waitForKpis();
    await s.setFiles("input#import-file", file);
    await s.waitForText("#model-name", "Bare model");
    await s.openView("weights");
    await s.waitForText("#weights-message", /no top-level goals/);
    await s.openView("priorities");
    await s.waitFor("#priorities-table tbody tr[data-id], #priorities-message:not([hidden])");
    await s.openView("budget");
    await s.waitForText("#budget-message", /no cost|no active/i);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The goals' weights as the overview's goals table shows them: {id: "19.0%"} of the top-level goals. */
function overviewWeights(s) {
  return s.page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll("#view-overview table.goals-table tbody tr[data-id]")]
        .map((tr) => [tr.dataset.id, tr.querySelector("td")?.textContent.trim()])
        .filter(([, w]) => w !== "sub-goal"),
    ),
  );
}

/** What the goal weights view shows for each goal before anything is touched: table columns and chart. */
function weightsShown(s) {
  return s.page.evaluate(() => {
    const rows = [...document.querySelectorAll("#weights-table tbody tr[data-id]")];
    const col = (c) => Object.fromEntries(rows.map((tr) => [tr.dataset.id, tr.querySelector(`td[data-col="${c}"]`).textContent.trim()]));
    return {
      ahp: col("ahp"),
      current: col("current"),
      bars: Object.fromEntries([...document.querySelectorAll("#weights-chart g.weight-bar")].map((g) => [g.dataset.id, g.querySelector("text.bar-value").textContent.trim()])),
      cr: document.querySelector("#ahp-cr")?.textContent.trim(),
      source: document.querySelector("#weights-source")?.textContent.trim(),
    };
  });
}

async function expectWeightsStartAtModel(s, want, what) {
  await s.openView("weights");
  await s.waitFor("#weights-table tbody tr[data-id]");
  await s.waitFor("#weights-chart g.weight-bar");
  const shown = await weightsShown(s);
  assert.deepEqual(shown.ahp, want, `${what}: the weights view's "From judgements" column starts at the model's weights`);
  assert.deepEqual(shown.current, want, `${what}: the weights view's "Now" column is the model's weights`);
  assert.deepEqual(shown.bars, want, `${what}: the bars start at the model's weights`);
  return shown;
}

/**
 * Before anything is touched, every goal's weight in the goal weights view is the one the overview
 * and the report give it: on the demo (whose ratios, such as 5 to 4, are not steps of the scale) and
 * on a model whose weights differ more than 9 to 1 (beyond the scale).
 */
export async function weightsStartAtModel(s) {
  const { goals } = demoFile();
  const report = Object.fromEntries(goals.map((g) => [g.id, share(g.weight)]));
  await s.waitForKpis();
  assert.deepEqual(await overviewWeights(s), report, "demo: the overview's weights are the report's");
  const demoShown = await expectWeightsStartAtModel(s, report, "demo");
  assert.equal(demoShown.cr, fixed3(0), "demo: the exact ratios of the model's weights are consistent (CR 0)");
  assert.match(demoShown.source, /model's weights/);

  const dir = tempDir("weights-start");
  const file = path.join(dir, "far-apart.json");
  const model = {
    format: "aligngraph",
    version: 1,
    name: "Weights far apart",
    nodes: [
      { id: "g-big", kind: "goal", name: "Big goal", weight: 20 },
      { id: "g-mid", kind: "goal", name: "Middle goal", weight: 3 },
      { id: "g-small", kind: "goal", name: "Small goal", weight: 1 },
      { id: "ini-a", kind: "initiative", name: "Initiative A", cost: 100 },
      { id: "ini-b", kind: "initiative", name: "Initiative B", cost: 50 },
    ],
    edges: [
      { from: "ini-a", to: "g-big", kind: "supports" },
      { from: "ini-b", to: "g-small", kind: "supports" },
    ],
  };
  writeFileSync(file, JSON.stringify(model));
  try {
    const cliReport = cli(["score", file]);
    const want = Object.fromEntries(cliReport.goals.filter((g) => g.top_level).map((g) => [g.id, share(g.weight)]));
    await s.setFiles("input#import-file", file);
    await s.waitForText("#model-name", "Weights far apart");
    await s.openView("overview");
    await s.waitForKpis();
    assert.deepEqual(await overviewWeights(s), want, "far apart: the overview's weights are the report's");
    const shown = await expectWeightsStartAtModel(s, want, "far apart (20 to 1)");
    assert.match(shown.source, /beyond the scale|go beyond/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await s.screenshot("weights-start");
}
