//! The schedule: critical path method (CPM) over the active initiatives, with PERT three-point
//! estimates and the normal approximation of the finish along the critical path.
//!
//! Activities are the active initiatives (not done, not cancelled), in model order; an
//! initiative `a` that `depends_on` an active initiative `b` cannot start before `b` finishes.
//! Of active initiatives joined by `excludes` (alternatives: only one is done) the first in model
//! order is scheduled and the others are left out, listed in `alternatives` with a warning.
//! A dependency on a done initiative is satisfied; dependencies on other kinds of node, on
//! cancelled initiatives and self-loops do not constrain the schedule. A planned `start` is a
//! not-before constraint on the earliest start. Formulas and worked examples are in
//! `docs/decisions/schedule.md`.
//!
//! Everything is iterative (Kahn order), so a 100,000-long dependency chain needs no deeper
//! machine stack than a single edge.

// Errors are the crate's `Diagnostic` (`decide::Error`), returned at most once per call; boxing
// them would only change the public signatures the bindings share.
#![allow(clippy::result_large_err)]

use super::Error;
use crate::diagnostics::{Code, Diagnostic, Place};
use crate::graph::{self, Csr};
use crate::model::{EdgeKind, Estimate, Model, Node, Num};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// z of the 80th percentile of the standard normal distribution.
pub const Z80: f64 = 0.841_621_233_572_914_3;

/// Relative tolerance of the slack test: an activity is critical when
/// |slack| <= `CRITICAL_EPS` x max(1, T).
pub const CRITICAL_EPS: f64 = 1e-9;

/// One activity of the schedule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Activity {
    /// Earliest start.
    pub es: f64,
    /// Earliest finish (es + duration).
    pub ef: f64,
    /// Latest start (lf - duration).
    pub ls: f64,
    /// Latest finish.
    pub lf: f64,
    /// Total slack (ls - es).
    pub slack: f64,
    /// True when the slack is zero (within the tolerance).
    pub critical: bool,
    /// Duration used: `duration`, else the PERT mean of `estimate`, else 0 (a milestone).
    pub duration: f64,
    /// Variance of the duration: ((p - o) / 6)^2 for an estimate, else 0.
    pub variance: f64,
    /// Display name.
    pub name: String,
}

/// An active initiative the schedule leaves out: an alternative to a scheduled one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    /// The initiative left out.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// The scheduled initiative it excludes (or that excludes it).
    pub instead_of: String,
}

/// A schedule of the active initiatives (see `docs/decisions-contract.md`, "Schedule").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schedule {
    /// Project duration T: the largest earliest finish (0 with no activity).
    pub duration: f64,
    /// The critical path, start to end (initiative ids).
    pub critical_path: Vec<String>,
    /// The model's time unit.
    pub time_unit: Option<String>,
    /// Every activity by id, in model order.
    #[serde(serialize_with = "ordered_map")]
    pub activities: Vec<(String, Activity)>,
    /// Mean finish along the critical path: its first activity's earliest start plus the sum
    /// of its durations.
    pub mean: f64,
    /// Sum of the variances along the critical path.
    pub variance: f64,
    /// Square root of `variance`.
    pub std_dev: f64,
    /// mean + 0.8416 x std_dev: the 80th percentile under the normal approximation.
    pub p80: f64,
    /// The deadline asked about, if any.
    pub deadline: Option<f64>,
    /// P(finish <= deadline) = Phi((deadline - mean) / std_dev), when a deadline is given.
    pub probability: Option<f64>,
    /// Active initiatives not scheduled because they exclude a scheduled one (alternatives), in
    /// model order; absent from the JSON when there is none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Alternative>,
    /// Warnings (`MISSING_VALUE` for an initiative scheduled as a zero-length milestone). Not
    /// part of the JSON output; the command line prints them on stderr.
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
}

fn ordered_map<S: Serializer>(v: &[(String, Activity)], s: S) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(v.len()))?;
    for (k, a) in v {
        m.serialize_entry(k, a)?;
    }
    m.end()
}

