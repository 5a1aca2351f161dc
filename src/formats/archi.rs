//! Archi's native model file (`.archimate`), as plain XML or as the zip archive Archi writes when
//! a model holds images (`model.archimate` plus `images/...`).
//!
//! Reading keeps the model's name, purpose (as documentation) and properties; every element in
//! the folders, at any depth, with its name, documentation and properties (junctions as
//! `AndJunction` / `OrJunction`); every relationship (`xsi:type` ending in `Relationship`) with
//! its source, target, influence `strength` and access type (Archi's integer `accessType`, absent
//! meaning Write, as the exchange names `Write`, `Read`, `Access`, `ReadWrite`); and the nesting of
//! element boxes inside element boxes in the diagrams (`view_nesting`). Diagrams (ArchiMate
//! views, sketches, canvases), their connections, folders' own properties, profiles and images are
//! skipped. Every element and relationship carries its 1-based line in the model's XML.
//!
//! Identifiers are not checked for uniqueness and relationship ends are not resolved here: the
//! mapping does both, naming each record's line.
//!
//! Hostile input: a DTD (and so entity expansion) is refused; the XML is at most `file_bytes` of
//! the [`Limits`] and [`NODES_LIMIT`] nodes, and within the attribute, depth, string and count
//! limits ([`xml_guard`]), checked before the tree is built; a zip archive may list at most
//! [`MAX_ZIP_ENTRIES`] entries, one model entry (two are ambiguous), which is refused when it
//! declares, or inflates to, more than `inflated_bytes` (the inflated stream is read through a
//! limit, so a zip bomb costs at most that much memory); nesting of any depth is walked without recursion;
//! nothing panics. Malformed XML gives one `INVALID_XML` error with its line and column and an
//! empty model.

use crate::diagnostics::{Code, Diagnostic, Place};
use crate::formats::archimate::{
    ArchiElement, ArchiModel, ArchiRelationship, ReadResult, normalise_type,
};
use crate::formats::limits::Limits;
use crate::formats::xml_guard::{self, Dialect};
use roxmltree::{Document, Node, ParsingOptions};
use std::cell::Cell;
use std::collections::HashSet;
use std::io::{Cursor, Read};

/// The `format` of models this reader produces.
pub const FORMAT: &str = "archi";

/// Archi's namespace. Files of other Archi versions may add to it (any namespace starting with
/// this is accepted), and Archi 1 and 2 used [`OLD_NAMESPACE`].
pub const NAMESPACE: &str = "http://www.archimatetool.com/archimate";

/// The namespace of models written by Archi 1 and 2.
pub const OLD_NAMESPACE: &str = "http://www.bolton.ac.uk/archimate";

/// The XML Schema instance namespace (`xsi:type`).
pub(crate) const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The largest model XML read on the command line, plain or inflated from a zip: 512 MiB
/// (`Limits::CLI.inflated_bytes`).
pub const MAX_MODEL_BYTES: u64 = 512 * 1024 * 1024;

/// The most XML nodes (elements, texts, comments) a model may have: about 1 GB of parsed tree at
/// most, far above any real model (a 1.6 MB Archi file has about 17,000).
pub const NODES_LIMIT: u32 = 10_000_000;

/// The most attribute-like `=` signs a model may hold (the parser reserves room for one attribute
/// per `=` before it starts).
const EQUALS_LIMIT: usize = 2 * NODES_LIMIT as usize;

/// The most entries a zip archive may list.
pub const MAX_ZIP_ENTRIES: usize = 10_000;

/// Errors listed per file before the rest are summarised in one more.
pub(crate) const MAX_ERRORS: usize = 100;

/// Reads an Archi model: plain XML text or a zip archive (bytes starting with `PK\x03\x04`)
/// holding it.
pub fn read(bytes: &[u8]) -> ReadResult {
    read_with(bytes, &Limits::CLI)
}

