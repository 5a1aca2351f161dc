//! Archi's `.archimate` reader on arbitrary bytes (plain XML and zip archives). When the bytes
//! read without errors, the model is also mapped.
#![no_main]

use aligngraph::diagnostics::has_errors;
use aligngraph::formats::{archi, mapping};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (ir, diags) = archi::read(data);
    if !has_errors(&diags) {
        let _ = mapping::to_model(&ir, &mapping::Mapping::default());
    }
});
