//! Where the engine's memory goes: a counting allocator around the whole process, and the live
//! and peak bytes after each step of reading a model file in chunks (as the page's worker does:
//! `ModelStream`, 8 MiB at a time) and scoring it (docs/performance.md, "Memory").
//!
//!     cargo bench --bench memory -- [--model FILE]
//!
//! Without `--model` it reads `target/bench/models/layered-1000000-e5-s1.json`, written first from
//! the generator when missing (`aligngraph generate --nodes 1000000 --edges-per-node 5 --seed 1`);
//! under `cargo test`, a generated 1,000-node model. Sizes are native (64-bit): the engine's
//! bulk arrays (edges, CSR rows, lanes, matrices) are the same size in Wasm, its pointers half.

use aligngraph::analysis::{self, Options};
use aligngraph::formats::limits::Limits;
use aligngraph::graph::Graph;
use aligngraph::model::ModelStream;
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: every call is passed to the system allocator unchanged; only sizes are counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            grew(l.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(l) };
        if !p.is_null() {
            grew(l.size());
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        LIVE.fetch_sub(l.size(), Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, size: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, size) };
        if !q.is_null() {
            // Both blocks may be held while the bytes are copied.
            grew(size);
            LIVE.fetch_sub(l.size(), Relaxed);
        }
        q
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// Prints the live bytes now and the peak since the last step, then starts a new step.
fn step(what: &str, base: usize) {
    let mb = |b: usize| b.saturating_sub(base) as f64 / 1e6;
    let (live, peak) = (LIVE.load(Relaxed), PEAK.load(Relaxed));
    println!("| {what} | {:.1} | {:.1} |", mb(live), mb(peak));
    PEAK.store(live, Relaxed);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let benching = args.iter().any(|a| a == "--bench");
    let given = args
        .iter()
        .position(|a| a == "--model")
        .and_then(|i| args.get(i + 1));
    let bytes: Option<Vec<u8>> = if benching {
        None
    } else {
        let m = aligngraph::generate::layered(1000, 5, 1);
        Some(aligngraph::model::to_json(&m).into_bytes())
    };
    let path = given.cloned().unwrap_or_else(|| {
        let p = "target/bench/models/layered-1000000-e5-s1.json".to_string();
        if benching && !std::path::Path::new(&p).exists() {
            std::fs::create_dir_all("target/bench/models").expect("target/bench/models");
            let m = aligngraph::generate::layered(1_000_000, 5, 1);
            let f = std::fs::File::create(&p).expect("the model file");
            aligngraph::model::write_json(&m, std::io::BufWriter::new(f))
                .expect("writing the model");
        }
        p
    });
    let mut source: Box<dyn Read> = match &bytes {
        Some(b) => Box::new(&b[..]),
        None => Box::new(std::fs::File::open(&path).expect("the model file")),
    };
    let size = match &bytes {
        Some(b) => b.len() as u64,
        None => std::fs::metadata(&path).expect("the model file").len(),
    };
    let mut chunk = vec![0u8; 8 << 20];
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    println!(
        "{}: {:.1} MB, read in 8 MiB chunks\n",
        if bytes.is_some() {
            "a generated 1,000-node model"
        } else {
            &path
        },
        size as f64 / 1e6
    );
    println!("| step | live MB after | peak MB during |\n|---|---:|---:|");
    let mut stream = ModelStream::new("model.json", Some(size), &Limits::PAGE_STREAM);
    loop {
        let k = source.read(&mut chunk).expect("reading the model");
        if k == 0 {
            break;
        }
        stream.push(&chunk[..k]);
    }
    step(
        "read (the reader with its nodes, edges and id tables)",
        base,
    );
    let (model, diags) = stream.finish();
    assert!(
        !aligngraph::diagnostics::has_errors(&diags),
        "the model has errors: {diags:?}"
    );
    step("the model alone", base);
    let g = Graph::build(&model);
    step("the analysis graph (Graph::build)", base);
    let _ = g.served_by();
    let _ = g.needed_by();
    step("  with its reverse adjacency (served_by, needed_by)", base);
    let _ = g.serves.sweep_order();
    step("  with the sweep order", base);
    drop(g);
    step("(graph dropped)", base);
    let scores = analysis::compute(&model, &Options::default());
    step(
        "the scores (compute: graph, lanes, matrices, what-if tree)",
        base,
    );
    let report = analysis::report::build(&model, scores, &Options::default());
    step("  with the report", base);
    drop(report);
    step("(scores dropped)", base);
    println!(
        "\n{} nodes, {} edges; the model {:.1} MB",
        model.nodes.len(),
        model.edges.len(),
        LIVE.load(Relaxed).saturating_sub(base) as f64 / 1e6
    );
}
