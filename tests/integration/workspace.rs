//! The interactive session state behind the page: what-if toggles and per-node fields.

use aligngraph::formats::limits::Limits;
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
    let mut ws = Workspace::load(MODEL, &Limits::PAGE).unwrap();
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
    let mut ws = Workspace::load(MODEL, &Limits::PAGE).unwrap();
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
    let explained = ws.explain("c", Some(5)).unwrap();
    assert_eq!(explained.delivery_risk, after);
    let codes: Vec<&str> = ws.diagnostics().iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"DEPENDS_ON_CANCELLED"), "{codes:?}");
}

#[test]
fn errors_name_the_id_and_have_stable_codes() {
    let mut ws = Workspace::load(MODEL, &Limits::PAGE).unwrap();
    let e = ws.set_active("g", false).unwrap_err();
    assert_eq!(e, WorkspaceError::NotAnInitiative("g".into()));
    assert_eq!(e.code(), "NOT_AN_INITIATIVE");
    let e = ws.explain("zz", Some(3)).unwrap_err();
    assert_eq!(e.code(), "UNKNOWN_NODE");
    assert!(e.to_string().contains("\"zz\""));
    let e = Field::parse("speed").unwrap_err();
    assert!(e.to_string().contains("delivery_risk"), "{e}");
    let e = Workspace::load("{\"nodes\": 3}", &Limits::PAGE).unwrap_err();
    assert_eq!(e.code(), "INVALID_MODEL");
    assert!(e.to_string().contains("line 1"), "{e}");
    for f in Field::ALL {
        assert_eq!(Field::parse(f.as_str()).unwrap(), f);
    }
}

mod decisions {
    use aligngraph::analysis::{self, Options};
    use aligngraph::decide::{optimize, priority, schedule, simulate};
    use aligngraph::demo::DEMO_JSON;
    use aligngraph::formats::limits::Limits;
    use aligngraph::workspace::{self, SimulationArgs, Workspace};

    fn demo() -> Workspace {
        Workspace::load(DEMO_JSON, &Limits::PAGE).unwrap()
    }

    /// The core's problem for the model a workspace scores (the workspace's scoring options).
    fn core_problem(ws: &Workspace) -> optimize::Problem {
        let m = ws.scored_model();
        let scores = analysis::compute(m, &Options::default());
        optimize::problem(m, &scores, None).unwrap()
    }

    #[test]
    fn wsjf_and_priorities_equal_the_core_under_the_toggles() {
        let mut ws = demo();
        ws.set_active("ini-s4hana", false).unwrap();
        let m = ws.scored_model().clone();
        let core: Vec<(String, f64)> = priority::wsjf(&m).0;
        let wsjf = ws.wsjf();
        assert!(!core.is_empty());
        assert_eq!(wsjf.len(), core.len());
        for ((id, w), (k, v)) in core.iter().zip(&wsjf) {
            assert_eq!((id, Some(*w)), (k, v.as_f64()));
        }
        let scores = analysis::compute(&m, &Options::default());
        let defaults = priority::rank(&m, &scores, &priority::Weights::default(), 5).unwrap();
        assert_eq!(ws.priorities(None, None).unwrap(), defaults);
        assert!(
            !defaults.rows.iter().any(|r| r.id == "ini-s4hana"),
            "a switched-off initiative is not ranked"
        );
        let w = priority::Weights::parse("alignment=0.1,benefit=0.6,risk=0.1,cost=0.2").unwrap();
        let core = priority::rank(&m, &scores, &w, 3).unwrap();
        assert_eq!(ws.priorities(Some(w), Some(3)).unwrap(), core);
    }

