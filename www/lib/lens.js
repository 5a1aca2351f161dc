// What the three lens views (capabilities, applications, money) share: today's date as the engine
// wants it, the TIME classes, the colour steps of a metric, sorting, and the empty state and
// diagnostics line each view shows. DOM-free apart from `lensNotice`, which builds elements.

import { h, clear, drawSortHeader, onActivate, nextTask } from "./dom.js";

/** The TIME classes in the order they are shown, with a colour (Okabe-Ito) and a one-word meaning. */
export const TIME_CLASSES = [
  { key: "invest", label: "Invest", color: "#009E73", note: "high functional and high technical fit" },
  { key: "migrate", label: "Migrate", color: "#56B4E9", note: "high functional fit, low technical fit" },
  { key: "tolerate", label: "Tolerate", color: "#E69F00", note: "low functional fit, high technical fit" },
  { key: "eliminate", label: "Eliminate", color: "#CC79A7", note: "both fits low" },
];
export const UNKNOWN_COLOR = "#bcc3ce";

/** The local date as "YYYY-MM-DD" (what the engine takes as today when the model has no `as_of`). */
export function localDate(d = new Date()) {
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** A date "YYYY-MM-DD" as days since 1970-01-01 (UTC), or null when it is not such a date. */
export function dayNumber(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(text ?? ""));
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isFinite(t) ? Math.round(t / 86400000) : null;
}

/** Five light-to-strong fills: dark text stays readable on every one of them. */
export const STEPS = ["#eef3fb", "#cfdff3", "#a9c6ea", "#84acdf", "#6593d2"];
/** The same for "worse is more" metrics (gap, lifecycle risk): light to orange. */
export const WARM_STEPS = ["#fbf3ea", "#f7dfc2", "#f2c796", "#ecad6a", "#e59446"];

/**
 * The step (0..4) of a value between 0 and `max`, or -1 for no value. Steps are equal fifths of
 * the range; a value of exactly 0 is step 0.
 */
export function step(value, max) {
  if (typeof value !== "number" || !Number.isFinite(value)) return -1;
  if (!(max > 0)) return 0;
  return Math.max(0, Math.min(4, Math.ceil((value / max) * 5) - 1));
}

/** The TIME class most applications of a mix have ({invest: 2, ...}), or null for an empty mix. */
export function dominantTime(mix) {
  let best = null;
  let n = 0;
  for (const c of TIME_CLASSES) {
    const v = mix?.[c.key] ?? 0;
    if (v > n) {
      best = c.key;
      n = v;
    }
  }
  return best;
}

/** A TIME mix in words: "2 invest, 1 migrate" (unknown last), or "no applications". */
export function timeMixText(mix) {
  const parts = TIME_CLASSES.filter((c) => mix?.[c.key] > 0).map((c) => `${mix[c.key]} ${c.key}`);
  if (mix?.unknown > 0) parts.push(`${mix.unknown} unknown`);
  return parts.length ? parts.join(", ") : "no applications";
}

/**
 * Sorts rows by `key` (dir 1 ascending, -1 descending): numbers with missing values last in
 * either direction, text by locale; ties by name.
 */
export function sortRows(rows, key, dir, value = (r, k) => r[k]) {
  return [...rows].sort((a, b) => {
    const x = value(a, key);
    const y = value(b, key);
    const nx = x == null || (typeof x === "number" && !Number.isFinite(x));
    const ny = y == null || (typeof y === "number" && !Number.isFinite(y));
    if (nx !== ny) return nx ? 1 : -1;
    let c = 0;
    if (!nx) c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return dir * c || String(a.name ?? "").localeCompare(String(b.name ?? ""));
  });
}

/** The misallocation index in words: 0.18 -> "18% of change spend would have to move to match the goal weights". */
export function misallocationText(x, share) {
  if (typeof x !== "number" || !Number.isFinite(x)) return "No change spend reaches a goal, so there is no misallocation to measure.";
  if (x < 0.0005) return "Change spend follows the goal weights exactly: nothing would have to move.";
  return `${share(x)} of change spend would have to move to other goals for spend to match the goal weights.`;
}

/**
 * The line a lens view shows above its content: the engine's diagnostics of the lenses (node names
 * first), or an engine error. Returns null when there is nothing to say.
 */
export function lensNotice(app, { error = null, diagnostics = [], id }) {
  if (error) return h("p", { class: "lens-error", role: "alert", id, text: `The engine could not compute this view: ${error}` });
  if (!diagnostics.length) return null;
  const ul = h("ul", { class: "lens-diagnostics", id });
  for (const d of diagnostics.slice(0, 20)) {
    const node = d.place?.node;
    ul.appendChild(
      h(
        "li",
        { dataset: { code: d.code, severity: d.severity } },
        node ? h("strong", { text: `${app.name(node)}: ` }) : null,
        `${d.message ?? ""} `,
        h("code", { text: d.code }),
      ),
    );
  }
  if (diagnostics.length > 20) ul.appendChild(h("li", { text: `and ${app.format.count(diagnostics.length - 20)} more in Diagnostics` }));
  return ul;
}

