//! Scale benchmark: generated layered models of 1,000, 100,000 and 1,000,000 nodes (5 out-edges
//! per node), timing generation, JSON loading, graph building, each analysis and the whole
//! scoring, plus the process's memory.
//!
//! `cargo bench --bench scale` runs every size in a fresh process (the program re-executes
//! itself with `--size N`), because the peak resident set size (VmHWM) of a process never goes
//! down. The output is a Markdown table per size, printed and written to
//! `target/bench-results.md`.
//!
//! * `ALIGNGRAPH_BENCH_SIZES=1000,100000` selects sizes (`k` and `M` suffixes work too).
//! * `--size N` runs one size in this process and prints its section only.
//! * Without `--bench` (as under `cargo test --benches`) only a quick 1,000-node smoke run is
//!   done, one run per phase, and no file is written.

use aligngraph::analysis::{self, Options, Report, alignment, centrality, risk, structure};
use aligngraph::generate;
use aligngraph::graph::Graph;
use aligngraph::model::{self, Model, NodeKind};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const DEFAULT_SIZES: [usize; 3] = [1_000, 100_000, 1_000_000];
const EDGES_PER_NODE: usize = 5;
const SEED: u64 = 0x5EED;
/// Betweenness is O(n * m): timed only up to this size.
const BETWEENNESS_MAX_NODES: usize = 1_000;
/// Marks the child's summary line in its output; the parent collects these at the end.
const SUMMARY_TAG: &str = "@@summary ";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let size = args
        .iter()
        .position(|a| a == "--size")
        .and_then(|i| args.get(i + 1))
        .map(|s| parse_size(s).unwrap_or_else(|| panic!("bad --size {s:?}")));
    if let Some(n) = size {
        print!("{}", run_size(n, runs_for(n)));
    } else if args.iter().any(|a| a == "--bench") {
        run_all();
    } else {
        // Not under `cargo bench`: a smoke run so that `cargo test --benches` stays quick.
        let out = run_size(1_000, 1);
        print!("{}", out.replace(SUMMARY_TAG, ""));
    }
}

/// Runs every selected size in its own process, prints and saves the collected output.
fn run_all() {
    let sizes: Vec<usize> = match std::env::var("ALIGNGRAPH_BENCH_SIZES") {
        Ok(s) if !s.trim().is_empty() => s
            .split(',')
            .map(|x| {
                parse_size(x).unwrap_or_else(|| panic!("bad size {x:?} in ALIGNGRAPH_BENCH_SIZES"))
            })
            .collect(),
        _ => DEFAULT_SIZES.to_vec(),
    };
    let exe = std::env::current_exe().expect("path of the running benchmark");
    let mut out = String::new();
    let _ = writeln!(out, "# aligngraph scale benchmark\n");
    let _ = writeln!(
        out,
        "Generated layered models (`generate::layered(n, {EDGES_PER_NODE}, {SEED:#x})`), one process \
         per size; {} CPU(s); {} build. Times are wall-clock (`Instant`) over R runs after one \
         warm-up, the result's drop not included.\n",
        std::thread::available_parallelism().map_or(0, |p| p.get()),
        if cfg!(debug_assertions) {
            "UNOPTIMISED (debug assertions on)"
        } else {
            "optimised"
        },
    );
    print!("{out}");
    let mut summary = Vec::new();
    for &n in &sizes {
        eprintln!("[scale] running {} nodes in a child process", label(n));
        let child = Command::new(&exe)
            .arg("--size")
            .arg(n.to_string())
            .stderr(Stdio::inherit())
            .output();
        let section = match child {
            Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
            Ok(o) => format!(
                "## {} nodes\n\nchild process failed ({}); partial output:\n\n```\n{}```\n\n",
                label(n),
                o.status,
                String::from_utf8_lossy(&o.stdout)
            ),
            Err(e) => format!(
                "## {} nodes\n\ncould not start child process: {e}\n\n",
                label(n)
            ),
        };
        for line in section.lines() {
            match line.strip_prefix(SUMMARY_TAG) {
                Some(s) => summary.push(s.to_string()),
                None => {
                    println!("{line}");
                    let _ = writeln!(out, "{line}");
                }
            }
        }
    }
    let mut tail = String::from("## Summary\n\n");
    for s in &summary {
        let _ = writeln!(tail, "- {s}");
    }
    print!("{tail}");
    out.push_str(&tail);
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench-results.md");
    match std::fs::create_dir_all(path.parent().expect("target dir"))
        .and_then(|_| std::fs::write(&path, &out))
    {
        Ok(()) => eprintln!("[scale] results written to {}", path.display()),
        Err(e) => eprintln!("[scale] could not write {}: {e}", path.display()),
    }
}

