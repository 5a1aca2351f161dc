//! The decision methods on a workspace: goal weights by AHP, WSJF and weighted scoring, the
//! budget optimiser and its frontier, the schedule, scenarios, and the options of a simulation.
//! Methods that read scores use the model under the current what-if toggles.

use super::{Workspace, WorkspaceError};
use crate::decide::diff::Diff;
use crate::decide::optimize::{Frontier, Problem, Solution, ValueBasis};
use crate::decide::priority::{Ranking, Weights};
use crate::decide::scenario::Comparison;
use crate::decide::schedule::Schedule;
use crate::decide::simulate::{SimOptions, Simulation};
use crate::decide::{self as methods, Stop, ahp::Ahp};
use crate::diagnostics::Diagnostic;
use crate::formats::limits::Limits;
use crate::model::NodeKind;
use crate::model::scenario;
use serde::{Deserialize, Serialize};

/// The top N of the weighted-scoring ranking whose sensitivity is reported, unless asked.
pub const DEFAULT_TOP: usize = 5;

/// The most points of an exact frontier, unless asked.
pub const DEFAULT_FRONTIER_POINTS: usize = 200;

/// The model's own numbers of the decision views: columns in node order, NaN where a node has
/// no such field, and the budget the model states.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionFields {
    /// The model's top-level `budget` (finite and >= 0), if any.
    pub budget: Option<f64>,
    /// `benefit`.
    pub benefit: Vec<f64>,
    /// `cost`.
    pub cost: Vec<f64>,
    /// WSJF `business_value`.
    pub business_value: Vec<f64>,
    /// WSJF `time_criticality`.
    pub time_criticality: Vec<f64>,
    /// WSJF `risk_reduction`.
    pub risk_reduction: Vec<f64>,
    /// WSJF `job_size`.
    pub job_size: Vec<f64>,
}

/// AHP on a pairwise comparison matrix, with optional labels. Fails with `INVALID_MATRIX`.
pub fn ahp(matrix: &[Vec<f64>], labels: Option<&[String]>) -> Result<Ahp, WorkspaceError> {
    methods::ahp::ahp(matrix, labels).map_err(WorkspaceError::decide)
}

/// The schedule with the warnings about it (milestones without a duration), which the
/// schedule alone does not write out.
#[derive(Debug, Clone, Serialize)]
pub struct ScheduleResult {
    /// The schedule.
    #[serde(flatten)]
    pub schedule: Schedule,
    /// Its warnings.
    pub warnings: Vec<Diagnostic>,
}

/// The options of a simulation as the page passes them; each may be left out.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct SimulationArgs {
    /// Number of runs (default 10,000).
    pub runs: Option<f64>,
    /// Seed (default 1).
    pub seed: Option<f64>,
    /// `pert` (default) or `triangular`.
    pub distribution: Option<String>,
    /// Size of the top set for rank stability (default 5).
    pub top: Option<f64>,
    /// Deadline for the probability of finishing by it.
    pub deadline: Option<f64>,
}

fn whole(x: Option<f64>, name: &str, default: usize) -> Result<usize, WorkspaceError> {
    match x {
        None => Ok(default),
        Some(v) if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= 9.0e15 => Ok(v as usize),
        Some(v) => Err(WorkspaceError::InvalidArgument(format!(
            "{name} must be a whole number, not {v}"
        ))),
    }
}

impl SimulationArgs {
    /// The simulation options, defaults filled in. Runs, seed and top must be whole numbers
    /// (`INVALID_ARGUMENT`); their ranges and the distribution are checked by the simulation.
    pub fn options(&self) -> Result<SimOptions, WorkspaceError> {
        let defaults = SimOptions::default();
        Ok(SimOptions {
            runs: whole(self.runs, "runs", defaults.runs)?,
            seed: whole(self.seed, "seed", defaults.seed as usize)? as u64,
            distribution: self.distribution.clone().unwrap_or(defaults.distribution),
            top_n: whole(self.top, "top", defaults.top_n)?,
            deadline: self.deadline,
        })
    }
}

/// Prepares a simulation of the model text, read within `limits` (scored with the decision
/// methods' options). Fails with `INVALID_ARGUMENT` for bad options (checked first) or
/// `INVALID_MODEL`.
pub fn simulation(
    model_text: &str,
    args: &SimulationArgs,
    limits: &Limits,
) -> Result<Simulation, WorkspaceError> {
    let opts = args.options()?;
    let ws = Workspace::load(model_text, limits)?;
    let model = ws.model();
    let scores = crate::analysis::compute(model, &methods::scoring_options());
    Simulation::new(model, &scores, &opts).map_err(WorkspaceError::decide)
}

