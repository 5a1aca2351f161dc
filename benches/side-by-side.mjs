// The side-by-side benchmark (docs/performance.md, "Side by side"): the same scoring steps (load,
// alignment, coverage, delivery risk, cycles, PageRank, what-if toggle; src/bench.rs) timed for
// the engine natively, in Wasm in Node, in Wasm in headless Chromium, and for two JavaScript
// baselines written for comparison only (benches/js/: graphology, plain typed arrays), on
// generated layered models. Every implementation runs in its own process per model size, so
// its peak memory is its own. Checksums must agree (relative 1e-9) or the run fails. The
// implementations take turns: `--rounds` rounds, each running every implementation once, so that
// other work on the machine slows all of them alike; a step's median is over all its runs.
//
//   node benches/side-by-side.mjs [--sizes 1000,100000,1000000] [--runs 5] [--rounds 3] [--warmup 1] [--seed 1]
//                                 [--impls native,wasm_node,wasm_chromium,typed_js,graphology]
//
// Needs: the release CLI (cargo build --release), pkg/ (bash scripts/build-wasm.sh), Chromium
// (/usr/bin/chromium or $CHROMIUM_BIN) and the npm packages graphology, graphology-dag,
// graphology-components and graphology-metrics. Writes target/bench/report.json and prints a
// table.
import { spawn } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PHASES } from "./js/driver.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TARGET = process.env.CARGO_TARGET_DIR ? path.resolve(process.env.CARGO_TARGET_DIR) : path.join(ROOT, "target");
const BIN = process.env.ALIGNGRAPH_BIN || path.join(TARGET, "release/aligngraph");
const CHROMIUM = process.env.CHROMIUM_BIN || "/usr/bin/chromium";
const OUT_DIR = path.join(ROOT, "target/bench");
const MODELS = path.join(OUT_DIR, "models");
const EDGES_PER_NODE = 5;
const TOLERANCE = 1e-9;
const IMPLS = ["native", "wasm_node", "wasm_chromium", "typed_js", "graphology"];
const IMPL_NAMES = {
  native: "native",
  wasm_node: "Wasm in Node",
  wasm_chromium: "Wasm in Chromium",
  typed_js: "JS typed arrays",
  graphology: "JS graphology",
};
// The targets of the 100k model (issue 12): Wasm in Chromium against the others.
const TARGETS = [
  ["graphology_over_wasm", ">=", 30],
  ["typed_js_over_wasm", ">=", 1.5],
  ["wasm_over_native", "<=", 1.3],
];

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? dflt : process.argv[i + 1];
};
const sizes = arg("--sizes", "1000,100000,1000000").split(",").map(Number);
const runs = Number(arg("--runs", "5"));
// Every implementation first runs the steps `warmup` times untimed (the same for all: the engines'
// and the JS baselines' code compiled by the browser or Node as it runs, the file in the page cache).
const warmup = Number(arg("--warmup", "1"));
const calls = runs + warmup;
const seed = Number(arg("--seed", "1"));
// Rounds of turns; models of a million nodes or more run one round (their runs take minutes).
const rounds = Number(arg("--rounds", "3"));
const roundsFor = (n) => (n >= 1e6 ? 1 : rounds);
const impls = arg("--impls", IMPLS.join(",")).split(",");
for (const i of impls) if (!IMPLS.includes(i)) fail(`--impls: unknown implementation "${i}"; expected ${IMPLS.join(", ")}`);
if (!sizes.every((n) => Number.isInteger(n) && n > 0)) fail("--sizes must be whole numbers above 0, e.g. 1000,100000");
if (!(Number.isInteger(runs) && runs > 0)) fail("--runs must be a whole number above 0");
if (!(Number.isInteger(warmup) && warmup >= 0)) fail("--warmup must be a whole number, 0 or more");
if (!(Number.isInteger(rounds) && rounds > 0)) fail("--rounds must be a whole number above 0");

function fail(message) {
  console.error(`side-by-side: ${message}`);
  process.exit(1);
}
const log = (m) => console.error(`[side-by-side] ${m}`);
const label = (n) => (n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n));

for (const [file, how] of [[BIN, "cargo build --release"], [path.join(ROOT, "pkg/aligngraph_bg.wasm"), "bash scripts/build-wasm.sh"]]) {
  if (!existsSync(file)) fail(`${file} is missing: run ${how}`);
}
if (impls.includes("wasm_chromium") && !existsSync(CHROMIUM)) fail(`${CHROMIUM} is missing (scripts/setup.sh installs Debian's chromium)`);

