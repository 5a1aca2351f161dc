#!/usr/bin/env node
// Frame-time benchmark of the strategy graph (not a test): opens the single file
// (dist/aligngraph.html from file://) in headless Chromium, imports a generated model of each size
// through the page's import input, opens the graph and pans it with mouse drags, one mouse move per
// animation frame, measuring the time between animation frames (median and 95th percentile).
//
//   node tests/browser/bench-graph.mjs [--nodes 10000,100000] [--frames N] [--json]
//
// Per size, two pans: the whole graph (the chart fitted, every node or group on screen) and zoomed in
// (the + button twice). Columns:
//   frame median / p95   time between requestAnimationFrame callbacks during the drag (ms)
//   full frames          how many frames the renderer drew in full (the others moved the last
//                        full picture as a bitmap, which the renderer does only while full frames are
//                        slower than 28 ms)
//   draw median / p95    script time of the renderer's full frames (ms, canvas[data-frame-ms])
//   drawn                what the chart drew when the pan started: nodes, or groups when the model is
//                        aggregated (the pan moves the picture up to a quarter of the frames x 12 px)

import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { BIN, fileUrl, launchChromium, requireBuilt, SINGLE, tempDir, TIMEOUT, VIEWPORT } from "./helpers.mjs";

function parseArgs(argv) {
  const o = { nodes: [10000, 100000], frames: 120, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--nodes") o.nodes = argv[++i].split(",").map(Number);
    else if (a === "--frames") o.frames = Number(argv[++i]);
    else if (a === "--json") o.json = true;
    else if (a === "--help" || a === "-h") {
      console.log("usage: node tests/browser/bench-graph.mjs [--nodes 10000,100000] [--frames N] [--json]");
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!o.nodes.every((n) => Number.isInteger(n) && n > 0)) throw new Error("--nodes needs positive integers");
  if (!Number.isInteger(o.frames) || o.frames < 10) throw new Error("--frames needs an integer of at least 10");
  return o;
}

const quantile = (xs, q) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const ms = (x) => (Number.isFinite(x) ? x.toFixed(1) : "–");

/**
 * In the page: drags the chart for `frames` animation frames (a mouse move per frame, back and forth)
 * and returns the frame intervals and the renderer's full-frame times.
 */
async function pan(page, frames) {
  return page.evaluate(async (frames) => {
    const canvas = document.querySelector("#view-graph canvas#graph-canvas");
    const nextFrame = () => new Promise((r) => requestAnimationFrame(r));
    const r = canvas.getBoundingClientRect();
    let x = r.left + r.width / 2;
    let y = r.top + r.height / 2;
    const ev = (type, target) => target.dispatchEvent(new MouseEvent(type, { clientX: x, clientY: y, bubbles: true, cancelable: true, view: window, button: 0, buttons: type === "mouseup" ? 0 : 1 }));
    await nextFrame();
    await nextFrame();
    const drawn = canvas.dataset.drawn || "";
    ev("mousedown", canvas);
    const full = Number(canvas.dataset.fullFrames || 0);
    const draws = [];
    let lastFull = full;
    let last = await nextFrame();
    const deltas = [];
    for (let f = 0; f < frames; f++) {
      // 12 px per frame: a quarter of the frames one way, half back, a quarter forth again
      const q = Math.floor((4 * f) / frames);
      const dir = q === 1 || q === 2 ? -1 : 1;
      x += 12 * dir;
      y += 4 * dir;
      ev("mousemove", window);
      const now = await nextFrame();
      deltas.push(now - last);
      last = now;
      const nf = Number(canvas.dataset.fullFrames || 0);
      if (nf !== lastFull) draws.push(Number(canvas.dataset.frameMs));
      lastFull = nf;
    }
    ev("mouseup", window);
    await nextFrame();
    return { deltas, draws, fullFrames: Number(canvas.dataset.fullFrames || 0) - full, drawn };
  }, frames);
}

async function measure(browser, file, n, frames) {
  const context = await browser.newContext({ locale: "en-US", timezoneId: "UTC", viewport: VIEWPORT, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(fileUrl(SINGLE), { waitUntil: "load" });
    await page.waitForFunction(() => document.querySelectorAll(".kpi .kpi-value").length > 0 && document.documentElement.dataset.ready === "true", null, { timeout: TIMEOUT });
    await page.setInputFiles("input#import-file", file);
    const count = n.toLocaleString("en");
    await page.waitForFunction((c) => document.querySelector("#status")?.textContent.includes(`${c} nodes`), count, { timeout: 120_000 });
    await page.click('nav[aria-label="Views"] button[data-view="graph"]');
    await page.waitForFunction(() => Number(document.querySelector("#view-graph canvas#graph-canvas")?.dataset.fullFrames) > 0, null, { timeout: 120_000 });
    const rows = [];
    const fit = await pan(page, frames);
    rows.push({ view: "whole graph", ...fit });
    await page.click("#view-graph .graph-zoom-in");
    await page.click("#view-graph .graph-zoom-in");
    await page.waitForTimeout(300);
    const zoomed = await pan(page, frames);
    rows.push({ view: "zoomed in (+ twice)", ...zoomed });
    if (errors.length) throw new Error(`page errors: ${errors.join(" | ")}`);
    return rows.map((r) => ({
      nodes: n,
      view: r.view,
      drawn: r.drawn,
      frameMedian: quantile(r.deltas, 0.5),
      frameP95: quantile(r.deltas, 0.95),
      fullFrames: r.fullFrames,
      frames: r.deltas.length,
      drawMedian: quantile(r.draws, 0.5),
      drawP95: quantile(r.draws, 0.95),
    }));
  } finally {
    await context.close();
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  requireBuilt({ single: true, browser: "chromium" });
  const dir = tempDir("bench-graph");
  const b = await launchChromium();
  const results = [];
  try {
    for (const n of o.nodes) {
      const file = path.join(dir, `generated-${n}.json`);
      execFileSync(BIN, ["generate", "--nodes", String(n), "--seed", "1", "-o", file]);
      results.push(...(await measure(b.browser, file, n, o.frames)));
    }
  } finally {
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (o.json) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  console.log(`strategy graph: panning in headless Chromium (${VIEWPORT.width}x${VIEWPORT.height}, single file, ${o.frames} frames per pan)\n`);
  console.log("| model | view | drawn | frame median (ms) | frame p95 (ms) | full frames | draw median (ms) | draw p95 (ms) |");
  console.log("|---:|---|---|---:|---:|---:|---:|---:|");
  for (const r of results) {
    console.log(
      `| ${r.nodes.toLocaleString("en")} nodes | ${r.view} | ${r.drawn} | **${ms(r.frameMedian)}** | **${ms(r.frameP95)}** | ${r.fullFrames} of ${r.frames} | ${ms(r.drawMedian)} | ${ms(r.drawP95)} |`,
    );
  }
}

main().catch((e) => {
  console.error(`[bench] error: ${e.message}`);
  process.exit(1);
});
