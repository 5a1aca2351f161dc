//! Targets and status (red/amber/green against the model's targets), and `diff`: two models
//! compared, KPI by KPI, goal by goal and initiative by initiative, with the reasons in words.
//! The fixtures in tests/fixtures/diff are small enough to work out by hand (the numbers below).

use crate::common::{model, root, run_cli, select};
use aligngraph::decide::diff;
use aligngraph::diagnostics::Code;
use aligngraph::{Options, load_json, score};
use serde_json::Value;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures/diff").join(name)).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn status_of_kpis_and_goals_follows_the_targets_with_their_rules() {
    let m = model(&fixture("old.json"));
    let r = serde_json::to_value(score(&m, &Options::default())).unwrap();
    // goal_coverage = 0.5 x 0.5 + 0.5 x 0.4 = 0.45: amber (target 0.6, amber from 0.4).
    let k = select(&r, "status.kpis[kpi=goal_coverage]").unwrap();
    assert!(close(k["value"].as_f64().unwrap(), 0.45));
    assert_eq!(k["status"], "amber");
    assert_eq!(k["better"], "higher");
    assert_eq!(k["rule"], "green at 60% or more, amber from 40%, else red");
    // Every goal by "*": g1 0.5 green, g2 0.4 amber.
    assert_eq!(select(&r, "status.goals[id=g1].status").unwrap(), "green");
    assert_eq!(select(&r, "status.goals[id=g2].status").unwrap(), "amber");
    assert_eq!(select(&r, "status.goals[id=g2].from").unwrap(), "*");
    assert_eq!(
        r["status"]["counts"],
        serde_json::json!({"green": 1, "amber": 2, "red": 0})
    );
}

#[test]
fn a_missing_amber_takes_the_documented_default_band() {
    let text = r#"{"nodes": [{"id": "g", "kind": "goal"},
        {"id": "i", "kind": "initiative", "cost": 10},
        {"id": "j", "kind": "initiative", "cost": 30}],
      "edges": [{"from": "i", "to": "g", "kind": "contributes", "weight": 0.75}],
      "targets": {"kpis": {"goal_coverage": {"target": 0.8},
                           "unaligned_spend_share": {"target": 0.5},
                           "orphan_initiatives": {"target": 0},
                           "total_exposure": {"target": 100}},
                  "goals": {"g": {"coverage": {"target": 0.9, "amber": 0.9}}}}}"#;
    let r = serde_json::to_value(score(&model(text), &Options::default())).unwrap();
    let s = |kpi: &str, key: &str| select(&r, &format!("status.kpis[kpi={kpi}].{key}")).cloned();
    // A share: 10 points. 0.75 misses 0.8 and meets 0.7.
    assert_eq!(s("goal_coverage", "status").unwrap(), "amber");
    assert_eq!(s("goal_coverage", "amber_default").unwrap(), true);
    assert!(close(
        s("goal_coverage", "amber").unwrap().as_f64().unwrap(),
        0.7
    ));
    // Lower is better: 0.75 of spend unaligned, target 0.5, amber to 0.6: red.
    assert_eq!(s("unaligned_spend_share", "status").unwrap(), "red");
    assert_eq!(
        s("unaligned_spend_share", "rule").unwrap(),
        "green at 50% or less, amber up to 60%, else red"
    );
    // A count: 1 more. One orphan: amber.
    assert_eq!(s("orphan_initiatives", "status").unwrap(), "amber");
    assert_eq!(
        s("orphan_initiatives", "rule").unwrap(),
        "green at 0, amber up to 1, else red"
    );
    // An amount: 10 % of the target; no risk, so no exposure: green.
    assert_eq!(s("total_exposure", "amber").unwrap(), 110.0);
    assert_eq!(s("total_exposure", "status").unwrap(), "green");
    // amber equal to the target: no amber band.
    assert_eq!(
        select(&r, "status.goals[id=g].rule").unwrap(),
        "green at 90% or more, else red"
    );
    assert_eq!(select(&r, "status.goals[id=g].status").unwrap(), "red");
}

