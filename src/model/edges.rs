//! The edges of a model, in order, 11 bytes each: both ends, the kind and a two-byte code of the
//! weight into a table of the model's distinct weights. A model's weights are mostly a handful of
//! values (0.2, 0.5, 1), so 5,000,000 edges hold 55 MB instead of the 85 MB of 17-byte [`Edge`]s.
//! Past 65,535 distinct weights every edge's weight is held whole beside it. An edge is read and
//! written as an [`Edge`] value; it reads back the same bits it was written with.

use super::{Edge, EdgeKind, NodeIx};

/// One stored edge: `w` is 0 for an edge without a weight of its own, else 1 + its weight's
/// place in the table (unused once every weight is held whole).
#[derive(Clone, Copy)]
#[repr(C, packed)]
struct Stored {
    from: NodeIx,
    to: NodeIx,
    kind: EdgeKind,
    w: u16,
}

/// The distinct weights and their codes: open addressing over the weights' bits.
#[derive(Clone, Default)]
struct Table {
    values: Vec<f64>,
    /// `(bits, code)`; code 0 marks a free slot. A power of two long, at most half full.
    slots: Vec<(u64, u16)>,
}

impl Table {
    fn slot(&self, bits: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut s = (bits.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & mask;
        while self.slots[s].1 != 0 && self.slots[s].0 != bits {
            s = (s + 1) & mask;
        }
        s
    }

    /// The code of `x` (1-based), added when new; `None` when the table is full.
    fn code(&mut self, x: f64) -> Option<u16> {
        let bits = x.to_bits();
        if self.slots.is_empty() {
            self.slots = vec![(0, 0); 64];
        }
        let s = self.slot(bits);
        if self.slots[s].1 != 0 {
            return Some(self.slots[s].1);
        }
        if self.values.len() == u16::MAX as usize {
            return None;
        }
        self.values.push(x);
        let code = self.values.len() as u16;
        self.slots[s] = (bits, code);
        if self.values.len() * 2 > self.slots.len() {
            let room = self.slots.len() * 2;
            let old = std::mem::replace(&mut self.slots, vec![(0, 0); room]);
            for (b, c) in old.into_iter().filter(|x| x.1 != 0) {
                let s = self.slot(b);
                self.slots[s] = (b, c);
            }
        }
        Some(code)
    }
}

/// The edges of a model, in order (see the module's documentation).
#[derive(Clone, Default)]
pub struct Edges {
    list: Vec<Stored>,
    table: Table,
    /// Every edge's weight as written (NaN for none), once the table is full.
    whole: Option<Vec<f64>>,
}

impl Edges {
    /// No edges.
    pub fn new() -> Edges {
        Edges::default()
    }

    /// No edges, with room for `n`.
    pub fn with_capacity(n: usize) -> Edges {
        Edges {
            list: Vec::with_capacity(n),
            ..Edges::default()
        }
    }

    /// Number of edges.
    #[inline]
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// True when there are none.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The edge at `i`, if there is one.
    #[inline]
    pub fn get(&self, i: usize) -> Option<Edge> {
        let s = *self.list.get(i)?;
        let e = Edge::new(s.from, s.to, s.kind);
        Some(match &self.whole {
            Some(w) => e.with_weight(w[i]),
            None if s.w == 0 => e,
            None => e.with_weight(self.table.values[s.w as usize - 1]),
        })
    }

    /// The edge at `i`.
    ///
    /// # Panics
    /// When `i` is not below [`Edges::len`], as a slice's index does.
    #[inline]
    #[track_caller]
    pub fn at(&self, i: usize) -> Edge {
        match self.get(i) {
            Some(e) => e,
            None => panic!("edge {i} of {}", self.len()),
        }
    }

