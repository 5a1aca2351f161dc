//! The plain CSV pair (nodes.csv, edges.csv): round trips, the loader's rules with places in
//! the CSV files, and what spreadsheets produce (BOM, `;` and decimal commas, blank rows).

use crate::common::{graph_only, root};
use aligngraph::diagnostics::{Code, Diagnostic, Place, has_errors};
use aligngraph::formats::plain_csv::{EDGE_COLUMNS, NODE_COLUMNS, read, write};
use aligngraph::model::{Edge, EdgeKind, Model, Node, NodeKind, Num};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn read_ok(nodes: &str, edges: &str) -> Model {
    let (m, d) = read(nodes.as_bytes(), edges.as_bytes());
    assert!(d.is_empty(), "unexpected diagnostics: {d:#?}");
    m
}

fn errors(nodes: &str, edges: &str) -> Vec<Diagnostic> {
    let (_, d) = read(nodes.as_bytes(), edges.as_bytes());
    d
}

fn place(file: &str, line: usize) -> Place {
    Place {
        file: Some(file.into()),
        line: Some(line),
        ..Place::default()
    }
}

fn one(d: &[Diagnostic], code: Code) -> &Diagnostic {
    let found: Vec<_> = d.iter().filter(|d| d.code == code).collect();
    assert_eq!(found.len(), 1, "one {code:?} expected in {d:#?}");
    found[0]
}

const NODES: &str = "id,kind,name\ng,goal,Growth\ni,initiative,Portal\n";
const EDGES: &str = "from,to,kind,weight\ni,g,contributes,0.5\n";

#[test]
fn demo_model_round_trips() {
    let demo = aligngraph::demo::model();
    let (nodes, edges) = write(&demo);
    let back = read_ok(&nodes, &edges);
    assert_eq!(back, graph_only(&demo));
    // Writing again gives the same text.
    assert_eq!(write(&back), (nodes, edges));
}

#[test]
fn written_files_have_the_known_columns_then_the_unknown_ones() {
    let (nodes, edges) = write(&aligngraph::demo::model());
    let header: Vec<&str> = nodes.lines().next().unwrap().split(',').collect();
    assert_eq!(&header[..NODE_COLUMNS.len()], NODE_COLUMNS);
    assert_eq!(
        &header[NODE_COLUMNS.len()..],
        [
            "type",
            "vendor",
            "end_of_support",
            "end_of_extended_support",
            "availability",
            "sla",
            "rto",
            "rpo",
            "asset_value",
            "exposure_factor",
            "aro",
            "controls",
            "end_of_life",
            "redundancy",
            "agreed_hours",
            "downtime_hours",
            "owner",
            "cashflows",
            "budget",
            "planned_value",
            "earned_value",
            "actual_cost",
            "mtbf",
            "mttr"
        ]
    );
    assert_eq!(
        edges.lines().next().unwrap(),
        format!("{},share,proficiency", EDGE_COLUMNS.join(","))
    );
    assert_eq!(nodes.lines().count(), 133);
}

#[test]
fn templates_read_without_diagnostics_and_are_what_the_writer_writes() {
    let nodes = std::fs::read_to_string(root().join("docs/templates/nodes.csv")).unwrap();
    let edges = std::fs::read_to_string(root().join("docs/templates/edges.csv")).unwrap();
    let m = read_ok(&nodes, &edges);
    assert_eq!(m.nodes.len(), 4);
    assert_eq!(m.edges.len(), 4);
    let report = aligngraph::score(&m, &aligngraph::Options::default());
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    assert_eq!(write(&m), (nodes, edges));
}

