// The overview's board summary against the command line (board.test.mjs, Chromium and Firefox, the
// single file): the red/amber/green status of each KPI and goal and its rule equal `aligngraph score`'s
// `status`; "Compare with an earlier file…" on a changed model shows `aligngraph diff`'s numbers and
// reasons; the top risks and decisions pending follow the documented rules (docs/page.md, "Board
// summary") from the CLI's report; the snapshot survives a reload; a broken file is refused with its place.

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { cli, demoModel, score, tempDir } from "./helpers.mjs";
import { describeFindings, seriousViolations } from "./scenarios-a11y.mjs";

/** The demo as last quarter's file: the S/4HANA migration still proposed, a cost lower, the boardroom AV refresh not yet there, a goal weighted less. */
export function earlierDemo(dir = tempDir("board")) {
  const m = demoModel();
  m.nodes = m.nodes.filter((n) => n.id !== "ini-boardroom-av");
  m.edges = m.edges.filter((e) => e.from !== "ini-boardroom-av" && e.to !== "ini-boardroom-av");
  for (const n of m.nodes) {
    if (n.id === "ini-s4hana") n.status = "proposed";
    if (n.id === "ini-mdm") n.status = "cancelled";
    if (n.id === "ini-cdp") n.cost = 500000;
    if (n.id === "g-sustainability") n.weight = 1;
  }
  const file = path.join(dir, "board-pack-q1.json");
  writeFileSync(file, JSON.stringify(m, null, 1));
  return file;
}

const demoFile = () => {
  const dir = tempDir("board-demo");
  const file = path.join(dir, "demo.json");
  writeFileSync(file, JSON.stringify(demoModel()));
  return file;
};

/** What the board and the tiles show: statuses, rules, lists. */
function readBoard(page) {
  return page.evaluate(() => {
    const q = (sel) => [...document.querySelectorAll(sel)];
    const t = (e) => e?.textContent.replace(/\s+/g, " ").trim() ?? null;
    return {
      tiles: Object.fromEntries(
        q("#view-overview .kpi[data-kpi]").map((k) => [k.dataset.kpi, { status: k.querySelector(".rag")?.dataset.status ?? null, word: t(k.querySelector(".rag")), rule: t(k.querySelector(".kpi-rule")), label: t(k.querySelector(".kpi-label")) }]),
      ),
      counts: t(document.querySelector("#board-counts")),
      off: q("#board-off-target li").map((li) => ({ what: li.dataset.what, id: li.dataset.id, field: li.dataset.field, status: li.dataset.status, text: t(li) })),
      risks: q("#board-risks-list li").map((li) => ({ kind: li.dataset.kind, id: li.dataset.id, text: t(li) })),
      decisions: q("#board-decisions-list li").map((li) => ({ kind: li.dataset.kind, id: li.dataset.id, text: t(li) })),
      snapshot: document.querySelector("#board-snapshot")?.dataset.file ?? null,
      topChanges: q("#board-top-changes li").map((li) => ({ change: Number(li.dataset.change), text: t(li) })),
      statusChanges: q("#board-status-changes li").map((li) => ({ id: li.dataset.id, text: t(li) })),
      error: t(document.querySelector("#compare-error")),
    };
  });
}

async function waitBoard(s, test, what) {
  await s.driver.waitForFunction(test, null, 20_000).catch(() => {});
  const b = await readBoard(s.page);
  return b;
}

/** The status of every KPI tile and of the off-target list equals `aligngraph score`'s status, rule for rule. */
export async function statusEqualsCli(s) {
  const report = score("--demo");
  await s.waitForKpis();
  await s.waitFor("#board-counts");
  const b = await readBoard(s.page);
  const st = report.status;
  assert.ok(st.kpis.length >= 5 && st.counts.red > 0 && st.counts.amber > 0 && st.counts.green > 0, "the demo has targets in every colour");
  for (const k of st.kpis) {
    const tile = b.tiles[k.kpi];
    if (!tile) continue; // a KPI with a target but no tile (expected_goal_coverage) shows in the list
    assert.equal(tile.status, k.status, `${k.kpi}: the tile's status`);
    assert.equal(tile.word, { green: "Green", amber: "Amber", red: "Red" }[k.status], `${k.kpi}: the status in words, not only a colour`);
    assert.equal(tile.rule, `Target: ${k.rule}`, `${k.kpi}: the rule on the tile`);
  }
  const c = st.counts;
  assert.equal(b.counts, `${c.green + c.amber + c.red} targets: ${c.green} green ${c.amber} amber ${c.red} red`);
  // Off target: every red and amber, reds first (at most six shown).
  const off = [...st.kpis.map((k) => ({ what: "kpi", id: k.kpi, field: "", status: k.status, rule: k.rule })), ...st.goals.map((g) => ({ what: "goal", id: g.id, field: g.field, status: g.status, rule: g.rule }))]
    .filter((x) => x.status !== "green")
    .sort((x, y) => (x.status === y.status ? 0 : x.status === "red" ? -1 : 1))
    .slice(0, 6);
  assert.deepEqual(
    b.off.map(({ what, id, field, status }) => ({ what, id, field, status })),
    off.map(({ what, id, field, status }) => ({ what, id, field, status })),
  );
  b.off.forEach((x, i) => assert.ok(x.text.includes(`(${off[i].rule})`), `${x.id}: the rule is shown: ${x.text}`));
  // The tiles say what they measure.
  assert.equal(b.tiles.alignment_index.label, "Alignment strength");
  assert.equal(b.tiles.goal_coverage.label, "Goals reached");
  assert.equal(b.tiles.unaligned_spend_share.label, "Spend linked to no goal");
  await s.screenshot("board-status");
}

