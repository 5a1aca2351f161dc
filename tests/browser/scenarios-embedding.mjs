// The dashboard embedded in other pages, in Chromium and Firefox (embedding.test.mjs): two
// <aligngraph-dashboard> elements on one host page, a host page's hostile stylesheet, the single file
// in a sandboxed iframe under a CSP header, deep links, the iframe postMessage API, the static
// fallback without JavaScript, and `make bundle`. Host pages are served by a small http server
// (three listeners: three origins); the CLI is the oracle for every number.
//
// Every scenario gets a Session (helpers.mjs) already navigated to its first page, and `env`, what
// prepareEmbedding() made.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import {
  BIN,
  DIST_WEB,
  expectedKpiTexts,
  fileUrl,
  KPI_NAMES,
  parseCsp,
  ROOT,
  score,
  SINGLE,
  tempDir,
  TIMEOUT,
  until,
} from "./helpers.mjs";

export const ELEMENT_DIR = path.join(ROOT, "dist/element");
/** The initiatives the deep-link scenarios focus and switch off (both in the demo). */
const FOCUS = "ini-s4hana";
const OFF = "ini-data-lakehouse";
const OTHER = "ini-mes-rollout";

// ---------------------------------------------------------------------------------------------
// The CLI: models and oracles.

function run(args, opts = {}) {
  return execFileSync(BIN, args, { encoding: "utf8", maxBuffer: 64 << 20, cwd: ROOT, ...opts });
}

