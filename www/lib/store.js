// Autosave and restore of the working model (docs/page.md, "Privacy: what is stored where").
// Nothing here throws or rejects: every save resolves to what happened, and the caller shows it.
//
// Two records per key: "<key>:model" ({id, source, text? (or bytes?: the UTF-8 of a large model), fileName?, name, import?, savedAt, consent?})
// written when a model is loaded or edited, and "<key>:whatif" ({id, modelId, toggles, savedAt})
// written on every what-if change, so a toggle never rewrites a large model. `modelId` names the model
// record the toggles belong to: toggles of another model are never applied (loadWhatIf says so).
//
// One backend per store (IndexedDB, else localStorage, else memory): a write that fails is reported,
// never retried elsewhere, so the two records can never come from different places.
//
// Two tabs: each record carries a fresh `id` per write. A tab remembers the ids it read or wrote, and
// every write first checks (in the same IndexedDB transaction) that the stored ids are still those:
// if another tab wrote in between, the write is refused as a "conflict" and the caller asks the person.
// A BroadcastChannel tells the other tabs of the same key at once.
//
// Shared origins (file://, opaque origins): every file opened from the disk shares one storage, so
// another local HTML file could read it. There nothing is written unless the person opted in for
// this page (`optIn()`); the opted-in record carries `consent: true`. Records written by older
// versions without it are removed when the store opens (this key's are handed over in memory first).

const DB_NAME = "aligngraph";
const STORE = "autosave";
const OPEN_TIMEOUT_MS = 2000;
const RECORD_KEY = /^aligngraph:.+:(model|whatif)$/;

/** A short, stable hash of a text (two FNV-1a 32-bit lanes), for storage keys. */
export function hashText(text) {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}

/**
 * Whether pages at this location share their storage with pages the person did not choose: a file
 * opened from the disk (every local file shares one storage in Chromium and Firefox) or an opaque
 * origin (a sandboxed frame, data:).
 */
export function isSharedOrigin(loc = globalThis.location) {
  if (!loc) return false;
  return loc.protocol === "file:" || loc.origin === "null";
}

function newId() {
  try {
    return globalThis.crypto.randomUUID();
  } catch {
    return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  }
}

/** Why a write failed, in words ("the browser's storage is full"). */
export function failureText(err) {
  const name = err?.name ?? "";
  if (name === "QuotaExceededError" || /quota/i.test(String(err?.message ?? ""))) return "the browser's storage for this page is full";
  if (name === "SecurityError") return "the browser does not let this page store anything";
  return `the browser refused to store it (${name || String(err?.message ?? err)})`;
}

// ---- backends: get(key), all() -> [[key, value]], del(key), atomic(keys, decide)
// `atomic` reads `keys`, calls decide({key: value}) -> {puts: [[key, value]], result}, writes the puts
// and resolves to result; it rejects (nothing written) when a write fails.

function idbBackend() {
  return new Promise((resolve) => {
    let done = false;
    let timer = null;
    const finish = (v) => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        resolve(v);
      }
    };
    timer = setTimeout(() => finish(null), OPEN_TIMEOUT_MS);
    try {
      if (typeof indexedDB === "undefined") return finish(null);
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
      };
      req.onerror = () => finish(null);
      req.onblocked = () => finish(null);
      req.onsuccess = () => {
        const db = req.result;
        const tx = (mode, fn) =>
          new Promise((res, rej) => {
            try {
              const t = db.transaction(STORE, mode);
              let out;
              let failure = null;
              t.oncomplete = () => res(out);
              t.onerror = () => rej(failure ?? t.error);
              t.onabort = () => rej(failure ?? t.error ?? new DOMException("The write was aborted.", "AbortError"));
              const fail = (err) => {
                failure = err;
                t.abort();
              };
              fn(t.objectStore(STORE), (v) => (out = v), fail);
            } catch (err) {
              rej(err);
            }
          });
        finish({
          kind: "indexeddb",
          get: (key) => tx("readonly", (s, set) => (s.get(key).onsuccess = (e) => set(e.target.result))),
          all: () =>
            tx("readonly", (s, set) => {
              const keys = s.getAllKeys();
              const values = s.getAll();
              values.onsuccess = () => set(keys.result.map((k, i) => [k, values.result[i]]));
            }),
          del: (key) => tx("readwrite", (s) => s.delete(key)),
          atomic: (keys, decide) =>
            tx("readwrite", (s, set, fail) => {
              const got = {};
              let left = keys.length;
              for (const key of keys) {
                s.get(key).onsuccess = (e) => {
                  got[key] = e.target.result;
                  if (--left > 0) return;
                  try {
                    const { puts = [], result } = decide(got);
                    for (const [k, v] of puts) s.put(v, k);
                    set(result);
                  } catch (err) {
                    fail(err);
                  }
                };
              }
            }),
        });
      };
    } catch {
      finish(null);
    }
  });
}

