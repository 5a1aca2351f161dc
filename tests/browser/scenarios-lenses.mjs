// The lens views (Capabilities, Applications, Money) on the demo against the CLI's lens commands
// run for the same day, the metric picker, a click that selects, and the empty states of a model
// without lens fields. Written once for both browsers (lenses.test.mjs).

import assert from "node:assert/strict";
import { format as d3format } from "d3-format";
import { execFileSync } from "node:child_process";
import { BIN, cli, money, countText, fixture } from "./helpers.mjs";
import { availabilityText } from "../../www/lib/lens.js";
import { demoFile } from "./scenarios-decisions-a.mjs";

const share = d3format(".1%");
/** The page's date (the tests run in UTC): what the CLI is asked with --as-of. */
const today = () => new Date().toISOString().slice(0, 10);

function oracle() {
  const day = today();
  return {
    caps: cli(["capabilities", "--demo", "--as-of", day]).capabilities,
    apps: cli(["applications", "--demo", "--as-of", day]),
    costs: cli(["costs", "--demo"]),
    finance: cli(["finance", "--demo"]),
    currency: cli(["score", "--demo"]).model.currency,
  };
}

/** {id: {col: text}} of a table's body rows. */
function table(s, selector) {
  return s.page.evaluate((sel) => {
    const out = {};
    for (const tr of document.querySelectorAll(`${sel} tbody tr[data-id]`)) {
      const row = {};
      for (const td of tr.querySelectorAll("td[data-col]")) row[td.dataset.col] = td.textContent.trim();
      out[tr.dataset.id] = row;
    }
    return out;
  }, selector);
}

const num = (x) => (x == null ? "–" : String(Math.round(x * 100) / 100));

/** The capability map: every capability a box whose text is the CLI's value; the table the same; the picker recolours. */
export async function capabilitiesView(s) {
  const o = oracle();
  await s.waitForKpis();
  await s.openView("capabilities");
  await s.waitFor("#view-capabilities svg#cap-map g.cap-box");
  const ids = Object.keys(o.caps);
  const boxes = () =>
    s.page.evaluate(() =>
      Object.fromEntries([...document.querySelectorAll("#cap-map g.cap-box")].map((g) => [g.dataset.id, { value: [...document.querySelectorAll("#cap-map text.cap-value")].find((t) => t.dataset.for === g.dataset.id)?.textContent, fill: g.querySelector("rect").getAttribute("fill") }])),
    );
  const cov = await boxes();
  assert.deepEqual(Object.keys(cov).sort(), [...ids].sort(), "one box per capability");
  for (const id of ids) assert.equal(cov[id].value, share(o.caps[id].coverage), `${id}: coverage in its box`);
  const rows = await table(s, "#cap-table");
  assert.equal(Object.keys(rows).length, ids.length);
  for (const id of ids) {
    const c = o.caps[id];
    assert.equal(rows[id].coverage, share(c.coverage), `${id} coverage`);
    assert.equal(rows[id].run, money(c.run, o.currency), `${id} run`);
    assert.equal(rows[id].change, money(c.change, o.currency), `${id} change`);
    assert.equal(rows[id].gap, num(c.gap), `${id} gap`);
    assert.equal(rows[id].applications, String(c.applications), `${id} applications`);
    assert.equal(rows[id].lifecycle_risk, num(c.lifecycle_risk), `${id} lifecycle risk`);
  }
  // The value chain: the demo's five primary and four support activities.
  const chain = await s.page.evaluate(() => [...document.querySelectorAll("#cap-chain g.chain-activity")].map((g) => g.dataset.category));
  assert.equal(chain.filter((c) => c === "primary").length, 5);
  assert.equal(chain.filter((c) => c === "support").length, 4);
  // Each activity's run and change spend, as `aligngraph costs` gives them.
  const spend = await s.page.evaluate(() => Object.fromEntries([...document.querySelectorAll("#cap-chain g.chain-activity")].map((g) => [g.dataset.id, g.getAttribute("aria-label")])));
  for (const [id, label] of Object.entries(spend)) {
    const c = o.costs.nodes[id];
    assert.ok(label.endsWith(`: run ${money(c.run, o.currency)}, change ${money(c.change, o.currency)}`), `${id}: ${label}`);
  }
  assert.ok(Object.values(spend).some((label) => !label.includes("run –")), "some activity has a run spend");
  await s.screenshot("capabilities");

  // Run spend: other labels, other colours, another legend.
  await s.page.select?.("#cap-metric", "run");
  if (!s.page.select) await s.page.selectOption("#cap-metric", "run");
  await s.waitForText("#cap-legend .legend-title", "Run spend");
  const run = await boxes();
  for (const id of ids) assert.equal(run[id].value, money(o.caps[id].run, o.currency), `${id}: run spend in its box`);
  assert.ok(ids.some((id) => run[id].fill !== cov[id].fill), "the map is recoloured");
  await s.page.evaluate(() => {
    const sel = document.querySelector("#cap-metric");
    sel.value = "time";
    sel.dispatchEvent(new Event("change"));
  });
  await s.waitForText("#cap-legend .legend-title", "TIME mix");
  const legend = await s.page.evaluate(() => [...document.querySelectorAll("#cap-legend .legend-item")].map((e) => e.textContent.trim()));
  assert.deepEqual(legend, ["Invest", "Migrate", "Tolerate", "Eliminate", "no value"]);
  await s.screenshot("capabilities-time");

  // A click on a box opens the details of its capability.
  await s.page.evaluate(() => document.querySelector('#cap-map g.cap-box[data-id="cap-customer-data"]').scrollIntoView({ block: "center" }));
  await s.click('#cap-map g.cap-box[data-id="cap-customer-data"]');
  await s.waitForText("aside#detail:not([hidden]) h2", o.caps["cap-customer-data"].name);
}

