//! The fast path of the model reader: one pass over the bytes, straight into the model.
//!
//! Most files are well formed and every node and edge in them reads without a diagnostic. This
//! reader handles exactly that case, and quickly: it scans the text once, borrows strings from
//! it, parses numbers in place, builds no JSON tree, and looks ids up in one hash map built once
//! from the nodes. Whatever it is not sure about it hands back:
//!
//! * a node or edge with a field it does not know (an unknown field kept in `extra`, an
//!   `estimate`, a key written with escapes, ...) is read by the general reader from its own
//!   text, exactly as that reader would have read it;
//! * anything that is, or may be, worth a diagnostic (JSON that is not well formed, a value of
//!   the wrong type or out of range, an unknown kind or node, a key written twice, a limit, a
//!   self-loop, a `\u` escape that is not a character, ...) abandons the fast path: the general
//!   reader then reads the whole text again and reports it with its line, column and pointer.
//!
//! So a model this reader returns is the model the general reader returns for the same text,
//! with no diagnostic; the tests compare the two on every fixture.

use super::super::{
    Attrs, Category, Edge, EdgeKind, Lifecycle, Model, Node, NodeIx, NodeKind, Num, Perspective,
    Status,
};
use super::ids::IdIndex;
use super::{CheckedAt, Origin, Reader, id_problem, parse_limited};
use serde_json::Map;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Abandons the fast path (the general reader reads the text again).
pub(super) struct Bail;

type Res<T> = Result<T, Bail>;

/// Node ids to indices, hashed with [`IdHasher`].
pub(super) type IdMap<'m> = HashMap<&'m str, NodeIx, BuildHasherDefault<IdHasher>>;

/// Where edges look their ends up: [`IdMap`] (the general reader, and the order its
/// suggestions of a near id follow) or [`IdIndex`] (the fast path).
pub(super) trait Ids {
    /// The index of the node with id `id`.
    fn ix(&self, id: &str) -> Option<NodeIx>;
    /// Every id (for suggestions).
    fn ids(&self) -> impl Iterator<Item = &str>;
    /// [`Ids::ix`] for one end of an edge (0: `from`, 1: `to`).
    #[inline]
    fn ix_end(&self, id: &str, end: usize) -> Option<NodeIx> {
        let _ = end;
        self.ix(id)
    }
}

impl Ids for IdMap<'_> {
    #[inline]
    fn ix(&self, id: &str) -> Option<NodeIx> {
        self.get(id).copied()
    }

    fn ids(&self) -> impl Iterator<Item = &str> {
        self.keys().copied()
    }
}

impl Ids for IdIndex<'_> {
    #[inline]
    fn ix(&self, id: &str) -> Option<NodeIx> {
        self.get(id)
    }

    fn ids(&self) -> impl Iterator<Item = &str> {
        IdIndex::ids(self)
    }

    #[inline]
    fn ix_end(&self, id: &str, end: usize) -> Option<NodeIx> {
        self.get_end(id, end)
    }
}

/// A small, fast hash for node ids: eight bytes per step (multiply and rotate), then a full
/// avalanche (the MurmurHash3 finaliser) so the table's low and high bits both depend on every
/// byte. Fixed, like the standard library's hash in Wasm (which has no entropy to seed it).
#[derive(Default, Clone, Copy)]
pub(super) struct IdHasher(u64);

const K: u64 = 0x9E37_79B9_7F4A_7C15;

impl IdHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(23) ^ w).wrapping_mul(K);
    }
}

impl Hasher for IdHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(w) ^ ((bytes.len() as u64) << 56));
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// Powers of ten, exact in `f64`.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

const LOWS: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// The high bit of each byte of `w` that is JSON whitespace (space, tab, line feed, carriage
/// return), exactly: each byte is compared on its own, with no carry between bytes.
#[inline]
fn blanks(w: u64) -> u64 {
    let eq = |c: u8| {
        let x = w ^ (ONES * u64::from(c));
        !(((x & LOWS) + LOWS) | x) & HIGHS
    };
    eq(b' ') | eq(b'\n') | eq(b'\r') | eq(b'\t')
}

/// The high bit of each byte of `w` that is a quote, a backslash or below 0x20 (the lowest such
/// bit is exact; bits above it may be set spuriously).
#[inline]
fn special(w: u64) -> u64 {
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    zero(w ^ (ONES * u64::from(b'"')))
        | zero(w ^ (ONES * u64::from(b'\\')))
        | (w.wrapping_sub(ONES * 0x20) & !w & HIGHS)
}

/// A key of at most six bytes with its quotes, as the little-endian word of the text that
/// starts with it (`word`, under `mask`); `len` bytes long with the quotes.
#[derive(Clone, Copy)]
struct KeyWord {
    word: u64,
    mask: u64,
    len: usize,
}

const fn key_word(k: &[u8]) -> KeyWord {
    let len = k.len() + 2;
    assert!(len <= 8);
    let mut word = b'"' as u64 | (b'"' as u64) << (8 * (len - 1));
    let mut i = 0;
    while i < k.len() {
        word |= (k[i] as u64) << (8 * (i + 1));
        i += 1;
    }
    let mask = if len == 8 {
        u64::MAX
    } else {
        (1 << (8 * len)) - 1
    };
    KeyWord { word, mask, len }
}

const K_FROM: KeyWord = key_word(b"from");
const K_TO: KeyWord = key_word(b"to");
const K_KIND: KeyWord = key_word(b"kind");
const K_WEIGHT: KeyWord = key_word(b"weight");
const K_ID: KeyWord = key_word(b"id");

/// The deepest nesting the fast path follows (serde_json stops at 128; beyond this the general
/// reader decides).
const MAX_DEPTH: usize = 100;

/// A position in the text and the one-pass scanning primitives. Every method either consumes a
/// well-formed piece of JSON (as serde_json accepts it) or fails.
struct Cursor<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
    /// The longest string accepted (`Limits::string_bytes`).
    max_str: usize,
}

