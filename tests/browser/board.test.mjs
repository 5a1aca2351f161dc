// The overview's board summary (scenarios-board.mjs) in headless Chromium and Firefox, on the single
// file (dist/aligngraph.html from file://): status colours and rules against `aligngraph score`,
// "Compare with an earlier file…" against `aligngraph diff`, the top risks and decisions pending,
// the snapshot kept over a reload, a broken earlier file refused with its place.
//
//   node --test --test-concurrency=1 tests/browser/board.test.mjs

import { rmSync } from "node:fs";
import path from "node:path";
import { launchChromium, launchFirefox, tempDir } from "./helpers.mjs";
import * as sc from "./scenarios-board.mjs";
import { browserSuite, singleFilePage } from "./suite.mjs";

const BROWSERS = [
  { browserName: "Chromium", browser: "chromium", launch: launchChromium },
  { browserName: "Firefox", browser: "firefox", launch: launchFirefox },
];

for (const { browserName, browser, launch } of BROWSERS) {
  const dir = tempDir("board-suite");
  const earlier = sc.earlierDemo(dir);
  browserSuite(
    {
      title: `board summary: the single file in ${browserName}`,
      launch,
      label: "board",
      needs: { single: true, browser },
      async prepare() {
        const env = await singleFilePage();
        return { ...env, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
      },
    },
    (it) => {
      it("status colours and rules on the tiles and the board equal aligngraph score's status", sc.statusEqualsCli);
      it("the top risks and decisions pending follow the documented rules", sc.risksAndDecisionsFollowTheRules);
      it("Compare with an earlier file shows aligngraph diff's numbers and reasons", (s) => sc.compareEqualsCliDiff(s, earlier));
      it("the snapshot and its comparison survive a reload", (s) => sc.snapshotSurvivesReload(s, earlier), { timeout: 120_000 });
      it("a broken earlier file is refused with its place and takes no snapshot", sc.brokenSnapshotIsRefused);
    },
  );
}
void path;
