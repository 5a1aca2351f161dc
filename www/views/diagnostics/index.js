// Diagnostics: every error and warning with its code, severity and place (line, column, node, edge,
// field). The errors of a rejected import come first (the current model was kept); a diagnostic that
// names a node of the current model shows its name (the id on hover) as a button that selects it, and
// for an imported model the ArchiMate type it was read from, a button that opens that type's row of
// the import summary. Above the list, the counts by severity, by code and by what the diagnostic is
// about (a node kind, a relationship, the whole model, the rejected file) filter it; a model with more
// than SUMMARY_ABOVE diagnostics opens on those counts, the list waiting for a choice.

import { h, clear } from "../../lib/dom.js";
import { describePlace } from "../../lib/io.js";
import { formatLabel } from "../../lib/import-files.js";
import "./diagnostics.css";

export const title = "Diagnostics";

const MAX_ITEMS = 2000;
/** Above this many diagnostics the view opens on the counts by code, not on the whole list. */
export const SUMMARY_ABOVE = 50;

/** The subject chips' words. */
const SUBJECT_LABELS = {
  goal: "Goals",
  capability: "Capabilities",
  activity: "Activities",
  application: "Applications",
  initiative: "Initiatives",
  element: "Other elements",
  person: "People",
  relationship: "Relationships",
  model: "The whole model",
  file: "The rejected file",
};

export function mount(root, app) {
  const summary = h("p", { class: "view-intro", "aria-live": "polite" });
  const importNote = h("p", { class: "diagnostics-import", id: "diagnostics-import" });
  const filters = h("div", { class: "diagnostics-filters", id: "diagnostics-filters", role: "group", "aria-label": "Filter the diagnostics" });
  const list = h("ul", { id: "diagnostics-list", class: "diagnostics-list" });
  const more = h("p", { class: "table-note" });
  root.append(summary, importNote, filters, list, more);
  // The filter: a severity ("all", "error", "warning"), a code and a subject (null: every one).
  const filter = { severity: "all", code: null, subject: null, shownFor: null };
  // The ArchiMate type of every node of an imported model (asked of the engine once per model).
  let types = null;
  let typesFor = null;

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

  /**
   * The place, names first: the node by its name (its id on hover), a button that selects it, when it
   * is in the model; then the ArchiMate type it was imported from, a button to its import summary row.
   */
  function placeOf(place, fileName, known) {
    const node = place.node;
    const text = [fileName, describePlace({ ...place, node: undefined })].filter(Boolean).join(" · ");
    if (node == null) return h("span", { class: "diag-place", text: text || "the whole model" });
    const type = known ? types?.[app.index(node)] : "";
    return h(
      "span",
      { class: "diag-place" },
      text ? `${text} · ` : "",
      known
        ? h("button", { type: "button", class: ["link", "diag-node"], title: `id ${node}`, dataset: { id: node }, text: app.name(node), on: { click: () => app.select(node) } })
        : h("span", { class: "diag-node", title: `id ${node}`, dataset: { id: node }, text: node }),
      type
        ? [
            " · ",
            h("button", {
              type: "button",
              class: ["link", "diag-type"],
              title: `How ${type} elements were read: the import summary`,
              dataset: { type },
              text: type,
              on: { click: () => app.showImportSummary(type) },
            }),
          ]
        : null,
    );
  }

  /** What a diagnostic is about: the rejected file, a relationship, a node's kind, or the model. */
  function subjectOf(d, rejected) {
    const place = d.place ?? {};
    if (rejected) return "file";
    if (place.edge != null) return "relationship";
    if (place.node != null && app.index(place.node) !== undefined) return app.kind(place.node) ?? "model";
    return "model";
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
    // A click anywhere on the item selects its node too; the keyboard reaches the node's button.
    if (selectable) li.addEventListener("click", (e) => !e.target.closest("button") && app.select(node));
    return li;
  }

  function update() {
    const f = app.format;
    const current = app.report?.diagnostics ?? [];
    const rejected = app.rejected?.diagnostics ?? [];
    const sorted = (arr) => [...arr].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
    const all = [
      ...sorted(rejected).map((d) => ({ d, opts: { rejected: true, fileName: app.rejected.fileName }, subject: subjectOf(d, true) })),
      ...sorted(current).map((d) => ({ d, opts: {}, subject: subjectOf(d, false) })),
    ];
    // A new model opens on the counts alone when it has many diagnostics.
    const key = `${app.report?.model?.name ?? ""}|${current.length}|${rejected.length}`;
    if (filter.shownFor !== key) {
      filter.shownFor = key;
      filter.severity = "all";
      filter.code = null;
      filter.subject = null;
    }
    loadTypes(current);
    const large = all.length > SUMMARY_ABOVE;
    renderFilters(all, large);
    const keep = ({ d, subject }) =>
      (filter.severity === "all" || filter.severity === "all-listed" || (d.severity === "error" ? "error" : "warning") === filter.severity) &&
      (filter.code == null || d.code === filter.code) &&
      (filter.subject == null || subject === filter.subject);
    const chosen = large && filter.code == null && filter.subject == null && filter.severity === "all" ? [] : all.filter(keep);
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
          ? `${f.count(all.length)} diagnostics: pick a severity, a code or a kind above to list them.`
          : "";
  }

  /** Asks the engine once per model for the nodes' ArchiMate types (an imported model's only). */
  function loadTypes(current) {
    const version = app.modelVersion;
    const wanted = app.importInfo && current.some((d) => d.place?.node != null);
    if (!wanted) {
      types = null;
      typesFor = null;
      return;
    }
    if (typesFor === app.importInfo) return;
    typesFor = app.importInfo;
    types = null;
    Promise.resolve(app.engine.nodeSourceTypes?.())
      .then((t) => {
        if (typesFor !== app.importInfo || !Array.isArray(t) || app.modelVersion < version) return;
        types = t;
        update();
      })
      .catch(() => {});
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
    // What the diagnostics are about: node kinds in the model's order, then relationships, the model, the file.
    const bySubject = new Map();
    for (const { subject } of all) bySubject.set(subject, (bySubject.get(subject) ?? 0) + 1);
    const order = [...app.kindNames(), "relationship", "model", "file"];
    const subjects = [...bySubject.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const subjectGroup = h(
      "div",
      { class: "diagnostics-kinds", role: "group", "aria-label": "By what they are about" },
      subjects.map((k) =>
        button(`${SUBJECT_LABELS[k] ?? k} ${f.count(bySubject.get(k))}`, filter.subject === k, { kind: k }, () => {
          filter.subject = filter.subject === k ? null : k;
          update();
        }),
      ),
    );
    filters.append(sevGroup, codeGroup);
    if (subjects.length > 1 || filter.subject) filters.appendChild(subjectGroup);
  }

  update();
  return { update, destroy() {} };
}