impl<'a> Cursor<'a> {
    /// Whitespace: eight bytes at a time (a line break and its indentation are usually one
    /// step).
    #[inline]
    fn ws(&mut self) {
        match self.b.get(self.pos) {
            Some(&c) if c > b' ' => return,
            None => return,
            _ => {}
        }
        while let Some(w) = self.word(self.pos) {
            let other = !blanks(w) & HIGHS;
            if other != 0 {
                self.pos += (other.trailing_zeros() / 8) as usize;
                return;
            }
            self.pos += 8;
        }
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.b.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The eight bytes at `at` as one little-endian word, if there are eight.
    #[inline]
    fn word(&self, at: usize) -> Option<u64> {
        let w: [u8; 8] = self.b.get(at..at + 8)?.try_into().ok()?;
        Some(u64::from_le_bytes(w))
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    #[inline]
    fn eat(&mut self, c: u8) -> Res<()> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(Bail)
        }
    }

    /// After a value in an object or array: whitespace, then `,` (true) or `close` (false).
    #[inline]
    fn next(&mut self, close: u8) -> Res<bool> {
        self.ws();
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                self.ws();
                Ok(true)
            }
            Some(c) if c == close => {
                self.pos += 1;
                Ok(false)
            }
            _ => Err(Bail),
        }
    }

    /// `"key"`, whitespace, `:` and whitespace.
    #[inline]
    fn key(&mut self) -> Res<Cow<'a, str>> {
        let k = self.string()?;
        self.colon()?;
        Ok(k)
    }

    /// Whitespace, `:` and whitespace (after a key).
    #[inline]
    fn colon(&mut self) -> Res<()> {
        if self.peek() != Some(b':') {
            self.ws();
        }
        self.eat(b':')?;
        if self.peek() == Some(b' ') {
            self.pos += 1;
        }
        if matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.ws();
        }
        Ok(())
    }

    /// Whether the text at the cursor starts with the key `k` (see [`key_word`]) written
    /// without escapes; if so, the cursor moves past its closing quote. A key longer than the
    /// longest string accepted is left to [`Cursor::key`], which refuses it.
    #[inline]
    fn known_key(&mut self, w: u64, k: KeyWord) -> bool {
        let hit = w & k.mask == k.word && k.len - 2 <= self.max_str;
        if hit {
            self.pos += k.len;
        }
        hit
    }

    fn literal(&mut self, word: &[u8]) -> Res<()> {
        if self.b[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(Bail)
        }
    }

    /// `null` (consumed) or not (nothing consumed).
    #[inline]
    fn null(&mut self) -> bool {
        self.b[self.pos..].starts_with(b"null") && {
            self.pos += 4;
            true
        }
    }

    /// A string, borrowed from the text unless it holds escapes.
    #[inline]
    fn string(&mut self) -> Res<Cow<'a, str>> {
        self.eat(b'"')?;
        let start = self.pos;
        let mut i = start;
        // Eight bytes at a time up to the first quote, backslash or control character.
        while let Some(w) = self.word(i) {
            let stop = special(w);
            if stop != 0 {
                i += (stop.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        loop {
            match *self.b.get(i).ok_or(Bail)? {
                b'"' => break,
                b'\\' => return self.escaped(start, i),
                c if c < 0x20 => return Err(Bail),
                _ => i += 1,
            }
        }
        if i - start > self.max_str {
            return Err(Bail);
        }
        self.pos = i + 1;
        // `start` follows a quote and `i` is at one: both are character boundaries.
        Ok(Cow::Borrowed(&self.text[start..i]))
    }

    /// The rest of a string with escapes, from `start` (its first character), `i` at the first
    /// backslash.
    fn escaped(&mut self, start: usize, mut i: usize) -> Res<Cow<'a, str>> {
        let mut s = String::from(&self.text[start..i]);
        loop {
            let run = i;
            while let Some(&c) = self.b.get(i) {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                i += 1;
            }
            s.push_str(&self.text[run..i]);
            match *self.b.get(i).ok_or(Bail)? {
                b'"' => break,
                b'\\' => {
                    let e = *self.b.get(i + 1).ok_or(Bail)?;
                    i += 2;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4(i)?;
                            i += 4;
                            let cp = match hi {
                                0xD800..=0xDBFF => {
                                    if self.b.get(i..i + 2) != Some(b"\\u") {
                                        return Err(Bail);
                                    }
                                    let lo = self.hex4(i + 2)?;
                                    if !(0xDC00..=0xDFFF).contains(&lo) {
                                        return Err(Bail);
                                    }
                                    i += 6;
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                }
                                0xDC00..=0xDFFF => return Err(Bail),
                                _ => hi,
                            };
                            char::from_u32(cp).ok_or(Bail)?
                        }
                        _ => return Err(Bail),
                    };
                    s.push(c);
                }
                _ => return Err(Bail),
            }
        }
        if s.len() > self.max_str {
            return Err(Bail);
        }
        self.pos = i + 1;
        Ok(Cow::Owned(s))
    }

    fn hex4(&self, at: usize) -> Res<u32> {
        let h = self.b.get(at..at + 4).ok_or(Bail)?;
        let mut v = 0;
        for &c in h {
            v = v * 16 + char::from(c).to_digit(16).ok_or(Bail)?;
        }
        Ok(v)
    }

    /// A number, as serde_json reads it: the same `f64` (correctly rounded, like its
    /// `float_roundtrip`). A number beyond the `f64` range fails.
    #[inline]
    fn number(&mut self) -> Res<f64> {
        let start = self.pos;
        let b = self.b;
        let mut i = start;
        let neg = b.get(i) == Some(&b'-');
        if neg {
            i += 1;
        }
        // The digits as one integer (exact up to 15 of them) and how many follow the point.
        let mut mant: u64 = 0;
        let digits_at = i;
        match b.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                while let Some(&c @ b'0'..=b'9') = b.get(i) {
                    mant = mant.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
                    i += 1;
                }
            }
            _ => return Err(Bail),
        }
        let mut digits = i - digits_at;
        let mut frac = 0;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let at = i;
            while let Some(&c @ b'0'..=b'9') = b.get(i) {
                mant = mant.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
                i += 1;
            }
            if i == at {
                return Err(Bail);
            }
            frac = i - at;
            digits += frac;
        }
        let mut exp = false;
        if matches!(b.get(i), Some(b'e' | b'E')) {
            exp = true;
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            let at = i;
            while let Some(b'0'..=b'9') = b.get(i) {
                i += 1;
            }
            if i == at {
                return Err(Bail);
            }
        }
        self.pos = i;
        if !exp && digits <= 15 {
            // The digits below 2^53 and a power of ten up to 1e15 are exact, so one division
            // is correctly rounded: the value serde_json reads (`-0` included, as -0.0).
            let x = mant as f64 / POW10[frac];
            return Ok(if neg { -x } else { x });
        }
        let x: f64 = self.text[start..i].parse().map_err(|_| Bail)?;
        if !x.is_finite() {
            return Err(Bail);
        }
        Ok(x)
    }

    /// Any value, checked and skipped.
    fn skip(&mut self, depth: usize) -> Res<()> {
        if depth > MAX_DEPTH {
            return Err(Bail);
        }
        match self.peek().ok_or(Bail)? {
            b'"' => self.string().map(drop),
            b'{' => {
                self.pos += 1;
                self.ws();
                if self.peek() == Some(b'}') {
                    self.pos += 1;
                    return Ok(());
                }
                loop {
                    self.key()?;
                    self.skip(depth + 1)?;
                    if !self.next(b'}')? {
                        return Ok(());
                    }
                }
            }
            b'[' => {
                self.pos += 1;
                self.ws();
                if self.peek() == Some(b']') {
                    self.pos += 1;
                    return Ok(());
                }
                loop {
                    self.skip(depth + 1)?;
                    if !self.next(b']')? {
                        return Ok(());
                    }
                }
            }
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            _ => self.number().map(drop),
        }
    }
}

