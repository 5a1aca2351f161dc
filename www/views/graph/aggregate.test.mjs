import { test } from "node:test";
import assert from "node:assert/strict";
import { buildScene, aggregate, placeGroups } from "./scene.js";
import { groupScene, layoutGroups, aggregateEdges, groupMeans, isOpen, aggregateWidth, groupAt, memberGrid } from "./aggregate.js";

const KINDS = ["goal", "capability", "activity", "application", "initiative", "element"];
const EDGE_KINDS = ["contributes_to", "part_of", "depends_on", "excludes"];

/**
 * Goals g1 g2 (layer 0); capabilities c1 c2 -> g1, c3 -> g2 (layer 1); applications a1 -> c1, c2, c3
 * (two links towards g1, one towards g2), a2 -> c3, a3 -> c1, and x with no edge (layer 2).
 */
function scene(extra = {}) {
  const ids = ["g1", "g2", "c1", "c2", "c3", "a1", "a2", "a3", "x"];
  const kinds = [0, 0, 1, 1, 1, 3, 3, 3, 3];
  const layer = [0, 0, 1, 1, 1, 2, 2, 2, 2];
  const x = [0, 28, 0, 28, 56, 0, 28, 56, 84];
  const from = [2, 3, 4, 5, 5, 5, 6, 7];
  const to = [0, 0, 1, 2, 3, 4, 4, 2];
  const s = buildScene({
    ids,
    names: ids.map((i) => i.toUpperCase()),
    kinds: Uint8Array.from(kinds),
    kindNames: KINDS,
    edgeKindNames: EDGE_KINDS,
    layout: { x: Float64Array.from(x), y: Float64Array.from(layer.map((l) => l * 28)), layer: Uint32Array.from(layer) },
    edges: { from: Uint32Array.from(from), to: Uint32Array.from(to), kind: new Uint8Array(from.length), weight: new Float64Array(from.length).fill(1) },
    ...extra,
  });
  return s;
}

const membersOf = (s, g) => [...g.members].map((i) => s.ids[i]);

test("groups: a layer by the top-layer node each node reaches first; ties go where most links go", () => {
  const s = scene();
  const { groups, columns } = groupScene(s);
  assert.deepEqual(columns.map((c) => c.label), ["G1", "G2", "Not linked to the goals"]);
  const byTitle = Object.fromEntries(groups.map((g) => [g.title, membersOf(s, g)]));
  assert.deepEqual(byTitle, {
    "Goals: G1": ["g1"],
    "Goals: G2": ["g2"],
    "Capabilities: G1": ["c1", "c2"],
    "Capabilities: G2": ["c3"],
    // a1 links to c1 and c2 (G1) and c3 (G2): G1; a2 only to c3
    "Applications: G1": ["a1", "a3"],
    "Applications: G2": ["a2"],
    "Applications: Not linked to the goals": ["x"],
  });
  assert.equal(new Set(groups.map((g) => g.key)).size, groups.length, "keys are unique");
});

test("more top-layer nodes than columns: runs of them share a column, named after the first", () => {
  const s = scene();
  const { columns, groups } = groupScene(s, 1);
  assert.deepEqual(columns.map((c) => c.label), ["G1 and 1 more", "Not linked to the goals"]);
  assert.deepEqual(membersOf(s, groups.find((g) => g.title === "Applications: G1 and 1 more")), ["a1", "a2", "a3"]);
});

test("layout: closed groups hide their members at the box's centre; an expanded one shows them inside", () => {
  const s = scene();
  const grouping = groupScene(s);
  const caps = grouping.groups.find((g) => g.title === "Capabilities: G1");
  const apps = grouping.groups.find((g) => g.title === "Applications: G1");
  const out = layoutGroups(s, grouping, new Set([caps.key]), 1.6);
  const box = (g) => [...out.boxes.subarray(g.index * 4, g.index * 4 + 4)];
  assert.equal(isOpen(caps, new Set([caps.key])), true);
  assert.equal(out.open[caps.index], 1);
  assert.equal(out.open[apps.index], 0);
  const [x0, y0, x1, y1] = box(caps);
  for (const i of caps.members) {
    assert.equal(s.hidden[i], 0);
    assert.ok(s.vx[i] > x0 && s.vx[i] < x1 && s.vy[i] > y0 && s.vy[i] < y1, `${s.ids[i]} inside its box`);
  }
  const [a0, b0, a1, b1] = box(apps);
  for (const i of apps.members) {
    assert.equal(s.hidden[i], 1);
    assert.equal(s.vx[i], (a0 + a1) / 2);
    assert.equal(s.vy[i], (b0 + b1) / 2);
  }
  // single nodes (the goals) are always drawn as nodes
  const goal = grouping.groups.find((g) => g.title === "Goals: G1");
  assert.equal(out.open[goal.index], 1);
  // no two boxes overlap
  const G = grouping.groups.length;
  for (let p = 0; p < G; p++) {
    for (let q = p + 1; q < G; q++) {
      const [px0, py0, px1, py1] = out.boxes.subarray(p * 4, p * 4 + 4);
      const [qx0, qy0, qx1, qy1] = out.boxes.subarray(q * 4, q * 4 + 4);
      assert.ok(px1 <= qx0 || qx1 <= px0 || py1 <= qy0 || qy1 <= py0, `boxes ${p} and ${q} overlap`);
    }
  }
  assert.equal(groupAt(out.boxes, (a0 + a1) / 2, (b0 + b1) / 2), apps.index);
  assert.equal(groupAt(out.boxes, -1e6, -1e6), -1);
  // rows: one per layer in reading order
  assert.deepEqual(out.rows.map((r) => r.label), ["Goals", "Capabilities", "Applications"]);
});