fn runs_for(n: usize) -> usize {
    match n {
        0..=1_000 => 30,
        1_001..=100_000 => 7,
        _ => 3,
    }
}

/// One phase's timings (milliseconds).
struct Timing {
    median: f64,
    min: f64,
}

/// Runs `f` once to warm up, then `runs` times; returns the timings and the last result. Each
/// result is passed through `black_box` and dropped outside the timed region.
fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> (Timing, T) {
    drop(black_box(f()));
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let r = black_box(f());
        times.push(t.elapsed().as_secs_f64() * 1e3);
        last = Some(r);
    }
    times.sort_by(f64::total_cmp);
    let mid = times.len() / 2;
    let median = if times.len() % 2 == 1 {
        times[mid]
    } else {
        (times[mid - 1] + times[mid]) / 2.0
    };
    let timing = Timing {
        median,
        min: times[0],
    };
    (timing, last.expect("at least one run"))
}

/// Times one call of `f` (ms) and returns its result.
fn once<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let t = Instant::now();
    let r = black_box(f());
    (t.elapsed().as_secs_f64() * 1e3, r)
}

/// The Markdown table of one size.
#[derive(Default)]
struct Table {
    rows: String,
}

impl Table {
    fn row(&mut self, phase: &str, t: Option<&Timing>, notes: &str) {
        let (med, min) = t.map_or(("–".into(), "–".into()), |t| (ms(t.median), ms(t.min)));
        let _ = writeln!(self.rows, "| {phase} | {med} | {min} | {notes} |");
    }

    fn render(&self) -> String {
        format!(
            "| phase | median ms | min ms | notes |\n|---|---:|---:|---|\n{}",
            self.rows
        )
    }
}

