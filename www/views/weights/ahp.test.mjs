import assert from "node:assert/strict";
import { test } from "node:test";
import {
  describePosition,
  entryText,
  judgementMatrix,
  judgementText,
  matrixFromPositions,
  pairs,
  positionsFromMatrix,
  positionsFromWeights,
  positionToValue,
  ratioMatrix,
  savedMatrixFor,
  valueToPosition,
} from "./ahp.js";

test("slider positions map to the Saaty scale and back", () => {
  assert.equal(positionToValue(0), 1);
  assert.equal(positionToValue(-8), 9);
  assert.equal(positionToValue(-2), 3);
  assert.equal(positionToValue(4), 1 / 5);
  assert.equal(positionToValue(8), 1 / 9);
  for (let p = -8; p <= 8; p += 1) assert.equal(valueToPosition(positionToValue(p)), p);
  assert.equal(valueToPosition(1.2), 0);
  assert.equal(valueToPosition(1 / 1.2), 0);
  assert.equal(valueToPosition(20), -8);
  assert.equal(valueToPosition(1 / 20), 8);
  assert.equal(valueToPosition(2.5), valueToPosition(2.5)); // deterministic
  assert.equal(valueToPosition(5.73), -5); // nearest on the log scale: 6
});

test("words of a judgement", () => {
  assert.deepEqual(describePosition(-4), { favours: "a", intensity: 5 });
  assert.equal(judgementText(-4, "Growth", "Margin"), "Growth strongly more important than Margin (5)");
  assert.equal(judgementText(2, "Growth", "Margin"), "Margin moderately more important than Growth (3)");
  assert.equal(judgementText(0, "A", "B"), "A and B equally important (1)");
  assert.equal(entryText(0.2), "1/5");
  assert.equal(entryText(7), "7");
});

test("matrix from positions is reciprocal with a unit diagonal", () => {
  const pos = { "0,1": -2, "0,2": -4, "1,2": -1 };
  const m = matrixFromPositions(3, pos);
  assert.deepEqual(m[0], [1, 3, 5]);
  assert.deepEqual(m[1], [1 / 3, 1, 2]);
  assert.deepEqual(m[2], [1 / 5, 1 / 2, 1]);
  assert.deepEqual(positionsFromMatrix(m), pos);
  assert.equal(pairs(6).length, 15);
});

test("positions from weights use the rounded ratio", () => {
  const pos = positionsFromWeights([4, 2, 1, 0]);
  assert.equal(pos["0,1"], -1); // 2
  assert.equal(pos["0,2"], -3); // 4
  assert.equal(pos["1,2"], -1);
  assert.equal(pos["0,3"], -8);
  assert.deepEqual(positionsFromWeights([0, 0]), { "0,1": 0 });
});

test("saved judgements are rearranged to the current goal order", () => {
  const saved = { goals: ["b", "a"], matrix: [[1, 3], [1 / 3, 1]] };
  assert.deepEqual(savedMatrixFor(saved, ["a", "b"]), [[1, 1 / 3], [3, 1]]);
  assert.equal(savedMatrixFor(saved, ["a", "c"]), null);
  assert.equal(savedMatrixFor(null, ["a"]), null);
});

test("the ratio matrix of weights holds their exact ratios, within the scale", () => {
  const { matrix, exact } = ratioMatrix([5 / 21, 4 / 21, 4 / 21, 3 / 21]);
  assert.equal(exact, true);
  assert.ok(Math.abs(matrix[0][1] - 1.25) < 1e-12);
  assert.ok(Math.abs(matrix[1][0] - 0.8) < 1e-12);
  assert.equal(matrix[1][2], 1);
  assert.ok(Math.abs(matrix[3][0] - 0.6) < 1e-12);
  matrix.forEach((row, i) => assert.equal(row[i], 1));
  // Beyond 9 to 1, or a zero weight: held at the end of the scale, and no longer exact.
  const far = ratioMatrix([10, 1, 0]);
  assert.equal(far.exact, false);
  assert.equal(far.matrix[0][1], 9);
  assert.equal(far.matrix[1][0], 1 / 9);
  assert.equal(far.matrix[1][2], 9);
  assert.equal(ratioMatrix([0, 0]).matrix[0][1], 1);
  assert.equal(ratioMatrix([0, 0]).exact, true);
});

test("the judgement matrix keeps the pre-filled entries of the pairs nobody moved", () => {
  const { matrix: base } = ratioMatrix([5, 4, 3]);
  const positions = positionsFromMatrix(base);
  assert.deepEqual(judgementMatrix(base, positions, new Set()), base);
  const m = judgementMatrix(base, { ...positions, "0,2": -2 }, new Set(["0,2"]));
  assert.equal(m[0][2], 3);
  assert.equal(m[2][0], 1 / 3);
  assert.equal(m[0][1], base[0][1]);
  assert.equal(m[1][2], base[1][2]);
});
