// The Wasm engine in Node (the same pkg/ the page loads): load, score, layout and typed-array
// transfer times on generated models. Run by `make bench` after `make build page`.
//   node benches/wasm.mjs [--sizes 1000,100000] [--runs 5]
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? dflt : process.argv[i + 1];
};
const sizes = arg("--sizes", "1000,100000").split(",").map(Number);
const runs = Number(arg("--runs", "5"));

const mod = await import(path.join(root, "pkg/aligngraph.js"));
await mod.default({ module_or_path: readFileSync(path.join(root, "pkg/aligngraph_bg.wasm")) });
const { Engine } = mod;

function time(fn) {
  const xs = [];
  let out;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    out = fn();
    xs.push(performance.now() - t);
  }
  xs.sort((a, b) => a - b);
  return { median: xs[xs.length >> 1], min: xs[0], out };
}
const ms = (t) => `${t.median.toFixed(1)} (${t.min.toFixed(1)})`;

const rows = [];
const toggleRows = [];
const models = [["demo", null], ...sizes.map((n) => [`${n}`, n])];
for (const [label, n] of models) {
  const text = n == null
    ? null
    : execFileSync(path.join(root, "target/release/aligngraph"), ["generate", "--nodes", String(n)], {
        encoding: "utf8", maxBuffer: 1 << 30,
      });
  const e = new Engine();
  const load = time(() => (text == null ? e.loadDemo() : e.load(text)));
  // resetWhatIf() drops the cached scores, so every run scores from scratch.
  const full = time(() => { e.resetWhatIf(); return e.score(); });
  const arrays = time(() => ["alignment", "delivery_risk", "exposure"].map((f) => e.scores(f)));
  const layout = time(() => e.layout());
  rows.push([label, e.nodeCount, e.edgeCount, ms(load), ms(full), ms(arrays), ms(layout)]);
  toggleRows.push([label, ...whatIfToggle(e)]);
}
console.log("| model | nodes | edges | load ms | score() ms | 3 typed arrays ms | layout() ms |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
console.log(`\nmedian (min) of ${runs} runs; Node ${process.version}; pkg/aligngraph_bg.wasm`);

// What-if: switch an initiative off (or back on) in a scored engine and read a per-node array
// that depends on it; 32 initiatives spread over the portfolio, each switched twice (off, on).
function whatIfToggle(e) {
  e.resetWhatIf();
  e.score();
  const kinds = e.nodeKinds();
  const initiative = Engine.kindNames().indexOf("initiative");
  const ids = e.nodeIds().filter((_, i) => kinds[i] === initiative);
  const step = Math.max(1, Math.floor(ids.length / 32));
  const picks = ids.filter((_, i) => i % step === Math.floor(step / 2)).slice(0, 32);
  const first = performance.now();
  e.setActive(picks[0], !e.isActive(picks[0]));
  e.scores("delivery_risk");
  e.setActive(picks[0], !e.isActive(picks[0]));
  const firstMs = performance.now() - first;
  const set = [];
  const both = [];
  for (let round = 0; round < 2; round++) {
    for (const id of picks) {
      const on = e.isActive(id);
      const t0 = performance.now();
      e.setActive(id, !on);
      const t1 = performance.now();
      e.scores("delivery_risk");
      const t2 = performance.now();
      set.push(t1 - t0);
      both.push(t2 - t0);
    }
  }
  const stat = (xs) => {
    xs.sort((a, b) => a - b);
    return `${xs[xs.length >> 1].toFixed(2)} (${xs[xs.length - 1].toFixed(2)})`;
  };
  return [both.length, stat(set), stat(both), firstMs.toFixed(1)];
}
console.log("\n| model | switches | setActive ms | setActive + scores(\"delivery_risk\") ms | first switch ms |");
console.log("|---|---:|---:|---:|---:|");
for (const r of toggleRows) console.log(`| ${r.join(" | ")} |`);
console.log("\nmedian (max) over the switches; the first switch builds reverse adjacency");

// The large Archi model class (about 3.9 MB of exchange XML, 2,859 elements, diagrams): imported
// and scored as the page does (importFiles with the file's bytes, then score()); target 300 ms.
{
  const { archiModel } = await import("./archi-model.mjs");
  const xml = archiModel({ elements: 2859, bytes: 3_900_000 });
  const bytes = new TextEncoder().encode(xml);
  const e = new Engine();
  let imported;
  const importT = time(() => (imported = e.importFiles([{ name: "landscape.xml", bytes }])));
  const scoreT = time(() => { e.resetWhatIf(); return e.score(); });
  const both = time(() => { e.importFiles([{ name: "landscape.xml", bytes }]); return e.score(); });
  console.log("\n| exchange XML model | MB | elements | relationships | nodes | edges | importFiles() ms | score() ms | import + score ms |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  console.log(
    `| generated (benches/archi-model.mjs) | ${(bytes.length / 1e6).toFixed(2)} | ${imported.summary.elements} | ${imported.summary.relationships} | ${e.nodeCount} | ${e.edgeCount} | ${ms(importT)} | ${ms(scoreT)} | ${ms(both)} |`,
  );
}

// The decision methods on the demo portfolio, as the page calls them (the budget slider calls
// optimize() on every move; the simulation runs in a worker, timed here without one).
{
  const e = new Engine();
  e.loadDemo();
  const total = e.score().kpis.total_spend;
  // From the mandatory initiatives' cost (2.87M: below it no portfolio is possible) to the total.
  const budgets = Array.from({ length: 20 }, (_, i) => 2.87e6 + ((total - 2.87e6) * (i + 1)) / 20);
  let k = 0;
  const goals = e.score().goals.filter((g) => g.top_level).map((g) => g.id);
  const m = goals.map((_, i) => goals.map((__, j) => (i === j ? 1 : i < j ? 3 : 1 / 3)));
  e.saveScenario({ name: "bench", changes: [{ op: "cancel", id: "ini-s4hana" }, { op: "budget", value: total / 2 }] });
  const text = e.modelJson();
  const steps = [
    ["ahp() of the goals", () => e.ahp(m, goals)],
    ["wsjf()", () => e.wsjf()],
    ["priorities() with sensitivity", () => e.priorities()],
    ["optimize(budget), 20 budgets in turn", () => e.optimize(budgets[k++ % budgets.length])],
    ["frontier() (200 points)", () => e.frontier()],
    ["schedule(deadline)", () => e.schedule(130)],
    ["compareScenario() (2 changes, with budget)", () => e.compareScenario("bench")],
    ["Simulation: 10,000 runs", () => { const s = new mod.Simulation(text, { runs: 10000, seed: 1 }); s.step(10000); return s.result(); }],
  ];
  console.log("\n| decision method on the demo (29 active initiatives) | ms |");
  console.log("|---|---:|");
  for (const [name, fn] of steps) console.log(`| ${name} | ${ms(time(fn))} |`);
}
