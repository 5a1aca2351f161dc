//! The nodes.csv / edges.csv reader: the input is split at the first NUL byte into the two
//! files. A pair that reads without errors must survive a write/read round trip.
#![no_main]

use aligngraph::diagnostics::has_errors;
use aligngraph::formats::plain_csv;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(2, |&b| b == 0);
    let nodes = parts.next().unwrap_or_default();
    let edges = parts.next().unwrap_or_default();
    let (model, diags) = plain_csv::read(nodes, edges);
    if has_errors(&diags) {
        return;
    }
    let (n, e) = plain_csv::write(&model);
    let (back, diags) = plain_csv::read(n.as_bytes(), e.as_bytes());
    assert!(
        !has_errors(&diags),
        "written CSV reads with errors: {diags:?}\n{n}\n{e}"
    );
    assert_eq!(back.nodes.len(), model.nodes.len());
    assert_eq!(back.edges.len(), model.edges.len());
});
