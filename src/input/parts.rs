//! The per-document size cap (`--max-doc-bytes`): a document larger than the cap is read in
//! parts of at most that many bytes, each extracted as a document of its own.
//!
//! * Cuts fall at the last paragraph break in the second half of the window, else the last
//!   line break, else the last sentence end (`.`, `!` or `?`, maybe closing quotes or brackets,
//!   then a space), else the last white space, else the last character boundary ([`cut`]).
//!   So a part is at least half the cap, and the extraction of a huge document costs the
//!   extraction of its parts: linear in its length, whatever the stages do inside a part.
//! * Files and standard input are read part by part ([`read_parts`]): a part is extracted while
//!   the next is read, so memory is bounded by the cap, not by the file; an endless stream
//!   (`/dev/zero` on standard input) is refused after its first 8 KiB as binary.
//! * The first part keeps the document's id; part *k* is `ID#pk`. Every part records the whole
//!   document's id (`part_of`) and its byte `offset` in it, and the offsets of its evidence and
//!   statements are those of the whole document. Coreference does not cross parts: a pronoun at
//!   the top of part 2 has no antecedent in part 1.

use super::decode::{binary_at, decode, is_utf16, utf8_lossy_into, DecodeError, BINARY_SNIFF};
use super::{InputWarning, RawDoc};
use std::io::Read;
use std::ops::Range;

/// The default cap: 4 MiB. News articles are 2–50 KB; a larger "document" is almost always a
/// concatenation (a dump, a book, a log).
pub const DEFAULT_MAX_DOC_BYTES: usize = 4 << 20;

/// Parses a size: a number of bytes, optionally with `K`, `M` or `G` (powers of 1024; `KB`,
/// `MiB` … also accepted). `0` means no cap.
pub fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: usize = num.parse().map_err(|_| format!("{s:?} is not a size (examples: 4000000, 4M, 512K)"))?;
    let mul: usize = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        _ => return Err(format!("{s:?}: unknown unit {unit:?} (use K, M or G)")),
    };
    n.checked_mul(mul).ok_or_else(|| format!("{s:?} is too large"))
}

/// The id of part `k` (0-based) of document `id`.
pub fn part_id(id: &str, k: usize) -> String {
    if k == 0 { id.to_string() } else { format!("{id}#p{}", k + 1) }
}

/// The warning on the first part of a split document.
pub fn split_warning(id: &str, max: usize) -> String {
    format!(
        "larger than --max-doc-bytes ({max} bytes): read in parts of at most that size, cut at paragraph breaks, as documents {:?}, {:?}, …; offsets stay those of the whole document; coreference does not cross parts",
        part_id(id, 0),
        part_id(id, 1)
    )
}

/// Where to cut `bytes` so that the first part holds at most `max` bytes (see the module
/// notes). Always at least 1; `bytes.len()` when it fits.
pub fn cut(bytes: &[u8], max: usize) -> usize {
    let max = max.max(1);
    if bytes.len() <= max {
        return bytes.len();
    }
    let lo = max / 2;
    let window = &bytes[lo..max];
    let at = |i: usize| lo + i;
    // A paragraph break: a blank line (`\n\n`, or `\n\r\n`).
    if let Some(i) = window.windows(2).rposition(|w| w == b"\n\n") {
        return at(i + 2);
    }
    if let Some(i) = window.windows(3).rposition(|w| w == b"\n\r\n") {
        return at(i + 3);
    }
    if let Some(i) = window.iter().rposition(|&b| b == b'\n') {
        return at(i + 1);
    }
    // A sentence end: `.`, `!` or `?`, closing quotes or brackets, then a space.
    let mut i = window.len();
    while let Some(j) = window[..i].iter().rposition(|&b| b == b' ') {
        let before = window[..j].iter().rev().find(|&&b| !(matches!(b, b'"' | b'\'' | b')' | b']') || b >= 0x80));
        if matches!(before, Some(b'.' | b'!' | b'?')) {
            return at(j + 1);
        }
        i = j;
    }
    if let Some(i) = window.iter().rposition(|b| b.is_ascii_whitespace()) {
        return at(i + 1);
    }
    // A character boundary: never inside a UTF-8 sequence, which has at most three
    // continuation bytes (a longer run of them is invalid UTF-8, cut anywhere).
    let cont = |i: usize| bytes.get(i).is_some_and(|b| b & 0xC0 == 0x80);
    let mut c = max;
    while c > max.saturating_sub(3) && c > 0 && cont(c) {
        c -= 1;
    }
    if cont(c) {
        return max;
    }
    if c == 0 {
        // A cap smaller than the first character: past it (at most three bytes more).
        c = max;
        while c < max + 3 && cont(c) {
            c += 1;
        }
    }
    c
}

