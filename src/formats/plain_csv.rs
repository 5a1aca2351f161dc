//! The plain CSV format: a model as two spreadsheet files, `nodes.csv` (one row per node) and
//! `edges.csv` (one row per edge), described in `docs/csv.md`.
//!
//! The columns are the fields of the native model (`docs/model-format.md`), with the three parts
//! of `estimate` as `estimate_optimistic`, `estimate_likely` and `estimate_pessimistic`. An
//! empty cell is an absent field. Columns aligngraph does not know are kept as text fields of
//! the node or edge and written back.
//!
//! Reading turns every row into the node or edge object of the native format and runs the
//! objects through the JSON loader, so the rules and diagnostics are those of
//! [`crate::load_json`]; each diagnostic's place is then moved back to the CSV file, its line
//! and column name. In the intermediate text every node starts on the line of its row, so a
//! line named in a message (e.g. where a duplicate id was first used) is the CSV line.

use crate::diagnostics::{Code, Diagnostic, Place};
use crate::formats::csv_cell;
use crate::formats::limits::Limits;
use crate::formats::lines::{LineIndex, quote_problems};
use crate::lens::NUMBER_FIELDS;
use crate::model::{Model, Num, load_json_limited};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// The name diagnostics give the nodes file.
pub const NODES_FILE: &str = "nodes.csv";
/// The name diagnostics give the edges file.
pub const EDGES_FILE: &str = "edges.csv";

/// The node columns aligngraph knows, in the order [`write`] writes them.
pub const NODE_COLUMNS: [&str; 27] = [
    "id",
    "kind",
    "name",
    "description",
    "weight",
    "perspective",
    "maturity",
    "target_maturity",
    "importance",
    "category",
    "lifecycle",
    "functional_fit",
    "technical_fit",
    "cost",
    "benefit",
    "risk",
    "duration",
    "estimate_optimistic",
    "estimate_likely",
    "estimate_pessimistic",
    "start",
    "status",
    "mandatory",
    "business_value",
    "time_criticality",
    "risk_reduction",
    "job_size",
];

/// The edge columns aligngraph knows, in the order [`write`] writes them.
pub const EDGE_COLUMNS: [&str; 4] = ["from", "to", "kind", "weight"];

const ESTIMATE: [&str; 3] = ["optimistic", "likely", "pessimistic"];

