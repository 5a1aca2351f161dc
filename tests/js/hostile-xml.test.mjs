// The page's engine (pkg/, built by `make pkg`) against hostile ArchiMate files: it refuses them
// with LIMIT_EXCEEDED within Limits::PAGE, without trapping, and the next call works. The files
// come from the generators of tests/fixtures/hostile/gen/ (written once into target/hostile/).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { generate } from "../fixtures/hostile/generate.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = path.join(root, "pkg/aligngraph.js");
let Engine;
let files;

before(async () => {
  assert.ok(existsSync(pkg), `${pkg} is missing: run make pkg`);
  const mod = await import(pkg);
  await mod.default({ module_or_path: readFileSync(path.join(root, "pkg/aligngraph_bg.wasm")) });
  ({ Engine } = mod);
  files = await generate(path.join(root, "target/hostile"), ["junction-fanout.xml", "zip-bomb.archimate"]);
});

function refusal(engine, name) {
  const bytes = new Uint8Array(readFileSync(files[name]));
  let err;
  try {
    engine.importFiles([{ name, bytes }]);
  } catch (x) {
    err = x;
  }
  assert.ok(err instanceof Error, `${name} is refused`);
  assert.equal(err.code, "INVALID_MODEL");
  assert.equal(err.diagnostics.length, 1);
  return err.diagnostics[0];
}

function stillWorks(engine) {
  assert.equal(engine.nodeCount, 132, "the previous model stays loaded");
  assert.ok(engine.score().kpis, "the engine still scores");
  const small = '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m"><elements>' +
    '<element identifier="g" xsi:type="Goal"><name>G</name></element></elements></model>';
  const loaded = engine.importFiles([{ name: "small.xml", bytes: new TextEncoder().encode(small) }]);
  assert.equal(loaded.nodes, 1, "the next import works");
}

test("the page refuses a zip inflating to 500 MB and stays usable", () => {
  const e = new Engine();
  e.loadDemo();
  const d = refusal(e, "zip-bomb.archimate");
  assert.equal(d.code, "LIMIT_EXCEEDED");
  assert.equal(d.place.file, "zip-bomb.archimate");
  assert.match(d.message, /the zip entry model\.archimate declares 500000000 bytes \(477 MiB\), more than the 134217728 bytes \(128 MiB\).*limit `inflated_bytes`/);
  stillWorks(e);
});

test("the page refuses a 3,000 x 3,000 junction fan-out and stays usable", () => {
  const e = new Engine();
  e.loadDemo();
  const d = refusal(e, "junction-fanout.xml");
  assert.equal(d.code, "LIMIT_EXCEEDED");
  assert.equal(d.place.file, "junction-fanout.xml");
  assert.equal(d.place.node, "j0");
  assert.match(d.message, /junction "j0" joins 3,000 relationships in to 3,000 out: collapsing it would derive 9,000,000 relationships, more than the 500,000/);
  stillWorks(e);
});
