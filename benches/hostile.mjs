// The largest hostile file of each kind (tests/fixtures/hostile/: the generated ones and the
// committed ones) through the release CLI and through the page's engine (the Wasm package in Node,
// with the page's limits): wall time, peak memory, and the outcome (imported, or the error code).
// Every file must finish within the bounds in docs/limits.md ("Bounded time and memory"): the run
// fails when one does not. Writes target/bench-hostile.md. Run by `make bench` after `make build pkg`.
//   node benches/hostile.mjs [NAME...]
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { generate, generators } from "../tests/fixtures/hostile/generate.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = process.env.ALIGNGRAPH_BIN ?? path.join(root, "target/release/aligngraph");
const hostile = path.join(root, "tests/fixtures/hostile");
const outDir = path.join(root, "target/hostile");
const only = process.argv.slice(2);

// The bounds every hostile file must keep (docs/limits.md).
// 75 s: the optimiser's default time limit (60 s) plus reading and writing.
const CLI_SECONDS = 75;
const CLI_PEAK_MB = 2048;
const PAGE_SECONDS = 10;

/** Committed hostile files: every file in a kind folder (not gen/ or lib/), with its command. */
function committed() {
  const { commands } = JSON.parse(readFileSync(path.join(hostile, "commands.json"), "utf8"));
  const out = [];
  for (const kind of readdirSync(hostile).sort()) {
    const dir = path.join(hostile, kind);
    if (kind === "gen" || kind === "lib" || !statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir).sort()) {
      const name = `${kind}/${f}`;
      if (!statSync(path.join(dir, f)).isFile() || f.endsWith(".md") || commands[name] === null) continue;
      out.push({ name, path: path.join(dir, f), args: commands[name] });
    }
  }
  return out;
}

function cli(args) {
  // /usr/bin/time writes "<seconds> <peak KiB>" on the last line of stderr.
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", bin, ...args], {
    encoding: "utf8",
    timeout: CLI_SECONDS * 4 * 1000,
    maxBuffer: 1 << 28,
  });
  const lines = (r.stderr ?? "").trimEnd().split("\n");
  const [secs, kib] = (lines.pop() ?? "").split(" ").map(Number);
  const text = lines.join("\n");
  const code =
    /\berror\[([A-Z_]+)\]/.exec(text)?.[1] ??
    (/stopped at the time limit/.test(text) ? "stopped at the time limit" : null) ??
    (/\bwarning\[([A-Z_]+)\]/.exec(text) ? `ok, warning ${/\bwarning\[([A-Z_]+)\]/.exec(text)[1]}` : null) ??
    (r.status === 0 ? "ok" : `exit ${r.status}`);
  return { status: r.signal ? `killed (${r.signal})` : r.status, secs, peakMb: kib / 1024, code };
}

const mod = await import(path.join(root, "pkg/aligngraph.js"));
await mod.default({ module_or_path: readFileSync(path.join(root, "pkg/aligngraph_bg.wasm")) });

function page(file) {
  const t = performance.now();
  let code = "ok";
  try {
    const engine = new mod.Engine();
    engine.importFiles([{ name: path.basename(file), bytes: new Uint8Array(readFileSync(file)) }], undefined);
    engine.free();
  } catch (err) {
    // The first error's code (the engine wraps them in INVALID_MODEL).
    code = err?.diagnostics?.find?.((d) => d.severity === "error")?.code ?? err?.code ?? String(err?.message ?? err).slice(0, 60);
  }
  return { secs: (performance.now() - t) / 1000, code };
}

const gens = await generators();
const paths = await generate(outDir, only.filter((n) => gens.some((g) => g.name === n)));
const cases = [
  ...gens.filter((g) => paths[g.name]).map((g) => ({ name: `gen/${g.name}`, path: paths[g.name], args: g.args, about: g.about })),
  ...committed().filter((c) => !only.length || only.includes(c.name)),
];

const rows = [];
let failed = 0;
for (const c of cases) {
  const args = (c.args ?? ["import", "{file}", "-o", "/dev/null"]).map((a) => a.replace("{file}", c.path));
  const r = cli(args);
  const p = args[0] === "import" ? page(c.path) : null;
  const bytes = statSync(c.path).size;
  const over = [];
  if (typeof r.status !== "number") over.push(`CLI ${r.status}`);
  if (!(r.secs <= CLI_SECONDS)) over.push(`CLI ${r.secs} s`);
  if (!(r.peakMb <= CLI_PEAK_MB)) over.push(`CLI ${r.peakMb.toFixed(0)} MB`);
  if (p && !(p.secs <= PAGE_SECONDS)) over.push(`page ${p.secs.toFixed(1)} s`);
  if (r.status > 100) over.push(`CLI exit ${r.status} (abort)`);
  if (over.length) failed++;
  rows.push(
    `| ${c.name} | ${bytes.toLocaleString("en-US")} | \`${args[0]}\` | ${r.code} | ${r.secs.toFixed(2)} | ${r.peakMb.toFixed(0)} | ` +
      `${p ? p.code : "-"} | ${p ? (p.secs * 1000).toFixed(0) : "-"} | ${over.join(", ") || "within"} |`,
  );
  console.log(rows.at(-1));
}

const table = [
  `# Hostile files (${new Date().toISOString().slice(0, 10)}, ${bin})`,
  "",
  `Bounds: CLI ${CLI_SECONDS} s and ${CLI_PEAK_MB} MB peak; the page's engine ${PAGE_SECONDS} s.`,
  "",
  "| file | bytes | command | CLI outcome | CLI s | CLI peak MB | page outcome | page ms | bounds |",
  "|---|---:|---|---|---:|---:|---|---:|---|",
  ...rows,
  "",
].join("\n");
mkdirSync(path.join(root, "target"), { recursive: true });
writeFileSync(path.join(root, "target/bench-hostile.md"), table);
console.log(`\ntarget/bench-hostile.md: ${cases.length} files, ${failed} past their bounds`);
process.exitCode = failed ? 1 : 0;
