//! The static fallback of the single-file dashboard: what a reader sees when the page cannot
//! run its scripts (JavaScript disabled, a document preview, a Content-Security-Policy without
//! `'wasm-unsafe-eval'`). The page removes it when the engine starts.
//!
//! The fragment is plain HTML with inline SVG: the six key figures (tiles and a table), the
//! strategy graph drawn from the engine's layered layout ([`crate::layout`]), the alignment
//! matrix, and tables of the goals and initiatives. It carries no `<script>` and no `style`
//! attribute (the single file's Content-Security-Policy forbids inline styles): colours are SVG
//! presentation attributes, and the page's CSS styles the classes. Everything taken from the
//! model is HTML-escaped. The output depends only on the report and the layout (no clock, no
//! randomness).
//!
//! Numbers are written as the page writes them (`www/format.js`): shares as a percentage with
//! one decimal ("19.7%"), counts as integers with thousands separators ("1,439"), money in the
//! model's currency with three significant digits in compact notation ("€20.1M"). Each cell and
//! tile also carries the report's number at full precision in `data-value`.
//!
//! Sizes are bounded whatever the model: at most [`MAX_GRAPH_NODES`] nodes and
//! [`MAX_GRAPH_EDGES`] edges in the graph, [`MAX_MATRIX`] initiatives and goals in the matrix
//! and [`MAX_TABLE_ROWS`] rows in a table, each cut said in a note.

use super::html::escape_into;
use crate::analysis::report::{GoalScore, InitiativeScore, Report};
use crate::analysis::{self, Options};
use crate::layout::{self, Layout, LayoutOptions};
use crate::model::{Model, NodeKind};
use std::fmt::Write;

/// Most nodes drawn in the strategy graph.
pub const MAX_GRAPH_NODES: usize = 1500;
/// Most edges drawn in the strategy graph.
pub const MAX_GRAPH_EDGES: usize = 12_000;
/// Most initiatives (rows) and goals (columns) in the matrix.
pub const MAX_MATRIX: usize = 40;
/// Most rows in the goals and initiatives tables.
pub const MAX_TABLE_ROWS: usize = 500;

/// Shown for a value that does not apply (as the page does).
const DASH: &str = "\u{2013}";
/// The minus sign of negative numbers (as the page writes it).
const MINUS: char = '\u{2212}';

/// Scores `model` with the default options, lays it out as the page does and renders the
/// fallback; see [`render`].
///
/// # Complexity
///
/// Scoring (`analysis::score`) and the layout ([`layout::layered`]) dominate; the rendering
/// itself is O(n log n + m).
///
/// ```
/// use aligngraph::formats::fallback::render_model;
/// let (model, _) = aligngraph::load_json(aligngraph::demo::DEMO_JSON);
/// let html = render_model(&model, Some("Board pack"));
/// assert!(html.starts_with("<div id=\"aligngraph-fallback\" class=\"ag-fallback\""));
/// assert!(html.contains("<h1>Board pack</h1>"));
/// ```
pub fn render_model(model: &Model, title: Option<&str>) -> String {
    let report = analysis::score(model, &Options::default());
    let layout = layout::layered(model, &LayoutOptions::default());
    render(&report, &layout, title)
}

/// The fallback fragment of a scored model: `<div id="aligngraph-fallback" class="ag-fallback"
/// data-nodes="N" data-edges="M">` holding a header and five sections (`data-fallback` =
/// `kpis`, `graph`, `matrix`, `goals`, `initiatives`); `docs/publishing.md` gives the
/// structure.
///
/// # Arguments
///
/// - `report`: the report of the model (`analysis::score`); its model gives names, kinds and
///   edges, its numbers every figure shown.
/// - `layout`: the layered layout of the same model ([`layout::layered`] with the default
///   options, as the page's `Engine.layout()`); arrays shorter than the model's nodes are read
///   as 0.
/// - `title`: the heading; the model's name when `None`.
///
/// Returns the fragment without the `<!--aligngraph:fallback-->` comments. Never fails: an
/// empty model gives empty sections.
///
/// # Complexity
///
/// O(n log n + m) time for n nodes and m edges (one sort of the nodes by layer and position,
/// one pass over the edges, the table rows chosen by partial sorts); the output is bounded by
/// the size limits, so it stays below about 2 MB whatever the model.
///
/// # Example
///
/// ```
/// use aligngraph::formats::fallback::render;
/// use aligngraph::layout::{LayoutOptions, layered};
/// let (model, _) = aligngraph::load_json(r#"{"format": "aligngraph", "version": 1,
///   "nodes": [{"id": "g", "kind": "goal", "name": "<b>Grow</b>"},
///             {"id": "i", "kind": "initiative", "cost": 5}],
///   "edges": [{"from": "i", "to": "g", "kind": "contributes"}]}"#);
/// let report = aligngraph::score(&model, &aligngraph::Options::default());
/// let html = render(&report, &layered(&model, &LayoutOptions::default()), None);
/// assert!(html.contains("&lt;b&gt;Grow&lt;/b&gt;") && !html.contains("<b>"));
/// assert_eq!(html.matches("<g class=\"ag-fb-node").count(), 2);
/// ```
pub fn render(report: &Report<'_>, layout: &Layout, title: Option<&str>) -> String {
    let model = report.source();
    let mut out = String::with_capacity(64 * 1024);
    let name = report
        .model
        .name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or("Untitled model");
    let _ = writeln!(
        out,
        "<div id=\"aligngraph-fallback\" class=\"ag-fallback\" data-nodes=\"{}\" data-edges=\"{}\">",
        model.nodes.len(),
        model.edges.len()
    );
    out.push_str("<header class=\"ag-fallback-header\"><h1>");
    escape_into(&mut out, title.unwrap_or(name));
    out.push_str("</h1>\n<p class=\"ag-fallback-meta\">");
    escape_into(&mut out, name);
    let _ = writeln!(
        out,
        " · {} · {}</p>",
        plural(model.nodes.len(), "node", "nodes"),
        plural(model.edges.len(), "edge", "edges")
    );
    out.push_str("<p class=\"ag-fallback-note\">A static picture of this dashboard, computed when the file was published. The interactive dashboard replaces it when the browser runs scripts and WebAssembly.</p></header>\n");
    let money = Money::new(report.model.currency.as_deref());
    kpis(&mut out, report, &money);
    graph(&mut out, report, layout);
    matrix(&mut out, report);
    goals(&mut out, report, &money);
    initiatives(&mut out, report, &money);
    out.push_str("</div>");
    out
}

