//! The scoring steps of `src/bench.rs` timed natively, one model per process, for the
//! side-by-side benchmark (`node benches/side-by-side.mjs`, docs/performance.md).
//!
//!     cargo bench --bench phases -- --model FILE [--runs N]
//!
//! prints one JSON line per step (`impl`, `phase`, `median_ms`, `runs_ms`, `checksum`) and a last
//! line with the peak resident set size of the process (`peak_mb`, VmHWM) and the JSON read
//! alone, the first part of the load step (`read_median_ms`, `read_runs_ms`, `read_mb_per_s` in
//! MB of 10^6 bytes, `model_bytes`; [`Phases::read_bytes`], timed before the steps). Without `--model`
//! it times a generated 100,000-node model (seed 1, 5 edges per node); under `cargo test`, a
//! 1,000-node one, once.

mod common;

use aligngraph::bench::Phases;
use common::proc_status_mb;
use std::time::Instant;

fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let k = v.len();
    if k % 2 == 1 {
        v[k / 2]
    } else {
        (v[k / 2 - 1] + v[k / 2]) / 2.0
    }
}

/// Times `f` `runs` times; fails when the checksum changes between runs.
fn time(
    phase: &str,
    runs: usize,
    mut f: impl FnMut() -> Result<f64, String>,
) -> Result<(), String> {
    let mut times = Vec::with_capacity(runs);
    let mut sums = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        sums.push(f()?);
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    report(phase, &times, &sums)
}

/// Prints one step's line.
fn report(phase: &str, times: &[f64], sums: &[f64]) -> Result<(), String> {
    if sums.windows(2).any(|w| w[0].to_bits() != w[1].to_bits()) {
        return Err(format!(
            "{phase}: the checksum changed between runs: {sums:?}"
        ));
    }
    let runs_ms: Vec<String> = times.iter().map(|t| format!("{t:.3}")).collect();
    println!(
        "{{\"impl\":\"native\",\"phase\":\"{phase}\",\"median_ms\":{:.3},\"runs_ms\":[{}],\"checksum\":{:?}}}",
        median(times),
        runs_ms.join(","),
        sums.last().copied().unwrap_or(f64::NAN)
    );
    Ok(())
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let runs: usize = match value("--runs") {
        Some(r) => r
            .parse()
            .ok()
            .filter(|&r| r > 0)
            .ok_or_else(|| format!("--runs must be a whole number above 0, not {r:?}"))?,
        None => 5,
    };
    // `cargo bench` passes --bench; `cargo test --all-targets` runs this without it, and then a
    // 1,000-node model once is enough to show that every step runs.
    let benching = args.iter().any(|a| a == "--bench");
    let runs = if benching || value("--runs").is_some() {
        runs
    } else {
        1
    };
    let bytes = match value("--model") {
        Some(path) => std::fs::read(path).map_err(|e| format!("{path}: {e}"))?,
        None => {
            let n = if benching { 100_000 } else { 1_000 };
            aligngraph::to_json(&aligngraph::generate::layered(n, 5, 1)).into_bytes()
        }
    };
    let err = |e: aligngraph::workspace::WorkspaceError| e.to_string();
    // The JSON read alone (bytes to model), each model dropped outside the timing.
    let mut read_ms = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let model = Phases::read_bytes(&bytes).map_err(err)?;
        read_ms.push(t.elapsed().as_secs_f64() * 1e3);
        drop(model);
    }
    let read_median = median(&read_ms);
    let size = bytes.len();
    let mut p = Phases::new();
    time("load", runs, || p.load_bytes(&bytes).map_err(err))?;
    drop(bytes);
    time("alignment", runs, || p.alignment().map_err(err))?;
    time("coverage", runs, || p.coverage().map_err(err))?;
    time("delivery_risk", runs, || p.delivery_risk().map_err(err))?;
    time("cycles", runs, || p.cycles().map_err(err))?;
    time("pagerank", runs, || p.pagerank().map_err(err))?;
    let id = p
        .toggle_target()
        .ok_or("the model has no active initiative to switch")?;
    // Scored once as loaded; then each timed run switches the initiative off and reads the
    // scores, and an untimed call switches it back on.
    p.toggle(&id, true).map_err(err)?;
    let (mut times, mut sums) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        sums.push(p.toggle(&id, false).map_err(err)?);
        times.push(t.elapsed().as_secs_f64() * 1e3);
        p.toggle(&id, true).map_err(err)?;
    }
    report("toggle", &times, &sums)?;
    let read_runs: Vec<String> = read_ms.iter().map(|t| format!("{t:.3}")).collect();
    println!(
        "{{\"impl\":\"native\",\"toggle_id\":{id:?},\"peak_mb\":{:.1},\"read_median_ms\":{read_median:.3},\"read_runs_ms\":[{}],\"read_mb_per_s\":{:.1},\"model_bytes\":{size}}}",
        proc_status_mb("VmHWM").unwrap_or(f64::NAN),
        read_runs.join(","),
        size as f64 / 1e6 / (read_median / 1e3)
    );
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("phases: {e}");
        std::process::exit(1);
    }
}
