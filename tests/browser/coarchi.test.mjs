// A coArchi (Archi collaboration) model given to the page, in the single file from file://: a real
// coArchi folder (tests/fixtures/archimate/gemma-ggm-part, part of VNG-Realisatie's GEMMA-GGM
// repository) zipped as GitHub's "Download ZIP" gives it (everything under one top folder) and
// chosen with the file picker, in Chromium and Firefox ESR; the folder itself chosen with the folder
// picker (<input webkitdirectory>), in Chromium. The overview shows the CLI's KPIs for the same
// folder and the summary names the format; a folder of another kind gets the engine's one message.
//
//   node --test --test-concurrency=1 tests/browser/coarchi.test.mjs

import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { crc32, deflateRawSync } from "node:zlib";
import { expectedKpiTexts, launchChromium, launchFirefox, realModel, score, tempDir } from "./helpers.mjs";
import { browserSuite, singleFilePage } from "./suite.mjs";

const FOLDER = "gemma-ggm-part";
const TOP = "GEMMA-GGM-Archi-repository-develop";

/** Every file under `dir` as [path inside it with "/", bytes], sorted. */
function filesUnder(dir, prefix = "") {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, `${prefix}${name}/`));
    else out.push([`${prefix}${name}`, readFileSync(p)]);
  }
  return out;
}

/** A zip archive (deflate) of [name, bytes] entries. */
function zipOf(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, bytes] of entries) {
    const nameBytes = Buffer.from(name, "utf8");
    const data = deflateRawSync(bytes);
    const crc = crc32(bytes) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(bytes.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(bytes.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** The zip, a folder of another kind, and the CLI's report of the coArchi folder. */
function inputs() {
  const dir = tempDir("coarchi");
  const folder = realModel(FOLDER);
  const zip = path.join(dir, `${TOP}.zip`);
  writeFileSync(zip, zipOf(filesUnder(folder).map(([name, bytes]) => [`${TOP}/${name}`, bytes])));
  const other = path.join(dir, "notes");
  mkdirSync(path.join(other, "img"), { recursive: true });
  for (let i = 0; i < 12; i++) writeFileSync(path.join(other, `note${i}.txt`), "text");
  writeFileSync(path.join(other, "img", "a.png"), "png");
  return { folder, zip, other, report: score(folder), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function importedShowsTheCliKpis(s, selector, file, report) {
  await s.waitForKpis();
  await s.setFiles(selector, file);
  await s.waitForText("#status", /^Imported /, 60_000);
  await s.waitForKpis();
  assert.deepEqual(await s.kpiValues(), expectedKpiTexts(report), "the overview shows the CLI's KPIs");
  assert.equal(report.model.nodes, 59);
  const status = await s.text("#status");
  assert.match(status, /59 nodes/, status);
  const summary = await s.text("#view-overview");
  assert.match(summary, /coArchi \(Archi collaboration\) folder/, "the summary names the format");
}

async function aZippedFolder(s, env) {
  const { zip, report } = env();
  await importedShowsTheCliKpis(s, "input#import-file", zip, report);
}

async function aPickedFolder(s, env) {
  const { folder, report } = env();
  await importedShowsTheCliKpis(s, "input#import-folder", folder, report);
}

async function aFolderOfAnotherKind(s, env) {
  const { other } = env();
  await s.waitForKpis();
  const name = await s.text("#model-name");
  await s.setFiles("input#import-folder", other);
  await s.waitForText("#status", /^Could not open notes: not a model folder/, 30_000);
  const status = await s.text("#status");
  assert.match(status, /no CSV set .* and no coArchi model \(model\/folder\.xml, or model\.archimate\); it holds 13 files such as /, status);
  // The status line and its details say it once each, with three names, never the folder's 13 files.
  assert.ok((status.match(/\.(txt|png)/g) ?? []).length <= 6, `one message, not a list of files: ${status}`);
  assert.equal(await s.text("#model-name"), name, "the model shown stays");
}

for (const [browserName, browser, launch, folderPicker] of [
  ["Chromium", "chromium", launchChromium, true],
  ["Firefox", "firefox", launchFirefox, false],
]) {
  let env = null;
  const get = () => (env ??= inputs());
  browserSuite(
    { title: `a coArchi model in the single file in ${browserName}`, launch, label: "single-coarchi", needs: { single: true, browser }, prepare: singleFilePage },
    (it) => {
      it("a zip of a coArchi folder: the overview shows the CLI's KPIs", (s) => aZippedFolder(s, get));
      if (folderPicker) {
        it("a coArchi folder chosen with the folder picker: the CLI's KPIs", (s) => aPickedFolder(s, get));
        it("a folder of another kind: one message saying what it holds; the model stays", (s) => aFolderOfAnotherKind(s, get));
      }
    },
  );
  process.on("exit", () => env?.cleanup());
}
