//! Edits of the working model (src/model/edit.rs, src/workspace/edit.rs): every operation, its
//! exact inverse, the loader's own diagnostics for bad values, the what-if toggles kept, and a
//! property test: random edits score as the edited model loaded from scratch, and undoing them
//! all gives the original model JSON back.

use aligngraph::diagnostics::Diagnostic;
use aligngraph::formats::limits::Limits;
use aligngraph::model::edit;
use aligngraph::workspace::{Workspace, WorkspaceError};
use proptest::prelude::*;
use serde_json::{Value, json};

const MODEL: &str = r#"{"format": "aligngraph", "version": 1, "currency": "EUR",
  "scenarios": [{"name": "Stop b", "changes": [{"op": "cancel", "id": "b"}]}],
  "nodes": [
    {"id": "g", "kind": "goal", "weight": 1},
    {"id": "a", "kind": "initiative", "name": "Alpha", "cost": 100, "risk": 0.2, "owner": "Ann", "tag": "x"},
    {"id": "b", "kind": "initiative", "cost": 300, "risk": 0.5},
    {"id": "c", "kind": "initiative", "cost": 50, "risk": 0.1, "estimate": {"optimistic": 1, "likely": 2, "pessimistic": 4}},
    {"id": "cap", "kind": "capability"}],
  "edges": [
    {"from": "a", "to": "g", "kind": "contributes", "weight": 0.5, "note": "kept"},
    {"from": "b", "to": "g", "kind": "contributes", "weight": 0.8},
    {"from": "c", "to": "a", "kind": "depends_on"},
    {"from": "cap", "to": "g", "kind": "contributes", "weight": 0.3, "source": "workshop"},
    {"from": "a", "to": "cap", "kind": "supports", "weight": 0.6}]}"#;

fn ws() -> Workspace {
    Workspace::load(MODEL, &Limits::PAGE).unwrap()
}

fn json_of(ws: &Workspace) -> String {
    ws.model_json()
}

/// Applies `op`, checks the model changed as `check` says, then the inverse gives the same JSON
/// back; returns the inverse.
fn round_trip(op: Value, check: impl FnOnce(&Value)) -> Value {
    let mut w = ws();
    let before = json_of(&w);
    let done = w
        .edit(&op, &Limits::PAGE)
        .unwrap_or_else(|e| panic!("{op}: {e}"));
    let after: Value = serde_json::from_str(&json_of(&w)).unwrap();
    check(&after);
    // The edited model loads from its own JSON with no error.
    Workspace::load(&json_of(&w), &Limits::PAGE).unwrap();
    w.edit(&done.inverse, &Limits::PAGE).unwrap();
    assert_eq!(
        json_of(&w),
        before,
        "the inverse of {op} is {}",
        done.inverse
    );
    done.inverse
}

fn node<'a>(m: &'a Value, id: &str) -> &'a Value {
    m["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == id)
        .unwrap()
}

#[test]
fn set_changes_one_field_and_its_inverse_restores_it() {
    let inv = round_trip(
        json!({"op": "set", "id": "a", "field": "cost", "value": 150}),
        |m| {
            assert_eq!(node(m, "a")["cost"], 150);
        },
    );
    assert_eq!(
        inv,
        json!({"op": "set", "id": "a", "field": "cost", "value": 100})
    );
    round_trip(
        json!({"op": "set", "id": "b", "field": "name", "value": "Beta"}),
        |m| {
            assert_eq!(node(m, "b")["name"], "Beta");
        },
    );
    round_trip(
        json!({"op": "set", "id": "b", "field": "status", "value": "done"}),
        |m| {
            assert_eq!(node(m, "b")["status"], "done");
        },
    );
    round_trip(
        json!({"op": "set", "id": "a", "field": "start", "value": 3.5}),
        |m| {
            assert_eq!(node(m, "a")["start"], 3.5);
        },
    );
    round_trip(
        json!({"op": "set", "id": "c", "field": "estimate", "value": {"optimistic": 2, "likely": 3, "pessimistic": 9}}),
        |m| assert_eq!(node(m, "c")["estimate"]["pessimistic"], 9),
    );
    round_trip(
        json!({"op": "set", "id": "cap", "field": "description", "value": "Customer data"}),
        |m| {
            assert_eq!(node(m, "cap")["description"], "Customer data");
        },
    );
    // null removes an optional field; the inverse puts it back where it was.
    let inv = round_trip(
        json!({"op": "set", "id": "a", "field": "owner", "value": null}),
        |m| {
            assert!(node(m, "a").get("owner").is_none());
            assert_eq!(node(m, "a")["tag"], "x");
        },
    );
    assert_eq!(inv["value"], "Ann");
    round_trip(
        json!({"op": "set", "id": "a", "field": "name", "value": null}),
        |m| {
            assert!(node(m, "a").get("name").is_none());
        },
    );
    round_trip(
        json!({"op": "set", "id": "a", "field": "kind", "value": "application"}),
        |m| {
            assert_eq!(node(m, "a")["kind"], "application");
        },
    );
}

