import { test } from "node:test";
import assert from "node:assert/strict";
import { LabelPlacer, labelPriority, priorityLabels, labelCandidates, MAX_PRIORITY_LABELS } from "./labels.js";

// every character 6 px wide, whatever the font
const measure = (text) => text.length * 6;

test("the placer takes a free box, refuses one that overlaps a taken box, and one partly off the chart", () => {
  const p = new LabelPlacer(200, 100, 4);
  assert.equal(p.place(10, 10, 50, 12), true);
  assert.equal(p.place(40, 15, 50, 12), false, "overlaps the first");
  assert.equal(p.place(10, 30, 50, 12), true, "below it");
  assert.equal(p.place(180, 10, 50, 12), false, "off the right edge");
  assert.equal(p.place(-2, 60, 20, 12), false, "off the left edge");
  assert.equal(p.count, 2);
});

/** A row of goals and a row of 40 applications, 10 view units apart; app k has k % 5 edges. */
function crowded() {
  const n = 43;
  const kinds = Uint8Array.from({ length: n }, (_, i) => (i < 3 ? 0 : 1));
  const layerOf = Uint16Array.from(kinds);
  const vx = Float64Array.from({ length: n }, (_, i) => (i < 3 ? i * 10 : (i - 3) * 10));
  const vy = Float64Array.from({ length: n }, (_, i) => (i < 3 ? 0 : 100));
  const degree = Array.from({ length: n }, (_, i) => (i < 3 ? 3 - i : (i - 3) % 5));
  const adjStart = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) adjStart[i + 1] = adjStart[i] + degree[i];
  return {
    n,
    kinds,
    kindNames: ["goal", "application"],
    names: Array.from({ length: n }, (_, i) => (i < 3 ? `Goal number ${i}` : `Application ${i}`)),
    layerOf,
    layers: [{ nodes: [0, 1, 2] }, { nodes: Array.from({ length: 40 }, (_, k) => k + 3) }],
    vx,
    vy,
    adjStart,
    gapX: new Float64Array(n).fill(10),
    gapY: new Float64Array(n).fill(100),
  };
}

test("priority: the most connected node of every layer (top first), then the second of every layer", () => {
  const s = crowded();
  const order = [...labelPriority(s)];
  assert.equal(order.length, s.n);
  assert.deepEqual(order.slice(0, 4), [0, 7, 1, 12], "goal 0 (3 edges), app 7 (4 edges), goal 1, app 12");
  assert.equal(new Set(order).size, s.n, "every node once");
});

test("crowded names: never overlapping, on screen, most important first, at most the maximum", () => {
  const s = crowded();
  const t = { x: 10, y: 10, k: 1 };
  const placer = new LabelPlacer(400, 200);
  const out = priorityLabels(s, t, 400, 200, () => 3, placer, "sans-serif", null, measure);
  assert.ok(out.length > 2 && out.length <= MAX_PRIORITY_LABELS, `${out.length} labels`);
  assert.equal(out[0].i, 0, "the best-connected goal first");
  for (let p = 0; p < out.length; p++) {
    const a = out[p];
    assert.ok(a.x >= 0 && a.x + a.width <= 400 && a.y >= 0 && a.y <= 200, "on the chart");
    for (let q = p + 1; q < out.length; q++) {
      const b = out[q];
      const apart = a.x + a.width + 3 <= b.x - 3 || b.x + b.width + 3 <= a.x - 3 || Math.abs(a.y - b.y) >= 16;
      assert.ok(apart, `labels of ${a.i} and ${b.i} overlap`);
    }
  }
  // a node left out is never named; nodes off the chart neither
  const skipped = priorityLabels(s, t, 400, 200, () => 3, new LabelPlacer(400, 200), "sans-serif", (i) => i === 0, measure);
  assert.ok(!skipped.some((l) => l.i === 0));
  const away = priorityLabels(s, { x: -5000, y: 10, k: 1 }, 400, 200, () => 3, new LabelPlacer(400, 200), "sans-serif", null, measure);
  assert.deepEqual(away, []);
});

test("beside-the-node labels: only where the zoom leaves room, top layers first", () => {
  const s = crowded();
  const visible = Uint32Array.from({ length: s.n }, (_, i) => i);
  assert.deepEqual(labelCandidates(s, visible, s.n, 1, () => 3, null), [], "10 px apart: no room at zoom 1");
  const wide = labelCandidates(s, visible, s.n, 10, () => 3, (i) => i === 1);
  assert.equal(wide.length, s.n - 1);
  assert.deepEqual(wide.slice(0, 2), [0, 2], "goals first, the skipped one left out");
});
