// Number formatting shared by the views and the tests.
//
// Shares: d3.format(".1%") ("19.7%"). Counts: integers ("1,204"). Money: compact currency with three
// significant digits ("€20.1M"), or plain numbers with three significant digits when the model has no
// currency. Deltas carry a sign: shares in percentage points ("+2.1 pts", "−0.4 pts"), counts and money
// as "+3" / "−€1.2M". A change of exactly zero formats as "" (no delta to show).

import { format as d3format } from "d3-format";

export const MINUS = "\u2212";
export const DASH = "\u2013"; // shown for a value that does not apply (NaN, undefined)

const shareFmt = d3format(".1%");
const countFmt = d3format(",d");
const plainFmt = d3format(".3~s"); // 20.1M, 120k (B for billions)
const smallFmt = d3format(".3~r"); // 84, 0.5, 123
const ptsFmt = d3format(".1f");
const EPS = 1e-12;

const ok = (x) => typeof x === "number" && Number.isFinite(x);

/** A share in [0, 1] as a percentage with one decimal: 0.19657 -> "19.7%". */
export function formatShare(x) {
  return ok(x) ? shareFmt(x) : DASH;
}

/** A count as an integer with thousands separators: 1204 -> "1,204". */
export function formatCount(n) {
  return ok(n) ? countFmt(Math.round(n)) : DASH;
}

/** A plain number with three significant digits: 20120000 -> "20.1M", 84 -> "84", 0.5 -> "0.5". */
export function formatNumber(x) {
  if (!ok(x)) return DASH;
  if (Math.abs(x) < EPS) return "0";
  const text = Math.abs(x) >= 1000 ? plainFmt(x).replace(/G$/, "B") : smallFmt(x);
  return text.replace("-", MINUS);
}

const moneyFormats = new Map();
function moneyFormat(currency) {
  if (!moneyFormats.has(currency)) {
    let f = null;
    try {
      f = new Intl.NumberFormat("en", {
        style: "currency",
        currency,
        notation: "compact",
        maximumSignificantDigits: 3,
      });
    } catch {
      f = null; // not an ISO 4217 code: fall back to "20.1M XYZ"
    }
    moneyFormats.set(currency, f);
  }
  return moneyFormats.get(currency);
}

/**
 * Makes the browser load its number-formatting data now (about 40 ms the first time in a fresh
 * page, whatever the currency) rather than in the first render: the page calls it while the engine
 * reads the first model in its worker.
 */
export function primeFormatting() {
  moneyFormat("EUR")?.format(1);
}

/** Money in the model currency: formatMoney(20120000, "EUR") -> "€20.1M". */
export function formatMoney(x, currency) {
  if (!ok(x)) return DASH;
  if (Math.abs(x) < 1e-9) x = 0; // no "−€0"
  if (!currency) return formatNumber(x);
  const f = moneyFormat(currency);
  if (!f) return `${formatNumber(x)} ${currency}`;
  return f.format(x).replace("-", MINUS);
}

function sign(d) {
  return d < 0 ? MINUS : "+";
}

/**
 * A change of a share in percentage points, one decimal: 0.021 -> "+2.1 pts", -0.004 -> "−0.4 pts",
 * 0 -> "". A change too small for one decimal keeps its sign: -0.0002 -> "−0.0 pts".
 */
export function formatDeltaShare(d) {
  if (!ok(d) || Math.abs(d) < EPS) return "";
  return `${sign(d)}${ptsFmt(Math.abs(d) * 100)} pts`;
}

/** A change of a count: 2 -> "+2", -1 -> "−1", 0 -> "". */
export function formatDeltaCount(d) {
  if (!ok(d) || Math.round(d) === 0) return "";
  return `${sign(d)}${countFmt(Math.abs(Math.round(d)))}`;
}

/** A change of money: 1.2e6 -> "+€1.2M", 0 -> "". */
export function formatDeltaMoney(d, currency) {
  if (!ok(d) || Math.abs(d) < 1e-9) return "";
  return `${sign(d)}${formatMoney(Math.abs(d), currency)}`;
}

/** The formatters bound to one model's currency (what `app.format` holds). */
export function createFormat(currency = null) {
  return {
    currency,
    share: formatShare,
    count: formatCount,
    number: formatNumber,
    money: (x) => formatMoney(x, currency),
    deltaShare: formatDeltaShare,
    deltaCount: formatDeltaCount,
    deltaMoney: (d) => formatDeltaMoney(d, currency),
    /** A weight or reach in [0, 1] as a short decimal: 0.6 -> "0.6", 0.607232 -> "0.61". */
    weight: (x) => (ok(x) ? String(Math.round(x * 100) / 100) : DASH),
  };
}
