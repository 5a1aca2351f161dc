//! From ArchiMate to aligngraph and back: which element type becomes which node kind, which
//! relationship becomes which edge (kind, direction, weight), which property becomes which
//! attribute. The defaults are documented in `docs/interop.md`; a small JSON mapping file
//! overrides any of them (see [`Mapping::from_json`]).
//!
//! Nothing read is lost: every element becomes a node (`element` when its type maps to nothing),
//! keeping its ArchiMate type, id, documentation and properties; relationships that carry no
//! score (Association, Access, Specialization, relationships between relationships) and the
//! junctions collapsed into direct edges are kept in the model's `archimate` field, so the
//! exchange-format export writes them back.

use crate::analysis::Report;
use crate::diagnostics::{Code, Diagnostic, Place};
use crate::formats::archimate::{ArchiElement, ArchiModel, ArchiRelationship};
use crate::formats::limits::Limits;
use crate::lens::NUMBER_FIELDS;
use crate::model::{
    Category, Edge, EdgeKind, Lifecycle, Model, Node, NodeKind, Num, Perspective, Status,
};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap};

/// Prefix of the properties aligngraph writes into exported models.
pub const PREFIX: &str = "aligngraph:";

/// The edge field (and relationship property) of a person's proficiency.
const PROFICIENCY: &str = "proficiency";

/// What a relationship type becomes.
#[derive(Debug, Clone, PartialEq)]
pub enum RelRule {
    /// Carries alignment: `contributes` when the target is a goal, `depends_on` (reversed) between
    /// two applications, else `supports`; with this default weight.
    Aligns(f64),
    /// `part_of`, from the part (the relationship's target) to the whole.
    PartOf,
    /// `depends_on` (reversed: the target depends on the source) between two initiatives;
    /// between other kinds not scored.
    Precedes,
    /// An explicit edge kind and weight, in the relationship's direction.
    Edge(EdgeKind, f64),
    /// Kept, not scored.
    Keep,
}

/// How view nesting is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewNesting {
    /// As part_of edges when the model has no Composition or Aggregation relationship at all.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The mapping from ArchiMate to aligngraph.
#[derive(Debug, Clone)]
pub struct Mapping {
    /// Element type -> node kind (types not listed become `element`).
    pub elements: BTreeMap<String, NodeKind>,
    /// Relationship type -> rule (types not listed are kept, not scored).
    pub relationships: BTreeMap<String, RelRule>,
    /// Property name (compared case-insensitively) -> attribute name (a node field).
    pub properties: BTreeMap<String, String>,
    /// Preferred language of names.
    pub language: Option<String>,
    /// View nesting as part_of edges.
    pub view_nesting: ViewNesting,
}

impl Default for Mapping {
    fn default() -> Self {
        use NodeKind::*;
        let elements = [
            ("Goal", Goal),
            ("Outcome", Goal),
            ("Capability", Capability),
            ("ValueStream", Activity),
            ("BusinessProcess", Activity),
            ("BusinessFunction", Activity),
            ("ApplicationComponent", Application),
            ("ApplicationService", Application),
            ("SystemSoftware", Application),
            ("Node", Application),
            ("Device", Application),
            ("TechnologyService", Application),
            // A Course of Action is a strategy (an approach to reach goals), not funded work:
            // it becomes an element, through which a work package's scores flow to the goals.
            ("WorkPackage", Initiative),
            ("BusinessActor", Person),
        ]
        .into_iter()
        .map(|(t, k)| (t.to_string(), k))
        .collect();
        let relationships = [
            ("Realization", RelRule::Aligns(0.8)),
            ("Serving", RelRule::Aligns(0.6)),
            ("Assignment", RelRule::Aligns(0.8)),
            ("Influence", RelRule::Aligns(0.5)),
            ("Composition", RelRule::PartOf),
            ("Aggregation", RelRule::PartOf),
            ("Triggering", RelRule::Precedes),
            ("Flow", RelRule::Precedes),
            ("Association", RelRule::Keep),
            ("Access", RelRule::Keep),
            ("Specialization", RelRule::Keep),
        ]
        .into_iter()
        .map(|(t, r)| (t.to_string(), r))
        .collect();
        let mut properties = BTreeMap::new();
        for n in Num::ALL {
            properties.insert(n.key().to_string(), n.key().to_string());
        }
        for f in [
            "status",
            "perspective",
            "category",
            "lifecycle",
            "mandatory",
        ]
        .into_iter()
        .chain(LENS_FIELDS)
        .chain(NUMBER_FIELDS.map(|x| x.0))
        {
            properties.insert(f.to_string(), f.to_string());
        }
        for (p, a) in PROPERTY_ALIASES {
            properties.insert(p.to_string(), a.to_string());
        }
        Mapping {
            elements,
            relationships,
            properties,
            language: None,
            view_nesting: ViewNesting::Auto,
        }
    }
}

fn mapping_error(pointer: &str, message: String) -> Diagnostic {
    Diagnostic::error(
        Code::InvalidValue,
        Place {
            pointer: Some(pointer.to_string()),
            ..Place::default()
        },
        message,
    )
}

