import { test } from "node:test";
import assert from "node:assert/strict";
import { GridIndex } from "./grid-index.js";

// a 10 x 10 lattice, 10 units apart
const xs = [];
const ys = [];
for (let r = 0; r < 10; r++) for (let c = 0; c < 10; c++) {
  xs.push(c * 10);
  ys.push(r * 10);
}
const grid = new GridIndex(xs, ys, 100, { x0: 0, y0: 0, x1: 90, y1: 90 });

test("visit finds every point in the rectangle (and only points of overlapping cells)", () => {
  const seen = [];
  grid.visit(15, 15, 35, 35, (i) => seen.push(i));
  const inside = seen.filter((i) => xs[i] >= 15 && xs[i] <= 35 && ys[i] >= 15 && ys[i] <= 35).sort((a, b) => a - b);
  assert.deepEqual(inside, [22, 23, 32, 33]);
  assert.equal(new Set(seen).size, seen.length, "each point once");
});

test("nearest: the closest point within the radius, else -1", () => {
  assert.equal(grid.nearest(xs, ys, 41, 52, 5), 54);
  assert.equal(grid.nearest(xs, ys, 45, 45, 3), -1);
  assert.equal(grid.nearest(xs, ys, 89, 91, 4), 99);
});

test("a rectangle larger than the bounds visits every point once", () => {
  const seen = [];
  grid.visit(-1000, -1000, 1000, 1000, (i) => seen.push(i));
  assert.deepEqual(seen.sort((a, b) => a - b), xs.map((_, i) => i));
});
