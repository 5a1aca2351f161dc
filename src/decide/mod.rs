//! Portfolio decisions: goal weights by AHP, prioritisation (WSJF, weighted scoring and the
//! sensitivity of its ranking), budget optimisation with the efficient frontier, the schedule
//! (CPM and PERT), Monte Carlo simulation, and named scenarios compared with the baseline.
//!
//! Every method is plain Rust over a loaded [`Model`](crate::model::Model) (and, where alignment
//! matters, its [`Scores`](crate::analysis::Scores)). Failures are a [`Diagnostic`] with a stable
//! code and a place; randomness comes only from the seed a caller passes. Formulas and worked
//! examples are in `docs/decisions/`.

// Errors are diagnostics (a code, a place and a sentence), returned only on bad input.
#![allow(clippy::result_large_err)]

pub mod ahp;
pub mod diff;
pub mod optimize;
pub mod priority;
pub mod risk_matrix;
pub mod scenario;
pub mod schedule;
pub mod simulate;

use crate::diagnostics::{Code, Diagnostic, Place};

/// How far a long computation has come, passed to [`Stop::stop`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Search nodes visited in the current solve.
    pub nodes: usize,
    /// Frontier points done, when computing the frontier.
    pub point: usize,
    /// Frontier points asked for (0 for a single solve).
    pub points: usize,
    /// Searches begun so far (1 for a single solve), so a caller can share its time among them.
    pub search: usize,
}

/// Asked now and then by a long computation (the optimiser's search) whether to stop and
/// return the best answer found so far. The core never reads the clock: the command line
/// answers from a time limit. A closure `FnMut(Progress) -> bool` is a `Stop`.
pub trait Stop {
    /// True to stop now.
    fn stop(&mut self, progress: Progress) -> bool;
}

impl<F: FnMut(Progress) -> bool> Stop for F {
    fn stop(&mut self, progress: Progress) -> bool {
        self(progress)
    }
}

/// A [`Stop`] that never stops (the work is bounded by the node limit alone).
pub struct Never;

impl Stop for Never {
    fn stop(&mut self, _: Progress) -> bool {
        false
    }
}

/// A failed decision method: one error diagnostic.
pub type Error = Diagnostic;

/// Scoring options for the decision methods: alignment and risk only, without the blast radius,
/// the single points of failure and betweenness, which no decision method reads (the command
/// line, scenarios, simulations, tests and benchmarks score with these).
pub fn scoring_options() -> crate::analysis::Options {
    crate::analysis::Options {
        blast_radius_limit: 0,
        single_points_of_failure: false,
        betweenness_limit: 0.0,
        ..crate::analysis::Options::default()
    }
}

/// An `INVALID_ARGUMENT` error naming the argument.
pub fn invalid_argument(field: &str, message: impl Into<String>) -> Error {
    Diagnostic::error(
        Code::InvalidArgument,
        Place {
            field: Some(field.to_string()),
            ..Place::default()
        },
        message,
    )
}
