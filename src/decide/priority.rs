//! Prioritisation: WSJF (cost of delay over job size) and weighted scoring of the active
//! initiatives, with the sensitivity of the top-N set to each weight.
//!
//! Formulas, rules and worked examples: `docs/decisions/prioritisation.md`.

use super::{Error, invalid_argument};
use crate::analysis::Scores;
use crate::diagnostics::{Code, Diagnostic, Place};
use crate::model::{Model, Node, Num};
use serde::{Deserialize, Serialize};

/// The four WSJF inputs, in the order they are named in messages.
const WSJF_FIELDS: [Num; 4] = [
    Num::BusinessValue,
    Num::TimeCriticality,
    Num::RiskReduction,
    Num::JobSize,
];

/// WSJF of one node: (business_value + time_criticality + risk_reduction) / job_size, or the
/// names of the fields it lacks (a `job_size` of 0 or below counts as missing).
fn node_wsjf(node: &Node) -> Result<f64, Vec<&'static str>> {
    let a = node.attrs();
    let mut vals = [0.0; 4];
    let mut missing = Vec::new();
    for (slot, k) in vals.iter_mut().zip(WSJF_FIELDS) {
        match a.get(k) {
            Some(v) if v.is_finite() && (k != Num::JobSize || v > 0.0) => *slot = v,
            _ => missing.push(k.key()),
        }
    }
    if missing.is_empty() {
        Ok((vals[0] + vals[1] + vals[2]) / vals[3])
    } else {
        Err(missing)
    }
}

/// WSJF of every initiative (any status) that has all four inputs, in model order, and a
/// `MISSING_VALUE` warning for each initiative lacking any of them (naming the fields).
///
/// Complexity: O(n).
pub fn wsjf(model: &Model) -> (Vec<(String, f64)>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for node in model
        .nodes
        .iter()
        .filter(|n| n.kind == crate::model::NodeKind::Initiative)
    {
        match node_wsjf(node) {
            Ok(v) => out.push((node.id.to_string(), v)),
            Err(missing) => warnings.push(Diagnostic::warning(
                Code::MissingValue,
                Place {
                    node: Some(node.id.to_string()),
                    field: Some(missing.join(",")),
                    ..Place::default()
                },
                format!(
                    "initiative \"{}\" has no WSJF: it lacks {} (job_size must be above 0)",
                    node.id,
                    missing.join(", ")
                ),
            )),
        }
    }
    (out, warnings)
}

/// The weights of the four criteria of weighted scoring. Only their ratios matter.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Weights {
    /// Alignment with the weighted goals.
    pub alignment: f64,
    /// Expected benefit.
    pub benefit: f64,
    /// Delivery confidence (1 - propagated delivery risk).
    pub risk: f64,
    /// Cheapness (cost, inverted).
    pub cost: f64,
}

impl Default for Weights {
    /// 0.4 alignment, 0.3 benefit, 0.15 risk, 0.15 cost.
    fn default() -> Self {
        Weights {
            alignment: 0.4,
            benefit: 0.3,
            risk: 0.15,
            cost: 0.15,
        }
    }
}

/// The criteria names, in the order of [`Weights::get`].
pub const CRITERIA: [&str; 4] = ["alignment", "benefit", "risk", "cost"];

impl Weights {
    /// The weights as an array in [`CRITERIA`] order.
    pub fn get(&self) -> [f64; 4] {
        [self.alignment, self.benefit, self.risk, self.cost]
    }

    fn from_array(w: [f64; 4]) -> Weights {
        Weights {
            alignment: w[0],
            benefit: w[1],
            risk: w[2],
            cost: w[3],
        }
    }

    /// Parses `alignment=0.4,benefit=0.3,...`. Criteria not named get weight 0; each name may
    /// appear once.
    pub fn parse(text: &str) -> Result<Weights, Error> {
        let mut w = [0.0; 4];
        let mut seen = [false; 4];
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = part.split_once('=').ok_or_else(|| {
                invalid_argument(
                    "weights",
                    format!("\"{part}\" is not NAME=VALUE (e.g. alignment=0.4)"),
                )
            })?;
            let name = name.trim();
            let k = CRITERIA.iter().position(|c| *c == name).ok_or_else(|| {
                invalid_argument(
                    &format!("weights.{name}"),
                    format!(
                        "unknown weight \"{name}\"; expected one of {}",
                        CRITERIA.join(", ")
                    ),
                )
            })?;
            if seen[k] {
                return Err(invalid_argument(
                    &format!("weights.{name}"),
                    format!("weight \"{name}\" is given twice"),
                ));
            }
            seen[k] = true;
            w[k] = value.trim().parse::<f64>().map_err(|_| {
                invalid_argument(
                    &format!("weights.{name}"),
                    format!("weight \"{name}\" is \"{}\", not a number", value.trim()),
                )
            })?;
        }
        let w = Weights::from_array(w);
        w.check()?;
        Ok(w)
    }

    /// Checks that every weight is finite and >= 0 and that they sum to more than 0.
    pub fn check(&self) -> Result<(), Error> {
        for (name, v) in CRITERIA.iter().zip(self.get()) {
            if !v.is_finite() || v < 0.0 {
                return Err(invalid_argument(
                    &format!("weights.{name}"),
                    format!("weight \"{name}\" must be a finite number >= 0, got {v}"),
                ));
            }
        }
        if self.get().iter().sum::<f64>() <= 0.0 {
            return Err(invalid_argument(
                "weights",
                "the weights sum to 0; at least one must be positive",
            ));
        }
        Ok(())
    }
}

