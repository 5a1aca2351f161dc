// What a stranger's file, another tab or a full disk must never do to a person's work
// (hostile.test.mjs, in Chromium and Firefox): no other local HTML file can read a model kept by the
// single file unless the person chose to keep it there; two tabs never overwrite each other's work
// silently; a save the browser refuses is said at once, with Export; an engine that traps is started
// again with the last good model; a file too large for a tab is refused by its size before it is read.

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { expectedKpiTexts, realModel, score } from "./helpers.mjs";
import { PORTAL } from "./scenarios.mjs";

/**
 * Everything an aligngraph page could have stored at this origin: every localStorage item and every
 * record of the "aligngraph" IndexedDB database, as text ({local, idb, errors}). Runs in the page.
 */
async function dumpStorage() {
  const out = { local: {}, idb: {}, errors: [] };
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      out.local[k] = localStorage.getItem(k);
    }
  } catch (e) {
    out.errors.push(`localStorage: ${e}`);
  }
  out.idb = await new Promise((resolve) => {
    try {
      const req = indexedDB.open("aligngraph");
      req.onupgradeneeded = () => req.transaction.abort(); // no such database: leave none behind
      req.onerror = () => resolve({});
      req.onsuccess = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains("autosave")) {
          db.close();
          return resolve({});
        }
        const tx = db.transaction("autosave");
        const keys = tx.objectStore("autosave").getAllKeys();
        const values = tx.objectStore("autosave").getAll();
        tx.oncomplete = () => {
          const o = {};
          keys.result.forEach((k, i) => (o[k] = JSON.stringify(values.result[i])));
          db.close();
          resolve(o);
        };
        tx.onerror = () => resolve({ error: String(tx.error) });
      };
    } catch (e) {
      out.errors.push(`indexedDB: ${e}`);
      resolve({});
    }
  });
  return out;
}

/** Another HTML file for the same disk: it reads whatever it can of aligngraph's storage into <pre id="dump">. */
export function writeSpyPage(dir) {
  const file = path.join(dir, "published-dashboard.html");
  writeFileSync(
    file,
    `<!doctype html><meta charset="utf-8"><title>A published dashboard</title><pre id="dump"></pre>
<script>(${dumpStorage.toString()})().then((d) => { document.getElementById("dump").textContent = JSON.stringify(d); document.documentElement.dataset.done = "true"; });</script>`,
  );
  return file;
}

/** What the spy file read (it must have finished). */
async function spyRead(s, spyUrl) {
  await s.goto(spyUrl);
  await s.driver.waitForFunction(() => document.documentElement.dataset.done === "true", null);
  return JSON.parse(await s.text("#dump"));
}

async function importPortal(s) {
  await s.setFiles("input#import-file", PORTAL.file);
  await s.waitForText("#model-name", PORTAL.name);
  await s.waitForKpis();
}

const holds = (dump, text) => JSON.stringify(dump).includes(text);

/** file://: the model is kept in memory only; neither the page's storage nor another local file holds it. */
export async function fileStorageNeverHoldsModel(s, env) {
  await s.waitForKpis();
  await s.waitFor('#save-state[data-state="not-kept"]');
  assert.match(await s.text("#save-state"), /Not kept in this browser: any file opened from this disk could read it\./);
  await importPortal(s);
  await s.openView("whatif");
  await s.click("#view-whatif input[type=checkbox][data-initiative]");
  await new Promise((r) => setTimeout(r, 600));
  const own = await s.page.evaluate(dumpStorage);
  assert.equal(holds(own, PORTAL.name) || holds(own, "aligngraph:local:"), false, `the page stored its model: ${JSON.stringify(own).slice(0, 300)}`);
  // Another HTML file from the same disk, in the same browser: it finds nothing of the model.
  const spy = await spyRead(s, env.spyUrl);
  assert.equal(holds(spy, PORTAL.name) || holds(spy, '"nodes"') || holds(spy, "aligngraph:local:"), false, `another file read: ${JSON.stringify(spy).slice(0, 300)}`);
  // Back to the dashboard: nothing was kept, so it opens on the demo and says nothing was restored.
  await s.goto(env.url);
  await s.waitForKpis();
  assert.notEqual(await s.text("#model-name"), PORTAL.name);
  assert.doesNotMatch(await s.text("#status"), /Restored/);
}

