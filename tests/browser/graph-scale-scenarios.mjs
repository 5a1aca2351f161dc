// Scenarios of the strategy graph at scale, for graph-scale.test.mjs (Chromium and Firefox): a model
// above 10,000 nodes is drawn as groups that expand and collapse (by click and from the keyboard), keep
// their state through a re-score, and whose nodes can be selected; real ArchiMate models draw with
// names at the default zoom.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BIN, cli, realModel, tempDir } from "./helpers.mjs";

/** Closes the import summary when an import opened it. */
async function closeImportSummary(s) {
  if (await s.page.evaluate(() => !!document.querySelector("#import-summary-close"))) {
    await s.click("#import-summary-close");
    await s.driver.waitForFunction(() => !document.querySelector("#import-summary"), null);
  }
}

/** Imports `file` and opens the graph once `status` shows `nodesText` nodes. */
async function importAndOpenGraph(s, file, nodesText) {
  await s.waitForKpis();
  await s.setFiles("input#import-file", file);
  await s.waitForText("#status", new RegExp(`${nodesText} nodes`), 60_000);
  await closeImportSummary(s);
  await s.openView("graph");
}

/** The group buttons inside the canvas: {key, count, expanded, x, y, firstId, firstX, firstY}. */
function groupButtons(s) {
  return s.page.evaluate(() =>
    [...document.querySelectorAll("#view-graph canvas#graph-canvas button[data-group]")].map((b) => ({
      key: b.dataset.group,
      count: Number(b.dataset.count),
      expanded: b.getAttribute("aria-expanded") === "true",
      x: b.dataset.x ? Number(b.dataset.x) : null,
      y: b.dataset.y ? Number(b.dataset.y) : null,
      firstId: b.dataset.firstId ?? null,
      firstX: b.dataset.firstX ? Number(b.dataset.firstX) : null,
      firstY: b.dataset.firstY ? Number(b.dataset.firstY) : null,
    })),
  );
}

