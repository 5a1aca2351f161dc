//! The command line: JSON on stdout, diagnostics on stderr, exit codes.

use crate::common::{root, run_cli, select};
use serde_json::Value;

fn tmp(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("aligngraph-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn score_demo_prints_the_report_with_the_deliberate_problems() {
    let out = run_cli(&root(), &["score", "--demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["model"]["nodes"], 120);
    assert_eq!(
        r["kpis"]["orphan_initiatives"],
        serde_json::json!(["ini-boardroom-av"])
    );
    assert_eq!(
        r["kpis"]["uncovered_goals"],
        serde_json::json!(["g-data-literacy"])
    );
    let spof = select(
        &r,
        "structure.single_points_of_failure[id=cap-customer-data].goals",
    )
    .unwrap();
    assert!(
        spof.as_array()
            .unwrap()
            .contains(&Value::from("g-customer-retention")),
        "{spof}"
    );
    assert_eq!(r["kpis"]["dependency_cycles"], 0);
    assert_eq!(
        r["kpis"]["conflicting_initiatives"],
        serde_json::json!(["ini-low-cost-cells"])
    );
    let ai = r["kpis"]["alignment_index"].as_f64().unwrap();
    assert!(ai > 0.0 && ai < 1.0);
}

#[test]
fn score_explain_adds_paths_and_blast_radius() {
    let out = run_cli(
        &root(),
        &["score", "--demo", "--explain", "ini-cdp", "--paths", "3"],
    );
    assert!(out.status.success());
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ex = &r["explain"];
    assert_eq!(ex["id"], "ini-cdp");
    let paths = ex["paths"].as_array().unwrap();
    assert!(!paths.is_empty() && paths.len() <= 3);
    assert_eq!(paths[0]["nodes"][0], "ini-cdp");
    // Paths are sorted by contribution, and each path's strength is the product of its weights.
    for p in paths {
        let prod: f64 = p["weights"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_f64().unwrap())
            .product();
        assert!((prod - p["strength"].as_f64().unwrap()).abs() < 1e-12);
    }
    let contribs: Vec<f64> = paths
        .iter()
        .map(|p| p["contribution"].as_f64().unwrap())
        .collect();
    assert!(contribs.windows(2).all(|w| w[0] >= w[1]));
    assert!(
        ex["blast_radius"]["fails"]
            .as_array()
            .unwrap()
            .contains(&Value::from("ini-cdp"))
    );
}

#[test]
fn explain_of_an_unknown_node_is_a_clear_error() {
    let out = run_cli(&root(), &["score", "--demo", "--explain", "nope"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("\"nope\""), "{err}");
}

#[test]
fn invalid_model_fails_with_line_and_column_on_stderr() {
    let p = tmp(
        "bad.json",
        "{\"nodes\": [\n  {\"id\": \"a\", \"kind\": \"goal\"},\n  {\"id\": \"a\", \"kind\": \"goal\"}\n]}",
    );
    let out = run_cli(&root(), &["score", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("DUPLICATE_ID") && err.contains("line 3"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn validate_lists_diagnostics_as_json() {
    let p = tmp(
        "cycle.json",
        r#"{"nodes": [{"id": "a", "kind": "application"}, {"id": "b", "kind": "application"}],
        "edges": [{"from": "a", "to": "b", "kind": "depends_on"}, {"from": "b", "to": "a", "kind": "depends_on"}]}"#,
    );
    let out = run_cli(&root(), &["validate", p.to_str().unwrap()]);
    assert!(out.status.success());
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["valid"], true);
    assert_eq!(r["diagnostics"][0]["code"], "DEPENDENCY_CYCLE");
    assert_eq!(r["diagnostics"][0]["severity"], "warning");

    let p = tmp(
        "dangling.json",
        r#"{"nodes": [{"id": "a", "kind": "goal"}], "edges": [{"from": "a", "to": "zz", "kind": "part_of"}]}"#,
    );
    let out = run_cli(&root(), &["validate", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["valid"], false);
    assert_eq!(r["diagnostics"][0]["code"], "UNKNOWN_NODE");
    assert_eq!(r["diagnostics"][0]["place"]["edge"], 0);
}

#[test]
fn reads_the_model_from_stdin() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_aligngraph"))
        .args(["centrality", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(br#"{"nodes": [{"id": "a", "kind": "application"}, {"id": "b", "kind": "application"}], "edges": [{"from": "a", "to": "b", "kind": "depends_on"}]}"#)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let (a, b) = (
        r["pagerank"]["a"].as_f64().unwrap(),
        r["pagerank"]["b"].as_f64().unwrap(),
    );
    assert!((a + b - 1.0).abs() < 1e-12 && b > a);
}

#[test]
fn the_same_input_gives_byte_identical_output() {
    let a = run_cli(&root(), &["score", "--demo", "--explain", "ini-mdm"]);
    let b = run_cli(&root(), &["score", "--demo", "--explain", "ini-mdm"]);
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn bad_damping_and_missing_files_are_usage_errors() {
    let out = run_cli(&root(), &["centrality", "x.json", "--damping", "1.5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--damping"));
    let out = run_cli(&root(), &["score", "/nonexistent/model.json"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/model.json"));
}

#[test]
fn non_utf8_file_is_reported_with_its_line() {
    let dir = std::env::temp_dir().join(format!("aligngraph-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("latin1.json");
    std::fs::write(
        &p,
        b"{\"nodes\": [\n{\"id\": \"caf\xe9\", \"kind\": \"goal\"}]}",
    )
    .unwrap();
    let out = run_cli(&root(), &["score", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(":2:") && err.contains("not UTF-8"), "{err}");
}

#[test]
fn demo_and_generate_write_loadable_models() {
    let out = run_cli(&root(), &["demo"]);
    assert!(out.status.success());
    let (m, d) = aligngraph::load_json(std::str::from_utf8(&out.stdout).unwrap());
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(m.nodes.len(), 120);
    let out = run_cli(&root(), &["generate", "--nodes", "500", "--seed", "7"]);
    let (m, d) = aligngraph::load_json(std::str::from_utf8(&out.stdout).unwrap());
    assert!(!aligngraph::diagnostics::has_errors(&d));
    assert!(m.nodes.len() >= 500 && m.edges.len() > 2000);
}

#[test]
fn explain_lists_the_paths_that_work_against_a_goal() {
    let out = run_cli(
        &root(),
        &["score", "--demo", "--explain", "ini-low-cost-cells"],
    );
    assert!(out.status.success());
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ex = &r["explain"];
    assert!(ex["conflict"].as_f64().unwrap() > 0.0);
    let paths = ex["conflict_paths"].as_array().unwrap();
    assert!(!paths.is_empty());
    for p in paths {
        let w: Vec<f64> = p["weights"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_f64().unwrap())
            .collect();
        assert_eq!(w.iter().filter(|&&x| x < 0.0).count(), 1, "{p}");
        let prod: f64 = w.iter().map(|x| x.abs()).product();
        assert!((prod - p["strength"].as_f64().unwrap()).abs() < 1e-12);
        assert_eq!(p["nodes"][0], "ini-low-cost-cells");
        assert_eq!(p["nodes"].as_array().unwrap().last().unwrap(), &p["goal"]);
    }
    assert_eq!(paths[0]["goal"], "g-sustainability");
}
