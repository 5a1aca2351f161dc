// Registers browser scenarios as node:test tests: one browser per file, a fresh context (own
// storage) and page per test, and after every scenario the checks that hold for all of them:
// no request beyond the page's own files, no console error, no uncaught error, no dialog, no CSP
// violation. On failure a screenshot goes to target/screenshots/<browser>-<label>-FAILED-<test>.png.
// Also the pages the suites open (the served dist/web, the single file), the lists of scenarios the
// test files share, and the whole single-file suite (one per browser).

import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { buildPage } from "../../scripts/build-page.mjs";
import { serve } from "../../scripts/serve.mjs";
import { DIST_WEB, fileUrl, launchChromium, requireBuilt, SINGLE, tempDir, timeLimit } from "./helpers.mjs";
import * as sc from "./scenarios.mjs";

/** Per-test limit: the page's own waits are 20 s each; a whole scenario never needs more than this. */
export const TEST_TIMEOUT = 90_000;

/** Time to ask a browser that stopped answering whether it is there, and to start it again. */
const RESTART_MS = 90_000;

/**
 * describe(title) with a launched browser. `prepare()` returns {url, allowed, cleanup?}: the page to
 * open and the complete list of URLs it may request. `it(name, scenario, {url, allowed, label, session})`
 * adds a test (`session`: options of the browser's newSession, e.g. {javaScript: false}; `timeout`: in ms,
 * for a scenario that needs longer than TEST_TIMEOUT).
 *
 * A browser that stops answering (a scenario fails or runs out of time, and the browser then cannot
 * open a page and run `1 + 1` in 20 s) is ended and started again, and the scenario runs once more;
 * the test's diagnostics say so, with what the browser's processes were doing. A scenario that fails
 * while the browser answers fails at once, and so does one that fails twice.
 */
export function browserSuite({ title, launch, label, needs, prepare }, body) {
  describe(title, () => {
    let browser = null;
    let env = null;
    before(async () => {
      requireBuilt({ archimate: true, ...needs });
      env = await prepare();
      browser = await launch();
    });
    after(async () => {
      // A browser that does not close within the restart time is ended.
      if (browser) {
        const closed = await timeLimit(RESTART_MS, browser.close().then(() => true, () => true)).catch(() => false);
        if (!closed) await browser.kill().catch(() => {});
      }
      await env?.cleanup?.();
    });

    const runOnce = async (name, scenario, opts) => {
      const url = opts.url ?? env.url;
      const allowed = opts.allowed ?? env.allowed;
      const s = await browser.newSession(opts.label ?? label, opts.session);
      try {
        await s.goto(typeof url === "function" ? url() : url);
        await scenario(s);
        assert.deepEqual(
          s.unexpectedRequests(typeof allowed === "function" ? allowed() : allowed),
          [],
          "requests other than the page's own files",
        );
        assert.deepEqual(await s.problems(), [], "errors, dialogs or CSP violations in the page");
      } catch (e) {
        const slug = name.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "").toLowerCase();
        await s.screenshot(`FAILED-${slug}`).catch(() => {});
        const extra = await s.problems().catch(() => []);
        if (extra.length && !String(e.message).includes(extra[0])) {
          e.message += `\n    also in the page: ${extra.join("\n    ")}`;
        }
        throw e;
      } finally {
        await s.close();
      }
    };

    const it = (name, scenario, opts = {}) => {
      const limit = opts.timeout ?? TEST_TIMEOUT;
      test(name, { timeout: 2 * limit + RESTART_MS }, async (t) => {
        assert.ok(browser, "the browser did not start (see the before hook's error)");
        for (let attempt = 1; ; attempt++) {
          const run = runOnce(name, scenario, opts);
          run.catch(() => {}); // a run that ran out of time may still fail later, on its own
          try {
            return await timeLimit(limit, run, `test timed out after ${limit}ms`);
          } catch (e) {
            if (attempt > 1 || (await browser.answers())) throw e;
            t.diagnostic(
              `${browser.name} stopped answering (${String(e.message).split("\n")[0]}); its processes: ${browser.processes()}. ` +
                "It was ended, started again, and the scenario run once more.",
            );
            await browser.kill();
            browser = await launch();
          }
        }
      });
    };

    body(it, () => env);
  });
}

/** A `prepare` for browserSuite: dist/web served over http://127.0.0.1 (scripts/serve.mjs) on a free port. */
export async function servedPage() {
  const server = await serve({ root: DIST_WEB, port: 0 });
  const base = server.url;
  return {
    url: base,
    // The document, its bundle and stylesheet, and the engine it fetches: nothing else.
    allowed: [base, `${base}index.html`, `${base}app.js`, `${base}app.css`, `${base}aligngraph_bg.wasm`],
    cleanup: () => server.stop(),
  };
}

/** A `prepare` for browserSuite: the single file from file://, with zero requests besides itself. */
export async function singleFilePage() {
  return { url: fileUrl(SINGLE), allowed: [fileUrl(SINGLE)] };
}

