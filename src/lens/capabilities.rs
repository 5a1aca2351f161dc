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
/// The reach recursion of [`sweep`], restricted to what can reach the targets: for each block of
/// 8 targets, the nodes that reach one of them (a walk back along the serving edges), each once
/// every node it serves among them is done; every other node reaches none of them. Exactly the
/// sweep's numbers.
///
/// Complexity: O(the nodes that reach a block and their edges) per block of 8 targets;
/// O((n + m) x targets / 8) at worst.
pub fn coverage(scores: &Scores, targets: &[u32]) -> Vec<f64> {
    let g = &scores.graph;
    let n = g.n;
    let dag = g.serves.dag();
    let back = g.served_by();
    let mut lanes: Vec<Lane> = vec![Lane::ZERO; n];
    // stamp[v] == block number + 1: v reaches a target of the current block (its lane is valid).
    let mut stamp = vec![0usize; n];
    let mut pending = vec![0u32; n];
    let mut active = vec![false; n];
    for &a in &scores.active {
        active[a as usize] = true;
    }
    let mut out = Vec::with_capacity(targets.len());
    let mut reached: Vec<u32> = Vec::new();
    for (b, block) in targets.chunks(BLOCK).enumerate() {
        let mark = b + 1;
        reached.clear();
        for &t in block {
            if stamp[t as usize] != mark {
                stamp[t as usize] = mark;
                reached.push(t);
            }
        }
        let mut i = 0;
        while i < reached.len() {
            for &u in back.targets(reached[i]) {
                if stamp[u as usize] != mark {
                    stamp[u as usize] = mark;
                    reached.push(u);
                }
            }
            i += 1;
        }
        // Processing order inside the reached part (Kahn, sinks first): a node once every node it
        // serves in that part is done.
        let mut ready: Vec<u32> = Vec::new();
        for &v in &reached {
            let k = dag
                .targets(v)
                .iter()
                .filter(|&&u| stamp[u as usize] == mark)
                .count();
            pending[v as usize] = k as u32;
            if k == 0 {
                ready.push(v);
            }
        }
        let mut miss = [1.0; BLOCK];
        while let Some(v) = ready.pop() {
            let (ts, ws) = dag.row(v);
            let mut q = [1.0; BLOCK];
            for (&u, w) in ts.iter().zip(ws) {
                if stamp[u as usize] != mark {
                    continue;
                }
                let r = &lanes[u as usize];
                for j in 0..BLOCK {
                    q[j] *= 1.0 - w * r[j];
                }
            }
            let mut lane = [0.0; BLOCK];
            for (j, &t) in block.iter().enumerate() {
                lane[j] = if t == v { 1.0 } else { 1.0 - q[j] };
            }
            lanes[v as usize] = Lane(lane);
            if active[v as usize] {
                for j in 0..BLOCK {
                    miss[j] *= 1.0 - lane[j];
                }
            }
            for &p in back.targets(v) {
                if stamp[p as usize] == mark {
                    pending[p as usize] -= 1;
                    if pending[p as usize] == 0 {
                        ready.push(p);
                    }
                }
            }
        }
        out.extend(miss[..block.len()].iter().map(|m| 1.0 - m));
    }
    out
}

/// [`coverage`] by full sweeps over the graph, 8 targets a pass: the reference the restricted
/// walk is checked against.
pub fn coverage_by_sweeps(scores: &Scores, targets: &[u32]) -> Vec<f64> {
    let mut lanes: Vec<Lane> = vec![Lane::ZERO; scores.graph.n];
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
