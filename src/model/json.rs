//! The native JSON model format (version 1): reading with diagnostics, and writing back.
//!
//! Reading is two-level: the top-level object is split into raw (borrowed, unparsed) field
//! values, then each node and edge is read from its own raw text, so every diagnostic can name
//! the line and column where that node or edge starts, its JSON pointer, id and field. Nothing
//! is parsed recursively beyond serde_json's own depth limit.
//!
//! A well-formed model is read first by the fast path ([`fast`]: one pass, no JSON tree); the
//! two-level reader here reads whatever that path hands back, so every diagnostic comes from it.

use super::{
    Attrs, Category, Edge, EdgeKind, Estimate, Lifecycle, Model, Node, NodeIx, NodeKind, Num,
    Perspective, Status,
};
use crate::diagnostics::{Code, Diagnostic, Place, count, excerpt};
use crate::formats::limits::Limits;
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fmt;

mod fast;
mod ids;
pub mod stream;

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
    load_json_limited(text, &Limits::CLI)
}

/// [`load_json`] within `limits`: every string (id, name, description, key, any other value) at
/// most `limits.string_bytes` bytes, checked before the string is copied; at most
/// `limits.nodes` nodes and `limits.edges` edges. A value beyond a limit is one
/// `LIMIT_EXCEEDED` error naming its place. The page passes [`Limits::PAGE`].
///
/// A UTF-8 byte order mark at the start is skipped. Keys written twice in one object are an
/// `INVALID_JSON` error (the key, its JSON pointer and line), never "the last one wins".
pub fn load_json_limited(text: &str, limits: &Limits) -> (Model, Vec<Diagnostic>) {
    let mut r = Reader::new(text.strip_prefix('\u{feff}').unwrap_or(text), limits);
    let model = r.read();
    (model, r.diags)
}

