// SVG renderer of the strategy graph (models of at most 1,500 nodes), plus what it shares with the
// canvas renderer: kind shapes, edge geometry and heads, label wrapping and placement, the pacing of
// frames during gestures, event wiring, and the static SVG builder used for "save as SVG/PNG".
//
// Positions: layout units -> view units (the layout stretched to the chart's aspect, `scene.vx/vy`) ->
// screen pixels through the d3-zoom transform. Shapes, labels and strokes keep a constant on-screen size
// while zooming (like map markers); zooming spreads the graph out so that labels find room.
//
// Model text (names, ids) only ever reaches the DOM through textContent and setAttribute of non-style
// attributes.

export const SVG_NS = "http://www.w3.org/2000/svg";

/** A full frame slower than this (ms) is moved as a bitmap during gestures. */
const SLOW_FRAME_MS = 30;

/** Node kinds in the engine's order, with the shape that tells them apart without colour. */
export const KIND_INFO = {
  goal: { label: "Goal", plural: "Goals", r: 10 },
  capability: { label: "Capability", plural: "Capabilities", r: 7 },
  activity: { label: "Activity", plural: "Activities", r: 7.5 },
  application: { label: "Application", plural: "Applications", r: 7 },
  initiative: { label: "Initiative", plural: "Initiatives", r: 8 },
  element: { label: "Element", plural: "Elements", r: 7 },
};

const FALLBACK_KIND = { label: "Node", plural: "Nodes", r: 7 };

export function kindInfo(name) {
  return KIND_INFO[name] || FALLBACK_KIND;
}

const f2 = (v) => Math.round(v * 100) / 100;

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
    default:
      return `M${f2(-r)},${f2(-r)}H${f2(r)}V${f2(r)}H${f2(-r)}Z`;
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

let measureCtx = null;

/** Width of `text` in pixels for a CSS font. */
const measured = new Map();

export function measureText(text, font) {
  const key = `${font}\u0000${text}`;
  let w = measured.get(key);
  if (w !== undefined) return w;
  if (!measureCtx) measureCtx = document.createElement("canvas").getContext("2d");
  if (measureCtx.font !== font) measureCtx.font = font;
  w = measureCtx.measureText(text).width;
  if (measured.size > 100000) measured.clear();
  measured.set(key, w);
  return w;
}

/** Word-wraps `text` into at most `maxLines` lines of at most `maxWidth` pixels; the last line ends
 * with an ellipsis when the text does not fit. Returns [] when not even a few characters fit. */
export function wrapLabel(text, maxWidth, maxLines, font) {
  if (maxLines < 1 || maxWidth < 18) return [];
  if (measureText(text, font) <= maxWidth) return [text];
  const words = text.split(/\s+/).filter(Boolean);
  const lines = [];
  let line = "";
  let i = 0;
  while (i < words.length && lines.length < maxLines) {
    const candidate = line ? `${line} ${words[i]}` : words[i];
    if (measureText(candidate, font) <= maxWidth) {
      line = candidate;
      i++;
    } else if (!line) {
      // one word longer than the line: cut it
      lines.push(truncate(words[i], maxWidth, font));
      i++;
      line = "";
      if (lines.length === maxLines) break;
      continue;
    } else {
      lines.push(line);
      line = "";
    }
  }
  if (line && lines.length < maxLines) lines.push(line);
  if (i < words.length) {
    const last = lines.length - 1;
    lines[last] = truncate(`${lines[last]} ${words.slice(i).join(" ")}`, maxWidth, font, true);
  }
  return lines;
}

