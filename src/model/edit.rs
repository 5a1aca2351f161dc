//! Edits of a model in place: one change at a time (a node's field, a node or edge added or
//! deleted, an edge's weight, a top-level field), each checked with the loader's own rules and
//! diagnostic codes, applied without reading the model again, and answered with the exact edit
//! that undoes it.
//!
//! An edit is a JSON object (docs/model-format.md, "Edits"):
//!
//! ```json
//! {"op": "set", "id": "ini-crm", "field": "cost", "value": 150000}
//! {"op": "add_node", "node": {"id": "ini-x", "kind": "initiative"}, "edges": [...]}
//! {"op": "delete_node", "id": "ini-x"}
//! {"op": "add_edge", "edge": {"from": "ini-x", "to": "g-1", "kind": "contributes"}}
//! {"op": "delete_edge", "from": "ini-x", "to": "g-1", "kind": "contributes"}
//! {"op": "set_edge", "from": "ini-x", "to": "g-1", "kind": "contributes", "field": "weight", "value": 0.4}
//! {"op": "set_model", "field": "name", "value": "Portfolio 2027"}
//! {"op": "batch", "ops": [...]}
//! ```
//!
//! A node or edge is read from its object exactly as the loader reads an element of `nodes` or
//! `edges`, so a bad value gets the message a model file with that value would get, at the JSON
//! pointer the value would have (`/nodes/3/cost`), naming the node, edge and field. Nothing
//! invalid is applied: a failed edit leaves the model as it was.
//!
//! ```
//! use aligngraph::formats::limits::Limits;
//! use aligngraph::model::edit;
//! let (mut m, _) = aligngraph::load_json(aligngraph::demo::DEMO_JSON);
//! let before = aligngraph::to_json(&m);
//! let op = serde_json::json!({"op": "set", "id": "ini-s4hana", "field": "cost", "value": 1});
//! let done = edit::apply(&mut m, &op, &Limits::CLI).unwrap();
//! edit::apply(&mut m, &done.inverse, &Limits::CLI).unwrap();
//! assert_eq!(aligngraph::to_json(&m), before);
//! let bad = serde_json::json!({"op": "set", "id": "ini-s4hana", "field": "risk", "value": 2});
//! let diags = edit::apply(&mut m, &bad, &Limits::CLI).unwrap_err();
//! assert_eq!(diags[0].code.as_str(), "OUT_OF_RANGE");
//! assert_eq!(diags[0].place.node.as_deref(), Some("ini-s4hana"));
//! assert_eq!(diags[0].place.field.as_deref(), Some("risk"));
//! ```

use super::json::{read_edge_object, read_node_object};
use super::{EdgeKind, Model, NodeIx, NodeKind, Num, edge_json, node_to_json, scenario};
use crate::diagnostics::{Code, Diagnostic, Place, excerpt};
use crate::formats::limits::Limits;
use serde_json::{Map, Value, json};

/// The operations an edit can make.
pub const OPS: [&str; 8] = [
    "set",
    "add_node",
    "delete_node",
    "add_edge",
    "delete_edge",
    "set_edge",
    "set_model",
    "batch",
];

/// The node fields a `set` can change besides the numeric attributes ([`Num`]) and the unknown
/// fields the node already has.
pub const NODE_FIELDS: [&str; 9] = [
    "name",
    "kind",
    "description",
    "status",
    "perspective",
    "category",
    "lifecycle",
    "mandatory",
    "estimate",
];

/// The top-level fields a `set_model` can change.
pub const MODEL_FIELDS: [&str; 6] = [
    "name",
    "currency",
    "time_unit",
    "description",
    "ahp",
    "scenarios",
];

/// What an applied edit changed, in order (the workspace keeps its what-if toggles and the
/// loader's warnings in step).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// A node was inserted at this index (later nodes moved up by one).
    NodeInserted(NodeIx),
    /// The node at this index was removed (later nodes moved down by one).
    NodeRemoved(NodeIx),
    /// The node at this index changed (its status or kind may differ).
    NodeChanged(NodeIx),
    /// Edges were added, removed or changed.
    EdgesChanged,
    /// A top-level field changed.
    ModelChanged,
}

/// An applied edit.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The edit that undoes it exactly (the model JSON comes back byte for byte).
    pub inverse: Value,
    /// The loader's warnings about what was written (an edge from a node to itself).
    pub warnings: Vec<Diagnostic>,
    /// What changed, in order.
    pub effects: Vec<Effect>,
}

