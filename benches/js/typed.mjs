// A baseline for comparison only (benches/side-by-side.mjs, docs/performance.md): the scoring
// steps written as a web developer would write them on plain typed arrays (a CSR graph, Kahn
// order, iterative Tarjan), computing the same numbers as the engine (docs/scoring.md,
// src/bench.rs). Handles models whose alignment and depends_on edges have no cycle (the
// generated layered models); refuses others with the reason.

const GOAL = 1;
const INITIATIVE = 2;
const DONE = 1;
const CANCELLED = 2;
const APPROVED = 3;

/**
 * A CSR graph over n nodes from parallel from/to/weight lists: self-loops dropped, parallel
 * edges merged keeping the largest weight (as the engine does).
 */
function csr(n, from, to, weight) {
  const m = from.length;
  const start = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) start[from[e] + 1]++;
  for (let v = 0; v < n; v++) start[v + 1] += start[v];
  const fill = start.slice(0, n);
  const target = new Int32Array(m);
  const w = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    const p = fill[from[e]]++;
    target[p] = to[e];
    w[p] = weight[e];
  }
  // Sort each (short) row by target and merge duplicates in place.
  const off = new Int32Array(n + 1);
  let out = 0;
  for (let v = 0; v < n; v++) {
    const a = start[v];
    const b = start[v + 1];
    for (let i = a + 1; i < b; i++) {
      const t = target[i];
      const x = w[i];
      let j = i - 1;
      while (j >= a && target[j] > t) {
        target[j + 1] = target[j];
        w[j + 1] = w[j];
        j--;
      }
      target[j + 1] = t;
      w[j + 1] = x;
    }
    for (let i = a; i < b; i++) {
      if (out > off[v] && target[out - 1] === target[i]) {
        if (w[i] > w[out - 1]) w[out - 1] = w[i];
        continue;
      }
      target[out] = target[i];
      w[out] = w[i];
      out++;
    }
    off[v + 1] = out;
  }
  return { off, target: target.subarray(0, out), w: w.subarray(0, out) };
}

/** Kahn's order, sinks first (every node after the nodes it points to); null on a cycle. */
function sinksFirst(n, g) {
  const indeg = new Int32Array(n);
  for (let i = 0; i < g.target.length; i++) indeg[g.target[i]]++;
  const order = new Int32Array(n);
  let tail = 0;
  for (let v = 0; v < n; v++) if (indeg[v] === 0) order[tail++] = v;
  for (let head = 0; head < tail; head++) {
    const v = order[head];
    for (let i = g.off[v]; i < g.off[v + 1]; i++) if (--indeg[g.target[i]] === 0) order[tail++] = g.target[i];
  }
  return tail < n ? null : order.reverse();
}

