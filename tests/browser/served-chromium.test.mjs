// The served page (dist/web over http://127.0.0.1, scripts/serve.mjs) in headless Chromium.

import { serve } from "../../scripts/serve.mjs";
import { DIST_WEB, launchChromium } from "./helpers.mjs";
import * as sc from "./scenarios.mjs";
import { browserSuite } from "./suite.mjs";

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
    it("demo KPI tiles show what the CLI computes", sc.demoKpis);
    it("every view renders (screenshots)", sc.allViews);
    it("clicking a graph node explains it like the CLI", sc.graphDetail);
    it("what-if toggle changes the KPIs and un-toggling restores them", sc.whatIf);
    it("an imported file is scored like the CLI and survives a reload", sc.importAndReload);
    it("an import with errors shows them with their place and keeps the model", sc.importErrors);
    it("markup in an imported model is shown as text and never runs", (s) => sc.xss(s));
    it("exports (model, report, CSV, SVG, PNG) work under the CSP and match the CLI", sc.exportsDemo);
    it("the SVG export keeps markup from names as text", sc.exportsXss);
  },
);