/// What a column holds.
#[derive(Debug, Clone, PartialEq)]
enum Col {
    /// A known text field, passed on as a string.
    Text(&'static str),
    /// A known numeric field (`weight` of an edge included).
    Number(&'static str),
    /// Part `k` of `estimate`.
    Estimate(usize),
    /// `mandatory`: true or false.
    Bool,
    /// A column aligngraph does not know: kept as a text field under its header.
    Extra(String),
    /// A column without a header (values in it are reported), or a repeat of an earlier column.
    Skip,
}

fn node_column(name: &str) -> Option<Col> {
    let name = NODE_COLUMNS.into_iter().find(|&c| c == name)?;
    Some(match name {
        "mandatory" => Col::Bool,
        _ if Num::parse(name).is_some() => Col::Number(name),
        _ => match name.strip_prefix("estimate_") {
            Some(part) => Col::Estimate(ESTIMATE.iter().position(|&p| p == part)?),
            None => Col::Text(name),
        },
    })
}

fn edge_column(name: &str) -> Option<Col> {
    match name {
        "weight" => Some(Col::Number("weight")),
        _ => EDGE_COLUMNS.into_iter().find(|&c| c == name).map(Col::Text),
    }
}

/// Where a row of the intermediate JSON came from.
#[derive(Clone, Copy)]
struct Origin {
    line: usize,
    /// 0-based index of the row among the data rows of its file.
    row: usize,
}

/// Where the rows of one table come from: a CSV file ([`CsvSource`]) or a worksheet of an Excel
/// workbook (`formats::xlsx`). The table reader asks for the header row, then for one data row
/// at a time; every rule about columns, cells and values is the reader's, so both sources read
/// alike and report alike.
pub(crate) trait RowSource {
    /// How messages name the table (`nodes.csv`, `sheet "Nodes"`).
    fn label(&self) -> String;
    /// The worksheet's name, for a table read from a workbook (places then name the sheet, the
    /// row as `line` and the column's number as `column`).
    fn sheet(&self) -> Option<&str> {
        None
    }
    /// Whether numbers may use a decimal comma (`;`-separated CSV).
    fn decimal_comma(&self) -> bool {
        false
    }
    /// The header row and its line (or row), `Ok(None)` for an empty table; `Err(())` when the
    /// table cannot be read at all (the reason pushed to `diags`).
    fn header(
        &mut self,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<Option<(csv::StringRecord, usize)>, ()>;
    /// Checks once the header's width is known (a CSV file's quoting); false when nothing of the
    /// table can be read (the reason pushed).
    fn check(&mut self, _width: usize, _diags: &mut Vec<Diagnostic>) -> bool {
        true
    }
    /// The next data row and the line (or row) where it starts; `None` at the end or when the
    /// rest cannot be read (the reason pushed). `header` names the columns, for places.
    fn next_row(
        &mut self,
        header: &[String],
        diags: &mut Vec<Diagnostic>,
    ) -> Option<(usize, csv::StringRecord)>;
}

/// A CSV file as a [`RowSource`]: UTF-8 (a byte order mark dropped), `,` or `;` between cells,
/// every cell passed through [`csv_cell::restore`].
pub(crate) struct CsvSource<'a> {
    bytes: &'a [u8],
    file: &'static str,
    text: &'a str,
    semicolon: bool,
    records: Option<csv::StringRecordsIntoIter<&'a [u8]>>,
    lines: LineIndex<'a>,
}

impl<'a> CsvSource<'a> {
    pub(crate) fn new(bytes: &'a [u8], file: &'static str) -> CsvSource<'a> {
        CsvSource {
            bytes,
            file,
            text: "",
            semicolon: false,
            records: None,
            lines: LineIndex::new(b""),
        }
    }

    fn at_line(&self, line: usize) -> Place {
        Place {
            file: Some(self.file.to_string()),
            line: Some(line),
            ..Place::default()
        }
    }

    fn csv_error(&self, e: csv::Error, diags: &mut Vec<Diagnostic>) {
        let line = e.position().map_or(1, |p| {
            LineIndex::new(self.text.as_bytes()).line_at(p.byte())
        });
        diags.push(Diagnostic::error(
            Code::InvalidCsv,
            self.at_line(line),
            format!("{} cannot be read: {e}", self.file),
        ));
    }
}

impl RowSource for CsvSource<'_> {
    fn label(&self) -> String {
        self.file.to_string()
    }

    fn decimal_comma(&self) -> bool {
        self.semicolon
    }

    fn header(
        &mut self,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<Option<(csv::StringRecord, usize)>, ()> {
        let bytes = self.bytes;
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let at = e.valid_up_to();
                let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                diags.push(Diagnostic::error(
                    Code::InvalidCsv,
                    self.at_line(line),
                    format!(
                        "{} is not UTF-8 text (invalid byte at offset {at}); save it as \"CSV UTF-8\"",
                        self.file
                    ),
                ));
                return Err(());
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Ok(None);
        }
        self.text = text;
        self.semicolon = semicolon_header(text.lines().next().unwrap_or(""));
        self.lines = LineIndex::new(text.as_bytes());
        let mut records = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(if self.semicolon { b';' } else { b',' })
            .from_reader(text.as_bytes())
            .into_records();
        let header = match records.next() {
            Some(Ok(h)) => csv_cell::restore_record(h),
            Some(Err(e)) => {
                self.csv_error(e, diags);
                return Err(());
            }
            None => return Ok(None),
        };
        self.records = Some(records);
        let line = header
            .position()
            .map_or(1, |p| self.lines.line_at(p.byte()));
        Ok(Some((header, line)))
    }