/// A model whose ids, names and unknown fields need quoting, escaping or care with encodings.
fn hostile_model() -> Model {
    let texts = [
        "comma, inside",
        "quote \" inside and \"\"doubled\"\"",
        "line\nbreak and\r\nwindows break",
        "Zürich – 北京 – 🚲",
        "  spaces around  ",
        "semi;colon",
        "=SUM(A1:A2)",
        "\"starts with a quote",
        "tab\there",
        "\u{feff}bom inside",
    ];
    let mut m = Model::new();
    for (i, t) in texts.iter().enumerate() {
        let kind = NodeKind::ALL[i % NodeKind::ALL.len()];
        let mut n = Node::new(format!("{t} #{i}"), kind).with_name(*t);
        n.attrs_mut().description = Some(format!("about {t}").into());
        n.attrs_mut().set(Num::Cost, Some(0.1 + i as f64 / 3.0));
        n.extra_mut().insert("owner, team".into(), Value::from(*t));
        if i % 2 == 0 {
            n.extra_mut()
                .insert("ключ \"x\"".into(), Value::from(format!("{i}")));
        }
        m.add_node(n);
    }
    for i in 1..texts.len() as u32 {
        m.add_edge(Edge::new(i, 0, EdgeKind::DependsOn).with_weight(1.0 / f64::from(i)));
        let mut extra = Map::new();
        extra.insert("note".into(), Value::from(texts[i as usize]));
        m.set_edge_extra(m.edges.len() - 1, extra);
    }
    m.add_edge(Edge::new(0, 1, EdgeKind::Excludes));
    m
}

#[test]
fn hostile_names_and_unknown_fields_round_trip() {
    let m = hostile_model();
    let (nodes, edges) = write(&m);
    let back = read_ok(&nodes, &edges);
    assert_eq!(back, m);
    assert_eq!(back.nodes[3].name.as_deref(), Some("Zürich – 北京 – 🚲"));
    assert_eq!(
        back.nodes[0].extra().unwrap()["owner, team"],
        Value::from("comma, inside")
    );
    assert_eq!(back.edges.at(9).written_weight(), None);
    assert_eq!(
        back.edge_extra(1).unwrap()["note"],
        "line\nbreak and\r\nwindows break"
    );
}

#[test]
fn every_attribute_round_trips() {
    let text = r#"{"format": "aligngraph", "version": 1, "nodes": [
        {"id": "g", "kind": "goal", "name": "G", "weight": 0.3, "perspective": "learning"},
        {"id": "c", "kind": "capability", "maturity": -1.5, "target_maturity": 4,
         "importance": 1e-9},
        {"id": "a", "kind": "activity", "category": "support"},
        {"id": "p", "kind": "application", "lifecycle": "tolerate", "functional_fit": 1,
         "technical_fit": 5, "cost": 12345678.9, "risk": 0.000001},
        {"id": "i", "kind": "initiative", "cost": 1e15, "benefit": -250.75, "risk": 1,
         "duration": 2.5, "estimate": {"optimistic": 0, "likely": 0.1, "pessimistic": 1e6},
         "start": 3, "status": "cancelled", "mandatory": true, "business_value": 0,
         "time_criticality": 13, "risk_reduction": 0.5, "job_size": 0.001},
        {"id": "e", "kind": "element", "description": "d"}],
      "edges": [{"from": "i", "to": "g", "kind": "contributes", "weight": -0.1},
                {"from": "c", "to": "g", "kind": "part_of", "weight": 0}]}"#;
    let m = crate::common::model(text);
    let (nodes, edges) = write(&m);
    assert_eq!(read_ok(&nodes, &edges), m);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_text_round_trips(
        texts in prop::collection::vec("\\PC{1,12}|[,;\"\r\n \t]{1,4}|[a-z]{1,3}", 1..8),
        key in "[a-zA-Z ,;\"]{1,6}",
        weights in prop::collection::vec(-1.0f64..=1.0, 0..8),
    ) {
        let mut m = Model::new();
        for (i, t) in texts.iter().enumerate() {
            let mut n = Node::new(format!("{i}{t}"), NodeKind::Initiative).with_name(t.as_str());
            n.extra_mut().insert(format!("x{key}"), Value::from(t.as_str()));
            if let Some(w) = weights.get(i) {
                n.attrs_mut().set(Num::Benefit, Some(w * 1e6));
            }
            m.add_node(n);
        }
        for (i, &w) in weights.iter().enumerate() {
            let from = (i % texts.len()) as u32;
            m.add_edge(Edge::new(from, 0, EdgeKind::Contributes).with_weight(w));
        }
        let (nodes, edges) = write(&m);
        let (back, d) = read(nodes.as_bytes(), edges.as_bytes());
        prop_assert!(d.iter().all(|d| d.code == Code::SelfLoop), "{:?}", d);
        prop_assert_eq!(back, m);
    }
}

