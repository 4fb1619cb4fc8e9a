//! Facts files: `newsgraph extract` and `newsgraph merge`.
//!
//! A facts file is JSON lines, one [`DocFacts`] per document, in input order (the wire format
//! of [`crate::model`]), and a last line, the [`trailer`](super::trailer) (document count and
//! checksum). `extract` writes it, to a file or standard output; `merge` reads any number of
//! them — in any order, from any machines, also concatenated — into a store, optionally an
//! earlier run's (see [`super::run`]). A bad line is a warning naming `file:line`; a file whose
//! trailer is missing (a killed `extract`) or does not match its lines stops the merge with an
//! error naming the file, and the output set is left as it was.

use super::stream::{self, Item};
use super::trailer::{self, Tally, Trailer};
use super::{run_documents, BuildOptions, Input, PipelineError, StageTimings, Stats};
use crate::extract;
use crate::input::{self, InputWarning};
use crate::lexicon::Lexicon;
use crate::model::DocFacts;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// A file written atomically: data goes to a temporary file beside the target,
/// `.NAME.newsgraph-tmp-PID`, which [`AtomicFile::commit`] renames over the target. Dropped
/// without a commit, it leaves nothing; a killed run leaves the temporary file, locked while it
/// was written (`flock`, released by the kernel when the process dies), and the next
/// [`AtomicFile::create`] of the same target removes every such file whose lock it can take,
/// saying so in [`AtomicFile::recovered`].
pub struct AtomicFile {
    tmp: PathBuf,
    path: PathBuf,
    file: Option<BufWriter<File>>,
    /// Temporary files of killed runs that were removed (one line each, for a warning).
    pub recovered: Vec<String>,
}

impl AtomicFile {
    /// Starts writing `path`.
    pub fn create(path: &Path) -> std::io::Result<AtomicFile> {
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let prefix = format!(".{name}.newsgraph-tmp-");
        let mut recovered = Vec::new();
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                if !e.file_name().to_string_lossy().starts_with(&prefix) {
                    continue;
                }
                // A live writer holds its lock; a dead one's lock is gone.
                if let Ok(f) = File::options().write(true).open(e.path())
                    && f.try_lock().is_ok()
                    && std::fs::remove_file(e.path()).is_ok()
                {
                    recovered.push(format!("removed {}, left by an interrupted run", e.path().display()));
                }
            }
        }
        let tmp = dir.join(format!("{prefix}{}", std::process::id()));
        let file = File::create(&tmp)?;
        file.try_lock().map_err(std::io::Error::other)?;
        Ok(AtomicFile { tmp, path: path.to_path_buf(), file: Some(BufWriter::with_capacity(1 << 20, file)), recovered })
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(mut self) -> std::io::Result<()> {
        let Some(w) = self.file.take() else { return Ok(()) };
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        std::fs::rename(&self.tmp, &self.path)?;
        drop(f);
        Ok(())
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
/// `out`, in input order (byte-identical for any thread count), then the trailer (also when no
/// document could be read). `what` names `out` in errors.
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
    let mut tally = Tally::default();
    let (mut stats, times) = run_documents(
        inputs,
        opts,
        lex,
        |doc, lex, t| {
            let facts = extract::extract_timed(doc, lex, t);
            let t0 = Instant::now();
            let mut line = serde_json::to_vec(&facts).unwrap_or_default();
            line.push(b'\n');
            let hash = trailer::line_hash(&line);
            t.facts += t0.elapsed();
            (line, facts.document.sentences, hash)
        },
        |(line, n, hash): (Vec<u8>, u64, u64), t| {
            let t0 = Instant::now();
            sentences = sentences.saturating_add(n);
            if failed.is_none() {
                match out.write_all(&line) {
                    Ok(()) => tally.add(hash),
                    Err(e) => failed = Some(e),
                }
            }
            t.export += t0.elapsed();
        },
        warn,
    )?;
    if let Some(source) = failed {
        return Err(PipelineError::Write { path: what.to_string(), source });
    }
    out.write_all(&tally.trailer_line())
        .and_then(|_| out.flush())
        .map_err(|source| PipelineError::Write { path: what.to_string(), source })?;
    stats.sentences = sentences;
    Ok((stats, times))
}

/// One line of a facts file, or the end of a file (the reader side of [`merge_facts`]).
enum In {
    Line(String, String),
    End(usize),
}

/// What a line turned into (the worker side).
enum Out {
    Doc(Box<DocFacts>, u64),
    Trailer(String, Result<Trailer, String>),
    End(usize),
}

/// The trailer check of the file being read (see [`super::trailer`]).
#[derive(Default)]
struct FileCheck {
    tally: Tally,
    trailers: usize,
    last_doc: Option<String>,
}

