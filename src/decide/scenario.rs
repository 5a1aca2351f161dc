//! Named scenarios: a set of changes to the model (cancel or approve an initiative, add one with
//! its edges, change a cost, risk, weight or other number, set a budget), scored and compared with
//! the baseline KPI by KPI, goal by goal and node by node, with the reasons in words.
//!
//! Scenarios live in the model file as the top-level `scenarios` array (kept and written back
//! like any other field); the loader checks them, naming the JSON pointer of a bad change.
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
use crate::diagnostics::{Code, Diagnostic, Place};
use crate::model::{self, EdgeKind, Model, NodeKind, Num, Status};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

/// The top-level field holding the scenarios.
pub const FIELD: &str = "scenarios";

/// The operations a change can make.
pub const OPS: [&str; 5] = ["cancel", "approve", "set", "add", "budget"];

/// One change of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Cancel an initiative.
    Cancel(String),
    /// Approve an initiative (back into the active portfolio).
    Approve(String),
    /// Set a numeric attribute of a node.
    Set {
        /// Node id.
        id: String,
        /// The attribute.
        field: Num,
        /// Its new value.
        value: f64,
    },
    /// Add a node (as written in a model file) and edges to or from it.
    Add {
        /// The node object.
        node: Map<String, Value>,
        /// Edge objects.
        edges: Vec<Value>,
    },
    /// Set the budget the portfolio is optimised for.
    Budget(f64),
}

/// A named scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Unique name.
    pub name: String,
    /// Optional description.
    pub description: Option<String>,
    /// The changes, applied in order.
    pub changes: Vec<Change>,
}

impl Scenario {
    /// The budget the scenario sets (the last `budget` change), if any.
    pub fn budget(&self) -> Option<f64> {
        self.changes.iter().rev().find_map(|c| match c {
            Change::Budget(b) => Some(*b),
            _ => None,
        })
    }
}

fn at(pointer: String, node: Option<&str>, field: Option<&str>) -> Place {
    Place {
        pointer: Some(pointer),
        node: node.map(str::to_string),
        field: field.map(str::to_string),
        ..Place::default()
    }
}