export class TypedPhases {
  /** Parses the JSON text, indexes the nodes and builds both graphs. Returns nodes + edges. */
  load(bytes) {
    const doc = JSON.parse(new TextDecoder().decode(bytes));
    const nodes = doc.nodes;
    const edges = doc.edges;
    const n = nodes.length;
    this.n = n;
    this.ids = new Array(n);
    const index = new Map();
    const kind = new Uint8Array(n);
    const status = new Uint8Array(n);
    const risk = new Float64Array(n);
    const size = new Float64Array(n);
    const goalWeight = new Float64Array(n);
    for (let v = 0; v < n; v++) {
      const x = nodes[v];
      this.ids[v] = x.id;
      index.set(x.id, v);
      kind[v] = x.kind === "goal" ? GOAL : x.kind === "initiative" ? INITIATIVE : 0;
      status[v] = x.status === "done" ? DONE : x.status === "cancelled" ? CANCELLED : 0;
      risk[v] = x.risk ?? 0;
      goalWeight[v] = x.weight ?? 1;
      size[v] = kind[v] === GOAL ? x.weight ?? 1 : x.importance ?? 1;
    }
    const ix = (id) => {
      const v = index.get(id);
      if (v === undefined) throw new Error(`edge names an unknown node "${id}"`);
      return v;
    };
    // part_of shares: the sizes of each parent's distinct children.
    const childSum = new Float64Array(n);
    const childCount = new Int32Array(n);
    const seen = new Set();
    const top = new Uint8Array(n);
    for (let v = 0; v < n; v++) top[v] = kind[v] === GOAL ? 1 : 0;
    for (const e of edges) {
      if (e.kind !== "part_of") continue;
      const c = ix(e.from);
      const p = ix(e.to);
      if (c === p) continue;
      if (kind[p] === GOAL) top[c] = 0;
      const key = p * n + c;
      if (seen.has(key)) continue;
      seen.add(key);
      childSum[p] += size[c];
      childCount[p]++;
    }
    const sf = [], st = [], sw = [], df = [], dt = [], dw = [];
    for (const e of edges) {
      const f = ix(e.from);
      const t = ix(e.to);
      if (f === t) continue;
      const w = e.weight ?? 1;
      if (e.kind === "contributes" || e.kind === "supports") {
        if (w > 0) { sf.push(f); st.push(t); sw.push(w); }
      } else if (e.kind === "part_of") {
        const share = childSum[t] > 0 ? size[f] / childSum[t] : 1 / childCount[t];
        if (w * share > 0) { sf.push(f); st.push(t); sw.push(w * share); }
      } else if (e.kind === "depends_on") {
        df.push(f); dt.push(t); dw.push(w);
      }
    }
    this.serves = csr(n, sf, st, sw);
    this.needs = csr(n, df, dt, dw);
    this.servesOrder = sinksFirst(n, this.serves);
    this.needsOrder = sinksFirst(n, this.needs);
    if (!this.servesOrder || !this.needsOrder) {
      throw new Error("this baseline handles models without cycles only (the engine cuts them)");
    }
    // Goals, their lane, the normalised weights of the top-level ones.
    const goals = [];
    for (let v = 0; v < n; v++) if (kind[v] === GOAL) goals.push(v);
    this.goals = Int32Array.from(goals);
    this.lane = new Int32Array(n).fill(-1);
    goals.forEach((v, j) => { this.lane[v] = j; });
    let total = 0;
    let tops = 0;
    for (const v of goals) if (top[v]) { total += goalWeight[v]; tops++; }
    this.topWeight = new Float64Array(goals.length);
    goals.forEach((v, j) => {
      if (top[v]) this.topWeight[j] = total > 0 ? goalWeight[v] / total : 1 / tops;
    });
    this.index = index;
    this.kind = kind;
    this.status = status;
    this.risk = risk;
    return n + edges.length;
  }

