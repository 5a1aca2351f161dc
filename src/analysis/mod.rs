//! Scoring: alignment, coverage, delivery risk, structural risk, centrality and KPIs, in one
//! report. Every formula is documented, with a worked example, in `docs/scoring.md`.

pub mod alignment;
pub mod centrality;
pub mod checks;
pub mod risk;
pub mod structure;

use crate::diagnostics::{Code, Diagnostic, Place};
use crate::graph::{Csr, Graph};
use crate::model::{Model, NodeKind};
use serde::Serialize;
use std::collections::BTreeMap;

/// Scoring options.
#[derive(Debug, Clone)]
pub struct Options {
    /// PageRank damping factor (default 0.85).
    pub damping: f64,
    /// Number of initiatives listed under `kpis.top_exposures` (default 5).
    pub top_exposures: usize,
    /// Blast radius is reported for every non-goal node when the model has at most this many
    /// nodes; above it, for none (ask for one node with `explain`) (default 2,000).
    pub blast_radius_limit: usize,
    /// Compute single points of failure (default true).
    pub single_points_of_failure: bool,
    /// Betweenness is computed when (nodes with depends_on edges) x (their nodes + edges) is at
    /// most this (default 2e8); above it, `centrality.betweenness` is null.
    pub betweenness_limit: f64,
    /// Node id to explain (adds `explain` to the report).
    pub explain: Option<String>,
    /// Number of explaining paths (default 10).
    pub paths: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            damping: 0.85,
            top_exposures: 5,
            blast_radius_limit: 2000,
            single_points_of_failure: true,
            betweenness_limit: 2e8,
            explain: None,
            paths: 10,
        }
    }
}

