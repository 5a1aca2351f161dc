//! The analysis graph: flat compressed-sparse-row (CSR) arrays built once from a [`Model`],
//! with a deterministic processing order and iterative cycle detection.
//!
//! Every hot loop of the engine runs over these arrays. Nothing here recurses on graph depth:
//! strongly connected components use an iterative Tarjan with an explicit stack, so a
//! 100,000-long dependency chain is no deeper for the machine stack than a single edge.
//!
//! Determinism: nodes get a canonical rank (their position in id order), every adjacency row is
//! sorted by the rank of its targets, and traversals start in rank order. Every score is then
//! computed with the same floating-point operations in the same order whatever the order of
//! nodes and edges in the file.

use crate::model::{EdgeKind, Model, NodeIx, NodeKind};
use std::sync::OnceLock;

/// A directed graph in compressed sparse row form with one `f64` weight per edge.
#[derive(Debug, Clone, Default)]
pub struct Csr {
    offsets: Vec<u32>,
    targets: Vec<u32>,
    weights: Weights,
}

/// The weights of a [`Csr`]'s edges. A model's weights are mostly a handful of values (0.2, 0.5,
/// 1), so when a graph has at most 256 distinct weights each edge holds a one-byte code into a
/// table of them (1 byte an edge instead of 8: 55 MB less for a layered model of 5,000,000
/// edges); otherwise each edge holds its `f64`. The weights read back are the same bits.
#[derive(Debug, Clone)]
enum Weights {
    Each(Vec<f64>),
    Coded {
        codes: Vec<u8>,
        table: Box<[f64; 256]>,
    },
}

impl Default for Weights {
    fn default() -> Weights {
        Weights::Each(Vec::new())
    }
}

impl Weights {
    /// The weights of the edges `a..b`.
    #[inline]
    fn slice(&self, a: usize, b: usize) -> RowWeights<'_> {
        match self {
            Weights::Each(w) => RowWeights::Each(&w[a..b]),
            Weights::Coded { codes, table } => RowWeights::Coded(&codes[a..b], table),
        }
    }

    /// Room for `m` weights coded as these are (a coded graph's transpose shares its table).
    fn with_room_like(&self, m: usize) -> Weights {
        match self {
            Weights::Each(_) => Weights::Each(vec![0.0; m]),
            Weights::Coded { table, .. } => Weights::Coded {
                codes: vec![0; m],
                table: table.clone(),
            },
        }
    }

    /// Weight `from` of `src` (coded as this is) put at `to`.
    #[inline]
    fn copy_from(&mut self, src: &Weights, from: usize, to: usize) {
        match (self, src) {
            (Weights::Each(w), Weights::Each(s)) => w[to] = s[from],
            (Weights::Coded { codes, .. }, Weights::Coded { codes: s, .. }) => codes[to] = s[from],
            _ => unreachable!("a transpose's weights are coded as its graph's"),
        }
    }
}

/// Weights being written into room for `m` edges, coded as they arrive while they have at most
/// 256 distinct values (by their bits) and held whole from the 257th on: a graph being built never
/// holds its weights as `f64` beside their codes.
struct Coder {
    weights: Weights,
    /// Open addressing over the bits: 1,024 slots for at most 256 values.
    slots: Box<[(u64, u16); Coder::SLOTS]>,
    distinct: usize,
}

impl Coder {
    const SLOTS: usize = 1024;
    const FREE: u16 = u16::MAX;

    fn new(m: usize) -> Coder {
        Coder {
            weights: Weights::Coded {
                codes: vec![0; m],
                table: Box::new([0f64; 256]),
            },
            slots: Box::new([(0, Coder::FREE); Coder::SLOTS]),
            distinct: 0,
        }
    }

    /// Weight `x` at `at`.
    #[inline]
    fn put(&mut self, at: usize, x: f64) {
        let (codes, table) = match &mut self.weights {
            Weights::Each(w) => {
                w[at] = x;
                return;
            }
            Weights::Coded { codes, table } => (codes, table),
        };
        let bits = x.to_bits();
        let mut slot = (bits.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54) as usize;
        while self.slots[slot].1 != Coder::FREE && self.slots[slot].0 != bits {
            slot = (slot + 1) % Coder::SLOTS;
        }
        if self.slots[slot].1 == Coder::FREE {
            if self.distinct == 256 {
                // The 257th value: every weight whole from here on.
                let each: Vec<f64> = codes.iter().map(|&c| table[c as usize]).collect();
                self.weights = Weights::Each(each);
                self.put(at, x);
                return;
            }
            self.slots[slot] = (bits, self.distinct as u16);
            table[self.distinct] = x;
            self.distinct += 1;
        }
        codes[at] = self.slots[slot].1 as u8;
    }

    /// The weight at `at`.
    #[inline]
    fn get(&self, at: usize) -> f64 {
        self.weights.slice(at, at + 1).get(0)
    }