/** Top risks and decisions pending, by the rules of docs/page.md, from the CLI's report. */
export async function risksAndDecisionsFollowTheRules(s) {
  const r = score("--demo");
  await s.waitForKpis();
  await s.waitFor("#board-risks-list li");
  const b = await readBoard(s.page);
  const goals = new Map(r.goals.map((g) => [g.id, g]));
  const held = (x) => x.goals.reduce((sum, g) => sum + (goals.get(g).top_level ? goals.get(g).weight : Math.max(0, ...goals.get(g).parents.map((p) => goals.get(p)?.weight ?? 0))), 0);
  const spof = [...r.structure.single_points_of_failure].sort((a, c) => held(c) - held(a) || c.goals.length - a.goals.length || (a.id < c.id ? -1 : 1))[0];
  const want = [...(spof ? [{ kind: "spof", id: spof.id }] : []), ...r.kpis.top_exposures.map((t) => ({ kind: "exposure", id: t.id }))].slice(0, 3);
  assert.deepEqual(b.risks.map(({ kind, id }) => ({ kind, id })), want, "top risks");
  const top = r.kpis.top_exposures[0];
  const fmt = (x) => new Intl.NumberFormat("en", { style: "currency", currency: "EUR", notation: "compact", maximumSignificantDigits: 3 }).format(x);
  assert.ok(b.risks.find((x) => x.id === top.id).text.includes(`${fmt(top.exposure)} at risk`), "the largest exposure with its money at risk");
  const byCost = (ids) => [...ids].sort((a, c) => (r.initiatives.find((i) => i.id === c).cost - r.initiatives.find((i) => i.id === a).cost) || (a < c ? -1 : 1));
  const stop = byCost(r.kpis.orphan_initiatives);
  const fund = [...r.kpis.uncovered_goals].sort((a, c) => goals.get(c).weight - goals.get(a).weight || (a < c ? -1 : 1));
  const approve = r.initiatives
    .filter((i) => i.status === "proposed" && i.active && i.alignment > 0)
    .sort((a, c) => c.alignment / c.cost - a.alignment / a.cost || (a.id < c.id ? -1 : 1))
    .map((i) => i.id);
  const rounds = [];
  for (let k = 0; rounds.length < 3 && (stop[k] || fund[k] || approve[k]); k++) {
    for (const [kind, q] of [["stop", stop], ["fund", fund], ["approve", approve]]) if (q[k] && rounds.length < 3) rounds.push({ kind, id: q[k] });
  }
  assert.deepEqual(b.decisions.map(({ kind, id }) => ({ kind, id })), rounds, "decisions pending");
  assert.match(b.decisions[0].text, /^Stop or link Boardroom AV refresh/);
  await s.screenshot("board-risks-decisions");
}

/** The full comparison's KPI table: {kpi: {old, new, delta}} from data-value. */
function comparisonTable(page) {
  return page.evaluate(() => {
    const out = {};
    for (const tr of document.querySelectorAll("#snapshot-kpis tr[data-kpi]")) {
      const v = (col) => Number(tr.querySelector(`td[data-col="${col}"]`)?.dataset.value);
      out[tr.dataset.kpi] = { old: v("baseline"), new: v("scenario"), delta: v("delta"), status: [...tr.querySelectorAll(".rag")].map((x) => x.dataset.status) };
    }
    const changes = [...document.querySelectorAll("#snapshot-changes > li")].map((li) => ({
      kind: li.dataset.kind,
      subject: li.dataset.subject,
      text: li.querySelector(":scope > span")?.textContent ?? null,
      reasons: [...li.querySelectorAll("ul li")].map((x) => x.textContent),
    }));
    const goals = [...document.querySelectorAll("#snapshot-goals tr[data-id]")].map((tr) => ({ id: tr.dataset.id, delta: tr.querySelector('td[data-col="delta"]')?.dataset.value ?? "" }));
    const initiatives = [...document.querySelectorAll("#snapshot-initiatives tr[data-id]")].map((tr) => ({ id: tr.dataset.id, change: tr.dataset.change }));
    return { kpis: out, changes, goals, initiatives };
  });
}

