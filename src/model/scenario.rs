//! Named scenarios as the model file holds them: a set of changes to the model (cancel or approve
//! an initiative, add one with its edges, change a cost, risk, weight or other number, set a
//! budget), read and checked against the model's nodes, and applied to a copy.
//!
//! Scenarios live in the model file as the top-level `scenarios` array (kept and written back
//! like any other field); the loader checks them, naming the JSON pointer of a bad change.
//! Comparing a scenario with the baseline is a decision method (`decide::scenario`).
//!
//! ```
//! use aligngraph::model::scenario;
//! let text = r#"{"format": "aligngraph", "version": 1,
//!   "nodes": [{"id": "g", "kind": "goal"}, {"id": "i", "kind": "initiative", "cost": 10}],
//!   "edges": [{"from": "i", "to": "g", "kind": "contributes", "weight": 0.5}],
//!   "scenarios": [{"name": "Stop i", "changes": [{"op": "cancel", "id": "i"}]}]}"#;
//! let (model, diagnostics) = aligngraph::load_json(text);
//! assert!(diagnostics.is_empty());
//! let s = scenario::find(&model, "Stop i").unwrap();
//! assert_eq!(s.changes, vec![scenario::Change::Cancel("i".into())]);
//! let after = scenario::apply_changes(&model, &s.changes).unwrap();
//! assert!(!after.nodes[after.find("i").unwrap() as usize].is_active_initiative());
//! ```

// Errors are diagnostics (a code, a place and a sentence), returned only on bad input.
#![allow(clippy::result_large_err)]

use crate::diagnostics::{Code, Diagnostic, Place};
use crate::model::{self, Model, NodeKind, Num, Status};
use serde_json::{Map, Value};
use std::collections::HashMap;

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
                        format!(
                            "\"{key}\" is {}, out of range: it must be {}",
                            crate::diagnostics::number(x),
                            super::range_words(lo, hi)
                        ),
                    ))
                }
            }
            Some(other) => Err(Diagnostic::error(
                Code::NotANumber,
                at(format!("{ptr}/{key}"), None, Some(key)),
                format!(
                    "\"{key}\" must be a number, found {}",
                    crate::diagnostics::excerpt(&other.to_string(), 40)
                ),
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
        "budget" => Ok(Change::Budget(number("value", 0.0, super::MAX_MAGNITUDE)?)),
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
pub fn find(model: &Model, name: &str) -> Result<Scenario, Diagnostic> {
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
pub fn apply_changes(model: &Model, changes: &[Change]) -> Result<Model, Diagnostic> {
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
pub fn save(model: &mut Model, scenario: &Value) -> Result<Scenario, Diagnostic> {
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
pub fn delete(model: &mut Model, name: &str) -> Result<(), Diagnostic> {
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

/// Checks the model's scenarios for the loader: every diagnostic, errors included.
pub fn check(model: &Model) -> Vec<Diagnostic> {
    if !model.extra.contains_key(FIELD) {
        return Vec::new();
    }
    read_all(model).1
}
