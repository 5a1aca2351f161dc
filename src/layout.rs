//! A layered drawing of the strategy graph, computed in the core so it is fast on large models
//! and identical on every platform (no clock, no randomness, no recursion).
//!
//! # Layers
//!
//! Every node goes to a layer by its kind, top to bottom:
//!
//! | layer | kinds                              |
//! |-------|------------------------------------|
//! | 0     | goal (sub-goals included)          |
//! | 1     | capability, activity, element      |
//! | 2     | initiative                         |
//! | 3     | application                        |
//! | 4     | person                             |
//!
//! Empty layers are dropped, so layer numbers stay consecutive (a model with goals and
//! applications only has layers 0 and 1).
//!
//! # Order within a layer
//!
//! Each layer starts in id order. Then `sweeps` rounds of barycenter ordering run, each a down
//! sweep (layers 1, 2, ... reordered by their neighbours in the layers above) followed by an up
//! sweep (the layers above the last, bottom to top, reordered by their neighbours below). A
//! node's barycenter is the mean of its neighbours' current positions, each normalised to
//! [0, 1] within its own layer, so an edge that spans several layers (an application
//! supporting a capability, an initiative contributing to a goal) pulls as much as an edge
//! between adjacent layers. A node with no neighbour on the side in use keeps its current
//! normalised position as its barycenter.
//!
//! Every edge of the model counts, whatever its kind and direction; self-loops, duplicate
//! edges and edges between two nodes of the same layer (part_of hierarchies, depends_on
//! between applications or between initiatives) take no part in the ordering.
//!
//! Positions are fixed-point integers (2^31 is the right end of a layer) and barycenters are
//! integer sums, so nothing depends on the order of summation; ties are broken by id. The
//! result therefore depends only on the ids, kinds and edges of the model, never on the order
//! of nodes or edges in the file.
//!
//! The objective is the **total normalised edge length**: the sum over every edge between two
//! layers of |position(u) - position(v)|, positions normalised to [0, 1] as above. It is
//! evaluated after every sweep (O(m)) and the best ordering seen is kept, the initial id order
//! included (on a tie the earlier one wins), so the result is never worse than the id order by
//! this measure. The sweeps stop early when a round changes no layer.
//!
//! # Coordinates
//!
//! Coordinates are the centres of the nodes, all >= 0; [`Layout::width`] and
//! [`Layout::height`] are the bounding box of those centres (add the node size for a margin).
//!
//! - A layer of at most `max_row` nodes is one row, nodes `node_spacing` apart.
//! - A larger layer wraps into `rows = ceil(count / max_row)` rows and
//!   `columns = ceil(count / rows)` columns, `node_spacing` apart both ways. It is filled
//!   column by column (positions 0..rows-1 in the first column, top to bottom, and so on), so x
//!   still grows with the position in the layer and a node's neighbours in the order stay
//!   near it. No layer is wider than `max_row` nodes.
//! - Each layer's block of columns is centred on the widest layer.
//! - The first row of the top layer is at y = 0; each next layer starts `layer_spacing` below
//!   the last row of the layer above.
//!
//! With `max_row = 0` the row length is `max(12, ceil(2 sqrt(n)))` for `n` nodes, which keeps
//! the drawing roughly as wide as it is tall.

use crate::graph::Csr;
use crate::model::{Model, NodeKind};

/// Settings of [`layered`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayoutOptions {
    /// Distance between neighbouring nodes of a row, and between the rows of a wrapped layer
    /// (default 28). Must be positive and finite; anything else falls back to the default.
    pub node_spacing: f64,
    /// Distance from the last row of a layer to the first row of the next (default 140). Must
    /// be positive and finite; anything else falls back to the default.
    pub layer_spacing: f64,
    /// Largest number of nodes in a row; a layer with more wraps into several rows. 0 (the
    /// default) means `max(12, ceil(2 sqrt(n)))` for a model of `n` nodes.
    pub max_row: usize,
    /// Rounds of barycenter ordering, each a down and an up sweep (default 8); 0 keeps the id
    /// order.
    pub sweeps: usize,
}

impl Default for LayoutOptions {
    fn default() -> LayoutOptions {
        LayoutOptions {
            node_spacing: 28.0,
            layer_spacing: 140.0,
            max_row: 0,
            sweeps: 8,
        }
    }
}

/// A layered drawing: flat arrays indexed like [`Model::nodes`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// Horizontal centre of each node, in [0, width].
    pub x: Vec<f64>,
    /// Vertical centre of each node, in [0, height]; grows downwards.
    pub y: Vec<f64>,
    /// Layer of each node (0 at the top).
    pub layer: Vec<u32>,
    /// Width of the bounding box of the node centres.
    pub width: f64,
    /// Height of the bounding box of the node centres.
    pub height: f64,
    /// Number of (non-empty) layers.
    pub layers: u32,
}

