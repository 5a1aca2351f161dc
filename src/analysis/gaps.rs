//! Why a number is zero: for every goal no active initiative reaches (coverage 0) and every active
//! initiative that reaches no goal (an orphan, alignment 0), what is missing. The answer names the
//! nearest route that almost connects them, the relationships on it that were kept but carry no
//! score (an ArchiMate Association, a relationship that points the other way, a `depends_on`),
//! and the one change that would connect them. Documented in `docs/scoring.md` ("Why is this
//! zero?").
//!
//! Every relationship counts for the route, whatever its direction: the model's edges and the
//! ArchiMate relationships an import kept without a score (`archimate.unscored_relationships`).
//! A step is *scored* when alignment flows along it in the route's direction: `contributes` or
//! `supports` with a positive weight, or `part_of` (from the part to the whole), as in
//! [`crate::graph::Graph::build`].
//!
//! Complexity: O(n + m) for all orphans (one breadth-first search from every node that reaches a
//! goal) and for all uncovered goals (one from every active initiative), plus O(n + m) per
//! uncovered goal to find the inactive initiatives that reach it.

use super::Scores;
use crate::model::{EdgeKind, Model, NodeKind};
use serde::Serialize;
use std::collections::{BTreeMap, VecDeque};

/// At most this many nodes are listed as near a node that has no route at all.
const NEAR_MAX: usize = 5;
/// At most this many inactive initiatives are named for a goal only they reach.
const INACTIVE_MAX: usize = 5;

/// One step of a route, in the route's direction (from the initiative's side to the goal's).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// Node the step leaves.
    pub from: String,
    /// Node the step reaches.
    pub to: String,
    /// The relationship: an edge kind (`supports`, `contributes`, `part_of`, `depends_on`,
    /// `excludes`) or, for a relationship kept without a score, its ArchiMate type.
    pub via: String,
    /// The ArchiMate type the edge was imported from, when it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archimate_type: Option<String>,
    /// False when the relationship points from `to` to `from` (against the route).
    pub along: bool,
    /// True when alignment flows along this step in the route's direction.
    pub scored: bool,
    /// Why no score flows along it (absent when scored).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked: Option<&'static str>,
}

/// Why one goal or initiative scores zero.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    /// Node id.
    pub id: String,
    /// Name.
    pub name: String,
    /// `goal` or `initiative`.
    pub kind: &'static str,
    /// What is missing, as a code: `no_goals`, `no_initiatives`, `isolated`, `unscored_route`,
    /// `only_inactive`, `no_route`, `zero_weight_goals`.
    pub cause: &'static str,
    /// One or two sentences naming the nodes.
    pub reason: String,
    /// The nearest route from an initiative (this one, or the nearest active one) to a goal (this
    /// one, or the nearest reachable), in that direction; empty when there is none.
    pub route: Vec<Step>,
    /// The relationships on the route that carry no score, by type, with their counts.
    pub kept_not_scored: BTreeMap<String, usize>,
    /// The nodes that almost connect: the route's nodes other than this one, or the neighbours
    /// of a node without a route, or the inactive initiatives that reach a goal.
    pub near: Vec<String>,
    /// The one change that would connect them (absent when none can be named).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    /// The one edge that connects them for sure, over every step of the route that carries no
    /// score (absent without a route).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connect: Option<Connect>,
}

/// An edge to add.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Connect {
    /// From node id.
    pub from: String,
    /// To node id.
    pub to: String,
    /// `contributes` (to a goal) or `supports`.
    pub kind: &'static str,
}

/// Every zero explained.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Gaps {
    /// Goals with coverage 0, in id order.
    pub goals: Vec<Gap>,
    /// Active initiatives with alignment 0 (orphans, and those reaching only goals of weight 0),
    /// in id order.
    pub initiatives: Vec<Gap>,
    /// How many of each cause.
    pub causes: BTreeMap<&'static str, usize>,
}

/// A relationship between two nodes, whatever its direction.
struct Link {
    from: u32,
    to: u32,
    via: String,
    archimate_type: Option<String>,
    /// Why no score flows from `from` to `to` (None: it does).
    blocked: Option<&'static str>,
}

