//! The native JSON model format (version 1): reading with diagnostics, and writing back.
//!
//! Reading is two-level: the top-level object is split into raw (borrowed, unparsed) field
//! values, then each node and edge is read from its own raw text, so every diagnostic can name
//! the line and column where that node or edge starts, its JSON pointer, id and field. Nothing
//! is parsed recursively beyond serde_json's own depth limit.

use super::{
    Attrs, Category, Edge, EdgeKind, Estimate, Lifecycle, Model, Node, NodeIx, NodeKind, Num,
    Perspective, Status,
};
use crate::diagnostics::{Code, Diagnostic, Place};
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fmt;

/// The only file format version this crate reads and writes.
pub const FORMAT_VERSION: u64 = 1;

/// Reads a model from JSON text.
///
/// Returns the model and every diagnostic found. The model holds what could be read: nodes with
/// errors in required fields and edges to unknown nodes are left out, so check the diagnostics
/// for errors ([`crate::diagnostics::has_errors`]) before trusting it.
///
/// Complexity: O(length of text).
pub fn load_json(text: &str) -> (Model, Vec<Diagnostic>) {
    let mut r = Reader {
        text,
        lines: None,
        diags: Vec::new(),
        broken: Default::default(),
        suggestions: 0,
    };
    let model = r.read();
    (model, r.diags)
}

/// Writes a model as pretty-printed JSON text (unknown fields included, unchanged).
pub fn to_json(model: &Model) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail, and every value is serialisable.
    let _ = write_json(model, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Streams a model as pretty-printed JSON text to `w`, one node or edge at a time (memory does
/// not grow with the model), ending with a newline.
pub fn write_json<W: std::io::Write>(model: &Model, mut w: W) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut w, &ModelOut(model))?;
    w.write_all(b"\n")
}

/// The model as a JSON value in the file format.
pub fn to_json_value(model: &Model) -> Value {
    serde_json::to_value(ModelOut(model)).unwrap_or(Value::Null)
}

/// Serialises a model in the file format without building a JSON tree of it.
struct ModelOut<'a>(&'a Model);

impl Serialize for ModelOut<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let model = self.0;
        let mut m = ser.serialize_map(None)?;
        m.serialize_entry("format", "aligngraph")?;
        m.serialize_entry("version", &FORMAT_VERSION)?;
        for (key, v) in [
            ("name", &model.name),
            ("currency", &model.currency),
            ("time_unit", &model.time_unit),
        ] {
            if let Some(v) = v {
                m.serialize_entry(key, v)?;
            }
        }
        for (k, v) in &model.extra {
            m.serialize_entry(k, v)?;
        }
        m.serialize_entry(
            "nodes",
            &Each(model.nodes.len(), |i| node_to_json(&model.nodes[i])),
        )?;
        m.serialize_entry(
            "edges",
            &Each(model.edges.len(), |i| edge_to_json(model, i)),
        )?;
        m.end()
    }
}

/// A sequence of `len` values made one at a time by `f`.
struct Each<F>(usize, F);

impl<F: Fn(usize) -> Value> Serialize for Each<F> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut seq = ser.serialize_seq(Some(self.0))?;
        for i in 0..self.0 {
            seq.serialize_element(&(self.1)(i))?;
        }
        seq.end()
    }
}

fn edge_to_json(model: &Model, i: usize) -> Value {
    let e = &model.edges[i];
    let mut m = Map::new();
    m.insert("from".into(), model.node(e.from).id.to_string().into());
    m.insert("to".into(), model.node(e.to).id.to_string().into());
    m.insert("kind".into(), e.kind.as_str().into());
    if let Some(w) = e.written_weight() {
        m.insert("weight".into(), num(w));
    }
    if let Some(extra) = model.edge_extra(i) {
        for (k, v) in extra.iter() {
            m.insert(k.clone(), v.clone());
        }
    }
    Value::Object(m)
}

