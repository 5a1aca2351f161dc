// Scenarios of a large model in the page, for page-scale.test.mjs: a generated 100,000-node model
// (`aligngraph generate --nodes 100000`, 60 MB) is read by the engine's worker while the page keeps
// answering, with a progress line and Cancel; the overview then shows the CLI's KPIs, and a what-if
// toggle moves the what-if view's KPI strip. The benchmark (tests/browser/bench-page-scale.mjs), not
// these tests, reports how long it takes and the longest main-thread task.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BIN, expectedKpiTexts, score, tempDir } from "./helpers.mjs";

const NODES = 100_000;

/** Writes the generated model once per suite: {file, report, cleanup}. */
export function generated() {
  const dir = tempDir("page-scale");
  const file = path.join(dir, "generated-100k.json");
  writeFileSync(file, execFileSync(BIN, ["generate", "--nodes", String(NODES)], { maxBuffer: 1 << 30 }));
  return { file, report: score(file), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const LOADED = /Loaded generated layered model, 100000 nodes: 100,000 nodes/;

/**
 * While the model is read (the progress line shows), the page answers: the theme toggle flips the
 * theme at once. Then the overview shows the CLI's KPIs, and switching an initiative off in the
 * what-if view moves the KPI strip's delta.
 */
export async function largeModelLoadsOffTheMainThread(s, env) {
  const { file, report } = env();
  await s.waitForKpis();
  const theme = await s.page.evaluate(() => document.querySelector(".ag-root").dataset.theme);
  await s.setFiles("input#import-file", file);
  await s.waitFor("#load-progress:not([hidden])", 30_000);
  await s.click("#theme-toggle");
  const answered = await s.page.evaluate(() => ({
    theme: document.querySelector(".ag-root").dataset.theme,
    loading: !document.querySelector("#load-progress").hidden,
    progress: document.querySelector("#load-progress").textContent,
  }));
  assert.notEqual(answered.theme, theme, "the click was answered");
  assert.equal(answered.loading, true, `...while the model was still being read (${answered.progress})`);
  assert.match(answered.progress, /Opening generated-100k\.json: .*step \d of 4/);
  await s.waitForText("#status", LOADED, 180_000);
  assert.equal(await s.page.evaluate(() => document.querySelector("#load-progress").hidden), true, "the progress line goes away");
  assert.deepEqual(await s.kpiValues(), expectedKpiTexts(report), "the overview shows the CLI's KPIs");

  await s.openView("whatif");
  const box = "#view-whatif input[type=checkbox][data-initiative]:checked";
  await s.waitFor(box, 60_000);
  await s.click(box);
  await s.driver.waitForFunction(() => [...document.querySelectorAll("#view-whatif .kpi-delta")].some((d) => d.textContent.trim() !== ""), null, 120_000);
  await s.waitForText("#status", /^Switched off /, 120_000);
  await s.screenshot("page-scale-whatif");
}

/**
 * Cancel stops reading a large model: the model shown stays, and the page says so. The 60 MB file is
 * read whole (JSON models are streamed above 128 MiB).
 */
export async function cancelKeepsTheModel(s, env) {
  const { file } = env();
  await s.waitForKpis();
  const name = await s.text("#model-name");
  const before = await s.kpiValues();
  await s.setFiles("input#import-file", file);
  await s.waitFor("#load-progress:not([hidden]) #load-cancel:not([hidden])", 30_000);
  await s.click("#load-cancel");
  await s.waitForText("#status", /^Stopped opening generated-100k\.json; .* is still loaded\.$/, 30_000);
  assert.equal(await s.text("#model-name"), name);
  assert.deepEqual(await s.kpiValues(), before);
  assert.equal(await s.page.evaluate(() => document.querySelector("#load-progress").hidden), true);
}
