//! The schedule (CPM and PERT): cycles, bad estimates, milestones, planned starts, a long
//! chain and the normal approximation. The worked examples of docs/decisions/schedule.md run
//! with every decision page in `decisions.rs`.

use crate::common::{model, run_cli};
use aligngraph::decide::schedule::{normal_cdf, schedule};
use aligngraph::model::{Edge, EdgeKind, Estimate, Node, NodeKind, Num};
use aligngraph::{Code, Model};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn ini(id: &str, extra: &str) -> String {
    format!(r#"{{"id": "{id}", "kind": "initiative"{extra}}}"#)
}

fn dep(from: &str, to: &str) -> String {
    format!(r#"{{"from": "{from}", "to": "{to}", "kind": "depends_on"}}"#)
}

fn text(nodes: &[String], edges: &[String]) -> String {
    format!(
        r#"{{"format": "aligngraph", "version": 1, "nodes": [{}], "edges": [{}]}}"#,
        nodes.join(","),
        edges.join(",")
    )
}

/// A scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("sched-{name}"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_dependency_cycle_names_its_initiatives_in_cycle_order() {
    let m = model(&text(
        &[
            ini("m", r#", "duration": 1"#),
            ini("c", r#", "duration": 1"#),
            ini("x", r#", "duration": 1"#),
            ini("z", r#", "duration": 1"#),
        ],
        &[dep("c", "x"), dep("x", "m"), dep("m", "c"), dep("z", "m")],
    ));
    let err = schedule(&m, None).unwrap_err();
    assert_eq!(err.code, Code::DependencyCycle);
    assert_eq!(err.place.node.as_deref(), Some("c"));
    assert!(
        err.message.contains(r#""c" -> "x" -> "m" -> "c""#),
        "{}",
        err.message
    );
    assert!(!err.message.contains("\"z\""), "{}", err.message);
}

#[test]
fn a_cycle_through_a_done_initiative_is_no_cycle() {
    let m = model(&text(
        &[
            ini("a", r#", "duration": 2"#),
            ini("b", r#", "duration": 3, "status": "done""#),
        ],
        &[dep("a", "b"), dep("b", "a")],
    ));
    let s = schedule(&m, None).unwrap();
    assert_eq!(s.duration, 2.0);
    assert_eq!(s.activities.len(), 1);
}

#[test]
fn an_estimate_out_of_order_fails_at_load_naming_node_and_field() {
    let dir = scratch("bad-estimate");
    let bad = text(
        &[ini(
            "ini-bad",
            r#", "estimate": {"optimistic": 5, "likely": 3, "pessimistic": 9}"#,
        )],
        &[],
    );
    std::fs::write(dir.join("model.json"), bad).unwrap();
    let out = run_cli(&dir, &["schedule", "model.json"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("OUT_OF_RANGE"), "{err}");
    assert!(err.contains("ini-bad"), "{err}");
    assert!(err.contains("estimate"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn an_estimate_out_of_order_in_a_model_built_in_code_is_refused() {
    let mut m = Model::new();
    let mut n = Node::new("ini-bad", NodeKind::Initiative);
    n.attrs_mut().estimate = Some(Box::new(Estimate {
        optimistic: 5.0,
        likely: 3.0,
        pessimistic: 9.0,
    }));
    m.add_node(n);
    let err = schedule(&m, None).unwrap_err();
    assert_eq!(err.code, Code::OutOfRange);
    assert_eq!(err.place.node.as_deref(), Some("ini-bad"));
    assert_eq!(err.place.field.as_deref(), Some("estimate"));
}

#[test]
fn an_initiative_without_duration_is_a_milestone_with_a_warning() {
    let m = model(&text(
        &[ini("a", r#", "duration": 4"#), ini("gate", "")],
        &[dep("gate", "a")],
    ));
    let s = schedule(&m, None).unwrap();
    assert_eq!(s.warnings.len(), 1);
    assert_eq!(s.warnings[0].code, Code::MissingValue);
    assert_eq!(s.warnings[0].place.node.as_deref(), Some("gate"));
    let gate = &s.activities[1].1;
    assert_eq!((gate.es, gate.ef, gate.duration), (4.0, 4.0, 0.0));
    assert_eq!(s.critical_path, ["a", "gate"]);

    let dir = scratch("milestone");
    std::fs::write(
        dir.join("model.json"),
        text(&[ini("gate", "")], &[]).as_bytes(),
    )
    .unwrap();
    let out = run_cli(&dir, &["schedule", "model.json"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("MISSING_VALUE") && err.contains("gate"),
        "{err}"
    );
}

#[test]
fn a_planned_start_delays_the_earliest_start() {
    let m = model(&text(
        &[
            ini("a", r#", "duration": 2"#),
            ini("b", r#", "duration": 3, "start": 5"#),
            ini("c", r#", "duration": 1"#),
        ],
        &[dep("b", "a"), dep("c", "b")],
    ));
    let s = schedule(&m, None).unwrap();
    let act: BTreeMap<_, _> = s.activities.iter().cloned().collect();
    assert_eq!(act["b"].es, 5.0);
    assert_eq!(act["c"].es, 8.0);
    assert_eq!(s.duration, 9.0);
    // a has slack: b waits for its planned start anyway.
    assert_eq!(act["a"].slack, 3.0);
    assert!(!act["a"].critical);
    assert_eq!(s.critical_path, ["b", "c"]);
    assert_eq!(s.mean, 9.0);
}

#[test]
fn a_100k_long_chain_schedules_without_overflowing_the_stack() {
    const N: usize = 100_000;
    let mut m = Model::new();
    for i in 0..N {
        let mut n = Node::new(format!("i{i:06}"), NodeKind::Initiative);
        n.attrs_mut().set(Num::Duration, Some(2.0));
        m.add_node(n);
    }
    for i in 1..N {
        m.add_edge(Edge::new(i as u32, i as u32 - 1, EdgeKind::DependsOn));
    }
    // A small stack: recursion over the chain could not fit in it.
    let s = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || schedule(&m, None).unwrap())
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(s.duration, 2.0 * N as f64);
    assert_eq!(s.critical_path.len(), N);
    assert_eq!(s.critical_path[0], "i000000");
    assert_eq!(s.activities[N - 1].1.es, 2.0 * (N - 1) as f64);
}

#[test]
fn the_finish_probability_matches_hand_computed_values() {
    // One activity, estimate (0, 3, 12): te = 4, sigma = 2.
    let m = model(&text(
        &[ini(
            "a",
            r#", "estimate": {"optimistic": 0, "likely": 3, "pessimistic": 12}"#,
        )],
        &[],
    ));
    let cases = [
        (5.0, 0.691_462_461_274_013_1), // Phi(0.5)
        (4.0, 0.5),
        (7.92, 0.975_002_104_851_779_5),     // Phi(1.96)
        (-2.0, 0.001_349_898_031_630_094_6), // Phi(-3)
    ];
    for (deadline, want) in cases {
        let s = schedule(&m, Some(deadline)).unwrap();
        assert_eq!((s.mean, s.std_dev), (4.0, 2.0));
        let got = s.probability.unwrap();
        assert!((got - want).abs() < 1e-12, "{deadline}: {got} vs {want}");
    }
    assert!((normal_cdf(-8.0) - 6.220_960_574_271_784e-16).abs() < 1e-25);
    // No variance: certain either way.
    let d = model(&text(&[ini("a", r#", "duration": 4"#)], &[]));
    assert_eq!(schedule(&d, Some(4.0)).unwrap().probability, Some(1.0));
    assert_eq!(schedule(&d, Some(3.9)).unwrap().probability, Some(0.0));
    assert_eq!(schedule(&d, None).unwrap().probability, None);
}

#[test]
fn a_non_finite_deadline_is_an_invalid_argument() {
    let d = model(&text(&[ini("a", r#", "duration": 4"#)], &[]));
    let err = schedule(&d, Some(f64::NAN)).unwrap_err();
    assert_eq!(err.code, Code::InvalidArgument);
    assert_eq!(err.place.field.as_deref(), Some("deadline"));
}

#[test]
fn the_output_has_the_contract_shape() {
    let m = model(&text(&[ini("b", r#", "duration": 1"#), ini("a", "")], &[]));
    let v = serde_json::to_value(schedule(&m, Some(2.0)).unwrap()).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "duration",
            "critical_path",
            "time_unit",
            "activities",
            "mean",
            "variance",
            "std_dev",
            "p80",
            "deadline",
            "probability"
        ]
    );
    let acts: Vec<&str> = v["activities"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(acts, ["b", "a"], "model order");
    let a: Vec<&str> = v["activities"]["b"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        a,
        [
            "es", "ef", "ls", "lf", "slack", "critical", "duration", "variance", "name"
        ]
    );
}

fn excl(from: &str, to: &str) -> String {
    format!(r#"{{"from": "{from}", "to": "{to}", "kind": "excludes"}}"#)
}

#[test]
fn of_two_active_alternatives_only_the_first_is_scheduled() {
    // b excludes a (written either way round); c depends on b; d is an alternative to b only.
    let m = model(&text(
        &[
            ini("a", r#", "duration": 4"#),
            ini("b", r#", "name": "Option B", "duration": 9"#),
            ini("c", r#", "duration": 2"#),
            ini("d", r#", "duration": 3"#),
        ],
        &[excl("b", "a"), dep("c", "b"), excl("b", "d")],
    ));
    let s = schedule(&m, None).unwrap();
    let ids: Vec<&str> = s.activities.iter().map(|(id, _)| id.as_str()).collect();
    // d excludes only b, which is left out: d is scheduled
    assert_eq!(ids, ["a", "c", "d"]);
    assert_eq!(s.alternatives.len(), 1);
    assert_eq!(s.alternatives[0].id, "b");
    assert_eq!(s.alternatives[0].name, "Option B");
    assert_eq!(s.alternatives[0].instead_of, "a");
    assert_eq!(s.duration, 4.0, "b's 9 weeks are not in the plan");
    assert_eq!(s.warnings.len(), 1);
    assert_eq!(s.warnings[0].code, Code::Inconsistent);
    assert_eq!(s.warnings[0].place.node.as_deref(), Some("b"));
    assert!(
        s.warnings[0]
            .message
            .contains(r#"only "a", the first in the model, is scheduled"#),
        "{}",
        s.warnings[0].message
    );
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["alternatives"][0]["instead_of"], "a");

    // with a cancelled, b is the one scheduled, and nothing is left out
    let m = model(&text(
        &[
            ini("a", r#", "duration": 4, "status": "cancelled""#),
            ini("b", r#", "duration": 9"#),
        ],
        &[excl("b", "a")],
    ));
    let s = schedule(&m, None).unwrap();
    assert_eq!(s.activities.len(), 1);
    assert_eq!(s.duration, 9.0);
    assert!(s.alternatives.is_empty());
    assert!(
        serde_json::to_value(&s)
            .unwrap()
            .get("alternatives")
            .is_none(),
        "no alternatives: the JSON has no such field"
    );
}

#[test]
fn the_demo_schedules_one_crm_replacement() {
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/demo-model.json");
    let out = run_cli(&scratch("demo"), &["schedule", demo.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["activities"].get("ini-crm-salesforce").is_some());
    assert!(
        v["activities"].get("ini-crm-dynamics365").is_none(),
        "both alternatives in the roadmap"
    );
    assert_eq!(v["alternatives"][0]["id"], "ini-crm-dynamics365");
    assert_eq!(v["alternatives"][0]["instead_of"], "ini-crm-salesforce");
    assert!(String::from_utf8_lossy(&out.stderr).contains("exclude each other"));
}