/// "1 node", "1,204 nodes".
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", format_count(n), if n == 1 { one } else { many })
}

/// A number at full precision, as the JSON report writes it ("" when not finite).
fn full(x: f64) -> String {
    serde_json::Number::from_f64(x).map_or_else(String::new, |n| n.to_string())
}

/// How a figure is written.
#[derive(Clone, Copy)]
enum Kind {
    Share,
    Count,
    Money,
}

fn format_as(kind: Kind, x: f64, money: &Money) -> String {
    match kind {
        Kind::Share => format_share(x),
        Kind::Count => {
            if x.is_finite() {
                format_count(x.round().max(0.0) as usize)
            } else {
                DASH.to_string()
            }
        }
        Kind::Money => money.format(x),
    }
}

fn kpis(out: &mut String, report: &Report<'_>, money: &Money) {
    let k = &report.kpis;
    let rows: [(&str, &str, Kind, f64); 6] = [
        (
            "alignment_index",
            "Alignment strength",
            Kind::Share,
            k.alignment_index,
        ),
        (
            "goal_coverage",
            "Goals reached",
            Kind::Share,
            k.goal_coverage,
        ),
        (
            "unaligned_spend_share",
            "Spend linked to no goal",
            Kind::Share,
            k.unaligned_spend_share,
        ),
        (
            "uncovered_goals",
            "Goals not reached",
            Kind::Count,
            k.uncovered_goals.len() as f64,
        ),
        (
            "orphan_initiatives",
            "Initiatives serving no goal",
            Kind::Count,
            k.orphan_initiatives.len() as f64,
        ),
        (
            "total_exposure",
            "Money at risk",
            Kind::Money,
            k.total_exposure,
        ),
    ];
    let shown: Vec<String> = rows
        .iter()
        .map(|&(_, _, kind, v)| format_as(kind, v, money))
        .collect();
    out.push_str(
        "<section class=\"ag-fallback-section\" data-fallback=\"kpis\"><h2>Key figures</h2>\n",
    );
    let label: Vec<String> = rows
        .iter()
        .zip(&shown)
        .map(|(r, s)| format!("{} {s}", r.1))
        .collect();
    out.push_str("<svg class=\"ag-fb-chart\" role=\"img\" aria-label=\"Key figures: ");
    escape_into(out, &label.join(", "));
    out.push_str("\" viewBox=\"0 0 720 200\" xmlns=\"http://www.w3.org/2000/svg\">\n");
    for (i, (row, text)) in rows.iter().zip(&shown).enumerate() {
        let (x, y) = ((i % 3) as f64 * 240.0 + 4.0, (i / 3) as f64 * 100.0 + 4.0);
        let _ = write!(
            out,
            "<g class=\"ag-fb-kpi\" data-kpi=\"{}\"><rect x=\"{x}\" y=\"{y}\" width=\"228\" height=\"90\" rx=\"6\" fill=\"#f4f6f9\" stroke=\"#c9d2de\"/><text x=\"{}\" y=\"{}\" font-size=\"14\" fill=\"#4b5563\">{}</text><text x=\"{}\" y=\"{}\" font-size=\"30\" font-weight=\"600\" fill=\"#111827\">",
            row.0,
            x + 14.0,
            y + 26.0,
            row.1,
            x + 14.0,
            y + 70.0
        );
        escape_into(out, text);
        out.push_str("</text></g>\n");
    }
    out.push_str("</svg>\n<table class=\"ag-fallback-table\" data-table=\"kpis\"><caption>The portfolio's key figures</caption><thead><tr><th scope=\"col\">Figure</th><th scope=\"col\">Value</th></tr></thead><tbody>\n");
    for (row, text) in rows.iter().zip(&shown) {
        let _ = write!(
            out,
            "<tr data-kpi=\"{}\"><th scope=\"row\">{}</th><td data-value=\"{}\">",
            row.0,
            row.1,
            match row.2 {
                Kind::Count => format_count(row.3 as usize).replace(',', ""),
                _ => full(row.3),
            }
        );
        escape_into(out, text);
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody></table></section>\n");
}

/// The layer order of the kinds (as the layout stacks them) and their plurals.
const KINDS: [(NodeKind, &str, &str); 7] = [
    (NodeKind::Goal, "goal", "goals"),
    (NodeKind::Capability, "capability", "capabilities"),
    (NodeKind::Activity, "activity", "activities"),
    (NodeKind::Element, "element", "elements"),
    (NodeKind::Initiative, "initiative", "initiatives"),
    (NodeKind::Application, "application", "applications"),
    (NodeKind::Person, "person", "people"),
];

/// Fill and stroke of a node of this kind.
fn kind_colours(kind: NodeKind) -> (&'static str, &'static str) {
    match kind {
        NodeKind::Goal => ("#f2c14e", "#9a7412"),
        NodeKind::Capability => ("#7fb3d5", "#2e6f95"),
        NodeKind::Activity => ("#b9a7e8", "#5b46a8"),
        NodeKind::Element => ("#d5dbe1", "#7b8794"),
        NodeKind::Initiative => ("#7dcea0", "#1e8449"),
        NodeKind::Application => ("#c4c9cf", "#5d6d7e"),
        NodeKind::Person => ("#f5b7b1", "#a93226"),
    }
}

/// The id of a kind's shape in the graph's `<defs>` (short: every node names it).
pub fn shape_id(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Goal => "agk-g",
        NodeKind::Capability => "agk-c",
        NodeKind::Activity => "agk-v",
        NodeKind::Element => "agk-e",
        NodeKind::Initiative => "agk-i",
        NodeKind::Application => "agk-a",
        NodeKind::Person => "agk-p",
    }
}

