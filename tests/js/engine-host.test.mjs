// The engine host (www/app/engine-host.js) with the engine on the page, as where workers cannot
// start: the operations the App calls, their snapshots against the engine itself, and a real trap
// inside the Wasm engine (an Engine pointed outside its memory), survived with the last good model
// and its what-if toggles. The worker flavour runs the same operations (www/app/engine-ops.js) and is
// tested in the browsers (tests/browser/); here too, where a test needs it, in threads that stand in
// for a browser's workers (node-worker.mjs): its snapshots against the page's, and its spare worker.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { App } from "../../www/app/state.js";
import { createEngineHost, movable, SPARE_MAX_NODES } from "../../www/app/engine-host.js";
import { createOps, packedStrings } from "../../www/app/engine-ops.js";
import { createEngine, startEngine, Engine } from "../../www/app/engine.js";
import { NodeWorker } from "./node-worker.mjs";
import { eachInitiative, initiativeCount } from "../../www/lib/initiatives.js";
import { pendingDecisions, topRisks } from "../../www/views/overview/board-model.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const moduleReady = startEngine({ bytes: readFileSync(path.join(ROOT, "pkg/aligngraph_bg.wasm")) });

async function demoApp() {
  const host = await createEngineHost(await moduleReady, { worker: false });
  const app = new App(host);
  await app.loadDemo();
  return app;
}

/** Report entries as plain data (a snapshot's entries read their numbers from its columns). */
const plain = (entries) => JSON.parse(JSON.stringify(entries));

test("a snapshot's initiatives are the engine's own report entries", async () => {
  const app = await demoApp();
  const direct = new Engine();
  direct.loadDemo();
  const report = direct.score();
  assert.deepEqual(plain(app.report.initiatives), report.initiatives);
  // Read field by field, as the views do, and as JSON in the engine's order of fields.
  app.report.initiatives.forEach((entry, i) => {
    const want = report.initiatives[i];
    for (const [k, v] of Object.entries(want)) assert.equal(entry[k], v, `${want.id}.${k}`);
    assert.equal(JSON.stringify(entry), JSON.stringify(want));
    assert.throws(() => {
      entry.cost = 1;
    }, TypeError, "the numbers are read-only");
  });
  assert.deepEqual(app.report.kpis, report.kpis);
  assert.deepEqual(await app.section("matrix"), report.matrix);
  assert.equal(app.report.matrix, undefined, "the matrix comes on request");
  // After a toggle, the same holds against the engine toggled the same way.
  const id = report.initiatives.find((i) => i.active && !i.orphan).id;
  await app.setActive(id, false);
  direct.setActive(id, false);
  assert.deepEqual(plain(app.report.initiatives), direct.score().initiatives);
  assert.deepEqual(plain(app.baseline.initiatives), report.initiatives, "the baseline keeps the file's statuses");
  assert.deepEqual([...app.scores("alignment")], [...direct.scores("alignment")]);
  direct.free();
});

