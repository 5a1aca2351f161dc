// Unit tests of how picked or dropped files are sorted into model files and a mapping file.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  firstChar,
  folderNeedsBytes,
  folderOf,
  formatLabel,
  isCsvFile,
  isHiddenPath,
  isMappingFile,
  isMappingText,
  isWorkbookBytes,
  isWorkbookName,
  relativePath,
  sortFolderFiles,
  sortImportFiles,
} from "./import-files.js";
import { columnLetters, describePlace } from "./io.js";

const enc = new TextEncoder();
const file = (name, text) => ({ name, bytes: enc.encode(text) });

test("a mapping is a JSON object with mapping keys and no nodes", () => {
  assert.equal(isMappingText('{"elements": {"Deliverable": "initiative"}}'), true);
  assert.equal(isMappingText('{"language": "de"}'), true);
  assert.equal(isMappingText('{"view_nesting": "never", "properties": {}}'), true);
  assert.equal(isMappingText('{"nodes": [], "edges": [], "elements": {}}'), false, "a model that happens to have `elements`");
  assert.equal(isMappingText('{"name": "x", "nodes": []}'), false);
  assert.equal(isMappingText("[1, 2]"), false);
  assert.equal(isMappingText("{not json"), false);
  assert.equal(isMappingText('{"other": 1}'), false);
});

test("firstChar skips a byte order mark and blanks", () => {
  assert.equal(firstChar(new Uint8Array([0xef, 0xbb, 0xbf, 0x20, 0x0a, 0x7b])), "{");
  assert.equal(firstChar(enc.encode("  <?xml")), "<");
  assert.equal(firstChar(new Uint8Array()), "");
});

test("a model and a mapping dropped together", () => {
  const out = sortImportFiles([file("map.json", '{"elements": {"Principle": "goal"}}'), file("archisurance.xml", "<?xml version='1.0'?><model/>")]);
  assert.equal(out.error, null);
  assert.deepEqual(out.models.map((f) => f.name), ["archisurance.xml"]);
  assert.equal(out.mapping.name, "map.json");
  assert.match(out.mapping.text, /Principle/);
  assert.equal(out.label, "archisurance.xml");
});

test("Archi's three CSV files are one import", () => {
  const out = sortImportFiles([
    file("elements.csv", '"ID","Type","Name"\n'),
    file("relations.csv", '"ID","Type","Name","Documentation","Source","Target"\n'),
    file("properties.csv", '"ID","Key","Value"\n'),
  ]);
  assert.equal(out.error, null);
  assert.equal(out.models.length, 3);
  assert.equal(out.mapping, null);
  assert.equal(out.label, "elements.csv, relations.csv, properties.csv");
  assert.equal(isCsvFile(file("nodes", "id,kind,name\n")), true);
  assert.equal(isCsvFile(file("model.xml", "<model/>")), false);
});

test("two models at once, or two mappings, are refused with a reason", () => {
  const two = sortImportFiles([file("a.xml", "<a/>"), file("b.archimate", "<b/>")]);
  assert.match(two.error, /one model at a time/);
  const maps = sortImportFiles([file("m1.json", '{"language": "de"}'), file("m2.json", '{"language": "fr"}'), file("a.xml", "<a/>")]);
  assert.match(maps.error, /mapping files/);
});

test("a JSON model is a model, a mapping alone has no model", () => {
  assert.equal(isMappingFile(file("model.json", '{"nodes": [{"id": "g", "kind": "goal"}], "edges": []}')), false);
  const only = sortImportFiles([file("map.json", '{"properties": {"Kosten": "cost"}}')]);
  assert.equal(only.models.length, 0);
  assert.ok(only.mapping);
});

test("format labels", () => {
  assert.equal(formatLabel("exchange"), "ArchiMate exchange XML");
  assert.equal(formatLabel("archi-csv"), "Archi CSV export");
  assert.equal(formatLabel("mystery"), "mystery");
  assert.equal(formatLabel("coarchi"), "coArchi (Archi collaboration) folder");
});

test("a file over the page's limit is refused by its size, naming it, its size and the limit", async () => {
  const { sizeRefusal, formatBytes } = await import("./import-files.js");
  const limits = { fileBytes: 128 * 1024 * 1024 };
  assert.equal(formatBytes(166_000_000), "158 MiB");
  assert.equal(formatBytes(134_217_728), "128 MiB");
  assert.equal(sizeRefusal([{ name: "small.xml", size: 1000 }], limits), null);
  const one = sizeRefusal([{ name: "exchange-1m-elements.xml", size: 166_000_000 }], limits);
  assert.equal(one.message, "exchange-1m-elements.xml is 158 MiB: the page opens files up to 128 MiB. The command line (aligngraph import) reads larger files.");
  assert.deepEqual(one.diagnostics[0].place, { file: "exchange-1m-elements.xml" });
  assert.equal(one.diagnostics[0].code, "LIMIT_EXCEEDED");
  const together = sizeRefusal(
    [
      { name: "elements.csv", size: 70_000_000 },
      { name: "relations.csv", size: 70_000_000 },
    ],
    limits,
  );
  assert.match(together.message, /^These 2 files are 134 MiB together: the page opens up to 128 MiB at a time/);
  assert.equal(sizeRefusal([{ name: "x", size: 1e12 }], null), null, "no limits known: nothing refused here");
});

