//! Budget optimisation: the portfolio of active initiatives with the largest total value within
//! a budget, respecting dependencies (an initiative only with everything it depends on),
//! exclusions (at most one of each pair) and mandatory initiatives; and the efficient frontier
//! of (cost, value) portfolios.
//!
//! The solver is an exact branch and bound over 0/1 choices (see
//! `docs/decisions/optimisation.md`): items are decided in value/cost order, each decision is
//! propagated (in: everything it depends on in, its exclusion partners out; out: everything that
//! depends on it out), and a subtree is cut when its bound, the value so far plus the fractional
//! (LP) knapsack of the undecided items, cannot beat the best portfolio found. A node limit
//! bounds the work; when it is reached the best portfolio found is returned with
//! `optimal: false`, an upper bound and the gap.

use super::{Error, Never, Progress, Stop, invalid_argument};
use crate::analysis::Scores;
use crate::diagnostics::{Code, Diagnostic, Place};
use crate::model::{Model, NodeKind, Num, Status};
use serde::Serialize;

/// Default number of search nodes per solve.
pub const NODE_LIMIT: usize = 1_000_000;

/// Most points of a frontier (each point is a solve).
pub const MAX_POINTS: usize = 10_000;

/// Items too dear for the remaining budget that the LP bound skips before it bounds the rest
/// by the ratio of the item reached.
const SKIP_LIMIT: usize = 64;

/// The search asks its [`Stop`] once every this many nodes.
const STOP_EVERY: usize = 1024;

fn is_false(b: &bool) -> bool {
    !*b
}

/// What the value of an initiative is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueBasis {
    /// The `benefit` field.
    Benefit,
    /// The alignment score.
    Alignment,
    /// The net present value of the `cashflows` at the model's `discount_rate` (docs/lenses.md).
    Npv,
}

impl ValueBasis {
    /// Parses `benefit`, `alignment` or `npv`.
    pub fn parse(s: &str) -> Option<ValueBasis> {
        match s {
            "benefit" => Some(ValueBasis::Benefit),
            "alignment" => Some(ValueBasis::Alignment),
            "npv" => Some(ValueBasis::Npv),
            _ => None,
        }
    }
}

/// One choice of the low-level problem.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Item {
    /// Name used in the output and in messages.
    pub id: String,
    /// Cost, finite and >= 0.
    pub cost: f64,
    /// Value, finite (may be negative).
    pub value: f64,
    /// Items (indices) this one can only be chosen with.
    pub requires: Vec<usize>,
    /// Items (indices) that cannot be chosen together with this one.
    pub excludes: Vec<usize>,
    /// The item must be chosen.
    pub mandatory: bool,
    /// Why the item can never be chosen, if it cannot (e.g. it depends on a cancelled initiative).
    pub blocked: Option<String>,
}

impl Item {
    /// An item with no constraints.
    pub fn new(id: impl Into<String>, cost: f64, value: f64) -> Item {
        Item {
            id: id.into(),
            cost,
            value,
            ..Item::default()
        }
    }
}

/// An initiative that can never be chosen, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ineligible {
    /// Its id.
    pub id: String,
    /// Why.
    pub reason: String,
}

/// The best portfolio at a budget.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Solution {
    /// The budget.
    pub budget: f64,
    /// The chosen initiatives, in candidate order.
    pub selected: Vec<String>,
    /// Their total value.
    pub value: f64,
    /// Their total cost.
    pub cost: f64,
    /// True when the search proved the portfolio optimal.
    pub optimal: bool,
    /// An upper bound of the optimum.
    pub bound: f64,
    /// (bound - value) / bound; 0 when optimal.
    pub gap: f64,
    /// What the value is.
    pub value_basis: ValueBasis,
    /// The mandatory initiatives.
    pub mandatory: Vec<String>,
    /// The initiatives that can never be chosen.
    pub ineligible: Vec<Ineligible>,
    /// True when the search was stopped early (the command's time limit); `optimal` is then
    /// false and `gap` bounds how far the value is from the optimum. Absent when false.
    #[serde(skip_serializing_if = "is_false")]
    pub stopped: bool,
}

/// One point of the frontier.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// The budget.
    pub budget: f64,
    /// The best value within it.
    pub value: f64,
    /// The cost of the portfolio reaching it.
    pub cost: f64,
    /// That portfolio.
    pub selected: Vec<String>,
    /// True when the search proved it optimal.
    pub optimal: bool,
}

/// The efficient frontier.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Frontier {
    /// What the value is.
    pub value_basis: ValueBasis,
    /// The cost of every eligible initiative together.
    pub total_cost: f64,
    /// True when `points` is the exact staircase of Pareto-efficient portfolios.
    pub exact: bool,
    /// Points in increasing budget; the value never decreases.
    pub points: Vec<Point>,
    /// True when the work was stopped early (the command's time limit): the points solved after
    /// that are the greedy portfolios (`optimal: false`). Absent when false.
    #[serde(skip_serializing_if = "is_false")]
    pub stopped: bool,
}

