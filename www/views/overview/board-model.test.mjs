// The board summary's rules (docs/page.md, "Board summary") on small reports.
import assert from "node:assert/strict";
import { test } from "node:test";
import { offTarget, topChanges, statusChanges, topRisks, pendingDecisions } from "./board-model.js";

const name = (id) => id.toUpperCase();

test("off target: reds first, then ambers; greens left out", () => {
  const status = {
    kpis: [{ kpi: "goal_coverage", status: "amber" }, { kpi: "alignment_index", status: "green" }],
    goals: [{ id: "g1", field: "coverage", status: "red" }],
  };
  assert.deepEqual(offTarget(status).map((x) => x.kpi ?? x.id), ["g1", "goal_coverage"]);
  assert.deepEqual(offTarget(null), []);
});

test("top changes: by their largest effect in points, amounts and counts ignored", () => {
  const diff = {
    changes: [{ text: "a" }, { text: "b" }, { text: "c" }, { text: "d" }],
    reasons: [
      { change: 0, subject: "total_spend", delta: 500 },
      { change: 0, subject: "alignment_index", delta: 0.01 },
      { change: 1, subject: "g1", delta: -0.4 },
      { change: 2, subject: "goal_coverage", delta: 0.2 },
      { change: 3, subject: "", delta: 0 },
    ],
  };
  const top = topChanges(diff);
  assert.deepEqual(top.map((c) => c.text), ["b", "c", "a"]);
  assert.equal(top[2].reason.subject, "alignment_index");
  assert.deepEqual(statusChanges({ kpis: [{ kpi: "x", old_status: "amber", new_status: "green" }, { kpi: "y", old_status: null, new_status: null }], goals: [] }).kpis.map((k) => k.kpi), ["x"]);
});

test("top risks: the single point of failure holding the most goal weight, then the largest exposures", () => {
  const report = {
    goals: [
      { id: "g1", top_level: true, weight: 0.7, parents: [] },
      { id: "g2", top_level: true, weight: 0.3, parents: [] },
      { id: "s", top_level: false, weight: 0, parents: ["g1"] },
    ],
    structure: { single_points_of_failure: [{ id: "c2", goals: ["g2"] }, { id: "c1", goals: ["s"] }] },
    kpis: { top_exposures: [{ id: "i1", exposure: 90, delivery_risk: 0.5, cost: 180 }, { id: "i2", exposure: 20, delivery_risk: 0.1, cost: 200 }, { id: "i3", exposure: 5, delivery_risk: 0.05, cost: 100 }] },
    initiatives: [{ id: "i1", own_risk: 0.2 }],
  };
  const r = topRisks(report, name);
  assert.deepEqual(r.map((x) => [x.kind, x.id]), [["spof", "c1"], ["exposure", "i1"], ["exposure", "i2"]]);
  assert.equal(r[0].held, 0.7);
  assert.equal(r[1].own_risk, 0.2);
  assert.deepEqual(topRisks({ kpis: {}, structure: {} }, name), []);
});

test("decisions pending: one of each kind in turn, ranked within each", () => {
  const report = {
    goals: [{ id: "g1", name: "G1", weight: 0.2, top_level: true }, { id: "g2", name: "G2", weight: 0.5, top_level: true }],
    kpis: { orphan_initiatives: ["o1", "o2"], uncovered_goals: ["g1", "g2"] },
    initiatives: [
      { id: "o1", cost: 10, status: "approved", active: true, alignment: 0 },
      { id: "o2", cost: 50, status: "running", active: true, alignment: 0 },
      { id: "p1", cost: 100, status: "proposed", active: true, alignment: 0.5 },
      { id: "p2", cost: 10, status: "proposed", active: true, alignment: 0.2 },
      { id: "p3", cost: 10, status: "proposed", active: false, alignment: 0.9 },
    ],
  };
  assert.deepEqual(pendingDecisions(report, name).map((x) => [x.kind, x.id]), [["stop", "o2"], ["fund", "g2"], ["approve", "p2"]]);
  assert.deepEqual(pendingDecisions(report, name, 5).map((x) => x.id), ["o2", "g2", "p2", "o1", "g1"]);
  assert.deepEqual(pendingDecisions({ kpis: {}, initiatives: [] }, name), []);
});

