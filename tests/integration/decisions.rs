//! Portfolio decisions shared by every method: the worked examples of docs/decisions/*.md run
//! through the command line, AHP (bad input, recovery of known weights) and the PMBOK
//! probability x impact matrix.

use crate::common::{approx_eq, root, run_cli, select};
use aligngraph::decide::{ahp, risk_matrix};
use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;

/// A fenced block of a Markdown file: its info string and body.
struct Block {
    info: String,
    body: String,
}

fn blocks(md: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut lines = md.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let mut body = String::new();
        for l in lines.by_ref() {
            if l.starts_with("```") {
                break;
            }
            body.push_str(l);
            body.push('\n');
        }
        out.push(Block {
            info: info.trim().to_string(),
            body,
        });
    }
    out
}

fn example_name(info: &str) -> Option<&str> {
    info.split_whitespace()
        .find_map(|w| w.strip_prefix("example="))
}

/// Runs every ```command example=NAME``` of one document: the ```json example=NAME``` block is
/// written to the file the command names (model.json or input.json) and the output is checked
/// against the ```expect example=NAME``` lines. Returns how many examples ran.
fn run_examples(doc: &std::path::Path) -> usize {
    let md = std::fs::read_to_string(doc).unwrap();
    let mut inputs = BTreeMap::new();
    let mut commands = BTreeMap::new();
    let mut expects = BTreeMap::new();
    for b in blocks(&md) {
        let Some(name) = example_name(&b.info).map(str::to_string) else {
            continue;
        };
        let kind = b.info.split_whitespace().next().unwrap_or("");
        match kind {
            "json" => inputs.insert(name, b.body),
            "command" => commands.insert(name, b.body.trim().to_string()),
            "expect" => expects.insert(name, b.body),
            _ => None,
        };
    }
    let doc_name = doc.file_name().unwrap().to_string_lossy().into_owned();
    for (name, command) in &commands {
        let dir = tempfile_dir(&format!("{doc_name}-{name}"));
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
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
        let _ = std::fs::remove_dir_all(&dir);
    }
    commands.len()
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
    let mut per_doc = Vec::new();
    for d in &docs {
        per_doc.push((
            d.file_name().unwrap().to_string_lossy().into_owned(),
            run_examples(d),
        ));
    }
    let empty: Vec<&str> = per_doc
        .iter()
        .filter(|(_, n)| *n == 0)
        .map(|(d, _)| d.as_str())
        .collect();
    assert!(
        empty.is_empty(),
        "documents without a worked example: {empty:?}"
    );
    assert!(per_doc.iter().any(|(d, _)| d == "ahp.md"), "{per_doc:?}");
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
