// Applications: the TIME quadrant (functional fit across, technical fit up, the threshold lines,
// bubble area by run cost), the declared lifecycles that disagree marked, how complete the fits
// are, a timeline of each application's lifecycle dates against today, and a sortable table.

import { scaleLinear, scaleSqrt } from "d3-scale";
import { h, s, clear, onActivate } from "../../lib/dom.js";
import { TIME_CLASSES, UNKNOWN_COLOR, sortRows, lensEmpty, dayNumber, localDate, sortTable, lensLifecycle, nodeSpend } from "../../lib/lens.js";
import "../../lib/lens.css";
import "./applications.css";

export const title = "Applications";

const MAX_BUBBLES = 300;
const MAX_ROWS = 40;
const INK = "#1a2030";
const MILESTONES = [
  { key: "end_of_support", label: "end of support", shape: "circle" },
  { key: "end_of_extended_support", label: "end of extended support", shape: "square" },
  { key: "end_of_life", label: "end of life", shape: "diamond" },
];
const COLUMNS = [
  { key: "name", label: "Application" },
  { key: "time", label: "TIME" },
  { key: "declared", label: "Declared" },
  { key: "mismatch", label: "Mismatch" },
  { key: "functional_fit", label: "Functional fit", num: 1 },
  { key: "technical_fit", label: "Technical fit", num: 1 },
  { key: "lifecycle_risk", label: "Lifecycle risk", num: 1 },
  { key: "rolled_lifecycle_risk", label: "Rolled risk", num: 1 },
  { key: "next_milestone", label: "Next milestone" },
  { key: "days_to_milestone", label: "Days", num: 1 },
];

const num = (x) => (typeof x === "number" && Number.isFinite(x) ? String(Math.round(x * 100) / 100) : "–");
const milestoneLabel = (k) => MILESTONES.find((m) => m.key === k)?.label ?? "–";

