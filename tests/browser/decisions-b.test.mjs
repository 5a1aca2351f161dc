// The Roadmap, Simulation and Scenarios views (scenarios-decisions-b.mjs) in the served page and the
// single file in Chromium, and the single file in Firefox: what a person sees equals the CLI's
// `schedule`, `simulate` and `scenario`.
//
//   node --test --test-concurrency=1 tests/browser/decisions-b.test.mjs

import { launchChromium, launchFirefox } from "./helpers.mjs";
import * as sc from "./scenarios-decisions-b.mjs";
import { browserSuite, servedChromiumSuite, singleFilePage } from "./suite.mjs";

function scenarios(it) {
  it("Roadmap: critical path, duration and P80 equal aligngraph schedule; a deadline gives its probability", sc.roadmap);
  it("Simulation: P50/P80 equal aligngraph simulate for the same runs and seed; 10,000 runs are quick", sc.simulation);
  it("Simulation: a long run shows progress, Cancel stops it and keeps the previous result, a new run works", sc.simulationCancel);
  it("Scenarios: made in the editor, compared like aligngraph scenario on the exported model, kept on reload, deleted after asking", sc.scenarios);
}

servedChromiumSuite({ title: "decision views B: served page (dist/web) in Chromium" }, scenarios);

for (const [browserName, browser, launch] of [
  ["Chromium", "chromium", launchChromium],
  ["Firefox", "firefox", launchFirefox],
]) {
  browserSuite(
    {
      title: `decision views B: single file (dist/aligngraph.html) in ${browserName}`,
      launch,
      label: "single",
      needs: { single: true, browser },
      prepare: singleFilePage,
    },
    scenarios,
  );
}