/** Runs a command; resolves with its stdout, or rejects with its stderr's tail. */
function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], ...opts });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => { out += d; });
    child.stderr.on("data", (d) => { err += d; });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) resolve(out);
      else {
        const tail = err.trim().split("\n").slice(-4).join(" / ");
        reject(new Error(`${path.basename(cmd)} ${signal ? `killed by ${signal}` : `exited with ${code}`}${tail ? `: ${tail}` : ""}`));
      }
    });
  });
}

const medianOf = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * The JSON lines of a phase runner: step results and the last line (peak memory), the warm-up runs
 * (the first `warmup` of each step's runs) left out of the runs and their median.
 */
function parseLines(out) {
  const lines = out.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
  const results = lines.filter((l) => l.phase);
  for (const r of results) {
    if (Array.isArray(r.runs_ms) && r.runs_ms.length > warmup) {
      r.runs_ms = r.runs_ms.slice(warmup);
      r.median_ms = medianOf(r.runs_ms);
    }
  }
  const last = lines.find((l) => "peak_mb" in l) ?? {};
  if (Array.isArray(last.read_runs_ms) && last.read_runs_ms.length > warmup) {
    const before = last.read_median_ms;
    last.read_runs_ms = last.read_runs_ms.slice(warmup);
    last.read_median_ms = medianOf(last.read_runs_ms);
    if (last.read_mb_per_s != null && before > 0) last.read_mb_per_s = Math.round((10 * last.read_mb_per_s * before) / last.read_median_ms) / 10;
  }
  return { results, last };
}

/**
 * One implementation's turns (rounds) as one result: each step's runs of every turn and their
 * median; the first error of a step; the largest peak memory. A checksum that differs between
 * turns is reported through `mismatch`.
 */
function mergeTurns(list, mismatch) {
  const results = [];
  for (const phase of PHASES) {
    const rs = list.map((t) => t.results.find((r) => r.phase === phase));
    if (rs.some((r) => !r)) {
      const failed = rs.find((r) => r?.error);
      if (failed) results.push(failed);
      break;
    }
    const failed = rs.find((r) => r.error);
    if (failed) {
      results.push(failed);
      break;
    }
    for (const r of rs.slice(1)) if (!Object.is(r.checksum, rs[0].checksum)) mismatch(`${phase}: checksum ${r.checksum} in a later round, ${rs[0].checksum} in the first`);
    const runsMs = rs.flatMap((r) => r.runs_ms ?? [r.median_ms]);
    results.push({ ...rs[0], runs_ms: runsMs, median_ms: medianOf(runsMs) });
  }
  const last = { ...(list[0]?.last ?? {}) };
  const peaks = list.map((t) => t.last?.peak_mb).filter((x) => x != null);
  if (peaks.length) last.peak_mb = Math.max(...peaks);
  const reads = list.flatMap((t) => t.last?.read_runs_ms ?? []);
  if (reads.length && last.read_median_ms > 0) {
    const before = last.read_median_ms;
    last.read_runs_ms = reads;
    last.read_median_ms = medianOf(reads);
    if (last.read_mb_per_s != null) last.read_mb_per_s = Math.round((10 * last.read_mb_per_s * before) / last.read_median_ms) / 10;
  }
  return { results, last };
}

async function model(n) {
  mkdirSync(MODELS, { recursive: true });
  const file = path.join(MODELS, `layered-${n}-e${EDGES_PER_NODE}-s${seed}.json`);
  if (!existsSync(file) || statSync(file).mtimeMs < statSync(BIN).mtimeMs) {
    log(`generating ${label(n)} nodes (seed ${seed})`);
    await run(BIN, ["generate", "--nodes", String(n), "--edges-per-node", String(EDGES_PER_NODE), "--seed", String(seed), "-o", file]);
  }
  return file;
}

async function native(file) {
  const out = await run("cargo", ["bench", "--quiet", "--bench", "phases", "--", "--model", file, "--runs", String(calls)]);
  return parseLines(out);
}

async function nodeRun(which, file) {
  const out = await run(process.execPath, ["--max-old-space-size=8192", path.join(ROOT, "benches/js/node-run.mjs"), "--impl", which, "--model", file, "--runs", String(calls)]);
  return parseLines(out);
}

/** A static server for the harness page, pkg/ and the model (127.0.0.1, a free port). */
function serve(file) {
  const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
  const allowed = ["/pkg/", "/benches/js/"];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    let p = url.pathname;
    if (p === "/favicon.ico") { res.writeHead(204).end(); return; }
    if (p === "/model") p = file;
    else if (allowed.some((a) => p.startsWith(a)) && !p.includes("..")) p = path.join(ROOT, p);
    else { res.writeHead(404).end(); return; }
    if (!existsSync(p)) { res.writeHead(404).end(); return; }
    res.writeHead(200, {
      "content-type": types[path.extname(p)] || "application/octet-stream",
      "content-length": statSync(p).size,
      // Cross-origin isolated, so performance.now() has 5 us resolution instead of 100 us.
      "cross-origin-opener-policy": "same-origin",
      "cross-origin-embedder-policy": "require-corp",
    });
    createReadStream(p).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Peak resident set (VmHWM) of a process, in MB, from /proc. */
function vmHwm(pid) {
  try {
    const m = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmHWM:\s+(\d+) kB/m);
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

async function chromium(file) {
  const { chromium: pw } = await import("playwright-core");
  const server = await serve(file);
  const browser = await pw.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-extensions", "--mute-audio"],
    timeout: 60_000,
  });
  try {
    const page = await browser.newPage();
    page.on("console", (m) => { if (m.type() === "error") log(`chromium: ${m.text()}`); });
    await page.goto(`http://127.0.0.1:${server.address().port}/benches/js/browser.html?runs=${calls}`);
    await page.waitForFunction(() => window.__bench, null, { timeout: 0, polling: 500 });
    const out = await page.evaluate(() => window.__bench);
    if (!out.isolated) log("chromium: the page is not cross-origin isolated; its clock has 100 us steps");
    // The renderer's peak resident set: the renderer processes' VmHWM (the largest), read
    // through the browser's process list before the browser closes.
    const cdp = await browser.newBrowserCDPSession();
    const { processInfo } = await cdp.send("SystemInfo.getProcessInfo");
    const renderers = processInfo.filter((p) => p.type === "renderer").map((p) => vmHwm(p.id)).filter((x) => x != null);
    const session = await page.context().newCDPSession(page);
    await session.send("Performance.enable");
    const metrics = await session.send("Performance.getMetrics").catch(() => ({ metrics: [] }));
    const heap = metrics.metrics.find((m) => m.name === "JSHeapUsedSize");
    return {
      results: out.results,
      last: {
        toggle_id: out.toggle_id,
        wasm_memory_mb: out.wasm_memory_mb ?? null,
        peak_mb: renderers.length ? Math.max(...renderers) : null,
        js_heap_used_mb: heap ? heap.value / 2 ** 20 : null,
      },
    };
  } finally {
    await browser.close();
    server.close();
  }
}

const runners = {
  native,
  wasm_node: (f) => nodeRun("wasm", f),
  wasm_chromium: chromium,
  typed_js: (f) => nodeRun("typed", f),
  graphology: (f) => nodeRun("graphology", f),
};

const entries = [];
const failures = [];
const mismatches = [];
const errors = [];
const started = Date.now();
// Other work on the machine slows every implementation; the report keeps the load average.
const loadAtStart = os.loadavg()[0];
for (const n of sizes) {
  const file = await model(n);
  const mb = statSync(file).size / 2 ** 20;
  log(`${label(n)}: ${path.relative(ROOT, file)} (${mb.toFixed(0)} MB)`);
  const turns = Object.fromEntries(impls.map((w) => [w, []]));
  for (let round = 1; round <= roundsFor(n); round += 1) {
    for (const which of impls) {
      log(`${label(n)}: ${IMPL_NAMES[which]}${roundsFor(n) > 1 ? ` (round ${round} of ${roundsFor(n)})` : ""}`);
      try {
        turns[which].push(await runners[which](file));
      } catch (e) {
        turns[which].push({ results: [{ phase: "load", error: e.message }], last: {} });
      }
    }
  }
  const byImpl = {};
  for (const which of impls) {
    const res = mergeTurns(turns[which], (m) => mismatches.push(`${label(n)} ${IMPL_NAMES[which]} ${m}`));
    byImpl[which] = res;
    for (const r of res.results) {
      const entry = { size: n, label: label(n), impl: which, phase: r.phase };
      if (r.error) {
        entry.error = r.error;
        errors.push(`${label(n)} ${IMPL_NAMES[which]} ${r.phase}: ${r.error}`);
        log(`  ${r.phase}: could not run: ${r.error}`);
      } else {
        Object.assign(entry, { median_ms: r.median_ms, runs_ms: r.runs_ms, checksum: r.checksum, peak_mb: res.last.peak_mb ?? null });
      }
      for (const k of ["js_heap_used_mb", "wasm_memory_mb"]) if (res.last[k] != null) entry[k] = res.last[k];
      // The JSON read alone (native only; benches/phases.rs), part of the load step.
      if (r.phase === "load") for (const k of ["read_median_ms", "read_runs_ms", "read_mb_per_s"]) if (res.last[k] != null) entry[k] = res.last[k];
      entries.push(entry);
    }
    for (const p of PHASES.slice(res.results.length)) {
      entries.push({ size: n, label: label(n), impl: which, phase: p, error: "not run: an earlier step failed" });
    }
  }
  // Checksums against the first implementation that computed each step.
  for (const phase of PHASES) {
    const got = impls.map((w) => [w, byImpl[w].results.find((r) => r.phase === phase && !r.error)]).filter(([, r]) => r);
    if (!got.length) continue;
    const [refImpl, ref] = got[0];
    for (const [w, r] of got.slice(1)) {
      const rel = Math.abs(r.checksum - ref.checksum) / Math.max(Math.abs(ref.checksum), 1e-300);
      if (!(rel <= TOLERANCE)) {
        mismatches.push(`${label(n)} ${phase}: ${IMPL_NAMES[w]} ${r.checksum} but ${IMPL_NAMES[refImpl]} ${ref.checksum} (relative ${rel.toExponential(2)})`);
      }
    }
  }
  const ids = new Set(impls.map((w) => byImpl[w].last.toggle_id).filter((x) => x != null));
  if (ids.size > 1) mismatches.push(`${label(n)} toggle: the implementations switched different initiatives: ${[...ids].join(", ")}`);
}

// Ratios: the sum of the step medians (all steps, and without load), one implementation over
// another; "wasm" is Wasm in Chromium.
const total = (n, which, withLoad) => {
  const es = entries.filter((e) => e.size === n && e.impl === which && (withLoad || e.phase !== "load"));
  if (es.length !== PHASES.length - (withLoad ? 0 : 1) || es.some((e) => e.error)) return null;
  return es.reduce((s, e) => s + e.median_ms, 0);
};
const ratio = (a, b) => (a != null && b != null && b > 0 ? Number((a / b).toFixed(3)) : null);
const ratios = {};
const ratiosByPhase = {};
for (const n of sizes) {
  for (const [key, withLoad] of [[label(n), true], [`${label(n)}_without_load`, false]]) {
    const t = (w) => total(n, w, withLoad);
    ratios[key] = {
      graphology_over_wasm: ratio(t("graphology"), t("wasm_chromium")),
      typed_js_over_wasm: ratio(t("typed_js"), t("wasm_chromium")),
      wasm_over_native: ratio(t("wasm_chromium"), t("native")),
      wasm_node_over_native: ratio(t("wasm_node"), t("native")),
    };
  }
  ratiosByPhase[label(n)] = {};
  for (const phase of PHASES) {
    const m = (w) => entries.find((e) => e.size === n && e.impl === w && e.phase === phase && !e.error)?.median_ms ?? null;
    ratiosByPhase[label(n)][phase] = {
      graphology_over_wasm: ratio(m("graphology"), m("wasm_chromium")),
      typed_js_over_wasm: ratio(m("typed_js"), m("wasm_chromium")),
      wasm_over_native: ratio(m("wasm_chromium"), m("native")),
    };
  }
}
const targets = {};
if (sizes.includes(100000)) {
  targets["100k"] = Object.fromEntries(TARGETS.map(([k, op, want]) => {
    const got = ratios["100k"][k];
    return [k, { want: `${op} ${want}`, got, met: got != null && (op === ">=" ? got >= want : got <= want) }];
  }));
}

// The baselines' package versions (found the way the baselines find them).
let pkgs = {};
{
  const { createRequire } = await import("node:module");
  const req = createRequire(path.join(ROOT, "benches/js/graphology.mjs"));
  for (const p of ["graphology", "graphology-metrics", "graphology-dag", "graphology-components"]) {
    try {
      let dir = path.dirname(req.resolve(p));
      while (!existsSync(path.join(dir, "package.json")) || JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).name !== p) {
        if (dir === path.dirname(dir)) throw new Error("no package.json");
        dir = path.dirname(dir);
      }
      pkgs[p] = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).version;
    } catch {
      pkgs[p] = null;
    }
  }
}
const report = {
  generated: new Date().toISOString(),
  command: `node benches/side-by-side.mjs --sizes ${sizes.join(",")} --runs ${runs} --rounds ${rounds} --warmup ${warmup} --seed ${seed} --impls ${impls.join(",")}`,
  machine: { load_average_1min_at_start: loadAtStart, load_average_1min_at_end: os.loadavg()[0], cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, platform: `${os.platform()} ${os.release()}` },
  models: sizes.map((n) => ({ size: n, label: label(n), nodes: n, edges_per_node: EDGES_PER_NODE, seed })),
  runs,
  rounds: Object.fromEntries(sizes.map((n) => [label(n), roundsFor(n)])),
  warmup,
  checksum_tolerance: TOLERANCE,
  packages: pkgs,
  entries,
  ratios,
  ratios_by_phase: ratiosByPhase,
  targets,
  checksum_mismatches: mismatches,
  errors,
  seconds: Math.round((Date.now() - started) / 1000),
};
mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(path.join(OUT_DIR, "report.json"), JSON.stringify(report, null, 2) + "\n");