/// The links of a model and, per node, the links at it (both ends), in CSR form.
struct Links {
    links: Vec<Link>,
    start: Vec<u32>,
    at: Vec<u32>,
    /// Connected component of each node (links in either direction) and the size of each.
    component: Vec<u32>,
    component_size: Vec<u32>,
}

impl Links {
    fn build(model: &Model) -> Links {
        let n = model.nodes.len();
        let mut links = Vec::new();
        for (i, e) in model.edges.iter().enumerate() {
            if e.from as usize >= n || e.to as usize >= n || e.from == e.to {
                continue;
            }
            let w = e.weight();
            let blocked = match e.kind {
                EdgeKind::Contributes | EdgeKind::Supports if w > 0.0 => None,
                EdgeKind::Contributes if w < 0.0 => {
                    Some("works against the goal (negative weight)")
                }
                EdgeKind::Contributes | EdgeKind::Supports => Some("weight 0"),
                EdgeKind::PartOf if w > 0.0 => None,
                EdgeKind::PartOf => Some("weight 0"),
                EdgeKind::DependsOn => Some("a dependency, not an alignment relationship"),
                EdgeKind::Excludes => Some("an alternative, not an alignment relationship"),
            };
            let archimate_type = model
                .edge_extra(i)
                .and_then(|x| x.get("archimate_type"))
                .and_then(|v| v.as_str())
                .map(str::to_string);
            links.push(Link {
                from: e.from,
                to: e.to,
                via: e.kind.as_str().to_string(),
                archimate_type,
                blocked,
            });
        }
        let kept = model
            .extra
            .get("archimate")
            .and_then(|a| a.get("unscored_relationships"))
            .and_then(|r| r.as_array());
        for r in kept.into_iter().flatten() {
            let end = |k: &str| {
                r.get(k)
                    .and_then(|v| v.as_str())
                    .and_then(|id| model.find(id))
            };
            let (Some(a), Some(b)) = (end("source"), end("target")) else {
                continue;
            };
            if a == b {
                continue;
            }
            let t = r
                .get("type")
                .and_then(|v| v.as_str())
                .unwrap_or("relationship");
            links.push(Link {
                from: a,
                to: b,
                via: t.to_string(),
                archimate_type: Some(t.to_string()),
                blocked: Some("kept, not scored"),
            });
        }
        let mut start = vec![0u32; n + 1];
        for l in &links {
            start[l.from as usize + 1] += 1;
            start[l.to as usize + 1] += 1;
        }
        for v in 0..n {
            start[v + 1] += start[v];
        }
        let mut fill = start.clone();
        let mut at = vec![0u32; start[n] as usize];
        for (li, l) in links.iter().enumerate() {
            for v in [l.from, l.to] {
                at[fill[v as usize] as usize] = li as u32;
                fill[v as usize] += 1;
            }
        }
        let mut out = Links {
            links,
            start,
            at,
            component: vec![NONE; n],
            component_size: Vec::new(),
        };
        out.label_components();
        out
    }

    /// Labels connected components by breadth-first search (iterative).
    fn label_components(&mut self) {
        let n = self.component.len();
        let mut queue = VecDeque::new();
        for root in 0..n as u32 {
            if self.component[root as usize] != NONE {
                continue;
            }
            let c = self.component_size.len() as u32;
            let mut size = 0u32;
            self.component[root as usize] = c;
            queue.push_back(root);
            while let Some(v) = queue.pop_front() {
                size += 1;
                for i in self.start[v as usize]..self.start[v as usize + 1] {
                    let u = self.other(self.at[i as usize], v);
                    if self.component[u as usize] == NONE {
                        self.component[u as usize] = c;
                        queue.push_back(u);
                    }
                }
            }
            self.component_size.push(size);
        }
    }

    /// How many other nodes `v` is connected to, through any relationship either way.
    fn connected(&self, v: u32) -> u32 {
        self.component_size[self.component[v as usize] as usize] - 1
    }

    fn at(&self, v: u32) -> &[u32] {
        &self.at[self.start[v as usize] as usize..self.start[v as usize + 1] as usize]
    }

    fn other(&self, li: u32, v: u32) -> u32 {
        let l = &self.links[li as usize];
        if l.from == v { l.to } else { l.from }
    }

    /// Whether alignment flows along link `li` from `a` to its other end.
    fn scored_from(&self, li: u32, a: u32) -> bool {
        let l = &self.links[li as usize];
        l.blocked.is_none() && l.from == a
    }
}

