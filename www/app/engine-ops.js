// What a dashboard asks of its engine, answered next to the engine: inside the engine's Web Worker
// (workers/engine-worker.js) or, where a page cannot start workers, on the page itself
// (app/engine-host.js runs the same operations in-thread). Every operation that changes what is
// scored answers with a view snapshot: what the App shows without asking again (the report's small
// sections and its initiatives, the per-node scores the views draw, the what-if toggles, and after a
// new model its ids, names, kinds and counts). Per-node numbers travel as transferable typed arrays:
// the drawn scores as Float64Arrays, whether a node is active as one byte a node (`activeMask`).
//
// DOM-free; the engine is a guarded Engine of app/engine.js (a trap restarts it with its last good
// model, and the call throws ENGINE_RESTARTED).

import { Engine, ModelStream, wasmMemoryBytes } from "./engine.js";
import { warmUp } from "./warm-up.js";
import { ganttSchedule } from "../lib/gantt.js";

/**
 * Per-node scores sent with every snapshot as the engine gives them (Float64Array): what the strategy
 * graph draws (the rest: the `scores` operation on request). The snapshot's `fields.active` is sent
 * beside them as a mask (`activeMask`). The report's initiatives are made on the page
 * (`withInitiatives`) from these and the initiatives' own columns (cost, own risk, conflict: one
 * number per initiative, not per node).
 */
export const SNAPSHOT_FIELDS = ["alignment", "delivery_risk"];

/** A snapshot's active mask (`Engine.activeMask()`, one byte a node: 7 bytes a node less to make,
 * move and hold than `scores("active")`, 6.7 MiB at 1,000,000 nodes) as the Float64Array
 * `Engine.scores("active")` gives: the page makes it only when asked. */
export function activeScores(mask) {
  return new Float64Array(mask);
}

/** A packed list as `{text, ends}`, decoding `{bytes, ends}` (`nodeIdsPacked(true)`: UTF-8). */
function asText(list) {
  return list && list.bytes ? { text: new TextDecoder().decode(list.bytes), ends: list.ends } : list;
}

/**
 * The strings of a packed list (`Engine.nodeIdsPacked()`: one text, and where each string ends in
 * it; or its UTF-8 bytes), in order.
 */
export function unpackStrings(list) {
  const { text, ends } = asText(list);
  const out = new Array(ends.length);
  let at = 0;
  for (let i = 0; i < ends.length; i++) {
    out[i] = text.slice(at, ends[i]);
    at = ends[i];
  }
  return out;
}

/**
 * A snapshot's ids and names, packed: `ids()` and `names()` unpack each list once, on first use;
 * `id(v)` and `name(v)` give one node's without unpacking the list (a large model's overview needs
 * a few, not a million strings). Names that are all the ids (`namesPacked` null) are the ids.
 */
export function packedStrings(idsPacked, namesPacked) {
  idsPacked = asText(idsPacked);
  namesPacked = asText(namesPacked);
  let ids = null;
  let names = null;
  const cut = ({ text, ends }, v) => text.slice(v > 0 ? ends[v - 1] : 0, ends[v]);
  const strings = {
    ids: () => (ids ??= unpackStrings(idsPacked)),
    names: () => (names ??= namesPacked ? unpackStrings(namesPacked) : strings.ids()),
    id: (v) => (ids ? ids[v] : cut(idsPacked, v)),
    name: (v) => (names ? names[v] : namesPacked ? cut(namesPacked, v) : strings.id(v)),
  };
  return strings;
}

/** The slice of a large JSON model file read at a time. */
export const CHUNK_BYTES = 8 * 1024 * 1024;

const megabytes = (n) => String(Math.round(n / 1e6));

/**
 * The bytes of `file` in chunks of `size` (the last may be shorter), each a view of the same
 * buffer: valid until the next one is asked for. Where a Blob's stream has no BYOB reader, slices.
 */
