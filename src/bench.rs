//! The scoring steps one at a time, for the side-by-side benchmark (`benches/side-by-side.mjs`,
//! `docs/performance.md`): native (`benches/phases.rs`) and Wasm (`BenchPhases` in the
//! bindings) call exactly these steps, and the JavaScript baselines in `benches/js/` compute the
//! same numbers.
//!
//! Each step runs the engine's own code ([`Workspace::load`], [`Graph::build`],
//! [`alignment::sweep_then`], [`risk::delivery_risk`], [`graph::strongly_connected`],
//! [`centrality::dependency_pagerank`], [`Workspace::set_active`]) and returns a checksum: a
//! number that depends on every value the step computed, so implementations can be compared. No
//! step reads the clock: callers time the calls.
//!
//! | step | what it computes | checksum |
//! |---|---|---|
//! | `load` | the model from JSON text, then the analysis graph | nodes + edges of the file |
//! | `alignment` | reach of every goal from every node (noisy-OR), alignment | sum of alignment |
//! | `coverage` | coverage of every goal by the active initiatives | sum of coverage + initiatives serving each goal |
//! | `delivery_risk` | delivery risk along depends_on | sum of delivery risk |
//! | `cycles` | strongly connected components of depends_on | see [`Phases::cycles`] |
//! | `pagerank` | PageRank over depends_on (damping 0.85) | N x sum of rank squared |
//! | `toggle` | one initiative switched on or off, the scores read again | see [`Phases::toggle`] |

use crate::analysis::alignment::{self, BLOCK, Lane};
use crate::analysis::{centrality, risk};
use crate::formats::limits::Limits;
use crate::graph::{self, Graph};
use crate::model::{Model, NodeKind};
use crate::workspace::{Field, Workspace, WorkspaceError};

/// The PageRank damping of the benchmark (the engine's default).
pub const DAMPING: f64 = 0.85;

/// A model loaded for the benchmark and what the steps computed so far.
#[derive(Debug, Default)]
pub struct Phases {
    ws: Option<Workspace>,
    graph: Option<Graph>,
    /// Goals in id order.
    goals: Vec<u32>,
    /// Normalised weight of each goal (of `goals`) as a top-level goal (0 for the others).
    weight: Vec<f64>,
    /// Active initiatives in id order.
    active: Vec<u32>,
    /// reach[a * goals + g]: active initiative a's reach of goal g (after `alignment`).
    reach: Vec<f64>,
    /// Alignment of every node (after `alignment`).
    alignment: Vec<f64>,
    reached: bool,
}

/// The bytes as text, or the offset of the first byte that is not UTF-8.
fn utf8(bytes: &[u8]) -> Result<&str, WorkspaceError> {
    crate::formats::text::utf8(bytes).map_err(|e| {
        WorkspaceError::InvalidArgument(format!(
            "the model is not UTF-8 text: invalid byte at offset {}",
            e.valid_up_to()
        ))
    })
}

fn no_model() -> WorkspaceError {
    WorkspaceError::NoModel
}

impl Phases {
    /// Nothing loaded yet.
    pub fn new() -> Phases {
        Phases::default()
    }

    /// Loads a model from JSON text within the command line's limits ([`Limits::CLI`]: the
    /// benchmark goes to 1M nodes, above the page's 250,000) and builds its analysis graph.
    /// The workspace scores without single points of failure, betweenness and blast radius, so
    /// the what-if toggle recomputes what the steps compute. Returns nodes + edges.
    pub fn load(&mut self, text: &str) -> Result<f64, WorkspaceError> {
        *self = Phases::default();
        let mut ws = Workspace::load(text, &Limits::CLI)?;
        ws.options.single_points_of_failure = false;
        ws.options.betweenness_limit = -1.0;
        ws.options.blast_radius_limit = 0;
        let model = ws.model();
        let g = Graph::build(model);
        self.goals = g
            .by_rank
            .iter()
            .copied()
            .filter(|&v| g.kind[v as usize] == NodeKind::Goal)
            .collect();
        self.active = g
            .by_rank
            .iter()
            .copied()
            .filter(|&v| model.nodes[v as usize].is_active_initiative())
            .collect();
        let checksum = (model.nodes.len() + model.edges.len()) as f64;
        self.weight = crate::analysis::goal_weights(model, &g, &self.goals).1;
        self.graph = Some(g);
        self.ws = Some(ws);
        Ok(checksum)
    }

