// The dashboard embedded in other pages (scenarios-embedding.mjs), in headless Chromium and Firefox:
// two <aligngraph-dashboard> elements on one host page, a hostile host stylesheet, the single file
// in a sandboxed iframe under a CSP header, deep links, the iframe postMessage API, the static
// fallback without JavaScript and `make bundle`.

import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { BIN, fileUrl, launchChromium, launchFirefox, score, SINGLE, tempDir } from "./helpers.mjs";
import * as em from "./scenarios-embedding.mjs";
import { browserSuite } from "./suite.mjs";

const BROWSERS = [
  // Chromium turns scripts off per context; Firefox ESR's WebDriver BiDi has no way to (no
  // emulation.setScriptingEnabled), so its pages without JavaScript get a browser launched so.
  { browserName: "Chromium", browser: "chromium", launch: launchChromium, launchWithoutScript: launchChromium },
  { browserName: "Firefox", browser: "firefox", launch: launchFirefox, launchWithoutScript: () => launchFirefox({ javaScript: false }) },
];

for (const { browserName, browser, launch, launchWithoutScript } of BROWSERS) {
  browserSuite(
    {
      title: `embedding in ${browserName}`,
      launch,
      label: "embed",
      needs: { single: true, web: true, browser },
      async prepare() {
        const env = await em.prepareEmbedding();
        env.url = `${env.host}/two.html`;
        // Every route of the three servers, and the files opened from file://.
        env.allowed = () => [
          ...env.srv.urls(),
          ...[SINGLE, path.join(env.dir, "board.html"), path.join(env.dir, "board-again.html")].map(fileUrl),
        ];
        return env;
      },
    },
    (it, env) => {
      const on = (page) => ({ url: () => env().host + page });
      it("two elements show their own model, theme and events; selection and what-if stay in their own", (s) => em.twoElements(s, env()), on("/two.html"));
      it("a hostile host stylesheet changes nothing inside; the dashboards change nothing outside", (s) => em.hostStylesheet(s, env()), on("/two.html"));
      it("the single file in a sandboxed iframe runs live when its CSP header allows 'wasm-unsafe-eval'", (s) => em.sandboxedLive(s, env()), on("/sandboxed-ok.html"));
      it("the single file in a sandboxed iframe shows the fallback with the CLI's numbers when its CSP forbids Wasm", (s) => em.sandboxedBlocked(s, env()), on("/sandboxed-blocked.html"));
      it("a deep link opens the single file on the matrix, the focused node and the what-if; back walks the history", (s) => em.deepLinkPage(s, env()), {
        url: () => `${fileUrl(SINGLE)}#view=matrix&focus=ini-s4hana&off=ini-data-lakehouse`,
      });
      it("a deep link opens the served page on the matrix, the focused node and the what-if; back walks the history", (s) => em.deepLinkPage(s, env()), {
        url: () => `${env().host}/web/index.html#view=matrix&focus=ini-s4hana&off=ini-data-lakehouse`,
      });
      it("the element's view, focus and whatif attributes open that picture; changed attributes change it", (s) => em.deepLinkElement(s, env()), on("/element-deep.html"));
      it("postMessage: a bundle's --origins host drives it and hears back; another origin changes nothing", (s) => em.bridgeBundle(s, env()), on("/frame.html"));
      it("postMessage: #origins= allows a host for the single file; another origin changes nothing", (s) => em.bridgeHashOrigins(s, env()), on("/frame.html"));
      it("make bundle's command gives a live dashboard with its title; bundling it again replaces every block", (s) => em.makeBundle(s, env()), { url: () => fileUrl(SINGLE) });
    },
  );

  browserSuite(
    {
      title: `the fallback without JavaScript in ${browserName}`,
      launch: launchWithoutScript,
      label: "noscript",
      needs: { single: true, browser },
      async prepare() {
        const dir = tempDir("noscript");
        const gen = path.join(dir, "gen.json");
        execFileSync(BIN, ["generate", "--nodes", "400", "--seed", "3", "-o", gen]);
        const genBundle = path.join(dir, "gen-bundle.html");
        return {
          dir,
          gen,
          genBundle,
          url: fileUrl(SINGLE),
          allowed: [fileUrl(SINGLE), fileUrl(genBundle)],
          cleanup: () => rmSync(dir, { recursive: true, force: true }),
        };
      },
    },
    (it, env) => {
      const off = { javaScript: false };
      it("the single file shows the demo's fallback: KPIs, graph, goals and initiatives of the CLI", (s) => em.fallbackWithoutScript(s, score("--demo"), "single"), { session: off });
      it("a bundle of another model shows its fallback with the CLI's numbers", (s) => em.fallbackWithoutScript(s, score(env().gen), "bundle"), {
        url: () => {
          em.bundle([env().gen, "--template", SINGLE, "-o", env().genBundle]);
          return fileUrl(env().genBundle);
        },
        session: off,
      });
    },
  );
}
