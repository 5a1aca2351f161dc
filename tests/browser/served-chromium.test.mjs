// The served page (dist/web over http://127.0.0.1, scripts/serve.mjs) in headless Chromium.

import { serve } from "../../scripts/serve.mjs";
import { DIST_WEB, launchChromium } from "./helpers.mjs";
import * as sc from "./scenarios.mjs";
import { browserSuite, commonScenarios, exportScenarios } from "./suite.mjs";

browserSuite(
  {
    title: "served page (dist/web) in Chromium",
    launch: launchChromium,
    label: "served",
    needs: { web: true, browser: "chromium" },
    async prepare() {
      const server = await serve({ root: DIST_WEB, port: 0 });
      const base = server.url;
      return {
        url: base,
        // The document, its bundle and stylesheet, and the engine it fetches: nothing else.
        allowed: [base, `${base}index.html`, `${base}app.js`, `${base}app.css`, `${base}aligngraph_bg.wasm`],
        cleanup: () => server.stop(),
      };
    },
  },
  (it) => {
    commonScenarios(it);
    it("markup in an imported model is shown as text and never runs", (s) => sc.xss(s));
    exportScenarios(it);
  },
);
