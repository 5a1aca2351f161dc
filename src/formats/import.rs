//! One entry point for every import format, detected from the content (and, for CSV sets, the
//! file names): the native JSON model, the Open Group exchange XML, Archi's `.archimate` (plain
//! or zipped), Archi's CSV export, the plain nodes.csv/edges.csv pair, and Excel workbooks with
//! `nodes` and `edges` sheets. The CLI and the page both call [`import`].

use crate::diagnostics::{Code, Diagnostic, Place};
use crate::formats::limits::Limits;
use crate::formats::mapping::{Import, ImportSummary, Mapping, SummaryRow};
use crate::formats::{
    archi, archi_csv, archimate, coarchi, exchange, mapping, plain_csv, text, xlsx,
};
use crate::model::{self, Model};
use std::collections::BTreeMap;

/// A detected input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// aligngraph's JSON model.
    Json,
    /// Open Group ArchiMate exchange XML.
    Exchange,
    /// Archi's native model (XML or zip).
    Archi,
    /// Archi's CSV export (elements.csv, relations.csv, properties.csv).
    ArchiCsv,
    /// nodes.csv and edges.csv.
    PlainCsv,
    /// An Excel workbook (`.xlsx`, `.xlsm`) with `nodes` and `edges` sheets.
    Xlsx,
    /// An Excel 97-2003 workbook (`.xls`) or a password-protected one: refused with a message
    /// to save it as `.xlsx`.
    Xls,
    /// A coArchi (Archi collaboration) folder, or a zip of one.
    Coarchi,
}

impl Format {
    /// The name used in summaries and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Exchange => "exchange",
            Format::Archi => "archi",
            Format::ArchiCsv => "archi-csv",
            Format::PlainCsv => "csv",
            Format::Xlsx | Format::Xls => "xlsx",
            Format::Coarchi => "coarchi",
        }
    }

    /// The format as a person reads it in a summary (`Excel workbook`).
    pub fn label(self) -> &'static str {
        match self {
            Format::Json => "aligngraph JSON",
            Format::Exchange => "ArchiMate exchange XML",
            Format::Archi => "Archi .archimate",
            Format::ArchiCsv => "Archi CSV export",
            Format::PlainCsv => "CSV (nodes and edges)",
            Format::Xlsx | Format::Xls => "Excel workbook",
            Format::Coarchi => "coArchi (Archi collaboration) folder",
        }
    }
}

/// A file handed in: its name (for detection and messages) and bytes.
#[derive(Debug, Clone, Copy)]
pub struct InputFile<'a> {
    /// File name (a path is fine; only the last part is used).
    pub name: &'a str,
    /// Content.
    pub bytes: &'a [u8],
}

/// The last part of a path.
fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

fn base(name: &str) -> String {
    name.rsplit(['/', '\\'])
        .next()
        .unwrap_or(name)
        .to_lowercase()
}

fn head(bytes: &[u8]) -> &str {
    let b = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let n = b.len().min(4096);
    // The first 4 KiB, cut at a character boundary.
    match std::str::from_utf8(&b[..n]) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&b[..e.valid_up_to()]).unwrap_or(""),
    }
}

/// The format of one file, from its content.
pub fn detect(file: &InputFile) -> Option<Format> {
    if xlsx::is_workbook(file.bytes) {
        return Some(Format::Xlsx);
    }
    if xlsx::is_compound_file(file.bytes) {
        return Some(Format::Xls);
    }
    if file.bytes.starts_with(b"PK\x03\x04") || file.bytes.starts_with(b"PK\x05\x06") {
        return Some(Format::Archi);
    }
    let h = head(file.bytes);
    let t = h.trim_start();
    if t.starts_with('{') {
        return Some(Format::Json);
    }
    if t.starts_with('<') {
        if h.contains("archimatetool.com/archimate")
            || h.contains("bolton.ac.uk/archimate")
            || h.contains("<archimate:model")
        {
            return Some(Format::Archi);
        }
        return Some(Format::Exchange);
    }
    let first = h
        .lines()
        .next()
        .unwrap_or("")
        .to_lowercase()
        .replace('"', "");
    let cols: Vec<&str> = first.split([',', ';']).map(str::trim).collect();
    let name = base(file.name);
    if cols.starts_with(&["id", "type", "name"])
        || cols.starts_with(&["id", "key", "value"])
        || matches!(
            name.as_str(),
            "elements.csv" | "relations.csv" | "properties.csv"
        )
    {
        return Some(Format::ArchiCsv);
    }
    if cols.contains(&"kind") || matches!(name.as_str(), "nodes.csv" | "edges.csv") {
        return Some(Format::PlainCsv);
    }
    None
}

