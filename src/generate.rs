//! Synthetic layered models for benchmarks and tests, from a caller-supplied seed.
//!
//! Layers, top to bottom: goals (a fixed 6 top-level goals with 3 sub-goals each, whatever the
//! size), capabilities (20%), activities (5%), applications (45%) and initiatives (the rest).
//! Every non-goal node gets `edges_per_node` out-edges: mostly supports/contributes to the
//! layer above, with part_of among capabilities and depends_on among applications and among
//! initiatives pointing only to earlier nodes, so the generated graph has no cycle.
//!
//! [`portfolio`] is a flat portfolio of initiatives for the decision methods (budget
//! optimisation and ranking).

use crate::model::{Edge, EdgeKind, Model, Node, NodeKind, Num, Status};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

/// Generates a layered model with about `nodes` nodes and `edges_per_node` out-edges per
/// non-goal node, deterministically from `seed`.
pub fn layered(nodes: usize, edges_per_node: usize, seed: u64) -> Model {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut m = Model::new();
    m.name = Some(format!("generated layered model, {nodes} nodes"));
    m.currency = Some("EUR".into());
    m.time_unit = Some("week".into());
    let top_goals = 6usize;
    let mut goals = Vec::new();
    for g in 0..top_goals {
        let mut node = Node::new(format!("g{g}"), NodeKind::Goal);
        node.attrs_mut()
            .set(Num::Weight, Some(1.0 + (g % 3) as f64));
        goals.push(m.add_node(node));
    }
    for g in 0..top_goals * 3 {
        let mut node = Node::new(format!("g{}", top_goals + g), NodeKind::Goal);
        node.attrs_mut().set(Num::Weight, Some(1.0));
        let ix = m.add_node(node);
        m.add_edge(Edge::new(ix, goals[g / 3], EdgeKind::PartOf));
        goals.push(ix);
    }
    let rest = nodes.saturating_sub(goals.len()).max(5);
    let caps = (rest / 5).max(1);
    let acts = (rest / 20).max(1);
    let apps = (rest * 9 / 20).max(1);
    let inits = rest.saturating_sub(caps + acts + apps).max(1);
    let layer = |m: &mut Model, prefix: &str, kind: NodeKind, count: usize, rng: &mut Pcg64Mcg| {
        let start = m.nodes.len() as u32;
        for i in 0..count {
            let mut node = Node::new(format!("{prefix}{i}"), kind);
            match kind {
                NodeKind::Initiative => {
                    let a = node.attrs_mut();
                    a.set(Num::Cost, Some(rng.random_range(10..500) as f64 * 1000.0));
                    a.set(Num::Risk, Some(rng.random_range(0..40) as f64 / 100.0));
                    a.set(Num::Duration, Some(rng.random_range(2..40) as f64));
                    a.status = Some(if rng.random_range(0..20) == 0 {
                        Status::Done
                    } else {
                        Status::Approved
                    });
                }
                NodeKind::Application => {
                    node.attrs_mut()
                        .set(Num::Risk, Some(rng.random_range(0..20) as f64 / 100.0));
                }
                _ => {}
            }
            m.add_node(node);
        }
        start..start + count as u32
    };
    let cap_r = layer(&mut m, "c", NodeKind::Capability, caps, &mut rng);
    let act_r = layer(&mut m, "a", NodeKind::Activity, acts, &mut rng);
    let app_r = layer(&mut m, "p", NodeKind::Application, apps, &mut rng);
    let ini_r = layer(&mut m, "i", NodeKind::Initiative, inits, &mut rng);
    let goal_ix = goals.clone();
    let pick = |rng: &mut Pcg64Mcg, r: &std::ops::Range<u32>| rng.random_range(r.clone());
    let w = |rng: &mut Pcg64Mcg| rng.random_range(1..=10) as f64 / 10.0;
    for c in cap_r.clone() {
        for k in 0..edges_per_node {
            let e = if k == 0 && c > cap_r.start + 10 && rng.random_range(0..4) == 0 {
                // part_of an earlier capability (hierarchy, acyclic)
                Edge::new(c, rng.random_range(cap_r.start..c), EdgeKind::PartOf)
            } else {
                let g = goal_ix[rng.random_range(0..goal_ix.len())];
                Edge::new(c, g, EdgeKind::Contributes).with_weight(w(&mut rng))
            };
            m.add_edge(e);
        }
    }
    for a in act_r.clone() {
        for _ in 0..edges_per_node {
            let g = goal_ix[rng.random_range(0..goal_ix.len())];
            m.add_edge(Edge::new(a, g, EdgeKind::Contributes).with_weight(w(&mut rng)));
        }
    }
    for p in app_r.clone() {
        for k in 0..edges_per_node {
            let e = if k == 0 && p > app_r.start + 10 {
                Edge::new(p, rng.random_range(app_r.start..p), EdgeKind::DependsOn)
            } else if k % 4 == 3 {
                Edge::new(p, pick(&mut rng, &act_r), EdgeKind::Supports).with_weight(w(&mut rng))
            } else {
                Edge::new(p, pick(&mut rng, &cap_r), EdgeKind::Supports).with_weight(w(&mut rng))
            };
            m.add_edge(e);
        }
    }
    for i in ini_r.clone() {
        for k in 0..edges_per_node {
            let e = if k == 0 && i > ini_r.start + 10 {
                Edge::new(i, rng.random_range(ini_r.start..i), EdgeKind::DependsOn)
            } else if k == 1 {
                Edge::new(i, pick(&mut rng, &app_r), EdgeKind::DependsOn)
            } else {
                Edge::new(i, pick(&mut rng, &cap_r), EdgeKind::Supports).with_weight(w(&mut rng))
            };
            m.add_edge(e);
        }
    }
    m
}