/// The shape of a node of this kind, centred on (0, 0).
fn kind_shape(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Goal => "<polygon points=\"0,-10 10,0 0,10 -10,0\"",
        NodeKind::Capability => "<rect x=\"-9\" y=\"-7\" width=\"18\" height=\"14\" rx=\"3\"",
        NodeKind::Activity => "<polygon points=\"-9,-7 5,-7 10,0 5,7 -9,7 -5,0\"",
        NodeKind::Element => "<circle r=\"6\"",
        NodeKind::Initiative => "<circle r=\"8\"",
        NodeKind::Application => "<rect x=\"-8\" y=\"-8\" width=\"16\" height=\"16\"",
        // A head and shoulders.
        NodeKind::Person => {
            "<path d=\"M-3.5,-4a3.5,3.5 0 1,0 7,0a3.5,3.5 0 1,0 -7,0ZM-7.5,9a7.5,7 0 0,1 15,0Z\""
        }
    }
}

/// At most `max` characters of `text`, with "…" when cut.
fn short(text: &str, max: usize) -> String {
    let mut it = text.char_indices();
    match it.nth(max) {
        None => text.to_string(),
        Some(_) => {
            let cut = text
                .char_indices()
                .nth(max.saturating_sub(1))
                .map_or(text.len(), |(i, _)| i);
            format!("{}…", text[..cut].trim_end())
        }
    }
}

/// Horizontal and vertical stretch of the engine's coordinates, so labels have room.
const SX: f64 = 3.6;
const SY: f64 = 1.3;
const MARGIN_X: f64 = 56.0;
const MARGIN_Y: f64 = 20.0;

fn graph(out: &mut String, report: &Report<'_>, layout: &Layout) {
    let model = report.source();
    let n = model.nodes.len();
    let at = |xs: &[f64], v: usize| xs.get(v).copied().filter(|x| x.is_finite()).unwrap_or(0.0);
    let layer_of = |v: usize| layout.layer.get(v).copied().unwrap_or(0);
    let rank = &report.scores().graph.rank;
    let rank_of = |v: usize| rank.get(v).copied().unwrap_or(v as u32);
    // Nodes in the engine's drawing order: by layer, then row, then column.
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_unstable_by(|&a, &b| {
        let (a, b) = (a as usize, b as usize);
        layer_of(a)
            .cmp(&layer_of(b))
            .then(at(&layout.y, a).total_cmp(&at(&layout.y, b)))
            .then(at(&layout.x, a).total_cmp(&at(&layout.x, b)))
            .then(rank_of(a).cmp(&rank_of(b)))
    });
    let mut pos: Vec<Option<(f64, f64)>> = vec![None; n];
    let drawn: Vec<u32>;
    let (width, height);
    if n <= MAX_GRAPH_NODES {
        for &v in &order {
            let v = v as usize;
            pos[v] = Some((at(&layout.x, v), at(&layout.y, v)));
        }
        drawn = order;
        width = layout.width.max(0.0);
        height = layout.height.max(0.0);
    } else {
        drawn = most_relevant(&order, report, &layer_of, &rank_of);
        let (w, h) = rewrap(&drawn, &layer_of, &mut pos);
        width = w;
        height = h;
    }
    // Whole units: a picture this size needs no tenths, and the numbers stay short.
    let place =
        |v: usize| pos[v].map(|(x, y)| ((x * SX + MARGIN_X).round(), (y * SY + MARGIN_Y).round()));
    let layers = layout.layers;
    let kinds: Vec<String> = KINDS
        .iter()
        .filter_map(|&(kind, one, many)| {
            let c = report.model.kinds.get(kind.as_str()).copied().unwrap_or(0);
            (c > 0).then(|| plural(c, one, many))
        })
        .collect();
    out.push_str(
        "<section class=\"ag-fallback-section\" data-fallback=\"graph\"><h2>Strategy graph</h2>\n",
    );
    let mut edges_total = 0usize;
    let mut edges_drawn = 0usize;
    // Edges grouped by style: each group carries the kind, stroke and dash once.
    const STYLES: [(&str, &str, &str); 6] = [
        ("part_of", "#a0aab4", ""),
        ("supports", "#2e6f95", ""),
        ("contributes", "#9a7412", ""),
        ("contributes", "#c0392b", " data-negative=\"true\""),
        ("depends_on", "#7b8794", " stroke-dasharray=\"4 3\""),
        ("excludes", "#c0392b", " stroke-dasharray=\"2 3\""),
    ];
    let mut edge_groups: [String; 6] = Default::default();
    for e in &model.edges {
        let (a, b) = (e.from as usize, e.to as usize);
        if a == b {
            continue;
        }
        let (Some((x1, y1)), Some((x2, y2))) = (
            pos.get(a).copied().flatten().and_then(|_| place(a)),
            pos.get(b).copied().flatten().and_then(|_| place(b)),
        ) else {
            continue;
        };
        edges_total += 1;
        if edges_drawn == MAX_GRAPH_EDGES {
            continue;
        }
        edges_drawn += 1;
        let style = match e.kind.as_str() {
            "contributes" if e.weight() < 0.0 => 3,
            "contributes" => 2,
            "supports" => 1,
            "depends_on" => 4,
            "excludes" => 5,
            _ => 0,
        };
        // One path per kind of edge, a segment per edge: the picture stays small.
        let _ = write!(
            edge_groups[style],
            "M{} {}L{} {}",
            num(x1),
            num(y1),
            num(x2),
            num(y2)
        );
    }
    let mut edge_text = String::new();
    for (paths, (kind, stroke, extra)) in edge_groups.iter().zip(STYLES) {
        if !paths.is_empty() {
            let _ = writeln!(
                edge_text,
                "<g class=\"ag-fb-edges\" data-kind=\"{kind}\" stroke=\"{stroke}\"{extra}>"
            );
            let _ = writeln!(edge_text, "<path class=\"ag-fb-edge\" d=\"{paths}\"/>");
            edge_text.push_str("</g>\n");
        }
    }
    let _ = writeln!(
        out,
        "<svg class=\"ag-fb-chart\" role=\"img\" aria-label=\"Strategy graph: {} in {} ({})\" viewBox=\"0 0 {} {}\" xmlns=\"http://www.w3.org/2000/svg\">",
        plural(n, "node", "nodes"),
        plural(layers as usize, "layer", "layers"),
        kinds.join(", "),
        num(width * SX + 2.0 * MARGIN_X),
        num(height * SY + 2.0 * MARGIN_Y + 14.0)
    );
    // Each kind's shape once; the nodes use it.
    out.push_str("<defs>");
    for kind in NodeKind::ALL {
        let (fill, stroke) = kind_colours(kind);
        let _ = write!(
            out,
            "{} id=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\"/>",
            kind_shape(kind),
            shape_id(kind)
        );
    }
    out.push_str("</defs>\n");
    out.push_str(
        "<g class=\"ag-fb-graph-edges\" fill=\"none\" stroke-width=\"1\" stroke-opacity=\"0.6\">\n",
    );
    out.push_str(&edge_text);
    out.push_str(
        "</g>\n<g class=\"ag-fb-graph-nodes\" font-size=\"9\" text-anchor=\"middle\" fill=\"#1f2933\">\n",
    );
    for &v in &drawn {
        let v = v as usize;
        let Some((x, y)) = place(v) else { continue };
        let node = &model.nodes[v];
        out.push_str("<g class=\"ag-fb-node\" data-id=\"");
        escape_into(out, &node.id);
        let _ = write!(out, "\" transform=\"translate({} {})\">", num(x), num(y));
        // The whole name as a tooltip where the label is cut short.
        let label = short(node.display_name(), 16);
        if label != node.display_name() {
            out.push_str("<title>");
            escape_into(out, node.display_name());
            out.push_str("</title>");
        }
        let _ = write!(
            out,
            "<use href=\"#{}\"/><text y=\"20\">",
            shape_id(node.kind)
        );
        escape_into(out, &label);
        out.push_str("</text></g>");
    }
    out.push_str("</g></svg>\n");
    if drawn.len() < n {
        let _ = writeln!(
            out,
            "<p class=\"ag-fallback-note\">Showing {} of {} nodes: the goals first, then layer by layer (within a layer cut short, the most aligned nodes). The interactive dashboard draws them all.</p>",
            format_count(drawn.len()),
            format_count(n)
        );
    }
    if edges_drawn < edges_total {
        let _ = writeln!(
            out,
            "<p class=\"ag-fallback-note\">Showing {} of {} edges between the nodes drawn.</p>",
            format_count(edges_drawn),
            format_count(edges_total)
        );
    }
    out.push_str("</section>\n");
}

