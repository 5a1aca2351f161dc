//! GraphML export: well-formed XML with declared keys, one element per node and edge, the
//! report's scores, and names that survive any characters.

use aligngraph::formats::{graphml, scores_csv};
use aligngraph::model::{Edge, EdgeKind, Model, Node, NodeKind, Num};
use aligngraph::{Options, score};
use std::collections::HashMap;

const NS: &str = "http://graphml.graphdrawing.org/xmlns";

/// A parsed GraphML document: keys by id (for, attr.name, attr.type), and the data of every
/// node and edge by attr.name.
struct Parsed {
    keys: HashMap<String, (String, String, String)>,
    directed: bool,
    /// (id, data by attr.name), in document order.
    nodes: Vec<(String, HashMap<String, String>)>,
    /// (source, target, data by attr.name), in document order.
    edges: Vec<(String, String, HashMap<String, String>)>,
    /// The yEd label of each node.
    y_labels: Vec<String>,
}

fn parse(text: &str) -> Parsed {
    let doc = roxmltree::Document::parse(text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "graphml");
    assert_eq!(root.tag_name().namespace(), Some(NS));
    let mut keys = HashMap::new();
    for k in root.children().filter(|n| n.has_tag_name((NS, "key"))) {
        let attr = |name: &str| k.attribute(name).unwrap_or("").to_string();
        keys.insert(
            attr("id"),
            (attr("for"), attr("attr.name"), attr("attr.type")),
        );
    }
    let graph = root
        .children()
        .find(|n| n.has_tag_name((NS, "graph")))
        .expect("a graph");
    let data = |el: roxmltree::Node| -> HashMap<String, String> {
        el.children()
            .filter(|n| n.has_tag_name((NS, "data")))
            .filter_map(|d| {
                let (_, name, _) = &keys[d.attribute("key").unwrap()];
                (!name.is_empty()).then(|| (name.clone(), d.text().unwrap_or("").to_string()))
            })
            .collect()
    };
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    let mut y_labels = Vec::new();
    for el in graph.children().filter(|n| n.is_element()) {
        match el.tag_name().name() {
            "node" => {
                nodes.push((el.attribute("id").unwrap().to_string(), data(el)));
                let label = el
                    .descendants()
                    .find(|n| n.tag_name().name() == "NodeLabel")
                    .and_then(|n| n.text())
                    .unwrap_or("");
                y_labels.push(label.to_string());
            }
            "edge" => edges.push((
                el.attribute("source").unwrap().to_string(),
                el.attribute("target").unwrap().to_string(),
                data(el),
            )),
            other => panic!("unexpected element {other}"),
        }
    }
    Parsed {
        keys,
        directed: graph.attribute("edgedefault") == Some("directed"),
        nodes,
        edges,
        y_labels,
    }
}

#[test]
fn demo_has_one_element_per_node_and_edge_and_declared_keys() {
    let m = aligngraph::demo::model();
    let report = score(&m, &Options::default());
    let p = parse(&graphml::write(&report));
    assert!(p.directed);
    assert_eq!(p.nodes.len(), m.nodes.len());
    assert_eq!(p.edges.len(), m.edges.len());
    let declared: HashMap<(String, String), String> = p
        .keys
        .values()
        .filter(|(_, name, _)| !name.is_empty())
        .map(|(target, name, ty)| ((target.clone(), name.clone()), ty.clone()))
        .collect();
    let ty = |target: &str, name: &str| declared[&(target.to_string(), name.to_string())].as_str();
    for name in ["label", "kind", "name", "status"] {
        assert_eq!(ty("node", name), "string", "{name}");
    }
    for name in &scores_csv::COLUMNS[4..] {
        assert_eq!(ty("node", name), "double", "{name}");
    }
    assert_eq!(ty("node", "active"), "boolean");
    assert_eq!(ty("node", "orphan"), "boolean");
    assert_eq!(ty("edge", "kind"), "string");
    assert_eq!(ty("edge", "weight"), "double");
    // Every data element refers to a declared key for its element.
    for (id, (target, _, _)) in &p.keys {
        assert!(target == "node" || target == "edge", "{id}");
    }
    for (i, (id, data)) in p.nodes.iter().enumerate() {
        let node = &m.nodes[i];
        assert_eq!(id, &*node.id);
        assert_eq!(data["kind"], node.kind.as_str());
        assert_eq!(data["label"], node.display_name());
        assert_eq!(data.get("name").map(String::as_str), node.name.as_deref());
        assert_eq!(p.y_labels[i], node.display_name());
    }
    for (i, (from, to, data)) in p.edges.iter().enumerate() {
        let e = m.edges.at(i);
        assert_eq!(from, &*m.node(e.from).id);
        assert_eq!(to, &*m.node(e.to).id);
        assert_eq!(data["kind"], e.kind.as_str());
        assert_eq!(data["weight"].parse::<f64>().unwrap(), e.weight());
    }
}

