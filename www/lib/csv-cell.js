// Cells of CSV text made safe for spreadsheets ("CSV injection"): the twin of the engine's
// src/formats/csv_cell.rs, with the same rules (both are checked against
// tests/fixtures/hostile/csv/injection-cases.json). The page's CSV exports (scores, the CSV set)
// are written by the engine, which applies the Rust rules; any CSV the page builds itself must
// pass its cells through neutralise().

/** The characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"). */
export const TRIGGERS = ["=", "+", "-", "@", "\t", "\r"];

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** True when `s` is a plain decimal number ("-5", "+1e3", ".5"); not "inf", "NaN" or "0x1". */
export function isNumber(s) {
  return NUMBER.test(s);
}

function needsQuote(cell) {
  const first = cell.charAt(0);
  if (first === "'") return cell.length > 1 && (cell[1] === "'" || TRIGGERS.includes(cell[1]));
  return TRIGGERS.includes(first) && !isNumber(cell);
}

/**
 * The cell as written to CSV: "'" in front when it starts with =, +, -, @, a tab or a carriage
 * return and is not a number, or when it starts with "'" followed by one of those or another
 * "'" (so restore() gives the text back).
 */
export function neutralise(cell) {
  const s = String(cell);
  return needsQuote(s) ? `'${s}` : s;
}

/** The text of a cell read from CSV: the inverse of neutralise(). */
export function restore(cell) {
  const s = String(cell);
  return s.length > 1 && s[0] === "'" && (s[1] === "'" || TRIGGERS.includes(s[1])) ? s.slice(1) : s;
}
