//! Scoring: alignment, coverage, delivery risk, structural risk, centrality and KPIs. Every
//! formula is documented, with a worked example, in `docs/scoring.md`.
//!
//! [`compute`] produces [`Scores`]: flat per-node and per-goal arrays indexed like the model
//! (what the Wasm bindings hand to JavaScript as typed arrays). [`score`] turns them into the
//! JSON-ready [`Report`] of `aligngraph score`.

pub mod alignment;
pub mod centrality;
pub mod checks;
pub mod gaps;
pub mod report;
pub mod risk;
pub mod structure;
pub mod whatif;

pub use report::{
    BlastRadius, ById, Centrality, Explanation, Exposure, GoalScore, GoalTerm, InitiativeScore,
    Kpis, Matrix, ModelSummary, NodeScore, Report, RiskTerm, SinglePoint, Structure,
};
pub use whatif::Toggles;

use crate::diagnostics::{Code, Diagnostic, Place};
use crate::graph::Graph;
use crate::model::{Model, NodeKind};
use alignment::{BLOCK, Lane};

/// Scoring options.
#[derive(Debug, Clone)]
pub struct Options {
    /// PageRank damping factor (default 0.85).
    pub damping: f64,
    /// Number of initiatives listed under `kpis.top_exposures` (default 5).
    pub top_exposures: usize,
    /// Blast radius is computed for every non-goal node when the model has at most this many
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

/// What a node's failure costs, by goal index (into [`Scores::goals`]).
#[derive(Debug, Clone)]
pub struct Blast {
    /// The failed node.
    pub node: u32,
    /// It and everything that depends on it, in rank order.
    pub fails: Vec<u32>,
    /// (goal index, coverage lost), for goals that lose some.
    pub loss: Vec<(usize, f64)>,
    /// Sum over top-level goals of weight x loss.
    pub weighted_loss: f64,
}

/// Every score of a model as flat arrays. Per-node arrays are indexed like `model.nodes`;
/// per-goal arrays like [`Scores::goals`]; matrices are row-major, one row per active initiative.
#[derive(Debug, Clone)]
pub struct Scores {
    /// The analysis graph.
    pub graph: Graph,
    /// Goals, in id order.
    pub goals: Vec<u32>,
    /// Normalised weight of each goal (of [`Scores::goals`]) as a top-level goal (0 for the
    /// others); [`Scores::weight_of`] reads it by node.
    pub weight: Vec<f64>,
    /// True for top-level goals.
    pub top: Vec<bool>,
    /// Active initiatives (not done, not cancelled), in id order.
    pub active: Vec<u32>,
    /// Own risk of each node.
    pub own_risk: Vec<f64>,
    /// Delivery risk of each node.
    pub delivery_risk: Vec<f64>,
    /// Alignment of each node.
    pub alignment: Vec<f64>,
    /// Conflict of each node, held only when the model has negative contributions (empty
    /// otherwise, where every node's is 0): read it with [`Scores::conflict`].
    conflict: Vec<f64>,
    /// True for nodes that reach at least one goal (other than themselves).
    pub traceable: Vec<bool>,
    /// reach[a * goals + g]: active initiative a's reach of goal g.
    pub reach: Vec<f64>,
    /// conflict_reach[a * goals + g].
    pub conflict_reach: Vec<f64>,
    /// Coverage of each goal by the active portfolio.
    pub coverage: Vec<f64>,
    /// Expected coverage of each goal.
    pub expected_coverage: Vec<f64>,
    /// Value at risk of each goal.
    pub value_at_risk: Vec<f64>,
    /// Combined conflict of the active portfolio against each goal.
    pub goal_conflict: Vec<f64>,
    /// Number of active initiatives reaching each goal.
    pub serving: Vec<usize>,
    /// Single points of failure of each goal (empty when not computed).
    pub single_points_of_failure: Vec<Vec<u32>>,
    /// Blast radius of every non-goal node, largest weighted loss first (empty above the limit).
    pub blast_radius: Vec<Blast>,
    /// True when blast radius was computed.
    pub blast_radius_computed: bool,
    /// PageRank over depends_on, worked out on first use ([`Scores::pagerank`]): nothing the
    /// score's own numbers need, and a vector of every node to hold.
    pagerank: std::sync::OnceLock<centrality::PageRank>,
    /// The PageRank damping factor.
    damping: f64,
    /// Betweenness over depends_on (None above the limit).
    pub betweenness: Option<Vec<f64>>,
    /// Structural warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// The what-if toggles the scores are for (statuses differing from the model's).
    pub toggles: Toggles,
    /// The dominator tree behind `single_points_of_failure` (None when not computed).
    pub dominators: Option<structure::Dominators>,
    /// depends_on edges at each node, built on the first what-if update.
    depends_on_edges: std::sync::OnceLock<whatif::DependsOnEdges>,
    /// Cost of each active initiative (0 when none), like `active`.
    active_cost: Vec<f64>,
    /// The tree coverage, expected coverage, value at risk and goal conflict are folded along.
    products: whatif::GoalProducts,
    /// Scratch space of what-if updates.
    scratch: whatif::Scratch,
}

impl Scores {
    /// PageRank over depends_on (worked out on the first call).
    pub fn pagerank(&self) -> &centrality::PageRank {
        self.pagerank
            .get_or_init(|| centrality::dependency_pagerank(&self.graph, self.damping))
    }

