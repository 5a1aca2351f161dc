//! The streaming JSON reader (`ModelStream`, the page's large models) against the whole-text
//! reader (`load_json_limited`, what `Workspace::load` reads): the same model and diagnostics
//! for every JSON fixture, cut into chunks of every size from 1 to 64 bytes and at random
//! places; on damaged text, an error of the same kind at the same line, column and pointer.

use aligngraph::diagnostics::{Diagnostic, has_errors};
use aligngraph::formats::limits::Limits;
use aligngraph::model::{Model, ModelStream, load_json_limited};
use aligngraph::workspace::Workspace;
use std::path::{Path, PathBuf};

/// The text read through the stream in the given chunk sizes (cycled).
fn streamed(bytes: &[u8], sizes: &[usize], limits: &Limits) -> (Model, Vec<Diagnostic>) {
    let mut s = ModelStream::new("model.json", Some(bytes.len() as u64), limits);
    let mut at = 0;
    let mut k = 0;
    while at < bytes.len() {
        let n = sizes[k % sizes.len()].max(1).min(bytes.len() - at);
        s.push(&bytes[at..at + n]);
        at += n;
        k += 1;
    }
    assert_eq!(s.bytes_read(), bytes.len() as u64);
    s.finish()
}

/// A small deterministic generator of chunk sizes.
fn chunkings(seed: u64, n: usize, max: usize) -> Vec<Vec<usize>> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    (0..n)
        .map(|_| {
            (0..97)
                .map(|_| 1 + (next() % max as u64) as usize)
                .collect()
        })
        .collect()
}

type Key = (String, Option<usize>, Option<usize>, Option<String>);

fn key(d: &Diagnostic) -> Key {
    (
        format!("{:?}", d.code),
        d.place.line,
        d.place.column,
        d.place.pointer.clone(),
    )
}

/// Same as the whole-text reader: equal when it reads the text; else an error of the same
/// code at the same place as one of its errors.
fn agree(text: &[u8], sizes: &[usize], limits: &Limits, what: &str) {
    let whole = match std::str::from_utf8(text) {
        Ok(t) => load_json_limited(t.strip_prefix('\u{feff}').unwrap_or(t), limits),
        Err(_) => match Workspace::load_bytes("model.json", text, limits) {
            Ok(ws) => (ws.model().clone(), ws.load_diagnostics().to_vec()),
            Err(e) => (Model::new(), e.diagnostics().unwrap_or_default().to_vec()),
        },
    };
    let got = streamed(text, sizes, limits);
    if !has_errors(&whole.1) {
        assert_eq!(
            got.1,
            whole.1,
            "{what}: diagnostics (chunks {:?})",
            &sizes[..sizes.len().min(3)]
        );
        assert!(
            got.0 == whole.0,
            "{what}: model (chunks {:?})",
            &sizes[..sizes.len().min(3)]
        );
        return;
    }
    let first = got.1.iter().find(|d| d.is_error());
    let Some(first) = first else {
        panic!(
            "{what}: the stream read a model the whole-text reader refuses: {:?}",
            whole.1
        );
    };
    let keys: Vec<Key> = whole.1.iter().filter(|d| d.is_error()).map(key).collect();
    assert!(
        keys.contains(&key(first)),
        "{what} (chunks {:?}): stream error {:?} ({}) is not among the whole-text reader's {:?}",
        &sizes[..sizes.len().min(3)],
        key(first),
        first.message,
        whole
            .1
            .iter()
            .map(|d| (key(d), d.message.clone()))
            .collect::<Vec<_>>()
    );
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for d in ["tests/fixtures", "data"] {
        json_files(&root.join(d), &mut files);
    }
    files
        .into_iter()
        .filter_map(|f| Some((f.display().to_string(), std::fs::read(&f).ok()?)))
        .collect()
}

const TIGHT: Limits = Limits {
    string_bytes: 12,
    nodes: 5,
    edges: 8,
    ..Limits::CLI
};