#[test]
fn empty_cells_are_absent_and_unknown_columns_are_kept_as_text() {
    let m = read_ok(
        "id,kind,name,cost,owner,status\ng,goal,,,,\ni,initiative,Portal,,Ann,\n",
        "from,to,kind,weight,note\ni,g,contributes,,\ni,g,supports,0.25,checked\n",
    );
    assert_eq!(m.nodes[0].name, None);
    assert_eq!(m.nodes[0].extra(), None);
    assert_eq!(m.nodes[1].attrs().cost(), None);
    assert_eq!(m.nodes[1].attrs().status, None);
    assert_eq!(m.nodes[1].extra().unwrap()["owner"], Value::from("Ann"));
    assert_eq!(m.edges.at(0).written_weight(), None);
    assert_eq!(m.edges.at(0).weight(), 1.0);
    assert_eq!(m.edge_extra(0), None);
    assert_eq!(m.edges.at(1).written_weight(), Some(0.25));
    assert_eq!(m.edge_extra(1).unwrap()["note"], Value::from("checked"));
    // Numbers in unknown columns stay text.
    let m = read_ok("id,kind,head_count\ng,goal,12\n", "from,to,kind\n");
    assert_eq!(m.nodes[0].extra().unwrap()["head_count"], Value::from("12"));
}

#[test]
fn columns_may_come_in_any_order_and_edges_csv_may_be_empty() {
    let m = read_ok("name,kind,weight,id\nGrowth,goal,2,g\n", "");
    assert_eq!(&*m.nodes[0].id, "g");
    assert_eq!(m.nodes[0].attrs().weight(), Some(2.0));
    assert!(m.edges.is_empty());
}

#[test]
fn spreadsheet_exports_bom_semicolons_decimal_commas_blank_rows_and_crlf() {
    let nodes = "\u{feff}id;kind;risk;cost;mandatory\r\ni;initiative;0,35;1200000;TRUE\r\n;;;;\r\n\r\nj;initiative; 0.5 ;;False\r\n";
    let edges = "\u{feff}from;to;kind;weight\r\nj;i;depends_on;0,8\r\n";
    let m = read_ok(nodes, edges);
    assert_eq!(m.nodes.len(), 2);
    assert_eq!(m.nodes[0].attrs().risk(), Some(0.35));
    assert_eq!(m.nodes[0].attrs().cost(), Some(1_200_000.0));
    assert_eq!(m.nodes[0].attrs().mandatory, Some(true));
    assert_eq!(m.nodes[1].attrs().risk(), Some(0.5));
    assert_eq!(m.nodes[1].attrs().mandatory, Some(false));
    assert_eq!(m.edges.at(0).written_weight(), Some(0.8));
    // With commas as the delimiter a decimal comma is not a number.
    let d = errors("id,kind,risk\ni,initiative,\"0,35\"\n", "");
    assert_eq!(
        one(&d, Code::NotANumber).place.field.as_deref(),
        Some("risk")
    );
    // A header with a quoted comma and `;` between the cells is a `;` file.
    let m = read_ok("id;kind;\"cost, EUR\"\ng;goal;12,5\n", "");
    assert_eq!(
        m.nodes[0].extra().unwrap()["cost, EUR"],
        Value::from("12,5")
    );
}

