//! The fast reader's id index: node ids to their indices in one flat open-addressing table.
//!
//! Every edge looks up two ids, so for a large model this lookup is most of the reading time,
//! and what it costs is memory traffic: a general hash map touches its control bytes, its bucket
//! and then the id's own allocation to compare it. Here a slot holds the id itself when it is at
//! most 16 bytes long (most ids), so a lookup that finds its id touches one slot; a longer id is
//! compared with the node's own id as well. Linear probing, a table of at least 2 slots per
//! node (sequential ids at 2/3 full needed probes of up to 94 slots; at half full they need
//! under 40, at a third full under 20), and a bound on the probe length: a set of ids that would need longer probes (ids
//! made to collide) is refused, and the general reader reads the file instead.

use crate::model::{Node, NodeIx};
use std::cell::Cell;

/// One slot: an id's bytes (see [`words`]), its length (0: empty) and its node's index.
#[derive(Clone, Copy, Default)]
struct Slot {
    w: [u64; 2],
    len: u32,
    ix: NodeIx,
}

/// Ids of at most this many bytes are held in their slot.
const INLINE: usize = 16;

/// The longest probe accepted when the table is built.
const MAX_PROBE: usize = 512;

/// Node ids to their indices (see the module's documentation).
pub(super) struct IdIndex<'m> {
    slots: Vec<Slot>,
    mask: usize,
    nodes: &'m [Node],
    /// The last id found for each end of an edge: files often list a node's edges together, so
    /// the next edge's `from` is often the last one.
    last: [Cell<Slot>; 2],
}

#[inline]
fn le64(b: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[..8]);
    u64::from_le_bytes(w)
}

#[inline]
fn le32(b: &[u8]) -> u64 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[..4]);
    u64::from(u32::from_le_bytes(w))
}

/// Two words that, with the length, are the id itself when it has at most 16 bytes: the first
/// and the last eight bytes (overlapping below 16), the first and last four below 8, and the
/// first, middle and last byte below 4. For a longer id, its first and last eight bytes.
#[inline]
fn words(s: &[u8]) -> [u64; 2] {
    let n = s.len();
    if n >= 8 {
        [le64(s), le64(&s[n - 8..])]
    } else if n >= 4 {
        [le32(s) | le32(&s[n - 4..]) << 32, 0]
    } else if n > 0 {
        [
            u64::from(s[0]) | u64::from(s[n / 2]) << 8 | u64::from(s[n - 1]) << 16,
            0,
        ]
    } else {
        [0, 0]
    }
}

const K1: u64 = 0x9E37_79B9_7F4A_7C15;
const K2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const K3: u64 = 0xFF51_AFD7_ED55_8CCD;
const K4: u64 = 0xC4CE_B9FE_1A85_EC53;

/// The hash of an id (its words, its length and, for a longer id, its middle bytes).
#[inline]
fn hash(s: &[u8], w: [u64; 2]) -> u64 {
    let mut h = w[0].wrapping_mul(K1) ^ (w[1] ^ s.len() as u64).wrapping_mul(K2);
    if s.len() > INLINE {
        for c in s[8..s.len() - 8].chunks(8) {
            let mut x = [0u8; 8];
            x[..c.len()].copy_from_slice(c);
            h = (h.rotate_left(23) ^ u64::from_le_bytes(x)).wrapping_mul(K1);
        }
    }
    // The MurmurHash3 finaliser: every bit of the table index depends on every input bit
    // (ids that differ only in their higher bytes, like n1, n2, ..., spread evenly).
    h ^= h >> 33;
    h = h.wrapping_mul(K3);
    h ^= h >> 33;
    h = h.wrapping_mul(K4);
    h ^ (h >> 33)
}

