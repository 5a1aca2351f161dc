//! Where the money goes: run spend (the `cost` of applications and elements, passed along
//! `depends_on` edges that carry a `share`, then to capabilities and activities by `supports`
//! weight, rolled up the capability tree) kept apart from change spend (the `cost` of
//! initiatives, split over what they support or contribute to), and spend against strategy
//! (docs/lenses.md, "Run and change spend").
//!
//! Money is conserved: every unit of run cost ends in one capability or activity, or in
//! `unallocated_run`; every unit of change cost in one target, or in `unallocated_change`.
//!
//! ```
//! use aligngraph::lens::costs;
//! // Txture's cost split: VM 1 ($300) is used by App 1 and App 2 with shares 3 and 2.
//! let (m, d) = aligngraph::load_json(r#"{"format": "aligngraph", "version": 1,
//!   "nodes": [{"id": "vm", "kind": "element", "cost": 300},
//!             {"id": "a1", "kind": "application"}, {"id": "a2", "kind": "application"}],
//!   "edges": [{"from": "a1", "to": "vm", "kind": "depends_on", "share": 3},
//!             {"from": "a2", "to": "vm", "kind": "depends_on", "share": 2}]}"#);
//! assert!(d.is_empty());
//! let (out, _) = costs::costs(&m, &aligngraph::analysis::compute(&m, &Default::default()));
//! assert_eq!(out["nodes"]["a1"]["run"], 180.0);
//! assert_eq!(out["nodes"]["a2"]["run"], 120.0);
//! assert_eq!(out["total_run"], 300.0);
//! ```

use super::{num, shown};
use crate::analysis::Scores;
use crate::diagnostics::{Code, Diagnostic, Place, shorten};
use crate::model::{EdgeKind, Model, NodeKind, Num, Status};
use serde_json::{Map, Value, json};
use std::collections::VecDeque;

/// The run and change spend of every node (model order), as [`costs`] computes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Spend {
    /// Own run cost plus what the node received (a total-cost-of-ownership view; capabilities
    /// add their children's totals).
    pub run: Vec<f64>,
    /// An initiative's own cost; a target's received change cost (capabilities rolled up).
    pub change: Vec<f64>,
    /// All run cost (applications' and elements' own).
    pub total_run: f64,
    /// All change cost (initiatives that are not cancelled).
    pub total_change: f64,
    /// Run cost kept by a node that supports nothing (or caught in a cycle of shares).
    pub unallocated_run: f64,
    /// Change cost of initiatives that support and contribute to nothing.
    pub unallocated_change: f64,
}

fn own_cost(model: &Model, v: usize) -> f64 {
    model.nodes[v]
        .attrs()
        .get(Num::Cost)
        .filter(|c| c.is_finite() && *c > 0.0)
        .unwrap_or(0.0)
}

/// Whether run cost stops at the node (it is spent on that capability or activity).
fn is_sink(kind: NodeKind) -> bool {
    matches!(kind, NodeKind::Capability | NodeKind::Activity)
}

