//! Money, the return of each investment: NPV, IRR, MIRR (Excel's conventions), payback and
//! discounted payback of an initiative's `cashflows` (index 0 = now), at the model's
//! `discount_rate` and `reinvest_rate` (docs/lenses.md, "Finance").
//!
//! ```
//! use aligngraph::lens::finance;
//! // Excel's =NPV(10%, -10000, 3000, 4200, 6800) discounts its first value one period.
//! let npv = finance::npv(&[0.0, -10000.0, 3000.0, 4200.0, 6800.0], 0.10);
//! assert!((npv - 1188.44).abs() < 0.005);
//! // Excel's =IRR(-70000, 12000, 15000, 18000, 21000) = -2.1 %.
//! let (irr, roots) = finance::irr(&[-70000.0, 12000.0, 15000.0, 18000.0, 21000.0]);
//! assert!((irr.unwrap() + 0.021245).abs() < 1e-5 && roots == 1);
//! ```

use super::{model_number, node_field, node_place, num, shown};
use crate::diagnostics::{Code, Diagnostic, Place};
use crate::model::{Model, NodeKind, Status};
use serde_json::{Map, Value, json};

/// The discount rate used when cashflows are given and the model states none.
pub const DEFAULT_DISCOUNT_RATE: f64 = 0.08;

/// The open range an IRR is searched in.
pub const IRR_RANGE: (f64, f64) = (-0.999, 10.0);

/// Grid cells the IRR range is cut into (uniform in ln(1 + r): 0.23 % of rate near 0).
const IRR_GRID: usize = 4000;

/// Net present value: sum over t of CF_t / (1 + r)^t, index 0 undiscounted.
pub fn npv(flows: &[f64], r: f64) -> f64 {
    let d = 1.0 + r;
    let mut f = 1.0;
    let mut sum = 0.0;
    for &cf in flows {
        sum += cf / f;
        f *= d;
    }
    sum
}

/// Internal rate of return: the root of NPV(r) in [`IRR_RANGE`] nearest 0, and how many roots
/// the search found (a sign change of NPV between two neighbouring grid points, refined by
/// bisection to 1e-12). `None` when the flows never change sign or no root lies in the range.
///
/// Complexity: O(n x 4,000) for n flows, plus O(n x 60) per root.
pub fn irr(flows: &[f64]) -> (Option<f64>, usize) {
    let has_pos = flows.iter().any(|&x| x > 0.0);
    let has_neg = flows.iter().any(|&x| x < 0.0);
    if !(has_pos && has_neg) {
        return (None, 0);
    }
    let (lo, hi) = ((1.0 + IRR_RANGE.0).ln(), (1.0 + IRR_RANGE.1).ln());
    let rate = |k: usize| (lo + (hi - lo) * k as f64 / IRR_GRID as f64).exp() - 1.0;
    let mut roots: Vec<f64> = Vec::new();
    let mut a = rate(1);
    let mut fa = npv(flows, a);
    for k in 2..IRR_GRID {
        let b = rate(k);
        let fb = npv(flows, b);
        if fa == 0.0 {
            roots.push(a);
        } else if fa.signum() != fb.signum() && fb != 0.0 {
            roots.push(bisect(flows, a, b, fa));
        }
        (a, fa) = (b, fb);
    }
    if fa == 0.0 {
        roots.push(a);
    }
    let best = roots
        .iter()
        .copied()
        .min_by(|x, y| x.abs().total_cmp(&y.abs()));
    (best, roots.len())
}

fn bisect(flows: &[f64], mut a: f64, mut b: f64, mut fa: f64) -> f64 {
    for _ in 0..200 {
        let m = 0.5 * (a + b);
        if (b - a).abs() < 1e-12 {
            return m;
        }
        let fm = npv(flows, m);
        if fm == 0.0 {
            return m;
        }
        if fm.signum() == fa.signum() {
            (a, fa) = (m, fm);
        } else {
            b = m;
        }
    }
    0.5 * (a + b)
}

/// Modified IRR (Excel's MIRR): with n flows, (FV at t = n - 1 of the positive flows at
/// `reinvest` / -(PV at t = 0 of the negative flows at `rate`))^(1 / (n - 1)) - 1; `None`
/// without both signs.
pub fn mirr(flows: &[f64], rate: f64, reinvest: f64) -> Option<f64> {
    let n = flows.len();
    if n < 2 {
        return None;
    }
    let last = (n - 1) as i32;
    let (mut fv, mut pv) = (0.0, 0.0);
    for (t, &cf) in flows.iter().enumerate() {
        if cf > 0.0 {
            fv += cf * (1.0 + reinvest).powi(last - t as i32);
        } else if cf < 0.0 {
            pv += cf / (1.0 + rate).powi(t as i32);
        }
    }
    (fv > 0.0 && pv < 0.0).then(|| (fv / -pv).powf(1.0 / f64::from(last)) - 1.0)
}

