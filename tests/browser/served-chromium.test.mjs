// The served page (dist/web over http://127.0.0.1, scripts/serve.mjs) in headless Chromium.

import * as sc from "./scenarios.mjs";
import { commonScenarios, exportScenarios, servedChromiumSuite } from "./suite.mjs";

servedChromiumSuite({ title: "served page (dist/web) in Chromium" }, (it) => {
  commonScenarios(it);
  it("markup in an imported model is shown as text and never runs", (s) => sc.xss(s));
  exportScenarios(it);
});
