//! What-if toggles: initiatives switched on or off without copying the model, and the update of
//! [`Scores`] in place when one is switched, touching only what the switch reaches.
//!
//! A switched-on initiative scores as `approved`, a switched-off one as `cancelled`. After
//! [`update`], every score equals a full [`super::compute_with`] under the new toggles, bit for
//! bit: each recomputed number is produced by the same floating-point operations, in the same
//! order, as the full pass (see `docs/scoring.md`, "What-if toggles").

use super::{Scores, alignment::Lane, checks, risk, structure::Dominators};
use crate::diagnostics::Code;
use crate::graph::Graph;
use crate::model::{Model, NodeKind, Status};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};

/// Initiatives whose status differs from the model's for a what-if: node index -> active
/// (true: scored as `approved`, false: as `cancelled`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Toggles(BTreeMap<u32, bool>);

impl Toggles {
    /// No toggle.
    pub fn new() -> Toggles {
        Toggles::default()
    }

    /// The toggle of node `v`, if any.
    pub fn get(&self, v: u32) -> Option<bool> {
        self.0.get(&v).copied()
    }

    /// Sets (`Some`) or removes (`None`) the toggle of node `v`.
    pub fn set(&mut self, v: u32, on: Option<bool>) {
        match on {
            Some(on) => {
                self.0.insert(v, on);
            }
            None => {
                self.0.remove(&v);
            }
        }
    }

    /// True when nothing is toggled.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Removes every toggle.
    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// (node, active) pairs in node order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, bool)> + '_ {
        self.0.iter().map(|(&v, &on)| (v, on))
    }

    /// The status node `v` is scored with.
    #[inline]
    pub fn status(&self, model: &Model, v: u32) -> Status {
        match self.get(v) {
            Some(true) => Status::Approved,
            Some(false) => Status::Cancelled,
            None => model.nodes[v as usize].status(),
        }
    }

    /// True when node `v` is an initiative in the active portfolio under the toggles.
    #[inline]
    pub fn is_active(&self, model: &Model, v: u32) -> bool {
        if self.0.is_empty() {
            return model.nodes[v as usize].is_active_initiative();
        }
        model.nodes[v as usize].kind == NodeKind::Initiative
            && !matches!(self.status(model, v), Status::Done | Status::Cancelled)
    }

    /// A copy of `model` with the toggled statuses written in.
    pub fn apply(&self, model: &Model) -> Model {
        let mut m = model.clone();
        for (v, on) in self.iter() {
            m.nodes[v as usize].attrs_mut().status = Some(if on {
                Status::Approved
            } else {
                Status::Cancelled
            });
        }
        m
    }
}

/// depends_on edge indices (into `model.edges`) incident to each node, built once per scores on
/// the first what-if update.
#[derive(Debug, Clone, Default)]
pub struct DependsOnEdges {
    offsets: Vec<u32>,
    edges: Vec<u32>,
}