impl<'m> IdIndex<'m> {
    /// The index of `nodes`' ids; `None` when two nodes share an id, an id is empty, or the
    /// ids would need probes longer than [`MAX_PROBE`].
    pub(super) fn new(nodes: &'m [Node]) -> Option<IdIndex<'m>> {
        let size = (2 * nodes.len()).max(8).next_power_of_two();
        let mut ix = IdIndex {
            slots: vec![Slot::default(); size],
            mask: size - 1,
            nodes,
            last: Default::default(),
        };
        for (i, n) in nodes.iter().enumerate() {
            let s = n.id.as_bytes();
            let len = u32::try_from(s.len()).ok().filter(|&l| l > 0)?;
            let w = words(s);
            let mut at = hash(s, w) as usize & ix.mask;
            let mut probes = 0;
            loop {
                let slot = ix.slots[at];
                if slot.len == 0 {
                    break;
                }
                if slot.len == len && slot.w == w && ix.long_equal(slot.ix, s) {
                    return None;
                }
                probes += 1;
                if probes == MAX_PROBE {
                    return None;
                }
                at = (at + 1) & ix.mask;
            }
            ix.slots[at] = Slot {
                w,
                len,
                ix: NodeIx::try_from(i).ok()?,
            };
        }
        Some(ix)
    }

    /// For an id longer than [`INLINE`] bytes, whether node `ix`'s id is `s` (the caller
    /// compared the lengths and words).
    #[inline]
    fn long_equal(&self, ix: NodeIx, s: &[u8]) -> bool {
        s.len() <= INLINE || self.nodes[ix as usize].id.as_bytes() == s
    }

    /// The index of the node with id `id`.
    #[inline]
    pub(super) fn get(&self, id: &str) -> Option<NodeIx> {
        let s = id.as_bytes();
        self.find(s, s.len() as u32, words(s))
    }

    #[inline]
    fn find(&self, s: &[u8], len: u32, w: [u64; 2]) -> Option<NodeIx> {
        let mut at = hash(s, w) as usize & self.mask;
        loop {
            let slot = &self.slots[at];
            if slot.len == 0 {
                return None;
            }
            if slot.len == len && slot.w == w && self.long_equal(slot.ix, s) {
                return Some(slot.ix);
            }
            at = (at + 1) & self.mask;
        }
    }

    /// [`IdIndex::get`] for one end of an edge (0: `from`, 1: `to`), trying the last id found
    /// for that end first.
    #[inline]
    pub(super) fn get_end(&self, id: &str, end: usize) -> Option<NodeIx> {
        let s = id.as_bytes();
        let len = s.len() as u32;
        let w = words(s);
        let last = &self.last[end & 1];
        let l = last.get();
        if l.len == len && l.w == w && self.long_equal(l.ix, s) {
            return Some(l.ix);
        }
        let ix = self.find(s, len, w)?;
        last.set(Slot { w, len, ix });
        Some(ix)
    }

    /// The longest probe of any id in the table (for the tests).
    #[cfg(test)]
    fn longest_probe(&self) -> usize {
        let mut longest = 0;
        for (at, slot) in self.slots.iter().enumerate() {
            if slot.len > 0 {
                let s = self.nodes[slot.ix as usize].id.as_bytes();
                let home = hash(s, words(s)) as usize & self.mask;
                longest = longest.max(at.wrapping_sub(home) & self.mask);
            }
        }
        longest
    }

    /// Every id, in node order.
    pub(super) fn ids(&self) -> impl Iterator<Item = &'m str> + use<'m> {
        self.nodes.iter().map(|n| &*n.id)
    }
}

#[cfg(test)]
mod tests {
    use super::IdIndex;
    use crate::model::{Node, NodeKind};

    fn nodes(ids: &[String]) -> Vec<Node> {
        ids.iter()
            .map(|id| Node::new(id.clone(), NodeKind::Goal))
            .collect()
    }

