// The Matrix view's table (scenarios-matrix.mjs), the single file in Chromium and Firefox.
//
//   node --test --test-concurrency=1 tests/browser/matrix.test.mjs

import { launchChromium, launchFirefox } from "./helpers.mjs";
import * as sc from "./scenarios-matrix.mjs";
import { browserSuite, singleFilePage } from "./suite.mjs";

for (const [browserName, browser, launch] of [
  ["Chromium", "chromium", launchChromium],
  ["Firefox", "firefox", launchFirefox],
]) {
  browserSuite(
    {
      title: `matrix view, single file (dist/aligngraph.html) in ${browserName}`,
      launch,
      label: "single-matrix",
      needs: { single: true, browser },
      prepare: singleFilePage,
    },
    (it) => {
      it("the table beside a small matrix for screen readers; a large one's made by Show as table; every cell as the CLI's", sc.matrixTable);
    },
  );
}
