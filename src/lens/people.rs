//! People: who knows what, and how well. A `supports` edge from a person may carry a
//! `proficiency` (`teach` 4 points, `create` 3, `tweak` 2, `run` 1); per supported node the skill
//! points, the teachers (teach or create), doers (tweak) and novices (run), and the urgency of
//! spreading the knowledge; the key people (single points of failure of some goal among the
//! people) and the truck factor (Avelino et al. 2016). docs/lenses.md, "People".
//!
//! ```
//! use aligngraph::lens::people;
//! assert_eq!(people::points("create"), Some(3));
//! assert_eq!(people::points("expert"), None);
//! // Nobody tweaks it and one person teaches it: 7 of 9.
//! assert_eq!(people::urgency(0, 1), 7);
//! assert_eq!(people::urgency(5, 3), 1);
//! ```

use super::shown;
use crate::analysis::structure::{Dominators, single_points_of_failure};
use crate::diagnostics::{Code, Diagnostic, Place};
use crate::graph::Graph;
use crate::model::{EdgeKind, Model, NodeKind};
use serde_json::{Map, Value, json};

/// The proficiencies, most able first.
pub const LEVELS: [&str; 4] = ["teach", "create", "tweak", "run"];

/// The points of a proficiency: teach 4, create 3, tweak 2, run 1; `None` for anything else.
pub fn points(level: &str) -> Option<u32> {
    LEVELS
        .iter()
        .position(|&l| l == level)
        .map(|i| 4 - i as u32)
}

/// Urgency of spreading the knowledge of a node, 9 (most urgent) to 1: rows by doers 0, 1, 2+,
/// columns by teachers 0, 1, 2+.
pub const URGENCY: [[u32; 3]; 3] = [[9, 7, 3], [8, 5, 2], [6, 4, 1]];

/// The urgency of a node with `doers` people at tweak and `teachers` at teach or create.
pub fn urgency(doers: usize, teachers: usize) -> u32 {
    URGENCY[doers.min(2)][teachers.min(2)]
}

/// The people lens's reading of the model: every (person, supported node, points) once, the
/// highest proficiency of parallel edges kept (0 points when none is given); diagnostics for
/// proficiencies outside the four.
fn supports(model: &Model, diags: &mut Vec<Diagnostic>) -> Vec<(u32, u32, u32)> {
    let person = |v: u32| model.nodes[v as usize].kind == NodeKind::Person;
    let mut out = Vec::new();
    for (i, e) in model.edges.iter().enumerate() {
        let value = model.edge_extra(i).and_then(|x| x.get("proficiency"));
        let level = value.map(|v| v.as_str().and_then(points).ok_or(v));
        if let Some(Err(v)) = level {
            diags.push(Diagnostic::error(
                Code::InvalidValue,
                Place {
                    edge: Some(i),
                    node: Some(model.nodes[e.from as usize].id.to_string()),
                    pointer: Some(format!("/edges/{i}/proficiency")),
                    field: Some("proficiency".into()),
                    ..Place::default()
                },
                format!(
                    "proficiency must be one of {}, not {}",
                    LEVELS.join(", "),
                    shown(v)
                ),
            ));
        }
        if e.kind == EdgeKind::Supports && person(e.from) && !person(e.to) {
            out.push((e.from, e.to, level.and_then(Result::ok).unwrap_or(0)));
        }
    }
    // Highest points first within a pair, then one entry per pair.
    out.sort_unstable_by_key(|&(p, t, pts)| (t, p, u32::MAX - pts));
    out.dedup_by_key(|x| (x.0, x.1));
    out
}

/// The skills matrix the page draws: `[person, supported node, proficiency]` for every person's
/// `supports` edge (one per pair, the highest proficiency; `null` when none is given).
pub fn skills(model: &Model) -> Value {
    let id = |v: u32| model.nodes[v as usize].id.to_string();
    let rows: Vec<Value> = supports(model, &mut Vec::new())
        .into_iter()
        .map(|(p, v, pts)| {
            let level = (1..=4).contains(&pts).then(|| LEVELS[4 - pts as usize]);
            serde_json::json!([id(p), id(v), level])
        })
        .collect();
    Value::Array(rows)
}

