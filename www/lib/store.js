// Autosave and restore of the working model (IndexedDB, falling back to localStorage, then to memory).
// Nothing here ever throws or rejects: a storage failure only means the work is not kept.
//
// Two records per key: "<key>:model" ({source, text?, fileName?, name, savedAt}) written when a model is
// loaded, and "<key>:whatif" ({toggles: [{id, active}], savedAt}) written on every what-if change, so a
// toggle never rewrites a large model. The key includes a hash of the embedded model (if any), so a
// published single file never shows another file's saved work.

const DB_NAME = "aligngraph";
const STORE = "autosave";
const OPEN_TIMEOUT_MS = 2000;

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
        const run = (mode, fn) =>
          new Promise((res, rej) => {
            try {
              const tx = db.transaction(STORE, mode);
              const r = fn(tx.objectStore(STORE));
              tx.oncomplete = () => res(r?.result);
              tx.onerror = () => rej(tx.error);
              tx.onabort = () => rej(tx.error);
            } catch (err) {
              rej(err);
            }
          });
        finish({
          kind: "indexeddb",
          get: (key) => run("readonly", (s) => s.get(key)),
          put: (key, value) => run("readwrite", (s) => s.put(value, key)),
          del: (key) => run("readwrite", (s) => s.delete(key)),
        });
      };
    } catch {
      finish(null);
    }
  });
}

function localStorageBackend() {
  try {
    const ls = window.localStorage;
    const probe = "aligngraph:probe";
    ls.setItem(probe, "1");
    ls.removeItem(probe);
    return {
      kind: "localstorage",
      get: async (key) => {
        const text = ls.getItem(key);
        return text == null ? undefined : JSON.parse(text);
      },
      put: async (key, value) => ls.setItem(key, JSON.stringify(value)),
      del: async (key) => ls.removeItem(key),
    };
  } catch {
    return null;
  }
}

function memoryBackend() {
  const m = new Map();
  return {
    kind: "memory",
    get: async (key) => m.get(key),
    put: async (key, value) => void m.set(key, value),
    del: async (key) => void m.delete(key),
  };
}

/**
 * Opens the autosave for one key ("local", or "file-<hash>" for a file with an embedded model).
 * With `{memory: true}` nothing leaves the page (an embedded dashboard: its work lasts as long as
 * the page). Returns {kind, loadModel(), saveModel(record), loadWhatIf(), saveWhatIf(toggles), clear()}.
 */
export async function openStore(key, { memory = false } = {}) {
  const prefix = `aligngraph:${key}`;
  let primary = memory ? memoryBackend() : await idbBackend();
  const fallback = memory ? null : localStorageBackend();
  if (!primary) primary = fallback ?? memoryBackend();
  const backends = [primary, fallback, memory ? null : memoryBackend()].filter(Boolean);

  let chain = Promise.resolve();
  async function put(name, value) {
    // Writes run one after another so the latest one wins; on failure try the next backend.
    chain = chain.then(async () => {
      for (const b of backends) {
        try {
          await b.put(`${prefix}:${name}`, value);
          return true;
        } catch {
          // try the next backend (e.g. a quota error)
        }
      }
      return false;
    });
    return chain;
  }
  async function get(name) {
    for (const b of backends) {
      try {
        const v = await b.get(`${prefix}:${name}`);
        if (v !== undefined && v !== null) return v;
      } catch {
        // try the next backend
      }
    }
    return null;
  }

  return {
    kind: primary.kind,
    loadModel: () => get("model"),
    loadWhatIf: async () => (await get("whatif"))?.toggles ?? [],
    saveModel: (record) => put("model", { ...record, savedAt: new Date().toISOString() }),
    saveWhatIf: (toggles) => put("whatif", { toggles, savedAt: new Date().toISOString() }),
    async clear() {
      await chain;
      for (const b of backends) {
        try {
          await b.del(`${prefix}:model`);
          await b.del(`${prefix}:whatif`);
        } catch {
          // ignore
        }
      }
    },
  };
}