    #[test]
    fn priorities_reject_bad_weights_naming_the_criterion() {
        let mut ws = demo();
        let negative = priority::Weights {
            risk: -0.1,
            ..Default::default()
        };
        let e = ws.priorities(Some(negative), None).unwrap_err();
        assert_eq!(e.code(), "INVALID_ARGUMENT");
        let d = &e.diagnostics().unwrap()[0];
        assert_eq!(d.place.field.as_deref(), Some("weights.risk"));
        let zero = priority::Weights {
            alignment: 0.0,
            benefit: 0.0,
            risk: 0.0,
            cost: 0.0,
        };
        let e = ws.priorities(Some(zero), None).unwrap_err();
        assert_eq!(e.code(), "INVALID_ARGUMENT");
        assert!(e.to_string().contains("sum to 0"), "{e}");
        // An unknown criterion never reaches the workspace as a weight: the CLI's parser
        // rejects it.
        let e = priority::Weights::parse("speed=1").unwrap_err();
        assert_eq!(e.code.as_str(), "INVALID_ARGUMENT");
        assert_eq!(e.place.field.as_deref(), Some("weights.speed"));
    }

    #[test]
    fn optimize_and_frontier_equal_the_core_and_check_the_budget() {
        let mut ws = demo();
        let p = core_problem(&ws);
        for b in [3_000_000.0, 6_500_000.0, 12_000_000.0] {
            let got = ws.optimize(b).unwrap();
            assert_eq!(got, p.solve(b).unwrap());
            assert!(got.cost <= b, "{} > {b}", got.cost);
        }
        assert_eq!(ws.frontier(None).unwrap(), p.frontier(200).unwrap());
        assert_eq!(ws.frontier(Some(0)).unwrap(), p.frontier(2).unwrap());
        let e = ws.optimize(-1.0).unwrap_err();
        assert_eq!(e.code(), "INVALID_ARGUMENT");
        assert_eq!(e.diagnostics().map(<[_]>::len), Some(1));
        let e = ws.optimize(f64::NAN).unwrap_err();
        assert_eq!(e.code(), "INVALID_ARGUMENT");
        // Switching an initiative off changes the problem the workspace solves.
        ws.set_active("ini-s4hana", false).unwrap();
        let off = core_problem(&ws).solve(6_500_000.0).unwrap();
        let got = ws.optimize(6_500_000.0).unwrap();
        assert_eq!(got, off);
        assert!(!got.selected.iter().any(|id| id == "ini-s4hana"));
    }