impl DependsOnEdges {
    fn build(model: &Model) -> DependsOnEdges {
        let n = model.nodes.len();
        let dep = || {
            model
                .edges
                .iter()
                .enumerate()
                .filter(|(_, e)| e.kind == crate::model::EdgeKind::DependsOn)
        };
        let mut offsets = vec![0u32; n + 1];
        for (_, e) in dep() {
            offsets[e.from as usize + 1] += 1;
            if e.to != e.from {
                offsets[e.to as usize + 1] += 1;
            }
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets[..n].to_vec();
        let mut edges = vec![0u32; offsets[n] as usize];
        for (i, e) in dep() {
            for v in [e.from, e.to] {
                if v == e.to && e.to == e.from {
                    continue;
                }
                edges[fill[v as usize] as usize] = i as u32;
                fill[v as usize] += 1;
            }
        }
        DependsOnEdges { offsets, edges }
    }

    fn of(&self, v: u32) -> &[u32] {
        &self.edges[self.offsets[v as usize] as usize..self.offsets[v as usize + 1] as usize]
    }
}

/// Brings `s` (scores of `model` under their toggles) to the toggles `toggles`, which differ
/// from the scores' only at node `v`. Recomputes only what the switch reaches:
///
/// - delivery risk of `v` and of what depends on it, transitively, in dependency order (stopping
///   where a value does not change);
/// - `v`'s row of the reach and conflict matrices (added or removed): one sweep over the nodes
///   `v` reaches, for the goals among them;
/// - coverage, expected coverage, value at risk, conflict and serving count of the goals `v`
///   reaches and of the goals reached by active initiatives whose delivery risk changed (each a
///   product over the active portfolio in id order, as the full pass forms it);
/// - the dominators (single points of failure) of the nodes `v` reaches;
/// - the depends_on warnings of the edges at `v`; blast radius when it was computed.
///
/// Alignment, conflict, traceability, PageRank and betweenness do not depend on statuses.
pub fn update(model: &Model, s: &mut Scores, toggles: Toggles, v: u32) {
    let before = std::mem::replace(&mut s.toggles, toggles);
    debug_assert!(
        before
            .iter()
            .filter(|&(x, _)| x != v)
            .eq(s.toggles.iter().filter(|&(x, _)| x != v)),
        "toggles differ only at the switched node"
    );
    if before.status(model, v) == s.toggles.status(model, v) {
        return;
    }
    let gc = s.goals.len();
    let mut touched = vec![false; gc];

    // Delivery risk, from v along what depends on it.
    let (own, _) = risk::own_and_fixed(model, &s.toggles, v);
    s.own_risk[v as usize] = own;
    let changed = repropagate(model, s, v);

    // The active portfolio: v's row in or out.
    let rank = &s.graph.rank;
    let at = s
        .active
        .binary_search_by_key(&rank[v as usize], |&a| rank[a as usize]);
    let now = s.toggles.is_active(model, v);
    let has_conflicts = s.graph.conflicts.edge_count() > 0;
    let flipped = at.is_ok() != now;
    match at {
        Ok(row) if !now => {
            mark_row(s, row, &mut touched);
            s.active.remove(row);
            s.active_cost.remove(row);
            s.reach.drain(row * gc..(row + 1) * gc);
            if has_conflicts {
                s.conflict_reach.drain(row * gc..(row + 1) * gc);
            }
        }
        Err(row) if now => {
            let (reach, conflict) = row_of(s, v, has_conflicts);
            s.active.insert(row, v);
            s.active_cost
                .insert(row, model.nodes[v as usize].attrs().cost().unwrap_or(0.0));
            s.reach.splice(row * gc..row * gc, reach);
            if has_conflicts {
                s.conflict_reach.splice(row * gc..row * gc, conflict);
            }
            mark_row(s, row, &mut touched);
        }
        _ => {}
    }
    // Goals of the active initiatives whose delivery risk changed.
    for &u in &changed {
        if let Ok(row) = s
            .active
            .binary_search_by_key(&s.graph.rank[u as usize], |&a| s.graph.rank[a as usize])
        {
            let r = &s.reach[row * gc..(row + 1) * gc];
            for (t, &x) in touched.iter_mut().zip(r) {
                *t |= x > 0.0;
            }
        }
    }
    regoal(s, &touched);

    if flipped && s.dominators.is_some() {
        redominate(model, s, v);
    }
    rediagnose(model, s, v);
    if s.blast_radius_computed {
        let mut lanes: Vec<Lane> = vec![[0.0; super::BLOCK]; s.graph.n];
        s.blast_all(&mut lanes);
    }
}

/// Marks the goals row `row` of the matrices reaches or conflicts with.
fn mark_row(s: &Scores, row: usize, touched: &mut [bool]) {
    let gc = s.goals.len();
    for (j, t) in touched.iter_mut().enumerate() {
        *t |= s.reach[row * gc + j] > 0.0
            || (s.graph.conflicts.edge_count() > 0 && s.conflict_reach[row * gc + j] > 0.0);
    }
}

/// Delivery risk of `v` and, where it changes, of its dependents, in dependency order; returns
/// the nodes whose delivery risk changed.
fn repropagate(model: &Model, s: &mut Scores, v: u32) -> Vec<u32> {
    let g = &s.graph;
    let dag = g.needs.dag();
    let dependents = g.needs.dag_rev(&g.rank);
    let pos = g.needs.position();
    let mut queued: HashMap<u32, ()> = HashMap::new();
    let mut heap = BinaryHeap::new();
    heap.push(Reverse((pos[v as usize], v)));
    queued.insert(v, ());
    let mut changed = Vec::new();
    while let Some(Reverse((_, x))) = heap.pop() {
        let fixed = risk::own_and_fixed(model, &s.toggles, x).1;
        let p = risk::propagate(dag, &s.delivery_risk, s.own_risk[x as usize], fixed, x);
        if p.to_bits() == s.delivery_risk[x as usize].to_bits() {
            continue;
        }
        s.delivery_risk[x as usize] = p;
        changed.push(x);
        for &d in dependents.targets(x) {
            if queued.insert(d, ()).is_none() {
                heap.push(Reverse((pos[d as usize], d)));
            }
        }
    }
    changed
}

/// The reach and conflict rows (one value per goal) of node `v`: the alignment sweep run over
/// the nodes `v` reaches only, for the goals among them, with the full sweep's operations.
fn row_of(s: &Scores, v: u32, has_conflicts: bool) -> (Vec<f64>, Vec<f64>) {
    let g: &Graph = &s.graph;
    let dag = g.serves.dag();
    let gc = s.goals.len();
    // The nodes v reaches along alignment edges and negative edges.
    let mut slot: HashMap<u32, usize> = HashMap::new();
    let mut nodes = vec![v];
    slot.insert(v, 0);
    let mut at = 0;
    while at < nodes.len() {
        let x = nodes[at];
        at += 1;
        let more = dag.targets(x).iter().chain(if has_conflicts {
            g.conflicts.targets(x)
        } else {
            &[]
        });
        for &u in more {
            if let std::collections::hash_map::Entry::Vacant(e) = slot.entry(u) {
                e.insert(nodes.len());
                nodes.push(u);
            }
        }
    }
    let pos = g.serves.position();
    nodes.sort_unstable_by_key(|&x| pos[x as usize]);
    for (i, &x) in nodes.iter().enumerate() {
        slot.insert(x, i);
    }
    // The goals among them (local columns) and their columns in the matrices.
    let rank = &g.rank;
    let local: Vec<(u32, usize)> = nodes
        .iter()
        .copied()
        .filter(|&x| g.kind[x as usize] == NodeKind::Goal)
        .map(|x| {
            let col = s
                .goals
                .binary_search_by_key(&rank[x as usize], |&y| rank[y as usize])
                .expect("every goal has a column");
            (x, col)
        })
        .collect();
    let k = local.len();
    let mut reach = vec![0f64; nodes.len() * k];
    let mut q = vec![0f64; k];
    for (i, &x) in nodes.iter().enumerate() {
        let (ts, ws) = dag.row(x);
        q.fill(1.0);
        for (&u, &w) in ts.iter().zip(ws) {
            let r = &reach[slot[&u] * k..(slot[&u] + 1) * k];
            for j in 0..k {
                q[j] *= 1.0 - w * r[j];
            }
        }
        for j in 0..k {
            reach[i * k + j] = if local[j].0 == x { 1.0 } else { 1.0 - q[j] };
        }
    }
    let mut conflict = Vec::new();
    if has_conflicts {
        conflict = vec![0f64; nodes.len() * k];
        for (i, &x) in nodes.iter().enumerate() {
            let (ts, ws) = dag.row(x);
            q.fill(1.0);
            for (&u, &w) in ts.iter().zip(ws) {
                let c = &conflict[slot[&u] * k..(slot[&u] + 1) * k];
                for j in 0..k {
                    q[j] *= 1.0 - w * c[j];
                }
            }
            let (ns, nw) = g.conflicts.row(x);
            for (&u, &w) in ns.iter().zip(nw) {
                let r = &reach[slot[&u] * k..(slot[&u] + 1) * k];
                for j in 0..k {
                    q[j] *= 1.0 - w * r[j];
                }
            }
            for j in 0..k {
                conflict[i * k + j] = if local[j].0 == x { 0.0 } else { 1.0 - q[j] };
            }
        }
    }
    let me = slot[&v];
    let mut reach_row = vec![0f64; gc];
    let mut conflict_row = vec![0f64; if has_conflicts { gc } else { 0 }];
    for (j, &(_, col)) in local.iter().enumerate() {
        reach_row[col] = reach[me * k + j];
        if has_conflicts {
            conflict_row[col] = conflict[me * k + j];
        }
    }
    (reach_row, conflict_row)
}

/// Coverage, expected coverage, value at risk, conflict and serving count of the touched goals,
/// each formed over the active portfolio in id order as the full pass forms it.
fn regoal(s: &mut Scores, touched: &[bool]) {
    let gc = s.goals.len();
    // Every column when most are touched (one contiguous pass per row), else the touched ones.
    let cols: Vec<usize> = if touched.iter().filter(|&&t| t).count() * 2 >= gc {
        (0..gc).collect()
    } else {
        (0..gc).filter(|&j| touched[j]).collect()
    };
    if cols.is_empty() {
        return;
    }
    let k = cols.len();
    let all = k == gc;
    let has_conflicts = s.graph.conflicts.edge_count() > 0;
    let (mut q, mut qe, mut qc) = (vec![1.0; k], vec![1.0; k], vec![1.0; k]);
    let mut var = vec![0.0; k];
    let mut serving = vec![0usize; k];
    for (row, &i) in s.active.iter().enumerate() {
        let p = s.delivery_risk[i as usize];
        let cost = s.active_cost[row];
        let r = &s.reach[row * gc..(row + 1) * gc];
        let mut step = |t: usize, r: f64| {
            q[t] *= 1.0 - r;
            qe[t] *= 1.0 - (1.0 - p) * r;
            var[t] += p * cost * r;
            serving[t] += usize::from(r > 0.0);
        };
        if all {
            for (t, &r) in r.iter().enumerate() {
                step(t, r);
            }
        } else {
            for (t, &j) in cols.iter().enumerate() {
                step(t, r[j]);
            }
        }
        if has_conflicts {
            let c = &s.conflict_reach[row * gc..(row + 1) * gc];
            for (t, &j) in cols.iter().enumerate() {
                qc[t] *= 1.0 - c[j];
            }
        }
    }
    for (t, &j) in cols.iter().enumerate() {
        s.coverage[j] = 1.0 - q[t];
        s.expected_coverage[j] = 1.0 - qe[t];
        s.value_at_risk[j] = var[t];
        s.goal_conflict[j] = 1.0 - qc[t];
        s.serving[j] = serving[t];
    }
}

/// The immediate dominators of the nodes `v` reaches (the only ones whose paths from the sources
/// change when `v` stops or starts being a source), then the single points of failure of the
/// goals among them.
fn redominate(model: &Model, s: &mut Scores, v: u32) {
    let g = &s.graph;
    let dag = g.serves.dag();
    let mut seen: HashMap<u32, ()> = HashMap::new();
    let mut nodes = vec![v];
    seen.insert(v, ());
    let mut at = 0;
    while at < nodes.len() {
        let x = nodes[at];
        at += 1;
        for &u in dag.targets(x) {
            if seen.insert(u, ()).is_none() {
                nodes.push(u);
            }
        }
    }
    let pos = g.serves.position();
    // Sources first: the reverse of the processing order.
    nodes.sort_unstable_by_key(|&x| Reverse(pos[x as usize]));
    let toggles = &s.toggles;
    let is_source =
        |x: u32| toggles.is_active(model, x) || g.kind[x as usize] == NodeKind::Application;
    let dom = s.dominators.as_mut().expect("dominators were computed");
    dom.recompute(g, &nodes, is_source);
    let rank = &g.rank;
    for &x in &nodes {
        if g.kind[x as usize] == NodeKind::Goal {
            let gi = s
                .goals
                .binary_search_by_key(&rank[x as usize], |&y| rank[y as usize])
                .expect("every goal has a column");
            s.single_points_of_failure[gi] = dom.of(x);
        }
    }
}

impl Dominators {
    /// Recomputes the immediate dominators of `nodes` (given sources first, closed under
    /// successors) from their predecessors, as the full pass forms them.
    fn recompute(&mut self, g: &Graph, nodes: &[u32], is_source: impl Fn(u32) -> bool) {
        let preds = g.served_by();
        let n = g.n as u32;
        let pos = g.serves.position();
        // The full pass numbers nodes sources first (1..=n), the root 0.
        let num = |x: u32| {
            if x == Self::ROOT {
                0
            } else {
                n - pos[x as usize]
            }
        };
        for &t in nodes {
            let idom = &self.idom;
            let intersect = |mut a: u32, mut b: u32| {
                while a != b {
                    while num(a) > num(b) {
                        a = idom[a as usize];
                    }
                    while num(b) > num(a) {
                        b = idom[b as usize];
                    }
                }
                a
            };
            let d = if is_source(t) {
                Self::ROOT
            } else {
                let mut cur = Self::NONE;
                for &u in preds.targets(t) {
                    if idom[u as usize] == Self::NONE {
                        continue;
                    }
                    cur = if cur == Self::NONE {
                        u
                    } else {
                        intersect(u, cur)
                    };
                }
                cur
            };
            self.idom[t as usize] = d;
        }
    }
}

/// The depends_on warnings of the edges at `v`, brought to the current toggles (each sits
/// after the edge's other warnings, in edge order, as the full pass writes them).
fn rediagnose(model: &Model, s: &mut Scores, v: u32) {
    let index = s
        .depends_on_edges
        .get_or_init(|| DependsOnEdges::build(model));
    let start = s.graph.serves.cycles.len() + s.graph.needs.cycles.len();
    for &e in index.of(v) {
        let e = e as usize;
        let tail = &s.diagnostics[start.min(s.diagnostics.len())..];
        let at = start
            + tail.partition_point(|d| {
                d.place
                    .edge
                    .is_some_and(|x| x < e || (x == e && d.code != Code::DependsOnCancelled))
            });
        let present = s
            .diagnostics
            .get(at)
            .is_some_and(|d| d.code == Code::DependsOnCancelled && d.place.edge == Some(e));
        match (present, checks::depends_on_cancelled(model, &s.toggles, e)) {
            (true, None) => {
                s.diagnostics.remove(at);
            }
            (false, Some(d)) => s.diagnostics.insert(at, d),
            (true, Some(d)) => s.diagnostics[at] = d,
            (false, None) => {}
        }
    }
}
