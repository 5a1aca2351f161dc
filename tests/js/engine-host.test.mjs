// The engine host (www/app/engine-host.js) with the engine on the page, as where workers cannot
// start: the operations the App calls, their snapshots against the engine itself, and a real trap
// inside the Wasm engine (an Engine pointed outside its memory), survived with the last good model
// and its what-if toggles. The worker flavour runs the same operations (www/app/engine-ops.js) and is
// tested in the browsers (tests/browser/).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { App } from "../../www/app/state.js";
import { createEngineHost } from "../../www/app/engine-host.js";
import { startEngine, Engine } from "../../www/app/engine.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const moduleReady = startEngine({ bytes: readFileSync(path.join(ROOT, "pkg/aligngraph_bg.wasm")) });

async function demoApp() {
  const host = await createEngineHost(await moduleReady, { worker: false });
  const app = new App(host);
  await app.loadDemo();
  return app;
}

test("a snapshot's initiatives are the engine's own report entries", async () => {
  const app = await demoApp();
  const direct = new Engine();
  direct.loadDemo();
  const report = direct.score();
  assert.deepEqual(app.report.initiatives, report.initiatives);
  assert.deepEqual(app.report.kpis, report.kpis);
  assert.deepEqual(await app.section("matrix"), report.matrix);
  assert.equal(app.report.matrix, undefined, "the matrix comes on request");
  // After a toggle, the same holds against the engine toggled the same way.
  const id = report.initiatives.find((i) => i.active && !i.orphan).id;
  await app.setActive(id, false);
  direct.setActive(id, false);
  assert.deepEqual(app.report.initiatives, direct.score().initiatives);
  assert.deepEqual(app.baseline.initiatives, report.initiatives, "the baseline keeps the file's statuses");
  assert.deepEqual([...app.scores("alignment")], [...direct.scores("alignment")]);
  direct.free();
});

test("a trap inside the engine: it restarts with the last good model and toggles, the call rejects, later calls work", async () => {
  const app = await demoApp();
  const id = app.report.initiatives.find((i) => i.active && !i.orphan).id;
  await app.setActive(id, false);
  const kpis = structuredClone(app.report.kpis);
  const heard = [];
  app.on("engine-restarted", (e) => heard.push(e));
  // The next importFiles runs with its Engine's pointer outside the Wasm memory: a real trap.
  const proto = Engine.prototype;
  const importFiles = proto.importFiles;
  proto.importFiles = function (...args) {
    proto.importFiles = importFiles;
    this.__wbg_ptr = 0xfffffff0;
    return importFiles.apply(this, args);
  };
  const bytes = readFileSync(path.join(ROOT, "data/demo-model.json"));
  await assert.rejects(app.importFiles([{ name: "again.json", bytes }], null, { label: "again.json" }), (e) => e.code === "ENGINE_RESTARTED");
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(heard.length, 1);
  assert.equal(heard[0].restored, true);
  assert.deepEqual(app.whatIf(), [{ id, active: false }], "the what-if toggle is back");
  assert.deepEqual(app.report.kpis, kpis, "the last good model's scores");
  await app.setActive(id, true);
  assert.deepEqual(app.whatIf(), []);
  await app.importFiles([{ name: "again.json", bytes }], null, { label: "again.json" });
  assert.equal(app.origin.fileName, "again.json");
});

test("a model whose nodes have no names of their own sends its ids once; the page reads them as the names", async () => {
  const host = await createEngineHost(await moduleReady, { worker: false });
  const app = new App(host);
  const text = JSON.stringify({
    format: "aligngraph", version: 1,
    nodes: [{ id: "g", kind: "goal", weight: 1 }, { id: "c", kind: "capability", name: "c" }, { id: "i", kind: "initiative" }],
    edges: [{ from: "c", to: "g", kind: "supports" }, { from: "i", to: "c", kind: "supports" }],
  });
  const direct = new Engine();
  direct.load(text);
  assert.equal(direct.namesAreIds, true);
  await app.load(text);
  assert.deepEqual(app.ids(), ["g", "c", "i"]);
  assert.equal(app.names(), app.ids(), "the same list, not a copy");
  assert.equal(app.name("i"), "i");
  // A model with names: its own list, as the engine gives it.
  await app.loadDemo();
  const demo = new Engine();
  demo.loadDemo();
  assert.equal(demo.namesAreIds, false);
  assert.deepEqual(app.names(), demo.nodeNames());
  assert.notDeepEqual(app.names(), app.ids());
  direct.free();
  demo.free();
});