/// [`read`] within `limits`: the plain XML at most `file_bytes`, a zip's model entry at most
/// `inflated_bytes` once inflated, and the XML within the attribute, depth, string and count
/// limits ([`xml_guard`]), each checked before the tree is built.
pub fn read_with(bytes: &[u8], limits: &Limits) -> ReadResult {
    if !is_zip(bytes) {
        return read_xml(bytes, limits.file_bytes, limits);
    }
    match unzip_model(bytes, limits.inflated_bytes) {
        Ok((xml, entry)) => {
            let (model, mut diags) = read_xml(&xml, limits.inflated_bytes, limits);
            for d in &mut diags {
                d.message.push_str(&format!(" (in zip entry {entry})"));
            }
            (model, diags)
        }
        Err(d) => (empty(), vec![*d]),
    }
}

fn empty() -> ArchiModel {
    ArchiModel {
        format: FORMAT,
        ..ArchiModel::default()
    }
}

pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    // A local file header, or the end record of an empty archive.
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

#[cfg(test)]
fn read_limited(bytes: &[u8], cap: u64) -> ReadResult {
    let limits = Limits {
        file_bytes: cap,
        inflated_bytes: cap,
        ..Limits::CLI
    };
    read_with(bytes, &limits)
}

// ---------------------------------------------------------------------------------------------
// Zip archives

pub(crate) fn archive_error(message: String) -> Box<Diagnostic> {
    Box::new(Diagnostic::error(
        Code::InvalidArchive,
        Place::default(),
        message,
    ))
}

pub(crate) fn limit_error(message: String) -> Box<Diagnostic> {
    Box::new(Diagnostic::error(
        Code::LimitExceeded,
        Place::default(),
        message,
    ))
}

/// The model entry of a zip archive, inflated, and its name.
fn unzip_model(bytes: &[u8], cap: u64) -> Result<(Vec<u8>, String), Box<Diagnostic>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        archive_error(format!(
            "the file starts like a zip archive but cannot be read as one: {e}"
        ))
    })?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(limit_error(format!(
            "the zip archive lists {} entries, more than the {MAX_ZIP_ENTRIES} looked at; an \
             Archi model archive holds model.archimate and its images",
            zip.len()
        )));
    }
    let names: Vec<&str> = (0..zip.len())
        .map(|i| zip.name_for_index(i).unwrap_or(""))
        .collect();
    // The zip reader keeps one entry per name (the last); two entries of one model name would
    // make the model silently the second one.
    if let Some(all) = central_names(bytes)
        && all.len() > names.len()
    {
        let mut seen = HashSet::new();
        let dup = all.iter().find(|n| {
            let b = n
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or(n)
                .to_ascii_lowercase();
            (b.ends_with(".archimate") || b.ends_with(".xml")) && !seen.insert(n.as_str())
        });
        if let Some(dup) = dup {
            let dup = shorten(dup);
            return Err(archive_error(format!(
                "the zip archive holds 2 model entries ({dup}, {dup}), so which one is the model \
                 is ambiguous; an Archi archive holds one model.archimate and its images"
            )));
        }
    }
    let base = |n: &str| {
        n.rsplit(['/', '\\'])
            .next()
            .unwrap_or(n)
            .to_ascii_lowercase()
    };
    let models: Vec<usize> = (0..names.len())
        .filter(|&i| base(names[i]) == "model.archimate")
        .collect();
    // model.archimate, else any .archimate, else any .xml entry: two of the first kind found
    // are ambiguous.
    let of_kind = |suffix: &str| -> Vec<usize> {
        (0..names.len())
            .filter(|&i| {
                let b = base(names[i]);
                b.len() > suffix.len() && b.ends_with(suffix)
            })
            .collect()
    };
    let models = if models.is_empty() {
        let archimate = of_kind(".archimate");
        if archimate.is_empty() {
            of_kind(".xml")
        } else {
            archimate
        }
    } else {
        models
    };
    if models.len() > 1 {
        let shown: Vec<String> = models.iter().take(3).map(|&i| shorten(names[i])).collect();
        let more = if models.len() > shown.len() {
            format!(" and {} more", models.len() - shown.len())
        } else {
            String::new()
        };
        return Err(archive_error(format!(
            "the zip archive holds {} model entries ({}{more}), so which one is the model is ambiguous; an Archi archive holds one model.archimate and its images",
            models.len(),
            shown.join(", ")
        )));
    }
    let index = models.first().copied();
    let Some(index) = index else {
        let shown: Vec<String> = names.iter().take(5).map(|n| shorten(n)).collect();
        let more = if names.len() > shown.len() {
            format!(" and {} more", names.len() - shown.len())
        } else {
            String::new()
        };
        return Err(archive_error(format!(
            "the zip archive holds no model: no model.archimate, nor any .archimate or .xml \
             entry (it holds {}{more})",
            if shown.is_empty() {
                "nothing".to_string()
            } else {
                shown.join(", ")
            }
        )));
    };
    let entry = shorten(names[index]);
    let file = zip.by_index(index).map_err(|e| {
        archive_error(format!(
            "the zip entry {entry} cannot be read (it may be encrypted or compressed with a \
             method other than deflate): {e}"
        ))
    })?;
    let declared = file.size();
    if declared > cap {
        return Err(limit_error(format!(
            "the zip entry {entry} declares {}, more than the {} a model may inflate to (limit \
             `inflated_bytes`)",
            bytes_text(declared),
            bytes_text(cap)
        )));
    }
    // The declared size may lie: reserve little, read at most one byte past the cap, and stop
    // before a chunk would take the text past it (so the buffer never grows beyond the cap).
    let mut xml = Vec::with_capacity(declared.min(16 << 20) as usize);
    let mut limited = file.take(cap + 1);
    let mut chunk = vec![0u8; 64 << 10];
    loop {
        let n = match limited.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(archive_error(format!(
                    "the zip entry {entry} is damaged: {e}"
                )));
            }
        };
        if (xml.len() + n) as u64 > cap {
            return Err(limit_error(format!(
                "the zip entry {entry} inflates to more than the {} a model may inflate to \
                 (limit `inflated_bytes`; it declares {})",
                bytes_text(cap),
                bytes_text(declared)
            )));
        }
        xml.extend_from_slice(&chunk[..n]);
    }
    Ok((xml, entry))
}

