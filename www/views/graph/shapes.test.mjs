import { test } from "node:test";
import assert from "node:assert/strict";
import { EDGE_STYLES, edgeStyleIndex, edgeColor, shapePath, traceShape, kindInfo } from "./shapes.js";

test("edge style: a negative weight works against, whatever the kind", () => {
  assert.equal(EDGE_STYLES[edgeStyleIndex("contributes_to", -0.5)].key, "negative");
  assert.equal(EDGE_STYLES[edgeStyleIndex("part_of", -1)].key, "negative");
});

test("edge style by kind: part of, depends on, excludes, everything else aligns", () => {
  assert.equal(EDGE_STYLES[edgeStyleIndex("part_of", 1)].key, "part_of");
  assert.equal(EDGE_STYLES[edgeStyleIndex("depends_on", 1)].key, "depends_on");
  assert.equal(EDGE_STYLES[edgeStyleIndex("excludes", 0)].key, "excludes");
  assert.equal(EDGE_STYLES[edgeStyleIndex("supports", 0.3)].key, "align");
  assert.equal(EDGE_STYLES[edgeStyleIndex("contributes_to", 1)].key, "align");
});

test("edge colours follow the theme: foreground for alignment, fixed hues per theme for the others", () => {
  const light = { fg: "#111111", dark: false };
  const dark = { fg: "#eeeeee", dark: true };
  const style = (key) => EDGE_STYLES.find((s) => s.key === key);
  assert.equal(edgeColor(style("align"), light), "#111111");
  assert.equal(edgeColor(style("align"), dark), "#eeeeee");
  assert.equal(edgeColor(style("depends_on"), light), "#0072b2");
  assert.equal(edgeColor(style("depends_on"), dark), "#56b4e9");
  assert.equal(edgeColor(style("negative"), light), "#d55e00");
  assert.notEqual(edgeColor(style("excludes"), light), edgeColor(style("excludes"), dark));
});

test("every kind has its own closed shape; unknown kinds a square", () => {
  const kinds = ["goal", "capability", "activity", "application", "initiative", "element", "person"];
  const paths = kinds.map((k) => shapePath(k, 8));
  assert.equal(new Set(paths).size, kinds.length);
  for (const p of paths) assert.match(p, /^M.*Z$/);
  assert.equal(shapePath("mystery", 2), "M-2,-2H2V2H-2Z");
  assert.equal(kindInfo("mystery").label, "Node");
  assert.equal(kindInfo("goal").plural, "Goals");
});

test("the canvas traces the same outline as the SVG: a diamond's corners for an initiative", () => {
  const calls = [];
  const ctx = new Proxy({}, { get: (_, name) => (...args) => calls.push([name, ...args]) });
  traceShape(ctx, "initiative", 100, 50, 10);
  assert.deepEqual(calls, [
    ["moveTo", 100, 50 - 11.5],
    ["lineTo", 111.5, 50],
    ["lineTo", 100, 61.5],
    ["lineTo", 88.5, 50],
    ["closePath"],
  ]);
  assert.equal(shapePath("initiative", 10), "M0,-11.5L11.5,0L0,11.5L-11.5,0Z");
});
