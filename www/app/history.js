// The App's undo and redo history (app/state.js): every change of the model or the what-if state as
// {label, undo(), redo()}, the latest last; steps run one after another (a held Ctrl+Z), and a step
// that fails leaves the history as it was. DOM-free.

/** The most changes the history keeps. */
export const HISTORY_LIMIT = 200;

export class History {
  /** `changed()` after every change of the stacks. */
  constructor(changed) {
    this.undone = [];
    this.redone = [];
    this._changed = changed;
    this._serial = Promise.resolve();
  }

  record(entry) {
    this.undone.push(entry);
    if (this.undone.length > HISTORY_LIMIT) this.undone.shift();
    this.redone.length = 0;
    this._changed();
  }

  clear() {
    if (!this.undone.length && !this.redone.length) return;
    this.undone.length = 0;
    this.redone.length = 0;
    this._changed();
  }

  /** Undoes ("undo") or makes again ("redo") the latest entry: a promise, false when there is none. */
  step(how) {
    const [from, to] = how === "undo" ? [this.undone, this.redone] : [this.redone, this.undone];
    const run = async () => {
      const entry = from.pop();
      if (!entry) return false;
      try {
        await entry[how]();
      } catch (err) {
        from.push(entry);
        this._changed();
        throw err;
      }
      to.push(entry);
      this._changed();
      return true;
    };
    const next = this._serial.then(run, run);
    this._serial = next.catch(() => {});
    return next;
  }
}

/** A value as an undo title shows it. */
const shown = (v) => (v == null ? "none" : typeof v === "object" ? "…" : String(v));

/** An edit in words ("cost of CRM 120 → 150", "delete CRM"): `inverse` gives the old value, `name(id)` a node's name. */
export function describeEdit(op, inverse, name) {
  switch (op?.op) {
    case "set":
      return `${op.field} of ${name(op.id)} ${shown(inverse?.value)} → ${shown(op.value)}`;
    case "set_edge":
      return `weight of ${name(op.from)} → ${name(op.to)} ${shown(inverse?.value)} → ${shown(op.value)}`;
    case "add_node":
      return `add ${op.node?.name ?? op.node?.id}`;
    case "delete_node":
      return `delete ${name(op.id)}`;
    case "add_edge":
      return `add ${op.edge?.kind} ${name(op.edge?.from)} → ${name(op.edge?.to)}`;
    case "delete_edge":
      return `delete ${op.kind} ${name(op.from)} → ${name(op.to)}`;
    case "set_model":
      return `model ${op.field}`;
    default:
      return `${op?.ops?.length ?? 0} changes`;
  }
}
