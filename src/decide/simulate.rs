//! Monte Carlo simulation of the portfolio: sampled durations, delivery failures, cost and the
//! goal coverage actually delivered, over many seeded runs.
//!
//! Per run: every active initiative's duration is drawn from its estimate (beta-PERT or
//! triangular); delivery failures are drawn node by node in dependency order (own risk, passed
//! on along depends_on edges with probability = edge weight); the finish is the CPM forward pass
//! with the drawn durations (the rules of [`super::schedule`]); the cost scales with the drawn
//! duration; the delivered goal coverage is the `goal_coverage` KPI over the delivered
//! initiatives only; the initiatives are ranked by realised value per cost. Formulas are in
//! `docs/decisions/simulation.md`.
//!
//! One random stream (`Pcg64` seeded from the caller's `u64`) is consumed in run order, and
//! every accumulator is updated in run order, so a [`Simulation`] stepped in any chunks gives
//! the same result as one [`simulate`] call.

// Errors are the crate's `Diagnostic` (`decide::Error`), returned at most once per call; boxing
// them would only change the public signatures the bindings share.
#![allow(clippy::result_large_err)]

use super::schedule::{Network, milestone_warning, pert_mean};
use super::{Error, invalid_argument};
use crate::analysis::Scores;
use crate::diagnostics::Diagnostic;
use crate::graph::Csr;
use crate::model::{Model, Num, Status};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64;
use serde::Serialize;

/// Most runs one simulation may do.
pub const MAX_RUNS: usize = 1_000_000;

/// Number of histogram bins (when the runs are not all equal).
pub const BINS: usize = 30;

/// The distribution durations are drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Distribution {
    /// Beta-PERT on [o, p] with mode m: alpha = 1 + 4(m - o)/(p - o), beta = 1 + 4(p - m)/(p - o).
    Pert,
    /// Triangular on [o, p] with mode m.
    Triangular,
}

impl Distribution {
    /// The name as written on the command line and in the output.
    pub fn as_str(self) -> &'static str {
        match self {
            Distribution::Pert => "pert",
            Distribution::Triangular => "triangular",
        }
    }

    /// Parses a name (`pert` or `triangular`).
    pub fn parse(s: &str) -> Option<Distribution> {
        match s {
            "pert" => Some(Distribution::Pert),
            "triangular" => Some(Distribution::Triangular),
            _ => None,
        }
    }
}

/// Simulation options.
#[derive(Debug, Clone, PartialEq)]
pub struct SimOptions {
    /// Number of runs, 1 to 1,000,000.
    pub runs: usize,
    /// Seed of the random stream.
    pub seed: u64,
    /// `pert` (default) or `triangular`.
    pub distribution: String,
    /// Size of the top set for rank stability (default 5).
    pub top_n: usize,
    /// Deadline for `p_deadline`, if any.
    pub deadline: Option<f64>,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            runs: 10_000,
            seed: 1,
            distribution: "pert".into(),
            top_n: 5,
            deadline: None,
        }
    }
}

/// Summary of one output over the runs done.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Mean.
    pub mean: f64,
    /// Population standard deviation.
    pub std_dev: f64,
    /// Smallest run.
    pub min: f64,
    /// Largest run.
    pub max: f64,
    /// 10th percentile (nearest rank).
    pub p10: f64,
    /// Median (nearest rank).
    pub p50: f64,
    /// 80th percentile (nearest rank).
    pub p80: f64,
    /// 90th percentile (nearest rank).
    pub p90: f64,
    /// Histogram of the runs.
    pub histogram: Histogram,
}

/// Equal-width bins from `start`: bin i holds the runs in [start + i width, start + (i+1)
/// width), the last bin also the maximum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Histogram {
    /// Lower edge of the first bin (the minimum).
    pub start: f64,
    /// Bin width (0 when every run has the same value: one bin holds them all).
    pub width: f64,
    /// Runs per bin.
    pub counts: Vec<u64>,
}

/// A goal's delivered coverage over the runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalSim {
    /// Goal id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Mean delivered coverage.
    pub mean_coverage: f64,
    /// Share of runs in which no delivered initiative reaches the goal (coverage 0).
    pub p_uncovered: f64,
}