/// The normalised criteria of one initiative, each in [0, 1] (1 is best).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Components {
    /// Alignment as scored.
    pub alignment: f64,
    /// Benefit, min-max normalised over the active initiatives.
    pub benefit: f64,
    /// 1 - propagated delivery risk.
    pub risk: f64,
    /// Cost, min-max normalised and inverted (cheapest 1).
    pub cost: f64,
}

impl Components {
    fn get(&self) -> [f64; 4] {
        [self.alignment, self.benefit, self.risk, self.cost]
    }
}

/// One row of the ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Node id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// 1-based rank.
    pub rank: usize,
    /// Weighted score in [0, 1].
    pub score: f64,
    /// WSJF, null when the initiative lacks its inputs.
    pub wsjf: Option<f64>,
    /// Alignment.
    pub alignment: f64,
    /// Benefit as written.
    pub benefit: Option<f64>,
    /// Propagated delivery risk.
    pub risk: f64,
    /// Cost as written.
    pub cost: Option<f64>,
    /// The normalised criteria.
    pub components: Components,
}

/// Where the top-N set changes when one weight moves.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Crossing {
    /// The weight of the criterion at which the set changes.
    pub weight: f64,
    /// The initiative that enters the top N there.
    pub enters: String,
    /// The initiative that leaves it.
    pub leaves: String,
}

/// The sensitivity of the top-N set to one criterion's weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    /// The criterion.
    pub criterion: &'static str,
    /// Its current weight.
    pub weight: f64,
    /// The nearest lower weight at which the top-N set changes, if any.
    pub lower: Option<Crossing>,
    /// The nearest higher weight at which it changes, if any.
    pub upper: Option<Crossing>,
}

/// The weighted ranking of the active initiatives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranking {
    /// The weights used.
    pub weights: Weights,
    /// N of the top-N set the sensitivity is about.
    pub top_n: usize,
    /// The active initiatives, best first.
    pub rows: Vec<Row>,
    /// One entry per criterion.
    pub sensitivity: Vec<Sensitivity>,
}

/// Min-max normalisation of optional values: `inverted` makes the smallest 1. A missing value
/// gets the mean of the others' normalised values; when all present values are equal (or none
/// is present) every initiative gets 0.5.
fn normalise(values: &[Option<f64>], inverted: bool) -> Vec<f64> {
    let present: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    let lo = present.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = present.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if present.is_empty() || hi <= lo {
        return vec![0.5; values.len()];
    }
    let norm = |v: f64| {
        if inverted {
            (hi - v) / (hi - lo)
        } else {
            (v - lo) / (hi - lo)
        }
    };
    let mean = present.iter().map(|&v| norm(v)).sum::<f64>() / present.len() as f64;
    values
        .iter()
        .map(|v| match v {
            Some(v) if v.is_finite() => norm(*v),
            _ => mean,
        })
        .collect()
}

/// The order of the initiatives (indices into `comps`) under `w`: score descending, ties by id.
fn order(comps: &[Components], ids: &[&str], w: &[f64; 4]) -> Vec<usize> {
    let total: f64 = w.iter().sum();
    let scores: Vec<f64> = comps
        .iter()
        .map(|c| c.get().iter().zip(w).map(|(x, y)| x * y).sum::<f64>() / total)
        .collect();
    let mut ix: Vec<usize> = (0..comps.len()).collect();
    ix.sort_unstable_by(|&a, &b| {
        scores[b]
            .total_cmp(&scores[a])
            .then_with(|| ids[a].cmp(ids[b]))
    });
    ix
}

/// Membership of the top `n` under `w`.
fn top_set(comps: &[Components], ids: &[&str], w: &[f64; 4], n: usize) -> Vec<bool> {
    let mut inside = vec![false; comps.len()];
    for &i in order(comps, ids, w).iter().take(n) {
        inside[i] = true;
    }
    inside
}

/// The next float above (`up`) or below a non-negative `x`.
fn step(x: f64, up: bool) -> f64 {
    if up {
        f64::from_bits(x.to_bits() + 1)
    } else if x > 0.0 {
        f64::from_bits(x.to_bits() - 1)
    } else {
        -1.0
    }
}

