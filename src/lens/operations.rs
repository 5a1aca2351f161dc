//! Service availability and continuity, and security exposure (docs/lenses.md, "Service
//! availability" and "Security exposure"): each application's and element's own availability
//! (given, from MTBF and MTTR, or from agreed hours and downtime), its end-to-end availability
//! along `depends_on` (in series, or alternatives when `redundancy` is `"any"`), SLA breaches,
//! dependencies that cannot recover as fast (RTO) or lose more data (RPO), single and annual
//! loss expectancy and control coverage; a capability's ALE is its applications'.
//!
//! ```
//! use aligngraph::lens::operations::{end_to_end, from_hours, from_mtbf};
//! // ITIL: 100 agreed hours with 2 hours down.
//! assert_eq!(from_hours(100.0, 2.0), Some(0.98));
//! assert_eq!(from_mtbf(990.0, 10.0), Some(0.99));
//! // In series: 0.99 x 0.98 x 0.95; alternatives: 0.99 x (1 - 0.02 x 0.05).
//! assert!((end_to_end(0.99, [0.98, 0.95], false) - 0.921690).abs() < 1e-12);
//! assert!((end_to_end(0.99, [0.98, 0.95], true) - 0.98901).abs() < 1e-12);
//! ```

use super::{node_field, node_number, node_place, num, shown};
use crate::diagnostics::{Code, Diagnostic, Place, count, shorten};
use crate::model::{EdgeKind, Model, NodeKind};
use serde_json::{Map, Value, json};

/// The fields that put an application or element in the output.
pub const FIELDS: [&str; 13] = [
    "availability",
    "mtbf",
    "mttr",
    "agreed_hours",
    "downtime_hours",
    "sla",
    "redundancy",
    "rto",
    "rpo",
    "asset_value",
    "exposure_factor",
    "aro",
    "controls",
];

/// The statuses of a control and what each counts towards coverage (`None`: not counted).
pub const CONTROL_STATUSES: [(&str, Option<f64>); 4] = [
    ("implemented", Some(1.0)),
    ("partial", Some(0.5)),
    ("planned", Some(0.0)),
    ("not_applicable", None),
];

/// Availability from mean time between failures and mean time to repair: mtbf / (mtbf + mttr);
/// `None` when both are 0.
pub fn from_mtbf(mtbf: f64, mttr: f64) -> Option<f64> {
    (mtbf + mttr > 0.0).then(|| mtbf / (mtbf + mttr))
}

/// Availability from agreed service time and downtime: (agreed - downtime) / agreed; `None`
/// when nothing is agreed.
pub fn from_hours(agreed: f64, downtime: f64) -> Option<f64> {
    (agreed > 0.0).then(|| (agreed - downtime) / agreed)
}

/// End-to-end availability from a node's own and its dependencies' end-to-end availability:
/// `own` x the product of theirs (in series), or `own` x (1 - the product of their
/// unavailabilities) when they are alternatives (`any`); no dependencies: `own`.
pub fn end_to_end(own: f64, deps: impl IntoIterator<Item = f64>, any: bool) -> f64 {
    let mut deps = deps.into_iter().peekable();
    if deps.peek().is_none() {
        return own;
    }
    if any {
        own * (1.0 - deps.map(|a| 1.0 - a).product::<f64>())
    } else {
        own * deps.product::<f64>()
    }
}

/// What one node gives: own availability, its SLA, redundancy, recovery objectives and exposure.
#[derive(Default, Clone, Copy)]
struct Own {
    availability: Option<f64>,
    sla: Option<f64>,
    any: bool,
    rto: Option<f64>,
    rpo: Option<f64>,
    sle: Option<f64>,
    ale: Option<f64>,
    coverage: Option<f64>,
}

