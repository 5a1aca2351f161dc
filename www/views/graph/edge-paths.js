// Edge geometry shared by the SVG and canvas renderers: S-curves between layers, arcs inside a row,
// arrow and bar heads, traced into a canvas context or a PathBuilder (SVG path data).

import { f2 } from "./elements.js";

/**
 * Traces one edge from a source at screen (sx, sy) to a target at (tx, ty) into `sink` (a
 * CanvasRenderingContext2D or a PathBuilder) and returns the arrowhead's tip and direction.
 * Edges between layers are vertical S-curves (straight lines when `curved` is false); edges inside a
 * row arc above it. rs, rt: the endpoints' screen radii, so lines start and end at the shapes.
 */
export function traceEdge(sink, sx, sy, tx, ty, rs, rt, curved, tip) {
  const dy = ty - sy;
  if (Math.abs(dy) > 6) {
    const dir = dy > 0 ? 1 : -1;
    const y0 = sy + dir * rs;
    const y1 = ty - dir * rt;
    sink.moveTo(sx, y0);
    if (curved) {
      const c = (y1 - y0) * 0.5;
      sink.bezierCurveTo(sx, y0 + c, tx, y1 - c, tx, y1);
      tip.x = tx;
      tip.y = y1;
      tip.dx = 0;
      tip.dy = dir;
    } else {
      sink.lineTo(tx, y1);
      const ux = tx - sx;
      const uy = y1 - y0;
      const len = Math.hypot(ux, uy) || 1;
      tip.x = tx;
      tip.y = y1;
      tip.dx = ux / len;
      tip.dy = uy / len;
    }
    return tip;
  }
  // same row: an arc above it
  const dx = tx - sx;
  const h = Math.min(36, Math.abs(dx) * 0.2 + 8);
  const cx = (sx + tx) / 2;
  const cy = (sy + ty) / 2 - h * 2;
  const ux0 = cx - sx;
  const uy0 = cy - sy;
  const l0 = Math.hypot(ux0, uy0) || 1;
  const ux1 = tx - cx;
  const uy1 = ty - cy;
  const l1 = Math.hypot(ux1, uy1) || 1;
  const x0 = sx + (ux0 / l0) * rs;
  const y0 = sy + (uy0 / l0) * rs;
  const x1 = tx - (ux1 / l1) * rt;
  const y1 = ty - (uy1 / l1) * rt;
  sink.moveTo(x0, y0);
  sink.quadraticCurveTo(cx, cy, x1, y1);
  tip.x = x1;
  tip.y = y1;
  tip.dx = ux1 / l1;
  tip.dy = uy1 / l1;
  return tip;
}

/** Traces an arrowhead (filled triangle) at a tip into `sink`. */
export function traceArrow(sink, tip, size) {
  const bx = tip.x - tip.dx * size;
  const by = tip.y - tip.dy * size;
  const w = size * 0.55;
  sink.moveTo(tip.x, tip.y);
  sink.lineTo(bx - tip.dy * w, by + tip.dx * w);
  sink.lineTo(bx + tip.dy * w, by - tip.dx * w);
  sink.closePath();
}

/** Traces a flat bar (the "works against" head) at a tip into `sink`. */
export function traceBar(sink, tip, size) {
  const w = size * 0.8;
  sink.moveTo(tip.x - tip.dy * w, tip.y + tip.dx * w);
  sink.lineTo(tip.x + tip.dy * w, tip.y - tip.dx * w);
}

/** Collects canvas-style path calls into SVG path data. */
export class PathBuilder {
  constructor() {
    this.parts = [];
  }
  moveTo(x, y) {
    this.parts.push(`M${f2(x)},${f2(y)}`);
  }
  lineTo(x, y) {
    this.parts.push(`L${f2(x)},${f2(y)}`);
  }
  bezierCurveTo(a, b, c, d, x, y) {
    this.parts.push(`C${f2(a)},${f2(b)} ${f2(c)},${f2(d)} ${f2(x)},${f2(y)}`);
  }
  quadraticCurveTo(a, b, x, y) {
    this.parts.push(`Q${f2(a)},${f2(b)} ${f2(x)},${f2(y)}`);
  }
  closePath() {
    this.parts.push("Z");
  }
  get empty() {
    return this.parts.length === 0;
  }
  toString() {
    return this.parts.join("");
  }
}

/**
 * Traces the edge from node a to node b of `scene` at the zoom transform t into `sink` (see
 * traceEdge), stopping ra and rb px short of the centres. Returns its screen length |dx| + |dy|.
 */
export function traceSceneEdge(sink, scene, t, a, b, ra, rb, curved, tip) {
  const sx = t.x + t.k * scene.vx[a];
  const sy = t.y + t.k * scene.vy[a];
  const tx = t.x + t.k * scene.vx[b];
  const ty = t.y + t.k * scene.vy[b];
  traceEdge(sink, sx, sy, tx, ty, ra, rb, curved, tip);
  return Math.abs(tx - sx) + Math.abs(ty - sy);
}

/** Edges shorter than this on screen (|dx| + |dy|, px) get no head. */
export const HEAD_MIN_LENGTH = 28;

/** Traces the head of an edge style at `tip` into `sink`: an arrow, a bar, or nothing. */
export function traceHead(sink, style, tip, size) {
  if (style.head === "arrow") traceArrow(sink, tip, size);
  else if (style.head === "bar") traceBar(sink, tip, size);
}

/** A path sink that draws nothing (for the tip of an edge only). */
export const nullSink = {
  moveTo() {},
  lineTo() {},
  bezierCurveTo() {},
  quadraticCurveTo() {},
  closePath() {},
};
