// The iframe API: a dashboard in an iframe takes messages from its parent page (load a model, switch
// view, focus a node, set what-if) and reports selection and KPI changes back, only to and from the
// origins on its allow-list (the bundle's `origins`, or `#origins=` in its address when the bundle
// names none). Every other message is ignored. Messages (docs/embedding.md):
//   in:  {type: "aligngraph:load", model}  {type: "aligngraph:view", view}  {type: "aligngraph:focus", id}
//        {type: "aligngraph:whatif", toggles: [{id, active}]}  {type: "aligngraph:kpis"}
//   out: {type: "aligngraph:ready", kpis}  {type: "aligngraph:select", id}  {type: "aligngraph:kpis", kpis}
//        {type: "aligngraph:view", view}  {type: "aligngraph:error", code, message}

/** An origin as the browser writes it (scheme://host[:port]), or null. */
export function normaliseOrigin(text) {
  try {
    const u = new URL(String(text).trim());
    if (u.origin === "null" || u.pathname.length > 1 || u.search || u.hash) return null;
    return u.origin;
  } catch {
    return null;
  }
}

/** The allow-list: the bundle's origins when it names any, else those of `#origins=`. */
export function allowedOrigins(config, hashOrigins) {
  const list = config?.origins?.length ? config.origins : (hashOrigins ?? []);
  return [...new Set(list.map(normaliseOrigin).filter(Boolean))];
}

/** The framing page's origin as the browser tells it (ancestorOrigins, else the referrer), or null. */
function parentOrigin(win) {
  try {
    const ancestor = win.location?.ancestorOrigins?.[0];
    if (ancestor) return normaliseOrigin(ancestor);
    const referrer = win.document?.referrer;
    return referrer ? normaliseOrigin(new URL(referrer).origin) : null;
  } catch {
    return null;
  }
}

/**
 * Answers `win`'s parent for one dashboard `controller` (with its `session.loadGiven`). Returns an
 * unwire function; does nothing (and returns a no-op) when the page is not framed or no origin is
 * allowed.
 */
export function wireBridge(controller, { origins, win = globalThis }) {
  const parent = win.parent;
  if (!parent || parent === win || !origins.length) return () => {};
  const { app } = controller;
  // Posting to an origin the parent does not have is an error in the reader's console (Firefox reports
  // it as uncaught): post only to the parent's origin when the browser tells it (and it is allowed),
  // else to each allowed origin until an allowed parent has written.
  const known = parentOrigin(win);
  let targets = known ? origins.filter((o) => o === known) : origins;
  const post = (message) => {
    for (const origin of targets) {
      try {
        parent.postMessage(message, origin);
      } catch {
        // a parent of another origin than this one: the browser drops it
      }
    }
  };
  const kpis = () => app.report?.kpis ?? null;
  const fail = (err) => post({ type: "aligngraph:error", code: err?.code ?? "ERROR", message: String(err?.message ?? err) });
  const onMessage = (e) => {
    if (e.source !== parent || !origins.includes(e.origin)) return;
    targets = [e.origin];
    const m = e.data;
    if (!m || typeof m !== "object" || typeof m.type !== "string" || !m.type.startsWith("aligngraph:")) return;
    try {
      switch (m.type) {
        case "aligngraph:load":
          if (typeof m.model !== "string") throw Object.assign(new Error("load needs `model`, the model's JSON text"), { code: "INVALID_ARGUMENT" });
          controller.session.loadGiven(m.model).catch(fail);
          break;
        case "aligngraph:view":
          app.showView(m.view);
          break;
        case "aligngraph:focus":
          app.select(m.id ?? null);
          break;
        case "aligngraph:whatif":
          app.setWhatIf(Array.isArray(m.toggles) ? m.toggles.filter((t) => t && typeof t.id === "string") : []).catch(fail);
          break;
        case "aligngraph:kpis":
          post({ type: "aligngraph:kpis", kpis: kpis() });
          break;
        default:
          break;
      }
    } catch (err) {
      fail(err);
    }
  };
  win.addEventListener("message", onMessage);
  const offs = [
    app.on("select", (id) => post({ type: "aligngraph:select", id })),
    app.on("scored", () => post({ type: "aligngraph:kpis", kpis: kpis() })),
    app.on("view", (view) => post({ type: "aligngraph:view", view })),
  ];
  post({ type: "aligngraph:ready", kpis: kpis() });
  return () => {
    win.removeEventListener("message", onMessage);
    for (const off of offs) off();
  };
}