#[test]
fn nodes_are_added_and_deleted_with_their_edges() {
    let inv = round_trip(
        json!({"op": "add_node", "node": {"id": "d", "kind": "initiative", "cost": 10},
               "edges": [{"from": "d", "to": "g", "kind": "contributes", "weight": 0.4}]}),
        |m| {
            assert_eq!(node(m, "d")["cost"], 10);
            let last = m["edges"].as_array().unwrap().last().unwrap();
            assert_eq!(last["from"], "d");
        },
    );
    assert_eq!(inv, json!({"op": "delete_node", "id": "d"}));
    // Deleting a node takes its edges (and their unknown fields) with it; undo puts them back at
    // their places.
    let inv = round_trip(json!({"op": "delete_node", "id": "a"}), |m| {
        assert_eq!(m["nodes"].as_array().unwrap().len(), 4);
        let edges = m["edges"].as_array().unwrap();
        assert_eq!(edges.len(), 2);
        assert!(edges.iter().all(|e| e["from"] != "a" && e["to"] != "a"));
        assert_eq!(edges[1]["source"], "workshop");
    });
    assert_eq!(inv["op"], "add_node");
    assert_eq!(inv["edge_at"], json!([0, 2, 4]));
    assert_eq!(inv["edges"][0]["note"], "kept");
    // A node added in the middle moves the edges' ends; undo moves them back.
    round_trip(
        json!({"op": "add_node", "node": {"id": "e", "kind": "goal"}, "at": 1}),
        |m| {
            assert_eq!(m["nodes"][1]["id"], "e");
            assert_eq!(m["edges"][0]["from"], "a");
        },
    );
}

#[test]
fn edges_are_added_deleted_and_reweighted() {
    round_trip(
        json!({"op": "add_edge", "edge": {"from": "c", "to": "g", "kind": "contributes", "weight": 0.2}}),
        |m| assert_eq!(m["edges"].as_array().unwrap().len(), 6),
    );
    round_trip(
        json!({"op": "add_edge", "edge": {"from": "c", "to": "cap", "kind": "supports", "x": 1}, "at": 0}),
        |m| {
            assert_eq!(m["edges"][0]["x"], 1);
            assert_eq!(m["edges"][1]["note"], "kept");
        },
    );
    let inv = round_trip(
        json!({"op": "delete_edge", "from": "a", "to": "g", "kind": "contributes"}),
        |m| {
            assert_eq!(m["edges"][0]["from"], "b");
            assert_eq!(m["edges"][2]["source"], "workshop");
        },
    );
    assert_eq!(inv["at"], 0);
    assert_eq!(inv["edge"]["note"], "kept");
    round_trip(
        json!({"op": "set_edge", "from": "a", "to": "g", "kind": "contributes", "field": "weight", "value": -0.4}),
        |m| {
            assert_eq!(m["edges"][0]["weight"], -0.4);
            assert_eq!(m["edges"][0]["note"], "kept");
        },
    );
    round_trip(
        json!({"op": "set_edge", "from": "a", "to": "cap", "kind": "supports", "index": 4, "field": "weight", "value": null}),
        |m| assert!(m["edges"][4].get("weight").is_none()),
    );
}