#[test]
fn bad_targets_are_errors_at_their_json_pointers_with_lines() {
    let text = r#"{"nodes": [{"id": "g", "kind": "goal"}, {"id": "c", "kind": "capability"}],
"targets": {"kpis": {"goal_coverage": {"target": 0.8, "amber": 0.9},
                     "happiness": {"target": 1},
                     "alignment_index": {"target": 80},
                     "total_exposure": {"target": "a lot"},
                     "orphan_initiatives": {"amber": 2}},
            "goals": {"g-gone": {"coverage": {"target": 0.5}},
                      "c": {"coverage": {"target": 0.5}},
                      "g": {"reach": {"target": 0.5}}},
            "colour": "red"}}"#;
    let (_, d) = load_json(text);
    let find = |ptr: &str| {
        d.iter()
            .find(|x| x.place.pointer.as_deref() == Some(ptr))
            .unwrap_or_else(|| panic!("no diagnostic at {ptr}: {d:#?}"))
    };
    let amber = find("/targets/kpis/goal_coverage/amber");
    assert_eq!(amber.code, Code::OutOfRange);
    assert!(amber.is_error());
    assert!(
        amber
            .message
            .contains("amber (90%) must be at most the target (80%)")
    );
    assert_eq!(amber.place.line, Some(2), "the line of the targets value");
    assert_eq!(find("/targets/kpis/happiness").code, Code::InvalidValue);
    assert!(
        find("/targets/kpis/happiness")
            .message
            .contains("expected one of alignment_index")
    );
    let range = find("/targets/kpis/alignment_index/target");
    assert_eq!(range.code, Code::OutOfRange);
    assert!(range.message.contains("a share from 0 to 1 (0.8 is 80%)"));
    assert_eq!(
        find("/targets/kpis/total_exposure/target").code,
        Code::NotANumber
    );
    assert_eq!(
        find("/targets/kpis/orphan_initiatives").code,
        Code::MissingField
    );
    let gone = find("/targets/goals/g-gone");
    assert_eq!(gone.code, Code::UnknownNode);
    assert_eq!(gone.place.node.as_deref(), Some("g-gone"));
    assert!(
        find("/targets/goals/c")
            .message
            .contains("is a capability, not a goal")
    );
    assert_eq!(find("/targets/goals/g/reach").code, Code::InvalidValue);
    assert_eq!(find("/targets/colour").code, Code::InvalidValue);
    assert_eq!(d.len(), 9, "{d:#?}");
    // Not an object at all.
    let (_, d) = load_json(r#"{"nodes": [], "targets": [1]}"#);
    assert_eq!(d[0].code, Code::WrongType);
    assert_eq!(d[0].place.pointer.as_deref(), Some("/targets"));
}

#[test]
fn targets_are_kept_and_written_back() {
    let text = fixture("old.json");
    let m = model(&text);
    let back: Value = serde_json::from_str(&aligngraph::to_json(&m)).unwrap();
    let orig: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(back["targets"], orig["targets"]);
}

#[test]
fn the_demo_has_targets_in_every_colour_and_its_numbers_do_not_move() {
    let (m, d) = load_json(aligngraph::demo::DEMO_JSON);
    assert!(d.is_empty(), "{d:?}");
    let r = score(&m, &Options::default());
    let c = r.status.counts;
    assert!(c.green > 0 && c.amber > 0 && c.red > 0, "{c:?}");
    // The demo's published figures (README, docs/publishing.md).
    assert_eq!(format!("{:.1}", r.kpis.alignment_index * 100.0), "19.7");
    assert_eq!(format!("{:.1}", r.kpis.goal_coverage * 100.0), "90.3");
}

