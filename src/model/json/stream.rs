//! The model reader for a file read in chunks: the page's large JSON models, whose bytes are
//! never held whole (a 606 MB file is read 8 MiB at a time).
//!
//! [`ModelStream::push`] takes the bytes in chunks cut anywhere (inside a string, an escape or a
//! UTF-8 sequence); a scanner follows the top-level object (strings with escapes, nesting
//! depth) and hands each element of `nodes` and `edges` to the fast path's per-element readers
//! (`fast.rs`) as soon as it is complete. Only the current element is buffered, so the memory
//! is the model plus one chunk. [`ModelStream::finish`] returns what [`super::load_json_limited`]
//! returns for the same text: the same model, and on bad input the same kind of diagnostic at
//! the same line, column and JSON pointer in the whole file. Where they differ:
//!
//! * reading stops at the first error (the general reader goes on and reports them all); the
//!   error is one of those the general reader reports, except that an error of the JSON syntax
//!   or of the UTF-8 encoding later in the file replaces it, as it does for that reader;
//! * `edges` written before `nodes`: their elements are kept (as text) until the nodes are read;
//! * a file that starts with a UTF-16 byte order mark is kept whole (within
//!   `Limits::PAGE.file_bytes`) and read by the whole-text reader;
//! * one element longer than [`MAX_ELEMENT`] bytes is refused (`LIMIT_EXCEEDED`).
//!
//! Positions: a running byte offset, line and line start, and the UTF-8 continuation bytes since
//! the line start (columns in characters, as the general reader counts them, and in bytes, as
//! serde_json counts them for a syntax error). A syntax error is reported by serde_json itself:
//! the bytes from the error on are parsed behind a short prefix that puts the parser in the same
//! state, and the position it names is moved to the place in the whole file.

use super::super::{Edges, Model, Node, NodeIx};
use super::fast::{self, IdMap};
use super::ids::IdIndex;
use super::{CheckedAt, FORMAT_VERSION, Origin, Reader, TopLevel, pointer_escape, strip_position};
use crate::diagnostics::{Code, Diagnostic, Place, count};
use crate::formats::limits::Limits;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// The longest single value (a node, an edge, or a top-level field such as `scenarios`) the
/// streaming reader buffers.
pub const MAX_ELEMENT: usize = 64 * 1024 * 1024;

/// A place in the text (after a UTF-8 byte order mark).
#[derive(Debug, Clone, Copy)]
struct Pos {
    offset: u64,
    line: usize,
    line_start: u64,
    /// UTF-8 continuation bytes between `line_start` and `offset`.
    cont: u64,
}

impl Pos {
    const START: Pos = Pos {
        offset: 0,
        line: 1,
        line_start: 0,
        cont: 0,
    };

    /// 1-based column in bytes (serde_json's column).
    fn col_bytes(&self) -> usize {
        (self.offset - self.line_start) as usize + 1
    }

    /// 1-based column in characters (the general reader's column).
    fn col_chars(&self) -> usize {
        (self.offset - self.line_start - self.cont) as usize + 1
    }

    fn advance(&mut self, bytes: &[u8]) {
        let mut i = 0;
        while i < bytes.len() {
            // Eight bytes at a time while none is a newline or outside ASCII.
            while let Some(w) = word(bytes, i) {
                if has_byte(w, b'\n') | (w & HIGHS) != 0 {
                    break;
                }
                i += 8;
            }
            let Some(&b) = bytes.get(i) else {
                break;
            };
            if b == b'\n' {
                self.line += 1;
                self.line_start = self.offset + i as u64 + 1;
                self.cont = 0;
            } else if b & 0xC0 == 0x80 {
                self.cont += 1;
            }
            i += 1;
        }
        self.offset += bytes.len() as u64;
    }
}

/// Where the scanner is in the top-level object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// Before the `{`.
    Start,
    /// After `{`: a key or `}`.
    ObjOpen,
    /// After `,` in the object: a key.
    ObjComma,
    /// After a key: `:`.
    Colon,
    /// After `:`: a value.
    Value,
    /// After a value: `,` or `}`.
    AfterValue,
    /// After the `[` of `nodes` or `edges`: an element or `]`.
    ArrOpen,
    /// After `,` in the array: an element.
    ArrComma,
    /// After an element: `,` or `]`.
    AfterElem,
    /// After the closing `}`: only whitespace.
    Done,
}

impl Ctx {
    /// Text that puts serde_json in this state (for the top-level parse of [`TopLevel`]).
    fn prefix(self) -> &'static str {
        match self {
            Ctx::Start => "",
            Ctx::ObjOpen => "{",
            Ctx::ObjComma => "{\"\":0,",
            Ctx::Colon => "{\"\"",
            Ctx::Value => "{\"\":",
            Ctx::AfterValue => "{\"\":0",
            Ctx::ArrOpen => "{\"\":[",
            Ctx::ArrComma => "{\"\":[0,",
            Ctx::AfterElem => "{\"\":[0",
            Ctx::Done => "{}",
        }
    }
}

/// Which array the scanner is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Nodes,
    Edges,
    /// An array whose key was refused (written twice, too long): only checked.
    Skip,
}

/// A value being collected: a key, a top-level value or an array element.
struct Collect {
    buf: Vec<u8>,
    start: Pos,
    /// The state it started in (what it is, and the prefix for a syntax error).
    ctx: Ctx,
    scalar: bool,
    depth: u32,
    in_str: bool,
    esc: bool,
    /// Bytes seen so far, and the offset (from the value's start) of the last string's quote.
    len: usize,
    str_at: usize,
}

