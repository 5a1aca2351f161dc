//! Archi's CSV export: `elements.csv`, `relations.csv` and (optionally) `properties.csv`.
//!
//! - `elements.csv`, columns `"ID","Type","Name","Documentation","Specialization"`: the row of
//!   Type `ArchimateModel` is the model itself (its id, name and purpose), every other row an
//!   element. Archi writes junctions as Type `Junction` with a `Junction_Type` property (`And` or
//!   `Or`); they become `AndJunction` / `OrJunction` (And when the property is missing).
//! - `relations.csv`, columns `"ID","Type","Name","Documentation","Source","Target",
//!   "Specialization"`, Type like `ServingRelationship` (read as `Serving`).
//! - `properties.csv`, columns `"ID","Key","Value"`: the ID names the model, an element or a
//!   relationship, and properties attach in file order. Archi writes a few attributes as
//!   properties too: `Influence_Strength` of an Influence becomes its strength, `Access_Type`
//!   (`Write`, `Read`, `Access`, `ReadWrite`) of an Access its access type, `Junction_Type` of a
//!   junction its type; `Directed` of an Association is dropped (the model has no place for it,
//!   as with the other formats). On other concepts these keys are ordinary properties.
//!
//! Columns are found by name (any order, any case; `_` and spaces ignored), so older exports
//! without `Specialization`, and exports with extra columns, read too; `Strength` /
//! `Influence_Strength` and `Access_Type` columns of relations.csv and a `Junction_Type` column
//! of elements.csv are used when present. Required: `ID` and `Type` in elements.csv; `ID`,
//! `Type`, `Source` and `Target` in relations.csv; `ID`, `Key` and `Value` in properties.csv.
//! The delimiter is read from the header (Archi offers comma, semicolon and tab); a UTF-8 BOM is
//! accepted. Archi's "ANSI" encoding is not UTF-8 and is refused with the file and line named.
//! Names, documentation, keys and values are kept as written; ids, types, sources and targets
//! are trimmed. An empty ID (Archi's importer allows one for concepts nothing references) gets
//! the id `elements.csv#<line>` / `relations.csv#<line>`.
//!
//! Diagnostics name the file (`Place::file`) and the 1-based line where the record starts; an
//! element or relationship carries that line. Identifiers are not checked for uniqueness and
//! relationship ends are not resolved here: the mapping does both.

use crate::diagnostics::{Code, Diagnostic, Place};
use crate::formats::archimate::{
    ArchiElement, ArchiModel, ArchiRelationship, ReadResult, normalise_type,
};
use crate::formats::csv_cell;
use crate::formats::lines::{LineIndex, quote_problems};
use std::collections::HashMap;

/// The `format` of models this reader produces.
pub const FORMAT: &str = "archi-csv";

/// The file names used in diagnostics.
pub const ELEMENTS_FILE: &str = "elements.csv";
/// See [`ELEMENTS_FILE`].
pub const RELATIONS_FILE: &str = "relations.csv";
/// See [`ELEMENTS_FILE`].
pub const PROPERTIES_FILE: &str = "properties.csv";

/// Errors listed per file before the rest are summarised in one more.
const MAX_ERRORS: usize = 100;

/// Reads Archi's CSV export. `properties` is optional.
pub fn read(elements: &[u8], relations: &[u8], properties: Option<&[u8]>) -> ReadResult {
    let mut r = Reader {
        model: ArchiModel {
            format: FORMAT,
            ..ArchiModel::default()
        },
        diags: Vec::new(),
        model_line: None,
    };
    r.read_elements(elements);
    r.read_relations(relations);
    if let Some(p) = properties {
        r.read_properties(p);
    }
    (r.model, r.diags)
}

/// A column name as compared: lower case, without `_`, `-` and spaces.
fn column_key(name: &str) -> String {
    name.trim()
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The delimiter of a CSV text: the first comma, semicolon or tab outside quotes on its first
/// line (comma when there is none).
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let mut quoted = false;
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b',' | b';' | b'\t' if !quoted => return b,
            b'\n' | b'\r' if !quoted => break,
            _ => {}
        }
    }
    b','
}

/// One CSV file being read: its rows as text fields, with their lines, and where its columns are.
struct Table<'a> {
    file: &'static str,
    /// Lines of the records.
    lines: LineIndex<'a>,
    reader: csv::Reader<&'a [u8]>,
    record: csv::ByteRecord,
    /// The header's column names as written.
    header: Vec<String>,
    width: usize,
    /// For each wanted column, its index in the header.
    columns: Vec<Option<usize>>,
    errors: usize,
    /// Set once the file is abandoned (not UTF-8, or too many errors).
    stopped: bool,
}