/** TIME classes and counts, completeness, mismatches and the table as the CLI says; the timeline drawn. */
export async function applicationsView(s) {
  const o = oracle();
  await s.waitForKpis();
  await s.openView("applications");
  await s.waitFor("#view-applications svg#apps-quadrant g.app-bubble");
  const apps = o.apps.applications;
  const ids = Object.keys(apps);
  const fitted = ids.filter((id) => apps[id].time != null);
  await s.waitForText("#apps-completeness", new RegExp(`^${fitted.length} of ${ids.length} applications have both fits \\(${share(o.apps.completeness).replace(".", "\\.")} complete\\)`));
  const counts = await s.page.evaluate(() => Object.fromEntries([...document.querySelectorAll("#apps-counts li")].map((li) => [li.dataset.time, Number(li.dataset.count)])));
  for (const t of ["invest", "migrate", "tolerate", "eliminate"]) assert.equal(counts[t], ids.filter((id) => apps[id].time === t).length, `${t} count`);
  assert.equal(counts.unknown, ids.length - fitted.length);
  assert.equal(counts.mismatch, ids.filter((id) => apps[id].mismatch).length);
  // Each bubble's run cost, as `aligngraph costs` gives it.
  const runLabels = await s.page.evaluate(() => Object.fromEntries([...document.querySelectorAll("#apps-quadrant g.app-bubble")].map((g) => [g.dataset.id, g.getAttribute("aria-label")])));
  assert.ok(Object.keys(runLabels).length > 0);
  for (const [id, label] of Object.entries(runLabels)) assert.ok(label.endsWith(`, run cost ${money(o.costs.nodes[id]?.run, o.currency)}`), `${id}: ${label}`);
  const bubbles = await s.page.evaluate(() => [...document.querySelectorAll("#apps-quadrant g.app-bubble")].map((g) => [g.dataset.id, g.dataset.time, g.dataset.mismatch]));
  assert.equal(bubbles.length, fitted.length, "a bubble per application with both fits");
  for (const [id, time, mismatch] of bubbles) {
    assert.equal(time, apps[id].time, `${id} quadrant`);
    assert.equal(mismatch, String(apps[id].mismatch), `${id} mismatch marker`);
  }
  const labels = await s.page.evaluate(() => Object.fromEntries([...document.querySelectorAll("#apps-quadrant .quad-label")].map((t) => [t.dataset.time, t.textContent])));
  assert.equal(labels.invest, `Invest (${counts.invest})`);
  const rows = await table(s, "#apps-table");
  assert.equal(Object.keys(rows).length, ids.length);
  const milestone = { end_of_support: "end of support", end_of_extended_support: "end of extended support", end_of_life: "end of life" };
  for (const id of ids) {
    const a = apps[id];
    assert.equal(rows[id].time, a.time ?? "–", `${id} TIME`);
    assert.equal(rows[id].declared, a.declared ?? "–", `${id} declared`);
    assert.equal(rows[id].mismatch, a.mismatch ? "yes" : "no", `${id} mismatch`);
    assert.equal(rows[id].lifecycle_risk, num(a.lifecycle_risk), `${id} lifecycle risk`);
    assert.equal(rows[id].rolled_lifecycle_risk, num(a.rolled_lifecycle_risk), `${id} rolled risk`);
    assert.equal(rows[id].next_milestone, milestone[a.next_milestone] ?? "–", `${id} next milestone`);
    assert.equal(rows[id].days_to_milestone, a.days_to_milestone == null ? "–" : countText(a.days_to_milestone), `${id} days`);
  }
  const dated = ids.filter((id) => apps[id].lifecycle_risk != null);
  await s.waitFor("#apps-timeline g.timeline-row");
  const timeline = await s.page.evaluate(() => document.querySelectorAll("#apps-timeline g.timeline-row").length);
  assert.equal(timeline, Math.min(40, dated.length), "a timeline row per dated application");
  await s.screenshot("applications");
}