/// A coordinate with at most one decimal.
fn num(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// The [`MAX_GRAPH_NODES`] nodes drawn when the model has more: whole layers from the top
/// while they fit, then the most aligned nodes of the next layer (ties by id), kept in the
/// engine's order.
fn most_relevant(
    order: &[u32],
    report: &Report<'_>,
    layer_of: &dyn Fn(usize) -> u32,
    rank_of: &dyn Fn(usize) -> u32,
) -> Vec<u32> {
    let alignment = &report.scores().alignment;
    let mut drawn = Vec::with_capacity(MAX_GRAPH_NODES);
    let mut i = 0;
    while i < order.len() && drawn.len() < MAX_GRAPH_NODES {
        let layer = layer_of(order[i] as usize);
        let end = i + order[i..]
            .iter()
            .position(|&v| layer_of(v as usize) != layer)
            .unwrap_or(order.len() - i);
        let room = MAX_GRAPH_NODES - drawn.len();
        if end - i <= room {
            drawn.extend_from_slice(&order[i..end]);
        } else {
            let mut part: Vec<(usize, u32)> = order[i..end]
                .iter()
                .enumerate()
                .map(|(k, &v)| (k, v))
                .collect();
            let key = |&(_, v): &(usize, u32)| {
                let a = alignment.get(v as usize).copied().unwrap_or(0.0);
                (if a.is_nan() { 0.0 } else { -a }, rank_of(v as usize))
            };
            part.select_nth_unstable_by(room - 1, |a, b| {
                let (ka, kb) = (key(a), key(b));
                ka.0.total_cmp(&kb.0).then(ka.1.cmp(&kb.1))
            });
            part.truncate(room);
            part.sort_unstable_by_key(|&(k, _)| k);
            drawn.extend(part.into_iter().map(|(_, v)| v));
        }
        i = end;
    }
    drawn
}

/// Places `drawn` (in the engine's layer order) by the layout's rules for a model of that many
/// nodes: rows of at most `max(12, ceil(2 sqrt(k)))` nodes filled column by column, 28 apart,
/// each layer's block centred, layers 140 apart. Returns the width and height of the centres.
fn rewrap(
    drawn: &[u32],
    layer_of: &dyn Fn(usize) -> u32,
    pos: &mut [Option<(f64, f64)>],
) -> (f64, f64) {
    let opts = LayoutOptions::default();
    let k = drawn.len();
    let max_row = ((2.0 * (k as f64).sqrt()).ceil() as usize).max(12);
    let mut groups: Vec<&[u32]> = Vec::new();
    let mut i = 0;
    while i < k {
        let layer = layer_of(drawn[i] as usize);
        let len = drawn[i..]
            .iter()
            .position(|&v| layer_of(v as usize) != layer)
            .unwrap_or(k - i);
        groups.push(&drawn[i..i + len]);
        i += len;
    }
    let shape = |len: usize| {
        let rows = len.div_ceil(max_row).max(1);
        (rows, len.div_ceil(rows))
    };
    let widest = groups.iter().map(|g| shape(g.len()).1).max().unwrap_or(1);
    let width = (widest.saturating_sub(1)) as f64 * opts.node_spacing;
    let mut y0 = 0.0;
    let mut height: f64 = 0.0;
    for g in groups {
        let (rows, cols) = shape(g.len());
        let left = (width - (cols.saturating_sub(1)) as f64 * opts.node_spacing) / 2.0;
        for (p, &v) in g.iter().enumerate() {
            let (col, row) = (p / rows, p % rows);
            let (x, y) = (
                left + col as f64 * opts.node_spacing,
                y0 + row as f64 * opts.node_spacing,
            );
            pos[v as usize] = Some((x, y));
            height = height.max(y);
        }
        y0 += (rows - 1) as f64 * opts.node_spacing + opts.layer_spacing;
    }
    (width, height)
}

/// Fill of a matrix cell by reach in [0, 1].
fn reach_fill(r: f64) -> &'static str {
    const STEPS: [&str; 6] = [
        "#f3f5f8", "#dbe8f5", "#b3d1ea", "#7fb1d9", "#4a8cc4", "#1f5f99",
    ];
    if r.is_nan() || r <= 0.0 {
        STEPS[0]
    } else {
        STEPS[((r * 5.0).ceil() as usize).clamp(1, 5)]
    }
}

