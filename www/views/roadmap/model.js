// Roadmap helpers without DOM (unit-tested in node): the Gantt rows of engine.schedule(), durations
// as a person reads them, and the messages for a model that cannot be scheduled.

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
 * The Gantt rows of a schedule: one per activity, by earliest start, then earliest finish, then model
 * order. Each {id, name, es, ef, ls, lf, slack, critical, duration, variance}.
 */
export function ganttRows(schedule) {
  const acts = Object.entries(schedule?.activities ?? {});
  return acts
    .map(([id, a], order) => ({ id, name: a.name ?? id, order, ...a, critical: Boolean(a.critical) }))
    .sort((a, b) => a.es - b.es || a.ef - b.ef || a.order - b.order);
}

/** Why a schedule has nothing to draw: "no-initiatives", "no-durations", or null when it has. */
export function emptyReason(schedule) {
  const acts = Object.values(schedule?.activities ?? {});
  if (!acts.length) return "no-initiatives";
  if (!acts.some((a) => a.duration > 0) || !(schedule.duration > 0)) return "no-durations";
  return null;
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

/** Rows drawn at first in a large roadmap (more on request). */
export const ROW_LIMIT = 400;

/**
 * The rows drawn of a large roadmap: the first `limit` by earliest start and every critical one, in
 * the rows' order; {rows, shown, total}.
 */
export function limitRows(rows, limit = ROW_LIMIT) {
  if (rows.length <= limit) return { rows, shown: rows.length, total: rows.length };
  const out = rows.filter((r, i) => i < limit || r.critical);
  return { rows: out, shown: out.length, total: rows.length };
}
