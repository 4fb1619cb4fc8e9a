//! Document records: documents read on another machine, as the Spark job (`dist/spark`)
//! streams them to each executor's `newsgraph extract --records -`. A record carries a file's
//! bytes or one JSON-lines article line, with the id and source a local run gives it, and
//! becomes exactly the [`RawDoc`]s that reading that file or line here gives — decoded,
//! checked and cut into parts by the same code ([`parts::read_parts`], [`jsonl::parse_line`]),
//! so that its facts are the same bytes.
//!
//! One JSON object per line; two kinds, told apart by their fields:
//!
//! * `{"id": "2016/a.txt", "source": "news/2016/a.txt", "base64": "…"}` — a file's bytes, read
//!   like [`super::read_entry`] reads the file `source` listed with the id `id`;
//! * `{"source": "dump.jsonl:17", "line": "{\"id\": …}"}` — line 17 of a JSON-lines file, read
//!   like [`jsonl::read_jsonl`] reads it.
//!
//! **Names.** A run makes document ids unique as it reads ([`super::ids`]): the second
//! document that claims an id is renamed. That needs every earlier document, which one
//! executor does not see, so the Spark driver lists the documents first
//! (`newsgraph extract --records … --list-documents`, [`list`]: ids as read, before they are
//! made unique), names them all in input order as a local run would, and gives a record whose
//! documents are renamed a `names` field: one entry per document the record holds, in order —
//! `null` to keep the id as read, or `{"id": NEW, "part_of": WHOLE, "collision": {"id": OLD,
//! "by": SOURCE}}` (`collision` when the document's id was taken by the document read from
//! SOURCE, for the warning a local run gives). A record whose documents do not match its
//! `names` in number (listed with another `--max-doc-bytes`) is a warning and is not read.

use super::ids::collision_message;
use super::{jsonl, parts, InputWarning, RawDoc};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// One record line (see the module notes).
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
    #[serde(default)]
    names: Option<Vec<Option<Name>>>,
}

/// The name a document of a record is given by the job's driver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Name {
    /// The document's id in the run.
    pub id: String,
    /// For a part, the id of the whole document in the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
    /// The id the document claimed and the source of the document that held it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collision: Option<Collision>,
}

/// A claimed id that was taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Collision {
    /// The id claimed.
    pub id: String,
    /// Where the document that holds it was read from.
    pub by: String,
}

/// One line of [`list`]'s output: a document a record holds, with its id as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listed {
    /// The record's line number (from 1).
    pub record: usize,
    /// The document's id as read.
    pub id: String,
    /// For a part, the whole document's id as read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
}

/// A hook that gives a document read from a record its id in the run (`true`: read from a file
/// record): [`crate::pipeline`]'s admission, or nothing.
pub type Admit<'a> = &'a mut dyn FnMut(&mut RawDoc, bool);

/// Gives a document the name the driver chose.
fn rename(d: &mut RawDoc, n: &Name, whole: bool) {
    if let Some(c) = &n.collision {
        d.warnings.insert(0, collision_message(&c.id, &c.by, &n.id));
    }
    d.id = n.id.clone();
    if !whole {
        d.part_of = n.part_of.clone();
    }
}

