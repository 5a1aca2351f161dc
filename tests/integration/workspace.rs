//! The interactive session state behind the page: what-if toggles and per-node fields.

use aligngraph::workspace::{Field, Workspace, WorkspaceError};

const MODEL: &str = r#"{"format": "aligngraph", "version": 1, "currency": "EUR",
  "nodes": [
    {"id": "g", "kind": "goal", "weight": 1},
    {"id": "a", "kind": "initiative", "cost": 100, "risk": 0.2},
    {"id": "b", "kind": "initiative", "cost": 300, "risk": 0.5, "status": "cancelled"},
    {"id": "c", "kind": "initiative", "cost": 50, "risk": 0.1}],
  "edges": [
    {"from": "a", "to": "g", "kind": "contributes", "weight": 0.5},
    {"from": "b", "to": "g", "kind": "contributes", "weight": 0.8},
    {"from": "c", "to": "a", "kind": "depends_on"}]}"#;

#[test]
fn toggles_score_a_copy_and_switching_back_removes_the_toggle() {
    let mut ws = Workspace::load(MODEL).unwrap();
    let base = ws.score(|r| (r.kpis.goal_coverage, r.kpis.total_spend));
    assert_eq!(base, (0.5, 150.0));
    // Switching a cancelled initiative on counts it (as approved).
    ws.set_active("b", true).unwrap();
    let on = ws.score(|r| (r.kpis.goal_coverage, r.kpis.total_spend));
    assert_eq!(on.1, 450.0);
    assert!((on.0 - (1.0 - 0.5 * 0.2)).abs() < 1e-12, "{on:?}");
    assert_eq!(ws.what_if(), vec![("b", true)]);
    // The loaded model is untouched; the baseline is what the file says.
    assert_eq!(ws.baseline(|r| r.kpis.total_spend), 150.0);
    assert!(aligngraph::to_json(ws.model()).contains("\"cancelled\""));
    // Switching it back to what the file says removes the toggle.
    ws.set_active("b", false).unwrap();
    assert!(ws.what_if().is_empty());
    assert_eq!(ws.score(|r| r.kpis.total_spend), 150.0);
}

#[test]
fn switching_off_a_dependency_raises_its_dependents_risk_and_exposure() {
    let mut ws = Workspace::load(MODEL).unwrap();
    let c = ws.index("c").unwrap() as usize;
    let before = ws.field(Field::DeliveryRisk)[c];
    assert!((ws.field(Field::Exposure)[c] - before * 50.0).abs() < 1e-12);
    ws.set_active("a", false).unwrap();
    assert_eq!(
        ws.field(Field::Active)[ws.index("a").unwrap() as usize],
        0.0
    );
    let after = ws.field(Field::DeliveryRisk)[c];
    assert!(after > before, "{before} -> {after}");
    let explained = ws.explain("c", 5).unwrap();
    assert_eq!(explained.delivery_risk, after);
    let codes: Vec<&str> = ws.diagnostics().iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"DEPENDS_ON_CANCELLED"), "{codes:?}");
}

#[test]
fn errors_name_the_id_and_have_stable_codes() {
    let mut ws = Workspace::load(MODEL).unwrap();
    let e = ws.set_active("g", false).unwrap_err();
    assert_eq!(e, WorkspaceError::NotAnInitiative("g".into()));
    assert_eq!(e.code(), "NOT_AN_INITIATIVE");
    let e = ws.explain("zz", 3).unwrap_err();
    assert_eq!(e.code(), "UNKNOWN_NODE");
    assert!(e.to_string().contains("\"zz\""));
    let e = Field::parse("speed").unwrap_err();
    assert!(e.to_string().contains("delivery_risk"), "{e}");
    let e = Workspace::load("{\"nodes\": 3}").unwrap_err();
    assert_eq!(e.code(), "INVALID_MODEL");
    assert!(e.to_string().contains("line 1"), "{e}");
    for f in Field::ALL {
        assert_eq!(Field::parse(f.as_str()).unwrap(), f);
    }
}