    /// [`Phases::load`] from UTF-8 bytes (what a page has after reading a file as an
    /// `ArrayBuffer`; a 1M-node model is longer than a JavaScript string may be).
    pub fn load_bytes(&mut self, bytes: &[u8]) -> Result<f64, WorkspaceError> {
        self.load(utf8(bytes)?)
    }

    /// The JSON read alone, the first part of [`Phases::load_bytes`]: the UTF-8 check and the
    /// model from the JSON text, within [`Limits::CLI`], without the analysis graph. Returns
    /// the model (for the caller to drop after its timing); nodes + edges is the load's
    /// checksum.
    pub fn read_bytes(bytes: &[u8]) -> Result<Model, WorkspaceError> {
        // What Workspace::load does, keeping the model.
        let (model, loaded) = crate::model::load_json_limited(utf8(bytes)?, &Limits::CLI);
        if crate::diagnostics::has_errors(&loaded) {
            return Err(WorkspaceError::InvalidModel(loaded));
        }
        Ok(model)
    }

    fn graph(&self) -> Result<&Graph, WorkspaceError> {
        self.graph.as_ref().ok_or_else(no_model)
    }

    /// Reach of every goal from every node, 8 goals per pass ([`alignment::sweep_then`]), and the
    /// alignment of every node: `sum over top-level goals g of W(g) x r(v, g)`. Keeps the
    /// active initiatives' reach for [`Phases::coverage`]. Returns the sum of alignment.
    pub fn alignment(&mut self) -> Result<f64, WorkspaceError> {
        let g = self.graph.as_ref().ok_or_else(no_model)?;
        let n = g.n;
        let gc = self.goals.len();
        let mut lanes: Vec<Lane> = vec![Lane::ZERO; n];
        let mut align = vec![0f64; n];
        let mut reach = vec![0f64; self.active.len() * gc];
        for base in (0..gc).step_by(BLOCK) {
            let chunk = &self.goals[base..gc.min(base + BLOCK)];
            let k = chunk.len();
            let w = &self.weight[base..base + k];
            // Each node's lane folded into its alignment as the sweep finishes it.
            let fold = |v: usize, l: &Lane| {
                for j in 0..k {
                    if w[j] > 0.0 {
                        align[v] += w[j] * l[j];
                    }
                }
            };
            alignment::sweep_then(g, chunk, &mut lanes, None, None, fold, |_, _| {});
            for (row, &i) in self.active.iter().enumerate() {
                reach[row * gc + base..row * gc + base + k]
                    .copy_from_slice(&lanes[i as usize][..k]);
            }
        }
        let sum = align.iter().sum();
        self.alignment = align;
        self.reach = reach;
        self.reached = true;
        Ok(sum)
    }

    /// Coverage of every goal: `1 - product over active initiatives i of (1 - r(i, g))`, and the
    /// number of active initiatives reaching it, from the reach [`Phases::alignment`] computed
    /// (run first). Returns the sum over goals of both (coverage alone is often 1 everywhere).
    pub fn coverage(&self) -> Result<f64, WorkspaceError> {
        self.graph()?;
        if !self.reached {
            return Err(WorkspaceError::InvalidArgument(
                "coverage needs the reach: run alignment first".into(),
            ));
        }
        let gc = self.goals.len();
        let mut q = vec![1f64; gc];
        let mut serving = 0usize;
        for row in self.reach.chunks_exact(gc.max(1)).take(self.active.len()) {
            for (qj, &r) in q.iter_mut().zip(row) {
                *qj *= 1.0 - r;
                serving += usize::from(r > 0.0);
            }
        }
        Ok(q.iter().map(|qj| 1.0 - qj).sum::<f64>() + serving as f64)
    }

