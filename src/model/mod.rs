//! The model: goals, capabilities, value-chain activities, applications, initiatives, people and
//! other elements, and the typed edges between them (format version 1, see `docs/model-format.md`).
//!
//! Edges refer to nodes by index into [`Model::nodes`]. Unknown fields of the file are kept in
//! `extra` maps and written back unchanged.

mod edges;
pub mod edit;
mod json;
pub mod scenario;
pub mod targets;

pub use edges::Edges;
pub use json::stream::ModelStream;
pub use json::{
    edge_json, load_json, load_json_limited, node_to_json, to_json, to_json_value, write_json,
};

use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

/// Index of a node in [`Model::nodes`].
pub type NodeIx = u32;

/// The seven node kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeKind {
    /// A business goal; goals carry the weights alignment is measured against.
    Goal,
    /// A business capability.
    Capability,
    /// A value-chain activity (Porter), primary or support.
    Activity,
    /// An application or technology component.
    Application,
    /// An IT initiative (project, programme, work package): the portfolio.
    Initiative,
    /// Any other element (e.g. an imported ArchiMate Deliverable); scores flow through it.
    Element,
    /// A person (an ArchiMate BusinessActor): supports what they know (the people lens,
    /// docs/lenses.md); takes no part in depends_on, delivery risk or PageRank.
    Person,
}

impl NodeKind {
    /// All kinds, in a fixed order.
    pub const ALL: [NodeKind; 7] = [
        NodeKind::Goal,
        NodeKind::Capability,
        NodeKind::Activity,
        NodeKind::Application,
        NodeKind::Initiative,
        NodeKind::Element,
        NodeKind::Person,
    ];

    /// The kind as written in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Goal => "goal",
            NodeKind::Capability => "capability",
            NodeKind::Activity => "activity",
            NodeKind::Application => "application",
            NodeKind::Initiative => "initiative",
            NodeKind::Element => "element",
            NodeKind::Person => "person",
        }
    }

    /// Parses a kind as written in the file.
    pub fn parse(s: &str) -> Option<NodeKind> {
        NodeKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The five edge kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EdgeKind {
    /// `from` contributes to the goal `to`; weight in [-1, 1], negative works against it.
    Contributes,
    /// `from` supports the capability, activity or element `to`; weight in [0, 1].
    Supports,
    /// `from` needs `to`; between initiatives a schedule precedence.
    DependsOn,
    /// `from` is part of `to` (goal and capability hierarchies).
    PartOf,
    /// `from` and `to` are alternatives: at most one can be chosen.
    Excludes,
}

impl EdgeKind {
    /// All kinds, in a fixed order.
    pub const ALL: [EdgeKind; 5] = [
        EdgeKind::Contributes,
        EdgeKind::Supports,
        EdgeKind::DependsOn,
        EdgeKind::PartOf,
        EdgeKind::Excludes,
    ];

    /// The kind as written in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Contributes => "contributes",
            EdgeKind::Supports => "supports",
            EdgeKind::DependsOn => "depends_on",
            EdgeKind::PartOf => "part_of",
            EdgeKind::Excludes => "excludes",
        }
    }

    /// Parses a kind as written in the file.
    pub fn parse(s: &str) -> Option<EdgeKind> {
        EdgeKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The allowed weight range for this kind.
    pub fn weight_range(self) -> (f64, f64) {
        match self {
            EdgeKind::Contributes => (-1.0, 1.0),
            _ => (0.0, 1.0),
        }
    }

    /// True for the kinds along which alignment flows.
    pub fn carries_alignment(self) -> bool {
        matches!(
            self,
            EdgeKind::Contributes | EdgeKind::Supports | EdgeKind::PartOf
        )
    }
}

macro_rules! text_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vm])* $variant),+ }

        impl $name {
            /// Every allowed value, in a fixed order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as written in the file.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses a value as written in the file.
            pub fn parse(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }

            /// The allowed values, for messages.
            pub fn allowed() -> String {
                [$($text),+].join(", ")
            }
        }
    };
}

