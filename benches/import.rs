//! Import benchmark: every real ArchiMate model in `tests/fixtures/archimate` and generated
//! exchange files of 100,000 elements, timing the reader, the mapping and the whole
//! `import::import`, with throughput and the process's peak memory; plus the exchange export
//! (`mapping::from_model` + `exchange::write`) of the generated model.
//!
//! `cargo bench --bench import` runs every case in a fresh process (the program re-executes
//! itself with `--case NAME`), because the peak resident set size (VmHWM) of a process never
//! goes down. The output is Markdown, printed and written to `target/bench-import.md`.
//!
//! * `ALIGNGRAPH_ARCHIMATE_DATA=DIR` reads the real models from another folder.
//! * `--case NAME` runs one case in this process and prints its rows only.
//! * Without `--bench` (as under `cargo test --benches`) only a quick smoke run is done: the
//!   smallest real model (or a generated 1,000-element file), one run, no file written.

#[path = "common/mod.rs"]
mod common;

use aligngraph::analysis::{self, Options};
use aligngraph::diagnostics::has_errors;
use aligngraph::formats::archimate::ReadResult;
use aligngraph::formats::import::{Format, InputFile, detect, import};
use aligngraph::formats::mapping::{self, Mapping};
use aligngraph::formats::{archi, archi_csv, exchange};
use aligngraph::generate;
use common::proc_status_mb;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const SEED: u64 = 0x5EED;
/// Generated cases: (name, elements, relationships per element).
const GENERATED: [(&str, usize, usize); 2] = [
    ("generated-100k", 100_000, 1),
    ("generated-100k-200k", 100_000, 2),
];
/// Throughput target for reading and mapping exchange XML.
const TARGET_MB_S: f64 = 50.0;
/// Tags of the child's output lines, collected by the parent into tables.
const IMPORT_TAG: &str = "@@import ";
const EXPORT_TAG: &str = "@@export ";
const NOTE_TAG: &str = "@@note ";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let case = args
        .iter()
        .position(|a| a == "--case")
        .and_then(|i| args.get(i + 1));
    if let Some(name) = case {
        print!("{}", run_case(name, None));
    } else if args.iter().any(|a| a == "--bench") {
        run_all();
    } else {
        // Not under `cargo bench`: one quick run so that `cargo test --benches` stays fast.
        let smallest = real_cases()
            .into_iter()
            .min_by_key(|c| c.files.iter().map(|(_, b)| b.len()).sum::<usize>());
        let out = match smallest {
            Some(c) => run_loaded(&c, 1).0,
            None => run_generated("generated-1k", 1_000, 1, 1),
        };
        for line in out.lines() {
            let line = [IMPORT_TAG, EXPORT_TAG, NOTE_TAG]
                .iter()
                .find_map(|t| line.strip_prefix(t))
                .unwrap_or(line);
            println!("{line}");
        }
    }
}

fn data_dir() -> PathBuf {
    std::env::var_os("ALIGNGRAPH_ARCHIMATE_DATA").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archimate"),
        PathBuf::from,
    )
}

fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target")
}

/// One real model: a file, or a folder of CSV files, loaded.
struct Case {
    name: String,
    files: Vec<(String, Vec<u8>)>,
}

/// The real models: every `.xml` and `.archimate` file and every folder of `.csv` files.
fn real_cases() -> Vec<Case> {
    let Ok(entries) = std::fs::read_dir(data_dir()) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let ext = |p: &Path, x: &str| p.extension().is_some_and(|e| e.eq_ignore_ascii_case(x));
    let mut cases = Vec::new();
    for p in paths {
        let name = p
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if p.is_dir() {
            let Ok(inner) = std::fs::read_dir(&p) else {
                continue;
            };
            let mut csvs: Vec<PathBuf> = inner
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| ext(f, "csv"))
                .collect();
            csvs.sort();
            let files: Vec<(String, Vec<u8>)> = csvs
                .iter()
                .filter_map(|f| {
                    let n = f.file_name()?.to_string_lossy().into_owned();
                    Some((n, std::fs::read(f).ok()?))
                })
                .collect();
            if !files.is_empty() {
                cases.push(Case { name, files });
            }
        } else if ext(&p, "xml") || ext(&p, "archimate") {
            if let Ok(bytes) = std::fs::read(&p) {
                cases.push(Case {
                    name: name.clone(),
                    files: vec![(name, bytes)],
                });
            }
        }
    }
    cases
}

