// A report's initiatives one at a time. On the page a large report makes its initiative entries
// only when a view reads `report.initiatives` (app/engine-ops.js, `withInitiatives`); a view that
// only looks for a few of them (the board's top risks and pending decisions) walks the columns
// with one reused entry instead, and makes none. A plain report (the CLI's JSON, a test's) is
// walked through its array.

/**
 * Calls `fn(entry, index)` for each initiative of `report` in the report's order. The entry has
 * the fields of the report's entries; on the page it is one object reused for every call, so
 * keep what you need from it, not the entry itself.
 */
export function eachInitiative(report, fn) {
  if (typeof report?.eachInitiative === "function") report.eachInitiative(fn);
  else (report?.initiatives ?? []).forEach((x, i) => fn(x, i));
}

/** How many initiatives `report` lists (without making the page's entries). */
export function initiativeCount(report) {
  return typeof report?.initiativeCount === "number" ? report.initiativeCount : (report?.initiatives ?? []).length;
}
