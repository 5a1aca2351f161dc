// The Roadmap, Simulation and Scenarios views (scenarios-decisions-b.mjs) in the served page and the
// single file in Chromium, and the single file in Firefox: what a person sees equals the CLI's
// `schedule`, `simulate` and `scenario`.
//
//   node --test --test-concurrency=1 tests/browser/decisions-b.test.mjs

import { serve } from "../../scripts/serve.mjs";
import { DIST_WEB, fileUrl, launchChromium, launchFirefox, SINGLE } from "./helpers.mjs";
import * as sc from "./scenarios-decisions-b.mjs";
import { browserSuite } from "./suite.mjs";

function scenarios(it) {
  it("Roadmap: critical path, duration and P80 equal aligngraph schedule; a deadline gives its probability", sc.roadmap);
  it("Simulation: P50/P80 equal aligngraph simulate for the same runs and seed; 10,000 runs are quick", sc.simulation);
  it("Simulation: a long run shows progress, Cancel stops it and keeps the previous result, a new run works", sc.simulationCancel);
  it("Scenarios: made in the editor, compared like aligngraph scenario on the exported model, kept on reload, deleted after asking", sc.scenarios);
}

browserSuite(
  {
    title: "decision views B: served page (dist/web) in Chromium",
    launch: launchChromium,
    label: "served",
    needs: { web: true, browser: "chromium" },
    async prepare() {
      const server = await serve({ root: DIST_WEB, port: 0 });
      const base = server.url;
      return {
        url: base,
        allowed: [base, `${base}index.html`, `${base}app.js`, `${base}app.css`, `${base}aligngraph_bg.wasm`],
        cleanup: () => server.stop(),
      };
    },
  },
  scenarios,
);

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
      async prepare() {
        return { url: fileUrl(SINGLE), allowed: [fileUrl(SINGLE)] };
      },
    },
    scenarios,
  );
}