/** `aligngraph bundle ARGS`; fails with what the CLI said. */
export function bundle(args) {
  try {
    run(["bundle", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    throw new Error(`aligngraph bundle ${args.join(" ")} failed: ${String(e.stderr || e.message).trim()}`);
  }
}

/** The model in `file` with `off` cancelled, written next to it; returns the new file. */
function withCancelled(file, off) {
  const model = JSON.parse(readFileSync(file, "utf8"));
  const node = model.nodes.find((n) => n.id === off);
  assert.ok(node, `${path.basename(file)} has no ${off}`);
  node.status = "cancelled";
  const out = file.replace(/\.json$/, `-without-${off}.json`);
  writeFileSync(out, JSON.stringify(model));
  return out;
}

/** KPI numbers of the engine (the `kpis` event, the bridge) equal to the CLI's. */
function assertKpiNumbers(got, want, what) {
  assert.ok(got && typeof got === "object", `${what}: no kpis object (${JSON.stringify(got)})`);
  for (const k of ["alignment_index", "goal_coverage", "unaligned_spend_share", "total_exposure", "total_spend"]) {
    assert.ok(Math.abs(got[k] - want[k]) <= 1e-9 * Math.max(1, Math.abs(want[k])), `${what}: ${k} is ${got[k]}, the CLI says ${want[k]}`);
  }
  for (const k of ["uncovered_goals", "orphan_initiatives"]) {
    assert.deepEqual(got[k], want[k], `${what}: ${k}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The host pages and their server.

const HOST_CSS = `body { margin: 8px; background: #fff; color: #111; font: 16px/1.4 sans-serif; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; }
aligngraph-dashboard { height: 760px; border: 1px solid #999; }
iframe { width: 100%; height: 800px; border: 0; }
#host-p { margin: 4px 0; }
#host-table td { padding: 2px 6px; }
`;

/** What a careless or hostile host page sets on everything (it must not reach into a dashboard). */
export const HOSTILE_CSS = `* { font: 30px serif !important; color: red !important; background: yellow; }
h1, button, table { font: italic 700 40px monospace !important; color: lime !important; letter-spacing: 6px !important; border: 5px solid blue !important; text-transform: uppercase !important; }
svg, text { fill: red !important; font-size: 30px !important; }
.ag-root, .kpi, .kpi-value, #model-name { color: red !important; font-size: 50px !important; background: yellow !important; }
`;

// Records what the host sees: the elements' events and the frames' messages; hostSend() posts to #frame.
const HOST_JS = `window.__events = [];
for (const el of document.querySelectorAll("aligngraph-dashboard")) {
  for (const type of ["ready", "select", "kpis", "error"]) {
    el.addEventListener(type, (e) => window.__events.push({ el: el.id, type, detail: JSON.parse(JSON.stringify(e.detail ?? null)) }));
  }
}
window.__messages = [];
window.addEventListener("message", (e) => window.__messages.push({ origin: e.origin, data: e.data }));
const src = new URLSearchParams(location.search).get("frame");
if (src) {
  const f = document.createElement("iframe");
  f.id = "frame";
  f.title = "aligngraph";
  f.src = src;
  document.body.append(f);
}
window.hostSend = (m) => document.getElementById("frame").contentWindow.postMessage(m, "*");
`;

/** The CSP header of the host pages: own scripts and the engine, the frames of the three origins. */
function hostCsp(origins) {
  return [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src blob:",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    `frame-src ${origins.join(" ")}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

const HOST_ELEMENTS = `<p id="host-p">A paragraph of the host page.</p>
<button type="button" id="host-button">Host button</button>
<table id="host-table"><tr><th>Host</th><td>table</td></tr></table>`;

function page(title, body, { hostile = false, element = true } = {}) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/host.css">${hostile ? '\n<link rel="stylesheet" href="/hostile.css">' : ""}
<script type="module" src="/host.js"></script>${element ? '\n<script type="module" src="/aligngraph-element.js"></script>' : ""}
</head><body>
<h1 id="host-h1">${title}</h1>
${body}
</body></html>`;
}

const inlineModel = (file) => readFileSync(file, "utf8").replace(/</g, "\\u003c");

/** Two dashboards side by side: the demo (inline, light) and the generated model (src, dark). */
function twoDashboards(env, opts) {
  return page(
    "Two dashboards",
    `${HOST_ELEMENTS}
<div class="pair">
<aligngraph-dashboard id="dash-a" theme="light"><script type="application/json">${inlineModel(env.demo)}</script></aligngraph-dashboard>
<aligngraph-dashboard id="dash-b" theme="dark" src="/models/gen.json"></aligngraph-dashboard>
</div>`,
    opts,
  );
}

/**
 * One http server with three listeners on 127.0.0.1 (three origins) serving the same routes
 * ({path: {body, type, csp?}}); routes may be added while it runs.
 */
async function startServers(count) {
  const routes = new Map();
  const make = () =>
    new Promise((resolve) => {
      const server = http.createServer((req, res) => {
        const url = new URL(req.url, "http://x");
        const r = routes.get(url.pathname);
        if (!r || req.method !== "GET") {
          res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
          return;
        }
        const headers = { "Content-Type": r.type, "Cache-Control": "no-store" };
        if (r.csp) headers["Content-Security-Policy"] = r.csp;
        res.writeHead(200, headers).end(typeof r.body === "function" ? r.body() : r.body);
      });
      server.listen(0, "127.0.0.1", () => resolve(server));
    });
  const servers = [];
  for (let i = 0; i < count; i++) servers.push(await make());
  const origins = servers.map((s) => `http://127.0.0.1:${s.address().port}`);
  return {
    origins,
    routes,
    /** Every URL the pages may request: each route on each origin. */
    urls: () => origins.flatMap((o) => [...routes.keys()].map((p) => o + p)),
    stop: () => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))),
  };
}

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".json": "application/json", ".wasm": "application/wasm" };
const typeOf = (p) => TYPES[path.extname(p)] ?? "application/octet-stream";

/**
 * The `prepare` of the embedding suites: the models (demo, a generated one, their what-if copies),
 * the servers with the host pages, the element, the served page under /web/ and the single file
 * under /single.html. Bundles made by the CLI are added by the scenarios that need them.
 */
export async function prepareEmbedding() {
  for (const f of ["aligngraph-element.js", "aligngraph_bg.wasm"]) {
    if (!existsSync(path.join(ELEMENT_DIR, f))) throw new Error(`dist/element/${f} is missing: run node scripts/build-page.mjs`);
  }
  const dir = tempDir("embedding");
  const demo = path.join(dir, "demo.json");
  run(["demo", "-o", demo]);
  const gen = path.join(dir, "gen.json");
  run(["generate", "--nodes", "150", "--seed", "7", "-o", gen]);
  const srv = await startServers(3);
  const env = { dir, demo, gen, srv, origins: srv.origins, host: srv.origins[0], foreign: srv.origins[1], files: srv.origins[2] };
  env.genOff = JSON.parse(readFileSync(gen, "utf8")).nodes.find((n) => n.kind === "initiative" && n.status !== "cancelled" && n.status !== "done").id;
  env.genWithout = withCancelled(gen, env.genOff);
  env.demoWithout = withCancelled(demo, OFF);

  const csp = hostCsp(srv.origins);
  const add = (p, body, extra = {}) => srv.routes.set(p, { body, type: typeOf(p), ...extra });
  add("/host.css", HOST_CSS);
  add("/hostile.css", HOSTILE_CSS);
  add("/host.js", HOST_JS);
  add("/aligngraph-element.js", readFileSync(path.join(ELEMENT_DIR, "aligngraph-element.js")));
  add("/aligngraph_bg.wasm", readFileSync(path.join(ELEMENT_DIR, "aligngraph_bg.wasm")));
  add("/models/gen.json", readFileSync(gen));
  add("/two.html", twoDashboards(env), { csp });
  add("/two-hostile.html", twoDashboards(env, { hostile: true }), { csp });
  add("/host-only.html", page("Two dashboards", HOST_ELEMENTS, { element: false }), { csp });
  add("/host-only-hostile.html", page("Two dashboards", HOST_ELEMENTS, { element: false, hostile: true }), { csp });
  add(
    "/element-deep.html",
    page(
      "Deep element",
      `<aligngraph-dashboard id="dash" theme="light" view="matrix" focus="${FOCUS}" whatif="${OFF}"><script type="application/json">${inlineModel(demo)}</script></aligngraph-dashboard>`,
    ),
    { csp },
  );
  add("/frame.html", page("Frame host", "", { element: false }), { csp });
  // The single file in a sandboxed frame, its header CSP with and without 'wasm-unsafe-eval'.
  add("/sandboxed-ok.html", page("Sandboxed", '<iframe id="frame" title="aligngraph" sandbox="allow-scripts" src="/single-wasm.html"></iframe>', { element: false }), { csp });
  add("/sandboxed-blocked.html", page("Sandboxed", '<iframe id="frame" title="aligngraph" sandbox="allow-scripts" src="/single-nowasm.html"></iframe>', { element: false }), { csp });
  const single = () => readFileSync(SINGLE);
  const singleCsp = () => /http-equiv="Content-Security-Policy" content="([^"]*)"/i.exec(readFileSync(SINGLE, "utf8"))?.[1]?.replace(/&#39;|&apos;/g, "'") ?? "";
  add("/single.html", single);
  add("/single-wasm.html", single, { csp: singleCsp() });
  add("/single-nowasm.html", single, { csp: singleCsp().replace(/\s*'wasm-unsafe-eval'/g, "") });
  assert.match(singleCsp(), /'wasm-unsafe-eval'/, "dist/aligngraph.html: its CSP meta names 'wasm-unsafe-eval'");
  for (const f of ["index.html", "app.js", "app.css", "aligngraph_bg.wasm"]) {
    if (!existsSync(path.join(DIST_WEB, f))) throw new Error(`dist/web/${f} is missing: run node scripts/build-page.mjs`);
    add(`/web/${f}`, readFileSync(path.join(DIST_WEB, f)));
  }
  env.addRoute = add;
  env.cleanup = async () => {
    await srv.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return env;
}

// ---------------------------------------------------------------------------------------------
// Reading a dashboard: in the document (the page, the single file, a frame) or in an element's
// shadow root (`host`: the element's selector).

/** The page or a frame: {evaluate(fn, arg), evaluateHandle(fn, arg)}. */
const targetOf = (s, frame) => frame ?? s.page;

/** What a person sees of one dashboard. */
function snapshot(target, host) {
  return target.evaluate(
    ([host, names]) => {
      const R = host ? document.querySelector(host)?.shadowRoot : document;
      if (!R) return null;
      const q = (sel) => R.querySelector(sel);
      const visible = (e) => !!e && !e.hidden && e.getClientRects().length > 0;
      const kpis = (scope) => {
        const out = {};
        for (const n of names) out[n] = q(`${scope} .kpi[data-kpi="${n}"] .kpi-value`)?.textContent.trim() || null;
        return out;
      };
      const detail = q("aside#detail");
      const boxes = [...R.querySelectorAll('#view-whatif input[type="checkbox"][data-initiative]')];
      const rootEl = q(".ag-root") ?? (R === document ? document.querySelector("#aligngraph") : null);
      // The page's App (window.aligngraph; before it is set, the name is #aligngraph's element).
      const app = host ? document.querySelector(host).app : typeof window.aligngraph?.whatIf === "function" ? window.aligngraph : null;
      const fallback = document.getElementById("aligngraph-fallback");
      return {
        title: q("#model-name")?.textContent.trim() ?? null,
        tabs: [...R.querySelectorAll('nav[aria-label="Views"] button[aria-selected="true"]')].map((b) => b.dataset.view),
        views: [...R.querySelectorAll("section.view[id^='view-']")].filter((x) => visible(x) && x.childElementCount > 0).map((x) => x.id.slice(5)),
        detail: visible(detail) ? (detail.querySelector("h2")?.textContent.trim() ?? "") : null,
        kpis: kpis("#view-overview"),
        whatifKpis: kpis("#view-whatif"),
        off: boxes.length ? boxes.filter((b) => !b.checked).map((b) => b.dataset.initiative).sort() : null,
        background: rootEl ? getComputedStyle(rootEl).backgroundColor : null,
        color: rootEl ? getComputedStyle(rootEl).color : null,
        selected: app?.selected ?? null,
        whatif: app ? app.whatIf() : null,
        view: app?.view ?? null,
        hash: location.hash,
        fallbackShown: visible(fallback),
        notice: document.querySelector(".ag-fallback-notice")?.textContent.trim() ?? null,
      };
    },
    [host ?? null, KPI_NAMES],
  );
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** The initiatives a report counts as not active (their what-if boxes unchecked), sorted. */
const inactive = (report) => report.initiatives.filter((i) => !i.active).map((i) => i.id).sort();

/** Waits for the dashboard to show KPI tiles equal to `want` ({kpi: text}) and returns its snapshot. */
function waitForKpis(target, host, want, what, scope = "kpis") {
  return until(() => snapshot(target, host), (x) => x && same(x[scope], want), what);
}

/** Clicks `selector` in the dashboard (real mouse events; scrolled into view). */
async function clickIn(target, host, selector) {
  const handle = await until(
    async () => {
      const h = await target.evaluateHandle(
        ([host, sel]) => (host ? document.querySelector(host)?.shadowRoot : document)?.querySelector(sel) ?? null,
        [host ?? null, selector],
      );
      const el = h.asElement?.() ?? null;
      return el ? { el } : null;
    },
    (x) => x !== null,
    `${host ?? "page"}: ${selector} to click`,
  );
  await handle.el.evaluate((e) => e.scrollIntoView({ block: "center", inline: "center" }));
  await handle.el.click();
}

/** Opens a view by its tab and waits until it is the one shown. */
async function openView(target, host, name) {
  await clickIn(target, host, `nav[aria-label="Views"] button[data-view="${name}"]`);
  return until(() => snapshot(target, host), (x) => same(x.tabs, [name]) && same(x.views, [name]), `${host ?? "page"}: view ${name} shown`);
}

/** The frame whose URL satisfies `match` (a frame of the page, waited for). */
async function frameOf(s, match) {
  const chromium = s.browserName === "chromium";
  const frame = await until(
    async () => s.page.frames().find((f) => f !== s.page.mainFrame() && match(f.url())) ?? null,
    (f) => f !== null,
    "the dashboard's frame",
  );
  return {
    evaluate: (fn, arg) => frame.evaluate(fn, arg),
    evaluateHandle: (fn, arg) => frame.evaluateHandle(fn, arg),
    waitForFunction: (fn, arg) => (chromium ? frame.waitForFunction(fn, arg, { timeout: TIMEOUT }) : frame.waitForFunction(fn, { timeout: TIMEOUT, polling: 50 }, arg)),
  };
}

const events = (s) => s.page.evaluate(() => window.__events);
const messages = (s) => s.page.evaluate(() => window.__messages);

/** Relative luminance of an rgb() colour. */
function luminance(css) {
  const m = /rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(css ?? "");
  assert.ok(m, `not an rgb colour: ${css}`);
  const lin = (c) => {
    const v = Number(c) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(m[1]) + 0.7152 * lin(m[2]) + 0.0722 * lin(m[3]);
}

// ---------------------------------------------------------------------------------------------
// 1. Two elements on one host page.

/** Two dashboards with different models and themes: each shows its own, and neither changes the other. */
export async function twoElements(s, env) {
  const wantA = expectedKpiTexts(score(env.demo));
  const wantB = expectedKpiTexts(score(env.gen));
  assert.notDeepEqual(wantA, wantB, "oracle: the two models have different KPIs");
  const demoName = score(env.demo).model.name;
  const genName = score(env.gen).model.name;

  const a0 = await waitForKpis(s.page, "#dash-a", wantA, "dashboard A (the demo) shows the CLI's KPIs");
  const b0 = await waitForKpis(s.page, "#dash-b", wantB, "dashboard B (the generated model) shows the CLI's KPIs");
  assert.equal(a0.title, demoName, "dashboard A's heading");
  assert.equal(b0.title, genName, "dashboard B's heading");
  assert.ok(luminance(a0.background) > 0.7, `dashboard A (theme="light") has a light background: ${a0.background}`);
  assert.ok(luminance(a0.color) < 0.1, `dashboard A has dark text: ${a0.color}`);
  assert.ok(luminance(b0.background) < 0.05, `dashboard B (theme="dark") has a dark background: ${b0.background}`);
  assert.ok(luminance(b0.color) > 0.5, `dashboard B has light text: ${b0.color}`);

  // ready fired once on each element, with that element's KPIs.
  let ev = await until(() => events(s), (e) => e.filter((x) => x.type === "ready").length === 2, "ready on both elements");
  const ready = (id) => ev.filter((x) => x.type === "ready" && x.el === id);
  assert.equal(ready("dash-a").length, 1, "one ready on dash-a");
  assert.equal(ready("dash-b").length, 1, "one ready on dash-b");
  assertKpiNumbers(ready("dash-a")[0].detail.kpis, score(env.demo).kpis, "ready on dash-a");
  assertKpiNumbers(ready("dash-b")[0].detail.kpis, score(env.gen).kpis, "ready on dash-b");
  await s.screenshot("two-elements");

  // A person selects an initiative in A's matrix.
  const name = score(env.demo).initiatives.find((i) => i.id === FOCUS).name;
  await openView(s.page, "#dash-a", "matrix");
  const before = (await events(s)).length;
  await clickIn(s.page, "#dash-a", `g.matrix-row[data-id="${FOCUS}"] .row-label`);
  const a1 = await until(() => snapshot(s.page, "#dash-a"), (x) => x.detail === name, "dashboard A's detail panel names the clicked row");
  assert.equal(a1.selected, FOCUS, "dashboard A's selection");
  // A dashboard in half the page lays itself out by its own width: the open details do not squeeze the view.
  const widths = await s.page.evaluate(() => {
    const R = document.querySelector("#dash-a").shadowRoot;
    return { view: R.querySelector("#view").getBoundingClientRect().width, root: R.querySelector(".ag-root").getBoundingClientRect().width };
  });
  assert.ok(widths.root < 900, `oracle: dashboard A is narrow (${widths.root}px)`);
  assert.ok(widths.view > 0.8 * widths.root, `the matrix keeps the dashboard's width beside the open details (${Math.round(widths.view)} of ${Math.round(widths.root)}px)`);
  ev = await until(() => events(s), (e) => e.length > before, "an event after the click");
  const afterClick = ev.slice(before);
  assert.deepEqual(afterClick, [{ el: "dash-a", type: "select", detail: { id: FOCUS } }], "the click fires select {id} on dash-a only");
  const b1 = await snapshot(s.page, "#dash-b");
  assert.equal(b1.selected, null, "dashboard B has no selection");
  assert.equal(b1.detail, null, "dashboard B shows no detail panel");
  assert.deepEqual(b1.tabs, ["overview"], "dashboard B still shows its overview");
  assert.deepEqual(b1.kpis, wantB, "dashboard B's KPIs after A's selection");

  // ... and switches an initiative off in B's What-if view.
  const wantBOff = expectedKpiTexts(score(env.genWithout));
  assert.notDeepEqual(wantBOff, wantB, `oracle: switching ${env.genOff} off changes the generated model's KPIs`);
  await openView(s.page, "#dash-b", "whatif");
  const before2 = (await events(s)).length;
  await clickIn(s.page, "#dash-b", `#view-whatif input[type="checkbox"][data-initiative="${env.genOff}"]`);
  const b2 = await waitForKpis(s.page, "#dash-b", wantBOff, `dashboard B's KPIs with ${env.genOff} off equal the CLI's`);
  assert.deepEqual(b2.whatif, [{ id: env.genOff, active: false }], "dashboard B's what-if");
  assert.deepEqual(b2.off, inactive(score(env.genWithout)), "dashboard B's unchecked what-if boxes");
  assert.ok(b2.off.includes(env.genOff), `dashboard B's ${env.genOff} box is unchecked`);
  ev = await until(() => events(s), (e) => e.length > before2, "a kpis event after the toggle");
  const afterToggle = ev.slice(before2);
  assert.ok(afterToggle.every((x) => x.el === "dash-b" && x.type === "kpis"), `only kpis on dash-b after B's toggle: ${JSON.stringify(afterToggle.map((x) => [x.el, x.type]))}`);
  assertKpiNumbers(afterToggle.at(-1).detail.kpis, score(env.genWithout).kpis, "kpis on dash-b");

  const a2 = await snapshot(s.page, "#dash-a");
  assert.deepEqual(a2.kpis, wantA, "dashboard A's KPIs after B's what-if");
  assert.deepEqual(a2.whatif, [], "dashboard A has no what-if change");
  assert.equal(a2.selected, FOCUS, "dashboard A keeps its selection");
  assert.equal(a2.detail, name, "dashboard A still shows its detail panel");
  assert.deepEqual(a2.tabs, ["matrix"], "dashboard A still shows its matrix");

  // The other way round through the API: B selects, A's selection stays.
  const genNode = JSON.parse(readFileSync(env.gen, "utf8")).nodes.find((n) => n.kind === "goal");
  await s.page.evaluate((id) => document.querySelector("#dash-b").app.select(id), genNode.id);
  await until(() => snapshot(s.page, "#dash-b"), (x) => x.detail === (genNode.name ?? genNode.id), "dashboard B's detail after app.select");
  const last = (await events(s)).at(-1);
  assert.deepEqual(last, { el: "dash-b", type: "select", detail: { id: genNode.id } }, "app.select fires select on dash-b");
  const a3 = await snapshot(s.page, "#dash-a");
  assert.equal(a3.selected, FOCUS, "dashboard A keeps its selection after B's");
  assert.deepEqual(a3.kpis, wantA, "dashboard A's KPIs after B's selection");
  await s.screenshot("two-elements-after");
}

// ---------------------------------------------------------------------------------------------
// 2. A hostile host stylesheet.

/** Computed fonts and colours of what a person reads in a dashboard. */
function dashboardStyles(target, host) {
  return target.evaluate((host) => {
    const R = document.querySelector(host).shadowRoot;
    const props = ["font-size", "font-family", "font-weight", "font-style", "color", "background-color", "letter-spacing", "text-transform", "border-top-width"];
    const out = {};
    const picks = {
      root: ".ag-root",
      heading: "#model-name",
      tab: 'nav[aria-label="Views"] button[data-view="overview"]',
      toolbarButton: "#import-button",
      kpiValue: '#view-overview .kpi[data-kpi="alignment_index"] .kpi-value',
      kpiLabel: '#view-overview .kpi[data-kpi="alignment_index"] .kpi-label',
      footer: ".app-footer p",
      matrixTable: "#view-matrix table",
      matrixText: "#view-matrix svg text",
    };
    for (const [k, sel] of Object.entries(picks)) {
      const e = R.querySelector(sel);
      if (!e) {
        out[k] = null;
        continue;
      }
      const cs = getComputedStyle(e);
      out[k] = Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]));
      if (k === "matrixText") out[k].fill = cs.fill;
    }
    return out;
  }, host);
}