/// A row of a [`Table`]: its line and fields.
struct Row<'r> {
    line: usize,
    fields: Vec<&'r str>,
}

impl Row<'_> {
    /// The value of wanted column `i` as written, `""` when the file lacks it.
    fn raw(&self, columns: &[Option<usize>], i: usize) -> &str {
        columns[i]
            .and_then(|c| self.fields.get(c))
            .map_or("", |s| s)
    }

    /// The trimmed value of wanted column `i` (for ids, types and codes).
    fn get(&self, columns: &[Option<usize>], i: usize) -> &str {
        self.raw(columns, i).trim()
    }
}

fn at(file: &str, line: usize, field: Option<&str>) -> Place {
    Place {
        file: Some(file.to_string()),
        line: Some(line),
        field: field.map(str::to_string),
        ..Place::default()
    }
}

fn not_utf8(file: &str, line: usize, column: Option<&str>) -> Diagnostic {
    Diagnostic::error(
        Code::InvalidCsv,
        at(file, line, column),
        format!(
            "{file} is not UTF-8 text: line {line} holds bytes that are not UTF-8 (Archi's \
             \"ANSI\" encoding?); export the model to CSV again with the UTF-8 encoding"
        ),
    )
}

impl<'a> Table<'a> {
    /// Opens a CSV file and finds its columns. `wanted`: (column name, required). A missing
    /// required column, an empty file or a header that is not UTF-8 is an error and gives `None`.
    fn open(
        file: &'static str,
        bytes: &'a [u8],
        wanted: &[(&[&str], bool)],
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Table<'a>> {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let delimiter = sniff_delimiter(bytes);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut header = csv::ByteRecord::new();
        match reader.read_byte_record(&mut header) {
            Ok(true) => {}
            Ok(false) => {
                diags.push(Diagnostic::error(
                    Code::InvalidCsv,
                    Place {
                        file: Some(file.to_string()),
                        ..Place::default()
                    },
                    format!("{file} is empty: it has no header row"),
                ));
                return None;
            }
            Err(e) => {
                diags.push(Diagnostic::error(
                    Code::InvalidCsv,
                    at(file, 1, None),
                    format!("{file} cannot be read as CSV: {e}"),
                ));
                return None;
            }
        }
        // The header's line (after any blank lines the csv reader skipped).
        let first = bytes
            .iter()
            .position(|b| !matches!(b, b'\r' | b'\n'))
            .unwrap_or(0);
        let line = 1 + bytes[..first].iter().filter(|&&b| b == b'\n').count();
        let mut written = Vec::with_capacity(header.len());
        for field in header.iter() {
            match std::str::from_utf8(field) {
                Ok(s) => written.push(s.trim().to_string()),
                Err(_) => {
                    diags.push(not_utf8(file, line, None));
                    return None;
                }
            }
        }
        let names: Vec<String> = written.iter().map(|s| column_key(s)).collect();
        let mut columns = Vec::with_capacity(wanted.len());
        let mut ok = true;
        for (aliases, required) in wanted {
            let found = aliases
                .iter()
                .find_map(|a| names.iter().position(|n| *n == column_key(a)));
            if found.is_none() && *required {
                ok = false;
                diags.push(Diagnostic::error(
                    Code::MissingField,
                    at(file, line, Some(aliases[0])),
                    format!(
                        "{file} has no \"{}\" column (its header has {}); Archi's export has \
                         columns {}",
                        aliases[0],
                        written
                            .iter()
                            .map(|h| format!("\"{h}\""))
                            .collect::<Vec<_>>()
                            .join(", "),
                        wanted
                            .iter()
                            .filter(|w| w.1)
                            .map(|w| format!("\"{}\"", w.0[0]))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                ));
            }
            columns.push(found);
        }
        if !ok {
            return None;
        }
        let (unclosed, swallowed) = quote_problems(bytes, delimiter, header.len());
        if let Some(u) = unclosed {
            diags.push(Diagnostic::error(
                Code::InvalidCsv,
                at(file, u.line, None),
                u.message(),
            ));
            return None;
        }
        for s in swallowed {
            diags.push(Diagnostic::warning(
                Code::InvalidCsv,
                at(file, s.open, None),
                s.message(),
            ));
        }
        Some(Table {
            file,
            lines: LineIndex::new(bytes),
            reader,
            record: csv::ByteRecord::new(),
            header: written,
            width: header.len(),
            columns,
            errors: 0,
            stopped: false,
        })
    }

    /// The 1-based line on which the record at byte `start` begins.
    fn line_at(&mut self, start: u64) -> usize {
        self.lines.line_at(start)
    }

    fn error(&mut self, diags: &mut Vec<Diagnostic>, d: Diagnostic) {
        self.errors += 1;
        if self.errors <= MAX_ERRORS {
            diags.push(d);
        } else {
            diags.push(Diagnostic::error(
                d.code,
                d.place,
                format!(
                    "more errors follow in {}; only the first {MAX_ERRORS} are listed",
                    self.file
                ),
            ));
            self.stopped = true;
        }
    }

    /// The next well-formed row, reporting (and skipping) rows with the wrong number of fields.
    /// `None` at the end, or when the file is abandoned.
    fn next(&mut self, diags: &mut Vec<Diagnostic>) -> Option<Row<'_>> {
        loop {
            if self.stopped {
                return None;
            }
            match self.reader.read_byte_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e) => {
                    let line = e.position().map_or(0, |p| self.line_at(p.byte()));
                    let d = Diagnostic::error(
                        Code::InvalidCsv,
                        at(self.file, line, None),
                        format!("{} cannot be read as CSV: {e}", self.file),
                    );
                    self.error(diags, d);
                    self.stopped = true;
                    return None;
                }
            }
            let start = self.record.position().map_or(0, csv::Position::byte);
            let line = self.line_at(start);
            if self.record.len() != self.width {
                let d = Diagnostic::error(
                    Code::InvalidCsv,
                    at(self.file, line, None),
                    format!(
                        "{} line {line} has {} fields, but its header has {}; the row is skipped",
                        self.file,
                        self.record.len(),
                        self.width
                    ),
                );
                self.error(diags, d);
                continue;
            }
            if let Some(bad) = self
                .record
                .iter()
                .position(|f| std::str::from_utf8(f).is_err())
            {
                // A file in another encoding fails on most rows: one error, and stop.
                let column = self.header.get(bad).map(String::as_str);
                diags.push(not_utf8(self.file, line, column));
                self.stopped = true;
                return None;
            }
            let fields = self
                .record
                .iter()
                .map(|f| csv_cell::restore(std::str::from_utf8(f).unwrap_or("")))
                .collect();
            return Some(Row { line, fields });
        }
    }
}

