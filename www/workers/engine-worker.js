// A dashboard's engine, off the page's main thread (docs/page.md, "Large models"). Bundled on its own
// by scripts/build-page.mjs and started by app/engine-host.js from a Blob URL, with the page's
// compiled Wasm module.
//
// page -> worker: {type: "init", module: WebAssembly.Module, first?: {op, args}}
//                 {type: "call", id, op, args}   (app/engine-ops.js: load, setActive, explain, ...)
// worker -> page: {type: "ready", statics: {kindNames, edgeKindNames, limits}} or {type: "failed", error}
//                 {type: "progress", id, stage}, {type: "done", id, value}, {type: "error", id, error}
//                 {type: "restarted", cause, restored}   (a trap: the engine holds its last good model)
// Calls run one at a time in arrival order. The page cancels a call by terminating the worker.
// `first` (the single file's boot script, app/wasm-boot.js) is the call the page will most likely
// make first (read the embedded model, or the demo): it is run at once, before the page asks, and
// answers the page's call if that is the same; any other call finds the engine as if it had not run.

import { startEngine, createEngine, Engine, wasmMemoryBytes } from "../app/engine.js";
import { createOps, errorData } from "../app/engine-ops.js";

let ops = null;
/** Calls run one after another, a promise (reading a file) included. */
let queue = Promise.resolve();
/** The answer to `first`, run before the page asked: {op, args, out}, until the page's first call. */
let ahead = null;

const sameCall = (a, op, args) => a.op === op && a.args.length === (args ?? []).length && a.args.every((x, i) => x === args[i]);

async function runAhead({ op, args }) {
  try {
    ahead = { op, args, out: await ops.handle(op, args, () => {}) };
  } catch {
    ahead = null; // the page's own call will meet the error and report it
  }
}

async function init(module) {
  try {
    await startEngine({ module });
    ops = createOps(createEngine());
    ops.onRestart(({ cause, restored }) => self.postMessage({ type: "restarted", cause: String(cause?.message ?? cause), restored }));
    self.postMessage({
      type: "ready",
      statics: { kindNames: Engine.kindNames(), edgeKindNames: Engine.edgeKindNames(), statusNames: Engine.statusNames(), limits: Engine.pageLimits(), streamLimits: Engine.pageStreamLimits() },
    });
  } catch (err) {
    self.postMessage({ type: "failed", error: errorData(err) });
  }
}

async function call({ id, op, args }) {
  const progress = (stage) => self.postMessage({ type: "progress", id, stage });
  try {
    // Some operations are promises (a large JSON model read in chunks from its File).
    const t0 = performance.now();
    const early = ahead && sameCall(ahead, op, args) ? ahead.out : null;
    ahead = null;
    const { value, transfer } = early ?? (await ops.handle(op, args, progress));
    // For profiling (the benchmarks read it in the worker): the latest call, its parts, the memory.
    self.aligngraphProfile = { ...ops.profile, op, ms: performance.now() - t0, wasmBytes: wasmMemoryBytes() };
    self.postMessage({ type: "done", id, value }, transfer ?? []);
  } catch (err) {
    self.postMessage({ type: "error", id, error: errorData(err) });
  }
}

self.addEventListener("message", (e) => {
  const msg = e.data ?? {};
  if (msg.type === "init") queue = init(msg.module).then(() => ops && msg.first && runAhead(msg.first));
  else if (msg.type === "call") {
    if (!ops) self.postMessage({ type: "error", id: msg.id, error: { message: "the engine has not started", code: "NO_ENGINE" } });
    else queue = queue.then(() => call(msg));
  }
});
