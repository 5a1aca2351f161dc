// The functions with the most self time in a V8 CPU profile (node --cpu-prof, or Chromium's
// profiler), for docs/performance.md:
//   node benches/js/cpu-profile-top.mjs FILE.cpuprofile [--top 20]
import { readFileSync } from "node:fs";

const file = process.argv[2];
const i = process.argv.indexOf("--top");
const top = i < 0 ? 20 : Number(process.argv[i + 1]);
if (!file) {
  console.error("usage: node benches/js/cpu-profile-top.mjs FILE.cpuprofile [--top 20]");
  process.exit(2);
}
const prof = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
// Each sample is one tick of the node that was running; time deltas weigh them.
const self = new Map();
let total = 0;
prof.samples.forEach((id, k) => {
  const dt = prof.timeDeltas[k] ?? 0;
  const f = byId.get(id).callFrame;
  const name = f.functionName || "(anonymous)";
  const where = f.url ? ` ${f.url.split("/").pop()}` : "";
  const wasm = /\.wasm/.test(f.url) || name.startsWith("$");
  // Rust symbols without their hashes and crate disambiguators.
  const clean = name.replace(/::h[0-9a-f]{16}$/, "").replace(/\[[0-9a-f]{16}\]/g, "");
  const key = `${clean}${wasm ? " [wasm]" : where}`;
  self.set(key, (self.get(key) ?? 0) + dt);
  total += dt;
});
const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
console.log(`| self ms | share | function |\n|---:|---:|---|`);
for (const [k, us] of rows) console.log(`| ${(us / 1000).toFixed(1)} | ${((100 * us) / total).toFixed(1)}% | ${k.replace(/\|/g, "\\|")} |`);
// The same self time in broad groups (by the function's name).
const GROUPS = [
  ["JSON reading (serde_json, the model reader)", /serde_json|model::json|json::|lexical/],
  ["memory allocation (malloc, free, realloc, memcpy)", /alloc|malloc|free|dlmalloc|memcpy|memmove|memset|drop_in_place/],
  ["hashing and id maps (SipHash, hashbrown, indexmap)", /hash|sip::|indexmap/],
  ["scoring (analysis, graph, workspace)", /analysis::|graph::|workspace::|bench::/],
  ["garbage collector", /garbage collector/],
];
const groups = new Map();
for (const [k, us] of self) {
  const g = GROUPS.find(([, re]) => re.test(k))?.[0] ?? "other";
  groups.set(g, (groups.get(g) ?? 0) + us);
}
console.log(`\n| group | self ms | share |\n|---|---:|---:|`);
for (const [g, us] of [...groups].sort((a, b) => b[1] - a[1])) {
  console.log(`| ${g} | ${(us / 1000).toFixed(0)} | ${((100 * us) / total).toFixed(1)}% |`);
}
console.log(`\ntotal ${(total / 1000).toFixed(0)} ms sampled`);