#[test]
fn numbers_are_checked_like_the_json_loader_with_file_line_and_column() {
    let d = errors(
        "id,kind,name,risk,cost,job_size\n\
         a,initiative,\"two\nlines\",0.5,,1\n\
         b,initiative,B,1.5,12,1\n\
         c,initiative,C,0.1,lots,0\n",
        "from,to,kind,weight\na,b,supports,2\nb,c,contributes,x\n",
    );
    let codes: Vec<(Code, &str, Option<usize>, Option<&str>)> = d
        .iter()
        .map(|d| {
            (
                d.code,
                d.place.file.as_deref().unwrap(),
                d.place.line,
                d.place.field.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            (Code::OutOfRange, "nodes.csv", Some(4), Some("risk")),
            (Code::NotANumber, "nodes.csv", Some(5), Some("cost")),
            (Code::OutOfRange, "nodes.csv", Some(5), Some("job_size")),
            (Code::OutOfRange, "edges.csv", Some(2), Some("weight")),
            (Code::NotANumber, "edges.csv", Some(3), Some("weight")),
        ]
    );
    assert_eq!(d[0].place.node.as_deref(), Some("b"));
    assert_eq!(d[0].place.pointer, None);
    assert_eq!(
        d[1].message,
        "\"cost\" must be a number, found the string \"lots\""
    );
    assert_eq!(d[3].place.edge, Some(0));
    assert_eq!(d[4].place.edge, Some(1));
    assert_eq!(
        d[0].to_string(),
        "error[OUT_OF_RANGE] at nodes.csv, line 4, node \"b\", field \"risk\": \"risk\" is 1.5; it must be between 0 and 1"
    );
    let json = serde_json::to_value(&d[0]).unwrap();
    assert_eq!(
        json["place"],
        serde_json::json!({"file": "nodes.csv", "line": 4, "node": "b", "field": "risk"})
    );
}

/// Every rule of the loader gives the same code and message from CSV as from JSON.
#[test]
fn the_same_diagnostics_as_the_json_loader() {
    let json = r#"{"nodes": [
        {"id": "g", "kind": "goal", "perspective": "money", "weight": -1},
        {"id": "c", "kind": "capabilty", "importance": "high"},
        {"id": "a", "kind": "activity", "category": "core"},
        {"id": "p", "kind": "application", "lifecycle": "keep", "risk": "low"},
        {"id": "i", "kind": "initiative", "status": "doing", "job_size": 0,
         "estimate": {"optimistic": 5, "likely": 3, "pessimistic": 9}},
        {"id": "k", "kind": "initiative", "estimate": {"optimistic": 1, "likely": "x", "pessimistic": 2}},
        {"id": "g", "kind": "goal"},
        {"kind": "goal"}],
      "edges": [
        {"from": "i", "to": "g", "kind": "contribute"},
        {"from": "i", "to": "gg", "kind": "contributes"},
        {"from": "p", "to": "p", "kind": "supports"},
        {"to": "g", "kind": "part_of"},
        {"from": "i", "to": "k", "kind": "excludes", "weight": -0.5}]}"#;
    let nodes = "id,kind,perspective,weight,importance,category,lifecycle,risk,status,job_size,estimate_optimistic,estimate_likely,estimate_pessimistic\n\
        g,goal,money,-1,,,,,,,,,\n\
        c,capabilty,,,high,,,,,,,,\n\
        a,activity,,,,core,,,,,,,\n\
        p,application,,,,,keep,low,,,,,\n\
        i,initiative,,,,,,,doing,0,5,3,9\n\
        k,initiative,,,,,,,,,1,x,2\n\
        g,goal,,,,,,,,,,,\n\
        ,goal,,,,,,,,,,,\n";
    let edges = "from,to,kind,weight\ni,g,contribute,\ni,gg,contributes,\np,p,supports,\n,g,part_of,\ni,k,excludes,-0.5\n";
    let (_, from_json) = aligngraph::load_json(json);
    let (_, from_csv) = read(nodes.as_bytes(), edges.as_bytes());
    let key = |d: &Diagnostic| {
        let field = d
            .place
            .field
            .clone()
            .map(|f| f.replace("estimate/", "estimate_"));
        let message = d
            .message
            .replace("\"estimate/likely\"", "\"estimate_likely\"");
        (d.code, d.place.node.clone(), field, message)
    };
    // The same diagnostics; from CSV they come in line order (the JSON loader reports duplicate
    // ids after all nodes).
    let mut want: Vec<_> = from_json.iter().map(key).collect();
    let mut got: Vec<_> = from_csv.iter().map(key).collect();
    want.sort();
    got.sort();
    assert_eq!(got, want);
    assert!(from_json.len() >= 15, "{from_json:#?}");
    // The duplicate's message names the CSV line of the first node with that id.
    let dup = one(&from_csv, Code::DuplicateId);
    assert_eq!(
        dup.place,
        Place {
            node: Some("g".into()),
            field: Some("id".into()),
            ..place("nodes.csv", 8)
        }
    );
    assert!(
        dup.message.ends_with("already used by the node at line 2"),
        "{}",
        dup.message
    );
}

