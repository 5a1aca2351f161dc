import test from "node:test";
import assert from "node:assert/strict";
import { formatTime, formatSpan, scheduleErrorMessage, parseDeadline } from "./model.js";

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