    /// Moves the weight at `from` to `to` (`to <= from`).
    #[inline]
    fn move_to(&mut self, from: usize, to: usize) {
        match &mut self.weights {
            Weights::Each(w) => w[to] = w[from],
            Weights::Coded { codes, .. } => codes[to] = codes[from],
        }
    }

    /// Keeps the first `m` weights.
    fn truncate(&mut self, m: usize) {
        match &mut self.weights {
            Weights::Each(w) => {
                w.truncate(m);
                w.shrink_to_fit();
            }
            Weights::Coded { codes, .. } => {
                codes.truncate(m);
                codes.shrink_to_fit();
            }
        }
    }

    fn finish(self) -> Weights {
        self.weights
    }
}

/// The weights of one row of a [`Csr`] (see [`Csr::row`]): read with `get`, or iterated.
#[derive(Debug, Clone, Copy)]
pub enum RowWeights<'a> {
    /// One `f64` each.
    Each(&'a [f64]),
    /// One code each into the table.
    Coded(&'a [u8], &'a [f64; 256]),
}

impl<'a> RowWeights<'a> {
    /// The weight of the row's `i`-th edge.
    #[inline]
    pub fn get(&self, i: usize) -> f64 {
        match self {
            RowWeights::Each(w) => w[i],
            RowWeights::Coded(c, t) => t[c[i] as usize],
        }
    }

    /// Number of edges in the row.
    #[inline]
    pub fn len(&self) -> usize {
        match self {
            RowWeights::Each(w) => w.len(),
            RowWeights::Coded(c, _) => c.len(),
        }
    }

    /// True for a row without edges.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The weights in row order.
    #[inline]
    pub fn iter(&self) -> WeightsIter<'a> {
        match *self {
            RowWeights::Each(w) => WeightsIter::Each(w.iter()),
            RowWeights::Coded(c, t) => WeightsIter::Coded(c.iter(), t),
        }
    }
}

impl<'a> IntoIterator for RowWeights<'a> {
    type Item = f64;
    type IntoIter = WeightsIter<'a>;
    #[inline]
    fn into_iter(self) -> WeightsIter<'a> {
        self.iter()
    }
}

/// An iterator over a row's weights ([`RowWeights::iter`]).
#[derive(Debug, Clone)]
pub enum WeightsIter<'a> {
    /// One `f64` each.
    Each(std::slice::Iter<'a, f64>),
    /// One code each into the table.
    Coded(std::slice::Iter<'a, u8>, &'a [f64; 256]),
}

impl Iterator for WeightsIter<'_> {
    type Item = f64;
    #[inline]
    fn next(&mut self) -> Option<f64> {
        match self {
            WeightsIter::Each(it) => it.next().copied(),
            WeightsIter::Coded(it, t) => it.next().map(|&c| t[c as usize]),
        }
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            WeightsIter::Each(it) => it.size_hint(),
            WeightsIter::Coded(it, _) => it.size_hint(),
        }
    }
}

impl Csr {
    /// Builds a CSR over `n` nodes from `(from, to, weight)` triples. Rows are sorted by the
    /// rank of their targets; parallel edges between the same pair are merged, keeping the
    /// largest weight.
    ///
    /// Complexity: O(n + m + sum over rows of d log d).
    pub fn build(n: usize, edges: &[(u32, u32, f64)], rank: &[u32]) -> Csr {
        let mut rows = Rows::new(n);
        for &(f, _, _) in edges {
            rows.count(f);
        }
        rows.start();
        for &(f, t, w) in edges {
            rows.push(f, t, w);
        }
        rows.finish(rank)
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.targets.len()
    }

    /// Targets of `v`'s out-edges, sorted by rank.
    #[inline]
    pub fn targets(&self, v: u32) -> &[u32] {
        let (a, b) = (
            self.offsets[v as usize] as usize,
            self.offsets[v as usize + 1] as usize,
        );
        &self.targets[a..b]
    }

    /// Targets and weights of `v`'s out-edges.
    #[inline]
    pub fn row(&self, v: u32) -> (&[u32], RowWeights<'_>) {
        let (a, b) = (
            self.offsets[v as usize] as usize,
            self.offsets[v as usize + 1] as usize,
        );
        (&self.targets[a..b], self.weights.slice(a, b))
    }

    /// Out-degree of `v`.
    #[inline]
    pub fn degree(&self, v: u32) -> usize {
        (self.offsets[v as usize + 1] - self.offsets[v as usize]) as usize
    }

