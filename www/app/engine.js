// The Wasm engine, compiled and instantiated once per page: every dashboard on the page (the page
// itself, or several <aligngraph-dashboard> elements) shares the one compiled module and makes its
// own `Engine`. The bytes come from an inlined data block (the single file, the element script), a
// caller (the element's ESM flavour), or the `.wasm` file next to the bundle (the served page).
//
// Engine failures are handled here, in one place. Each dashboard's Engine is a guard (a Proxy over
// the Wasm `Engine`) that remembers the last good model (the text it loaded, or the model JSON after
// an import or edit) and the what-if toggles. When any call traps (a `WebAssembly.RuntimeError`: an
// `unreachable`, memory exhausted, an access out of bounds) or finds the engine poisoned by an earlier
// trap ("recursive use of an object"), the module's state is reset (`__wbg_reset_state()`, which
// instantiates the compiled module afresh: every Engine on the page is then dead), every guard on
// the page re-creates its Engine from its last good model, its listeners hear of it (the App
// re-scores and says so), and the failed call throws an Error with code `ENGINE_RESTARTED`.

import init, { Engine as WasmEngine, ModelStream, __wbg_reset_state as resetState } from "../../pkg/aligngraph.js";
import { bytesFromText, compileBlock } from "./wasm-bytes.js";

let ready = null;

export { bytesFromText };

/** The compilation the single file's boot script started for this data block (app/wasm-boot.js), if any. */
function started(block) {
  const c = globalThis.aligngraphCompiling;
  return c && c.block === block ? c.module : null;
}

async function compile(source) {
  if (source.module) return source.module;
  if (source.bytes) return WebAssembly.compile(await source.bytes);
  if (source.block) return started(source.block) ?? compileBlock(source.block);
  const res = await fetch(source.url);
  if (!res.ok) throw new Error(`${source.url}: HTTP ${res.status}`);
  return /^application\/wasm\b/.test(res.headers.get("content-type") ?? "")
    ? WebAssembly.compileStreaming(res)
    : WebAssembly.compile(await res.arrayBuffer());
}

/**
 * Compiles and instantiates the engine once; later calls get the same module. `source` is one of
 * {module} (a compiled `WebAssembly.Module`: the engine worker), {bytes} (a Uint8Array or a promise
 * of one), {block} (a `<script id="aligngraph-wasm">` data block) or {url}. Resolves to the compiled `WebAssembly.Module` (the simulation worker instantiates it
 * again); rejects when the browser refuses WebAssembly (for example a CSP without 'wasm-unsafe-eval').
 */
export function startEngine(source) {
  if (!ready) {
    ready = (async () => {
      const module = await compile(source);
      wasmExports = await init({ module_or_path: module });
      return module;
    })();
    // A failure is not cached: a later dashboard may bring bytes that work.
    ready.catch(() => {
      ready = null;
    });
  }
  return ready;
}

let wasmExports = null;

/** Bytes of the engine's Wasm memory (for profiling: the benchmarks read it); null before start. */
export function wasmMemoryBytes() {
  return wasmExports?.memory?.buffer?.byteLength ?? null;
}

/** The page's import limits (`Limits::PAGE`: {fileBytes, inflatedBytes, nodes, ...}); null before start. */
export function pageLimits() {
  try {
    return WasmEngine.pageLimits();
  } catch {
    return null;
  }
}

/**
 * Whether an error means the engine itself failed (not the input): a Wasm trap, a stack overflow,
 * or the engine left unusable by an earlier trap.
 */
export function isEngineFailure(err) {
  if (typeof WebAssembly !== "undefined" && err instanceof WebAssembly.RuntimeError) return true;
  const text = String(err?.message ?? err ?? "");
  if (/recursive use of an object detected|stale object from previous Wasm instance/i.test(text)) return true;
  return (err instanceof RangeError || err?.name === "InternalError") && /call stack|too much recursion/i.test(text);
}

/** Calls that replace the model (remembered as text afterwards) and that change the what-if toggles. */
const MODEL_CHANGES = new Set(["importFiles", "applyGoalWeights", "saveScenario", "deleteScenario"]);
const TOGGLE_CHANGES = new Set(["setActive", "resetWhatIf", "edit"]);

/** Every guarded Engine on the page (all die together when the module is reset). */
const guards = new Set();

function restartAll(cause) {
  try {
    resetState();
  } catch (err) {
    console.error("aligngraph: the engine could not be started again", err);
  }
  for (const g of guards) g.revive(cause);
}

