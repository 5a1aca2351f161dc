//! Alignment: how strongly each node reaches each goal along contributes, supports and part_of
//! paths, combined with noisy-OR; conflict along paths with one negative contribution; and the
//! strongest explaining paths.

use crate::graph::{Graph, RowWeights};

/// Number of goals one sweep handles at once: one cache line of `f64` per node.
pub const BLOCK: usize = 8;

/// Reach (or conflict) of up to [`BLOCK`] goals for one node: one cache line, aligned to one, so
/// that the sweep reads one line per edge (an unaligned lane would straddle two).
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C, align(64))]
pub struct Lane(pub [f64; BLOCK]);

impl Lane {
    /// Every goal unreached.
    pub const ZERO: Lane = Lane([0.0; BLOCK]);
}

impl std::ops::Deref for Lane {
    type Target = [f64; BLOCK];
    fn deref(&self) -> &[f64; BLOCK] {
        &self.0
    }
}

impl std::ops::DerefMut for Lane {
    fn deref_mut(&mut self) -> &mut [f64; BLOCK] {
        &mut self.0
    }
}

/// Fills `reach[v][j]` with node `v`'s reach of goal `goals[j]`, for up to [`BLOCK`] goals at once:
/// `reach(goal, goal) = 1`, and for every other node
/// `reach(v) = 1 - prod over edges v -> u of (1 - w * reach(u))`.
///
/// Nodes in `failed` (when given) reach nothing. When `conflict` is given it is filled with the
/// reach along paths that hold exactly one negative contribution:
/// `conflict(v) = 1 - prod_pos (1 - w * conflict(u)) * prod_neg (1 - |w| * reach(u))`.
/// Lanes past `goals.len()` hold zeros.
///
/// Complexity: O(n + m) per call, one pass over the acyclic layer in processing order (a second
/// for conflict, once every reach is final); each edge reads one cache line for all goals of
/// the block.
pub fn sweep(
    g: &Graph,
    goals: &[u32],
    reach: &mut [Lane],
    conflict: Option<&mut [Lane]>,
    failed: Option<&[bool]>,
) {
    sweep_then(g, goals, reach, conflict, failed, |_, _| {}, |_, _| {});
}

/// [`sweep`], handing every node's lane to `reached` (its reach) and to `conflicted` (its
/// conflict, when `conflict` is given) the moment it is final, each node once per pass: what a
/// caller folds over every node's lane it folds there, while the lane is in cache, instead of in
/// a pass of its own over all the lanes.
pub fn sweep_then(
    g: &Graph,
    goals: &[u32],
    reach: &mut [Lane],
    conflict: Option<&mut [Lane]>,
    failed: Option<&[bool]>,
    mut reached: impl FnMut(usize, &Lane),
    mut conflicted: impl FnMut(usize, &Lane),
) {
    debug_assert!(goals.len() <= BLOCK);
    let dag = g.serves.dag();
    // Every node reads only its targets' lanes: the order by level gives the same lanes and
    // walks the rows and lanes mostly forward.
    let order = g.serves.sweep_order();
    let is_failed = |vi: usize| failed.is_some_and(|f| f[vi]);
    for &v in order {
        let vi = v as usize;
        reach[vi] = if is_failed(vi) {
            Lane::ZERO
        } else {
            let (ts, ws) = dag.row(v);
            let mut q = [1.0; BLOCK];
            miss(&mut q, ts, ws, reach);
            lane(&q, goals, v, 1.0)
        };
        reached(vi, &reach[vi]);
    }
    // Conflict in a second pass, once every node's reach is final: a negative edge may point to
    // a node that comes later in the processing order.
    let Some(c) = conflict else {
        return;
    };
    for &v in order {
        let vi = v as usize;
        c[vi] = if is_failed(vi) {
            Lane::ZERO
        } else {
            let (ts, ws) = dag.row(v);
            let mut qc = [1.0; BLOCK];
            miss(&mut qc, ts, ws, c);
            let (ns, nw) = g.conflicts.row(v);
            miss(&mut qc, ns, nw, reach);
            lane(&qc, goals, v, 0.0)
        };
        conflicted(vi, &c[vi]);
    }
}

/// [`sweep`] over `nodes` only: a processing order of them (each after its targets) that holds
/// every target of each; `slot[v]` is node `v`'s place in `nodes`, and its lane goes to
/// `reach[slot[v]]`. Nodes in `failed` reach nothing. Each lane is made from its targets' lanes
/// with the operations of [`sweep`], so it is bit for bit the lane [`sweep`] gives the node.
///
/// Complexity: O(nodes + their edges).
pub fn sweep_nodes(
    g: &Graph,
    goals: &[u32],
    nodes: &[u32],
    slot: &[u32],
    reach: &mut [Lane],
    failed: &[bool],
) {
    debug_assert!(goals.len() <= BLOCK);
    let dag = g.serves.dag();
    for (i, &v) in nodes.iter().enumerate() {
        reach[i] = if failed[v as usize] {
            Lane::ZERO
        } else {
            let (ts, ws) = dag.row(v);
            let mut q = [1.0; BLOCK];
            miss_at(&mut q, ts, ws, |u| &reach[slot[u as usize] as usize]);
            lane(&q, goals, v, 1.0)
        };
    }
}

