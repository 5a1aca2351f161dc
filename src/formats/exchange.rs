//! The Open Group ArchiMate Model Exchange File Format (XML): reading into an [`ArchiModel`]
//! and writing one back.
//!
//! Reading keeps the model's elements (junctions as `AndJunction` / `OrJunction`), its
//! relationships (including relationships whose ends are relationships), the properties of both
//! with their property definitions resolved by name, the model's own name, documentation and
//! properties, and the nesting of element nodes in views (`view_nesting`). Organizations and
//! the rest of the views are skipped. Names, documentation and property values come in the
//! preferred `xml:lang` when the file has it, else in the first language given.
//!
//! Hostile input: DTDs (and so entity expansion) are refused, the number of XML nodes is capped
//! at [`NODES_LIMIT`], the [`Limits`] (attributes per element, nesting depth, string length,
//! elements and relationships) are checked in one pass before the tree is built
//! ([`xml_guard`]), nesting of any depth is walked without recursion, and nothing panics.
//! Malformed XML gives one `INVALID_XML` error with its line and column and an empty model.
//!
//! Writing produces schema-shaped exchange XML in namespace [`NAMESPACE`]: the model's name,
//! documentation and properties, then `<elements>`, `<relationships>` and
//! `<propertyDefinitions>` (one `propid-N` per distinct property key, in first-seen order). No
//! views and no organizations. Characters that XML 1.0 cannot carry at all (control characters
//! other than tab, line feed and carriage return, U+FFFE, U+FFFF) are written as U+FFFD; every
//! other string reads back exactly.

use crate::diagnostics::{Code, Diagnostic, Place};
use crate::formats::archimate::{ArchiElement, ArchiModel, ArchiRelationship, ReadResult};
use crate::formats::limits::Limits;
use crate::formats::xml_guard::{self, Dialect};
use roxmltree::{Document, Node, ParsingOptions};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// The namespace of exchange-format files (also used by the 3.1 and 3.2 schemas).
pub const NAMESPACE: &str = "http://www.opengroup.org/xsd/archimate/3.0/";

/// The XML Schema instance namespace (`xsi:type`).
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The most XML nodes (elements, text, comments) a file may have: about 1 GB of parsed tree at
/// most, far above any real model (a 100 MB exchange file has roughly 4 million).
pub const NODES_LIMIT: u32 = 10_000_000;

/// The `format` of models this reader produces.
pub const FORMAT: &str = "exchange";

/// Reads exchange-format XML. `lang`: preferred `xml:lang` for names, documentation and
/// property values (else the first one given).
pub fn read(text: &str, lang: Option<&str>) -> ReadResult {
    read_with(text, lang, &Limits::CLI)
}

/// [`read`] within `limits`: the attribute, depth, string and count limits are checked in one
/// pass over the text ([`xml_guard`]) before the tree is built.
pub fn read_with(text: &str, lang: Option<&str>, limits: &Limits) -> ReadResult {
    if let Err(d) = xml_guard::check(text, Dialect::Exchange, limits) {
        return (empty(), vec![*d]);
    }
    read_limited(text, lang, NODES_LIMIT)
}

fn empty() -> ArchiModel {
    ArchiModel {
        format: FORMAT,
        ..ArchiModel::default()
    }
}

fn read_limited(text: &str, lang: Option<&str>, nodes_limit: u32) -> ReadResult {
    let opts = ParsingOptions {
        allow_dtd: false,
        nodes_limit,
        ..ParsingOptions::default()
    };
    let doc = match Document::parse_with_options(text, opts) {
        Ok(doc) => doc,
        Err(e) => return (empty(), vec![xml_error(text, &e, nodes_limit)]),
    };
    let root = doc.root_element();
    let mut reader = Reader {
        lang,
        lines: Lines::new(text),
        diags: Vec::new(),
        model: empty(),
    };
    if !is(root, "model") {
        let line = reader.lines.line_at(root.range().start);
        let d = Diagnostic::error(
            Code::UnsupportedFormat,
            Place {
                line: Some(line),
                ..Place::default()
            },
            unsupported_root_message(root),
        );
        return (empty(), vec![d]);
    }
    reader.read_model(root);
    (reader.model, reader.diags)
}