/** The opt-in: the dialog says who could read it; cancel keeps nothing; OK keeps it (with consent) until Stop. */
export async function optInKeepsWorkUntilStopped(s, env) {
  await s.waitForKpis();
  await importPortal(s);
  await s.click("#save-state-opt-in");
  await s.driver.waitForFunction(() => document.querySelector("#confirm-dialog")?.open === true, null);
  assert.match(await s.text("#confirm-message"), /any other HTML file you open in this browser .* could read/);
  assert.match(await s.text("#confirm-message"), /Exporting the model to a file of your own is the safer way/);
  await s.click("#confirm-cancel");
  await s.waitFor('#save-state[data-state="not-kept"]');
  assert.equal(holds(await s.page.evaluate(dumpStorage), PORTAL.name), false, "stored after Cancel");

  await s.click("#save-state-opt-in");
  await s.click("#confirm-ok");
  await s.waitFor('#save-state[data-state="kept-shared"]');
  assert.match(await s.text("#save-state"), /Kept in this browser, where other files opened from this disk can read it\./);
  await new Promise((r) => setTimeout(r, 300));
  const kept = await s.page.evaluate(dumpStorage);
  assert.ok(holds(kept, PORTAL.name) && holds(kept, '\\"consent\\":true'), `kept with consent: ${JSON.stringify(kept).slice(0, 200)}`);
  await s.reload();
  await s.waitForText("#model-name", PORTAL.name);
  await s.waitForText("#status", /Restored your saved work/);
  await s.waitFor('#save-state[data-state="kept-shared"]');
  // What the person was warned of: where the browser shares file:// storage (Chromium), another
  // local file now reads the kept model. (Firefox with its default strict file origin policy keeps
  // local files apart; the page does not rely on that.)
  if (s.browserName === "chromium") {
    assert.ok(holds(await spyRead(s, env.spyUrl), PORTAL.name), "Chromium shares file:// storage: the opted-in model is readable by another file");
    await s.goto(env.url);
    await s.waitForText("#model-name", PORTAL.name);
  }

  await s.click("#save-state-opt-out");
  await s.waitFor('#save-state[data-state="not-kept"]');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(holds(await s.page.evaluate(dumpStorage), PORTAL.name), false, "still stored after Stop keeping it");
  assert.equal(holds(await spyRead(s, env.spyUrl), PORTAL.name), false, "another file reads it after Stop keeping it");
}

/** Work an older version kept on file:// without asking is removed from the storage, and shown once in memory. */
export async function olderUnconsentedRecordsAreRemoved(s) {
  await s.waitForKpis();
  const text = JSON.stringify({ name: "Left by an older version", nodes: [{ id: "g", kind: "goal", name: "Goal" }], edges: [] });
  await s.page.evaluate((text) => {
    localStorage.setItem("aligngraph:local:model", JSON.stringify({ source: "import", text, fileName: "old.json", name: "Left by an older version" }));
    localStorage.setItem("aligngraph:file-0123456789abcdef:model", JSON.stringify({ source: "import", text, name: "another file's work" }));
  }, text);
  await s.reload();
  await s.waitForText("#model-name", "Left by an older version");
  await s.waitForText("#status", /no longer stored there/);
  const left = await s.page.evaluate(dumpStorage);
  assert.equal(holds(left, "Left by an older version") || holds(left, "another file"), false, `still stored: ${JSON.stringify(left).slice(0, 300)}`);
}

// ---------------------------------------------------------------------------------------------
// Two tabs (served over http: autosave on).

/** A second page (tab) in the session's browser context, with the few things the scenario does in it. */
async function secondTab(s) {
  const ctx = s.page.context ? s.page.context() : s.page.browserContext();
  const page = await ctx.newPage();
  const pw = Boolean(s.page.context);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return {
    page,
    errors,
    goto: (url) => page.goto(url, { waitUntil: "load" }),
    wait: (fn, arg) => (pw ? page.waitForFunction(fn, arg, { timeout: 20_000 }) : page.waitForFunction(fn, { timeout: 20_000, polling: 50 }, arg)),
    text: (sel) => page.evaluate((sel) => document.querySelector(sel)?.textContent ?? null, sel),
    click: (sel) => page.click(sel),
    async setFiles(sel, file) {
      if (pw) return page.setInputFiles(sel, file);
      return (await page.$(sel)).uploadFile(file);
    },
  };
}

const hasText = ([sel, re]) => new RegExp(re).test(document.querySelector(sel)?.textContent ?? "");
const hasState = (state) => document.querySelector("#save-state")?.dataset.state === state;

