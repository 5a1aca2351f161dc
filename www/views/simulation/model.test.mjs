import test from "node:test";
import assert from "node:assert/strict";
import { parseRunOptions, bins, hasSpread, progressText, DEFAULTS } from "./model.js";

test("parseRunOptions accepts the defaults and a deadline", () => {
  const { options, errors } = parseRunOptions({ runs: "10,000", seed: "1", distribution: "pert", top: "5", deadline: "30" });
  assert.deepEqual(errors, []);
  assert.deepEqual(options, { runs: 10000, seed: 1, distribution: "pert", top: 5, deadline: 30 });
  assert.equal(DEFAULTS.runs, 10000);
});

test("parseRunOptions names bad fields", () => {
  const { errors } = parseRunOptions({ runs: "0", seed: "x", distribution: "normal", top: "5", deadline: "-2" });
  assert.deepEqual(errors.map((e) => e.field), ["runs", "seed", "distribution", "deadline"]);
  assert.equal(parseRunOptions({ runs: "1000001", seed: "1", distribution: "pert", top: "5" }).errors[0].field, "runs");
});

test("bins and spread", () => {
  assert.deepEqual(bins({ start: 10, width: 0.5, counts: [1, 2] }), [
    { x0: 10, x1: 10.5, count: 1 },
    { x0: 10.5, x1: 11, count: 2 },
  ]);
  assert.deepEqual(bins(null), []);
  assert.equal(hasSpread({ min: 0, max: 0 }), false);
  assert.equal(hasSpread({ min: 1, max: 3 }), true);
});

test("progressText", () => {
  assert.equal(progressText(12000, 1000000), "12,000 of 1,000,000 runs (1%)");
  assert.equal(progressText(0, 0), "0 of 0 runs (0%)");
});