#[test]
fn diff_of_the_fixtures_gives_every_number_and_reason_worked_out_by_hand() {
    let (old, new) = (model(&fixture("old.json")), model(&fixture("new.json")));
    let d = diff::diff(&old, &new);
    let v = serde_json::to_value(&d).unwrap();
    let kpi = |k: &str| d.kpis.iter().find(|x| x.kpi == k).unwrap();
    // goal_coverage 0.45 -> 0.7, amber -> green; alignment index 0.18 -> 1/3.
    assert!(close(kpi("goal_coverage").old, 0.45) && close(kpi("goal_coverage").new, 0.7));
    assert_eq!(
        v["kpis"][2],
        serde_json::json!({"kpi": "goal_coverage", "old": 0.45, "new": 0.7,
            "delta": kpi("goal_coverage").delta, "old_status": "amber", "new_status": "green"})
    );
    assert!(close(kpi("alignment_index").old, 0.18));
    assert!(close(kpi("alignment_index").new, 1.0 / 3.0));
    assert!(close(kpi("unaligned_spend_share").delta, -0.2));
    assert_eq!(kpi("total_exposure").old_status, None);
    assert_eq!(d.targets_from, "new");
    // Goals: g2 0.4 -> 0.6, amber -> green.
    let g2 = select(&v, "goals[id=g2]").unwrap();
    assert!(close(g2["coverage"]["new"].as_f64().unwrap(), 0.6));
    assert_eq!(
        (g2["old_status"].as_str(), g2["new_status"].as_str()),
        (Some("amber"), Some("green"))
    );
    // Initiatives: i3 removed, i4 added, i2 cancelled, i1 more aligned.
    let change = |id: &str| select(&v, &format!("initiatives[id={id}].change")).cloned();
    assert_eq!(change("i3").unwrap(), "removed");
    assert_eq!(change("i4").unwrap(), "added");
    assert_eq!(change("i2").unwrap(), "changed");
    assert_eq!(
        select(&v, "initiatives[id=i2].new_status").unwrap(),
        "cancelled"
    );
    assert!(close(
        select(&v, "initiatives[id=i1].alignment.delta")
            .unwrap()
            .as_f64()
            .unwrap(),
        0.3 * 0.5
    ));
    // The changes, in order, in words.
    let texts: Vec<&str> = d.changes.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Boardroom screens is removed",
            "Customer portal is added and contributes to Keep customers",
            "the status of Loyalty app goes from proposed to cancelled",
            "the weight of Web shop contributes to Grow online sales goes from 0.5 to 0.8",
        ]
    );
    assert_eq!(d.reasoned, 4);
    // One change at a time against the earlier model.
    let reason = |change: usize, subject: &str| {
        d.reasons
            .iter()
            .find(|r| r.change == change && r.subject == subject)
            .unwrap_or_else(|| panic!("no reason {change} {subject}: {:#?}", d.reasons))
    };
    assert!(close(reason(0, "alignment_index").delta, 0.045));
    assert!(close(reason(1, "g2").delta, 0.36));
    assert_eq!(
        reason(1, "g2").text,
        "coverage of Keep customers +36.0 points because Customer portal is added and contributes to Keep customers (Customer portal contributes to Keep customers)"
    );
    assert!(close(reason(2, "g2").delta, -0.4));
    assert!(close(reason(3, "goal_coverage").delta, 0.15));
    assert_eq!(
        reason(3, "g1").text,
        "coverage of Grow online sales +30.0 points because the weight of Web shop contributes to Grow online sales goes from 0.5 to 0.8"
    );
}

#[test]
fn diff_of_a_model_with_itself_changes_nothing() {
    let m = model(aligngraph::demo::DEMO_JSON);
    let d = diff::diff(&m, &m);
    assert!(d.changes.is_empty() && d.reasons.is_empty());
    assert!(d.goals.is_empty() && d.initiatives.is_empty());
    assert!(
        d.kpis
            .iter()
            .all(|k| k.delta == 0.0 && k.old_status == k.new_status)
    );
}

/// The demo and an edited copy: an initiative cancelled, one added, a cost and a goal weight
/// changed, an edge removed. Each reason's delta is the KPI's change when that change alone is
/// made, so a single change's reasons add up to the whole difference.
#[test]
fn diff_of_the_demo_and_an_edited_copy() {
    let mut v: Value = serde_json::from_str(aligngraph::demo::DEMO_JSON).unwrap();
    let nodes = v["nodes"].as_array_mut().unwrap();
    for n in nodes.iter_mut() {
        if n["id"] == "ini-s4hana" {
            n["status"] = "cancelled".into();
        }
    }
    let text = v.to_string();
    let (old, new) = (model(aligngraph::demo::DEMO_JSON), model(&text));
    let d = diff::diff(&old, &new);
    assert_eq!(d.changes.len(), 1);
    assert_eq!(d.changes[0].kind, "status");
    let before = score(&old, &Options::default());
    let after = score(&new, &Options::default());
    let value = |r: &aligngraph::Report, k: &str| match k {
        "total_spend" => r.kpis.total_spend,
        "active_initiatives" => r.kpis.active_initiatives as f64,
        _ => r.kpis.value(k).unwrap(),
    };
    for k in &d.kpis {
        let want = value(&after, k.kpi) - value(&before, k.kpi);
        assert!(close(k.delta, want), "{}", k.kpi);
        // One change: its reason is the whole change.
        if let Some(r) = d.reasons.iter().find(|r| r.subject == k.kpi) {
            assert!(close(r.delta, k.delta), "{}", k.kpi);
        }
    }
    let ai = d.kpis.iter().find(|k| k.kpi == "alignment_index").unwrap();
    assert!(ai.delta != 0.0);
    assert!(
        d.reasons.iter().all(|r| r.text.contains(
            "because the status of SAP S/4HANA migration goes from approved to cancelled"
        )),
        "{:#?}",
        d.reasons
    );
}