/// The full report of `aligngraph score`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Always "aligngraph-report".
    pub format: &'static str,
    /// Report format version (1).
    pub version: u32,
    /// What was scored.
    pub model: ModelSummary,
    /// The portfolio KPIs.
    pub kpis: Kpis,
    /// Every goal, by id.
    pub goals: Vec<GoalScore>,
    /// Every initiative, by id.
    pub initiatives: Vec<InitiativeScore>,
    /// Every node, by id.
    pub nodes: Vec<NodeScore>,
    /// The initiatives x goals reach matrix.
    pub matrix: Matrix,
    /// Cycles, single points of failure, blast radius.
    pub structure: Structure,
    /// PageRank and betweenness over depends_on.
    pub centrality: Centrality,
    /// The explanation of one node, on request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Explanation>,
    /// Warnings found while scoring (and the loader's, when passed in by the caller).
    pub diagnostics: Vec<Diagnostic>,
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
pub struct InitiativeScore {
    /// Initiative id.
    pub id: String,
    /// Name.
    pub name: String,
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
pub struct NodeScore {
    /// Node id.
    pub id: String,
    /// Kind.
    pub kind: &'static str,
    /// Alignment in [0, 1].
    pub alignment: f64,
    /// Conflict in [0, 1].
    pub conflict: f64,
    /// Delivery risk in [0, 1].
    pub delivery_risk: f64,
}

/// The initiatives x goals matrix (QFD style): reach of each initiative for each goal.
#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    /// Goal ids (columns).
    pub goals: Vec<String>,
    /// Initiative ids (rows).
    pub initiatives: Vec<String>,
    /// reach[i][g].
    pub reach: Vec<Vec<f64>>,
    /// conflict[i][g] (reach along paths with one negative contribution).
    pub conflict: Vec<Vec<f64>>,
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
#[derive(Debug, Clone, Serialize)]
pub struct Centrality {
    /// Damping used.
    pub damping: f64,
    /// PageRank iterations.
    pub iterations: usize,
    /// True when PageRank converged (L1 change < 1e-12).
    pub converged: bool,
    /// PageRank by id (sums to 1).
    pub pagerank: BTreeMap<String, f64>,
    /// Brandes betweenness by id, or null when the graph is above the limit.
    pub betweenness: Option<BTreeMap<String, f64>>,
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

/// Shared state of one scoring run.
struct Ctx<'a> {
    model: &'a Model,
    g: Graph,
    /// Goals in rank order.
    goals: Vec<u32>,
    /// Normalised weight of each top-level goal (0 elsewhere).
    weight: Vec<f64>,
    top: Vec<bool>,
    /// Active initiatives in rank order.
    active: Vec<u32>,
    own: Vec<f64>,
    p: Vec<f64>,
}

impl<'a> Ctx<'a> {
    fn new(model: &'a Model, diags: &mut Vec<Diagnostic>) -> Ctx<'a> {
        let g = Graph::build(model);
        let goals: Vec<u32> = g
            .by_rank
            .iter()
            .copied()
            .filter(|&v| g.kind[v as usize] == NodeKind::Goal)
            .collect();
        let mut top = vec![false; g.n];
        for &v in &goals {
            top[v as usize] = true;
        }
        for e in &model.edges {
            if e.kind == crate::model::EdgeKind::PartOf
                && g.kind[e.to as usize] == NodeKind::Goal
                && e.from != e.to
            {
                top[e.from as usize] = false;
            }
        }
        let mut weight = vec![0f64; g.n];
        let total: f64 = goals
            .iter()
            .filter(|&&v| top[v as usize])
            .map(|&v| model.nodes[v as usize].attrs().weight().unwrap_or(1.0))
            .sum();
        let tops = goals.iter().filter(|&&v| top[v as usize]).count();
        if tops > 0 && total <= 0.0 {
            diags.push(Diagnostic::warning(
                Code::ZeroGoalWeights,
                Place::default(),
                "no top-level goal has a positive weight; all top-level goals are weighted equally",
            ));
        }
        for &v in &goals {
            if top[v as usize] {
                weight[v as usize] = if total > 0.0 {
                    model.nodes[v as usize].attrs().weight().unwrap_or(1.0) / total
                } else {
                    1.0 / tops as f64
                };
            }
        }
        let active: Vec<u32> = g
            .by_rank
            .iter()
            .copied()
            .filter(|&v| model.nodes[v as usize].is_active_initiative())
            .collect();
        let (own, p) = risk::delivery_risk(model, &g);
        Ctx {
            model,
            g,
            goals,
            weight,
            top,
            active,
            own,
            p,
        }
    }

    fn id(&self, v: u32) -> String {
        self.model.nodes[v as usize].id.clone()
    }

    fn ids(&self, vs: &[u32]) -> Vec<String> {
        let mut out: Vec<String> = vs.iter().map(|&v| self.id(v)).collect();
        out.sort();
        out
    }

    fn cost(&self, v: u32) -> f64 {
        self.model.nodes[v as usize].attrs().cost().unwrap_or(0.0)
    }

    /// Coverage of a goal from a reach vector, skipping failed initiatives.
    fn coverage(&self, reach: &[f64], failed: Option<&[bool]>) -> (f64, f64) {
        let mut q = 1.0;
        let mut qe = 1.0;
        for &i in &self.active {
            if failed.is_some_and(|f| f[i as usize]) {
                continue;
            }
            let r = reach[i as usize];
            q *= 1.0 - r;
            qe *= 1.0 - (1.0 - self.p[i as usize]) * r;
        }
        (1.0 - q, 1.0 - qe)
    }

    fn blast_radius(
        &self,
        x: u32,
        needed_by: &Csr,
        base: &[f64],
        reach: &mut [f64],
    ) -> BlastRadius {
        let failed = structure::failure_set(needed_by, self.g.n, x);
        let touched = structure::downstream(&self.g, &failed);
        let mut goals = BTreeMap::new();
        let mut weighted = 0.0;
        for (gi, &goal) in self.goals.iter().enumerate() {
            if !touched[goal as usize] {
                continue;
            }
            alignment::sweep(&self.g, goal, reach, None, Some(&failed));
            let (after, _) = self.coverage(reach, Some(&failed));
            let loss = (base[gi] - after).max(0.0);
            if loss > 0.0 {
                goals.insert(self.id(goal), loss);
                weighted += self.weight[goal as usize] * loss;
            }
        }
        let fails: Vec<u32> = (0..self.g.n as u32)
            .filter(|&v| failed[v as usize])
            .collect();
        BlastRadius {
            id: self.id(x),
            fails: self.ids(&fails),
            goals,
            weighted_loss: weighted,
        }
    }
}

fn weighted_mean(pairs: impl Iterator<Item = (f64, f64)>) -> f64 {
    let (mut s, mut w) = (0.0, 0.0);
    for (x, wt) in pairs {
        s += x * wt;
        w += wt;
    }
    if w > 0.0 { s / w } else { 0.0 }
}

/// Scores a model: the whole report.
///
/// The model should be free of errors (see [`crate::model::load_json`]); structural warnings
/// (cycles, isolated nodes, unserved goals) are added to `diagnostics` and scoring goes on under
/// the documented rules. Deterministic: the same model gives the same report, whatever the
/// order of nodes and edges.
///
/// Complexity: O(G * (n + m)) for alignment, coverage and single points of failure (G goals),
/// O((n + m) * iterations) for PageRank, O(n * m) for betweenness over the depends_on subgraph
/// (skipped above [`Options::betweenness_limit`]), and one O(G * (n + m)) pass per listed
/// blast radius.
pub fn score(model: &Model, opts: &Options) -> Report {
    let mut diagnostics = Vec::new();
    let ctx = Ctx::new(model, &mut diagnostics);
    diagnostics.extend(checks::structural(model, &ctx.g));
    let g = &ctx.g;
    let n = g.n;

    // Alignment, conflict, coverage and single points of failure, one goal at a time.
    let mut align = vec![0f64; n];
    let mut conflict = vec![0f64; n];
    let mut reach = vec![0f64; n];
    let mut creach = vec![0f64; n];
    let has_conflicts = g.conflicts.edge_count() > 0;
    let gcount = ctx.goals.len();
    let mut mreach = vec![vec![0f64; gcount]; ctx.active.len()];
    let mut mconf = vec![vec![0f64; gcount]; ctx.active.len()];
    let initiatives: Vec<u32> = g
        .by_rank
        .iter()
        .copied()
        .filter(|&v| g.kind[v as usize] == NodeKind::Initiative)
        .collect();
    let mut goal_scores = Vec::with_capacity(gcount);
    let mut base_cov = vec![0f64; gcount];
    let mut spof_of: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    let mut scratch = structure::DomScratch::default();
    let is_source = |v: u32| {
        let node = &model.nodes[v as usize];
        node.is_active_initiative() || node.kind == NodeKind::Application
    };
    let mut traceable = vec![false; n];
    for (gi, &goal) in ctx.goals.iter().enumerate() {
        alignment::sweep(
            g,
            goal,
            &mut reach,
            if has_conflicts {
                Some(&mut creach)
            } else {
                None
            },
            None,
        );
        let w = ctx.weight[goal as usize];
        for v in 0..n {
            if reach[v] > 0.0 && v != goal as usize {
                traceable[v] = true;
            }
        }
        if w > 0.0 {
            for v in 0..n {
                align[v] += w * reach[v];
            }
            if has_conflicts {
                for v in 0..n {
                    conflict[v] += w * creach[v];
                }
            }
        }
        for (row, &i) in ctx.active.iter().enumerate() {
            mreach[row][gi] = reach[i as usize];
            if has_conflicts {
                mconf[row][gi] = creach[i as usize];
            }
        }
        let (cov, ecov) = ctx.coverage(&reach, None);
        base_cov[gi] = cov;
        let mut var = 0.0;
        let mut qc = 1.0;
        let mut serving = 0;
        for &i in &ctx.active {
            let r = reach[i as usize];
            var += ctx.p[i as usize] * ctx.cost(i) * r;
            if r > 0.0 {
                serving += 1;
            }
            if has_conflicts {
                qc *= 1.0 - creach[i as usize];
            }
        }
        let spofs = if opts.single_points_of_failure {
            structure::single_points_of_failure(g, goal, &is_source, &mut scratch)
        } else {
            Vec::new()
        };
        for &s in &spofs {
            spof_of.entry(s).or_default().push(goal);
        }
        let node = &model.nodes[goal as usize];
        let parents: Vec<u32> = model
            .edges
            .iter()
            .filter(|e| {
                e.from == goal
                    && e.kind == crate::model::EdgeKind::PartOf
                    && g.kind[e.to as usize] == NodeKind::Goal
            })
            .map(|e| e.to)
            .collect();
        goal_scores.push(GoalScore {
            id: node.id.clone(),
            name: node.display_name().to_string(),
            perspective: node.attrs().perspective.map(|p| p.as_str()),
            top_level: ctx.top[goal as usize],
            weight: w,
            parents: ctx.ids(&parents),
            coverage: cov,
            expected_coverage: ecov,
            coverage_at_risk: (cov - ecov).max(0.0),
            value_at_risk: var,
            conflict: 1.0 - qc,
            initiatives: serving,
            single_points_of_failure: spofs.iter().map(|&s| ctx.id(s)).collect(),
        });
    }

    // Initiatives.
    let mut init_scores = Vec::with_capacity(initiatives.len());
    for &i in &initiatives {
        let node = &model.nodes[i as usize];
        let cost = ctx.cost(i);
        let p = ctx.p[i as usize];
        init_scores.push(InitiativeScore {
            id: node.id.clone(),
            name: node.display_name().to_string(),
            status: node.status().as_str(),
            active: node.is_active_initiative(),
            cost,
            alignment: align[i as usize],
            conflict: conflict[i as usize],
            own_risk: ctx.own[i as usize],
            delivery_risk: p,
            exposure: p * cost,
            orphan: !traceable[i as usize],
        });
    }

    // KPIs.
    let active_scores: Vec<&InitiativeScore> = init_scores.iter().filter(|s| s.active).collect();
    let total_spend: f64 = active_scores.iter().map(|s| s.cost).sum();
    let by_cost = total_spend > 0.0;
    let basis = |s: &InitiativeScore| if by_cost { s.cost } else { 1.0 };
    let alignment_index = weighted_mean(active_scores.iter().map(|s| (s.alignment, basis(s))));
    let expected_alignment_index = weighted_mean(
        active_scores
            .iter()
            .map(|s| ((1.0 - s.delivery_risk) * s.alignment, basis(s))),
    );
    let orphans: Vec<&InitiativeScore> =
        active_scores.iter().copied().filter(|s| s.orphan).collect();
    let unaligned_spend: f64 = orphans.iter().map(|s| s.cost).sum();
    let unaligned_spend_share = if by_cost {
        unaligned_spend / total_spend
    } else if active_scores.is_empty() {
        0.0
    } else {
        orphans.len() as f64 / active_scores.len() as f64
    };
    let mut exposures: Vec<Exposure> = active_scores
        .iter()
        .filter(|s| s.exposure > 0.0)
        .map(|s| Exposure {
            id: s.id.clone(),
            name: s.name.clone(),
            exposure: s.exposure,
            delivery_risk: s.delivery_risk,
            cost: s.cost,
        })
        .collect();
    exposures.sort_by(|a, b| b.exposure.total_cmp(&a.exposure).then(a.id.cmp(&b.id)));
    let total_exposure: f64 = active_scores.iter().map(|s| s.exposure).sum();
    exposures.truncate(opts.top_exposures);
    let goal_coverage: f64 = goal_scores.iter().map(|s| s.weight * s.coverage).sum();
    let expected_goal_coverage: f64 = goal_scores
        .iter()
        .map(|s| s.weight * s.expected_coverage)
        .sum();

    // Centrality.
    let needed_by = g.needs.all.transpose(&g.rank);
    let pr = centrality::pagerank(
        &g.needs.all,
        &needed_by,
        &g.by_rank,
        opts.damping,
        1e-12,
        10_000,
    );
    let dep_nodes = (0..n as u32)
        .filter(|&v| g.needs.all.degree(v) > 0 || needed_by.degree(v) > 0)
        .count() as f64;
    let work = dep_nodes * (dep_nodes + g.needs.all.edge_count() as f64);
    let bc = (work <= opts.betweenness_limit)
        .then(|| centrality::betweenness(&g.needs.all, &needed_by, &g.by_rank));
    let by_id = |xs: &[f64]| -> BTreeMap<String, f64> {
        (0..n).map(|v| (model.nodes[v].id.clone(), xs[v])).collect()
    };

    // Blast radius.
    let (scope, candidates): (&'static str, Vec<u32>) = if n <= opts.blast_radius_limit {
        (
            "all",
            g.by_rank
                .iter()
                .copied()
                .filter(|&v| g.kind[v as usize] != NodeKind::Goal)
                .collect(),
        )
    } else {
        ("none", Vec::new())
    };
    let mut blasts: Vec<BlastRadius> = candidates
        .iter()
        .map(|&x| ctx.blast_radius(x, &needed_by, &base_cov, &mut reach))
        .filter(|b| !b.goals.is_empty())
        .collect();
    blasts.sort_by(|a, b| {
        b.weighted_loss
            .total_cmp(&a.weighted_loss)
            .then(a.id.cmp(&b.id))
    });

    let explain = opts.explain.as_deref().and_then(|id| {
        let v = model.find(id)?;
        Some(explain_node(
            &ctx, v, &align, &conflict, &needed_by, &base_cov, opts.paths,
        ))
    });

    let spofs: Vec<SinglePoint> = {
        let mut v: Vec<SinglePoint> = spof_of
            .iter()
            .map(|(&s, gs)| SinglePoint {
                id: ctx.id(s),
                kind: g.kind[s as usize].as_str(),
                goals: ctx.ids(gs),
            })
            .collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    };
    let mut kinds = BTreeMap::new();
    for k in &g.kind {
        *kinds.entry(k.as_str()).or_insert(0) += 1;
    }
    let uncovered: Vec<u32> = ctx
        .goals
        .iter()
        .enumerate()
        .filter(|&(gi, _)| base_cov[gi] <= 0.0)
        .map(|(_, &v)| v)
        .collect();
    let conflicting: Vec<u32> = ctx
        .active
        .iter()
        .copied()
        .filter(|&i| conflict[i as usize] > 0.0)
        .collect();
    let kpis = Kpis {
        alignment_index,
        expected_alignment_index,
        index_basis: if by_cost { "cost" } else { "count" },
        goal_coverage,
        expected_goal_coverage,
        total_spend,
        unaligned_spend_share,
        unaligned_spend,
        orphan_initiatives: orphans.iter().map(|s| s.id.clone()).collect(),
        uncovered_goals: ctx.ids(&uncovered),
        conflicting_initiatives: ctx.ids(&conflicting),
        total_exposure,
        top_exposures: exposures,
        active_initiatives: ctx.active.len(),
        goals: gcount,
        single_points_of_failure: spofs.len(),
        cycles: g.serves.cycles.len(),
        dependency_cycles: g.needs.cycles.len(),
    };
    let nodes: Vec<NodeScore> = g
        .by_rank
        .iter()
        .map(|&v| NodeScore {
            id: ctx.id(v),
            kind: g.kind[v as usize].as_str(),
            alignment: align[v as usize],
            conflict: conflict[v as usize],
            delivery_risk: ctx.p[v as usize],
        })
        .collect();
    let cycles = |cs: &[Vec<u32>]| -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = cs.iter().map(|c| ctx.ids(c)).collect();
        out.sort();
        out
    };
    Report {
        format: "aligngraph-report",
        version: 1,
        model: ModelSummary {
            name: model.name.clone(),
            currency: model.currency.clone(),
            time_unit: model.time_unit.clone(),
            nodes: n,
            edges: model.edges.len(),
            kinds,
        },
        kpis,
        goals: goal_scores,
        initiatives: init_scores,
        nodes,
        matrix: Matrix {
            goals: ctx.goals.iter().map(|&v| ctx.id(v)).collect(),
            initiatives: ctx.active.iter().map(|&v| ctx.id(v)).collect(),
            reach: mreach,
            conflict: mconf,
        },
        structure: Structure {
            cycles: cycles(&g.serves.cycles),
            dependency_cycles: cycles(&g.needs.cycles),
            single_points_of_failure: spofs,
            blast_radius_scope: scope,
            blast_radius: blasts,
        },
        centrality: Centrality {
            damping: opts.damping,
            iterations: pr.iterations,
            converged: pr.converged,
            pagerank: by_id(&pr.rank),
            betweenness: bc.as_deref().map(by_id),
        },
        explain,
        diagnostics,
    }
}

fn explain_node(
    ctx: &Ctx,
    v: u32,
    align: &[f64],
    conflict: &[f64],
    needed_by: &Csr,
    base_cov: &[f64],
    k: usize,
) -> Explanation {
    let g = &ctx.g;
    let mut reach = vec![0f64; g.n];
    let mut creach = vec![0f64; g.n];
    let mut goals = Vec::new();
    let mut paths = Vec::new();
    for &goal in &ctx.goals {
        alignment::sweep(g, goal, &mut reach, Some(&mut creach), None);
        let r = reach[v as usize];
        let c = creach[v as usize];
        let w = ctx.weight[goal as usize];
        if r > 0.0 || c > 0.0 {
            goals.push(GoalTerm {
                goal: ctx.id(goal),
                weight: w,
                reach: r,
                contribution: w * r,
                conflict: c,
            });
        }
        if w > 0.0 && r > 0.0 {
            for (strength, nodes, weights) in alignment::top_paths(g, v, goal, k) {
                paths.push(alignment::Path {
                    goal: ctx.id(goal),
                    strength,
                    contribution: w * strength,
                    nodes: nodes.iter().map(|&x| ctx.id(x)).collect(),
                    weights,
                });
            }
        }
    }
    paths.sort_by(|a, b| {
        b.contribution
            .total_cmp(&a.contribution)
            .then(a.goal.cmp(&b.goal))
            .then(a.nodes.cmp(&b.nodes))
    });
    paths.truncate(k);
    let node = &ctx.model.nodes[v as usize];
    let mut depends_on: Vec<RiskTerm> = g
        .needs
        .all
        .targets(v)
        .iter()
        .map(|&u| RiskTerm {
            id: ctx.id(u),
            delivery_risk: ctx.p[u as usize],
        })
        .collect();
    depends_on.sort_by(|a, b| a.id.cmp(&b.id));
    let dependents = ctx.ids(needed_by.targets(v));
    Explanation {
        id: node.id.clone(),
        name: node.display_name().to_string(),
        kind: node.kind.as_str(),
        alignment: align[v as usize],
        conflict: conflict[v as usize],
        goals,
        paths,
        own_risk: ctx.own[v as usize],
        delivery_risk: ctx.p[v as usize],
        depends_on,
        dependents,
        blast_radius: ctx.blast_radius(v, needed_by, base_cov, &mut reach),
    }
}
