// The single file (dist/aligngraph.html from file://) in headless Firefox ESR, driven by
// puppeteer-core over WebDriver BiDi.

import { rmSync } from "node:fs";
import path from "node:path";
import { buildPage } from "../../scripts/build-page.mjs";
import { fileUrl, launchFirefox, SINGLE, tempDir } from "./helpers.mjs";
import * as sc from "./scenarios.mjs";
import { browserSuite } from "./suite.mjs";

browserSuite(
  {
    title: "single file (dist/aligngraph.html) in Firefox",
    launch: launchFirefox,
    label: "single",
    needs: { single: true, browser: "firefox" },
    async prepare() {
      const dir = tempDir("single-xss-ff");
      const xssFile = path.join(dir, "aligngraph-xss.html");
      await buildPage({ web: false, single: true, model: sc.XSS.file, out: xssFile });
      return {
        url: fileUrl(SINGLE),
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
    it("markup in an embedded model is shown as text and never runs", (s) => sc.xss(s, { embedded: true }), {
      url: () => env().xssUrl,
      allowed: () => [env().xssUrl],
      label: "single-xss",
    });
  },
);