fn fail(file: &str, code: Code, message: String) -> Import {
    Import {
        model: Model::new(),
        summary: summary_of("unknown", 0, 0, &Model::new()),
        diagnostics: vec![Diagnostic::error(
            code,
            Place {
                file: (!file.is_empty()).then(|| file.to_string()),
                ..Place::default()
            },
            message,
        )],
    }
}

fn summary_of(format: &str, elements: usize, relationships: usize, m: &Model) -> ImportSummary {
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for n in &m.nodes {
        *kinds.entry(n.kind.as_str().to_string()).or_default() += 1;
    }
    let mut edges: BTreeMap<String, usize> = BTreeMap::new();
    for e in &m.edges {
        *edges.entry(e.kind.as_str().to_string()).or_default() += 1;
    }
    let rows = |m: BTreeMap<String, usize>| {
        m.into_iter()
            .map(|(t, count)| SummaryRow {
                note: None,
                became: t.clone(),
                type_: t,
                count,
            })
            .collect()
    };
    ImportSummary {
        format: format.to_string(),
        elements,
        relationships,
        nodes: m.nodes.len(),
        edges: m.edges.len(),
        element_types: rows(kinds),
        relationship_types: rows(edges),
        junctions: 0,
        view_nesting_edges: 0,
        not_scored: BTreeMap::new(),
        attributes: BTreeMap::new(),
    }
}

fn finish(format: Format, model: Model, diagnostics: Vec<Diagnostic>) -> Import {
    let n = model.nodes.len();
    let m = model.edges.len();
    let model = if diagnostics.iter().any(Diagnostic::is_error) {
        Model::new()
    } else {
        model
    };
    let summary = summary_of(format.as_str(), n, m, &model);
    Import {
        model,
        summary,
        diagnostics,
    }
}

fn text_of<'a>(file: &InputFile<'a>, code: Code) -> Result<std::borrow::Cow<'a, str>, Box<Import>> {
    text::decode(file.name, file.bytes, code).map_err(|d| Box::new(failed(*d)))
}

fn failed(d: Diagnostic) -> Import {
    Import {
        model: Model::new(),
        summary: summary_of("unknown", 0, 0, &Model::new()),
        diagnostics: vec![d],
    }
}

/// Imports one file or a set of CSV files, detecting the format, and maps ArchiMate through
/// `map`, within the command line's [`Limits::CLI`]. The returned model is empty when there are
/// errors.
///
/// Complexity: linear in the input, plus the mapping (see [`mapping::to_model`]).
pub fn import(files: &[InputFile], map: &Mapping) -> Import {
    import_limited(files, map, &Limits::CLI)
}

/// The refusal of a file longer than `limits.file_bytes` (checked before anything is read, and
/// by the page before the bytes are copied into the engine), or `None`.
pub fn too_large(name: &str, len: u64, limits: &Limits) -> Option<Import> {
    (len > limits.file_bytes).then(|| failed(text::too_large(name, limits.file_bytes, Some(len))))
}

/// A limit refused in an ArchiMate file names the file.
fn named(mut imp: Import, file: &str) -> Import {
    for d in &mut imp.diagnostics {
        if d.code == Code::LimitExceeded && d.place.file.is_none() {
            d.place.file = Some(file.rsplit(['/', '\\']).next().unwrap_or(file).to_string());
        }
    }
    imp
}

