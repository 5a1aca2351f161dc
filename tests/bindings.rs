//! wasm-bindgen tests of the JavaScript bindings (`src/bindings.rs`): run in Node by
//! wasm-bindgen-test-runner (`make test-wasm`). They check what crosses the boundary against
//! the core computing the same thing directly.
#![cfg(target_arch = "wasm32")]

use aligngraph::bindings::Engine;
use aligngraph::formats::limits::Limits;
use aligngraph::workspace::{Field, Workspace};
use js_sys::{Array, Float64Array, Reflect, Uint8Array, Uint32Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}

fn path(v: &JsValue, keys: &[&str]) -> JsValue {
    keys.iter().fold(v.clone(), |v, k| get(&v, k))
}

fn code(err: JsValue) -> String {
    assert!(
        err.is_instance_of::<js_sys::Error>(),
        "not an Error: {err:?}"
    );
    get(&err, "code").as_string().expect("error without a code")
}

fn demo() -> Engine {
    let mut e = Engine::new();
    e.load_demo().unwrap();
    e
}

#[wasm_bindgen_test]
fn kpis_match_the_core() {
    let mut e = demo();
    let report = e.score(None).unwrap();
    let mut ws = Workspace::load(aligngraph::demo::DEMO_JSON, &Limits::PAGE).unwrap();
    let (index, coverage, orphans) = ws.score(|r| {
        (
            r.kpis.alignment_index,
            r.kpis.goal_coverage,
            r.kpis.orphan_initiatives.clone(),
        )
    });
    assert_eq!(
        path(&report, &["kpis", "alignment_index"]).as_f64(),
        Some(index)
    );
    assert_eq!(
        path(&report, &["kpis", "goal_coverage"]).as_f64(),
        Some(coverage)
    );
    let js_orphans: Vec<String> = Array::from(&path(&report, &["kpis", "orphan_initiatives"]))
        .iter()
        .map(|v| v.as_string().unwrap())
        .collect();
    assert_eq!(js_orphans, orphans);
    // json-compatible: maps arrive as plain objects, not Map.
    assert!(!path(&report, &["kpis"]).is_instance_of::<js_sys::Map>());
    let goals = Array::from(&get(&report, "goals"));
    assert_eq!(goals.length(), 8);
}

#[wasm_bindgen_test]
fn per_node_scores_are_typed_arrays_equal_to_the_core() {
    let mut e = demo();
    let mut ws = Workspace::load(aligngraph::demo::DEMO_JSON, &Limits::PAGE).unwrap();
    for field in Field::ALL {
        let js: Float64Array = e.scores(field.as_str()).unwrap();
        let core = ws.field(field);
        assert_eq!(js.length() as usize, core.len(), "{}", field.as_str());
        let js = js.to_vec();
        for (i, (a, b)) in js.iter().zip(&core).enumerate() {
            assert!(
                a == b || (a.is_nan() && b.is_nan()),
                "{} of node {i}: {a} vs {b}",
                field.as_str()
            );
        }
    }
    assert_eq!(e.node_ids().unwrap().len(), 132);
    let kinds: Uint8Array = e.node_kinds().unwrap();
    let names = Engine::kind_names();
    let ids = e.node_ids().unwrap();
    let s4 = ids.iter().position(|id| id == "ini-s4hana").unwrap();
    assert_eq!(names[kinds.get_index(s4 as u32) as usize], "initiative");
    assert_eq!(e.node_index("ini-s4hana"), Some(s4 as u32));
    assert_eq!(e.node_index("nope"), None);
}

#[wasm_bindgen_test]
fn edges_and_layout_cross_as_typed_arrays() {
    let e = demo();
    let edges = e.edges().unwrap();
    let from: Uint32Array = get(&edges, "from").dyn_into().unwrap();
    let kind: Uint8Array = get(&edges, "kind").dyn_into().unwrap();
    let weight: Float64Array = get(&edges, "weight").dyn_into().unwrap();
    assert_eq!(from.length(), 359);
    assert_eq!(kind.length(), 359);
    assert_eq!(weight.length(), 359);
    assert!(
        kind.to_vec()
            .iter()
            .all(|&k| (k as usize) < Engine::edge_kind_names().len())
    );

    let layout = e.layout().unwrap();
    let x: Float64Array = get(&layout, "x").dyn_into().unwrap();
    let y: Float64Array = get(&layout, "y").dyn_into().unwrap();
    assert_eq!(x.length(), 132);
    let width = get(&layout, "width").as_f64().unwrap();
    let height = get(&layout, "height").as_f64().unwrap();
    assert!(width > 0.0 && height > 0.0);
    assert!(x.to_vec().iter().all(|&v| (0.0..=width).contains(&v)));
    assert!(y.to_vec().iter().all(|&v| (0.0..=height).contains(&v)));
}