    /// Delivery risk of every node along depends_on ([`risk::delivery_risk`]). Returns the sum.
    pub fn delivery_risk(&self) -> Result<f64, WorkspaceError> {
        let g = self.graph()?;
        let model = self.ws.as_ref().ok_or_else(no_model)?.model();
        let (_, p) = risk::delivery_risk(model, g);
        Ok(p.iter().sum())
    }

    /// Strongly connected components of the depends_on edges ([`graph::strongly_connected`],
    /// iterative Tarjan). Returns `components + (N + 1) x nodes in cycles` (a cycle is a
    /// component of more than one node).
    pub fn cycles(&self) -> Result<f64, WorkspaceError> {
        let g = self.graph()?;
        let c = graph::strongly_connected(&g.needs.all, &g.by_rank, &g.rank);
        let in_cycles: usize = c.cycles.iter().map(Vec::len).sum();
        let components = c.component.iter().map(|&x| x + 1).max().unwrap_or(0) as usize;
        Ok(components as f64 + (g.n as f64 + 1.0) * in_cycles as f64)
    }

    /// PageRank over depends_on ([`centrality::dependency_pagerank`], damping [`DAMPING`]).
    /// Returns `N x sum of rank squared` (the ranks themselves sum to 1).
    pub fn pagerank(&self) -> Result<f64, WorkspaceError> {
        let g = self.graph()?;
        let pr = centrality::dependency_pagerank(g, DAMPING);
        Ok(g.n as f64 * pr.rank.iter().map(|r| r * r).sum::<f64>())
    }

    /// The initiative the benchmark switches: the first active initiative in file order, if any.
    pub fn toggle_target(&self) -> Option<String> {
        let ws = self.ws.as_ref()?;
        ws.model()
            .nodes
            .iter()
            .find(|x| x.is_active_initiative())
            .map(|x| x.id.to_string())
    }