/// Reads one record line (`here` names it in warnings about the record itself) into its
/// documents, cut into parts over `max` bytes (0 = no cap), and hands each, or the problem, to
/// `emit` — after `admit`, which a JSON-lines article meets whole, before it is cut into parts
/// (then its later parts), as in a local run. When `use_names`, the record's `names` are
/// applied first: for a file, one per document read; for an article, the first to the whole
/// article (so that its parts are named after it), the others to its later parts. A blank
/// line holds nothing.
pub fn read_record(line: &[u8], here: &str, max: usize, use_names: bool, admit: Admit<'_>, emit: &mut dyn FnMut(Result<RawDoc, InputWarning>)) {
    use base64::Engine;
    if line.iter().all(|b| b.is_ascii_whitespace()) {
        return;
    }
    let r = match serde_json::from_slice::<Record>(line) {
        Ok(r) => r,
        Err(e) => return emit(Err(InputWarning { path: here.to_string(), message: format!("bad document record: {e}") })),
    };
    let bad = |message: String| InputWarning { path: r.source.clone(), message: format!("bad document record ({here}): {message}") };
    let names = r.names.as_ref().filter(|_| use_names);
    let mismatch = |names: &Vec<Option<Name>>, held: usize| {
        bad(format!(
            "it names {} document(s), it holds {held}: not read (were the records listed with another --max-doc-bytes?)",
            names.len()
        ))
    };
    match (&r.id, &r.base64, &r.line) {
        (Some(id), Some(b64), None) => {
            let bytes = match base64::engine::general_purpose::STANDARD.decode(b64.as_bytes()) {
                Ok(b) => b,
                Err(e) => return emit(Err(bad(format!("base64: {e}")))),
            };
            let mut docs = Vec::new();
            parts::read_parts(&mut bytes.as_slice(), id, &r.source, max, &mut |d| docs.push(d));
            if let Some(names) = names {
                let held = docs.iter().filter(|d| d.is_ok()).count();
                if held != names.len() {
                    return emit(Err(mismatch(names, held)));
                }
                for (d, n) in docs.iter_mut().flatten().zip(names) {
                    if let Some(n) = n {
                        rename(d, n, false);
                    }
                }
            }
            for mut d in docs {
                if let Ok(doc) = &mut d {
                    admit(doc, true);
                }
                emit(d);
            }
        }
        (None, None, Some(l)) => {
            let mut warnings = Vec::new();
            let parsed = jsonl::parse_line(l, &r.source, &mut |w| warnings.push(w));
            warnings.into_iter().for_each(|w| emit(Err(w)));
            let mut d = match parsed {
                Ok(Some(d)) => d,
                Ok(None) => return,
                Err(w) => return emit(Err(w)),
            };
            if let Some(names) = names {
                let held = parts::split_text(&d.text, max).len().max(1);
                if held != names.len() {
                    return emit(Err(mismatch(names, held)));
                }
                if let Some(Some(n)) = names.first() {
                    rename(&mut d, n, true);
                }
            }
            admit(&mut d, false);
            for (k, mut part) in parts::split_doc(d, max).into_iter().enumerate() {
                if k > 0 {
                    if let Some(Some(n)) = names.and_then(|ns| ns.get(k)) {
                        rename(&mut part, n, false);
                    }
                    admit(&mut part, false);
                }
                emit(Ok(part));
            }
        }
        _ => emit(Err(bad("expected `id` and `base64`, or `line`".into()))),
    }
}

/// Streams a records file (`-`: standard input) line by line (see [`read_record`]): `admit`
/// gets the record's line number too, and `emit` every document, or problem, in order.
pub fn read_records(
    path: &Path,
    max: usize,
    use_names: bool,
    mut admit: impl FnMut(usize, &mut RawDoc, bool),
    mut emit: impl FnMut(Result<RawDoc, InputWarning>),
) {
    let emit = std::cell::RefCell::new(&mut emit);
    jsonl::for_each_line(
        path,
        |line_no, buf| {
            let here = format!("{}:{line_no}", path.display());
            read_record(buf, &here, max, use_names, &mut |d, file| admit(line_no, d, file), &mut |d| (emit.borrow_mut())(d))
        },
        |w| (emit.borrow_mut())(Err(w)),
    );
}

