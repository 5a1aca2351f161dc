//! "Why is this zero?": every uncovered goal and every orphan gets a reason, the route that
//! almost connects it names what carries no score on the way, and the one change it names
//! connects it.

use crate::common::{archimate_data, el, model, rel};
use aligngraph::analysis::gaps::{Gap, gaps};
use aligngraph::analysis::{self, Options};
use aligngraph::formats::archimate::ArchiModel;
use aligngraph::formats::import::{InputFile, import};
use aligngraph::formats::mapping::{self, Mapping};
use aligngraph::{Edge, EdgeKind, Model};

fn of<'a>(gs: &'a [Gap], id: &str) -> &'a Gap {
    gs.iter()
        .find(|g| g.id == id)
        .unwrap_or_else(|| panic!("no gap for {id} in {gs:?}"))
}

/// Adds the edge a gap says connects it.
fn connected(m: &Model, gap: &Gap) -> Model {
    let c = gap.connect.as_ref().expect("the gap names an edge");
    let mut m = m.clone();
    let kind = EdgeKind::parse(c.kind).unwrap();
    m.add_edge(Edge::new(
        m.find(&c.from).unwrap(),
        m.find(&c.to).unwrap(),
        kind,
    ));
    m
}

/// The model of an architect: the work package sits in a Grouping (Aggregation), and the Grouping
/// is associated with the goal. Association carries no score, so the goal is uncovered and the
/// work package an orphan; the reason names the Association and the Grouping.
#[test]
fn a_route_through_association_and_grouping_is_named() {
    let archi = ArchiModel {
        name: Some("Programme".into()),
        format: "exchange",
        elements: vec![
            el("g", "Goal", "Grow online sales"),
            el("grp", "Grouping", "Digital programme"),
            el("wp", "WorkPackage", "Build the web shop"),
        ],
        relationships: vec![
            rel("r1", "Aggregation", "grp", "wp"),
            rel("r2", "Association", "grp", "g"),
        ],
        ..ArchiModel::default()
    };
    let m = mapping::to_model(&archi, &Mapping::default()).model;
    let report = analysis::score(&m, &Options::default());
    assert_eq!(report.kpis.orphan_initiatives, vec!["wp".to_string()]);
    assert_eq!(report.kpis.uncovered_goals, vec!["g".to_string()]);
    let s = analysis::compute(&m, &Options::default());
    let all = gaps(&m, &s);
    assert_eq!(all.goals.len(), 1);
    assert_eq!(all.initiatives.len(), 1);
    for gap in [&all.goals[0], &all.initiatives[0]] {
        assert_eq!(gap.cause, "unscored_route", "{gap:?}");
        assert!(gap.reason.contains("Association"), "{}", gap.reason);
        assert!(gap.reason.contains("Grouping"), "{}", gap.reason);
        assert!(
            gap.reason.contains("\"Digital programme\" (Grouping)"),
            "{}",
            gap.reason
        );
        assert_eq!(gap.kept_not_scored.get("Association"), Some(&1), "{gap:?}");
        // Only the Association blocks: the change is to score it.
        let change = gap.change.as_deref().unwrap();
        assert!(
            change.starts_with(
                "Make the Association from \"Digital programme\" to \"Grow online sales\" a Realization"
            ),
            "{change}"
        );
        let route: Vec<(&str, &str, bool)> = gap
            .route
            .iter()
            .map(|s| (s.from.as_str(), s.to.as_str(), s.scored))
            .collect();
        assert_eq!(route, vec![("wp", "grp", true), ("grp", "g", false)]);
        assert_eq!(gap.route[0].archimate_type.as_deref(), Some("Aggregation"));
        assert_eq!(gap.route[0].via, "part_of");
        assert_eq!(gap.route[1].blocked, Some("kept, not scored"));
    }
    // The same reason in --explain's answer.
    let e = analysis::report::explain(&m, &s, m.find("wp").unwrap(), 5);
    assert_eq!(e.why_zero.as_ref(), Some(&all.initiatives[0]));
    // Following the advice connects them: the Association made a Realization.
    let mut fixed = archi.clone();
    fixed.relationships[1].type_ = "Realization".into();
    let m2 = mapping::to_model(&fixed, &Mapping::default()).model;
    let r2 = analysis::score(&m2, &Options::default());
    assert!(r2.kpis.orphan_initiatives.is_empty());
    assert!(r2.kpis.uncovered_goals.is_empty());
    // And so does the edge it names.
    let m3 = connected(&m, &all.goals[0]);
    let r3 = analysis::score(&m3, &Options::default());
    assert!(r3.kpis.uncovered_goals.is_empty());
}

