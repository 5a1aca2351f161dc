//! Import and export through the command line, on the real public ArchiMate models of
//! tests/fixtures/archimate (counts from its SOURCES.md).

use crate::common::{archimate_data, cli_import, graph, root, run_cli};

/// `aligngraph import INPUT -o OUT` with the default mapping.
fn import(input: &Path, out: &Path) -> (Value, String) {
    cli_import(input, None, out)
}
use serde_json::Value;
use std::path::{Path, PathBuf};

fn tmp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("aligngraph-interop-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn every_real_model_imports_with_the_published_counts() {
    let dir = tmp_dir("counts");
    for (file, elements, relationships) in [
        ("archisurance.archimate", 120, 178),
        ("archisurance.xml", 120, 178),
        ("Zoo.xml", 165, 220),
        ("Zoo-csv", 165, 220),
        ("JeanBLapierreSandbox.archimate", 1439, 1146),
        ("gc-bcm-2.0.xml", 197, 0),
    ] {
        let (m, err) = import(&archimate_data(file), &dir.join(format!("{file}.json")));
        let want = format!("{elements} elements, {relationships} relationships");
        assert!(err.contains(&want), "{file}: {err}");
        assert!(!err.contains("error"), "{file}: {err}");
        // Every element is kept (junctions are collapsed into edges).
        let junctions = if file.starts_with("JeanB") { 6 } else { 0 };
        assert_eq!(
            m["nodes"].as_array().unwrap().len(),
            elements - junctions,
            "{file}"
        );
    }
}

#[test]
fn the_same_model_in_two_formats_gives_the_same_graph() {
    let dir = tmp_dir("same");
    for (a, b) in [
        ("archisurance.xml", "archisurance.archimate"),
        ("Zoo.xml", "Zoo-csv"),
    ] {
        let (ma, _) = import(&archimate_data(a), &dir.join("a.json"));
        let (mb, _) = import(&archimate_data(b), &dir.join("b.json"));
        let (na, ea) = graph(&ma);
        let (nb, eb) = graph(&mb);
        assert_eq!(na, nb, "{a} and {b}: nodes");
        assert_eq!(ea, eb, "{a} and {b}: edges");
        let sa = run_cli(&root(), &["score", archimate_data(a).to_str().unwrap()]);
        let sb = run_cli(&root(), &["score", archimate_data(b).to_str().unwrap()]);
        let ka: Value = serde_json::from_slice(&sa.stdout).unwrap();
        let kb: Value = serde_json::from_slice(&sb.stdout).unwrap();
        assert_eq!(ka["kpis"], kb["kpis"], "{a} and {b}: KPIs");
    }
}