async function chooseSnapshot(s, file) {
  await s.setFiles("#compare-file", file);
  await s.driver.waitForFunction((name) => document.querySelector("#board-snapshot")?.dataset.file === name, path.basename(file), 20_000);
}

async function openFullComparison(s) {
  await s.click("#board-show-comparison");
  await s.waitFor("#snapshot-kpis tr[data-kpi]");
}

/** The comparison the page shows equals `aligngraph diff EARLIER CURRENT`, number for number and reason for reason. */
export async function compareEqualsCliDiff(s, earlier) {
  await s.waitForKpis();
  await s.waitFor("#compare-earlier");
  const diff = cli(["diff", earlier, demoFile(), "--compact"]);
  await chooseSnapshot(s, earlier);
  const b = await readBoard(s.page);
  assert.equal(b.error, null);
  assert.equal(b.topChanges.length, Math.min(3, diff.changes.length));
  for (const c of b.topChanges) assert.ok(c.text.startsWith(diff.changes[c.change].text), `top change ${c.change}: ${c.text}`);
  // Status changes since then (e.g. goal coverage).
  const moved = diff.kpis.filter((k) => k.old_status !== k.new_status).map((k) => k.kpi);
  const movedGoals = diff.goals.filter((g) => g.old_status !== g.new_status).map((g) => g.id);
  assert.deepEqual(b.statusChanges.map((x) => x.id), [...moved, ...movedGoals]);
  await openFullComparison(s);
  const t = await comparisonTable(s.page);
  for (const k of diff.kpis) {
    const row = t.kpis[k.kpi];
    assert.ok(row, `a row for ${k.kpi}`);
    assert.equal(row.old, k.old, `${k.kpi} then`);
    assert.equal(row.new, k.new, `${k.kpi} now`);
    assert.equal(row.delta, k.delta, `${k.kpi} change`);
    if (k.old_status) assert.deepEqual(row.status, [k.old_status, k.new_status], `${k.kpi} statuses`);
  }
  assert.deepEqual(
    t.changes.map(({ kind, subject, text }) => ({ kind, subject, text })),
    diff.changes.map(({ kind, subject, text }) => ({ kind, subject, text })),
    "every change between the files, in words",
  );
  const reasons = (i) => diff.reasons.filter((r) => r.change === i).map((r) => r.text);
  t.changes.forEach((c, i) => assert.deepEqual(c.reasons, reasons(i), `the reasons of change ${i}`));
  assert.deepEqual(t.goals.map((g) => g.id), diff.goals.map((g) => g.id));
  assert.deepEqual(t.initiatives, diff.initiatives.map(({ id, change }) => ({ id, change })));
  await s.screenshot("board-compare");
  const found = await seriousViolations(s);
  assert.deepEqual(found, [], `axe: the board and the full comparison: ${describeFindings(found)}`);
  return diff;
}

/** The chosen snapshot is kept with the work: after a reload it and its comparison are back. */
export async function snapshotSurvivesReload(s, earlier) {
  await s.waitForKpis();
  await s.keepWorkIfFile();
  const diff = await compareEqualsCliDiff(s, earlier);
  await s.driver.waitForFunction(() => !document.querySelector("#save-state")?.textContent.match(/saving/i), null, 10_000).catch(() => {});
  await s.reload();
  await s.waitForKpis();
  await s.driver.waitForFunction((name) => document.querySelector("#board-snapshot")?.dataset.file === name, path.basename(earlier), 20_000);
  await openFullComparison(s);
  const t = await comparisonTable(s.page);
  assert.deepEqual(
    t.changes.map((c) => c.text),
    diff.changes.map((c) => c.text),
    "the comparison after the reload",
  );
  assert.equal(t.kpis.goal_coverage.delta, diff.kpis.find((k) => k.kpi === "goal_coverage").delta);
  await s.screenshot("board-after-reload");
  // Forgotten, it stays forgotten.
  await s.click("#board-forget");
  await s.waitFor("#board-no-snapshot");
}

/** A broken earlier file: refused with the file, line and pointer; nothing else changes. */
export async function brokenSnapshotIsRefused(s) {
  await s.waitForKpis();
  const dir = tempDir("board-bad");
  const bad = path.join(dir, "q1-broken.json");
  const m = demoModel();
  m.targets.kpis.goal_coverage.amber = 0.95;
  writeFileSync(bad, JSON.stringify(m, null, 1));
  await s.setFiles("#compare-file", bad);
  await s.waitFor("#compare-error");
  const b = await readBoard(s.page);
  assert.match(b.error, /q1-broken\.json could not be compared: 1 error: \/targets\/kpis\/goal_coverage\/amber: for goal_coverage, higher is better, so amber \(95%\) must be at most the target \(85%\)\./);
  assert.equal(b.snapshot, null, "no snapshot was taken");
  const status = await s.text("#status");
  assert.match(status, /q1-broken\.json could not be compared/);
  await s.screenshot("board-broken-snapshot");
}
