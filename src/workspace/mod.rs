//! A loaded model with its what-if toggles and latest scores: the state behind an interactive
//! session (the page's `Engine` is a thin wrapper around it).
//!
//! A [`Workspace`] keeps the model exactly as loaded, plus a set of initiatives switched on or
//! off for a what-if (an initiative switched off scores as `cancelled`, one switched on as
//! `approved`). Scoring reads the toggles as status overrides, so the model itself, and what is
//! saved, never changes behind the user's back, and a toggle does not copy the model: it
//! updates the latest scores in place, touching only what the switched initiative reaches
//! ([`analysis::whatif::update`]), with the same result as scoring from scratch. The model with
//! the toggles written in is made only for the callers that need one ([`Workspace::scored_model`]).
//!
//! ```
//! use aligngraph::formats::limits::Limits;
//! use aligngraph::workspace::{Field, Workspace};
//! let mut ws = Workspace::load(aligngraph::demo::DEMO_JSON, &Limits::PAGE).unwrap();
//! let before = ws.score(|r| r.kpis.alignment_index);
//! ws.set_active("ini-s4hana", false).unwrap();
//! let after = ws.score(|r| r.kpis.alignment_index);
//! assert_ne!(before, after);
//! assert_eq!(ws.field(Field::Active)[ws.index("ini-s4hana").unwrap() as usize], 0.0);
//! ```

mod decide;
mod edit;
mod io;
mod lens;

pub use decide::{
    DEFAULT_FRONTIER_POINTS, DEFAULT_TOP, ScheduleResult, SimulationArgs, ahp, simulation,
};
pub use edit::Edited;
pub use io::{
    EdgeArrays, InitiativeColumns, Loaded, Sections, Summary, export_format, read_mapping,
};

use crate::analysis::{self, Options, Report, Scores, Toggles, report::Explanation};
use crate::diagnostics::{Diagnostic, has_errors};
use crate::formats::mapping::ImportSummary;
use crate::model::{self, Model, NodeKind};
use std::fmt;
use std::sync::OnceLock;

/// Why a workspace call failed; `code()` is stable.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkspaceError {
    /// No model is loaded (the page's engine before `load`).
    NoModel,
    /// The text did not load: every diagnostic (errors and warnings).
    InvalidModel(Vec<Diagnostic>),
    /// The imported files did not make a model: every diagnostic, and what was read.
    InvalidImport(Vec<Diagnostic>, Box<ImportSummary>),
    /// The mapping file has errors: its diagnostics.
    InvalidMapping(Vec<Diagnostic>),
    /// No export format has this name.
    UnknownFormat(String),
    /// An argument has the wrong shape or value: the sentence naming it.
    InvalidArgument(String),
    /// No node has this id.
    UnknownNode(String),
    /// The node exists but is not an initiative.
    NotAnInitiative(String),
    /// No per-node score has this name.
    UnknownField(String),
    /// A decision method failed (AHP, scenarios, optimisation, ...): its diagnostic.
    Decide(Box<Diagnostic>),
    /// A result could not be written out.
    Internal(String),
    /// An edit of the model was refused: the loader's diagnostics of the value.
    InvalidEdit(Vec<Diagnostic>),
}

impl WorkspaceError {
    /// Wraps a decision method's diagnostic.
    pub fn decide(d: Diagnostic) -> WorkspaceError {
        WorkspaceError::Decide(Box::new(d))
    }

