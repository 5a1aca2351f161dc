//! The budget optimiser and the frontier: brute force agrees on random small portfolios, model
//! rules (dependencies through other nodes, done and cancelled dependencies, mandatory ones),
//! errors that name their place and a 200-initiative portfolio solved to optimality. The worked
//! examples of docs/decisions/optimisation.md run with every decision page in `decisions.rs`.

use crate::common::{model, root, run_cli};
use aligngraph::Code;
use aligngraph::analysis::{self, Scores};
use aligngraph::decide::optimize::{self, Item, Problem, Solution, ValueBasis};
use aligngraph::generate::portfolio;
use aligngraph::model::Model;
use proptest::prelude::*;
use serde_json::Value;

fn scores(m: &Model) -> Scores {
    analysis::compute(m, &aligngraph::decide::scoring_options())
}

/// Solves a model text at a budget (the error, a diagnostic, is large by design).
#[allow(clippy::result_large_err)]
fn solve_text(text: &str, budget: f64) -> Result<Solution, aligngraph::Diagnostic> {
    let m = model(text);
    optimize::problem(&m, &scores(&m), None)?.solve(budget)
}

/// Every subset of the items that meets the constraints (budget aside), as (cost, value, mask).
fn feasible_subsets(items: &[Item]) -> Vec<(f64, f64, u32)> {
    let n = items.len();
    let mut out = Vec::new();
    for s in 0u32..(1 << n) {
        let has = |i: usize| s & (1 << i) != 0;
        let ok = (0..n).all(|i| {
            let it = &items[i];
            if it.mandatory && !has(i) {
                return false;
            }
            if !has(i) {
                return true;
            }
            it.blocked.is_none()
                && it.requires.iter().all(|&r| has(r))
                && it.excludes.iter().all(|&e| e == i || !has(e))
        });
        if ok {
            // Adding 0 turns the -0 of an empty sum into 0.
            let cost = (0..n)
                .filter(|&i| has(i))
                .map(|i| items[i].cost)
                .sum::<f64>()
                + 0.0;
            let value = (0..n)
                .filter(|&i| has(i))
                .map(|i| items[i].value)
                .sum::<f64>()
                + 0.0;
            out.push((cost, value, s));
        }
    }
    out
}

fn best_within(feasible: &[(f64, f64, u32)], budget: f64) -> Option<f64> {
    feasible
        .iter()
        .filter(|f| f.0 <= budget)
        .map(|f| f.1)
        .fold(None, |a: Option<f64>, v| Some(a.map_or(v, |a| a.max(v))))
}

fn mask_of(selected: &[String]) -> u32 {
    selected
        .iter()
        .map(|id| 1u32 << id[1..].parse::<u32>().expect("ids are i<k>"))
        .sum()
}

