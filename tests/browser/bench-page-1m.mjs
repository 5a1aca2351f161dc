#!/usr/bin/env node
// A model of 1,000,000 nodes and 5,000,000 edges in one tab (not a test): the single file from
// file:// in headless Chromium imports the generated model (`aligngraph generate --nodes 1000000
// --edges-per-node 5 --seed 1`, 606 MB (578 MiB) of JSON) through its file input. The engine's worker
// reads it in 8 MiB slices (docs/page.md, "Large models"). Reported: import until the overview shows
// the model's KPIs, the worker's own times (reading and building the model, the full score), the
// longest main-thread task, the Wasm memory (after reading the model, and after scoring it), the
// page's JS heap, and the renderer process's memory from /proc (the worker runs in the renderer
// process): its private memory (RssAnon + VmSwap, what Chrome's task manager shows as a tab's memory
// footprint on Linux), and its resident memory (VmRSS now, VmHWM its peak; both also count the
// pages of the Chromium binary the process has touched, shared with every other process). The file is picked `--pick-after` ms (default 2000)
// after the page shows its KPIs, as a person finds a file; meanwhile the page readies a spare engine
// worker (docs/page.md, "Large models"). `--pick-after 0` picks it the moment they show. The
// renderer's memory is read again `--settle` ms (default 15000) after the overview, the page left
// idle and nothing collected by force: what the tab holds once the garbage of the import is gone.
// Written to target/bench/page-1m.json.
//
//   node tests/browser/bench-page-1m.mjs [--nodes 1000000] [--edges-per-node 5] [--file model.json] [--pick-after 2000] [--settle 15000]

import { execFileSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BIN, fileUrl, launchChromium, requireBuilt, ROOT, SINGLE, tempDir } from "./helpers.mjs";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? dflt : process.argv[i + 1];
};
const nodes = Number(arg("--nodes", "1000000"));
const perNode = Number(arg("--edges-per-node", "5"));
const given = arg("--file", null);
const pickAfter = Number(arg("--pick-after", "2000"));
const settle = Number(arg("--settle", "15000"));
for (const [name, v] of [["--pick-after", pickAfter], ["--settle", settle]]) {
  if (!(v >= 0)) {
    console.error(`${name} must be a number of milliseconds (0 or more)`);
    process.exit(2);
  }
}

/** VmRSS, VmHWM and the private memory (RssAnon + VmSwap) of a process, in MiB. */
function memory(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (k) => Number(s.match(new RegExp(`^${k}:\\s+(\\d+) kB`, "m"))?.[1] ?? NaN) / 1024;
    return { rss: kb("VmRSS"), hwm: kb("VmHWM"), private: kb("RssAnon") + (kb("VmSwap") || 0) };
  } catch {
    return null;
  }
}

