// The tab bar at 1024 and 800 px wide: every tab on screen, reached by the arrow keys, Diagnostics
// opened by a click; the single file (dist/aligngraph.html from file://) in Chromium and Firefox ESR.
//
//   node --test --test-concurrency=1 tests/browser/tabs-narrow.test.mjs

import { launchChromium, launchFirefox } from "./helpers.mjs";
import * as sc from "./scenarios-tabs.mjs";
import { browserSuite, singleFilePage } from "./suite.mjs";

for (const [browserName, browser, launch] of [
  ["Chromium", "chromium", launchChromium],
  ["Firefox", "firefox", launchFirefox],
]) {
  browserSuite(
    {
      title: `tab bar at narrow widths, single file (dist/aligngraph.html) in ${browserName}`,
      launch,
      label: "single-tabs",
      needs: { single: true, browser },
      prepare: singleFilePage,
    },
    (it) => {
      it("at 1024 and 800 px every tab is on screen, the arrow keys reach each, a click opens Diagnostics", sc.narrowTabs);
    },
  );
}
