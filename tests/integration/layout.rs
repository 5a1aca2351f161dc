//! The layered layout of the strategy graph: layers by kind, coordinates in the box, no
//! overlaps, order independence, barycenter ordering, wrapping of large layers.

use crate::common::model;
use aligngraph::layout::{Layout, LayoutOptions, layered};
use aligngraph::model::{Edge, EdgeKind, Model, Node, NodeKind};
use aligngraph::{demo, generate};
use std::collections::HashMap;

fn demo_model() -> Model {
    model(demo::DEMO_JSON)
}

/// Every coordinate finite and inside [0, width] x [0, height]; no two nodes at one position.
fn assert_well_formed(m: &Model, l: &Layout) {
    let n = m.nodes.len();
    assert_eq!((l.x.len(), l.y.len(), l.layer.len()), (n, n, n));
    assert!(l.width.is_finite() && l.height.is_finite());
    for i in 0..n {
        let (x, y) = (l.x[i], l.y[i]);
        assert!(x.is_finite() && y.is_finite(), "node {i}: ({x}, {y})");
        assert!(
            (0.0..=l.width).contains(&x),
            "node {i}: x = {x}, width {}",
            l.width
        );
        assert!(
            (0.0..=l.height).contains(&y),
            "node {i}: y = {y}, height {}",
            l.height
        );
        assert!(l.layer[i] < l.layers);
    }
    let mut at: Vec<(u64, u64)> = (0..n)
        .map(|i| (l.x[i].to_bits(), l.y[i].to_bits()))
        .collect();
    at.sort_unstable();
    at.dedup();
    assert_eq!(at.len(), n, "two nodes share a position");
}

/// Each layer's nodes in drawing order: by x, then y (wrapped layers fill column by column).
fn layer_orders(l: &Layout) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); l.layers as usize];
    for i in 0..l.x.len() {
        out[l.layer[i] as usize].push(i);
    }
    for o in &mut out {
        o.sort_by(|&a, &b| l.x[a].total_cmp(&l.x[b]).then(l.y[a].total_cmp(&l.y[b])));
    }
    out
}

/// Total edge length with positions normalised to [0, 1] within their layer, over the edges
/// between layers (the objective the layout minimises).
fn edge_length(m: &Model, l: &Layout) -> f64 {
    let mut pos = vec![0.0; m.nodes.len()];
    for o in layer_orders(l) {
        for (p, &v) in o.iter().enumerate() {
            pos[v] = if o.len() > 1 {
                p as f64 / (o.len() - 1) as f64
            } else {
                0.5
            };
        }
    }
    let mut pairs: Vec<(u32, u32)> = m
        .edges
        .iter()
        .filter(|e| l.layer[e.from as usize] != l.layer[e.to as usize])
        .map(|e| (e.from.min(e.to), e.from.max(e.to)))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
        .iter()
        .map(|&(a, b)| (pos[a as usize] - pos[b as usize]).abs())
        .sum()
}

/// Crossings between consecutive layers, counting edges between adjacent layers only.
fn crossings(m: &Model, l: &Layout) -> usize {
    let mut pos = vec![0usize; m.nodes.len()];
    for o in layer_orders(l) {
        for (p, &v) in o.iter().enumerate() {
            pos[v] = p;
        }
    }
    let mut by_gap: HashMap<u32, Vec<(usize, usize)>> = HashMap::new();
    for e in &m.edges {
        let (a, b) = (e.from as usize, e.to as usize);
        let (la, lb) = (l.layer[a], l.layer[b]);
        if la.abs_diff(lb) != 1 {
            continue;
        }
        let (top, bottom) = if la < lb { (a, b) } else { (b, a) };
        by_gap
            .entry(la.min(lb))
            .or_default()
            .push((pos[top], pos[bottom]));
    }
    let mut total = 0;
    for edges in by_gap.values() {
        for (i, &(a1, b1)) in edges.iter().enumerate() {
            for &(a2, b2) in &edges[i + 1..] {
                if (a1 < a2 && b1 > b2) || (a1 > a2 && b1 < b2) {
                    total += 1;
                }
            }
        }
    }
    total
}

/// The same model with nodes and edges in another order (a fixed pseudo-random shuffle).
fn permuted(m: &Model, seed: u64) -> Model {
    let mut state = seed;
    let mut next = move |bound: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) % bound as u64) as usize
    };
    let n = m.nodes.len();
    let mut perm: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        perm.swap(i, next(i + 1));
    }
    // perm[new] = old
    let mut new_of = vec![0u32; n];
    for (new, &old) in perm.iter().enumerate() {
        new_of[old] = new as u32;
    }
    let mut out = Model::new();
    for &old in &perm {
        out.add_node(m.nodes[old].clone());
    }
    let mut edges: Vec<Edge> = m
        .edges
        .iter()
        .map(|mut e| {
            e.from = new_of[e.from as usize];
            e.to = new_of[e.to as usize];
            e
        })
        .collect();
    for i in (1..edges.len()).rev() {
        edges.swap(i, next(i + 1));
    }
    for e in edges {
        out.add_edge(e);
    }
    out
}

