//! Centrality over depends_on: PageRank and Brandes betweenness, on flat arrays.

use crate::graph::Csr;

/// PageRank result.
#[derive(Debug, Clone)]
pub struct PageRank {
    /// Rank of every node; sums to 1.
    pub rank: Vec<f64>,
    /// Power iterations run.
    pub iterations: usize,
    /// True when the L1 change of the last iteration was below the tolerance.
    pub converged: bool,
}

/// PageRank over `out` (an edge X -> Y passes rank from X to Y), damping `d`.
///
/// `rank[v] = (1 - d) / N + d * (sum over X -> v of rank[X] / outdeg(X) + dangling / N)`, where
/// `dangling` is the total rank of nodes with no out-edge, spread uniformly. Power iteration from
/// the uniform vector until the L1 change is below `tol` (at most `max_iter` iterations). Sums
/// run in `order` so results do not depend on node order in the file.
///
/// Complexity: O((n + m) * iterations); iterations ~ log(tol) / log(d).
pub fn pagerank(
    out: &Csr,
    inn: &Csr,
    order: &[u32],
    d: f64,
    tol: f64,
    max_iter: usize,
) -> PageRank {
    let n = out.node_count();
    if n == 0 {
        return PageRank {
            rank: Vec::new(),
            iterations: 0,
            converged: true,
        };
    }
    let nf = n as f64;
    let inv_deg: Vec<f64> = (0..n as u32)
        .map(|v| {
            let k = out.degree(v);
            if k == 0 { 0.0 } else { 1.0 / k as f64 }
        })
        .collect();
    let dangling_nodes: Vec<u32> = order
        .iter()
        .copied()
        .filter(|&v| out.degree(v) == 0)
        .collect();
    let mut rank = vec![1.0 / nf; n];
    let mut share = vec![0f64; n];
    let mut next = vec![0f64; n];
    let mut iterations = 0;
    let mut converged = false;
    while iterations < max_iter {
        iterations += 1;
        let mut dangling = 0.0;
        for &v in &dangling_nodes {
            dangling += rank[v as usize];
        }
        for v in 0..n {
            share[v] = rank[v] * inv_deg[v];
        }
        let base = (1.0 - d) / nf + d * dangling / nf;
        for v in 0..n as u32 {
            let mut s = 0.0;
            for &x in inn.targets(v) {
                s += share[x as usize];
            }
            next[v as usize] = base + d * s;
        }
        let mut delta = 0.0;
        for &v in order {
            delta += (next[v as usize] - rank[v as usize]).abs();
        }
        std::mem::swap(&mut rank, &mut next);
        if delta < tol {
            converged = true;
            break;
        }
    }
    PageRank {
        rank,
        iterations,
        converged,
    }
}

/// Brandes betweenness over `out` (directed, unweighted), unnormalised, counting ordered pairs
/// (s, t): `b(v) = sum over s != v != t of sigma_st(v) / sigma_st`. Iterative BFS; sources run
/// in `order`.
///
/// Complexity: O(n * m) time, O(n + m) memory.
pub fn betweenness(out: &Csr, inn: &Csr, order: &[u32]) -> Vec<f64> {
    let n = out.node_count();
    let mut bc = vec![0f64; n];
    let mut sigma = vec![0f64; n];
    let mut dist = vec![-1i64; n];
    let mut delta = vec![0f64; n];
    let mut queue: Vec<u32> = Vec::with_capacity(n);
    for &s in order {
        if out.degree(s) == 0 {
            continue;
        }
        queue.clear();
        sigma[s as usize] = 1.0;
        dist[s as usize] = 0;
        queue.push(s);
        let mut head = 0;
        while head < queue.len() {
            let v = queue[head];
            head += 1;
            let dv = dist[v as usize];
            for &w in out.targets(v) {
                if dist[w as usize] < 0 {
                    dist[w as usize] = dv + 1;
                    queue.push(w);
                }
                if dist[w as usize] == dv + 1 {
                    sigma[w as usize] += sigma[v as usize];
                }
            }
        }
        // Accumulate in reverse BFS order; predecessors are in-neighbours one level closer.
        for &w in queue.iter().rev() {
            if w == s {
                continue;
            }
            let dw = dist[w as usize];
            let coeff = (1.0 + delta[w as usize]) / sigma[w as usize];
            for &v in inn.targets(w) {
                if dist[v as usize] == dw - 1 {
                    delta[v as usize] += sigma[v as usize] * coeff;
                }
            }
            bc[w as usize] += delta[w as usize];
        }
        for &v in &queue {
            sigma[v as usize] = 0.0;
            dist[v as usize] = -1;
            delta[v as usize] = 0.0;
        }
    }
    bc
}