impl Workspace {
    /// Goal weights by AHP: computes the weights of the goals `ids` from the pairwise matrix,
    /// sets each goal's `weight` to its AHP weight, and keeps the judgements in the model (the
    /// top-level field `ahp`).
    pub fn apply_goal_weights(
        &mut self,
        ids: &[String],
        matrix: &[Vec<f64>],
    ) -> Result<Ahp, WorkspaceError> {
        let mut ixs = Vec::with_capacity(ids.len());
        for id in ids {
            let i = self.index(id)?;
            if self.model.nodes[i as usize].kind != NodeKind::Goal {
                return Err(WorkspaceError::decide(Diagnostic::error(
                    crate::diagnostics::Code::InvalidValue,
                    crate::diagnostics::Place::node(id),
                    format!("\"{id}\" is not a goal; AHP weighs goals"),
                )));
            }
            ixs.push(i);
        }
        if matrix.len() != ids.len() {
            return Err(WorkspaceError::decide(methods::invalid_argument(
                "goals",
                format!("{} goals for a matrix of {} rows", ids.len(), matrix.len()),
            )));
        }
        let result = methods::ahp::ahp(matrix, Some(ids)).map_err(WorkspaceError::decide)?;
        for (&i, &w) in ixs.iter().zip(&result.weights) {
            self.model.nodes[i as usize]
                .attrs_mut()
                .set(crate::model::Num::Weight, Some(w));
        }
        self.model.extra.insert(
            "ahp".into(),
            serde_json::json!({"goals": ids, "matrix": matrix}),
        );
        self.edited();
        Ok(result)
    }

    /// The AHP judgements saved with the model (`{"goals": [...], "matrix": [[...]]}`), if any.
    pub fn goal_judgements(&self) -> Option<&serde_json::Value> {
        self.model.extra.get("ahp")
    }

    /// The model's scenarios as written in the file.
    pub fn scenarios(&self) -> Vec<serde_json::Value> {
        match self.model.extra.get(scenario::FIELD) {
            Some(serde_json::Value::Array(a)) => a.clone(),
            _ => Vec::new(),
        }
    }

    /// Adds a scenario (or replaces the one with its name), checked first.
    pub fn save_scenario(&mut self, s: &serde_json::Value) -> Result<(), WorkspaceError> {
        scenario::save(&mut self.model, s).map_err(WorkspaceError::decide)?;
        self.edited();
        Ok(())
    }

    /// Removes a scenario.
    pub fn delete_scenario(&mut self, name: &str) -> Result<(), WorkspaceError> {
        scenario::delete(&mut self.model, name).map_err(WorkspaceError::decide)?;
        self.edited();
        Ok(())
    }

    /// An earlier model compared with the model as loaded (no what-if toggles): every KPI,
    /// goal and initiative change with its reasons ([`methods::diff`]). The earlier model's
    /// label (its file name) is named in the result.
    pub fn compare_with(&self, earlier: &Workspace, label: &str) -> Diff {
        let mut d = methods::diff::diff(&earlier.model, &self.model);
        d.old.file = Some(label.to_string());
        d
    }

    /// A scenario compared with the model as loaded (no what-if toggles).
    pub fn compare_scenario(&self, name: &str) -> Result<Comparison, WorkspaceError> {
        methods::scenario::compare(&self.model, name).map_err(WorkspaceError::decide)
    }

    /// WSJF of every initiative that has the four WSJF fields, under the current toggles:
    /// `{id: wsjf}` in model order.
    pub fn wsjf(&self) -> serde_json::Map<String, serde_json::Value> {
        let (scores, _) = methods::priority::wsjf(self.scored_model());
        scores
            .into_iter()
            .map(|(id, w)| (id, serde_json::Value::from(w)))
            .collect()
    }

    /// The weighted-scoring ranking of the active initiatives with the sensitivity of its top
    /// `top_n` (default 5); `weights` default to 0.4, 0.3, 0.15, 0.15. Fails with
    /// `INVALID_ARGUMENT` for a negative, infinite or all-zero weight.
    pub fn priorities(
        &mut self,
        weights: Option<Weights>,
        top_n: Option<usize>,
    ) -> Result<Ranking, WorkspaceError> {
        let w = weights.unwrap_or_default();
        let (model, scores) = self.analysed();
        methods::priority::rank(model, scores, &w, top_n.unwrap_or(DEFAULT_TOP))
            .map_err(WorkspaceError::decide)
    }

