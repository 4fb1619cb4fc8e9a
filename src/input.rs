//! Stage 0: reading input. Files, directories (recursive, filtered by a glob on the file name),
//! standard input (`-`) and JSON-lines dumps become [`RawDoc`]s: a document id and its text.
//! Document records ([`record`]) carry a file's bytes or a JSON line read on another machine
//! (the Spark job), and become exactly the [`RawDoc`] that reading that file or line here gives.
//!
//! Decoding is explicit, in the manner of ripgrep's searcher:
//! * a UTF-8 BOM is replaced by three spaces, so byte offsets stay those of the file;
//! * UTF-16 with a BOM (LE or BE) is decoded (offsets are then into the UTF-8 text);
//! * a NUL byte in the first 8 KiB marks a binary file, which is skipped with a warning;
//! * each invalid UTF-8 byte becomes one `?` (offsets stay those of the file) and the first bad
//!   offset is reported;
//! * an empty (or all-blank) file is skipped with a warning.
//!
//! Nothing here panics or aborts the run: every problem becomes an [`InputWarning`] that names
//! the file, and reading goes on with the next one.

use serde::Deserialize;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// One document to extract.
#[derive(Debug, Clone, PartialEq)]
pub struct RawDoc {
    /// Document id: the file name (with extension), the JSON line's `id`, or `stdin`.
    pub id: String,
    /// Where it came from (path, `-`, or `FILE:LINE`).
    pub source: String,
    /// The decoded text.
    pub text: String,
    /// Metadata given by the input (JSON lines).
    pub date: Option<String>,
    /// Title given by the input (JSON lines).
    pub title: Option<String>,
    /// Agency / outlet given by the input (JSON lines `source`).
    pub agency: Option<String>,
    /// Size in bytes of the original input.
    pub bytes: u64,
    /// Warnings from decoding (non-fatal).
    pub warnings: Vec<String>,
}

/// A problem with one input: it names the file and says what happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputWarning {
    /// The path (or `-`, or `FILE:LINE`).
    pub path: String,
    /// What happened.
    pub message: String,
}

impl std::fmt::Display for InputWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

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

/// Decodes bytes to text; see the module notes. Returns the text and any warnings.
pub fn decode(bytes: &[u8]) -> Result<(String, Vec<String>), DecodeError> {
    let mut warnings = Vec::new();
    let text = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
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
        s
    } else {
        let head = &bytes[..bytes.len().min(8192)];
        if let Some(p) = head.iter().position(|&b| b == 0) {
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
        let mut rest = body;
        let mut offset = if bom { 3 } else { 0 };
        let mut bad = 0usize;
        let mut first_bad = None;
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    out.push_str(s);
                    break;
                }
                Err(e) => {
                    let good = e.valid_up_to();
                    // SAFETY-free: from_utf8 said these bytes are valid.
                    out.push_str(std::str::from_utf8(&rest[..good]).unwrap_or_default());
                    let n = e.error_len().unwrap_or(rest.len() - good).max(1);
                    first_bad.get_or_insert(offset + good);
                    for _ in 0..n {
                        out.push('?');
                    }
                    bad += n;
                    offset += good + n;
                    rest = &rest[good + n..];
                }
            }
        }
        if let Some(at) = first_bad {
            warnings.push(format!(
                "invalid UTF-8 at byte {at} ({bad} bad byte(s) replaced by '?')"
            ));
        }
        if out.contains('\0') {
            out = out.replace('\0', " ");
        }
        out
    };
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok((text, warnings))
}