/** Totals, spend against strategy with the misallocation in words, and the return of each initiative. */
export async function moneyView(s) {
  const o = oracle();
  await s.waitForKpis();
  await s.openView("money");
  await s.waitFor("#view-money #money-initiatives tbody tr[data-id]");
  const fig = (k) => s.text(`#money-totals [data-figure="${k}"] dd`);
  assert.equal((await fig("run")).trim(), money(o.costs.total_run, o.currency));
  assert.equal((await fig("change")).trim(), money(o.costs.total_change, o.currency));
  assert.equal((await fig("npv")).trim(), money(o.finance.portfolio.npv, o.currency));
  const mis = o.costs.misallocation;
  await s.waitForText("#money-misallocation", new RegExp(`^Misallocation ${String(Math.round(mis * 100) / 100).replace(".", "\\.")}: ${share(mis).replace(".", "\\.")} of change spend would have to move`));
  const goals = await table(s, "#money-goals");
  assert.deepEqual(Object.keys(goals).sort(), Object.keys(o.costs.goals).sort());
  for (const [id, g] of Object.entries(o.costs.goals)) {
    assert.equal(goals[id].spend_share, share(g.spend_share), `${id} spend share`);
    assert.equal(goals[id].weight, share(g.weight), `${id} weight`);
    assert.equal(goals[id].spend, money(g.spend, o.currency), `${id} spend`);
  }
  const rows = await table(s, "#money-initiatives");
  const fin = o.finance.initiatives;
  assert.deepEqual(Object.keys(rows).sort(), Object.keys(fin).sort());
  for (const [id, f] of Object.entries(fin)) {
    assert.equal(rows[id].npv, money(f.npv, o.currency), `${id} NPV`);
    assert.equal(rows[id].irr, f.irr == null ? "none" : share(f.irr), `${id} IRR`);
    assert.equal(rows[id].mirr, f.mirr == null ? "none" : share(f.mirr), `${id} MIRR`);
    assert.equal(rows[id].payback, f.payback == null ? "never" : String(Math.round(f.payback * 10) / 10), `${id} payback`);
    assert.equal(rows[id].discounted_payback, f.discounted_payback == null ? "never" : String(Math.round(f.discounted_payback * 10) / 10), `${id} discounted payback`);
  }
  const note = await s.page.evaluate(() => ({ ...document.querySelector("#money-finance").dataset }));
  assert.equal(Number(note.npv), o.finance.portfolio.npv);
  assert.equal(Number(note.rate), o.finance.discount_rate);
  const bars = await s.page.evaluate(() => Object.fromEntries([...document.querySelectorAll("#money-capabilities g.money-row")].map((g) => [g.dataset.id, [Number(g.dataset.run), Number(g.dataset.change)]])));
  for (const [id, [run, change]] of Object.entries(bars)) {
    assert.equal(run, o.caps[id].run, `${id} run bar`);
    assert.equal(change, o.caps[id].change, `${id} change bar`);
  }
  assert.ok(Object.keys(bars).length > 0);
  await s.screenshot("money");
}