text_enum!(
    /// Initiative status.
    Status {
        /// Proposed, not yet approved (counts as active).
        Proposed = "proposed",
        /// Approved (active).
        Approved = "approved",
        /// Running (active).
        Running = "running",
        /// Delivered: no longer part of the active portfolio.
        Done = "done",
        /// Cancelled: not part of the portfolio; what depends on it cannot be delivered.
        Cancelled = "cancelled",
    }
);

text_enum!(
    /// Balanced-scorecard perspective of a goal.
    Perspective {
        /// Financial.
        Financial = "financial",
        /// Customer.
        Customer = "customer",
        /// Internal process.
        Internal = "internal",
        /// Learning and growth.
        Learning = "learning",
    }
);

text_enum!(
    /// Gartner TIME lifecycle of an application.
    Lifecycle {
        /// Tolerate.
        Tolerate = "tolerate",
        /// Invest.
        Invest = "invest",
        /// Migrate.
        Migrate = "migrate",
        /// Eliminate.
        Eliminate = "eliminate",
    }
);

text_enum!(
    /// Porter value-chain category of an activity.
    Category {
        /// Primary activity.
        Primary = "primary",
        /// Support activity.
        Support = "support",
    }
);

/// A three-point estimate (PERT).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Optimistic duration.
    pub optimistic: f64,
    /// Most likely duration.
    pub likely: f64,
    /// Pessimistic duration.
    pub pessimistic: f64,
}

/// The numeric attributes a node can carry, with their file names and allowed ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Num {
    /// Goal importance (default 1).
    Weight,
    /// Cost (initiative budget, application run cost).
    Cost,
    /// Expected benefit.
    Benefit,
    /// Probability in [0, 1] of failing to deliver (initiative) or failing (application).
    Risk,
    /// Duration in the model's time unit.
    Duration,
    /// Planned start.
    Start,
    /// WSJF business value.
    BusinessValue,
    /// WSJF time criticality.
    TimeCriticality,
    /// WSJF risk reduction / opportunity enablement.
    RiskReduction,
    /// WSJF job size.
    JobSize,
    /// Application functional fit.
    FunctionalFit,
    /// Application technical fit.
    TechnicalFit,
    /// Capability maturity.
    Maturity,
    /// Capability target maturity.
    TargetMaturity,
    /// Capability importance (relative weight among siblings).
    Importance,
}

impl Num {
    /// Every numeric attribute, in the order they are written.
    pub const ALL: [Num; 15] = [
        Num::Weight,
        Num::Cost,
        Num::Benefit,
        Num::Risk,
        Num::Duration,
        Num::Start,
        Num::BusinessValue,
        Num::TimeCriticality,
        Num::RiskReduction,
        Num::JobSize,
        Num::FunctionalFit,
        Num::TechnicalFit,
        Num::Maturity,
        Num::TargetMaturity,
        Num::Importance,
    ];

    /// The field name in the file.
    pub fn key(self) -> &'static str {
        match self {
            Num::Weight => "weight",
            Num::Cost => "cost",
            Num::Benefit => "benefit",
            Num::Risk => "risk",
            Num::Duration => "duration",
            Num::Start => "start",
            Num::BusinessValue => "business_value",
            Num::TimeCriticality => "time_criticality",
            Num::RiskReduction => "risk_reduction",
            Num::JobSize => "job_size",
            Num::FunctionalFit => "functional_fit",
            Num::TechnicalFit => "technical_fit",
            Num::Maturity => "maturity",
            Num::TargetMaturity => "target_maturity",
            Num::Importance => "importance",
        }
    }

    /// Parses a field name.
    pub fn parse(key: &str) -> Option<Num> {
        Num::ALL.into_iter().find(|n| n.key() == key)
    }

    /// The allowed range (inclusive); `job_size` must be above 0.
    pub fn range(self) -> (f64, f64) {
        match self {
            Num::Risk => (0.0, 1.0),
            Num::JobSize => (MIN_JOB_SIZE, MAX_MAGNITUDE),
            Num::Benefit
            | Num::FunctionalFit
            | Num::TechnicalFit
            | Num::Maturity
            | Num::TargetMaturity => (-MAX_MAGNITUDE, MAX_MAGNITUDE),
            _ => (0.0, MAX_MAGNITUDE),
        }
    }
}

