// The Gantt rows of a schedule (engine.schedule()), made next to the engine: the engine's worker
// sorts every activity and sends the rows as columns (typed arrays, moved), so the page reads a
// 30,000-initiative roadmap without making an object per initiative. DOM-free.

/**
 * Why a schedule has nothing to draw: "no-initiatives", "no-durations", or null when it has.
 */
export function emptyReason(schedule) {
  const acts = Object.values(schedule?.activities ?? {});
  if (!acts.length) return "no-initiatives";
  if (!acts.some((a) => a.duration > 0) || !(schedule.duration > 0)) return "no-durations";
  return null;
}

const NUMBERS = ["es", "ef", "ls", "lf", "slack", "duration"];

/**
 * A schedule for the Roadmap: the schedule's figures as they are, and
 * - `rows`: every activity as columns ({ids, names, critical (bytes), es, ef, ls, lf, slack,
 *   duration (Float64Arrays)}), by earliest start, then earliest finish, then model order;
 * - `activities`: only those the view names outside the rows (the critical path, what an
 *   alternative was left out for), each {name, es, ef};
 * - `empty` (emptyReason) and `end` (the latest of the latest finishes).
 * `transfer` lists the columns' buffers.
 */
export function ganttSchedule(schedule) {
  const entries = Object.entries(schedule?.activities ?? {});
  const n = entries.length;
  const cols = Object.fromEntries(NUMBERS.map((k) => [k, new Float64Array(n)]));
  entries.forEach(([, a], i) => {
    for (const k of NUMBERS) cols[k][i] = typeof a[k] === "number" ? a[k] : NaN;
  });
  const { es, ef } = cols;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => es[a] - es[b] || ef[a] - ef[b] || a - b);
  const rows = { ids: new Array(n), names: new Array(n), critical: new Uint8Array(n) };
  for (const k of NUMBERS) rows[k] = new Float64Array(n);
  let end = 0;
  order.forEach((from, i) => {
    const [id, a] = entries[from];
    rows.ids[i] = id;
    rows.names[i] = a.name ?? id;
    rows.critical[i] = a.critical ? 1 : 0;
    for (const k of NUMBERS) rows[k][i] = cols[k][from];
    if (rows.lf[i] > end) end = rows.lf[i];
  });
  const named = new Set([...(schedule?.critical_path ?? []), ...(schedule?.alternatives ?? []).map((a) => a.instead_of)]);
  const activities = {};
  for (const id of named) {
    const a = schedule.activities?.[id];
    if (a) activities[id] = { name: a.name ?? id, es: a.es, ef: a.ef };
  }
  const value = { ...schedule, activities, rows, empty: emptyReason(schedule), end };
  return { value, transfer: [rows.critical.buffer, ...NUMBERS.map((k) => rows[k].buffer)] };
}

/** Rows drawn at first in a large roadmap (more on request). */
export const ROW_LIMIT = 400;

/**
 * The rows drawn of a ganttSchedule's `rows`: the first `limit` by earliest start and every
 * critical one, in order, each {id, name, es, ef, ls, lf, slack, duration, critical};
 * {rows, shown, total}.
 */
export function ganttRows(columns, limit = ROW_LIMIT) {
  const total = columns?.ids?.length ?? 0;
  const rows = [];
  for (let i = 0; i < total; i++) {
    if (i >= limit && !columns.critical[i]) continue;
    const r = { id: columns.ids[i], name: columns.names[i], critical: columns.critical[i] === 1 };
    for (const k of NUMBERS) r[k] = columns[k][i];
    rows.push(r);
  }
  return { rows, shown: rows.length, total };
}