fn num(x: f64) -> Value {
    // Integral values are written as integers so that `3` round-trips as `3`.
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

fn put_num(m: &mut Map<String, Value>, key: &str, v: Option<f64>) {
    if let Some(x) = v {
        m.insert(key.into(), num(x));
    }
}

/// One node as it is written in the model file.
pub fn node_to_json(n: &Node) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), n.id.to_string().into());
    m.insert("kind".into(), n.kind.as_str().into());
    if let Some(name) = &n.name {
        m.insert("name".into(), name.to_string().into());
    }
    let a = n.attrs();
    if let Some(d) = &a.description {
        m.insert("description".into(), d.to_string().into());
    }
    for &(k, v) in a.nums().iter().take_while(|(k, _)| *k == Num::Weight) {
        put_num(&mut m, k.key(), Some(v));
    }
    if let Some(p) = a.perspective {
        m.insert("perspective".into(), p.as_str().into());
    }
    if let Some(c) = a.category {
        m.insert("category".into(), c.as_str().into());
    }
    for &(k, v) in a.nums().iter().filter(|(k, _)| *k != Num::Weight) {
        put_num(&mut m, k.key(), Some(v));
    }
    if let Some(e) = a.estimate.as_deref() {
        let mut em = Map::new();
        em.insert("optimistic".into(), num(e.optimistic));
        em.insert("likely".into(), num(e.likely));
        em.insert("pessimistic".into(), num(e.pessimistic));
        m.insert("estimate".into(), Value::Object(em));
    }
    if let Some(s) = a.status {
        m.insert("status".into(), s.as_str().into());
    }
    if let Some(b) = a.mandatory {
        m.insert("mandatory".into(), b.into());
    }
    if let Some(l) = a.lifecycle {
        m.insert("lifecycle".into(), l.as_str().into());
    }
    for (k, v) in n.extra().into_iter().flatten() {
        m.insert(k.clone(), v.clone());
    }
    Value::Object(m)
}

// ---------------------------------------------------------------------------------------------
// Reading

struct Reader<'a> {
    text: &'a str,
    /// Byte offsets of line starts, built on the first diagnostic that needs a line.
    lines: Option<Vec<usize>>,
    diags: Vec<Diagnostic>,
    /// Ids of nodes that are in the file but could not be read.
    broken: std::collections::HashSet<String>,
    /// Unknown node ids reported so far (near-id suggestions are limited).
    suggestions: usize,
}

/// Where a node or edge starts, and how to name it.
struct Origin {
    offset: usize,
    pointer: String,
    node: Option<String>,
    edge: Option<usize>,
}

impl<'a> Reader<'a> {
    fn offset_of(&self, raw: &RawValue) -> usize {
        (raw.get().as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize)
    }

    fn line_col(&mut self, offset: usize) -> (usize, usize) {
        let text = self.text;
        let lines = self.lines.get_or_insert_with(|| {
            let mut v = vec![0];
            v.extend(text.match_indices('\n').map(|(i, _)| i + 1));
            v
        });
        let line = lines.partition_point(|&s| s <= offset);
        let start = lines[line - 1];
        let col = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        (line, col)
    }

    fn place(&mut self, o: &Origin, field: Option<&str>) -> Place {
        let (line, column) = self.line_col(o.offset);
        let pointer = match field {
            Some(f) => format!("{}/{}", o.pointer, f),
            None => o.pointer.clone(),
        };
        Place {
            line: Some(line),
            column: Some(column),
            pointer: Some(pointer),
            node: o.node.clone(),
            edge: o.edge,
            field: field.map(str::to_string),
            ..Place::default()
        }
    }

    fn err(&mut self, code: Code, o: &Origin, field: Option<&str>, msg: String) {
        let place = self.place(o, field);
        self.diags.push(Diagnostic::error(code, place, msg));
    }

    fn warn(&mut self, code: Code, o: &Origin, field: Option<&str>, msg: String) {
        let place = self.place(o, field);
        self.diags.push(Diagnostic::warning(code, place, msg));
    }

