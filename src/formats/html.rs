//! Embedding a model in the single-file dashboard (`dist/aligngraph.html`), for publishing one
//! file per portfolio.
//!
//! The model goes into `<script type="application/json" id="aligngraph-model">` (data, never
//! executed, so the page's Content-Security-Policy hashes stay valid). The text is kept byte for
//! byte, so diagnostics keep their lines and columns, except that every `<` is written `\u003c`:
//! JSON allows `<` only inside strings, where the escape means the same character, and without
//! `<` the data can never close its element.

use std::fmt;

/// The element that holds the inlined Wasm: its presence marks a single-file dashboard.
const WASM_MARKER: &str = "<script type=\"application/octet-stream\" id=\"aligngraph-wasm\">";
/// The start of the embedded model element.
const MODEL_OPEN: &str = "<script type=\"application/json\" id=\"aligngraph-model\">";
const CLOSE: &str = "</script>";

/// Why a model could not be embedded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmbedError {
    /// The template is not a single-file dashboard (no inlined Wasm element).
    NotADashboard,
    /// The template's model element is not closed.
    Unclosed,
}

impl fmt::Display for EmbedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmbedError::NotADashboard => write!(
                f,
                "not a single-file aligngraph dashboard (no element with id \"aligngraph-wasm\"); build one with `make page`"
            ),
            EmbedError::Unclosed => write!(
                f,
                "the template's element with id \"aligngraph-model\" is not closed"
            ),
        }
    }
}

impl std::error::Error for EmbedError {}

/// The model text made safe to sit inside a script data block.
pub fn script_data(model_text: &str) -> String {
    model_text
        .strip_prefix('\u{feff}')
        .unwrap_or(model_text)
        .replace('<', "\\u003c")
}

/// `template` (a single-file dashboard) with `model_text` embedded, replacing any model it
/// already carries.
///
/// Complexity: O(template + model).
///
/// ```
/// use aligngraph::formats::html::embed_model;
/// let page = "<body><script type=\"application/octet-stream\" id=\"aligngraph-wasm\">AA</script></body>";
/// let out = embed_model(page, r#"{"name": "</script><b>"}"#).unwrap();
/// assert!(out.contains(r#"id="aligngraph-model">{"name": "\u003c/script>\u003cb>"}</script>"#));
/// ```
pub fn embed_model(template: &str, model_text: &str) -> Result<String, EmbedError> {
    let Some(wasm_at) = template.find(WASM_MARKER) else {
        return Err(EmbedError::NotADashboard);
    };
    let data = script_data(model_text);
    let mut out = String::with_capacity(template.len() + data.len() + 128);
    if let Some(start) = template.find(MODEL_OPEN) {
        let body = start + MODEL_OPEN.len();
        let end = template[body..]
            .find(CLOSE)
            .map(|i| body + i)
            .ok_or(EmbedError::Unclosed)?;
        out.push_str(&template[..body]);
        out.push_str(&data);
        out.push_str(&template[end..]);
    } else {
        out.push_str(&template[..wasm_at]);
        out.push_str(MODEL_OPEN);
        out.push_str(&data);
        out.push_str(CLOSE);
        out.push('\n');
        out.push_str(&template[wasm_at..]);
    }
    Ok(out)
}
