// Simulation helpers without DOM (unit-tested in node): the run options a person typed, the
// histogram bins of a result, and the progress text.

export const DEFAULTS = Object.freeze({ runs: 10_000, seed: 1, distribution: "pert", top: 5 });
export const MAX_RUNS = 1_000_000;
export const DISTRIBUTIONS = ["pert", "triangular"];

/**
 * The options of a run from the form's texts: {options, errors} where options is what
 * new Simulation(model, options) takes and errors [{field, message}] (empty when valid).
 */
export function parseRunOptions({ runs, seed, distribution, top, deadline }) {
  const errors = [];
  const int = (text, field, min, max, label) => {
    const t = String(text ?? "").trim().replace(/[,_\s]/g, "");
    const x = Number(t);
    if (t === "" || !Number.isInteger(x) || x < min || x > max) {
      errors.push({ field, message: `${label} must be a whole number from ${min.toLocaleString("en")} to ${max.toLocaleString("en")}.` });
      return null;
    }
    return x;
  };
  const options = {
    runs: int(runs, "runs", 1, MAX_RUNS, "Runs"),
    seed: int(seed, "seed", 0, Number.MAX_SAFE_INTEGER, "The seed"),
    distribution: DISTRIBUTIONS.includes(distribution) ? distribution : (errors.push({ field: "distribution", message: "Unknown distribution." }), null),
    top: int(top, "top", 1, 1000, "Top N"),
  };
  const d = String(deadline ?? "").trim();
  if (d !== "") {
    const x = Number(d);
    if (!Number.isFinite(x) || x < 0) errors.push({ field: "deadline", message: "The deadline must be a number of time units, 0 or more." });
    else options.deadline = x;
  }
  return { options, errors };
}

/** The bins of a histogram {start, width, counts}: [{x0, x1, count}], empty for none. */
export function bins(hist) {
  if (!hist || !Array.isArray(hist.counts)) return [];
  const w = hist.width > 0 ? hist.width : 0;
  return hist.counts.map((count, i) => ({ x0: hist.start + i * w, x1: hist.start + (i + 1) * w, count }));
}

/** Whether a distribution summary has any spread or value worth a chart (not all zero). */
export function hasSpread(stat) {
  if (!stat) return false;
  return Number.isFinite(stat.max) && (stat.max !== 0 || stat.min !== 0);
}

/** "12,000 of 1,000,000 runs (1%)". */
export function progressText(done, runs) {
  const n = (x) => Math.round(x).toLocaleString("en");
  const pct = runs > 0 ? Math.floor((100 * done) / runs) : 0;
  return `${n(done)} of ${n(runs)} runs (${pct}%)`;
}
