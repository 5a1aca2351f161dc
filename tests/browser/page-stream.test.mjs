// A JSON model read in chunks by the engine's worker (docs/page.md, "Large models"), in the single
// file from file://, in headless Chromium and Firefox ESR. The size above which a JSON model is
// streamed is lowered for the test (`globalThis.aligngraphStreamBytes`), so a small generated model
// takes that path: the progress line says how many MB were read, and the overview shows the CLI's
// KPIs; Cancel while a 60 MB model is read in slices stops the read and keeps the model shown. The
// default threshold is 128 MiB (the largest file the page reads whole); page-scale.test.mjs's Cancel
// test reads its 60 MB model whole.
//
//   node --test --test-concurrency=1 tests/browser/page-stream.test.mjs

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BIN, expectedKpiTexts, launchChromium, launchFirefox, score, tempDir } from "./helpers.mjs";
import { browserSuite, singleFilePage } from "./suite.mjs";

/** A small generated model and a 100,000-node one (60 MB), written once, and the CLI's report of the small one. */
function models() {
  const dir = tempDir("page-stream");
  const write = (nodes, name) => {
    const file = path.join(dir, name);
    writeFileSync(file, execFileSync(BIN, ["generate", "--nodes", String(nodes), "--seed", "5"], { maxBuffer: 1 << 30 }));
    return file;
  };
  const small = write(3000, "streamed-3k.json");
  const big = write(100_000, "streamed-100k.json");
  return { small, big, report: score(small), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Records every text of the progress line from now on (window.__agProgress). */
async function recordProgress(s) {
  await s.page.evaluate(() => {
    window.__agProgress = [];
    const label = document.querySelector("#load-progress .load-progress-label");
    new MutationObserver(() => window.__agProgress.push(label.textContent)).observe(label, { childList: true, characterData: true, subtree: true });
  });
}

async function streamedModelShowsTheCliKpis(s, env) {
  const { small, report } = env();
  await s.waitForKpis();
  await s.page.evaluate(() => (globalThis.aligngraphStreamBytes = 1024));
  await recordProgress(s);
  await s.setFiles("input#import-file", small);
  await s.waitForText("#status", /^Loaded .*3,000 nodes/, 60_000);
  const seen = await s.page.evaluate(() => window.__agProgress);
  assert.ok(
    seen.some((t) => /Opening streamed-3k\.json: Reading streamed-3k\.json: \d+ of \d+ MB… \(step 2 of 4/.test(t)),
    `the file was read in chunks: ${JSON.stringify(seen)}`,
  );
  await s.waitForKpis();
  assert.deepEqual(await s.kpiValues(), expectedKpiTexts(report), "the overview shows the CLI's KPIs");
}

/** Cancel while the worker reads a 60 MB model in slices: the read stops, the model shown stays. */
async function cancelStopsAStreamedRead(s, env) {
  const { big } = env();
  await s.waitForKpis();
  const name = await s.text("#model-name");
  const before = await s.kpiValues();
  await s.page.evaluate(() => (globalThis.aligngraphStreamBytes = 1024));
  await s.setFiles("input#import-file", big);
  await s.waitForText("#load-progress", /Reading streamed-100k\.json: \d+ of \d+ MB/, 30_000);
  await s.click("#load-cancel");
  await s.waitForText("#status", /^Stopped opening streamed-100k\.json; .* is still loaded\.$/, 30_000);
  assert.equal(await s.text("#model-name"), name);
  assert.deepEqual(await s.kpiValues(), before);
  // the read did not go on behind the page: nothing replaces the model later
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal(await s.text("#model-name"), name);
  assert.match(await s.text("#status"), /^Stopped opening streamed-100k\.json/);
}

for (const [browserName, browser, launch] of [
  ["Chromium", "chromium", launchChromium],
  ["Firefox", "firefox", launchFirefox],
]) {
  let env = null;
  const get = () => (env ??= models());
  browserSuite(
    { title: `a JSON model read in chunks in the single file in ${browserName}`, launch, label: "single-page-stream", needs: { single: true, browser }, prepare: singleFilePage },
    (it) => {
      it("a streamed model: the progress line counts MB, the overview shows the CLI's KPIs", (s) => streamedModelShowsTheCliKpis(s, get));
      it("Cancel while a model is read in slices stops the read and keeps the model shown", (s) => cancelStopsAStreamedRead(s, get));
    },
  );
  process.on("exit", () => env?.cleanup());
}