/** Two tabs with different work: the second save is refused and asks; a reload shows what was chosen. */
export async function twoTabsNeverOverwriteSilently(s) {
  const other = score(realModel("archisurance.xml")).model.name;
  await s.waitForKpis();
  const b = await secondTab(s);
  try {
    await b.goto(s.url);
    await b.wait(() => !!document.querySelector('.kpi[data-kpi="alignment_index"] .kpi-value')?.textContent.trim());
    // Tab A imports the portal model: saved. Tab B hears of it at once.
    await importPortal(s);
    await s.waitFor('#save-state[data-state="kept"]');
    await b.wait(hasState, "conflict");
    // Tab B imports another model: not written over A's, and B asks.
    await b.setFiles("input#import-file", realModel("archisurance.xml"));
    await b.wait(hasText, ["#model-name", other]);
    await b.wait(hasText, ["#status", "Your work is not saved in this browser: another tab saved other work"]);
    assert.match(await b.text("#save-state"), /Keep this tab's work.*Open the other tab's work.*Export the model/);
    await s.reload();
    await s.waitForText("#model-name", PORTAL.name);
    await s.waitForKpis();
    await s.waitForText("#status", /Restored your saved work/);
    // B chooses to keep its own work: now A (a live tab) is told, and a reload of A shows B's model.
    await b.click("#save-state-keep-mine");
    await b.wait(hasState, "kept");
    await s.waitFor('#save-state[data-state="conflict"]');
    await s.reload();
    await s.waitForText("#model-name", other);
    assert.deepEqual(b.errors, [], "uncaught errors in the second tab");
  } finally {
    await b.page.close();
  }
}

/** Quota: every write of the page's storage throws QuotaExceededError (an init script of the test, since a real small quota cannot be set from a test). */
const QUOTA_SCRIPT = `(() => {
  const full = () => { try { return sessionStorage.getItem("agQuotaFull") === "1"; } catch { return false; } };
  const quota = () => new DOMException("The quota has been exceeded.", "QuotaExceededError");
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (...a) { if (full()) throw quota(); return put.apply(this, a); };
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (k, v) { if (full() && this !== sessionStorage) throw quota(); return setItem.call(this, k, v); };
})();`;