/** Computed styles of the host's own elements. */
function hostStyles(target) {
  return target.evaluate(() => {
    const props = ["font-size", "font-family", "font-weight", "font-style", "color", "background-color", "letter-spacing", "text-transform", "border-top-width", "margin-top", "padding-top", "line-height", "display", "box-sizing"];
    const out = {};
    for (const sel of ["body", "#host-h1", "#host-p", "#host-button", "#host-table", "#host-table td"]) {
      const cs = getComputedStyle(document.querySelector(sel));
      out[sel] = Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]));
    }
    return out;
  });
}

/** The host's hostile stylesheet changes nothing inside either dashboard; the dashboards change nothing outside. */
export async function hostStylesheet(s, env) {
  const wantA = expectedKpiTexts(score(env.demo));
  const wantB = expectedKpiTexts(score(env.gen));
  const settle = async () => {
    await waitForKpis(s.page, "#dash-a", wantA, "dashboard A's KPIs");
    await waitForKpis(s.page, "#dash-b", wantB, "dashboard B's KPIs");
    // The matrix (its table and its picture) is mounted while idle.
    await until(() => s.page.evaluate(() => ["#dash-a", "#dash-b"].every((h) => document.querySelector(h).shadowRoot.querySelector("#view-matrix svg text"))), Boolean, "both matrices drawn");
  };
  await settle();
  const plain = { a: await dashboardStyles(s.page, "#dash-a"), b: await dashboardStyles(s.page, "#dash-b"), host: await hostStyles(s.page) };
  for (const [k, v] of Object.entries(plain.a)) assert.ok(v, `dashboard A has no ${k} to compare`);
  assert.notEqual(plain.a.root["background-color"], plain.b.root["background-color"], "the two themes differ");

  await s.goto(env.host + "/two-hostile.html");
  await settle();
  const hostile = { a: await dashboardStyles(s.page, "#dash-a"), b: await dashboardStyles(s.page, "#dash-b"), host: await hostStyles(s.page) };
  assert.equal(hostile.host["#host-p"]["font-size"], "30px", "the hostile sheet applies to the host page");
  assert.equal(hostile.host["#host-button"]["font-size"], "40px", "the hostile sheet applies to the host's button");
  assert.deepEqual(hostile.a, plain.a, "dashboard A's computed styles with the host's stylesheet");
  assert.deepEqual(hostile.b, plain.b, "dashboard B's computed styles with the host's stylesheet");
  await s.screenshot("hostile-stylesheet");

  // The dashboards' styles do not reach the host: its elements without them are computed the same.
  await s.goto(env.host + "/host-only.html");
  assert.deepEqual(await hostStyles(s.page), plain.host, "the host's elements with and without the dashboards");
  await s.goto(env.host + "/host-only-hostile.html");
  assert.deepEqual(await hostStyles(s.page), hostile.host, "the host's elements with and without the dashboards (hostile sheet)");
}

