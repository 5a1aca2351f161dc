//! Every worked example in docs/scoring.md: the ```json example=NAME``` blocks are models, the
//! ```expect example=NAME``` blocks list `path = value` lines checked against the report
//! (`explain=ID` on the block scores with `--explain ID`).

use crate::common::{approx_eq, fenced_blocks, model, report, root, select};
use serde_json::Value;
use std::collections::BTreeMap;

#[test]
fn every_worked_example_in_scoring_md_holds() {
    let md = std::fs::read_to_string(root().join("docs/scoring.md")).unwrap();
    let all = fenced_blocks(&md);
    let mut models = BTreeMap::new();
    for b in all.iter().filter(|b| b.lang() == "json") {
        if let Some(name) = b.attr("example") {
            models.insert(name.to_string(), b.body.clone());
        }
    }
    let mut checked = 0;
    for b in all.iter().filter(|b| b.lang() == "expect") {
        let name = b.attr("example").expect("expect block names its example");
        let text = models
            .get(name)
            .unwrap_or_else(|| panic!("no model for example {name}"));
        let tol: f64 = b.attr("tolerance").map_or(1e-9, |t| t.parse().unwrap());
        let opts = aligngraph::Options {
            explain: b.attr("explain").map(String::from),
            ..aligngraph::Options::default()
        };
        let rep = report(&model(text), &opts);
        for line in b.body.lines().filter(|l| !l.trim().is_empty()) {
            let (path, want) = line.split_once(" = ").expect("path = value");
            let want: Value = serde_json::from_str(want.trim()).unwrap();
            let got = select(&rep, path.trim())
                .unwrap_or_else(|| panic!("example {name}: no value at {path}"));
            assert!(
                approx_eq(got, &want, tol),
                "example {name}: {path} is {got}, the docs say {want}"
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 40,
        "only {checked} checks found in docs/scoring.md"
    );
}
