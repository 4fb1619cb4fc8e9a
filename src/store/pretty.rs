//! serde_json's pretty printing, starting at any depth, so that the pieces of `graph.json` can be
//! formatted apart (on several threads) and put together byte for byte as one
//! `serde_json::to_writer_pretty` call would write them.
//!
//! * [`Pretty`] is `serde_json::ser::PrettyFormatter` (two spaces per level) with a starting
//!   level: a value serialized with `Pretty::at(2)` is what the pretty printer writes for an
//!   element of an array that is the value of a key of the top-level object.
//! * [`reformat`] turns compact JSON as serde_json writes it (no white space outside strings)
//!   into the same bytes as [`Pretty`] would write for the value, without parsing it into
//!   Rust types: the stored rows of `graph.db` are compact, `graph.json` is pretty.

use serde_json::ser::Formatter;
use std::io::{self, Write};

/// Spaces for `level` levels of indentation.
pub(super) fn indent(out: &mut Vec<u8>, level: usize) {
    const SPACES: &[u8] = &[b' '; 64];
    let mut n = level * 2;
    while n > 0 {
        let k = n.min(SPACES.len());
        out.extend_from_slice(&SPACES[..k]);
        n -= k;
    }
}

/// `serde_json`'s pretty formatter, starting `level` levels deep.
pub(super) struct Pretty {
    level: usize,
    has_value: bool,
}

impl Pretty {
    /// A formatter whose values start `level` levels deep.
    pub(super) fn at(level: usize) -> Pretty {
        Pretty { level, has_value: false }
    }

    /// An array or object begins: one level deeper, nothing in it yet.
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// It ends: on its own line after its items, right after the opening when it is empty.
    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            write_indent(w, self.level)?;
        }
        w.write_all(bracket)
    }

    /// An item (array value or object key) on its own line.
    fn item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        write_indent(w, self.level)
    }
}

fn write_indent<W: ?Sized + Write>(w: &mut W, level: usize) -> io::Result<()> {
    for _ in 0..level {
        w.write_all(b"  ")?;
    }
    Ok(())
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Serializes `v` pretty-printed, starting `level` levels deep, onto `out`.
pub(super) fn write_at<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, level: usize, v: &T) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, Pretty::at(level));
    v.serialize(&mut ser)
}

/// Appends compact JSON `s` (as serde_json writes it) pretty-printed, starting `level` levels
/// deep: the bytes [`write_at`] gives for the same value. Strings are copied as they are.
pub(super) fn reformat(out: &mut Vec<u8>, s: &str, level: usize) {
    let b = s.as_bytes();
    out.reserve(b.len() + b.len() / 4);
    let mut level = level;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'"' => {
                // Copy the string, escapes included.
                let start = i;
                i += 1;
                while i < b.len() {
                    match b[i] {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
                i = (i + 1).min(b.len());
                out.extend_from_slice(&b[start..i]);
                continue;
            }
            b'{' | b'[' => {
                let close = if c == b'{' { b'}' } else { b']' };
                if b.get(i + 1) == Some(&close) {
                    out.push(c);
                    out.push(close);
                    i += 2;
                    continue;
                }
                level += 1;
                out.push(c);
                out.push(b'\n');
                indent(out, level);
            }
            b'}' | b']' => {
                level = level.saturating_sub(1);
                out.push(b'\n');
                indent(out, level);
                out.push(c);
            }
            b',' => {
                out.extend_from_slice(b",\n");
                indent(out, level);
            }
            b':' => out.extend_from_slice(b": "),
            _ => {
                // A number, true, false or null: up to the next structural byte.
                let start = i;
                while i < b.len() && !matches!(b[i], b',' | b'}' | b']' | b':' | b'"' | b'{' | b'[') {
                    i += 1;
                }
                out.extend_from_slice(&b[start..i]);
                continue;
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pretty_at(v: &serde_json::Value, level: usize) -> String {
        let mut out = Vec::new();
        write_at(&mut out, level, v).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn level_zero_is_serde_json_pretty() {
        let v = json!({"a": [1, 2, {"b": [], "c": {}}], "d": "x\"y\\z,:{[", "e": null, "f": [[], [true]], "g": -1.5e10});
        assert_eq!(pretty_at(&v, 0), serde_json::to_string_pretty(&v).unwrap());
    }

    #[test]
    fn reformat_gives_the_pretty_bytes_at_any_level() {
        for v in [
            json!({"a": [1, 2, {"b": [], "c": {}}], "d": "x\"y\\z,:{[", "e": null, "f": [[], [true]], "g": -1.5e10}),
            json!([]),
            json!({}),
            json!("a \\\" string"),
            json!([{"id": "st-1", "text": "“Quoted,” he said: {not json} [x]", "n": 0}]),
        ] {
            let compact = serde_json::to_string(&v).unwrap();
            for level in [0, 1, 2, 3] {
                let mut out = Vec::new();
                reformat(&mut out, &compact, level);
                assert_eq!(String::from_utf8(out).unwrap(), pretty_at(&v, level), "{compact} at {level}");
            }
        }
    }
}
