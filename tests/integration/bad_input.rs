//! Bad input gets a clear diagnostic naming the place; nothing panics.

use aligngraph::diagnostics::{Code, Severity};
use aligngraph::load_json;

fn codes(text: &str) -> Vec<(Code, Severity)> {
    load_json(text)
        .1
        .iter()
        .map(|d| (d.code, d.severity))
        .collect()
}

#[test]
fn malformed_json_names_line_and_column() {
    let (_, d) = load_json("{\n  \"nodes\": [\n    {\"id\": \"a\" \"kind\": \"goal\"}\n  ]\n}");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, Code::InvalidJson);
    assert_eq!(d[0].place.line, Some(3));
    assert_eq!(d[0].place.column, Some(16));
    assert!(d[0].to_string().contains("line 3, column 16"), "{}", d[0]);
}

#[test]
fn nan_and_infinity_are_not_json() {
    let (_, d) = load_json(r#"{"nodes": [{"id": "g", "kind": "goal", "weight": NaN}]}"#);
    assert_eq!(d[0].code, Code::InvalidJson);
    let (_, d) = load_json(r#"{"nodes": [{"id": "g", "kind": "goal", "weight": 1e999}]}"#);
    assert!(aligngraph::diagnostics::has_errors(&d));
}

#[test]
fn duplicate_ids_name_both_lines() {
    let (m, d) = load_json(
        "{\"nodes\": [\n{\"id\": \"x\", \"kind\": \"goal\"},\n{\"id\": \"y\", \"kind\": \"goal\"},\n{\"id\": \"x\", \"kind\": \"capability\"}]}",
    );
    assert_eq!(m.nodes.len(), 2);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, Code::DuplicateId);
    assert_eq!(d[0].place.line, Some(4));
    assert_eq!(d[0].place.node.as_deref(), Some("x"));
    assert!(d[0].message.contains("line 2"), "{}", d[0].message);
}

#[test]
fn dangling_edges_name_the_missing_id_and_the_edge() {
    let (m, d) = load_json(
        r#"{"nodes": [{"id": "a", "kind": "goal"}],
        "edges": [{"from": "a", "to": "a", "kind": "part_of"}, {"from": "ghost", "to": "a", "kind": "contributes"}]}"#,
    );
    let err = d.iter().find(|x| x.code == Code::UnknownNode).unwrap();
    assert_eq!(err.place.edge, Some(1));
    assert_eq!(err.place.field.as_deref(), Some("from"));
    assert_eq!(err.place.pointer.as_deref(), Some("/edges/1/from"));
    assert!(err.message.contains("\"ghost\""));
    assert!(
        d.iter()
            .any(|x| x.code == Code::SelfLoop && x.severity == Severity::Warning)
    );
    assert_eq!(m.edges.len(), 1);
}

#[test]
fn unknown_node_and_edge_kinds() {
    let c = codes(
        r#"{"nodes": [{"id": "a", "kind": "goall"}, {"id": "b", "kind": "goal"}],
        "edges": [{"from": "b", "to": "b", "kind": "serves"}]}"#,
    );
    assert!(c.contains(&(Code::UnknownKind, Severity::Error)));
    assert!(c.contains(&(Code::UnknownEdgeKind, Severity::Error)));
}

#[test]
fn out_of_range_and_non_numbers_name_node_and_field() {
    let (_, d) = load_json(
        r#"{"nodes": [
        {"id": "g", "kind": "goal", "weight": "high"},
        {"id": "i", "kind": "initiative", "risk": 1.5, "status": "paused",
         "estimate": {"optimistic": 9, "likely": 5, "pessimistic": 7}},
        {"id": "c", "kind": "capability"}],
      "edges": [{"from": "c", "to": "g", "kind": "contributes", "weight": -1.5},
                {"from": "i", "to": "c", "kind": "supports", "weight": -0.1}]}"#,
    );
    let find = |code: Code, field: &str| {
        d.iter()
            .find(|x| x.code == code && x.place.field.as_deref() == Some(field))
            .unwrap_or_else(|| panic!("no {code:?} on {field}: {d:?}"))
    };
    let nan = find(Code::NotANumber, "weight");
    assert_eq!(nan.place.node.as_deref(), Some("g"));
    assert_eq!(nan.place.line, Some(2));
    assert!(nan.message.contains("\"high\""));
    assert_eq!(
        find(Code::OutOfRange, "risk").place.node.as_deref(),
        Some("i")
    );
    assert!(
        find(Code::InvalidValue, "status")
            .message
            .contains("proposed")
    );
    assert!(
        find(Code::OutOfRange, "estimate")
            .message
            .contains("optimistic <= likely")
    );
    let w: Vec<_> = d
        .iter()
        .filter(|x| x.code == Code::OutOfRange && x.place.field.as_deref() == Some("weight"))
        .collect();
    assert_eq!(w.len(), 2);
    assert_eq!(w[0].place.edge, Some(0));
    assert_eq!(w[1].place.edge, Some(1));
}