/** A model without any lens field: each view says which fields to add; nothing breaks. */
export async function emptyLenses(s) {
  await s.waitForKpis();
  await s.setFiles("input#import-file", fixture("no-lens-model.json"));
  await s.waitForText("#model-name", "Goals only");
  for (const [view, id] of [
    ["capabilities", "#cap-message"],
    ["applications", "#apps-message"],
    ["money", "#money-message"],
  ]) {
    await s.openView(view);
    await s.waitFor(`#view-${view} ${id}.lens-empty`);
    const text = await s.text(`#view-${view} ${id}`);
    assert.match(text, /Add .+ to the model/, `${view}: says which fields to add`);
    await s.screenshot(`${view}-empty`);
  }
}

/** The Portfolio table gains NPV, IRR and payback; the Budget view maximises NPV as `aligngraph optimize --value npv` does. */
export async function portfolioReturnsAndBudgetNpv(s) {
  const o = oracle();
  const { file } = demoFile();
  const fin = o.finance.initiatives;
  await s.waitForKpis();
  await s.openView("portfolio");
  await s.waitFor("#view-portfolio table.portfolio-table td[data-col='npv']");
  const heads = await s.page.evaluate(() => [...document.querySelectorAll("#view-portfolio table.portfolio-table thead th")].map((th) => th.textContent.trim()));
  for (const label of ["NPV", "IRR", "Payback"]) assert.ok(heads.some((x) => x.startsWith(label)), `Portfolio table has a ${label} column (${heads})`);
  const rows = await table(s, "#view-portfolio table.portfolio-table");
  const report = cli(["score", "--demo"]);
  assert.equal(Object.keys(rows).length, report.initiatives.length, "a row per initiative");
  for (const i of report.initiatives) {
    const f = fin[i.id];
    assert.equal(rows[i.id].npv, f ? money(f.npv, o.currency) : "", `${i.id} NPV`);
    assert.equal(rows[i.id].irr, f ? (f.irr == null ? "none" : share(f.irr)) : "", `${i.id} IRR`);
    assert.equal(rows[i.id].payback, f ? (f.payback == null ? "never" : String(Math.round(f.payback * 10) / 10)) : "", `${i.id} payback`);
  }
  await s.screenshot("portfolio-returns");

  await s.openView("budget");
  await s.waitFor("#budget-frontier circle.frontier-point");
  await s.page.evaluate(() => {
    const sel = document.querySelector("#budget-basis");
    sel.value = "npv";
    sel.dispatchEvent(new Event("change"));
  });
  await s.waitForText("#budget-summary [data-figure='value'] dt", "Value (NPV)");
  await s.driver.waitForFunction(() => document.querySelector("#budget-progress")?.hidden !== false && [...document.querySelectorAll("#budget-frontier .axis-title")].some((e) => e.textContent.includes("NPV")), null, 20_000);
  const shown = await s.page.evaluate(() => ({
    budget: Number(document.querySelector("#budget-slider").value),
    selected: [...document.querySelectorAll("#budget-selected tbody tr[data-id]")].map((tr) => tr.dataset.id),
    value: document.querySelector("#budget-summary [data-figure='value'] dd").textContent.trim(),
    rows: Object.fromEntries([...document.querySelectorAll("#budget-selected tbody tr[data-id]")].map((tr) => [tr.dataset.id, tr.querySelector("td[data-col='value']").textContent.trim()])),
    points: document.querySelectorAll("#budget-frontier circle.frontier-point").length,
    message: document.querySelector("#budget-message")?.textContent ?? "",
  }));
  const want = cli(["optimize", file, "--budget", String(shown.budget), "--value", "npv"]);
  assert.equal(want.value_basis, "npv");
  assert.deepEqual([...shown.selected].sort(), [...want.selected].sort(), "the NPV-optimal portfolio is the CLI's");
  assert.equal(shown.value, money(want.value, o.currency), "its NPV");
  for (const id of want.selected) assert.equal(shown.rows[id], money(fin[id]?.npv ?? 0, o.currency), `${id}: its value is its NPV`);
  const frontier = cli(["optimize", file, "--frontier", "--value", "npv"]);
  assert.equal(shown.points, frontier.points.length, "the NPV frontier has the CLI's points");
  const active = report.initiatives.filter((i) => i.active);
  const noFlows = active.filter((i) => !fin[i.id]).length;
  assert.match(shown.message, new RegExp(`^${noFlows} of ${active.length} active initiatives have no cash flows`), "says how many count as 0");
  await s.screenshot("budget-npv");
}

