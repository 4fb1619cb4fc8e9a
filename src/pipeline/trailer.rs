//! The trailer of a facts file: how `merge` tells a whole facts file from a truncated one.
//!
//! `newsgraph extract` ends its output — a file or standard output — with one more JSON line:
//!
//! ```text
//! {"trailer":{"format":"newsgraph-facts/1","documents":3,"checksum":"fnv1a64-sum:9f0c…"}}
//! ```
//!
//! * `documents` is the number of document lines before it;
//! * `checksum` is the sum (mod 2^64) of the 64-bit FNV-1a hashes of those lines, each without
//!   its line end (`\n` or `\r\n`), as 16 hex digits. A sum, so the lines may be reordered
//!   (`sort`, a shuffle) without breaking it, like merging itself.
//!
//! A trailer covers the document lines since the previous trailer, so facts files can be
//! concatenated (`cat part-* > all.jsonl`) and each part is checked on its own. Blank lines and
//! lines that are not facts (reported as warnings) count for nothing. `merge` refuses a file
//! whose last document lines are not followed by a trailer (a killed `extract`: the file ends
//! on a line boundary, so nothing else shows it), a file with no trailer at all, and a trailer
//! whose count or checksum differs from the lines before it — naming the file and line.

use serde::{Deserialize, Serialize};

/// The `format` of the trailer.
pub const FORMAT: &str = "newsgraph-facts/1";

/// The trailer line's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trailer {
    /// [`FORMAT`].
    pub format: String,
    /// Document lines since the previous trailer.
    pub documents: u64,
    /// `fnv1a64-sum:` and 16 hex digits.
    pub checksum: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    trailer: Trailer,
}

/// The 64-bit FNV-1a hash of a line without its line end.
pub fn line_hash(line: &[u8]) -> u64 {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in line {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Counts and sums the document lines of one segment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Document lines.
    pub documents: u64,
    /// Sum of their hashes.
    pub sum: u64,
}

impl Tally {
    /// Adds a document line, given its [`line_hash`].
    pub fn add(&mut self, hash: u64) {
        self.documents = self.documents.saturating_add(1);
        self.sum = self.sum.wrapping_add(hash);
    }

    /// The trailer line (with its `\n`) for the lines added.
    pub fn trailer_line(&self) -> Vec<u8> {
        let t = Trailer { format: FORMAT.into(), documents: self.documents, checksum: format!("fnv1a64-sum:{:016x}", self.sum) };
        let mut out = serde_json::to_vec(&Line { trailer: t }).unwrap_or_default();
        out.push(b'\n');
        out
    }

    /// Checks a trailer against the lines added; the error says what differs.
    pub fn check(&self, t: &Trailer) -> Result<(), String> {
        if t.format != FORMAT {
            return Err(format!("trailer of an unknown format {:?} (this newsgraph reads {FORMAT:?})", t.format));
        }
        let sum = format!("fnv1a64-sum:{:016x}", self.sum);
        if t.documents != self.documents {
            return Err(format!("the trailer counts {} document line(s), the file holds {} before it: lines were lost or added", t.documents, self.documents));
        }
        if t.checksum != sum {
            return Err(format!("the checksum of the document lines is {sum}, the trailer says {}: the file is damaged", t.checksum));
        }
        Ok(())
    }
}

/// Is this line a trailer? `Some(Err)` for a line that starts like one but is not well formed.
pub fn parse(line: &str) -> Option<Result<Trailer, String>> {
    let t = line.trim_start();
    let rest = t.strip_prefix('{')?.trim_start();
    if !rest.starts_with("\"trailer\"") {
        return None;
    }
    Some(serde_json::from_str::<Line>(line).map(|l| l.trailer).map_err(|e| format!("bad trailer line: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trailer_round_trips_and_checks_count_and_sum() {
        let mut t = Tally::default();
        for l in ["{\"document\":1}\n", "{\"document\":2}\r\n"] {
            t.add(line_hash(l.as_bytes()));
        }
        let line = String::from_utf8(t.trailer_line()).unwrap();
        let parsed = parse(&line).unwrap().unwrap();
        assert_eq!(t.check(&parsed), Ok(()));
        let mut fewer = Tally::default();
        fewer.add(line_hash(b"{\"document\":1}"));
        assert!(fewer.check(&parsed).unwrap_err().contains("counts 2"));
        let mut other = fewer;
        other.add(line_hash(b"{\"document\":3}"));
        assert!(other.check(&parsed).unwrap_err().contains("damaged"));
        // Order does not matter; line ends do not either.
        let mut rev = Tally::default();
        rev.add(line_hash(b"{\"document\":2}"));
        rev.add(line_hash(b"{\"document\":1}\n"));
        assert_eq!(rev.check(&parsed), Ok(()));
        assert!(parse("{\"document\":{}}").is_none());
        assert!(parse("{\"trailer\": 5}").unwrap().is_err());
    }
}
