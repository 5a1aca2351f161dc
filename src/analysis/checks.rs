//! Structural checks that need the graph: cycles, isolated nodes, unserved goals, edges between
//! unexpected kinds, dependencies on cancelled initiatives. All are warnings: scoring goes on
//! under the rules documented in `docs/scoring.md`.

use super::whatif::Toggles;
use crate::diagnostics::{Code, Diagnostic, Place, count, shorten};
use crate::graph::Graph;
use crate::model::{EdgeKind, Model, NodeKind, Status};

/// Structural warnings for a model whose graph is `g`.
///
/// Complexity: O(n + m).
pub fn structural(model: &Model, g: &Graph) -> Vec<Diagnostic> {
    structural_with(model, g, &Toggles::default())
}

/// [`structural`] with the statuses the what-if `toggles` give.
pub fn structural_with(model: &Model, g: &Graph, toggles: &Toggles) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let n = model.nodes.len();
    if n == 0 {
        out.push(Diagnostic::warning(
            Code::EmptyModel,
            Place::default(),
            "the model has no nodes; every score is 0",
        ));
        return out;
    }
    let id = |v: u32| model.nodes[v as usize].id.as_ref();
    let label = |v: u32| model.nodes[v as usize].label();
    // The first 10 nodes of a cycle (by id: a cycle's members are in rank order), by name, then
    // "and N more": one short line for any cycle. Only the 10 shown are named; the rest are counted.
    let names = |c: &[u32]| {
        let shown: Vec<&str> = c
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                if i < 10 {
                    model.nodes[v as usize].display_name()
                } else {
                    id(v)
                }
            })
            .collect();
        shorten(&shown, " -> ", 10)
    };
    for c in &g.serves.cycles {
        out.push(Diagnostic::warning(
            Code::Cycle,
            Place::node(id(c[0])),
            format!(
                "alignment cycle among {} nodes ({}); inside the cycle only edges towards the smaller id are scored",
                count(c.len()),
                names(c)
            ),
        ));
    }
    for c in &g.needs.cycles {
        out.push(Diagnostic::warning(
            Code::DependencyCycle,
            Place::node(id(c[0])),
            format!(
                "depends_on cycle among {} nodes ({}); inside the cycle only edges towards the smaller id carry risk",
                count(c.len()),
                names(c)
            ),
        ));
    }
    // Whether a node has any edge (one byte a node: the isolated-node check needs no count).
    let mut linked = vec![false; n];
    let mut served = vec![false; n];
    // Cancelled initiatives, read once in node order: the edges below then test one byte each
    // instead of reading both ends' statuses from the nodes.
    let cancelled: Vec<bool> = (0..n as u32)
        .map(|v| {
            g.kind[v as usize] == NodeKind::Initiative
                && toggles.status(model, v) == Status::Cancelled
        })
        .collect();
    for (i, e) in model.edges.iter().enumerate() {
        linked[e.from as usize] = true;
        linked[e.to as usize] = true;
        let (fk, tk) = (g.kind[e.from as usize], g.kind[e.to as usize]);
        if matches!(
            e.kind,
            EdgeKind::Contributes | EdgeKind::Supports | EdgeKind::PartOf
        ) {
            served[e.to as usize] = true;
        }
        let person = fk == NodeKind::Person || tk == NodeKind::Person;
        let expected = match e.kind {
            EdgeKind::Contributes => tk == NodeKind::Goal,
            // A person supports what they know (anything but a goal); a person may be served.
            EdgeKind::Supports => {
                matches!(
                    tk,
                    NodeKind::Capability
                        | NodeKind::Activity
                        | NodeKind::Element
                        | NodeKind::Person
                ) || (fk == NodeKind::Person && tk != NodeKind::Goal)
            }
            EdgeKind::PartOf => fk == tk || fk == NodeKind::Element || tk == NodeKind::Element,
            EdgeKind::Excludes => fk == NodeKind::Initiative && tk == NodeKind::Initiative,
            EdgeKind::DependsOn => !person,
        };
        if e.kind == EdgeKind::DependsOn && person {
            out.push(Diagnostic::warning(
                Code::UnexpectedEndpoint,
                Place {
                    edge: Some(i),
                    node: Some(id(e.from).to_string()),
                    ..Place::default()
                },
                format!(
                    "depends_on edge from {} {} to {} {} is left out: a person takes no part in delivery risk or PageRank (the people lens reads supports edges from people)",
                    fk.as_str(),
                    label(e.from),
                    tk.as_str(),
                    label(e.to)
                ),
            ));
        } else if !expected {
            out.push(Diagnostic::warning(
                Code::UnexpectedEndpoint,
                Place {
                    edge: Some(i),
                    node: Some(id(e.from).to_string()),
                    ..Place::default()
                },
                format!(
                    "{} edge from {} {} to {} {} is unusual; it is scored as written",
                    e.kind.as_str(),
                    fk.as_str(),
                    label(e.from),
                    tk.as_str(),
                    label(e.to)
                ),
            ));
        }
        if e.kind == EdgeKind::DependsOn && cancelled[e.to as usize] {
            out.extend(depends_on_cancelled(model, toggles, i));
        }
    }
    for &v in &g.by_rank {
        let vi = v as usize;
        if !linked[vi] {
            out.push(Diagnostic::warning(
                Code::IsolatedNode,
                Place::node(id(v)),
                format!(
                    "{} {} has no edges; it reaches no goal",
                    g.kind[vi].as_str(),
                    label(v)
                ),
            ));
        } else if g.kind[vi] == NodeKind::Goal && !served[vi] {
            out.push(Diagnostic::warning(
                Code::UnservedGoal,
                Place::node(id(v)),
                format!(
                    "goal {} is served by nothing; its coverage is 0 and it still counts in the goal weights",
                    label(v)
                ),
            ));
        }
    }
    out
}

/// The warning for depends_on edge `i` when it points to a cancelled initiative from a node that
/// is not itself finished (a done or cancelled initiative), under the what-if `toggles`.
pub fn depends_on_cancelled(model: &Model, toggles: &Toggles, i: usize) -> Option<Diagnostic> {
    let e = model.edges.at(i);
    // The edge's kind first, then the target (rarely cancelled) before the source: each status
    // is a read from the nodes.
    if e.kind != EdgeKind::DependsOn {
        return None;
    }
    let status = |v: u32| {
        (model.nodes[v as usize].kind == NodeKind::Initiative).then(|| toggles.status(model, v))
    };
    if status(e.to) != Some(Status::Cancelled)
        || matches!(status(e.from), Some(Status::Cancelled | Status::Done))
        || model.nodes[e.from as usize].kind == NodeKind::Person
    {
        return None;
    }
    let id = |v: u32| model.nodes[v as usize].id.as_ref();
    let label = |v: u32| model.nodes[v as usize].label();
    Some(Diagnostic::warning(
        Code::DependsOnCancelled,
        Place {
            edge: Some(i),
            node: Some(id(e.from).to_string()),
            ..Place::default()
        },
        format!(
            "{} depends on the cancelled initiative {}, so its delivery risk is 1",
            label(e.from),
            label(e.to)
        ),
    ))
}
