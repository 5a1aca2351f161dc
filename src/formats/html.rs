//! Publishing the single-file dashboard (`dist/aligngraph.html`): a model, the page's settings
//! and a static fallback picture written into one file.
//!
//! The model goes into `<script type="application/json" id="aligngraph-model">` and the settings
//! into `<script type="application/json" id="aligngraph-config">` (data, never executed, so the
//! page's Content-Security-Policy hashes stay valid). The model text is kept byte for byte, so
//! diagnostics keep their lines and columns, except that every `<` is written `\u003c`: JSON
//! allows `<` only inside strings, where the escape means the same character, and without `<`
//! the data can never close its element. The fallback sits between the comments
//! `<!--aligngraph:fallback-->` and `<!--/aligngraph:fallback-->`.
//!
//! Elements are found by a small scanner of the HTML tokens that matter here (start and end
//! tags with their attributes, comments, and the raw text of `script`, `style`, `title` and
//! `textarea`), so attributes may come in any order, with single, double or no quotes, any
//! whitespace and names in any case. Elements are identified by their `id` attribute.

use serde::Serialize;
use std::fmt;

/// The id of the element that holds the inlined Wasm: its presence marks a single-file
/// dashboard.
pub const WASM_ID: &str = "aligngraph-wasm";
/// The id of the embedded model element.
pub const MODEL_ID: &str = "aligngraph-model";
/// The id of the page settings element.
pub const CONFIG_ID: &str = "aligngraph-config";
/// The comment that opens the fallback.
pub const FALLBACK_OPEN: &str = "<!--aligngraph:fallback-->";
/// The comment that closes the fallback.
pub const FALLBACK_CLOSE: &str = "<!--/aligngraph:fallback-->";
/// The id of the `<noscript>` element that holds the fallback in a page.
pub const PICTURE_ID: &str = "aligngraph-picture";

/// The fallback `fragment` as a page holds it (between the two comments): inside a
/// `<noscript id="aligngraph-picture">`. A browser without scripts shows it as it is; a browser
/// with scripts reads it as text only (no parsing, no layout, so the live dashboard starts
/// sooner), and the page builds it from that text when the engine cannot start.
///
/// ```
/// use aligngraph::formats::html::fallback_block;
/// assert_eq!(fallback_block("<p>x</p>"), r#"<noscript id="aligngraph-picture"><p>x</p></noscript>"#);
/// ```
pub fn fallback_block(fragment: &str) -> String {
    format!("<noscript id=\"{PICTURE_ID}\">{fragment}</noscript>")
}

/// The views the page can open on (`--view`).
pub const VIEWS: [&str; 18] = [
    "overview",
    "graph",
    "matrix",
    "portfolio",
    "capabilities",
    "applications",
    "money",
    "operations",
    "people",
    "threats",
    "whatif",
    "weights",
    "priorities",
    "budget",
    "roadmap",
    "simulation",
    "scenarios",
    "diagnostics",
];

/// Why a dashboard could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmbedError {
    /// The template is not a single-file dashboard (no element with id "aligngraph-wasm").
    NotADashboard,
    /// The template's element with this id is not closed.
    Unclosed(&'static str),
}

impl fmt::Display for EmbedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmbedError::NotADashboard => write!(
                f,
                "not a single-file aligngraph dashboard (no element with id \"{WASM_ID}\"); build one with `make page`"
            ),
            EmbedError::Unclosed(id) => {
                write!(f, "the template's element with id \"{id}\" is not closed")
            }
        }
    }
}

impl std::error::Error for EmbedError {}

/// The page's settings, written as the JSON of the `aligngraph-config` element. Only the keys
/// that are set are written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PageConfig {
    /// The view the page opens on (one of [`VIEWS`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub view: Option<String>,
    /// The node selected when the page opens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
    /// The page offers no editing (written only when true).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub readonly: bool,
    /// The dashboard's title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Origins allowed to embed or message the page (`scheme://host[:port]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origins: Option<Vec<String>>,
}

impl PageConfig {
    /// True when no key is set (no config element is written).
    pub fn is_empty(&self) -> bool {
        *self == PageConfig::default()
    }

    /// The JSON text, made safe to sit inside a script data block.
    pub fn to_script_data(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string());
        script_data(&json)
    }
}

