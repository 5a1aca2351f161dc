// Overview: the board summary (status against targets, changes since a snapshot, top risks, decisions
// pending: board.js), the KPI tiles (each with a one-line note and a "why" on click), the top exposures and the
// goals table (weight, coverage, expected coverage, value at risk, single points of failure).

import { h, s, clear, nodeLink, themeColors } from "../../lib/dom.js";
import { kpiStrip, KPIS, formatKpi } from "../../widgets/kpis.js";
import { importSummaryPanel } from "../../widgets/import-summary.js";
import "../../widgets/import-summary.css";
import { gapList } from "../../widgets/why-zero.js";
import { initiativeCount } from "../../lib/initiatives.js";
import { boardSummary } from "./board.js";
import "../../widgets/why-zero.css";
import "./overview.css";

export const title = "Overview";

export function mount(root, app) {
  const intro = h("p", { class: "view-intro" });
  const importHost = h("div", { class: "import-summary-host" });
  const kpiHost = h("div", { class: "kpi-host" });
  const why = h("section", { class: "kpi-why panel", "aria-live": "polite", "aria-label": "Explanation", hidden: true });
  const strip = kpiStrip(kpiHost, why, app, { deltas: true });
  const board = boardSummary(app);

  // "Why these zeros?": every uncovered goal and orphan with what is missing, asked of the engine when
  // first opened (and again after a change while open).
  const zerosSummary = h("summary", { id: "why-zeros-summary" });
  const zerosBody = h("div", { class: "why-zeros-body", "aria-live": "polite" });
  const zeros = h("details", { class: "panel why-zero-panel", id: "why-zeros", hidden: true }, zerosSummary, zerosBody);
  let zerosAsked = 0;
  let zerosFor = null;
  async function fillZeros() {
    const mine = ++zerosAsked;
    const report = app.report;
    zerosFor = report;
    zerosBody.replaceChildren(h("p", { class: "muted", text: "Finding what is missing…" }));
    let gaps;
    try {
      gaps = await app.engine.gaps();
    } catch (error) {
      if (mine === zerosAsked) zerosBody.replaceChildren(h("p", { class: "muted", text: `The reasons could not be computed: ${error?.message ?? error}` }));
      return;
    }
    if (mine !== zerosAsked) return;
    zerosBody.replaceChildren(
      h("p", { class: "table-note", text: "For each, the nearest route to the strategy, what on it carries no score, and the one change that would connect it." }),
      gapList(app, gaps),
    );
  }
  zeros.addEventListener("toggle", () => {
    if (zeros.open && zerosFor !== app.report) fillZeros();
  });
  function renderZeros() {
    const k = app.report.kpis;
    const f = app.format;
    const nGoals = (k.uncovered_goals ?? []).length;
    const nOrphans = (k.orphan_initiatives ?? []).length;
    zeros.hidden = !(nGoals || nOrphans);
    if (zeros.hidden) return;
    const parts = [];
    if (nGoals) parts.push(`${f.count(nGoals)} goal${nGoals === 1 ? "" : "s"} no active initiative reaches`);
    if (nOrphans) parts.push(`${f.count(nOrphans)} initiative${nOrphans === 1 ? "" : "s"} reaching no goal`);
    zerosSummary.textContent = `Why these zeros? ${parts.join(" and ")}`;
    if (zeros.open) fillZeros();
    else zerosFor = null;
  }

  const exposures = h("ol", { class: "top-exposures" });
  const goalsBody = h("tbody");
  const goalsNote = h("p", { class: "table-note" });

  root.append(
    intro,
    importHost,
    board.board,
    board.full,
    kpiHost,
    why,
    zeros,
    h(
      "div",
      { class: "overview-grid" },
      h(
        "section",
        { class: "panel goals-panel", "aria-labelledby": "goals-heading" },
        h("h3", { id: "goals-heading", text: "Goals" }),
        goalsNote,
        h(
          "div",
          { class: "table-wrap" },
          h(
            "table",
            { class: "data goals-table", "aria-describedby": "goals-heading" },
            h(
              "thead",
              null,
              h(
                "tr",
                null,
                h("th", { scope: "col", text: "Goal" }),
                h("th", { scope: "col", class: "num", text: "Weight" }),
                h("th", { scope: "col", class: "bar-col", text: "Coverage" }),
                h("th", { scope: "col", class: "num", text: "Expected" }),
                h("th", { scope: "col", class: "num", text: "Value at risk" }),
                h("th", { scope: "col", class: "num", text: "Initiatives" }),
                h("th", { scope: "col", text: "Single points of failure" }),
              ),
            ),
            goalsBody,
          ),
        ),
      ),
      h(
        "section",
        { class: "panel exposures-panel", "aria-labelledby": "exposures-heading" },
        h("h3", { id: "exposures-heading", text: "Top exposures" }),
        h("p", { class: "table-note", text: "Where failure would cost most: delivery risk × cost. Select one for its dependencies." }),
        exposures,
      ),
    ),
  );

  function renderExposures() {
    const f = app.format;
    const list = app.report.kpis.top_exposures ?? [];
    const max = Math.max(1e-9, ...list.map((t) => t.exposure));
    clear(exposures);
    if (!list.length) {
      const text = app.report.kpis.total_spend > 0 ? "No active initiative carries delivery risk." : "No spend recorded: exposure is delivery risk × cost, and no active initiative has a cost.";
      exposures.appendChild(h("li", { class: "empty", text }));
    }
    for (const t of list) {
      const bar = h("span", { class: "bar exposure-bar" });
      bar.style.width = `${(100 * t.exposure) / max}%`;
      // A list item holding a button (a list may hold only items); the button's name is what it shows.
      const button = h(
        "button",
        {
          type: "button",
          class: ["exposure", app.selected === t.id && "selected"],
          dataset: { id: t.id },
          title: `Exposure ${f.money(t.exposure)} = delivery risk ${f.share(t.delivery_risk)} × cost ${f.money(t.cost)}. Show the details.`,
          on: { click: () => app.select(t.id) },
        },
        h("span", { class: "exposure-name", text: t.name ?? app.name(t.id) }),
        h("span", { class: "exposure-value", text: f.money(t.exposure) }),
        h("span", { class: "bar-track", "aria-hidden": "true" }, bar),
        h("span", { class: "exposure-detail", text: `${f.share(t.delivery_risk)} risk × ${f.money(t.cost)}` }),
      );
      exposures.appendChild(h("li", { class: "exposure-item" }, button));
    }
  }

  function orderedGoals() {
    // Top-level goals by weight, each followed by its sub-goals.
    const goals = app.report.goals;
    const byParent = new Map();
    for (const g of goals) for (const p of g.parents ?? []) {
      if (!byParent.has(p)) byParent.set(p, []);
      byParent.get(p).push(g);
    }
    const out = [];
    const seen = new Set();
    const visit = (g, depth) => {
      if (seen.has(g.id)) return;
      seen.add(g.id);
      out.push({ g, depth });
      for (const c of (byParent.get(g.id) ?? []).sort((a, b) => a.name.localeCompare(b.name))) visit(c, depth + 1);
    };
    goals.filter((g) => g.top_level).sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name)).forEach((g) => visit(g, 0));
    goals.forEach((g) => visit(g, 0)); // anything left (cycles)
    return out;
  }

  function renderGoals() {
    const f = app.format;
    const rows = orderedGoals();
    const uncovered = new Set(app.report.kpis.uncovered_goals ?? []);
    clear(goalsBody);
    for (const { g, depth } of rows) {
      const bar = h("span", { class: "bar coverage-bar" });
      bar.style.width = `${Math.max(0, Math.min(1, g.coverage)) * 100}%`;
      const exp = h("span", { class: "bar-marker" });
      exp.style.left = `${Math.max(0, Math.min(1, g.expected_coverage)) * 100}%`;
      const isUncovered = uncovered.has(g.id) || g.coverage === 0;
      const spof = g.single_points_of_failure ?? [];
      const nameCell = h(
        "th",
        { scope: "row", class: ["goal-name", depth && "sub-goal"] },
        h("span", { class: "goal-title", text: g.name }),
        g.perspective ? h("span", { class: "tag", text: g.perspective }) : null,
        isUncovered ? h("span", { class: "flag flag-warn", text: "Uncovered" }) : null,
      );
      if (depth) nameCell.style.paddingLeft = `${0.6 + depth * 1.2}rem`;
      const tr = h(
        "tr",
        {
          tabindex: "0",
          class: ["clickable", isUncovered && "uncovered", app.selected === g.id && "selected"],
          dataset: { id: g.id },
          "aria-label": `${g.name}: coverage ${f.share(g.coverage)}${isUncovered ? ", uncovered" : ""}`,
        },
        nameCell,
        h("td", { class: "num", text: g.top_level ? f.share(g.weight) : "sub-goal" }),
        h(
          "td",
          { class: "bar-col" },
          h("span", { class: "bar-cell" }, h("span", { class: "bar-track", "aria-hidden": "true" }, bar, exp), h("span", { class: "num bar-value", text: f.share(g.coverage) })),
        ),
        h("td", { class: "num", text: f.share(g.expected_coverage) }),
        h("td", { class: "num", text: f.money(g.value_at_risk) }),
        h("td", { class: "num", text: f.count(g.initiatives) }),
        h("td", { class: "spof" }, spof.length ? spof.map((id) => nodeLink(app, id)) : h("span", { class: "muted", text: "none" })),
      );
      tr.addEventListener("click", (e) => {
        if (!e.target.closest("button")) app.select(g.id);
      });
      tr.addEventListener("keydown", (e) => {
        if ((e.key === "Enter" || e.key === " ") && e.target === tr) {
          e.preventDefault();
          app.select(g.id);
        }
      });
      goalsBody.appendChild(tr);
    }
    if (!rows.length) {
      goalsBody.appendChild(
        h("tr", null, h("td", { colspan: 7, class: "empty", text: "The model has no goals, so nothing is aligned or covered. (ArchiMate Goal and Outcome elements become goals.)" })),
      );
    }
    const nUnc = uncovered.size;
    goalsNote.textContent =
      `${f.count(app.report.goals.length)} goals. Coverage is the chance that at least one active initiative reaches the goal; the tick marks expected coverage (counting delivery risk).` +
      (nUnc ? ` ${f.count(nUnc)} uncovered.` : "");
  }

  // The import summary of the working model, shown until dismissed (re-rendered only when it changes).
  let shownImport = null;
  function renderImport() {
    const info = app.importInfo && !app.importInfo.dismissed ? app.importInfo : null;
    if (info === shownImport) return;
    shownImport = info;
    clear(importHost);
    if (!info) return;
    const warnings = (app.report.diagnostics ?? []).length;
    const noSpend = !(app.report.kpis.total_spend > 0) && initiativeCount(app.report) > 0;
    importHost.appendChild(
      importSummaryPanel({ ...info, warnings, noSpend }, app.format, {
        onClose: () => {
          info.dismissed = true;
          renderImport();
          intro.focus?.();
        },
        onDiagnostics: () => app.showView?.("diagnostics"),
      }),
    );
  }
  const offSummary = app.on("import-summary", () => renderImport());

  function update() {
    const k = app.report.kpis;
    const f = app.format;
    const n = (x, one, many) => `${f.count(x)} ${x === 1 ? one : many}`;
    const spend = k.total_spend > 0 ? `${f.money(k.total_spend)} of spend` : "no spend recorded";
    intro.textContent = `${app.modelName}: ${n(k.active_initiatives, "active initiative", "active initiatives")}, ${spend}, against ${n(k.goals, "goal", "goals")}.`;
    intro.tabIndex = -1;
    renderImport();
    board.update();
    strip.update();
    renderExposures();
    renderGoals();
    renderZeros();
  }

  function onSelect(id) {
    for (const el of root.querySelectorAll("[data-id].selected")) el.classList.remove("selected");
    if (id != null) for (const el of root.querySelectorAll(`[data-id="${CSS.escape(id)}"]`)) el.classList.add("selected");
  }
  const off = app.on("select", onSelect);
  const offCompared = app.on("compared", () => board.update());

  update();
  return {
    update,
    destroy() {
      off();
      offSummary();
      offCompared();
    },
    svg: () => scorecardSvg(app, root),
  };
}

