//! Helpers shared by the benchmark harnesses (`scale.rs`, `import.rs`): timing with a
//! warm-up, and the process's memory from /proc.
// Each harness uses only some of these.
#![allow(dead_code)]

use std::hint::black_box;
use std::time::Instant;

/// One phase's timings (milliseconds).
pub struct Timing {
    /// Median.
    pub median: f64,
    /// Fastest.
    pub min: f64,
}

/// Runs `f` once to warm up, then `runs` times; returns the timings and the last result. Each
/// result is passed through `black_box` and dropped outside the timed region.
pub fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> (Timing, T) {
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

/// A `/proc/self/status` field (kB) in MB, on Linux.
pub fn proc_status_mb(field: &str) -> Option<f64> {
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
