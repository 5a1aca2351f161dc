// Shared helpers of the browser tests: paths, prerequisites, the CLI oracle, the expected KPI
// texts, and one small driver interface over playwright-core (Chromium) and puppeteer-core
// (Firefox over WebDriver BiDi), so the scenarios in scenarios.mjs run unchanged in both.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { format as d3format } from "d3-format";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = process.env.ALIGNGRAPH_BIN || path.join(ROOT, "target/release/aligngraph");
export const PKG = path.join(ROOT, "pkg");
export const DIST_WEB = path.join(ROOT, "dist/web");
export const SINGLE = path.join(ROOT, "dist/aligngraph.html");
export const FIXTURES = path.join(ROOT, "tests/browser/fixtures");
export const SCREENSHOTS = path.join(ROOT, "target/screenshots");
export const CHROMIUM = process.env.CHROMIUM_BIN || "/usr/bin/chromium";
export const FIREFOX = process.env.FIREFOX_BIN || "/usr/bin/firefox-esr";

export const fixture = (name) => path.join(FIXTURES, name);

/**
 * The real ArchiMate models (tests/fixtures/archimate, or $ALIGNGRAPH_ARCHIMATE_DATA): public models
 * written by others, with the counts their SOURCES.md gives.
 */
export const ARCHIMATE_DATA = process.env.ALIGNGRAPH_ARCHIMATE_DATA || path.join(ROOT, "tests/fixtures/archimate");
export const realModel = (name) => path.join(ARCHIMATE_DATA, name);

export const VIEWS = ["overview", "graph", "matrix", "portfolio", "capabilities", "applications", "money", "operations", "people", "threats", "whatif", "diagnostics"];
export const KPI_NAMES = [
  "alignment_index",
  "goal_coverage",
  "unaligned_spend_share",
  "uncovered_goals",
  "orphan_initiatives",
  "total_exposure",
];
/** Wait for the page's own work (Wasm init, scoring, rendering): generous, the machine is shared. */
export const TIMEOUT = 20_000;
export const VIEWPORT = { width: 1280, height: 860 };

// ---------------------------------------------------------------------------------------------
// Prerequisites: fail (never skip) with what to run.

/** Throws one error naming every missing build output and the command that makes it. */
export function requireBuilt({ web = false, single = false, browser = null, archimate = false } = {}) {
  const missing = [];
  const need = (file, how) => {
    if (!existsSync(file)) missing.push(`  ${path.relative(ROOT, file) || file} (${how})`);
  };
  need(BIN, "cargo build --release");
  need(path.join(PKG, "aligngraph.js"), "make pkg");
  need(path.join(PKG, "aligngraph_bg.wasm"), "make pkg");
  if (web) {
    for (const f of ["index.html", "app.js", "app.css", "aligngraph_bg.wasm"]) {
      need(path.join(DIST_WEB, f), "node scripts/build-page.mjs");
    }
  }
  if (single) need(SINGLE, "node scripts/build-page.mjs");
  if (archimate) need(path.join(ARCHIMATE_DATA, "SOURCES.md"), "the real ArchiMate models: tests/fixtures/archimate, or set ALIGNGRAPH_ARCHIMATE_DATA");
  if (browser === "chromium") need(CHROMIUM, "scripts/setup.sh installs Debian's chromium");
  if (browser === "firefox") need(FIREFOX, "scripts/setup.sh installs Debian's firefox-esr");
  if (missing.length) {
    throw new Error(`browser tests need build outputs that are missing:\n${missing.join("\n")}`);
  }
  // A stale build is a confusing failure: say so when the page is older than its inputs.
  const stale = [];
  const mtime = (f) => (existsSync(f) ? statSync(f).mtimeMs : 0);
  const newestInput = Math.max(mtime(path.join(PKG, "aligngraph_bg.wasm")), mtime(path.join(PKG, "aligngraph.js")));
  if (web && mtime(path.join(DIST_WEB, "app.js")) < newestInput) stale.push("dist/web");
  if (single && mtime(SINGLE) < newestInput) stale.push("dist/aligngraph.html");
  if (stale.length) {
    console.warn(`# warning: ${stale.join(", ")} older than pkg/; run node scripts/build-page.mjs`);
  }
}

