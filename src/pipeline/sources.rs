//! The reader side of a run: what the inputs stand for ([`plan`]) and reading them in order
//! ([`read_sources`]) — directories listed, files and standard input read whole or in parts
//! under the size cap, JSON-lines articles parsed and split, document records decoded
//! ([`crate::input::records`]) — with one id per document ([`crate::input::ids`]: a collision is
//! renamed with a warning naming both sources, never merged).

use super::stream::Item;
use super::Input;
use crate::input::ids::{collision_message, DocIds};
use crate::input::{self, parts, FileEntry, InputWarning, RawDoc};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A planned input: a file to read, a JSON-lines dump, a records stream, stdin, or a problem
/// found while listing.
pub(super) enum Source {
    File(FileEntry, u64),
    Jsonl(PathBuf, u64),
    Records(PathBuf),
    Stdin(String),
    Warn(InputWarning),
}

/// Lists what `inputs` stand for (directories expanded, sorted) and the total size in bytes,
/// when known (not with standard input).
pub(super) fn plan(inputs: &[Input], glob: &str) -> (Vec<Source>, Option<u64>) {
    let mut out = Vec::new();
    let mut total = Some(0u64);
    let size = |p: &std::path::Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    for inp in inputs {
        match inp {
            Input::Stdin(name) => {
                out.push(Source::Stdin(name.clone()));
                total = None;
            }
            Input::Jsonl(p) => {
                let n = size(p);
                total = total.map(|t| t.saturating_add(n));
                out.push(Source::Jsonl(p.clone(), n));
            }
            Input::Records(p) => {
                // Base64 and JSON: the file's size is not the documents'.
                total = None;
                out.push(Source::Records(p.clone()));
            }
            Input::Path(p) => {
                let mut ws = Vec::new();
                let files = input::expand_path(p, glob, &mut ws);
                out.extend(ws.into_iter().map(Source::Warn));
                if files.is_empty() && p.is_dir() {
                    out.push(Source::Warn(InputWarning { path: p.display().to_string(), message: format!("no file matching {glob:?}") }));
                }
                for f in files {
                    let n = size(&f.path);
                    total = total.map(|t| t.saturating_add(n));
                    out.push(Source::File(f, n));
                }
            }
        }
    }
    (out, total)
}

/// Gives every document of a run its own id (see the module notes).
struct Admit<'a> {
    sources: &'a [Source],
    ids: DocIds,
    /// The sources of documents read from records, by ticket (a record's line says nothing).
    record_sources: HashMap<u64, String>,
    /// The current document was renamed (old id → new id): its later parts follow.
    renamed: Option<(String, String)>,
}

impl Admit<'_> {
    /// Where the source `ticket` (input number, line) was read, for messages.
    fn describe(&self, ticket: u64) -> String {
        let (i, line) = ((ticket >> 32) as usize, ticket & 0xFFFF_FFFF);
        match self.sources.get(i) {
            Some(Source::File(f, _)) => f.path.display().to_string(),
            Some(Source::Jsonl(p, _)) => format!("{}:{line}", p.display()),
            Some(Source::Stdin(_)) => "-".to_string(),
            Some(Source::Records(_)) => self.record_sources.get(&ticket).cloned().unwrap_or_else(|| "an earlier input".to_string()),
            _ => "an earlier input".to_string(),
        }
    }

    /// Admits a document read from a record: a file's document falls back on its source, as
    /// [`Admit::admit`] falls back on a file's path.
    fn admit_record(&mut self, doc: &mut RawDoc, source: usize, line: u64, file: bool) {
        let ticket = ((source as u64) << 32) | (line & 0xFFFF_FFFF);
        self.record_sources.entry(ticket).or_insert_with(|| doc.source.clone());
        self.admit_with(doc, source, line, file);
    }

    fn admit(&mut self, doc: &mut RawDoc, source: usize, line: u64) {
        let file = matches!(self.sources[source], Source::File(..));
        self.admit_with(doc, source, line, file);
    }

    /// Claims the document's id; `file`: a taken id falls back on the path it was read from.
    fn admit_with(&mut self, doc: &mut RawDoc, source: usize, line: u64, file: bool) {
        // A whole document, or the first part of a split one (its id is the whole's).
        let first = doc.part_of.as_deref().is_none_or(|w| w == doc.id);
        if first {
            self.renamed = None;
        } else if let (Some(whole), Some((old, new))) = (doc.part_of.clone(), self.renamed.clone()) {
            // A later part of a document that was renamed follows it.
            if let (true, Some(suffix)) = (whole == old, doc.id.strip_prefix(old.as_str())) {
                doc.id = format!("{new}{suffix}");
                doc.part_of = Some(new);
            }
        }
        let fallback = match (&self.sources[source], first && file) {
            (Source::File(f, _), true) => Some(f.path.to_string_lossy().into_owned()),
            (Source::Records(_), true) => Some(doc.source.clone()),
            _ => None,
        };
        let ticket = ((source as u64) << 32) | (line & 0xFFFF_FFFF);
        if let Some((new, holder)) = self.ids.claim(&doc.id, fallback.as_deref(), ticket) {
            let holder = self.describe(holder);
            doc.warnings.insert(0, collision_message(&doc.id, &holder, &new));
            if first {
                self.renamed = Some((doc.id.clone(), new.clone()));
                if doc.part_of.is_some() {
                    doc.part_of = Some(new.clone());
                }
            }
            doc.id = new;
        }
    }
}