/// What the schedule reads of one initiative, checked.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Input {
    /// `duration`, if given.
    pub duration: Option<f64>,
    /// `estimate`, if given.
    pub estimate: Option<Estimate>,
    /// `start`, or 0.
    pub start: f64,
}

fn out_of_range(node: &Node, field: &str, message: String) -> Error {
    Diagnostic::error(
        Code::OutOfRange,
        Place {
            node: Some(node.id.to_string()),
            field: Some(field.to_string()),
            ..Place::default()
        },
        message,
    )
}

impl Input {
    /// Reads and checks the schedule fields of `node` (the loader checks them too; a model
    /// built in code may not have been).
    pub fn read(node: &Node) -> Result<Input, Error> {
        let a = node.attrs();
        let id = &node.id;
        let check = |field: Num| -> Result<Option<f64>, Error> {
            match a.get(field) {
                Some(v) if !(v.is_finite() && v >= 0.0) => Err(out_of_range(
                    node,
                    field.key(),
                    format!(
                        "initiative \"{id}\": {} must be a finite number >= 0, found {v}",
                        field.key()
                    ),
                )),
                v => Ok(v),
            }
        };
        let duration = check(Num::Duration)?;
        let start = check(Num::Start)?.unwrap_or(0.0);
        let estimate = a.estimate.as_deref().copied();
        if let Some(e) = estimate {
            let (o, m, p) = (e.optimistic, e.likely, e.pessimistic);
            let finite = o.is_finite() && m.is_finite() && p.is_finite() && o >= 0.0;
            if !(finite && o <= m && m <= p) {
                return Err(out_of_range(
                    node,
                    "estimate",
                    format!(
                        "initiative \"{id}\": estimate must satisfy 0 <= optimistic <= likely <= pessimistic, found {o}, {m}, {p}"
                    ),
                ));
            }
        }
        Ok(Input {
            duration,
            estimate,
            start,
        })
    }
}

/// PERT mean (o + 4m + p) / 6 of an estimate.
pub fn pert_mean(e: &Estimate) -> f64 {
    (e.optimistic + 4.0 * e.likely + e.pessimistic) / 6.0
}

/// PERT variance ((p - o) / 6)^2 of an estimate.
pub fn pert_variance(e: &Estimate) -> f64 {
    let s = (e.pessimistic - e.optimistic) / 6.0;
    s * s
}

/// The standard normal distribution function, Phi(z) = erfc(-z / sqrt 2) / 2.
pub fn normal_cdf(z: f64) -> f64 {
    0.5 * libm::erfc(-z / std::f64::consts::SQRT_2)
}

/// The precedence network of the active initiatives.
#[derive(Debug, Clone)]
pub(crate) struct Network {
    /// Model node index of each activity, in model order.
    pub nodes: Vec<u32>,
    /// Activity -> the activities it depends on, rows sorted by id.
    pub preds: Csr,
    /// Every activity after all its predecessors (Kahn order).
    pub order: Vec<u32>,
    /// Rank of each activity in id order.
    pub rank: Vec<u32>,
    /// Checked inputs of each activity.
    pub inputs: Vec<Input>,
    /// Active initiatives left out because they exclude a scheduled one: (left out, scheduled)
    /// model node indices, in model order of the one left out.
    pub left_out: Vec<(u32, u32)>,
}