/// The nearest weight of criterion `k` in one direction at which the top-`n` set changes.
///
/// With the other weights fixed, an initiative's score times the weight sum is linear in the
/// weight (A_i + w c_ik), and the order is invariant under that positive scaling, so the set can
/// change only where an initiative outside it crosses one inside it. The crossings are visited
/// nearest first; at each the weight is checked (and moved by at most a few units in the last
/// place, for rounding and for ties broken by id) until the set really differs.
fn crossing(
    comps: &[Components],
    ids: &[&str],
    w: &[f64; 4],
    k: usize,
    n: usize,
    up: bool,
) -> Option<Crossing> {
    let m = comps.len();
    if n == 0 || n >= m {
        return None;
    }
    let current = top_set(comps, ids, w, n);
    let others: f64 = w
        .iter()
        .enumerate()
        .filter(|&(j, _)| j != k)
        .map(|(_, x)| x)
        .sum();
    // Only the criterion weighted: the order does not depend on its weight (above 0).
    if others <= 0.0 {
        return None;
    }
    let base: Vec<f64> = comps
        .iter()
        .map(|c| {
            c.get()
                .iter()
                .zip(w)
                .enumerate()
                .filter(|&(j, _)| j != k)
                .map(|(_, (x, y))| x * y)
                .sum()
        })
        .collect();
    let slope: Vec<f64> = comps.iter().map(|c| c.get()[k]).collect();
    let w0 = w[k];
    let mut cands: Vec<f64> = Vec::new();
    for i in (0..m).filter(|&i| current[i]) {
        for j in (0..m).filter(|&j| !current[j]) {
            // j overtakes i moving up when its slope is larger, moving down when smaller.
            let ds = slope[j] - slope[i];
            if (up && ds > 0.0) || (!up && ds < 0.0) {
                let x = (base[i] - base[j]) / ds;
                if x.is_finite() && ((up && x >= w0) || (!up && x <= w0 && x >= 0.0)) {
                    cands.push(x);
                }
            }
        }
    }
    if up {
        cands.sort_unstable_by(f64::total_cmp);
    } else {
        cands.sort_unstable_by(|a, b| b.total_cmp(a));
    }
    cands.dedup();
    let mut trial = *w;
    for x in cands {
        let mut t = if x == w0 { step(w0, up) } else { x };
        for _ in 0..64 {
            if t < 0.0 || !t.is_finite() {
                break;
            }
            trial[k] = t;
            let ord = order(comps, ids, &trial);
            let now = top_set(comps, ids, &trial, n);
            if now != current {
                let enters = ord.iter().find(|&&i| now[i] && !current[i])?;
                let leaves = ord.iter().rev().find(|&&i| current[i] && !now[i])?;
                return Some(Crossing {
                    weight: t,
                    enters: ids[*enters].to_string(),
                    leaves: ids[*leaves].to_string(),
                });
            }
            t = step(t, up);
        }
    }
    None
}

/// Ranks the active initiatives by the weighted score of their normalised criteria, and finds
/// for each criterion the nearest weights below and above the current one at which the top
/// `top_n` set changes.
///
/// Complexity: O(m log m) for the ranking plus, per criterion, O(N (m - N)) crossings, each
/// visited one checked in O(m log m) (usually only the first).
pub fn rank(
    model: &Model,
    scores: &Scores,
    weights: &Weights,
    top_n: usize,
) -> Result<Ranking, Error> {
    weights.check()?;
    let active: Vec<u32> = scores
        .active
        .iter()
        .copied()
        .filter(|&i| (i as usize) < model.nodes.len())
        .collect();
    let nodes: Vec<&Node> = active.iter().map(|&i| model.node(i)).collect();
    let ids: Vec<&str> = nodes.iter().map(|n| n.id.as_ref()).collect();
    let benefit: Vec<Option<f64>> = nodes.iter().map(|n| n.attrs().get(Num::Benefit)).collect();
    let cost: Vec<Option<f64>> = nodes.iter().map(|n| n.attrs().cost()).collect();
    let nb = normalise(&benefit, false);
    let nc = normalise(&cost, true);
    let at = |v: &Vec<f64>, i: u32| v.get(i as usize).copied().unwrap_or(0.0);
    let comps: Vec<Components> = active
        .iter()
        .enumerate()
        .map(|(r, &i)| Components {
            alignment: at(&scores.alignment, i),
            benefit: nb[r],
            risk: 1.0 - at(&scores.delivery_risk, i),
            cost: nc[r],
        })
        .collect();
    let w = weights.get();
    let total: f64 = w.iter().sum();
    let rows = order(&comps, &ids, &w)
        .into_iter()
        .enumerate()
        .map(|(pos, r)| {
            let c = comps[r];
            Row {
                id: ids[r].to_string(),
                name: nodes[r].display_name().to_string(),
                rank: pos + 1,
                score: c.get().iter().zip(&w).map(|(x, y)| x * y).sum::<f64>() / total,
                wsjf: node_wsjf(nodes[r]).ok(),
                alignment: c.alignment,
                benefit: benefit[r],
                risk: at(&scores.delivery_risk, active[r]),
                cost: cost[r],
                components: c,
            }
        })
        .collect();
    let sensitivity = CRITERIA
        .iter()
        .enumerate()
        .map(|(k, name)| Sensitivity {
            criterion: name,
            weight: w[k],
            lower: crossing(&comps, &ids, &w, k, top_n, false),
            upper: crossing(&comps, &ids, &w, k, top_n, true),
        })
        .collect();
    Ok(Ranking {
        weights: *weights,
        top_n,
        rows,
        sensitivity,
    })
}
