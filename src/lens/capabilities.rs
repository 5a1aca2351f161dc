//! The capability map: per capability its place in the tree, coverage by the active portfolio,
//! maturity and gap, the applications that support it, run and change spend, lifecycle risk and
//! TIME mix (docs/lenses.md, "Capability map").

use super::applications::Portfolio;
use super::costs::Spend;
use super::num;
use crate::analysis::Scores;
use crate::analysis::alignment::{BLOCK, Lane, sweep};
use crate::model::{EdgeKind, Model, NodeKind, Num};
use serde_json::{Map, Value, json};

/// Coverage of each target node by the active initiatives: 1 - product over active i of
/// (1 - r(i, c)), with r the reach of docs/scoring.md section 2 (as goal coverage is).
///
/// Complexity: O((n + m) x targets / 8) (one sweep per 8 targets).
pub fn coverage(scores: &Scores, targets: &[u32]) -> Vec<f64> {
    let n = scores.graph.n;
    let mut lanes: Vec<Lane> = vec![[0.0; BLOCK]; n];
    let mut out = Vec::with_capacity(targets.len());
    for block in targets.chunks(BLOCK) {
        sweep(&scores.graph, block, &mut lanes, None, None);
        out.extend((0..block.len()).map(|j| {
            let miss: f64 = scores
                .active
                .iter()
                .map(|&a| 1.0 - lanes[a as usize][j])
                .product();
            1.0 - miss
        }));
    }
    out
}

/// `aligngraph capabilities`: every capability (model order) with its parent (the first capability
/// it is part of), level (1 at the top), coverage, maturity, target maturity and gap, the count
/// of applications supporting it, run and change spend (rolled up), the largest rolled lifecycle
/// risk of its supporting applications and their TIME mix.
pub fn capabilities(model: &Model, scores: &Scores, spend: &Spend, apps: &Portfolio) -> Value {
    let n = model.nodes.len();
    let is_cap = |v: usize| model.nodes[v].kind == NodeKind::Capability;
    let mut parent: Vec<Option<usize>> = vec![None; n];
    let mut supporters: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in &model.edges {
        let (from, to) = (e.from as usize, e.to as usize);
        match e.kind {
            EdgeKind::PartOf if is_cap(from) && is_cap(to) && from != to => {
                parent[from].get_or_insert(to);
            }
            EdgeKind::Supports
                if is_cap(to)
                    && model.nodes[from].kind == NodeKind::Application
                    && !supporters[to].contains(&from) =>
            {
                supporters[to].push(from)
            }
            _ => {}
        }
    }
    // Level: 1 + the parent's, following parents (a cycle stops at its length).
    let level = |v: usize| {
        let (mut l, mut at) = (1usize, v);
        while let Some(p) = parent[at] {
            l += 1;
            at = p;
            if l > n {
                break;
            }
        }
        l
    };
    let caps: Vec<u32> = (0..n).filter(|&v| is_cap(v)).map(|v| v as u32).collect();
    let cover = coverage(scores, &caps);
    let mut out = Map::new();
    for (k, &c) in caps.iter().enumerate() {
        let v = c as usize;
        let a = model.nodes[v].attrs();
        let (m, t) = (a.get(Num::Maturity), a.get(Num::TargetMaturity));
        let mut mix = Map::new();
        for class in ["tolerate", "invest", "migrate", "eliminate"] {
            let count = supporters[v]
                .iter()
                .filter(|&&s| apps.time[s] == Some(class))
                .count();
            mix.insert(class.into(), count.into());
        }
        let unknown = supporters[v]
            .iter()
            .filter(|&&s| apps.time[s].is_none())
            .count();
        mix.insert("unknown".into(), unknown.into());
        let risk = supporters[v]
            .iter()
            .filter_map(|&s| apps.rolled_risk[s])
            .reduce(f64::max);
        out.insert(
            model.nodes[v].id.to_string(),
            json!({
                "name": model.nodes[v].display_name(),
                "parent": parent[v].map(|p| model.nodes[p].id.to_string()),
                "level": level(v),
                "coverage": cover[k],
                "maturity": num(m),
                "target_maturity": num(t),
                "gap": num(m.zip(t).map(|(m, t)| t - m)),
                "applications": supporters[v].len(),
                "run": spend.run[v],
                "change": spend.change[v],
                "lifecycle_risk": num(risk),
                "time": mix,
            }),
        );
    }
    json!({ "capabilities": out })
}
