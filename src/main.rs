//! The `aligngraph` command line: a thin face over the library. It reads files, prints JSON on
//! stdout and diagnostics on stderr, and exits non-zero on error.

use aligngraph::analysis::{self, Options};
use aligngraph::decide::{optimize, priority};
use aligngraph::diagnostics::{Diagnostic, has_errors};
use aligngraph::formats::export::{self, ExportFormat};
use aligngraph::formats::import::{self, Format, InputFile};
use aligngraph::formats::limits::Limits;
use aligngraph::formats::mapping::{ImportSummary, Mapping};
use aligngraph::formats::{fallback, html, text};
use aligngraph::{Model, decide, demo, generate, lens, model};
use clap::{Parser, Subcommand};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Scores how an IT portfolio serves business strategy: alignment, coverage, risk.
#[derive(Parser)]
#[command(name = "aligngraph", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Score a model: the full JSON report (alignment, coverage, risk, structure, KPIs).
    Score {
        /// Model file (JSON, format version 1), or - for stdin.
        #[arg(required_unless_present = "demo")]
        model: Option<PathBuf>,
        /// Score the built-in demo model instead of a file.
        #[arg(long, conflicts_with = "model")]
        demo: bool,
        /// Add the top paths, risk factors and blast radius of one node.
        #[arg(long, value_name = "ID")]
        explain: Option<String>,
        /// Number of explaining paths (1 to 1,000).
        #[arg(long, default_value_t = 10, value_parser = whole(1, 1_000))]
        paths: usize,
        /// PageRank damping factor.
        #[arg(long, default_value_t = 0.85)]
        damping: f64,
        /// Print compact JSON (one line).
        #[arg(long)]
        compact: bool,
        /// Print the scores of every node as CSV instead of the JSON report.
        #[arg(long, conflicts_with_all = ["explain", "compact"])]
        csv: bool,
    },
    /// Why numbers are zero: for every goal no active initiative reaches and every active
    /// initiative that reaches no goal, the nearest route, what on it carries no score, and the
    /// one change that would connect them (JSON).
    Gaps {
        /// Model file (any import format), or - for stdin.
        #[arg(required_unless_present = "demo")]
        model: Option<PathBuf>,
        /// Explain the built-in demo model instead of a file.
        #[arg(long, conflicts_with = "model")]
        demo: bool,
        /// Print compact JSON (one line).
        #[arg(long)]
        compact: bool,
    },
    /// Compare an earlier model with the current one (JSON): every KPI with its status against
    /// the targets, every goal and initiative added, removed or changed, the changes between the
    /// files and what each does to the KPIs and goal coverage.
    Diff {
        /// The earlier model (any import format), or - for stdin.
        old: PathBuf,
        /// The current model (any import format), or - for stdin.
        new: PathBuf,
        /// Print compact JSON (one line).
        #[arg(long)]
        compact: bool,
    },
    /// Check a model and print its diagnostics as JSON.
    Validate {
        /// Model file, or - for stdin.
        model: PathBuf,
    },
    /// PageRank and betweenness over depends_on.
    Centrality {
        /// Model file, or - for stdin.
        model: PathBuf,
        /// Damping factor in (0, 1).
        #[arg(long, default_value_t = 0.85)]
        damping: f64,
    },
    /// Goal weights by AHP: the principal eigenvector of a pairwise comparison matrix, lambda_max,
    /// CI and CR (Saaty's classic random index), and the most inconsistent judgement.
    Ahp {
        /// JSON file {"matrix": [[...]], "labels": [...]}, or - for stdin.
        input: PathBuf,
    },
    /// Compare a scenario saved in the model with the baseline: KPIs, goal coverage and node
    /// scores side by side, and the reasons in words.
    Scenario {
        /// Model file (any import format), or - for stdin.
        model: PathBuf,
        /// The scenario's name.
        #[arg(long)]
        name: String,
    },
    /// Write the built-in demo model.
    Demo {
        /// Output file (default stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Import a model in any format (ArchiMate exchange XML, Archi .archimate, Archi CSV,
    /// nodes.csv/edges.csv, an Excel .xlsx workbook with nodes and edges sheets, JSON) and
    /// write it as an aligngraph JSON model.
    Import {
        /// The file, or a folder holding a CSV set.
        input: PathBuf,
        /// A JSON mapping file overriding the default ArchiMate mapping.
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Preferred language of names (xml:lang).
        #[arg(long)]
        lang: Option<String>,
        /// Output file (default stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Export a model (any import format) with its scores: exchange XML, CSV, GraphML or JSON.
    Export {
        /// The model, in any import format.
        model: PathBuf,
        /// Output format: exchange (ArchiMate exchange XML with scores as properties), csv
        /// (nodes.csv, edges.csv, scores.csv in a folder), graphml, json.
        #[arg(long, value_parser = parse_export_format)]
        to: ExportFormat,
        /// Output file (a folder for csv; default stdout for the others).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// A JSON mapping file for an ArchiMate input.
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Preferred language of names (xml:lang).
        #[arg(long)]
        lang: Option<String>,
    },
    /// Write the single-file dashboard with a model embedded, the page's settings and a static
    /// picture for readers whose browser runs no scripts, for publishing.
    Bundle {
        /// Model file to embed (checked first; a model with errors is refused).
        model: PathBuf,
        /// The single-file dashboard to embed it in (built by `make page`). Default: the
        /// file named by $ALIGNGRAPH_TEMPLATE, else aligngraph.html next to the program, in
        /// ../share/aligngraph/ from it, or the repository's dist/ (for a program built there).
        #[arg(long)]
        template: Option<PathBuf>,
        /// The view the page opens on: overview, graph, matrix, portfolio, capabilities,
        /// applications, money, operations, people, threats, whatif, weights, priorities, budget,
        /// roadmap, simulation, scenarios, diagnostics.
        #[arg(long, value_name = "VIEW")]
        view: Option<String>,
        /// The node selected when the page opens (an id of the model).
        #[arg(long, value_name = "ID")]
        focus: Option<String>,
        /// Open the page read-only (no editing).
        #[arg(long)]
        readonly: bool,
        /// The dashboard's title (also the document title and the fallback's heading).
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
        /// Origins allowed to embed the page, comma-separated, each scheme://host[:port]
        /// (e.g. https://intranet.example.com,https://contoso.sharepoint.com).
        #[arg(long, value_name = "ORIGINS")]
        origins: Option<String>,
        /// Output file.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Print the static fallback of a model (the picture the single file shows where scripts
    /// cannot run), in its `<noscript>` between its comment markers.
    Fallback {
        /// Model file (any import format), or - for stdin.
        model: PathBuf,
        /// The heading (default: the model's name).
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
    },
    /// Money: NPV, IRR, MIRR, payback and discounted payback of every initiative with
    /// `cashflows`, and the portfolio's NPV (JSON; docs/lenses.md).
    Finance {
        /// Model file (any import format), or - for stdin.
        #[arg(required_unless_present = "demo")]
        model: Option<PathBuf>,
        /// Use the built-in demo model instead of a file.
        #[arg(long, conflicts_with = "model")]
        demo: bool,
        /// Discount rate per period (overrides the model's `discount_rate`).
        #[arg(long, allow_negative_numbers = true, value_name = "R")]
        rate: Option<f64>,
        /// Reinvestment rate for MIRR (overrides the model's `reinvest_rate`).
        #[arg(long, allow_negative_numbers = true, value_name = "R")]
        reinvest: Option<f64>,
    },
    /// Run and change spend per node, what is unallocated, and spend against the strategy's
    /// goal weights with the misallocation index (JSON; docs/lenses.md).
    Costs {
        /// Model file (any import format), or - for stdin.
        #[arg(required_unless_present = "demo")]
        model: Option<PathBuf>,
        /// Use the built-in demo model instead of a file.
        #[arg(long, conflicts_with = "model")]
        demo: bool,
    },
    /// The application portfolio: TIME from functional and technical fit, the declared
    /// lifecycle where it disagrees, completeness, and lifecycle risk (JSON; docs/lenses.md).
    Applications {
        /// Model file (any import format), or - for stdin.
        #[arg(required_unless_present = "demo")]
        model: Option<PathBuf>,
        /// Use the built-in demo model instead of a file.
        #[arg(long, conflicts_with = "model")]
        demo: bool,
        /// "Today" for lifecycle risk, YYYY-MM-DD (overrides the model's `as_of`).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// The capability map: per capability coverage, maturity gap, applications, run and change
    /// spend, lifecycle risk and TIME mix (JSON; docs/lenses.md).
    Capabilities {
        /// Model file (any import format), or - for stdin.
        #[arg(required_unless_present = "demo")]
        model: Option<PathBuf>,
        /// Use the built-in demo model instead of a file.
        #[arg(long, conflicts_with = "model")]
        demo: bool,
        /// "Today" for lifecycle risk, YYYY-MM-DD (overrides the model's `as_of`).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Service availability and security exposure: own and end-to-end availability along
    /// depends_on, SLA breaches, RTO and RPO violations, SLE, ALE and control coverage (JSON;
    /// docs/lenses.md).
    Operations {
        /// Model file (any import format), or - for stdin.
        #[arg(required_unless_present = "demo")]
        model: Option<PathBuf>,
        /// Use the built-in demo model instead of a file.
        #[arg(long, conflicts_with = "model")]
        demo: bool,
    },
    /// People: per node people support its skill points, teachers, doers, novices and the
    /// urgency of spreading the knowledge; the key people and the truck factor (JSON;
    /// docs/lenses.md).
    People {
        /// Model file (any import format), or - for stdin.
        #[arg(required_unless_present = "demo")]
        model: Option<PathBuf>,
        /// Use the built-in demo model instead of a file.
        #[arg(long, conflicts_with = "model")]
        demo: bool,
    },
    /// Earned value: SPI, CPI, EAC, ETC and VAC of every initiative with budget, planned value,
    /// earned value or actual cost (JSON; docs/lenses.md).
    EarnedValue {
        /// Model file (any import format), or - for stdin.
        #[arg(required_unless_present = "demo")]
        model: Option<PathBuf>,
        /// Use the built-in demo model instead of a file.
        #[arg(long, conflicts_with = "model")]
        demo: bool,
    },
    /// Threats to goals: for each goal, the share of its reach that delivery risk, availability
    /// below SLA, security loss, missing controls, key people and obsolescence put at risk, with
    /// the paths that explain it (JSON; docs/lenses.md).
    Threats {
        /// Model file (any import format), or - for stdin.
        #[arg(required_unless_present = "demo")]
        model: Option<PathBuf>,
        /// Use the built-in demo model instead of a file.
        #[arg(long, conflicts_with = "model")]
        demo: bool,
        /// "Today" for lifecycle risk, YYYY-MM-DD (overrides the model's `as_of`).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Prioritise initiatives: WSJF of each, or (--weighted) the weighted score ranking of the
    /// active ones with the sensitivity of its top N to each weight.
    Wsjf {
        /// Model file, or - for stdin.
        model: PathBuf,
        /// Print the weighted score ranking instead of the WSJF map.
        #[arg(long)]
        weighted: bool,
        /// Criteria weights, e.g. alignment=0.4,benefit=0.3,risk=0.15,cost=0.15 (criteria not
        /// named weigh 0).
        #[arg(long, requires = "weighted", value_name = "NAME=W,...")]
        weights: Option<String>,
        /// Size of the top set whose sensitivity is reported (1 to 1,000).
        #[arg(long, requires = "weighted", default_value_t = 5, value_parser = whole(1, 1_000))]
        top: usize,
    },
    /// Choose the active initiatives of most value within a budget (dependencies, exclusions
    /// and mandatory initiatives respected), or the efficient frontier.
    #[command(group(clap::ArgGroup::new("mode").required(true).args(["budget", "frontier"])))]
    Optimize {
        /// Model file, or - for stdin.
        model: PathBuf,
        /// The budget.
        #[arg(long, allow_negative_numbers = true)]
        budget: Option<f64>,
        /// Print the efficient frontier instead.
        #[arg(long)]
        frontier: bool,
        /// Most points of the frontier before it falls back to evenly spaced budgets (2 to
        /// 10,000).
        #[arg(long, requires = "frontier", default_value_t = 200, value_parser = whole(2, optimize::MAX_POINTS))]
        points: usize,
        /// What an initiative's value is: benefit, alignment or npv (the net present value of its
        /// cashflows; default: benefit when every candidate has one).
        #[arg(long, value_parser = ["benefit", "alignment", "npv"])]
        value: Option<String>,
        #[command(flatten)]
        limit: TimeLimit,
    },
    /// Schedule the active initiatives: CPM/PERT times, critical path, finish probability.
    Schedule {
        /// Model file, or - for stdin.
        model: PathBuf,
        /// Deadline for the probability of finishing by it (model time unit).
        #[arg(long, allow_negative_numbers = true, value_parser = finite)]
        deadline: Option<f64>,
    },
    /// Monte Carlo simulation of durations, delivery failures, cost and delivered coverage.
    Simulate {
        /// Model file, or - for stdin.
        model: PathBuf,
        /// Number of runs (1 to 1,000,000).
        #[arg(long, default_value_t = 10_000, value_parser = whole(0, usize::MAX))]
        runs: usize,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Duration distribution: pert or triangular.
        #[arg(long, default_value = "pert")]
        distribution: String,
        /// Size of the top set for rank stability (1 to 1,000).
        #[arg(long, default_value_t = 5, value_parser = whole(1, 1_000))]
        top: usize,
        /// Deadline for the share of runs finishing by it.
        #[arg(long, allow_negative_numbers = true, value_parser = finite)]
        deadline: Option<f64>,
        #[command(flatten)]
        limit: TimeLimit,
    },
    /// Write a generated layered model (for trying scale).
    Generate {
        /// Number of nodes (1 to 5,000,000).
        #[arg(long, default_value_t = 1000, value_parser = whole(1, Limits::CLI.nodes))]
        nodes: usize,
        /// Out-edges per node (0 to 100; nodes x edges at most 25,000,000).
        #[arg(long, default_value_t = 5, value_parser = whole(0, 100))]
        edges_per_node: usize,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output file (default stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

/// How long a command may work before it returns the best answer found so far.
#[derive(clap::Args, Clone, Copy)]
struct TimeLimit {
    /// Stop after this many seconds and print the best answer found so far (with its proven
    /// gap for optimize, with the runs done for simulate); 0 for no limit.
    #[arg(long = "time-limit", value_name = "SECONDS", default_value_t = 60.0, value_parser = seconds, allow_negative_numbers = true)]
    seconds: f64,
}

/// The longest time limit (one day).
const MAX_SECONDS: f64 = 86_400.0;

/// A number of seconds from 0 (no limit) to one day.
fn seconds(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if (0.0..=MAX_SECONDS).contains(&x) => Ok(x),
        _ => Err(format!(
            "must be a number of seconds from 0 (no limit) to 86,400 (one day), got \"{s}\""
        )),
    }
}

/// A finite number.
fn finite(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(format!("must be a finite number, got \"{s}\"")),
    }
}

/// A count from `lo` to `hi`. Written as a whole number or in exponent form (`1e6`); a count
/// too large for this machine is taken as the largest one (and then refused by the range).
fn whole(lo: usize, hi: usize) -> impl Fn(&str) -> Result<usize, String> + Clone {
    move |s: &str| {
        let t = s.trim();
        let n = match t.parse::<usize>() {
            Ok(n) => Some(n),
            Err(_) => t
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x >= 0.0 && x.fract() == 0.0)
                .map(|x| {
                    if x >= usize::MAX as f64 {
                        usize::MAX
                    } else {
                        x as usize
                    }
                }),
        };
        let range = if hi == usize::MAX {
            format!("a whole number from {}", count(lo))
        } else {
            format!("a whole number from {} to {}", count(lo), count(hi))
        };
        match n {
            Some(n) if (lo..=hi).contains(&n) => Ok(n),
            _ => Err(format!("must be {range}, got \"{s}\"")),
        }
    }
}

use aligngraph::diagnostics::count;

/// The clock of one command: its time limit, and a progress line on stderr at most once a
/// second when stderr is a terminal. Only the command line reads the clock; the analytics
/// core asks it through [`decide::Stop`].
struct Clock {
    what: &'static str,
    start: std::time::Instant,
    limit: Option<std::time::Duration>,
    last_line: std::time::Instant,
    terminal: bool,
    printed: bool,
}

impl Clock {
    fn new(what: &'static str, limit: TimeLimit) -> Clock {
        use std::io::IsTerminal;
        let now = std::time::Instant::now();
        Clock {
            what,
            start: now,
            limit: (limit.seconds > 0.0).then(|| std::time::Duration::from_secs_f64(limit.seconds)),
            last_line: now,
            terminal: std::io::stderr().is_terminal(),
            printed: false,
        }
    }

    /// True once the time limit has passed; prints the progress line now and then.
    fn over(&mut self, progress: &dyn Fn() -> String) -> bool {
        let now = std::time::Instant::now();
        if self.terminal && now.duration_since(self.last_line).as_secs_f64() >= 1.0 {
            self.last_line = now;
            self.printed = true;
            let elapsed = now.duration_since(self.start).as_secs();
            let of = self
                .limit
                .map_or(String::new(), |l| format!(" of {} s", l.as_secs()));
            let _ = write!(
                std::io::stderr(),
                "\r{}: {} s{of}, {}   ",
                self.what,
                elapsed,
                progress()
            );
        }
        self.limit
            .is_some_and(|l| now.duration_since(self.start) >= l)
    }

    /// When a piece of work that is one of `pieces` left should end: an even share of the time
    /// left; `None` without a time limit.
    fn share(&self, pieces: usize) -> Option<std::time::Instant> {
        let limit = self.limit?;
        let now = std::time::Instant::now();
        let left = limit.saturating_sub(now.duration_since(self.start));
        Some(now + left / pieces.max(1) as u32)
    }

    /// Ends the progress line, if one was printed.
    fn done(&self) {
        if self.printed {
            let _ = writeln!(std::io::stderr());
        }
    }

    /// The time limit in seconds, for messages.
    fn limit_text(&self) -> String {
        self.limit
            .map_or("no limit".into(), |l| format!("{} s", l.as_secs_f64()))
    }
}

/// A command failure: what to print, and the exit code.
struct Failure {
    code: u8,
    lines: Vec<String>,
}

impl Failure {
    fn new(code: u8, line: String) -> Failure {
        Failure {
            code,
            lines: vec![line],
        }
    }
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let _ = writeln!(
            std::io::stderr(),
            "aligngraph: internal error ({msg}); this is a bug, please report it with the input"
        );
    }));
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            let mut err = std::io::stderr().lock();
            for l in f.lines {
                let _ = writeln!(err, "{l}");
            }
            ExitCode::from(f.code)
        }
    }
}