/// Node `v`'s lane from the noisy-OR products `q` of its edges: `1 - q[j]` for each goal of the
/// block, `own` for the goal that is `v` itself, 0 past the block's goals.
#[inline(always)]
fn lane(q: &[f64; BLOCK], goals: &[u32], v: u32, own: f64) -> Lane {
    let mut out = [0.0; BLOCK];
    for (j, &goal) in goals.iter().enumerate() {
        out[j] = if goal == v { own } else { 1.0 - q[j] };
    }
    Lane(out)
}

/// `q[j] *= 1 - w * lanes[u][j]` for every edge `(u, w)` of a row and every lane: the noisy-OR
/// product of the sweep, the one hot loop of alignment. The row's weights are read the way they
/// are held, chosen once per row.
#[inline(always)]
fn miss(q: &mut [f64; BLOCK], ts: &[u32], ws: RowWeights<'_>, lanes: &[Lane]) {
    miss_at(q, ts, ws, |u| &lanes[u as usize]);
}

/// [`miss`] with each target's lane found by `lane_of` (a node's place in a sweep over some
/// nodes only).
#[inline(always)]
fn miss_at<'l>(
    q: &mut [f64; BLOCK],
    ts: &[u32],
    ws: RowWeights<'_>,
    lane_of: impl Fn(u32) -> &'l Lane,
) {
    match ws {
        RowWeights::Each(w) => miss_by(q, ts, w.iter().copied(), lane_of),
        RowWeights::Coded(c, t) => miss_by(q, ts, c.iter().map(|&c| t[c as usize]), lane_of),
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn miss_by<'l>(
    q: &mut [f64; BLOCK],
    ts: &[u32],
    ws: impl Iterator<Item = f64>,
    lane_of: impl Fn(u32) -> &'l Lane,
) {
    for (&u, w) in ts.iter().zip(ws) {
        let r = lane_of(u);
        for j in 0..BLOCK {
            q[j] *= 1.0 - w * r[j];
        }
    }
}

/// The same with Wasm's 128-bit vectors: four pairs of lanes per edge, the same operations in
/// the same order (no fused multiply-add), so the results are bit for bit the scalar ones.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn miss_by<'l>(
    q: &mut [f64; BLOCK],
    ts: &[u32],
    ws: impl Iterator<Item = f64>,
    lane_of: impl Fn(u32) -> &'l Lane,
) {
    use core::arch::wasm32::{
        f64x2, f64x2_extract_lane as lane, f64x2_mul, f64x2_splat, f64x2_sub,
    };
    let one = f64x2_splat(1.0);
    let mut p = [
        f64x2(q[0], q[1]),
        f64x2(q[2], q[3]),
        f64x2(q[4], q[5]),
        f64x2(q[6], q[7]),
    ];
    for (&u, w) in ts.iter().zip(ws) {
        let r = lane_of(u);
        let w = f64x2_splat(w);
        for (k, pk) in p.iter_mut().enumerate() {
            let rk = f64x2(r[2 * k], r[2 * k + 1]);
            *pk = f64x2_mul(*pk, f64x2_sub(one, f64x2_mul(w, rk)));
        }
    }
    for (k, pk) in p.iter().enumerate() {
        q[2 * k] = lane::<0>(*pk);
        q[2 * k + 1] = lane::<1>(*pk);
    }
}

/// One explaining path from a node to a goal.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Path {
    /// The goal the path ends at.
    pub goal: String,
    /// Product of the effective edge weights along the path.
    pub strength: f64,
    /// The goal's normalised weight times the strength: this path's share of the alignment
    /// if it were the only one.
    pub contribution: f64,
    /// Node ids from the explained node to the goal.
    pub nodes: Vec<String>,
    /// Effective weight of each edge along the path (one fewer than nodes).
    pub weights: Vec<f64>,
}

