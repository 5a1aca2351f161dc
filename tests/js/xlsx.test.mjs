// The page's engine (pkg/, built by `make pkg`) is built without the Excel workbook reader (the
// single file's size budget, docs/csv.md): a workbook handed to it anyway is refused with how to
// convert it, an old .xls with the advice to save it as .xlsx, and the engine stays usable. The page
// itself refuses a workbook before the engine sees it (www/lib/import-files.js).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = path.join(root, "pkg/aligngraph.js");
let Engine;

before(async () => {
  assert.ok(existsSync(pkg), `${pkg} is missing: run make pkg`);
  const mod = await import(pkg);
  await mod.default({ module_or_path: readFileSync(path.join(root, "pkg/aligngraph_bg.wasm")) });
  ({ Engine } = mod);
});

function refusal(engine, name, bytes) {
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

test("the page's engine refuses a workbook with how to convert it and stays usable", () => {
  const e = new Engine();
  e.loadDemo();
  const before = e.nodeCount;
  const book = new Uint8Array(readFileSync(path.join(root, "tests/fixtures/xlsx/templates.xlsx")));
  const d = refusal(e, "templates.xlsx", book);
  assert.equal(d.code, "UNSUPPORTED_FORMAT");
  assert.equal(d.place.file, "templates.xlsx");
  assert.match(d.message, /Excel workbook, which the page does not read: save its nodes and edges sheets as CSV UTF-8/);
  assert.match(d.message, /aligngraph import book\.xlsx -o model\.json/);

  const xls = new Uint8Array(512);
  xls.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  const old = refusal(e, "old.xls", xls);
  assert.equal(old.code, "UNSUPPORTED_FORMAT");
  assert.match(old.message, /Excel Workbook \(\.xlsx\)/);
  assert.equal(e.nodeCount, before, "the demo stays loaded");
});