/// Checks a view name (`--view`).
///
/// # Errors
///
/// A message naming the view and listing the known ones.
///
/// ```
/// use aligngraph::formats::html::check_view;
/// assert!(check_view("matrix").is_ok());
/// assert!(check_view("graphs").unwrap_err().contains("overview, graph, matrix"));
/// ```
pub fn check_view(view: &str) -> Result<(), String> {
    if VIEWS.contains(&view) {
        Ok(())
    } else {
        Err(format!(
            "unknown view \"{view}\"; expected one of {}",
            VIEWS.join(", ")
        ))
    }
}

/// Parses a comma-separated list of origins (`--origins`), each `scheme://host[:port]` with no
/// path, query or fragment. Whitespace around each is ignored; scheme and host are lowercased
/// (as browsers write an origin).
///
/// # Errors
///
/// A message naming the first bad origin and what is wrong with it.
///
/// # Complexity
///
/// O(length of the text).
///
/// ```
/// use aligngraph::formats::html::parse_origins;
/// let o = parse_origins("https://intranet.example.com, https://Contoso.sharepoint.com:8443").unwrap();
/// assert_eq!(o, ["https://intranet.example.com", "https://contoso.sharepoint.com:8443"]);
/// assert!(parse_origins("https://example.com/app").unwrap_err().contains("\"https://example.com/app\""));
/// ```
pub fn parse_origins(text: &str) -> Result<Vec<String>, String> {
    text.split(',')
        .map(|item| {
            let item = item.trim();
            check_origin(item).map_err(|why| format!("origin \"{item}\" {why}"))
        })
        .collect()
}

/// One origin, normalised, or why it is not one.
fn check_origin(item: &str) -> Result<String, &'static str> {
    if item.is_empty() {
        return Err("is empty (a stray comma?)");
    }
    let Some((scheme, rest)) = item.split_once("://") else {
        return Err("is not scheme://host[:port]");
    };
    let mut sc = scheme.chars();
    let scheme_ok = sc.next().is_some_and(|c| c.is_ascii_alphabetic())
        && sc.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return Err("has no valid scheme (such as https)");
    }
    if rest.contains(['/', '?', '#']) {
        return Err("has a path, query or fragment; an origin is scheme://host[:port] only");
    }
    if rest.contains('@') {
        return Err("has user information; an origin is scheme://host[:port] only");
    }
    let (host, port) = if let Some(v6) = rest.strip_prefix('[') {
        let Some((inside, after)) = v6.split_once(']') else {
            return Err("has an unclosed [ in its host");
        };
        if inside.is_empty()
            || !inside
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return Err("has an invalid IPv6 host");
        }
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':').ok_or("has text after its host")?),
        };
        (&rest[..inside.len() + 2], port)
    } else {
        match rest.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (rest, None),
        }
    };
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if host.is_empty() {
        return Err("has no host");
    }
    if !host.starts_with('[') && !host.split('.').all(label_ok) {
        return Err("has an invalid host");
    }
    if let Some(p) = port {
        let ok = !p.is_empty()
            && p.len() <= 5
            && p.chars().all(|c| c.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| n <= 65535);
        if !ok {
            return Err("has an invalid port (1 to 5 digits, at most 65535)");
        }
    }
    let mut out = format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        host.to_ascii_lowercase()
    );
    if let Some(p) = port {
        out.push(':');
        out.push_str(p);
    }
    Ok(out)
}

/// The model text made safe to sit inside a script data block.
pub fn script_data(model_text: &str) -> String {
    model_text
        .strip_prefix('\u{feff}')
        .unwrap_or(model_text)
        .replace('<', "\\u003c")
}

/// Text made safe as HTML text or a quoted attribute value: `&`, `<`, `>`, `"` and `'` are
/// written as character references.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// [`escape`], appending to `out`.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// What to write into a single-file dashboard.
#[derive(Debug, Clone, Copy, Default)]
pub struct Publication<'a> {
    /// The model text (replaces the embedded model).
    pub model_text: Option<&'a str>,
    /// The page settings (replace the config element; none is written when empty).
    pub config: Option<&'a PageConfig>,
    /// The text of the document's `<title>` element.
    pub title: Option<&'a str>,
    /// The fallback fragment (without the comments), which replaces what is between them.
    pub fallback: Option<&'a str>,
}