/// The entry names of a zip's central directory, duplicates included, or `None` when it cannot
/// be walked (the zip reader then reports what is wrong).
fn central_names(bytes: &[u8]) -> Option<Vec<String>> {
    let u16_at = |i: usize| Some(u16::from_le_bytes(bytes.get(i..i + 2)?.try_into().ok()?));
    let u32_at = |i: usize| Some(u32::from_le_bytes(bytes.get(i..i + 4)?.try_into().ok()?));
    // The end record is in the last 64 KiB + 22 bytes.
    let from = bytes.len().saturating_sub(65_557);
    let end = (from..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| bytes[i..].starts_with(b"PK\x05\x06"))?;
    let count = usize::from(u16_at(end + 10)?).min(MAX_ZIP_ENTRIES + 1);
    let mut at = u32_at(end + 16)? as usize;
    let mut names = Vec::with_capacity(count);
    for _ in 0..count {
        if !bytes.get(at..)?.starts_with(b"PK\x01\x02") {
            return None;
        }
        let n = usize::from(u16_at(at + 28)?);
        let extra = usize::from(u16_at(at + 30)?);
        let comment = usize::from(u16_at(at + 32)?);
        names.push(String::from_utf8_lossy(bytes.get(at + 46..at + 46 + n)?).into_owned());
        at += 46 + n + extra + comment;
    }
    Some(names)
}

/// An entry name for messages: at most 80 characters.
pub(crate) fn shorten(name: &str) -> String {
    if name.chars().count() > 80 {
        let cut: String = name.chars().take(77).collect();
        format!("{cut}...")
    } else {
        name.to_string()
    }
}

/// Bytes for messages: the exact count with a short size beside it (`536870912 bytes (512 MiB)`).
pub(crate) fn bytes_text(n: u64) -> String {
    const MIB: u64 = 1 << 20;
    if n >= MIB {
        format!("{n} bytes ({:.0} MiB)", n as f64 / MIB as f64)
    } else {
        format!("{n} bytes")
    }
}

// ---------------------------------------------------------------------------------------------
// XML