impl Mapping {
    /// The default mapping overridden by a JSON mapping file:
    ///
    /// ```json
    /// {"elements": {"Deliverable": "initiative", "Outcome": "element"},
    ///  "relationships": {"Association": {"kind": "supports", "weight": 0.3},
    ///                    "Serving": {"weight": 0.9}, "Flow": null},
    ///  "properties": {"Kosten": "cost", "Risiko": "risk"},
    ///  "language": "de", "view_nesting": "always"}
    /// ```
    ///
    /// `relationships` values: `null` (kept, not scored), `{"weight": w}` (the default rule with
    /// another weight), `{"kind": K, "weight": w}` (that edge kind in the relationship's
    /// direction; `K` may also be `"part_of"` or `"depends_on"`, which keep the default
    /// direction rules). Errors name the JSON pointer of the bad entry.
    pub fn from_json(text: &str) -> Result<Mapping, Vec<Diagnostic>> {
        let v: Value = serde_json::from_str(text).map_err(|e| {
            vec![Diagnostic::error(
                Code::InvalidJson,
                Place {
                    line: Some(e.line()),
                    column: Some(e.column()),
                    ..Place::default()
                },
                format!("the mapping file is not valid JSON: {e}"),
            )]
        })?;
        let mut m = Mapping::default();
        let mut errors = Vec::new();
        let Some(obj) = v.as_object() else {
            return Err(vec![mapping_error(
                "",
                "the mapping must be a JSON object".into(),
            )]);
        };
        for (key, val) in obj {
            match key.as_str() {
                "elements" => {
                    for (t, k) in val.as_object().into_iter().flatten() {
                        let ptr = format!("/elements/{t}");
                        match k.as_str().and_then(NodeKind::parse) {
                            Some(kind) => {
                                m.elements.insert(t.clone(), kind);
                            }
                            None if k.is_null() => {
                                m.elements.remove(t);
                            }
                            None => errors.push(mapping_error(
                                &ptr,
                                format!(
                                    "element type {t} maps to {k}, which is not a node kind; expected one of goal, capability, activity, application, initiative, element, person"
                                ),
                            )),
                        }
                    }
                }
                "relationships" => {
                    for (t, r) in val.as_object().into_iter().flatten() {
                        let ptr = format!("/relationships/{t}");
                        match rel_rule(t, r, m.relationships.get(t)) {
                            Ok(rule) => {
                                m.relationships.insert(t.clone(), rule);
                            }
                            Err(msg) => errors.push(mapping_error(&ptr, msg)),
                        }
                    }
                }
                "properties" => {
                    for (p, a) in val.as_object().into_iter().flatten() {
                        match a.as_str() {
                            Some(attr) if is_attribute(attr) => {
                                m.properties.insert(p.to_lowercase(), attr.to_string());
                            }
                            _ => errors.push(mapping_error(
                                &format!("/properties/{p}"),
                                format!(
                                    "property {p} maps to {a}, which is not a node attribute (e.g. cost, risk, weight, status)"
                                ),
                            )),
                        }
                    }
                }
                "language" => m.language = val.as_str().map(str::to_string),
                "view_nesting" => {
                    m.view_nesting = match val.as_str() {
                        Some("auto") => ViewNesting::Auto,
                        Some("always") => ViewNesting::Always,
                        Some("never") => ViewNesting::Never,
                        _ => {
                            errors.push(mapping_error(
                                "/view_nesting",
                                format!("view_nesting is {val}; expected \"auto\", \"always\" or \"never\""),
                            ));
                            ViewNesting::Auto
                        }
                    }
                }
                other => errors.push(mapping_error(
                    &format!("/{other}"),
                    format!(
                        "unknown mapping field \"{other}\"; expected elements, relationships, properties, language, view_nesting"
                    ),
                )),
            }
        }
        if errors.is_empty() {
            Ok(m)
        } else {
            Err(errors)
        }
    }
}

fn is_attribute(a: &str) -> bool {
    Num::parse(a).is_some()
        || matches!(
            a,
            "status" | "perspective" | "category" | "lifecycle" | "mandatory" | "description"
        )
        || LENS_FIELDS.contains(&a)
        || NUMBER_FIELDS.iter().any(|x| x.0 == a)
}

/// The lens fields a property can set (docs/lenses.md) that are not plain numbers: lifecycle
/// dates, cashflows, redundancy and security controls.
const LENS_FIELDS: [&str; 6] = [
    "end_of_support",
    "end_of_extended_support",
    "end_of_life",
    "cashflows",
    "redundancy",
    "controls",
];

/// Property names as inventories and repositories commonly spell them (LeanIX, Archi models
/// kept in git, ServiceNow exports), lower-cased, and the attribute each sets by default.
pub const PROPERTY_ALIASES: [(&str, &str); 22] = [
    ("functional fit", "functional_fit"),
    ("technical fit", "technical_fit"),
    ("end of life", "end_of_life"),
    ("end-of-life", "end_of_life"),
    ("eol", "end_of_life"),
    ("end of support", "end_of_support"),
    ("end-of-support", "end_of_support"),
    ("eos", "end_of_support"),
    ("end of extended support", "end_of_extended_support"),
    ("target maturity", "target_maturity"),
    ("business value", "business_value"),
    ("time criticality", "time_criticality"),
    ("job size", "job_size"),
    ("annual cost", "cost"),
    ("asset value", "asset_value"),
    ("exposure factor", "exposure_factor"),
    ("recovery time objective", "rto"),
    ("recovery point objective", "rpo"),
    ("bac", "budget"),
    ("planned value", "planned_value"),
    ("earned value", "earned_value"),
    ("actual cost", "actual_cost"),
];

fn rel_rule(t: &str, r: &Value, current: Option<&RelRule>) -> Result<RelRule, String> {
    if r.is_null() {
        return Ok(RelRule::Keep);
    }
    let Some(o) = r.as_object() else {
        return Err(format!(
            "relationship type {t} maps to {r}; expected null or an object with kind and/or weight"
        ));
    };
    let weight = match o.get("weight") {
        None => None,
        Some(w) => match w.as_f64() {
            Some(w) if (-1.0..=1.0).contains(&w) => Some(w),
            _ => {
                return Err(format!(
                    "weight of {t} is {w}; expected a number in [-1, 1]"
                ));
            }
        },
    };
    match o.get("kind") {
        None => match (current, weight) {
            (Some(RelRule::Aligns(_)) | None, Some(w)) => Ok(RelRule::Aligns(w)),
            (Some(RelRule::Edge(k, _)), Some(w)) => Ok(RelRule::Edge(*k, w)),
            (Some(other), None) => Ok(other.clone()),
            (Some(other), Some(_)) => Err(format!(
                "relationship type {t} ({other:?}) takes no weight; give a kind too"
            )),
            (None, None) => Err(format!(
                "relationship type {t}: give a kind and/or a weight"
            )),
        },
        Some(k) => match k.as_str() {
            Some("part_of") => Ok(RelRule::PartOf),
            Some("depends_on") => Ok(RelRule::Precedes),
            Some(s) => match EdgeKind::parse(s) {
                Some(kind) => Ok(RelRule::Edge(kind, weight.unwrap_or(1.0))),
                None => Err(format!(
                    "relationship type {t} maps to kind {s}, which is not an edge kind; expected contributes, supports, depends_on, part_of, excludes"
                )),
            },
            None => Err(format!("kind of {t} must be a string")),
        },
    }
}

/// One row of the import summary: what was read and what it became.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SummaryRow {
    /// The ArchiMate type.
    #[serde(rename = "type")]
    pub type_: String,
    /// How many were read.
    pub count: usize,
    /// What they became, e.g. "goal", "supports", "part_of (reversed)", "kept, not scored",
    /// "collapsed".
    pub became: String,
    /// Why the default mapping does this, where a reader could expect otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'static str>,
}

