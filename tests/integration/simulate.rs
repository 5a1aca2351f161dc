//! Monte Carlo simulation: determinism, stepping in chunks, degenerate estimates, the sampled
//! distributions' means, failure frequencies against the analytic delivery risk and argument
//! errors. The worked example of docs/decisions/simulation.md runs with every decision page in
//! `decisions.rs`.

use crate::common::{model, run_cli};
use aligngraph::analysis::{self, Options, Scores};
use aligngraph::decide::schedule::schedule;
use aligngraph::decide::simulate::{SimOptions, SimResult, Simulation, simulate};
use aligngraph::{Code, Model, demo};
use std::path::PathBuf;

fn scores(m: &Model) -> Scores {
    analysis::compute(m, &Options::default())
}

fn opts(runs: usize, seed: u64) -> SimOptions {
    SimOptions {
        runs,
        seed,
        ..SimOptions::default()
    }
}

fn run(m: &Model, o: &SimOptions) -> SimResult {
    simulate(m, &scores(m), o).unwrap()
}

fn json(r: &SimResult) -> String {
    serde_json::to_string(r).unwrap()
}

fn demo_model() -> Model {
    model(demo::DEMO_JSON)
}

#[test]
fn the_same_seed_gives_identical_json_and_another_seed_differs() {
    let m = demo_model();
    let a = json(&run(&m, &opts(2000, 7)));
    let b = json(&run(&m, &opts(2000, 7)));
    let c = json(&run(&m, &opts(2000, 8)));
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn stepping_in_chunks_equals_one_call() {
    let m = demo_model();
    let s = scores(&m);
    for o in [
        opts(1000, 11),
        SimOptions {
            distribution: "triangular".into(),
            deadline: Some(20.0),
            top_n: 3,
            ..opts(1000, 12)
        },
    ] {
        let whole = json(&simulate(&m, &s, &o).unwrap());
        let mut sim = Simulation::new(&m, &s, &o).unwrap();
        assert_eq!(sim.step(7), 7);
        assert_eq!(sim.step(993), 1000);
        assert_eq!(sim.step(50), 1000, "never beyond the runs asked for");
        assert_eq!(json(&sim.result()), whole);

        let mut sim = Simulation::new(&m, &s, &o).unwrap();
        for i in 1..=100 {
            assert_eq!(sim.step(10), 10 * i);
        }
        assert_eq!(sim.done(), 1000);
        assert_eq!(json(&sim.result()), whole);
    }
    // 100 x 100.
    let o = opts(10_000, 5);
    let whole = json(&simulate(&m, &s, &o).unwrap());
    let mut sim = Simulation::new(&m, &s, &o).unwrap();
    for _ in 0..100 {
        sim.step(100);
    }
    assert_eq!(json(&sim.result()), whole);
}

#[test]
fn a_partial_result_covers_the_runs_done() {
    let m = demo_model();
    let s = scores(&m);
    let mut sim = Simulation::new(&m, &s, &opts(500, 3)).unwrap();
    sim.step(1);
    let r = sim.result();
    assert_eq!(r.runs, 1);
    assert_eq!(r.finish.min, r.finish.max);
    assert_eq!(r.finish.histogram.counts, [1]);
    sim.step(99);
    assert_eq!(sim.result(), simulate(&m, &s, &opts(100, 3)).unwrap());
}

fn pert14_degenerate() -> Model {
    // The pert-14 network with every estimate collapsed to its likely value, plus a fixed
    // duration and a planned start.
    let nodes = [
        ("A", 5),
        ("B", 2),
        ("C", 5),
        ("D", 8),
        ("E", 10),
        ("F", 5),
        ("G", 6),
    ];
    let mut ns: Vec<String> = nodes
        .iter()
        .map(|(id, d)| {
            format!(
                r#"{{"id": "{id}", "kind": "initiative", "estimate": {{"optimistic": {d}, "likely": {d}, "pessimistic": {d}}}}}"#
            )
        })
        .collect();
    ns.push(r#"{"id": "H", "kind": "initiative", "duration": 3, "start": 21}"#.into());
    let edges = [
        ("C", "A"),
        ("D", "A"),
        ("E", "C"),
        ("E", "B"),
        ("F", "D"),
        ("G", "D"),
        ("H", "E"),
        ("H", "F"),
    ];
    let es: Vec<String> = edges
        .iter()
        .map(|(f, t)| format!(r#"{{"from": "{f}", "to": "{t}", "kind": "depends_on"}}"#))
        .collect();
    model(&format!(
        r#"{{"format": "aligngraph", "version": 1, "nodes": [{}], "edges": [{}]}}"#,
        ns.join(","),
        es.join(",")
    ))
}

#[test]
fn degenerate_estimates_without_risk_finish_at_the_cpm_duration_every_run() {
    let m = pert14_degenerate();
    let t = schedule(&m, None).unwrap().duration;
    assert_eq!(t, 24.0);
    for dist in ["pert", "triangular"] {
        let r = run(
            &m,
            &SimOptions {
                distribution: dist.into(),
                ..opts(500, 9)
            },
        );
        assert_eq!((r.finish.min, r.finish.max, r.finish.mean), (t, t, t));
        assert_eq!(r.finish.std_dev, 0.0);
        assert_eq!(r.finish.histogram.counts, [500]);
        assert!(r.initiatives.iter().all(|i| i.p_delivered == 1.0));
    }
}

fn single(o: f64, m: f64, p: f64) -> Model {
    model(&format!(
        r#"{{"format": "aligngraph", "version": 1, "nodes": [{{"id": "a", "kind": "initiative", "cost": 600,
            "estimate": {{"optimistic": {o}, "likely": {m}, "pessimistic": {p}}}}}]}}"#
    ))
}

