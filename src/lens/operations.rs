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

use super::{NUMBER_FIELDS, node_field, node_number, node_place, num, object, shown};
use crate::diagnostics::{Code, Diagnostic, Place, count, shorten};
use crate::graph::{Graph, Layer};
use crate::model::{EdgeKind, Model, NodeKind};
use serde_json::{Map, Value};

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
    /// `rto` and `rpo`.
    objectives: [Option<f64>; 2],
    sle: Option<f64>,
    ale: Option<f64>,
    coverage: Option<f64>,
}

/// Reads and checks the H1 and H2 fields of node `v` (the first eleven of [`NUMBER_FIELDS`]:
/// availability, sla, mtbf, mttr, agreed_hours, downtime_hours, rto, rpo, asset_value,
/// exposure_factor, aro); a bad value is an error and left out.
fn read(model: &Model, v: u32, out: &mut Vec<Diagnostic>) -> Own {
    let id = &model.nodes[v as usize].id;
    let x: Vec<Option<f64>> = NUMBER_FIELDS[..11]
        .iter()
        .map(|&(f, lo, hi)| node_number(model, v, f, (lo, hi), out))
        .collect();
    let has = |k: usize| node_field(model, v, NUMBER_FIELDS[k].0).is_some();
    // `availability`, else mtbf and mttr, else agreed hours and downtime.
    let mut availability = x[0];
    for (a, b, f) in [
        (2, 3, from_mtbf as fn(f64, f64) -> Option<f64>),
        (4, 5, from_hours),
    ] {
        if has(0) || !(has(a) || has(b)) {
            continue;
        }
        let (fa, fb) = (NUMBER_FIELDS[a].0, NUMBER_FIELDS[b].0);
        if let (Some(p), Some(q)) = (x[a], x[b]) {
            availability = f(p, q).filter(|a| *a >= 0.0);
            if availability.is_none() {
                out.push(Diagnostic::error(
                    Code::OutOfRange,
                    node_place(v, id, fb),
                    format!("{fa} {p} and {fb} {q} give no availability between 0 and 1"),
                ));
            }
        } else if has(a) != has(b) {
            let (given, missing) = if has(a) { (fa, fb) } else { (fb, fa) };
            out.push(Diagnostic::warning(
                Code::MissingValue,
                node_place(v, id, missing),
                format!("{given} is given without {missing}: no availability from them"),
            ));
        }
        break;
    }
    let any = match node_field(model, v, "redundancy") {
        None => false,
        Some(r) => {
            if r != "any" {
                out.push(Diagnostic::error(
                    Code::InvalidValue,
                    node_place(v, id, "redundancy"),
                    format!("redundancy must be \"any\" or absent, not {}", shown(r)),
                ));
            }
            r == "any"
        }
    };
    let sle = x[8].zip(x[9]).map(|(a, e)| a * e);
    Own {
        availability,
        sla: x[1],
        any,
        objectives: [x[6], x[7]],
        sle,
        ale: sle.zip(x[10]).map(|(s, r)| s * r),
        coverage: controls(model, v, out),
    }
}

