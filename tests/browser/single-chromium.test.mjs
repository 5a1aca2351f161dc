// The single file (dist/aligngraph.html from file://) in headless Chromium.

import { launchChromium } from "./helpers.mjs";
import { singleFileSuite } from "./suite.mjs";

singleFileSuite({ browserName: "Chromium", browser: "chromium", launch: launchChromium, tmpTag: "single-xss", exports: true });