/// Fixed-point value of the right end of a layer (normalised position 1).
const ONE: u64 = 1 << 31;

/// Layers below this size are sorted by comparison; larger ones by radix sort.
const RADIX_MIN: usize = 256;

/// The layer a kind belongs to before empty layers are dropped.
fn kind_layer(kind: NodeKind) -> usize {
    match kind {
        NodeKind::Goal => 0,
        NodeKind::Capability | NodeKind::Activity | NodeKind::Element => 1,
        NodeKind::Initiative => 2,
        NodeKind::Application => 3,
        NodeKind::Person => 4,
    }
}

/// Computes a layered drawing of `model`: goals on top, then capabilities, activities and
/// elements, then initiatives, then applications, then people, each layer ordered by barycenter
/// sweeps to shorten edges and avoid crossings (see the [module documentation](self) for the
/// rules).
///
/// # Arguments
///
/// - `model`: the model; edges with an endpoint out of range are skipped.
/// - `opts`: spacing, row length and number of sweeps; [`LayoutOptions::default`] suits the
///   dashboard.
///
/// Returns a [`Layout`] whose arrays are indexed like `model.nodes`. An empty model gives an
/// empty layout with `width = height = 0`. The result depends only on the ids, kinds and edges,
/// not on their order in the file.
///
/// # Complexity
///
/// O(sweeps × (n + m) + n log n + m log d) time for `n` nodes, `m` edges and largest degree
/// `d` (the id sort and the sorted adjacency rows; large layers are reordered by radix sort).
/// Memory O(n + m): one [`Csr`] of the edges between layers (12 bytes an edge, 16 more while
/// it is built) and a few arrays of `n`.
///
/// # Example
///
/// ```
/// use aligngraph::layout::{LayoutOptions, layered};
///
/// let text = r#"{"format": "aligngraph", "version": 1,
///   "nodes": [{"id": "g", "kind": "goal"}, {"id": "c", "kind": "capability"},
///             {"id": "i", "kind": "initiative"}, {"id": "a", "kind": "application"}],
///   "edges": [{"from": "c", "to": "g", "kind": "contributes"},
///             {"from": "i", "to": "c", "kind": "supports"},
///             {"from": "i", "to": "a", "kind": "depends_on"}]}"#;
/// let (model, _) = aligngraph::load_json(text);
/// let layout = layered(&model, &LayoutOptions::default());
/// assert_eq!(layout.layers, 4);
/// assert_eq!(layout.layer, [0, 1, 2, 3]);
/// assert_eq!(layout.y, [0.0, 140.0, 280.0, 420.0]);
/// assert_eq!((layout.width, layout.height), (0.0, 420.0));
/// ```
pub fn layered(model: &Model, opts: &LayoutOptions) -> Layout {
    let n = model.nodes.len();
    if n == 0 {
        return Layout::default();
    }
    let defaults = LayoutOptions::default();
    let positive = |v: f64, d: f64| if v.is_finite() && v > 0.0 { v } else { d };
    let spacing = positive(opts.node_spacing, defaults.node_spacing);
    let layer_gap = positive(opts.layer_spacing, defaults.layer_spacing);
    let max_row = if opts.max_row > 0 {
        opts.max_row
    } else {
        default_max_row(n)
    };

    // Layers: by kind, empty ones dropped.
    let mut present = [false; 5];
    for node in &model.nodes {
        present[kind_layer(node.kind)] = true;
    }
    let mut remap = [0u32; 5];
    let mut k = 0u32;
    for (l, &p) in present.iter().enumerate() {
        remap[l] = k;
        k += p as u32;
    }
    let layers = k as usize;
    let layer: Vec<u32> = model
        .nodes
        .iter()
        .map(|x| remap[kind_layer(x.kind)])
        .collect();

    // Slots: the nodes grouped by layer, each layer in id order (a counting sort of the id
    // order). The sweeps work on slots, so a layer is a contiguous range of adjacency rows
    // (read in sequence) and a slot number within a layer is the id tie-break.
    let mut start = vec![0usize; layers + 1];
    for &l in &layer {
        start[l as usize + 1] += 1;
    }
    for l in 0..layers {
        start[l + 1] += start[l];
    }
    let mut node_at = vec![0u32; n];
    let mut slot_of = vec![0u32; n];
    {
        let mut fill = start.clone();
        for v in crate::graph::id_order(model) {
            let l = layer[v as usize] as usize;
            node_at[fill[l]] = v;
            slot_of[v as usize] = fill[l] as u32;
            fill[l] += 1;
        }
    }
    // The slots in drawing order: order[start[l]..start[l + 1]] is layer l, left to right.
    let mut order: Vec<u32> = (0..n as u32).collect();

    if layers > 1 && opts.sweeps > 0 {
        // Edges between layers, from each slot to its neighbours in the layers above.
        // Same-layer edges, self-loops and out-of-range ends are left out; duplicates are
        // merged by `Csr::build`. The up sweeps scatter along these rows instead of reading a
        // reversed copy, which keeps the memory to one adjacency.
        let between = |f: usize, t: usize| f < n && t < n && layer[f] != layer[t];
        let count = model
            .edges
            .iter()
            .filter(|e| between(e.from as usize, e.to as usize))
            .count();
        let mut up_edges: Vec<(u32, u32, f64)> = Vec::with_capacity(count);
        for e in &model.edges {
            let (f, t) = (e.from as usize, e.to as usize);
            if !between(f, t) {
                continue;
            }
            let (lower, upper) = if layer[f] > layer[t] { (f, t) } else { (t, f) };
            up_edges.push((slot_of[lower], slot_of[upper], 1.0));
        }
        drop(slot_of);
        // Slots are their own ranks (`order` is still the identity).
        let up = Csr::build(n, &up_edges, &order);
        drop(up_edges);
        if up.edge_count() > 0 {
            let mut sweep = Sweep::new(&up, &start);
            for l in 0..layers {
                sweep.place(&order, l);
            }
            let mut best = order.clone();
            let mut best_cost = sweep.cost();
            for _ in 0..opts.sweeps {
                let mut changed = false;
                for l in 1..layers {
                    sweep.keys_from_above(l);
                    changed |= sweep.apply(&mut order, l);
                }
                let c = sweep.cost();
                if c < best_cost {
                    best_cost = c;
                    best.copy_from_slice(&order);
                }
                sweep.below_sum.fill(0);
                sweep.scatter(layers - 1);
                for l in (0..layers - 1).rev() {
                    sweep.keys_from_below(l);
                    changed |= sweep.apply(&mut order, l);
                    if l > 0 {
                        sweep.scatter(l);
                    }
                }
                let c = sweep.cost();
                if c < best_cost {
                    best_cost = c;
                    best.copy_from_slice(&order);
                }
                if !changed {
                    break;
                }
            }
            order = best;
        }
    }

    // Coordinates: rows and columns per layer, blocks centred on the widest layer.
    let shape = |count: usize| {
        let rows = count.div_ceil(max_row).max(1);
        (rows, count.div_ceil(rows))
    };
    let widest = (0..layers)
        .map(|l| shape(start[l + 1] - start[l]).1)
        .max()
        .unwrap_or(1);
    let width = (widest.saturating_sub(1)) as f64 * spacing;
    let mut x = vec![0f64; n];
    let mut y = vec![0f64; n];
    let mut top = 0f64;
    let mut height = 0f64;
    for l in 0..layers {
        let members = &order[start[l]..start[l + 1]];
        let (rows, cols) = shape(members.len());
        let left = (width - (cols.saturating_sub(1)) as f64 * spacing) / 2.0;
        for (p, &slot) in members.iter().enumerate() {
            let v = node_at[slot as usize] as usize;
            x[v] = left + (p / rows) as f64 * spacing;
            y[v] = top + (p % rows) as f64 * spacing;
        }
        height = top + (rows - 1) as f64 * spacing;
        top = height + layer_gap;
    }
    Layout {
        x,
        y,
        layer,
        width,
        height,
        layers: layers as u32,
    }
}