test("an Excel workbook is refused with how to convert it", () => {
  assert.equal(formatLabel("xlsx"), "Excel workbook (nodes and edges sheets)");
  // A workbook is a zip holding xl/workbook.xml: its first byte is "P", and its name says it is no CSV.
  const zip = (entry) => new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, ...enc.encode(entry), 0x00]);
  const book = { name: "Portfolio.XLSX", bytes: zip("xl/workbook.xml") };
  assert.equal(isCsvFile(book), false);
  assert.equal(isWorkbookName("Portfolio.XLSX"), true);
  assert.equal(isWorkbookName("macros.xlsm"), true);
  assert.equal(isWorkbookName("old.xls"), true);
  assert.equal(isWorkbookName("nodes.csv"), false);
  assert.equal(isWorkbookBytes(book.bytes), true);
  assert.equal(isWorkbookBytes(zip("model.xml")), false, "an Archi zip is no workbook");
  assert.equal(isWorkbookBytes(enc.encode("xl/workbook.xml")), false, "text that names the entry is no zip");
  // An old .xls starts with bytes that are no text marker: still not a CSV file.
  assert.equal(isCsvFile({ name: "old.xls", bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]) }), false);
  const advice =
    'Portfolio.XLSX is an Excel workbook, which the page does not read. Convert it first: save its nodes and edges sheets as CSV UTF-8 (nodes.csv and edges.csv) and open both files together, or run "aligngraph import Portfolio.XLSX -o model.json" and open model.json.';
  assert.equal(sortImportFiles([book]).error, advice);
  // By content, whatever the name; and together with other files.
  assert.equal(sortImportFiles([{ name: "export", bytes: book.bytes }]).error, advice.replaceAll("Portfolio.XLSX", "export"));
  assert.equal(sortImportFiles([book, file("nodes.csv", "id,kind\n")]).error, advice);
  assert.equal(sortImportFiles([file("nodes.csv", "id,kind\n"), file("edges.csv", "from,to,kind\n")]).error, null);
});

test("a place in a workbook names the sheet, row and column with its letter", () => {
  assert.equal(columnLetters(1), "A");
  assert.equal(columnLetters(6), "F");
  assert.equal(columnLetters(26), "Z");
  assert.equal(columnLetters(27), "AA");
  assert.equal(columnLetters(16384), "XFD");
  assert.equal(
    describePlace({ file: "book.xlsx", sheet: "nodes", line: 7, column: 6, node: "ini-portal", field: "cost" }),
    "book.xlsx · sheet nodes, row 7, column cost (F) · node ini-portal",
  );
  assert.equal(describePlace({ file: "book.xlsx", sheet: "Edges", line: 3, column: 2, edge: 1, field: "to" }), "book.xlsx · sheet Edges, row 3, column to (B) · edge #1");
  assert.equal(describePlace({ file: "book.xlsx", sheet: "nodes", line: 4, column: 9 }), "book.xlsx · sheet nodes, row 4, column I");
  // CSV places are as before.
  assert.equal(describePlace({ file: "nodes.csv", line: 5, node: "x", field: "cost" }), "nodes.csv · line 5 · node x · field cost");
});

test("the files of a picked or dropped folder go to the engine with their paths, named by the folder", () => {
  // A folder picked with <input webkitdirectory> (webkitRelativePath) or dropped (relativePath from its entries).
  const picked = [
    { name: "folder.xml", webkitRelativePath: "GEMMA-repo/model/folder.xml" },
    { name: "Goal_id-1.xml", relativePath: "GEMMA-repo/model/motivation/Goal_id-1.xml" },
    { name: "README.md", webkitRelativePath: "GEMMA-repo/README.md" },
  ];
  assert.equal(relativePath(picked[1]), "GEMMA-repo/model/motivation/Goal_id-1.xml");
  assert.equal(relativePath({ name: "a.xml" }), "");
  assert.equal(folderOf(picked), "GEMMA-repo");
  assert.equal(folderOf([{ name: "a.xml" }, { name: "b.csv" }]), null, "files picked alone are no folder");
  assert.equal(folderOf([{ relativePath: "a/x.xml" }, { relativePath: "b/y.xml" }]), "the dropped folders");
  assert.equal(folderNeedsBytes("GEMMA-repo/model/folder.xml"), true);
  assert.equal(folderNeedsBytes("repo/model.archimate"), true);
  assert.equal(folderNeedsBytes("Zoo-csv/elements.CSV"), true);
  assert.equal(folderNeedsBytes("repo/images/logo.png"), false);
  assert.equal(isHiddenPath("repo/.git/config"), true);
  assert.equal(isHiddenPath("repo/model/folder.xml"), false);

  const files = [
    file("GEMMA-repo/model/folder.xml", "<archimate:ArchimateModel/>"),
    file("GEMMA-repo/model/motivation/Goal_id-1.xml", "<archimate:Goal/>"),
    file("GEMMA-repo/.git/HEAD", "ref: refs/heads/main"),
    ...Array.from({ length: 3000 }, (_, i) => ({ name: `GEMMA-repo/docs/page${i}.html`, bytes: new Uint8Array() })),
  ];
  const out = sortFolderFiles("GEMMA-repo", files);
  assert.equal(out.error, null);
  assert.equal(out.folder, "GEMMA-repo");
  assert.equal(out.label, "GEMMA-repo", "the label names the folder, never its thousands of files");
  assert.equal(out.mapping, null);
  assert.equal(out.models.length, 3002, "every file but the hidden ones, with its path");
  assert.ok(out.models.some((f) => f.name === "GEMMA-repo/model/motivation/Goal_id-1.xml"));
  assert.ok(!out.models.some((f) => f.name.includes("/.git/")));
  assert.match(sortFolderFiles("empty", []).error, /empty: the folder holds no files/);
});
