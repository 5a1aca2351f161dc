// Aggregation of a strategy graph too large to draw node by node: groups of nodes (a layer x the
// top-layer node each one reaches first, e.g. Applications serving goal G7), laid out as a matrix of
// boxes (layers as rows, the top layer's nodes as columns, wrapped into blocks that fit the chart),
// the edges between groups counted, and the groups a person expanded drawn node by node inside their
// box. Pure computation on typed arrays (no DOM).

/** Models with more nodes than this are drawn aggregated. */
export const AGGREGATE_MIN_NODES = 10000;
/** Most columns (top-layer nodes, or runs of them) of the matrix of groups. */
export const MAX_ANCHORS = 24;

// view units of the group layout
export const BOX = { width: 150, height: 56, header: 34, spacing: 40, gapX: 40, gapY: 90 };

/**
 * Groups of the scene's nodes: each node's column is the top-layer node nearest to it (a breadth-first
 * walk over edges in either direction from every top-layer node at once; the top layer's nodes in
 * reading order, bucketed into at most MAX_ANCHORS runs; a node reached from several columns at once
 * takes the one most of its nearer neighbours have), and a group is a layer x a column. Nodes no
 * walk reaches form a last column, "Not linked". Returns {groups, groupOf, columns}: each group
 * {key, index, layer, column, label, title, members (Uint32Array, in the layout's order)}.
 */
export function groupScene(scene, maxAnchors = MAX_ANCHORS) {
  const n = scene.n;
  const top = scene.layers[0]?.nodes ?? [];
  const A = top.length;
  const buckets = Math.max(1, Math.min(maxAnchors, A));
  const columnOf = new Int32Array(n).fill(-1);
  const dist = new Int32Array(n).fill(-1);
  const queue = new Uint32Array(n);
  let head = 0;
  let tail = 0;
  top.forEach((i, j) => {
    columnOf[i] = Math.floor((j * buckets) / Math.max(A, 1));
    dist[i] = 0;
    queue[tail++] = i;
  });
  while (head < tail) {
    const u = queue[head++];
    for (let p = scene.adjStart[u]; p < scene.adjStart[u + 1]; p++) {
      const v = scene.adjNode[p];
      if (dist[v] < 0) {
        dist[v] = dist[u] + 1;
        queue[tail++] = v;
      }
    }
  }
  // in walk order, each node takes the column most of its neighbours one step nearer have (ties: the
  // first column), so a node linked to several goals is counted once, where most of its links go
  const tally = new Uint32Array(buckets);
  for (let q = 0; q < tail; q++) {
    const v = queue[q];
    if (dist[v] === 0) continue;
    let best = -1;
    for (let p = scene.adjStart[v]; p < scene.adjStart[v + 1]; p++) {
      const u = scene.adjNode[p];
      if (dist[u] !== dist[v] - 1) continue;
      const c = columnOf[u];
      tally[c]++;
      if (best < 0 || tally[c] > tally[best] || (tally[c] === tally[best] && c < best)) best = c;
    }
    for (let p = scene.adjStart[v]; p < scene.adjStart[v + 1]; p++) {
      const u = scene.adjNode[p];
      if (dist[u] === dist[v] - 1) tally[columnOf[u]] = 0;
    }
    columnOf[v] = best;
  }
  const topLabel = (scene.layers[0]?.label || "top layer").toLowerCase();
  const columns = [];
  for (let b = 0; b < buckets; b++) columns.push({ anchors: [], label: "", key: "" });
  top.forEach((i, j) => columns[Math.floor((j * buckets) / Math.max(A, 1))].anchors.push(i));
  for (const c of columns) {
    const first = c.anchors[0];
    c.key = scene.ids[first] ?? "";
    c.label = c.anchors.length <= 1 ? scene.names[first] ?? "" : `${scene.names[first]} and ${c.anchors.length - 1} more`;
  }
  const unlinked = columns.length;
  columns.push({ anchors: [], label: `Not linked to the ${topLabel}`, key: "" });
  for (let i = 0; i < n; i++) if (columnOf[i] < 0) columnOf[i] = unlinked;

  // one group per layer x column, in layer then column order
  const L = scene.layers.length;
  const C = columns.length;
  const counts = new Uint32Array(L * C);
  for (let i = 0; i < n; i++) counts[scene.layerOf[i] * C + columnOf[i]]++;
  const cellGroup = new Int32Array(L * C).fill(-1);
  const groups = [];
  for (let l = 0; l < L; l++) {
    for (let c = 0; c < C; c++) {
      const count = counts[l * C + c];
      if (!count) continue;
      const layerLabel = scene.layers[l].label;
      cellGroup[l * C + c] = groups.length;
      groups.push({
        key: `${layerLabel}|${c === unlinked ? "-" : columns[c].key}`,
        index: groups.length,
        layer: l,
        column: c,
        label: columns[c].label,
        title: `${layerLabel}: ${columns[c].label}`,
        members: new Uint32Array(count),
        fill: 0,
      });
    }
  }
  const groupOf = new Uint32Array(n);
  // members in the layout's reading order (x, then y), so an expanded group keeps the engine's order
  for (const layer of scene.layers) {
    for (const i of layer.nodes) {
      const g = groups[cellGroup[scene.layerOf[i] * C + columnOf[i]]];
      g.members[g.fill++] = i;
      groupOf[i] = g.index;
    }
  }
  for (const g of groups) delete g.fill;
  return { groups, groupOf, columns };
}

