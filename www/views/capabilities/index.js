// Capabilities: the capability map as nested boxes (each top-level capability a block, its
// descendants inside), coloured by a metric the person picks, with the value as text in every box,
// a legend and a sortable table behind it; the value chain's activities Porter-style above it.

import { h, s, clear, onActivate } from "../../lib/dom.js";
import { STEPS, WARM_STEPS, TIME_CLASSES, UNKNOWN_COLOR, step, dominantTime, timeMixText, lensEmpty, sortTable, lensLifecycle, nodeSpend } from "../../lib/lens.js";
import "../../lib/lens.css";
import "./capabilities.css";

export const title = "Capabilities";

const MAX_BOXES = 400;
const INK = "#1a2030";

/** The metrics a person can colour the map by: the value of a row and its text. */
const METRICS = [
  { key: "coverage", label: "Coverage", steps: STEPS, value: (c) => c.coverage, text: (c, f) => f.share(c.coverage), why: "the chance the active initiatives reach the capability (noisy-OR, as goal coverage)" },
  { key: "gap", label: "Maturity gap", steps: WARM_STEPS, value: (c) => c.gap, text: (c) => (c.gap == null ? "no maturity" : `gap ${fmtNum(c.gap)}`), why: "target maturity minus maturity" },
  { key: "run", label: "Run spend", steps: STEPS, value: (c) => c.run, text: (c, f) => f.money(c.run), why: "application and technology cost that reaches the capability, its sub-capabilities included" },
  { key: "change", label: "Change spend", steps: STEPS, value: (c) => c.change, text: (c, f) => f.money(c.change), why: "initiative cost that reaches the capability, its sub-capabilities included" },
  { key: "lifecycle", label: "Lifecycle risk", steps: WARM_STEPS, value: (c) => c.lifecycle_risk, text: (c) => (c.lifecycle_risk == null ? "risk unknown" : `risk ${fmtNum(c.lifecycle_risk)}`), why: "the largest rolled lifecycle risk of its applications (0 safe, 100 every date passed)" },
  { key: "time", label: "TIME mix", steps: null, value: (c) => dominantTime(c.time), text: (c) => timeMixText(c.time), why: "how many of its applications fall in each TIME class; the colour is the largest class" },
];

const COLUMNS = [
  { key: "name", label: "Capability" },
  { key: "level", label: "Level", num: 1 },
  { key: "coverage", label: "Coverage", num: 1 },
  { key: "maturity", label: "Maturity", num: 1 },
  { key: "target_maturity", label: "Target", num: 1 },
  { key: "gap", label: "Gap", num: 1 },
  { key: "applications", label: "Apps", num: 1 },
  { key: "run", label: "Run", num: 1 },
  { key: "change", label: "Change", num: 1 },
  { key: "lifecycle_risk", label: "Lifecycle risk", num: 1 },
  { key: "time", label: "TIME mix" },
];

function fmtNum(x) {
  return typeof x === "number" && Number.isFinite(x) ? String(Math.round(x * 100) / 100) : "–";
}

