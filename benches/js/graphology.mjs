// A baseline for comparison only (benches/side-by-side.mjs, docs/performance.md): the scoring
// steps as a web developer would write them with graphology (graphology-dag for the order,
// graphology-components for the cycles, graphology-metrics for PageRank), computing the same
// numbers as the engine (docs/scoring.md, src/bench.rs). Handles models whose alignment and
// depends_on edges have no cycle (the generated layered models); refuses others.
import { createRequire } from "node:module";

// CommonJS packages: `require` also finds them through NODE_PATH.
const require = createRequire(import.meta.url);
const { DirectedGraph } = require("graphology");
const { topologicalSort } = require("graphology-dag");
const { stronglyConnectedComponents } = require("graphology-components");
const pagerank = require("graphology-metrics/centrality/pagerank");

const inactive = (a) => a.kind !== "initiative" || a.status === "done" || a.status === "cancelled";

export class GraphologyPhases {
  /** Parses the JSON text and builds the alignment and dependency graphs. Returns nodes + edges. */
  load(bytes) {
    const doc = JSON.parse(new TextDecoder().decode(bytes));
    const align = new DirectedGraph();
    const deps = new DirectedGraph();
    for (const x of doc.nodes) {
      align.addNode(x.id, {
        kind: x.kind,
        status: x.status,
        risk: x.risk ?? 0,
        weight: x.weight ?? 1,
        size: x.kind === "goal" ? x.weight ?? 1 : x.importance ?? 1,
        top: x.kind === "goal",
      });
      deps.addNode(x.id);
    }
    // part_of shares: the sizes of each parent's distinct children.
    const children = new Map();
    for (const e of doc.edges) {
      if (e.kind !== "part_of" || e.from === e.to) continue;
      if (align.getNodeAttribute(e.to, "kind") === "goal") align.setNodeAttribute(e.from, "top", false);
      if (!children.has(e.to)) children.set(e.to, new Set());
      children.get(e.to).add(e.from);
    }
    const childSum = new Map();
    for (const [p, cs] of children) {
      let s = 0;
      for (const c of cs) s += align.getNodeAttribute(c, "size");
      childSum.set(p, s);
    }
    const serve = (s, t, w) => {
      if (!(w > 0)) return;
      // Parallel edges are one link, with the largest weight.
      if (align.hasEdge(s, t)) {
        if (w > align.getEdgeAttribute(s, t, "weight")) align.setEdgeAttribute(s, t, "weight", w);
      } else align.addEdge(s, t, { weight: w });
    };
    for (const e of doc.edges) {
      if (e.from === e.to) continue;
      if (!align.hasNode(e.from) || !align.hasNode(e.to)) throw new Error(`edge ${e.from} -> ${e.to} names an unknown node`);
      const w = e.weight ?? 1;
      if (e.kind === "contributes" || e.kind === "supports") serve(e.from, e.to, w);
      else if (e.kind === "part_of") {
        const total = childSum.get(e.to);
        const share = total > 0 ? align.getNodeAttribute(e.from, "size") / total : 1 / children.get(e.to).size;
        serve(e.from, e.to, w * share);
      } else if (e.kind === "depends_on") deps.mergeEdge(e.from, e.to);
    }
    // Sinks first, so every node comes after what it points to (throws on a cycle).
    this.alignOrder = topologicalSort(align).reverse();
    this.depsOrder = topologicalSort(deps).reverse();
    this.goals = align.filterNodes((_, a) => a.kind === "goal");
    const tops = this.goals.filter((g) => align.getNodeAttribute(g, "top"));
    const total = tops.reduce((s, g) => s + align.getNodeAttribute(g, "weight"), 0);
    this.topWeight = this.goals.map((g) =>
      align.getNodeAttribute(g, "top") ? (total > 0 ? align.getNodeAttribute(g, "weight") / total : 1 / tops.length) : 0);
    this.align = align;
    this.deps = deps;
    return doc.nodes.length + doc.edges.length;
  }

