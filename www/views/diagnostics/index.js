// Diagnostics: every error and warning with its code, severity and place (line, column, node, edge,
// field). The errors of a rejected import come first (the current model was kept); a diagnostic that
// names a node of the current model shows its name (the id on hover) and selects it on click. Above
// the list, the counts by severity and by code filter it; a model with more than SUMMARY_ABOVE
// diagnostics opens on those counts, the list waiting for a code to be picked.

import { h, clear, onActivate } from "../../lib/dom.js";
import { describePlace } from "../../lib/io.js";
import { formatLabel } from "../../lib/import-files.js";
import "./diagnostics.css";

export const title = "Diagnostics";

const MAX_ITEMS = 2000;
/** Above this many diagnostics the view opens on the counts by code, not on the whole list. */
export const SUMMARY_ABOVE = 50;

export function mount(root, app) {
  const summary = h("p", { class: "view-intro", "aria-live": "polite" });
  const importNote = h("p", { class: "diagnostics-import", id: "diagnostics-import" });
  const filters = h("div", { class: "diagnostics-filters", id: "diagnostics-filters", role: "group", "aria-label": "Filter the diagnostics" });
  const list = h("ul", { id: "diagnostics-list", class: "diagnostics-list" });
  const more = h("p", { class: "table-note" });
  root.append(summary, importNote, filters, list, more);
  // The filter: a severity ("all", "error", "warning") and a code (null: every code).
  const filter = { severity: "all", code: null, shownFor: null };

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

  /** The place, names first: the node by its name (its id on hover) when it is in the model. */
  function placeOf(place, fileName, known) {
    const node = place.node;
    const text = [fileName, describePlace({ ...place, node: undefined })].filter(Boolean).join(" · ");
    if (node == null) return h("span", { class: "diag-place", text: text || "the whole model" });
    return h(
      "span",
      { class: "diag-place" },
      text ? `${text} · ` : "",
      h("span", { class: "diag-node", title: `id ${node}`, dataset: { id: node }, text: known ? app.name(node) : node }),
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
      placeOf(place, rejected && fileName ? fileName : null, selectable),
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
    const sorted = (arr) => [...arr].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
    const all = [
      ...sorted(rejected).map((d) => ({ d, opts: { rejected: true, fileName: app.rejected.fileName } })),
      ...sorted(current).map((d) => ({ d, opts: {} })),
    ];
    // A new model opens on the counts alone when it has many diagnostics.
    const key = `${app.report?.model?.name ?? ""}|${current.length}|${rejected.length}`;
    if (filter.shownFor !== key) {
      filter.shownFor = key;
      filter.severity = "all";
      filter.code = null;
    }
    const large = all.length > SUMMARY_ABOVE;
    renderFilters(all, large);
    const keep = ({ d }) => (filter.severity === "all" || filter.severity === "all-listed" || (d.severity === "error" ? "error" : "warning") === filter.severity) && (filter.code == null || d.code === filter.code);
    const chosen = large && filter.code == null && filter.severity === "all" ? [] : all.filter(keep);
    clear(list);
    let n = 0;
    const add = (li) => {
      if (n < MAX_ITEMS) list.appendChild(li);
      n += 1;
    };
    for (const { d, opts } of chosen) add(item(d, opts));
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
    more.textContent =
      n > MAX_ITEMS
        ? `Showing the first ${f.count(MAX_ITEMS)} of ${f.count(n)}.`
        : large && !chosen.length
          ? `${f.count(all.length)} diagnostics: pick a code or a severity above to list them.`
          : "";
  }

  /** The counts by severity and by code, as toggle buttons that filter the list. */
  function renderFilters(all, large) {
    const f = app.format;
    clear(filters);
    filters.hidden = all.length === 0;
    const bySeverity = { error: 0, warning: 0 };
    const byCode = new Map();
    for (const { d } of all) {
      const sev = d.severity === "error" ? "error" : "warning";
      bySeverity[sev] += 1;
      const c = byCode.get(d.code) ?? { code: d.code, severity: sev, count: 0 };
      c.count += 1;
      if (sev === "error") c.severity = "error";
      byCode.set(d.code, c);
    }
    const button = (label, pressed, dataset, onClick) =>
      h("button", { type: "button", class: ["chip", pressed && "pressed"], "aria-pressed": String(pressed), dataset, text: label, on: { click: onClick } });
    const sevGroup = h("div", { class: "diagnostics-severities" });
    for (const [sev, label] of [
      ["all", `All ${f.count(all.length)}`],
      ["error", `Errors ${f.count(bySeverity.error)}`],
      ["warning", `Warnings ${f.count(bySeverity.warning)}`],
    ]) {
      sevGroup.appendChild(
        button(label, filter.code == null && (sev === "all" ? filter.severity === "all-listed" || (filter.severity === "all" && !large) : filter.severity === sev), { severity: sev }, () => {
          // "All" on a large model lists every diagnostic (it opened on the counts alone).
          filter.severity = sev === "all" && large ? "all-listed" : sev;
          filter.code = null;
          update();
        }),
      );
    }
    const codes = [...byCode.values()].sort((a, b) => (a.severity === b.severity ? b.count - a.count || a.code.localeCompare(b.code) : a.severity === "error" ? -1 : 1));
    const codeGroup = h(
      "div",
      { class: "diagnostics-codes" },
      codes.map((c) =>
        button(`${c.code} ${f.count(c.count)}`, filter.code === c.code, { code: c.code, severity: c.severity }, () => {
          filter.code = filter.code === c.code ? null : c.code;
          filter.severity = "all";
          update();
        }),
      ),
    );
    filters.append(sevGroup, codeGroup);
  }

  update();
  return { update, destroy() {} };
}
