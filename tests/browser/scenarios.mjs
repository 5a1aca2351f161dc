// What a person does with the page and what they must see, written once and run against the
// served page and the single file, in Chromium and Firefox (see the *.test.mjs files).
//
// Every scenario gets a Session (helpers.mjs) already navigated to the page and returns nothing;
// it throws (assert) on the first thing that is wrong.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BIN, cli, countText, demoModel, expectedKpiTexts, fixture, parseCsp, realModel, ROOT, score, tempDir, VIEWS } from "./helpers.mjs";

// ---------------------------------------------------------------------------------------------
// Oracles from the CLI (computed once per process).

let demo = null;
/** The demo model, its report, and id -> name. */
export function demoData() {
  if (!demo) {
    const model = demoModel();
    const names = new Map(model.nodes.map((n) => [n.id, n.name ?? n.id]));
    demo = { model, names, report: score("--demo") };
  }
  return demo;
}

/** The CLI report of the demo with one initiative switched off (what the what-if toggle scores). */
function demoWithout(id) {
  const { model } = demoData();
  const copy = structuredClone(model);
  const node = copy.nodes.find((n) => n.id === id);
  assert.ok(node, `demo has no ${id}`);
  node.status = "cancelled";
  const dir = tempDir("whatif");
  const file = path.join(dir, "demo-without.json");
  writeFileSync(file, JSON.stringify(copy));
  try {
    return score(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const PORTAL = { file: fixture("portal-model.json"), name: "Customer portal decision" };
export const XSS = {
  file: fixture("xss-model.json"),
  name: "Evil <img src=x onerror=alert(1)> model",
  initiative: "ini-xss",
  initiativeName: "<img src=x onerror=alert(1)>",
  goalName: '"><script>alert(2)</script>',
  oddId: 'el-"><img src=x onerror=alert(7)>',
  oddName: "'-alert(8)-' <b onmouseover=alert(9)>x</b>",
};

// ---------------------------------------------------------------------------------------------

/** Polls until the KPI tiles in scope show `want` (a {kpi: text} map), then asserts equality. */
async function expectKpis(s, want, scope = "#view-overview", what = "KPIs") {
  await s.waitForKpis(scope);
  try {
    await s.driver.waitForFunction(
      ([scope, want]) =>
        Object.entries(want).every(
          ([k, v]) => document.querySelector(`${scope} .kpi[data-kpi="${k}"] .kpi-value`)?.textContent.trim() === v,
        ),
      [scope, want],
      5_000,
    );
  } catch {
    /* fall through to the assertion, which shows the difference */
  }
  assert.deepEqual(await s.kpiValues(scope), want, `${what} in ${scope} differ from the CLI`);
}

/** The page shows the demo and the KPI tiles read exactly what `aligngraph score --demo` computes. */
export async function demoKpis(s) {
  const { report } = demoData();
  await s.waitForKpis();
  await s.waitForText("#model-name", report.model.name);
  await expectKpis(s, expectedKpiTexts(report), "#view-overview", "demo KPIs");
  const tiles = await s.kpis();
  for (const [k, t] of Object.entries(tiles)) {
    assert.ok(t.label, `KPI ${k} has no .kpi-label text`);
    assert.equal(t.delta ?? "", "", `KPI ${k} shows a delta without any what-if change`);
  }
}

/** Every view opens from its tab and shows something; a screenshot of each (and of the detail panel). */
export async function allViews(s) {
  const { report } = demoData();
  await s.waitForKpis();
  for (const view of VIEWS) {
    await s.openView(view);
    const info = await s.page.evaluate((v) => {
      const sec = document.querySelector(`#view section#view-${v}`);
      const visible = (e) => !!e && e.getClientRects().length > 0;
      const selected = [...document.querySelectorAll('nav[aria-label="Views"] button[aria-selected="true"]')].map(
        (b) => b.dataset.view,
      );
      return {
        children: sec?.childElementCount ?? 0,
        visible: visible(sec),
        text: (sec?.textContent ?? "").trim().length,
        selected,
        nodes: document.querySelectorAll("#view-graph svg#graph-svg g.node").length,
        checkboxes: document.querySelectorAll('#view-whatif input[type="checkbox"][data-initiative]').length,
        others: [...document.querySelectorAll("#view section[id^='view-']")]
          .filter((x) => x.id !== `view-${v}` && visible(x))
          .map((x) => x.id),
      };
    }, view);
    assert.ok(info.children > 0 && info.visible, `view ${view}: section#view-${view} is empty or hidden`);
    assert.deepEqual(info.selected, [view], `view ${view}: aria-selected tabs`);
    assert.deepEqual(info.others, [], `view ${view}: other view sections are visible too`);
    if (view === "graph") {
      assert.equal(info.nodes, report.model.nodes, "graph: one g.node per model node");
      for (const sel of ["#graph-search", "#graph-color", "#view-graph .legend"]) {
        assert.ok(await s.page.evaluate((q) => !!document.querySelector(q), sel), `graph: ${sel} missing`);
      }
    }
    if (view === "whatif") {
      assert.equal(info.checkboxes, report.initiatives.length, "what-if: one checkbox per initiative");
      await s.waitForKpis("#view-whatif");
    }
    if (view === "overview") await s.waitForKpis();
    await s.screenshot(view);
  }
  await s.openView("graph");
  await s.clickGraphNode("ini-s4hana");
  await s.waitFor("aside#detail:not([hidden]) h2");
  await s.screenshot("detail");
}

/** Clicking a graph node opens the detail panel with its name and the CLI's explaining paths. */
export async function graphDetail(s) {
  const { names } = demoData();
  const id = "ini-s4hana";
  const explain = score("--demo", "--explain", id).explain;
  await s.waitForKpis();
  await s.openView("graph");
  await s.waitFor("#view-graph svg#graph-svg g.node");
  const hiddenBefore = await s.page.evaluate(() => {
    const d = document.querySelector("aside#detail");
    return !d || d.hidden || d.getClientRects().length === 0;
  });
  assert.ok(hiddenBefore, "aside#detail is shown before anything is selected");
  await s.clickGraphNode(id);
  await s.waitForText("aside#detail h2", explain.name);
  const panel = await s.page.evaluate(() => {
    const d = document.querySelector("aside#detail");
    return {
      visible: !!d && !d.hidden && d.getClientRects().length > 0,
      paths: [...d.querySelectorAll("ol.paths > li")].map((li) => li.textContent.replace(/\s+/g, " ").trim()),
      scores: Object.fromEntries(
        [...d.querySelectorAll("[data-score]")].map((e) => [e.dataset.score, e.textContent.trim()]),
      ),
      dependsOn: d.querySelectorAll("ul.depends-on > li").length,
      dependents: d.querySelectorAll("ul.dependents > li").length,
      blast: !!d.querySelector(".blast-radius"),
    };
  });
  assert.ok(panel.visible, "aside#detail is not visible after the click");
  assert.equal(panel.paths.length, explain.paths.length, "number of explaining paths (ol.paths > li)");
  explain.paths.forEach((p, i) => {
    const text = panel.paths[i];
    let at = -1;
    for (const nodeId of p.nodes) {
      const name = names.get(nodeId);
      const next = text.indexOf(name, at + 1);
      assert.ok(next > at, `path ${i + 1} should name ${p.nodes.map((n) => names.get(n)).join(" -> ")} in order; it reads "${text}"`);
      at = next;
    }
  });
  for (const k of ["alignment", "delivery_risk", "conflict", "own_risk", "exposure"]) {
    assert.ok(panel.scores[k], `detail: [data-score=${k}] missing or empty`);
  }
  assert.equal(panel.dependsOn, explain.depends_on.length, "detail: ul.depends-on items");
  assert.equal(panel.dependents, explain.dependents.length, "detail: ul.dependents items");
  assert.ok(panel.blast, "detail: .blast-radius missing");
  await s.click("button#detail-close");
  await s.driver.waitForFunction(() => {
    const d = document.querySelector("aside#detail");
    return !d || d.hidden || d.getClientRects().length === 0;
  }, null);
}

/** Switching an initiative off changes the KPIs to what the CLI scores for it cancelled; on again restores. */
export async function whatIf(s) {
  const { report } = demoData();
  const id = "ini-s4hana";
  const base = expectedKpiTexts(report);
  const off = expectedKpiTexts(demoWithout(id));
  const box = `#view-whatif input[type="checkbox"][data-initiative="${id}"]`;
  // The graph names a switched-off initiative inactive (it reads the snapshot's mask of active nodes).
  const graphSaysInactive = async (inactive, what) => {
    await s.openView("graph");
    const node = `#view-graph svg#graph-svg g.node[data-id="${id}"]`;
    // (waited for; the assertion below says what the node is named when it did not come)
    await s.driver.waitForFunction(([q, want]) => /, inactive,/.test(document.querySelector(q)?.getAttribute("aria-label") ?? "") === want, [node, inactive]).catch(() => {});
    const label = await s.page.evaluate((q) => document.querySelector(q).getAttribute("aria-label"), node);
    assert.equal(/, inactive,/.test(label), inactive, `${what}: the graph node's name "${label}"`);
  };
  await s.waitForKpis();
  await graphSaysInactive(false, "before any toggle");
  await s.openView("whatif");
  await expectKpis(s, base, "#view-whatif", "what-if strip before any toggle");
  assert.equal(await s.page.evaluate((b) => document.querySelector(b)?.checked, box), true, `${id} should start checked`);

  await s.click(box);
  await expectKpis(s, off, "#view-whatif", `KPIs with ${id} switched off`);
  const changed = await s.kpis("#view-whatif");
  const differing = Object.keys(base).filter((k) => base[k] !== off[k]);
  assert.ok(differing.length > 0, "the toggle should change some KPI (oracle)");
  for (const k of differing) {
    assert.notEqual(changed[k].delta ?? "", "", `KPI ${k} changed but its .kpi-delta is empty`);
    assert.match(changed[k].delta, /^[+\u2212]/, `KPI ${k} delta should carry a sign: ${changed[k].delta}`);
  }
  // The share deltas in percentage points, as the contract formats them.
  for (const k of ["alignment_index", "goal_coverage", "unaligned_spend_share"]) {
    if (!differing.includes(k)) continue;
    assert.match(changed[k].delta, /^[+\u2212]\d+(\.\d)? pts$/, `KPI ${k} delta format`);
  }
  // The overview reads the same state.
  await s.openView("overview");
  await expectKpis(s, off, "#view-overview", `overview KPIs with ${id} switched off`);
  await graphSaysInactive(true, `${id} switched off`);

  await s.openView("whatif");
  await s.click(box);
  await expectKpis(s, base, "#view-whatif", `KPIs after switching ${id} on again`);
  const restored = await s.kpis("#view-whatif");
  for (const [k, t] of Object.entries(restored)) {
    assert.equal(t.delta ?? "", "", `KPI ${k} still shows a delta after un-toggling`);
  }
  await graphSaysInactive(false, `${id} switched on again`);
}

/** Importing a model scores it like the CLI, and the imported model is what a reload shows (on file://, once the person chose to keep it). */
export async function importAndReload(s) {
  const want = expectedKpiTexts(score(PORTAL.file));
  await s.waitForKpis();
  await s.keepWorkIfFile();
  await s.setFiles("input#import-file", PORTAL.file);
  await s.waitForText("#model-name", PORTAL.name);
  await expectKpis(s, want, "#view-overview", "imported model KPIs");
  await s.waitForText("#status", new RegExp(PORTAL.name));
  // Autosave is asynchronous (IndexedDB); give it a moment before the reload.
  await new Promise((r) => setTimeout(r, 600));
  await s.reload();
  await s.waitForKpis();
  await s.waitForText("#model-name", PORTAL.name);
  await expectKpis(s, want, "#view-overview", "KPIs after reload");
}

/** An import with errors shows them with their place in #status and keeps the current model. */
export async function importErrors(s) {
  const { report } = demoData();
  const before = expectedKpiTexts(report);
  await s.waitForKpis();
  await s.setFiles("input#import-file", fixture("invalid-model.json"));
  // OUT_OF_RANGE at line 9 (node ini-shop, field risk) and UNKNOWN_NODE at line 13 (edge 1).
  await s.waitForText("#status", /line\D{0,3}9\b/i);
  const status = (await s.text("#status")).replace(/\s+/g, " ");
  assert.match(status, /line\D{0,3}13\b/i, `#status should list the second error's line: "${status}"`);
  assert.match(status, /ini-shop/, `#status should name the node: "${status}"`);
  await expectKpis(s, before, "#view-overview", "KPIs after a failed import (previous model kept)");
  assert.equal((await s.text("#model-name")).trim(), report.model.name, "model name after a failed import");

  await s.setFiles("input#import-file", fixture("malformed-model.json"));
  await s.waitForText("#status", /line\D{0,3}6\b/i);
  await expectKpis(s, before, "#view-overview", "KPIs after a malformed import");
}

/** Payloads in names never become markup: checks the whole DOM. */
async function assertNoInjection(s, settleMs = 50) {
  // An injected onerror fires asynchronously; give it the chance to (longer once, at the end).
  await new Promise((r) => setTimeout(r, settleMs));
  const found = await s.page.evaluate(() => {
    const bad = [];
    for (const el of document.querySelectorAll("*")) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) bad.push(`<${el.localName}> has ${a.name}="${a.value}"`);
        if (/^\s*javascript:/i.test(a.value) && /href|src|action/i.test(a.name)) {
          bad.push(`<${el.localName}> ${a.name}="${a.value}"`);
        }
      }
      if (["iframe", "object", "embed", "frame"].includes(el.localName)) bad.push(`<${el.localName}> element`);
    }
    for (const img of document.querySelectorAll("img")) {
      if (img.getAttribute("src") === "x") bad.push("img[src=x]");
    }
    const executable = [...document.querySelectorAll("script")].filter(
      (sc) => !["application/json", "application/octet-stream"].includes(sc.type),
    );
    // The page's module, and in the single file the boot script right after the engine's data block.
    const boot = document.querySelector("script#aligngraph-wasm + script#aligngraph-boot");
    const expected = boot ? 2 : 1;
    if (executable.length !== expected) bad.push(`${executable.length} executable <script> elements (expected ${expected})`);
    for (const sc of executable) if (/alert\(/.test(sc.textContent)) bad.push("a script element with alert(");
    // The single file has its one inline <style>, the served page none; a payload would add one.
    const styles = [...document.querySelectorAll("style")];
    if (styles.length > 1) bad.push(`${styles.length} <style> elements`);
    if (styles.some((st) => st.textContent.includes("body{display:none}"))) bad.push("injected <style>");
    if (getComputedStyle(document.body).display === "none") bad.push("body hidden");
    return bad;
  });
  assert.deepEqual(found, [], "markup injected from model text");
  assert.deepEqual(s.dialogs, [], "a dialog opened (script ran)");
}

/** Model text with markup is shown as text everywhere and never runs. */
export async function xss(s, { embedded = false } = {}) {
  if (!embedded) {
    await s.waitForKpis();
    await s.setFiles("input#import-file", XSS.file);
  }
  await s.waitForText("#model-name", XSS.name);
  await s.waitForKpis();
  await expectKpis(s, expectedKpiTexts(score(XSS.file)), "#view-overview", "KPIs of the XSS model");
  for (const view of VIEWS) {
    await s.openView(view);
    await assertNoInjection(s);
  }
  await s.openView("matrix");
  const matrixText = await s.text("#view-matrix");
  assert.ok(matrixText.includes(XSS.goalName), `the matrix should show the goal name ${XSS.goalName} as text`);

  await s.openView("graph");
  await s.clickGraphNode(XSS.initiative);
  await s.waitForText("aside#detail h2", XSS.initiativeName);
  await assertNoInjection(s);
  await s.clickGraphNode(XSS.oddId);
  await s.waitForText("aside#detail h2", XSS.oddName);
  await assertNoInjection(s, 300);
  const visible = await s.page.evaluate(() => document.body.innerText);
  assert.ok(visible.includes(XSS.oddName), "the odd element's name is visible as text");
  await s.screenshot(embedded ? "detail" : "xss-detail");
}

/** The single file's CSP (meta) forbids every connection and allows scripts only by hash. */
export async function singleFileCsp(s) {
  await s.waitForKpis();
  const metas = await s.page.evaluate(() =>
    [...document.querySelectorAll('meta[http-equiv="Content-Security-Policy" i]')].map((m) => m.content),
  );
  assert.equal(metas.length, 1, "exactly one CSP meta");
  const csp = parseCsp(metas[0]);
  assert.deepEqual(csp["connect-src"], ["'none'"], "connect-src 'none'");
  assert.deepEqual(csp["default-src"], ["'none'"], "default-src 'none'");
  const script = csp["script-src"] ?? [];
  assert.ok(script.includes("'wasm-unsafe-eval'"), "script-src allows Wasm compilation");
  assert.ok(
    script.every((v) => v === "'wasm-unsafe-eval'" || /^'sha256-[A-Za-z0-9+/]+=*'$/.test(v)),
    `script-src holds only hashes and 'wasm-unsafe-eval': ${script.join(" ")}`,
  );
  assert.ok((csp["style-src"] ?? []).every((v) => /^'sha256-/.test(v)), "style-src only by hash");
  for (const [name, values] of Object.entries(csp)) {
    for (const v of values) {
      assert.ok(!/^(https?:|\*|ws|'unsafe-inline'|'unsafe-eval'|'self')/.test(v), `${name} allows ${v}`);
    }
  }
}

/** The toolbar exports work under the page's CSP and hold what the CLI computes. */
export async function exportsDemo(s) {
  const { model, report } = demoData();
  await s.waitForKpis();
  const json = async (id) => JSON.parse((await s.exportDownload(id)).bytes.toString("utf8"));
  assert.deepEqual(await json("export-model-json"), model, "exported model = aligngraph demo");
  assert.deepEqual(await json("export-report-json"), report, "exported report = aligngraph score --demo");
  const csv = (await s.exportDownload("export-report-csv")).bytes.toString("utf8").trim().split(/\r?\n/);
  assert.match(csv[0], /^id,kind,name\b/, "CSV header");
  assert.equal(csv.length, 1 + report.model.nodes, "CSV: one row per node");
  await s.openView("graph");
  const svg = (await s.exportDownload("export-svg")).bytes.toString("utf8");
  assert.match(svg, /^(<\?xml[^>]*>\s*)?<svg\b/, "SVG export is an SVG document");
  assert.doesNotMatch(svg, /<script\b/i, "SVG export carries no script");
  const png = (await s.exportDownload("export-png")).bytes;
  assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], "PNG export is a PNG");
}

/** The graph's SVG export of a model with markup in its names keeps it as text. */
export async function exportsXss(s) {
  await s.waitForKpis();
  await s.setFiles("input#import-file", XSS.file);
  await s.waitForText("#model-name", XSS.name);
  await s.openView("graph");
  await s.waitFor("#view-graph g.node");
  const svg = (await s.exportDownload("export-svg")).bytes.toString("utf8");
  assert.ok(svg.includes("&lt;img src=x onerror=alert(1)&gt;"), "the initiative name is in the SVG, escaped");
  const found = await s.page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    if (doc.querySelector("parsererror")) return ["not well-formed XML"];
    const bad = [];
    for (const el of doc.querySelectorAll("*")) {
      if (["script", "img", "iframe", "b", "foreignObject", "a"].includes(el.localName)) bad.push(`<${el.localName}>`);
      if (el.localName === "style" && el.textContent.includes("body{display:none}")) bad.push("injected <style>");
      for (const a of el.attributes) if (/^on/i.test(a.name)) bad.push(`${a.name} on <${el.localName}>`);
    }
    return bad;
  }, svg);
  assert.deepEqual(found, [], "markup from names in the SVG export");
}

