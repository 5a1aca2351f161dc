// The undo and redo stacks (app/history.js) and the words of an edit.

import assert from "node:assert/strict";
import { test } from "node:test";
import { describeEdit, History, HISTORY_LIMIT } from "./history.js";

const entry = (log, label, { fail = false } = {}) => ({
  label,
  async undo() {
    await new Promise((r) => setTimeout(r, 5));
    if (fail) throw new Error(`cannot undo ${label}`);
    log.push(`undo ${label}`);
  },
  async redo() {
    log.push(`redo ${label}`);
  },
});

test("steps run in order, a failed step stays where it was, a new change drops the redo stack", async () => {
  let changes = 0;
  const h = new History(() => changes++);
  const log = [];
  h.record(entry(log, "a"));
  h.record(entry(log, "b", { fail: true }));
  h.record(entry(log, "c"));
  // Two undos asked at once (a held Ctrl+Z) run one after the other.
  const [first, second] = [h.step("undo"), h.step("undo")];
  assert.equal(await first, true);
  await assert.rejects(second, /cannot undo b/);
  assert.deepEqual(log, ["undo c"]);
  assert.deepEqual(h.undone.map((e) => e.label), ["a", "b"], "the failed entry is still to undo");
  assert.deepEqual(h.redone.map((e) => e.label), ["c"]);
  assert.equal(await h.step("redo"), true);
  assert.equal(await h.step("redo"), false, "nothing more to redo");
  await h.step("undo");
  h.record(entry(log, "d"));
  assert.deepEqual(h.redone, []);
  assert.ok(changes >= 7);
  h.clear();
  assert.deepEqual([h.undone, h.redone], [[], []]);
});

test("the history keeps the latest changes only", () => {
  const h = new History(() => {});
  for (let i = 0; i < HISTORY_LIMIT + 5; i++) h.record({ label: String(i) });
  assert.equal(h.undone.length, HISTORY_LIMIT);
  assert.equal(h.undone[0].label, "5");
});

test("an edit in words", () => {
  const name = (id) => ({ crm: "CRM", g: "Growth" })[id] ?? id;
  assert.equal(describeEdit({ op: "set", id: "crm", field: "cost", value: 150 }, { value: 120 }, name), "cost of CRM 120 → 150");
  assert.equal(describeEdit({ op: "set", id: "crm", field: "name", value: null }, { value: "CRM" }, name), "name of CRM CRM → none");
  assert.equal(describeEdit({ op: "set_edge", from: "crm", to: "g", kind: "contributes", value: 0.4 }, { value: 0.8 }, name), "weight of CRM → Growth 0.8 → 0.4");
  assert.equal(describeEdit({ op: "delete_node", id: "crm" }, null, name), "delete CRM");
  assert.equal(describeEdit({ op: "add_edge", edge: { from: "crm", to: "g", kind: "supports" } }, null, name), "add supports CRM → Growth");
  assert.equal(describeEdit({ op: "batch", ops: [{}, {}] }, null, name), "2 changes");
});
