import assert from "node:assert/strict";
import { test } from "node:test";
import { availabilityText, localDate, dayNumber, step, dominantTime, timeMixText, sortRows, misallocationText } from "./lens.js";

test("localDate writes the local calendar date", () => {
  assert.equal(localDate(new Date(2026, 0, 5, 23, 59)), "2026-01-05");
  assert.equal(localDate(new Date(2026, 11, 31, 0, 1)), "2026-12-31");
});

test("dayNumber counts days since 1970 and refuses what is not a date", () => {
  assert.equal(dayNumber("1970-01-02"), 1);
  assert.equal(dayNumber("2027-01-12") - dayNumber("2026-12-04"), 39);
  assert.equal(dayNumber("12/04/2026"), null);
  assert.equal(dayNumber(null), null);
});

test("step splits 0..max into five equal steps; no value is -1", () => {
  assert.deepEqual([0, 0.2, 0.21, 0.5, 0.8, 1, 2].map((v) => step(v, 1)), [0, 0, 1, 2, 3, 4, 4]);
  assert.equal(step(null, 1), -1);
  assert.equal(step(NaN, 1), -1);
  assert.equal(step(3, 0), 0);
});

test("the TIME mix: its largest class and its words", () => {
  const mix = { tolerate: 0, invest: 2, migrate: 1, eliminate: 0, unknown: 1 };
  assert.equal(dominantTime(mix), "invest");
  assert.equal(dominantTime({ invest: 0 }), null);
  assert.equal(timeMixText(mix), "2 invest, 1 migrate, 1 unknown");
  assert.equal(timeMixText({}), "no applications");
});

test("sortRows puts missing values last in both directions and breaks ties by name", () => {
  const rows = [{ name: "b", v: 2 }, { name: "a", v: null }, { name: "c", v: 1 }, { name: "d", v: 2 }];
  assert.deepEqual(sortRows(rows, "v", 1).map((r) => r.name), ["c", "b", "d", "a"]);
  assert.deepEqual(sortRows(rows, "v", -1).map((r) => r.name), ["b", "d", "c", "a"]);
  assert.deepEqual(sortRows(rows, "name", -1).map((r) => r.name), ["d", "c", "b", "a"]);
});

test("the misallocation index in words", () => {
  const share = (x) => `${Math.round(x * 100)}%`;
  assert.equal(misallocationText(0.18, share), "18% of change spend would have to move to other goals for spend to match the goal weights.");
  assert.match(misallocationText(0, share), /exactly/);
  assert.match(misallocationText(null, share), /no misallocation/);
});

test("availabilityText keeps the digits that tell 99.95% from 99.9%", () => {
  assert.equal(availabilityText(0.9995), "99.95%");
  assert.equal(availabilityText(0.999), "99.9%");
  assert.equal(availabilityText(0.99181), "99.181%");
  assert.equal(availabilityText(0.98), "98%");
  assert.equal(availabilityText(0.955), "95.5%");
  assert.equal(availabilityText(1), "100%");
  assert.equal(availabilityText(null), "–");
});

test("nodeSpend reads a node's run and change spend from the costs' columns by its index", async () => {
  const { nodeSpend } = await import("./lens.js");
  const index = new Map([["a", 0], ["b", 1], ["c", 2]]);
  const app = { index: (id) => index.get(id) };
  const data = { costs: { run: new Float64Array([5, 0, NaN]), change: new Float64Array([1, 0, NaN]) } };
  assert.deepEqual(nodeSpend(app, data, "a"), { run: 5, change: 1 });
  assert.deepEqual(nodeSpend(app, data, "b"), { run: 0, change: 0 });
  assert.deepEqual(nodeSpend(app, data, "c"), {}, "left out by the costs lens");
  assert.deepEqual(nodeSpend(app, data, "zz"), {}, "not a node");
  assert.deepEqual(nodeSpend(app, {}, "a"), {}, "no costs");
});
