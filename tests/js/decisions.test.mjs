// The decision methods of the Wasm module (docs/js-api.md, "Portfolio decisions") on the very files
// the page loads (pkg/), against the native CLI (target/release/aligngraph) on the same inputs.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import os from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = path.join(root, "pkg/aligngraph.js");
const cli = path.join(root, "target/release/aligngraph");
const oracles = path.join(root, "tests/fixtures/oracles");
let Engine, Simulation;

function cliJson(...args) {
  return JSON.parse(execFileSync(cli, args, { encoding: "utf8", maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "ignore"] }));
}

/** Deep equality where numbers may differ by a relative 1e-9 (Wasm and native maths libraries). */
function close(got, want, where = "") {
  if (typeof want === "number" && typeof got === "number") {
    assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${where}: ${got} vs ${want}`);
  } else if (Array.isArray(want)) {
    assert.ok(Array.isArray(got), `${where}: not an array`);
    assert.equal(got.length, want.length, `${where}: length`);
    want.forEach((w, i) => close(got[i], w, `${where}[${i}]`));
  } else if (want && typeof want === "object") {
    assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), `${where}: keys`);
    for (const k of Object.keys(want)) close(got[k], want[k], `${where}.${k}`);
  } else assert.equal(got, want, where);
}

let tmp;
before(async () => {
  assert.ok(existsSync(pkg), `${pkg} is missing: run make pkg`);
  assert.ok(existsSync(cli), `${cli} is missing: run make build`);
  const mod = await import(pkg);
  await mod.default({ module_or_path: readFileSync(path.join(root, "pkg/aligngraph_bg.wasm")) });
  ({ Engine, Simulation } = mod);
  tmp = mkdtempSync(path.join(os.tmpdir(), "aligngraph-js-decisions-"));
  writeFileSync(path.join(tmp, "demo.json"), execFileSync(cli, ["demo"]));
  process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));
});

const demoPath = () => path.join(tmp, "demo.json");
function engineOf(file) {
  const e = new Engine();
  e.load(readFileSync(file, "utf8"));
  return e;
}

test("ahp equals the CLI on every AHP oracle; a bad matrix throws INVALID_MATRIX with its place", () => {
  const e = new Engine();
  for (const name of ["ahp-saaty1990-house", "ahp-saaty1990-house-size", "ahp-saaty1990-house-general-condition"]) {
    const file = path.join(oracles, name, "input.json");
    const input = JSON.parse(readFileSync(file, "utf8"));
    close(e.ahp(input.matrix, input.labels), cliJson("ahp", file), name);
  }
  assert.throws(() => e.ahp([[1, 3], [3, 1]]), (err) => err.code === "INVALID_MATRIX" && err.diagnostics[0].place.pointer === "/matrix/1/0");
  assert.throws(() => e.ahp("not a matrix"), (err) => err.code === "INVALID_ARGUMENT");
});

test("applyGoalWeights sets the goals' weights, keeps the judgements, and the score follows", () => {
  const e = new Engine();
  e.loadDemo();
  const goals = e.score().goals.filter((g) => g.top_level).map((g) => g.id).slice(0, 3);
  const m = [[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]];
  const r = e.applyGoalWeights(goals, m);
  close(r, e.ahp(m, goals), "result");
  assert.deepEqual(e.goalJudgements(), { goals, matrix: m });
  const model = JSON.parse(e.modelJson());
  for (const [i, id] of goals.entries()) assert.equal(model.nodes.find((n) => n.id === id).weight, r.weights[i]);
  // The edited model scores as the CLI scores it.
  writeFileSync(path.join(tmp, "weighted.json"), e.modelJson());
  close(e.score().kpis, cliJson("score", path.join(tmp, "weighted.json")).kpis, "kpis");
  assert.throws(() => e.applyGoalWeights(["ini-s4hana", goals[1]], [[1, 2], [0.5, 1]]), (err) => err.code === "INVALID_VALUE");
});

test("wsjf, priorities, optimize and frontier equal the CLI", () => {
  const e = engineOf(demoPath());
  close(e.wsjf(), cliJson("wsjf", demoPath()), "wsjf");
  close(e.priorities(), cliJson("wsjf", demoPath(), "--weighted"), "priorities");
  const w = { alignment: 0.1, benefit: 0.6, risk: 0.1, cost: 0.2 };
  close(e.priorities(w, 3), cliJson("wsjf", demoPath(), "--weighted", "--weights", "alignment=0.1,benefit=0.6,risk=0.1,cost=0.2", "--top", "3"), "weighted");
  for (const b of [3_000_000, 6_500_000, 12_000_000]) close(e.optimize(b), cliJson("optimize", demoPath(), "--budget", String(b)), `budget ${b}`);
  close(e.frontier(), cliJson("optimize", demoPath(), "--frontier"), "frontier");
  assert.throws(() => e.optimize(-1), (err) => err.code === "INVALID_ARGUMENT");
  assert.throws(() => e.optimize(100), (err) => err.code === "INFEASIBLE");
  const hillier = engineOf(path.join(oracles, "portfolio-hillier-capital", "model.json"));
  const s = hillier.optimize(10);
  assert.deepEqual([...s.selected].sort(), ["factory-la", "factory-sf"]);
  assert.equal(s.value, 14);
});

test("schedule equals the CLI (CPM and PERT oracles); a cycle throws DEPENDENCY_CYCLE", () => {
  for (const [name, deadline] of [["cpm-taylor", undefined], ["pert-14", 55]]) {
    const file = path.join(oracles, name, "model.json");
    const got = engineOf(file).schedule(deadline);
    const want = cliJson("schedule", file, ...(deadline == null ? [] : ["--deadline", String(deadline)]));
    const { warnings, ...rest } = got;
    assert.deepEqual(warnings, []);
    close(rest, want, name);
  }
  const e = new Engine();
  e.load(JSON.stringify({
    format: "aligngraph", version: 1,
    nodes: [{ id: "a", kind: "initiative", duration: 1 }, { id: "b", kind: "initiative", duration: 2 }],
    edges: [{ from: "a", to: "b", kind: "depends_on" }, { from: "b", to: "a", kind: "depends_on" }],
  }));
  assert.throws(() => e.schedule(), (err) => err.code === "DEPENDENCY_CYCLE" && /"a"/.test(err.message) && /"b"/.test(err.message));
});

test("a Simulation stepped in chunks equals the CLI's simulate with the same seed", () => {
  const text = readFileSync(demoPath(), "utf8");
  const want = cliJson("simulate", demoPath(), "--runs", "2000", "--seed", "42");
  const sim = new Simulation(text, { runs: 2000, seed: 42 });
  assert.equal(sim.runs, 2000);
  let done = 0;
  while (done < 2000) done = sim.step(333);
  assert.equal(sim.done, 2000);
  close(sim.result(), want, "result");
  const again = new Simulation(text, { runs: 2000, seed: 42 });
  again.step(2000);
  assert.deepEqual(again.result(), sim.result(), "same seed, same result however it is stepped");
  const other = new Simulation(text, { runs: 2000, seed: 43 });
  other.step(2000);
  assert.notDeepEqual(other.result().finish, sim.result().finish, "another seed, another sample");
  assert.throws(() => new Simulation(text, { runs: 0 }), (err) => err.code === "INVALID_ARGUMENT");
  assert.throws(() => new Simulation(text, { runs: 1.5 }), (err) => err.code === "INVALID_ARGUMENT");
  assert.throws(() => new Simulation(text, { distribution: "normal" }), (err) => err.code === "INVALID_ARGUMENT");
  assert.throws(() => new Simulation("{", {}), (err) => err.code === "INVALID_MODEL");
});

test("scenarios are saved in the model, compared like the CLI, and deleted", () => {
  const e = engineOf(demoPath());
  const scenario = { name: "Lean year", changes: [{ op: "cancel", id: "ini-boardroom-av" }, { op: "budget", value: 8000000 }] };
  e.saveScenario(scenario);
  assert.deepEqual(e.scenarios(), [scenario]);
  writeFileSync(path.join(tmp, "with-scenario.json"), e.modelJson());
  close(e.compareScenario("Lean year"), cliJson("scenario", path.join(tmp, "with-scenario.json"), "--name", "Lean year"), "comparison");
  assert.throws(() => e.saveScenario({ name: "Bad", changes: [{ op: "cancel", id: "nope" }] }),
    (err) => err.code === "UNKNOWN_NODE" && err.diagnostics[0].place.pointer === "/scenarios/1/changes/0/id");
  assert.throws(() => e.compareScenario("Nope"), (err) => err.code === "UNKNOWN_SCENARIO" && /"Lean year"/.test(err.message));
  e.deleteScenario("Lean year");
  assert.deepEqual(e.scenarios(), []);
  assert.equal(JSON.parse(e.modelJson()).scenarios, undefined);
});

test("workingModelJson applies the what-if toggles; modelJson does not", () => {
  const e = engineOf(demoPath());
  e.setActive("ini-s4hana", false);
  const working = JSON.parse(e.workingModelJson());
  assert.equal(working.nodes.find((n) => n.id === "ini-s4hana").status, "cancelled");
  assert.notEqual(JSON.parse(e.modelJson()).nodes.find((n) => n.id === "ini-s4hana").status, "cancelled");
});

test("optimize and frontier take a time limit and a progress listener; a stopped search states its gap", () => {
  const text = execFileSync(cli, ["generate", "--nodes", "20000"], { encoding: "utf8", maxBuffer: 1 << 28 });
  const e = new Engine();
  e.load(text);
  const total = e.frontier(2, { timeLimitMs: 2000 }).total_cost;
  const heard = [];
  const s = e.optimize(total * 0.6, { timeLimitMs: 300, onProgress: (p) => heard.push(p) });
  assert.ok(s.cost <= total * 0.6 * (1 + 1e-9), "the portfolio fits the budget");
  assert.ok(s.bound >= s.value, "the bound is at least the value");
  if (!s.optimal) {
    // Stopped by the time limit, or by the node limit on a fast machine: either way the gap is stated.
    close(s.gap, (s.bound - s.value) / s.bound, "gap");
    if (s.stopped) {
      assert.ok(heard.length > 0, "progress was reported while searching");
      assert.ok(heard.every((p) => Number.isFinite(p.nodes) && Number.isFinite(p.elapsedMs)), "progress has nodes and elapsedMs");
    }
  }
  // A time limit that passes at once stops the search at its first check: a portfolio, not proven.
  const early = e.optimize(total * 0.6, { timeLimitMs: 1e-9 });
  assert.equal(early.stopped, true, "stopped by the time limit");
  assert.equal(early.optimal, false);
  assert.ok(early.cost <= total * 0.6 * (1 + 1e-9) && early.value > 0 && early.value <= s.bound * (1 + 1e-9));
  close(early.gap, (early.bound - early.value) / early.bound, "gap of the stopped search");
  // The native command with a longer limit: both answers bracket the same optimum.
  const dir = mkdtempSync(path.join(os.tmpdir(), "aligngraph-timebox-"));
  try {
    writeFileSync(path.join(dir, "g.json"), text);
    const want = cliJson("optimize", path.join(dir, "g.json"), "--budget", String(total * 0.6), "--time-limit", "5");
    assert.ok(s.value <= want.bound * (1 + 1e-9) && want.value <= s.bound * (1 + 1e-9), "both answers bracket the optimum");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const f = e.frontier(24, { timeLimitMs: 1000 });
  assert.equal(f.points.length, 24);
  for (let i = 1; i < f.points.length; i++) assert.ok(f.points[i].value >= f.points[i - 1].value, "the frontier never decreases");
  assert.throws(() => e.optimize(total, { timeLimitMs: -1 }), (err) => err.code === "INVALID_ARGUMENT");
  assert.throws(() => e.optimize(total, { onProgress: 3 }), (err) => err.code === "INVALID_ARGUMENT");
  e.free();
});

test("decisionFields: the model's benefit, cost, WSJF fields and budget as columns in node order", () => {
  const e = new Engine();
  e.load(JSON.stringify({
    format: "aligngraph",
    version: 1,
    budget: 500,
    nodes: [
      { id: "a", kind: "initiative", cost: 100, benefit: 40, business_value: 8, time_criticality: 5, risk_reduction: 3, job_size: 2 },
      { id: "b", kind: "initiative", cost: 50 },
      { id: "g", kind: "goal" },
    ],
    edges: [],
  }));
  const f = e.decisionFields();
  assert.equal(f.budget, 500);
  const ids = e.nodeIds();
  const at = (col, id) => f[col][ids.indexOf(id)];
  assert.ok(f.cost instanceof Float64Array);
  assert.equal(at("cost", "a"), 100);
  assert.equal(at("benefit", "a"), 40);
  assert.equal(at("job_size", "a"), 2);
  assert.equal(at("cost", "b"), 50);
  assert.ok(Number.isNaN(at("benefit", "b")));
  assert.ok(Number.isNaN(at("cost", "g")));
  e.free();
});