test("edges between groups are counted; inside one closed group dropped; to an open group's node kept per node", () => {
  const s = scene();
  const grouping = groupScene(s);
  const find = (t) => grouping.groups.find((g) => g.title === t);
  const capsG1 = find("Capabilities: G1");
  layoutGroups(s, grouping, new Set(), 1.6);
  const e = aggregateEdges(s, grouping.groupOf, grouping.groups.length, s.hidden);
  const n = s.n;
  const pairs = new Map();
  for (let q = 0; q < e.a.length; q++) pairs.set(`${e.a[q]}-${e.b[q]}`, e.count[q]);
  const rep = (t) => (s.hidden[find(t).members[0]] ? n + find(t).index : find(t).members[0]);
  const key = (p, q) => {
    const [a, b] = [rep(p), rep(q)].sort((x, y) => x - y);
    return `${a}-${b}`;
  };
  // c1 -> g1, c2 -> g1: two edges, one line of count 2 (the goal is a single node, drawn itself)
  assert.equal(pairs.get(key("Capabilities: G1", "Goals: G1")), 2);
  // a1 -> c1, a1 -> c2, a3 -> c1
  assert.equal(pairs.get(key("Applications: G1", "Capabilities: G1")), 3);
  assert.equal(pairs.get(key("Applications: G1", "Capabilities: G2")), 1);
  assert.equal(e.count[0], Math.max(...e.count), "heaviest first");
  // expanding the capabilities: their edges are per node now
  const expanded = new Set([capsG1.key]);
  layoutGroups(s, grouping, expanded, 1.6);
  const e2 = aggregateEdges(s, grouping.groupOf, grouping.groups.length, s.hidden);
  const c1 = s.ids.indexOf("c1");
  const appsG1 = n + find("Applications: G1").index;
  const found = [...e2.a.keys()].find((q) => e2.a[q] === c1 && e2.b[q] === appsG1);
  assert.equal(e2.count[found], 2, "a1 -> c1 and a3 -> c1");
  // node-to-node edges are left to the node renderer
  const g1 = s.ids.indexOf("g1");
  assert.ok(![...e2.a.keys()].some((q) => e2.a[q] === g1 && e2.b[q] === c1));
});

test("aggregate() only above 10,000 nodes; placeGroups fills bands, bounds and the counted edges", () => {
  const s = scene();
  assert.equal(aggregate(s, new Set()), false);
  assert.equal(s.agg, null);
  // a scene above the threshold is aggregated
  const big = { ...s, n: 10001 };
  assert.equal(aggregate(big, new Set()), true);
  assert.ok(big.agg.grouping.groups.length > 0);
  // the small scene, laid out as groups: the same code path as a large model
  s.agg = { grouping: groupScene(s), expanded: new Set(), boxes: null, open: null, rows: [], edges: null };
  placeGroups(s, 900, 600);
  assert.deepEqual(s.bands.map((b) => b.label), ["Goals", "Capabilities", "Applications"]);
  assert.ok(s.viewBounds.x1 > s.viewBounds.x0 && s.viewBounds.y1 > s.viewBounds.y0);
  assert.ok(s.agg.edges.a.length > 0);
});

test("group means skip missing values; line widths grow with the count and stop at 10 px", () => {
  const s = scene();
  const { groups } = groupScene(s);
  const values = Float64Array.from([1, 0, 0.2, 0.4, NaN, 0.5, NaN, 0.1, NaN]);
  const means = groupMeans(groups, values);
  const of = (t) => means[groups.find((g) => g.title === t).index];
  assert.ok(Math.abs(of("Capabilities: G1") - 0.3) < 1e-12);
  assert.ok(Number.isNaN(of("Capabilities: G2")));
  assert.ok(Math.abs(of("Applications: G1") - 0.3) < 1e-12);
  assert.equal(aggregateWidth(1), 1);
  assert.equal(aggregateWidth(8), 4);
  assert.equal(aggregateWidth(1e6), 10);
  assert.deepEqual(memberGrid(10), { cols: 5, rows: 2 });
});