    fn check(&mut self, width: usize, diags: &mut Vec<Diagnostic>) -> bool {
        let (unclosed, swallowed) = quote_problems(
            self.text.as_bytes(),
            if self.semicolon { b';' } else { b',' },
            width,
        );
        if let Some(u) = unclosed {
            diags.push(Diagnostic::error(
                Code::InvalidCsv,
                self.at_line(u.line),
                u.message(),
            ));
            return false;
        }
        for s in swallowed {
            diags.push(Diagnostic::warning(
                Code::InvalidCsv,
                self.at_line(s.open),
                s.message(),
            ));
        }
        true
    }

    fn next_row(
        &mut self,
        _header: &[String],
        diags: &mut Vec<Diagnostic>,
    ) -> Option<(usize, csv::StringRecord)> {
        match self.records.as_mut()?.next()? {
            Ok(r) => {
                let rec = csv_cell::restore_record(r);
                let line = rec.position().map_or(0, |p| self.lines.line_at(p.byte()));
                Some((line, rec))
            }
            Err(e) => {
                self.records = None;
                self.csv_error(e, diags);
                None
            }
        }
    }
}

/// Reads `nodes.csv` and `edges.csv` into a model, with the rules and diagnostics of the JSON
/// loader; each diagnostic's place names the file (`nodes.csv` or `edges.csv`), the line where
/// the row starts, the node id when known, the edge's row index (0-based, among the data rows)
/// and the column name as `field`.
///
/// Accepted: a UTF-8 byte order mark; `;` as the delimiter when the header row has a `;` and
/// no `,` (then `0,5` is read as 0.5 in numeric columns); rows with every cell empty (skipped);
/// an empty file (no rows). Errors of the CSV itself have the code `INVALID_CSV`: text that is
/// not UTF-8, a row with more or fewer cells than the header, a column named twice, a value in
/// a column without a name. A missing `id`, `kind` (nodes) or `from`, `to`, `kind` (edges)
/// column is `MISSING_FIELD`. The model holds what could be read, as with
/// [`crate::load_json`]; check for errors before trusting it.
///
/// Complexity: O(size of the files).
pub fn read(nodes: &[u8], edges: &[u8]) -> (Model, Vec<Diagnostic>) {
    read_limited(nodes, edges, &Limits::CLI)
}

/// [`read`] within `limits` (cell text, node and edge counts: those of
/// [`crate::load_json_limited`]).
pub fn read_limited(nodes: &[u8], edges: &[u8], limits: &Limits) -> (Model, Vec<Diagnostic>) {
    let body = nodes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(nodes);
    if body.iter().all(u8::is_ascii_whitespace) {
        let place = Place {
            file: Some(NODES_FILE.to_string()),
            line: Some(1),
            ..Place::default()
        };
        let message = format!(
            "{NODES_FILE} is empty: its first line must name the columns (at least id and kind)"
        );
        return (
            Model::new(),
            vec![Diagnostic::error(Code::MissingField, place, message)],
        );
    }
    read_sources(
        &mut CsvSource::new(nodes, NODES_FILE),
        &mut CsvSource::new(edges, EDGES_FILE),
        limits,
        nodes.len() + edges.len() + nodes.len() / 2 + 64,
    )
}