    /// The what-if toggle as the page does it: [`Workspace::set_active`], then the scores read
    /// again ([`Workspace::field`]). Returns the sum of delivery risk over all nodes plus the sum
    /// of coverage over the goals, under the toggle.
    pub fn toggle(&mut self, id: &str, on: bool) -> Result<f64, WorkspaceError> {
        let ws = self.ws.as_mut().ok_or_else(no_model)?;
        ws.set_active(id, on)?;
        let risk: f64 = ws.field(Field::DeliveryRisk).iter().sum();
        let coverage: f64 = ws
            .field(Field::Coverage)
            .iter()
            .filter(|c| !c.is_nan())
            .sum();
        Ok(risk + coverage)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Options, compute};
    use crate::generate;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0)
    }

    /// Every step gives what the full scoring gives for the same numbers.
    fn agrees_with_compute(model: &crate::Model) {
        let text = crate::to_json(model);
        let mut p = Phases::new();
        assert_eq!(
            p.load(&text).unwrap(),
            (model.nodes.len() + model.edges.len()) as f64
        );
        let s = compute(model, &Options::default());
        assert!(close(p.alignment().unwrap(), s.alignment.iter().sum()));
        let serving = s.serving.iter().sum::<usize>() as f64;
        assert!(close(
            p.coverage().unwrap(),
            s.coverage.iter().sum::<f64>() + serving
        ));
        assert!(close(
            p.delivery_risk().unwrap(),
            s.delivery_risk.iter().sum()
        ));
        let pr: f64 = s.pagerank().rank.iter().map(|r| r * r).sum();
        assert!(close(p.pagerank().unwrap(), model.nodes.len() as f64 * pr));
        let n = model.nodes.len() as f64;
        let in_cycles = s.graph.needs.cycles.iter().map(Vec::len).sum::<usize>() as f64;
        let components = n - in_cycles + s.graph.needs.cycles.len() as f64;
        assert_eq!(p.cycles().unwrap(), components + (n + 1.0) * in_cycles);

        // The toggle equals a full scoring of the model with the initiative cancelled.
        let id = p.toggle_target().expect("an active initiative");
        let mut off = model.clone();
        let i = off.find(&id).unwrap() as usize;
        off.nodes[i].attrs_mut().status = Some(crate::model::Status::Cancelled);
        let s_off = compute(&off, &Options::default());
        let want = s_off.delivery_risk.iter().sum::<f64>() + s_off.coverage.iter().sum::<f64>();
        assert!(close(p.toggle(&id, false).unwrap(), want));
        let back = s.delivery_risk.iter().sum::<f64>() + s.coverage.iter().sum::<f64>();
        assert!(close(p.toggle(&id, true).unwrap(), back));
        assert_ne!(want, back, "switching an initiative off changes the scores");
    }

    #[test]
    fn steps_agree_with_the_full_scoring_on_a_layered_model() {
        agrees_with_compute(&generate::layered(1500, 5, 7));
    }

    #[test]
    fn steps_agree_with_the_full_scoring_with_cycles_and_conflicts() {
        let m = generate::layered_untidy(5000, 5, 3);
        let mut p = Phases::new();
        p.load(&crate::to_json(&m)).unwrap();
        let s = compute(&m, &Options::default());
        assert!(
            !s.graph.needs.cycles.is_empty(),
            "the untidy model has dependency cycles"
        );
        agrees_with_compute(&m);
    }

    #[test]
    fn the_read_alone_gives_the_loaded_model_and_names_the_first_byte_that_is_not_utf8() {
        let text = crate::to_json(&generate::layered(300, 3, 5));
        let model = Phases::read_bytes(text.as_bytes()).unwrap();
        assert_eq!(model, crate::load_json(&text).0);
        let mut p = Phases::new();
        assert_eq!(
            p.load_bytes(text.as_bytes()).unwrap(),
            (model.nodes.len() + model.edges.len()) as f64
        );
        // A short model with a bad byte (a stray continuation byte, a lead byte without its
        // continuation) at every position: both report that position.
        let short = "{\"nodes\": [{\"id\": \"é\", \"kind\": \"goal\"}], \"edges\": []}";
        for at in 0..short.len() {
            for bad in [0x80u8, 0xC3, 0xFF] {
                let mut b = short.as_bytes().to_vec();
                b[at] = bad;
                let Err(e) = std::str::from_utf8(&b) else {
                    continue;
                };
                let want = format!("invalid byte at offset {}", e.valid_up_to());
                let read = Phases::read_bytes(&b).unwrap_err();
                let load = p.load_bytes(&b).unwrap_err();
                for err in [read, load] {
                    assert_eq!(err.code(), "INVALID_ARGUMENT");
                    assert!(err.to_string().contains(&want), "{err} at {at}");
                }
            }
        }
        // A model with errors is refused by the read as by the load.
        let broken = "{\"nodes\": [{\"id\": \"a\"}], \"edges\": []}";
        assert_eq!(
            Phases::read_bytes(broken.as_bytes()).unwrap_err().code(),
            p.load_bytes(broken.as_bytes()).unwrap_err().code()
        );
    }

    #[test]
    fn steps_before_a_load_and_bad_bytes_are_errors() {
        let mut p = Phases::new();
        assert_eq!(p.alignment().unwrap_err().code(), "NO_MODEL");
        assert_eq!(p.toggle("x", false).unwrap_err().code(), "NO_MODEL");
        let err = p.load_bytes(b"{\"nodes\": [\xff]}").unwrap_err();
        assert_eq!(err.code(), "INVALID_ARGUMENT");
        assert!(err.to_string().contains("offset 11"), "{err}");
        p.load(crate::demo::DEMO_JSON).unwrap();
        assert_eq!(p.coverage().unwrap_err().code(), "INVALID_ARGUMENT");
        assert_eq!(p.toggle("nope", false).unwrap_err().code(), "UNKNOWN_NODE");
    }
}
