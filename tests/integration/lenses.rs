//! The IT-management lenses (docs/lenses.md): every worked example through the command line,
//! money conserved on random models, the finance identities on random flows, and bad values
//! named with their places.

use crate::common::{approx_eq, fenced_blocks, root, run_cli, select};
use aligngraph::lens::{costs, earned_value, finance, operations};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;

fn temp_model(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("aligngraph-lens-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("model.json");
    std::fs::write(&path, text).unwrap();
    path
}

fn cli_json(args: &[&str]) -> Value {
    let out = run_cli(&root(), args);
    assert!(
        out.status.success(),
        "aligngraph {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_worked_example_in_lenses_md_holds() {
    let md = std::fs::read_to_string(root().join("docs/lenses.md")).unwrap();
    let all = fenced_blocks(&md);
    let mut models = BTreeMap::new();
    for b in all.iter().filter(|b| b.lang() == "json") {
        if let Some(name) = b.attr("example") {
            models.insert(name.to_string(), b.body.clone());
        }
    }
    let mut checked = 0;
    for b in all.iter().filter(|b| b.lang() == "expect") {
        let name = b.attr("example").expect("expect block names its example");
        let command = b.attr("command").expect("expect block names its command");
        let path = temp_model(name, &models[name]);
        let out = cli_json(&[command, path.to_str().unwrap()]);
        let tol: f64 = b.attr("tolerance").map_or(1e-9, |t| t.parse().unwrap());
        for line in b.body.lines().filter(|l| !l.trim().is_empty()) {
            let (p, want) = line.split_once(" = ").expect("path = value");
            let want: Value = serde_json::from_str(want.trim()).unwrap();
            let got =
                select(&out, p.trim()).unwrap_or_else(|| panic!("example {name}: no value at {p}"));
            assert!(
                approx_eq(got, &want, tol),
                "example {name}: {p} is {got}, docs/lenses.md says {want}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 125, "only {checked} checks in docs/lenses.md");
}

#[test]
fn bad_lens_values_are_errors_with_their_places() {
    let text = json!({"format": "aligngraph", "version": 1, "as_of": "2026-02-30",
        "nodes": [
            {"id": "i", "kind": "initiative", "cashflows": [-1, "ten"]},
            {"id": "a", "kind": "application", "end_of_life": "soon"},
            {"id": "b", "kind": "application"}],
        "edges": [{"from": "b", "to": "a", "kind": "depends_on", "share": -2}]})
    .to_string();
    let path = temp_model("bad", &text);
    let p = path.to_str().unwrap();
    let stderr = |args: &[&str]| {
        let out = run_cli(&root(), args);
        assert_eq!(out.status.code(), Some(1), "{args:?} exits 1");
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    let e = stderr(&["finance", p]);
    assert!(
        e.contains("node \"i\"")
            && e.contains("field \"cashflows\"")
            && e.contains("not [-1,\"ten\"]"),
        "{e}"
    );
    let e = stderr(&["costs", p]);
    assert!(
        e.contains("edge #0") && e.contains("share must be a number >= 0, not -2"),
        "{e}"
    );
    let e = stderr(&["applications", p]);
    assert!(
        e.contains("as_of must be a date YYYY-MM-DD, not \"2026-02-30\""),
        "{e}"
    );
    assert!(
        e.contains("node \"a\"") && e.contains("end_of_life must be a date"),
        "{e}"
    );
    let e = stderr(&["applications", p, "--as-of", "yesterday"]);
    assert!(e.contains("--as-of must be a date YYYY-MM-DD"), "{e}");
    let out = run_cli(&root(), &["finance", p, "--rate", "-1"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn lifecycle_risk_without_a_today_is_null_with_a_warning_and_as_of_overrides() {
    let text = json!({"format": "aligngraph", "version": 1,
        "nodes": [{"id": "a", "kind": "application", "end_of_life": "2026-04-30"}], "edges": []})
    .to_string();
    let path = temp_model("asof", &text);
    let p = path.to_str().unwrap();
    let out = run_cli(&root(), &["applications", p]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("NO_AS_OF"));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["applications"]["a"]["lifecycle_risk"], Value::Null);
    let v = cli_json(&["applications", p, "--as-of", "2026-03-01"]);
    assert_eq!(v["applications"]["a"]["lifecycle_risk"], 40.0);
    assert_eq!(v["as_of"], "2026-03-01");
    // --rate overrides the model's discount rate; without either, 0.08 with a warning.
    let text = json!({"format": "aligngraph", "version": 1,
        "nodes": [{"id": "i", "kind": "initiative", "cashflows": [-100, 110]}], "edges": []})
    .to_string();
    let path = temp_model("rate", &text);
    let p = path.to_str().unwrap();
    let out = run_cli(&root(), &["finance", p]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("DEFAULT_DISCOUNT_RATE"));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        (v["initiatives"]["i"]["npv"].as_f64().unwrap() - (-100.0 + 110.0 / 1.08)).abs() < 1e-9
    );
    let v = cli_json(&["finance", p, "--rate", "0.1"]);
    assert!(v["initiatives"]["i"]["npv"].as_f64().unwrap().abs() < 1e-9);
    assert!((v["initiatives"]["i"]["irr"].as_f64().unwrap() - 0.1).abs() < 1e-9);
}

/// A random model: elements and applications with run costs, capabilities in a tree, shares on
/// depends_on edges and supports edges (cycles included), initiatives with costs.
fn random_model(seed: &[u32]) -> String {
    let mut it = seed.iter().copied().cycle();
    let mut next = move |n: u32| it.next().unwrap() % n.max(1);
    let (ne, na, nc, ni) = (4, 6, 5, 3);
    let mut nodes = Vec::new();
    for e in 0..ne {
        nodes.push(json!({"id": format!("e{e}"), "kind": "element", "cost": next(100)}));
    }
    for a in 0..na {
        nodes.push(json!({"id": format!("a{a}"), "kind": "application", "cost": next(100)}));
    }
    for c in 0..nc {
        nodes.push(json!({"id": format!("c{c}"), "kind": "capability"}));
    }
    for i in 0..ni {
        nodes.push(json!({"id": format!("i{i}"), "kind": "initiative", "cost": next(50)}));
    }
    nodes.push(json!({"id": "g", "kind": "goal"}));
    let mut edges = Vec::new();
    for c in 1..nc {
        edges.push(
            json!({"from": format!("c{c}"), "to": format!("c{}", next(c)), "kind": "part_of"}),
        );
    }
    for _ in 0..8 {
        let (a, e) = (next(na), next(ne));
        edges.push(json!({"from": format!("a{a}"), "to": format!("e{e}"), "kind": "depends_on", "share": next(4)}));
    }
    for _ in 0..3 {
        let (x, y) = (next(ne), next(ne));
        if x != y {
            edges.push(json!({"from": format!("e{x}"), "to": format!("e{y}"), "kind": "depends_on", "share": 1 + next(3)}));
        }
    }
    for _ in 0..8 {
        let w = f64::from(next(11)) / 10.0;
        let (a, c) = (next(na), next(nc));
        edges.push(json!({"from": format!("a{a}"), "to": format!("c{c}"), "kind": "supports", "weight": w}));
    }
    for _ in 0..3 {
        let (e, x) = (next(ne), next(ne + na));
        let to = if x < ne {
            format!("e{x}")
        } else {
            format!("a{}", x - ne)
        };
        if to != format!("e{e}") {
            edges.push(
                json!({"from": format!("e{e}"), "to": to, "kind": "supports", "weight": 0.5}),
            );
        }
    }
    for i in 0..ni {
        if next(3) > 0 {
            edges.push(json!({"from": format!("i{i}"), "to": format!("c{}", next(nc)), "kind": "supports", "weight": 0.7}));
        }
    }
    edges.push(json!({"from": "c0", "to": "g", "kind": "supports"}));
    json!({"format": "aligngraph", "version": 1, "nodes": nodes, "edges": edges}).to_string()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Money is conserved: all run cost is the elements' and applications' own, and it ends in
    /// the capabilities (the roots' rolled totals, the tree counting each once) or unallocated;
    /// change likewise.
    #[test]
    fn run_and_change_spend_are_conserved(seed in proptest::collection::vec(any::<u32>(), 40)) {
        let (m, d) = aligngraph::load_json(&random_model(&seed));
        prop_assert!(!aligngraph::diagnostics::has_errors(&d), "{d:?}");
        let mut diags = Vec::new();
        let s = costs::spend(&m, &mut diags);
        let own: f64 = m.nodes.iter()
            .filter(|n| matches!(n.kind, aligngraph::model::NodeKind::Element | aligngraph::model::NodeKind::Application))
            .map(|n| n.attrs().cost().unwrap_or(0.0))
            .sum();
        prop_assert!((s.total_run - own).abs() < 1e-6);
        let idx = |id: &str| m.find(id).unwrap() as usize;
        // c0 is the root of the capability tree (every other capability is part of a smaller one).
        let allocated = s.run[idx("c0")];
        prop_assert!((allocated + s.unallocated_run - s.total_run).abs() < 1e-6,
            "allocated {} + unallocated {} != total {}", allocated, s.unallocated_run, s.total_run);
        let allocated_change = s.change[idx("c0")];
        prop_assert!((allocated_change + s.unallocated_change - s.total_change).abs() < 1e-6);
        prop_assert!(s.run.iter().chain(&s.change).all(|x| x.is_finite() && *x >= 0.0));
    }

    /// NPV at the IRR is 0, payback lies within the flows' periods, and MIRR lies between the
    /// finance and reinvestment rates' bounds of growth.
    #[test]
    fn finance_identities(flows in proptest::collection::vec(-1000i32..1000, 2..12)) {
        let flows: Vec<f64> = flows.into_iter().map(f64::from).collect();
        let (irr, roots) = finance::irr(&flows);
        if let Some(r) = irr {
            prop_assert!(roots >= 1);
            // Relative to the size of the discounted flows at that rate: near r = -1 they are huge.
            let scale: f64 = flows
                .iter()
                .enumerate()
                .map(|(t, x)| x.abs() / (1.0 + r).powi(t as i32))
                .sum();
            prop_assert!(finance::npv(&flows, r).abs() <= 1e-6 * scale.max(1.0), "NPV({r}) = {}", finance::npv(&flows, r));
            prop_assert!(r > -0.999 && r < 10.0);
        }
        if let Some(p) = finance::payback(&flows) {
            prop_assert!(p >= 0.0 && p <= (flows.len() - 1) as f64);
            // From the payback period on, the cumulative flow is never negative.
            let mut cum = 0.0;
            for (t, cf) in flows.iter().enumerate() {
                cum += cf;
                if t as f64 >= p.ceil() { prop_assert!(cum >= -1e-9); }
            }
        }
        if let Some(m) = finance::mirr(&flows, 0.1, 0.1) {
            prop_assert!(m.is_finite() && m > -1.0);
        }
    }
}

#[test]
fn the_optimiser_can_maximise_npv() {
    // a: NPV 10 at cost 5; b: NPV 8 at cost 4; c: negative NPV; benefits point the other way.
    let text = json!({"format": "aligngraph", "version": 1, "discount_rate": 0,
        "nodes": [
            {"id": "g", "kind": "goal"},
            {"id": "a", "kind": "initiative", "cost": 5, "benefit": 1, "cashflows": [-5, 15]},
            {"id": "b", "kind": "initiative", "cost": 4, "benefit": 9, "cashflows": [-4, 12]},
            {"id": "c", "kind": "initiative", "cost": 1, "benefit": 5, "cashflows": [-1, 0]},
            {"id": "d", "kind": "initiative", "cost": 1, "benefit": 1}],
        "edges": [{"from": "a", "to": "g", "kind": "contributes"}]})
    .to_string();
    let path = temp_model("npv-opt", &text);
    let p = path.to_str().unwrap();
    let by = |value: &str| {
        let out = run_cli(&root(), &["optimize", p, "--budget", "6", "--value", value]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        (v, String::from_utf8_lossy(&out.stderr).to_string())
    };
    let (npv, warnings) = by("npv");
    assert_eq!(npv["value_basis"], "npv");
    let chosen: Vec<&str> = npv["selected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert_eq!(
        chosen,
        ["a"],
        "the most NPV within 6: a (10), not b + c + d (8 - 1 + 0)"
    );
    assert!((npv["value"].as_f64().unwrap() - 10.0).abs() < 1e-9);
    assert!(warnings.contains("have no cashflows (\"d\")"), "{warnings}");
    let (benefit, _) = by("benefit");
    let chosen: Vec<&str> = benefit["selected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert_eq!(chosen, ["b", "c", "d"]);
}

#[test]
fn archimate_properties_set_the_lens_fields_and_survive_an_export() {
    use aligngraph::formats::archimate::ArchiModel;
    use aligngraph::formats::mapping::{self, Mapping};
    let mut app = crate::common::el("a1", "ApplicationComponent", "CRM");
    app.properties = vec![
        ("Functional Fit".into(), "4".into()),
        ("Technical Fit".into(), "2".into()),
        ("End of Life".into(), "2027-01-31".into()),
        ("EOS".into(), "next year".into()),
        ("Availability".into(), "0,995".into()),
        ("SLA".into(), "0.999".into()),
        ("RTO".into(), "4".into()),
        ("RPO".into(), "1".into()),
        ("Asset Value".into(), "200000".into()),
        ("Exposure Factor".into(), "0.25".into()),
        ("ARO".into(), "0.5".into()),
        (
            "Controls".into(),
            r#"{"mfa": "implemented", "dlp": "partial"}"#.into(),
        ),
    ];
    let mut wp = crate::common::el("w1", "WorkPackage", "Replace CRM");
    wp.properties = vec![
        ("Cashflows".into(), "-100; 60; 70,5".into()),
        ("BAC".into(), "1000".into()),
        ("Planned Value".into(), "500".into()),
        ("Earned Value".into(), "400".into()),
        ("Actual Cost".into(), "500".into()),
    ];
    let mut db = crate::common::el("d1", "SystemSoftware", "Database");
    db.properties = vec![
        ("MTBF".into(), "990".into()),
        ("MTTR".into(), "10".into()),
        ("Availability".into(), "99.5%".into()),
        ("Exposure Factor".into(), "1.5".into()),
        ("Redundancy".into(), "any".into()),
        ("controls".into(), "mfa=done".into()),
    ];
    let ir = ArchiModel {
        elements: vec![app, wp, db],
        ..ArchiModel::default()
    };
    let imp = mapping::to_model(&ir, &Mapping::default());
    let m = &imp.model;
    let (apps, _) = aligngraph::lens::applications::applications(m, Some("2026-12-01"));
    let a = &apps.json["applications"]["a1"];
    assert_eq!(a["time"], "migrate");
    assert_eq!(a["next_milestone"], "end_of_life");
    assert_eq!(a["days_to_milestone"], 61);
    // A property that is not a date is kept as a property only, with a warning naming it.
    let warning = imp
        .diagnostics
        .iter()
        .find(|d| d.message.contains("\"EOS\""))
        .expect("a warning for EOS");
    assert!(
        warning.message.contains("not a date YYYY-MM-DD"),
        "{}",
        warning.message
    );
    let (fin, _) = aligngraph::lens::finance::finance(m, Some(0.0), None);
    assert_eq!(fin["initiatives"]["w1"]["npv"], 30.5);
    // Availability, security and earned value from their properties; a percentage and a value
    // out of range are warnings, kept as properties only.
    for (property, says) in [
        ("99.5%", "not a number"),
        ("1.5", "outside the range"),
        ("mfa=done", "not controls"),
    ] {
        let w = imp
            .diagnostics
            .iter()
            .find(|d| d.place.node.as_deref() == Some("d1") && d.message.contains(property))
            .unwrap_or_else(|| panic!("a warning for {property}"));
        assert!(w.message.contains(says), "{}", w.message);
    }
    let (ops, d) = operations_of(m);
    assert!(d.is_empty(), "{d:?}");
    let a = &ops["nodes"]["a1"];
    assert_eq!(a["own_availability"], 0.995);
    assert_eq!(a["sla_breach"], true);
    assert_eq!(a["ale"], 25000.0);
    assert_eq!(a["control_coverage"], 0.75);
    assert_eq!(ops["nodes"]["d1"]["own_availability"], 0.99);
    let (ev, _) = earned_value::earned_value(m);
    assert_eq!(ev["initiatives"]["w1"]["eac"], 1250.0);
    // Exported as exchange XML and read again: the same lens fields.
    let xml = aligngraph::formats::exchange::write(&mapping::from_model(m, None), None);
    let back = aligngraph::formats::exchange::read(&xml, None);
    let again = mapping::to_model(&back.0, &Mapping::default()).model;
    let field = |m: &aligngraph::Model, id: &str, f: &str| {
        m.nodes[m.find(id).unwrap() as usize]
            .extra()
            .and_then(|x| x.get(f))
            .cloned()
    };
    assert_eq!(
        field(&again, "a1", "end_of_life"),
        Some(json!("2027-01-31"))
    );
    assert_eq!(
        field(&again, "w1", "cashflows"),
        Some(json!([-100.0, 60.0, 70.5]))
    );
    for (id, f, want) in [
        ("a1", "availability", 0.995),
        ("a1", "sla", 0.999),
        ("a1", "rto", 4.0),
        ("a1", "rpo", 1.0),
        ("a1", "asset_value", 200000.0),
        ("a1", "exposure_factor", 0.25),
        ("a1", "aro", 0.5),
        ("d1", "mtbf", 990.0),
        ("d1", "mttr", 10.0),
        ("w1", "budget", 1000.0),
        ("w1", "planned_value", 500.0),
        ("w1", "earned_value", 400.0),
        ("w1", "actual_cost", 500.0),
    ] {
        assert_eq!(field(&again, id, f), Some(json!(want)), "{id}.{f}");
        assert_eq!(field(m, id, f), Some(json!(want)), "{id}.{f}");
    }
    assert_eq!(field(&again, "d1", "exposure_factor"), None);
    assert_eq!(field(&again, "d1", "redundancy"), Some(json!("any")));
    assert_eq!(
        field(&again, "a1", "controls"),
        Some(json!({"mfa": "implemented", "dlp": "partial"}))
    );
    // Exported from a model that has the fields without properties: written as properties of
    // their names.
    let plain = aligngraph::demo::model();
    let xml = aligngraph::formats::exchange::write(&mapping::from_model(&plain, None), None);
    let back = mapping::to_model(
        &aligngraph::formats::exchange::read(&xml, None).0,
        &Mapping::default(),
    )
    .model;
    let (x, y) = (operations_of(&plain).0, operations_of(&back).0);
    assert_eq!(x, y);
    assert_eq!(
        earned_value::earned_value(&plain).0,
        earned_value::earned_value(&back).0
    );
}

/// The capability map's coverage walks back from each block of capabilities only; it gives the
/// full sweeps' numbers, on tidy and untidy (cycles, negative edges) generated models.
#[test]
fn capability_coverage_equals_the_full_sweeps() {
    use aligngraph::lens::capabilities::{coverage, coverage_by_sweeps};
    for (i, m) in [
        aligngraph::generate::layered(3000, 5, 1),
        aligngraph::generate::layered_untidy(3000, 5, 2),
        aligngraph::generate::layered(20000, 3, 4),
    ]
    .iter()
    .enumerate()
    {
        let scores = aligngraph::analysis::compute(m, &Default::default());
        let caps: Vec<u32> = (0..m.nodes.len() as u32)
            .filter(|&v| m.nodes[v as usize].kind == aligngraph::model::NodeKind::Capability)
            .collect();
        assert!(!caps.is_empty(), "model {i} has capabilities");
        let (fast, full) = (coverage(&scores, &caps), coverage_by_sweeps(&scores, &caps));
        assert!(
            full.iter().any(|&c| c > 0.0),
            "model {i}: some capability is covered"
        );
        for (k, (a, b)) in fast.iter().zip(&full).enumerate() {
            assert!(
                (a - b).abs() < 1e-12,
                "model {i}, capability {k}: {a} against {b}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// The application portfolio does not depend on the order of the nodes in the file: TIME,
    /// mismatches, lifecycle and rolled risk per id, and completeness, are the same for any
    /// order of nodes and edges.
    #[test]
    fn the_application_portfolio_is_invariant_to_node_order(
        fits in proptest::collection::vec((0u8..6, 0u8..6, 0u8..5, 0u16..1200), 6),
        deps in proptest::collection::vec((0usize..6, 0usize..6), 0..8),
        perm in Just((0..6usize).collect::<Vec<_>>()).prop_shuffle(),
    ) {
        let lifecycles = ["tolerate", "invest", "migrate", "eliminate"];
        let node = |i: usize| {
            let (ff, tf, lc, days) = fits[i];
            let mut n = json!({"id": format!("a{i}"), "kind": "application"});
            if ff > 0 { n["functional_fit"] = json!(ff.min(4)); }
            if tf > 0 { n["technical_fit"] = json!(tf.min(4)); }
            if lc > 0 { n["lifecycle"] = json!(lifecycles[(lc - 1) as usize]); }
            if days > 0 {
                let d = aligngraph::lens::parse_date("2026-01-01").unwrap() + i64::from(days) - 600;
                n["end_of_life"] = json!(aligngraph::lens::applications::format_date(d));
            }
            n
        };
        let edges: Vec<Value> = deps.iter().filter(|(a, b)| a != b)
            .map(|(a, b)| json!({"from": format!("a{a}"), "to": format!("a{b}"), "kind": "depends_on"}))
            .collect();
        let model = |order: &[usize], edges: &[Value]| {
            let text = json!({"format": "aligngraph", "version": 1, "as_of": "2026-01-01",
                "nodes": order.iter().map(|&i| node(i)).collect::<Vec<_>>(), "edges": edges}).to_string();
            let (m, d) = aligngraph::load_json(&text);
            assert!(!aligngraph::diagnostics::has_errors(&d), "{d:?}");
            aligngraph::lens::applications::applications(&m, None).0.json
        };
        let straight = model(&[0, 1, 2, 3, 4, 5], &edges);
        let mut reversed_edges = edges.clone();
        reversed_edges.reverse();
        let shuffled = model(&perm, &reversed_edges);
        prop_assert_eq!(&straight["completeness"], &shuffled["completeness"]);
        for i in 0..6 {
            let id = format!("a{i}");
            prop_assert_eq!(&straight["applications"][&id], &shuffled["applications"][&id], "{}", id);
        }
    }
}

/// A random depends_on graph for the availability properties: own availabilities (some not
/// given), which nodes take their targets as alternatives, and the analysis graph of `edges`
/// (parallel edges, self-loops and cycles included).
fn availability_graph(
    own: &[(bool, f64)],
    any: &[bool],
    edges: &[(usize, usize)],
) -> (Vec<Option<f64>>, Vec<bool>, aligngraph::graph::Graph) {
    let n = own.len();
    let nodes: Vec<Value> = (0..n)
        .map(|v| json!({"id": format!("n{v}"), "kind": "element"}))
        .collect();
    let edges: Vec<Value> = edges
        .iter()
        .map(|&(a, b)| json!({"from": format!("n{}", a % n), "to": format!("n{}", b % n), "kind": "depends_on"}))
        .collect();
    let text = json!({"format": "aligngraph", "version": 1, "nodes": nodes, "edges": edges});
    let (m, _) = aligngraph::load_json(&text.to_string());
    let own = own.iter().map(|&(g, a)| g.then_some(a)).collect();
    (own, any[..n].to_vec(), aligngraph::graph::Graph::build(&m))
}

/// `aligngraph operations` of a model, as the command computes it.
fn operations_of(m: &aligngraph::Model) -> (Value, Vec<aligngraph::diagnostics::Diagnostic>) {
    operations::operations(m, &aligngraph::graph::Graph::build(m))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// End-to-end availability lies in [0, 1] and, in series, is never above any dependency's.
    #[test]
    fn availability_is_a_fraction_and_never_above_a_series_dependency(
        own in proptest::collection::vec((any::<bool>(), 0.0f64..=1.0), 1..12),
        any in proptest::collection::vec(any::<bool>(), 12),
        edges in proptest::collection::vec((0usize..12, 0usize..12), 0..24),
    ) {
        let (own, any, g) = availability_graph(&own, &any, &edges);
        let a = operations::availability(&own, &any, &g.needs);
        let on_cycle: Vec<u32> = g.needs.cycles.iter().flatten().copied().collect();
        for (v, x) in a.iter().enumerate() {
            let Some(x) = *x else { continue };
            prop_assert!((0.0..=1.0).contains(&x), "A({v}) = {x}");
            prop_assert!(!on_cycle.contains(&(v as u32)));
            if !any[v] {
                for &u in g.needs.all.targets(v as u32) {
                    if let Some(y) = a[u as usize] {
                        prop_assert!(x <= y + 1e-12, "A({v}) = {x} above A({u}) = {y}");
                    }
                }
            }
        }
    }

    /// One more alternative for a node that already has some never lowers any availability.
    #[test]
    fn a_redundant_alternative_never_lowers_availability(
        own in proptest::collection::vec((any::<bool>(), 0.0f64..=1.0), 2..12),
        any in proptest::collection::vec(any::<bool>(), 12),
        edges in proptest::collection::vec((0usize..12, 0usize..12), 1..24),
        at in 0usize..12,
        extra in 0.0f64..=1.0,
    ) {
        let n = own.len();
        let edges: Vec<(usize, usize)> = edges.iter().map(|&(a, b)| (a % n, b % n)).collect();
        let (mut own, mut any, g) = availability_graph(&own, &any, &edges);
        let Some(v) = (0..n).map(|k| (at + k) % n).find(|&v| g.needs.all.degree(v as u32) > 0) else {
            return Ok(());
        };
        any[v] = true;
        let before = operations::availability(&own, &any, &g.needs);
        // The same edges and one more, from v to a new node n.
        let mut more = edges.clone();
        more.push((v, n));
        own.push(Some(extra));
        any.push(false);
        let (_, _, g2) = availability_graph(&vec![(false, 0.0); n + 1], &vec![false; n + 1], &more);
        let after = operations::availability(&own, &any, &g2.needs);
        for (w, b) in before.iter().enumerate() {
            if let (Some(b), Some(x)) = (b, after[w]) {
                prop_assert!(x >= b - 1e-12, "A({w}) fell from {b} to {x}");
            }
        }
    }

    /// ETC = EAC - AC, VAC = BAC - EAC, SPI x PV = EV and CPI x AC = EV wherever defined.
    #[test]
    fn earned_value_identities(
        bac in 0.0f64..1e6, pv in 0.0f64..1e6, ev in 0.0f64..1e6, ac in 0.0f64..1e6,
    ) {
        let x = earned_value::indices(Some(bac), Some(pv), Some(ev), Some(ac));
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
        if let (Some(eac), Some(etc)) = (x.eac, x.etc) {
            prop_assert!(close(etc, eac - ac));
        }
        if let (Some(eac), Some(vac)) = (x.eac, x.vac) {
            prop_assert!(close(vac, bac - eac));
        }
        if let Some(spi) = x.spi { prop_assert!(close(spi * pv, ev)); }
        if let Some(cpi) = x.cpi { prop_assert!(close(cpi * ac, ev)); }
        prop_assert_eq!(x.spi.is_none(), pv == 0.0);
        prop_assert_eq!(x.eac.is_none(), ac == 0.0 || ev == 0.0);
    }
}

#[test]
fn bad_operations_and_earned_value_figures_are_errors_with_their_places() {
    let text = json!({"format": "aligngraph", "version": 1,
        "nodes": [
            {"id": "a", "kind": "application", "availability": 1.2},
            {"id": "b", "kind": "application", "asset_value": -5, "exposure_factor": 0.5},
            {"id": "c", "kind": "element", "controls": {"mfa": "implemented", "c/1": "done"}},
            {"id": "i", "kind": "initiative", "budget": 10, "actual_cost": -1}],
        "edges": []})
    .to_string();
    let path = temp_model("bad-ops", &text);
    let p = path.to_str().unwrap();
    let stderr = |args: &[&str]| {
        let out = run_cli(&root(), args);
        assert_eq!(out.status.code(), Some(1), "{args:?} exits 1");
        assert!(out.stdout.is_empty());
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    let e = stderr(&["operations", p]);
    for want in [
        "node \"a\", field \"availability\": availability must be between 0 and 1, not 1.2",
        "node \"b\", field \"asset_value\": asset_value must be a number >= 0, not -5",
        "node \"c\", field \"controls\": control \"c/1\" has status \"done\"",
    ] {
        assert!(e.contains(want), "{want} in {e}");
    }
    let e = stderr(&["earned-value", p]);
    assert!(
        e.contains("node \"i\", field \"actual_cost\": actual_cost must be a number >= 0, not -1"),
        "{e}"
    );
    // The same through the library, with the JSON pointers.
    let (m, d) = aligngraph::load_json(&text);
    assert!(!aligngraph::diagnostics::has_errors(&d));
    let (out, d) = operations_of(&m);
    let pointers: Vec<_> = d
        .iter()
        .map(|d| d.place.pointer.as_deref().unwrap())
        .collect();
    assert_eq!(
        pointers,
        [
            "/nodes/0/availability",
            "/nodes/1/asset_value",
            "/nodes/2/controls/c~11"
        ]
    );
    assert!(d.iter().all(|d| d.is_error()));
    // Bad values are left out: no availability, no SLE, coverage from the good control.
    assert_eq!(out["nodes"]["a"]["availability"], Value::Null);
    assert_eq!(out["nodes"]["b"]["sle"], Value::Null);
    assert_eq!(out["nodes"]["c"]["control_coverage"], 1.0);
    let (_, d) = earned_value::earned_value(&m);
    assert_eq!(d[0].place.pointer.as_deref(), Some("/nodes/3/actual_cost"));
    assert_eq!(d[0].place.node.as_deref(), Some("i"));
    // Downtime above the agreed hours; half a pair; a bad opt-in rule, which scoring warns of
    // and leaves off.
    let text = json!({"format": "aligngraph", "version": 1,
        "earned_value_risk": {"threshold": 3},
        "nodes": [
            {"id": "s", "kind": "application", "agreed_hours": 100, "downtime_hours": 120},
            {"id": "t", "kind": "element", "mtbf": 100},
            {"id": "i", "kind": "initiative", "risk": 0.1, "planned_value": 10, "earned_value": 1}],
        "edges": []})
    .to_string();
    let path = temp_model("bad-ops-2", &text);
    let p = path.to_str().unwrap();
    let e = stderr(&["operations", p]);
    assert!(
        e.contains("node \"s\", field \"downtime_hours\": agreed_hours 100 and downtime_hours 120 give no availability"),
        "{e}"
    );
    let e = stderr(&["earned-value", p]);
    assert!(
        e.contains("earned_value_risk must be true, false or {\"threshold\": 0 to 2"),
        "{e}"
    );
    let out = run_cli(&root(), &["score", p]);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["diagnostics"].as_array().unwrap().iter().any(|d| {
        d["severity"] == "warning"
            && d["message"]
                .as_str()
                .unwrap()
                .contains("earned_value_risk must be")
    }));
    assert_eq!(v["initiatives"][0]["own_risk"], 0.1);
    let (m, _) = aligngraph::load_json(&text);
    let (out, d) = operations_of(&m);
    assert_eq!(out["nodes"]["t"]["own_availability"], Value::Null);
    let half = d
        .iter()
        .find(|d| d.place.node.as_deref() == Some("t"))
        .unwrap();
    assert!(!half.is_error() && half.place.field.as_deref() == Some("mttr"));
}

#[test]
fn the_demo_scores_move_only_when_the_model_opts_in_to_earned_value_risk() {
    use aligngraph::analysis::compute;
    let demo = aligngraph::demo::model();
    assert!(!demo.extra.contains_key("earned_value_risk"));
    // Without the opt-in the earned-value figures change no score.
    let mut bare = demo.clone();
    for node in &mut bare.nodes {
        if node.extra().is_some() {
            for f in earned_value::FIELDS {
                node.extra_mut().remove(f);
            }
        }
    }
    let (with, without) = (
        compute(&demo, &Default::default()),
        compute(&bare, &Default::default()),
    );
    assert_eq!(with.own_risk, without.own_risk);
    assert_eq!(with.delivery_risk, without.delivery_risk);
    // Opted in, an initiative's own risk rises by the documented amount.
    let (ev, _) = earned_value::earned_value(&demo);
    let mut opted = demo.clone();
    opted.extra.insert("earned_value_risk".into(), json!(true));
    let raised = compute(&opted, &Default::default());
    let mut rose = 0;
    for (id, x) in ev["initiatives"].as_object().unwrap() {
        let v = demo.find(id).unwrap() as usize;
        let (spi, cpi) = (x["spi"].as_f64(), x["cpi"].as_f64());
        let own = with.own_risk[v];
        let worst = spi.into_iter().chain(cpi).reduce(f64::min);
        let s = worst.map_or(0.0, |w| (0.9 - w).clamp(0.0, 1.0));
        let want = if s > 0.0 {
            1.0 - (1.0 - own) * (1.0 - s)
        } else {
            own
        };
        let done = demo.nodes[v].status() == aligngraph::model::Status::Done;
        let want = if done { 0.0 } else { want };
        assert!(
            raised.own_risk[v] == want,
            "{id}: own risk {} against {want}",
            raised.own_risk[v]
        );
        if s > 0.0 && !done {
            assert!(raised.delivery_risk[v] > with.delivery_risk[v]);
            rose += 1;
        }
    }
    assert!(rose >= 1, "some demo initiative is late or over budget");
}

/// A model for the people lens: two goals, three capabilities (c0 and c2 serve g0, c1 serves
/// g1), five applications each supporting the capability `apps[i]`, and `people` persons with
/// `links` (person, target: 0-4 an application, 5-7 a capability, proficiency: 0 none, 1-4 run
/// to teach), nodes in the order `order` gives (a permutation of all of them) and edges reversed
/// when `reverse`.
fn people_model(
    people: usize,
    apps: &[usize],
    links: &[(usize, usize, usize)],
    order: Option<&[usize]>,
    reverse: bool,
) -> aligngraph::Model {
    let mut nodes = vec![
        json!({"id": "g0", "kind": "goal"}),
        json!({"id": "g1", "kind": "goal"}),
    ];
    for c in 0..3 {
        nodes.push(json!({"id": format!("c{c}"), "kind": "capability"}));
    }
    for a in 0..5 {
        nodes.push(json!({"id": format!("a{a}"), "kind": "application"}));
    }
    for p in 0..people {
        nodes.push(json!({"id": format!("p{p}"), "kind": "person"}));
    }
    if let Some(order) = order {
        nodes = order.iter().map(|&i| nodes[i].clone()).collect();
    }
    let mut edges = vec![
        json!({"from": "c0", "to": "g0", "kind": "contributes"}),
        json!({"from": "c1", "to": "g1", "kind": "contributes"}),
        json!({"from": "c2", "to": "g0", "kind": "contributes"}),
    ];
    for (a, &c) in apps.iter().enumerate() {
        edges.push(
            json!({"from": format!("a{a}"), "to": format!("c{}", c % 3), "kind": "supports"}),
        );
    }
    let levels = ["run", "tweak", "create", "teach"];
    for &(p, t, level) in links {
        let to = if t < 5 {
            format!("a{t}")
        } else {
            format!("c{}", t - 5)
        };
        let mut e = json!({"from": format!("p{}", p % people), "to": to, "kind": "supports"});
        if level > 0 {
            e["proficiency"] = json!(levels[level - 1]);
        }
        edges.push(e);
    }
    if reverse {
        edges.reverse();
    }
    let text = json!({"format": "aligngraph", "version": 1, "nodes": nodes, "edges": edges});
    let (m, d) = aligngraph::load_json(&text.to_string());
    assert!(!aligngraph::diagnostics::has_errors(&d), "{d:?}");
    m
}

fn people_of(m: &aligngraph::Model) -> Value {
    let (out, d) = aligngraph::lens::people::people(m, &aligngraph::graph::Graph::build(m));
    assert!(d.is_empty(), "{d:?}");
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The truck factor lies between 1 and the number of people whenever someone supports
    /// something (null otherwise), and the key people are people who support something.
    #[test]
    fn the_truck_factor_lies_between_one_and_the_number_of_people(
        people in 1usize..7,
        apps in proptest::collection::vec(0usize..3, 5),
        links in proptest::collection::vec((0usize..7, 0usize..8, 0usize..5), 0..16),
    ) {
        let out = people_of(&people_model(people, &apps, &links, None, false));
        let supported = out["nodes"].as_object().unwrap().len();
        prop_assert_eq!(supported > 0, !links.is_empty());
        match out["truck_factor"].as_u64() {
            Some(tf) => prop_assert!(supported > 0 && tf >= 1 && tf as usize <= people, "{}", out),
            None => prop_assert!(supported == 0 && out["truck_factor"].is_null()),
        }
        for k in out["key_people"].as_array().unwrap() {
            let p: usize = k.as_str().unwrap()[1..].parse().unwrap();
            prop_assert!(links.iter().any(|l| l.0 % people == p), "{} supports nothing", k);
        }
        for n in out["nodes"].as_object().unwrap().values() {
            let u = n["urgency"].as_u64().unwrap();
            prop_assert!((1..=9).contains(&u));
        }
    }

    /// The people lens does not depend on the order of the nodes or edges in the file.
    #[test]
    fn the_people_lens_is_invariant_to_node_order(
        people in 1usize..7,
        apps in proptest::collection::vec(0usize..3, 5),
        links in proptest::collection::vec((0usize..7, 0usize..8, 0usize..5), 0..16),
        seed in any::<u64>(),
    ) {
        let straight = people_of(&people_model(people, &apps, &links, None, false));
        // A permutation of the 10 + people nodes from the seed (Fisher-Yates, a small LCG).
        let mut order: Vec<usize> = (0..10 + people).collect();
        let mut x = seed;
        for i in (1..order.len()).rev() {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            order.swap(i, (x >> 33) as usize % (i + 1));
        }
        let shuffled = people_of(&people_model(people, &apps, &links, Some(&order), true));
        prop_assert_eq!(straight.to_string(), shuffled.to_string());
    }

    /// One more person, whatever they know, never raises the urgency of a node people already
    /// supported.
    #[test]
    fn adding_a_person_never_raises_an_urgency(
        people in 1usize..6,
        apps in proptest::collection::vec(0usize..3, 5),
        links in proptest::collection::vec((0usize..6, 0usize..8, 0usize..5), 0..14),
        new in proptest::collection::vec((0usize..8, 0usize..5), 0..6),
    ) {
        let before = people_of(&people_model(people, &apps, &links, None, false));
        // The old links keep their people; the new person is p{people}.
        let mut more: Vec<_> = links.iter().map(|&(p, t, l)| (p % people, t, l)).collect();
        more.extend(new.iter().map(|&(t, level)| (people, t, level)));
        let after = people_of(&people_model(people + 1, &apps, &more, None, false));
        for (id, n) in before["nodes"].as_object().unwrap() {
            let (was, now) = (&n["urgency"], &after["nodes"][id]["urgency"]);
            prop_assert!(now.as_u64().unwrap() <= was.as_u64().unwrap(), "{}: {} -> {}", id, was, now);
        }
    }
}

#[test]
fn nobody_supporting_anything_has_no_truck_factor_and_no_key_people() {
    let m = people_model(2, &[0, 1, 2, 0, 1], &[], None, false);
    let out = people_of(&m);
    assert_eq!(
        out,
        json!({"nodes": {}, "key_people": [], "truck_factor": null})
    );
    // The demo: Lena Fischer alone knows the systems behind the data-literacy goal.
    let demo = aligngraph::demo::model();
    let out = people_of(&demo);
    assert_eq!(out["key_people"], json!(["per-lena-fischer"]));
    assert_eq!(out["truck_factor"], 5);
    let urgencies: std::collections::BTreeSet<u64> = out["nodes"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n["urgency"].as_u64().unwrap())
        .collect();
    assert_eq!(
        urgencies.len(),
        9,
        "every cell of the urgency table: {urgencies:?}"
    );
}