/// The largest magnitude of any number in a model (1e15: beyond any real cost or weight, and
/// small enough that sums over millions of nodes and the products the analyses form stay
/// finite, so no score becomes infinity or NaN).
pub const MAX_MAGNITUDE: f64 = 1e15;

/// The smallest `job_size` (WSJF divides by it; 1e-9 keeps the quotient finite).
pub const MIN_JOB_SIZE: f64 = 1e-9;

/// A range `[lo, hi]` in the words of a message: "between 0 and 1", "at least 0", ...
pub fn range_words(lo: f64, hi: f64) -> String {
    use crate::diagnostics::number;
    if lo == -MAX_MAGNITUDE && hi == MAX_MAGNITUDE {
        format!("between -{} and {}", number(hi), number(hi))
    } else if lo == 0.0 && hi == MAX_MAGNITUDE {
        format!("at least 0 and at most {}", number(hi))
    } else if lo.is_finite() && hi.is_finite() {
        format!("between {} and {}", number(lo), number(hi))
    } else if lo.is_finite() {
        format!("at least {}", number(lo))
    } else {
        format!("at most {}", number(hi))
    }
}

/// A numeric attribute and its value, packed: 9 bytes (16 at the `f64`'s alignment).
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C, packed)]
struct NumValue(Num, f64);

/// The typed attributes of a node. All are optional and read on any node kind. Numeric ones are
/// stored sparsely (most nodes carry few), see [`Num`], in one block that holds exactly those
/// present: an initiative's cost, risk and duration take 32 bytes of memory instead of 56.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attrs {
    nums: Option<Box<[NumValue]>>,
    /// Free-text description.
    pub description: Option<Box<str>>,
    /// Three-point estimate.
    pub estimate: Option<Box<Estimate>>,
    /// Goal perspective.
    pub perspective: Option<Perspective>,
    /// Activity category.
    pub category: Option<Category>,
    /// Initiative status (default proposed).
    pub status: Option<Status>,
    /// Application lifecycle.
    pub lifecycle: Option<Lifecycle>,
    /// Mandatory initiative (e.g. regulatory).
    pub mandatory: Option<bool>,
}

impl Attrs {
    fn num_values(&self) -> &[NumValue] {
        self.nums.as_deref().unwrap_or(&[])
    }

    /// A numeric attribute, if present.
    pub fn get(&self, k: Num) -> Option<f64> {
        self.nums().find(|&(n, _)| n == k).map(|(_, v)| v)
    }

    /// Sets (or, with `None`, removes) a numeric attribute.
    pub fn set(&mut self, k: Num, v: Option<f64>) {
        let at = self.nums().position(|(n, _)| n == k);
        if let (Some(i), Some(v)) = (at, v) {
            if let Some(nums) = &mut self.nums {
                nums[i] = NumValue(k, v);
            }
            return;
        }
        if at.is_none() && v.is_none() {
            return;
        }
        // One more or one fewer: the block is made again, exactly the size of what it holds.
        let old = self.num_values();
        let nums: Box<[NumValue]> = match at {
            Some(i) => old[..i].iter().chain(&old[i + 1..]).copied().collect(),
            None => {
                let i = old.partition_point(|&NumValue(n, _)| n < k);
                let new = v.map(|v| NumValue(k, v));
                old[..i]
                    .iter()
                    .copied()
                    .chain(new)
                    .chain(old[i..].iter().copied())
                    .collect()
            }
        };
        self.nums = (!nums.is_empty()).then_some(nums);
    }

    /// The numeric attributes present, in [`Num::ALL`] order.
    pub fn nums(&self) -> impl ExactSizeIterator<Item = (Num, f64)> + Clone + '_ {
        self.num_values().iter().map(|&NumValue(n, v)| (n, v))
    }

    /// Goal weight.
    pub fn weight(&self) -> Option<f64> {
        self.get(Num::Weight)
    }

    /// Cost.
    pub fn cost(&self) -> Option<f64> {
        self.get(Num::Cost)
    }

    /// Risk.
    pub fn risk(&self) -> Option<f64> {
        self.get(Num::Risk)
    }

    /// Capability importance.
    pub fn importance(&self) -> Option<f64> {
        self.get(Num::Importance)
    }
}

