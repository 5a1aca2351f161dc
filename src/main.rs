//! The `aligngraph` command line: a thin face over the library. It reads files, prints JSON on
//! stdout and diagnostics on stderr, and exits non-zero on error.

use aligngraph::analysis::{self, Options};
use aligngraph::diagnostics::{Diagnostic, has_errors};
use aligngraph::{Model, demo, generate, model};
use clap::{Parser, Subcommand};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{Read, Write};
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
        /// Number of explaining paths.
        #[arg(long, default_value_t = 10)]
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
    /// Write the built-in demo model.
    Demo {
        /// Output file (default stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Write the single-file dashboard with a model embedded, for publishing.
    Bundle {
        /// Model file to embed (checked first; a model with errors is refused).
        model: PathBuf,
        /// The single-file dashboard to embed it in (built by `make page`).
        #[arg(long, default_value = "dist/aligngraph.html")]
        template: PathBuf,
        /// Output file.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Write a generated layered model (for trying scale).
    Generate {
        /// Number of nodes.
        #[arg(long, default_value_t = 1000)]
        nodes: usize,
        /// Out-edges per node.
        #[arg(long, default_value_t = 5)]
        edges_per_node: usize,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output file (default stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
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
            let (m, loaded, label) = if demo {
                let (m, d) = model::load_json(demo::DEMO_JSON);
                (m, d, "demo".to_string())
            } else {
                let path = model.expect("clap requires a model unless --demo");
                load(&path)?
            };
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
            output,
        } => {
            let (text, label) = read_text(&model)?;
            let (_, diags) = aligngraph::model::load_json(&text);
            fail_on_errors(&label, &diags)?;
            let (page, page_label) = read_text(&template)?;
            let html = aligngraph::formats::html::embed_model(&page, &text)
                .map_err(|e| Failure::new(1, format!("{page_label}: error: {e}")))?;
            write_out(Some(output), |w| w.write_all(html.as_bytes()))
        }
        Command::Demo { output } => write_out(output, |w| w.write_all(demo::DEMO_JSON.as_bytes())),
        Command::Generate {
            nodes,
            edges_per_node,
            seed,
            output,
        } => {
            let m: Model = generate::layered(nodes, edges_per_node, seed);
            write_out(output, |w| model::write_json(&m, w))
        }
    }
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
    let (text, label) = read_text(path)?;
    let (m, diags) = model::load_json(&text);
    Ok((m, diags, label))
}

/// A file's text (stdin for `-`) and its label for messages.
fn read_text(path: &PathBuf) -> Result<(String, String), Failure> {
    let label = path.display().to_string();
    let mut bytes = Vec::new();
    let res = if label == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    res.map_err(|e| Failure::new(3, format!("{label}: error: cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        Failure::new(
            1,
            format!("{label}:{line}: error[INVALID_JSON]: the file is not UTF-8 text (invalid byte at offset {at})"),
        )
    })?;
    Ok((text, label))
}

fn fail_on_errors(label: &str, diags: &[Diagnostic]) -> Result<(), Failure> {
    if !has_errors(diags) {
        return Ok(());
    }
    let mut lines: Vec<String> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{label}: {d}"))
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