/// Control coverage of node `v`: (implemented + 0.5 x partial) / (controls - not applicable);
/// `None` without controls or when all are not applicable. A control with another status is an
/// error at `/nodes/v/controls/ID` and is not counted.
fn controls(model: &Model, v: u32, out: &mut Vec<Diagnostic>) -> Option<f64> {
    let value = node_field(model, v, "controls")?;
    let mut place = node_place(v, &model.nodes[v as usize].id, "controls");
    let empty = Map::new();
    let map = value.as_object().unwrap_or_else(|| {
        out.push(Diagnostic::error(
            Code::WrongType,
            place.clone(),
            format!(
                "controls must be an object from control id to status, not {}",
                shown(value)
            ),
        ));
        &empty
    });
    let (mut met, mut counted) = (0.0, 0usize);
    for (control, status) in map {
        match CONTROL_STATUSES.iter().find(|(s, _)| status == s) {
            Some((_, Some(credit))) => {
                met += credit;
                counted += 1;
            }
            Some((_, None)) => {}
            None => {
                let key = control.replace('~', "~0").replace('/', "~1");
                place.pointer = Some(format!("/nodes/{v}/controls/{key}"));
                out.push(Diagnostic::error(
                    Code::InvalidValue,
                    place.clone(),
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
/// (`None`: not given), taking the `depends_on` layer `needs` of the analysis graph in its order
/// (dependencies first, no recursion; parallel edges count once). `None` for a node whose
/// availability nothing in it or its dependency closure gives, and for a node on a cycle or
/// above one.
///
/// Complexity: O(n + m).
pub fn availability(own: &[Option<f64>], any: &[bool], needs: &Layer) -> Vec<Option<f64>> {
    let n = own.len();
    let mut broken = vec![false; n];
    for &v in needs.cycles.iter().flatten() {
        broken[v as usize] = true;
    }
    let mut a: Vec<Option<f64>> = vec![None; n];
    for &v in &needs.order {
        let (v, deps) = (v as usize, needs.all.targets(v));
        broken[v] |= deps.iter().any(|&u| broken[u as usize]);
        let known = own[v].is_some() || deps.iter().any(|&u| a[u as usize].is_some());
        a[v] = (known && !broken[v]).then(|| {
            let of = deps.iter().map(|&u| a[u as usize].unwrap_or(1.0));
            end_to_end(own[v].unwrap_or(1.0), of, any[v])
        });
    }
    a
}

/// `aligngraph operations`: per application and element that carries an H1 or H2 field, and
/// per capability such an application supports, `own_availability`, `availability` (end to
/// end), `sla`, `sla_breach`, `rto_violations`, `rpo_violations`, `sle`, `ale` and
/// `control_coverage`; and `total_ale` over the applications and elements. `graph` is the
/// model's analysis graph.
///
/// Complexity: O(n + m), plus O(n + m) per node with an `rto` or `rpo` for its dependency
/// closure.
pub fn operations(model: &Model, graph: &Graph) -> (Value, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let n = model.nodes.len();
    let needs = &graph.needs;
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
    let mut supporters: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in &model.edges {
        let (from, to) = (e.from as usize, e.to as usize);
        if e.kind == EdgeKind::Supports
            && model.nodes[to].kind == NodeKind::Capability
            && model.nodes[from].kind == NodeKind::Application
            && !supporters[to].contains(&from)
        {
            supporters[to].push(from);
        }
    }
    let own_a: Vec<Option<f64>> = own.iter().map(|o| o.availability).collect();
    let any: Vec<bool> = own.iter().map(|o| o.any).collect();
    let a = availability(&own_a, &any, needs);
    let cycle: Vec<&str> = needs
        .cycles
        .iter()
        .flatten()
        .map(|&v| model.nodes[v as usize].display_name())
        .collect();
    if let Some(&first) = needs.cycles.first().and_then(|c| c.first()) {
        diags.push(Diagnostic::warning(
            Code::DependencyCycle,
            Place::node(&model.nodes[first as usize].id),
            format!(
                "end-to-end availability cannot be computed around a cycle of depends_on among {} nodes ({}); it is null for them and what depends on them",
                count(cycle.len()),
                shorten(&cycle, ", ", 10)
            ),
        ));
    }
    let listed: Vec<bool> = (0..n)
        .map(|v| {
            reads(v)
                && model.nodes[v]
                    .extra()
                    .is_some_and(|x| FIELDS.iter().any(|f| x.contains_key(*f)))
        })
        .collect();
    // The dependencies, anywhere in v's closure, whose rto (k = 0) or rpo (k = 1) is greater
    // than v's, as ids in model order; `null` when v has none.
    let mut seen = vec![usize::MAX; n];
    let mut slower = |v: usize| -> [Value; 2] {
        let mine = own[v].objectives;
        let mut found: [Vec<u32>; 2] = [Vec::new(), Vec::new()];
        if mine != [None, None] {
            let mut stack = needs.all.targets(v as u32).to_vec();
            seen[v] = v;
            while let Some(u) = stack.pop() {
                let u = u as usize;
                if seen[u] != v {
                    seen[u] = v;
                    for k in 0..2 {
                        if own[u].objectives[k]
                            .zip(mine[k])
                            .is_some_and(|(x, m)| x > m)
                        {
                            found[k].push(u as u32);
                        }
                    }
                    stack.extend(needs.all.targets(u as u32));
                }
            }
        }
        [0, 1].map(|k| match mine[k] {
            None => Value::Null,
            Some(_) => {
                found[k].sort_unstable();
                found[k]
                    .iter()
                    .map(|&u| Value::from(model.nodes[u as usize].id.as_ref()))
                    .collect()
            }
        })
    };
    let mut nodes = Map::new();
    let mut total_ale = 0.0;
    for (v, node) in model.nodes.iter().enumerate() {
        let cap = node.kind == NodeKind::Capability && supporters[v].iter().any(|&s| listed[s]);
        if !cap && !listed[v] {
            continue;
        }
        let o = if cap {
            // The sum over the applications that support it (each once).
            let ale = supporters[v]
                .iter()
                .filter_map(|&s| own[s].ale)
                .reduce(|x, y| x + y);
            Own {
                ale,
                ..Own::default()
            }
        } else {
            total_ale += own[v].ale.unwrap_or(0.0);
            own[v]
        };
        let [rto, rpo] = if cap {
            [Value::Null, Value::Null]
        } else {
            slower(v)
        };
        let a = if cap { None } else { a[v] };
        let breach = a
            .zip(o.sla)
            .map_or(Value::Null, |(a, sla)| (a < sla - 1e-12).into());
        let values = vec![
            num(o.availability),
            num(a),
            num(o.sla),
            breach,
            rto,
            rpo,
            num(o.sle),
            num(o.ale),
            num(o.coverage),
        ];
        nodes.insert(node.id.to_string(), object(&OUTPUT, values));
    }
    (
        object(
            &["nodes", "total_ale"],
            vec![nodes.into(), total_ale.into()],
        ),
        diags,
    )
}

/// The figures of each node in `aligngraph operations`, in order.
pub const OUTPUT: [&str; 9] = [
    "own_availability",
    "availability",
    "sla",
    "sla_breach",
    "rto_violations",
    "rpo_violations",
    "sle",
    "ale",
    "control_coverage",
];