/// Why an element type becomes what the default mapping makes of it, where an architect could
/// expect something else (docs/interop.md gives every default with its reason).
pub fn default_note(archimate_type: &str, became: &str) -> Option<&'static str> {
    match (archimate_type, became) {
        ("CourseOfAction", "element") => Some(
            "a strategy, not funded work: not counted as an initiative; scores flow through it \
             to the goals it realizes (a mapping file can make it an initiative)",
        ),
        ("Grouping", "element") => Some(
            "a grouping: its Aggregation and Composition become part_of, so scores flow from \
             its members to it; its Associations carry no score",
        ),
        ("Driver" | "Assessment" | "Principle" | "Requirement" | "Constraint", "element") => Some(
            "a motivation element: scores flow through it only along Realization and Influence, \
             not along Association",
        ),
        ("BusinessActor", "person") => Some(
            "a person: its Assignments become supports edges the people lens counts (a \
             relationship property proficiency gives teach, create, tweak or run)",
        ),
        ("Association", "kept, not scored") => Some(
            "says two elements are related, not how: no score flows along it (a mapping file can \
             give it a kind and weight)",
        ),
        _ => None,
    }
}

/// What an import read and what it made of it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ImportSummary {
    /// Source format.
    pub format: String,
    /// Elements read (junctions and groupings included).
    pub elements: usize,
    /// Relationships read (every type).
    pub relationships: usize,
    /// Nodes in the model.
    pub nodes: usize,
    /// Edges in the model.
    pub edges: usize,
    /// Per element type.
    pub element_types: Vec<SummaryRow>,
    /// Per relationship type.
    pub relationship_types: Vec<SummaryRow>,
    /// Junctions collapsed into direct edges.
    pub junctions: usize,
    /// part_of edges made from view nesting.
    pub view_nesting_edges: usize,
    /// Relationships kept but not scored, by reason.
    pub not_scored: BTreeMap<String, usize>,
    /// Properties that set an attribute (attribute -> count).
    pub attributes: BTreeMap<String, usize>,
}

/// A mapped import: the model, what happened, and every diagnostic.
#[derive(Debug, Clone)]
pub struct Import {
    /// The model (empty when there are errors).
    pub model: Model,
    /// The summary.
    pub summary: ImportSummary,
    /// Errors and warnings of the reader and the mapping.
    pub diagnostics: Vec<Diagnostic>,
}

fn rel_json(r: &ArchiRelationship) -> Value {
    let mut o = Map::new();
    o.insert("id".into(), r.id.clone().into());
    o.insert("type".into(), r.type_.clone().into());
    o.insert("source".into(), r.source.clone().into());
    o.insert("target".into(), r.target.clone().into());
    if let Some(n) = &r.name {
        o.insert("name".into(), n.clone().into());
    }
    if let Some(d) = &r.documentation {
        o.insert("documentation".into(), d.clone().into());
    }
    if !r.properties.is_empty() {
        o.insert("properties".into(), props_json(&r.properties));
    }
    if let Some(s) = &r.strength {
        o.insert("strength".into(), s.clone().into());
    }
    if let Some(a) = &r.access_type {
        o.insert("access_type".into(), a.clone().into());
    }
    Value::Object(o)
}

fn rel_from_json(v: &Value) -> Option<ArchiRelationship> {
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    Some(ArchiRelationship {
        id: s("id")?,
        type_: s("type")?,
        source: s("source")?,
        target: s("target")?,
        name: s("name"),
        documentation: s("documentation"),
        properties: props_from_json(v.get("properties")),
        strength: s("strength"),
        access_type: s("access_type"),
        line: None,
    })
}

fn props_json(p: &[(String, String)]) -> Value {
    Value::Array(p.iter().map(|(k, v)| json!([k, v])).collect())
}

fn props_from_json(v: Option<&Value>) -> Vec<(String, String)> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|kv| {
            let a = kv.as_array()?;
            Some((
                a.first()?.as_str()?.to_string(),
                a.get(1)?.as_str()?.to_string(),
            ))
        })
        .collect()
}

/// An influence strength as a weight: `+` 0.5, `++` 1, `-` -0.5, `--` -1; a number in [-1, 1]
/// as it is, one in (1, 10] divided by 10 (a 0–10 scale), others clamped to [-1, 1].
pub fn strength_weight(s: &str) -> Option<f64> {
    match s.trim() {
        "" => None,
        "+" => Some(0.5),
        "++" => Some(1.0),
        "-" => Some(-0.5),
        "--" => Some(-1.0),
        "0" => Some(0.0),
        t => {
            let x: f64 = t.parse().ok().filter(|x: &f64| x.is_finite())?;
            Some(if x.abs() <= 1.0 {
                x
            } else if x.abs() <= 10.0 {
                x / 10.0
            } else {
                x.clamp(-1.0, 1.0)
            })
        }
    }
}

fn place_of(id: &str, line: Option<usize>, field: Option<&str>) -> Place {
    Place {
        line,
        node: Some(id.to_string()),
        field: field.map(str::to_string),
        ..Place::default()
    }
}

fn set_attribute(
    node: &mut Node,
    attr: &str,
    value: &str,
    el: &ArchiElement,
    key: &str,
) -> Result<(), String> {
    let v = value.trim();
    let num = Num::parse(attr);
    let range = num.map(Num::range).or_else(|| {
        NUMBER_FIELDS
            .iter()
            .find(|x| x.0 == attr)
            .map(|&(_, lo, hi)| (lo, hi))
    });
    if let Some((lo, hi)) = range {
        // A plain number (a decimal comma is read; "99.5%" is not a fraction).
        let x: f64 = v
            .replace(',', ".")
            .parse()
            .ok()
            .filter(|x: &f64| x.is_finite())
            .ok_or_else(|| format!("property \"{key}\" of element {} is \"{value}\", not a number; kept as a property only", el.id))?;
        if !(lo..=hi).contains(&x) {
            return Err(format!(
                "property \"{key}\" of element {} is {}, outside the range of {attr} ({}); kept as a property only",
                el.id,
                crate::diagnostics::number(x),
                crate::model::range_words(lo, hi)
            ));
        }
        match num {
            Some(n) => node.attrs_mut().set(n, Some(x)),
            None => {
                node.extra_mut().insert(attr.into(), x.into());
            }
        }
        return Ok(());
    }
    if LENS_FIELDS.contains(&attr) {
        let (parsed, want) = match attr {
            // Numbers separated by ";" (a comma may be a decimal separator), or a JSON array.
            "cashflows" => (
                serde_json::from_str::<Vec<f64>>(v)
                    .ok()
                    .or_else(|| {
                        v.split(';')
                            .map(|x| {
                                x.trim()
                                    .replace(',', ".")
                                    .parse::<f64>()
                                    .ok()
                                    .filter(|x| x.is_finite())
                            })
                            .collect()
                    })
                    .filter(|n| !n.is_empty())
                    .map(Value::from),
                "cashflows (numbers separated by \";\", index 0 = now)",
            ),
            "redundancy" => (
                v.eq_ignore_ascii_case("any").then(|| "any".into()),
                "\"any\"",
            ),
            // A JSON object from control id to status (the lens checks the statuses).
            "controls" => (
                serde_json::from_str::<Map<String, Value>>(v)
                    .ok()
                    .map(Value::Object),
                "controls (a JSON object from control id to status)",
            ),
            _ => (
                crate::lens::parse_date(v).map(|_| v.into()),
                "a date YYYY-MM-DD",
            ),
        };
        let parsed = parsed.ok_or_else(|| {
            format!(
                "property \"{key}\" of element {} is \"{value}\", not {want}; kept as a property only",
                el.id
            )
        })?;
        node.extra_mut().insert(attr.into(), parsed);
        return Ok(());
    }
    let low = v.to_lowercase();
    let bad = |allowed: String| {
        format!(
            "property \"{key}\" of element {} is \"{value}\"; {attr} must be one of {allowed}; kept as a property only",
            el.id
        )
    };
    let a = node.attrs_mut();
    match attr {
        "status" => a.status = Some(Status::parse(&low).ok_or_else(|| bad(Status::allowed()))?),
        "perspective" => {
            a.perspective =
                Some(Perspective::parse(&low).ok_or_else(|| bad(Perspective::allowed()))?)
        }
        "category" => {
            a.category = Some(Category::parse(&low).ok_or_else(|| bad(Category::allowed()))?)
        }
        "lifecycle" => {
            a.lifecycle = Some(Lifecycle::parse(&low).ok_or_else(|| bad(Lifecycle::allowed()))?)
        }
        "mandatory" => {
            a.mandatory = Some(match low.as_str() {
                "true" | "yes" | "1" => true,
                "false" | "no" | "0" => false,
                _ => return Err(bad("true, false".into())),
            })
        }
        "description" => a.description = Some(v.into()),
        _ => {}
    }
    Ok(())
}