/// The nodes and edges tables of any [`RowSource`] into a model, with the rules and
/// diagnostics of [`read`]. Places name `nodes.csv` or `edges.csv` as the file (the caller
/// names the real file), plus the sheet and the column's number for a worksheet. `capacity`
/// sizes the intermediate JSON text (about the size of the tables' text).
pub(crate) fn read_sources(
    nodes: &mut dyn RowSource,
    edges: &mut dyn RowSource,
    limits: &Limits,
    capacity: usize,
) -> (Model, Vec<Diagnostic>) {
    let mut own = Vec::new();
    let mut json = String::with_capacity(capacity);
    json.push_str("{\"nodes\":[");
    let mut node_rows: Vec<Origin> = Vec::new();
    // Rows that cannot be read but name an id: they go to the loader as a node with no kind, so
    // edges to them are not reported again as edges to unknown nodes; the loader's own
    // diagnostics about them are dropped.
    let mut placeholders: HashSet<usize> = HashSet::new();
    let mut line = 1;
    let (nodes_ok, node_columns) = read_table(
        nodes,
        NODES_FILE,
        node_column,
        &["id", "kind"],
        &mut own,
        |row, cells, fits, own| {
            let obj = if fits {
                node_object(row, cells, own)
            } else {
                let mut m = Map::new();
                match cells.id.filter(|id| !id.is_empty()) {
                    Some(id) => m.insert("id".into(), id.into()),
                    None => return,
                };
                m.insert("kind".into(), Value::Null);
                placeholders.insert(node_rows.len());
                m
            };
            if !node_rows.is_empty() {
                json.push(',');
            }
            // Each node starts on the line of its row (the header is line 1 of both texts).
            while line < row.origin.line {
                json.push('\n');
                line += 1;
            }
            let _ = write!(json, "{}", Value::Object(obj));
            node_rows.push(row.origin);
        },
    );
    json.push_str("],\"edges\":[");
    let mut edge_rows: Vec<Origin> = Vec::new();
    // When edges.csv cannot be read (reported), no edge reaches the loader.
    let (_, edge_columns) = read_table(
        edges,
        EDGES_FILE,
        edge_column,
        &["from", "to", "kind"],
        &mut own,
        |row, cells, fits, _| {
            if !fits || !nodes_ok {
                return;
            }
            let obj = edge_object(row, cells);
            json.push_str(if edge_rows.is_empty() { "\n" } else { ",\n" });
            let _ = write!(json, "{}", Value::Object(obj));
            edge_rows.push(row.origin);
        },
    );
    json.push_str("]}");
    if !nodes_ok {
        return (Model::new(), own);
    }
    let (model, diags) = load_json_limited(&json, limits);
    let tables = [
        Table {
            file: NODES_FILE,
            sheet: nodes.sheet(),
            rows: &node_rows,
            columns: &node_columns,
        },
        Table {
            file: EDGES_FILE,
            sheet: edges.sheet(),
            rows: &edge_rows,
            columns: &edge_columns,
        },
    ];
    let mut all = own;
    for d in diags {
        if let Some(d) = relocate(d, &tables, &placeholders) {
            all.push(d);
        }
    }
    // Own diagnostics (CSV structure, `mandatory`, partial estimates) and the loader's, in file
    // and line order; the sort is stable, so the loader's order within a line is kept.
    all.sort_by_key(|d| {
        let file = match d.place.file.as_deref() {
            Some(NODES_FILE) => 0,
            Some(EDGES_FILE) => 1,
            _ => 2,
        };
        (file, d.place.line.unwrap_or(0))
    });
    (model, all)
}

/// One table as read, for moving the loader's diagnostics back to it.
struct Table<'a> {
    file: &'static str,
    sheet: Option<&'a str>,
    rows: &'a [Origin],
    columns: &'a [String],
}

/// The 1-based number of the column named `name` (a worksheet's column, for its place).
fn column_number(columns: &[String], name: &str) -> Option<usize> {
    columns.iter().position(|c| c == name).map(|i| i + 1)
}

/// A place in a table: the file, the line (a worksheet's row), and for a worksheet its name and
/// the number of the column named `field`.
fn table_place(
    file: &str,
    sheet: Option<&str>,
    columns: &[String],
    line: usize,
    field: Option<&str>,
) -> Place {
    Place {
        file: Some(file.to_string()),
        sheet: sheet.map(str::to_string),
        line: Some(line),
        column: sheet.and(field).and_then(|f| column_number(columns, f)),
        field: field.map(str::to_string),
        ..Place::default()
    }
}

/// One data row being read.
struct Row<'a> {
    file: &'static str,
    sheet: Option<&'a str>,
    origin: Origin,
    header: &'a [(String, Col)],
    names: &'a [String],
    /// `;` files may write numbers with a decimal comma.
    decimal_comma: bool,
}

impl Row<'_> {
    fn place(&self, node: Option<&str>, field: Option<&str>) -> Place {
        Place {
            node: node.map(str::to_string),
            edge: (self.file == EDGES_FILE).then_some(self.origin.row),
            ..table_place(self.file, self.sheet, self.names, self.origin.line, field)
        }
    }
}

/// The cells of a data row, and its id cell (nodes) when the row has one.
struct Cells<'a> {
    record: &'a csv::StringRecord,
    id: Option<&'a str>,
}

