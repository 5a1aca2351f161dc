//! The Open Group exchange XML reader on arbitrary UTF-8 text. When the text reads without
//! errors, the model is also mapped (junction collapse, view nesting, properties) and written
//! back, and the written XML must read again, without errors, to the same concepts.
#![no_main]

use aligngraph::diagnostics::has_errors;
use aligngraph::formats::{exchange, mapping};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The preferred language is picked from the input so both paths of the language choice run.
    let lang = if data.len().is_multiple_of(2) {
        None
    } else {
        Some("en")
    };
    let (ir, diags) = exchange::read(text, lang);
    if has_errors(&diags) {
        return;
    }
    let _ = mapping::to_model(&ir, &mapping::Mapping::default());

    let xml = exchange::write(&ir, None);
    let (back, diags) = exchange::read(&xml, None);
    assert!(
        !has_errors(&diags),
        "written XML reads with errors: {diags:?}\n{xml}"
    );
    let ids = |m: &aligngraph::formats::archimate::ArchiModel| {
        (
            m.elements.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
            m.relationships
                .iter()
                .map(|r| (r.id.clone(), r.source.clone(), r.target.clone()))
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        ids(&ir),
        ids(&back),
        "ids change in a write/read round trip\n{xml}"
    );
});