function truncate(text, maxWidth, font, force) {
  if (!force && measureText(text, font) <= maxWidth) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (measureText(`${text.slice(0, mid).trimEnd()}…`, font) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? "…" : `${text.slice(0, lo).trimEnd()}…`;
}

export function svgEl(name, attrs, parent) {
  const el = document.createElementNS(SVG_NS, name);
  if (attrs) for (const k in attrs) if (attrs[k] != null) el.setAttribute(k, String(attrs[k]));
  if (parent) parent.appendChild(el);
  return el;
}

/** Scale of the SVG markers at zoom k: 1, or less where nodes are closer than about 2.8 radii. */
export function markerScale(scene, k) {
  return Math.max(0.3, Math.min(1, (scene.minSpacing * k * 0.36) / 7));
}

/**
 * Layer bands in screen coordinates: [{label, top, bottom}], for the stripes and the labels on the
 * left; neighbouring bands meet half way between their rows. `sy` maps a view y to the screen.
 */
export function screenBands(scene, sy) {
  const bands = scene.bands;
  const out = [];
  for (let b = 0; b < bands.length; b++) {
    const y0 = sy(bands[b].y0);
    const y1 = sy(bands[b].y1);
    const prevEnd = b > 0 ? sy(bands[b - 1].y1) : null;
    const nextStart = b + 1 < bands.length ? sy(bands[b + 1].y0) : null;
    const top = prevEnd == null ? y0 - 24 : (prevEnd + y0) / 2;
    const bottom = nextStart == null ? y1 + 24 : (y1 + nextStart) / 2;
    out.push({ label: bands[b].label, top, bottom });
  }
  return out;
}

/**
 * Room for node i's label at zoom k, the label sitting right of a marker of screen radius r:
 * {width, lines, goal}. lines is 0 when there is no room.
 */
export function labelRoom(scene, i, k, r) {
  const goal = scene.kindNames[scene.kinds[i]] === "goal";
  const width = Math.min(goal ? 190 : 160, scene.gapX[i] * k - 2 * r - 12);
  const vroom = scene.gapY[i] * k;
  const lines = width < 24 ? 0 : goal && vroom >= 48 ? 3 : vroom >= 27 ? 2 : vroom >= 14 ? 1 : 0;
  return { width, lines, goal };
}

export const LABEL_FONT = { normal: (family) => `11px ${family}`, goal: (family) => `600 12px ${family}` };

/** Baselines of a label's lines relative to the node centre (text vertically centred on it). */
export function labelBaselines(lines, goal) {
  const lh = goal ? 14 : 13;
  const first = 4 - ((lines - 1) * lh) / 2;
  const out = [];
  for (let l = 0; l < lines; l++) out.push(first + l * lh);
  return out;
}

/**
 * The full name shown on top for the selection and the first search match, right of a marker of
 * screen radius r at screen (x, y): its lines, font, left edge x0, baselines ys (screen y) and the
 * box behind it.
 */
export function topLabelLayout(name, x, y, r, fontFamily) {
  const font = LABEL_FONT.goal(fontFamily);
  const lines = wrapLabel(name, 220, 2, font);
  const w = Math.max(...lines.map((s) => measureText(s, font)));
  const x0 = x + r + 7;
  const ys = labelBaselines(lines.length, true).map((b) => y + b);
  return { font, lines, x0, ys, box: { x: x0 - 4, y: ys[0] - 13, width: w + 8, height: lines.length * 14 + 5 } };
}

/** A layer name pinned to the left edge: its font, lines (15 px apart) and the width of its box. */
export function bandLabelLayout(label, fontFamily) {
  const font = `600 12px ${fontFamily}`;
  const lines = wrapLabel(label, 118, 3, font);
  const width = Math.max(0, ...lines.map((s) => measureText(s, font))) + 12;
  return { font, lines, width };
}

/** Screen y of the first line of a band's label: near its top, kept on screen while the band is. */
export function bandLabelY(band) {
  return Math.min(Math.max(band.top + 18, 16), band.bottom - 8);
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

/** Adds the event listeners {type: fn} to `el`; returns the function that removes them. */
export function listen(el, handlers) {
  const entries = Object.entries(handlers);
  for (const [type, fn] of entries) el.addEventListener(type, fn);
  return () => {
    for (const [type, fn] of entries) el.removeEventListener(type, fn);
  };
}

/**
 * When a frame during a pan or zoom may just move the last full picture (a bitmap or a CSS transform)
 * instead of drawing a new one: while full frames take longer than `slowMs` of script time, or come
 * slowly (the browser's painting, which the script cannot time). A full frame follows once the
 * gesture pauses for 150 ms.
 */
export function gestureGate(view, slowMs) {
  let lastDrawAt = 0;
  let slowGesture = false;
  let gestureFrames = 0;
  let forceFull = false;
  let idleTimer = 0;
  let lastFullMs = 0;
  return {
    /** Call at the start of every frame; true: move the last picture (`haveLast`: there is one). */
    quick(haveLast) {
      const now = performance.now();
      const interval = now - lastDrawAt;
      lastDrawAt = now;
      if (!view.interacting) {
        slowGesture = false;
        gestureFrames = 0;
      } else if (gestureFrames++ > 0 && interval > 45) slowGesture = true;
      if (!view.interacting || forceFull || !haveLast || !(lastFullMs > slowMs || slowGesture)) return false;
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        forceFull = true;
        view.requestFrame();
      }, 150);
      return true;
    },
    /** Runs and times a full frame. */
    full(drawFrame) {
      const t0 = performance.now();
      forceFull = false;
      clearTimeout(idleTimer);
      drawFrame();
      lastFullMs = performance.now() - t0;
    },
    /** Script time of the last full frame (ms). */
    lastFullMs: () => lastFullMs,
    stop: () => clearTimeout(idleTimer),
  };
}

