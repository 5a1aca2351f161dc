// The App: the one owner of the dashboard's state and the only way to change the model. Views read
// from it (report, baseline, per-node scores, names) and ask it for changes (what-if toggles, goal
// weights, scenarios, a new model); it calls the engine, bumps `modelVersion`, re-scores and tells
// every listener. Its public members and events are listed in docs/page-contract.md ("The App"), and
// a unit test keeps the two in step.

import { createFormat } from "../lib/format.js";
import { localDate } from "../lib/lens.js";
import { describeEdit, History } from "./history.js";

/** Every event the App emits, with what its listeners receive. */
export const APP_EVENTS = Object.freeze({
  loaded: "a new model replaced the working model (load, import, start over): its origin",
  scored: "the working model was re-scored (any change, a what-if toggle, a load): the report",
  edited: "the working model itself changed in the page (edits, goal weights, scenarios, undo, redo): nothing",
  history: "the undo or redo history changed: {canUndo, canRedo, undoLabel, redoLabel}",
  select: "the selected node changed: its id, or null",
  view: "another view was asked for: its name",
  filter: "a view's filter text changed: {view, text}",
  theme: 'the theme changed: "light" or "dark"',
  status: "a message for the status line: {message, error, details, action}",
  "import-summary": "the import summary was asked for again: the ArchiMate type whose row to show, or null",
  simulated: "a Monte Carlo run finished: its result",
  "engine-restarted": "the engine failed, was started again and holds the last good model: {cause, restored}",
  progress: "a new model is being read off the page's thread: {label, stage, cancel} while it runs (cancel null when it cannot be stopped), {label, done: true} at the end",
  compared: "the snapshot or its comparison with the working model changed: the snapshot, or null",
});

/** The views a dashboard has, in tab order. */
export const VIEW_NAMES = Object.freeze([
  "overview",
  "graph",
  "matrix",
  "portfolio",
  "capabilities",
  "applications",
  "money",
  "operations",
  "people",
  "threats",
  "whatif",
  "weights",
  "priorities",
  "budget",
  "roadmap",
  "simulation",
  "scenarios",
  "diagnostics",
]);

/** A model title from the file it came from: "Zoo.xml" -> "Zoo"; a CSV set by its folder-less names. */
export function fileTitle(fileName) {
  const first = String(fileName).split(", ")[0];
  const stem = first.replace(/^.*[\\/]/, "").replace(/\.(json|xml|archimate|csv|zip)$/i, "");
  return stem || null;
}

const KIND_NAMES = ["goal", "capability", "activity", "application", "initiative", "element", "person"];

/** An Error for a change the App refuses (read-only dashboard), with a `code` like the engine's. */
function refused(what) {
  const err = new Error(`This dashboard is read-only: ${what} is not possible here.`);
  err.code = "READ_ONLY";
  return err;
}

export class App {
  /**
   * @param engine   an `Engine` of the Wasm package (one per dashboard)
   * @param options  {readonly: no import, no edits of the model (what-if stays), wasmModule: the
   *                 compiled engine module (for the simulation worker)}
   */
  constructor(engine, { readonly = false, wasmModule = null, title = null } = {}) {
    this.engine = engine;
    this.readonly = Boolean(readonly);
    this.wasmModule = wasmModule;
    /** The latest report (engine.score()) and the report of the model without what-if changes. */
    this.report = null;
    this.baseline = null;
    /** Bumped on every change of the model that scores are computed from (load, edit, what-if). */
    this.modelVersion = 0;
    this.selected = null;
    this.view = "overview";
    /** The filter text of each view that has one ({graph: "crm", whatif: "erp"}): part of a deep link. */
    this.filters = {};
    /** The title a publisher gave the dashboard (`aligngraph bundle --title`), or null. */
    this.title = title;
    this.theme = "light";
    this.format = createFormat(null);
    /** Where the working model came from: {source: "demo"|"embedded"|"import"|"edited"|"message", fileName?, restored?}. */
    this.origin = null;
    /** The errors of the last rejected import ({fileName, diagnostics}), or null. */
    this.rejected = null;
    /**
     * What the import of the working model read and made of it ({summary, fileName, mappingName,
     * dismissed, restored}; summary as engine.importFiles returns it), or null (demo, JSON, embedded).
     */
    this.importInfo = null;
    /** The running Monte Carlo worker (null when none) and the latest finished run {result, version, ms}. */
    this.simulationWorker = null;
    this.lastSimulation = null;
    /** Milliseconds from the page's start: {wasm, load, firstRender, updates: {view: ms}}. */
    this.timings = {};
    this._listeners = new Map();
    /** Every change of the model and the what-if state, to undo and redo (app/history.js). */
    this._history = new History(() =>
      this.emit("history", { canUndo: this.canUndo, canRedo: this.canRedo, undoLabel: this.undoLabel, redoLabel: this.redoLabel }),
    );
    this._resetCaches();
    // The engine failed (a trap) and was started again with the last good model (app/engine.js).
    engine.onRestart?.((info) => this._restarted(info));
  }