#[test]
fn model_fields_and_batches() {
    round_trip(
        json!({"op": "set_model", "field": "name", "value": "Edited"}),
        |m| {
            assert_eq!(m["name"], "Edited");
        },
    );
    round_trip(
        json!({"op": "set_model", "field": "ahp", "value": {"goals": ["g"], "matrix": [[1]]}}),
        |m| {
            assert_eq!(m["ahp"]["goals"][0], "g");
        },
    );
    round_trip(
        json!({"op": "set_model", "field": "scenarios", "value": null}),
        |m| {
            assert!(m.get("scenarios").is_none());
        },
    );
    let inv = round_trip(
        json!({"op": "batch", "ops": [
            {"op": "set", "id": "a", "field": "cost", "value": 1},
            {"op": "delete_node", "id": "cap"},
            {"op": "set", "id": "g", "field": "weight", "value": 3}]}),
        |m| {
            assert_eq!(node(m, "a")["cost"], 1);
            assert_eq!(node(m, "g")["weight"], 3);
        },
    );
    assert_eq!(inv["ops"].as_array().unwrap().len(), 3);
    assert_eq!(inv["ops"][0]["field"], "weight");
}

/// The diagnostics the loader gives for the model with `field` of node `id` written as `value`.
fn loader_says(id: &str, field: &str, value: Value) -> Vec<Diagnostic> {
    let mut m: Value = serde_json::from_str(MODEL).unwrap();
    for n in m["nodes"].as_array_mut().unwrap() {
        if n["id"] == id {
            n[field] = value.clone();
        }
    }
    let (_, d) = aligngraph::load_json(&m.to_string());
    d.into_iter().filter(Diagnostic::is_error).collect()
}

fn refused(op: Value) -> Vec<Diagnostic> {
    let mut w = ws();
    let before = json_of(&w);
    let checked = w.check_edit(&op, &Limits::PAGE);
    assert_eq!(json_of(&w), before, "check_edit changed the model");
    let err = w.edit(&op, &Limits::PAGE).unwrap_err();
    assert_eq!(err.code(), "INVALID_EDIT");
    assert_eq!(json_of(&w), before, "a refused edit changed the model");
    let WorkspaceError::InvalidEdit(d) = err else {
        unreachable!()
    };
    assert_eq!(checked, d, "check_edit and edit disagree on {op}");
    assert!(!d.is_empty() && d.iter().all(|x| x.message.len() > 10));
    d
}

