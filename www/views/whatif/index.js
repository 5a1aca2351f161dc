// What-if: switch initiatives on or off and see every KPI and each goal's coverage change against the
// model as written (app.baseline). The toggles are autosaved; the reset button goes back to the file.

import { h, clear, nodeLink, uniqueId } from "../../lib/dom.js";
import { kpiStrip } from "../../widgets/kpis.js";
import { filterInput } from "../../widgets/filter-input.js";
import "./whatif.css";

export const title = "What-if";

const PAGE = 300;
const EPS = 5e-5; // a coverage change below 0.005 points counts as unchanged

export function mount(root, app) {
  const filterId = uniqueId("whatif-filter");
  const filterBox = filterInput(app, "whatif", {
    id: filterId,
    placeholder: "Filter initiatives",
    onChange: (text) => {
      state.filter = text;
      state.limit = PAGE;
      buildList();
    },
  });
  const filter = filterBox.input;
  const state = { filter: filterBox.text(), limit: PAGE, key: null };
  const summary = h("p", { class: "whatif-summary", "aria-live": "polite" });
  const reset = h("button", {
    type: "button",
    id: "whatif-reset",
    class: "primary",
    text: "Reset to the file",
    on: {
      click: async () => {
        await app.resetWhatIf();
        app.notify("What-if reset: every initiative is back to its status in the file.");
      },
    },
  });
  const kpiHost = h("div", { class: "kpi-host" });
  const why = h("section", { class: "kpi-why panel", "aria-live": "polite", "aria-label": "Explanation", hidden: true });
  const strip = kpiStrip(kpiHost, why, app, { deltas: true });
  const changes = h("div", { class: "coverage-changes" });
  const list = h("ul", { class: "whatif-list", "aria-label": "Initiatives: checked ones are in the portfolio" });
  const more = h("div", { class: "table-more" });
  const inputs = new Map();

  root.append(
    h("p", { class: "view-intro", text: "Switch initiatives off (cancel) or on (approve) and see what it does to the strategy. Nothing is changed in the model file; the choices are kept in this browser." }),
    h("div", { class: "whatif-bar" }, summary, reset),
    kpiHost,
    why,
    h(
      "div",
      { class: "whatif-grid" },
      h(
        "section",
        { class: "panel whatif-init-panel", "aria-labelledby": "whatif-init-heading" },
        h("h3", { id: "whatif-init-heading", text: "Initiatives" }),
        h("div", { class: "controls no-print" }, h("label", { for: filterId, text: "Filter" }), filter),
        list,
        more,
      ),
      h("section", { class: "panel whatif-goals-panel", "aria-labelledby": "whatif-goals-heading" }, h("h3", { id: "whatif-goals-heading", text: "Goal coverage against the file" }), changes),
    ),
  );

  async function onToggle(e) {
    const input = e.target;
    const id = input.dataset.initiative;
    const on = input.checked;
    const before = app.report.kpis.alignment_index;
    try {
      await app.setActive(id, on);
    } catch (err) {
      input.checked = !on;
      app.notify(`Could not switch ${app.name(id)}: ${err?.message ?? err}`, { error: true });
      return;
    }
    const after = app.report.kpis.alignment_index;
    app.notify(`${on ? "Switched on" : "Switched off"} ${app.name(id)}: alignment index ${app.format.share(before)} → ${app.format.share(after)}.`);
  }

  function buildList() {
    const f = app.format;
    const all = [...(app.report.initiatives ?? [])].sort((a, b) => (b.cost || 0) - (a.cost || 0) || a.name.localeCompare(b.name));
    const rows = state.filter ? all.filter((i) => i.name.toLowerCase().includes(state.filter) || i.id.toLowerCase().includes(state.filter)) : all;
    clear(list);
    inputs.clear();
    for (const i of rows.slice(0, state.limit)) {
      const inputId = uniqueId("wi");
      const input = h("input", { type: "checkbox", id: inputId, dataset: { initiative: i.id }, checked: i.active, on: { change: onToggle } });
      inputs.set(i.id, input);
      const changed = h("span", { class: "flag flag-info changed-flag", text: "changed" });
      list.appendChild(
        h(
          "li",
          { dataset: { id: i.id } },
          input,
          h("label", { for: inputId }, h("span", { class: "wi-name", text: i.name }), h("span", { class: "wi-meta", text: `${i.status} · ${i.cost > 0 ? f.money(i.cost) : "no cost"} · ${f.share(i.alignment)} aligned` })),
          changed,
          h("button", { type: "button", class: "link details-button", "aria-label": `Details of ${i.name}`, text: "Details", on: { click: () => app.select(i.id) } }),
        ),
      );
    }
    if (!rows.length) list.appendChild(h("li", { class: "empty", text: "No initiative matches." }));
    clear(more);
    if (rows.length > state.limit)
      more.append(
        h("span", { class: "table-note", text: `Showing ${f.count(state.limit)} of ${f.count(rows.length)}. ` }),
        h("button", { type: "button", text: "Show more", on: { click: () => ((state.limit += PAGE), buildList()) } }),
      );
    syncList();
  }

  function syncList() {
    const f = app.format;
    const toggled = new Map(app.whatIf().map((t) => [t.id, t.active]));
    const fileEntries = toggled.size ? new Map((app.baseline?.initiatives ?? []).map((x) => [x.id, x])) : new Map();
    for (const [id, input] of inputs) {
      const i = app.initiative(id);
      if (!i) continue;
      input.checked = Boolean(i.active);
      const li = input.closest("li");
      li.classList.toggle("changed", toggled.has(id));
      li.classList.toggle("off", !i.active);
      const meta = li.querySelector(".wi-meta");
      const base = fileEntries.get(id);
      meta.textContent = `${toggled.has(id) ? (i.active ? "switched on" : "switched off") : i.status} · ${f.money(i.cost)} · ${f.share(i.alignment)} aligned${base && toggled.has(id) ? ` (file: ${base.status})` : ""}`;
    }
  }

  function renderChanges() {
    const f = app.format;
    const base = new Map((app.baseline?.goals ?? []).map((g) => [g.id, g]));
    const rows = (app.report.goals ?? []).map((g) => {
      const b = base.get(g.id);
      return { g, before: b ? b.coverage : g.coverage, after: g.coverage, d: b ? g.coverage - b.coverage : 0 };
    });
    const changed = rows.filter((r) => Math.abs(r.d) > EPS).sort((a, b) => Math.abs(b.d) - Math.abs(a.d));
    clear(changes);
    if (!changed.length) {
      changes.appendChild(h("p", { class: "muted", text: "No goal's coverage has changed. Switch an initiative off or on to compare." }));
      return;
    }
    const ul = h("ul", { class: "change-list" });
    for (const r of changed) {
      const track = h("span", { class: "bar-track", "aria-hidden": "true" });
      const was = h("span", { class: "bar bar-before" });
      was.style.width = `${Math.max(0, Math.min(1, r.before)) * 100}%`;
      const now = h("span", { class: "bar bar-after" });
      now.style.width = `${Math.max(0, Math.min(1, r.after)) * 100}%`;
      track.append(was, now);
      ul.appendChild(
        h(
          "li",
          { class: r.d < 0 ? "worse" : "better", dataset: { goal: r.g.id } },
          nodeLink(app, r.g.id),
          h("span", { class: "change-figures", text: `${f.share(r.before)} → ${f.share(r.after)}` }),
          h("span", { class: ["change-delta", r.d < 0 ? "worse" : "better"], text: f.deltaShare(r.d) }),
          track,
        ),
      );
    }
    changes.appendChild(ul);
    const same = rows.length - changed.length;
    if (same) changes.appendChild(h("p", { class: "muted", text: `${f.count(same)} other goal${same === 1 ? "" : "s"} unchanged.` }));
  }

  function update() {
    const f = app.format;
    const ids = (app.report.initiatives ?? []).map((i) => i.id);
    const key = ids.length > 5000 ? `${ids.length}:${ids[0]}:${ids[ids.length - 1]}` : ids.join("\n");
    if (key !== state.key) {
      state.key = key;
      buildList();
    } else syncList();
    const n = app.whatIf().length;
    root.classList.toggle("no-changes", n === 0);
    summary.textContent = n
      ? `${f.count(n)} initiative${n === 1 ? "" : "s"} switched against the file. The deltas below compare with the file.`
      : "The portfolio as in the file. Uncheck an initiative to see the strategy without it.";
    strip.update();
    renderChanges();
  }

  update();
  return { update, destroy: filterBox.destroy, svg: () => changesSvg(app) };
}