export { assertNoInjection };

// ---------------------------------------------------------------------------------------------
// Drag and drop, keyboard, theme, print and the canvas graph of a large model.

/**
 * Drops files on the page the way a browser does: dragenter, dragover and drop with a DataTransfer
 * holding them (bytes as they are). `files`: paths, or {file, name} to drop a file under another name.
 */
async function dropFiles(s, files) {
  const items = files.map((f) => {
    const file = typeof f === "string" ? f : f.file;
    return { name: typeof f === "string" ? path.basename(f) : f.name, data: readFileSync(file).toString("base64") };
  });
  await s.page.evaluate((items) => {
    const dt = new DataTransfer();
    for (const { name, data } of items) {
      const bin = atob(data);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], name));
    }
    for (const type of ["dragenter", "dragover", "drop"]) {
      document.body.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, items);
}

const dropFile = (s, file, name) => dropFiles(s, [{ file, name }]);

/**
 * A dropped file is scored like the CLI; with a what-if change pending the page asks first, and
 * cancelling keeps the model and the change.
 */
export async function dropAsksBeforeDroppingWork(s) {
  const { report } = demoData();
  const id = "ini-s4hana";
  const box = `#view-whatif input[type="checkbox"][data-initiative="${id}"]`;
  await s.waitForKpis();
  await s.openView("whatif");
  await s.click(box);
  await expectKpis(s, expectedKpiTexts(demoWithout(id)), "#view-whatif", "KPIs with the toggle");

  await dropFile(s, PORTAL.file, "portal.json");
  await s.driver.waitForFunction(() => document.querySelector("#confirm-dialog")?.open === true, null);
  assert.match(await s.text("#confirm-dialog"), /1 what-if change/);
  await s.click("#confirm-cancel");
  await s.driver.waitForFunction(() => document.querySelector("#confirm-dialog")?.open === false, null);
  assert.equal((await s.text("#model-name")).trim(), report.model.name ?? "Northwind Mobility");
  assert.equal(await s.page.evaluate((b) => document.querySelector(b)?.checked, box), false, "the change is kept");

  await dropFile(s, PORTAL.file, "portal.json");
  await s.driver.waitForFunction(() => document.querySelector("#confirm-dialog")?.open === true, null);
  await s.click("#confirm-ok");
  await s.waitForText("#model-name", PORTAL.name);
  await s.openView("overview");
  await expectKpis(s, expectedKpiTexts(score(PORTAL.file)), "#view-overview", "dropped model KPIs");
}