impl Network {
    /// Builds the network; a depends_on cycle among active initiatives is a
    /// `DEPENDENCY_CYCLE` error naming the initiatives of one cycle.
    ///
    /// Complexity: O(n log n + m log d).
    pub fn build(model: &Model) -> Result<Network, Error> {
        const NONE: u32 = u32::MAX;
        let n = model.nodes.len();
        let left_out = alternatives_left_out(model);
        let mut out = vec![false; n];
        for &(v, _) in &left_out {
            out[v as usize] = true;
        }
        let mut act = vec![NONE; n];
        let mut nodes = Vec::new();
        let mut inputs = Vec::new();
        for (v, node) in model.nodes.iter().enumerate() {
            if node.is_active_initiative() && !out[v] {
                act[v] = nodes.len() as u32;
                nodes.push(v as u32);
                inputs.push(Input::read(node)?);
            }
        }
        let k = nodes.len();
        let mut rank = vec![0u32; k];
        let mut by_rank = Vec::with_capacity(k);
        for v in graph::id_order(model) {
            let a = act[v as usize];
            if a != NONE {
                rank[a as usize] = by_rank.len() as u32;
                by_rank.push(a);
            }
        }
        let edges: Vec<(u32, u32, f64)> = model
            .edges
            .iter()
            .filter(|e| e.kind == EdgeKind::DependsOn && e.from != e.to)
            .filter(|e| (e.from as usize) < n && (e.to as usize) < n)
            .filter_map(|e| {
                let (a, b) = (act[e.from as usize], act[e.to as usize]);
                (a != NONE && b != NONE).then_some((a, b, 1.0))
            })
            .collect();
        let preds = Csr::build(k, &edges, &rank);
        // Sinks of `preds` are the activities without predecessors: the order lists every
        // activity after the ones it depends on.
        let Some(order) = graph::topological_sinks_first(&preds, &by_rank) else {
            return Err(cycle_error(model, &nodes, &preds, &rank, &by_rank));
        };
        Ok(Network {
            nodes,
            preds,
            order,
            rank,
            inputs,
            left_out,
        })
    }

    /// Forward pass: earliest starts and finishes for durations `d`; returns T.
    pub fn forward(&self, d: &[f64], es: &mut [f64], ef: &mut [f64]) -> f64 {
        let mut t = 0f64;
        for &v in &self.order {
            let vi = v as usize;
            let mut s = self.inputs[vi].start;
            for &p in self.preds.targets(v) {
                s = s.max(ef[p as usize]);
            }
            es[vi] = s;
            ef[vi] = s + d[vi];
            t = t.max(ef[vi]);
        }
        t
    }
}

/// Alternatives among the active initiatives: in model order, an active initiative joined by
/// `excludes` (either direction) to one already scheduled is left out. Returns (left out,
/// the scheduled one it excludes; the first in model order when several), in model order.
///
/// Complexity: O(n + m log m).
fn alternatives_left_out(model: &Model) -> Vec<(u32, u32)> {
    let n = model.nodes.len();
    let active = |v: usize| v < n && model.nodes[v].is_active_initiative();
    let mut pairs: Vec<(u32, u32)> = model
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Excludes && e.from != e.to)
        .filter(|e| active(e.from as usize) && active(e.to as usize))
        .flat_map(|e| [(e.from, e.to), (e.to, e.from)])
        .collect();
    if pairs.is_empty() {
        return Vec::new();
    }
    pairs.sort_unstable();
    pairs.dedup();
    let mut scheduled = vec![true; n];
    let mut left_out = Vec::new();
    let mut i = 0;
    while i < pairs.len() {
        let v = pairs[i].0;
        let mut j = i;
        let mut kept = None;
        while j < pairs.len() && pairs[j].0 == v {
            let u = pairs[j].1;
            if u < v && scheduled[u as usize] && kept.is_none() {
                kept = Some(u);
            }
            j += 1;
        }
        if let Some(u) = kept {
            scheduled[v as usize] = false;
            left_out.push((v, u));
        }
        i = j;
    }
    left_out
}