/// [`load_json_limited`] without its fast path: the general reader alone, which the tests
/// compare the fast path with.
#[cfg(test)]
fn load_json_general(text: &str, limits: &Limits) -> (Model, Vec<Diagnostic>) {
    let mut r = Reader::new(text.strip_prefix('\u{feff}').unwrap_or(text), limits);
    let model = r.read_general();
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
    let e = model.edges.at(i);
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
    for (k, v) in a.nums().take_while(|&(k, _)| k == Num::Weight) {
        put_num(&mut m, k.key(), Some(v));
    }
    if let Some(p) = a.perspective {
        m.insert("perspective".into(), p.as_str().into());
    }
    if let Some(c) = a.category {
        m.insert("category".into(), c.as_str().into());
    }
    for (k, v) in a.nums().filter(|&(k, _)| k != Num::Weight) {
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

/// Where the values of the top-level fields checked after the nodes are read start: `scenarios`
/// and `targets`.
#[derive(Debug, Clone, Copy)]
pub(super) struct CheckedAt<P> {
    scenarios: Option<P>,
    targets: Option<P>,
}

impl<P> Default for CheckedAt<P> {
    fn default() -> Self {
        CheckedAt {
            scenarios: None,
            targets: None,
        }
    }
}

type Check = fn(&Model) -> Vec<Diagnostic>;

impl<P: Copy> CheckedAt<P> {
    /// Notes where the value of the top-level field `key` starts, if it is checked.
    pub(super) fn note(&mut self, key: &str, at: P) {
        if key == super::scenario::FIELD {
            self.scenarios = Some(at);
        } else if key == super::targets::FIELD {
            self.targets = Some(at);
        }
    }

    /// Each checked field found, with its check.
    pub(super) fn checks(self) -> impl Iterator<Item = (P, Check)> {
        let checks: [(Option<P>, Check); 2] = [
            (self.scenarios, super::scenario::check),
            (self.targets, super::targets::check),
        ];
        checks.into_iter().filter_map(|(at, f)| at.map(|a| (a, f)))
    }
}

/// A check's diagnostic placed at the line and column of the checked value, its pointer first in
/// the message.
pub(super) fn at_value(mut d: Diagnostic, line: usize, column: usize) -> Diagnostic {
    if let Some(p) = &d.place.pointer {
        d.message = format!("{p}: {}", d.message);
    }
    d.place.line = Some(line);
    d.place.column = Some(column);
    d
}

struct Reader<'a> {
    text: &'a str,
    limits: Limits,
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
    /// A reader of `text` within `limits`, with no diagnostics yet.
    fn new(text: &'a str, limits: &Limits) -> Reader<'a> {
        Reader {
            text,
            limits: *limits,
            lines: None,
            diags: Vec::new(),
            broken: Default::default(),
            suggestions: 0,
        }
    }

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
        // The fast path reads a model without diagnostics; anything else is read (again) here.
        match fast::read(self) {
            Ok((model, checked)) if self.diags.is_empty() => {
                return self.finish(model, checked);
            }
            _ => {
                self.diags.clear();
                self.broken.clear();
                self.suggestions = 0;
            }
        }
        self.read_general()
    }

    /// Reads any text, well formed or not, reporting every problem at its place.
    fn read_general(&mut self) -> Model {
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
        let mut checked = CheckedAt::default();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (key, raw) in fields {
            let o = Origin {
                offset: self.offset_of(raw),
                pointer: format!("/{}", pointer_escape(&key)),
                node: None,
                edge: None,
            };
            if key.len() > self.limits.string_bytes {
                self.err(
                    Code::LimitExceeded,
                    &o,
                    None,
                    format!(
                        "a key is {} long; the most this reader takes for one text value is {} (limit string_bytes)",
                        crate::formats::text::bytes(key.len() as u64),
                        crate::formats::text::bytes(self.limits.string_bytes as u64)
                    ),
                );
                continue;
            }
            if let Some(&first) = seen.get(&key) {
                let (line, _) = self.line_col(first);
                self.err(
                    Code::InvalidJson,
                    &o,
                    None,
                    format!(
                        "key \"{}\" is written twice in the model (first at line {line}); the second value would silently replace the first, so remove one",
                        excerpt(&key, 60)
                    ),
                );
                continue;
            }
            seen.insert(key.clone(), o.offset);
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
                    match self.value(raw, &o) {
                        Ok(Value::String(s)) => {
                            let slot = match key.as_str() {
                                "name" => &mut model.name,
                                "currency" => &mut model.currency,
                                _ => &mut model.time_unit,
                            };
                            *slot = Some(s);
                        }
                        Ok(Value::Null) | Err(()) => {}
                        _ => self.err(
                            Code::WrongType,
                            &o,
                            None,
                            format!("\"{key}\" must be a string"),
                        ),
                    }
                }
                _ => {
                    if let Ok(v) = self.value(raw, &o) {
                        checked.note(&key, o.offset);
                        model.extra.insert(key, v);
                    }
                }
            }
        }
        let _ = saw_format;
        let mut nodes_ok = true;
        if let Some(raw) = nodes_raw {
            nodes_ok = self.read_nodes(raw, &mut model);
        }
        if let Some(raw) = edges_raw {
            if nodes_ok {
                self.read_edges(raw, &mut model);
            }
        }
        self.finish(model, checked)
    }

    /// The checks of a model read: its scenarios and targets (at the offsets of their values).
    fn finish(&mut self, model: Model, checked: CheckedAt<usize>) -> Model {
        // Scenarios and targets name nodes: checked once the nodes are read, and only for a
        // model that loads (so a broken node does not also show up as a broken scenario).
        if !self.diags.iter().any(Diagnostic::is_error) {
            for (offset, check) in checked.checks() {
                let (line, column) = self.line_col(offset);
                for d in check(&model) {
                    self.diags.push(at_value(d, line, column));
                }
            }
        }
        model
    }

    /// Calls `f` on each element of the array `raw` (`what`: "nodes" or "edges"); false when
    /// there are more than `max` (one `LIMIT_EXCEEDED` error, and `f` is not called).
    fn each_element(
        &mut self,
        raw: &'a RawValue,
        what: &str,
        max: usize,
        mut f: impl FnMut(&mut Self, usize, &'a RawValue),
    ) -> bool {
        let mut items: Vec<&'a RawValue> = Vec::new();
        let mut found = 0usize;
        let mut de = serde_json::Deserializer::from_str(raw.get());
        let res = EachRaw(|r: &'a RawValue| {
            found += 1;
            if found <= max {
                items.push(r);
            }
        })
        .deserialize(&mut de);
        if found > max {
            let o = Origin {
                offset: self.offset_of(raw),
                pointer: format!("/{what}"),
                node: None,
                edge: None,
            };
            self.err(
                Code::LimitExceeded,
                &o,
                None,
                format!(
                    "the model has {} {what}; the most this reader takes is {} (limit {what})",
                    count(found),
                    count(max)
                ),
            );
            return false;
        }
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
            return true;
        }
        for (i, item) in items.into_iter().enumerate() {
            f(self, i, item);
        }
        true
    }

    /// A value of the top-level object, read within the limits; an unreadable one is reported
    /// at its place (`Err(())`).
    fn value(&mut self, raw: &RawValue, o: &Origin) -> Result<Value, ()> {
        parse_limited(raw.get(), self.limits.string_bytes).map_err(|u| {
            let mut o2 = Origin {
                offset: o.offset,
                pointer: o.pointer.clone(),
                node: None,
                edge: None,
            };
            if let Some(f) = u.field() {
                o2.pointer = format!("{}/{}", o.pointer, f);
            }
            let name = o.pointer.trim_start_matches('/');
            let msg = format!("\"{name}\": {}", u.message);
            self.err(u.code, &o2, None, msg);
        })
    }

    /// A node or edge object, read within the limits; an unreadable one is reported with its
    /// field, and (a node) remembered by id so edges to it are not reported again.
    fn object(&mut self, raw: &str, o: &mut Origin, what: &str) -> Option<Vec<(String, Value)>> {
        match parse_limited(raw, self.limits.string_bytes) {
            Ok(Value::Object(m)) => Some(m.into_iter().collect()),
            Ok(_) => {
                self.err(
                    Code::WrongType,
                    o,
                    None,
                    format!("{what} must be a JSON object"),
                );
                None
            }
            Err(u) => {
                let id = u.id.clone().or_else(|| id_in_text(raw));
                if o.edge.is_none() {
                    if let Some(id) = &id {
                        o.node = Some(excerpt(id, 60));
                        self.broken.insert(id.clone());
                    }
                }
                let field = u.field();
                let mut place_offset = o.offset;
                if let (Code::InvalidJson, Some(k)) = (u.code, u.path.last()) {
                    // A key written twice: the line of its second writing, when it can be found.
                    if u.message.starts_with("key ") {
                        if let Some(at) = key_offset(raw, k, 1) {
                            place_offset += at;
                        }
                    }
                }
                let o2 = Origin {
                    offset: place_offset,
                    pointer: o.pointer.clone(),
                    node: o.node.clone(),
                    edge: o.edge,
                };
                let msg = format!("{what} cannot be read: {}", u.message);
                self.err(u.code, &o2, field.as_deref(), msg);
                None
            }
        }
    }

    fn read_nodes(&mut self, raw: &'a RawValue, model: &mut Model) -> bool {
        let mut offsets: Vec<(usize, usize)> = Vec::new();
        let max = self.limits.nodes;
        let within = self.each_element(raw, "nodes", max, |r, i, item| {
            let mut o = Origin {
                offset: r.offset_of(item),
                pointer: format!("/nodes/{i}"),
                node: None,
                edge: None,
            };
            let Some(fields) = r.object(item.get(), &mut o, "a node") else {
                return;
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
            return within;
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
        within
    }

    fn read_node(&mut self, fields: Vec<(String, Value)>, o: &mut Origin) -> Option<Node> {
        let mut id: Option<String> = None;
        let mut kind: Option<NodeKind> = None;
        let mut kind_ok = true;
        // Find the id first so every later diagnostic can name the node.
        for (k, v) in &fields {
            if k == "id" {
                match v {
                    Value::String(s) if !s.is_empty() => match id_problem(s) {
                        None => {
                            id = Some(s.clone());
                            o.node = Some(s.clone());
                        }
                        Some((at, c)) => {
                            o.node = Some(excerpt(s, 60));
                            self.broken.insert(s.clone());
                            self.err(
                                Code::InvalidValue,
                                o,
                                Some("id"),
                                format!(
                                    "node id \"{}\" holds the character U+{:04X} at position {}, which XML cannot hold; exported, it would become U+FFFD and two ids could become one",
                                    excerpt(s, 60),
                                    c as u32,
                                    at + 1
                                ),
                            );
                        }
                    },
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
                                    "unknown node kind \"{s}\"{}; expected one of goal, capability, activity, application, initiative, element, person",
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
                    let range = super::range_words(lo, hi);
                    self.err(
                        Code::OutOfRange,
                        o,
                        Some(key),
                        format!("\"{key}\" is {}; it must be {range}", num_text(x)),
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
                    "estimate must satisfy optimistic <= likely <= pessimistic, found {}, {}, {}",
                    num_text(opt),
                    num_text(likely),
                    num_text(pess)
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
        let index: fast::IdMap<'_> = model
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_ref(), i as NodeIx))
            .collect();
        let mut edges = crate::model::Edges::new();
        let mut extras = Vec::new();
        let max = self.limits.edges;
        self.each_element(raw, "edges", max, |r, i, item| {
            let mut o = Origin {
                offset: r.offset_of(item),
                pointer: format!("/edges/{i}"),
                node: None,
                edge: Some(i),
            };
            let Some(fields) = r.object(item.get(), &mut o, "an edge") else {
                return;
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
        index: &impl fast::Ids,
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
                        Value::String(s) => match index.ix(s.as_str()) {
                            Some(ix) => {
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
                                    suggest(&s, index.ids())
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
                        "{} edge weight is {}; it must be between {lo} and {hi}",
                        kind.as_str(),
                        num_text(w)
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

/// A key as a JSON pointer writes it (RFC 6901: `~` as `~0`, `/` as `~1`).
fn pointer_escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
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

pub(crate) fn did_you_mean<'s>(
    word: &str,
    candidates: impl IntoIterator<Item = &'s str>,
) -> String {
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

fn num_text(x: f64) -> String {
    crate::diagnostics::number(x)
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

// ---------------------------------------------------------------------------------------------
// Reading JSON values within limits

/// What made a value unreadable beyond what serde_json says.
#[derive(Debug, Clone)]
enum Issue {
    /// A string longer than the limit, with its length in bytes.
    TooLong(usize),
    /// A key longer than the limit, with its length in bytes.
    KeyTooLong(usize),
    /// A key written twice in one object.
    Duplicate(String),
}

/// Shared by the seeds of one parse: the limit, the path to the value being read (so an error
/// names its field), what went wrong, and the object's `id` once read (so a node that cannot
/// be read is still named).
struct State {
    max: usize,
    path: std::cell::RefCell<Vec<String>>,
    issue: std::cell::RefCell<Option<Issue>>,
    id: std::cell::RefCell<Option<String>>,
}

impl State {
    fn new(max: usize) -> State {
        State {
            max,
            path: Default::default(),
            issue: Default::default(),
            id: Default::default(),
        }
    }

    fn fail<E: serde::de::Error>(&self, issue: Issue) -> E {
        *self.issue.borrow_mut() = Some(issue);
        E::custom("refused")
    }

    fn text<E: serde::de::Error>(&self, s: &str) -> Result<String, E> {
        if s.len() > self.max {
            return Err(self.fail(Issue::TooLong(s.len())));
        }
        Ok(s.to_string())
    }
}

/// A JSON value whose strings and keys are checked against the limit before they are copied,
/// and whose objects are checked for keys written twice.
#[derive(Clone, Copy)]
struct Limited<'s>(&'s State);

impl<'de> DeserializeSeed<'de> for Limited<'_> {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Limited<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, x: i64) -> Result<Value, E> {
        Ok(Value::from(x))
    }
    fn visit_u64<E>(self, x: u64) -> Result<Value, E> {
        Ok(Value::from(x))
    }
    fn visit_f64<E>(self, x: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Value, E> {
        self.0.text(s).map(Value::String)
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        loop {
            self.0.path.borrow_mut().push(out.len().to_string());
            match seq.next_element_seed(self)? {
                Some(v) => out.push(v),
                None => {
                    self.0.path.borrow_mut().pop();
                    return Ok(Value::Array(out));
                }
            }
            self.0.path.borrow_mut().pop();
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        let top = self.0.path.borrow().is_empty();
        while let Some(k) = map.next_key_seed(Key(self.0))? {
            self.0.path.borrow_mut().push(k.clone());
            if out.contains_key(&k) {
                return Err(self.0.fail(Issue::Duplicate(k)));
            }
            let v = map.next_value_seed(self)?;
            self.0.path.borrow_mut().pop();
            if top && k == "id" {
                if let Value::String(s) = &v {
                    *self.0.id.borrow_mut() = Some(s.clone());
                }
            }
            out.insert(k, v);
        }
        Ok(Value::Object(out))
    }
}

/// An object key, checked against the limit.
struct Key<'s>(&'s State);

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = String;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<String, E> {
        if s.len() > self.0.max {
            return Err(self.0.fail(Issue::KeyTooLong(s.len())));
        }
        Ok(s.to_string())
    }
}

/// Why a value could not be read: the code, the path below the value (its field), the message
/// and, for an object, its `id` when that was read before the problem.
struct Unreadable {
    code: Code,
    path: Vec<String>,
    message: String,
    id: Option<String>,
}

impl Unreadable {
    /// The field as `Place::field` names it: the path below the node or edge, `/`-separated.
    fn field(&self) -> Option<String> {
        (!self.path.is_empty()).then(|| self.path.join("/"))
    }
}

/// Parses `text` as one JSON value within `max` bytes per string.
fn parse_limited(text: &str, max: usize) -> Result<Value, Unreadable> {
    let state = State::new(max);
    let mut de = serde_json::Deserializer::from_str(text);
    let res = Limited(&state)
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v));
    res.map_err(|e| {
        let mut path = state.path.take();
        // Deep nesting (serde_json stops at 128 levels): the field is named by its first levels.
        path.truncate(8);
        let id = state.id.take();
        let what = match path.last() {
            Some(k) => format!("\"{}\"", path_text(&path, k)),
            None => "the value".to_string(),
        };
        let (code, message) = match state.issue.take() {
            Some(Issue::TooLong(len)) => (
                Code::LimitExceeded,
                format!(
                    "{what} is {} long; the most this reader takes for one text value is {} (limit string_bytes)",
                    crate::formats::text::bytes(len as u64),
                    crate::formats::text::bytes(max as u64)
                ),
            ),
            Some(Issue::KeyTooLong(len)) => (
                Code::LimitExceeded,
                format!(
                    "a key is {} long; the most this reader takes for one text value is {} (limit string_bytes)",
                    crate::formats::text::bytes(len as u64),
                    crate::formats::text::bytes(max as u64)
                ),
            ),
            Some(Issue::Duplicate(k)) => (
                Code::InvalidJson,
                format!(
                    "key \"{}\" is written twice in one object; the second value would silently replace the first, so remove one",
                    crate::diagnostics::excerpt(&k, 60)
                ),
            ),
            None => classify(&e, &what),
        };
        Unreadable {
            code,
            path,
            message,
            id,
        }
    })
}

fn path_text(path: &[String], last: &str) -> String {
    let s = if path.len() > 1 {
        path.join("/")
    } else {
        last.to_string()
    };
    crate::diagnostics::excerpt(&s, 60)
}

/// serde_json's own errors, in the words of the format: a number too large, a `\u` escape that
/// is not a character, or JSON that is not well formed.
fn classify(e: &serde_json::Error, what: &str) -> (Code, String) {
    let m = strip_position(&e.to_string());
    if m.contains("number out of range") {
        (
            Code::OutOfRange,
            format!(
                "{what} holds a number too large to be read (beyond about 1.8e308, the largest 64-bit number)"
            ),
        )
    } else if m.contains("surrogate") || m.contains("hex escape") || m.contains("code point") {
        (
            Code::InvalidValue,
            format!(
                "{what} holds a \\u escape that is not a character (a lone UTF-16 surrogate such as \\ud800?): {m}"
            ),
        )
    } else {
        (Code::InvalidJson, format!("{what} cannot be read: {m}"))
    }
}

/// The line offset of the `nth` (0-based) occurrence of `"key":` in `raw`, to place a key
/// written twice.
fn key_offset(raw: &str, key: &str, nth: usize) -> Option<usize> {
    let quoted = serde_json::to_string(key).ok()?;
    raw.match_indices(&quoted)
        .filter(|(i, _)| raw[i + quoted.len()..].trim_start().starts_with(':'))
        .nth(nth)
        .map(|(i, _)| i)
}

/// The `id` of an object that could not be parsed, read from its text: `"id"` then a string
/// without escapes.
fn id_in_text(raw: &str) -> Option<String> {
    let at = key_offset(raw, "id", 0)?;
    let rest = raw[at + 4..].trim_start().strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find(['"', '\\'])?;
    (rest.as_bytes()[end] == b'"').then(|| rest[..end].to_string())
}

/// Where an id cannot round-trip through the exports: the first character XML 1.0 cannot hold
/// (a control character other than tab, line feed and carriage return, or U+FFFE/U+FFFF, which
/// are not characters) and its 0-based position. Written to XML such a character becomes
/// U+FFFD, so two ids could become one.
pub(crate) fn id_problem(id: &str) -> Option<(usize, char)> {
    id.chars().enumerate().find(|(_, c)| {
        ((*c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
            || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    })
}

// ---------------------------------------------------------------------------------------------
// One node or edge read on its own (the page's edits): the loader's rules and messages.

fn origin(pointer: String, node: Option<&str>, edge: Option<usize>) -> Origin {
    Origin {
        offset: 0,
        pointer,
        node: node.map(str::to_string),
        edge,
    }
}

/// The diagnostics of a reader of one element: no line and column (there is no file).
fn element_diags(r: Reader<'_>) -> Vec<Diagnostic> {
    let mut out = r.diags;
    for d in &mut out {
        d.place.line = None;
        d.place.column = None;
    }
    out
}

/// Reads one node object as the loader reads an element of `nodes` (at `/nodes/<at>`, within
/// `limits`): the node, or `None`, and every diagnostic, with the loader's codes and messages.
pub(crate) fn read_node_object(
    obj: Map<String, Value>,
    at: usize,
    limits: &Limits,
) -> (Option<Node>, Vec<Diagnostic>) {
    let mut r = Reader::new("", limits);
    let mut o = origin(format!("/nodes/{at}"), None, None);
    let node = r.read_node(obj.into_iter().collect(), &mut o);
    (node, element_diags(r))
}

/// An edge and its unknown fields.
pub(crate) type EdgeRead = (Edge, Map<String, Value>);

/// Reads one edge object as the loader reads an element of `edges` (at `/edges/<at>`), its ends
/// looked up in `model`: the edge and its unknown fields, or `None`, and every diagnostic.
pub(crate) fn read_edge_object(
    obj: Map<String, Value>,
    at: usize,
    model: &Model,
    limits: &Limits,
) -> (Option<EdgeRead>, Vec<Diagnostic>) {
    let mut r = Reader::new("", limits);
    let o = origin(format!("/edges/{at}"), None, Some(at));
    // The general reader's index (O(nodes) to build), so the reader's code is not made twice.
    let index: fast::IdMap<'_> = model
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_ref(), i as NodeIx))
        .collect();
    let edge = r.read_edge(obj.into_iter().collect(), &o, &index);
    (edge, element_diags(r))
}

/// One edge as it is written in the model file.
pub fn edge_json(model: &Model, i: usize) -> Value {
    edge_to_json(model, i)
}
