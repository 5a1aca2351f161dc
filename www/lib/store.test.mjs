// Unit tests of the autosave module outside a browser: it must fall back to memory and never throw.
import { test } from "node:test";
import assert from "node:assert/strict";
import { hashText, openStore } from "./store.js";

test("hashText is stable and tells texts apart", () => {
  assert.equal(hashText("abc"), hashText("abc"));
  assert.notEqual(hashText("abc"), hashText("abd"));
  assert.match(hashText(""), /^[0-9a-f]{16}$/);
});

test("without IndexedDB or localStorage the store keeps work in memory", async () => {
  const store = await openStore("test");
  assert.equal(store.kind, "memory");
  assert.equal(await store.loadModel(), null);
  assert.deepEqual(await store.loadWhatIf(), []);
  await store.saveModel({ source: "import", text: "{}", fileName: "m.json" });
  await store.saveWhatIf([{ id: "ini-a", active: false }]);
  const model = await store.loadModel();
  assert.equal(model.source, "import");
  assert.equal(model.text, "{}");
  assert.ok(model.savedAt);
  assert.deepEqual(await store.loadWhatIf(), [{ id: "ini-a", active: false }]);
  await store.clear();
  assert.equal(await store.loadModel(), null);
});
