// Registers browser scenarios as node:test tests: one browser per file, a fresh context (own
// storage) and page per test, and after every scenario the checks that hold for all of them:
// no request beyond the page's own files, no console error, no uncaught error, no dialog, no CSP
// violation. On failure a screenshot goes to target/screenshots/<browser>-<label>-FAILED-<test>.png.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { requireBuilt } from "./helpers.mjs";

/** Per-test limit: the page's own waits are 20 s each; a whole scenario never needs more than this. */
export const TEST_TIMEOUT = 90_000;

/**
 * describe(title) with a launched browser. `prepare()` returns {url, allowed, cleanup?}: the page to
 * open and the complete list of URLs it may request. `it(name, scenario, {url, allowed})` adds a test.
 */
export function browserSuite({ title, launch, label, needs, prepare }, body) {
  describe(title, () => {
    let browser = null;
    let env = null;
    before(async () => {
      requireBuilt(needs);
      env = await prepare();
      browser = await launch();
    });
    after(async () => {
      await browser?.close().catch(() => {});
      await env?.cleanup?.();
    });

    const it = (name, scenario, opts = {}) =>
      test(name, { timeout: TEST_TIMEOUT }, async () => {
        assert.ok(browser, "the browser did not start (see the before hook's error)");
        const url = opts.url ?? env.url;
        const allowed = opts.allowed ?? env.allowed;
        const s = await browser.newSession(opts.label ?? label);
        try {
          await s.goto(typeof url === "function" ? url() : url);
          await scenario(s);
          assert.deepEqual(
            s.unexpectedRequests(typeof allowed === "function" ? allowed() : allowed),
            [],
            "requests other than the page's own files",
          );
          assert.deepEqual(await s.problems(), [], "errors, dialogs or CSP violations in the page");
        } catch (e) {
          const slug = name.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "").toLowerCase();
          await s.screenshot(`FAILED-${slug}`).catch(() => {});
          const extra = await s.problems().catch(() => []);
          if (extra.length && !String(e.message).includes(extra[0])) {
            e.message += `\n    also in the page: ${extra.join("\n    ")}`;
          }
          throw e;
        } finally {
          await s.close();
        }
      });

    body(it, () => env);
  });
}
