//! The JSON-ready report of `aligngraph score`, assembled from [`Scores`], and the explanation
//! of one node.

use super::{Blast, Options, Scores, alignment};
use crate::diagnostics::Diagnostic;
use crate::model::targets::{Better, Rag, Targets};
use crate::model::{Model, NodeKind};
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};
use std::collections::BTreeMap;

/// The full report of `aligngraph score`. The small sections are plain values; the per-node
/// sections (`initiatives`, `nodes`, `matrix`, `centrality`) are read from the flat [`Scores`]
/// the report owns, and written straight from them when the report is serialised, so a
/// million-node report never holds a million strings.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    /// Always "aligngraph-report".
    pub format: &'static str,
    /// Report format version (1).
    pub version: u32,
    /// What was scored.
    pub model: ModelSummary,
    /// The portfolio KPIs.
    pub kpis: Kpis,
    /// Red, amber or green against the model's targets.
    pub status: StatusReport,
    /// Every goal, by id.
    pub goals: Vec<GoalScore>,
    /// Cycles, single points of failure, blast radius.
    pub structure: Structure,
    /// The explanation of one node, on request.
    pub explain: Option<Explanation>,
    /// Warnings found while scoring (and the loader's, when passed in by the caller).
    pub diagnostics: Vec<Diagnostic>,
    damping: f64,
    source: &'a Model,
    /// `source` with the scores' what-if toggles written in, made on first use.
    applied: std::sync::OnceLock<Model>,
    scores: Scores,
}

impl Report<'_> {
    /// The flat scores behind the report.
    pub fn scores(&self) -> &Scores {
        &self.scores
    }

    /// The model the report is about, with the what-if toggles of its scores applied (a copy
    /// made on first use when there are toggles).
    pub fn source(&self) -> &Model {
        if self.scores.toggles.is_empty() {
            return self.source;
        }
        self.applied
            .get_or_init(|| self.scores.toggles.apply(self.source))
    }

    /// Gives the flat scores back (to keep them after the report is written).
    pub fn into_scores(self) -> Scores {
        self.scores
    }

    /// Every initiative, in id order.
    pub fn initiatives(&self) -> impl Iterator<Item = InitiativeScore<'_>> + '_ {
        let (s, model) = (&self.scores, self.source);
        s.graph
            .by_rank
            .iter()
            .copied()
            .filter(move |&v| s.graph.kind[v as usize] == NodeKind::Initiative)
            .map(move |v| {
                let node = &model.nodes[v as usize];
                let cost = node.attrs().cost().unwrap_or(0.0);
                let p = s.delivery_risk[v as usize];
                InitiativeScore {
                    id: &node.id,
                    name: node.display_name(),
                    status: s.toggles.status(model, v).as_str(),
                    active: s.toggles.is_active(model, v),
                    cost,
                    alignment: s.alignment[v as usize],
                    conflict: s.conflict(v),
                    own_risk: s.own_risk[v as usize],
                    delivery_risk: p,
                    exposure: p * cost,
                    orphan: !s.traceable[v as usize],
                }
            })
    }

    /// The initiative with this id.
    pub fn initiative(&self, id: &str) -> Option<InitiativeScore<'_>> {
        self.initiatives().find(|x| x.id == id)
    }

    /// Every node, in id order.
    pub fn nodes(&self) -> impl Iterator<Item = NodeScore<'_>> + '_ {
        let (s, model) = (&self.scores, self.source);
        s.graph.by_rank.iter().map(move |&v| NodeScore {
            id: &model.nodes[v as usize].id,
            kind: s.graph.kind[v as usize].as_str(),
            alignment: s.alignment[v as usize],
            conflict: s.conflict(v),
            delivery_risk: s.delivery_risk[v as usize],
        })
    }

    /// The initiatives x goals matrix.
    pub fn matrix(&self) -> Matrix<'_> {
        Matrix {
            s: &self.scores,
            model: self.source,
        }
    }

    /// PageRank and betweenness over depends_on.
    pub fn centrality(&self) -> Centrality<'_> {
        let s = &self.scores;
        let by_id = |values| ById {
            model: self.source,
            order: &s.graph.by_rank,
            values,
        };
        let pagerank = s.pagerank();
        Centrality {
            damping: self.damping,
            iterations: pagerank.iterations,
            converged: pagerank.converged,
            pagerank: by_id(&pagerank.rank),
            betweenness: s.betweenness.as_deref().map(by_id),
        }
    }
}