    /// The transposed graph (every edge reversed), rows sorted by rank: a counting sort, the
    /// sources visited in rank order so that each reversed row fills in rank order (rows hold
    /// no parallel edges, [`Csr::build`] merged them). `rank` is a permutation of the nodes.
    ///
    /// Complexity: O(n + m).
    pub fn transpose(&self, rank: &[u32]) -> Csr {
        let n = self.node_count();
        let m = self.edge_count();
        let mut offsets = vec![0u32; n + 1];
        for &t in &self.targets {
            offsets[t as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut by_rank = vec![0u32; n];
        for (v, &r) in rank.iter().enumerate().take(n) {
            by_rank[r as usize] = v as u32;
        }
        let mut fill: Vec<u32> = offsets[..n].to_vec();
        let mut targets = vec![0u32; m];
        let mut weights = self.weights.with_room_like(m);
        for &v in &by_rank {
            let a = self.offsets[v as usize] as usize;
            for (k, &t) in self.targets(v).iter().enumerate() {
                let p = fill[t as usize] as usize;
                targets[p] = v;
                weights.copy_from(&self.weights, a + k, p);
                fill[t as usize] += 1;
            }
        }
        Csr {
            offsets,
            targets,
            weights,
        }
    }

    /// The same graph without the edges for which `drop(from, to)` is true.
    pub fn filter(&self, rank: &[u32], mut drop: impl FnMut(u32, u32) -> bool) -> Csr {
        let n = self.node_count();
        let mut edges = Vec::with_capacity(self.edge_count());
        for v in 0..n as u32 {
            let (ts, ws) = self.row(v);
            for (&t, w) in ts.iter().zip(ws) {
                if !drop(v, t) {
                    edges.push((v, t, w));
                }
            }
        }
        Csr::build(n, &edges, rank)
    }
}

/// The rows of a [`Csr`] being built: counted, then filled, then sorted and merged. Building
/// from counts lets one pass over a model's edges count (and a second fill) the rows of several
/// graphs at once.
struct Rows {
    offsets: Vec<u32>,
    fill: Vec<u32>,
    targets: Vec<u32>,
    weights: Coder,
}

impl Rows {
    fn new(n: usize) -> Rows {
        Rows {
            offsets: vec![0u32; n + 1],
            fill: Vec::new(),
            targets: Vec::new(),
            weights: Coder::new(0),
        }
    }

    /// One more edge from `f` (first pass).
    #[inline]
    fn count(&mut self, f: u32) {
        self.offsets[f as usize + 1] += 1;
    }

    /// Ends the counting: every row gets its room.
    fn start(&mut self) {
        let n = self.offsets.len() - 1;
        for i in 0..n {
            self.offsets[i + 1] += self.offsets[i];
        }
        let m = self.offsets[n] as usize;
        self.fill = self.offsets[..n].to_vec();
        self.targets = vec![0u32; m];
        self.weights = Coder::new(m);
    }

    /// The edge `f -> t` of weight `w` (second pass: the same edges as counted, in any order).
    #[inline]
    fn push(&mut self, f: u32, t: u32, w: f64) {
        let p = self.fill[f as usize] as usize;
        self.targets[p] = t;
        self.weights.put(p, w);
        self.fill[f as usize] += 1;
    }

    /// Sorts each row by target rank (then weight, descending) and merges parallel edges,
    /// keeping the largest weight: the same rows whatever order the edges came in.
    fn finish(self, rank: &[u32]) -> Csr {
        let Rows {
            offsets,
            fill,
            mut targets,
            mut weights,
        } = self;
        drop(fill);
        let n = offsets.len() - 1;
        let mut out_off = vec![0u32; n + 1];
        let mut write = 0usize;
        // Each entry carries its target's rank, read once: the sort then compares plain
        // integers instead of looking ranks up at every comparison (a cache miss each on a
        // large model).
        let mut row: Vec<(u32, u32, f64)> = Vec::new();
        for v in 0..n {
            let (a, b) = (offsets[v] as usize, offsets[v + 1] as usize);
            if b - a == 1 {
                // One edge: nothing to sort or merge.
                targets[write] = targets[a];
                weights.move_to(a, write);
                write += 1;
            } else if b > a {
                row.clear();
                row.extend((a..b).map(|p| (rank[targets[p] as usize], targets[p], weights.get(p))));
                row.sort_unstable_by(|x, y| x.0.cmp(&y.0).then(y.2.total_cmp(&x.2)));
                let mut last = u32::MAX;
                // Rows are written in place: the row's entries were read out above, and a row
                // ends at or before where it started.
                for &(_, t, w) in &row {
                    if t == last {
                        continue;
                    }
                    last = t;
                    targets[write] = t;
                    weights.put(write, w);
                    write += 1;
                }
            }
            out_off[v + 1] = write as u32;
        }
        targets.truncate(write);
        weights.truncate(write);
        targets.shrink_to_fit();
        Csr {
            offsets: out_off,
            targets,
            weights: weights.finish(),
        }
    }
}

/// Strongly connected components and a processing order in which every node comes after all
/// nodes it has edges to (sinks first), with each cycle's members in rank order.
#[derive(Debug, Clone, Default)]
pub struct Components {
    /// Component number of each node.
    pub component: Vec<u32>,
    /// All nodes, sinks first; a cycle's members are adjacent, in ascending rank.
    pub order: Vec<u32>,
    /// The components with more than one node, members in ascending rank.
    pub cycles: Vec<Vec<u32>>,
}

/// Tarjan's strongly connected components, iterative (explicit stack, no recursion).
///
/// Roots are tried in `roots` order and neighbours in row order, so the result depends only on
/// the graph and the ranks. Components are emitted sinks first (reverse topological order of
/// the condensation).
///
/// Complexity: O(n + m) time, O(n) extra memory.
pub fn strongly_connected(csr: &Csr, roots: &[u32], rank: &[u32]) -> Components {
    const UNSEEN: u32 = u32::MAX;
    let n = csr.node_count();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut call: Vec<(u32, u32)> = Vec::new();
    let mut component = vec![0u32; n];
    let mut order = Vec::with_capacity(n);
    let mut cycles = Vec::new();
    let mut counter = 0u32;
    let mut comp_count = 0u32;
    for &root in roots {
        if index[root as usize] != UNSEEN {
            continue;
        }
        index[root as usize] = counter;
        low[root as usize] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root as usize] = true;
        call.push((root, 0));
        while let Some(&mut (v, ref mut pos)) = call.last_mut() {
            let ts = csr.targets(v);
            if (*pos as usize) < ts.len() {
                let w = ts[*pos as usize];
                *pos += 1;
                if index[w as usize] == UNSEEN {
                    index[w as usize] = counter;
                    low[w as usize] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w as usize] = true;
                    call.push((w, 0));
                } else if on_stack[w as usize] {
                    low[v as usize] = low[v as usize].min(index[w as usize]);
                }
            } else {
                call.pop();
                if let Some(&(p, _)) = call.last() {
                    low[p as usize] = low[p as usize].min(low[v as usize]);
                }
                if low[v as usize] == index[v as usize] {
                    let start = order.len();
                    loop {
                        let w = stack.pop().expect("Tarjan stack holds v");
                        on_stack[w as usize] = false;
                        component[w as usize] = comp_count;
                        order.push(w);
                        if w == v {
                            break;
                        }
                    }
                    if order.len() - start > 1 {
                        order[start..].sort_unstable_by_key(|&x| rank[x as usize]);
                        cycles.push(order[start..].to_vec());
                    }
                    comp_count += 1;
                }
            }
        }
    }
    Components {
        component,
        order,
        cycles,
    }
}

