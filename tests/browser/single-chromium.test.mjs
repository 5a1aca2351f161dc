// The single file (dist/aligngraph.html from file://) in headless Chromium.

import { rmSync } from "node:fs";
import path from "node:path";
import { buildPage } from "../../scripts/build-page.mjs";
import { fileUrl, launchChromium, SINGLE, tempDir } from "./helpers.mjs";
import * as sc from "./scenarios.mjs";
import { browserSuite } from "./suite.mjs";

browserSuite(
  {
    title: "single file (dist/aligngraph.html) in Chromium",
    launch: launchChromium,
    label: "single",
    needs: { single: true, browser: "chromium" },
    async prepare() {
      // A copy with the XSS model embedded (build-page --model), in a temp dir.
      const dir = tempDir("single-xss");
      const xssFile = path.join(dir, "aligngraph-xss.html");
      await buildPage({ web: false, single: true, model: sc.XSS.file, out: xssFile });
      return {
        url: fileUrl(SINGLE),
        // Zero requests besides the file:// document itself.
        allowed: [fileUrl(SINGLE)],
        xssUrl: fileUrl(xssFile),
        cleanup: () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  (it, env) => {
    it("its CSP forbids every connection and allows scripts only by hash", sc.singleFileCsp);
    it("demo KPI tiles show what the CLI computes", sc.demoKpis);
    it("every view renders (screenshots)", sc.allViews);
    it("clicking a graph node explains it like the CLI", sc.graphDetail);
    it("what-if toggle changes the KPIs and un-toggling restores them", sc.whatIf);
    it("an imported file is scored like the CLI and survives a reload", sc.importAndReload);
    it("an import with errors shows them with their place and keeps the model", sc.importErrors);
    it("exports (model, report, CSV, SVG, PNG) work under the CSP and match the CLI", sc.exportsDemo);
    it("the SVG export keeps markup from names as text", sc.exportsXss);
    it("markup in an embedded model is shown as text and never runs", (s) => sc.xss(s, { embedded: true }), {
      url: () => env().xssUrl,
      allowed: () => [env().xssUrl],
      label: "single-xss",
    });
  },
);
