// Threats: where IT could break the strategy (docs/lenses.md, "Threats to goals"). A goals x threats
// heatmap (the share of each goal's reach a threat puts at risk: delivery, availability below SLA,
// security loss, missing controls, key people, obsolescence), a click on a cell lists the paths that
// explain it, and the initiatives' delivery health (earned value).

import { h, s, clear, onActivate } from "../../lib/dom.js";
import { WARM_STEPS, lensEmpty, sortTable, step } from "../../lib/lens.js";
import "../../lib/lens.css";
import "./threats.css";

export const title = "Threats";

/** The kinds of threat as the engine lists them, with a label and what puts a node at risk. */
export const THREATS = {
  delivery: { label: "Delivery", note: "the initiatives' delivery risk" },
  availability: { label: "Availability", note: "services below their SLA" },
  security: { label: "Security loss", note: "annualised loss expectancy (exposure factor x occurrences a year)" },
  controls: { label: "Missing controls", note: "1 - control coverage" },
  key_people: { label: "Key people", note: "nodes only key people support" },
  obsolescence: { label: "Obsolescence", note: "lifecycle risk along dependencies" },
};
const MAX_GOALS = 60;
const EV_COLUMNS = [
  { key: "name", label: "Initiative" },
  { key: "spi", label: "SPI", num: 1 },
  { key: "cpi", label: "CPI", num: 1 },
  { key: "eac", label: "EAC", num: 1 },
  { key: "etc", label: "ETC", num: 1 },
  { key: "vac", label: "VAC", num: 1 },
];

/** The heatmap's rows: goals with a weight (heaviest first, then by name), then the others that a threat reaches. */
export function threatRows(goals, name) {
  return Object.entries(goals ?? {})
    .filter(([, g]) => g.weight > 0 || Object.keys(g.threats ?? {}).length)
    .map(([id, g]) => ({ id, ...g, name: name(id) }))
    .sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name));
}

/** A cell in words: "Raise retention: 34% of its reach is at risk from availability (services below their SLA)". */
export function cellText(row, kind, share) {
  const t = row.threats?.[kind];
  const what = THREATS[kind] ?? { label: kind, note: "" };
  if (!t || !(t.share > 0)) return `${row.name}: nothing at risk from ${what.label.toLowerCase()}`;
  return `${row.name}: ${share(t.share)} of its reach is at risk from ${what.label.toLowerCase()} (${what.note})`;
}

