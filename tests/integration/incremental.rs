//! What-if toggles update the scores in place: after any sequence of toggles, every score and
//! the whole report equal those of the toggled model scored from scratch.

use aligngraph::analysis::Scores;
use aligngraph::formats::limits::Limits;
use aligngraph::model::{Edge, EdgeKind, Model, Node, NodeKind, Num, Status};
use aligngraph::workspace::{Field, Workspace};
use proptest::prelude::*;

const KINDS: [NodeKind; 8] = [
    NodeKind::Goal,
    NodeKind::Goal,
    NodeKind::Capability,
    NodeKind::Activity,
    NodeKind::Application,
    NodeKind::Initiative,
    NodeKind::Initiative,
    NodeKind::Element,
];

const STATUSES: [Status; 5] = [
    Status::Proposed,
    Status::Approved,
    Status::Running,
    Status::Done,
    Status::Cancelled,
];

/// A random model: many initiatives and goals, edges in both directions (so alignment and
/// dependency cycles occur), chains and diamonds of depends_on among initiatives, negative
/// contributions, every status, earned value (half the models opting in to its risk rule); ids
/// in the reverse of file order.
fn arb_model() -> impl Strategy<Value = Model> {
    (3usize..28).prop_flat_map(|n| {
        let nodes = prop::collection::vec(
            (
                0usize..8,
                0.0f64..1.0,
                0.0f64..1000.0,
                0usize..5,
                0.0f64..5.0,
            ),
            n,
        );
        let edges =
            prop::collection::vec((0usize..n, 0usize..n, 0usize..5, -1.0f64..1.0), 0..n * 3);
        let chains = prop::collection::vec((0usize..n, 0usize..n), 0..n);
        (nodes, edges, chains).prop_map(move |(nodes, edges, chains)| {
            let mut m = Model::new();
            for (i, (k, risk, cost, status, weight)) in nodes.into_iter().enumerate() {
                let mut node = Node::new(format!("n{:02}", n - 1 - i), KINDS[k]);
                let a = node.attrs_mut();
                a.set(Num::Risk, Some(risk));
                a.set(Num::Cost, Some(cost));
                a.set(Num::Weight, Some(weight));
                a.status = Some(STATUSES[status]);
                // Earned value on every other initiative (SPI = CPI in [0, 1.5)), which raises
                // its own risk when the model opts in.
                if KINDS[k] == NodeKind::Initiative && i % 2 == 0 {
                    let x = node.extra_mut();
                    x.insert("planned_value".into(), 100.0.into());
                    x.insert("actual_cost".into(), 100.0.into());
                    x.insert("earned_value".into(), (cost % 150.0).into());
                }
                m.add_node(node);
            }
            if n % 2 == 0 {
                m.extra.insert("earned_value_risk".into(), true.into());
            }
            for (a, b, k, w) in edges {
                if a == b {
                    continue;
                }
                let kind = EdgeKind::ALL[k];
                let w = if kind == EdgeKind::Contributes {
                    w
                } else {
                    w.abs()
                };
                m.add_edge(Edge::new(a as u32, b as u32, kind).with_weight(w));
            }
            for (a, b) in chains {
                if a != b {
                    m.add_edge(Edge::new(a as u32, b as u32, EdgeKind::DependsOn));
                }
            }
            m
        })
    })
}

/// One step: switch an initiative (picked by number among the initiatives) on, off, back to
/// what the file says, or reset every toggle.
#[derive(Debug, Clone, Copy)]
enum Step {
    On(usize),
    Off(usize),
    File(usize),
    Reset,
}

fn arb_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => any::<usize>().prop_map(Step::On),
        4 => any::<usize>().prop_map(Step::Off),
        2 => any::<usize>().prop_map(Step::File),
        1 => Just(Step::Reset),
    ]
}

fn bits(xs: &[f64]) -> Vec<u64> {
    xs.iter().map(|x| x.to_bits()).collect()
}