#[test]
fn export_to_exchange_and_import_again_keeps_graph_names_properties_and_ids() {
    let dir = tmp_dir("roundtrip");
    for file in [
        "archisurance.xml",
        "archisurance.archimate",
        "Zoo.xml",
        "Zoo-csv",
        "JeanBLapierreSandbox.archimate",
    ] {
        let (first, _) = import(&archimate_data(file), &dir.join("first.json"));
        let xml = dir.join("scored.xml");
        let o = run_cli(
            &root(),
            &[
                "export",
                archimate_data(file).to_str().unwrap(),
                "--to",
                "exchange",
                "-o",
                xml.to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = std::fs::read_to_string(&xml).unwrap();
        assert!(
            text.contains("aligngraph:alignment"),
            "{file}: scores are written as properties"
        );
        let (second, _) = import(&xml, &dir.join("second.json"));
        assert_eq!(graph(&first), graph(&second), "{file}");
        let strip = |m: &Value| {
            let mut a = m["archimate"].clone();
            a.as_object_mut().unwrap().remove("format");
            a
        };
        assert_eq!(
            strip(&first),
            strip(&second),
            "{file}: kept relationships and junctions"
        );
        assert_eq!(first["name"], second["name"]);
    }
}

#[test]
fn a_hierarchy_kept_only_in_a_view_becomes_part_of_edges() {
    let dir = tmp_dir("view");
    let (m, err) = import(&archimate_data("gc-bcm-2.0.xml"), &dir.join("gc.json"));
    assert!(
        err.contains("part_of edge(s) from nesting in views"),
        "{err}"
    );
    let part_of = m["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "part_of")
        .count();
    assert!(part_of > 150, "{part_of}");
}

#[test]
fn exports_to_csv_graphml_and_json_read_back() {
    let dir = tmp_dir("exports");
    let zoo = archimate_data("Zoo.xml");
    let out = dir.join("csv");
    let o = run_cli(
        &root(),
        &[
            "export",
            zoo.to_str().unwrap(),
            "--to",
            "csv",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["nodes.csv", "edges.csv", "scores.csv"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    // The CSV pair scores like the original.
    let a: Value =
        serde_json::from_slice(&run_cli(&root(), &["score", zoo.to_str().unwrap()]).stdout)
            .unwrap();
    let b: Value =
        serde_json::from_slice(&run_cli(&root(), &["score", out.to_str().unwrap()]).stdout)
            .unwrap();
    assert_eq!(a["kpis"], b["kpis"]);
    assert_eq!(a["model"]["nodes"], b["model"]["nodes"]);

    let o = run_cli(
        &root(),
        &["export", zoo.to_str().unwrap(), "--to", "graphml"],
    );
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let nodes = doc.descendants().filter(|n| n.has_tag_name("node")).count();
    assert_eq!(nodes, 165);

    let o = run_cli(&root(), &["export", zoo.to_str().unwrap(), "--to", "json"]);
    let (m, d) = aligngraph::load_json(std::str::from_utf8(&o.stdout).unwrap());
    assert!(d.iter().all(|d| !d.is_error()));
    assert_eq!(m.nodes.len(), 165);

    let o = run_cli(&root(), &["export", zoo.to_str().unwrap(), "--to", "pdf"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("exchange, csv, graphml, json"));
}

#[test]
fn broken_input_and_mapping_files_name_the_place() {
    let dir = tmp_dir("broken");
    let bad = dir.join("bad.xml");
    std::fs::write(
        &bad,
        "<?xml version=\"1.0\"?>\n<model xmlns=\"http://www.opengroup.org/xsd/archimate/3.0/\">\n  <elements>\n    <element identifier=\"a\"></elemnt>\n",
    )
    .unwrap();
    let o = run_cli(&root(), &["import", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("INVALID_XML") && err.contains("line 4"),
        "{err}"
    );

    let dangling = dir.join("dangling.xml");
    std::fs::write(
        &dangling,
        "<?xml version=\"1.0\"?>\n<model xmlns=\"http://www.opengroup.org/xsd/archimate/3.0/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" identifier=\"m\">\n<elements><element identifier=\"a\" xsi:type=\"Goal\"><name>A</name></element></elements>\n<relationships>\n<relationship identifier=\"r\" source=\"a\" target=\"ghost\" xsi:type=\"Serving\"/>\n</relationships></model>\n",
    )
    .unwrap();
    let o = run_cli(&root(), &["score", dangling.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("UNKNOWN_NODE") && err.contains("ghost") && err.contains("line 5"),
        "{err}"
    );

    let mapping = dir.join("map.json");
    std::fs::write(&mapping, r#"{"elements": {"Goal": "objective"}}"#).unwrap();
    let o = run_cli(
        &root(),
        &[
            "import",
            archimate_data("Zoo.xml").to_str().unwrap(),
            "--mapping",
            mapping.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("/elements/Goal") && err.contains("objective"),
        "{err}"
    );
}

#[test]
fn a_mapping_file_changes_kinds_and_properties() {
    let dir = tmp_dir("mapping");
    let mapping = dir.join("map.json");
    std::fs::write(&mapping, r#"{"elements": {"Principle": "goal"}}"#).unwrap();
    let out = dir.join("m.json");
    let o = run_cli(
        &root(),
        &[
            "import",
            archimate_data("archisurance.xml").to_str().unwrap(),
            "--mapping",
            mapping.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let m: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let goals = m["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "goal")
        .count();
    assert_eq!(goals, 9, "archisurance has 9 Principles");
}