#[test]
fn bad_values_get_the_loaders_diagnostics_at_their_place() {
    for (id, field, value) in [
        ("a", "risk", json!(2)),
        ("a", "cost", json!("abc")),
        ("a", "cost", json!(-5)),
        ("b", "status", json!("paused")),
        (
            "c",
            "estimate",
            json!({"optimistic": 5, "likely": 2, "pessimistic": 9}),
        ),
        ("g", "perspective", json!("growth")),
        ("a", "mandatory", json!("yes")),
        ("a", "name", json!(12)),
        ("a", "kind", json!("project")),
        ("a", "job_size", json!(0)),
    ] {
        let d = refused(json!({"op": "set", "id": id, "field": field, "value": value}));
        let want = loader_says(id, field, value.clone());
        assert_eq!(
            d.len(),
            want.len(),
            "{id}.{field} = {value}: {d:?} vs {want:?}"
        );
        for (got, want) in d.iter().zip(&want) {
            assert_eq!(got.code, want.code, "{id}.{field}");
            assert_eq!(got.message, want.message, "{id}.{field}");
            assert_eq!(got.place.pointer, want.place.pointer);
            assert_eq!(got.place.node.as_deref(), Some(id));
            assert_eq!(got.place.field, want.place.field);
            assert!(got.place.line.is_none());
        }
    }
    // An edge weight out of range: the loader's message, at the edge.
    let d = refused(
        json!({"op": "set_edge", "from": "b", "to": "g", "kind": "contributes", "field": "weight", "value": 1.5}),
    );
    assert_eq!(d[0].code.as_str(), "OUT_OF_RANGE");
    assert_eq!(
        d[0].message,
        "contributes edge weight is 1.5; it must be between -1 and 1"
    );
    assert_eq!(d[0].place.edge, Some(1));
    assert_eq!(d[0].place.pointer.as_deref(), Some("/edges/1/weight"));
    let d = refused(
        json!({"op": "add_edge", "edge": {"from": "a", "to": "gg", "kind": "contributes"}}),
    );
    assert_eq!(d[0].code.as_str(), "UNKNOWN_NODE");
    assert!(
        d[0].message.contains("did you mean \"g\""),
        "{}",
        d[0].message
    );
    assert_eq!(d[0].place.field.as_deref(), Some("to"));
    let d = refused(json!({"op": "add_edge", "edge": {"from": "a", "to": "g", "kind": "serves"}}));
    assert_eq!(d[0].code.as_str(), "UNKNOWN_EDGE_KIND");
    let d = refused(json!({"op": "add_node", "node": {"id": "b", "kind": "goal"}}));
    assert_eq!(d[0].code.as_str(), "DUPLICATE_ID");
    assert_eq!(d[0].place.pointer.as_deref(), Some("/nodes/5/id"));
    let d = refused(json!({"op": "add_node", "node": {"id": "z"}}));
    assert_eq!(d[0].code.as_str(), "MISSING_FIELD");
    assert_eq!(d[0].place.field.as_deref(), Some("kind"));
    // An added node whose edge fails is not added either.
    let d = refused(
        json!({"op": "add_node", "node": {"id": "z", "kind": "initiative"},
        "edges": [{"from": "z", "to": "g", "kind": "contributes", "weight": 4}]}),
    );
    assert_eq!(d[0].code.as_str(), "OUT_OF_RANGE");
    // A node a scenario names cannot be deleted: the scenario's place says why.
    let d = refused(json!({"op": "delete_node", "id": "b"}));
    assert_eq!(d[0].code.as_str(), "UNKNOWN_NODE");
    assert!(
        d[0].message.starts_with("/scenarios/0/changes/0/id"),
        "{}",
        d[0].message
    );
    // Unknown nodes, fields and operations, the id itself.
    assert_eq!(
        refused(json!({"op": "set", "id": "q", "field": "cost", "value": 1}))[0]
            .code
            .as_str(),
        "UNKNOWN_NODE"
    );
    let d = refused(json!({"op": "set", "id": "a", "field": "cots", "value": 1}));
    assert!(
        d[0].message.contains("did you mean \"cost\""),
        "{}",
        d[0].message
    );
    assert_eq!(
        refused(json!({"op": "set", "id": "a", "field": "id", "value": "a2"}))[0]
            .place
            .field
            .as_deref(),
        Some("id")
    );
    assert_eq!(
        refused(json!({"op": "rename"}))[0].code.as_str(),
        "INVALID_VALUE"
    );
    assert_eq!(refused(json!([1]))[0].code.as_str(), "WRONG_TYPE");
    assert_eq!(
        refused(json!({"op": "set", "id": "a", "field": "cost"}))[0]
            .code
            .as_str(),
        "MISSING_FIELD"
    );
    let d = refused(json!({"op": "delete_edge", "from": "g", "to": "a", "kind": "contributes"}));
    assert!(
        d[0].message
            .contains("no contributes edge from \"g\" to \"a\""),
        "{}",
        d[0].message
    );
    // A batch is all or nothing.
    refused(json!({"op": "batch", "ops": [
        {"op": "set", "id": "a", "field": "cost", "value": 1},
        {"op": "set", "id": "a", "field": "risk", "value": 9}]}));
    // Text beyond the page's limit.
    let long = "x".repeat(Limits::PAGE.string_bytes + 1);
    assert_eq!(
        refused(json!({"op": "set", "id": "a", "field": "name", "value": long}))[0]
            .code
            .as_str(),
        "LIMIT_EXCEEDED"
    );
}

#[test]
fn a_self_loop_is_written_with_the_loaders_warning() {
    let mut w = ws();
    let op = json!({"op": "add_edge", "edge": {"from": "a", "to": "a", "kind": "depends_on"}});
    let d = w.check_edit(&op, &Limits::PAGE);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code.as_str(), "SELF_LOOP");
    let done = w.edit(&op, &Limits::PAGE).unwrap();
    assert_eq!(done.diagnostics[0].code.as_str(), "SELF_LOOP");
    assert!(
        w.load_diagnostics()
            .iter()
            .any(|d| d.code.as_str() == "SELF_LOOP" && d.place.edge == Some(5))
    );
    w.edit(&done.inverse, &Limits::PAGE).unwrap();
    assert!(w.load_diagnostics().is_empty());
}