/// The error for a depends_on cycle: the cycle through the smallest id of the first cycle
/// found, in depends_on order starting there.
fn cycle_error(model: &Model, nodes: &[u32], preds: &Csr, rank: &[u32], by_rank: &[u32]) -> Error {
    let comps = graph::strongly_connected(preds, by_rank, rank);
    let Some(comp) = comps.cycles.iter().min_by_key(|c| rank[c[0] as usize]) else {
        // Unreachable for a graph Kahn's algorithm rejected; report without members.
        return Diagnostic::error(
            Code::DependencyCycle,
            Place::default(),
            "the initiatives' depends_on edges form a cycle",
        );
    };
    let start = comp[0];
    let cid = comps.component[start as usize];
    // Breadth-first search inside the component for the shortest way back to `start`.
    const UNSEEN: u32 = u32::MAX;
    let mut parent = vec![UNSEEN; preds.node_count()];
    let mut queue = vec![start];
    let mut head = 0;
    let mut last = start;
    'search: while head < queue.len() {
        let v = queue[head];
        head += 1;
        for &w in preds.targets(v) {
            if comps.component[w as usize] != cid {
                continue;
            }
            if w == start {
                last = v;
                break 'search;
            }
            if parent[w as usize] == UNSEEN {
                parent[w as usize] = v;
                queue.push(w);
            }
        }
    }
    let mut cycle = vec![last];
    let mut v = last;
    while v != start {
        v = parent[v as usize];
        cycle.push(v);
    }
    cycle.reverse();
    let ids: Vec<&str> = cycle
        .iter()
        .map(|&a| model.nodes[nodes[a as usize] as usize].id.as_ref())
        .collect();
    // A long cycle is shown by its first and last few initiatives and a count.
    const SHOWN: usize = 5;
    let quote = |s: &&str| format!("\"{s}\"");
    let mut chain: Vec<String> = if ids.len() > 3 * SHOWN {
        let mut c: Vec<String> = ids[..SHOWN].iter().map(quote).collect();
        c.push(format!(
            "... {} more ...",
            crate::diagnostics::count(ids.len() - 2 * SHOWN)
        ));
        c.extend(ids[ids.len() - SHOWN..].iter().map(quote));
        c
    } else {
        ids.iter().map(quote).collect()
    };
    chain.push(format!("\"{}\"", ids[0]));
    Diagnostic::error(
        Code::DependencyCycle,
        Place::node(ids[0]),
        format!(
            "active initiatives depend on each other in a cycle ({}{}; each depends_on the next), so they cannot be scheduled",
            chain.join(" -> "),
            if ids.len() > 3 * SHOWN {
                format!(", {} initiatives", crate::diagnostics::count(ids.len()))
            } else {
                String::new()
            }
        ),
    )
}

/// The `MISSING_VALUE` warning (field `duration`) for an initiative with neither a duration nor
/// an estimate, which the method (`scheduled`, `simulated`) takes as a zero-length milestone.
pub(crate) fn milestone_warning(id: &str, treated: &str) -> Diagnostic {
    Diagnostic::warning(
        Code::MissingValue,
        Place {
            node: Some(id.to_string()),
            field: Some("duration".into()),
            ..Place::default()
        },
        format!(
            "initiative \"{id}\" has neither a duration nor an estimate; it is {treated} as a zero-length milestone"
        ),
    )
}

