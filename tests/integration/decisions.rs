//! Portfolio decisions shared by every method: the worked examples of docs/decisions/*.md run
//! through the command line, AHP (bad input, recovery of known weights) and the PMBOK
//! probability x impact matrix.

use crate::common::{approx_eq, fenced_blocks, root, run_cli, select};
use aligngraph::decide::{ahp, risk_matrix};
use aligngraph::formats::limits::Limits;
use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;

/// Runs every ```command example=NAME``` of one document: the ```json example=NAME``` block is
/// written to the file the command names (model.json or input.json) and the output is checked
/// against the ```expect example=NAME``` lines (numbers within 1e-9). Returns how many examples
/// ran and how many `path = value` lines were checked.
fn run_examples(doc: &std::path::Path) -> (usize, usize) {
    let md = std::fs::read_to_string(doc).unwrap();
    let mut inputs = BTreeMap::new();
    let mut commands = BTreeMap::new();
    let mut expects = BTreeMap::new();
    for b in fenced_blocks(&md) {
        let Some(name) = b.attr("example").map(str::to_string) else {
            continue;
        };
        match b.lang() {
            "json" => inputs.insert(name, b.body),
            "command" => commands.insert(name, b.body.trim().to_string()),
            "expect" => expects.insert(name, b.body),
            _ => None,
        };
    }
    let doc_name = doc.file_name().unwrap().to_string_lossy().into_owned();
    let mut total = 0;
    for (name, command) in &commands {
        let dir = tempfile_dir(&format!("{doc_name}-{name}"));
        let words = split_words(command);
        let args: Vec<&str> = words.iter().skip(1).map(String::as_str).collect();
        let input = inputs
            .get(name)
            .unwrap_or_else(|| panic!("{doc_name}: example {name} has no json block"));
        let file = args
            .iter()
            .find(|a| a.ends_with(".json"))
            .unwrap_or_else(|| panic!("{doc_name}: example {name}: the command names no file"));
        std::fs::write(dir.join(file), input).unwrap();
        let out = run_cli(&dir, &args);
        assert!(
            out.status.success(),
            "{doc_name}: example {name}: `{command}` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got: Value = serde_json::from_slice(&out.stdout).unwrap();
        let expect = expects
            .get(name)
            .unwrap_or_else(|| panic!("{doc_name}: example {name} has no expect block"));
        let mut checked = 0;
        for line in expect.lines().filter(|l| !l.trim().is_empty()) {
            let (path, want) = line
                .split_once(" = ")
                .unwrap_or_else(|| panic!("{doc_name}: example {name}: bad line {line:?}"));
            let want: Value = serde_json::from_str(want.trim()).unwrap_or_else(|e| {
                panic!("{doc_name}: example {name}: {line:?} is not JSON: {e}")
            });
            let have = select(&got, path.trim()).unwrap_or_else(|| {
                panic!("{doc_name}: example {name}: {path} is not in the output:\n{got:#}")
            });
            assert!(
                approx_eq(have, &want, 1e-9),
                "{doc_name}: example {name}: {path} is {have}, the document says {want}"
            );
            checked += 1;
        }
        assert!(checked > 0, "{doc_name}: example {name} checks nothing");
        total += checked;
        let _ = std::fs::remove_dir_all(&dir);
    }
    (commands.len(), total)
}

/// Splits a command line on spaces, keeping "double-quoted words" together.
fn split_words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for ch in line.chars() {
        match ch {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    out
}

fn tempfile_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "aligngraph-docs-{}-{}",
        std::process::id(),
        tag.replace(['/', '.'], "-")
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The decision pages and the fewest `path = value` checks each must run.
const LEAST_CHECKS: [(&str, usize); 6] = [
    ("ahp.md", 1),
    ("optimisation.md", 8),
    ("prioritisation.md", 8),
    ("scenarios.md", 1),
    ("schedule.md", 1),
    ("simulation.md", 1),
];

#[test]
fn every_worked_example_in_the_decision_docs_holds() {
    let dir = root().join("docs/decisions");
    let mut docs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    let mut per_doc = BTreeMap::new();
    for d in &docs {
        per_doc.insert(
            d.file_name().unwrap().to_string_lossy().into_owned(),
            run_examples(d),
        );
    }
    let empty: Vec<&str> = per_doc
        .iter()
        .filter(|(_, (examples, _))| *examples == 0)
        .map(|(d, _)| d.as_str())
        .collect();
    assert!(
        empty.is_empty(),
        "documents without a worked example: {empty:?}"
    );
    for (doc, least) in LEAST_CHECKS {
        let checks = per_doc.get(doc).map(|(_, c)| *c);
        assert!(
            checks.is_some_and(|c| c >= least),
            "{doc}: {checks:?} checks, expected at least {least} ({per_doc:?})"
        );
    }
}

fn ahp_cli(input: &str) -> (bool, String, String) {
    let dir = tempfile_dir("ahp-cli");
    let file = dir.join(format!("in-{}.json", input.len()));
    std::fs::write(&file, input).unwrap();
    let out = run_cli(&dir, &["ahp", file.to_str().unwrap()]);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn ahp_refuses_bad_matrices_naming_the_entry() {
    let cases = [
        (
            r#"{"matrix": [[1, 3], [3, 1]]}"#,
            "INVALID_MATRIX",
            "/matrix/1/0",
            "not reciprocal",
        ),
        (
            r#"{"matrix": [[1, -2], [-0.5, 1]]}"#,
            "INVALID_MATRIX",
            "/matrix/0/1",
            "positive",
        ),
        (
            r#"{"matrix": [[1, 0], [0, 1]]}"#,
            "INVALID_MATRIX",
            "/matrix/0/1",
            "positive",
        ),
        (
            r#"{"matrix": [[1, 2, 3], [0.5, 1]]}"#,
            "INVALID_MATRIX",
            "/matrix/0",
            "2 x 2",
        ),
        (r#"{"matrix": []}"#, "INVALID_MATRIX", "/matrix", "empty"),
        (
            r#"{"matrix": [[2, 1], [1, 1]]}"#,
            "INVALID_MATRIX",
            "/matrix/0/0",
            "diagonal",
        ),
        (
            r#"{"matrix": [[1, "3"], [0.33, 1]]}"#,
            "WRONG_TYPE",
            "/matrix/0/1",
            "must be a number",
        ),
        (
            r#"{"matrix": [[1, 2], [0.5, 1]], "labels": ["a"]}"#,
            "INVALID_VALUE",
            "field \"labels\"",
            "1 label(s) for a 2 x 2 matrix",
        ),
        (
            "{\"matrix\": [[1, 2],\n [0.5, 1]",
            "INVALID_JSON",
            "line 2",
            "not valid JSON",
        ),
        (
            r#"{"labels": []}"#,
            "MISSING_FIELD",
            "matrix",
            "no \"matrix\"",
        ),
    ];
    for (input, code, place, words) in cases {
        let (ok, stdout, stderr) = ahp_cli(input);
        assert!(!ok, "{input} was accepted: {stdout}");
        assert!(stdout.is_empty(), "{input}: printed {stdout}");
        assert!(
            stderr.contains(code) && stderr.contains(place) && stderr.contains(words),
            "{input}: expected {code} at {place} ({words}), got: {stderr}"
        );
    }
    let big: Vec<Vec<f64>> = vec![vec![1.0; 16]; 16];
    let err = ahp::ahp(&big, None).unwrap_err();
    assert_eq!(err.code.as_str(), "INVALID_MATRIX");
    assert!(err.message.contains("at most 15"), "{}", err.message);
}

#[test]
fn ahp_accepts_two_decimal_reciprocals_and_flags_inconsistency() {
    let (ok, stdout, stderr) = ahp_cli(
        r#"{"matrix": [[1, 3, 0.2], [0.33, 1, 5], [5, 0.2, 1]], "labels": ["a", "b", "c"]}"#,
    );
    assert!(ok, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["consistent"], Value::Bool(false));
    assert!(v["cr"].as_f64().unwrap() > 0.10);
    assert!(
        stderr.contains("INCONSISTENT") && stderr.contains("is above 0.10"),
        "{stderr}"
    );
    let j = &v["most_inconsistent"];
    let label = |k: &str| j[k].as_str().unwrap().to_string();
    assert!(
        [label("row_label"), label("col_label")]
            .iter()
            .all(|l| ["a", "b", "c"].contains(&l.as_str())),
        "{j}"
    );
}

#[test]
fn ahp_of_a_two_by_two_is_the_ratio_with_cr_zero() {
    let r = ahp::ahp(&[vec![1.0, 4.0], vec![0.25, 1.0]], None).unwrap();
    assert!((r.weights[0] - 0.8).abs() < 1e-12 && (r.weights[1] - 0.2).abs() < 1e-12);
    assert!((r.lambda_max - 2.0).abs() < 1e-12);
    assert_eq!(
        (r.cr, r.consistent, r.most_inconsistent.is_none()),
        (0.0, true, true)
    );
    assert_eq!(r.labels, ["1", "2"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A perfectly consistent matrix a_ij = w_i / w_j gives back w, lambda_max = n and CR = 0;
    /// perturbing one judgement makes that pair the most inconsistent.
    #[test]
    fn ahp_recovers_consistent_weights(ws in prop::collection::vec(0.05f64..1.0, 3..12)) {
        let sum: f64 = ws.iter().sum();
        let w: Vec<f64> = ws.iter().map(|x| x / sum).collect();
        let m: Vec<Vec<f64>> = w.iter().map(|a| w.iter().map(|b| a / b).collect()).collect();
        let r = ahp::ahp(&m, None).unwrap();
        for (got, want) in r.weights.iter().zip(&w) {
            prop_assert!((got - want).abs() < 1e-9, "{got} vs {want}");
        }
        prop_assert!((r.lambda_max - w.len() as f64).abs() < 1e-9);
        prop_assert!(r.cr.abs() < 1e-9 && r.consistent);

        let mut bent = m.clone();
        bent[0][1] *= 9.0;
        bent[1][0] /= 9.0;
        let r = ahp::ahp(&bent, None).unwrap();
        let j = r.most_inconsistent.unwrap();
        prop_assert_eq!((j.row, j.col), (0, 1));
        prop_assert!(r.lambda_max > w.len() as f64);
    }
}

#[test]
fn pmbok_probability_impact_matrix_oracle() {
    let dir = root().join("tests/fixtures/oracles/risk-pmbok-matrix");
    let input: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("input.json")).unwrap()).unwrap();
    let spec: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let nums = |v: &Value| -> Vec<f64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect()
    };
    let m = risk_matrix::matrix(&nums(&input["probability"]), &nums(&input["impact"])).unwrap();
    let got = serde_json::to_value(&m).unwrap();
    // Cells are exact (tolerance 0), products within 1e-12.
    assert_eq!(got["cells"], spec["expect"]["cells"]);
    assert!(approx_eq(
        &got["products"],
        &spec["expect"]["products"],
        1e-12
    ));
    // The two cells where rounding the binary product goes wrong.
    assert_eq!(
        (
            (0.7f64 * 0.05 * 100.0).round() / 100.0,
            risk_matrix::cell(0.7, 0.05)
        ),
        (0.03, Some(0.04))
    );
    assert_eq!(risk_matrix::cell(0.3, 0.05), Some(0.02));
    assert_eq!(risk_matrix::cell(f64::NAN, 0.5), None);
    assert_eq!(risk_matrix::product_rounded(-0.25, 0.1, 2), Some(-0.03));
}

fn scenario_model(scenarios: &str) -> String {
    let base = std::fs::read_to_string(root().join("docs/decisions/scenarios.md")).unwrap();
    let start = base.find("```json example=drop-the-crm\n").unwrap() + 29;
    let end = start + base[start..].find("```").unwrap();
    let mut v: Value = serde_json::from_str(&base[start..end]).unwrap();
    v["scenarios"] = serde_json::from_str(scenarios).unwrap();
    serde_json::to_string_pretty(&v).unwrap()
}

#[test]
fn a_bad_scenario_is_a_load_error_naming_its_change() {
    let cases = [
        (
            r#"[{"name": "x", "changes": [{"op": "cancel", "id": "ini-crn"}]}]"#,
            "UNKNOWN_NODE",
            "/scenarios/0/changes/0/id",
        ),
        (
            r#"[{"name": "x", "changes": [{"op": "cancel", "id": "cap-sales"}]}]"#,
            "INVALID_VALUE",
            "not an initiative",
        ),
        (
            r#"[{"name": "x", "changes": [{"op": "set", "id": "ini-crm", "field": "colour", "value": 1}]}]"#,
            "INVALID_VALUE",
            "not a numeric attribute",
        ),
        (
            r#"[{"name": "x", "changes": [{"op": "set", "id": "ini-crm", "field": "risk", "value": 1.5}]}]"#,
            "OUT_OF_RANGE",
            "/scenarios/0/changes/0/value",
        ),
        (
            r#"[{"name": "x", "changes": [{"op": "budget", "value": -5}]}]"#,
            "OUT_OF_RANGE",
            "out of range",
        ),
        (
            r#"[{"name": "x", "changes": [{"op": "drop", "id": "ini-crm"}]}]"#,
            "INVALID_VALUE",
            "expected one of cancel, approve, set, add, budget",
        ),
        (
            r#"[{"name": "x", "changes": [{"op": "add", "node": {"id": "ini-crm", "kind": "initiative"}}]}]"#,
            "DUPLICATE_ID",
            "already in the model",
        ),
        (
            r#"[{"name": "x", "changes": [{"op": "add", "node": {"id": "ini-n", "kind": "initiative"}, "edges": [{"from": "ini-n", "to": "nowhere", "kind": "supports"}]}]}]"#,
            "UNKNOWN_NODE",
            "do not load",
        ),
        (
            r#"[{"name": "x"}, {"name": "x"}]"#,
            "INVALID_VALUE",
            "two scenarios are named",
        ),
        (
            r#"[{"changes": []}]"#,
            "MISSING_FIELD",
            "non-empty \"name\"",
        ),
        (r#"{"name": "x"}"#, "WRONG_TYPE", "must be an array"),
    ];
    for (scenarios, code, words) in cases {
        let text = scenario_model(scenarios);
        let line = text
            .lines()
            .position(|l| l.contains("\"scenarios\""))
            .unwrap()
            + 1;
        let (_, diags) = aligngraph::load_json(&text);
        let d = diags
            .iter()
            .find(|d| d.is_error())
            .unwrap_or_else(|| panic!("{scenarios} loaded without error"));
        let shown = d.to_string();
        assert_eq!(d.code.as_str(), code, "{scenarios}: {shown}");
        assert!(shown.contains(words), "{scenarios}: {shown}");
        assert!(
            shown.contains(&format!("line {line}")),
            "{scenarios}: {shown}"
        );
        assert!(
            d.place
                .pointer
                .as_deref()
                .is_some_and(|p| p.starts_with("/scenarios")),
            "{shown}"
        );
    }
}

#[test]
fn scenarios_are_saved_replaced_and_deleted_in_the_model_file() {
    use aligngraph::workspace::Workspace;
    let mut ws = Workspace::load(&scenario_model("[]"), &Limits::PAGE).unwrap();
    let s: Value =
        serde_json::json!({"name": "Cut", "changes": [{"op": "cancel", "id": "ini-portal"}]});
    ws.save_scenario(&s).unwrap();
    let cut = ws.compare_scenario("Cut").unwrap();
    let cov = cut.kpis.iter().find(|k| k.kpi == "goal_coverage").unwrap();
    assert!((cov.scenario - 0.4).abs() < 1e-12, "{cov:?}");
    // Replacing by name keeps one scenario; the text written back holds it and reloads.
    let s2: Value = serde_json::json!({"name": "Cut", "description": "both", "changes": [
        {"op": "cancel", "id": "ini-portal"}, {"op": "cancel", "id": "ini-crm"}]});
    ws.save_scenario(&s2).unwrap();
    assert_eq!(ws.scenarios().len(), 1);
    let text = aligngraph::to_json(ws.model());
    let reloaded = Workspace::load(&text, &Limits::PAGE).unwrap();
    let both = reloaded.compare_scenario("Cut").unwrap();
    assert_eq!(both.description.as_deref(), Some("both"));
    assert_eq!(
        both.kpis
            .iter()
            .find(|k| k.kpi == "goal_coverage")
            .unwrap()
            .scenario,
        0.0
    );
    // A bad change is refused and leaves the saved ones alone.
    let bad: Value =
        serde_json::json!({"name": "Bad", "changes": [{"op": "cancel", "id": "nope"}]});
    let err = ws.save_scenario(&bad).unwrap_err();
    assert_eq!(err.code(), "UNKNOWN_NODE");
    assert_eq!(ws.scenarios().len(), 1);
    ws.delete_scenario("Cut").unwrap();
    assert!(ws.scenarios().is_empty());
    assert!(!aligngraph::to_json(ws.model()).contains("\"scenarios\""));
    assert_eq!(
        ws.delete_scenario("Cut").unwrap_err().code(),
        "UNKNOWN_SCENARIO"
    );
}

#[test]
fn an_unknown_scenario_lists_the_names_there_are() {
    let dir = tempfile_dir("scenario-cli");
    std::fs::write(
        dir.join("m.json"),
        scenario_model(r#"[{"name": "A", "changes": []}, {"name": "B c", "changes": []}]"#),
    )
    .unwrap();
    let out = run_cli(&dir, &["scenario", "m.json", "--name", "Z"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("UNKNOWN_SCENARIO") && err.contains("\"A\", \"B c\""),
        "{err}"
    );
    let ok = run_cli(&dir, &["scenario", "m.json", "--name", "B c"]);
    assert!(ok.status.success());
    let v: Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert!(
        v["kpis"]
            .as_array()
            .unwrap()
            .iter()
            .all(|k| k["delta"] == 0.0)
    );
    assert_eq!(v["reasons"], serde_json::json!([]));
}

#[test]
fn a_scenario_budget_compares_the_optimal_portfolios() {
    let text = scenario_model(
        r#"[{"name": "Lean", "changes": [{"op": "budget", "value": 150}]},
            {"name": "Lean, no portal", "changes": [{"op": "cancel", "id": "ini-portal"}, {"op": "budget", "value": 150}]}]"#,
    );
    let m = crate::common::model(&text);
    let lean = aligngraph::decide::scenario::compare(&m, "Lean").unwrap();
    assert_eq!(lean.budget, Some(150.0));
    let p = lean.portfolio.unwrap();
    // No benefits: alignment is the value (CRM 0.4 for 400, portal 0.3 for 100).
    assert_eq!(p["baseline"]["selected"], serde_json::json!(["ini-portal"]));
    assert_eq!(p["baseline"]["value_basis"], "alignment");
    assert_eq!(lean.reasons.len(), 1);
    assert!(
        lean.reasons[0].text.starts_with("at a budget of 150 the optimal portfolio funds 1 of 2 active initiatives (cost 100, value 0.3), leaving out New CRM"),
        "{}",
        lean.reasons[0].text
    );
    let none = aligngraph::decide::scenario::compare(&m, "Lean, no portal").unwrap();
    let p = none.portfolio.unwrap();
    assert_eq!(p["scenario"]["selected"], serde_json::json!([]));
    assert_eq!(p["scenario"]["value"], 0.0);
}