/// Payback: the smallest t from which the cumulative flow stays >= 0, linear inside the period in
/// which it turns (t = (k - 1) + (-cum_(k-1)) / CF_k); 0 when the cumulative flow is never
/// negative; `None` when it ends negative.
pub fn payback(flows: &[f64]) -> Option<f64> {
    let mut cum = 0.0;
    // The last period whose cumulative flow is negative, and that flow.
    let mut last_negative: Option<(usize, f64)> = None;
    for (t, &cf) in flows.iter().enumerate() {
        cum += cf;
        if cum < 0.0 {
            last_negative = Some((t, cum));
        }
    }
    match last_negative {
        None => Some(0.0),
        Some((j, _)) if j + 1 == flows.len() => None,
        Some((j, c)) => Some(j as f64 + (-c) / flows[j + 1]),
    }
}

/// The flows discounted to t = 0 at `rate`.
pub fn discounted(flows: &[f64], rate: f64) -> Vec<f64> {
    let mut f = 1.0;
    flows
        .iter()
        .map(|&cf| {
            let v = cf / f;
            f *= 1.0 + rate;
            v
        })
        .collect()
}

/// `aligngraph finance`: every initiative with cashflows (model order) with its NPV, IRR, MIRR,
/// payback and discounted payback, and the portfolio's NPV (the initiatives that are not
/// cancelled). `rate` and `reinvest` override the model's `discount_rate` and `reinvest_rate`.
/// Bad values are errors in `diagnostics` (with their place), and their initiatives are left out.
pub fn finance(
    model: &Model,
    rate: Option<f64>,
    reinvest: Option<f64>,
) -> (Value, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut flows_of = Vec::new();
    for (v, node) in model.nodes.iter().enumerate() {
        let Some(value) = node_field(model, v as u32, "cashflows") else {
            continue;
        };
        let place = || node_place(v as u32, &node.id, "cashflows");
        if node.kind != NodeKind::Initiative {
            diags.push(Diagnostic::warning(
                Code::InvalidValue,
                place(),
                format!(
                    "cashflows belong to initiatives; on this {} they are not used",
                    node.kind.as_str()
                ),
            ));
            continue;
        }
        let flows: Option<Vec<f64>> = value.as_array().and_then(|a| {
            a.iter()
                .map(|x| x.as_f64().filter(|f| f.is_finite()))
                .collect()
        });
        match flows {
            Some(f) if !f.is_empty() => flows_of.push((v, f)),
            _ => diags.push(Diagnostic::error(
                Code::WrongType,
                place(),
                format!(
                    "cashflows must be a non-empty array of numbers (one per period, index 0 = now), not {}",
                    shown(value)
                ),
            )),
        }
    }
    let stated = model_number(model, "discount_rate", -0.99, 10.0, &mut diags);
    let rate = rate.or(stated).unwrap_or_else(|| {
        if !flows_of.is_empty() {
            diags.push(Diagnostic::warning(
                Code::DefaultDiscountRate,
                Place {
                    pointer: Some("/discount_rate".into()),
                    field: Some("discount_rate".into()),
                    ..Place::default()
                },
                format!(
                    "the model has cashflows but no discount_rate; {DEFAULT_DISCOUNT_RATE} is used"
                ),
            ));
        }
        DEFAULT_DISCOUNT_RATE
    });
    let stated_reinvest = model_number(model, "reinvest_rate", -0.99, 10.0, &mut diags);
    let reinvest = reinvest.or(stated_reinvest).unwrap_or(rate);
    let mut initiatives = Map::new();
    let mut portfolio = 0.0;
    for (v, flows) in &flows_of {
        let node = &model.nodes[*v];
        let value = npv(flows, rate);
        if node.status() != Status::Cancelled {
            portfolio += value;
        }
        let (irr, roots) = irr(flows);
        if roots > 1 {
            diags.push(Diagnostic::warning(
                Code::MultipleIrr,
                node_place(*v as u32, &node.id, "cashflows"),
                format!(
                    "{} has cashflows with {roots} internal rates of return; the one nearest 0 is given",
                    node.label()
                ),
            ));
        }
        initiatives.insert(
            node.id.to_string(),
            json!({
                "npv": num(Some(value)),
                "irr": num(irr),
                "mirr": num(mirr(flows, rate, reinvest)),
                "payback": num(payback(flows)),
                "discounted_payback": num(payback(&discounted(flows, rate))),
            }),
        );
    }
    let out = json!({
        "discount_rate": rate,
        "reinvest_rate": reinvest,
        "initiatives": initiatives,
        "portfolio": {"npv": portfolio},
    });
    (out, diags)
}
