//! Named scenarios compared with the baseline: the scenario's changes applied to a copy of the
//! model, scored and compared with the baseline KPI by KPI, goal by goal and node by node, with
//! the reasons in words.
//!
//! The scenarios themselves (what a change is, reading and checking them, applying them to a
//! copy of the model) are in [`crate::model::scenario`].
//!
//! ```
//! use aligngraph::decide::scenario;
//! let text = r#"{"format": "aligngraph", "version": 1,
//!   "nodes": [{"id": "g", "kind": "goal"}, {"id": "i", "kind": "initiative", "cost": 10}],
//!   "edges": [{"from": "i", "to": "g", "kind": "contributes", "weight": 0.5}],
//!   "scenarios": [{"name": "Stop i", "changes": [{"op": "cancel", "id": "i"}]}]}"#;
//! let (model, diagnostics) = aligngraph::load_json(text);
//! assert!(diagnostics.is_empty());
//! let cmp = scenario::compare(&model, "Stop i").unwrap();
//! let coverage = cmp.kpis.iter().find(|k| k.kpi == "goal_coverage").unwrap();
//! assert_eq!((coverage.baseline, coverage.scenario), (0.5, 0.0));
//! assert!(cmp.reasons[0].text.contains("because i is cancelled"));
//! ```

use super::{Error, optimize};
use crate::analysis::{self, Report, alignment};
use crate::model::scenario::{Change, Scenario, apply_changes, find};
use crate::model::{EdgeKind, Model};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// One KPI, baseline against scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiDelta {
    /// KPI name as in the report (`alignment_index`, ...).
    pub kpi: &'static str,
    /// Baseline value.
    pub baseline: f64,
    /// Scenario value.
    pub scenario: f64,
    /// scenario - baseline.
    pub delta: f64,
}

/// One value of a goal or node, baseline against scenario (NaN-free: absent is null).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueDelta {
    /// Node id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The score compared (`coverage` for goals).
    pub field: &'static str,
    /// Baseline value (None for a node the scenario adds).
    pub baseline: Option<f64>,
    /// Scenario value.
    pub scenario: f64,
    /// scenario - baseline (the scenario value for an added node).
    pub delta: f64,
}

/// A reason: what one change does to a KPI or a goal's coverage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    /// Index of the change in the scenario.
    pub change: usize,
    /// The sentence.
    pub text: String,
    /// The KPI or goal id it is about.
    pub subject: String,
    /// The change of that KPI or coverage caused by this change alone.
    pub delta: f64,
}

/// A scenario compared with the baseline.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// Scenario name.
    pub name: String,
    /// Its description.
    pub description: Option<String>,
    /// The budget the scenario sets, if any.
    pub budget: Option<f64>,
    /// Every KPI, baseline against scenario.
    pub kpis: Vec<KpiDelta>,
    /// Goals whose coverage changes.
    pub goals: Vec<ValueDelta>,
    /// Nodes whose alignment, delivery risk or exposure changes (the 200 largest changes).
    pub nodes: Vec<ValueDelta>,
    /// Number of node values that change (also those beyond the 200 listed).
    pub nodes_changed: usize,
    /// What each change does, largest effect first within each change.
    pub reasons: Vec<Reason>,
    /// With a budget: the optimal portfolio at that budget, baseline against scenario.
    pub portfolio: Option<Value>,
}

/// The KPIs compared: name, value, and whether it is a share (shown in points) or an amount.
fn kpi_values(r: &Report) -> Vec<(&'static str, f64, bool)> {
    let k = &r.kpis;
    vec![
        ("alignment_index", k.alignment_index, true),
        ("expected_alignment_index", k.expected_alignment_index, true),
        ("goal_coverage", k.goal_coverage, true),
        ("expected_goal_coverage", k.expected_goal_coverage, true),
        ("unaligned_spend_share", k.unaligned_spend_share, true),
        ("total_spend", k.total_spend, false),
        ("unaligned_spend", k.unaligned_spend, false),
        ("total_exposure", k.total_exposure, false),
        ("active_initiatives", k.active_initiatives as f64, false),
        (
            "orphan_initiatives",
            k.orphan_initiatives.len() as f64,
            false,
        ),
        ("uncovered_goals", k.uncovered_goals.len() as f64, false),
    ]
}