/// What a property row's ID names.
#[derive(Clone, Copy)]
enum Owner {
    Model,
    Element(usize),
    Relationship(usize),
}

struct Reader {
    model: ArchiModel,
    diags: Vec<Diagnostic>,
    model_line: Option<usize>,
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// The junction type of a `Junction_Type` value (`And` / `Or`, any case).
fn junction_type(value: &str) -> Option<&'static str> {
    if value.eq_ignore_ascii_case("and") {
        Some("AndJunction")
    } else if value.eq_ignore_ascii_case("or") {
        Some("OrJunction")
    } else {
        None
    }
}

/// The exchange name of an `Access_Type` value (Archi writes the names; its integers 0-3 are
/// accepted too).
fn access_type(value: &str) -> Option<&'static str> {
    const NAMES: [&str; 4] = ["Write", "Read", "Access", "ReadWrite"];
    NAMES
        .iter()
        .find(|n| n.eq_ignore_ascii_case(value))
        .copied()
        .or_else(|| {
            value
                .parse::<usize>()
                .ok()
                .and_then(|i| NAMES.get(i).copied())
        })
}

fn is_junction(t: &str) -> bool {
    t == "AndJunction" || t == "OrJunction"
}

impl Reader {
    fn read_elements(&mut self, bytes: &[u8]) {
        const ID: usize = 0;
        const TYPE: usize = 1;
        const NAME: usize = 2;
        const DOC: usize = 3;
        const JUNCTION: usize = 4;
        let wanted: [(&[&str], bool); 5] = [
            (&["ID"], true),
            (&["Type"], true),
            (&["Name"], false),
            (&["Documentation"], false),
            (&["Junction_Type"], false),
        ];
        let file = ELEMENTS_FILE;
        let Some(mut table) = Table::open(file, bytes, &wanted, &mut self.diags) else {
            return;
        };
        let cols = table.columns.clone();
        while let Some(row) = table.next(&mut self.diags) {
            let line = row.line;
            let raw_type = row.get(&cols, TYPE);
            if raw_type.is_empty() {
                let d = Diagnostic::error(
                    Code::MissingField,
                    at(file, line, Some("Type")),
                    format!("{file} line {line} has no Type; the row is skipped"),
                );
                drop(row);
                table.error(&mut self.diags, d);
                continue;
            }
            let id = match row.get(&cols, ID) {
                "" => format!("{file}#{line}"),
                id => id.to_string(),
            };
            let name = non_empty(row.raw(&cols, NAME));
            let documentation = non_empty(row.raw(&cols, DOC));
            if raw_type.eq_ignore_ascii_case("ArchimateModel") {
                if let Some(first) = self.model_line {
                    self.diags.push(Diagnostic::warning(
                        Code::InvalidValue,
                        at(file, line, Some("Type")),
                        format!(
                            "a second ArchimateModel row (the first is line {first}); it is \
                             ignored"
                        ),
                    ));
                } else {
                    self.model_line = Some(line);
                    self.model.id = Some(id);
                    self.model.name = name;
                    self.model.documentation = documentation;
                }
                continue;
            }
            let t = normalise_type(raw_type);
            if t != raw_type && raw_type.ends_with("Relationship") {
                self.diags.push(Diagnostic::warning(
                    Code::InvalidValue,
                    at(file, line, Some("Type")),
                    format!(
                        "{raw_type} is a relationship type, which belongs in {RELATIONS_FILE}; \
                         the row is skipped"
                    ),
                ));
                continue;
            }
            let type_ = if t == "Junction" {
                let given = row.get(&cols, JUNCTION);
                junction_type(given).unwrap_or("AndJunction").to_string()
            } else {
                t.to_string()
            };
            self.model.elements.push(ArchiElement {
                id,
                type_,
                name,
                documentation,
                properties: Vec::new(),
                line: Some(line),
            });
        }
    }