/// Reads one table: checks the header, then calls `row` for every data row that is not blank,
/// with whether its number of cells fits the header. Returns false when the table cannot be
/// read as a table at all (nothing was passed to `row`), and the header's column names (as
/// given, trimmed when known).
fn read_table(
    src: &mut dyn RowSource,
    file: &'static str,
    known: fn(&str) -> Option<Col>,
    required: &[&str],
    diags: &mut Vec<Diagnostic>,
    mut row: impl FnMut(&Row, Cells, bool, &mut Vec<Diagnostic>),
) -> (bool, Vec<String>) {
    let (header, header_line) = match src.header(diags) {
        Ok(Some(h)) => h,
        Ok(None) => return (true, Vec::new()),
        Err(()) => return (false, Vec::new()),
    };
    let label = src.label();
    let sheet = src.sheet().map(str::to_string);
    let sheet = sheet.as_deref();
    let mut cols: Vec<(String, Col)> = Vec::with_capacity(header.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut names: Vec<String> = Vec::with_capacity(header.len());
    for h in header.iter() {
        let name = match known(h.trim()) {
            Some(_) => h.trim(),
            None if h.trim().is_empty() => "",
            None => h,
        };
        names.push(name.to_string());
    }
    for (i, h) in header.iter().enumerate() {
        let (name, col) = match known(h.trim()) {
            Some(col) => (h.trim().to_string(), col),
            None if h.trim().is_empty() => (String::new(), Col::Skip),
            None => (h.to_string(), Col::Extra(h.to_string())),
        };
        if col == Col::Skip {
            cols.push((name, col));
            continue;
        }
        if let Some(&first) = seen.get(&name) {
            let mut place = table_place(file, sheet, &[], header_line, Some(&name));
            if sheet.is_some() {
                place.column = Some(i + 1);
            }
            diags.push(Diagnostic::error(
                Code::InvalidCsv,
                place,
                format!(
                    "column \"{name}\" appears twice (columns {} and {}); the second is ignored",
                    first + 1,
                    i + 1
                ),
            ));
            cols.push((name, Col::Skip));
            continue;
        }
        seen.insert(name.clone(), i);
        cols.push((name, col));
    }
    let mut complete = true;
    for &req in required {
        if !seen.contains_key(req) {
            complete = false;
            diags.push(Diagnostic::error(
                Code::MissingField,
                table_place(file, sheet, &names, header_line, Some(req)),
                format!(
                    "{label} has no \"{req}\" column; its header row must name the columns {}",
                    required.join(", ")
                ),
            ));
        }
    }
    if !complete || !src.check(cols.len(), diags) {
        return (false, names);
    }
    let decimal_comma = src.decimal_comma();
    let id_col = seen.get("id").copied().filter(|_| file == NODES_FILE);
    let mut unnamed_reported = vec![false; cols.len()];
    let mut index = 0;
    while let Some((line, rec)) = src.next_row(&names, diags) {
        let r = Row {
            file,
            sheet,
            origin: Origin { line, row: index },
            header: &cols,
            names: &names,
            decimal_comma,
        };
        index += 1;
        if rec.iter().all(str::is_empty) {
            continue;
        }
        let id = id_col.and_then(|c| rec.get(c));
        let fits = rec.len() == cols.len();
        if !fits {
            diags.push(Diagnostic::error(
                Code::InvalidCsv,
                r.place(id.filter(|s| !s.is_empty()), None),
                format!(
                    "the row has {} cells but the header has {}; the row is left out",
                    rec.len(),
                    cols.len()
                ),
            ));
        } else {
            for (i, ((name, col), v)) in cols.iter().zip(rec.iter()).enumerate() {
                if name.is_empty() && *col == Col::Skip && !v.is_empty() && !unnamed_reported[i] {
                    unnamed_reported[i] = true;
                    let mut place = r.place(id.filter(|s| !s.is_empty()), None);
                    if sheet.is_some() {
                        place.column = Some(i + 1);
                    }
                    diags.push(Diagnostic::error(
                        Code::InvalidCsv,
                        place,
                        format!(
                            "column {} has values but no name in the header row; name it to keep them",
                            i + 1
                        ),
                    ));
                }
            }
        }
        row(&r, Cells { record: &rec, id }, fits, diags);
    }
    (true, names)
}

/// True when the header row separates its cells with `;`: it has a `;` and no `,` outside
/// quotes (spreadsheets in locales with a decimal comma export that way).
fn semicolon_header(line: &str) -> bool {
    let (mut quoted, mut commas, mut semicolons) = (false, 0, 0);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    commas == 0 && semicolons > 0
}

/// A numeric cell as a JSON number, or as a string the loader reports as `NOT_A_NUMBER`.
fn number(cell: &str, decimal_comma: bool) -> Value {
    let t = cell.trim();
    let swapped;
    let t = if decimal_comma && t.matches(',').count() == 1 && !t.contains('.') {
        swapped = t.replace(',', ".");
        swapped.as_str()
    } else {
        t
    };
    match serde_json::from_str::<serde_json::Number>(t) {
        Ok(n) => Value::Number(n),
        Err(_) => Value::String(cell.to_string()),
    }
}

/// A cell of a field the lenses read as a number, a list or an object (docs/lenses.md): an
/// edge's `share` and the number fields of [`NUMBER_FIELDS`] as numbers, an initiative's
/// `cashflows` and a node's `controls` (written as their JSON text) as that list and object;
/// anything else, or a cell that does not parse, as text (which the lenses report with its
/// place).
fn lens_field(key: &str, cell: &str, decimal_comma: bool) -> Value {
    match key {
        "share" => number(cell, decimal_comma),
        _ if NUMBER_FIELDS.iter().any(|f| f.0 == key) => number(cell, decimal_comma),
        "cashflows" | "controls" => match serde_json::from_str::<Value>(cell.trim()) {
            Ok(v @ (Value::Array(_) | Value::Object(_))) => v,
            _ => Value::String(cell.to_string()),
        },
        _ => Value::String(cell.to_string()),
    }
}

fn node_object(r: &Row, cells: Cells, diags: &mut Vec<Diagnostic>) -> Map<String, Value> {
    let mut m = Map::new();
    let mut estimate: [Option<Value>; 3] = [None, None, None];
    let id = cells.id.filter(|s| !s.is_empty());
    for ((_, col), v) in r.header.iter().zip(cells.record.iter()) {
        if v.is_empty() {
            continue;
        }
        match col {
            Col::Text(key) => {
                m.insert((*key).into(), v.into());
            }
            Col::Number(key) => {
                m.insert((*key).into(), number(v, r.decimal_comma));
            }
            Col::Estimate(k) => estimate[*k] = Some(number(v, r.decimal_comma)),
            Col::Bool => match v.trim().to_ascii_lowercase().as_str() {
                "true" => {
                    m.insert("mandatory".into(), true.into());
                }
                "false" => {
                    m.insert("mandatory".into(), false.into());
                }
                _ => diags.push(Diagnostic::error(
                    Code::WrongType,
                    r.place(id, Some("mandatory")),
                    format!("\"mandatory\" must be true or false, found \"{v}\""),
                )),
            },
            Col::Extra(key) => {
                m.insert(key.clone(), lens_field(key, v, r.decimal_comma));
            }
            Col::Skip => {}
        }
    }
    if estimate.iter().any(Option::is_some) {
        if let [Some(o), Some(l), Some(p)] = estimate {
            let mut e = Map::new();
            for (k, v) in ESTIMATE.into_iter().zip([o, l, p]) {
                e.insert(k.into(), v);
            }
            m.insert("estimate".into(), Value::Object(e));
        } else {
            let missing: Vec<String> = ESTIMATE
                .iter()
                .zip(&estimate)
                .filter(|(_, v)| v.is_none())
                .map(|(k, _)| format!("estimate_{k}"))
                .collect();
            let what = match &missing[..] {
                [a, b] => format!("\"{a}\" and \"{b}\" are empty"),
                _ => format!("\"{}\" is empty", missing.join("\", \"")),
            };
            diags.push(Diagnostic::error(
                Code::MissingField,
                r.place(id, Some(&missing[0])),
                format!(
                    "{what}; an estimate needs all three of estimate_optimistic, estimate_likely and estimate_pessimistic"
                ),
            ));
        }
    }
    m
}

fn edge_object(r: &Row, cells: Cells) -> Map<String, Value> {
    let mut m = Map::new();
    for ((_, col), v) in r.header.iter().zip(cells.record.iter()) {
        if v.is_empty() {
            continue;
        }
        match col {
            Col::Text(key) => {
                m.insert((*key).into(), v.into());
            }
            Col::Number(key) => {
                m.insert((*key).into(), number(v, r.decimal_comma));
            }
            Col::Extra(key) => {
                m.insert(key.clone(), lens_field(key, v, r.decimal_comma));
            }
            Col::Estimate(_) | Col::Bool | Col::Skip => {}
        }
    }
    m
}

/// Moves a loader diagnostic about the intermediate JSON to its CSV file, line and column;
/// `None` for diagnostics about placeholder rows (already reported).
fn relocate(
    mut d: Diagnostic,
    tables: &[Table; 2],
    placeholders: &HashSet<usize>,
) -> Option<Diagnostic> {
    let Some(pointer) = d.place.pointer.take() else {
        return Some(d);
    };
    let (t, rest) = if let Some(rest) = pointer.strip_prefix("/nodes/") {
        (&tables[0], rest)
    } else if let Some(rest) = pointer.strip_prefix("/edges/") {
        (&tables[1], rest)
    } else {
        // "/nodes" or "/edges" itself (a count beyond its limit): the file, no line.
        let t = match pointer.as_str() {
            "/nodes" => &tables[0],
            "/edges" => &tables[1],
            _ => {
                d.place.pointer = Some(pointer);
                return Some(d);
            }
        };
        d.place.file = Some(t.file.to_string());
        d.place.sheet = t.sheet.map(str::to_string);
        d.place.line = None;
        d.place.column = None;
        d.message = d
            .message
            .replace(" nodes;", " node rows;")
            .replace(" edges;", " edge rows;");
        return Some(d);
    };
    let ix: usize = rest.split('/').next().and_then(|i| i.parse().ok())?;
    if t.file == NODES_FILE && placeholders.contains(&ix) {
        return None;
    }
    let origin = t.rows.get(ix).copied()?;
    let field = d.place.field.take().map(|f| {
        // `estimate/likely` in the loader is the column `estimate_likely`.
        match f.strip_prefix("estimate/") {
            Some(part) => {
                let column = format!("estimate_{part}");
                d.message = d
                    .message
                    .replace(&format!("\"{f}\""), &format!("\"{column}\""));
                column
            }
            None => f,
        }
    });
    if t.sheet.is_some() {
        // The loader names another row by the line it starts on: a worksheet's row.
        d.message = d.message.replace(" at line ", " in row ");
    }
    d.place = Place {
        node: d.place.node.take(),
        edge: (t.file == EDGES_FILE).then_some(origin.row),
        ..table_place(t.file, t.sheet, t.columns, origin.line, field.as_deref())
    };
    Some(d)
}

// ---------------------------------------------------------------------------------------------
// Writing

/// A number as the JSON writer prints it (integers without a fraction, else the shortest text
/// that reads back to the same value); empty when not finite.
pub(crate) fn number_text(x: f64) -> String {
    if !x.is_finite() {
        String::new()
    } else if x.fract() == 0.0 && x.abs() < 9.0e15 {
        (x as i64).to_string()
    } else {
        serde_json::Number::from_f64(x).map_or_else(String::new, |n| n.to_string())
    }
}

/// An unknown field's value as a cell: text as it is, anything else as its JSON text.
fn extra_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The unknown fields in first-seen order, without names that would clash with a known column
/// or be blank (such a field could not be told apart from the column when read back).
fn extra_columns<'m>(
    maps: impl Iterator<Item = &'m Map<String, Value>>,
    reserved: &[&str],
) -> Vec<&'m str> {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut out = Vec::new();
    for m in maps {
        for k in m.keys() {
            let k = k.as_str();
            let t = k.trim();
            if !t.is_empty() && !reserved.contains(&t) && seen.insert(k) {
                out.push(k);
            }
        }
    }
    out
}