/// Reads one change, checked against the model's node ids (`added`: ids added by earlier
/// changes of the same scenario).
fn read_change(
    v: &Value,
    ptr: &str,
    ids: &HashMap<&str, u32>,
    model: &Model,
    added: &mut Vec<String>,
) -> Result<Change, Diagnostic> {
    let Value::Object(obj) = v else {
        return Err(Diagnostic::error(
            Code::WrongType,
            at(ptr.to_string(), None, None),
            "a change must be an object like {\"op\": \"cancel\", \"id\": \"ini-x\"}",
        ));
    };
    let op = match obj.get("op") {
        Some(Value::String(s)) => s.as_str(),
        Some(_) => {
            return Err(Diagnostic::error(
                Code::WrongType,
                at(format!("{ptr}/op"), None, Some("op")),
                "\"op\" must be a string",
            ));
        }
        None => {
            return Err(Diagnostic::error(
                Code::MissingField,
                at(ptr.to_string(), None, Some("op")),
                format!("a change needs \"op\": one of {}", OPS.join(", ")),
            ));
        }
    };
    let id = |must_exist: bool| -> Result<String, Diagnostic> {
        match obj.get("id") {
            Some(Value::String(s)) => {
                if must_exist && !ids.contains_key(s.as_str()) && !added.contains(s) {
                    return Err(Diagnostic::error(
                        Code::UnknownNode,
                        at(format!("{ptr}/id"), Some(s), Some("id")),
                        format!("no node has the id \"{s}\""),
                    ));
                }
                Ok(s.clone())
            }
            Some(_) => Err(Diagnostic::error(
                Code::WrongType,
                at(format!("{ptr}/id"), None, Some("id")),
                "\"id\" must be a string",
            )),
            None => Err(Diagnostic::error(
                Code::MissingField,
                at(ptr.to_string(), None, Some("id")),
                format!("a \"{op}\" change needs the \"id\" of a node"),
            )),
        }
    };
    let number = |key: &str, lo: f64, hi: f64| -> Result<f64, Diagnostic> {
        match obj.get(key) {
            Some(Value::Number(n)) => {
                let x = n.as_f64().unwrap_or(f64::NAN);
                if x >= lo && x <= hi {
                    Ok(x)
                } else {
                    Err(Diagnostic::error(
                        Code::OutOfRange,
                        at(format!("{ptr}/{key}"), None, Some(key)),
                        format!("{x} is out of range: it must be between {lo} and {hi}"),
                    ))
                }
            }
            Some(other) => Err(Diagnostic::error(
                Code::NotANumber,
                at(format!("{ptr}/{key}"), None, Some(key)),
                format!("\"{key}\" must be a number, found {other}"),
            )),
            None => Err(Diagnostic::error(
                Code::MissingField,
                at(ptr.to_string(), None, Some(key)),
                format!("a \"{op}\" change needs \"{key}\""),
            )),
        }
    };
    let initiative = |id: &str| -> Result<(), Diagnostic> {
        let is_initiative = match ids.get(id) {
            Some(&ix) => model.node(ix).kind == NodeKind::Initiative,
            None => true,
        };
        if is_initiative {
            Ok(())
        } else {
            Err(Diagnostic::error(
                Code::InvalidValue,
                at(format!("{ptr}/id"), Some(id), Some("id")),
                format!(
                    "\"{id}\" is not an initiative; only initiatives can be cancelled or approved"
                ),
            ))
        }
    };
    match op {
        "cancel" | "approve" => {
            let id = id(true)?;
            initiative(&id)?;
            Ok(if op == "cancel" {
                Change::Cancel(id)
            } else {
                Change::Approve(id)
            })
        }
        "set" => {
            let id = id(true)?;
            let field = match obj.get("field") {
                Some(Value::String(f)) => Num::parse(f).ok_or_else(|| {
                    Diagnostic::error(
                        Code::InvalidValue,
                        at(format!("{ptr}/field"), Some(&id), Some("field")),
                        format!(
                            "\"{f}\" is not a numeric attribute; expected one of {}",
                            Num::ALL.map(Num::key).join(", ")
                        ),
                    )
                })?,
                _ => {
                    return Err(Diagnostic::error(
                        Code::MissingField,
                        at(ptr.to_string(), Some(&id), Some("field")),
                        "a \"set\" change needs \"field\", the attribute to change (e.g. \"cost\")",
                    ));
                }
            };
            let (lo, hi) = field.range();
            let value = number("value", lo, hi)?;
            Ok(Change::Set { id, field, value })
        }
        "budget" => Ok(Change::Budget(number("value", 0.0, f64::MAX)?)),
        "add" => {
            let node = match obj.get("node") {
                Some(Value::Object(n)) => n.clone(),
                _ => {
                    return Err(Diagnostic::error(
                        Code::MissingField,
                        at(ptr.to_string(), None, Some("node")),
                        "an \"add\" change needs \"node\", a node object as in \"nodes\"",
                    ));
                }
            };
            let new_id = match node.get("id") {
                Some(Value::String(s)) => s.clone(),
                _ => {
                    return Err(Diagnostic::error(
                        Code::MissingField,
                        at(format!("{ptr}/node"), None, Some("id")),
                        "the added node needs a string \"id\"",
                    ));
                }
            };
            if ids.contains_key(new_id.as_str()) || added.contains(&new_id) {
                return Err(Diagnostic::error(
                    Code::DuplicateId,
                    at(format!("{ptr}/node/id"), Some(&new_id), Some("id")),
                    format!("a node with the id \"{new_id}\" is already in the model"),
                ));
            }
            let edges = match obj.get("edges") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Array(es)) => es.clone(),
                Some(_) => {
                    return Err(Diagnostic::error(
                        Code::WrongType,
                        at(format!("{ptr}/edges"), Some(&new_id), Some("edges")),
                        "\"edges\" must be an array of edge objects",
                    ));
                }
            };
            added.push(new_id);
            Ok(Change::Add { node, edges })
        }
        other => Err(Diagnostic::error(
            Code::InvalidValue,
            at(format!("{ptr}/op"), None, Some("op")),
            format!(
                "\"{other}\" is not an operation; expected one of {}",
                OPS.join(", ")
            ),
        )),
    }
}