    /// The stable code, e.g. `UNKNOWN_NODE`.
    pub fn code(&self) -> &'static str {
        match self {
            WorkspaceError::NoModel => "NO_MODEL",
            WorkspaceError::InvalidModel(_) | WorkspaceError::InvalidImport(..) => "INVALID_MODEL",
            WorkspaceError::InvalidMapping(_) => "INVALID_MAPPING",
            WorkspaceError::UnknownFormat(_) => "UNKNOWN_FORMAT",
            WorkspaceError::InvalidArgument(_) => "INVALID_ARGUMENT",
            WorkspaceError::UnknownNode(_) => "UNKNOWN_NODE",
            WorkspaceError::NotAnInitiative(_) => "NOT_AN_INITIATIVE",
            WorkspaceError::UnknownField(_) => "UNKNOWN_FIELD",
            WorkspaceError::Decide(d) => d.code.as_str(),
            WorkspaceError::Internal(_) => "INTERNAL",
            WorkspaceError::InvalidEdit(_) => "INVALID_EDIT",
        }
    }

    /// The diagnostics the error carries (a failed load, import or mapping, or the decision
    /// method's one diagnostic), if any.
    pub fn diagnostics(&self) -> Option<&[Diagnostic]> {
        match self {
            WorkspaceError::InvalidModel(d)
            | WorkspaceError::InvalidImport(d, _)
            | WorkspaceError::InvalidMapping(d)
            | WorkspaceError::InvalidEdit(d) => Some(d),
            WorkspaceError::Decide(d) => Some(std::slice::from_ref(d.as_ref())),
            _ => None,
        }
    }
}

impl fmt::Display for WorkspaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkspaceError::NoModel => {
                write!(f, "no model is loaded; call load(text) or loadDemo() first")
            }
            WorkspaceError::InvalidModel(d) | WorkspaceError::InvalidImport(d, _) => {
                let errors: Vec<&Diagnostic> = d.iter().filter(|d| d.is_error()).collect();
                write!(f, "the model has {} error(s)", errors.len())?;
                if let Some(first) = errors.first() {
                    write!(f, "; first: {first}")?;
                }
                Ok(())
            }
            WorkspaceError::InvalidMapping(d) => {
                write!(f, "the mapping file has {} error(s)", d.len())?;
                if let Some(first) = d.first() {
                    write!(f, "; first: {first}")?;
                }
                Ok(())
            }
            WorkspaceError::UnknownFormat(name) => write!(
                f,
                "no export format is called \"{name}\"; expected exchange, csv, graphml or json"
            ),
            WorkspaceError::InvalidArgument(message) | WorkspaceError::Internal(message) => {
                write!(f, "{message}")
            }
            WorkspaceError::UnknownNode(id) => write!(f, "no node has the id \"{id}\""),
            WorkspaceError::NotAnInitiative(id) => {
                write!(f, "node \"{id}\" is not an initiative")
            }
            WorkspaceError::UnknownField(name) => write!(
                f,
                "no per-node score is called \"{name}\"; expected one of {}",
                Field::ALL.map(Field::as_str).join(", ")
            ),
            WorkspaceError::Decide(d) => write!(f, "{d}"),
            WorkspaceError::InvalidEdit(d) => match d.iter().find(|d| d.is_error()) {
                Some(first) => write!(f, "the edit was not made: {first}"),
                None => write!(f, "the edit was not made"),
            },
        }
    }
}

impl std::error::Error for WorkspaceError {}

/// The paths an explanation lists unless asked for another number.
pub const DEFAULT_PATHS: usize = 10;

/// A per-node score, as one flat array indexed like `model.nodes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Alignment with the weighted goals.
    Alignment,
    /// Conflict with the weighted goals.
    Conflict,
    /// The node's own risk.
    OwnRisk,
    /// Delivery risk along depends_on.
    DeliveryRisk,
    /// Delivery risk x cost for active initiatives, else 0.
    Exposure,
    /// Cost (0 when none is given).
    Cost,
    /// Normalised weight of top-level goals, else 0.
    Weight,
    /// Coverage of each goal; NaN for other nodes.
    Coverage,
    /// Expected coverage of each goal; NaN for other nodes.
    ExpectedCoverage,
    /// PageRank over depends_on.
    Pagerank,
    /// Betweenness over depends_on; NaN when it was skipped.
    Betweenness,
    /// 1 for initiatives active under the current toggles, else 0.
    Active,
}

impl Field {
    /// Every field.
    pub const ALL: [Field; 12] = [
        Field::Alignment,
        Field::Conflict,
        Field::OwnRisk,
        Field::DeliveryRisk,
        Field::Exposure,
        Field::Cost,
        Field::Weight,
        Field::Coverage,
        Field::ExpectedCoverage,
        Field::Pagerank,
        Field::Betweenness,
        Field::Active,
    ];

