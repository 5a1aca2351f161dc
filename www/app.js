// The App state object handed to every view:
//   { engine, report, baseline, selected, select(id), refresh(), on(event, fn), format }
// Events: "scored" (after every re-score: a what-if toggle, an import), "select" (node id or null),
// "theme" ("light" | "dark"), "edited" (the working model itself changed: goal weights, scenarios).

import { createFormat } from "./format.js";

/** A model title from the file it came from: "Zoo.xml" -> "Zoo"; a CSV set by its folder-less names. */
export function fileTitle(fileName) {
  const first = String(fileName).split(", ")[0];
  const stem = first.replace(/^.*[\\/]/, "").replace(/\.(json|xml|archimate|csv|zip)$/i, "");
  return stem || null;
}

const KIND_NAMES = ["goal", "capability", "activity", "application", "initiative", "element"];

export class App {
  constructor(engine) {
    this.engine = engine;
    this.report = null;
    this.baseline = null;
    this.selected = null;
    this.format = createFormat(null);
    this.theme = "light";
    /** Where the working model came from: {source: "demo"|"embedded"|"import"|"restored", fileName?}. */
    this.origin = null;
    /** The errors of the last rejected import ({fileName, diagnostics}), or null. */
    this.rejected = null;
    /**
     * What the import of the working model read and made of it ({summary, fileName, mappingName,
     * dismissed, restored}; summary as engine.importFiles returns it), or null (demo, JSON, embedded).
     */
    this.importInfo = null;
    this._listeners = new Map();
    this._resetCaches();
  }

  _resetCaches() {
    this._ids = null;
    this._names = null;
    this._kinds = null;
    this._index = null;
    this._scores = new Map();
    this._initiatives = null;
    this._goals = null;
  }

  /** Subscribes to an event; returns a function that unsubscribes. */
  on(event, fn) {
    if (!this._listeners.has(event)) this._listeners.set(event, new Set());
    this._listeners.get(event).add(fn);
    return () => this._listeners.get(event)?.delete(fn);
  }

  emit(event, arg) {
    for (const fn of [...(this._listeners.get(event) ?? [])]) {
      try {
        fn(arg);
      } catch (err) {
        // A failing listener must not stop the others (each view guards its own rendering too).
        console.warn(`aligngraph: a "${event}" listener failed`, err);
      }
    }
  }

  /** Shows a short message in the status line (#status). */
  notify(message, { error = false, details = null, action = null } = {}) {
    this.emit("status", { message, error, details, action });
  }

  /** Selects a node (shown in the detail panel); null clears the selection. */
  select(id) {
    const next = id == null || this.index(id) === undefined ? null : id;
    this.selected = next;
    this.emit("select", next);
  }

  /** To be called after engine.load()/loadDemo(): new model, new baseline, fresh scores. */
  loaded(origin) {
    this.origin = origin;
    this._resetCaches();
    this.format = createFormat(this.engine.currency ?? null);
    this.baseline = this.engine.baseline();
    if (this.selected != null && this.index(this.selected) === undefined) {
      this.selected = null;
      this.emit("select", null);
    }
    this.refresh();
  }

  /**
   * To be called after a change to the working model itself (goal weights, scenarios): the model is
   * autosaved with the change ("edited" event) and re-scored. The baseline follows the model.
   */
  modelEdited() {
    this._resetCaches();
    this.baseline = this.engine.baseline();
    this.emit("edited");
    this.refresh();
  }

  /** Re-scores the model under the current what-if toggles and tells every view. */
  refresh() {
    this.report = this.engine.score();
    this._scores.clear();
    this._initiatives = null;
    this._goals = null;
    this.emit("scored", this.report);
  }

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
    if (!this._kinds) this._kinds = this.engine.nodeKinds();
    const names = this.engine.constructor?.kindNames?.() ?? KIND_NAMES;
    return names[this._kinds[i]] ?? null;
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
