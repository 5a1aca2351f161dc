// The import summary: what an import read (elements, relationships per type) and what the engine made of
// it (nodes, edges, junctions collapsed, part_of from view nesting, what was kept without a score, which
// properties set attributes). Shown at the top of the overview after an import (#import-summary,
// dismissible) and offered again from Diagnostics. Model text only ever goes in as text.

import { h } from "../lib/dom.js";
import { formatLabel } from "../lib/import-files.js";

const byCount = (a, b) => b.count - a.count || String(a.type).localeCompare(String(b.type));

/** One line for the status bar: "archisurance.xml (ArchiMate exchange XML): 120 elements and 178 relationships read → 120 nodes, 95 edges". */
export function summaryStatus(info, f) {
  const s = info.summary;
  const what = `${info.fileName} (${formatLabel(s.format)}${info.mappingName ? `, mapping ${info.mappingName}` : ""})`;
  if (s.format === "json") return `${what}: ${f.count(s.nodes)} nodes, ${f.count(s.edges)} edges`;
  const read =
    s.format === "csv"
      ? `${f.count(s.elements)} rows of nodes and ${f.count(s.relationships)} of edges read`
      : `${f.count(s.elements)} element${s.elements === 1 ? "" : "s"} and ${f.count(s.relationships)} relationship${s.relationships === 1 ? "" : "s"} read`;
  return `${what}: ${read} → ${f.count(s.nodes)} nodes, ${f.count(s.edges)} edges`;
}

function figure(key, label, value, f) {
  return h("div", { class: "import-figure" }, h("dt", { text: label }), h("dd", { dataset: { summary: key }, text: f.count(value) }));
}

function typeTable(key, caption, rows, f, { typeLabel, readLabel }) {
  const sorted = [...(rows ?? [])].sort(byCount);
  // Why a default mapping does what it does (a Course of Action is not funded work, ...), where given.
  const hasNotes = sorted.some((r) => r.note);
  const body = h("tbody");
  for (const r of sorted) {
    body.appendChild(
      h(
        "tr",
        { dataset: { type: r.type } },
        h("th", { scope: "row", text: r.type }),
        h("td", { class: "num", dataset: { col: "count" }, text: f.count(r.count) }),
        h("td", { dataset: { col: "became" }, text: r.became ?? "" }),
        hasNotes ? h("td", { class: "import-note", dataset: { col: "note" }, text: r.note ?? "" }) : null,
      ),
    );
  }
  if (!sorted.length) body.appendChild(h("tr", null, h("td", { colspan: hasNotes ? 4 : 3, class: "empty", text: "none" })));
  const total = sorted.reduce((n, r) => n + (r.count || 0), 0);
  return h(
    "div",
    { class: "table-wrap import-table-wrap" },
    h(
      "table",
      { class: "data import-table", dataset: { table: key } },
      h("caption", { text: `${caption} (${f.count(sorted.length)} type${sorted.length === 1 ? "" : "s"}, ${f.count(total)} in all)` }),
      h("thead", null, h("tr", null, h("th", { scope: "col", text: typeLabel }), h("th", { scope: "col", class: "num", text: readLabel }), h("th", { scope: "col", text: "Became" }), hasNotes ? h("th", { scope: "col", text: "Why" }) : null)),
      body,
    ),
  );
}

function countList(key, heading, entries, f, describe, empty) {
  const items = Object.entries(entries ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return h(
    "section",
    { class: "import-list", dataset: { summary: key } },
    h("h4", { text: heading }),
    items.length
      ? h(
          "ul",
          null,
          items.map(([name, n]) => h("li", { dataset: { item: name } }, h("span", { class: "import-list-name", text: describe(name) }), h("span", { class: "num", text: f.count(n) }))),
        )
      : h("p", { class: "muted", text: empty }),
  );
}

/**
 * The summary panel (section#import-summary). `info`: {summary, fileName, mappingName?, warnings, noSpend,
 * restored?}; `onClose` dismisses it, `onDiagnostics` opens the Diagnostics view.
 */
export function importSummaryPanel(info, f, { onClose, onDiagnostics }) {
  const s = info.summary;
  const native = s.format === "csv";
  const headingId = "import-summary-heading";
  const notes = [];
  if (s.junctions) notes.push(`${f.count(s.junctions)} junction${s.junctions === 1 ? "" : "s"} collapsed into direct relationships.`);
  if (s.view_nesting_edges) notes.push(`${f.count(s.view_nesting_edges)} part_of edge${s.view_nesting_edges === 1 ? "" : "s"} taken from the nesting of elements in views.`);
  if (info.noSpend) notes.push("No initiative has a cost: the alignment index counts every initiative equally and no money is at stake.");
  const notScoredTotal = Object.values(s.not_scored ?? {}).reduce((a, b) => a + b, 0);

  const close = h("button", {
    type: "button",
    id: "import-summary-close",
    class: "icon-button",
    "aria-label": "Close the import summary",
    title: "Close (Diagnostics offers it again)",
    text: "×",
    on: { click: onClose },
  });
  const source = h(
    "p",
    { class: "import-source" },
    h("span", { class: "import-file", dataset: { summary: "file" }, text: info.fileName ?? "" }),
    " · ",
    h("span", { dataset: { summary: "format" }, text: formatLabel(s.format) }),
    info.mappingName ? [" · mapping ", h("span", { dataset: { summary: "mapping" }, text: info.mappingName })] : null,
    info.restored ? " · restored from your saved work" : null,
  );
  const figures = h(
    "dl",
    { class: "import-figures" },
    figure("elements", native ? "Node rows read" : "Elements read", s.elements, f),
    figure("relationships", native ? "Edge rows read" : "Relationships read", s.relationships, f),
    figure("nodes", "Nodes made", s.nodes, f),
    figure("edges", "Edges made", s.edges, f),
    figure("junctions", "Junctions collapsed", s.junctions ?? 0, f),
    figure("view-nesting", "part_of from views", s.view_nesting_edges ?? 0, f),
    figure("not-scored-total", "Kept, not scored", notScoredTotal, f),
  );
  const warn = info.warnings
    ? h(
        "p",
        { class: "import-warnings" },
        h("span", { class: "flag flag-warn", text: `${f.count(info.warnings)} warning${info.warnings === 1 ? "" : "s"}` }),
        " The import went through; ",
        h("button", { type: "button", class: "link", text: "see them in Diagnostics", on: { click: onDiagnostics } }),
        ".",
      )
    : null;

  return h(
    "section",
    { id: "import-summary", class: "panel import-summary", "aria-labelledby": headingId, dataset: { format: s.format } },
    h("div", { class: "import-summary-head" }, h("h3", { id: headingId, text: "Import summary" }), source, close),
    figures,
    notes.length ? h("p", { class: "import-notes", text: notes.join(" ") }) : null,
    warn,
    h(
      "div",
      { class: "import-tables" },
      typeTable("elements", native ? "Node kinds" : "Element types", s.element_types, f, { typeLabel: native ? "Kind" : "Element type", readLabel: "Read" }),
      typeTable("relationships", native ? "Edge kinds" : "Relationship types", s.relationship_types, f, { typeLabel: native ? "Kind" : "Relationship type", readLabel: "Read" }),
    ),
    h(
      "div",
      { class: "import-lists" },
      countList("not-scored", "Kept without a score, and why", s.not_scored, f, (reason) => reason, s.relationships ? "Every relationship is scored." : "Nothing was left unscored."),
      countList("attributes", "Properties that set attributes", s.attributes, f, (attr) => attr, "No property named an attribute (cost, risk, weight, …)."),
    ),
  );
}