/** Waits until the group `key`'s button satisfies `test(button)`; returns it. */
async function waitForGroup(s, key, test, what) {
  const started = Date.now();
  for (;;) {
    const b = (await groupButtons(s)).find((g) => g.key === key);
    if (b && test(b)) return b;
    if (Date.now() - started > 20_000) throw new Error(`group ${key} never became ${what} (${JSON.stringify(b)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Clicks the canvas at (x, y) relative to its top left corner. */
async function clickCanvas(s, x, y) {
  const box = await s.page.evaluate(() => {
    const r = document.querySelector("#view-graph canvas#graph-canvas").getBoundingClientRect();
    return { left: r.left, top: r.top };
  });
  await s.page.mouse.click(box.left + x, box.top + y);
}

const drawnNodes = async (s) => {
  const text = await s.page.evaluate(() => document.querySelector("#view-graph canvas#graph-canvas")?.dataset.drawn ?? "");
  const m = /([\d,]+) groups, ([\d,]+) nodes/.exec(text);
  return m ? { groups: Number(m[1].replace(/,/g, "")), nodes: Number(m[2].replace(/,/g, "")) } : null;
};

/**
 * 20,000 generated nodes: groups, not a hairball; a click expands the largest group (its nodes
 * drawn), a node in it opens the detail panel, a what-if re-score keeps it expanded, Enter on a
 * group's button expands another, and "Collapse groups" closes them all.
 */
export async function aggregatedGroups(s) {
  const dir = tempDir("graph-scale");
  const file = path.join(dir, "generated-20000.json");
  try {
    const model = cli(["generate", "--nodes", "20000", "--seed", "5"]);
    writeFileSync(file, JSON.stringify(model));
    const nameOf = new Map(model.nodes.map((n) => [n.id, n.name ?? n.id]));
    await importAndOpenGraph(s, file, "20,000");
    await s.waitFor('#view-graph canvas#graph-canvas[data-aggregated="true"][data-drawn]');
    const groups = await groupButtons(s);
    assert.ok(groups.length >= 10 && groups.length <= 400, `${groups.length} groups`);
    assert.equal(groups.reduce((a, g) => a + g.count, 0), 20000, "every node in one group");
    const drawn = await drawnNodes(s);
    assert.equal(drawn.groups, groups.length);
    assert.ok(drawn.nodes <= groups.filter((g) => g.count === 1).length, `only single-node groups drawn as nodes (${drawn.nodes})`);
    assert.match(await s.text("#view-graph .graph-summary"), new RegExp(`aggregated into ${groups.length} groups`));
    assert.match(await s.page.evaluate(() => document.querySelector("#view-graph canvas#graph-canvas").getAttribute("aria-label")), /aggregated into .* to expand it/);
    assert.match(await s.text("#view-graph .graph-table caption"), /aggregated into/);
    assert.equal(await s.page.evaluate(() => document.querySelector("#view-graph .graph-collapse-all").hidden), true, "nothing to collapse yet");
    await s.screenshot("graph-scale-groups");

    // a click on the largest closed group on screen expands it and draws its nodes
    const target = groups.filter((g) => g.count > 1 && g.x != null).sort((a, b) => b.count - a.count)[0];
    assert.ok(target, "a closed group on screen");
    await clickCanvas(s, target.x, target.y);
    const opened = await waitForGroup(s, target.key, (b) => b.expanded && b.firstX != null, "expanded");
    await s.driver.waitForFunction((n) => {
      const m = /([\d,]+) nodes/.exec(document.querySelector("#view-graph canvas#graph-canvas")?.dataset.drawn ?? "");
      return m && Number(m[1].replace(/,/g, "")) >= n;
    }, Math.min(target.count, 500));
    assert.equal(await s.page.evaluate(() => document.querySelector("#view-graph .graph-collapse-all").hidden), false);
    await s.screenshot("graph-scale-expanded");

    // a node of the expanded group, clicked, is explained in the detail panel
    await clickCanvas(s, opened.firstX, opened.firstY);
    await s.waitForText("aside#detail h2", nameOf.get(opened.firstId));

    // a re-score (a what-if toggle) keeps the group expanded
    await s.openView("whatif");
    await s.waitFor("input[type=checkbox][data-initiative]");
    await s.click("input[type=checkbox][data-initiative]");
    await s.openView("graph");
    await s.waitFor('#view-graph canvas#graph-canvas[data-aggregated="true"][data-drawn]');
    await waitForGroup(s, target.key, (b) => b.expanded, "expanded after the re-score");

    // Enter on another group's button (inside the canvas, reached with Tab) expands it
    const other = (await groupButtons(s)).find((g) => g.count > 1 && !g.expanded);
    await s.page.focus(`#view-graph button[data-group="${other.key.replace(/"/g, '\\"')}"]`);
    await s.driver.press("Enter");
    await waitForGroup(s, other.key, (b) => b.expanded, "expanded by Enter");

    // back to groups only
    await s.click("#view-graph .graph-collapse-all");
    await s.driver.waitForFunction(
      () => [...document.querySelectorAll("#view-graph button[data-group]")].every((b) => b.dataset.count === "1" || b.getAttribute("aria-expanded") === "false"),
      null,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Node names of a real model as the CLI imports them. */
function importedNames(file) {
  const model = JSON.parse(execFileSync(BIN, ["import", file], { encoding: "utf8", maxBuffer: 256 << 20, stdio: ["ignore", "pipe", "ignore"] }));
  return model;
}

/** A label is a node's name, or its beginning and an ellipsis. */
const isNameOf = (text, names) => names.has(text) || (text.endsWith("…") && [...names].some((n) => n.startsWith(text.slice(0, -1).trimEnd())));

/**
 * The biggest real model (JeanBLapierreSandbox.archimate, 1,433 nodes: SVG) shows names at the
 * default zoom: each one a node's name (or its start and an ellipsis), none overlapping another.
 */
export async function realModelLabels(s) {
  const file = realModel("JeanBLapierreSandbox.archimate");
  const names = new Set(importedNames(file).nodes.map((n) => n.name ?? n.id));
  await importAndOpenGraph(s, file, "1,433");
  await s.waitFor("#view-graph svg#graph-svg g.node");
  await s.driver.waitForFunction(() => document.querySelectorAll("#view-graph g.priority-labels text").length >= 20, null);
  const labels = await s.page.evaluate(() =>
    [...document.querySelectorAll("#view-graph g.priority-labels text")].map((t) => {
      const b = t.getBoundingClientRect();
      return { text: t.textContent, x0: b.left, y0: b.top, x1: b.right, y1: b.bottom };
    }),
  );
  for (const l of labels) assert.ok(isNameOf(l.text, names), `"${l.text}" is a node's name`);
  for (let p = 0; p < labels.length; p++) {
    for (let q = p + 1; q < labels.length; q++) {
      const a = labels[p];
      const b = labels[q];
      assert.ok(a.x1 <= b.x0 || b.x1 <= a.x0 || a.y1 <= b.y0 || b.y1 <= a.y0, `"${a.text}" and "${b.text}" overlap`);
    }
  }
  await s.screenshot("graph-scale-real-svg");
}

/**
 * The same real model twice side by side (2,866 nodes, the size of the larger real models: a
 * canvas) draws names at the default zoom too.
 */
export async function realModelTwiceLabels(s) {
  const dir = tempDir("graph-scale-real");
  const file = path.join(dir, "jean-b-twice.json");
  try {
    const model = importedNames(realModel("JeanBLapierreSandbox.archimate"));
    const copy = (id) => `${id}~2`;
    const nodes = [...model.nodes, ...model.nodes.map((n) => ({ ...n, id: copy(n.id) }))];
    const strip = (e) => {
      const { id: _id, ...rest } = e;
      return rest;
    };
    const edges = [...model.edges.map(strip), ...model.edges.map((e) => ({ ...strip(e), from: copy(e.from), to: copy(e.to) }))];
    writeFileSync(file, JSON.stringify({ ...model, name: "Jean B twice", nodes, edges }));
    assert.equal(JSON.parse(readFileSync(file, "utf8")).nodes.length, 2866);
    await importAndOpenGraph(s, file, "2,866");
    await s.waitFor('#view-graph canvas#graph-canvas[data-aggregated="false"][data-labels]');
    await s.driver.waitForFunction(() => Number(document.querySelector("#view-graph canvas#graph-canvas").dataset.labels) >= 20, null);
    await s.screenshot("graph-scale-real-canvas");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