/// Maps an ArchiMate model to an aligngraph model.
///
/// Errors (the model is then empty): a relationship whose source or target is neither an
/// element nor a relationship (`UNKNOWN_NODE`, naming the relationship, its line and the end),
/// two elements with one id (`DUPLICATE_ID`). Warnings: property values that do not fit the
/// attribute they map to, and the structural checks of scoring later.
///
/// Complexity: O(elements + relationships + derived relationships), plus one walk of the
/// junctions reachable from each junction entered.
pub fn to_model(ir: &ArchiModel, map: &Mapping) -> Import {
    to_model_limited(ir, map, &Limits::CLI)
}

/// [`to_model`] within `limits`: more elements than `limits.nodes`, more relationships derived
/// through junctions than `limits.junction_edges`, or more relationships in all (read and
/// derived) than `limits.edges` give one `LIMIT_EXCEEDED` error (naming the junction that
/// derives the most) and an empty model, before the nodes or edges are made.
pub fn to_model_limited(ir: &ArchiModel, map: &Mapping, limits: &Limits) -> Import {
    let elements = ir
        .elements
        .iter()
        .filter(|e| !e.type_.ends_with("Junction"))
        .count();
    if elements > limits.nodes {
        let d = Diagnostic::error(
            Code::LimitExceeded,
            Place::default(),
            format!(
                "the model has {} elements, more than the {} an import may hold (limit `nodes`)",
                crate::diagnostics::count(elements as u64),
                crate::diagnostics::count(limits.nodes as u64)
            ),
        );
        return refused(ir, d);
    }
    let mut diags = Vec::new();
    let mut model = Model::new();
    model.name = ir.name.clone();
    let mut archimate = Map::new();
    archimate.insert("format".into(), ir.format.into());
    if let Some(id) = &ir.id {
        archimate.insert("id".into(), id.clone().into());
    }
    if let Some(d) = &ir.documentation {
        archimate.insert("documentation".into(), d.clone().into());
    }
    if !ir.properties.is_empty() {
        archimate.insert("properties".into(), props_json(&ir.properties));
    }

    let mut element_rows: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut rel_rows: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut attributes: BTreeMap<String, usize> = BTreeMap::new();
    let mut not_scored: BTreeMap<String, usize> = BTreeMap::new();

    // Elements -> nodes (junctions aside).
    let mut index: HashMap<&str, u32> = HashMap::with_capacity(ir.elements.len());
    let mut junction: HashMap<&str, usize> = HashMap::new();
    let mut junctions_json = Vec::new();
    let mut seen: HashMap<&str, Option<usize>> = HashMap::with_capacity(ir.elements.len());
    for (ei, el) in ir.elements.iter().enumerate() {
        if let Some(prev) = seen.insert(el.id.as_str(), el.line) {
            diags.push(Diagnostic::error(
                Code::DuplicateId,
                place_of(&el.id, el.line, Some("identifier")),
                format!(
                    "element id \"{}\" is used twice{}",
                    el.id,
                    prev.map(|l| format!(" (first at line {l})"))
                        .unwrap_or_default()
                ),
            ));
            continue;
        }
        if el.type_.ends_with("Junction") {
            junction.insert(el.id.as_str(), ei);
            let mut j = Map::new();
            j.insert("id".into(), el.id.clone().into());
            j.insert("type".into(), el.type_.clone().into());
            if let Some(n) = &el.name {
                j.insert("name".into(), n.clone().into());
            }
            junctions_json.push(Value::Object(j));
            element_rows
                .entry(el.type_.clone())
                .or_insert((0, "collapsed into direct edges".into()))
                .0 += 1;
            continue;
        }
        let kind_override = el
            .properties
            .iter()
            .find(|(k, _)| k == "aligngraph:kind")
            .and_then(|(_, v)| NodeKind::parse(v));
        let kind = kind_override
            .or_else(|| map.elements.get(&el.type_).copied())
            .unwrap_or(NodeKind::Element);
        element_rows
            .entry(el.type_.clone())
            .or_insert((0, kind.as_str().into()))
            .0 += 1;
        let mut node = Node::new(el.id.clone(), kind);
        // Surrounding whitespace is dropped, as Archi's exchange export does, so a model gives
        // the same names and descriptions from every format.
        node.name = el.name.as_deref().map(|n| n.trim().into());
        if let Some(d) = el
            .documentation
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            node.attrs_mut().description = Some(d.into());
        }
        let mut kept = Vec::new();
        for (k, v) in &el.properties {
            if let Some(rest) = k.strip_prefix(PREFIX) {
                // Scores of an earlier export are outputs: recomputed, not read back. The kind
                // was used above.
                let _ = rest;
                continue;
            }
            kept.push((k.clone(), v.clone()));
            if let Some(attr) = map.properties.get(&k.to_lowercase()) {
                match set_attribute(&mut node, attr, v, el, k) {
                    Ok(()) => *attributes.entry(attr.clone()).or_default() += 1,
                    Err(msg) => diags.push(Diagnostic::warning(
                        Code::InvalidValue,
                        place_of(&el.id, el.line, Some(k)),
                        msg,
                    )),
                }
            }
        }
        let x = node.extra_mut();
        x.insert("archimate_type".into(), el.type_.clone().into());
        if !kept.is_empty() {
            x.insert("properties".into(), props_json(&kept));
        }
        index.insert(el.id.as_str(), model.add_node(node));
    }
    let rel_ids: HashMap<&str, usize> = ir
        .relationships
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();

    // Check the ends of every relationship.
    let mut ends_ok = vec![true; ir.relationships.len()];
    for (ri, r) in ir.relationships.iter().enumerate() {
        for (end, field) in [(&r.source, "source"), (&r.target, "target")] {
            let known = index.contains_key(end.as_str())
                || junction.contains_key(end.as_str())
                || rel_ids.contains_key(end.as_str());
            if !known {
                ends_ok[ri] = false;
                diags.push(Diagnostic::error(
                    Code::UnknownNode,
                    Place {
                        line: r.line,
                        field: Some(field.into()),
                        ..Place::default()
                    },
                    format!(
                        "relationship {} ({}) has {field} \"{end}\", which is neither an element nor a relationship of the model",
                        r.id, r.type_
                    ),
                ));
            }
        }
    }

    // Junctions: each path into a junction and out of it (through chains of junctions) becomes
    // one direct relationship, typed like the outgoing one. The exits reachable from each
    // junction entered are found once (one walk per junction entered, not per relationship into
    // it), and the relationships this derives are counted against the limits before any is made.
    let junction_rels: Vec<Value> = ir
        .relationships
        .iter()
        .filter(|r| {
            junction.contains_key(r.source.as_str()) || junction.contains_key(r.target.as_str())
        })
        .map(rel_json)
        .collect();
    let derived = match collapse_junctions(ir, &junction, &index, &ends_ok, limits) {
        Ok(d) => d,
        Err(d) => return refused(ir, *d),
    };
    // Relationships kept as they are: both ends read and neither a junction.
    let is_plain = |ri: usize, r: &ArchiRelationship| {
        ends_ok[ri]
            && !junction.contains_key(r.source.as_str())
            && !junction.contains_key(r.target.as_str())
    };
    let plain_count = ir
        .relationships
        .iter()
        .enumerate()
        .filter(|&(ri, r)| is_plain(ri, r))
        .count();
    let edge_count = plain_count as u64 + derived.count;
    if edge_count > limits.edges as u64 {
        let d = Diagnostic::error(
            Code::LimitExceeded,
            Place::default(),
            format!(
                "the model would have {} relationships ({} read and {} derived through \
                 junctions), more than the {} an import may hold (limit `edges`)",
                crate::diagnostics::count(edge_count),
                crate::diagnostics::count(plain_count as u64),
                crate::diagnostics::count(derived.count),
                crate::diagnostics::count(limits.edges as u64)
            ),
        );
        return refused(ir, d);
    }

    // Relationships -> edges.
    let mut unscored = Vec::new();
    let has_hierarchy = ir
        .relationships
        .iter()
        .any(|r| matches!(r.type_.as_str(), "Composition" | "Aggregation"));
    let plain = ir
        .relationships
        .iter()
        .enumerate()
        .filter(|&(ri, r)| is_plain(ri, r))
        .map(|(ri, _)| (ri, None));
    let through = derived.pairs().map(|(ri, oi)| (oi, Some(ri)));
    for (oi, entry) in plain.chain(through) {
        // A derived relationship is the outgoing one (`r`) from the entry's source.
        let r = &ir.relationships[oi];
        let entry = entry.map(|ri| &ir.relationships[ri]);
        let from_junction = entry.is_some();
        let source = entry.map_or(r.source.as_str(), |e| e.source.as_str());
        let (Some(&s), Some(&t)) = (index.get(source), index.get(r.target.as_str())) else {
            // An end is a relationship.
            if !from_junction {
                unscored.push(rel_json(r));
                *not_scored
                    .entry("an end is a relationship".into())
                    .or_default() += 1;
                rel_rows
                    .entry(r.type_.clone())
                    .or_insert((0, "kept, not scored".into()))
                    .0 += 1;
            }
            continue;
        };
        let strength_text = r
            .strength
            .as_deref()
            .or_else(|| entry.and_then(|e| e.strength.as_deref()));
        let sk = model.nodes[s as usize].kind;
        let tk = model.nodes[t as usize].kind;
        let explicit_kind = r
            .properties
            .iter()
            .find(|(k, _)| k == "aligngraph:kind")
            .and_then(|(_, v)| EdgeKind::parse(v));
        let explicit_weight = r
            .properties
            .iter()
            .find(|(k, _)| k == "aligngraph:weight")
            .and_then(|(_, v)| v.parse::<f64>().ok());
        let rule = map
            .relationships
            .get(&r.type_)
            .cloned()
            .unwrap_or(RelRule::Keep);
        let strength = strength_text.and_then(strength_weight);
        // (from, to, kind, weight, reversed)
        let edge = if let Some(k) = explicit_kind {
            let rev = r
                .properties
                .iter()
                .any(|(k, v)| k == "aligngraph:reversed" && v == "true");
            let (a, b) = if rev { (t, s) } else { (s, t) };
            Some((a, b, k, explicit_weight, rev))
        } else {
            match rule {
                RelRule::Aligns(w) => {
                    let w = strength.unwrap_or(w);
                    if tk == NodeKind::Goal || w < 0.0 {
                        Some((s, t, EdgeKind::Contributes, Some(w), false))
                    } else if sk == NodeKind::Application && tk == NodeKind::Application {
                        Some((t, s, EdgeKind::DependsOn, None, true))
                    } else {
                        Some((s, t, EdgeKind::Supports, Some(w.max(0.0)), false))
                    }
                }
                RelRule::PartOf => Some((t, s, EdgeKind::PartOf, None, true)),
                RelRule::Precedes if sk == NodeKind::Initiative && tk == NodeKind::Initiative => {
                    Some((t, s, EdgeKind::DependsOn, None, true))
                }
                RelRule::Precedes => None,
                RelRule::Edge(k, w) => Some((s, t, k, Some(strength.unwrap_or(w)), false)),
                RelRule::Keep => None,
            }
        };
        let Some((a, b, kind, weight, reversed)) = edge else {
            if !from_junction {
                unscored.push(rel_json(r));
                let why = match rule {
                    RelRule::Precedes => format!("{} not between two initiatives", r.type_),
                    _ => format!("{} carries no score", r.type_),
                };
                *not_scored.entry(why).or_default() += 1;
                rel_rows
                    .entry(r.type_.clone())
                    .or_insert((0, "kept, not scored".into()))
                    .0 += 1;
            }
            continue;
        };
        if !from_junction {
            let row = rel_rows
                .entry(r.type_.clone())
                .or_insert((0, String::new()));
            row.0 += 1;
            let name = format!(
                "{}{}",
                kind.as_str(),
                if reversed { " (reversed)" } else { "" }
            );
            if !row.1.split(", ").any(|x| x == name) {
                if !row.1.is_empty() {
                    row.1.push_str(", ");
                }
                row.1.push_str(&name);
            }
        }
        let (lo, hi) = kind.weight_range();
        let mut e = Edge::new(a, b, kind);
        if let Some(w) = weight {
            e = e.with_weight(w.clamp(lo, hi));
        }
        model.add_edge(e);
        let mut x = Map::new();
        let id = match entry {
            Some(e) => format!("{}+{}", e.id, r.id),
            None => r.id.clone(),
        };
        x.insert("id".into(), id.into());
        x.insert("archimate_type".into(), r.type_.clone().into());
        if reversed {
            x.insert("reversed".into(), true.into());
        }
        if let Some(e) = entry {
            // The relationship into the junctions and the one out of them; the ones between
            // junctions are kept with the junctions (`junction_relationships`).
            x.insert(
                "via".into(),
                Value::Array(vec![e.id.clone().into(), r.id.clone().into()]),
            );
        }
        if let Some(n) = &r.name {
            x.insert("name".into(), n.clone().into());
        }
        if let Some(d) = &r.documentation {
            x.insert("documentation".into(), d.clone().into());
        }
        let props: Vec<(String, String)> = r
            .properties
            .iter()
            .filter(|(k, _)| !k.starts_with(PREFIX))
            .cloned()
            .collect();
        if !props.is_empty() {
            x.insert("properties".into(), props_json(&props));
        }
        if let Some(sv) = strength_text {
            x.insert("strength".into(), sv.into());
        }
        // A person's proficiency (the people lens) from a relationship property of that name.
        if kind == EdgeKind::Supports && model.nodes[a as usize].kind == NodeKind::Person {
            let prop = r
                .properties
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(PROFICIENCY));
            if let Some((k, v)) = prop {
                let level = v.trim().to_lowercase();
                if crate::lens::people::points(&level).is_some() {
                    x.insert(PROFICIENCY.into(), level.into());
                } else {
                    diags.push(Diagnostic::warning(
                        Code::InvalidValue,
                        Place {
                            line: r.line,
                            field: Some(k.clone()),
                            ..Place::default()
                        },
                        format!(
                            "property \"{k}\" of relationship {} is \"{v}\"; proficiency must be one of {}; kept as a property only",
                            r.id,
                            crate::lens::people::LEVELS.join(", ")
                        ),
                    ));
                }
            }
        }
        if let Some(a) = &r.access_type {
            x.insert("access_type".into(), a.clone().into());
        }
        model.set_edge_extra(model.edges.len() - 1, x);
    }
    // Count junction relationships under their own type as collapsed.
    for r in junction_rels.iter() {
        let t = r["type"].as_str().unwrap_or_default().to_string();
        rel_rows.entry(t).or_insert((0, String::new())).0 += 1;
    }
    for (_, row) in rel_rows.iter_mut() {
        if row.1.is_empty() {
            row.1 = "collapsed through junctions".into();
        }
    }

    // View nesting -> part_of, between nodes of one kind.
    let mut nesting_edges = 0;
    let use_nesting = match map.view_nesting {
        ViewNesting::Always => true,
        ViewNesting::Never => false,
        ViewNesting::Auto => !has_hierarchy,
    };
    if use_nesting {
        for (child, parent) in &ir.view_nesting {
            let (Some(&c), Some(&p)) = (index.get(child.as_str()), index.get(parent.as_str()))
            else {
                continue;
            };
            if c == p || model.nodes[c as usize].kind != model.nodes[p as usize].kind {
                continue;
            }
            model.add_edge(Edge::new(c, p, EdgeKind::PartOf));
            let mut x = Map::new();
            x.insert("from_view".into(), true.into());
            model.set_edge_extra(model.edges.len() - 1, x);
            nesting_edges += 1;
        }
    }

    if !unscored.is_empty() {
        archimate.insert("unscored_relationships".into(), Value::Array(unscored));
    }
    if !junctions_json.is_empty() {
        archimate.insert("junctions".into(), Value::Array(junctions_json));
        archimate.insert("junction_relationships".into(), Value::Array(junction_rels));
    }
    model
        .extra
        .insert("archimate".into(), Value::Object(archimate));

    let rows = |m: BTreeMap<String, (usize, String)>| {
        m.into_iter()
            .map(|(type_, (count, became))| SummaryRow {
                note: default_note(&type_, &became),
                type_,
                count,
                became,
            })
            .collect()
    };
    let summary = ImportSummary {
        format: ir.format.to_string(),
        elements: ir.elements.len(),
        relationships: ir.relationships.len(),
        nodes: model.nodes.len(),
        edges: model.edges.len(),
        element_types: rows(element_rows),
        relationship_types: rows(rel_rows),
        junctions: junction.len(),
        view_nesting_edges: nesting_edges,
        not_scored,
        attributes,
    };
    if diags.iter().any(Diagnostic::is_error) {
        model = Model::new();
    }
    Import {
        model,
        summary,
        diagnostics: diags,
    }
}

