//! Two models compared: an earlier one (a snapshot, last quarter's board pack) and the current
//! one. Every KPI with its status against the targets, every goal and initiative added, removed
//! or changed, the changes between the files in words, and what each change does to the KPIs and
//! goal coverage, with the reason machinery of the scenario comparison ([`super::scenario`]).
//!
//! Nodes are matched by id; edges by (from, to, kind), parallel edges of one pair merged (the
//! largest weight counts, as in scoring). A change is one of: a node added or removed, a node's
//! kind, status or number changed, an edge added, removed or re-weighted. Each change's effect is
//! the earlier model with that change alone applied, scored and compared with the earlier model
//! (for the first [`MAX_REASONED`] changes).
//!
//! ```
//! use aligngraph::decide::diff;
//! let old = r#"{"nodes": [{"id": "g", "kind": "goal"},
//!   {"id": "i", "kind": "initiative", "cost": 10}],
//!   "edges": [{"from": "i", "to": "g", "kind": "contributes", "weight": 0.5}]}"#;
//! let new = old.replace("0.5}", "0.9}");
//! let (a, _) = aligngraph::load_json(old);
//! let (b, _) = aligngraph::load_json(&new);
//! let d = diff::diff(&a, &b);
//! let coverage = d.kpis.iter().find(|k| k.kpi == "goal_coverage").unwrap();
//! assert_eq!((coverage.old, coverage.new), (0.5, 0.9));
//! assert_eq!(d.changes[0].text, "the weight of i contributes to g goes from 0.5 to 0.9");
//! assert!(d.reasons[0].text.starts_with("alignment index +40.0 points because"));
//! ```

use super::scenario::{Reason, kpi_deltas, number, reasons_between, verb};
use crate::analysis::report::{GoalScore, StatusReport, status_of};
use crate::analysis::{self, Report};
use crate::model::targets::{self, Rag};
use crate::model::{Edge, EdgeKind, Model, Num, Status};
use serde::Serialize;
use std::collections::BTreeMap;

/// The changes whose effect on the KPIs and goals is computed (one scoring each); the others are
/// listed without reasons.
pub const MAX_REASONED: usize = 100;

/// A value in both models (absent on the side that lacks the node).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Pair {
    /// In the earlier model.
    pub old: Option<f64>,
    /// In the current model.
    pub new: Option<f64>,
    /// new - old, when both exist.
    pub delta: Option<f64>,
}

impl Pair {
    fn of(old: Option<f64>, new: Option<f64>) -> Pair {
        let delta = match (old, new) {
            (Some(a), Some(b)) => Some(b - a),
            _ => None,
        };
        Pair { old, new, delta }
    }

    fn moved(&self) -> bool {
        self.delta.is_some_and(|d| d.abs() > 1e-12)
    }
}

/// One KPI in both models.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiChange {
    /// KPI name as in the report.
    pub kpi: &'static str,
    /// In the earlier model.
    pub old: f64,
    /// In the current model.
    pub new: f64,
    /// new - old.
    pub delta: f64,
    /// Status against the targets in the earlier model (none without a target).
    pub old_status: Option<Rag>,
    /// Status in the current model.
    pub new_status: Option<Rag>,
}

/// A goal added, removed or changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalChange {
    /// Goal id.
    pub id: String,
    /// Name (the current one when both models have the goal).
    pub name: String,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// Coverage.
    pub coverage: Pair,
    /// Expected coverage.
    pub expected_coverage: Pair,
    /// Normalised weight.
    pub weight: Pair,
    /// Coverage status against the targets, before and after (none without a target).
    pub old_status: Option<Rag>,
    /// Coverage status now.
    pub new_status: Option<Rag>,
}

/// An initiative added, removed or changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InitiativeChange {
    /// Initiative id.
    pub id: String,
    /// Name.
    pub name: String,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// Status in the earlier model.
    pub old_status: Option<&'static str>,
    /// Status now.
    pub new_status: Option<&'static str>,
    /// Cost.
    pub cost: Pair,
    /// Alignment.
    pub alignment: Pair,
    /// Delivery risk.
    pub delivery_risk: Pair,
    /// Exposure (delivery risk x cost, active initiatives).
    pub exposure: Pair,
}

