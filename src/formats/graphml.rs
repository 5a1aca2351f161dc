//! A scored model as GraphML, for graph tools such as yEd and Gephi.
//!
//! One `<node>` per model node (its `id` attribute is the model id) and one `<edge>` per model
//! edge (ids `e0`, `e1`, ... in model order), in a directed graph. Every value is a `<data>`
//! element of a declared key (`attr.name` and `attr.type`):
//!
//! - nodes: `label` (the name, or the id when there is none; Gephi shows it), `kind`, `name`
//!   (when the node has one), `status` (initiatives), the numeric columns of the scores CSV
//!   ([`crate::formats::scores_csv`]: `cost`, `alignment`, `conflict`, `own_risk`,
//!   `delivery_risk`, `exposure`, `goal_weight`, `coverage`, `expected_coverage`, `pagerank`,
//!   `betweenness`, as `double`, each only where it applies) and, for initiatives, `active` and
//!   `orphan` (`boolean`, as in the report's initiatives);
//! - edges: `kind` and `weight` (`double`; the default 1 when the model gives none). Gephi
//!   reads `weight` as the edge weight.
//!
//! yEd reads its own `y:` graphics instead of `<data>` values, so each node also carries a
//! `y:ShapeNode` with the label and a shape and colour by kind, and each edge a `y:PolyLineEdge`
//! styled by kind (`depends_on` dashed, `excludes` dotted without arrow, a negative
//! `contributes` red). Nodes have no positions: use the tool's layout (in yEd, Layout >
//! Hierarchical).
//!
//! Every text is XML-escaped; characters XML 1.0 cannot carry (most control characters) are
//! written as U+FFFD. Numbers are written in full precision (the shortest text that reads back
//! to the same value).

use crate::analysis::Report;
use crate::formats::scores_csv::{NUMERIC, NodeValues};
use crate::model::NodeKind;
use std::fmt::Write as _;

