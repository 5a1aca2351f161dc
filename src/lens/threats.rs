//! Threats to goals: for each goal, how much of its reach each kind of threat puts at risk
//! (delivery, availability below SLA, annualised loss, missing controls, key people,
//! obsolescence), traced along the alignment paths, with the paths that explain it
//! (docs/lenses.md, "Threats to goals").
//!
//! A goal's reach is the flow along every alignment path into it from the model's sources (the
//! nodes nothing else points to along alignment relationships: the active initiatives, and the
//! applications and elements nobody changes; people aside), each path counting the product of
//! its weights: `f(goal) = 1`, `f(v) = sum over edges v -> u of w x f(u)`, `F = sum over sources
//! of f`. A threat makes each node it touches hold with a chance `keep(v) = 1 - p(v)`, which
//! multiplies every path through it; a goal's share at risk is `(F - F_threat) / F`, its value at
//! risk that share times the goal's normalised weight. The share of the goal's reach that runs
//! through one node is `in(v) x f(v) / F`, with `in(v)` the flow from the sources into `v`.
//!
//! | threat | nodes | p(v) |
//! |---|---|---|
//! | `delivery` | active initiatives | delivery risk |
//! | `availability` | services below their SLA | 1 |
//! | `security` | nodes with an ALE | min(1, exposure_factor x aro) |
//! | `controls` | nodes with controls | 1 - control coverage |
//! | `key_people` | nodes every supporter of which is a key person | 1 |
//! | `obsolescence` | applications with a lifecycle risk | rolled lifecycle risk / 100 |

use super::node_field;
use crate::analysis::Scores;
use crate::analysis::alignment::{BLOCK, Lane, strongest_to};
use crate::diagnostics::Diagnostic;
use crate::graph::Graph;
use crate::model::{EdgeKind, Model, NodeKind};
use serde_json::{Map, Value, json};

/// The kinds of threat, in the order the section lists them.
pub const KINDS: [&str; 6] = [
    "delivery",
    "availability",
    "security",
    "controls",
    "key_people",
    "obsolescence",
];

/// Paths kept per goal and threat.
const TOP: usize = 3;