/// `template` (a single-file dashboard) with `model_text` embedded, replacing any model it
/// already carries. The same as [`publish`] with the model only.
///
/// # Errors
///
/// [`EmbedError::NotADashboard`] without an element with id "aligngraph-wasm";
/// [`EmbedError::Unclosed`] when the model element has no end tag.
///
/// # Complexity
///
/// O(template + model).
///
/// ```
/// use aligngraph::formats::html::embed_model;
/// let page = "<body><script type=\"application/octet-stream\" id=\"aligngraph-wasm\">AA</script></body>";
/// let out = embed_model(page, r#"{"name": "</script><b>"}"#).unwrap();
/// assert!(out.contains(r#"id="aligngraph-model">{"name": "\u003c/script>\u003cb>"}</script>"#));
/// ```
pub fn embed_model(template: &str, model_text: &str) -> Result<String, EmbedError> {
    publish(
        template,
        &Publication {
            model_text: Some(model_text),
            ..Publication::default()
        },
    )
}

/// `template` (a single-file dashboard) with the parts of `publication` written in:
///
/// - the model replaces the content of the element with id "aligngraph-model", or goes in a new
///   `<script type="application/json" id="aligngraph-model">` just before the Wasm element;
/// - a non-empty config replaces the element with id "aligngraph-config", or goes in a new one
///   just before the Wasm element (after the model);
/// - the title replaces the text of the document's `<title>` (the first one before the
///   `<body>` start tag), or a `<title>` is added after the `<head>` start tag;
/// - the fallback, in its `<noscript>` ([`fallback_block`]), replaces what is between
///   `<!--aligngraph:fallback-->` and `<!--/aligngraph:fallback-->`, or goes with the two
///   comments right after the `<body>` start tag (before the first data element when there is
///   no `<body>` tag).
///
/// Everything else is kept byte for byte, so publishing a published file again replaces each
/// part rather than adding a second one. Elements inside the old fallback are ignored.
///
/// # Errors
///
/// [`EmbedError::NotADashboard`] without an element with id "aligngraph-wasm";
/// [`EmbedError::Unclosed`] when an element to replace has no end tag.
///
/// # Complexity
///
/// O(template + parts): one scan of the template.
///
/// ```
/// use aligngraph::formats::html::{PageConfig, Publication, publish};
/// let page = "<html><head><title>aligngraph</title></head><body>\n\
///     <script id='aligngraph-wasm' data-encoding=gzip TYPE=application/octet-stream>AA</script></body></html>";
/// let config = PageConfig { view: Some("matrix".into()), readonly: true, ..PageConfig::default() };
/// let out = publish(page, &Publication {
///     model_text: Some("{}"),
///     config: Some(&config),
///     title: Some("Board <2026>"),
///     fallback: Some("<p>picture</p>"),
/// }).unwrap();
/// assert!(out.contains("<title>Board &lt;2026&gt;</title>"));
/// assert!(out.contains(r#"<script type="application/json" id="aligngraph-config">{"view":"matrix","readonly":true}</script>"#));
/// assert!(out.contains(
///     "<body><!--aligngraph:fallback--><noscript id=\"aligngraph-picture\"><p>picture</p></noscript><!--/aligngraph:fallback-->"
/// ));
/// ```
pub fn publish(template: &str, publication: &Publication<'_>) -> Result<String, EmbedError> {
    let tokens = scan(template);
    let region = fallback_region(&tokens);
    let outside = |at: usize| region.is_none_or(|(open, close)| at < open.0 || at >= close.1);
    let elements: Vec<&Element> = tokens
        .iter()
        .filter_map(|t| match t {
            Token::Element(e) if outside(e.start) => Some(e),
            _ => None,
        })
        .collect();
    let by_id = |id: &str| elements.iter().copied().find(|e| e.attr("id") == Some(id));
    let wasm = by_id(WASM_ID).ok_or(EmbedError::NotADashboard)?;

    // (start, end, text): replace template[start..end] by text; inserts have start == end.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut before_wasm = String::new();
    if let Some(text) = publication.model_text {
        let data = script_data(text);
        match by_id(MODEL_ID) {
            Some(e) => {
                let (from, to) = e.content.ok_or(EmbedError::Unclosed(MODEL_ID))?;
                edits.push((from, to, data));
            }
            None => {
                before_wasm.push_str("<script type=\"application/json\" id=\"");
                before_wasm.push_str(MODEL_ID);
                before_wasm.push_str("\">");
                before_wasm.push_str(&data);
                before_wasm.push_str("</script>\n");
            }
        }
    }
    if let Some(config) = publication.config.filter(|c| !c.is_empty()) {
        let element = format!(
            "<script type=\"application/json\" id=\"{CONFIG_ID}\">{}</script>",
            config.to_script_data()
        );
        match by_id(CONFIG_ID) {
            Some(e) => {
                let end = e.end.ok_or(EmbedError::Unclosed(CONFIG_ID))?;
                edits.push((e.start, end, element));
            }
            None => {
                before_wasm.push_str(&element);
                before_wasm.push('\n');
            }
        }
    }
    if !before_wasm.is_empty() {
        edits.push((wasm.start, wasm.start, before_wasm));
    }
    if let Some(title) = publication.title {
        let text = escape(title);
        let body = elements.iter().find(|e| e.name == "body").map(|e| e.start);
        let head_title = elements
            .iter()
            .find(|e| e.name == "title" && body.is_none_or(|b| e.start < b));
        match head_title {
            Some(e) => {
                let (from, to) = e.content.ok_or(EmbedError::Unclosed("title"))?;
                edits.push((from, to, text));
            }
            None => {
                if let Some(head) = elements.iter().find(|e| e.name == "head") {
                    edits.push((
                        head.open_end,
                        head.open_end,
                        format!("<title>{text}</title>"),
                    ));
                }
            }
        }
    }
    if let Some(fragment) = publication.fallback {
        match region {
            Some((open, close)) => edits.push((open.1, close.0, fallback_block(fragment))),
            None => {
                let at = elements
                    .iter()
                    .find(|e| e.name == "body")
                    .map(|b| b.open_end)
                    .or_else(|| {
                        elements
                            .iter()
                            .filter(|e| {
                                matches!(e.attr("id"), Some(MODEL_ID | CONFIG_ID | WASM_ID))
                            })
                            .map(|e| e.start)
                            .min()
                    })
                    .unwrap_or(wasm.start);
                edits.push((
                    at,
                    at,
                    format!(
                        "{FALLBACK_OPEN}{}{FALLBACK_CLOSE}",
                        fallback_block(fragment)
                    ),
                ));
            }
        }
    }
    edits.sort_by_key(|e| e.0);
    let extra: usize = edits.iter().map(|e| e.2.len()).sum();
    let mut out = String::with_capacity(template.len() + extra);
    let mut at = 0;
    for (start, end, text) in edits {
        // Edits never overlap: each is a distinct element, or an insert at a tag boundary.
        let start = start.max(at);
        out.push_str(&template[at..start]);
        out.push_str(&text);
        at = end.max(start);
    }
    out.push_str(&template[at..]);
    Ok(out)
}

