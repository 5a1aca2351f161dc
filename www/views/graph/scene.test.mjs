import { test } from "node:test";
import assert from "node:assert/strict";
import { buildScene, place, rowsOf, layerLabel, screenBands, neighbourhood, neighbourInDirection, searchScene, maskBox, SVG_MAX_NODES } from "./scene.js";
import { niceMax, computeColors, readScores, PALETTE_BINS } from "./colors.js";
import { edgeStride, EDGE_BUDGET } from "./canvas-edges.js";

const KINDS = ["goal", "capability", "activity", "application", "initiative", "element"];
const EDGE_KINDS = ["contributes_to", "part_of", "depends_on", "excludes"];

/** An engine of two goals, three capabilities and two initiatives (the engine's layout: 28 units apart). */
function fakeEngine() {
  const ids = ["g1", "g2", "c1", "c2", "c3", "i1", "i2"];
  const kinds = [0, 0, 1, 1, 1, 4, 4];
  const layer = [0, 0, 1, 1, 1, 2, 2];
  const x = [0, 28, 0, 28, 56, 14, 42];
  const y = layer.map((l) => l * 28);
  const edges = { from: [2, 3, 4, 5, 6, 5], to: [0, 0, 1, 2, 4, 6], kind: [0, 0, 0, 0, 0, 3], weight: [1, 1, 1, 1, -1, 1] };
  const scores = {
    alignment: Float64Array.from([1, 0.5, 0.4, 0.3, 0.2, 0.1, Number.NaN]),
    delivery_risk: Float64Array.from([0, 0, 0.1, 0.2, 0.3, 0.5, 0.05]),
  };
  const active = Uint8Array.from([1, 1, 1, 1, 1, 0, 1]);
  return {
    nodeCount: ids.length,
    nodeIds: () => ids,
    nodeNames: () => ids.map((s) => s.toUpperCase()),
    nodeKinds: () => Uint8Array.from(kinds),
    layout: () => ({ x: Float64Array.from(x), y: Float64Array.from(y), layer: Uint32Array.from(layer) }),
    edges: () => ({ from: Uint32Array.from(edges.from), to: Uint32Array.from(edges.to), kind: Uint8Array.from(edges.kind), weight: Float64Array.from(edges.weight) }),
    scores: (name) => scores[name],
    activeMask: () => active,
  };
}

function scene(width = 900, height = 600) {
  const e = fakeEngine();
  const s = buildScene({ ids: e.nodeIds(), names: e.nodeNames(), kinds: e.nodeKinds(), kindNames: KINDS, edgeKindNames: EDGE_KINDS, layout: e.layout(), edges: e.edges() });
  place(s, width, height);
  return s;
}

test("layers top to bottom, labelled by the kinds they hold, in the engine's order", () => {
  const s = scene();
  assert.equal(s.mode, "svg");
  assert.deepEqual(s.layers.map((L) => L.label), ["Goals", "Capabilities", "Initiatives"]);
  assert.deepEqual(s.layers.map((L) => L.nodes), [[0, 1], [2, 3, 4], [5, 6]]);
  assert.equal(layerLabel(["capability", "activity"]), "Capabilities & activities");
  assert.equal(layerLabel(["goal", "capability", "activity"]), "Goals, capabilities & activities");
});

test("edge styles come from kind and weight; the adjacency holds both directions", () => {
  const s = scene();
  assert.deepEqual([...s.edgeStyle], [0, 0, 0, 0, 4, 3]);
  const around = (i) => [...s.adjNode.slice(s.adjStart[i], s.adjStart[i + 1])].sort();
  assert.deepEqual(around(0), [2, 3]);
  assert.deepEqual(around(5), [2, 6]);
});

test("bands: one per layer, in reading order, with the rows' y range; screen bands meet half way", () => {
  const s = scene();
  assert.equal(s.bands.length, 3);
  for (let b = 0; b < 3; b++) assert.ok(s.bands[b].y0 <= s.bands[b].y1);
  assert.ok(s.bands[0].y1 < s.bands[1].y0 && s.bands[1].y1 < s.bands[2].y0);
  const sb = screenBands(s, (y) => y);
  assert.equal(sb[0].top, s.bands[0].y0 - 24);
  assert.equal(sb[0].bottom, sb[1].top);
  assert.equal(sb[1].bottom, (s.bands[1].y1 + s.bands[2].y0) / 2);
  assert.equal(sb[2].bottom, s.bands[2].y1 + 24);
});