  /** Reach of every goal from every node (noisy-OR, sinks first) and alignment; the sum. */
  alignment() {
    const { n, serves, servesOrder, lane, topWeight } = this;
    const G = this.goals.length;
    const reach = new Float64Array(n * G);
    const q = new Float64Array(G);
    const align = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const v = servesOrder[k];
      q.fill(1);
      for (let i = serves.off[v]; i < serves.off[v + 1]; i++) {
        const u = serves.target[i] * G;
        const w = serves.w[i];
        for (let j = 0; j < G; j++) q[j] *= 1 - w * reach[u + j];
      }
      let a = 0;
      for (let j = 0; j < G; j++) {
        const r = lane[v] === j ? 1 : 1 - q[j];
        reach[v * G + j] = r;
        if (topWeight[j] > 0) a += topWeight[j] * r;
      }
      align[v] = a;
    }
    this.reach = reach;
    this.align = align;
    let sum = 0;
    for (let v = 0; v < n; v++) sum += align[v];
    return sum;
  }

  /** Coverage of every goal by the active initiatives; the sum, plus the initiatives serving each goal. */
  coverage() {
    const [cov, serving] = this.coverageParts();
    return cov + serving;
  }

  /** [sum of coverage over the goals, active initiatives serving each goal summed]. */
  coverageParts() {
    const { n, reach, kind, status } = this;
    const G = this.goals.length;
    const q = new Float64Array(G).fill(1);
    let serving = 0;
    for (let v = 0; v < n; v++) {
      if (kind[v] !== INITIATIVE || status[v] === DONE || status[v] === CANCELLED) continue;
      for (let j = 0; j < G; j++) {
        const r = reach[v * G + j];
        q[j] *= 1 - r;
        if (r > 0) serving++;
      }
    }
    let sum = 0;
    for (let j = 0; j < G; j++) sum += 1 - q[j];
    return [sum, serving];
  }

  /** Delivery risk along depends_on, dependencies first; the sum. */
  deliveryRisk() {
    const { n, needs, needsOrder, kind, status, risk } = this;
    const p = new Float64Array(n);
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const v = needsOrder[k];
      if (kind[v] === INITIATIVE && status[v] === DONE) p[v] = 0;
      else if (kind[v] === INITIATIVE && status[v] === CANCELLED) p[v] = 1;
      else {
        let q = 1 - risk[v];
        for (let i = needs.off[v]; i < needs.off[v + 1]; i++) q *= 1 - p[needs.target[i]];
        p[v] = 1 - q;
      }
      sum += p[v];
    }
    this.p = p;
    return sum;
  }

  /** Strongly connected components of depends_on (iterative Tarjan). */
  cycles() {
    const { n, needs } = this;
    const index = new Int32Array(n).fill(-1);
    const low = new Int32Array(n);
    const onStack = new Uint8Array(n);
    const stack = new Int32Array(n);
    const callV = new Int32Array(n);
    const callPos = new Int32Array(n);
    let sp = 0, cp = 0, counter = 0, components = 0, inCycles = 0;
    for (let root = 0; root < n; root++) {
      if (index[root] >= 0) continue;
      index[root] = low[root] = counter++;
      stack[sp++] = root; onStack[root] = 1;
      callV[cp] = root; callPos[cp++] = needs.off[root];
      while (cp > 0) {
        const v = callV[cp - 1];
        if (callPos[cp - 1] < needs.off[v + 1]) {
          const w = needs.target[callPos[cp - 1]++];
          if (index[w] < 0) {
            index[w] = low[w] = counter++;
            stack[sp++] = w; onStack[w] = 1;
            callV[cp] = w; callPos[cp++] = needs.off[w];
          } else if (onStack[w] && index[w] < low[v]) low[v] = index[w];
        } else {
          cp--;
          if (cp > 0 && low[v] < low[callV[cp - 1]]) low[callV[cp - 1]] = low[v];
          if (low[v] === index[v]) {
            let size = 0, w;
            do { w = stack[--sp]; onStack[w] = 0; size++; } while (w !== v);
            components++;
            if (size > 1) inCycles += size;
          }
        }
      }
    }
    return components + (n + 1) * inCycles;
  }

  /** PageRank over depends_on, solved exactly in topological order (acyclic); N x sum of rank². */
  pagerank(d = 0.85) {
    const { n, needs, needsOrder } = this;
    const x = new Float64Array(n);
    const acc = new Float64Array(n);
    for (let k = n - 1; k >= 0; k--) {
      const v = needsOrder[k];
      x[v] = 1 + acc[v];
      const deg = needs.off[v + 1] - needs.off[v];
      if (deg === 0) continue;
      const push = (d * x[v]) / deg;
      for (let i = needs.off[v]; i < needs.off[v + 1]; i++) acc[needs.target[i]] += push;
    }
    let xd = 0;
    for (let v = 0; v < n; v++) if (needs.off[v + 1] === needs.off[v]) xd += x[v];
    const c = (1 - d) / n / (1 - (d * xd) / n);
    let sum = 0;
    for (let v = 0; v < n; v++) sum += c * x[v] * c * x[v];
    return n * sum;
  }

  /** The first active initiative in file order. */
  toggleTarget() {
    for (let v = 0; v < this.n; v++) {
      if (this.kind[v] === INITIATIVE && this.status[v] !== DONE && this.status[v] !== CANCELLED) return this.ids[v];
    }
    return null;
  }

  /**
   * Switches an initiative on or off and recomputes what depends on status; the sum of delivery
   * risk plus the sum of coverage.
   */
  toggle(id, on) {
    const v = this.index.get(id);
    if (v === undefined || this.kind[v] !== INITIATIVE) throw new Error(`no initiative has the id "${id}"`);
    this.status[v] = on ? APPROVED : CANCELLED;
    return this.deliveryRisk() + this.coverageParts()[0];
  }
}