/// [`import`] within the given limits (the page passes [`Limits::PAGE`]). For the ArchiMate
/// formats: the file's bytes (`file_bytes`), a zip entry's inflated size (`inflated_bytes`), the
/// XML's attributes per element, depth, strings and element and relationship counts (checked
/// before the tree is built), and the relationships derived through junctions
/// (`junction_edges`, `edges`, counted before any is made).
pub fn import_limited(files: &[InputFile], map: &Mapping, limits: &Limits) -> Import {
    // Each file within the size limit; UTF-16 text (with a byte order mark) decoded to UTF-8
    // first, so detection and every reader see UTF-8.
    let mut decoded: Vec<Option<Vec<u8>>> = Vec::with_capacity(files.len());
    for f in files {
        if let Some(refused) = too_large(f.name, f.bytes.len() as u64, limits) {
            return refused;
        }
        match text::from_utf16(f.name, f.bytes, Code::UnsupportedFormat) {
            Some(Ok(b)) => decoded.push(Some(b)),
            Some(Err(d)) => return failed(*d),
            None => decoded.push(None),
        }
    }
    let files: Vec<InputFile> = files
        .iter()
        .zip(&decoded)
        .map(|(f, d)| InputFile {
            name: f.name,
            bytes: d.as_deref().unwrap_or(f.bytes),
        })
        .collect();
    let files = files.as_slice();
    let Some(first) = files.first() else {
        return fail("", Code::MissingField, "no file to import".into());
    };
    let find = |names: &[&str]| {
        files
            .iter()
            .find(|f| names.contains(&base(f.name).as_str()))
            .copied()
    };
    // A zip of a coArchi folder (GitHub's "Download ZIP" of a model repository).
    if files.len() == 1
        && let Some(read) = coarchi::read_zip(first.bytes, limits)
    {
        return from_coarchi(read, map, limits, first.name);
    }
    let format = files.iter().find_map(detect);
    match format {
        None => fail(
            first.name,
            Code::UnsupportedFormat,
            format!(
                "{}: not a format aligngraph reads (expected an aligngraph JSON model, ArchiMate exchange XML, an Archi .archimate file, Archi's CSV export, nodes.csv/edges.csv or an Excel workbook with nodes and edges sheets)",
                first.name
            ),
        ),
        Some(Format::Json) => match text_of(first, Code::InvalidJson) {
            Ok(text) => {
                let (m, d) = model::load_json_limited(&text, limits);
                finish(Format::Json, m, d)
            }
            Err(e) => *e,
        },
        Some(f @ (Format::Xlsx | Format::Xls)) => {
            let book = files
                .iter()
                .find(|f| xlsx::is_workbook(f.bytes) || xlsx::is_compound_file(f.bytes))
                .unwrap_or(first);
            let (m, mut d) = xlsx::read_limited(book.bytes, limits);
            // The reader names the sheets' tables nodes.csv and edges.csv: name the workbook.
            for diag in &mut d {
                diag.place.file = Some(base_name(book.name).to_string());
            }
            finish(f, m, d)
        }
        Some(Format::PlainCsv) => {
            // By name, else by header: edges.csv is the one whose header names `from`.
            let by_header = |edges: bool| {
                files
                    .iter()
                    .find(|f| {
                        head(f.bytes)
                            .lines()
                            .next()
                            .is_some_and(|l| l.contains("from") == edges)
                    })
                    .copied()
            };
            let nodes = find(&["nodes.csv"]).or_else(|| by_header(false));
            let edges = find(&["edges.csv"]).or_else(|| by_header(true));
            match nodes {
                None => fail(
                    first.name,
                    Code::MissingField,
                    "the CSV import needs nodes.csv (with columns id, kind, ...)".into(),
                ),
                Some(n) => {
                    let (m, mut d) = plain_csv::read_limited(
                        n.bytes,
                        edges.map_or(b"from,to,kind\n".as_slice(), |e| e.bytes),
                        limits,
                    );
                    // The reader names its two parts nodes.csv and edges.csv: name the files given.
                    for diag in &mut d {
                        let given = match diag.place.file.as_deref() {
                            Some(plain_csv::NODES_FILE) => Some(n.name),
                            Some(plain_csv::EDGES_FILE) => edges.map(|e| e.name),
                            _ => None,
                        };
                        if let Some(name) = given {
                            diag.place.file = Some(base_name(name).to_string());
                        }
                    }
                    finish(Format::PlainCsv, m, d)
                }
            }
        }
        Some(Format::Coarchi) => fail(
            first.name,
            Code::UnsupportedFormat,
            "a coArchi model is read from its folder".into(),
        ),
        Some(f @ (Format::Exchange | Format::Archi | Format::ArchiCsv)) => {
            let (mut ir, mut diags) = match f {
                Format::Exchange => match text_of(first, Code::InvalidXml) {
                    Ok(text) => exchange::read_with(&text, map.language.as_deref(), limits),
                    Err(e) => return *e,
                },
                Format::Archi => archi::read_with(first.bytes, limits),
                _ => {
                    let Some(el) = find(&["elements.csv"]) else {
                        return fail(first.name, Code::MissingField, "Archi's CSV import needs elements.csv (and relations.csv, properties.csv)".into());
                    };
                    let rel = find(&["relations.csv"]);
                    let props = find(&["properties.csv"]);
                    archi_csv::read(
                        el.bytes,
                        rel.map_or(
                            b"\"ID\",\"Type\",\"Name\",\"Documentation\",\"Source\",\"Target\"\n"
                                .as_slice(),
                            |r| r.bytes,
                        ),
                        props.map(|p| p.bytes),
                    )
                }
            };
            if diags.iter().any(Diagnostic::is_error) {
                let mut imp = finish(f, Model::new(), diags);
                imp.summary.elements = ir.elements.len();
                imp.summary.relationships = ir.relationships.len();
                return named(imp, first.name);
            }
            if f != Format::Exchange {
                archimate::use_exchange_ids(&mut ir);
            }
            let mut imp = mapping::to_model_limited(&ir, map, limits);
            diags.append(&mut imp.diagnostics);
            imp.diagnostics = diags;
            named(imp, first.name)
        }
    }
}

