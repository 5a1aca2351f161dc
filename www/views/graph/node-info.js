// What the strategy graph says about its nodes in words: status, the accessible name of a node, the
// summary line and the chart's accessible description. DOM-free.

import { format } from "d3-format";
import { kindInfo } from "./shapes.js";
import { SVG_MAX_NODES } from "./scene.js";

const pct = format(".1%");
const int = format(",d");

export const formatCount = int;

/** A share as "12.3%", or "n/a". */
export const fmtShare = (v) => (Number.isFinite(v) ? pct(v) : "n/a");

export const kindName = (scene, i) => scene.kindNames[scene.kinds[i]];

/** The status of initiative i (the App's report: `app.initiative(id).status`; "proposed" when it has
 * none), read once per scene. */
export function nodeStatus(scene, app, i) {
  if (!scene.status) scene.status = new Map();
  let st = scene.status.get(i);
  if (st === undefined) {
    try {
      st = app.initiative(scene.ids[i])?.status || "proposed";
    } catch {
      st = "";
    }
    scene.status.set(i, st);
  }
  return st;
}

/** "active", "switched off", "cancelled" or "done" for an initiative; "" for other kinds. */
export function statusText(scene, app, i) {
  if (kindName(scene, i) !== "initiative") return "";
  if (scene.inactive[i]) {
    const st = nodeStatus(scene, app, i);
    return st === "cancelled" || st === "done" ? st : "switched off";
  }
  return "active";
}

/** The accessible name of node i: name, kind, inactive, alignment and delivery risk. */
export function nodeLabel(scene, i) {
  const parts = [scene.names[i], kindInfo(kindName(scene, i)).label.toLowerCase()];
  if (scene.inactive[i]) parts.push("inactive");
  parts.push(`alignment ${fmtShare(scene.alignment[i])}`, `delivery risk ${fmtShare(scene.risk[i])}`);
  return parts.join(", ");
}

/** The accessible description of the chart for a colour mode. */
export function ariaSummary(scene, mode) {
  if (!scene) return "Strategy graph";
  if (scene.agg) return `Strategy graph of ${int(scene.n)} nodes and ${int(scene.m)} edges, coloured by ${mode.label.toLowerCase()}. ${aggregateText(scene)}`;
  return `Strategy graph of ${int(scene.n)} nodes and ${int(scene.m)} edges in ${scene.bands.length} layers (${scene.bands.map((b) => b.label).join("; ")}), coloured by ${mode.label.toLowerCase()}.`;
}

/** What an aggregated graph shows and how to expand a group. */
export function aggregateText(scene) {
  const agg = scene.agg;
  const groups = agg.grouping.groups;
  const top = (scene.layers[0]?.label || "top layer").toLowerCase();
  const open = groups.filter((g) => agg.open?.[g.index] && g.members.length > 1).length;
  const shown = open ? ` ${int(open)} expanded.` : "";
  return `Too many nodes to draw one by one: aggregated into ${int(groups.length)} groups (each layer by the ${top} its nodes link to).${shown} Click a group, or Tab to it on the chart and press Enter, to expand it; click an expanded group's title to collapse it.`;
}

/** The line above the chart: counts, what colour and shape mean, and a hint for large models. */
export function summaryText(scene, mode) {
  const parts = [`${int(scene.n)} nodes`, `${int(scene.m)} edges`];
  if (scene.inactiveCount) parts.push(`${int(scene.inactiveCount)} inactive initiative${scene.inactiveCount === 1 ? "" : "s"} shown faded`);
  let text = `${parts.join(" · ")}. Colour: ${mode.label.toLowerCase()} (${mode.note}); shape: kind.`;
  if (scene.agg) text += ` ${aggregateText(scene)}`;
  else if (scene.n > SVG_MAX_NODES) text += ` Showing ${int(scene.n)} nodes; use search to find one, scroll to zoom in for labels.`;
  return text;
}

/** The search status: "", "No match", "1 match", "12 matches". */
export function matchText(query, count) {
  if (!query) return "";
  return count === 0 ? "No match" : count === 1 ? "1 match" : `${int(count)} matches`;
}