// ---------------------------------------------------------------------------------------------
// The CLI is the oracle: the page must show what it computes.

export function cli(args) {
  const out = execFileSync(BIN, args, { encoding: "utf8", maxBuffer: 64 << 20 });
  return JSON.parse(out);
}

const scoreCache = new Map();
/** `aligngraph score ARGS` as parsed JSON (cached per argument list). */
export function score(...args) {
  const key = JSON.stringify(args);
  if (!scoreCache.has(key)) scoreCache.set(key, cli(["score", ...args]));
  return scoreCache.get(key);
}

/** The demo model as JSON (from `aligngraph demo`). */
export function demoModel() {
  const dir = tempDir("demo");
  const file = path.join(dir, "demo.json");
  execFileSync(BIN, ["demo", "-o", file]);
  const model = JSON.parse(readFileSync(file, "utf8"));
  rmSync(dir, { recursive: true, force: true });
  return model;
}

/** A fresh temporary directory under the OS temp dir (removed by the caller or at exit). */
export function tempDir(tag) {
  return mkdtempSync(path.join(os.tmpdir(), `aligngraph-${tag}-`));
}

/**
 * An init script (`context.addInitScript`) that records the page's main-thread tasks over 50 ms
 * (PerformanceObserver "longtask") as their durations in `window.__agLong`.
 */
export const RECORD_LONG_TASKS = () => {
  window.__agLong = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__agLong.push(e.duration);
  }).observe({ type: "longtask", buffered: true });
};

/**
 * A fresh context and page on the single file (file://) in Playwright's `browser`, recording long
 * tasks (RECORD_LONG_TASKS), once its first render is done: {context, page}; the caller closes
 * the context.
 */
export async function openSingleFile(browser, { viewport = VIEWPORT } = {}) {
  const context = await browser.newContext({ viewport });
  try {
    await context.addInitScript(RECORD_LONG_TASKS);
    const page = await context.newPage();
    await page.goto(fileUrl(SINGLE));
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true", null, { timeout: 60_000 });
    return { context, page };
  } catch (err) {
    await context.close();
    throw err;
  }
}

const generatedFiles = new Map();
/**
 * The path of `aligngraph generate --nodes N` (its default seed), written once per process into a
 * temporary directory removed at exit.
 */
export function generatedModel(nodes) {
  if (!generatedFiles.has(nodes)) {
    const dir = tempDir(`generated-${nodes}`);
    const file = path.join(dir, `generated-${nodes}.json`);
    execFileSync(BIN, ["generate", "--nodes", String(nodes), "-o", file]);
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
    generatedFiles.set(nodes, file);
  }
  return generatedFiles.get(nodes);
}

// ---------------------------------------------------------------------------------------------
// Expected KPI texts, per docs/page-contract.md ("Formatting").

const share = d3format(".1%");
const count = (n) => new Intl.NumberFormat("en", { maximumFractionDigits: 0 }).format(n);
/** A count as the page writes it ("1,439"). */
export const countText = count;
const plain = d3format(".3~s");

/** Money as the contract says: compact currency via Intl "en", or 3 significant digits without one. */
export function money(x, currency) {
  if (!currency) return Math.abs(x) < 1e-12 ? "0" : plain(x).replace("-", "\u2212");
  return new Intl.NumberFormat("en", {
    style: "currency",
    currency,
    notation: "compact",
    maximumSignificantDigits: 3,
  })
    .format(x)
    .replace("-", "\u2212");
}

/** {kpi: text} a person must read on the tiles, from a CLI report. */
export function expectedKpiTexts(report) {
  const k = report.kpis;
  const n = (v) => (Array.isArray(v) ? v.length : v);
  return {
    alignment_index: share(k.alignment_index),
    goal_coverage: share(k.goal_coverage),
    unaligned_spend_share: share(k.unaligned_spend_share),
    uncovered_goals: count(n(k.uncovered_goals)),
    orphan_initiatives: count(n(k.orphan_initiatives)),
    total_exposure: money(k.total_exposure, report.model.currency),
  };
}

