// Scenarios: the named what-if scenarios kept in the model (engine.scenarios()), an editor to create or
// change one (cancel/approve an initiative, set a field of a node, set a budget, or any change as
// JSON), save and delete (asking first), and the side-by-side comparison of a scenario against the
// baseline (engine.compareScenario): KPIs, goal coverage, changed nodes and the reasons in words;
// optionally a second scenario beside it.

import { h, clear } from "../../lib/dom.js";
import { formatKpi, formatKpiDelta } from "../../widgets/kpis.js";
import { kpiDef, cell, goalTable, reasonList } from "../../widgets/comparison.js";
import { OPS, SET_FIELDS, NODE_CHOICES, makeChange, describeChange, checkName, deltaTone, kpiNumber, nodeChoices, ChangeError } from "./model.js";
import "../../widgets/decision.css";
import "./scenarios.css";

export const title = "Scenarios";

const EPS = 5e-5;

export function mount(root, app) {
  const state = { current: null, other: "", editing: null, changes: [], confirming: null, comparison: null };
  const f = () => app.format;

  // ---------------------------------------------------------------- layout
  const message = h("div", { id: "scenarios-message", class: "decide-message", role: "status", hidden: true });
  const list = h("ul", { id: "scenario-list", class: "scenario-list", "aria-label": "Scenarios in the model" });
  const name = h("input", { id: "scenario-name", type: "text", autocomplete: "off", maxlength: "120", required: true });
  const description = h("textarea", { id: "scenario-description", rows: "2" });
  const changesList = h("ol", { id: "scenario-changes", class: "scenario-changes", "aria-label": "Changes of this scenario" });
  const op = h("select", { id: "scenario-change-op", "aria-label": "Kind of change", on: { change: syncOp } }, OPS.map((o) => h("option", { value: o.op, text: o.label })));
  const node = h("select", { id: "scenario-change-node", "aria-label": "Node" });
  // A long list of nodes is found by typing: the list holds NODE_CHOICES of them at a time.
  const find = h("input", { id: "scenario-change-find", type: "search", autocomplete: "off", placeholder: "Find by name or id", "aria-label": "Find a node by name or id", "aria-describedby": "scenario-change-found", hidden: true, on: { input: () => fillNodes() } });
  const found = h("span", { id: "scenario-change-found", class: "muted scenario-found", role: "status", hidden: true });
  const fieldSel = h("select", { id: "scenario-change-field", "aria-label": "Field" }, SET_FIELDS.map((x) => h("option", { value: x.field, text: x.label })));
  const value = h("input", { id: "scenario-change-value", type: "text", inputmode: "decimal", "aria-label": "Value", placeholder: "value" });
  const json = h("textarea", { id: "scenario-change-json", rows: "3", "aria-label": "Change as JSON", placeholder: '{"op": "add", "node": {"id": "ini-new", "kind": "initiative", "cost": 5}, "edges": []}' });
  const addBtn = h("button", { type: "button", id: "scenario-add-change", text: "Add change", on: { click: addChange } });
  const editorErrors = h("div", { id: "scenario-editor-errors", class: "scenario-errors", role: "alert" });
  const editorTitle = h("h3", { id: "scenario-editor-heading", text: "New scenario" });
  const editor = h(
    "form",
    { id: "scenario-editor", class: "scenario-editor", "aria-labelledby": "scenario-editor-heading", on: { submit: (e) => (e.preventDefault(), save()) } },
    h("div", { class: "field" }, h("label", { for: "scenario-name", text: "Name" }), name),
    h("div", { class: "field" }, h("label", { for: "scenario-description", text: "Description (optional)" }), description),
    h("h4", { text: "Changes" }),
    changesList,
    h("div", { class: "scenario-change-row" }, op, find, node, fieldSel, value, addBtn),
    found,
    json,
    editorErrors,
    h(
      "div",
      { class: "scenario-change-row" },
      h("button", { type: "submit", id: "scenario-save", class: "primary", text: "Save scenario" }),
      h("button", { type: "button", id: "scenario-new", text: "Clear", on: { click: () => edit(null) } }),
    ),
  );
  const compare = h("section", { id: "scenario-compare", class: "panel scenario-compare", "aria-labelledby": "scenario-compare-heading", "aria-live": "polite" });
  const body = h(
    "div",
    { class: "decide-grid" },
    h(
      "div",
      null,
      h("section", { class: "panel", "aria-labelledby": "scenario-list-heading" }, h("h3", { id: "scenario-list-heading", text: "Scenarios" }), list),
      h("section", { class: "panel" }, editorTitle, editor),
    ),
    compare,
  );
  root.append(
    h("p", { class: "view-intro", text: "Named alternatives to the portfolio as written: cancel or approve initiatives, change a cost, risk or duration, or set a budget, and compare the result with the baseline side by side. Scenarios are saved in the model, so they travel with the exported model file." }),
    message,
    body,
  );

  // ---------------------------------------------------------------- list

  /** The model's scenarios as last read (`reload`). */
  function scenarios() {
    return state.list ?? [];
  }

  async function reload() {
    try {
      state.list = (await app.engine.scenarios()) ?? [];
    } catch {
      state.list = [];
    }
  }

  function renderList() {
    const all = scenarios();
    clear(list);
    if (!all.length) {
      list.appendChild(h("li", { class: "empty muted", text: "The model has no scenarios yet. Create one with the editor below." }));
      return all;
    }
    for (const sc of all) {
      const n = (sc.changes ?? []).length;
      const li = h(
        "li",
        { dataset: { name: sc.name }, class: state.current === sc.name ? "current" : null },
        h("span", { class: "scenario-name", text: sc.name }),
        h(
          "span",
          { class: "scenario-actions" },
          h("button", { type: "button", class: "scenario-compare primary", text: "Compare", "aria-label": `Compare ${sc.name} with the baseline`, on: { click: () => showCompare(sc.name) } }),
          h("button", { type: "button", class: "scenario-edit", text: "Edit", "aria-label": `Edit ${sc.name}`, on: { click: () => edit(sc) } }),
          h("button", { type: "button", class: "scenario-delete", text: "Delete", "aria-label": `Delete ${sc.name}`, on: { click: () => askDelete(sc.name) } }),
        ),
        h("span", { class: "scenario-meta", text: `${sc.description ? `${sc.description} · ` : ""}${n} change${n === 1 ? "" : "s"}: ${(sc.changes ?? []).map((c) => describeChange(c, (id) => app.name(id), f().money)).join("; ")}` }),
      );
      if (state.confirming === sc.name) {
        li.appendChild(
          h(
            "span",
            { class: "scenario-confirm", role: "group", "aria-label": "Confirm deletion" },
            h("span", { text: `Delete “${sc.name}” from the model? ` }),
            h("button", { type: "button", class: "scenario-delete-confirm primary", text: "Delete", on: { click: () => remove(sc.name) } }),
            h("button", { type: "button", class: "scenario-delete-cancel", text: "Keep it", on: { click: () => ((state.confirming = null), renderList()) } }),
          ),
        );
      }
      list.appendChild(li);
    }
    return all;
  }

  function askDelete(n) {
    state.confirming = n;
    renderList();
    list.querySelector(".scenario-delete-cancel")?.focus();
  }

  async function remove(n) {
    state.confirming = null;
    try {
      await app.deleteScenario(n);
    } catch (err) {
      app.notify(`Could not delete the scenario ${n}: ${err?.message ?? err}`, { error: true });
      renderList();
      return;
    }
    if (state.current === n) state.current = null;
    if (state.other === n) state.other = "";
    await update();
    app.notify(`Deleted the scenario ${n}.`);
  }

  // ---------------------------------------------------------------- editor

  /** The nodes a change of kind `o` can name, in model order (made once per model and kind). */
  function candidates(o) {
    const key = app.baseline ?? app.report;
    if (state.candidates?.key === key && state.candidates.o === o) return state.candidates.all;
    let all = [];
    if (o === "cancel" || o === "approve") {
      for (const i of app.baseline?.initiatives ?? app.report?.initiatives ?? []) all.push({ id: i.id, name: i.name, label: `${i.name} (${i.status})` });
    } else if (o === "set") {
      const names = app.names();
      all = app.ids().map((id, i) => {
        const kind = app.kind(id);
        return { id, name: names[i], group: kind, label: `${names[i]} (${kind ?? "node"})` };
      });
    }
    state.candidates = { key, o, all };
    return all;
  }

  function fillNodes() {
    const o = op.value;
    const prev = node.value;
    clear(node);
    const all = candidates(o);
    const long = all.length > NODE_CHOICES;
    find.hidden = node.hidden || !long;
    const { choices, matched, total } = nodeChoices(all, long ? find.value : "");
    for (const n of choices) node.appendChild(h("option", { value: n.id, text: n.label }));
    found.hidden = find.hidden;
    const fmt = f().count;
    const q = find.value.trim();
    found.textContent = !long
      ? ""
      : matched > choices.length
        ? `Listing ${fmt(choices.length)} of the ${fmt(matched)} nodes${q ? ` that match “${q}”` : ""}: type to narrow the list.`
        : `${fmt(matched)} of ${fmt(total)} nodes match.`;
    if (choices.some((x) => x.id === prev)) node.value = prev;
  }

  function syncOp() {
    const o = op.value;
    node.hidden = !(o === "cancel" || o === "approve" || o === "set");
    fieldSel.hidden = o !== "set";
    value.hidden = !(o === "set" || o === "budget");
    value.setAttribute("aria-label", o === "budget" ? "Budget" : "Value");
    json.hidden = o !== "json";
    fillNodes();
  }

  function addChange() {
    clear(editorErrors);
    try {
      const c = makeChange({ op: op.value, id: node.value, field: fieldSel.value, value: value.value, json: json.value });
      state.changes.push(c);
      value.value = "";
      renderChanges();
    } catch (err) {
      if (!(err instanceof ChangeError)) throw err;
      editorErrors.appendChild(h("p", { text: err.message }));
    }
  }

  function renderChanges() {
    clear(changesList);
    state.changes.forEach((c, i) => {
      changesList.appendChild(
        h(
          "li",
          { dataset: { op: c.op, id: c.id } },
          h("span", { text: describeChange(c, (id) => app.name(id), f().money) }),
          " ",
          h("button", { type: "button", class: "link scenario-change-remove", text: "Remove", "aria-label": `Remove change ${i + 1}`, on: { click: () => (state.changes.splice(i, 1), renderChanges()) } }),
        ),
      );
    });
    if (!state.changes.length) changesList.appendChild(h("li", { class: "empty muted", text: "No change yet: pick one below and press Add change." }));
  }

  function edit(sc) {
    state.editing = sc?.name ?? null;
    name.value = sc?.name ?? "";
    description.value = sc?.description ?? "";
    state.changes = (sc?.changes ?? []).map((c) => JSON.parse(JSON.stringify(c)));
    editorTitle.textContent = sc ? `Edit “${sc.name}”` : "New scenario";
    clear(editorErrors);
    renderChanges();
    if (sc) name.focus();
  }

  async function save() {
    clear(editorErrors);
    let n;
    try {
      n = checkName(name.value);
    } catch (err) {
      editorErrors.appendChild(h("p", { text: err.message }));
      name.setAttribute("aria-invalid", "true");
      name.focus();
      return;
    }
    name.removeAttribute("aria-invalid");
    if (!state.changes.length) {
      editorErrors.appendChild(h("p", { text: "Add at least one change: a scenario without changes is the baseline." }));
      return;
    }
    const sc = { name: n, changes: state.changes };
    const d = description.value.trim();
    if (d) sc.description = d;
    try {
      await app.saveScenario(sc);
    } catch (err) {
      const diags = err?.diagnostics ?? [];
      editorErrors.appendChild(h("p", { text: `The scenario was not saved: ${diags.length ? "" : err?.message ?? err}` }));
      if (diags.length) editorErrors.appendChild(h("ul", null, diags.map((x) => h("li", { dataset: { code: x.code }, text: `${x.message}${x.place?.pointer ? ` (${x.place.pointer})` : ""}` }))));
      return;
    }
    // Renaming in the editor keeps the old one (save adds or replaces by name); say so.
    const renamed = state.editing && state.editing !== n;
    state.current = n;
    state.editing = n;
    editorTitle.textContent = `Edit “${n}”`;
    await update();
    app.notify(`Saved the scenario ${n} in the model${renamed ? ` (${state.editing} is kept too)` : ""}.`);
  }

  // ---------------------------------------------------------------- comparison

  function compareOf(n) {
    return app.engine.compareScenario(n);
  }

  async function showCompare(n) {
    state.current = n;
    renderList();
    await renderCompare();
    compare.querySelector("h3")?.focus?.();
  }

  let asked = 0;
  async function renderCompare() {
    const mine = ++asked;
    const add = (...nodes) => compare.append(...nodes.filter((x) => x != null && x !== false));
    const all = scenarios();
    const n = state.current;
    let a;
    let b = null;
    let failed = null;
    if (n && all.some((x) => x.name === n)) {
      try {
        a = await compareOf(n);
        if (state.other && state.other !== n && all.some((x) => x.name === state.other)) b = await compareOf(state.other);
      } catch (err) {
        failed = err;
      }
      if (mine !== asked) return;
    }
    clear(compare);
    if (!n || !all.some((x) => x.name === n)) {
      state.current = null;
      compare.removeAttribute("data-name");
      add(h("h3", { id: "scenario-compare-heading", text: "Comparison" }), h("p", { class: "muted", text: all.length ? "Choose a scenario and press Compare to see it beside the baseline." : "Save a scenario to compare it with the baseline." }));
      state.comparison = null;
      return;
    }
    if (failed) {
      add(h("h3", { id: "scenario-compare-heading", text: n }), h("p", { class: "scenario-errors", role: "alert", text: `The scenario could not be compared: ${failed?.message ?? failed}` }));
      return;
    }
    state.comparison = a;
    compare.dataset.name = n;
    const fm = f();
    const withSel = h(
      "select",
      { id: "scenario-compare-with", on: { change: () => ((state.other = withSel.value), renderCompare()) } },
      h("option", { value: "", text: "nothing else" }),
      all.filter((x) => x.name !== n).map((x) => h("option", { value: x.name, text: x.name })),
    );
    withSel.value = b ? state.other : "";
    add(
      h("h3", { id: "scenario-compare-heading", tabindex: "-1", text: `${n} against the baseline` }),
      a.description ? h("p", { class: "muted", text: a.description }) : null,
      h("div", { class: "scenario-compare-head no-print" }, h("label", { for: "scenario-compare-with", text: "Also show" }), withSel),
    );

    // KPIs: baseline | scenario | delta (| second scenario | delta).
    const head = ["KPI", "Baseline", n, "Change"].concat(b ? [state.other, "Change"] : []);
    const bKpis = new Map((b?.kpis ?? []).map((k) => [k.kpi, k]));
    const kRows = (a.kpis ?? []).map((k) => {
      const def = kpiDef(k.kpi);
      const base = kpiNumber(k.baseline);
      const sc = kpiNumber(k.scenario);
      const d = typeof k.delta === "number" ? k.delta : sc - base;
      const cells = [
        h("th", { scope: "row", text: def.label }),
        cell("baseline", formatKpi(def, base, fm), base),
        cell("scenario", formatKpi(def, sc, fm), sc),
        cell("delta", formatKpiDelta(def, d, fm) || "no change", d, deltaTone(d, def.better)),
      ];
      const k2 = bKpis.get(k.kpi);
      if (b) {
        const s2 = k2 ? kpiNumber(k2.scenario) : NaN;
        const d2 = k2 ? (typeof k2.delta === "number" ? k2.delta : s2 - base) : NaN;
        cells.push(cell("scenario-2", formatKpi(def, s2, fm), s2), cell("delta-2", formatKpiDelta(def, d2, fm) || "no change", d2, deltaTone(d2, def.better)));
      }
      return h("tr", { dataset: { kpi: k.kpi } }, cells);
    });
    add(
      h("h4", { text: "KPIs" }),
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { id: "scenario-kpis", class: "data compact" },
          h("caption", { class: "sr-only", text: `KPIs of the baseline and of ${n}${b ? ` and ${state.other}` : ""}, with the change` }),
          h("thead", null, h("tr", null, head.map((t, i) => h("th", { scope: "col", class: i ? "num" : null, text: t })))),
          h("tbody", null, kRows),
        ),
      ),
    );

    if (a.budget != null || a.portfolio) {
      const p = a.portfolio;
      const sel = (r) => (r?.selected ?? []).length;
      const side = (r, where) =>
        r?.error
          ? `no portfolio is possible ${where} (${r.error.message})`
          : `the best portfolio within it is ${fm.count(sel(r))} initiatives worth ${fm.money(r?.value)} ${where}`;
      add(
        h("h4", { text: "Budget" }),
        h(
          "p",
          { id: "scenario-budget", dataset: { value: a.budget ?? "" } },
          `Budget ${fm.money(a.budget)}`,
          p ? `: ${side(p.baseline, "on the baseline")}; ${side(p.scenario, "in the scenario")}.` : ".",
        ),
      );
    }

    // Goals whose coverage changes.
    const goals = (a.goals ?? []).filter((g) => Math.abs(g.delta ?? 0) > EPS).sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta));
    add(h("h4", { text: "Goal coverage" }));
    if (!(a.goals ?? []).length) add(h("p", { class: "muted", text: "The model has no goals." }));
    else if (!goals.length) add(h("p", { class: "muted", id: "scenario-goals-none", text: "No goal's coverage changes." }));
    else
      add(
        goalTable(
          app,
          goals.map((g) => ({ id: g.id, name: g.name, before: g.baseline, after: g.scenario, delta: g.delta })),
          { id: "scenario-goals", caption: "Goals whose coverage changes", before: "Baseline", after: n },
        ),
          (a.goals ?? []).length > goals.length ? h("p", { class: "table-note", text: `${fm.count((a.goals ?? []).length - goals.length)} other goals are unchanged.` }) : null,
      );

    // Nodes whose scores change.
    const nodes = (a.nodes ?? []).filter((x) => Math.abs(x.delta ?? 0) > EPS);
    add(h("h4", { text: "Changed nodes" }));
    if (!nodes.length) add(h("p", { class: "muted", text: "No node's score changes." }));
    else {
      const fmtField = (field, v) => (/cost|benefit|exposure|spend/.test(field) ? fm.money(v) : /risk|alignment|coverage|conflict/.test(field) ? fm.share(v) : fm.number(v));
      const fmtDelta = (field, d) => (/cost|benefit|exposure|spend/.test(field) ? fm.deltaMoney(d) : /risk|alignment|coverage|conflict/.test(field) ? fm.deltaShare(d) : `${d > 0 ? "+" : ""}${fm.number(d)}`);
      const better = (field) => (/risk|exposure|cost|conflict/.test(field) ? "down" : "up");
      add(
        h(
          "div",
          { class: "table-wrap" },
          h(
            "table",
            { id: "scenario-nodes", class: "data compact" },
            h("caption", { class: "sr-only", text: "Nodes whose scores change" }),
            h("thead", null, h("tr", null, ["Node", "Score", "Baseline", n, "Change"].map((t, i) => h("th", { scope: "col", class: i > 1 ? "num" : null, text: t })))),
            h(
              "tbody",
              null,
              nodes.map((x) =>
                h(
                  "tr",
                  { dataset: { id: x.id, field: x.field } },
                  h("th", { scope: "row" }, app.index(x.id) !== undefined ? h("button", { type: "button", class: "link", text: x.name ?? app.name(x.id), on: { click: () => app.select(x.id) } }) : h("span", { text: x.name ?? x.id })),
                  h("td", { text: String(x.field).replace(/_/g, " ") }),
                  cell("baseline", fmtField(x.field, x.baseline), x.baseline),
                  cell("scenario", fmtField(x.field, x.scenario), x.scenario),
                  cell("delta", fmtDelta(x.field, x.delta), x.delta, deltaTone(x.delta, better(x.field))),
                ),
              ),
            ),
          ),
        ),
      );
    }

    // The reasons, in words.
    const reasons = a.reasons ?? [];
    add(h("h4", { text: "Why" }));
    add(
      reasons.length
        ? reasonList(reasons, { id: "scenario-reasons" })
        : h("p", { class: "muted", id: "scenario-reasons-none", text: "The changes move no goal's coverage." }),
    );
  }

  // ---------------------------------------------------------------- update

  async function update() {
    await reload();
    message.hidden = true;
    body.hidden = false;
    if (!(app.baseline?.initiatives ?? app.report?.initiatives ?? []).length) {
      message.hidden = false;
      message.dataset.reason = "no-initiatives";
      message.textContent = "The model has no initiatives: a scenario can still set fields, a budget or add nodes as JSON.";
    }
    renderList();
    syncOp();
    await renderCompare();
  }

  edit(null);
  update();
  return { update };
}