    #[test]
    fn optimize_reports_an_infeasible_budget() {
        let text = r#"{"format": "aligngraph", "version": 1,
          "nodes": [{"id": "g", "kind": "goal"},
            {"id": "m", "kind": "initiative", "cost": 500, "mandatory": true}],
          "edges": [{"from": "m", "to": "g", "kind": "contributes", "weight": 0.5}]}"#;
        let mut ws = Workspace::load(text, &Limits::PAGE).unwrap();
        let e = ws.optimize(100.0).unwrap_err();
        assert_eq!(e.code(), "INFEASIBLE");
        assert_eq!(ws.optimize(500.0).unwrap().selected, vec!["m".to_string()]);
    }

    #[test]
    fn schedule_carries_its_warnings_and_reports_cycles() {
        let mut ws = demo();
        ws.set_active("ini-s4hana", false).unwrap();
        let core = schedule::schedule(ws.scored_model(), Some(24.0)).unwrap();
        let got = ws.schedule(Some(24.0)).unwrap();
        assert_eq!(got.warnings, core.warnings);
        let mut expected = serde_json::to_value(&core).unwrap();
        expected["warnings"] = serde_json::to_value(&core.warnings).unwrap();
        assert_eq!(serde_json::to_value(&got).unwrap(), expected);
        assert!(got.schedule.probability.is_some());

        let cycle = r#"{"format": "aligngraph", "version": 1,
          "nodes": [{"id": "a", "kind": "initiative", "duration": 2},
            {"id": "b", "kind": "initiative", "duration": 3}],
          "edges": [{"from": "a", "to": "b", "kind": "depends_on"},
            {"from": "b", "to": "a", "kind": "depends_on"}]}"#;
        let ws = Workspace::load(cycle, &Limits::PAGE).unwrap();
        let e = ws.schedule(None).unwrap_err();
        assert_eq!(e.code(), "DEPENDENCY_CYCLE");
        assert!(e.to_string().contains("\"a\""), "{e}");
    }

    #[test]
    fn ahp_fails_with_the_place_of_the_bad_judgement() {
        let ok = workspace::ahp(&[vec![1.0, 3.0], vec![1.0 / 3.0, 1.0]], None).unwrap();
        assert!((ok.weights[0] - 0.75).abs() < 1e-9, "{:?}", ok.weights);
        let e = workspace::ahp(&[vec![1.0, 3.0], vec![3.0, 1.0]], None).unwrap_err();
        assert_eq!(e.code(), "INVALID_MATRIX");
        let d = &e.diagnostics().unwrap()[0];
        assert_eq!(d.place.pointer.as_deref(), Some("/matrix/1/0"));
    }

    fn args(runs: Option<f64>) -> SimulationArgs {
        SimulationArgs {
            runs,
            ..Default::default()
        }
    }

    #[test]
    fn simulation_options_are_whole_numbers_checked_before_the_model() {
        let e = workspace::simulation(DEMO_JSON, &args(Some(1.5)), &Limits::PAGE).unwrap_err();
        assert_eq!(e.code(), "INVALID_ARGUMENT");
        assert_eq!(e.to_string(), "runs must be a whole number, not 1.5");
        assert!(e.diagnostics().is_none());
        // The options are checked first, so a bad model does not hide them.
        let e = workspace::simulation("{", &args(Some(-2.0)), &Limits::PAGE).unwrap_err();
        assert_eq!(e.code(), "INVALID_ARGUMENT");
        let e = workspace::simulation("{", &args(None), &Limits::PAGE).unwrap_err();
        assert_eq!(e.code(), "INVALID_MODEL");
        // Zero runs is a whole number: the simulation itself refuses it, with its diagnostic.
        let e = workspace::simulation(DEMO_JSON, &args(Some(0.0)), &Limits::PAGE).unwrap_err();
        assert_eq!(e.code(), "INVALID_ARGUMENT");
        assert_eq!(e.diagnostics().map(<[_]>::len), Some(1));
        let bad = SimulationArgs {
            distribution: Some("normal".into()),
            ..Default::default()
        };
        let e = workspace::simulation(DEMO_JSON, &bad, &Limits::PAGE).unwrap_err();
        assert_eq!(e.code(), "INVALID_ARGUMENT");
        let e = SimulationArgs {
            seed: Some(f64::INFINITY),
            ..Default::default()
        }
        .options()
        .unwrap_err();
        assert!(
            e.to_string().starts_with("seed must be a whole number"),
            "{e}"
        );
    }

    #[test]
    fn simulation_equals_the_core_with_the_same_options() {
        let a = SimulationArgs {
            runs: Some(300.0),
            seed: Some(7.0),
            distribution: Some("triangular".into()),
            top: Some(3.0),
            deadline: Some(30.0),
        };
        let opts = a.options().unwrap();
        assert_eq!(
            (opts.runs, opts.seed, opts.top_n, opts.deadline),
            (300, 7, 3, Some(30.0))
        );
        let mut sim = workspace::simulation(DEMO_JSON, &a, &Limits::PAGE).unwrap();
        let m = aligngraph::load_json(DEMO_JSON).0;
        let scores = analysis::compute(&m, &aligngraph::decide::scoring_options());
        let mut core = simulate::Simulation::new(&m, &scores, &opts).unwrap();
        sim.step(120);
        sim.step(1000);
        core.step(300);
        assert_eq!(sim.done(), 300);
        assert_eq!(sim.result(), core.result());
        let defaults = SimulationArgs::default().options().unwrap();
        let core_defaults = simulate::SimOptions::default();
        assert_eq!(
            (defaults.runs, defaults.seed, defaults.top_n),
            (core_defaults.runs, core_defaults.seed, core_defaults.top_n)
        );
        assert_eq!(defaults.distribution, core_defaults.distribution);
    }
}

mod io {
    use crate::common::archimate_data;
    use aligngraph::formats::export::{self, ExportFormat};
    use aligngraph::formats::import::{self, InputFile};
    use aligngraph::formats::limits::Limits;
    use aligngraph::formats::mapping::Mapping;
    use aligngraph::model::{EdgeKind, NodeKind};
    use aligngraph::workspace::{self, Workspace, WorkspaceError};