    fn read(&mut self) -> Model {
        let mut model = Model::new();
        let fields: Vec<(String, &'a RawValue)> =
            match serde_json::from_str::<TopLevel<'a>>(self.text) {
                Ok(t) => t.0,
                Err(e) => {
                    let code = if e.is_data() {
                        Code::WrongType
                    } else {
                        Code::InvalidJson
                    };
                    let msg = if e.is_data() {
                        "a model must be a JSON object with \"nodes\" and \"edges\"".to_string()
                    } else {
                        format!("not valid JSON: {}", strip_position(&e.to_string()))
                    };
                    self.diags.push(Diagnostic::error(
                        code,
                        Place {
                            line: Some(e.line()),
                            column: Some(e.column()),
                            ..Place::default()
                        },
                        msg,
                    ));
                    return model;
                }
            };
        let mut nodes_raw = None;
        let mut edges_raw = None;
        let mut saw_format = false;
        let mut scenarios_at = None;
        for (key, raw) in fields {
            let o = Origin {
                offset: self.offset_of(raw),
                pointer: format!("/{key}"),
                node: None,
                edge: None,
            };
            match key.as_str() {
                "nodes" => nodes_raw = Some(raw),
                "edges" => edges_raw = Some(raw),
                "format" => {
                    saw_format = true;
                    match serde_json::from_str::<Value>(raw.get()) {
                        Ok(Value::String(s)) if s == "aligngraph" => {}
                        _ => self.err(
                            Code::UnsupportedFormat,
                            &o,
                            None,
                            format!(
                                "\"format\" must be \"aligngraph\", found {}",
                                raw.get().chars().take(40).collect::<String>()
                            ),
                        ),
                    }
                }
                "version" => match serde_json::from_str::<Value>(raw.get()) {
                    Ok(Value::Number(n)) if n.as_u64() == Some(FORMAT_VERSION) => {}
                    _ => self.err(
                        Code::UnsupportedFormat,
                        &o,
                        None,
                        format!(
                            "\"version\" {} is not supported; this build reads version {FORMAT_VERSION}",
                            raw.get().chars().take(40).collect::<String>()
                        ),
                    ),
                },
                "name" | "currency" | "time_unit" => {
                    match serde_json::from_str::<Value>(raw.get()) {
                        Ok(Value::String(s)) => {
                            let slot = match key.as_str() {
                                "name" => &mut model.name,
                                "currency" => &mut model.currency,
                                _ => &mut model.time_unit,
                            };
                            *slot = Some(s);
                        }
                        Ok(Value::Null) => {}
                        _ => self.err(
                            Code::WrongType,
                            &o,
                            None,
                            format!("\"{key}\" must be a string"),
                        ),
                    }
                }
                _ => match serde_json::from_str::<Value>(raw.get()) {
                    Ok(v) => {
                        if key == super::scenario::FIELD {
                            scenarios_at = Some(o.offset);
                        }
                        model.extra.insert(key, v);
                    }
                    Err(e) => self.err(
                        Code::InvalidJson,
                        &o,
                        None,
                        format!("\"{key}\" cannot be read: {}", strip_position(&e.to_string())),
                    ),
                },
            }
        }
        let _ = saw_format;
        if let Some(raw) = nodes_raw {
            self.read_nodes(raw, &mut model);
        }
        if let Some(raw) = edges_raw {
            self.read_edges(raw, &mut model);
        }
        if let Some(offset) = scenarios_at {
            // Scenarios name nodes: checked once the nodes are read, and only for a model that
            // loads (so a broken node does not also show up as a broken scenario).
            if !self.diags.iter().any(Diagnostic::is_error) {
                let (line, column) = self.line_col(offset);
                for mut d in super::scenario::check(&model) {
                    if let Some(p) = &d.place.pointer {
                        d.message = format!("{p}: {}", d.message);
                    }
                    d.place.line = Some(line);
                    d.place.column = Some(column);
                    self.diags.push(d);
                }
            }
        }
        model
    }

