#!/usr/bin/env node
// Large models in the page (not a test): the single file from file:// in headless Chromium imports a
// generated model through its file input, then a what-if toggle, and reports for each size how long
// until the overview shows the new model's KPIs, how long the toggle takes to reach the KPI strip,
// the longest main-thread task in each (PerformanceObserver "longtask": the page freezes for that
// long), and the JS heap. Written to target/bench/page-scale.json and printed as a table.
//
//   node tests/browser/bench-page-scale.mjs [--sizes 20000,100000] [--runs 3]

import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BIN, launchChromium, openSingleFile, requireBuilt, ROOT, tempDir } from "./helpers.mjs";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? dflt : process.argv[i + 1];
};
const sizes = arg("--sizes", "20000,100000").split(",").map(Number);
const runs = Number(arg("--runs", "3"));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};


async function once(browser, file, nodes) {
  const { context, page } = await openSingleFile(browser);
  try {
    const count = nodes.toLocaleString("en");
    await page.evaluate(() => (window.__agLong = []));
    const t0 = Date.now();
    await page.setInputFiles("#import-file", file);
    await page.waitForFunction((c) => (document.querySelector("#status")?.textContent ?? "").includes(`${c} nodes`) && document.querySelector('.kpi[data-kpi="alignment_index"] .kpi-value')?.textContent, count, { timeout: 600_000, polling: 20 });
    const importMs = Date.now() - t0;
    const importLong = await page.evaluate(() => Math.max(0, ...window.__agLong));
    await page.click('nav[aria-label="Views"] button[data-view=whatif]');
    await page.waitForSelector("#view-whatif input[type=checkbox][data-initiative]:checked", { timeout: 120_000 });
    await page.waitForTimeout(300);
    await page.evaluate(() => (window.__agLong = []));
    const t1 = Date.now();
    await page.click("#view-whatif input[type=checkbox][data-initiative]:checked");
    await page.waitForFunction(() => /^Switched off /.test(document.querySelector("#status")?.textContent ?? ""), null, { timeout: 120_000, polling: 10 });
    const toggleMs = Date.now() - t1;
    const toggleLong = await page.evaluate(() => Math.max(0, ...window.__agLong));
    const heapMb = await page.evaluate(() => (performance.memory ? performance.memory.usedJSHeapSize / 2 ** 20 : NaN));
    return { importMs, importLong, toggleMs, toggleLong, heapMb };
  } finally {
    await context.close();
  }
}

requireBuilt({ single: true, browser: "chromium" });
const dir = tempDir("bench-page-scale");
const b = await launchChromium();
const rows = [];
try {
  for (const n of sizes) {
    const file = path.join(dir, `generated-${n}.json`);
    writeFileSync(file, execFileSync(BIN, ["generate", "--nodes", String(n)], { maxBuffer: 1 << 30 }));
    const xs = [];
    for (let i = 0; i < runs; i++) xs.push(await once(b.browser, file, n));
    const pick = (k) => median(xs.map((x) => x[k]));
    rows.push({ nodes: n, runs, import_ms: pick("importMs"), import_longest_task_ms: pick("importLong"), toggle_ms: pick("toggleMs"), toggle_longest_task_ms: pick("toggleLong"), heap_mb: pick("heapMb") });
  }
} finally {
  await b.close();
  rmSync(dir, { recursive: true, force: true });
}
const out = path.join(ROOT, "target/bench/page-scale.json");
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ browser: "chromium", file: "dist/aligngraph.html", rows }, null, 2)}\n`);
console.log("| nodes | import to KPIs (ms) | longest task (ms) | what-if toggle (ms) | longest task (ms) | JS heap (MiB) |");
console.log("|---:|---:|---:|---:|---:|---:|");
for (const r of rows) console.log(`| ${r.nodes.toLocaleString("en")} | ${r.import_ms.toFixed(0)} | ${r.import_longest_task_ms.toFixed(0)} | ${r.toggle_ms.toFixed(0)} | ${r.toggle_longest_task_ms.toFixed(0)} | ${r.heap_mb.toFixed(0)} |`);
console.log(`\nmedian of ${runs} runs, headless Chromium, the single file from file://; written to ${path.relative(ROOT, out)}`);
