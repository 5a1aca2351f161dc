//! Publishing: `aligngraph bundle` on templates shaped like the real single file, its options
//! and config block, and the static fallback (`aligngraph fallback`, formats::fallback).

use crate::common::{root, run_cli};
use aligngraph::formats::fallback;
use aligngraph::formats::html::{FALLBACK_CLOSE, FALLBACK_OPEN};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The single file as `scripts/build-page.mjs` writes it: CSP meta, inline style, the page's
/// body, the gzipped Wasm data block and the module script (whose text mentions tags).
fn real_page(wasm_tag: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; connect-src 'none'; script-src 'sha256-AbC=' 'wasm-unsafe-eval'; style-src 'sha256-DeF='; img-src data: blob:; worker-src blob:\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"color-scheme\" content=\"light dark\">\n<title>aligngraph</title>\n\
<link rel=\"icon\" href=\"data:,\">\n<style>.kpi{{color:red}}</style>\n</head>\n\
<body>\n<a class=\"skip-link\" href=\"#view\">Skip to the dashboard</a>\n\
<header class=\"app-header\"><svg class=\"brand-mark\" viewBox=\"0 0 24 24\" aria-hidden=\"true\"><title>logo</title><circle cx=\"12\" cy=\"4.5\" r=\"3\"></circle></svg>\
<h1 id=\"model-name\">Loading…</h1></header>\n<main id=\"view\"></main>\n\
{wasm_tag}H4sIAAAAAAAAA+3BMQEAAADCoPVPbQ0PoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA</script>\n\
<script type=\"module\">const w=document.getElementById(\"aligngraph-wasm\");if(a<b)x('<script id=\"aligngraph-model\">');</script>\n\
</body>\n</html>\n"
    )
}

