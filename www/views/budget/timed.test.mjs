import { test } from "node:test";
import assert from "node:assert/strict";
import { frontierPoints, gapText, runTimed, LARGE } from "./timed.js";

test("the frontier is exact for few candidates and spaced for many", () => {
  assert.equal(frontierPoints(10), 200);
  assert.equal(frontierPoints(LARGE + 1), 24);
});

test("a portfolio that is not proven optimal says how long and how close", () => {
  assert.equal(gapText({ optimal: true }), "Proven optimal");
  assert.equal(gapText({ optimal: false, stopped: true, gap: 0.032, elapsedMs: 1000 }), "Best found in 1.0 s, within 3.2 % of the optimum");
  assert.equal(gapText({ optimal: false, stopped: false, gap: 0.5 }), "Best found before the search limit, within 50.0 % of the optimum");
});

test("runTimed passes the time limit and the progress listener to the engine", async () => {
  const seen = [];
  const engine = {
    run: async (op, args, { onProgress }) => {
      onProgress("half way");
      seen.push([op, args]);
      return { value: 7 };
    },
  };
  const stages = [];
  const out = await runTimed(engine, "optimize", [100], 250, (s) => stages.push(s));
  assert.deepEqual(seen, [["optimize", [100, { timeLimitMs: 250 }]]]);
  assert.deepEqual(out.value, { value: 7 });
  assert.deepEqual(stages, ["half way"]);
  assert.ok(out.elapsedMs >= 0);
});
