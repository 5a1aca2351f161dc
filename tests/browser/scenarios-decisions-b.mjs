// Browser scenarios of the Roadmap, Simulation and Scenarios views (docs/page.md), compared with the
// CLI: `aligngraph schedule`, `aligngraph simulate` and `aligngraph scenario` on the demo model (and on
// the model the page exports). Run by decisions-b.test.mjs in every page and browser.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { format as d3format } from "d3-format";
import { BIN, cli, countText, money, tempDir } from "./helpers.mjs";
import { formatSpan, formatTime } from "../../www/views/roadmap/model.js";

const share = d3format(".1%");
/** Wasm and native floats: the same operations in the same order; allow the last bits to differ. */
const close = (a, b, what, rel = 1e-9) =>
  assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b)), `${what}: page ${a}, CLI ${b}`);

// ---------------------------------------------------------------------------------------------
// The demo model as a file (the CLI's input), made once per process.

let demoFile = null;
let demoDir = null;
export function demoPath() {
  if (!demoFile) {
    demoDir = tempDir("decisions-b");
    demoFile = path.join(demoDir, "demo.json");
    execFileSync(BIN, ["demo", "-o", demoFile]);
    process.on("exit", () => rmSync(demoDir, { recursive: true, force: true }));
  }
  return demoFile;
}
const cache = new Map();
function oracle(args) {
  const key = JSON.stringify(args);
  if (!cache.has(key)) cache.set(key, cli(args));
  return cache.get(key);
}

// ---------------------------------------------------------------------------------------------
// Typing as a person does, the same in both drivers (value set, then the input/change events).

/** Picks `value` in a select as a person does (value set, then the change event). */
export function choose(s, selector, value) {
  return s.page.evaluate(
    ([sel, v]) => {
      const el = document.querySelector(sel);
      el.value = v;
      el.dispatchEvent(new Event("change", { bubbles: true }));
    },
    [selector, value],
  );
}

export async function fill(s, selector, text) {
  await s.waitFor(selector);
  await s.page.evaluate(
    ([sel, v]) => {
      const el = document.querySelector(sel);
      el.focus();
      el.value = v;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    },
    [selector, String(text)],
  );
}

const dataValue = (s, selector) =>
  s.page.evaluate((sel) => {
    const el = document.querySelector(sel);
    return el ? Number(el.dataset.value) : null;
  }, selector);
const texts = (s, selector) => s.page.evaluate((sel) => [...document.querySelectorAll(sel)].map((e) => e.textContent.trim()), selector);

async function waitState(s, want, timeout) {
  await s.driver
    .waitForFunction((w) => document.querySelector("#sim-state")?.dataset.state === w, want, timeout)
    .catch(async (e) => {
      throw new Error(`#sim-state never became ${want} (it says ${JSON.stringify(await s.text("#sim-state"))}; ${await s.diagnose()})`, { cause: e });
    });
}

// ---------------------------------------------------------------------------------------------
// Roadmap

/** The critical path, duration and P80 equal `aligngraph schedule`; a deadline gives its probability. */
const escapeRe = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export async function roadmap(s) {
  const sched = oracle(["schedule", demoPath()]);
  const unit = sched.time_unit;
  await s.waitForKpis();
  await s.openView("roadmap");
  await s.waitFor("#roadmap-critical li[data-id]");
  const shown = await s.page.evaluate(() => [...document.querySelectorAll("#roadmap-critical li[data-id]")].map((li) => li.dataset.id));
  assert.deepEqual(shown, sched.critical_path, "critical path = aligngraph schedule");
  const names = await texts(s, "#roadmap-critical li[data-id] button");
  assert.deepEqual(names, sched.critical_path.map((id) => sched.activities[id].name), "the critical path by name");

  close(await dataValue(s, '[data-roadmap="duration"]'), sched.duration, "duration");
  assert.equal((await s.text('[data-roadmap="duration"] .figure-value')).trim(), formatSpan(sched.duration, unit));
  close(await dataValue(s, '[data-roadmap="p80"]'), sched.p80, "P80");
  assert.equal((await s.text('[data-roadmap="p80"] .figure-value')).trim(), formatSpan(sched.p80, unit));

  // The chart: a row per activity, the critical ones marked, the P80 line; the table says the same.
  const rows = await s.page.evaluate(() => [...document.querySelectorAll("#roadmap-svg g.gantt-row")].map((g) => [g.dataset.id, g.dataset.critical]));
  assert.equal(rows.length, Object.keys(sched.activities).length, "one Gantt row per active initiative");
  for (const [id, crit] of rows) assert.equal(crit, String(sched.activities[id].critical), `${id} critical flag`);
  // The demo's two CRM replacements exclude each other: one row, the other named as not planned.
  const rowIds = rows.map(([id]) => id);
  assert.ok(rowIds.includes("ini-crm-salesforce") && !rowIds.includes("ini-crm-dynamics365"), `one of two alternatives: ${rowIds}`);
  assert.deepEqual(sched.alternatives.map((a) => a.id), ["ini-crm-dynamics365"]);
  assert.match(
    await s.text("#roadmap-alternatives"),
    new RegExp(`^Not planned: ${escapeRe(sched.alternatives[0].name)} \\(an alternative to ${escapeRe(sched.activities["ini-crm-salesforce"].name)}\\)\\.`),
  );
  await s.waitFor("#roadmap-svg .p80-line");
  const table = await s.page.evaluate(() => [...document.querySelectorAll("#roadmap-table tbody tr")].map((tr) => [tr.dataset.id, [...tr.querySelectorAll("td")].map((td) => td.textContent)]));
  for (const [id, cells] of table) {
    const a = sched.activities[id];
    assert.deepEqual(cells.slice(0, 6), [a.duration, a.es, a.ef, a.ls, a.lf, a.slack].map(formatTime), `table row ${id}`);
  }

  // A deadline: the CLI's probability of finishing by it.
  const deadline = Math.round(sched.mean + 1);
  const withDeadline = oracle(["schedule", demoPath(), "--deadline", String(deadline)]);
  await fill(s, "#roadmap-deadline", deadline);
  await s.waitForText("#roadmap-probability", new RegExp(`^${share(withDeadline.probability).replace(".", "\\.")} chance of finishing by`));
  close(await dataValue(s, "#roadmap-probability"), withDeadline.probability, "P(finish by the deadline)");
  await s.waitFor("#roadmap-svg .deadline-line");
  await s.screenshot("roadmap");
}