requireBuilt({ single: true, browser: "chromium" });
const dir = tempDir("bench-page-1m");
let file = given;
if (!file) {
  file = path.join(dir, `generated-${nodes}.json`);
  const fd = openSync(file, "w");
  execFileSync(BIN, ["generate", "--nodes", String(nodes), "--edges-per-node", String(perNode), "--seed", "1"], { stdio: ["ignore", fd, "inherit"] });
  closeSync(fd);
}
const bytes = statSync(file).size;
const b = await launchChromium();
let row = null;
try {
  const context = await b.browser.newContext({ viewport: { width: 1280, height: 860 } });
  await context.addInitScript(() => {
    window.__agLong = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__agLong.push(e.duration);
    }).observe({ type: "longtask", buffered: true });
  });
  const page = await context.newPage();
  await page.goto(fileUrl(SINGLE));
  await page.waitForFunction(() => document.documentElement.dataset.ready === "true", null, { timeout: 60_000 });
  await page.waitForTimeout(pickAfter);
  await page.evaluate(() => (window.__agLong = []));
  const renderersNow = async () => {
    const cdp = await b.browser.newBrowserCDPSession();
    const { processInfo } = await cdp.send("SystemInfo.getProcessInfo");
    await cdp.detach();
    return processInfo.filter((p) => p.type === "renderer").map((p) => ({ pid: p.id, ...memory(p.id) })).filter((m) => m.rss != null);
  };
  const before = await renderersNow();
  const count = nodes.toLocaleString("en");
  const t0 = Date.now();
  await page.setInputFiles("#import-file", file);
  await page
    .waitForFunction(
      (c) => (document.querySelector("#status")?.textContent ?? "").includes(`${c} nodes`) && document.querySelector('.kpi[data-kpi="alignment_index"] .kpi-value')?.textContent,
      count,
      { timeout: 600_000, polling: 50 },
    )
    .catch(async (e) => {
      // What the page shows when the overview never came: its status line and any error.
      const shown = await page.evaluate(() => ({
        status: document.querySelector("#status")?.textContent ?? "",
        error: document.querySelector("[role=alert]")?.textContent ?? "",
      }));
      throw new Error(`no overview after 10 minutes; the page shows ${JSON.stringify(shown)}: ${e.message}`);
    });
  const importMs = Date.now() - t0;
  const status = await page.evaluate(() => document.querySelector("#status")?.textContent ?? "");
  const longest = await page.evaluate(() => Math.max(0, ...window.__agLong));
  let profile = null;
  for (const w of page.workers()) {
    const p = await w.evaluate(() => self.aligngraphProfile ?? null).catch(() => null);
    if (p?.op === "importFiles") profile = p;
  }
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  const metrics = await cdp.send("Performance.getMetrics");
  const heap = metrics.metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? NaN;
  const renderers = await renderersNow();
  const top = renderers.sort((x, y) => y.hwm - x.hwm)[0] ?? { rss: NaN, hwm: NaN };
  const idle = before.find((r) => r.pid === top.pid) ?? { rss: NaN, private: NaN };
  await page.waitForTimeout(settle);
  const settled = (await renderersNow()).find((r) => r.pid === top.pid) ?? { rss: NaN, private: NaN };
  row = {
    nodes,
    edges_per_node: perNode,
    file_mb: bytes / 1e6,
    picked_after_ms: pickAfter,
    status,
    import_to_overview_ms: importMs,
    worker_read_ms: profile?.readMs ?? null,
    worker_build_ms: profile?.buildMs ?? null,
    worker_score_ms: profile?.scoreMs ?? null,
    worker_import_op_ms: profile?.ms ?? null,
    longest_main_thread_task_ms: longest,
    wasm_memory_after_read_mib: profile?.loadedWasmBytes != null ? profile.loadedWasmBytes / 2 ** 20 : null,
    wasm_memory_mib: profile?.wasmBytes != null ? profile.wasmBytes / 2 ** 20 : null,
    page_js_heap_mib: heap / 2 ** 20,
    renderer_private_before_import_mib: idle.private,
    renderer_private_mib: top.private,
    renderer_before_import_mib: idle.rss,
    renderer_rss_mib: top.rss,
    renderer_peak_mib: top.hwm,
    settled_after_ms: settle,
    renderer_private_settled_mib: settled.private,
    renderer_rss_settled_mib: settled.rss,
  };
  await context.close();
} finally {
  await b.close();
  rmSync(dir, { recursive: true, force: true });
}
const out = path.join(ROOT, "target/bench/page-1m.json");
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ browser: "chromium", file: "dist/aligngraph.html", row }, null, 2)}\n`);
const f = (x, d = 0) => (x == null || Number.isNaN(x) ? "n/a" : Number(x).toFixed(d));
console.log(`${count(nodes)} nodes, ${perNode} edges per node, ${f(row.file_mb)} MB of JSON: ${row.status}`);
console.log("| import to overview (ms) | worker: read (ms) | build (ms) | full score (ms) | longest main-thread task (ms) | Wasm memory after reading (MiB) | Wasm memory (MiB) | page JS heap (MiB) | renderer private before import (MiB) | renderer private (MiB) | renderer RSS before import (MiB) | renderer RSS (MiB) | renderer peak RSS (MiB) | renderer private, settled (MiB) | renderer RSS, settled (MiB) |");
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
console.log(`| ${f(row.import_to_overview_ms)} | ${f(row.worker_read_ms)} | ${f(row.worker_build_ms)} | ${f(row.worker_score_ms)} | ${f(row.longest_main_thread_task_ms)} | ${f(row.wasm_memory_after_read_mib)} | ${f(row.wasm_memory_mib)} | ${f(row.page_js_heap_mib)} | ${f(row.renderer_private_before_import_mib)} | ${f(row.renderer_private_mib)} | ${f(row.renderer_before_import_mib)} | ${f(row.renderer_rss_mib)} | ${f(row.renderer_peak_mib)} | ${f(row.renderer_private_settled_mib)} | ${f(row.renderer_rss_settled_mib)} |`);
console.log(`\nheadless Chromium, the single file from file://, the file picked ${pickAfter} ms after the KPIs showed, settled ${settle} ms after; written to ${path.relative(ROOT, out)}`);

function count(n) {
  return n.toLocaleString("en");
}
