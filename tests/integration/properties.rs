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
        let mut edges: Vec<Edge> = m.edges.iter().map(|mut e| {
            e.from = inv[e.from as usize];
            e.to = inv[e.to as usize];
            e
        }).collect();
        edges.reverse();
        let k = edges.len();
        if k > 1 { edges.rotate_left((seed as usize) % k); }
        m2.edges = edges.into();
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

    /// An explanation's reach and conflict of each goal, from a sweep over what the node reaches
    /// only, are the full sweep's lanes bit for bit, on random models with cycles and negative
    /// contributions; a goal with neither is left out.
    #[test]
    fn an_explanations_reach_and_conflict_are_the_full_sweeps_bit_for_bit(
        m in arb_model(),
        flips in prop::collection::vec(any::<bool>(), 0..72),
    ) {
        use aligngraph::analysis::{self, alignment::{self, BLOCK, Lane}, report};
        // Turn some edges round: cycles for the sweeps to cut.
        let mut m = m;
        let mut flips = flips.iter();
        m.edges.update(|e| {
            if flips.next() == Some(&true) {
                (e.from, e.to) = (e.to, e.from);
            }
        });
        let s = analysis::compute(&m, &Options::default());
        let g = &s.graph;
        for chunk in s.goals.chunks(BLOCK) {
            let (mut reach, mut conflict) = (vec![Lane::ZERO; g.n], vec![Lane::ZERO; g.n]);
            alignment::sweep(g, chunk, &mut reach, Some(&mut conflict), None);
            for v in 0..g.n as u32 {
                let ex = report::explain(&m, &s, v, 1);
                for (j, &goal) in chunk.iter().enumerate() {
                    let id = m.nodes[goal as usize].id.to_string();
                    let got = ex.goals.iter().find(|t| t.goal == id).map(|t| (t.reach.to_bits(), t.conflict.to_bits()));
                    let (r, c) = (reach[v as usize][j], conflict[v as usize][j]);
                    let want = (r > 0.0 || c > 0.0).then_some((r.to_bits(), c.to_bits()));
                    prop_assert_eq!(got, want, "node {} goal {}", v, id);
                }
            }
        }
    }
}