/// Reads the planned sources in order, emitting documents (weighted by their bytes) and
/// warnings; documents over `max_doc_bytes` (0 = no cap) in parts. Returns the time spent
/// reading and decoding (not waiting for the workers).
pub(super) fn read_sources(sources: &[Source], max_doc_bytes: usize, emit_raw: &mut dyn FnMut(Item<RawDoc>, u64)) -> Duration {
    let t0 = Instant::now();
    let mut waiting = Duration::ZERO;
    let emit = RefCell::new(|it: Item<RawDoc>, n: u64| {
        let t = Instant::now();
        emit_raw(it, n);
        waiting += t.elapsed();
    });
    let admit = RefCell::new(Admit { sources, ids: DocIds::new(), record_sources: HashMap::new(), renamed: None });
    let doc = |i: usize, line: u64, r: Result<RawDoc, InputWarning>| match r {
        Ok(mut d) => {
            admit.borrow_mut().admit(&mut d, i, line);
            let n = d.bytes;
            (emit.borrow_mut())(Item::Value(d), n)
        }
        Err(w) => (emit.borrow_mut())(Item::Warn(w), 0),
    };
    for (i, s) in sources.iter().enumerate() {
        match s {
            Source::Warn(w) => (emit.borrow_mut())(Item::Warn(w.clone()), 0),
            Source::Stdin(name) => input::read_stdin_parts(name, max_doc_bytes, &mut |r| doc(i, 0, r)),
            Source::File(f, size) => {
                let mut read = 0u64;
                input::read_entry(f, max_doc_bytes, &mut |r| {
                    read += r.as_ref().map(|d| d.bytes).unwrap_or(0);
                    doc(i, 0, r)
                });
                (emit.borrow_mut())(Item::Skip(size.saturating_sub(read)), 0);
            }
            Source::Records(p) => input::records::read_records(
                p,
                max_doc_bytes,
                true,
                |line, d, file| admit.borrow_mut().admit_record(d, i, line as u64, file),
                |r| match r {
                    Ok(d) => {
                        let n = d.bytes;
                        (emit.borrow_mut())(Item::Value(d), n)
                    }
                    Err(w) => (emit.borrow_mut())(Item::Warn(w), 0),
                },
            ),
            Source::Jsonl(p, size) => {
                let mut seen = 0u64;
                let line_of = |here: &str| here.rsplit(':').next().and_then(|n| n.parse::<u64>().ok()).unwrap_or(0);
                input::read_jsonl(
                    p,
                    |mut d| {
                        seen += d.bytes;
                        let line = line_of(&d.source);
                        // The whole article's id first, then its parts'.
                        admit.borrow_mut().admit(&mut d, i, line);
                        for (k, mut part) in parts::split_doc(d, max_doc_bytes).into_iter().enumerate() {
                            if k > 0 {
                                admit.borrow_mut().admit(&mut part, i, line);
                            }
                            let n = part.bytes;
                            (emit.borrow_mut())(Item::Value(part), n);
                        }
                    },
                    |w| (emit.borrow_mut())(Item::Warn(w), 0),
                );
                (emit.borrow_mut())(Item::Skip(size.saturating_sub(seen)), 0);
            }
        }
    }
    let _ = emit.into_inner();
    t0.elapsed().saturating_sub(waiting)
}