/// Random portfolios: integer costs and values (some negative), acyclic dependencies,
/// exclusions, occasional mandatory and blocked items.
fn arb_items() -> impl Strategy<Value = (Vec<Item>, f64)> {
    (1usize..=20).prop_flat_map(|n| {
        let items = prop::collection::vec(
            (
                0u32..20,
                -5i32..30,
                prop::collection::vec(0usize..n, 0..3),
                0u32..100,
            ),
            n,
        );
        let excludes = prop::collection::vec((0usize..n, 0usize..n), 0..n / 2 + 1);
        (items, excludes, 0u32..=200).prop_map(move |(raw, excludes, budget)| {
            let mut items: Vec<Item> = raw
                .iter()
                .enumerate()
                .map(|(i, (c, v, reqs, roll))| {
                    let mut it = Item::new(format!("i{i}"), *c as f64, *v as f64);
                    // Only earlier items, so the dependencies are acyclic.
                    it.requires = reqs.iter().filter(|&&r| r < i).copied().collect();
                    it.mandatory = *roll < 8;
                    if *roll >= 97 {
                        it.blocked = Some("depends on a cancelled initiative".into());
                    }
                    it
                })
                .collect();
            for (a, b) in excludes {
                if a != b {
                    items[a].excludes.push(b);
                }
            }
            (items, budget as f64)
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn the_optimum_equals_brute_force((items, budget) in arb_items()) {
        let feasible = feasible_subsets(&items);
        let p = Problem::from_items(items.clone(), ValueBasis::Benefit).unwrap();
        match (p.solve(budget), best_within(&feasible, budget)) {
            (Ok(s), Some(best)) => {
                prop_assert!(s.optimal);
                prop_assert!((s.value - best).abs() <= 1e-9, "solver {} brute force {best}", s.value);
                let mask = mask_of(&s.selected);
                let f = feasible.iter().find(|f| f.2 == mask);
                prop_assert!(f.is_some(), "the selection {:?} breaks a constraint", s.selected);
                let (cost, value, _) = *f.unwrap();
                prop_assert!(cost <= budget);
                prop_assert!((cost - s.cost).abs() <= 1e-9 && (value - s.value).abs() <= 1e-9);
                prop_assert_eq!(s.gap, 0.0);
            }
            (Err(e), None) => prop_assert_eq!(e.code, Code::Infeasible),
            (got, want) => prop_assert!(false, "solver {got:?}, brute force {want:?}"),
        }
    }

    #[test]
    fn the_frontier_is_the_brute_force_staircase((items, _b) in arb_items()) {
        let feasible = feasible_subsets(&items);
        let p = Problem::from_items(items.clone(), ValueBasis::Benefit).unwrap();
        let f = match p.frontier(aligngraph::decide::optimize::MAX_POINTS) {
            Ok(f) => f,
            Err(e) => {
                prop_assert!(feasible.is_empty());
                prop_assert_eq!(e.code, Code::Infeasible);
                return Ok(());
            }
        };
        prop_assert!(f.exact);
        // The brute-force staircase: each cost at which the best value rises.
        let mut by_cost = feasible.clone();
        by_cost.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.total_cmp(&a.1)));
        let mut stairs: Vec<(f64, f64)> = Vec::new();
        for (c, v, _) in by_cost {
            if stairs.last().is_none_or(|l| v > l.1) {
                stairs.push((c, v));
            }
        }
        prop_assert_eq!(f.points.len(), stairs.len(), "{:?} vs {:?}", f.points, stairs);
        for (w, pt) in f.points.windows(2).map(|w| (&w[0], &w[1])) {
            prop_assert!(pt.budget > w.budget && pt.value >= w.value && pt.cost >= w.cost);
        }
        for (pt, (c, v)) in f.points.iter().zip(&stairs) {
            prop_assert!(pt.optimal);
            prop_assert_eq!(pt.budget, *c);
            prop_assert_eq!(pt.cost, *c);
            prop_assert!((pt.value - v).abs() <= 1e-9);
            let best = best_within(&feasible, pt.budget).unwrap();
            prop_assert!((pt.value - best).abs() <= 1e-9);
            let mask = mask_of(&pt.selected);
            prop_assert!(feasible.iter().any(|x| x.2 == mask && x.0 == pt.cost && x.1 == pt.value));
        }
    }

    #[test]
    fn a_spaced_frontier_is_non_decreasing((items, _b) in arb_items()) {
        let feasible = feasible_subsets(&items);
        let p = Problem::from_items(items, ValueBasis::Benefit).unwrap();
        if let Ok(f) = p.frontier(3) {
            prop_assert!(f.points.len() <= 3);
            for w in f.points.windows(2) {
                prop_assert!(w[1].budget >= w[0].budget && w[1].value >= w[0].value);
            }
            for pt in &f.points {
                let best = best_within(&feasible, pt.budget + 1e-9).unwrap();
                prop_assert!((pt.value - best).abs() <= 1e-9);
            }
        }
    }
}

#[test]
fn a_generated_portfolio_of_200_initiatives_is_solved_to_optimality() {
    for seed in [1, 2, 3] {
        let m = portfolio(200, seed);
        let p = optimize::problem(&m, &scores(&m), None).unwrap();
        let total: f64 = p.items().iter().map(|i| i.cost).sum();
        for share in [0.1, 0.3, 0.6] {
            let s = p.solve(total * share).unwrap();
            assert!(
                s.optimal,
                "seed {seed}, budget share {share}: gap {}",
                s.gap
            );
            assert_eq!(s.value_basis, ValueBasis::Benefit);
            assert!(s.cost <= total * share);
            assert_eq!(s.mandatory.len(), 3);
        }
    }
}

#[test]
fn the_node_limit_returns_the_best_found_with_a_bound() {
    let m = portfolio(200, 4);
    let mut p = optimize::problem(&m, &scores(&m), None).unwrap();
    let total: f64 = p.items().iter().map(|i| i.cost).sum();
    let exact = p.solve(total * 0.3).unwrap();
    p.node_limit = 1;
    let s = p.solve(total * 0.3).unwrap();
    assert!(!s.optimal);
    assert!(s.value <= exact.value + 1e-9);
    assert!(s.bound >= exact.value - 1e-9, "the bound is an upper bound");
    assert!((s.gap - (s.bound - s.value) / s.bound).abs() < 1e-12 && s.gap > 0.0);
}

const CHAIN: &str = r#"{"format": "aligngraph", "version": 1, "nodes": [
  {"id": "a", "kind": "initiative", "cost": 4, "benefit": 10},
  {"id": "app", "kind": "application"},
  {"id": "b", "kind": "initiative", "cost": 3, "benefit": 1},
  {"id": "c", "kind": "initiative", "cost": 1, "benefit": 5, "status": "done"},
  {"id": "d", "kind": "initiative", "cost": 1, "benefit": 4},
  {"id": "e", "kind": "initiative", "cost": 1, "benefit": 9},
  {"id": "x", "kind": "initiative", "status": "cancelled"}],
 "edges": [
  {"from": "a", "to": "app", "kind": "depends_on"},
  {"from": "app", "to": "b", "kind": "depends_on"},
  {"from": "d", "to": "c", "kind": "depends_on"},
  {"from": "e", "to": "x", "kind": "depends_on"}]}"#;