// The table: median ms per step, the totals, peak memory; then the ratios.
const fmt = (x) => (x == null ? "-" : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
for (const n of sizes) {
  const turnsNote = roundsFor(n) > 1 ? `, in ${roundsFor(n)} rounds of turns` : "";
  console.log(`\n${label(n)} nodes (${EDGES_PER_NODE} edges per node, seed ${seed}): median ms of ${runs * roundsFor(n)} runs, each process after ${warmup} untimed${turnsNote}`);
  console.log(`| step | ${impls.map((w) => IMPL_NAMES[w]).join(" | ")} |`);
  console.log(`|---|${impls.map(() => "---:").join("|")}|`);
  const cell = (w, phase) => {
    const e = entries.find((x) => x.size === n && x.impl === w && x.phase === phase);
    return !e ? "-" : e.error ? "failed" : fmt(e.median_ms);
  };
  for (const phase of PHASES) console.log(`| ${phase} | ${impls.map((w) => cell(w, phase)).join(" | ")} |`);
  console.log(`| **total** | ${impls.map((w) => fmt(total(n, w, true))).join(" | ")} |`);
  console.log(`| total without load | ${impls.map((w) => fmt(total(n, w, false))).join(" | ")} |`);
  const peak = (w) => entries.find((x) => x.size === n && x.impl === w && x.peak_mb != null)?.peak_mb;
  console.log(`| peak MB | ${impls.map((w) => fmt(peak(w))).join(" | ")} |`);
  console.log(`ratios ${label(n)}: ${JSON.stringify(ratios[label(n)])}`);
  console.log(`ratios ${label(n)} without load: ${JSON.stringify(ratios[`${label(n)}_without_load`])}`);
}
for (const [size, t] of Object.entries(targets)) {
  for (const [k, v] of Object.entries(t)) console.log(`target ${size} ${k} ${v.want}: ${v.got ?? "-"} ${v.met ? "met" : "NOT met"}`);
}
for (const e of errors) console.log(`could not run: ${e}`);
console.log(`\nwritten: ${path.relative(ROOT, path.join(OUT_DIR, "report.json"))}`);
if (mismatches.length) {
  console.error(`\nside-by-side: CHECKSUMS DISAGREE (relative tolerance ${TOLERANCE}):\n  ${mismatches.join("\n  ")}`);
  process.exit(1);
}
// A baseline that cannot run a model is a finding (recorded above); the engine failing is a bug.
const engineErrors = entries.filter((e) => e.error && ["native", "wasm_node", "wasm_chromium"].includes(e.impl) && !e.error.startsWith("not run"));
if (engineErrors.length) {
  console.error(`\nside-by-side: THE ENGINE FAILED:\n  ${engineErrors.map((e) => `${e.label} ${IMPL_NAMES[e.impl]} ${e.phase}: ${e.error}`).join("\n  ")}`);
  process.exit(1);
}