/// Matches a file name against a simple glob (`*` and `?`; `{a,b}` alternatives).
pub fn glob_match(pattern: &str, name: &str) -> bool {
    if let (Some(open), Some(close)) = (pattern.find('{'), pattern.find('}')) {
        if open < close {
            let (pre, post) = (&pattern[..open], &pattern[close + 1..]);
            return pattern[open + 1..close]
                .split(',')
                .any(|alt| glob_match(&format!("{pre}{alt}{post}"), name));
        }
    }
    fn rec(p: &[char], n: &[char]) -> bool {
        match (p.first(), n.first()) {
            (None, None) => true,
            (Some('*'), _) => rec(&p[1..], n) || (!n.is_empty() && rec(p, &n[1..])),
            (Some('?'), Some(_)) => rec(&p[1..], &n[1..]),
            (Some(a), Some(b)) if a == b => rec(&p[1..], &n[1..]),
            _ => false,
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    rec(&p, &n)
}

/// Lists the files an input argument stands for: itself, or the files below a directory whose
/// names match `glob`, sorted. Problems become warnings.
pub fn expand_path(path: &Path, glob: &str, warnings: &mut Vec<InputWarning>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    match fs::metadata(path) {
        Err(e) => warnings.push(InputWarning {
            path: path.display().to_string(),
            message: format!("cannot read: {e}"),
        }),
        Ok(m) if m.is_dir() => walk(path, glob, &mut out, warnings),
        Ok(_) => out.push(path.to_path_buf()),
    }
    out
}

fn walk(dir: &Path, glob: &str, out: &mut Vec<PathBuf>, warnings: &mut Vec<InputWarning>) {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            warnings.push(InputWarning {
                path: dir.display().to_string(),
                message: format!("cannot list directory: {e}"),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, glob, out, warnings);
        } else if p.file_name().and_then(|n| n.to_str()).is_some_and(|n| glob_match(glob, n)) {
            out.push(p);
        }
    }
}

/// Reads and decodes one file into a document.
pub fn read_file(path: &Path) -> Result<RawDoc, InputWarning> {
    let warn = |message: String| InputWarning { path: path.display().to_string(), message };
    let bytes = fs::read(path).map_err(|e| warn(format!("cannot read: {e}")))?;
    let id = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    from_bytes(id, path.display().to_string(), &bytes).map_err(|e| warn(e.to_string()))
}

/// Decodes bytes into a document named `id`.
pub fn from_bytes(id: String, source: String, bytes: &[u8]) -> Result<RawDoc, DecodeError> {
    let (text, warnings) = decode(bytes)?;
    Ok(RawDoc {
        id,
        source,
        text,
        date: None,
        title: None,
        agency: None,
        bytes: bytes.len() as u64,
        warnings,
    })
}

/// Reads standard input as one document with id `stdin`.
pub fn read_stdin() -> Result<RawDoc, InputWarning> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| InputWarning { path: "-".into(), message: format!("cannot read: {e}") })?;
    from_bytes("stdin".into(), "-".into(), &bytes)
        .map_err(|e| InputWarning { path: "-".into(), message: e.to_string() })
}

#[derive(Deserialize)]
struct JsonlArticle {
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    title: Option<String>,
}

/// Streams the lines of a file (without decoding them) to `line`, numbered from 1; a file that
/// cannot be opened or read is reported to `warn`, naming it (and the line where reading broke).
pub fn for_each_line(path: &Path, line: impl FnMut(usize, &mut Vec<u8>), mut warn: impl FnMut(InputWarning)) {
    match fs::File::open(path) {
        Ok(f) => for_each_line_in(f, &path.display().to_string(), line, warn),
        Err(e) => warn(InputWarning { path: path.display().to_string(), message: format!("cannot read: {e}") }),
    }
}

/// [`for_each_line`] over any reader; `name` names it in warnings.
pub fn for_each_line_in(reader: impl Read, name: &str, mut line: impl FnMut(usize, &mut Vec<u8>), mut warn: impl FnMut(InputWarning)) {
    let mut reader = BufReader::with_capacity(1 << 20, reader);
    let mut buf = Vec::new();
    let mut line_no = 0;
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                warn(InputWarning { path: format!("{name}:{}", line_no + 1), message: format!("cannot read: {e}") });
                break;
            }
        }
        line_no += 1;
        line(line_no, &mut buf);
    }
}

/// Streams the articles of a JSON-lines file (`id`, `text`, optional `date`, `source`,
/// `title`), calling `each` with every good line and `warn` with every bad one.
pub fn read_jsonl(path: &Path, mut each: impl FnMut(RawDoc), warn: impl FnMut(InputWarning)) {
    let warn = std::cell::RefCell::new(warn);
    for_each_line(
        path,
        |line_no, buf| {
            if let Some(d) = jsonl_article(buf, format!("{}:{}", path.display(), line_no), &mut *warn.borrow_mut()) {
                each(d);
            }
        },
        |w| (warn.borrow_mut())(w),
    );
}

