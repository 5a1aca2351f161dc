//! What-if toggles: initiatives switched on or off without copying the model, and the update of
//! [`Scores`] in place when one is switched, touching only what the switch reaches.
//!
//! A switched-on initiative scores as `approved`, a switched-off one as `cancelled`. After
//! [`update`], every score equals a full [`super::compute_with`] under the new toggles, bit for
//! bit: each recomputed number is produced by the same floating-point operations, in the same
//! order, as the full pass (see `docs/scoring.md`, "What-if toggles").

use super::{Scores, checks, risk, structure::Dominators};
use crate::diagnostics::Code;
use crate::graph::Graph;
use crate::model::{Model, NodeKind, Status};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

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

/// Scratch space of [`update`], kept with the scores and reused by every toggle: a visit stamp
/// per node (a node is marked in the current visit when its stamp equals the visit's number),
/// and the lists the steps fill.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scratch {
    stamp: Vec<u32>,
    visit: u32,
    local: Vec<u32>,
    nodes: Vec<u32>,
    heap: BinaryHeap<Reverse<(u32, u32)>>,
    changed: Vec<u32>,
    blocks: Vec<u32>,
    goals: Vec<(u32, u32)>,
    next: Vec<(u32, u32)>,
}

impl Scratch {
    /// Starts a new visit over `n` nodes: no node is marked in it.
    fn visit(&mut self, n: usize) -> u32 {
        if self.stamp.len() != n || self.visit == u32::MAX {
            self.stamp = vec![0; n];
            self.local = vec![0; n];
            self.visit = 0;
        }
        self.visit += 1;
        self.visit
    }

    /// Marks `x` in visit `at`; false when it already was.
    #[inline]
    fn mark(&mut self, x: u32, at: u32) -> bool {
        let s = &mut self.stamp[x as usize];
        if *s == at {
            return false;
        }
        *s = at;
        true
    }
}

/// How many initiatives a leaf block of [`GoalProducts`] holds.
pub const LEAF: usize = 8;

/// How many nodes of a level of [`GoalProducts`] one node of the level above folds.
pub const FAN: usize = 8;

/// The numbers a goal's portfolio scores are folded from, one level of [`GoalProducts`]: per
/// goal and node (`goal * len + node`), the product of (1 - reach), the product of
/// (1 - (1 - delivery risk) x reach), the sum of delivery risk x cost x reach and the product of
/// (1 - conflict reach) (empty without negative contributions).
#[derive(Debug, Clone, Default)]
struct Level {
    len: usize,
    q: Vec<f64>,
    qe: Vec<f64>,
    var: Vec<f64>,
    qc: Vec<f64>,
}

/// The active rows a [`GoalProducts`] is folded from (fields of [`Scores`]).
pub(crate) struct Rows<'a> {
    /// Active initiatives in id order.
    pub active: &'a [u32],
    /// Delivery risk of each node.
    pub risk: &'a [f64],
    /// Cost of each active initiative.
    pub cost: &'a [f64],
    /// The reach matrix, a row per active initiative.
    pub reach: &'a [f64],
    /// The conflict matrix (empty when the graph has no negative contributions).
    pub conflict: &'a [f64],
}

