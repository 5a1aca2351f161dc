//! An ArchiMate model as read from any of its file formats (Open Group exchange XML, Archi's
//! `.archimate`, Archi's CSV export), before it is mapped to aligngraph's node and edge kinds
//! (see [`crate::formats::mapping`]).
//!
//! Every reader produces the same [`ArchiModel`]; the writers of the exchange format take one
//! back. Types are the ArchiMate type names without prefixes or suffixes: `Goal`,
//! `ApplicationComponent`, `Serving`, `Influence` (Archi's `archimate:ServingRelationship` and
//! the CSV's `ServingRelationship` become `Serving`). Junctions are `AndJunction` and
//! `OrJunction` in every format.

use crate::diagnostics::Diagnostic;

/// One element (including junctions and groupings).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArchiElement {
    /// The identifier as written in the file.
    pub id: String,
    /// ArchiMate type, e.g. `Goal`, `AndJunction`.
    pub type_: String,
    /// Name in the chosen language (else the first one).
    pub name: Option<String>,
    /// Documentation in the chosen language (else the first one).
    pub documentation: Option<String>,
    /// Properties (key, value) in file order; keys are the property definitions' names.
    pub properties: Vec<(String, String)>,
    /// 1-based line of the element in the file, when known.
    pub line: Option<usize>,
}

/// One relationship.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArchiRelationship {
    /// The identifier as written in the file.
    pub id: String,
    /// ArchiMate type without suffix, e.g. `Serving`, `Influence`, `Composition`.
    pub type_: String,
    /// Source element (or relationship) id.
    pub source: String,
    /// Target element (or relationship) id.
    pub target: String,
    /// Name, when there is one.
    pub name: Option<String>,
    /// Documentation, when there is one.
    pub documentation: Option<String>,
    /// Properties (key, value) in file order.
    pub properties: Vec<(String, String)>,
    /// Influence strength as written (`+`, `++`, `-`, `--`, a number), or the exchange
    /// format's `modifier`.
    pub strength: Option<String>,
    /// Access type of an Access relationship (`Read`, `Write`, `ReadWrite`, `Access`).
    pub access_type: Option<String>,
    /// 1-based line of the relationship in the file, when known.
    pub line: Option<usize>,
}

/// A whole model as read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArchiModel {
    /// The model's identifier, when the file has one.
    pub id: Option<String>,
    /// The model's name.
    pub name: Option<String>,
    /// The model's documentation.
    pub documentation: Option<String>,
    /// The model's own properties.
    pub properties: Vec<(String, String)>,
    /// Every element, in file order.
    pub elements: Vec<ArchiElement>,
    /// Every relationship, in file order.
    pub relationships: Vec<ArchiRelationship>,
    /// (child, parent) element ids from the nesting of element nodes in views, in file order,
    /// deduplicated. Some models keep a hierarchy only this way.
    pub view_nesting: Vec<(String, String)>,
    /// The source format, e.g. "exchange", "archi", "archi-csv".
    pub format: &'static str,
}

/// What a reader returns: the model (as much as could be read) and its diagnostics. A reader
/// that meets an error it cannot read past (malformed XML, a zip that is not one) returns an
/// empty model and the error.
pub type ReadResult = (ArchiModel, Vec<Diagnostic>);

/// Strips Archi's prefixes and suffixes: `archimate:ServingRelationship` -> `Serving`,
/// `archimate:Goal` -> `Goal`, `ServingRelationship` -> `Serving`.
pub fn normalise_type(t: &str) -> &str {
    let t = t.strip_prefix("archimate:").unwrap_or(t);
    t.strip_suffix("Relationship")
        .filter(|s| !s.is_empty())
        .unwrap_or(t)
}

/// True for the relationship types of ArchiMate 3.x.
pub fn is_relationship_type(t: &str) -> bool {
    matches!(
        t,
        "Composition"
            | "Aggregation"
            | "Assignment"
            | "Realization"
            | "Serving"
            | "Access"
            | "Influence"
            | "Triggering"
            | "Flow"
            | "Specialization"
            | "Association"
    )
}

/// The identifier Archi writes into an exchange file for one of its own ids: `id-` in front,
/// unless the id already starts with it (Archi's ids may start with a digit, which an XML ID
/// cannot). Archi's native and CSV files are read with these ids, so a model gives the same
/// graph whichever way it comes.
pub fn exchange_id(id: &str) -> String {
    if id.starts_with("id-") {
        id.to_string()
    } else {
        format!("id-{id}")
    }
}

/// Rewrites every id of a model read from Archi's native or CSV format with [`exchange_id`].
pub fn use_exchange_ids(m: &mut ArchiModel) {
    if let Some(id) = &mut m.id {
        *id = exchange_id(id);
    }
    for e in &mut m.elements {
        e.id = exchange_id(&e.id);
    }
    for r in &mut m.relationships {
        r.id = exchange_id(&r.id);
        r.source = exchange_id(&r.source);
        r.target = exchange_id(&r.target);
    }
    for (c, p) in &mut m.view_nesting {
        *c = exchange_id(c);
        *p = exchange_id(p);
    }
}