/// Benchmarks one size in this process and returns its Markdown section (with a summary line
/// tagged [`SUMMARY_TAG`]).
fn run_size(n: usize, runs: usize) -> String {
    let tag = label(n);
    let progress = |what: &str| eprintln!("[scale {tag}] {what}");
    let core_opts = Options {
        single_points_of_failure: false,
        blast_radius_limit: 0,
        betweenness_limit: 0.0,
        ..Options::default()
    };
    let full_opts = Options::default();
    let mut table = Table::default();
    let mut checks: Vec<String> = Vec::new();

    // Memory first: generate and score once, then read the high-water mark, before any other
    // phase allocates (JSON text, extra models and graphs).
    progress("generate + core score (memory)");
    let load_start = load_average();
    let base_rss = proc_status_mb("VmRSS");
    let (gen_once_ms, model) = once(|| generate::layered(n, EDGES_PER_NODE, SEED));
    let rss_after_gen = proc_status_mb("VmRSS");
    let (core_once_ms, core_scores) = once(|| analysis::compute(&model, &core_opts));
    let peak_core = proc_status_mb("VmHWM");
    let rss_after_core = proc_status_mb("VmRSS");
    let core_report = analysis::report::build(&model, &core_scores, &core_opts);
    let (nodes, edges) = (model.nodes.len(), model.edges.len());

    progress("generate");
    let (t, m2) = measure(runs, || generate::layered(n, EDGES_PER_NODE, SEED));
    checks.push(format!(
        "generation is deterministic (same seed, same model): {}",
        yes_no(m2 == model)
    ));
    drop(m2);
    table.row(
        "generate",
        Some(&t),
        &format!(
            "{nodes} nodes, {edges} edges (first run {} ms)",
            ms(gen_once_ms)
        ),
    );

    progress("to_json + load");
    let (to_json_ms, text) = once(|| model::to_json(&model));
    let mb = text.len() as f64 / 1e6;
    let (t, (loaded, diags)) = measure(runs, || model::load_json(&text));
    drop(text);
    checks.push(format!(
        "load_json(to_json(model)) gives the model back: {} ({} diagnostics)",
        yes_no(loaded == model),
        diags.len()
    ));
    drop(loaded);
    table.row(
        "load (JSON parse)",
        Some(&t),
        &format!(
            "{mb:.1} MB pretty JSON, {:.0} MB/s (median); to_json once {} ms",
            mb / (t.median / 1e3),
            ms(to_json_ms)
        ),
    );

    progress("graph");
    let (t, g) = measure(runs, || Graph::build(&model));
    table.row(
        "graph (Graph::build)",
        Some(&t),
        &format!(
            "serves {} edges, needs {} edges, conflicts {}; cycles {} / {}",
            g.serves.all.edge_count(),
            g.needs.all.edge_count(),
            g.conflicts.edge_count(),
            g.serves.cycles.len(),
            g.needs.cycles.len()
        ),
    );

    progress("alignment");
    let (goals, weight) = goals_and_weights(&model, &g, &core_report);
    let (t, (align, _conflict)) = measure(runs, || alignment_sweeps(&g, &goals, &weight));
    let inits: Vec<u32> = g
        .by_rank
        .iter()
        .copied()
        .filter(|&v| g.kind[v as usize] == NodeKind::Initiative)
        .collect();
    let max_diff = inits
        .iter()
        .zip(&core_report.initiatives)
        .map(|(&v, s)| (align[v as usize] - s.alignment).abs())
        .fold(0.0, f64::max);
    checks.push(format!(
        "alignment of every initiative equals score()'s: {} (max |diff| {max_diff:.1e} over {} initiatives)",
        yes_no(inits.len() == core_report.initiatives.len() && max_diff == 0.0),
        inits.len()
    ));
    table.row(
        "alignment + conflict sweeps",
        Some(&t),
        &format!(
            "{} goals x {} nodes; conflict pass {}",
            goals.len(),
            nodes,
            if g.conflicts.edge_count() > 0 {
                "on"
            } else {
                "off (no negative contributes)"
            }
        ),
    );
    drop(align);

    progress("delivery risk");
    let (t, (_own, p)) = measure(runs, || risk::delivery_risk(&model, &g));
    let max_diff = inits
        .iter()
        .zip(&core_report.initiatives)
        .map(|(&v, s)| (p[v as usize] - s.delivery_risk).abs())
        .fold(0.0, f64::max);
    checks.push(format!(
        "delivery risk of every initiative equals score()'s: {} (max |diff| {max_diff:.1e})",
        yes_no(max_diff == 0.0)
    ));
    let mean_p = p.iter().sum::<f64>() / p.len().max(1) as f64;
    table.row(
        "delivery risk",
        Some(&t),
        &format!("mean p over all nodes {mean_p:.3}"),
    );
    drop(p);

    progress("pagerank");
    let (t, needed_by) = measure(runs, || g.needs.all.transpose(&g.rank));
    table.row(
        "depends_on transpose",
        Some(&t),
        "needed by pagerank, betweenness and blast radius",
    );
    let (t, pr) = measure(runs, || pagerank(&g));
    let sum: f64 = pr.rank.iter().sum();
    let rank_diff = core_report
        .centrality
        .pagerank
        .iter()
        .map(|(id, &r)| {
            let v = find_by_id(&model, &g, id);
            (pr.rank[v as usize] - r).abs()
        })
        .fold(0.0, f64::max);
    checks.push(format!(
        "PageRank equals score()'s: {} ({} iterations both: {}, max |diff| {rank_diff:.1e}); sums to 1: {} ({sum:.15})",
        yes_no(rank_diff == 0.0),
        pr.iterations,
        yes_no(pr.iterations == core_report.centrality.iterations),
        yes_no((sum - 1.0).abs() < 1e-9)
    ));
    table.row(
        "PageRank",
        Some(&t),
        &format!(
            "exact solve in topological order; {} Jacobi round(s) in the largest cycle, converged {}, damping 0.85",
            pr.iterations,
            yes_no(pr.converged)
        ),
    );
    drop(pr);

    progress("single points of failure");
    let (t, spofs) = measure(runs, || spof_all(&model, &g, &goals));
    let distinct: BTreeSet<u32> = spofs.iter().flatten().copied().collect();
    table.row(
        "single points of failure",
        Some(&t),
        &format!(
            "{} goals; {} distinct SPOFs, {} (goal, SPOF) pairs",
            goals.len(),
            distinct.len(),
            spofs.iter().map(Vec::len).sum::<usize>()
        ),
    );

    if n <= BETWEENNESS_MAX_NODES {
        progress("betweenness");
        let (t, bc) = measure(runs, || {
            centrality::betweenness(&g.needs.all, &needed_by, &g.by_rank)
        });
        let max = bc.iter().copied().fold(0.0, f64::max);
        table.row(
            "betweenness",
            Some(&t),
            &format!("over depends_on; max {max:.1}"),
        );
    } else {
        table.row("betweenness", None, "skipped (O(n*m))");
    }
    drop(needed_by);
    drop(g);

    progress("core score");
    let alignment_index = core_report.kpis.alignment_index;
    drop(core_report);
    let (drop_ms, ()) = once(|| drop(core_scores));
    let (core, core_scores) = measure(runs, || analysis::compute(&model, &core_opts));
    table.row(
        "**core score**",
        Some(&core),
        &format!(
            "compute(): graph build, alignment, conflict, coverage, delivery risk, cycles, PageRank (no SPOF, blast radius, betweenness); first run {} ms; dropping the scores {} ms; alignment index {alignment_index:.4}",
            ms(core_once_ms),
            ms(drop_ms),
        ),
    );
    let (t, core_report) = measure(runs, || {
        analysis::report::build(&model, &core_scores, &core_opts)
    });
    table.row(
        "report assembly",
        Some(&t),
        "report::build from the core scores (ids as strings, maps by id) for the JSON output",
    );
    drop(core_report);
    drop(core_scores);

    progress("full report");
    let (t, full) = measure(runs, || analysis::score(&model, &full_opts));
    checks.push(format!(
        "full report SPOF count equals the bench's: {} ({} vs {})",
        yes_no(full.kpis.single_points_of_failure == distinct.len()),
        full.kpis.single_points_of_failure,
        distinct.len()
    ));
    table.row(
        "full report",
        Some(&t),
        &format!(
            "score(Options::default()); betweenness {}, blast radius {} ({} listed)",
            if full.centrality.betweenness.is_some() {
                "computed"
            } else {
                "skipped by limit"
            },
            full.structure.blast_radius_scope,
            full.structure.blast_radius.len()
        ),
    );
    drop(full);
    let peak_end = proc_status_mb("VmHWM");
    let load_end = load_average();

    let mut out = String::new();
    let _ = writeln!(
        out,
        "## {} nodes\n\n{nodes} nodes, {edges} edges; R = {runs} runs after 1 warm-up.\n",
        label(n)
    );
    out.push_str(&table.render());
    let _ = writeln!(
        out,
        "\nSystem load average (1 min) at start / end of this size: {load_start} / {load_end}."
    );
    let _ = writeln!(out, "\nMemory (this process):\n");
    let _ = writeln!(out, "- RSS at start: {}", mem(base_rss));
    let _ = writeln!(
        out,
        "- RSS right after generation (the model): {}",
        mem(rss_after_gen)
    );
    let _ = writeln!(
        out,
        "- **peak RSS (generate + core score): {}**",
        mem(peak_core)
    );
    let _ = writeln!(
        out,
        "- RSS after core score (report held): {}",
        mem(rss_after_core)
    );
    let _ = writeln!(
        out,
        "- peak RSS of the whole benchmark (JSON text, extra models): {}",
        mem(peak_end)
    );
    let _ = writeln!(out, "\nChecks:\n");
    for c in &checks {
        let _ = writeln!(out, "- {c}");
    }
    out.push('\n');
    let summary = match n {
        100_000 => format!(
            "100k nodes / 500k edges core score: {} ms (target < 100 ms){}",
            ms(core.median),
            verdict(core.median < 100.0)
        ),
        1_000_000 => {
            let peak = peak_core.unwrap_or(f64::NAN);
            format!(
                "1M nodes / 5M edges core score: {} ms (target < 1500 ms), peak RSS {peak:.0} MB (target < 600 MB){}",
                ms(core.median),
                verdict(core.median < 1500.0 && peak < 600.0)
            )
        }
        _ => format!(
            "{} nodes / {} edges core score: {} ms, peak RSS {}",
            label(nodes),
            label(edges),
            ms(core.median),
            mem(peak_core)
        ),
    };
    let _ = writeln!(out, "{SUMMARY_TAG}{summary}");
    out
}

