//! Writers for formats other than the native model JSON.

pub mod html;
pub mod scores_csv;
