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
    assert_eq!(r["model"]["nodes"], 132);
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
    assert!(
        err.contains("error[INVALID_JSON] at line 2") && err.contains("not UTF-8"),
        "{err}"
    );
}

#[test]
fn demo_and_generate_write_loadable_models() {
    let out = run_cli(&root(), &["demo"]);
    assert!(out.status.success());
    let (m, d) = aligngraph::load_json(std::str::from_utf8(&out.stdout).unwrap());
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(m.nodes.len(), 132);
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

#[test]
fn score_csv_has_one_row_per_node_matching_the_json_report() {
    let out = run_cli(&root(), &["score", "--demo", "--csv"]);
    assert!(out.status.success());
    let json: Value =
        serde_json::from_slice(&run_cli(&root(), &["score", "--demo"]).stdout).unwrap();
    let mut rows = csv::Reader::from_reader(&out.stdout[..]);
    let header = rows.headers().unwrap().clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        aligngraph::formats::scores_csv::COLUMNS
    );
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut n = 0;
    for row in rows.records() {
        let row = row.unwrap();
        let id = &row[col("id")];
        let node = select(&json, &format!("nodes[id={id}]")).unwrap();
        let alignment: f64 = row[col("alignment")].parse().unwrap();
        assert_eq!(alignment, node["alignment"].as_f64().unwrap(), "{id}");
        let risk: f64 = row[col("delivery_risk")].parse().unwrap();
        assert_eq!(risk, node["delivery_risk"].as_f64().unwrap(), "{id}");
        if let Some(goal) = select(&json, &format!("goals[id={id}]")) {
            let cov: f64 = row[col("coverage")].parse().unwrap();
            assert_eq!(cov, goal["coverage"].as_f64().unwrap(), "{id}");
        } else {
            assert_eq!(&row[col("coverage")], "", "{id}");
        }
        n += 1;
    }
    assert_eq!(n, 132);
}

const PAGE: &str = "<!doctype html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'sha256-x'\"></head><body>\n<script type=\"application/octet-stream\" id=\"aligngraph-wasm\">AGFzbQ==</script>\n<script type=\"module\">boot()</script></body></html>";

#[test]
fn bundle_embeds_the_model_as_inert_data_and_replaces_an_earlier_one() {
    let template = tmp("page.html", PAGE);
    let text = "{\"format\": \"aligngraph\", \"version\": 1, \"name\": \"</script><script>alert(1)</script>\",\n \"nodes\": [{\"id\": \"g\", \"kind\": \"goal\"}], \"edges\": []}";
    let model = tmp("board.json", text);
    let out_path =
        std::env::temp_dir().join(format!("aligngraph-board-{}.html", std::process::id()));
    let args = |t: &std::path::Path| {
        vec![
            "bundle".to_string(),
            model.display().to_string(),
            "--template".into(),
            t.display().to_string(),
            "-o".into(),
            out_path.display().to_string(),
        ]
    };
    let run = |t: &std::path::Path| {
        let a = args(t);
        run_cli(&root(), &a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let out = run(&template);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&out_path).unwrap();
    // The CSP, the Wasm and the boot script are untouched; the name cannot close the element.
    assert!(html.starts_with(&PAGE[..PAGE.find("<body>").unwrap() + "<body>".len()]));
    assert!(html.contains(&PAGE[PAGE.find("<script type=\"application/octet").unwrap()..]));
    assert!(html.contains("<script type=\"module\">boot()</script>"));
    assert_eq!(html.matches("<script").count(), 3, "{html}");
    let start = html.find("id=\"aligngraph-model\">").unwrap() + "id=\"aligngraph-model\">".len();
    let data = &html[start..start + html[start..].find("</script>").unwrap()];
    assert!(!data.contains('<'));
    let back: Value = serde_json::from_str(data).unwrap();
    assert_eq!(back["name"], "</script><script>alert(1)</script>");
    // Bundling the bundle again replaces the model rather than adding a second one.
    let again = tmp("again.html", &html);
    assert!(run(&again).status.success());
    let html2 = std::fs::read_to_string(&out_path).unwrap();
    assert_eq!(html2.matches("id=\"aligngraph-model\"").count(), 1);
    assert_eq!(html2, html);
}

#[test]
fn bundle_refuses_a_broken_model_and_a_template_that_is_not_a_dashboard() {
    let template = tmp("page2.html", PAGE);
    let bad = tmp(
        "bad-board.json",
        "{\"format\": \"aligngraph\", \"version\": 1,\n \"nodes\": [{\"id\": \"g\", \"kind\": \"gaol\"}], \"edges\": []}",
    );
    let out_path = std::env::temp_dir().join(format!("aligngraph-bad-{}.html", std::process::id()));
    let o = out_path.display().to_string();
    let out = run_cli(
        &root(),
        &[
            "bundle",
            bad.to_str().unwrap(),
            "--template",
            template.to_str().unwrap(),
            "-o",
            &o,
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 2") && err.contains("did you mean \"goal\""),
        "{err}"
    );
    assert!(!out_path.exists());

    let good = tmp("good-board.json", aligngraph::demo::DEMO_JSON);
    let not_page = tmp("plain.html", "<html><body>hello</body></html>");
    let out = run_cli(
        &root(),
        &[
            "bundle",
            good.to_str().unwrap(),
            "--template",
            not_page.to_str().unwrap(),
            "-o",
            &o,
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not a single-file aligngraph dashboard")
    );
}

#[test]
fn gaps_explains_the_demo_zeros_and_explain_carries_them() {
    let out = run_cli(&root(), &["gaps", "--demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The demo's deliberate orphan and uncovered goal, each with its route and change.
    assert_eq!(r["initiatives"][0]["id"], "ini-boardroom-av");
    assert_eq!(r["initiatives"][0]["cause"], "unscored_route");
    assert_eq!(r["initiatives"][0]["kept_not_scored"]["depends_on"], 1);
    assert_eq!(r["goals"][0]["id"], "g-data-literacy");
    assert!(
        r["goals"][0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("No active initiative reaches \"Build a data-literate workforce\"")
    );
    assert_eq!(r["causes"]["unscored_route"], 2);
    let out = run_cli(
        &root(),
        &[
            "score",
            "--demo",
            "--explain",
            "ini-boardroom-av",
            "--compact",
        ],
    );
    let e: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(e["explain"]["why_zero"], r["initiatives"][0]);
    // A node that scores is explained without a why_zero.
    let out = run_cli(
        &root(),
        &["score", "--demo", "--explain", "ini-cdp", "--compact"],
    );
    let e: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(e["explain"].get("why_zero").is_none());
    // A missing file is the usual clear error.
    let out = run_cli(&root(), &["gaps", "no-such-model.json"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-model.json"));
}