/** Operations: the totals, every service's availability and SLA status, the chain of the worst breach, and the security table as `aligngraph operations`. */
export async function operationsView(s) {
  const ops = cli(["operations", "--demo"]);
  const currency = cli(["score", "--demo"]).model.currency;
  await s.waitForKpis();
  await s.openView("operations");
  await s.waitFor("#view-operations #ops-availability tbody tr[data-id]");
  const nodes = Object.entries(ops.nodes);
  const withAv = nodes.filter(([, x]) => x.availability != null || x.sla != null || x.own_availability != null);
  const breaches = withAv.filter(([, x]) => x.sla_breach);
  assert.ok(breaches.length > 0, "the demo has a service below its SLA (oracle)");
  const fig = (k) => s.text(`#ops-totals [data-figure="${k}"] dd`);
  assert.equal((await fig("breaches")).trim(), `${breaches.length} of ${withAv.filter(([, x]) => x.sla != null).length}`);
  assert.equal((await fig("ale")).trim(), money(ops.total_ale, currency));
  const rows = await table(s, "#ops-availability");
  assert.deepEqual(Object.keys(rows).sort(), withAv.map(([id]) => id).sort(), "a row per service with availability figures");
  for (const [id, x] of withAv) {
    assert.equal(rows[id].availability, availabilityText(x.availability), `${id} end to end`);
    assert.equal(rows[id].own_availability, availabilityText(x.own_availability), `${id} own`);
    assert.equal(rows[id].sla_breach, x.sla == null ? "no SLA" : x.sla_breach ? "Below SLA" : "Meets SLA", `${id} status`);
  }
  // The chain opens on the worst breach and names its weakest dependency.
  const worst = breaches.sort((a, b) => a[1].availability - b[1].availability)[0][0];
  await s.waitFor(`#ops-chain g.chain-box.breach[data-id="${worst}"]`);
  const chain = await s.page.evaluate(() => Object.fromEntries([...document.querySelectorAll("#ops-chain g.chain-box")].map((g) => [g.dataset.id, g.dataset.availability])));
  for (const [id, a] of Object.entries(chain)) assert.equal(a === "" ? null : Number(a), ops.nodes[id]?.availability ?? null, `${id} in the chain`);
  assert.ok(Object.keys(chain).length > 1, "the chain shows the breach's dependencies");
  const sec = await table(s, "#ops-security");
  for (const [id, x] of nodes.filter(([, x]) => x.ale != null)) assert.equal(sec[id].ale, money(x.ale, currency), `${id} ALE`);
  await s.screenshot("operations");
}

/** People: truck factor, key people and every matrix row's urgency and cells as `aligngraph people` and the demo's edges. */
export async function peopleView(s) {
  const ppl = cli(["people", "--demo"]);
  const model = JSON.parse(execFileSync(BIN, ["demo"], { encoding: "utf8", maxBuffer: 64 << 20 }));
  const names = new Map(model.nodes.map((n) => [n.id, n.name ?? n.id]));
  await s.waitForKpis();
  await s.openView("people");
  await s.waitFor("#view-people #people-matrix tbody tr[data-id]");
  assert.equal((await s.text('#people-totals [data-figure="truck"] dd')).trim(), String(ppl.truck_factor));
  assert.equal((await s.text('#people-totals [data-figure="key"] dd.note')).trim(), ppl.key_people.map((id) => names.get(id)).join(", "));
  const shown = await s.page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll("#people-matrix tbody tr[data-id]")].map((tr) => [
        tr.dataset.id,
        { urgency: tr.querySelector('td[data-col="urgency"]').textContent, points: tr.querySelector('td[data-col="skill_points"]').textContent, cells: Object.fromEntries([...tr.querySelectorAll("td[data-person]")].filter((td) => td.dataset.proficiency).map((td) => [td.dataset.person, td.dataset.proficiency])) },
      ]),
    ),
  );
  assert.deepEqual(Object.keys(shown).sort(), Object.keys(ppl.nodes).sort(), "a row per supported node");
  for (const [id, x] of Object.entries(ppl.nodes)) {
    assert.equal(shown[id].urgency, String(x.urgency), `${id} urgency`);
    assert.equal(shown[id].points, String(x.skill_points), `${id} skill points`);
  }
  const person = new Set(model.nodes.filter((n) => n.kind === "person").map((n) => n.id));
  for (const e of model.edges.filter((e) => e.kind === "supports" && person.has(e.from) && e.proficiency)) {
    assert.equal(shown[e.to]?.cells[e.from], e.proficiency, `${e.from} -> ${e.to}`);
  }
  const key = await s.page.evaluate(() => [...document.querySelectorAll("#people-matrix th.key-person")].map((th) => th.dataset.person));
  assert.deepEqual(key, ppl.key_people, "the key people's columns are marked");
  await s.screenshot("people");
}

