// Unit tests of the page's CSV cell rules; the shared table keeps them equal to the engine's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { isNumber, neutralise, restore } from "./csv-cell.js";

const table = JSON.parse(
  readFileSync(new URL("../../tests/fixtures/hostile/csv/injection-cases.json", import.meta.url), "utf8"),
);

test("every shared case is written as the engine writes it and read back to its text", () => {
  assert.ok(table.cases.length > 20);
  for (const [text, written] of table.cases) {
    assert.equal(neutralise(text), written, JSON.stringify(text));
    assert.equal(restore(written), text, JSON.stringify(written));
  }
});

test("no written cell starts a formula unless it is a number", () => {
  for (const [text] of table.cases) {
    const w = neutralise(text);
    if (/^[=+\-@\t\r]/.test(w)) assert.ok(isNumber(w), JSON.stringify(w));
  }
});

test("numbers stay numbers", () => {
  for (const n of ["-5", "+1e3", "-0.25", ".5", "2.", "-1.5E-7"]) assert.equal(neutralise(n), n);
  for (const t of ["-", "-inf", "NaN", "1e", "0x1", "-5 "]) assert.equal(isNumber(t), false, t);
});

test("restore is the inverse of neutralise on any text built from the tricky characters", () => {
  const alphabet = ["'", "=", "+", "-", "@", "\t", "\r", "1", "e", ".", "a"];
  const all = [""];
  for (let len = 1; len <= 4; len++) {
    for (let i = 0; i < alphabet.length ** len; i++) {
      let s = "";
      for (let k = 0, x = i; k < len; k++, x = Math.floor(x / alphabet.length)) s += alphabet[x % alphabet.length];
      all.push(s);
    }
  }
  for (const s of all) assert.equal(restore(neutralise(s)), s, JSON.stringify(s));
});