/// A topological order of an acyclic graph, sinks first (every node after all nodes it points
/// to), or `None` when the graph has a cycle. Kahn's algorithm from the sources, seeded in
/// `roots` order, reversed.
///
/// Complexity: O(n + m).
pub fn topological_sinks_first(csr: &Csr, roots: &[u32]) -> Option<Vec<u32>> {
    kahn(csr, roots).map(|(order, _)| order)
}

/// [`topological_sinks_first`] and each node's level: 0 for a node no edge points to, else one
/// more than the highest level among the nodes pointing to it (the longest path from a source).
/// Every edge goes up a level, so the nodes by level, highest first, are a processing order too.
fn kahn(csr: &Csr, roots: &[u32]) -> Option<(Vec<u32>, Vec<u32>)> {
    let n = csr.node_count();
    // A node's in-degree and level side by side: one cache line read when an edge reaches it.
    let mut state = vec![(0u32, 0u32); n];
    for &t in &csr.targets {
        state[t as usize].0 += 1;
    }
    let mut order: Vec<u32> = Vec::with_capacity(n);
    order.extend(roots.iter().copied().filter(|&v| state[v as usize].0 == 0));
    let mut head = 0;
    while head < order.len() {
        let v = order[head];
        head += 1;
        let next = state[v as usize].1 + 1;
        for &t in csr.targets(v) {
            let st = &mut state[t as usize];
            st.0 -= 1;
            st.1 = st.1.max(next);
            if st.0 == 0 {
                order.push(t);
            }
        }
    }
    if order.len() < n {
        return None;
    }
    order.reverse();
    Some((order, state.into_iter().map(|(_, l)| l).collect()))
}

/// The nodes by level, highest first, in index order within a level: a counting sort.
fn by_level(level: &[u32]) -> Vec<u32> {
    let top = level.iter().copied().max().unwrap_or(0) as usize;
    // start[top - l] is where level l begins.
    let mut start = vec![0u32; top + 2];
    for &l in level {
        start[top - l as usize + 1] += 1;
    }
    for i in 0..=top {
        start[i + 1] += start[i];
    }
    let mut out = vec![0u32; level.len()];
    for (v, &l) in level.iter().enumerate() {
        let at = &mut start[top - l as usize];
        out[*at as usize] = v as u32;
        *at += 1;
    }
    out
}

