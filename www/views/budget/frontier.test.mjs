import assert from "node:assert/strict";
import { test } from "node:test";
import { droppedOut, pointAt, sliderMax, sliderStep, stepPath } from "./frontier.js";

test("slider steps are round", () => {
  assert.equal(sliderStep(20_120_000), 100_000);
  assert.equal(sliderStep(16), 0.1);
  assert.equal(sliderStep(1000), 5);
  assert.equal(sliderStep(0), 1);
  assert.equal(sliderMax(20_120_000, 100_000), 20_200_000);
  assert.equal(sliderMax(16, 0.1), 16);
  assert.equal(sliderMax(16.05, 0.1), 16.1);
  assert.equal(sliderMax(0, 1), 0);
});

test("the step line holds each value until the next budget", () => {
  const pts = [
    { budget: 5, value: 3 },
    { budget: 0, value: 0 },
    { budget: 10, value: 7 },
  ];
  const id = (v) => v;
  assert.equal(stepPath(pts, id, id), "M0,0H5V3H10V7");
  assert.equal(stepPath(pts, id, id, 12), "M0,0H5V3H10V7H12");
  assert.equal(stepPath([], id, id), "");
  assert.equal(pointAt(pts, 7).budget, 5);
  assert.equal(pointAt(pts, 10).budget, 10);
  assert.equal(pointAt(pts, -1), null);
});

test("dropped out: candidates not selected, in order", () => {
  assert.deepEqual(droppedOut(["a", "b", "c"], ["c", "a"]), ["b"]);
});