/// The model of a command that takes a file or `--demo`: the model, its diagnostics and its label.
fn model_or_demo(
    model: Option<PathBuf>,
    demo: bool,
) -> Result<(Model, Vec<Diagnostic>, String), Failure> {
    if demo {
        let (m, d) = model::load_json(demo::DEMO_JSON);
        return Ok((m, d, "demo".to_string()));
    }
    load(&model.expect("clap requires a model unless --demo"))
}

fn run(cmd: Command) -> Result<(), Failure> {
    match cmd {
        Command::Score {
            model,
            demo,
            explain,
            paths,
            damping,
            compact,
            csv,
        } => {
            check_damping(damping)?;
            let (m, loaded, label) = model_or_demo(model, demo)?;
            fail_on_errors(&label, &loaded)?;
            if let Some(id) = &explain {
                if m.find(id).is_none() {
                    return Err(Failure::new(
                        1,
                        format!(
                            "{label}: error: --explain names node \"{id}\", which is not in the model"
                        ),
                    ));
                }
            }
            let opts = Options {
                damping,
                explain,
                paths,
                ..Options::default()
            };
            let mut report = analysis::score(&m, &opts);
            if csv {
                return write_out(None, |w| {
                    aligngraph::formats::scores_csv::write(&report, w)
                        .map_err(std::io::Error::other)
                });
            }
            let mut diags = loaded;
            diags.append(&mut report.diagnostics);
            report.diagnostics = diags;
            print_json(&report, !compact)
        }
        Command::Gaps {
            model,
            demo,
            compact,
        } => {
            let (m, loaded, label) = model_or_demo(model, demo)?;
            fail_on_errors(&label, &loaded)?;
            let scores = analysis::compute(&m, &Options::default());
            print_json(&analysis::gaps::gaps(&m, &scores), !compact)
        }
        Command::Diff { old, new, compact } => {
            if old.as_os_str() == "-" && new.as_os_str() == "-" {
                return Err(Failure::new(
                    2,
                    "error: only one of OLD and NEW can be read from stdin (-)".into(),
                ));
            }
            let mut sides = Vec::new();
            for (which, path) in [("OLD", &old), ("NEW", &new)] {
                let (m, diags, label) = load(path).map_err(|mut f| {
                    f.lines
                        .push(format!("{which} ({}) could not be read", path.display()));
                    f
                })?;
                fail_on_errors(&label, &diags).map_err(|mut f| {
                    let n = f.lines.len().saturating_sub(1);
                    if let Some(last) = f.lines.last_mut() {
                        *last = format!("{label}: {which} has {n} error(s); nothing was compared");
                    }
                    f
                })?;
                sides.push((m, label));
            }
            let mut d = aligngraph::decide::diff::diff(&sides[0].0, &sides[1].0);
            d.old.file = Some(sides[0].1.clone());
            d.new.file = Some(sides[1].1.clone());
            print_json(&d, !compact)
        }
        Command::Validate { model } => {
            let (m, mut diags, _label) = load(&model)?;
            if !has_errors(&diags) {
                diags.extend(analysis::checks::structural(
                    &m,
                    &aligngraph::graph::Graph::build(&m),
                ));
            }
            #[derive(Serialize)]
            struct Out<'a> {
                valid: bool,
                errors: usize,
                warnings: usize,
                diagnostics: &'a [Diagnostic],
            }
            let errors = diags.iter().filter(|d| d.is_error()).count();
            print_json(
                &Out {
                    valid: errors == 0,
                    errors,
                    warnings: diags.len() - errors,
                    diagnostics: &diags,
                },
                true,
            )?;
            if errors > 0 {
                return Err(Failure::new(
                    1,
                    format!("{}: {errors} error(s)", model.display()),
                ));
            }
            Ok(())
        }
        Command::Centrality { model, damping } => {
            check_damping(damping)?;
            let (m, diags, label) = load(&model)?;
            fail_on_errors(&label, &diags)?;
            let g = aligngraph::graph::Graph::build(&m);
            let pr = analysis::centrality::dependency_pagerank(&g, damping);
            let bc = analysis::centrality::betweenness(&g.needs.all, g.needed_by(), &g.by_rank);
            let by_id = |xs: &[f64]| -> BTreeMap<&str, f64> {
                m.nodes
                    .iter()
                    .map(|n| n.id.as_ref())
                    .zip(xs.iter().copied())
                    .collect()
            };
            #[derive(Serialize)]
            struct Out<'a> {
                pagerank: BTreeMap<&'a str, f64>,
                betweenness: BTreeMap<&'a str, f64>,
                damping: f64,
                iterations: usize,
                converged: bool,
            }
            print_json(
                &Out {
                    pagerank: by_id(&pr.rank),
                    betweenness: by_id(&bc),
                    damping,
                    iterations: pr.iterations,
                    converged: pr.converged,
                },
                true,
            )
        }
        Command::Bundle {
            model,
            template,
            view,
            focus,
            readonly,
            title,
            origins,
            output,
        } => {
            let (text, label) = read_text(&model)?;
            let (m, diags) = aligngraph::model::load_json(&text);
            fail_on_errors(&label, &diags)?;
            let config = page_config(&m, &label, view, focus, readonly, title, origins)?;
            let template = find_template(template)?;
            let (page, page_label) = read_text(&template)?;
            let fallback = fallback::render_model(&m, config.title.as_deref());
            let out = html::publish(
                &page,
                &html::Publication {
                    model_text: Some(&text),
                    config: Some(&config),
                    title: config.title.as_deref(),
                    fallback: Some(&fallback),
                },
            )
            .map_err(|e| Failure::new(1, format!("{page_label}: error: {e}")))?;
            write_out(Some(output), |w| w.write_all(out.as_bytes()))
        }
        Command::Fallback { model, title } => {
            let (m, diags, label) = load(&model)?;
            fail_on_errors(&label, &diags)?;
            let fragment = fallback::render_model(&m, title.as_deref());
            write_out(None, |w| {
                writeln!(
                    w,
                    "{}{}{}",
                    html::FALLBACK_OPEN,
                    html::fallback_block(&fragment),
                    html::FALLBACK_CLOSE
                )
            })
        }
        Command::Import {
            input,
            mapping,
            lang,
            output,
        } => {
            let map = read_mapping(mapping.as_ref(), lang)?;
            let (m, diags, label, summary) = load_any(&input, &map)?;
            if let Some(s) = &summary {
                print_summary(&label, s);
            }
            fail_on_errors(&label, &diags)?;
            let mut err = std::io::stderr().lock();
            for d in diags.iter().filter(|d| !d.is_error()).take(20) {
                let _ = writeln!(err, "{}", labelled(&label, d));
            }
            if diags.len() > 20 {
                let _ = writeln!(err, "{label}: ... {} more warning(s)", diags.len() - 20);
            }
            drop(err);
            write_out(output, |w| model::write_json(&m, w))
        }
        Command::Export {
            model: path,
            to,
            output,
            mapping,
            lang,
        } => {
            let map = read_mapping(mapping.as_ref(), lang.clone())?;
            let (m, diags, label, _) = load_any(&path, &map)?;
            fail_on_errors(&label, &diags)?;
            let report = analysis::score(&m, &Options::default());
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "model".into());
            let files = export::export(&report, to, &stem, lang.as_deref());
            if to == ExportFormat::Csv {
                let dir = output.ok_or_else(|| {
                    Failure::new(
                        2,
                        "error: --to csv needs -o FOLDER (it writes nodes.csv, edges.csv and scores.csv)".into(),
                    )
                })?;
                std::fs::create_dir_all(&dir).map_err(|e| {
                    Failure::new(3, format!("{}: error: cannot create: {e}", dir.display()))
                })?;
                for f in files {
                    write_out(Some(dir.join(&f.name)), |w| w.write_all(f.text.as_bytes()))?;
                }
                return Ok(());
            }
            let text = files.into_iter().next().map(|f| f.text).unwrap_or_default();
            write_out(output, |w| w.write_all(text.as_bytes()))
        }
        Command::Finance {
            model,
            demo,
            rate,
            reinvest,
        } => {
            for (flag, r) in [("--rate", rate), ("--reinvest", reinvest)] {
                if let Some(r) = r.filter(|r| !(r.is_finite() && *r > -1.0 && *r <= 10.0)) {
                    return Err(Failure::new(
                        2,
                        format!(
                            "error: {flag} must be a rate between -1 (exclusive) and 10, got {r}"
                        ),
                    ));
                }
            }
            let (m, loaded, label) = model_or_demo(model, demo)?;
            fail_on_errors(&label, &loaded)?;
            let (out, diags) = lens::finance::finance(&m, rate, reinvest);
            lens_output(&label, &out, &diags)
        }
        Command::Costs { model, demo } => {
            let (m, loaded, label) = model_or_demo(model, demo)?;
            fail_on_errors(&label, &loaded)?;
            let scores = analysis::compute(&m, &Options::default());
            let (out, diags) = lens::costs::costs(&m, &scores);
            lens_output(&label, &out, &diags)
        }
        Command::Applications { model, demo, as_of } => {
            let (m, loaded, label) = model_or_demo(model, demo)?;
            fail_on_errors(&label, &loaded)?;
            let (apps, diags) = lens::applications::applications(&m, as_of.as_deref());
            lens_output(&label, &apps.json, &diags)
        }
        Command::Capabilities { model, demo, as_of } => {
            let (m, loaded, label) = model_or_demo(model, demo)?;
            fail_on_errors(&label, &loaded)?;
            let scores = analysis::compute(&m, &Options::default());
            let mut diags = Vec::new();
            let spend = lens::costs::spend(&m, &mut diags);
            let (apps, mut more) = lens::applications::applications(&m, as_of.as_deref());
            diags.append(&mut more);
            fail_on_errors(&label, &diags)?;
            let out = lens::capabilities::capabilities(&m, &scores, &spend, &apps);
            lens_output(&label, &out, &diags)
        }
        Command::Operations { model, demo } => {
            let (m, loaded, label) = model_or_demo(model, demo)?;
            fail_on_errors(&label, &loaded)?;
            let (out, diags) =
                lens::operations::operations(&m, &aligngraph::graph::Graph::build(&m));
            lens_output(&label, &out, &diags)
        }
        Command::Threats { model, demo, as_of } => {
            let (m, loaded, label) = model_or_demo(model, demo)?;
            fail_on_errors(&label, &loaded)?;
            let scores = analysis::compute(&m, &Options::default());
            let (out, diags) = lens::threats::section(&m, &scores, as_of.as_deref());
            lens_output(&label, &out, &diags)
        }
        Command::EarnedValue { model, demo } => {
            let (m, loaded, label) = model_or_demo(model, demo)?;
            fail_on_errors(&label, &loaded)?;
            let (out, diags) = lens::earned_value::earned_value(&m);
            lens_output(&label, &out, &diags)
        }
        Command::People { model, demo } => {
            let (m, loaded, label) = model_or_demo(model, demo)?;
            fail_on_errors(&label, &loaded)?;
            let (out, diags) = lens::people::people(&m, &aligngraph::graph::Graph::build(&m));
            lens_output(&label, &out, &diags)
        }
        Command::Wsjf {
            model,
            weighted,
            weights,
            top,
        } => {
            let (m, diags, label) = load(&model)?;
            fail_on_errors(&label, &diags)?;
            if weighted {
                let w = match &weights {
                    Some(text) => {
                        priority::Weights::parse(text).map_err(|d| decide_failure(&label, &d))?
                    }
                    None => priority::Weights::default(),
                };
                let scores = analysis::compute(&m, &decide::scoring_options());
                let ranking =
                    priority::rank(&m, &scores, &w, top).map_err(|d| decide_failure(&label, &d))?;
                return print_json(&ranking, true);
            }
            let (values, warnings) = priority::wsjf(&m);
            print_warnings(&label, &warnings);
            let map: serde_json::Map<String, serde_json::Value> = values
                .into_iter()
                .map(|(id, v)| (id, serde_json::Value::from(v)))
                .collect();
            print_json(&map, true)
        }
        Command::Optimize {
            model,
            budget,
            frontier,
            points,
            value,
            limit,
        } => {
            let mut clock = Clock::new("optimize", limit);
            let (m, diags, label) = load(&model)?;
            fail_on_errors(&label, &diags)?;
            let scores = analysis::compute(&m, &decide::scoring_options());
            let basis = value.as_deref().and_then(optimize::ValueBasis::parse);
            let p =
                optimize::problem(&m, &scores, basis).map_err(|d| decide_failure(&label, &d))?;
            print_warnings(&label, &p.diagnostics);
            // Each search of a frontier gets an even share of the time left when it begins.
            let (mut search, mut share_end) = (0, None);
            let mut stop = |pr: decide::Progress| {
                if pr.search != search {
                    search = pr.search;
                    share_end = clock.share(pr.points.saturating_sub(pr.point).max(1));
                }
                let share_over = share_end.is_some_and(|end| std::time::Instant::now() >= end);
                share_over
                    || clock.over(&|| {
                        if pr.points > 0 {
                            format!("frontier point {} of {}", pr.point + 1, pr.points)
                        } else {
                            format!("{} search nodes", count(pr.nodes))
                        }
                    })
            };
            match budget {
                Some(b) if !frontier => {
                    let s = p
                        .solve_until(b, &mut stop)
                        .map_err(|d| decide_failure(&label, &d))?;
                    clock.done();
                    if s.stopped {
                        eprintln!(
                            "{label}: warning: stopped at the time limit ({}): the portfolio is the best found, within {:.2}% of the optimum (gap {:.4}); --time-limit SECONDS allows longer, 0 for no limit",
                            clock.limit_text(),
                            s.gap * 100.0,
                            s.gap
                        );
                    }
                    print_json(&s, true)
                }
                _ => {
                    let f = p
                        .frontier_until(points, &mut stop)
                        .map_err(|d| decide_failure(&label, &d))?;
                    clock.done();
                    if f.stopped {
                        let proved = f.points.iter().filter(|p| p.optimal).count();
                        eprintln!(
                            "{label}: warning: stopped at the time limit ({}): {proved} of {} points are proved optimal, the others are the best found in their share of the time; --time-limit SECONDS allows longer, 0 for no limit",
                            clock.limit_text(),
                            f.points.len()
                        );
                    }
                    print_json(&f, true)
                }
            }
        }
        Command::Schedule { model, deadline } => {
            let (m, diags, label) = load(&model)?;
            fail_on_errors(&label, &diags)?;
            let s =
                decide::schedule::schedule(&m, deadline).map_err(|d| decide_failure(&label, &d))?;
            print_warnings(&label, &s.warnings);
            print_json(&s, true)
        }
        Command::Simulate {
            model,
            runs,
            seed,
            distribution,
            top,
            deadline,
            limit,
        } => {
            let mut clock = Clock::new("simulate", limit);
            let (m, diags, label) = load(&model)?;
            fail_on_errors(&label, &diags)?;
            let scores = analysis::compute(&m, &decide::scoring_options());
            let sim_opts = decide::simulate::SimOptions {
                runs,
                seed,
                distribution,
                top_n: top,
                deadline,
            };
            let mut sim = decide::simulate::Simulation::new(&m, &scores, &sim_opts)
                .map_err(|d| decide_failure(&label, &d))?;
            print_warnings(&label, sim.warnings());
            // In steps, so the time limit is checked between them (the results do not depend
            // on the step size).
            let mut done = 0;
            while done < runs {
                done = sim.step(100);
                if done < runs && clock.over(&|| format!("{} of {} runs", count(done), count(runs)))
                {
                    break;
                }
            }
            clock.done();
            if done < runs {
                eprintln!(
                    "{label}: warning: stopped at the time limit ({}) after {} of {} runs; the results summarise the runs done; --time-limit SECONDS allows longer, 0 for no limit",
                    clock.limit_text(),
                    count(done),
                    count(runs)
                );
            }
            print_json(&sim.result(), true)
        }
        Command::Ahp { input } => {
            let (text, label) = read_text(&input)?;
            let parsed = aligngraph::decide::ahp::parse_input(&text)
                .map_err(|d| Failure::new(1, labelled(&label, &d)))?;
            let result = aligngraph::decide::ahp::ahp(&parsed.matrix, parsed.labels.as_deref())
                .map_err(|d| Failure::new(1, labelled(&label, &d)))?;
            if let Some(j) = result
                .most_inconsistent
                .as_ref()
                .filter(|_| !result.consistent)
            {
                let d = Diagnostic::warning(
                    aligngraph::Code::Inconsistent,
                    aligngraph::diagnostics::Place {
                        pointer: Some(format!("/matrix/{}/{}", j.row, j.col)),
                        ..Default::default()
                    },
                    format!(
                        "CR = {:.3} is above 0.10; the judgement most out of line is \"{}\" vs \"{}\" = {} (the weights imply {:.2}; nearest on the scale: {})",
                        result.cr, j.row_label, j.col_label, j.judgement, j.implied, j.suggested
                    ),
                );
                print_warnings(&label, std::slice::from_ref(&d));
            }
            print_json(&result, true)
        }
        Command::Scenario { model, name } => {
            let (m, diags, label) = load(&model)?;
            fail_on_errors(&label, &diags)?;
            let cmp = aligngraph::decide::scenario::compare(&m, &name)
                .map_err(|d| decide_failure(&label, &d))?;
            print_json(&cmp, true)
        }
        Command::Demo { output } => write_out(output, |w| w.write_all(demo::DEMO_JSON.as_bytes())),
        Command::Generate {
            nodes,
            edges_per_node,
            seed,
            output,
        } => {
            if nodes.saturating_mul(edges_per_node) > Limits::CLI.edges {
                return Err(Failure::new(
                    2,
                    format!(
                        "error: --nodes {} x --edges-per-node {edges_per_node} is more than the {} edges a model may have; lower one of them",
                        count(nodes),
                        count(Limits::CLI.edges)
                    ),
                ));
            }
            let m: Model = generate::layered(nodes, edges_per_node, seed);
            write_out(output, |w| model::write_json(&m, w))
        }
    }
}

