// Shared by the decision views (goal weights, priorities, budget): the model's own fields (business
// value, benefit... that the report does not carry), the engine's error text, and running expensive
// work only while a view is shown.

const fieldCache = new WeakMap(); // app.baseline -> Promise of the model's decision fields

/**
 * The model's own numbers the decision views show (benefit, cost, the WSJF fields, the stated
 * budget), asked of the engine once per model (app.baseline is a new object after every load and
 * edit): a promise of {budget, number(id, field)}. Columns of numbers cross from the engine's
 * worker; the model JSON is never read on the page.
 */
export function decisionFields(app) {
  const key = app.baseline ?? app;
  if (!fieldCache.has(key)) {
    const eng = app.engine;
    const p = Promise.resolve(typeof eng.run === "function" ? eng.run("decisionFields", []) : eng.decisionFields()).then((cols) => ({
      budget: typeof cols?.budget === "number" && Number.isFinite(cols.budget) ? cols.budget : null,
      /** A number field of node `id`, or null. */
      number(id, field) {
        const i = app.index(id);
        const v = i === undefined ? undefined : cols?.[field]?.[i];
        return typeof v === "number" && Number.isFinite(v) ? v : null;
      },
    }));
    p.catch(() => fieldCache.delete(key));
    fieldCache.set(key, p);
  }
  return fieldCache.get(key);
}

/** decisionFields(app), or fields that have nothing when the engine cannot answer. */
export async function decisionFieldsOrNone(app) {
  try {
    return await decisionFields(app);
  } catch {
    return { budget: null, number: () => null };
  }
}

/** "CODE: message" of an engine error (a JS Error with `code`), for the view's own message line. */
export function engineError(err) {
  const code = err?.code ? String(err.code) : "";
  const message = String(err?.message ?? err ?? "unknown error");
  return { code, message, text: code && !message.startsWith(code) ? `${message} (${code})` : message };
}

/**
 * Runs `fn` now when `root` is shown, else the next time it is (the section's `hidden` attribute is
 * cleared by the tabs; `beforeprint` counts as shown). Returns {run(), destroy()}: run() asks for a (deferred) run.
 */
export function whenShown(root, fn) {
  let pending = false;
  const shown = () => !root.hidden && !root.closest?.("[hidden]");
  const observer =
    typeof MutationObserver === "function"
      ? new MutationObserver(() => {
          if (pending && shown()) {
            pending = false;
            fn();
          }
        })
      : null;
  observer?.observe(root, { attributes: true, attributeFilter: ["hidden"] });
  // Printing shows every view (hidden ones too): bring this one up to date first.
  const onPrint = () => {
    if (pending) {
      pending = false;
      fn();
    }
  };
  globalThis.addEventListener?.("beforeprint", onPrint);
  return {
    run() {
      if (shown() || !observer) {
        pending = false;
        fn();
      } else pending = true;
    },
    destroy() {
      observer?.disconnect();
      globalThis.removeEventListener?.("beforeprint", onPrint);
    },
  };
}