/** Parses a CSP string into {directive: [values]}. */
export function parseCsp(text) {
  const out = {};
  for (const part of text.split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name.toLowerCase()] = values;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Browsers.

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-default-apps",
  "--disable-extensions",
  "--mute-audio",
  "--lang=en-US",
];

/** Headless Chromium (Debian's) through playwright-core. */
export async function launchChromium() {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    env: { ...process.env, TZ: "UTC", LANG: "en_US.UTF-8" },
    timeout: 60_000,
  });
  return {
    name: "chromium",
    browser,
    /** A fresh context (own storage) with one page, wrapped in a Session; `javaScript: false` turns scripts off. */
    async newSession(label, { javaScript = true } = {}) {
      const context = await browser.newContext({
        javaScriptEnabled: javaScript,
        locale: "en-US",
        timezoneId: "UTC",
        viewport: VIEWPORT,
        deviceScaleFactor: 1,
        acceptDownloads: true,
        serviceWorkers: "block",
      });
      await context.addInitScript(INIT_SCRIPT);
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      return new Session("chromium", label, page, () => context.close(), playwrightDriver(page), { javaScript });
    },
    /** Whether the browser still opens a page and runs a script in it, within `ms`. */
    answers: (ms = ANSWER_MS) => pageAnswers(ms, () => browser.newContext()),
    /** What its processes are doing (for a report when it stops answering). */
    processes: () => "(Chromium's processes are not known to playwright-core's browser)",
    /** Closes it, waiting at most `ms` for it to finish. */
    kill: (ms = ANSWER_MS) => timeLimit(ms, browser.close()).catch(() => {}),
    close: () => browser.close(),
  };
}

/** How long a browser gets to open a page and run a script when asked whether it still answers. */
const ANSWER_MS = 20_000;

/** `promise`, or a rejection with `message` once `ms` have passed without it settling. */
export async function timeLimit(ms, promise, message = `no answer in ${ms} ms`) {
  let timer;
  const late = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether a fresh context from `newContext()` opens a page that runs `1 + 1`, within `ms`. */
async function pageAnswers(ms, newContext) {
  const probe = async () => {
    const context = await newContext();
    try {
      return await (await context.newPage()).evaluate(() => 1 + 1);
    } finally {
      await context.close();
    }
  };
  return timeLimit(ms, probe()).then((v) => v === 2, () => false);
}

/** One line per process of the tree under `pid`: pid, state, CPU %, resident MB, run time, name. */
function processTree(pid) {
  if (!pid) return "(no process id)";
  try {
    const rows = execFileSync("ps", ["-e", "-o", "pid=,ppid=,stat=,pcpu=,rss=,etimes=,comm="], { encoding: "utf8" })
      .trim()
      .split("\n")
      .map((l) => l.trim().split(/\s+/));
    const tree = new Set([String(pid)]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const r of rows) if (tree.has(r[1]) && !tree.has(r[0])) (tree.add(r[0]), (grew = true));
    }
    return rows
      .filter((r) => tree.has(r[0]))
      .map(([p, , stat, cpu, rss, secs, ...name]) => `${p} ${name.join(" ")} ${stat} cpu ${cpu}% ${Math.round(rss / 1024)} MB ${secs} s`)
      .join("; ");
  } catch (e) {
    return `(ps failed: ${e.message})`;
  }
}

/**
 * Headless Firefox ESR through puppeteer-core over WebDriver BiDi (puppeteer's only protocol for
 * Firefox). A throwaway profile directory per launch; a fresh browser context (BiDi user
 * context: own cookies and storage) per session.
 */