/// One line of a JSON-lines file as a document whose source is `here` (`FILE:LINE`): `None`
/// for a blank line, and for a bad one, which is reported to `warn`.
pub fn jsonl_article(line: &[u8], here: String, warn: &mut dyn FnMut(InputWarning)) -> Option<RawDoc> {
    let line = String::from_utf8_lossy(line);
    if line.trim().is_empty() {
        return None;
    }
    let a = match serde_json::from_str::<JsonlArticle>(&line) {
        Ok(a) => a,
        Err(e) => {
            warn(InputWarning { path: here, message: format!("bad JSON line: {e}") });
            return None;
        }
    };
    let id = match &a.id {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if a.text.trim().is_empty() {
        warn(InputWarning { path: here, message: "empty text, skipped".into() });
        return None;
    }
    let date = checked_date(a.date.as_deref(), &here, warn);
    Some(RawDoc { id, source: here, bytes: a.text.len() as u64, text: a.text, date, title: a.title, agency: a.source, warnings: vec![] })
}

/// One line of a document-records stream (`newsgraph extract --records`, written by the Spark
/// job in `dist/spark`): a document exactly as a local run would have read it, so that its facts
/// are the same bytes. Two kinds, told apart by their fields:
///
/// * `{"id": "a.txt", "source": "news/a.txt", "base64": "…"}` — a file's bytes, decoded like
///   [`read_file`] (BOM, UTF-16, invalid UTF-8, binary and empty files), under the id and source
///   that reading the file would give;
/// * `{"source": "dump.jsonl:17", "line": "{\"id\": …}"}` — one line of a JSON-lines file,
///   read like [`read_jsonl`] reads line 17 of `dump.jsonl`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    source: String,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    base64: Option<String>,
    #[serde(default)]
    line: Option<String>,
}

/// Reads one document record (see [`Record`]; `here` names the record line in warnings about
/// the record itself): the document, or `None` when the record, or the document in it, is
/// bad — which is reported to `warn`, naming the document's source where the record gives it.
pub fn record(line: &[u8], here: &str, warn: &mut dyn FnMut(InputWarning)) -> Option<RawDoc> {
    use base64::Engine;
    if line.iter().all(|b| b.is_ascii_whitespace()) {
        return None;
    }
    let r = match serde_json::from_slice::<Record>(line) {
        Ok(r) => r,
        Err(e) => {
            warn(InputWarning { path: here.to_string(), message: format!("bad document record: {e}") });
            return None;
        }
    };
    match (r.id, r.base64, r.line) {
        (Some(id), Some(b64), None) => match base64::engine::general_purpose::STANDARD.decode(b64.as_bytes()) {
            Ok(bytes) => from_bytes(id, r.source.clone(), &bytes).map_err(|e| warn(InputWarning { path: r.source, message: e.to_string() })).ok(),
            Err(e) => {
                warn(InputWarning { path: r.source, message: format!("bad document record ({here}): base64: {e}") });
                None
            }
        },
        (None, None, Some(l)) => jsonl_article(l.as_bytes(), r.source, warn),
        _ => {
            warn(InputWarning { path: r.source, message: format!("bad document record ({here}): expected `id` and `base64`, or `line`") });
            None
        }
    }
}

/// Streams the documents of a document-records stream (see [`record`]) from `reader`, named
/// `name` in warnings (`-` for standard input).
pub fn read_records(reader: impl Read, name: &str, mut each: impl FnMut(RawDoc), warn: impl FnMut(InputWarning)) {
    let warn = std::cell::RefCell::new(warn);
    for_each_line_in(
        reader,
        name,
        |line_no, buf| {
            if let Some(d) = record(buf, &format!("{name}:{line_no}"), &mut *warn.borrow_mut()) {
                each(d);
            }
        },
        |w| (warn.borrow_mut())(w),
    );
}

/// A JSON-lines `date`, validated ([`crate::text::dates::input_date`]): a bad one is reported to
/// `warn`, naming `FILE:LINE`, and dropped (the document may still get a date from its text).
fn checked_date(date: Option<&str>, here: &str, warn: &mut dyn FnMut(InputWarning)) -> Option<String> {
    match crate::text::dates::input_date(date?) {
        Ok(d) => Some(d),
        Err(message) => {
            warn(InputWarning { path: here.to_string(), message });
            None
        }
    }
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

    #[test]
    fn globs() {
        assert!(glob_match("*.txt", "a.txt"));
        assert!(!glob_match("*.txt", "a.md"));
        assert!(glob_match("*.{txt,md}", "a.md"));
        assert!(glob_match("0?_*", "01_x"));
    }
}
