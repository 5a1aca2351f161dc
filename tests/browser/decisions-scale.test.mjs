// The decision views on a generated 20,000-node model (scenarios-decisions-scale.mjs): the served
// page in Chromium and the single file in Firefox.
//
//   node --test --test-concurrency=1 tests/browser/decisions-scale.test.mjs

import { launchFirefox } from "./helpers.mjs";
import * as sc from "./scenarios-decisions-scale.mjs";
import { browserSuite, servedChromiumSuite, singleFilePage } from "./suite.mjs";

function scenarios(it) {
  it("Budget on 20k nodes: a time-boxed portfolio with its proven gap, bracketing the CLI's optimum", sc.budgetLarge);
  it("Budget on 20k nodes: Cancel drops the answer being computed; the next budget is answered", sc.budgetCancel);
  it("Roadmap on 20k nodes: the first rows and the whole critical path, Show more adds rows", sc.roadmapLarge);
  it("Scenarios on 20k nodes: the editor lists 500 initiatives and finds the others by what is typed", sc.scenariosLarge);
}

servedChromiumSuite({ title: "decision views at scale: served page (dist/web) in Chromium", label: "served-decisions-scale" }, scenarios);

browserSuite(
  {
    title: "decision views at scale: single file (dist/aligngraph.html) in Firefox",
    launch: launchFirefox,
    label: "single-decisions-scale",
    needs: { single: true, browser: "firefox" },
    prepare: singleFilePage,
  },
  scenarios,
);
