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
