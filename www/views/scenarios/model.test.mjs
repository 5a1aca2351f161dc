import test from "node:test";
import assert from "node:assert/strict";
import { makeChange, describeChange, checkName, deltaTone, kpiNumber, ChangeError } from "./model.js";

test("makeChange builds the contract's change objects", () => {
  assert.deepEqual(makeChange({ op: "cancel", id: "ini-a" }), { op: "cancel", id: "ini-a" });
  assert.deepEqual(makeChange({ op: "set", id: "ini-a", field: "cost", value: "1,200,000" }), { op: "set", id: "ini-a", field: "cost", value: 1200000 });
  assert.deepEqual(makeChange({ op: "budget", value: "8000000" }), { op: "budget", value: 8000000 });
  assert.deepEqual(makeChange({ op: "json", json: '{"op":"add","node":{"id":"n","kind":"initiative"},"edges":[]}' }).op, "add");
});

test("makeChange says what is missing", () => {
  assert.throws(() => makeChange({ op: "cancel" }), ChangeError);
  assert.throws(() => makeChange({ op: "set", id: "x", field: "colour", value: "1" }), /field/);
  assert.throws(() => makeChange({ op: "budget", value: "lots" }), /number/);
  assert.throws(() => makeChange({ op: "json", json: "[1]" }), /op/);
  assert.throws(() => makeChange({ op: "json", json: "{" }), /JSON/);
});

test("describeChange", () => {
  const names = { a: "Alpha" };
  const nameOf = (id) => names[id] ?? id;
  const money = (x) => `€${x / 1e6}M`;
  assert.equal(describeChange({ op: "cancel", id: "a" }, nameOf), "Cancel Alpha");
  assert.equal(describeChange({ op: "set", id: "a", field: "cost", value: 1.2e6 }, nameOf, money), "Set cost of Alpha to €1.2M");
  assert.equal(describeChange({ op: "budget", value: 8e6 }, nameOf, money), "Budget of €8M");
  assert.equal(describeChange({ op: "add", node: { id: "n", kind: "initiative", name: "New" }, edges: [{}] }), "Add initiative New with 1 link");
});

test("checkName, deltaTone, kpiNumber", () => {
  assert.equal(checkName("  Cut 20% "), "Cut 20%");
  assert.throws(() => checkName(" "), ChangeError);
  assert.equal(deltaTone(0.1, "up"), "better");
  assert.equal(deltaTone(0.1, "down"), "worse");
  assert.equal(deltaTone(0, "down"), "");
  assert.equal(kpiNumber([1, 2]), 2);
  assert.equal(kpiNumber(0.5), 0.5);
});

test("nodeChoices: every node of a short list, sorted; a long one's first matches of what is typed", async () => {
  const { nodeChoices } = await import("./model.js");
  const all = [
    { id: "i3", name: "Zeta", group: "initiative" },
    { id: "a1", name: "CRM", group: "application" },
    { id: "i1", name: "Alpha", group: "initiative" },
    { id: "i2", name: "alphabet soup", group: "initiative" },
  ];
  assert.deepEqual(nodeChoices(all).choices.map((n) => n.id), ["a1", "i1", "i2", "i3"]);
  const some = nodeChoices(all, " ALPHA ");
  assert.deepEqual(some.choices.map((n) => n.id), ["i1", "i2"]);
  assert.equal(some.matched, 2);
  assert.equal(some.total, 4);
  assert.deepEqual(nodeChoices(all, "a1").choices.map((n) => n.id), ["a1"], "by id too");
  const capped = nodeChoices(all, "", 2);
  assert.deepEqual(capped.choices.map((n) => n.id), ["a1", "i3"], "the first two in model order, sorted");
  assert.equal(capped.matched, 4);
});