export async function launchFirefox({ javaScript = true } = {}) {
  const scripts = javaScript;
  const { default: puppeteer } = await import("puppeteer-core");
  const profile = tempDir("firefox-profile");
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profile,
    env: { ...process.env, TZ: "UTC", LANG: "en_US.UTF-8", MOZ_CRASHREPORTER_DISABLE: "1" },
    protocolTimeout: 60_000,
    timeout: 60_000,
    extraPrefsFirefox: {
      "intl.locale.requested": "en-US",
      "intl.accept_languages": "en-US",
      "privacy.resistFingerprinting": false,
      "browser.shell.checkDefaultBrowser": false,
      "datareporting.policy.dataSubmissionEnabled": false,
      "toolkit.telemetry.enabled": false,
      "app.update.enabled": false,
      "network.captive-portal-service.enabled": false,
      "network.connectivity-service.enabled": false,
      "browser.safebrowsing.malware.enabled": false,
      "browser.safebrowsing.phishing.enabled": false,
      // file:// pages: the document is its own origin only, as by default.
      "security.fileuri.strict_origin_policy": true,
      "javascript.enabled": javaScript,
    },
  });
  return {
    name: "firefox",
    browser,
    async newSession(label, { javaScript = true } = {}) {
      // Firefox ESR's WebDriver BiDi has no emulation.setScriptingEnabled: scripts are on or off
      // for the whole browser (launchFirefox's javaScript).
      if (javaScript !== scripts) throw new Error(`this Firefox was launched with JavaScript ${scripts ? "on" : "off"}`);
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);

      await page.setViewport(VIEWPORT);
      await page.evaluateOnNewDocument(INIT_SCRIPT);
      return new Session("firefox", label, page, () => context.close(), puppeteerDriver(page), { javaScript });
    },
    /** Whether the browser still opens a page and runs a script in it, within `ms`. */
    answers: (ms = ANSWER_MS) => pageAnswers(ms, () => browser.createBrowserContext()),
    /** What its processes are doing (for a report when it stops answering). */
    processes: () => processTree(browser.process()?.pid),
    /** Ends its processes at once and removes its profile. */
    async kill() {
      browser.process()?.kill("SIGKILL");
      await browser.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Runs in the page before its scripts: records CSP violations (a blocked request or a style
// attribute written as text is a contract breach even when it leaves no console message).
const INIT_SCRIPT = `(() => {
  const v = (window.__agCsp = []);
  document.addEventListener("securitypolicyviolation", (e) => {
    v.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
      (e.sourceFile ? " at " + e.sourceFile + ":" + e.lineNumber : "") +
      (e.sample ? " sample " + JSON.stringify(e.sample) : ""));
  }, true);
})();`;

function playwrightDriver(page) {
  return {
    waitForFunction: (fn, arg, timeout = TIMEOUT) => page.waitForFunction(fn, arg, { timeout }),
    setFiles: (selector, files) => page.setInputFiles(selector, files),
    onRequest: (fn) => page.on("request", (r) => fn(r.url())),
    onConsole: (fn) =>
      page.on("console", (m) => fn(m.type(), m.text(), m.location()?.url ?? "")),
    onPageError: (fn) => page.on("pageerror", (e) => fn(String(e?.stack || e))),
    onDialog: (fn) =>
      page.on("dialog", async (d) => {
        fn(d.type(), d.message());
        await d.dismiss().catch(() => {});
      }),
    screenshot: (file) => page.screenshot({ path: file, fullPage: false }),
    reload: () => page.reload({ waitUntil: "load" }),
    goto: (url) => page.goto(url, { waitUntil: "load" }),
    press: (key) => page.keyboard.press(key),
    /** Clicks selector and returns the download it starts: {name, bytes}. */
    download: async (selector) => {
      const [d] = await Promise.all([page.waitForEvent("download", { timeout: TIMEOUT }), page.click(selector)]);
      const file = await d.path();
      return { name: d.suggestedFilename(), bytes: readFileSync(file) };
    },
    /** Clicks selector and returns the `count` downloads it starts, in order: [{name, bytes}]. */
    downloads: async (selector, count) => {
      const seen = [];
      const all = new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          page.off("download", on);
          reject(new Error(`${selector}: ${seen.length} of ${count} downloads within ${TIMEOUT} ms`));
        }, TIMEOUT);
        const on = (d) => {
          seen.push(d);
          if (seen.length === count) {
            clearTimeout(timer);
            page.off("download", on);
            resolve();
          }
        };
        page.on("download", on);
      });
      await page.click(selector);
      await all;
      return Promise.all(seen.map(async (d) => ({ name: d.suggestedFilename(), bytes: readFileSync(await d.path()) })));
    },
  };
}

