//! The IT-management lenses on the same graph as alignment and risk: money (NPV, IRR, MIRR,
//! payback; run and change spend and spend against strategy), the application portfolio (TIME,
//! lifecycle risk), the capability map, service availability and security exposure, earned
//! value, people (skills, key people, truck factor) and the threats to goals that join them
//! (docs/lenses.md).
//!
//! Their fields are optional and live beside the model's own (`cashflows`, `end_of_life`, an
//! edge's `share` or `proficiency`, the model's `discount_rate` and `as_of`, ...): this module
//! reads and checks them, each bad value a diagnostic naming the node or edge, the field and its JSON pointer.
//! The core never reads the clock: "today" is the model's `as_of` or the caller's.

pub mod applications;
pub mod capabilities;
pub mod costs;
pub mod earned_value;
pub mod finance;
pub mod operations;
pub mod people;
pub mod threats;

use crate::diagnostics::{Code, Diagnostic, Place, excerpt};
use crate::model::{Model, NodeIx};
use serde_json::Value;

/// The lens fields of nodes that are plain numbers (availability, security exposure, earned
/// value), with their ranges: what an import reads as numbers (docs/lenses.md).
pub const NUMBER_FIELDS: [(&str, f64, f64); 15] = [
    ("availability", 0.0, 1.0),
    ("sla", 0.0, 1.0),
    ("mtbf", 0.0, f64::INFINITY),
    ("mttr", 0.0, f64::INFINITY),
    ("agreed_hours", 0.0, f64::INFINITY),
    ("downtime_hours", 0.0, f64::INFINITY),
    ("rto", 0.0, f64::INFINITY),
    ("rpo", 0.0, f64::INFINITY),
    ("asset_value", 0.0, f64::INFINITY),
    ("exposure_factor", 0.0, 1.0),
    ("aro", 0.0, f64::INFINITY),
    ("budget", 0.0, f64::INFINITY),
    ("planned_value", 0.0, f64::INFINITY),
    ("earned_value", 0.0, f64::INFINITY),
    ("actual_cost", 0.0, f64::INFINITY),
];

/// A calendar day: days since 1970-01-01 (proleptic Gregorian).
pub type Day = i64;

/// Days since 1970-01-01 of a civil date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> Day {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses an ISO date `YYYY-MM-DD` (a real day of the Gregorian calendar), else `None`.
///
/// ```
/// use aligngraph::lens::parse_date;
/// assert_eq!(parse_date("1970-01-01"), Some(0));
/// assert_eq!(parse_date("2026-04-30").unwrap() - parse_date("2026-03-01").unwrap(), 60);
/// assert_eq!(parse_date("2024-02-29").unwrap() - parse_date("2024-02-28").unwrap(), 1);
/// assert_eq!(parse_date("2023-02-29"), None);
/// assert_eq!(parse_date("2026-4-30"), None);
/// ```
pub fn parse_date(s: &str) -> Option<Day> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = &s[r];
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days_in_month)
        .contains(&d)
        .then(|| days_from_civil(y, m, d))
}

/// The place of a node's field: the node, the field and its JSON pointer.
pub(crate) fn node_place(v: NodeIx, id: &str, field: &str) -> Place {
    Place {
        node: Some(id.to_string()),
        pointer: Some(format!("/nodes/{v}/{field}")),
        field: Some(field.to_string()),
        ..Place::default()
    }
}

/// The place of a top-level field of the model.
pub(crate) fn model_place(field: &str) -> Place {
    Place {
        pointer: Some(format!("/{field}")),
        field: Some(field.to_string()),
        ..Place::default()
    }
}

/// A lens field of node `v` (kept beside the model's own fields), if present.
pub(crate) fn node_field<'m>(model: &'m Model, v: NodeIx, field: &str) -> Option<&'m Value> {
    model.nodes[v as usize].extra()?.get(field)
}

/// A value as a message quotes it: its JSON text (control characters already escaped), cut to
/// 40 characters.
pub(crate) fn shown(v: &Value) -> String {
    let text = v.to_string();
    match text.char_indices().nth(40) {
        Some((at, _)) => format!("{}... ({} more bytes)", &text[..at], text.len() - at),
        None => text,
    }
}

/// A number field of the model in `[min, max]`, or an error at its place.
pub(crate) fn model_number(
    model: &Model,
    field: &str,
    min: f64,
    max: f64,
    out: &mut Vec<Diagnostic>,
) -> Option<f64> {
    let v = model.extra.get(field)?;
    match v.as_f64() {
        Some(x) if x.is_finite() && (min..=max).contains(&x) => Some(x),
        Some(_) => {
            out.push(Diagnostic::error(
                Code::OutOfRange,
                model_place(field),
                format!("{field} must be between {min} and {max}, not {}", shown(v)),
            ));
            None
        }
        None => {
            out.push(Diagnostic::error(
                Code::NotANumber,
                model_place(field),
                format!("{field} must be a number, not {}", shown(v)),
            ));
            None
        }
    }
}