#[test]
fn not_utf8_names_the_file_and_line() {
    let nodes = b"id,kind,name\ng,goal,Z\xfcrich\n";
    let (m, d) = read(nodes, EDGES.as_bytes());
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, Code::InvalidCsv);
    assert_eq!(d[0].place, place("nodes.csv", 2));
    assert!(d[0].message.contains("UTF-8"), "{}", d[0].message);
    assert!(m.nodes.is_empty());
    let (_, d) = read(NODES.as_bytes(), b"from,to,kind\ni,g,contributes\n\n\xff\n");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        (d[0].code, &d[0].place),
        (Code::InvalidCsv, &place("edges.csv", 4))
    );
}

#[test]
fn a_row_with_the_wrong_number_of_cells_is_an_error_with_its_line() {
    let (m, d) = read(
        b"id,kind,name\ng,goal,Growth\ni,initiative\nj,initiative,J,extra\n",
        b"from,to,kind\ni,g,contributes\nj,g,contributes,0.5\n",
    );
    let found: Vec<_> = d.iter().map(|d| (d.code, d.place.clone())).collect();
    assert_eq!(
        found,
        [
            (
                Code::InvalidCsv,
                Place {
                    node: Some("i".into()),
                    ..place("nodes.csv", 3)
                }
            ),
            (
                Code::InvalidCsv,
                Place {
                    node: Some("j".into()),
                    ..place("nodes.csv", 4)
                }
            ),
            (
                Code::InvalidCsv,
                Place {
                    edge: Some(1),
                    ..place("edges.csv", 3)
                }
            ),
        ],
        "{d:#?}"
    );
    assert!(
        d[0].message.contains("2 cells but the header has 3"),
        "{}",
        d[0].message
    );
    // The rows are left out, and an edge to a left-out node is not reported again.
    assert_eq!(m.nodes.len(), 1);
    assert!(m.edges.is_empty());
}