impl Applied {
    /// True when node ids, names, kinds or their order, or the model's own fields, changed.
    pub fn structure(&self, ops: &Value) -> bool {
        self.effects
            .iter()
            .any(|e| matches!(e, Effect::NodeInserted(_) | Effect::NodeRemoved(_)))
            || names_changed(ops)
    }
}

fn names_changed(op: &Value) -> bool {
    match op.get("op").and_then(Value::as_str) {
        Some("set") => matches!(
            op.get("field").and_then(Value::as_str),
            Some("name" | "kind")
        ),
        Some("set_model") => true,
        Some("batch") => op
            .get("ops")
            .and_then(Value::as_array)
            .is_some_and(|ops| ops.iter().any(names_changed)),
        _ => false,
    }
}

type Res<T> = Result<T, Vec<Diagnostic>>;

fn fail<T>(code: Code, place: Place, message: impl Into<String>) -> Res<T> {
    Err(vec![Diagnostic::error(code, place, message)])
}

fn place(node: Option<&str>, edge: Option<usize>, field: Option<&str>) -> Place {
    Place {
        node: node.map(str::to_string),
        edge,
        field: field.map(str::to_string),
        ..Place::default()
    }
}

/// Applies one edit to `model` in place, checked with the loader's rules within `limits`: what it
/// did and its inverse, or every error (and the model unchanged).
pub fn apply(model: &mut Model, op: &Value, limits: &Limits) -> Res<Applied> {
    let Value::Object(obj) = op else {
        return fail(
            Code::WrongType,
            Place::default(),
            "an edit must be an object like {\"op\": \"set\", \"id\": \"ini-x\", \"field\": \"cost\", \"value\": 100}",
        );
    };
    let name = match obj.get("op") {
        Some(Value::String(s)) => s.as_str(),
        Some(_) => {
            return fail(
                Code::WrongType,
                place(None, None, Some("op")),
                "\"op\" must be a string",
            );
        }
        None => {
            return fail(
                Code::MissingField,
                place(None, None, Some("op")),
                format!("an edit needs \"op\": one of {}", OPS.join(", ")),
            );
        }
    };
    let e = Edit { obj, limits };
    match name {
        "set" => e.set(model),
        "add_node" => e.add_node(model),
        "delete_node" => e.delete_node(model),
        "add_edge" => e.add_edge(model),
        "delete_edge" => e.delete_edge(model),
        "set_edge" => e.set_edge(model),
        "set_model" => e.set_model(model),
        "batch" => e.batch(model),
        other => fail(
            Code::InvalidValue,
            place(None, None, Some("op")),
            format!(
                "\"{}\" is not an edit; expected one of {}",
                excerpt(other, 40),
                OPS.join(", ")
            ),
        ),
    }
}

/// The diagnostics `apply` would give (errors and warnings), without changing the model: what
/// a form shows as a person types.
pub fn check(model: &mut Model, op: &Value, limits: &Limits) -> Vec<Diagnostic> {
    match apply(model, op, limits) {
        Ok(done) => {
            // Undone at once: the inverse of an applied edit always applies.
            let _ = apply(model, &done.inverse, limits);
            done.warnings
        }
        Err(diags) => diags,
    }
}

struct Edit<'a> {
    obj: &'a Map<String, Value>,
    limits: &'a Limits,
}

