// Small DOM helpers. Every piece of text goes in through text nodes and every attribute through
// setAttribute of a non-style, non-handler attribute, so model data can never become markup.

const SVG_NS = "http://www.w3.org/2000/svg";

function setProps(el, props) {
  if (!props) return;
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === "class") {
      const cls = Array.isArray(value) ? value.filter(Boolean).join(" ") : String(value);
      if (cls) el.setAttribute("class", cls);
    } else if (key === "text") {
      el.textContent = String(value);
    } else if (key === "dataset") {
      for (const [k, v] of Object.entries(value)) if (v != null) el.dataset[k] = String(v);
    } else if (key === "on") {
      for (const [ev, fn] of Object.entries(value)) el.addEventListener(ev, fn);
    } else if (key === "style") {
      // CSSOM properties (allowed by the page's CSP), never a style attribute.
      for (const [prop, v] of Object.entries(value)) el.style[prop] = v;
    } else if (key.startsWith("on")) {
      throw new Error(`inline handler attribute ${key} is not allowed`);
    } else if (key === "value" && "value" in el && !(el instanceof SVGElement)) {
      el.value = value;
    } else if ((key === "checked" || key === "disabled" || key === "hidden") && !(el instanceof SVGElement)) {
      el[key] = Boolean(value);
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
}

function addChildren(el, children) {
  for (const child of children) {
    if (child == null || child === false || child === true) continue;
    if (Array.isArray(child)) addChildren(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** An HTML element: h("td", {class: "num", text: "12"}), h("ul", null, items...). */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  setProps(el, props);
  addChildren(el, children);
  return el;
}

/** An SVG element, with presentation attributes as props. */
export function s(tag, props, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setProps(el, props);
  addChildren(el, children);
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

/** Calls fn on Enter or Space (for focusable non-button elements acting as buttons). */
export function onActivate(el, fn) {
  el.addEventListener("click", fn);
  el.addEventListener("keydown", (e) => {
    if ((e.key === "Enter" || e.key === " ") && e.target === el) {
      e.preventDefault();
      fn(e);
    }
  });
}

/** A button that selects a node (by id) and shows its name. */
export function nodeLink(app, id, label) {
  return h("button", {
    type: "button",
    class: "link",
    dataset: { node: id },
    text: label ?? app.name(id),
    on: { click: () => app.select(id) },
  });
}

let uid = 0;
export function uniqueId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/**
 * Draws the header row of a sortable table into `thead`: one button per column that sorts by it
 * (again: the other way), with aria-sort and an arrow on the sorted one. `state` holds {sort, dir}
 * (dir 1 ascending, -1 descending); `firstDir(column)` is the direction a newly chosen column starts
 * in, `thProps(column)` the cell's other attributes, `redraw()` draws the table again, after which
 * the focus returns to the same column's button.
 */
export function drawSortHeader(thead, columns, state, { firstDir, thProps = () => null, redraw }) {
  const sorted = (c) => state.sort === c.key;
  clear(thead).appendChild(
    h(
      "tr",
      null,
      columns.map((c) =>
        h(
          "th",
          { ...thProps(c), scope: "col", "aria-sort": sorted(c) ? (state.dir < 0 ? "descending" : "ascending") : "none" },
          h("button", {
            type: "button",
            class: "th-sort",
            dataset: { sort: c.key },
            text: c.label + (sorted(c) ? (state.dir < 0 ? " ↓" : " ↑") : ""),
            on: {
              click: () => {
                if (sorted(c)) state.dir = -state.dir;
                else {
                  state.sort = c.key;
                  state.dir = firstDir(c);
                }
                redraw();
                thead.querySelector(`[data-sort="${c.key}"]`)?.focus();
              },
            },
          }),
        ),
      ),
    ),
  );
}

/** Token names (styles/tokens.css) and their fallbacks, for pictures drawn with presentation attributes. */
const COLOR_TOKENS = {
  text: ["--text", "#1a2030"],
  muted: ["--muted", "#5a6376"],
  surface: ["--surface", "#ffffff"],
  surface2: ["--surface-2", "#eff1f5"],
  border: ["--border", "#d9dde5"],
  cellEmpty: ["--cell-empty", "#eef0f4"],
  bar: ["--bar", "#3b64ad"],
  marker: ["--marker", "#d97f00"],
  accent: ["--accent", "#2c59a8"],
  font: ["--font", "system-ui, sans-serif"],
};

/**
 * The theme's colours (and font) where `el` sits in the dashboard (custom properties inherit), so an
 * exported picture matches the theme it was made in; the light theme's values when `el` is detached.
 */
export function themeColors(el) {
  const cs = el?.isConnected ? getComputedStyle(el) : null;
  const out = {};
  for (const [key, [prop, fallback]] of Object.entries(COLOR_TOKENS)) {
    out[key] = cs?.getPropertyValue(prop).trim() || fallback;
  }
  return out;
}

/** Resolves in a task of its own (after what the browser has waiting: input, a frame): long work
 * split with it leaves the page answering between its parts. */
export const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
