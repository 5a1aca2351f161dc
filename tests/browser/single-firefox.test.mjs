// The single file (dist/aligngraph.html from file://) in headless Firefox ESR, driven by
// puppeteer-core over WebDriver BiDi.

import { launchFirefox } from "./helpers.mjs";
import { singleFileSuite } from "./suite.mjs";

singleFileSuite({ browserName: "Firefox", browser: "firefox", launch: launchFirefox, tmpTag: "single-xss-ff", exports: false });
