//! The application portfolio: the TIME recommendation from functional and technical fit (the
//! Gartner rule as LeanIX documents it), the declared `lifecycle` where it disagrees, data
//! completeness, and lifecycle risk from the end-of-support, end-of-extended-support and
//! end-of-life dates (ServiceNow's published method), rolled along `depends_on`
//! (docs/lenses.md, "Application portfolio").
//!
//! ```
//! use aligngraph::lens::applications::{lifecycle_risk, time};
//! assert_eq!(time(Some(3.0), Some(1.0), 2.5), Some("migrate"));
//! assert_eq!(time(Some(2.0), None, 2.5), None);
//! // End of life 60 days ahead, support and extended support passed: base 10 x multiplier 4.
//! assert_eq!(lifecycle_risk([Some(-600), Some(-60), Some(60)]).0, Some(40.0));
//! // Every milestone passed.
//! assert_eq!(lifecycle_risk([Some(-9), Some(-5), Some(-1)]).0, Some(100.0));
//! ```

use super::{Day, as_of, model_number, node_date, num};
use crate::diagnostics::{Code, Diagnostic, Place};
use crate::model::{EdgeKind, Model, NodeKind, Num};
use serde_json::{Map, Value, json};

/// The fit above which a fit is high, unless the model's `fit_threshold` says otherwise.
pub const DEFAULT_FIT_THRESHOLD: f64 = 2.5;

/// The three lifecycle milestones, in the order ties are broken, with their risk multipliers.
pub const MILESTONES: [(&str, f64); 3] = [
    ("end_of_support", 2.0),
    ("end_of_extended_support", 3.0),
    ("end_of_life", 4.0),
];

/// TIME from the two fits: invest (both high), migrate (functional high, technical low),
/// tolerate (functional low, technical high), eliminate (both low); a fit is high above
/// `threshold`; `None` when either fit is missing.
pub fn time(
    functional: Option<f64>,
    technical: Option<f64>,
    threshold: f64,
) -> Option<&'static str> {
    let (f, t) = (functional? > threshold, technical? > threshold);
    Some(match (f, t) {
        (true, true) => "invest",
        (true, false) => "migrate",
        (false, true) => "tolerate",
        (false, false) => "eliminate",
    })
}

/// The base score by days to the next milestone.
fn base(days: Day) -> f64 {
    match days {
        ..=30 => 20.0,
        31..=90 => 10.0,
        91..=180 => 6.0,
        181..=360 => 4.0,
        361..=540 => 2.0,
        _ => 0.0,
    }
}

/// A lifecycle risk and the next milestone (its index in [`MILESTONES`] and the days to it).
pub type Lifecycle = (Option<f64>, Option<(usize, Day)>);

/// Lifecycle risk from the days from "today" to each milestone (support, extended support,
/// life; `None` when not given): the next milestone is the earliest one that has not passed
/// (0 days has not passed; a tie goes to the first in that order), risk = base x multiplier;
/// 100 when every given date has passed; `None` when none is given. Also the next milestone's
/// index and its days.
pub fn lifecycle_risk(days: [Option<Day>; 3]) -> Lifecycle {
    if days.iter().all(Option::is_none) {
        return (None, None);
    }
    let next = days
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.filter(|&d| d >= 0).map(|d| (i, d)))
        .min_by_key(|&(i, d)| (d, i));
    match next {
        None => (Some(100.0), None),
        Some((i, d)) => (Some(base(d) * MILESTONES[i].1), Some((i, d))),
    }
}

/// Per application (model order): its TIME class, lifecycle risk and the rest, as
/// `aligngraph applications` writes them, for the capability map to use too.
#[derive(Debug, Clone, PartialEq)]
pub struct Portfolio {
    /// Every node's TIME class (`None` for nodes that are not applications or lack a fit).
    pub time: Vec<Option<&'static str>>,
    /// Every node's own lifecycle risk (any kind with dates: technology elements too).
    pub own_risk: Vec<Option<f64>>,
    /// Every node's rolled lifecycle risk: own + the sum over every distinct node in its
    /// depends_on closure (`None` counts 0; `None` only when all are).
    pub rolled_risk: Vec<Option<f64>>,
    /// The output object.
    pub json: Value,
}