#[test]
fn every_fixture_reads_as_the_whole_text_reader_reads_it_in_any_chunks() {
    let files = fixtures();
    assert!(files.len() > 20, "fixtures found: {}", files.len());
    let mut models = 0;
    for (name, bytes) in &files {
        let small = bytes.len() <= 16 * 1024;
        if small {
            for n in 1..=64 {
                agree(
                    bytes,
                    &[n],
                    &Limits::CLI,
                    &format!("{name} in chunks of {n}"),
                );
            }
        } else {
            for n in [1, 2, 3, 7, 64] {
                agree(
                    bytes,
                    &[n],
                    &Limits::CLI,
                    &format!("{name} in chunks of {n}"),
                );
            }
        }
        for (k, sizes) in chunkings(bytes.len() as u64, 4, 4096).iter().enumerate() {
            agree(bytes, sizes, &Limits::CLI, &format!("{name}, chunking {k}"));
            agree(
                bytes,
                sizes,
                &TIGHT,
                &format!("{name}, chunking {k}, tight limits"),
            );
        }
        agree(bytes, &[bytes.len().max(1)], &Limits::PAGE_STREAM, name);
        if let Ok(t) = std::str::from_utf8(bytes) {
            if !has_errors(&load_json_limited(t, &Limits::CLI).1) {
                models += 1;
            }
        }
    }
    assert!(models > 10, "models read: {models}");
}

/// Texts that change one thing in a model (as the fast path's own tests do).
fn variants(text: &str) -> Vec<(String, String)> {
    let edits: &[(&str, &str)] = &[
        (
            "\"id\": \"",
            "\"extra\": {\"a\": [1, 2.5, null, true, \"\\u00e9\"]}, \"id\": \"",
        ),
        ("\"id\": \"", "\"id\": \"dup\", \"id\": \""),
        ("\"id\": \"", "\"id\": \"\\u00e9\\n\\t\\\"\\/"),
        ("\"id\": \"", "\"id\": \"\\ud83d\\ude00"),
        ("\"id\": \"", "\"id\": \"\\ud800"),
        ("\"id\": \"", "\"id\": \"\\u0001"),
        ("\"id\": \"", "\"id\": \"\u{FFFE}"),
        ("\"id\": \"", "\"i\\u0064\": \""),
        ("\"id\": \"", "\"name\": 3, \"id\": \""),
        ("\"id\": \"", "\"cost\": 1e400, \"id\": \""),
        ("\"id\": \"", "\"risk\": 1.5, \"id\": \""),
        ("\"id\": \"", "\"status\": \"nope\", \"id\": \""),
        ("\"id\": \"", "\"id\": \"\", \"x\": \""),
        (
            "\"id\": \"",
            "\"name\": \"caf\u{e9} \u{1F600}\", \"id\": \"",
        ),
        ("\"kind\": \"goal\"", "\"kind\": \"gaol\""),
        ("\"kind\": \"goal\"", "\"kind\": null"),
        ("\"kind\": \"contributes\"", "\"kind\": \"contribute\""),
        (
            "\"kind\": \"contributes\"",
            "\"kind\": \"contributes\", \"weight\": 2",
        ),
        (
            "\"kind\": \"depends_on\"",
            "\"kind\": \"depends_on\", \"note\": \"x\"",
        ),
        ("\"from\": \"", "\"from\": \"nowhere-"),
        ("\"from\": \"", "\"from\": 3, \"x\": \""),
        ("\"to\": \"", "\"to\": \"\\u0067"),
        ("\"nodes\": [", "\"nodes\": [], \"x\": ["),
        ("\"nodes\": [", "\"nodes\": null, \"x\": ["),
        ("\"edges\": [", "\"edges\": {}, \"x\": ["),
        ("\"edges\": [", "\"not_edges\": ["),
        ("\"version\": 1", "\"version\": 2"),
        ("\"format\": \"aligngraph\"", "\"format\": \"other\""),
        ("{", "{\"scenarios\": [], \"notes\": {\"a\": 1}, "),
        ("{", "{\"name\": \"x\", \"name\": \"y\", "),
        ("{", "{\"currency\": 3, "),
        ("}", "},"),
        ("}", "} x"),
        ("]", ",]"),
    ];
    let mut out = Vec::new();
    for (i, (from, to)) in edits.iter().enumerate() {
        let hits: Vec<usize> = text.match_indices(from).map(|(at, _)| at).collect();
        for at in [hits.first(), hits.get(hits.len() / 2), hits.last()]
            .into_iter()
            .flatten()
        {
            let mut t = text.to_string();
            t.replace_range(*at..*at + from.len(), to);
            out.push((format!("edit {i} at {at}"), t));
        }
    }
    out.push(("byte order mark".into(), format!("\u{feff}{text}")));
    out.push(("edges first".into(), edges_first(text)));
    let b = text.as_bytes();
    let step = (b.len() / 40).max(1);
    for (k, at) in (0..b.len()).step_by(step).enumerate() {
        if !b[at].is_ascii() || !text.is_char_boundary(at) {
            continue;
        }
        for r in [b'"', b'}', b',', b'\\', b'0', b'x', b'[', b' '] {
            let mut t = b.to_vec();
            t[at] = r;
            if let Ok(t) = String::from_utf8(t) {
                out.push((format!("byte {at} = {}", r as char), t));
            }
        }
        if k % 4 == 0 {
            out.push((format!("cut at {at}"), text[..at].to_string()));
        }
    }
    out
}