/// Writes an ArchiModel as exchange-format XML (namespace [`NAMESPACE`]), with `xml:lang` on
/// names, documentation and property values when `lang` is given.
pub fn write(model: &ArchiModel, lang: Option<&str>) -> String {
    let mut w = Writer {
        out: String::with_capacity(512 + 160 * (model.elements.len() + model.relationships.len())),
        lang,
        keys: HashMap::new(),
        key_order: Vec::new(),
    };
    w.model(model);
    w.out
}

// ---------------------------------------------------------------------------------------------
// Reading

struct Reader<'t, 'l> {
    lang: Option<&'l str>,
    lines: Lines<'t>,
    diags: Vec<Diagnostic>,
    model: ArchiModel,
}

impl<'t> Reader<'t, '_> {
    fn read_model(&mut self, root: Node<'_, 't>) {
        self.model.id = root.attribute("identifier").map(str::to_string);
        let mut names = Pick::default();
        let mut docs = Pick::default();
        let mut prop_defs: Vec<Node<'_, 't>> = Vec::new();
        let mut views: Vec<Node<'_, 't>> = Vec::new();
        for child in root.children().filter(|c| in_ns(*c)) {
            match child.tag_name().name() {
                "name" => names.offer(child, self.lang),
                "documentation" => docs.offer(child, self.lang),
                "properties" => {
                    self.model.properties = read_properties(child, self.lang);
                }
                "elements" => self.read_elements(child),
                "relationships" => self.read_relationships(child),
                "propertyDefinitions" => prop_defs.push(child),
                "views" => views.push(child),
                _ => {}
            }
        }
        self.model.name = names.best().map(text_of);
        self.model.documentation = docs.best().map(text_of);
        self.resolve_properties(&prop_defs);
        self.read_views(&views);
    }

    fn missing(
        &mut self,
        what: &str,
        id: Option<&str>,
        index: Option<usize>,
        line: usize,
        field: &str,
    ) {
        let who = match id {
            Some(id) => format!("{what} \"{id}\""),
            None if what == "element" => "an element".to_string(),
            None => format!("a {what}"),
        };
        self.diags.push(Diagnostic::error(
            Code::MissingField,
            Place {
                line: Some(line),
                node: if what == "element" {
                    id.map(str::to_string)
                } else {
                    None
                },
                edge: index,
                field: Some(field.to_string()),
                ..Place::default()
            },
            format!("{who} at line {line} has no `{field}` attribute; it is skipped"),
        ));
    }

    fn read_elements(&mut self, parent: Node<'_, 't>) {
        for node in parent.children().filter(|c| is(*c, "element")) {
            let line = self.lines.line_at(node.range().start);
            let id = node.attribute("identifier");
            let type_ = node.attribute((XSI, "type"));
            let (Some(id), Some(type_)) = (id, type_) else {
                let field = if id.is_none() {
                    "identifier"
                } else {
                    "xsi:type"
                };
                self.missing("element", id, None, line, field);
                continue;
            };
            let c = Concept::read(node, self.lang);
            self.model.elements.push(ArchiElement {
                id: id.to_string(),
                type_: clean_type(type_).to_string(),
                name: c.name,
                documentation: c.documentation,
                properties: c.properties,
                line: Some(line),
            });
        }
    }

    fn read_relationships(&mut self, parent: Node<'_, 't>) {
        for (index, node) in parent
            .children()
            .filter(|c| is(*c, "relationship"))
            .enumerate()
        {
            let line = self.lines.line_at(node.range().start);
            let id = node.attribute("identifier");
            let type_ = node.attribute((XSI, "type"));
            let source = node.attribute("source");
            let target = node.attribute("target");
            let (Some(id), Some(type_), Some(source), Some(target)) = (id, type_, source, target)
            else {
                let field = if id.is_none() {
                    "identifier"
                } else if type_.is_none() {
                    "xsi:type"
                } else if source.is_none() {
                    "source"
                } else {
                    "target"
                };
                self.missing("relationship", id, Some(index), line, field);
                continue;
            };
            let c = Concept::read(node, self.lang);
            let strength = node
                .attribute("modifier")
                .or_else(|| node.attribute("strength"));
            self.model.relationships.push(ArchiRelationship {
                id: id.to_string(),
                type_: clean_type(type_).to_string(),
                source: source.to_string(),
                target: target.to_string(),
                name: c.name,
                documentation: c.documentation,
                properties: c.properties,
                strength: strength.map(str::to_string),
                access_type: node.attribute("accessType").map(str::to_string),
                line: Some(line),
            });
        }
    }

    /// Replaces every property's `propertyDefinitionRef` (kept as its key while reading) by the
    /// definition's name. Definitions come after the elements in the file, hence a second pass.
    fn resolve_properties(&mut self, defs: &[Node<'_, 't>]) {
        let m = &mut self.model;
        let any = !m.properties.is_empty()
            || m.elements.iter().any(|e| !e.properties.is_empty())
            || m.relationships.iter().any(|r| !r.properties.is_empty());
        if !any {
            return;
        }
        let mut names: HashMap<&str, String> = HashMap::new();
        for list in defs {
            for def in list.children().filter(|c| is(*c, "propertyDefinition")) {
                let Some(id) = def.attribute("identifier") else {
                    continue;
                };
                let mut pick = Pick::default();
                for n in def.children().filter(|c| is(*c, "name")) {
                    pick.offer(n, self.lang);
                }
                let name = match pick.best() {
                    Some(n) => text_of(n),
                    // Older drafts put the name in an attribute.
                    None => match def.attribute("name") {
                        Some(n) => n.to_string(),
                        None => continue,
                    },
                };
                names.entry(id).or_insert(name);
            }
        }
        let diags = &mut self.diags;
        let mut resolve = |props: &mut Vec<(String, String)>,
                           owner: &str,
                           id: Option<&str>,
                           line: Option<usize>,
                           is_element: bool| {
            for (key, _) in props.iter_mut() {
                match names.get(key.as_str()) {
                    Some(name) => key.clone_from(name),
                    None => {
                        let at = line.map(|l| format!(" at line {l}")).unwrap_or_default();
                        let who = match id {
                            Some(id) => format!("{owner} \"{id}\""),
                            None => owner.to_string(),
                        };
                        diags.push(Diagnostic::warning(
                            Code::InvalidValue,
                            Place {
                                line,
                                node: if is_element {
                                    id.map(str::to_string)
                                } else {
                                    None
                                },
                                field: Some("propertyDefinitionRef".to_string()),
                                ..Place::default()
                            },
                            format!(
                                "a property of {who}{at} refers to property definition \"{key}\", \
                                 which the file does not define; the property is kept with \
                                 \"{key}\" as its key"
                            ),
                        ));
                    }
                }
            }
        };
        resolve(&mut m.properties, "the model", m.id.as_deref(), None, false);
        for e in &mut m.elements {
            resolve(&mut e.properties, "element", Some(&e.id), e.line, true);
        }
        for r in &mut m.relationships {
            resolve(
                &mut r.properties,
                "relationship",
                Some(&r.id),
                r.line,
                false,
            );
        }
    }

    /// Records (child, parent) for every element node nested (at any depth, through nodes
    /// without an element) in another element node, deduplicated, in file order. An explicit
    /// stack: views may nest arbitrarily deep.
    fn read_views(&mut self, views: &[Node<'_, 't>]) {
        let mut seen: HashSet<(&str, &str)> = HashSet::new();
        let mut stack: Vec<(Node<'_, 't>, Option<&str>)> = Vec::new();
        let diagrams = views
            .iter()
            .flat_map(|v| v.children())
            .filter(|c| in_ns(*c));
        for group in diagrams {
            let view_nodes: Vec<Node<'_, 't>> = match group.tag_name().name() {
                "diagrams" => group.children().filter(|c| is(*c, "view")).collect(),
                "view" => vec![group],
                _ => continue,
            };
            for view in view_nodes {
                let top = view.children().rev().filter(|c| is(*c, "node"));
                stack.extend(top.map(|c| (c, None)));
                while let Some((node, parent)) = stack.pop() {
                    let element = node.attribute("elementRef");
                    if let (Some(child), Some(parent)) = (element, parent) {
                        if child != parent && seen.insert((child, parent)) {
                            self.model
                                .view_nesting
                                .push((child.to_string(), parent.to_string()));
                        }
                    }
                    let next = element.or(parent);
                    let inner = node.children().rev().filter(|c| is(*c, "node"));
                    stack.extend(inner.map(|c| (c, next)));
                }
            }
        }
    }
}