/// `aligngraph applications`: the application portfolio. `given_as_of` (the CLI's `--as-of`,
/// the page's today) overrides the model's `as_of`; without either, date-dependent figures are
/// null and the warning `NO_AS_OF` is given when some node has a date.
///
/// Complexity: O(n + m) plus O(n + m) per application for its depends_on closure.
pub fn applications(model: &Model, given_as_of: Option<&str>) -> (Portfolio, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let n = model.nodes.len();
    let threshold = model_number(model, "fit_threshold", 0.0, 10.0, &mut diags)
        .unwrap_or(DEFAULT_FIT_THRESHOLD);
    let today = as_of(model, given_as_of, &mut diags);
    let mut dates: Vec<[Option<Day>; 3]> = vec![[None; 3]; n];
    let mut any_date = false;
    for (v, d) in dates.iter_mut().enumerate() {
        for (k, (field, _)) in MILESTONES.iter().enumerate() {
            d[k] = node_date(model, v as u32, field, &mut diags);
            any_date |= d[k].is_some();
        }
    }
    if any_date && today.is_none() && !diags.iter().any(|d| d.is_error()) {
        diags.push(Diagnostic::warning(
            Code::NoAsOf,
            Place {
                pointer: Some("/as_of".into()),
                field: Some("as_of".into()),
                ..Place::default()
            },
            "the model has lifecycle dates but no as_of and none was given (--as-of DATE): lifecycle risk is null",
        ));
    }
    let own: Vec<Lifecycle> = dates
        .iter()
        .map(|d| match today {
            Some(t) => lifecycle_risk(d.map(|x| x.map(|x| x - t))),
            None => (None, None),
        })
        .collect();
    // depends_on closure of each node (distinct nodes, itself left out).
    let mut deps: Vec<Vec<u32>> = vec![Vec::new(); n];
    for e in &model.edges {
        if e.kind == EdgeKind::DependsOn && e.from != e.to {
            deps[e.from as usize].push(e.to);
        }
    }
    let mut seen = vec![usize::MAX; n];
    let mut rolled_of = |v: usize| -> Option<f64> {
        let mut total = own[v].0;
        let mut stack = deps[v].clone();
        seen[v] = v;
        while let Some(u) = stack.pop() {
            let ui = u as usize;
            if seen[ui] == v {
                continue;
            }
            seen[ui] = v;
            if let Some(r) = own[ui].0 {
                total = Some(total.unwrap_or(0.0) + r);
            }
            stack.extend(&deps[ui]);
        }
        total
    };
    let mut time_of = vec![None; n];
    let mut rolled = vec![None; n];
    let mut apps = Map::new();
    let (mut with_fits, mut count) = (0usize, 0usize);
    for (v, node) in model.nodes.iter().enumerate() {
        if node.kind != NodeKind::Application {
            continue;
        }
        count += 1;
        let a = node.attrs();
        let (ff, tf) = (a.get(Num::FunctionalFit), a.get(Num::TechnicalFit));
        if ff.is_some() && tf.is_some() {
            with_fits += 1;
        }
        let t = time(ff, tf, threshold);
        time_of[v] = t;
        let declared = a.lifecycle.map(|l| l.as_str());
        let r = rolled_of(v);
        rolled[v] = r;
        let (risk, next) = own[v];
        apps.insert(
            node.id.to_string(),
            json!({
                "time": t,
                "declared": declared,
                "mismatch": matches!((t, declared), (Some(x), Some(y)) if x != y),
                "functional_fit": num(ff),
                "technical_fit": num(tf),
                "lifecycle_risk": num(risk),
                "rolled_lifecycle_risk": num(r),
                "next_milestone": next.map(|(i, _)| MILESTONES[i].0),
                "days_to_milestone": next.map(|(_, d)| d),
            }),
        );
    }
    let completeness = (count > 0).then(|| with_fits as f64 / count as f64);
    let json = json!({
        "as_of": today.map(format_date),
        "fit_threshold": threshold,
        "applications": apps,
        "completeness": num(completeness),
    });
    let own_risk = own.iter().map(|x| x.0).collect();
    (
        Portfolio {
            time: time_of,
            own_risk,
            rolled_risk: rolled,
            json,
        },
        diags,
    )
}

/// A day as `YYYY-MM-DD` (H. Hinnant's `civil_from_days`).
pub fn format_date(z: Day) -> String {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