/// How many times `x` occurs in `bytes`: counted in 32-byte lanes of `u8` counters, which
/// compiles to vector compares (several times faster than a plain filter and count).
fn count_byte(bytes: &[u8], x: u8) -> usize {
    const LANES: usize = 32;
    let mut total = 0;
    let mut blocks = bytes.chunks_exact(LANES * 255);
    for block in &mut blocks {
        let mut acc = [0u8; LANES];
        for chunk in block.chunks_exact(LANES) {
            for (a, &b) in acc.iter_mut().zip(chunk) {
                *a += u8::from(b == x);
            }
        }
        total += acc.iter().map(|&a| usize::from(a)).sum::<usize>();
    }
    total + blocks.remainder().iter().filter(|&&b| b == x).count()
}

/// 1-based lines and columns of byte offsets in a text. Offsets asked in increasing order (the
/// walk goes in document order) cost one pass over the text in all.
pub(crate) struct Lines<'t> {
    text: &'t str,
    /// The last offset asked and its line.
    last: Cell<(usize, usize)>,
}

impl<'t> Lines<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        Lines {
            text,
            last: Cell::new((0, 1)),
        }
    }

    pub(crate) fn line(&self, pos: usize) -> usize {
        let bytes = self.text.as_bytes();
        let pos = pos.min(bytes.len());
        let (from, line) = self.last.get();
        let line = if pos >= from {
            line + count_byte(&bytes[from..pos], b'\n')
        } else {
            1 + count_byte(&bytes[..pos], b'\n')
        };
        self.last.set((pos, line));
        line
    }

    /// Line and 1-based column in characters.
    pub(crate) fn line_column(&self, pos: usize) -> (usize, usize) {
        let pos = pos.min(self.text.len());
        let line = self.line(pos);
        let start = self.text.as_bytes()[..pos]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = self
            .text
            .get(start..pos)
            .map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }
}

pub(crate) fn at(line: usize, column: usize) -> Place {
    Place {
        line: Some(line),
        column: Some(column),
        ..Place::default()
    }
}

/// Line and column of a byte offset, counted in the bytes before it (which may not all be text).
fn position_in_bytes(bytes: &[u8], pos: usize) -> (usize, usize) {
    let before = &bytes[..pos.min(bytes.len())];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = 1 + String::from_utf8_lossy(&before[start..]).chars().count();
    (line, column)
}

/// The text of the model XML, or why it is not one.
pub(crate) fn text_of(bytes: &[u8], cap: u64) -> Result<&str, Box<Diagnostic>> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let first = bytes.iter().position(|b| !b.is_ascii_whitespace());
    if first.is_none_or(|i| bytes[i] != b'<') {
        let shown: Vec<String> = bytes
            .iter()
            .skip(first.unwrap_or(0))
            .take(4)
            .map(|b| format!("{b:#04x}"))
            .collect();
        return Err(Box::new(Diagnostic::error(
            Code::UnsupportedFormat,
            Place::default(),
            if shown.is_empty() {
                "the file is empty: it is neither XML nor a zip archive".to_string()
            } else {
                format!(
                    "the file is neither XML nor a zip archive (it starts with {})",
                    shown.join(" ")
                )
            },
        )));
    }
    if bytes.len() as u64 > cap {
        return Err(limit_error(format!(
            "the model XML has {}, more than the {} a model may have (limit `file_bytes`, or \
             `inflated_bytes` in a zip archive)",
            bytes_text(bytes.len() as u64),
            bytes_text(cap)
        )));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = position_in_bytes(bytes, e.valid_up_to());
        Box::new(Diagnostic::error(
            Code::InvalidXml,
            at(line, column),
            format!(
                "the file is not UTF-8 text (byte {:#04x} cannot start a character there); Archi \
                 writes its models in UTF-8",
                bytes[e.valid_up_to()]
            ),
        ))
    })
}