#[test]
fn missing_required_columns_are_named() {
    let d = errors("name,kind\nGrowth,goal\n", EDGES);
    let e = one(&d, Code::MissingField);
    assert_eq!(
        e.place,
        Place {
            field: Some("id".into()),
            ..place("nodes.csv", 1)
        }
    );
    assert!(e.message.contains("no \"id\" column"), "{}", e.message);
    let d = errors(NODES, "source,to\ni,g\n");
    let fields: Vec<_> = d
        .iter()
        .map(|d| (d.code, d.place.field.as_deref().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [(Code::MissingField, "from"), (Code::MissingField, "kind")]
    );
    assert!(
        d.iter()
            .all(|d| d.place.file.as_deref() == Some("edges.csv"))
    );
    // `Id` is not `id`.
    let d = errors("Id,kind\ng,goal\n", "");
    assert_eq!(
        one(&d, Code::MissingField).place.field.as_deref(),
        Some("id")
    );
}

#[test]
fn repeated_and_unnamed_columns() {
    let d = errors("id,kind,cost,cost\ni,initiative,1,2\n", "");
    let e = one(&d, Code::InvalidCsv);
    assert_eq!(
        e.place,
        Place {
            field: Some("cost".into()),
            ..place("nodes.csv", 1)
        }
    );
    assert!(e.message.contains("columns 3 and 4"), "{}", e.message);
    // Unnamed columns without values (trailing delimiters) are ignored; values in one are not.
    read_ok("id,kind,,\ng,goal,,\n", "from,to,kind,\n");
    let d = errors("id,kind,\ng,goal,x\nh,goal,y\n", "");
    let e = one(&d, Code::InvalidCsv);
    assert_eq!(
        e.place,
        Place {
            node: Some("g".into()),
            ..place("nodes.csv", 2)
        }
    );
    assert!(e.message.contains("column 3"), "{}", e.message);
}

#[test]
fn mandatory_and_partial_estimates() {
    let d = errors(
        "id,kind,mandatory,estimate_optimistic,estimate_likely,estimate_pessimistic\n\
         i,initiative,yes,1,,\n\
         j,initiative,,1,2,\n",
        "",
    );
    let found: Vec<_> = d
        .iter()
        .map(|d| {
            (
                d.code,
                d.place.line.unwrap(),
                d.place.field.as_deref().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (Code::WrongType, 2, "mandatory"),
            (Code::MissingField, 2, "estimate_likely"),
            (Code::MissingField, 3, "estimate_pessimistic"),
        ]
    );
    assert_eq!(
        d[0].message,
        "\"mandatory\" must be true or false, found \"yes\""
    );
    assert!(
        d[1].message
            .starts_with("\"estimate_likely\" and \"estimate_pessimistic\" are empty"),
        "{}",
        d[1].message
    );
}

#[test]
fn diagnostics_come_in_file_and_line_order() {
    let d = errors(
        "id,kind,risk,mandatory\na,initiative,2,maybe\nb,initiative,x,\nb,goal,,\n",
        "from,to,kind\na,zz,supports\n",
    );
    let order: Vec<_> = d
        .iter()
        .map(|d| (d.place.file.clone().unwrap(), d.place.line.unwrap()))
        .collect();
    let mut sorted = order.clone();
    sorted.sort_by_key(|(f, l)| (f != "nodes.csv", *l));
    assert_eq!(order, sorted);
    assert_eq!(d.len(), 5, "{d:#?}");
    assert!(has_errors(&d));
}

#[test]
fn header_only_files_read_as_an_empty_model_and_an_empty_nodes_csv_is_an_error() {
    let (m, d) = read(b"id,kind\n", b"");
    assert!(d.is_empty(), "{d:?}");
    assert!(m.nodes.is_empty() && m.edges.is_empty());
    for blank in [&b""[..], "\u{feff}\r\n".as_bytes()] {
        let (m, d) = read(blank, b"from,to,kind\n");
        assert!(m.nodes.is_empty());
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].is_error() && d[0].message.contains("nodes.csv is empty"),
            "{}",
            d[0]
        );
    }
}

/// The error lines shown in docs/csv.md are what reading the edited templates gives.
#[test]
fn the_errors_shown_in_the_docs_are_real() {
    let doc = std::fs::read_to_string(root().join("docs/csv.md")).unwrap();
    let shown: Vec<&str> = doc.lines().filter(|l| l.starts_with("error[")).collect();
    assert_eq!(shown.len(), 2);
    let nodes = std::fs::read_to_string(root().join("docs/templates/nodes.csv")).unwrap();
    let edges = std::fs::read_to_string(root().join("docs/templates/edges.csv")).unwrap();
    let nodes = nodes.replace(",400000,900000,", ",400k,900000,");
    let edges = edges.replace("app-crm,cap-crm,supports", "app-crm,cap-crn,supports");
    let got: Vec<String> = errors(&nodes, &edges)
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(got, shown);
}