/** Threats: every heatmap cell as `aligngraph threats`, a click lists the CLI's paths, and the earned-value table as `aligngraph earned-value`. */
export async function threatsView(s) {
  const th = cli(["threats", "--demo", "--as-of", today()]);
  const ev = cli(["earned-value", "--demo"]).initiatives;
  const currency = cli(["score", "--demo"]).model.currency;
  await s.waitForKpis();
  await s.openView("threats");
  await s.waitFor("#view-threats #threat-map g.threat-cell");
  const cells = await s.page.evaluate(() => [...document.querySelectorAll("#threat-map g.threat-cell")].map((g) => ({ goal: g.dataset.goal, kind: g.dataset.kind, share: Number(g.dataset.share), text: g.querySelector("text")?.textContent })));
  assert.ok(cells.length >= th.kinds.length, "cells drawn");
  for (const c of cells) {
    const want = th.goals[c.goal]?.threats?.[c.kind]?.share ?? 0;
    assert.equal(c.share, want, `${c.goal} x ${c.kind}`);
    assert.equal(c.text, want > 0 ? share(want) : "–", `${c.goal} x ${c.kind} text`);
  }
  for (const k of th.kinds) assert.equal((await s.text(`#threat-totals [data-figure="${k}"] dd`)).trim(), share(th.totals[k]), `total ${k}`);
  // A click on the key-people cell of the goal it threatens lists the CLI's paths.
  const [goal, t] = Object.entries(th.goals).find(([, g]) => g.threats.key_people) ?? Object.entries(th.goals).find(([, g]) => Object.keys(g.threats).length);
  const kind = t.threats.key_people ? "key_people" : Object.keys(t.threats)[0];
  await s.page.evaluate(([g, k]) => document.querySelector(`#threat-map g.threat-cell[data-goal="${g}"][data-kind="${k}"]`).dispatchEvent(new MouseEvent("click", { bubbles: true })), [goal, kind]);
  await s.driver.waitForFunction(([g, k]) => document.querySelector("#threat-paths")?.dataset.goal === g && document.querySelector("#threat-paths").dataset.kind === k, [goal, kind]);
  const listed = await s.page.evaluate(() => [...document.querySelectorAll("#threat-paths li[data-node]")].map((li) => li.dataset.node));
  assert.deepEqual(listed, t.threats[kind].paths.map((p) => p.node), "the paths of the chosen cell");
  assert.match(await s.text("#threat-headline"), new RegExp(`${share(t.threats[kind].share).replace(".", "\\.")} of its reach is at risk`));
  const rows = await table(s, "#ev-table");
  assert.deepEqual(Object.keys(rows).sort(), Object.keys(ev).sort(), "a row per initiative with earned value");
  for (const [id, x] of Object.entries(ev)) {
    assert.equal(rows[id].spi, x.spi == null ? "–" : String(Math.round(x.spi * 100) / 100), `${id} SPI`);
    assert.equal(rows[id].eac, x.eac == null ? "–" : money(x.eac, currency), `${id} EAC`);
  }
  await s.screenshot("threats");
}

/** Bad availability, proficiency and asset value: each view lists the engine's diagnostic with its node, and nothing breaks. */
export async function badRiskFields(s) {
  const file = fixture("bad-risk-fields.json");
  await s.waitForKpis();
  await s.setFiles("input#import-file", file);
  await s.waitForText("#model-name", "Bad risk fields");
  await s.openView("operations");
  await s.waitForText("#ops-diagnostics", /availability/);
  const ops = await s.text("#ops-diagnostics");
  assert.match(ops, /Order service: .*availability.*1\.5/, "the bad availability names its node and value");
  assert.match(ops, /Shop: .*asset_value/, "the negative asset value names its node");
  await s.openView("people");
  await s.waitForText("#people-diagnostics", /proficiency/);
  assert.match(await s.text("#people-diagnostics"), /proficiency must be one of teach, create, tweak, run, not "expert"/);
  await s.screenshot("risk-lens-errors");
}
