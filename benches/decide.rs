//! Decisions benchmark: the budget optimiser on generated portfolios of 50, 100, 200 and 500
//! initiatives (random costs and benefits, about 10% depending on an earlier initiative, n / 20
//! exclusion pairs, a few mandatory ones) at 10%, 30% and 60% of the total cost, whether each
//! solve is proved optimal, and the demo's re-optimisation (one solve, the whole frontier) and
//! weighted ranking.
//!
//! `cargo bench --bench decide` prints a Markdown table and writes `target/bench-decide.md`.
//! Without `--bench` (as under `cargo test --benches`) one run per case is done and no file is
//! written.

#[path = "common/mod.rs"]
mod common;

use aligngraph::analysis::{self, Options, Scores};
use aligngraph::decide::{optimize, priority};
use aligngraph::model::{Edge, EdgeKind, Model, Node, NodeKind, Num};
use common::measure;
use std::fmt::Write as _;
use std::path::Path;

const SIZES: [usize; 4] = [50, 100, 200, 500];
const SHARES: [f64; 3] = [0.1, 0.3, 0.6];
const SEED: u64 = 0x5EED;

/// A deterministic pseudo-random stream (splitmix64) in [0, 1).
struct Stream(u64);

impl Stream {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn portfolio(n: usize, seed: u64) -> Model {
    let mut r = Stream(seed);
    let mut m = Model::new();
    for i in 0..n {
        let mut node = Node::new(format!("ini-{i:04}"), NodeKind::Initiative);
        let a = node.attrs_mut();
        a.set(Num::Cost, Some((50.0 + 950.0 * r.next()).round()));
        a.set(Num::Benefit, Some((100.0 + 1900.0 * r.next()).round()));
        a.mandatory = Some(i % 97 == 5);
        m.add_node(node);
    }
    for i in 1..n {
        if r.next() < 0.1 {
            let j = (r.next() * i as f64) as u32;
            m.add_edge(Edge::new(i as u32, j, EdgeKind::DependsOn));
        }
    }
    for _ in 0..n / 20 {
        let (a, b) = ((r.next() * n as f64) as u32, (r.next() * n as f64) as u32);
        if a != b {
            m.add_edge(Edge::new(a, b, EdgeKind::Excludes));
        }
    }
    m
}

fn scores(m: &Model) -> Scores {
    analysis::compute(
        m,
        &Options {
            blast_radius_limit: 0,
            single_points_of_failure: false,
            ..Options::default()
        },
    )
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let runs = if bench { 15 } else { 1 };
    let mut out = String::new();
    let _ = writeln!(out, "# aligngraph decisions benchmark\n");
    let _ = writeln!(
        out,
        "{} build; median and fastest of {runs} run(s) after one warm-up (ms). Portfolios are \
         generated with seed {SEED:#x}; the solve includes building the problem from the model \
         and its scores.\n",
        if cfg!(debug_assertions) {
            "Test-profile (opt-level 2, debug assertions)"
        } else {
            "Optimised"
        }
    );
    let _ = writeln!(
        out,
        "| initiatives | budget (share of total cost) | median ms | min ms | optimal | gap | value | selected |"
    );
    let _ = writeln!(out, "|---:|---:|---:|---:|:---:|---:|---:|---:|");
    for n in SIZES {
        let m = portfolio(n, SEED);
        let s = scores(&m);
        let total: f64 = optimize::problem(&m, &s, None)
            .expect("a generated portfolio is a problem")
            .items()
            .iter()
            .map(|i| i.cost)
            .sum();
        for share in SHARES {
            let budget = (total * share).round();
            let (t, sol) = measure(runs, || {
                let p =
                    optimize::problem(&m, &s, None).expect("a generated portfolio is a problem");
                p.solve(budget).expect("a generated portfolio is feasible")
            });
            let _ = writeln!(
                out,
                "| {n} | {budget} ({:.0}%) | {:.3} | {:.3} | {} | {:.2e} | {} | {} |",
                share * 100.0,
                t.median,
                t.min,
                if sol.optimal { "yes" } else { "no" },
                sol.gap,
                sol.value,
                sol.selected.len()
            );
        }
    }
    let demo = aligngraph::model::load_json(aligngraph::demo::DEMO_JSON).0;
    let s = scores(&demo);
    let p = optimize::problem(&demo, &s, None).expect("the demo is a problem");
    let total: f64 = p.items().iter().map(|i| i.cost).sum();
    let _ = writeln!(
        out,
        "\n| demo ({} active initiatives) | median ms | min ms | result |",
        p.items().len()
    );
    let _ = writeln!(out, "|---|---:|---:|---|");
    let (t, sol) = measure(runs * 4, || p.solve(total * 0.5).expect("feasible"));
    let _ = writeln!(
        out,
        "| solve at half the total cost | {:.3} | {:.3} | optimal: {} |",
        t.median, t.min, sol.optimal
    );
    let (t, f) = measure(runs, || p.frontier(50).expect("feasible"));
    let _ = writeln!(
        out,
        "| frontier (50 points at most) | {:.3} | {:.3} | {} points, exact: {} |",
        t.median,
        t.min,
        f.points.len(),
        f.exact
    );
    let (t, r) = measure(runs * 4, || {
        priority::rank(&demo, &s, &priority::Weights::default(), 5).expect("valid weights")
    });
    let _ = writeln!(
        out,
        "| weighted ranking with sensitivity (top 5) | {:.3} | {:.3} | {} rows |",
        t.median,
        t.min,
        r.rows.len()
    );
    print!("{out}");
    if bench {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target")
            .join("bench-decide.md");
        match std::fs::create_dir_all(path.parent().expect("target dir"))
            .and_then(|_| std::fs::write(&path, &out))
        {
            Ok(()) => eprintln!("[decide] results written to {}", path.display()),
            Err(e) => eprintln!("[decide] could not write {}: {e}", path.display()),
        }
    }
}