fn matrix(out: &mut String, report: &Report<'_>) {
    out.push_str("<section class=\"ag-fallback-section\" data-fallback=\"matrix\"><h2>Alignment matrix</h2>\n");
    let s = report.scores();
    let model = report.source();
    let node = |v: u32| model.nodes.get(v as usize);
    let id = |v: u32| node(v).map_or("", |n| &*n.id);
    let name = |v: u32| node(v).map_or("", |n| n.display_name());
    let (goal_nodes, ini_nodes) = (&s.goals, &s.active);
    if goal_nodes.is_empty() || ini_nodes.is_empty() {
        out.push_str("<p class=\"ag-fallback-note\">No matrix to show: the model needs goals and active initiatives.</p></section>\n");
        return;
    }
    let m = report.matrix();
    let reach: Vec<&[f64]> = m.reach().collect();
    let conflict: Vec<&[f64]> = m.conflict().collect();
    let value = |x: Option<f64>| x.filter(|x| !x.is_nan()).unwrap_or(0.0);
    // Columns: every goal, or the top-level goals by weight first when there are too many.
    let mut cols: Vec<usize> = (0..goal_nodes.len()).collect();
    if cols.len() > MAX_MATRIX {
        let key = |c: usize| {
            let v = goal_nodes[c] as usize;
            (
                s.top.get(v).copied().unwrap_or(false),
                value(s.weight.get(c).copied()),
            )
        };
        let by = |a: &usize, b: &usize| {
            let (ka, kb) = (key(*a), key(*b));
            kb.0.cmp(&ka.0).then(kb.1.total_cmp(&ka.1)).then(a.cmp(b))
        };
        cols.select_nth_unstable_by(MAX_MATRIX - 1, by);
        cols.truncate(MAX_MATRIX);
        cols.sort_unstable();
    }
    // Rows: the active initiatives by alignment, highest first (ties in id order).
    let ini_alignment: Vec<f64> = ini_nodes
        .iter()
        .map(|&v| value(s.alignment.get(v as usize).copied()))
        .collect();
    let mut rows: Vec<usize> = (0..ini_nodes.len()).collect();
    let by = |a: &usize, b: &usize| {
        ini_alignment[*b]
            .total_cmp(&ini_alignment[*a])
            .then(a.cmp(b))
    };
    if rows.len() > MAX_MATRIX {
        rows.select_nth_unstable_by(MAX_MATRIX - 1, by);
        rows.truncate(MAX_MATRIX);
    }
    rows.sort_by(by);
    const CELL: f64 = 22.0;
    const LEFT: f64 = 230.0;
    const TOP: f64 = 150.0;
    let w = LEFT + cols.len() as f64 * CELL + 130.0;
    let h = TOP + rows.len() as f64 * CELL + 10.0;
    let _ = writeln!(
        out,
        "<svg class=\"ag-fb-chart\" role=\"img\" aria-label=\"Alignment matrix: how strongly each of {} reaches each of {} (darker is stronger; a red outline marks a conflict)\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" xmlns=\"http://www.w3.org/2000/svg\">",
        if rows.len() < ini_nodes.len() {
            format!(
                "the {} most aligned of {} active initiatives",
                format_count(rows.len()),
                format_count(ini_nodes.len())
            )
        } else {
            plural(rows.len(), "active initiative", "active initiatives")
        },
        if cols.len() < goal_nodes.len() {
            format!(
                "{} of {} goals",
                format_count(cols.len()),
                format_count(goal_nodes.len())
            )
        } else {
            plural(cols.len(), "goal", "goals")
        },
        w = num(w),
        h = num(h)
    );
    out.push_str("<g class=\"ag-fb-labels\" font-size=\"11\" fill=\"#1f2933\">\n");
    for (j, &c) in cols.iter().enumerate() {
        let x = LEFT + j as f64 * CELL + CELL / 2.0;
        let y = TOP - 6.0;
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" transform=\"rotate(-50 {} {})\">",
            num(x),
            num(y),
            num(x),
            num(y)
        );
        escape_into(out, &short(name(goal_nodes[c]), 24));
        out.push_str("</text>");
    }
    // The rows' labels end at the grid.
    out.push_str("<g text-anchor=\"end\">");
    for (i, &r) in rows.iter().enumerate() {
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\">",
            num(LEFT - 8.0),
            num(TOP + i as f64 * CELL + CELL / 2.0 + 4.0)
        );
        let label = short(name(ini_nodes[r]), 34);
        escape_into(out, &label);
        if label != name(ini_nodes[r]) {
            out.push_str("<title>");
            escape_into(out, name(ini_nodes[r]));
            out.push_str("</title>");
        }
        out.push_str("</text>");
    }
    out.push_str("</g></g>\n<g class=\"ag-fb-cells\" stroke=\"#ffffff\">\n");
    // The empty cells are one background (their row and column name them); only cells with a
    // reach or a conflict are drawn, with their ids, value and tooltip.
    if !rows.is_empty() && !cols.is_empty() {
        let _ = writeln!(
            out,
            "<rect class=\"ag-fb-grid\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
            num(LEFT),
            num(TOP),
            num(cols.len() as f64 * CELL - 1.0),
            num(rows.len() as f64 * CELL - 1.0),
            reach_fill(0.0)
        );
    }
    for (i, &r) in rows.iter().enumerate() {
        for (j, &c) in cols.iter().enumerate() {
            let v = reach
                .get(r)
                .and_then(|row| row.get(c))
                .copied()
                .unwrap_or(0.0);
            let k = conflict
                .get(r)
                .and_then(|row| row.get(c))
                .copied()
                .unwrap_or(0.0);
            if v == 0.0 && k == 0.0 {
                continue;
            }
            out.push_str("<rect class=\"ag-fb-cell\" data-goal=\"");
            escape_into(out, id(goal_nodes[c]));
            out.push_str("\" data-initiative=\"");
            escape_into(out, id(ini_nodes[r]));
            let _ = write!(
                out,
                "\" data-value=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"",
                full(v),
                num(LEFT + j as f64 * CELL),
                num(TOP + i as f64 * CELL),
                CELL - 1.0,
                CELL - 1.0,
                reach_fill(v)
            );
            if k > 0.0 {
                let _ = write!(out, " data-conflict=\"{}\" stroke=\"#c0392b\"", full(k));
            }
            // The row's label names the initiative (its whole name as the label's tooltip).
            out.push_str("><title>");
            escape_into(out, name(goal_nodes[c]));
            let _ = write!(out, ": reach {}", format_share(v));
            if k > 0.0 {
                let _ = write!(out, ", conflict {}", format_share(k));
            }
            out.push_str("</title></rect>");
        }
    }
    out.push_str("</g></svg>\n");
    let mut cut = Vec::new();
    if rows.len() < ini_nodes.len() {
        cut.push(format!(
            "{} of {} active initiatives (the most aligned)",
            format_count(rows.len()),
            format_count(ini_nodes.len())
        ));
    }
    if cols.len() < goal_nodes.len() {
        cut.push(format!(
            "{} of {} goals (the top-level goals by weight first)",
            format_count(cols.len()),
            format_count(goal_nodes.len())
        ));
    }
    if !cut.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"ag-fallback-note\">Showing {}.</p>",
            cut.join(" and ")
        );
    }
    out.push_str("</section>\n");
}