/**
 * The live SVG renderer. `view` is the controller in graph.js: it owns the scene, the zoom transform,
 * the theme, the selection and the callbacks (hover, click, key).
 */
export function createSvgRenderer(container, view) {
  const scene = view.scene;
  const n = scene.n;
  const svg = svgEl("svg", {
    id: "graph-svg",
    role: "group",
    "aria-roledescription": "graph",
    width: 100,
    height: 100,
    "font-family": view.fontFamily,
  });
  svg.setAttribute("aria-label", view.ariaSummary());
  svg.style.display = "block";
  svg.style.touchAction = "none";
  svg.style.userSelect = "none";
  svg.style.transformOrigin = "0 0";
  // its own compositing layer, so moving it mid-gesture does not repaint it
  svg.style.willChange = "transform";
  container.appendChild(svg);

  const gBg = svgEl("rect", { class: "graph-bg", x: 0, y: 0, width: 100, height: 100, fill: "none", "aria-hidden": "true" }, svg);
  // everything drawn in screen coordinates at the last full frame; a pan at the same zoom only moves
  // this group (a full frame follows when the zoom changes or the picture does)
  const gPan = svgEl("g", { class: "pan" }, svg);
  const gBands = svgEl("g", { class: "bands", "aria-hidden": "true", "pointer-events": "none" }, gPan);
  const gEdges = svgEl("g", { class: "edges", "aria-hidden": "true", "pointer-events": "none", fill: "none" }, gPan);
  const gHeads = svgEl("g", { class: "edge-heads", "aria-hidden": "true", "pointer-events": "none" }, gPan);
  const gHi = svgEl("g", { class: "edges-selected", "aria-hidden": "true", "pointer-events": "none", fill: "none" }, gPan);
  const gMarks = svgEl("g", { class: "marks", "aria-hidden": "true", "pointer-events": "none", fill: "none" }, gPan);
  const gNodes = svgEl("g", { class: "nodes" }, gPan);
  const gTop = svgEl("g", { class: "top-labels", "aria-hidden": "true", "pointer-events": "none" }, gPan);
  const gBandLabels = svgEl("g", { class: "band-labels", "aria-hidden": "true", "pointer-events": "none" }, svg);

  // one path per (style, level): level 0 normal, 1 faded (inactive end), 2 dimmed (outside focus)
  const LEVELS = 3;
  const edgePaths = [];
  const headPaths = [];
  for (let s = 0; s < EDGE_STYLES.length; s++) {
    for (let l = 0; l < LEVELS; l++) {
      const st = EDGE_STYLES[s];
      edgePaths.push(
        svgEl("path", {
          class: `edge edge-${st.key}`,
          "stroke-width": st.width,
          "stroke-dasharray": st.dash ? st.dash.join(" ") : null,
          "stroke-linecap": st.cap || null,
        }, gEdges),
      );
      headPaths.push(svgEl("path", { class: `edge-head edge-${st.key}` }, gHeads));
    }
  }
  const hiPath = svgEl("path", { class: "edge-selected", "stroke-width": 2.2 }, gHi);
  const hiHeads = svgEl("path", { class: "edge-selected-head" }, gHi);

  // nodes, in reading order (layer by layer, left to right) so Tab follows the picture
  const nodeEls = new Array(n);
  const shapeEls = new Array(n);
  const labelEls = new Array(n);
  const hitEls = new Array(n);
  const labelState = new Array(n).fill("");
  labelState.ok = false;
  for (const i of scene.order) {
    const kind = scene.kindNames[scene.kinds[i]];
    const r = scene.radius[scene.kinds[i]];
    const g = svgEl("g", { class: `node node-${kind}`, tabindex: 0, role: "button" }, gNodes);
    g.setAttribute("data-id", scene.ids[i]);
    g.setAttribute("data-index", i);
    const title = svgEl("title", null, g);
    title.textContent = scene.names[i];
    // the click target: the marker and, once laid out, its name
    hitEls[i] = svgEl("rect", { class: "hit", x: -r - 5, y: -r - 5, width: 2 * r + 10, height: 2 * r + 10, fill: "none", "pointer-events": "all" }, g);
    shapeEls[i] = svgEl("path", { class: "shape", d: shapePath(kind, r), "stroke-width": kind === "goal" ? 1.6 : 1.1 }, g);
    labelEls[i] = svgEl("text", { class: "label", "text-anchor": "start", "font-size": kind === "goal" ? 12 : 11, "font-weight": kind === "goal" ? 600 : null, "paint-order": "stroke", "stroke-width": 3, "stroke-linejoin": "round", display: "none", "aria-hidden": "true" }, g);
    nodeEls[i] = g;
  }

  // events (delegated)
  const indexOf = (target) => {
    const g = target && target.closest ? target.closest("g.node") : null;
    return g && gNodes.contains(g) ? Number(g.getAttribute("data-index")) : -1;
  };
  const onPointerMove = (e) => view.hover(indexOf(e.target), e);
  const onPointerLeave = () => view.hover(-1, null);
  const onClick = (e) => {
    const i = indexOf(e.target);
    if (i >= 0) view.activate(i);
  };
  const onKeyDown = (e) => {
    const i = indexOf(e.target);
    if (i < 0) return;
    if (e.key === "Enter" || e.key === " " || e.key === "Spacebar") {
      e.preventDefault();
      view.activate(i);
    } else if (e.key.startsWith("Arrow")) {
      const j = view.neighbourInDirection(i, e.key.slice(5));
      if (j >= 0) {
        e.preventDefault();
        nodeEls[j].focus();
      }
    }
  };
  const onFocusIn = (e) => {
    const i = indexOf(e.target);
    let keyboard = true;
    try {
      keyboard = e.target.matches(":focus-visible");
    } catch {
      // no :focus-visible: treat every focus as keyboard focus
    }
    if (i >= 0 && keyboard) view.keyboardFocus(i);
  };
  const onFocusOut = () => view.keyboardFocus(-1);
  const unlisten = listen(svg, {
    pointermove: onPointerMove,
    pointerleave: onPointerLeave,
    click: onClick,
    keydown: onKeyDown,
    focusin: onFocusIn,
    focusout: onFocusOut,
  });

  let width = 100;
  let height = 100;
  let lastLabelK = -1;
  let lastFocusGen = -1;

  function resize(w, h) {
    width = w;
    height = h;
    svg.setAttribute("width", w);
    svg.setAttribute("height", h);
    svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    gBg.setAttribute("width", w);
    gBg.setAttribute("height", h);
    dirty = true;
  }

  let labelTheme = null;
  // many edges: lighter strokes, so the picture does not turn into a grey slab
  const density = scene.m > 600 ? Math.sqrt(600 / scene.m) : 1;
  function recolor() {
    const th = view.theme;
    for (let i = 0; i < n; i++) paintNode(i);
    for (let s = 0; s < EDGE_STYLES.length; s++) {
      const st = EDGE_STYLES[s];
      const c = edgeColor(st, th);
      for (let l = 0; l < LEVELS; l++) {
        const k = s * LEVELS + l;
        const op = (l === 0 ? st.opacity : l === 1 ? st.opacity * 0.35 : 0.06) * (s >= 3 ? 1 : density);
        edgePaths[k].setAttribute("stroke", c);
        edgePaths[k].setAttribute("stroke-opacity", f2(op));
        headPaths[k].setAttribute("fill", st.head === "arrow" ? c : "none");
        headPaths[k].setAttribute("stroke", st.head === "bar" ? c : "none");
        headPaths[k].setAttribute("stroke-width", st.head === "bar" ? 2.2 : 0);
        headPaths[k].setAttribute("opacity", f2(Math.min(1, op * 1.4)));
      }
    }
    hiPath.setAttribute("stroke", th.accent);
    hiHeads.setAttribute("fill", th.accent);
    if (labelTheme !== th) {
      labelTheme = th;
      for (const t of labelEls) {
        t.setAttribute("fill", th.fg);
        t.setAttribute("stroke", th.bg);
      }
    }
    dirty = true;
    draw();
  }

  // what each node was last painted with, so a re-score touches only the nodes that changed
  const painted = new Array(n).fill(null);
  function paintNode(i) {
    const th = view.theme;
    const shape = shapeEls[i];
    const inactive = scene.inactive[i] === 1;
    const label = view.nodeLabel(i);
    const key = `${scene.fill[i]}|${inactive}|${th.fg}|${label}`;
    if (painted[i] === key) return;
    painted[i] = key;
    shape.setAttribute("fill", scene.fill[i]);
    shape.setAttribute("stroke", th.fg);
    shape.setAttribute("fill-opacity", inactive ? 0.3 : 1);
    shape.setAttribute("stroke-opacity", inactive ? 0.75 : 0.9);
    if (inactive) shape.setAttribute("stroke-dasharray", "2.5 2");
    else shape.removeAttribute("stroke-dasharray");
    nodeEls[i].setAttribute("aria-label", label);
    nodeEls[i].classList.toggle("inactive", inactive);
  }

  const tip = { x: 0, y: 0, dx: 0, dy: 0 };

  let drawn = null; // transform of the last full frame
  let dirty = true;
  let lastLabelTime = 0;
  let bandLabelEls = null;

  function invalidate() {
    dirty = true;
  }

  const gate = gestureGate(view, SLOW_FRAME_MS);
  let culled = false;

  function draw() {
    const t = view.transform;
    if (gate.quick(drawn)) {
      // a slow picture moves as a bitmap while the gesture lasts; the full frame follows a pause
      const s = t.k / drawn.k;
      svg.style.transform = `translate(${f2(t.x - drawn.x * s)}px,${f2(t.y - drawn.y * s)}px) scale(${s})`;
      return;
    }
    if (!dirty && !culled && drawn && drawn.k === t.k && labelState.ok && !svg.style.transform) {
      gPan.setAttribute("transform", `translate(${f2(t.x - drawn.x)},${f2(t.y - drawn.y)})`);
      drawBandLabels(t);
      return;
    }
    gate.full(() => {
      svg.style.transform = "";
      fullDraw(t);
    });
  }

  function fullDraw(t) {
    dirty = false;
    drawn = t;
    gPan.removeAttribute("transform");
    const th = view.theme;
    const k = t.k;
    const vx = scene.vx;
    const vy = scene.vy;
    const sy = (y) => t.y + k * y;

    // band stripes, wide enough to survive panning
    gBands.replaceChildren();
    screenBands(scene, sy).forEach((b, idx) => {
      if (idx % 2 === 0) svgEl("rect", { x: -1e5, y: f2(b.top), width: 2e5 + width, height: f2(b.bottom - b.top), fill: th.grid, "fill-opacity": th.dark ? 0.35 : 0.45 }, gBands);
    });
    drawBandLabels(t);

    const sc = markerScale(scene, k);
    // edges
    const m = scene.m;
    const from = scene.from;
    const to = scene.to;
    const builders = edgePaths.map(() => new PathBuilder());
    const heads = headPaths.map(() => new PathBuilder());
    const focus = view.focusMask;
    const hi = new PathBuilder();
    const hiH = new PathBuilder();
    const sel = view.selected;
    const M = 80;
    culled = false;
    for (let e = 0; e < m; e++) {
      const a = from[e];
      const b = to[e];
      if (a === b) continue;
      const style = scene.edgeStyle[e];
      const level = focus && !(focus[a] && focus[b]) ? 2 : scene.inactive[a] || scene.inactive[b] ? 1 : 0;
      const idx = style * LEVELS + level;
      const sx = t.x + k * vx[a];
      const syy = t.y + k * vy[a];
      const tx = t.x + k * vx[b];
      const ty = t.y + k * vy[b];
      // off screen on one side: not drawn (long dashed paths cost raster time even out of sight)
      if ((sx < -M && tx < -M) || (sx > width + M && tx > width + M) || (syy < -M && ty < -M) || (syy > height + M && ty > height + M)) {
        culled = true;
        continue;
      }
      const rs = scene.radius[scene.kinds[a]] * sc + 1;
      const rt = scene.radius[scene.kinds[b]] * sc + 2;
      const st = EDGE_STYLES[style];
      if (a === sel || b === sel) {
        traceEdge(hi, sx, syy, tx, ty, rs, rt, true, tip);
        if (st.head !== "none") traceArrow(hiH, tip, 7);
        continue;
      }
      traceEdge(builders[idx], sx, syy, tx, ty, rs, rt, true, tip);
      if (Math.abs(tx - sx) + Math.abs(ty - syy) > HEAD_MIN_LENGTH) traceHead(heads[idx], st, tip, 6);
    }
    for (let p = 0; p < edgePaths.length; p++) {
      setD(edgePaths[p], builders[p]);
      setD(headPaths[p], heads[p]);
    }
    setD(hiPath, hi);
    setD(hiHeads, hiH);

    // nodes (markers shrink when the graph is too dense for them)
    const tail = sc < 1 ? ` scale(${f2(sc)})` : "";
    for (let i = 0; i < n; i++) {
      nodeEls[i].setAttribute("transform", `translate(${f2(t.x + k * vx[i])},${f2(t.y + k * vy[i])})${tail}`);
    }
    const focusGen = view.focusGeneration;
    if (focusGen !== lastFocusGen) {
      lastFocusGen = focusGen;
      for (let i = 0; i < n; i++) {
        if (focus && !focus[i]) nodeEls[i].setAttribute("opacity", 0.15);
        else nodeEls[i].removeAttribute("opacity");
      }
      lastLabelK = -1;
    }
    // names are re-wrapped for the new zoom at most every 120 ms while zooming, and when it ends
    labelState.ok = true;
    if (k !== lastLabelK) {
      const now = performance.now();
      if (!view.interacting || now - lastLabelTime > 120) {
        lastLabelK = k;
        lastLabelTime = now;
        layoutLabels(k);
      } else labelState.ok = false;
    }
    drawMarks();
  }

  // layer names pinned to the left edge, following the bands vertically
  function drawBandLabels(t) {
    const th = view.theme;
    const bands = screenBands(scene, (y) => t.y + t.k * y);
    if (!bandLabelEls || bandLabelEls.length !== bands.length) {
      gBandLabels.replaceChildren();
      bandLabelEls = bands.map((b) => {
        const g = svgEl("g", null, gBandLabels);
        const { lines, width: bw } = bandLabelLayout(b.label, view.fontFamily);
        const rect = svgEl("rect", { x: 4, y: -13, width: f2(bw), height: lines.length * 15 + 6, rx: 4, "fill-opacity": 0.85 }, g);
        const text = svgEl("text", { x: 10, y: 0, "font-size": 12, "font-weight": 600 }, g);
        lines.forEach((line, li) => {
          const ts = svgEl("tspan", { x: 10, y: li * 15 }, text);
          ts.textContent = line;
        });
        return { g, rect, text };
      });
    }
    bands.forEach((b, idx) => {
      const { g, rect, text } = bandLabelEls[idx];
      rect.setAttribute("fill", th.bg);
      text.setAttribute("fill", th.muted);
      if (b.bottom < 0 || b.top > height) {
        g.setAttribute("display", "none");
        return;
      }
      g.removeAttribute("display");
      g.setAttribute("transform", `translate(0,${f2(bandLabelY(b))})`);
    });
  }

  function setD(path, b) {
    if (b.empty) path.removeAttribute("d");
    else path.setAttribute("d", b.toString());
  }

  function layoutLabels(k) {
    const focus = view.focusMask;
    for (let i = 0; i < n; i++) {
      const r = scene.radius[scene.kinds[i]];
      let lines = [];
      const room = labelRoom(scene, i, k, r);
      const font = (room.goal ? LABEL_FONT.goal : LABEL_FONT.normal)(view.fontFamily);
      if (!(focus && !focus[i]) && room.lines) lines = wrapLabel(scene.names[i], room.width, room.lines, font);
      const key = lines.join("\n");
      if (key === labelState[i]) continue;
      labelState[i] = key;
      const text = labelEls[i];
      text.replaceChildren();
      const hit = hitEls[i];
      if (!lines.length) {
        text.setAttribute("display", "none");
        hit.setAttribute("width", 2 * r + 10);
        hit.setAttribute("y", -r - 5);
        hit.setAttribute("height", 2 * r + 10);
        continue;
      }
      text.removeAttribute("display");
      const ys = labelBaselines(lines.length, room.goal);
      const tw = Math.max(...lines.map((x) => measureText(x, font)));
      const top = Math.min(-r - 5, ys[0] - 12);
      hit.setAttribute("width", f2(2 * r + 10 + tw));
      hit.setAttribute("y", f2(top));
      hit.setAttribute("height", f2(Math.max(r + 5, ys[ys.length - 1] + 4) - top));
      lines.forEach((line, li) => {
        const ts = svgEl("tspan", { x: f2(r + 5), y: ys[li] }, text);
        ts.textContent = line;
      });
    }
  }

  // rings for the selection, search matches and keyboard focus; full labels for the selection and the
  // first match on top of everything
  function drawMarks() {
    const t = view.transform;
    const th = view.theme;
    gMarks.replaceChildren();
    gTop.replaceChildren();
    const ring = (i, color, w, extra) => {
      const x = t.x + t.k * scene.vx[i];
      const y = t.y + t.k * scene.vy[i];
      svgEl("circle", { cx: f2(x), cy: f2(y), r: scene.radius[scene.kinds[i]] + extra, stroke: color, "stroke-width": w }, gMarks);
    };
    const matches = view.matches;
    const lim = Math.min(matches.length, 300);
    for (let q = 0; q < lim; q++) ring(matches[q], th.accent, 2, 5);
    if (view.keyboardIndex >= 0) ring(view.keyboardIndex, th.fg, 2, 8);
    const sel = view.selected;
    // the selection and the first match get their full name on top; their own label steps aside
    for (const i of toppedLabels) if (labelState[i]) labelEls[i].removeAttribute("display");
    toppedLabels = [];
    if (sel >= 0) {
      ring(sel, th.accent, 3, 6);
      topLabel(sel);
    }
    if (matches.length && matches[0] !== sel) topLabel(matches[0]);
  }
  let toppedLabels = [];

  function topLabel(i) {
    const t = view.transform;
    const th = view.theme;
    labelEls[i].setAttribute("display", "none");
    toppedLabels.push(i);
    const x = t.x + t.k * scene.vx[i];
    const y = t.y + t.k * scene.vy[i];
    const { lines, x0, ys, box } = topLabelLayout(scene.names[i], x, y, scene.radius[scene.kinds[i]], view.fontFamily);
    svgEl("rect", { x: f2(box.x), y: f2(box.y), width: f2(box.width), height: box.height, rx: 3, fill: th.bg, "fill-opacity": 0.94, stroke: th.accent, "stroke-width": 1 }, gTop);
    const text = svgEl("text", { "font-size": 12, "font-weight": 600, fill: th.fg }, gTop);
    lines.forEach((line, li) => {
      const ts = svgEl("tspan", { x: f2(x0), y: f2(ys[li]) }, text);
      ts.textContent = line;
    });
  }

  function focusNode(i) {
    if (nodeEls[i]) nodeEls[i].focus({ preventScroll: true });
  }

  // DOM (and so Tab) order follows the reading order after the rows were re-wrapped
  function reorder() {
    for (const i of scene.order) gNodes.appendChild(nodeEls[i]);
    lastLabelK = -1;
    dirty = true;
  }

  function exportSvg() {
    const clone = svg.cloneNode(true);
    clone.removeAttribute("id");
    clone.removeAttribute("style");
    clone.setAttribute("xmlns", SVG_NS);
    const bg = clone.querySelector("rect.graph-bg");
    if (bg) bg.setAttribute("fill", view.theme.bg);
    for (const g of clone.querySelectorAll("g.node")) {
      g.removeAttribute("tabindex");
      g.removeAttribute("data-index");
    }
    return clone;
  }

  function destroy() {
    gate.stop();
    unlisten();
    svg.remove();
  }

  return {
    element: svg,
    resize,
    draw,
    invalidate,
    recolor,
    focusNode,
    reorder,
    exportSvg,
    destroy,
    nodeElement: (i) => nodeEls[i],
    lastFrameMs: gate.lastFullMs,
    setAriaLabel: (s) => svg.setAttribute("aria-label", s),
    // the SVG is cheap to redraw, so hover never needs a full frame
    hitTest: null,
  };
}

