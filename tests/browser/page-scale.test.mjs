// A 100,000-node model in the page (the single file from file://), in headless Chromium and Firefox
// ESR: read off the main thread with progress and Cancel, scored like the CLI, a what-if toggle.
//
//   node --test --test-concurrency=1 tests/browser/page-scale.test.mjs

import { launchChromium, launchFirefox } from "./helpers.mjs";
import * as sc from "./page-scale-scenarios.mjs";
import { browserSuite, singleFilePage } from "./suite.mjs";

for (const [browserName, browser, launch] of [
  ["Chromium", "chromium", launchChromium],
  ["Firefox", "firefox", launchFirefox],
]) {
  let model = null;
  const env = () => (model ??= sc.generated());
  browserSuite(
    {
      title: `a 100,000-node model in the single file in ${browserName}`,
      launch,
      label: "single-page-scale",
      needs: { single: true, browser },
      prepare: singleFilePage,
    },
    (it) => {
      it("the model is read off the main thread: a click is answered meanwhile; then the CLI's KPIs and a what-if toggle", (s) => sc.largeModelLoadsOffTheMainThread(s, env));
      it("Cancel stops reading it: the model shown stays", (s) => sc.cancelKeepsTheModel(s, env));
    },
  );
  process.on("exit", () => model?.cleanup());
}
