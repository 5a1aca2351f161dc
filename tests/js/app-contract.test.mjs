// The App's public surface is what docs/page-contract.md ("The App") says: its state, its methods and
// its events, no more and no less; and every event any module of the page emits or listens to is one
// of them.

import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { App, APP_EVENTS } from "../../www/app/state.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const doc = readFileSync(path.join(ROOT, "docs/page-contract.md"), "utf8");
const section = doc.slice(doc.indexOf("## The App"), doc.indexOf("\n## ", doc.indexOf("## The App") + 3));

/** The code spans of a part of the section (from a heading word up to the next blank line). */
function spans(from) {
  const at = section.indexOf(from);
  assert.ok(at >= 0, `docs/page-contract.md: "The App" has no "${from}" part`);
  const end = section.indexOf("\n\n", at);
  const text = section.slice(at, end < 0 ? undefined : end);
  return [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
}
const names = (list) => [...new Set(list.map((s) => /^[A-Za-z_$][\w$]*/.exec(s)?.[0]).filter(Boolean))].sort();

const fakeEngine = { currency: null, modelName: null };

test("the App's state is what the contract lists", () => {
  // Code spans in parentheses name where a value comes from (`engine.score()`), not a member.
  const documented = spans("State (read by views").filter((s) => /^[A-Za-z_$][\w$]*$/.test(s)).sort();
  const actual = Object.keys(new App(fakeEngine)).filter((k) => !k.startsWith("_")).sort();
  assert.deepEqual(actual, documented);
});

test("the App's methods are what the contract lists", () => {
  const documented = names(spans("Methods:")).filter((n) => !["READ_ONLY", "readonly", "code"].includes(n));
  const proto = Object.getOwnPropertyNames(App.prototype).filter((k) => k !== "constructor" && !k.startsWith("_"));
  assert.deepEqual(proto.sort(), documented);
});

test("the App's events are what the contract lists", () => {
  const documented = names(spans("Events (`APP_EVENTS`)")).filter((n) => n !== "APP_EVENTS" && n !== "light" && n !== "dark");
  // Hyphenated event names are written whole in the contract.
  const whole = spans("Events (`APP_EVENTS`)").filter((s) => /^[a-z]+(-[a-z]+)+$/.test(s));
  assert.deepEqual(Object.keys(APP_EVENTS).sort(), [...new Set([...documented.filter((n) => !whole.some((w) => w.startsWith(`${n}-`))), ...whole])].sort());
});

test("every event the page emits or listens to is an App event", () => {
  const files = [];
  const walk = (dir) => {
    for (const f of readdirSync(dir)) {
      const p = path.join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith(".js")) files.push(p);
    }
  };
  walk(path.join(ROOT, "www"));
  const used = new Set();
  for (const f of files) {
    const text = readFileSync(f, "utf8");
    for (const m of text.matchAll(/\bapp\.(?:on|emit)\(\s*"([\w-]+)"/g)) used.add(`${path.relative(ROOT, f)}: ${m[1]}`);
  }
  assert.ok(used.size > 5, "the page listens to App events");
  const unknown = [...used].filter((u) => !(u.split(": ")[1] in APP_EVENTS));
  assert.deepEqual(unknown, []);
});

test("an event outside the contract can be neither listened to nor emitted", () => {
  const app = new App(fakeEngine);
  assert.throws(() => app.on("changed", () => {}), /no App event "changed"/);
  assert.throws(() => app.emit("changed"), /no App event "changed"/);
  const seen = [];
  app.on("filter", (x) => seen.push(x));
  app.setFilter("graph", "crm");
  app.setFilter("graph", "crm");
  app.setFilter("graph", "");
  assert.deepEqual(seen, [
    { view: "graph", text: "crm" },
    { view: "graph", text: "" },
  ]);
  assert.deepEqual(app.filters, {});
});

test("the App refuses edits when read-only, and what-if stays", () => {
  const calls = [];
  const engine = {
    ...fakeEngine,
    setActive: (id, on) => calls.push(["setActive", id, on]),
    applyGoalWeights: () => calls.push(["applyGoalWeights"]),
    score: () => ({ kpis: {} }),
  };
  const app = new App(engine, { readonly: true });
  assert.throws(() => app.applyGoalWeights(["g1"], [[1]]), (e) => e.code === "READ_ONLY");
  assert.throws(() => app.importFiles([], null, { label: "x" }), (e) => e.code === "READ_ONLY");
  const before = app.modelVersion;
  app.setActive("i1", false);
  assert.deepEqual(calls, [["setActive", "i1", false]]);
  assert.equal(app.modelVersion, before + 1, "a what-if toggle is a new version of the scored model");
});
