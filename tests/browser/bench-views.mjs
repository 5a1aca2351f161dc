#!/usr/bin/env node
// Every view of a large model (not a test): the single file from file:// in headless Chromium imports
// a generated model through its file input, waits until the page is idle, then opens each view
// through its tab, one after the other, and records the main-thread tasks over 50 ms
// (PerformanceObserver "longtask": the page is frozen that long) in the 4 s after each click. Written
// to target/bench/views.json and printed as a table.
//
//   node tests/browser/bench-views.mjs [--nodes 100000] [--runs 2]

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generatedModel, launchChromium, openSingleFile, requireBuilt, ROOT } from "./helpers.mjs";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? dflt : process.argv[i + 1];
};
const nodes = Number(arg("--nodes", "100000"));
const runs = Number(arg("--runs", "2"));
if (!(nodes > 0) || !(runs > 0)) {
  console.error("usage: node tests/browser/bench-views.mjs [--nodes N] [--runs N]");
  process.exit(2);
}
const SETTLE_MS = 8000;
const AFTER_CLICK_MS = 4000;


async function once(browser, file) {
  const { context, page } = await openSingleFile(browser);
  try {
    await page.setInputFiles("#import-file", file);
    const count = nodes.toLocaleString("en");
    await page.waitForFunction((c) => (document.querySelector("#status")?.textContent ?? "").includes(`${c} nodes`), count, { timeout: 600_000 });
    await page.waitForTimeout(SETTLE_MS);
    const views = await page.evaluate(() => [...document.querySelectorAll('nav[aria-label="Views"] button[data-view]')].map((b) => b.dataset.view));
    const out = {};
    for (const view of views) {
      await page.evaluate(() => (window.__agLong.length = 0));
      await page.evaluate((v) => document.querySelector(`nav[aria-label="Views"] button[data-view="${v}"]`).click(), view);
      await page.waitForTimeout(AFTER_CLICK_MS);
      out[view] = await page.evaluate(() => window.__agLong.map(Math.round));
    }
    return out;
  } finally {
    await context.close();
  }
}

requireBuilt({ single: true, browser: "chromium" });
const file = generatedModel(nodes);
const b = await launchChromium();
const all = [];
try {
  for (let i = 0; i < runs; i++) all.push(await once(b.browser, file));
} finally {
  await b.close();
}
const views = Object.keys(all[0]);
const rows = views.map((view) => ({
  view,
  longest_task_ms: all.map((r) => Math.max(0, ...(r[view] ?? []))),
  tasks_over_50_ms: all.map((r) => r[view] ?? []),
}));
const out = path.join(ROOT, "target/bench/views.json");
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ browser: "chromium", file: "dist/aligngraph.html", nodes, runs, rows }, null, 2)}\n`);
console.log(`Each view opened on the generated ${nodes.toLocaleString("en")}-node model (single file, file://, headless Chromium): main-thread tasks over 50 ms in the ${AFTER_CLICK_MS / 1000} s after the tab's click, each run`);
console.log("| view | longest task (ms) | tasks over 50 ms |");
console.log("|---|---:|---|");
for (const r of rows) console.log(`| ${r.view} | ${r.longest_task_ms.join(" / ")} | ${r.tasks_over_50_ms.map((t) => t.join(", ") || "none").join(" / ")} |`);
console.log(`\n${runs} runs; written to ${path.relative(ROOT, out)}`);