impl Serialize for Report<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut m = ser.serialize_struct("Report", 13)?;
        m.serialize_field("format", self.format)?;
        m.serialize_field("version", &self.version)?;
        m.serialize_field("model", &self.model)?;
        m.serialize_field("kpis", &self.kpis)?;
        m.serialize_field("status", &self.status)?;
        m.serialize_field("goals", &self.goals)?;
        m.serialize_field("initiatives", &Seq(|| self.initiatives()))?;
        m.serialize_field("nodes", &Seq(|| self.nodes()))?;
        m.serialize_field("matrix", &self.matrix())?;
        m.serialize_field("structure", &self.structure)?;
        m.serialize_field("centrality", &self.centrality())?;
        if let Some(e) = &self.explain {
            m.serialize_field("explain", e)?;
        }
        m.serialize_field("diagnostics", &self.diagnostics)?;
        m.end()
    }
}

/// A sequence serialised from a fresh iterator.
struct Seq<F>(F);

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.collect_seq((self.0)())
    }
}

/// Per-node values written as a map from node id, in id order.
#[derive(Debug, Clone, Copy)]
pub struct ById<'a> {
    model: &'a Model,
    order: &'a [u32],
    values: &'a [f64],
}

impl<'a> ById<'a> {
    /// (id, value) pairs in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&'a str, f64)> + 'a {
        let (model, values) = (self.model, self.values);
        self.order
            .iter()
            .map(move |&v| (&*model.nodes[v as usize].id, values[v as usize]))
    }

    /// The value of the node with this id.
    pub fn get(&self, id: &str) -> Option<f64> {
        let at = self
            .order
            .binary_search_by(|&v| (*self.model.nodes[v as usize].id).cmp(id))
            .ok()?;
        Some(self.values[self.order[at] as usize])
    }
}

impl Serialize for ById<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.collect_map(self.iter())
    }
}

/// What was scored.
#[derive(Debug, Clone, Serialize)]
pub struct ModelSummary {
    /// Model name.
    pub name: Option<String>,
    /// Currency of costs.
    pub currency: Option<String>,
    /// Time unit.
    pub time_unit: Option<String>,
    /// Number of nodes.
    pub nodes: usize,
    /// Number of edges.
    pub edges: usize,
    /// Nodes per kind.
    pub kinds: BTreeMap<&'static str, usize>,
}

/// The KPIs an executive reads first.
#[derive(Debug, Clone, Serialize)]
pub struct Kpis {
    /// Cost-weighted mean alignment of the active portfolio (count-weighted when no active
    /// initiative has a cost).
    pub alignment_index: f64,
    /// The same with each initiative's alignment times its chance of delivering.
    pub expected_alignment_index: f64,
    /// "cost" or "count": how the indices were weighted.
    pub index_basis: &'static str,
    /// Weighted coverage of the top-level goals by the active portfolio.
    pub goal_coverage: f64,
    /// The same once delivery risk is taken into account.
    pub expected_goal_coverage: f64,
    /// Total cost of the active portfolio.
    pub total_spend: f64,
    /// Share of active spend traceable to no goal (by count when there is no cost).
    pub unaligned_spend_share: f64,
    /// Active spend traceable to no goal.
    pub unaligned_spend: f64,
    /// Active initiatives that reach no goal.
    pub orphan_initiatives: Vec<String>,
    /// Goals no active initiative reaches.
    pub uncovered_goals: Vec<String>,
    /// Active initiatives with a conflict score above zero.
    pub conflicting_initiatives: Vec<String>,
    /// Sum of risk x cost over the active portfolio.
    pub total_exposure: f64,
    /// The active initiatives with the highest exposure.
    pub top_exposures: Vec<Exposure>,
    /// Number of active initiatives.
    pub active_initiatives: usize,
    /// Number of goals.
    pub goals: usize,
    /// Number of distinct single points of failure.
    pub single_points_of_failure: usize,
    /// Number of alignment cycles.
    pub cycles: usize,
    /// Number of dependency cycles.
    pub dependency_cycles: usize,
}

