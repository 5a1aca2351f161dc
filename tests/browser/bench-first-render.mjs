#!/usr/bin/env node
// First-render benchmark of the single file (not a test): opens dist/aligngraph.html from file://
// in headless Chromium N times, each in a fresh context (no storage, no cache), and reports the
// time from navigation start to the moment the KPI tiles show values, plus the file's size.
//
//   node tests/browser/bench-first-render.mjs [--runs N] [--file PATH] [--json]
//
// Measured in the page, on the page's clock (performance.now(), 0 = navigation start):
//   kpis      the first moment every .kpi .kpi-value has text (a MutationObserver installed
//             before the page's scripts run, so this is the time a person sees numbers)
//   mark      performance.mark("aligngraph:first-render") if the page sets one
//   dcl/load  DOMContentLoaded and load event ends (navigation timing)
//   app       the page's own timings (window.aligngraph.timings: Wasm ready, first render), counted
//             from the start of its module, i.e. after the HTML (and base64) has been parsed
// A warm-up run (not counted) comes first so the numbers do not include the browser's start, and
// each run is followed by a pause of 1.5 s, so that the closed page's process does not share the
// machine with the next run's start.

import { statSync } from "node:fs";
import path from "node:path";
import { fileUrl, KPI_NAMES, launchChromium, requireBuilt, SINGLE, TIMEOUT } from "./helpers.mjs";

function parseArgs(argv) {
  const o = { runs: 10, file: SINGLE, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--runs" || a === "-n") o.runs = Number(argv[++i]);
    else if (a === "--file") o.file = path.resolve(argv[++i]);
    else if (a === "--json") o.json = true;
    else if (a === "--help" || a === "-h") {
      console.log("usage: node tests/browser/bench-first-render.mjs [--runs N] [--file PATH] [--json]");
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error("--runs needs a positive integer");
  return o;
}

// Installed before the page's own scripts: records when all KPI values first have text.
const OBSERVER = `(() => {
  const names = ${JSON.stringify(KPI_NAMES)};
  const done = () => names.every((n) => {
    const v = document.querySelector('.kpi[data-kpi="' + n + '"] .kpi-value');
    return v && v.textContent.trim() !== "";
  });
  const start = () => {
    const mo = new MutationObserver(() => {
      if (window.__agFirstKpis == null && done()) {
        window.__agFirstKpis = performance.now();
        mo.disconnect();
      }
    });
    mo.observe(document, { childList: true, subtree: true, characterData: true });
  };
  if (document.documentElement) start(); else document.addEventListener("readystatechange", start, { once: true });
})();`;

/** The pause after each run (ms). */
const SETTLE_MS = 1500;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => (x == null || Number.isNaN(x) ? "–" : x.toFixed(1));

async function measureOnce(browser, url) {
  const context = await browser.newContext({ locale: "en-US", timezoneId: "UTC", viewport: { width: 1280, height: 860 } });
  try {
    await context.addInitScript(OBSERVER);
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(url, { waitUntil: "load" });
    await page.waitForFunction(() => window.__agFirstKpis != null, null, { timeout: TIMEOUT });
    const r = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      const mark = performance.getEntriesByName("aligngraph:first-render")[0];
      return {
        kpis: window.__agFirstKpis,
        mark: mark ? mark.startTime : null,
        dcl: nav?.domContentLoadedEventEnd ?? null,
        load: nav?.loadEventEnd ?? null,
        // The page's own timings (window.aligngraph.timings, from its module start), if exposed.
        wasm: window.aligngraph?.timings?.wasm ?? null,
        app: window.aligngraph?.timings?.firstRender ?? null,
      };
    });
    if (errors.length) throw new Error(`page errors: ${errors.join(" | ")}`);
    return r;
  } finally {
    await context.close();
    // the closed page's process winds down before the next run starts (on a small machine it would
    // otherwise share the CPU with the next page's start)
    await new Promise((r) => setTimeout(r, SETTLE_MS));
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.file === SINGLE) requireBuilt({ single: true, browser: "chromium" });
  const bytes = statSync(o.file).size;
  const url = fileUrl(o.file);
  const b = await launchChromium();
  const runs = [];
  try {
    await measureOnce(b.browser, url); // warm-up: browser start, disk cache of the binary
    for (let i = 0; i < o.runs; i++) runs.push(await measureOnce(b.browser, url));
  } finally {
    await b.close();
  }
  const col = (k) => runs.map((r) => r[k]).filter((x) => x != null);
  const stats = Object.fromEntries(
    ["kpis", "mark", "dcl", "load", "wasm", "app"].map((k) => {
      const xs = col(k);
      return [k, xs.length ? { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) } : null];
    }),
  );
  if (o.json) {
    console.log(JSON.stringify({ file: o.file, bytes, runs, stats }, null, 2));
    return;
  }
  console.log(`first render of ${path.relative(process.cwd(), o.file)} (file://, headless Chromium, ${o.runs} runs + 1 warm-up, fresh context each)`);
  console.log(`single file: ${bytes.toLocaleString("en")} bytes (${(bytes / 1024 / 1024).toFixed(2)} MiB)\n`);
  console.log(
    "| run | KPI tiles visible (ms) | page mark (ms) | DOMContentLoaded (ms) | load (ms) | app: Wasm ready (ms) | app: first render (ms) |",
  );
  console.log("|---:|---:|---:|---:|---:|---:|---:|");
  const line = (label, get, bold) =>
    console.log(
      `| ${label} | ${bold ? `**${ms(get("kpis"))}**` : ms(get("kpis"))} | ${["mark", "dcl", "load", "wasm", "app"].map((k) => ms(get(k))).join(" | ")} |`,
    );
  runs.forEach((r, i) => line(String(i + 1), (k) => r[k], false));
  const row = (name, key) => line(`**${name}**`, (k) => stats[k]?.[key], true);
  row("median", "median");
  row("min", "min");
  row("max", "max");
  if (!stats.mark) console.log('\n(the page sets no performance.mark("aligngraph:first-render"); the KPI column is measured from outside)');
}

main().catch((e) => {
  console.error(`[bench] error: ${e.message}`);
  process.exit(1);
});
