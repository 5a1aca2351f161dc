// Matrix: initiatives (rows) x goals (columns), QFD style, from report.matrix: the reach of each goal from
// each active initiative, conflict shown as a negative value. Rows and columns are sortable; rows that
// reach no goal and goals nobody reaches are flagged. An accessible table holds the same figures.

import { scaleSequential } from "d3-scale";
import { interpolateBlues, interpolateOranges } from "../../lib/ramps.js";
import { lab } from "d3-color";
import { h, s, clear, onActivate, uniqueId, nextTask } from "../../lib/dom.js";
import { HIDDEN_TABLE_CELLS } from "./model.js";
import "./matrix.css";

export const title = "Matrix";

const MAX_ROWS = 200;

const EPS = 1e-12;

const reachColor = scaleSequential((t) => interpolateBlues(0.12 + 0.88 * t)).domain([0, 1]).clamp(true);
const conflictColor = scaleSequential((t) => interpolateOranges(0.2 + 0.8 * t)).domain([0, 1]).clamp(true);

/** The class of a cell's text: light text on dark fills, dark text on light ones. */
function textOn(fill) {
  return lab(fill).l < 58 ? "on-dark" : "on-light";
}

/**
 * `text` shortened to at most n characters, cut after a whole word (so what is shown is the start of
 * the accessible name, word for word: WCAG 2.5.3); a first word longer than that is cut.
 */
export function trunc(text, n) {
  if (text.length <= n) return text;
  const head = text.slice(0, n - 1);
  const cut = head.search(/\s+\S*$/);
  let shown = cut > 0 ? head.slice(0, cut) : head;
  // Never end inside brackets: an aside cut short is no longer one (nor read as one).
  const open = shown.lastIndexOf("(");
  if (open > 0 && shown.indexOf(")", open) < 0) shown = shown.slice(0, open);
  return `${shown.replace(/[\s,;:.(-]+$/, "")}…`;
}

