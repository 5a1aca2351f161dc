// Accessibility of every view, checked by axe-core (a devDependency) inside the page: the dashboard as
// a person reaches it through its tabs, in the light and the dark theme. A violation whose impact is
// "serious" or "critical" fails the scenario, listed with its rule, impact, view, theme and target
// selectors. axe scans open shadow roots by default, so an embedded dashboard would be reached too.
//
// axe is injected by evaluating its source in the page (page.evaluate of axe.min.js): a <script>
// element (addScriptTag) would be refused by the single file's CSP, which allows scripts only by hash.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** The impacts that fail the scan. */
export const FAILING = new Set(["serious", "critical"]);

/**
 * Rules switched off, each with the reason it cannot be right about this page. Empty: every finding
 * counts.
 */
export const DISABLED_RULES = {};

/** Injects axe once per document. */
async function injectAxe(s) {
  const has = await s.page.evaluate(() => typeof window.axe?.run === "function");
  if (!has) await s.page.evaluate(`${AXE_SOURCE}\n;void 0`);
}

/** Waits until the view's text has stopped changing (computations finished) for `quiet` ms. */
async function settled(s, view, { quiet = 400, timeout = 15_000 } = {}) {
  const t0 = Date.now();
  let last = null;
  let since = Date.now();
  while (Date.now() - t0 < timeout) {
    const now = await s.page.evaluate((v) => {
      const sec = document.querySelector(`#view-${v}`);
      return `${sec?.textContent?.length ?? 0}:${sec?.querySelectorAll("*").length ?? 0}:${sec?.textContent?.includes("…") ? sec.querySelectorAll("[aria-busy='true']").length : 0}`;
    }, view);
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quiet) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The serious and critical violations axe finds in the document now. */
async function scan(s) {
  await injectAxe(s);
  const rules = Object.fromEntries(Object.keys(DISABLED_RULES).map((r) => [r, { enabled: false }]));
  return s.page.evaluate(async (rules) => {
    const r = await window.axe.run(document, { resultTypes: ["violations"], rules });
    return r.violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => ({ target: n.target.map((t) => (Array.isArray(t) ? t.join(" >>> ") : t)).join(" >>> "), impact: n.impact, summary: n.failureSummary })),
    }));
  }, rules);
}

/** The view names, in tab order, as the page lists them. */
function viewNames(s) {
  return s.page.evaluate(() => [...document.querySelectorAll('nav[aria-label="Views"] [role="tab"][data-view]')].map((t) => t.dataset.view));
}

/** One line per failing target: "light / overview: color-contrast (serious) .kpi-why-hint". */
export function describeFindings(findings) {
  return findings
    .flatMap((f) => f.targets.filter((t) => FAILING.has(t.impact ?? f.impact)).map((t) => `${f.theme} / ${f.view}: ${f.rule} (${t.impact ?? f.impact}) ${t.target}\n      ${f.help}${t.summary ? `: ${t.summary.replace(/\s+/g, " ").slice(0, 300)}` : ""}`))
    .join("\n  ");
}

/** Counts per theme, view, rule and impact (what the report of a run lists). */
export function countFindings(findings) {
  const out = {};
  for (const f of findings) {
    for (const t of f.targets) {
      const key = `${f.theme} / ${f.view}: ${f.rule} (${t.impact ?? f.impact})`;
      out[key] = (out[key] ?? 0) + 1;
    }
  }
  return out;
}

/**
 * Every view through its tab, in the given themes (the light one, then the dark one); also the states
 * a person opens inside them (an explained KPI tile, a selected node's details). No serious or
 * critical violation anywhere.
 */
export async function everyViewAccessible(s, themes = ["light", "dark"]) {
  await s.waitForKpis();
  const views = await viewNames(s);
  assert.ok(views.length >= 12, `the tab bar lists every view (${views.join(", ")})`);
  const findings = [];
  const all = [];
  const record = (theme, view, violations) => {
    for (const v of violations) {
      const f = { theme, view, ...v };
      all.push(f);
      if (v.targets.some((t) => FAILING.has(t.impact ?? v.impact))) findings.push(f);
    }
  };
  for (const theme of themes) {
    const now = await s.page.evaluate(() => document.querySelector(".ag-root")?.dataset.theme ?? document.documentElement.dataset.theme ?? "light");
    if (now !== theme) {
      await s.click("#theme-toggle");
      await s.driver.waitForFunction((t) => (document.querySelector(".ag-root")?.dataset.theme ?? document.documentElement.dataset.theme) === t, theme);
      await new Promise((r) => setTimeout(r, 400)); // colour transitions
    }
    for (const view of views) {
      await s.openView(view);
      await settled(s, view);
      record(theme, view, await scan(s));
      if (view === "overview") {
        // A KPI tile explained ("Why?").
        await s.click('#view-overview .kpi[data-kpi="alignment_index"]');
        await s.waitFor('#view-overview .kpi[aria-expanded="true"]');
        await settled(s, view);
        record(theme, "overview (a KPI explained)", await scan(s));
        await s.click('#view-overview .kpi[data-kpi="alignment_index"]');
      }
      if (view === "graph") {
        // A node selected: the details panel beside the graph.
        await s.clickGraphNode("ini-s4hana");
        await s.waitFor("aside#detail:not([hidden]) h2");
        await settled(s, view);
        record(theme, "graph (a node's details)", await scan(s));
        // Its edit form open, with an error shown next to a field, and its relationships.
        await s.click("#detail-edit");
        await s.waitFor("#detail-edit-form #edit-cost");
        await s.page.evaluate(() => {
          const el = document.querySelector("#edit-cost");
          el.value = "12k";
          el.dispatchEvent(new Event("input", { bubbles: true }));
        });
        await s.waitForText("#edit-cost-error", /must be a number/);
        await s.waitFor("#detail-edges li");
        await settled(s, view);
        record(theme, "graph (a node's edit form)", await scan(s));
        await s.click("#detail-close");
        // The Add node dialog.
        await s.click("#add-node-button");
        await s.waitFor("#add-node-dialog[open]");
        record(theme, "add node dialog", await scan(s));
        await s.click("#add-node-cancel");
      }
    }
  }
  s.a11yFindings = all;
  if (process.env.AXE_REPORT) console.log(JSON.stringify(countFindings(all), null, 1));
  assert.equal(findings.length, 0, `axe found serious or critical violations:\n  ${describeFindings(findings)}`);
}

/** The serious and critical violations in the document as it is now (for other suites' states). */
export async function seriousViolations(s) {
  return (await scan(s)).filter((v) => FAILING.has(v.impact));
}
