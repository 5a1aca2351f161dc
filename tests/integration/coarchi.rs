//! coArchi (Archi's collaboration plugin) folders through the command line: a real public
//! coArchi model (tests/fixtures/archimate/gemma-ggm-part, SOURCES.md there) gives the same graph
//! and KPIs as the same model in Archi's `.archimate` file, read as a folder, as its `model/`
//! folder and as a zip of it; broken folders name the file.
//!
//! The `.archimate` twin (gemma-ggm-part.archimate) is written by [`to_archimate`], the inverse of
//! the plugin's exporter: the plugin saves every folder, element, relationship and diagram of a
//! model as its own XML resource with EMF's generic serialiser, where Archi's own serialiser
//! writes one file; the two differ only in the points listed on that function. The test
//! `the_archimate_twin_is_the_folder_converted` keeps the committed twin equal to its output
//! (`UPDATE_COARCHI_TWIN=1` writes it).

use crate::common::{archimate_data, cli_import as import, graph, root, run_cli};
use roxmltree::{Document, Node};
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

const FOLDER: &str = "gemma-ggm-part";
const TWIN: &str = "gemma-ggm-part.archimate";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

fn tmp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("aligngraph-coarchi-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Every file under `dir`, as (path inside it with `/`, bytes), sorted.
fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn copy_dir(from: &Path, to: &Path) {
    for (rel, bytes) in files_under(from) {
        let p = to.join(&rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

fn zip_of(files: &[(String, Vec<u8>)], top: &str) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        w.start_file(format!("{top}{name}"), opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

// ---------------------------------------------------------------------------------------------
// The inverse of coArchi's exporter: a model folder -> one .archimate file

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\r' => o.push_str("&#xD;"),
            '\n' => o.push_str("&#xA;"),
            '\t' => o.push_str("&#x9;"),
            c => o.push(c),
        }
    }
    o
}

/// The `.archimate` spelling of a diagram type that EMF's generic serialiser writes by its class
/// name.
fn archi_type(t: &str) -> String {
    let local = t.rsplit(':').next().unwrap_or(t);
    let renamed = match local {
        "DiagramModelArchimateObject" => "DiagramObject",
        "DiagramModelArchimateConnection" => "Connection",
        "DiagramModelGroup" => "Group",
        "DiagramModelNote" => "Note",
        other => other,
    };
    format!("archimate:{renamed}")
}

/// One object of a resource written as Archi's serialiser writes it:
/// - the list features are singular (`children` -> `child`, `properties` -> `property`,
///   `sourceConnections` -> `sourceConnection`, `folders`/`elements` are the file tree);
/// - a reference to an object of another resource (`<source href="Goal_id.xml#id"/>`) is an
///   attribute holding the id (`source="id"`);
/// - `documentation` (and the model's `purpose`) is an element, not an attribute;
/// - diagram classes have Archi's short names (`archimate:DiagramObject`, ...).
fn write_object(out: &mut String, node: Node, tag: &str, xsi_type: Option<String>, indent: usize) {
    let pad = "  ".repeat(indent);
    out.push_str(&format!("{pad}<{tag}"));
    if let Some(t) = xsi_type {
        out.push_str(&format!(" xsi:type=\"{}\"", esc(&t)));
    }
    let mut text_features = Vec::new();
    for a in node.attributes() {
        if a.namespace().is_some() {
            continue;
        }
        if matches!(a.name(), "documentation" | "purpose") {
            text_features.push((a.name(), a.value()));
            continue;
        }
        out.push_str(&format!(" {}=\"{}\"", a.name(), esc(a.value())));
    }
    let mut children = Vec::new();
    for c in node.children().filter(Node::is_element) {
        if let Some(href) = c.attribute("href") {
            let id = href.rsplit('#').next().unwrap_or(href);
            out.push_str(&format!(" {}=\"{}\"", c.tag_name().name(), esc(id)));
        } else {
            children.push(c);
        }
    }
    if children.is_empty() && text_features.is_empty() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    for (name, value) in text_features.iter().filter(|(n, _)| *n == "documentation") {
        out.push_str(&format!("{pad}  <{name}>{}</{name}>\n", esc(value)));
    }
    for c in children {
        let name = match c.tag_name().name() {
            "children" => "child",
            "properties" => "property",
            "sourceConnections" => "sourceConnection",
            other => other,
        };
        let t = c.attribute((XSI, "type")).map(archi_type);
        write_object(out, c, name, t, indent + 1);
    }
    for (name, value) in text_features.iter().filter(|(n, _)| *n == "purpose") {
        out.push_str(&format!("{pad}  <{name}>{}</{name}>\n", esc(value)));
    }
    out.push_str(&format!("{pad}</{tag}>\n"));
}

/// Archi's order of the top folders (GraficoModelImporter loads them in this order).
const TOP: [&str; 9] = [
    "strategy",
    "business",
    "application",
    "technology",
    "motivation",
    "implementation_migration",
    "other",
    "relations",
    "diagrams",
];

fn write_folder(out: &mut String, dir: &Path, indent: usize) {
    let text = std::fs::read_to_string(dir.join("folder.xml")).unwrap();
    let doc = Document::parse(&text).unwrap();
    let f = doc.root_element();
    let pad = "  ".repeat(indent);
    out.push_str(&format!("{pad}<folder"));
    for a in f.attributes().filter(|a| a.namespace().is_none()) {
        out.push_str(&format!(" {}=\"{}\"", a.name(), esc(a.value())));
    }
    out.push_str(">\n");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries.iter().filter(|p| p.is_dir()) {
        write_folder(out, p, indent + 1);
    }
    for p in entries
        .iter()
        .filter(|p| p.is_file() && p.file_name().unwrap() != "folder.xml")
    {
        let text = std::fs::read_to_string(p).unwrap();
        let doc = Document::parse(&text).unwrap();
        let e = doc.root_element();
        let t = format!("archimate:{}", e.tag_name().name());
        write_object(out, e, "element", Some(t), indent + 1);
    }
    out.push_str(&format!("{pad}</folder>\n"));
}

/// The model of a coArchi `model/` folder as one `.archimate` file.
fn to_archimate(model_dir: &Path) -> String {
    let text = std::fs::read_to_string(model_dir.join("folder.xml")).unwrap();
    let doc = Document::parse(&text).unwrap();
    let m = doc.root_element();
    assert_eq!(m.tag_name().name(), "ArchimateModel");
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<archimate:model xmlns:xsi=\"{XSI}\" xmlns:archimate=\"http://www.archimatetool.com/archimate\""
    ));
    for a in m
        .attributes()
        .filter(|a| a.namespace().is_none() && a.name() != "purpose")
    {
        out.push_str(&format!(" {}=\"{}\"", a.name(), esc(a.value())));
    }
    out.push_str(">\n");
    for top in TOP {
        let d = model_dir.join(top);
        if d.join("folder.xml").is_file() {
            write_folder(&mut out, &d, 1);
        }
    }
    // The model's own features after its folders, as Archi writes them.
    let mut tail = String::new();
    write_object(&mut tail, m, "x", None, 0);
    let inner: Vec<&str> = tail.lines().skip(1).collect();
    for l in &inner[..inner.len().saturating_sub(1)] {
        out.push_str(&format!("  {}\n", l.trim_start()));
    }
    out.push_str("</archimate:model>\n");
    out
}