/// Reads the whole model on the fast path: the model and the offset of its `scenarios` value,
/// or `Err` (nothing is kept; the general reader reads the text again). Nodes and edges handed
/// to the general reader may add diagnostics to `r`; the caller drops a result that has any.
pub(super) fn read(r: &mut Reader<'_>) -> Res<(Model, CheckedAt<usize>)> {
    let mut c = Cursor {
        text: r.text,
        b: r.text.as_bytes(),
        pos: 0,
        max_str: r.limits.string_bytes,
    };
    let mut model = Model::new();
    let mut nodes: Vec<Node> = Vec::new();
    let mut nodes_read = false;
    let mut edges_at = None;
    let mut edges: Option<ReadEdges> = None;
    let mut checked = CheckedAt::default();
    let mut keys: Vec<Cow<'_, str>> = Vec::new();
    c.ws();
    c.eat(b'{')?;
    c.ws();
    if c.peek() == Some(b'}') {
        c.pos += 1;
    } else {
        loop {
            let key = c.key()?;
            // A key written twice is reported by the general reader (as are very many keys).
            if keys.len() >= 64 || keys.contains(&key) {
                return Err(Bail);
            }
            let at = c.pos;
            match &*key {
                "nodes" => {
                    if c.peek() != Some(b'[') {
                        return Err(Bail);
                    }
                    nodes = read_nodes(&mut c, r)?;
                    nodes_read = true;
                }
                "edges" => {
                    if c.peek() != Some(b'[') {
                        return Err(Bail);
                    }
                    if nodes_read {
                        edges = Some(read_edges(&mut c, r, &nodes)?);
                    } else {
                        edges_at = Some(at);
                        c.skip(1)?;
                    }
                }
                "format" => {
                    if c.string()? != "aligngraph" {
                        return Err(Bail);
                    }
                }
                "version" => {
                    c.number()?;
                    if &c.text[at..c.pos] != "1" {
                        return Err(Bail);
                    }
                }
                "name" | "currency" | "time_unit" => {
                    if !c.null() {
                        let s = Some(c.string()?.into_owned());
                        match &*key {
                            "name" => model.name = s,
                            "currency" => model.currency = s,
                            _ => model.time_unit = s,
                        }
                    }
                }
                _ => {
                    c.skip(1)?;
                    let v = parse_limited(&c.text[at..c.pos], c.max_str).map_err(|_| Bail)?;
                    checked.note(&key, at);
                    model.extra.insert(key.to_string(), v);
                }
            }
            keys.push(key);
            if !c.next(b'}')? {
                break;
            }
        }
    }
    c.ws();
    if c.pos != c.b.len() {
        return Err(Bail);
    }
    if let Some(at) = edges_at {
        c.pos = at;
        edges = Some(read_edges(&mut c, r, &nodes)?);
    }
    if edges.is_none() {
        // No edges to read, but ids written twice are still reported (by the general reader).
        id_index(&nodes)?;
    }
    model.nodes = nodes;
    if let Some((edges, extras)) = edges {
        model.edges = edges;
        for (i, extra) in extras {
            model.set_edge_extra(i, extra);
        }
    }
    Ok((model, checked))
}