/** Tabs move with the arrow keys; a graph node opens its details with Enter; Escape closes them. */
export async function keyboard(s) {
  const { names } = demoData();
  await s.waitForKpis();
  await s.page.focus('nav[aria-label="Views"] button[data-view="overview"]');
  await s.driver.press("ArrowRight");
  await s.driver.waitForFunction(
    () =>
      document.querySelector('nav[aria-label="Views"] button[data-view="graph"]')?.getAttribute("aria-selected") ===
        "true" && document.activeElement?.dataset?.view === "graph",
    null,
  );
  await s.waitFor('#view-graph g.node[data-id="ini-s4hana"]');
  // element.focus() in the page: SVG elements are focusable, but not through every driver's focus().
  await s.page.evaluate(() => document.querySelector('#view-graph g.node[data-id="ini-s4hana"]').focus());
  await s.driver.press("Enter");
  await s.waitForText("aside#detail h2", names.get("ini-s4hana"));
  await s.driver.press("Escape");
  await s.driver.waitForFunction(() => {
    const d = document.querySelector("aside#detail");
    return !d || d.hidden || getComputedStyle(d).display === "none";
  }, null);

  // The Export menu: ↓ opens it on its first item, ↓ moves on, Esc closes it and returns to the button.
  await s.page.focus("#export-menu-button");
  await s.driver.press("ArrowDown");
  await s.driver.waitForFunction(() => document.activeElement?.id === "export-model-json", null);
  assert.equal(await s.page.evaluate(() => document.querySelector("#export-menu-button").getAttribute("aria-expanded")), "true");
  await s.driver.press("ArrowDown");
  await s.driver.waitForFunction(() => document.activeElement?.id === "export-report-json", null);
  await s.driver.press("Escape");
  await s.driver.waitForFunction(
    () => document.querySelector("#export-menu").hidden && document.activeElement?.id === "export-menu-button",
    null,
  );
}