// ---------------------------------------------------------------------------------------------

fn kinds(m: &Value) -> BTreeSet<(String, usize)> {
    let mut c = std::collections::BTreeMap::new();
    for n in m["nodes"].as_array().unwrap() {
        *c.entry(n["kind"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    c.into_iter().collect()
}

fn kpis(model_json: &Path) -> Value {
    let o = run_cli(&root(), &["score", model_json.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    v["kpis"].clone()
}

#[test]
fn the_archimate_twin_is_the_folder_converted() {
    let made = to_archimate(&archimate_data(FOLDER).join("model"));
    // UPDATE_COARCHI_TWIN=1 writes it again (after the folder's files changed).
    if std::env::var_os("UPDATE_COARCHI_TWIN").is_some() {
        std::fs::write(archimate_data(TWIN), &made).unwrap();
    }
    let committed = std::fs::read_to_string(archimate_data(TWIN)).unwrap();
    assert!(
        made == committed,
        "{TWIN} differs from the folder converted"
    );
}

#[test]
fn a_coarchi_folder_gives_the_same_graph_and_kpis_as_its_archimate_file() {
    let dir = tmp_dir("same");
    let folder = archimate_data(FOLDER);
    let files = files_under(&folder);
    // GitHub's "Download ZIP": everything under one top folder.
    let zip = dir.join("GEMMA-GGM-Archi-repository-develop.zip");
    std::fs::write(&zip, zip_of(&files, "GEMMA-GGM-Archi-repository-develop/")).unwrap();
    let map = dir.join("map.json");
    std::fs::write(
        &map,
        r#"{"elements": {"BusinessObject": "goal", "DataObject": "application", "Grouping": "capability"}}"#,
    )
    .unwrap();
    for mapping in [None, Some(map.as_path())] {
        let (want, err) = import(&archimate_data(TWIN), mapping, &dir.join("twin.json"));
        assert!(err.contains("59 elements, 98 relationships"), "{err}");
        let want_kpis = kpis(&dir.join("twin.json"));
        for input in [folder.clone(), folder.join("model"), zip.clone()] {
            let (got, err) = import(&input, mapping, &dir.join("got.json"));
            assert!(
                err.contains("coarchi model: 59 elements, 98 relationships"),
                "{err}"
            );
            assert!(!err.contains("error"), "{err}");
            let what = format!("{} (mapping {mapping:?})", input.display());
            assert_eq!(
                got["nodes"].as_array().unwrap().len(),
                want["nodes"].as_array().unwrap().len(),
                "{what}"
            );
            assert_eq!(
                got["edges"].as_array().unwrap().len(),
                want["edges"].as_array().unwrap().len(),
                "{what}"
            );
            assert_eq!(kinds(&got), kinds(&want), "{what}");
            assert_eq!(graph(&got), graph(&want), "{what}");
            assert_eq!(kpis(&dir.join("got.json")), want_kpis, "{what}");
        }
        if mapping.is_some() {
            assert_eq!(
                kinds(&want),
                BTreeSet::from([
                    ("application".to_string(), 25),
                    ("capability".to_string(), 19),
                    ("goal".to_string(), 15)
                ])
            );
        }
    }
}

#[test]
fn a_coarchi_2_repository_reads_its_model_archimate() {
    let dir = tmp_dir("two");
    let repo = dir.join("repo");
    std::fs::create_dir_all(repo.join("images")).unwrap();
    std::fs::copy(archimate_data(TWIN), repo.join("model.archimate")).unwrap();
    std::fs::write(repo.join("images/a.png"), b"\x89PNG").unwrap();
    let (got, err) = import(&repo, None, &dir.join("got.json"));
    assert!(
        err.contains("coarchi model: 59 elements, 98 relationships"),
        "{err}"
    );
    let (want, _) = import(&archimate_data(TWIN), None, &dir.join("twin.json"));
    assert_eq!(graph(&got), graph(&want));
}

fn failing(input: &Path) -> String {
    let o = run_cli(
        &root(),
        &["import", input.to_str().unwrap(), "-o", "/dev/null"],
    );
    assert!(!o.status.success(), "{}", input.display());
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn broken_coarchi_folders_name_the_file() {
    let dir = tmp_dir("bad");
    let folder = archimate_data(FOLDER);

    // Malformed XML in one file: its path inside the folder, line and column.
    let broken = dir.join("broken");
    copy_dir(&folder, &broken);
    let (rel, _) = files_under(&broken)
        .into_iter()
        .find(|(p, _)| p.contains("/BusinessObject_"))
        .unwrap();
    let text = std::fs::read_to_string(broken.join(&rel)).unwrap();
    std::fs::write(broken.join(&rel), text.replacen("name=\"", "name=", 1)).unwrap();
    let err = failing(&broken);
    assert!(err.contains(&rel), "{err}");
    assert!(err.contains("INVALID_XML"), "{err}");
    assert!(err.contains("line 3, column"), "line 3 named: {err}");

    // A relationship whose source is missing: its id, its file and the end.
    let missing = dir.join("missing");
    copy_dir(&folder, &missing);
    let rels = files_under(&missing.join("model/relations"));
    let (rel_path, rel_text) = rels
        .iter()
        .find(|(p, _)| p.contains("RealizationRelationship_"))
        .unwrap();
    let rel_text = String::from_utf8_lossy(rel_text);
    let doc = Document::parse(&rel_text).unwrap();
    let source = doc
        .root_element()
        .children()
        .find(|c| c.has_tag_name("source"))
        .unwrap()
        .attribute("href")
        .unwrap()
        .split('#')
        .next()
        .unwrap()
        .to_string();
    let gone = files_under(&missing)
        .into_iter()
        .find(|(p, _)| p.ends_with(&format!("/{source}")))
        .unwrap()
        .0;
    std::fs::remove_file(missing.join(&gone)).unwrap();
    let err = failing(&missing);
    assert!(err.contains("UNKNOWN_NODE"), "{err}");
    assert!(err.contains(rel_path.as_str()), "{rel_path}: {err}");

    // A folder of another kind: one message, what was looked for and what is there.
    let other = dir.join("other");
    std::fs::create_dir_all(other.join("img")).unwrap();
    for i in 0..12 {
        std::fs::write(other.join(format!("note{i}.txt")), "text").unwrap();
    }
    std::fs::write(other.join("img/a.png"), b"\x89PNG").unwrap();
    let err = failing(&other);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("not a model folder"), "{err}");
    assert!(err.contains("model/folder.xml"), "{err}");
    assert!(err.contains("nodes.csv"), "{err}");
    assert!(err.contains("13 files such as"), "{err}");

    // An empty zip.
    let empty = dir.join("empty.zip");
    std::fs::write(&empty, zip_of(&[], "")).unwrap();
    let err = failing(&empty);
    assert!(err.contains("INVALID_ARCHIVE"), "{err}");
    assert!(err.contains("holds no model"), "{err}");
}
