//! # aligngraph
//!
//! Scores how an IT portfolio serves business strategy: alignment of every initiative with the
//! weighted goals (and by which paths), goal coverage, delivery risk propagated along
//! dependencies, structural risk (cycles, single points of failure, blast radius, centrality)
//! and the portfolio KPIs an executive reads first.
//!
//! The crate is a pure analytics core: it never reads files, the clock or randomness on its own
//! and knows nothing of JavaScript. Callers pass text in and get plain Rust values out.
//!
//! ```
//! let text = r#"{"format": "aligngraph", "version": 1,
//!   "nodes": [{"id": "g", "kind": "goal"}, {"id": "i", "kind": "initiative", "cost": 100}],
//!   "edges": [{"from": "i", "to": "g", "kind": "contributes", "weight": 0.5}]}"#;
//! let (model, diagnostics) = aligngraph::load_json(text);
//! assert!(diagnostics.is_empty());
//! let report = aligngraph::score(&model, &aligngraph::Options::default());
//! assert_eq!(report.kpis.alignment_index, 0.5);
//! ```

pub mod analysis;
pub mod bench;
#[cfg(target_arch = "wasm32")]
pub mod bindings;
pub mod decide;
pub mod demo;
pub mod diagnostics;
pub mod formats;
pub mod generate;
pub mod graph;
pub mod layout;
pub mod lens;
pub mod model;
pub mod workspace;

pub use analysis::{Options, Report, score};
pub use diagnostics::{Code, Diagnostic, Severity};
pub use model::{Edge, EdgeKind, Model, Node, NodeKind, load_json, load_json_limited, to_json};