/// The documents of a records file as read, before a run makes their ids unique (the Spark
/// driver's naming pass): one [`Listed`] JSON line each to `out`; problems go to `warn`.
/// Returns the number of documents.
pub fn list(path: &Path, max: usize, out: &mut dyn std::io::Write, mut warn: impl FnMut(InputWarning)) -> std::io::Result<usize> {
    let mut n = 0;
    let mut failed = None;
    let record = std::cell::Cell::new(0);
    read_records(
        path,
        max,
        false,
        |line, _, _| record.set(line),
        |d| match d {
            Ok(d) if failed.is_none() => {
                let line = Listed { record: record.get(), id: d.id, part_of: d.part_of };
                n += 1;
                if let Err(e) = serde_json::to_writer(&mut *out, &line).map_err(std::io::Error::from).and_then(|_| out.write_all(b"\n")) {
                    failed = Some(e);
                }
            }
            Ok(_) => {}
            Err(w) => warn(w),
        },
    );
    match failed {
        Some(e) => Err(e),
        None => out.flush().map(|_| n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str, max: usize) -> Vec<Result<RawDoc, InputWarning>> {
        let mut got = Vec::new();
        read_record(line.as_bytes(), "r:1", max, true, &mut |_, _| {}, &mut |d| got.push(d));
        got
    }

    #[test]
    fn a_file_record_reads_like_the_file_in_parts() {
        use base64::Engine;
        let text = "Alpha beta gamma.\n\nDelta epsilon.\n\n".repeat(20);
        let b64 = base64::engine::general_purpose::STANDARD.encode(&text);
        let line = serde_json::json!({"id": "a/big.txt", "source": "in/a/big.txt", "base64": b64}).to_string();
        let got: Vec<RawDoc> = read(&line, 200).into_iter().map(Result::unwrap).collect();
        let mut want = Vec::new();
        parts::read_parts(&mut text.as_bytes(), "a/big.txt", "in/a/big.txt", 200, &mut |d| want.push(d.unwrap()));
        assert!(got.len() > 2);
        assert_eq!(got, want);
    }

    #[test]
    fn names_rename_an_article_before_it_is_cut_and_its_parts_after() {
        let article = serde_json::json!({"id": "x", "text": "Lavrov said so.\n\nAbe said no.\n\n".repeat(20)}).to_string();
        let n = read(&serde_json::json!({"source": "d.jsonl:4", "line": article}).to_string(), 150).len();
        assert!(n > 3);
        let mut names = vec![serde_json::Value::Null; n];
        names[0] = serde_json::json!({"id": "x#2", "collision": {"id": "x", "by": "d.jsonl:1"}});
        names[1] = serde_json::json!({"id": "x#2#p2#2", "part_of": "x#2", "collision": {"id": "x#2#p2", "by": "x#2#p2.txt"}});
        let line = serde_json::json!({"source": "d.jsonl:4", "line": article, "names": names}).to_string();
        let got: Vec<RawDoc> = read(&line, 150).into_iter().map(Result::unwrap).collect();
        assert_eq!((got[0].id.as_str(), got[0].part_of.as_deref()), ("x#2", Some("x#2")));
        assert!(got[0].warnings[0].contains("already taken by d.jsonl:1"), "{:?}", got[0].warnings);
        assert!(got[0].warnings[1].contains("\"x#2#p2\""), "the parts are named after the new id: {:?}", got[0].warnings);
        assert_eq!((got[1].id.as_str(), got[1].part_of.as_deref()), ("x#2#p2#2", Some("x#2")));
        assert_eq!((got[2].id.as_str(), got[2].part_of.as_deref()), ("x#2#p3", Some("x#2")));
        // Names that do not match the documents: a warning, nothing read.
        let short = serde_json::json!({"source": "d.jsonl:4", "line": article, "names": [null]}).to_string();
        let got = read(&short, 150);
        assert_eq!(got.len(), 1);
        assert!(got[0].as_ref().unwrap_err().message.contains("it names 1 document(s)"), "{got:?}");
    }

    #[test]
    fn names_rename_the_parts_of_a_file() {
        use base64::Engine;
        let b64 = base64::engine::general_purpose::STANDARD.encode("Alpha beta.\n\nGamma delta.\n\n".repeat(10));
        let names = serde_json::json!([{"id": "b/a.txt", "part_of": "b/a.txt", "collision": {"id": "a.txt", "by": "a/a.txt"}}, {"id": "b/a.txt#p2", "part_of": "b/a.txt"}]);
        let line = serde_json::json!({"id": "a.txt", "source": "b/a.txt", "base64": b64, "names": names}).to_string();
        let got: Vec<RawDoc> = read(&line, 150).into_iter().map(Result::unwrap).collect();
        assert_eq!(got.len(), 2);
        assert_eq!((got[1].id.as_str(), got[1].part_of.as_deref()), ("b/a.txt#p2", Some("b/a.txt")));
        assert!(got[0].warnings[0].contains("already taken by a/a.txt"), "{:?}", got[0].warnings);
    }

    #[test]
    fn bad_records_are_warnings_naming_the_record_or_the_source() {
        let got = read("{not json", 0);
        assert_eq!(got[0].as_ref().unwrap_err().path, "r:1");
        let got = read(r#"{"source": "s.txt", "id": "a"}"#, 0);
        assert!(got[0].as_ref().unwrap_err().message.contains("expected `id` and `base64`"));
        let got = read(r#"{"source": "s.txt", "id": "a", "base64": "!!"}"#, 0);
        assert_eq!(got[0].as_ref().unwrap_err().path, "s.txt");
        assert!(read("  \n", 0).is_empty());
    }
}
