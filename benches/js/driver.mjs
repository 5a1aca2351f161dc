// Times the scoring steps of one implementation on one model, the same way in Node and in the
// browser (benches/side-by-side.mjs). An implementation has load(bytes), alignment(),
// coverage(), deliveryRisk(), cycles(), pagerank(), toggleTarget() and toggle(id, on), each
// step returning its checksum (src/bench.rs).

export const PHASES = ["load", "alignment", "coverage", "delivery_risk", "cycles", "pagerank", "toggle"];

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  const k = v.length;
  return k % 2 ? v[k >> 1] : (v[k / 2 - 1] + v[k / 2]) / 2;
};

const message = (e) => (e && e.message) || String(e);

/**
 * Runs every step `runs` times (the toggle: switched off timed, back on untimed) and returns
 * `{results: [{phase, median_ms, runs_ms, checksum} | {phase, error}], toggle_id}`. A step that
 * fails stops the steps after it (they need its results).
 */
export function runPhases(impl, bytes, runs, now = () => performance.now()) {
  const results = [];
  let toggleId = null;
  const steps = {
    load: () => impl.load(bytes),
    alignment: () => impl.alignment(),
    coverage: () => impl.coverage(),
    delivery_risk: () => impl.deliveryRisk(),
    cycles: () => impl.cycles(),
    pagerank: () => impl.pagerank(),
    toggle: () => impl.toggle(toggleId, false),
  };
  for (const phase of PHASES) {
    const times = [];
    const sums = [];
    try {
      if (phase === "toggle") {
        toggleId = impl.toggleTarget();
        if (toggleId == null) throw new Error("the model has no active initiative to switch");
        impl.toggle(toggleId, true); // scored once as loaded
      }
      for (let i = 0; i < runs; i++) {
        const t = now();
        sums.push(steps[phase]());
        times.push(now() - t);
        if (phase === "toggle") impl.toggle(toggleId, true);
      }
      if (sums.some((s) => !Object.is(s, sums[0]))) {
        throw new Error(`the checksum changed between runs: ${sums.join(", ")}`);
      }
      results.push({ phase, median_ms: median(times), runs_ms: times, checksum: sums[0] });
    } catch (e) {
      results.push({ phase, error: message(e) });
      break;
    }
  }
  return { results, toggle_id: toggleId };
}

/** The engine's BenchPhases (pkg/) behind the same interface; bytes go in as a Uint8Array. */
export function wasmImpl(BenchPhases) {
  const p = new BenchPhases();
  return {
    load: (bytes) => p.loadBytes(bytes),
    alignment: () => p.alignment(),
    coverage: () => p.coverage(),
    deliveryRisk: () => p.deliveryRisk(),
    cycles: () => p.cycles(),
    pagerank: () => p.pagerank(),
    toggleTarget: () => p.toggleTarget() ?? null,
    toggle: (id, on) => p.toggle(id, on),
  };
}