function syncBackend(kind, { get, set, del, keys }) {
  return {
    kind,
    get: async (key) => get(key),
    all: async () => keys().map((k) => [k, get(k)]),
    del: async (key) => del(key),
    atomic: async (wanted, decide) => {
      const got = Object.fromEntries(wanted.map((k) => [k, get(k)]));
      const { puts = [], result } = decide(got);
      for (const [k, v] of puts) set(k, v);
      return result;
    },
  };
}

function localStorageBackend() {
  try {
    const ls = globalThis.localStorage;
    const probe = "aligngraph:probe";
    ls.setItem(probe, "1");
    ls.removeItem(probe);
    const parse = (text) => {
      try {
        return text == null ? undefined : JSON.parse(text);
      } catch {
        return undefined;
      }
    };
    return syncBackend("localstorage", {
      get: (key) => parse(ls.getItem(key)),
      set: (key, value) => ls.setItem(key, JSON.stringify(value)),
      del: (key) => ls.removeItem(key),
      keys: () => Array.from({ length: ls.length }, (_, i) => ls.key(i)).filter((k) => k != null),
    });
  } catch {
    return null;
  }
}

function memoryBackend() {
  const m = new Map();
  return syncBackend("memory", {
    get: (key) => m.get(key),
    set: (key, value) => void m.set(key, value),
    del: (key) => void m.delete(key),
    keys: () => [...m.keys()],
  });
}

/**
 * Removes the records older versions wrote on a shared origin without the person's consent, in
 * every backend; returns this key's own ({model, whatif} or null), so the page can still show them.
 */
async function removeUnconsented(backends, prefix) {
  let own = null;
  let removed = 0;
  for (const b of backends) {
    let entries = [];
    try {
      entries = await b.all();
    } catch {
      continue;
    }
    for (const [key, value] of entries) {
      if (typeof key !== "string" || !RECORD_KEY.test(key) || value?.consent === true) continue;
      if (key === `${prefix}:model` || key === `${prefix}:whatif`) {
        own ??= {};
        own[key.endsWith(":model") ? "model" : "whatif"] ??= value;
      }
      try {
        await b.del(key);
        removed += 1;
      } catch {
        // left as it is; nothing new is ever written beside it
      }
    }
  }
  return { own, removed };
}

/**
 * Opens the autosave for one key ("local", or "file-<hash>" for a file with an embedded model).
 * `memory: true`: nothing leaves the page (an embedded dashboard: its work lasts as long as the page).
 * `shared` (default: isSharedOrigin()): nothing is written to the browser's storage until `optIn()`.
 *
 * Returns {kind, shared, kept, legacy, loadModel(), loadWhatIf(), saveModel(record, {force}),
 * saveWhatIf(toggles, {force}), optIn(), optOut(), onOtherTab(fn), clear(), close()}. Saves resolve to
 * {ok: true, kept} (kept: whether it reached the browser's storage) or {ok: false, reason:
 * "conflict" | "failed" | "unsaved-model", message}.
 */
