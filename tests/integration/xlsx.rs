//! Excel workbooks (tests/fixtures/xlsx/, written by make.py with openpyxl): the templates as a
//! workbook import to the same model and scores as the templates as CSV; bad cells are
//! reported with the workbook, sheet, row and column; a workbook without a nodes sheet, an old
//! .xls and the command line.

use crate::common::{root, run_cli};
use aligngraph::diagnostics::{Code, Diagnostic, Place};
use aligngraph::formats::import::{InputFile, import};
use aligngraph::formats::limits::Limits;
use aligngraph::formats::mapping::Mapping;
use aligngraph::formats::{plain_csv, xlsx};
use serde_json::Value;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(root().join("tests/fixtures/xlsx").join(name)).unwrap()
}

fn import_book(name: &str) -> aligngraph::formats::mapping::Import {
    let bytes = fixture(name);
    import(
        &[InputFile {
            name,
            bytes: &bytes,
        }],
        &Mapping::default(),
    )
}

fn templates_as_csv() -> aligngraph::Model {
    let nodes = std::fs::read(root().join("docs/templates/nodes.csv")).unwrap();
    let edges = std::fs::read(root().join("docs/templates/edges.csv")).unwrap();
    let (m, d) = plain_csv::read(&nodes, &edges);
    assert!(d.is_empty(), "{d:?}");
    m
}

fn one<'a>(d: &'a [Diagnostic], code: Code, field: &str) -> &'a Diagnostic {
    let found: Vec<_> = d
        .iter()
        .filter(|d| d.code == code && d.place.field.as_deref() == Some(field))
        .collect();
    assert_eq!(found.len(), 1, "one {code:?} on {field} expected in {d:#?}");
    found[0]
}

#[test]
fn the_templates_as_a_workbook_are_the_templates_as_csv() {
    let imp = import_book("templates.xlsx");
    assert!(imp.diagnostics.is_empty(), "{:#?}", imp.diagnostics);
    assert_eq!(imp.summary.format, "xlsx");
    let csv = templates_as_csv();
    assert_eq!(imp.model.nodes.len(), 4);
    assert_eq!(imp.model.edges.len(), 4);
    // Every node, attribute (the formula's saved value, `mandatory` as a boolean cell, numbers
    // as number cells), field of one's own and edge.
    assert_eq!(imp.model, csv);
    let opts = aligngraph::Options::default();
    let a = serde_json::to_value(aligngraph::score(&imp.model, &opts)).unwrap();
    let b = serde_json::to_value(aligngraph::score(&csv, &opts)).unwrap();
    assert_eq!(a["kpis"], b["kpis"]);
    assert_eq!(a, b);
}

#[test]
fn bad_cells_name_the_workbook_sheet_row_and_column() {
    let imp = import_book("bad-cells.xlsx");
    let d = &imp.diagnostics;
    assert!(imp.model.nodes.is_empty(), "no model with errors");

    let text = one(d, Code::NotANumber, "cost");
    assert_eq!(
        text.place,
        Place {
            file: Some("bad-cells.xlsx".into()),
            sheet: Some("nodes".into()),
            line: Some(3),
            column: Some(4),
            node: Some("app".into()),
            field: Some("cost".into()),
            ..Place::default()
        }
    );
    assert_eq!(
        text.to_string(),
        "error[NOT_A_NUMBER] at bad-cells.xlsx, sheet \"nodes\", row 3, column cost (D), node \"app\": \"cost\" must be a number, found the string \"400k\""
    );

    let na = one(d, Code::InvalidValue, "risk");
    assert_eq!(
        na.to_string(),
        "error[INVALID_VALUE] at bad-cells.xlsx, sheet \"nodes\", row 4, column risk (E): the cell E4 holds the error #N/A (a formula that failed); correct the formula or clear the cell"
    );

    // A date where a number belongs is read as its ISO date, which is not a number.
    let date = one(d, Code::NotANumber, "start");
    assert_eq!(date.place.line, Some(4));
    assert_eq!(date.place.column, Some(6));
    assert!(date.message.contains("\"2026-03-31\""), "{}", date.message);

    let dup = d.iter().find(|d| d.code == Code::DuplicateId).unwrap();
    assert_eq!(dup.place.sheet.as_deref(), Some("nodes"));
    assert_eq!(dup.place.line, Some(5));
    assert!(
        dup.message.ends_with("already used by the node in row 2"),
        "{}",
        dup.message
    );

    // The edges sheet is "Edges.csv": found without case and with its .csv.
    let unknown = one(d, Code::UnknownNode, "to");
    assert_eq!(
        unknown.to_string(),
        "error[UNKNOWN_NODE] at bad-cells.xlsx, sheet \"Edges.csv\", row 3, column to (B), edge #1: edge \"to\" names node \"nowhere\", which does not exist"
    );
    assert_eq!(d.len(), 5, "{d:#?}");
}