/** The grid of an open group of `count` members: columns and rows (wider than high). */
export function memberGrid(count) {
  const cols = Math.max(1, Math.ceil(Math.sqrt(count * 2.5)));
  return { cols, rows: Math.ceil(count / cols) };
}

/** Whether group g is drawn node by node: expanded by the person, or a single node. */
export function isOpen(g, expanded) {
  return g.members.length <= 1 || expanded.has(g.key);
}

/**
 * Places the groups as boxes and the members of open groups inside theirs, for a chart of aspect
 * `aspect` (width / height). Writes scene.vx/vy (members of closed groups sit at their box's centre),
 * scene.hidden (1: inside a closed group) and returns {boxes: Float64Array (x0, y0, x1, y1 per group),
 * open: Uint8Array, rows: [{label, y0, y1}] (one per layer and block), bounds}.
 */
export function layoutGroups(scene, grouping, expanded, aspect = 1.6) {
  const { groups, columns } = grouping;
  const L = scene.layers.length;
  const C = columns.length;
  const G = groups.length;
  const open = new Uint8Array(G);
  const w = new Float64Array(G);
  const h = new Float64Array(G);
  const usedCols = [...new Set(groups.map((g) => g.column))].sort((a, b) => a - b);
  for (const g of groups) {
    if (isOpen(g, expanded)) {
      open[g.index] = 1;
      const { cols, rows } = memberGrid(g.members.length);
      w[g.index] = Math.max(BOX.width, cols * BOX.spacing + BOX.spacing / 2);
      h[g.index] = BOX.header + rows * BOX.spacing;
    } else {
      w[g.index] = BOX.width;
      h[g.index] = BOX.height;
    }
  }
  const cellOf = new Int32Array(L * C).fill(-1);
  for (const g of groups) cellOf[g.layer * C + g.column] = g.index;
  // blocks of columns stacked vertically: as many as make the picture's aspect nearest the chart's
  const measure = (B) => {
    const per = Math.ceil(usedCols.length / B);
    let W = 0;
    let H = 0;
    for (let b = 0; b < B; b++) {
      const cols = usedCols.slice(b * per, (b + 1) * per);
      if (!cols.length) continue;
      let bw = 0;
      for (const c of cols) {
        let cw = 0;
        for (let l = 0; l < L; l++) if (cellOf[l * C + c] >= 0) cw = Math.max(cw, w[cellOf[l * C + c]]);
        bw += cw + BOX.gapX;
      }
      W = Math.max(W, bw);
      for (let l = 0; l < L; l++) {
        let rh = 0;
        for (const c of cols) if (cellOf[l * C + c] >= 0) rh = Math.max(rh, h[cellOf[l * C + c]]);
        if (rh) H += rh + BOX.gapY;
      }
      H += BOX.gapY;
    }
    return { per, W, H, fit: Math.min(aspect / Math.max(W, 1), 1 / Math.max(H, 1)) };
  };
  let best = measure(1);
  for (let B = 2; B <= usedCols.length; B++) {
    const m = measure(B);
    if (m.fit > best.fit) best = m;
  }
  const boxes = new Float64Array(G * 4);
  const rows = [];
  let y = 0;
  for (let b = 0; b * best.per < usedCols.length; b++) {
    const cols = usedCols.slice(b * best.per, (b + 1) * best.per);
    const colX = [];
    let x = 0;
    for (const c of cols) {
      let cw = 0;
      for (let l = 0; l < L; l++) if (cellOf[l * C + c] >= 0) cw = Math.max(cw, w[cellOf[l * C + c]]);
      colX.push([x, cw]);
      x += cw + BOX.gapX;
    }
    for (let l = 0; l < L; l++) {
      let rh = 0;
      for (const c of cols) if (cellOf[l * C + c] >= 0) rh = Math.max(rh, h[cellOf[l * C + c]]);
      if (!rh) continue;
      cols.forEach((c, ci) => {
        const gi = cellOf[l * C + c];
        if (gi < 0) return;
        const [cx, cw] = colX[ci];
        const x0 = cx + (cw - w[gi]) / 2;
        boxes.set([x0, y, x0 + w[gi], y + h[gi]], gi * 4);
      });
      rows.push({ label: scene.layers[l].label, y0: y, y1: y + rh });
      y += rh + BOX.gapY;
    }
    y += BOX.gapY;
  }
  // node positions
  const hidden = scene.hidden && scene.hidden.length === scene.n ? scene.hidden : (scene.hidden = new Uint8Array(scene.n));
  for (const g of groups) {
    const gi = g.index;
    const [x0, y0, x1, y1] = boxes.subarray(gi * 4, gi * 4 + 4);
    const members = g.members;
    if (open[gi]) {
      const { cols } = memberGrid(members.length);
      const left = x0 + (x1 - x0 - (cols - 1) * BOX.spacing) / 2;
      for (let p = 0; p < members.length; p++) {
        const i = members[p];
        scene.vx[i] = left + (p % cols) * BOX.spacing;
        scene.vy[i] = y0 + BOX.header + BOX.spacing / 2 + Math.floor(p / cols) * BOX.spacing;
        hidden[i] = 0;
      }
    } else {
      const cx = (x0 + x1) / 2;
      const cy = (y0 + y1) / 2;
      for (let p = 0; p < members.length; p++) {
        scene.vx[members[p]] = cx;
        scene.vy[members[p]] = cy;
        hidden[members[p]] = 1;
      }
    }
  }
  let bx0 = Infinity;
  let bx1 = -Infinity;
  let by0 = Infinity;
  let by1 = -Infinity;
  for (let gi = 0; gi < G; gi++) {
    bx0 = Math.min(bx0, boxes[gi * 4]);
    by0 = Math.min(by0, boxes[gi * 4 + 1]);
    bx1 = Math.max(bx1, boxes[gi * 4 + 2]);
    by1 = Math.max(by1, boxes[gi * 4 + 3]);
  }
  const bounds = G ? { x0: bx0, y0: by0, x1: bx1, y1: by1 } : { x0: 0, y0: 0, x1: 1, y1: 1 };
  return { boxes, open, rows, bounds };
}