// ---------------------------------------------------------------------------------------------
// Simulation

async function runSimulation(s, { runs, seed, distribution = "pert", top = 5 }) {
  await fill(s, "#sim-runs", runs);
  await fill(s, "#sim-seed", seed);
  await s.page.evaluate((d) => {
    const el = document.querySelector("#sim-distribution");
    el.value = d;
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }, distribution);
  await fill(s, "#sim-top", top);
  await s.click("#sim-run");
}

/** P50/P80 of a run equal `aligngraph simulate --runs N --seed S`; the defaults finish fast. */
export async function simulation(s) {
  const runs = 3000;
  const seed = 7;
  const want = oracle(["simulate", demoPath(), "--runs", String(runs), "--seed", String(seed)]);
  const unit = oracle(["schedule", demoPath()]).time_unit;
  const { currency } = JSON.parse(readFileSync(demoPath(), "utf8"));
  await s.waitForKpis();
  await s.openView("simulation");
  // The defaults a person starts from.
  assert.equal(await s.page.evaluate(() => document.querySelector("#sim-runs").value), "10000");
  assert.equal(await s.page.evaluate(() => document.querySelector("#sim-seed").value), "1");
  await runSimulation(s, { runs, seed });
  await waitState(s, "done");
  assert.equal(await s.text("#sim-progress-text"), `${countText(runs)} of ${countText(runs)} runs (100%)`);
  assert.equal(await s.page.evaluate(() => document.querySelector("#sim-results").dataset.runs), String(runs));
  assert.equal(await s.page.evaluate(() => window.aligngraph.simulationWorker ?? null), null, "the worker is gone after the run");

  for (const [key, stat] of [["finish-p50", want.finish.p50], ["finish-p80", want.finish.p80]]) {
    close(await dataValue(s, `[data-sim="${key}"]`), stat, `${key} (${runs} runs, seed ${seed})`);
    assert.equal((await s.text(`[data-sim="${key}"] .figure-value`)).trim(), formatSpan(stat, unit), `${key} text`);
  }
  for (const metric of ["finish", "cost", "coverage"]) {
    for (const st of ["p50", "p80", "mean"]) {
      close(await dataValue(s, `.sim-stat[data-metric="${metric}"][data-stat="${st}"]`), want[metric][st], `${metric} ${st}`);
    }
  }
  assert.equal((await s.text('.sim-stat[data-metric="coverage"][data-stat="p50"]')).trim(), share(want.coverage.p50));
  if (currency) assert.equal((await s.text('.sim-stat[data-metric="cost"][data-stat="p80"]')).trim(), money(want.cost.p80, currency));
  // Three histograms with their P50/P80 markers and labels for screen readers.
  const charts = await s.page.evaluate(() =>
    [...document.querySelectorAll("svg.sim-histogram")].map((g) => [g.dataset.metric, g.getAttribute("role"), !!g.getAttribute("aria-label"), !!g.querySelector(".marker-p50"), !!g.querySelector(".marker-p80"), g.querySelectorAll("rect.bin").length > 0]),
  );
  assert.deepEqual(charts.map((c) => c[0]), ["finish", "cost", "coverage"]);
  for (const c of charts) assert.deepEqual(c.slice(1), ["img", true, true, true, true], `histogram ${c[0]}`);
  // Goals and initiatives: the CLI's probabilities.
  for (const g of want.goals) close(await dataValue(s, `#sim-goals tr[data-id="${g.id}"] td[data-col="p_uncovered"]`), g.p_uncovered, `P(${g.id} uncovered)`);
  for (const i of want.initiatives) {
    close(await dataValue(s, `#sim-initiatives tr[data-id="${i.id}"] td[data-col="p_delivered"]`), i.p_delivered, `P(${i.id} delivered)`);
    close(await dataValue(s, `#sim-initiatives tr[data-id="${i.id}"] td[data-col="p_top"]`), i.p_top, `P(${i.id} in top 5)`);
  }
  await s.screenshot("simulation");

  // The default run (10,000 runs) off the main thread; the same seed gives the same result (its time is
  // measured by tests/browser/bench-simulation.mjs, part of make bench).
  const def = oracle(["simulate", demoPath(), "--runs", "10000", "--seed", "1"]);
  await runSimulation(s, { runs: 10000, seed: 1 });
  await waitState(s, "done");
  close(await dataValue(s, '[data-sim="finish-p80"]'), def.finish.p80, "finish P80 (10,000 runs, seed 1)");
}