    /// The last edge, if any.
    pub fn last(&self) -> Option<Edge> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// The edges in order, by value.
    #[inline]
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            edges: self,
            range: 0..self.len(),
        }
    }

    /// The edges as a vector.
    pub fn to_vec(&self) -> Vec<Edge> {
        self.iter().collect()
    }

    /// `e` as stored, its weight coded (or, once the table is full, held whole at `at`, or
    /// at the end).
    fn stored(&mut self, e: Edge, at: Option<usize>) -> Stored {
        let written = e.written_weight();
        let mut w = 0;
        if let (None, Some(x)) = (&self.whole, written) {
            match self.table.code(x) {
                Some(c) => w = c,
                // The 65,536th distinct weight: every weight whole from here on.
                None => {
                    let mut whole: Vec<f64> =
                        (0..self.len()).map(|i| self.weight_bits(i)).collect();
                    whole.reserve(self.list.capacity().saturating_sub(whole.len()));
                    self.whole = Some(whole);
                }
            }
        }
        if let Some(whole) = &mut self.whole {
            let x = written.unwrap_or(f64::NAN);
            match at {
                Some(i) => whole[i] = x,
                None => whole.push(x),
            }
        }
        Stored {
            from: e.from,
            to: e.to,
            kind: e.kind,
            w,
        }
    }

    /// The weight of edge `i` as written (NaN for none).
    fn weight_bits(&self, i: usize) -> f64 {
        self.get(i)
            .and_then(|e| e.written_weight())
            .unwrap_or(f64::NAN)
    }

    /// Adds an edge at the end.
    pub fn push(&mut self, e: Edge) {
        let s = self.stored(e, None);
        self.list.push(s);
    }

    /// Puts `e` at `i`.
    ///
    /// # Panics
    /// When `i` is not below [`Edges::len`].
    #[track_caller]
    pub fn set(&mut self, i: usize, e: Edge) {
        assert!(i < self.len(), "edge {i} of {}", self.len());
        let s = self.stored(e, Some(i));
        self.list[i] = s;
    }

    /// Changes every edge with `f`, in order. An edge whose weight `f` leaves as it was keeps its
    /// code (only a new weight is looked up in the table).
    pub fn update(&mut self, mut f: impl FnMut(&mut Edge)) {
        for i in 0..self.len() {
            let mut e = self.at(i);
            let weight = e.written_weight().map(f64::to_bits);
            f(&mut e);
            if e.written_weight().map(f64::to_bits) == weight {
                let s = &mut self.list[i];
                (s.from, s.to, s.kind) = (e.from, e.to, e.kind);
            } else {
                self.set(i, e);
            }
        }
    }

    /// Keeps the edges for which `keep` is true, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&Edge) -> bool) {
        let mut write = 0;
        for i in 0..self.len() {
            if keep(&self.at(i)) {
                self.list[write] = self.list[i];
                if let Some(w) = &mut self.whole {
                    w[write] = w[i];
                }
                write += 1;
            }
        }
        self.truncate(write);
    }

    /// Keeps the first `n` edges.
    pub fn truncate(&mut self, n: usize) {
        self.list.truncate(n);
        if let Some(w) = &mut self.whole {
            w.truncate(n);
        }
    }

    /// Room for `n` more edges.
    pub fn reserve(&mut self, n: usize) {
        self.list.reserve(n);
        if let Some(w) = &mut self.whole {
            w.reserve(n);
        }
    }

    /// Room for exactly `n` more edges.
    pub fn reserve_exact(&mut self, n: usize) {
        self.list.reserve_exact(n);
        if let Some(w) = &mut self.whole {
            w.reserve_exact(n);
        }
    }

    /// Gives back room held past the edges.
    pub fn shrink_to_fit(&mut self) {
        self.list.shrink_to_fit();
        if let Some(w) = &mut self.whole {
            w.shrink_to_fit();
        }
    }

    /// Room held, in edges.
    pub fn capacity(&self) -> usize {
        self.list.capacity()
    }

    /// Bytes held (the edges and the table of weights), for memory accounts.
    pub fn heap_bytes(&self) -> usize {
        self.list.capacity() * std::mem::size_of::<Stored>()
            + self.table.values.capacity() * 8
            + self.table.slots.capacity() * std::mem::size_of::<(u64, u16)>()
            + self.whole.as_ref().map_or(0, |w| w.capacity() * 8)
    }
}

impl std::fmt::Debug for Edges {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Edges {
    fn eq(&self, o: &Edges) -> bool {
        self.len() == o.len() && self.iter().eq(o.iter())
    }
}

impl Extend<Edge> for Edges {
    fn extend<I: IntoIterator<Item = Edge>>(&mut self, items: I) {
        let items = items.into_iter();
        self.reserve(items.size_hint().0);
        for e in items {
            self.push(e);
        }
    }
}

impl FromIterator<Edge> for Edges {
    fn from_iter<I: IntoIterator<Item = Edge>>(items: I) -> Edges {
        let mut out = Edges::new();
        out.extend(items);
        out
    }
}

impl From<Vec<Edge>> for Edges {
    fn from(v: Vec<Edge>) -> Edges {
        v.into_iter().collect()
    }
}

impl<'a> IntoIterator for &'a Edges {
    type Item = Edge;
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The edges of an [`Edges`] in order, by value.
#[derive(Clone)]
pub struct Iter<'a> {
    edges: &'a Edges,
    range: std::ops::Range<usize>,
}

impl Iterator for Iter<'_> {
    type Item = Edge;
    #[inline]
    fn next(&mut self) -> Option<Edge> {
        self.range.next().map(|i| self.edges.at(i))
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.range.size_hint()
    }
    #[inline]
    fn nth(&mut self, n: usize) -> Option<Edge> {
        self.range.nth(n).map(|i| self.edges.at(i))
    }
}