/**
 * The edges between what is drawn: an end inside a closed group stands for its group (id n + group),
 * an end in an open group for itself; edges with both ends drawn as nodes are left to the node
 * renderer, edges inside one closed group are dropped. Returns {a, b, count} (typed arrays, a < b),
 * heaviest first.
 */
export function aggregateEdges(scene, groupOf, groupCount, hidden) {
  const n = scene.n;
  const from = scene.from;
  const to = scene.to;
  const N = n + groupCount;
  const counts = new Map();
  for (let e = 0; e < from.length; e++) {
    const a = from[e];
    const b = to[e];
    if (!hidden[a] && !hidden[b]) continue;
    const ra = hidden[a] ? n + groupOf[a] : a;
    const rb = hidden[b] ? n + groupOf[b] : b;
    if (ra === rb) continue;
    const key = ra < rb ? ra * N + rb : rb * N + ra;
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  const entries = [...counts.entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0]);
  const a = new Uint32Array(entries.length);
  const b = new Uint32Array(entries.length);
  const count = new Uint32Array(entries.length);
  entries.forEach(([key, c], q) => {
    a[q] = Math.floor(key / N);
    b[q] = key % N;
    count[q] = c;
  });
  return { a, b, count };
}

/** Mean of `values` over each group's members (NaN where none has a value). */
export function groupMeans(groups, values) {
  const out = new Float64Array(groups.length);
  for (const g of groups) {
    let s = 0;
    let c = 0;
    for (const i of g.members) {
      const v = values[i];
      if (Number.isFinite(v)) {
        s += v;
        c++;
      }
    }
    out[g.index] = c ? s / c : Number.NaN;
  }
  return out;
}

/** Screen line width of an aggregated edge standing for `count` edges (1 to 10 px, logarithmic). */
export function aggregateWidth(count) {
  return Math.min(10, 1 + Math.log2(Math.max(1, count)));
}

/** The group whose box holds the view point (x, y), or -1. */
export function groupAt(boxes, x, y) {
  for (let g = 0, G = boxes.length / 4; g < G; g++) {
    if (x >= boxes[g * 4] && x <= boxes[g * 4 + 2] && y >= boxes[g * 4 + 1] && y <= boxes[g * 4 + 3]) return g;
  }
  return -1;
}
