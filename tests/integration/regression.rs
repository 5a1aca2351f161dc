//! Regression tests named after what they guard: depth, size, and the demo's deliberate problems.

use aligngraph::{Options, generate, score};

#[test]
fn a_100000_long_dependency_chain_scores_without_recursion() {
    let n = 100_000;
    let m = generate::dependency_chain(n);
    let r = score(&m, &Options::default());
    // i0 depends on the whole chain: p = 1 - (1 - 1e-4)^n.
    let i0 = r.initiative("i0").unwrap();
    let want = 1.0 - (1.0f64 - 1e-4).powi(n as i32);
    assert!(
        (i0.delivery_risk - want).abs() < 1e-9,
        "{} vs {want}",
        i0.delivery_risk
    );
    // Every initiative reaches the goal with strength 1 along the supports chain.
    assert!((i0.alignment - 1.0).abs() < 1e-12);
    assert_eq!(r.kpis.dependency_cycles, 0);
    let total: f64 = r.centrality().pagerank.iter().map(|(_, v)| v).sum();
    assert!((total - 1.0).abs() < 1e-9);
    // The end of the chain is the single point of failure of the goal.
    assert!(
        r.structure
            .single_points_of_failure
            .iter()
            .any(|s| s.id == format!("i{}", n - 1))
    );
}

#[test]
fn a_100000_long_cycle_is_found_iteratively() {
    let mut m = generate::dependency_chain(100_000);
    let last = m.nodes.len() as u32 - 1;
    m.add_edge(aligngraph::Edge::new(
        last,
        1,
        aligngraph::EdgeKind::DependsOn,
    ));
    let r = score(
        &m,
        &Options {
            blast_radius_limit: 0,
            ..Options::default()
        },
    );
    assert_eq!(r.structure.dependency_cycles.len(), 1);
    assert_eq!(r.structure.dependency_cycles[0].len(), 100_000);
}

#[test]
fn a_50_megabyte_model_file_loads_and_scores() {
    let mut nodes = 60_000;
    let text = loop {
        let t = aligngraph::to_json(&generate::layered(nodes, 5, 42));
        if t.len() >= 50 << 20 {
            break t;
        }
        nodes = nodes * (50 << 20) / t.len() + 1000;
    };
    let (m, d) = aligngraph::load_json(&text);
    assert!(!aligngraph::diagnostics::has_errors(&d));
    assert_eq!(m.nodes.len(), nodes.max(m.nodes.len()));
    let r = score(&m, &Options::default());
    assert_eq!(r.structure.blast_radius_scope, "none");
    assert!(r.kpis.alignment_index > 0.0 && r.kpis.alignment_index <= 1.0);
}

#[test]
fn demo_model_loads_without_diagnostics() {
    let (m, d) = aligngraph::load_json(aligngraph::demo::DEMO_JSON);
    assert!(d.is_empty(), "{d:?}");
    let r = score(&m, &Options::default());
    let warnings: Vec<_> = r.diagnostics.iter().map(|d| d.code).collect();
    assert!(
        warnings
            .iter()
            .all(|c| matches!(c, aligngraph::Code::DependsOnCancelled)),
        "{warnings:?}"
    );
    // The deep chain: eight initiatives, the head inherits the risk of all.
    let head = r.initiative("ini-retention-campaigns").unwrap();
    let own = head.own_risk;
    assert!(head.delivery_risk > own);
}

#[test]
fn untidy_generated_models_have_conflicts_and_cycles_and_still_score() {
    let m = generate::layered_untidy(20_000, 5, 3);
    let r = score(&m, &Options::default());
    assert!(r.kpis.cycles > 0 && r.kpis.dependency_cycles > 0);
    assert!(!r.kpis.conflicting_initiatives.is_empty());
    assert!(r.centrality().converged);
    let total: f64 = r.centrality().pagerank.iter().map(|(_, v)| v).sum();
    assert!((total - 1.0).abs() < 1e-9);
    for n in r.nodes() {
        assert!((0.0..=1.0).contains(&n.alignment) && (0.0..=1.0).contains(&n.conflict));
    }
}

/// An empty float sum is -0.0 in Rust and was printed as "-0.0" (e.g. `unaligned_spend` of a
/// portfolio without orphans); sums start at +0.
#[test]
fn empty_sums_print_as_zero_not_minus_zero() {
    let m = crate::common::model(
        r#"{"format": "aligngraph", "version": 1,
        "nodes": [{"id": "g", "kind": "goal"}, {"id": "i", "kind": "initiative", "cost": 10}],
        "edges": [{"from": "i", "to": "g", "kind": "contributes", "weight": 0.5}]}"#,
    );
    let r = aligngraph::score(&m, &aligngraph::Options::default());
    let text = serde_json::to_string(&r).unwrap();
    assert!(!text.contains("-0.0"), "{text}");
    assert!(text.contains("\"unaligned_spend\":0.0"), "{text}");
}