function puppeteerDriver(page) {
  return {
    waitForFunction: (fn, arg, timeout = TIMEOUT) => page.waitForFunction(fn, { timeout, polling: 50 }, arg),
    setFiles: async (selector, files) => {
      const input = await page.$(selector);
      if (!input) throw new Error(`no ${selector} on the page`);
      await input.uploadFile(...[].concat(files));
    },
    onRequest: (fn) => page.on("request", (r) => fn(r.url())),
    onConsole: (fn) => page.on("console", (m) => fn(m.type(), m.text(), m.location()?.url ?? "")),
    onPageError: (fn) => page.on("pageerror", (e) => fn(String(e?.stack || e))),
    onDialog: (fn) =>
      page.on("dialog", async (d) => {
        fn(d.type(), d.message());
        await d.dismiss().catch(() => {});
      }),
    screenshot: (file) => page.screenshot({ path: file }),
    reload: () => page.reload({ waitUntil: "load" }),
    goto: (url) => page.goto(url, { waitUntil: "load" }),
    press: (key) => page.keyboard.press(key),
  };
}

/** One page in a fresh context, with everything it did recorded. */
export class Session {
  constructor(browserName, label, page, closeContext, driver, { javaScript = true } = {}) {
    this.browserName = browserName;
    /** False when the page's scripts are off (the test's own evaluate still works). */
    this.javaScript = javaScript;
    this.label = label; // "served" | "single" | ...
    this.page = page;
    this.driver = driver;
    this.closeContext = closeContext;
    this.requests = [];
    this.consoleErrors = [];
    this.pageErrors = [];
    this.dialogs = [];
    /** Patterns of the errors and CSP violations a scenario causes on purpose (allowProblem). */
    this.allowances = [];
    driver.onRequest((url) => this.requests.push(url));
    driver.onConsole((type, text, where) => {
      if (type === "error" || type === "assert") this.consoleErrors.push(`${text}${where ? ` (${where})` : ""}`);
    });
    driver.onPageError((text) => this.pageErrors.push(text));
    driver.onDialog((type, message) => this.dialogs.push(`${type}: ${message}`));
  }

  async goto(url) {
    this.url = url;
    await this.driver.goto(url);
  }

  /** Waits until the page shows scored KPI tiles (all six with a value) and the status is not busy. */
  async waitForKpis(scope = "#view-overview") {
    try {
      await this.driver.waitForFunction(
        ([scope, names]) => {
          const root = document.querySelector(scope);
          if (!root) return false;
          return names.every((n) => {
            const v = root.querySelector(`.kpi[data-kpi="${n}"] .kpi-value`);
            return v && v.textContent.trim() !== "";
          });
        },
        [scope, KPI_NAMES],
      );
    } catch (e) {
      throw new Error(`${scope}: no KPI tiles with values within ${TIMEOUT} ms (${await this.diagnose()})`, {
        cause: e,
      });
    }
  }

  /** What the page looks like when something did not appear: status, errors, views present. */
  async diagnose() {
    let state = {};
    try {
      state = await this.page.evaluate(() => ({
        status: document.querySelector("#status")?.textContent?.trim() ?? "(no #status)",
        model: document.querySelector("#model-name")?.textContent?.trim() ?? "(no #model-name)",
        sections: [...document.querySelectorAll("#view section")].map((s) => s.id).join(",") || "(none)",
        csp: window.__agCsp ?? [],
      }));
    } catch (e) {
      state = { error: String(e) };
    }
    return JSON.stringify({ ...state, pageErrors: this.pageErrors, consoleErrors: this.consoleErrors });
  }