/// The `k` strongest paths from `source` to `goal`, strongest first, as node index lists with
/// edge weights. Exact: a best-first search guided by the strongest-path bound of every node.
///
/// Complexity: O(n + m) for the bound plus O(k * d * log) for the search (capped at 100,000
/// expansions).
pub fn top_paths(g: &Graph, source: u32, goal: u32, k: usize) -> Vec<(f64, Vec<u32>, Vec<f64>)> {
    let dag = g.serves.dag();
    let best = strongest_to(g, goal);
    let mut out = Vec::new();
    if best[source as usize] <= 0.0 || k == 0 {
        return out;
    }
    // Arena of partial paths: (node, parent entry, weight of the edge into node).
    let mut arena: Vec<(u32, u32, f64)> = vec![(source, u32::MAX, 1.0)];
    let mut heap = std::collections::BinaryHeap::new();
    heap.push(Entry {
        bound: best[source as usize],
        prefix: 1.0,
        at: 0,
        rank: g.rank[source as usize],
    });
    let mut expansions = 0usize;
    while let Some(e) = heap.pop() {
        let (v, _, _) = arena[e.at as usize];
        if v == goal {
            let mut nodes = Vec::new();
            let mut weights = Vec::new();
            let mut at = e.at;
            while at != u32::MAX {
                let (x, parent, w) = arena[at as usize];
                nodes.push(x);
                if parent != u32::MAX {
                    weights.push(w);
                }
                at = parent;
            }
            nodes.reverse();
            weights.reverse();
            out.push((e.prefix, nodes, weights));
            if out.len() >= k {
                break;
            }
            continue;
        }
        expansions += 1;
        if expansions > 100_000 {
            break;
        }
        let (ts, ws) = dag.row(v);
        for (&u, w) in ts.iter().zip(ws) {
            let b = best[u as usize];
            if b > 0.0 {
                arena.push((u, e.at, w));
                heap.push(Entry {
                    bound: e.prefix * w * b,
                    prefix: e.prefix * w,
                    at: (arena.len() - 1) as u32,
                    rank: g.rank[u as usize],
                });
            }
        }
    }
    out
}

/// The strength of the strongest single positive path from every node to `goal` (1 at the goal).
///
/// Complexity: O(n + m).
pub fn strongest_to(g: &Graph, goal: u32) -> Vec<f64> {
    let dag = g.serves.dag();
    let mut best = vec![0f64; g.n];
    for &v in &g.serves.order {
        if v == goal {
            best[v as usize] = 1.0;
            continue;
        }
        let (ts, ws) = dag.row(v);
        let mut b = 0.0f64;
        for (&u, w) in ts.iter().zip(ws) {
            b = b.max(w * best[u as usize]);
        }
        best[v as usize] = b;
    }
    best
}

/// The `k` strongest paths from `source` to `goal` that hold exactly one negative contribution:
/// the strongest positive path to a node `x`, its negative edge `x -> y`, and the strongest
/// positive path from `y` on. Weights are signed (the negative edge is negative); strength is
/// the product of their absolute values. Strongest first.
///
/// Complexity: O(n + m).
pub fn conflict_paths(
    g: &Graph,
    source: u32,
    goal: u32,
    k: usize,
) -> Vec<(f64, Vec<u32>, Vec<f64>)> {
    let dag = g.serves.dag();
    let best = strongest_to(g, goal);
    // Strongest positive path from the source to every node, with the edge that achieves it.
    let mut from = vec![0f64; g.n];
    let mut parent = vec![(u32::MAX, 0f64); g.n];
    from[source as usize] = 1.0;
    for &v in g.serves.order.iter().rev() {
        let f = from[v as usize];
        if f <= 0.0 || v == goal {
            continue;
        }
        let (ts, ws) = dag.row(v);
        for (&t, w) in ts.iter().zip(ws) {
            if f * w > from[t as usize] {
                from[t as usize] = f * w;
                parent[t as usize] = (v, w);
            }
        }
    }
    let mut found: Vec<(f64, u32, u32, f64)> = Vec::new();
    for &x in &g.serves.order {
        let f = from[x as usize];
        if f <= 0.0 || x == goal {
            continue;
        }
        let (ys, ws) = g.conflicts.row(x);
        for (&y, w) in ys.iter().zip(ws) {
            let strength = f * w * best[y as usize];
            if strength > 0.0 {
                found.push((strength, x, y, w));
            }
        }
    }
    found.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(g.rank[a.1 as usize].cmp(&g.rank[b.1 as usize]))
            .then(g.rank[a.2 as usize].cmp(&g.rank[b.2 as usize]))
    });
    found.truncate(k);
    found
        .into_iter()
        .map(|(strength, x, y, w)| {
            let (mut nodes, mut weights) = (vec![x], Vec::new());
            let mut at = x;
            while at != source {
                let (p, pw) = parent[at as usize];
                nodes.push(p);
                weights.push(pw);
                at = p;
            }
            nodes.reverse();
            weights.reverse();
            weights.push(-w);
            nodes.push(y);
            // Follow the strongest positive continuation from y to the goal.
            let mut at = y;
            while at != goal {
                let (ts, ws) = dag.row(at);
                let Some((t, tw)) = ts.iter().zip(ws).map(|(&t, tw)| (t, tw)).max_by(|a, b| {
                    (a.1 * best[a.0 as usize]).total_cmp(&(b.1 * best[b.0 as usize]))
                }) else {
                    break;
                };
                nodes.push(t);
                weights.push(tw);
                at = t;
            }
            (strength, nodes, weights)
        })
        .collect()
}

struct Entry {
    bound: f64,
    prefix: f64,
    at: u32,
    rank: u32,
}

impl PartialEq for Entry {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == std::cmp::Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Entry {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        // Max-heap on the bound; ties broken by rank and arena position for determinism.
        self.bound
            .total_cmp(&o.bound)
            .then(o.rank.cmp(&self.rank))
            .then(o.at.cmp(&self.at))
    }
}