/// Name, documentation and properties of an element or relationship.
struct Concept {
    name: Option<String>,
    documentation: Option<String>,
    properties: Vec<(String, String)>,
}

impl Concept {
    fn read(node: Node<'_, '_>, lang: Option<&str>) -> Concept {
        let mut names = Pick::default();
        let mut docs = Pick::default();
        let mut properties = Vec::new();
        for child in node.children().filter(|c| in_ns(*c)) {
            match child.tag_name().name() {
                "name" => names.offer(child, lang),
                "documentation" => docs.offer(child, lang),
                "properties" => properties = read_properties(child, lang),
                _ => {}
            }
        }
        Concept {
            name: names.best().map(text_of),
            documentation: docs.best().map(text_of),
            properties,
        }
    }
}

/// `<properties><property propertyDefinitionRef=..><value xml:lang=..>` as (ref, value).
fn read_properties(node: Node<'_, '_>, lang: Option<&str>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for p in node.children().filter(|c| is(*c, "property")) {
        let Some(key) = p.attribute("propertyDefinitionRef") else {
            continue;
        };
        let mut values = Pick::default();
        for v in p.children().filter(|c| is(*c, "value")) {
            values.offer(v, lang);
        }
        let value = values.best().map(text_of).unwrap_or_default();
        out.push((key.to_string(), value));
    }
    out
}

