//! Every CSV writer (nodes.csv, edges.csv, scores.csv): a model is built from the input's
//! strings (split at NUL bytes: node names, descriptions, ids, an unknown field's name and value,
//! an edge field) and written; no written cell may start with `=`, `+`, `-`, `@`, a tab or a
//! carriage return unless it is a number, and the written pair must read back to the same model
//! (or be refused only for an id XML cannot hold).
#![no_main]

use aligngraph::diagnostics::{Code, has_errors};
use aligngraph::formats::csv_cell::{is_number, is_trigger};
use aligngraph::formats::export::{ExportFormat, export};
use aligngraph::formats::plain_csv;
use aligngraph::model::{Edge, EdgeKind, Model, Node, NodeKind, Num};
use aligngraph::{Options, score};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parts: Vec<&str> = text.split('\0').take(64).collect();
    let mut m = Model::new();
    let mut ids = std::collections::HashSet::new();
    for (i, p) in parts.iter().enumerate() {
        // Ids must be unique and non-blank; the loader trims nothing, so any text is an id.
        let id = if p.trim().is_empty() || !ids.insert(p.to_string()) {
            format!("n{i}")
        } else {
            p.to_string()
        };
        ids.insert(id.clone());
        let kind = NodeKind::ALL[i % NodeKind::ALL.len()];
        let mut n = Node::new(id, kind);
        if !p.is_empty() {
            n = n.with_name(*p);
            n.attrs_mut().description = Some(parts[(i + 1) % parts.len()].into());
            let key = parts[(i + 2) % parts.len()];
            let key = if key.trim().is_empty() || plain_csv::NODE_COLUMNS.contains(&key.trim()) {
                "x".to_string()
            } else {
                format!("x{key}")
            };
            n.extra_mut().insert(key, (*p).into());
        }
        n.attrs_mut().set(Num::Cost, Some(i as f64));
        m.add_node(n);
    }
    for i in 1..m.nodes.len() as u32 {
        m.add_edge(Edge::new(i, 0, EdgeKind::Supports).with_weight(0.5));
    }
    let report = score(&m, &Options::default());
    for f in export(&report, ExportFormat::Csv, "m", None) {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(f.text.as_bytes());
        for rec in r.records() {
            let rec = rec.expect("a written CSV parses");
            for c in rec.iter() {
                assert!(
                    !c.starts_with(is_trigger) || is_number(c),
                    "{}: the cell {c:?} starts a formula",
                    f.name
                );
            }
        }
    }
    let (nodes, edges) = plain_csv::write(&m);
    let (back, diags) = plain_csv::read(nodes.as_bytes(), edges.as_bytes());
    if has_errors(&diags) {
        // The only refusal allowed: an id XML cannot hold (a control character), refused by the
        // loader at its place rather than written and lost.
        for d in diags.iter().filter(|d| d.is_error()) {
            assert!(
                d.code == Code::InvalidValue && d.place.field.as_deref() == Some("id"),
                "the written pair reads back with {d}"
            );
        }
        return;
    }
    assert_eq!(back.nodes.len(), m.nodes.len());
    for (a, b) in back.nodes.iter().zip(&m.nodes) {
        assert_eq!(a.name, b.name);
        assert_eq!(a.id, b.id);
    }
});
