// Editing in the page, as a person edits: the detail panel's form and relationships, Delete with its
// confirmation, Add node, Undo and Redo (buttons and keys), autosave and reload, and the exported
// edited model, each compared with the CLI (`aligngraph score`, `bundle`) on the same model edited
// by the test itself.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BIN, cli, demoModel, expectedKpiTexts, money, SINGLE, tempDir } from "./helpers.mjs";

const INI = "ini-s4hana";
const NAME = "SAP S/4HANA migration";
const NEW_COST = 4000000;
const EDGE = { to: "cap-accounting", kind: "supports", weight: 0.9 };

/** The CLI's KPI texts of a model (an object, written to a temp file). */
function cliKpis(model) {
  const dir = tempDir("edit");
  const file = path.join(dir, "model.json");
  writeFileSync(file, JSON.stringify(model));
  try {
    return expectedKpiTexts(cli(["score", file]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The demo with the cost of INI and the weight of its edge to EDGE.to changed, as the form does it. */
function editedDemo() {
  const m = demoModel();
  m.nodes.find((n) => n.id === INI).cost = NEW_COST;
  m.edges.find((e) => e.from === INI && e.to === EDGE.to && e.kind === EDGE.kind).weight = EDGE.weight;
  return m;
}

async function expectKpis(s, want, what) {
  await s.waitForKpis();
  try {
    await s.driver.waitForFunction(
      (want) => Object.entries(want).every(([k, v]) => document.querySelector(`#view-overview .kpi[data-kpi="${k}"] .kpi-value`)?.textContent.trim() === v),
      want,
      8_000,
    );
  } catch {
    /* the assertion shows the difference */
  }
  assert.deepEqual(await s.kpiValues("#view-overview"), want, what);
}

/** Types `text` into an input as a person would (what was there selected and replaced). */
async function typeInto(s, selector, text) {
  await s.waitFor(selector);
  await s.page.evaluate((sel) => {
    const el = document.querySelector(sel);
    el.scrollIntoView({ block: "center" });
    el.focus();
    el.select?.();
  }, selector);
  await s.driver.press("Backspace");
  await s.page.keyboard.type(String(text));
}

/** A key with modifiers held (both drivers: keyboard.down, press, up). */
async function chord(s, mods, key) {
  for (const m of mods) await s.page.keyboard.down(m);
  await s.page.keyboard.press(key);
  for (const m of [...mods].reverse()) await s.page.keyboard.up(m);
}

const enabled = (s, selector) =>
  s.driver.waitForFunction((sel) => {
    const b = document.querySelector(sel);
    return b && !b.disabled;
  }, selector);

/** Selects a node in the strategy graph and opens its edit form. */
async function openEditForm(s, id = INI, name = NAME) {
  await s.openView("graph");
  await s.clickGraphNode(id);
  await s.waitForText("#detail h2", name);
  await s.click("#detail-edit");
  await s.waitFor("#detail-edit-form #edit-name");
}

/** The working model's JSON: the Export menu's download (Chromium), else the engine's own text. */
async function exportedModel(s) {
  const text =
    s.browserName === "chromium"
      ? (await s.exportDownload("export-model-json")).bytes.toString("utf8")
      : await s.page.evaluate(() => window.aligngraph.engine.modelJson());
  return text;
}

/** Edits a cost in the form and a contribution weight in the relationships list; the KPIs, the export and `bundle` agree with the CLI. */
export async function editCostAndWeight(s) {
  const base = expectedKpiTexts(cli(["score", "--demo"]));
  const want = cliKpis(editedDemo());
  assert.notEqual(want.total_exposure, base.total_exposure, "the cost should move the exposure (oracle)");
  await s.waitForKpis();
  await openEditForm(s);
  await typeInto(s, "#edit-cost", NEW_COST);
  await enabled(s, "#edit-save");
  await s.screenshot("edit-form");
  await s.click("#edit-save");
  await s.driver.waitForFunction(() => !document.querySelector("#detail-edit-form"));
  await s.waitForText("#undo-button[title]", /.*/);
  const title = await s.page.evaluate(() => document.querySelector("#undo-button").title);
  assert.equal(title, `Undo: cost of ${"SAP S/4HANA migration"} 2500000 → ${NEW_COST} (Ctrl+Z)`);
  // The relationship's weight, in the list under the form.
  const li = `#detail-edges li[data-other="${EDGE.to}"][data-kind="${EDGE.kind}"]`;
  await typeInto(s, `${li} input.edge-weight`, EDGE.weight);
  await enabled(s, `${li} button.edge-save`);
  await s.click(`${li} button.edge-save`);
  await s.driver.waitForFunction(() => /^Undo: weight of /.test(document.querySelector("#undo-button").title));
  await s.openView("overview");
  await expectKpis(s, want, "KPIs after the cost and weight edits");
  // The exported model is the test's own edit of the demo, and the CLI scores it as the tiles say.
  const text = await exportedModel(s);
  const exported = JSON.parse(text);
  const mine = editedDemo();
  assert.deepEqual(exported.nodes, mine.nodes, "the exported nodes");
  assert.deepEqual(exported.edges, mine.edges, "the exported edges");
  assert.deepEqual(cliKpis(exported), await s.kpiValues("#view-overview"), "the CLI's KPIs of the exported model");
  // `aligngraph bundle` publishes the edited model.
  const dir = tempDir("edit-bundle");
  try {
    const file = path.join(dir, "edited.json");
    writeFileSync(file, text);
    execFileSync(BIN, ["bundle", file, "--template", SINGLE, "-o", path.join(dir, "edited.html")]);
    const html = readFileSync(path.join(dir, "edited.html"), "utf8");
    assert.match(html, new RegExp(`"cost": ?${NEW_COST}`), "the bundle embeds the edited model");
    if (s.browserName === "chromium") {
      // The report and the exchange XML of the edited model: the CLI's numbers.
      const report = JSON.parse((await s.exportDownload("export-report-json")).bytes.toString("utf8"));
      assert.deepEqual(expectedKpiTexts(report), want, "the exported report's KPIs");
      const xml = (await s.exportDownload("export-exchange")).bytes.toString("utf8");
      writeFileSync(path.join(dir, "edited.xml"), xml);
      // (The exchange format has no currency: the numbers are compared, not their texts.)
      const fromXml = cli(["score", path.join(dir, "edited.xml")]).kpis;
      const fromJson = cli(["score", file]).kpis;
      for (const k of ["alignment_index", "goal_coverage", "unaligned_spend_share", "total_exposure"]) {
        assert.ok(Math.abs(fromXml[k] - fromJson[k]) <= 1e-9 * Math.max(1, Math.abs(fromJson[k])), `the exchange XML export's ${k}: ${fromXml[k]} vs ${fromJson[k]}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // Undo twice (button, then Ctrl+Z outside a text field): the demo's numbers again.
  await s.click("#undo-button");
  await s.driver.waitForFunction(() => /^Undo: cost of /.test(document.querySelector("#undo-button").title));
  await s.click("#tab-overview");
  await chord(s, ["Control"], "z");
  await expectKpis(s, base, "KPIs after undoing both edits");
  await s.driver.waitForFunction(() => document.querySelector("#undo-button").disabled && !document.querySelector("#redo-button").disabled);
  await chord(s, ["Control", "Shift"], "Z");
  await chord(s, ["Control"], "y");
  await expectKpis(s, want, "KPIs after redoing both");
}

/** A bad value gets the loader's message next to its field, and Save stays disabled until it is fixed. */
export async function badValues(s) {
  await s.waitForKpis();
  await openEditForm(s);
  await typeInto(s, "#edit-cost", "12k");
  await s.waitForText("#edit-cost-error", /"cost" must be a number, found the string "12k"/);
  assert.equal(await s.page.evaluate(() => document.querySelector("#edit-cost").getAttribute("aria-invalid")), "true");
  assert.equal(await s.page.evaluate(() => document.querySelector("#edit-save").disabled), true, "Save is disabled while a value is wrong");
  await typeInto(s, "#edit-risk", "1.5");
  await s.waitForText("#edit-risk-error", /"risk" is 1\.5; it must be between 0 and 1/);
  await typeInto(s, "#edit-estimate-likely", "200");
  await s.waitForText("#edit-estimate-error", /optimistic <= likely <= pessimistic/);
  await s.screenshot("edit-errors");
  await typeInto(s, "#edit-cost", "12000");
  await typeInto(s, "#edit-risk", "0.5");
  await typeInto(s, "#edit-estimate-likely", "70");
  await s.driver.waitForFunction(() => !document.querySelector("#edit-cost-error").textContent && !document.querySelector("#edit-risk-error").textContent);
  await enabled(s, "#edit-save");
  // A relationship to a node that does not exist, and a weight out of range.
  await s.click("#edit-cancel");
  await s.driver.waitForFunction(() => !document.querySelector("#detail-edit-form") && document.querySelector("#detail-edges li"));
  await typeInto(s, "#add-edge-other", "cap-acounting");
  await s.waitForText("#add-edge-error", /does not exist; did you mean "cap-accounting"\?/);
  assert.equal(await s.page.evaluate(() => document.querySelector("#add-edge-save").disabled), true);
  const li = `#detail-edges li[data-other="${EDGE.to}"]`;
  await typeInto(s, `${li} input.edge-weight`, "3");
  await s.driver.waitForFunction((li) => /must be between 0 and 1/.test(document.querySelector(`${li} .field-error`).textContent), li);
  assert.equal(await s.page.evaluate((li) => document.querySelector(`${li} button.edge-save`).disabled, li), true);
  // Add node: an id already in the model.
  await s.click("#add-node-button");
  await typeInto(s, "#add-node-id", INI);
  await s.waitForText("#add-node-id-error", new RegExp(`node id "${INI}" is already used`));
  assert.equal(await s.page.evaluate(() => document.querySelector("#add-node-save").disabled), true);
  await s.click("#add-node-cancel");
  // Nothing was changed.
  assert.equal(await s.page.evaluate(() => document.querySelector("#undo-button").disabled), true);
}

/** Delete with its confirmation; the KPIs are the CLI's without the node; Undo brings the demo's back. */
export async function deleteAndUndo(s) {
  const base = expectedKpiTexts(cli(["score", "--demo"]));
  const m = demoModel();
  m.nodes = m.nodes.filter((n) => n.id !== INI);
  m.edges = m.edges.filter((e) => e.from !== INI && e.to !== INI);
  const without = cliKpis(m);
  assert.notDeepEqual(without, base);
  await s.waitForKpis();
  await s.openView("graph");
  await s.clickGraphNode(INI);
  await s.waitForText("#detail h2", NAME);
  await s.click("#detail-delete");
  await s.waitForText("#confirm-title", `Delete ${NAME}?`);
  await s.click("#confirm-ok");
  await s.openView("overview");
  await expectKpis(s, without, "KPIs without the deleted node");
  await s.waitForText("#undo-button[title]", /.*/);
  assert.equal(await s.page.evaluate(() => document.querySelector("#undo-button").title), `Undo: delete ${NAME} (Ctrl+Z)`);
  await s.click("#undo-button");
  await expectKpis(s, base, "KPIs after undoing the delete");
  const text = await exportedModel(s);
  assert.deepEqual(JSON.parse(text), demoModel(), "the model after undo is the demo exactly");
  await s.click("#redo-button");
  await expectKpis(s, without, "KPIs after redoing the delete");
  await s.screenshot("edit-deleted");
}

/** A what-if toggle is undone and made again like an edit. */
export async function whatIfUndoRedo(s) {
  const base = expectedKpiTexts(cli(["score", "--demo"]));
  const m = demoModel();
  m.nodes.find((n) => n.id === INI).status = "cancelled";
  const off = cliKpis(m);
  await s.waitForKpis();
  await s.openView("whatif");
  await s.click(`#view-whatif input[type="checkbox"][data-initiative="${INI}"]`);
  await s.openView("overview");
  await expectKpis(s, off, "KPIs with the initiative switched off");
  assert.equal(await s.page.evaluate(() => document.querySelector("#undo-button").title), `Undo: switch ${NAME} off (what-if) (Ctrl+Z)`);
  await s.click("#undo-button");
  await expectKpis(s, base, "KPIs after undoing the toggle");
  await s.click("#redo-button");
  await expectKpis(s, off, "KPIs after redoing the toggle");
  await s.openView("whatif");
  assert.equal(await s.page.evaluate((id) => document.querySelector(`#view-whatif input[data-initiative="${id}"]`).checked, INI), false);
}

/** An edit is autosaved: a reload shows the edited model (on file://, once kept in the browser). */
export async function reloadKeepsEdit(s) {
  const m = demoModel();
  m.nodes.find((n) => n.id === INI).cost = NEW_COST;
  const want = cliKpis(m);
  await s.waitForKpis();
  await s.keepWorkIfFile();
  await openEditForm(s);
  await typeInto(s, "#edit-cost", NEW_COST);
  await enabled(s, "#edit-save");
  await s.click("#edit-save");
  await s.openView("overview");
  await expectKpis(s, want, "KPIs after the edit");
  await new Promise((r) => setTimeout(r, 1000)); // autosave is asynchronous
  await s.reload();
  await expectKpis(s, want, "KPIs after a reload");
  const text = await s.page.evaluate(() => window.aligngraph?.engine?.modelJson?.() ?? null);
  if (text != null) assert.equal(JSON.parse(text).nodes.find((n) => n.id === "ini-s4hana").cost, NEW_COST);
}

/** Add node, then a relationship to a goal: the KPIs are the CLI's of the model with both. */
export async function addNodeAndRelationship(s) {
  const m = demoModel();
  m.nodes.push({ id: "ini-new", kind: "initiative", name: "New portal" });
  m.edges.push({ from: "ini-new", to: "g-revenue-growth", kind: "contributes", weight: 0.5 });
  const want = cliKpis(m);
  await s.waitForKpis();
  await s.click("#add-node-button");
  await typeInto(s, "#add-node-id", "ini-new");
  await typeInto(s, "#add-node-name", "New portal");
  await enabled(s, "#add-node-save");
  await s.click("#add-node-save");
  await s.waitForText("#detail h2", "New portal");
  await s.waitFor("#detail-edit-form");
  await s.click("#edit-cancel");
  await s.driver.waitForFunction(() => !document.querySelector("#detail-edit-form") && document.querySelector("#detail-add-edge #add-edge-kind"));
  await s.page.evaluate(() => {
    const k = document.querySelector("#add-edge-kind");
    k.value = "contributes";
    k.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await typeInto(s, "#add-edge-other", "g-revenue-growth");
  await typeInto(s, "#add-edge-weight", "0.5");
  await enabled(s, "#add-edge-save");
  await s.click("#add-edge-save");
  await s.waitFor('#detail-edges li[data-other="g-revenue-growth"]');
  await s.openView("overview");
  await expectKpis(s, want, "KPIs with the added node and relationship");
  const exported = JSON.parse(await exportedModel(s));
  assert.deepEqual(exported.nodes.at(-1), m.nodes.at(-1));
  assert.deepEqual(exported.edges.at(-1), m.edges.at(-1));
}

/** A read-only bundle: no Edit, Delete or Add node; Undo and Redo still step through what-if switches. */
export async function readOnly(s) {
  const base = expectedKpiTexts(cli(["score", "--demo"]));
  await s.waitForKpis();
  assert.equal(await s.page.evaluate(() => document.querySelector("#add-node-button").hidden), true, "Add node is hidden");
  await s.openView("graph");
  await s.clickGraphNode(INI);
  await s.waitForText("#detail h2", NAME);
  await s.waitFor("#detail .blast-radius");
  assert.equal(await s.page.evaluate(() => document.querySelector("#detail-edit, #detail-delete, #detail-edges, #detail-add-edge")), null, "no edit controls in the details");
  await s.openView("whatif");
  await s.click(`#view-whatif input[type="checkbox"][data-initiative="${INI}"]`);
  await s.driver.waitForFunction(() => !document.querySelector("#undo-button").disabled);
  await s.click("#undo-button");
  await s.openView("overview");
  await expectKpis(s, base, "KPIs after undoing the what-if switch in a read-only dashboard");
}

/** The demo bundled read-only (`aligngraph bundle --readonly`) into a temp file: its file:// URL. */
export function readOnlyBundle() {
  const dir = tempDir("edit-readonly");
  const out = path.join(dir, "readonly.html");
  const model = path.join(dir, "demo.json");
  execFileSync(BIN, ["demo", "-o", model]);
  execFileSync(BIN, ["bundle", model, "--template", SINGLE, "--readonly", "-o", out]);
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return out;
}

/** The lens fields in the form: bad cash flows and a bad date get the lenses' messages; saved cash flows give the CLI's NPV in the Money view. */
export async function editLensFields(s) {
  const flows = [-1000000, 300000, 500000, 700000];
  const m = demoModel();
  m.nodes.find((n) => n.id === INI).cashflows = flows;
  const dir = tempDir("edit-lens");
  const file = path.join(dir, "model.json");
  writeFileSync(file, JSON.stringify(m));
  let want;
  try {
    want = cli(["finance", file]).initiatives[INI];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await s.waitForKpis();
  await openEditForm(s);
  await typeInto(s, "#edit-cashflows", "-1000000; sixty");
  await s.waitForText("#edit-cashflows-error", /cashflows must be a non-empty array of numbers/);
  assert.equal(await s.page.evaluate(() => document.querySelector("#edit-save").disabled), true, "Save is disabled while the cash flows are wrong");
  await typeInto(s, "#edit-cashflows", flows.join("; "));
  await s.driver.waitForFunction(() => !document.querySelector("#edit-cashflows-error").textContent);
  await enabled(s, "#edit-save");
  await s.click("#edit-save");
  await s.driver.waitForFunction(() => !document.querySelector("#detail-edit-form"));
  await s.openView("money");
  await s.driver.waitForFunction(
    ([id, text]) => document.querySelector(`#money-initiatives tr[data-id="${id}"] td[data-col="npv"]`)?.textContent.trim() === text,
    [INI, money(want.npv, demoModel().currency ?? "EUR")],
  );
  // A date that is not a date, on an application.
  const app = m.nodes.find((n) => n.kind === "application");
  await openEditForm(s, app.id, app.name);
  await typeInto(s, "#edit-end_of_life", "soon");
  await s.waitForText("#edit-end_of_life-error", /end_of_life must be a date YYYY-MM-DD, not "soon"/);
  assert.equal(await s.page.evaluate(() => document.querySelector("#edit-save").disabled), true);
  await typeInto(s, "#edit-end_of_life", "2029-12-31");
  await s.driver.waitForFunction(() => !document.querySelector("#edit-end_of_life-error").textContent);
  await enabled(s, "#edit-save");
  await s.screenshot("edit-lens-fields");
}