fn by_id(m: &Model, l: &Layout) -> HashMap<String, (u64, u64, u32)> {
    m.nodes
        .iter()
        .enumerate()
        .map(|(i, x)| {
            (
                x.id.to_string(),
                (l.x[i].to_bits(), l.y[i].to_bits(), l.layer[i]),
            )
        })
        .collect()
}

#[test]
fn demo_layers_run_goals_capabilities_initiatives_applications_people_top_to_bottom() {
    let m = demo_model();
    let l = layered(&m, &LayoutOptions::default());
    assert_well_formed(&m, &l);
    assert_eq!(l.layers, 5);
    let band = |kinds: &[NodeKind]| {
        let ys: Vec<f64> = (0..m.nodes.len())
            .filter(|&i| kinds.contains(&m.nodes[i].kind))
            .map(|i| l.y[i])
            .collect();
        assert!(!ys.is_empty());
        (
            ys.iter().copied().fold(f64::INFINITY, f64::min),
            ys.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        )
    };
    let goals = band(&[NodeKind::Goal]);
    let middle = band(&[NodeKind::Capability, NodeKind::Activity, NodeKind::Element]);
    let initiatives = band(&[NodeKind::Initiative]);
    let applications = band(&[NodeKind::Application]);
    let people = band(&[NodeKind::Person]);
    assert_eq!(goals.0, 0.0);
    assert!(goals.1 < middle.0, "{goals:?} {middle:?}");
    assert!(middle.1 < initiatives.0, "{middle:?} {initiatives:?}");
    assert!(
        initiatives.1 < applications.0,
        "{initiatives:?} {applications:?}"
    );
    assert!(applications.1 < people.0, "{applications:?} {people:?}");
    assert_eq!(l.height, people.1);
    for (i, node) in m.nodes.iter().enumerate() {
        let want = match node.kind {
            NodeKind::Goal => 0,
            NodeKind::Capability | NodeKind::Activity | NodeKind::Element => 1,
            NodeKind::Initiative => 2,
            NodeKind::Application => 3,
            NodeKind::Person => 4,
        };
        assert_eq!(l.layer[i], want, "{}", node.id);
    }
    // The widest row touches both sides of the box.
    assert_eq!(l.x.iter().copied().fold(f64::INFINITY, f64::min), 0.0);
    assert_eq!(l.x.iter().copied().fold(0.0, f64::max), l.width);
}

#[test]
fn node_and_edge_order_in_the_file_do_not_change_the_layout() {
    for m in [demo_model(), generate::layered(3_000, 4, 11)] {
        let opts = LayoutOptions::default();
        let want = by_id(&m, &layered(&m, &opts));
        for seed in [1, 2, 3] {
            let p = permuted(&m, seed);
            assert_eq!(by_id(&p, &layered(&p, &opts)), want, "seed {seed}");
        }
    }
}

#[test]
fn barycenter_untangles_two_independent_strands() {
    // Two goals, each served by its own capability, initiative and application, but named so
    // that id order crosses every pair of strands.
    let text = r#"{"format": "aligngraph", "version": 1,
      "nodes": [
        {"id": "g1", "kind": "goal"}, {"id": "g2", "kind": "goal"},
        {"id": "c1", "kind": "capability"}, {"id": "c2", "kind": "capability"},
        {"id": "i1", "kind": "initiative"}, {"id": "i2", "kind": "initiative"},
        {"id": "a1", "kind": "application"}, {"id": "a2", "kind": "application"}],
      "edges": [
        {"from": "c2", "to": "g1", "kind": "contributes"},
        {"from": "c1", "to": "g2", "kind": "contributes"},
        {"from": "i1", "to": "c2", "kind": "supports"},
        {"from": "i2", "to": "c1", "kind": "supports"},
        {"from": "i2", "to": "a1", "kind": "depends_on"},
        {"from": "i1", "to": "a2", "kind": "depends_on"},
        {"from": "a2", "to": "c2", "kind": "supports"},
        {"from": "a1", "to": "c1", "kind": "supports"}]}"#;
    let m = model(text);
    let unsorted = layered(
        &m,
        &LayoutOptions {
            sweeps: 0,
            ..LayoutOptions::default()
        },
    );
    assert_eq!(crossings(&m, &unsorted), 3);
    let l = layered(&m, &LayoutOptions::default());
    assert_well_formed(&m, &l);
    assert_eq!(crossings(&m, &l), 0);
    assert_eq!(edge_length(&m, &l), 0.0);
}