fn pct(x: f64) -> String {
    let p = x * 100.0;
    if (p - p.round()).abs() < 0.05 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

fn amount(x: f64) -> String {
    crate::diagnostics::count(x.round() as i64)
}

fn is_person(model: &Model, v: usize) -> bool {
    model.nodes[v].kind == NodeKind::Person
}

/// Each threat's chance per node and the reason in words, from the scores and the other lenses'
/// answers (`operations`, `people`, `applications` as their commands write them).
fn chances(
    model: &Model,
    s: &Scores,
    ops: &Value,
    people: &Value,
    apps: &Value,
) -> Vec<Vec<(usize, f64, String)>> {
    let mut out: Vec<Vec<(usize, f64, String)>> = vec![Vec::new(); KINDS.len()];
    let index = model.id_index();
    let find = |id: &str| index.get(id).map(|&v| v as usize);
    for &v in &s.active {
        let r = s.delivery_risk[v as usize];
        if r > 0.0 {
            out[0].push((v as usize, r, format!("delivery risk {}", pct(r))));
        }
    }
    let ops_nodes = ops["nodes"].as_object();
    let fig = |id: &str, key: &str| {
        ops_nodes
            .and_then(|m| m.get(id))
            .and_then(|x| x[key].as_f64())
    };
    for (id, x) in ops_nodes.into_iter().flatten() {
        let Some(v) = find(id) else {
            continue;
        };
        if x["sla_breach"] == Value::Bool(true) {
            let a = x["availability"].as_f64().unwrap_or(0.0);
            let mut why = format!(
                "end-to-end availability {} against an SLA of {}",
                pct4(a),
                pct4(x["sla"].as_f64().unwrap_or(1.0))
            );
            // The weakest dependency, when one is below the service's own availability.
            let (deps, _) = s.graph.needs.dag().row(v as u32);
            let weakest = deps
                .iter()
                .filter_map(|&u| {
                    let id = &*model.nodes[u as usize].id;
                    fig(id, "availability").map(|a| (a, u))
                })
                .min_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((au, u)) = weakest.filter(|w| w.0 < 1.0) {
                why.push_str(&format!(
                    " because it depends on {} ({})",
                    model.nodes[u as usize].label(),
                    pct4(au)
                ));
            }
            out[1].push((v, 1.0, why));
        }
        if let Some(ale) = x["ale"].as_f64().filter(|a| *a > 0.0) {
            let ef = node_field(model, v as u32, "exposure_factor").and_then(Value::as_f64);
            let aro = node_field(model, v as u32, "aro").and_then(Value::as_f64);
            if let (Some(ef), Some(aro)) = (ef, aro) {
                let p = (ef * aro).clamp(0.0, 1.0);
                if p > 0.0 {
                    out[2].push((
                        v,
                        p,
                        format!(
                            "annualised loss expectancy {} (exposure factor {}, {} a year)",
                            amount(ale),
                            pct(ef),
                            aro
                        ),
                    ));
                }
            }
        }
        if let Some(c) = x["control_coverage"].as_f64().filter(|c| *c < 1.0) {
            out[3].push((v, 1.0 - c, format!("control coverage {}", pct(c))));
        }
    }
    // Key people: the nodes every supporter of which is a key person.
    let keys: Vec<usize> = people["key_people"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|id| find(id.as_str()?))
        .collect();
    if !keys.is_empty() {
        let n = model.nodes.len();
        let mut supporters: Vec<Vec<usize>> = vec![Vec::new(); n];
        for e in &model.edges {
            if e.kind == EdgeKind::Supports && is_person(model, e.from as usize) {
                supporters[e.to as usize].push(e.from as usize);
            }
        }
        for (v, who) in supporters.iter().enumerate() {
            if !who.is_empty() && who.iter().all(|p| keys.contains(p)) {
                let mut names: Vec<String> = who.iter().map(|&p| model.nodes[p].label()).collect();
                names.dedup();
                out[4].push((
                    v,
                    1.0,
                    format!("supported only by key people: {}", names.join(", ")),
                ));
            }
        }
    }
    for (id, x) in apps["applications"].as_object().into_iter().flatten() {
        let Some(v) = find(id) else {
            continue;
        };
        if let Some(r) = x["rolled_lifecycle_risk"].as_f64().filter(|r| *r > 0.0) {
            out[5].push((
                v,
                (r / 100.0).clamp(0.0, 1.0),
                format!("lifecycle risk {} of 100 along its dependencies", amount(r)),
            ));
        }
    }
    out
}

/// An availability with the digits that tell 99.95 % from 99.9 %.
fn pct4(a: f64) -> String {
    let s = format!("{:.3}", a * 100.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}%")
}

/// The path flow into each goal of `goals` (one lane each) from every node, each node's flow
/// multiplied by `keep(v)`: `f(goal) = 1`, `f(v) = keep(v) x sum over edges v -> u of w x f(u)`.
///
/// Complexity: O(n + m), the acyclic layer in processing order.
fn flow(g: &Graph, goals: &[u32], out: &mut [Lane], keep: impl Fn(usize) -> f64) {
    let dag = g.serves.dag();
    for &v in &g.serves.order {
        let (ts, ws) = dag.row(v);
        let mut sum = [0.0; BLOCK];
        for (&u, w) in ts.iter().zip(ws) {
            let f = &out[u as usize];
            for j in 0..BLOCK {
                sum[j] += w * f[j];
            }
        }
        let kept = keep(v as usize);
        for (j, x) in sum.iter_mut().enumerate() {
            *x = if goals.get(j) == Some(&v) {
                1.0
            } else {
                kept * *x
            };
        }
        out[v as usize] = Lane(sum);
    }
}

/// The goal's reach in lane `j`: the flow summed over the sources.
fn total(lanes: &[Lane], sources: &[usize], j: usize) -> f64 {
    sources.iter().map(|&s| lanes[s][j]).sum()
}

/// The threats section: `{kinds, goals: {id: {weight, reach, threats: {kind: {share, value,
/// nodes, paths: [{node, probability, share, path, reason}]}}}}, totals: {kind: value}}`;
/// `reach` is the goal's flow `F`.
///
/// Complexity: O(goals / BLOCK x (1 + threats present) x (n + m)) for the shares, plus O(n + m)
/// per goal with a threatened node on its paths.
pub fn threats(model: &Model, s: &Scores, ops: &Value, people: &Value, apps: &Value) -> Value {
    let g = &s.graph;
    let n = g.n;
    let touched = chances(model, s, ops, people, apps);
    let rev = g.served_by();
    let mut active = vec![false; n];
    for &v in &s.active {
        active[v as usize] = true;
    }
    let is_source = |v: usize| {
        let k = model.nodes[v].kind;
        k != NodeKind::Goal
            && !is_person(model, v)
            && (k != NodeKind::Initiative || active[v])
            && rev
                .row(v as u32)
                .0
                .iter()
                .all(|&u| is_person(model, u as usize))
    };
    let sources: Vec<usize> = (0..n).filter(|&v| is_source(v)).collect();
    // in(v): the flow from the sources into v (sources first: the processing order reversed).
    let mut inflow = vec![0.0; n];
    for &v in g.serves.order.iter().rev() {
        let (us, ws) = rev.row(v);
        let from: f64 = us
            .iter()
            .zip(ws)
            .map(|(&u, w)| w * inflow[u as usize])
            .sum();
        inflow[v as usize] = from + if is_source(v as usize) { 1.0 } else { 0.0 };
    }
    let keeps: Vec<Option<Vec<f64>>> = touched
        .iter()
        .map(|list| {
            (!list.is_empty()).then(|| {
                let mut keep = vec![1.0; n];
                for &(v, p, _) in list {
                    keep[v] = (keep[v] * (1.0 - p)).clamp(0.0, 1.0);
                }
                keep
            })
        })
        .collect();
    let index = model.id_index();
    let mut base: Vec<Lane> = vec![Lane::ZERO; n];
    let mut hit: Vec<Lane> = vec![Lane::ZERO; n];
    let mut goals = Map::new();
    let mut totals = vec![0.0; KINDS.len()];
    for chunk in s.goals.chunks(BLOCK) {
        flow(g, chunk, &mut base, |_| 1.0);
        let mut rows: Vec<Map<String, Value>> = vec![Map::new(); chunk.len()];
        for (k, keep) in keeps.iter().enumerate() {
            let Some(keep) = keep else { continue };
            flow(g, chunk, &mut hit, |v| keep[v]);
            for (j, &goal) in chunk.iter().enumerate() {
                let f = total(&base, &sources, j);
                if f <= 0.0 {
                    continue;
                }
                let share = ((f - total(&hit, &sources, j)) / f).clamp(0.0, 1.0);
                // The threatened nodes on the goal's paths, most at stake first.
                let mut on: Vec<(f64, usize, f64)> = touched[k]
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.0 != goal as usize && base[t.0][j] > 0.0)
                    .map(|(i, t)| {
                        let through = (inflow[t.0] * base[t.0][j] / f).min(1.0);
                        (t.1 * through, i, through)
                    })
                    .filter(|x| x.2 > 0.0)
                    .collect();
                if on.is_empty() {
                    continue;
                }
                on.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                let value = s.weight_of(goal) * share;
                totals[k] += value;
                let paths: Vec<Value> = on
                    .iter()
                    .take(TOP)
                    .map(|&(_, i, through)| {
                        let (v, p, ref why) = touched[k][i];
                        json!({"node": &*model.nodes[v].id, "probability": p,
                               "share": through, "path": Value::Null, "reason": why})
                    })
                    .collect();
                rows[j].insert(
                    KINDS[k].into(),
                    json!({"share": share, "value": value, "nodes": on.len(), "paths": paths}),
                );
            }
        }
        for (j, &goal) in chunk.iter().enumerate() {
            let mut threats = std::mem::take(&mut rows[j]);
            if !threats.is_empty() {
                trace(model, &index, s, goal, &mut threats);
            }
            goals.insert(
                model.nodes[goal as usize].id.to_string(),
                json!({"weight": s.weight_of(goal),
                       "reach": total(&base, &sources, j),
                       "threats": threats}),
            );
        }
    }
    let totals: Map<String, Value> = KINDS
        .iter()
        .zip(&totals)
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    json!({"kinds": KINDS, "goals": goals, "totals": totals})
}

