// Scenario helpers without DOM (unit-tested in node): the changes the editor builds, their wording,
// and the formatting of a comparison (engine.compareScenario) for the side-by-side tables.

/** Fields a "set" change may give a number (docs/decisions-contract.md, "Scenarios"). */
export const SET_FIELDS = [
  { field: "cost", label: "cost", kind: "money" },
  { field: "benefit", label: "benefit", kind: "money" },
  { field: "risk", label: "risk (0 to 1)", kind: "share" },
  { field: "duration", label: "duration", kind: "number" },
  { field: "weight", label: "weight (goals)", kind: "number" },
  { field: "business_value", label: "business value", kind: "number" },
  { field: "time_criticality", label: "time criticality", kind: "number" },
  { field: "risk_reduction", label: "risk reduction", kind: "number" },
  { field: "job_size", label: "job size", kind: "number" },
];

export const OPS = [
  { op: "cancel", label: "Cancel an initiative" },
  { op: "approve", label: "Approve an initiative" },
  { op: "set", label: "Set a field of a node" },
  { op: "budget", label: "Set a budget" },
  { op: "json", label: "Any change as JSON (e.g. add a node)" },
];

export class ChangeError extends Error {}

const num = (text, what) => {
  const t = String(text ?? "").trim().replace(/[,_\s]/g, "");
  const x = Number(t);
  if (t === "" || !Number.isFinite(x)) throw new ChangeError(`${what} must be a number.`);
  return x;
};

/** A change object from the editor's inputs; throws ChangeError saying what is missing. */
export function makeChange({ op, id, field, value, json }) {
  switch (op) {
    case "cancel":
    case "approve":
      if (!id) throw new ChangeError("Choose an initiative.");
      return { op, id };
    case "set": {
      if (!id) throw new ChangeError("Choose a node.");
      if (!SET_FIELDS.some((f) => f.field === field)) throw new ChangeError("Choose a field.");
      const x = num(value, "The value");
      if (x < 0) throw new ChangeError("The value must be 0 or more.");
      return { op, id, field, value: x };
    }
    case "budget": {
      const x = num(value, "The budget");
      if (x < 0) throw new ChangeError("The budget must be 0 or more.");
      return { op, value: x };
    }
    case "json": {
      let c;
      try {
        c = JSON.parse(String(json ?? ""));
      } catch (e) {
        throw new ChangeError(`Not valid JSON: ${e.message}`);
      }
      if (!c || typeof c !== "object" || Array.isArray(c) || typeof c.op !== "string") {
        throw new ChangeError('A change is one JSON object with an "op": cancel, approve, set, add or budget.');
      }
      return c;
    }
    default:
      throw new ChangeError("Choose a kind of change.");
  }
}

/** A change in words: "Cancel Cloud data lakehouse", "Set cost of X to €1.2M", "Budget €8M". */
export function describeChange(c, nameOf = (id) => id, money = (x) => String(x)) {
  switch (c?.op) {
    case "cancel":
      return `Cancel ${nameOf(c.id)}`;
    case "approve":
      return `Approve ${nameOf(c.id)}`;
    case "set": {
      const def = SET_FIELDS.find((f) => f.field === c.field);
      const v = def?.kind === "money" ? money(c.value) : String(c.value);
      return `Set ${def ? def.field.replace(/_/g, " ") : c.field} of ${nameOf(c.id)} to ${v}`;
    }
    case "budget":
      return `Budget of ${money(c.value)}`;
    case "add": {
      const n = c.node ?? {};
      const edges = Array.isArray(c.edges) ? c.edges.length : 0;
      return `Add ${n.kind ?? "node"} ${n.name ?? n.id ?? "?"}${edges ? ` with ${edges} link${edges === 1 ? "" : "s"}` : ""}`;
    }
    default:
      return JSON.stringify(c);
  }
}

/** A scenario name as typed: trimmed, non-empty, at most 120 characters. Throws ChangeError. */
export function checkName(name) {
  const n = String(name ?? "").trim();
  if (!n) throw new ChangeError("Give the scenario a name.");
  if (n.length > 120) throw new ChangeError("The name is longer than 120 characters.");
  return n;
}

/**
 * Whether a delta is good news: "better" / "worse" / "" (none), given which way is good ("up" or
 * "down") for that figure.
 */
export function deltaTone(delta, better = "up", eps = 1e-9) {
  if (typeof delta !== "number" || !Number.isFinite(delta) || Math.abs(delta) <= eps) return "";
  return (delta > 0) === (better === "up") ? "better" : "worse";
}

/** A KPI value of a comparison as a number (a list counts its items). */
export function kpiNumber(v) {
  return Array.isArray(v) ? v.length : typeof v === "number" ? v : Number(v);
}

/** The most nodes the editor's node list holds at once; a longer list is found by typing. */
export const NODE_CHOICES = 500;

/**
 * The nodes the editor's list offers: `all` is [{id, name, label, group}] in model order; `query`
 * (any case) keeps those whose name or id contains it. At most `limit` are offered: the first
 * matches in model order, sorted by group (a node's kind) and then name. {choices, matched, total}.
 */
export function nodeChoices(all, query = "", limit = NODE_CHOICES) {
  const q = String(query ?? "").trim().toLowerCase();
  const choices = [];
  let matched = 0;
  for (const n of all) {
    if (q && !n.name.toLowerCase().includes(q) && !n.id.toLowerCase().includes(q)) continue;
    matched++;
    if (choices.length < limit) choices.push(n);
  }
  choices.sort((a, b) => String(a.group ?? "").localeCompare(String(b.group ?? "")) || a.name.localeCompare(b.name));
  return { choices, matched, total: all.length };
}
