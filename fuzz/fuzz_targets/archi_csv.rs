//! Archi's CSV export reader: the input is split at NUL bytes into elements.csv, relations.csv
//! and (when there is a third part) properties.csv. When they read without errors, the model is
//! also mapped.
#![no_main]

use aligngraph::diagnostics::has_errors;
use aligngraph::formats::{archi_csv, mapping};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == 0);
    let elements = parts.next().unwrap_or_default();
    let relations = parts.next().unwrap_or_default();
    let properties = parts.next();
    let (ir, diags) = archi_csv::read(elements, relations, properties);
    if !has_errors(&diags) {
        let _ = mapping::to_model(&ir, &mapping::Mapping::default());
    }
});