export function mount(root, app) {
  const state = { data: null, ev: null, cell: null, sort: "spi", dir: 1, limit: 300 };
  const intro = h("p", { class: "view-intro", text: "Where IT could break the strategy: for each goal, the share of its reach each kind of threat puts at risk, traced along the same paths as alignment. Click a cell for the paths that explain it." });
  const notice = h("div");
  const totals = h("dl", { id: "threat-totals", class: "lens-totals" });
  const mapHost = h("div", { class: "chart threat-map-host" });
  const mapNote = h("p", { class: "table-note", id: "threat-note" });
  const paths = h("div", { id: "threat-paths", class: "threat-paths", "aria-live": "polite" });
  const evHead = h("thead");
  const evBody = h("tbody");
  const evMore = h("div", { class: "table-more" });
  const evNote = h("p", { class: "table-note", id: "ev-note" });
  const evPanel = h("section", { class: "panel", "aria-label": "Delivery health" }, h("h3", { text: "Delivery health (earned value)" }), evNote, h("div", { class: "table-wrap" }, h("table", { class: "data", id: "ev-table" }, h("caption", { class: "sr-only", text: "Earned value of each initiative: schedule and cost performance index, estimate at completion, estimate to complete and variance at completion. Column headers sort." }), evHead, evBody)), evMore);
  const body = h(
    "div",
    { class: "threat-body" },
    totals,
    h("div", { class: "lens-grid" }, h("section", { class: "panel", "aria-label": "Goals by threat" }, h("h3", { text: "Goals by threat" }), mapHost, legend(), mapNote), h("section", { class: "panel", "aria-label": "Why" }, h("h3", { text: "Why" }), paths)),
    evPanel,
  );
  root.append(intro, notice, body);
  let svgEl = null;

  function drawTotals(data) {
    const f = app.format;
    clear(totals);
    for (const kind of data.kinds) {
      const v = data.totals?.[kind] ?? 0;
      totals.appendChild(h("div", { dataset: { figure: kind, value: v } }, h("dt", { text: THREATS[kind]?.label ?? kind }), h("dd", { text: f.share(v) }), h("dd", { class: "note", text: "of the goals' weight at risk" })));
    }
  }

  function drawMap(data) {
    clear(mapHost);
    const f = app.format;
    const rows = threatRows(data.goals, (id) => app.name(id));
    const shown = rows.slice(0, MAX_GOALS);
    const kinds = data.kinds;
    const left = 220;
    const cw = 92;
    const ch = 30;
    const top = 44;
    const W = left + kinds.length * cw + 4;
    const H = top + shown.length * ch + 4;
    const svg = s("svg", { id: "threat-map", class: "threat-map", viewBox: `0 0 ${W} ${H}`, role: "group", "aria-label": `Goals by threat: ${f.count(shown.length)} goals across ${kinds.length} kinds of threat; each cell the share of the goal's reach at risk. The Why panel lists the paths of the chosen cell.` });
    kinds.forEach((k, c) => svg.appendChild(s("text", { x: left + c * cw + cw / 2, y: top - 12, "text-anchor": "middle", class: "threat-kind", "aria-hidden": "true" }, THREATS[k]?.label ?? k)));
    shown.forEach((r, i) => {
      const y = top + i * ch;
      svg.appendChild(s("text", { x: left - 8, y: y + ch / 2 + 4, "text-anchor": "end", class: "threat-goal", "aria-hidden": "true" }, r.name.length > 32 ? `${r.name.slice(0, 31)}…` : r.name));
      kinds.forEach((k, c) => {
        const t = r.threats?.[k];
        const share = t?.share ?? 0;
        const text = cellText(r, k, f.share);
        const g = s("g", { class: ["threat-cell", state.cell?.goal === r.id && state.cell?.kind === k && "chosen"], tabindex: "0", role: "button", "aria-label": text, dataset: { goal: r.id, kind: k, share } });
        g.appendChild(s("title", null, text));
        g.appendChild(s("rect", { x: left + c * cw + 1, y: y + 1, width: cw - 2, height: ch - 2, rx: 3, fill: share > 0 ? WARM_STEPS[Math.max(0, step(share, 1))] : "var(--cell-empty)" }));
        g.appendChild(s("text", { x: left + c * cw + cw / 2, y: y + ch / 2 + 4, "text-anchor": "middle", class: "threat-value", "aria-hidden": "true" }, share > 0 ? f.share(share) : "–"));
        onActivate(g, () => choose(r.id, k));
        svg.appendChild(g);
      });
    });
    svgEl = svg;
    mapHost.appendChild(svg);
    mapNote.textContent = `${rows.length > MAX_GOALS ? `The ${MAX_GOALS} heaviest of ${f.count(rows.length)} goals. ` : ""}A goal's reach is what the active initiatives and the applications and elements nobody changes give it along alignment relationships; a threat makes each node it touches hold only with a chance (docs/lenses.md).`;
  }

  function choose(goal, kind) {
    state.cell = { goal, kind };
    for (const el of mapHost.querySelectorAll(".threat-cell.chosen")) el.classList.remove("chosen");
    mapHost.querySelector(`.threat-cell[data-goal="${CSS.escape(goal)}"][data-kind="${kind}"]`)?.classList.add("chosen");
    drawPaths();
  }

  function drawPaths() {
    clear(paths);
    const f = app.format;
    const c = state.cell;
    const row = c && state.data?.goals?.[c.goal];
    if (!row) {
      paths.appendChild(h("p", { class: "muted", text: "Choose a cell of the heatmap: the paths that put that goal at risk are listed here." }));
      return;
    }
    const r = { id: c.goal, name: app.name(c.goal), ...row };
    const t = row.threats?.[c.kind];
    paths.dataset.goal = c.goal;
    paths.dataset.kind = c.kind;
    paths.appendChild(h("p", { class: "threat-headline", id: "threat-headline", text: cellText(r, c.kind, f.share) }));
    if (!t?.paths?.length) {
      paths.appendChild(h("p", { class: "muted", text: "No threatened node lies on this goal's paths." }));
      return;
    }
    const ol = h("ol", { class: "threat-path-list" });
    for (const p of t.paths) {
      const chain = (p.path ?? [p.node]).map((id) => app.name(id)).join(" → ");
      const li = h(
        "li",
        { dataset: { node: p.node } },
        h("button", { type: "button", class: "link", text: app.name(p.node), on: { click: () => app.select(p.node) } }),
        h("span", { text: `: ${p.reason}; ${f.share(p.share)} of the goal's reach runs through it` }),
        h("div", { class: "threat-chain muted", text: chain }),
      );
      ol.appendChild(li);
    }
    paths.appendChild(ol);
    if (t.nodes > t.paths.length) paths.appendChild(h("p", { class: "muted", text: `and ${f.count(t.nodes - t.paths.length)} more threatened nodes on its paths` }));
  }

  function evRows() {
    return Object.entries(state.ev ?? {}).map(([id, x]) => ({ id, ...x, name: app.name(id) }));
  }
  const evCell = (r, key) => {
    const v = r[key];
    if (v == null) return "–";
    return key === "spi" || key === "cpi" ? String(Math.round(v * 100) / 100) : app.format.money(v);
  };
  const drawEv = sortTable(app, { thead: evHead, tbody: evBody, more: evMore, columns: EV_COLUMNS, state, rows: evRows, cell: evCell, rowData: (r) => ({ poor: String((r.spi ?? 1) < 0.9 || (r.cpi ?? 1) < 0.9) }) });

  async function update() {
    const version = app.modelVersion;
    let data = null;
    let lenses = null;
    let error = null;
    const slow = setTimeout(() => clear(notice).appendChild(h("p", { class: "loading", role: "status", text: `Tracing the threats of ${app.format.count(app.ids().length)} nodes in the engine's worker…` })), 150);
    try {
      [data, lenses] = await Promise.all([app.threats(), app.lenses()]);
    } catch (err) {
      error = String(err?.message ?? err);
    }
    clearTimeout(slow);
    if (version !== app.modelVersion) return;
    clear(notice);
    if (error) notice.appendChild(h("p", { class: "lens-error", role: "alert", text: `The engine could not compute this view: ${error}` }));
    state.data = data;
    state.ev = lenses?.earned_value?.initiatives ?? null;
    const any = data && Object.values(data.goals ?? {}).some((g) => Object.keys(g.threats ?? {}).length);
    body.hidden = !data;
    if (data && !any) notice.appendChild(lensEmpty("threat-message", "No threat reaches a goal: no initiative carries a delivery risk and no service carries availability, security, people or lifecycle figures.", ["risk", "sla", "asset_value", "controls", "person nodes", "end_of_life"]));
    if (data) {
      drawTotals(data);
      drawMap(data);
      if (!state.cell && any) {
        const worst = threatRows(data.goals, (id) => app.name(id)).flatMap((r) => data.kinds.map((k) => ({ r, k, v: r.threats?.[k]?.value ?? 0 }))).sort((a, b) => b.v - a.v)[0];
        if (worst) state.cell = { goal: worst.r.id, kind: worst.k };
      }
      drawPaths();
    }
    const evCount = Object.keys(state.ev ?? {}).length;
    evPanel.hidden = !evCount;
    evNote.textContent = evCount ? "SPI = earned value / planned value, CPI = earned value / actual cost; below 1 is behind schedule or over budget (rows below 0.9 are marked). EAC = budget / CPI, ETC = EAC - actual cost, VAC = budget - EAC." : "";
    if (evCount) drawEv();
  }
  const off = app.on("select", (id) => {
    for (const el of root.querySelectorAll("[data-id].selected")) el.classList.remove("selected");
    if (id != null) for (const el of root.querySelectorAll(`[data-id="${CSS.escape(id)}"]`)) el.classList.add("selected");
  });
  update();
  return {
    update,
    destroy: off,
    svg: () => svgEl,
  };
}

function legend() {
  return h(
    "div",
    { class: "legend", "aria-hidden": "true" },
    h("span", { class: "legend-title", text: "Share of the goal's reach at risk" }),
    WARM_STEPS.map((c, i) => {
      const sw = h("span", { class: "swatch" });
      sw.style.background = c;
      return h("span", { class: "legend-item" }, sw, `${i * 20}–${(i + 1) * 20}%`);
    }),
  );
}
