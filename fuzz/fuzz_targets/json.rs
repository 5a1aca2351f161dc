//! The native JSON model loader on arbitrary UTF-8 text. A model that loads without errors must
//! come back unchanged from `to_json` (the lossless round trip of ARCHITECTURE.md).
#![no_main]

use aligngraph::diagnostics::has_errors;
use aligngraph::model::{load_json, to_json};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (model, diags) = load_json(text);
    if has_errors(&diags) {
        return;
    }
    let written = to_json(&model);
    let (back, diags) = load_json(&written);
    assert!(
        !has_errors(&diags),
        "written JSON loads with errors: {diags:?}\n{written}"
    );
    assert!(
        back == model,
        "model changes in a to_json/load_json round trip\n{written}"
    );
});