/// Coverage, expected coverage, value at risk and goal conflict of every goal, each folded over
/// the active portfolio along one fixed tree, so that a what-if toggle refolds only the path from
/// the initiatives it changes to the root (docs/scoring.md, "What-if toggles").
///
/// The leaves are the initiatives (all of them, active or not) in id order, grouped [`LEAF`] to a
/// leaf block; a leaf block folds its active initiatives in id order, and each node of a level
/// above folds [`FAN`] consecutive nodes of the level below, in order, up to a single root.
/// Inactive initiatives and empty blocks contribute factors of exactly 1 (and terms of exactly
/// 0), so the tree's shape does not depend on the statuses, and the full pass and a toggle form
/// every number with the same operations in the same order.
#[derive(Debug, Clone, Default)]
pub(crate) struct GoalProducts {
    goals: usize,
    conflicts: bool,
    /// Each node's position among the initiatives in id order (`u32::MAX` for other nodes).
    slot: Vec<u32>,
    /// The active rows of leaf block `b` are `row_start[b]..row_start[b + 1]`.
    row_start: Vec<u32>,
    /// `levels[0]` holds the leaf blocks, the last level the root.
    levels: Vec<Level>,
    /// Per leaf block, then per level above, node and goal: the number of the last refold that
    /// refolded it.
    refolded: Vec<Vec<u32>>,
    /// The number of the last refold.
    refolds: u32,
    /// Scratch space of a leaf block's fold: four numbers per goal.
    acc: Vec<f64>,
}

impl GoalProducts {
    /// Folds every goal's numbers from scratch. Also returns how many active initiatives reach
    /// each goal.
    pub(crate) fn build(g: &Graph, goals: usize, rows: &Rows) -> (GoalProducts, Vec<usize>) {
        let mut slot = vec![u32::MAX; g.n];
        let mut count = 0usize;
        for &v in &g.by_rank {
            if g.kind[v as usize] == NodeKind::Initiative {
                slot[v as usize] = count as u32;
                count += 1;
            }
        }
        let blocks = count.div_ceil(LEAF).max(1);
        let mut row_start = vec![0u32; blocks + 1];
        for &a in rows.active {
            row_start[slot[a as usize] as usize / LEAF + 1] += 1;
        }
        for b in 0..blocks {
            row_start[b + 1] += row_start[b];
        }
        let conflicts = g.conflicts.edge_count() > 0;
        let mut levels = Vec::new();
        let mut len = blocks;
        loop {
            let size = len * goals;
            levels.push(Level {
                len,
                q: vec![1.0; size],
                qe: vec![1.0; size],
                var: vec![0.0; size],
                qc: vec![1.0; if conflicts { size } else { 0 }],
            });
            if len == 1 {
                break;
            }
            len = len.div_ceil(FAN);
        }
        let refolded = levels
            .iter()
            .enumerate()
            .map(|(k, l)| vec![0; if k == 0 { l.len } else { l.len * goals }])
            .collect();
        let mut p = GoalProducts {
            goals,
            conflicts,
            slot,
            row_start,
            levels,
            refolded,
            refolds: 0,
            acc: vec![0.0; 4 * goals],
        };
        for b in 0..blocks {
            p.leaf(b, rows, None);
        }
        for k in 1..p.levels.len() {
            for c in 0..p.levels[k].len {
                for j in 0..goals {
                    p.inner(k, c, j);
                }
            }
        }
        let mut serving = vec![0usize; goals];
        for r in rows.reach.chunks_exact(goals.max(1)) {
            for (n, &x) in serving.iter_mut().zip(r) {
                *n += usize::from(x > 0.0);
            }
        }
        (p, serving)
    }

    /// Coverage, expected coverage, value at risk and goal conflict of goal `j` (the root).
    pub(crate) fn goal(&self, j: usize) -> (f64, f64, f64, f64) {
        let root = self.levels.last().expect("a tree has a root");
        let qc = if self.conflicts { root.qc[j] } else { 1.0 };
        (1.0 - root.q[j], 1.0 - root.qe[j], root.var[j], 1.0 - qc)
    }

    /// The leaf block of initiative `v`.
    #[inline]
    fn block(&self, v: u32) -> usize {
        self.slot[v as usize] as usize / LEAF
    }

    /// The active rows of leaf block `b`.
    #[inline]
    fn rows(&self, b: usize) -> std::ops::Range<usize> {
        self.row_start[b] as usize..self.row_start[b + 1] as usize
    }