/// Reads one scenario object at `ptr`.
pub fn read(model: &Model, v: &Value, ptr: &str) -> Result<Scenario, Diagnostic> {
    let ids = model.id_index();
    read_with(model, &ids, v, ptr)
}

fn read_with(
    model: &Model,
    ids: &HashMap<&str, u32>,
    v: &Value,
    ptr: &str,
) -> Result<Scenario, Diagnostic> {
    let Value::Object(obj) = v else {
        return Err(Diagnostic::error(
            Code::WrongType,
            at(ptr.to_string(), None, None),
            "a scenario must be an object {\"name\": ..., \"changes\": [...]}",
        ));
    };
    let name = match obj.get("name") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        _ => {
            return Err(Diagnostic::error(
                Code::MissingField,
                at(ptr.to_string(), None, Some("name")),
                "a scenario needs a non-empty \"name\"",
            ));
        }
    };
    let description = match obj.get("description") {
        Some(Value::String(s)) => Some(s.clone()),
        None | Some(Value::Null) => None,
        Some(_) => {
            return Err(Diagnostic::error(
                Code::WrongType,
                at(format!("{ptr}/description"), None, Some("description")),
                "\"description\" must be a string",
            ));
        }
    };
    let raw = match obj.get("changes") {
        Some(Value::Array(a)) => a.as_slice(),
        None | Some(Value::Null) => &[],
        Some(_) => {
            return Err(Diagnostic::error(
                Code::WrongType,
                at(format!("{ptr}/changes"), None, Some("changes")),
                format!("the changes of scenario \"{name}\" must be an array"),
            ));
        }
    };
    let mut added = Vec::new();
    let mut changes = Vec::with_capacity(raw.len());
    for (j, c) in raw.iter().enumerate() {
        let d = read_change(c, &format!("{ptr}/changes/{j}"), ids, model, &mut added)?;
        if let Change::Add { .. } = d {
            // An added node and its edges must load like any other.
            let upto: Vec<Change> = changes.iter().chain([&d]).cloned().collect();
            if let Err(e) = apply_changes(model, &upto) {
                return Err(Diagnostic::error(
                    e.code,
                    at(
                        format!("{ptr}/changes/{j}"),
                        e.place.node.as_deref(),
                        e.place.field.as_deref(),
                    ),
                    format!("the added node or its edges do not load: {}", e.message),
                ));
            }
        }
        changes.push(d);
    }
    Ok(Scenario {
        name,
        description,
        changes,
    })
}

/// Every scenario of the model, and a diagnostic for each that cannot be read (at its JSON
/// pointer, e.g. `/scenarios/1/changes/0/id`).
pub fn read_all(model: &Model) -> (Vec<Scenario>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    let Some(v) = model.extra.get(FIELD) else {
        return (out, diags);
    };
    let Value::Array(items) = v else {
        diags.push(Diagnostic::error(
            Code::WrongType,
            at(format!("/{FIELD}"), None, None),
            "\"scenarios\" must be an array of scenario objects",
        ));
        return (out, diags);
    };
    let ids = model.id_index();
    for (i, item) in items.iter().enumerate() {
        match read_with(model, &ids, item, &format!("/{FIELD}/{i}")) {
            Ok(s) => {
                if out.iter().any(|o: &Scenario| o.name == s.name) {
                    diags.push(Diagnostic::error(
                        Code::InvalidValue,
                        at(format!("/{FIELD}/{i}/name"), None, Some("name")),
                        format!(
                            "two scenarios are named \"{}\"; names must be unique",
                            s.name
                        ),
                    ));
                } else {
                    out.push(s);
                }
            }
            Err(d) => diags.push(d),
        }
    }
    (out, diags)
}