/// An active initiative over the runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InitiativeSim {
    /// Initiative id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Share of runs in which it is delivered.
    pub p_delivered: f64,
    /// Rank (1 = best) by expected value per expected cost.
    pub baseline_rank: usize,
    /// Share of runs in which it is in the top N by realised value per cost.
    pub p_top: f64,
}

/// The simulation's result (see `docs/decisions-contract.md`, "Monte Carlo").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimResult {
    /// Runs done (and summarised).
    pub runs: usize,
    /// Seed.
    pub seed: u64,
    /// Duration distribution.
    pub distribution: &'static str,
    /// Size of the top set.
    pub top_n: usize,
    /// Project finish (CPM forward pass over the drawn durations).
    pub finish: Summary,
    /// Total cost of the active initiatives.
    pub cost: Summary,
    /// Delivered goal coverage: the `goal_coverage` KPI over the delivered initiatives.
    pub coverage: Summary,
    /// Deadline, if given.
    pub deadline: Option<f64>,
    /// Share of runs finishing by the deadline, if given.
    pub p_deadline: Option<f64>,
    /// Every goal, in id order.
    pub goals: Vec<GoalSim>,
    /// Every active initiative, in model order.
    pub initiatives: Vec<InitiativeSim>,
}

/// How one activity's duration is drawn.
#[derive(Debug, Clone, Copy)]
enum Draw {
    /// Always this duration.
    Fixed(f64),
    /// Beta-PERT: o + (p - o) x Beta(alpha, beta).
    Pert { o: f64, span: f64, a: f64, b: f64 },
    /// Triangular on [o, o + span] with the mode at fraction `c` of the span.
    Triangular { o: f64, span: f64, c: f64 },
}

/// A Monte Carlo simulation that can be run in steps (see the module docs).
#[derive(Debug, Clone)]
pub struct Simulation {
    runs: usize,
    seed: u64,
    distribution: Distribution,
    top_n: usize,
    deadline: Option<f64>,
    rng: Pcg64,
    net: Network,
    draw: Vec<Draw>,
    /// Cost per unit of drawn duration, or the fixed cost (`scale` false).
    cost: Vec<f64>,
    cost_scales: Vec<bool>,
    /// Value used for ranking, per activity.
    value: Vec<f64>,
    baseline_rank: Vec<usize>,
    /// Activity of each id rank.
    act_of_rank: Vec<u32>,
    /// Failure model: nodes that can fail, dependencies first.
    fail_order: Vec<u32>,
    own: Vec<f64>,
    cancelled: Vec<bool>,
    deps: Csr,
    /// Reach of each activity as sparse (goal position, 1 - reach) lists.
    reach_off: Vec<u32>,
    reach: Vec<(u32, f64)>,
    goal_ids: Vec<String>,
    goal_names: Vec<String>,
    goal_weight: Vec<f64>,
    act_ids: Vec<String>,
    act_names: Vec<String>,
    // Per-run outputs, in run order.
    finish: Vec<f64>,
    total_cost: Vec<f64>,
    coverage: Vec<f64>,
    // Counters.
    delivered: Vec<u64>,
    in_top: Vec<u64>,
    goal_sum: Vec<Sum>,
    uncovered: Vec<u64>,
    on_time: u64,
    // Scratch.
    d: Vec<f64>,
    es: Vec<f64>,
    ef: Vec<f64>,
    run_cost: Vec<f64>,
    failed: Vec<bool>,
    q: Vec<f64>,
    keys: Vec<(f64, u32)>,
    warnings: Vec<Diagnostic>,
}

/// Ranking key: value per cost, with a zero cost ranking a positive value first and a
/// negative one last.
fn ratio(value: f64, cost: f64) -> f64 {
    if cost > 0.0 {
        value / cost
    } else if value > 0.0 {
        f64::INFINITY
    } else if value < 0.0 {
        f64::NEG_INFINITY
    } else {
        0.0
    }
}

/// Best first: larger key, then smaller id rank.
fn by_key(x: &(f64, u32), y: &(f64, u32)) -> std::cmp::Ordering {
    y.0.total_cmp(&x.0).then(x.1.cmp(&y.1))
}

