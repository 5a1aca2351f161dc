// A dashboard's engine as the page sees it: the Wasm engine runs in a Web Worker of its own
// (workers/engine-worker.js, started from a Blob URL with the page's compiled module), so loading,
// importing and scoring a large model never blocks the page. Where a page cannot start workers (a
// host's CSP without `worker-src blob:`), the same operations (app/engine-ops.js) run on the page.
//
// The host keeps the latest snapshot (counts, ids, names, kinds, the drawn per-node scores and which
// nodes are active, the what-if toggles), so the App and the views read those synchronously; every
// other engine method is a promise of its answer (`await host.explain(id)`). A new model is read by
// a fresh worker while the current one keeps the current model: cancelling drops the fresh one and
// nothing is lost. A spare worker is readied for the next file, except while a large model is open
// (`SPARE_MAX_NODES`).
// When a worker dies (out of memory, a crash), a new one is started with the last good model and
// its what-if toggles, and `onRestart` listeners hear of it, as they do of a trap inside the engine.

import { createEngine, Engine } from "./engine.js";
import { activeScores, createOps, errorFrom, packedStrings, withInitiatives } from "./engine-ops.js";
import { WARM_STEPS } from "./warm-up.js";

/**
 * No spare worker is readied while the open model has more nodes than this: a spare costs the tab
 * about 29 MiB (the renderer's private memory: 54 MiB with the page and its engine worker, 83 MiB
 * with a spare too), which the tab of a large model needs more than a quicker next file; the next
 * file then opens in a fresh worker, as when no spare is ready.
 */
export const SPARE_MAX_NODES = 200_000;

const workerUrls = new Map();
function scriptUrl(source) {
  if (!workerUrls.has(source)) workerUrls.set(source, URL.createObjectURL(new Blob([source], { type: "text/javascript" })));
  return workerUrls.get(source);
}

function cancelled() {
  const err = new Error("cancelled");
  err.code = "CANCELLED";
  return err;
}

/** Engine calls answered by a worker; `dead(err)` when the worker stops on its own. */
/**
 * Starts an engine worker before the Wasm module is compiled, so that the worker's own start
 * overlaps the compilation (the page's first render waits for both); null where workers cannot
 * start. Hand it to `createEngineHost` as `started`.
 */
export function startEngineWorker(source) {
  try {
    return typeof Worker === "function" && source ? new Worker(scriptUrl(source), { name: "aligngraph-engine" }) : null;
  } catch {
    return null;
  }
}

function workerTransport(module, source, { onRestarted, onDead }, started = null) {
  // `started`: a Worker from startEngineWorker, or the single file's boot worker ({worker, early}:
  // already sent the module, its messages so far kept in `early`).
  const boot = started && !(typeof Worker === "function" && started instanceof Worker) ? started : null;
  let worker = boot ? boot.worker : started;
  try {
    worker ??= new Worker(scriptUrl(source), { name: "aligngraph-engine" });
  } catch (err) {
    return Promise.reject(err);
  }
  const pending = new Map();
  let next = 1;
  let closed = false;
  const failAll = (err) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  return new Promise((resolve, reject) => {
    const t = {
      kind: "worker",
      statics: null,
      decode: { count: 0, totalMs: 0, maxMs: 0 },
      call(op, args, { onProgress, transfer = [] } = {}) {
        if (closed) return Promise.reject(cancelled());
        const id = next++;
        return new Promise((res, rej) => {
          pending.set(id, { op, resolve: res, reject: rej, onProgress });
          worker.postMessage({ type: "call", id, op, args }, transfer);
        });
      },
      close(reason = cancelled()) {
        if (closed) return;
        closed = true;
        worker.terminate();
        failAll(reason);
      },
    };
    const onMessage = (e) => {
      const t0 = performance.now();
      const m = e.data ?? {};
      // Reading a message copies it into the page: measured, for profiling.
      if (m.type === "done") {
        const ms = performance.now() - t0;
        t.decode.count += 1;
        t.decode.totalMs += ms;
        if (ms > t.decode.maxMs) {
          t.decode.maxMs = ms;
          t.decode.maxOp = pending.get(m.id)?.op ?? null;
        }
      }
      if (m.type === "ready") {
        t.statics = m.statics;
        resolve(t);
      } else if (m.type === "failed") reject(errorFrom(m.error));
      else if (m.type === "restarted") onRestarted?.(m);
      else {
        const p = pending.get(m.id);
        if (!p) return;
        if (m.type === "progress") p.onProgress?.(m.stage);
        else {
          pending.delete(m.id);
          if (m.type === "done") p.resolve(m.value);
          else p.reject(errorFrom(m.error));
        }
      }
    };
    const onError = (e) => {
      e.preventDefault?.();
      const err = new Error(`the engine's worker stopped (${e.message || "no reason given"})`);
      err.code = "ENGINE_RESTARTED";
      if (!t.statics) {
        reject(err);
        return;
      }
      if (closed) return;
      closed = true;
      worker.terminate();
      failAll(err);
      onDead?.(err);
    };
    worker.onmessage = onMessage;
    worker.onerror = onError;
    if (boot) for (const e of boot.early.splice(0)) (e.type === "error" ? onError : onMessage)(e);
    else worker.postMessage({ type: "init", module });
  });
}