/// Checks the finish of `r`, sampled `runs` times, against a distribution's mean and variance:
/// the mean within four standard errors, the standard deviation within 3%. Returns the standard
/// error.
fn assert_finish_moments(r: &SimResult, runs: usize, mean: f64, var: f64) -> f64 {
    let se = (var / runs as f64).sqrt();
    assert!(
        (r.finish.mean - mean).abs() <= 4.0 * se,
        "mean {} vs {mean} (se {se})",
        r.finish.mean
    );
    assert!((r.finish.std_dev / var.sqrt() - 1.0).abs() < 0.03);
    se
}

#[test]
fn a_beta_pert_activity_has_the_pert_mean_and_variance() {
    let (o, m, p) = (2.0, 5.0, 14.0);
    let runs = 40_000;
    let r = run(&single(o, m, p), &opts(runs, 2024));
    let mean = (o + 4.0 * m + p) / 6.0;
    // Beta-PERT variance: (mean - o)(p - mean) / 7.
    let var = (mean - o) * (p - mean) / 7.0;
    let se = assert_finish_moments(&r, runs, mean, var);
    assert!(r.finish.min >= o && r.finish.max <= p);
    // Cost scales with the drawn duration around the given cost.
    let cse = 600.0 / mean * se;
    assert!((r.cost.mean - 600.0).abs() <= 4.0 * cse, "{}", r.cost.mean);
    assert!(r.finish.p10 <= r.finish.p50 && r.finish.p50 <= r.finish.p80);
    assert!(r.finish.p80 <= r.finish.p90);
    assert_eq!(r.finish.histogram.counts.len(), 30);
    assert_eq!(r.finish.histogram.counts.iter().sum::<u64>(), runs as u64);
}

#[test]
fn a_triangular_activity_has_the_triangular_mean_and_variance() {
    let (o, m, p) = (2.0, 5.0, 14.0);
    let runs = 40_000;
    let r = run(
        &single(o, m, p),
        &SimOptions {
            distribution: "triangular".into(),
            ..opts(runs, 77)
        },
    );
    let mean = (o + m + p) / 3.0;
    let var = (o * o + m * m + p * p - o * m - o * p - m * p) / 18.0;
    assert_finish_moments(&r, runs, mean, var);
    assert_eq!(r.distribution, "triangular");
}

#[test]
fn on_a_forest_failure_frequencies_match_the_analytic_delivery_risk() {
    let m = model(
        r#"{"format": "aligngraph", "version": 1, "nodes": [
        {"id": "g", "kind": "goal"},
        {"id": "app-1", "kind": "application", "risk": 0.1},
        {"id": "app-2", "kind": "application", "risk": 0.25},
        {"id": "i1", "kind": "initiative", "risk": 0.2, "duration": 1},
        {"id": "i2", "kind": "initiative", "risk": 0.05, "duration": 1},
        {"id": "i3", "kind": "initiative", "risk": 0.3, "duration": 1},
        {"id": "i4", "kind": "initiative", "risk": 0.15, "duration": 1},
        {"id": "i5", "kind": "initiative", "duration": 1},
        {"id": "i6", "kind": "initiative", "duration": 1},
        {"id": "old", "kind": "initiative", "status": "done", "risk": 0.9},
        {"id": "i7", "kind": "initiative", "risk": 0.1, "duration": 1}],
      "edges": [
        {"from": "i1", "to": "app-1", "kind": "depends_on"},
        {"from": "i2", "to": "i1", "kind": "depends_on"},
        {"from": "i3", "to": "app-1", "kind": "depends_on"},
        {"from": "i5", "to": "app-2", "kind": "depends_on"},
        {"from": "i7", "to": "old", "kind": "depends_on"},
        {"from": "i1", "to": "g", "kind": "contributes", "weight": 0.5},
        {"from": "i6", "to": "g", "kind": "contributes", "weight": 0.5}]}"#,
    );
    let s = scores(&m);
    let runs = 40_000;
    let r = simulate(&m, &s, &opts(runs, 31)).unwrap();
    let mut checked = 0;
    for ini in &r.initiatives {
        let v = m.find(&ini.id).unwrap() as usize;
        let p = s.delivery_risk[v];
        let got = 1.0 - ini.p_delivered;
        let se = (p * (1.0 - p) / runs as f64).sqrt();
        assert!(
            (got - p).abs() <= 4.0 * se,
            "{}: failure frequency {got} vs delivery risk {p} (se {se})",
            ini.id
        );
        checked += usize::from(p > 0.0);
    }
    assert!(checked >= 5);
    // i6 never fails, so g is never uncovered.
    assert_eq!(r.goals[0].p_uncovered, 0.0);
    let i6 = r.initiatives.iter().find(|i| i.id == "i6").unwrap();
    assert_eq!(i6.p_delivered, 1.0);
}

