//! Writers for formats other than the native model JSON.

pub mod scores_csv;