#[test]
fn dependencies_are_followed_through_other_nodes_and_statuses() {
    // a needs b through the application; d's dependency is done; e's is cancelled.
    let s = solve_text(CHAIN, 7.0).unwrap();
    assert_eq!(s.selected, ["a", "b"].map(String::from).to_vec());
    assert_eq!((s.value, s.cost), (11.0, 7.0));
    let s = solve_text(CHAIN, 5.0).unwrap();
    assert_eq!(s.selected, ["b", "d"].map(String::from).to_vec());
    assert_eq!(s.ineligible.len(), 1);
    assert_eq!(s.ineligible[0].id, "e");
    assert!(
        s.ineligible[0]
            .reason
            .contains("cancelled initiative \"x\"")
    );
}

#[test]
fn without_benefit_everywhere_the_value_is_alignment() {
    let text = r#"{"format": "aligngraph", "version": 1, "nodes": [
      {"id": "g", "kind": "goal"},
      {"id": "a", "kind": "initiative", "cost": 2, "benefit": 100},
      {"id": "b", "kind": "initiative", "cost": 2}],
     "edges": [{"from": "a", "to": "g", "kind": "contributes", "weight": 0.2},
               {"from": "b", "to": "g", "kind": "contributes", "weight": 0.7}]}"#;
    let m = model(text);
    let p = optimize::problem(&m, &scores(&m), None).unwrap();
    assert_eq!(p.basis(), ValueBasis::Alignment);
    let w = &p.diagnostics[0];
    assert_eq!(w.code, Code::MissingValue);
    assert_eq!(w.place.node.as_deref(), Some("b"));
    let s = p.solve(2.0).unwrap();
    assert_eq!(s.selected, vec!["b".to_string()]);
    assert!((s.value - 0.7).abs() < 1e-12);
    let p = optimize::problem(&m, &scores(&m), Some(ValueBasis::Benefit)).unwrap();
    assert_eq!(p.solve(2.0).unwrap().selected, vec!["a".to_string()]);
}