/// The relationships derived through junctions: each relationship into a junction (from an
/// element) with every relationship out of the junctions reachable from there (to an element).
struct Derived {
    /// (relationship into a junction, its walk in `reach`).
    entries: Vec<(usize, usize)>,
    /// The relationships out to elements reachable from each junction entered, in walk order.
    reach: Vec<Vec<usize>>,
    /// How many relationships are derived.
    count: u64,
}

impl Derived {
    /// (relationship in, relationship out) of every derived relationship.
    fn pairs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.entries
            .iter()
            .flat_map(|&(ri, w)| self.reach[w].iter().map(move |&oi| (ri, oi)))
    }
}

/// Finds the relationships derived through junctions, counting them against
/// `limits.junction_edges` before any is made. One walk per junction entered (memoised, not one
/// per relationship into it); the walks together take at most `limits.junction_edges` steps.
///
/// Complexity: O(relationships + junctions entered x junction group size).
fn collapse_junctions(
    ir: &ArchiModel,
    junction: &HashMap<&str, usize>,
    index: &HashMap<&str, u32>,
    ends_ok: &[bool],
    limits: &Limits,
) -> Result<Derived, Box<Diagnostic>> {
    let mut derived = Derived {
        entries: Vec::new(),
        reach: Vec::new(),
        count: 0,
    };
    if junction.is_empty() {
        return Ok(derived);
    }
    // Junctions numbered densely, in element order.
    let mut order: Vec<usize> = junction.values().copied().collect();
    order.sort_unstable();
    let dense: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(k, &ei)| (ir.elements[ei].id.as_str(), k))
        .collect();
    let mut out_of: Vec<Vec<usize>> = vec![Vec::new(); order.len()];
    for (ri, r) in ir.relationships.iter().enumerate() {
        if let Some(&k) = dense.get(r.source.as_str()) {
            out_of[k].push(ri);
        }
    }
    let limit = limits.junction_edges as u64;
    let too_many = |what: String| {
        Box::new(Diagnostic::error(
            Code::LimitExceeded,
            Place::default(),
            what,
        ))
    };
    // Walk index of each junction entered, and the junction of each walk.
    let mut walk_of: Vec<Option<usize>> = vec![None; order.len()];
    let mut walk_start: Vec<usize> = Vec::new();
    let mut stamp: Vec<usize> = vec![usize::MAX; order.len()];
    let mut steps = 0u64;
    let mut stack: Vec<usize> = Vec::new();
    for (ri, r) in ir.relationships.iter().enumerate() {
        let Some(&k) = dense.get(r.target.as_str()) else {
            continue;
        };
        if !ends_ok[ri] || !index.contains_key(r.source.as_str()) {
            continue;
        }
        let w =
            match walk_of[k] {
                Some(w) => w,
                None => {
                    let w = derived.reach.len();
                    let mut exits = Vec::new();
                    stack.clear();
                    stack.push(k);
                    while let Some(j) = stack.pop() {
                        if stamp[j] == w {
                            continue;
                        }
                        stamp[j] = w;
                        steps += 1 + out_of[j].len() as u64;
                        if steps > limit {
                            let e = &ir.elements[order[k]];
                            let mut d = too_many(format!(
                                "junction \"{}\" leads through more junctions than can be \
                             collapsed: the walks through the model's junctions take more than \
                             {} steps (limit `junction_edges`)",
                                e.id,
                                crate::diagnostics::count(limit)
                            ));
                            d.place.node = Some(e.id.clone());
                            d.place.line = e.line;
                            return Err(d);
                        }
                        for &oi in out_of[j].iter().rev() {
                            let o = &ir.relationships[oi];
                            if let Some(&next) = dense.get(o.target.as_str()) {
                                stack.push(next);
                            }
                        }
                        exits.extend(out_of[j].iter().copied().filter(|&oi| {
                            index.contains_key(ir.relationships[oi].target.as_str())
                        }));
                    }
                    derived.reach.push(exits);
                    walk_start.push(k);
                    walk_of[k] = Some(w);
                    w
                }
            };
        derived.count += derived.reach[w].len() as u64;
        derived.entries.push((ri, w));
    }
    if derived.count > limit {
        // Name the junction that derives the most.
        let mut ins = vec![0u64; derived.reach.len()];
        for &(_, w) in &derived.entries {
            ins[w] += 1;
        }
        let worst = (0..ins.len())
            .max_by_key(|&w| ins[w] * derived.reach[w].len() as u64)
            .unwrap_or(0);
        let e = &ir.elements[order[walk_start[worst]]];
        let outs = derived.reach[worst].len() as u64;
        let all = if ins[worst] * outs == derived.count {
            String::new()
        } else {
            format!(
                " ({} through all junctions)",
                crate::diagnostics::count(derived.count)
            )
        };
        let mut d = too_many(format!(
            "junction \"{}\" joins {} relationships in to {} out: collapsing it would derive {} \
             relationships{all}, more than the {} an import may derive through junctions (limit \
             `junction_edges`)",
            e.id,
            crate::diagnostics::count(ins[worst]),
            crate::diagnostics::count(outs),
            crate::diagnostics::count(ins[worst] * outs),
            crate::diagnostics::count(limit)
        ));
        d.place.node = Some(e.id.clone());
        d.place.line = e.line;
        return Err(d);
    }
    Ok(derived)
}