export async function openStore(key, { memory = false, shared = isSharedOrigin() } = {}) {
  const prefix = `aligngraph:${key}`;
  const K = { model: `${prefix}:model`, whatif: `${prefix}:whatif` };
  const inMemory = memoryBackend();
  let persistent = null;
  let legacy = { removed: 0, restored: false };
  if (!memory) {
    const idb = await idbBackend();
    const ls = localStorageBackend();
    persistent = idb ?? ls;
    if (shared) {
      const { own, removed } = await removeUnconsented([idb, ls].filter(Boolean), prefix);
      legacy = { removed, restored: Boolean(own?.model) };
      // The work an older version kept here stays on the page (in memory only) for this visit.
      if (own?.model) await inMemory.atomic([], () => ({ puts: [[K.model, own.model], ...(own.whatif ? [[K.whatif, own.whatif]] : [])] }));
    }
  }
  // On a shared origin the work is kept only when this page's own record says the person chose so.
  let kept = Boolean(persistent) && !memory;
  if (kept && shared) {
    try {
      kept = (await persistent.get(K.model))?.consent === true;
    } catch {
      kept = false;
    }
  }
  const backend = () => (kept ? persistent : inMemory);

  /** The ids this tab last read or wrote, per record; `modelSaved`: the latest model write worked. */
  const seen = { model: null, whatif: null };
  let modelSaved = true;

  let channel = null;
  const listeners = new Set();
  try {
    if (!memory && typeof BroadcastChannel === "function") {
      channel = new BroadcastChannel(`aligngraph:${key}`);
      channel.unref?.(); // (node) an open channel does not keep the process alive
      channel.onmessage = (e) => {
        const { name, id } = e.data ?? {};
        if (!kept || (name !== "model" && name !== "whatif") || id === seen[name]) return;
        for (const fn of listeners) fn({ name });
      };
    }
  } catch {
    channel = null;
  }

  let chain = Promise.resolve();
  /** One write at a time per tab, so the latest wins and the ids stay in step. */
  function write(name, make, { force = false } = {}) {
    const run = async () => {
      if (name === "whatif" && !modelSaved && !force) {
        return { ok: false, reason: "unsaved-model", message: "the model itself is not saved, so its what-if changes are not either" };
      }
      const b = backend();
      const id = newId();
      let outcome;
      try {
        outcome = await b.atomic([K.model, K.whatif], (got) => {
          const stored = { model: got[K.model]?.id ?? null, whatif: got[K.whatif]?.id ?? null };
          const mine = name === "model" ? ["model"] : ["model", "whatif"];
          if (!force && mine.some((n) => stored[n] !== seen[n])) return { result: { ok: false, reason: "conflict" } };
          const value = { ...make(), id, savedAt: new Date().toISOString() };
          if (kept && shared) value.consent = true;
          if (name === "whatif") value.modelId = seen.model;
          return { puts: [[K[name], value]], result: { ok: true } };
        });
      } catch (err) {
        if (name === "model") modelSaved = false;
        return { ok: false, reason: "failed", message: failureText(err), error: err };
      }
      if (!outcome.ok) {
        return { ...outcome, message: "another tab saved other work in this browser since this tab read it" };
      }
      seen[name] = id;
      if (name === "model") modelSaved = true;
      if (kept) {
        try {
          channel?.postMessage({ name, id });
        } catch {
          // the other tabs will find out at their next write
        }
      }
      return { ok: true, kept: kept && b === persistent };
    };
    chain = chain.then(run, run);
    return chain;
  }

  async function read(name) {
    try {
      const v = await backend().get(K[name]);
      seen[name] = v?.id ?? null;
      return v ?? null;
    } catch {
      return null;
    }
  }

  return {
    get kind() {
      return kept ? persistent.kind : "memory";
    },
    shared: Boolean(shared) && !memory,
    /** An embedded dashboard's store: nothing ever leaves the page (nothing to say about it). */
    memoryOnly: Boolean(memory),
    /** Whether saves reach the browser's storage (false: memory only, or not chosen on a shared origin). */
    get kept() {
      return kept;
    },
    /** Whether the browser can store anything at all here. */
    canKeep: Boolean(persistent),
    legacy,
    loadModel: () => read("model"),
    /** {toggles, modelId} of the saved what-if changes ({toggles: []} when there are none). */
    async loadWhatIf() {
      const v = await read("whatif");
      return { toggles: Array.isArray(v?.toggles) ? v.toggles : [], modelId: v?.modelId ?? null };
    },
    saveModel: (record, opts) => write("model", () => record, opts),
    saveWhatIf: (toggles, opts) => write("whatif", () => ({ toggles }), opts),
    /** From now on saves reach the browser's storage (a shared origin, after the person agreed). */
    optIn() {
      if (!persistent) return false;
      kept = true;
      seen.model = null;
      seen.whatif = null;
      return true;
    },
    /** Removes this page's records from the browser's storage; from now on work is kept in memory. */
    async optOut() {
      await chain;
      for (const k of Object.values(K)) {
        try {
          await persistent?.del(k);
        } catch {
          // ignore
        }
      }
      kept = false;
      seen.model = null;
      seen.whatif = null;
    },
    /** fn({name}) when another tab saved this key's model or what-if record. */
    onOtherTab(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    async clear() {
      await chain;
      for (const b of [persistent, inMemory].filter(Boolean)) {
        for (const k of Object.values(K)) {
          try {
            await b.del(k);
          } catch {
            // ignore
          }
        }
      }
    },
    close() {
      channel?.close();
      listeners.clear();
    },
  };
}