impl Kpis {
    /// The value of the KPI called `name` among those a target can be set for
    /// (`model::targets::KPIS`; a list by its number of items).
    pub fn value(&self, name: &str) -> Option<f64> {
        Some(match name {
            "alignment_index" => self.alignment_index,
            "expected_alignment_index" => self.expected_alignment_index,
            "goal_coverage" => self.goal_coverage,
            "expected_goal_coverage" => self.expected_goal_coverage,
            "unaligned_spend_share" => self.unaligned_spend_share,
            "unaligned_spend" => self.unaligned_spend,
            "total_exposure" => self.total_exposure,
            "orphan_initiatives" => self.orphan_initiatives.len() as f64,
            "uncovered_goals" => self.uncovered_goals.len() as f64,
            "conflicting_initiatives" => self.conflicting_initiatives.len() as f64,
            "single_points_of_failure" => self.single_points_of_failure as f64,
            _ => return None,
        })
    }
}

/// The status of the report against the model's targets (docs/scoring.md, section 11): each KPI
/// and goal score with a target, and how many are green, amber and red.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StatusReport {
    /// KPIs with a target, in the order of `model::targets::KPIS`.
    pub kpis: Vec<KpiStatus>,
    /// Goal scores with a target (a goal's own, else the one for every goal), goals in id order.
    pub goals: Vec<GoalStatus>,
    /// How many entries of both lists are green, amber and red.
    pub counts: RagCounts,
}

/// How many are green, amber and red.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RagCounts {
    /// Green.
    pub green: usize,
    /// Amber.
    pub amber: usize,
    /// Red.
    pub red: usize,
}

impl RagCounts {
    fn add(&mut self, r: Rag) {
        match r {
            Rag::Green => self.green += 1,
            Rag::Amber => self.amber += 1,
            Rag::Red => self.red += 1,
        }
    }
}

/// A KPI against its target.
#[derive(Debug, Clone, Serialize)]
pub struct KpiStatus {
    /// The KPI (`goal_coverage`, ...).
    pub kpi: &'static str,
    /// Its value (a list: its number of items).
    pub value: f64,
    /// The target.
    pub target: f64,
    /// The amber threshold.
    pub amber: f64,
    /// True when `amber` is the default band, not written in the model.
    pub amber_default: bool,
    /// `higher` or `lower`.
    pub better: Better,
    /// `green`, `amber` or `red`.
    pub status: Rag,
    /// The rule in words: "green at 80% or more, amber from 60%, else red".
    pub rule: String,
}

/// A goal's score against its target.
#[derive(Debug, Clone, Serialize)]
pub struct GoalStatus {
    /// Goal id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The score (`coverage` or `expected_coverage`).
    pub field: &'static str,
    /// Its value.
    pub value: f64,
    /// The target.
    pub target: f64,
    /// The amber threshold.
    pub amber: f64,
    /// True when `amber` is the default band.
    pub amber_default: bool,
    /// `higher`.
    pub better: Better,
    /// `green`, `amber` or `red`.
    pub status: Rag,
    /// The rule in words.
    pub rule: String,
    /// Where the target is set: `goal` (its own) or `*` (for every goal).
    pub from: &'static str,
}

/// The status of KPIs and goals against `targets`.
#[inline(never)]
pub fn status_of(targets: &Targets, kpis: &Kpis, goals: &[GoalScore]) -> StatusReport {
    let mut out = StatusReport::default();
    for (m, t) in &targets.kpis {
        let Some(value) = kpis.value(m.name) else {
            continue;
        };
        let status = t.status(m, value);
        out.counts.add(status);
        out.kpis.push(KpiStatus {
            kpi: m.name,
            value,
            target: t.target,
            amber: t.amber,
            amber_default: !t.amber_given,
            better: m.better,
            status,
            rule: t.rule(m),
        });
    }
    for g in goals {
        let (ts, from) = targets.of_goal(&g.id);
        for (m, t) in ts {
            let value = match m.name {
                "coverage" => g.coverage,
                _ => g.expected_coverage,
            };
            let status = t.status(m, value);
            out.counts.add(status);
            out.goals.push(GoalStatus {
                id: g.id.clone(),
                name: g.name.clone(),
                field: m.name,
                value,
                target: t.target,
                amber: t.amber,
                amber_default: !t.amber_given,
                better: m.better,
                status,
                rule: t.rule(m),
                from,
            });
        }
    }
    out
}

