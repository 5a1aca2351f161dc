//! The flat-array graph algorithms against independent implementations: petgraph, brute force
//! and a dense linear solve, on random small graphs.

// Dense matrix code reads best with index loops.
#![allow(clippy::needless_range_loop)]

use aligngraph::analysis::{centrality, risk, structure};
use aligngraph::graph::{Csr, Graph, strongly_connected};
use aligngraph::model::{Edge, EdgeKind, Model, Node, NodeKind, Num};
use proptest::prelude::*;

fn arb_edges(max_n: usize) -> impl Strategy<Value = (usize, Vec<(u32, u32)>)> {
    (1..max_n).prop_flat_map(|n| {
        (
            Just(n),
            prop::collection::vec((0..n as u32, 0..n as u32), 0..n * 3),
        )
    })
}

fn dedup(edges: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut e: Vec<(u32, u32)> = edges.iter().copied().filter(|(a, b)| a != b).collect();
    e.sort();
    e.dedup();
    e
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn scc_matches_petgraph_kosaraju((n, edges) in arb_edges(30)) {
        let rank: Vec<u32> = (0..n as u32).collect();
        let triples: Vec<(u32, u32, f64)> = edges.iter().map(|&(a, b)| (a, b, 1.0)).collect();
        let csr = Csr::build(n, &triples, &rank);
        let ours = strongly_connected(&csr, &rank, &rank);
        let mut pg = petgraph::graph::DiGraph::<(), ()>::new();
        for _ in 0..n { pg.add_node(()); }
        for &(a, b) in &edges { pg.add_edge(a.into(), b.into(), ()); }
        let mut theirs: Vec<Vec<u32>> = petgraph::algo::kosaraju_scc(&pg)
            .into_iter()
            .map(|c| { let mut v: Vec<u32> = c.iter().map(|x| x.index() as u32).collect(); v.sort(); v })
            .filter(|c| c.len() > 1)
            .collect();
        theirs.sort();
        let mut mine = ours.cycles.clone();
        mine.sort();
        prop_assert_eq!(mine, theirs);
        // The order puts every node after the nodes it points to, except inside a cycle.
        let mut pos = vec![0usize; n];
        for (i, &v) in ours.order.iter().enumerate() { pos[v as usize] = i; }
        for &(a, b) in &edges {
            if ours.component[a as usize] != ours.component[b as usize] {
                prop_assert!(pos[b as usize] < pos[a as usize]);
            }
        }
    }

    #[test]
    fn pagerank_matches_a_dense_solve((n, edges) in arb_edges(12)) {
        let rank: Vec<u32> = (0..n as u32).collect();
        let e = dedup(&edges);
        let triples: Vec<(u32, u32, f64)> = e.iter().map(|&(a, b)| (a, b, 1.0)).collect();
        let out = Csr::build(n, &triples, &rank);
        let pr = centrality::pagerank(&out, &rank, &rank, 0.85, 1e-12, 10_000);
        // Solve (I - d M) x = (1 - d)/N + d * dangling, with the Google matrix written densely.
        let d = 0.85;
        let nf = n as f64;
        let mut g = vec![vec![0f64; n]; n];
        for j in 0..n {
            let deg = out.degree(j as u32);
            for i in 0..n {
                g[i][j] = (1.0 - d) / nf + if deg == 0 { d / nf } else { 0.0 };
            }
            for &t in out.targets(j as u32) {
                g[t as usize][j] += d / deg as f64;
            }
        }
        // Power-free exact: x = G x with sum 1 -> solve (G - I) x = 0 replacing one row by sum.
        let mut a: Vec<Vec<f64>> = (0..n).map(|i| (0..n).map(|j| g[i][j] - if i == j { 1.0 } else { 0.0 }).collect()).collect();
        let mut b = vec![0f64; n];
        a[n - 1] = vec![1.0; n];
        b[n - 1] = 1.0;
        for c in 0..n {
            let p = (c..n).max_by(|&x, &y| a[x][c].abs().total_cmp(&a[y][c].abs())).unwrap();
            a.swap(c, p); b.swap(c, p);
            for r in 0..n {
                if r != c {
                    let f = a[r][c] / a[c][c];
                    for k in c..n { a[r][k] -= f * a[c][k]; }
                    b[r] -= f * b[c];
                }
            }
        }
        for i in 0..n {
            prop_assert!((pr.rank[i] - b[i] / a[i][i]).abs() < 1e-10, "node {i}: {} vs {}", pr.rank[i], b[i] / a[i][i]);
        }
    }

    #[test]
    fn betweenness_matches_brute_force((n, edges) in arb_edges(12)) {
        let rank: Vec<u32> = (0..n as u32).collect();
        let e = dedup(&edges);
        let triples: Vec<(u32, u32, f64)> = e.iter().map(|&(a, b)| (a, b, 1.0)).collect();
        let out = Csr::build(n, &triples, &rank);
        let inn = out.transpose(&rank);
        let bc = centrality::betweenness(&out, &inn, &rank);
        // All-pairs BFS distances and shortest-path counts.
        let mut dist = vec![vec![usize::MAX; n]; n];
        let mut sigma = vec![vec![0f64; n]; n];
        for s in 0..n {
            dist[s][s] = 0; sigma[s][s] = 1.0;
            let mut q = std::collections::VecDeque::from([s]);
            while let Some(v) = q.pop_front() {
                for &w in out.targets(v as u32) {
                    let w = w as usize;
                    if dist[s][w] == usize::MAX { dist[s][w] = dist[s][v] + 1; q.push_back(w); }
                    if dist[s][w] == dist[s][v] + 1 { sigma[s][w] += sigma[s][v]; }
                }
            }
        }
        for v in 0..n {
            let mut want = 0.0;
            for s in 0..n { for t in 0..n {
                if s == v || t == v || s == t || dist[s][t] == usize::MAX { continue; }
                if dist[s][v] != usize::MAX && dist[v][t] != usize::MAX && dist[s][v] + dist[v][t] == dist[s][t] {
                    want += sigma[s][v] * sigma[v][t] / sigma[s][t];
                }
            }}
            prop_assert!((bc[v] - want).abs() < 1e-9, "node {v}: {} vs {want}", bc[v]);
        }
    }

    #[test]
    fn single_points_of_failure_match_brute_force((n, edges) in arb_edges(14), sources in prop::collection::vec(any::<bool>(), 14)) {
        // Build a model: node 0 is the goal, edges serve (supports), sources are initiatives.
        let mut m = Model::new();
        for i in 0..n {
            let kind = if i == 0 { NodeKind::Goal } else if sources[i] { NodeKind::Initiative } else { NodeKind::Capability };
            m.add_node(Node::new(format!("n{i:02}"), kind));
        }
        for &(a, b) in &dedup(&edges) {
            // Keep it acyclic: edges go from higher to lower index.
            let (from, to) = (a.max(b), a.min(b));
            m.add_edge(Edge::new(from, to, EdgeKind::Supports));
        }
        let g = Graph::build(&m);
        let is_source = |v: u32| m.nodes[v as usize].kind == NodeKind::Initiative;
        let flags: Vec<bool> = (0..n as u32).map(is_source).collect();
        let mut ours = structure::single_points_of_failure(&g, &flags).of(0);
        ours.sort();
        // Brute force: x is a single point of failure when some source reaches the goal and none
        // does once x is removed.
        let reaches = |removed: Option<u32>| -> bool {
            let mut seen = vec![false; n];
            let mut stack = vec![0u32];
            seen[0] = true;
            while let Some(v) = stack.pop() {
                if is_source(v) && Some(v) != removed { return true; }
                for &u in g.served_by().targets(v) {
                    if !seen[u as usize] && Some(u) != removed { seen[u as usize] = true; stack.push(u); }
                }
            }
            false
        };
        let mut want: Vec<u32> = Vec::new();
        if reaches(None) {
            for x in 1..n as u32 {
                if !reaches(Some(x)) { want.push(x); }
            }
        }
        prop_assert_eq!(ours, want);
    }

    #[test]
    fn delivery_risk_on_a_dependency_forest_is_exact(parents in prop::collection::vec(any::<prop::sample::Index>(), 1..30), risks in prop::collection::vec(0.0f64..0.5, 30)) {
        // Node i > 0 depends on one earlier node: a forest, where the product formula is exact.
        let n = parents.len();
        let mut m = Model::new();
        for (i, &r) in risks.iter().enumerate().take(n) {
            let mut node = Node::new(format!("n{i:02}"), NodeKind::Initiative);
            node.attrs_mut().set(Num::Risk, Some(r));
            m.add_node(node);
        }
        let mut parent = vec![None; n];
        for i in 1..n {
            let p = parents[i].index(i);
            parent[i] = Some(p);
            m.add_edge(Edge::new(i as u32, p as u32, EdgeKind::DependsOn));
        }
        let g = Graph::build(&m);
        let (_, p) = risk::delivery_risk(&m, &g);
        for i in 0..n {
            let mut q = 1.0;
            let mut at = Some(i);
            while let Some(v) = at { q *= 1.0 - risks[v]; at = parent[v]; }
            prop_assert!((p[i] - (1.0 - q)).abs() < 1e-12);
        }
    }
}