/// Writes the model of `report` and its scores as a GraphML document.
///
/// Complexity: O(size of the model), in one pass into a `String` reserved up front.
pub fn write(report: &Report) -> String {
    let model = report.source();
    let values = NodeValues::new(report);
    let traceable = &report.scores().traceable;
    let mut out = String::with_capacity(4096 + model.nodes.len() * 720 + model.edges.len() * 160);
    out.push_str(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n",
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"",
        " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
        " xmlns:y=\"http://www.yworks.com/xml/graphml\"",
        " xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns",
        " http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd\">\n",
    ));
    let key = |out: &mut String, id: &str, target: &str, name: &str, ty: &str| {
        let _ = writeln!(
            out,
            "  <key id=\"{id}\" for=\"{target}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    };
    for name in ["label", "kind", "name", "status"] {
        key(&mut out, name, "node", name, "string");
    }
    for name in NUMERIC {
        key(&mut out, name, "node", name, "double");
    }
    for name in ["active", "orphan"] {
        key(&mut out, name, "node", name, "boolean");
    }
    out.push_str("  <key id=\"y_node\" for=\"node\" yfiles.type=\"nodegraphics\"/>\n");
    key(&mut out, "edge_kind", "edge", "kind", "string");
    key(&mut out, "edge_weight", "edge", "weight", "double");
    out.push_str("  <graph id=\"G\" edgedefault=\"directed\">\n");

    for (i, node) in model.nodes.iter().enumerate() {
        let label = node.display_name();
        out.push_str("    <node id=\"");
        escape(&mut out, &node.id);
        out.push_str("\">\n");
        text_data(&mut out, "label", label);
        text_data(&mut out, "kind", node.kind.as_str());
        if let Some(name) = node.name.as_deref() {
            text_data(&mut out, "name", name);
        }
        if let Some(status) = values.status(i) {
            text_data(&mut out, "status", status);
        }
        for (name, v) in NUMERIC.iter().zip(values.row(i)) {
            if let Some(x) = v.filter(|x| x.is_finite()) {
                number_data(&mut out, name, x);
            }
        }
        if node.kind == NodeKind::Initiative {
            let active = node.is_active_initiative();
            let orphan = !traceable[i];
            text_data(&mut out, "active", if active { "true" } else { "false" });
            text_data(&mut out, "orphan", if orphan { "true" } else { "false" });
        }
        let (fill, shape) = look(node.kind);
        let width = (label.chars().count().min(40) * 7 + 24).max(60);
        let _ = write!(
            out,
            "      <data key=\"y_node\"><y:ShapeNode><y:Geometry height=\"40\" width=\"{width}\"/><y:Fill color=\"{fill}\"/><y:NodeLabel>"
        );
        escape(&mut out, label);
        let _ = writeln!(
            out,
            "</y:NodeLabel><y:Shape type=\"{shape}\"/></y:ShapeNode></data>"
        );
        out.push_str("    </node>\n");
    }

    for (i, e) in model.edges.iter().enumerate() {
        out.push_str("    <edge id=\"e");
        let _ = write!(out, "{i}");
        out.push_str("\" source=\"");
        escape(&mut out, &model.node(e.from).id);
        out.push_str("\" target=\"");
        escape(&mut out, &model.node(e.to).id);
        out.push_str("\">\n");
        text_data(&mut out, "edge_kind", e.kind.as_str());
        let w = e.weight();
        if w.is_finite() {
            number_data(&mut out, "edge_weight", w);
        }
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

/// yEd fill colour and shape of a node kind.
fn look(kind: NodeKind) -> (&'static str, &'static str) {
    match kind {
        NodeKind::Goal => ("#FFD966", "ellipse"),
        NodeKind::Capability => ("#9FC5E8", "roundrectangle"),
        NodeKind::Activity => ("#B6D7A8", "hexagon"),
        NodeKind::Application => ("#D5A6BD", "rectangle"),
        NodeKind::Initiative => ("#F9CB9C", "parallelogram"),
        NodeKind::Element => ("#D9D9D9", "octagon"),
        NodeKind::Person => ("#F4CCCC", "trapezoid"),
    }
}

fn number_data(out: &mut String, key: &str, x: f64) {
    out.push_str("      <data key=\"");
    out.push_str(key);
    out.push_str("\">");
    number(out, x);
    out.push_str("</data>\n");
}

/// Appends a finite number as the shortest text that reads back to the same value (serde_json's
/// float printing, which is faster than `Display`; e.g. `0.25`, `1.0`, `1e-7`).
fn number(out: &mut String, x: f64) {
    let mut buf = [0u8; 32];
    let mut w = &mut buf[..];
    let room = w.len();
    if serde_json::to_writer(&mut w, &x).is_ok() {
        let used = room - w.len();
        if let Ok(text) = std::str::from_utf8(&buf[..used]) {
            out.push_str(text);
            return;
        }
    }
    let _ = write!(out, "{x}");
}

fn text_data(out: &mut String, key: &str, text: &str) {
    out.push_str("      <data key=\"");
    out.push_str(key);
    out.push_str("\">");
    escape(out, text);
    out.push_str("</data>\n");
}

/// Appends `s` escaped for XML text and attribute values. Tabs and line breaks become character
/// references, so attribute values keep them too; characters XML 1.0 cannot carry (control
/// characters, U+FFFE, U+FFFF) become U+FFFD.
fn escape(out: &mut String, s: &str) {
    // Every character to replace starts with an ASCII byte or 0xEF (U+FFFE and U+FFFF are
    // EF BF BE and EF BF BF), so the scan is over bytes and slices stay on char boundaries.
    let b = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let rep = match b[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&apos;",
            b'\t' => "&#9;",
            b'\n' => "&#10;",
            b'\r' => "&#13;",
            0..0x20 => "\u{fffd}",
            0xEF if b.get(i + 1) == Some(&0xBF) && matches!(b.get(i + 2), Some(0xBE | 0xBF)) => {
                out.push_str(&s[start..i]);
                out.push('\u{fffd}');
                i += 3;
                start = i;
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[start..i]);
        out.push_str(rep);
        i += 1;
        start = i;
    }
    out.push_str(&s[start..]);
}