/// A layer of the graph: the edges, the processing order and an acyclic version.
#[derive(Debug, Clone, Default)]
pub struct Layer {
    /// All edges of the layer (self-loops removed, parallel edges merged).
    pub all: Csr,
    /// The cycle-cut edges, when the layer has cycles (see [`Layer::dag`]).
    cut: Option<Csr>,
    /// [`Layer::dag`] reversed, built on first use.
    dag_rev: OnceLock<Csr>,
    /// [`Layer::all`] reversed, built on first use.
    all_rev: OnceLock<Csr>,
    /// Position of each node in [`Layer::order`], built on first use.
    pos: OnceLock<Vec<u32>>,
    /// [`Layer::sweep_order`]: built with the layer when it is acyclic, else on first use.
    by_level: OnceLock<Vec<u32>>,
    /// Nodes, sinks first: a node comes after every node it has a (kept) edge to; the members of
    /// a cycle are adjacent.
    pub order: Vec<u32>,
    /// Strongly connected component of each node; empty when the layer has no cycle (every
    /// node is then a component of its own).
    pub component: Vec<u32>,
    /// Cycles (components of more than one node), members in rank order.
    pub cycles: Vec<Vec<u32>>,
}

impl Layer {
    #[cfg(test)]
    fn build(n: usize, edges: &[(u32, u32, f64)], rank: &[u32], by_rank: &[u32]) -> Layer {
        Layer::of(Csr::build(n, edges, rank), rank, by_rank)
    }

    /// The layer of the edges `all`.
    fn of(all: Csr, rank: &[u32], by_rank: &[u32]) -> Layer {
        // An acyclic layer needs only a topological order (Kahn); Tarjan runs when there is a
        // cycle, to find its members.
        if let Some((order, level)) = kahn(&all, by_rank) {
            return Layer {
                all,
                cut: None,
                dag_rev: OnceLock::new(),
                all_rev: OnceLock::new(),
                pos: OnceLock::new(),
                by_level: OnceLock::from(by_level(&level)),
                order,
                component: Vec::new(),
                cycles: Vec::new(),
            };
        }
        let comps = strongly_connected(&all, by_rank, rank);
        let cut = if comps.cycles.is_empty() {
            None
        } else {
            let c = &comps.component;
            Some(all.filter(rank, |v, t| {
                c[v as usize] == c[t as usize] && rank[t as usize] > rank[v as usize]
            }))
        };
        Layer {
            all,
            cut,
            dag_rev: OnceLock::new(),
            all_rev: OnceLock::new(),
            pos: OnceLock::new(),
            by_level: OnceLock::new(),
            order: comps.order,
            component: comps.component,
            cycles: comps.cycles,
        }
    }

    /// The edges with every cycle cut: inside a cycle an edge is kept only when it points to a
    /// node of lower rank (smaller id), so the layer is acyclic and [`Layer::order`] is a valid
    /// processing order for it. The same as [`Layer::all`] when there is no cycle.
    pub fn dag(&self) -> &Csr {
        self.cut.as_ref().unwrap_or(&self.all)
    }

    /// [`Layer::dag`] reversed (built once, on first use).
    pub fn dag_rev(&self, rank: &[u32]) -> &Csr {
        self.dag_rev.get_or_init(|| self.dag().transpose(rank))
    }

    /// [`Layer::all`] reversed (built once, on first use).
    pub fn all_rev(&self, rank: &[u32]) -> &Csr {
        self.all_rev.get_or_init(|| self.all.transpose(rank))
    }

    /// Another processing order of [`Layer::dag`]: the nodes by level, highest first (a node no
    /// kept edge points to is at level 0, every other one level above the highest node pointing
    /// to it), in index order within a level. A node still comes after every node it has a kept
    /// edge to, so a pass whose every node reads only its targets' results gives the same numbers
    /// over either order; over this one it reads the rows and writes the results mostly forward
    /// in memory, where [`Layer::order`] (in id order within Kahn's rounds) jumps about a large
    /// model. Kahn's pass gives the levels of an acyclic layer; a layer with cycles gets them
    /// from [`Layer::order`] on first use.
    ///
    /// Complexity: O(n + m), a counting sort on the levels.
    pub fn sweep_order(&self) -> &[u32] {
        self.by_level.get_or_init(|| {
            let dag = self.dag();
            let mut level = vec![0u32; self.order.len()];
            for &v in self.order.iter().rev() {
                let next = level[v as usize] + 1;
                for &t in dag.targets(v) {
                    level[t as usize] = level[t as usize].max(next);
                }
            }
            by_level(&level)
        })
    }

