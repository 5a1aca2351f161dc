// The lens views (capabilities, applications, money) in the single file (dist/aligngraph.html from
// file://), Chromium and Firefox ESR, against the CLI's lens commands.
//
//   node --test --test-concurrency=1 tests/browser/lenses.test.mjs

import { launchChromium, launchFirefox } from "./helpers.mjs";
import * as sc from "./scenarios-lenses.mjs";
import { browserSuite, singleFilePage } from "./suite.mjs";

for (const [browserName, browser, launch] of [
  ["Chromium", "chromium", launchChromium],
  ["Firefox", "firefox", launchFirefox],
]) {
  browserSuite(
    {
      title: `lens views, single file (dist/aligngraph.html) in ${browserName}`,
      launch,
      label: "single-lenses",
      needs: { single: true, browser },
      prepare: singleFilePage,
    },
    (it) => {
      it("Capabilities: every box and row shows the CLI's figures; the metric picker recolours; a click selects", sc.capabilitiesView);
      it("Applications: TIME classes, counts, mismatches, completeness and lifecycle figures as the CLI's", sc.applicationsView);
      it("Money: totals, spend against goal weight, the misallocation in words, NPV, IRR and payback as the CLI's", sc.moneyView);
      it("Portfolio shows NPV, IRR and payback; Budget maximises NPV as `aligngraph optimize --value npv`", sc.portfolioReturnsAndBudgetNpv);
      it("Operations: availability against SLA, the chain of the worst breach and security exposure as `aligngraph operations`", sc.operationsView);
      it("People: truck factor, key people and the skills matrix as `aligngraph people`", sc.peopleView);
      it("Threats: the goals x threats heatmap and a cell's paths as `aligngraph threats`; earned value as `aligngraph earned-value`", sc.threatsView);
      it("bad availability, asset value and proficiency are listed with their nodes", sc.badRiskFields);
      it("a model without lens fields shows each view's empty state naming the fields to add", sc.emptyLenses);
    },
  );
}