/// One change between the two files.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelChange {
    /// `node_added`, `node_removed` (a node whose kind changed is both), `status`, `value`,
    /// `edge_added`, `edge_removed`, `edge_weight`.
    pub kind: &'static str,
    /// The node id, or the edge as `from -> to (kind)`.
    pub subject: String,
    /// The field of a `value` change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    /// The change in words.
    pub text: String,
}

/// What the two models are.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// The file it was read from, when the caller names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Model name.
    pub name: Option<String>,
    /// Nodes.
    pub nodes: usize,
    /// Edges.
    pub edges: usize,
}

/// Two models compared.
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    /// Always `aligngraph-diff`.
    pub format: &'static str,
    /// 1.
    pub version: u32,
    /// The earlier model.
    pub old: Side,
    /// The current model.
    pub new: Side,
    /// Whose targets judge both sides: `new`, `old` (the current model has none) or `none`.
    pub targets_from: &'static str,
    /// Every KPI.
    pub kpis: Vec<KpiChange>,
    /// Goals added, removed or changed (coverage, expected coverage, weight, status), by id.
    pub goals: Vec<GoalChange>,
    /// Initiatives added, removed or changed (status, cost, alignment, delivery risk,
    /// exposure), by id.
    pub initiatives: Vec<InitiativeChange>,
    /// Every change between the files, in order: nodes removed, added, changed; edges.
    pub changes: Vec<ModelChange>,
    /// What each change does (its index in `changes`), largest effect first within a change.
    pub reasons: Vec<Reason>,
    /// How many changes have reasons (at most [`MAX_REASONED`]).
    pub reasoned: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct EdgeKey {
    from: String,
    to: String,
    kind: EdgeKind,
}

impl EdgeKey {
    fn of(m: &Model, e: &Edge) -> EdgeKey {
        EdgeKey {
            from: m.node(e.from).id.to_string(),
            to: m.node(e.to).id.to_string(),
            kind: e.kind,
        }
    }
}

/// The edges of a model by key, with the largest effective weight.
fn edge_map(m: &Model) -> BTreeMap<EdgeKey, f64> {
    let mut out: BTreeMap<EdgeKey, f64> = BTreeMap::new();
    for e in &m.edges {
        let w = out.entry(EdgeKey::of(m, &e)).or_insert(f64::NEG_INFINITY);
        *w = w.max(e.weight());
    }
    out
}

enum Step {
    Removed(String),
    Added(String),
    Status(String, Status, Status),
    Set(String, Num, Option<f64>, Option<f64>),
    Edge(EdgeKey, Option<f64>, Option<f64>),
}

/// Every id of both models, sorted, each with its index in `old` and in `new`.
fn ids<'m>(old: &'m Model, new: &'m Model) -> Vec<(&'m str, Option<u32>, Option<u32>)> {
    let (oi, ni) = (old.id_index(), new.id_index());
    let mut all: Vec<&str> = oi.keys().chain(ni.keys()).copied().collect();
    all.sort_unstable();
    all.dedup();
    all.into_iter()
        .map(|id| (id, oi.get(id).copied(), ni.get(id).copied()))
        .collect()
}

/// The changes from `old` to `new`, in a fixed order: nodes removed, added, changed (by id), then
/// edges (by from, to, kind).
fn steps(old: &Model, new: &Model) -> Vec<Step> {
    // A node whose kind changed is one removed and one added.
    let kind = |i: Option<u32>, j: Option<u32>| match (i, j) {
        (Some(i), Some(j)) => old.node(i).kind == new.node(j).kind,
        _ => false,
    };
    let all = ids(old, new);
    let mut out: Vec<Step> = all
        .iter()
        .filter(|x| x.1.is_some() && !kind(x.1, x.2))
        .map(|x| Step::Removed(x.0.into()))
        .collect();
    out.extend(
        all.iter()
            .filter(|x| x.2.is_some() && !kind(x.1, x.2))
            .map(|x| Step::Added(x.0.into())),
    );
    for &(id, i, j) in &all {
        let (Some(i), Some(j)) = (i, j) else { continue };
        let (a, b) = (old.node(i), new.node(j));
        if a.kind != b.kind {
            continue;
        }
        if a.attrs().status != b.attrs().status {
            out.push(Step::Status(id.into(), a.status(), b.status()));
        }
        for f in Num::ALL {
            let (x, y) = (a.attrs().get(f), b.attrs().get(f));
            if x != y {
                out.push(Step::Set(id.into(), f, x, y));
            }
        }
    }
    let (oe, ne) = (edge_map(old), edge_map(new));
    let (oi, ni) = (old.id_index(), new.id_index());
    let both = |k: &EdgeKey| {
        [&oi, &ni]
            .iter()
            .all(|ix| ix.contains_key(k.from.as_str()) && ix.contains_key(k.to.as_str()))
    };
    // An edge to a node added or removed is part of that node's change.
    for (k, &x) in &oe {
        let y = ne.get(k).copied();
        if Some(x) != y && both(k) {
            out.push(Step::Edge(k.clone(), Some(x), y));
        }
    }
    for (k, &y) in &ne {
        if !oe.contains_key(k) && both(k) {
            out.push(Step::Edge(k.clone(), None, Some(y)));
        }
    }
    out
}

