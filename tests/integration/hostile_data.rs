//! Hostile data in the text formats: CSV quotes that never close or close rows too late, files
//! too large or binary (`/dev/zero`), JSON strings and arrays beyond the limits, keys written
//! twice, numbers beyond a 64-bit float or large enough to overflow sums, lone surrogates, ids
//! XML cannot hold, byte order marks and UTF-16, long cycles in messages. The small files are in
//! `tests/fixtures/hostile/{csv,json,encoding}/`; large ones are built here (and by the
//! generators in `tests/fixtures/hostile/gen/`). Every case ends in a diagnostic with its code,
//! place and words; none asserts a time.

use crate::common::{root, run_cli};
use aligngraph::diagnostics::{self, Code, Diagnostic, has_errors};
use aligngraph::formats::import::{InputFile, import_limited};
use aligngraph::formats::limits::Limits;
use aligngraph::formats::mapping::{Import, Mapping};
use aligngraph::formats::text::{ReadError, read_limited};
use aligngraph::workspace::Workspace;
use std::io::Read;
use std::path::PathBuf;

fn fixture(path: &str) -> PathBuf {
    root().join("tests/fixtures/hostile").join(path)
}

fn bytes_of(path: &str) -> Vec<u8> {
    std::fs::read(fixture(path)).expect("the fixture exists")
}

/// Imports files (name, bytes) within `limits`.
fn import_with(files: &[(&str, &[u8])], limits: &Limits) -> Import {
    let files: Vec<InputFile> = files
        .iter()
        .map(|&(name, bytes)| InputFile { name, bytes })
        .collect();
    import_limited(&files, &Mapping::default(), limits)
}

fn import_fixture(path: &str) -> Import {
    let bytes = bytes_of(path);
    let name = path.rsplit('/').next().unwrap().to_string();
    import_with(&[(&name, &bytes)], &Limits::CLI)
}

fn errors(diags: &[Diagnostic]) -> Vec<&Diagnostic> {
    diags.iter().filter(|d| d.is_error()).collect()
}

/// The one error, with its code; the model must be empty.
fn single_error(imp: &Import, code: Code) -> &Diagnostic {
    let e = errors(&imp.diagnostics);
    assert_eq!(e.len(), 1, "{:#?}", imp.diagnostics);
    assert_eq!(e[0].code, code, "{:#?}", imp.diagnostics);
    assert!(
        imp.model.nodes.is_empty(),
        "an import with errors gives no model"
    );
    e[0]
}

fn stderr_of(args: &[&str]) -> (Option<i32>, String) {
    let out = run_cli(&root(), args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn cli_path(path: &str) -> String {
    fixture(path).to_str().unwrap().to_string()
}

// ---------------------------------------------------------------------------------------------
// CSV quotes

#[test]
fn unterminated_quote_in_plain_csv_is_an_error_at_the_line_it_opens() {
    let imp = import_fixture("csv/unterminated-quote.csv");
    let e = single_error(&imp, Code::InvalidCsv);
    assert_eq!(
        e.place.file.as_deref(),
        Some("unterminated-quote.csv"),
        "{e}"
    );
    assert_eq!(e.place.line, Some(3), "{e}");
    assert!(
        e.message.contains(
            "opens on line 3 and is never closed, so the rest of the file (lines 3 to 6)"
        ),
        "{e}"
    );

    let (code, err) = stderr_of(&["import", &cli_path("csv/unterminated-quote.csv")]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(
            "unterminated-quote.csv: error[INVALID_CSV] at line 3: a quoted cell opens on line 3"
        ),
        "{err}"
    );
    assert!(!err.contains("UNKNOWN_NODE"), "{err}");
}

#[test]
fn quote_closed_rows_too_late_in_plain_csv_is_a_warning_naming_both_lines() {
    let imp = import_fixture("csv/late-closing-quote.csv");
    let w: Vec<&Diagnostic> = imp
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::InvalidCsv)
        .collect();
    assert_eq!(w.len(), 1, "{:#?}", imp.diagnostics);
    assert!(!w[0].is_error());
    assert_eq!(w[0].place.line, Some(3));
    assert!(
        w[0].message.contains(
            "opens on line 3 and closes on line 6; 2 line(s) inside it look like rows (line 4 has 3 separators)"
        ),
        "{}",
        w[0]
    );
}

#[test]
fn unterminated_quote_in_archi_csv_is_an_error_at_the_line_it_opens() {
    let el = bytes_of("csv/archi-unterminated-quote/elements.csv");
    let imp = import_with(&[("elements.csv", &el)], &Limits::CLI);
    let e = single_error(&imp, Code::InvalidCsv);
    assert_eq!(e.place.file.as_deref(), Some("elements.csv"), "{e}");
    assert_eq!(e.place.line, Some(4), "{e}");
    assert!(
        e.message.contains("opens on line 4 and is never closed"),
        "{e}"
    );

    let (code, err) = stderr_of(&["import", &cli_path("csv/archi-unterminated-quote")]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("at elements.csv, line 4: a quoted cell opens on line 4"),
        "{err}"
    );
}

#[test]
fn quote_in_archi_csv_closed_by_the_next_row_is_named() {
    let el = bytes_of("csv/archi-late-closing-quote/elements.csv");
    let imp = import_with(&[("elements.csv", &el)], &Limits::CLI);
    let w = imp
        .diagnostics
        .iter()
        .find(|d| d.code == Code::InvalidCsv && !d.is_error())
        .unwrap_or_else(|| panic!("{:#?}", imp.diagnostics));
    assert_eq!(w.place.line, Some(3), "{w}");
    assert!(
        w.message
            .contains("on line 4 text follows the closing quote, so that quote probably opened a cell of its own"),
        "{w}"
    );
}

// ---------------------------------------------------------------------------------------------
// Reading files: size and binary content

/// A reader that counts what was taken from it.
struct Counting<R> {
    inner: R,
    taken: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.taken += n as u64;
        Ok(n)
    }
}

