import assert from "node:assert/strict";
import { test } from "node:test";
import { formatHash, parseHash } from "./deep-link.js";

test("a picture survives the round trip through the address", () => {
  const picture = {
    view: "matrix",
    focus: "ini crm/1",
    whatif: [
      { id: "ini,erp", active: false },
      { id: "ini-dwh", active: true },
    ],
    filters: { graph: "a&b=c", whatif: "erp" },
  };
  const hash = formatHash(picture);
  assert.equal(hash, "#view=matrix&focus=ini%20crm%2F1&off=ini%2Cerp&on=ini-dwh&filter-graph=a%26b%3Dc&filter-whatif=erp");
  assert.deepEqual(parseHash(hash), picture);
});

test("the hash names only what it holds; unknown views, keys and broken escapes are ignored", () => {
  assert.deepEqual(parseHash(""), {});
  assert.deepEqual(parseHash("#view=matrix"), { view: "matrix" });
  assert.deepEqual(parseHash("#view=nope&focus=%E0%A4%A&x=1&filter-nope=1"), {});
  assert.deepEqual(parseHash("#origins=https%3A%2F%2Fa.example,https%3A%2F%2Fb.example"), { origins: ["https://a.example", "https://b.example"] });
});

test("the iframe API's origins stay in the address when the picture changes", () => {
  assert.equal(formatHash({ view: "overview" }, "origins=https%3A%2F%2Fa.example"), "#view=overview&origins=https%3A%2F%2Fa.example");
});
