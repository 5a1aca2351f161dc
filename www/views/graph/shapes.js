// What tells the strategy graph's nodes and edges apart without colour: the shape of each node kind
// (as SVG path data and traced into a canvas path), the edge styles and their colours.

import { f2 } from "./elements.js";

/** Node kinds in the engine's order, with the shape that tells them apart without colour. */
export const KIND_INFO = {
  goal: { label: "Goal", plural: "Goals", r: 10 },
  capability: { label: "Capability", plural: "Capabilities", r: 7 },
  activity: { label: "Activity", plural: "Activities", r: 7.5 },
  application: { label: "Application", plural: "Applications", r: 7 },
  initiative: { label: "Initiative", plural: "Initiatives", r: 8 },
  element: { label: "Element", plural: "Elements", r: 7 },
  person: { label: "Person", plural: "People", r: 7.5 },
};

const FALLBACK_KIND = { label: "Node", plural: "Nodes", r: 7 };

export function kindInfo(name) {
  return KIND_INFO[name] || FALLBACK_KIND;
}

/** SVG path data of a kind's shape, centred on (0, 0), with "radius" r. */
export function shapePath(kind, r) {
  switch (kind) {
    case "goal": {
      // hexagon, flat top
      const h = r * 0.866;
      return `M${f2(-r)},0L${f2(-r / 2)},${f2(-h)}L${f2(r / 2)},${f2(-h)}L${f2(r)},0L${f2(r / 2)},${f2(h)}L${f2(-r / 2)},${f2(h)}Z`;
    }
    case "capability": {
      // rounded square
      const s = r * 0.86;
      const c = Math.min(2.5, s * 0.35);
      return (
        `M${f2(-s + c)},${f2(-s)}H${f2(s - c)}Q${f2(s)},${f2(-s)} ${f2(s)},${f2(-s + c)}` +
        `V${f2(s - c)}Q${f2(s)},${f2(s)} ${f2(s - c)},${f2(s)}H${f2(-s + c)}Q${f2(-s)},${f2(s)} ${f2(-s)},${f2(s - c)}` +
        `V${f2(-s + c)}Q${f2(-s)},${f2(-s)} ${f2(-s + c)},${f2(-s)}Z`
      );
    }
    case "activity": {
      // process arrow (chevron pentagon)
      const h = r * 0.72;
      return `M${f2(-r)},${f2(-h)}L${f2(r * 0.3)},${f2(-h)}L${f2(r)},0L${f2(r * 0.3)},${f2(h)}L${f2(-r)},${f2(h)}Z`;
    }
    case "application":
      // circle
      return `M${f2(-r)},0A${f2(r)},${f2(r)} 0 1,0 ${f2(r)},0A${f2(r)},${f2(r)} 0 1,0 ${f2(-r)},0Z`;
    case "initiative":
      // diamond
      return `M0,${f2(-r * 1.15)}L${f2(r * 1.15)},0L0,${f2(r * 1.15)}L${f2(-r * 1.15)},0Z`;
    case "element": {
      // triangle
      const h = r * 1.1;
      return `M0,${f2(-h)}L${f2(h * 0.95)},${f2(h * 0.7)}L${f2(-h * 0.95)},${f2(h * 0.7)}Z`;
    }
    case "person": {
      // head and shoulders
      const a = r * 0.42;
      return (
        `M${f2(-a)},${f2(-r * 0.5)}A${f2(a)},${f2(a)} 0 1,0 ${f2(a)},${f2(-r * 0.5)}A${f2(a)},${f2(a)} 0 1,0 ${f2(-a)},${f2(-r * 0.5)}Z` +
        `M${f2(-r)},${f2(r)}A${f2(r)},${f2(r * 0.85)} 0 0,1 ${f2(r)},${f2(r)}Z`
      );
    }
    default:
      return `M${f2(-r)},${f2(-r)}H${f2(r)}V${f2(r)}H${f2(-r)}Z`;
  }
}

/** Traces a kind's shape at (x, y) with radius r into a canvas path (same shapes as the SVG). */
export function traceShape(ctx, kind, x, y, r) {
  switch (kind) {
    case "goal": {
      const h = r * 0.866;
      ctx.moveTo(x - r, y);
      ctx.lineTo(x - r / 2, y - h);
      ctx.lineTo(x + r / 2, y - h);
      ctx.lineTo(x + r, y);
      ctx.lineTo(x + r / 2, y + h);
      ctx.lineTo(x - r / 2, y + h);
      ctx.closePath();
      break;
    }
    case "capability": {
      const s = r * 0.86;
      ctx.rect(x - s, y - s, 2 * s, 2 * s);
      break;
    }
    case "activity": {
      const h = r * 0.72;
      ctx.moveTo(x - r, y - h);
      ctx.lineTo(x + r * 0.3, y - h);
      ctx.lineTo(x + r, y);
      ctx.lineTo(x + r * 0.3, y + h);
      ctx.lineTo(x - r, y + h);
      ctx.closePath();
      break;
    }
    case "application":
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, Math.PI * 2);
      break;
    case "initiative": {
      const d = r * 1.15;
      ctx.moveTo(x, y - d);
      ctx.lineTo(x + d, y);
      ctx.lineTo(x, y + d);
      ctx.lineTo(x - d, y);
      ctx.closePath();
      break;
    }
    case "element": {
      const h = r * 1.1;
      ctx.moveTo(x, y - h);
      ctx.lineTo(x + h * 0.95, y + h * 0.7);
      ctx.lineTo(x - h * 0.95, y + h * 0.7);
      ctx.closePath();
      break;
    }
    case "person": {
      const a = r * 0.42;
      ctx.moveTo(x + a, y - r * 0.5);
      ctx.arc(x, y - r * 0.5, a, 0, Math.PI * 2);
      ctx.closePath();
      ctx.moveTo(x - r, y + r);
      ctx.ellipse(x, y + r, r, r * 0.85, 0, Math.PI, Math.PI * 2);
      ctx.closePath();
      break;
    }
    default:
      ctx.rect(x - r, y - r, 2 * r, 2 * r);
  }
}

/** Edge styles: one path per style (and emphasis level) in both renderers. */
export const EDGE_STYLES = [
  { key: "align", label: "Contributes / supports", width: 1.1, dash: null, opacity: 0.42, head: "arrow", color: "fg" },
  { key: "part_of", label: "Part of", width: 2.4, dash: null, opacity: 0.22, head: "arrow", color: "fg" },
  { key: "depends_on", label: "Depends on", width: 1.2, dash: [5, 3], opacity: 0.6, head: "arrow", color: "dep" },
  { key: "excludes", label: "Excludes (alternatives)", width: 2, dash: [0.1, 4], opacity: 0.95, head: "none", color: "excl", cap: "round" },
  { key: "negative", label: "Works against (negative weight)", width: 1.8, dash: [8, 2, 2, 2], opacity: 0.9, head: "bar", color: "neg" },
];

/** Index into EDGE_STYLES for an edge kind name and its weight. */
export function edgeStyleIndex(kindName, weight) {
  if (weight < 0) return 4;
  if (kindName === "part_of") return 1;
  if (kindName === "depends_on") return 2;
  if (kindName === "excludes") return 3;
  return 0;
}

/** Resolved stroke colour of an edge style for a theme. */
export function edgeColor(style, theme) {
  switch (style.color) {
    case "dep":
      return theme.dark ? "#56b4e9" : "#0072b2";
    case "excl":
      return theme.dark ? "#e69fcb" : "#b4427f";
    case "neg":
      return theme.dark ? "#ff8a3d" : "#d55e00";
    default:
      return theme.fg;
  }
}
