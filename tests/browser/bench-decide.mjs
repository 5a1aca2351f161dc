#!/usr/bin/env node
// The decision views at scale (not a test): imports a generated model (aligngraph generate --nodes N)
// into the single file (dist/aligngraph.html, file://) in headless Chromium through #import-file, then
// opens Budget, Roadmap and Priorities and times, from the click on the view's tab, until the
// portfolio (and then the frontier), the Gantt bars and the ranked table show. Long tasks of the
// page's main thread are recorded with PerformanceObserver('longtask') while each view opens. Each
// view is timed once the engine's worker has finished what the views before it asked.
//
//   node tests/browser/bench-decide.mjs [--sizes 20000,100000]

import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { BIN, fileUrl, launchChromium, requireBuilt, SINGLE, tempDir } from "./helpers.mjs";

function parseArgs(argv) {
  const o = { sizes: [20000, 100000] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--sizes") o.sizes = argv[++i].split(",").map(Number);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!o.sizes.every((n) => Number.isInteger(n) && n > 0)) throw new Error("--sizes needs positive integers");
  return o;
}

const LONG = () => {
  globalThis.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) globalThis.__longTasks.push(e.duration);
  }).observe({ type: "longtask", buffered: true });
};

async function timed(page, view, selectors) {
  // The engine's worker answers in order: a cheap call answered means the work of the views shown
  // before (the graph's layout after an import, ...) is done, and the time is this view's alone.
  await page.evaluate(() => window.aligngraph?.engine?.run?.("decisionFields", []));
  await page.evaluate(() => (globalThis.__longTasks.length = 0));
  const t0 = Date.now();
  await page.click(`nav[aria-label="Views"] button[data-view="${view}"]`);
  const out = {};
  for (const [name, sel] of Object.entries(selectors)) {
    await page.waitForSelector(sel, { timeout: 300_000, state: "attached" });
    out[name] = Date.now() - t0;
  }
  // Let the view settle (the frontier may still be computing), then read the long tasks.
  await page.waitForTimeout(300);
  out.longestTask = await page.evaluate(() => Math.max(0, ...globalThis.__longTasks));
  return out;
}

async function one(browser, n) {
  const dir = tempDir("bench-decide");
  const file = path.join(dir, `generated-${n}.json`);
  execFileSync("sh", ["-c", `"${BIN}" generate --nodes ${n} > "${file}"`]);
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  try {
    await context.addInitScript(LONG);
    const page = await context.newPage();
    await page.goto(fileUrl(SINGLE), { waitUntil: "load" });
    await page.waitForSelector("#view-overview .kpi", { timeout: 60_000 }).catch(() => {});
    const t0 = Date.now();
    await page.setInputFiles("input#import-file", file);
    await page.waitForFunction((n) => document.querySelector("#model-name")?.textContent.includes(`${n} nodes`), n, { timeout: 300_000 });
    const imported = Date.now() - t0;
    const budget = await timed(page, "budget", { portfolio: '#budget-summary [data-figure="optimal"]', frontier: "#budget-frontier circle.frontier-point" });
    const roadmap = await timed(page, "roadmap", { bars: "#roadmap-svg g.gantt-row" });
    const priorities = await timed(page, "priorities", { table: "#priorities-table tbody tr[data-id]" });
    const gap = await page.evaluate(() => document.querySelector('#budget-summary [data-figure="optimal"] dd')?.textContent);
    return { n, imported, budget, roadmap, priorities, gap };
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  requireBuilt({ single: true, browser: "chromium" });
  const b = await launchChromium();
  const rows = [];
  try {
    for (const n of o.sizes) rows.push(await one(b.browser, n));
  } finally {
    await b.close();
  }
  console.log("Decision views in the page (single file, file://, headless Chromium), ms from the tab's click");
  console.log("nodes    | import | Budget portfolio | Budget frontier | longest task | Roadmap bars | longest task | Priorities table | longest task");
  for (const r of rows) {
    console.log(
      [r.n, r.imported, r.budget.portfolio, r.budget.frontier, r.budget.longestTask, r.roadmap.bars, r.roadmap.longestTask, r.priorities.table, r.priorities.longestTask]
        .map((x) => String(Math.round(x)).padStart(6))
        .join(" | "),
    );
    console.log(`  Budget: ${r.gap}`);
  }
}

main().catch((e) => {
  console.error(`[bench] error: ${e.message}`);
  process.exit(1);
});