    /// Initiative `v` enters (`true`) or leaves the active rows.
    fn shift(&mut self, v: u32, enters: bool) {
        let b = self.block(v);
        for x in &mut self.row_start[b + 1..] {
            if enters {
                *x += 1;
            } else {
                *x -= 1;
            }
        }
    }

    /// Folds leaf block `b` for every goal: its active rows in id order. With `changed`, adds
    /// to it (parent, goal) for each goal whose numbers changed.
    fn leaf(&mut self, b: usize, rows: &Rows, changed: Option<&mut Vec<(u32, u32)>>) {
        let gc = self.goals;
        let (q, rest) = self.acc.split_at_mut(gc);
        let (qe, rest) = rest.split_at_mut(gc);
        let (var, qc) = rest.split_at_mut(gc);
        q.fill(1.0);
        qe.fill(1.0);
        var.fill(0.0);
        qc.fill(1.0);
        for row in self.row_start[b] as usize..self.row_start[b + 1] as usize {
            let p = rows.risk[rows.active[row] as usize];
            let cost = rows.cost[row];
            let reach = &rows.reach[row * gc..(row + 1) * gc];
            for j in 0..gc {
                let r = reach[j];
                q[j] *= 1.0 - r;
                qe[j] *= 1.0 - (1.0 - p) * r;
                var[j] += p * cost * r;
            }
            if self.conflicts {
                let conflict = &rows.conflict[row * gc..(row + 1) * gc];
                for j in 0..gc {
                    qc[j] *= 1.0 - conflict[j];
                }
            }
        }
        let l = &mut self.levels[0];
        let mut changed = changed;
        for j in 0..gc {
            let at = j * l.len + b;
            let differs = l.q[at].to_bits() != q[j].to_bits()
                || l.qe[at].to_bits() != qe[j].to_bits()
                || l.var[at].to_bits() != var[j].to_bits()
                || (self.conflicts && l.qc[at].to_bits() != qc[j].to_bits());
            (l.q[at], l.qe[at], l.var[at]) = (q[j], qe[j], var[j]);
            if self.conflicts {
                l.qc[at] = qc[j];
            }
            if let Some(out) = changed.as_deref_mut().filter(|_| differs) {
                out.push(((b / FAN) as u32, j as u32));
            }
        }
    }

    /// Folds node `c` of level `k` (above the leaves) for goal `j`: its nodes of level `k - 1`
    /// in order.
    fn inner(&mut self, k: usize, c: usize, j: usize) -> bool {
        let (below, above) = self.levels.split_at_mut(k);
        let lo = &below[k - 1];
        let span = j * lo.len + c * FAN..j * lo.len + ((c + 1) * FAN).min(lo.len);
        let (mut q, mut qe, mut var, mut qc) = (1.0, 1.0, 0.0, 1.0);
        for &a in &lo.q[span.clone()] {
            q *= a;
        }
        for &a in &lo.qe[span.clone()] {
            qe *= a;
        }
        for &a in &lo.var[span.clone()] {
            var += a;
        }
        if self.conflicts {
            for &a in &lo.qc[span] {
                qc *= a;
            }
        }
        let hi = &mut above[0];
        let at = j * hi.len + c;
        let differs = hi.q[at].to_bits() != q.to_bits()
            || hi.qe[at].to_bits() != qe.to_bits()
            || hi.var[at].to_bits() != var.to_bits()
            || (self.conflicts && hi.qc[at].to_bits() != qc.to_bits());
        (hi.q[at], hi.qe[at], hi.var[at]) = (q, qe, var);
        if self.conflicts {
            hi.qc[at] = qc;
        }
        differs
    }

