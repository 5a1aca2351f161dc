import test from "node:test";
import assert from "node:assert/strict";
import { formatTime, formatSpan, ganttRows, emptyReason, scheduleErrorMessage, parseDeadline } from "./model.js";

test("formatTime: at most one decimal, no trailing .0", () => {
  assert.equal(formatTime(20), "20");
  assert.equal(formatTime(23.46), "23.5");
  assert.equal(formatTime(-0.01), "0");
  assert.equal(formatTime(NaN), "\u2013");
  assert.equal(formatSpan(1, "week"), "1 week");
  assert.equal(formatSpan(20, "month"), "20 months");
  assert.equal(formatSpan(2.5, null), "2.5 units");
  assert.equal(formatSpan(3, "day"), "3 days");
});

test("ganttRows sorts by earliest start, then finish, then model order", () => {
  const rows = ganttRows({
    activities: {
      b: { es: 5, ef: 9, ls: 5, lf: 9, slack: 0, critical: true, duration: 4, name: "B" },
      a: { es: 0, ef: 5, ls: 0, lf: 5, slack: 0, critical: true, duration: 5, name: "A" },
      c: { es: 0, ef: 2, ls: 7, lf: 9, slack: 7, critical: false, duration: 2, name: "C" },
    },
  });
  assert.deepEqual(rows.map((r) => r.id), ["c", "a", "b"]);
  assert.equal(rows[1].critical, true);
});

test("emptyReason", () => {
  assert.equal(emptyReason({ activities: {} }), "no-initiatives");
  assert.equal(emptyReason({ duration: 0, activities: { a: { duration: 0 } } }), "no-durations");
  assert.equal(emptyReason({ duration: 3, activities: { a: { duration: 3 } } }), null);
});

test("a cycle names its initiatives", () => {
  const err = Object.assign(new Error("dependency cycle: A -> B -> A"), { code: "DEPENDENCY_CYCLE", diagnostics: [{ code: "DEPENDENCY_CYCLE", message: "dependency cycle: A -> B -> A" }] });
  const m = scheduleErrorMessage(err);
  assert.equal(m.reason, "cycle");
  assert.match(m.text, /A -> B -> A/);
  assert.equal(scheduleErrorMessage(new Error("boom")).reason, "error");
});

test("parseDeadline", () => {
  assert.equal(parseDeadline(""), null);
  assert.equal(parseDeadline(" 24 "), 24);
  assert.throws(() => parseDeadline("-1"), RangeError);
  assert.throws(() => parseDeadline("abc"), RangeError);
});

test("a large roadmap draws the first rows and every critical one", async () => {
  const { limitRows } = await import("./model.js");
  const rows = Array.from({ length: 10 }, (_, i) => ({ id: `i${i}`, critical: i === 8 }));
  const small = limitRows(rows, 20);
  assert.equal(small.shown, 10);
  const big = limitRows(rows, 3);
  assert.deepEqual(big.rows.map((r) => r.id), ["i0", "i1", "i2", "i8"]);
  assert.equal(big.total, 10);
  assert.equal(big.shown, 4);
});
