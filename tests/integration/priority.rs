//! WSJF, weighted scoring and its sensitivity; bad weights. The worked examples of
//! docs/decisions/prioritisation.md run with every decision page in `decisions.rs`.

use crate::common::model;
use aligngraph::Code;
use aligngraph::analysis::{self, Scores};
use aligngraph::decide::priority::{self, Ranking, Weights};
use aligngraph::model::Model;

fn scores(m: &Model) -> Scores {
    analysis::compute(m, &aligngraph::decide::scoring_options())
}

/// Three initiatives serving one goal: alignment 0.8, 0.4, 0.6 (the contribution weights).
const THREE: &str = r#"{"format": "aligngraph", "version": 1, "nodes": [
  {"id": "g", "kind": "goal"},
  {"id": "a", "kind": "initiative", "benefit": 100, "cost": 50, "risk": 0.1,
   "business_value": 8, "time_criticality": 5, "risk_reduction": 3, "job_size": 4},
  {"id": "b", "kind": "initiative", "benefit": 300, "cost": 150, "risk": 0.2,
   "business_value": 8, "job_size": 2},
  {"id": "c", "kind": "initiative", "benefit": 200, "cost": 100, "risk": 0.5}],
 "edges": [
  {"from": "a", "to": "g", "kind": "contributes", "weight": 0.8},
  {"from": "b", "to": "g", "kind": "contributes", "weight": 0.4},
  {"from": "c", "to": "g", "kind": "contributes", "weight": 0.6}]}"#;

fn ranking(w: Weights, top: usize) -> Ranking {
    let m = model(THREE);
    priority::rank(&m, &scores(&m), &w, top).unwrap()
}

fn top_ids(r: &Ranking) -> Vec<String> {
    let mut ids: Vec<String> = r.rows[..r.top_n].iter().map(|x| x.id.clone()).collect();
    ids.sort();
    ids
}

#[test]
fn wsjf_values_and_warnings_for_missing_fields() {
    let (values, warnings) = priority::wsjf(&model(THREE));
    assert_eq!(values, vec![("a".to_string(), 4.0)]);
    assert_eq!(warnings.len(), 2);
    let b = &warnings[0];
    assert_eq!(b.code, Code::MissingValue);
    assert_eq!(b.place.node.as_deref(), Some("b"));
    assert!(
        b.message.contains("time_criticality") && b.message.contains("risk_reduction"),
        "{b}"
    );
    assert!(!b.message.contains("business_value"), "{b}");
    assert_eq!(warnings[1].place.node.as_deref(), Some("c"));
}

#[test]
fn weighted_scores_match_the_hand_computation() {
    let r = ranking(Weights::default(), 1);
    // a: 0.4*0.8 + 0.3*0 + 0.15*0.9 + 0.15*1 = 0.605
    // b: 0.4*0.4 + 0.3*1 + 0.15*0.8 + 0.15*0 = 0.58
    // c: 0.4*0.6 + 0.3*0.5 + 0.15*0.5 + 0.15*0.5 = 0.54
    let got: Vec<(&str, f64)> = r.rows.iter().map(|x| (x.id.as_str(), x.score)).collect();
    for ((id, s), (want_id, want)) in got.iter().zip([("a", 0.605), ("b", 0.58), ("c", 0.54)]) {
        assert_eq!(*id, want_id);
        assert!((s - want).abs() < 1e-12, "{id}: {s}");
    }
    let c = &r.rows[2];
    assert_eq!(c.rank, 3);
    assert!((c.components.benefit - 0.5).abs() < 1e-12 && (c.components.cost - 0.5).abs() < 1e-12);
    assert_eq!(r.rows[0].wsjf, Some(4.0));
    assert_eq!(r.rows[1].wsjf, None);
    assert_eq!(r.rows[1].benefit, Some(300.0));
}