    /// Refolds the leaf blocks `blocks` (repeats allowed) and, where a number changed, the
    /// nodes above them; leaves in `changed` the goals whose root changed, as (0, goal) pairs,
    /// once each. `next` is scratch space.
    fn refold(
        &mut self,
        blocks: &[u32],
        changed: &mut Vec<(u32, u32)>,
        next: &mut Vec<(u32, u32)>,
        rows: &Rows,
    ) {
        if self.refolds == u32::MAX {
            for r in &mut self.refolded {
                r.fill(0);
            }
            self.refolds = 0;
        }
        self.refolds += 1;
        let now = self.refolds;
        changed.clear();
        for &b in blocks {
            let mark = &mut self.refolded[0][b as usize];
            if *mark != now {
                *mark = now;
                self.leaf(b as usize, rows, Some(changed));
            }
        }
        for k in 1..self.levels.len() {
            next.clear();
            for &(c, j) in changed.iter() {
                let (c, j) = (c as usize, j as usize);
                let mark = &mut self.refolded[k][j * self.levels[k].len + c];
                if *mark == now {
                    continue;
                }
                *mark = now;
                if self.inner(k, c, j) {
                    next.push(((c / FAN) as u32, j as u32));
                }
            }
            std::mem::swap(changed, next);
        }
    }

    /// Coverage and expected coverage of one goal folded along the tree from `term(row)`: the
    /// reach and delivery risk of active row `row`, or None to leave the row out.
    pub(crate) fn coverage_with(
        &self,
        active: usize,
        mut term: impl FnMut(usize) -> Option<(f64, f64)>,
    ) -> (f64, f64) {
        debug_assert_eq!(active, self.row_start[self.row_start.len() - 1] as usize);
        let mut level: Vec<(f64, f64)> = (0..self.levels[0].len)
            .map(|b| {
                let (mut q, mut qe) = (1.0, 1.0);
                for row in self.rows(b) {
                    if let Some((r, p)) = term(row) {
                        q *= 1.0 - r;
                        qe *= 1.0 - (1.0 - p) * r;
                    }
                }
                (q, qe)
            })
            .collect();
        while level.len() > 1 {
            level = level
                .chunks(FAN)
                .map(|c| {
                    let (mut q, mut qe) = (1.0, 1.0);
                    for &(a, b) in c {
                        q *= a;
                        qe *= b;
                    }
                    (q, qe)
                })
                .collect();
        }
        (1.0 - level[0].0, 1.0 - level[0].1)
    }
}

/// Brings `s` (scores of `model` under their toggles) to the toggles `toggles`, which differ
/// from the scores' only at node `v`. Recomputes only what the switch reaches:
///
/// - delivery risk of `v` and of what depends on it, transitively, in dependency order (stopping
///   where a value does not change);
/// - `v`'s row of the reach and conflict matrices (added or removed): one sweep over the nodes
///   `v` reaches, for the goals among them;
/// - coverage, expected coverage, value at risk and conflict: the leaf blocks of
///   [`GoalProducts`] holding `v` and the initiatives whose delivery risk changed, then, for the
///   goals whose numbers changed there, the nodes above them up to the root; the serving counts
///   of the goals `v`'s row reaches;
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
    let mut scratch = std::mem::take(&mut s.scratch);
    let gc = s.goals.len();

    // Delivery risk, from v along what depends on it.
    let (own, _) = risk::own_and_fixed(model, &s.toggles, v);
    s.own_risk[v as usize] = own;
    repropagate(model, s, v, &mut scratch);

    // The active portfolio: v's row in or out.
    let rank = &s.graph.rank;
    let at = s
        .active
        .binary_search_by_key(&rank[v as usize], |&a| rank[a as usize]);
    let now = s.toggles.is_active(model, v);
    let has_conflicts = s.graph.conflicts.edge_count() > 0;
    let flipped = at.is_ok() != now;
    scratch.blocks.clear();
    match at {
        Ok(row) if !now => {
            count_row(s, row, false);
            s.active.remove(row);
            s.active_cost.remove(row);
            s.reach.drain(row * gc..(row + 1) * gc);
            if has_conflicts {
                s.conflict_reach.drain(row * gc..(row + 1) * gc);
            }
            s.products.shift(v, false);
        }
        Err(row) if now => {
            let (reach, conflict) = row_of(s, v, has_conflicts, &mut scratch);
            s.active.insert(row, v);
            s.active_cost
                .insert(row, model.nodes[v as usize].attrs().cost().unwrap_or(0.0));
            s.reach.splice(row * gc..row * gc, reach);
            if has_conflicts {
                s.conflict_reach.splice(row * gc..row * gc, conflict);
            }
            s.products.shift(v, true);
            count_row(s, row, true);
        }
        _ => {}
    }
    // The leaf blocks of v and of the initiatives whose delivery risk changed.
    if s.graph.kind[v as usize] == NodeKind::Initiative {
        scratch.blocks.push(s.products.block(v) as u32);
    }
    for &u in &scratch.changed {
        if s.graph.kind[u as usize] == NodeKind::Initiative {
            scratch.blocks.push(s.products.block(u) as u32);
        }
    }
    let rows = Rows {
        active: &s.active,
        risk: &s.delivery_risk,
        cost: &s.active_cost,
        reach: &s.reach,
        conflict: &s.conflict_reach,
    };
    s.products.refold(
        &scratch.blocks,
        &mut scratch.goals,
        &mut scratch.next,
        &rows,
    );
    for &(_, j) in &scratch.goals {
        let j = j as usize;
        (
            s.coverage[j],
            s.expected_coverage[j],
            s.value_at_risk[j],
            s.goal_conflict[j],
        ) = s.products.goal(j);
    }

    if flipped && s.dominators.is_some() {
        redominate(model, s, v, &mut scratch);
    }
    rediagnose(model, s, v);
    s.scratch = scratch;
    if s.blast_radius_computed {
        s.blast_all();
    }
}

