//! ArchiMate -> aligngraph mapping and back, on hand-made models (the readers have their own
//! tests on the real files).

use crate::common::{el, rel};
use aligngraph::formats::archimate::ArchiModel;
use aligngraph::formats::mapping::{self, Mapping, strength_weight};
use aligngraph::{EdgeKind, NodeKind};

fn sample() -> ArchiModel {
    let mut goal = el("g", "Goal", "Grow");
    goal.properties = vec![
        ("Weight".into(), "3".into()),
        ("owner".into(), "CEO".into()),
    ];
    let mut wp = el("wp", "WorkPackage", "Project");
    wp.properties = vec![
        ("Kosten".into(), "1200,5".into()),
        ("risk".into(), "high".into()),
    ];
    ArchiModel {
        name: Some("Sample".into()),
        format: "exchange",
        elements: vec![
            goal,
            el("cap", "Capability", "Sell"),
            el("app", "ApplicationComponent", "CRM"),
            el("db", "ApplicationComponent", "Database"),
            wp,
            el("wp2", "WorkPackage", "Later project"),
            el("req", "Requirement", "A requirement"),
            el("j", "OrJunction", ""),
        ],
        relationships: vec![
            rel("r1", "Realization", "cap", "g"),
            rel("r2", "Serving", "app", "cap"),
            rel("r3", "Serving", "db", "app"),
            {
                let mut r = rel("r4", "Influence", "wp", "g");
                r.strength = Some("--".into());
                r
            },
            rel("r5", "Triggering", "wp", "wp2"),
            rel("r6", "Association", "req", "g"),
            rel("r7", "Realization", "wp", "j"),
            rel("r8", "Realization", "j", "app"),
            rel("r9", "Realization", "j", "req"),
            rel("r10", "Association", "req", "r1"),
            rel("r11", "Composition", "cap", "req"),
        ],
        ..ArchiModel::default()
    }
}

fn edge(m: &aligngraph::Model, from: &str, to: &str) -> Vec<aligngraph::Edge> {
    let (f, t) = (m.find(from).unwrap(), m.find(to).unwrap());
    m.edges
        .iter()
        .filter(|e| e.from == f && e.to == t)
        .collect()
}

#[test]
fn relationships_become_edges_with_the_documented_kinds_and_directions() {
    let mut map = Mapping::default();
    map.properties.insert("kosten".into(), "cost".into());
    let imp = mapping::to_model(&sample(), &map);
    let errors: Vec<_> = imp.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let m = &imp.model;
    assert_eq!(m.nodes.len(), 7, "every element but the junction is a node");
    assert_eq!(
        m.nodes[m.find("req").unwrap() as usize].kind,
        NodeKind::Element
    );
    // Realization to a goal contributes; serving app -> capability supports (default weights).
    let e = edge(m, "cap", "g");
    assert_eq!((e[0].kind, e[0].weight()), (EdgeKind::Contributes, 0.8));
    let e = edge(m, "app", "cap");
    assert_eq!((e[0].kind, e[0].weight()), (EdgeKind::Supports, 0.6));
    // Serving between applications: the served one depends on the server.
    assert_eq!(edge(m, "app", "db")[0].kind, EdgeKind::DependsOn);
    // Influence keeps its sign and strength.
    let e = edge(m, "wp", "g");
    assert_eq!((e[0].kind, e[0].weight()), (EdgeKind::Contributes, -1.0));
    // Triggering between work packages: the later one depends on the earlier.
    assert_eq!(edge(m, "wp2", "wp")[0].kind, EdgeKind::DependsOn);
    // Composition: the part is part of the whole.
    assert_eq!(edge(m, "req", "cap")[0].kind, EdgeKind::PartOf);
    // The junction is collapsed: wp realizes app and req directly.
    assert_eq!(edge(m, "wp", "app")[0].kind, EdgeKind::Supports);
    assert_eq!(edge(m, "wp", "req")[0].kind, EdgeKind::Supports);
    assert_eq!(imp.summary.junctions, 1);
    // Association and the relationship on a relationship are kept, not scored.
    assert_eq!(
        imp.summary.not_scored.values().sum::<usize>(),
        2,
        "{:?}",
        imp.summary.not_scored
    );
    // Properties: mapped ones set attributes (with a decimal comma), bad values warn and stay.
    let wp = &m.nodes[m.find("wp").unwrap() as usize];
    assert_eq!(wp.attrs().cost(), Some(1200.5));
    assert_eq!(wp.attrs().risk(), None);
    assert!(imp.diagnostics.iter().any(|d| !d.is_error()
        && d.place.node.as_deref() == Some("wp")
        && d.place.field.as_deref() == Some("risk")));
    let g = &m.nodes[m.find("g").unwrap() as usize];
    assert_eq!(g.attrs().weight(), Some(3.0));
    assert_eq!(imp.summary.elements, 8);
    assert_eq!(imp.summary.relationships, 11);
}