// The ranking as it was written first: every candidate made, sorted, and the first `max` taken.
// The board keeps only the first `max` of each kind as it walks; both must give the same lines.
function pendingBySorting(report, name, max = 3) {
  const inits = report?.initiatives ?? [];
  const byId = new Map(inits.map((i) => [i.id, i]));
  const goals = new Map((report?.goals ?? []).map((g) => [g.id, g]));
  const stop = (report?.kpis?.orphan_initiatives ?? []).map((id) => ({ kind: "stop", id, name: name(id), cost: byId.get(id)?.cost ?? 0 })).sort((a, b) => b.cost - a.cost || (a.id < b.id ? -1 : 1));
  const fund = (report?.kpis?.uncovered_goals ?? [])
    .map((id) => ({ kind: "fund", id, name: goals.get(id)?.name ?? name(id), weight: goals.get(id)?.weight ?? 0, top_level: goals.get(id)?.top_level ?? false }))
    .sort((a, b) => b.weight - a.weight || (a.id < b.id ? -1 : 1));
  const anyCost = inits.some((i) => i.status === "proposed" && i.cost > 0);
  const value = (i) => (anyCost ? (i.cost > 0 ? i.alignment / i.cost : i.alignment > 0 ? Infinity : 0) : i.alignment);
  const approve = inits
    .filter((i) => i.status === "proposed" && i.active && i.alignment > 0)
    .map((i) => ({ kind: "approve", id: i.id, name: i.name ?? name(i.id), alignment: i.alignment, cost: i.cost, value: value(i) }))
    .sort((a, b) => b.value - a.value || (a.id < b.id ? -1 : 1));
  const queues = [stop, fund, approve];
  const out = [];
  for (let round = 0; out.length < max && queues.some((q) => q.length > round); round++) {
    for (const q of queues) if (q[round] && out.length < max) out.push(q[round]);
  }
  return out;
}

test("decisions pending: keeping the first of each kind while walking gives what sorting them all gives", () => {
  // A seeded generator: many ties of cost, weight and value (few distinct numbers), no cost at
  // all in some models, alignment without cost (an infinite value), orphans the list names that
  // are not initiatives.
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const name = (id) => `name of ${id}`;
  for (let round = 0; round < 300; round++) {
    const n = Math.floor(rand() * 40);
    const costs = rand() < 0.2 ? [0] : [0, 1, 2, 5, 5, 10];
    const initiatives = Array.from({ length: n }, (_, k) => ({
      id: `i${Math.floor(rand() * 1000)}-${k}`,
      name: rand() < 0.5 ? `I ${k}` : undefined,
      status: pick(["proposed", "proposed", "approved", "in_progress"]),
      active: rand() < 0.9,
      cost: pick(costs),
      alignment: pick([0, 0.1, 0.2, 0.2, 0.5]),
      own_risk: pick([0, 0.3]),
    }));
    const goals = Array.from({ length: Math.floor(rand() * 8) }, (_, k) => ({ id: `g${k}`, name: rand() < 0.5 ? `G ${k}` : undefined, weight: pick([0, 0.25, 0.5]), top_level: rand() < 0.5 }));
    const report = {
      kpis: {
        orphan_initiatives: [...initiatives.filter(() => rand() < 0.3).map((i) => i.id), ...(rand() < 0.3 ? ["not-an-initiative"] : [])],
        uncovered_goals: goals.filter(() => rand() < 0.5).map((g) => g.id),
      },
      goals,
      initiatives,
    };
    for (const max of [0, 1, 2, 3, 5, 8]) {
      assert.deepEqual(pendingDecisions(report, name, max), pendingBySorting(report, name, max), `round ${round}, max ${max}`);
    }
  }
});