fn edges_first(text: &str) -> String {
    let Ok(serde_json::Value::Object(m)) = serde_json::from_str::<serde_json::Value>(text) else {
        return text.to_string();
    };
    let mut out = serde_json::Map::new();
    for k in ["edges", "nodes"] {
        if let Some(v) = m.get(k) {
            out.insert(k.to_string(), v.clone());
        }
    }
    for (k, v) in m {
        out.entry(k).or_insert(v);
    }
    serde_json::to_string_pretty(&serde_json::Value::Object(out)).unwrap_or_default()
}

#[test]
fn damaged_models_give_the_same_error_at_the_same_place() {
    let demo = aligngraph::demo::DEMO_JSON;
    let small = aligngraph::model::to_json(&aligngraph::generate::layered(30, 2, 7));
    let mut n = 0;
    for (base, text) in [("demo", demo.to_string()), ("generated", small)] {
        for (what, t) in variants(&text) {
            for sizes in [&[1usize][..], &[5], &[64], &[3, 17, 1, 250], &[1 << 20]] {
                agree(
                    t.as_bytes(),
                    sizes,
                    &Limits::CLI,
                    &format!("{base}: {what}"),
                );
            }
            agree(
                t.as_bytes(),
                &[13],
                &TIGHT,
                &format!("{base}: {what} (tight)"),
            );
            n += 1;
        }
    }
    assert!(n > 200, "variants: {n}");
}

#[test]
fn bytes_that_are_not_utf8_or_are_utf16_read_as_the_byte_reader_reads_them() {
    let demo = aligngraph::demo::DEMO_JSON;
    // Latin-1 bytes inside a name, in a structural place, and a sequence cut at the end.
    let mut latin = demo.as_bytes().to_vec();
    let at = demo.find("\"name\": \"").unwrap() + 9;
    latin[at] = 0xE9;
    let mut outside = demo.as_bytes().to_vec();
    outside.insert(1, 0xFF);
    let mut cut = demo.as_bytes().to_vec();
    cut.extend_from_slice(&[b' ', 0xE2, 0x82]);
    let mut utf16 = vec![0xFF, 0xFE];
    for u in demo.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    for (what, bytes) in [
        ("latin-1", latin),
        ("outside", outside),
        ("cut", cut),
        ("utf-16", utf16),
    ] {
        let whole = Workspace::load_bytes("model.json", &bytes, &Limits::CLI);
        for n in [1, 2, 3, 4, 100, 1 << 20] {
            let mut s = ModelStream::new("model.json", None, &Limits::CLI);
            for c in bytes.chunks(n) {
                s.push(c);
            }
            let got = Workspace::load_stream(s);
            match (&whole, got) {
                (Ok(w), Ok(g)) => assert!(w.model() == g.model(), "{what} in chunks of {n}"),
                (Err(w), Err(g)) => {
                    let (w, g) = (w.diagnostics().unwrap(), g.diagnostics().unwrap().to_vec());
                    assert_eq!(g.len(), 1, "{what} in chunks of {n}: {g:?}");
                    assert_eq!(g[0].code, w[0].code, "{what} in chunks of {n}");
                    assert_eq!(g[0].message, w[0].message, "{what} in chunks of {n}");
                    assert_eq!(g[0].place.line, w[0].place.line, "{what} in chunks of {n}");
                }
                (w, g) => panic!(
                    "{what} in chunks of {n}: {:?} vs {:?}",
                    w.is_ok(),
                    g.is_ok()
                ),
            }
        }
    }
}