/// The split of run and change spend; diagnostics for bad `share` values and cycles of shares.
///
/// Complexity: O(n + m).
pub fn spend(model: &Model, diags: &mut Vec<Diagnostic>) -> Spend {
    let n = model.nodes.len();
    let kind = |v: usize| model.nodes[v].kind;
    // The positive shares on depends_on edges into each provider, and supports edges out of each node.
    let mut shares: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    let mut supports: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    let mut contributes: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for (i, e) in model.edges.iter().enumerate() {
        let (from, to) = (e.from as usize, e.to as usize);
        match e.kind {
            EdgeKind::DependsOn => {
                let Some(value) = model.edge_extra(i).and_then(|x| x.get("share")) else {
                    continue;
                };
                match value.as_f64().filter(|s| s.is_finite() && *s >= 0.0) {
                    Some(s) if s > 0.0 && !is_sink(kind(to)) => shares[to].push((from, s)),
                    Some(_) => {}
                    None => diags.push(Diagnostic::error(
                        Code::OutOfRange,
                        Place {
                            edge: Some(i),
                            node: Some(model.nodes[from].id.to_string()),
                            pointer: Some(format!("/edges/{i}/share")),
                            field: Some("share".into()),
                            ..Place::default()
                        },
                        format!("share must be a number >= 0, not {}", shown(value)),
                    )),
                }
            }
            EdgeKind::Supports => supports[from].push((to, e.weight().max(0.0))),
            EdgeKind::Contributes if e.weight() > 0.0 => contributes[from].push((to, e.weight())),
            _ => {}
        }
    }
    // A person holds no run cost of its own: its supports edges say what it knows. One that no
    // cost reaches takes no part (so adding people changes no other node's figures, not even in
    // the order sums are formed).
    let mut fed = vec![false; n];
    for v in 0..n {
        supports[v].iter().for_each(|&(t, _)| fed[t] = true);
        shares[v].iter().for_each(|&(d, _)| fed[d] = true);
    }
    for v in 0..n {
        if kind(v) == NodeKind::Person && !fed[v] {
            supports[v].clear();
        }
    }
    // Run cost moves from a provider to its sharing dependents and from a node to what it
    // supports: a node passes it on once it has received everything (Kahn order).
    let mut indegree = vec![0usize; n];
    for v in 0..n {
        if is_sink(kind(v)) || kind(v) == NodeKind::Initiative {
            continue;
        }
        if !shares[v].is_empty() {
            for &(d, _) in &shares[v] {
                indegree[d] += 1;
            }
        } else {
            for &(t, _) in &supports[v] {
                indegree[t] += 1;
            }
        }
    }
    let mut s = Spend {
        run: vec![0.0; n],
        change: vec![0.0; n],
        ..Spend::default()
    };
    let mut received = vec![0.0; n];
    let mut queue: VecDeque<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
    let mut done = vec![false; n];
    let split = |amount: f64, to: &[(usize, f64)], received: &mut Vec<f64>| {
        let total: f64 = to.iter().map(|x| x.1).sum();
        for &(t, w) in to {
            received[t] += if total > 0.0 {
                amount * w / total
            } else {
                amount / to.len() as f64
            };
        }
    };
    let pass = |v: usize, s: &mut Spend, received: &mut Vec<f64>, passes: bool| {
        let own = if matches!(kind(v), NodeKind::Application | NodeKind::Element) {
            own_cost(model, v)
        } else {
            0.0
        };
        s.total_run += own;
        let total = own + received[v];
        s.run[v] = total;
        if is_sink(kind(v)) || kind(v) == NodeKind::Initiative || kind(v) == NodeKind::Goal {
            // Spent on the capability or activity; run cost that reaches a goal or an
            // initiative is not spent on a capability.
            if !is_sink(kind(v)) {
                s.unallocated_run += total;
            }
            return Vec::new();
        }
        if !passes {
            s.unallocated_run += total;
            return Vec::new();
        }
        if !shares[v].is_empty() {
            split(total, &shares[v], received);
            shares[v].iter().map(|x| x.0).collect()
        } else if !supports[v].is_empty() {
            split(total, &supports[v], received);
            supports[v].iter().map(|x| x.0).collect()
        } else {
            s.unallocated_run += total;
            Vec::new()
        }
    };
    while let Some(v) = queue.pop_front() {
        done[v] = true;
        for t in pass(v, &mut s, &mut received, true) {
            indegree[t] -= 1;
            if indegree[t] == 0 {
                queue.push_back(t);
            }
        }
    }
    // Nodes on a cycle of shares or supports keep what they have: run cost stays counted once.
    let stuck: Vec<usize> = (0..n).filter(|&v| !done[v]).collect();
    if !stuck.is_empty() {
        for &v in &stuck {
            pass(v, &mut s, &mut received, false);
        }
        let names: Vec<&str> = stuck
            .iter()
            .map(|&v| model.nodes[v].display_name())
            .collect();
        diags.push(Diagnostic::warning(
            Code::DependencyCycle,
            Place::node(&model.nodes[stuck[0]].id),
            format!(
                "run cost cannot be passed on around a cycle of shares or supports among {} nodes ({}); they keep it as unallocated run spend",
                stuck.len(),
                shorten(&names, ", ", 10)
            ),
        ));
    }
    // Change: an initiative's cost over what it supports and contributes to, by weight.
    let mut change_in = vec![0.0; n];
    for v in 0..n {
        let node = &model.nodes[v];
        if node.kind != NodeKind::Initiative || node.status() == Status::Cancelled {
            continue;
        }
        let cost = own_cost(model, v);
        s.total_change += cost;
        s.change[v] = cost;
        let targets: Vec<(usize, f64)> =
            supports[v].iter().chain(&contributes[v]).copied().collect();
        if targets.is_empty() {
            s.unallocated_change += cost;
        } else {
            split(cost, &targets, &mut change_in);
        }
    }
    for (v, node) in model.nodes.iter().enumerate() {
        if node.kind != NodeKind::Initiative {
            s.change[v] = change_in[v];
        }
    }
    // Capabilities roll up along part_of (children before parents).
    roll_up(model, &mut s.run);
    roll_up(model, &mut s.change);
    s
}