const WASM_TAGS: [&str; 3] = [
    "<script type=\"application/octet-stream\" id=\"aligngraph-wasm\" data-encoding=\"gzip\">",
    "<script data-encoding=\"gzip\" id=\"aligngraph-wasm\" type=\"application/octet-stream\">",
    "<SCRIPT\n  id='aligngraph-wasm' data-encoding=gzip\ttype=application/octet-stream >",
];

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("aligngraph-publish-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn file(name: &str, text: &str) -> PathBuf {
    let p = dir().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// The demo model in a file of its own for each test (tests run in parallel).
fn demo(test: &str) -> PathBuf {
    file(&format!("demo-{test}.json"), aligngraph::demo::DEMO_JSON)
}

/// Runs `bundle MODEL --template T -o OUT extra...`; returns the output and the written file.
fn bundle(
    model: &Path,
    template: &Path,
    out: &str,
    extra: &[&str],
) -> (std::process::Output, Option<String>) {
    let out_path = dir().join(out);
    let _ = std::fs::remove_file(&out_path);
    let mut args = vec![
        "bundle".to_string(),
        model.display().to_string(),
        "--template".into(),
        template.display().to_string(),
        "-o".into(),
        out_path.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let o = run_cli(
        &root(),
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let html = std::fs::read_to_string(&out_path).ok();
    (o, html)
}

fn ok(o: &std::process::Output) {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The text of the script data element with this id, as bundle writes it.
fn data_block<'a>(html: &'a str, id: &str) -> &'a str {
    let open = format!("<script type=\"application/json\" id=\"{id}\">");
    let start = html.find(&open).unwrap_or_else(|| panic!("no {id}")) + open.len();
    &html[start..start + html[start..].find("</script>").unwrap()]
}

#[test]
fn bundle_finds_the_wasm_element_of_the_real_single_file_whatever_the_attribute_order() {
    let model = demo("real");
    for (k, tag) in WASM_TAGS.iter().enumerate() {
        let page = real_page(tag);
        let template = file(&format!("real-{k}.html"), &page);
        let (o, html) = bundle(&model, &template, &format!("real-out-{k}.html"), &[]);
        ok(&o);
        let html = html.unwrap();
        // The model goes just before the Wasm element; the rest is kept.
        let model_at = html
            .find("<script type=\"application/json\" id=\"aligngraph-model\">")
            .unwrap();
        let wasm_at = html.find(tag).unwrap();
        assert!(model_at < wasm_at, "{tag}");
        let back: Value = serde_json::from_str(data_block(&html, "aligngraph-model")).unwrap();
        assert_eq!(back["name"], "Northwind Mobility");
        assert!(html.contains("<meta http-equiv=\"Content-Security-Policy\""));
        assert!(html.contains("<script type=\"module\">const w="));
        assert_eq!(
            html.matches("<script type=\"application/json\" id=\"aligngraph-model\">")
                .count(),
            1
        );
        // No options: no config block, the title kept.
        assert!(!html.contains("aligngraph-config"));
        assert!(html.contains("<title>aligngraph</title>"));
        // The fallback sits right after <body>, between its comments, in its <noscript>.
        assert!(html.contains(&format!(
            "<body>{FALLBACK_OPEN}<noscript id=\"aligngraph-picture\"><div id=\"aligngraph-fallback\""
        )));
        assert_eq!(html.matches("<noscript").count(), 1);
        assert_eq!(html.matches(FALLBACK_OPEN).count(), 1);
        assert_eq!(html.matches(FALLBACK_CLOSE).count(), 1);
    }
}

#[test]
fn bundle_twice_replaces_model_config_and_fallback_without_duplicating() {
    let template = file("twice.html", &real_page(WASM_TAGS[1]));
    let first = file(
        "first.json",
        r#"{"format": "aligngraph", "version": 1, "name": "First",
            "nodes": [{"id": "g1", "kind": "goal"}, {"id": "i1", "kind": "initiative"}],
            "edges": [{"from": "i1", "to": "g1", "kind": "contributes"}]}"#,
    );
    let (o, html) = bundle(
        &first,
        &template,
        "twice-1.html",
        &["--view", "graph", "--title", "First board"],
    );
    ok(&o);
    let once = file("twice-once.html", &html.unwrap());
    let (o, html) = bundle(
        &demo("twice"),
        &once,
        "twice-2.html",
        &["--view", "matrix", "--readonly"],
    );
    ok(&o);
    let html = html.unwrap();
    for marker in [
        "<script type=\"application/json\" id=\"aligngraph-model\">",
        "id=\"aligngraph-config\"",
        "id=\"aligngraph-wasm\"",
        "id=\"aligngraph-fallback\"",
        "id=\"aligngraph-picture\"",
        FALLBACK_OPEN,
        FALLBACK_CLOSE,
    ] {
        assert_eq!(html.matches(marker).count(), 1, "{marker}");
    }
    let back: Value = serde_json::from_str(data_block(&html, "aligngraph-model")).unwrap();
    assert_eq!(back["name"], "Northwind Mobility");
    let config: Value = serde_json::from_str(data_block(&html, "aligngraph-config")).unwrap();
    assert_eq!(
        config,
        serde_json::json!({"view": "matrix", "readonly": true})
    );
    // The document title of the first bundle stays (the second set none); nothing else of the
    // first model or its options remains.
    assert!(html.contains("<title>First board</title>"));
    assert!(
        !html
            .replace("<title>First board</title>", "")
            .contains("First"),
        "the first model's traces remain"
    );
    // The second bundle of the same inputs is byte for byte the same.
    let twice = file("twice-again.html", &html);
    let (o, again) = bundle(
        &demo("twice"),
        &twice,
        "twice-3.html",
        &["--view", "matrix", "--readonly"],
    );
    ok(&o);
    assert_eq!(again.unwrap(), html);
}

#[test]
fn bundle_writes_the_options_into_the_config_block() {
    let template = file("options.html", &real_page(WASM_TAGS[0]));
    let (o, html) = bundle(
        &demo("options"),
        &template,
        "options-out.html",
        &[
            "--view",
            "portfolio",
            "--focus",
            "ini-cdp",
            "--readonly",
            "--title",
            "Board </script> & <b>Q3</b>",
            "--origins",
            "https://intranet.example.com, https://contoso.sharepoint.com",
        ],
    );
    ok(&o);
    let html = html.unwrap();
    let data = data_block(&html, "aligngraph-config");
    assert!(!data.contains('<'), "{data}");
    let config: Value = serde_json::from_str(data).unwrap();
    assert_eq!(
        config,
        serde_json::json!({
            "view": "portfolio",
            "focus": "ini-cdp",
            "readonly": true,
            "title": "Board </script> & <b>Q3</b>",
            "origins": ["https://intranet.example.com", "https://contoso.sharepoint.com"]
        })
    );
    // Keys in the contract's order.
    assert!(
        data.starts_with(
            "{\"view\":\"portfolio\",\"focus\":\"ini-cdp\",\"readonly\":true,\"title\":"
        )
    );
    // The config goes before the Wasm element, after the model.
    let (m, c, w) = (
        html.find("id=\"aligngraph-model\"").unwrap(),
        html.find("id=\"aligngraph-config\"").unwrap(),
        html.find("id=\"aligngraph-wasm\"").unwrap(),
    );
    assert!(m < c && c < w);
    // The document title and the fallback's heading, escaped.
    let title = "Board &lt;/script&gt; &amp; &lt;b&gt;Q3&lt;/b&gt;";
    assert!(
        html.contains(&format!("<title>{title}</title>")),
        "{}",
        &html[..600]
    );
    assert!(html.contains(&format!("<h1>{title}</h1>")));
    // The SVG title of the header logo is not the document's.
    assert!(html.contains("<title>logo</title>"));
}

#[test]
fn bundle_refuses_a_bad_view_focus_or_origin_with_a_clear_error() {
    let template = file("bad-opts.html", &real_page(WASM_TAGS[0]));
    let cases: [(&[&str], &[&str]); 5] = [
        (
            &["--view", "dashboard"],
            &[
                "--view",
                "\"dashboard\"",
                "overview, graph, matrix",
                "diagnostics",
            ],
        ),
        (
            &["--focus", "no-such-node"],
            &["--focus", "\"no-such-node\"", "not in the model"],
        ),
        (
            &[
                "--origins",
                "https://ok.example.com,https://bad.example.com/app",
            ],
            &["--origins", "\"https://bad.example.com/app\"", "path"],
        ),
        (
            &["--origins", "intranet.example.com"],
            &["\"intranet.example.com\"", "scheme://host"],
        ),
        (
            &["--origins", "https://a.example.com,"],
            &["--origins", "empty"],
        ),
    ];
    for (args, words) in cases {
        let (o, html) = bundle(&demo("bad-opts"), &template, "bad-opts-out.html", args);
        assert!(!o.status.success(), "{args:?}");
        assert_ne!(o.status.code(), Some(0));
        assert!(html.is_none(), "{args:?} wrote a file");
        let err = String::from_utf8_lossy(&o.stderr);
        for w in words {
            assert!(err.contains(w), "{args:?}: {err}");
        }
    }
}

#[test]
fn fallback_kpi_values_equal_the_score_report() {
    let model = demo("kpis");
    let o = run_cli(&root(), &["score", model.to_str().unwrap()]);
    ok(&o);
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    let o = run_cli(&root(), &["fallback", model.to_str().unwrap()]);
    ok(&o);
    let html = String::from_utf8(o.stdout).unwrap();
    let k = &report["kpis"];
    let expected = [
        (
            "alignment_index",
            "Alignment strength",
            k["alignment_index"].as_f64().unwrap(),
        ),
        (
            "goal_coverage",
            "Goals reached",
            k["goal_coverage"].as_f64().unwrap(),
        ),
        (
            "unaligned_spend_share",
            "Spend linked to no goal",
            k["unaligned_spend_share"].as_f64().unwrap(),
        ),
        (
            "uncovered_goals",
            "Goals not reached",
            k["uncovered_goals"].as_array().unwrap().len() as f64,
        ),
        (
            "orphan_initiatives",
            "Initiatives serving no goal",
            k["orphan_initiatives"].as_array().unwrap().len() as f64,
        ),
        (
            "total_exposure",
            "Money at risk",
            k["total_exposure"].as_f64().unwrap(),
        ),
    ];
    for (key, label, want) in expected {
        let row = format!("<tr data-kpi=\"{key}\"><th scope=\"row\">{label}</th><td data-value=\"");
        let at = html.find(&row).unwrap_or_else(|| panic!("no row {key}")) + row.len();
        let value: f64 = html[at..at + html[at..].find('"').unwrap()]
            .parse()
            .unwrap();
        assert_eq!(value, want, "{key}");
        assert_eq!(
            html.matches(&format!("<g class=\"ag-fb-kpi\" data-kpi=\"{key}\">"))
                .count(),
            1
        );
    }
    // As the page shows them (www/format.js).
    assert!(html.contains("<td data-value=\"0.19656921423837923\">19.7%</td>"));
    assert!(
        html.contains("aria-label=\"Key figures: Alignment strength 19.7%, Goals reached 90.3%, ")
    );
    assert!(html.contains(">€11.8M</td>"));
    // One node group per node; one background for the empty cells, and a cell for each
    // (initiative, goal) with a reach or a conflict.
    assert_eq!(html.matches("<g class=\"ag-fb-node").count(), 132);
    let rows = report["matrix"]["initiatives"]
        .as_array()
        .unwrap()
        .len()
        .min(40);
    let cells = |key: &str| -> Vec<f64> {
        report["matrix"][key]
            .as_array()
            .unwrap()
            .iter()
            .take(rows)
            .flat_map(|r| r.as_array().unwrap().iter().map(|v| v.as_f64().unwrap()))
            .collect()
    };
    let (reach, conflict) = (cells("reach"), cells("conflict"));
    let reached = (0..reach.len())
        .filter(|&i| reach[i] > 0.0 || conflict.get(i).is_some_and(|&c| c > 0.0))
        .count();
    assert_eq!(html.matches("<rect class=\"ag-fb-grid\"").count(), 1);
    assert_eq!(html.matches("<rect class=\"ag-fb-cell\"").count(), reached);
}

#[test]
fn fallback_escapes_hostile_names_and_carries_no_script_or_style() {
    let hostile = r#"{"format": "aligngraph", "version": 1, "name": "<img src=x onerror=alert(1)>",
      "currency": "EUR",
      "nodes": [
        {"id": "g\"><script>alert(1)</script>", "kind": "goal", "name": "<img src=x onerror=alert(1)>"},
        {"id": "i1", "kind": "initiative", "name": "</title><script>alert(2)</script>", "cost": 10},
        {"id": "c1", "kind": "capability", "name": "<!--/aligngraph:fallback--> & 'q'"},
        {"id": "c2", "kind": "capability", "name": "</noscript><script>alert(3)</script>"}
      ],
      "edges": [
        {"from": "i1", "to": "c1", "kind": "supports"},
        {"from": "c1", "to": "g\"><script>alert(1)</script>", "kind": "contributes"}
      ]}"#;
    let model = file("hostile.json", hostile);
    let o = run_cli(
        &root(),
        &[
            "fallback",
            model.to_str().unwrap(),
            "--title",
            "<svg onload=x>",
        ],
    );
    ok(&o);
    let html = String::from_utf8(o.stdout).unwrap();
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("<script"));
    assert!(!html.contains("<svg onload"));
    assert!(!html.contains("style="));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("<h1>&lt;svg onload=x&gt;</h1>"));
    assert!(html.contains("data-id=\"g&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));
    assert!(html.contains("&lt;!--/aligngraph:fallback--&gt; &amp; &#39;q&#39;"));
    assert_eq!(html.matches(FALLBACK_CLOSE).count(), 1);
    assert_eq!(html.matches("</noscript").count(), 1);
    assert!(html.trim_end().ends_with(FALLBACK_CLOSE));

    // Bundled, the hostile names leave the page's structure alone.
    let template = file("hostile-page.html", &real_page(WASM_TAGS[0]));
    let (o, page) = bundle(&model, &template, "hostile-out.html", &[]);
    ok(&o);
    let page = page.unwrap();
    let template_scripts = real_page(WASM_TAGS[0]).matches("<script").count();
    assert_eq!(page.matches("<script").count(), template_scripts + 1);
    assert_eq!(page.matches(FALLBACK_CLOSE).count(), 1);
}

#[test]
fn fallback_sits_between_its_comment_markers() {
    let model = demo("markers");
    let o = run_cli(&root(), &["fallback", model.to_str().unwrap()]);
    ok(&o);
    let fragment = String::from_utf8(o.stdout).unwrap();
    assert!(fragment.starts_with(&format!("{FALLBACK_OPEN}<noscript id=\"aligngraph-picture\"><div id=\"aligngraph-fallback\" class=\"ag-fallback\" data-nodes=\"132\" data-edges=\"")));
    assert!(fragment.ends_with(&format!("</div></noscript>{FALLBACK_CLOSE}\n")));
    // Nothing inside can end the <noscript> early (a browser with scripts reads it as text).
    assert_eq!(fragment.matches("</noscript").count(), 1);
    for section in ["kpis", "graph", "matrix", "goals", "initiatives"] {
        assert_eq!(
            fragment
                .matches(&format!(
                    "<section class=\"ag-fallback-section\" data-fallback=\"{section}\">"
                ))
                .count(),
            1,
            "{section}"
        );
    }
    // A template that already has the markers: what is between them is replaced, in place.
    let page = real_page(WASM_TAGS[0]).replace(
        "<main id=\"view\"></main>",
        &format!("<main id=\"view\">{FALLBACK_OPEN}<p>old picture</p>{FALLBACK_CLOSE}</main>"),
    );
    let template = file("markers.html", &page);
    let (o, html) = bundle(&model, &template, "markers-out.html", &[]);
    ok(&o);
    let html = html.unwrap();
    assert!(!html.contains("old picture"));
    assert!(html.contains(&format!("<main id=\"view\">{}</main>", fragment.trim_end())));
    assert!(html.contains("<body>\n<a class=\"skip-link\""));
}

#[test]
fn fallback_of_a_20k_node_model_stays_within_its_limits() {
    let m = aligngraph::generate::layered(20_000, 4, 7);
    let report = aligngraph::score(&m, &aligngraph::Options::default());
    let layout = aligngraph::layout::layered(&m, &aligngraph::layout::LayoutOptions::default());
    let html = fallback::render(&report, &layout, None);
    assert!(html.matches("<g class=\"ag-fb-node").count() <= fallback::MAX_GRAPH_NODES);
    assert_eq!(
        html.matches("<g class=\"ag-fb-node").count(),
        fallback::MAX_GRAPH_NODES
    );
    assert!(html.matches("<path class=\"ag-fb-edge\"").count() <= fallback::MAX_GRAPH_EDGES);
    assert!(html.contains(&format!(
        "Showing 1,500 of {} nodes",
        aligngraph::formats::fallback::format_count(m.nodes.len())
    )));
    assert!(html.matches("<rect class=\"ag-fb-cell\"").count() <= 40 * 40);
    for table in ["goals", "initiatives"] {
        let at = html.find(&format!("data-table=\"{table}\"")).unwrap();
        let end = at + html[at..].find("</table>").unwrap();
        assert!(html[at..end].matches("<tr data-id=").count() <= fallback::MAX_TABLE_ROWS);
    }
    assert!(html.len() < 3_000_000, "{} bytes", html.len());
    // Every goal is drawn (goals come first).
    let goals = m
        .nodes
        .iter()
        .filter(|n| n.kind == aligngraph::model::NodeKind::Goal)
        .count();
    assert_eq!(html.matches("<use href=\"#agk-g\"/>").count(), goals);
    // Deterministic.
    assert_eq!(fallback::render(&report, &layout, None), html);
}
