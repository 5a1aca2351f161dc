// The App's edits and its undo and redo history (www/app/state.js) on the real engine (pkg/), in
// the page's thread: every change the App makes to the model or the what-if state is undone and
// made again exactly (model JSON byte for byte), a refused edit changes nothing, and the scores of
// an edited model are those of its JSON loaded afresh.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { App } from "../../www/app/state.js";
import { createEngineHost } from "../../www/app/engine-host.js";
import { Engine, startEngine } from "../../www/app/engine.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let module = null;

async function demoApp(options = {}) {
  module ??= await startEngine({ bytes: readFileSync(path.join(ROOT, "pkg/aligngraph_bg.wasm")) });
  const engine = await createEngineHost(module, { worker: false });
  const app = new App(engine, options);
  await app.loadDemo();
  return app;
}

const modelJson = (app) => app.engine.run("modelJson", []);

/** The KPIs of a model's JSON loaded into a fresh engine. */
async function freshKpis(text) {
  const engine = await createEngineHost(module, { worker: false });
  const app = new App(engine);
  await app.load(text);
  const k = app.report.kpis;
  engine.free();
  return k;
}

test("an edit re-scores, is autosaved, and undo and redo give the exact models back", async () => {
  const app = await demoApp();
  const events = [];
  for (const e of ["edited", "history"]) app.on(e, (x) => events.push([e, x]));
  const original = await modelJson(app);
  const ini = app.report.initiatives.find((i) => i.active && !i.orphan && i.cost > 0);
  const done = await app.edit({ op: "set", id: ini.id, field: "cost", value: ini.cost * 3 });
  assert.deepEqual(done.inverse, { op: "set", id: ini.id, field: "cost", value: ini.cost });
  assert.equal(app.initiative(ini.id).cost, ini.cost * 3);
  assert.equal(app.origin.source, "edited");
  assert.ok(app.canUndo && !app.canRedo);
  assert.equal(app.undoLabel, `cost of ${ini.name} ${ini.cost} → ${ini.cost * 3}`);
  assert.ok(events.some(([e]) => e === "edited"));
  assert.deepEqual(events.at(-1), ["history", { canUndo: true, canRedo: false, undoLabel: app.undoLabel, redoLabel: null }]);
  const edited = await modelJson(app);
  assert.notEqual(edited, original);
  assert.deepEqual(app.report.kpis, await freshKpis(edited), "the edited model scores as its JSON loaded afresh");
  assert.equal(await app.undo(), true);
  assert.equal(await modelJson(app), original);
  assert.equal(app.initiative(ini.id).cost, ini.cost);
  assert.ok(!app.canUndo && app.canRedo);
  assert.equal(app.redoLabel, `cost of ${ini.name} ${ini.cost} → ${ini.cost * 3}`);
  assert.equal(await app.redo(), true);
  assert.equal(await modelJson(app), edited);
  assert.equal(await app.redo(), false, "nothing more to redo");
  // A new change drops what was undone.
  await app.undo();
  await app.edit({ op: "set_model", field: "name", value: "Edited portfolio" });
  assert.equal(app.modelName, "Edited portfolio");
  assert.ok(!app.canRedo);
});

test("a refused edit rejects with the loader's diagnostics and changes nothing", async () => {
  const app = await demoApp();
  const original = await modelJson(app);
  const id = app.report.initiatives[0].id;
  const bad = { op: "set", id, field: "risk", value: 1.5 };
  const checked = await app.checkEdit(bad);
  assert.equal(checked.length, 1);
  assert.equal(checked[0].code, "OUT_OF_RANGE");
  assert.deepEqual([checked[0].place.node, checked[0].place.field], [id, "risk"]);
  assert.match(checked[0].message, /"risk" is 1\.5; it must be between 0 and 1/);
  await assert.rejects(app.edit(bad), (e) => e.code === "INVALID_EDIT" && e.diagnostics[0].code === "OUT_OF_RANGE");
  assert.deepEqual(await app.checkEdit({ op: "set", id, field: "risk", value: 0.5 }), []);
  assert.equal(await modelJson(app), original);
  assert.ok(!app.canUndo);
});