/// `aligngraph people`: per node people support its `skill_points`, `teachers`, `doers`,
/// `novices` and `urgency`; the `key_people`; the `truck_factor` (`null` when nobody supports
/// anything). `g` is the model's analysis graph.
///
/// Key people: the persons p such that some goal is reached along the alignment edges (the
/// cycle-cut graph scoring uses) from the people only through p: p dominates the goal from a
/// virtual root feeding every person (one dominator pass, as single points of failure).
///
/// Truck factor: remove, one at a time, the person who supports the most still-covered nodes
/// (ties by id) until more than half of the supported nodes have nobody; the number removed.
/// A person's still-covered nodes are all the nodes they support (a node stays covered while
/// they remain), so the order is by that count, then id.
///
/// Complexity: O(m log m + n) plus the dominator pass (O(n + m x d)).
pub fn people(model: &Model, g: &Graph) -> (Value, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let n = model.nodes.len();
    let links = supports(model, &mut diags);
    // Per supported node: points, teachers, doers, novices, supporters left.
    let mut per = vec![[0u32; 5]; n];
    let mut degree = vec![0usize; n];
    for &(p, t, pts) in &links {
        let c = &mut per[t as usize];
        c[0] += pts;
        match pts {
            3 | 4 => c[1] += 1,
            2 => c[2] += 1,
            1 => c[3] += 1,
            _ => {}
        }
        c[4] += 1;
        degree[p as usize] += 1;
    }
    let mut nodes = Map::new();
    let mut supported = 0usize;
    for &v in &g.by_rank {
        let c = per[v as usize];
        if c[4] > 0 {
            supported += 1;
            nodes.insert(
                model.nodes[v as usize].id.to_string(),
                json!({"skill_points": c[0], "teachers": c[1], "doers": c[2], "novices": c[3],
                       "urgency": urgency(c[2] as usize, c[1] as usize)}),
            );
        }
    }
    // Key people: the people on the dominator chain of some goal.
    let is_person: Vec<bool> = g.kind.iter().map(|&k| k == NodeKind::Person).collect();
    let mut key = vec![false; n];
    if is_person.contains(&true) {
        let dom = single_points_of_failure(g, &is_person);
        for v in (0..n).filter(|&v| g.kind[v] == NodeKind::Goal) {
            let mut x = dom.idom[v];
            while x != Dominators::ROOT && x != Dominators::NONE {
                key[x as usize] |= is_person[x as usize];
                x = dom.idom[x as usize];
            }
        }
    }
    let key_people: Vec<&str> = g
        .by_rank
        .iter()
        .filter(|&&v| key[v as usize])
        .map(|&v| model.nodes[v as usize].id.as_ref())
        .collect();
    // Truck factor: people by the number of nodes they support (most first), ties by id.
    let truck_factor = (supported > 0).then(|| {
        let mut order: Vec<u32> = g
            .by_rank
            .iter()
            .copied()
            .filter(|&p| degree[p as usize] > 0)
            .collect();
        order.sort_by_key(|&p| std::cmp::Reverse(degree[p as usize]));
        let mut from = vec![Vec::new(); n];
        for &(p, t, _) in &links {
            from[p as usize].push(t);
        }
        let (mut removed, mut orphaned) = (0usize, 0usize);
        for p in order {
            removed += 1;
            for &t in &from[p as usize] {
                per[t as usize][4] -= 1;
                orphaned += usize::from(per[t as usize][4] == 0);
            }
            if 2 * orphaned > supported {
                break;
            }
        }
        removed
    });
    let out = json!({"nodes": nodes, "key_people": key_people, "truck_factor": truck_factor});
    (out, diags)
}