/// Reads and checks the H1 and H2 fields of node `v`; a bad value is an error and left out.
fn read(model: &Model, v: u32, out: &mut Vec<Diagnostic>) -> Own {
    let id = &model.nodes[v as usize].id;
    let unit = (0.0, 1.0);
    let positive = (0.0, f64::INFINITY);
    let get = |f: &str, range, out: &mut Vec<Diagnostic>| node_number(model, v, f, range, out);
    let given = get("availability", unit, out);
    let (mtbf, mttr) = (get("mtbf", positive, out), get("mttr", positive, out));
    let (agreed, down) = (
        get("agreed_hours", positive, out),
        get("downtime_hours", positive, out),
    );
    let has = |f: &str| node_field(model, v, f).is_some();
    let mut error = |field: &str, code: Code, message: String| {
        out.push(Diagnostic::error(code, node_place(v, id, field), message));
    };
    let from_pair = |a: Option<f64>, b: Option<f64>, f: fn(f64, f64) -> Option<f64>| {
        a.zip(b).and_then(|(a, b)| f(a, b))
    };
    let mut availability = given;
    if !has("availability") && (has("mtbf") || has("mttr")) {
        availability = from_pair(mtbf, mttr, from_mtbf);
        if mtbf == Some(0.0) && mttr == Some(0.0) {
            error(
                "mtbf",
                Code::OutOfRange,
                "mtbf + mttr must be greater than 0".into(),
            );
        }
    } else if !has("availability") && (has("agreed_hours") || has("downtime_hours")) {
        availability = from_pair(agreed, down, from_hours);
        if let (Some(a), Some(d)) = (agreed, down)
            && (a == 0.0 || d > a)
        {
            let message = if a == 0.0 {
                "agreed_hours must be greater than 0".to_string()
            } else {
                format!("downtime_hours ({d}) must not exceed agreed_hours ({a})")
            };
            let field = if a == 0.0 {
                "agreed_hours"
            } else {
                "downtime_hours"
            };
            error(field, Code::OutOfRange, message);
            availability = None;
        }
    }
    for (a, b) in [("mtbf", "mttr"), ("agreed_hours", "downtime_hours")] {
        if !has("availability") && has(a) != has(b) {
            let (there, missing) = if has(a) { (a, b) } else { (b, a) };
            out.push(Diagnostic::warning(
                Code::MissingValue,
                node_place(v, id, missing),
                format!("{there} is given without {missing}: no availability from them"),
            ));
        }
    }
    let any = match node_field(model, v, "redundancy") {
        None => false,
        Some(Value::String(s)) if s == "any" => true,
        Some(x) => {
            let message = format!(
                "redundancy must be \"any\" (the depends_on targets are alternatives) or absent, not {}",
                shown(x)
            );
            out.push(Diagnostic::error(
                Code::InvalidValue,
                node_place(v, id, "redundancy"),
                message,
            ));
            false
        }
    };
    let sla = get("sla", unit, out);
    let (rto, rpo) = (get("rto", positive, out), get("rpo", positive, out));
    let asset = get("asset_value", positive, out);
    let ef = get("exposure_factor", unit, out);
    let aro = get("aro", positive, out);
    let sle = asset.zip(ef).map(|(a, e)| a * e);
    Own {
        availability,
        sla,
        any,
        rto,
        rpo,
        sle,
        ale: sle.zip(aro).map(|(s, r)| s * r),
        coverage: controls(model, v, out),
    }
}

/// Control coverage of node `v`: (implemented + 0.5 x partial) / (controls - not applicable);
/// `None` without controls or when all are not applicable. A control with another status is an
/// error at `/nodes/v/controls/ID` and is not counted.
fn controls(model: &Model, v: u32, out: &mut Vec<Diagnostic>) -> Option<f64> {
    let value = node_field(model, v, "controls")?;
    let id = &model.nodes[v as usize].id;
    let Some(map) = value.as_object() else {
        out.push(Diagnostic::error(
            Code::WrongType,
            node_place(v, id, "controls"),
            format!(
                "controls must be an object from control id to status, not {}",
                shown(value)
            ),
        ));
        return None;
    };
    let (mut met, mut counted) = (0.0, 0usize);
    for (control, status) in map {
        match CONTROL_STATUSES
            .iter()
            .find(|(s, _)| status.as_str() == Some(s))
        {
            Some((_, Some(credit))) => {
                met += credit;
                counted += 1;
            }
            Some((_, None)) => {}
            None => {
                let mut place = node_place(v, id, "controls");
                place.pointer = Some(format!(
                    "/nodes/{v}/controls/{}",
                    control.replace('~', "~0").replace('/', "~1")
                ));
                out.push(Diagnostic::error(
                    Code::InvalidValue,
                    place,
                    format!(
                        "control {} has status {}; expected implemented, partial, planned or not_applicable",
                        shown(&Value::from(control.as_str())),
                        shown(status)
                    ),
                ));
            }
        }
    }
    (counted > 0).then(|| met / counted as f64)
}