#[test]
fn what_if_toggles_follow_their_nodes() {
    let mut w = ws();
    w.set_active("c", false).unwrap();
    w.set_active("b", false).unwrap();
    // Deleting a node before them keeps their toggles (their indices move).
    w.edit(
        &json!({"op": "set_model", "field": "scenarios", "value": null}),
        &Limits::PAGE,
    )
    .unwrap();
    let done = w
        .edit(&json!({"op": "delete_node", "id": "a"}), &Limits::PAGE)
        .unwrap();
    assert!(done.structure);
    assert_eq!(w.what_if(), vec![("b", false), ("c", false)]);
    // A toggle that now equals the file's status is dropped.
    w.edit(
        &json!({"op": "set", "id": "b", "field": "status", "value": "cancelled"}),
        &Limits::PAGE,
    )
    .unwrap();
    assert_eq!(w.what_if(), vec![("c", false)]);
    // The deleted node's toggle goes with it.
    w.edit(&json!({"op": "delete_node", "id": "c"}), &Limits::PAGE)
        .unwrap();
    assert!(w.what_if().is_empty());
    // And the scores are those of the edited model loaded from scratch.
    let mut fresh = Workspace::load(&w.model_json(), &Limits::PAGE).unwrap();
    assert_eq!(report(&mut w), report(&mut fresh));
}

/// The report without the lines and columns of the loader's diagnostics (an edited model has
/// no file).
fn report(w: &mut Workspace) -> Value {
    let mut r: Value = serde_json::from_str(&w.report_json().unwrap()).unwrap();
    if let Some(ds) = r["diagnostics"].as_array_mut() {
        for d in ds {
            if let Some(p) = d.get_mut("place").and_then(Value::as_object_mut) {
                p.remove("line");
                p.remove("column");
            }
        }
    }
    r
}

const FIELDS: [(&str, f64, f64); 6] = [
    ("cost", 0.0, 1e6),
    ("risk", 0.0, 1.0),
    ("weight", 0.0, 5.0),
    ("benefit", -100.0, 1e6),
    ("duration", 0.0, 24.0),
    ("importance", 0.0, 5.0),
];
const STATUSES: [&str; 5] = ["proposed", "approved", "running", "done", "cancelled"];
const EDGE_KINDS: [&str; 5] = [
    "contributes",
    "supports",
    "depends_on",
    "part_of",
    "excludes",
];

