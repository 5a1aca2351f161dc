// The Matrix view's table: kept beside the chart for screen readers while the matrix is small (the
// demo), made when Show as table asks for it once the matrix has more cells than
// HIDDEN_TABLE_CELLS (a generated model's 200 initiatives by 24 goals). Every cell is the CLI's
// reach (and conflict) of that initiative and goal.

import assert from "node:assert/strict";
import { cli, generatedModel } from "./helpers.mjs";
import { formatShare, DASH } from "../../www/lib/format.js";
import { HIDDEN_TABLE_CELLS } from "../../www/views/matrix/model.js";

const EPS = 1e-12;

/** The text of each cell the CLI's report gives: {initiative: {goal: text}}. */
function expectedCells(report) {
  const m = report.matrix;
  const out = {};
  m.initiatives.forEach((id, i) => {
    out[id] = {};
    m.goals.forEach((g, j) => {
      const r = m.reach[i]?.[j] ?? 0;
      const c = m.conflict?.[i]?.[j] ?? 0;
      const parts = [];
      if (r > EPS) parts.push(formatShare(r));
      if (c > EPS) parts.push(`\u2212${formatShare(c)}`);
      out[id][g] = parts.length ? parts.join(" / ") : DASH;
    });
  });
  return out;
}

/** The matrix table as the page has it: whether it is on screen, its goals and its cells by id. */
function readTable(s) {
  return s.page.evaluate(() => {
    const table = document.querySelector("#view-matrix table.matrix-table");
    if (!table) return null;
    const wrap = table.closest(".matrix-table-wrap");
    const goals = [...table.querySelectorAll("thead th[data-id]")].map((th) => th.dataset.id);
    const rows = {};
    for (const tr of table.querySelectorAll("tbody tr[data-id]")) {
      const tds = [...tr.querySelectorAll("td")].map((td) => td.textContent);
      rows[tr.dataset.id] = Object.fromEntries(goals.map((g, j) => [g, tds[j]]));
    }
    const box = table.getBoundingClientRect();
    return { srOnly: wrap.classList.contains("sr-only"), visible: box.width > 100 && box.height > 100, goals, rows };
  });
}

function assertCells(shown, want, what) {
  for (const [id, cells] of Object.entries(shown.rows)) {
    assert.ok(want[id], `${what}: row ${id} is an active initiative of the CLI's matrix`);
    for (const [g, text] of Object.entries(cells)) assert.equal(text, want[id][g], `${what}: ${id} x ${g}`);
  }
}

export async function matrixTable(s) {
  // The demo: the table is there for screen readers, off screen, with every cell.
  await s.waitForKpis();
  await s.openView("matrix");
  await s.waitFor("#view-matrix svg.matrix-svg g.matrix-row");
  const demo = cli(["score", "--demo"]);
  const small = await readTable(s);
  assert.ok(small, "the demo's matrix keeps its table beside the chart");
  assert.equal(small.srOnly, true, "the table is for screen readers while the chart shows");
  assert.ok(demo.matrix.initiatives.length * demo.matrix.goals.length <= HIDDEN_TABLE_CELLS, "the demo's matrix is a small one");
  assert.equal(Object.keys(small.rows).length, demo.matrix.initiatives.length, "a row for every active initiative");
  assert.deepEqual([...small.goals].sort(), [...demo.matrix.goals].sort(), "a column for every goal");
  assertCells(small, expectedCells(demo), "demo");

  // A large matrix: the chart alone until Show as table, then the table on screen.
  const file = generatedModel(2000);
  const report = cli(["score", file]);
  await s.setFiles("input#import-file", file);
  await s.waitForText("#model-name", /2000 nodes/, 60_000);
  await s.driver.waitForFunction(() => document.querySelectorAll("#view-matrix svg.matrix-svg g.matrix-row").length === 200, null, 60_000);
  const shownRows = 200;
  assert.ok(shownRows * report.matrix.goals.length > HIDDEN_TABLE_CELLS, "the generated matrix is a large one");
  assert.equal(await readTable(s), null, "no table is made beside a large chart");
  const label = await s.page.evaluate(() => document.querySelector("#view-matrix svg.matrix-svg").getAttribute("aria-label"));
  assert.match(label, /Show as table, before the chart, lists every figure as a table/);
  await s.click("#matrix-table-toggle");
  await s.waitFor("#view-matrix table.matrix-table tbody tr[data-id]");
  const big = await readTable(s);
  assert.equal(big.srOnly, false, "the table is on screen");
  assert.ok(big.visible, "the table has its size on screen");
  assert.equal(await s.page.evaluate(() => document.querySelector("#view-matrix .matrix-chart").hidden), true, "the chart is hidden");
  assert.equal(Object.keys(big.rows).length, shownRows, "the table has the chart's rows");
  assert.deepEqual([...big.goals].sort(), [...report.matrix.goals].sort(), "a column for every goal");
  assertCells(big, expectedCells(report), "generated 2,000 nodes");
  // Back to the chart: the table made stays for screen readers.
  await s.click("#matrix-table-toggle");
  await s.driver.waitForFunction(() => !document.querySelector("#view-matrix .matrix-chart").hidden, null, 10_000);
  assert.equal((await readTable(s)).srOnly, true, "back to the chart, the table is off screen again");
}