/** The theme toggle switches light and dark through the CSS custom properties. */
export async function theme(s) {
  await s.waitForKpis();
  const bg = () => s.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const before = luminance(await bg());
  await s.click("#theme-toggle");
  await s.driver.waitForFunction(() => !!document.documentElement.dataset.theme, null);
  // Let a background transition finish.
  await new Promise((r) => setTimeout(r, 600));
  const after = luminance(await bg());
  assert.ok(Math.abs(after - before) > 100, `background luminance ${before} -> ${after}`);
  const kpi = await s.page.evaluate(() => {
    const v = document.querySelector('.kpi[data-kpi="alignment_index"] .kpi-value');
    const tile = v.closest(".kpi");
    return [getComputedStyle(v).color, getComputedStyle(tile).backgroundColor];
  });
  // Text stays readable on its tile in the new theme.
  assert.ok(Math.abs(luminance(kpi[0]) - luminance(kpi[1])) > 100, `KPI text ${kpi[0]} on ${kpi[1]}`);
  await s.screenshot(after < before ? "theme-dark" : "theme-light");
}

/** Printing shows every view one after another, without the toolbar or the tabs. */
export async function printHandout(s) {
  await s.waitForKpis();
  // What the browser does when printing: the beforeprint event, then the print media.
  await s.page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
  if (s.page.emulateMedia) await s.page.emulateMedia({ media: "print" });
  else await s.page.emulateMediaType("print");
  const state = await s.page.evaluate(() => {
    // Rendered at all (an element inside a display:none parent has no boxes).
    const shown = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
    return {
      toolbar: shown(document.querySelector("#import-button")),
      tabs: shown(document.querySelector('nav[aria-label="Views"]')),
      views: [...document.querySelectorAll("#view section.view")].filter(shown).map((v) => v.id),
      meta: shown(document.querySelector("#print-meta")) ? document.querySelector("#print-meta").textContent : null,
      name: document.querySelector("#model-name").textContent,
    };
  });
  assert.match(state.meta ?? "", new RegExp(`^Board pack · printed \\d{1,2} [A-Z][a-z]+ ${new Date().getFullYear()}$`), "the board pack says when it was printed");
  assert.ok(state.name.length > 0, "the model's name heads the pack");
  assert.equal(state.toolbar, false, "the toolbar is hidden in print");
  assert.equal(state.tabs, false, "the tabs are hidden in print");
  for (const v of ["overview", "matrix", "portfolio"]) {
    assert.ok(state.views.includes(`view-${v}`), `view ${v} is printed (printed: ${state.views.join(", ")})`);
  }
  await s.screenshot("print");
}