/// Runs every case in its own process, prints and saves the tables.
fn run_all() {
    let exe = std::env::current_exe().expect("path of the running benchmark");
    let mut names: Vec<String> = real_cases().into_iter().map(|c| c.name).collect();
    if names.is_empty() {
        eprintln!(
            "[import] no real models in {} (set ALIGNGRAPH_ARCHIMATE_DATA)",
            data_dir().display()
        );
    }
    for (name, elements, per) in GENERATED {
        write_generated(name, elements, per);
        names.push(name.to_string());
    }
    let (mut imports, mut exports, mut notes) = (Vec::new(), Vec::new(), Vec::new());
    for name in &names {
        eprintln!("[import] running {name} in a child process");
        let out = Command::new(&exe)
            .args(["--case", name])
            .stderr(Stdio::inherit())
            .output();
        let text = match out {
            Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
            Ok(o) => format!("{NOTE_TAG}{name}: child process failed ({})\n", o.status),
            Err(e) => format!("{NOTE_TAG}{name}: could not start child process: {e}\n"),
        };
        for line in text.lines() {
            if let Some(r) = line.strip_prefix(IMPORT_TAG) {
                imports.push(r.to_string());
            } else if let Some(r) = line.strip_prefix(EXPORT_TAG) {
                exports.push(r.to_string());
            } else if let Some(r) = line.strip_prefix(NOTE_TAG) {
                notes.push(r.to_string());
            }
        }
    }
    let mut out = String::new();
    let _ = writeln!(out, "# aligngraph import benchmark\n");
    let _ = writeln!(
        out,
        "Real models from `{}` and generated exchange files (`generate::layered(n, k, {SEED:#x})` \
         -> `mapping::from_model` -> `exchange::write`, written once to `target/`); one process \
         per case; {} CPU(s); {} build. Times are medians of R runs after one warm-up, the \
         input already in memory. *read*: the format's reader; *map*: `mapping::to_model`; \
         *import*: `import::import` (detection, reader, mapping). MB/s is input bytes over the \
         import median. Peak RSS: the case's process after reading its input and importing \
         (input bytes included).\n",
        data_dir()
            .canonicalize()
            .unwrap_or_else(|_| data_dir())
            .display(),
        std::thread::available_parallelism().map_or(0, |p| p.get()),
        if cfg!(debug_assertions) {
            "UNOPTIMISED (debug assertions on)"
        } else {
            "optimised"
        },
    );
    let _ = writeln!(
        out,
        "| case | format | input MB | elements / relationships | nodes / edges | R | read ms | map ms | import ms | MB/s | peak RSS MB |\n\
         |---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for r in &imports {
        let _ = writeln!(out, "{r}");
    }
    if !exports.is_empty() {
        let _ = writeln!(
            out,
            "\nExchange export of the imported generated models:\n\n\
             | case | with scores | R | from_model ms | write ms | total ms | output MB | MB/s |\n\
             |---|---|---:|---:|---:|---:|---:|---:|"
        );
        for r in &exports {
            let _ = writeln!(out, "{r}");
        }
    }
    if !notes.is_empty() {
        out.push('\n');
        for n in &notes {
            let _ = writeln!(out, "- {n}");
        }
    }
    print!("{out}");
    let path = target_dir().join("bench-import.md");
    match std::fs::create_dir_all(target_dir()).and_then(|_| std::fs::write(&path, &out)) {
        Ok(()) => eprintln!("[import] results written to {}", path.display()),
        Err(e) => eprintln!("[import] could not write {}: {e}", path.display()),
    }
}

/// Runs one named case (a real model or a generated one) in this process.
fn run_case(name: &str, runs: Option<usize>) -> String {
    if let Some(&(n, elements, per)) = GENERATED.iter().find(|g| g.0 == name) {
        return run_generated(n, elements, per, runs.unwrap_or(5));
    }
    match real_cases().into_iter().find(|c| c.name == name) {
        Some(c) => {
            let size: usize = c.files.iter().map(|(_, b)| b.len()).sum();
            let runs = runs.unwrap_or(if size > 1_000_000 { 9 } else { 21 });
            run_loaded(&c, runs).0
        }
        None => format!("{NOTE_TAG}{name}: no such case\n"),
    }
}

/// Timings (ms) of `f` over `runs` runs after one warm-up: (median, last result).
fn measure<T>(runs: usize, f: impl FnMut() -> T) -> (f64, T) {
    let (t, r) = common::measure(runs, f);
    (t.median, r)
}

/// The format's own reader on the files (no mapping).
fn read_only(format: Format, files: &[InputFile]) -> Option<ReadResult> {
    let by_name = |n: &str| {
        files
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(n))
            .map(|f| f.bytes)
    };
    match format {
        Format::Exchange => {
            let text = std::str::from_utf8(files[0].bytes).ok()?;
            Some(exchange::read(text, None))
        }
        Format::Archi => Some(archi::read(files[0].bytes)),
        Format::ArchiCsv => Some(archi_csv::read(
            by_name("elements.csv")?,
            by_name("relations.csv").unwrap_or(b""),
            by_name("properties.csv"),
        )),
        Format::Json | Format::PlainCsv | Format::Xlsx | Format::Xls | Format::Coarchi => None,
    }
}

