//! A user's file from bytes to text, the same way on the command line and in the page.
//!
//! - [`read_limited`]: reads a file (any [`std::io::Read`] the caller opened) and stops as soon as
//!   it passes the size limit (`Limits::file_bytes`), so `/dev/zero` or a 3 GB file is refused
//!   after reading one byte more than the limit, never held whole. A text file with a NUL byte
//!   is refused as soon as the NUL is read (a binary file, or `/dev/zero`); zip archives (Archi's
//!   `.archimate`, Excel's `.xlsx`), compound files (Excel's old `.xls`, refused by the import
//!   with its own message) and UTF-16 text with a byte order mark may hold NULs.
//! - [`decode`]: text from bytes: a UTF-8 byte order mark is dropped, UTF-16 with a byte order
//!   mark (little or big endian) is decoded, anything else must be UTF-8; the error names the
//!   line and offset of the first bad byte and says to save the file as UTF-8.

use crate::diagnostics::{Code, Diagnostic, Place, count};
use std::borrow::Cow;
use std::io::Read;

const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";
const UTF16LE_BOM: &[u8] = b"\xff\xfe";
const UTF16BE_BOM: &[u8] = b"\xfe\xff";
const ZIP: &[u8] = b"PK\x03\x04";
/// The start of an OLE compound file (Excel 97-2003 `.xls`; password-protected workbooks).
const COMPOUND_FILE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The end record of an empty zip archive.
const EMPTY_ZIP: &[u8] = b"PK\x05\x06";

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The system could not read it (missing, a permission, a device error).
    Io(std::io::Error),
    /// Read, and refused: too large (`LIMIT_EXCEEDED`) or binary (`UNSUPPORTED_FORMAT`).
    Refused(Box<Diagnostic>),
}

/// A byte count for messages: `2 GiB`, `128 MiB`, `512 KiB`, `100 bytes`.
pub fn bytes(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (size, unit) in UNITS {
        if n >= size {
            let x = n as f64 / size as f64;
            return if n % size == 0 {
                format!("{} {unit}", n / size)
            } else {
                format!("{x:.1} {unit}")
            };
        }
    }
    format!("{n} bytes")
}

fn at_file(name: &str, line: Option<usize>) -> Place {
    Place {
        file: (!name.is_empty()).then(|| name.to_string()),
        line,
        ..Place::default()
    }
}

/// The error for a file larger than `limit` bytes.
pub fn too_large(name: &str, limit: u64, size: Option<u64>) -> Diagnostic {
    let has = match size {
        Some(n) if n < 1 << 10 => format!("the file has {n} bytes, more than"),
        Some(n) => format!(
            "the file has {} bytes ({}), more than",
            crate::diagnostics::count(n as usize),
            bytes(n)
        ),
        None => "the file is larger than".to_string(),
    };
    Diagnostic::error(
        Code::LimitExceeded,
        at_file(name, None),
        format!(
            "{has} {}, the most this reader takes in one file (limit file_bytes); split the model or raise the limit",
            bytes(limit)
        ),
    )
}

/// The error for a NUL byte at `offset` of a file that must be text.
fn binary(name: &str, data: &[u8], offset: usize) -> Diagnostic {
    let line = 1 + data[..offset].iter().filter(|&&b| b == b'\n').count();
    Diagnostic::error(
        Code::UnsupportedFormat,
        at_file(name, Some(line)),
        format!(
            "the file is binary, not text: it holds a NUL byte at offset {}; aligngraph reads JSON, XML and CSV saved as UTF-8 text, and zipped .archimate files",
            count(offset)
        ),
    )
}

/// True for content that may hold NUL bytes: a zip archive, a compound file (an old `.xls`),
/// or UTF-16 with a byte order mark.
fn may_hold_nul(head: &[u8]) -> bool {
    head.starts_with(ZIP)
        || head.starts_with(&COMPOUND_FILE[..4])
        || head.starts_with(EMPTY_ZIP)
        || head.starts_with(UTF16LE_BOM)
        || head.starts_with(UTF16BE_BOM)
}

