// Element helpers of the strategy graph view. Model text reaches the DOM only through textContent and
// setAttribute (never as markup, never as a style attribute).

export const SVG_NS = "http://www.w3.org/2000/svg";

/** Rounds to two decimals (coordinates written into SVG attributes). */
export const f2 = (v) => Math.round(v * 100) / 100;

/** An HTML element with attributes (null ones skipped), optional parent and text. */
export function el(tag, attrs, parent, text) {
  const e = document.createElement(tag);
  if (attrs) for (const k in attrs) if (attrs[k] != null) e.setAttribute(k, String(attrs[k]));
  if (text != null) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}

export function svgEl(name, attrs, parent) {
  const el = document.createElementNS(SVG_NS, name);
  if (attrs) for (const k in attrs) if (attrs[k] != null) el.setAttribute(k, String(attrs[k]));
  if (parent) parent.appendChild(el);
  return el;
}

/** Adds the event listeners {type: fn} to `el`; returns the function that removes them. */
export function listen(el, handlers) {
  const entries = Object.entries(handlers);
  for (const [type, fn] of entries) el.addEventListener(type, fn);
  return () => {
    for (const [type, fn] of entries) el.removeEventListener(type, fn);
  };
}

const HIDDEN = {
  position: "absolute",
  width: "1px",
  height: "1px",
  margin: "-1px",
  padding: "0",
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  clipPath: "inset(50%)",
  whiteSpace: "nowrap",
  border: "0",
};

/** Hides an element from sight but not from assistive technology. */
export function visuallyHide(e) {
  Object.assign(e.style, HIDDEN);
}

export function visuallyShow(e) {
  for (const p of Object.keys(HIDDEN)) e.style[p] = "";
}