/** A short empty state: what is missing and which fields to add (docs/lenses.md). */
export function lensEmpty(id, text, fields) {
  return h(
    "div",
    { class: "lens-empty", id, dataset: { reason: "empty" } },
    h("p", { text }),
    h("p", { class: "muted" }, "Add ", fields.map((f, i) => [i ? (i === fields.length - 1 ? " and " : ", ") : "", h("code", { text: f })]), " to the model (docs/lenses.md and docs/model-format.md describe them)."),
  );
}

/**
 * A sortable table of rows ({id, name, ...}): the header buttons (drawSortHeader), a row per item up
 * to `state.limit` (a click or Enter selects its node), `th` the name and a `td[data-col]` per other
 * column with `cell(row, key)`; "Show more" below when there are more.
 */
export function sortTable(app, { thead, tbody, more, columns, state, rows, cell, value, rowData }) {
  const draw = () => {
    drawSortHeader(thead, columns, state, { thProps: (c) => ({ class: c.num ? "num" : null }), firstDir: (c) => (c.num ? -1 : 1), redraw: draw });
    const list = sortRows(rows(), state.sort, state.dir, value);
    clear(tbody);
    for (const r of list.slice(0, state.limit)) {
      const tr = h("tr", { tabindex: "0", class: ["clickable", app.selected === r.id && "selected"], dataset: { id: r.id, ...rowData?.(r) } }, h("th", { scope: "row", text: r.name }));
      for (const c of columns.slice(1)) tr.appendChild(h("td", { class: c.num ? "num" : null, dataset: { col: c.key }, text: cell(r, c.key) }));
      onActivate(tr, () => app.select(r.id));
      tbody.appendChild(tr);
    }
    clear(more);
    if (list.length > state.limit) {
      more.append(
        h("span", { class: "table-note", text: `Showing ${app.format.count(state.limit)} of ${app.format.count(list.length)}. ` }),
        h("button", { type: "button", text: "Show more", on: { click: () => { state.limit += 300; draw(); } } }),
      );
    }
  };
  return draw;
}

/**
 * What every lens view does on update: asks `app.lenses()`, drops an answer for an older model,
 * lists the lenses' diagnostics that `codes` keeps in `notice`, and calls `draw(data)` (which
 * returns an empty state element, or nothing when it drew); keeps the selection marked.
 * Returns {update, destroy}.
 */
export function lensLifecycle(root, app, { notice, body, id, codes, extra, draw }) {
  async function update() {
    const version = app.modelVersion;
    let data = null;
    let error = null;
    const slow = setTimeout(() => {
      clear(notice).appendChild(h("p", { class: "loading", role: "status", text: `Computing the lenses of ${app.format.count(app.ids().length)} nodes in the engine's worker…` }));
    }, 150);
    try {
      data = await app.lenses();
    } catch (err) {
      error = String(err?.message ?? err);
    }
    const more = data && extra ? await extra(data) : null;
    // Drawn in a task of its own: a large model's answer takes its own task to copy to the page.
    await nextTask();
    clearTimeout(slow);
    if (version !== app.modelVersion) return;
    clear(notice);
    const line = lensNotice(app, { error, diagnostics: (data?.diagnostics ?? []).filter((d) => codes.test(d.code)), id });
    if (line) notice.appendChild(line);
    const empty = data ? draw(data, more) : null;
    body.hidden = !data || Boolean(empty);
    if (empty && !error) notice.appendChild(empty);
  }
  const off = app.on("select", (sel) => {
    for (const el of root.querySelectorAll("[data-id].selected")) el.classList.remove("selected");
    if (sel != null) for (const el of root.querySelectorAll(`[data-id="${CSS.escape(sel)}"]`)) el.classList.add("selected");
  });
  update();
  return { update, destroy: off };
}

/**
 * One return figure of an initiative as a table shows it (`f` is app.format): NPV as money, IRR and
 * MIRR as shares ("none" when the flows never change sign), paybacks in periods ("never").
 */
export function financeText(f, key, v) {
  if (key === "npv") return f.money(v);
  if (key === "irr" || key === "mirr") return v == null ? "none" : f.share(v);
  if (key === "payback" || key === "discounted_payback") return v == null ? "never" : `${Math.round(v * 10) / 10}`;
  return String(v ?? "");
}

/** An availability as a percentage with enough digits to tell 99.95 % from 99.9 % ("–" for none). */
export function availabilityText(a) {
  if (typeof a !== "number" || !Number.isFinite(a)) return "–";
  return `${(Math.round(a * 100000) / 1000).toFixed(a >= 0.99 ? 3 : 1).replace(/\.?0+$/, "")}%`;
}

/**
 * A node's run and change spend from the lenses (`app.lenses()`: the costs' columns in node order),
 * `{run, change}`, or `{}` when the costs lens has none for it.
 */
export function nodeSpend(app, data, id) {
  const v = app.index(id);
  const run = v === undefined ? NaN : data?.costs?.run?.[v];
  const change = v === undefined ? NaN : data?.costs?.change?.[v];
  return Number.isNaN(run ?? NaN) && Number.isNaN(change ?? NaN) ? {} : { run, change };
}