    /// The name as used in reports, e.g. `delivery_risk`.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Alignment => "alignment",
            Field::Conflict => "conflict",
            Field::OwnRisk => "own_risk",
            Field::DeliveryRisk => "delivery_risk",
            Field::Exposure => "exposure",
            Field::Cost => "cost",
            Field::Weight => "weight",
            Field::Coverage => "coverage",
            Field::ExpectedCoverage => "expected_coverage",
            Field::Pagerank => "pagerank",
            Field::Betweenness => "betweenness",
            Field::Active => "active",
        }
    }

    /// Parses a name; the error lists the names that exist.
    pub fn parse(name: &str) -> Result<Field, WorkspaceError> {
        Field::ALL
            .into_iter()
            .find(|f| f.as_str() == name)
            .ok_or_else(|| WorkspaceError::UnknownField(name.to_string()))
    }
}

/// A loaded model, its what-if toggles and its latest scores.
#[derive(Debug, Clone)]
pub struct Workspace {
    model: Model,
    loaded: Vec<Diagnostic>,
    /// Node index -> active, for initiatives whose toggle differs from the file.
    toggles: Toggles,
    /// The model with the toggles applied, made on first use (see [`Workspace::scored_model`]).
    applied: OnceLock<Model>,
    /// Scores of the scored model after the latest `score`.
    scores: Option<Scores>,
    /// Scoring options.
    pub options: Options,
}

impl Workspace {
    /// Loads a native model from JSON text within `limits` (the page passes
    /// [`crate::formats::limits::Limits::PAGE`]). Fails with every diagnostic when there is an
    /// error; warnings are kept and reported with the scores.
    pub fn load(
        text: &str,
        limits: &crate::formats::limits::Limits,
    ) -> Result<Workspace, WorkspaceError> {
        let (model, loaded) = model::load_json_limited(text, limits);
        if has_errors(&loaded) {
            return Err(WorkspaceError::InvalidModel(loaded));
        }
        Ok(Workspace::from_model(model, loaded))
    }

    /// A generated layered model ([`crate::generate::layered`], as `aligngraph generate` writes
    /// it): about `nodes` nodes with `edges_per_node` out-edges each, the same for the same
    /// `seed`. At most `limits.nodes` nodes and `limits.edges` edges in all.
    pub fn generated(
        nodes: usize,
        edges_per_node: usize,
        seed: u64,
        limits: &crate::formats::limits::Limits,
    ) -> Result<Workspace, WorkspaceError> {
        if nodes == 0 || nodes > limits.nodes {
            return Err(WorkspaceError::InvalidArgument(format!(
                "nodes must be 1 to {}, not {nodes}",
                limits.nodes
            )));
        }
        if nodes.saturating_mul(edges_per_node) > limits.edges {
            return Err(WorkspaceError::InvalidArgument(format!(
                "{nodes} nodes x {edges_per_node} edges a node is more than the {} edges a model may have; lower one of them",
                limits.edges
            )));
        }
        let model = crate::generate::layered(nodes, edges_per_node, seed);
        Ok(Workspace::from_model(model, Vec::new()))
    }

    /// Wraps an already loaded model and the loader's warnings.
    pub fn from_model(model: Model, loaded: Vec<Diagnostic>) -> Workspace {
        Workspace {
            model,
            loaded,
            toggles: Toggles::new(),
            applied: OnceLock::new(),
            scores: None,
            options: Options::default(),
        }
    }