#[wasm_bindgen_test]
fn what_if_changes_scores_and_reset_restores_them() {
    let mut e = demo();
    let before = path(&e.score(None).unwrap(), &["kpis", "alignment_index"]);
    e.set_active("ini-s4hana", false).unwrap();
    assert!(!e.is_active("ini-s4hana").unwrap());
    let after = path(&e.score(None).unwrap(), &["kpis", "alignment_index"]);
    assert_ne!(before.as_f64(), after.as_f64());
    let base = path(&e.baseline(None).unwrap(), &["kpis", "alignment_index"]);
    assert_eq!(base.as_f64(), before.as_f64());
    let toggles = Array::from(&e.what_if().unwrap());
    assert_eq!(toggles.length(), 1);
    assert_eq!(
        get(&toggles.get(0), "id").as_string().as_deref(),
        Some("ini-s4hana")
    );
    assert_eq!(get(&toggles.get(0), "active").as_bool(), Some(false));
    // The model text is not changed by a what-if.
    assert!(e.model_json().unwrap().contains("\"approved\""));
    e.reset_what_if().unwrap();
    let again = path(&e.score(None).unwrap(), &["kpis", "alignment_index"]);
    assert_eq!(again.as_f64(), before.as_f64());
}

#[wasm_bindgen_test]
fn errors_are_js_errors_with_stable_codes() {
    let mut e = Engine::new();
    assert_eq!(code(e.score(None).unwrap_err()), "NO_MODEL");
    e.load_demo().unwrap();
    assert_eq!(
        code(e.explain("no-such-node", None).unwrap_err()),
        "UNKNOWN_NODE"
    );
    let err = e.set_active("g-revenue-growth", false).unwrap_err();
    assert_eq!(
        get(&err, "id").as_string().as_deref(),
        Some("g-revenue-growth")
    );
    assert_eq!(code(err), "NOT_AN_INITIATIVE");
    assert_eq!(code(e.scores("speed").unwrap_err()), "UNKNOWN_FIELD");

    // A broken model: the error lists diagnostics with their place; the demo stays loaded.
    let text = "{\"format\": \"aligngraph\", \"version\": 1,\n \"nodes\": [{\"id\": \"a\", \"kind\": \"goal\"},\n  {\"id\": \"a\", \"kind\": \"goal\"}], \"edges\": []}";
    let err = e.load(text).unwrap_err();
    let diags = Array::from(&get(&err, "diagnostics"));
    assert_eq!(code(err), "INVALID_MODEL");
    let first = diags.get(0);
    assert_eq!(
        get(&first, "code").as_string().as_deref(),
        Some("DUPLICATE_ID")
    );
    assert_eq!(path(&first, &["place", "line"]).as_f64(), Some(3.0));
    assert_eq!(e.node_count(), 132);
}

#[wasm_bindgen_test]
fn explain_and_exports() {
    let mut e = demo();
    let x = e.explain("ini-s4hana", Some(3)).unwrap();
    assert_eq!(
        get(&x, "name").as_string().as_deref(),
        Some("SAP S/4HANA migration")
    );
    assert_eq!(Array::from(&get(&x, "paths")).length(), 3);
    let report: serde_json::Value = serde_json::from_str(&e.report_json().unwrap()).unwrap();
    assert_eq!(report["format"], "aligngraph-report");
    assert_eq!(report["nodes"].as_array().unwrap().len(), 132);
    let csv = e.scores_csv().unwrap();
    // A header and a row per node.
    assert_eq!(csv.lines().count(), 132 + 1);
    let (model, diags) = aligngraph::load_json(&e.model_json().unwrap());
    assert!(diags.is_empty());
    assert_eq!(model.nodes.len(), 132);
}