/// The byte ranges of the fallback's opening and closing comments, when both are there in
/// that order.
fn fallback_region(tokens: &[Token]) -> Option<((usize, usize), (usize, usize))> {
    let mut open = None;
    for t in tokens {
        if let Token::Comment {
            start, end, text, ..
        } = *t
        {
            match open {
                None if text == FALLBACK_OPEN => open = Some((start, end)),
                Some(o) if text == FALLBACK_CLOSE => return Some((o, (start, end))),
                _ => {}
            }
        }
    }
    None
}

/// A start tag and, for the raw text elements, where its content and end tag are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// Tag name, lowercased.
    pub name: String,
    /// Attributes in order of appearance: names lowercased, values with character references
    /// decoded.
    pub attrs: Vec<(String, String)>,
    /// Byte offset of the `<` of the start tag.
    pub start: usize,
    /// Byte offset just after the `>` of the start tag.
    pub open_end: usize,
    /// For `script`, `style`, `title` and `textarea`: the byte range of the content (None when
    /// the end tag is missing).
    pub content: Option<(usize, usize)>,
    /// For those elements: the byte offset just after the end tag.
    pub end: Option<usize>,
}

impl Element {
    /// The value of the attribute `name` (lowercase); the first one when it is repeated.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One token of [`scan`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// A start tag (with its content for the raw text elements).
    Element(Element),
    /// A comment `<!--...-->`: its byte range, the whole text and the length of its body.
    Comment {
        /// Byte offset of `<!--`.
        start: usize,
        /// Byte offset just after `-->`.
        end: usize,
        /// The comment as written, `<!--` and `-->` included.
        text: &'a str,
        /// Length of the text between `<!--` and `-->`.
        body: usize,
    },
}

