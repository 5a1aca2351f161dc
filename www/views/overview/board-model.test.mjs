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