// ---------------------------------------------------------------------------------------------
// 3. The single file in a sandboxed iframe under a CSP header.

/** The static fallback's KPI table: {kpi: text}. */
function fallbackKpis(target) {
  return target.evaluate((names) => {
    const out = {};
    for (const n of names) {
      out[n] = document.querySelector(`#aligngraph-fallback table[data-table="kpis"] tr[data-kpi="${n}"] td[data-value]`)?.textContent.trim() ?? null;
    }
    return out;
  }, KPI_NAMES);
}

/** With 'wasm-unsafe-eval' in the frame's header CSP: the live dashboard with the demo's KPIs, no fallback. */
export async function sandboxedLive(s) {
  const want = expectedKpiTexts(score("--demo"));
  const frame = await frameOf(s, (u) => u.endsWith("/single-wasm.html"));
  const snap = await waitForKpis(frame, null, want, "the framed single file shows the demo's KPI tiles");
  assert.equal(snap.fallbackShown, false, "the fallback is not shown when the engine runs");
  assert.equal(snap.notice, null, "no fallback notice");
  assert.equal(await frame.evaluate(() => document.getElementById("aligngraph-fallback")), null, "the fallback is removed once the dashboard is up");
  assert.equal(await frame.evaluate(() => String(window.origin)), "null", "the frame is sandboxed (opaque origin)");
  // The suite's recorder of CSP violations runs in frames too.
  assert.deepEqual(await frame.evaluate(() => window.__agCsp ?? null), [], "CSP violations in the frame");
  await s.screenshot("sandboxed-live");
}