    /// Conflict of node `v` (0 in a model without negative contributions).
    #[inline]
    pub fn conflict(&self, v: u32) -> f64 {
        self.conflict.get(v as usize).copied().unwrap_or(0.0)
    }

    /// Conflict of every node, in node order.
    pub fn conflicts(&self) -> Vec<f64> {
        if self.conflict.is_empty() {
            vec![0.0; self.graph.n]
        } else {
            self.conflict.clone()
        }
    }

    /// Normalised weight of node `v` as a top-level goal (0 for every other node).
    pub fn weight_of(&self, v: u32) -> f64 {
        let rank = &self.graph.rank;
        self.goals
            .binary_search_by_key(&rank[v as usize], |&g| rank[g as usize])
            .map_or(0.0, |gi| self.weight[gi])
    }

    /// Normalised weight of every node as a top-level goal, in node order.
    pub fn weights(&self) -> Vec<f64> {
        let mut w = vec![0.0; self.graph.n];
        for (gi, &v) in self.goals.iter().enumerate() {
            w[v as usize] = self.weight[gi];
        }
        w
    }

    /// Blast radius of node `x`: it and everything depending on it fail; the coverage each goal
    /// loses.
    ///
    /// Only the reach of the nodes with an alignment path into the failed set can change: those
    /// nodes and every node they reach are swept again ([`alignment::sweep_nodes`], with the
    /// operations of the full sweep, so the numbers are those of a sweep over every node), and
    /// every other active initiative keeps its row of the reach matrix. Memory: a lane (64
    /// bytes) per node swept, and four bytes per node for their places.
    ///
    /// Complexity: O(n + m) to find them, plus O(goals touched / BLOCK x (nodes swept + their
    /// edges)).
    pub fn blast(&self, x: u32) -> Blast {
        let g = &self.graph;
        let failed = structure::failure_set(g.needed_by(), g.n, x);
        let touched = structure::downstream(g, &failed);
        let affected: Vec<usize> = (0..self.goals.len())
            .filter(|&gi| touched[self.goals[gi] as usize])
            .collect();
        drop(touched);
        let mut loss = Vec::new();
        if !affected.is_empty() {
            let (nodes, slot) = self.swept_after(&failed);
            let mut lanes = vec![Lane::ZERO; nodes.len()];
            let gc = self.goals.len();
            for chunk in affected.chunks(BLOCK) {
                let ids: Vec<u32> = chunk.iter().map(|&gi| self.goals[gi]).collect();
                alignment::sweep_nodes(g, &ids, &nodes, &slot, &mut lanes, &failed);
                for (j, &gi) in chunk.iter().enumerate() {
                    loss.push((
                        gi,
                        self.coverage_lost(gi, &failed, |row, i| match slot[i] {
                            u32::MAX => self.reach[row * gc + gi],
                            k => lanes[k as usize][j],
                        }),
                    ));
                }
            }
        }
        self.blast_of(x, &failed, loss)
    }