/// A prepared optimisation problem: the candidates with their costs, values and constraints.
#[derive(Debug, Clone)]
pub struct Problem {
    items: Vec<Item>,
    basis: ValueBasis,
    /// Direct dependents of each item (the reverse of `requires`).
    dependents: Vec<Vec<usize>>,
    /// Exclusion partners of each item (both directions, no duplicates).
    excl: Vec<Vec<usize>>,
    /// Why an item can never be chosen.
    ineligible: Vec<Option<String>>,
    /// Items of positive value, best value/cost ratio first (the branching and bound order).
    order: Vec<usize>,
    /// Every value is a whole number (of magnitude below 2^53).
    integral: bool,
    /// Search nodes allowed per solve.
    pub node_limit: usize,
    /// Warnings from building the problem (missing costs or benefits).
    pub diagnostics: Vec<Diagnostic>,
}

const UNDECIDED: u8 = 0;
const IN: u8 = 1;
const OUT: u8 = 2;

/// The tolerance of a budget comparison.
fn tol(x: f64) -> f64 {
    1e-9 * x.abs().max(1.0)
}

/// The tolerance of a value comparison.
fn value_eps(x: f64) -> f64 {
    1e-10 * x.abs().max(1.0)
}

fn quoted(ids: &[&str]) -> String {
    ids.iter()
        .map(|i| format!("\"{i}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// At most the first ten ids, quoted, then "and N more".
fn shortlist(ids: &[&str]) -> String {
    const SHOWN: usize = 10;
    if ids.len() <= SHOWN {
        quoted(ids)
    } else {
        format!(
            "{} and {} more",
            quoted(&ids[..SHOWN]),
            crate::diagnostics::count(ids.len() - SHOWN)
        )
    }
}

/// The result of one search.
struct Choice {
    chosen: Vec<usize>,
    optimal: bool,
    bound: f64,
    stopped: bool,
}

impl Problem {
    /// A problem over explicit items. Errors (`INVALID_ARGUMENT`) name the item and field: a
    /// cost that is not finite and >= 0, a value that is not finite, an index out of range.
    pub fn from_items(items: Vec<Item>, basis: ValueBasis) -> Result<Problem, Error> {
        let n = items.len();
        let bad = |it: &Item, field: &str, msg: String| {
            let mut d = invalid_argument(field, msg);
            d.place.node = Some(it.id.clone());
            d
        };
        let mut dependents = vec![Vec::new(); n];
        let mut excl = vec![Vec::new(); n];
        for (i, it) in items.iter().enumerate() {
            if !(it.cost.is_finite() && it.cost >= 0.0) {
                return Err(bad(
                    it,
                    "cost",
                    format!(
                        "cost of \"{}\" must be finite and >= 0, got {}",
                        it.id, it.cost
                    ),
                ));
            }
            if !it.value.is_finite() {
                return Err(bad(
                    it,
                    "value",
                    format!("value of \"{}\" must be finite, got {}", it.id, it.value),
                ));
            }
            for (field, list) in [("requires", &it.requires), ("excludes", &it.excludes)] {
                if let Some(&j) = list.iter().find(|&&j| j >= n) {
                    return Err(bad(
                        it,
                        field,
                        format!("\"{}\" {field} item {j}, which does not exist", it.id),
                    ));
                }
            }
            for &j in it.requires.iter().filter(|&&j| j != i) {
                dependents[j].push(i);
            }
            for &j in it.excludes.iter().filter(|&&j| j != i) {
                excl[i].push(j);
                excl[j].push(i);
            }
        }
        for l in dependents.iter_mut().chain(excl.iter_mut()) {
            l.sort_unstable();
            l.dedup();
        }
        let mut p = Problem {
            ineligible: vec![None; n],
            items,
            basis,
            dependents,
            excl,
            order: Vec::new(),
            integral: false,
            node_limit: NODE_LIMIT,
            diagnostics: Vec::new(),
        };
        p.find_ineligible();
        p.integral = p
            .items
            .iter()
            .all(|it| it.value.fract() == 0.0 && it.value.abs() < 9e15);
        let mut order: Vec<usize> = (0..n).filter(|&i| p.items[i].value > 0.0).collect();
        let ratio = |i: usize| {
            let it = &p.items[i];
            if it.cost > 0.0 {
                it.value / it.cost
            } else {
                f64::INFINITY
            }
        };
        order.sort_unstable_by(|&a, &b| ratio(b).total_cmp(&ratio(a)).then(a.cmp(&b)));
        p.order = order;
        Ok(p)
    }

    /// The items, as prepared.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// What the value is.
    pub fn basis(&self) -> ValueBasis {
        self.basis
    }

    /// Everything `i` depends on, transitively, with `i` first.
    fn closure(&self, i: usize, seen: &mut [bool]) -> Vec<usize> {
        let mut out = vec![i];
        seen[i] = true;
        let mut k = 0;
        while k < out.len() {
            for &r in &self.items[out[k]].requires {
                if !seen[r] {
                    seen[r] = true;
                    out.push(r);
                }
            }
            k += 1;
        }
        out
    }

    /// Marks the items that can never be chosen: blocked ones, and those whose closure holds a
    /// blocked item or an excluded pair.
    ///
    /// Complexity: O(n + r) for the blocked items (one walk over the dependents) plus, for each
    /// excluded pair (a, b), a walk over the items that depend on a and on b; so linear for a
    /// long dependency chain or cycle, where checking every item's closure was quadratic.
    fn find_ineligible(&mut self) {
        let n = self.items.len();
        // Blocked items and, through their dependents, everything that depends on them; each
        // item gets the reason of the first blocked item that reaches it.
        let mut reason: Vec<Option<String>> =
            self.items.iter().map(|it| it.blocked.clone()).collect();
        let mut queue: Vec<usize> = Vec::new();
        for b in (0..n).filter(|&i| self.items[i].blocked.is_some()) {
            let text = format!(
                "depends on \"{}\", which cannot be chosen ({})",
                self.items[b].id,
                self.items[b].blocked.as_deref().unwrap_or_default()
            );
            queue.clear();
            queue.push(b);
            while let Some(x) = queue.pop() {
                for &d in &self.dependents[x] {
                    if reason[d].is_none() {
                        reason[d] = Some(text.clone());
                        queue.push(d);
                    }
                }
            }
        }
        // An excluded pair (a, b): the items that depend on both (a and b themselves included).
        // Walks are stamped with the pair's number, so nothing is cleared between pairs.
        let mut on_a = vec![0usize; n];
        let mut on_b = vec![0usize; n];
        let mut reach_b: Vec<usize> = Vec::new();
        let mut stamp = 0;
        for a in 0..n {
            for &b in self.excl[a].iter().filter(|&&b| b > a) {
                stamp += 1;
                queue.clear();
                queue.push(a);
                on_a[a] = stamp;
                while let Some(x) = queue.pop() {
                    for &d in &self.dependents[x] {
                        if on_a[d] != stamp {
                            on_a[d] = stamp;
                            queue.push(d);
                        }
                    }
                }
                reach_b.clear();
                reach_b.push(b);
                on_b[b] = stamp;
                let mut k = 0;
                while k < reach_b.len() {
                    let x = reach_b[k];
                    k += 1;
                    for &d in &self.dependents[x] {
                        if on_b[d] != stamp {
                            on_b[d] = stamp;
                            reach_b.push(d);
                        }
                    }
                }
                let id = |j: usize| self.items[j].id.as_str();
                for &i in &reach_b {
                    if on_a[i] != stamp || reason[i].is_some() {
                        continue;
                    }
                    reason[i] = Some(if i == a {
                        format!("excludes its own dependency \"{}\"", id(b))
                    } else if i == b {
                        format!("excludes its own dependency \"{}\"", id(a))
                    } else {
                        format!(
                            "depends on \"{}\" and \"{}\", which exclude each other",
                            id(a),
                            id(b)
                        )
                    });
                }
            }
        }
        self.ineligible = reason;
    }

    /// The initiatives that can never be chosen.
    pub fn ineligible(&self) -> Vec<Ineligible> {
        self.items
            .iter()
            .zip(&self.ineligible)
            .filter_map(|(it, r)| {
                r.as_ref().map(|r| Ineligible {
                    id: it.id.clone(),
                    reason: r.clone(),
                })
            })
            .collect()
    }

    fn mandatory_ids(&self) -> Vec<String> {
        self.items
            .iter()
            .filter(|it| it.mandatory)
            .map(|it| it.id.clone())
            .collect()
    }

    /// The mandatory items with everything they depend on, or `INFEASIBLE` when one of them
    /// can never be chosen or two of them exclude each other.
    fn forced(&self) -> Result<Vec<usize>, Error> {
        let n = self.items.len();
        let mut seen = vec![false; n];
        let mut forced = Vec::new();
        for i in (0..n).filter(|&i| self.items[i].mandatory) {
            if let Some(r) = &self.ineligible[i] {
                return Err(Diagnostic::error(
                    Code::Infeasible,
                    Place::node(&self.items[i].id),
                    format!(
                        "mandatory initiative \"{}\" can never be chosen: it {r}",
                        self.items[i].id
                    ),
                ));
            }
            if !seen[i] {
                let mut cl = self.closure(i, &mut seen);
                forced.append(&mut cl);
            }
        }
        for &a in &forced {
            if let Some(&b) = self.excl[a].iter().find(|&&b| seen[b]) {
                let (x, y) = (&self.items[a].id, &self.items[b].id);
                return Err(Diagnostic::error(
                    Code::Infeasible,
                    Place::node(x),
                    format!(
                        "the mandatory initiatives (with what they depend on) include \"{x}\" and \"{y}\", which exclude each other; mandatory: {}",
                        quoted(
                            &self
                                .items
                                .iter()
                                .filter(|it| it.mandatory)
                                .map(|it| it.id.as_str())
                                .collect::<Vec<_>>()
                        )
                    ),
                ));
            }
        }
        Ok(forced)
    }

    /// The best portfolio within `budget`.
    ///
    /// Errors: `INVALID_ARGUMENT` (field `budget`) for a negative or non-finite budget;
    /// `INFEASIBLE` when the mandatory initiatives with what they depend on cost more than the
    /// budget, exclude each other, or one of them can never be chosen.
    ///
    /// Complexity: exponential in the worst case, bounded by `node_limit` nodes of O(n) each.
    pub fn solve(&self, budget: f64) -> Result<Solution, Error> {
        self.solve_until(budget, &mut Never)
    }

    /// [`Problem::solve`], asking `stop` every 1,024 search nodes whether to stop; when it
    /// answers true, the best portfolio found so far is returned with `stopped: true`, its
    /// upper bound and gap.
    pub fn solve_until(&self, budget: f64, stop: &mut dyn Stop) -> Result<Solution, Error> {
        if !budget.is_finite() || budget < 0.0 {
            return Err(invalid_argument(
                "budget",
                format!("the budget must be a finite number >= 0, got {budget}"),
            ));
        }
        let forced = self.forced()?;
        let progress = Progress {
            search: 1,
            ..Progress::default()
        };
        let Some(choice) = self.search(&forced, budget + tol(budget), stop, progress, None) else {
            let cost: f64 = forced.iter().map(|&i| self.items[i].cost).sum();
            let ids: Vec<&str> = forced.iter().map(|&i| self.items[i].id.as_str()).collect();
            return Err(Diagnostic::error(
                Code::Infeasible,
                Place {
                    node: ids.first().map(|s| s.to_string()),
                    field: Some("budget".into()),
                    ..Place::default()
                },
                format!(
                    "the mandatory initiatives with what they depend on ({}) cost {cost}, more than the budget {budget}",
                    quoted(&ids)
                ),
            ));
        };
        Ok(self.solution(budget, choice))
    }

    fn sums(&self, chosen: &[usize]) -> (f64, f64) {
        // Adding 0 turns the -0 of an empty sum into 0.
        let value = chosen.iter().map(|&i| self.items[i].value).sum::<f64>() + 0.0;
        let cost = chosen.iter().map(|&i| self.items[i].cost).sum::<f64>() + 0.0;
        (value, cost)
    }

    fn solution(&self, budget: f64, c: Choice) -> Solution {
        let (value, cost) = self.sums(&c.chosen);
        let bound = if c.optimal { value } else { c.bound.max(value) };
        // A search stopped with nothing left above its portfolio has proved it optimal.
        let optimal = c.optimal || bound <= value + value_eps(value);
        let c = Choice { optimal, ..c };
        let gap = if c.optimal || bound <= 0.0 {
            0.0
        } else {
            (bound - value) / bound
        };
        Solution {
            budget,
            selected: c.chosen.iter().map(|&i| self.items[i].id.clone()).collect(),
            value,
            cost,
            optimal: c.optimal,
            bound,
            gap,
            value_basis: self.basis,
            mandatory: self.mandatory_ids(),
            ineligible: self.ineligible(),
            stopped: c.stopped,
        }
    }

    fn point(&self, budget: f64, c: &Choice) -> Point {
        let (value, cost) = self.sums(&c.chosen);
        Point {
            budget,
            value,
            cost,
            selected: c.chosen.iter().map(|&i| self.items[i].id.clone()).collect(),
            optimal: c.optimal,
        }
    }

    /// The efficient frontier: the exact staircase of Pareto-efficient (cost, value) portfolios
    /// (solve at the total cost, then again and again with the cost strictly below the last
    /// portfolio's), or, when that has more than `points` points or a solve is not proved
    /// optimal, the best portfolios at `points` evenly spaced budgets from the mandatory cost to
    /// the total cost. Points are in increasing budget and the value never decreases.
    ///
    /// Errors: `INVALID_ARGUMENT` (field `points`) for 0 points; `INFEASIBLE` as for
    /// [`Problem::solve`].
    pub fn frontier(&self, points: usize) -> Result<Frontier, Error> {
        self.frontier_until(points, &mut Never)
    }

    /// [`Problem::frontier`], asking `stop` every 1,024 search nodes whether to stop the
    /// current search (its [`Progress`] tells which search and point it is, so a caller can
    /// share its time among the points). A stopped search gives its best portfolio so far
    /// (`optimal: false`; at worst the greedy one), a stopped staircase search falls back to
    /// evenly spaced budgets, and the frontier has `stopped: true`.
    ///
    /// Errors: as [`Problem::frontier`], and `INVALID_ARGUMENT` for more than
    /// [`MAX_POINTS`] points.
    pub fn frontier_until(&self, points: usize, stop: &mut dyn Stop) -> Result<Frontier, Error> {
        if points == 0 || points > MAX_POINTS {
            return Err(invalid_argument(
                "points",
                format!(
                    "the frontier needs 1 to {} points, got {points}",
                    crate::diagnostics::count(MAX_POINTS)
                ),
            ));
        }
        let mut stopped = false;
        let forced = self.forced()?;
        let total: f64 = (0..self.items.len())
            .filter(|&i| self.ineligible[i].is_none())
            .map(|i| self.items[i].cost)
            .sum::<f64>()
            + 0.0;
        let mut staircase: Vec<Point> = Vec::new();
        let mut exact = true;
        let mut cap = total + tol(total);
        let mut progress = Progress {
            points,
            ..Progress::default()
        };
        loop {
            progress.search += 1;
            let Some(c) = self.search(&forced, cap, stop, progress, None) else {
                break;
            };
            stopped |= c.stopped;
            let p = self.point(0.0, &c);
            // The same value for less: the dearer point was not efficient.
            if let Some(last) = staircase.last() {
                if (last.value - p.value).abs() <= value_eps(p.value) {
                    staircase.pop();
                }
            }
            if !c.optimal || staircase.len() >= points {
                exact = false;
                break;
            }
            let cost = p.cost;
            staircase.push(Point { budget: cost, ..p });
            if cost <= 0.0 {
                break;
            }
            cap = cost - tol(cost);
            progress.point = staircase.len();
        }
        if exact {
            staircase.reverse();
            return Ok(Frontier {
                value_basis: self.basis,
                total_cost: total,
                exact,
                points: staircase,
                stopped,
            });
        }
        let low = forced.iter().map(|&i| self.items[i].cost).sum::<f64>() + 0.0;
        let mut out: Vec<Point> = Vec::with_capacity(points);
        let mut seed: Option<Vec<usize>> = None;
        for k in 0..points {
            let budget = if points == 1 {
                total
            } else {
                low + (total - low) * k as f64 / (points - 1) as f64
            };
            progress.point = k;
            progress.search += 1;
            // The previous point's portfolio fits this larger budget: it starts as the
            // incumbent, so the search only looks for better ones (and prunes more).
            let Some(c) = self.search(
                &forced,
                budget + tol(budget),
                stop,
                progress,
                seed.as_deref(),
            ) else {
                continue;
            };
            seed = Some(c.chosen.clone());
            stopped |= c.stopped;
            let mut p = self.point(budget, &c);
            // A search stopped by the node limit may find less than a smaller budget did;
            // that portfolio still fits.
            if let Some(prev) = out.last() {
                if prev.value > p.value {
                    p = Point {
                        budget,
                        optimal: false,
                        ..prev.clone()
                    };
                }
            }
            out.push(p);
        }
        Ok(Frontier {
            value_basis: self.basis,
            total_cost: total,
            exact: false,
            points: out,
            stopped,
        })
    }

    /// Branch and bound with the cost at most `cap`; None when even the forced items exceed it.
    fn search(
        &self,
        forced: &[usize],
        cap: f64,
        stop: &mut dyn Stop,
        progress: Progress,
        seed: Option<&[usize]>,
    ) -> Option<Choice> {
        let mut s = Search {
            stop,
            progress,
            stopped: false,
            p: self,
            state: vec![UNDECIDED; self.items.len()],
            trail: Vec::new(),
            queue: Vec::new(),
            value: 0.0,
            cost: 0.0,
            cap,
            best: f64::NEG_INFINITY,
            best_set: Vec::new(),
            nodes: 0,
        };
        for i in (0..self.items.len()).filter(|&i| self.ineligible[i].is_some()) {
            // Only its dependents can be in conflict with it, and they are ineligible too.
            s.assign(i, false);
        }
        for &i in forced {
            if !s.assign(i, true) {
                return None;
            }
        }
        s.record();
        s.greedy();
        if let Some(seed) = seed {
            s.seed(seed);
        }
        let (optimal, bound) = s.run();
        Some(Choice {
            chosen: s.best_set,
            optimal,
            bound,
            stopped: s.stopped,
        })
    }
}

/// The state of one branch and bound.
struct Search<'a> {
    p: &'a Problem,
    stop: &'a mut dyn Stop,
    progress: Progress,
    /// The [`Stop`] answered true.
    stopped: bool,
    state: Vec<u8>,
    /// Items decided, in order, for undoing.
    trail: Vec<usize>,
    queue: Vec<(usize, bool)>,
    value: f64,
    cost: f64,
    cap: f64,
    best: f64,
    best_set: Vec<usize>,
    nodes: usize,
}

/// A decision on the search path.
struct Frame {
    /// Position in the order.
    k: usize,
    /// Trail length before the decision.
    mark: usize,
    /// Bound of the node.
    bound: f64,
    /// The "out" branch is being explored (the "in" one is done).
    out: bool,
}

impl Search<'_> {
    /// True when the node limit is reached or (asked every [`STOP_EVERY`] nodes) the caller
    /// wants the search to stop.
    fn out_of_time(&mut self) -> bool {
        if self.nodes >= self.p.node_limit {
            return true;
        }
        if self.nodes % STOP_EVERY == 0 {
            let progress = Progress {
                nodes: self.nodes,
                ..self.progress
            };
            self.stopped = self.stopped || self.stop.stop(progress);
        }
        self.stopped
    }

    /// Sets item `i` in or out and propagates; false on a conflict or when over the budget
    /// (the caller undoes).
    fn assign(&mut self, i: usize, inside: bool) -> bool {
        self.queue.clear();
        self.queue.push((i, inside));
        while let Some((x, inside)) = self.queue.pop() {
            match (self.state[x], inside) {
                (IN, true) | (OUT, false) => continue,
                (IN, false) | (OUT, true) => return false,
                _ => {}
            }
            self.trail.push(x);
            let it = &self.p.items[x];
            if inside {
                self.state[x] = IN;
                self.value += it.value;
                self.cost += it.cost;
                if self.cost > self.cap {
                    // Over the budget already: the rest of the closure need not be walked.
                    return false;
                }
                self.queue.extend(it.requires.iter().map(|&r| (r, true)));
                self.queue
                    .extend(self.p.excl[x].iter().map(|&e| (e, false)));
            } else {
                self.state[x] = OUT;
                self.queue
                    .extend(self.p.dependents[x].iter().map(|&d| (d, false)));
            }
        }
        self.cost <= self.cap
    }

    fn undo(&mut self, mark: usize) {
        while self.trail.len() > mark {
            let Some(x) = self.trail.pop() else { break };
            if self.state[x] == IN {
                self.value -= self.p.items[x].value;
                self.cost -= self.p.items[x].cost;
            }
            self.state[x] = UNDECIDED;
        }
    }

    /// Keeps the current "in" set when it beats the best.
    fn record(&mut self) {
        if self.value > self.best + value_eps(self.best) || self.best == f64::NEG_INFINITY {
            self.best = self.value;
            self.best_set = (0..self.state.len())
                .filter(|&i| self.state[i] == IN)
                .collect();
        }
    }

    /// Takes `set` (a feasible portfolio, e.g. the one found at a smaller budget) as the
    /// incumbent when it fits the budget and is worth more than the best so far.
    fn seed(&mut self, set: &[usize]) {
        let cost: f64 = set.iter().map(|&i| self.p.items[i].cost).sum();
        let value: f64 = set.iter().map(|&i| self.p.items[i].value).sum();
        if cost <= self.cap && value > self.best + value_eps(self.best) {
            self.best = value;
            self.best_set = set.to_vec();
        }
    }

    /// A first incumbent: add items (with their closure) in order while they fit.
    ///
    /// The greedy portfolio only grows, so an item that cannot be added now (over the budget,
    /// or in conflict) can never be, and neither can anything that depends on it: those are
    /// marked and skipped, which keeps a long dependency chain or cycle linear.
    fn greedy(&mut self) {
        let root = self.trail.len();
        let mut hopeless = vec![false; self.state.len()];
        let mut queue = Vec::new();
        for k in 0..self.p.order.len() {
            let i = self.p.order[k];
            if self.state[i] != UNDECIDED || hopeless[i] {
                continue;
            }
            let mark = self.trail.len();
            let before = self.value;
            if !self.assign(i, true) {
                self.undo(mark);
                hopeless[i] = true;
                queue.push(i);
                while let Some(x) = queue.pop() {
                    for &d in &self.p.dependents[x] {
                        if !hopeless[d] {
                            hopeless[d] = true;
                            queue.push(d);
                        }
                    }
                }
            } else if self.value < before {
                self.undo(mark);
            }
        }
        self.record();
        self.undo(root);
    }

    /// Value so far plus the fractional knapsack of the undecided positive items from order
    /// position `k` on that fit in the remaining budget on their own (one that does not can be
    /// in no completion).
    ///
    /// Items that do not fit on their own are skipped for a tighter bound, but at most
    /// [`SKIP_LIMIT`] of them: after that the rest is bounded by the remaining budget at the
    /// value/cost ratio of the item just reached, which no later item exceeds (items are in
    /// ratio order). So a nearly full budget does not make every node walk all the items.
    fn bound(&self, k: usize) -> f64 {
        let room0 = self.cap - self.cost;
        let mut room = room0;
        let mut b = self.value;
        let mut skipped = 0;
        for &j in &self.p.order[k..] {
            let it = &self.p.items[j];
            if self.state[j] != UNDECIDED {
                continue;
            }
            if it.cost > room0 {
                skipped += 1;
                if skipped > SKIP_LIMIT {
                    b += it.value * (room / it.cost);
                    break;
                }
                continue;
            }
            if it.cost <= room {
                room -= it.cost;
                b += it.value;
            } else {
                b += it.value * (room / it.cost);
                break;
            }
        }
        b
    }

    fn next_undecided(&self, mut k: usize) -> usize {
        let order = &self.p.order;
        while k < order.len() && self.state[order[k]] != UNDECIDED {
            k += 1;
        }
        k
    }

    /// True when a subtree with this bound cannot beat the best portfolio. With whole-number
    /// values only a gain of at least 1 counts, so the bound is rounded down first.
    fn prunes(&self, bound: f64) -> bool {
        let bound = if self.p.integral {
            (bound + value_eps(bound)).floor()
        } else {
            bound
        };
        bound <= self.best + value_eps(self.best)
    }

    /// Depth-first branch and bound from the current state; returns (optimal, upper bound).
    fn run(&mut self) -> (bool, f64) {
        let mut stack: Vec<Frame> = Vec::new();
        let mut descend = Some(0usize);
        loop {
            if let Some(pos) = descend.take() {
                self.record();
                let k = self.next_undecided(pos);
                if k < self.p.order.len() {
                    let bound = self.bound(k);
                    if self.out_of_time() {
                        let open = stack
                            .iter()
                            .filter(|f| !f.out)
                            .map(|f| f.bound)
                            .fold(bound, f64::max);
                        return (false, open.max(self.best));
                    }
                    self.nodes += 1;
                    if !self.prunes(bound) {
                        let mark = self.trail.len();
                        stack.push(Frame {
                            k,
                            mark,
                            bound,
                            out: false,
                        });
                        if self.assign(self.p.order[k], true) {
                            descend = Some(k + 1);
                            continue;
                        }
                    }
                }
            }
            // Backtrack to the deepest decision with an unexplored "out" branch.
            let Some(f) = stack.last_mut() else {
                return (true, self.best);
            };
            let (k, mark, bound, out) = (f.k, f.mark, f.bound, f.out);
            f.out = true;
            self.undo(mark);
            if out || self.prunes(bound) {
                stack.pop();
                continue;
            }
            if self.assign(self.p.order[k], false) {
                descend = Some(k + 1);
            }
        }
    }
}

/// Time-boxes the budget optimiser for a caller that reads a clock (the page's bindings pass
/// `Date.now`; the core reads none): a [`Stop`] that answers true once `limit_ms` have passed
/// since it was made, sharing the time left evenly among the searches still to come (a
/// frontier's points), and tells `report` how far the work is at most every `report_every_ms`.
pub struct TimeBox<N, R> {
    now: N,
    report: R,
    start: f64,
    limit_ms: Option<f64>,
    report_every_ms: f64,
    last_report: f64,
    search: usize,
    share_end: f64,
    stopped: bool,
}

impl<N: FnMut() -> f64, R: FnMut(Progress, f64)> TimeBox<N, R> {
    /// A time box of `limit_ms` milliseconds (None: no limit) starting now, `now()` giving
    /// the time in milliseconds. Fails with `INVALID_ARGUMENT` for a limit that is not a
    /// finite number > 0.
    pub fn new(
        limit_ms: Option<f64>,
        report_every_ms: f64,
        mut now: N,
        report: R,
    ) -> Result<Self, Error> {
        if let Some(l) = limit_ms {
            if !(l.is_finite() && l > 0.0) {
                return Err(invalid_argument(
                    "timeLimitMs",
                    format!("the time limit must be a number of milliseconds > 0, not {l}"),
                ));
            }
        }
        let start = now();
        Ok(TimeBox {
            now,
            report,
            start,
            limit_ms,
            report_every_ms,
            last_report: start,
            search: 0,
            share_end: f64::INFINITY,
            stopped: false,
        })
    }

    /// Milliseconds since the time box began.
    pub fn elapsed_ms(&mut self) -> f64 {
        (self.now)() - self.start
    }
}

impl<N: FnMut() -> f64, R: FnMut(Progress, f64)> Stop for TimeBox<N, R> {
    fn stop(&mut self, progress: Progress) -> bool {
        let t = (self.now)();
        let elapsed = t - self.start;
        if let Some(limit) = self.limit_ms {
            if progress.search != self.search {
                self.search = progress.search;
                let pieces = progress.points.saturating_sub(progress.point).max(1);
                self.share_end = t + (limit - elapsed).max(0.0) / pieces as f64;
            }
            self.stopped |= elapsed >= limit;
        }
        if t - self.last_report >= self.report_every_ms {
            self.last_report = t;
            (self.report)(progress, elapsed);
        }
        self.stopped || t >= self.share_end
    }
}

/// The optimisation problem of a model: the active initiatives as candidates, depends_on
/// (followed through any node; a done initiative satisfies it, a cancelled one makes the
/// dependent ineligible), excludes between candidates, and `mandatory`.
///
/// The value is `benefit` when every candidate has one, else alignment (with a `MISSING_VALUE`
/// warning listing those without); `basis` forces one (a forced benefit basis counts a missing
/// benefit as 0, with the warning). A candidate without a cost costs 0 (warned too).
///
/// Complexity: O(c (n + m)) for c candidates.
pub fn problem(
    model: &Model,
    scores: &Scores,
    basis: Option<ValueBasis>,
) -> Result<Problem, Error> {
    let g = &scores.graph;
    let n = model.nodes.len().min(g.n);
    let cands: Vec<usize> = scores
        .active
        .iter()
        .map(|&v| v as usize)
        .filter(|&v| v < n)
        .collect();
    let mut slot = vec![usize::MAX; n];
    for (k, &v) in cands.iter().enumerate() {
        slot[v] = k;
    }
    let mut diagnostics = Vec::new();
    let lacking = |num: Num| -> Vec<&str> {
        cands
            .iter()
            .map(|&v| &model.nodes[v])
            .filter(|nd| nd.attrs().get(num).is_none_or(|x| !x.is_finite()))
            .map(|nd| nd.id.as_ref())
            .collect()
    };
    let no_benefit = lacking(Num::Benefit);
    let basis = basis.unwrap_or(if no_benefit.is_empty() {
        ValueBasis::Benefit
    } else {
        ValueBasis::Alignment
    });
    let warn = |ids: &[&str], field: &str, msg: String| {
        Diagnostic::warning(
            Code::MissingValue,
            Place {
                node: ids.first().map(|s| s.to_string()),
                field: Some(field.into()),
                ..Place::default()
            },
            msg,
        )
    };
    // NPV: each candidate's cashflows at the model's discount rate (0.08 when it states none).
    let rate = model
        .extra
        .get("discount_rate")
        .and_then(serde_json::Value::as_f64)
        .filter(|r| r.is_finite() && *r > -1.0)
        .unwrap_or(crate::lens::finance::DEFAULT_DISCOUNT_RATE);
    let npv_of = |v: usize| -> Option<f64> {
        let flows: Vec<f64> = model.nodes[v]
            .extra()?
            .get("cashflows")?
            .as_array()?
            .iter()
            .map(|x| x.as_f64().filter(|f| f.is_finite()))
            .collect::<Option<_>>()?;
        Some(crate::lens::finance::npv(&flows, rate))
    };
    if basis == ValueBasis::Npv {
        let no_flows: Vec<&str> = cands
            .iter()
            .filter(|&&v| npv_of(v).is_none())
            .map(|&v| model.nodes[v].id.as_ref())
            .collect();
        if !no_flows.is_empty() {
            diagnostics.push(warn(
                &no_flows,
                "cashflows",
                format!(
                    "{} active initiative(s) have no cashflows ({}); their value counts as 0",
                    no_flows.len(),
                    shortlist(&no_flows)
                ),
            ));
        }
    } else if !no_benefit.is_empty() {
        let rule = match basis {
            ValueBasis::Alignment => "the value is the alignment score",
            _ => "their value counts as 0",
        };
        diagnostics.push(warn(
            &no_benefit,
            "benefit",
            format!(
                "{} active initiative(s) have no benefit ({}); {rule}",
                no_benefit.len(),
                shortlist(&no_benefit)
            ),
        ));
    }
    let no_cost = lacking(Num::Cost);
    if !no_cost.is_empty() {
        diagnostics.push(warn(
            &no_cost,
            "cost",
            format!(
                "{} active initiative(s) have no cost ({}); they count as costing 0",
                no_cost.len(),
                shortlist(&no_cost)
            ),
        ));
    }
    let mut items: Vec<Item> = Vec::with_capacity(cands.len());
    let mut seen = vec![false; n];
    let mut stack = Vec::new();
    let mut visited = Vec::new();
    for &v in &cands {
        let node = &model.nodes[v];
        let a = node.attrs();
        let finite = |x: Option<f64>| x.filter(|x| x.is_finite()).unwrap_or(0.0);
        let value = match basis {
            ValueBasis::Benefit => finite(a.get(Num::Benefit)),
            ValueBasis::Alignment => scores.alignment.get(v).copied().unwrap_or(0.0),
            ValueBasis::Npv => npv_of(v).unwrap_or(0.0),
        };
        let mut item = Item::new(node.id.to_string(), finite(a.cost()), value);
        item.mandatory = a.mandatory == Some(true);
        // Walk depends_on through anything but initiatives; stop at initiatives.
        stack.push(v);
        seen[v] = true;
        visited.push(v);
        while let Some(x) = stack.pop() {
            for &t in g.needs.all.targets(x as u32) {
                let t = t as usize;
                if t >= n || seen[t] {
                    continue;
                }
                seen[t] = true;
                visited.push(t);
                let tn = &model.nodes[t];
                if tn.kind != NodeKind::Initiative {
                    stack.push(t);
                } else if slot[t] != usize::MAX {
                    item.requires.push(slot[t]);
                } else if tn.status() == Status::Cancelled && item.blocked.is_none() {
                    item.blocked = Some(format!("depends on cancelled initiative \"{}\"", tn.id));
                }
            }
        }
        for &x in &visited {
            seen[x] = false;
        }
        visited.clear();
        item.requires.sort_unstable();
        items.push(item);
    }
    for &(a, b) in &g.excludes {
        let (a, b) = (a as usize, b as usize);
        if a < n && b < n && slot[a] != usize::MAX && slot[b] != usize::MAX {
            items[slot[a]].excludes.push(slot[b]);
        }
    }
    // Initiatives in a dependency cycle are chosen all together or not at all: say so.
    const SHOWN: usize = 5;
    for cycle in &g.needs.cycles {
        let mut members: Vec<usize> = cycle
            .iter()
            .map(|&v| v as usize)
            .filter(|&v| v < n && slot[v] != usize::MAX)
            .collect();
        members.sort_unstable();
        let ids: Vec<&str> = members
            .iter()
            .map(|&v| model.nodes[v].id.as_ref())
            .collect();
        if ids.len() < 2 {
            continue;
        }
        let more = ids.len().saturating_sub(SHOWN);
        let listed = if more > 0 {
            format!(
                "{} and {} more",
                quoted(&ids[..SHOWN]),
                crate::diagnostics::count(more)
            )
        } else {
            quoted(&ids)
        };
        diagnostics.push(Diagnostic::warning(
            Code::DependencyCycle,
            Place::node(ids[0]),
            format!(
                "{} active initiatives depend on each other in a cycle ({listed}); they are chosen all together or not at all",
                crate::diagnostics::count(ids.len())
            ),
        ));
    }
    let mut p = Problem::from_items(items, basis)?;
    p.diagnostics = diagnostics;
    Ok(p)
}