#[test]
fn wrong_shapes_are_errors_not_panics() {
    for text in [
        "[]",
        "42",
        "\"model\"",
        "null",
        r#"{"nodes": {}}"#,
        r#"{"nodes": [1, "x", null, []]}"#,
        r#"{"nodes": [{"kind": "goal"}, {"id": 3, "kind": "goal"}, {"id": "", "kind": "goal"}]}"#,
        r#"{"edges": [{}]}"#,
        r#"{"format": "archimate"}"#,
        r#"{"version": 2}"#,
        r#"{"name": 5}"#,
        r#"{"nodes": [{"id": "a", "kind": "initiative", "estimate": 5, "mandatory": "yes"}]}"#,
    ] {
        let (_, d) = load_json(text);
        assert!(
            aligngraph::diagnostics::has_errors(&d),
            "no error for {text}"
        );
        for x in &d {
            assert!(!x.message.is_empty());
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!(
        "{{\"nodes\": [], \"x\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let (_, d) = load_json(&deep);
    assert_eq!(d[0].code, Code::InvalidJson);
    assert!(d[0].message.contains("recursion"), "{}", d[0].message);
}

#[test]
fn empty_models_score_to_zero_with_a_warning() {
    for text in [
        "{}",
        r#"{"format": "aligngraph", "version": 1, "nodes": [], "edges": []}"#,
    ] {
        let (m, d) = load_json(text);
        assert!(d.is_empty());
        let r = aligngraph::score(&m, &aligngraph::Options::default());
        assert_eq!(r.kpis.alignment_index, 0.0);
        assert_eq!(r.diagnostics[0].code, Code::EmptyModel);
    }
}

#[test]
fn a_cycle_is_a_warning_and_scoring_goes_on() {
    let (m, d) = load_json(
        r#"{"nodes": [{"id": "g", "kind": "goal"}, {"id": "a", "kind": "capability"},
        {"id": "b", "kind": "capability"}, {"id": "i", "kind": "initiative"}],
        "edges": [{"from": "a", "to": "b", "kind": "supports"}, {"from": "b", "to": "a", "kind": "supports"},
                  {"from": "b", "to": "g", "kind": "contributes"}, {"from": "i", "to": "a", "kind": "supports"},
                  {"from": "i", "to": "i", "kind": "depends_on"}]}"#,
    );
    assert!(!aligngraph::diagnostics::has_errors(&d));
    let r = aligngraph::score(&m, &aligngraph::Options::default());
    let cyc = r
        .diagnostics
        .iter()
        .find(|x| x.code == Code::Cycle)
        .unwrap();
    assert!(cyc.message.contains("a -> b"), "{}", cyc.message);
    // a -> b points to the larger id inside the cycle and is cut: a, and so i, reach nothing.
    assert_eq!(
        r.structure.cycles,
        vec![vec!["a".to_string(), "b".to_string()]]
    );
    let i = r.initiative("i").unwrap();
    assert_eq!(i.alignment, 0.0);
}

#[test]
fn unknown_fields_are_kept_and_written_back() {
    let text = r#"{"format": "aligngraph", "version": 1, "name": "m", "owner": {"team": "EA"},
      "nodes": [{"id": "g", "kind": "goal", "weight": 2, "okr": ["O1", 2.5]},
                {"id": "i", "kind": "initiative", "cost": 12.5, "jira": "X-1"}],
      "edges": [{"from": "i", "to": "g", "kind": "contributes", "weight": 0.5, "note": "why"}]}"#;
    let (m, d) = load_json(text);
    assert!(d.is_empty());
    let out = aligngraph::to_json(&m);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let orig: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(v, orig);
    let (m2, _) = load_json(&out);
    assert_eq!(m, m2);
}