function guard() {
  // The last good model: its text (or the demo, or the files it was imported from), the edits made
  // since (replayed: an edit is exact, and cheaper than writing a large model out after each), and
  // the toggles.
  const good = { text: null, demo: false, imported: null, toggles: [], edits: [] };
  const listeners = new Set();
  let raw = new WasmEngine();
  let freed = false;

  function remember(name, args) {
    try {
      if (name === "edit") good.edits.push(args[0]);
      else if (name === "load") Object.assign(good, { text: String(args[0]), demo: false, imported: null, toggles: [], edits: [] });
      // A model read in chunks is not kept as text (it may be longer than a JS string): after a
      // trap the engine starts empty, and the page's host reads the file again.
      else if (name === "loadStream") Object.assign(good, { text: null, demo: false, imported: null, toggles: [], edits: [] });
      else if (name === "loadDemo") Object.assign(good, { text: null, demo: true, imported: null, toggles: [], edits: [] });
      // An import is kept as its files, read again the same way after a trap: writing the model out
      // as text would take longer than the import itself (over a second at 100,000 nodes).
      else if (name === "importFiles") Object.assign(good, { text: null, demo: false, imported: args, toggles: [], edits: [] });
      else if (MODEL_CHANGES.has(name)) Object.assign(good, { text: raw.modelJson(), demo: false, imported: null, edits: [] });
      if (TOGGLE_CHANGES.has(name)) good.toggles = raw.whatIf() ?? [];
    } catch {
      // kept as it was: the previous good model
    }
  }

  const self = {
    /** A new Engine with the last good model and toggles (after the module was reset). */
    revive(cause) {
      raw = new WasmEngine();
      let restored = false;
      try {
        const held = good.demo || good.text != null || good.imported != null;
        if (good.demo) raw.loadDemo();
        else if (good.text != null) raw.load(good.text);
        else if (good.imported) raw.importFiles(...good.imported);
        if (held) for (const op of good.edits) raw.edit(op);
        for (const t of good.toggles) {
          try {
            raw.setActive(t.id, Boolean(t.active));
          } catch {
            // an id the model no longer has
          }
        }
        restored = held;
      } catch (err) {
        console.error("aligngraph: the last good model could not be loaded again", err);
      }
      for (const fn of [...listeners]) {
        try {
          fn({ cause, restored });
        } catch (err) {
          console.warn("aligngraph: an engine-restart listener failed", err);
        }
      }
    },
    call(name, args) {
      try {
        const out = raw[name](...args);
        remember(name, args);
        return out;
      } catch (err) {
        if (!isEngineFailure(err)) throw err;
        console.warn(`aligngraph: the engine failed in ${name}(); starting it again`, err);
        restartAll(err);
        const e = new Error(`the engine stopped on an internal error (${err?.message ?? err}) and was started again with the last good model`, { cause: err });
        e.code = "ENGINE_RESTARTED";
        throw e;
      }
    },
  };
  guards.add(self);

  const own = {
    /** fn({cause, restored}) after the engine was started again; returns the unsubscribe function. */
    onRestart(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    free() {
      if (freed) return;
      freed = true;
      guards.delete(self);
      listeners.clear();
      try {
        raw.free();
      } catch {
        // already gone with a reset module
      }
    },
  };

  return new Proxy(Object.create(null), {
    get(_, prop) {
      if (Object.hasOwn(own, prop)) return own[prop];
      if (prop === "constructor") return WasmEngine;
      const d = typeof prop === "string" ? Object.getOwnPropertyDescriptor(WasmEngine.prototype, prop) : null;
      if (typeof d?.value === "function") return (...args) => self.call(prop, args);
      // Getters (nodeCount, modelName, ...) read the current Engine; a trap there is a failure too.
      try {
        return Reflect.get(raw, prop);
      } catch (err) {
        if (!isEngineFailure(err)) throw err;
        restartAll(err);
        return Reflect.get(raw, prop);
      }
    },
    has: (_, prop) => Object.hasOwn(own, prop) || prop in raw,
  });
}

/**
 * A new engine for one dashboard: the Wasm `Engine`'s methods and getters, plus `onRestart(fn)` and
 * `free()`; `Engine.kindNames()` and the other statics through `engine.constructor`.
 */
export function createEngine() {
  return guard();
}

export { WasmEngine as Engine, ModelStream };