const NONE: u32 = u32::MAX;

/// Breadth-first search from every source over links in both directions: for each node reached,
/// the link to its parent (towards the nearest source), `NONE` for sources and nodes not reached.
/// `only` restricts the walk to scored links followed backwards (towards their source end's
/// predecessor), for the goal-ward search.
fn nearest(
    links: &Links,
    sources: &[u32],
    n: usize,
    scored_backwards: bool,
) -> (Vec<u32>, Vec<bool>) {
    let mut parent = vec![NONE; n];
    let mut seen = vec![false; n];
    let mut queue = VecDeque::new();
    for &s in sources {
        if !seen[s as usize] {
            seen[s as usize] = true;
            queue.push_back(s);
        }
    }
    while let Some(v) = queue.pop_front() {
        for &li in links.at(v) {
            let u = links.other(li, v);
            if seen[u as usize] {
                continue;
            }
            // Goal-ward: u reaches v when alignment flows from u to v.
            if scored_backwards && !links.scored_from(li, u) {
                continue;
            }
            seen[u as usize] = true;
            parent[u as usize] = li;
            queue.push_back(u);
        }
    }
    (parent, seen)
}

/// The nodes from `v` up its parent links to the source (v first).
fn chain(links: &Links, parent: &[u32], v: u32) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut x = v;
    while parent[x as usize] != NONE {
        let li = parent[x as usize];
        let y = links.other(li, x);
        out.push((x, li));
        x = y;
    }
    out
}

struct Ctx<'a> {
    model: &'a Model,
    links: Links,
}

impl Ctx<'_> {
    fn id(&self, v: u32) -> String {
        self.model.nodes[v as usize].id.to_string()
    }

    fn name(&self, v: u32) -> String {
        format!("\"{}\"", self.model.nodes[v as usize].display_name())
    }

    fn step(&self, a: u32, li: u32) -> Step {
        let l = &self.links.links[li as usize];
        let b = self.links.other(li, a);
        let along = l.from == a;
        let scored = self.links.scored_from(li, a);
        Step {
            from: self.id(a),
            to: self.id(b),
            via: l.via.clone(),
            archimate_type: l.archimate_type.clone(),
            along,
            scored,
            blocked: if scored {
                None
            } else if l.blocked.is_none() {
                Some("points the other way")
            } else {
                l.blocked
            },
        }
    }

    fn label(&self, s: &Step) -> String {
        match &s.archimate_type {
            Some(t) if *t != s.via => format!("{t} ({})", s.via),
            _ => s.via.clone(),
        }
    }

    /// A name with the ArchiMate type of an `element` node: "Digital programme" (Grouping).
    fn typed_name(&self, v: u32) -> String {
        let node = &self.model.nodes[v as usize];
        let t = node
            .extra()
            .and_then(|x| x.get("archimate_type"))
            .and_then(|t| t.as_str());
        match t {
            Some(t) if node.kind == NodeKind::Element => format!("{} ({t})", self.name(v)),
            _ => self.name(v),
        }
    }

    /// A route as words: "Association from "A" to "B" (kept, not scored), then ...".
    fn describe(&self, route: &[Step]) -> String {
        let name = |id: &str| {
            self.model
                .find(id)
                .map_or_else(|| format!("\"{id}\""), |v| self.typed_name(v))
        };
        let parts: Vec<String> = route
            .iter()
            .map(|s| {
                let (a, b) = if s.along {
                    (&s.from, &s.to)
                } else {
                    (&s.to, &s.from)
                };
                let what = format!("{} from {} to {}", self.label(s), name(a), name(b));
                match s.blocked {
                    Some(why) => format!("{what} ({why})"),
                    None => what,
                }
            })
            .collect();
        parts.join(", then ")
    }

    /// The one change that connects a route's start to its end: when exactly one step carries
    /// no score, changing that step; else one direct edge over every step that does not.
    fn change(&self, route: &[Step]) -> Option<String> {
        let blocked: Vec<usize> = (0..route.len()).filter(|&i| !route[i].scored).collect();
        let (&first, &last) = (blocked.first()?, blocked.last()?);
        let name = |id: &str| {
            self.model
                .find(id)
                .map_or_else(|| id.to_string(), |v| self.name(v))
        };
        if blocked.len() == 1 {
            let s = &route[first];
            let (a, b) = (name(&s.from), name(&s.to));
            return Some(match s.blocked {
                Some("points the other way") => {
                    format!(
                        "Reverse the {} between {b} and {a}, so that it runs from {a} to {b}.",
                        self.label(s)
                    )
                }
                Some("weight 0") => format!(
                    "Give the {} from {a} to {b} a weight above 0.",
                    self.label(s)
                ),
                Some("kept, not scored") => format!(
                    "Make the {t} from {a} to {b} a Realization or an Influence (or score every {t} with a mapping file: {{\"relationships\": {{\"{t}\": {{\"kind\": \"supports\", \"weight\": 0.3}}}}}}).",
                    t = s.via
                ),
                _ => self.direct(&s.from, &s.to),
            });
        }
        Some(self.direct(&route[first].from, &route[last].to))
    }

    fn direct(&self, from: &str, to: &str) -> String {
        let (Some(a), Some(b)) = (self.model.find(from), self.model.find(to)) else {
            return String::new();
        };
        format!(
            "Add a {} edge from {} to {} (in ArchiMate, a Realization).",
            self.edge_kind(b),
            self.name(a),
            self.name(b)
        )
    }

    fn edge_kind(&self, to: u32) -> &'static str {
        if self.model.nodes[to as usize].kind == NodeKind::Goal {
            "contributes"
        } else {
            "supports"
        }
    }

    /// The direct edge over every step of `route` that carries no score.
    fn connect(&self, route: &[Step]) -> Option<Connect> {
        let first = route.iter().position(|s| !s.scored)?;
        let last = route.iter().rposition(|s| !s.scored)?;
        let to = self.model.find(&route[last].to)?;
        Some(Connect {
            from: route[first].from.clone(),
            to: route[last].to.clone(),
            kind: self.edge_kind(to),
        })
    }

    fn kept(route: &[Step]) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        for s in route.iter().filter(|s| !s.scored) {
            let key = match s.blocked {
                Some("points the other way") => format!("{} (pointing the other way)", s.via),
                _ => s.via.clone(),
            };
            *out.entry(key).or_default() += 1;
        }
        out
    }
}