    /// The coverage goal `gi` loses when the nodes in `failed` fail, `reach(row, node)` giving
    /// the reach of active row `row` (node `node`, not failed) after the failure. Folded along the
    /// same tree as `coverage`, so a goal no failure reaches keeps its coverage to the bit.
    fn coverage_lost(
        &self,
        gi: usize,
        failed: &[bool],
        reach: impl Fn(usize, usize) -> f64,
    ) -> f64 {
        let (after, _) = self.products.coverage_with(self.active.len(), |row| {
            let i = self.active[row] as usize;
            (!failed[i]).then(|| (reach(row, i), self.delivery_risk[i]))
        });
        (self.coverage[gi] - after).max(0.0)
    }

    /// The blast radius of `x` from its failed set and what each goal loses (goals that lose
    /// nothing are left out).
    fn blast_of(&self, x: u32, failed: &[bool], mut loss: Vec<(usize, f64)>) -> Blast {
        loss.retain(|&(_, l)| l > 0.0);
        let weighted_loss = loss.iter().fold(0.0, |a, &(gi, l)| a + self.weight[gi] * l);
        let fails = self
            .graph
            .by_rank
            .iter()
            .copied()
            .filter(|&v| failed[v as usize])
            .collect();
        Blast {
            node: x,
            fails,
            loss,
            weighted_loss,
        }
    }