    fn problem(&mut self, basis: Option<ValueBasis>) -> Result<Problem, WorkspaceError> {
        let (model, scores) = self.analysed();
        methods::optimize::problem(model, scores, basis).map_err(WorkspaceError::decide)
    }

    /// The portfolio of highest value within `budget`. Fails with `INVALID_ARGUMENT` (e.g. a
    /// negative budget) or `INFEASIBLE`.
    pub fn optimize(&mut self, budget: f64) -> Result<Solution, WorkspaceError> {
        self.optimize_until(budget, &mut methods::Never)
    }

    /// [`Workspace::optimize`], asking `stop` now and then whether to stop (a [`TimeBox`] in
    /// the page): a stopped search answers with the best portfolio found, `stopped: true`, its
    /// upper bound and gap.
    pub fn optimize_until(
        &mut self,
        budget: f64,
        stop: &mut dyn Stop,
    ) -> Result<Solution, WorkspaceError> {
        self.optimize_with(budget, None, stop)
    }

    /// [`Workspace::optimize_until`] with a value basis (`None`: benefit when every candidate
    /// has one, else alignment; `Npv`: the net present value of the cashflows).
    pub fn optimize_with(
        &mut self,
        budget: f64,
        basis: Option<ValueBasis>,
        stop: &mut dyn Stop,
    ) -> Result<Solution, WorkspaceError> {
        self.problem(basis)?
            .solve_until(budget, stop)
            .map_err(WorkspaceError::decide)
    }

    /// The efficient frontier: the exact staircase when it has at most `points` points
    /// (default 200, at least 2), else that many evenly spaced budgets.
    pub fn frontier(&mut self, points: Option<usize>) -> Result<Frontier, WorkspaceError> {
        self.frontier_until(points, &mut methods::Never)
    }

    /// [`Workspace::frontier`], asking `stop` now and then whether to stop the current search
    /// (a [`TimeBox`] shares its time among the searches).
    pub fn frontier_until(
        &mut self,
        points: Option<usize>,
        stop: &mut dyn Stop,
    ) -> Result<Frontier, WorkspaceError> {
        self.frontier_with(points, None, stop)
    }

    /// [`Workspace::frontier_until`] with a value basis (as [`Workspace::optimize_with`]).
    pub fn frontier_with(
        &mut self,
        points: Option<usize>,
        basis: Option<ValueBasis>,
        stop: &mut dyn Stop,
    ) -> Result<Frontier, WorkspaceError> {
        let points = points.unwrap_or(DEFAULT_FRONTIER_POINTS).max(2);
        self.problem(basis)?
            .frontier_until(points, stop)
            .map_err(WorkspaceError::decide)
    }

    /// The model's own numbers the decision views show beside the methods' answers, as columns
    /// in node order (NaN where a node has none): benefit, cost and the four WSJF fields, and
    /// the budget the model states (top-level `budget`), so a page need not read the model
    /// JSON. Uses the model as loaded (what-if toggles change no field).
    pub fn decision_fields(&self) -> DecisionFields {
        use crate::model::Num;
        let nodes = &self.model().nodes;
        let column = |num: Num| -> Vec<f64> {
            nodes
                .iter()
                .map(|n| {
                    n.attrs()
                        .get(num)
                        .filter(|x| x.is_finite())
                        .unwrap_or(f64::NAN)
                })
                .collect()
        };
        let budget = self
            .model()
            .extra
            .get("budget")
            .and_then(serde_json::Value::as_f64)
            .filter(|b| b.is_finite() && *b >= 0.0);
        DecisionFields {
            budget,
            benefit: column(Num::Benefit),
            cost: column(Num::Cost),
            business_value: column(Num::BusinessValue),
            time_criticality: column(Num::TimeCriticality),
            risk_reduction: column(Num::RiskReduction),
            job_size: column(Num::JobSize),
        }
    }

    /// The schedule of the active initiatives under the current toggles (CPM/PERT), with the
    /// probability of finishing by `deadline` when given. Fails with `DEPENDENCY_CYCLE`.
    pub fn schedule(&self, deadline: Option<f64>) -> Result<ScheduleResult, WorkspaceError> {
        let schedule = methods::schedule::schedule(self.scored_model(), deadline)
            .map_err(WorkspaceError::decide)?;
        let warnings = schedule.warnings.clone();
        Ok(ScheduleResult { schedule, warnings })
    }
}