/// The environment variable naming the default template of `bundle`.
const TEMPLATE_ENV: &str = "ALIGNGRAPH_TEMPLATE";

/// The places where `bundle` looks for the template when `--template` is not given, in order:
/// `$ALIGNGRAPH_TEMPLATE`, `aligngraph.html` next to the executable, in
/// `../share/aligngraph/` from it (an installed program), and the repository's `dist/` for a
/// program built in `target/<profile>/` (also `target/<triple>/<profile>/`).
fn template_places(env: Option<PathBuf>, exe: Option<PathBuf>) -> Vec<PathBuf> {
    let mut places: Vec<PathBuf> = env.into_iter().collect();
    // `a/b/../c` as `a/c`, so the places read well in a message.
    let tidy = |p: PathBuf| -> PathBuf {
        let mut out = PathBuf::new();
        for c in p.components() {
            match c {
                std::path::Component::ParentDir if out.file_name().is_some() => {
                    out.pop();
                }
                c => out.push(c),
            }
        }
        out
    };
    let exe = exe.map(tidy);
    if let Some(dir) = exe.as_ref().and_then(|e| e.parent()) {
        places.push(dir.join("aligngraph.html"));
        places.push(tidy(dir.join("../share/aligngraph/aligngraph.html")));
        // target/release/ -> the repository; target/<triple>/release/ and
        // target/<profile>/deps/ one folder deeper.
        for up in ["../..", "../../.."] {
            let root = tidy(dir.join(up));
            if root.join("Cargo.toml").is_file() {
                places.push(root.join("dist/aligngraph.html"));
            }
        }
    }
    places
}