/// One entry of the top exposures.
#[derive(Debug, Clone, Serialize)]
pub struct Exposure {
    /// Initiative id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Delivery risk x cost.
    pub exposure: f64,
    /// Delivery risk (own and inherited).
    pub delivery_risk: f64,
    /// Own risk (before what it depends on).
    pub own_risk: f64,
    /// Cost.
    pub cost: f64,
}

/// Scores of one goal.
#[derive(Debug, Clone, Serialize)]
pub struct GoalScore {
    /// Goal id.
    pub id: String,
    /// Name.
    pub name: String,
    /// BSC perspective.
    pub perspective: Option<&'static str>,
    /// True for goals that are not part of another goal.
    pub top_level: bool,
    /// Normalised weight among the top-level goals (0 for sub-goals, which pass a share up).
    pub weight: f64,
    /// Goals this goal is part of.
    pub parents: Vec<String>,
    /// Coverage by the active portfolio: 1 - prod(1 - reach).
    pub coverage: f64,
    /// Coverage when each initiative delivers only with probability 1 - delivery risk.
    pub expected_coverage: f64,
    /// coverage - expected_coverage.
    pub coverage_at_risk: f64,
    /// Sum over active initiatives of delivery risk x cost x reach of this goal.
    pub value_at_risk: f64,
    /// Combined reach of the active portfolio along paths that work against the goal.
    pub conflict: f64,
    /// Active initiatives that reach the goal.
    pub initiatives: usize,
    /// Nodes every support path of this goal runs through.
    pub single_points_of_failure: Vec<String>,
}

/// Scores of one initiative.
#[derive(Debug, Clone, Serialize)]
pub struct InitiativeScore<'a> {
    /// Initiative id.
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
    /// Status.
    pub status: &'static str,
    /// In the active portfolio (not done, not cancelled).
    pub active: bool,
    /// Cost (0 when absent).
    pub cost: f64,
    /// Alignment in [0, 1].
    pub alignment: f64,
    /// Conflict in [0, 1].
    pub conflict: f64,
    /// Own risk.
    pub own_risk: f64,
    /// Delivery risk including dependencies.
    pub delivery_risk: f64,
    /// delivery_risk x cost.
    pub exposure: f64,
    /// Reaches no goal.
    pub orphan: bool,
}

/// Scores of any node.
#[derive(Debug, Clone, Serialize)]
pub struct NodeScore<'a> {
    /// Node id.
    pub id: &'a str,
    /// Kind.
    pub kind: &'static str,
    /// Alignment in [0, 1].
    pub alignment: f64,
    /// Conflict in [0, 1].
    pub conflict: f64,
    /// Delivery risk in [0, 1].
    pub delivery_risk: f64,
}

/// The initiatives x goals matrix (QFD style): reach of each active initiative (rows, in id
/// order) for each goal (columns, in id order). Written as `{"goals", "initiatives", "reach",
/// "conflict"}`; `conflict` is empty when the model has no negative contribution.
#[derive(Debug, Clone, Copy)]
pub struct Matrix<'a> {
    s: &'a Scores,
    model: &'a Model,
}

impl<'a> Matrix<'a> {
    /// Goal ids (columns).
    pub fn goals(&self) -> impl Iterator<Item = &'a str> + 'a {
        let model = self.model;
        self.s
            .goals
            .iter()
            .map(move |&v| &*model.nodes[v as usize].id)
    }

    /// Active initiative ids (rows).
    pub fn initiatives(&self) -> impl Iterator<Item = &'a str> + 'a {
        let model = self.model;
        self.s
            .active
            .iter()
            .map(move |&v| &*model.nodes[v as usize].id)
    }

    /// Rows of reach, one per active initiative.
    pub fn reach(&self) -> impl Iterator<Item = &'a [f64]> + 'a {
        rows(&self.s.reach, self.s.goals.len(), self.s.active.len())
    }

    /// Rows of conflict reach (none when the model has no negative contribution).
    pub fn conflict(&self) -> impl Iterator<Item = &'a [f64]> + 'a {
        let n = if self.s.conflict_reach.is_empty() {
            0
        } else {
            self.s.active.len()
        };
        rows(&self.s.conflict_reach, self.s.goals.len(), n)
    }
}