pub(crate) fn kpi_label(kpi: &str) -> &'static str {
    match kpi {
        "alignment_index" => "alignment index",
        "expected_alignment_index" => "expected alignment index",
        "goal_coverage" => "goal coverage",
        "expected_goal_coverage" => "expected goal coverage",
        "unaligned_spend_share" => "unaligned spend share",
        "total_spend" => "total spend",
        "unaligned_spend" => "unaligned spend",
        "total_exposure" => "total exposure",
        "active_initiatives" => "active initiatives",
        "orphan_initiatives" => "orphan initiatives",
        _ => "uncovered goals",
    }
}

/// A share change in points ("+7.0 points"), an amount with its sign.
fn signed(delta: f64, share: bool) -> String {
    if share {
        format!("{:+.1} points", delta * 100.0)
    } else if delta.fract() == 0.0 && delta.abs() < 1e15 {
        format!("{delta:+}")
    } else {
        format!("{delta:+.2}")
    }
}

pub(crate) fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x}")
    } else {
        format!("{x:.4}").trim_end_matches('0').to_string()
    }
}

pub(crate) fn verb(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Contributes => "contributes to",
        EdgeKind::Supports => "supports",
        EdgeKind::DependsOn => "depends on",
        EdgeKind::PartOf => "is part of",
        EdgeKind::Excludes => "excludes",
    }
}

/// "X is cancelled", "X now supports Y and contributes to Z", ...
fn describe(change: &Change, base: &Model, after: &Model) -> String {
    let name = |m: &Model, id: &str| {
        m.find(id)
            .map(|i| m.node(i).display_name().to_string())
            .unwrap_or_else(|| id.to_string())
    };
    match change {
        Change::Cancel(id) => format!("{} is cancelled", name(base, id)),
        Change::Approve(id) => format!("{} is approved", name(base, id)),
        Change::Set { id, field, value } => {
            let old = base
                .find(id)
                .and_then(|i| base.node(i).attrs().get(*field))
                .map(number)
                .unwrap_or_else(|| "unset".into());
            format!(
                "the {} of {} goes from {old} to {}",
                field.key().replace('_', " "),
                name(base, id),
                number(*value)
            )
        }
        Change::Add { node, .. } => {
            let id = node.get("id").and_then(Value::as_str).unwrap_or_default();
            let Some(ix) = after.find(id) else {
                return format!("{id} is added");
            };
            let links: Vec<String> = after
                .edges
                .iter()
                .filter(|e| e.from == ix)
                .map(|e| format!("{} {}", verb(e.kind), after.node(e.to).display_name()))
                .collect();
            let who = after.node(ix).display_name();
            if links.is_empty() {
                format!("{who} is added")
            } else {
                format!("{who} now {}", links.join(" and "))
            }
        }
        Change::Budget(b) => format!("the budget is set to {}", number(*b)),
    }
}

/// "(X supports Y, which contributes to G)" for the strongest path from `from` to `goal`.
fn path_note(model: &Model, from: &str, goal: &str) -> String {
    let (Some(f), Some(g)) = (model.find(from), model.find(goal)) else {
        return String::new();
    };
    let graph = crate::graph::Graph::build(model);
    let Some((_, nodes, _)) = alignment::top_paths(&graph, f, g, 1).into_iter().next() else {
        return String::new();
    };
    let kind_between = |a: u32, b: u32| {
        model
            .edges
            .iter()
            .find(|e| e.from == a && e.to == b && e.kind.carries_alignment())
            .map(|e| verb(e.kind))
            .unwrap_or("serves")
    };
    let mut text = String::new();
    for (k, w) in nodes.windows(2).enumerate() {
        let (a, b) = (
            model.node(w[0]).display_name(),
            model.node(w[1]).display_name(),
        );
        if k == 0 {
            text.push_str(&format!("{a} {} {b}", kind_between(w[0], w[1])));
        } else {
            text.push_str(&format!(", which {} {b}", kind_between(w[0], w[1])));
        }
    }
    if text.is_empty() {
        text
    } else {
        format!(" ({text})")
    }
}

/// The optimal portfolio of a model at a budget.
fn portfolio_at(
    model: &Model,
    scores: &crate::analysis::Scores,
    budget: f64,
) -> Result<optimize::Solution, Error> {
    optimize::problem(model, scores, None)?.solve(budget)
}