/// The template of `bundle`: `--template` when given, else the first of [`template_places`]
/// that exists; when none does, the error lists where it looked and how to get one.
fn find_template(given: Option<PathBuf>) -> Result<PathBuf, Failure> {
    if let Some(t) = given {
        return Ok(t);
    }
    let env = std::env::var_os(TEMPLATE_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    if let Some(e) = &env {
        // A variable that names a missing file is an error of its own, not a fall-through.
        if !e.is_file() {
            return Err(Failure::new(
                3,
                format!(
                    "{}: error: cannot read the template named by ${TEMPLATE_ENV}: no such file",
                    e.display()
                ),
            ));
        }
    }
    let exe = std::env::current_exe().ok();
    let places = template_places(env, exe);
    if let Some(found) = places.iter().find(|p| p.is_file()) {
        return Ok(found.clone());
    }
    let mut lines = vec![
        "error: bundle needs the single-file dashboard (aligngraph.html) to embed the model in, and found none; it looked in:".to_string(),
    ];
    if std::env::var_os(TEMPLATE_ENV).is_none() {
        lines.push(format!("  ${TEMPLATE_ENV} (not set)"));
    }
    lines.extend(places.iter().map(|p| format!("  {}", p.display())));
    lines.push(
        "Name one with --template FILE or $ALIGNGRAPH_TEMPLATE, put aligngraph.html next to the program, or build it in the repository with `make page` (it writes dist/aligngraph.html).".to_string(),
    );
    Err(Failure { code: 3, lines })
}

/// The page settings of `bundle`, each checked: `--view` one of the page's views, `--focus` a
/// node of the model, `--origins` a list of origins. A bad one exits with 2.
fn page_config(
    m: &Model,
    label: &str,
    view: Option<String>,
    focus: Option<String>,
    readonly: bool,
    title: Option<String>,
    origins: Option<String>,
) -> Result<html::PageConfig, Failure> {
    if let Some(v) = &view {
        html::check_view(v).map_err(|e| Failure::new(2, format!("error: --view: {e}")))?;
    }
    if let Some(id) = &focus {
        if m.find(id).is_none() {
            return Err(Failure::new(
                2,
                format!("{label}: error: --focus names node \"{id}\", which is not in the model"),
            ));
        }
    }
    let origins = origins
        .map(|o| html::parse_origins(&o))
        .transpose()
        .map_err(|e| Failure::new(2, format!("error: --origins: {e}")))?;
    Ok(html::PageConfig {
        view,
        focus,
        readonly,
        title,
        origins,
    })
}

/// A decision method's error: exit 2 for a bad argument, 1 otherwise.
fn decide_failure(label: &str, d: &Diagnostic) -> Failure {
    let code = if d.code == aligngraph::Code::InvalidArgument {
        2
    } else {
        1
    };
    Failure::new(code, labelled(label, d))
}

/// A lens's answer: its errors fail the command (exit 1, each with its place), its warnings go to
/// stderr, the JSON to stdout.
fn lens_output(label: &str, out: &serde_json::Value, diags: &[Diagnostic]) -> Result<(), Failure> {
    fail_on_errors(label, diags)?;
    print_warnings(label, diags);
    print_json(out, true)
}

fn print_warnings(label: &str, diags: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = writeln!(err, "{}", labelled(label, d));
    }
}