/** Without it: the fallback's KPI table with the CLI's numbers and the notice saying why. */
export async function sandboxedBlocked(s) {
  const want = expectedKpiTexts(score("--demo"));
  // The browser's report of the refused compilation (Firefox: an error naming the missing
  // 'wasm-unsafe-eval'), the one problem this page causes; the frame's own record is checked below.
  s.allowProblem(/WebAssembly.*'wasm-unsafe-eval'/s);
  const frame = await frameOf(s, (u) => u.endsWith("/single-nowasm.html"));
  const snap = await until(() => snapshot(frame, null), (x) => x && x.notice, "the fallback notice in the frame");
  assert.match(snap.notice, /wasm-unsafe-eval/, "the notice says the page's policy forbids WebAssembly");
  assert.equal(snap.fallbackShown, true, "#aligngraph-fallback is shown");
  assert.deepEqual(await fallbackKpis(frame), want, "the fallback's KPI table equals the CLI's numbers");
  assert.deepEqual(snap.tabs, [], "no live dashboard (no view tabs)");
  const violations = await frame.evaluate(() => window.__agCsp ?? null);
  assert.ok(violations?.length > 0, `the frame's CSP refused the engine (recorded: ${JSON.stringify(violations)})`);
  assert.deepEqual(violations.filter((v) => !/^script-src blocked wasm-eval\b/.test(v)), [], "only WebAssembly is refused in the frame");
  await s.screenshot("sandboxed-fallback");
}

