//! Hostile ArchiMate files against the readers' limits (`formats::limits`): junction fan-outs
//! and chains, an element with 200,000 attributes, deep nesting, long strings, a zip inflating
//! far past its size, a zip with two models, and more elements than the page holds. Each goes
//! through `import_limited` with the command line's and the page's limits where they differ,
//! and the command line's exit code and message are checked for the junctions and the
//! attributes. The large files are built here; `tests/fixtures/hostile/gen/` writes the same
//! ones (with the tester's sizes) for measuring.

use crate::common::{root, run_cli};
use aligngraph::diagnostics::{Code, Diagnostic};
use aligngraph::formats::exchange::NAMESPACE;
use aligngraph::formats::import::{InputFile, import_limited};
use aligngraph::formats::limits::Limits;
use aligngraph::formats::mapping::{Import, Mapping};
use aligngraph::workspace::{Workspace, WorkspaceError};
use std::fmt::Write as _;
use std::io::{Cursor, Write};

fn import_with(name: &str, bytes: &[u8], limits: &Limits) -> Import {
    import_limited(&[InputFile { name, bytes }], &Mapping::default(), limits)
}

/// The one error of a refused import (whose model is empty).
fn refusal(imp: &Import) -> &Diagnostic {
    let errors: Vec<&Diagnostic> = imp.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(imp.model.nodes.is_empty() && imp.model.edges.is_empty());
    errors[0]
}

fn head() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<model xmlns=\"{NAMESPACE}\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" identifier=\"id-hostile\">\n"
    )
}

/// `sources` applications serving `targets` capabilities through a chain of `junctions`
/// And-junctions (as `gen/junction-*.xml.mjs` write them).
fn junction_model(sources: usize, junctions: usize, targets: usize) -> String {
    let mut s = head();
    s.push_str("  <elements>\n");
    for i in 0..sources {
        let _ = writeln!(
            s,
            "    <element identifier=\"s{i}\" xsi:type=\"ApplicationComponent\"><name>Source {i}</name></element>"
        );
    }
    for i in 0..targets {
        let _ = writeln!(
            s,
            "    <element identifier=\"t{i}\" xsi:type=\"Capability\"><name>Target {i}</name></element>"
        );
    }
    for j in 0..junctions {
        let _ = writeln!(
            s,
            "    <element identifier=\"j{j}\" xsi:type=\"AndJunction\" />"
        );
    }
    s.push_str("  </elements>\n  <relationships>\n");
    let rel = |s: &mut String, id: String, from: String, to: String| {
        let _ = writeln!(
            s,
            "    <relationship identifier=\"{id}\" source=\"{from}\" target=\"{to}\" xsi:type=\"Serving\" />"
        );
    };
    for i in 0..sources {
        rel(&mut s, format!("in{i}"), format!("s{i}"), "j0".into());
    }
    for j in 1..junctions {
        rel(
            &mut s,
            format!("link{j}"),
            format!("j{}", j - 1),
            format!("j{j}"),
        );
    }
    for i in 0..targets {
        rel(
            &mut s,
            format!("out{i}"),
            format!("j{}", junctions - 1),
            format!("t{i}"),
        );
    }
    s.push_str("  </relationships>\n</model>\n");
    s
}

#[test]
fn junction_fan_out_is_refused_before_allocating() {
    let text = junction_model(3000, 1, 3000);
    for limits in [Limits::CLI, Limits::PAGE] {
        let imp = import_with("fanout.xml", text.as_bytes(), &limits);
        let e = refusal(&imp);
        assert_eq!(e.code, Code::LimitExceeded);
        assert_eq!(e.place.file.as_deref(), Some("fanout.xml"));
        assert_eq!(e.place.node.as_deref(), Some("j0"));
        assert_eq!(e.place.line, Some(6004), "the junction's element");
        assert!(
            e.message.contains(
                "junction \"j0\" joins 3,000 relationships in to 3,000 out: collapsing it would \
                 derive 9,000,000 relationships"
            ) && e.message.contains("limit `junction_edges`"),
            "{e}"
        );
        // The summary still tells what was read.
        assert_eq!(
            (imp.summary.elements, imp.summary.relationships),
            (6001, 6000)
        );
    }
}

#[test]
fn junction_fan_out_past_the_page_limit_is_refused_only_by_the_page() {
    // 800 x 700 = 560,000 derived relationships: over the page's 500,000, under the CLI's.
    let text = junction_model(800, 1, 700);
    let page = import_with("fanout.xml", text.as_bytes(), &Limits::PAGE);
    let e = refusal(&page);
    assert!(e.message.contains("derive 560,000 relationships"), "{e}");
    assert!(
        e.message.contains("the 500,000 an import may derive"),
        "{e}"
    );
    // The CLI's limit with the page's total edge count: the `edges` limit refuses it.
    let tight = Limits {
        edges: 100_000,
        ..Limits::CLI
    };
    let e = refusal(&import_with("fanout.xml", text.as_bytes(), &tight)).clone();
    assert!(
        e.message
            .contains("would have 560,000 relationships (0 read and 560,000 derived")
            && e.message.contains("limit `edges`"),
        "{e}"
    );
}