/** The KPI and goal coverage changes as a small SVG table, for "save as SVG/PNG". */
function changesSvg(app) {
  const SVG = "http://www.w3.org/2000/svg";
  const f = app.format;
  const mk = (tag, attrs, text) => {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    if (text != null) el.textContent = text;
    return el;
  };
  const base = new Map((app.baseline?.goals ?? []).map((g) => [g.id, g]));
  const goals = app.report.goals ?? [];
  const toggles = app.whatIf();
  const W = 760;
  const H = 120 + toggles.length * 18 + goals.length * 24 + 40;
  const svg = mk("svg", { viewBox: `0 0 ${W} ${H}`, xmlns: SVG });
  const font = { "font-family": "system-ui, sans-serif" };
  svg.appendChild(mk("text", { x: 20, y: 34, "font-size": 20, "font-weight": 700, fill: "#111", ...font }, `What-if: ${app.modelName}`));
  const k = app.report.kpis;
  const b = app.baseline.kpis;
  svg.appendChild(
    mk("text", { x: 20, y: 60, "font-size": 13, fill: "#333", ...font }, `Alignment index ${f.share(b.alignment_index)} → ${f.share(k.alignment_index)}   Goal coverage ${f.share(b.goal_coverage)} → ${f.share(k.goal_coverage)}   Exposure ${f.money(b.total_exposure)} → ${f.money(k.total_exposure)}`),
  );
  let y = 90;
  svg.appendChild(mk("text", { x: 20, y, "font-size": 13, "font-weight": 700, fill: "#111", ...font }, toggles.length ? "Switched against the file:" : "No initiative switched."));
  for (const t of toggles) {
    y += 18;
    svg.appendChild(mk("text", { x: 32, y, "font-size": 12, fill: "#333", ...font }, `${t.active ? "on " : "off"}  ${app.name(t.id)}`));
  }
  y += 30;
  svg.appendChild(mk("text", { x: 20, y, "font-size": 13, "font-weight": 700, fill: "#111", ...font }, "Goal coverage: file → what-if"));
  for (const g of goals) {
    y += 24;
    const before = base.get(g.id)?.coverage ?? g.coverage;
    svg.appendChild(mk("text", { x: 32, y, "font-size": 12, fill: "#111", ...font }, g.name.length > 40 ? `${g.name.slice(0, 39)}…` : g.name));
    svg.appendChild(mk("rect", { x: 360, y: y - 11, width: 240 * Math.max(0, Math.min(1, before)), height: 6, fill: "#9aa3b2" }));
    svg.appendChild(mk("rect", { x: 360, y: y - 4, width: 240 * Math.max(0, Math.min(1, g.coverage)), height: 6, fill: "#3b5ba9" }));
    svg.appendChild(mk("text", { x: 612, y, "font-size": 12, fill: "#111", ...font }, `${f.share(before)} → ${f.share(g.coverage)} ${f.deltaShare(g.coverage - before)}`));
  }
  return svg;
}