/// Reads facts files and hands each document's [`DocFacts`] to `sink`, in file and line
/// order (lines are parsed in parallel), checking each file's trailers. `newsgraph merge` puts
/// them into a store with the same code as a build ([`super::run::run`]).
pub fn merge_facts(
    files: &[PathBuf],
    opts: &BuildOptions,
    mut sink: impl FnMut(DocFacts, &mut StageTimings) + Send,
    mut warn: impl FnMut(InputWarning) + Send,
) -> Result<(Stats, StageTimings), PipelineError> {
    let start = Instant::now();
    let pool = opts.pool()?;
    let mut times = StageTimings::default();
    let total: u64 = files.iter().map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0)).sum();
    let pb = super::progress_bar(opts.progress, Some(total));
    let mut stats = Stats::default();
    let stop = AtomicBool::new(false);
    let mut failed: Option<PipelineError> = None;
    let mut check = FileCheck::default();
    let read = stream::run(
        &pool,
        opts.limits(),
        |emit| {
            let t0 = Instant::now();
            for (i, f) in files.iter().enumerate() {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                read_lines(f, &stop, emit);
                emit(Item::Value(In::End(i)), 0);
            }
            t0.elapsed()
        },
        |it: In| {
            let t0 = Instant::now();
            match it {
                In::End(i) => Item::Value((Out::End(i), 0, t0.elapsed())),
                In::Line(here, line) => match trailer::parse(&line) {
                    Some(t) => Item::Value((Out::Trailer(here, t), line.len() as u64, t0.elapsed())),
                    None => match serde_json::from_str::<DocFacts>(&line) {
                        Ok(facts) => Item::Value((Out::Doc(Box::new(facts), trailer::line_hash(line.as_bytes())), line.len() as u64, t0.elapsed())),
                        Err(e) => Item::Warn(InputWarning { path: here, message: format!("bad facts line: {e}") }),
                    },
                },
            }
        },
        |it| match it {
            _ if failed.is_some() => {}
            Item::Value((out, n, parse)) => {
                times.facts += parse;
                pb.inc(n);
                let mut fail = |path: String, message: String| {
                    stop.store(true, Ordering::Relaxed);
                    failed = Some(PipelineError::Facts { path, message });
                };
                match out {
                    Out::Doc(facts, hash) => {
                        check.tally.add(hash);
                        check.last_doc = Some(facts.document.id.clone());
                        stats.documents += 1;
                        stats.bytes = stats.bytes.saturating_add(facts.document.bytes);
                        stats.sentences = stats.sentences.saturating_add(facts.document.sentences);
                        sink(*facts, &mut times);
                    }
                    Out::Trailer(here, t) => match t.and_then(|t| check.tally.check(&t)) {
                        Ok(()) => {
                            check.tally = Tally::default();
                            check.trailers += 1;
                        }
                        Err(m) => fail(here, format!("{m}; nothing was merged")),
                    },
                    Out::End(i) => {
                        let path = files[i].display().to_string();
                        let c = std::mem::take(&mut check);
                        if c.tally.documents > 0 {
                            fail(path, format!(
                                "truncated: {} document line(s) (the last one {:?}) are not followed by the trailer that `newsgraph extract` writes last — was it stopped? Nothing was merged",
                                c.tally.documents,
                                c.last_doc.unwrap_or_default()
                            ));
                        } else if c.trailers == 0 {
                            fail(path, "not a complete facts file: it has no trailer line (every `newsgraph extract` output ends with one; was it stopped before writing anything?). Nothing was merged".into());
                        }
                    }
                }
            }
            Item::Warn(w) => {
                stats.warnings += 1;
                pb.suspend(|| warn(w));
            }
            Item::Skip(n) => pb.inc(n),
        },
    );
    pb.finish_and_clear();
    if let Some(e) = failed {
        return Err(e);
    }
    times.read += read;
    times.total = start.elapsed();
    Ok((stats, times))
}

/// Streams the non-blank lines of a facts file as `(file:line, text)`, until `stop`.
fn read_lines(path: &Path, stop: &AtomicBool, emit: &mut dyn FnMut(Item<In>, u64)) {
    let emit = std::cell::RefCell::new(emit);
    input::for_each_line(
        path,
        |line_no, buf| {
            let n = buf.len() as u64;
            if stop.load(Ordering::Relaxed) {
                return;
            }
            if buf.iter().all(|b| b.is_ascii_whitespace()) {
                return (emit.borrow_mut())(Item::Skip(n), 0);
            }
            let here = format!("{}:{}", path.display(), line_no);
            match String::from_utf8(std::mem::take(buf)) {
                Ok(s) => (emit.borrow_mut())(Item::Value(In::Line(here, s)), n),
                Err(_) => (emit.borrow_mut())(Item::Warn(InputWarning { path: here, message: "bad facts line: not UTF-8".into() }), 0),
            }
        },
        |w| (emit.borrow_mut())(Item::Warn(w), 0),
    );
}