/** A long run shows progress; Cancel stops it at once and keeps the previous result; a new run works. */
export async function simulationCancel(s) {
  await s.waitForKpis();
  await s.openView("simulation");
  await runSimulation(s, { runs: 1000, seed: 3 });
  await waitState(s, "done");
  const before = await s.page.evaluate(() => ({ runs: document.querySelector("#sim-results").dataset.runs, p80: document.querySelector('[data-sim="finish-p80"]').dataset.value }));
  assert.equal(before.runs, "1000");

  await runSimulation(s, { runs: 1_000_000, seed: 3 });
  await waitState(s, "running");
  await s.driver.waitForFunction(() => Number(document.querySelector("#sim-progress")?.value) > 0 && !document.querySelector("#sim-progress").hidden, null);
  await s.waitForText("#sim-progress-text", /^[\d,]+ of 1,000,000 runs \(\d+%\)$/);
  assert.equal(await s.page.evaluate(() => window.aligngraph.simulationWorker instanceof Worker), true, "a worker runs it");
  await s.click("#sim-cancel");
  await waitState(s, "cancelled");
  assert.match(await s.text("#sim-state"), /^Cancelled after [\d,]+ of 1,000,000 runs\. The previous result is still shown\.$/);
  assert.equal(await s.page.evaluate(() => window.aligngraph.simulationWorker), null, "the worker is gone");
  const stopped = await s.page.evaluate(() => document.querySelector("#sim-progress").value);
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(await s.page.evaluate(() => document.querySelector("#sim-progress").value), stopped, "no progress after Cancel");
  const after = await s.page.evaluate(() => ({ runs: document.querySelector("#sim-results").dataset.runs, p80: document.querySelector('[data-sim="finish-p80"]').dataset.value }));
  assert.deepEqual(after, before, "the previous result stays");
  assert.equal(await s.page.evaluate(() => document.querySelector("#sim-run").disabled), false, "Run is available again");
  assert.equal(await s.page.evaluate(() => document.querySelector("#sim-cancel").disabled), true, "Cancel is off");

  // The page still responds: another view opens, and a new run completes.
  await s.openView("roadmap");
  await s.openView("simulation");
  const want = oracle(["simulate", demoPath(), "--runs", "2000", "--seed", "11"]);
  await runSimulation(s, { runs: 2000, seed: 11 });
  await waitState(s, "done");
  close(await dataValue(s, '[data-sim="finish-p50"]'), want.finish.p50, "finish P50 after a cancelled run");
}

// ---------------------------------------------------------------------------------------------
// Scenarios

const SCENARIO = { name: "Stop the lakehouse <b>now</b>", id: "ini-data-lakehouse", description: "Cancel the data lakehouse" };