/// Explains every zero of the scored model: uncovered goals and active initiatives with
/// alignment 0.
pub fn gaps(model: &Model, s: &Scores) -> Gaps {
    gaps_of(model, s, None)
}

/// [`gaps`], for one node only when `only` is given (the other nodes' searches are skipped).
fn gaps_of(model: &Model, s: &Scores, only: Option<u32>) -> Gaps {
    let n = model.nodes.len();
    let wanted = |v: u32| only.is_none_or(|o| o == v);
    let ctx = Ctx {
        model,
        links: Links::build(model),
    };
    let links = &ctx.links;
    let is_goal = |v: usize| model.nodes[v].kind == NodeKind::Goal;
    let mut out = Gaps::default();

    // Initiatives: from every node that reaches a goal (and the goals), the nearest route.
    let zero: Vec<u32> = s
        .active
        .iter()
        .copied()
        .filter(|&v| wanted(v) && s.alignment[v as usize] <= 0.0)
        .collect();
    if !zero.is_empty() {
        let sources: Vec<u32> = (0..n as u32)
            .filter(|&v| is_goal(v as usize) || s.traceable[v as usize])
            .collect();
        let (parent, _) = nearest(links, &sources, n, false);
        // Towards a goal along scored links only, for the rest of the route.
        let goals: Vec<u32> = (0..n as u32).filter(|&v| is_goal(v as usize)).collect();
        let (goalward, _) = nearest(links, &goals, n, true);
        for &v in &zero {
            out.initiatives
                .push(initiative_gap(&ctx, s, v, &sources, &parent, &goalward));
        }
    }

    // Goals: from every active initiative, the nearest route.
    let uncovered: Vec<u32> = s
        .goals
        .iter()
        .enumerate()
        .filter(|&(gi, &g)| wanted(g) && s.coverage[gi] <= 0.0)
        .map(|(_, &g)| g)
        .collect();
    if !uncovered.is_empty() {
        let (parent, _) = nearest(links, &s.active, n, false);
        for &g in &uncovered {
            out.goals.push(goal_gap(&ctx, s, g, &parent));
        }
    }
    for gap in out.goals.iter().chain(&out.initiatives) {
        *out.causes.entry(gap.cause).or_default() += 1;
    }
    out
}

