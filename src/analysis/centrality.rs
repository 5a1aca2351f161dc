//! Centrality over depends_on: PageRank and Brandes betweenness, on flat arrays.

use crate::graph::Csr;

/// PageRank result.
#[derive(Debug, Clone)]
pub struct PageRank {
    /// Rank of every node; sums to 1.
    pub rank: Vec<f64>,
    /// The most Jacobi rounds any cycle needed (1 when the graph has no cycle).
    pub iterations: usize,
    /// True when every cycle converged within the round limit.
    pub converged: bool,
}

/// PageRank over `out` (an edge X -> Y passes rank from X to Y), damping `d`: the fixed point of
///
/// `PR(v) = (1 - d) / N + d * (sum over X -> v of PR(X) / outdeg(X) + D / N)`,
///
/// where `D` is the total rank of nodes with no out-edge (dangling rank, spread uniformly).
///
/// Method: the fixed point is `PR = c * x`, where `x(v) = 1 + d * sum over X -> v of
/// x(X) / outdeg(X)` and `c = ((1 - d) / N) / (1 - d * X_D / N)` with `X_D` the sum of `x` over
/// dangling nodes. `x` is solved in one pass in topological order (every node after all nodes
/// that point to it); inside a cycle, by Jacobi iteration until the change, scaled to rank
/// units, is below `tol / 10` (at most `max_iter` rounds). The result is the same fixed point
/// power iteration converges to, in O(n + m) on acyclic graphs instead of O((n + m) log(tol) /
/// log(d)).
///
/// `order` lists nodes sinks first (as [`crate::graph::strongly_connected`] emits them) and
/// `component` their strongly connected components (empty when there is no cycle); sums run in a fixed order, so results do not
/// depend on node order in the file. `by_rank` lists the nodes that count (N is its length):
/// a node left out of it must have no edge; its rank is then meaningless (the caller sets it).
pub fn pagerank_in_order(
    out: &Csr,
    order: &[u32],
    component: &[u32],
    by_rank: &[u32],
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
    let nf = by_rank.len() as f64;
    // 1 / out-degree, worked out where a node pushes its rank (no array of n numbers held
    // beside the two the solve needs).
    let inv_deg = |v: usize| 1.0 / out.degree(v as u32) as f64;
    let mut acc = vec![0f64; n];
    let mut x = vec![0f64; n];
    let mut iterations = 1;
    let mut converged = true;
    let mut inner: Vec<f64> = Vec::new();
    // Position of each node inside the cycle being solved (valid for its members only), made
    // at the first cycle.
    let mut slot: Vec<u32> = Vec::new();
    let mut local: Vec<(u32, u32)> = Vec::new();
    let comp_of = |v: u32| {
        if component.is_empty() {
            v
        } else {
            component[v as usize]
        }
    };
    let mut at = order.len();
    while at > 0 {
        // The next group: one component, adjacent in `order`; walk sources first.
        let comp = comp_of(order[at - 1]);
        let mut start = at - 1;
        while start > 0 && comp_of(order[start - 1]) == comp {
            start -= 1;
        }
        let members = &order[start..at];
        at = start;
        if members.len() == 1 {
            let v = members[0] as usize;
            x[v] = 1.0 + acc[v];
            let targets = out.targets(v as u32);
            if !targets.is_empty() {
                let push = d * x[v] * inv_deg(v);
                for &t in targets {
                    acc[t as usize] += push;
                }
            }
            continue;
        }
        // A cycle: Jacobi iteration on the members, the inflow from outside held fixed.
        for &v in members {
            x[v as usize] = 1.0 + acc[v as usize];
        }
        inner.clear();
        inner.resize(members.len(), 0.0);
        slot.resize(n, 0);
        for (j, &v) in members.iter().enumerate() {
            slot[v as usize] = j as u32;
        }
        // Edges inside the cycle, as (source member, target member).
        local.clear();
        for &u in members {
            for &t in out.targets(u) {
                if comp_of(t) == comp {
                    local.push((slot[u as usize], slot[t as usize]));
                }
            }
        }
        let mut rounds = 0;
        loop {
            rounds += 1;
            inner.iter_mut().for_each(|y| *y = 0.0);
            for &(i, j) in &local {
                let u = members[i as usize] as usize;
                inner[j as usize] += d * x[u] * inv_deg(u);
            }
            let mut delta = 0.0;
            for (j, &v) in members.iter().enumerate() {
                let nx = 1.0 + acc[v as usize] + inner[j];
                delta += (nx - x[v as usize]).abs();
                x[v as usize] = nx;
            }
            if delta / nf < tol / 10.0 {
                break;
            }
            if rounds >= max_iter {
                converged = false;
                break;
            }
        }
        iterations = iterations.max(rounds);
        for &u in members {
            let push = d * x[u as usize] * inv_deg(u as usize);
            for &t in out.targets(u) {
                if comp_of(t) != comp {
                    acc[t as usize] += push;
                }
            }
        }
    }
    let mut xd = 0.0;
    for &v in by_rank {
        if out.degree(v) == 0 {
            xd += x[v as usize];
        }
    }
    let c = ((1.0 - d) / nf) / (1.0 - d * xd / nf);
    let rank = x.into_iter().map(|v| c * v).collect();
    PageRank {
        rank,
        iterations,
        converged,
    }
}

/// PageRank over a graph's depends_on edges with damping `d`, to the documented stopping rule
/// (change below 1e-12 in rank units inside cycles, at most 10,000 rounds).
///
/// People take no part (they have no depends_on edges, see [`crate::graph::Graph::build`]): N
/// counts the other nodes, and a person's rank is 0, so adding people moves no other rank.
pub fn dependency_pagerank(g: &crate::graph::Graph, d: f64) -> PageRank {
    let person = |v: u32| g.kind[v as usize] == crate::model::NodeKind::Person;
    let counted: Vec<u32>;
    let by_rank = if g.kind.contains(&crate::model::NodeKind::Person) {
        counted = g.by_rank.iter().copied().filter(|&v| !person(v)).collect();
        &counted
    } else {
        &g.by_rank
    };
    let mut pr = pagerank_in_order(
        &g.needs.all,
        &g.needs.order,
        &g.needs.component,
        by_rank,
        d,
        1e-12,
        10_000,
    );
    for (v, r) in pr.rank.iter_mut().enumerate() {
        if person(v as u32) {
            *r = 0.0;
        }
    }
    pr
}

/// [`pagerank_in_order`] for a bare graph: finds its strongly connected components first.
/// `rank` is each node's canonical rank and `by_rank` the nodes in rank order.
pub fn pagerank(
    out: &Csr,
    rank: &[u32],
    by_rank: &[u32],
    d: f64,
    tol: f64,
    max_iter: usize,
) -> PageRank {
    let comps = crate::graph::strongly_connected(out, by_rank, rank);
    pagerank_in_order(
        out,
        &comps.order,
        &comps.component,
        by_rank,
        d,
        tol,
        max_iter,
    )
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