/// End-to-end availability of every node (model order) from the own availability of each
/// (`None`: not given) along `depends_on` (`deps`, distinct targets), dependencies first (Kahn
/// order, no recursion). `None` for a node whose availability nothing in it or its dependency
/// closure gives, and for a node on or above a cycle; the second value lists the nodes on
/// cycles (none of them only depends on the cycle).
///
/// Complexity: O(n + m).
pub fn availability(
    own: &[Option<f64>],
    any: &[bool],
    deps: &[Vec<u32>],
) -> (Vec<Option<f64>>, Vec<usize>) {
    let n = own.len();
    let mut dependents: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut pending: Vec<usize> = deps.iter().map(Vec::len).collect();
    for (v, ds) in deps.iter().enumerate() {
        for &u in ds {
            dependents[u as usize].push(v as u32);
        }
    }
    let mut ready: Vec<usize> = (0..n).filter(|&v| pending[v] == 0).collect();
    let mut a: Vec<Option<f64>> = vec![None; n];
    let mut done = vec![false; n];
    while let Some(v) = ready.pop() {
        done[v] = true;
        let known = own[v].is_some() || deps[v].iter().any(|&u| a[u as usize].is_some());
        a[v] = known.then(|| {
            let of = deps[v].iter().map(|&u| a[u as usize].unwrap_or(1.0));
            end_to_end(own[v].unwrap_or(1.0), of, any[v])
        });
        for &d in &dependents[v] {
            pending[d as usize] -= 1;
            if pending[d as usize] == 0 {
                ready.push(d as usize);
            }
        }
    }
    // The nodes left depend on a cycle or lie on one: peel off those nothing left depends on.
    let mut above: Vec<usize> = vec![0; n];
    for v in (0..n).filter(|&v| !done[v]) {
        for &u in &deps[v] {
            above[u as usize] += 1;
        }
    }
    let mut peel: Vec<usize> = (0..n).filter(|&v| !done[v] && above[v] == 0).collect();
    while let Some(v) = peel.pop() {
        done[v] = true;
        for &u in &deps[v] {
            above[u as usize] -= 1;
            if above[u as usize] == 0 && !done[u as usize] {
                peel.push(u as usize);
            }
        }
    }
    (a, (0..n).filter(|&v| !done[v]).collect())
}