/** Splits text into lines of at most `max` characters (at spaces). */
function wrap(text, max) {
  const lines = [];
  let line = "";
  for (const word of String(text).split(/\s+/)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** A one-page scorecard (KPIs and goal coverage) as SVG, for "save as SVG/PNG". */
function scorecardSvg(app, root) {
  const f = app.format;
  const k = app.report.kpis;
  const goals = app.report.goals.filter((g) => g.top_level).sort((a, b) => b.weight - a.weight);
  const W = 960;
  const tileW = 296;
  const gap = 12;
  const tileH = 112;
  const top = 74;
  const rowsY = top + 2 * (tileH + gap) + 44;
  const H = rowsY + goals.length * 30 + 44;
  const c = themeColors(root);
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `Scorecard of ${app.modelName}`, "font-family": c.font });
  svg.appendChild(s("rect", { x: 0, y: 0, width: W, height: H, fill: c.surface }));
  const title = app.modelName.length > 70 ? `${app.modelName.slice(0, 69)}…` : app.modelName;
  svg.appendChild(s("text", { x: 20, y: 38, "font-size": 22, "font-weight": 700, fill: c.text }, title));
  svg.appendChild(s("text", { x: 20, y: 58, "font-size": 12, fill: c.muted }, "aligngraph scorecard"));
  KPIS.forEach((def, i) => {
    const x = 20 + (i % 3) * (tileW + gap);
    const y = top + Math.floor(i / 3) * (tileH + gap);
    svg.appendChild(s("rect", { x, y, width: tileW, height: tileH, rx: 8, fill: c.surface2, stroke: c.border }));
    svg.appendChild(s("text", { x: x + 14, y: y + 24, "font-size": 13, "font-weight": 600, fill: c.muted }, def.label));
    svg.appendChild(s("text", { x: x + 14, y: y + 58, "font-size": 28, "font-weight": 700, fill: c.text }, formatKpi(def, def.value(k), f)));
    wrap(def.note(k, f), 50)
      .slice(0, 2)
      .forEach((line, j) => svg.appendChild(s("text", { x: x + 14, y: y + 80 + j * 14, "font-size": 11, fill: c.muted }, line)));
  });
  svg.appendChild(s("text", { x: 20, y: rowsY - 14, "font-size": 15, "font-weight": 700, fill: c.text }, "Goal coverage (top-level goals, by weight)"));
  const barX = 380;
  const barW = 380;
  goals.forEach((g, i) => {
    const y = rowsY + i * 30;
    const name = g.name.length > 50 ? `${g.name.slice(0, 49)}…` : g.name;
    svg.appendChild(s("text", { x: 20, y: y + 15, "font-size": 12, fill: c.text }, name));
    svg.appendChild(s("rect", { x: barX, y: y + 4, width: barW, height: 14, fill: c.cellEmpty }));
    svg.appendChild(s("rect", { x: barX, y: y + 4, width: barW * Math.max(0, Math.min(1, g.coverage)), height: 14, fill: c.bar }));
    svg.appendChild(s("rect", { x: barX + barW * Math.max(0, Math.min(1, g.expected_coverage)) - 1, y: y + 1, width: 3, height: 20, fill: c.marker }));
    svg.appendChild(s("text", { x: barX + barW + 12, y: y + 15, "font-size": 12, fill: c.text }, `${f.share(g.coverage)} (weight ${f.share(g.weight)})`));
  });
  svg.appendChild(s("text", { x: barX, y: H - 16, "font-size": 11, fill: c.muted }, "Bar: coverage. Orange tick: expected coverage, counting delivery risk."));
  return svg;
}