    fn each_element(
        &mut self,
        raw: &'a RawValue,
        what: &str,
        mut f: impl FnMut(&mut Self, usize, &'a RawValue),
    ) {
        let mut items: Vec<&'a RawValue> = Vec::new();
        let mut de = serde_json::Deserializer::from_str(raw.get());
        let res = EachRaw(|r: &'a RawValue| items.push(r)).deserialize(&mut de);
        if res.is_err() && !raw.get().trim_start().starts_with("null") {
            let o = Origin {
                offset: self.offset_of(raw),
                pointer: format!("/{what}"),
                node: None,
                edge: None,
            };
            self.err(
                Code::WrongType,
                &o,
                None,
                format!("\"{what}\" must be an array"),
            );
            return;
        }
        for (i, item) in items.into_iter().enumerate() {
            f(self, i, item);
        }
    }

    fn read_nodes(&mut self, raw: &'a RawValue, model: &mut Model) {
        let mut offsets: Vec<(usize, usize)> = Vec::new();
        self.each_element(raw, "nodes", |r, i, item| {
            let mut o = Origin {
                offset: r.offset_of(item),
                pointer: format!("/nodes/{i}"),
                node: None,
                edge: None,
            };
            let fields = match parse_object(item, "a node") {
                Ok(f) => f,
                Err(msg) => return r.err(Code::WrongType, &o, None, msg),
            };
            match r.read_node(fields, &mut o) {
                Some(node) => {
                    model.nodes.push(node);
                    offsets.push((i, o.offset));
                }
                None => {
                    if let Some(id) = o.node.take() {
                        r.broken.insert(id);
                    }
                }
            }
        });
        // Duplicate ids: the first node keeps the id, later ones are reported and left out.
        let mut first: HashMap<&str, usize> = HashMap::with_capacity(model.nodes.len());
        let mut dups: Vec<(usize, usize)> = Vec::new();
        for (k, n) in model.nodes.iter().enumerate() {
            if let Some(&f) = first.get(n.id.as_ref()) {
                dups.push((k, f));
            } else {
                first.insert(n.id.as_ref(), k);
            }
        }
        drop(first);
        if dups.is_empty() {
            return;
        }
        let mut keep = vec![true; model.nodes.len()];
        for &(k, f) in &dups {
            keep[k] = false;
            let (line, _) = self.line_col(offsets[f].1);
            let o = Origin {
                offset: offsets[k].1,
                pointer: format!("/nodes/{}", offsets[k].0),
                node: Some(model.nodes[k].id.to_string()),
                edge: None,
            };
            let msg = format!(
                "node id \"{}\" is already used by the node at line {line}",
                model.nodes[k].id
            );
            self.err(Code::DuplicateId, &o, Some("id"), msg);
        }
        let mut k = 0;
        model.nodes.retain(|_| {
            k += 1;
            keep[k - 1]
        });
    }

    fn read_node(&mut self, fields: Vec<(String, Value)>, o: &mut Origin) -> Option<Node> {
        let mut id: Option<String> = None;
        let mut kind: Option<NodeKind> = None;
        let mut kind_ok = true;
        // Find the id first so every later diagnostic can name the node.
        for (k, v) in &fields {
            if k == "id" {
                match v {
                    Value::String(s) if !s.is_empty() => {
                        id = Some(s.clone());
                        o.node = Some(s.clone());
                    }
                    Value::String(_) => {
                        self.err(Code::WrongType, o, Some("id"), "node id is empty".into())
                    }
                    other => self.err(
                        Code::WrongType,
                        o,
                        Some("id"),
                        format!("node id must be a string, found {}", type_name(other)),
                    ),
                }
            }
        }
        let mut name = None;
        let mut attrs = Attrs::default();
        let mut extra = Map::new();
        for (k, v) in fields {
            if v.is_null() && k != "id" && k != "kind" {
                continue;
            }
            let key = k.as_str();
            match key {
                "id" => {}
                "kind" => match &v {
                    Value::String(s) => match NodeKind::parse(s) {
                        Some(nk) => kind = Some(nk),
                        None => {
                            kind_ok = false;
                            self.err(
                                Code::UnknownKind,
                                o,
                                Some("kind"),
                                format!(
                                    "unknown node kind \"{s}\"{}; expected one of goal, capability, activity, application, initiative, element",
                                    did_you_mean(s, NodeKind::ALL.map(NodeKind::as_str))
                                ),
                            )
                        }
                    },
                    other => {
                        kind_ok = false;
                        self.err(
                            Code::WrongType,
                            o,
                            Some("kind"),
                            format!("node kind must be a string, found {}", type_name(other)),
                        )
                    }
                },
                "name" => name = self.string(o, key, v),
                "description" => {
                    attrs.description = self.string(o, key, v).map(String::into_boxed_str)
                }
                "mandatory" => match v {
                    Value::Bool(b) => attrs.mandatory = Some(b),
                    other => self.err(
                        Code::WrongType,
                        o,
                        Some(key),
                        format!(
                            "\"mandatory\" must be true or false, found {}",
                            type_name(&other)
                        ),
                    ),
                },
                "status" => {
                    attrs.status = self.text_enum(o, key, v, Status::parse, Status::allowed)
                }
                "perspective" => {
                    attrs.perspective =
                        self.text_enum(o, key, v, Perspective::parse, Perspective::allowed)
                }
                "lifecycle" => {
                    attrs.lifecycle =
                        self.text_enum(o, key, v, Lifecycle::parse, Lifecycle::allowed)
                }
                "category" => {
                    attrs.category = self.text_enum(o, key, v, Category::parse, Category::allowed)
                }
                "estimate" => attrs.estimate = self.estimate(o, v).map(Box::new),
                _ => match Num::parse(key) {
                    Some(n) => {
                        let (lo, hi) = n.range();
                        let x = self.number(o, key, &v, lo, hi);
                        attrs.set(n, x);
                    }
                    None => {
                        extra.insert(k, v);
                    }
                },
            }
        }
        let id = match id {
            Some(id) => id,
            None => {
                if !self
                    .diags
                    .iter()
                    .any(|d| d.place.pointer.as_deref() == Some(&format!("{}/id", o.pointer)))
                {
                    self.err(
                        Code::MissingField,
                        o,
                        Some("id"),
                        "node has no \"id\"".into(),
                    );
                }
                return None;
            }
        };
        let kind = match kind {
            Some(k) => k,
            None => {
                if kind_ok {
                    self.err(
                        Code::MissingField,
                        o,
                        Some("kind"),
                        "node has no \"kind\"".into(),
                    );
                }
                return None;
            }
        };
        let mut node = Node::new(id, kind);
        node.name = name.map(String::into_boxed_str);
        if !extra.is_empty() {
            *node.extra_mut() = extra;
        }
        if attrs != Attrs::default() {
            *node.attrs_mut() = attrs;
        }
        Some(node)
    }

    fn string(&mut self, o: &Origin, key: &str, v: Value) -> Option<String> {
        match v {
            Value::String(s) => Some(s),
            other => {
                self.err(
                    Code::WrongType,
                    o,
                    Some(key),
                    format!("\"{key}\" must be a string, found {}", type_name(&other)),
                );
                None
            }
        }
    }

    fn number(&mut self, o: &Origin, key: &str, v: &Value, lo: f64, hi: f64) -> Option<f64> {
        match v.as_f64() {
            Some(x) if x.is_finite() => {
                if x < lo || x > hi {
                    let range = match (lo.is_finite(), hi.is_finite()) {
                        (true, true) => format!("between {lo} and {hi}"),
                        (true, false) if lo == f64::MIN_POSITIVE => "greater than 0".to_string(),
                        (true, false) => format!("at least {lo}"),
                        _ => format!("at most {hi}"),
                    };
                    self.err(
                        Code::OutOfRange,
                        o,
                        Some(key),
                        format!("\"{key}\" is {x}; it must be {range}"),
                    );
                    None
                } else {
                    Some(x)
                }
            }
            _ => {
                self.err(
                    Code::NotANumber,
                    o,
                    Some(key),
                    format!("\"{key}\" must be a number, found {}", describe(v)),
                );
                None
            }
        }
    }

    fn text_enum<T>(
        &mut self,
        o: &Origin,
        key: &str,
        v: Value,
        parse: fn(&str) -> Option<T>,
        allowed: fn() -> String,
    ) -> Option<T> {
        match &v {
            Value::String(s) => match parse(s) {
                Some(t) => Some(t),
                None => {
                    self.err(
                        Code::InvalidValue,
                        o,
                        Some(key),
                        format!("\"{key}\" is \"{s}\"; expected one of {}", allowed()),
                    );
                    None
                }
            },
            other => {
                self.err(
                    Code::WrongType,
                    o,
                    Some(key),
                    format!("\"{key}\" must be a string, found {}", type_name(other)),
                );
                None
            }
        }
    }

    fn estimate(&mut self, o: &Origin, v: Value) -> Option<Estimate> {
        let Value::Object(m) = v else {
            self.err(
                Code::WrongType,
                o,
                Some("estimate"),
                "\"estimate\" must be an object {optimistic, likely, pessimistic}".into(),
            );
            return None;
        };
        let get = |r: &mut Self, k: &str| -> Option<f64> {
            match m.get(k) {
                Some(v) => r.number(o, &format!("estimate/{k}"), v, 0.0, f64::INFINITY),
                None => {
                    r.err(
                        Code::MissingField,
                        o,
                        Some("estimate"),
                        format!("\"estimate\" has no \"{k}\""),
                    );
                    None
                }
            }
        };
        let opt = get(self, "optimistic");
        let likely = get(self, "likely");
        let pess = get(self, "pessimistic");
        let (opt, likely, pess) = (opt?, likely?, pess?);
        if !(opt <= likely && likely <= pess) {
            self.err(
                Code::OutOfRange,
                o,
                Some("estimate"),
                format!(
                    "estimate must satisfy optimistic <= likely <= pessimistic, found {opt}, {likely}, {pess}"
                ),
            );
            return None;
        }
        Some(Estimate {
            optimistic: opt,
            likely,
            pessimistic: pess,
        })
    }

    fn read_edges(&mut self, raw: &'a RawValue, model: &mut Model) {
        let index: HashMap<&str, NodeIx> = model
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_ref(), i as NodeIx))
            .collect();
        let mut edges = Vec::new();
        let mut extras = Vec::new();
        self.each_element(raw, "edges", |r, i, item| {
            let o = Origin {
                offset: r.offset_of(item),
                pointer: format!("/edges/{i}"),
                node: None,
                edge: Some(i),
            };
            let fields = match parse_object(item, "an edge") {
                Ok(f) => f,
                Err(msg) => return r.err(Code::WrongType, &o, None, msg),
            };
            if let Some((e, extra)) = r.read_edge(fields, &o, &index) {
                if !extra.is_empty() {
                    extras.push((edges.len(), extra));
                }
                edges.push(e);
            }
        });
        drop(index);
        model.edges = edges;
        for (i, extra) in extras {
            model.set_edge_extra(i, extra);
        }
    }