    /// The position of each node in [`Layer::order`] (built once, on first use): sorting a set
    /// of nodes by it gives them in processing order.
    pub fn position(&self) -> &[u32] {
        self.pos.get_or_init(|| {
            let mut pos = vec![0u32; self.order.len()];
            for (i, &v) in self.order.iter().enumerate() {
                pos[v as usize] = i as u32;
            }
            pos
        })
    }
}

/// The analysis graph of a model.
#[derive(Debug, Clone)]
pub struct Graph {
    /// Number of nodes.
    pub n: usize,
    /// Canonical rank of each node: its position when nodes are sorted by id.
    pub rank: Vec<u32>,
    /// Nodes in rank (id) order.
    pub by_rank: Vec<u32>,
    /// Node kinds.
    pub kind: Vec<NodeKind>,
    /// Alignment edges `v -> u` (v serves u): supports, positive contributes, and part_of with
    /// the child's share (see `docs/scoring.md`).
    pub serves: Layer,
    /// Negative contributes edges `v -> goal`, weight = |weight|.
    pub conflicts: Csr,
    /// depends_on edges `v -> u` (v needs u).
    pub needs: Layer,
    /// excludes pairs (alternatives), as written.
    pub excludes: Vec<(u32, u32)>,
    /// part_of edges `(child, parent)` between two different nodes, in file order.
    pub part_of: Vec<(u32, u32)>,
}

impl Graph {
    /// Nodes that serve each node (alignment edges reversed, cycle-cut).
    pub fn served_by(&self) -> &Csr {
        self.serves.dag_rev(&self.rank)
    }

    /// Nodes that depend on each node (all depends_on edges reversed).
    pub fn needed_by(&self) -> &Csr {
        self.needs.all_rev(&self.rank)
    }

    /// Builds the analysis graph of `model`. Edges whose endpoints are out of range are skipped
    /// (the loader never produces them).
    ///
    /// Complexity: O(n log n) for the id sort plus O(m log d) for the rows.
    pub fn build(model: &Model) -> Graph {
        let n = model.nodes.len();
        let by_rank = id_order(model);
        let mut rank = vec![0u32; n];
        for (r, &v) in by_rank.iter().enumerate() {
            rank[v as usize] = r as u32;
        }
        let kind: Vec<NodeKind> = model.nodes.iter().map(|x| x.kind).collect();

        // part_of shares: each child's share of its parent.
        let size = |v: NodeIx| -> f64 {
            let a = model.nodes[v as usize].attrs();
            let s = if kind[v as usize] == NodeKind::Goal {
                a.weight()
            } else {
                a.importance()
            };
            s.unwrap_or(1.0)
        };
        let valid =
            |e: &crate::model::Edge| (e.from as usize) < n && (e.to as usize) < n && e.from != e.to;
        let needed = |e: &crate::model::Edge| {
            e.kind == EdgeKind::DependsOn
                && kind[e.from as usize] != NodeKind::Person
                && kind[e.to as usize] != NodeKind::Person
        };
        // One pass over the edges counts the rows of both layers and keeps the few edges of the
        // other kinds; a second fills the rows. Rows are sorted afterwards, so the order in which
        // their edges arrive does not matter.
        let mut serves = Rows::new(n);
        let mut needs = Rows::new(n);
        let mut part_of: Vec<(u32, u32, f64)> = Vec::new();
        let mut conflict_edges = Vec::new();
        let mut excludes = Vec::new();
        for e in model.edges.iter().filter(|e| valid(e)) {
            match e.kind {
                EdgeKind::Contributes | EdgeKind::Supports => {
                    let w = e.weight();
                    if w > 0.0 {
                        serves.count(e.from);
                    } else if e.kind == EdgeKind::Contributes && w < 0.0 {
                        // Negative contributes edges `v -> goal`, weight = |weight|.
                        conflict_edges.push((e.from, e.to, -w));
                    }
                }
                EdgeKind::PartOf => part_of.push((e.from, e.to, e.weight())),
                // A person takes no part in depends_on (delivery risk, PageRank, betweenness).
                EdgeKind::DependsOn => {
                    if needed(&e) {
                        needs.count(e.from);
                    }
                }
                EdgeKind::Excludes => excludes.push((e.from, e.to)),
            }
        }
        // Sum children per parent in canonical order (and once per pair), so the shares do not
        // depend on edge order in the file.
        let mut pairs: Vec<(u32, u32)> = part_of.iter().map(|&(c, p, _)| (p, c)).collect();
        pairs.sort_unstable_by_key(|&(p, c)| (rank[p as usize], rank[c as usize]));
        pairs.dedup();
        let mut child_sum = vec![0f64; n];
        let mut child_count = vec![0u32; n];
        for &(p, c) in &pairs {
            child_sum[p as usize] += size(c);
            child_count[p as usize] += 1;
        }
        drop(pairs);
        let shared: Vec<(u32, u32, f64)> = part_of
            .iter()
            .filter_map(|&(c, p, w)| {
                let total = child_sum[p as usize];
                let share = if total > 0.0 {
                    size(c) / total
                } else {
                    1.0 / child_count[p as usize] as f64
                };
                (w * share > 0.0).then_some((c, p, w * share))
            })
            .collect();
        drop((child_sum, child_count));
        for &(c, _, _) in &shared {
            serves.count(c);
        }
        serves.start();
        needs.start();
        for e in model.edges.iter().filter(|e| valid(e)) {
            match e.kind {
                EdgeKind::Contributes | EdgeKind::Supports => {
                    let w = e.weight();
                    if w > 0.0 {
                        serves.push(e.from, e.to, w);
                    }
                }
                EdgeKind::DependsOn if needed(&e) => needs.push(e.from, e.to, e.weight()),
                _ => {}
            }
        }
        for (c, p, w) in shared {
            serves.push(c, p, w);
        }
        let serves = Layer::of(serves.finish(&rank), &rank, &by_rank);
        let needs = Layer::of(needs.finish(&rank), &rank, &by_rank);
        let conflicts = Csr::build(n, &conflict_edges, &rank);
        let part_of = part_of.into_iter().map(|(c, p, _)| (c, p)).collect();
        Graph {
            n,
            rank,
            by_rank,
            kind,
            serves,
            conflicts,
            needs,
            excludes,
            part_of,
        }
    }
}