// ---------------------------------------------------------------------------------------------
// 4. Deep links.

/**
 * The page opened with #view=matrix&focus=FOCUS&off=OFF: the Matrix tab, FOCUS's details, OFF switched
 * off (the KPIs of the demo with OFF cancelled). A click on another row, another view, then back
 * twice: the matrix again, then the first selection.
 */
export async function deepLinkPage(s, env) {
  const report = score(env.demo);
  const name = (id) => report.initiatives.find((i) => i.id === id).name;
  const want = expectedKpiTexts(score(env.demoWithout));
  assert.notDeepEqual(want, expectedKpiTexts(report), `oracle: ${OFF} off changes the demo's KPIs`);
  const offBoxes = inactive(score(env.demoWithout));
  assert.ok(offBoxes.includes(OFF) && !inactive(report).includes(OFF), `oracle: ${OFF} is active in the demo, not in the copy`);
  const first = await until(
    () => snapshot(s.page, null),
    (x) => x && same(x.tabs, ["matrix"]) && x.detail === name(FOCUS) && same(x.kpis, want) && same(x.off, offBoxes),
    "the deep link's picture: Matrix, the focused initiative's details, the what-if toggle off, the KPIs without it",
  );
  assert.deepEqual(first.views, ["matrix"], "only the matrix is shown");
  assert.deepEqual(first.whatif, [{ id: OFF, active: false }], "the what-if toggles");
  await s.screenshot("deep-link");

  await clickIn(s.page, null, `#view-matrix g.matrix-row[data-id="${OTHER}"] .row-label`);
  await until(() => snapshot(s.page, null), (x) => x.detail === name(OTHER), "the clicked row's details");
  await openView(s.page, null, "graph");
  await s.page.evaluate(() => history.back());
  const back1 = await until(() => snapshot(s.page, null), (x) => same(x.tabs, ["matrix"]) && same(x.views, ["matrix"]), "back: the matrix again");
  assert.equal(back1.detail, name(OTHER), "back: the selection made on the matrix");
  await s.page.evaluate(() => history.back());
  const back2 = await until(() => snapshot(s.page, null), (x) => x.detail === name(FOCUS), "back again: the first selection");
  assert.deepEqual(back2.tabs, ["matrix"], "back again: still the matrix");
  assert.deepEqual(back2.kpis, want, "the what-if toggle stays off through the history");
  assert.deepEqual(back2.off, offBoxes, "the what-if box stays unchecked");
}

/** The element's view, focus and whatif attributes: the same picture; changing them changes it. */
export async function deepLinkElement(s, env) {
  const report = score(env.demo);
  const name = (id) => report.initiatives.find((i) => i.id === id).name;
  const want = expectedKpiTexts(score(env.demoWithout));
  const offBoxes = inactive(score(env.demoWithout));
  await until(
    () => snapshot(s.page, "#dash"),
    (x) => x && same(x.tabs, ["matrix"]) && same(x.views, ["matrix"]) && x.detail === name(FOCUS) && same(x.kpis, want) && same(x.off, offBoxes),
    "view/focus/whatif attributes: Matrix, the focused initiative's details, the toggle off, the KPIs without it",
  );
  await s.screenshot("element-attributes");
  await s.page.evaluate((id) => {
    const el = document.querySelector("#dash");
    el.setAttribute("view", "portfolio");
    el.setAttribute("focus", id);
  }, OTHER);
  const after = await until(
    () => snapshot(s.page, "#dash"),
    (x) => same(x.tabs, ["portfolio"]) && same(x.views, ["portfolio"]) && x.detail === name(OTHER),
    "new view and focus attributes",
  );
  assert.deepEqual(after.kpis, want, "the what-if toggle stays");
}

