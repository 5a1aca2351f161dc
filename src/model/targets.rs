//! Targets for the KPIs and per goal, as the model file holds them (the top-level `targets`
//! object), and the red/amber/green status of a value against its target.
//!
//! ```json
//! "targets": {
//!   "kpis": {"goal_coverage": {"target": 0.8, "amber": 0.6},
//!            "unaligned_spend_share": {"target": 0.05, "amber": 0.15}},
//!   "goals": {"*": {"coverage": {"target": 0.5, "amber": 0.3}},
//!             "g-retention": {"coverage": {"target": 0.7}}}
//! }
//! ```
//!
//! Every measure knows whether higher or lower is better. A value is **green** when it meets the
//! target, **amber** when it misses the target but meets `amber`, and **red** otherwise. Without
//! `amber` the amber band is 10 points for a share, 10 % of the target for an amount and 1 for a
//! count (docs/scoring.md, section 11). The loader checks targets (an unknown KPI or goal, a
//! number out of range, `amber` on the wrong side of the target) at their JSON pointers; the
//! object is kept and written back as it is.
//!
//! ```
//! use aligngraph::model::targets::{self, Rag};
//! let text = r#"{"nodes": [{"id": "g", "kind": "goal"}],
//!   "targets": {"kpis": {"goal_coverage": {"target": 0.8, "amber": 0.6}}}}"#;
//! let (model, diagnostics) = aligngraph::load_json(text);
//! assert!(diagnostics.is_empty());
//! let t = targets::read(&model).0;
//! let (measure, target) = &t.kpis[0];
//! assert_eq!(target.status(measure, 0.7), Rag::Amber);
//! assert_eq!(target.rule(measure), "green at 80% or more, amber from 60%, else red");
//! ```

use crate::diagnostics::{Code, Diagnostic, Place};
use crate::model::{Model, NodeKind};
use serde::Serialize;
use serde_json::Value;

/// The top-level field holding the targets.
pub const FIELD: &str = "targets";

/// Which way a measure is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// Higher values are better (coverage, alignment).
    Higher,
    /// Lower values are better (unaligned spend, exposure, counts of problems).
    Lower,
}

/// What kind of number a measure is: how its targets are checked and written in a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scale {
    /// A share in [0, 1], written as a percentage.
    Share,
    /// An amount of money, 0 to 1e15.
    Amount,
    /// A count, 0 or more.
    Count,
}

/// A measure a target can be set for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measure {
    /// Its name in the report and in `targets` (`goal_coverage`, `coverage`).
    pub name: &'static str,
    /// Which way is better.
    pub better: Better,
    /// What kind of number it is.
    pub scale: Scale,
}

const fn m(name: &'static str, better: Better, scale: Scale) -> Measure {
    Measure {
        name,
        better,
        scale,
    }
}

/// The KPIs a target can be set for (the report's `kpis`; a list counts its items).
pub const KPIS: [Measure; 11] = [
    m("alignment_index", Better::Higher, Scale::Share),
    m("expected_alignment_index", Better::Higher, Scale::Share),
    m("goal_coverage", Better::Higher, Scale::Share),
    m("expected_goal_coverage", Better::Higher, Scale::Share),
    m("unaligned_spend_share", Better::Lower, Scale::Share),
    m("unaligned_spend", Better::Lower, Scale::Amount),
    m("total_exposure", Better::Lower, Scale::Amount),
    m("uncovered_goals", Better::Lower, Scale::Count),
    m("orphan_initiatives", Better::Lower, Scale::Count),
    m("conflicting_initiatives", Better::Lower, Scale::Count),
    m("single_points_of_failure", Better::Lower, Scale::Count),
];

/// The per-goal scores a target can be set for.
pub const GOAL_FIELDS: [Measure; 2] = [
    m("coverage", Better::Higher, Scale::Share),
    m("expected_coverage", Better::Higher, Scale::Share),
];

/// Red, amber or green.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rag {
    /// Misses the amber threshold.
    Red,
    /// Misses the target, meets the amber threshold.
    Amber,
    /// Meets the target.
    Green,
}

impl Rag {
    /// `red`, `amber` or `green`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rag::Red => "red",
            Rag::Amber => "amber",
            Rag::Green => "green",
        }
    }
}

/// A target and its amber threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    /// The value to meet.
    pub target: f64,
    /// The threshold below (or above) the target down to which the status is amber.
    pub amber: f64,
    /// False when `amber` is the default band.
    pub amber_given: bool,
}

