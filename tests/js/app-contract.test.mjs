// The App's public surface is what docs/page-contract.md ("The App") says: its state, its methods and
// its events, no more and no less; and every event any module of the page emits or listens to is one
// of them.

import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { App, APP_EVENTS } from "../../www/app/state.js";
import { createEngineHost } from "../../www/app/engine-host.js";
import { startEngine } from "../../www/app/engine.js";

/** The real Wasm engine (pkg/), started as the page starts it. */
async function startRealEngine() {
  const bytes = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "../../pkg/aligngraph_bg.wasm"));
  return { module: await startEngine({ bytes }) };
}

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
  const documented = names(spans("Methods:")).filter((n) => !["READ_ONLY", "CANCELLED", "readonly", "code"].includes(n));
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

test("the App refuses edits when read-only, and what-if stays (the real engine, on the page)", async () => {
  const { module } = await startRealEngine();
  const engine = await createEngineHost(module, { worker: false });
  assert.equal(engine.kind, "page", "no worker source: the engine runs in-thread");
  const app = new App(engine, { readonly: true });
  await app.loadDemo();
  const demo = JSON.parse(readFileSync(path.join(ROOT, "data/demo-model.json"), "utf8"));
  assert.equal(app.engine.nodeCount, demo.nodes.length);
  await assert.rejects(app.applyGoalWeights(["g1"], [[1]]), (e) => e.code === "READ_ONLY");
  await assert.rejects(app.importFiles([], null, { label: "x" }), (e) => e.code === "READ_ONLY");
  const before = app.modelVersion;
  const alignment = app.report.kpis.alignment_index;
  const first = app.report.initiatives.find((i) => i.active && !i.orphan);
  await app.setActive(first.id, false);
  assert.equal(app.modelVersion, before + 1, "a what-if toggle is a new version of the scored model");
  assert.deepEqual(app.whatIf(), [{ id: first.id, active: false }]);
  assert.equal(app.initiative(first.id).active, false);
  assert.notEqual(app.report.kpis.alignment_index, alignment, "switching off an aligned initiative moves the alignment index");
  assert.equal(app.baseline.kpis.alignment_index, alignment, "the baseline keeps the file's portfolio");
});