/// Every array of two Scores, bit for bit.
fn same_scores(a: &Scores, b: &Scores) -> Result<(), TestCaseError> {
    prop_assert_eq!(&a.goals, &b.goals);
    prop_assert_eq!(bits(&a.weight), bits(&b.weight));
    prop_assert_eq!(&a.top, &b.top);
    prop_assert_eq!(&a.active, &b.active);
    prop_assert_eq!(bits(&a.own_risk), bits(&b.own_risk));
    prop_assert_eq!(bits(&a.delivery_risk), bits(&b.delivery_risk));
    prop_assert_eq!(bits(&a.alignment), bits(&b.alignment));
    prop_assert_eq!(bits(&a.conflicts()), bits(&b.conflicts()));
    prop_assert_eq!(&a.traceable, &b.traceable);
    prop_assert_eq!(bits(&a.reach), bits(&b.reach));
    prop_assert_eq!(bits(&a.conflict_reach), bits(&b.conflict_reach));
    prop_assert_eq!(bits(&a.coverage), bits(&b.coverage));
    prop_assert_eq!(bits(&a.expected_coverage), bits(&b.expected_coverage));
    prop_assert_eq!(bits(&a.value_at_risk), bits(&b.value_at_risk));
    prop_assert_eq!(bits(&a.goal_conflict), bits(&b.goal_conflict));
    prop_assert_eq!(&a.serving, &b.serving);
    prop_assert_eq!(&a.single_points_of_failure, &b.single_points_of_failure);
    prop_assert_eq!(
        a.dominators.as_ref().map(|d| &d.idom),
        b.dominators.as_ref().map(|d| &d.idom)
    );
    prop_assert_eq!(a.blast_radius_computed, b.blast_radius_computed);
    prop_assert_eq!(a.blast_radius.len(), b.blast_radius.len());
    for (x, y) in a.blast_radius.iter().zip(&b.blast_radius) {
        prop_assert_eq!(x.node, y.node);
        prop_assert_eq!(&x.fails, &y.fails);
        let loss =
            |v: &[(usize, f64)]| v.iter().map(|&(g, l)| (g, l.to_bits())).collect::<Vec<_>>();
        prop_assert_eq!(loss(&x.loss), loss(&y.loss));
        prop_assert_eq!(x.weighted_loss.to_bits(), y.weighted_loss.to_bits());
    }
    prop_assert_eq!(bits(&a.pagerank().rank), bits(&b.pagerank().rank));
    prop_assert_eq!(
        a.betweenness.as_deref().map(bits),
        b.betweenness.as_deref().map(bits)
    );
    prop_assert_eq!(&a.diagnostics, &b.diagnostics);
    Ok(())
}

