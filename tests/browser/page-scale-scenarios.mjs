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
  await armClick(s, "#load-progress:not([hidden])", "#theme-toggle");
  await s.setFiles("input#import-file", file);
  await s.waitFor("#load-progress:not([hidden])", 30_000);
  const answered = await s.page.evaluate(() => window.__agClicked);
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
  await armClick(s, "#load-progress:not([hidden]) #load-cancel:not([hidden])", "#load-cancel");
  await s.setFiles("input#import-file", file);
  const clicked = await s.page.evaluate(() => window.__agClicked);
  assert.equal(clicked.loading, true, `Cancel was clicked while the model was read (${clicked.progress})`);
  await s.waitForText("#status", /^Stopped opening generated-100k\.json; .* is still loaded\.$/, 30_000);
  assert.equal(await s.text("#model-name"), name);
  assert.deepEqual(await s.kpiValues(), before);
  assert.equal(await s.page.evaluate(() => document.querySelector("#load-progress").hidden), true);
}

/**
 * Clicks `target` from inside the page the moment an element matching `shown` is there: a read of
 * the file that ends sooner than a click sent from the test arrives would otherwise leave nothing
 * to click. `window.__agClicked` then holds what the page showed right after the click: the theme,
 * whether the progress line still showed, and its text.
 */
async function armClick(s, shown, target) {
  await s.page.evaluate(
    ([shown, target]) => {
      window.__agClicked = new Promise((resolve) => {
        const tryClick = () => {
          if (!document.querySelector(shown)) return false;
          document.querySelector(target).click();
          const progress = document.querySelector("#load-progress");
          resolve({ theme: document.querySelector(".ag-root").dataset.theme, loading: !progress.hidden, progress: progress.textContent });
          return true;
        };
        if (tryClick()) return;
        const watch = new MutationObserver(() => tryClick() && watch.disconnect());
        watch.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      });
    },
    [shown, target],
  );
}