// ---------------------------------------------------------------------------------------------
// 5. The iframe API.

/**
 * Posts from the host, then a marker: once the frame answers the marker, the message before it was
 * taken in; `answered(replies)` waits further for what the frame says when its work is done (a
 * what-if is scored by the engine's worker, after the marker).
 */
async function sendAndSync(s, frame, message, answered = null) {
  const token = `sync-${Math.random().toString(36).slice(2)}`;
  // In the frame: answer the marker to the parent once it arrives (after every earlier message).
  await frame.evaluate((token) => {
    const on = (e) => {
      if (e.data?.type === token) {
        window.removeEventListener("message", on);
        e.source.postMessage({ type: token, done: true }, "*");
      }
    };
    window.addEventListener("message", on);
  }, token);
  const before = (await messages(s)).length;
  await s.page.evaluate(([m, token]) => {
    window.hostSend(m);
    window.hostSend({ type: token });
  }, [message, token]);
  const all = await until(
    () => messages(s),
    (ms) => ms.some((m) => m.data?.type === token && m.data.done) && (!answered || answered(ms.slice(before).filter((m) => m.data?.type !== token))),
    "the frame's answer to the marker",
  );
  return all.slice(before).filter((m) => m.data?.type !== token);
}

/** A host of an allowed origin drives the framed dashboard; the same messages from another origin do nothing. */
async function bridgeScenario(s, env, frameUrl) {
  const report = score(env.demo);
  const allowed = `${env.host}/frame.html?frame=${encodeURIComponent(frameUrl)}`;
  const foreign = `${env.foreign}/frame.html?frame=${encodeURIComponent(frameUrl)}`;
  const framed = (u) => u.split("#")[0] === frameUrl.split("#")[0];

  await s.goto(allowed);
  let frame = await frameOf(s, framed);
  await waitForKpis(frame, null, expectedKpiTexts(report), "the framed dashboard's KPIs");
  const ready = await until(() => messages(s), (ms) => ms.some((m) => m.data?.type === "aligngraph:ready"), "aligngraph:ready at the allowed host");
  const r = ready.find((m) => m.data?.type === "aligngraph:ready");
  assert.equal(r.origin, env.files, "aligngraph:ready comes from the frame's origin");
  assertKpiNumbers(r.data.kpis, report.kpis, "aligngraph:ready");

  const replies = await sendAndSync(s, frame, { type: "aligngraph:view", view: "matrix" });
  assert.deepEqual(replies.map((m) => m.data), [{ type: "aligngraph:view", view: "matrix" }], "the allowed host hears aligngraph:view");
  await until(() => snapshot(frame, null), (x) => same(x.tabs, ["matrix"]) && same(x.views, ["matrix"]), "the frame shows the matrix");
  const kpis = await sendAndSync(s, frame, { type: "aligngraph:kpis" });
  assert.equal(kpis.length, 1, `one answer to aligngraph:kpis: ${JSON.stringify(kpis.map((m) => m.data.type))}`);
  assert.equal(kpis[0].data.type, "aligngraph:kpis");
  assertKpiNumbers(kpis[0].data.kpis, report.kpis, "aligngraph:kpis");
  const scored = (replies) => replies.some((m) => m.data?.type === "aligngraph:kpis");
  const whatif = await sendAndSync(s, frame, { type: "aligngraph:whatif", toggles: [{ id: OFF, active: false }] }, scored);
  assert.deepEqual(whatif.map((m) => m.data.type), ["aligngraph:kpis"], "a what-if message is answered with the new KPIs");
  assertKpiNumbers(whatif[0].data.kpis, score(env.demoWithout).kpis, "aligngraph:kpis after aligngraph:whatif");
  await s.screenshot("bridge-allowed");
  // Back to the model's own toggles (the file keeps them for its next opening, under the other host).
  const reset = await sendAndSync(s, frame, { type: "aligngraph:whatif", toggles: [] }, scored);
  assertKpiNumbers(reset.at(-1)?.data.kpis, report.kpis, "aligngraph:kpis after resetting the what-if");

  await s.goto(foreign);
  frame = await frameOf(s, framed);
  await waitForKpis(frame, null, expectedKpiTexts(report), "the framed dashboard's KPIs under the foreign host");
  for (const m of [{ type: "aligngraph:view", view: "matrix" }, { type: "aligngraph:kpis" }, { type: "aligngraph:whatif", toggles: [{ id: OFF, active: false }] }]) {
    const got = await sendAndSync(s, frame, m);
    assert.deepEqual(got, [], `no answer to ${m.type} from a foreign origin`);
  }
  const after = await snapshot(frame, null);
  assert.deepEqual(after.tabs, ["overview"], "the foreign host's message changed no view");
  assert.deepEqual(after.kpis, expectedKpiTexts(report), "the foreign host's what-if changed no KPI");
  assert.deepEqual((await messages(s)).filter((m) => String(m.data?.type).startsWith("aligngraph:")), [], "the foreign host heard nothing (not even ready)");
  await s.screenshot("bridge-foreign");
}

/** A bundle made with --origins <the host's origin>. */
export async function bridgeBundle(s, env) {
  const out = path.join(env.dir, "bridge.html");
  bundle([env.demo, "--origins", env.host, "--template", SINGLE, "-o", out]);
  env.addRoute("/bridge.html", readFileSync(out));
  await bridgeScenario(s, env, `${env.files}/bridge.html`);
}

