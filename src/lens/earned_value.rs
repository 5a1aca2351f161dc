//! Earned value (docs/lenses.md, "Earned value"): per initiative with `budget` (BAC),
//! `planned_value`, `earned_value` and `actual_cost`, the schedule and cost performance indices
//! and the forecasts; and the opt-in rule by which a poor index raises an initiative's own
//! delivery risk (the model's `earned_value_risk`).
//!
//! ```
//! use aligngraph::lens::earned_value::{DEFAULT_RULE, indices};
//! // BAC 100, PV 50, EV 40, AC 50: behind schedule and over cost.
//! let x = indices(Some(100.0), Some(50.0), Some(40.0), Some(50.0));
//! assert_eq!((x.spi, x.cpi, x.eac), (Some(0.8), Some(0.8), Some(125.0)));
//! assert_eq!((x.etc, x.vac), (Some(75.0), Some(-25.0)));
//! // Opted in with the defaults (threshold 0.9, weight 1): the worse index 0.8 is 0.1 short.
//! assert!((DEFAULT_RULE.raise(0.2, x.spi, x.cpi) - 0.28).abs() < 1e-12);
//! ```

use super::{NUMBER_FIELDS, model_place, node_number, num, object, shown};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Model, NodeKind};
use serde_json::{Map, Value};

/// The fields of an initiative, in the order [`indices`] takes them.
pub const FIELDS: [&str; 4] = ["budget", "planned_value", "earned_value", "actual_cost"];
const _: () = assert!(NUMBER_FIELDS.len() == 15);

/// The performance indices and forecasts of one initiative (`None`: cannot be computed).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Indices {
    /// Schedule performance index EV / PV.
    pub spi: Option<f64>,
    /// Cost performance index EV / AC.
    pub cpi: Option<f64>,
    /// Estimate at completion BAC / CPI.
    pub eac: Option<f64>,
    /// Estimate to complete EAC - AC.
    pub etc: Option<f64>,
    /// Variance at completion BAC - EAC.
    pub vac: Option<f64>,
}

/// SPI = EV / PV, CPI = EV / AC, EAC = BAC / CPI, ETC = EAC - AC, VAC = BAC - EAC; each `None`
/// when a value it needs is missing or a divisor is 0.
pub fn indices(bac: Option<f64>, pv: Option<f64>, ev: Option<f64>, ac: Option<f64>) -> Indices {
    let div = |a: Option<f64>, b: Option<f64>| a.zip(b.filter(|b| *b != 0.0)).map(|(a, b)| a / b);
    let (spi, cpi) = (div(ev, pv), div(ev, ac));
    let eac = div(bac, cpi);
    Indices {
        spi,
        cpi,
        eac,
        etc: eac.zip(ac).map(|(e, a)| e - a),
        vac: bac.zip(eac).map(|(b, e)| b - e),
    }
}

/// The opt-in rule: an index below `threshold` adds `weight` x the shortfall (at most 1) to an
/// initiative's own risk as one more independent cause of failure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RiskRule {
    /// The index below which the risk rises.
    pub threshold: f64,
    /// The risk added per unit of shortfall.
    pub weight: f64,
}

/// The rule `"earned_value_risk": true` stands for.
pub const DEFAULT_RULE: RiskRule = RiskRule {
    threshold: 0.9,
    weight: 1.0,
};

impl RiskRule {
    /// `own` raised by the worse of the two indices (those known): with shortfall
    /// s = min(1, weight x max(0, threshold - min(SPI, CPI))), 1 - (1 - own) x (1 - s).
    pub fn raise(&self, own: f64, spi: Option<f64>, cpi: Option<f64>) -> f64 {
        let Some(worst) = spi.into_iter().chain(cpi).reduce(f64::min) else {
            return own;
        };
        let s = (self.weight * (self.threshold - worst).max(0.0)).min(1.0);
        if s > 0.0 {
            1.0 - (1.0 - own) * (1.0 - s)
        } else {
            own
        }
    }
}