  /** Reach of every goal from every node (noisy-OR) and alignment; the sum. */
  alignment() {
    const { align, goals, topWeight } = this;
    const G = goals.length;
    const lane = new Map(goals.map((g, j) => [g, j]));
    const reach = new Map();
    let sum = 0;
    for (const v of this.alignOrder) {
      const q = new Float64Array(G).fill(1);
      align.forEachOutEdge(v, (_e, attr, _s, t) => {
        const r = reach.get(t);
        for (let j = 0; j < G; j++) q[j] *= 1 - attr.weight * r[j];
      });
      const r = new Float64Array(G);
      let a = 0;
      for (let j = 0; j < G; j++) {
        r[j] = lane.get(v) === j ? 1 : 1 - q[j];
        if (topWeight[j] > 0) a += topWeight[j] * r[j];
      }
      reach.set(v, r);
      align.setNodeAttribute(v, "alignment", a);
      sum += a;
    }
    this.reach = reach;
    return sum;
  }

  /** Coverage of every goal by the active initiatives; the sum, plus the initiatives serving each goal. */
  coverage() {
    const [cov, serving] = this.coverageParts();
    return cov + serving;
  }

  /** [sum of coverage over the goals, active initiatives serving each goal summed]. */
  coverageParts() {
    const G = this.goals.length;
    const q = new Float64Array(G).fill(1);
    let serving = 0;
    this.align.forEachNode((v, a) => {
      if (inactive(a)) return;
      const r = this.reach.get(v);
      for (let j = 0; j < G; j++) {
        q[j] *= 1 - r[j];
        if (r[j] > 0) serving++;
      }
    });
    return [q.reduce((s, x) => s + (1 - x), 0), serving];
  }

  /** Delivery risk along depends_on, dependencies first; the sum. */
  deliveryRisk() {
    const p = new Map();
    let sum = 0;
    for (const v of this.depsOrder) {
      const a = this.align.getNodeAttributes(v);
      let pv;
      if (a.kind === "initiative" && a.status === "done") pv = 0;
      else if (a.kind === "initiative" && a.status === "cancelled") pv = 1;
      else {
        let q = 1 - a.risk;
        this.deps.forEachOutNeighbor(v, (u) => { q *= 1 - p.get(u); });
        pv = 1 - q;
      }
      p.set(v, pv);
      sum += pv;
    }
    return sum;
  }

  /** Strongly connected components of depends_on. */
  cycles() {
    const comps = stronglyConnectedComponents(this.deps);
    const inCycles = comps.reduce((s, c) => s + (c.length > 1 ? c.length : 0), 0);
    return comps.length + (this.deps.order + 1) * inCycles;
  }

  /**
   * PageRank over depends_on by power iteration (graphology-metrics), run until the L1 change is
   * below 1e-12 so that it agrees with the engine's exact solve; N x sum of rank squared.
   */
  pagerank(d = 0.85) {
    const n = this.deps.order;
    const rank = pagerank(this.deps, { alpha: d, getEdgeWeight: null, tolerance: 1e-12 / n, maxIterations: 1000 });
    let sum = 0;
    for (const v in rank) sum += rank[v] * rank[v];
    return n * sum;
  }

  /** The first active initiative in file order. */
  toggleTarget() {
    return this.align.findNode((_, a) => !inactive(a)) ?? null;
  }

  /**
   * Switches an initiative on or off and recomputes what depends on status; the sum of delivery
   * risk plus the sum of coverage.
   */
  toggle(id, on) {
    if (this.align.getNodeAttribute(id, "kind") !== "initiative") throw new Error(`no initiative has the id "${id}"`);
    this.align.setNodeAttribute(id, "status", on ? "approved" : "cancelled");
    return this.deliveryRisk() + this.coverageParts()[0];
  }
}