#[wasm_bindgen_test]
fn workspace_errors_become_js_errors_with_code_and_diagnostics() {
    use aligngraph::workspace::WorkspaceError;
    let d = aligngraph::decide::invalid_argument("budget", "the budget must be at least 0");
    let err = JsValue::from(WorkspaceError::decide(d.clone()));
    let diags = Array::from(&get(&err, "diagnostics"));
    assert_eq!(diags.length(), 1);
    assert_eq!(
        get(&diags.get(0), "code").as_string().as_deref(),
        Some("INVALID_ARGUMENT")
    );
    assert_eq!(
        path(&diags.get(0), &["place", "field"])
            .as_string()
            .as_deref(),
        Some("budget")
    );
    assert_eq!(
        Reflect::get(&err, &"message".into()).unwrap().as_string(),
        Some(d.to_string())
    );
    assert_eq!(code(err), "INVALID_ARGUMENT");

    let err = JsValue::from(WorkspaceError::NoModel);
    assert!(get(&err, "diagnostics").is_undefined());
    assert_eq!(code(err), "NO_MODEL");

    // The engine throws the same: a negative budget, with the diagnostic naming it.
    let mut e = demo();
    let err = e.optimize(-1.0, JsValue::UNDEFINED).unwrap_err();
    let diags = Array::from(&get(&err, "diagnostics"));
    assert_eq!(diags.length(), 1);
    assert_eq!(code(err), "INVALID_ARGUMENT");
    let err = e.export_as("pdf", None).unwrap_err();
    assert_eq!(code(err), "UNKNOWN_FORMAT");
    let err = e
        .import_files(Array::new(), Some("{".into()), None)
        .unwrap_err();
    assert!(Array::from(&get(&err, "diagnostics")).length() > 0);
    assert_eq!(code(err), "INVALID_MAPPING");
    let err = e.import_files(Array::new(), None, None).unwrap_err();
    assert!(get(&err, "summary").is_object());
    assert_eq!(code(err), "INVALID_MODEL");
    assert_eq!(e.node_count(), 132);
}

#[wasm_bindgen_test]
fn edits_cross_as_objects_and_text_with_their_inverse_and_diagnostics() {
    let mut e = demo();
    let before = e.model_json().unwrap();
    let op =
        js_sys::JSON::parse(r#"{"op": "set", "id": "ini-s4hana", "field": "cost", "value": 1234}"#)
            .unwrap();
    let done = e.edit(op).unwrap();
    assert_eq!(
        path(&done, &["inverse", "op"]).as_string().as_deref(),
        Some("set")
    );
    assert_eq!(get(&done, "structure").as_bool(), Some(false));
    // The engine scores the edited model as the core scores its JSON.
    let edited = e.model_json().unwrap();
    assert!(edited.contains("\"cost\": 1234"));
    let mut ws = Workspace::load(&edited, &Limits::PAGE).unwrap();
    let index = ws.score(|r| r.kpis.alignment_index);
    let report = e.score(None).unwrap();
    assert_eq!(
        path(&report, &["kpis", "alignment_index"]).as_f64(),
        Some(index)
    );
    // The inverse, as JSON text, restores the model.
    let inverse = js_sys::JSON::stringify(&get(&done, "inverse")).unwrap();
    e.edit(inverse.into()).unwrap();
    assert_eq!(e.model_json().unwrap(), before);
    // A bad value: checkEdit lists the loader's diagnostic; edit throws INVALID_EDIT with it.
    let bad = r#"{"op": "set", "id": "ini-s4hana", "field": "risk", "value": 2}"#;
    let checked = Array::from(&e.check_edit(bad.into()).unwrap());
    assert_eq!(checked.length(), 1);
    assert_eq!(
        path(&checked.get(0), &["code"]).as_string().as_deref(),
        Some("OUT_OF_RANGE")
    );
    assert_eq!(
        path(&checked.get(0), &["place", "field"])
            .as_string()
            .as_deref(),
        Some("risk")
    );
    let err = e.edit(bad.into()).unwrap_err();
    let diags = Array::from(&get(&err, "diagnostics"));
    assert_eq!(code(err), "INVALID_EDIT");
    assert_eq!(
        path(&diags.get(0), &["place", "node"])
            .as_string()
            .as_deref(),
        Some("ini-s4hana")
    );
    assert_eq!(e.model_json().unwrap(), before);
    let not_an_edit = Array::from(&e.check_edit(JsValue::from(5)).unwrap());
    assert_eq!(
        path(&not_an_edit.get(0), &["code"]).as_string().as_deref(),
        Some("WRONG_TYPE")
    );
    assert_eq!(
        code(e.edit("{not json".into()).unwrap_err()),
        "INVALID_ARGUMENT"
    );
}