test("deleting a node takes its edges and toggle; undo brings all three back", async () => {
  const app = await demoApp();
  const original = await modelJson(app);
  const ini = app.report.initiatives.find((i) => i.active && !i.orphan);
  await app.setActive(ini.id, false);
  const toggled = app.report.kpis;
  const edgesBefore = app.engine.edgeCount;
  const nodesBefore = app.engine.nodeCount;
  const done = await app.edit({ op: "delete_node", id: ini.id });
  assert.equal(done.structure, true);
  assert.equal(app.index(ini.id), undefined, "the ids were read again");
  assert.equal(app.engine.nodeCount, nodesBefore - 1);
  assert.ok(app.engine.edgeCount < edgesBefore);
  assert.deepEqual(app.whatIf(), []);
  assert.equal(app.undoLabel, `delete ${ini.name}`);
  await app.undo();
  assert.equal(await modelJson(app), original);
  assert.deepEqual(app.whatIf(), [{ id: ini.id, active: false }]);
  assert.deepEqual(app.report.kpis, toggled);
  // The what-if toggle is undone too.
  await app.undo();
  assert.deepEqual(app.whatIf(), []);
  assert.ok(!app.canUndo);
  await app.redo();
  assert.deepEqual(app.whatIf(), [{ id: ini.id, active: false }]);
});

test("what-if toggles, goal weights and scenarios are undone and made again", async () => {
  const app = await demoApp();
  const original = await modelJson(app);
  const base = app.report.kpis;
  const ini = app.report.initiatives.find((i) => i.active && !i.orphan);
  await app.setActive(ini.id, false);
  assert.equal(app.undoLabel, `switch ${ini.name} off (what-if)`);
  const off = app.report.kpis;
  assert.notDeepEqual(off, base);
  await app.resetWhatIf();
  await app.undo();
  assert.deepEqual(app.report.kpis, off);
  await app.undo();
  assert.deepEqual(app.report.kpis, base);
  await app.redo();
  assert.deepEqual(app.whatIf(), [{ id: ini.id, active: false }]);
  await app.undo();
  const goals = app.report.goals.filter((g) => !g.parent).slice(0, 3).map((g) => g.id);
  const result = await app.applyGoalWeights(goals, [[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]]);
  assert.ok(result.weights.length === 3);
  await app.saveScenario({ name: "Stop one", changes: [{ op: "cancel", id: ini.id }] });
  assert.equal((await app.engine.scenarios()).length, 1);
  await app.deleteScenario("Stop one");
  assert.equal((await app.engine.scenarios()).length, 0);
  await app.undo();
  assert.equal((await app.engine.scenarios()).length, 1);
  await app.undo();
  await app.undo();
  assert.equal(await modelJson(app), original, "goal weights and their judgements undone");
  assert.deepEqual(app.report.kpis, base);
});

test("a new model clears the history; a read-only dashboard undoes what-if only", async () => {
  const app = await demoApp();
  await app.edit({ op: "set_model", field: "name", value: "x" });
  assert.ok(app.canUndo);
  await app.loadDemo();
  assert.ok(!app.canUndo && !app.canRedo);
  const ro = await demoApp({ readonly: true });
  const id = ro.report.initiatives[0].id;
  await assert.rejects(ro.edit({ op: "set", id, field: "cost", value: 1 }), (e) => e.code === "READ_ONLY");
  assert.ok(!ro.canUndo);
  await ro.setActive(id, !ro.initiative(id).active);
  assert.ok(ro.canUndo);
  await ro.undo();
  assert.deepEqual(ro.whatIf(), []);
});

test("after a trap the engine holds the edited model again: its edits are replayed, not written out", async () => {
  const app = await demoApp();
  const ini = app.report.initiatives.find((i) => i.active && !i.orphan);
  await app.edit({ op: "set", id: ini.id, field: "cost", value: 1234 });
  await app.edit({ op: "add_node", node: { id: "ini-new", kind: "initiative", cost: 5 }, edges: [{ from: "ini-new", to: ini.id, kind: "depends_on" }] });
  await app.undo();
  await app.redo();
  await app.setActive(ini.id, false);
  const edited = await modelJson(app);
  const kpis = structuredClone(app.report.kpis);
  // The next importFiles runs with its Engine's pointer outside the Wasm memory: a real trap.
  const proto = Engine.prototype;
  const importFiles = proto.importFiles;
  proto.importFiles = function (...args) {
    proto.importFiles = importFiles;
    this.__wbg_ptr = 0xfffffff0;
    return importFiles.apply(this, args);
  };
  const bytes = readFileSync(path.join(ROOT, "data/demo-model.json"));
  await assert.rejects(app.importFiles([{ name: "x.json", bytes }], null, { label: "x.json" }), (e) => e.code === "ENGINE_RESTARTED");
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(await modelJson(app), edited, "the edited model, byte for byte");
  assert.deepEqual(app.whatIf(), [{ id: ini.id, active: false }]);
  assert.deepEqual(app.report.kpis, kpis);
});