fn rows(m: &[f64], cols: usize, n: usize) -> impl Iterator<Item = &[f64]> {
    (0..n).map(move |r| &m[r * cols..(r + 1) * cols])
}

impl Serialize for Matrix<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut m = ser.serialize_struct("Matrix", 4)?;
        m.serialize_field("goals", &Seq(|| self.goals()))?;
        m.serialize_field("initiatives", &Seq(|| self.initiatives()))?;
        m.serialize_field("reach", &Seq(|| self.reach()))?;
        m.serialize_field("conflict", &Seq(|| self.conflict()))?;
        m.end()
    }
}

/// Structural risk.
#[derive(Debug, Clone, Serialize)]
pub struct Structure {
    /// Cycles among alignment edges (member ids).
    pub cycles: Vec<Vec<String>>,
    /// Cycles among depends_on edges (member ids).
    pub dependency_cycles: Vec<Vec<String>>,
    /// Single points of failure with the goals they hold up.
    pub single_points_of_failure: Vec<SinglePoint>,
    /// Which nodes' blast radius is listed: "all" (every non-goal node) or "none" (model above
    /// [`Options::blast_radius_limit`]).
    pub blast_radius_scope: &'static str,
    /// Blast radius of nodes, largest weighted loss first.
    pub blast_radius: Vec<BlastRadius>,
}

/// A single point of failure.
#[derive(Debug, Clone, Serialize)]
pub struct SinglePoint {
    /// Node id.
    pub id: String,
    /// Kind.
    pub kind: &'static str,
    /// Goals all of whose support paths run through the node.
    pub goals: Vec<String>,
}

/// What a node's failure hits.
#[derive(Debug, Clone, Serialize)]
pub struct BlastRadius {
    /// Node id.
    pub id: String,
    /// Nodes that fail with it (it and everything depending on it), by id.
    pub fails: Vec<String>,
    /// Coverage lost per goal (only goals that lose some).
    pub goals: BTreeMap<String, f64>,
    /// Weighted coverage lost over the top-level goals.
    pub weighted_loss: f64,
}

/// Centrality over depends_on.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Centrality<'a> {
    /// Damping used.
    pub damping: f64,
    /// The most Jacobi rounds a dependency cycle needed (1 without cycles).
    pub iterations: usize,
    /// True when every dependency cycle converged.
    pub converged: bool,
    /// PageRank by id (sums to 1).
    pub pagerank: ById<'a>,
    /// Brandes betweenness by id, or null when the graph is above the limit.
    pub betweenness: Option<ById<'a>>,
}

/// The explanation of one node's numbers.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// Node id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: &'static str,
    /// Alignment and how it is made.
    pub alignment: f64,
    /// Conflict.
    pub conflict: f64,
    /// Reach, weight and contribution per goal (only goals with reach or conflict).
    pub goals: Vec<GoalTerm>,
    /// The strongest paths to the top-level goals, largest contribution first.
    pub paths: Vec<alignment::Path>,
    /// The strongest paths that work against a top-level goal (one negative edge, its weight
    /// negative), largest contribution first.
    pub conflict_paths: Vec<alignment::Path>,
    /// Own risk.
    pub own_risk: f64,
    /// Delivery risk.
    pub delivery_risk: f64,
    /// Direct dependencies with their delivery risk.
    pub depends_on: Vec<RiskTerm>,
    /// Nodes that depend on this one directly.
    pub dependents: Vec<String>,
    /// What its failure hits.
    pub blast_radius: BlastRadius,
    /// Why it scores zero: for a goal no active initiative reaches, or an active initiative that
    /// reaches no goal (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why_zero: Option<super::gaps::Gap>,
}

/// One goal's part in an alignment.
#[derive(Debug, Clone, Serialize)]
pub struct GoalTerm {
    /// Goal id.
    pub goal: String,
    /// Normalised weight (0 for sub-goals).
    pub weight: f64,
    /// Reach in [0, 1].
    pub reach: f64,
    /// weight x reach.
    pub contribution: f64,
    /// Conflict reach.
    pub conflict: f64,
}