    #[test]
    fn finds_every_id_of_every_length_and_nothing_else() {
        // Ids of 1 to 40 bytes that share long prefixes and suffixes and differ in one byte
        // anywhere (the middle of a long id included), some of them not ASCII.
        let mut ids = Vec::new();
        for len in 1..=40 {
            for pos in 0..len {
                for c in ['a', 'b', 'é'] {
                    let mut s: Vec<char> = vec!['x'; len];
                    s[pos] = c;
                    ids.push(s.into_iter().collect::<String>());
                }
            }
        }
        ids.sort_unstable();
        ids.dedup();
        let ns = nodes(&ids);
        let index = IdIndex::new(&ns).expect("distinct ids");
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(index.get(id), Some(i as u32), "{id}");
            // Near misses: one byte more or less, the last byte changed.
            assert_eq!(index.get(&format!("{id}y")), None, "{id}y");
            let mut shorter = id.clone();
            shorter.pop();
            let want = ids.iter().position(|x| *x == shorter).map(|k| k as u32);
            assert_eq!(index.get(&shorter), want, "{shorter}");
            let mut other = shorter;
            other.push('z');
            assert_eq!(index.get(&other), None, "{other}");
        }
        assert_eq!(index.get(""), None);
        assert_eq!(index.ids().count(), ids.len());
        // The remembered last id of each end never answers for another id.
        for (i, id) in ids.iter().enumerate() {
            for end in [0, 1, 0, 1] {
                assert_eq!(index.get_end(id, end), Some(i as u32), "{id}");
            }
            let mut other = id.clone();
            other.push('z');
            assert_eq!(index.get_end(&other, i % 2), None, "{other}");
            assert_eq!(index.get_end(id, i % 2), Some(i as u32), "{id}");
        }
    }

    #[test]
    fn refuses_ids_written_twice_and_empty_ids() {
        for dup in [
            "a",
            "abcd",
            "abcdefgh",
            "abcdefghijklmnop",
            "abcdefghijklmnopqrstuvwxyz",
        ] {
            let ids = vec![
                "x".to_string(),
                dup.to_string(),
                "y".into(),
                dup.to_string(),
            ];
            assert!(IdIndex::new(&nodes(&ids)).is_none(), "{dup}");
        }
        assert!(IdIndex::new(&nodes(&["a".into(), String::new()])).is_none());
        // Long ids equal in their first and last eight bytes and their length are different.
        let ids = vec![
            "0123456789-a-abcdefgh".to_string(),
            "0123456789-b-abcdefgh".to_string(),
        ];
        let ns = nodes(&ids);
        let index = IdIndex::new(&ns).expect("distinct");
        assert_eq!(index.get(&ids[1]), Some(1));
        assert_eq!(index.get("0123456789-c-abcdefgh"), None);
    }

    #[test]
    fn sequential_ids_fill_a_half_full_table() {
        // 2^18 ids: the table is exactly half full. Ids that differ only in their last bytes
        // (n0, n1, ...) must spread, or the probes grow past the bound and the index refuses.
        for prefix in ["n", "initiative-platform-"] {
            let ids: Vec<String> = (0..1 << 18).map(|i| format!("{prefix}{i}")).collect();
            let ns = nodes(&ids);
            let index = IdIndex::new(&ns).expect("sequential ids are indexed");
            assert_eq!(index.slots.len(), 1 << 19);
            let longest = index.longest_probe();
            assert!(longest < 40, "{prefix}: a probe of {longest} slots");
            for (i, id) in ids.iter().enumerate().step_by(97) {
                assert_eq!(index.get(id), Some(i as u32));
            }
        }
    }

    #[test]
    fn empty_and_large_sets() {
        let index = IdIndex::new(&[]).expect("no ids");
        assert_eq!(index.get("a"), None);
        let ids: Vec<String> = (0..50_000).map(|i| format!("n{i}")).collect();
        let ns = nodes(&ids);
        let index = IdIndex::new(&ns).expect("distinct ids");
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(index.get(id), Some(i as u32));
        }
        assert_eq!(index.get("n50000"), None);
    }
}
