// The strategy graph at scale, in the single file (dist/aligngraph.html from file://) in headless
// Chromium and Firefox ESR: 20,000 generated nodes drawn as groups that expand, collapse and keep
// their state, and real ArchiMate models drawn with names at the default zoom.
//
//   node --test --test-concurrency=1 tests/browser/graph-scale.test.mjs

import { launchChromium, launchFirefox } from "./helpers.mjs";
import * as sc from "./graph-scale-scenarios.mjs";
import { browserSuite, singleFilePage } from "./suite.mjs";

for (const [browserName, browser, launch] of [
  ["Chromium", "chromium", launchChromium],
  ["Firefox", "firefox", launchFirefox],
]) {
  browserSuite(
    {
      title: `strategy graph at scale, single file in ${browserName}`,
      launch,
      label: "single-graph-scale",
      needs: { single: true, browser },
      prepare: singleFilePage,
    },
    (it) => {
      it("20,000 nodes: groups, not a hairball; a group expands, its node opens the detail panel, the state survives a re-score", sc.aggregatedGroups);
      it("the largest real ArchiMate model (1,433 nodes, SVG) shows names at the default zoom, none overlapping", sc.realModelLabels);
      it("the real model twice (2,866 nodes, canvas) shows names at the default zoom", sc.realModelTwiceLabels);
    },
  );
}