impl DoubleEndedIterator for Iter<'_> {
    #[inline]
    fn next_back(&mut self) -> Option<Edge> {
        self.range.next_back().map(|i| self.edges.at(i))
    }
}

impl ExactSizeIterator for Iter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &Edge, b: &Edge) -> bool {
        (a.from, a.to, a.kind, a.written_weight().map(f64::to_bits))
            == (b.from, b.to, b.kind, b.written_weight().map(f64::to_bits))
    }

    #[test]
    fn an_edge_takes_11_bytes_and_reads_back_what_was_written_bit_for_bit() {
        assert_eq!(std::mem::size_of::<Stored>(), 11);
        let specials = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            1e-300,
            f64::MAX,
            f64::MIN_POSITIVE,
            0.3,
        ];
        let mut want = Vec::new();
        for (i, &w) in specials.iter().enumerate() {
            want.push(Edge::new(i as u32, i as u32 + 1, EdgeKind::Contributes).with_weight(w));
            want.push(Edge::new(i as u32 + 1, i as u32, EdgeKind::DependsOn));
        }
        let edges: Edges = want.iter().copied().collect();
        assert_eq!(edges.len(), want.len());
        for (i, w) in want.iter().enumerate() {
            assert!(same(&edges.at(i), w), "edge {i}");
        }
        assert!(edges.whole.is_none());
        assert!(edges.heap_bytes() <= want.len() * 11 + 64 * 16 + 16 * 8);
    }

    #[test]
    fn past_65535_distinct_weights_every_weight_is_held_whole_and_still_reads_back() {
        let n = 80_000usize;
        let w = |i: usize| {
            if i % 7 == 0 {
                None
            } else {
                Some(i as f64 / 3.0)
            }
        };
        let mut edges = Edges::new();
        let mut want = Vec::new();
        for i in 0..n {
            let e = Edge::new(i as u32, 0, EdgeKind::Supports);
            let e = match w(i) {
                Some(x) => e.with_weight(x),
                None => e,
            };
            edges.push(e);
            want.push(e);
        }
        assert!(edges.whole.is_some());
        assert!(edges.iter().zip(&want).all(|(a, b)| same(&a, b)));
        // Changes keep both the codes and the whole weights in step.
        edges.set(5, Edge::new(9, 9, EdgeKind::PartOf).with_weight(0.25));
        edges.retain(|e| e.from % 2 == 1);
        let kept: Vec<Edge> = want
            .iter()
            .enumerate()
            .map(|(i, &e)| {
                if i == 5 {
                    Edge::new(9, 9, EdgeKind::PartOf).with_weight(0.25)
                } else {
                    e
                }
            })
            .filter(|e| e.from % 2 == 1)
            .collect();
        assert_eq!(edges.len(), kept.len());
        assert!(edges.iter().zip(&kept).all(|(a, b)| same(&a, b)));
    }

    #[test]
    fn set_update_retain_and_truncate_change_only_what_they_name() {
        let mut edges: Edges = (0..10u32)
            .map(|i| Edge::new(i, i + 1, EdgeKind::Contributes).with_weight(f64::from(i) / 10.0))
            .collect();
        edges.set(3, Edge::new(7, 7, EdgeKind::Excludes));
        assert!(same(&edges.at(3), &Edge::new(7, 7, EdgeKind::Excludes)));
        edges.update(|e| e.to += 100);
        assert_eq!(
            edges.iter().map(|e| e.to).collect::<Vec<_>>(),
            [101, 102, 103, 107, 105, 106, 107, 108, 109, 110]
        );
        assert_eq!(edges.at(4).written_weight(), Some(0.4));
        edges.retain(|e| e.kind == EdgeKind::Contributes);
        assert_eq!(edges.len(), 9);
        edges.truncate(2);
        assert_eq!(
            edges.to_vec(),
            vec![
                Edge::new(0, 101, EdgeKind::Contributes).with_weight(0.0),
                Edge::new(1, 102, EdgeKind::Contributes).with_weight(0.1),
            ]
        );
        assert_eq!(
            edges.iter().rev().map(|e| e.from).collect::<Vec<_>>(),
            [1, 0]
        );
        assert_eq!(edges.get(2), None);
    }
}