    fn read_relations(&mut self, bytes: &[u8]) {
        const ID: usize = 0;
        const TYPE: usize = 1;
        const SOURCE: usize = 2;
        const TARGET: usize = 3;
        const NAME: usize = 4;
        const DOC: usize = 5;
        const STRENGTH: usize = 6;
        const ACCESS: usize = 7;
        let wanted: [(&[&str], bool); 8] = [
            (&["ID"], true),
            (&["Type"], true),
            (&["Source"], true),
            (&["Target"], true),
            (&["Name"], false),
            (&["Documentation"], false),
            (&["Strength", "Influence_Strength"], false),
            (&["Access_Type"], false),
        ];
        let file = RELATIONS_FILE;
        let Some(mut table) = Table::open(file, bytes, &wanted, &mut self.diags) else {
            return;
        };
        let cols = table.columns.clone();
        while let Some(row) = table.next(&mut self.diags) {
            let line = row.line;
            let mut missing = Vec::new();
            for (i, field) in [(TYPE, "Type"), (SOURCE, "Source"), (TARGET, "Target")] {
                if row.get(&cols, i).is_empty() {
                    missing.push(Diagnostic::error(
                        Code::MissingField,
                        Place {
                            node: non_empty(row.get(&cols, ID)),
                            ..at(file, line, Some(field))
                        },
                        format!("{file} line {line} has no {field}; the relationship is skipped"),
                    ));
                }
            }
            if !missing.is_empty() {
                drop(row);
                for d in missing {
                    table.error(&mut self.diags, d);
                }
                continue;
            }
            let type_ = normalise_type(row.get(&cols, TYPE)).to_string();
            let id = match row.get(&cols, ID) {
                "" => format!("{file}#{line}"),
                id => id.to_string(),
            };
            let strength = if type_ == "Influence" {
                non_empty(row.get(&cols, STRENGTH))
            } else {
                None
            };
            let access = row.get(&cols, ACCESS);
            let access_type = if type_ == "Access" && !access.is_empty() {
                let a = access_type(access);
                if a.is_none() {
                    self.diags.push(Diagnostic::warning(
                        Code::InvalidValue,
                        Place {
                            node: Some(id.clone()),
                            ..at(file, line, Some("Access_Type"))
                        },
                        format!(
                            "access type \"{access}\" is none of Write, Read, Access, \
                             ReadWrite; it is left unset"
                        ),
                    ));
                }
                a.map(str::to_string)
            } else {
                None
            };
            self.model.relationships.push(ArchiRelationship {
                id,
                type_,
                source: row.get(&cols, SOURCE).to_string(),
                target: row.get(&cols, TARGET).to_string(),
                name: non_empty(row.raw(&cols, NAME)),
                documentation: non_empty(row.raw(&cols, DOC)),
                properties: Vec::new(),
                strength,
                access_type,
                line: Some(line),
            });
        }
    }