/// One dependency's part in a delivery risk.
#[derive(Debug, Clone, Serialize)]
pub struct RiskTerm {
    /// Dependency id.
    pub id: String,
    /// Its delivery risk.
    pub delivery_risk: f64,
}

/// A sum that is +0 when empty (`Iterator::sum` of no floats gives -0, printed as "-0.0").
fn sum(xs: impl Iterator<Item = f64>) -> f64 {
    xs.fold(0.0, |a, b| a + b)
}

fn weighted_mean(pairs: impl Iterator<Item = (f64, f64)>) -> f64 {
    let (mut s, mut w) = (0.0, 0.0);
    for (x, wt) in pairs {
        s += x * wt;
        w += wt;
    }
    if w > 0.0 { s / w } else { 0.0 }
}

struct Names<'a> {
    model: &'a Model,
}

impl Names<'_> {
    fn id(&self, v: u32) -> String {
        self.model.nodes[v as usize].id.to_string()
    }

    fn ids(&self, vs: &[u32]) -> Vec<String> {
        let mut out: Vec<String> = vs.iter().map(|&v| self.id(v)).collect();
        out.sort_unstable();
        out
    }
}

fn blast_json(names: &Names, s: &Scores, b: &Blast) -> BlastRadius {
    BlastRadius {
        id: names.id(b.node),
        fails: b.fails.iter().map(|&v| names.id(v)).collect(),
        goals: b
            .loss
            .iter()
            .map(|&(gi, l)| (names.id(s.goals[gi]), l))
            .collect(),
        weighted_loss: b.weighted_loss,
    }
}