/// A value this close to a threshold meets it (sums of shares are not exact).
const TOLERANCE: f64 = 1e-9;

impl Target {
    /// A target with the default amber band of its measure.
    pub fn with_default(m: &Measure, target: f64) -> Target {
        let amber = match (m.scale, m.better) {
            (Scale::Share, Better::Higher) => (target - 0.1).max(0.0),
            (Scale::Share, Better::Lower) => (target + 0.1).min(1.0),
            (Scale::Amount, Better::Higher) => target - target / 10.0,
            (Scale::Amount, Better::Lower) => target + target / 10.0,
            (Scale::Count, Better::Higher) => (target - 1.0).max(0.0),
            (Scale::Count, Better::Lower) => target + 1.0,
        };
        Target {
            target,
            amber,
            amber_given: false,
        }
    }

    /// The status of `value` against this target.
    pub fn status(&self, m: &Measure, value: f64) -> Rag {
        let meets = |threshold: f64| {
            let tol = TOLERANCE * threshold.abs().max(1.0);
            match m.better {
                Better::Higher => value >= threshold - tol,
                Better::Lower => value <= threshold + tol,
            }
        };
        if meets(self.target) {
            Rag::Green
        } else if meets(self.amber) {
            Rag::Amber
        } else {
            Rag::Red
        }
    }

    /// The rule in words: "green at 80% or more, amber from 60%, else red".
    pub fn rule(&self, m: &Measure) -> String {
        let (t, a) = (show(m.scale, self.target), show(m.scale, self.amber));
        let (more, from) = match (m.better, m.scale) {
            (Better::Higher, _) => ("or more", "from"),
            (Better::Lower, Scale::Count) => ("or fewer", "up to"),
            (Better::Lower, _) => ("or less", "up to"),
        };
        // "green at 0", not "green at 0 or fewer".
        let t = if self.target == 0.0 && m.better == Better::Lower {
            t
        } else {
            format!("{t} {more}")
        };
        if self.target == self.amber {
            format!("green at {t}, else red")
        } else {
            format!("green at {t}, amber {from} {a}, else red")
        }
    }
}

/// A number as a rule shows it: a share as a percentage with at most 2 decimals ("62.5%"), an
/// amount or count with thousands separators.
pub fn show(scale: Scale, x: f64) -> String {
    match scale {
        Scale::Share => format!("{}%", trimmed(x * 100.0, 2)),
        _ => {
            let s = trimmed(x, 2);
            let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
            let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    out.push(',');
                }
                out.push(c);
            }
            if frac.is_empty() {
                format!("{sign}{out}")
            } else {
                format!("{sign}{out}.{frac}")
            }
        }
    }
}

fn trimmed(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" { "0".into() } else { s }
}

/// The targets of a model, read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Targets {
    /// Per KPI, in the order of [`KPIS`].
    pub kpis: Vec<(Measure, Target)>,
    /// For every goal without its own (`"*"`), in the order of [`GOAL_FIELDS`].
    pub every_goal: Vec<(Measure, Target)>,
    /// Per goal id, in the file's order.
    pub goals: Vec<(String, Vec<(Measure, Target)>)>,
}

impl Targets {
    /// True when no target is set.
    pub fn is_empty(&self) -> bool {
        self.kpis.is_empty() && self.every_goal.is_empty() && self.goals.is_empty()
    }

    /// The targets of one goal: its own, else those for every goal; with where they come from
    /// (`goal` or `*`).
    pub fn of_goal(&self, id: &str) -> (&[(Measure, Target)], &'static str) {
        match self.goals.iter().find(|(g, _)| g == id) {
            Some((_, t)) => (t, "goal"),
            None => (&self.every_goal, "*"),
        }
    }
}

/// Escapes a key for a JSON pointer (`~` as `~0`, `/` as `~1`).
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn place(pointer: String, node: Option<&str>, field: Option<&str>) -> Place {
    Place {
        pointer: Some(pointer),
        node: node.map(str::to_string),
        field: field.map(str::to_string),
        ..Place::default()
    }
}

fn names(ms: &[Measure]) -> String {
    ms.iter().map(|m| m.name).collect::<Vec<_>>().join(", ")
}