#[test]
fn reading_stops_one_byte_past_the_size_limit() {
    let mut r = Counting {
        inner: std::io::repeat(b' '),
        taken: 0,
    };
    let res = read_limited(&mut r, 100_000, "endless.json", None);
    let Err(ReadError::Refused(d)) = res else {
        panic!("an endless file must be refused")
    };
    assert_eq!(d.code, Code::LimitExceeded);
    assert_eq!(d.place.file.as_deref(), Some("endless.json"));
    assert!(
        d.message
            .contains("the file is larger than 97.7 KiB, the most this reader takes in one file (limit file_bytes)"),
        "{d}"
    );
    assert_eq!(r.taken, 100_001, "read exactly one byte past the limit");

    // A known size over the limit: refused before anything is read.
    let mut r = Counting {
        inner: std::io::repeat(b' '),
        taken: 0,
    };
    let res = read_limited(&mut r, 100_000, "big.json", Some(3 << 30));
    assert!(matches!(res, Err(ReadError::Refused(d)) if d.code == Code::LimitExceeded));
    assert_eq!(r.taken, 0);

    // At the limit exactly: read whole.
    let ok = read_limited(
        std::io::repeat(b' ').take(100_000),
        100_000,
        "x.json",
        Some(100_000),
    )
    .unwrap();
    assert_eq!(ok.len(), 100_000);
}

#[test]
fn zeros_are_named_binary_at_the_first_read() {
    let mut r = Counting {
        inner: std::io::repeat(0),
        taken: 0,
    };
    let Err(ReadError::Refused(d)) =
        read_limited(&mut r, Limits::CLI.file_bytes, "/dev/zero", None)
    else {
        panic!("zeros must be refused")
    };
    assert_eq!(d.code, Code::UnsupportedFormat);
    assert!(
        d.message
            .contains("the file is binary, not text: it holds a NUL byte at offset 0"),
        "{d}"
    );
    assert!(
        r.taken <= 64 * 1024,
        "stopped after one read, took {}",
        r.taken
    );

    // A NUL deep in a text file: refused where it is, with its line.
    let mut text = b"{\"nodes\": [\n".repeat(10_000);
    text.push(0);
    let Err(ReadError::Refused(d)) = read_limited(text.as_slice(), 1 << 30, "m.json", None) else {
        panic!("a NUL in text must be refused")
    };
    assert_eq!(d.place.line, Some(10_001), "{d}");
    assert!(d.message.contains("offset 120,000"), "{d}");
}