    fn read_edge(
        &mut self,
        fields: Vec<(String, Value)>,
        o: &Origin,
        index: &HashMap<&str, NodeIx>,
    ) -> Option<(Edge, Map<String, Value>)> {
        let mut from = None;
        let mut to = None;
        let mut kind = None;
        let mut weight = None;
        let mut extra = Map::new();
        let mut ok = true;
        let mut present = [false; 2];
        for (k, v) in fields {
            if k == "from" || k == "to" {
                present[usize::from(k == "to")] = true;
            }
            match k.as_str() {
                "from" | "to" => {
                    match v {
                        Value::String(s) => match index.get(s.as_str()) {
                            Some(&ix) => {
                                if k == "from" {
                                    from = Some(ix)
                                } else {
                                    to = Some(ix)
                                }
                            }
                            // A node that is in the file but has errors of its own: those are
                            // reported; the edge is left out without a second error.
                            None if self.broken.contains(&s) => ok = false,
                            None => {
                                ok = false;
                                // Suggest a near id for the first few only: each costs O(nodes).
                                self.suggestions += 1;
                                let hint = if self.suggestions <= 20 {
                                    suggest(&s, index.keys().copied())
                                        .map(|m| format!("; did you mean \"{m}\"?"))
                                        .unwrap_or_default()
                                } else {
                                    String::new()
                                };
                                self.err(
                                Code::UnknownNode,
                                o,
                                Some(&k),
                                format!("edge \"{k}\" names node \"{s}\", which does not exist{hint}"),
                            );
                            }
                        },
                        other => {
                            ok = false;
                            self.err(
                                Code::WrongType,
                                o,
                                Some(&k),
                                format!(
                                    "edge \"{k}\" must be a node id string, found {}",
                                    type_name(&other)
                                ),
                            );
                        }
                    }
                }
                "kind" => match v {
                    Value::String(s) => match EdgeKind::parse(&s) {
                        Some(ek) => kind = Some(ek),
                        None => {
                            ok = false;
                            self.err(
                                Code::UnknownEdgeKind,
                                o,
                                Some("kind"),
                                format!(
                                    "unknown edge kind \"{s}\"{}; expected one of contributes, supports, depends_on, part_of, excludes",
                                    did_you_mean(&s, EdgeKind::ALL.map(EdgeKind::as_str))
                                ),
                            );
                        }
                    },
                    other => {
                        ok = false;
                        self.err(
                            Code::WrongType,
                            o,
                            Some("kind"),
                            format!("edge kind must be a string, found {}", type_name(&other)),
                        );
                    }
                },
                "weight" => {
                    if !v.is_null() {
                        match self.number(o, "weight", &v, f64::NEG_INFINITY, f64::INFINITY) {
                            Some(w) => weight = Some(w),
                            None => ok = false,
                        }
                    }
                }
                _ => {
                    extra.insert(k, v);
                }
            }
        }
        for (field, read, written) in [
            ("from", from.is_some(), present[0]),
            ("to", to.is_some(), present[1]),
        ] {
            if !read
                && !written
                && !self
                    .diags
                    .iter()
                    .any(|d| d.place.pointer.as_deref() == Some(&format!("{}/{field}", o.pointer)))
            {
                ok = false;
                self.err(
                    Code::MissingField,
                    o,
                    Some(field),
                    format!("edge has no \"{field}\""),
                );
            }
        }
        if kind.is_none()
            && !self
                .diags
                .iter()
                .any(|d| d.place.pointer.as_deref() == Some(&format!("{}/kind", o.pointer)))
        {
            ok = false;
            self.err(
                Code::MissingField,
                o,
                Some("kind"),
                "edge has no \"kind\"".into(),
            );
        }
        let (from, to, kind) = (from?, to?, kind?);
        if let Some(w) = weight {
            let (lo, hi) = kind.weight_range();
            if w < lo || w > hi {
                self.err(
                    Code::OutOfRange,
                    o,
                    Some("weight"),
                    format!(
                        "{} edge weight is {w}; it must be between {lo} and {hi}",
                        kind.as_str()
                    ),
                );
                ok = false;
            }
        }
        if from == to {
            self.warn(
                Code::SelfLoop,
                o,
                None,
                "edge from a node to itself; it is ignored in scoring".into(),
            );
        }
        if !ok {
            return None;
        }
        Some((
            Edge::new(from, to, kind).with_weight(weight.unwrap_or(f64::NAN)),
            extra,
        ))
    }
}