/** The same calls answered on the page (no worker): the module is already started on the page. */
function inThreadTransport({ onRestarted }) {
  const ops = createOps(createEngine());
  ops.onRestart((info) => onRestarted?.({ cause: String(info.cause?.message ?? info.cause), restored: info.restored }));
  let closed = false;
  return {
    kind: "page",
    statics: { kindNames: Engine.kindNames(), edgeKindNames: Engine.edgeKindNames(), statusNames: Engine.statusNames(), limits: Engine.pageLimits(), streamLimits: Engine.pageStreamLimits() },
    call(op, args, { onProgress } = {}) {
      if (closed) return Promise.reject(cancelled());
      // Later than the caller's own code, as a worker's answer would be.
      return Promise.resolve()
        .then(() => ops.handle(op, args, onProgress))
        .then((out) => out.value);
    },
    close() {
      if (closed) return;
      closed = true;
      try {
        ops.engine.free?.();
      } catch {
        // already gone
      }
    },
  };
}

/**
 * What an import can move to the worker rather than copy, and the arguments kept to read the model
 * again: a file's bytes, when the file itself comes with them (`{name, bytes, file}`, a picked or
 * dropped File), are moved (`transfer`), and what is kept (`keep`) names the file instead, which the
 * worker reads again should it have to start anew. So the page holds no copy of a large file, and
 * no second copy is made to send it. Bytes already moved (an import repeated with a mapping) are
 * left out: the file is read instead.
 */
export function movable(op, args) {
  if (op !== "importFiles" || !Array.isArray(args?.[0])) return { send: args, transfer: [], keep: args };
  const transfer = [];
  const send = [];
  const keep = [];
  for (const f of args[0]) {
    if (!f?.file || !(f.bytes instanceof Uint8Array) || f.stream) {
      send.push(f);
      keep.push(f);
      continue;
    }
    const { bytes, ...named } = f;
    const whole = bytes.byteLength > 0 && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && !transfer.includes(bytes.buffer);
    if (whole) transfer.push(bytes.buffer);
    send.push(whole ? f : named);
    keep.push(named);
  }
  return { send: [send, ...args.slice(1)], transfer, keep: [keep, ...args.slice(1)] };
}

/** Operations answered with a snapshot, and those among them that read a new model. */
const SNAPSHOT_OPS = new Set(["load", "loadDemo", "importFiles", "edit", "setActive", "setWhatIf", "resetWhatIf", "applyGoalWeights", "saveScenario", "deleteScenario", "snapshot"]);
const NEW_MODEL = new Set(["load", "loadDemo", "importFiles"]);

/**
 * Starts a dashboard's engine. `module` is the page's compiled Wasm module, `workerSource` the text of
 * workers/engine-worker.js as bundled (the build's virtual module "engine-worker-source"); without
 * it, or with `worker: false`, the engine runs on the page; `started` is a worker from
 * `startEngineWorker`. Resolves to the host (see the file's header).
 */