/// Counts active row `row` in (`enters`) or out of the serving counts of the goals it reaches.
fn count_row(s: &mut Scores, row: usize, enters: bool) {
    let gc = s.goals.len();
    for (n, &r) in s.serving.iter_mut().zip(&s.reach[row * gc..(row + 1) * gc]) {
        if r > 0.0 {
            if enters {
                *n += 1;
            } else {
                *n -= 1;
            }
        }
    }
}

/// Delivery risk of `v` and, where it changes, of its dependents, in dependency order; leaves
/// the nodes whose delivery risk changed in `scratch.changed`.
fn repropagate(model: &Model, s: &mut Scores, v: u32, scratch: &mut Scratch) {
    let g = &s.graph;
    let dag = g.needs.dag();
    let dependents = g.needs.dag_rev(&g.rank);
    let pos = g.needs.position();
    let at = scratch.visit(g.n);
    let heap = &mut scratch.heap;
    heap.clear();
    heap.push(Reverse((pos[v as usize], v)));
    scratch.stamp[v as usize] = at;
    scratch.changed.clear();
    while let Some(Reverse((_, x))) = heap.pop() {
        let fixed = risk::own_and_fixed(model, &s.toggles, x).1;
        let p = risk::propagate(dag, &s.delivery_risk, s.own_risk[x as usize], fixed, x);
        if p.to_bits() == s.delivery_risk[x as usize].to_bits() {
            continue;
        }
        s.delivery_risk[x as usize] = p;
        scratch.changed.push(x);
        for &d in dependents.targets(x) {
            let st = &mut scratch.stamp[d as usize];
            if *st != at {
                *st = at;
                heap.push(Reverse((pos[d as usize], d)));
            }
        }
    }
}