/** browserSuite of the served page (servedPage) in Chromium. */
export function servedChromiumSuite({ title, label = "served" }, body) {
  browserSuite({ title, launch: launchChromium, label, needs: { web: true, browser: "chromium" }, prepare: servedPage }, body);
}

/** The scenarios every page runs in every browser. */
export function commonScenarios(it) {
  it("demo KPI tiles show what the CLI computes", sc.demoKpis);
  it("every view renders (screenshots)", sc.allViews);
  it("clicking a graph node explains it like the CLI", sc.graphDetail);
  it("the overview and the detail panel say why a goal or initiative scores zero, as aligngraph gaps does", sc.whyZeros);
  it("what-if toggle changes the KPIs and un-toggling restores them", sc.whatIf);
  it("an imported file is scored like the CLI and survives a reload", sc.importAndReload);
  it("an import with errors shows them with their place and keeps the model", sc.importErrors);
  it("a dropped file asks before dropping what-if work, then is scored like the CLI", sc.dropAsksBeforeDroppingWork);
  it("tabs, graph nodes, the detail panel and the Export menu work from the keyboard", sc.keyboard);
  it("the theme toggle switches to a readable other theme", sc.theme);
  it("a model above 1,500 nodes draws on a canvas and search explains a node", sc.largeModelCanvas);
  importScenarios(it);
}

/**
 * Imports of the real ArchiMate models (each once per browser and page, the 1,439-element one too), a
 * mapping file, broken files and hostile ArchiMate text.
 */
export function importScenarios(it) {
  it("archisurance.xml (exchange XML, picked) shows its import summary and is scored like the CLI", (s) => sc.importRealModel(s, "archisuranceXml"));
  it("archisurance.archimate (Archi, dropped) shows its import summary and is scored like the CLI", (s) =>
    sc.importRealModel(s, "archisuranceArchi", { via: "drop" }));
  it("Zoo.xml is scored like the CLI, saved as JSON and restored on reload with its summary", sc.importRealModelAndReload);
  it("Zoo's three Archi CSV files dropped together are one model, scored like the CLI", (s) => sc.importRealModel(s, "zooCsv", { via: "drop" }));
  it("JeanBLapierreSandbox.archimate (1,439 elements, junctions) is scored like the CLI", (s) => sc.importRealModel(s, "jeanB"));
  it("gc-bcm-2.0.xml (hierarchy from view nesting) is scored like the CLI", (s) => sc.importRealModel(s, "gcBcm"));
  it("a model with hundreds of warnings opens Diagnostics on the counts by code; a code lists them by name", sc.diagnosticsGrouped);
  it("a mapping file dropped with a model (or alone, after it) is used as its mapping", sc.importWithMapping);
  it("a broken XML file shows its line and column, a broken CSV set its file and line", sc.importBrokenFiles);
  it("an Excel workbook is refused with how to convert it; converted by the CLI it is scored like the CLI", sc.importWorkbook);
  it("markup in ArchiMate names, types and properties is shown as text and never runs", sc.importArchimateXss);
}

/**
 * The scenarios that need what only the Chromium driver offers (run in Chromium): downloads
 * (exports) and print media emulation, which WebDriver BiDi in Firefox does not provide.
 */
export function exportScenarios(it) {
  it("printing gives every view without the controls", sc.printHandout);
  it("exports (model, report, CSV, SVG, PNG) work under the CSP and match the CLI", sc.exportsDemo);
  it("the SVG export keeps markup from names as text", sc.exportsXss);
  it("exchange XML, GraphML and the CSV set export; exchange XML and CSV re-import to the same numbers", sc.exportFormatsRoundTrip);
}

/**
 * The single file (dist/aligngraph.html from file://) in one browser: its CSP, the common scenarios,
 * the exports when `exports` is true, and a copy with the XSS model embedded (build-page --model,
 * in a temp dir named after `tmpTag`).
 */
export function singleFileSuite({ browserName, browser, launch, tmpTag, exports }) {
  browserSuite(
    {
      title: `single file (dist/aligngraph.html) in ${browserName}`,
      launch,
      label: "single",
      needs: { single: true, browser },
      async prepare() {
        const dir = tempDir(tmpTag);
        const xssFile = path.join(dir, "aligngraph-xss.html");
        await buildPage({ web: false, single: true, model: sc.XSS.file, out: xssFile });
        return {
          ...(await singleFilePage()),
          xssUrl: fileUrl(xssFile),
          cleanup: () => rmSync(dir, { recursive: true, force: true }),
        };
      },
    },
    (it, env) => {
      it("its CSP forbids every connection and allows scripts only by hash", sc.singleFileCsp);
      commonScenarios(it);
      if (exports) exportScenarios(it);
      it("markup in an embedded model is shown as text and never runs", (s) => sc.xss(s, { embedded: true }), {
        url: () => env().xssUrl,
        allowed: () => [env().xssUrl],
        label: "single-xss",
      });
    },
  );
}
