// One implementation on one model in this Node process (for its peak memory), for
// benches/side-by-side.mjs:
//   node benches/js/node-run.mjs --impl wasm|typed|graphology --model FILE [--runs N]
// Prints one JSON line per step and a last line with `peak_mb` (process.resourceUsage().maxRSS).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runPhases, wasmImpl } from "./driver.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? dflt : process.argv[i + 1];
};
const which = arg("--impl");
const model = arg("--model");
const runs = Number(arg("--runs", "5"));
if (!model || !["wasm", "typed", "graphology"].includes(which) || !(runs > 0)) {
  console.error("usage: node benches/js/node-run.mjs --impl wasm|typed|graphology --model FILE [--runs N]");
  process.exit(2);
}

let impl;
let wasm = null;
if (which === "wasm") {
  // ALIGNGRAPH_PKG: another build of pkg/, e.g. one that keeps function names for a profile.
  const pkg = process.env.ALIGNGRAPH_PKG ? path.resolve(process.env.ALIGNGRAPH_PKG) : path.join(root, "pkg");
  const mod = await import(path.join(pkg, "aligngraph.js"));
  wasm = await mod.default({ module_or_path: readFileSync(path.join(pkg, "aligngraph_bg.wasm")) });
  impl = wasmImpl(mod.BenchPhases);
} else if (which === "typed") {
  impl = new (await import("./typed.mjs")).TypedPhases();
} else {
  impl = new (await import("./graphology.mjs")).GraphologyPhases();
}
// The file's bytes, read before timing starts (every implementation starts from them).
const bytes = new Uint8Array(readFileSync(model));
const out = runPhases(impl, bytes, runs);
for (const r of out.results) console.log(JSON.stringify(r));
const last = { toggle_id: out.toggle_id, peak_mb: process.resourceUsage().maxRSS / 1024 };
if (wasm) last.wasm_memory_mb = wasm.memory.buffer.byteLength / 2 ** 20;
console.log(JSON.stringify(last));