impl Simulation {
    /// Prepares a simulation of `model` with its `scores` (from
    /// [`crate::analysis::compute`] on the same model).
    ///
    /// Errors: `INVALID_ARGUMENT` for runs 0 or above 1,000,000 (field `runs`), an unknown
    /// distribution (`distribution`), a top set of 0 (`top`), a non-finite deadline
    /// (`deadline`) or scores of another model (`scores`); `DEPENDENCY_CYCLE` for a depends_on
    /// cycle among active initiatives.
    ///
    /// Complexity: O(n log n + m log d + A x G).
    pub fn new(model: &Model, scores: &Scores, opts: &SimOptions) -> Result<Simulation, Error> {
        if opts.runs == 0 || opts.runs > MAX_RUNS {
            return Err(invalid_argument(
                "runs",
                format!(
                    "the number of runs must be between 1 and {MAX_RUNS}, found {}",
                    opts.runs
                ),
            ));
        }
        let distribution = Distribution::parse(&opts.distribution).ok_or_else(|| {
            invalid_argument(
                "distribution",
                format!(
                    "unknown distribution \"{}\"; expected pert or triangular",
                    opts.distribution
                ),
            )
        })?;
        if opts.top_n == 0 {
            return Err(invalid_argument("top", "the top set must hold at least 1"));
        }
        if let Some(t) = opts.deadline {
            if !t.is_finite() {
                return Err(invalid_argument(
                    "deadline",
                    format!("the deadline must be a finite number, found {t}"),
                ));
            }
        }
        let n = model.nodes.len();
        if scores.own_risk.len() != n || scores.graph.n != n {
            return Err(invalid_argument(
                "scores",
                format!(
                    "the scores are of a model with {} nodes, not this one with {n}",
                    scores.graph.n
                ),
            ));
        }
        let net = Network::build(model)?;
        let k = net.nodes.len();
        let node = |a: usize| &model.nodes[net.nodes[a] as usize];

        let mut warnings = Vec::new();
        let mut draw = Vec::with_capacity(k);
        let mut cost = Vec::with_capacity(k);
        let mut cost_scales = Vec::with_capacity(k);
        for (a, inp) in net.inputs.iter().enumerate() {
            let c = node(a).attrs().cost().unwrap_or(0.0);
            let (dr, expected) = match (&inp.estimate, inp.duration) {
                (Some(e), _) => {
                    let (o, m, p) = (e.optimistic, e.likely, e.pessimistic);
                    let span = p - o;
                    if span <= 0.0 {
                        (Draw::Fixed(o), o)
                    } else {
                        match distribution {
                            Distribution::Pert => (
                                Draw::Pert {
                                    o,
                                    span,
                                    a: 1.0 + 4.0 * (m - o) / span,
                                    b: 1.0 + 4.0 * (p - m) / span,
                                },
                                pert_mean(e),
                            ),
                            Distribution::Triangular => (
                                Draw::Triangular {
                                    o,
                                    span,
                                    c: (m - o) / span,
                                },
                                (o + m + p) / 3.0,
                            ),
                        }
                    }
                }
                (None, Some(x)) => (Draw::Fixed(x), x),
                (None, None) => {
                    warnings.push(milestone_warning(&node(a).id, "simulated"));
                    (Draw::Fixed(0.0), 0.0)
                }
            };
            let scales = !matches!(dr, Draw::Fixed(_)) && expected > 0.0;
            draw.push(dr);
            cost.push(if scales { c / expected } else { c });
            cost_scales.push(scales);
        }

        // Ranking value: benefit when every active initiative has one, else alignment.
        let all_benefit = (0..k).all(|a| node(a).attrs().get(Num::Benefit).is_some());
        let value: Vec<f64> = (0..k)
            .map(|a| {
                if all_benefit {
                    node(a).attrs().get(Num::Benefit).unwrap_or(0.0)
                } else {
                    scores.alignment[net.nodes[a] as usize]
                }
            })
            .collect();
        let mut keys: Vec<(f64, u32)> = (0..k)
            .map(|a| {
                let v = net.nodes[a] as usize;
                let expected_value = value[a] * (1.0 - scores.delivery_risk[v]);
                let c = node(a).attrs().cost().unwrap_or(0.0);
                (ratio(expected_value, c), net.rank[a])
            })
            .collect();
        keys.sort_unstable_by(by_key);
        let mut by_rank = vec![0u32; k];
        for (a, &r) in net.rank.iter().enumerate() {
            by_rank[r as usize] = a as u32;
        }
        let mut baseline_rank = vec![0usize; k];
        for (pos, &(_, r)) in keys.iter().enumerate() {
            baseline_rank[by_rank[r as usize] as usize] = pos + 1;
        }

        // Failure model: own risk, done never fails, cancelled always does.
        let g = &scores.graph;
        let deps = g.needs.dag().clone();
        let mut own = scores.own_risk.clone();
        let mut done = vec![false; n];
        let mut cancelled = vec![false; n];
        for (v, x) in model.nodes.iter().enumerate() {
            if x.kind == crate::model::NodeKind::Initiative {
                match x.status() {
                    Status::Done => {
                        done[v] = true;
                        own[v] = 0.0;
                    }
                    Status::Cancelled => cancelled[v] = true,
                    _ => {}
                }
            }
        }
        let mut can_fail = vec![false; n];
        let mut fail_order = Vec::new();
        for &v in &g.needs.order {
            let vi = v as usize;
            if done[vi] {
                continue;
            }
            let (ts, ws) = deps.row(v);
            let c = cancelled[vi]
                || own[vi] > 0.0
                || ts
                    .iter()
                    .zip(ws)
                    .any(|(&u, w)| w > 0.0 && can_fail[u as usize]);
            if c {
                can_fail[vi] = true;
                fail_order.push(v);
            }
        }

        // Reach of each activity, sparse, by goal position.
        let gc = scores.goals.len();
        let mut row_of = vec![u32::MAX; n];
        for (row, &v) in scores.active.iter().enumerate() {
            row_of[v as usize] = row as u32;
        }
        let mut reach_off = vec![0u32];
        let mut reach = Vec::new();
        for a in 0..k {
            let row = row_of[net.nodes[a] as usize];
            if row != u32::MAX && scores.reach.len() >= (row as usize + 1) * gc {
                let r = &scores.reach[row as usize * gc..(row as usize + 1) * gc];
                for (j, &x) in r.iter().enumerate() {
                    if x > 0.0 {
                        reach.push((j as u32, 1.0 - x));
                    }
                }
            }
            reach_off.push(reach.len() as u32);
        }
        let goal_ids = scores
            .goals
            .iter()
            .map(|&v| model.nodes[v as usize].id.to_string())
            .collect();
        let goal_names = scores
            .goals
            .iter()
            .map(|&v| model.nodes[v as usize].display_name().to_string())
            .collect();
        let goal_weight = scores.weight.clone();
        let act_ids = (0..k).map(|a| node(a).id.to_string()).collect();
        let act_names = (0..k).map(|a| node(a).display_name().to_string()).collect();

        Ok(Simulation {
            runs: opts.runs,
            seed: opts.seed,
            distribution,
            top_n: opts.top_n,
            deadline: opts.deadline,
            rng: Pcg64::seed_from_u64(opts.seed),
            draw,
            cost,
            cost_scales,
            value,
            baseline_rank,
            act_of_rank: by_rank,
            fail_order,
            own,
            cancelled,
            deps,
            reach_off,
            reach,
            goal_ids,
            goal_names,
            goal_weight,
            act_ids,
            act_names,
            finish: Vec::new(),
            total_cost: Vec::new(),
            coverage: Vec::new(),
            delivered: vec![0; k],
            in_top: vec![0; k],
            goal_sum: vec![Sum::default(); gc],
            uncovered: vec![0; gc],
            on_time: 0,
            d: vec![0.0; k],
            es: vec![0.0; k],
            ef: vec![0.0; k],
            run_cost: vec![0.0; k],
            failed: vec![false; n],
            q: vec![1.0; gc],
            keys: Vec::with_capacity(k),
            warnings,
            net,
        })
    }