/// Schedules the active initiatives of `model` (CPM forward and backward pass, PERT times for
/// estimates) and, with a deadline, the probability of finishing by it.
///
/// Errors: `INVALID_ARGUMENT` for a non-finite deadline; `DEPENDENCY_CYCLE` for a depends_on
/// cycle among active initiatives; `OUT_OF_RANGE` for a bad duration, start or estimate in a
/// model built in code (the loader rejects them in files).
///
/// Complexity: O(n log n + m log d).
pub fn schedule(model: &Model, deadline: Option<f64>) -> Result<Schedule, Error> {
    if let Some(t) = deadline {
        if !t.is_finite() {
            return Err(super::invalid_argument(
                "deadline",
                format!("the deadline must be a finite number, found {t}"),
            ));
        }
    }
    let net = Network::build(model)?;
    let k = net.nodes.len();
    let mut warnings = Vec::new();
    let mut d = vec![0f64; k];
    let mut var = vec![0f64; k];
    for (a, inp) in net.inputs.iter().enumerate() {
        if let Some(x) = inp.duration {
            // The plan's duration sets the times; an estimate next to it still says how
            // uncertain that duration is.
            d[a] = x;
            var[a] = inp.estimate.as_ref().map_or(0.0, pert_variance);
        } else if let Some(e) = &inp.estimate {
            d[a] = pert_mean(e);
            var[a] = pert_variance(e);
        } else {
            let id = &model.nodes[net.nodes[a] as usize].id;
            warnings.push(milestone_warning(id, "scheduled"));
        }
    }
    let mut es = vec![0f64; k];
    let mut ef = vec![0f64; k];
    let t = net.forward(&d, &mut es, &mut ef);
    // Backward pass in reverse Kahn order: every successor of v is final before v.
    let mut lf = vec![t; k];
    let mut ls = vec![0f64; k];
    for &v in net.order.iter().rev() {
        let vi = v as usize;
        ls[vi] = lf[vi] - d[vi];
        for &p in net.preds.targets(v) {
            lf[p as usize] = lf[p as usize].min(ls[vi]);
        }
    }
    let eps = CRITICAL_EPS * t.max(1.0);
    let critical: Vec<bool> = (0..k).map(|a| (ls[a] - es[a]).abs() <= eps).collect();

    // The critical path: from the critical activity finishing at T (one that no activity
    // depends on, so the path reaches the end even past zero-length milestones) back through
    // critical predecessors finishing at its start (ties by id).
    let mut has_successor = vec![false; k];
    for v in 0..k as u32 {
        for &p in net.preds.targets(v) {
            has_successor[p as usize] = true;
        }
    }
    let mut path = Vec::new();
    let end = (0..k)
        .filter(|&a| critical[a] && !has_successor[a] && (ef[a] - t).abs() <= eps)
        .min_by_key(|&a| net.rank[a]);
    if let Some(mut v) = end {
        path.push(v);
        loop {
            let next = net
                .preds
                .targets(v as u32)
                .iter()
                .map(|&p| p as usize)
                .filter(|&p| critical[p] && (ef[p] - es[v]).abs() <= eps)
                .min_by_key(|&p| net.rank[p]);
            match next {
                Some(p) => {
                    path.push(p);
                    v = p;
                }
                None => break,
            }
        }
        path.reverse();
    }
    let (mut mean, mut variance) = (path.first().map_or(0.0, |&a| es[a]), 0.0);
    for &a in &path {
        mean += d[a];
        variance += var[a];
    }
    let std_dev = variance.sqrt();
    let probability = deadline.map(|t| {
        if std_dev > 0.0 {
            normal_cdf((t - mean) / std_dev)
        } else if t >= mean {
            1.0
        } else {
            0.0
        }
    });
    let id = |a: usize| model.nodes[net.nodes[a] as usize].id.to_string();
    let activities = (0..k)
        .map(|a| {
            let node = &model.nodes[net.nodes[a] as usize];
            (
                node.id.to_string(),
                Activity {
                    es: es[a],
                    ef: ef[a],
                    ls: ls[a],
                    lf: lf[a],
                    slack: ls[a] - es[a],
                    critical: critical[a],
                    duration: d[a],
                    variance: var[a],
                    name: node.display_name().to_string(),
                },
            )
        })
        .collect();
    let mut alternatives = Vec::with_capacity(net.left_out.len());
    for &(v, u) in &net.left_out {
        let (left, kept) = (&model.nodes[v as usize], &model.nodes[u as usize]);
        warnings.push(Diagnostic::warning(
            Code::Inconsistent,
            Place {
                node: Some(left.id.to_string()),
                ..Place::default()
            },
            format!(
                "initiatives \"{}\" and \"{}\" exclude each other (alternatives) and both are active; only \"{}\", the first in the model, is scheduled",
                kept.id, left.id, kept.id
            ),
        ));
        alternatives.push(Alternative {
            id: left.id.to_string(),
            name: left.display_name().to_string(),
            instead_of: kept.id.to_string(),
        });
    }
    Ok(Schedule {
        duration: t,
        critical_path: path.iter().map(|&a| id(a)).collect(),
        time_unit: model.time_unit.clone(),
        activities,
        mean,
        variance,
        std_dev,
        p80: mean + Z80 * std_dev,
        deadline,
        probability,
        alternatives,
        warnings,
    })
}