    /// The nodes whose reach a failure of `failed` can change (the failed ones and those with an
    /// alignment path into them) and every node they reach, in the sweep's processing order; and
    /// each node's place among them (`u32::MAX` for the others). Two passes over the processing
    /// order, with no reverse adjacency (at a million nodes it would hold 24 MB more).
    fn swept_after(&self, failed: &[bool]) -> (Vec<u32>, Vec<u32>) {
        const CHANGES: u32 = 0;
        const READ: u32 = 1;
        let g = &self.graph;
        let dag = g.serves.dag();
        let order = g.serves.sweep_order();
        let mut slot = vec![u32::MAX; g.n];
        // Each node comes after its targets: whether one of them can change is known.
        for &v in order {
            if failed[v as usize] || dag.targets(v).iter().any(|&t| slot[t as usize] == CHANGES) {
                slot[v as usize] = CHANGES;
            }
        }
        // Backwards, each node comes before its targets: what a swept node reads is swept.
        for &v in order.iter().rev() {
            if slot[v as usize] != u32::MAX {
                for &t in dag.targets(v) {
                    if slot[t as usize] == u32::MAX {
                        slot[t as usize] = READ;
                    }
                }
            }
        }
        let nodes: Vec<u32> = order
            .iter()
            .copied()
            .filter(|&v| slot[v as usize] != u32::MAX)
            .collect();
        for (i, &v) in nodes.iter().enumerate() {
            slot[v as usize] = i as u32;
        }
        (nodes, slot)
    }
}

/// Scores a model into flat arrays (see [`Scores`]).
///
/// The model should be free of errors (see [`crate::model::load_json`]); structural warnings
/// (cycles, isolated nodes, unserved goals) go to `diagnostics` and scoring goes on under the
/// documented rules. Deterministic: the same model gives the same scores whatever the order of
/// nodes and edges.
///
/// Complexity: O(n log n) to build the graph; O(G / 8 x (n + m)) for alignment, conflict and
/// coverage (G goals, 8 per pass); O(n + m) for delivery risk, cycles and PageRank (plus Jacobi
/// rounds inside dependency cycles); about O(n + m) for single points of failure (one dominator
/// pass); O(n x m) for
/// betweenness over the depends_on subgraph (skipped above [`Options::betweenness_limit`]); one
/// O(G / 8 x (n + m)) pass per node for blast radius (skipped above
/// [`Options::blast_radius_limit`]).
pub fn compute(model: &Model, opts: &Options) -> Scores {
    compute_with(model, &Toggles::default(), opts)
}

/// The top-level goals (goals not `part_of` another goal) and their normalised weights
/// (docs/scoring.md section 1): `(top, weight, positive)`, `top` per node and `weight` per goal
/// of `goals` (0 for goals that are not top-level); `positive` is false when there are top-level
/// goals and none has a positive weight (they are then weighted equally).
pub fn goal_weights(model: &Model, g: &Graph, goals: &[u32]) -> (Vec<bool>, Vec<f64>, bool) {
    let mut top = vec![false; g.n];
    for &v in goals {
        top[v as usize] = true;
    }
    for &(child, parent) in &g.part_of {
        if g.kind[parent as usize] == NodeKind::Goal {
            top[child as usize] = false;
        }
    }
    let goal_weight = |v: u32| model.nodes[v as usize].attrs().weight().unwrap_or(1.0);
    let tops: Vec<u32> = goals.iter().copied().filter(|&v| top[v as usize]).collect();
    let total: f64 = tops.iter().map(|&v| goal_weight(v)).sum();
    let weight = goals
        .iter()
        .map(|&v| match (top[v as usize], total > 0.0) {
            (false, _) => 0.0,
            (true, true) => goal_weight(v) / total,
            (true, false) => 1.0 / tops.len() as f64,
        })
        .collect();
    (top, weight, tops.is_empty() || total > 0.0)
}

/// [`compute`] for the model with the what-if `toggles` applied (without copying it): equal to
/// `compute(&toggles.apply(model), opts)`.
pub fn compute_with(model: &Model, toggles: &Toggles, opts: &Options) -> Scores {
    // Each node's status read once, in node order (the order of the nodes and their attributes
    // in memory; id order would jump about a large model for every node), for the active
    // portfolio and the sources of single points of failure.
    let is_active: Vec<bool> = (0..model.nodes.len() as u32)
        .map(|v| toggles.is_active(model, v))
        .collect();
    // The reach matrix, the largest block the scores keep (55 MB for 300,000 active initiatives
    // and 24 goals), is made before the graph: Wasm memory never shrinks, and made after the
    // graph's build it finds no room among the holes the build's temporaries leave, so the memory
    // grows by its size instead (docs/performance.md, "The tab's memory (1M)").
    let reach = {
        let goals = model.nodes.iter().filter(|x| x.kind == NodeKind::Goal);
        vec![0.0; is_active.iter().filter(|&&a| a).count() * goals.count()]
    };
    let g = Graph::build(model);
    let mut diagnostics = checks::structural_with(model, &g, toggles);
    // A bad earned-value risk rule: scoring goes on with what is good of it.
    let mut rule = Vec::new();
    crate::lens::earned_value::risk_rule(model, &mut rule);
    diagnostics.extend(
        rule.into_iter()
            .map(|d| Diagnostic::warning(d.code, d.place, d.message)),
    );
    let n = g.n;
    let goals: Vec<u32> = g
        .by_rank
        .iter()
        .copied()
        .filter(|&v| g.kind[v as usize] == NodeKind::Goal)
        .collect();
    let (top, weight, positive) = goal_weights(model, &g, &goals);
    if !positive {
        diagnostics.push(Diagnostic::warning(
            Code::ZeroGoalWeights,
            Place::default(),
            "no top-level goal has a positive weight; all top-level goals are weighted equally",
        ));
    }
    let active: Vec<u32> = g
        .by_rank
        .iter()
        .copied()
        .filter(|&v| is_active[v as usize])
        .collect();
    let cost: Vec<f64> = active
        .iter()
        .map(|&i| model.nodes[i as usize].attrs().cost().unwrap_or(0.0))
        .collect();

    let gc = goals.len();
    let ac = active.len();
    let has_conflicts = g.conflicts.edge_count() > 0;
    debug_assert_eq!(reach.len(), ac * gc);
    let mut s = Scores {
        graph: g,
        goals,
        weight,
        top,
        active,
        // After the alignment sweep (below): its lanes and these are not held at once.
        own_risk: Vec::new(),
        delivery_risk: Vec::new(),
        alignment: vec![0.0; n],
        conflict: if has_conflicts {
            vec![0.0; n]
        } else {
            Vec::new()
        },
        traceable: vec![false; n],
        reach,
        conflict_reach: vec![0.0; if has_conflicts { ac * gc } else { 0 }],
        coverage: vec![0.0; gc],
        expected_coverage: vec![0.0; gc],
        value_at_risk: vec![0.0; gc],
        goal_conflict: vec![0.0; gc],
        serving: vec![0; gc],
        single_points_of_failure: vec![Vec::new(); gc],
        blast_radius: Vec::new(),
        blast_radius_computed: false,
        pagerank: std::sync::OnceLock::new(),
        damping: opts.damping,
        betweenness: None,
        diagnostics,
        toggles: toggles.clone(),
        dominators: None,
        depends_on_edges: std::sync::OnceLock::new(),
        active_cost: Vec::new(),
        products: whatif::GoalProducts::default(),
        scratch: whatif::Scratch::default(),
    };

    // Alignment, conflict and coverage, BLOCK goals per pass.
    let mut lanes: Vec<Lane> = vec![Lane::ZERO; n];
    let mut clanes: Vec<Lane> = if has_conflicts {
        vec![Lane::ZERO; n]
    } else {
        Vec::new()
    };
    for base in (0..gc).step_by(BLOCK) {
        let chunk: Vec<u32> = s.goals[base..gc.min(base + BLOCK)].to_vec();
        let k = chunk.len();
        // The block's goals and weights as whole lanes (no goal and weight 0 past `k`, where
        // the lanes hold 0), so the fold below runs without bounds checks or branches. A lane
        // whose weight is not positive adds exactly 0.0, which leaves a non-negative total's bits
        // as they are.
        let mut goal = [u32::MAX; BLOCK];
        let mut w = [0.0; BLOCK];
        for (j, &v) in chunk.iter().enumerate() {
            goal[j] = v;
            w[j] = s.weight[base + j];
        }
        let fold = |total: f64, l: &Lane| {
            let mut a = total;
            for j in 0..BLOCK {
                a += if w[j] > 0.0 { w[j] * l[j] } else { 0.0 };
            }
            a
        };
        // Each node's lane folded into its alignment (and conflict) as the sweep finishes it.
        let (alignment, traceable, conflict) =
            (&mut s.alignment, &mut s.traceable, &mut s.conflict);
        alignment::sweep_then(
            &s.graph,
            &chunk,
            &mut lanes,
            has_conflicts.then_some(&mut clanes[..]),
            None,
            |v, l| {
                let mut reaches = false;
                for j in 0..BLOCK {
                    reaches |= (l[j] > 0.0) & (goal[j] != v as u32);
                }
                traceable[v] |= reaches;
                alignment[v] = fold(alignment[v], l);
            },
            |v, l| conflict[v] = fold(conflict[v], l),
        );
        // The block's columns of the reach and conflict matrices.
        for (row, &i) in s.active.iter().enumerate() {
            s.reach[row * gc + base..row * gc + base + k].copy_from_slice(&lanes[i as usize][..k]);
            if has_conflicts {
                s.conflict_reach[row * gc + base..row * gc + base + k]
                    .copy_from_slice(&clanes[i as usize][..k]);
            }
        }
    }
    drop(clanes);
    // Freed before delivery risk, the dominators and the reverse adjacency are made: the lanes
    // (64 bytes a node) do not add to the score's peak.
    drop(lanes);
    (s.own_risk, s.delivery_risk) = risk::delivery_risk_with(model, &s.graph, toggles);
    s.active_cost = cost;
    // Coverage, expected coverage, value at risk, conflict and serving count of every goal,
    // folded along the tree a what-if toggle refolds (see [`whatif::GoalProducts`]).
    let rows = whatif::Rows {
        active: &s.active,
        risk: &s.delivery_risk,
        cost: &s.active_cost,
        reach: &s.reach,
        conflict: &s.conflict_reach,
    };
    let (products, serving) = whatif::GoalProducts::build(&s.graph, gc, &rows);
    for j in 0..gc {
        (
            s.coverage[j],
            s.expected_coverage[j],
            s.value_at_risk[j],
            s.goal_conflict[j],
        ) = products.goal(j);
    }
    s.serving = serving;
    s.products = products;

    if opts.single_points_of_failure {
        let is_source: Vec<bool> = (0..n)
            .map(|v| is_active[v] || s.graph.kind[v] == NodeKind::Application)
            .collect();
        let dom = structure::single_points_of_failure(&s.graph, &is_source);
        for gi in 0..gc {
            s.single_points_of_failure[gi] = dom.of(s.goals[gi]);
        }
        s.dominators = Some(dom);
    }

    let g = &s.graph;
    let m = g.needs.all.edge_count() as f64;
    // m edges between distinct nodes join more than sqrt(m) nodes: when even that few are over
    // the limit, the nodes need no counting.
    let fewest = m.sqrt().floor();
    let within = fewest * (fewest + m) <= opts.betweenness_limit && {
        let mut touches = vec![false; n];
        for v in 0..n as u32 {
            for &t in g.needs.all.targets(v) {
                touches[v as usize] = true;
                touches[t as usize] = true;
            }
        }
        let dep_nodes = touches.iter().filter(|&&t| t).count() as f64;
        dep_nodes * (dep_nodes + m) <= opts.betweenness_limit
    };
    if within {
        s.betweenness = Some(centrality::betweenness(
            &g.needs.all,
            g.needed_by(),
            &g.by_rank,
        ));
    }

    if n <= opts.blast_radius_limit {
        s.blast_all();
    }
    s
}

impl Scores {
    /// Blast radius of every non-goal node that makes some goal lose coverage, largest weighted
    /// loss first (ties in id order).
    fn blast_all(&mut self) {
        let g = &self.graph;
        let mut blasts: Vec<Blast> = g
            .by_rank
            .iter()
            .copied()
            .filter(|&v| g.kind[v as usize] != NodeKind::Goal)
            .map(|x| self.blast(x))
            .filter(|b| !b.loss.is_empty())
            .collect();
        let rank = &g.rank;
        blasts.sort_unstable_by(|a, b| {
            b.weighted_loss
                .total_cmp(&a.weighted_loss)
                .then(rank[a.node as usize].cmp(&rank[b.node as usize]))
        });
        self.blast_radius = blasts;
        self.blast_radius_computed = true;
    }
}

/// Scores a model: the whole report (see [`compute`] for the method and complexity).
pub fn score<'a>(model: &'a Model, opts: &Options) -> Report<'a> {
    report::build(model, compute(model, opts), opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blast radius as it was first written: a sweep over every node with the failed ones
    /// reaching nothing, and every active initiative's reach from it.
    fn blast_by_full_sweep(s: &Scores, x: u32) -> Blast {
        let g = &s.graph;
        let failed = structure::failure_set(g.needed_by(), g.n, x);
        let touched = structure::downstream(g, &failed);
        let mut lanes = vec![Lane::ZERO; g.n];
        let mut loss = Vec::new();
        let affected: Vec<usize> = (0..s.goals.len())
            .filter(|&gi| touched[s.goals[gi] as usize])
            .collect();
        for chunk in affected.chunks(BLOCK) {
            let ids: Vec<u32> = chunk.iter().map(|&gi| s.goals[gi]).collect();
            alignment::sweep(g, &ids, &mut lanes, None, Some(&failed));
            for (j, &gi) in chunk.iter().enumerate() {
                loss.push((gi, s.coverage_lost(gi, &failed, |_, i| lanes[i][j])));
            }
        }
        s.blast_of(x, &failed, loss)
    }

    /// The blast radius sweeping only the nodes a failure can change gives, bit for bit, what a
    /// sweep over every node gives: for every node of tidy and untidy models (cycles, negative
    /// contributions), with and without a what-if toggle.
    #[test]
    fn blast_over_the_nodes_a_failure_reaches_equals_a_sweep_over_all() {
        let mut losing = 0;
        for (k, model) in [
            crate::generate::layered(600, 4, 1),
            crate::generate::layered(1500, 5, 7),
            crate::generate::layered_untidy(800, 4, 3),
            crate::generate::layered_untidy(1200, 5, 11),
        ]
        .into_iter()
        .enumerate()
        {
            let mut toggles = Toggles::default();
            if k % 2 == 1 {
                let first = (0..model.nodes.len() as u32)
                    .find(|&v| model.nodes[v as usize].is_active_initiative())
                    .expect("an active initiative");
                toggles.set(first, Some(false));
            }
            let s = compute_with(&model, &toggles, &Options::default());
            for x in 0..s.graph.n as u32 {
                let (a, b) = (s.blast(x), blast_by_full_sweep(&s, x));
                assert_eq!(a.fails, b.fails, "model {k}, node {x}");
                let bits = |b: &Blast| -> Vec<(usize, u64)> {
                    b.loss.iter().map(|&(g, l)| (g, l.to_bits())).collect()
                };
                assert_eq!(bits(&a), bits(&b), "model {k}, node {x}");
                assert_eq!(a.weighted_loss.to_bits(), b.weighted_loss.to_bits());
                losing += usize::from(!a.loss.is_empty());
            }
        }
        assert!(losing > 100, "only {losing} failures lose coverage");
    }
}