fn finish(w: csv::Writer<Vec<u8>>) -> String {
    // Writing to a Vec cannot fail, and every cell is UTF-8.
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// Writes a model as the text of `(nodes.csv, edges.csv)`: comma-separated, `\n` line ends,
/// every known column in [`NODE_COLUMNS`] and [`EDGE_COLUMNS`] order, then the unknown fields
/// in the order they are first met. Cells are quoted where needed (commas, quotes, line
/// breaks). Unknown fields that are not text are written as their JSON text (and read back as
/// text). The model's own name, currency, time unit and other top-level fields have no place
/// in the two files and are not written.
///
/// Complexity: O(size of the model).
pub fn write(model: &Model) -> (String, String) {
    let node_extras = extra_columns(
        model.nodes.iter().filter_map(|n| n.extra()),
        &[&NODE_COLUMNS[..], &["estimate"]].concat(),
    );
    let mut w = csv::Writer::from_writer(Vec::with_capacity(64 + model.nodes.len() * 96));
    let mut record: Vec<String> = Vec::with_capacity(NODE_COLUMNS.len() + node_extras.len());
    record.extend(NODE_COLUMNS.iter().map(|c| c.to_string()));
    record.extend(node_extras.iter().map(|c| c.to_string()));
    let _ = csv_cell::write_record(&mut w, &record);
    for n in &model.nodes {
        record.clear();
        let a = n.attrs();
        let text = |s: Option<&str>| s.unwrap_or("").to_string();
        let est = a.estimate.as_deref();
        for col in NODE_COLUMNS {
            record.push(match col {
                "id" => n.id.to_string(),
                "kind" => n.kind.as_str().to_string(),
                "name" => text(n.name.as_deref()),
                "description" => text(a.description.as_deref()),
                "perspective" => text(a.perspective.map(|x| x.as_str())),
                "category" => text(a.category.map(|x| x.as_str())),
                "lifecycle" => text(a.lifecycle.map(|x| x.as_str())),
                "status" => text(a.status.map(|x| x.as_str())),
                "mandatory" => text(a.mandatory.map(|b| if b { "true" } else { "false" })),
                "estimate_optimistic" => {
                    est.map_or_else(String::new, |e| number_text(e.optimistic))
                }
                "estimate_likely" => est.map_or_else(String::new, |e| number_text(e.likely)),
                "estimate_pessimistic" => {
                    est.map_or_else(String::new, |e| number_text(e.pessimistic))
                }
                num => Num::parse(num)
                    .and_then(|k| a.get(k))
                    .map_or_else(String::new, number_text),
            });
        }
        let extra = n.extra();
        for k in &node_extras {
            record.push(
                extra
                    .and_then(|m| m.get(*k))
                    .map_or_else(String::new, extra_text),
            );
        }
        let _ = csv_cell::write_record(&mut w, &record);
    }
    let nodes = finish(w);

    let edge_extras = extra_columns(
        (0..model.edges.len()).filter_map(|i| model.edge_extra(i)),
        &EDGE_COLUMNS,
    );
    let mut w = csv::Writer::from_writer(Vec::with_capacity(64 + model.edges.len() * 48));
    record.clear();
    record.extend(EDGE_COLUMNS.iter().map(|c| c.to_string()));
    record.extend(edge_extras.iter().map(|c| c.to_string()));
    let _ = csv_cell::write_record(&mut w, &record);
    for (i, e) in model.edges.iter().enumerate() {
        record.clear();
        record.push(model.node(e.from).id.to_string());
        record.push(model.node(e.to).id.to_string());
        record.push(e.kind.as_str().to_string());
        record.push(e.written_weight().map_or_else(String::new, number_text));
        let extra = model.edge_extra(i);
        for k in &edge_extras {
            record.push(
                extra
                    .and_then(|m| m.get(*k))
                    .map_or_else(String::new, extra_text),
            );
        }
        let _ = csv_cell::write_record(&mut w, &record);
    }
    (nodes, finish(w))
}