/// The best of several language variants of one text: the preferred language exactly, else a
/// variant of it (`en` for `en-GB` or the other way round), else the first.
#[derive(Default)]
struct Pick<'a, 'i> {
    first: Option<Node<'a, 'i>>,
    close: Option<Node<'a, 'i>>,
    exact: Option<Node<'a, 'i>>,
}

impl<'a, 'i> Pick<'a, 'i> {
    fn offer(&mut self, node: Node<'a, 'i>, lang: Option<&str>) {
        if self.first.is_none() {
            self.first = Some(node);
        }
        let (Some(want), None) = (lang, self.exact) else {
            return;
        };
        let Some(got) = node.attribute((roxmltree::NS_XML_URI, "lang")) else {
            return;
        };
        if got.eq_ignore_ascii_case(want) {
            self.exact = Some(node);
        } else if self.close.is_none() && (subtag_of(got, want) || subtag_of(want, got)) {
            self.close = Some(node);
        }
    }

    fn best(&self) -> Option<Node<'a, 'i>> {
        self.exact.or(self.close).or(self.first)
    }
}

/// True when `long` is `short` followed by `-` and more subtags (`en-GB` of `en`).
fn subtag_of(long: &str, short: &str) -> bool {
    let (l, s) = (long.as_bytes(), short.as_bytes());
    l.len() > s.len() && l[s.len()] == b'-' && l[..s.len()].eq_ignore_ascii_case(s)
}

