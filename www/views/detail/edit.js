// Editing in the detail panel: the selected node's form (the fields its kind has), its
// relationships (weight, delete) and a new one, each value checked by the engine as it is typed
// (app.checkEdit: the loader's own diagnostics, shown next to the field) and saved through app.edit
// (undoable). Save stays disabled while any value has an error.

import { h } from "../../lib/dom.js";

const NUM = "number";
const DATE = "date";
/** Service availability and security exposure (docs/lenses.md H1, H2). */
const SERVICE = [["availability", "Availability (0–1)", NUM], ["sla", "SLA (0–1)", NUM], ["rto", "RTO (hours)", NUM], ["rpo", "RPO (hours)", NUM], ["asset_value", "Asset value", NUM], ["exposure_factor", "Exposure factor (0–1)", NUM], ["aro", "Incidents a year (ARO)", NUM]];
const LIFECYCLE_DATES = [["end_of_support", "End of support (YYYY-MM-DD)", DATE], ["end_of_extended_support", "End of extended support", DATE], ["end_of_life", "End of life", DATE]];
/** The fields a node of each kind shows, after name and description: [field, label, type]. */
const STATUS = ["proposed", "approved", "running", "done", "cancelled"];
export const KIND_FIELDS = {
  goal: [["weight", "Weight", NUM], ["perspective", "Perspective", ["financial", "customer", "internal", "learning"]]],
  capability: [["maturity", "Maturity", NUM], ["target_maturity", "Target maturity", NUM], ["importance", "Importance", NUM]],
  activity: [["category", "Category", ["primary", "support"]]],
  application: [["cost", "Cost", NUM], ["risk", "Risk (0–1)", NUM], ["lifecycle", "Lifecycle", ["tolerate", "invest", "migrate", "eliminate"]], ["functional_fit", "Functional fit", NUM], ["technical_fit", "Technical fit", NUM], ...LIFECYCLE_DATES, ...SERVICE],
  initiative: [
    ["status", "Status", STATUS], ["cost", "Cost", NUM], ["benefit", "Benefit", NUM], ["risk", "Risk (0–1)", NUM],
    ["duration", "Duration", NUM], ["start", "Start", NUM], ["estimate", "Estimate (optimistic, likely, pessimistic)", "estimate"],
    ["business_value", "Business value", NUM], ["time_criticality", "Time criticality", NUM], ["risk_reduction", "Risk reduction", NUM],
    ["job_size", "Job size", NUM], ["mandatory", "Mandatory", "bool"], ["cashflows", "Cash flows per period (now first; -100; 60; 70)", "list"],
    ["budget", "Budget at completion (BAC)", NUM], ["planned_value", "Planned value", NUM], ["earned_value", "Earned value", NUM], ["actual_cost", "Actual cost", NUM],
  ],
  element: SERVICE,
  person: [],
};
const EDGE_KINDS = ["contributes", "supports", "depends_on", "part_of", "excludes"];

/** A typed text as a model value: "" is none, a number where it reads as one, else the text (so the engine names it). */
export function parseValue(text, type = NUM) {
  const t = String(text ?? "").trim();
  if (t === "") return null;
  if (type === NUM) return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? Number(t) : t;
  if (type === "list") return t.split(/\s*[;\n]\s*/).filter((x) => x !== "").map((x) => parseValue(x, NUM));
  return t;
}

/**
 * Checks values as they are typed: `check(key, op)` asks the engine (debounced) and shows the first
 * error next to the field (`#<key>-error`, the input's `aria-invalid`); `ok()` is true when no
 * field has an error or a pending check. `changed()` runs after each answer.
 */
export function checker(app, root, changed) {
  const errors = new Map();
  const timers = new Map();
  let pending = 0;
  const show = (key, diags) => {
    const err = (diags ?? []).find((d) => d.severity === "error") ?? null;
    const input = root.querySelector(`#${key}`) ?? root.querySelector(`[data-key="${key}"]`);
    const box = root.querySelector(`#${key}-error`);
    if (err) errors.set(key, err);
    else errors.delete(key);
    input?.setAttribute("aria-invalid", String(Boolean(err)));
    if (box) {
      box.textContent = err ? err.message : "";
      box.title = err?.place?.pointer ?? "";
      box.dataset.code = err?.code ?? "";
    }
  };
  return {
    check(key, op) {
      clearTimeout(timers.get(key));
      pending += timers.has(key) ? 0 : 1;
      changed();
      timers.set(
        key,
        setTimeout(async () => {
          let diags;
          try {
            diags = op ? await app.checkEdit(op) : [];
          } catch (err) {
            diags = [{ severity: "error", code: err?.code ?? "ERROR", message: String(err?.message ?? err), place: {} }];
          }
          timers.delete(key);
          pending -= 1;
          show(key, diags);
          changed();
        }, 150),
      );
    },
    show,
    ok: () => pending === 0 && errors.size === 0,
    clear() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      errors.clear();
      pending = 0;
    },
  };
}