impl Edit<'_> {
    fn op(&self) -> &str {
        self.obj.get("op").and_then(Value::as_str).unwrap_or("")
    }

    fn string(&self, key: &str) -> Res<&str> {
        match self.obj.get(key) {
            Some(Value::String(s)) => Ok(s),
            Some(_) => fail(
                Code::WrongType,
                place(None, None, Some(key)),
                format!("\"{key}\" of a \"{}\" edit must be a string", self.op()),
            ),
            None => fail(
                Code::MissingField,
                place(None, None, Some(key)),
                format!("a \"{}\" edit needs \"{key}\"", self.op()),
            ),
        }
    }

    fn value(&self) -> Res<&Value> {
        let v = self.obj.get("value").ok_or_else(|| {
            vec![Diagnostic::error(
                Code::MissingField,
                place(None, None, Some("value")),
                format!(
                    "a \"{}\" edit needs \"value\" (null removes the field)",
                    self.op()
                ),
            )]
        })?;
        check_strings(v, self.limits, "value")?;
        Ok(v)
    }

    /// An optional index `key` at most `max`.
    fn index(&self, key: &str, max: usize) -> Res<Option<usize>> {
        match self.obj.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => match n.as_u64() {
                Some(k) if k as usize <= max => Ok(Some(k as usize)),
                _ => fail(
                    Code::InvalidArgument,
                    place(None, None, Some(key)),
                    format!("\"{key}\" is {n}; it must be a whole number from 0 to {max}"),
                ),
            },
            Some(_) => fail(
                Code::WrongType,
                place(None, None, Some(key)),
                format!("\"{key}\" must be a whole number"),
            ),
        }
    }

    fn object(&self, key: &str) -> Res<Map<String, Value>> {
        match self.obj.get(key) {
            Some(Value::Object(m)) => {
                check_strings(&Value::Object(m.clone()), self.limits, key)?;
                Ok(m.clone())
            }
            Some(_) => fail(
                Code::WrongType,
                place(None, None, Some(key)),
                format!("\"{key}\" must be an object as in the model's \"{key}s\""),
            ),
            None => fail(
                Code::MissingField,
                place(None, None, Some(key)),
                format!(
                    "an \"{}\" edit needs \"{key}\", an object as in the model's \"{key}s\"",
                    self.op()
                ),
            ),
        }
    }

    // ---------------------------------------------------------------- nodes

    fn set(&self, model: &mut Model) -> Res<Applied> {
        let id = self.string("id")?;
        let field = self.string("field")?;
        let i = find_node(model, id)?;
        if field == "id" {
            return fail(
                Code::InvalidValue,
                place(Some(id), None, Some("id")),
                format!(
                    "the id of node \"{id}\" cannot be changed (edges and scenarios name it); add a node with the new id instead"
                ),
            );
        }
        let Value::Object(mut obj) = node_to_json(&model.nodes[i as usize]) else {
            return fail(
                Code::InvalidArgument,
                Place::node(id),
                "the node cannot be written",
            );
        };
        // Fields of the format, the node's own unknown fields, and (with `at`, as an inverse
        // writes it) an unknown field put back where it was.
        let known = NODE_FIELDS.contains(&field)
            || Num::parse(field).is_some()
            || crate::lens::is_node_field(field);
        if !known && !obj.contains_key(field) && self.obj.get("at").is_none() {
            let fields: Vec<&str> = NODE_FIELDS
                .into_iter()
                .chain(Num::ALL.map(Num::key))
                .collect();
            return fail(
                Code::InvalidValue,
                Place {
                    pointer: Some(format!("/nodes/{i}/{field}")),
                    ..place(Some(id), None, Some(field))
                },
                format!(
                    "\"{}\" is not a field of a node{}; expected one of {}",
                    excerpt(field, 40),
                    super::json::did_you_mean(field, fields.iter().copied()),
                    fields.join(", ")
                ),
            );
        }
        let value = self.value()?;
        let at = self.index("at", obj.len())?;
        let old_at = obj.keys().position(|k| k == field);
        let old = obj.get(field).cloned().unwrap_or(Value::Null);
        if value.is_null() {
            obj.shift_remove(field);
        } else if let (None, Some(at)) = (old_at, at) {
            obj.shift_insert(at, field.to_string(), value.clone());
        } else {
            obj.insert(field.to_string(), value.clone());
        }
        // A lens value (a date, cash flows) is checked as the lenses read it; an inverse that puts
        // back a bad value the file had says `restore`.
        let restore = self.obj.get("restore") == Some(&Value::Bool(true));
        let field_errors = |obj: &Map<String, Value>| {
            let mut d = crate::lens::check_node(obj, i as usize);
            d.retain(|d| d.place.field.as_deref() == Some(field));
            d
        };
        let lens_errors = if restore {
            Vec::new()
        } else {
            field_errors(&obj)
        };
        let was_bad = !old.is_null() && {
            let mut before = obj.clone();
            before.insert(field.to_string(), old.clone());
            !field_errors(&before).is_empty()
        };
        let (node, diags) = read_node_object(obj, i as usize, self.limits);
        let Some(node) = node.filter(|_| !diags.iter().any(Diagnostic::is_error)) else {
            return Err(diags);
        };
        if !lens_errors.is_empty() {
            return Err(lens_errors);
        }
        let kind_changed = node.kind != model.nodes[i as usize].kind;
        let before = std::mem::replace(&mut model.nodes[i as usize], node);
        if kind_changed {
            if let Err(e) = check_scenarios(model) {
                model.nodes[i as usize] = before;
                return Err(e);
            }
        }
        let mut inverse = json!({"op": "set", "id": id, "field": field, "value": old});
        if let (Some(at), true) = (old_at, value.is_null()) {
            inverse["at"] = json!(at);
        }
        if was_bad {
            inverse["restore"] = json!(true);
        }
        Ok(Applied {
            inverse,
            warnings: diags,
            effects: vec![Effect::NodeChanged(i)],
        })
    }

    fn add_node(&self, model: &mut Model) -> Res<Applied> {
        let obj = self.object("node")?;
        let n = model.nodes.len();
        let at = self.index("at", n)?.unwrap_or(n);
        if n >= self.limits.nodes {
            return fail(
                Code::LimitExceeded,
                Place {
                    pointer: Some("/nodes".into()),
                    ..Place::default()
                },
                format!(
                    "the model has {} nodes; the most this reader takes is {} (limit nodes)",
                    crate::diagnostics::count(n),
                    crate::diagnostics::count(self.limits.nodes)
                ),
            );
        }
        let lens_errors = if self.obj.get("restore") == Some(&Value::Bool(true)) {
            Vec::new()
        } else {
            crate::lens::check_node(&obj, at)
        };
        let (node, diags) = read_node_object(obj, at, self.limits);
        let Some(node) = node.filter(|_| !diags.iter().any(Diagnostic::is_error)) else {
            return Err(diags);
        };
        if !lens_errors.is_empty() {
            return Err(lens_errors);
        }
        if let Some(j) = model.find(&node.id) {
            let id = node.id.to_string();
            return fail(
                Code::DuplicateId,
                Place {
                    pointer: Some(format!("/nodes/{at}/id")),
                    ..place(Some(&id), None, Some("id"))
                },
                format!("node id \"{id}\" is already used by the node at /nodes/{j}"),
            );
        }
        let edges = match self.obj.get("edges") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(es)) => es.clone(),
            Some(_) => {
                return fail(
                    Code::WrongType,
                    place(Some(&node.id), None, Some("edges")),
                    "\"edges\" must be an array of edge objects",
                );
            }
        };
        let positions = self.edge_positions(model.edges.len(), edges.len())?;
        let id = node.id.to_string();
        model.insert_node(at as NodeIx, node);
        let mut effects = vec![Effect::NodeInserted(at as NodeIx)];
        let mut warnings = diags;
        if !edges.is_empty() {
            let mut items = Vec::with_capacity(edges.len());
            let mut errors = Vec::new();
            for (e, &k) in edges.into_iter().zip(&positions) {
                let Value::Object(eo) = e else {
                    errors.push(Diagnostic::error(
                        Code::WrongType,
                        place(None, Some(k), None),
                        "an edge must be a JSON object",
                    ));
                    continue;
                };
                if let Err(mut d) = check_strings(&Value::Object(eo.clone()), self.limits, "edges")
                {
                    errors.append(&mut d);
                    continue;
                }
                let (edge, mut d) = read_edge_object(eo, k, model, self.limits);
                match edge {
                    Some((edge, extra)) if !d.iter().any(Diagnostic::is_error) => {
                        items.push((k, edge, extra));
                        warnings.append(&mut d);
                    }
                    _ => errors.append(&mut d),
                }
            }
            if !errors.is_empty() {
                model.remove_node(at as NodeIx);
                return Err(errors);
            }
            model.insert_edges(items);
            effects.push(Effect::EdgesChanged);
        }
        if let Err(e) = check_scenarios(model) {
            let ks: Vec<usize> = positions;
            model.remove_edges(&ks);
            model.remove_node(at as NodeIx);
            return Err(e);
        }
        Ok(Applied {
            inverse: json!({"op": "delete_node", "id": id}),
            warnings,
            effects,
        })
    }

    /// Where the edges of an `add_node` go: `edge_at` (ascending, distinct, each below the
    /// number of edges after the insertion), else after the last edge.
    fn edge_positions(&self, m: usize, count: usize) -> Res<Vec<usize>> {
        let bad = |msg: String| {
            fail(
                Code::InvalidArgument,
                place(None, None, Some("edge_at")),
                msg,
            )
        };
        match self.obj.get("edge_at") {
            None | Some(Value::Null) => Ok((m..m + count).collect()),
            Some(Value::Array(a)) => {
                let ks: Vec<usize> = a
                    .iter()
                    .filter_map(|v| v.as_u64().map(|k| k as usize))
                    .collect();
                if ks.len() != count || a.len() != count {
                    return bad(format!(
                        "\"edge_at\" must hold one whole number per edge ({count})"
                    ));
                }
                if ks.windows(2).any(|w| w[0] >= w[1]) || ks.last().is_some_and(|&k| k >= m + count)
                {
                    return bad(format!(
                        "\"edge_at\" must be ascending positions below {}",
                        m + count
                    ));
                }
                Ok(ks)
            }
            Some(_) => bad("\"edge_at\" must be an array of whole numbers".into()),
        }
    }

    fn delete_node(&self, model: &mut Model) -> Res<Applied> {
        let id = self.string("id")?;
        let i = find_node(model, id)?;
        let ks: Vec<usize> = model
            .edges
            .iter()
            .enumerate()
            .filter(|(_, e)| e.from == i || e.to == i)
            .map(|(k, _)| k)
            .collect();
        let node = node_to_json(&model.nodes[i as usize]);
        let edges: Vec<Value> = ks.iter().map(|&k| edge_json(model, k)).collect();
        let removed = model.remove_edges(&ks);
        let before = model.remove_node(i);
        if let Err(e) = check_scenarios(model) {
            model.insert_node(i, before);
            model.insert_edges(
                ks.iter()
                    .zip(removed)
                    .map(|(&k, (e, x))| (k, e, x))
                    .collect(),
            );
            return Err(e);
        }
        let mut inverse = json!({"op": "add_node", "node": node, "at": i});
        if let Value::Object(obj) = &inverse["node"] {
            if !crate::lens::check_node(obj, i as usize).is_empty() {
                inverse["restore"] = json!(true);
            }
        }
        if !edges.is_empty() {
            inverse["edges"] = Value::Array(edges);
            inverse["edge_at"] = json!(ks);
        }
        let mut effects = vec![Effect::NodeRemoved(i)];
        if !ks.is_empty() {
            effects.push(Effect::EdgesChanged);
        }
        Ok(Applied {
            inverse,
            warnings: Vec::new(),
            effects,
        })
    }

    // ---------------------------------------------------------------- edges

    fn add_edge(&self, model: &mut Model) -> Res<Applied> {
        let obj = self.object("edge")?;
        let m = model.edges.len();
        let at = self.index("at", m)?.unwrap_or(m);
        if m >= self.limits.edges {
            return fail(
                Code::LimitExceeded,
                Place {
                    pointer: Some("/edges".into()),
                    ..Place::default()
                },
                format!(
                    "the model has {} edges; the most this reader takes is {} (limit edges)",
                    crate::diagnostics::count(m),
                    crate::diagnostics::count(self.limits.edges)
                ),
            );
        }
        let (edge, diags) = read_edge_object(obj, at, model, self.limits);
        let Some((edge, extra)) = edge.filter(|_| !diags.iter().any(Diagnostic::is_error)) else {
            return Err(diags);
        };
        let (from, to, kind) = (
            model.node(edge.from).id.to_string(),
            model.node(edge.to).id.to_string(),
            edge.kind.as_str(),
        );
        model.insert_edges(vec![(at, edge, extra)]);
        Ok(Applied {
            inverse: json!({"op": "delete_edge", "from": from, "to": to, "kind": kind, "index": at}),
            warnings: diags,
            effects: vec![Effect::EdgesChanged],
        })
    }

    /// The edge a `delete_edge` or `set_edge` names: `from`, `to`, `kind` and, optionally, its
    /// `index` in the model's edges (else the first such edge).
    fn find_edge(&self, model: &Model) -> Res<usize> {
        let from = self.string("from")?;
        let to = self.string("to")?;
        let kind_text = self.string("kind")?;
        let kind = EdgeKind::parse(kind_text).ok_or_else(|| {
            vec![Diagnostic::error(
                Code::UnknownEdgeKind,
                place(None, None, Some("kind")),
                format!(
                    "unknown edge kind \"{}\"; expected one of {}",
                    excerpt(kind_text, 40),
                    EdgeKind::ALL.map(EdgeKind::as_str).join(", ")
                ),
            )]
        })?;
        let f = find_node(model, from).map_err(|mut d| {
            d[0].place.field = Some("from".into());
            d
        })?;
        let t = find_node(model, to).map_err(|mut d| {
            d[0].place.field = Some("to".into());
            d
        })?;
        let is = |k: usize| {
            let e = model.edges.at(k);
            e.from == f && e.to == t && e.kind == kind
        };
        let what = format!("{} edge from \"{from}\" to \"{to}\"", kind.as_str());
        match self.index("index", model.edges.len().saturating_sub(1))? {
            Some(k) if k < model.edges.len() && is(k) => Ok(k),
            Some(k) => fail(
                Code::InvalidArgument,
                place(Some(from), Some(k), Some("index")),
                format!("edge {k} is not the {what}"),
            ),
            None => (0..model.edges.len()).find(|&k| is(k)).ok_or_else(|| {
                vec![Diagnostic::error(
                    Code::InvalidArgument,
                    place(Some(from), None, None),
                    format!("the model has no {what}"),
                )]
            }),
        }
    }

    fn delete_edge(&self, model: &mut Model) -> Res<Applied> {
        let k = self.find_edge(model)?;
        let edge = edge_json(model, k);
        model.remove_edges(&[k]);
        Ok(Applied {
            inverse: json!({"op": "add_edge", "edge": edge, "at": k}),
            warnings: Vec::new(),
            effects: vec![Effect::EdgesChanged],
        })
    }

    fn set_edge(&self, model: &mut Model) -> Res<Applied> {
        let k = self.find_edge(model)?;
        let field = self.string("field")?;
        if field != "weight" {
            return fail(
                Code::InvalidValue,
                place(None, Some(k), Some(field)),
                format!(
                    "\"{}\" cannot be set on an edge; only \"weight\" can (delete the edge and add another to change its ends or kind)",
                    excerpt(field, 40)
                ),
            );
        }
        let value = self.value()?;
        let Value::Object(mut obj) = edge_json(model, k) else {
            return fail(
                Code::InvalidArgument,
                Place::default(),
                "the edge cannot be written",
            );
        };
        let old = obj.get("weight").cloned().unwrap_or(Value::Null);
        if value.is_null() {
            obj.shift_remove("weight");
        } else {
            obj.insert("weight".into(), value.clone());
        }
        let (edge, diags) = read_edge_object(obj, k, model, self.limits);
        let Some((edge, extra)) = edge.filter(|_| !diags.iter().any(Diagnostic::is_error)) else {
            return Err(diags);
        };
        let e = model.edges.at(k);
        let (from, to, kind) = (
            model.node(e.from).id.to_string(),
            model.node(e.to).id.to_string(),
            e.kind.as_str(),
        );
        model.edges.set(k, edge);
        model.set_edge_extra(k, extra);
        Ok(Applied {
            inverse: json!({"op": "set_edge", "from": from, "to": to, "kind": kind, "index": k, "field": "weight", "value": old}),
            warnings: diags,
            effects: vec![Effect::EdgesChanged],
        })
    }

    // ---------------------------------------------------------------- the model, batches

    fn set_model(&self, model: &mut Model) -> Res<Applied> {
        let field = self.string("field")?;
        if !MODEL_FIELDS.contains(&field) {
            return fail(
                Code::InvalidValue,
                place(None, None, Some(field)),
                format!(
                    "\"{}\" cannot be set on the model; expected one of {}",
                    excerpt(field, 40),
                    MODEL_FIELDS.join(", ")
                ),
            );
        }
        let value = self.value()?;
        let pointer = Place {
            pointer: Some(format!("/{field}")),
            ..place(None, None, Some(field))
        };
        let text = |v: &Value| -> Res<Option<String>> {
            match v {
                Value::Null => Ok(None),
                Value::String(s) => Ok(Some(s.clone())),
                _ => fail(
                    Code::WrongType,
                    pointer.clone(),
                    format!("\"{field}\" must be a string"),
                ),
            }
        };
        let inverse_of = |old: Value, at: Option<usize>| {
            let mut inv = json!({"op": "set_model", "field": field, "value": old});
            if let Some(at) = at {
                inv["at"] = json!(at);
            }
            inv
        };
        let slot = match field {
            "name" => Some(&mut model.name),
            "currency" => Some(&mut model.currency),
            "time_unit" => Some(&mut model.time_unit),
            _ => None,
        };
        if let Some(slot) = slot {
            let new = text(value)?;
            let old = std::mem::replace(slot, new);
            return Ok(Applied {
                inverse: inverse_of(old.map_or(Value::Null, Value::String), None),
                warnings: Vec::new(),
                effects: vec![Effect::ModelChanged],
            });
        }
        if field == "description" {
            text(value)?;
        }
        let at = self.index("at", model.extra.len())?;
        let old_at = model.extra.keys().position(|k| k == field);
        let old = model.extra.get(field).cloned();
        if value.is_null() {
            model.extra.shift_remove(field);
        } else if let (None, Some(at)) = (old_at, at) {
            model
                .extra
                .shift_insert(at, field.to_string(), value.clone());
        } else {
            model.extra.insert(field.to_string(), value.clone());
        }
        if field == scenario::FIELD {
            if let Err(e) = check_scenarios(model) {
                match (&old, old_at) {
                    (Some(v), Some(at)) => {
                        model.extra.shift_remove(field);
                        model.extra.shift_insert(at, field.to_string(), v.clone());
                    }
                    _ => {
                        model.extra.shift_remove(field);
                    }
                }
                return Err(e);
            }
        }
        let keep_at = old_at.filter(|_| value.is_null());
        Ok(Applied {
            inverse: inverse_of(old.unwrap_or(Value::Null), keep_at),
            warnings: Vec::new(),
            effects: vec![Effect::ModelChanged],
        })
    }

    fn batch(&self, model: &mut Model) -> Res<Applied> {
        let ops = match self.obj.get("ops") {
            Some(Value::Array(a)) => a,
            _ => {
                return fail(
                    Code::MissingField,
                    place(None, None, Some("ops")),
                    "a \"batch\" edit needs \"ops\", an array of edits",
                );
            }
        };
        let mut done: Vec<Applied> = Vec::with_capacity(ops.len());
        for op in ops {
            match apply(model, op, self.limits) {
                Ok(a) => done.push(a),
                Err(e) => {
                    for a in done.iter().rev() {
                        let _ = apply(model, &a.inverse, self.limits);
                    }
                    return Err(e);
                }
            }
        }
        let mut out = Applied {
            inverse: Value::Null,
            warnings: Vec::new(),
            effects: Vec::new(),
        };
        let mut inverses = Vec::with_capacity(done.len());
        for a in done {
            out.warnings.extend(a.warnings);
            out.effects.extend(a.effects);
            inverses.push(a.inverse);
        }
        inverses.reverse();
        out.inverse = json!({"op": "batch", "ops": inverses});
        Ok(out)
    }
}