  async _restarted({ cause, restored }) {
    this._resetCaches();
    this._clearHistory();
    this.rejected = null;
    if (restored) {
      // A trap inside the engine: it holds its last good model again; a dead worker's
      // successor already sent its snapshot.
      try {
        await this.engine.run("snapshot", [{ model: true, baseline: true }]);
      } catch {
        // the snapshot the host has is shown
      }
      this.baseline = this.engine.data?.baseline ?? this.baseline;
      this._changed();
    }
    this.emit("engine-restarted", { cause, restored });
    const what = `The analytics engine failed (${cause?.message ?? cause}) and was started again`;
    this.notify(restored ? `${what}: ${this.modelName} is shown as it was before.` : `${what} without a model: reload the page.`, { error: true });
  }

  _resetCaches() {
    this._ids = null;
    this._names = null;
    this._kinds = null;
    this._graph = null;
    this._index = null;
    this._scores = new Map();
    this._sections = new Map();
    this._initiatives = null;
    this._goals = null;
  }

  /** Runs an engine change: false when the engine failed (already recovered from and told by _restarted). */
  async _survive(fn) {
    try {
      await fn();
      return true;
    } catch (err) {
      if (err?.code === "ENGINE_RESTARTED" || err?.code === "CANCELLED") return false;
      throw err;
    }
  }


  // ------------------------------------------------------------------ events

  /** Subscribes to an event (one of APP_EVENTS); returns a function that unsubscribes. */
  on(event, fn) {
    if (!(event in APP_EVENTS)) throw new Error(`aligngraph: no App event "${event}"`);
    if (!this._listeners.has(event)) this._listeners.set(event, new Set());
    this._listeners.get(event).add(fn);
    return () => this._listeners.get(event)?.delete(fn);
  }

  /** Tells every listener of `event` (one of APP_EVENTS); a failing listener does not stop the others. */
  emit(event, arg) {
    if (!(event in APP_EVENTS)) throw new Error(`aligngraph: no App event "${event}"`);
    for (const fn of [...(this._listeners.get(event) ?? [])]) {
      try {
        fn(arg);
      } catch (err) {
        console.warn(`aligngraph: a "${event}" listener failed`, err);
      }
    }
  }

  // ------------------------------------------------------------------ page state

  /** Shows a short message in the status line. */
  notify(message, { error = false, details = null, action = null } = {}) {
    this.emit("status", { message, error, details, action });
  }

  /** Selects a node (shown in the detail panel); null or an unknown id clears the selection. */
  select(id) {
    const next = id == null || this.index(id) === undefined ? null : id;
    if (next === this.selected) return;
    this.selected = next;
    this.emit("select", next);
  }

  /** Asks for another view (the shell shows it); unknown names mean the overview. */
  showView(name) {
    const next = VIEW_NAMES.includes(name) ? name : "overview";
    this.view = next;
    this.emit("view", next);
  }

  /** Sets the filter text of a view (the graph's search, the what-if list's filter); "" clears it. */
  setFilter(view, text) {
    const next = String(text ?? "");
    if ((this.filters[view] ?? "") === next) return;
    if (next) this.filters[view] = next;
    else delete this.filters[view];
    this.emit("filter", { view, text: next });
  }

  /** Sets the theme the views draw with ("light" | "dark"). */
  setTheme(theme) {
    const next = theme === "dark" ? "dark" : "light";
    if (next === this.theme) return;
    this.theme = next;
    this.emit("theme", next);
  }