/// The parts of `text` under the cap `max` (0 = no cap), as byte ranges; parts that hold only
/// white space are left out.
pub fn split_text(text: &str, max: usize) -> Vec<Range<usize>> {
    if max == 0 || text.len() <= max {
        return std::iter::once(0..text.len()).collect();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let mut n = cut(&bytes[start..], max);
        // `cut` works on bytes; the text is UTF-8, so move to a character boundary.
        while !text.is_char_boundary(start + n) {
            n += 1;
        }
        if !text[start..start + n].trim().is_empty() {
            out.push(start..start + n);
        }
        start += n;
    }
    out
}

/// Splits an in-memory document (a JSON-lines article, a UTF-16 file) into parts under the cap.
pub fn split_doc(doc: RawDoc, max: usize) -> Vec<RawDoc> {
    let ranges = split_text(&doc.text, max);
    if ranges.len() <= 1 && ranges.first().is_none_or(|r| r.len() == doc.text.len()) {
        return vec![doc];
    }
    let whole = doc.id.clone();
    ranges
        .into_iter()
        .enumerate()
        .map(|(k, r)| {
            let mut warnings = if k == 0 { doc.warnings.clone() } else { Vec::new() };
            if k == 0 {
                warnings.push(split_warning(&whole, max));
            }
            RawDoc {
                id: part_id(&whole, k),
                source: doc.source.clone(),
                text: doc.text[r.clone()].to_string(),
                date: doc.date.clone(),
                title: doc.title.clone(),
                agency: doc.agency.clone(),
                bytes: r.len() as u64,
                warnings,
                offset: doc.offset + r.start as u64,
                part_of: Some(whole.clone()),
            }
        })
        .collect()
}