test("rows re-wrap for the width: a narrow chart puts the capabilities in more rows", () => {
  assert.equal(rowsOf(3, 3), 1);
  assert.equal(rowsOf(5, 4), 1, "a layer a little wider than the columns stays one row");
  assert.equal(rowsOf(4, 3), 2);
  assert.equal(rowsOf(9, 3), 3);
  const wide = scene(1200, 700);
  const narrow = scene(300, 700);
  assert.equal(wide.rowStarts.length - 1, 3, "one row per layer when wide");
  assert.ok(narrow.rowStarts.length - 1 > 3, `rows when narrow: ${narrow.rowStarts.length - 1}`);
  // reading order: rows top to bottom, left to right
  for (let p = 1; p < narrow.n; p++) {
    const a = narrow.order[p - 1];
    const b = narrow.order[p];
    assert.ok(narrow.vy[a] < narrow.vy[b] || (narrow.vy[a] === narrow.vy[b] && narrow.vx[a] <= narrow.vx[b]));
  }
});

test("two-hop neighbourhood, its box, and arrow-key neighbours", () => {
  const s = scene(1200, 700);
  const mask = neighbourhood(s, 0, 2);
  assert.deepEqual([...mask], [1, 0, 1, 1, 0, 1, 0]);
  assert.equal(maskBox(s, mask).count, 4);
  assert.equal(neighbourInDirection(s, 2, "Right"), 3);
  assert.equal(neighbourInDirection(s, 2, "Left"), -1);
  assert.equal(neighbourInDirection(s, 2, "Up"), 0);
  assert.equal(neighbourInDirection(s, 0, "Up"), -1);
});

test("search: exact id or name first, then substrings, in reading order", () => {
  const s = scene();
  assert.deepEqual(searchScene(s, "C2"), [3]);
  assert.deepEqual(searchScene(s, " c "), [2, 3, 4]);
  assert.deepEqual(searchScene(s, ""), []);
});

test("scores: inactive initiatives counted, colours binned over a nice domain, no value muted", () => {
  const s = scene();
  readScores(s, fakeEngine());
  assert.deepEqual([...s.inactive], [0, 0, 0, 0, 0, 1, 0]);
  assert.equal(s.inactiveCount, 1);
  // No mask (no scores yet): no initiative is active.
  const bare = scene();
  readScores(bare, { ...fakeEngine(), activeMask: () => null });
  assert.deepEqual([...bare.inactive], [0, 0, 0, 0, 0, 1, 1]);
  assert.deepEqual(s.domains.alignment, [0, 1]);
  assert.deepEqual(s.domains.risk, [0, 0.5]);
  computeColors(s, "alignment", { muted: "#777777" });
  assert.equal(s.bin[0], PALETTE_BINS - 1);
  assert.equal(s.bin[6], PALETTE_BINS);
  assert.equal(s.fill[6], "#777777");
  computeColors(s, "risk", { muted: "#777777" });
  assert.equal(s.bin[5], PALETTE_BINS - 1);
  assert.equal(s.bin[0], 0);
});

test("niceMax rounds a colour domain up to a tidy bound", () => {
  assert.equal(niceMax(0), 1);
  assert.equal(niceMax(Number.NaN), 1);
  assert.equal(niceMax(0.04), 0.05);
  assert.equal(niceMax(0.21), 0.25);
  assert.equal(niceMax(0.8), 0.8);
  assert.equal(niceMax(1), 1);
  assert.equal(niceMax(2.3), 3);
});

test("large models: canvas mode; the edge sample halves until within budget", () => {
  assert.equal(SVG_MAX_NODES, 1500);
  assert.equal(edgeStride(1000, 50), 1);
  assert.equal(edgeStride(EDGE_BUDGET + 1, 1), 2);
  assert.equal(edgeStride(4 * EDGE_BUDGET, 1), 4);
  assert.equal(edgeStride(10000, 1200), 2, "long edges: the pixel budget");
});