    /// The model as loaded (without the what-if toggles).
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The model that is scored: the loaded one with the what-if toggles applied (a copy, made
    /// on first use after a toggle; scoring itself does not need it).
    pub fn scored_model(&self) -> &Model {
        if self.toggles.is_empty() {
            return &self.model;
        }
        self.applied.get_or_init(|| self.toggles.apply(&self.model))
    }

    /// The loader's warnings.
    pub fn load_diagnostics(&self) -> &[Diagnostic] {
        &self.loaded
    }

    /// The index of a node in `model().nodes`.
    pub fn index(&self, id: &str) -> Result<u32, WorkspaceError> {
        let found = match &self.scores {
            // Once scored, the graph's id order finds it in O(log n): the first node with the
            // id in id order is the first in file order (ties are ordered by index).
            Some(s) => {
                let (by_rank, nodes) = (&s.graph.by_rank, &self.model.nodes);
                let at = by_rank.partition_point(|&v| &*nodes[v as usize].id < id);
                by_rank
                    .get(at)
                    .copied()
                    .filter(|&v| &*nodes[v as usize].id == id)
            }
            None => self.model.find(id),
        };
        found.ok_or_else(|| WorkspaceError::UnknownNode(id.to_string()))
    }

    fn initiative(&self, id: &str) -> Result<u32, WorkspaceError> {
        let i = self.index(id)?;
        if self.model.nodes[i as usize].kind != NodeKind::Initiative {
            return Err(WorkspaceError::NotAnInitiative(id.to_string()));
        }
        Ok(i)
    }

    /// Switches an initiative on or off for the what-if. Switching it back to what the file
    /// says removes the toggle. Scores already computed are updated in place, for what the
    /// initiative reaches only (see [`analysis::whatif::update`]).
    pub fn set_active(&mut self, id: &str, on: bool) -> Result<(), WorkspaceError> {
        let i = self.initiative(id)?;
        let mut toggles = self.toggles.clone();
        let differs = self.model.nodes[i as usize].is_active_initiative() != on;
        toggles.set(i, differs.then_some(on));
        if toggles == self.toggles {
            return Ok(());
        }
        self.applied = OnceLock::new();
        if let Some(s) = self.scores.as_mut() {
            analysis::whatif::update(&self.model, s, toggles.clone(), i);
        }
        self.toggles = toggles;
        Ok(())
    }

    /// Whether an initiative counts as active under the current toggles.
    pub fn is_active(&self, id: &str) -> Result<bool, WorkspaceError> {
        let i = self.initiative(id)?;
        Ok(self.toggles.is_active(&self.model, i))
    }

    /// The toggles that differ from the file: (id, active), in id order.
    pub fn what_if(&self) -> Vec<(&str, bool)> {
        let mut out: Vec<(&str, bool)> = self
            .toggles
            .iter()
            .map(|(i, on)| (&*self.model.nodes[i as usize].id, on))
            .collect();
        out.sort_unstable();
        out
    }

    /// Drops every toggle (and the scores: the next call scores from scratch).
    pub fn reset_what_if(&mut self) {
        self.toggles.clear();
        self.edited();
    }

    fn with_report<R>(
        model: &Model,
        scores: Scores,
        loaded: &[Diagnostic],
        opts: &Options,
        f: impl FnOnce(&Report) -> R,
    ) -> (R, Scores) {
        let mut report = analysis::report::build(model, scores, opts);
        let mut diags = loaded.to_vec();
        diags.append(&mut report.diagnostics);
        report.diagnostics = diags;
        let out = f(&report);
        (out, report.into_scores())
    }

    /// Scores the model under the current toggles and hands the report to `f`. The flat
    /// scores are kept for [`Workspace::field`] and [`Workspace::explain`].
    pub fn score<R>(&mut self, f: impl FnOnce(&Report) -> R) -> R {
        let scores = match self.scores.take() {
            Some(s) => s,
            None => analysis::compute_with(&self.model, &self.toggles, &self.options),
        };
        let (out, scores) = Self::with_report(&self.model, scores, &self.loaded, &self.options, f);
        self.scores = Some(scores);
        out
    }

    /// Scores the model as loaded (no toggles) and hands the report to `f`.
    pub fn baseline<R>(&mut self, f: impl FnOnce(&Report) -> R) -> R {
        if self.toggles.is_empty() {
            return self.score(f);
        }
        let scores = analysis::compute(&self.model, &self.options);
        Self::with_report(&self.model, scores, &self.loaded, &self.options, f).0
    }

    fn scores(&mut self) -> &Scores {
        if self.scores.is_none() {
            self.scores = Some(analysis::compute_with(
                &self.model,
                &self.toggles,
                &self.options,
            ));
        }
        self.scores.as_ref().expect("just computed")
    }

    /// [`Field::Active`] as one byte a node (1 for an active initiative under the current
    /// toggles, else 0).
    pub fn active_mask(&self) -> Vec<u8> {
        (0..self.model.nodes.len() as u32)
            .map(|v| u8::from(self.toggles.is_active(&self.model, v)))
            .collect()
    }

    /// One per-node score as a flat array indexed like `model().nodes`, under the current
    /// toggles (scoring first when needed).
    pub fn field(&mut self, field: Field) -> Vec<f64> {
        let n = self.model.nodes.len();
        self.scores();
        let s = self.scores.as_ref().expect("scored above");
        let model = &self.model;
        let active = |i: usize| self.toggles.is_active(model, i as u32);
        let cost = |i: usize| model.nodes[i].attrs().cost().unwrap_or(0.0);
        match field {
            Field::Alignment => s.alignment.clone(),
            Field::Conflict => s.conflicts(),
            Field::OwnRisk => s.own_risk.clone(),
            Field::DeliveryRisk => s.delivery_risk.clone(),
            Field::Exposure => (0..n)
                .map(|i| {
                    if active(i) {
                        s.delivery_risk[i] * cost(i)
                    } else {
                        0.0
                    }
                })
                .collect(),
            Field::Cost => (0..n).map(cost).collect(),
            Field::Weight => s.weights(),
            Field::Coverage | Field::ExpectedCoverage => {
                let per_goal = if field == Field::Coverage {
                    &s.coverage
                } else {
                    &s.expected_coverage
                };
                let mut out = vec![f64::NAN; n];
                for (gi, &v) in s.goals.iter().enumerate() {
                    out[v as usize] = per_goal[gi];
                }
                out
            }
            Field::Pagerank => s.pagerank().rank.clone(),
            Field::Betweenness => s.betweenness.clone().unwrap_or_else(|| vec![f64::NAN; n]),
            Field::Active => self.active_mask().into_iter().map(f64::from).collect(),
        }
    }

    /// The explanation of one node under the current toggles, with up to `paths` paths (default
    /// [`DEFAULT_PATHS`]).
    pub fn explain(
        &mut self,
        id: &str,
        paths: Option<usize>,
    ) -> Result<Explanation, WorkspaceError> {
        let v = self.index(id)?;
        self.scores();
        let s = self.scores.as_ref().expect("scored above");
        Ok(analysis::report::explain(
            &self.model,
            s,
            v,
            paths.unwrap_or(DEFAULT_PATHS),
        ))
    }

    /// Why numbers are zero under the current toggles: every uncovered goal and every active
    /// initiative with alignment 0 ([`analysis::gaps`]).
    pub fn gaps(&mut self) -> analysis::gaps::Gaps {
        let (m, s) = self.analysed();
        analysis::gaps::gaps(m, s)
    }

    /// The scored model (what-if toggles applied) and its scores, scoring first when needed.
    pub fn analysed(&mut self) -> (&Model, &Scores) {
        self.scores();
        (
            self.scored_model(),
            self.scores.as_ref().expect("scored above"),
        )
    }

    /// The scored model (what-if toggles applied) as model JSON text.
    pub fn working_model_json(&self) -> String {
        model::to_json(self.scored_model())
    }

    /// The model changed: drop the scores and the model with the toggles applied.
    fn edited(&mut self) {
        self.applied = OnceLock::new();
        self.scores = None;
    }

    /// Every diagnostic: the loader's warnings, then the structural ones of the scored model.
    pub fn diagnostics(&mut self) -> Vec<Diagnostic> {
        let mut out = self.loaded.clone();
        out.extend(self.scores().diagnostics.iter().cloned());
        out
    }
}
