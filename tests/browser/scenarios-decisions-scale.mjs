// The decision views on a large generated model (aligngraph generate --nodes 20000): the Budget view
// answers with a time-boxed portfolio and says how close it is to the optimum; Cancel drops the
// answer being computed; the Roadmap draws its first rows and the critical path.

import assert from "node:assert/strict";
import { cli, generatedModel } from "./helpers.mjs";
import { formatTime } from "../../www/views/roadmap/model.js";
import { NODE_CHOICES } from "../../www/views/scenarios/model.js";
import { choose, fill } from "./scenarios-decisions-b.mjs";

/** The generated 20k model, written once per process. */
export const largeModel = () => ({ file: generatedModel(20000) });

/** Types a value and presses Enter in an input (page events, as in every browser driver). */
function enter(s, selector, value) {
  return s.page.evaluate(
    ([sel, v]) => {
      const el = document.querySelector(sel);
      el.value = v;
      el.dispatchEvent(new Event("change", { bubbles: true }));
    },
    [selector, String(value)],
  );
}

export async function importLarge(s) {
  const { file } = largeModel();
  await s.waitForKpis();
  await s.setFiles("input#import-file", file);
  await s.waitForText("#model-name", /20000 nodes/, 60_000);
}

function readPortfolio(s) {
  return s.page.evaluate(() => {
    const fig = document.querySelector('#budget-summary [data-figure="optimal"]');
    const budget = document.querySelector('#budget-summary [data-figure="budget"] dd')?.textContent ?? null;
    return fig
      ? {
          text: fig.querySelector("dd").textContent,
          optimal: fig.dataset.optimal === "true",
          value: Number(fig.dataset.value),
          bound: Number(fig.dataset.bound),
          gap: Number(fig.dataset.gap),
          budget,
          selected: document.querySelectorAll("#budget-selected tbody tr[data-id]").length,
        }
      : null;
  });
}

/** The Budget view on 20k nodes: a portfolio with its proven gap, consistent with the CLI's exact search. */
export async function budgetLarge(s) {
  await importLarge(s);
  await s.openView("budget");
  await s.waitFor('#budget-summary [data-figure="optimal"]', 60_000);
  const shown = await readPortfolio(s);
  assert.ok(shown.selected > 0, "some initiatives are funded");
  assert.ok(shown.bound >= shown.value, `the bound ${shown.bound} is at least the value ${shown.value}`);
  if (shown.optimal) assert.match(shown.text, /proven optimal/i);
  else {
    assert.match(shown.text, /^Best found (in [\d.]+ s|before the search limit), within [\d.,]+ ?% of the optimum/, "the gap statement");
    assert.ok(Math.abs(shown.gap - (shown.bound - shown.value) / shown.bound) < 1e-9, "gap = (bound - value) / bound");
  }
  // The CLI at the same budget: both answers bracket the same optimum.
  const budget = await s.page.evaluate(() => Number(document.querySelector("#budget-input").value));
  const want = cli(["optimize", largeModel().file, "--budget", String(budget), "--time-limit", "10"]);
  const eps = 1e-6 * Math.max(1, want.bound);
  assert.ok(shown.value <= want.bound + eps, `page value ${shown.value} <= CLI bound ${want.bound}`);
  assert.ok(want.value <= shown.bound + eps, `CLI value ${want.value} <= page bound ${shown.bound}`);
  // The frontier follows, at spaced budgets.
  await s.waitFor("#budget-frontier circle.frontier-point", 60_000);
}

/** Cancel while a portfolio is computed: the answer is dropped and said so; the next budget works. */
export async function budgetCancel(s) {
  await importLarge(s);
  await s.openView("budget");
  await s.waitFor('#budget-summary [data-figure="optimal"]', 60_000);
  await s.driver.waitForFunction(() => document.querySelector("#budget-progress")?.hidden === true, null, 60_000);
  const before = await readPortfolio(s);
  const max = await s.page.evaluate(() => Number(document.querySelector("#budget-slider").max));
  const other = Math.round(max * 0.3);
  // Cancel as soon as the search shows (one call: the click cannot come after the answer).
  const cancelled = await s.page.evaluate(async ([v]) => {
    const el = document.querySelector("#budget-input");
    el.value = String(v);
    el.dispatchEvent(new Event("change", { bubbles: true }));
    const progress = document.querySelector("#budget-progress");
    if (progress.hidden) return false;
    document.querySelector("#budget-cancel").click();
    return true;
  }, [other]);
  assert.ok(cancelled, "the search showed its progress line with Cancel");
  await s.waitForText("#budget-message", /Cancelled/);
  assert.equal(await s.page.evaluate(() => document.querySelector("#budget-progress").hidden), true, "the progress line is gone");
  // Let the dropped search end: the portfolio shown is still the one before.
  await new Promise((r) => setTimeout(r, 1500));
  const after = await readPortfolio(s);
  assert.equal(after.budget, before.budget, "the cancelled budget's answer is not shown");
  // A new budget is answered.
  const third = Math.round(max * 0.5);
  await enter(s, "#budget-input", third);
  await s.driver.waitForFunction((before) => document.querySelector('#budget-summary [data-figure="budget"] dd')?.textContent !== before, before.budget, 60_000);
  assert.equal(await s.page.evaluate(() => document.querySelector("#budget-progress").hidden), true, "the progress line is gone");
}

