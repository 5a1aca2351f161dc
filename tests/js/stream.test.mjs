// A large JSON model read in chunks (docs/page.md, "Large models"): the operation the engine's worker
// runs (app/engine-ops.js `loadFile`, reached through `importFiles` with the File itself) against the
// engine reading the whole text, with slices of a few bytes; a damaged file rejects with the same
// error as the whole-text reader and leaves the working model.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { App } from "../../www/app/state.js";
import { createEngineHost } from "../../www/app/engine-host.js";
import { createOps, unpackStrings } from "../../www/app/engine-ops.js";
import { startEngine, createEngine, Engine } from "../../www/app/engine.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const moduleReady = startEngine({ bytes: readFileSync(path.join(ROOT, "pkg/aligngraph_bg.wasm")) });
const DEMO = readFileSync(path.join(ROOT, "data/demo-model.json"));

test("a model read in slices of 5 and 13 bytes scores as the whole text does", async () => {
  await moduleReady;
  const direct = new Engine();
  direct.loadBytes("demo.json", DEMO);
  const want = direct.score([]);
  for (const chunkBytes of [5, 13]) {
    const ops = createOps(createEngine());
    const stages = [];
    const out = await ops.handle("loadFile", [new File([DEMO], "demo.json"), { chunkBytes }], (s) => stages.push(s));
    assert.equal(out.value.value.nodes, direct.nodeCount);
    assert.equal(out.value.value.edges, direct.edgeCount);
    assert.deepEqual(out.value.snapshot.report.kpis, want.kpis, `chunks of ${chunkBytes}`);
    assert.deepEqual(out.value.snapshot.report.goals, want.goals);
    assert.deepEqual(unpackStrings(out.value.snapshot.idsPacked), direct.nodeIds());
    const reading = stages.filter((s) => s.startsWith("Reading demo.json: "));
    assert.equal(reading.length, Math.ceil(DEMO.length / chunkBytes), "one progress line per slice");
    assert.equal(reading.at(-1), `Reading demo.json: ${Math.round(DEMO.length / 1e6)} of ${Math.round(DEMO.length / 1e6)} MB`);
    ops.engine.free();
  }
  direct.free();
});

test("a Blob without a byte stream is read in slices, with the same result", async () => {
  await moduleReady;
  const direct = new Engine();
  direct.loadBytes("demo.json", DEMO);
  const want = direct.score([]);
  const blob = new Blob([DEMO]);
  const sliced = [];
  // Only what every Blob has: its size and slice().
  const file = { name: "demo.json", size: blob.size, slice: (a, b) => (sliced.push([a, b]), blob.slice(a, b)) };
  const ops = createOps(createEngine());
  const stages = [];
  const out = await ops.handle("loadFile", [file, { chunkBytes: 4096 }], (s) => stages.push(s));
  assert.deepEqual(out.value.snapshot.report.kpis, want.kpis);
  assert.equal(sliced.length, Math.ceil(DEMO.length / 4096));
  assert.deepEqual(sliced.at(-1), [4096 * (sliced.length - 1), DEMO.length]);
  assert.equal(stages.filter((s) => s.startsWith("Reading demo.json: ")).length, sliced.length);
  ops.engine.free();
  direct.free();
});

test("the App's import of one JSON File streams it; a damaged one rejects as the whole text does and keeps the model", async () => {
  const host = await createEngineHost(await moduleReady, { worker: false });
  const app = new App(host);
  await app.loadDemo();
  const kpis = structuredClone(app.report.kpis);
  // The demo with one edge to a node that does not exist.
  const text = DEMO.toString("utf8");
  const bad = text.replace(/"to": "([^"]+)"/, '"to": "nowhere"');
  assert.notEqual(bad, text);
  const direct = new Engine();
  let wantErr = null;
  try {
    direct.loadBytes("bad.json", new TextEncoder().encode(bad));
  } catch (err) {
    wantErr = err;
  }
  assert.equal(wantErr?.code, "INVALID_MODEL");
  await assert.rejects(
    () => app.importFiles([{ name: "bad.json", file: new File([bad], "bad.json"), stream: true }], undefined, { label: "bad.json" }),
    (err) => {
      assert.equal(err.code, "INVALID_MODEL");
      const first = err.diagnostics.find((d) => d.severity === "error");
      const same = wantErr.diagnostics.find((d) => d.code === first.code && d.place.line === first.place.line && d.place.pointer === first.place.pointer);
      assert.ok(same, `${JSON.stringify(first)} is one of the whole-text reader's errors`);
      return true;
    },
  );
  assert.deepEqual(app.report.kpis, kpis, "the demo is still the working model");
  // The good file replaces it.
  const other = text.replace(/"name": "[^"]*"/, '"name": "Streamed"');
  await app.importFiles([{ name: "good.json", file: new File([other], "good.json"), stream: true }], undefined, { label: "good.json" });
  assert.equal(app.modelName, "Streamed");
  direct.free();
});
