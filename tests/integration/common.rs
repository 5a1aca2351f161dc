//! Helpers shared by the tests.

use aligngraph::formats::archimate::{ArchiElement, ArchiRelationship};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A real public ArchiMate model of tests/fixtures/archimate (copied byte for byte; its
/// SOURCES.md gives where each comes from, its licence and the counts a correct reader finds).
pub fn archimate_data(name: &str) -> PathBuf {
    root().join("tests/fixtures/archimate").join(name)
}

/// Runs the aligngraph binary with `args` in `dir`.
pub fn run_cli(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aligngraph"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the aligngraph binary runs")
}

/// Loads a model that must have no errors.
pub fn model(text: &str) -> aligngraph::Model {
    let (m, d) = aligngraph::load_json(text);
    assert!(
        !aligngraph::diagnostics::has_errors(&d),
        "unexpected errors: {d:?}"
    );
    m
}

/// Scores a model and returns the report as JSON.
pub fn report(m: &aligngraph::Model, opts: &aligngraph::Options) -> Value {
    serde_json::to_value(aligngraph::score(m, opts)).expect("report serialises")
}

/// Looks up a path like `goals[id=g1].coverage`, `a.b.c` or `list.0` in a JSON value.
pub fn select<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = v;
    for seg in path.split('.') {
        if let Some(open) = seg.find('[') {
            let key = &seg[..open];
            let sel = seg[open + 1..].strip_suffix(']')?;
            let (k, want) = sel.split_once('=')?;
            let arr = cur.get(key)?.as_array()?;
            cur = arr
                .iter()
                .find(|x| x.get(k).and_then(Value::as_str) == Some(want))?;
        } else if let (Some(arr), Ok(i)) = (cur.as_array(), seg.parse::<usize>()) {
            cur = arr.get(i)?;
        } else {
            cur = cur.get(seg)?;
        }
    }
    Some(cur)
}

/// Compares two JSON values, numbers within `tol`.
pub fn approx_eq(a: &Value, b: &Value, tol: f64) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            (x.as_f64().unwrap() - y.as_f64().unwrap()).abs() <= tol
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| approx_eq(p, q, tol))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, p)| y.get(k).is_some_and(|q| approx_eq(p, q, tol)))
        }
        _ => a == b,
    }
}

/// A fenced block of a Markdown file: its info string (trimmed) and its body.
pub struct Block {
    pub info: String,
    pub body: String,
}

impl Block {
    /// The first word of the info string: `json`, `command`, `expect`, ...
    pub fn lang(&self) -> &str {
        self.info.split_whitespace().next().unwrap_or("")
    }

    /// The value of a `key=value` word of the info string (`example=NAME`, `tolerance=1e-6`).
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.info
            .split_whitespace()
            .find_map(|w| w.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
    }
}

/// Every fenced block of a Markdown text that has an info string, in document order; plain
/// fences (no info string) are skipped with their body.
pub fn fenced_blocks(md: &str) -> Vec<Block> {
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
        let info = info.trim();
        if !info.is_empty() {
            out.push(Block {
                info: info.to_string(),
                body,
            });
        }
    }
    out
}

/// The model without its top-level fields, which the CSV pair does not carry.
pub fn graph_only(m: &aligngraph::Model) -> aligngraph::Model {
    let mut m = m.clone();
    m.name = None;
    m.currency = None;
    m.time_unit = None;
    m.extra = serde_json::Map::new();
    m
}

/// An ArchiMate element for the hand-made models of the mapping tests.
pub fn el(id: &str, t: &str, name: &str) -> ArchiElement {
    ArchiElement {
        id: id.into(),
        type_: t.into(),
        name: Some(name.into()),
        ..ArchiElement::default()
    }
}

/// An ArchiMate relationship of type `t` from `s` to `d`.
pub fn rel(id: &str, t: &str, s: &str, d: &str) -> ArchiRelationship {
    ArchiRelationship {
        id: id.into(),
        type_: t.into(),
        source: s.into(),
        target: d.into(),
        ..ArchiRelationship::default()
    }
}

/// `aligngraph import INPUT [--mapping M] -o OUT`: the model JSON and the summary printed on stderr.
pub fn cli_import(input: &Path, mapping: Option<&Path>, out: &Path) -> (Value, String) {
    let mut args = vec!["import", input.to_str().unwrap()];
    if let Some(m) = mapping {
        args.extend(["--mapping", m.to_str().unwrap()]);
    }
    args.extend(["-o", out.to_str().unwrap()]);
    let o = run_cli(&root(), &args);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{}: {err}", input.display());
    (
        serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap(),
        err,
    )
}

/// The graph of a model: node and edge records as sets (file order differs between formats).
pub fn graph(m: &Value) -> (BTreeSet<String>, BTreeSet<String>) {
    let set = |k: &str| {
        m[k].as_array()
            .unwrap()
            .iter()
            .map(|x| x.to_string())
            .collect::<BTreeSet<_>>()
    };
    (set("nodes"), set("edges"))
}
