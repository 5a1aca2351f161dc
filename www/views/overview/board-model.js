// The board summary's contents, from the report and the comparison with a snapshot (DOM-free; the
// rules are docs/page.md, "Board summary"): what is off target, the top changes since the snapshot,
// the top three risks and the top three decisions pending.

import { eachInitiative } from "../../lib/initiatives.js";

/** KPI and goal statuses that are not green, reds first (report.status). */
export function offTarget(status) {
  const rank = { red: 0, amber: 1 };
  const kpis = (status?.kpis ?? []).filter((k) => k.status !== "green").map((k) => ({ ...k, what: "kpi" }));
  const goals = (status?.goals ?? []).filter((g) => g.status !== "green").map((g) => ({ ...g, what: "goal" }));
  return [...kpis, ...goals].sort((a, b) => rank[a.status] - rank[b.status]);
}

const SHARE_KPIS = new Set(["alignment_index", "expected_alignment_index", "goal_coverage", "expected_goal_coverage", "unaligned_spend_share"]);

/**
 * The changes since the snapshot that move the numbers most: each change of `diff.changes` with its
 * largest effect in points (a share KPI or a goal's coverage, from `diff.reasons`); the `max`
 * largest, then by order. Changes with no such effect come last.
 */
export function topChanges(diff, max = 3) {
  const best = new Map();
  for (const r of diff?.reasons ?? []) {
    const points = SHARE_KPIS.has(r.subject) || !(r.subject in KPI_SUBJECTS);
    if (!r.subject || !points) continue;
    const cur = best.get(r.change);
    if (!cur || Math.abs(r.delta) > Math.abs(cur.delta)) best.set(r.change, r);
  }
  return (diff?.changes ?? [])
    .map((c, i) => ({ ...c, index: i, reason: best.get(i) ?? null }))
    .sort((a, b) => Math.abs(b.reason?.delta ?? 0) - Math.abs(a.reason?.delta ?? 0) || a.index - b.index)
    .slice(0, max);
}

const KPI_SUBJECTS = Object.fromEntries(
  ["alignment_index", "expected_alignment_index", "goal_coverage", "expected_goal_coverage", "unaligned_spend_share", "total_spend", "unaligned_spend", "total_exposure", "active_initiatives", "orphan_initiatives", "uncovered_goals", "budget"].map((k) => [k, true]),
);

/** KPIs and goals whose status differs between the snapshot and now. */
export function statusChanges(diff) {
  const kpis = (diff?.kpis ?? []).filter((k) => k.old_status !== k.new_status && (k.old_status || k.new_status));
  const goals = (diff?.goals ?? []).filter((g) => g.old_status !== g.new_status && (g.old_status || g.new_status));
  return { kpis, goals };
}

/**
 * The top three risks: the single point of failure that holds up the most top-level goal weight
 * (its goals' weights summed; a sub-goal counts its top-level parents'), when there is one, then the
 * largest exposures (delivery risk × cost), three in all.
 */
export function topRisks(report, name, max = 3) {
  const goals = new Map((report?.goals ?? []).map((g) => [g.id, g]));
  const weightOf = (id, seen = new Set()) => {
    const g = goals.get(id);
    if (!g || seen.has(id)) return 0;
    seen.add(id);
    return g.top_level ? g.weight : Math.max(0, ...(g.parents ?? []).map((p) => weightOf(p, seen)));
  };
  const out = [];
  const spofs = (report?.structure?.single_points_of_failure ?? [])
    .map((x) => ({ ...x, held: x.goals.reduce((s, g) => s + weightOf(g), 0) }))
    .sort((a, b) => b.held - a.held || b.goals.length - a.goals.length || (a.id < b.id ? -1 : 1));
  if (spofs.length) {
    const x = spofs[0];
    out.push({ kind: "spof", id: x.id, name: name(x.id), goals: x.goals, held: x.held });
  }
  // An exposure gives its own risk; one from a report without it, the initiative's (one walk).
  const exposures = report?.kpis?.top_exposures ?? [];
  const ownRisk = new Map(exposures.filter((t) => typeof t.own_risk !== "number").map((t) => [t.id, null]));
  if (ownRisk.size) eachInitiative(report, (i) => ownRisk.has(i.id) && ownRisk.set(i.id, i.own_risk ?? null));
  for (const t of exposures) {
    if (out.length >= max) break;
    const own = typeof t.own_risk === "number" ? t.own_risk : (ownRisk.get(t.id) ?? null);
    out.push({ kind: "exposure", id: t.id, name: t.name ?? name(t.id), exposure: t.exposure, delivery_risk: t.delivery_risk, cost: t.cost, own_risk: own });
  }
  return out.slice(0, max);
}