#[test]
fn sweeps_never_lengthen_the_demo_edges() {
    let m = demo_model();
    let before = layered(
        &m,
        &LayoutOptions {
            sweeps: 0,
            ..LayoutOptions::default()
        },
    );
    let after = layered(&m, &LayoutOptions::default());
    let (lb, la) = (edge_length(&m, &before), edge_length(&m, &after));
    assert!(la < lb, "edge length {la} after sweeps, {lb} in id order");
    // Unwrapped, the crossings between adjacent layers drop too.
    let one_row = LayoutOptions {
        max_row: 1_000,
        ..LayoutOptions::default()
    };
    let cb = crossings(
        &m,
        &layered(
            &m,
            &LayoutOptions {
                sweeps: 0,
                ..one_row
            },
        ),
    );
    let ca = crossings(&m, &layered(&m, &one_row));
    assert!(ca <= cb, "{ca} crossings after sweeps, {cb} in id order");
}

#[test]
fn a_large_layer_wraps_into_rows() {
    let mut m = Model::new();
    let g = m.add_node(Node::new("g", NodeKind::Goal));
    let c = m.add_node(Node::new("c", NodeKind::Capability));
    m.add_edge(Edge::new(c, g, EdgeKind::Contributes));
    for i in 0..1_000 {
        let a = m.add_node(Node::new(format!("app{i:04}"), NodeKind::Application));
        m.add_edge(Edge::new(a, c, EdgeKind::Supports));
    }
    let opts = LayoutOptions::default();
    let l = layered(&m, &opts);
    assert_well_formed(&m, &l);
    // n = 1002: rows of at most ceil(2 sqrt(1002)) = 64 nodes.
    let max_row = 64.0;
    assert!(
        l.width <= (max_row - 1.0) * opts.node_spacing,
        "width {}",
        l.width
    );
    let rows = {
        let mut ys: Vec<u64> = (2..m.nodes.len()).map(|i| l.y[i].to_bits()).collect();
        ys.sort_unstable();
        ys.dedup();
        ys.len()
    };
    assert_eq!(rows, 16);
    // Rows of a layer are node_spacing apart; layers layer_spacing apart.
    assert_eq!(l.y[1], opts.layer_spacing);
    assert_eq!(
        l.height,
        2.0 * opts.layer_spacing + 15.0 * opts.node_spacing
    );
    // An explicit row length is honoured.
    let narrow = layered(
        &m,
        &LayoutOptions {
            max_row: 10,
            ..opts
        },
    );
    assert_well_formed(&m, &narrow);
    assert!(narrow.width <= 9.0 * opts.node_spacing);
}

#[test]
fn an_empty_model_has_an_empty_layout() {
    let m = Model::new();
    let l = layered(&m, &LayoutOptions::default());
    assert_eq!(l, Layout::default());
    assert_eq!((l.width, l.height, l.layers), (0.0, 0.0, 0));
}

#[test]
fn goals_only_make_one_layer() {
    let mut m = Model::new();
    for i in 0..5 {
        m.add_node(Node::new(format!("g{i}"), NodeKind::Goal));
    }
    m.add_edge(Edge::new(1, 0, EdgeKind::PartOf));
    let l = layered(&m, &LayoutOptions::default());
    assert_well_formed(&m, &l);
    assert_eq!(l.layers, 1);
    assert_eq!(l.layer, [0; 5]);
    assert_eq!(l.y, [0.0; 5]);
    assert_eq!(l.x, [0.0, 28.0, 56.0, 84.0, 112.0]);
    assert_eq!((l.width, l.height), (112.0, 0.0));
}

#[test]
fn empty_layers_are_dropped_and_bad_edges_are_harmless() {
    let mut m = Model::new();
    let g = m.add_node(Node::new("g", NodeKind::Goal));
    let a = m.add_node(Node::new("a", NodeKind::Application));
    let b = m.add_node(Node::new("b", NodeKind::Application));
    for _ in 0..3 {
        m.add_edge(Edge::new(a, g, EdgeKind::Contributes));
    }
    m.add_edge(Edge::new(b, b, EdgeKind::DependsOn));
    m.add_edge(Edge::new(a, 99, EdgeKind::DependsOn));
    let l = layered(&m, &LayoutOptions::default());
    assert_well_formed(&m, &l);
    assert_eq!(l.layers, 2);
    assert_eq!(l.layer, [0, 1, 1]);
}

#[test]
fn a_generated_model_lays_out_within_its_box() {
    let m = generate::layered(20_000, 5, 3);
    let opts = LayoutOptions::default();
    let l = layered(&m, &opts);
    assert_well_formed(&m, &l);
    let max_row = (2.0 * (m.nodes.len() as f64).sqrt()).ceil();
    assert!(l.width <= (max_row - 1.0) * opts.node_spacing);
    let before = layered(&m, &LayoutOptions { sweeps: 0, ..opts });
    assert!(edge_length(&m, &l) < edge_length(&m, &before));
}