/// Reads everything from `reader`, at most `limit` bytes: the read stops at byte `limit + 1`
/// with a `LIMIT_EXCEEDED` error, and at the first NUL byte of what must be text with an
/// `UNSUPPORTED_FORMAT` error naming the file as binary. `name` labels the messages.
///
/// `size`, when known (a regular file's length), refuses a file over the limit before reading
/// it and sizes the buffer once.
///
/// Memory: at most `limit` bytes plus one read buffer (64 KiB).
pub fn read_limited<R: Read>(
    reader: R,
    limit: u64,
    name: &str,
    size: Option<u64>,
) -> Result<Vec<u8>, ReadError> {
    if size.is_some_and(|n| n > limit) {
        return Err(ReadError::Refused(Box::new(too_large(name, limit, size))));
    }
    let mut r = reader.take(limit.saturating_add(1));
    let mut out: Vec<u8> = Vec::with_capacity(size.map_or(0, |n| n as usize + 1));
    let mut buf = vec![0u8; 64 * 1024];
    // Whether NULs are refused: decided once four bytes (or the whole file) are in.
    let mut text: Option<bool> = None;
    let mut scanned = 0;
    loop {
        let n = match r.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ReadError::Io(e)),
        };
        out.extend_from_slice(&buf[..n]);
        if out.len() as u64 > limit {
            return Err(ReadError::Refused(Box::new(too_large(name, limit, None))));
        }
        if text.is_none() && (out.len() >= 4 || n == 0) {
            text = Some(!may_hold_nul(&out));
        }
        if text == Some(true) {
            if let Some(p) = out[scanned..].iter().position(|&b| b == 0) {
                return Err(ReadError::Refused(Box::new(binary(
                    name,
                    &out,
                    scanned + p,
                ))));
            }
            scanned = out.len();
        }
        if n == 0 {
            return Ok(out);
        }
    }
}

/// UTF-16 text with a byte order mark, as UTF-8 bytes; `None` when `data` has no UTF-16 byte
/// order mark.
pub fn from_utf16(name: &str, data: &[u8], code: Code) -> Option<Result<Vec<u8>, Box<Diagnostic>>> {
    let big = if data.starts_with(UTF16LE_BOM) {
        false
    } else if data.starts_with(UTF16BE_BOM) {
        true
    } else {
        return None;
    };
    let body = &data[2..];
    let units = body.chunks(2).map(|c| match (c, big) {
        ([a, b], false) => u16::from_le_bytes([*a, *b]),
        ([a, b], true) => u16::from_be_bytes([*a, *b]),
        // An odd last byte: not a code unit; decoded as a lone surrogate, so it is refused.
        _ => 0xD800,
    });
    let mut out = String::with_capacity(body.len() / 2 + 16);
    let mut line = 1;
    for (k, c) in char::decode_utf16(units).enumerate() {
        match c {
            Ok(c) => {
                if c == '\n' {
                    line += 1;
                }
                out.push(c);
            }
            Err(_) => {
                return Some(Err(Box::new(Diagnostic::error(
                    code,
                    at_file(name, Some(line)),
                    format!(
                        "the file starts with a UTF-16 byte order mark but is not UTF-16 text (a broken character at offset {}); save it as UTF-8",
                        count(2 + 2 * k)
                    ),
                ))));
            }
        }
    }
    let out = out.strip_prefix('\u{feff}').unwrap_or(&out).to_string();
    Some(Ok(out.into_bytes()))
}

/// The text of a file: without a UTF-8 byte order mark, decoded from UTF-16 when it starts
/// with a UTF-16 byte order mark, else UTF-8. A file that is not text gets `code` (the format's
/// own: `INVALID_JSON`, `INVALID_XML`, `INVALID_CSV`) with the line and offset of the first bad
/// byte.
pub fn decode<'a>(name: &str, data: &'a [u8], code: Code) -> Result<Cow<'a, str>, Box<Diagnostic>> {
    if let Some(r) = from_utf16(name, data, code) {
        let utf8 = r?;
        return String::from_utf8(utf8).map(Cow::Owned).map_err(|_| {
            Box::new(Diagnostic::error(
                code,
                at_file(name, None),
                "not UTF-16 text",
            ))
        });
    }
    let b = data.strip_prefix(UTF8_BOM).unwrap_or(data);
    let skipped = data.len() - b.len();
    utf8(b).map(Cow::Borrowed).map_err(|e| {
        let at = e.valid_up_to();
        let line = b[..at].iter().filter(|&&c| c == b'\n').count() + 1;
        Box::new(Diagnostic::error(
            code,
            at_file(name, Some(line)),
            format!(
                "the file is not UTF-8 text: byte 0x{:02X} at offset {} is not UTF-8 (a file saved as Latin-1 or \"ANSI\"?); save it as UTF-8",
                b[at],
                count(at + skipped)
            ),
        ))
    })
}