/// Benchmarks the import of files already loaded; returns the tagged table row and the read and
/// map medians (ms).
fn run_loaded(case: &Case, runs: usize) -> (String, Option<(f64, f64)>) {
    let files: Vec<InputFile> = case
        .files
        .iter()
        .map(|(name, bytes)| InputFile { name, bytes })
        .collect();
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    let map = Mapping::default();
    let Some(format) = files.iter().find_map(detect) else {
        return (
            format!("{NOTE_TAG}{}: format not detected\n", case.name),
            None,
        );
    };
    // The first import, then the peak memory, before anything else allocates.
    let first = import(&files, &map);
    let peak = proc_status_mb("VmHWM");
    let mut notes = String::new();
    if has_errors(&first.diagnostics) {
        let _ = writeln!(
            notes,
            "{NOTE_TAG}{}: the import has errors: {}",
            case.name,
            first
                .diagnostics
                .iter()
                .find(|d| d.is_error())
                .map(ToString::to_string)
                .unwrap_or_default()
        );
    }
    let (nodes, edges) = (first.model.nodes.len(), first.model.edges.len());
    let (elements, relationships) = (first.summary.elements, first.summary.relationships);
    drop(first);

    let (read_ms, map_ms) = match read_only(format, &files) {
        Some((ir, _)) => {
            let (read_ms, _) = measure(runs, || read_only(format, &files));
            let (map_ms, _) = measure(runs, || mapping::to_model(&ir, &map));
            (Some(read_ms), Some(map_ms))
        }
        None => (None, None),
    };
    let (import_ms, _) = measure(runs, || import(&files, &map));
    let mb = bytes as f64 / 1e6;
    let row = format!(
        "{IMPORT_TAG}| {} | {} | {mb:.2} | {elements} / {relationships} | {nodes} / {edges} | {runs} | {} | {} | {} | {:.0} | {} |\n{notes}",
        case.name,
        format.as_str(),
        opt_ms(read_ms),
        opt_ms(map_ms),
        ms(import_ms),
        mb / (import_ms / 1e3),
        mem(peak),
    );
    (row, read_ms.zip(map_ms))
}

/// The path of a generated exchange file.
fn generated_path(name: &str) -> PathBuf {
    target_dir().join(format!("bench-import-{name}.xml"))
}

/// Writes a generated exchange file to `target/` unless it is there already with the same bytes.
/// Called by the parent before the child runs, so that generating does not count in the child's
/// peak memory.
fn write_generated(name: &str, elements: usize, per: usize) {
    let path = generated_path(name);
    let model = generate::layered(elements, per, SEED);
    let xml = exchange::write(&mapping::from_model(&model, None), None);
    let same = std::fs::metadata(&path).is_ok_and(|m| m.len() == xml.len() as u64)
        && std::fs::read(&path).is_ok_and(|b| b == xml.as_bytes());
    if !same {
        eprintln!("[import] writing {}", path.display());
        if let Err(e) =
            std::fs::create_dir_all(target_dir()).and_then(|_| std::fs::write(&path, &xml))
        {
            eprintln!("[import] could not write {}: {e}", path.display());
        }
    }
}

/// Benchmarks the import of a generated exchange file (written first if missing) and the export
/// of the imported model.
fn run_generated(name: &str, elements: usize, per: usize, runs: usize) -> String {
    let path = generated_path(name);
    if !path.exists() {
        write_generated(name, elements, per);
    }
    // The bytes as a user's file would come: read from disk.
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mb = bytes.len() as f64 / 1e6;
    let case = Case {
        name: format!(
            "{name} (`target/{}`)",
            path.file_name().unwrap_or_default().to_string_lossy()
        ),
        files: vec![(format!("{name}.xml"), bytes)],
    };
    let (mut out, read_map) = run_loaded(&case, runs);
    if let Some((read, map)) = read_map {
        let rate = mb / ((read + map) / 1e3);
        let _ = writeln!(
            out,
            "{NOTE_TAG}{name}: read + map of {mb:.1} MB of exchange XML: {} ms, {rate:.0} MB/s (target >= {TARGET_MB_S:.0} MB/s){}",
            ms(read + map),
            if rate >= TARGET_MB_S {
                " — met"
            } else {
                " — MISSED"
            }
        );
    }

    // Export: the imported model back to exchange XML, without and with scores.
    let imported = import(
        &[InputFile {
            name: "model.xml",
            bytes: &case.files[0].1,
        }],
        &Mapping::default(),
    )
    .model;
    drop(case);
    let report = analysis::score(&imported, &Options::default());
    for with_scores in [false, true] {
        let r = with_scores.then_some(&report);
        let (from_ms, ir) = measure(runs, || mapping::from_model(&imported, r));
        let (write_ms, text) = measure(runs, || exchange::write(&ir, None));
        let (total_ms, _) = measure(runs, || {
            exchange::write(&mapping::from_model(&imported, r), None)
        });
        let out_mb = text.len() as f64 / 1e6;
        let _ = writeln!(
            out,
            "{EXPORT_TAG}| {name} | {} | {runs} | {} | {} | {} | {out_mb:.1} | {:.0} |",
            if with_scores { "yes" } else { "no" },
            ms(from_ms),
            ms(write_ms),
            ms(total_ms),
            out_mb / (total_ms / 1e3)
        );
    }
    out
}

fn mem(mb: Option<f64>) -> String {
    mb.map_or("n/a".into(), |x| format!("{x:.0}"))
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

fn opt_ms(x: Option<f64>) -> String {
    x.map_or("–".into(), ms)
}