pub(crate) fn xml_error(text: &str, lines: &Lines, e: &roxmltree::Error) -> Diagnostic {
    use roxmltree::Error as E;
    let end = || {
        let (l, c) = lines.line_column(text.len());
        at(l, c)
    };
    match e {
        E::DtdDetected => {
            let place = text.find("<!DOCTYPE").map_or_else(Place::default, |i| {
                let (l, c) = lines.line_column(i);
                at(l, c)
            });
            Diagnostic::error(
                Code::InvalidXml,
                place,
                "the file contains a document type declaration (<!DOCTYPE ...>); DTDs and entity \
                 definitions are refused, as Archi never writes them",
            )
        }
        E::NodesLimitReached | E::AttributesLimitReached | E::NamespacesLimitReached => {
            *limit_error(format!(
                "the file is refused to bound memory use: {e} (at most {NODES_LIMIT} XML nodes)"
            ))
        }
        E::NoRootNode => Diagnostic::error(
            Code::InvalidXml,
            end(),
            "the text is not XML: it has no root element",
        ),
        E::UnclosedRootNode | E::UnexpectedEndOfStream => Diagnostic::error(
            Code::InvalidXml,
            end(),
            format!("the XML ends before its root element is closed: {e}"),
        ),
        _ => {
            let pos = e.pos();
            let message = e.to_string();
            let message = message
                .strip_suffix(&format!(" at {pos}"))
                .unwrap_or(&message);
            Diagnostic::error(
                Code::InvalidXml,
                at(pos.row as usize, pos.col as usize),
                format!("the file is not well-formed XML: {message}"),
            )
        }
    }
}

fn read_xml(bytes: &[u8], cap: u64, limits: &Limits) -> ReadResult {
    let text = match text_of(bytes, cap) {
        Ok(t) => t,
        Err(d) => return (empty(), vec![*d]),
    };
    if let Err(d) = xml_guard::check(text, Dialect::Archi, limits) {
        return (empty(), vec![*d]);
    }
    // The parser reserves one node per `<` and one attribute per `=` before it starts: bound both
    // so that a hostile file cannot make it reserve gigabytes. (A text shorter than the limits
    // cannot exceed them.)
    if text.len() > NODES_LIMIT as usize {
        let angles = count_byte(text.as_bytes(), b'<');
        let equals = count_byte(text.as_bytes(), b'=');
        if angles > NODES_LIMIT as usize || equals > EQUALS_LIMIT {
            return (
                empty(),
                vec![*limit_error(format!(
                    "the file is refused to bound memory use: it has {angles} '<' and {equals} \
                     '=' (at most {NODES_LIMIT} XML nodes and {EQUALS_LIMIT} attributes)"
                ))],
            );
        }
    }
    let lines = Lines::new(text);
    let opts = ParsingOptions {
        allow_dtd: false,
        nodes_limit: NODES_LIMIT,
        ..ParsingOptions::default()
    };
    let doc = match Document::parse_with_options(text, opts) {
        Ok(doc) => doc,
        Err(e) => return (empty(), vec![xml_error(text, &lines, &e)]),
    };
    let root = doc.root_element();
    let ns = root.tag_name().namespace().unwrap_or("");
    if root.tag_name().name() != "model"
        || !(ns.starts_with(NAMESPACE) || ns.starts_with(OLD_NAMESPACE))
    {
        let (l, c) = lines.line_column(root.range().start);
        let what = if ns.is_empty() {
            format!("<{}>", root.tag_name().name())
        } else {
            format!("<{}> in namespace {ns}", root.tag_name().name())
        };
        let hint = if ns.starts_with("http://www.opengroup.org/xsd/archimate") {
            "; this is an Open Group exchange file, read by the exchange reader"
        } else {
            ""
        };
        return (
            empty(),
            vec![Diagnostic::error(
                Code::UnsupportedFormat,
                at(l, c),
                format!(
                    "the root element is {what}, not Archi's <archimate:model> (namespace \
                     {NAMESPACE}){hint}"
                ),
            )],
        );
    }
    let mut reader = Reader {
        lines,
        model: empty(),
        diags: Vec::new(),
        errors: 0,
        nesting_seen: HashSet::new(),
    };
    reader.read_model(root);
    (reader.model, reader.diags)
}

/// The walk over one XML document; coArchi's reader runs one per file
/// ([`crate::formats::coarchi`]).
pub(crate) struct Reader<'t> {
    pub(crate) lines: Lines<'t>,
    pub(crate) model: ArchiModel,
    pub(crate) diags: Vec<Diagnostic>,
    pub(crate) errors: usize,
    pub(crate) nesting_seen: HashSet<(&'t str, &'t str)>,
}