/// An import refused as a whole: no model, the summary of what was read, one error.
fn refused(ir: &ArchiModel, d: Diagnostic) -> Import {
    let mut summary = empty_summary(ir.format);
    summary.elements = ir.elements.len();
    summary.relationships = ir.relationships.len();
    Import {
        model: Model::new(),
        summary,
        diagnostics: vec![d],
    }
}

fn empty_summary(format: &str) -> ImportSummary {
    ImportSummary {
        format: format.to_string(),
        elements: 0,
        relationships: 0,
        nodes: 0,
        edges: 0,
        element_types: Vec::new(),
        relationship_types: Vec::new(),
        junctions: 0,
        view_nesting_edges: 0,
        not_scored: BTreeMap::new(),
        attributes: BTreeMap::new(),
    }
}

/// The ArchiMate type a node is written as: its own (`archimate_type`), else one for its kind.
fn element_type(node: &Node) -> String {
    if let Some(t) = node
        .extra()
        .and_then(|x| x.get("archimate_type"))
        .and_then(Value::as_str)
    {
        return t.to_string();
    }
    match node.kind {
        NodeKind::Goal => "Goal",
        NodeKind::Capability => "Capability",
        NodeKind::Activity => "BusinessProcess",
        NodeKind::Application => "ApplicationComponent",
        NodeKind::Initiative => "WorkPackage",
        NodeKind::Element => "Grouping",
        NodeKind::Person => "BusinessActor",
    }
    .to_string()
}