#[test]
fn a_relationship_to_a_missing_element_is_an_error_naming_it() {
    let mut ir = sample();
    let mut r = rel("bad", "Serving", "app", "ghost");
    r.line = Some(42);
    ir.relationships.push(r);
    let imp = mapping::to_model(&ir, &Mapping::default());
    let e = imp
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .expect("an error");
    assert_eq!(e.code.as_str(), "UNKNOWN_NODE");
    assert_eq!(e.place.line, Some(42));
    assert_eq!(e.place.field.as_deref(), Some("target"));
    assert!(
        e.message.contains("\"ghost\"") && e.message.contains("bad"),
        "{}",
        e.message
    );
    assert!(imp.model.nodes.is_empty());
}

#[test]
fn view_nesting_gives_part_of_only_when_the_model_has_no_hierarchy() {
    let mut ir = ArchiModel {
        format: "exchange",
        elements: vec![
            el("a", "Capability", "A"),
            el("b", "Capability", "B"),
            el("c", "Goal", "C"),
        ],
        view_nesting: vec![("b".into(), "a".into()), ("a".into(), "c".into())],
        ..ArchiModel::default()
    };
    let imp = mapping::to_model(&ir, &Mapping::default());
    assert_eq!(
        imp.summary.view_nesting_edges, 1,
        "only between nodes of one kind"
    );
    assert_eq!(edge(&imp.model, "b", "a")[0].kind, EdgeKind::PartOf);
    ir.relationships.push(rel("r", "Aggregation", "a", "c"));
    let imp = mapping::to_model(&ir, &Mapping::default());
    assert_eq!(imp.summary.view_nesting_edges, 0);
}

#[test]
fn export_and_import_again_give_the_same_graph_names_properties_and_ids() {
    let imp = mapping::to_model(&sample(), &Mapping::default());
    let report = aligngraph::score(&imp.model, &aligngraph::Options::default());
    let ir2 = mapping::from_model(&imp.model, Some(&report));
    // Scores are written as properties.
    let g = ir2.elements.iter().find(|e| e.id == "g").unwrap();
    assert!(
        g.properties
            .iter()
            .any(|(k, _)| k == "aligngraph:alignment")
    );
    // The junction, its relationships and the unscored ones are written back with their ids.
    assert!(ir2.elements.iter().any(|e| e.id == "j"));
    for id in [
        "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11",
    ] {
        assert!(ir2.relationships.iter().any(|r| r.id == id), "{id}");
    }
    let back = mapping::to_model(&ir2, &Mapping::default());
    assert!(back.diagnostics.iter().all(|d| !d.is_error()));
    assert_eq!(
        aligngraph::to_json(&back.model),
        aligngraph::to_json(&imp.model)
    );
}

#[test]
fn a_native_model_survives_the_exchange_mapping() {
    let (model, _) = aligngraph::load_json(aligngraph::demo::DEMO_JSON);
    let ir = mapping::from_model(&model, None);
    let back = mapping::to_model(&ir, &Mapping::default());
    assert!(back.diagnostics.iter().all(|d| !d.is_error()));
    let m = &back.model;
    assert_eq!(m.nodes.len(), model.nodes.len());
    assert_eq!(m.edges.len(), model.edges.len());
    for (a, b) in model.nodes.iter().zip(&m.nodes) {
        assert_eq!((&a.id, a.kind, &a.name), (&b.id, b.kind, &b.name));
        assert_eq!(
            a.attrs().nums().collect::<Vec<_>>(),
            b.attrs().nums().collect::<Vec<_>>(),
            "{}",
            a.id
        );
        assert_eq!(a.status(), b.status(), "{}", a.id);
    }
    for (a, b) in model.edges.iter().zip(&m.edges) {
        assert_eq!(
            (a.from, a.to, a.kind, a.weight()),
            (b.from, b.to, b.kind, b.weight())
        );
    }
    let r1 = aligngraph::score(&model, &aligngraph::Options::default());
    let r2 = aligngraph::score(m, &aligngraph::Options::default());
    assert_eq!(r1.kpis.alignment_index, r2.kpis.alignment_index);
}

