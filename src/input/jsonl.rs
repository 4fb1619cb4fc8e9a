//! JSON-lines dumps: one article per line, `{"id": "…", "text": "…"}` with optional `date`,
//! `source` (the agency or outlet) and `title`; other fields are ignored.
//!
//! A line is judged field by field, so one bad field never costs the article:
//! * `id` must be a non-empty string: a number, object, `null` or a missing id is an error for
//!   that line (named `FILE:LINE`), which is skipped — ids are never guessed from other types;
//! * `text` must be a string with something in it, else the line is skipped;
//! * `date`, `source` and `title` that are not strings (or `null`), and dates that do not parse,
//!   are dropped with a warning naming the line and the field; the article is kept.

use super::{InputWarning, RawDoc};
use serde_json::{Map, Value};
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// Streams the lines of a file (without decoding them) to `line`, numbered from 1; `-` is
/// standard input (how a pipe is read: `zcat dump.jsonl.gz | newsgraph build --jsonl -`). A file
/// that cannot be opened or read, or is not a regular file, is reported to `warn`, naming it
/// (and the line where reading broke).
pub fn for_each_line(path: &Path, mut line: impl FnMut(usize, &mut Vec<u8>), mut warn: impl FnMut(InputWarning)) {
    let source: Box<dyn std::io::Read> = if path == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        if let Err(w) = super::check_regular(path) {
            return warn(w);
        }
        match fs::File::open(path) {
            Ok(f) => Box::new(f),
            Err(e) => return warn(InputWarning { path: path.display().to_string(), message: format!("cannot read: {e}") }),
        }
    };
    let mut reader = BufReader::with_capacity(1 << 20, source);
    let mut buf = Vec::new();
    let mut line_no = 0;
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                warn(InputWarning { path: format!("{}:{}", path.display(), line_no + 1), message: format!("cannot read: {e}") });
                break;
            }
        }
        line_no += 1;
        line(line_no, &mut buf);
    }
}

/// The JSON type of a value, for messages.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One line of a dump → an article, or why the line is skipped; `warn` gets the fields dropped.
pub fn parse_line(line: &str, here: &str, warn: &mut dyn FnMut(InputWarning)) -> Result<Option<RawDoc>, InputWarning> {
    let err = |message: String| InputWarning { path: here.to_string(), message };
    if line.trim().is_empty() {
        return Ok(None);
    }
    let mut obj: Map<String, Value> = serde_json::from_str(line).map_err(|e| err(format!("bad JSON line: {e}")))?;
    let id = match obj.remove("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        Some(Value::String(_)) => return Err(err("the \"id\" is empty: line skipped".into())),
        Some(v) => return Err(err(format!("the \"id\" must be a string, found {}: line skipped (ids are never converted)", kind(&v)))),
        None => return Err(err("no \"id\": line skipped".into())),
    };
    let text = match obj.remove("text") {
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        Some(Value::String(_)) => return Err(err("empty text, skipped".into())),
        Some(v) => return Err(err(format!("the \"text\" must be a string, found {}: line skipped", kind(&v)))),
        None => return Err(err("no \"text\": line skipped".into())),
    };
    let mut field = |name: &str| match obj.remove(name) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(v) => {
            warn(err(format!("the {name:?} field must be a string, found {}: dropped (the article is kept)", kind(&v))));
            None
        }
    };
    let date = field("date");
    let agency = field("source");
    let title = field("title");
    let date = date.and_then(|d| match crate::text::dates::input_date(&d) {
        Ok(d) => Some(d),
        Err(message) => {
            warn(err(message));
            None
        }
    });
    Ok(Some(RawDoc { id, source: here.to_string(), bytes: text.len() as u64, text, date, title, agency, ..Default::default() }))
}

/// Streams the articles of a JSON-lines file, calling `each` with every good line and `warn`
/// with every problem (see the module notes).
pub fn read_jsonl(path: &Path, mut each: impl FnMut(RawDoc), warn: impl FnMut(InputWarning)) {
    let warn = std::cell::RefCell::new(warn);
    for_each_line(
        path,
        |line_no, buf| {
            let here = format!("{}:{}", path.display(), line_no);
            let line = String::from_utf8_lossy(buf);
            match parse_line(&line, &here, &mut |w| (warn.borrow_mut())(w)) {
                Ok(Some(d)) => each(d),
                Ok(None) => {}
                Err(w) => (warn.borrow_mut())(w),
            }
        },
        |w| (warn.borrow_mut())(w),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> (Result<Option<RawDoc>, InputWarning>, Vec<String>) {
        let mut ws = Vec::new();
        let r = parse_line(line, "d.jsonl:1", &mut |w| ws.push(w.message));
        (r, ws)
    }

    #[test]
    fn a_bad_metadata_field_is_dropped_and_the_article_kept() {
        let (r, ws) = parse(r#"{"id":"a","text":"Lavrov visited Tokyo.","source":12,"title":["x"],"date":"2018-02-30"}"#);
        let d = r.unwrap().unwrap();
        assert_eq!((d.id.as_str(), d.agency, d.title, d.date), ("a", None, None, None));
        assert_eq!(ws.len(), 3, "{ws:?}");
        assert!(ws[0].contains("\"source\"") && ws[0].contains("a number"), "{ws:?}");
    }

    #[test]
    fn ids_that_are_not_strings_are_errors_naming_the_line() {
        for (line, what) in [(r#"{"id":7,"text":"x y"}"#, "a number"), (r#"{"id":null,"text":"x y"}"#, "null"), (r#"{"id":{"a":1},"text":"x y"}"#, "an object")] {
            let e = parse(line).0.unwrap_err();
            assert_eq!(e.path, "d.jsonl:1");
            assert!(e.message.contains(what), "{e}");
        }
        assert!(parse(r#"{"text":"x y"}"#).0.is_err());
        assert!(parse(r#"{"id":"a","text":5}"#).0.is_err());
        assert!(parse("  ").0.unwrap().is_none());
    }
}