async function expectComparison(s, name, want, currency) {
  await s.driver.waitForFunction((n) => document.querySelector("#scenario-compare")?.dataset.name === n && !!document.querySelector("#scenario-kpis"), name);
  const shown = await s.page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll("#scenario-kpis tbody tr")].map((tr) => [
        tr.dataset.kpi,
        Object.fromEntries([...tr.querySelectorAll("td[data-col]")].map((td) => [td.dataset.col, { text: td.textContent.trim(), value: Number(td.dataset.value) }])),
      ]),
    ),
  );
  const fmt = (kpi, v) => (/share|index|coverage/.test(kpi) ? share(v) : /goals|initiatives/.test(kpi) ? countText(v) : money(v, currency));
  const num = (v) => (Array.isArray(v) ? v.length : v);
  assert.deepEqual(Object.keys(shown), want.kpis.map((k) => k.kpi), "the CLI's KPIs, in its order");
  for (const k of want.kpis) {
    for (const col of ["baseline", "scenario"]) {
      close(shown[k.kpi][col].value, num(k[col]), `${k.kpi} ${col}`);
      assert.equal(shown[k.kpi][col].text, fmt(k.kpi, num(k[col])), `${k.kpi} ${col} text`);
    }
    close(shown[k.kpi].delta.value, num(k.delta), `${k.kpi} delta`);
  }
  const reasons = await texts(s, "#scenario-reasons li");
  assert.deepEqual(reasons, want.reasons.map((r) => r.text), "the reasons in words");
}

/**
 * A scenario made in the editor (one initiative cancelled) is compared like `aligngraph scenario` on
 * the exported model, is in the exported model JSON, survives a reload, and is deleted after asking.
 */
export async function scenarios(s) {
  await s.waitForKpis();
  await s.keepWorkIfFile();
  await s.openView("scenarios");
  await s.waitFor("#scenario-editor");
  await fill(s, "#scenario-name", SCENARIO.name);
  await fill(s, "#scenario-description", SCENARIO.description);
  await choose(s, "#scenario-change-op", "cancel");
  await choose(s, "#scenario-change-node", SCENARIO.id);
  await s.click("#scenario-add-change");
  await s.waitFor(`#scenario-changes li[data-op="cancel"][data-id="${SCENARIO.id}"]`);
  await s.click("#scenario-save");
  await s.driver.waitForFunction((n) => [...document.querySelectorAll("#scenario-list li")].some((li) => li.dataset.name === n), SCENARIO.name);

  // The model as exported (Chromium downloads it; Firefox's driver has no downloads: the same text).
  const text =
    s.browserName === "chromium"
      ? (await s.exportDownload("export-model-json")).bytes.toString("utf8")
      : await s.page.evaluate(() => window.aligngraph.engine.modelJson());
  const model = JSON.parse(text);
  const saved = (model.scenarios ?? []).find((x) => x.name === SCENARIO.name);
  assert.ok(saved, "the exported model holds the scenario");
  assert.deepEqual(saved.changes, [{ op: "cancel", id: SCENARIO.id }]);
  const dir = tempDir("scenario-export");
  const file = path.join(dir, "exported.json");
  writeFileSync(file, text);
  let want;
  try {
    want = cli(["scenario", file, "--name", SCENARIO.name]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.ok(want.kpis.some((k) => Math.abs(k.delta) > 0), "the scenario changes some KPI (oracle)");
  await expectComparison(s, SCENARIO.name, want, model.currency);
  // The name is text, never markup.
  assert.equal(await s.page.evaluate(() => document.querySelector("#scenario-compare b")), null);
  await s.screenshot("scenarios");

  // After a reload: still there, compared the same.
  await s.reload();
  await s.waitForKpis();
  await s.openView("scenarios");
  await s.driver.waitForFunction((n) => [...document.querySelectorAll("#scenario-list li")].some((li) => li.dataset.name === n), SCENARIO.name);
  await s.page.evaluate((n) => [...document.querySelectorAll("#scenario-list li")].find((li) => li.dataset.name === n).querySelector(".scenario-compare").click(), SCENARIO.name);
  await expectComparison(s, SCENARIO.name, want, model.currency);

  // Delete asks first; "Keep it" keeps it, "Delete" removes it from the model.
  const inRow = (n, sel) =>
    s.page.evaluate(([n, sel]) => {
      const b = [...document.querySelectorAll("#scenario-list li")].find((li) => li.dataset.name === n)?.querySelector(sel);
      if (!b) return false;
      b.click();
      return true;
    }, [n, sel]);
  assert.ok(await inRow(SCENARIO.name, ".scenario-delete"));
  assert.ok(await inRow(SCENARIO.name, ".scenario-delete-cancel"), "deleting asks first");
  assert.equal((await s.page.evaluate(async () => (await window.aligngraph.engine.scenarios()).length)) > 0, true, "kept");
  assert.ok(await inRow(SCENARIO.name, ".scenario-delete"));
  assert.ok(await inRow(SCENARIO.name, ".scenario-delete-confirm"));
  await s.driver.waitForFunction((n) => ![...document.querySelectorAll("#scenario-list li")].some((li) => li.dataset.name === n), SCENARIO.name);
  assert.ok(!(JSON.parse(await s.page.evaluate(() => window.aligngraph.engine.modelJson())).scenarios ?? []).some((x) => x.name === SCENARIO.name), "deleted from the model");
}
