// Shared by the decision views (goal weights, priorities, budget): the working model's own fields
// (business value, benefit... that the report does not carry), the engine's error text, and running
// expensive work only while a view is shown.

const modelCache = new WeakMap(); // app.baseline -> Promise of the parsed working model

/**
 * The working model as written (engine.modelJson(), parsed), once per model: app.baseline is a new
 * object after every load and every edit. A promise.
 */
export function workingModel(app) {
  const key = app.baseline ?? app;
  if (!modelCache.has(key)) {
    const p = Promise.resolve(app.engine.modelJson()).then((text) => {
      const model = JSON.parse(text);
      model.byId = new Map((model.nodes ?? []).map((n) => [n.id, n]));
      return model;
    });
    p.catch(() => modelCache.delete(key));
    modelCache.set(key, p);
  }
  return modelCache.get(key);
}

/** The model's nodes by id, as written in the working model: a promise of a Map. */
export async function modelNodes(app) {
  try {
    return (await workingModel(app)).byId;
  } catch {
    return new Map();
  }
}

/** A number field of a node in `nodes` (from modelNodes), or null. */
export function nodeNumber(nodes, id, field) {
  const v = nodes?.get(id)?.[field];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
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