/// `max(12, ceil(2 sqrt(n)))`, in integers.
fn default_max_row(n: usize) -> usize {
    let four_n = n.saturating_mul(4);
    let r = four_n.isqrt();
    let r = if r * r < four_n { r + 1 } else { r };
    r.max(12)
}

/// State of the barycenter sweeps, over slots.
struct Sweep<'a> {
    /// Edges from each slot to its neighbours in the layers above.
    up: &'a Csr,
    /// Layer boundaries among the slots.
    start: &'a [usize],
    /// Normalised position of each slot in its layer, fixed point in [0, ONE].
    pos: Vec<u32>,
    /// Sum of the positions of each slot's neighbours below, filled layer by layer during an
    /// up sweep.
    below_sum: Vec<u64>,
    /// Number of each slot's neighbours below.
    below_count: Vec<u32>,
    /// Sort keys of the layer being reordered: barycenter << 32 | slot.
    keys: Vec<u64>,
    /// Radix sort buffer.
    scratch: Vec<u64>,
}

impl<'a> Sweep<'a> {
    fn new(up: &'a Csr, start: &'a [usize]) -> Sweep<'a> {
        let n = up.node_count();
        let mut below_count = vec![0u32; n];
        for v in 0..n as u32 {
            for &t in up.targets(v) {
                below_count[t as usize] += 1;
            }
        }
        Sweep {
            up,
            start,
            pos: vec![0; n],
            below_sum: vec![0; n],
            below_count,
            keys: Vec::new(),
            scratch: Vec::new(),
        }
    }

    /// The slots of layer `l`.
    fn slots(&self, l: usize) -> std::ops::Range<u32> {
        self.start[l] as u32..self.start[l + 1] as u32
    }

    /// Sets the normalised positions of layer `l` from its order.
    fn place(&mut self, order: &[u32], l: usize) {
        let members = &order[self.start[l]..self.start[l + 1]];
        let last = members.len().saturating_sub(1) as u64;
        for (p, &v) in members.iter().enumerate() {
            self.pos[v as usize] = (p as u64 * ONE).checked_div(last).unwrap_or(ONE / 2) as u32;
        }
    }

    /// The sort key of `v`: its barycenter (or its own position when it has no neighbour on
    /// the side in use), then its slot, which is its id order within the layer.
    fn key(&self, v: u32, sum: u64, count: u32) -> u64 {
        let bary = sum
            .checked_div(count as u64)
            .unwrap_or(self.pos[v as usize] as u64);
        bary << 32 | v as u64
    }

    /// Keys of layer `l` from the neighbours above (a gather along the `up` rows).
    fn keys_from_above(&mut self, l: usize) {
        self.keys.clear();
        for v in self.slots(l) {
            let ts = self.up.targets(v);
            let sum: u64 = ts.iter().map(|&t| self.pos[t as usize] as u64).sum();
            let key = self.key(v, sum, ts.len() as u32);
            self.keys.push(key);
        }
    }

    /// Adds the positions of layer `l` to the `below_sum` of its neighbours above.
    fn scatter(&mut self, l: usize) {
        for v in self.slots(l) {
            let p = self.pos[v as usize] as u64;
            for &t in self.up.targets(v) {
                self.below_sum[t as usize] += p;
            }
        }
    }

    /// Keys of layer `l` from the neighbours below (every layer below must have been
    /// scattered).
    fn keys_from_below(&mut self, l: usize) {
        self.keys.clear();
        for v in self.slots(l) {
            let key = self.key(v, self.below_sum[v as usize], self.below_count[v as usize]);
            self.keys.push(key);
        }
    }

    /// Sorts layer `l` by the keys; returns whether its order changed.
    fn apply(&mut self, order: &mut [u32], l: usize) -> bool {
        let (a, b) = (self.start[l], self.start[l + 1]);
        if b - a < 2 {
            return false;
        }
        if self.keys.len() < RADIX_MIN {
            self.keys.sort_unstable();
        } else {
            radix_sort(&mut self.keys, &mut self.scratch);
        }
        let mut changed = false;
        for (slot, &key) in order[a..b].iter_mut().zip(&self.keys) {
            let v = key as u32;
            changed |= *slot != v;
            *slot = v;
        }
        if changed {
            self.place(order, l);
        }
        changed
    }

    /// Total normalised edge length over the edges between layers, in fixed point.
    fn cost(&self) -> u64 {
        let mut total = 0u64;
        for v in 0..self.up.node_count() as u32 {
            let pv = self.pos[v as usize];
            for &t in self.up.targets(v) {
                total += pv.abs_diff(self.pos[t as usize]) as u64;
            }
        }
        total
    }
}

/// Sorts `keys` ascending: least-significant-digit radix sort, 8 bits a pass, skipping the
/// passes where every key has the same digit. O(len) time.
fn radix_sort(keys: &mut Vec<u64>, scratch: &mut Vec<u64>) {
    let len = keys.len();
    let mut counts = [[0u32; 256]; 8];
    for &k in keys.iter() {
        for (d, c) in counts.iter_mut().enumerate() {
            c[(k >> (8 * d)) as usize & 0xff] += 1;
        }
    }
    scratch.clear();
    scratch.resize(len, 0);
    for (d, c) in counts.iter_mut().enumerate() {
        if c.iter().any(|&x| x as usize == len) {
            continue;
        }
        let mut sum = 0u32;
        for x in c.iter_mut() {
            let here = *x;
            *x = sum;
            sum += here;
        }
        for &k in keys.iter() {
            let slot = &mut c[(k >> (8 * d)) as usize & 0xff];
            scratch[*slot as usize] = k;
            *slot += 1;
        }
        std::mem::swap(keys, scratch);
    }
}