    /// Runs up to `max_runs` more runs (never beyond the total asked for); returns the number
    /// of runs done so far.
    ///
    /// Complexity: O(max_runs x (A log A + n + m + sum of reach lists)).
    pub fn step(&mut self, max_runs: usize) -> usize {
        let todo = max_runs.min(self.runs - self.finish.len());
        if self.finish.capacity() == 0 {
            self.finish.reserve_exact(self.runs);
            self.total_cost.reserve_exact(self.runs);
            self.coverage.reserve_exact(self.runs);
        }
        for _ in 0..todo {
            self.run_once();
        }
        self.finish.len()
    }

    /// Runs done so far.
    pub fn done(&self) -> usize {
        self.finish.len()
    }

    /// Runs asked for.
    pub fn runs(&self) -> usize {
        self.runs
    }

    /// Warnings (`MISSING_VALUE` for an initiative simulated as a zero-length milestone).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    fn run_once(&mut self) {
        let rng = &mut self.rng;
        let k = self.draw.len();
        // Durations and costs.
        let mut total = 0.0;
        for a in 0..k {
            let d = match self.draw[a] {
                Draw::Fixed(x) => x,
                Draw::Pert { o, span, a, b } => o + span * beta(rng, a, b),
                Draw::Triangular { o, span, c } => {
                    let u: f64 = rng.random();
                    if u < c {
                        o + span * libm::sqrt(u * c)
                    } else {
                        o + span * (1.0 - libm::sqrt((1.0 - u) * (1.0 - c)))
                    }
                }
            };
            self.d[a] = d;
            let c = if self.cost_scales[a] {
                self.cost[a] * d
            } else {
                self.cost[a]
            };
            self.run_cost[a] = c;
            total += c;
        }
        // Failures, dependencies first.
        for &v in &self.fail_order {
            let vi = v as usize;
            let mut f = self.cancelled[vi];
            if !f {
                let p = self.own[vi];
                f = p >= 1.0 || (p > 0.0 && rng.random::<f64>() < p);
            }
            if !f {
                let (ts, ws) = self.deps.row(v);
                for (&u, w) in ts.iter().zip(ws) {
                    if self.failed[u as usize] && (w >= 1.0 || (w > 0.0 && rng.random::<f64>() < w))
                    {
                        f = true;
                        break;
                    }
                }
            }
            self.failed[vi] = f;
        }
        // Finish.
        let t = self.net.forward(&self.d, &mut self.es, &mut self.ef);
        if self.deadline.is_some_and(|dl| t <= dl) {
            self.on_time += 1;
        }
        // Delivered coverage.
        self.q.fill(1.0);
        self.keys.clear();
        for a in 0..k {
            let ok = !self.failed[self.net.nodes[a] as usize];
            let realised = if ok {
                self.delivered[a] += 1;
                let (lo, hi) = (self.reach_off[a] as usize, self.reach_off[a + 1] as usize);
                for &(g, keep) in &self.reach[lo..hi] {
                    self.q[g as usize] *= keep;
                }
                self.value[a]
            } else {
                0.0
            };
            self.keys
                .push((ratio(realised, self.run_cost[a]), self.net.rank[a]));
        }
        let mut kpi = 0.0;
        for (g, &q) in self.q.iter().enumerate() {
            let cov = 1.0 - q;
            if cov == 0.0 {
                self.uncovered[g] += 1;
            }
            self.goal_sum[g].add(cov);
            kpi += self.goal_weight[g] * cov;
        }
        // Top N by realised value per cost.
        let n_top = self.top_n.min(k);
        if n_top > 0 {
            if n_top < k {
                self.keys.select_nth_unstable_by(n_top - 1, by_key);
            }
            for &(_, r) in &self.keys[..n_top] {
                self.in_top[self.act_of_rank[r as usize] as usize] += 1;
            }
        }
        self.finish.push(t);
        self.total_cost.push(total);
        self.coverage.push(kpi);
    }

    /// The result over the runs done so far (every figure 0 before the first run).
    ///
    /// Complexity: O(R log R) for R runs done (the percentiles sort a copy).
    pub fn result(&self) -> SimResult {
        let runs = self.done();
        let share = |c: u64| {
            if runs == 0 {
                0.0
            } else {
                c as f64 / runs as f64
            }
        };
        SimResult {
            runs,
            seed: self.seed,
            distribution: self.distribution.as_str(),
            top_n: self.top_n,
            finish: summary(&self.finish),
            cost: summary(&self.total_cost),
            coverage: summary(&self.coverage),
            deadline: self.deadline,
            p_deadline: self.deadline.map(|_| share(self.on_time)),
            goals: (0..self.goal_ids.len())
                .map(|g| GoalSim {
                    id: self.goal_ids[g].clone(),
                    name: self.goal_names[g].clone(),
                    mean_coverage: if runs == 0 {
                        0.0
                    } else {
                        self.goal_sum[g].value() / runs as f64
                    },
                    p_uncovered: share(self.uncovered[g]),
                })
                .collect(),
            initiatives: (0..self.act_ids.len())
                .map(|a| InitiativeSim {
                    id: self.act_ids[a].clone(),
                    name: self.act_names[a].clone(),
                    p_delivered: share(self.delivered[a]),
                    baseline_rank: self.baseline_rank[a],
                    p_top: share(self.in_top[a]),
                })
                .collect(),
        }
    }
}