/// The csv crate counts a record after `\r\n` one line too early; spreadsheet exports use
/// `\r\n`, so CSV diagnostics count lines from the bytes.
#[test]
fn csv_errors_name_the_right_line_with_crlf_line_ends() {
    let nodes = b"id,kind,weight\r\ng1,goal,1\r\ng2,goal,abc\r\n";
    let (_, d) = aligngraph::formats::plain_csv::read(nodes, b"from,to,kind\r\n");
    let e = d.iter().find(|d| d.is_error()).expect("an error");
    assert_eq!(e.place.line, Some(3), "{e}");
    assert_eq!(e.place.node.as_deref(), Some("g2"));
}

/// Structural warnings name nodes by their names, with the id beside them: an imported model's ids
/// ("id-00529e74...") say nothing to a person.
#[test]
fn structural_warnings_name_nodes_by_name_with_their_id() {
    let text = r#"{"format": "aligngraph", "version": 1, "nodes": [
        {"id": "id-0052", "kind": "goal", "name": "Grow revenue"},
        {"id": "id-0077", "kind": "application", "name": "Billing"},
        {"id": "same", "kind": "capability", "name": "same"},
        {"id": "i", "kind": "initiative", "name": "Web shop"},
        {"id": "x", "kind": "initiative", "name": "Old CRM", "status": "cancelled"},
        {"id": "id-0099", "kind": "goal", "name": "Cut cost"}],
      "edges": [{"from": "i", "to": "id-0077", "kind": "contributes"},
                {"from": "i", "to": "x", "kind": "depends_on"},
                {"from": "id-0099", "to": "id-0077", "kind": "depends_on"}]}"#;
    let (model, diagnostics) = aligngraph::load_json(text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let report = score(&model, &Options::default());
    let message = |code: &str| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.code.as_str() == code)
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        message("UNSERVED_GOAL"),
        [
            "goal \"Cut cost\" (id-0099) is served by nothing; its coverage is 0 and it still counts in the goal weights"
        ]
    );
    assert_eq!(
        message("ISOLATED_NODE"),
        [
            "goal \"Grow revenue\" (id-0052) has no edges; it reaches no goal",
            "capability \"same\" has no edges; it reaches no goal"
        ]
    );
    assert_eq!(
        message("UNEXPECTED_ENDPOINT"),
        [
            "contributes edge from initiative \"Web shop\" (i) to application \"Billing\" (id-0077) is unusual; it is scored as written"
        ]
    );
    assert_eq!(
        message("DEPENDS_ON_CANCELLED"),
        [
            "\"Web shop\" (i) depends on the cancelled initiative \"Old CRM\" (x), so its delivery risk is 1"
        ]
    );
}

/// People only support: the demo without its people scores every other node, goal, KPI and
/// centrality exactly as the demo with them, even when a person is given depends_on edges (left
/// out, with a warning).
#[test]
fn people_change_no_other_nodes_scores() {
    let mut with: serde_json::Value = serde_json::from_str(aligngraph::demo::DEMO_JSON).unwrap();
    let person = |id: &serde_json::Value| id.as_str().unwrap().starts_with("per-");
    let mut without = with.clone();
    without["nodes"]
        .as_array_mut()
        .unwrap()
        .retain(|n| n["kind"] != "person");
    without["edges"]
        .as_array_mut()
        .unwrap()
        .retain(|e| !person(&e["from"]) && !person(&e["to"]));
    let edges = with["edges"].as_array_mut().unwrap();
    edges.push(
        serde_json::json!({"from": "per-anna-berg", "to": "app-sap-erp", "kind": "depends_on"}),
    );
    edges.push(serde_json::json!({"from": "app-apo", "to": "per-anna-berg", "kind": "depends_on"}));
    let report = |v: &serde_json::Value| {
        let (m, d) = aligngraph::load_json(&v.to_string());
        assert!(d.is_empty(), "{d:?}");
        let mut r = serde_json::to_value(score(&m, &Options::default())).unwrap();
        // Drop the people and the counts of the model itself.
        for list in ["nodes", "initiatives", "goals"] {
            r[list]
                .as_array_mut()
                .unwrap()
                .retain(|n| !person(&n["id"]));
        }
        for c in ["pagerank", "betweenness"] {
            r["centrality"][c]
                .as_object_mut()
                .unwrap()
                .retain(|k, _| !k.starts_with("per-"));
        }
        r["model"] = serde_json::Value::Null;
        r
    };
    let (mut a, b) = (report(&with), report(&without));
    let warnings = a["diagnostics"].as_array().unwrap().clone();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings.iter().all(|w| {
        w["code"] == "UNEXPECTED_ENDPOINT"
            && w["message"]
                .as_str()
                .unwrap()
                .contains("a person takes no part")
    }));
    a["diagnostics"] = b["diagnostics"].clone();
    assert_eq!(a, b);
}