    #[test]
    fn import_equals_the_importer_and_keeps_its_summary() {
        let bytes = std::fs::read(archimate_data("archisurance.xml")).unwrap();
        let files = [InputFile {
            name: "archisurance.xml",
            bytes: &bytes,
        }];
        let map = workspace::read_mapping(None).unwrap();
        let (ws, loaded) = Workspace::import(&files, &map, &Limits::CLI).unwrap();
        let direct = import::import(&files, &Mapping::default());
        assert_eq!(ws.model().nodes.len(), direct.model.nodes.len());
        assert_eq!(loaded.nodes as usize, direct.model.nodes.len());
        assert_eq!(loaded.edges as usize, direct.model.edges.len());
        assert_eq!(loaded.diagnostics, direct.diagnostics);
        assert_eq!(loaded.summary.as_ref(), Some(&direct.summary));
        assert!(workspace::read_mapping(Some("")).is_ok());

        let junk = [InputFile {
            name: "model.xml",
            bytes: b"<model><unclosed>",
        }];
        let e = Workspace::import(&junk, &map, &Limits::CLI).unwrap_err();
        assert_eq!(e.code(), "INVALID_MODEL");
        assert!(matches!(e, WorkspaceError::InvalidImport(..)));
        assert!(e.diagnostics().unwrap().iter().any(|d| d.is_error()));
        assert!(
            e.to_string()
                .starts_with("the model has 1 error(s); first: "),
            "{e}"
        );
    }

    #[test]
    fn a_bad_mapping_fails_with_its_diagnostics() {
        let e = workspace::read_mapping(Some("{")).unwrap_err();
        assert_eq!(e.code(), "INVALID_MAPPING");
        let d = e.diagnostics().unwrap();
        assert!(!d.is_empty());
        assert_eq!(
            e.to_string(),
            format!("the mapping file has {} error(s); first: {}", d.len(), d[0])
        );
    }

    #[test]
    fn exports_and_reports_equal_the_core() {
        let mut ws = Workspace::load(aligngraph::demo::DEMO_JSON, &Limits::PAGE).unwrap();
        let e = workspace::export_format("pdf").unwrap_err();
        assert_eq!(e.code(), "UNKNOWN_FORMAT");
        assert_eq!(
            e.to_string(),
            "no export format is called \"pdf\"; expected exchange, csv, graphml or json"
        );
        ws.set_active("ini-s4hana", false).unwrap();
        let stem = ws.model().name.clone().unwrap();
        for name in ["exchange", "csv", "graphml", "json"] {
            let f = workspace::export_format(name).unwrap();
            let files = ws.export(f, Some("en"));
            let expected = ws.score(|r| export::export(r, f, &stem, Some("en")));
            assert_eq!(files, expected, "{name}");
        }
        assert_eq!(ws.export(ExportFormat::Csv, None).len(), 3);
        let report: serde_json::Value = serde_json::from_str(&ws.report_json().unwrap()).unwrap();
        let direct = ws.score(|r| serde_json::to_value(r).unwrap());
        assert_eq!(report, direct);
        let csv = ws.scores_csv().unwrap();
        assert_eq!(csv.lines().count(), ws.model().nodes.len() + 1);
        assert_eq!(aligngraph::load_json(&ws.model_json()).0.nodes.len(), 132);
        // The model text keeps what the file says; the what-if is in the working model.
        assert!(ws.model_json().contains("\"approved\""));
    }

    /// Cuts `text` at `ends`, counted in UTF-16 code units as a JavaScript string's `slice` does.
    fn cut_utf16(text: &str, ends: &[u32]) -> Vec<String> {
        let units: Vec<u16> = text.encode_utf16().collect();
        let mut at = 0usize;
        ends.iter()
            .map(|&e| {
                let s = String::from_utf16(&units[at..e as usize]).unwrap();
                at = e as usize;
                s
            })
            .collect()
    }

