import test from "node:test";
import assert from "node:assert/strict";
import { ganttSchedule, ganttRows, emptyReason } from "./gantt.js";

const act = (es, ef, slack, critical, name) => ({ es, ef, ls: es + slack, lf: ef + slack, slack, critical, duration: ef - es, name });

test("the rows are sorted by earliest start, then finish, then model order, as columns", () => {
  const { value, transfer } = ganttSchedule({
    duration: 9,
    p80: 10,
    critical_path: ["a", "b"],
    activities: { b: act(5, 9, 0, true, "B"), a: act(0, 5, 0, true, "A"), c: act(0, 2, 7, false, "C"), d: act(0, 2, 1, false) },
  });
  assert.deepEqual(value.rows.ids, ["c", "d", "a", "b"]);
  assert.deepEqual(value.rows.names, ["C", "d", "A", "B"]);
  assert.deepEqual([...value.rows.critical], [0, 0, 1, 1]);
  assert.deepEqual([...value.rows.lf], [9, 3, 5, 9]);
  assert.equal(value.end, 9);
  assert.equal(value.p80, 10);
  assert.equal(value.empty, null);
  // Only what the view names outside the rows stays as activities.
  assert.deepEqual(value.activities, { a: { name: "A", es: 0, ef: 5 }, b: { name: "B", es: 5, ef: 9 } });
  assert.equal(transfer.length, 7);
  assert.ok(transfer.includes(value.rows.es.buffer));
});

test("an alternative's instead_of keeps its activity", () => {
  const { value } = ganttSchedule({ duration: 2, critical_path: [], alternatives: [{ id: "x", name: "X", instead_of: "c" }], activities: { c: act(0, 2, 0, false, "C") } });
  assert.deepEqual(Object.keys(value.activities), ["c"]);
});

test("emptyReason: no initiatives, no durations", () => {
  assert.equal(emptyReason({ activities: {} }), "no-initiatives");
  assert.equal(emptyReason({ duration: 0, activities: { a: { duration: 0 } } }), "no-durations");
  assert.equal(emptyReason({ duration: 3, activities: { a: { duration: 3 } } }), null);
  assert.equal(ganttSchedule({ duration: 0, activities: {} }).value.empty, "no-initiatives");
  assert.equal(ganttSchedule({ duration: 0, activities: { a: act(0, 0, 0, false) } }).value.empty, "no-durations");
});

test("a large roadmap draws the first rows and every critical one", () => {
  const activities = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`i${i}`, act(i, i + 1, i === 8 ? 0 : 1, i === 8, `I${i}`)]));
  const { rows: cols } = ganttSchedule({ duration: 10, activities }).value;
  const small = ganttRows(cols, 20);
  assert.equal(small.shown, 10);
  const big = ganttRows(cols, 3);
  assert.deepEqual(big.rows.map((r) => r.id), ["i0", "i1", "i2", "i8"]);
  assert.deepEqual(big.rows[3], { id: "i8", name: "I8", critical: true, es: 8, ef: 9, ls: 8, lf: 9, slack: 0, duration: 1 });
  assert.equal(big.total, 10);
  assert.equal(big.shown, 4);
  assert.deepEqual(ganttRows(undefined), { rows: [], shown: 0, total: 0 });
});