/// The nodes in id order (ties, only possible with duplicate ids, by index).
///
/// Complexity: O(n log n) comparisons, most of them of an 8-byte prefix.
pub fn id_order(model: &Model) -> Vec<u32> {
    // Compare a packed 8-byte prefix first (big-endian, so integer order is byte order) and
    // the whole id only when prefixes tie.
    let prefix = |id: &str| {
        let mut b = [0u8; 8];
        let k = id.len().min(8);
        b[..k].copy_from_slice(&id.as_bytes()[..k]);
        u64::from_be_bytes(b)
    };
    let mut keyed: Vec<(u64, u32)> = model
        .nodes
        .iter()
        .enumerate()
        .map(|(i, x)| (prefix(&x.id), i as u32))
        .collect();
    keyed.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| {
                model.nodes[a.1 as usize]
                    .id
                    .cmp(&model.nodes[b.1 as usize].id)
            })
            .then(a.1.cmp(&b.1))
    });
    keyed.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::Csr;
    use proptest::prelude::*;

    /// The transpose as the definition gives it: every edge reversed, built like any CSR.
    fn transpose_by_build(g: &Csr, rank: &[u32]) -> Csr {
        let mut edges = Vec::new();
        for v in 0..g.node_count() as u32 {
            let (ts, ws) = g.row(v);
            for (&t, w) in ts.iter().zip(ws) {
                edges.push((t, v, w));
            }
        }
        Csr::build(g.node_count(), &edges, rank)
    }

    /// A graph of a chain `0 -> 1 -> ... -> m` whose `k`-th edge has weight `w(k)`.
    fn chain(m: usize, w: impl Fn(usize) -> f64) -> (Csr, Vec<u32>) {
        let edges: Vec<(u32, u32, f64)> = (0..m).map(|k| (k as u32, k as u32 + 1, w(k))).collect();
        let rank: Vec<u32> = (0..=m as u32).collect();
        (Csr::build(m + 1, &edges, &rank), rank)
    }

    #[test]
    fn weights_are_coded_up_to_256_distinct_values_and_read_back_bit_for_bit() {
        for (distinct, coded) in [
            (1, true),
            (3, true),
            (256, true),
            (257, false),
            (900, false),
        ] {
            let w = |k: usize| (k % distinct) as f64 * 0.1 + 0.1;
            let (g, rank) = chain(1000, w);
            assert_eq!(
                matches!(g.weights, super::Weights::Coded { .. }),
                coded,
                "{distinct} values"
            );
            let t = g.transpose(&rank);
            for k in 0..1000u32 {
                let (ts, ws) = g.row(k);
                assert_eq!(
                    (ts, ws.len(), ws.get(0).to_bits()),
                    (&[k + 1][..], 1, w(k as usize).to_bits())
                );
                assert_eq!(
                    ws.iter().next().map(f64::to_bits),
                    Some(w(k as usize).to_bits())
                );
                let (us, back) = t.row(k + 1);
                assert_eq!(
                    (us, back.get(0).to_bits()),
                    (&[k][..], w(k as usize).to_bits())
                );
            }
            assert!(g.row(1000).1.is_empty());
        }
    }

    proptest! {
        /// The sweep order is a permutation in which every node comes after all its kept targets,
        /// by level (highest first) and in index order within a level, on random layers with and
        /// without cycles.
        #[test]
        fn sweep_order_is_a_processing_order(
            n in 1usize..40,
            raw in prop::collection::vec((0u32..40, 0u32..40, 0.0f64..1.0), 0..120),
        ) {
            let edges: Vec<(u32, u32, f64)> = raw
                .into_iter()
                .map(|(f, t, w)| (f % n as u32, t % n as u32, w))
                .filter(|&(f, t, _)| f != t)
                .collect();
            let rank: Vec<u32> = (0..n as u32).collect();
            let layer = super::Layer::build(n, &edges, &rank, &rank);
            let order = layer.sweep_order();
            let mut at = vec![usize::MAX; n];
            for (i, &v) in order.iter().enumerate() {
                prop_assert_eq!(at[v as usize], usize::MAX, "node {} twice", v);
                at[v as usize] = i;
            }
            prop_assert!(at.iter().all(|&i| i != usize::MAX));
            let dag = layer.dag();
            for &v in order {
                for &t in dag.targets(v) {
                    prop_assert!(at[t as usize] < at[v as usize], "{} before its target {}", v, t);
                }
            }
            // Levels by their definition: the longest path from a node nothing points to,
            // relaxed until nothing changes.
            let mut level = vec![0usize; n];
            loop {
                let mut changed = false;
                for v in 0..n as u32 {
                    for &t in dag.targets(v) {
                        if level[t as usize] < level[v as usize] + 1 {
                            level[t as usize] = level[v as usize] + 1;
                            changed = true;
                        }
                    }
                }
                if !changed {
                    break;
                }
            }
            for w in order.windows(2) {
                let (a, b) = (w[0] as usize, w[1] as usize);
                prop_assert!(level[a] > level[b] || (level[a] == level[b] && a < b));
            }
        }

        /// The counting-sort transpose equals the definition on random graphs (parallel edges
        /// and any rank permutation included).
        #[test]
        fn transpose_equals_reversing_every_edge(
            n in 1usize..40,
            raw in prop::collection::vec((0u32..40, 0u32..40, 0.0f64..1.0), 0..200),
            seed in any::<u64>(),
        ) {
            let edges: Vec<(u32, u32, f64)> = raw
                .into_iter()
                .map(|(f, t, w)| (f % n as u32, t % n as u32, w))
                .collect();
            // A rank permutation from the seed (Fisher-Yates with a small LCG).
            let mut rank: Vec<u32> = (0..n as u32).collect();
            let mut x = seed | 1;
            for i in (1..n).rev() {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                rank.swap(i, (x >> 33) as usize % (i + 1));
            }
            let g = Csr::build(n, &edges, &rank);
            let fast = g.transpose(&rank);
            let slow = transpose_by_build(&g, &rank);
            prop_assert_eq!(&fast.offsets, &slow.offsets);
            prop_assert_eq!(&fast.targets, &slow.targets);
            let bits = |g: &Csr| {
                (0..n as u32).flat_map(|v| g.row(v).1.iter().map(f64::to_bits)).collect::<Vec<_>>()
            };
            prop_assert_eq!(bits(&fast), bits(&slow));
        }

        /// Built rows are each row's edges sorted by target rank with parallel edges merged to
        /// the largest weight, bit for bit, whether the weights stay coded (a few values) or are
        /// held whole (more than 256 values, the 257th arriving anywhere in the fill).
        #[test]
        fn built_rows_sort_by_rank_and_keep_each_targets_largest_weight(
            n in 1usize..30,
            raw in prop::collection::vec((0u32..30, 0u32..30, 0u32..1000), 0..1500),
            values in prop_oneof![Just(4u32), Just(1000u32)],
        ) {
            let edges: Vec<(u32, u32, f64)> = raw
                .into_iter()
                .map(|(f, t, k)| (f % n as u32, t % n as u32, (k % values) as f64 / 7.0))
                .collect();
            let rank: Vec<u32> = (0..n as u32).rev().collect();
            let g = Csr::build(n, &edges, &rank);
            let distinct: std::collections::BTreeSet<u64> =
                edges.iter().map(|e| e.2.to_bits()).collect();
            prop_assert_eq!(
                matches!(g.weights, super::Weights::Coded { .. }),
                distinct.len() <= 256
            );
            for v in 0..n as u32 {
                let mut best: std::collections::BTreeMap<u32, f64> = Default::default();
                for &(f, t, w) in &edges {
                    if f == v {
                        let b = best.entry(rank[t as usize]).or_insert(w);
                        *b = b.max(w);
                    }
                }
                let want: Vec<(u32, u64)> =
                    best.iter().map(|(&r, w)| (n as u32 - 1 - r, w.to_bits())).collect();
                let (ts, ws) = g.row(v);
                let got: Vec<(u32, u64)> =
                    ts.iter().copied().zip(ws.iter().map(f64::to_bits)).collect();
                prop_assert_eq!(got, want);
            }
        }
    }
}
