// What the page bundles in place of d3-transition. d3-zoom uses it to interrupt a running zoom
// transition (`interrupt(node)`, and `selection.interrupt()` before it sets a transform) and to
// animate a double-click zoom; the strategy graph never animates (double-click zoom is switched
// off, every transform is set at once), so there is never a transition to interrupt. d3-transition
// (with d3-timer and d3-ease) would add 13 KB to the single file for nothing.
// scripts/build-page.mjs aliases "d3-transition" to this file.

import { selection } from "d3-selection";

/** d3-transition's interrupt(node): stops the node's transitions; the page starts none. */
export function interrupt() {}

/** d3-transition's selection.interrupt(): the same for every node of a selection; returns it. */
selection.prototype.interrupt = function () {
  return this;
};