#[test]
fn junction_chain_is_collapsed_in_one_walk_with_short_via() {
    // 300 sources through 1,000 junctions to 300 targets: 90,000 relationships, each naming
    // only the relationship into the chain and the one out of it.
    let text = junction_model(300, 1000, 300);
    for limits in [Limits::CLI, Limits::PAGE] {
        let imp = import_with("chain.xml", text.as_bytes(), &limits);
        assert!(
            imp.diagnostics.iter().all(|d| !d.is_error()),
            "{:?}",
            imp.diagnostics
        );
        assert_eq!(imp.model.edges.len(), 90_000);
        assert_eq!(imp.summary.junctions, 1000);
        let x = imp.model.edge_extra(0).unwrap();
        assert_eq!(x["id"], "in0+out0");
        assert_eq!(x["via"], serde_json::json!(["in0", "out0"]));
    }
    // 20 sources through 5,000 junctions to 20 targets.
    let text = junction_model(20, 5000, 20);
    let imp = import_with("chain.xml", text.as_bytes(), &Limits::PAGE);
    assert!(imp.diagnostics.iter().all(|d| !d.is_error()));
    assert_eq!(imp.model.edges.len(), 400);
}

#[test]
fn junction_walks_past_the_limit_are_refused_naming_the_junction() {
    let text = junction_model(2, 5000, 2);
    let tight = Limits {
        junction_edges: 1000,
        ..Limits::PAGE
    };
    let e = refusal(&import_with("chain.xml", text.as_bytes(), &tight)).clone();
    assert_eq!(e.code, Code::LimitExceeded);
    assert!(
        e.message.contains("junction \"j0\"") && e.message.contains("more than 1,000 steps"),
        "{e}"
    );
}

/// An exchange model whose one element has `n` attributes.
fn wide_element(n: usize) -> String {
    let mut s = head();
    s.push_str("  <elements>\n    <element identifier=\"id-wide\" xsi:type=\"Capability\"");
    for i in 0..n {
        let _ = write!(s, " a{i}=\"{i}\"");
    }
    s.push_str(" />\n  </elements>\n</model>\n");
    s
}

#[test]
fn element_with_200000_attributes_is_refused_naming_it() {
    let text = wide_element(200_000);
    for limits in [Limits::CLI, Limits::PAGE] {
        let e = refusal(&import_with("wide.xml", text.as_bytes(), &limits)).clone();
        assert_eq!(e.code, Code::LimitExceeded);
        assert_eq!(
            (
                e.place.file.as_deref(),
                e.place.line,
                e.place.node.as_deref()
            ),
            (Some("wide.xml"), Some(4), Some("id-wide"))
        );
        assert!(
            e.message.contains(
                "<element identifier=\"id-wide\"> has 200,002 attributes, more than the 100"
            ),
            "{e}"
        );
    }
    // At the limit it is read.
    let imp = import_with("wide.xml", wide_element(98).as_bytes(), &Limits::PAGE);
    assert!(
        imp.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        imp.diagnostics
    );
    assert_eq!(imp.model.nodes.len(), 1);
}

#[test]
fn deep_nesting_is_refused_at_the_depth_limit() {
    let path = root().join("tests/fixtures/hostile/xml/deep-nesting.xml");
    let bytes = std::fs::read(path).unwrap();
    for limits in [Limits::CLI, Limits::PAGE] {
        let e = refusal(&import_with("deep-nesting.xml", &bytes, &limits)).clone();
        assert_eq!(e.code, Code::LimitExceeded);
        assert_eq!(e.place.line, Some(4));
        assert!(
            e.message
                .contains("<node> is nested 10,001 elements deep, deeper than the 10,000"),
            "{e}"
        );
    }
}

#[test]
fn a_long_name_is_refused_by_the_page_only() {
    let name = "x".repeat(2 << 20);
    let text = format!(
        "{}  <elements>\n    <element identifier=\"g\" xsi:type=\"Goal\">\n      <name>{name}</name>\n    </element>\n  </elements>\n</model>\n",
        head()
    );
    let e = refusal(&import_with("long.xml", text.as_bytes(), &Limits::PAGE)).clone();
    assert_eq!(e.code, Code::LimitExceeded);
    assert_eq!(e.place.line, Some(5));
    assert!(
        e.message
            .contains("a text of 2,097,152 bytes in <name> is longer than the 1,048,576")
            && e.message.contains("limit `string_bytes`"),
        "{e}"
    );
    let imp = import_with("long.xml", text.as_bytes(), &Limits::CLI);
    assert!(imp.diagnostics.iter().all(|d| !d.is_error()));
    assert_eq!(
        imp.model.nodes[0].name.as_deref().map(str::len),
        Some(2 << 20)
    );
}