/// Reads at most `want` bytes more into `buf`; returns whether the end was reached.
fn fill(r: &mut dyn Read, buf: &mut Vec<u8>, want: usize) -> std::io::Result<bool> {
    let target = buf.len() + want;
    while buf.len() < target {
        let before = buf.len();
        let n = (&mut *r).take((target - before) as u64).read_to_end(buf);
        match n {
            Ok(0) => return Ok(true),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(false)
}

/// Reads a document from `r` (a file or standard input): whole when it is at most `max` bytes
/// (0 = no cap), else part by part; each document, or the problem, goes to `emit` as soon as
/// it is read. `id` and `source` name it.
pub fn read_parts(r: &mut dyn Read, id: &str, source: &str, max: usize, emit: &mut dyn FnMut(Result<RawDoc, InputWarning>)) {
    let warn = |message: String| InputWarning { path: source.to_string(), message };
    let mut buf = Vec::new();
    // The head decides: UTF-16 (read whole, split after decoding) or binary (stop reading).
    let mut eof = match fill(r, &mut buf, BINARY_SNIFF) {
        Ok(e) => e,
        Err(e) => return emit(Err(warn(format!("cannot read: {e}")))),
    };
    if is_utf16(&buf) {
        if let Err(e) = r.read_to_end(&mut buf) {
            return emit(Err(warn(format!("cannot read: {e}"))));
        }
        return match decode(&buf) {
            Ok((text, warnings)) => {
                let doc = RawDoc { id: id.to_string(), source: source.to_string(), text, bytes: buf.len() as u64, warnings, ..Default::default() };
                split_doc(doc, max).into_iter().for_each(|d| emit(Ok(d)));
            }
            Err(e) => emit(Err(warn(e.to_string()))),
        };
    }
    if let Some(p) = binary_at(&buf) {
        return emit(Err(warn(DecodeError::Binary(p).to_string())));
    }
    let mut base = 0u64;
    let mut k = 0usize;
    let mut emitted = 0usize;
    loop {
        let want = if max == 0 { usize::MAX } else { (max + 1).saturating_sub(buf.len()) };
        if !eof && want > 0 {
            eof = match if max == 0 { r.read_to_end(&mut buf).map(|_| true) } else { fill(r, &mut buf, want) } {
                Ok(e) => e,
                Err(e) => {
                    emit(Err(warn(format!("cannot read at byte {}: {e}", base + buf.len() as u64))));
                    return;
                }
            };
        }
        let whole = k == 0 && (max == 0 || buf.len() <= max);
        if whole {
            return match decode(&buf) {
                Ok((text, warnings)) => emit(Ok(RawDoc { id: id.to_string(), source: source.to_string(), text, bytes: buf.len() as u64, warnings, ..Default::default() })),
                Err(e) => emit(Err(warn(e.to_string()))),
            };
        }
        let n = cut(&buf, max);
        let rest = buf.split_off(n);
        let part = std::mem::replace(&mut buf, rest);
        let mut text = String::with_capacity(part.len());
        let mut warnings = Vec::new();
        if k == 0 {
            warnings.push(split_warning(id, max));
            let body = if part.starts_with(&[0xEF, 0xBB, 0xBF]) {
                text.push_str("   ");
                &part[3..]
            } else {
                &part[..]
            };
            warnings.extend(utf8_lossy_into(body, part.len() - body.len(), &mut text));
        } else {
            warnings.extend(utf8_lossy_into(&part, base as usize, &mut text));
        }
        if !text.trim().is_empty() {
            emitted += 1;
            emit(Ok(RawDoc {
                id: part_id(id, k),
                source: source.to_string(),
                bytes: part.len() as u64,
                text,
                warnings,
                offset: base,
                part_of: Some(id.to_string()),
                ..Default::default()
            }));
        }
        base += part.len() as u64;
        k += 1;
        if eof && buf.is_empty() {
            break;
        }
    }
    if emitted == 0 {
        emit(Err(warn(DecodeError::Empty.to_string())));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("4M"), Ok(4 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("0"), Ok(0));
        assert!(parse_size("4X").is_err());
        assert!(parse_size("M").is_err());
    }

    #[test]
    fn cuts_prefer_paragraphs_then_lines_then_sentences() {
        assert_eq!(cut(b"aaaa bbbb\n\ncccc dddd", 14), 11);
        assert_eq!(cut(b"aaaa bbbb\ncccc dddd", 14), 10);
        assert_eq!(cut(b"Aaaa bbb. Cccc dd ee", 14), 10);
        assert_eq!(cut(b"Aaaa bbb\xe2\x80\x9d. Cccc", 14), 13);
        assert_eq!(cut(b"aaaaaaaaaaaaaaaaaaaa", 14), 14);
        assert_eq!(cut("ééééééééé".as_bytes(), 5), 4);
        assert_eq!(cut(b"short", 14), 5);
        // A run of continuation bytes (invalid UTF-8) is cut at the cap, not after the run.
        assert_eq!(cut(&[b'a', 0xE3, 0x8E, 0xB9, 0xB9, 0xB9, 0xB9, 0xB9, 0xB9, 0xB9], 6), 6);
        assert_eq!(cut("\u{1F600}x".as_bytes(), 2), 4);
    }

    #[test]
    fn parts_cover_the_text_and_respect_the_cap() {
        let text = "One sentence here. Another one there!\n\nA new paragraph, with words.\n".repeat(50);
        let parts = split_text(&text, 200);
        assert!(parts.len() > 10);
        assert_eq!(parts.first().unwrap().start, 0);
        assert_eq!(parts.last().unwrap().end, text.len());
        for w in parts.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
        assert!(parts.iter().all(|r| r.len() <= 200));
        assert!(parts[..parts.len() - 1].iter().all(|r| r.len() >= 100));
    }

    #[test]
    fn read_parts_streams_parts_with_offsets_of_the_whole() {
        let text = "Alpha beta gamma.\n\nDelta epsilon.\n\n".repeat(40);
        let mut got = Vec::new();
        read_parts(&mut text.as_bytes(), "big.txt", "big.txt", 100, &mut |d| got.push(d.unwrap()));
        assert!(got.len() > 5);
        assert_eq!(got[0].id, "big.txt");
        assert_eq!(got[1].id, "big.txt#p2");
        assert!(got[0].warnings[0].contains("--max-doc-bytes"), "{:?}", got[0].warnings);
        for d in &got {
            let at = d.offset as usize;
            assert_eq!(&text[at..at + d.text.len()], d.text);
            assert_eq!(d.part_of.as_deref(), Some("big.txt"));
        }
        let mut one = Vec::new();
        read_parts(&mut text.as_bytes(), "big.txt", "big.txt", 0, &mut |d| one.push(d.unwrap()));
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].part_of, None);
    }

    #[test]
    fn an_endless_binary_stream_is_refused_after_its_head() {
        let mut zeros = std::io::repeat(0);
        let mut got = Vec::new();
        read_parts(&mut zeros, "-", "-", 1 << 20, &mut |d| got.push(d));
        assert_eq!(got.len(), 1);
        assert!(got[0].as_ref().unwrap_err().message.contains("binary"));
    }
}