/// The model with `ix` and its edges left out.
fn without(m: &Model, ix: u32) -> Model {
    let mut out = m.clone();
    out.nodes.remove(ix as usize);
    out.edges.retain(|e| e.from != ix && e.to != ix);
    out.edges.update(|e| {
        e.from -= u32::from(e.from > ix);
        e.to -= u32::from(e.to > ix);
    });
    out
}

/// `old` with the edges of key `k` as `new` has them.
fn with_edges(old: &Model, new: &Model, k: &EdgeKey) -> Model {
    let mut out = old.clone();
    out.edges.retain(|e| EdgeKey::of(old, e) != *k);
    let (Some(f), Some(t)) = (old.find(&k.from), old.find(&k.to)) else {
        return out;
    };
    for mut e in new.edges.iter().filter(|e| EdgeKey::of(new, e) == *k) {
        (e.from, e.to) = (f, t);
        out.add_edge(e);
    }
    out
}

/// `old` with one step applied.
fn apply(old: &Model, new: &Model, step: &Step) -> Model {
    let mut m = old.clone();
    match step {
        Step::Removed(id) => return old.find(id).map_or(m, |i| without(old, i)),
        Step::Added(id) => {
            let Some(j) = new.find(id) else { return m };
            // A node whose kind changed: the earlier one goes first.
            if let Some(i) = old.find(id) {
                m = without(old, i);
            }
            let ix = m.add_node(new.node(j).clone());
            let ids = m.id_index();
            let map = |v: u32| {
                if v == j {
                    Some(ix)
                } else {
                    ids.get(&*new.node(v).id).copied()
                }
            };
            let edges: Vec<Edge> = new
                .edges
                .iter()
                .filter(|e| e.from == j || e.to == j)
                .filter_map(|mut e| {
                    let (f, t) = (map(e.from)?, map(e.to)?);
                    (e.from, e.to) = (f, t);
                    Some(e)
                })
                .collect();
            for e in edges {
                m.add_edge(e);
            }
        }
        Step::Status(id, _, _) => {
            if let (Some(i), Some(j)) = (m.find(id), new.find(id)) {
                m.nodes[i as usize].attrs_mut().status = new.node(j).attrs().status;
            }
        }
        Step::Set(id, f, _, to) => {
            if let Some(i) = m.find(id) {
                m.nodes[i as usize].attrs_mut().set(*f, *to);
            }
        }
        Step::Edge(k, _, _) => return with_edges(old, new, k),
    }
    m
}

fn name_in(m: &Model, id: &str) -> String {
    m.find(id)
        .map(|i| m.node(i).display_name().to_string())
        .unwrap_or_else(|| id.to_string())
}