/// A JSON model read from chunks of its bytes (see the module's documentation).
pub struct ModelStream {
    limits: Limits,
    name: String,
    /// The file's size, when known (to reserve the edges).
    size: Option<u64>,
    /// The first bytes, until a byte order mark is ruled in or out.
    head: Vec<u8>,
    started: bool,
    /// Bytes of the UTF-8 byte order mark skipped (0 or 3).
    bom: u64,
    /// A file in UTF-16: kept whole and read at the end.
    utf16: Option<Vec<u8>>,
    pos: Pos,
    ctx: Ctx,
    section: Section,
    val: Option<Collect>,
    /// The current key and whether its value is read.
    key: String,
    key_ok: bool,
    keys: Vec<(String, usize)>,
    model: Model,
    /// Node ids to indices. Declared before `nodes`: its keys borrow the nodes' ids.
    index: IdMap<'static>,
    /// The same in one flat table, made once the nodes are read, where an edge's ends are looked
    /// up (the map stays for edges the fast path does not read: its order is the one the
    /// general reader's suggestions follow). Declared before `nodes`: it borrows them.
    flat: Option<IdIndex<'static>>,
    nodes: Vec<Node>,
    node_lines: Vec<u32>,
    nodes_done: bool,
    edges: Edges,
    extras: Vec<(usize, Map<String, Value>)>,
    /// The edges' room is not estimated from the bytes left (edges written before the nodes).
    no_estimate: bool,
    /// Edges written before the nodes: their texts and places.
    pending: Vec<(Pos, usize, usize)>,
    pending_bytes: Vec<u8>,
    /// Edges written before the nodes and more than the limit: where, and how many.
    edges_over: Option<(Pos, usize)>,
    /// Elements seen in the current array, and where it starts.
    found: usize,
    array_at: Pos,
    array_diags: usize,
    checked: CheckedAt<Pos>,
    diags: Vec<Diagnostic>,
    /// An error was found: nothing more is read, the rest is only checked.
    failed: bool,
    /// A syntax error: the rest is checked for UTF-8 only.
    stop: bool,
    /// The end of the last chunk when it cut a UTF-8 sequence (checking after `stop`).
    carry: Vec<u8>,
    /// A UTF-8 error: nothing more is looked at.
    dead: bool,
    /// A byte the JSON syntax does not allow there: the state, its place and the bytes from it.
    fatal_at: Option<(Ctx, Pos, Vec<u8>)>,
}

/// The bytes after a syntax error that serde_json is given to name it.
const TAIL: usize = 1024;

impl ModelStream {
    /// A reader of the file `name` (named in messages) within `limits`; `size` is the file's
    /// length when known.
    pub fn new(name: &str, size: Option<u64>, limits: &Limits) -> ModelStream {
        ModelStream {
            limits: *limits,
            name: name.to_string(),
            size,
            head: Vec::new(),
            started: false,
            bom: 0,
            utf16: None,
            pos: Pos::START,
            ctx: Ctx::Start,
            section: Section::Skip,
            val: None,
            key: String::new(),
            key_ok: false,
            keys: Vec::new(),
            model: Model::new(),
            index: IdMap::default(),
            flat: None,
            nodes: Vec::new(),
            node_lines: Vec::new(),
            nodes_done: false,
            edges: Edges::new(),
            extras: Vec::new(),
            no_estimate: false,
            pending: Vec::new(),
            pending_bytes: Vec::new(),
            edges_over: None,
            found: 0,
            array_at: Pos::START,
            array_diags: 0,
            checked: CheckedAt::default(),
            diags: Vec::new(),
            failed: false,
            stop: false,
            carry: Vec::new(),
            dead: false,
            fatal_at: None,
        }
    }

    /// Bytes taken so far (the byte order mark included).
    pub fn bytes_read(&self) -> u64 {
        match &self.utf16 {
            Some(b) => b.len() as u64,
            None => self.bom + self.pos.offset + self.head.len() as u64,
        }
    }

    /// Nodes and edges read so far.
    pub fn counts(&self) -> (usize, usize) {
        (self.nodes.len(), self.edges.len())
    }

    /// Takes the next bytes of the file.
    pub fn push(&mut self, chunk: &[u8]) {
        if self.dead {
            return;
        }
        if let Some(buf) = &mut self.utf16 {
            if (buf.len() + chunk.len()) as u64 > Limits::PAGE.file_bytes {
                let d = crate::formats::text::too_large(
                    &self.name,
                    Limits::PAGE.file_bytes,
                    Some((buf.len() + chunk.len()) as u64),
                );
                self.fatal(d);
                self.dead = true;
                self.utf16 = None;
                return;
            }
            buf.extend_from_slice(chunk);
            return;
        }
        if !self.started {
            self.head.extend_from_slice(chunk);
            let prefix_of = |bom: &[u8]| self.head.len() < bom.len() && bom.starts_with(&self.head);
            if prefix_of(b"\xef\xbb\xbf") || prefix_of(b"\xff\xfe") || prefix_of(b"\xfe\xff") {
                return;
            }
            self.start();
            return;
        }
        self.scan(chunk);
    }

