//! Lines of records in a text read front to back (the CSV readers).

/// Maps byte offsets of records to their 1-based lines. The csv crate's own line lags by one
/// after `\r\n` (its record starts at the `\n`), so lines are counted here from the bytes.
/// Offsets usually come in order, so each newline is counted once.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    bytes: &'a [u8],
    /// A byte offset and its line, where the last count stopped.
    counted: (usize, usize),
}

impl<'a> LineIndex<'a> {
    /// An index over `bytes`.
    pub fn new(bytes: &'a [u8]) -> LineIndex<'a> {
        LineIndex {
            bytes,
            counted: (0, 1),
        }
    }

    /// The 1-based line on which the record starting at byte `start` begins (line breaks
    /// before it are skipped).
    pub fn line_at(&mut self, start: u64) -> usize {
        let bytes = self.bytes;
        let mut start = (start as usize).min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        let (from, line) = self.counted;
        let newlines = |s: &[u8]| s.iter().filter(|&&b| b == b'\n').count();
        let line = if start >= from {
            line + newlines(&bytes[from..start])
        } else {
            1 + newlines(&bytes[..start])
        };
        self.counted = (start, line);
        line
    }
}

/// A quoted CSV field that is never closed: it opens on `line` and runs to the end of the file,
/// whose last line is `last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unclosed {
    /// The line where the quote opens.
    pub line: usize,
    /// The file's last line.
    pub last: usize,
}

/// A quoted CSV field that runs over lines that look like rows of their own (a quote closed
/// too late, so the rows between were read as text of one cell).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Swallowed {
    /// The line where the quote opens.
    pub open: usize,
    /// The line where it closes.
    pub close: usize,
    /// The first line inside the field with as many separators as a row has.
    pub first_row: usize,
    /// Its separators.
    pub separators: usize,
    /// How many lines inside the field look like rows.
    pub rows: usize,
    /// Text follows the closing quote on its line (`"a` read as the closing quote of the
    /// field and the letter a): a quote meant to open a cell closed an earlier one.
    pub text_after: bool,
}

/// The quoted fields of a CSV text that are never closed or that swallow row-like lines, found
/// the way the csv crate reads quotes: a `"` opens a quoted field only at the start of a field,
/// `""` inside one is a quote, and the next single `"` closes it. A line inside a quoted field
/// looks like a row when it has at least `width - 1` separators (`width`: the header's cells,
/// 3 or more; narrower tables are not checked for row-like lines).
///
/// Complexity: one pass over `bytes`.
pub fn quote_problems(
    bytes: &[u8],
    delimiter: u8,
    width: usize,
) -> (Option<Unclosed>, Vec<Swallowed>) {
    let mut line = 1;
    let mut at_start = true;
    let mut quoted = false;
    let mut open = 0;
    // Inside a quoted field: whether a line break was passed, separators on the current line,
    // and the row-like lines so far.
    let mut inner = false;
    let mut seps = 0;
    let mut rows = 0;
    let mut first_row = (0, 0);
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        if quoted {
            if b == b'"' {
                if bytes.get(i) == Some(&b'"') {
                    i += 1;
                    continue;
                }
                quoted = false;
                at_start = false;
                let text_after = !matches!(bytes.get(i), None | Some(b'\r' | b'\n'))
                    && bytes.get(i) != Some(&delimiter);
                if rows > 0 || (inner && text_after) {
                    found.push(Swallowed {
                        open,
                        close: line,
                        first_row: first_row.0,
                        separators: first_row.1,
                        rows,
                        text_after,
                    });
                }
            } else if b == b'\n' {
                if inner && width >= 3 && seps + 1 >= width {
                    if rows == 0 {
                        first_row = (line, seps);
                    }
                    rows += 1;
                }
                line += 1;
                inner = true;
                seps = 0;
            } else if b == delimiter {
                seps += 1;
            }
            continue;
        }
        match b {
            b'"' if at_start => {
                quoted = true;
                open = line;
                inner = false;
                seps = 0;
                rows = 0;
            }
            b'\n' => {
                line += 1;
                at_start = true;
            }
            b'\r' => at_start = true,
            _ if b == delimiter => at_start = true,
            _ => at_start = false,
        }
    }
    let last = if bytes.ends_with(b"\n") {
        line - 1
    } else {
        line
    };
    let unclosed = quoted.then_some(Unclosed { line: open, last });
    (unclosed, found)
}

impl Unclosed {
    /// The message (its place: the file and [`Self::line`]).
    pub fn message(&self) -> String {
        format!(
            "a quoted cell opens on line {} and is never closed, so the rest of the file (lines {} to {}) would be read as one cell; add the closing quote (a quote inside a cell is written \"\")",
            self.line, self.line, self.last
        )
    }
}

impl Swallowed {
    /// The message (its place: the file and [`Self::line`]).
    pub fn message(&self) -> String {
        let why = if self.rows > 0 {
            format!(
                "{} line(s) inside it look like rows (line {} has {} separators) but are read as text of this cell",
                self.rows, self.first_row, self.separators
            )
        } else {
            format!(
                "on line {} text follows the closing quote, so that quote probably opened a cell of its own",
                self.close
            )
        };
        format!(
            "a quoted cell opens on line {} and closes on line {}; {why}; check for a missing closing quote on line {}",
            self.open, self.close, self.open
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_found_as_the_csv_reader_reads_them() {
        let ok =
            b"id,kind,name\na,goal,\"two\nlines\"\nb,goal,say \"hi\"\nc,goal,\"a \"\"q\"\"\"\n";
        assert_eq!(quote_problems(ok, b',', 3), (None, vec![]));
        let open = b"id,kind,name\na,goal,\"oops\nb,goal,x\n";
        assert_eq!(
            quote_problems(open, b',', 3).0,
            Some(Unclosed { line: 2, last: 3 })
        );
        let late = b"id,kind,name\na,goal,\"oops\nb,goal,x\nc,goal,y\nd,goal,\"z\"\n";
        let (u, s) = quote_problems(late, b',', 3);
        assert_eq!(u, None);
        assert_eq!(s.len(), 1);
        assert_eq!(
            (s[0].open, s[0].close, s[0].first_row, s[0].rows),
            (2, 5, 3, 2)
        );
    }
}