#[test]
fn a_generated_model_reads_the_same_in_random_chunks() {
    let text = aligngraph::model::to_json(&aligngraph::generate::layered(3000, 5, 11));
    let whole = load_json_limited(&text, &Limits::PAGE_STREAM);
    assert!(!has_errors(&whole.1));
    assert!(whole.0.edges.len() > 10_000);
    for sizes in chunkings(3, 3, 70_000) {
        let got = streamed(text.as_bytes(), &sizes, &Limits::PAGE_STREAM);
        assert!(got == whole);
    }
}

#[test]
fn a_stream_within_the_page_limits_refuses_what_they_refuse() {
    let too_large = Workspace::stream("big.json", Some(3 << 30), &Limits::PAGE_STREAM);
    assert_eq!(too_large.err().map(|e| e.code()), Some("INVALID_MODEL"));
    // The count of nodes beyond the limit, at the array, as the whole-text reader says it.
    let text = aligngraph::model::to_json(&aligngraph::generate::layered(40, 2, 3));
    let limits = Limits {
        nodes: 10,
        ..Limits::PAGE_STREAM
    };
    let got = streamed(text.as_bytes(), &[9], &limits);
    let whole = load_json_limited(&text, &limits);
    let first = got.1.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(
        key(first),
        key(whole.1.iter().find(|d| d.is_error()).unwrap())
    );
    assert!(
        first.message.contains("the model has 40 nodes"),
        "{}",
        first.message
    );
}

#[test]
fn a_string_over_the_limit_is_refused_at_its_node_and_field() {
    // A name far longer than the limit, cut into chunks shorter than it: refused at its node and
    // field as the whole-text reader refuses it.
    let demo = aligngraph::demo::DEMO_JSON;
    let at = demo.find("\"name\": \"").unwrap() + 9;
    let mut text = demo.to_string();
    text.insert_str(at, &"x".repeat(5000));
    let limits = Limits {
        string_bytes: 100,
        ..Limits::PAGE_STREAM
    };
    let whole = load_json_limited(&text, &limits);
    for n in [7, 64, 1000] {
        let got = streamed(text.as_bytes(), &[n], &limits);
        let first = got.1.iter().find(|d| d.is_error()).unwrap();
        assert_eq!(format!("{:?}", first.code), "LimitExceeded");
        assert!(
            whole.1.iter().any(|d| key(d) == key(first)),
            "{:?} {:?}",
            key(first),
            whole.1.iter().map(key).collect::<Vec<_>>()
        );
        assert!(
            first
                .message
                .contains("the most this reader takes for one text value is 100 bytes"),
            "{}",
            first.message
        );
    }
}

#[test]
fn an_edge_takes_17_bytes_and_keeps_its_weight_and_kind_bit_for_bit() {
    use aligngraph::model::{Edge, EdgeKind};
    assert_eq!(std::mem::size_of::<Edge>(), 17);
    let mut edges = vec![Edge::new(0, 1, EdgeKind::Supports)];
    for (k, w) in [0.1 + 0.2, -0.0, f64::MIN_POSITIVE, 1e308, 0.2]
        .into_iter()
        .enumerate()
    {
        edges.push(Edge::new(k as u32 + 1, k as u32 + 2, EdgeKind::DependsOn).with_weight(w));
    }
    assert_eq!(edges[0].weight(), 1.0, "no weight: the default 1");
    for (e, w) in edges[1..]
        .iter()
        .zip([0.1 + 0.2, -0.0, f64::MIN_POSITIVE, 1e308, 0.2])
    {
        assert_eq!(e.weight().to_bits(), w.to_bits());
        assert_eq!(e.kind, EdgeKind::DependsOn);
    }
    assert_eq!((edges[3].from, edges[3].to), (3, 4));
}