/// The `nodes` array (the cursor at its `[`).
fn read_nodes(c: &mut Cursor<'_>, r: &mut Reader<'_>) -> Res<Vec<Node>> {
    let mut nodes = Vec::new();
    c.eat(b'[')?;
    c.ws();
    if c.peek() == Some(b']') {
        c.pos += 1;
        return Ok(nodes);
    }
    loop {
        if nodes.len() >= r.limits.nodes {
            return Err(Bail);
        }
        let at = c.pos;
        match node(c)? {
            Some(n) => nodes.push(n),
            None => {
                // Read by the general reader, from the node's own text.
                c.pos = at;
                c.skip(1)?;
                let i = nodes.len();
                let mut o = Origin {
                    offset: at,
                    pointer: format!("/nodes/{i}"),
                    node: None,
                    edge: None,
                };
                let fields = r.object(&c.text[at..c.pos], &mut o, "a node").ok_or(Bail)?;
                let n = r.read_node(fields, &mut o).ok_or(Bail)?;
                if !r.diags.is_empty() {
                    return Err(Bail);
                }
                nodes.push(n);
            }
        }
        if !c.next(b']')? {
            return Ok(nodes);
        }
    }
}

/// Field bits, to find a key written twice.
const F_ID: u32 = 1;
const F_KIND: u32 = 2;
const F_NAME: u32 = 4;
const F_DESCRIPTION: u32 = 8;
const F_MANDATORY: u32 = 16;
const F_STATUS: u32 = 32;
const F_PERSPECTIVE: u32 = 64;
const F_LIFECYCLE: u32 = 128;
const F_CATEGORY: u32 = 256;
const F_NUM: u32 = 512;

/// A node with known fields of the right types only; `None` hands it to the general reader.
fn node(c: &mut Cursor<'_>) -> Res<Option<Node>> {
    if c.peek() != Some(b'{') {
        return Ok(None);
    }
    c.pos += 1;
    c.ws();
    let mut seen = 0u32;
    let mut id = None;
    let mut kind = None;
    let mut name = None;
    let mut attrs = Attrs::default();
    if c.peek() == Some(b'}') {
        return Ok(None);
    }
    loop {
        // The usual keys are matched in the text; any other spelling is read as a string.
        let w = c.word(c.pos).unwrap_or(0);
        let key: Cow<'_, str> = if c.known_key(w, K_ID) {
            Cow::Borrowed("id")
        } else if c.known_key(w, K_KIND) {
            Cow::Borrowed("kind")
        } else if c.known_key(w, K_WEIGHT) {
            Cow::Borrowed("weight")
        } else {
            c.string()?
        };
        c.colon()?;
        let bit = match &*key {
            "id" => {
                if c.peek() != Some(b'"') {
                    return Ok(None);
                }
                let s = c.string()?;
                if s.is_empty() || id_problem(&s).is_some() {
                    return Ok(None);
                }
                id = Some(s);
                F_ID
            }
            "kind" => {
                if c.peek() != Some(b'"') {
                    return Ok(None);
                }
                match NodeKind::parse(&c.string()?) {
                    Some(k) => kind = Some(k),
                    None => return Ok(None),
                }
                F_KIND
            }
            "name" | "description" => {
                let bit = if &*key == "name" {
                    F_NAME
                } else {
                    F_DESCRIPTION
                };
                if !c.null() {
                    if c.peek() != Some(b'"') {
                        return Ok(None);
                    }
                    let s = c.string()?.into_owned().into_boxed_str();
                    if bit == F_NAME {
                        name = Some(s);
                    } else {
                        attrs.description = Some(s);
                    }
                }
                bit
            }
            "mandatory" => {
                match c.peek() {
                    Some(b't') => {
                        c.literal(b"true")?;
                        attrs.mandatory = Some(true);
                    }
                    Some(b'f') => {
                        c.literal(b"false")?;
                        attrs.mandatory = Some(false);
                    }
                    _ if c.null() => {}
                    _ => return Ok(None),
                }
                F_MANDATORY
            }
            "status" => {
                let Some(v) = text_enum(c, Status::parse)? else {
                    return Ok(None);
                };
                attrs.status = v;
                F_STATUS
            }
            "perspective" => {
                let Some(v) = text_enum(c, Perspective::parse)? else {
                    return Ok(None);
                };
                attrs.perspective = v;
                F_PERSPECTIVE
            }
            "lifecycle" => {
                let Some(v) = text_enum(c, Lifecycle::parse)? else {
                    return Ok(None);
                };
                attrs.lifecycle = v;
                F_LIFECYCLE
            }
            "category" => {
                let Some(v) = text_enum(c, Category::parse)? else {
                    return Ok(None);
                };
                attrs.category = v;
                F_CATEGORY
            }
            k => {
                let Some(n) = Num::parse(k) else {
                    return Ok(None);
                };
                if !c.null() {
                    if !matches!(c.peek(), Some(b'-' | b'0'..=b'9')) {
                        return Ok(None);
                    }
                    let x = c.number()?;
                    let (lo, hi) = n.range();
                    if x < lo || x > hi {
                        return Ok(None);
                    }
                    attrs.set(n, Some(x));
                }
                F_NUM << (n as u32)
            }
        };
        if seen & bit != 0 {
            return Ok(None);
        }
        seen |= bit;
        if !c.next(b'}')? {
            break;
        }
    }
    let (Some(id), Some(kind)) = (id, kind) else {
        return Ok(None);
    };
    let mut node = Node::new(id.into_owned(), kind);
    node.name = name;
    if attrs != Attrs::default() {
        *node.attrs_mut() = attrs;
    }
    Ok(Some(node))
}

/// A text value of a fixed set, or `null`: `Some(value)`, or `None` to hand the node over.
#[inline]
fn text_enum<T>(c: &mut Cursor<'_>, parse: fn(&str) -> Option<T>) -> Res<Option<Option<T>>> {
    if c.null() {
        return Ok(Some(None));
    }
    if c.peek() != Some(b'"') {
        return Ok(None);
    }
    Ok(parse(&c.string()?).map(Some))
}

/// Node ids to their indices; fails when two nodes share an id (the general reader reports it).
fn id_index(nodes: &[Node]) -> Res<IdIndex<'_>> {
    IdIndex::new(nodes).ok_or(Bail)
}

