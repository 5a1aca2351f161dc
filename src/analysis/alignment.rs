//! Alignment: how strongly each node reaches each goal along contributes, supports and part_of
//! paths, combined with noisy-OR; conflict along paths with one negative contribution; and the
//! strongest explaining paths.

use crate::graph::Graph;

/// Number of goals one sweep handles at once: one cache line of `f64` per node.
pub const BLOCK: usize = 8;

/// Reach (or conflict) of up to [`BLOCK`] goals for one node.
pub type Lane = [f64; BLOCK];

/// Fills `reach[v][j]` with node `v`'s reach of goal `goals[j]`, for up to [`BLOCK`] goals at once:
/// `reach(goal, goal) = 1`, and for every other node
/// `reach(v) = 1 - prod over edges v -> u of (1 - w * reach(u))`.
///
/// Nodes in `failed` (when given) reach nothing. When `conflict` is given it is filled with the
/// reach along paths that hold exactly one negative contribution:
/// `conflict(v) = 1 - prod_pos (1 - w * conflict(u)) * prod_neg (1 - |w| * reach(u))`.
/// Lanes past `goals.len()` hold zeros.
///
/// Complexity: O(n + m) per call, one pass over the acyclic layer in processing order; each edge
/// reads one cache line for all goals of the block.
pub fn sweep(
    g: &Graph,
    goals: &[u32],
    reach: &mut [Lane],
    mut conflict: Option<&mut [Lane]>,
    failed: Option<&[bool]>,
) {
    debug_assert!(goals.len() <= BLOCK);
    let k = goals.len();
    let dag = g.serves.dag();
    for &v in &g.serves.order {
        let vi = v as usize;
        if failed.is_some_and(|f| f[vi]) {
            reach[vi] = [0.0; BLOCK];
            if let Some(c) = conflict.as_deref_mut() {
                c[vi] = [0.0; BLOCK];
            }
            continue;
        }
        let (ts, ws) = dag.row(v);
        let mut q = [1.0; BLOCK];
        for (&u, &w) in ts.iter().zip(ws) {
            let r = &reach[u as usize];
            for j in 0..BLOCK {
                q[j] *= 1.0 - w * r[j];
            }
        }
        let mut out = [0.0; BLOCK];
        for j in 0..k {
            out[j] = if goals[j] == v { 1.0 } else { 1.0 - q[j] };
        }
        reach[vi] = out;
        if let Some(c) = conflict.as_deref_mut() {
            let mut qc = [1.0; BLOCK];
            for (&u, &w) in ts.iter().zip(ws) {
                let cu = &c[u as usize];
                for j in 0..BLOCK {
                    qc[j] *= 1.0 - w * cu[j];
                }
            }
            let (ns, nw) = g.conflicts.row(v);
            for (&u, &w) in ns.iter().zip(nw) {
                let r = &reach[u as usize];
                for j in 0..BLOCK {
                    qc[j] *= 1.0 - w * r[j];
                }
            }
            let mut cout = [0.0; BLOCK];
            for j in 0..k {
                cout[j] = if goals[j] == v { 0.0 } else { 1.0 - qc[j] };
            }
            c[vi] = cout;
        }
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
    let n = g.n;
    let dag = g.serves.dag();
    // best[v] = strongest single path from v to goal.
    let mut best = vec![0f64; n];
    for &v in &g.serves.order {
        if v == goal {
            best[v as usize] = 1.0;
            continue;
        }
        let (ts, ws) = dag.row(v);
        let mut b = 0.0f64;
        for (&u, &w) in ts.iter().zip(ws) {
            b = b.max(w * best[u as usize]);
        }
        best[v as usize] = b;
    }
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
        for (&u, &w) in ts.iter().zip(ws) {
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