/// Runs a whole simulation at once (the same result as [`Simulation`] stepped in any chunks).
pub fn simulate(model: &Model, scores: &Scores, opts: &SimOptions) -> Result<SimResult, Error> {
    let mut sim = Simulation::new(model, scores, opts)?;
    sim.step(opts.runs);
    Ok(sim.result())
}

/// Summary of the runs `xs` (in run order): the mean and standard deviation are compensated sums
/// in run order; percentiles are nearest-rank on the sorted runs.
fn summary(xs: &[f64]) -> Summary {
    let n = xs.len();
    if n == 0 {
        return Summary {
            mean: 0.0,
            std_dev: 0.0,
            min: 0.0,
            max: 0.0,
            p10: 0.0,
            p50: 0.0,
            p80: 0.0,
            p90: 0.0,
            histogram: Histogram {
                start: 0.0,
                width: 0.0,
                counts: Vec::new(),
            },
        };
    }
    let mut sum = Sum::default();
    xs.iter().for_each(|&x| sum.add(x));
    let mean = sum.value() / n as f64;
    let mut sq = Sum::default();
    xs.iter().for_each(|&x| sq.add((x - mean) * (x - mean)));
    let var = sq.value() / n as f64;
    let mut s = xs.to_vec();
    s.sort_unstable_by(f64::total_cmp);
    let pct = |p: usize| s[((p * n).div_ceil(100)).max(1) - 1];
    let (min, max) = (s[0], s[n - 1]);
    let histogram = if max > min {
        let width = (max - min) / BINS as f64;
        let mut counts = vec![0u64; BINS];
        for &x in &s {
            let i = (((x - min) / width) as usize).min(BINS - 1);
            counts[i] += 1;
        }
        Histogram {
            start: min,
            width,
            counts,
        }
    } else {
        Histogram {
            start: min,
            width: 0.0,
            counts: vec![n as u64],
        }
    };
    Summary {
        mean,
        std_dev: var.sqrt(),
        min,
        max,
        p10: pct(10),
        p50: pct(50),
        p80: pct(80),
        p90: pct(90),
        histogram,
    }
}

