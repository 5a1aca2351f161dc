// The JS contract of the Wasm module (docs/js-api.md), checked on the very files the page
// loads (pkg/, built by `make pkg`), initialised from bytes as the single-file page does.
// Expected values come from the native CLI (target/release/aligngraph, built by `make build`).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = path.join(root, "pkg/aligngraph.js");
const cli = path.join(root, "target/release/aligngraph");
let Engine, version;

function cliJson(...args) {
  return JSON.parse(execFileSync(cli, args, { encoding: "utf8", maxBuffer: 1 << 28 }));
}

before(async () => {
  assert.ok(existsSync(pkg), `${pkg} is missing: run make pkg`);
  assert.ok(existsSync(cli), `${cli} is missing: run make build`);
  const mod = await import(pkg);
  await mod.default({ module_or_path: readFileSync(path.join(root, "pkg/aligngraph_bg.wasm")) });
  ({ Engine, version } = mod);
});

function demo() {
  const e = new Engine();
  e.loadDemo();
  return e;
}

test("exports: camelCase methods, class names, version", () => {
  const e = new Engine();
  for (const m of ["load", "loadDemo", "modelJson", "score", "baseline", "reportJson", "scoresCsv",
    "nodeIds", "nodeNames", "nodeKinds", "nodeIndex", "node", "scores", "edges", "layout",
    "explain", "setActive", "isActive", "whatIf", "resetWhatIf", "diagnostics"]) {
    assert.equal(typeof e[m], "function", `Engine.prototype.${m}`);
  }
  assert.deepEqual(Engine.kindNames(), ["goal", "capability", "activity", "application", "initiative", "element", "person"]);
  assert.deepEqual(Engine.edgeKindNames(), ["contributes", "supports", "depends_on", "part_of", "excludes"]);
  assert.equal(version(), JSON.parse(execFileSync("cargo", ["metadata", "--no-deps", "--format-version", "1"],
    { cwd: root, encoding: "utf8" })).packages[0].version);
  assert.equal(e.nodeCount, 0);
});

test("Engine.pageLimits() is Limits::PAGE in camelCase (the page refuses larger files before reading them)", () => {
  assert.deepEqual(Object.keys(Engine.pageLimits()).sort(), ["attributes", "edges", "fileBytes", "inflatedBytes", "junctionEdges", "nodes", "stringBytes", "xmlDepth"]);
  assert.equal(Engine.pageLimits().fileBytes, 128 * 1024 * 1024);
});

test("score() equals the CLI's report sections for the demo", () => {
  const e = demo();
  const r = e.score();
  const want = cliJson("score", "--demo");
  for (const key of ["format", "version", "model", "kpis", "goals", "initiatives", "matrix", "structure", "diagnostics"]) {
    assert.deepEqual(r[key], want[key], key);
  }
  assert.equal(Object.getPrototypeOf(r.kpis), Object.prototype, "plain objects, not Maps");
  assert.equal(e.modelName, "Northwind Mobility");
  assert.equal(e.currency, "EUR");
});

test("per-node scores are Float64Arrays in nodeIds() order, equal to the CLI", () => {
  const e = demo();
  e.score();
  const want = cliJson("score", "--demo");
  const ids = e.nodeIds();
  const alignment = e.scores("alignment");
  const risk = e.scores("delivery_risk");
  const pagerank = e.scores("pagerank");
  assert.ok(alignment instanceof Float64Array);
  assert.equal(alignment.length, ids.length);
  for (const n of want.nodes) {
    const i = e.nodeIndex(n.id);
    assert.equal(ids[i], n.id);
    assert.equal(alignment[i], n.alignment, n.id);
    assert.equal(risk[i], n.delivery_risk, n.id);
    assert.equal(pagerank[i], want.centrality.pagerank[n.id], n.id);
  }
  const coverage = e.scores("coverage");
  for (const g of want.goals) assert.equal(coverage[e.nodeIndex(g.id)], g.coverage, g.id);
  assert.ok(Number.isNaN(coverage[e.nodeIndex("ini-s4hana")]));
  const kinds = e.nodeKinds();
  assert.ok(kinds instanceof Uint8Array);
  assert.equal(Engine.kindNames()[kinds[e.nodeIndex("ini-s4hana")]], "initiative");
});

test("edges() and layout() are typed arrays", () => {
  const e = demo();
  const { from, to, kind, weight } = e.edges();
  assert.ok(from instanceof Uint32Array && to instanceof Uint32Array);
  assert.ok(kind instanceof Uint8Array && weight instanceof Float64Array);
  assert.equal(from.length, e.edgeCount);
  const l = e.layout();
  assert.ok(l.x instanceof Float64Array && l.y instanceof Float64Array && l.layer instanceof Uint32Array);
  assert.equal(l.x.length, e.nodeCount);
  const kinds = e.nodeKinds();
  const goalY = Math.max(...[...l.y].filter((_, i) => kinds[i] === 0));
  const appY = Math.min(...[...l.y].filter((_, i) => kinds[i] === 3));
  assert.ok(goalY < appY, "goals above applications");
});

test("explain(id) equals the CLI's --explain", () => {
  const e = demo();
  const want = cliJson("score", "--demo", "--explain", "ini-s4hana").explain;
  assert.deepEqual(e.explain("ini-s4hana"), want);
});

