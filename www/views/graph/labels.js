// Node and layer names on the chart: text measuring, word wrapping with an ellipsis, the room a label
// has at a zoom and where its lines go.

// a memo of a pure function (the same text in the same font has the same width everywhere)
let measureCtx = null;
const measured = new Map();

/** Width of `text` in pixels for a CSS font. */
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
 * with an ellipsis when the text does not fit. Returns [] when not even a few characters fit.
 * `measure(text, font)` gives a text's width (measureText on a canvas by default). */
export function wrapLabel(text, maxWidth, maxLines, font, measure = measureText) {
  if (maxLines < 1 || maxWidth < 18) return [];
  if (measure(text, font) <= maxWidth) return [text];
  const words = text.split(/\s+/).filter(Boolean);
  const lines = [];
  let line = "";
  let i = 0;
  while (i < words.length && lines.length < maxLines) {
    const candidate = line ? `${line} ${words[i]}` : words[i];
    if (measure(candidate, font) <= maxWidth) {
      line = candidate;
      i++;
    } else if (!line) {
      // one word longer than the line: cut it
      lines.push(truncate(words[i], maxWidth, font, false, measure));
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
    lines[last] = truncate(`${lines[last]} ${words.slice(i).join(" ")}`, maxWidth, font, true, measure);
  }
  return lines;
}

function truncate(text, maxWidth, font, force, measure) {
  if (!force && measure(text, font) <= maxWidth) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (measure(`${text.slice(0, mid).trimEnd()}…`, font) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? "…" : `${text.slice(0, lo).trimEnd()}…`;
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

/** Labels drawn at most in one frame of the canvas. */
export const MAX_LABELS = 600;

/**
 * Keeps labels from overlapping on a chart of width x height: a coarse occupancy grid (cells of
 * `cell` px); place() takes a screen box and answers whether it is free, marking it taken when it is.
 * Boxes partly off the chart are refused (a label is either readable or not drawn).
 */
export class LabelPlacer {
  constructor(width, height, cell = 6) {
    this.cell = cell;
    this.cols = Math.max(1, Math.ceil(width / cell));
    this.rows = Math.max(1, Math.ceil(height / cell));
    this.width = width;
    this.height = height;
    this.taken = new Uint8Array(this.cols * this.rows);
    this.count = 0;
  }
  place(x, y, w, h) {
    if (x < 0 || y < 0 || x + w > this.width || y + h > this.height) return false;
    const c0 = Math.floor(x / this.cell);
    const c1 = Math.min(this.cols - 1, Math.floor((x + w) / this.cell));
    const r0 = Math.floor(y / this.cell);
    const r1 = Math.min(this.rows - 1, Math.floor((y + h) / this.cell));
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) if (this.taken[r * this.cols + c]) return false;
    for (let r = r0; r <= r1; r++) this.taken.fill(1, r * this.cols + c0, r * this.cols + c1 + 1);
    this.count++;
    return true;
  }
}

/**
 * The nodes of `visible` (count `nVisible`) worth a label, most important first: higher layers
 * (goals) before lower ones, then reading order. A node is a candidate when its label has room at
 * this zoom (labelRoom); `skip(i)` leaves a node out (outside the focus, inside a closed group).
 */
export function labelCandidates(scene, visible, nVisible, k, radiusOf, skip) {
  const out = [];
  for (let p = 0; p < nVisible; p++) {
    const i = visible[p];
    if (skip && skip(i)) continue;
    const room = labelRoom(scene, i, k, radiusOf(scene.kinds[i]));
    if (room.lines) out.push(i);
  }
  out.sort((a, b) => scene.layerOf[a] - scene.layerOf[b] || scene.vy[a] - scene.vy[b] || scene.vx[a] - scene.vx[b]);
  return out;
}

/** Names shown over a crowded picture (a box behind each), at most this many per frame. */
export const MAX_PRIORITY_LABELS = 40;

/**
 * The order in which crowded nodes get a name where none has room beside it: the most connected node
 * of every layer (top layer first), then the second of every layer, and so on; computed once per scene.
 */
export function labelPriority(scene) {
  if (scene.labelPriority) return scene.labelPriority;
  const degree = (i) => scene.adjStart[i + 1] - scene.adjStart[i];
  const perLayer = scene.layers.map((L) => [...L.nodes].sort((a, b) => degree(b) - degree(a) || a - b));
  const order = new Uint32Array(scene.n);
  let fill = 0;
  for (let r = 0; fill < scene.n; r++) for (const nodes of perLayer) if (r < nodes.length) order[fill++] = nodes[r];
  scene.labelPriority = order;
  return order;
}

/**
 * Names over a crowded picture at transform t on a chart of width x height: in labelPriority's order,
 * on screen, one line of at most 150 px right of the marker (radiusOf(kind) px), wherever `placer`
 * (a LabelPlacer) has room; `skip(i)` leaves a node out. Returns [{i, x, y, line, font, width}] (x, y:
 * the text's start and baseline), at most MAX_PRIORITY_LABELS.
 */
export function priorityLabels(scene, t, width, height, radiusOf, placer, fontFamily, skip = null, measure = measureText) {
  const order = labelPriority(scene);
  const out = [];
  let scanned = 0;
  for (let q = 0; q < order.length && out.length < MAX_PRIORITY_LABELS && scanned < 5000; q++) {
    const i = order[q];
    if (skip && skip(i)) continue;
    const x = t.x + t.k * scene.vx[i];
    const y = t.y + t.k * scene.vy[i];
    if (x < 0 || y < 0 || x > width || y > height) continue;
    scanned++;
    const font = (scene.kindNames[scene.kinds[i]] === "goal" ? LABEL_FONT.goal : LABEL_FONT.normal)(fontFamily);
    const line = wrapLabel(scene.names[i], 150, 1, font, measure)[0];
    if (!line) continue;
    const w = measure(line, font);
    const lx = x + radiusOf(scene.kinds[i]) + 4;
    if (!placer.place(lx - 3, y - 9, w + 6, 16)) continue;
    out.push({ i, x: lx, y: y + 4, line, font, width: w });
  }
  return out;
}