/// Goals in rank order (as `score` has them) and each goal's normalised weight, taken from a
/// report of the same model (0 for sub-goals).
fn goals_and_weights(model: &Model, g: &Graph, report: &Report) -> (Vec<u32>, Vec<f64>) {
    let goals: Vec<u32> = g
        .by_rank
        .iter()
        .copied()
        .filter(|&v| g.kind[v as usize] == NodeKind::Goal)
        .collect();
    let mut weight = vec![0f64; g.n];
    for s in &report.goals {
        weight[find_by_id(model, g, &s.id) as usize] = s.weight;
    }
    (goals, weight)
}

/// Alignment and conflict of every node: one blocked sweep per 8 goals, accumulated as
/// `compute` does.
fn alignment_sweeps(g: &Graph, goals: &[u32], weight: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let n = g.n;
    let mut align = vec![0f64; n];
    let mut conflict = vec![0f64; n];
    let has_conflicts = g.conflicts.edge_count() > 0;
    let mut lanes = vec![[0f64; alignment::BLOCK]; n];
    let mut clanes = vec![[0f64; alignment::BLOCK]; if has_conflicts { n } else { 0 }];
    for chunk in goals.chunks(alignment::BLOCK) {
        alignment::sweep(
            g,
            chunk,
            &mut lanes,
            has_conflicts.then_some(&mut clanes[..]),
            None,
        );
        for v in 0..n {
            for (j, &goal) in chunk.iter().enumerate() {
                let w = weight[goal as usize];
                if w > 0.0 {
                    align[v] += w * lanes[v][j];
                    if has_conflicts {
                        conflict[v] += w * clanes[v][j];
                    }
                }
            }
        }
    }
    (align, conflict)
}

