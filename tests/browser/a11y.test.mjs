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
    // Twelve views and two more states, each scanned in full: longer than the usual per-test limit.
    for (const theme of ["light", "dark"]) {
      it(`every view in the ${theme} theme has no serious or critical axe violation`, (s) => sc.everyViewAccessible(s, [theme]), { timeout: 300_000 });
    }
  },
);
