//! Property tests over random acyclic models.

use aligngraph::model::{Edge, EdgeKind, Model, Node, NodeKind, Num, Status};
use aligngraph::{Options, score};
use proptest::prelude::*;

/// A random model whose edges all go from a later node to an earlier one (so no cycles).
fn arb_model() -> impl Strategy<Value = Model> {
    (2usize..24).prop_flat_map(|n| {
        let nodes = prop::collection::vec(
            (
                0usize..6,
                0.0f64..1.0,
                0.0f64..1000.0,
                0usize..5,
                0.5f64..5.0,
            ),
            n,
        );
        let edges =
            prop::collection::vec((0usize..n, 0usize..n, 0usize..5, -1.0f64..1.0), 0..n * 3);
        (nodes, edges).prop_map(move |(nodes, edges)| {
            let mut m = Model::new();
            for (i, (k, risk, cost, status, weight)) in nodes.into_iter().enumerate() {
                let mut node = Node::new(format!("n{i:02}"), NodeKind::ALL[k]);
                let a = node.attrs_mut();
                a.set(Num::Risk, Some(risk));
                a.set(Num::Cost, Some(cost));
                a.set(Num::Weight, Some(weight));
                a.status = Some(
                    [
                        Status::Proposed,
                        Status::Approved,
                        Status::Running,
                        Status::Done,
                        Status::Cancelled,
                    ][status],
                );
                m.add_node(node);
            }
            for (a, b, k, w) in edges {
                if a == b {
                    continue;
                }
                let (from, to) = (a.max(b) as u32, a.min(b) as u32);
                let kind = EdgeKind::ALL[k];
                let w = if kind == EdgeKind::Contributes {
                    w
                } else {
                    w.abs()
                };
                m.add_edge(Edge::new(from, to, kind).with_weight(w));
            }
            m
        })
    })
}