export async function createEngineHost(module, { worker = true, workerSource = null, started = null } = {}) {
  const listeners = new Set();
  let data = { meta: { nodeCount: 0, edgeCount: 0, modelName: null, currency: null, timeUnit: null }, strings: packedStrings({ text: "", ends: new Uint32Array(0) }, null), kinds: new Uint8Array(0), fields: {}, whatIf: [], report: null, baseline: null };
  /**
   * The last good model: the call that read it (or the model JSON after a change), the edits made
   * since (`edit` operations, replayed in order) and the toggles.
   */
  let good = null;
  let editLogged = false;
  /** Edits sent so far: the worker answers in order, so model text asked for later holds them. */
  let editsSent = 0;
  /** `scores("active")` of the latest snapshot, once asked for (made from its mask). */
  let activeCache = null;
  let useWorker = Boolean(worker && workerSource && typeof Worker === "function" && module != null);
  let transport;
  let loading = null;
  // A spare worker, started and readied (app/warm-up.js) while the page is idle after a model is
  // read: the next file goes to it, so its reading neither waits for a worker to start nor runs the
  // engine's code before the browser has compiled it. A promise of a transport, or null. None while
  // the model read is large (`SPARE_MAX_NODES`): one asked for or started meanwhile is dropped.
  let spare = null;
  let spareTimer = null;
  let freed = false;
  const idle = (fn) => (globalThis.requestIdleCallback ? requestIdleCallback(fn, { timeout: 3000 }) : setTimeout(fn, 500));
  const notIdle = (id) => (globalThis.cancelIdleCallback ? cancelIdleCallback(id) : clearTimeout(id));
  const large = () => data.meta.nodeCount > SPARE_MAX_NODES;
  function dropSpare() {
    if (spareTimer != null) notIdle(spareTimer);
    spareTimer = null;
    spare?.then((t) => t?.close());
    spare = null;
  }
  function prepareSpare() {
    if (large()) dropSpare();
    if (spare || spareTimer != null || freed || !useWorker || large()) return;
    spareTimer = idle(() => {
      spareTimer = null;
      if (spare || freed || !useWorker) return;
      // Until it holds the working model, what happens to the spare is nobody's business.
      let made = null;
      const ifWorking = (fn) => (info) => made && made === transport && fn(info);
      const mine = workerTransport(module, workerSource, { onRestarted: ifWorking(hooks.onRestarted), onDead: ifWorking(hooks.onDead) }).then(
        (t) => {
          made = t;
          // One step at a time, and none once the spare is taken: a file waits for one step at most.
          const steps = [...WARM_STEPS];
          const next = () => spare === mine && steps.length && t.call("warmUp", [steps.shift()]).then(next, () => {});
          next();
          return t;
        },
        () => null,
      );
      spare = mine;
    });
  }
  /** The spare worker if there is one (it answers after its warm-up), else a new one. */
  async function freshTransport() {
    const s = spare;
    spare = null;
    return (s && (await s)) || open();
  }

  const hooks = {
    onRestarted: (info) => {
      for (const fn of [...listeners]) fn({ cause: new Error(info.cause), restored: info.restored });
    },
    onDead: (err) => revive(err),
  };

  async function open() {
    if (useWorker) {
      try {
        const early = started;
        started = null;
        return await workerTransport(module, workerSource, hooks, early);
      } catch (err) {
        console.warn("aligngraph: the engine cannot run in a worker here; it runs on the page", err);
        useWorker = false;
      }
    }
    return inThreadTransport(hooks);
  }

  async function revive(cause) {
    transport = await open();
    let restored = false;
    if (good) {
      try {
        const out = await transport.call(good.op, good.args);
        let snap = out.snapshot;
        for (const e of good.edits) snap = (await transport.call("edit", [e.op])).snapshot;
        if (good.toggles.length) snap = (await transport.call("setWhatIf", [good.toggles, true])).snapshot;
        take(snap);
        restored = true;
      } catch (err) {
        console.error("aligngraph: the last good model could not be loaded again", err);
      }
    }
    for (const fn of [...listeners]) fn({ cause, restored });
  }

  function take(snap) {
    if (!snap) return;
    const { idsPacked, namesPacked, ...rest } = snap;
    const next = { ...data, ...rest, fields: snap.fields ?? {} };
    // A model's ids and names stay packed until something asks for them (the overview of a large
    // model does not): a million strings are made once, for every snapshot of the model.
    if (idsPacked) next.strings = packedStrings(idsPacked, namesPacked);
    const statusNames = transport.statics.statusNames;
    next.report = withInitiatives(snap.report, next, next.strings, statusNames);
    if (snap.baseline === "report") next.baseline = next.report;
    else if (!("baseline" in snap)) next.baseline = data.baseline;
    data = next;
    activeCache = null;
  }

  transport = await open();
  performance.mark?.("aligngraph:engine-started");

  async function run(op, args, opts) {
    const t = transport;
    const seq = op === "edit" ? ++editsSent : 0;
    const value = await t.call(op, args, opts);
    // An answer about a model that was replaced meanwhile is not the working model's.
    if (t !== transport && SNAPSHOT_OPS.has(op)) throw cancelled();
    if (SNAPSHOT_OPS.has(op)) {
      const snap = op === "snapshot" ? value : value.snapshot;
      take(snap);
      if (good) good.toggles = data.whatIf ?? [];
      // An edit is kept as itself (replayed after a new worker reads the model): no model text.
      if (good && op === "edit") {
        good.edits.push({ op: args[0], seq });
        editLogged = true;
      }
      return op === "snapshot" ? snap : value.value;
    }
    return value;
  }

  const host = {
    get kind() {
      return transport.kind;
    },
    /** What reading the worker's answers cost the page: {count, totalMs, maxMs, maxOp}, for profiling. */
    get decode() {
      return transport.decode ?? { count: 0, totalMs: 0, maxMs: 0 };
    },
    /** The latest snapshot: {meta, ids, names, kinds, fields, whatIf, report, baseline}. */
    get data() {
      return data;
    },
    get nodeCount() {
      return data.meta.nodeCount;
    },
    get edgeCount() {
      return data.meta.edgeCount;
    },
    get modelName() {
      return data.meta.modelName ?? undefined;
    },
    get currency() {
      return data.meta.currency ?? undefined;
    },
    get timeUnit() {
      return data.meta.timeUnit ?? undefined;
    },
    nodeIds: () => data.strings.ids(),
    nodeNames: () => data.strings.names(),
    nodeKinds: () => data.kinds,
    whatIf: () => data.whatIf,
    /**
     * One drawn per-node score from the latest snapshot (null for a score not in it: ask
     * `run("scores", [field])`). `active` is made from the snapshot's mask the first time it is
     * asked for, and the same array is given until the next snapshot.
     */
    scores(field) {
      if (field !== "active") return data.fields[field] ?? null;
      if (!data.fields.active) return null;
      activeCache ??= activeScores(data.fields.active);
      return activeCache;
    },
    /** Whether each node is active (1 for an active initiative, else 0): the latest snapshot's Uint8Array, or null. */
    activeMask: () => data.fields.active ?? null,
    /** Engine.kindNames() and the other statics, as the Wasm class has them. */
    constructor: {
      kindNames: () => transport.statics.kindNames,
      edgeKindNames: () => transport.statics.edgeKindNames,
      pageLimits: () => transport.statics.limits,
      pageStreamLimits: () => transport.statics.streamLimits,
    },
    /**
     * Runs an operation (app/engine-ops.js, or any Engine method by name); a promise of its answer.
     * `onProgress(stage)` hears the stages of a long one.
     */
    run,
    /**
     * Reads a new model (`load`, `loadDemo`, `importFiles`) without touching the current one until it
     * is read: {promise, cancel()}. Cancelling rejects the promise with code CANCELLED.
     */
    replace(op, args, { onProgress } = {}) {
      if (!NEW_MODEL.has(op)) throw new Error(`${op} does not read a new model`);
      loading?.cancel();
      let fresh = null;
      let stop = false;
      const promise = (async () => {
        // The first model goes to the worker already started (there is nothing to keep yet).
        fresh = useWorker && good != null ? await freshTransport() : transport;
        if (stop) throw cancelled();
        const { send, transfer, keep } = movable(op, args);
        const value = await fresh.call(op, send, { onProgress, transfer });
        if (stop) throw cancelled();
        if (fresh !== transport) {
          transport.close();
          transport = fresh;
        }
        if (!good) performance.mark?.("aligngraph:first-model");
        take(value.snapshot);
        good = { op, args: keep, toggles: [], edits: [] };
        prepareSpare();
        return value.value;
      })();
      const handle = {
        promise: promise.finally(() => {
          if (loading === handle) loading = null;
        }),
        /** Whether cancelling stops the work (a fresh worker), or only drops its answer. */
        stoppable: useWorker && good != null,
        cancel() {
          stop = true;
          if (fresh && fresh !== transport) fresh.close(cancelled());
        },
      };
      loading = handle;
      return handle;
    },
    /** After a change of the model: the last good model is the changed one (an `edit` is kept already). */
    async rememberEdited() {
      if (editLogged) {
        editLogged = false;
        return;
      }
      const mark = good;
      const cut = editsSent;
      try {
        // As UTF-8 bytes moved from the worker: no long text is copied into the page.
        const bytes = await transport.call("modelJsonBytes", []);
        // A new model meanwhile stays; edits sent after the text was asked for are kept.
        if (good !== mark) return;
        good = { op: "load", args: [bytes], toggles: data.whatIf ?? [], edits: good.edits.filter((e) => e.seq > cut) };
      } catch {
        // kept as it was
      }
    },
    onRestart(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    free() {
      freed = true;
      loading?.cancel();
      dropSpare();
      transport.close();
      listeners.clear();
    },
  };
  // Every other Engine method by name: host.explain(id) is host.run("explain", [id]).
  return new Proxy(host, {
    get(target, prop, receiver) {
      if (prop in target) return Reflect.get(target, prop, receiver);
      if (typeof prop !== "string" || prop === "then") return undefined;
      return (...args) => run(prop, args);
    },
  });
}