fn parse_export_format(s: &str) -> Result<ExportFormat, String> {
    ExportFormat::parse(s).ok_or_else(|| {
        let all: Vec<&str> = ExportFormat::ALL.iter().map(|f| f.as_str()).collect();
        format!(
            "unknown export format \"{s}\"; expected one of {}",
            all.join(", ")
        )
    })
}

fn check_damping(d: f64) -> Result<(), Failure> {
    if d > 0.0 && d < 1.0 {
        Ok(())
    } else {
        Err(Failure::new(
            2,
            format!("error: --damping must be between 0 and 1 (exclusive), got {d}"),
        ))
    }
}

fn load(path: &PathBuf) -> Result<(Model, Vec<Diagnostic>, String), Failure> {
    let (m, diags, label, _) = load_any(path, &Mapping::default())?;
    Ok((m, diags, label))
}

/// Reads a model in any import format: the aligngraph JSON (as text, so its errors keep their
/// lines), or anything `formats::import` detects. A folder, or one of a CSV set, brings the
/// set's other files.
fn load_any(
    path: &PathBuf,
    map: &Mapping,
) -> Result<(Model, Vec<Diagnostic>, String, Option<ImportSummary>), Failure> {
    let label = path.display().to_string();
    let folder = path.is_dir();
    let mut files = if folder {
        read_folder(path)?
    } else {
        read_inputs(path)?
    };
    // UTF-16 text (with a byte order mark) as UTF-8 first, so the format is detected.
    for (name, bytes) in &mut files {
        if let Some(utf8) = text::from_utf16(name, bytes, aligngraph::Code::UnsupportedFormat) {
            *bytes = utf8.map_err(|d| diagnostic_failure(name, *d))?;
        }
    }
    let inputs: Vec<InputFile> = files
        .iter()
        .map(|(name, bytes)| InputFile { name, bytes })
        .collect();
    let format = inputs.iter().find_map(import::detect);
    // JSON (and what is nothing else) is read as text, so its errors keep their lines.
    if matches!(format, Some(Format::Json) | None) && files.len() == 1 {
        let bytes = files.into_iter().next().map(|(_, b)| b).unwrap_or_default();
        let text = utf8(bytes, &label)?;
        let (m, diags) = model::load_json_limited(&text, &Limits::CLI);
        return Ok((m, diags, label, None));
    }
    if folder && !import::folder_holds_model(&inputs) {
        let d = import::folder_refusal(&label, &inputs);
        return Err(Failure::new(1, format!("{label}: error: {}", d.message)));
    }
    let imp = if folder {
        import::import_folder(&label, &inputs, map, &Limits::CLI)
    } else {
        import::import(&inputs, map)
    };
    Ok((imp.model, imp.diagnostics, label, Some(imp.summary)))
}

