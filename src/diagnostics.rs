//! Diagnostics: what loading and checking a model found, with a stable code and a place.
//!
//! Loading never stops at the first problem: it returns the model plus every diagnostic.
//! Errors make a command fail; warnings are reported and scoring goes on under a documented rule
//! (see `docs/scoring.md`).

use serde::Serialize;
use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The model cannot be scored as written.
    Error,
    /// The model is scored under a documented rule.
    Warning,
}

/// Stable diagnostic codes. The page and scripts branch on these, never on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Code {
    /// The text is not JSON (with line and column).
    InvalidJson,
    /// `format` is not "aligngraph" or `version` is not supported.
    UnsupportedFormat,
    /// A required field (`id`, `kind`, `from`, `to`) is missing.
    MissingField,
    /// A field has the wrong JSON type (e.g. a number where a string belongs).
    WrongType,
    /// A numeric field holds something that is not a number.
    NotANumber,
    /// A number is outside its allowed range.
    OutOfRange,
    /// A text field holds a value outside its allowed set (e.g. `status`).
    InvalidValue,
    /// Two nodes share an id.
    DuplicateId,
    /// An edge names a node id that does not exist.
    UnknownNode,
    /// A node kind that is not one of the seven kinds.
    UnknownKind,
    /// An edge kind that is not one of the five kinds.
    UnknownEdgeKind,
    /// A cycle among contributes/supports/part_of edges.
    Cycle,
    /// A cycle among depends_on edges.
    DependencyCycle,
    /// A node with no edges at all.
    IsolatedNode,
    /// A goal that no edge serves.
    UnservedGoal,
    /// An edge whose endpoints are not the kinds its kind expects.
    UnexpectedEndpoint,
    /// An edge from a node to itself.
    SelfLoop,
    /// A node depends on a cancelled initiative, so it cannot be delivered.
    DependsOnCancelled,
    /// The model has no nodes.
    EmptyModel,
    /// No goal has a positive weight, so goals are weighted equally.
    ZeroGoalWeights,
    /// The text is not well-formed XML, or uses what a reader refuses (a DTD), with line and
    /// column when known.
    InvalidXml,
    /// The input exceeds a size limit that bounds memory use (e.g. the number of XML nodes).
    LimitExceeded,
    /// Bytes that start like a zip archive cannot be read as one (damaged, encrypted, or an
    /// unsupported compression), or the archive holds no model entry.
    InvalidArchive,
    /// A CSV file cannot be read as a table: not UTF-8, a row with the wrong number of fields,
    /// a repeated or unnamed column.
    InvalidCsv,
    /// An AHP pairwise comparison matrix that is not square, not positive or not reciprocal.
    InvalidMatrix,
    /// AHP judgements whose consistency ratio is above 0.10 (a warning naming the worst one).
    Inconsistent,
    /// A node lacks a value a decision method needs (e.g. `job_size` for WSJF).
    MissingValue,
    /// A command or call argument outside its allowed range (a negative budget, zero runs).
    InvalidArgument,
    /// The constraints cannot all be met (e.g. mandatory initiatives cost more than the budget).
    Infeasible,
    /// No scenario has this name.
    UnknownScenario,
    /// A date-dependent figure was asked for with no "today": the model has no `as_of` and none
    /// was given; those figures are null.
    NoAsOf,
    /// Cashflows are given but the model has no `discount_rate`; 0.08 is used.
    DefaultDiscountRate,
    /// Cashflows with more than one internal rate of return; the one nearest 0 is given.
    MultipleIrr,
}

impl Code {
    /// The code as it appears in JSON and in messages, e.g. `DUPLICATE_ID`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidJson => "INVALID_JSON",
            Code::UnsupportedFormat => "UNSUPPORTED_FORMAT",
            Code::MissingField => "MISSING_FIELD",
            Code::WrongType => "WRONG_TYPE",
            Code::NotANumber => "NOT_A_NUMBER",
            Code::OutOfRange => "OUT_OF_RANGE",
            Code::InvalidValue => "INVALID_VALUE",
            Code::DuplicateId => "DUPLICATE_ID",
            Code::UnknownNode => "UNKNOWN_NODE",
            Code::UnknownKind => "UNKNOWN_KIND",
            Code::UnknownEdgeKind => "UNKNOWN_EDGE_KIND",
            Code::Cycle => "CYCLE",
            Code::DependencyCycle => "DEPENDENCY_CYCLE",
            Code::IsolatedNode => "ISOLATED_NODE",
            Code::UnservedGoal => "UNSERVED_GOAL",
            Code::UnexpectedEndpoint => "UNEXPECTED_ENDPOINT",
            Code::SelfLoop => "SELF_LOOP",
            Code::DependsOnCancelled => "DEPENDS_ON_CANCELLED",
            Code::EmptyModel => "EMPTY_MODEL",
            Code::ZeroGoalWeights => "ZERO_GOAL_WEIGHTS",
            Code::InvalidXml => "INVALID_XML",
            Code::LimitExceeded => "LIMIT_EXCEEDED",
            Code::InvalidArchive => "INVALID_ARCHIVE",
            Code::InvalidCsv => "INVALID_CSV",
            Code::InvalidMatrix => "INVALID_MATRIX",
            Code::Inconsistent => "INCONSISTENT",
            Code::MissingValue => "MISSING_VALUE",
            Code::InvalidArgument => "INVALID_ARGUMENT",
            Code::Infeasible => "INFEASIBLE",
            Code::UnknownScenario => "UNKNOWN_SCENARIO",
            Code::NoAsOf => "NO_AS_OF",
            Code::DefaultDiscountRate => "DEFAULT_DISCOUNT_RATE",
            Code::MultipleIrr => "MULTIPLE_IRR",
        }
    }
}