export function mount(root, app) {
  const state = { sort: "rolled_lifecycle_risk", dir: -1, limit: 300, data: null, dates: new Map() };
  const intro = h("p", { class: "view-intro" });
  const notice = h("div");
  const completeness = h("p", { id: "apps-completeness", class: "apps-completeness" });
  const counts = h("ul", { id: "apps-counts", class: "apps-counts" });
  const quadHost = h("div", { class: "chart" });
  const quadNote = h("p", { class: "table-note", id: "apps-note" });
  const lineHost = h("div", { class: "chart" });
  const lineNote = h("p", { class: "table-note", id: "apps-timeline-note" });
  const thead = h("thead");
  const tbody = h("tbody");
  const more = h("div", { class: "table-more" });
  const body = h(
    "div",
    { class: "apps-body" },
    completeness,
    counts,
    h("div", { class: "apps-grid" }, h("section", { class: "panel", "aria-label": "TIME quadrant" }, quadHost, legend(), quadNote), h("section", { class: "panel", "aria-label": "Lifecycle timeline" }, lineHost, lineNote)),
    h("div", { class: "table-wrap tall" }, h("table", { class: "data apps-table", id: "apps-table" }, h("caption", { class: "sr-only", text: "Applications: TIME class, declared lifecycle, fits, lifecycle risk and the next milestone. Column headers sort." }), thead, tbody)),
    more,
  );
  root.append(intro, notice, body);
  let svgEl = null;

  function rows() {
    const apps = state.data?.applications?.applications ?? {};
    return Object.entries(apps).map(([id, a]) => {
      const run = nodeSpend(app, state.data, id).run;
      return { id, ...a, name: app.name(id), run: Number.isFinite(run) ? run : null };
    });
  }

  function drawCounts(list) {
    const f = app.format;
    clear(counts);
    for (const c of [...TIME_CLASSES, { key: null, label: "Unknown", color: UNKNOWN_COLOR, note: "a fit is missing" }]) {
      const n = list.filter((a) => (a.time ?? null) === c.key).length;
      const sw = h("span", { class: "swatch round" });
      sw.style.background = c.color;
      counts.appendChild(h("li", { dataset: { time: c.key ?? "unknown", count: n } }, sw, h("strong", { text: `${c.label} ${f.count(n)}` }), h("span", { class: "muted", text: ` ${c.note}` })));
    }
    const mism = list.filter((a) => a.mismatch).length;
    counts.appendChild(h("li", { dataset: { time: "mismatch", count: mism } }, h("span", { class: "mismatch-mark", "aria-hidden": "true", text: "!" }), h("strong", { text: `${f.count(mism)} declared differently` }), h("span", { class: "muted", text: " the model's lifecycle is not the class the fits give" })));
  }

  function drawQuadrant(list) {
    const f = app.format;
    const threshold = state.data.applications.fit_threshold ?? 2.5;
    let items = list.filter((a) => Number.isFinite(a.functional_fit) && Number.isFinite(a.technical_fit));
    const total = items.length;
    if (items.length > MAX_BUBBLES) items = [...items].sort((a, b) => (b.run ?? 0) - (a.run ?? 0)).slice(0, MAX_BUBBLES);
    const W = 620;
    const H = 470;
    const m = { top: 24, right: 20, bottom: 48, left: 52 };
    const lo = Math.min(1, ...items.map((a) => Math.min(a.functional_fit, a.technical_fit))) - 0.5;
    const hi = Math.max(4, ...items.map((a) => Math.max(a.functional_fit, a.technical_fit))) + 0.5;
    const x = scaleLinear().domain([lo, hi]).range([m.left, W - m.right]);
    const y = scaleLinear().domain([lo, hi]).range([H - m.bottom, m.top]);
    const maxRun = Math.max(0, ...items.map((a) => a.run ?? 0));
    const r = scaleSqrt().domain([0, maxRun || 1]).range([0, 16]);
    const radius = (a) => Math.max(4, r(a.run ?? 0));
    const svg = s("svg", { id: "apps-quadrant", class: "apps-quadrant", viewBox: `0 0 ${W} ${H}`, role: "group", "aria-label": `TIME quadrant of ${f.count(items.length)} applications: functional fit across, technical fit up, threshold ${threshold}; bubble area by run cost. The table below lists the same figures.` });
    const labels = s("g", { class: "lens-labels", "aria-hidden": "true", "pointer-events": "none" });
    const xs = x(threshold);
    const ys = y(threshold);
    const quads = [
      ["tolerate", m.left, m.top, xs, ys, "start"],
      ["invest", xs, m.top, W - m.right, ys, "end"],
      ["eliminate", m.left, ys, xs, H - m.bottom, "start"],
      ["migrate", xs, ys, W - m.right, H - m.bottom, "end"],
    ];
    const g0 = s("g", { "aria-hidden": "true" });
    for (const [key, x0, y0, x1, y1, anchor] of quads) {
      g0.appendChild(s("rect", { x: x0, y: y0, width: x1 - x0, height: y1 - y0, class: ["quad", `quad-${key}`] }));
      const n = list.filter((a) => a.time === key).length;
      g0.appendChild(s("text", { x: anchor === "start" ? x0 + 8 : x1 - 8, y: y0 + 18, "text-anchor": anchor, class: "quad-label", dataset: { time: key } }, `${TIME_CLASSES.find((c) => c.key === key).label} (${n})`));
    }
    g0.appendChild(s("line", { x1: xs, x2: xs, y1: m.top, y2: H - m.bottom, class: "threshold" }));
    g0.appendChild(s("line", { x1: m.left, x2: W - m.right, y1: ys, y2: ys, class: "threshold" }));
    for (let v = Math.ceil(lo); v <= Math.floor(hi); v++) {
      g0.appendChild(s("text", { x: x(v), y: H - m.bottom + 16, "text-anchor": "middle", class: "tick" }, String(v)));
      g0.appendChild(s("text", { x: m.left - 8, y: y(v) + 4, "text-anchor": "end", class: "tick" }, String(v)));
    }
    g0.appendChild(s("text", { x: (m.left + W - m.right) / 2, y: H - 10, "text-anchor": "middle", class: "axis-title" }, "Functional fit →"));
    g0.appendChild(s("text", { transform: `translate(14,${(m.top + H - m.bottom) / 2}) rotate(-90)`, "text-anchor": "middle", class: "axis-title" }, "Technical fit →"));
    svg.appendChild(g0);
    // Applications with the same fits sit on a small spiral around their point.
    const seen = new Map();
    const bubbles = s("g");
    for (const a of [...items].sort((p, q) => (q.run ?? 0) - (p.run ?? 0))) {
      const key = `${a.functional_fit}|${a.technical_fit}`;
      const k = seen.get(key) ?? 0;
      seen.set(key, k + 1);
      const ang = k * 2.39996;
      const dist = 11 * Math.sqrt(k);
      const cx = x(a.functional_fit) + dist * Math.cos(ang);
      const cy = y(a.technical_fit) + dist * Math.sin(ang);
      const rr = radius(a);
      const cls = TIME_CLASSES.find((c) => c.key === a.time);
      const text = `${a.name}: ${a.time ?? "unknown"}${a.mismatch ? `, declared ${a.declared}` : ""}, functional fit ${num(a.functional_fit)}, technical fit ${num(a.technical_fit)}, run cost ${f.money(a.run)}`;
      const g = s("g", { class: ["app-bubble", app.selected === a.id && "selected"], tabindex: "0", role: "button", "aria-label": text, dataset: { id: a.id, time: a.time ?? "unknown", mismatch: String(Boolean(a.mismatch)) } });
      g.appendChild(s("title", null, text));
      g.appendChild(s("circle", { cx, cy, r: rr, fill: cls?.color ?? UNKNOWN_COLOR, "fill-opacity": 0.8, stroke: INK, "stroke-opacity": 0.6, class: "dot" }));
      if (a.mismatch) {
        g.appendChild(s("circle", { cx, cy, r: rr + 3, class: "mismatch-ring" }));
        labels.appendChild(s("text", { x: cx, y: cy + 4, "text-anchor": "middle", class: "mismatch-text", fill: INK, dataset: { for: a.id } }, "!"));
      }
      onActivate(g, () => app.select(a.id));
      bubbles.appendChild(g);
    }
    svg.append(bubbles, labels);
    svgEl = svg;
    clear(quadHost).appendChild(svg);
    quadNote.textContent =
      (total > items.length ? `Showing the ${f.count(items.length)} largest of ${f.count(total)} applications by run cost. ` : "") +
      `A fit above ${threshold} counts as high (the dashed lines). Bubble area is run cost: own cost plus the shared technology it uses${maxRun ? ` (largest ${f.money(maxRun)})` : ""}. "!" marks a declared lifecycle that differs from the class the fits give.`;
  }

  function drawTimeline(list) {
    const f = app.format;
    clear(lineHost);
    const today = dayNumber(state.data.applications.as_of ?? localDate());
    const dated = list.filter((a) => state.dates.has(a.id));
    if (!dated.length || today == null) {
      lineNote.textContent = "No application has a lifecycle date (end_of_support, end_of_extended_support, end_of_life), so there is no timeline.";
      return;
    }
    const shown = sortRows(dated, "days_to_milestone", 1).slice(0, MAX_ROWS);
    const all = shown.flatMap((a) => Object.values(state.dates.get(a.id)));
    const d0 = Math.min(today - 180, ...all) - 30;
    const d1 = Math.max(today + 365, ...all) + 30;
    const W = 620;
    const left = 200;
    const rowH = 20;
    const H = 40 + shown.length * rowH;
    const x = scaleLinear().domain([d0, d1]).range([left, W - 14]);
    const svg = s("svg", { id: "apps-timeline", class: "apps-timeline", viewBox: `0 0 ${W} ${H}`, role: "group", "aria-label": `Lifecycle timeline of ${f.count(shown.length)} applications against today: circles end of support, squares end of extended support, diamonds end of life; hollow ones have passed.` });
    const labels = s("g", { class: "lens-labels", "aria-hidden": "true", "pointer-events": "none" });
    const y0 = 28;
    for (let yr = new Date(d0 * 86400000).getUTCFullYear() + 1; Date.UTC(yr, 0, 1) / 86400000 < d1; yr++) {
      const xx = x(Date.UTC(yr, 0, 1) / 86400000);
      svg.appendChild(s("line", { x1: xx, x2: xx, y1: y0 - 8, y2: H, class: "year-line", "aria-hidden": "true" }));
      svg.appendChild(s("text", { x: xx + 3, y: 14, class: "tick", "aria-hidden": "true" }, String(yr)));
    }
    shown.forEach((a, i) => {
      const yy = y0 + i * rowH + rowH / 2;
      const dates = state.dates.get(a.id);
      const parts = MILESTONES.filter((m) => dates[m.key] != null).map((m) => `${m.label} ${new Date(dates[m.key] * 86400000).toISOString().slice(0, 10)}${dates[m.key] < today ? " (passed)" : ""}`);
      const text = `${a.name}: ${parts.join(", ")}; lifecycle risk ${num(a.lifecycle_risk)}`;
      const g = s("g", { class: ["timeline-row", app.selected === a.id && "selected"], tabindex: "0", role: "button", "aria-label": text, dataset: { id: a.id } });
      g.appendChild(s("title", null, text));
      labels.appendChild(s("text", { x: left - 8, y: yy + 4, "text-anchor": "end", class: "row-name", dataset: { for: a.id } }, a.name.length > 27 ? `${a.name.slice(0, 26)}…` : a.name));
      g.appendChild(s("line", { x1: left, x2: W - 14, y1: yy, y2: yy, class: "row-line" }));
      for (const m of MILESTONES) {
        const d = dates[m.key];
        if (d == null) continue;
        const cx = x(d);
        const past = d < today;
        const attrs = { class: ["milestone", past && "past"], dataset: { milestone: m.key } };
        if (m.shape === "circle") g.appendChild(s("circle", { ...attrs, cx, cy: yy, r: 5 }));
        else if (m.shape === "square") g.appendChild(s("rect", { ...attrs, x: cx - 4.5, y: yy - 4.5, width: 9, height: 9 }));
        else g.appendChild(s("path", { ...attrs, d: `M${cx} ${yy - 6} L${cx + 6} ${yy} L${cx} ${yy + 6} L${cx - 6} ${yy} Z` }));
      }
      onActivate(g, () => app.select(a.id));
      svg.appendChild(g);
    });
    const tx = x(today);
    svg.appendChild(s("line", { x1: tx, x2: tx, y1: y0 - 10, y2: H, class: "today-line", "aria-hidden": "true" }));
    svg.appendChild(s("text", { x: tx + 3, y: y0 - 2, class: "today-label", "aria-hidden": "true" }, "today"));
    svg.appendChild(labels);
    lineHost.appendChild(svg);
    lineNote.textContent = `${dated.length > shown.length ? `Showing the ${shown.length} of ${f.count(dated.length)} dated applications with the nearest milestones. ` : ""}Circles: end of support; squares: end of extended support; diamonds: end of life; hollow: passed. Lifecycle risk (ServiceNow's method) grows as the next date nears: from 0 (over 540 days) to 20 x 2, 3 or 4 within 30 days; 100 when every date has passed.`;
  }

  function cell(a, key) {
    const v = a[key];
    if (key === "mismatch") return v ? "yes" : "no";
    if (key === "next_milestone") return milestoneLabel(v);
    if (key === "days_to_milestone") return v == null ? "–" : app.format.count(v);
    if (key === "time" || key === "declared") return v ?? "–";
    return num(v);
  }

  const drawTable = sortTable(app, { thead, tbody, more, columns: COLUMNS, state, rows, cell, value: (r, k) => (k === "mismatch" ? cell(r, k) : r[k]), rowData: (a) => ({ time: a.time ?? "unknown" }) });

  const life = lensLifecycle(root, app, {
    notice,
    body,
    id: "apps-diagnostics",
    codes: /^(?!.*(CASHFLOW|DISCOUNT|IRR|SHARE))/,
    extra: (data) => {
      const apps = data.applications?.applications ?? {};
      return lifecycleDates(app, Object.keys(apps).filter((id) => apps[id].lifecycle_risk != null));
    },
    draw(data, dates) {
      state.data = data;
      state.dates = dates;
      const list = rows();
      const f = app.format;
      const fitted = list.filter((a) => Number.isFinite(a.functional_fit) && Number.isFinite(a.technical_fit)).length;
      if (!fitted && !dates.size) {
        intro.textContent = "";
        return lensEmpty("apps-message", list.length ? `None of the ${f.count(list.length)} applications has both fits or a lifecycle date, so there is no TIME quadrant or timeline.` : "This model has no applications.", ["functional_fit (1-4)", "technical_fit (1-4)", "lifecycle", "end_of_support", "end_of_extended_support", "end_of_life"]);
      }
      intro.textContent = `${f.count(list.length)} applications sorted into Tolerate, Invest, Migrate and Eliminate by functional and technical fit (Gartner's TIME, as LeanIX applies it); lifecycle risk as of ${data.applications.as_of ?? "an unknown date"}. Click a bubble or a row for details.`;
      completeness.textContent = `${f.count(fitted)} of ${f.count(list.length)} applications have both fits (${f.share(data.applications.completeness)} complete); the others are "unknown".`;
      drawCounts(list);
      drawQuadrant(list);
      drawTimeline(list);
      drawTable();
    },
  });
  return { ...life, svg: () => svgEl };
}