/// Every file under the folder `root` (hidden files and folders such as `.git` left out), named
/// by its path inside the folder with `/`; the bytes of CSV, XML and `.archimate` files, the
/// others by name only. Stops past `coarchi::MAX_FILES` files.
fn read_folder(root: &std::path::Path) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    use aligngraph::formats::coarchi::MAX_FILES;
    let io = |p: &std::path::Path, e: std::io::Error| {
        Failure::new(3, format!("{}: error: cannot read: {e}", p.display()))
    };
    let mut out = Vec::new();
    let mut stack = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = stack.pop() {
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(&dir).map_err(|e| io(&dir, e))? {
            let entry = entry.map_err(|e| io(&dir, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let kind = entry.file_type().map_err(|e| io(&entry.path(), e))?;
            entries.push((name, entry.path(), kind.is_dir()));
        }
        entries.sort();
        for (name, p, is_dir) in entries.into_iter().rev() {
            let rel = format!("{prefix}{name}");
            if is_dir {
                stack.push((p, format!("{rel}/")));
                continue;
            }
            if out.len() > MAX_FILES {
                return Err(Failure::new(
                    1,
                    format!(
                        "{}: error: the folder holds more than {MAX_FILES} files; give the \
                         model's folder",
                        root.display()
                    ),
                ));
            }
            let lower = name.to_ascii_lowercase();
            let wanted = [".csv", ".xml", ".archimate"]
                .iter()
                .any(|x| lower.ends_with(x));
            let bytes = if wanted { read_file(&p)? } else { Vec::new() };
            out.push((rel, bytes));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// The bytes of the file at `path` (stdin for `-`); for a folder, every CSV file in it; for a
/// file of a CSV set (elements.csv, nodes.csv, ...), the set's other files beside it.
fn read_inputs(path: &PathBuf) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let label = path.display().to_string();
    let io = |p: &std::path::Path, e: std::io::Error| {
        Failure::new(3, format!("{}: error: cannot read: {e}", p.display()))
    };
    if label == "-" {
        return Ok(vec![(label, read_file(path)?)]);
    }
    const SETS: [&[&str]; 2] = [
        &["elements.csv", "relations.csv", "properties.csv"],
        &["nodes.csv", "edges.csv"],
    ];
    let mut paths = Vec::new();
    if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|e| io(path, e))?;
        for entry in entries {
            let p = entry.map_err(|e| io(path, e))?.path();
            if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")) {
                paths.push(p);
            }
        }
        paths.sort();
        if paths.is_empty() {
            return Err(Failure::new(
                1,
                format!("{label}: error: the folder holds no CSV files to import"),
            ));
        }
    } else {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        paths.push(path.clone());
        if let Some(set) = SETS.iter().find(|set| set.contains(&name.as_str())) {
            for other in set.iter().filter(|o| **o != name) {
                let sibling = path.with_file_name(other);
                if sibling.is_file() {
                    paths.push(sibling);
                }
            }
        }
    }
    paths
        .into_iter()
        .map(|p| {
            let bytes = read_file(&p)?;
            Ok((p.display().to_string(), bytes))
        })
        .collect()
}