/// Where a diagnostic points: any of the file (when an input has several), line/column in the
/// source text, a JSON pointer, a node id, an edge index and a field name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Place {
    /// The file, for inputs read from several files (e.g. `nodes.csv` of a plain CSV pair).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The worksheet, for a model read from a spreadsheet workbook; `line` is then the sheet's
    /// row and `column` the column's number (1 is column A).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// 1-based line in the source text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column (in characters) in the source text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// JSON pointer into the model file, e.g. `/nodes/3/weight`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// The node the diagnostic is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// The 0-based index of the edge in the file's `edges` array.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edge: Option<usize>,
    /// The field the diagnostic is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl Place {
    /// A place naming only a node.
    pub fn node(id: &str) -> Place {
        Place {
            node: Some(id.to_string()),
            ..Place::default()
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(file) = &self.file {
            parts.push(file.clone());
        }
        if let Some(sheet) = &self.sheet {
            // A worksheet: `sheet "nodes", row 7, column cost (F)`.
            parts.push(format!("sheet \"{sheet}\""));
            if let Some(row) = self.line {
                parts.push(format!("row {row}"));
            }
            match (&self.field, self.column) {
                (Some(field), Some(col)) => {
                    parts.push(format!("column {field} ({})", column_letters(col)))
                }
                (Some(field), None) => parts.push(format!("column {field}")),
                (None, Some(col)) => parts.push(format!("column {}", column_letters(col))),
                (None, None) => {}
            }
        } else if let Some(line) = self.line {
            match self.column {
                Some(col) => parts.push(format!("line {line}, column {col}")),
                None => parts.push(format!("line {line}")),
            }
        }
        if let Some(node) = &self.node {
            parts.push(format!("node \"{node}\""));
        }
        if let Some(edge) = self.edge {
            parts.push(format!("edge #{edge}"));
        }
        if let (Some(field), None) = (&self.field, &self.sheet) {
            parts.push(format!("field \"{field}\""));
        }
        if parts.is_empty() {
            if let Some(p) = &self.pointer {
                parts.push(p.clone());
            }
        }
        write!(f, "{}", parts.join(", "))
    }
}

/// A spreadsheet column's letters from its 1-based number: 1 is `A`, 27 is `AA`.
pub fn column_letters(mut n: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// One finding about a model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable code.
    pub code: Code,
    /// Where.
    pub place: Place,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl Diagnostic {
    /// An error at `place`.
    pub fn error(code: Code, place: Place, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            place,
            message: message.into(),
        }
    }

    /// A warning at `place`.
    pub fn warning(code: Code, place: Place, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            code,
            place,
            message: message.into(),
        }
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let place = self.place.to_string();
        if place.is_empty() {
            write!(f, "{sev}[{}]: {}", self.code.as_str(), self.message)
        } else {
            write!(
                f,
                "{sev}[{}] at {place}: {}",
                self.code.as_str(),
                self.message
            )
        }
    }
}

/// True when any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// A number as a message shows it: at most 4 significant digits, in exponent form (`1.5e308`)
/// beyond a million or below 0.0001, so no message holds a number hundreds of digits long.
/// Integers below a million are written whole.
pub fn number(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "infinity" } else { "-infinity" }.into();
    }
    if x == 0.0 {
        return "0".into();
    }
    let a = x.abs();
    if !(1e-4..1e6).contains(&a) {
        let s = format!("{x:.3e}");
        // "1.500e308" -> "1.5e308"
        return match s.split_once('e') {
            Some((m, e)) if m.contains('.') => {
                format!("{}e{e}", m.trim_end_matches('0').trim_end_matches('.'))
            }
            _ => s,
        };
    }
    if x.fract() == 0.0 {
        return format!("{x:.0}");
    }
    let digits = (3 - a.log10().floor() as i32).max(0) as usize;
    let s = format!("{x:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A count (an unsigned integer of any width) with thousands separators, e.g. `99,990`.
pub fn count(n: impl std::fmt::Display) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// At most `show` items (each cut by [`excerpt`] to 60 characters) joined by `sep`, then
/// "and N more" for the rest, so a message about a list of 100,000 ids stays one short line.
pub fn shorten<S: AsRef<str>>(items: &[S], sep: &str, show: usize) -> String {
    let mut out = items
        .iter()
        .take(show)
        .map(|s| excerpt(s.as_ref(), 60))
        .collect::<Vec<_>>()
        .join(sep);
    if items.len() > show {
        out.push_str(&format!(" and {} more", count(items.len() - show)));
    }
    out
}

/// A text value as a message quotes it: control characters escaped, and cut to `max` characters
/// with the length of the rest, so a 100 MB name does not make a 100 MB message.
pub fn excerpt(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    for c in chars.by_ref().take(max) {
        out.extend(c.escape_debug());
    }
    let rest = chars.as_str().len();
    if rest > 0 {
        out.push_str(&format!("... ({} more bytes)", count(rest)));
    }
    out
}
