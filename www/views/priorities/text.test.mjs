import assert from "node:assert/strict";
import { test } from "node:test";
import { compareRows, sensitivitySentences, weightText, wsjfParts } from "./text.js";

const names = { "ini-x": "X", "ini-y": "Y" };
const name = (id) => names[id] ?? id;

test("sensitivity in words", () => {
  const e = { criterion: "alignment", weight: 0.4, lower: { weight: 0.2149, enters: "ini-x", leaves: "ini-y" }, upper: null };
  assert.deepEqual(sensitivitySentences(e, 5, name), [
    { direction: "lower", text: "Top 5 changes if the alignment weight drops below 0.21: X enters, Y leaves." },
  ]);
  const u = { criterion: "cost", weight: 0.15, lower: null, upper: { weight: 0.6, enters: "ini-y", leaves: "ini-x" } };
  assert.equal(sensitivitySentences(u, 3, name)[0].text, "Top 3 changes if the cost weight rises above 0.60: Y enters, X leaves.");
  const none = { criterion: "risk", weight: 0.15, lower: null, upper: null };
  assert.equal(sensitivitySentences(none, 5, name)[0].direction, "none");
  assert.equal(weightText(0.1), "0.10");
});

test("a threshold beyond the slider's end is not offered as a change", () => {
  // the demo's benefit weight: the engine finds the top 5 changing only at 4.12, the slider ends at 1
  const beyond = { criterion: "benefit", weight: 0.3, lower: null, upper: { weight: 4.12, enters: "ini-x", leaves: "ini-y" } };
  const [only, ...rest] = sensitivitySentences(beyond, 5, name);
  assert.deepEqual(rest, []);
  assert.equal(only.direction, "none");
  assert.equal(only.text, "Top 5 stays the same for any benefit weight from 0 to 1.00 (the others unchanged).");
  assert.ok(!/4\.12/.test(only.text));
  const both = { ...beyond, lower: { weight: 0.1, enters: "ini-y", leaves: "ini-x" } };
  assert.deepEqual(
    sensitivitySentences(both, 5, name).map((x) => x.text),
    ["Top 5 changes if the benefit weight drops below 0.10: Y enters, X leaves.", "Raising the benefit weight (up to 1.00) does not change the top 5."],
  );
  // exactly at the slider's end: reachable
  const edge = { ...beyond, upper: { weight: 1, enters: "ini-x", leaves: "ini-y" } };
  assert.equal(sensitivitySentences(edge, 5, name)[0].direction, "upper");
  assert.equal(sensitivitySentences(beyond, 5, name, { max: 5 })[0].direction, "upper");
});

test("rows sort by a column, missing values last, ties by rank", () => {
  const rows = [
    { rank: 1, wsjf: null, name: "b" },
    { rank: 2, wsjf: 3, name: "a" },
    { rank: 3, wsjf: 5, name: "c" },
    { rank: 4, wsjf: 3, name: "d" },
  ];
  assert.deepEqual([...rows].sort(compareRows("wsjf", -1)).map((r) => r.rank), [3, 2, 4, 1]);
  assert.deepEqual([...rows].sort(compareRows("wsjf", 1)).map((r) => r.rank), [2, 4, 3, 1]);
  assert.deepEqual([...rows].sort(compareRows("name", 1)).map((r) => r.rank), [2, 1, 3, 4]);
});

test("WSJF parts need all four fields", () => {
  assert.deepEqual(wsjfParts({ business_value: 5, time_criticality: 8, risk_reduction: 8, job_size: 5 }), {
    business_value: 5,
    time_criticality: 8,
    risk_reduction: 8,
    job_size: 5,
  });
  assert.equal(wsjfParts({ business_value: 5 }), null);
});