/// `aligngraph operations`: per application and element that carries an H1 or H2 field, and
/// per capability such an application supports, `own_availability`, `availability` (end to
/// end), `sla`, `sla_breach`, `rto_violations`, `rpo_violations`, `sle`, `ale` and
/// `control_coverage`; and `total_ale` over the applications and elements.
///
/// Complexity: O(n + m), plus O(n + m) per node with an `rto` or `rpo` for its dependency
/// closure.
pub fn operations(model: &Model) -> (Value, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let n = model.nodes.len();
    let reads = |v: usize| {
        matches!(
            model.nodes[v].kind,
            NodeKind::Application | NodeKind::Element
        )
    };
    let own: Vec<Own> = (0..n)
        .map(|v| {
            if reads(v) {
                read(model, v as u32, &mut diags)
            } else {
                Own::default()
            }
        })
        .collect();
    let mut deps: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut supporters: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in &model.edges {
        let (from, to) = (e.from as usize, e.to as usize);
        match e.kind {
            EdgeKind::DependsOn if from != to => deps[from].push(e.to),
            EdgeKind::Supports
                if model.nodes[to].kind == NodeKind::Capability
                    && model.nodes[from].kind == NodeKind::Application =>
            {
                supporters[to].push(from)
            }
            _ => {}
        }
    }
    for d in &mut deps {
        d.sort_unstable();
        d.dedup();
    }
    let own_a: Vec<Option<f64>> = own.iter().map(|o| o.availability).collect();
    let any: Vec<bool> = own.iter().map(|o| o.any).collect();
    let (a, cycle) = availability(&own_a, &any, &deps);
    if !cycle.is_empty() {
        let names: Vec<&str> = cycle
            .iter()
            .map(|&v| model.nodes[v].display_name())
            .collect();
        diags.push(Diagnostic::warning(
            Code::DependencyCycle,
            Place::node(&model.nodes[cycle[0]].id),
            format!(
                "end-to-end availability cannot be computed around a cycle of depends_on among {} nodes ({}); it is null for them and what depends on them",
                count(cycle.len()),
                shorten(&names, ", ", 10)
            ),
        ));
    }
    let listed = |v: usize| {
        reads(v)
            && model.nodes[v]
                .extra()
                .is_some_and(|x| FIELDS.iter().any(|f| x.contains_key(*f)))
    };
    // The dependencies, anywhere in v's closure, whose objective is greater than v's.
    let mut seen = vec![usize::MAX; n];
    let mut slower = |v: usize| -> [Option<Vec<usize>>; 2] {
        let (rto, rpo) = (own[v].rto, own[v].rpo);
        if rto.is_none() && rpo.is_none() {
            return [None, None];
        }
        let (mut t, mut p) = (Vec::new(), Vec::new());
        let mut stack = deps[v].clone();
        seen[v] = v;
        while let Some(u) = stack.pop() {
            let u = u as usize;
            if seen[u] == v {
                continue;
            }
            seen[u] = v;
            if own[u].rto.zip(rto).is_some_and(|(x, mine)| x > mine) {
                t.push(u);
            }
            if own[u].rpo.zip(rpo).is_some_and(|(x, mine)| x > mine) {
                p.push(u);
            }
            stack.extend(&deps[u]);
        }
        t.sort_unstable();
        p.sort_unstable();
        [rto.map(|_| t), rpo.map(|_| p)]
    };
    let ids = |list: Option<Vec<usize>>| {
        list.map(|l| {
            l.iter()
                .map(|&u| model.nodes[u].id.to_string())
                .collect::<Vec<_>>()
        })
    };
    let mut nodes = Map::new();
    let mut total_ale = 0.0;
    for (v, node) in model.nodes.iter().enumerate() {
        let entry = if listed(v) {
            let o = own[v];
            let [rto, rpo] = slower(v);
            total_ale += o.ale.unwrap_or(0.0);
            json!({
                "own_availability": num(o.availability),
                "availability": num(a[v]),
                "sla": num(o.sla),
                "sla_breach": a[v].zip(o.sla).map(|(a, sla)| a < sla - 1e-12),
                "rto_violations": ids(rto),
                "rpo_violations": ids(rpo),
                "sle": num(o.sle),
                "ale": num(o.ale),
                "control_coverage": num(o.coverage),
            })
        } else if node.kind == NodeKind::Capability && supporters[v].iter().any(|&s| listed(s)) {
            // The sum over the applications that support it (each once).
            let mut apps = supporters[v].clone();
            apps.sort_unstable();
            apps.dedup();
            let ale = apps.iter().filter_map(|&s| own[s].ale).reduce(|x, y| x + y);
            json!({
                "own_availability": null, "availability": null, "sla": null, "sla_breach": null,
                "rto_violations": null, "rpo_violations": null, "sle": null,
                "ale": num(ale), "control_coverage": null,
            })
        } else {
            continue;
        };
        nodes.insert(node.id.to_string(), entry);
    }
    (json!({"nodes": nodes, "total_ale": total_ale}), diags)
}
