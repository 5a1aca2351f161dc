//! Hostile and broken input through the import entry point (`formats::import::import`) and the
//! command line: malformed XML, entity expansion, deep nesting, dangling relationships, a zip
//! bomb, non-UTF-8 CSV, a 100 MB exchange file, empty, blank and binary files. Every case must
//! end in a clear diagnostic (naming the line and column, the file or the element id), never a
//! panic or a hang, with memory bounded by the readers' limits. No case asserts a time: speed is
//! measured by `benches/import.rs`.

use crate::common::{root, run_cli};
use aligngraph::diagnostics::{Code, Diagnostic, has_errors};
use aligngraph::formats::archi::MAX_MODEL_BYTES;
use aligngraph::formats::exchange::{self, NAMESPACE};
use aligngraph::formats::import::{InputFile, import};
use aligngraph::formats::mapping::{self, Import, Mapping};
use aligngraph::generate;
use std::io::{Cursor, Write};
use std::path::PathBuf;

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
const ARCHI_NS: &str = "http://www.archimatetool.com/archimate";

/// Imports one file with the default mapping.
fn import_one(name: &str, bytes: &[u8]) -> Import {
    import(&[InputFile { name, bytes }], &Mapping::default())
}

/// Imports one file past the nesting depth limit (the walks must not recurse at any depth).
fn import_deep(name: &str, bytes: &[u8]) -> Import {
    let deep = aligngraph::formats::limits::Limits {
        xml_depth: usize::MAX,
        ..aligngraph::formats::limits::Limits::CLI
    };
    aligngraph::formats::import::import_limited(
        &[InputFile { name, bytes }],
        &Mapping::default(),
        &deep,
    )
}

/// Imports a set of files with the default mapping.
fn import_set(files: &[(&str, &[u8])]) -> Import {
    let files: Vec<InputFile> = files
        .iter()
        .map(|&(name, bytes)| InputFile { name, bytes })
        .collect();
    import(&files, &Mapping::default())
}

/// The errors of an import, which must have some and an empty model.
fn errors_of(imp: &Import) -> Vec<&Diagnostic> {
    let errors: Vec<&Diagnostic> = imp.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(
        !errors.is_empty(),
        "expected an error, got {:#?}",
        imp.diagnostics
    );
    assert!(
        imp.model.nodes.is_empty() && imp.model.edges.is_empty(),
        "an import with errors must give an empty model"
    );
    for e in &errors {
        assert!(!e.message.trim().is_empty(), "an error without a message");
    }
    errors
}

/// The one error of an import, with its code.
fn single_error(imp: &Import, code: Code) -> &Diagnostic {
    let errors = errors_of(imp);
    assert_eq!(errors.len(), 1, "{:#?}", imp.diagnostics);
    assert_eq!(errors[0].code, code, "{:#?}", imp.diagnostics);
    errors[0]
}

/// An exchange document around `body`.
fn exchange_doc(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<model xmlns=\"{NAMESPACE}\" \
         xmlns:xsi=\"{XSI}\" identifier=\"m\">\n{body}\n</model>\n"
    )
}

/// An Archi `.archimate` document around `body`.
fn archi_doc(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<archimate:model xmlns:xsi=\"{XSI}\" \
         xmlns:archimate=\"{ARCHI_NS}\" name=\"M\" id=\"m\">\n{body}\n</archimate:model>\n"
    )
}