/// One random edit, made concrete against the model as it is (indices pick existing nodes and
/// edges); some are bad on purpose (out of range).
fn make_op(w: &Workspace, pick: (u8, usize, usize, usize, f64)) -> Value {
    let (what, a, b, c, x) = pick;
    let m = w.model();
    let n = m.nodes.len().max(1);
    let id = |k: usize| {
        m.nodes
            .get(k % n)
            .map(|x| x.id.to_string())
            .unwrap_or_default()
    };
    match what % 9 {
        0 | 1 => {
            let (f, lo, hi) = FIELDS[c % FIELDS.len()];
            // One time in eight out of range.
            let v = if a % 8 == 0 {
                hi * 2.0 + 1.0
            } else {
                lo + (hi - lo) * x
            };
            json!({"op": "set", "id": id(a), "field": f, "value": v})
        }
        2 => json!({"op": "set", "id": id(a), "field": "status", "value": STATUSES[c % 5]}),
        3 => {
            json!({"op": "set", "id": id(a), "field": if c % 2 == 0 { "name" } else { "cost" }, "value": null})
        }
        4 if !m.edges.is_empty() => {
            let k = b % m.edges.len();
            let e = m.edges.at(k);
            json!({"op": "set_edge", "from": &*m.node(e.from).id, "to": &*m.node(e.to).id,
                   "kind": e.kind.as_str(), "index": k, "field": "weight", "value": x * 0.9})
        }
        5 => json!({"op": "delete_node", "id": id(a)}),
        6 => {
            json!({"op": "add_node", "node": {"id": format!("new{a}-{b}"), "kind": if c % 2 == 0 { "initiative" } else { "capability" }, "cost": x * 100.0},
                     "at": a % (n + 1),
                     "edges": [{"from": format!("new{a}-{b}"), "to": id(b), "kind": EDGE_KINDS[c % 5], "weight": x * 0.5}]})
        }
        7 => {
            json!({"op": "add_edge", "edge": {"from": id(a), "to": id(b), "kind": EDGE_KINDS[c % 5], "weight": x * 0.7}, "at": c % (m.edges.len() + 1)})
        }
        _ if !m.edges.is_empty() => {
            let k = b % m.edges.len();
            let e = m.edges.at(k);
            json!({"op": "delete_edge", "from": &*m.node(e.from).id, "to": &*m.node(e.to).id, "kind": e.kind.as_str()})
        }
        _ => json!({"op": "set_model", "field": "name", "value": format!("m{a}")}),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_edits_score_as_a_fresh_load_and_undo_restores_the_model(
        seed in 0u64..1000,
        picks in prop::collection::vec((0u8..9, 0usize..500, 0usize..500, 0usize..50, 0.0f64..1.0), 1..25),
        toggle in 0usize..100,
    ) {
        let model = aligngraph::generate::portfolio(12, seed);
        let text = aligngraph::to_json(&model);
        let mut w = Workspace::load(&text, &Limits::PAGE).unwrap();
        let original = w.model_json();
        // A what-if toggle on the way: kept while its node lives.
        let inits: Vec<String> = w.model().nodes.iter().filter(|n| n.kind == aligngraph::NodeKind::Initiative).map(|n| n.id.to_string()).collect();
        if !inits.is_empty() {
            let id = &inits[toggle % inits.len()];
            let on = !w.is_active(id).unwrap();
            w.set_active(id, on).unwrap();
        }
        let mut undo = Vec::new();
        for pick in picks {
            let op = make_op(&w, pick);
            let before = w.model_json();
            let checked = w.check_edit(&op, &Limits::PAGE);
            prop_assert_eq!(&w.model_json(), &before);
            match w.edit(&op, &Limits::PAGE) {
                Ok(done) => {
                    prop_assert!(!checked.iter().any(Diagnostic::is_error), "{}: check said {:?}", op, checked);
                    undo.push(done.inverse);
                    // The edited model is one a file could hold.
                    let fresh = Workspace::load(&w.model_json(), &Limits::PAGE);
                    prop_assert!(fresh.is_ok(), "{}: {:?}", op, fresh.err());
                }
                Err(e) => {
                    prop_assert_eq!(e.diagnostics().unwrap(), &checked[..]);
                    prop_assert_eq!(&w.model_json(), &before, "a refused {} changed the model", op);
                }
            }
        }
        // The scores (what-if toggle included) equal a full load and score of the edited JSON.
        let mut fresh = Workspace::load(&w.model_json(), &Limits::PAGE).unwrap();
        for (id, on) in w.what_if().into_iter().map(|(i, o)| (i.to_string(), o)).collect::<Vec<_>>() {
            fresh.set_active(&id, on).unwrap();
        }
        prop_assert_eq!(report(&mut w), report(&mut fresh));
        // Undoing every edit gives the original model JSON back.
        for inv in undo.iter().rev() {
            w.edit(inv, &Limits::PAGE).unwrap();
        }
        prop_assert_eq!(w.model_json(), original);
    }
}

#[test]
fn edits_of_a_large_model_change_only_what_they_name() {
    let model = aligngraph::generate::layered(100_000, 3, 7);
    let before = aligngraph::model::to_json(&model);
    let mut w = Workspace::from_model(model, Vec::new());
    let id = w.model().nodes[50_000].id.to_string();
    let mut first_inverse = None;
    for i in 0..20 {
        let op = json!({"op": "set", "id": id, "field": "cost", "value": i});
        assert!(w.check_edit(&op, &Limits::PAGE).is_empty());
        let inverse = w.edit(&op, &Limits::PAGE).unwrap();
        first_inverse.get_or_insert(inverse.inverse);
    }
    // Every other node is as it was; the first edit's inverse restores the file exactly (the
    // speed of an edit at this size is measured in docs/performance.md, not here).
    let v = w.index(&id).unwrap() as usize;
    assert_eq!(w.model().nodes[v].attrs().cost(), Some(19.0));
    assert_eq!(w.model().nodes.len(), 100_000);
    w.edit(&first_inverse.unwrap(), &Limits::PAGE).unwrap();
    assert_eq!(w.model_json(), before);
    assert_eq!(edit::OPS.len(), 8);
}

#[test]
fn lens_fields_are_checked_as_the_lenses_read_them_and_undo_restores_a_bad_value_of_the_file() {
    // Any node may gain a lens field; a good one applies, its inverse removes it.
    round_trip(
        json!({"op": "set", "id": "a", "field": "cashflows", "value": [-100, 60, 70]}),
        |m| assert_eq!(node(m, "a")["cashflows"], json!([-100, 60, 70])),
    );
    round_trip(
        json!({"op": "set", "id": "cap", "field": "end_of_life", "value": "2027-06-30"}),
        |m| assert_eq!(node(m, "cap")["end_of_life"], "2027-06-30"),
    );
    // A bad one is refused with the lenses' message at its place, and nothing changes.
    let mut w = ws();
    let before = json_of(&w);
    for (id, field, value, code) in [
        ("a", "cashflows", json!([-100, "sixty"]), "WRONG_TYPE"),
        ("cap", "end_of_life", json!("soon"), "INVALID_VALUE"),
        (
            "cap",
            "end_of_support",
            json!("2026-02-30"),
            "INVALID_VALUE",
        ),
        ("a", "actual_cost", json!(-1), "OUT_OF_RANGE"),
    ] {
        let op = json!({"op": "set", "id": id, "field": field, "value": value});
        let Err(WorkspaceError::InvalidEdit(diags)) = w.edit(&op, &Limits::PAGE) else {
            panic!("{op} applied");
        };
        let d = &diags[0];
        assert_eq!(d.code.as_str(), code, "{op}: {}", d.message);
        assert_eq!(d.place.node.as_deref(), Some(id));
        assert_eq!(d.place.field.as_deref(), Some(field));
        let at = if id == "a" { 1 } else { 4 };
        assert_eq!(
            d.place.pointer.as_deref(),
            Some(format!("/nodes/{at}/{field}").as_str())
        );
        assert!(d.message.contains(field), "{}", d.message);
        assert_eq!(w.check_edit(&op, &Limits::PAGE)[0].code.as_str(), code);
        assert_eq!(json_of(&w), before);
    }
    // A bad value the file already holds: correcting it is undone exactly, and so is deleting
    // its node (the inverses say they restore it).
    let file = MODEL.replace(
        r#""id": "cap", "kind": "capability""#,
        r#""id": "cap", "kind": "capability", "end_of_life": "soon""#,
    );
    let mut w = Workspace::load(&file, &Limits::PAGE).unwrap();
    let before = json_of(&w);
    let fixed = w
        .edit(
            &json!({"op": "set", "id": "cap", "field": "end_of_life", "value": "2028-01-31"}),
            &Limits::PAGE,
        )
        .unwrap();
    assert_eq!(fixed.inverse["restore"], true);
    w.edit(&fixed.inverse, &Limits::PAGE).unwrap();
    assert_eq!(json_of(&w), before);
    // Another field of that node can still be edited.
    let other = w
        .edit(
            &json!({"op": "set", "id": "cap", "field": "maturity", "value": 2}),
            &Limits::PAGE,
        )
        .unwrap();
    assert!(other.inverse.get("restore").is_none());
    w.edit(&other.inverse, &Limits::PAGE).unwrap();
    let deleted = w
        .edit(&json!({"op": "delete_node", "id": "cap"}), &Limits::PAGE)
        .unwrap();
    assert_eq!(deleted.inverse["restore"], true);
    w.edit(&deleted.inverse, &Limits::PAGE).unwrap();
    assert_eq!(json_of(&w), before);
    // Without `restore`, the same node is refused when added.
    let mut again = deleted.inverse.clone();
    again.as_object_mut().unwrap().remove("restore");
    w.edit(&json!({"op": "delete_node", "id": "cap"}), &Limits::PAGE)
        .unwrap();
    assert!(w.edit(&again, &Limits::PAGE).is_err());
}