/// "at a budget of 400 the optimal portfolio funds 2 of 3 active initiatives ..."
fn budget_reason(model: &Model, base: &Report, budget: f64) -> Result<String, Error> {
    let sol = portfolio_at(model, base.scores(), budget)?;
    let active = base.scores().active.len();
    let chosen: std::collections::HashSet<&str> = sol.selected.iter().map(String::as_str).collect();
    let mut left: Vec<&str> = base
        .scores()
        .active
        .iter()
        .map(|&v| model.node(v))
        .filter(|n| !chosen.contains(&*n.id))
        .map(|n| n.display_name())
        .collect();
    left.sort_unstable();
    let mut text = format!(
        "at a budget of {} the optimal portfolio funds {} of {active} active initiatives (cost {}, value {})",
        number(budget),
        sol.selected.len(),
        number(sol.cost),
        number(sol.value)
    );
    if !left.is_empty() {
        let shown: Vec<&str> = left.iter().take(8).copied().collect();
        text.push_str(&format!(", leaving out {}", shown.join(", ")));
        if left.len() > shown.len() {
            text.push_str(&format!(" and {} more", left.len() - shown.len()));
        }
    }
    Ok(text)
}

/// Changes below this are not given as reasons (0.05 points for shares, relative for amounts).
const EPS: f64 = 5e-4;

fn reasons_for(
    index: usize,
    change: &Change,
    base_model: &Model,
    base: &Report,
) -> Result<Vec<Reason>, Error> {
    if let Change::Budget(b) = change {
        return Ok(vec![Reason {
            change: index,
            text: budget_reason(base_model, base, *b).unwrap_or_else(|d| {
                format!(
                    "at a budget of {} no portfolio is possible: {}",
                    number(*b),
                    d.message
                )
            }),
            subject: "budget".into(),
            delta: 0.0,
        }]);
    }
    let after_model = apply_changes(base_model, std::slice::from_ref(change))?;
    let after = analysis::score(&after_model, &super::scoring_options());
    let because = describe(change, base_model, &after_model);
    let through = match change {
        Change::Cancel(id) => Some((base_model, id.as_str())),
        Change::Approve(id) => Some((&after_model, id.as_str())),
        Change::Add { node, .. } => node
            .get("id")
            .and_then(Value::as_str)
            .map(|id| (&after_model, id)),
        _ => None,
    };
    Ok(reasons_between(index, &because, through, base, &after))
}

/// What one change does, from the scores before it (`base`) and after it (`after`): a reason for
/// every KPI and goal coverage that moves, changes in points first, largest first; `through` (a
/// model and a node id) adds the strongest path from that node to each goal whose coverage moves.
#[inline(never)]
pub(crate) fn reasons_between(
    index: usize,
    because: &str,
    through: Option<(&Model, &str)>,
    base: &Report,
    after: &Report,
) -> Vec<Reason> {
    // (shown in points, reason): changes in points first, then amounts and counts.
    let mut out: Vec<(bool, Reason)> = Vec::new();
    for ((kpi, b, share), (_, a, _)) in kpi_values(base).into_iter().zip(kpi_values(after)) {
        let d = a - b;
        if d.abs() > EPS * if share { 1.0 } else { b.abs().max(1.0) } {
            out.push((
                share,
                Reason {
                    change: index,
                    text: format!("{} {} because {because}", kpi_label(kpi), signed(d, share)),
                    subject: kpi.to_string(),
                    delta: d,
                },
            ));
        }
    }
    let after_goals: HashMap<&str, f64> = after
        .goals
        .iter()
        .map(|g| (g.id.as_str(), g.coverage))
        .collect();
    for g in &base.goals {
        let Some(&a) = after_goals.get(g.id.as_str()) else {
            continue;
        };
        let d = a - g.coverage;
        if d.abs() > EPS {
            let note = through
                .map(|(m, id)| path_note(m, id, &g.id))
                .unwrap_or_default();
            out.push((
                true,
                Reason {
                    change: index,
                    text: format!(
                        "coverage of {} {} because {because}{note}",
                        g.name,
                        signed(d, true)
                    ),
                    subject: g.id.clone(),
                    delta: d,
                },
            ));
        }
    }
    if out.is_empty() {
        out.push((
            true,
            Reason {
                change: index,
                text: format!("{because}: no KPI or goal coverage changes"),
                subject: String::new(),
                delta: 0.0,
            },
        ));
    }
    out.sort_by(|(sx, x), (sy, y)| {
        sy.cmp(sx)
            .then_with(|| y.delta.abs().total_cmp(&x.delta.abs()))
    });
    out.into_iter().map(|(_, r)| r).collect()
}

