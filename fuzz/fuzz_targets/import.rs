//! The import entry point (format detection, then every reader and the mapping) on arbitrary
//! bytes. The first byte chooses how many files (1 to 3: its two low bits) and their names (its
//! six high bits); the rest is split at
//! NUL bytes into their contents.
#![no_main]

use aligngraph::formats::import::{InputFile, import};
use aligngraph::formats::mapping::Mapping;
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 8] = [
    "model.xml",
    "model.archimate",
    "model.json",
    "elements.csv",
    "relations.csv",
    "properties.csv",
    "nodes.csv",
    "edges.csv",
];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let count = 1 + (sel as usize & 3) % 3;
    let parts: Vec<&[u8]> = rest.splitn(count, |&b| b == 0).collect();
    let files: Vec<InputFile> = parts
        .iter()
        .enumerate()
        .map(|(i, bytes)| InputFile {
            // The selector's upper six bits name the first file; the others follow in NAMES.
            name: NAMES[((sel >> 2) as usize + i) % NAMES.len()],
            bytes,
        })
        .collect();
    let imp = import(&files, &Mapping::default());
    if imp.diagnostics.iter().any(|d| d.is_error()) {
        assert!(
            imp.model.nodes.is_empty(),
            "an import with errors returned a model"
        );
    }
});