/// An attribute without a namespace (roxmltree's `attribute("type")` would also find
/// `xsi:type`).
pub(crate) fn attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.namespace().is_none() && a.name() == name)
        .map(|a| a.value())
}

/// A reference to another object: the attribute (as a `.archimate` file writes it), else a child
/// element of that name whose `href` names the object after `#` (`<source
/// href="Goal_id-1.xml#id-1"/>`, as coArchi's one file per object writes it).
pub(crate) fn reference<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    attr(node, name)
        .or_else(|| {
            node.children()
                .find(|c| c.is_element() && c.tag_name().name() == name)
                .and_then(|c| c.attribute("href"))
                .map(|h| h.rsplit('#').next().unwrap_or(h))
        })
        .filter(|s| !s.is_empty())
}

/// Whether a node is a box of a diagram (`child` in a `.archimate` file, `children` in coArchi's).
fn is_box(n: &Node) -> bool {
    n.has_tag_name("child") || n.has_tag_name("children")
}

/// The text inside an element (its text and CDATA children), `None` when empty.
fn inner_text(node: Node) -> Option<String> {
    let mut s = String::new();
    for c in node.children().filter(Node::is_text) {
        s.push_str(c.text().unwrap_or(""));
    }
    (!s.is_empty()).then_some(s)
}

pub(crate) fn non_empty(s: Option<&str>) -> Option<String> {
    s.filter(|s| !s.is_empty()).map(str::to_string)
}

/// `(documentation, properties)` of an element, relationship or the model: the first
/// `<documentation>` (or `<purpose>` for the model, or a `documentation` attribute) and every
/// `<property key= value=>` child in order.
pub(crate) fn doc_and_properties(
    node: Node,
    doc_tag: &str,
) -> (Option<String>, Vec<(String, String)>) {
    let mut doc = None;
    let mut props = Vec::new();
    for c in node.children().filter(Node::is_element) {
        match c.tag_name().name() {
            t if t == doc_tag && doc.is_none() => doc = inner_text(c),
            "property" | "properties" => props.push((
                attr(c, "key").unwrap_or("").to_string(),
                attr(c, "value").unwrap_or("").to_string(),
            )),
            _ => {}
        }
    }
    (doc.or_else(|| non_empty(attr(node, doc_tag))), props)
}

/// The type name without its namespace prefix (`archimate:Goal` -> `Goal`).
pub(crate) fn local_type(t: &str) -> &str {
    t.rsplit(':').next().unwrap_or(t)
}

pub(crate) fn access_name(code: &str) -> Option<&'static str> {
    match code.trim() {
        "0" => Some("Write"),
        "1" => Some("Read"),
        "2" => Some("Access"),
        "3" => Some("ReadWrite"),
        _ => None,
    }
}

impl<'t> Reader<'t> {
    fn push(&mut self, d: Diagnostic) {
        if !d.is_error() {
            self.diags.push(d);
            return;
        }
        self.errors += 1;
        if self.errors <= MAX_ERRORS {
            self.diags.push(d);
        } else if self.errors == MAX_ERRORS + 1 {
            self.diags.push(Diagnostic::error(
                d.code,
                d.place,
                format!("more errors follow; only the first {MAX_ERRORS} are listed"),
            ));
        }
    }

    fn place(&self, node: Node, id: Option<&str>, field: Option<&str>) -> Place {
        let (line, column) = self.lines.line_column(node.range().start);
        Place {
            line: Some(line),
            column: Some(column),
            node: id.map(str::to_string),
            field: field.map(str::to_string),
            ..Place::default()
        }
    }

