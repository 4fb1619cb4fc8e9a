//! Facts files: `newsgraph extract` and `newsgraph merge`.
//!
//! A facts file is JSON lines, one [`DocFacts`] per document, in input order (the wire format
//! of [`crate::model`]). `extract` writes it; `merge` reads any number of them — in any order,
//! from any machines — plus, optionally, the graph of an earlier run (whose identity merges are
//! taken back first, see [`super::UNDO_FILE`]), into one graph. A bad line is a warning naming `file:line`, never the end of the run.

use super::stream::{self, Item};
use super::{run_documents, BuildOptions, Input, PipelineError, StageTimings, Stats, UNDO_FILE};
use crate::extract;
use crate::graph::KnowledgeGraph;
use crate::input::{self, InputWarning};
use crate::lexicon::Lexicon;
use crate::model::DocFacts;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A file written atomically: data goes to a temporary file in the same directory, which
/// [`AtomicFile::commit`] renames over the target. Dropped without a commit, it leaves nothing.
pub struct AtomicFile {
    tmp: PathBuf,
    path: PathBuf,
    file: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Starts writing `path`.
    pub fn create(path: &Path) -> std::io::Result<AtomicFile> {
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
        let file = File::create(&tmp)?;
        Ok(AtomicFile { tmp, path: path.to_path_buf(), file: Some(BufWriter::with_capacity(1 << 20, file)) })
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(mut self) -> std::io::Result<()> {
        let Some(w) = self.file.take() else { return Ok(()) };
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&self.tmp, &self.path)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(std::io::Error::other("file already committed")),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match &mut self.file {
            Some(f) => f.write_all(buf),
            None => Err(std::io::Error::other("file already committed")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Extracts the documents of `inputs` and writes one [`DocFacts`] JSON line per document to
/// `out`, in input order (byte-identical for any thread count). `what` names `out` in errors.
pub fn extract_facts(
    inputs: &[Input],
    opts: &BuildOptions,
    lex: &Lexicon,
    out: &mut (dyn Write + Send),
    what: &str,
    warn: impl FnMut(InputWarning) + Send,
) -> Result<(Stats, StageTimings), PipelineError> {
    let mut failed: Option<std::io::Error> = None;
    let mut sentences = 0u64;
    let (mut stats, times) = run_documents(
        inputs,
        opts,
        lex,
        |doc, lex, t| {
            let facts = extract::extract_timed(doc, lex, t);
            let t0 = Instant::now();
            let mut line = serde_json::to_vec(&facts).unwrap_or_default();
            line.push(b'\n');
            t.facts += t0.elapsed();
            (line, facts.document.sentences)
        },
        |(line, n): (Vec<u8>, u64), t| {
            let t0 = Instant::now();
            sentences += n;
            if failed.is_none() {
                if let Err(e) = out.write_all(&line) {
                    failed = Some(e);
                }
            }
            t.export += t0.elapsed();
        },
        warn,
    )?;
    if let Some(source) = failed {
        return Err(PipelineError::Write { path: what.to_string(), source });
    }
    out.flush().map_err(|source| PipelineError::Write { path: what.to_string(), source })?;
    stats.sentences = sentences;
    Ok((stats, times))
}

/// Where the graph to merge into is: `graph.json` in a directory, or the file given; and the
/// [`UNDO_FILE`] beside it, when there is one.
pub fn resolve_into(into: &Path) -> (PathBuf, Option<PathBuf>) {
    let (graph, dir) = if into.is_dir() {
        (into.join("graph.json"), into.to_path_buf())
    } else {
        (into.to_path_buf(), into.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf())
    };
    let undo = dir.join(UNDO_FILE);
    (graph, undo.is_file().then_some(undo))
}

/// Merges facts files (and, with `into`, an earlier run's graph — see [`resolve_into`]) into a
/// graph that is not finalized yet. Lines are parsed in parallel and merged in order.
pub fn merge_facts(
    files: &[PathBuf],
    into: Option<&Path>,
    opts: &BuildOptions,
    mut warn: impl FnMut(InputWarning) + Send,
) -> Result<(KnowledgeGraph, Stats, StageTimings), PipelineError> {
    let start = Instant::now();
    let pool = opts.pool()?;
    let mut times = StageTimings::default();
    let mut g = match into {
        None => KnowledgeGraph::new(opts.max_evidence),
        Some(p) => {
            let t0 = Instant::now();
            let (file, undo) = resolve_into(p);
            let bad = |path: &Path, e: String| PipelineError::Graph { path: path.display().to_string(), message: e };
            let text = std::fs::read_to_string(&file).map_err(|e| bad(&file, e.to_string()))?;
            let mut g = KnowledgeGraph::from_json(&text, opts.max_evidence).map_err(|e| bad(&file, e.to_string()))?;
            drop(text);
            match undo {
                Some(u) => {
                    let text = std::fs::read_to_string(&u).map_err(|e| bad(&u, e.to_string()))?;
                    let undo: crate::graph::Undo = serde_json::from_str(&text).map_err(|e| bad(&u, e.to_string()))?;
                    g.unfinalize(&undo);
                }
                None => warn(InputWarning {
                    path: file.display().to_string(),
                    message: format!("no {UNDO_FILE} beside it: earlier cross-document identity merges stay as they are"),
                }),
            }
            times.read += t0.elapsed();
            g
        }
    };
    let total: u64 = files.iter().map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0)).sum();
    let pb = super::progress_bar(opts.progress, Some(total));
    let mut stats = Stats::default();
    let read = stream::run(
        &pool,
        opts.limits(),
        |emit| {
            let t0 = Instant::now();
            for f in files {
                read_lines(f, emit);
            }
            t0.elapsed()
        },
        |(here, line): (String, String)| {
            let t0 = Instant::now();
            match serde_json::from_str::<DocFacts>(&line) {
                Ok(facts) => Item::Value((facts, line.len() as u64 + 1, t0.elapsed())),
                Err(e) => Item::Warn(InputWarning { path: here, message: format!("bad facts line: {e}") }),
            }
        },
        |it| match it {
            Item::Value((facts, n, parse)) => {
                times.facts += parse;
                let t0 = Instant::now();
                if g.documents().contains_key(&facts.document.id) {
                    stats.warnings += 1;
                    pb.suspend(|| {
                        warn(InputWarning {
                            path: facts.document.source.clone().unwrap_or_else(|| facts.document.id.clone()),
                            message: format!("document {:?} was already merged; its facts are counted again", facts.document.id),
                        })
                    });
                }
                stats.documents += 1;
                stats.bytes += facts.document.bytes;
                stats.sentences += facts.document.sentences;
                g.add_facts(&facts);
                times.merge += t0.elapsed();
                pb.inc(n);
            }
            Item::Warn(w) => {
                stats.warnings += 1;
                pb.suspend(|| warn(w));
            }
            Item::Skip(n) => pb.inc(n),
        },
    );
    pb.finish_and_clear();
    times.read += read;
    times.total = start.elapsed();
    Ok((g, stats, times))
}

/// Streams the non-blank lines of a facts file as `(file:line, text)`.
fn read_lines(path: &Path, emit: &mut dyn FnMut(Item<(String, String)>, u64)) {
    let emit = std::cell::RefCell::new(emit);
    input::for_each_line(
        path,
        |line_no, buf| {
            let n = buf.len() as u64;
            if buf.iter().all(|b| b.is_ascii_whitespace()) {
                return (emit.borrow_mut())(Item::Skip(n), 0);
            }
            let here = format!("{}:{}", path.display(), line_no);
            match String::from_utf8(std::mem::take(buf)) {
                Ok(s) => (emit.borrow_mut())(Item::Value((here, s)), n),
                Err(_) => (emit.borrow_mut())(Item::Warn(InputWarning { path: here, message: "bad facts line: not UTF-8".into() }), 0),
            }
        },
        |w| (emit.borrow_mut())(Item::Warn(w), 0),
    );
}