type ReadEdges = (
    crate::model::Edges,
    Vec<(usize, Map<String, serde_json::Value>)>,
);

/// The `edges` array (the cursor at its `[`): the edges and the unknown fields of some.
fn read_edges(c: &mut Cursor<'_>, r: &mut Reader<'_>, nodes: &[Node]) -> Res<ReadEdges> {
    let index = id_index(nodes)?;
    let mut edges = crate::model::Edges::new();
    let mut extras = Vec::new();
    c.eat(b'[')?;
    c.ws();
    if c.peek() == Some(b']') {
        c.pos += 1;
        return Ok((edges, extras));
    }
    loop {
        if edges.len() >= r.limits.edges {
            return Err(Bail);
        }
        let at = c.pos;
        match edge(c, &index)? {
            Some(e) => edges.push(e),
            None => {
                c.pos = at;
                c.skip(1)?;
                let i = edges.len();
                let mut o = Origin {
                    offset: at,
                    pointer: format!("/edges/{i}"),
                    node: None,
                    edge: Some(i),
                };
                let fields = r
                    .object(&c.text[at..c.pos], &mut o, "an edge")
                    .ok_or(Bail)?;
                let (e, extra) = r.read_edge(fields, &o, &index).ok_or(Bail)?;
                if !r.diags.is_empty() {
                    return Err(Bail);
                }
                if !extra.is_empty() {
                    extras.push((i, extra));
                }
                edges.push(e);
            }
        }
        if !c.next(b']')? {
            return Ok((edges, extras));
        }
    }
}

/// The fields of an edge.
const E_FROM: u8 = 0;
const E_TO: u8 = 1;
const E_KIND: u8 = 2;
const E_WEIGHT: u8 = 3;

/// An edge with `from`, `to`, `kind` and an optional `weight` only; `None` hands it to the
/// general reader.
#[inline]
fn edge(c: &mut Cursor<'_>, index: &impl Ids) -> Res<Option<Edge>> {
    if c.peek() != Some(b'{') {
        return Ok(None);
    }
    c.pos += 1;
    c.ws();
    let mut ends: [Option<NodeIx>; 2] = [None; 2];
    let mut kind = None;
    let mut weight = None;
    let mut seen = 0u32;
    if c.peek() == Some(b'}') {
        return Ok(None);
    }
    loop {
        // The usual keys are matched in the text; any other spelling is read as a string.
        let w = c.word(c.pos).unwrap_or(0);
        let field = if c.known_key(w, K_FROM) {
            E_FROM
        } else if c.known_key(w, K_TO) {
            E_TO
        } else if c.known_key(w, K_KIND) {
            E_KIND
        } else if c.known_key(w, K_WEIGHT) {
            E_WEIGHT
        } else {
            match &*c.string()? {
                "from" => E_FROM,
                "to" => E_TO,
                "kind" => E_KIND,
                "weight" => E_WEIGHT,
                _ => return Ok(None),
            }
        };
        c.colon()?;
        let bit = match field {
            E_FROM | E_TO => {
                if c.peek() != Some(b'"') {
                    return Ok(None);
                }
                let end = usize::from(field == E_TO);
                ends[end] = Some(index.ix_end(&c.string()?, end).ok_or(Bail)?);
                1 << end
            }
            E_KIND => {
                if c.peek() != Some(b'"') {
                    return Ok(None);
                }
                kind = Some(EdgeKind::parse(&c.string()?).ok_or(Bail)?);
                4
            }
            _ => {
                if !c.null() {
                    if !matches!(c.peek(), Some(b'-' | b'0'..=b'9')) {
                        return Ok(None);
                    }
                    weight = Some(c.number()?);
                }
                8
            }
        };
        if seen & bit != 0 {
            return Ok(None);
        }
        seen |= bit;
        if !c.next(b'}')? {
            break;
        }
    }
    let ([Some(from), Some(to)], Some(kind)) = (ends, kind) else {
        return Ok(None);
    };
    // A self-loop (a warning) or a weight out of range (an error): the general reader reports.
    if from == to {
        return Err(Bail);
    }
    if let Some(w) = weight {
        let (lo, hi) = kind.weight_range();
        if w < lo || w > hi {
            return Err(Bail);
        }
    }
    Ok(Some(
        Edge::new(from, to, kind).with_weight(weight.unwrap_or(f64::NAN)),
    ))
}

// ---------------------------------------------------------------------------------------------
// One element at a time, for the streaming reader (stream.rs): a node or an edge from its own
// text, which must be exactly one JSON value. `Ok(None)` hands it to the general reader, as in
// `read_nodes` and `read_edges`; `Err` means the general reader decides too.

/// A node from the text of one element of `nodes`.
pub(super) fn node_text(text: &str, max_str: usize) -> Result<Option<Node>, Bail> {
    let mut c = Cursor {
        text,
        b: text.as_bytes(),
        pos: 0,
        max_str,
    };
    let Some(n) = node(&mut c)? else {
        return Ok(None);
    };
    c.ws();
    if c.pos != c.b.len() {
        return Err(Bail);
    }
    Ok(Some(n))
}

/// An edge from the text of one element of `edges`, its ends looked up in `index`.
pub(super) fn edge_text(
    text: &str,
    max_str: usize,
    index: &impl Ids,
) -> Result<Option<Edge>, Bail> {
    let mut c = Cursor {
        text,
        b: text.as_bytes(),
        pos: 0,
        max_str,
    };
    let Some(e) = edge(&mut c, index)? else {
        return Ok(None);
    };
    c.ws();
    if c.pos != c.b.len() {
        return Err(Bail);
    }
    Ok(Some(e))
}

#[cfg(test)]
mod tests {
    use super::super::{load_json_general, load_json_limited};
    use crate::formats::limits::Limits;
    use std::path::Path;

