// Unit tests of the autosave module outside a browser (node has no IndexedDB): in memory, and over a
// localStorage stand-in shared by several "tabs" (stores opened on the same storage), which can be
// made to refuse writes like a full quota.
import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { hashText, isSharedOrigin, openStore } from "./store.js";

/** A Storage-like object over one Map; `full` makes every write throw QuotaExceededError. */
function fakeStorage() {
  const m = new Map();
  const s = {
    full: false,
    map: m,
    get length() {
      return m.size;
    },
    key: (i) => [...m.keys()][i] ?? null,
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem(k, v) {
      if (s.full && k !== "aligngraph:probe") throw Object.assign(new Error("The quota has been exceeded."), { name: "QuotaExceededError" });
      m.set(k, String(v));
    },
    removeItem: (k) => void m.delete(k),
  };
  return s;
}

const saved = Object.getOwnPropertyDescriptor(globalThis, "localStorage");
function useStorage(storage) {
  Object.defineProperty(globalThis, "localStorage", { value: storage, configurable: true, writable: true });
}
afterEach(() => {
  if (saved) Object.defineProperty(globalThis, "localStorage", saved);
  else delete globalThis.localStorage;
});

test("hashText is stable and tells texts apart", () => {
  assert.equal(hashText("abc"), hashText("abc"));
  assert.notEqual(hashText("abc"), hashText("abd"));
  assert.match(hashText(""), /^[0-9a-f]{16}$/);
});

test("file:// and opaque origins count as shared, http(s) origins do not", () => {
  assert.equal(isSharedOrigin({ protocol: "file:", origin: "null" }), true);
  assert.equal(isSharedOrigin({ protocol: "https:", origin: "null" }), true);
  assert.equal(isSharedOrigin({ protocol: "https:", origin: "https://intranet.example" }), false);
  assert.equal(isSharedOrigin({ protocol: "http:", origin: "http://127.0.0.1:8080" }), false);
});

test("a memory store keeps work for the page only and says it is not kept", async () => {
  const store = await openStore("test", { memory: true });
  assert.equal(store.kind, "memory");
  assert.equal(store.kept, false);
  assert.equal(await store.loadModel(), null);
  assert.deepEqual(await store.loadWhatIf(), { toggles: [], modelId: null });
  assert.deepEqual(await store.saveModel({ source: "import", text: "{}", fileName: "m.json" }), { ok: true, kept: false });
  await store.saveWhatIf([{ id: "ini-a", active: false }]);
  const model = await store.loadModel();
  assert.equal(model.text, "{}");
  assert.ok(model.savedAt && model.id);
  assert.deepEqual(await store.loadWhatIf(), { toggles: [{ id: "ini-a", active: false }], modelId: model.id });
  await store.clear();
  assert.equal(await store.loadModel(), null);
});

test("what-if changes are stored with the id of the model they belong to", async () => {
  useStorage(fakeStorage());
  const store = await openStore("k", { shared: false });
  assert.equal(store.kind, "localstorage");
  await store.saveModel({ source: "import", text: "{}" });
  await store.saveWhatIf([{ id: "ini-a", active: false }]);
  const again = await openStore("k", { shared: false });
  const model = await again.loadModel();
  const whatIf = await again.loadWhatIf();
  assert.equal(whatIf.modelId, model.id);
});

test("two tabs never overwrite each other silently: the second write is refused as a conflict", async () => {
  useStorage(fakeStorage());
  const a = await openStore("k", { shared: false });
  const b = await openStore("k", { shared: false });
  await a.loadModel();
  await b.loadModel();
  assert.equal((await a.saveModel({ source: "import", text: '{"a":1}' })).ok, true);
  const refused = await b.saveModel({ source: "import", text: '{"b":1}' });
  assert.equal(refused.ok, false);
  assert.equal(refused.reason, "conflict");
  assert.match(refused.message, /another tab/);
  assert.equal((await b.saveWhatIf([{ id: "x", active: false }])).reason, "conflict");
  // Stored: still tab A's model.
  assert.equal((await (await openStore("k", { shared: false })).loadModel()).text, '{"a":1}');
  // B chooses to keep its own work: a forced write, after which A is the one refused.
  assert.equal((await b.saveModel({ source: "import", text: '{"b":1}' }, { force: true })).ok, true);
  assert.equal((await a.saveWhatIf([{ id: "y", active: false }])).reason, "conflict");
});

test("a full storage is reported, and what-if changes of an unsaved model are never stored under the old one", async () => {
  const storage = fakeStorage();
  useStorage(storage);
  const store = await openStore("k", { shared: false });
  await store.loadModel();
  await store.saveModel({ source: "import", text: "old" });
  await store.saveWhatIf([{ id: "a", active: false }]);
  storage.full = true;
  const failed = await store.saveModel({ source: "import", text: "new and large" });
  assert.equal(failed.ok, false);
  assert.equal(failed.reason, "failed");
  assert.match(failed.message, /storage for this page is full/);
  storage.full = false;
  const whatIf = await store.saveWhatIf([{ id: "b", active: false }]);
  assert.equal(whatIf.reason, "unsaved-model");
  // What a reload finds belongs together: the old model and its own toggles.
  const again = await openStore("k", { shared: false });
  const model = await again.loadModel();
  assert.equal(model.text, "old");
  assert.deepEqual(await again.loadWhatIf(), { toggles: [{ id: "a", active: false }], modelId: model.id });
});

test("on a shared origin nothing is written until the person opts in, and then with consent", async () => {
  const storage = fakeStorage();
  useStorage(storage);
  const store = await openStore("local", { shared: true });
  assert.equal(store.kept, false);
  assert.equal(store.canKeep, true);
  assert.deepEqual(await store.saveModel({ source: "import", text: "secret model" }), { ok: true, kept: false });
  await store.saveWhatIf([{ id: "a", active: false }]);
  assert.deepEqual([...storage.map.keys()], [], "nothing in the shared storage");
  assert.equal((await store.loadModel()).text, "secret model", "kept in memory for the page");
  assert.equal(store.optIn(), true);
  assert.deepEqual(await store.saveModel({ source: "import", text: "secret model" }), { ok: true, kept: true });
  assert.equal(JSON.parse(storage.getItem("aligngraph:local:model")).consent, true);
  const next = await openStore("local", { shared: true });
  assert.equal(next.kept, true, "the opted-in record is found again");
  assert.equal((await next.loadModel()).text, "secret model");
  await next.optOut();
  assert.equal(next.kept, false);
  assert.deepEqual([...storage.map.keys()], []);
});

test("records an older version wrote on a shared origin without consent are removed; this page's are handed over in memory", async () => {
  const storage = fakeStorage();
  storage.setItem("aligngraph:local:model", JSON.stringify({ source: "import", text: "old work" }));
  storage.setItem("aligngraph:local:whatif", JSON.stringify({ toggles: [{ id: "a", active: false }] }));
  storage.setItem("aligngraph:file-0123:model", JSON.stringify({ source: "import", text: "another file's work" }));
  storage.setItem("aligngraph:theme", "dark");
  useStorage(storage);
  const store = await openStore("local", { shared: true });
  assert.deepEqual(store.legacy, { removed: 3, restored: true });
  assert.deepEqual([...storage.map.keys()], ["aligngraph:theme"]);
  assert.equal((await store.loadModel()).text, "old work");
  assert.deepEqual((await store.loadWhatIf()).toggles, [{ id: "a", active: false }]);
  assert.equal(store.kept, false);
});
