// The Monte Carlo worker (docs/page.md, "Simulation"): runs engine Simulation steps off the main thread.
// It is bundled on its own by scripts/build-page.mjs and started by the page from a Blob URL.
//
// page -> worker: {type: "run", module: WebAssembly.Module, model: text, options: {runs, seed,
//                  distribution, top, deadline}}, {type: "cancel"}
// worker -> page: {type: "progress", done, runs}, {type: "result", result, ms},
//                 {type: "cancelled", done}, {type: "error", message, code}
// The page may also simply terminate() the worker: nothing is shared, nothing is left behind.

import * as engine from "../../pkg/aligngraph.js";

/** Runs per step at first; then sized so that one step takes about STEP_MS. */
const FIRST_CHUNK = 250;
const STEP_MS = 40;

let cancelled = false;

const yieldToEvents = () =>
  new Promise((resolve) => {
    // A message through a channel runs after pending messages (a "cancel") are handled.
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });

async function run({ module, model, options }) {
  const t0 = performance.now();
  await engine.default({ module_or_path: module });
  const sim = new engine.Simulation(model, options);
  try {
    const runs = sim.runs;
    let chunk = FIRST_CHUNK;
    self.postMessage({ type: "progress", done: 0, runs });
    while (sim.done < runs) {
      if (cancelled) {
        self.postMessage({ type: "cancelled", done: sim.done });
        return;
      }
      const s = performance.now();
      sim.step(chunk);
      const took = performance.now() - s;
      self.postMessage({ type: "progress", done: sim.done, runs });
      if (took > 0) chunk = Math.max(50, Math.min(200_000, Math.round((chunk * STEP_MS) / took)));
      await yieldToEvents();
    }
    self.postMessage({ type: "result", result: sim.result(), ms: performance.now() - t0 });
  } finally {
    sim.free?.();
  }
}

self.addEventListener("message", (e) => {
  const msg = e.data ?? {};
  if (msg.type === "cancel") {
    cancelled = true;
    return;
  }
  if (msg.type !== "run") return;
  cancelled = false;
  run(msg).catch((err) =>
    self.postMessage({ type: "error", message: String(err?.message ?? err), code: err?.code ?? null }),
  );
});