static NO_ATTRS: Attrs = Attrs {
    nums: None,
    description: None,
    estimate: None,
    perspective: None,
    category: None,
    status: None,
    lifecycle: None,
    mandatory: None,
};

/// A node of the model.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Unique id.
    pub id: Box<str>,
    /// Kind.
    pub kind: NodeKind,
    /// Display name (defaults to the id).
    pub name: Option<Box<str>>,
    attrs: Option<Box<Attrs>>,
    extra: Option<Box<Map<String, Value>>>,
}

impl Node {
    /// A node with no attributes.
    pub fn new(id: impl Into<String>, kind: NodeKind) -> Node {
        Node {
            id: id.into().into_boxed_str(),
            kind,
            name: None,
            attrs: None,
            extra: None,
        }
    }

    /// Unknown fields, kept and written back unchanged.
    pub fn extra(&self) -> Option<&Map<String, Value>> {
        self.extra.as_deref()
    }

    /// Mutable unknown fields (allocated on first use).
    pub fn extra_mut(&mut self) -> &mut Map<String, Value> {
        self.extra.get_or_insert_with(Box::default)
    }

    /// Sets the display name.
    pub fn with_name(mut self, name: impl Into<String>) -> Node {
        self.name = Some(name.into().into_boxed_str());
        self
    }

    /// The typed attributes (all `None` when the node has none).
    pub fn attrs(&self) -> &Attrs {
        self.attrs.as_deref().unwrap_or(&NO_ATTRS)
    }

    /// Mutable typed attributes (allocated on first use).
    pub fn attrs_mut(&mut self) -> &mut Attrs {
        self.attrs.get_or_insert_with(Box::default)
    }

    /// The display name, or the id when there is none.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }

    /// How messages name the node: `"Customer portal" (id-0052)`, or `"crm"` when its name is its
    /// id or it has none.
    pub fn label(&self) -> String {
        match self.name.as_deref() {
            Some(n) if n != &*self.id => format!(
                "\"{}\" ({})",
                crate::diagnostics::excerpt(n, 60),
                crate::diagnostics::excerpt(&self.id, 60)
            ),
            _ => format!("\"{}\"", crate::diagnostics::excerpt(&self.id, 60)),
        }
    }

    /// The ArchiMate type an imported node was read from (`archimate_type`), if any.
    pub fn source_type(&self) -> Option<&str> {
        self.extra()?.get("archimate_type")?.as_str()
    }

    /// The initiative status (default proposed).
    pub fn status(&self) -> Status {
        self.attrs().status.unwrap_or(Status::Proposed)
    }

    /// True for initiatives in the active portfolio (not done, not cancelled).
    pub fn is_active_initiative(&self) -> bool {
        self.kind == NodeKind::Initiative
            && !matches!(self.status(), Status::Done | Status::Cancelled)
    }
}

/// An edge of the model, as [`Edges`] hands it out and takes it (they hold it in 11 bytes, its
/// weight coded): 17 bytes, packed, so that a list of them made from a model stays small. Its
/// fields are read by value.
#[derive(Debug, Clone, Copy)]
#[repr(C, packed)]
pub struct Edge {
    /// Source node.
    pub from: NodeIx,
    /// Target node.
    pub to: NodeIx,
    /// Weight as written; NaN when the file gives none (the default 1 applies).
    weight: f64,
    /// Kind.
    pub kind: EdgeKind,
}

impl Edge {
    /// An edge with the default weight.
    pub fn new(from: NodeIx, to: NodeIx, kind: EdgeKind) -> Edge {
        Edge {
            from,
            to,
            kind,
            weight: f64::NAN,
        }
    }

    /// Sets the weight.
    pub fn with_weight(mut self, weight: f64) -> Edge {
        self.weight = weight;
        self
    }

    /// The effective weight (default 1).
    pub fn weight(&self) -> f64 {
        if self.weight.is_nan() {
            1.0
        } else {
            self.weight
        }
    }