/// Assembles the report from computed scores (which it keeps).
pub fn build<'a>(model: &'a Model, s: Scores, opts: &Options) -> Report<'a> {
    let g = &s.graph;
    let names = Names { model };
    let gc = s.goals.len();

    let mut spof_of: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    let mut parents: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for &(child, parent) in &g.part_of {
        if g.kind[parent as usize] == NodeKind::Goal && g.kind[child as usize] == NodeKind::Goal {
            parents.entry(child).or_default().push(parent);
        }
    }
    let mut goal_scores = Vec::with_capacity(gc);
    for (gi, &goal) in s.goals.iter().enumerate() {
        for &x in &s.single_points_of_failure[gi] {
            spof_of.entry(x).or_default().push(goal);
        }
        let node = &model.nodes[goal as usize];
        let mut ps = names.ids(parents.get(&goal).map_or(&[][..], Vec::as_slice));
        ps.dedup();
        goal_scores.push(GoalScore {
            id: node.id.to_string(),
            name: node.display_name().to_string(),
            perspective: node.attrs().perspective.map(|p| p.as_str()),
            top_level: s.top[goal as usize],
            weight: s.weight[gi],
            parents: ps,
            coverage: s.coverage[gi],
            expected_coverage: s.expected_coverage[gi],
            coverage_at_risk: (s.coverage[gi] - s.expected_coverage[gi]).max(0.0),
            value_at_risk: s.value_at_risk[gi],
            conflict: s.goal_conflict[gi],
            initiatives: s.serving[gi],
            single_points_of_failure: s.single_points_of_failure[gi]
                .iter()
                .map(|&x| names.id(x))
                .collect(),
        });
    }

    // KPIs over the active portfolio (in id order); costs read once.
    let costs: Vec<f64> = s
        .active
        .iter()
        .map(|&i| model.nodes[i as usize].attrs().cost().unwrap_or(0.0))
        .collect();
    let exposures: Vec<f64> = s
        .active
        .iter()
        .zip(&costs)
        .map(|(&i, &c)| s.delivery_risk[i as usize] * c)
        .collect();
    let total_spend: f64 = sum(costs.iter().copied());
    let by_cost = total_spend > 0.0;
    let basis = |row: usize| if by_cost { costs[row] } else { 1.0 };
    let orphans: Vec<usize> = (0..s.active.len())
        .filter(|&row| !s.traceable[s.active[row] as usize])
        .collect();
    let unaligned_spend: f64 = sum(orphans.iter().map(|&row| costs[row]));
    // The top exposures: select, then sort only those (largest first, ties by id).
    let by_exposure = |a: &usize, b: &usize| exposures[*b].total_cmp(&exposures[*a]).then(a.cmp(b));
    let mut exposed: Vec<usize> = (0..s.active.len())
        .filter(|&r| exposures[r] > 0.0)
        .collect();
    if exposed.len() > opts.top_exposures && opts.top_exposures > 0 {
        exposed.select_nth_unstable_by(opts.top_exposures - 1, by_exposure);
    }
    exposed.truncate(opts.top_exposures);
    exposed.sort_by(by_exposure);
    let uncovered: Vec<u32> = (0..gc)
        .filter(|&gi| s.coverage[gi] <= 0.0)
        .map(|gi| s.goals[gi])
        .collect();
    let conflicting: Vec<u32> = s
        .active
        .iter()
        .copied()
        .filter(|&i| s.conflict(i) > 0.0)
        .collect();
    let kpis = Kpis {
        alignment_index: weighted_mean(
            s.active
                .iter()
                .enumerate()
                .map(|(row, &i)| (s.alignment[i as usize], basis(row))),
        ),
        expected_alignment_index: weighted_mean(s.active.iter().enumerate().map(|(row, &i)| {
            (
                (1.0 - s.delivery_risk[i as usize]) * s.alignment[i as usize],
                basis(row),
            )
        })),
        index_basis: if by_cost { "cost" } else { "count" },
        goal_coverage: sum(goal_scores.iter().map(|x| x.weight * x.coverage)),
        expected_goal_coverage: sum(goal_scores.iter().map(|x| x.weight * x.expected_coverage)),
        total_spend,
        unaligned_spend_share: if by_cost {
            unaligned_spend / total_spend
        } else if s.active.is_empty() {
            0.0
        } else {
            orphans.len() as f64 / s.active.len() as f64
        },
        unaligned_spend,
        orphan_initiatives: orphans.iter().map(|&row| names.id(s.active[row])).collect(),
        uncovered_goals: names.ids(&uncovered),
        conflicting_initiatives: names.ids(&conflicting),
        total_exposure: sum(exposures.iter().copied()),
        top_exposures: exposed
            .iter()
            .map(|&row| {
                let i = s.active[row];
                Exposure {
                    id: names.id(i),
                    name: model.nodes[i as usize].display_name().to_string(),
                    exposure: exposures[row],
                    delivery_risk: s.delivery_risk[i as usize],
                    own_risk: s.own_risk[i as usize],
                    cost: costs[row],
                }
            })
            .collect(),
        active_initiatives: s.active.len(),
        goals: gc,
        single_points_of_failure: spof_of.len(),
        cycles: g.serves.cycles.len(),
        dependency_cycles: g.needs.cycles.len(),
    };

    let mut spofs: Vec<SinglePoint> = spof_of
        .iter()
        .map(|(&x, gs)| SinglePoint {
            id: names.id(x),
            kind: g.kind[x as usize].as_str(),
            goals: names.ids(gs),
        })
        .collect();
    spofs.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    // Counted per kind first: one map entry per kind, not one map lookup per node.
    let mut per_kind = [0usize; NodeKind::ALL.len()];
    for &k in &g.kind {
        per_kind[k as usize] += 1;
    }
    let kinds: BTreeMap<&'static str, usize> = NodeKind::ALL
        .iter()
        .zip(per_kind)
        .filter(|&(_, c)| c > 0)
        .map(|(k, c)| (k.as_str(), c))
        .collect();
    let cycles = |cs: &[Vec<u32>]| -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = cs.iter().map(|c| names.ids(c)).collect();
        out.sort_unstable();
        out
    };
    let structure = Structure {
        cycles: cycles(&g.serves.cycles),
        dependency_cycles: cycles(&g.needs.cycles),
        single_points_of_failure: spofs,
        blast_radius_scope: if s.blast_radius_computed {
            "all"
        } else {
            "none"
        },
        blast_radius: s
            .blast_radius
            .iter()
            .map(|b| blast_json(&names, &s, b))
            .collect(),
    };
    let explain = opts
        .explain
        .as_deref()
        .and_then(|id| model.find(id))
        .map(|v| explain(model, &s, v, opts.paths));
    let model_summary = ModelSummary {
        name: model.name.clone(),
        currency: model.currency.clone(),
        time_unit: model.time_unit.clone(),
        nodes: g.n,
        edges: model.edges.len(),
        kinds,
    };
    let diagnostics = s.diagnostics.clone();
    let status = status_of(&crate::model::targets::read(model).0, &kpis, &goal_scores);
    Report {
        format: "aligngraph-report",
        version: 1,
        model: model_summary,
        kpis,
        status,
        goals: goal_scores,
        structure,
        explain,
        diagnostics,
        damping: opts.damping,
        source: model,
        applied: std::sync::OnceLock::new(),
        scores: s,
    }
}