/// How a row gives a cell: the text shown and the full value.
type Cell<'r, T> = Box<dyn Fn(&T) -> (String, String) + 'r>;

/// One column of a table: key, header, cell.
struct Column<'r, T> {
    key: &'static str,
    header: &'static str,
    cell: Cell<'r, T>,
}

fn table<T>(
    out: &mut String,
    key: &str,
    caption: &str,
    first: &str,
    rows: &[T],
    id_name: &dyn Fn(&T) -> (&str, &str),
    cols: &[Column<'_, T>],
) {
    let _ = write!(
        out,
        "<table class=\"ag-fallback-table\" data-table=\"{key}\"><caption>{caption}</caption><thead><tr><th scope=\"col\">{first}</th>"
    );
    for c in cols {
        let _ = write!(
            out,
            "<th scope=\"col\" data-col=\"{}\">{}</th>",
            c.key, c.header
        );
    }
    out.push_str("</tr></thead><tbody>\n");
    for row in rows {
        let (id, name) = id_name(row);
        out.push_str("<tr data-id=\"");
        escape_into(out, id);
        out.push_str("\"><th scope=\"row\">");
        escape_into(out, name);
        out.push_str("</th>");
        for c in cols {
            let (text, value) = (c.cell)(row);
            out.push_str("<td data-value=\"");
            escape_into(out, &value);
            out.push_str("\">");
            escape_into(out, &text);
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

/// The indices of the rows shown: all when they fit, else the `MAX_TABLE_ROWS` first by `key`
/// (smallest first), kept in their order.
fn pick<K: PartialOrd>(n: usize, key: impl Fn(usize) -> K) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    if n > MAX_TABLE_ROWS {
        let cmp = |a: &usize, b: &usize| {
            key(*a)
                .partial_cmp(&key(*b))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.cmp(b))
        };
        idx.select_nth_unstable_by(MAX_TABLE_ROWS - 1, cmp);
        idx.truncate(MAX_TABLE_ROWS);
        idx.sort_unstable();
    }
    idx
}

fn share_col<'r, T: 'r>(
    key: &'static str,
    header: &'static str,
    f: impl Fn(&T) -> f64 + 'r,
) -> Column<'r, T> {
    Column {
        key,
        header,
        cell: Box::new(move |r| {
            let v = f(r);
            (format_share(v), full(v))
        }),
    }
}

fn money_col<'r, T: 'r>(
    key: &'static str,
    header: &'static str,
    money: &'r Money,
    f: impl Fn(&T) -> f64 + 'r,
) -> Column<'r, T> {
    Column {
        key,
        header,
        cell: Box::new(move |r| {
            let v = f(r);
            (money.format(v), full(v))
        }),
    }
}

fn yes_no<'r, T: 'r>(
    key: &'static str,
    header: &'static str,
    f: impl Fn(&T) -> bool + 'r,
) -> Column<'r, T> {
    Column {
        key,
        header,
        cell: Box::new(move |r| {
            let v = f(r);
            (if v { "yes" } else { "no" }.into(), v.to_string())
        }),
    }
}

fn goals(out: &mut String, report: &Report<'_>, money: &Money) {
    out.push_str("<section class=\"ag-fallback-section\" data-fallback=\"goals\"><h2>Goals</h2>\n");
    let all = &report.goals;
    let shown: Vec<&GoalScore> = pick(all.len(), |i| (!all[i].top_level, -all[i].weight))
        .into_iter()
        .map(|i| &all[i])
        .collect();
    let cols: Vec<Column<'_, &GoalScore>> = vec![
        Column {
            key: "perspective",
            header: "Perspective",
            cell: Box::new(|g: &&GoalScore| match g.perspective {
                Some(p) => (p.to_string(), p.to_string()),
                None => (DASH.to_string(), String::new()),
            }),
        },
        share_col("weight", "Weight", |g: &&GoalScore| g.weight),
        share_col("coverage", "Coverage", |g: &&GoalScore| g.coverage),
        share_col(
            "expected_coverage",
            "Expected coverage",
            |g: &&GoalScore| g.expected_coverage,
        ),
        share_col("coverage_at_risk", "Coverage at risk", |g: &&GoalScore| {
            g.coverage_at_risk
        }),
        money_col("value_at_risk", "Value at risk", money, |g: &&GoalScore| {
            g.value_at_risk
        }),
        share_col("conflict", "Conflict", |g: &&GoalScore| g.conflict),
        Column {
            key: "initiatives",
            header: "Initiatives",
            cell: Box::new(|g: &&GoalScore| {
                (format_count(g.initiatives), g.initiatives.to_string())
            }),
        },
    ];
    rows_section(
        out,
        Rows {
            key: "goals",
            caption: "Goals: weight, coverage by the active portfolio, and what delivery risk puts at stake",
            row_header: "Goal",
            plural: "goals",
            order: "the top-level goals by weight first",
        },
        &shown,
        all.len(),
        &|g: &&GoalScore| (g.id.as_str(), g.name.as_str()),
        &cols,
    );
}