    /// The weight as written in the file, if any.
    pub fn written_weight(&self) -> Option<f64> {
        (!self.weight.is_nan()).then_some(self.weight)
    }
}

impl PartialEq for Edge {
    fn eq(&self, o: &Edge) -> bool {
        self.from == o.from
            && self.to == o.to
            && self.kind == o.kind
            && self.written_weight() == o.written_weight()
    }
}

/// A whole model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    /// Model name.
    pub name: Option<String>,
    /// Currency of costs and benefits (e.g. "EUR").
    pub currency: Option<String>,
    /// Unit of durations and starts (e.g. "week").
    pub time_unit: Option<String>,
    /// Nodes, in file order.
    pub nodes: Vec<Node>,
    /// Edges, in file order.
    pub edges: Edges,
    /// Unknown top-level fields (including `description`), kept and written back unchanged.
    pub extra: Map<String, Value>,
    /// Unknown fields of edges, by index into `edges` (kept aside: most edges have none, and an
    /// edge stays 11 bytes).
    edge_extras: BTreeMap<usize, Map<String, Value>>,
}

impl Model {
    /// An empty model.
    pub fn new() -> Model {
        Model::default()
    }

    /// Adds a node and returns its index.
    pub fn add_node(&mut self, node: Node) -> NodeIx {
        self.nodes.push(node);
        (self.nodes.len() - 1) as NodeIx
    }

    /// Adds an edge.
    pub fn add_edge(&mut self, edge: Edge) {
        self.edges.push(edge);
    }

    /// Unknown fields of the edge at index `i`, if any.
    pub fn edge_extra(&self, i: usize) -> Option<&Map<String, Value>> {
        self.edge_extras.get(&i)
    }

    /// Sets the unknown fields of the edge at index `i` (an empty map removes them).
    pub fn set_edge_extra(&mut self, i: usize, extra: Map<String, Value>) {
        if extra.is_empty() {
            self.edge_extras.remove(&i);
        } else {
            self.edge_extras.insert(i, extra);
        }
    }

    /// Inserts edges at the positions they will have, `(position, edge, unknown fields)` in
    /// ascending distinct positions each below the new number of edges; the other edges keep
    /// their order. One pass: O(edges).
    pub fn insert_edges(&mut self, items: Vec<(usize, Edge, Map<String, Value>)>) {
        if items.is_empty() {
            return;
        }
        let total = self.edges.len() + items.len();
        let old_edges = std::mem::take(&mut self.edges);
        let mut old = old_edges.iter();
        let mut old_extras = std::mem::take(&mut self.edge_extras);
        let mut items = items.into_iter().peekable();
        let mut edges = Edges::with_capacity(total);
        let mut oi = 0;
        for pos in 0..total {
            if items.peek().is_some_and(|x| x.0 == pos) {
                if let Some((_, e, extra)) = items.next() {
                    if !extra.is_empty() {
                        self.edge_extras.insert(pos, extra);
                    }
                    edges.push(e);
                }
            } else if let Some(e) = old.next() {
                if let Some(extra) = old_extras.remove(&oi) {
                    self.edge_extras.insert(pos, extra);
                }
                oi += 1;
                edges.push(e);
            }
        }
        // Positions past the end (not expected) go last rather than being lost.
        for (_, e, extra) in items {
            if !extra.is_empty() {
                self.edge_extras.insert(edges.len(), extra);
            }
            edges.push(e);
        }
        self.edges = edges;
    }

    /// Removes the edges at `ks` (ascending, distinct): each with its unknown fields, in that
    /// order; the other edges keep their order. One pass: O(edges).
    pub fn remove_edges(&mut self, ks: &[usize]) -> Vec<(Edge, Map<String, Value>)> {
        if ks.is_empty() {
            return Vec::new();
        }
        let old = std::mem::take(&mut self.edges);
        let mut old_extras = std::mem::take(&mut self.edge_extras);
        let mut out = Vec::with_capacity(ks.len());
        let mut next = ks.iter().copied().peekable();
        self.edges = Edges::with_capacity(old.len().saturating_sub(ks.len()));
        for (k, e) in old.iter().enumerate() {
            let extra = old_extras.remove(&k);
            if next.peek() == Some(&k) {
                next.next();
                out.push((e, extra.unwrap_or_default()));
            } else {
                if let Some(extra) = extra {
                    self.edge_extras.insert(self.edges.len(), extra);
                }
                self.edges.push(e);
            }
        }
        out
    }