/// The start tags and comments of an HTML text, in document order. The content of `script`,
/// `style`, `title` and `textarea` is not scanned for tags (it is text, as in a browser); end
/// tags, doctypes and processing instructions are skipped. Never fails: text that is not a tag
/// is passed over.
///
/// # Complexity
///
/// O(length of the text).
///
/// ```
/// use aligngraph::formats::html::{Token, scan};
/// let t = scan("<SCRIPT data-x = 'a b' ID=w>if (a<b) x('<p>')</script><!--c-->");
/// let Token::Element(e) = &t[0] else { panic!() };
/// assert_eq!((e.name.as_str(), e.attr("id"), e.attr("data-x")), ("script", Some("w"), Some("a b")));
/// assert_eq!(t.len(), 2);
/// ```
pub fn scan(html: &str) -> Vec<Token<'_>> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr(b'<', &b[i..]) {
        let lt = i + off;
        let rest = &b[lt + 1..];
        if rest.starts_with(b"!--") {
            let body_start = lt + 4;
            // "<!-->" and "<!--->" are (empty) comments in HTML.
            let end = if b[body_start..].starts_with(b">") {
                body_start + 1
            } else if b[body_start..].starts_with(b"->") {
                body_start + 2
            } else {
                find(b, b"-->", body_start).map_or(b.len(), |e| e + 3)
            };
            let body = end.saturating_sub(3).max(body_start) - body_start;
            out.push(Token::Comment {
                start: lt,
                end,
                text: &html[lt..end],
                body,
            });
            i = end;
        } else if rest.first().is_some_and(|c| matches!(c, b'!' | b'?'))
            || (rest.first() == Some(&b'/') && rest.get(1).is_some_and(u8::is_ascii_alphabetic))
        {
            i = memchr(b'>', rest).map_or(b.len(), |e| lt + 1 + e + 1);
        } else if rest.first().is_some_and(u8::is_ascii_alphabetic) {
            let mut e = start_tag(html, lt);
            i = e.open_end;
            if matches!(e.name.as_str(), "script" | "style" | "title" | "textarea") {
                match end_tag(b, &e.name, i) {
                    Some((from, to)) => {
                        e.content = Some((i, from));
                        e.end = Some(to);
                        i = to;
                    }
                    None => i = b.len(),
                }
            }
            out.push(Token::Element(e));
        } else {
            i = lt + 1;
        }
    }
    out
}

/// The start tag whose `<` is at `lt`.
fn start_tag(html: &str, lt: usize) -> Element {
    let b = html.as_bytes();
    let n = b.len();
    let mut i = lt + 1;
    let name_start = i;
    while i < n && !b[i].is_ascii_whitespace() && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let name = html[name_start..i].to_ascii_lowercase();
    let mut attrs: Vec<(String, String)> = Vec::new();
    loop {
        while i < n && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= n {
            break;
        }
        if b[i] == b'>' {
            i += 1;
            break;
        }
        let a_start = i;
        i += 1; // a name may start with '='
        while i < n && !b[i].is_ascii_whitespace() && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let a_name = html[a_start..i].to_ascii_lowercase();
        let mut j = i;
        while j < n && b[j].is_ascii_whitespace() {
            j += 1;
        }
        let mut value = String::new();
        if j < n && b[j] == b'=' {
            j += 1;
            while j < n && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < n && (b[j] == b'"' || b[j] == b'\'') {
                let q = b[j];
                let v_start = j + 1;
                let v_end = memchr(q, &b[v_start..]).map_or(n, |e| v_start + e);
                value = decode(&html[v_start..v_end]);
                j = (v_end + 1).min(n);
            } else {
                let v_start = j;
                while j < n && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                    j += 1;
                }
                value = decode(&html[v_start..j]);
            }
            i = j;
        }
        if !attrs.iter().any(|(a, _)| *a == a_name) {
            attrs.push((a_name, value));
        }
    }
    Element {
        name,
        attrs,
        start: lt,
        open_end: i.min(n),
        content: None,
        end: None,
    }
}