/// Every KPI of `base` against `after`.
pub(crate) fn kpi_deltas(base: &Report, after: &Report) -> Vec<KpiDelta> {
    kpi_values(base)
        .into_iter()
        .zip(kpi_values(after))
        .map(|((kpi, b, _), (_, a, _))| KpiDelta {
            kpi,
            baseline: b,
            scenario: a,
            delta: a - b,
        })
        .collect()
}

/// Compares the scenario called `name` with the baseline (the model as it is).
pub fn compare(model: &Model, name: &str) -> Result<Comparison, Error> {
    let s = find(model, name)?;
    compare_scenario(model, &s)
}

/// Compares a scenario with the baseline.
pub fn compare_scenario(model: &Model, s: &Scenario) -> Result<Comparison, Error> {
    let scen_model = apply_changes(model, &s.changes)?;
    let opts = super::scoring_options();
    let base = analysis::score(model, &opts);
    let scen = analysis::score(&scen_model, &opts);
    let kpis = kpi_deltas(&base, &scen);
    let base_cov: BTreeMap<&str, f64> = base
        .goals
        .iter()
        .map(|g| (g.id.as_str(), g.coverage))
        .collect();
    let goals: Vec<ValueDelta> = scen
        .goals
        .iter()
        .filter_map(|g| {
            let b = base_cov.get(g.id.as_str()).copied();
            let d = g.coverage - b.unwrap_or(0.0);
            (b.is_none() || d.abs() > 1e-12).then(|| ValueDelta {
                id: g.id.clone(),
                name: g.name.clone(),
                field: "coverage",
                baseline: b,
                scenario: g.coverage,
                delta: d,
            })
        })
        .collect();
    let (bs, ss) = (base.scores(), scen.scores());
    let base_ix = model.id_index();
    let mut nodes = Vec::new();
    for (j, n) in scen_model.nodes.iter().enumerate() {
        let b = base_ix.get(n.id.as_ref()).map(|&i| i as usize);
        for (field, before, after) in [
            ("alignment", b.map(|i| bs.alignment[i]), ss.alignment[j]),
            (
                "delivery_risk",
                b.map(|i| bs.delivery_risk[i]),
                ss.delivery_risk[j],
            ),
        ] {
            let d = after - before.unwrap_or(0.0);
            if (before.is_none() && after != 0.0) || d.abs() > 1e-12 {
                nodes.push(ValueDelta {
                    id: n.id.to_string(),
                    name: n.display_name().to_string(),
                    field,
                    baseline: before,
                    scenario: after,
                    delta: d,
                });
            }
        }
    }
    nodes.sort_unstable_by(|x, y| {
        y.delta
            .abs()
            .total_cmp(&x.delta.abs())
            .then_with(|| x.id.cmp(&y.id))
    });
    let nodes_changed = nodes.len();
    nodes.truncate(200);
    let mut reasons = Vec::new();
    for (i, c) in s.changes.iter().enumerate() {
        reasons.extend(reasons_for(i, c, model, &base)?);
    }
    let portfolio = match s.budget() {
        Some(b) => {
            // A side with no feasible portfolio (e.g. a mandatory initiative made impossible)
            // shows its error instead.
            let side = |r: Result<optimize::Solution, Error>| match r {
                Ok(sol) => serde_json::to_value(sol).unwrap_or(Value::Null),
                Err(d) => serde_json::json!({"error": d}),
            };
            let before = side(portfolio_at(model, base.scores(), b));
            let after = side(portfolio_at(&scen_model, scen.scores(), b));
            Some(serde_json::json!({"baseline": before, "scenario": after}))
        }
        None => None,
    };
    Ok(Comparison {
        name: s.name.clone(),
        description: s.description.clone(),
        budget: s.budget(),
        kpis,
        goals,
        nodes,
        nodes_changed,
        reasons,
        portfolio,
    })
}