/** The single file without origins of its own, allowed by #origins= in its address. */
export async function bridgeHashOrigins(s, env) {
  const config = /<script[^>]*id="aligngraph-config"[^>]*>([^<]*)</.exec(readFileSync(SINGLE, "utf8"))?.[1];
  assert.ok(!config || !(JSON.parse(config).origins ?? []).length, "dist/aligngraph.html names no origins of its own");
  await bridgeScenario(s, env, `${env.files}/single.html#origins=${encodeURIComponent(env.host)}`);
}

// ---------------------------------------------------------------------------------------------
// 6. Without JavaScript: the static fallback.

/** The fallback a reader without JavaScript sees, against the CLI's report of the embedded model. */
export async function fallbackWithoutScript(s, report, shot) {
  const got = await s.page.evaluate(() => {
    const fb = document.getElementById("aligngraph-fallback");
    const visible = (e) => !!e && !e.hidden && e.getClientRects().length > 0;
    const rows = (sec) =>
      [...(fb?.querySelectorAll(`section[data-fallback="${sec}"] table[data-table="${sec}"] tbody tr`) ?? [])].map((tr) => ({
        id: tr.dataset.id ?? null,
        text: tr.textContent.replace(/\s+/g, " ").trim(),
      }));
    return {
      shown: visible(fb),
      sections: [...(fb?.querySelectorAll("section[data-fallback]") ?? [])].map((x) => x.dataset.fallback),
      nodes: fb?.querySelectorAll('section[data-fallback="graph"] svg g.ag-fb-node[data-id]').length ?? 0,
      nodeIds: [...(fb?.querySelectorAll("svg g.ag-fb-node[data-id]") ?? [])].map((g) => g.dataset.id),
      goals: rows("goals"),
      initiatives: rows("initiatives"),
      scripted: document.documentElement.dataset.ready ?? null,
      root: document.getElementById("aligngraph")?.innerHTML ?? null,
    };
  });
  assert.equal(got.scripted, null, "no script ran");
  assert.equal(got.root, "", "the live dashboard's root stays empty");
  assert.equal(got.shown, true, "#aligngraph-fallback is shown");
  for (const sec of ["kpis", "graph", "matrix", "goals", "initiatives"]) assert.ok(got.sections.includes(sec), `the fallback has section[data-fallback=${sec}] (it has ${got.sections})`);
  assert.deepEqual(await fallbackKpis(s.page), expectedKpiTexts(report), "the fallback's KPI table equals the CLI's numbers");
  assert.equal(got.nodes, Math.min(report.model.nodes, 1500), "one g.ag-fb-node per node of the model");
  assert.equal(new Set(got.nodeIds).size, got.nodeIds.length, "each node drawn once");
  for (const [what, list] of [["goals", report.goals], ["initiatives", report.initiatives]]) {
    const shown = got[what];
    assert.deepEqual(shown.map((r) => r.id).sort(), list.map((x) => x.id).sort(), `the ${what} table lists the report's ${what}, each once`);
    for (const x of list) {
      const row = shown.find((r) => r.id === x.id);
      assert.ok(row.text.includes(x.name), `the ${what} row of ${x.id} names it ${JSON.stringify(x.name)}: ${row.text}`);
    }
  }
  await s.screenshot(shot);
}

// ---------------------------------------------------------------------------------------------
// 7. make bundle.

/** Counts of the blocks the CLI writes into a single file. */
export function bundleBlocks(html) {
  const count = (re) => (html.match(re) ?? []).length;
  return {
    model: count(/<script\b[^>]*\bid="aligngraph-model"/g),
    config: count(/<script\b[^>]*\bid="aligngraph-config"/g),
    fallback: count(/<div\b[^>]*\bid="aligngraph-fallback"/g),
    csp: count(/http-equiv="Content-Security-Policy"/gi),
    wasm: count(/<script\b[^>]*\bid="aligngraph-wasm"/g),
  };
}

/** `make bundle`'s command on the real build, opened from file://: the live dashboard with its title and the demo's KPIs. */
export async function makeBundle(s, env) {
  const board = path.join(env.dir, "board.html");
  bundle(["data/demo-model.json", "--template", "dist/aligngraph.html", "-o", board, "--title", "Board pack"]);
  const report = score(path.join(ROOT, "data/demo-model.json"));
  assert.deepEqual(bundleBlocks(readFileSync(board, "utf8")), { model: 1, config: 1, fallback: 1, csp: 1, wasm: 1 }, "board.html's blocks");
  await s.goto(fileUrl(board));
  const snap = await waitForKpis(s.page, null, expectedKpiTexts(report), "board.html's KPI tiles equal the CLI's");
  assert.equal(snap.title, "Board pack", "the heading is the bundle's title");
  assert.equal(await s.page.evaluate(() => document.title), "Board pack · aligngraph", "the document's title");
  assert.equal(snap.fallbackShown, false, "the fallback is not shown");
  await s.screenshot("make-bundle");

  // Bundled again (another model, another title): one of each block, the new model shown.
  const again = path.join(env.dir, "board-again.html");
  bundle([env.gen, "--template", board, "-o", again, "--title", "Second pack"]);
  assert.deepEqual(bundleBlocks(readFileSync(again, "utf8")), { model: 1, config: 1, fallback: 1, csp: 1, wasm: 1 }, "the re-bundled file's blocks");
  await s.goto(fileUrl(again));
  const snap2 = await waitForKpis(s.page, null, expectedKpiTexts(score(env.gen)), "the re-bundled file's KPIs equal the CLI's for its model");
  assert.equal(snap2.title, "Second pack", "the re-bundled file's heading");
  const csp = parseCsp(await s.page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy" i]').content));
  assert.deepEqual(csp["connect-src"], ["'none'"], "the re-bundled file still connects nowhere");
  await s.screenshot("make-bundle-again");
}
