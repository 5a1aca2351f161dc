#!/usr/bin/env node
// Monte Carlo benchmark of the page (not a test): opens the single file (dist/aligngraph.html) from
// file:// in headless Chromium with the demo portfolio, and times the Simulation view running
// 10,000 runs (seed 1, beta-PERT) in its Web Worker, from the click on Run to the result on screen
// (the page's own measure, worker start and model hand-over included). One warm-up run, then N.
//
//   node tests/browser/bench-simulation.mjs [--runs N] [--sims RUNS]

import { fileUrl, launchChromium, requireBuilt, SINGLE, TIMEOUT } from "./helpers.mjs";

function parseArgs(argv) {
  const o = { runs: 5, sims: 10000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--runs" || a === "-n") o.runs = Number(argv[++i]);
    else if (a === "--sims") o.sims = Number(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error("--runs needs a positive integer");
  if (!Number.isInteger(o.sims) || o.sims < 1) throw new Error("--sims needs a positive integer");
  return o;
}

async function once(page, sims) {
  await page.fill("#sim-runs", String(sims));
  await page.fill("#sim-seed", "1");
  await page.click("#sim-run");
  await page.waitForFunction(() => document.querySelector("#sim-state")?.dataset.state === "done", null, { timeout: TIMEOUT });
  return page.evaluate(() => window.aligngraph.lastSimulation.ms);
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  requireBuilt({ single: true, browser: "chromium" });
  const b = await launchChromium();
  const times = [];
  try {
    const context = await b.browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto(fileUrl(SINGLE), { waitUntil: "load" });
    await page.click('nav[aria-label="Views"] button[data-view="simulation"]');
    await page.waitForSelector("#sim-run", { timeout: TIMEOUT });
    await once(page, o.sims); // warm-up
    for (let i = 0; i < o.runs; i++) {
      // Each run must finish before the next starts: wait for Run to be available again.
      await page.waitForFunction(() => !document.querySelector("#sim-run").disabled, null, { timeout: TIMEOUT });
      times.push(await once(page, o.sims));
    }
    await context.close();
  } finally {
    await b.close();
  }
  const sorted = [...times].sort((x, y) => x - y);
  const median = sorted.length % 2 ? sorted[sorted.length >> 1] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  console.log(`Monte Carlo in the page (single file, file://, headless Chromium, Web Worker): ${o.sims.toLocaleString("en")} runs of the demo, ${o.runs} times after a warm-up`);
  console.log(`runs (ms): ${times.map((t) => t.toFixed(0)).join(", ")}`);
  console.log(`median ${median.toFixed(0)} ms, min ${sorted[0].toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms (target under 1,000 ms)`);
}

main().catch((e) => {
  console.error(`[bench] error: ${e.message}`);
  process.exit(1);
});