  /** Opens the import summary again (after it was dismissed) on the overview, at one ArchiMate type's row if given. */
  showImportSummary(type = null) {
    if (!this.importInfo) return;
    this.importInfo.dismissed = false;
    this.showView("overview");
    this.emit("import-summary", type ?? null);
  }

  /** Records the running Monte Carlo worker (or null). */
  setSimulationWorker(worker) {
    this.simulationWorker = worker ?? null;
  }

  /** Records a finished Monte Carlo run of the current model and tells the views. */
  simulated(result, ms) {
    this.lastSimulation = { result, version: this.modelVersion, ms };
    this.emit("simulated", result);
  }

  // ------------------------------------------------------------------ changing the model

  /**
   * Reads a new model off the page's thread (engine-host.js) while the current one stays: emits
   * `progress` ({stage, cancel}, then {done: true}) and resolves to the engine's answer; a cancel
   * rejects with code CANCELLED and leaves everything as it was.
   */
  async _replace(op, args, label) {
    const job = this.engine.replace ? this.engine.replace(op, args, { onProgress: (stage) => report(stage) }) : null;
    const cancel = () => job?.cancel();
    const report = (stage) => this.emit("progress", { label, stage, cancel: job?.stoppable ? cancel : null, done: false });
    report("Starting");
    try {
      return job ? await job.promise : await this.engine.run(op, args);
    } finally {
      this.emit("progress", { label, done: true });
    }
  }

  /**
   * Loads model text (aligngraph JSON) as the working model; rejects with the engine's error (the old
   * model is kept). `importInfo` is the summary of the import the text came from, if any (a restored import).
   */
  async load(text, origin = { source: "message" }, { importInfo = null } = {}) {
    await this._replace("load", [text], origin?.fileName ?? "the model");
    this.rejected = null;
    this.importInfo = importInfo;
    this._loaded(origin);
  }

  /** Loads the built-in demo portfolio. */
  async loadDemo(origin = { source: "demo" }) {
    await this._replace("loadDemo", [], "the demo");
    this.rejected = null;
    this.importInfo = null;
    this._loaded(origin);
  }

  /**
   * Imports model files of any format ([{name, bytes}], optionally a mapping's text; with `folder`, the
   * files of that picked or dropped folder, each named by its path). On success the
   * import replaces the working model and its summary is kept; on failure the engine's error is
   * thrown (with `diagnostics`, which are recorded as `rejected`: the engine keeps the current model
   * and its what-if changes untouched).
   */
  async importFiles(files, mappingText, { label, mappingName = null, folder = null } = {}) {
    this._writable("importing a model");
    let result;
    try {
      // A folder's files are named by their paths inside it; the engine is told the folder's name.
      const args = folder ? [files, mappingText ?? undefined, folder] : [files, mappingText ?? undefined];
      result = await this._replace("importFiles", args, label);
    } catch (err) {
      if (err?.diagnostics?.length) {
        this.reject(err.code === "INVALID_MAPPING" ? `${mappingName ?? "the mapping file"} (mapping)` : label, err.diagnostics);
      }
      throw err;
    }
    const summary = result?.summary ?? null;
    this.rejected = null;
    this.importInfo =
      summary && summary.format !== "json"
        ? { summary, fileName: label, mappingName, dismissed: false, restored: false }
        : null;
    this._loaded({ source: "import", fileName: label, format: summary?.format ?? null });
    return result;
  }

  /**
   * Records the errors of a file that could not be opened (`rejected`, shown in Diagnostics) and tells
   * the views; the working model stays as it is.
   */
  reject(fileName, diagnostics) {
    this.rejected = { fileName, diagnostics: diagnostics ?? [] };
    this.refresh();
  }

  /** Switches an initiative on or off for what-if (the model itself is not changed); undoable. */
  async setActive(id, on) {
    const run = () => this.engine.run("setActive", [id, Boolean(on)]);
    await this._whatIfChange(run, `switch ${this.name(id)} ${on ? "on" : "off"} (what-if)`);
  }

  /**
   * Sets several what-if toggles at once ([{id, active}]); unknown ids are skipped and returned.
   * `record: false` keeps it out of the undo history (a restore on start).
   */
  async setWhatIf(toggles, { reset = true, record = true } = {}) {
    let skipped = (toggles ?? []).map((x) => x.id);
    const run = async () => {
      skipped = await this.engine.run("setWhatIf", [toggles ?? [], reset]);
    };
    await this._whatIfChange(run, "what-if changes", record);
    return skipped;
  }