/// Adds each capability's total to its capability parents' (part_of child -> parent), children
/// first; a cycle of part_of among capabilities is left as it is (the scoring warns of it).
fn roll_up(model: &Model, x: &mut [f64]) {
    let n = model.nodes.len();
    let cap = |v: usize| model.nodes[v].kind == NodeKind::Capability;
    let mut parents: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut children = vec![0usize; n];
    for e in &model.edges {
        let (c, p) = (e.from as usize, e.to as usize);
        if e.kind == EdgeKind::PartOf && cap(c) && cap(p) && c != p && !parents[c].contains(&p) {
            parents[c].push(p);
            children[p] += 1;
        }
    }
    let mut queue: VecDeque<usize> = (0..n).filter(|&v| cap(v) && children[v] == 0).collect();
    while let Some(c) = queue.pop_front() {
        for &p in &parents[c] {
            x[p] += x[c];
            children[p] -= 1;
            if children[p] == 0 {
                queue.push_back(p);
            }
        }
    }
}

/// `aligngraph costs`: run and change per node, the totals and what is unallocated, and spend
/// against strategy: each active initiative's cost split over the top-level goals in proportion to
/// W(g) x r(v, g) (initiatives that reach no goal left out), each goal's share of that spend
/// against its weight, and misallocation = 1/2 x sum |spend_share - weight|.
pub fn costs(model: &Model, scores: &Scores) -> (Value, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let s = spend(model, &mut diags);
    let mut nodes = Map::new();
    for (v, node) in model.nodes.iter().enumerate() {
        nodes.insert(
            node.id.to_string(),
            json!({"run": s.run[v], "change": s.change[v]}),
        );
    }
    // Spend against strategy.
    let gc = scores.goals.len();
    let mut spend_of = vec![0.0; gc];
    for (a, &v) in scores.active.iter().enumerate() {
        let cost = own_cost(model, v as usize);
        let row = &scores.reach[a * gc..(a + 1) * gc];
        let pull: Vec<f64> = scores
            .goals
            .iter()
            .zip(row)
            .zip(&scores.weight)
            .map(
                |((&g, &r), &w)| {
                    if scores.top[g as usize] { w * r } else { 0.0 }
                },
            )
            .collect();
        let total: f64 = pull.iter().sum();
        if total > 0.0 {
            for (j, p) in pull.iter().enumerate() {
                spend_of[j] += cost * p / total;
            }
        }
    }
    let spent: f64 = spend_of.iter().sum();
    let mut goals = Map::new();
    let mut mis = 0.0;
    for (j, &g) in scores.goals.iter().enumerate() {
        if !scores.top[g as usize] {
            continue;
        }
        let share = (spent > 0.0).then(|| spend_of[j] / spent);
        let weight = scores.weight[j];
        mis += (share.unwrap_or(0.0) - weight).abs();
        goals.insert(
            model.nodes[g as usize].id.to_string(),
            json!({"spend": spend_of[j], "spend_share": num(share), "weight": weight}),
        );
    }
    let misallocation = (spent > 0.0).then_some(0.5 * mis);
    let out = json!({
        "nodes": nodes,
        "total_run": s.total_run,
        "total_change": s.total_change,
        "allocated_run": s.total_run - s.unallocated_run,
        "allocated_change": s.total_change - s.unallocated_change,
        "unallocated_run": s.unallocated_run,
        "unallocated_change": s.unallocated_change,
        "goals": goals,
        "misallocation": num(misallocation),
    });
    (out, diags)
}
