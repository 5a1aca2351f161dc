// Budget: the time boxes of the optimiser and the frontier in the page, and how a portfolio that is
// not proven optimal is described. No DOM (unit-tested in node).

/** The first portfolio of a view: at most this long in the engine (the best found so far after it). */
export const OPTIMIZE_LIMIT_MS = 1000;
/** The first portfolio of a large one (above LARGE candidates), whose set-up takes longer. */
export const OPTIMIZE_LARGE_LIMIT_MS = 500;
/** A portfolio after a budget move. */
export const SLIDER_LIMIT_MS = 500;
/** The efficient frontier, shared among its points. */
export const FRONTIER_LIMIT_MS = 1500;
/** Above this many candidates the frontier is drawn at evenly spaced budgets. */
export const LARGE = 2000;

/** Points of the frontier for `candidates` active initiatives: the exact staircase (up to 200) when few, 24 budgets when many. */
export function frontierPoints(candidates) {
  return candidates > LARGE ? 24 : 200;
}

/**
 * "Best found in 1.0 s, within 3.2 % of the optimum" for a portfolio that is not proven optimal
 * (`share` formats a fraction); "Proven optimal" for one that is.
 */
export function gapText(result, share = (x) => `${(x * 100).toFixed(1)} %`) {
  if (result?.optimal) return "Proven optimal";
  const secs = Number.isFinite(result?.elapsedMs) ? `in ${(result.elapsedMs / 1000).toFixed(1)} s` : "";
  const why = result?.stopped ? secs : "before the search limit";
  return `Best found ${why}, within ${share(result?.gap ?? 0)} of the optimum`.replace("  ", " ");
}

/**
 * Runs a time-boxed decision method on the engine (its worker): `{value, elapsedMs}`. `onStage(text)`
 * hears its progress; `extra` joins the options (`{value: "npv"}`). An engine without `run` (a plain
 * Engine) is called directly.
 */
export async function runTimed(engine, op, args, limitMs, onStage, extra = {}) {
  const t0 = globalThis.performance?.now?.() ?? Date.now();
  const opts = { ...extra, timeLimitMs: limitMs };
  const value =
    typeof engine.run === "function"
      ? await engine.run(op, [...args, opts], { onProgress: onStage })
      : await engine[op](...args, opts);
  const t1 = globalThis.performance?.now?.() ?? Date.now();
  return { value, elapsedMs: t1 - t0 };
}