/// The scenario called `name`, or `UNKNOWN_SCENARIO` listing the names there are.
pub fn find(model: &Model, name: &str) -> Result<Scenario, Error> {
    let (mut all, diags) = read_all(model);
    if let Some(i) = all.iter().position(|s| s.name == name) {
        return Ok(all.swap_remove(i));
    }
    if let Some(d) = diags.into_iter().next() {
        return Err(d);
    }
    let names: Vec<String> = all.iter().map(|s| format!("\"{}\"", s.name)).collect();
    Err(Diagnostic::error(
        Code::UnknownScenario,
        Place {
            field: Some("name".into()),
            ..Place::default()
        },
        if names.is_empty() {
            format!("the model has no scenario \"{name}\" (it has no scenarios)")
        } else {
            format!(
                "the model has no scenario \"{name}\"; it has {}",
                names.join(", ")
            )
        },
    ))
}

/// The model with the changes applied (the budget is not part of the model).
pub fn apply_changes(model: &Model, changes: &[Change]) -> Result<Model, Error> {
    let mut m = model.clone();
    let mut adds: Vec<(&Map<String, Value>, &[Value])> = Vec::new();
    for c in changes {
        let ids = m.id_index();
        let ix = |id: &str| {
            ids.get(id).copied().ok_or_else(|| {
                Diagnostic::error(
                    Code::UnknownNode,
                    Place::node(id),
                    format!("no node has the id \"{id}\""),
                )
            })
        };
        match c {
            Change::Cancel(id) => {
                let i = ix(id)?;
                m.nodes[i as usize].attrs_mut().status = Some(Status::Cancelled);
            }
            Change::Approve(id) => {
                let i = ix(id)?;
                m.nodes[i as usize].attrs_mut().status = Some(Status::Approved);
            }
            Change::Set { id, field, value } => {
                let i = ix(id)?;
                m.nodes[i as usize].attrs_mut().set(*field, Some(*value));
            }
            Change::Add { node, edges } => adds.push((node, edges)),
            Change::Budget(_) => {}
        }
    }
    if adds.is_empty() {
        return Ok(m);
    }
    // Added nodes go through the loader, so they are checked like any node of a file.
    let mut v = model::to_json_value(&m);
    if let Some(Value::Array(nodes)) = v.get_mut("nodes") {
        nodes.extend(adds.iter().map(|(n, _)| Value::Object((*n).clone())));
    }
    if let Some(Value::Array(es)) = v.get_mut("edges") {
        es.extend(adds.iter().flat_map(|(_, e)| e.iter().cloned()));
    }
    if let Some(obj) = v.as_object_mut() {
        obj.remove(FIELD);
    }
    let (loaded, diags) = model::load_json(&v.to_string());
    if let Some(e) = diags.into_iter().find(Diagnostic::is_error) {
        return Err(e);
    }
    let mut loaded = loaded;
    if let Some(s) = model.extra.get(FIELD) {
        loaded.extra.insert(FIELD.to_string(), s.clone());
    }
    Ok(loaded)
}