/// A number field of node `v` in `[min, max]` (`max` infinite: no upper bound), or an error at
/// its place.
pub(crate) fn node_number(
    model: &Model,
    v: NodeIx,
    field: &str,
    (min, max): (f64, f64),
    out: &mut Vec<Diagnostic>,
) -> Option<f64> {
    let value = node_field(model, v, field)?;
    let x = value.as_f64().filter(|x| x.is_finite());
    if x.is_some_and(|x| (min..=max).contains(&x)) {
        return x;
    }
    let range = if max.is_finite() {
        format!("between {min} and {max}")
    } else {
        format!("a number >= {min}")
    };
    out.push(Diagnostic::error(
        if x.is_some() {
            Code::OutOfRange
        } else {
            Code::NotANumber
        },
        node_place(v, &model.nodes[v as usize].id, field),
        format!("{field} must be {range}, not {}", shown(value)),
    ));
    None
}

/// A date field of node `v`, or an error at its place.
pub(crate) fn node_date(
    model: &Model,
    v: NodeIx,
    field: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<Day> {
    let value = node_field(model, v, field)?;
    let day = value.as_str().and_then(parse_date);
    if day.is_none() {
        out.push(Diagnostic::error(
            Code::InvalidValue,
            node_place(v, &model.nodes[v as usize].id, field),
            format!("{field} must be a date YYYY-MM-DD, not {}", shown(value)),
        ));
    }
    day
}

/// "Today" for the date-dependent figures: the caller's `as_of` (the CLI's `--as-of`, the page's
/// date) over the model's. A bad date is an error at its place; none at all gives `None`.
pub fn as_of(model: &Model, given: Option<&str>, out: &mut Vec<Diagnostic>) -> Option<Day> {
    if let Some(s) = given {
        let day = parse_date(s);
        if day.is_none() {
            out.push(Diagnostic::error(
                Code::InvalidArgument,
                Place {
                    field: Some("as_of".into()),
                    ..Place::default()
                },
                format!(
                    "--as-of must be a date YYYY-MM-DD, not \"{}\"",
                    excerpt(s, 40)
                ),
            ));
        }
        return day;
    }
    let value = model.extra.get("as_of")?;
    let day = value.as_str().and_then(parse_date);
    if day.is_none() {
        out.push(Diagnostic::error(
            Code::InvalidValue,
            model_place("as_of"),
            format!("as_of must be a date YYYY-MM-DD, not {}", shown(value)),
        ));
    }
    day
}

/// A JSON object of `keys` and `values`, in that order.
pub(crate) fn object(keys: &[&str], values: Vec<Value>) -> Value {
    Value::Object(keys.iter().map(|k| k.to_string()).zip(values).collect())
}

/// A finite number as JSON, else `null` (a figure that cannot be computed is never made up).
pub(crate) fn num(x: Option<f64>) -> Value {
    x.filter(|v| v.is_finite()).map_or(Value::Null, Value::from)
}

/// The node fields the lenses read (docs/lenses.md), which an edit may add to any node.
pub const NODE_FIELDS: [&str; 4] = [
    "cashflows",
    "end_of_support",
    "end_of_extended_support",
    "end_of_life",
];

/// Whether an edit may add `field` to any node: a lens field ([`NODE_FIELDS`], the operations
/// and earned-value fields).
pub fn is_node_field(field: &str) -> bool {
    NODE_FIELDS.contains(&field)
        || operations::FIELDS.contains(&field)
        || earned_value::FIELDS.contains(&field)
}

/// The errors the lenses find in one node's own fields (not those of its edges), placed at node
/// index `at`: what an edit checks before a bad date or cash flow reaches the model.
pub fn check_node(node: &serde_json::Map<String, Value>, at: usize) -> Vec<Diagnostic> {
    let text = serde_json::json!({"format": "aligngraph", "version": 1, "nodes": [node]});
    let (model, _) = crate::model::load_json(&text.to_string());
    if model.nodes.len() != 1 {
        return Vec::new(); // the loader's own diagnostics already refuse the node
    }
    let (_, mut diags) = finance::finance(&model, None, None);
    diags.extend(applications::applications(&model, None).1);
    diags.extend(operations::operations(&model, &crate::graph::Graph::build(&model)).1);
    diags.extend(earned_value::earned_value(&model).1);
    let prefix = format!("/nodes/{at}/");
    diags.retain(Diagnostic::is_error);
    for d in &mut diags {
        if let Some(p) = d.place.pointer.as_mut() {
            if let Some(rest) = p.strip_prefix("/nodes/0/") {
                *p = format!("{prefix}{rest}");
            }
        }
    }
    diags
}