/**
 * The top three decisions pending, one of each kind in turn (then the next of each): stop or link
 * the active initiative that serves no goal with the largest cost; fund or link the goal no active
 * initiative reaches with the largest weight; approve or drop the proposed initiative with the best
 * value for money (alignment per unit of cost; alignment alone when none has a cost; only those that
 * reach a goal).
 */
export function pendingDecisions(report, name, max = 3) {
  // Two walks over the initiatives with one reused entry (a large model's 300,000 entries are not
  // made for three lines), keeping only the first `max` of each kind: what sorting them all and
  // taking the first `max` gives.
  const orphans = report?.kpis?.orphan_initiatives ?? [];
  const orphanCost = new Map(orphans.map((id) => [id, 0]));
  let anyCost = false;
  eachInitiative(report, (i) => {
    if (orphanCost.size && orphanCost.has(i.id)) orphanCost.set(i.id, i.cost ?? 0);
    if (i.status === "proposed" && i.cost > 0) anyCost = true;
  });
  const stop = firstBy(max, (a, b) => b.cost - a.cost || (a.id < b.id ? -1 : 1));
  for (const id of orphans) {
    const cost = orphanCost.get(id);
    if (stop.wants({ id, cost })) stop.add({ kind: "stop", id, name: name(id), cost });
  }
  const goals = new Map((report?.goals ?? []).map((g) => [g.id, g]));
  const fund = firstBy(max, (a, b) => b.weight - a.weight || (a.id < b.id ? -1 : 1));
  for (const id of report?.kpis?.uncovered_goals ?? []) {
    const g = goals.get(id);
    fund.add({ kind: "fund", id, name: g?.name ?? name(id), weight: g?.weight ?? 0, top_level: g?.top_level ?? false });
  }
  const value = (i) => (anyCost ? (i.cost > 0 ? i.alignment / i.cost : i.alignment > 0 ? Infinity : 0) : i.alignment);
  const approve = firstBy(max, (a, b) => b.value - a.value || (a.id < b.id ? -1 : 1));
  // The id of a candidate is read only when its value ties with the last one kept.
  let at = null;
  const probe = {
    get id() {
      return at.id;
    },
    value: 0,
  };
  eachInitiative(report, (i) => {
    if (!(i.status === "proposed" && i.active && i.alignment > 0)) return;
    at = i;
    probe.value = value(i);
    if (approve.wants(probe)) approve.add({ kind: "approve", id: i.id, name: i.name ?? name(i.id), alignment: i.alignment, cost: i.cost, value: probe.value });
  });
  const queues = [stop.items, fund.items, approve.items];
  const out = [];
  for (let round = 0; out.length < max && queues.some((q) => q.length > round); round++) {
    for (const q of queues) if (q[round] && out.length < max) out.push(q[round]);
  }
  return out;
}

/**
 * The first `max` items by `cmp` of those added, in order: what a stable sort of them all, cut
 * to `max`, gives. `wants(probe)` tells whether an item comparing like `probe` would be kept, so
 * that an item is made only then.
 */
function firstBy(max, cmp) {
  const items = [];
  const wants = (x) => (items.length < max ? true : max > 0 && cmp(x, items[items.length - 1]) < 0);
  return {
    items,
    wants,
    add(item) {
      if (!wants(item)) return;
      let at = items.length;
      while (at > 0 && cmp(item, items[at - 1]) < 0) at--;
      items.splice(at, 0, item);
      if (items.length > max) items.pop();
    },
  };
}