/// Reads one `{"target": x, "amber": y}`.
fn read_target(
    v: &Value,
    ptr: &str,
    m: &Measure,
    node: Option<&str>,
    out: &mut Vec<Diagnostic>,
) -> Option<Target> {
    let err = |code, p: String, field: Option<&str>, msg: String| {
        Diagnostic::error(code, place(p, node, field), msg)
    };
    let Value::Object(obj) = v else {
        out.push(err(
            Code::WrongType,
            ptr.to_string(),
            None,
            format!(
                "the target of {} must be an object like {{\"target\": 0.8, \"amber\": 0.6}}",
                m.name
            ),
        ));
        return None;
    };
    let (lo, hi) = match m.scale {
        Scale::Share => (0.0, 1.0),
        _ => (0.0, 1e15),
    };
    let what = match m.scale {
        Scale::Share => "a share from 0 to 1 (0.8 is 80%)",
        Scale::Amount => "an amount from 0 to 1e15",
        Scale::Count => "a count from 0 to 1e15",
    };
    let mut number = |key: &str| -> Option<Option<f64>> {
        let p = format!("{ptr}/{key}");
        match obj.get(key) {
            None | Some(Value::Null) => Some(None),
            Some(Value::Number(n)) => match n.as_f64() {
                Some(x) if x.is_finite() && (lo..=hi).contains(&x) => Some(Some(x)),
                _ => {
                    out.push(err(
                        Code::OutOfRange,
                        p,
                        Some(key),
                        format!(
                            "the {key} of {} is {}; it must be {what}",
                            m.name,
                            crate::diagnostics::number(n.as_f64().unwrap_or(f64::INFINITY))
                        ),
                    ));
                    None
                }
            },
            Some(_) => {
                out.push(err(
                    Code::NotANumber,
                    p,
                    Some(key),
                    format!("the {key} of {} must be a number: {what}", m.name),
                ));
                None
            }
        }
    };
    let target = number("target");
    let amber = number("amber");
    for key in obj.keys() {
        if key != "target" && key != "amber" {
            out.push(err(
                Code::InvalidValue,
                format!("{ptr}/{}", escape(key)),
                Some(key),
                format!("a target has only \"target\" and \"amber\"; \"{key}\" is not one of them"),
            ));
        }
    }
    let target = match target? {
        Some(t) => t,
        None => {
            out.push(err(
                Code::MissingField,
                ptr.to_string(),
                Some("target"),
                format!("the target of {} needs \"target\": {what}", m.name),
            ));
            return None;
        }
    };
    match amber? {
        None => Some(Target::with_default(m, target)),
        Some(a) => {
            let wrong = match m.better {
                Better::Higher => a > target,
                Better::Lower => a < target,
            };
            if wrong {
                let (side, better) = match m.better {
                    Better::Higher => ("at most", "higher"),
                    Better::Lower => ("at least", "lower"),
                };
                out.push(err(
                    Code::OutOfRange,
                    format!("{ptr}/amber"),
                    Some("amber"),
                    format!(
                        "for {}, {better} is better, so amber ({}) must be {side} the target ({})",
                        m.name,
                        show(m.scale, a),
                        show(m.scale, target)
                    ),
                ));
                return None;
            }
            Some(Target {
                target,
                amber: a,
                amber_given: true,
            })
        }
    }
}

/// Reads `{"measure": {target}, ...}` against the list of measures that exist.
fn read_measures(
    v: &Value,
    ptr: &str,
    known: &[Measure],
    what: &str,
    node: Option<&str>,
    out: &mut Vec<Diagnostic>,
) -> Vec<(Measure, Target)> {
    let Value::Object(obj) = v else {
        out.push(Diagnostic::error(
            Code::WrongType,
            place(ptr.to_string(), node, None),
            format!(
                "{what} must be an object from a name ({}) to a target",
                names(known)
            ),
        ));
        return Vec::new();
    };
    for key in obj.keys() {
        if !known.iter().any(|m| m.name == key) {
            out.push(Diagnostic::error(
                Code::InvalidValue,
                place(format!("{ptr}/{}", escape(key)), node, Some(key)),
                format!(
                    "no target can be set for \"{key}\" in {what}; expected one of {}",
                    names(known)
                ),
            ));
        }
    }
    // In the order of `known`.
    let mut found: Vec<(Measure, Target)> = Vec::new();
    for m in known {
        if let Some(t) = obj.get(m.name) {
            let p = format!("{ptr}/{}", m.name);
            if let Some(t) = read_target(t, &p, m, node, out) {
                found.push((*m, t));
            }
        }
    }
    found
}

