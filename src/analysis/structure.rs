//! Structural risk: single points of failure (dominators) and blast radius.

use crate::graph::{Csr, Graph};

/// Immediate dominators of the alignment graph from a virtual root that feeds every source
/// (see [`single_points_of_failure`]).
#[derive(Debug, Clone)]
pub struct Dominators {
    /// Immediate dominator of each node: a node, [`Dominators::ROOT`], or [`Dominators::NONE`]
    /// when no source reaches the node.
    pub idom: Vec<u32>,
}

impl Dominators {
    /// The virtual root.
    pub const ROOT: u32 = u32::MAX - 1;
    /// Not reached from any source.
    pub const NONE: u32 = u32::MAX;

    /// The nodes every support path of `goal` runs through, from the sources towards the goal
    /// (empty when no source reaches the goal).
    pub fn of(&self, goal: u32) -> Vec<u32> {
        let mut out = Vec::new();
        let mut x = self.idom[goal as usize];
        while x != Self::ROOT && x != Self::NONE {
            out.push(x);
            x = self.idom[x as usize];
        }
        out.reverse();
        out
    }
}

/// Single points of failure for every goal at once: the nodes every path from every source
/// (`is_source`) to a goal runs through. A source is one itself when it is the only one that
/// reaches the goal.
///
/// Method: dominators of the acyclic alignment graph with a virtual root feeding every source.
/// A goal's single points of failure are its ancestors in the dominator tree. On an acyclic graph
/// one pass in topological order suffices: each node pushes itself into its successors'
/// immediate dominators, intersected as in Cooper, Harvey and Kennedy's algorithm (walking up the
/// tree by topological position). No recursion, no reverse graph.
///
/// Complexity: O(n + m x d), d the depth walked by an intersection (small in practice).
pub fn single_points_of_failure(g: &Graph, is_source: &[bool]) -> Dominators {
    const ROOT: u32 = Dominators::ROOT;
    const NONE: u32 = Dominators::NONE;
    let n = g.n;
    let dag = g.serves.dag();
    // Position in a sources-first topological order; the root comes before everything. The
    // dominator tree is the same over any topological order: the sweep's order (by level, in
    // node order within a level) walks the rows and arrays mostly forward.
    let order = g.serves.sweep_order();
    let mut pos = vec![0u32; n];
    for (i, &v) in order.iter().rev().enumerate() {
        pos[v as usize] = i as u32 + 1;
    }
    let num = |x: u32, pos: &[u32]| if x == ROOT { 0 } else { pos[x as usize] };
    let mut idom = vec![NONE; n];
    let intersect = |mut a: u32, mut b: u32, idom: &[u32]| {
        while a != b {
            while num(a, &pos) > num(b, &pos) {
                a = idom[a as usize];
            }
            while num(b, &pos) > num(a, &pos) {
                b = idom[b as usize];
            }
        }
        a
    };
    for &v in order.iter().rev() {
        if is_source[v as usize] {
            idom[v as usize] = ROOT;
        }
        if idom[v as usize] == NONE {
            continue;
        }
        for &t in dag.targets(v) {
            let cur = idom[t as usize];
            idom[t as usize] = if cur == NONE {
                v
            } else {
                intersect(v, cur, &idom)
            };
        }
    }
    Dominators { idom }
}

/// The nodes that fail when `x` fails: `x` and everything that depends on it, transitively
/// (`needed_by` is the reversed depends_on graph, all edges).
pub fn failure_set(needed_by: &Csr, n: usize, x: u32) -> Vec<bool> {
    let mut failed = vec![false; n];
    let mut stack = vec![x];
    failed[x as usize] = true;
    while let Some(v) = stack.pop() {
        for &u in needed_by.targets(v) {
            if !failed[u as usize] {
                failed[u as usize] = true;
                stack.push(u);
            }
        }
    }
    failed
}

/// The nodes reachable from any failed node along alignment edges (what a failure can touch).
pub fn downstream(g: &Graph, failed: &[bool]) -> Vec<bool> {
    let mut seen = failed.to_vec();
    let mut stack: Vec<u32> = (0..g.n as u32).filter(|&v| failed[v as usize]).collect();
    while let Some(v) = stack.pop() {
        for &u in g.serves.dag().targets(v) {
            if !seen[u as usize] {
                seen[u as usize] = true;
                stack.push(u);
            }
        }
    }
    seen
}