const field = (key, label, input, note) =>
  h("div", { class: "edit-field" }, h("label", { for: key, text: label }), input, note, h("p", { class: "field-error", id: `${key}-error`, role: "alert" }));

/**
 * The edit form of node `id` (its JSON as the engine writes it): Save applies the changed fields
 * in one undoable edit; `close()` when it is done or cancelled.
 */
export function nodeForm(app, id, node, kind, close) {
  const form = h("form", { class: "edit-form", id: "detail-edit-form", "aria-label": `Edit ${node?.name ?? id}`, novalidate: true });
  const fields = [["name", "Name", "text"], ["description", "Description", "textarea"], ...(KIND_FIELDS[kind] ?? [])];
  const save = h("button", { type: "submit", class: "primary", id: "edit-save", text: "Save", disabled: true });
  const formError = h("p", { class: "field-error", id: "edit-form-error", role: "alert" });
  const values = new Map();
  const checks = checker(app, form, () => (save.disabled = !checks.ok() || !changes().length));
  const changes = () => [...values].filter(([f, v]) => JSON.stringify(v) !== JSON.stringify(node?.[f] ?? null)).map(([f, v]) => ({ op: "set", id, field: f, value: v }));
  const changedTo = (f, v) => {
    values.set(f, v);
    checks.check(`edit-${f}`, { op: "set", id, field: f, value: v });
  };
  for (const [f, label, type] of fields) {
    const key = `edit-${f}`;
    const v = node?.[f];
    let input;
    if (type === "estimate") {
      const names = ["optimistic", "likely", "pessimistic"];
      const parts = names.map((p) => h("input", { type: "text", inputmode: "decimal", id: `${key}-${p}`, value: v?.[p] ?? "", dataset: { key } }));
      const read = () => {
        const t = parts.map((p) => parseValue(p.value));
        return t.every((x) => x == null) ? null : { optimistic: t[0], likely: t[1], pessimistic: t[2] };
      };
      for (const p of parts) p.addEventListener("input", () => changedTo(f, read()));
      form.append(
        h("fieldset", { class: "edit-field edit-estimate", "aria-describedby": `${key}-error` }, h("legend", { text: label }), h("div", { class: "estimate-parts" }, parts.map((p, i) => h("span", null, h("label", { for: p.id, text: names[i] }), p))), h("p", { class: "field-error", id: `${key}-error`, role: "alert" })),
      );
      continue;
    }
    const common = { id: key, "aria-describedby": `${key}-error` };
    if (Array.isArray(type)) {
      input = h("select", common, h("option", { value: "", text: "(none)" }), type.map((o) => h("option", { value: o, text: o, selected: v === o })));
      input.addEventListener("change", () => changedTo(f, input.value || null));
    } else if (type === "bool") {
      input = h("input", { ...common, type: "checkbox", checked: v === true });
      input.addEventListener("change", () => changedTo(f, input.checked ? true : v == null ? null : false));
    } else {
      const shown = Array.isArray(v) ? v.join("; ") : (v ?? "");
      input = h(type === "textarea" ? "textarea" : "input", { ...common, type: type === "textarea" ? null : "text", inputmode: type === NUM ? "decimal" : null, placeholder: type === DATE ? "YYYY-MM-DD" : null, value: shown, rows: type === "textarea" ? 2 : null });
      input.addEventListener("input", () => changedTo(f, parseValue(input.value, type)));
    }
    form.append(field(key, label, input));
  }
  form.append(
    formError,
    h("div", { class: "edit-actions" }, save, h("button", { type: "button", id: "edit-cancel", text: "Cancel", on: { click: () => close(false) } })),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const ops = changes();
    if (!ops.length || !checks.ok()) return;
    save.disabled = true;
    try {
      await app.edit(ops.length === 1 ? ops[0] : { op: "batch", ops }, ops.length === 1 ? null : `${ops.length} fields of ${app.name(id)}`);
      checks.clear();
      close(true);
    } catch (err) {
      formError.textContent = err?.diagnostics?.[0]?.message ?? String(err?.message ?? err);
      save.disabled = false;
    }
  });
  return form;
}

/**
 * The node's relationships (`ul#detail-edges`, from the strategy graph's edges: weights as scored,
 * 1 where the file gives none), each with its weight (saved once it checks out)
 * and Delete, and the form that adds one (`form#detail-add-edge`). A promise of the section.
 */