/// The gap of one node (None when its number is not zero for want of a route).
pub fn gap_of(model: &Model, s: &Scores, v: u32) -> Option<Gap> {
    model.nodes.get(v as usize)?;
    let one = gaps_of(model, s, Some(v));
    one.goals.into_iter().chain(one.initiatives).next()
}

fn gap(ctx: &Ctx, v: u32, cause: &'static str, reason: String) -> Gap {
    Gap {
        id: ctx.id(v),
        name: ctx.model.nodes[v as usize].display_name().to_string(),
        kind: ctx.model.nodes[v as usize].kind.as_str(),
        cause,
        reason,
        route: Vec::new(),
        kept_not_scored: BTreeMap::new(),
        near: Vec::new(),
        change: None,
        connect: None,
    }
}

fn neighbours(ctx: &Ctx, v: u32) -> Vec<String> {
    let mut near: Vec<u32> = ctx
        .links
        .at(v)
        .iter()
        .map(|&li| ctx.links.other(li, v))
        .collect();
    near.sort_unstable();
    near.dedup();
    near.truncate(NEAR_MAX);
    near.into_iter().map(|u| ctx.id(u)).collect()
}

fn initiative_gap(
    ctx: &Ctx,
    s: &Scores,
    v: u32,
    sources: &[u32],
    parent: &[u32],
    goalward: &[u32],
) -> Gap {
    let links = &ctx.links;
    let who = ctx.name(v);
    if s.traceable[v as usize] {
        // It reaches goals, all of weight 0.
        let mut g = gap(
            ctx,
            v,
            "zero_weight_goals",
            format!(
                "{who} reaches goals, but only goals whose weight is 0, so its alignment is 0."
            ),
        );
        let reached: Vec<String> = chain(links, goalward, v)
            .last()
            .map(|&(x, li)| links.other(li, x))
            .into_iter()
            .map(|goal| ctx.id(goal))
            .collect();
        g.near = reached;
        g.change = g
            .near
            .first()
            .and_then(|id| ctx.model.find(id))
            .map(|goal| format!("Give {} a weight above 0.", ctx.name(goal)));
        return g;
    }
    if sources.is_empty() {
        return gap(
            ctx,
            v,
            "no_goals",
            "The model has no goal, so no initiative can serve one.".to_string(),
        );
    }
    let words = Unconnected {
        isolated_change: format!(
            "Add a contributes edge from {who} to the goal it serves, or a supports edge to the capability or application it changes (in ArchiMate, a Realization)."
        ),
        no_route_reason: format!(
            "{who} is connected, through relationships in either direction, to {}, and none of them is a goal or reaches one: that part of the model is cut off from the strategy.",
            others(links, v)
        ),
        no_route_change: format!(
            "Add a contributes edge from {who} to the goal it serves, or a supports edge to a capability that serves a goal."
        ),
    };
    if let Some(g) = unconnected(ctx, v, parent, words) {
        return g;
    }
    // The route: v to the nearest node that reaches a goal, then along scored links to a goal.
    let mut route: Vec<Step> = chain(links, parent, v)
        .into_iter()
        .map(|(x, li)| ctx.step(x, li))
        .collect();
    let end = route
        .last()
        .and_then(|st| ctx.model.find(&st.to))
        .unwrap_or(v);
    route.extend(
        chain(links, goalward, end)
            .into_iter()
            .map(|(x, li)| ctx.step(x, li)),
    );
    let goal = route
        .last()
        .and_then(|st| ctx.model.find(&st.to))
        .unwrap_or(end);
    let reason = format!(
        "{who} reaches no goal along relationships that carry a score. The nearest route, to the goal {}, runs: {}.",
        ctx.name(goal),
        ctx.describe(&route)
    );
    routed(ctx, v, route, reason)
}

/// A gap with a route: its reason, what on it carries no score, the change and the edge.
fn routed(ctx: &Ctx, v: u32, route: Vec<Step>, reason: String) -> Gap {
    let mut g = gap(ctx, v, "unscored_route", reason);
    g.change = ctx.change(&route);
    g.connect = ctx.connect(&route);
    g.near = route_nodes(&route, &g.id);
    g.kept_not_scored = Ctx::kept(&route);
    g.route = route;
    g
}