    fn read_properties(&mut self, bytes: &[u8]) {
        let wanted: [(&[&str], bool); 3] = [(&["ID"], true), (&["Key"], true), (&["Value"], true)];
        let file = PROPERTIES_FILE;
        let Some(mut table) = Table::open(file, bytes, &wanted, &mut self.diags) else {
            return;
        };
        let cols = table.columns.clone();
        // Owners by id; the first of a repeated id wins (the mapping reports the repetition).
        let mut owners: HashMap<&str, Owner> = HashMap::new();
        for (i, r) in self.model.relationships.iter().enumerate().rev() {
            owners.insert(r.id.as_str(), Owner::Relationship(i));
        }
        for (i, e) in self.model.elements.iter().enumerate().rev() {
            owners.insert(e.id.as_str(), Owner::Element(i));
        }
        if let Some(id) = &self.model.id {
            owners.insert(id.as_str(), Owner::Model);
        }
        // Resolve every row first (the owners borrow the model), then attach.
        let mut rows: Vec<(Owner, usize, String, String)> = Vec::new();
        while let Some(row) = table.next(&mut self.diags) {
            let id = row.get(&cols, 0);
            // Keys and values keep their spaces; only the ID is trimmed.
            let key = cols[1]
                .and_then(|c| row.fields.get(c))
                .copied()
                .unwrap_or("");
            let value = cols[2]
                .and_then(|c| row.fields.get(c))
                .copied()
                .unwrap_or("");
            match owners.get(id) {
                Some(&owner) => rows.push((owner, row.line, key.to_string(), value.to_string())),
                None => self.diags.push(Diagnostic::warning(
                    Code::UnknownNode,
                    Place {
                        node: non_empty(id),
                        ..at(file, row.line, Some("ID"))
                    },
                    if id.is_empty() {
                        format!(
                            "{file} line {} has no ID; the property is ignored",
                            row.line
                        )
                    } else {
                        format!(
                            "no element, relation or model has the ID \"{id}\"; the property \
                             \"{key}\" is ignored"
                        )
                    },
                )),
            }
        }
        drop(owners);
        for (owner, line, key, value) in rows {
            self.attach(owner, line, key, value);
        }
    }

    /// Attaches one property, turning Archi's attribute properties into attributes.
    fn attach(&mut self, owner: Owner, line: usize, key: String, value: String) {
        let file = PROPERTIES_FILE;
        match owner {
            Owner::Model => self.model.properties.push((key, value)),
            Owner::Element(i) => {
                let e = &mut self.model.elements[i];
                if key == "Junction_Type" && is_junction(&e.type_) {
                    match junction_type(value.trim()) {
                        Some(t) => e.type_ = t.to_string(),
                        None => self.diags.push(Diagnostic::warning(
                            Code::InvalidValue,
                            Place {
                                node: Some(e.id.clone()),
                                ..at(file, line, Some("Value"))
                            },
                            format!(
                                "Junction_Type \"{value}\" is neither And nor Or; the junction \
                                 stays {}",
                                e.type_
                            ),
                        )),
                    }
                } else {
                    e.properties.push((key, value));
                }
            }
            Owner::Relationship(i) => {
                let r = &mut self.model.relationships[i];
                match (key.as_str(), r.type_.as_str()) {
                    ("Influence_Strength", "Influence") => r.strength = non_empty(value.trim()),
                    ("Access_Type", "Access") => match access_type(value.trim()) {
                        Some(a) => r.access_type = Some(a.to_string()),
                        None => self.diags.push(Diagnostic::warning(
                            Code::InvalidValue,
                            Place {
                                node: Some(r.id.clone()),
                                ..at(file, line, Some("Value"))
                            },
                            format!(
                                "Access_Type \"{value}\" is none of Write, Read, Access, \
                                 ReadWrite; the access type is left unset"
                            ),
                        )),
                    },
                    ("Directed", "Association") => {}
                    _ => r.properties.push((key, value)),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_and_column_names() {
        assert_eq!(sniff_delimiter(b"\"ID\";\"Type\"\n"), b';');
        assert_eq!(sniff_delimiter(b"\"I,D\"\t\"Type\"\n"), b'\t');
        assert_eq!(sniff_delimiter(b"ID\nx,y"), b',');
        assert_eq!(column_key(" Access_Type "), "accesstype");
        assert_eq!(column_key("Influence Strength"), "influencestrength");
        assert_eq!(access_type("readwrite"), Some("ReadWrite"));
        assert_eq!(access_type("1"), Some("Read"));
        assert_eq!(access_type("x"), None);
    }
}
