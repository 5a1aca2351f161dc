import assert from "node:assert/strict";
import { test } from "node:test";
import { luminance, themeFor } from "./theme.js";

test("the luminance of computed colours; transparent ones have none", () => {
  assert.equal(luminance("rgb(255, 255, 255)"), 1);
  assert.equal(luminance("rgb(0, 0, 0)"), 0);
  assert.ok(Math.abs(luminance("rgb(14, 18, 23)") - 0.0059) < 1e-3);
  assert.equal(luminance("rgba(0, 0, 0, 0)"), null);
  assert.equal(luminance("rgb(10 20 30 / 20%)"), null);
  assert.equal(luminance("transparent"), null);
});

test("an asked theme is kept; auto follows the host page's background", () => {
  assert.equal(themeFor("dark", null), "dark");
  assert.equal(themeFor("light", null), "light");
  const globals = { getComputedStyle: globalThis.getComputedStyle };
  try {
    const host = { nodeType: 1, bg: "rgb(20, 22, 30)", parentNode: null };
    const root = { getRootNode: () => ({ host }) };
    globalThis.getComputedStyle = (el) => ({ backgroundColor: el.bg });
    assert.equal(themeFor("auto", root), "dark");
    host.bg = "rgba(0, 0, 0, 0)";
    host.parentNode = { nodeType: 1, bg: "rgb(250, 250, 250)", parentNode: null };
    assert.equal(themeFor("auto", root), "light");
  } finally {
    globalThis.getComputedStyle = globals.getComputedStyle;
  }
});