/// The model's `earned_value_risk`: absent or `false` is off, `true` the defaults, or an
/// object `{"threshold": T in [0, 2], "weight": W in [0, 10]}` (a key left out takes the
/// default). Anything else is an error at its place, and the rule is off.
pub fn risk_rule(model: &Model, out: &mut Vec<Diagnostic>) -> Option<RiskRule> {
    const FIELD: &str = "earned_value_risk";
    let value = model.extra.get(FIELD)?;
    let rule = match value {
        Value::Bool(on) => return on.then_some(DEFAULT_RULE),
        Value::Object(o) if o.keys().all(|k| k == "threshold" || k == "weight") => {
            let get = |k: &str, default: f64, max: f64| {
                o.get(k).map_or(Some(default), |v| {
                    v.as_f64().filter(|x| (0.0..=max).contains(x))
                })
            };
            get("threshold", DEFAULT_RULE.threshold, 2.0)
                .zip(get("weight", DEFAULT_RULE.weight, 10.0))
                .map(|(threshold, weight)| RiskRule { threshold, weight })
        }
        _ => None,
    };
    if rule.is_none() {
        out.push(Diagnostic::error(
            Code::InvalidValue,
            model_place(FIELD),
            format!(
                "{FIELD} must be true, false or {{\"threshold\": 0 to 2, \"weight\": 0 to 10}}, not {}",
                shown(value)
            ),
        ));
    }
    rule
}

/// The indices of node `v` from its four fields (bad ones left out, each an error in `out`).
fn read(model: &Model, v: u32, out: &mut Vec<Diagnostic>) -> Indices {
    let x: Vec<Option<f64>> = NUMBER_FIELDS[11..]
        .iter()
        .map(|&(f, lo, hi)| node_number(model, v, f, (lo, hi), out))
        .collect();
    indices(x[0], x[1], x[2], x[3])
}

/// Initiative `v`'s own risk `own` as scoring uses it: raised by the rule when the model opts
/// in and `v` has earned-value figures; else `own`. Bad values count as absent here
/// (`aligngraph earned-value` reports them).
pub fn raised_risk(model: &Model, v: u32, own: f64) -> f64 {
    if model.nodes[v as usize].kind != NodeKind::Initiative
        || model.nodes[v as usize].extra().is_none()
    {
        return own;
    }
    let mut quiet = Vec::new();
    let Some(rule) = risk_rule(model, &mut quiet) else {
        return own;
    };
    let x = read(model, v, &mut quiet);
    rule.raise(own, x.spi, x.cpi)
}

/// `aligngraph earned-value`: `{"initiatives": {id: {"spi", "cpi", "eac", "etc", "vac"}},
/// "earned_value_risk"}` over the initiatives with any of the four fields, and the rule in
/// force (`null` when the model does not opt in).
pub fn earned_value(model: &Model) -> (Value, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let rule = risk_rule(model, &mut diags);
    let mut out = Map::new();
    for (v, node) in model.nodes.iter().enumerate() {
        let given = node
            .extra()
            .is_some_and(|x| FIELDS.iter().any(|f| x.contains_key(*f)));
        if node.kind != NodeKind::Initiative || !given {
            continue;
        }
        let x = read(model, v as u32, &mut diags);
        let values = [x.spi, x.cpi, x.eac, x.etc, x.vac].map(num).to_vec();
        out.insert(
            node.id.to_string(),
            object(&["spi", "cpi", "eac", "etc", "vac"], values),
        );
    }
    let rule = rule.map_or(Value::Null, |r| {
        object(
            &["threshold", "weight"],
            vec![r.threshold.into(), r.weight.into()],
        )
    });
    (
        object(
            &["initiatives", "earned_value_risk"],
            vec![out.into(), rule],
        ),
        diags,
    )
}
