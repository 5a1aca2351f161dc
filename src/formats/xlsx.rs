//! Excel workbooks (`.xlsx`, `.xlsm`) whose sheets are shaped like the plain CSV pair: a sheet
//! `nodes` and a sheet `edges` (names compared without case; `nodes.csv` and `edges.csv` too),
//! each with a header row naming the columns of `docs/csv.md`. The workbook is read by the
//! `calamine` crate; every row goes through the plain CSV reader ([`plain_csv`]) as a row of
//! text cells, so the columns, rules and diagnostics are the CSV ones. Places name the sheet,
//! the sheet's row (as `line`) and the column's number (as `column`, with the header's name as
//! `field`): `book.xlsx, sheet "nodes", row 7, column cost (F)`.
//!
//! Cells: text as it is; numbers in full precision (`12`, `0.35`); `TRUE`/`FALSE` as
//! `true`/`false`; cells formatted as dates as ISO dates (`2026-03-31`, with the time when it is
//! not midnight); formulas by the value the spreadsheet saved with them. An error cell (`#N/A`,
//! `#DIV/0!`) is an `INVALID_VALUE` error at its place and reads as empty. The header row is the
//! sheet's first row that holds anything; columns are counted from A.
//!
//! The archive is checked before calamine reads it: at most `archi::MAX_ZIP_ENTRIES` entries,
//! and every entry is inflated once through a cap, so the workbook's inflated size stays within
//! `Limits::inflated_bytes`.
//!
//! The reader is the cargo feature `xlsx` (part of `cli`). The Wasm engine is built without it:
//! calamine and what it brings (quick-xml, encoding_rs) would add 331 KB to the engine and take
//! the single-file page over its size budget. Without the feature a workbook is detected and
//! refused with [`NOT_IN_THIS_BUILD`], which says how to convert it.

use crate::diagnostics::{Code, Diagnostic, Place};
use crate::formats::limits::Limits;
use crate::model::Model;

/// The widest header row read: a sheet with more columns is refused (`LIMIT_EXCEEDED`), since
/// every data row is read as wide as its header.
pub const MAX_COLUMNS: usize = 1024;

/// True for a zip archive that holds `xl/workbook.xml` (an Excel workbook: `.xlsx`, `.xlsm`).
pub fn is_workbook(bytes: &[u8]) -> bool {
    const NAME: &[u8] = b"xl/workbook.xml";
    bytes.starts_with(b"PK\x03\x04") && bytes.windows(NAME.len()).any(|w| w == NAME)
}