async function* chunksOf(file, size) {
  let reader = null;
  try {
    reader = file.stream().getReader({ mode: "byob" });
  } catch {
    reader = null;
  }
  if (!reader) {
    for (let at = 0; at < file.size; at += size) yield new Uint8Array(await file.slice(at, Math.min(file.size, at + size)).arrayBuffer());
    return;
  }
  let buffer = new ArrayBuffer(size);
  try {
    for (let done = false; !done; ) {
      let filled = 0;
      while (filled < size) {
        const step = await reader.read(new Uint8Array(buffer, filled, size - filled));
        if (step.value) buffer = step.value.buffer;
        if (step.done) {
          done = true;
          break;
        }
        filled += step.value.byteLength;
      }
      if (filled) yield new Uint8Array(buffer, 0, filled);
    }
  } finally {
    // Stops the file's reading when the consumer stopped early (an error); nothing when it ended.
    reader.cancel().catch(() => {});
  }
}

/** Operations that change the model itself (the App autosaves after them). */
export const EDITS = new Set(["edit", "applyGoalWeights", "saveScenario", "deleteScenario"]);

/**
 * The operations on one engine. `handle(op, args, progress)` returns `{value, transfer}`; it throws
 * the engine's errors (plain data is copied to the page by the transport).
 */