/// The reach and conflict rows (one value per goal) of node `v`: the alignment sweep run over
/// the nodes `v` reaches only, for the goals among them, with the full sweep's operations.
pub(crate) fn row_of(
    s: &Scores,
    v: u32,
    has_conflicts: bool,
    scratch: &mut Scratch,
) -> (Vec<f64>, Vec<f64>) {
    let g: &Graph = &s.graph;
    let dag = g.serves.dag();
    let gc = s.goals.len();
    // The nodes v reaches along alignment edges and negative edges.
    let seen = scratch.visit(g.n);
    let mut nodes = std::mem::take(&mut scratch.nodes);
    nodes.clear();
    nodes.push(v);
    scratch.mark(v, seen);
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
            if scratch.mark(u, seen) {
                nodes.push(u);
            }
        }
    }
    let pos = g.serves.position();
    nodes.sort_unstable_by_key(|&x| pos[x as usize]);
    let slot = &mut scratch.local;
    for (i, &x) in nodes.iter().enumerate() {
        slot[x as usize] = i as u32;
    }
    let slot = |x: u32| scratch.local[x as usize] as usize;
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
        for (&u, w) in ts.iter().zip(ws) {
            let r = &reach[slot(u) * k..(slot(u) + 1) * k];
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
            for (&u, w) in ts.iter().zip(ws) {
                let c = &conflict[slot(u) * k..(slot(u) + 1) * k];
                for j in 0..k {
                    q[j] *= 1.0 - w * c[j];
                }
            }
            let (ns, nw) = g.conflicts.row(x);
            for (&u, w) in ns.iter().zip(nw) {
                let r = &reach[slot(u) * k..(slot(u) + 1) * k];
                for j in 0..k {
                    q[j] *= 1.0 - w * r[j];
                }
            }
            for j in 0..k {
                conflict[i * k + j] = if local[j].0 == x { 0.0 } else { 1.0 - q[j] };
            }
        }
    }
    let me = slot(v);
    let mut reach_row = vec![0f64; gc];
    let mut conflict_row = vec![0f64; if has_conflicts { gc } else { 0 }];
    for (j, &(_, col)) in local.iter().enumerate() {
        reach_row[col] = reach[me * k + j];
        if has_conflicts {
            conflict_row[col] = conflict[me * k + j];
        }
    }
    scratch.nodes = nodes;
    (reach_row, conflict_row)
}

/// The immediate dominators of the nodes `v` reaches (the only ones whose paths from the sources
/// change when `v` stops or starts being a source), then the single points of failure of the
/// goals among them.
fn redominate(model: &Model, s: &mut Scores, v: u32, scratch: &mut Scratch) {
    let g = &s.graph;
    let dag = g.serves.dag();
    let seen = scratch.visit(g.n);
    let mut nodes = std::mem::take(&mut scratch.nodes);
    nodes.clear();
    nodes.push(v);
    scratch.mark(v, seen);
    let mut at = 0;
    while at < nodes.len() {
        let x = nodes[at];
        at += 1;
        for &u in dag.targets(x) {
            if scratch.mark(u, seen) {
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
    scratch.nodes = nodes;
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
                    // The root dominates everything: no further predecessor changes it.
                    if cur == Self::ROOT {
                        break;
                    }
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

#[cfg(test)]
mod tests {
    /// Folding a goal along the tree from the matrix rows (what blast radius does with no
    /// failure) gives the scores' coverage and expected coverage to the bit, on a model whose
    /// tree has several levels.
    #[test]
    fn coverage_with_every_row_is_the_goal_coverage() {
        let model = crate::generate::layered(4000, 4, 3);
        let s = super::super::compute(&model, &super::super::Options::default());
        assert!(
            s.products.levels.len() >= 3,
            "{} levels",
            s.products.levels.len()
        );
        let gc = s.goals.len();
        assert!(gc > 0);
        for j in 0..gc {
            let (c, e) = s.products.coverage_with(s.active.len(), |row| {
                Some((
                    s.reach[row * gc + j],
                    s.delivery_risk[s.active[row] as usize],
                ))
            });
            assert_eq!(c.to_bits(), s.coverage[j].to_bits(), "goal {j}");
            assert_eq!(e.to_bits(), s.expected_coverage[j].to_bits(), "goal {j}");
        }
    }
}