    #[test]
    fn packed_ids_and_names_cut_back_into_each_node_in_utf16_indexes() {
        let json = r#"{"format":"aligngraph","version":1,"nodes":[
            {"id":"g1","kind":"goal","name":"Croissance"},
            {"id":"c-é","kind":"capability"},
            {"id":"a-\ud835\udd38x","kind":"application","name":"\ud835\udd38pp \ud83d\ude80"},
            {"id":"i1","kind":"initiative","name":"Cloud"}],"edges":[]}"#;
        let ws = Workspace::load(json, &Limits::PAGE).unwrap();
        let (text, ends) = ws.node_ids_packed();
        assert_eq!(
            ends,
            [2, 5, 10, 12],
            "an astral character is two code units"
        );
        assert_eq!(cut_utf16(&text, &ends), ws.node_ids());
        assert_eq!(ws.node_ids()[2], "a-\u{1D538}x");
        let (text, ends) = ws.node_names_packed();
        assert_eq!(cut_utf16(&text, &ends), ws.node_names());
        let demo = Workspace::load(aligngraph::demo::DEMO_JSON, &Limits::PAGE).unwrap();
        let (text, ends) = demo.node_ids_packed();
        assert_eq!(cut_utf16(&text, &ends), demo.node_ids());
    }

    #[test]
    fn initiative_columns_hold_each_initiatives_cost_own_risk_and_conflict_as_the_fields_do() {
        let mut ws = Workspace::load(aligngraph::demo::DEMO_JSON, &Limits::PAGE).unwrap();
        let c = ws.initiative_columns();
        let (cost, own, conflict) = (
            ws.field(aligngraph::workspace::Field::Cost),
            ws.field(aligngraph::workspace::Field::OwnRisk),
            ws.field(aligngraph::workspace::Field::Conflict),
        );
        assert!(c.order.len() > 10);
        assert!(c.cost.iter().any(|&x| x > 0.0) && c.own_risk.iter().any(|&x| x > 0.0));
        assert!(
            c.conflict.iter().any(|&x| x > 0.0),
            "the demo has a conflicting initiative"
        );
        for (i, &v) in c.order.iter().enumerate() {
            let v = v as usize;
            assert_eq!(c.cost[i].to_bits(), cost[v].to_bits());
            assert_eq!(c.own_risk[i].to_bits(), own[v].to_bits());
            assert_eq!(c.conflict[i].to_bits(), conflict[v].to_bits());
        }
        assert_eq!(
            (c.cost.len(), c.own_risk.len(), c.conflict.len()),
            (c.order.len(), c.order.len(), c.order.len())
        );
    }

    #[test]
    fn per_node_and_per_edge_arrays_follow_model_order() {
        let ws = Workspace::load(aligngraph::demo::DEMO_JSON, &Limits::PAGE).unwrap();
        let m = ws.model();
        let ids = ws.node_ids();
        let names = ws.node_names();
        let kinds = ws.node_kinds();
        assert_eq!((ids.len(), names.len(), kinds.len()), (132, 132, 132));
        let kind_names = Workspace::kind_names();
        assert_eq!(kind_names, NodeKind::ALL.map(NodeKind::as_str).to_vec());
        for (i, n) in m.nodes.iter().enumerate() {
            assert_eq!(ids[i], &*n.id);
            assert_eq!(names[i], n.display_name());
            assert_eq!(kind_names[kinds[i] as usize], n.kind.as_str());
        }
        let e = ws.edge_arrays();
        assert_eq!(e.from.len(), m.edges.len());
        let edge_names = Workspace::edge_kind_names();
        assert_eq!(edge_names, EdgeKind::ALL.map(EdgeKind::as_str).to_vec());
        for (k, edge) in m.edges.iter().enumerate() {
            assert_eq!(
                (e.from[k], e.to[k], e.weight[k]),
                (edge.from, edge.to, edge.weight())
            );
            assert_eq!(edge_names[e.kind[k] as usize], edge.kind.as_str());
        }
        let node = ws.node_json("ini-s4hana").unwrap();
        assert_eq!(node["id"], "ini-s4hana");
        assert_eq!(node["kind"], "initiative");
        assert_eq!(ws.node_json("nope").unwrap_err().code(), "UNKNOWN_NODE");
        let l = ws.layout();
        assert_eq!(
            l,
            aligngraph::layout::layered(m, &aligngraph::layout::LayoutOptions::default())
        );
        assert_eq!(l.x.len(), 132);
        let loaded = ws.loaded();
        assert_eq!((loaded.nodes, loaded.edges), (132, m.edges.len() as u32));
        assert!(loaded.summary.is_none());
    }

    #[test]
    fn every_error_has_its_code_and_no_model_says_what_to_call() {
        let e = WorkspaceError::NoModel;
        assert_eq!(e.code(), "NO_MODEL");
        assert_eq!(
            e.to_string(),
            "no model is loaded; call load(text) or loadDemo() first"
        );
        assert!(e.diagnostics().is_none());
        let e = WorkspaceError::InvalidArgument("matrix must be numbers".into());
        assert_eq!(
            (e.code(), e.to_string().as_str()),
            ("INVALID_ARGUMENT", "matrix must be numbers")
        );
        assert_eq!(WorkspaceError::Internal("x".into()).code(), "INTERNAL");
        let e = Workspace::load("{\"nodes\": 3}", &Limits::PAGE).unwrap_err();
        assert!(!e.diagnostics().unwrap().is_empty());
    }
}

