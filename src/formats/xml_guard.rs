//! One linear pass over an XML text before it is parsed into a tree, refusing what would make
//! the parse or the model exceed the [`Limits`]: more attributes on one element than
//! `attributes` (the parser checks duplicates pairwise, so its cost grows with the square of
//! this), nesting deeper than `xml_depth`, a text or attribute value (name, documentation,
//! property value, id) longer than `string_bytes`, and more ArchiMate elements or relationships
//! than `nodes` or `edges` (counted from the tags, so a file of a million elements is refused at
//! the first one past the limit, before any tree is built).
//!
//! The pass only refuses what it is sure of: anything malformed (an unclosed tag, a DTD, a stray
//! `<`) ends it quietly, and the parser then reports the error with its line and column.
//!
//! Complexity: O(text), no allocation beyond the stack of open tags (at most `xml_depth`).

use crate::diagnostics::{Code, Diagnostic, Place};
use crate::formats::limits::Limits;

/// Which reader's elements are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Open Group exchange: `<element>` and `<relationship>`.
    Exchange,
    /// Archi: `<element xsi:type=...>`, a relationship when the type ends in `Relationship`.
    Archi,
}

/// One open tag's attributes, as far as the pass needs them.
#[derive(Default)]
struct Tag<'t> {
    name: &'t [u8],
    id: Option<&'t [u8]>,
    type_: Option<&'t [u8]>,
    attributes: usize,
    /// The first value longer than the limit: (attribute name, length, offset).
    long_value: Option<(&'t [u8], usize, usize)>,
    self_closing: bool,
}

/// Checks `text` against `limits` (see the module's documentation); the error names the line,
/// the element (tag and id) and the count found.
pub fn check(text: &str, dialect: Dialect, limits: &Limits) -> Result<(), Box<Diagnostic>> {
    Scan {
        b: text.as_bytes(),
        dialect,
        limits,
    }
    .run()
}

struct Scan<'t, 'l> {
    b: &'t [u8],
    dialect: Dialect,
    limits: &'l Limits,
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    let first = needle[0];
    let mut i = from;
    while let Some(p) = hay[i..].iter().position(|&c| c == first) {
        let at = i + p;
        if hay[at..].starts_with(needle) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

fn text(b: &[u8]) -> String {
    let s = String::from_utf8_lossy(b);
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}...")
    } else {
        s.into_owned()
    }
}