fn pagerank(g: &Graph) -> centrality::PageRank {
    centrality::pagerank_in_order(
        &g.needs.all,
        &g.needs.order,
        &g.needs.component,
        &g.by_rank,
        0.85,
        1e-12,
        10_000,
    )
}

/// Single points of failure of every goal; sources are active initiatives and applications.
fn spof_all(model: &Model, g: &Graph, goals: &[u32]) -> Vec<Vec<u32>> {
    let is_source = |v: u32| {
        let node = &model.nodes[v as usize];
        node.is_active_initiative() || node.kind == NodeKind::Application
    };
    let mut scratch = structure::DomScratch::default();
    goals
        .iter()
        .map(|&goal| structure::single_points_of_failure(g, goal, &is_source, &mut scratch))
        .collect()
}

/// A node's index by binary search over the canonical (id-sorted) order.
fn find_by_id(model: &Model, g: &Graph, id: &str) -> u32 {
    let r = g
        .by_rank
        .binary_search_by(|&v| model.nodes[v as usize].id.as_str().cmp(id))
        .expect("report id is a model id");
    g.by_rank[r]
}

/// A `/proc/self/status` field (kB) in MB, on Linux.
fn proc_status_mb(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status
        .lines()
        .find(|l| l.starts_with(field) && l[field.len()..].starts_with(':'))?;
    let kb: f64 = line[field.len() + 1..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

/// The 1-minute load average, to judge how noisy the timings are.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "n/a".into())
}

fn mem(mb: Option<f64>) -> String {
    mb.map_or("n/a (no /proc/self/status)".into(), |x| {
        format!("{x:.0} MB")
    })
}

fn ms(x: f64) -> String {
    if x < 10.0 {
        format!("{x:.3}")
    } else if x < 1000.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.0}")
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "NO" }
}

fn verdict(met: bool) -> &'static str {
    if met { " — met" } else { " — MISSED" }
}

/// 1000 -> "1k", 500000 -> "500k", 5000000 -> "5M"; other numbers as they are.
fn label(x: usize) -> String {
    if x >= 1_000_000 && x % 1_000_000 == 0 {
        format!("{}M", x / 1_000_000)
    } else if x >= 1_000 && x % 1_000 == 0 {
        format!("{}k", x / 1_000)
    } else {
        x.to_string()
    }
}

/// "100000", "100_000", "100k", "1M".
fn parse_size(s: &str) -> Option<usize> {
    let s = s.trim().replace('_', "");
    let (digits, mult) = match s.chars().last()? {
        'k' | 'K' => (&s[..s.len() - 1], 1_000),
        'm' | 'M' => (&s[..s.len() - 1], 1_000_000),
        _ => (&s[..], 1),
    };
    digits.parse::<usize>().ok().map(|x| x * mult)
}