  /** {kpi: {value, delta, label, note}} of the tiles in scope. */
  kpis(scope = "#view-overview") {
    return this.page.evaluate(
      ([scope, names]) => {
        const root = document.querySelector(scope);
        const out = {};
        for (const n of names) {
          const tile = root?.querySelector(`.kpi[data-kpi="${n}"]`);
          const t = (sel) => tile?.querySelector(sel)?.textContent?.trim() ?? null;
          out[n] = { value: t(".kpi-value"), delta: t(".kpi-delta"), label: t(".kpi-label"), note: t(".kpi-note") };
        }
        return out;
      },
      [scope, KPI_NAMES],
    );
  }

  async kpiValues(scope) {
    const k = await this.kpis(scope);
    return Object.fromEntries(Object.entries(k).map(([n, v]) => [n, v.value]));
  }

  text(selector) {
    return this.page.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
  }

  /** Waits until `selector`'s text satisfies the test (string: equals after trim; RegExp: matches). */
  async waitForText(selector, want, timeout = TIMEOUT) {
    const spec = want instanceof RegExp ? { re: want.source, flags: want.flags } : { eq: want };
    try {
      await this.driver.waitForFunction(
        ([s, spec]) => {
          const t = document.querySelector(s)?.textContent?.trim();
          if (t == null) return false;
          return spec.re != null ? new RegExp(spec.re, spec.flags).test(t) : t === spec.eq;
        },
        [selector, spec],
        timeout,
      );
    } catch (e) {
      throw new Error(
        `${selector} never showed ${want} (it shows ${JSON.stringify(await this.text(selector))}; ${await this.diagnose()})`,
        { cause: e },
      );
    }
  }

  async waitFor(selector, timeout = TIMEOUT) {
    try {
      await this.driver.waitForFunction((s) => !!document.querySelector(s), selector, timeout);
    } catch (e) {
      throw new Error(`${selector} never appeared (${await this.diagnose()})`, { cause: e });
    }
  }

  /** Clicks the first element matching selector (scrolled into view, real mouse events). */
  async click(selector) {
    await this.waitFor(selector);
    await this.page.click(selector);
  }

  /** Opens a view through its tab and waits until its section is there and the tab is selected. */
  async openView(name) {
    await this.click(`nav[aria-label="Views"] button[data-view="${name}"]`);
    try {
      await this.driver.waitForFunction(
        (n) =>
          !!document.querySelector(`#view section#view-${n} > *`) &&
          document.querySelector(`nav[aria-label="Views"] button[data-view="${n}"]`)?.getAttribute("aria-selected") ===
            "true",
        name,
      );
    } catch (e) {
      throw new Error(`view ${name} did not open (${await this.diagnose()})`, { cause: e });
    }
  }

  /** Clicks the graph node with this id (any characters; matched by data-id equality). */
  async clickGraphNode(id) {
    await this.waitFor("#view-graph g.node");
    const handle = await this.page.evaluateHandle(
      (id) => [...document.querySelectorAll("#view-graph g.node")].find((g) => g.dataset.id === id) ?? null,
      id,
    );
    const el = handle.asElement?.() ?? handle;
    const ok = await this.page.evaluate((e) => !!e, el);
    if (!ok) throw new Error(`no g.node with data-id ${JSON.stringify(id)} in the graph`);
    await el.evaluate((e) => e.scrollIntoView?.({ block: "center", inline: "center" }));
    await el.click();
  }

  /** Chooses one file (a path) or several (an array of paths) in a file input. */
  async setFiles(selector, files) {
    await this.waitFor(selector);
    await this.driver.setFiles(selector, files);
  }

  /** Opens the Export menu (if closed) and returns the download of its item #id: {name, bytes}. */
  async exportDownload(id) {
    await this.openExportMenu();
    return this.driver.download(`#${id}`);
  }