fn unit(x: f64) -> bool {
    (0.0..=1.0 + 1e-12).contains(&x)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn scores_stay_in_the_unit_interval(m in arb_model()) {
        let r = score(&m, &Options::default());
        for n in r.nodes() {
            prop_assert!(unit(n.alignment) && unit(n.conflict) && unit(n.delivery_risk), "{n:?}");
        }
        for g in &r.goals {
            prop_assert!(unit(g.coverage) && unit(g.expected_coverage) && unit(g.conflict), "{g:?}");
            prop_assert!(g.expected_coverage <= g.coverage + 1e-12);
        }
        for row in r.matrix().reach().chain(r.matrix().conflict()) {
            prop_assert!(row.iter().all(|&x| unit(x)));
        }
        for k in [r.kpis.alignment_index, r.kpis.expected_alignment_index, r.kpis.goal_coverage,
                  r.kpis.expected_goal_coverage, r.kpis.unaligned_spend_share] {
            prop_assert!(unit(k), "{k}");
        }
        let total: f64 = r.centrality().pagerank.iter().map(|(_, v)| v).sum();
        prop_assert!((total - 1.0).abs() < 1e-9, "pagerank sums to {total}");
    }

    #[test]
    fn adding_a_positive_edge_never_lowers_alignment(
        m in arb_model(), a in 0usize..64, b in 0usize..64, supports in any::<bool>(), w in 0.01f64..1.0
    ) {
        let n = m.nodes.len();
        let (a, b) = (a % n, b % n);
        prop_assume!(a != b);
        let (from, to) = (a.max(b) as u32, a.min(b) as u32);
        let kind = if supports { EdgeKind::Supports } else { EdgeKind::Contributes };
        let before = score(&m, &Options::default());
        let mut m2 = m.clone();
        m2.add_edge(Edge::new(from, to, kind).with_weight(w));
        let after = score(&m2, &Options::default());
        for (x, y) in before.nodes().zip(after.nodes()) {
            prop_assert!(y.alignment >= x.alignment - 1e-12, "{} fell from {} to {}", x.id, x.alignment, y.alignment);
        }
        for (x, y) in before.goals.iter().zip(&after.goals) {
            prop_assert!(y.coverage >= x.coverage - 1e-12, "coverage of {} fell", x.id);
        }
    }

    #[test]
    fn scores_do_not_depend_on_node_or_edge_order(m in arb_model(), seed in any::<u64>()) {
        // Permute nodes and edges with a simple deterministic shuffle.
        let n = m.nodes.len();
        let mut perm: Vec<usize> = (0..n).collect();
        let mut s = seed | 1;
        for i in (1..n).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            perm.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let mut inv = vec![0u32; n];
        let mut m2 = Model::new();
        for (new, &old) in perm.iter().enumerate() {
            inv[old] = new as u32;
            m2.add_node(m.nodes[old].clone());
        }
        let mut edges: Vec<Edge> = m.edges.iter().map(|e| {
            let mut e = *e;
            e.from = inv[e.from as usize];
            e.to = inv[e.to as usize];
            e
        }).collect();
        edges.reverse();
        let k = edges.len();
        if k > 1 { edges.rotate_left((seed as usize) % k); }
        m2.edges = edges;
        let strip = |m: &Model| {
            let mut v = serde_json::to_value(score(m, &Options::default())).unwrap();
            v.as_object_mut().unwrap().remove("diagnostics");
            serde_json::to_string(&v).unwrap()
        };
        prop_assert_eq!(strip(&m), strip(&m2));
    }

    #[test]
    fn json_round_trip_is_lossless(m in arb_model()) {
        let text = aligngraph::to_json(&m);
        let (back, d) = aligngraph::load_json(&text);
        prop_assert!(!aligngraph::diagnostics::has_errors(&d), "{d:?}");
        prop_assert_eq!(&back, &m);
        prop_assert_eq!(aligngraph::to_json(&back), text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The score's sweep keeps the lanes of the nodes some node reads only, and hands every
    /// node's lane out as it is made: the same lanes, bit for bit, as the sweep that keeps them
    /// all, on random models with cycles and negative contributions.
    #[test]
    fn a_sweep_keeping_only_the_lanes_read_hands_out_every_lane_bit_for_bit(
        m in arb_model(),
        flips in prop::collection::vec(any::<bool>(), 0..72),
    ) {
        use aligngraph::analysis::alignment::{self, BLOCK, Lane, Read};
        use aligngraph::graph::Graph;
        // Turn some edges round: cycles for the sweep to cut.
        let mut m = m;
        for (e, flip) in m.edges.iter_mut().zip(&flips) {
            if *flip {
                (e.from, e.to) = (e.to, e.from);
            }
        }
        let g = Graph::build(&m);
        let goals: Vec<u32> = (0..g.n as u32).filter(|&v| g.kind[v as usize] == aligngraph::model::NodeKind::Goal).collect();
        let read = Read::of(&g);
        let bits = |l: &Lane| l.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        for chunk in goals.chunks(BLOCK) {
            let (mut all, mut call) = (vec![Lane::ZERO; g.n], vec![Lane::ZERO; g.n]);
            alignment::sweep(&g, chunk, &mut all, Some(&mut call), None);
            let (mut kept, mut ckept) = (vec![Lane::ZERO; read.len()], vec![Lane::ZERO; read.len()]);
            let (mut got, mut cgot) = (vec![None; g.n], vec![None; g.n]);
            alignment::sweep_kept(&g, chunk, &read, &mut kept, Some(&mut ckept),
                |v, l| got[v as usize] = Some(*l),
                |v, l| cgot[v as usize] = Some(*l));
            for v in 0..g.n {
                prop_assert_eq!(got[v].as_ref().map(bits), Some(bits(&all[v])), "reach of node {}", v);
                prop_assert_eq!(cgot[v].as_ref().map(bits), Some(bits(&call[v])), "conflict of node {}", v);
            }
            // Every node an edge points to is read, and nothing else.
            let targets: std::collections::BTreeSet<u32> = (0..g.n as u32)
                .flat_map(|v| g.serves.dag().targets(v).iter().chain(g.conflicts.targets(v)).copied().collect::<Vec<_>>())
                .collect();
            prop_assert_eq!(read.len(), targets.len());
        }
    }
}