#[test]
fn a_node_nested_too_deep_is_an_error_naming_the_node() {
    let deep = format!(
        "{{\"nodes\": [\n{{\"id\": \"a\", \"kind\": \"goal\", \"x\": {}{}}}]}}",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let (m, d) = load_json(&deep);
    assert!(m.nodes.is_empty());
    assert_eq!(d[0].place.line, Some(2));
    assert!(d[0].message.contains("recursion"), "{}", d[0].message);
}

#[test]
fn an_edge_to_a_node_with_errors_is_not_reported_twice() {
    let (_, d) = load_json(
        r#"{"nodes": [{"id": "i", "kind": "initiatve"}, {"id": "g", "kind": "goal"}],
            "edges": [{"from": "i", "to": "g", "kind": "contributes"}]}"#,
    );
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, Code::UnknownKind);
    assert!(
        d[0].message.contains("did you mean \"initiative\""),
        "{}",
        d[0].message
    );
}

#[test]
fn misspelt_ids_and_kinds_get_a_suggestion() {
    let (_, d) = load_json(
        r#"{"nodes": [{"id": "cap-billing", "kind": "capability"}, {"id": "g", "kind": "goal"}],
            "edges": [{"from": "cap-biling", "to": "g", "kind": "contribute"}]}"#,
    );
    let unknown = d.iter().find(|x| x.code == Code::UnknownNode).unwrap();
    assert!(
        unknown.message.contains("did you mean \"cap-billing\""),
        "{}",
        unknown.message
    );
    let kind = d.iter().find(|x| x.code == Code::UnknownEdgeKind).unwrap();
    assert!(
        kind.message.contains("did you mean \"contributes\""),
        "{}",
        kind.message
    );
    // No suggestion when nothing is close.
    let (_, d) = load_json(r#"{"nodes": [{"id": "a", "kind": "zzzzzzzz"}]}"#);
    assert!(!d[0].message.contains("did you mean"), "{}", d[0].message);
}

#[test]
fn a_proficiency_outside_the_four_names_the_edge_the_field_and_its_pointer() {
    let text = r#"{"nodes": [{"id": "ana", "kind": "person"}, {"id": "erp", "kind": "application"}],
        "edges": [{"from": "ana", "to": "erp", "kind": "supports", "proficiency": "teach"},
                  {"from": "ana", "to": "erp", "kind": "supports", "proficiency": "expert"}]}"#;
    let (m, d) = load_json(text);
    assert!(
        d.is_empty(),
        "the loader leaves lens fields to the lens: {d:?}"
    );
    let g = aligngraph::graph::Graph::build(&m);
    let (_, d) = aligngraph::lens::people::people(&m, &g);
    assert_eq!(d.len(), 1, "{d:?}");
    let e = &d[0];
    assert_eq!((e.code, e.severity), (Code::InvalidValue, Severity::Error));
    assert_eq!(e.place.edge, Some(1));
    assert_eq!(e.place.node.as_deref(), Some("ana"));
    assert_eq!(e.place.field.as_deref(), Some("proficiency"));
    assert_eq!(e.place.pointer.as_deref(), Some("/edges/1/proficiency"));
    assert_eq!(
        e.message,
        "proficiency must be one of teach, create, tweak, run, not \"expert\""
    );
    // The command exits 1 and says where.
    let dir =
        std::env::temp_dir().join(format!("aligngraph-bad-proficiency-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("model.json");
    std::fs::write(&path, text).unwrap();
    let out = crate::common::run_cli(&crate::common::root(), &["people", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error[INVALID_VALUE] at node \"ana\", edge #1, field \"proficiency\": proficiency must be one of teach, create, tweak, run, not \"expert\""),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    // Not a string at all: the same error, the value shown as JSON.
    let (m, _) = load_json(
        r#"{"nodes": [{"id": "ana", "kind": "person"}, {"id": "erp", "kind": "application"}],
            "edges": [{"from": "ana", "to": "erp", "kind": "supports", "proficiency": 3}]}"#,
    );
    let (_, d) = aligngraph::lens::people::people(&m, &aligngraph::graph::Graph::build(&m));
    assert!(d[0].message.ends_with("not 3"), "{}", d[0].message);
}