/// Bytes checked as UTF-8 text: [`std::str::from_utf8`], with the same result and error, faster
/// on text that is mostly ASCII (a model's JSON). Runs of ASCII are passed 64 bytes at a time,
/// as eight 64-bit words or-ed together (the standard check goes a machine word at a time, four
/// bytes in Wasm); the standard check reads what is around each byte above 0x7F.
pub fn utf8(b: &[u8]) -> Result<&str, std::str::Utf8Error> {
    const BLOCK: usize = 64;
    // Eight words of eight bytes or-ed together: a byte above 0x7F sets its word's high bit.
    let ascii = |block: &[u8]| {
        let word = |c: &[u8]| {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            u64::from_ne_bytes(w)
        };
        block.chunks_exact(8).fold(0, |a, c| a | word(c)) & 0x8080_8080_8080_8080 == 0
    };
    let mut i = 0;
    while i < b.len() {
        let blocks = b[i..].chunks_exact(BLOCK);
        i += blocks.take_while(|block| ascii(block)).count() * BLOCK;
        // `i` is at a character boundary: everything before it was checked.
        let end = (i + BLOCK).min(b.len());
        match std::str::from_utf8(&b[i..end]) {
            Ok(_) => i = end,
            // A character cut by the window's end: go on from its start (at least 60 bytes on).
            Err(e) if e.error_len().is_none() && end < b.len() => i += e.valid_up_to(),
            // The standard check over the whole text names the same first bad byte.
            Err(_) => return std::str::from_utf8(b),
        }
    }
    // SAFETY: every byte of `b` was checked above: runs of ASCII, and the rest by
    // `std::str::from_utf8` in windows that start and end at character boundaries.
    Ok(unsafe { std::str::from_utf8_unchecked(b) })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every way a byte can be bad, at every place around the 64-byte blocks, gives what the
    /// standard check gives.
    #[test]
    fn the_fast_check_agrees_with_the_standard_one() {
        let pieces: [&[u8]; 12] = [
            b"a",
            "é".as_bytes(),
            "€".as_bytes(),
            "𝄞".as_bytes(),
            b"\x80",
            b"\xC3",
            b"\xE2\x82",
            b"\xF0\x9D\x84",
            b"\xFF",
            b"\xED\xA0\x80",
            b"\xC0\xAF",
            b"\xF4\x90\x80\x80",
        ];
        for len in [0, 1, 63, 64, 65, 127, 128, 200] {
            for at in 0..len.max(1) {
                for p in pieces {
                    let mut v = vec![b'x'; len];
                    v.splice(at.min(len)..at.min(len), p.iter().copied());
                    // Two characters cut across the next block's edge as well.
                    let mut w = v.clone();
                    w.extend_from_slice("é€".as_bytes());
                    for t in [&v, &w] {
                        let (fast, std) = (utf8(t), std::str::from_utf8(t));
                        assert_eq!(fast, std, "{t:?}");
                    }
                }
            }
        }
        let text = "ünïcödé ".repeat(100) + &"x".repeat(1000) + "𝄞";
        assert_eq!(utf8(text.as_bytes()), Ok(text.as_str()));
    }

    #[test]
    fn utf16_both_orders_decode() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<a>é</a>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("<a>é</a>".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        for d in [le, be] {
            assert_eq!(decode("x.xml", &d, Code::InvalidXml).unwrap(), "<a>é</a>");
        }
    }

    #[test]
    fn sizes_read_as_units() {
        assert_eq!(bytes(2 << 30), "2 GiB");
        assert_eq!(bytes(128 << 20), "128 MiB");
        assert_eq!(bytes(1536), "1.5 KiB");
        assert_eq!(bytes(10), "10 bytes");
    }
}