#[test]
fn influence_strengths_and_mapping_files() {
    assert_eq!(strength_weight("+"), Some(0.5));
    assert_eq!(strength_weight("++"), Some(1.0));
    assert_eq!(strength_weight("-"), Some(-0.5));
    assert_eq!(strength_weight("--"), Some(-1.0));
    assert_eq!(strength_weight("0.3"), Some(0.3));
    assert_eq!(strength_weight("7"), Some(0.7));
    assert_eq!(strength_weight("-25"), Some(-1.0));
    assert_eq!(strength_weight("lots"), None);

    let m = Mapping::from_json(
        r#"{"elements": {"Requirement": "goal"}, "relationships": {"Association": {"kind": "supports", "weight": 0.3}, "Serving": {"weight": 0.9}},
            "properties": {"Kosten": "cost"}, "language": "de", "view_nesting": "never"}"#,
    )
    .unwrap();
    assert_eq!(m.elements["Requirement"], NodeKind::Goal);
    assert_eq!(m.language.as_deref(), Some("de"));
    let imp = mapping::to_model(&sample(), &m);
    assert_eq!(edge(&imp.model, "req", "g")[0].weight(), 0.3);
    assert_eq!(edge(&imp.model, "app", "cap")[0].weight(), 0.9);

    let errs =
        Mapping::from_json(r#"{"elements": {"Goal": "objective"}, "propertiez": {}}"#).unwrap_err();
    assert_eq!(errs.len(), 2);
    assert_eq!(errs[0].place.pointer.as_deref(), Some("/elements/Goal"));
    assert!(errs[0].message.contains("objective"));
    assert!(errs[1].message.contains("propertiez"));
    let errs = Mapping::from_json("{\"elements\": [}").unwrap_err();
    assert_eq!(errs[0].code.as_str(), "INVALID_JSON");
}