/** The Roadmap of 20k nodes: the first rows and the critical path, with a note and Show more. */
export async function roadmapLarge(s) {
  await importLarge(s);
  const want = cli(["schedule", largeModel().file]);
  await s.openView("roadmap");
  // The roadmap the demo had is replaced once the engine's worker has scheduled the new model.
  await s.driver.waitForFunction(
    (d) => document.querySelector("#roadmap-svg g.gantt-row") && Math.abs(Number(document.querySelector('[data-roadmap="duration"]')?.dataset.value) - d) < 1e-9,
    want.duration,
    60_000,
  );
  const total = Object.keys(want.activities).length;
  const shown = await s.page.evaluate(() => ({
    rows: document.querySelectorAll("#roadmap-svg g.gantt-row").length,
    critical: [...document.querySelectorAll("#roadmap-svg g.gantt-row.critical")].map((g) => g.dataset.id),
    note: document.querySelector("#roadmap-rows-note").hidden ? null : document.querySelector("#roadmap-rows-note").textContent,
    duration: Number(document.querySelector('[data-roadmap="duration"]').dataset.value),
  }));
  assert.ok(Math.abs(shown.duration - want.duration) < 1e-9, `the duration ${shown.duration} is the CLI.s ${want.duration}`);
  assert.deepEqual([...shown.critical].sort(), [...want.critical_path].sort(), "every critical initiative is drawn");
  // The rows drawn, in order: the first 400 by earliest start, then finish, then model order, and
  // every critical one; Show more adds 800.
  const byStart = Object.entries(want.activities)
    .map(([id, a], order) => ({ id, order, es: a.es, ef: a.ef, critical: Boolean(a.critical) }))
    .sort((a, b) => a.es - b.es || a.ef - b.ef || a.order - b.order);
  const drawn = (limit) => byStart.filter((r, i) => i < limit || r.critical).map((r) => r.id);
  const ids = () => s.page.evaluate(() => [...document.querySelectorAll("#roadmap-svg g.gantt-row")].map((g) => g.dataset.id));
  assert.deepEqual(await ids(), drawn(400), "the first 400 rows by earliest start and the critical ones, in order");
  assert.ok(total > shown.rows, `the generated model has more initiatives (${total}) than are drawn at first (${shown.rows})`);
  assert.match(shown.note, new RegExp(`Showing ${shown.rows.toLocaleString("en")} of ${total.toLocaleString("en")} initiatives`));
  await s.click("#roadmap-more");
  await s.driver.waitForFunction((n) => document.querySelectorAll("#roadmap-svg g.gantt-row").length > n, shown.rows, 60_000);
  assert.deepEqual(await ids(), drawn(1200), "Show more draws the next 800 rows");
  const rows = await s.page.evaluate(() => [...document.querySelectorAll("#roadmap-table tbody tr[data-id]")].slice(0, 50).map((tr) => [tr.dataset.id, [...tr.querySelectorAll("td")].map((td) => td.textContent)]));
  for (const [id, cells] of rows) {
    const a = want.activities[id];
    assert.deepEqual(cells, [...[a.duration, a.es, a.ef, a.ls, a.lf, a.slack].map(formatTime), a.critical ? "yes" : "no"], `the table's row of ${id}`);
  }
}

/**
 * The scenario editor on 5,994 initiatives: its list holds NODE_CHOICES of them and says how many
 * there are; typing finds the others by name or id; a found one is cancelled like any other.
 */
export async function scenariosLarge(s) {
  await importLarge(s);
  const inits = cli(["score", largeModel().file]).initiatives;
  await s.openView("scenarios");
  await s.driver.waitForFunction(
    (n) => !document.querySelector("#scenario-change-find").hidden && document.querySelectorAll("#scenario-change-node option").length === n,
    NODE_CHOICES,
    60_000,
  );
  const count = inits.length.toLocaleString("en");
  await s.waitForText("#scenario-change-found", `Listing ${NODE_CHOICES} of the ${count} nodes: type to narrow the list.`);
  const last = inits[inits.length - 1];
  const listed = () => s.page.evaluate(() => [...document.querySelectorAll("#scenario-change-node option")].map((o) => o.value));
  assert.ok(!(await listed()).includes(last.id), `${last.id} is not among the first ${NODE_CHOICES}`);
  // Typing part of its id lists every initiative whose name or id holds it, and only those.
  const part = last.id.slice(0, -1);
  await fill(s, "#scenario-change-find", part.toUpperCase());
  const want = inits.filter((i) => i.id.toLowerCase().includes(part.toLowerCase()) || i.name.toLowerCase().includes(part.toLowerCase())).map((i) => i.id);
  assert.ok(want.length > 1 && want.length <= NODE_CHOICES, `${want.length} initiatives hold "${part}"`);
  await s.waitForText("#scenario-change-found", `${want.length.toLocaleString("en")} of ${count} nodes match.`);
  assert.deepEqual([...(await listed())].sort(), [...want].sort(), `the initiatives holding "${part}"`);
  await choose(s, "#scenario-change-node", last.id);
  await s.click("#scenario-add-change");
  await s.waitFor(`#scenario-changes li[data-op="cancel"][data-id="${last.id}"]`);
}