  /** Back to the model's own active flags; undoable. */
  async resetWhatIf() {
    await this._whatIfChange(() => this.engine.run("resetWhatIf", []), "reset of the what-if changes");
  }

  async _whatIfChange(run, label, record = true) {
    const before = this.whatIf();
    if (!(await this._survive(run))) return;
    this._changed();
    if (!record || JSON.stringify(before) === JSON.stringify(this.whatIf())) return;
    this._record({
      label,
      undo: () => this._survive(() => this.engine.run("setWhatIf", [before, true])).then((ok) => ok && this._changed()),
      redo: () => this._survive(run).then((ok) => ok && this._changed()),
    });
  }

  /**
   * Applies an edit of the working model (docs/js-api.md, "Editing": `{op: "set", id, field,
   * value}`, `add_node`, `delete_node`, `add_edge`, `delete_edge`, `set_edge`, `set_model`,
   * `batch`); undoable. Rejects with the engine's INVALID_EDIT Error (its `diagnostics` name the
   * place) and changes nothing for a value a model file could not hold. Resolves to the engine's
   * answer ({inverse, diagnostics, structure}).
   */
  async edit(op, label = null) {
    this._writable("editing the model");
    const toggles = this.whatIf();
    // Names as they were (a deleted node has none afterwards).
    const names = new Map([op?.id, op?.from, op?.to, op?.edge?.from, op?.edge?.to].filter((x) => x != null).map((x) => [x, this.name(x)]));
    const done = await this.engine.run("edit", [op]);
    this._edited();
    this._recordModelChange(label ?? this.describeEdit(op, done.inverse, names), done.inverse, toggles, () => this._editNow(op));
    return done;
  }

  /** The diagnostics an edit would get (none when it applies cleanly), changing nothing: a promise. */
  checkEdit(op) {
    return this.engine.run("checkEdit", [op]);
  }

  /** Writes goal weights from pairwise judgements into the working model (engine.applyGoalWeights); undoable. */
  async applyGoalWeights(ids, matrix) {
    this._writable("changing the goal weights");
    return this._modelChange("applyGoalWeights", [ids, matrix], "goal weights");
  }

  /** Saves (adds or replaces) a scenario in the working model; undoable. */
  async saveScenario(scenario) {
    this._writable("saving a scenario");
    await this._modelChange("saveScenario", [scenario], `scenario "${scenario?.name ?? ""}"`);
  }

  /** Deletes a scenario from the working model; undoable. */
  async deleteScenario(name) {
    this._writable("deleting a scenario");
    await this._modelChange("deleteScenario", [name], `deletion of scenario "${name}"`);
  }

  async _modelChange(op, args, label) {
    const toggles = this.whatIf();
    const { result, inverse } = await this.engine.run(op, args);
    this._edited();
    this._recordModelChange(label, inverse, toggles, async () => {
      const again = await this.engine.run(op, args);
      this._edited();
      return again.inverse;
    });
    return result;
  }

  /** Runs an edit (undo, redo) and tells the views: its inverse. */
  async _editNow(op, toggles = null) {
    const done = await this.engine.run("edit", [op]);
    // The edit may have dropped toggles of a deleted node: they come back with it.
    if (toggles && JSON.stringify(toggles) !== JSON.stringify(this.whatIf())) await this.engine.run("setWhatIf", [toggles, true]);
    this._edited();
    return done.inverse;
  }

  _recordModelChange(label, inverse, toggles, again) {
    const entry = { label, inverse, toggles };
    entry.undo = () => this._editNow(entry.inverse, entry.toggles);
    entry.redo = async () => {
      entry.toggles = this.whatIf();
      entry.inverse = await again();
    };
    this._record(entry);
  }

  // ------------------------------------------------------------------ undo and redo

  get canUndo() {
    return this._history.undone.length > 0;
  }

  get canRedo() {
    return this._history.redone.length > 0;
  }

  /** What Undo would undo ("cost of CRM 120 → 150"), or null. */
  get undoLabel() {
    return this._history.undone.at(-1)?.label ?? null;
  }

  /** What Redo would make again, or null. */
  get redoLabel() {
    return this._history.redone.at(-1)?.label ?? null;
  }

