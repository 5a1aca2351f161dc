import { test } from "node:test";
import assert from "node:assert/strict";
import { wrapLabel, labelBaselines, labelRoom, bandLabelY } from "./labels.js";

// every character 6 px wide, whatever the font
const measure = (text) => text.length * 6;

test("a name that fits stays one line", () => {
  assert.deepEqual(wrapLabel("Grow revenue", 100, 2, "11px x", measure), ["Grow revenue"]);
});

test("a long name wraps at words into the lines allowed", () => {
  assert.deepEqual(wrapLabel("Customer data platform rollout", 100, 2, "11px x", measure), ["Customer data", "platform rollout"]);
});

test("what does not fit in the last line ends with an ellipsis", () => {
  const lines = wrapLabel("Customer data platform rollout in every region", 100, 2, "11px x", measure);
  assert.equal(lines.length, 2);
  assert.equal(lines[0], "Customer data");
  assert.ok(lines[1].endsWith("…"), lines[1]);
  assert.ok(measure(lines[1]) <= 100, `${lines[1]} fits`);
});

test("a word longer than a line is cut", () => {
  const lines = wrapLabel("Supercalifragilisticexpialidocious", 60, 1, "11px x", measure);
  assert.deepEqual(lines, ["Supercali…"]);
});

test("no room, no label", () => {
  assert.deepEqual(wrapLabel("Anything", 10, 2, "11px x", measure), []);
  assert.deepEqual(wrapLabel("Anything", 100, 0, "11px x", measure), []);
});

test("baselines centre the lines on the node", () => {
  assert.deepEqual(labelBaselines(1, false), [4]);
  assert.deepEqual(labelBaselines(2, false), [-2.5, 10.5]);
  assert.deepEqual(labelBaselines(3, true), [-10, 4, 18]);
});

test("room for a label grows with the zoom: none, one line, two lines, three for goals", () => {
  const scene = { kindNames: ["goal", "capability"], kinds: [0, 1], gapX: [100, 100], gapY: [20, 20] };
  assert.equal(labelRoom(scene, 1, 0.3, 7).lines, 0);
  assert.equal(labelRoom(scene, 1, 1, 7).lines, 1);
  assert.equal(labelRoom(scene, 1, 1.5, 7).lines, 2);
  assert.equal(labelRoom(scene, 0, 2.5, 10).lines, 3);
  assert.equal(labelRoom(scene, 1, 10, 7).width, 160);
  assert.equal(labelRoom(scene, 0, 10, 7).width, 190);
});

test("a band's label stays near its top and on screen", () => {
  assert.equal(bandLabelY({ top: 100, bottom: 300 }), 118);
  assert.equal(bandLabelY({ top: -500, bottom: 300 }), 16);
  assert.equal(bandLabelY({ top: -500, bottom: 10 }), 2);
});