export function mount(root, app) {
  const state = { metric: "coverage", sort: "name", dir: 1, limit: 300, data: null, cats: new Map() };
  const picker = h(
    "select",
    { id: "cap-metric", on: { change: () => { state.metric = picker.value; draw(); } } },
    METRICS.map((m) => h("option", { value: m.key, text: m.label })),
  );
  const label = h("label", { for: "cap-metric", text: "Colour by" });
  const intro = h("p", { class: "view-intro" });
  const notice = h("div");
  const why = h("p", { class: "table-note", id: "cap-why" });
  const legend = h("div", { class: "legend", id: "cap-legend" });
  const chainHost = h("div", { class: "chart cap-chain-host" });
  const mapHost = h("div", { class: "chart cap-map-host" });
  const mapNote = h("p", { class: "table-note", id: "cap-note" });
  const thead = h("thead");
  const tbody = h("tbody");
  const more = h("div", { class: "table-more" });
  const body = h(
    "div",
    { class: "cap-body" },
    h("div", { class: "controls no-print" }, label, picker),
    why,
    legend,
    chainHost,
    mapHost,
    mapNote,
    h("div", { class: "table-wrap tall" }, h("table", { class: "data cap-table", id: "cap-table" }, h("caption", { class: "sr-only", text: "Capabilities: level, coverage, maturity, gap, applications, run and change spend, lifecycle risk and TIME mix. Column headers sort." }), thead, tbody)),
    more,
  );
  root.append(intro, notice, body);
  let svgEl = null;

  /** The capabilities as rows, made once per answer of the lenses (read by the map, the table and the intro). */
  let made = null;
  function rows() {
    if (made?.data !== state.data) {
      const caps = state.data?.capabilities ?? {};
      made = { data: state.data, list: Object.entries(caps).map(([id, c]) => ({ id, ...c, name: c.name ?? app.name(id) })) };
    }
    return made.list;
  }

  function metric() {
    return METRICS.find((m) => m.key === state.metric) ?? METRICS[0];
  }

  function fillOf(m, c, max) {
    if (m.key === "time") {
      const d = dominantTime(c.time);
      return d ? TIME_CLASSES.find((t) => t.key === d).color : UNKNOWN_COLOR;
    }
    const k = step(m.value(c), max);
    return k < 0 ? UNKNOWN_COLOR : m.steps[k];
  }

  function drawLegend(m, max) {
    const f = app.format;
    clear(legend).appendChild(h("span", { class: "legend-title", text: m.label }));
    const item = (color, text, key) => {
      const sw = h("span", { class: "swatch" });
      sw.style.background = color;
      legend.appendChild(h("span", { class: "legend-item", dataset: { step: key } }, sw, text));
    };
    if (m.key === "time") {
      for (const t of TIME_CLASSES) item(t.color, t.label, t.key);
    } else {
      const money = m.key === "run" || m.key === "change";
      const show = (x) => (m.key === "coverage" ? f.share(x) : money ? f.money(x) : fmtNum(x));
      for (let i = 0; i < 5; i++) item(m.steps[i], i === 0 ? `up to ${show((max * 1) / 5)}` : `${show((max * i) / 5)}–${show((max * (i + 1)) / 5)}`, String(i));
    }
    item(UNKNOWN_COLOR, "no value", "none");
  }

  /** Porter's value chain: support activities as rows across the top, primary ones as columns below. */
  function drawChain() {
    clear(chainHost);
    const acts = [...state.cats.keys()];
    if (!acts.length) return;
    const primary = [];
    const support = [];
    for (const id of acts) (state.cats.get(id) === "support" ? support : primary).push(id);
    const W = 960;
    const rowH = 26;
    const top = support.length * (rowH + 4);
    const H = top + 64;
    const svg = s("svg", { id: "cap-chain", class: "cap-chain", viewBox: `0 0 ${W} ${H}`, role: "group", "aria-label": `Value chain: ${support.length} support activities across the top, ${primary.length} primary activities below, each with its run and change spend.` });
    const labels = s("g", { class: "lens-labels", "aria-hidden": "true", "pointer-events": "none" });
    const f = app.format;
    const box = (id, x, y, w, hh, cat) => {
      const c = nodeSpend(app, state.data, id);
      const text = `${app.name(id)}: run ${f.money(c.run)}, change ${f.money(c.change)}`;
      const g = s("g", { class: "chain-activity", tabindex: "0", role: "button", "aria-label": text, dataset: { id, category: cat } });
      g.appendChild(s("title", null, text));
      g.appendChild(s("rect", { x, y, width: w, height: hh, rx: 4, class: "chain-box" }));
      labels.appendChild(s("text", { x: x + 6, y: y + 16, class: "chain-name", fill: INK, dataset: { for: id } }, clip(app.name(id), Math.floor(w / 6.5))));
      const tall = hh > 30;
      labels.appendChild(s("text", { x: tall ? x + 6 : x + w - 6, y: y + (tall ? 34 : 16), "text-anchor": tall ? null : "end", class: "chain-value", fill: INK, dataset: { for: id } }, `run ${f.money(c.run)} · change ${f.money(c.change)}`));
      onActivate(g, () => app.select(id));
      svg.appendChild(g);
    };
    support.forEach((id, i) => box(id, 0, i * (rowH + 4), W - 40, rowH, "support"));
    const pw = primary.length ? (W - 40) / primary.length : 0;
    primary.forEach((id, i) => box(id, i * pw, top, pw - 4, 56, "primary"));
    svg.appendChild(s("path", { d: `M${W - 36} 0 L${W} ${H / 2} L${W - 36} ${H} Z`, class: "chain-margin", "aria-hidden": "true" }));
    svg.appendChild(labels);
    chainHost.appendChild(svg);
  }

  function drawMap() {
    const f = app.format;
    const m = metric();
    const all = rows();
    const byId = new Map(all.map((c) => [c.id, c]));
    const children = new Map();
    const tops = [];
    for (const c of all) {
      if (c.parent != null && byId.has(c.parent)) {
        if (!children.has(c.parent)) children.set(c.parent, []);
        children.get(c.parent).push(c);
      } else tops.push(c);
    }
    let max = 0;
    for (const c of all) {
      const v = m.key === "coverage" ? 1 : m.value(c);
      if (typeof v === "number" && v > max && Number.isFinite(v)) max = v;
    }
    drawLegend(m, max);
    why.textContent = `${m.label}: ${m.why}. The value is written in every box; colour follows it.`;

    const W = 960;
    const colW = 184;
    const gap = 8;
    const cols = Math.max(1, Math.floor((W + gap) / (colW + gap)));
    const headH = 42;
    const childH = 36;
    const heights = new Array(cols).fill(0);
    let drawn = 0;
    const svg = s("svg", { id: "cap-map", class: "cap-map", role: "group" });
    const labels = s("g", { class: "lens-labels", "aria-hidden": "true", "pointer-events": "none" });
    const place = (c, x, y, w, hh, depth) => {
      const text = `${c.name}: ${m.label.toLowerCase()} ${m.text(c, f)}`;
      const g = s("g", { class: ["cap-box", `depth-${Math.min(depth, 2)}`, app.selected === c.id && "selected"], tabindex: "0", role: "button", "aria-label": text, dataset: { id: c.id, value: m.value(c) ?? "", level: c.level } });
      g.appendChild(s("title", null, text));
      g.appendChild(s("rect", { x, y, width: w, height: hh, rx: 5, fill: fillOf(m, c, max), class: "cap-rect" }));
      labels.appendChild(s("text", { x: x + 7, y: y + 15, class: "cap-name", fill: INK, dataset: { for: c.id } }, clip(c.name, Math.floor((w - 10) / 7.2))));
      labels.appendChild(s("text", { x: x + 7, y: y + 30, class: "cap-value", fill: INK, dataset: { for: c.id } }, clip(m.text(c, f), Math.floor((w - 10) / 6))));
      onActivate(g, (e) => {
        e.stopPropagation?.();
        app.select(c.id);
      });
      svg.appendChild(g);
      drawn += 1;
    };
    for (const top of tops) {
      if (drawn >= MAX_BOXES) break;
      const desc = [];
      const stack = [...(children.get(top.id) ?? [])].reverse().map((c) => [c, 1]);
      while (stack.length) {
        const [c, d] = stack.pop();
        desc.push([c, d]);
        for (const k of [...(children.get(c.id) ?? [])].reverse()) stack.push([k, d + 1]);
      }
      const room = Math.max(0, MAX_BOXES - drawn - 1);
      const shown = desc.slice(0, room);
      const col = heights.indexOf(Math.min(...heights));
      const x = col * (colW + gap);
      const y = heights[col];
      const hh = headH + shown.length * (childH + 4) + (shown.length ? 6 : 0);
      place(top, x, y, colW, hh, 0);
      shown.forEach(([c, d], i) => place(c, x + 6 + (d - 1) * 8, y + headH + i * (childH + 4), colW - 12 - (d - 1) * 8, childH, d));
      heights[col] = y + hh + gap;
    }
    const H = Math.max(40, ...heights);
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    svg.setAttribute("aria-label", `Capability map coloured by ${m.label.toLowerCase()}: ${f.count(drawn)} capabilities, each top-level capability a block with its sub-capabilities inside; every box names its value. The table below lists the same figures.`);
    svgEl = svg;
    svg.appendChild(labels);
    clear(mapHost).appendChild(svg);
    mapNote.textContent = drawn < all.length ? `Showing ${f.count(drawn)} of ${f.count(all.length)} capabilities; the table lists them all.` : `${f.count(all.length)} capabilities, ${f.count(tops.length)} at the top level. Click a box for its details.`;
  }

  function cell(c, key) {
    const f = app.format;
    const v = c[key];
    if (key === "coverage") return f.share(v);
    if (key === "run" || key === "change") return f.money(v);
    if (key === "time") return timeMixText(v);
    if (key === "level" || key === "applications") return f.count(v);
    return fmtNum(v);
  }

  const drawTable = sortTable(app, { thead, tbody, more, columns: COLUMNS, state, rows, cell, value: (r, k) => (k === "time" ? timeMixText(r.time) : r[k]) });

  function draw() {
    if (!state.data) return;
    drawChain();
    drawMap();
    drawTable();
  }

  const life = lensLifecycle(root, app, {
    notice,
    body,
    id: "cap-diagnostics",
    codes: /^(?!.*(CASHFLOW|DISCOUNT|IRR))/,
    extra: () => activities(app),
    draw(data, cats) {
      state.data = data;
      state.cats = cats;
      const n = Object.keys(data.capabilities ?? {}).length;
      if (!n) {
        intro.textContent = "";
        return lensEmpty("cap-message", "This model has no capabilities, so there is no capability map to draw.", ["capability nodes", "part_of edges between them", "maturity", "target_maturity", "supports edges from applications"]);
      }
      const withMaturity = rows().filter((c) => c.maturity != null).length;
      intro.textContent = `${app.format.count(n)} capabilities, ${app.format.count(withMaturity)} with a maturity. Pick what colours the map. Run spend is what applications and technology cost, change spend what initiatives cost.`;
      draw();
    },
  });
  return { ...life, svg: () => svgEl };
}

function clip(text, n) {
  const t = String(text ?? "");
  return t.length > n ? `${t.slice(0, Math.max(1, n - 1))}…` : t;
}

/** The model's value-chain activities (at most 40) and their category, asked of the engine once per model. */
const chainCache = new WeakMap();
function activities(app) {
  const key = app.baseline ?? app;
  if (!chainCache.has(key)) {
    const ids = app.ids();
    const kinds = app.kindCodes();
    const code = app.kindNames().indexOf("activity");
    const acts = [];
    for (let i = 0; i < ids.length && acts.length < 40; i++) if (kinds[i] === code) acts.push(ids[i]);
    const p = Promise.all(acts.map((id) => Promise.resolve(app.engine.run("node", [id])).catch(() => null))).then(
      (nodes) => new Map(acts.map((id, i) => [id, nodes[i]?.category === "support" ? "support" : "primary"])),
    );
    chainCache.set(key, p);
  }
  return chainCache.get(key);
}