export function createOps(engine) {
  /** What the latest operations took, in ms (read by the benchmarks). */
  const profile = { scoreMs: null, readMs: null, buildMs: null, loadedWasmBytes: null };
  const meta = () => ({
    nodeCount: engine.nodeCount,
    edgeCount: engine.edgeCount,
    modelName: engine.modelName ?? null,
    currency: engine.currency ?? null,
    timeUnit: engine.timeUnit ?? null,
  });

  /** The snapshot after a change: `model` adds the model's own arrays, `baseline` the report without toggles. */
  function snapshot({ model = false, baseline = false } = {}, progress = () => {}) {
    const out = { fields: {} };
    const transfer = [];
    progress("Scoring");
    // The report's small sections; its initiatives travel as columns of numbers (no object per
    // initiative to copy), the matrix on request.
    const t0 = performance.now();
    out.report = engine.score([]);
    profile.scoreMs = performance.now() - t0;
    out.columns = engine.initiativeColumns();
    const c = out.columns;
    transfer.push(c.order.buffer, c.status.buffer, c.orphan.buffer, c.cost.buffer, c.own_risk.buffer, c.conflict.buffer);
    if (baseline) {
      // Without what-if toggles the baseline is the report itself.
      out.baseline = (engine.whatIf() ?? []).length ? engine.baseline(["initiatives"]) : "report";
    }
    progress("Preparing the views");
    if (model) {
      out.meta = meta();
      // Ids and names travel packed (UTF-8 bytes and where each ends, moved: `packedStrings`
      // makes the text on the page), so the worker makes no string per node, nor a text it
      // would keep as garbage after copying it into the message.
      out.idsPacked = engine.nodeIdsPacked(true);
      transfer.push(out.idsPacked.bytes.buffer, out.idsPacked.ends.buffer);
      // A model whose nodes have no names of their own sends its ids once (the page reads them
      // as the names too): a million strings less to copy, hold and read on the page.
      out.namesPacked = engine.namesAreIds ? null : engine.nodeNamesPacked(true);
      if (out.namesPacked) transfer.push(out.namesPacked.bytes.buffer, out.namesPacked.ends.buffer);
      out.kinds = engine.nodeKinds();
      transfer.push(out.kinds.buffer);
    }
    for (const f of SNAPSHOT_FIELDS) {
      const arr = engine.scores(f);
      out.fields[f] = arr;
      transfer.push(arr.buffer);
    }
    out.fields.active = engine.activeMask();
    transfer.push(out.fields.active.buffer);
    out.whatIf = engine.whatIf() ?? [];
    return { value: out, transfer };
  }

  const withSnapshot = (value, opts, progress) => {
    const s = snapshot(opts, progress);
    return { value: { value, snapshot: s.value }, transfer: s.transfer };
  };
  const whole = { model: true, baseline: true };
  const scenariosInverse = () => {
    const list = engine.scenarios() ?? [];
    return { op: "set_model", field: "scenarios", value: list.length ? list : null };
  };

  const ops = {
    /**
     * Model JSON as text, or as its UTF-8 bytes (an autosaved large model). The engine reads bytes:
     * a long text would be copied into it a character at a time.
     */
    load(progress, text) {
      progress("Reading the model");
      const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
      return withSnapshot(engine.loadBytes("the model", bytes), whole, progress);
    },
    /**
     * A JSON model file (a File or Blob, never copied whole) read in chunks of `chunkBytes` into a
     * ModelStream, telling its progress ("Reading big.json: 312 of 606 MB"); a promise. One buffer
     * is filled again and again (a byte stream's BYOB reader), so a large file leaves no slices
     * behind for the garbage collector.
     */
    async loadFile(progress, file, { chunkBytes = CHUNK_BYTES } = {}) {
      const total = Number(file.size) || 0;
      const name = file.name ?? "the model";
      const stream = new ModelStream(name, total);
      const t0 = performance.now();
      try {
        for await (const bytes of chunksOf(file, chunkBytes)) {
          stream.push(bytes);
          progress(`Reading ${name}: ${megabytes(stream.bytesRead)} of ${megabytes(total)} MB`);
        }
      } catch (err) {
        stream.free();
        throw err;
      }
      progress("Building the model");
      const t1 = performance.now();
      const loaded = engine.loadStream(stream);
      Object.assign(profile, { readMs: t1 - t0, buildMs: performance.now() - t1, loadedWasmBytes: wasmMemoryBytes() });
      return withSnapshot(loaded, whole, progress);
    },
    /** The working model's JSON as UTF-8 bytes, transferred (no copy of a large text to the page). */
    modelJsonBytes() {
      const bytes = new TextEncoder().encode(engine.modelJson());
      return { value: bytes, transfer: [bytes.buffer] };
    },
    loadDemo(progress) {
      progress("Reading the model");
      return withSnapshot(engine.loadDemo(), whole, progress);
    },
    async importFiles(progress, files, mappingText, folder) {
      // One large JSON model as its File: read in chunks (docs/page.md, "Large models").
      if (files?.length === 1 && files[0].stream) return ops.loadFile(progress, files[0].file);
      progress("Reading the files");
      // Files given by the File alone (a model read again in a new worker) are read here; anything
      // else goes to the engine as it is (which names what is wrong with it).
      const byFile = Array.isArray(files) && files.some((f) => f?.file && !f.bytes);
      const read = byFile ? await Promise.all(files.map(async (f) => (f?.file && !f.bytes ? { name: f.name, bytes: new Uint8Array(await f.file.arrayBuffer()) } : f))) : files;
      return withSnapshot(engine.importFiles(read, mappingText ?? undefined, folder ?? undefined), whole, progress);
    },
    setActive(progress, id, on) {
      engine.setActive(id, Boolean(on));
      return withSnapshot(undefined, {}, progress);
    },
    setWhatIf(progress, toggles, reset) {
      if (reset) engine.resetWhatIf();
      const skipped = [];
      for (const t of toggles ?? []) {
        try {
          engine.setActive(t.id, Boolean(t.active));
        } catch (err) {
          if (err?.code === "ENGINE_RESTARTED") throw err;
          skipped.push(t.id);
        }
      }
      return withSnapshot(skipped, {}, progress);
    },
    resetWhatIf(progress) {
      engine.resetWhatIf();
      return withSnapshot(undefined, {}, progress);
    },
    /** An edit of the model (docs/js-api.md, "Editing"): {inverse, diagnostics, structure}. */
    edit(progress, op) {
      const done = engine.edit(op);
      return withSnapshot(done, { model: done.structure, baseline: true }, progress);
    },
    // The model changes below answer {result, inverse}: the edit that undoes them (the App's undo).
    applyGoalWeights(progress, ids, matrix) {
      const ops = (ids ?? []).map((id) => ({ op: "set", id, field: "weight", value: engine.node(id)?.weight ?? null }));
      ops.push({ op: "set_model", field: "ahp", value: engine.goalJudgements() ?? null });
      const result = engine.applyGoalWeights(ids, matrix);
      return withSnapshot({ result, inverse: { op: "batch", ops } }, whole, progress);
    },
    saveScenario(progress, scenario) {
      const inverse = scenariosInverse();
      return withSnapshot({ result: engine.saveScenario(scenario), inverse }, whole, progress);
    },
    deleteScenario(progress, name) {
      const inverse = scenariosInverse();
      return withSnapshot({ result: engine.deleteScenario(name), inverse }, whole, progress);
    },
    /** The scores again (after the engine was restarted, or asked for by a refresh). */
    snapshot(progress, opts) {
      return snapshot(opts ?? whole, progress);
    },
    /** A report section left out of the snapshot (`matrix`). */
    section(_progress, name) {
      return { value: engine.score([name])[name] ?? null };
    },
    layout() {
      const l = engine.layout();
      return { value: l, transfer: [l.x.buffer, l.y.buffer, l.layer.buffer] };
    },
    edges() {
      const e = engine.edges();
      return { value: e, transfer: [e.from.buffer, e.to.buffer, e.kind.buffer, e.weight.buffer] };
    },
    scores(_progress, field) {
      const arr = engine.scores(field);
      return { value: arr, transfer: [arr.buffer] };
    },
    /**
     * The working model (as loaded, no what-if) compared with an earlier one: model JSON text or
     * [{name, bytes}] files in any import format, `name` its file name (the `aligngraph diff` JSON).
     */
    compareWith(_progress, earlier, name) {
      return { value: engine.compareWith(earlier, name ?? undefined) };
    },
    /** A spare worker readies the engine's code for the next file (app/warm-up.js); what it took. */
    warmUp(_progress, step) {
      return { value: warmUp(Engine, step) };
    },
  };

  // --- Decision views at scale (docs/decisions.md, "In the page") ---------------------------------
  // The optimiser and the frontier, time-boxed, telling their progress as stages; the model's own
  // numbers the decision views show, as columns (no model JSON crosses to the page).
  const count = (n) => Math.round(n).toLocaleString("en");
  const timed = (opts, progress, stage) => ({
    timeLimitMs: opts?.timeLimitMs ?? undefined,
    value: opts?.value ?? undefined,
    onProgress: (p) => progress(stage(p)),
  });
  ops.optimize = (progress, budget, opts) => ({
    value: engine.optimize(budget, timed(opts, progress, (p) => `Searching: ${count(p.nodes)} portfolios examined in ${(p.elapsedMs / 1000).toFixed(1)} s`)),
  });
  ops.frontier = (progress, points, opts) => ({
    value: engine.frontier(points ?? undefined, timed(opts, progress, (p) => (p.points ? `Frontier: budget ${Math.min(p.point + 1, p.points)} of ${p.points}, ${(p.elapsedMs / 1000).toFixed(1)} s` : "Frontier"))),
  });
  ops.decisionFields = () => {
    const f = engine.decisionFields();
    const cols = ["benefit", "cost", "business_value", "time_criticality", "risk_reduction", "job_size"];
    return { value: f, transfer: cols.map((c) => f[c].buffer) };
  };
  // The lenses with the costs' spend per node as two columns in node order (`costs.run`,
  // `costs.change`: Float64Arrays, moved; NaN for a node the costs lens leaves out) in place of an
  // object of an entry per node, which took the page 100 ms and more to copy at 100,000 nodes
  // (lib/lens.js, `nodeSpend`, reads them).
  ops.lenses = (_progress, today) => {
    const out = engine.lenses(today ?? undefined);
    const nodes = out?.costs?.nodes;
    if (!nodes) return { value: out };
    const n = engine.nodeCount;
    const run = new Float64Array(n).fill(NaN);
    const change = new Float64Array(n).fill(NaN);
    for (const [id, c] of Object.entries(nodes)) {
      const v = engine.nodeIndex(id);
      if (v === undefined) continue;
      run[v] = c?.run ?? NaN;
      change[v] = c?.change ?? NaN;
    }
    delete out.costs.nodes;
    Object.assign(out.costs, { run, change });
    return { value: out, transfer: [run.buffer, change.buffer] };
  };
  // The Roadmap's schedule with its rows sorted here, as columns (lib/gantt.js).
  ops.roadmap = (_progress, deadline) => ganttSchedule(engine.schedule(deadline ?? undefined));
  // --- end of the decision views' operations -----------------------------------------------------

  return {
    engine,
    profile,
    handle(op, args, progress = () => {}) {
      const fn = Object.hasOwn(ops, op) ? ops[op] : null;
      if (fn) return fn(progress, ...(args ?? []));
      // Every other Engine method answers as it is (explain, node, optimize, schedule, exportAs, ...).
      if (typeof engine[op] !== "function" || op === "free" || op === "onRestart") {
        const err = new Error(`the engine has no operation "${op}"`);
        err.code = "INVALID_ARGUMENT";
        throw err;
      }
      return { value: engine[op](...(args ?? [])) };
    },
    /** fn({cause, restored}) after the engine was started again. */
    onRestart: (fn) => engine.onRestart?.(fn),
  };
}