fn initiatives(out: &mut String, report: &Report<'_>, money: &Money) {
    out.push_str("<section class=\"ag-fallback-section\" data-fallback=\"initiatives\"><h2>Initiatives</h2>\n");
    let all: Vec<InitiativeScore<'_>> = report.initiatives().collect();
    let shown: Vec<&InitiativeScore<'_>> = pick(all.len(), |i| {
        let a = all[i].alignment;
        (!all[i].active, if a.is_nan() { 0.0 } else { -a })
    })
    .into_iter()
    .map(|i| &all[i])
    .collect();
    type I<'x> = &'x InitiativeScore<'x>;
    let cols: Vec<Column<'_, I<'_>>> = vec![
        Column {
            key: "status",
            header: "Status",
            cell: Box::new(|x: &I<'_>| (x.status.to_string(), x.status.to_string())),
        },
        yes_no("active", "Active", |x: &I<'_>| x.active),
        money_col("cost", "Cost", money, |x: &I<'_>| x.cost),
        share_col("alignment", "Alignment", |x: &I<'_>| x.alignment),
        share_col("conflict", "Conflict", |x: &I<'_>| x.conflict),
        share_col("own_risk", "Own risk", |x: &I<'_>| x.own_risk),
        share_col("delivery_risk", "Delivery risk", |x: &I<'_>| {
            x.delivery_risk
        }),
        money_col("exposure", "Exposure", money, |x: &I<'_>| x.exposure),
        yes_no("orphan", "Orphan", |x: &I<'_>| x.orphan),
    ];
    rows_section(
        out,
        Rows {
            key: "initiatives",
            caption: "Initiatives: status, cost, alignment and delivery risk",
            row_header: "Initiative",
            plural: "initiatives",
            order: "the active ones with the highest alignment first",
        },
        &shown,
        all.len(),
        &|x: &I<'_>| (x.id, x.name),
        &cols,
    );
}

/// What a table section of the fallback says about its rows.
struct Rows<'s> {
    key: &'s str,
    caption: &'s str,
    row_header: &'s str,
    plural: &'s str,
    order: &'s str,
}

/// The table of `shown` (of `total` rows), a note when there is none, and a note when it is cut;
/// closes the section.
fn rows_section<T>(
    out: &mut String,
    rows: Rows<'_>,
    shown: &[T],
    total: usize,
    id_name: &dyn Fn(&T) -> (&str, &str),
    cols: &[Column<'_, T>],
) {
    if shown.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"ag-fallback-note\">The model has no {}.</p>",
            rows.plural
        );
    } else {
        table(
            out,
            rows.key,
            rows.caption,
            rows.row_header,
            shown,
            id_name,
            cols,
        );
    }
    if shown.len() < total {
        let _ = writeln!(
            out,
            "<p class=\"ag-fallback-note\">Showing {} of {} {} ({}).</p>",
            format_count(shown.len()),
            format_count(total),
            rows.plural,
            rows.order
        );
    }
    out.push_str("</section>\n");
}

/// A share in [0, 1] as a percentage with one decimal, as the page writes it (d3 `.1%`):
/// 0.19657 -> "19.7%"; "–" when not finite.
///
/// ```
/// use aligngraph::formats::fallback::format_share;
/// assert_eq!(format_share(0.19657), "19.7%");
/// assert_eq!(format_share(1.0), "100.0%");
/// ```
pub fn format_share(x: f64) -> String {
    if !x.is_finite() {
        return DASH.to_string();
    }
    let s = to_fixed(x * 100.0, 1);
    format!("{s}%")
}

/// A count as an integer with thousands separators: 1439 -> "1,439".
///
/// ```
/// use aligngraph::formats::fallback::format_count;
/// assert_eq!(format_count(1439), "1,439");
/// assert_eq!(format_count(12), "12");
/// ```
pub fn format_count(n: usize) -> String {
    crate::diagnostics::count(n)
}

/// A plain number with three significant digits, as the page writes it without a currency
/// (d3 `.3~s` from 1,000 up, with B for billions; `.3~r` below): 20120000 -> "20.1M",
/// 0.5 -> "0.5".
///
/// ```
/// use aligngraph::formats::fallback::format_number;
/// assert_eq!(format_number(20_120_000.0), "20.1M");
/// assert_eq!(format_number(120_000.0), "120k");
/// assert_eq!(format_number(84.0), "84");
/// assert_eq!(format_number(-0.5), "\u{2212}0.5");
/// ```
pub fn format_number(x: f64) -> String {
    if !x.is_finite() {
        return DASH.to_string();
    }
    if x.abs() < 1e-12 {
        return "0".to_string();
    }
    const SI: [&str; 9] = ["", "k", "M", "B", "T", "P", "E", "Z", "Y"];
    let (digits, exp) = round_sig(x.abs(), 3);
    let text = if exp >= 3 {
        let group = ((exp / 3) as usize).min(8);
        format!(
            "{}{}",
            place_point(&digits, exp - 3 * group as i32),
            SI[group]
        )
    } else {
        place_point(&digits, exp)
    };
    if x < 0.0 {
        format!("{MINUS}{text}")
    } else {
        text
    }
}

/// Money as the page writes it: `Intl.NumberFormat("en", {style: "currency", currency,
/// notation: "compact", maximumSignificantDigits: 3})` for a currency code ("€20.1M",
/// "CHF 120K"), the plain number and the text for anything else ("20.1M points"), the plain
/// number without a currency.
struct Money {
    currency: Option<String>,
    prefix: Option<String>,
}

impl Money {
    fn new(currency: Option<&str>) -> Money {
        let currency = currency.map(str::to_string).filter(|c| !c.is_empty());
        let prefix = currency
            .as_deref()
            .filter(|c| c.len() == 3 && c.chars().all(|ch| ch.is_ascii_alphabetic()))
            .map(|c| {
                let code = c.to_ascii_uppercase();
                let symbol = match code.as_str() {
                    "USD" => "$",
                    "EUR" => "€",
                    "GBP" => "£",
                    "JPY" => "¥",
                    "INR" => "₹",
                    "CNY" => "CN¥",
                    "CAD" => "CA$",
                    "AUD" => "A$",
                    "NZD" => "NZ$",
                    "HKD" => "HK$",
                    "MXN" => "MX$",
                    "BRL" => "R$",
                    "TWD" => "NT$",
                    "KRW" => "₩",
                    "ILS" => "₪",
                    "VND" => "₫",
                    "PHP" => "₱",
                    "XCD" => "EC$",
                    "XAF" => "FCFA",
                    _ => return format!("{code}\u{a0}"),
                };
                symbol.to_string()
            });
        Money { currency, prefix }
    }

    fn format(&self, x: f64) -> String {
        if !x.is_finite() {
            return DASH.to_string();
        }
        let x = if x.abs() < 1e-9 { 0.0 } else { x };
        let Some(currency) = &self.currency else {
            return format_number(x);
        };
        let Some(prefix) = &self.prefix else {
            return format!("{} {currency}", format_number(x));
        };
        format_money(x, prefix)
    }
}

/// `x` in compact notation with three significant digits (K, M, B, T) after `prefix`.
fn format_money(x: f64, prefix: &str) -> String {
    if x == 0.0 {
        return format!("{prefix}0");
    }
    let (digits, exp) = round_sig(x.abs(), 3);
    let (shift, unit) = match exp {
        e if e < 3 => (0, ""),
        e if e < 6 => (3, "K"),
        e if e < 9 => (6, "M"),
        e if e < 12 => (9, "B"),
        _ => (12, "T"),
    };
    let sign = if x < 0.0 { "\u{2212}" } else { "" };
    format!("{sign}{prefix}{}{unit}", place_point(&digits, exp - shift))
}

/// The significant digits `digits` (the first one worth 10^exp) as a decimal number, trailing
/// zeros of the fraction dropped.
fn place_point(digits: &[u8], exp: i32) -> String {
    let mut s = String::new();
    if exp < 0 {
        s.push_str("0.");
        for _ in 0..(-exp - 1) {
            s.push('0');
        }
        s.extend(digits.iter().map(|&d| char::from(b'0' + d)));
    } else {
        let int_len = exp as usize + 1;
        for k in 0..int_len.max(digits.len()) {
            if k == int_len {
                s.push('.');
            }
            s.push(char::from(b'0' + digits.get(k).copied().unwrap_or(0)));
        }
    }
    if s.contains('.') {
        let t = s.trim_end_matches('0').trim_end_matches('.').len();
        s.truncate(t);
    }
    s
}

/// `x > 0` rounded half up to `n` significant digits: the digits (0-9) and the power of ten of
/// the first. Exact: a value close to halfway is decided on its exact decimal expansion.
fn round_sig(x: f64, n: usize) -> (Vec<u8>, i32) {
    let probe = format!("{:.*e}", n + 2, x);
    let (mant, _) = probe.split_once('e').unwrap_or((&probe, "0"));
    let tail: String = mant.chars().filter(char::is_ascii_digit).skip(n).collect();
    let text = if matches!(tail.as_str(), "499" | "500" | "501") {
        format!("{:.*e}", 800, x)
    } else {
        probe
    };
    let (mant, e) = text.split_once('e').unwrap_or((&text, "0"));
    let mut exp: i32 = e.parse().unwrap_or(0);
    let all: Vec<u8> = mant
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|d| d - b'0')
        .collect();
    let mut digits: Vec<u8> = all.iter().copied().take(n).collect();
    if all.get(n).is_some_and(|&d| d >= 5) {
        let mut k = digits.len();
        loop {
            if k == 0 {
                digits.insert(0, 1);
                digits.truncate(n);
                exp += 1;
                break;
            }
            k -= 1;
            if digits[k] == 9 {
                digits[k] = 0;
            } else {
                digits[k] += 1;
                break;
            }
        }
    }
    (digits, exp)
}

/// `x` with `d` decimals as JavaScript's `toFixed` writes it (half away from zero on the exact
/// value); no minus sign when the result is zero.
fn to_fixed(x: f64, d: usize) -> String {
    let a = x.abs();
    let probe = format!("{:.*}", d + 3, a);
    let tail = &probe[probe.len().saturating_sub(3)..];
    let text = if matches!(tail, "499" | "500" | "501") {
        format!("{:.*}", 1100, a)
    } else {
        probe
    };
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut digits: Vec<u8> = int
        .bytes()
        .chain(frac.bytes().chain(std::iter::repeat(b'0')).take(d))
        .map(|c| c - b'0')
        .collect();
    if frac.as_bytes().get(d).is_some_and(|&c| c >= b'5') {
        let mut k = digits.len();
        loop {
            if k == 0 {
                digits.insert(0, 1);
                break;
            }
            k -= 1;
            if digits[k] == 9 {
                digits[k] = 0;
            } else {
                digits[k] += 1;
                break;
            }
        }
    }
    let int_len = digits.len() - d;
    let mut s = String::new();
    if x < 0.0 && digits.iter().any(|&c| c != 0) {
        s.push(MINUS);
    }
    for (k, c) in digits.iter().enumerate() {
        if k == int_len {
            s.push('.');
        }
        s.push(char::from(b'0' + c));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_the_page_writes_them() {
        assert_eq!(format_share(0.19657), "19.7%");
        assert_eq!(format_share(0.0), "0.0%");
        assert_eq!(format_share(0.1225), "12.3%"); // 12.25 exactly: half up as toFixed
        assert_eq!(format_share(f64::NAN), DASH);
        assert_eq!(format_count(1_000_000), "1,000,000");
        assert_eq!(format_count(0), "0");
        let eur = Money::new(Some("EUR"));
        assert_eq!(eur.format(20_120_000.0), "€20.1M");
        assert_eq!(eur.format(120_000.0), "€120K");
        assert_eq!(eur.format(999_999.0), "€1M");
        assert_eq!(eur.format(840.0), "€840");
        assert_eq!(eur.format(0.5), "€0.5");
        assert_eq!(eur.format(0.0), "€0");
        assert_eq!(eur.format(-1_200_000.0), "\u{2212}€1.2M");
        assert_eq!(eur.format(2.5e9), "€2.5B");
        assert_eq!(Money::new(Some("chf")).format(120_000.0), "CHF\u{a0}120K");
        assert_eq!(
            Money::new(Some("points")).format(20_120_000.0),
            "20.1M points"
        );
        assert_eq!(Money::new(None).format(1500.0), "1.5k");
        assert_eq!(format_number(999.5), "1k");
        assert_eq!(format_number(0.000123), "0.000123");
        assert_eq!(format_number(123.456), "123");
        assert_eq!(to_fixed(0.25, 1), "0.3");
        assert_eq!(to_fixed(-0.01, 1), "0.0");
        assert_eq!(to_fixed(99.96, 1), "100.0");
    }

    #[test]
    fn short_labels_keep_whole_characters() {
        assert_eq!(short("abc", 16), "abc");
        assert_eq!(short("ééééééééééééééééééé", 5), "éééé…");
    }
}