/** A model above 1,500 nodes draws on a canvas; search finds a node and Enter explains it. */
export async function largeModelCanvas(s) {
  const dir = tempDir("large");
  const file = path.join(dir, "large.json");
  try {
    writeFileSync(file, JSON.stringify(cli(["generate", "--nodes", "3000", "--seed", "7"])));
    const report = score(file);
    await s.waitForKpis();
    await s.setFiles("input#import-file", file);
    await s.waitForText("#status", /3,?000 nodes/);
    await expectKpis(s, expectedKpiTexts(report), "#view-overview", "large model KPIs");
    await s.openView("graph");
    await s.waitFor("#view-graph canvas#graph-canvas");
    const size = await s.page.evaluate(() => {
      const c = document.querySelector("#graph-canvas");
      return [c.width, c.height];
    });
    assert.ok(size[0] > 100 && size[1] > 100, `canvas size ${size}`);
    assert.equal(await s.page.evaluate(() => document.querySelectorAll("#view-graph g.node").length), 0);
    const id = report.initiatives[0].id;
    await s.page.type("#graph-search", id);
    await s.driver.press("Enter");
    await s.waitForText("aside#detail h2", report.initiatives[0].name ?? id);
    await s.screenshot("large-canvas");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Imports of real ArchiMate models (tests/fixtures/archimate, see its SOURCES.md) and of CSV sets, the
// import summary, and the engine's export formats.

/**
 * The real models: the files a person picks or drops, what the CLI scores (`aligngraph score PATH`),
 * and what SOURCES.md says a correct reader finds (elements, relationships, some types).
 */
export const REAL = {
  archisuranceXml: { files: ["archisurance.xml"], cli: "archisurance.xml", format: "exchange", elements: 120, relationships: 178, types: { Principle: 9, Value: 1 } },
  archisuranceArchi: { files: ["archisurance.archimate"], cli: "archisurance.archimate", format: "archi", elements: 120, relationships: 178, types: { Principle: 9, Value: 1 } },
  zooXml: {
    files: ["Zoo.xml"],
    cli: "Zoo.xml",
    format: "exchange",
    elements: 165,
    relationships: 220,
    types: { Goal: 2, Outcome: 2, Capability: 6, WorkPackage: 2, ApplicationComponent: 50 },
    became: { Goal: "goal", Capability: "capability", WorkPackage: "initiative", ApplicationComponent: "application" },
  },
  zooCsv: {
    files: ["Zoo-csv/elements.csv", "Zoo-csv/relations.csv", "Zoo-csv/properties.csv"],
    cli: "Zoo-csv",
    format: "archi-csv",
    elements: 165,
    relationships: 220,
    types: { Goal: 2, Outcome: 2, Capability: 6, WorkPackage: 2, ApplicationComponent: 50 },
  },
  jeanB: {
    files: ["JeanBLapierreSandbox.archimate"],
    cli: "JeanBLapierreSandbox.archimate",
    format: "archi",
    elements: 1439,
    relationships: 1146,
    types: { Goal: 36, Outcome: 28, Capability: 25, CourseOfAction: 295, Deliverable: 41, WorkPackage: 5 },
    became: { CourseOfAction: "element", WorkPackage: "initiative", Deliverable: "element" },
    notes: { CourseOfAction: /a strategy, not funded work: not counted as an initiative/ },
    junctions: 6,
  },
  gcBcm: { files: ["gc-bcm-2.0.xml"], cli: "gc-bcm-2.0.xml", format: "exchange", elements: 197, relationships: 0, types: { Capability: 197 }, viewNesting: true },
};

export const MAPPING = { file: fixture("archisurance-mapping.json"), model: "archisurance.xml" };

/** The figures and type rows of #import-summary. */
function importSummary(s) {
  return s.page.evaluate(() => {
    const root = document.querySelector("#import-summary");
    if (!root) return null;
    const fig = Object.fromEntries([...root.querySelectorAll("[data-summary]")].map((e) => [e.dataset.summary, e.textContent.trim()]));
    const rows = (table) =>
      Object.fromEntries(
        [...root.querySelectorAll(`table[data-table="${table}"] tbody tr[data-type]`)].map((tr) => [
          tr.dataset.type,
          {
            count: tr.querySelector('[data-col="count"]')?.textContent.trim(),
            became: tr.querySelector('[data-col="became"]')?.textContent.trim(),
            note: tr.querySelector('[data-col="note"]')?.textContent.trim() ?? "",
          },
        ]),
      );
    return { format: root.dataset.format, fig, elements: rows("elements"), relationships: rows("relationships") };
  });
}

/** Waits for the import summary of `want` ({elements, relationships, format, types?, became?}) and checks it. */
async function expectImportSummary(s, want, what) {
  await s.waitForText("#import-summary [data-summary=elements]", countText(want.elements));
  const sum = await importSummary(s);
  assert.ok(sum, `${what}: no #import-summary`);
  assert.equal(sum.fig.elements, countText(want.elements), `${what}: elements read`);
  assert.equal(sum.fig.relationships, countText(want.relationships), `${what}: relationships read`);
  assert.equal(sum.format, want.format, `${what}: format`);
  assert.ok(sum.fig.format, `${what}: [data-summary=format] is empty`);
  for (const [type, n] of Object.entries(want.types ?? {})) {
    assert.equal(sum.elements[type]?.count, countText(n), `${what}: element type ${type} (rows: ${Object.keys(sum.elements).join(", ")})`);
  }
  for (const [type, note] of Object.entries(want.notes ?? {})) {
    assert.match(sum.elements[type]?.note ?? "", note, `${what}: why ${type} became what it became`);
  }
  for (const [type, kind] of Object.entries(want.became ?? {})) {
    assert.equal(sum.elements[type]?.became, kind, `${what}: ${type} became`);
  }
  if (want.junctions != null) {
    assert.equal(sum.fig.junctions, countText(want.junctions), `${what}: junctions collapsed`);
    const rows = Object.entries(sum.elements).filter(([type]) => /Junction$/.test(type));
    const n = rows.reduce((acc, [, r]) => acc + Number(r.count.replace(/,/g, "")), 0);
    assert.equal(n, want.junctions, `${what}: junction rows ${rows.map(([t, r]) => `${t} ${r.count}`).join(", ")}`);
  }
  if (want.viewNesting) assert.notEqual(sum.fig["view-nesting"], "0", `${what}: part_of from view nesting`);
  return sum;
}

/** Every view opens and shows no NaN, undefined or Infinity; the graph draws every node. */
async function assertViewsReadable(s, report, what) {
  for (const view of VIEWS) {
    await s.openView(view);
    const text = await s.page.evaluate((v) => document.querySelector(`#view-${v}`)?.innerText ?? "", view);
    const bad = /\bNaN\b|\bundefined\b|\bnull\b|Infinity/.exec(text);
    assert.equal(bad, null, `${what}: view ${view} shows "${bad?.[0]}" near "${bad ? text.slice(Math.max(0, bad.index - 60), bad.index + 30) : ""}"`);
    if (view === "graph") {
      // The graph draws once its layout is in (from the engine's worker): wait for it.
      await s.driver
        .waitForFunction((n) => document.querySelectorAll("#view-graph g.node").length >= n || document.querySelector("#view-graph canvas#graph-canvas"), Math.min(report.model.nodes, 1500), 20_000)
        .catch(() => {});
      const drawn = await s.page.evaluate(() => ({
        nodes: document.querySelectorAll("#view-graph g.node").length,
        canvas: !!document.querySelector("#view-graph canvas#graph-canvas"),
      }));
      if (report.model.nodes <= 1500) assert.equal(drawn.nodes, report.model.nodes, `${what}: one g.node per model node`);
      else assert.ok(drawn.canvas, `${what}: the graph draws on a canvas`);
    }
  }
  await s.openView("overview");
}

/**
 * Picks (file input) or drops one of the real models: its import summary shows the counts of
 * SOURCES.md, the KPI tiles what the CLI computes for the same file, the header its name, and every
 * view reads sensibly. A screenshot of the summary goes to target/screenshots.
 */
export async function importRealModel(s, key, { via = "picker", views = true } = {}) {
  const m = REAL[key];
  const report = score(realModel(m.cli));
  await s.waitForKpis();
  const paths = m.files.map(realModel);
  if (via === "drop") await dropFiles(s, paths);
  else await s.setFiles("input#import-file", paths.length === 1 ? paths[0] : paths);
  await expectImportSummary(s, m, key);
  await s.waitForText("#model-name", report.model.name);
  await expectKpis(s, expectedKpiTexts(report), "#view-overview", `${key} KPIs`);
  const status = (await s.text("#status")).replace(/\s+/g, " ");
  assert.match(status, new RegExp(`${countText(m.elements)} elements? and ${countText(m.relationships)} relationships? read`), `${key}: status line`);
  const notes = await s.kpis();
  for (const [k, t] of Object.entries(notes)) assert.ok(t.note && !/NaN|undefined/.test(t.note), `${key}: KPI ${k} note "${t.note}"`);
  await s.screenshot(`import-${key}`);
  if (views) await assertViewsReadable(s, report, key);
  return report;
}

/** An imported ArchiMate model is saved as its JSON and restored on reload; Diagnostics offers its summary. */
export async function importRealModelAndReload(s) {
  const m = REAL.zooXml;
  await s.waitForKpis();
  await s.keepWorkIfFile();
  const report = await importRealModel(s, "zooXml", { views: false });
  // Autosave is asynchronous (IndexedDB); give it a moment before the reload.
  await new Promise((r) => setTimeout(r, 600));
  await s.reload();
  await s.waitForKpis();
  await s.waitForText("#model-name", report.model.name);
  await expectKpis(s, expectedKpiTexts(report), "#view-overview", "Zoo KPIs after reload");
  await s.waitForText("#status", /Restored your saved work/);
  // The summary stays closed after a reload; Diagnostics offers it again.
  assert.equal(await s.page.evaluate(() => !!document.querySelector("#import-summary")), false, "summary closed after reload");
  await s.openView("diagnostics");
  await s.click("#show-import-summary");
  await expectImportSummary(s, m, "Zoo after reload");
  await s.click("#import-summary-close");
  await s.driver.waitForFunction(() => !document.querySelector("#import-summary"), null);
}

/** A mapping file dropped together with a model is used as the mapping (oracle: CLI import --mapping, then score). */
export async function importWithMapping(s) {
  const dir = tempDir("mapping");
  const mapped = path.join(dir, "mapped.json");
  try {
    execFileSync(BIN, ["import", realModel(MAPPING.model), "--mapping", MAPPING.file, "-o", mapped], { stdio: "ignore" });
    const report = score(mapped);
    await s.waitForKpis();
    await dropFiles(s, [MAPPING.file, realModel(MAPPING.model)]);
    await expectImportSummary(s, { ...REAL.archisuranceXml, became: { Principle: "goal", BusinessService: "initiative" } }, "archisurance with a mapping");
    assert.equal(await s.text("#import-summary [data-summary=mapping]"), path.basename(MAPPING.file), "the summary names the mapping file");
    await expectKpis(s, expectedKpiTexts(report), "#view-overview", "KPIs with the mapping");
    assert.ok(report.kpis.goals > 0 && report.kpis.active_initiatives > 0, "oracle: the mapping makes goals and initiatives");

    // The model alone: the default mapping. Then the mapping dropped alone maps that model again.
    await s.setFiles("input#import-file", realModel(MAPPING.model));
    await s.driver.waitForFunction(() => !document.querySelector("#import-summary [data-summary=mapping]"), null);
    await expectKpis(s, expectedKpiTexts(score(realModel(MAPPING.model))), "#view-overview", "KPIs without the mapping");
    await dropFiles(s, [MAPPING.file]);
    await s.waitForText("#import-summary [data-summary=mapping]", path.basename(MAPPING.file));
    await expectKpis(s, expectedKpiTexts(report), "#view-overview", "KPIs with the mapping dropped alone");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A broken XML file shows its line and column, a broken CSV set its file and line; the model stays. */
export async function importBrokenFiles(s) {
  const { report } = demoData();
  const before = expectedKpiTexts(report);
  await s.waitForKpis();
  await s.setFiles("input#import-file", fixture("broken-model.xml"));
  await s.waitForText("#status", /line 12, column 5/);
  const status = (await s.text("#status")).replace(/\s+/g, " ");
  assert.match(status, /INVALID_XML/, `#status names the code: "${status}"`);
  assert.match(status, /broken-model\.xml/, `#status names the file: "${status}"`);
  await expectKpis(s, before, "#view-overview", "KPIs after a broken XML file (previous model kept)");
  assert.equal((await s.text("#model-name")).trim(), report.model.name);

  await dropFiles(s, [fixture("broken-csv/nodes.csv"), fixture("broken-csv/edges.csv")]);
  await s.waitForText("#status", /edges\.csv · line 3/);
  await expectKpis(s, before, "#view-overview", "KPIs after a broken CSV set");
  await s.openView("diagnostics");
  const items = await s.page.evaluate(() =>
    [...document.querySelectorAll("#diagnostics-list > li")].map((li) => ({ code: li.dataset.code, text: li.textContent })),
  );
  assert.ok(items.some((d) => d.code === "INVALID_CSV" && /edges\.csv/.test(d.text)), "Diagnostics lists the CSV error with its file");
}

/** Markup in ArchiMate names, types, properties and documentation stays text in the summary and every view. */
export async function importArchimateXss(s) {
  await s.waitForKpis();
  await s.setFiles("input#import-file", XSS_ARCHIMATE.file);
  await s.waitForText("#model-name", XSS_ARCHIMATE.name);
  await s.waitFor("#import-summary");
  const summaryText = await s.text("#import-summary");
  assert.ok(summaryText.includes(XSS_ARCHIMATE.type), "the hostile type is shown as text in the summary");
  await assertNoInjection(s);
  for (const view of VIEWS) {
    await s.openView(view);
    await assertNoInjection(s);
  }
  await s.openView("graph");
  await s.clickGraphNode(XSS_ARCHIMATE.goal);
  await s.waitForText("aside#detail h2", XSS_ARCHIMATE.goalName);
  await assertNoInjection(s, 300);
}

export const XSS_ARCHIMATE = {
  file: fixture("xss-archimate.xml"),
  name: "Evil <img src=x onerror=alert(11)> ArchiMate",
  goal: "id-goal",
  goalName: '<script>alert(12)</script> Grow',
  type: 'Thing"><img src=x onerror=alert(13)>',
};

/**
 * The engine's export formats (Chromium, where downloads work in the harness): the exchange XML of an
 * imported model re-imports to the same summary counts and KPIs, the CSV set is three files that
 * re-import to the same KPIs, GraphML is a GraphML document.
 */
export async function exportFormatsRoundTrip(s) {
  const m = REAL.zooXml;
  await s.waitForKpis();
  await s.keepWorkIfFile();
  const report = await importRealModel(s, "zooXml", { views: false });
  const want = expectedKpiTexts(report);
  const dir = tempDir("roundtrip");
  try {
    const xml = await s.exportDownload("export-exchange");
    assert.match(xml.name, /\.xml$/, `exchange file name ${xml.name}`);
    const text = xml.bytes.toString("utf8");
    assert.match(text, /^<\?xml[^>]*>\s*<model\b/, "the exchange export is an exchange model");
    assert.match(text, /aligngraph:alignment/, "the scores are written as properties");
    const xmlFile = path.join(dir, "zoo-scored.xml");
    writeFileSync(xmlFile, xml.bytes);
    await s.setFiles("input#import-file", xmlFile);
    await s.waitForText("#import-summary [data-summary=file]", "zoo-scored.xml");
    await expectImportSummary(s, m, "re-imported exchange XML");
    await expectKpis(s, want, "#view-overview", "KPIs of the re-imported exchange XML");
    await s.screenshot("import-roundtrip");

    const graphml = await s.exportDownload("export-graphml");
    assert.match(graphml.name, /\.graphml$/, `GraphML file name ${graphml.name}`);
    assert.match(graphml.bytes.toString("utf8"), /<graphml\b/, "a GraphML document");

    const set = await s.exportDownloads("export-csv-set", 3);
    assert.deepEqual(set.map((f) => f.name).sort(), ["edges.csv", "nodes.csv", "scores.csv"], "the CSV set");
    const csvDir = path.join(dir, "csv");
    mkdirSync(csvDir);
    for (const f of set) writeFileSync(path.join(csvDir, f.name), f.bytes);
    await s.setFiles("input#import-file", [path.join(csvDir, "nodes.csv"), path.join(csvDir, "edges.csv")]);
    await s.waitForText("#import-summary [data-summary=file]", "nodes.csv, edges.csv");
    await expectKpis(s, expectedKpiTexts(score(csvDir)), "#view-overview", "KPIs of the re-imported CSV set");
    await expectKpis(s, want, "#view-overview", "KPIs of the re-imported CSV set against the original");
    assert.match(set.find((f) => f.name === "scores.csv").bytes.toString("utf8"), /^id,kind,name\b/, "scores.csv header");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The gaps shown in #why-zeros: {id: {reason, change, cause}} and the group headings. */
function shownGaps(s) {
  return s.page.evaluate(() => {
    const root = document.querySelector("#why-zeros");
    const gaps = Object.fromEntries(
      [...root.querySelectorAll(".why-zero[data-gap]")].map((el) => [
        el.dataset.gap,
        {
          cause: el.dataset.cause,
          reason: el.querySelector(".why-zero-reason")?.textContent.trim(),
          change: el.querySelector(".why-zero-change")?.textContent.trim() ?? null,
          blocked: el.querySelectorAll(".why-zero-step.blocked").length,
        },
      ]),
    );
    const groups = Object.fromEntries([...root.querySelectorAll(".why-zero-group")].map((g) => [g.dataset.cause, g.querySelector("h4").textContent.trim()]));
    return { gaps, groups };
  });
}

/**
 * "Why these zeros?" on the overview and "What is missing" in the detail panel give, for the demo's
 * uncovered goal and orphan, the reason, the route and the change of `aligngraph gaps --demo`; after
 * importing the 1,439-element real model, the counts per cause are the CLI's.
 */
export async function whyZeros(s) {
  const want = cli(["gaps", "--demo"]);
  await s.waitForKpis();
  await s.waitForText("#why-zeros-summary", "Why these zeros? 1 goal no active initiative reaches and 1 initiative reaching no goal");
  await s.click("#why-zeros-summary");
  await s.waitFor("#why-zeros .why-zero[data-gap]");
  const shown = await shownGaps(s);
  for (const gap of [...want.goals, ...want.initiatives]) {
    const got = shown.gaps[gap.id];
    assert.ok(got, `the overview explains ${gap.id}`);
    assert.equal(got.reason, gap.reason, `${gap.id}: reason`);
    assert.equal(got.change, `One change: ${gap.change}`, `${gap.id}: change`);
    assert.equal(got.cause, gap.cause, `${gap.id}: cause`);
    assert.equal(got.blocked, gap.route.filter((st) => !st.scored).length, `${gap.id}: steps marked as carrying no score`);
  }
  assert.equal(Object.keys(shown.gaps).length, want.goals.length + want.initiatives.length, "nothing else listed");
  await s.screenshot("why-zeros-demo");
  // The orphan's name selects it; the detail panel says what is missing.
  const orphan = want.initiatives[0];
  await s.click(`#why-zeros .why-zero[data-gap="${orphan.id}"] .why-zero-name button`);
  await s.waitForText("#detail .why-zero .why-zero-change", `One change: ${orphan.change}`);
  assert.equal(await s.text("#detail .why-zero .why-zero-reason"), orphan.reason);

  // A real model: every uncovered goal and orphan is counted under its cause, as the CLI has it.
  const file = realModel("JeanBLapierreSandbox.archimate");
  const real = cli(["gaps", file]);
  const report = score(file);
  await s.setFiles("input#import-file", file);
  await s.waitForText("#model-name", report.model.name);
  const n = report.kpis.uncovered_goals.length;
  const o = report.kpis.orphan_initiatives.length;
  await s.waitForText("#why-zeros-summary", `Why these zeros? ${countText(n)} goals no active initiative reaches and ${countText(o)} initiatives reaching no goal`);
  if (!(await s.page.evaluate(() => document.querySelector("#why-zeros").open))) await s.click("#why-zeros-summary");
  await s.driver.waitForFunction((id) => !!document.querySelector(`#why-zeros .why-zero[data-gap="${id}"]`), real.goals[0].id);
  const again = await shownGaps(s);
  for (const [cause, count] of Object.entries(real.causes)) {
    assert.match(again.groups[cause] ?? "", new RegExp(`\\(${countText(count)}\\)$`), `${cause}: ${count} in the CLI`);
  }
  for (const gap of [...real.goals, ...real.initiatives].slice(0, 10)) {
    if (again.gaps[gap.id]) assert.equal(again.gaps[gap.id].reason, gap.reason, `${gap.id}: reason`);
  }
  await s.screenshot("why-zeros-real");
}

// ---------------------------------------------------------------------------------------------
// Excel workbooks (tests/fixtures/xlsx, written by make.py): the command line reads them; the page's
// engine leaves the workbook reader out (the single file's size budget) and says how to convert one.

const WORKBOOKS = path.join(ROOT, "tests", "fixtures", "xlsx");

/**
 * The CSV templates as an Excel workbook, picked: nothing is opened, the status line says how to
 * convert the workbook (save the sheets as CSV, or `aligngraph import` it), and the model stays; the
 * model the CLI converts the workbook to then opens with the KPIs the CLI computes for the workbook.
 */
export async function importWorkbook(s) {
  const { report } = demoData();
  const before = expectedKpiTexts(report);
  const book = path.join(WORKBOOKS, "templates.xlsx");
  await s.waitForKpis();
  await s.setFiles("input#import-file", book);
  await s.waitForText("#status", /templates\.xlsx is an Excel workbook, which the page does not read/);
  const status = (await s.text("#status")).replace(/\s+/g, " ");
  assert.match(status, /save its nodes and edges sheets as CSV UTF-8/, `#status: "${status}"`);
  assert.match(status, /aligngraph import templates\.xlsx -o model\.json/, `#status: "${status}"`);
  await expectKpis(s, before, "#view-overview", "KPIs after a workbook (previous model kept)");
  assert.equal((await s.text("#model-name")).trim(), report.model.name);

  const dir = tempDir("xlsx");
  try {
    const model = path.join(dir, "model.json");
    execFileSync(BIN, ["import", book, "-o", model], { stdio: "ignore" });
    await s.setFiles("input#import-file", model);
    await expectKpis(s, expectedKpiTexts(score(book)), "#view-overview", "KPIs of the converted workbook");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The diagnostics view's filter chips: {label, pressed, code, severity}. */
function diagnosticChips(s) {
  return s.page.evaluate(() =>
    [...document.querySelectorAll("#diagnostics-filters button")].map((b) => ({
      label: b.textContent.trim(),
      pressed: b.getAttribute("aria-pressed") === "true",
      code: b.dataset.code ?? null,
      severity: b.dataset.severity ?? null,
    })),
  );
}

/**
 * Diagnostics for people: a real model with hundreds of warnings opens on the counts by severity and
 * code (the CLI's counts), a code lists its diagnostics with node names first (ids on hover), and
 * "All" lists every one.
 */
export async function diagnosticsGrouped(s) {
  const file = realModel("JeanBLapierreSandbox.archimate");
  const report = score(file);
  const byCode = {};
  for (const d of report.diagnostics) byCode[d.code] = (byCode[d.code] ?? 0) + 1;
  const total = report.diagnostics.length;
  assert.ok(total > 50, `oracle: the model has many diagnostics (${total})`);
  await s.waitForKpis();
  await s.setFiles("input#import-file", file);
  await s.waitForText("#model-name", report.model.name);
  await s.openView("diagnostics");
  await s.waitFor("#diagnostics-filters button[data-code]");
  const chips = await diagnosticChips(s);
  for (const [code, n] of Object.entries(byCode)) {
    const chip = chips.find((c) => c.code === code);
    assert.ok(chip, `a chip for ${code}`);
    assert.equal(chip.label, `${code} ${countText(n)}`, `${code}: the CLI's count`);
  }
  assert.equal(chips.find((c) => c.severity === "all" && !c.code).label, `All ${countText(total)}`);
  assert.equal(await s.page.evaluate(() => document.querySelectorAll("#diagnostics-list > li").length), 0, "a large model opens on the counts");
  await s.screenshot("diagnostics-summary");
  // One code: its diagnostics, each node by its name with its id on hover.
  const code = "UNSERVED_GOAL";
  await s.click(`#diagnostics-filters button[data-code="${code}"]`);
  await s.driver.waitForFunction((n) => document.querySelectorAll("#diagnostics-list > li").length === n, byCode[code]);
  const names = new Map(cli(["import", file]).nodes.map((n) => [n.id, n.name]));
  const items = await s.page.evaluate(() =>
    [...document.querySelectorAll("#diagnostics-list > li")].map((li) => ({ code: li.dataset.code, node: li.dataset.node, name: li.querySelector(".diag-node")?.textContent, title: li.querySelector(".diag-node")?.title })),
  );
  for (const it of items) {
    assert.equal(it.code, code);
    assert.equal(it.name, names.get(it.node), `${it.node}: named`);
    assert.equal(it.title, `id ${it.node}`);
  }
  assert.equal((await diagnosticChips(s)).find((c) => c.code === code).pressed, true);
  // Every diagnostic.
  await s.click('#diagnostics-filters button[data-severity="all"]:not([data-code])');
  await s.driver.waitForFunction((n) => document.querySelectorAll("#diagnostics-list > li").length === n, Math.min(total, 2000));
  await s.screenshot("diagnostics-all");
  // What they are about: the CLI's diagnostics counted by their node's kind (a relationship when
  // they name an edge, the model when they name nothing).
  const imported = cli(["import", file]);
  const kinds = new Map(imported.nodes.map((n) => [n.id, n.kind]));
  const subjectOf = (d) => (d.place?.edge != null ? "relationship" : d.place?.node != null && kinds.has(d.place.node) ? kinds.get(d.place.node) : "model");
  const bySubject = {};
  for (const d of report.diagnostics) bySubject[subjectOf(d)] = (bySubject[subjectOf(d)] ?? 0) + 1;
  const kindChips = await s.page.evaluate(() => [...document.querySelectorAll("#diagnostics-filters button[data-kind]")].map((b) => ({ kind: b.dataset.kind, label: b.textContent })));
  assert.deepEqual(
    Object.fromEntries(kindChips.map((c) => [c.kind, c.label.replace(/^.* /, "")])),
    Object.fromEntries(Object.entries(bySubject).map(([k, n]) => [k, countText(n)])),
    "one chip per subject with the CLI's count",
  );
  assert.ok(kindChips.length >= 2, `several subjects: ${JSON.stringify(kindChips)}`);
  const goalChip = kindChips.find((c) => c.kind === "goal");
  assert.equal(goalChip.label, `Goals ${countText(bySubject.goal)}`);
  await s.click('#diagnostics-filters button[data-kind="goal"]');
  await s.driver.waitForFunction((n) => document.querySelectorAll("#diagnostics-list > li").length === n, Math.min(bySubject.goal, 2000));
  // The kind and a code together: the goals' UNSERVED_GOAL warnings.
  await s.click(`#diagnostics-filters button[data-code="${code}"]`);
  const both = report.diagnostics.filter((d) => d.code === code && subjectOf(d) === "goal").length;
  await s.driver.waitForFunction((n) => document.querySelectorAll("#diagnostics-list > li").length === n, both);
  // Each imported node's ArchiMate type, as the CLI's import gives it; it opens the import summary at its row.
  const types = new Map(imported.nodes.map((n) => [n.id, n.archimate_type]));
  await s.driver.waitForFunction(() => document.querySelector("#diagnostics-list > li .diag-type"));
  const typed = await s.page.evaluate(() => [...document.querySelectorAll("#diagnostics-list > li")].map((li) => ({ node: li.dataset.node, type: li.querySelector(".diag-type")?.textContent ?? null })));
  for (const t of typed) assert.equal(t.type, types.get(t.node), `${t.node}: its ArchiMate type`);
  const first = typed[0];
  await s.screenshot("diagnostics-goals-unserved");
  await s.click(`#diagnostics-list > li[data-node="${first.node}"] .diag-type`);
  await s.driver.waitForFunction(
    (type) => {
      const row = document.querySelector('#import-summary [data-table="elements"] tr.chosen');
      return !document.querySelector("section#view-overview").hidden && row?.dataset.type === type && document.activeElement === row;
    },
    first.type,
  );
  assert.equal(
    await s.page.evaluate(() => document.querySelector('#import-summary tr.chosen td[data-col="became"]').textContent),
    "goal",
    "the row says what the type became",
  );
  await s.screenshot("diagnostics-type-in-summary");
  // The node's name is a button that selects it.
  await s.openView("diagnostics");
  await s.click(`#diagnostics-list > li[data-node="${first.node}"] button.diag-node`);
  await s.waitForText("aside#detail h2", names.get(first.node));
}
