//! Facts files: `newsgraph extract` and `newsgraph merge`.
//!
//! A facts file is JSON lines, one [`DocFacts`] per document, in input order (the wire format
//! of [`crate::model`]). `extract` writes it; `merge` reads any number of them — in any order,
//! from any machines — into a store, optionally an earlier run's (see [`super::run`]). A bad line is a warning naming `file:line`, never the end of the run.

use super::stream::{self, Item};
use super::{run_documents, BuildOptions, Input, PipelineError, StageTimings, Stats};
use crate::extract;
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
            sentences = sentences.saturating_add(n);
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

/// Reads facts files and hands each document's [`DocFacts`] to `sink`, in file and line
/// order (lines are parsed in parallel). `newsgraph merge` puts them into a store with the same
/// code as a build ([`super::run::run`]).
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
                stats.documents += 1;
                stats.bytes = stats.bytes.saturating_add(facts.document.bytes);
                stats.sentences = stats.sentences.saturating_add(facts.document.sentences);
                sink(facts, &mut times);
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
    Ok((stats, times))
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
