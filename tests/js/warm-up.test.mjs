// The samples a spare engine worker runs to ready the engine's code (www/app/warm-up.js): each
// format's sample is read by the real engine as the model it describes, with no error, and a warm-up
// step leaves no trace on an Engine that holds a model.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { startEngine, Engine } from "../../www/app/engine.js";
import { archiSample, exchangeSample, warmUp, WARM_COPIES, WARM_NODES, WARM_STEPS } from "../../www/app/warm-up.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
await startEngine({ bytes: readFileSync(path.join(ROOT, "pkg/aligngraph_bg.wasm")) });
const utf8 = (s) => new TextEncoder().encode(s);

for (const [name, sample] of [
  ["sample.xml", exchangeSample],
  ["sample.archimate", archiSample],
]) {
  test(`${name}: every element and relationship of the sample is read`, () => {
    for (const copies of [1, 3]) {
      const e = new Engine();
      const r = e.importFiles([{ name, bytes: utf8(sample(copies)) }]);
      // 14 elements and 15 relationships a copy (two link each later copy to the first); the
      // Association and the Flow carry no score and are kept as edges the engine does not draw.
      assert.equal(e.nodeCount, 14 * copies, `${copies} copies: nodes`);
      assert.equal(r.nodes, 14 * copies);
      assert.ok(e.edgeCount >= 13 * copies, `${copies} copies: ${e.edgeCount} edges`);
      assert.ok(!r.diagnostics.some((d) => d.severity === "error"), JSON.stringify(r.diagnostics));
      const report = e.score([]);
      // the samples' work packages reach their goals: the scoring runs its whole path
      assert.ok(report.kpis.active_initiatives >= 2 * copies, JSON.stringify(report.kpis));
      assert.ok(report.kpis.alignment_index > 0 && report.kpis.goal_coverage > 0, JSON.stringify(report.kpis));
      e.free();
    }
  });
}

test("every warm-up step runs and leaves a working Engine's model alone", () => {
  const e = new Engine();
  e.loadDemo();
  const before = JSON.stringify(e.score([]).kpis);
  for (const step of WARM_STEPS) assert.ok(warmUp(Engine, step) >= 0, step);
  assert.equal(JSON.stringify(e.score([]).kpis), before);
  assert.throws(() => warmUp(Engine, "nope"), /no warm-up step "nope"/);
  assert.ok(WARM_COPIES * 14 >= 500, "the samples are large enough to run a while");
});

test("the scale step's generated model is read whole and scored along its whole path", () => {
  const e = new Engine();
  const r = e.loadGenerated(WARM_NODES, 5, 1);
  assert.equal(e.nodeCount, r.nodes);
  assert.ok(r.nodes >= WARM_NODES * 0.99 && r.nodes <= WARM_NODES * 1.01, `${r.nodes} nodes`);
  // every node but the 24 goals has five out-edges
  assert.ok(e.edgeCount >= (r.nodes - 24) * 5 * 0.95, `${e.edgeCount} edges`);
  assert.deepEqual(r.diagnostics, []);
  const { kpis } = e.score([]);
  assert.ok(kpis.active_initiatives > 1000, JSON.stringify(kpis));
  assert.ok(kpis.alignment_index > 0 && kpis.goal_coverage > 0, JSON.stringify(kpis));
  // the same seed gives the same model
  const again = new Engine();
  again.loadGenerated(WARM_NODES, 5, 1);
  assert.equal(JSON.stringify(again.score([]).kpis), JSON.stringify(kpis));
  assert.ok(WARM_STEPS.includes("scale"));
  e.free();
  again.free();
});

test("a generated model outside the page's limits is refused with the reason, the model kept", () => {
  const e = new Engine();
  e.loadDemo();
  const nodes = e.nodeCount;
  assert.throws(() => e.loadGenerated(0, 5, 1), /nodes must be 1 to 2000000, not 0/);
  assert.throws(() => e.loadGenerated(3_000_000, 5, 1), /nodes must be 1 to 2000000, not 3000000/);
  assert.throws(() => e.loadGenerated(1_000_000, 20, 1), /1000000 nodes x 20 edges a node is more than the 10000000 edges/);
  assert.equal(e.nodeCount, nodes);
  e.free();
});