/// A zip archive holding `entries`, deflated.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A temporary folder for command-line cases.
fn tmp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("aligngraph-hostile-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

// ---------------------------------------------------------------------------------------------
// Malformed XML

#[test]
fn malformed_exchange_xml_names_line_and_column() {
    // Line 5 closes <name> with </nme>.
    let text = exchange_doc(
        "  <elements>\n    <element identifier=\"a\" xsi:type=\"Goal\">\n      <name>A</nme>\n    </element>\n  </elements>",
    );
    let imp = import_one("model.xml", text.as_bytes());
    let e = single_error(&imp, Code::InvalidXml);
    assert_eq!(e.place.line, Some(5), "{e}");
    assert!(e.place.column.is_some(), "{e}");
    assert!(e.to_string().contains("line 5, column"), "{e}");

    // Cut in the middle of a tag: the error points at the end of the text.
    let cut = &text[..text.find("<name>").unwrap() + 3];
    let imp = import_one("model.xml", cut.as_bytes());
    let e = single_error(&imp, Code::InvalidXml);
    assert!(e.place.line.is_some() && e.place.column.is_some(), "{e}");

    // An attribute twice, an unescaped ampersand, a stray close tag.
    for body in [
        "<elements><element identifier=\"a\" identifier=\"b\" xsi:type=\"Goal\"/></elements>",
        "<elements><element identifier=\"a&b\" xsi:type=\"Goal\"/></elements>",
        "<elements></element></elements>",
    ] {
        let imp = import_one("model.xml", exchange_doc(body).as_bytes());
        let e = single_error(&imp, Code::InvalidXml);
        assert_eq!(e.place.line, Some(3), "{body}: {e}");
        assert!(e.place.column.is_some(), "{body}: {e}");
    }
}

#[test]
fn malformed_archimate_xml_names_line_and_column() {
    let text = archi_doc(
        "  <folder name=\"Strategy\" id=\"f\" type=\"strategy\">\n    <element xsi:type=\"archimate:Goal\" name=\"G\" id=\"g\">\n  </folder>",
    );
    let imp = import_one("model.archimate", text.as_bytes());
    let e = single_error(&imp, Code::InvalidXml);
    assert_eq!(e.place.line, Some(5), "{e}");
    assert!(e.place.column.is_some(), "{e}");

    // The same inside a zip archive: the message names the entry.
    let z = zip_of(&[("model.archimate", text.as_bytes())]);
    let imp = import_one("model.archimate", &z);
    let e = single_error(&imp, Code::InvalidXml);
    assert_eq!(e.place.line, Some(5), "{e}");
    assert!(e.message.contains("model.archimate"), "{e}");
}

#[test]
fn malformed_xml_on_the_command_line_names_line_and_column() {
    let dir = tmp_dir("malformed");
    let path = dir.join("broken.xml");
    std::fs::write(
        &path,
        exchange_doc("  <elements>\n    <element identifier=\"a\" xsi:type=\"Goal\">\n      <name>A</nme>\n  </elements>"),
    )
    .unwrap();
    let out = run_cli(&root(), &["import", path.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("INVALID_XML") && err.contains("line 5, column"),
        "{err}"
    );
    assert!(out.stdout.is_empty(), "no model is written on error");
}

// ---------------------------------------------------------------------------------------------
// Entity expansion

/// A billion-laughs DTD: ten levels of ten references, 10^9 copies of "lol" if expanded.
fn billion_laughs(root: &str) -> String {
    let mut dtd = format!("<!DOCTYPE {root} [\n <!ENTITY lol0 \"lol\">\n");
    for i in 1..10 {
        let refs = format!("&lol{};", i - 1).repeat(10);
        dtd.push_str(&format!(" <!ENTITY lol{i} \"{refs}\">\n"));
    }
    dtd.push_str("]>\n");
    dtd
}

#[test]
fn billion_laughs_in_an_exchange_file_is_refused_not_expanded() {
    let doc = exchange_doc(
        "<name>&lol9;</name><elements><element identifier=\"a\" xsi:type=\"Goal\"><name>&lol9;</name></element></elements>",
    );
    let text = doc.replacen("\n", &format!("\n{}", billion_laughs("model")), 1);
    let imp = import_one("model.xml", text.as_bytes());
    let e = single_error(&imp, Code::InvalidXml);
    assert_eq!(e.place.line, Some(2), "{e}");
    assert_eq!(e.place.column, Some(1), "{e}");
    assert!(e.message.contains("DOCTYPE"), "{e}");

    // An external entity (XXE) the same way.
    let xxe = doc.replacen(
        "\n",
        "\n<!DOCTYPE model [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n",
        1,
    );
    let imp = import_one("model.xml", xxe.as_bytes());
    assert!(
        single_error(&imp, Code::InvalidXml)
            .message
            .contains("DOCTYPE")
    );
}

#[test]
fn billion_laughs_in_an_archimate_file_is_refused_not_expanded() {
    let doc = archi_doc(
        "<folder name=\"S\" id=\"f\" type=\"strategy\"><element xsi:type=\"archimate:Goal\" name=\"&lol9;\" id=\"g\"/></folder>",
    );
    let text = doc.replacen("\n", &format!("\n{}", billion_laughs("archimate:model")), 1);
    let imp = import_one("model.archimate", text.as_bytes());
    let e = single_error(&imp, Code::InvalidXml);
    assert_eq!((e.place.line, e.place.column), (Some(2), Some(1)), "{e}");
    assert!(e.message.contains("DOCTYPE"), "{e}");

    // Zipped, as Archi saves models with images.
    let z = zip_of(&[
        ("model.archimate", text.as_bytes()),
        ("images/a.png", b"\x89PNG"),
    ]);
    let imp = import_one("model.archimate", &z);
    let e = single_error(&imp, Code::InvalidXml);
    assert_eq!(e.place.line, Some(2), "{e}");
    assert!(e.message.contains("DOCTYPE"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Deep nesting

const DEPTH: usize = 100_000;

#[test]
fn nesting_100k_deep_in_an_exchange_file_is_walked_without_recursion() {
    // Unknown elements 100k deep between the concepts: read past.
    let body = format!(
        "<elements><element identifier=\"g\" xsi:type=\"Goal\"/>\
         <element identifier=\"c\" xsi:type=\"Capability\"/></elements>{}{}\
         <relationships><relationship identifier=\"r\" source=\"c\" target=\"g\" \
         xsi:type=\"Realization\"/></relationships>",
        "<x>".repeat(DEPTH),
        "</x>".repeat(DEPTH)
    );
    let imp = import_deep("model.xml", exchange_doc(&body).as_bytes());
    assert!(!has_errors(&imp.diagnostics), "{:#?}", imp.diagnostics);
    assert_eq!((imp.model.nodes.len(), imp.model.edges.len()), (2, 1));

    // View nodes 100k deep: the nesting is read without recursion.
    let mut view = String::from(
        "<elements><element identifier=\"a\" xsi:type=\"Capability\"/>\
         <element identifier=\"b\" xsi:type=\"Capability\"/></elements>\
         <views><diagrams><view identifier=\"v\" xsi:type=\"Diagram\">",
    );
    for i in 0..DEPTH {
        let e = if i % 2 == 0 { "a" } else { "b" };
        view.push_str(&format!(
            "<node identifier=\"n{i}\" elementRef=\"{e}\" xsi:type=\"Element\">"
        ));
    }
    view.push_str(&"</node>".repeat(DEPTH));
    view.push_str("</view></diagrams></views>");
    let imp = import_deep("model.xml", exchange_doc(&view).as_bytes());
    assert!(!has_errors(&imp.diagnostics), "{:#?}", imp.diagnostics);
    assert_eq!(imp.model.nodes.len(), 2);

    // Deep and never closed: an error at the end, not a crash.
    let imp = import_deep("model.xml", exchange_doc(&"<x>".repeat(DEPTH)).as_bytes());
    let e = single_error(&imp, Code::InvalidXml);
    assert!(e.place.line.is_some(), "{e}");
}

#[test]
fn nesting_100k_deep_in_an_archimate_file_is_walked_without_recursion() {
    // Folders 100k deep with the concepts at the bottom.
    let body = format!(
        "{}<element xsi:type=\"archimate:Goal\" name=\"G\" id=\"g\"/>\
         <element xsi:type=\"archimate:Capability\" name=\"C\" id=\"c\"/>\
         <element xsi:type=\"archimate:RealizationRelationship\" id=\"r\" source=\"c\" target=\"g\"/>{}",
        "<folder name=\"f\" id=\"f\">".repeat(DEPTH),
        "</folder>".repeat(DEPTH)
    );
    let imp = import_deep("model.archimate", archi_doc(&body).as_bytes());
    assert!(!has_errors(&imp.diagnostics), "{:#?}", imp.diagnostics);
    assert_eq!((imp.model.nodes.len(), imp.model.edges.len()), (2, 1));

    // Diagram boxes 100k deep.
    let mut body = String::from(
        "<folder name=\"S\" id=\"s\"><element xsi:type=\"archimate:Capability\" name=\"A\" id=\"a\"/>\
         <element xsi:type=\"archimate:Capability\" name=\"B\" id=\"b\"/></folder>\
         <folder name=\"Views\" id=\"v\"><element xsi:type=\"archimate:ArchimateDiagramModel\" name=\"V\" id=\"d\">",
    );
    for i in 0..DEPTH {
        let e = if i % 2 == 0 { "a" } else { "b" };
        body.push_str(&format!(
            "<child xsi:type=\"archimate:DiagramObject\" id=\"o{i}\" archimateElement=\"{e}\">"
        ));
    }
    body.push_str(&"</child>".repeat(DEPTH));
    body.push_str("</element></folder>");
    let imp = import_deep("model.archimate", archi_doc(&body).as_bytes());
    assert!(!has_errors(&imp.diagnostics), "{:#?}", imp.diagnostics);
    assert_eq!(imp.model.nodes.len(), 2);

    // Never closed.
    let imp = import_deep(
        "model.archimate",
        archi_doc(&"<folder>".repeat(DEPTH)).as_bytes(),
    );
    let e = single_error(&imp, Code::InvalidXml);
    assert!(e.place.line.is_some(), "{e}");
}

#[test]
fn nesting_100k_deep_in_a_json_model_is_an_error_with_its_place() {
    let text = format!(
        "{{\"format\": \"aligngraph\", \"version\": 1, \"nodes\": [{{\"id\": \"a\", \"kind\": \"goal\", \"x\": {}{}}}], \"edges\": []}}",
        "[".repeat(DEPTH),
        "]".repeat(DEPTH)
    );
    let imp = import_one("model.json", text.as_bytes());
    let errors = errors_of(&imp);
    assert_eq!(errors.len(), 1, "{:#?}", imp.diagnostics);
    let e = errors[0];
    assert!(e.message.contains("recursion limit"), "{e}");
    // The node, and its field "x" by its first levels.
    assert_eq!(
        e.place.pointer.as_deref(),
        Some("/nodes/0/x/0/0/0/0/0/0/0"),
        "{e}"
    );
    assert_eq!(e.place.node.as_deref(), Some("a"), "{e}");
    assert!(e.place.line.is_some() && e.place.column.is_some(), "{e}");

    // The whole document one deep array: no model at all.
    let text = format!("{{\"nodes\": {}{}}}", "[".repeat(DEPTH), "]".repeat(DEPTH));
    let imp = import_one("model.json", text.as_bytes());
    let e = errors_of(&imp)[0];
    assert!(e.place.line.is_some() && e.place.column.is_some(), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Dangling relationships

/// The UNKNOWN_NODE error of an import: it names the relationship, the missing id and a line.
fn assert_unknown_end(imp: &Import, relationship: &str, missing: &str) {
    let e = single_error(imp, Code::UnknownNode);
    let text = e.to_string();
    assert!(text.contains(relationship), "{text}");
    assert!(text.contains(missing), "{text}");
    assert!(e.place.line.is_some(), "{text}");
}

#[test]
fn a_relationship_to_a_missing_element_names_the_relationship_and_the_id() {
    let xml = exchange_doc(
        "<elements>\n<element identifier=\"g\" xsi:type=\"Goal\"/>\n</elements>\n<relationships>\n\
         <relationship identifier=\"rel-1\" source=\"ghost-7\" target=\"g\" xsi:type=\"Realization\"/>\n\
         </relationships>",
    );
    let imp = import_one("model.xml", xml.as_bytes());
    assert_unknown_end(&imp, "rel-1", "ghost-7");
    assert_eq!(imp.diagnostics[0].place.line, Some(7));

    let archi = archi_doc(
        "<folder name=\"S\" id=\"f\">\n<element xsi:type=\"archimate:Goal\" name=\"G\" id=\"g\"/>\n\
         <element xsi:type=\"archimate:RealizationRelationship\" id=\"rel-1\" source=\"g\" target=\"ghost-7\"/>\n</folder>",
    );
    let imp = import_one("model.archimate", archi.as_bytes());
    assert_unknown_end(&imp, "rel-1", "ghost-7");
    assert_eq!(imp.diagnostics[0].place.line, Some(5));

    let elements = b"\"ID\",\"Type\",\"Name\",\"Documentation\",\"Specialization\"\n\"g\",\"Goal\",\"G\",\"\",\"\"\n";
    let relations = b"\"ID\",\"Type\",\"Name\",\"Documentation\",\"Source\",\"Target\",\"Specialization\"\n\"rel-1\",\"RealizationRelationship\",\"\",\"\",\"ghost-7\",\"g\",\"\"\n";
    let imp = import_set(&[("elements.csv", elements), ("relations.csv", relations)]);
    assert_unknown_end(&imp, "rel-1", "ghost-7");
    assert_eq!(imp.diagnostics[0].place.line, Some(2));

    let imp = import_set(&[
        ("nodes.csv", b"id,kind\ng,goal\n"),
        ("edges.csv", b"from,to,kind\nghost-7,g,contributes\n"),
    ]);
    let e = single_error(&imp, Code::UnknownNode);
    assert_eq!(e.place.file.as_deref(), Some("edges.csv"), "{e}");
    assert_eq!(e.place.line, Some(2), "{e}");
    assert!(e.to_string().contains("ghost-7"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Zip bomb

#[test]
fn a_zip_bomb_is_refused_within_the_size_cap() {
    // 1 GiB of zeros deflates to about 1 MB; the cap on a model is 512 MiB.
    const INFLATED: u64 = 1 << 30;
    const { assert!(INFLATED > MAX_MODEL_BYTES) };
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    w.start_file("model.archimate", opts).unwrap();
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..INFLATED / chunk.len() as u64 {
        w.write_all(&chunk).unwrap();
    }
    let bomb = w.finish().unwrap().into_inner();
    assert!(
        bomb.len() < 2 << 20,
        "the bomb is small: {} bytes",
        bomb.len()
    );

    // Honest headers: refused from the declared size, nothing inflated.
    let imp = import_one("bomb.archimate", &bomb);
    let e = single_error(&imp, Code::LimitExceeded);
    assert!(
        e.message.contains("model.archimate") && e.message.contains(&INFLATED.to_string()),
        "{e}"
    );

    // Lying headers (a declared size of 1,000 bytes): the inflated stream is cut at the cap.
    let mut lying = bomb.clone();
    let size = (INFLATED as u32).to_le_bytes();
    let mut patched = 0;
    for i in 0..lying.len().saturating_sub(30) {
        let at = match &lying[i..i + 4] {
            b"PK\x03\x04" => i + 22,
            b"PK\x01\x02" => i + 24,
            _ => continue,
        };
        if lying[at..at + 4] == size {
            lying[at..at + 4].copy_from_slice(&1000u32.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "both size fields found");
    let imp = import_one("bomb.archimate", &lying);
    let e = errors_of(&imp)[0];
    assert!(
        matches!(e.code, Code::LimitExceeded | Code::InvalidArchive),
        "{e}"
    );
    assert!(e.message.contains("model.archimate"), "{e}");
}

#[test]
fn damaged_and_empty_zip_archives_are_clear_errors() {
    let good = zip_of(&[("model.archimate", archi_doc("").as_bytes())]);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", good[..good.len() / 2].to_vec()),
        ("no model entry", zip_of(&[("readme.txt", b"hello")])),
        ("empty archive", zip_of(&[])),
        ("header only", b"PK\x03\x04".to_vec()),
    ];
    for (what, bytes) in cases {
        let imp = import_one("model.archimate", &bytes);
        let e = errors_of(&imp)[0];
        assert!(
            matches!(e.code, Code::InvalidArchive | Code::UnsupportedFormat),
            "{what}: {e}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Non-UTF-8 CSV

#[test]
fn non_utf8_csv_names_the_file_and_the_line() {
    // "été" in Latin-1 on line 3.
    let imp = import_set(&[
        (
            "nodes.csv",
            b"id,kind,name\ng,goal,G\nc,capability,\xe9t\xe9\n",
        ),
        ("edges.csv", b"from,to,kind\nc,g,contributes\n"),
    ]);
    let e = single_error(&imp, Code::InvalidCsv);
    assert_eq!(e.place.file.as_deref(), Some("nodes.csv"), "{e}");
    assert_eq!(e.place.line, Some(3), "{e}");
    assert!(e.to_string().contains("nodes.csv, line 3"), "{e}");

    let imp = import_set(&[
        ("nodes.csv", b"id,kind\ng,goal\nc,capability\n"),
        (
            "edges.csv",
            b"from,to,kind\nc,g,contributes\nc,g,supp\xf6rts\n",
        ),
    ]);
    let e = single_error(&imp, Code::InvalidCsv);
    assert_eq!(e.place.file.as_deref(), Some("edges.csv"), "{e}");
    assert_eq!(e.place.line, Some(3), "{e}");

    let elements =
        b"\"ID\",\"Type\",\"Name\"\n\"g\",\"Goal\",\"G\"\n\"c\",\"Capability\",\"\xe9t\xe9\"\n";
    let relations = b"\"ID\",\"Type\",\"Name\",\"Documentation\",\"Source\",\"Target\"\n";
    let imp = import_set(&[("elements.csv", elements), ("relations.csv", relations)]);
    let e = errors_of(&imp)[0];
    assert_eq!(e.code, Code::InvalidCsv, "{e}");
    assert_eq!(e.place.file.as_deref(), Some("elements.csv"), "{e}");
    assert_eq!(e.place.line, Some(3), "{e}");
}

#[test]
fn non_utf8_csv_on_the_command_line_names_the_file_and_the_line() {
    let dir = tmp_dir("latin1-csv");
    std::fs::write(
        dir.join("nodes.csv"),
        b"id,kind,name\ng,goal,G\nc,capability,\xe9t\xe9\n",
    )
    .unwrap();
    std::fs::write(dir.join("edges.csv"), b"from,to,kind\nc,g,contributes\n").unwrap();
    let out = run_cli(&root(), &["import", dir.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("INVALID_CSV") && err.contains("nodes.csv, line 3"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// A 100 MB exchange file

#[test]
fn a_100_mb_exchange_file_imports_completely() {
    // 100,000 elements and about 200,000 relationships, written by the exchange writer.
    let model = generate::layered(100_000, 2, 0x5EED);
    let xml = exchange::write(&mapping::from_model(&model, None), None);
    assert!(xml.len() >= 100_000_000, "{} bytes", xml.len());
    let imp = import_one("big.xml", xml.as_bytes());
    drop(xml);
    assert!(
        !has_errors(&imp.diagnostics),
        "{:#?}",
        &imp.diagnostics[..5]
    );
    assert_eq!(imp.model.nodes.len(), model.nodes.len());
    assert_eq!(imp.model.edges.len(), model.edges.len());
    assert_eq!(imp.summary.format, "exchange");
    assert_eq!(imp.summary.elements, 100_000);
}

// ---------------------------------------------------------------------------------------------
// Empty, blank and binary files

/// Bytes that are no text: a fixed pseudo-random sequence with NULs and invalid UTF-8.
fn binary() -> Vec<u8> {
    (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect()
}

const NAMES: [&str; 6] = [
    "model.xml",
    "model.archimate",
    "model.json",
    "elements.csv",
    "model.bin",
    "model",
];

#[test]
fn an_empty_file_is_a_clear_error() {
    for name in NAMES {
        let imp = import_one(name, b"");
        let e = errors_of(&imp)[0];
        assert!(e.to_string().contains(name), "{name}: {e}");
    }
}

#[test]
fn a_file_of_only_whitespace_is_a_clear_error() {
    for name in NAMES {
        let imp = import_one(name, b"  \n\t\r\n   \n");
        let e = errors_of(&imp)[0];
        assert!(e.to_string().contains(name), "{name}: {e}");
    }
}

#[test]
fn an_empty_or_blank_nodes_csv_is_a_clear_error() {
    for bytes in [&b""[..], b"  \n\t\r\n   \n"] {
        let imp = import_set(&[("nodes.csv", bytes), ("edges.csv", b"from,to,kind\n")]);
        let e = errors_of(&imp)[0];
        assert_eq!(e.place.file.as_deref(), Some("nodes.csv"), "{e}");
        assert!(e.message.contains("empty"), "{e}");
    }
}

#[test]
fn a_binary_file_is_a_clear_error() {
    let bin = binary();
    for name in NAMES.iter().chain(&["nodes.csv"]) {
        let imp = import_one(name, &bin);
        let e = errors_of(&imp)[0];
        assert!(
            matches!(
                e.code,
                Code::UnsupportedFormat | Code::InvalidCsv | Code::InvalidXml
            ),
            "{name}: {e}"
        );
    }
    // Binary behind a plausible start: an XML prolog, a zip signature, a JSON brace, UTF-16.
    let starts: [(&str, &[u8]); 5] = [
        ("model.xml", b"<?xml version=\"1.0\"?>\n<model>"),
        ("model.archimate", b"<archimate:model "),
        ("model.archimate", b"PK\x03\x04"),
        ("model.json", b"{\n"),
        ("model.xml", b"\xff\xfe<\x00m\x00"),
    ];
    for (name, start) in starts {
        let mut bytes = start.to_vec();
        bytes.extend_from_slice(&bin);
        let imp = import_one(name, &bytes);
        let e = errors_of(&imp)[0];
        assert!(!e.message.is_empty(), "{name}");
        if start.starts_with(b"<") || start.starts_with(b"{") {
            // Text that turns to binary: the error has the line where it did.
            assert!(e.place.line.is_some(), "{name}: {e}");
        }
    }
}