/// The step in words, and what it is in the change list.
fn describe(old: &Model, new: &Model, step: &Step) -> ModelChange {
    let (kind, subject, field, text) = match step {
        Step::Removed(id) => (
            "node_removed",
            id.clone(),
            None,
            format!("{} is removed", name_in(old, id)),
        ),
        Step::Added(id) => {
            let who = name_in(new, id);
            let links: Vec<String> = new.find(id).map_or_else(Vec::new, |j| {
                new.edges
                    .iter()
                    .filter(|e| e.from == j && e.to != j)
                    .map(|e| format!("{} {}", verb(e.kind), new.node(e.to).display_name()))
                    .collect()
            });
            let text = if links.is_empty() {
                format!("{who} is added")
            } else {
                format!("{who} is added and {}", links.join(" and "))
            };
            ("node_added", id.clone(), None, text)
        }
        Step::Status(id, from, to) => (
            "status",
            id.clone(),
            Some("status"),
            format!(
                "the status of {} goes from {} to {}",
                name_in(new, id),
                from.as_str(),
                to.as_str()
            ),
        ),
        Step::Set(id, f, from, to) => {
            let show = |x: &Option<f64>| x.map(number).unwrap_or_else(|| "unset".into());
            (
                "value",
                id.clone(),
                Some(f.key()),
                format!(
                    "the {} of {} goes from {} to {}",
                    f.key().replace('_', " "),
                    name_in(new, id),
                    show(from),
                    show(to)
                ),
            )
        }
        Step::Edge(k, from, to) => {
            let (a, b) = (name_in(new, &k.from), name_in(new, &k.to));
            let v = verb(k.kind);
            let subject = format!("{} -> {} ({})", k.from, k.to, k.kind.as_str());
            let weight = |w: f64| {
                if w == 1.0 {
                    String::new()
                } else {
                    format!(" (weight {})", number(w))
                }
            };
            match (from, to) {
                (None, Some(w)) => (
                    "edge_added",
                    subject,
                    None,
                    format!("{a} now {v} {b}{}", weight(*w)),
                ),
                (Some(_), None) => {
                    let no_longer = match v.strip_prefix("is ") {
                        Some(rest) => format!("is no longer {rest}"),
                        None => format!("no longer {v}"),
                    };
                    (
                        "edge_removed",
                        subject,
                        None,
                        format!("{a} {no_longer} {b}"),
                    )
                }
                (Some(x), Some(y)) => (
                    "edge_weight",
                    subject,
                    Some("weight"),
                    format!(
                        "the weight of {a} {v} {b} goes from {} to {}",
                        number(*x),
                        number(*y)
                    ),
                ),
                (None, None) => ("edge_weight", subject, None, String::new()),
            }
        }
    };
    ModelChange {
        kind,
        subject,
        field,
        text,
    }
}

/// The node a step's path notes run from, in the model where the path exists.
fn through<'m>(old: &'m Model, after: &'m Model, step: &'m Step) -> Option<(&'m Model, &'m str)> {
    match step {
        Step::Removed(id) => Some((old, id)),
        Step::Added(id) => Some((after, id)),
        Step::Status(id, from, to) => {
            let active = |s: &Status| !matches!(s, Status::Done | Status::Cancelled);
            match (active(from), active(to)) {
                (true, false) => Some((old, id)),
                (false, true) => Some((after, id)),
                _ => None,
            }
        }
        Step::Edge(k, None, Some(_)) => Some((after, &k.from)),
        Step::Edge(k, Some(_), None) => Some((old, &k.from)),
        _ => None,
    }
}

fn goal_status(s: &StatusReport, id: &str) -> Option<Rag> {
    s.goals
        .iter()
        .find(|g| g.id == id && g.field == "coverage")
        .map(|g| g.status)
}

/// Pairs the items of two lists in id order (both sorted by id) by id.
fn pair_by_id<'a, T>(
    a: &'a [T],
    b: &'a [T],
    id: fn(&T) -> &str,
) -> Vec<(Option<&'a T>, Option<&'a T>)> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() || j < b.len() {
        let ord = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) => id(x).cmp(id(y)),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        let (x, y) = match ord {
            std::cmp::Ordering::Less => (a.get(i), None),
            std::cmp::Ordering::Greater => (None, b.get(j)),
            std::cmp::Ordering::Equal => (a.get(i), b.get(j)),
        };
        i += usize::from(x.is_some());
        j += usize::from(y.is_some());
        out.push((x, y));
    }
    out
}

fn change_of<T>(a: Option<T>, b: Option<T>) -> &'static str {
    match (a, b) {
        (None, _) => "added",
        (_, None) => "removed",
        _ => "changed",
    }
}

fn goals_changed(
    (old, os): (&[GoalScore], &StatusReport),
    (new, ns): (&[GoalScore], &StatusReport),
) -> Vec<GoalChange> {
    let mut out = Vec::new();
    for (a, b) in pair_by_id(old, new, |g| &g.id) {
        let pair = |f: fn(&GoalScore) -> f64| Pair::of(a.map(f), b.map(f));
        let id = b.or(a).map(|g| g.id.as_str()).unwrap_or_default();
        let change = GoalChange {
            id: id.to_string(),
            name: b.or(a).map(|g| g.name.clone()).unwrap_or_default(),
            change: change_of(a, b),
            coverage: pair(|g| g.coverage),
            expected_coverage: pair(|g| g.expected_coverage),
            weight: pair(|g| g.weight),
            old_status: a.and_then(|_| goal_status(os, id)),
            new_status: b.and_then(|_| goal_status(ns, id)),
        };
        let moved = change.coverage.moved()
            || change.expected_coverage.moved()
            || change.weight.moved()
            || change.old_status != change.new_status;
        if change.change != "changed" || moved {
            out.push(change);
        }
    }
    out
}