/// A Course of Action is a strategy: by default an element (not an initiative, so neither an
/// orphan nor spend), through which a work package's alignment reaches the goal; a mapping file
/// can still count it as an initiative.
#[test]
fn course_of_action_is_strategy_unless_a_mapping_says_otherwise() {
    let model = ArchiModel {
        name: Some("Strategy".into()),
        format: "exchange",
        elements: vec![
            el("g", "Goal", "Grow"),
            el("coa", "CourseOfAction", "Digital first"),
            el("wp", "WorkPackage", "Build the portal"),
        ],
        relationships: vec![
            rel("r1", "Realization", "coa", "g"),
            rel("r2", "Realization", "wp", "coa"),
        ],
        ..ArchiModel::default()
    };
    let imp = mapping::to_model(&model, &Mapping::default());
    let kind = |m: &aligngraph::Model, id: &str| m.nodes[m.find(id).unwrap() as usize].kind;
    assert_eq!(kind(&imp.model, "coa"), NodeKind::Element);
    assert_eq!(kind(&imp.model, "wp"), NodeKind::Initiative);
    let row = imp
        .summary
        .element_types
        .iter()
        .find(|r| r.type_ == "CourseOfAction")
        .unwrap();
    assert_eq!(row.became, "element");
    assert!(row.note.unwrap().contains("not counted as an initiative"));
    let report = aligngraph::analysis::score(&imp.model, &aligngraph::analysis::Options::default());
    assert_eq!(report.kpis.active_initiatives, 1);
    assert!(report.kpis.orphan_initiatives.is_empty());
    assert!(report.kpis.uncovered_goals.is_empty());

    let m = Mapping::from_json(r#"{"elements": {"CourseOfAction": "initiative"}}"#).unwrap();
    let imp = mapping::to_model(&model, &m);
    assert_eq!(kind(&imp.model, "coa"), NodeKind::Initiative);
    let row = imp
        .summary
        .element_types
        .iter()
        .find(|r| r.type_ == "CourseOfAction")
        .unwrap();
    assert_eq!((row.became.as_str(), row.note), ("initiative", None));
}

#[test]
fn a_business_actor_is_a_person_whose_proficiency_survives_the_round_trip() {
    let mut assign = rel("r1", "Assignment", "ana", "proc");
    assign.properties = vec![("Proficiency".into(), " Teach ".into())];
    let mut serve = rel("r2", "Assignment", "ana", "crm");
    serve.properties = vec![("proficiency".into(), "guru".into())];
    let model = ArchiModel {
        elements: vec![
            el("ana", "BusinessActor", "Ana"),
            el("proc", "BusinessProcess", "Sell"),
            el("crm", "ApplicationComponent", "CRM"),
            el("g", "Goal", "Grow"),
        ],
        relationships: vec![assign, serve, rel("r3", "Realization", "proc", "g")],
        ..ArchiModel::default()
    };
    let imp = mapping::to_model(&model, &Mapping::default());
    let m = &imp.model;
    assert_eq!(
        m.nodes[m.find("ana").unwrap() as usize].kind,
        NodeKind::Person
    );
    let row = imp
        .summary
        .element_types
        .iter()
        .find(|r| r.type_ == "BusinessActor")
        .unwrap();
    assert_eq!(row.became, "person");
    assert!(row.note.unwrap().contains("people lens"));
    // Assignments from the actor are supports edges; the proficiency property sets the field
    // (any case, trimmed); a value outside the four is a warning and stays a property only.
    let edge = |m: &aligngraph::Model, to: &str| {
        let t = m.find(to).unwrap();
        let i = m.edges.iter().position(|e| e.to == t).unwrap();
        assert_eq!(m.edges.at(i).kind, EdgeKind::Supports);
        m.edge_extra(i).and_then(|x| x.get("proficiency")).cloned()
    };
    assert_eq!(edge(m, "proc"), Some("teach".into()));
    assert_eq!(edge(m, "crm"), None);
    let w = imp
        .diagnostics
        .iter()
        .find(|d| d.message.contains("guru"))
        .expect("a warning for the bad proficiency");
    assert!(
        w.message.contains("relationship r2") && w.message.contains("teach, create, tweak, run"),
        "{}",
        w.message
    );
    let (people, _) = aligngraph::lens::people::people(m, &aligngraph::graph::Graph::build(m));
    assert_eq!(people["nodes"]["proc"]["skill_points"], 4);
    assert_eq!(people["key_people"], serde_json::json!(["ana"]));

    // A native person: a BusinessActor, assigned to the activity, associated with the rest, the
    // proficiency a property; read back, the same kinds, edges and proficiencies.
    let (native, d) = aligngraph::load_json(
        r#"{"nodes": [{"id": "bo", "kind": "person"}, {"id": "act", "kind": "activity"},
                      {"id": "app", "kind": "application"}],
            "edges": [{"from": "bo", "to": "act", "kind": "supports", "proficiency": "run"},
                      {"from": "bo", "to": "app", "kind": "supports", "proficiency": "create"}]}"#,
    );
    assert!(d.is_empty(), "{d:?}");
    let ir = mapping::from_model(&native, None);
    assert_eq!(ir.elements[0].type_, "BusinessActor");
    let types: Vec<&str> = ir.relationships.iter().map(|r| r.type_.as_str()).collect();
    assert_eq!(types, ["Assignment", "Association"]);
    assert!(
        ir.relationships[1]
            .properties
            .contains(&("proficiency".into(), "create".into()))
    );
    let xml = aligngraph::formats::exchange::write(&ir, None);
    let back = mapping::to_model(
        &aligngraph::formats::exchange::read(&xml, None).0,
        &Mapping::default(),
    );
    let b = &back.model;
    assert_eq!(
        b.nodes[b.find("bo").unwrap() as usize].kind,
        NodeKind::Person
    );
    assert_eq!(edge(b, "act"), Some("run".into()));
    assert_eq!(edge(b, "app"), Some("create".into()));
}
