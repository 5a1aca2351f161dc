// Deep links: the address's hash holds what the reader looks at (the view, the focused node, the
// views' filters and the what-if toggles), so a link in a wiki or an e-mail opens exactly that
// picture. A change of view or selection adds a history entry (the back button walks them); a
// what-if toggle or a filter replaces the current one. Format:
// #view=matrix&focus=ID&off=ID,ID&on=ID&filter-graph=TEXT (ids and texts URI-encoded; `origins=` is
// the iframe API's).

import { VIEW_NAMES } from "./state.js";

const splitIds = (v) => (v ? v.split(",").filter(Boolean).map((x) => decodeURIComponent(x)) : []);
const joinIds = (ids) => ids.map((x) => encodeURIComponent(x)).join(",");

/** The picture a hash asks for: {view, focus, whatif: [{id, active}], filters: {view: text}, origins: [..]} (only what it names). */
export function parseHash(hash) {
  const out = {};
  const text = String(hash ?? "").replace(/^#/, "");
  for (const part of text.split("&")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const key = part.slice(0, eq);
    const raw = part.slice(eq + 1);
    try {
      if (key === "view" && VIEW_NAMES.includes(raw)) out.view = raw;
      else if (key === "focus" && raw) out.focus = decodeURIComponent(raw);
      else if (key === "off") (out.whatif ??= []).push(...splitIds(raw).map((id) => ({ id, active: false })));
      else if (key === "on") (out.whatif ??= []).push(...splitIds(raw).map((id) => ({ id, active: true })));
      else if (key === "origins") out.origins = splitIds(raw);
      else if (/^filter-[a-z]+$/.test(key) && VIEW_NAMES.includes(key.slice(7))) (out.filters ??= {})[key.slice(7)] = decodeURIComponent(raw);
    } catch {
      // a malformed escape: that part is ignored
    }
  }
  return out;
}

/** The hash for a picture (what parseHash reads back); `extra` keeps other parts (origins). */
export function formatHash({ view, focus = null, whatif = [], filters = {} }, extra = "") {
  const parts = [`view=${view}`];
  if (focus != null) parts.push(`focus=${encodeURIComponent(focus)}`);
  const off = whatif.filter((t) => !t.active).map((t) => t.id);
  const on = whatif.filter((t) => t.active).map((t) => t.id);
  if (off.length) parts.push(`off=${joinIds(off)}`);
  if (on.length) parts.push(`on=${joinIds(on)}`);
  for (const name of Object.keys(filters).sort()) {
    if (filters[name]) parts.push(`filter-${name}=${encodeURIComponent(filters[name])}`);
  }
  if (extra) parts.push(extra);
  return `#${parts.join("&")}`;
}

/**
 * Keeps `location.hash` and the history in step with a dashboard (`controller` of mountDashboard),
 * and applies the hash when the reader goes back or forward or edits it. Returns an unwire function.
 */
export function wireDeepLinks(controller, win = globalThis) {
  const { app } = controller;
  const originsPart = () => /(?:^|&)(origins=[^&]*)/.exec(win.location.hash.replace(/^#/, ""))?.[1] ?? "";
  let applying = false;
  const current = () => formatHash({ view: app.view, focus: app.selected, whatif: app.whatIf(), filters: app.filters }, originsPart());
  const write = (push) => {
    if (applying) return;
    const next = current();
    if (next === win.location.hash) return;
    try {
      if (push) win.history.pushState(null, "", next);
      else win.history.replaceState(null, "", next);
    } catch {
      // a sandboxed or opaque page: the address is just not kept
    }
  };
  let pending = null;
  const later = () => {
    if (pending == null) {
      pending = setTimeout(() => {
        pending = null;
        write(false);
      }, 0);
    }
  };
  const apply = () => {
    const want = parseHash(win.location.hash);
    applying = true;
    try {
      if (want.whatif) {
        const have = app.whatIf();
        const key = (ts) => ts.map((t) => `${t.id}:${t.active}`).sort().join("|");
        if (key(have) !== key(want.whatif)) app.setWhatIf(want.whatif).catch((err) => console.warn("aligngraph: the link's what-if changes were not applied", err));
      } else if (app.whatIf().length) app.resetWhatIf().catch(() => {});
      const filters = want.filters ?? {};
      for (const name of new Set([...Object.keys(app.filters), ...Object.keys(filters)])) app.setFilter(name, filters[name] ?? "");
      if ((want.view ?? "overview") !== app.view) app.showView(want.view ?? "overview");
      if ((want.focus ?? null) !== app.selected) app.select(want.focus ?? null);
    } finally {
      applying = false;
    }
  };
  const offs = [
    app.on("view", () => write(true)),
    app.on("select", () => write(true)),
    // After a re-score the address follows in a task of its own: the browser's history update is
    // not part of the work a what-if toggle makes the page wait for.
    app.on("scored", () => later()),
    app.on("filter", () => write(false)),
  ];
  win.addEventListener("popstate", apply);
  win.addEventListener("hashchange", apply);
  write(false);
  return () => {
    clearTimeout(pending);
    for (const off of offs) off();
    win.removeEventListener("popstate", apply);
    win.removeEventListener("hashchange", apply);
  };
}