/// What a goal or an initiative without a route is told.
struct Unconnected {
    isolated_change: String,
    no_route_reason: String,
    no_route_change: String,
}

/// "3 other nodes".
fn others(links: &Links, v: u32) -> String {
    let n = links.connected(v);
    format!(
        "{} other node{}",
        crate::diagnostics::count(u64::from(n)),
        if n == 1 { "" } else { "s" }
    )
}

/// The gap of a node with no relationship at all, or none leading where it should (`parent`
/// holds no route from it); None when it has a route.
fn unconnected(ctx: &Ctx, v: u32, parent: &[u32], words: Unconnected) -> Option<Gap> {
    let who = ctx.name(v);
    let g = if ctx.links.at(v).is_empty() {
        let mut g = gap(
            ctx,
            v,
            "isolated",
            format!("{who} has no relationship to anything in the model."),
        );
        g.change = Some(words.isolated_change);
        g
    } else if parent[v as usize] == NONE {
        let mut g = gap(ctx, v, "no_route", words.no_route_reason);
        g.change = Some(words.no_route_change);
        g.near = neighbours(ctx, v);
        g
    } else {
        return None;
    };
    Some(g)
}

fn route_nodes(route: &[Step], own: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for st in route {
        for id in [&st.from, &st.to] {
            if id != own && !out.contains(id) {
                out.push(id.clone());
            }
        }
    }
    out
}

fn goal_gap(ctx: &Ctx, s: &Scores, g: u32, parent: &[u32]) -> Gap {
    let links = &ctx.links;
    let model = ctx.model;
    let who = ctx.name(g);
    // Initiatives that reach it along scored links, active or not.
    let (_, reaches) = nearest(links, &[g], model.nodes.len(), true);
    let mut inactive: Vec<u32> = (0..model.nodes.len() as u32)
        .filter(|&v| {
            reaches[v as usize] && v != g && model.nodes[v as usize].kind == NodeKind::Initiative
        })
        .collect();
    if !inactive.is_empty() {
        let total = inactive.len();
        inactive.truncate(INACTIVE_MAX);
        let named: Vec<String> = inactive
            .iter()
            .map(|&v| {
                format!(
                    "{} ({})",
                    ctx.name(v),
                    model.nodes[v as usize].status().as_str()
                )
            })
            .collect();
        let more = if total > named.len() {
            format!(" and {} more", total - named.len())
        } else {
            String::new()
        };
        let mut gp = gap(
            ctx,
            g,
            "only_inactive",
            format!(
                "Only initiatives outside the active portfolio reach {who}: {}{more}.",
                named.join(", ")
            ),
        );
        gp.near = inactive.iter().map(|&v| ctx.id(v)).collect();
        gp.change = Some(format!(
            "Start {} (status approved or running), or add an active initiative that serves {who}.",
            ctx.name(inactive[0])
        ));
        return gp;
    }
    if s.active.is_empty() {
        return gap(
            ctx,
            g,
            "no_initiatives",
            "The model has no active initiative, so no goal is covered.".to_string(),
        );
    }
    let words = Unconnected {
        isolated_change: format!(
            "Add a contributes edge to {who} from the capability, outcome or initiative that serves it (in ArchiMate, a Realization or an Influence)."
        ),
        no_route_reason: format!(
            "No active initiative is connected to {who}, through any relationship in either direction: the part of the model it is in ({}) holds none.",
            others(links, g)
        ),
        no_route_change: format!(
            "Add a contributes edge to {who} from an active initiative, or a supports edge from one to a capability that serves it."
        ),
    };
    if let Some(gp) = unconnected(ctx, g, parent, words) {
        return gp;
    }
    // The route from the nearest active initiative to the goal.
    let mut route: Vec<Step> = chain(links, parent, g)
        .into_iter()
        .map(|(x, li)| {
            let y = links.other(li, x);
            ctx.step(y, li)
        })
        .collect();
    route.reverse();
    let start = route
        .first()
        .and_then(|st| model.find(&st.from))
        .unwrap_or(g);
    let reason = format!(
        "No active initiative reaches {who} along relationships that carry a score. The nearest, {}, is related to it by: {}.",
        ctx.name(start),
        ctx.describe(&route)
    );
    routed(ctx, g, route, reason)
}