    /// Inserts a node at index `i`; the edges' ends at `i` or later move up by one. O(edges)
    /// unless `i` is the end.
    pub fn insert_node(&mut self, i: NodeIx, node: Node) {
        self.nodes.insert(i as usize, node);
        if (i as usize) + 1 < self.nodes.len() {
            self.edges.update(|e| {
                if e.from >= i {
                    e.from += 1;
                }
                if e.to >= i {
                    e.to += 1;
                }
            });
        }
    }

    /// Removes the node at index `i`, which no edge may touch any more; the edges' ends after
    /// `i` move down by one. O(edges).
    pub fn remove_node(&mut self, i: NodeIx) -> Node {
        let node = self.nodes.remove(i as usize);
        self.edges.update(|e| {
            if e.from > i {
                e.from -= 1;
            }
            if e.to > i {
                e.to -= 1;
            }
        });
        node
    }

    /// The index of the node with this id (linear scan; use [`Model::id_index`] for many lookups).
    pub fn find(&self, id: &str) -> Option<NodeIx> {
        self.nodes
            .iter()
            .position(|n| &*n.id == id)
            .map(|i| i as NodeIx)
    }

    /// A map from id to node index (the first node wins for duplicate ids).
    pub fn id_index(&self) -> HashMap<&str, NodeIx> {
        let mut map = HashMap::with_capacity(self.nodes.len());
        for (i, n) in self.nodes.iter().enumerate() {
            map.entry(n.id.as_ref()).or_insert(i as NodeIx);
        }
        map
    }

    /// The node at `ix`.
    pub fn node(&self, ix: NodeIx) -> &Node {
        &self.nodes[ix as usize]
    }

    /// The same model as a petgraph graph (node weights are node indices, edge weights are
    /// edge indices), for use with petgraph's algorithms on small models.
    pub fn to_petgraph(&self) -> petgraph::graph::DiGraph<NodeIx, usize> {
        let mut g = petgraph::graph::DiGraph::with_capacity(self.nodes.len(), self.edges.len());
        for i in 0..self.nodes.len() {
            g.add_node(i as NodeIx);
        }
        for (i, e) in self.edges.iter().enumerate() {
            g.add_edge(
                petgraph::graph::NodeIndex::new(e.from as usize),
                petgraph::graph::NodeIndex::new(e.to as usize),
                i,
            );
        }
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_attributes_are_held_packed_in_num_order_and_read_back_as_set() {
        assert_eq!(std::mem::size_of::<NumValue>(), 9);
        let mut a = Attrs::default();
        assert_eq!(a.nums().len(), 0);
        a.set(Num::Risk, Some(0.25));
        a.set(Num::Cost, Some(120_000.0));
        a.set(Num::Duration, Some(-0.0));
        a.set(Num::Weight, None);
        let order = |a: &Attrs| a.nums().map(|(k, v)| (k, v.to_bits())).collect::<Vec<_>>();
        let mut want = vec![
            (Num::Cost, 120_000f64.to_bits()),
            (Num::Risk, 0.25f64.to_bits()),
            (Num::Duration, (-0.0f64).to_bits()),
        ];
        want.sort_by_key(|&(k, _)| Num::ALL.iter().position(|&x| x == k));
        assert_eq!(order(&a), want);
        assert_eq!(a.num_values().len(), 3, "exactly what is present");
        a.set(Num::Risk, Some(0.5));
        assert_eq!(a.risk(), Some(0.5));
        a.set(Num::Cost, None);
        assert_eq!((a.cost(), a.nums().len()), (None, 2));
        a.set(Num::Risk, None);
        a.set(Num::Duration, None);
        assert!(a.nums.is_none() && a == Attrs::default());
    }
}