/// The workspace after its toggles equals a fresh workspace loaded from its working model and
/// scored from scratch: every Scores array, every per-node field, the whole report.
fn same_as_fresh(ws: &mut Workspace) -> Result<(), TestCaseError> {
    let mut fresh = Workspace::load(&ws.working_model_json(), &Limits::PAGE)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    fresh.options = ws.options.clone();
    same_scores(ws.analysed().1, fresh.analysed().1)?;
    for f in Field::ALL {
        prop_assert_eq!(
            bits(&ws.field(f)),
            bits(&fresh.field(f)),
            "field {}",
            f.as_str()
        );
    }
    let report = |w: &mut Workspace| {
        w.score(|r| {
            let mut v = serde_json::to_value(r).expect("report serialises");
            // The loader's warnings of the two texts are not what is compared here.
            v["diagnostics"] = serde_json::to_value(&r.scores().diagnostics).unwrap();
            v
        })
    };
    prop_assert_eq!(report(ws), report(&mut fresh));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn toggles_equal_a_full_rescore(
        model in arb_model(),
        steps in prop::collection::vec(arb_step(), 1..10),
        blast in any::<bool>(),
    ) {
        let initiatives: Vec<String> = model
            .nodes
            .iter()
            .filter(|x| x.kind == NodeKind::Initiative)
            .map(|x| x.id.to_string())
            .collect();
        prop_assume!(!initiatives.is_empty());
        let mut ws = Workspace::load(&aligngraph::to_json(&model), &Limits::PAGE)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        if !blast {
            ws.options.blast_radius_limit = 0;
        }
        ws.score(|r| r.kpis.alignment_index);
        for step in steps {
            let pick = |k: usize| initiatives[k % initiatives.len()].as_str();
            match step {
                Step::On(k) => ws.set_active(pick(k), true).unwrap(),
                Step::Off(k) => ws.set_active(pick(k), false).unwrap(),
                Step::File(k) => {
                    let i = ws.index(pick(k)).unwrap() as usize;
                    let on = ws.model().nodes[i].is_active_initiative();
                    ws.set_active(pick(k), on).unwrap();
                    prop_assert!(!ws.what_if().iter().any(|(id, _)| *id == pick(k)));
                }
                Step::Reset => ws.reset_what_if(),
            }
            if let Step::On(k) | Step::Off(k) = step {
                prop_assert_eq!(ws.is_active(pick(k)).unwrap(), matches!(step, Step::On(_)));
            }
            same_as_fresh(&mut ws)?;
        }
    }
}

/// A negative contribution to a goal that comes later in the processing order than the
/// initiative making it still counts (the conflict pass reads final reach values).
#[test]
fn conflict_reads_the_reach_of_a_later_node() {
    let text = r#"{"format": "aligngraph", "version": 1,
      "nodes": [{"id": "a-goal", "kind": "goal"}, {"id": "b-goal", "kind": "goal"},
        {"id": "z-ini", "kind": "initiative"}],
      "edges": [{"from": "z-ini", "to": "b-goal", "kind": "contributes", "weight": 0.5},
        {"from": "z-ini", "to": "a-goal", "kind": "contributes", "weight": -0.4}]}"#;
    let mut ws = Workspace::load(text, &Limits::PAGE).unwrap();
    let z = ws.index("z-ini").unwrap() as usize;
    let conflict = ws.field(Field::Conflict)[z];
    // a-goal and b-goal weigh 1/2 each; z reaches a-goal only through its negative edge.
    assert!((conflict - 0.5 * 0.4).abs() < 1e-15, "{conflict}");
}

/// A generated model large enough that the goal products form a tree of several levels (over
/// a thousand initiatives: leaf blocks, two levels of folds and the root).
fn large_model(seed: u64, untidy: bool) -> Model {
    if untidy {
        aligngraph::generate::layered_untidy(4000, 4, seed)
    } else {
        aligngraph::generate::layered(4000, 4, seed)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    /// Toggles on a model whose goal products span several levels of the tree, including
    /// initiatives far apart in id order and negative contributions, equal a full rescore.
    #[test]
    fn toggles_on_a_deep_tree_equal_a_full_rescore(
        seed in 0u64..1000,
        untidy in any::<bool>(),
        steps in prop::collection::vec((any::<usize>(), any::<bool>()), 1..6),
    ) {
        let model = large_model(seed, untidy);
        let initiatives: Vec<String> = model
            .nodes
            .iter()
            .filter(|x| x.kind == NodeKind::Initiative)
            .map(|x| x.id.to_string())
            .collect();
        prop_assert!(initiatives.len() > 8 * 8 * 8, "{} initiatives", initiatives.len());
        let mut ws = Workspace::load(&aligngraph::to_json(&model), &Limits::PAGE)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        ws.options.blast_radius_limit = 0;
        ws.score(|r| r.kpis.alignment_index);
        for (k, on) in steps {
            ws.set_active(&initiatives[k % initiatives.len()], on).unwrap();
            same_as_fresh(&mut ws)?;
        }
    }
}