#[test]
fn bad_budgets_are_invalid_arguments_naming_the_budget() {
    let m = model(CHAIN);
    let p = optimize::problem(&m, &scores(&m), None).unwrap();
    for b in [-1.0, f64::NAN, f64::INFINITY] {
        let e = p.solve(b).unwrap_err();
        assert_eq!(e.code, Code::InvalidArgument);
        assert_eq!(e.place.field.as_deref(), Some("budget"));
        assert!(e.message.contains("budget"), "{e}");
    }
    assert_eq!(p.frontier(0).unwrap_err().code, Code::InvalidArgument);
    let dir = std::env::temp_dir().join(format!("aligngraph-opt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("m.json"), CHAIN).unwrap();
    let out = run_cli(&dir, &["optimize", "m.json", "--budget", "-3"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("INVALID_ARGUMENT") && err.contains("field \"budget\""),
        "{err}"
    );
    // --budget and --frontier: exactly one.
    assert!(!run_cli(&dir, &["optimize", "m.json"]).status.success());
    let both = run_cli(&dir, &["optimize", "m.json", "--budget", "3", "--frontier"]);
    assert!(!both.status.success());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn infeasible_mandatory_sets_name_the_initiatives() {
    let text = r#"{"format": "aligngraph", "version": 1, "nodes": [
      {"id": "m1", "kind": "initiative", "cost": 5, "benefit": 1, "mandatory": true},
      {"id": "m2", "kind": "initiative", "cost": 5, "benefit": 1, "mandatory": true},
      {"id": "base", "kind": "initiative", "cost": 2, "benefit": 1}],
     "edges": [{"from": "m2", "to": "base", "kind": "depends_on"}]}"#;
    let e = solve_text(text, 11.0).unwrap_err();
    assert_eq!(e.code, Code::Infeasible);
    assert_eq!(e.place.field.as_deref(), Some("budget"));
    for id in ["m1", "m2", "base"] {
        assert!(e.message.contains(&format!("\"{id}\"")), "{e}");
    }
    assert_eq!(solve_text(text, 12.0).unwrap().cost, 12.0);
    let excl = text.replace(
        r#""kind": "depends_on"}]"#,
        r#""kind": "depends_on"}, {"from": "base", "to": "m1", "kind": "excludes"}]"#,
    );
    let e = solve_text(&excl, 100.0).unwrap_err();
    assert_eq!(e.code, Code::Infeasible);
    assert!(
        e.message.contains("\"m1\"") && e.message.contains("\"base\""),
        "{e}"
    );
}

#[test]
fn the_demo_reoptimises_at_every_budget() {
    let m = model(aligngraph::demo::DEMO_JSON);
    let p = optimize::problem(&m, &scores(&m), None).unwrap();
    let f = p.frontier(50).unwrap();
    assert!(f.points.windows(2).all(|w| w[1].value >= w[0].value));
    for pt in f.points.iter().step_by(5) {
        let s = p.solve(pt.budget).unwrap();
        assert!(s.optimal);
        assert!((s.value - pt.value).abs() <= 1e-6 * s.value.abs().max(1.0));
    }
}

#[test]
fn the_frontier_through_the_cli() {
    let dir = root().join("../shared/oracles/portfolio-hillier-capital");
    if !dir.exists() {
        return;
    }
    let out = run_cli(&dir, &["optimize", "model.json", "--frontier"]);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let pts: Vec<(f64, f64)> = v["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["budget"].as_f64().unwrap(), p["value"].as_f64().unwrap()))
        .collect();
    assert_eq!(
        pts,
        [
            (0., 0.),
            (3., 5.),
            (5., 9.),
            (9., 14.),
            (11., 18.),
            (14., 20.)
        ]
    );
    assert_eq!(v["exact"], true);
    assert_eq!(v["total_cost"], 16.0);
}

#[test]
fn a_time_box_stops_at_its_limit_shares_it_among_searches_and_reports_progress() {
    use aligngraph::decide::optimize::TimeBox;
    use aligngraph::decide::{Progress, Stop};
    use std::cell::Cell;
    // A clock the test moves by hand.
    let now = Cell::new(1000.0);
    let reports = std::cell::RefCell::new(Vec::new());
    let mut tb = TimeBox::new(
        Some(100.0),
        10.0,
        || now.get(),
        |p: Progress, ms| reports.borrow_mut().push((p.search, ms)),
    )
    .unwrap();
    let frontier = |search, point| Progress {
        nodes: 0,
        point,
        points: 4,
        search,
    };
    // The first of 4 searches gets a quarter of the 100 ms.
    assert!(!tb.stop(frontier(1, 0)));
    now.set(1024.0);
    assert!(!tb.stop(frontier(1, 0)));
    now.set(1026.0);
    assert!(tb.stop(frontier(1, 0)), "past its share");
    // The next search shares what is left (74 ms) among the 3 points to come.
    assert!(!tb.stop(frontier(2, 1)));
    now.set(1026.0 + 74.0 / 3.0 + 0.5);
    assert!(tb.stop(frontier(2, 1)));
    // Past the whole limit every search stops at once.
    now.set(1101.0);
    assert!(tb.stop(frontier(3, 2)));
    assert!(tb.stop(frontier(4, 3)));
    let reports = reports.borrow();
    assert!(!reports.is_empty(), "progress was reported");
    assert!(
        reports.windows(2).all(|w| w[1].1 - w[0].1 >= 10.0),
        "at most every 10 ms"
    );
    // Bad limits are refused, naming the argument.
    for bad in [0.0, -5.0, f64::NAN, f64::INFINITY] {
        let e = TimeBox::new(Some(bad), 10.0, || 0.0, |_: Progress, _| {})
            .err()
            .unwrap();
        assert_eq!(e.place.field.as_deref(), Some("timeLimitMs"));
    }
    // No limit: never stops.
    let mut free = TimeBox::new(None, 10.0, || 5.0, |_: Progress, _| {}).unwrap();
    assert!(!free.stop(Progress::default()));
}

#[test]
fn a_time_boxed_solve_brackets_the_exact_optimum() {
    use aligngraph::decide::optimize::TimeBox;
    let m = aligngraph::generate::portfolio(300, 11);
    let scores = aligngraph::analysis::compute(&m, &aligngraph::decide::scoring_options());
    let p = aligngraph::decide::optimize::problem(&m, &scores, None).unwrap();
    let total: f64 = p.items().iter().map(|i| i.cost).sum();
    let exact = p.solve(total * 0.4).unwrap();
    // A clock that moves 1 ms each time it is read: the box closes after a few checks.
    let t = std::cell::Cell::new(0.0);
    let clock = || {
        t.set(t.get() + 1.0);
        t.get()
    };
    let mut tb = TimeBox::new(
        Some(3.0),
        1.0,
        clock,
        |_: aligngraph::decide::Progress, _| {},
    )
    .unwrap();
    let boxed = p.solve_until(total * 0.4, &mut tb).unwrap();
    assert!(boxed.value <= exact.value + 1e-9);
    assert!(
        boxed.bound + 1e-9 >= exact.value,
        "the bound bounds the optimum"
    );
    if !boxed.optimal {
        assert!(boxed.stopped);
        assert!((boxed.gap - (boxed.bound - boxed.value) / boxed.bound).abs() < 1e-12);
    }
}