/// A compensated (Neumaier) sum: the error stays near one rounding whatever the number of
/// terms.
#[derive(Debug, Clone, Copy, Default)]
struct Sum {
    s: f64,
    c: f64,
}

impl Sum {
    fn add(&mut self, x: f64) {
        let t = self.s + x;
        if self.s.abs() >= x.abs() {
            self.c += (self.s - t) + x;
        } else {
            self.c += (x - t) + self.s;
        }
        self.s = t;
    }

    fn value(&self) -> f64 {
        self.s + self.c
    }
}

/// A uniform draw in [0, 1).
#[inline]
fn uniform(rng: &mut Pcg64) -> f64 {
    rng.random::<f64>()
}

/// A standard normal draw (Marsaglia's polar method; the second value is not kept).
fn normal(rng: &mut Pcg64) -> f64 {
    loop {
        let u = 2.0 * uniform(rng) - 1.0;
        let v = 2.0 * uniform(rng) - 1.0;
        let s = u * u + v * v;
        if s > 0.0 && s < 1.0 {
            return u * libm::sqrt(-2.0 * libm::log(s) / s);
        }
    }
}

/// A Gamma(shape, 1) draw for shape >= 1 (Marsaglia and Tsang, 2000).
fn gamma(rng: &mut Pcg64, shape: f64) -> f64 {
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / libm::sqrt(9.0 * d);
    loop {
        let x = normal(rng);
        let v = 1.0 + c * x;
        if v <= 0.0 {
            continue;
        }
        let v = v * v * v;
        let u = uniform(rng);
        let x2 = x * x;
        if u < 1.0 - 0.0331 * x2 * x2 || libm::log(u) < 0.5 * x2 + d * (1.0 - v + libm::log(v)) {
            return d * v;
        }
    }
}

/// A Beta(a, b) draw for a, b >= 1, as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
fn beta(rng: &mut Pcg64, a: f64, b: f64) -> f64 {
    let x = gamma(rng, a);
    let y = gamma(rng, b);
    x / (x + y)
}
