// The first score of a large model in the Wasm engine (pkg/, as the page's worker runs it), in Node:
// a fresh process reads the model file through a ModelStream in 8 MiB chunks, then times its first
// `Engine.score()`. "cold": nothing ran before; "readied": first a throwaway Engine scored the
// generated model the page's spare worker readies the engine on (www/app/warm-up.js, WARM_NODES),
// so the score's functions have been optimised. The two take turns, one process each run; medians.
//
//   node benches/first-score.mjs --file target/bench/models/layered-1000000-e5-s1.json [--runs 3]
import { execFileSync } from "node:child_process";
import { fstatSync, openSync, readFileSync, readSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? dflt : process.argv[i + 1];
};
const file = arg("--file", null);
const runs = Number(arg("--runs", "3"));
const mode = arg("--mode", null);
if (!file || !(runs > 0)) {
  console.error("usage: node benches/first-score.mjs --file MODEL.json [--runs 3]");
  process.exit(2);
}

if (mode) {
  // One measurement in this process.
  const mod = await import(path.join(root, "pkg/aligngraph.js"));
  await mod.default({ module_or_path: readFileSync(path.join(root, "pkg/aligngraph_bg.wasm")) });
  const { WARM_NODES } = await import(path.join(root, "www/app/warm-up.js"));
  let readyMs = 0;
  if (mode === "readied") {
    const t = performance.now();
    const e = new mod.Engine();
    e.loadGenerated(WARM_NODES, 5, 1);
    e.score([]);
    e.free();
    readyMs = performance.now() - t;
  }
  const fd = openSync(file, "r");
  const size = fstatSync(fd).size;
  const stream = new mod.ModelStream(path.basename(file), size);
  const buf = new Uint8Array(8 << 20);
  for (let at = 0; at < size; ) {
    const k = readSync(fd, buf, 0, buf.length, at);
    stream.push(buf.subarray(0, k));
    at += k;
  }
  const engine = new mod.Engine();
  engine.loadStream(stream);
  const t0 = performance.now();
  const report = engine.score([]);
  const scoreMs = performance.now() - t0;
  console.log(JSON.stringify({ mode, readyMs, scoreMs, nodes: engine.nodeCount, alignment: report.kpis.alignment_index }));
} else {
  const seen = { cold: [], readied: [] };
  const once = (m) => JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--file", file, "--mode", m], { encoding: "utf8" }));
  let nodes = 0;
  const alignment = new Set();
  for (let r = 0; r < runs; r++) {
    for (const m of ["cold", "readied"]) {
      const o = once(m);
      seen[m].push(o);
      nodes = o.nodes;
      alignment.add(o.alignment);
    }
  }
  if (alignment.size !== 1) throw new Error(`the runs disagree on the alignment index: ${[...alignment].join(", ")}`);
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  console.log(`first score of ${path.basename(file)} (${nodes.toLocaleString("en")} nodes) in Node, ${runs} runs each, taking turns`);
  console.log("| engine | first score (ms), each run | median | readying (ms) |");
  console.log("|---|---|---:|---:|");
  for (const m of ["cold", "readied"]) {
    const xs = seen[m].map((o) => o.scoreMs);
    console.log(`| ${m} | ${xs.map((x) => x.toFixed(0)).join(" / ")} | ${median(xs).toFixed(0)} | ${m === "readied" ? median(seen[m].map((o) => o.readyMs)).toFixed(0) : "-"} |`);
  }
}