/// A chain of `len` initiatives, each depending on the next and the last supporting one goal.
pub fn dependency_chain(len: usize) -> Model {
    let mut m = Model::new();
    let g = m.add_node(Node::new("goal", NodeKind::Goal));
    let first = m.nodes.len() as u32;
    for i in 0..len {
        let mut node = Node::new(format!("i{i}"), NodeKind::Initiative);
        node.attrs_mut().set(Num::Risk, Some(0.0001));
        node.attrs_mut().set(Num::Cost, Some(1.0));
        m.add_node(node);
    }
    for i in 0..len.saturating_sub(1) {
        m.add_edge(Edge::new(
            first + i as u32,
            first + i as u32 + 1,
            EdgeKind::DependsOn,
        ));
        m.add_edge(Edge::new(
            first + i as u32,
            first + i as u32 + 1,
            EdgeKind::Supports,
        ));
    }
    if len > 0 {
        m.add_edge(Edge::new(first + len as u32 - 1, g, EdgeKind::Contributes));
    }
    m
}

/// [`layered`] plus the untidiness of real models: about 2% of the contributions to goals work
/// against them (negative weights), and about one initiative in a thousand closes a dependency
/// cycle with what it depends on, and one capability in a thousand an alignment cycle with its
/// parent. Deterministic from `seed`.
pub fn layered_untidy(nodes: usize, edges_per_node: usize, seed: u64) -> Model {
    let mut m = layered(nodes, edges_per_node, seed);
    let mut rng = Pcg64Mcg::seed_from_u64(seed ^ 0x5eed_u64.rotate_left(32));
    let mut extra = Vec::new();
    let nodes = &m.nodes;
    m.edges.update(|e| match e.kind {
        EdgeKind::Contributes if rng.random_range(0..50) == 0 => {
            *e = Edge::new(e.from, e.to, EdgeKind::Contributes).with_weight(-e.weight());
        }
        EdgeKind::DependsOn
            if nodes[e.from as usize].kind == NodeKind::Initiative
                && nodes[e.to as usize].kind == NodeKind::Initiative
                && rng.random_range(0..1000) == 0 =>
        {
            extra.push(Edge::new(e.to, e.from, EdgeKind::DependsOn));
        }
        EdgeKind::PartOf if rng.random_range(0..1000) == 0 => {
            extra.push(Edge::new(e.to, e.from, EdgeKind::Supports).with_weight(0.5));
        }
        _ => {}
    });
    m.edges.extend(extra);
    m
}

/// A portfolio of `n` initiatives (`ini-0000`, `ini-0001`, ...) for the decision methods,
/// deterministically from `seed`:
///
/// - each has a whole-number cost drawn from 50..=1000 and benefit from 100..=2000;
/// - each after the first depends_on one earlier initiative with probability 0.1, so the
///   dependencies have no cycle;
/// - n / 20 pairs are drawn for `excludes` edges (a pair that draws one initiative twice is
///   dropped);
/// - every 97th initiative from `ini-0005` on (5, 102, 199, ...) is mandatory, the others are
///   explicitly not.
pub fn portfolio(n: usize, seed: u64) -> Model {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut m = Model::new();
    for i in 0..n {
        let mut node = Node::new(format!("ini-{i:04}"), NodeKind::Initiative);
        let a = node.attrs_mut();
        a.set(Num::Cost, Some(rng.random_range(50..=1000) as f64));
        a.set(Num::Benefit, Some(rng.random_range(100..=2000) as f64));
        a.mandatory = Some(i % 97 == 5);
        m.add_node(node);
    }
    for i in 1..n as u32 {
        if rng.random_bool(0.1) {
            let j = rng.random_range(0..i);
            m.add_edge(Edge::new(i, j, EdgeKind::DependsOn));
        }
    }
    for _ in 0..n / 20 {
        let (a, b) = (rng.random_range(0..n as u32), rng.random_range(0..n as u32));
        if a != b {
            m.add_edge(Edge::new(a, b, EdgeKind::Excludes));
        }
    }
    m
}