test("the board walks a snapshot's initiatives without making its entries, and finds what the engine's report gives", async () => {
  const app = await demoApp();
  const direct = new Engine();
  direct.loadDemo();
  // The demo has proposed initiatives that reach goals: the board lists some to approve.
  const report = direct.score();
  const name = (id) => `name of ${id}`;
  const made = [];
  const { get } = Object.getOwnPropertyDescriptor(app.report, "initiatives");
  Object.defineProperty(app.report, "initiatives", { enumerable: true, configurable: true, get: () => (made.push(1), get()) });
  assert.equal(initiativeCount(app.report), report.initiatives.length);
  const walked = [];
  eachInitiative(app.report, (entry) => walked.push(JSON.stringify(entry)));
  assert.deepEqual(walked, report.initiatives.map((x) => JSON.stringify(x)), "each entry in turn, whole");
  const pending = pendingDecisions(app.report, name, 6);
  assert.ok(pending.some((x) => x.kind === "approve"), JSON.stringify(pending));
  assert.deepEqual(pending, pendingDecisions(report, name, 6));
  assert.deepEqual(topRisks(app.report, name, 6), topRisks(report, name, 6));
  assert.equal(made.length, 0, "no entry was made");
  // Once a view has made them, the walk goes over those entries.
  assert.equal(app.report.initiatives.length, report.initiatives.length);
  const again = [];
  eachInitiative(app.report, (entry) => again.push(entry));
  assert.ok(again.every((entry, i) => entry === app.report.initiatives[i]));
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

test("ids and names travel packed and reach the page whole, characters outside the BMP included", async () => {
  const host = await createEngineHost(await moduleReady, { worker: false });
  const app = new App(host);
  const text = JSON.stringify({
    format: "aligngraph", version: 1,
    nodes: [{ id: "g-é", kind: "goal", name: "Croissance 🚀" }, { id: "c-𝔸x", kind: "capability" }, { id: "i", kind: "initiative", name: "𝔸pp — ünïcode" }],
    edges: [{ from: "c-𝔸x", to: "g-é", kind: "supports" }, { from: "i", to: "c-𝔸x", kind: "supports" }],
  });
  const direct = new Engine();
  direct.load(text);
  const packed = direct.nodeIdsPacked();
  assert.ok(packed.ends instanceof Uint32Array);
  assert.deepEqual([...packed.ends], [3, 8, 9], "UTF-16 ends: 𝔸 is two code units");
  // As the snapshot sends them: UTF-8 bytes to move, the same ends into the text they decode to.
  const utf8 = direct.nodeIdsPacked(true);
  assert.ok(utf8.bytes instanceof Uint8Array && !("text" in utf8));
  assert.equal(new TextDecoder().decode(utf8.bytes), packed.text);
  assert.deepEqual([...utf8.ends], [...packed.ends]);
  const names = direct.nodeNamesPacked(true);
  assert.deepEqual(packedStrings(utf8, names).names(), ["Croissance 🚀", "c-𝔸x", "𝔸pp — ünïcode"]);
  await app.load(text);
  assert.deepEqual(app.ids(), ["g-é", "c-𝔸x", "i"]);
  assert.deepEqual(app.ids(), direct.nodeIds());
  assert.deepEqual(app.names(), ["Croissance 🚀", "c-𝔸x", "𝔸pp — ünïcode"]);
  assert.equal(app.name("i"), "𝔸pp — ünïcode");
  direct.free();
});

test("an imported model comes back after a trap from its files, with its edits and toggles; it is never written out as text", async () => {
  const app = await demoApp();
  const xml = readFileSync(path.join(ROOT, "tests/fixtures/archimate/Zoo.xml"));
  const direct = new Engine();
  direct.importFiles([{ name: "Zoo.xml", bytes: new Uint8Array(xml) }]);
  const proto = Engine.prototype;
  const modelJson = proto.modelJson;
  let written = 0;
  proto.modelJson = function (...args) {
    written += 1;
    return modelJson.apply(this, args);
  };
  try {
    await app.importFiles([{ name: "Zoo.xml", bytes: new Uint8Array(xml) }], null, { label: "Zoo.xml" });
    assert.equal(written, 0, "the import is kept as its files, not written out");
    assert.deepEqual(app.report.kpis, direct.score([]).kpis);
    const id = app.report.initiatives.find((i) => i.active).id;
    await app.setActive(id, false);
    direct.setActive(id, false);
    const want = direct.score([]).kpis;
    // (an Engine of the test's own does not outlive the module's restart)
    direct.free();
    const heard = [];
    app.on("engine-restarted", (e) => heard.push(e));
    // The next setActive traps inside the engine.
    const setActive = proto.setActive;
    proto.setActive = function (...args) {
      proto.setActive = setActive;
      this.__wbg_ptr = 0xfffffff0;
      return setActive.apply(this, args);
    };
    // (the App survives it: the toggle asked for is not applied, the model is read again)
    await app.setActive(id, true);
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(heard.length, 1);
    assert.equal(heard[0].restored, true, "the imported model is restored");
    assert.deepEqual(app.whatIf(), [{ id, active: false }]);
    assert.deepEqual(app.report.kpis, want, "the imported model's scores under the toggle");
  } finally {
    proto.modelJson = modelJson;
  }
});

test("an import moves a file's bytes to the worker and keeps the file to read it again", () => {
  const file = new File(["<model/>"], "a.xml");
  const bytes = new Uint8Array([60, 109, 47, 62]);
  const other = { name: "b.csv", bytes: new Uint8Array([1, 2]) };
  const { send, transfer, keep } = movable("importFiles", [[{ name: "a.xml", bytes, file }, other], "map", "folder"]);
  assert.deepEqual(transfer, [bytes.buffer], "the file's bytes are moved");
  assert.equal(send[0][0].bytes, bytes, "and sent");
  assert.deepEqual(keep, [[{ name: "a.xml", file }, other], "map", "folder"], "the file is kept, not its bytes; bytes without a file are kept as they are");
  assert.equal(send[0][1], other);
  // Bytes already moved (an import repeated with a mapping) are not sent: the file is read instead.
  const moved = new Uint8Array(0);
  const again = movable("importFiles", [[{ name: "a.xml", bytes: moved, file }]]);
  assert.deepEqual(again.transfer, []);
  assert.deepEqual(again.send, [[{ name: "a.xml", file }]]);
  // A part of a larger buffer is copied, not moved; a streamed file and other operations are left alone.
  const part = new Uint8Array(new ArrayBuffer(8), 2, 4);
  assert.deepEqual(movable("importFiles", [[{ name: "p.xml", bytes: part, file }]]).transfer, []);
  const streamed = [[{ name: "big.json", file, stream: true }]];
  assert.deepEqual(movable("importFiles", streamed), { send: streamed, transfer: [], keep: streamed });
  assert.deepEqual(movable("load", ["{}"]), { send: ["{}"], transfer: [], keep: ["{}"] });
});

test("an import named by its File alone (a model read again) reads the file in the engine's thread", async () => {
  const host = await createEngineHost(await moduleReady, { worker: false });
  const app = new App(host);
  await app.loadDemo();
  const xml = readFileSync(path.join(ROOT, "tests/fixtures/archimate/archisurance.xml"));
  const direct = new Engine();
  direct.importFiles([{ name: "Archisurance.xml", bytes: new Uint8Array(xml) }]);
  await app.importFiles([{ name: "Archisurance.xml", file: new File([xml], "Archisurance.xml") }], null, { label: "Archisurance.xml" });
  assert.deepEqual(app.report.kpis, direct.score([]).kpis);
  assert.equal(app.modelName, direct.modelName);
  direct.free();
});

test("packed ids and names: one node's without unpacking the list, each list unpacked once", () => {
  const direct = new Engine();
  direct.load(JSON.stringify({
    format: "aligngraph", version: 1,
    nodes: [{ id: "g-é", kind: "goal", name: "Croissance 🚀" }, { id: "c-𝔸x", kind: "capability" }, { id: "i", kind: "initiative", name: "𝔸pp" }],
    edges: [],
  }));
  const named = packedStrings(direct.nodeIdsPacked(), direct.nodeNamesPacked());
  assert.deepEqual([0, 1, 2].map((v) => named.id(v)), ["g-é", "c-𝔸x", "i"]);
  assert.deepEqual([0, 1, 2].map((v) => named.name(v)), ["Croissance 🚀", "c-𝔸x", "𝔸pp"]);
  assert.deepEqual(named.ids(), direct.nodeIds());
  assert.equal(named.ids(), named.ids(), "unpacked once");
  assert.deepEqual(named.names(), direct.nodeNames());
  assert.equal(named.id(1), "c-𝔸x", "read from the list once it is unpacked");
  // Names that are all the ids: the ids' list.
  const bare = packedStrings(direct.nodeIdsPacked(), null);
  assert.equal(bare.name(1), "c-𝔸x");
  assert.equal(bare.names(), bare.ids());
  direct.free();
});

test("a snapshot sends which nodes are active as one byte a node, moved with it: the engine's scores(\"active\")", () => {
  const ops = createOps(createEngine());
  const direct = new Engine();
  direct.loadDemo();
  direct.score([]);
  const first = ops.handle("loadDemo", []);
  const mask = first.value.snapshot.fields.active;
  assert.ok(mask instanceof Uint8Array, `a Uint8Array, not a ${mask?.constructor?.name}`);
  assert.equal(mask.length, direct.nodeCount);
  assert.ok(first.transfer.includes(mask.buffer), "its buffer is moved");
  const want = direct.scores("active");
  assert.deepEqual([...mask], [...want]);
  assert.ok(mask.includes(1) && mask.includes(0), "the demo has active initiatives and other nodes");
  // After a what-if toggle, the engine toggled the same way.
  const v = mask.indexOf(1);
  const id = direct.nodeIds()[v];
  const after = ops.handle("setActive", [id, false]).value.snapshot.fields.active;
  direct.setActive(id, false);
  direct.score([]);
  assert.deepEqual([...after], [...direct.scores("active")]);
  assert.equal(after[v], 0, `${id} is switched off`);
  assert.equal(after.filter((x) => x === 1).length, mask.filter((x) => x === 1).length - 1);
  ops.engine.free();
  direct.free();
});

test("scores(\"active\") is the engine's Float64Array, made from the mask once a snapshot; activeMask() reads the mask", async () => {
  const app = await demoApp();
  const host = app.engine;
  const direct = new Engine();
  direct.loadDemo();
  direct.score([]);
  const scores = host.scores("active");
  assert.ok(scores instanceof Float64Array);
  assert.deepEqual(scores, direct.scores("active"));
  assert.equal(host.scores("active"), scores, "asked again: the same array, none made");
  assert.equal(app.scores("active"), scores);
  assert.equal(app.activeMask(), host.data.fields.active);
  assert.deepEqual(app.activeMask(), Uint8Array.from(direct.scores("active")));
  const id = app.report.initiatives.find((i) => i.active && !i.orphan).id;
  await app.setActive(id, false);
  direct.setActive(id, false);
  direct.score([]);
  const after = app.scores("active");
  assert.notEqual(after, scores, "a new snapshot, a new array");
  assert.deepEqual(after, direct.scores("active"));
  assert.equal(after[app.index(id)], 0);
  assert.equal(app.activeMask()[app.index(id)], 0);
  assert.equal(app.initiative(id).active, false, "the report's entries read the mask");
  direct.free();
});

/** A host whose engine runs in workers (threads standing in for a browser's), idle callbacks run when the test says. */
async function workerHost() {
  const idle = [];
  Object.assign(globalThis, {
    Worker: NodeWorker,
    requestIdleCallback: (fn) => idle.push(fn),
    cancelIdleCallback: (n) => (idle[n - 1] = null),
  });
  const host = await createEngineHost(await moduleReady, { workerSource: "the engine's worker" });
  assert.equal(host.kind, "worker");
  return { host, idle: () => idle.splice(0).forEach((fn) => fn?.()) };
}

function noWorkers() {
  for (const k of ["Worker", "requestIdleCallback", "cancelIdleCallback"]) delete globalThis[k];
  for (const w of NodeWorker.started.splice(0)) if (!w.terminated) w.terminate();
}

/** Waits until `ok()` holds (a worker's ending is heard a moment later). */
async function until(ok, what) {
  for (const deadline = Date.now() + 10_000; !ok(); ) {
    assert.ok(Date.now() < deadline, `waited 10 s for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test("the engine's worker gives the snapshots the page's engine gives: the mask moved, scores(\"active\") the same", async (t) => {
  t.after(noWorkers);
  const { host } = await workerHost();
  const page = await createEngineHost(await moduleReady, { worker: false });
  await host.replace("loadDemo", []).promise;
  await page.replace("loadDemo", []).promise;
  const same = (what) => {
    assert.ok(host.activeMask() instanceof Uint8Array, what);
    assert.deepEqual(host.activeMask(), page.activeMask(), `${what}: the mask`);
    assert.deepEqual(host.scores("active"), page.scores("active"), `${what}: scores("active")`);
    assert.ok(host.scores("active") instanceof Float64Array);
    for (const f of ["alignment", "delivery_risk"]) assert.deepEqual(host.scores(f), page.scores(f), `${what}: ${f}`);
    assert.deepEqual(plain(host.data.report.initiatives), plain(page.data.report.initiatives), `${what}: the initiatives`);
  };
  same("the demo");
  const id = page.data.report.initiatives.find((i) => i.active && !i.orphan).id;
  await host.run("setActive", [id, false]);
  await page.run("setActive", [id, false]);
  same(`${id} switched off`);
  assert.equal(host.activeMask()[page.nodeIds().indexOf(id)], 0);
  host.free();
  page.free();
});

/** Model JSON of a generated model with more nodes than SPARE_MAX_NODES (one edge a node), made once. */
let largeModel = null;
function largeModelText() {
  if (!largeModel) {
    const e = new Engine();
    e.loadGenerated(Math.round(SPARE_MAX_NODES * 1.05), 1, 1);
    largeModel = { text: e.modelJson(), nodes: e.nodeCount };
    e.free();
  }
  assert.ok(largeModel.nodes > SPARE_MAX_NODES, `${largeModel.nodes} nodes`);
  return largeModel;
}

test("no spare worker while a model of more than SPARE_MAX_NODES nodes is open; one is readied again after a smaller model", async (t) => {
  t.after(noWorkers);
  const workers = NodeWorker.started;
  const { host, idle } = await workerHost();
  const big = largeModelText();
  const spareMade = (what) => {
    const before = workers.length;
    idle();
    assert.equal(workers.length, before + 1, `${what}: a spare worker is started when the page is idle`);
    return workers.at(-1);
  };
  const noSpare = async (what) => {
    const before = workers.length;
    idle();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(workers.length, before, `${what}: no spare worker is started, however idle the page`);
  };
  // A small model: a spare is readied on idle, and the next file is read by it.
  await host.replace("loadDemo", []).promise;
  const first = workers[0];
  const spare = spareMade("after the demo");
  await host.replace("load", [big.text]).promise;
  assert.equal(host.nodeCount, big.nodes);
  assert.equal(host.kind, "worker");
  await until(() => first.terminated, "the demo's worker to end");
  assert.ok(!spare.terminated, "the spare holds the large model");
  await noSpare("the large model open");
  // A smaller model again: read by a fresh worker (there is no spare), then a spare as before.
  const count = workers.length;
  await host.replace("loadDemo", []).promise;
  assert.equal(workers.length, count + 1, "a fresh worker read the demo");
  await until(() => spare.terminated, "the large model's worker to end");
  assert.equal(host.nodeCount, 132);
  // A spare started while a large model is being read (the page idle meanwhile) is closed once it is read.
  const reading = host.replace("load", [big.text]);
  const late = spareMade("while the large model is read");
  await reading.promise;
  assert.equal(host.nodeCount, big.nodes);
  await until(() => late.terminated, "the spare to be closed");
  await noSpare("the large model read");
  // A spare asked for after the demo, the page not idle yet when a large model is read: never started.
  await host.replace("loadDemo", []).promise;
  await host.replace("load", [big.text]).promise;
  assert.equal(host.nodeCount, big.nodes);
  await noSpare("the large model read before the page was idle");
  // The demo once more: its spare is readied as before.
  await host.replace("loadDemo", []).promise;
  spareMade("after the demo again");
  host.free();
  await until(() => workers.every((w) => w.terminated), "every worker to end after free()");
});