/// The scenario's changes as written in the model file.
pub fn to_value(s: &Scenario) -> Value {
    let changes: Vec<Value> = s
        .changes
        .iter()
        .map(|c| match c {
            Change::Cancel(id) => serde_json::json!({"op": "cancel", "id": id}),
            Change::Approve(id) => serde_json::json!({"op": "approve", "id": id}),
            Change::Set { id, field, value } => {
                serde_json::json!({"op": "set", "id": id, "field": field.key(), "value": value})
            }
            Change::Add { node, edges } => {
                serde_json::json!({"op": "add", "node": node, "edges": edges})
            }
            Change::Budget(b) => serde_json::json!({"op": "budget", "value": b}),
        })
        .collect();
    let mut obj = Map::new();
    obj.insert("name".into(), Value::String(s.name.clone()));
    if let Some(d) = &s.description {
        obj.insert("description".into(), Value::String(d.clone()));
    }
    obj.insert("changes".into(), Value::Array(changes));
    Value::Object(obj)
}

/// Adds a scenario to the model, or replaces the one with the same name. The scenario is read
/// and checked first (its place is `/scenarios/<index it gets>`).
pub fn save(model: &mut Model, scenario: &Value) -> Result<Scenario, Error> {
    let existing = match model.extra.get(FIELD) {
        Some(Value::Array(a)) => a.clone(),
        _ => Vec::new(),
    };
    let name = scenario.get("name").and_then(Value::as_str);
    let slot = existing
        .iter()
        .position(|s| name.is_some() && s.get("name").and_then(Value::as_str) == name)
        .unwrap_or(existing.len());
    let s = read(model, scenario, &format!("/{FIELD}/{slot}"))?;
    let mut items = existing;
    let value = to_value(&s);
    if slot < items.len() {
        items[slot] = value;
    } else {
        items.push(value);
    }
    model.extra.insert(FIELD.to_string(), Value::Array(items));
    Ok(s)
}

/// Removes the scenario called `name`.
pub fn delete(model: &mut Model, name: &str) -> Result<(), Error> {
    let mut items = match model.extra.get(FIELD) {
        Some(Value::Array(a)) => a.clone(),
        _ => Vec::new(),
    };
    let before = items.len();
    items.retain(|s| s.get("name").and_then(Value::as_str) != Some(name));
    if items.len() == before {
        return find(model, name).map(|_| ());
    }
    if items.is_empty() {
        model.extra.shift_remove(FIELD);
    } else {
        model.extra.insert(FIELD.to_string(), Value::Array(items));
    }
    Ok(())
}

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

fn kpi_label(kpi: &str) -> &'static str {
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

fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x}")
    } else {
        format!("{x:.4}").trim_end_matches('0').to_string()
    }
}

fn verb(kind: EdgeKind) -> &'static str {
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
    // (shown in points, reason): changes in points first, then amounts and counts.
    let mut out: Vec<(bool, Reason)> = Vec::new();
    for ((kpi, b, share), (_, a, _)) in kpi_values(base).into_iter().zip(kpi_values(&after)) {
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
    let through = match change {
        Change::Cancel(id) => Some((base_model, id.clone())),
        Change::Approve(id) => Some((&after_model, id.clone())),
        Change::Add { node, .. } => node
            .get("id")
            .and_then(Value::as_str)
            .map(|id| (&after_model, id.to_string())),
        _ => None,
    };
    for g in &base.goals {
        let Some(&a) = after_goals.get(g.id.as_str()) else {
            continue;
        };
        let d = a - g.coverage;
        if d.abs() > EPS {
            let note = through
                .as_ref()
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
    Ok(out.into_iter().map(|(_, r)| r).collect())
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
    let kpis: Vec<KpiDelta> = kpi_values(&base)
        .into_iter()
        .zip(kpi_values(&scen))
        .map(|((kpi, b, _), (_, a, _))| KpiDelta {
            kpi,
            baseline: b,
            scenario: a,
            delta: a - b,
        })
        .collect();
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
    nodes.sort_by(|x, y| {
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

/// Checks the model's scenarios for the loader: every diagnostic, errors included.
pub fn check(model: &Model) -> Vec<Diagnostic> {
    if !model.extra.contains_key(FIELD) {
        return Vec::new();
    }
    read_all(model).1
}