/// True for an OLE compound file: an Excel 97-2003 workbook (`.xls`), or a workbook saved with a
/// password (encrypted workbooks are compound files too).
pub fn is_compound_file(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// The message for an `.xls` or password-protected workbook.
pub const OLD_WORKBOOK: &str = "an Excel 97-2003 workbook (.xls) or a workbook with a password: aligngraph reads Excel workbooks saved as .xlsx; in Excel choose File > Save As > Excel Workbook (.xlsx), without a password, and import that file";

fn workbook_error(code: Code, message: String) -> (Model, Vec<Diagnostic>) {
    (
        Model::new(),
        vec![Diagnostic::error(code, Place::default(), message)],
    )
}

/// The refusal of a workbook by a build without the `xlsx` feature (the page's engine).
pub const NOT_IN_THIS_BUILD: &str = "the file is an Excel workbook, which the page does not read: save its nodes and edges sheets as CSV UTF-8 (nodes.csv and edges.csv) and import both files, or convert it on the command line with `aligngraph import book.xlsx -o model.json` and import model.json";

/// Reads a workbook's `nodes` and `edges` sheets into a model, with the plain CSV reader's
/// rules and diagnostics ([`crate::formats::plain_csv::read`]). Places name `nodes.csv` or
/// `edges.csv` as the file (the caller names the workbook), the sheet, the row as `line` and
/// the column's number; problems of the workbook itself (not a workbook, no `nodes` sheet, a
/// limit) have no file. A workbook without an `edges` sheet is a model without edges. An old
/// `.xls` is refused with [`OLD_WORKBOOK`]; without the `xlsx` feature every workbook is refused
/// with [`NOT_IN_THIS_BUILD`].
///
/// Complexity: O(inflated size of the workbook).
pub fn read_limited(bytes: &[u8], limits: &Limits) -> (Model, Vec<Diagnostic>) {
    if is_compound_file(bytes) {
        return workbook_error(
            Code::UnsupportedFormat,
            format!("the file is {OLD_WORKBOOK}"),
        );
    }
    #[cfg(feature = "xlsx")]
    {
        book::read(bytes, limits)
    }
    #[cfg(not(feature = "xlsx"))]
    {
        let _ = limits;
        workbook_error(Code::UnsupportedFormat, NOT_IN_THIS_BUILD.to_string())
    }
}

/// The workbook reader (calamine).
#[cfg(feature = "xlsx")]
mod book {
    use super::{MAX_COLUMNS, workbook_error};
    use crate::diagnostics::{Code, Diagnostic, Place, column_letters};
    use crate::formats::archi::MAX_ZIP_ENTRIES;
    use crate::formats::limits::Limits;
    use crate::formats::plain_csv::{self, EDGES_FILE, NODES_FILE, RowSource};
    use crate::model::Model;
    use calamine::{DataRef, Reader, Xlsx};
    use std::collections::BTreeMap;
    use std::io::{Cursor, Read};

    /// Which sheet holds `what` (`nodes` or `edges`): its name compared without case, with or
    /// without `.csv`, spaces around it ignored.
    fn find_sheet<'a>(names: &'a [String], what: &str) -> Option<&'a str> {
        names
            .iter()
            .find(|n| {
                let n = n.trim().to_lowercase();
                n == what || n.strip_suffix(".csv") == Some(what)
            })
            .map(String::as_str)
    }

    /// Inflates every entry of the archive once (nothing kept) and refuses it when the entries
    /// declare or inflate to more than `cap` bytes together.
    fn check_inflated(bytes: &[u8], cap: u64) -> Result<(), Box<Diagnostic>> {
        let broken = |e: &dyn std::fmt::Display| {
            Box::new(Diagnostic::error(
                Code::InvalidArchive,
                Place::default(),
                format!("the workbook cannot be read as a zip archive: {e}"),
            ))
        };
        let too_large = || {
            Box::new(Diagnostic::error(
                Code::LimitExceeded,
                Place::default(),
                format!(
                    "the workbook inflates to more than {} (limit `inflated_bytes`)",
                    crate::formats::text::bytes(cap)
                ),
            ))
        };
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| broken(&e))?;
        if zip.len() > MAX_ZIP_ENTRIES {
            return Err(Box::new(Diagnostic::error(
                Code::LimitExceeded,
                Place::default(),
                format!(
                    "the workbook's zip archive lists {} entries, more than the {MAX_ZIP_ENTRIES} looked at",
                    zip.len()
                ),
            )));
        }
        let mut total: u64 = 0;
        for i in 0..zip.len() {
            let entry = zip.by_index(i).map_err(|e| broken(&e))?;
            if total.saturating_add(entry.size()) > cap {
                return Err(too_large());
            }
            let left = cap - total;
            let n = std::io::copy(&mut entry.take(left + 1), &mut std::io::sink())
                .map_err(|e| broken(&e))?;
            if n > left {
                return Err(too_large());
            }
            total += n;
        }
        Ok(())
    }

    /// [`read_limited`] with the workbook reader.
    pub(super) fn read(bytes: &[u8], limits: &Limits) -> (Model, Vec<Diagnostic>) {
        if let Err(d) = check_inflated(bytes, limits.inflated_bytes) {
            return (Model::new(), vec![*d]);
        }
        let mut book = match Xlsx::new(Cursor::new(bytes)) {
            Ok(b) => b,
            Err(e) => {
                return workbook_error(
                    Code::InvalidArchive,
                    format!("the file cannot be read as an Excel workbook: {e}"),
                );
            }
        };
        let names = book.sheet_names();
        let Some(nodes_sheet) = find_sheet(&names, "nodes") else {
            let listed: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
            let has = if listed.is_empty() {
                "it has no sheets".to_string()
            } else {
                format!("its sheets are {}", listed.join(", "))
            };
            return workbook_error(
                Code::MissingField,
                format!(
                    "the workbook has no sheet named \"nodes\" ({has}); name the sheet of nodes \"nodes\" and the sheet of edges \"edges\", with the columns of nodes.csv and edges.csv in their first row"
                ),
            );
        };
        let mut diags = Vec::new();
        let nodes = read_sheet(&mut book, nodes_sheet, NODES_FILE, &mut diags);
        let edges = match find_sheet(&names, "edges") {
            Some(name) => read_sheet(&mut book, name, EDGES_FILE, &mut diags),
            None => Some(Sheet::empty("edges", EDGES_FILE)),
        };
        let (Some(mut nodes), Some(mut edges)) = (nodes, edges) else {
            return (Model::new(), diags);
        };
        if nodes.rows.is_empty() {
            diags.push(Diagnostic::error(
                Code::MissingField,
                Place {
                    file: Some(NODES_FILE.to_string()),
                    sheet: Some(nodes.name.clone()),
                    line: Some(1),
                    ..Place::default()
                },
                format!(
                    "the sheet \"{}\" is empty: its first row must name the columns (at least id and kind)",
                    nodes.name
                ),
            ));
            return (Model::new(), diags);
        }
        let capacity = (nodes.rows.len() + edges.rows.len()) * 64 + 64;
        let (model, mut read) = plain_csv::read_sources(&mut nodes, &mut edges, limits, capacity);
        // Error cells and columns beyond the header (found while the sheets were read) join the
        // reader's diagnostics in sheet and row order.
        diags.append(&mut nodes.diags);
        diags.append(&mut edges.diags);
        diags.append(&mut read);
        diags.sort_by_key(|d| {
            let file = match d.place.file.as_deref() {
                Some(NODES_FILE) => 0,
                Some(EDGES_FILE) => 1,
                _ => 2,
            };
            (file, d.place.line.unwrap_or(0))
        });
        (model, diags)
    }

    /// One cell as read: its text, or the error it holds.
    enum Cell {
        Text(String),
        Error(String),
    }

    /// A worksheet's cells by row (0-based row, then (0-based column, cell)); only rows with cells.
    struct Sheet {
        name: String,
        file: &'static str,
        rows: BTreeMap<u32, Vec<(u32, Cell)>>,
        /// The rows not yet handed out, after the header.
        rest: std::vec::IntoIter<(u32, Vec<(u32, Cell)>)>,
        width: usize,
        /// Error cells and values beyond the header, found while rows are handed out.
        diags: Vec<Diagnostic>,
        reported_columns: Vec<u32>,
    }

    impl Sheet {
        fn empty(name: &str, file: &'static str) -> Sheet {
            Sheet {
                name: name.to_string(),
                file,
                rows: BTreeMap::new(),
                rest: Vec::new().into_iter(),
                width: 0,
                diags: Vec::new(),
                reported_columns: Vec::new(),
            }
        }

        fn place(&self, row: u32, col: u32, field: Option<&str>) -> Place {
            Place {
                file: Some(self.file.to_string()),
                sheet: Some(self.name.clone()),
                line: Some(row as usize + 1),
                column: Some(col as usize + 1),
                field: field.filter(|f| !f.is_empty()).map(str::to_string),
                ..Place::default()
            }
        }

        /// A row as a record `width` cells wide; error cells reported and read as empty, values
        /// beyond the header reported once per column.
        fn record(
            &mut self,
            row: u32,
            cells: Vec<(u32, Cell)>,
            header: &[String],
        ) -> csv::StringRecord {
            let mut rec = csv::StringRecord::with_capacity(64, self.width);
            let mut next = 0usize;
            for (col, cell) in cells {
                let c = col as usize;
                let field = header.get(c).map(String::as_str);
                let text = match cell {
                    Cell::Text(t) => t,
                    Cell::Error(e) => {
                        let place = self.place(row, col, field);
                        self.diags.push(Diagnostic::error(
                            Code::InvalidValue,
                            place,
                            format!(
                                "the cell {}{} holds the error {e} (a formula that failed); correct the formula or clear the cell",
                                column_letters(c + 1),
                                row + 1
                            ),
                        ));
                        continue;
                    }
                };
                if c < next {
                    continue;
                }
                if c >= self.width {
                    if !text.is_empty() && !self.reported_columns.contains(&col) {
                        self.reported_columns.push(col);
                        let place = self.place(row, col, None);
                        self.diags.push(Diagnostic::error(
                            Code::InvalidCsv,
                            place,
                            format!(
                                "column {} has values but no name in the header row; name it to keep them",
                                column_letters(c + 1)
                            ),
                        ));
                    }
                    continue;
                }
                while next < c {
                    rec.push_field("");
                    next += 1;
                }
                rec.push_field(&text);
                next += 1;
            }
            while next < self.width {
                rec.push_field("");
                next += 1;
            }
            rec
        }
    }

    impl RowSource for Sheet {
        fn label(&self) -> String {
            format!("the sheet \"{}\"", self.name)
        }

        fn sheet(&self) -> Option<&str> {
            Some(&self.name)
        }

        fn header(
            &mut self,
            diags: &mut Vec<Diagnostic>,
        ) -> Result<Option<(csv::StringRecord, usize)>, ()> {
            let rows = std::mem::take(&mut self.rows);
            let mut rest = rows.into_iter();
            // The first row that holds anything names the columns.
            let (row, cells) = loop {
                match rest.next() {
                    None => return Ok(None),
                    Some((r, cells)) => {
                        if cells.iter().any(|(_, c)| match c {
                            Cell::Text(t) => !t.is_empty(),
                            Cell::Error(_) => true,
                        }) {
                            break (r, cells);
                        }
                    }
                }
            };
            self.rest = rest.collect::<Vec<_>>().into_iter();
            let last = cells
                .iter()
                .filter(|(_, c)| !matches!(c, Cell::Text(t) if t.is_empty()))
                .map(|(col, _)| *col as usize + 1)
                .max()
                .unwrap_or(0);
            if last > MAX_COLUMNS {
                diags.push(Diagnostic::error(
                    Code::LimitExceeded,
                    self.place(row, last as u32 - 1, None),
                    format!(
                        "the header row of the sheet \"{}\" has {last} columns; at most {MAX_COLUMNS} are read",
                        self.name
                    ),
                ));
                return Err(());
            }
            self.width = last;
            let rec = self.record(row, cells, &[]);
            diags.append(&mut self.diags);
            Ok(Some((rec, row as usize + 1)))
        }

        fn next_row(
            &mut self,
            header: &[String],
            _diags: &mut Vec<Diagnostic>,
        ) -> Option<(usize, csv::StringRecord)> {
            let (row, cells) = self.rest.next()?;
            Some((row as usize + 1, self.record(row, cells, header)))
        }
    }

    /// A cell's value as text (see the module's documentation).
    fn cell_text(v: &DataRef) -> Cell {
        Cell::Text(match v {
            DataRef::Empty => String::new(),
            DataRef::String(s) => s.clone(),
            DataRef::SharedString(s) => (*s).to_string(),
            DataRef::Int(i) => i.to_string(),
            DataRef::Float(f) => plain_csv::number_text(*f),
            DataRef::Bool(b) => if *b { "true" } else { "false" }.to_string(),
            DataRef::DateTime(d) if d.is_datetime() => {
                let (y, mo, da, h, mi, s, ms) = d.to_ymd_hms_milli();
                match (h, mi, s, ms) {
                    (0, 0, 0, 0) => format!("{y:04}-{mo:02}-{da:02}"),
                    (_, _, _, 0) => format!("{y:04}-{mo:02}-{da:02}T{h:02}:{mi:02}:{s:02}"),
                    _ => format!("{y:04}-{mo:02}-{da:02}T{h:02}:{mi:02}:{s:02}.{ms:03}"),
                }
            }
            DataRef::DateTime(d) => plain_csv::number_text(d.as_f64()),
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
            DataRef::Error(e) => return Cell::Error(e.to_string()),
        })
    }

    /// Reads one worksheet's cells; `None` when it cannot be read (reported).
    fn read_sheet<R: Read + std::io::Seek>(
        book: &mut Xlsx<R>,
        name: &str,
        file: &'static str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Sheet> {
        let mut sheet = Sheet::empty(name, file);
        let failed = |e: &dyn std::fmt::Display| {
            Diagnostic::error(
                Code::InvalidArchive,
                Place {
                    file: Some(file.to_string()),
                    sheet: Some(name.to_string()),
                    ..Place::default()
                },
                format!("the sheet \"{name}\" cannot be read: {e}"),
            )
        };
        let mut cells = match book.worksheet_cells_reader(name) {
            Ok(c) => c,
            Err(e) => {
                diags.push(failed(&e));
                return None;
            }
        };
        loop {
            match cells.next_cell() {
                Ok(Some(cell)) => {
                    let (row, col) = cell.get_position();
                    let value = cell_text(cell.get_value());
                    if matches!(&value, Cell::Text(t) if t.is_empty()) {
                        continue;
                    }
                    sheet.rows.entry(row).or_default().push((col, value));
                }
                Ok(None) => break,
                Err(e) => {
                    diags.push(failed(&e));
                    return None;
                }
            }
        }
        for cells in sheet.rows.values_mut() {
            cells.sort_by_key(|(col, _)| *col);
        }
        Some(sheet)
    }
}