#[test]
fn a_model_loads_from_its_bytes_as_from_its_text_and_bytes_that_are_not_text_are_refused() {
    let demo = aligngraph::demo::DEMO_JSON;
    let mut from_text = Workspace::load(demo, &Limits::PAGE).unwrap();
    let mut from_bytes =
        Workspace::load_bytes("demo.json", demo.as_bytes(), &Limits::PAGE).unwrap();
    assert_eq!(from_bytes.model_json(), from_text.model_json());
    assert_eq!(
        from_bytes.score(|r| r.kpis.alignment_index),
        from_text.score(|r| r.kpis.alignment_index)
    );
    // UTF-16 with its byte order mark, as some editors save.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(demo.encode_utf16().flat_map(u16::to_le_bytes));
    let ws = Workspace::load_bytes("demo.json", &utf16, &Limits::PAGE).unwrap();
    assert_eq!(ws.model().nodes.len(), from_text.model().nodes.len());
    // A byte that is not UTF-8: INVALID_JSON naming where.
    let mut bad = demo.as_bytes().to_vec();
    bad[40] = 0xFF;
    let err = Workspace::load_bytes("demo.json", &bad, &Limits::PAGE).unwrap_err();
    assert_eq!(err.code(), "INVALID_MODEL");
    let d = &err.diagnostics().unwrap()[0];
    assert_eq!(d.code.as_str(), "INVALID_JSON");
    assert!(d.message.contains("UTF-8"), "{}", d.message);
    // Over the file limit: refused before it is read.
    let tight = Limits {
        file_bytes: 100,
        ..Limits::PAGE
    };
    let err = Workspace::load_bytes("demo.json", demo.as_bytes(), &tight).unwrap_err();
    assert_eq!(
        err.diagnostics().unwrap()[0].code.as_str(),
        "LIMIT_EXCEEDED"
    );
}

#[test]
fn a_generated_workspace_holds_the_generators_model_and_refuses_what_is_over_the_limits() {
    let ws = Workspace::generated(2_000, 5, 7, &Limits::PAGE).unwrap();
    let expected = aligngraph::generate::layered(2_000, 5, 7);
    assert_eq!(
        aligngraph::to_json(ws.model()),
        aligngraph::to_json(&expected)
    );
    assert!(ws.load_diagnostics().is_empty());
    let message = |r: Result<Workspace, WorkspaceError>| match r {
        Err(WorkspaceError::InvalidArgument(m)) => m,
        Err(e) => panic!("not an argument error: {e}"),
        Ok(_) => panic!("accepted"),
    };
    assert_eq!(
        message(Workspace::generated(0, 5, 1, &Limits::PAGE)),
        "nodes must be 1 to 250000, not 0"
    );
    assert_eq!(
        message(Workspace::generated(250_001, 5, 1, &Limits::PAGE)),
        "nodes must be 1 to 250000, not 250001"
    );
    assert_eq!(
        message(Workspace::generated(200_000, 11, 1, &Limits::PAGE)),
        "200000 nodes x 11 edges a node is more than the 2000000 edges a model may have; lower one of them"
    );
}