  /** Undoes the latest change of the model or the what-if state (in a read-only dashboard, what-if only). */
  undo() {
    return this._history.step("undo");
  }

  /** Makes the latest undone change again. */
  redo() {
    return this._history.step("redo");
  }

  _record(entry) {
    this._history.record(entry);
  }

  _clearHistory() {
    this._history.clear();
  }

  /** An edit in words, for the undo titles: "cost of CRM 120 → 150", "delete CRM". */
  describeEdit(op, inverse = null, names = null) {
    return describeEdit(op, inverse, (id) => names?.get(id) ?? this.name(id));
  }

  /** Shows the latest scores again and tells every view (the engine scored with the last change). */
  refresh() {
    this.report = this.engine.data.report;
    this._scores.clear();
    this._sections.clear();
    this._initiatives = null;
    this._goals = null;
    this.emit("scored", this.report);
  }

  /**
   * A report section the snapshot leaves out (`matrix`: initiatives x goals), for the current scores.
   * A promise, cached until the next change.
   */
  section(name) {
    return this._cached(name, "section", [name]);
  }

  /**
   * The lenses of the current scores (engine.lenses: finance, costs, applications, capabilities,
   * diagnostics), with today's local date for a model without `as_of`. A promise, cached until the
   * next change.
   */
  lenses() {
    return this._cached("lenses", "lenses", [localDate()]);
  }

  /**
   * The finance lens alone (engine.finance: `{discount_rate, reinvest_rate, initiatives: {id: {npv,
   * irr, mirr, payback, discounted_payback}}, portfolio, diagnostics}`), cheap at any size. A promise,
   * cached until the next change.
   */
  finance() {
    return this._cached("finance", "finance", []);
  }

  /**
   * The threats to goals (engine.threats: `{kinds, goals: {id: {weight, reach, threats: {kind:
   * {share, value, nodes, paths}}}}, totals}`, docs/lenses.md), with today's local date for a model
   * without `as_of`. A promise, cached until the next change.
   */
  threats() {
    return this._cached("threats", "threats", [localDate()]);
  }

  /** The engine's answer to `op(...args)`, asked once until the next change. */
  _cached(key, op, args) {
    if (!this._sections.has(key)) {
      const p = this.engine.run(op, args);
      p.catch(() => this._sections.delete(key));
      this._sections.set(key, p);
    }
    return this._sections.get(key);
  }

  _writable(what) {
    if (this.readonly) throw refused(what);
  }

  /** After a what-if change: a new version of the scored model. */
  _changed() {
    this.modelVersion += 1;
    this.refresh();
  }

  /** After a change to the working model itself: autosaved ("edited"), the baseline follows. */
  _edited() {
    this._resetCaches();
    this.baseline = this.engine.data.baseline;
    this.engine.rememberEdited?.();
    if (this.origin?.source !== "import") this.origin = { ...(this.origin ?? {}), source: "edited" };
    this.modelVersion += 1;
    this.emit("edited");
    this.refresh();
  }

  /** After a new model: fresh caches and baseline, the selection dropped if its node is gone. */
  _loaded(origin) {
    this.origin = origin;
    this._clearHistory();
    this._resetCaches();
    this.format = createFormat(this.engine.currency ?? null);
    this.baseline = this.engine.data.baseline;
    this.modelVersion += 1;
    if (this.selected != null && this.index(this.selected) === undefined) {
      this.selected = null;
      this.emit("select", null);
    }
    this.emit("loaded", origin);
    this.refresh();
  }

  // ------------------------------------------------------------------ snapshot: compare with an earlier file

  /**
   * The earlier file the working model is compared with ({fileName, date (the file's, ISO), chosenAt,
   * files: [{name, bytes}]}) or null; its comparison (engine.compareWith: the `aligngraph diff` JSON)
   * or the error that stopped it. Kept with the autosaved work (session.js).
   */
  snapshot = null;
  comparison = null;
  comparisonError = null;

  /**
   * Compares the working model with an earlier file and keeps it as the snapshot; rejects with the
   * engine's error (`diagnostics` naming the file) and keeps the previous snapshot when it does not load.
   */
  async compareWith(snapshot) {
    const comparison = await this.engine.run("compareWith", [snapshot.files, snapshot.fileName]);
    this.snapshot = snapshot;
    this.comparison = comparison;
    this.comparisonError = null;
    this.emit("compared", snapshot);
    return comparison;
  }