/// The byte range of the end tag `</name` (any case, then whitespace, `/` or `>`) at or after
/// `from`.
fn end_tag(b: &[u8], name: &str, from: usize) -> Option<(usize, usize)> {
    let mut i = from;
    while let Some(off) = find(b, b"</", i) {
        let at = off;
        let name_end = at + 2 + name.len();
        if b.len() >= name_end
            && b[at + 2..name_end].eq_ignore_ascii_case(name.as_bytes())
            && b.get(name_end)
                .is_none_or(|c| c.is_ascii_whitespace() || matches!(c, b'/' | b'>'))
        {
            let close = memchr(b'>', &b[name_end..]).map_or(b.len(), |e| name_end + e + 1);
            return Some((at, close));
        }
        i = at + 2;
    }
    None
}

fn memchr(c: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&x| x == c)
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let first = needle[0];
    let mut i = from;
    while let Some(off) = hay.get(i..).and_then(|h| memchr(first, h)) {
        let at = i + off;
        if hay[at..].starts_with(needle) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// An attribute value with the common character references decoded (`&amp;`, `&lt;`, `&gt;`,
/// `&quot;`, `&apos;`, and numeric ones); anything else is kept as written.
fn decode(v: &str) -> String {
    if !v.contains('&') {
        return v.to_string();
    }
    let mut out = String::with_capacity(v.len());
    let mut rest = v;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let semi = rest.find(';').filter(|&s| s <= 12);
        let decoded = semi.and_then(|s| {
            let name = &rest[1..s];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let n = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse::<u32>().ok()?,
                    };
                    char::from_u32(n)
                }
            }?;
            Some((c, s + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element<'a>(t: &'a [Token<'_>], id: &str) -> &'a Element {
        t.iter()
            .find_map(|t| match t {
                Token::Element(e) if e.attr("id") == Some(id) => Some(e),
                _ => None,
            })
            .unwrap()
    }

    #[test]
    fn attributes_in_any_order_quoting_and_case() {
        for tag in [
            r#"<script type="application/octet-stream" id="aligngraph-wasm" data-encoding="gzip">"#,
            r#"<script data-encoding="gzip" id="aligngraph-wasm" type="application/octet-stream">"#,
            "<SCRIPT\n  ID='aligngraph-wasm'\ttype=application/octet-stream data-encoding=gzip >",
            "<script id = aligngraph-wasm>",
            "<script id=\"aligngraph&#45;wasm\">",
        ] {
            let html = format!("<body>{tag}AAAA</script></body>");
            let t = scan(&html);
            let e = element(&t, WASM_ID);
            assert_eq!(e.name, "script", "{tag}");
            let (a, b) = e.content.unwrap();
            assert_eq!(&html[a..b], "AAAA", "{tag}");
        }
    }

    #[test]
    fn script_content_is_not_scanned_for_tags() {
        let html =
            "<script type=module>let s = '<script id=\"aligngraph-wasm\">';</script><p id=x>";
        let t = scan(html);
        assert_eq!(t.len(), 2);
        assert!(
            t.iter()
                .all(|t| !matches!(t, Token::Element(e) if e.attr("id") == Some(WASM_ID)))
        );
    }

    #[test]
    fn unterminated_input_does_not_panic() {
        for html in [
            "<",
            "<a",
            "<a b",
            "<a b=",
            "<a b='",
            "<!--",
            "<!",
            "</",
            "<script>x",
            "<a b=\"c",
            "&",
            "<p a=&#xZZ; b=&#99999999;>",
            "<é>",
            "<a é=é>",
        ] {
            let _ = scan(html);
            let _ = publish(html, &Publication::default());
        }
    }

    #[test]
    fn origins_are_checked_one_by_one() {
        assert_eq!(
            parse_origins("https://intranet.example.com,https://contoso.sharepoint.com").unwrap(),
            [
                "https://intranet.example.com",
                "https://contoso.sharepoint.com"
            ]
        );
        assert_eq!(
            parse_origins("http://[::1]:8080").unwrap(),
            ["http://[::1]:8080"]
        );
        for (bad, why) in [
            ("https://a.com/", "path"),
            ("a.com", "scheme://host"),
            ("https://a.com,", "empty"),
            ("https://a.com:99999", "port"),
            ("https://", "no host"),
            ("1http://a.com", "scheme"),
            ("https://a b.com", "invalid host"),
            ("https://u@a.com", "user"),
        ] {
            let err = parse_origins(bad).unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }
}