#[test]
fn each_cause_has_its_reason() {
    let m = model(
        r#"{"format":"aligngraph","version":1,"nodes":[
        {"id":"g1","kind":"goal","name":"Grow","weight":1},
        {"id":"g0","kind":"goal","name":"Someday","weight":0},
        {"id":"g2","kind":"goal","name":"Lonely goal","weight":1},
        {"id":"g3","kind":"goal","name":"Old goal","weight":1},
        {"id":"c1","kind":"capability","name":"Sell"},
        {"id":"a1","kind":"application","name":"CRM"},
        {"id":"i1","kind":"initiative","name":"CRM upgrade","status":"running"},
        {"id":"i2","kind":"initiative","name":"Alone","status":"running"},
        {"id":"i3","kind":"initiative","name":"Wrong way","status":"running"},
        {"id":"i4","kind":"initiative","name":"Blue sky","status":"running"},
        {"id":"i5","kind":"initiative","name":"Island","status":"running"},
        {"id":"x1","kind":"element","name":"Island note"},
        {"id":"i6","kind":"initiative","name":"Finished","status":"done"}],
      "edges":[
        {"from":"i1","to":"a1","kind":"supports","weight":0.8},
        {"from":"a1","to":"c1","kind":"supports","weight":0.8},
        {"from":"c1","to":"g1","kind":"contributes","weight":0.8},
        {"from":"c1","to":"i3","kind":"supports","weight":0.8},
        {"from":"i4","to":"g0","kind":"contributes","weight":0.8},
        {"from":"i5","to":"x1","kind":"supports","weight":0.8},
        {"from":"i6","to":"g3","kind":"contributes","weight":0.8}]}"#,
    );
    let s = analysis::compute(&m, &Options::default());
    let all = gaps(&m, &s);
    let goal = |id| of(&all.goals, id);
    let ini = |id| of(&all.initiatives, id);
    assert_eq!(ini("i2").cause, "isolated");
    assert!(ini("i2").reason.contains("no relationship"));
    assert_eq!(ini("i3").cause, "unscored_route");
    assert_eq!(ini("i3").route[0].blocked, Some("points the other way"));
    assert!(!ini("i3").route[0].along);
    assert!(
        ini("i3")
            .change
            .as_deref()
            .unwrap()
            .starts_with("Reverse the supports between \"Sell\" and \"Wrong way\""),
        "{:?}",
        ini("i3").change
    );
    assert_eq!(ini("i4").cause, "zero_weight_goals");
    assert_eq!(ini("i4").near, vec!["g0".to_string()]);
    assert_eq!(ini("i5").cause, "no_route");
    assert!(
        ini("i5").reason.contains("1 other node,"),
        "{}",
        ini("i5").reason
    );
    assert_eq!(ini("i5").near, vec!["x1".to_string()]);
    assert_eq!(goal("g2").cause, "isolated");
    assert_eq!(goal("g3").cause, "only_inactive");
    assert!(
        goal("g3").reason.contains("\"Finished\" (done)"),
        "{}",
        goal("g3").reason
    );
    assert!(!all.goals.iter().any(|g| g.id == "g1"));
    assert!(!all.initiatives.iter().any(|g| g.id == "i1"));
    // The one edge named connects the wrong-way initiative.
    let fixed = connected(&m, ini("i3"));
    let r = analysis::score(&fixed, &Options::default());
    assert!(!r.kpis.orphan_initiatives.contains(&"i3".to_string()));
    assert_eq!(
        all.causes.values().sum::<usize>(),
        all.goals.len() + all.initiatives.len()
    );
}

/// Done means: for every real model, every uncovered goal and every orphan has a reason, and
/// where a route exists the edge it names connects the node.
#[test]
fn every_zero_of_the_real_models_has_a_reason() {
    let mut seen = 0;
    for name in [
        "archisurance.archimate",
        "archisurance.xml",
        "Zoo.xml",
        "JeanBLapierreSandbox.archimate",
        "gc-bcm-2.0.xml",
    ] {
        let bytes = std::fs::read(archimate_data(name)).unwrap();
        let imp = import(
            &[InputFile {
                name,
                bytes: &bytes,
            }],
            &Mapping::default(),
        );
        let m = imp.model;
        let report = analysis::score(&m, &Options::default());
        let s = analysis::compute(&m, &Options::default());
        let all = gaps(&m, &s);
        let ids = |gs: &[Gap]| gs.iter().map(|g| g.id.clone()).collect::<Vec<_>>();
        let mut uncovered = report.kpis.uncovered_goals.clone();
        uncovered.sort();
        let mut got = ids(&all.goals);
        got.sort();
        assert_eq!(got, uncovered, "{name}: uncovered goals");
        for orphan in &report.kpis.orphan_initiatives {
            assert!(
                all.initiatives.iter().any(|g| &g.id == orphan),
                "{name}: orphan {orphan} has no reason"
            );
        }
        for g in all.goals.iter().chain(&all.initiatives) {
            assert!(g.reason.len() > 20, "{name}: {g:?}");
            assert!(g.change.is_some(), "{name}: no change named for {g:?}");
            if g.cause == "unscored_route" {
                assert!(!g.kept_not_scored.is_empty(), "{name}: {g:?}");
                let fixed = connected(&m, g);
                let s2 = analysis::compute(&fixed, &Options::default());
                let v = fixed.find(&g.id).unwrap();
                let nonzero = if g.kind == "goal" {
                    let gi = s2.goals.iter().position(|&x| x == v).unwrap();
                    s2.coverage[gi] > 0.0
                } else {
                    s2.traceable[v as usize]
                };
                assert!(nonzero, "{name}: the edge named does not connect {g:?}");
            }
            seen += 1;
        }
    }
    assert!(seen >= 70, "{seen} zeros explained");
}