/** A save the browser refuses (full quota) is said at once with Export; nothing mismatched is restored. */
export async function quotaExceededIsShownWithExport(s) {
  await s.waitForKpis(); // a reload while the engine is still loading would abort it
  if (s.page.addInitScript) await s.page.addInitScript(QUOTA_SCRIPT);
  else await s.page.evaluateOnNewDocument(QUOTA_SCRIPT);
  await s.reload();
  await s.waitForKpis();
  const demoName = await s.text("#model-name");
  await s.page.evaluate(() => sessionStorage.setItem("agQuotaFull", "1"));
  await importPortal(s);
  await s.waitForText("#status", /Your work is not saved in this browser: the browser's storage for this page is full\. Export the model to keep a copy\./);
  await s.waitFor("#status #status-export");
  await s.waitFor('#save-state[data-state="failed"] #save-state-export');
  assert.match(await s.text("#save-state"), /A reload would open the work saved before/);
  if (s.browserName === "chromium") {
    const file = await s.driver.download("#save-state-export");
    assert.equal(JSON.parse(file.bytes.toString("utf8")).name, PORTAL.name, "Export saves the model that was not stored");
  }
  // A what-if change on the unsaved model is not stored under the old one either.
  await s.openView("whatif");
  await s.click("#view-whatif input[type=checkbox][data-initiative]");
  await new Promise((r) => setTimeout(r, 400));
  await s.page.evaluate(() => sessionStorage.removeItem("agQuotaFull"));
  await s.reload();
  await s.waitForKpis();
  assert.equal(await s.text("#model-name"), demoName, "a reload opens the work saved before (the demo)");
  assert.doesNotMatch(await s.text("#status"), /what-if/);
}

// ---------------------------------------------------------------------------------------------
// The engine.

/**
 * The dashboard's engine worker (named "aligngraph-engine") that holds the model, as the browser
 * driver sees it: not the spare, whose only call so far readied it (app/warm-up.js).
 */
async function engineWorker(s) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    for (const w of s.page.workers()) {
      try {
        const role = await w.evaluate(() => (self.name === "aligngraph-engine" ? (self.aligngraphProfile?.op ?? "none") : null));
        if (role && role !== "warmUp" && role !== "none") return w;
      } catch {
        // a worker that has just ended
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("no engine worker (named aligngraph-engine) is running");
}

/**
 * The engine's worker fails (an uncaught error in it, as when it runs out of memory): the page
 * starts a new worker with the last good model and its what-if toggles, says so, and later
 * imports and what-ifs work. (A trap inside the Wasm engine is restarted within its worker:
 * tests/js/engine-host.test.mjs makes a real one.) The page ships nothing for this test.
 */
export async function engineTrapIsSurvived(s) {
  const want = expectedKpiTexts(score(PORTAL.file));
  await s.waitForKpis();
  await importPortal(s);
  const worker = await engineWorker(s);
  await worker.evaluate(() => {
    setTimeout(() => {
      throw new Error("the engine's worker failed");
    }, 0);
  });
  await s.waitForText("#status", /engine's worker stopped .* and was started again/);
  assert.equal(await s.text("#model-name"), PORTAL.name, "the last good model is still shown");
  assert.deepEqual(await s.kpiValues(), want, "the last good model's KPIs");
  // Later work goes on: a what-if, then an import.
  await s.openView("whatif");
  await s.click("#view-whatif input[type=checkbox][data-initiative]");
  await s.driver.waitForFunction(() => [...document.querySelectorAll("#view-whatif .kpi-delta")].some((d) => d.textContent.trim() !== ""), null);
  await s.setFiles("input#import-file", realModel("archisurance.xml"));
  await s.click("#confirm-ok"); // the what-if change is dropped with the model, after asking
  await s.waitForText("#model-name", score(realModel("archisurance.xml")).model.name);
  await s.openView("overview");
  assert.deepEqual(await s.kpiValues(), expectedKpiTexts(score(realModel("archisurance.xml"))));
}

// ---------------------------------------------------------------------------------------------
// Page limits.

/** A 166 MB exchange file is refused by its size at once, naming it, its size and the limit; the page goes on. */
export async function oversizedFileIsRefusedBeforeReading(s, env) {
  await s.waitForKpis();
  const before = await s.kpiValues();
  const name = await s.text("#model-name");
  await s.setFiles("input#import-file", env.bigFile);
  await s.waitForText("#status", /Nothing was opened: exchange-1m-elements\.xml is 159 MiB: the page opens files up to 128 MiB\./);
  assert.match(await s.text("#status"), /LIMIT_EXCEEDED/);
  assert.equal(await s.text("#model-name"), name);
  assert.deepEqual(await s.kpiValues(), before);
  await importPortal(s);
}

/**
 * Files that crashed or froze a tab (a zip inflating to 500 MB, a 100 MB name, one junction joining
 * 3,000 sources to 3,000 targets) are refused inside the engine by the page's limits, each with its
 * LIMIT_EXCEEDED message; the model shown and its KPIs stay, and the next import works.
 */
export async function tabCrashingFilesAreRefusedByTheEnginesLimits(s, env) {
  await s.waitForKpis();
  const before = await s.kpiValues();
  const name = await s.text("#model-name");
  const expected = [
    ["zip-bomb.archimate", /more than the 134217728 bytes \(128 MiB\) a model may inflate to/],
    ["long-name.json", /the most this reader takes for one text value is 1 MiB/],
    ["junction-fanout.xml", /collapsing it would derive 9,000,000 relationships/],
  ];
  for (const [file, message] of expected) {
    await s.setFiles("input#import-file", env.tabCrashers[file]);
    await s.waitForText("#status", message);
    assert.match(await s.text("#status"), /LIMIT_EXCEEDED/, file);
    assert.equal(await s.text("#model-name"), name, file);
    assert.deepEqual(await s.kpiValues(), before, file);
  }
  await importPortal(s);
}

/** What-if changes saved for another model record are dropped with a message, never applied to this one. */
export async function mismatchedWhatIfsAreDropped(s) {
  await s.waitForKpis();
  const before = await s.kpiValues();
  await s.page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open("aligngraph", 1);
        req.onupgradeneeded = () => req.result.createObjectStore("autosave");
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const tx = req.result.transaction("autosave", "readwrite");
          const st = tx.objectStore("autosave");
          st.put({ id: "model-b", source: "demo", name: "demo" }, "aligngraph:local:model");
          st.put({ id: "whatif-a", modelId: "model-a", toggles: [{ id: "ini-s4hana", active: false }] }, "aligngraph:local:whatif");
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await s.reload();
  await s.waitForKpis();
  await s.waitForText("#status", /1 saved what-if change was not applied: it was saved for another model/);
  assert.deepEqual(await s.kpiValues(), before, "no what-if change applied");
}