/// Reads the model's targets: what is well formed, and a diagnostic (at its JSON pointer) for
/// everything else.
#[inline(never)]
pub fn read(model: &Model) -> (Targets, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut t = Targets::default();
    let Some(v) = model.extra.get(FIELD) else {
        return (t, out);
    };
    let Value::Object(obj) = v else {
        if !v.is_null() {
            out.push(Diagnostic::error(
                Code::WrongType,
                place("/targets".into(), None, None),
                "\"targets\" must be an object like {\"kpis\": {...}, \"goals\": {...}}",
            ));
        }
        return (t, out);
    };
    for key in obj.keys() {
        if key != "kpis" && key != "goals" {
            out.push(Diagnostic::error(
                Code::InvalidValue,
                place(format!("/targets/{}", escape(key)), None, Some(key)),
                format!("\"targets\" holds \"kpis\" and \"goals\"; \"{key}\" is not one of them"),
            ));
        }
    }
    if let Some(k) = obj.get("kpis") {
        t.kpis = read_measures(k, "/targets/kpis", &KPIS, "the KPI targets", None, &mut out);
    }
    if let Some(g) = obj.get("goals") {
        read_goals(model, g, &mut t, &mut out);
    }
    (t, out)
}

fn read_goals(model: &Model, g: &Value, t: &mut Targets, out: &mut Vec<Diagnostic>) {
    let Value::Object(goals) = g else {
        out.push(Diagnostic::error(
            Code::WrongType,
            place("/targets/goals".into(), None, None),
            "\"goals\" must be an object from a goal id (or \"*\" for every goal) to its targets",
        ));
        return;
    };
    let ids = model.id_index();
    for (id, v) in goals {
        let p = format!("/targets/goals/{}", escape(id));
        if id == "*" {
            t.every_goal =
                read_measures(v, &p, &GOAL_FIELDS, "the targets of every goal", None, out);
            continue;
        }
        match ids.get(id.as_str()).map(|&i| model.node(i).kind) {
            Some(NodeKind::Goal) => {
                let what = format!("the targets of goal \"{id}\"");
                let found = read_measures(v, &p, &GOAL_FIELDS, &what, Some(id), out);
                t.goals.push((id.clone(), found));
            }
            Some(kind) => out.push(Diagnostic::error(
                Code::InvalidValue,
                place(p, Some(id), None),
                format!(
                    "\"{id}\" is a {}, not a goal; targets are set for goals",
                    kind.as_str()
                ),
            )),
            None => out.push(Diagnostic::error(
                Code::UnknownNode,
                place(p, Some(id), None),
                format!("no goal has the id \"{id}\""),
            )),
        }
    }
}

/// The loader's check of the targets: every diagnostic, each at its JSON pointer.
pub fn check(model: &Model) -> Vec<Diagnostic> {
    if !model.extra.contains_key(FIELD) {
        return Vec::new();
    }
    read(model).1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure(name: &str) -> Measure {
        *KPIS.iter().find(|m| m.name == name).unwrap()
    }

    #[test]
    fn rules_and_statuses_in_both_directions() {
        let up = measure("goal_coverage");
        let t = Target::with_default(&up, 0.8);
        assert!((t.amber - 0.7).abs() < 1e-12);
        assert_eq!(t.status(&up, 0.8), Rag::Green);
        assert_eq!(t.status(&up, 0.75), Rag::Amber);
        assert_eq!(t.status(&up, 0.5), Rag::Red);
        assert_eq!(
            t.rule(&up),
            "green at 80% or more, amber from 70%, else red"
        );
        let down = measure("orphan_initiatives");
        let t = Target::with_default(&down, 0.0);
        assert_eq!(t.amber, 1.0);
        assert_eq!(t.status(&down, 0.0), Rag::Green);
        assert_eq!(t.status(&down, 1.0), Rag::Amber);
        assert_eq!(t.status(&down, 2.0), Rag::Red);
        assert_eq!(t.rule(&down), "green at 0, amber up to 1, else red");
        let money = measure("total_exposure");
        assert_eq!(
            Target::with_default(&money, 1_000_000.0).rule(&money),
            "green at 1,000,000 or less, amber up to 1,100,000, else red"
        );
    }
}
