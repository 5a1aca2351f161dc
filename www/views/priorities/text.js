// Priorities: the words of the sensitivity panel and the table's sorting. No DOM (unit-tested in node).

export const CRITERIA = ["alignment", "benefit", "risk", "cost"];
export const DEFAULT_WEIGHTS = { alignment: 0.4, benefit: 0.3, risk: 0.15, cost: 0.15 };
export const CRITERION_LABEL = { alignment: "alignment", benefit: "benefit", risk: "risk", cost: "cost" };

/** A weight as written in the panel: two decimals ("0.21"). */
export function weightText(w) {
  return Number.isFinite(w) ? (Math.round(w * 100) / 100).toFixed(2) : "–";
}

/** The highest weight a criterion's slider reaches. */
export const WEIGHT_MAX = 1;

/**
 * One sentence per threshold of a sensitivity entry ({criterion, weight, lower, upper}):
 * "Top 5 changes if the alignment weight drops below 0.21: X enters, Y leaves."
 * `name(id)` gives an initiative's name. With no threshold either way: one sentence saying it holds.
 * The engine finds thresholds for any weight; one above `max` (the slider's end) cannot be set, so
 * it is not offered as a change: the sentence says raising the weight up to `max` changes nothing.
 */
export function sensitivitySentences(entry, topN, name, { max = WEIGHT_MAX } = {}) {
  const label = CRITERION_LABEL[entry.criterion] ?? entry.criterion;
  const out = [];
  const swap = (t) => {
    const parts = [];
    if (t.enters != null) parts.push(`${name(t.enters)} enters`);
    if (t.leaves != null) parts.push(`${name(t.leaves)} leaves`);
    return parts.join(", ");
  };
  if (entry.lower) {
    out.push({
      direction: "lower",
      text: `Top ${topN} changes if the ${label} weight drops below ${weightText(entry.lower.weight)}: ${swap(entry.lower)}.`,
    });
  }
  if (entry.upper && entry.upper.weight <= max) {
    out.push({
      direction: "upper",
      text: `Top ${topN} changes if the ${label} weight rises above ${weightText(entry.upper.weight)}: ${swap(entry.upper)}.`,
    });
  } else if (entry.upper && entry.lower) {
    out.push({ direction: "upper-none", text: `Raising the ${label} weight (up to ${weightText(max)}) does not change the top ${topN}.` });
  }
  if (!out.length) {
    const range = entry.upper ? ` from 0 to ${weightText(max)}` : "";
    out.push({ direction: "none", text: `Top ${topN} stays the same for any ${label} weight${range} (the others unchanged).` });
  }
  return out;
}

/** Compares two rows by a column; missing values (null) sort last in either direction, ties by rank. */
export function compareRows(key, dir) {
  return (a, b) => {
    const x = a[key];
    const y = b[key];
    const xm = x == null || (typeof x === "number" && !Number.isFinite(x));
    const ym = y == null || (typeof y === "number" && !Number.isFinite(y));
    if (xm !== ym) return xm ? 1 : -1;
    let c = 0;
    if (!xm) c = typeof x === "string" || typeof y === "string" ? String(x).localeCompare(String(y)) : x - y;
    return dir * c || a.rank - b.rank;
  };
}

/** WSJF = (business value + time criticality + risk reduction) / job size, from a node's fields. */
export function wsjfParts(node) {
  const bv = node?.business_value;
  const tc = node?.time_criticality;
  const rr = node?.risk_reduction;
  const js = node?.job_size;
  const ok = [bv, tc, rr, js].every((v) => typeof v === "number" && Number.isFinite(v));
  return ok ? { business_value: bv, time_criticality: tc, risk_reduction: rr, job_size: js } : null;
}
