// Unit tests of the page's number formatting (docs/page-contract.md, "Formatting").
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  createFormat,
  formatCount,
  formatDeltaCount,
  formatDeltaMoney,
  formatDeltaShare,
  formatMoney,
  formatNumber,
  formatShare,
} from "./format.js";

test("shares with one decimal", () => {
  assert.equal(formatShare(0.19656921423837923), "19.7%");
  assert.equal(formatShare(0), "0.0%");
  assert.equal(formatShare(1), "100.0%");
  assert.equal(formatShare(NaN), "\u2013");
});

test("counts as integers", () => {
  assert.equal(formatCount(1), "1");
  assert.equal(formatCount(1204), "1,204");
  assert.equal(formatCount(2.6), "3");
});

test("money: compact currency, or three significant digits without one", () => {
  assert.equal(formatMoney(20120000, "EUR"), "€20.1M");
  assert.equal(formatMoney(120000, "EUR"), "€120K");
  assert.equal(formatMoney(-500000, "EUR"), "\u2212€500K");
  assert.equal(formatMoney(-0, "EUR"), "€0");
  assert.equal(formatMoney(5580, null), "5.58k");
  assert.equal(formatMoney(124, null), "124");
  assert.equal(formatMoney(0, null), "0");
  assert.equal(formatMoney(1234, "not a code"), "1.23k not a code");
});

test("plain numbers", () => {
  assert.equal(formatNumber(84), "84");
  assert.equal(formatNumber(0.5), "0.5");
  assert.equal(formatNumber(20120000), "20.1M");
  assert.equal(formatNumber(-1500), "\u22121.5k");
});

test("deltas carry a sign and are empty without a change", () => {
  assert.equal(formatDeltaShare(0.021), "+2.1 pts");
  assert.equal(formatDeltaShare(-0.004), "\u22120.4 pts");
  assert.equal(formatDeltaShare(0), "");
  assert.equal(formatDeltaShare(1e-15), "");
  assert.match(formatDeltaShare(-0.0002), /^\u22120\.0 pts$/);
  assert.equal(formatDeltaCount(2), "+2");
  assert.equal(formatDeltaCount(-1), "\u22121");
  assert.equal(formatDeltaCount(0), "");
  assert.equal(formatDeltaMoney(-1340000, "EUR"), "\u2212€1.34M");
  assert.equal(formatDeltaMoney(0, "EUR"), "");
});

test("createFormat binds the currency", () => {
  const f = createFormat("USD");
  assert.equal(f.money(229500), "$230K");
  assert.equal(f.deltaMoney(1000), "+$1K");
  assert.equal(createFormat(null).money(229500), "230k");
});