/**
 * Gives a snapshot's report its `initiatives` (the CLI's entries: id, name, status, active, cost,
 * alignment, conflict, own_risk, delivery_risk, exposure, orphan), made from the columns and the
 * per-node scores the first time a view reads them. The id, the name and the numbers are
 * read-only properties read from `strings` (`packedStrings`) and the columns; `JSON.stringify`
 * gives each entry as the CLI writes it.
 */
export function withInitiatives(report, { columns, fields }, strings, statusNames) {
  if (!report || !columns) return report;
  const { order, status, orphan, cost, own_risk: ownRisk, conflict } = columns;
  const { alignment, delivery_risk: risk, active } = fields;
  // An entry holds its status and flags; it reads its id, name and numbers when asked, so it
  // holds no number of its own (300,000 initiatives take 11 MB rather than 37 MB) and makes no
  // list of ids. As JSON it is the report's entry, whole and in the report's order of fields.
  class Initiative {
    #i;
    constructor(i) {
      this.#at(i);
    }
    #at(i) {
      const v = order[i];
      this.status = statusNames[status[i]];
      this.active = active[v] === 1;
      this.orphan = orphan[i] === 1;
      this.#i = i;
      return this;
    }
    /** fn(entry, i) for each initiative, one entry moved along the columns (lib/initiatives.js). */
    static each(fn) {
      const one = new Initiative(0);
      for (let i = 0; i < order.length; i++) fn(one.#at(i), i);
    }
    get id() {
      return strings.id(order[this.#i]);
    }
    get name() {
      return strings.name(order[this.#i]);
    }
    get cost() {
      return cost[this.#i];
    }
    get alignment() {
      return alignment[order[this.#i]];
    }
    get conflict() {
      return conflict[this.#i];
    }
    get own_risk() {
      return ownRisk[this.#i];
    }
    get delivery_risk() {
      return risk[order[this.#i]];
    }
    get exposure() {
      return risk[order[this.#i]] * cost[this.#i];
    }
    toJSON() {
      const { id, name, status, active, cost, alignment, conflict, own_risk, delivery_risk, exposure, orphan } = this;
      return { id, name, status, active, cost, alignment, conflict, own_risk, delivery_risk, exposure, orphan };
    }
  }
  let made = null;
  Object.defineProperty(report, "initiatives", {
    enumerable: true,
    configurable: true,
    get() {
      if (!made) {
        made = new Array(order.length);
        for (let i = 0; i < order.length; i++) made[i] = new Initiative(i);
      }
      return made;
    },
  });
  // Walking or counting the initiatives makes no entries (lib/initiatives.js); not enumerable, so
  // the report as JSON is as before.
  Object.defineProperty(report, "eachInitiative", {
    configurable: true,
    value: (fn) => (made ? made.forEach((x, i) => fn(x, i)) : order.length && Initiative.each(fn)),
  });
  Object.defineProperty(report, "initiativeCount", { configurable: true, value: order.length });
  return report;
}

/** An error as data that crosses to the page: message, code and what it names. */
export function errorData(err) {
  const out = { message: String(err?.message ?? err), name: err?.name ?? "Error" };
  for (const k of ["code", "diagnostics", "summary", "id", "field"]) {
    if (err?.[k] !== undefined) out[k] = err[k];
  }
  return out;
}

/** The Error a page sees for error data (the engine's fields kept). */
export function errorFrom(data) {
  const err = new Error(data?.message ?? "the engine failed");
  for (const [k, v] of Object.entries(data ?? {})) if (k !== "message") err[k] = v;
  return err;
}