    fn read_model(&mut self, root: Node<'t, 't>) {
        self.model.id = non_empty(attr(root, "id"));
        self.model.name = non_empty(attr(root, "name"));
        let (doc, props) = doc_and_properties(root, "purpose");
        self.model.documentation = doc;
        self.model.properties = props;

        // Depth-first in document order with an explicit stack: folders and diagrams nest to any
        // depth.
        let mut stack: Vec<Node<'t, 't>> = root.children().rev().filter(Node::is_element).collect();
        while let Some(node) = stack.pop() {
            match node.tag_name().name() {
                "folder" => stack.extend(node.children().rev().filter(Node::is_element)),
                "element" => {
                    let is_diagram = self.read_concept(node);
                    if is_diagram {
                        self.walk_diagram(node);
                    }
                }
                _ => {}
            }
        }
    }

    /// The nesting of element boxes in one diagram, depth-first in document order.
    pub(crate) fn walk_diagram(&mut self, diagram: Node<'t, 't>) {
        let mut stack: Vec<(Node<'t, 't>, Option<&'t str>)> = diagram
            .children()
            .rev()
            .filter(is_box)
            .map(|n| (n, None))
            .collect();
        while let Some((node, outer)) = stack.pop() {
            // Only element boxes (`archimate:DiagramObject`) name an element.
            let here = reference(node, "archimateElement");
            if let (Some(child), Some(parent)) = (here, outer)
                && child != parent
                && self.nesting_seen.insert((child, parent))
            {
                self.model
                    .view_nesting
                    .push((child.to_string(), parent.to_string()));
            }
            let inner = here.or(outer);
            stack.extend(node.children().rev().filter(is_box).map(|n| (n, inner)));
        }
    }

    /// Reads one `<element>` of a folder into an element or a relationship. Returns true when it
    /// is a diagram, whose children are walked for nesting.
    fn read_concept(&mut self, node: Node<'t, 't>) -> bool {
        let id = attr(node, "id").filter(|s| !s.is_empty());
        let Some(raw_type) = node.attribute((XSI, "type")).filter(|s| !s.is_empty()) else {
            let place = self.place(node, id, Some("xsi:type"));
            self.push(Diagnostic::error(
                Code::MissingField,
                place,
                format!(
                    "the element{} has no xsi:type, so it is neither an element nor a \
                     relationship; it is skipped",
                    id.map(|i| format!(" \"{i}\"")).unwrap_or_default()
                ),
            ));
            return false;
        };
        self.read_typed(node, local_type(raw_type))
    }

    /// Reads one concept of type `t` (`Goal`, `ServingRelationship`, ...) into an element or a
    /// relationship. Returns true when it is a diagram.
    pub(crate) fn read_typed(&mut self, node: Node<'t, 't>, t: &str) -> bool {
        let id = attr(node, "id").filter(|s| !s.is_empty());
        if t.ends_with("Model") {
            // ArchimateDiagramModel, SketchModel, CanvasModel: a diagram, not an element.
            return true;
        }
        let Some(id) = id else {
            let place = self.place(node, None, Some("id"));
            self.push(Diagnostic::error(
                Code::MissingField,
                place,
                format!("the {t} has no id; it is skipped"),
            ));
            return false;
        };
        let line = Some(self.lines.line(node.range().start));
        let name = non_empty(attr(node, "name"));
        let (documentation, properties) = doc_and_properties(node, "documentation");

        if t.ends_with("Relationship") {
            let type_ = normalise_type(t).to_string();
            let mut ends = [None, None];
            for (end, field) in ends.iter_mut().zip(["source", "target"]) {
                *end = reference(node, field).map(str::to_string);
                if end.is_none() {
                    let place = self.place(node, Some(id), Some(field));
                    self.push(Diagnostic::error(
                        Code::MissingField,
                        place,
                        format!("the {type_} relationship \"{id}\" has no {field}; it is skipped"),
                    ));
                }
            }
            let [Some(source), Some(target)] = ends else {
                return false;
            };
            let strength = if type_ == "Influence" {
                non_empty(attr(node, "strength"))
            } else {
                None
            };
            let access_type = if type_ == "Access" {
                match attr(node, "accessType") {
                    None => Some("Write".to_string()),
                    Some(code) => match access_name(code) {
                        Some(a) => Some(a.to_string()),
                        None => {
                            let place = self.place(node, Some(id), Some("accessType"));
                            self.push(Diagnostic::warning(
                                Code::InvalidValue,
                                place,
                                format!(
                                    "accessType \"{code}\" is none of Archi's 0 (write), 1 \
                                     (read), 2 (access), 3 (read/write); the access type is \
                                     left unset"
                                ),
                            ));
                            None
                        }
                    },
                }
            } else {
                None
            };
            self.model.relationships.push(ArchiRelationship {
                id: id.to_string(),
                type_,
                source,
                target,
                name,
                documentation,
                properties,
                strength,
                access_type,
                line,
            });
        } else {
            let type_ = if t == "Junction" {
                match attr(node, "type") {
                    None | Some("and") => "AndJunction".to_string(),
                    Some("or") => "OrJunction".to_string(),
                    Some(other) => {
                        let place = self.place(node, Some(id), Some("type"));
                        self.push(Diagnostic::warning(
                            Code::InvalidValue,
                            place,
                            format!(
                                "junction type \"{other}\" is neither \"and\" nor \"or\"; it is \
                                 read as an And junction"
                            ),
                        ));
                        "AndJunction".to_string()
                    }
                }
            } else {
                normalise_type(t).to_string()
            };
            self.model.elements.push(ArchiElement {
                id: id.to_string(),
                type_,
                name,
                documentation,
                properties,
                line,
            });
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    const MODEL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<archimate:model xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:archimate="http://www.archimatetool.com/archimate" name="M" id="m">
  <folder name="Strategy" id="f1" type="strategy">
    <element xsi:type="archimate:Goal" name="G" id="g"/>
  </folder>
</archimate:model>
"#;

    #[test]
    fn an_entry_inflating_past_the_cap_is_refused_while_read() {
        // The entry declares its true size; a cap below it is refused up front, and the
        // inflated stream is cut at the cap even when the declared size is not checked first.
        let big = MODEL.replace("<folder", &format!("<!--{}--><folder", " ".repeat(5000)));
        let z = zip_of(&[("model.archimate", big.as_bytes())]);
        let (m, d) = read_limited(&z, 4096);
        assert!(m.elements.is_empty());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, Code::LimitExceeded, "{d:?}");

        // Lower the declared sizes in both headers: the stream itself must be cut.
        let mut lying = z.clone();
        let size = big.len() as u32;
        let mut patched = 0;
        for i in 0..lying.len().saturating_sub(4) {
            let sig = &lying[i..i + 4];
            let at = if sig == b"PK\x03\x04" {
                Some(i + 22)
            } else if sig == b"PK\x01\x02" {
                Some(i + 24)
            } else {
                None
            };
            if let Some(at) = at
                && lying[at..at + 4] == size.to_le_bytes()
            {
                lying[at..at + 4].copy_from_slice(&100u32.to_le_bytes());
                patched += 1;
            }
        }
        assert_eq!(patched, 2);
        let (m, d) = read_limited(&lying, 4096);
        assert!(m.elements.is_empty());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, Code::LimitExceeded, "{d:?}");
        assert!(d[0].message.contains("inflates to more than"), "{d:?}");

        let (m, d) = read_limited(&z, MAX_MODEL_BYTES);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(m.elements.len(), 1);
    }

    #[test]
    fn lines_and_columns() {
        let text = "ab\ncd\n\u{e9}f";
        let l = Lines::new(text);
        assert_eq!(l.line(0), 1);
        assert_eq!(l.line(2), 1);
        assert_eq!(l.line(3), 2);
        assert_eq!(l.line_column(8), (3, 2));
        assert_eq!(l.line_column(text.len()), (3, 3));
        assert_eq!(l.line_column(1), (1, 2));
        assert_eq!(l.line(6), 3);
        let long: Vec<u8> = (0..100_000u32).map(|i| (i % 7) as u8 + b'<' - 3).collect();
        for x in [b'<', b'=', b'>'] {
            let want = long.iter().filter(|&&b| b == x).count();
            assert_eq!(count_byte(&long, x), want);
            assert_eq!(
                count_byte(&long[3..99_990], x),
                long[3..99_990].iter().filter(|&&b| b == x).count()
            );
        }
        assert_eq!(position_in_bytes(b"a\n\xc3\xa9\xff", 4), (2, 2));
    }
}