    /// The fast path alone: `Some` when it reads `text` (and no node or edge it handed over
    /// had a diagnostic).
    fn fast_only(text: &str, limits: &Limits) -> Option<crate::model::Model> {
        let mut r = super::Reader::new(text, limits);
        match super::read(&mut r) {
            // With the checks that follow every reader (scenarios and targets).
            Ok((m, checked)) if r.diags.is_empty() => {
                let m = r.finish(m, checked);
                r.diags.is_empty().then_some(m)
            }
            _ => None,
        }
    }

    /// The loader (fast path first) gives exactly what the general reader gives: the same
    /// model and the same diagnostics, places and messages included. Returns whether the fast
    /// path read it.
    fn same(text: &str, limits: &Limits, what: &str) -> bool {
        let general = load_json_general(text, limits);
        let loaded = load_json_limited(text, limits);
        assert_eq!(loaded, general, "{what}");
        let fast = fast_only(text.strip_prefix('\u{feff}').unwrap_or(text), limits);
        if let Some(m) = &fast {
            assert!(
                general.1.is_empty(),
                "{what}: fast path read a text with diagnostics"
            );
            assert_eq!(m, &general.0, "{what}");
        }
        fast.is_some()
    }

    fn json_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        entries.sort_unstable();
        for p in entries {
            if p.is_dir() {
                json_files(&p, out);
            } else if p.extension().is_some_and(|e| e == "json") {
                out.push(p);
            }
        }
    }

    /// Texts that change one thing in a model: each is read by the general reader, handed
    /// over node by node, or refused by the fast path, and must come out the same.
    fn variants(text: &str) -> Vec<(String, String)> {
        let edits: &[(&str, &str)] = &[
            (
                "\"id\": \"",
                "\"extra\": {\"a\": [1, 2.5, null, true, \"\\u00e9\"]}, \"id\": \"",
            ),
            ("\"id\": \"", "\"id\": \"dup\", \"id\": \""),
            ("\"id\": \"", "\"id\": \"\\u00e9\\n\\t\\\"\\/"),
            ("\"id\": \"", "\"id\": \"\\ud83d\\ude00"),
            ("\"id\": \"", "\"id\": \"\\ud800"),
            ("\"id\": \"", "\"id\": \"\\u0001"),
            ("\"id\": \"", "\"id\": \"\u{FFFE}"),
            ("\"id\": \"", "\"i\\u0064\": \""),
            ("\"id\": \"", "\"name\": null, \"id\": \""),
            ("\"id\": \"", "\"name\": 3, \"id\": \""),
            ("\"id\": \"", "\"cost\": 1e400, \"id\": \""),
            ("\"id\": \"", "\"cost\": -0, \"id\": \""),
            ("\"id\": \"", "\"cost\": 0.1e1, \"id\": \""),
            ("\"id\": \"", "\"cost\": 01, \"id\": \""),
            ("\"id\": \"", "\"cost\": 12345678901234567890, \"id\": \""),
            ("\"id\": \"", "\"risk\": 1.5, \"id\": \""),
            (
                "\"id\": \"",
                "\"mandatory\": true, \"status\": null, \"id\": \"",
            ),
            ("\"id\": \"", "\"status\": \"nope\", \"id\": \""),
            (
                "\"id\": \"",
                "\"estimate\": {\"optimistic\": 1, \"likely\": 2, \"pessimistic\": 3}, \"id\": \"",
            ),
            ("\"id\": \"", "\"id\": \"\", \"x\": \""),
            ("\"kind\": \"goal\"", "\"kind\": \"gaol\""),
            ("\"kind\": \"goal\"", "\"kind\": null"),
            ("\"kind\": \"contributes\"", "\"kind\": \"contribute\""),
            (
                "\"kind\": \"contributes\"",
                "\"kind\": \"contributes\", \"weight\": 2",
            ),
            (
                "\"kind\": \"depends_on\"",
                "\"kind\": \"depends_on\", \"note\": \"x\"",
            ),
            (
                "\"kind\": \"depends_on\"",
                "\"kind\": \"depends_on\", \"weight\": null",
            ),
            ("\"from\": \"", "\"from\": \"nowhere-"),
            ("\"from\": \"", "\"from\": 3, \"x\": \""),
            ("\"to\": \"", "\"to\": \"\\u0067"),
            ("\"nodes\": [", "\"nodes\": [], \"x\": ["),
            ("\"nodes\": [", "\"nodes\": null, \"x\": ["),
            ("\"edges\": [", "\"edges\": {}, \"x\": ["),
            ("\"edges\": [", "\"not_edges\": ["),
            ("\"edges\": [", "\"edges\": null, \"x\": ["),
            ("\"version\": 1", "\"version\": 1.0"),
            ("\"version\": 1", "\"version\": 2"),
            (
                "\"format\": \"aligngraph\"",
                "\"format\": \"align\\u0067raph\"",
            ),
            ("\"format\": \"aligngraph\"", "\"format\": \"other\""),
            ("{", "{\"scenarios\": [], \"notes\": {\"a\": 1}, "),
            ("{", "{\"name\": \"x\", "),
            ("{", "{\"currency\": 3, "),
            ("}", "},"),
            ("}", "} x"),
            ("]", ",]"),
        ];
        let mut out = Vec::new();
        for (i, (from, to)) in edits.iter().enumerate() {
            let hits: Vec<usize> = text.match_indices(from).map(|(at, _)| at).collect();
            for at in [hits.first(), hits.get(hits.len() / 2), hits.last()]
                .into_iter()
                .flatten()
            {
                let mut t = text.to_string();
                t.replace_range(*at..*at + from.len(), to);
                out.push((format!("edit {i} at {at}"), t));
            }
        }
        out.push(("byte order mark".into(), format!("\u{feff}{text}")));
        out.push(("edges first".into(), edges_first(text)));
        // Single-byte damage and truncation at spread positions (ASCII only, so the text
        // stays UTF-8).
        let b = text.as_bytes();
        let step = (b.len() / 40).max(1);
        for (k, at) in (0..b.len()).step_by(step).enumerate() {
            if !b[at].is_ascii() || !text.is_char_boundary(at) {
                continue;
            }
            for r in [b'"', b'}', b',', b'\\', b'0', b'x'] {
                let mut t = b.to_vec();
                t[at] = r;
                if let Ok(t) = String::from_utf8(t) {
                    out.push((format!("byte {at} = {}", r as char), t));
                }
            }
            if k % 4 == 0 {
                out.push((format!("cut at {at}"), text[..at].to_string()));
            }
        }
        out
    }

    /// The same model with its `edges` written before its `nodes`.
    fn edges_first(text: &str) -> String {
        let Ok(serde_json::Value::Object(m)) = serde_json::from_str::<serde_json::Value>(text)
        else {
            return text.to_string();
        };
        let mut out = serde_json::Map::new();
        for k in ["edges", "nodes"] {
            if let Some(v) = m.get(k) {
                out.insert(k.to_string(), v.clone());
            }
        }
        for (k, v) in m {
            out.entry(k).or_insert(v);
        }
        serde_json::to_string_pretty(&serde_json::Value::Object(out)).unwrap_or_default()
    }

    const TIGHT: Limits = Limits {
        string_bytes: 12,
        nodes: 5,
        edges: 8,
        ..Limits::CLI
    };

    #[test]
    fn fast_path_reads_every_fixture_as_the_general_reader_does() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for d in ["tests/fixtures", "data", "docs", "schema"] {
            json_files(&root.join(d), &mut files);
        }
        assert!(files.len() > 10, "fixtures found: {}", files.len());
        let mut fast = 0;
        for f in &files {
            let Ok(text) = std::fs::read_to_string(f) else {
                continue;
            };
            let what = f.display().to_string();
            if same(&text, &Limits::CLI, &what) {
                fast += 1;
            }
            same(&text, &TIGHT, &format!("{what} (tight limits)"));
        }
        // Most fixtures are models that load: the fast path reads them.
        assert!(
            fast >= 5,
            "the fast path read {fast} of {} files",
            files.len()
        );
    }

    #[test]
    fn fast_path_and_general_reader_agree_on_damaged_models() {
        let demo = crate::demo::DEMO_JSON;
        let generated = crate::model::to_json(&crate::generate::layered(60, 3, 7));
        let untidy = crate::model::to_json(&crate::generate::layered_untidy(40, 3, 9));
        let portfolio = crate::model::to_json(&crate::generate::portfolio(20, 3));
        for (name, text) in [
            ("demo", demo),
            ("layered", &generated),
            ("untidy", &untidy),
            ("portfolio", &portfolio),
        ] {
            assert!(
                same(text, &Limits::CLI, name),
                "{name}: the fast path reads it"
            );
            let mut read_fast = 0;
            let vs = variants(text);
            for (what, t) in &vs {
                if same(t, &Limits::CLI, &format!("{name}: {what}")) {
                    read_fast += 1;
                }
            }
            // Some variants are still models without diagnostics (an unknown field, an
            // estimate, escapes, edges first, ...), and the fast path reads those.
            assert!(
                read_fast > 5,
                "{name}: fast path read {read_fast} of {}",
                vs.len()
            );
        }
    }

    #[test]
    fn numbers_are_read_as_serde_json_reads_them() {
        let mut nums: Vec<String> = [
            "0",
            "-0",
            "-0.0",
            "0.0",
            "1",
            "-1",
            "0.1",
            "0.35",
            "-0.35",
            "1e3",
            "1E-3",
            "2.5e+2",
            "123456789012345",
            "1234567890123456",
            "12345678901234567890",
            "0.000001",
            "0.1234567890123456789",
            "999999999999999.9",
            "1e15",
            "-1e15",
            "1.0000000000000002",
            "4.35",
            "0.3",
            "2.675",
            "9007199254740993",
            "1e-320",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Seeded decimals of 1 to 17 digits with the point anywhere.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 17 + 1) as usize;
            let digits: String = (0..len)
                .map(|k| char::from(b'0' + ((x >> (k * 3)) % 10) as u8))
                .collect();
            let digits = digits.trim_start_matches('0');
            let digits = if digits.is_empty() { "0" } else { digits };
            let point = (x >> 58) as usize % (digits.len() + 1);
            let (a, b) = digits.split_at(point);
            let a = if a.is_empty() { "0" } else { a };
            let sign = if x & 1 == 0 { "-" } else { "" };
            nums.push(if b.is_empty() {
                format!("{sign}{a}")
            } else {
                format!("{sign}{a}.{b}")
            });
        }
        let mut fast = 0;
        for n in &nums {
            let text = format!(
                "{{\"nodes\": [{{\"id\": \"a\", \"kind\": \"goal\", \"benefit\": {n}}}], \"edges\": []}}"
            );
            if same(&text, &Limits::CLI, n) {
                fast += 1;
                let want: f64 = serde_json::from_str::<serde_json::Value>(n)
                    .unwrap()
                    .as_f64()
                    .unwrap();
                let (m, _) = load_json_limited(&text, &Limits::CLI);
                let got = m.nodes[0].attrs().get(crate::model::Num::Benefit).unwrap();
                assert_eq!(got.to_bits(), want.to_bits(), "{n}");
            }
        }
        assert!(
            fast > 2900,
            "read on the fast path: {fast} of {}",
            nums.len()
        );
    }

    #[test]
    fn small_models_agree() {
        let texts = [
            "{}",
            " { } ",
            "[]",
            "{\"nodes\": []}",
            "{\"edges\": []}",
            "{\"nodes\": [{\"id\": \"a\", \"kind\": \"goal\"}, {\"id\": \"a\", \"kind\": \"goal\"}]}",
            "{\"nodes\": [\n{\"id\": \"x\", \"kind\": \"goal\"},\n{\"id\": \"x\", \"kind\": \"capability\"}], \"edges\": []}",
            "{\"edges\": [{\"from\": \"a\", \"to\": \"b\", \"kind\": \"supports\"}], \"nodes\": [{\"id\": \"a\", \"kind\": \"goal\"}, {\"id\": \"b\", \"kind\": \"goal\"}]}",
            "{\"edges\": [{\"from\": \"a\", \"to\": \"a\", \"kind\": \"supports\"}], \"nodes\": [{\"id\": \"a\", \"kind\": \"goal\"}]}",
            "{\"nodes\": [{\"id\": \"a\", \"kind\": \"goal\"}], \"nodes\": []}",
            "{\"nodes\": [{\"id\": \"a\", \"kind\": \"goal\", \"weight\": 1, \"weight\": 2}]}",
            "{\"nodes\": [{\"id\": \"a\", \"kind\": \"goal\", \"weight\": null, \"weight\": 2}]}",
            "{\"nodes\": [{\"id\": \"a\", \"kind\": \"goal\"}]} {}",
        ];
        for t in texts {
            same(t, &Limits::CLI, t);
            same(t, &TIGHT, t);
        }
    }

    #[test]
    fn whitespace_is_found_exactly_in_every_byte_of_a_word() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut bytes = [b'x'; 8];
                bytes[at] = b;
                let got = super::blanks(u64::from_le_bytes(bytes));
                let want = if matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                    0x80u64 << (8 * at)
                } else {
                    0
                };
                assert_eq!(got, want, "byte {b:#04x} at {at}");
            }
        }
        // Runs of every length up to 40, ending at every place in a word, then a value (or the
        // end of the text); a control character or a non-breaking space is not whitespace.
        let kinds = [" ", "\n", "\r", "\t"];
        for len in 0..40 {
            let run: String = (0..len).map(|k| kinds[(k * 7 + len) % 4]).collect();
            for after in ["x", "", "\u{0}", "\u{b}", "\u{a0}", "\u{c}"] {
                let text = format!("{run}{after}");
                let mut c = super::Cursor {
                    text: &text,
                    b: text.as_bytes(),
                    pos: 0,
                    max_str: 100,
                };
                c.ws();
                assert_eq!(c.pos, len, "{text:?}");
            }
        }
    }

    #[test]
    fn escapes_and_non_ascii_at_every_place_of_a_word_agree() {
        // An id with an escape or a non-ASCII character after 0 to 17 bytes, written one way in
        // its node and another way in an edge; broken escapes and control characters too.
        let pieces = [
            ("\\u00e9", "é"),
            ("é", "\\u00e9"),
            ("\\\"", "\\\""),
            ("\\n", "\\u000a"),
            ("😀", "\\ud83d\\ude00"),
            ("\\ud83d", "x"),
            ("\\u00", "x"),
            ("\\q", "x"),
            ("\u{1}", "x"),
            ("\\u0000", "\\u0000"),
        ];
        let mut read_fast = 0;
        for k in 0..18 {
            let pad = "a".repeat(k);
            for (in_node, in_edge) in pieces {
                let text = format!(
                    "{{\"nodes\": [{{\"id\": \"{pad}{in_node}z\", \"kind\": \"goal\"}}, {{\"id\": \"b\", \"kind\": \"goal\"}}], \"edges\": [{{\"from\": \"b\", \"to\": \"{pad}{in_edge}z\", \"kind\": \"part_of\"}}]}}"
                );
                if same(&text, &Limits::CLI, &text) {
                    read_fast += 1;
                }
            }
        }
        // The first five pieces are the same id both ways, at every offset.
        assert_eq!(read_fast, 18 * 5);
    }

    #[test]
    fn keys_spacing_and_short_string_limits_agree() {
        // Keys matched in the text (from, to, kind, weight, id), the same keys with escapes,
        // near keys, and whitespace of every kind around the colon, under string limits
        // shorter and longer than the keys.
        let node = |id: &str, key: &str, sep: &str| {
            format!("{{{key}{sep}\"{id}\",\t\"kind\"\r\n:\"goal\", \"weight\" :  2}}")
        };
        let edge = |key: &str, sep: &str| {
            format!(
                "{{\"from\"{sep}\"ab\",{key}{sep}\"cd\",\n\"kind\":\"supports\",\"weight\"{sep}0.5}}"
            )
        };
        let seps = [":", " : ", "\n:\n", "\t:", ":\r\n  \t"];
        let node_keys = ["\"id\"", "\"i\\u0064\"", "\"idx\"", "\"Id\""];
        let edge_keys = ["\"to\"", "\"t\\u006f\"", "\"too\"", "\"t\""];
        let mut read_fast = 0;
        for sep in seps {
            for nk in node_keys {
                for ek in edge_keys {
                    let text = format!(
                        "{{\"nodes\":[{},{}],\"edges\":[{}]}}",
                        node("ab", nk, sep),
                        node("cd", nk, sep),
                        edge(ek, sep)
                    );
                    for max in 1..=8 {
                        let limits = Limits {
                            string_bytes: max,
                            ..Limits::CLI
                        };
                        if same(&text, &limits, &format!("{text} (strings up to {max})")) {
                            read_fast += 1;
                        }
                    }
                }
            }
        }
        // Read on the fast path: every spacing, with both spellings of `id` and `to`, when
        // the limit allows the longest string ("supports", 8 bytes).
        assert_eq!(read_fast, seps.len() * 2 * 2);
    }

    #[test]
    fn generated_model_loads_on_the_fast_path() {
        let m = crate::generate::layered(2_000, 5, 3);
        let text = crate::model::to_json(&m);
        let fast = fast_only(&text, &Limits::PAGE).expect("fast path");
        assert_eq!(fast, m);
        assert!(same(&text, &Limits::PAGE, "layered 2000"));
    }
}