function legend() {
  return h(
    "div",
    { class: "legend", "aria-hidden": "true" },
    h("span", { class: "legend-title", text: "TIME" }),
    [...TIME_CLASSES, { label: "Unknown", color: UNKNOWN_COLOR }].map((c) => {
      const dot = h("span", { class: "swatch round" });
      dot.style.background = c.color;
      return h("span", { class: "legend-item" }, dot, c.label);
    }),
    h("span", { class: "legend-item" }, h("span", { class: "mismatch-mark", text: "!" }), "declared differently"),
  );
}

/** The lifecycle dates (as day numbers) of at most 200 applications, asked of the engine once per model. */
const dateCache = new WeakMap();
function lifecycleDates(app, ids) {
  const key = app.baseline ?? app;
  if (!dateCache.has(key)) {
    const some = ids.slice(0, 200);
    const p = Promise.all(some.map((id) => Promise.resolve(app.engine.run("node", [id])).catch(() => null))).then((nodes) => {
      const out = new Map();
      some.forEach((id, i) => {
        const d = {};
        for (const m of MILESTONES) {
          const v = dayNumber(nodes[i]?.[m.key]);
          if (v != null) d[m.key] = v;
        }
        if (Object.keys(d).length) out.set(id, d);
      });
      return out;
    });
    dateCache.set(key, p);
  }
  return dateCache.get(key);
}