fn read_mapping(path: Option<&PathBuf>, lang: Option<String>) -> Result<Mapping, Failure> {
    let mut map = match path {
        None => Mapping::default(),
        Some(p) => {
            let (text, label) = read_text(p)?;
            Mapping::from_json(&text).map_err(|errs| Failure {
                code: 1,
                lines: errs.iter().map(|d| labelled(&label, d)).collect(),
            })?
        }
    };
    if lang.is_some() {
        map.language = lang;
    }
    Ok(map)
}

fn print_summary(label: &str, s: &ImportSummary) {
    let mut err = std::io::stderr().lock();
    let format = match s.format.as_str() {
        "xlsx" => Format::Xlsx.label(),
        f => f,
    };
    let _ = writeln!(
        err,
        "{label}: {format} model: {} elements, {} relationships -> {} nodes, {} edges",
        s.elements, s.relationships, s.nodes, s.edges
    );
    for row in &s.element_types {
        let _ = writeln!(
            err,
            "  element  {:<28} {:>6}  -> {}{}",
            row.type_,
            row.count,
            row.became,
            row.note.map(|n| format!(" ({n})")).unwrap_or_default()
        );
    }
    for row in &s.relationship_types {
        let _ = writeln!(
            err,
            "  relation {:<28} {:>6}  -> {}{}",
            row.type_,
            row.count,
            row.became,
            row.note.map(|n| format!(" ({n})")).unwrap_or_default()
        );
    }
    if s.junctions > 0 {
        let _ = writeln!(
            err,
            "  {} junction(s) collapsed into direct edges",
            s.junctions
        );
    }
    if s.view_nesting_edges > 0 {
        let _ = writeln!(
            err,
            "  {} part_of edge(s) from nesting in views",
            s.view_nesting_edges
        );
    }
    for (why, n) in &s.not_scored {
        let _ = writeln!(err, "  kept, not scored: {n} ({why})");
    }
    for (attr, n) in &s.attributes {
        let _ = writeln!(err, "  {n} propert(ies) set {attr}");
    }
}