/// The text content of an element: its text children joined (usually exactly one).
fn text_of(node: Node<'_, '_>) -> String {
    let mut texts = node
        .children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text());
    let Some(first) = texts.next() else {
        return String::new();
    };
    let mut s = first.to_string();
    for t in texts {
        s.push_str(t);
    }
    s
}

/// An element in the exchange namespace.
fn in_ns(node: Node<'_, '_>) -> bool {
    node.is_element() && node.tag_name().namespace() == Some(NAMESPACE)
}

/// An element in the exchange namespace with local name `name`.
fn is(node: Node<'_, '_>, name: &str) -> bool {
    node.is_element()
        && node.tag_name().name() == name
        && node.tag_name().namespace() == Some(NAMESPACE)
}

/// The type name without any QName prefix (`archimate:Goal`) or `Relationship` suffix.
fn clean_type(t: &str) -> &str {
    let t = t.rsplit_once(':').map_or(t, |(_, local)| local);
    crate::formats::archimate::normalise_type(t)
}

fn unsupported_root_message(root: Node<'_, '_>) -> String {
    let name = root.tag_name().name();
    let hint = match root.tag_name().namespace() {
        Some("http://www.archimatetool.com/archimate") => {
            " (this looks like Archi's native .archimate format)"
        }
        Some("http://www.opengroup.org/xsd/archimate") => {
            " (this looks like the ArchiMate 2.x exchange format, which is not supported)"
        }
        _ => "",
    };
    let ns = match root.tag_name().namespace() {
        Some(ns) => format!("in namespace \"{ns}\""),
        None => "in no namespace".to_string(),
    };
    format!(
        "the root element is <{name}> {ns}{hint}; an ArchiMate exchange file has a root <model> \
         in namespace \"{NAMESPACE}\""
    )
}

