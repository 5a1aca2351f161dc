// Roadmap helpers without DOM (unit-tested in node): durations as a person reads them, and the
// messages for a model that cannot be scheduled (the rows themselves: lib/gantt.js).

/** A duration or date in time units with at most one decimal: 20 -> "20", 23.46 -> "23.5". */
export function formatTime(x) {
  if (typeof x !== "number" || !Number.isFinite(x)) return "\u2013";
  const r = Math.round(x * 10) / 10;
  return (Object.is(r, -0) ? 0 : r).toFixed(1).replace(/\.0$/, "").replace("-", "\u2212");
}

/** "20 months", "1 week", "3.5 units" (the model's time_unit, "units" without one). */
export function formatSpan(x, unit) {
  const text = formatTime(x);
  const u = unit ? String(unit) : "unit";
  return `${text} ${text === "1" ? u : plural(u)}`;
}

function plural(u) {
  if (/s$/i.test(u)) return u;
  if (/y$/i.test(u) && !/[aeiou]y$/i.test(u)) return u.slice(0, -1) + "ies";
  return u + "s";
}

/**
 * The message for an engine error of schedule(): a cycle names the initiatives on it (from the
 * diagnostic's message, or its ids through `nameOf`).
 */
export function scheduleErrorMessage(err, nameOf = (id) => id) {
  const code = err?.code ?? err?.diagnostics?.[0]?.code ?? null;
  const msg = String(err?.diagnostics?.[0]?.message ?? err?.message ?? err ?? "");
  if (code === "DEPENDENCY_CYCLE") {
    const d = err?.diagnostics?.[0] ?? {};
    const ids = Array.isArray(d.nodes) ? d.nodes : Array.isArray(d.cycle) ? d.cycle : null;
    const named = ids?.length ? ids.map(nameOf).join(" → ") : null;
    return {
      reason: "cycle",
      text: `The initiatives depend on each other in a circle, so no order can be planned: ${named ?? msg}. Remove one of these depends_on links to draw the roadmap.`,
    };
  }
  return { reason: "error", text: `The roadmap could not be computed: ${msg}` };
}

/** A deadline typed by a person: a finite number >= 0, or null for none (empty text). Throws otherwise. */
export function parseDeadline(text) {
  const t = String(text ?? "").trim();
  if (t === "") return null;
  const x = Number(t);
  if (!Number.isFinite(x) || x < 0) throw new RangeError("The deadline must be a number of time units, 0 or more.");
  return x;
}
