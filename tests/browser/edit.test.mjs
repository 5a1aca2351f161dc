// Editing in the page with undo and redo (scenarios-edit.mjs): the single file (dist/aligngraph.html
// from file://) in headless Chromium and Firefox, and the served page (dist/web) in Chromium for the
// reload, each against the CLI's numbers. Screenshots: target/screenshots/<browser>-<label>-edit-*.png.
//
//   node --test --test-concurrency=1 tests/browser/edit.test.mjs

import { fileUrl, launchChromium, launchFirefox } from "./helpers.mjs";
import * as sc from "./scenarios-edit.mjs";
import { browserSuite, servedChromiumSuite, singleFilePage } from "./suite.mjs";

for (const [name, browser, launch] of [
  ["Chromium", "chromium", launchChromium],
  ["Firefox", "firefox", launchFirefox],
]) {
  browserSuite(
    {
      title: `editing with undo, single file (dist/aligngraph.html) in ${name}`,
      launch,
      label: "single-edit",
      needs: { single: true, browser },
      prepare: singleFilePage,
    },
    (it) => {
      it("a cost and a relationship's weight edited in the form: the CLI's KPIs, export and bundle; undo and redo", sc.editCostAndWeight);
      it("bad values get the loader's message at their field and Save stays disabled", sc.badValues);
      it("lens fields: bad cash flows and dates refused at their field; saved cash flows give the CLI's NPV", sc.editLensFields);
      it("a deleted node and its undo: the CLI's KPIs of the model without it, then the demo's", sc.deleteAndUndo);
      it("a what-if toggle undone and redone", sc.whatIfUndoRedo);
      it("an added node and relationship score as the CLI scores them", sc.addNodeAndRelationship);
      it("a reload keeps the edit (after opting in on file://)", sc.reloadKeepsEdit);
      let readonly = null;
      const url = () => fileUrl((readonly ??= sc.readOnlyBundle()));
      it("a read-only bundle hides the edit controls and undoes what-if", sc.readOnly, { url, allowed: () => [url()] });
    },
  );
}

servedChromiumSuite({ title: "editing with undo, served page (dist/web) in Chromium", label: "served-edit" }, (it) => {
  it("a reload keeps the edit", sc.reloadKeepsEdit);
});
