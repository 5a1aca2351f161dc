// Goal weights (AHP), priorities and budget: the served page (dist/web) and the single file
// (dist/aligngraph.html from file://) in headless Chromium, compared with the CLI.
//
//   node --test --test-concurrency=1 tests/browser/decisions-a.test.mjs

import { launchChromium } from "./helpers.mjs";
import * as sc from "./scenarios-decisions-a.mjs";
import { browserSuite, servedChromiumSuite, singleFilePage } from "./suite.mjs";

servedChromiumSuite({ title: "decision views A, served page (dist/web) in Chromium", label: "served-decisions-a" }, (it) => {
  it("goal weights: before any change every goal's weight is the overview's and the report's", sc.weightsStartAtModel);
  it("goal weights: sliders give the CLI's AHP weights and CR; the CR warning names the pair and its fix", sc.weightsMatrix);
  it("goal weights: Apply changes the KPIs to the CLI's on the re-weighted model and survives a reload", sc.weightsApply);
  it("priorities: the table is the CLI's weighted ranking and WSJF; a weight slider re-ranks", sc.priorities);
  it("budget: the slider re-optimises like aligngraph optimize; the frontier and its marker", sc.budget);
  it("a model without goals or costs gets explanations, not errors", sc.emptyModel);
});

browserSuite(
  {
    title: "decision views A, single file (dist/aligngraph.html) in Chromium",
    launch: launchChromium,
    label: "single-decisions-a",
    needs: { single: true, browser: "chromium" },
    prepare: singleFilePage,
  },
  (it) => {
    it("budget: the slider re-optimises like aligngraph optimize (single file)", sc.budget);
    it("goal weights: Apply and reload (single file)", sc.weightsApply);
    it("goal weights: before any change every goal's weight is the overview's and the report's (single file)", sc.weightsStartAtModel);
  },
);