impl<'t> Scan<'t, '_> {
    fn line(&self, pos: usize) -> usize {
        1 + self.b[..pos.min(self.b.len())]
            .iter()
            .filter(|&&c| c == b'\n')
            .count()
    }

    /// The refusal of a text run of `len` bytes from `start`, inside the element named `within`.
    fn text_too_long(&self, start: usize, len: usize, within: Option<&[u8]>) -> Box<Diagnostic> {
        self.error(
            start,
            None,
            None,
            format!(
                "a text of {} bytes{} is longer than the {} a name, documentation or value may \
                 have (limit `string_bytes`)",
                crate::diagnostics::count(len),
                within
                    .map(|w| format!(" in <{}>", text(w)))
                    .unwrap_or_default(),
                crate::diagnostics::count(self.limits.string_bytes)
            ),
        )
    }

    fn error(
        &self,
        pos: usize,
        node: Option<&[u8]>,
        field: Option<&[u8]>,
        msg: String,
    ) -> Box<Diagnostic> {
        Box::new(Diagnostic::error(
            Code::LimitExceeded,
            Place {
                line: Some(self.line(pos)),
                node: node.map(|n| String::from_utf8_lossy(n).into_owned()),
                field: field.map(|f| String::from_utf8_lossy(f).into_owned()),
                ..Place::default()
            },
            msg,
        ))
    }

    /// `<tag id="..">` for messages.
    fn who(tag: &Tag) -> String {
        match tag.id {
            Some(id) => format!("<{} identifier=\"{}\">", text(tag.name), text(id)),
            None => format!("<{}>", text(tag.name)),
        }
    }

    fn run(&self) -> Result<(), Box<Diagnostic>> {
        let b = self.b;
        let l = self.limits;
        let mut open: Vec<(&'t [u8], usize)> = Vec::new();
        let (mut elements, mut relationships) = (0usize, 0usize);
        // Text since the last tag (CDATA included): its start and length.
        let mut run_start = 0usize;
        let mut run_len = 0usize;
        let mut run_blank = true;
        let mut i = 0usize;
        loop {
            let next = b[i..].iter().position(|&c| c == b'<').map(|p| i + p);
            let end = next.unwrap_or(b.len());
            if end > i {
                if run_len == 0 {
                    run_start = i;
                }
                run_len += end - i;
                run_blank = run_blank && b[i..end].iter().all(|&c| is_space(c));
                if run_len > l.string_bytes && !run_blank {
                    return Err(self.text_too_long(run_start, run_len, open.last().map(|t| t.0)));
                }
            }
            let Some(lt) = next else {
                return Ok(());
            };
            let rest = &b[lt..];
            if rest.starts_with(b"<?") {
                let Some(e) = find(b, lt + 2, b"?>") else {
                    return Ok(());
                };
                i = e + 2;
                continue;
            }
            if rest.starts_with(b"<!--") {
                let Some(e) = find(b, lt + 4, b"-->") else {
                    return Ok(());
                };
                i = e + 3;
                continue;
            }
            if rest.starts_with(b"<![CDATA[") {
                let Some(e) = find(b, lt + 9, b"]]>") else {
                    return Ok(());
                };
                // CDATA is part of the text around it.
                if run_len == 0 {
                    run_start = lt;
                }
                run_len += e - (lt + 9);
                run_blank = run_blank && b[lt + 9..e].iter().all(|&c| is_space(c));
                if run_len > l.string_bytes && !run_blank {
                    return Err(self.text_too_long(run_start, run_len, open.last().map(|t| t.0)));
                }
                i = e + 3;
                continue;
            }
            if rest.starts_with(b"<!") {
                // A DTD (refused by the parser) or something malformed.
                return Ok(());
            }
            run_len = 0;
            run_blank = true;
            if rest.starts_with(b"</") {
                let Some(gt) = b[lt..].iter().position(|&c| c == b'>') else {
                    return Ok(());
                };
                open.pop();
                i = lt + gt + 1;
                continue;
            }
            let Some((tag, after)) = self.tag(lt) else {
                return Ok(());
            };
            i = after;
            if tag.attributes > l.attributes {
                return Err(self.error(
                    lt,
                    tag.id,
                    None,
                    format!(
                        "{} has {} attributes, more than the {} an XML element may have (limit \
                         `attributes`)",
                        Self::who(&tag),
                        crate::diagnostics::count(tag.attributes),
                        crate::diagnostics::count(l.attributes)
                    ),
                ));
            }
            if let Some((name, len, at)) = tag.long_value {
                return Err(self.error(
                    at,
                    tag.id,
                    Some(name),
                    format!(
                        "the {} attribute of {} has {} bytes, more than the {} a name, id or \
                         value may have (limit `string_bytes`)",
                        text(name),
                        Self::who(&tag),
                        crate::diagnostics::count(len),
                        crate::diagnostics::count(l.string_bytes)
                    ),
                ));
            }
            let local = tag
                .name
                .iter()
                .rposition(|&c| c == b':')
                .map_or(tag.name, |p| &tag.name[p + 1..]);
            let type_ = tag.type_.unwrap_or(b"");
            let (is_element, is_relationship) = match (self.dialect, local) {
                (Dialect::Exchange, b"element") => (!type_.ends_with(b"Junction"), false),
                (Dialect::Exchange, b"relationship") => (false, true),
                (Dialect::Archi, b"element") => {
                    let rel = type_.ends_with(b"Relationship");
                    let other = type_.ends_with(b"Model") || type_.ends_with(b"Junction");
                    (!rel && !other, rel)
                }
                _ => (false, false),
            };
            if is_element {
                elements += 1;
                if elements > l.nodes {
                    return Err(self.error(
                        lt,
                        tag.id,
                        None,
                        format!(
                            "the file has more than {} elements (the next one is {}); the limit \
                             is `nodes`",
                            crate::diagnostics::count(l.nodes),
                            Self::who(&tag)
                        ),
                    ));
                }
            }
            if is_relationship {
                relationships += 1;
                if relationships > l.edges {
                    return Err(self.error(
                        lt,
                        tag.id,
                        None,
                        format!(
                            "the file has more than {} relationships (the next one is {}); the \
                             limit is `edges`",
                            crate::diagnostics::count(l.edges),
                            Self::who(&tag)
                        ),
                    ));
                }
            }
            if !tag.self_closing {
                open.push((tag.name, lt));
                if open.len() > l.xml_depth {
                    return Err(self.error(
                        lt,
                        tag.id,
                        None,
                        format!(
                            "{} is nested {} elements deep, deeper than the {} allowed (limit \
                             `xml_depth`)",
                            Self::who(&tag),
                            crate::diagnostics::count(open.len()),
                            crate::diagnostics::count(l.xml_depth)
                        ),
                    ));
                }
            }
        }
    }

    /// Reads the start tag at `lt` (`<name attr="v" ...>` or `/>`): its attributes counted and
    /// the offset after it; `None` when it is malformed.
    fn tag(&self, lt: usize) -> Option<(Tag<'t>, usize)> {
        let b = self.b;
        let mut i = lt + 1;
        let start = i;
        while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
            i += 1;
        }
        if i == start {
            return None;
        }
        let mut tag = Tag {
            name: &b[start..i],
            ..Tag::default()
        };
        loop {
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            match b.get(i)? {
                b'>' => return Some((tag, i + 1)),
                b'/' => {
                    if b.get(i + 1) == Some(&b'>') {
                        tag.self_closing = true;
                        return Some((tag, i + 2));
                    }
                    return None;
                }
                _ => {}
            }
            let name_start = i;
            while i < b.len() && !is_space(b[i]) && b[i] != b'=' && b[i] != b'>' && b[i] != b'/' {
                i += 1;
            }
            let name = &b[name_start..i];
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            if name.is_empty() || b.get(i) != Some(&b'=') {
                return None;
            }
            i += 1;
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            let quote = *b.get(i)?;
            if quote != b'"' && quote != b'\'' {
                return None;
            }
            let close = i + 1 + b[i + 1..].iter().position(|&c| c == quote)?;
            let value = &b[i + 1..close];
            tag.attributes += 1;
            match name {
                b"identifier" | b"id" => tag.id = Some(value),
                b"xsi:type" => tag.type_ = Some(value),
                _ => {}
            }
            if value.len() > self.limits.string_bytes && tag.long_value.is_none() {
                tag.long_value = Some((name, value.len(), i));
            }
            i = close + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits {
            attributes: 3,
            xml_depth: 4,
            string_bytes: 40,
            nodes: 2,
            edges: 1,
            ..Limits::CLI
        }
    }

    fn err(text: &str) -> Diagnostic {
        *check(text, Dialect::Exchange, &limits()).unwrap_err()
    }

    #[test]
    fn within_the_limits_passes() {
        let ok = "<?xml version=\"1.0\"?>\n<!-- <x a='1' b='2' c='3' d='4'> -->\n<model a='1'>\
                  <elements><element identifier='e1' xsi:type='Goal'><name><![CDATA[ab]]>cd\
                  </name></element><element identifier='j' xsi:type='AndJunction'/>\
                  </elements></model>";
        assert!(
            check(ok, Dialect::Exchange, &limits()).is_ok(),
            "{:?}",
            check(ok, Dialect::Exchange, &limits())
        );
        // Malformed input is left to the parser.
        assert!(check("<a b=>", Dialect::Exchange, &limits()).is_ok());
        assert!(
            check(
                "<!DOCTYPE x [<!ENTITY a 'b'>]><x/>",
                Dialect::Exchange,
                &limits()
            )
            .is_ok()
        );
    }

    #[test]
    fn each_limit_names_its_place() {
        let d = err("<m>\n<element identifier='w' a='1' b='2' c='3'/></m>");
        assert_eq!(
            (d.code, d.place.line, d.place.node.as_deref()),
            (Code::LimitExceeded, Some(2), Some("w"))
        );
        assert!(
            d.message.contains("has 4 attributes, more than the 3"),
            "{}",
            d.message
        );
        let d = err("<a><b><c><d>\n<e></e></d></c></b></a>");
        assert_eq!(d.place.line, Some(2));
        assert!(
            d.message.contains("<e> is nested 5 elements deep"),
            "{}",
            d.message
        );
        let d = err("<a><name>\n0123456789012345678901234567890123456789x</name></a>");
        assert_eq!(d.place.line, Some(1));
        assert!(d.message.contains("in <name>"), "{}", d.message);
        let d = err("<a>\n<x name='0123456789012345678901234567890123456789x'/></a>");
        assert_eq!(
            (d.place.line, d.place.field.as_deref()),
            (Some(2), Some("name"))
        );
        let d = err(
            "<a><element identifier='1'/><element identifier='2'/>\n<element identifier='3'/></a>",
        );
        assert_eq!(
            (d.place.line, d.place.node.as_deref()),
            (Some(2), Some("3"))
        );
        assert!(d.message.contains("more than 2 elements"), "{}", d.message);
        let d = err("<a><relationship/><relationship/></a>");
        assert!(
            d.message.contains("more than 1 relationships"),
            "{}",
            d.message
        );
        // Blank text is not a value.
        let blank = format!("<a>{}</a>", " ".repeat(1000));
        assert!(check(&blank, Dialect::Exchange, &limits()).is_ok());
    }

    #[test]
    fn archi_relationships_are_told_by_their_type() {
        let t = "<m><element id='a' xsi:type='archimate:Goal'/>\
                 <element id='r' xsi:type='archimate:ServingRelationship'/>\
                 <element id='v' xsi:type='archimate:ArchimateDiagramModel'/>\
                 <element id='b' xsi:type='archimate:Goal'/></m>";
        assert!(
            check(t, Dialect::Archi, &limits()).is_ok(),
            "{:?}",
            check(t, Dialect::Archi, &limits())
        );
        let d = *check(
            &t.replace("Serving", "Flow")
                .replace("<m>", "<m><element xsi:type='archimate:FlowRelationship'/>"),
            Dialect::Archi,
            &limits(),
        )
        .unwrap_err();
        assert!(d.message.contains("relationships"), "{}", d.message);
    }
}
