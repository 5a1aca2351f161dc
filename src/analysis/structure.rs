//! Structural risk: single points of failure (dominators) and blast radius.

use crate::graph::{Csr, Graph};

/// Reusable buffers for [`single_points_of_failure`].
#[derive(Debug, Default)]
pub struct DomScratch {
    number: Vec<u32>,
    post: Vec<u32>,
    idom: Vec<u32>,
    stack: Vec<(u32, u32)>,
}

const NONE: u32 = u32::MAX;

/// The nodes every support path of `goal` runs through: every path from any source node
/// (`is_source`) that reaches the goal passes each returned node. Ordered from the sources
/// towards the goal. A source is returned itself when it is the only one that reaches the goal.
///
/// Method: immediate dominators (Cooper, Harvey and Kennedy's iterative algorithm) on the
/// reversed alignment graph rooted at the goal, with a virtual node fed by every source; the
/// dominators of the virtual node are the single points of failure. Iterative DFS, no recursion.
///
/// Complexity: O(m' * iterations) over the goal's ancestors (m' edges); iterations are few on
/// the reducible graphs models produce.
pub fn single_points_of_failure(
    g: &Graph,
    goal: u32,
    is_source: &dyn Fn(u32) -> bool,
    s: &mut DomScratch,
) -> Vec<u32> {
    let rev: &Csr = g.served_by();
    let fwd: &Csr = g.serves.dag();
    if s.number.len() != g.n {
        s.number = vec![NONE; g.n];
    }
    s.post.clear();
    // Postorder numbers start at 1; 0 is the virtual node.
    s.stack.clear();
    s.stack.push((goal, 0));
    s.number[goal as usize] = NONE - 1; // visiting
    while let Some(&mut (v, ref mut pos)) = s.stack.last_mut() {
        let ts = rev.targets(v);
        if (*pos as usize) < ts.len() {
            let w = ts[*pos as usize];
            *pos += 1;
            if s.number[w as usize] == NONE {
                s.number[w as usize] = NONE - 1;
                s.stack.push((w, 0));
            }
        } else {
            s.stack.pop();
            s.post.push(v);
            s.number[v as usize] = s.post.len() as u32;
        }
    }
    let k = s.post.len();
    let sources: Vec<u32> = s
        .post
        .iter()
        .copied()
        .filter(|&v| v != goal && is_source(v))
        .map(|v| s.number[v as usize])
        .collect();
    let mut result = Vec::new();
    if !sources.is_empty() {
        // idom indexed by postorder number; root = k.
        s.idom.clear();
        s.idom.resize(k + 1, NONE);
        s.idom[k] = k as u32;
        let mut changed = true;
        while changed {
            changed = false;
            // Reverse postorder, skipping the root (number k); the virtual node (0) last.
            for num in (0..k as u32).rev() {
                let mut new = NONE;
                let consider = |p: u32, new: &mut u32, idom: &Vec<u32>| {
                    if idom[p as usize] == NONE {
                        return;
                    }
                    *new = if *new == NONE {
                        p
                    } else {
                        intersect(idom, p, *new)
                    };
                };
                if num == 0 {
                    for &p in &sources {
                        consider(p, &mut new, &s.idom);
                    }
                } else {
                    let v = s.post[num as usize - 1];
                    for &u in fwd.targets(v) {
                        let p = s.number[u as usize];
                        if p != NONE && p != NONE - 1 {
                            consider(p, &mut new, &s.idom);
                        }
                    }
                }
                if new != NONE && s.idom[num as usize] != new {
                    s.idom[num as usize] = new;
                    changed = true;
                }
            }
        }
        let mut x = s.idom[0];
        while x != NONE && x as usize != k {
            result.push(s.post[x as usize - 1]);
            x = s.idom[x as usize];
        }
    }
    for &v in &s.post {
        s.number[v as usize] = NONE;
    }
    result
}

fn intersect(idom: &[u32], mut a: u32, mut b: u32) -> u32 {
    while a != b {
        while a < b {
            a = idom[a as usize];
        }
        while b < a {
            b = idom[b as usize];
        }
    }
    a
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