#[test]
fn a_date_cell_in_a_field_of_ones_own_is_an_iso_date() {
    let (m, _) = xlsx::read_limited(&fixture("bad-cells.xlsx"), &Limits::CLI);
    let ini = m.nodes.iter().find(|n| &*n.id == "ini").unwrap();
    assert_eq!(
        ini.extra().and_then(|e| e.get("go_live")),
        Some(&Value::String("2026-09-30".into()))
    );
}

#[test]
fn a_workbook_without_a_nodes_sheet_lists_its_sheets() {
    let imp = import_book("no-nodes.xlsx");
    assert_eq!(imp.diagnostics.len(), 1);
    let d = &imp.diagnostics[0];
    assert_eq!(d.code, Code::MissingField);
    assert_eq!(d.place.file.as_deref(), Some("no-nodes.xlsx"));
    assert!(
        d.message
            .contains("no sheet named \"nodes\" (its sheets are \"Applications\", \"Links\")"),
        "{}",
        d.message
    );
}

#[test]
fn an_old_xls_or_a_damaged_workbook_is_refused_with_a_reason() {
    let mut xls = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    xls.extend([0u8; 504]);
    let imp = import(
        &[InputFile {
            name: "old.xls",
            bytes: &xls,
        }],
        &Mapping::default(),
    );
    assert_eq!(imp.diagnostics.len(), 1);
    assert_eq!(imp.diagnostics[0].code, Code::UnsupportedFormat);
    assert!(
        imp.diagnostics[0]
            .message
            .contains("Excel Workbook (.xlsx)")
    );

    // A workbook whose compressed data is damaged (the entry names kept).
    let book = fixture("templates.xlsx");
    let mut cut = book.clone();
    for b in &mut cut[book.len() / 4..book.len() / 2] {
        *b = 0x55;
    }
    let imp = import(
        &[InputFile {
            name: "cut.xlsx",
            bytes: &cut,
        }],
        &Mapping::default(),
    );
    assert!(
        imp.diagnostics
            .iter()
            .any(|d| d.code == Code::InvalidArchive && d.place.file.as_deref() == Some("cut.xlsx")),
        "{:#?}",
        imp.diagnostics
    );

    // A workbook that inflates beyond the limit is refused before it is read.
    let small = Limits {
        inflated_bytes: 4096,
        ..Limits::CLI
    };
    let (_, d) = xlsx::read_limited(&book, &small);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, Code::LimitExceeded);
}

#[test]
fn the_command_line_imports_and_scores_a_workbook() {
    let dir = std::env::temp_dir().join(format!("aligngraph-xlsx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let book = root().join("tests/fixtures/xlsx/templates.xlsx");
    let out = dir.join("model.json");
    let o = run_cli(
        &root(),
        &[
            "import",
            book.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains(
            "templates.xlsx: Excel workbook model: 4 elements, 4 relationships -> 4 nodes, 4 edges"
        ),
        "{err}"
    );
    let nodes = root().join("docs/templates/nodes.csv");
    let csv_out = dir.join("csv.json");
    let o = run_cli(
        &root(),
        &[
            "import",
            nodes.to_str().unwrap(),
            "-o",
            csv_out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success());
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        std::fs::read_to_string(&csv_out).unwrap()
    );
    // `score` reads the workbook as any import format: the same KPIs as the CSV pair.
    let score = |p: &std::path::Path| {
        let o = run_cli(&root(), &["score", p.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice::<Value>(&o.stdout).unwrap()["kpis"].clone()
    };
    assert_eq!(score(&book), score(&nodes));

    // Errors are printed with the sheet, row and column.
    let bad = root().join("tests/fixtures/xlsx/bad-cells.xlsx");
    let o = run_cli(&root(), &["import", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bad-cells.xlsx: error[NOT_A_NUMBER] at sheet \"nodes\", row 3, column cost (D), node \"app\""),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