/// Fills each listed path with the strongest alignment path from its node to `goal` (node ids).
fn trace(
    model: &Model,
    index: &std::collections::HashMap<&str, u32>,
    s: &Scores,
    goal: u32,
    threats: &mut Map<String, Value>,
) {
    let g = &s.graph;
    let best = strongest_to(g, goal);
    let dag = g.serves.dag();
    for t in threats.values_mut() {
        for p in t["paths"].as_array_mut().into_iter().flatten() {
            let Some(mut v) = p["node"].as_str().and_then(|id| index.get(id).copied()) else {
                continue;
            };
            let mut ids = vec![model.nodes[v as usize].id.to_string()];
            // Follow the strongest edge on: each step keeps the best product to the goal.
            while v != goal && ids.len() <= g.n {
                let (ts, ws) = dag.row(v);
                let Some((&u, _)) = ts
                    .iter()
                    .zip(ws)
                    .filter(|(u, _)| best[**u as usize] > 0.0)
                    .max_by(|a, b| {
                        (a.1 * best[*a.0 as usize]).total_cmp(&(b.1 * best[*b.0 as usize]))
                    })
                else {
                    break;
                };
                v = u;
                ids.push(model.nodes[v as usize].id.to_string());
            }
            p["path"] = json!(ids);
        }
    }
}

/// The threats section of a scored model with the lenses it needs computed here (operations,
/// people, applications with `as_of`), and their diagnostics.
pub fn section(model: &Model, s: &Scores, as_of: Option<&str>) -> (Value, Vec<Diagnostic>) {
    let (ops, mut diags) = super::operations::operations(model, &s.graph);
    let (apps, mut d) = super::applications::applications(model, as_of);
    diags.append(&mut d);
    let (people, mut d) = super::people::people(model, &s.graph);
    diags.append(&mut d);
    (threats(model, s, &ops, &people, &apps.json), diags)
}