#[test]
fn a_missing_value_is_neutral_and_equal_values_are_half() {
    let text = THREE.replace(r#""benefit": 200, "#, "");
    let m = model(&text);
    let r = priority::rank(&m, &scores(&m), &Weights::default(), 1).unwrap();
    let c = r.rows.iter().find(|x| x.id == "c").unwrap();
    assert_eq!(c.benefit, None);
    assert!(
        (c.components.benefit - 0.5).abs() < 1e-12,
        "mean of 0 and 1"
    );
    let text = THREE
        .replace(r#""cost": 150"#, r#""cost": 50"#)
        .replace(r#""cost": 100"#, r#""cost": 50"#);
    let m = model(&text);
    let r = priority::rank(&m, &scores(&m), &Weights::default(), 1).unwrap();
    assert!(r.rows.iter().all(|x| x.components.cost == 0.5));
}

#[test]
fn sensitivity_finds_the_exact_crossing_weights() {
    let w = Weights::default();
    let r = ranking(w, 1);
    let alignment = &r.sensitivity[0];
    assert_eq!(alignment.criterion, "alignment");
    // 0.285 + 0.8 x = 0.42 + 0.4 x at x = 0.3375: b overtakes a below it.
    let lower = alignment.lower.as_ref().unwrap();
    assert!((lower.weight - 0.3375).abs() < 1e-12, "{}", lower.weight);
    assert_eq!((lower.enters.as_str(), lower.leaves.as_str()), ("b", "a"));
    assert!(
        alignment.upper.is_none(),
        "a has the steepest alignment line"
    );
    // 0.605 = 0.28 + x at x = 0.325: b overtakes a above it.
    let benefit = &r.sensitivity[1];
    let upper = benefit.upper.as_ref().unwrap();
    assert!((upper.weight - 0.325).abs() < 1e-12, "{}", upper.weight);
    assert_eq!((upper.enters.as_str(), upper.leaves.as_str()), ("b", "a"));

    // Applying the reported weight changes the top set; just short of it does not.
    let before = top_ids(&r);
    let at = |k: f64, f: fn(&mut Weights, f64)| {
        let mut w2 = w;
        f(&mut w2, k);
        top_ids(&ranking(w2, 1))
    };
    let set_alignment: fn(&mut Weights, f64) = |w, x| w.alignment = x;
    let set_benefit: fn(&mut Weights, f64) = |w, x| w.benefit = x;
    assert_ne!(at(lower.weight, set_alignment), before);
    assert_eq!(at(lower.weight + 1e-9, set_alignment), before);
    assert_ne!(at(upper.weight, set_benefit), before);
    assert_eq!(at(upper.weight - 1e-9, set_benefit), before);
    // With every initiative in the top set nothing can change.
    let all = ranking(w, 3);
    assert!(
        all.sensitivity
            .iter()
            .all(|s| s.lower.is_none() && s.upper.is_none())
    );
}

#[test]
fn bad_weights_are_invalid_arguments_naming_the_weight() {
    for (text, field) in [
        ("alignment=-1", "weights.alignment"),
        ("benefit=NaN", "weights.benefit"),
        ("cost=abc", "weights.cost"),
        ("speed=1", "weights.speed"),
        ("alignment=0,risk=0", "weights"),
    ] {
        let e = Weights::parse(text).unwrap_err();
        assert_eq!(e.code, Code::InvalidArgument, "{text}");
        assert_eq!(e.place.field.as_deref(), Some(field), "{text}");
    }
    let m = model(THREE);
    let w = Weights {
        risk: f64::INFINITY,
        ..Weights::default()
    };
    let e = priority::rank(&m, &scores(&m), &w, 2).unwrap_err();
    assert_eq!(e.place.field.as_deref(), Some("weights.risk"));
    assert!(e.message.contains("\"risk\""), "{e}");
    let parsed = Weights::parse("alignment=1, cost=3").unwrap();
    assert_eq!(parsed.get(), [1.0, 0.0, 0.0, 3.0]);
}