/// A zip whose model.archimate inflates to `mib` MiB (an Archi model, then spaces).
fn zip_bomb(mib: usize) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    w.start_file("model.archimate", opts).unwrap();
    w.write_all(b"<archimate:model xmlns:archimate=\"http://www.archimatetool.com/archimate\" name=\"bomb\">").unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..mib {
        w.write_all(&chunk).unwrap();
    }
    w.write_all(b"</archimate:model>").unwrap();
    w.finish().unwrap().into_inner()
}

#[test]
fn zip_bomb_under_the_cli_cap_is_refused_by_the_page() {
    let bomb = zip_bomb(130);
    let e = refusal(&import_with("bomb.archimate", &bomb, &Limits::PAGE)).clone();
    assert_eq!(e.code, Code::LimitExceeded);
    assert_eq!(e.place.file.as_deref(), Some("bomb.archimate"));
    assert!(
        e.message.contains("the zip entry model.archimate declares")
            && e.message
                .contains("(130 MiB), more than the 134217728 bytes (128 MiB)")
            && e.message.contains("limit `inflated_bytes`"),
        "{e}"
    );
    let imp = import_with("bomb.archimate", &bomb, &Limits::CLI);
    assert!(
        imp.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        imp.diagnostics
    );
}

#[test]
fn a_zip_with_two_model_entries_is_ambiguous() {
    let path = root().join("tests/fixtures/hostile/zip/two-models.archimate");
    let bytes = std::fs::read(path).unwrap();
    let e = refusal(&import_with("two-models.archimate", &bytes, &Limits::CLI)).clone();
    assert_eq!(e.code, Code::InvalidArchive);
    assert!(
        e.message.contains(
            "the zip archive holds 2 model entries (model.archimate, model.archimate), so which \
             one is the model is ambiguous"
        ),
        "{e}"
    );
}

#[test]
fn more_elements_than_the_page_holds_are_refused_at_the_first_past_the_limit() {
    let mut s = head();
    s.push_str("  <elements>\n");
    for i in 0..=Limits::PAGE.nodes {
        let _ = writeln!(s, "<element identifier=\"e{i}\" xsi:type=\"Goal\"/>");
    }
    s.push_str("  </elements>\n</model>\n");
    let e = refusal(&import_with("many.xml", s.as_bytes(), &Limits::PAGE)).clone();
    assert_eq!(e.code, Code::LimitExceeded);
    assert_eq!(e.place.node.as_deref(), Some("e250000"));
    assert_eq!(e.place.line, Some(250_004));
    assert!(
        e.message.contains(
            "the file has more than 250,000 elements (the next one is <element \
             identifier=\"e250000\">); the limit is `nodes`"
        ),
        "{e}"
    );
}

#[test]
fn a_file_past_the_page_size_is_refused_before_it_is_copied() {
    let big = 200 << 20;
    let Err(WorkspaceError::InvalidImport(d, _)) =
        Workspace::check_file_size("big.xml", big, &Limits::PAGE)
    else {
        panic!("the page refuses 200 MiB");
    };
    assert_eq!(d[0].code, Code::LimitExceeded);
    assert_eq!(d[0].place.file.as_deref(), Some("big.xml"));
    assert!(
        d[0].message
            .contains("the file has 209,715,200 bytes (200 MiB), more than 128 MiB, the most this reader takes in one file (limit file_bytes)"),
        "{}",
        d[0]
    );
    assert!(Workspace::check_file_size("big.xml", big, &Limits::CLI).is_ok());
}

fn cli_import(name: &str, text: &str) -> (Option<i32>, String) {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile-xml");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), text).unwrap();
    let out = run_cli(&dir, &["import", name, "-o", "out.json"]);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_refuses_the_junction_fan_out_with_a_limit_error() {
    let (code, stderr) = cli_import("fanout.xml", &junction_model(3000, 1, 3000));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("fanout.xml: error[LIMIT_EXCEEDED] at line 6004, node \"j0\"")
            && stderr.contains("would derive 9,000,000 relationships, more than the 2,000,000"),
        "{stderr}"
    );
}

#[test]
fn cli_refuses_an_element_with_200000_attributes() {
    let (code, stderr) = cli_import("wide.xml", &wide_element(200_000));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("wide.xml: error[LIMIT_EXCEEDED] at line 4, node \"id-wide\"")
            && stderr.contains("has 200,002 attributes, more than the 100"),
        "{stderr}"
    );
}