#[test]
fn a_depends_on_edge_passes_failure_on_with_its_weight() {
    let m = model(
        r#"{"format": "aligngraph", "version": 1, "nodes": [
        {"id": "x", "kind": "initiative", "status": "cancelled"},
        {"id": "a", "kind": "initiative", "duration": 1},
        {"id": "b", "kind": "initiative", "duration": 1},
        {"id": "c", "kind": "initiative", "duration": 1}],
      "edges": [
        {"from": "a", "to": "x", "kind": "depends_on", "weight": 0},
        {"from": "b", "to": "x", "kind": "depends_on", "weight": 0.5},
        {"from": "c", "to": "x", "kind": "depends_on"}]}"#,
    );
    let runs = 20_000;
    let r = run(&m, &opts(runs, 4));
    let p: Vec<f64> = r.initiatives.iter().map(|i| i.p_delivered).collect();
    assert_eq!(p[0], 1.0);
    assert!(
        (p[1] - 0.5).abs() <= 4.0 * (0.25 / runs as f64).sqrt(),
        "{}",
        p[1]
    );
    assert_eq!(p[2], 0.0);
}

#[test]
fn rank_stability_and_deadline_shares() {
    let m = demo_model();
    let r = run(
        &m,
        &SimOptions {
            top_n: 1000,
            deadline: Some(1e9),
            ..opts(300, 1)
        },
    );
    assert!(r.initiatives.iter().all(|i| i.p_top == 1.0));
    assert_eq!(r.p_deadline, Some(1.0));
    let mut ranks: Vec<usize> = r.initiatives.iter().map(|i| i.baseline_rank).collect();
    ranks.sort();
    assert_eq!(ranks, (1..=r.initiatives.len()).collect::<Vec<_>>());
    let r = run(&m, &opts(300, 1));
    let total: f64 = r.initiatives.iter().map(|i| i.p_top).sum();
    assert!((total - 5.0).abs() < 1e-9, "top 5 each run: {total}");
    assert_eq!(r.p_deadline, None);
}

#[test]
fn bad_arguments_are_invalid_argument_errors() {
    let m = demo_model();
    let s = scores(&m);
    for (o, field) in [
        (opts(0, 1), "runs"),
        (opts(1_000_001, 1), "runs"),
        (
            SimOptions {
                distribution: "lognormal".into(),
                ..opts(10, 1)
            },
            "distribution",
        ),
        (
            SimOptions {
                top_n: 0,
                ..opts(10, 1)
            },
            "top",
        ),
        (
            SimOptions {
                deadline: Some(f64::INFINITY),
                ..opts(10, 1)
            },
            "deadline",
        ),
    ] {
        let err = Simulation::new(&m, &s, &o).unwrap_err();
        assert_eq!(err.code, Code::InvalidArgument, "{o:?}");
        assert_eq!(err.place.field.as_deref(), Some(field));
    }
}

#[test]
fn the_command_line_is_deterministic_and_reports_bad_arguments() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("simulate-cli");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("model.json"), demo::DEMO_JSON).unwrap();
    let args = ["simulate", "model.json", "--runs", "500", "--seed", "42"];
    let a = run_cli(&dir, &args);
    let b = run_cli(&dir, &args);
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert_eq!(a.stdout, b.stdout);
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v["runs"], 500);
    assert_eq!(v["seed"], 42);
    assert_eq!(v["distribution"], "pert");
    for (extra, word) in [
        (&["--runs", "0"][..], "runs"),
        (
            &["--runs", "5", "--distribution", "uniform"][..],
            "distribution",
        ),
    ] {
        let mut args = vec!["simulate", "model.json"];
        args.extend_from_slice(extra);
        let out = run_cli(&dir, &args);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("INVALID_ARGUMENT") && err.contains(word),
            "{err}"
        );
    }
}