  /** The comparison again, after the working model changed (a new model, an edit). */
  async recompare() {
    if (!this.snapshot) return;
    try {
      this.comparison = await this.engine.run("compareWith", [this.snapshot.files, this.snapshot.fileName]);
      this.comparisonError = null;
    } catch (err) {
      this.comparison = null;
      this.comparisonError = err;
    }
    this.emit("compared", this.snapshot);
  }

  /** Forgets the snapshot and its comparison. */
  clearSnapshot() {
    this.snapshot = null;
    this.comparison = null;
    this.comparisonError = null;
    this.emit("compared", null);
  }

  // ------------------------------------------------------------------ reading

  get modelName() {
    const fromFile = this.origin?.source === "import" && this.origin.fileName ? fileTitle(this.origin.fileName) : null;
    return this.engine.modelName ?? this.report?.model?.name ?? fromFile ?? "Untitled model";
  }

  ids() {
    if (!this._ids) this._ids = this.engine.nodeIds();
    return this._ids;
  }

  names() {
    if (!this._names) this._names = this.engine.nodeNames();
    return this._names;
  }

  /** The index of a node id in model order, or undefined. */
  index(id) {
    if (!this._index) {
      const m = new Map();
      this.ids().forEach((nodeId, i) => m.set(nodeId, i));
      this._index = m;
    }
    return this._index.get(id);
  }

  /** A node's display name (its id when it has none, or the id itself when unknown). */
  name(id) {
    const i = this.index(id);
    return i === undefined ? String(id) : this.names()[i];
  }

  kind(id) {
    const i = this.index(id);
    if (i === undefined) return null;
    return this.kindNames()[this.kindCodes()[i]] ?? null;
  }

  /** Every node's kind as a code (Uint8Array in model order; names in `kindNames()`), cached. */
  kindCodes() {
    if (!this._kinds) this._kinds = this.engine.nodeKinds();
    return this._kinds;
  }

  /** Node kind names by code. */
  kindNames() {
    return this.engine.constructor?.kindNames?.() ?? KIND_NAMES;
  }

  /** Edge kind names by code (the `kind` of `graphData().edges`). */
  edgeKindNames() {
    return this.engine.constructor?.edgeKindNames?.() ?? [];
  }

  /**
   * The strategy graph's data, computed once per model: {layout} (the engine's layered layout:
   * x, y, layer as typed arrays) and {edges} ({from, to, kind, weight} typed arrays). A promise.
   */
  graphData() {
    if (!this._graph) {
      this._graph = Promise.all([this.engine.run("layout", []), this.engine.run("edges", [])]).then(([layout, edges]) => ({ layout, edges }));
      this._graph.catch(() => (this._graph = null));
    }
    return this._graph;
  }

  /** One score per node (Float64Array in model order) after the latest score(), cached. */
  scores(field) {
    if (!this._scores.has(field)) {
      let arr = null;
      try {
        arr = this.engine.scores(field);
      } catch {
        arr = null;
      }
      this._scores.set(field, arr);
    }
    return this._scores.get(field);
  }

  /**
   * Whether each node is active (Uint8Array in model order: 1 for an active initiative, else 0) after
   * the latest score(): what `scores("active")` holds, without making its Float64Array.
   */
  activeMask() {
    return this.engine.activeMask() ?? null;
  }

  score(field, id) {
    const arr = this.scores(field);
    const i = this.index(id);
    return arr && i !== undefined ? arr[i] : NaN;
  }

  /** The report's entry of an initiative (current toggles). */
  initiative(id) {
    if (!this._initiatives) this._initiatives = new Map((this.report?.initiatives ?? []).map((x) => [x.id, x]));
    return this._initiatives.get(id);
  }

  goal(id) {
    if (!this._goals) this._goals = new Map((this.report?.goals ?? []).map((x) => [x.id, x]));
    return this._goals.get(id);
  }

  baselineGoal(id) {
    return (this.baseline?.goals ?? []).find((g) => g.id === id);
  }

  /** The what-if toggles that differ from the file: [{id, active}]. */
  whatIf() {
    try {
      return this.engine.whatIf() ?? [];
    } catch {
      return [];
    }
  }
}