/**
 * A static SVG of the visible part of a (large) graph, for "save as SVG/PNG" from the canvas renderer.
 * Draws at most `maxNodes` nodes and `maxEdges` edges inside the viewport.
 */
export function staticSvg(view, width, height, maxNodes = 4000, maxEdges = 12000) {
  const scene = view.scene;
  const t = view.transform;
  const th = view.theme;
  const k = t.k;
  const svg = svgEl("svg", { xmlns: SVG_NS, width, height, viewBox: `0 0 ${width} ${height}`, "font-family": view.fontFamily, role: "img" });
  svg.setAttribute("aria-label", view.ariaSummary());
  svgEl("rect", { x: 0, y: 0, width, height, fill: th.bg }, svg);
  const sy = (y) => t.y + k * y;
  const gb = svgEl("g", { class: "bands" }, svg);
  const bandList = screenBands(scene, sy);
  bandList.forEach((b, idx) => {
    if (b.bottom < 0 || b.top > height) return;
    if (idx % 2 === 0) svgEl("rect", { x: 0, y: f2(b.top), width, height: f2(b.bottom - b.top), fill: th.grid, "fill-opacity": th.dark ? 0.35 : 0.45 }, gb);
  });

  const inView = (i, pad) => {
    const x = t.x + k * scene.vx[i];
    const y = t.y + k * scene.vy[i];
    return x >= -pad && y >= -pad && x <= width + pad && y <= height + pad;
  };
  const nodes = [];
  for (let i = 0; i < scene.n && nodes.length < maxNodes; i++) if (inView(i, 10)) nodes.push(i);
  const shown = new Uint8Array(scene.n);
  for (const i of nodes) shown[i] = 1;

  const builders = EDGE_STYLES.map(() => new PathBuilder());
  const heads = EDGE_STYLES.map(() => new PathBuilder());
  const tip = { x: 0, y: 0, dx: 0, dy: 0 };
  let count = 0;
  for (let e = 0; e < scene.m && count < maxEdges; e++) {
    const a = scene.from[e];
    const b = scene.to[e];
    if (a === b || !(shown[a] || shown[b])) continue;
    count++;
    const s = scene.edgeStyle[e];
    const len = traceSceneEdge(builders[s], scene, t, a, b, scene.radius[scene.kinds[a]] + 1, scene.radius[scene.kinds[b]] + 2, true, tip);
    if (len > HEAD_MIN_LENGTH) traceHead(heads[s], EDGE_STYLES[s], tip, 6);
  }
  const ge = svgEl("g", { class: "edges", fill: "none" }, svg);
  const op = count > 3000 ? 0.5 : 1;
  EDGE_STYLES.forEach((st, s) => {
    if (builders[s].empty) return;
    const c = edgeColor(st, th);
    svgEl("path", { class: `edge edge-${st.key}`, d: builders[s].toString(), stroke: c, "stroke-width": st.width, "stroke-opacity": f2(st.opacity * op), "stroke-dasharray": st.dash ? st.dash.join(" ") : null, "stroke-linecap": st.cap || null }, ge);
    if (!heads[s].empty) svgEl("path", { d: heads[s].toString(), fill: st.head === "arrow" ? c : "none", stroke: st.head === "bar" ? c : "none", "stroke-width": st.head === "bar" ? 2 : 0, opacity: f2(Math.min(1, st.opacity * 1.4)) }, ge);
  });

  const gn = svgEl("g", { class: "nodes" }, svg);
  const showLabels = nodes.length <= 1500;
  for (const i of nodes) {
    const kind = scene.kindNames[scene.kinds[i]];
    const r = scene.radius[scene.kinds[i]];
    const x = t.x + k * scene.vx[i];
    const y = t.y + k * scene.vy[i];
    const g = svgEl("g", { class: `node node-${kind}`, transform: `translate(${f2(x)},${f2(y)})` }, gn);
    g.setAttribute("data-id", scene.ids[i]);
    if (view.focusMask && !view.focusMask[i]) g.setAttribute("opacity", 0.15);
    const title = svgEl("title", null, g);
    title.textContent = scene.names[i];
    const inactive = scene.inactive[i] === 1;
    svgEl("path", { d: shapePath(kind, r), fill: scene.fill[i], stroke: th.fg, "stroke-width": kind === "goal" ? 1.6 : 1.1, "fill-opacity": inactive ? 0.3 : 1, "stroke-dasharray": inactive ? "2.5 2" : null }, g);
    if (showLabels) {
      const room = labelRoom(scene, i, k, r);
      const lines = room.lines ? wrapLabel(scene.names[i], room.width, room.lines, (room.goal ? LABEL_FONT.goal : LABEL_FONT.normal)(view.fontFamily)) : [];
      if (lines.length) {
        const text = svgEl("text", { "font-size": room.goal ? 12 : 11, "font-weight": room.goal ? 600 : null, fill: th.fg, stroke: th.bg, "stroke-width": 3, "paint-order": "stroke", "stroke-linejoin": "round" }, g);
        const ys = labelBaselines(lines.length, room.goal);
        lines.forEach((line, li) => {
          const ts = svgEl("tspan", { x: f2(r + 5), y: ys[li] }, text);
          ts.textContent = line;
        });
      }
    }
  }
  const gl = svgEl("g", { class: "band-labels" }, svg);
  bandList.forEach((b) => {
    if (b.bottom < 0 || b.top > height) return;
    const text = svgEl("text", { x: 10, y: f2(bandLabelY(b)), "font-size": 12, "font-weight": 600, fill: th.muted, stroke: th.bg, "stroke-width": 3, "paint-order": "stroke" }, gl);
    text.textContent = b.label;
  });
  return svg;
}