/// Explains one node: its per-goal terms, its strongest paths to the top-level goals, its
/// dependencies and dependents, and its blast radius.
///
/// Complexity: O(G x (n' + m')) for the reach terms (n', m' the nodes and edges the node
/// reaches), plus O(G x (n + m)) for the paths.
pub fn explain(model: &Model, s: &Scores, v: u32, k: usize) -> Explanation {
    let g = &s.graph;
    let names = Names { model };
    // The node's reach and conflict of every goal, from a sweep over what it reaches only (the
    // what-if update's, with the full sweep's operations: the same bits).
    let has_conflicts = g.conflicts.edge_count() > 0;
    let (reach, conflict) =
        super::whatif::row_of(s, v, has_conflicts, &mut super::whatif::Scratch::default());
    let mut goals = Vec::new();
    let mut paths = Vec::new();
    let mut conflict_paths = Vec::new();
    for (gi, &goal) in s.goals.iter().enumerate() {
        let r = reach[gi];
        let c = conflict.get(gi).copied().unwrap_or(0.0);
        let w = s.weight[gi];
        if r > 0.0 || c > 0.0 {
            goals.push(GoalTerm {
                goal: names.id(goal),
                weight: w,
                reach: r,
                contribution: w * r,
                conflict: c,
            });
        }
        let path = |(strength, nodes, weights): (f64, Vec<u32>, Vec<f64>)| alignment::Path {
            goal: names.id(goal),
            strength,
            contribution: w * strength,
            nodes: nodes.iter().map(|&x| names.id(x)).collect(),
            weights,
        };
        if w > 0.0 && c > 0.0 {
            conflict_paths.extend(
                alignment::conflict_paths(g, v, goal, k)
                    .into_iter()
                    .map(path),
            );
        }
        if w > 0.0 && r > 0.0 {
            paths.extend(alignment::top_paths(g, v, goal, k).into_iter().map(path));
        }
    }
    for ps in [&mut paths, &mut conflict_paths] {
        ps.sort_by(|a, b| {
            b.contribution
                .total_cmp(&a.contribution)
                .then(a.goal.cmp(&b.goal))
                .then(a.nodes.cmp(&b.nodes))
        });
        ps.truncate(k);
    }
    let node = &model.nodes[v as usize];
    let mut depends_on: Vec<RiskTerm> = g
        .needs
        .all
        .targets(v)
        .iter()
        .map(|&u| RiskTerm {
            id: names.id(u),
            delivery_risk: s.delivery_risk[u as usize],
        })
        .collect();
    depends_on.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    let blast = s.blast(v);
    Explanation {
        id: node.id.to_string(),
        name: node.display_name().to_string(),
        kind: node.kind.as_str(),
        alignment: s.alignment[v as usize],
        conflict: s.conflict(v),
        goals,
        paths,
        conflict_paths,
        own_risk: s.own_risk[v as usize],
        delivery_risk: s.delivery_risk[v as usize],
        depends_on,
        dependents: names.ids(g.needed_by().targets(v)),
        blast_radius: blast_json(&names, s, &blast),
        why_zero: zero(model, s, v)
            .then(|| super::gaps::gap_of(model, s, v))
            .flatten(),
    }
}

/// Whether node `v` scores zero for want of a route: a goal with coverage 0 or an active
/// initiative with alignment 0.
fn zero(model: &Model, s: &Scores, v: u32) -> bool {
    match model.nodes[v as usize].kind {
        // Goals and active initiatives are in id order, not index order.
        NodeKind::Goal => s
            .goals
            .iter()
            .position(|&x| x == v)
            .is_some_and(|gi| s.coverage[gi] <= 0.0),
        NodeKind::Initiative => s.active.contains(&v) && s.alignment[v as usize] <= 0.0,
        _ => false,
    }
}
