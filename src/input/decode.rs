//! Bytes → text, explicitly (in the manner of ripgrep's searcher): BOMs, UTF-16, binary
//! detection, invalid UTF-8 replaced byte for byte so offsets stay those of the file.

/// Bytes looked at for a NUL byte that marks a binary file.
pub const BINARY_SNIFF: usize = 8192;

/// Why a byte buffer could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// NUL bytes: not text.
    #[error("binary file (NUL byte at offset {0}), skipped")]
    Binary(usize),
    /// Nothing but whitespace.
    #[error("empty file, skipped")]
    Empty,
}

/// Is `bytes` UTF-16 (a BOM, LE or BE)?
pub fn is_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])
}

/// The offset of a NUL byte in the first [`BINARY_SNIFF`] bytes (not for UTF-16).
pub fn binary_at(bytes: &[u8]) -> Option<usize> {
    bytes[..bytes.len().min(BINARY_SNIFF)].iter().position(|&b| b == 0)
}

/// Decodes bytes to text; see the module notes. Returns the text and any warnings.
pub fn decode(bytes: &[u8]) -> Result<(String, Vec<String>), DecodeError> {
    let mut warnings = Vec::new();
    let text = if is_utf16(bytes) {
        let le = bytes[0] == 0xFF;
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| {
                let pair = [c[0], *c.get(1).unwrap_or(&0)];
                if le { u16::from_le_bytes(pair) } else { u16::from_be_bytes(pair) }
            })
            .collect();
        warnings.push(format!(
            "UTF-16{} decoded; offsets refer to the UTF-8 text",
            if le { "LE" } else { "BE" }
        ));
        let s = String::from_utf16_lossy(&units);
        if s.contains('\u{FFFD}') {
            warnings.push("invalid UTF-16 replaced".to_string());
        }
        s.replace('\0', " ")
    } else {
        if let Some(p) = binary_at(bytes) {
            return Err(DecodeError::Binary(p));
        }
        let (bom, body) = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            (true, &bytes[3..])
        } else {
            (false, bytes)
        };
        let mut out = String::with_capacity(bytes.len());
        if bom {
            out.push_str("   ");
        }
        let base = if bom { 3 } else { 0 };
        if let Some(w) = utf8_lossy_into(body, base, &mut out) {
            warnings.push(w);
        }
        out
    };
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok((text, warnings))
}

/// Appends `bytes` to `out` as UTF-8, each invalid byte replaced by one `?` (so offsets do not
/// move) and each NUL by a space. Returns the warning for the first bad byte, whose offset is
/// counted from `base` (the offset of `bytes` in the file).
pub fn utf8_lossy_into(bytes: &[u8], base: usize, out: &mut String) -> Option<String> {
    let mut rest = bytes;
    let mut offset = base;
    let mut bad = 0usize;
    let mut first_bad = None;
    let start = out.len();
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                out.push_str(std::str::from_utf8(&rest[..good]).unwrap_or_default());
                let n = e.error_len().unwrap_or(rest.len() - good).max(1);
                first_bad.get_or_insert(offset + good);
                out.extend(std::iter::repeat_n('?', n));
                bad += n;
                offset += good + n;
                rest = &rest[good + n..];
            }
        }
    }
    if out[start..].contains('\0') {
        let fixed = out[start..].replace('\0', " ");
        out.truncate(start);
        out.push_str(&fixed);
    }
    first_bad.map(|at| format!("invalid UTF-8 at byte {at} ({bad} bad byte(s) replaced by '?')"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_keeps_offsets() {
        let (t, w) = decode(b"\xEF\xBB\xBFHello").unwrap();
        assert_eq!(t, "   Hello");
        assert!(w.is_empty());
    }

    #[test]
    fn invalid_utf8_is_replaced_in_place() {
        let (t, w) = decode(b"ab\xFFcd").unwrap();
        assert_eq!(t, "ab?cd");
        assert!(w[0].contains("byte 2"), "{w:?}");
        let mut s = String::new();
        assert!(utf8_lossy_into(b"ab\xFFcd", 100, &mut s).unwrap().contains("byte 102"));
    }

    #[test]
    fn utf16_is_decoded() {
        let mut b = vec![0xFF, 0xFE];
        for u in "Hi there".encode_utf16() {
            b.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&b).unwrap().0, "Hi there");
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert_eq!(decode(b"ab\0cd"), Err(DecodeError::Binary(2)));
        assert_eq!(decode(b"  \n "), Err(DecodeError::Empty));
    }
}