fn num_text(x: f64) -> String {
    if x.is_finite() {
        x.to_string()
    } else {
        String::new()
    }
}

/// The per-node scores written into an exported model, as (property name, value per node).
fn score_properties(report: &Report) -> Vec<(String, Vec<f64>)> {
    let s = report.scores();
    let model = report.source();
    let n = model.nodes.len();
    let mut coverage = vec![f64::NAN; n];
    for (gi, &v) in s.goals.iter().enumerate() {
        coverage[v as usize] = s.coverage[gi];
    }
    let exposure = (0..n)
        .map(|i| {
            if model.nodes[i].is_active_initiative() {
                s.delivery_risk[i] * model.nodes[i].attrs().cost().unwrap_or(0.0)
            } else {
                f64::NAN
            }
        })
        .collect();
    vec![
        (format!("{PREFIX}alignment"), s.alignment.clone()),
        (format!("{PREFIX}conflict"), s.conflicts()),
        (format!("{PREFIX}delivery_risk"), s.delivery_risk.clone()),
        (format!("{PREFIX}exposure"), exposure),
        (format!("{PREFIX}coverage"), coverage),
        (format!("{PREFIX}pagerank"), s.pagerank().rank.clone()),
    ]
}

/// The model as an ArchiMate model, for the exchange-format export: every node as an element
/// (its own type, id, name, documentation and properties; attributes that did not come from a
/// property as properties; with `report`, the scores as `aligngraph:` properties), every edge
/// as a relationship (its own id, type and direction when it came from ArchiMate), and the
/// relationships and junctions that were kept without a score.
pub fn from_model(model: &Model, report: Option<&Report>) -> ArchiModel {
    let mut ir = ArchiModel {
        name: model.name.clone(),
        format: "exchange",
        ..ArchiModel::default()
    };
    let am = model.extra.get("archimate");
    if let Some(a) = am {
        ir.id = a.get("id").and_then(Value::as_str).map(str::to_string);
        ir.documentation = a
            .get("documentation")
            .and_then(Value::as_str)
            .map(str::to_string);
        ir.properties = props_from_json(a.get("properties"));
    }
    let scores = report.map(score_properties).unwrap_or_default();
    for (i, node) in model.nodes.iter().enumerate() {
        let mut properties = props_from_json(node.extra().and_then(|x| x.get("properties")));
        let has = |props: &[(String, String)], key: &str| {
            props.iter().any(|(k, _)| k.eq_ignore_ascii_case(key))
        };
        let from_archimate = node
            .extra()
            .is_some_and(|x| x.contains_key("archimate_type"));
        if !from_archimate {
            properties.push((format!("{PREFIX}kind"), node.kind.as_str().to_string()));
        }
        let a = node.attrs();
        for (n, v) in a.nums() {
            if !has(&properties, n.key()) {
                properties.push((n.key().to_string(), num_text(v)));
            }
        }
        let texts = [
            ("status", a.status.map(Status::as_str)),
            ("perspective", a.perspective.map(Perspective::as_str)),
            ("category", a.category.map(Category::as_str)),
            ("lifecycle", a.lifecycle.map(Lifecycle::as_str)),
        ];
        for (k, v) in texts {
            if let Some(v) = v
                && !has(&properties, k)
            {
                properties.push((k.to_string(), v.to_string()));
            }
        }
        if let Some(m) = a.mandatory
            && !has(&properties, "mandatory")
        {
            properties.push(("mandatory".into(), m.to_string()));
        }
        // The lens fields: dates and redundancy as written, cashflows as numbers separated by
        // "; ", numbers and controls as their JSON text.
        for key in LENS_FIELDS.into_iter().chain(NUMBER_FIELDS.map(|x| x.0)) {
            let Some(v) = node.extra().and_then(|x| x.get(key)) else {
                continue;
            };
            let text = match v {
                Value::String(s) => s.clone(),
                Value::Array(a) => a
                    .iter()
                    .map(|x| x.as_f64().map_or_else(|| x.to_string(), num_text))
                    .collect::<Vec<_>>()
                    .join("; "),
                other => other.to_string(),
            };
            if !has(&properties, key) {
                properties.push((key.to_string(), text));
            }
        }
        for (key, values) in &scores {
            let v = values[i];
            if v.is_finite() {
                properties.push((key.clone(), num_text(v)));
            }
        }
        ir.elements.push(ArchiElement {
            id: node.id.to_string(),
            type_: element_type(node),
            name: node.name.as_deref().map(str::to_string),
            documentation: a.description.as_deref().map(str::to_string),
            properties,
            line: None,
        });
    }
    let mut generated = 0usize;
    for (i, e) in model.edges.iter().enumerate() {
        let x = model.edge_extra(i);
        let get = |k: &str| x.and_then(|x| x.get(k));
        if get("via").is_some() {
            continue; // written back as its junction and the relationships through it
        }
        let (from, to) = (
            model.nodes[e.from as usize].id.to_string(),
            model.nodes[e.to as usize].id.to_string(),
        );
        let native = get("archimate_type").is_none();
        // Dependencies and parts are written in ArchiMate's direction (the one depended on
        // serves; the whole aggregates the part).
        let reversed = get("reversed").and_then(Value::as_bool).unwrap_or(false)
            || (native && matches!(e.kind, EdgeKind::DependsOn | EdgeKind::PartOf));
        let (source, target) = if reversed { (to, from) } else { (from, to) };
        let (id, type_, properties) = match get("archimate_type").and_then(Value::as_str) {
            Some(t) => (
                get("id").and_then(Value::as_str).map(str::to_string),
                t.to_string(),
                props_from_json(get("properties")),
            ),
            None => {
                let person = model.nodes[e.from as usize].kind == NodeKind::Person;
                let t = match e.kind {
                    EdgeKind::Contributes => "Influence",
                    // ArchiMate assigns an actor to behaviour; to anything else it is associated.
                    EdgeKind::Supports if person => {
                        if model.nodes[e.to as usize].kind == NodeKind::Activity {
                            "Assignment"
                        } else {
                            "Association"
                        }
                    }
                    EdgeKind::Supports => "Realization",
                    EdgeKind::DependsOn => "Serving",
                    EdgeKind::PartOf => "Aggregation",
                    EdgeKind::Excludes => "Association",
                };
                let mut p = props_from_json(get("properties"));
                p.push((format!("{PREFIX}kind"), e.kind.as_str().into()));
                if let Some(w) = e.written_weight() {
                    p.push((format!("{PREFIX}weight"), num_text(w)));
                }
                if reversed {
                    p.push((format!("{PREFIX}reversed"), "true".into()));
                }
                (None, t.to_string(), p)
            }
        };
        let mut properties = properties;
        if let Some(p) = get(PROFICIENCY).and_then(Value::as_str)
            && !properties
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case(PROFICIENCY))
        {
            properties.push((PROFICIENCY.into(), p.into()));
        }
        let id = id.unwrap_or_else(|| {
            generated += 1;
            format!("ag-rel-{generated}")
        });
        ir.relationships.push(ArchiRelationship {
            id,
            type_,
            source,
            target,
            name: get("name").and_then(Value::as_str).map(str::to_string),
            documentation: get("documentation")
                .and_then(Value::as_str)
                .map(str::to_string),
            properties,
            strength: get("strength").and_then(Value::as_str).map(str::to_string),
            access_type: get("access_type")
                .and_then(Value::as_str)
                .map(str::to_string),
            line: None,
        });
    }
    if let Some(a) = am {
        for j in a
            .get("junctions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let s = |k: &str| j.get(k).and_then(Value::as_str).map(str::to_string);
            if let (Some(id), Some(type_)) = (s("id"), s("type")) {
                ir.elements.push(ArchiElement {
                    id,
                    type_,
                    name: s("name"),
                    ..ArchiElement::default()
                });
            }
        }
        for key in ["junction_relationships", "unscored_relationships"] {
            for r in a.get(key).and_then(Value::as_array).into_iter().flatten() {
                if let Some(r) = rel_from_json(r) {
                    ir.relationships.push(r);
                }
            }
        }
    }
    ir
}