#[test]
fn zip_and_utf16_files_may_hold_nul_bytes() {
    for head in [b"PK\x03\x04".as_slice(), b"\xff\xfe<\x00", b"\xfe\xff\x00<"] {
        let mut data = head.to_vec();
        data.extend_from_slice(&[0, 0, 1, 0]);
        assert_eq!(
            read_limited(data.as_slice(), 1000, "f", None).unwrap(),
            data,
            "{head:?}"
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn importing_dev_zero_is_refused_as_binary_at_once() {
    for cmd in ["import", "score", "validate"] {
        let (code, err) = stderr_of(&[cmd, "/dev/zero"]);
        assert_eq!(code, Some(1), "{err}");
        assert_eq!(
            err.trim(),
            "/dev/zero: error[UNSUPPORTED_FORMAT] at line 1: the file is binary, not text: it holds a NUL byte at offset 0; aligngraph reads JSON, XML and CSV saved as UTF-8 text, and zipped .archimate files",
        );
    }
}

#[test]
fn a_file_over_the_cli_size_limit_is_refused_before_it_is_read() {
    // A sparse 3 GiB file: its length is known, so nothing of it is read.
    let dir = std::env::temp_dir().join(format!("aligngraph-hostile-data-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("huge.json");
    std::fs::File::create(&p).unwrap().set_len(3 << 30).unwrap();
    let (code, err) = stderr_of(&["validate", p.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("error[LIMIT_EXCEEDED]: the file has 3,221,225,472 bytes (3 GiB), more than 2 GiB, the most this reader takes in one file (limit file_bytes)"),
        "{err}"
    );
}

#[test]
fn a_file_over_the_page_size_limit_is_refused_by_the_import() {
    let limits = Limits {
        file_bytes: 100,
        ..Limits::PAGE
    };
    let text = format!(
        "{{\"nodes\": [], \"edges\": [], \"name\": \"{}\"}}",
        "a".repeat(200)
    );
    let imp = import_with(&[("big.json", text.as_bytes())], &limits);
    let e = single_error(&imp, Code::LimitExceeded);
    assert_eq!(e.place.file.as_deref(), Some("big.json"));
    assert!(
        e.message
            .contains("the file has 238 bytes, more than 100 bytes"),
        "{e}"
    );
}

// ---------------------------------------------------------------------------------------------
// JSON within limits

fn model_with_name(name_len: usize) -> String {
    format!(
        "{{\"format\": \"aligngraph\", \"version\": 1, \"nodes\": [\n{{\"id\": \"g\", \"kind\": \"goal\"}},\n{{\"id\": \"c\", \"kind\": \"capability\", \"name\": \"{}\"}}], \"edges\": [{{\"from\": \"c\", \"to\": \"g\", \"kind\": \"supports\"}}]}}",
        "a".repeat(name_len)
    )
}

#[test]
fn a_name_beyond_the_page_string_limit_is_refused_with_node_and_field() {
    let text = model_with_name(2 * 1024 * 1024);
    let imp = import_with(&[("m.json", text.as_bytes())], &Limits::PAGE);
    let e = single_error(&imp, Code::LimitExceeded);
    assert_eq!(e.place.node.as_deref(), Some("c"), "{e}");
    assert_eq!(e.place.field.as_deref(), Some("name"), "{e}");
    assert_eq!(e.place.pointer.as_deref(), Some("/nodes/1/name"), "{e}");
    assert_eq!(e.place.line, Some(3), "{e}");
    assert!(
        e.message.contains(
            "\"name\" is 2 MiB long; the most this reader takes for one text value is 1 MiB (limit string_bytes)"
        ),
        "{e}"
    );
    // The page's own load says the same; the command line's limit takes it.
    match Workspace::load(&text, &Limits::PAGE) {
        Err(aligngraph::workspace::WorkspaceError::InvalidModel(d)) => {
            assert_eq!(d[0].code, Code::LimitExceeded)
        }
        other => panic!("expected INVALID_MODEL, got {:?}", other.map(|_| ())),
    }
    let imp = import_with(&[("m.json", text.as_bytes())], &Limits::CLI);
    assert!(!has_errors(&imp.diagnostics), "{:#?}", imp.diagnostics);
}

#[test]
fn a_long_id_or_key_is_refused_before_it_is_copied() {
    let long = "k".repeat(2000);
    let limits = Limits {
        string_bytes: 1000,
        ..Limits::PAGE
    };
    let text = format!(
        "{{\"nodes\": [{{\"id\": \"{long}\", \"kind\": \"goal\"}}, {{\"id\": \"b\", \"kind\": \"goal\", \"{long}\": 1}}], \"edges\": []}}"
    );
    let imp = import_with(&[("m.json", text.as_bytes())], &limits);
    let e = errors(&imp.diagnostics);
    assert_eq!(e.len(), 2, "{:#?}", imp.diagnostics);
    assert!(e.iter().all(|d| d.code == Code::LimitExceeded));
    assert_eq!(e[0].place.field.as_deref(), Some("id"));
    assert_eq!(e[1].place.node.as_deref(), Some("b"));
    // No message repeats the 2,000-character text.
    assert!(e.iter().all(|d| d.to_string().len() < 400), "{e:#?}");
}

#[test]
fn more_nodes_or_edges_than_the_limit_is_one_error() {
    let limits = Limits {
        nodes: 3,
        edges: 2,
        ..Limits::PAGE
    };
    let nodes: Vec<String> = (0..5)
        .map(|i| format!("{{\"id\": \"n{i}\", \"kind\": \"goal\"}}"))
        .collect();
    let text = format!("{{\"nodes\": [{}], \"edges\": []}}", nodes.join(","));
    let imp = import_with(&[("m.json", text.as_bytes())], &limits);
    let e = single_error(&imp, Code::LimitExceeded);
    assert_eq!(e.place.pointer.as_deref(), Some("/nodes"));
    assert_eq!(
        e.message,
        "the model has 5 nodes; the most this reader takes is 3 (limit nodes)"
    );

    let edges: Vec<&str> = vec![r#"{"from": "n0", "to": "n1", "kind": "supports"}"#; 3];
    let text = format!(
        "{{\"nodes\": [{}], \"edges\": [{}]}}",
        nodes[..2].join(","),
        edges.join(",")
    );
    let imp = import_with(&[("m.json", text.as_bytes())], &limits);
    let e = single_error(&imp, Code::LimitExceeded);
    assert_eq!(e.place.pointer.as_deref(), Some("/edges"));

    // The plain CSV pair counts rows the same way, naming the file.
    let csv = "id,kind\na,goal\nb,goal\nc,goal\nd,goal\n";
    let imp = import_with(&[("nodes.csv", csv.as_bytes())], &limits);
    let e = single_error(&imp, Code::LimitExceeded);
    assert_eq!(e.place.file.as_deref(), Some("nodes.csv"));
    assert!(e.message.contains("4 node rows"), "{e}");
}

#[test]
fn keys_written_twice_are_an_error_with_key_pointer_and_line() {
    let imp = import_fixture("json/duplicate-keys.json");
    let e = single_error(&imp, Code::InvalidJson);
    assert_eq!(e.place.pointer.as_deref(), Some("/nodes/1/name"), "{e}");
    assert_eq!(e.place.node.as_deref(), Some("c"), "{e}");
    assert_eq!(
        e.place.line,
        Some(5),
        "the line of the second \"name\": {e}"
    );
    assert!(
        e.message.contains(
            "key \"name\" is written twice in one object; the second value would silently replace the first"
        ),
        "{e}"
    );

    // At the top level: the second "nodes" would replace the first.
    let text = r#"{"nodes": [{"id": "g", "kind": "goal"}],
"nodes": [], "edges": []}"#;
    let (_, d) = aligngraph::load_json(text);
    let e = errors(&d);
    assert_eq!(e.len(), 1, "{d:#?}");
    assert_eq!(e[0].place.pointer.as_deref(), Some("/nodes"));
    assert_eq!(e[0].place.line, Some(2));
    assert!(e[0].message.contains("(first at line 1)"), "{}", e[0]);
}

#[test]
fn a_number_beyond_a_64_bit_float_names_its_field_without_follow_on_errors() {
    let imp = import_fixture("json/number-1e400.json");
    let e = single_error(&imp, Code::OutOfRange);
    assert_eq!(e.place.node.as_deref(), Some("i"), "{e}");
    assert_eq!(e.place.field.as_deref(), Some("cost"), "{e}");
    assert_eq!(e.place.pointer.as_deref(), Some("/nodes/1/cost"), "{e}");
    assert!(
        e.message
            .contains("\"cost\" holds a number too large to be read (beyond about 1.8e308"),
        "{e}"
    );
}

#[test]
fn a_lone_surrogate_names_its_field_without_follow_on_errors() {
    let imp = import_fixture("json/lone-surrogate.json");
    let e = single_error(&imp, Code::InvalidValue);
    assert_eq!(e.place.node.as_deref(), Some("i"), "{e}");
    assert_eq!(e.place.field.as_deref(), Some("name"), "{e}");
    assert!(
        e.message.contains(
            "\"name\" holds a \\u escape that is not a character (a lone UTF-16 surrogate"
        ),
        "{e}"
    );
}

#[test]
fn huge_weights_and_a_tiny_job_size_are_refused_with_short_numbers() {
    let imp = import_fixture("json/huge-weights.json");
    let e = errors(&imp.diagnostics);
    assert_eq!(e.len(), 3, "{:#?}", imp.diagnostics);
    assert_eq!(e[0].code, Code::OutOfRange);
    assert_eq!(e[0].place.field.as_deref(), Some("weight"));
    assert_eq!(
        e[0].message,
        "\"weight\" is 1e308; it must be at least 0 and at most 1e15"
    );
    assert_eq!(e[2].place.field.as_deref(), Some("job_size"));
    assert_eq!(
        e[2].message,
        "\"job_size\" is 4.941e-324; it must be between 1e-9 and 1e15"
    );
}

#[test]
fn ids_xml_cannot_hold_are_refused_at_load_with_their_place() {
    let imp = import_fixture("json/control-char-ids.json");
    let e = errors(&imp.diagnostics);
    assert_eq!(
        e.len(),
        2,
        "no UNKNOWN_NODE for the edge: {:#?}",
        imp.diagnostics
    );
    for (k, d) in e.iter().enumerate() {
        assert_eq!(d.code, Code::InvalidValue);
        assert_eq!(d.place.field.as_deref(), Some("id"));
        assert_eq!(d.place.pointer.as_deref(), Some(&*format!("/nodes/{k}/id")));
        assert_eq!(d.place.line, Some(3 + k));
    }
    assert_eq!(
        e[0].message,
        "node id \"x\\0\" holds the character U+0000 at position 2, which XML cannot hold; exported, it would become U+FFFD and two ids could become one"
    );
    assert!(e[1].message.contains("U+0001"), "{}", e[1]);
    // Tab, line feed and carriage return round-trip, so they are kept.
    let (_, d) =
        aligngraph::load_json(r#"{"nodes": [{"id": "a\tb\nc\r", "kind": "goal"}], "edges": []}"#);
    assert!(!has_errors(&d), "{d:#?}");
}

// ---------------------------------------------------------------------------------------------
// Encodings

#[test]
fn a_utf8_byte_order_mark_loads_on_the_command_line_and_the_page() {
    let bytes = bytes_of("encoding/utf8-bom.json");
    let (code, err) = stderr_of(&["validate", &cli_path("encoding/utf8-bom.json")]);
    assert_eq!(code, Some(0), "{err}");
    let imp = import_with(&[("utf8-bom.json", &bytes)], &Limits::PAGE);
    assert!(!has_errors(&imp.diagnostics), "{:#?}", imp.diagnostics);
    assert_eq!(imp.model.nodes.len(), 1);
    let text = std::str::from_utf8(&bytes).unwrap();
    assert!(Workspace::load(text, &Limits::PAGE).is_ok());
}

#[test]
fn utf16_with_a_byte_order_mark_is_decoded() {
    let imp = import_fixture("encoding/utf16-bom.xml");
    assert!(!has_errors(&imp.diagnostics), "{:#?}", imp.diagnostics);
    assert_eq!(imp.summary.format, "exchange");
    assert_eq!(imp.model.nodes[0].name.as_deref(), Some("Kundé"));
    let imp = import_fixture("encoding/utf16be-bom.json");
    assert!(!has_errors(&imp.diagnostics), "{:#?}", imp.diagnostics);
    assert_eq!(
        imp.model.nodes[0].name.as_deref(),
        Some("Wachstum über alles")
    );
    for f in ["encoding/utf16-bom.xml", "encoding/utf16be-bom.json"] {
        let (code, err) = stderr_of(&["import", &cli_path(f)]);
        assert_eq!(code, Some(0), "{f}: {err}");
    }
}

#[test]
fn invalid_utf8_in_xml_is_invalid_xml_with_its_line() {
    let imp = import_fixture("encoding/invalid-utf8.xml");
    let e = single_error(&imp, Code::InvalidXml);
    assert_eq!(e.place.line, Some(5), "{e}");
    assert!(
        e.message
            .contains("the file is not UTF-8 text: byte 0xE9 at offset 301 is not UTF-8"),
        "{e}"
    );
    assert!(e.message.ends_with("save it as UTF-8"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Readable messages

#[test]
fn ahp_judgements_of_1e308_are_refused_with_their_place() {
    let (code, err) = stderr_of(&["ahp", &cli_path("json/ahp-huge-entries.json")]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("error[INVALID_MATRIX] at /matrix/0/1: entry (1, 2) is 1e308; a judgement must be between 1/1e6 and 1e6"),
        "{err}"
    );
    assert!(err.len() < 400, "{err}");
}

#[test]
fn a_dependency_cycle_of_100k_nodes_is_one_short_warning() {
    let n = 100_000;
    let id = |i: usize| format!("i{i:06}");
    let mut nodes = vec![r#"{"id": "g", "kind": "goal"}"#.to_string()];
    let mut edges = Vec::new();
    for i in 0..n {
        nodes.push(format!(
            "{{\"id\": \"{}\", \"kind\": \"initiative\"}}",
            id(i)
        ));
        edges.push(format!(
            "{{\"from\": \"{}\", \"to\": \"{}\", \"kind\": \"depends_on\"}}",
            id(i),
            id((i + 1) % n)
        ));
        edges.push(format!(
            "{{\"from\": \"{}\", \"to\": \"g\", \"kind\": \"contributes\"}}",
            id(i)
        ));
    }
    assert_eq!(
        cycle_warning(&nodes, &edges, Code::DependencyCycle),
        "depends_on cycle among 100,000 nodes (i000000 -> i000001 -> i000002 -> i000003 -> i000004 -> i000005 -> i000006 -> i000007 -> i000008 -> i000009 and 99,990 more); inside the cycle only edges towards the smaller id carry risk"
    );
}

#[test]
fn numbers_in_messages_have_few_digits() {
    let cases = [
        (4.671767848e301, "4.672e301"),
        (1e308, "1e308"),
        (5e-324, "4.941e-324"),
        (0.1 + 0.2, "0.3"),
        (1.0 / 3.0, "0.3333"),
        (123456.0, "123456"),
        (1234567.0, "1.235e6"),
        (-2.5, "-2.5"),
        (0.0, "0"),
        (f64::INFINITY, "infinity"),
    ];
    for (x, want) in cases {
        assert_eq!(diagnostics::number(x), want, "{x}");
    }
    assert_eq!(diagnostics::count(99_990), "99,990");
    assert_eq!(
        diagnostics::shorten(&["a", "b", "c"], ", ", 2),
        "a, b and 1 more"
    );
}

/// A cycle's message names its first ten members in id order, by their names, whatever the order
/// of the nodes in the file.
#[test]
fn a_cycle_is_named_by_its_first_ten_members_in_id_order() {
    // Twelve capabilities in a supports ring, written in the file in a shuffled order.
    let order = [7, 2, 11, 0, 5, 9, 1, 10, 3, 8, 6, 4];
    let mut nodes: Vec<String> = order
        .iter()
        .map(|i| {
            format!("{{\"id\": \"c{i:02}\", \"kind\": \"capability\", \"name\": \"Cap {i}\"}}")
        })
        .collect();
    let mut edges: Vec<String> = (0..12)
        .map(|i| {
            format!(
                "{{\"from\": \"c{i:02}\", \"to\": \"c{:02}\", \"kind\": \"supports\"}}",
                (i + 1) % 12
            )
        })
        .collect();
    edges.push("{\"from\": \"c00\", \"to\": \"g\", \"kind\": \"supports\"}".into());
    nodes.insert(0, r#"{"id": "g", "kind": "goal"}"#.to_string());
    assert_eq!(
        cycle_warning(&nodes, &edges, Code::Cycle),
        "alignment cycle among 12 nodes (Cap 0 -> Cap 1 -> Cap 2 -> Cap 3 -> Cap 4 -> Cap 5 -> Cap 6 -> Cap 7 -> Cap 8 -> Cap 9 and 2 more); inside the cycle only edges towards the smaller id are scored"
    );
}

/// The message of the structural warning `code` for the model of these nodes and edges (JSON
/// objects), which must have one.
fn cycle_warning(nodes: &[String], edges: &[String], code: Code) -> String {
    let text = format!(
        "{{\"nodes\": [{}], \"edges\": [{}]}}",
        nodes.join(","),
        edges.join(",")
    );
    let m = crate::common::model(&text);
    let d = aligngraph::analysis::checks::structural(&m, &aligngraph::graph::Graph::build(&m));
    d.into_iter()
        .find(|d| d.code == code)
        .expect("the cycle is reported")
        .message
}