export async function relationships(app, id) {
  // The edges alone (not graphData(), whose layout a large model would compute again after each edit).
  const edges = await app.engine.edges();
  const ids = app.ids();
  const kinds = app.edgeKindNames();
  const v = app.index(id);
  const all = [];
  for (let k = 0; k < edges.from.length; k++) {
    const [f, t] = [edges.from[k], edges.to[k]];
    if (f === v || t === v) all.push([{ from: ids[f], to: ids[t], kind: kinds[edges.kind[k]], weight: edges.weight[k], index: k }, f === v ? "out" : "in"]);
  }
  all.sort((a, b) => (a[1] === b[1] ? 0 : a[1] === "out" ? -1 : 1));
  const list = h("ul", { class: "edit-edges", id: "detail-edges" });
  // A hub's first 200 (the rest: their other ends' details).
  for (const [e, dir] of all.slice(0, 200)) {
    const other = dir === "out" ? e.to : e.from;
    const key = `edge-weight-${e.index}`;
    const ref = { from: e.from, to: e.to, kind: e.kind, index: e.index };
    const what = `${e.kind.replace("_", " ")} ${dir === "out" ? "→" : "←"} ${app.name(other)}`;
    const input = h("input", { type: "text", inputmode: "decimal", class: "edge-weight", id: key, value: e.weight, "aria-describedby": `${key}-error` });
    const save = h("button", { type: "button", class: "edge-save", text: "Save", disabled: true });
    const li = h(
      "li",
      { dataset: { index: e.index, kind: e.kind, other } },
      h("span", { class: "edge-what", text: what }),
      h("label", { for: key, text: "Weight" }),
      input,
      save,
      h("button", { type: "button", class: "edge-delete", text: "Delete", on: { click: () => app.edit({ op: "delete_edge", ...ref }).catch((err) => app.notify(String(err?.message ?? err), { error: true })) } }),
      h("p", { class: "field-error", id: `${key}-error`, role: "alert" }),
    );
    const op = () => ({ op: "set_edge", ...ref, field: "weight", value: parseValue(input.value) });
    const c = checker(app, li, () => (save.disabled = !c.ok() || parseValue(input.value) === e.weight));
    input.addEventListener("input", () => c.check(key, op()));
    save.addEventListener("click", () => c.ok() && app.edit(op()).catch((err) => c.show(key, err?.diagnostics)));
    list.append(li);
  }
  if (!all.length) list.append(h("li", { class: "muted", text: "No relationships." }));
  if (all.length > 200) list.append(h("li", { class: "muted", text: `… and ${all.length - 200} more, each editable from its other node` }));
  return h("section", { class: "detail-section edit-relationships" }, h("h3", { text: "Relationships" }), list, addEdgeForm(app, id));
}

function addEdgeForm(app, id) {
  const dir = h("select", { id: "add-edge-direction" }, h("option", { value: "out", text: "from this node to" }), h("option", { value: "in", text: "to this node from" }));
  const kind = h("select", { id: "add-edge-kind" }, EDGE_KINDS.map((k) => h("option", { value: k, text: k.replace("_", " ") })));
  const other = h("input", { type: "text", id: "add-edge-other", "aria-describedby": "add-edge-error", autocomplete: "off" });
  const weight = h("input", { type: "text", inputmode: "decimal", id: "add-edge-weight", "aria-describedby": "add-edge-error" });
  const save = h("button", { type: "submit", id: "add-edge-save", text: "Add relationship", disabled: true });
  const form = h(
    "form",
    { class: "edit-form add-edge", id: "detail-add-edge", "aria-label": "Add a relationship", novalidate: true },
    h("div", { class: "edit-field" }, h("label", { for: "add-edge-kind", text: "Kind" }), kind),
    h("div", { class: "edit-field" }, h("label", { for: "add-edge-direction", text: "Direction" }), dir),
    h("div", { class: "edit-field" }, h("label", { for: "add-edge-other", text: "Other node (id or name)" }), other),
    h("div", { class: "edit-field" }, h("label", { for: "add-edge-weight", text: "Weight (empty: 1)" }), weight),
    h("p", { class: "field-error", id: "add-edge-error", role: "alert" }),
    h("div", { class: "edit-actions" }, save),
  );
  const c = checker(app, form, () => (save.disabled = !c.ok() || !other.value.trim()));
  const otherId = () => {
    const t = other.value.trim();
    if (app.index(t) !== undefined) return t;
    const i = app.names().findIndex((n) => n === t);
    return i >= 0 ? app.ids()[i] : t;
  };
  const op = () => {
    const edge = dir.value === "out" ? { from: id, to: otherId() } : { from: otherId(), to: id };
    edge.kind = kind.value;
    const w = parseValue(weight.value);
    if (w != null) edge.weight = w;
    return { op: "add_edge", edge };
  };
  const again = () => c.check("add-edge", other.value.trim() ? op() : null);
  for (const el of [dir, kind, other, weight]) el.addEventListener(el.tagName === "SELECT" ? "change" : "input", again);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!c.ok()) return;
    try {
      await app.edit(op());
    } catch (err) {
      c.show("add-edge", err?.diagnostics);
    }
  });
  return form;
}