export function mount(root, app) {
  const ids = { rows: uniqueId("matrix-rows"), cols: uniqueId("matrix-cols"), caption: uniqueId("matrix-caption"), empty: uniqueId("matrix-empty") };
  const state = { rowSort: "alignment", colSort: "weight", showTable: false };

  const rowSelect = h(
    "select",
    { id: ids.rows, on: { change: () => ((state.rowSort = rowSelect.value), draw()) } },
    h("option", { value: "alignment", text: "alignment" }),
    h("option", { value: "total", text: "total reach" }),
    h("option", { value: "cost", text: "cost" }),
    h("option", { value: "name", text: "name" }),
  );
  const colSelect = h(
    "select",
    { id: ids.cols, on: { change: () => ((state.colSort = colSelect.value), draw()) } },
    h("option", { value: "weight", text: "weight" }),
    h("option", { value: "total", text: "total reach" }),
    h("option", { value: "coverage", text: "coverage" }),
    h("option", { value: "name", text: "name" }),
  );
  const tableToggle = h("button", {
    type: "button",
    class: "toggle",
    id: "matrix-table-toggle",
    "aria-pressed": "false",
    text: "Show as table",
    on: {
      click: () => {
        state.showTable = !state.showTable;
        tableToggle.setAttribute("aria-pressed", String(state.showTable));
        tableToggle.textContent = state.showTable ? "Show as chart" : "Show as table";
        applyMode();
      },
    },
  });
  const note = h("p", { class: "view-intro" });
  const flags = h("p", { class: "matrix-flags" });
  const chartWrap = h("div", { class: "chart-scroll matrix-chart" });
  const tableWrap = h("div", { class: "table-wrap matrix-table-wrap sr-only" });
  root.append(
    note,
    h(
      "div",
      { class: "controls no-print" },
      h("label", { for: ids.rows, text: "Sort initiatives by" }),
      rowSelect,
      h("label", { for: ids.cols, text: "Sort goals by" }),
      colSelect,
      tableToggle,
    ),
    legend(),
    flags,
    chartWrap,
    tableWrap,
  );

  let svgEl = null;

  function applyMode() {
    chartWrap.hidden = state.showTable;
    tableWrap.classList.toggle("sr-only", !state.showTable);
    // A large matrix's table, made the first time it is asked for.
    if (state.showTable && state.d && !tableWrap.querySelector("table")) clear(tableWrap).appendChild(drawTable(state.d));
  }

  function data(matrix) {
    const m = matrix ?? { goals: [], initiatives: [], reach: [] };
    const goals = m.goals ?? [];
    const inits = m.initiatives ?? [];
    const reach = m.reach ?? [];
    const conflict = m.conflict && m.conflict.length ? m.conflict : null;
    let rows = inits.map((id, i) => {
      const info = app.initiative(id);
      const r = reach[i] ?? [];
      const c = conflict ? conflict[i] ?? [] : null;
      let total = 0;
      let neg = 0;
      for (let j = 0; j < goals.length; j++) {
        total += r[j] || 0;
        if (c) neg += c[j] || 0;
      }
      return {
        id,
        i,
        name: info?.name ?? app.name(id),
        cost: info?.cost ?? 0,
        alignment: info?.alignment ?? 0,
        total,
        neg,
        empty: total < EPS && neg < EPS,
      };
    });
    const capped = rows.length > MAX_ROWS;
    const allRows = rows.length;
    // Capped to the largest by cost; a model without costs keeps the strongest reach instead.
    const byCost = rows.some((r) => r.cost > 0);
    if (capped) rows = [...rows].sort(byCost ? (a, b) => b.cost - a.cost : (a, b) => b.total - a.total || b.alignment - a.alignment).slice(0, MAX_ROWS);
    const cols = goals.map((id, j) => {
      const g = app.goal(id);
      let total = 0;
      for (const row of inits.keys()) total += reach[row]?.[j] || 0;
      return {
        id,
        j,
        name: g?.name ?? app.name(id),
        weight: g?.weight ?? 0,
        topLevel: g?.top_level ?? true,
        coverage: g?.coverage ?? 0,
        total,
        empty: total < EPS,
      };
    });
    const by = (key, dir = -1) => (a, b) => dir * (a[key] - b[key]) || a.name.localeCompare(b.name);
    const rowCmp = { alignment: by("alignment"), total: by("total"), cost: by("cost"), name: (a, b) => a.name.localeCompare(b.name) }[state.rowSort];
    const colCmp = {
      weight: (a, b) => b.weight - a.weight || Number(b.topLevel) - Number(a.topLevel) || a.name.localeCompare(b.name),
      total: by("total"),
      coverage: by("coverage"),
      name: (a, b) => a.name.localeCompare(b.name),
    }[state.colSort];
    rows.sort(rowCmp);
    cols.sort(colCmp);
    return { rows, cols, reach, conflict, capped, allRows, byCost };
  }

  function cellValue(d, row, col) {
    const r = d.reach[row.i]?.[col.j] || 0;
    const c = d.conflict ? d.conflict[row.i]?.[col.j] || 0 : 0;
    return { r, c };
  }

  function cellLabel(row, col, { r, c }) {
    const f = app.format;
    const parts = [];
    if (r > EPS) parts.push(`reach ${f.share(r)}`);
    if (c > EPS) parts.push(`works against it: conflict ${f.share(c)}`);
    return `${row.name} → ${col.name}: ${parts.length ? parts.join("; ") : "no link"}`;
  }

  function drawSvg(d) {
    const f = app.format;
    const labelW = 250;
    const headH = 150;
    const cellW = Math.max(40, Math.min(72, Math.floor(760 / Math.max(1, d.cols.length))));
    const cellH = 24;
    const sumW = 78;
    const footH = 44;
    const W = labelW + d.cols.length * cellW + sumW + 120; // room for the last rotated label
    const H = headH + d.rows.length * cellH + footH;
    const svg = s("svg", {
      class: "matrix-svg",
      viewBox: `0 0 ${W} ${H}`,
      width: W,
      height: H,
      role: "group",
      "aria-label": `Reach matrix: ${d.rows.length} initiatives by ${d.cols.length} goals. ${tableKept(d) ? "The table after the chart lists the same figures." : "Show as table, before the chart, lists every figure as a table."}`,
    });
    const defs = s(
      "defs",
      null,
      s(
        "pattern",
        { id: "matrix-hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
        s("line", { x1: 0, y1: 0, x2: 0, y2: 6, class: "hatch-line", "stroke-width": 2 }),
      ),
      // The cells with no link: one tile repeated over each row (a sparse matrix is mostly these).
      s(
        "pattern",
        { id: ids.empty, x: labelW, y: headH, width: cellW, height: cellH, patternUnits: "userSpaceOnUse" },
        s("rect", { x: 1, y: 1, width: cellW - 2, height: cellH - 2, rx: 3, class: "cell-empty" }),
      ),
    );
    svg.appendChild(defs);

    // Column headers (goals), rotated.
    const head = s("g", { class: "matrix-head" });
    d.cols.forEach((col, ci) => {
      const x = labelW + ci * cellW + cellW / 2;
      if (col.empty) svg.appendChild(s("rect", { x: labelW + ci * cellW, y: headH, width: cellW, height: d.rows.length * cellH, fill: "url(#matrix-hatch)", class: "empty-col" }));
      const g = s("g", {
        class: ["col-head", col.empty && "flagged", app.selected === col.id && "selected"],
        transform: `translate(${x},${headH - 8}) rotate(-40)`,
        tabindex: "0",
        role: "button",
        "aria-label": `${col.name}: weight ${col.topLevel ? f.share(col.weight) : "sub-goal"}, coverage ${f.share(col.coverage)}${col.empty ? ", uncovered" : ""}. Select the goal.`,
        dataset: { id: col.id },
      });
      g.appendChild(s("title", null, col.name));
      g.appendChild(s("text", { x: 0, y: 0, class: "col-label" }, trunc(col.name, 26)));
      onActivate(g, () => app.select(col.id));
      head.appendChild(g);
      // The line under the name is said by the button's name; drawn beside the button, not in it.
      const sub = s("g", { class: "col-head-sub", transform: `translate(${x},${headH - 8}) rotate(-40)`, "aria-hidden": "true" });
      sub.appendChild(s("text", { x: 0, y: 12, class: ["col-sub", col.empty && "flag-text"] }, col.empty ? "⚠ uncovered" : col.topLevel ? `weight ${f.share(col.weight)}` : "sub-goal"));
      head.appendChild(sub);
    });
    svg.appendChild(head);
    svg.appendChild(s("text", { x: labelW + d.cols.length * cellW + sumW / 2, y: headH - 10, class: "sum-head", "text-anchor": "middle" }, "Alignment"));

    const body = s("g", { class: "matrix-body" });
    d.rows.forEach((row, ri) => {
      const y = headH + ri * cellH;
      const g = s("g", { class: ["matrix-row", row.empty && "flagged", app.selected === row.id && "selected"], dataset: { id: row.id } });
      g.appendChild(s("rect", { class: "row-bg", x: 0, y, width: W, height: cellH }));
      g.appendChild(s("rect", { class: "cell-grid", x: labelW, y, width: d.cols.length * cellW, height: cellH, fill: `url(#${ids.empty})` }));
      if (row.empty) g.appendChild(s("rect", { x: labelW, y, width: d.cols.length * cellW, height: cellH, fill: "url(#matrix-hatch)", class: "empty-row" }));
      const label = s("g", {
        class: "row-label",
        tabindex: "0",
        role: "button",
        "aria-label": `${row.name}: alignment ${f.share(row.alignment)}, cost ${f.money(row.cost)}${row.empty ? ", reaches no goal" : ""}. Select the initiative.`,
      });
      label.appendChild(s("title", null, row.name));
      label.appendChild(s("text", { x: labelW - 8, y: y + cellH / 2, "text-anchor": "end", "dominant-baseline": "central", class: "row-text" }, trunc(row.name, row.empty ? 24 : 34)));
      onActivate(label, () => app.select(row.id));
      g.appendChild(label);
      // The flag is said by the button's name; drawn beside the button, not in it.
      if (row.empty) g.appendChild(s("text", { x: 6, y: y + cellH / 2, "dominant-baseline": "central", class: "flag-text", "aria-hidden": "true" }, "⚠ no goal"));
      d.cols.forEach((col, ci) => {
        const v = cellValue(d, row, col);
        if (!(v.r > EPS) && !(v.c > EPS)) return; // drawn by the row's grid
        const x = labelW + ci * cellW;
        const cell = s("g", { class: "cell", "aria-label": cellLabel(row, col, v), role: "img" });
        cell.appendChild(s("title", null, cellLabel(row, col, v)));
        let fill;
        let text;
        if (v.r > EPS) {
          fill = reachColor(v.r);
          text = String(Math.round(v.r * 100));
        } else {
          fill = conflictColor(v.c);
          text = `−${Math.round(v.c * 100)}`;
        }
        cell.appendChild(s("rect", { x: x + 1, y: y + 1, width: cellW - 2, height: cellH - 2, rx: 3, fill }));
        if (v.r > EPS && v.c > EPS) {
          // Both serves and works against: an orange corner and both figures in the label.
          cell.appendChild(s("path", { d: `M${x + cellW - 13},${y + 1} h12 v12 z`, fill: conflictColor(Math.max(0.5, v.c)) }));
          text = `${text}/−${Math.round(v.c * 100)}`;
        }
        cell.appendChild(s("text", { x: x + cellW / 2, y: y + cellH / 2, "text-anchor": "middle", "dominant-baseline": "central", class: ["cell-text", textOn(fill)] }, text));
        g.appendChild(cell);
      });
      g.appendChild(
        s("text", { x: labelW + d.cols.length * cellW + sumW / 2, y: y + cellH / 2, "text-anchor": "middle", "dominant-baseline": "central", class: "sum-text" }, f.share(row.alignment)),
      );
      body.appendChild(g);
    });
    // A click on a cell (linked or not) selects its initiative: one listener for every cell.
    body.addEventListener("click", (e) => {
      const row = e.target.closest?.(".cell, .cell-grid") && e.target.closest("g.matrix-row");
      if (row) app.select(row.dataset.id);
    });
    svg.appendChild(body);

    // Footer: coverage per goal.
    const fy = headH + d.rows.length * cellH;
    svg.appendChild(s("line", { x1: 0, x2: W, y1: fy + 0.5, y2: fy + 0.5, class: "rule" }));
    svg.appendChild(s("text", { x: labelW - 8, y: fy + 20, "text-anchor": "end", class: "sum-head" }, "Coverage"));
    d.cols.forEach((col, ci) => {
      svg.appendChild(
        s("text", { x: labelW + ci * cellW + cellW / 2, y: fy + 20, "text-anchor": "middle", class: ["sum-text", col.empty && "flag-text"] }, f.share(col.coverage)),
      );
    });
    return svg;
  }

  function drawTable(d) {
    const f = app.format;
    const sortButton = (label, which, key) =>
      h("button", {
        type: "button",
        class: "th-sort",
        text: label,
        on: {
          click: () => {
            if (which === "row") {
              state.rowSort = key;
              rowSelect.value = key;
            } else {
              state.colSort = key;
              colSelect.value = key;
            }
            draw();
          },
        },
      });
    const table = h(
      "table",
      { class: "data matrix-table" },
      h("caption", { id: ids.caption, text: `Reach of each goal from each active initiative (percent; negative: works against the goal). Sorted by ${state.rowSort} and ${state.colSort}.` }),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          h("th", { scope: "col" }, sortButton("Initiative", "row", "name")),
          d.cols.map((col) =>
            h("th", { scope: "col", class: ["num", col.empty && "flagged"], dataset: { id: col.id } }, h("button", { type: "button", class: "link", text: col.name, on: { click: () => app.select(col.id) } }), col.empty ? h("span", { class: "flag flag-warn", text: "Uncovered" }) : null),
          ),
          h("th", { scope: "col", class: "num" }, sortButton("Alignment", "row", "alignment")),
        ),
      ),
      h(
        "tbody",
        null,
        d.rows.map((row) =>
          h(
            "tr",
            { class: row.empty ? "flagged" : null, dataset: { id: row.id } },
            h("th", { scope: "row" }, h("button", { type: "button", class: "link", text: row.name, on: { click: () => app.select(row.id) } }), row.empty ? h("span", { class: "flag flag-warn", text: "No goal" }) : null),
            d.cols.map((col) => {
              const v = cellValue(d, row, col);
              const parts = [];
              if (v.r > EPS) parts.push(f.share(v.r));
              if (v.c > EPS) parts.push(`−${f.share(v.c)}`);
              return h("td", { class: "num", text: parts.length ? parts.join(" / ") : "–" });
            }),
            h("td", { class: "num", text: f.share(row.alignment) }),
          ),
        ),
      ),
      h("tfoot", null, h("tr", null, h("th", { scope: "row", text: "Coverage" }), d.cols.map((col) => h("td", { class: "num", text: f.share(col.coverage) })), h("td"))),
    );
    return table;
  }

  let asked = 0;
  async function draw() {
    const mine = ++asked;
    let matrix = null;
    try {
      matrix = await app.section("matrix");
    } catch (err) {
      if (mine === asked) note.textContent = `The matrix cannot be shown: ${err?.message ?? err}`;
      return;
    }
    if (mine !== asked) return;
    const large = (matrix?.initiatives?.length ?? 0) > MAX_ROWS;
    // A large matrix is read, then drawn, in tasks of their own (the page answers between them).
    if (large && (await nextTask(), mine !== asked)) return;
    const d = data(matrix);
    if (large && (await nextTask(), mine !== asked)) return;
    const f = app.format;
    note.textContent = d.capped
      ? `Showing the ${MAX_ROWS} ${d.byCost ? "largest" : "furthest-reaching"} of ${f.count(d.allRows)} active initiatives${d.byCost ? " by cost" : " (no initiative has a cost)"}. Each cell is the reach of the goal from the initiative (0–100); the darker, the stronger.`
      : `Each cell is the reach of the goal from the initiative (0–100): the chance that it carries through. Darker is stronger; orange with a minus sign works against the goal. Click a cell or a name for details.`;
    const emptyRows = d.rows.filter((r) => r.empty);
    const emptyCols = d.cols.filter((c) => c.empty);
    clear(flags);
    if (emptyRows.length || emptyCols.length) {
      flags.append(
        h("span", { class: "flag flag-warn", text: "⚠" }),
        " ",
        [
          emptyRows.length ? `${f.count(emptyRows.length)} initiative${emptyRows.length === 1 ? " reaches" : "s reach"} no goal (hatched rows)` : null,
          emptyCols.length ? `${f.count(emptyCols.length)} goal${emptyCols.length === 1 ? " is" : "s are"} not reached by any initiative (hatched columns)` : null,
        ]
          .filter(Boolean)
          .join("; ") + ".",
      );
    } else flags.textContent = "Every initiative reaches a goal and every goal is reached.";
    if (!d.rows.length || !d.cols.length) {
      clear(chartWrap).appendChild(h("p", { class: "empty", text: !d.cols.length ? "The model has no goals." : "The model has no active initiatives." }));
      clear(tableWrap);
      svgEl = null;
      state.d = null;
      return;
    }
    state.d = d;
    svgEl = drawSvg(d);
    clear(chartWrap).appendChild(svgEl);
    clear(tableWrap);
    if (state.showTable || tableKept(d)) tableWrap.appendChild(drawTable(d));
    applyMode();
  }

  /** Whether the table is kept beside the chart (for screen readers) rather than made on request. */
  function tableKept(d) {
    return d.rows.length * d.cols.length <= HIDDEN_TABLE_CELLS;
  }

  function onSelect(id) {
    if (!svgEl) return;
    for (const el of svgEl.querySelectorAll(".selected")) el.classList.remove("selected");
    if (id != null) for (const el of svgEl.querySelectorAll(`[data-id="${CSS.escape(id)}"]`)) el.classList.add("selected");
  }
  const off = app.on("select", onSelect);

  draw();
  return { update: draw, destroy: off, svg: () => svgEl };
}

function legend() {
  const steps = [0.1, 0.3, 0.5, 0.7, 0.9];
  const sw = (fill, label) => {
    const box = h("span", { class: "swatch" });
    box.style.background = fill;
    return h("span", { class: "legend-item" }, box, label);
  };
  return h(
    "div",
    { class: "legend matrix-legend", "aria-hidden": "true" },
    h("span", { class: "legend-title", text: "Reach" }),
    steps.map((t) => sw(reachColor(t), String(Math.round(t * 100)))),
    h("span", { class: "legend-title", text: "Works against" }),
    [0.3, 0.7].map((t) => sw(conflictColor(t), `−${Math.round(t * 100)}`)),
    h("span", { class: "legend-item" }, h("span", { class: "swatch swatch-hatch" }), "reaches nothing"),
  );
}
