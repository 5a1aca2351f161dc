// Accessibility: an axe-core scan of every view of the single file (dist/aligngraph.html from
// file://) in headless Chromium, light and dark theme; any serious or critical violation fails
// (scenarios-a11y.mjs). AXE_REPORT=1 prints the counts of every finding, minor ones included.
//
//   node --test tests/browser/a11y.test.mjs

import { launchChromium } from "./helpers.mjs";
import * as sc from "./scenarios-a11y.mjs";
import { browserSuite, singleFilePage } from "./suite.mjs";

browserSuite(
  {
    title: "accessibility (axe-core), single file (dist/aligngraph.html) in Chromium",
    launch: launchChromium,
    label: "single-a11y",
    needs: { single: true, browser: "chromium" },
    prepare: singleFilePage,
  },
  (it) => {
    it("every view, light and dark, has no serious or critical axe violation", sc.everyViewAccessible);
  },
);