/// Every per-node value equals the scores CSV's (same columns, same cells left empty) and the
/// JSON report's.
#[test]
fn scores_equal_the_reports() {
    let m = aligngraph::demo::model();
    let report = score(&m, &Options::default());
    let p = parse(&graphml::write(&report));
    let csv_text = scores_csv::to_string(&report).unwrap();
    let mut rows = csv::Reader::from_reader(csv_text.as_bytes());
    let header = rows.headers().unwrap().clone();
    let mut compared = 0;
    for (row, (id, data)) in rows.records().zip(&p.nodes) {
        let row = row.unwrap();
        assert_eq!(&row[0], id);
        assert_eq!(
            data.get("status").map_or("", String::as_str),
            &row[3],
            "{id}"
        );
        for (col, cell) in header.iter().zip(row.iter()).skip(4) {
            match data.get(col) {
                Some(v) => {
                    assert_eq!(
                        v.parse::<f64>().unwrap(),
                        cell.parse::<f64>().unwrap(),
                        "{id} {col}"
                    );
                    compared += 1;
                }
                None => assert_eq!(cell, "", "{id} {col}"),
            }
        }
    }
    assert!(compared >= 120 * 6, "{compared}");

    let json = serde_json::to_value(&report).unwrap();
    let by_id: HashMap<&str, &HashMap<String, String>> =
        p.nodes.iter().map(|(id, d)| (id.as_str(), d)).collect();
    let num = |id: &str, key: &str| by_id[id][key].parse::<f64>().unwrap();
    for n in json["nodes"].as_array().unwrap() {
        let id = n["id"].as_str().unwrap();
        for key in ["alignment", "conflict", "delivery_risk"] {
            assert_eq!(num(id, key), n[key].as_f64().unwrap(), "{id} {key}");
        }
        let pr = json["centrality"]["pagerank"][id].as_f64().unwrap();
        assert_eq!(num(id, "pagerank"), pr, "{id}");
    }
    for g in json["goals"].as_array().unwrap() {
        let id = g["id"].as_str().unwrap();
        assert_eq!(num(id, "coverage"), g["coverage"].as_f64().unwrap(), "{id}");
        assert_eq!(
            num(id, "expected_coverage"),
            g["expected_coverage"].as_f64().unwrap()
        );
    }
    let mut initiatives = 0;
    for i in json["initiatives"].as_array().unwrap() {
        let id = i["id"].as_str().unwrap();
        let d = by_id[id];
        assert_eq!(num(id, "own_risk"), i["own_risk"].as_f64().unwrap());
        assert_eq!(
            d["active"],
            i["active"].as_bool().unwrap().to_string(),
            "{id}"
        );
        assert_eq!(
            d["orphan"],
            i["orphan"].as_bool().unwrap().to_string(),
            "{id}"
        );
        if i["active"].as_bool().unwrap() {
            assert_eq!(num(id, "exposure"), i["exposure"].as_f64().unwrap(), "{id}");
        } else {
            assert!(!d.contains_key("exposure"), "{id}");
        }
        initiatives += 1;
    }
    assert_eq!(initiatives, 32);
    assert_eq!(by_id["ini-boardroom-av"]["orphan"], "true");
}

#[test]
fn hostile_ids_and_names_survive_a_parse() {
    let texts = [
        "<script>alert('x')</script>",
        "Tom & Jerry's \"quoted\"",
        "]]> end of CDATA",
        "line\nbreak\r\nand\ttab",
        "Zürich – 北京 – 🚲",
        "&amp; already escaped",
        "  spaces  ",
    ];
    let mut m = Model::new();
    for (i, t) in texts.iter().enumerate() {
        let mut n = Node::new(format!("{t}#{i}"), NodeKind::ALL[i % 6]).with_name(*t);
        n.attrs_mut().set(Num::Cost, Some(10.0));
        m.add_node(n);
    }
    m.add_node(Node::new("no name <&>", NodeKind::Goal));
    m.add_node(Node::new("ctrl\u{1}\u{1f}\u{fffe}", NodeKind::Goal));
    for i in 1..texts.len() as u32 {
        m.add_edge(Edge::new(i, 0, EdgeKind::DependsOn));
    }
    m.add_edge(Edge::new(0, 7, EdgeKind::Contributes).with_weight(-0.25));
    let report = score(&m, &Options::default());
    let p = parse(&graphml::write(&report));
    for (i, t) in texts.iter().enumerate() {
        assert_eq!(p.nodes[i].0, format!("{t}#{i}"));
        assert_eq!(p.nodes[i].1["name"], *t);
        assert_eq!(p.nodes[i].1["label"], *t);
        assert_eq!(p.y_labels[i], *t);
    }
    assert_eq!(p.nodes[7].0, "no name <&>");
    assert_eq!(p.nodes[7].1["label"], "no name <&>");
    assert!(!p.nodes[7].1.contains_key("name"));
    // Characters XML cannot carry are replaced.
    assert_eq!(p.nodes[8].0, "ctrl\u{fffd}\u{fffd}\u{fffd}");
    for (i, (from, to, data)) in p.edges.iter().enumerate().take(texts.len() - 1) {
        assert_eq!(from, &format!("{}#{}", texts[i + 1], i + 1));
        assert_eq!(to, &format!("{}#0", texts[0]));
        assert_eq!(data["weight"], "1.0");
    }
    let last = p.edges.last().unwrap();
    assert_eq!(
        (last.1.as_str(), last.2["weight"].as_str()),
        ("no name <&>", "-0.25")
    );
}

#[test]
fn empty_model_is_a_valid_document() {
    let m = Model::new();
    let p = parse(&graphml::write(&score(&m, &Options::default())));
    assert!(p.nodes.is_empty() && p.edges.is_empty());
}

#[test]
fn a_100k_node_model_writes_every_node_and_edge() {
    // Its speed is measured by `cargo bench --bench import`.
    let m = aligngraph::generate::layered(100_000, 3, 11);
    let report = score(&m, &Options::default());
    let text = graphml::write(&report);
    assert_eq!(text.matches("<node id=").count(), m.nodes.len());
    assert_eq!(text.matches("<edge id=").count(), m.edges.len());
}