test("what-if: setActive changes the KPIs, baseline() keeps the file's, reset restores", () => {
  const e = demo();
  const before = e.score().kpis;
  e.setActive("ini-s4hana", false);
  const after = e.score().kpis;
  assert.ok(after.alignment_index < before.alignment_index);
  assert.ok(after.total_spend < before.total_spend);
  assert.deepEqual(e.baseline().kpis, before);
  assert.deepEqual(e.whatIf(), [{ id: "ini-s4hana", active: false }]);
  assert.equal(e.isActive("ini-s4hana"), false);
  assert.equal(e.scores("active")[e.nodeIndex("ini-s4hana")], 0);
  e.setActive("ini-s4hana", true);
  assert.deepEqual(e.whatIf(), []);
  assert.deepEqual(e.score().kpis, before);
});

test("errors are Error instances with stable codes and places", () => {
  const e = new Engine();
  const throwsCode = (fn, code) => assert.throws(fn, (err) => err instanceof Error && err.code === code);
  throwsCode(() => e.score(), "NO_MODEL");
  e.loadDemo();
  throwsCode(() => e.explain("nope"), "UNKNOWN_NODE");
  throwsCode(() => e.setActive("g-revenue-growth", false), "NOT_AN_INITIATIVE");
  throwsCode(() => e.scores("speed"), "UNKNOWN_FIELD");
  let err;
  try {
    e.load('{"format": "aligngraph", "version": 1,\n "nodes": [{"id": "x", "kind": "goal", "weight": "heavy"}], "edges": []}');
  } catch (x) { err = x; }
  assert.equal(err.code, "INVALID_MODEL");
  assert.equal(err.diagnostics[0].place.line, 2);
  assert.equal(err.diagnostics[0].place.node, "x");
  assert.equal(err.diagnostics[0].place.field, "weight");
  assert.equal(e.nodeCount, 132, "the previous model stays loaded");
});

test("exports: report JSON, scores CSV, model JSON round trip", () => {
  const e = demo();
  const report = JSON.parse(e.reportJson());
  assert.deepEqual(report, cliJson("score", "--demo"));
  const csv = e.scoresCsv().trim().split("\n");
  assert.equal(csv.length, report.nodes.length + 1, "a header and a row per node");
  assert.ok(csv[0].startsWith("id,kind,name,status,cost,alignment"));
  const again = new Engine();
  again.load(e.modelJson());
  assert.deepEqual(again.score().kpis, e.score().kpis);
});

test("nodeSourceTypes() gives each imported node its ArchiMate type, as the CLI's import writes it", () => {
  const file = path.join(root, "tests/fixtures/archimate/archisurance.xml");
  const e = new Engine();
  e.importFiles([{ name: "archisurance.xml", bytes: new Uint8Array(readFileSync(file)) }]);
  const want = new Map(cliJson("import", file).nodes.map((n) => [n.id, n.archimate_type ?? ""]));
  const ids = e.nodeIds();
  const types = e.nodeSourceTypes();
  assert.equal(types.length, ids.length);
  assert.ok(types.filter(Boolean).length > 100, "most nodes carry a type");
  ids.forEach((id, i) => assert.equal(types[i], want.get(id), id));
  assert.ok(types.includes("BusinessActor") && types.includes("ApplicationComponent"));
  // A native model's nodes were not imported.
  const d = new Engine();
  d.loadDemo();
  assert.ok(d.nodeSourceTypes().every((t) => t === ""));
});

/** Deep equality with numbers within 1e-9 (relative): the Wasm engine's exp and ln are libm's, not the CLI's platform's. */
function assertClose(got, want, path = "") {
  if (typeof want === "number" && typeof got === "number") {
    assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${path}: ${got} against ${want}`);
  } else if (want && typeof want === "object") {
    assert.equal(typeof got, "object", path);
    assert.deepEqual(Object.keys(got ?? {}), Object.keys(want), path);
    for (const k of Object.keys(want)) assertClose(got[k], want[k], `${path}.${k}`);
  } else {
    assert.equal(got, want, path);
  }
}

test("lenses(today) answers as the six lens commands do for the same model and day", () => {
  const e = demo();
  const today = "2026-12-01";
  const got = e.lenses(today);
  assertClose(got.finance, cliJson("finance", "--demo"));
  assert.deepEqual(got.costs, cliJson("costs", "--demo"));
  assert.deepEqual(got.applications, cliJson("applications", "--demo", "--as-of", today));
  assert.deepEqual({ capabilities: got.capabilities }, cliJson("capabilities", "--demo", "--as-of", today));
  assert.deepEqual(got.operations, cliJson("operations", "--demo"));
  assert.deepEqual(got.earned_value, cliJson("earned-value", "--demo"));
  assert.ok(Array.isArray(got.diagnostics));
  // What-if: cancelling an initiative moves its change spend out of the totals.
  const before = got.costs.total_change;
  const ini = e.score().initiatives.find((x) => x.active && x.cost > 0);
  e.setActive(ini.id, false);
  const after = e.lenses(today).costs.total_change;
  assert.ok(Math.abs(before - after - ini.cost) < 1e-6, `${before} - ${after} = ${ini.cost}`);
});