  /** Opens the Export menu (if closed) and returns the `count` downloads of its item #id. */
  async exportDownloads(id, count) {
    await this.openExportMenu();
    return this.driver.downloads(`#${id}`, count);
  }

  async openExportMenu() {
    const open = await this.page.evaluate(() => document.querySelector("#export-menu")?.hidden === false);
    if (!open) await this.click("#export-menu-button");
    await this.driver.waitForFunction(() => document.querySelector("#export-menu")?.hidden === false, null);
  }

  async reload() {
    await this.driver.reload();
  }

  /**
   * On a page opened from file:// nothing is kept in the browser unless the person chooses so
   * (docs/page.md, "Privacy: what is stored where"): chooses it, for the scenarios that reload.
   * Over http(s) the work is kept anyway; nothing to do.
   */
  async keepWorkIfFile() {
    if (!String(this.url).startsWith("file:")) return;
    await this.click("#save-state-opt-in");
    await this.click("#confirm-ok");
    await this.waitFor('#save-state[data-state="kept-shared"]');
  }

  /** Saves target/screenshots/<browser>-<label>-<name>.png and returns the path. */
  async screenshot(name) {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const file = path.join(SCREENSHOTS, `${this.browserName}-${this.label}-${name}.png`);
    // Let fonts, layout and paint settle, so the picture is what a person sees, not a half frame
    // (animation frames never come to a page whose scripts are off).
    if (this.javaScript) await this.page
      .evaluate(
        () =>
          new Promise((resolve) =>
            (document.fonts?.ready ?? Promise.resolve()).then(() =>
              requestAnimationFrame(() => requestAnimationFrame(() => resolve())),
            ),
          ),
      )
      .catch(() => {});
    await this.driver.screenshot(file);
    return file;
  }

  cspViolations() {
    return this.page.evaluate(() => window.__agCsp ?? []);
  }

  /**
   * Requests other than the allowed URLs (compared without query/fragment). For the single file the
   * only allowed URL is the file itself.
   */
  unexpectedRequests(allowed) {
    const strip = (u) => u.split("#")[0].split("?")[0];
    const ok = new Set(allowed.map(strip));
    // data: and blob: URLs never leave the machine (e.g. the empty data: icon).
    return this.requests.filter((u) => !/^(data|blob):/i.test(u) && !ok.has(strip(u)));
  }

  /**
   * Declares one problem the scenario causes on purpose and checks itself (e.g. the browser's report
   * of a CSP that forbids WebAssembly): errors and CSP violations matching `pattern` are not problems.
   */
  allowProblem(pattern) {
    this.allowances.push(pattern);
  }

  /** Everything that must be empty after any scenario. */
  async problems() {
    const p = [];
    const allowed = (text) => this.allowances.some((re) => re.test(text));
    const pageErrors = this.pageErrors.filter((t) => !allowed(t));
    const consoleErrors = this.consoleErrors.filter((t) => !allowed(t));
    if (pageErrors.length) p.push(`uncaught errors: ${pageErrors.join(" | ")}`);
    if (consoleErrors.length) p.push(`console errors: ${consoleErrors.join(" | ")}`);
    if (this.dialogs.length) p.push(`dialogs: ${this.dialogs.join(" | ")}`);
    let csp = [];
    try {
      csp = await this.cspViolations();
    } catch {
      /* page gone */
    }
    csp = csp.filter((t) => !allowed(t));
    if (csp.length) p.push(`CSP violations: ${csp.join(" | ")}`);
    return p;
  }

  async close() {
    await this.closeContext().catch(() => {});
  }
}

export const fileUrl = (file) => pathToFileURL(file).href;

/** Polls `get()` until `ok(value)`; returns the value, or fails with the last one seen. */
export async function until(get, ok, what, timeout = TIMEOUT) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await get();
      if (ok(last)) return last;
    } catch (e) {
      last = `(${e.message})`;
    }
    if (Date.now() > end) throw new Error(`${what}: not within ${timeout} ms; last seen ${JSON.stringify(last, null, 1)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