/// The files of a folder (`name`: the path inside it), as one import: a CSV set (the CSV files at
/// the top of the folder), else a coArchi model ([`coarchi::find`]), else one error saying what
/// was looked for and what the folder holds. Files that are neither CSV nor XML nor
/// `model.archimate` may be handed in with no bytes: only their names are used.
///
/// Complexity: linear in the bytes of the model's files, plus the mapping.
pub fn import_folder(label: &str, files: &[InputFile], map: &Mapping, limits: &Limits) -> Import {
    if files.len() > coarchi::MAX_FILES {
        return failed(Diagnostic::error(
            Code::LimitExceeded,
            Place {
                file: Some(label.to_string()),
                ..Place::default()
            },
            format!(
                "{label}: the folder holds {} files, more than the {} looked at",
                files.len(),
                coarchi::MAX_FILES
            ),
        ));
    }
    let layout = coarchi::find(files.iter().map(|f| f.name));
    // The CSV files at the shallowest level that has any (a picked folder's paths start with
    // the folder's own name).
    let csv_depth = files
        .iter()
        .filter(|f| base(f.name).ends_with(".csv"))
        .map(|f| f.name.matches(['/', '\\']).count())
        .min();
    if let Some(d) = csv_depth {
        let csv: Vec<InputFile> = files
            .iter()
            .filter(|f| base(f.name).ends_with(".csv") && f.name.matches(['/', '\\']).count() == d)
            .copied()
            .collect();
        let is_set = csv.iter().any(|f| {
            matches!(
                base(f.name).as_str(),
                "elements.csv" | "relations.csv" | "properties.csv" | "nodes.csv" | "edges.csv"
            )
        });
        if is_set || layout.is_none() {
            return import_limited(&csv, map, limits);
        }
    }
    if let Some(layout) = layout {
        let list: Vec<(&str, &[u8])> = files.iter().map(|f| (f.name, f.bytes)).collect();
        let read = coarchi::read(&list, &layout, limits);
        return from_coarchi(read, map, limits, label);
    }
    failed(folder_refusal(label, files))
}

/// The one error for a folder that is neither a CSV set nor a coArchi model: what was looked for
/// and what the folder holds (its file count and the first three names).
pub fn folder_refusal(label: &str, files: &[InputFile]) -> Diagnostic {
    let shown: Vec<&str> = files.iter().take(3).map(|f| base_name(f.name)).collect();
    let holds = if files.is_empty() {
        "it holds no files".to_string()
    } else {
        format!(
            "it holds {} file{}{} {}",
            files.len(),
            if files.len() == 1 { "" } else { "s" },
            if files.len() > shown.len() {
                " such as"
            } else {
                ":"
            },
            shown.join(", ")
        )
    };
    Diagnostic::error(
        Code::UnsupportedFormat,
        Place {
            file: (!label.is_empty()).then(|| label.to_string()),
            ..Place::default()
        },
        format!(
            "not a model folder: no CSV set (nodes.csv/edges.csv or Archi's \
             elements.csv/relations.csv) and no coArchi model (model/folder.xml, or \
             model.archimate); {holds}"
        ),
    )
}

/// Whether the files of a folder hold something [`import_folder`] reads: a CSV file or a
/// coArchi model.
pub fn folder_holds_model(files: &[InputFile]) -> bool {
    files.iter().any(|f| base(f.name).ends_with(".csv"))
        || coarchi::find(files.iter().map(|f| f.name)).is_some()
}

/// A coArchi read mapped like every ArchiMate format; a relationship's error names its file.
fn from_coarchi(mut read: coarchi::Read, map: &Mapping, limits: &Limits, label: &str) -> Import {
    let mut ir = std::mem::take(&mut read.model);
    let mut diags = std::mem::take(&mut read.diagnostics);
    if diags.iter().any(Diagnostic::is_error) {
        let mut imp = finish(Format::Coarchi, Model::new(), diags);
        imp.summary.elements = ir.elements.len();
        imp.summary.relationships = ir.relationships.len();
        return imp;
    }
    archimate::use_exchange_ids(&mut ir);
    let mut imp = mapping::to_model_limited(&ir, map, limits);
    for d in &mut imp.diagnostics {
        if d.place.file.is_some() {
            continue;
        }
        // The mapping names a relationship in its message ("relationship ID (Type) ...").
        let id = d
            .message
            .strip_prefix("relationship ")
            .and_then(|m| m.split_once(" ("))
            .map(|(id, _)| id);
        let file = id.and_then(|id| {
            read.file_of(id)
                .or_else(|| id.strip_prefix("id-").and_then(|raw| read.file_of(raw)))
        });
        d.place.file = Some(file.unwrap_or(label).to_string());
    }
    diags.append(&mut imp.diagnostics);
    imp.diagnostics = diags;
    imp
}
