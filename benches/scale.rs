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

#[path = "common/mod.rs"]
mod common;

use aligngraph::analysis::{self, Options, alignment, centrality, risk, structure};
use aligngraph::generate;
use aligngraph::graph::Graph;
use aligngraph::model::{self, Model, NodeKind};
use common::{Timing, measure, proc_status_mb};
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
        if args.iter().any(|a| a == "--untidy") {
            print!("{}", run_untidy(n, runs_for(n)));
        } else {
            print!("{}", run_size(n, runs_for(n)));
        }
    } else if args.iter().any(|a| a == "--bench") {
        run_all();
    } else {
        // Not under `cargo bench`: a smoke run so that `cargo test --benches` stays quick. A
        // check that does not hold fails it.
        let out = run_size(1_000, 1);
        print!("{}", out.replace(SUMMARY_TAG, ""));
        let failed: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with("- ") && l.contains(": NO"))
            .collect();
        if !failed.is_empty() {
            eprintln!("scale: checks that do not hold:\n{}", failed.join("\n"));
            std::process::exit(1);
        }
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
    // Each size in its own process (so that its peak memory is its own), then the sizes from
    // 100k up again as untidy models (negative contributions and cycles).
    let jobs = sizes
        .iter()
        .map(|&n| (n, false))
        .chain(sizes.iter().filter(|&&n| n >= 100_000).map(|&n| (n, true)));
    for (n, untidy) in jobs {
        let what = format!("{} nodes{}", label(n), if untidy { ", untidy" } else { "" });
        eprintln!("[scale] running {what} in a child process");
        let mut cmd = Command::new(&exe);
        cmd.args(["--size", &n.to_string()]);
        if untidy {
            cmd.arg("--untidy");
        }
        let section = match cmd.stderr(Stdio::inherit()).output() {
            Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
            Ok(o) => format!(
                "## {what}\n\nchild process failed ({}); partial output:\n\n```\n{}```\n\n",
                o.status,
                String::from_utf8_lossy(&o.stdout)
            ),
            Err(e) => format!("## {what}\n\ncould not start child process: {e}\n\n"),
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

    // Memory first: generate and score once (score() is compute() then report::build(), done
    // here in two steps to see both), then read the high-water mark, before any other phase
    // allocates (JSON text, extra models and graphs).
    progress("generate + core score (memory)");
    let load_start = load_average();
    let base_rss = proc_status_mb("VmRSS");
    let (gen_once_ms, model) = once(|| generate::layered(n, EDGES_PER_NODE, SEED));
    let rss_after_gen = proc_status_mb("VmRSS");
    let (compute_once_ms, first) = once(|| analysis::compute(&model, &core_opts));
    let peak_compute = proc_status_mb("VmHWM");
    let (report_once_ms, core_report) = once(|| analysis::report::build(&model, first, &core_opts));
    let peak_core = proc_status_mb("VmHWM");
    let rss_after_core = proc_status_mb("VmRSS");
    let alignment_index = core_report.kpis.alignment_index;
    let reference = core_report.scores().clone();
    drop(core_report);
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
    let load_mb_s = mb / (t.median / 1e3);
    checks.push(format!(
        "load throughput: {load_mb_s:.0} MB/s median, {:.0} MB/s best ({mb:.1} MB){}",
        mb / (t.min / 1e3),
        if n >= 100_000 {
            format!(" (target >= 300 MB/s){}", verdict(load_mb_s >= 300.0))
        } else {
            String::new()
        }
    ));
    table.row(
        "load (JSON parse)",
        Some(&t),
        &format!(
            "{mb:.1} MB pretty JSON, {load_mb_s:.0} MB/s (median); to_json once {} ms",
            ms(to_json_ms)
        ),
    );

    progress("graph");
    let (t, g) = measure(runs, || Graph::build(&model));
    table.row(
        "graph (Graph::build)",
        Some(&t),
        &format!(
            "serves {} edges, needs {} edges, conflicts {}; cycles {} / {}; reverse adjacency not included (built lazily)",
            g.serves.all.edge_count(),
            g.needs.all.edge_count(),
            g.conflicts.edge_count(),
            g.serves.cycles.len(),
            g.needs.cycles.len()
        ),
    );

    progress("alignment");
    let goals = &reference.goals;
    // Each node's weight as a top-level goal (`Scores::weight` holds one per goal).
    let weights = reference.weights();
    let (t, (align, _conflict)) = measure(runs, || alignment_sweeps(&g, goals, &weights));
    let max_diff = max_abs_diff(&align, &reference.alignment);
    checks.push(format!(
        "alignment of every node equals compute()'s: {} (max |diff| {max_diff:.1e})",
        yes_no(max_diff == 0.0)
    ));
    table.row(
        "alignment + conflict sweeps",
        Some(&t),
        &format!(
            "{} goals, {} per sweep, x {} nodes; conflict pass {}",
            goals.len(),
            alignment::BLOCK,
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
    let max_diff = max_abs_diff(&p, &reference.delivery_risk);
    checks.push(format!(
        "delivery risk of every node equals compute()'s: {} (max |diff| {max_diff:.1e})",
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
    let (t, _) = measure(runs, || {
        (
            g.serves.dag().transpose(&g.rank),
            g.needs.all.transpose(&g.rank),
        )
    });
    table.row(
        "reverse adjacency",
        Some(&t),
        "served_by + needed_by, built lazily on first use (SPOF, betweenness, blast radius)",
    );
    let (t, pr) = measure(runs, || pagerank(&g));
    let sum: f64 = pr.rank.iter().sum();
    let rank_diff = max_abs_diff(&pr.rank, &reference.pagerank().rank);
    checks.push(format!(
        "PageRank equals compute()'s: {} (max |diff| {rank_diff:.1e}); sums to 1: {} ({sum:.15})",
        yes_no(rank_diff == 0.0),
        yes_no((sum - 1.0).abs() < 1e-9)
    ));
    let (power_ms, (power, power_iters)) = once(|| power_iteration(&g));
    let rel = pr
        .rank
        .iter()
        .zip(&power)
        .map(|(a, b)| ((a - b) / b).abs())
        .fold(0.0, f64::max);
    checks.push(format!(
        "PageRank agrees with plain power iteration (L1 change < 1e-13, {power_iters} iterations, {} ms): {} (max relative diff {rel:.1e})",
        ms(power_ms),
        yes_no(rel < 1e-9)
    ));
    drop(power);
    table.row(
        "PageRank",
        Some(&t),
        &format!(
            "exact solve in topological order ({} Jacobi round(s) in the largest cycle, converged {}); power iteration would take {} ms",
            pr.iterations,
            yes_no(pr.converged),
            ms(power_ms)
        ),
    );
    drop(pr);

    progress("single points of failure");
    let (t, spofs) = measure(runs, || spof_all(&model, &g, goals));
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
            centrality::betweenness(&g.needs.all, g.needed_by(), &g.by_rank)
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
    drop(g);

    progress("core score");
    let (t, scores) = measure(runs, || analysis::compute(&model, &core_opts));
    table.row(
        "compute() (flat scores)",
        Some(&t),
        &format!(
            "graph, alignment, conflict, coverage, delivery risk, cycles, PageRank; first run {} ms",
            ms(compute_once_ms)
        ),
    );
    // report::build takes the scores; hand each run a copy made outside the timed region.
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let copy = scores.clone();
        let (t, r) = once(|| analysis::report::build(&model, copy, &core_opts));
        times.push(t);
        drop(r);
    }
    times.sort_by(f64::total_cmp);
    let t = Timing {
        median: times[times.len() / 2],
        min: times[0],
    };
    table.row(
        "report::build (core)",
        Some(&t),
        &format!(
            "KPIs, goals and structure from those scores; per-node sections are views written straight from the arrays; first run {} ms",
            ms(report_once_ms)
        ),
    );
    let (drop_ms, ()) = once(|| drop(scores));
    let (core, core_report) = measure(runs, || analysis::score(&model, &core_opts));
    let (json_t, bytes) = measure(runs, || {
        let mut out = Counter(0);
        serde_json::to_writer(&mut out, &core_report).expect("report serialises");
        out.0
    });
    let (drop_report_ms, ()) = once(|| drop(core_report));
    table.row(
        "**core score**",
        Some(&core),
        &format!(
            "score() = compute() + report::build, without SPOF, blast radius, betweenness; dropping scores / report {} / {} ms; alignment index {alignment_index:.4}",
            ms(drop_ms),
            ms(drop_report_ms),
        ),
    );
    table.row(
        "JSON output of that report",
        Some(&json_t),
        &format!(
            "serde_json::to_writer, compact, streamed (not held): {:.1} MB",
            bytes as f64 / 1e6
        ),
    );

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
            if full.centrality().betweenness.is_some() {
                "computed"
            } else {
                "skipped by limit"
            },
            full.structure.blast_radius_scope,
            full.structure.blast_radius.len()
        ),
    );
    drop(full);

    progress("what-if toggle");
    what_if_toggle(&model, &mut table, &mut checks);

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
    for (what, mb) in [
        ("RSS right after generation (the model)", rss_after_gen),
        ("peak RSS after generate + compute()", peak_compute),
        ("**peak RSS (generate + core score)", peak_core),
        (
            "RSS after core score (scores and report held)",
            rss_after_core,
        ),
    ] {
        let bold = if what.starts_with("**") { "**" } else { "" };
        let _ = writeln!(out, "- {what}: {}{bold}", mem(mb));
    }
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

/// Alignment and conflict of every node: one blocked sweep per [`alignment::BLOCK`] goals,
/// accumulated as `compute` does (`weight` is each node's normalised top-level goal weight).
fn alignment_sweeps(g: &Graph, goals: &[u32], weight: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let n = g.n;
    let mut align = vec![0f64; n];
    let mut conflict = vec![0f64; n];
    let has_conflicts = g.conflicts.edge_count() > 0;
    let mut lanes = vec![alignment::Lane::ZERO; n];
    let mut clanes = vec![alignment::Lane::ZERO; if has_conflicts { n } else { 0 }];
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
    centrality::dependency_pagerank(g, 0.85)
}

/// Reference PageRank over depends_on by plain power iteration, damping 0.85, dangling rank
/// spread uniformly, until the L1 change is below 1e-13 (at most 1,000 iterations).
fn power_iteration(g: &Graph) -> (Vec<f64>, usize) {
    let out = &g.needs.all;
    let n = g.n;
    let (d, nf) = (0.85, n as f64);
    let dangling: Vec<usize> = (0..n).filter(|&v| out.degree(v as u32) == 0).collect();
    let mut rank = vec![1.0 / nf; n];
    let mut next = vec![0f64; n];
    let mut iterations = 0;
    while iterations < 1_000 {
        iterations += 1;
        let lost: f64 = dangling.iter().map(|&v| rank[v]).sum();
        next.fill((1.0 - d) / nf + d * lost / nf);
        for (v, &r) in rank.iter().enumerate() {
            let ts = out.targets(v as u32);
            if !ts.is_empty() {
                let share = d * r / ts.len() as f64;
                for &t in ts {
                    next[t as usize] += share;
                }
            }
        }
        let delta: f64 = rank.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut rank, &mut next);
        if delta < 1e-13 {
            break;
        }
    }
    (rank, iterations)
}

/// Single points of failure of every goal; sources are active initiatives and applications.
fn spof_all(model: &Model, g: &Graph, goals: &[u32]) -> Vec<Vec<u32>> {
    let is_source: Vec<bool> = model
        .nodes
        .iter()
        .map(|x| x.is_active_initiative() || x.kind == NodeKind::Application)
        .collect();
    let dom = structure::single_points_of_failure(g, &is_source);
    goals.iter().map(|&goal| dom.of(goal)).collect()
}

fn max_abs_diff(a: &[f64], b: &[f64]) -> f64 {
    if a.len() != b.len() {
        return f64::INFINITY;
    }
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
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

/// A writer that only counts bytes.
struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The untidy variant of one size (`generate::layered_untidy`: about 2% negative contributions,
/// dependency and alignment cycles): core score time and peak memory.
fn run_untidy(n: usize, runs: usize) -> String {
    let core_opts = Options {
        single_points_of_failure: false,
        blast_radius_limit: 0,
        betweenness_limit: 0.0,
        ..Options::default()
    };
    let model = generate::layered_untidy(n, EDGES_PER_NODE, SEED);
    let (first_ms, report) = once(|| analysis::score(&model, &core_opts));
    let peak = proc_status_mb("VmHWM");
    let (cycles, dep_cycles, conflicting) = (
        report.kpis.cycles,
        report.kpis.dependency_cycles,
        report.kpis.conflicting_initiatives.len(),
    );
    let rounds = report.centrality().iterations;
    drop(report);
    let (compute_t, scores) = measure(runs, || analysis::compute(&model, &core_opts));
    drop(scores);
    let (core, report) = measure(runs, || analysis::score(&model, &core_opts));
    drop(report);
    let mut table = Table::default();
    table.row(
        "compute() (flat scores)",
        Some(&compute_t),
        "with the conflict pass (a second 8-goal lane per node) and cycle-cut layers",
    );
    table.row(
        "**core score**",
        Some(&core),
        &format!(
            "score(), as for the tidy model; first run {} ms",
            ms(first_ms)
        ),
    );
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## {} nodes, untidy\n\n{} nodes, {} edges: {} negative contributions, {cycles} alignment \
         cycles, {dep_cycles} dependency cycles (PageRank: at most {rounds} Jacobi rounds), \
         {conflicting} conflicting initiatives; R = {runs} runs after 1 warm-up.\n",
        label(n),
        model.nodes.len(),
        model.edges.len(),
        model.edges.iter().filter(|e| e.weight() < 0.0).count(),
    );
    out.push_str(&table.render());
    let _ = writeln!(
        out,
        "\n- **peak RSS (generate + core score): {}**\n",
        mem(peak)
    );
    let _ = writeln!(
        out,
        "{SUMMARY_TAG}{} nodes untidy (negative contributions, cycles) core score: {} ms, peak RSS {} (no target; for comparison)",
        label(n),
        ms(core.median),
        mem(peak)
    );
    out
}

/// The what-if toggle as the page does it: switch an initiative off (or on) in a scored
/// workspace, then read the KPIs (the scores are updated in place, then the report built).
/// 32 initiatives spread over the portfolio, each switched and switched back, plus the first
/// initiative (the root of the largest tree of depends_on among initiatives).
fn what_if_toggle(model: &Model, table: &mut Table, checks: &mut Vec<String>) {
    use aligngraph::workspace::Workspace;
    let mut ws = Workspace::from_model(model.clone(), Vec::new());
    let (first_ms, _) = once(|| ws.score(|r| r.kpis.alignment_index));
    let ids: Vec<String> = model
        .nodes
        .iter()
        .filter(|x| x.kind == NodeKind::Initiative)
        .map(|x| x.id.to_string())
        .collect();
    let step = (ids.len() / 32).max(1);
    let picks: Vec<&str> = ids
        .iter()
        .skip(step / 2)
        .step_by(step)
        .map(String::as_str)
        .collect();
    // One toggle first: the reverse adjacency and position arrays are built on first use.
    let (warm_ms, ()) = once(|| {
        let on = ws.is_active(picks[0]).unwrap();
        ws.set_active(picks[0], !on).unwrap();
        ws.set_active(picks[0], on).unwrap();
    });
    let mut set = Vec::new();
    let mut both = Vec::new();
    let toggle = |ws: &mut Workspace, id: &str| {
        let on = ws.is_active(id).unwrap();
        let (a, ()) = once(|| ws.set_active(id, !on).unwrap());
        let (b, _) = once(|| ws.score(|r| r.kpis.alignment_index));
        (a, a + b)
    };
    for _ in 0..2 {
        for &id in &picks {
            let (a, b) = toggle(&mut ws, id);
            set.push(a);
            both.push(b);
        }
    }
    let timing = |xs: &mut Vec<f64>| {
        xs.sort_by(f64::total_cmp);
        Timing {
            median: xs[xs.len() / 2],
            min: xs[0],
        }
    };
    let max = |xs: &[f64]| xs.iter().copied().fold(0.0, f64::max);
    let (set_max, both_max) = (max(&set), max(&both));
    table.row(
        "what-if toggle: set_active",
        Some(&timing(&mut set)),
        &format!(
            "{} switches of {} initiatives (off and back on); max {} ms; the first switch {} ms (builds reverse adjacency); full first score {} ms",
            set.len(),
            picks.len(),
            ms(set_max),
            ms(warm_ms),
            ms(first_ms)
        ),
    );
    table.row(
        "**what-if toggle: set_active + KPIs**",
        Some(&timing(&mut both)),
        &format!("set_active, then score(|r| r.kpis): the report built from the updated scores; max {} ms", ms(both_max)),
    );
    let root = ids[0].as_str();
    let (a, b) = toggle(&mut ws, root);
    table.row(
        "what-if toggle: the first initiative",
        Some(&Timing { median: b, min: b }),
        &format!(
            "\"{root}\": the most initiatives depend on it; set_active {} ms of it",
            ms(a)
        ),
    );
    // The updated scores equal a full rescore of the model with the toggles written in.
    let kpis = ws.score(|r| serde_json::to_string(&r.kpis).unwrap());
    let applied = ws.scored_model().clone();
    let full = analysis::score(&applied, &ws.options);
    let same = serde_json::to_string(&full.kpis).unwrap() == kpis;
    checks.push(format!(
        "after {} switches the KPIs equal a full rescore of the toggled model: {}",
        set.len() + 1,
        yes_no(same)
    ));
}