/// A file's text (stdin for `-`) and its label for messages.
fn read_text(path: &std::path::Path) -> Result<(String, String), Failure> {
    let label = path.display().to_string();
    let bytes = read_file(path)?;
    Ok((utf8(bytes, &label)?, label))
}

/// The one place the command line reads a user's file (stdin for `-`): at most
/// `Limits::CLI.file_bytes`, checked while reading, and a binary file (a NUL byte in what must
/// be text) refused as soon as the NUL is read (`aligngraph import /dev/zero`).
fn read_file(path: &std::path::Path) -> Result<Vec<u8>, Failure> {
    let label = path.display().to_string();
    let limit = Limits::CLI.file_bytes;
    let res = if label == "-" {
        text::read_limited(std::io::stdin().lock(), limit, &label, None)
    } else {
        std::fs::File::open(path)
            .map_err(text::ReadError::Io)
            .and_then(|f| {
                // A regular file's length refuses it before reading (a device's is 0: unknown).
                let size = f.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
                text::read_limited(f, limit, &label, size)
            })
    };
    res.map_err(|e| match e {
        text::ReadError::Io(e) => Failure::new(3, format!("{label}: error: cannot read: {e}")),
        text::ReadError::Refused(d) => diagnostic_failure(&label, *d),
    })
}

/// A diagnostic about one file, printed after its label (the place's file left out).
fn diagnostic_failure(label: &str, d: Diagnostic) -> Failure {
    Failure::new(1, labelled(label, &d))
}

/// One diagnostic line: the file's label, then the diagnostic, whose place leaves the file out
/// when it is the labelled file (by path or by name), so no line names it twice.
fn labelled(label: &str, d: &Diagnostic) -> String {
    let name = label.rsplit(['/', '\\']).next().unwrap_or(label);
    match d.place.file.as_deref() {
        Some(f) if f == label || f == name => {
            let mut d = d.clone();
            d.place.file = None;
            format!("{label}: {d}")
        }
        _ => format!("{label}: {d}"),
    }
}

/// Bytes as text (a UTF-8 byte order mark dropped, UTF-16 with one decoded); an invalid byte
/// is reported with its line.
fn utf8(bytes: Vec<u8>, label: &str) -> Result<String, Failure> {
    match text::decode(label, &bytes, aligngraph::Code::InvalidJson) {
        Ok(std::borrow::Cow::Owned(s)) => Ok(s),
        Ok(std::borrow::Cow::Borrowed(s)) => {
            // Valid UTF-8: keep the buffer, without the byte order mark.
            let skip = bytes.len() - s.len();
            let mut bytes = bytes;
            bytes.drain(..skip);
            Ok(String::from_utf8(bytes).unwrap_or_default())
        }
        Err(d) => Err(diagnostic_failure(label, *d)),
    }
}

fn fail_on_errors(label: &str, diags: &[Diagnostic]) -> Result<(), Failure> {
    if !has_errors(diags) {
        return Ok(());
    }
    let mut lines: Vec<String> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| labelled(label, d))
        .collect();
    lines.push(format!(
        "{label}: {} error(s); the model was not scored",
        lines.len()
    ));
    Err(Failure { code: 1, lines })
}

fn print_json<T: Serialize>(value: &T, pretty: bool) -> Result<(), Failure> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let res = if pretty {
        serde_json::to_writer_pretty(&mut out, value)
    } else {
        serde_json::to_writer(&mut out, value)
    };
    let res = res.map_err(std::io::Error::from).and_then(|()| {
        writeln!(out)?;
        out.flush()
    });
    quiet_on_closed_pipe(res)
        .map_err(|e| Failure::new(3, format!("error: cannot write output: {e}")))
}

/// A reader that stops early (`aligngraph score m.json | head`) is not an error.
fn quiet_on_closed_pipe(res: std::io::Result<()>) -> std::io::Result<()> {
    match res {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

fn write_out(
    path: Option<PathBuf>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let res = match &path {
        Some(p) => std::fs::File::create(p).and_then(|f| {
            let mut w = std::io::BufWriter::new(f);
            write(&mut w)?;
            w.flush()
        }),
        None => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut w).and_then(|()| w.flush())
        }
    };
    quiet_on_closed_pipe(res).map_err(|e| {
        let what = path.map_or("output".to_string(), |p| p.display().to_string());
        Failure::new(3, format!("{what}: error: cannot write: {e}"))
    })
}