/// Reads a node or edge object; the error says what is wrong (not an object, or too deep).
fn parse_object(raw: &RawValue, what: &str) -> Result<Vec<(String, Value)>, String> {
    serde_json::from_str::<Object>(raw.get())
        .map(|o| o.0)
        .map_err(|e| {
            if raw.get().starts_with('{') {
                format!("{what} cannot be read: {}", strip_position(&e.to_string()))
            } else {
                format!("{what} must be a JSON object")
            }
        })
}

/// The closest candidate within edit distance 2 (ties: the first), for "did you mean".
fn suggest<'s>(word: &str, candidates: impl IntoIterator<Item = &'s str>) -> Option<&'s str> {
    if word.len() > 64 {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c.len().abs_diff(word.len()) > 2 {
            continue;
        }
        let d = edit_distance(word, c);
        if d <= 2 && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

fn did_you_mean<'s>(word: &str, candidates: impl IntoIterator<Item = &'s str>) -> String {
    suggest(word, candidates)
        .map(|m| format!(" (did you mean \"{m}\"?)"))
        .unwrap_or_default()
}

/// Levenshtein distance (two rows).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => format!("the string \"{}\"", s.chars().take(40).collect::<String>()),
        other => type_name(other).to_string(),
    }
}

fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(p) => msg[..p].to_string(),
        None => msg.to_string(),
    }
}

/// The top-level object as (key, raw value) pairs in file order.
struct TopLevel<'a>(Vec<(String, &'a RawValue)>);

impl<'de> serde::Deserialize<'de> for TopLevel<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TopLevel<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = map.next_key::<String>()? {
                    let v: &'de RawValue = map.next_value()?;
                    out.push((k, v));
                }
                Ok(TopLevel(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// A JSON object as (key, value) pairs in file order.
struct Object(Vec<(String, Value)>);

impl<'de> serde::Deserialize<'de> for Object {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Object;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = map.next_key::<String>()? {
                    let v: Value = map.next_value()?;
                    out.push((k, v));
                }
                Ok(Object(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// Calls a function on each element of a JSON array, as borrowed raw text.
struct EachRaw<F>(F);

impl<'de, F: FnMut(&'de RawValue)> DeserializeSeed<'de> for EachRaw<F> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(&'de RawValue)> Visitor<'de> for EachRaw<F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON array")
    }
    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        while let Some(raw) = seq.next_element::<&'de RawValue>()? {
            (self.0)(raw);
        }
        Ok(())
    }
}
