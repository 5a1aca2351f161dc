// The page's own colour ramps give d3-scale-chromatic's colours exactly.

import assert from "node:assert/strict";
import { test } from "node:test";
import * as d3 from "d3-scale-chromatic";
import * as mine from "./ramps.js";

test("the four ramps equal d3-scale-chromatic's at every percent", () => {
  for (const k of ["interpolateOrRd", "interpolateBlues", "interpolateOranges", "interpolateViridis"]) {
    for (let i = 0; i <= 100; i++) assert.equal(mine[k](i / 100), d3[k](i / 100), `${k}(${i / 100})`);
  }
});