#[test]
fn cli_diff_prints_the_comparison_and_names_the_bad_file() {
    let dir = root();
    let out = run_cli(
        &dir,
        &[
            "diff",
            "tests/fixtures/diff/old.json",
            "tests/fixtures/diff/new.json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["format"], "aligngraph-diff");
    assert_eq!(v["old"]["file"], "tests/fixtures/diff/old.json");
    assert_eq!(v["new"]["name"], "Board pack Q2");
    let lib = serde_json::to_value(diff::diff(
        &model(&fixture("old.json")),
        &model(&fixture("new.json")),
    ))
    .unwrap();
    assert_eq!(v["kpis"], lib["kpis"]);
    assert_eq!(v["reasons"], lib["reasons"]);
    // A broken NEW: the file, line and pointer named, nothing printed on stdout.
    let bad = std::env::temp_dir().join(format!("aligngraph-diff-bad-{}.json", std::process::id()));
    std::fs::write(
        &bad,
        fixture("new.json").replace("\"amber\": 0.4}", "\"amber\": 0.7}"),
    )
    .unwrap();
    let out = run_cli(
        &dir,
        &[
            "diff",
            "tests/fixtures/diff/old.json",
            bad.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "{}: error[OUT_OF_RANGE] at line 17",
            bad.display()
        )),
        "{err}"
    );
    assert!(err.contains("/targets/kpis/goal_coverage/amber"), "{err}");
    assert!(
        err.contains("NEW has 1 error(s); nothing was compared"),
        "{err}"
    );
    // A missing OLD.
    let out = run_cli(
        &dir,
        &["diff", "no-such-file.json", "tests/fixtures/diff/new.json"],
    );
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no-such-file.json"), "{err}");
    assert!(
        err.contains("OLD (no-such-file.json) could not be read"),
        "{err}"
    );
    // Both from stdin.
    let out = run_cli(&dir, &["diff", "-", "-"]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_file(bad);
}

#[test]
fn cli_score_prints_the_status_section() {
    let out = run_cli(&root(), &["score", "--demo", "--compact"]);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        select(&v, "status.kpis[kpi=goal_coverage].rule").unwrap(),
        "green at 85% or more, amber from 70%, else red"
    );
    assert_eq!(
        select(&v, "status.kpis[kpi=goal_coverage].status").unwrap(),
        "green"
    );
    assert_eq!(
        select(&v, "status.kpis[kpi=total_exposure].status").unwrap(),
        "red"
    );
    assert_eq!(
        select(&v, "status.goals[id=g-data-literacy].status").unwrap(),
        "red"
    );
}

#[test]
fn the_workspace_compares_with_an_earlier_text_or_file_and_names_a_bad_one() {
    use aligngraph::formats::import::InputFile;
    use aligngraph::formats::limits::Limits;
    use aligngraph::workspace::Workspace;
    let ws = Workspace::load(&fixture("new.json"), &Limits::PAGE).unwrap();
    let old =
        Workspace::earlier("old.json", Some(&fixture("old.json")), &[], &Limits::PAGE).unwrap();
    let d = ws.compare_with(&old, "old.json");
    assert_eq!(d.old.file.as_deref(), Some("old.json"));
    assert_eq!(d.changes.len(), 4);
    let bytes = fixture("old.json").into_bytes();
    let files = [InputFile {
        name: "old.json",
        bytes: &bytes,
    }];
    let old2 = Workspace::earlier("old.json", None, &files, &Limits::PAGE).unwrap();
    assert_eq!(
        serde_json::to_value(ws.compare_with(&old2, "old.json")).unwrap(),
        serde_json::to_value(&d).unwrap()
    );
    let err =
        Workspace::earlier("q1.json", Some("{\"nodes\": [}"), &[], &Limits::PAGE).unwrap_err();
    assert_eq!(err.code(), "INVALID_MODEL");
    let diag = &err.diagnostics().unwrap()[0];
    assert_eq!(diag.place.file.as_deref(), Some("q1.json"));
    assert!(diag.place.line.is_some());
}
