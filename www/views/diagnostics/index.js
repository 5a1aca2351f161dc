// Diagnostics: every error and warning with its code, severity and place (line, column, node, edge,
// field). The errors of a rejected import come first (the current model was kept); a diagnostic that
// names a node of the current model selects it on click.

import { h, clear, onActivate } from "../../lib/dom.js";
import { describePlace } from "../../lib/io.js";
import { formatLabel } from "../../lib/import-files.js";
import "./diagnostics.css";

export const title = "Diagnostics";

const MAX_ITEMS = 2000;

export function mount(root, app) {
  const summary = h("p", { class: "view-intro", "aria-live": "polite" });
  const importNote = h("p", { class: "diagnostics-import", id: "diagnostics-import" });
  const list = h("ul", { id: "diagnostics-list", class: "diagnostics-list" });
  const more = h("p", { class: "table-note" });
  root.append(summary, importNote, list, more);

  function renderImportNote() {
    const info = app.importInfo;
    clear(importNote);
    importNote.hidden = !info;
    if (!info) return;
    const f = app.format;
    const s = info.summary;
    importNote.append(
      `The model was imported from ${info.fileName} (${formatLabel(s.format)}): ${f.count(s.elements)} elements and ${f.count(s.relationships)} relationships read, ${f.count(s.nodes)} nodes and ${f.count(s.edges)} edges made. `,
      h("button", { type: "button", class: "link", id: "show-import-summary", text: "Show the import summary", on: { click: () => app.showImportSummary?.() } }),
    );
  }

  function item(d, { rejected = false, fileName = null } = {}) {
    const place = d.place ?? {};
    const node = place.node;
    const selectable = !rejected && node != null && app.index(node) !== undefined;
    const severity = d.severity === "error" ? "error" : "warning";
    const li = h(
      "li",
      {
        class: ["diagnostic", `severity-${severity}`, rejected && "rejected", selectable && "clickable"],
        dataset: { code: d.code, severity, node: node ?? null },
      },
      h("span", { class: ["severity", `severity-${severity}`] }, h("span", { class: "severity-icon", "aria-hidden": "true", text: severity === "error" ? "✖" : "▲" }), severity),
      h("code", { class: "diag-code", text: d.code }),
      h("span", { class: "diag-message", text: d.message ?? "" }),
      h("span", { class: "diag-place", text: [rejected && fileName ? fileName : null, describePlace(place)].filter(Boolean).join(" · ") || "the whole model" }),
    );
    if (selectable) {
      li.setAttribute("tabindex", "0");
      li.setAttribute("role", "button");
      li.setAttribute("aria-label", `${severity} ${d.code} at ${describePlace(place)}: ${d.message ?? ""}. Select ${app.name(node)}.`);
      onActivate(li, () => app.select(node));
    }
    return li;
  }

  function update() {
    const f = app.format;
    const current = app.report?.diagnostics ?? [];
    const rejected = app.rejected?.diagnostics ?? [];
    clear(list);
    let n = 0;
    const add = (li) => {
      if (n < MAX_ITEMS) list.appendChild(li);
      n += 1;
    };
    const sorted = (arr) => [...arr].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
    for (const d of sorted(rejected)) add(item(d, { rejected: true, fileName: app.rejected.fileName }));
    for (const d of sorted(current)) add(item(d));
    const errors = current.filter((d) => d.severity === "error").length;
    const warnings = current.length - errors;
    const parts = [];
    if (rejected.length) {
      const re = rejected.filter((d) => d.severity === "error").length;
      parts.push(`The last import (${app.rejected.fileName ?? "file"}) was rejected with ${f.count(re)} error${re === 1 ? "" : "s"}; the current model was kept. They are listed first.`);
    }
    parts.push(
      current.length
        ? `The current model has ${f.count(errors)} error${errors === 1 ? "" : "s"} and ${f.count(warnings)} warning${warnings === 1 ? "" : "s"}. Warnings do not stop scoring; they point at a likely modelling mistake. Click one with a node to see it.`
        : "The current model has no errors or warnings.",
    );
    summary.textContent = parts.join(" ");
    renderImportNote();
    more.textContent = n > MAX_ITEMS ? `Showing the first ${f.count(MAX_ITEMS)} of ${f.count(n)}.` : "";
  }

  update();
  return { update, destroy() {} };
}
