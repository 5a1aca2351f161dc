//! The published oracles (tests/fixtures/oracles, plus ../shared/oracles when present), run
//! through the command line exactly as their `command` field says, for the commands this build
//! has.

use crate::common::{root, run_cli};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Subcommands whose oracles this build answers.
const COMMANDS: &[&str] = &[
    "ahp",
    "applications",
    "capabilities",
    "costs",
    "finance",
    "centrality",
    "earned-value",
    "operations",
    "optimize",
    "schedule",
    "score",
    "simulate",
    "validate",
    "wsjf",
];

fn oracle_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for base in [
        root().join("tests/fixtures/oracles"),
        root().join("../shared/oracles"),
    ] {
        if let Ok(rd) = std::fs::read_dir(&base) {
            for e in rd.flatten() {
                if e.path().join("expected.json").exists() {
                    dirs.push(e.path());
                }
            }
        }
    }
    dirs.sort();
    dirs
}

fn tolerance(spec: &Value, path: &str) -> f64 {
    match spec {
        Value::Number(n) => n.as_f64().unwrap(),
        Value::Object(m) => {
            let mut best: Option<(usize, f64)> = None;
            for (k, v) in m {
                if k == "default" {
                    continue;
                }
                if (path == k || path.starts_with(&format!("{k}.")))
                    && best.is_none_or(|(len, _)| k.len() > len)
                {
                    best = Some((k.len(), v.as_f64().unwrap()));
                }
            }
            best.map(|b| b.1)
                .or_else(|| m.get("default").and_then(Value::as_f64))
                .unwrap_or(0.0)
        }
        _ => 0.0,
    }
}

fn compare(
    got: &Value,
    want: &Value,
    path: &str,
    tol: &Value,
    unordered: &[String],
    errs: &mut Vec<String>,
) {
    match (got, want) {
        (Value::Number(g), Value::Number(w)) => {
            let t = tolerance(tol, path);
            let (g, w) = (g.as_f64().unwrap(), w.as_f64().unwrap());
            if (g - w).abs() > t {
                errs.push(format!("{path}: got {g}, expected {w} (tolerance {t})"));
            }
        }
        (Value::Object(g), Value::Object(w)) => {
            for (k, wv) in w {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match g.get(k) {
                    Some(gv) => compare(gv, wv, &p, tol, unordered, errs),
                    None => errs.push(format!("{p}: missing in output")),
                }
            }
        }
        (Value::Array(g), Value::Array(w)) => {
            if g.len() != w.len() {
                errs.push(format!(
                    "{path}: got {} items, expected {}",
                    g.len(),
                    w.len()
                ));
                return;
            }
            if unordered.iter().any(|u| u == path) {
                let key = |v: &Value| v.to_string();
                let mut gs: Vec<String> = g.iter().map(key).collect();
                let mut ws: Vec<String> = w.iter().map(key).collect();
                gs.sort();
                ws.sort();
                if gs != ws {
                    errs.push(format!("{path}: got {gs:?}, expected {ws:?} (as sets)"));
                }
            } else {
                for (gv, wv) in g.iter().zip(w) {
                    compare(gv, wv, path, tol, unordered, errs);
                }
            }
        }
        _ => {
            if got != want {
                errs.push(format!("{path}: got {got}, expected {want}"));
            }
        }
    }
}

fn run_oracle(dir: &Path) -> Option<Result<(), String>> {
    let spec: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).ok()?).ok()?;
    let command = spec.get("command")?.as_str()?;
    let mut words = command.split_whitespace();
    if words.next() != Some("aligngraph") {
        return None;
    }
    let args: Vec<&str> = words.collect();
    if !COMMANDS.contains(args.first()?) {
        return None;
    }
    let out = run_cli(dir, &args);
    if !out.status.success() {
        return Some(Err(format!(
            "{command} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    let got: Value = match serde_json::from_slice(&out.stdout) {
        Ok(v) => v,
        Err(e) => return Some(Err(format!("output is not JSON: {e}"))),
    };
    let unordered: Vec<String> = spec
        .get("unordered")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let mut errs = Vec::new();
    compare(
        &got,
        &spec["expect"],
        "",
        spec.get("tolerance").unwrap_or(&Value::from(0.0)),
        &unordered,
        &mut errs,
    );
    Some(if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join("\n"))
    })
}

#[test]
fn pagerank_wikipedia_oracle_through_the_cli() {
    let dir = root().join("tests/fixtures/oracles/pagerank-wikipedia");
    run_oracle(&dir).expect("oracle runs").unwrap();
}

#[test]
fn every_oracle_this_build_answers_holds() {
    let mut ran = 0;
    let mut failures = Vec::new();
    for dir in oracle_dirs() {
        if let Some(res) = run_oracle(&dir) {
            ran += 1;
            if let Err(e) = res {
                failures.push(format!("{}:\n{e}", dir.display()));
            }
        }
    }
    assert!(ran >= 1, "no oracle ran");
    // Every oracle of the repository runs, and every shared oracle whose subcommand this build has:
    // a subcommand the CLI answers but this test skips is a failure. Shared oracles of commands
    // still to come (the IT-management lenses) are listed, not run.
    let mut must_run = Vec::new();
    let mut pending = Vec::new();
    for d in oracle_dirs() {
        let Some(command) = std::fs::read_to_string(d.join("expected.json"))
            .ok()
            .and_then(|s| serde_json::from_str::<Value>(&s).ok())
            .and_then(|spec| spec.get("command")?.as_str().map(String::from))
        else {
            continue;
        };
        let sub = command.split_whitespace().nth(1).unwrap_or("").to_string();
        let in_repo = d.starts_with(root().join("tests/fixtures/oracles"));
        if in_repo || run_cli(&root(), &[sub.as_str(), "--help"]).status.success() {
            must_run.push(d.display().to_string());
        } else {
            pending.push(format!("{} ({sub})", d.display()));
        }
    }
    if !pending.is_empty() {
        eprintln!("oracles of commands this build does not have yet: {pending:?}");
    }
    assert_eq!(
        ran,
        must_run.len(),
        "oracles this build must answer: {must_run:?}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