fn initiatives_changed(old: &Report, new: &Report) -> Vec<InitiativeChange> {
    // Both in id order.
    let (before, after): (Vec<_>, Vec<_>) =
        (old.initiatives().collect(), new.initiatives().collect());
    let mut out = Vec::new();
    for (a, b) in pair_by_id(&before, &after, |x| x.id) {
        let exposure = |x: &analysis::report::InitiativeScore| {
            if x.active { x.exposure } else { 0.0 }
        };
        let pair =
            |f: &dyn Fn(&analysis::report::InitiativeScore) -> f64| Pair::of(a.map(f), b.map(f));
        let c = InitiativeChange {
            id: b.or(a).map(|x| x.id.to_string()).unwrap_or_default(),
            name: b.or(a).map(|x| x.name.to_string()).unwrap_or_default(),
            change: change_of(a, b),
            old_status: a.map(|x| x.status),
            new_status: b.map(|x| x.status),
            cost: pair(&|x| x.cost),
            alignment: pair(&|x| x.alignment),
            delivery_risk: pair(&|x| x.delivery_risk),
            exposure: pair(&exposure),
        };
        let moved = c.old_status != c.new_status
            || c.cost.moved()
            || c.alignment.moved()
            || c.delivery_risk.moved()
            || c.exposure.moved();
        if c.change != "changed" || moved {
            out.push(c);
        }
    }
    out
}

fn side(m: &Model) -> Side {
    Side {
        file: None,
        name: m.name.clone(),
        nodes: m.nodes.len(),
        edges: m.edges.len(),
    }
}

/// The report of a model (one copy of the scoring code, not one inlined per call).
#[inline(never)]
fn scored(m: &Model) -> Report<'_> {
    analysis::score(m, &super::scoring_options())
}

/// Compares the earlier model `old` with the current model `new` (both loaded without errors).
/// The current model's targets judge both sides (the earlier model's when the current one has
/// none), so a status change is a change of the numbers, not of the targets.
pub fn diff(old: &Model, new: &Model) -> Diff {
    let (a, b) = (scored(old), scored(new));
    let (nt, ot) = (targets::read(new).0, targets::read(old).0);
    let (t, targets_from) = if !nt.is_empty() {
        (nt, "new")
    } else if !ot.is_empty() {
        (ot, "old")
    } else {
        (nt, "none")
    };
    let (sa, sb) = (
        status_of(&t, &a.kpis, &a.goals),
        status_of(&t, &b.kpis, &b.goals),
    );
    let status =
        |s: &StatusReport, kpi: &str| s.kpis.iter().find(|k| k.kpi == kpi).map(|k| k.status);
    let kpis = kpi_deltas(&a, &b)
        .into_iter()
        .map(|k| KpiChange {
            kpi: k.kpi,
            old: k.baseline,
            new: k.scenario,
            delta: k.delta,
            old_status: status(&sa, k.kpi),
            new_status: status(&sb, k.kpi),
        })
        .collect();
    let steps = steps(old, new);
    let changes: Vec<ModelChange> = steps.iter().map(|s| describe(old, new, s)).collect();
    let mut reasons = Vec::new();
    let reasoned = steps.len().min(MAX_REASONED);
    for (i, step) in steps.iter().take(MAX_REASONED).enumerate() {
        let after_model = apply(old, new, step);
        let after = scored(&after_model);
        let via = through(old, &after_model, step);
        reasons.extend(reasons_between(i, &changes[i].text, via, &a, &after));
    }
    Diff {
        format: "aligngraph-diff",
        version: 1,
        old: side(old),
        new: side(new),
        targets_from,
        kpis,
        goals: goals_changed((&a.goals, &sa), (&b.goals, &sb)),
        initiatives: initiatives_changed(&a, &b),
        changes,
        reasons,
        reasoned,
    }
}