fn find_node(model: &Model, id: &str) -> Res<NodeIx> {
    model.find(id).ok_or_else(|| {
        vec![Diagnostic::error(
            Code::UnknownNode,
            place(Some(id), None, Some("id")),
            format!("no node has the id \"{}\"", excerpt(id, 60)),
        )]
    })
}

/// The model's scenarios still read (they name nodes): their errors, at their JSON pointers.
fn check_scenarios(model: &Model) -> Res<()> {
    if !model.extra.contains_key(scenario::FIELD) {
        return Ok(());
    }
    let errors: Vec<Diagnostic> = scenario::check(model)
        .into_iter()
        .filter(Diagnostic::is_error)
        .map(|mut d| {
            if let Some(p) = &d.place.pointer {
                d.message = format!("{p}: {} (a scenario names it)", d.message);
            }
            d
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Every text and key of `v` within `limits.string_bytes` (without recursion).
fn check_strings(v: &Value, limits: &Limits, field: &str) -> Res<()> {
    let max = limits.string_bytes;
    let too_long = |len: usize| {
        fail(
            Code::LimitExceeded,
            place(None, None, Some(field)),
            format!(
                "a text is {} long; the most this reader takes for one text value is {} (limit string_bytes)",
                crate::formats::text::bytes(len as u64),
                crate::formats::text::bytes(max as u64)
            ),
        )
    };
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) if s.len() > max => return too_long(s.len()),
            Value::Array(a) => stack.extend(a.iter()),
            Value::Object(m) => {
                for (k, x) in m {
                    if k.len() > max {
                        return too_long(k.len());
                    }
                    stack.push(x);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// True for kinds whose what-if toggles mean something (initiatives).
pub fn toggles_apply(kind: NodeKind) -> bool {
    kind == NodeKind::Initiative
}