    /// The first bytes: a byte order mark decided, then scanned.
    fn start(&mut self) {
        self.started = true;
        let head = std::mem::take(&mut self.head);
        if head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff") {
            self.utf16 = Some(head);
            return;
        }
        let rest = match head.strip_prefix(b"\xef\xbb\xbf") {
            Some(rest) => {
                self.bom = 3;
                rest
            }
            None => &head[..],
        };
        self.scan(rest);
    }

    fn scan(&mut self, chunk: &[u8]) {
        let mut j = 0;
        while j < chunk.len() {
            if self.dead {
                return;
            }
            if self.stop {
                self.utf8_rest(&chunk[j..]);
                return;
            }
            j = if self.val.is_some() {
                self.collect(chunk, j)
            } else {
                self.step(chunk, j)
            };
        }
    }

    /// One structural byte (not inside a value).
    fn step(&mut self, chunk: &[u8], j: usize) -> usize {
        let b = chunk[j];
        if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            self.pos.advance(&chunk[j..j + 1]);
            return j + 1;
        }
        let next = match (self.ctx, b) {
            (Ctx::Start, b'{') => Some(Ctx::ObjOpen),
            (Ctx::ObjOpen, b'}') | (Ctx::AfterValue, b'}') => Some(Ctx::Done),
            (Ctx::Colon, b':') => Some(Ctx::Value),
            (Ctx::AfterValue, b',') => Some(Ctx::ObjComma),
            (Ctx::AfterElem, b',') => Some(Ctx::ArrComma),
            (Ctx::ArrOpen, b']') | (Ctx::AfterElem, b']') => {
                self.close_array();
                Some(Ctx::AfterValue)
            }
            (Ctx::ObjOpen | Ctx::ObjComma, b'"') => {
                self.begin(j, false);
                return j;
            }
            (Ctx::Value, _) if value_start(b) => {
                self.check_key();
                if b == b'[' && matches!(self.key.as_str(), "nodes" | "edges") {
                    self.open_array();
                    Some(Ctx::ArrOpen)
                } else {
                    self.begin(j, !matches!(b, b'"' | b'{' | b'['));
                    return j;
                }
            }
            (Ctx::ArrOpen | Ctx::ArrComma, _) if value_start(b) => {
                self.begin(j, !matches!(b, b'"' | b'{' | b'['));
                return j;
            }
            _ => None,
        };
        match next {
            Some(ctx) => {
                self.ctx = ctx;
                self.pos.advance(&chunk[j..j + 1]);
                j + 1
            }
            None => {
                self.bad_byte(chunk, j);
                chunk.len()
            }
        }
    }

    /// A byte that cannot be where it is: a UTF-8 error, or serde_json's syntax error.
    fn bad_byte(&mut self, chunk: &[u8], j: usize) {
        if !chunk[j].is_ascii() {
            let end = (j + 4).min(chunk.len());
            if let Err(e) = std::str::from_utf8(&chunk[j..end]) {
                if e.valid_up_to() == 0 && e.error_len().is_some() {
                    let d = self.utf8_error(chunk[j], self.pos.offset, self.pos.line);
                    self.fatal(d);
                    self.dead = true;
                    return;
                }
            }
        }
        // serde_json's message may need the bytes after this one (up to TAIL, in later chunks).
        self.fatal_at = Some((self.ctx, self.pos, Vec::new()));
        self.diags.clear();
        self.failed = true;
        self.stop = true;
        self.val = None;
        self.utf8_rest(&chunk[j..]);
    }

    fn begin(&mut self, _j: usize, scalar: bool) {
        self.val = Some(Collect {
            buf: Vec::new(),
            start: self.pos,
            ctx: self.ctx,
            scalar,
            depth: 0,
            in_str: false,
            esc: false,
            len: 0,
            str_at: 0,
        });
    }

    /// Bytes of the value being collected, from `from`; returns where the scanner goes on.
    fn collect(&mut self, chunk: &[u8], from: usize) -> usize {
        let Some(v) = self.val.as_mut() else {
            return from;
        };
        let mut end = None;
        let mut j = from;
        if v.scalar {
            while j < chunk.len() {
                if !matches!(chunk[j], b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'+' | b'-' | b'.')
                {
                    end = Some(j);
                    break;
                }
                j += 1;
            }
        } else {
            let (mut depth, mut in_str, mut esc) = (v.depth, v.in_str, v.esc);
            while j < chunk.len() {
                if in_str && !esc {
                    // Inside a string only a quote or a backslash matters: eight bytes at a time.
                    while let Some(w) = word(chunk, j) {
                        if has_byte(w, b'"') | has_byte(w, b'\\') != 0 {
                            break;
                        }
                        j += 8;
                    }
                    if j >= chunk.len() {
                        break;
                    }
                }
                let b = chunk[j];
                j += 1;
                if in_str {
                    if esc {
                        esc = false;
                    } else if b == b'\\' {
                        esc = true;
                    } else if b == b'"' {
                        in_str = false;
                        if depth == 0 {
                            end = Some(j);
                            break;
                        }
                    }
                } else {
                    match b {
                        b'"' => {
                            in_str = true;
                            v.str_at = v.len + (j - 1 - from);
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                end = Some(j);
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            v.depth = depth;
            v.in_str = in_str;
            v.esc = esc;
        }
        let stop = end.unwrap_or(chunk.len());
        self.pos.advance(&chunk[from..stop]);
        let Some(v) = self.val.as_mut() else {
            return stop;
        };
        v.len += stop - from;
        match end {
            None => {
                v.buf.extend_from_slice(&chunk[from..stop]);
                if v.buf.len() > MAX_ELEMENT {
                    let v = self.val.take().expect("a value is being collected");
                    let long = v.in_str && v.len - v.str_at > self.limits.string_bytes;
                    let d = match self.syntax_in(v.ctx, v.start, &v.buf, false) {
                        Some(d) => d,
                        // Inside a string over the limit: that is what is refused.
                        None if long && !matches!(v.ctx, Ctx::ObjOpen | Ctx::ObjComma) => {
                            self.too_long_string(v.ctx, v.start, key_before(&v.buf[..v.str_at]))
                        }
                        None => self.too_long(&v),
                    };
                    self.fatal(d);
                }
                stop
            }
            Some(end) => {
                let v = self.val.take().expect("a value is being collected");
                if v.buf.is_empty() {
                    self.complete(v.ctx, v.start, &chunk[from..end]);
                } else {
                    let mut buf = v.buf;
                    buf.extend_from_slice(&chunk[from..end]);
                    self.complete(v.ctx, v.start, &buf);
                }
                end
            }
        }
    }

    /// A string longer than `string_bytes` in the value starting at `at` (`key`: its field).
    fn too_long_string(&self, ctx: Ctx, at: Pos, key: Option<String>) -> Diagnostic {
        let what = match &key {
            Some(k) => format!("\"{k}\""),
            None => "the value".to_string(),
        };
        let limit = crate::formats::text::bytes(self.limits.string_bytes as u64);
        let rest = format!(
            "{what} is more than {limit} long; the most this reader takes for one text value is {limit} (limit string_bytes)"
        );
        let (pointer, message) = match (ctx, self.section) {
            (Ctx::Value, _) => (
                format!("/{}", pointer_escape(&self.key)),
                format!("\"{}\": {rest}", self.key),
            ),
            (_, Section::Nodes) => (
                format!("/nodes/{}", self.found),
                format!("a node cannot be read: {rest}"),
            ),
            (_, Section::Edges) => (
                format!("/edges/{}", self.found),
                format!("an edge cannot be read: {rest}"),
            ),
            _ => (format!("/{}", pointer_escape(&self.key)), rest),
        };
        let pointer = match (&key, ctx) {
            (Some(k), Ctx::ArrOpen | Ctx::ArrComma) => format!("{pointer}/{k}"),
            _ => pointer,
        };
        Diagnostic::error(
            Code::LimitExceeded,
            Place {
                field: key.filter(|_| !matches!(ctx, Ctx::Value)),
                ..self.place(at, Some(pointer))
            },
            message,
        )
    }

    fn too_long(&self, v: &Collect) -> Diagnostic {
        let what = match v.ctx {
            Ctx::ArrOpen | Ctx::ArrComma => format!("an element of \"{}\"", self.key),
            Ctx::Value => format!("the value of \"{}\"", self.key),
            _ => "a key".to_string(),
        };
        Diagnostic::error(
            Code::LimitExceeded,
            self.place(v.start, None),
            format!(
                "{what} is longer than {}, the most the page reads as one value of a large model",
                crate::formats::text::bytes(MAX_ELEMENT as u64)
            ),
        )
    }

    /// A complete value: a key, a top-level value or an element.
    fn complete(&mut self, ctx: Ctx, at: Pos, bytes: &[u8]) {
        match ctx {
            Ctx::ObjOpen | Ctx::ObjComma => {
                self.ctx = Ctx::Colon;
                let Some(text) = self.text(bytes, at) else {
                    return;
                };
                match serde_json::from_str::<String>(text) {
                    Ok(k) => self.key = k,
                    Err(_) => {
                        let d = self.syntax(ctx, at, bytes);
                        self.fatal(d);
                    }
                }
            }
            Ctx::Value => {
                self.ctx = Ctx::AfterValue;
                self.top_value(at, bytes);
            }
            _ => {
                self.ctx = Ctx::AfterElem;
                let i = self.found;
                self.found += 1;
                match self.section {
                    Section::Nodes => self.node_element(i, at, bytes),
                    Section::Edges if !self.nodes_done && !self.failed => {
                        if self.text(bytes, at).is_some() {
                            if let Some(d) = self.syntax_in(ctx, at, bytes, true) {
                                self.fatal(d);
                                return;
                            }
                            if i >= self.limits.edges {
                                return;
                            }
                            let start = self.pending_bytes.len();
                            self.pending_bytes.extend_from_slice(bytes);
                            self.pending.push((at, start, bytes.len()));
                        }
                    }
                    Section::Edges => self.edge_element(i, at, bytes, ctx),
                    Section::Skip => {
                        self.check(ctx, at, bytes);
                    }
                }
            }
        }
    }

    /// The text of a value, or `None` after reporting its UTF-8 or syntax error.
    fn text<'b>(&mut self, bytes: &'b [u8], at: Pos) -> Option<&'b str> {
        match std::str::from_utf8(bytes) {
            Ok(t) => Some(t),
            Err(e) => {
                let k = e.valid_up_to();
                let mut p = at;
                p.advance(&bytes[..k]);
                let d = self.utf8_error(bytes[k], p.offset, p.line);
                self.fatal(d);
                self.dead = true;
                None
            }
        }
    }

    /// Checks a value read after an error (UTF-8 and syntax only).
    fn check(&mut self, ctx: Ctx, at: Pos, bytes: &[u8]) {
        if self.text(bytes, at).is_some() {
            if let Some(d) = self.syntax_in(ctx, at, bytes, true) {
                self.fatal(d);
            }
        }
    }

    /// serde_json's syntax error in `bytes` (a whole value, when `whole`), if it has one.
    fn syntax_in(&self, ctx: Ctx, at: Pos, bytes: &[u8], whole: bool) -> Option<Diagnostic> {
        let text = std::str::from_utf8(bytes).ok()?;
        match serde_json::from_str::<&RawValue>(text) {
            Ok(_) => None,
            Err(e) if e.is_eof() && !whole => None,
            Err(e) if e.is_syntax() || e.is_eof() => Some(self.syntax(ctx, at, bytes)),
            Err(_) => None,
        }
    }

    /// The diagnostic of the general reader for a syntax error in `tail` (the text from `at`
    /// on), parsed behind the prefix of `ctx`.
    fn syntax(&self, ctx: Ctx, at: Pos, tail: &[u8]) -> Diagnostic {
        let prefix = ctx.prefix();
        let valid = match std::str::from_utf8(tail) {
            Ok(t) => t,
            Err(e) => std::str::from_utf8(&tail[..e.valid_up_to()]).unwrap_or(""),
        };
        let text = format!("{prefix}{valid}");
        let (line, column, code, msg) = match serde_json::from_str::<TopLevel<'_>>(&text) {
            Err(e) => {
                let (line, column) = if e.line() <= 1 {
                    (
                        at.line,
                        (at.col_bytes() - 1 + e.column()).saturating_sub(prefix.len()),
                    )
                } else {
                    (at.line + e.line() - 1, e.column())
                };
                if e.is_data() {
                    (
                        line,
                        column,
                        Code::WrongType,
                        "a model must be a JSON object with \"nodes\" and \"edges\"".to_string(),
                    )
                } else {
                    (
                        line,
                        column,
                        Code::InvalidJson,
                        format!("not valid JSON: {}", strip_position(&e.to_string())),
                    )
                }
            }
            Ok(_) => (
                at.line,
                at.col_bytes(),
                Code::InvalidJson,
                "not valid JSON".to_string(),
            ),
        };
        Diagnostic::error(
            code,
            Place {
                line: Some(line),
                column: Some(column),
                ..Place::default()
            },
            msg,
        )
    }

    fn utf8_error(&self, byte: u8, offset: u64, line: usize) -> Diagnostic {
        Diagnostic::error(
            Code::InvalidJson,
            Place {
                file: (!self.name.is_empty()).then(|| self.name.clone()),
                line: Some(line),
                ..Place::default()
            },
            format!(
                "the file is not UTF-8 text: byte 0x{byte:02X} at offset {} is not UTF-8 (a file saved as Latin-1 or \"ANSI\"?); save it as UTF-8",
                count(offset + self.bom)
            ),
        )
    }

    /// A syntax or encoding error: it replaces every other diagnostic (the general reader
    /// reports nothing else for such a file); the rest is checked for UTF-8 only.
    fn fatal(&mut self, d: Diagnostic) {
        self.diags = vec![d];
        self.failed = true;
        self.stop = true;
        self.val = None;
    }

    /// After a syntax error: the rest of the bytes must still be UTF-8 (the whole-text reader
    /// checks that first).
    fn utf8_rest(&mut self, bytes: &[u8]) {
        if self.dead || bytes.is_empty() {
            return;
        }
        if let Some((_, _, tail)) = &mut self.fatal_at {
            let n = TAIL.saturating_sub(tail.len()).min(bytes.len());
            tail.extend_from_slice(&bytes[..n]);
        }
        let mut buf = std::mem::take(&mut self.carry);
        let data: &[u8] = if buf.is_empty() {
            bytes
        } else {
            buf.extend_from_slice(bytes);
            &buf
        };
        let start = self.pos;
        let carried = data.len() - bytes.len();
        match std::str::from_utf8(data) {
            Ok(_) => {}
            Err(e) if e.error_len().is_none() => {
                self.carry = data[e.valid_up_to()..].to_vec();
            }
            Err(e) => {
                let k = e.valid_up_to();
                let mut p = start;
                p.offset -= carried as u64;
                p.advance(&data[..k]);
                let d = self.utf8_error(data[k], p.offset, p.line);
                self.diags = vec![d];
                self.dead = true;
            }
        }
        self.pos.advance(bytes);
    }

    /// A place at `at` in the whole file.
    fn place(&self, at: Pos, pointer: Option<String>) -> Place {
        Place {
            line: Some(at.line),
            column: Some(at.col_chars()),
            pointer,
            ..Place::default()
        }
    }

    /// Moves the general reader's diagnostics about a value read from its own text (starting at
    /// line 1, column 1) to the value's place `at`.
    fn moved(&mut self, diags: Vec<Diagnostic>, at: Pos) -> bool {
        let mut errors = false;
        for mut d in diags {
            if let Some(l) = d.place.line {
                if l == 1 {
                    d.place.column = d.place.column.map(|c| c + at.col_chars() - 1);
                }
                d.place.line = Some(l + at.line - 1);
            }
            errors |= d.is_error();
            self.diags.push(d);
        }
        if errors {
            self.failed = true;
        }
        errors
    }

    /// The key of the value starting here: refused when too long or written twice.
    fn check_key(&mut self) {
        let key = self.key.clone();
        self.key_ok = false;
        if key.len() > self.limits.string_bytes {
            if !self.failed {
                let d = Diagnostic::error(
                    Code::LimitExceeded,
                    self.place(self.pos, Some(format!("/{}", pointer_escape(&key)))),
                    format!(
                        "a key is {} long; the most this reader takes for one text value is {} (limit string_bytes)",
                        crate::formats::text::bytes(key.len() as u64),
                        crate::formats::text::bytes(self.limits.string_bytes as u64)
                    ),
                );
                self.diags.push(d);
                self.failed = true;
            }
            return;
        }
        if let Some((_, line)) = self.keys.iter().find(|(k, _)| *k == key) {
            if !self.failed {
                let d = Diagnostic::error(
                    Code::InvalidJson,
                    self.place(self.pos, Some(format!("/{}", pointer_escape(&key)))),
                    format!(
                        "key \"{}\" is written twice in the model (first at line {line}); the second value would silently replace the first, so remove one",
                        crate::diagnostics::excerpt(&key, 60)
                    ),
                );
                self.diags.push(d);
                self.failed = true;
            }
            return;
        }
        self.keys.push((key, self.pos.line));
        self.key_ok = true;
    }

    fn open_array(&mut self) {
        self.section = match (self.key_ok, self.key.as_str()) {
            (true, "nodes") => Section::Nodes,
            (true, "edges") => Section::Edges,
            _ => Section::Skip,
        };
        self.found = 0;
        self.array_at = self.pos;
        self.array_diags = self.diags.len();
    }

    fn close_array(&mut self) {
        let (what, max) = match self.section {
            Section::Nodes => ("nodes", self.limits.nodes),
            Section::Edges => ("edges", self.limits.edges),
            Section::Skip => return,
        };
        if self.section == Section::Edges && !self.nodes_done && self.found > max && !self.failed {
            // Edges before the nodes: the count is reported once the nodes are read (the
            // general reader reads edges only when the nodes are within their limit).
            self.edges_over = Some((self.array_at, self.found));
            self.pending = Vec::new();
            self.pending_bytes = Vec::new();
        } else if self.found > max && !self.stop {
            // As the general reader: the count first, and none of the elements is read.
            self.diags.truncate(self.array_diags);
            let d = Diagnostic::error(
                Code::LimitExceeded,
                self.place(self.array_at, Some(format!("/{what}"))),
                format!(
                    "the model has {} {what}; the most this reader takes is {} (limit {what})",
                    count(self.found),
                    count(max)
                ),
            );
            self.diags.push(d);
            self.failed = true;
        }
        if self.section == Section::Nodes {
            self.end_nodes();
        }
        self.section = Section::Skip;
    }

    /// A top-level value other than the `nodes` and `edges` arrays.
    fn top_value(&mut self, at: Pos, bytes: &[u8]) {
        if self.failed || !self.key_ok {
            self.check(Ctx::Value, at, bytes);
            return;
        }
        let Some(text) = self.text(bytes, at) else {
            return;
        };
        if let Some(d) = self.syntax_in(Ctx::Value, at, bytes, true) {
            self.fatal(d);
            return;
        }
        let key = self.key.clone();
        let pointer = format!("/{}", pointer_escape(&key));
        let raw_start: String = text.chars().take(40).collect();
        match key.as_str() {
            "nodes" | "edges" => {
                if key == "nodes" {
                    self.end_nodes();
                }
                if !text.starts_with("null") && !self.failed {
                    let d = Diagnostic::error(
                        Code::WrongType,
                        self.place(at, Some(pointer)),
                        format!("\"{key}\" must be an array"),
                    );
                    self.diags.push(d);
                    self.failed = true;
                }
            }
            "format" => match serde_json::from_str::<Value>(text) {
                Ok(Value::String(s)) if s == "aligngraph" => {}
                _ => {
                    let d = Diagnostic::error(
                        Code::UnsupportedFormat,
                        self.place(at, Some(pointer)),
                        format!("\"format\" must be \"aligngraph\", found {raw_start}"),
                    );
                    self.diags.push(d);
                    self.failed = true;
                }
            },
            "version" => match serde_json::from_str::<Value>(text) {
                Ok(Value::Number(n)) if n.as_u64() == Some(FORMAT_VERSION) => {}
                _ => {
                    let d = Diagnostic::error(
                        Code::UnsupportedFormat,
                        self.place(at, Some(pointer)),
                        format!(
                            "\"version\" {raw_start} is not supported; this build reads version {FORMAT_VERSION}"
                        ),
                    );
                    self.diags.push(d);
                    self.failed = true;
                }
            },
            _ => {
                let mut r = Reader::new(text, &self.limits);
                let o = Origin {
                    offset: 0,
                    pointer: pointer.clone(),
                    node: None,
                    edge: None,
                };
                let Ok(raw) = serde_json::from_str::<&RawValue>(text) else {
                    return;
                };
                let v = r.value(raw, &o);
                let diags = std::mem::take(&mut r.diags);
                if self.moved(diags, at) {
                    return;
                }
                match (key.as_str(), v) {
                    ("name" | "currency" | "time_unit", Ok(Value::String(s))) => {
                        match key.as_str() {
                            "name" => self.model.name = Some(s),
                            "currency" => self.model.currency = Some(s),
                            _ => self.model.time_unit = Some(s),
                        }
                    }
                    ("name" | "currency" | "time_unit", Ok(Value::Null) | Err(())) => {}
                    ("name" | "currency" | "time_unit", Ok(_)) => {
                        let d = Diagnostic::error(
                            Code::WrongType,
                            self.place(at, Some(pointer)),
                            format!("\"{key}\" must be a string"),
                        );
                        self.diags.push(d);
                        self.failed = true;
                    }
                    (_, Ok(v)) => {
                        self.checked.note(&key, at);
                        self.model.extra.insert(key, v);
                    }
                    (_, Err(())) => {}
                }
            }
        }
    }

    fn node_element(&mut self, i: usize, at: Pos, bytes: &[u8]) {
        if self.failed || i >= self.limits.nodes {
            self.failed = true;
            self.check(Ctx::ArrComma, at, bytes);
            return;
        }
        let Some(text) = self.text(bytes, at) else {
            return;
        };
        let node = match fast::node_text(text, self.limits.string_bytes) {
            Ok(Some(n)) => n,
            _ => {
                if let Some(d) = self.syntax_in(Ctx::ArrComma, at, bytes, true) {
                    self.fatal(d);
                    return;
                }
                let mut r = Reader::new(text, &self.limits);
                let mut o = Origin {
                    offset: 0,
                    pointer: format!("/nodes/{i}"),
                    node: None,
                    edge: None,
                };
                let node = r
                    .object(text, &mut o, "a node")
                    .and_then(|f| r.read_node(f, &mut o));
                let diags = std::mem::take(&mut r.diags);
                if self.moved(diags, at) {
                    return;
                }
                match node {
                    Some(n) => n,
                    None => return,
                }
            }
        };
        if let Some(&first) = self.index.get(&*node.id) {
            let line = self.node_lines[first as usize];
            let d = Diagnostic::error(
                Code::DuplicateId,
                Place {
                    node: Some(node.id.to_string()),
                    field: Some("id".into()),
                    ..self.place(at, Some(format!("/nodes/{i}/id")))
                },
                format!(
                    "node id \"{}\" is already used by the node at line {line}",
                    node.id
                ),
            );
            self.diags.push(d);
            self.failed = true;
            return;
        }
        // SAFETY: the key borrows the heap allocation of the node's `Box<str>` id. The node is
        // kept in `self.nodes` (growing the vector moves the `Box`, never its allocation), its id
        // is never changed, and `index` is emptied before a node is dropped or handed out
        // (`finish`); it is also declared before `nodes`, so it is dropped first.
        let id: &'static str = unsafe { &*(node.id.as_ref() as *const str) };
        self.index.insert(id, self.nodes.len() as NodeIx);
        // A node after the table was made (a second `nodes` array) may move the nodes.
        self.flat = None;
        self.node_lines.push(at.line as u32);
        self.nodes.push(node);
    }

    fn edge_element(&mut self, i: usize, at: Pos, bytes: &[u8], ctx: Ctx) {
        if self.failed || i >= self.limits.edges {
            self.failed = true;
            self.check(ctx, at, bytes);
            return;
        }
        let Some(text) = self.text(bytes, at) else {
            return;
        };
        self.reserve_edges(i, at);
        let fast = match &self.flat {
            Some(flat) => fast::edge_text(text, self.limits.string_bytes, flat),
            None => fast::edge_text(text, self.limits.string_bytes, &self.index),
        };
        match fast {
            Ok(Some(e)) => self.edges.push(e),
            _ => {
                if let Some(d) = self.syntax_in(ctx, at, bytes, true) {
                    self.fatal(d);
                    return;
                }
                let mut r = Reader::new(text, &self.limits);
                let mut o = Origin {
                    offset: 0,
                    pointer: format!("/edges/{i}"),
                    node: None,
                    edge: Some(i),
                };
                let edge = r
                    .object(text, &mut o, "an edge")
                    .and_then(|f| r.read_edge(f, &o, &self.index));
                let diags = std::mem::take(&mut r.diags);
                if self.moved(diags, at) {
                    return;
                }
                if let Some((e, extra)) = edge {
                    if !extra.is_empty() {
                        self.extras.push((self.edges.len(), extra));
                    }
                    self.edges.push(e);
                }
            }
        }
    }

    /// Room for the edges, from the bytes left in the file and those of the edges read so far,
    /// whenever the room is used up after the first 1,024 edges: a large model's edges are
    /// neither copied while the vector doubles nor held in twice their size. An estimate that
    /// falls short is made again from all the edges read by then.
    fn reserve_edges(&mut self, i: usize, at: Pos) {
        const SAMPLE: usize = 1024;
        if i < SAMPLE || self.no_estimate || self.edges.len() < self.edges.capacity() {
            return;
        }
        let Some(size) = self.size else {
            return;
        };
        let read = at.offset.saturating_sub(self.array_at.offset).max(1) as f64;
        let left = size.saturating_sub(at.offset + self.bom) as f64;
        let more = (left / (read / i as f64) * 1.02) as usize + SAMPLE;
        let want = (i + more).min(self.limits.edges);
        self.edges
            .reserve_exact(want.saturating_sub(self.edges.len()));
    }

    /// The nodes are read: their flat id table is made (none when it cannot be: ids made to
    /// collide; the map serves then), and the edges kept until now are read.
    fn end_nodes(&mut self) {
        self.nodes_done = true;
        if !self.failed {
            // SAFETY: the table borrows the nodes' vector, which no longer grows: a node pushed
            // later (a second `nodes` array) empties `flat` first. `flat` is emptied before the
            // nodes are handed out (`finish`), and declared before `nodes`, so dropped first.
            let nodes: &'static [Node] = unsafe { &*(self.nodes.as_slice() as *const [Node]) };
            self.flat = IdIndex::new(nodes);
        }
        self.read_pending();
    }

    /// The edges kept until the nodes were read.
    fn read_pending(&mut self) {
        if let Some((at, found)) = self.edges_over.take() {
            if !self.failed {
                let d = Diagnostic::error(
                    Code::LimitExceeded,
                    self.place(at, Some("/edges".into())),
                    format!(
                        "the model has {} edges; the most this reader takes is {} (limit edges)",
                        count(found),
                        count(self.limits.edges)
                    ),
                );
                self.diags.push(d);
                self.failed = true;
            }
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        if !pending.is_empty() {
            // Their places say nothing about the bytes left: no estimate. (With none kept, the
            // edges array is still ahead and its first edges give the estimate.)
            self.no_estimate = true;
        }
        let bytes = std::mem::take(&mut self.pending_bytes);
        for (i, (at, start, len)) in pending.into_iter().enumerate() {
            self.edge_element(i, at, &bytes[start..start + len], Ctx::ArrComma);
            if self.stop {
                return;
            }
        }
    }

    /// The model read, and every diagnostic (what [`super::load_json_limited`] returns).
    pub fn finish(mut self) -> (Model, Vec<Diagnostic>) {
        if !self.started {
            self.start();
        }
        if let Some(bytes) = self.utf16.take() {
            return match crate::formats::text::decode(&self.name, &bytes, Code::InvalidJson) {
                Ok(text) => super::load_json_limited(&text, &self.limits),
                Err(d) => (Model::new(), vec![*d]),
            };
        }
        if !self.stop && !self.dead {
            if let Some(v) = self.val.take() {
                // The file ends inside a value: serde_json's error at the end.
                if self.text(&v.buf, v.start).is_some() {
                    let d = self.syntax(v.ctx, v.start, &v.buf);
                    self.fatal(d);
                }
            } else if self.ctx != Ctx::Done {
                let d = self.syntax(self.ctx, self.pos, b"");
                self.fatal(d);
            }
        }
        if let Some((ctx, at, tail)) = self.fatal_at.take() {
            if !self.dead {
                let d = self.syntax(ctx, at, &tail);
                self.diags = vec![d];
            }
        }
        if !self.carry.is_empty() && !self.dead {
            let d = self.utf8_error(
                self.carry[0],
                self.pos.offset - self.carry.len() as u64,
                self.pos.line,
            );
            self.diags = vec![d];
        }
        if !self.failed && !self.nodes_done {
            self.end_nodes();
        }
        self.flat = None;
        self.index = IdMap::default();
        if self.failed || self.dead {
            return (Model::new(), self.diags);
        }
        let mut model = std::mem::take(&mut self.model);
        model.nodes = std::mem::take(&mut self.nodes);
        model.edges = std::mem::take(&mut self.edges);
        // The room left over from the estimate goes back (in place: the vector shrinks where it is).
        model.edges.shrink_to_fit();
        for (i, extra) in std::mem::take(&mut self.extras) {
            model.set_edge_extra(i, extra);
        }
        if !self.diags.iter().any(Diagnostic::is_error) {
            for (at, check) in self.checked.checks() {
                for d in check(&model) {
                    self.diags.push(super::at_value(d, at.line, at.col_chars()));
                }
            }
        }
        (model, self.diags)
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The eight bytes of `b` from `at`, if there are eight.
#[inline]
fn word(b: &[u8], at: usize) -> Option<u64> {
    let s = b.get(at..at + 8)?;
    let mut w = [0u8; 8];
    w.copy_from_slice(s);
    Some(u64::from_le_bytes(w))
}

/// Non-zero when a byte of `w` is `c`.
#[inline]
fn has_byte(w: u64, c: u8) -> u64 {
    let x = w ^ (ONES * u64::from(c));
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The key written just before a string value (`"key": ` ending `before`), if it is one.
fn key_before(before: &[u8]) -> Option<String> {
    let t = before.trim_ascii_end().strip_suffix(b":")?.trim_ascii_end();
    let t = t.strip_suffix(b"\"")?;
    let open = t.iter().rposition(|&b| b == b'"')?;
    String::from_utf8(t[open + 1..].to_vec()).ok()
}

/// Whether `b` can start a JSON value.
fn value_start(b: u8) -> bool {
    matches!(
        b,
        b'"' | b'{' | b'[' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model's edges, read after its nodes, get their room once from the file's size (so a large
    /// model's edges are never copied while the vector doubles, nor held at twice their size).
    #[test]
    fn the_edges_after_the_nodes_are_reserved_once_from_the_file_size() {
        let model = crate::generate::layered(4_000, 5, 1);
        let text = crate::model::json::to_json(&model);
        let mut s = ModelStream::new("m.json", Some(text.len() as u64), &Limits::CLI);
        let mut room = Vec::new();
        for chunk in text.as_bytes().chunks(64 * 1024) {
            s.push(chunk);
            if !s.edges.is_empty() {
                room.push(s.edges.capacity());
            }
        }
        let n = model.edges.len();
        assert!(n > 10_000, "{n} edges");
        // Doubling up to the first 1,024 edges, then at most two estimates.
        let mut sizes = room.clone();
        sizes.dedup();
        let grown = sizes.iter().filter(|&&c| c > 1024).count();
        assert!((1..=2).contains(&grown), "the room grew in {sizes:?}");
        let cap = *room.last().unwrap();
        assert!(
            cap >= n && cap <= n + n / 20,
            "room for {cap} edges, {n} read"
        );
        let (read, diags) = s.finish();
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(read.edges.len(), n);
        assert_eq!(read.edges.capacity(), n, "no room left over once read");
    }
}