/// One diagnostic for a document roxmltree refused.
fn xml_error(text: &str, e: &roxmltree::Error, nodes_limit: u32) -> Diagnostic {
    use roxmltree::Error as E;
    let at = |line: usize, column: usize| Place {
        line: Some(line),
        column: Some(column),
        ..Place::default()
    };
    let end = || {
        let line = 1 + count_newlines(text.as_bytes());
        let last = text.rfind('\n').map_or(0, |i| i + 1);
        at(line, text[last..].chars().count() + 1)
    };
    match e {
        E::DtdDetected => {
            let place = match text.find("<!DOCTYPE") {
                Some(i) => {
                    let line = 1 + count_newlines(&text.as_bytes()[..i]);
                    let start = text[..i].rfind('\n').map_or(0, |j| j + 1);
                    at(line, text[start..i].chars().count() + 1)
                }
                None => Place::default(),
            };
            Diagnostic::error(
                Code::InvalidXml,
                place,
                "the file contains a document type declaration (<!DOCTYPE ...>); DTDs and \
                 entity definitions are refused, as exchange files never need them",
            )
        }
        E::NodesLimitReached => Diagnostic::error(
            Code::LimitExceeded,
            Place::default(),
            format!(
                "the file has more than {nodes_limit} XML nodes (elements, texts, comments); \
                 it is refused to bound memory use"
            ),
        ),
        E::AttributesLimitReached | E::NamespacesLimitReached => Diagnostic::error(
            Code::LimitExceeded,
            Place::default(),
            format!("the file is refused to bound memory use: {e}"),
        ),
        E::NoRootNode => Diagnostic::error(
            Code::InvalidXml,
            end(),
            "the text is not XML: it has no root element",
        ),
        E::UnclosedRootNode | E::UnexpectedEndOfStream => {
            Diagnostic::error(Code::InvalidXml, end(), format!("the XML ends early: {e}"))
        }
        _ => {
            let pos = e.pos();
            Diagnostic::error(
                Code::InvalidXml,
                at(pos.row as usize, pos.col as usize),
                format!("the file is not well-formed XML: {e}"),
            )
        }
    }
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// Line numbers of byte offsets met in (mostly) increasing order: counts newlines from the last
/// offset asked, so a whole document costs one pass over the text.
struct Lines<'t> {
    bytes: &'t [u8],
    pos: usize,
    line: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Lines {
            bytes: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, pos: usize) -> usize {
        let pos = pos.min(self.bytes.len());
        if pos < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        self.line += count_newlines(&self.bytes[self.pos..pos]);
        self.pos = pos;
        self.line
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

struct Writer<'m, 'l> {
    out: String,
    lang: Option<&'l str>,
    /// Property key -> its number in `propid-N`.
    keys: HashMap<&'m str, usize>,
    key_order: Vec<&'m str>,
}

impl<'m> Writer<'m, '_> {
    fn model(&mut self, m: &'m ArchiModel) {
        // Number the keys first, in first-seen order: model, elements, relationships.
        let all_props = m
            .properties
            .iter()
            .chain(m.elements.iter().flat_map(|e| &e.properties))
            .chain(m.relationships.iter().flat_map(|r| &r.properties));
        for (k, _) in all_props {
            if !self.keys.contains_key(k.as_str()) {
                self.key_order.push(k);
                self.keys.insert(k, self.key_order.len());
            }
        }

        self.out
            .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        self.out.push_str("<model xmlns=\"");
        self.out.push_str(NAMESPACE);
        self.out.push_str(
            "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
             xsi:schemaLocation=\"http://www.opengroup.org/xsd/archimate/3.0/ \
             http://www.opengroup.org/xsd/archimate/3.1/archimate3_Model.xsd\" identifier=\"",
        );
        escape(&mut self.out, m.id.as_deref().unwrap_or("id-model"), true);
        self.out.push_str("\">\n");
        self.concept(
            "  ",
            m.name.as_deref(),
            m.documentation.as_deref(),
            &m.properties,
        );

        if !m.elements.is_empty() {
            self.out.push_str("  <elements>\n");
            for e in &m.elements {
                self.out.push_str("    <element identifier=\"");
                escape(&mut self.out, &e.id, true);
                self.out.push_str("\" xsi:type=\"");
                escape(&mut self.out, &e.type_, true);
                self.close_open(
                    e.name.as_deref(),
                    e.documentation.as_deref(),
                    &e.properties,
                    "element",
                );
            }
            self.out.push_str("  </elements>\n");
        }

        if !m.relationships.is_empty() {
            self.out.push_str("  <relationships>\n");
            for r in &m.relationships {
                self.out.push_str("    <relationship identifier=\"");
                escape(&mut self.out, &r.id, true);
                self.out.push_str("\" source=\"");
                escape(&mut self.out, &r.source, true);
                self.out.push_str("\" target=\"");
                escape(&mut self.out, &r.target, true);
                self.out.push_str("\" xsi:type=\"");
                escape(&mut self.out, &r.type_, true);
                if let Some(s) = &r.strength {
                    self.out.push_str("\" modifier=\"");
                    escape(&mut self.out, s, true);
                }
                if let Some(a) = &r.access_type {
                    self.out.push_str("\" accessType=\"");
                    escape(&mut self.out, a, true);
                }
                self.close_open(
                    r.name.as_deref(),
                    r.documentation.as_deref(),
                    &r.properties,
                    "relationship",
                );
            }
            self.out.push_str("  </relationships>\n");
        }

        if !self.key_order.is_empty() {
            self.out.push_str("  <propertyDefinitions>\n");
            for i in 0..self.key_order.len() {
                let _ = writeln!(
                    self.out,
                    "    <propertyDefinition identifier=\"propid-{}\" type=\"string\">",
                    i + 1
                );
                self.text("      ", "name", self.key_order[i]);
                self.out.push_str("    </propertyDefinition>\n");
            }
            self.out.push_str("  </propertyDefinitions>\n");
        }
        self.out.push_str("</model>\n");
    }

    /// Ends an open start tag (its last attribute value is open) and writes the content.
    fn close_open(
        &mut self,
        name: Option<&str>,
        doc: Option<&str>,
        props: &[(String, String)],
        tag: &str,
    ) {
        if name.is_none() && doc.is_none() && props.is_empty() {
            self.out.push_str("\" />\n");
            return;
        }
        self.out.push_str("\">\n");
        self.concept("      ", name, doc, props);
        self.out.push_str("    </");
        self.out.push_str(tag);
        self.out.push_str(">\n");
    }

    fn concept(
        &mut self,
        indent: &str,
        name: Option<&str>,
        doc: Option<&str>,
        props: &[(String, String)],
    ) {
        if let Some(n) = name {
            self.text(indent, "name", n);
        }
        if let Some(d) = doc {
            self.text(indent, "documentation", d);
        }
        if props.is_empty() {
            return;
        }
        self.out.push_str(indent);
        self.out.push_str("<properties>\n");
        for (k, v) in props {
            let n = self.keys.get(k.as_str()).copied().unwrap_or(0);
            let _ = writeln!(
                self.out,
                "{indent}  <property propertyDefinitionRef=\"propid-{n}\">"
            );
            self.out.push_str(indent);
            self.text("    ", "value", v);
            self.out.push_str(indent);
            self.out.push_str("  </property>\n");
        }
        self.out.push_str(indent);
        self.out.push_str("</properties>\n");
    }

    /// `<tag xml:lang="..">text</tag>` on its own line.
    fn text(&mut self, indent: &str, tag: &str, text: &str) {
        self.out.push_str(indent);
        self.out.push('<');
        self.out.push_str(tag);
        if let Some(l) = self.lang {
            self.out.push_str(" xml:lang=\"");
            escape(&mut self.out, l, true);
            self.out.push('"');
        }
        self.out.push('>');
        escape(&mut self.out, text, false);
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push_str(">\n");
    }
}

/// Appends `s` escaped for XML text (`attr == false`) or a double-quoted attribute value.
/// Carriage returns (and in attributes tabs and line feeds) become character references so
/// that end-of-line and attribute-value normalisation give them back; characters XML 1.0
/// cannot carry become U+FFFD.
fn escape(out: &mut String, s: &str, attr: bool) {
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let rep: &str = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' if attr => "&quot;",
            '\r' => "&#13;",
            '\n' if attr => "&#10;",
            '\t' if attr => "&#9;",
            '\t' | '\n' => continue,
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => "\u{fffd}",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(rep);
        start = i + c.len_utf8();
    }
    out.push_str(&s[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_many_nodes_is_a_limit_error() {
        let body = "<x/>".repeat(200);
        let text = format!("<model xmlns=\"{NAMESPACE}\">{body}</model>");
        let (m, d) = read_limited(&text, None, 100);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, Code::LimitExceeded);
        assert!(d[0].is_error() && d[0].message.contains("more than 100 XML nodes"));
        assert!(m.elements.is_empty());
        let (_, d) = read_limited(&text, None, 1_000);
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn lines_count_forward_and_back() {
        let text = "a\nbb\n\nc";
        let mut l = Lines::new(text);
        assert_eq!(l.line_at(0), 1);
        assert_eq!(l.line_at(3), 2);
        assert_eq!(l.line_at(9), 4);
        assert_eq!(l.line_at(2), 2);
        assert_eq!(l.line_at(1), 1);
        assert_eq!(l.line_at(100), 4);
    }

    #[test]
    fn escaping() {
        let mut s = String::new();
        escape(&mut s, "a<&>\"'\t\n\r\u{1}\u{ffff}]]>é", false);
        assert_eq!(s, "a&lt;&amp;&gt;\"'\t\n&#13;\u{fffd}\u{fffd}]]&gt;é");
        s.clear();
        escape(&mut s, "a<&>\"'\t\n\r", true);
        assert_eq!(s, "a&lt;&amp;&gt;&quot;'&#9;&#10;&#13;");
    }
}
