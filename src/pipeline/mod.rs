//! The whole job: inputs → documents → facts → one graph → files.
//!
//! * [`collect`] streams documents from the inputs ([`Input`]), extracts them in parallel and
//!   merges their [`DocFacts`] into a [`KnowledgeGraph`] in input order; [`build`] adds
//!   [`KnowledgeGraph::finalize`]. `newsgraph build` is [`collect`] + [`finish`].
//! * [`facts::extract_facts`] (`newsgraph extract`) writes one [`DocFacts`] JSON line per
//!   document instead; [`facts::merge_facts`] (`newsgraph merge`) reads such lines back (and,
//!   optionally, an earlier run's graph) into a graph. Since merging is associative and
//!   commutative and `finalize` runs once on the merged set, `extract` on shards + `merge` gives
//!   the same bytes as one `build` of everything.
//! * [`run::run`] is what the commands use: documents (or facts files) stream into the store
//!   (`graph.db`, [`crate::store`]) of a new output set, which is finished, exported and
//!   swapped in as one transaction ([`outdir`]). [`collect`] and [`build`] are the in-memory
//!   equivalent, for library users and tests (the same bytes of `graph.json`).
//!
//! Scale: documents are read lazily on a reader thread and handed to a local rayon pool of
//! [`BuildOptions::threads`] threads in bounded batches ([`stream`]), so memory does not grow
//! with the input beyond the graph itself; results are merged in input order, so the output is
//! byte-identical for any number of threads. Problems with single inputs are reported through a
//! callback, in input order, and never stop the run; a document whose extraction panics is
//! skipped with a warning naming it.

pub mod facts;
pub mod outdir;
pub mod run;
mod sources;
mod stream;
pub mod trailer;

use crate::extract;
use crate::graph::{KnowledgeGraph, DEFAULT_MAX_EVIDENCE};
use crate::input::{self, InputWarning, RawDoc};
use crate::lexicon::Lexicon;
use crate::model::DocFacts;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use sources::{plan, read_sources};
use stream::{Item, Limits};

/// One input argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file or a directory (walked recursively, files matching the glob).
    Path(PathBuf),
    /// Standard input (`-`), read as one document with this id.
    Stdin(String),
    /// A JSON-lines file, one article per line.
    Jsonl(PathBuf),
    /// A document-records stream (`-` for standard input): documents as another machine read
    /// them, with the ids and sources a local run gives ([`input::records`]; the Spark job).
    Records(PathBuf),
}

impl Input {
    /// Reads a command-line argument: `-` is standard input, anything else a path.
    pub fn from_arg(s: &str) -> Input {
        if s == "-" { Input::Stdin("stdin".to_string()) } else { Input::Path(PathBuf::from(s)) }
    }
}

/// Errors that stop a whole run (problems with single inputs are warnings instead).
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The worker pool could not be started.
    #[error("cannot start {threads} worker threads: {message}")]
    Pool {
        /// Threads asked for.
        threads: usize,
        /// Why not.
        message: String,
    },
    /// An output could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// An export could not be written.
    #[error("cannot write the outputs in {dir}: {message}")]
    Export {
        /// The output directory.
        dir: String,
        /// What went wrong.
        message: String,
    },
    /// A facts file is truncated or damaged (see [`trailer`]).
    #[error("{path}: {message}")]
    Facts {
        /// The file (and line).
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The graph to merge into could not be read.
    #[error("cannot read graph {path}: {message}")]
    Graph {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
}

/// How a run goes.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Which files to read in directories.
    pub glob: String,
    /// Evidence items kept per edge (counts stay exact); 0 keeps all.
    pub max_evidence: usize,
    /// Worker threads; 0 = one per core.
    pub threads: usize,
    /// Documents per batch.
    pub batch_docs: usize,
    /// Bytes per batch.
    pub batch_bytes: u64,
    /// Show a progress bar on standard error (only drawn when it is a terminal).
    pub progress: bool,
    /// Documents over this many bytes are read in parts ([`input::parts`]); 0 = no cap.
    pub max_doc_bytes: usize,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            glob: "*.txt".into(),
            max_evidence: DEFAULT_MAX_EVIDENCE,
            threads: 0,
            batch_docs: 256,
            batch_bytes: 4 << 20,
            progress: false,
            max_doc_bytes: input::parts::DEFAULT_MAX_DOC_BYTES,
        }
    }
}

impl BuildOptions {
    fn limits(&self) -> Limits {
        Limits { items: self.batch_docs.max(1), bytes: self.batch_bytes.max(1) }
    }

    /// The local worker pool.
    pub fn pool(&self) -> Result<rayon::ThreadPool, PipelineError> {
        rayon::ThreadPoolBuilder::new()
            .num_threads(self.threads)
            .thread_name(|i| format!("newsgraph-worker-{i}"))
            .build()
            .map_err(|e| PipelineError::Pool { threads: self.threads, message: e.to_string() })
    }
}

/// What a run read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Documents extracted (or, for `merge`, documents whose facts were merged).
    pub documents: usize,
    /// Bytes of the documents.
    pub bytes: u64,
    /// Sentences of article text in them.
    pub sentences: u64,
    /// Warnings reported.
    pub warnings: usize,
}

/// Time spent in each stage. Extraction stages are summed over worker threads (CPU time, so
/// with several threads their sum exceeds the wall time); the others are wall time.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StageTimings {
    /// Reading and decoding inputs (reader thread; overlaps extraction).
    pub read: Duration,
    /// Clean-up, paragraphs, tokens, sentences (stage 1).
    pub text: Duration,
    /// Mentions (stage 2).
    pub mentions: Duration,
    /// Tagging and dependency parsing (stage 2b).
    pub syntax: Duration,
    /// Coreference (stage 3).
    pub coref: Duration,
    /// Relations (stage 4).
    pub relations: Duration,
    /// Turning an analysis into facts, and (for `extract`/`merge`) writing or parsing them.
    pub facts: Duration,
    /// Merging facts into the graph (sink thread; overlaps extraction).
    pub merge: Duration,
    /// Cross-document identity rules.
    pub finalize: Duration,
    /// Writing outputs.
    pub export: Duration,
    /// Wall time of the whole run.
    pub total: Duration,
}

impl std::ops::AddAssign for StageTimings {
    fn add_assign(&mut self, o: StageTimings) {
        self.read += o.read;
        self.text += o.text;
        self.mentions += o.mentions;
        self.syntax += o.syntax;
        self.coref += o.coref;
        self.relations += o.relations;
        self.facts += o.facts;
        self.merge += o.merge;
        self.finalize += o.finalize;
        self.export += o.export;
        self.total += o.total;
    }
}

impl StageTimings {
    /// Named stages, in pipeline order.
    pub fn stages(&self) -> [(&'static str, Duration); 10] {
        [
            ("read/decode", self.read),
            ("clean+sentences+tokens", self.text),
            ("mentions", self.mentions),
            ("syntax", self.syntax),
            ("coref", self.coref),
            ("relations", self.relations),
            ("facts", self.facts),
            ("merge", self.merge),
            ("finalize", self.finalize),
            ("export", self.export),
        ]
    }

    /// A small table: stage, seconds, share of the stages' sum.
    pub fn report(&self) -> String {
        let sum: f64 = self.stages().iter().map(|s| s.1.as_secs_f64()).sum();
        let mut out = String::from("stage                     seconds   share\n");
        for (name, d) in self.stages() {
            let s = d.as_secs_f64();
            out.push_str(&format!("{name:<24} {s:>9.3} {:>6.1}%\n", if sum > 0.0 { 100.0 * s / sum } else { 0.0 }));
        }
        out.push_str(&format!("{:<24} {:>9.3}\n", "wall", self.total.as_secs_f64()));
        out
    }
}

/// Streams every document of `inputs` to `each`, in input order, without extracting; problems
/// go to `warn`.
pub fn read_inputs(inputs: &[Input], glob: &str, mut each: impl FnMut(RawDoc), mut warn: impl FnMut(InputWarning)) {
    let (sources, _) = plan(inputs, glob);
    read_sources(&sources, input::parts::DEFAULT_MAX_DOC_BYTES, &mut |it, _| match it {
        Item::Value(d) => each(d),
        Item::Warn(w) => warn(w),
        Item::Skip(_) => {}
    });
}

/// A progress bar on standard error: hidden unless asked for and stderr is a terminal.
pub fn progress_bar(enabled: bool, total: Option<u64>) -> ProgressBar {
    if !enabled || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = match total {
        Some(t) => ProgressBar::with_draw_target(Some(t), ProgressDrawTarget::stderr()).with_style(
            ProgressStyle::with_template("{spinner} {elapsed:>4} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        ),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
            ProgressStyle::with_template("{spinner} {elapsed:>4} {bytes} {bytes_per_sec} {msg}").unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
    };
    pb.enable_steady_tick(Duration::from_millis(200));
    pb
}

/// Streams the documents of `inputs` through `work` on the pool, handing results to `sink` in
/// input order; every warning (input problems, decoding warnings, skipped documents) goes to
/// `warn`. The progress bar counts documents and bytes.
pub(crate) fn run_documents<O: Send>(
    inputs: &[Input],
    opts: &BuildOptions,
    lex: &Lexicon,
    work: impl Fn(&RawDoc, &Lexicon, &mut StageTimings) -> O + Sync,
    mut sink: impl FnMut(O, &mut StageTimings) + Send,
    mut warn: impl FnMut(InputWarning) + Send,
) -> Result<(Stats, StageTimings), PipelineError> {
    let pool = opts.pool()?;
    let start = Instant::now();
    let (sources, total) = plan(inputs, &opts.glob);
    let pb = progress_bar(opts.progress, total);
    let mut stats = Stats::default();
    let mut times = StageTimings::default();
    let read = stream::run(
        &pool,
        opts.limits(),
        |emit| read_sources(&sources, opts.max_doc_bytes, emit),
        |doc: RawDoc| {
            let mut t = StageTimings::default();
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&doc, lex, &mut t)));
            match r {
                Ok(o) => Item::Value((o, t, doc.bytes, doc.source, doc.warnings)),
                Err(p) => {
                    let msg = p.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| p.downcast_ref::<String>().cloned()).unwrap_or_default();
                    Item::Warn(InputWarning { path: doc.source, message: format!("internal error while extracting, document skipped: {msg}") })
                }
            }
        },
        |it| match it {
            Item::Value((o, t, bytes, source, warnings)) => {
                times += t;
                stats.documents += 1;
                stats.bytes = stats.bytes.saturating_add(bytes);
                for w in warnings {
                    stats.warnings += 1;
                    pb.suspend(|| warn(InputWarning { path: source.clone(), message: w }));
                }
                sink(o, &mut times);
                pb.inc(bytes);
                pb.set_message(format!("{} docs", stats.documents));
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

/// Reads, extracts and merges `inputs` into a graph that is not finalized yet (see
/// [`finish`]). Deterministic: the same inputs give the same graph for any thread count.
pub fn collect(
    inputs: &[Input],
    opts: &BuildOptions,
    lex: &Lexicon,
    warn: impl FnMut(InputWarning) + Send,
) -> Result<(KnowledgeGraph, Stats, StageTimings), PipelineError> {
    let mut g = KnowledgeGraph::new(opts.max_evidence);
    let mut sentences = 0u64;
    let (mut stats, times) = run_documents(
        inputs,
        opts,
        lex,
        extract::extract_timed,
        |facts: DocFacts, t| {
            let t0 = Instant::now();
            sentences = sentences.saturating_add(facts.document.sentences);
            g.add_facts(&facts);
            t.merge += t0.elapsed();
        },
        warn,
    )?;
    stats.sentences = sentences;
    Ok((g, stats, times))
}

/// [`collect`] followed by [`KnowledgeGraph::finalize`]: the finished graph.
pub fn build(
    inputs: &[Input],
    opts: &BuildOptions,
    lex: &Lexicon,
    warn: impl FnMut(InputWarning) + Send,
) -> Result<(KnowledgeGraph, Stats, StageTimings), PipelineError> {
    let (mut g, stats, mut times) = collect(inputs, opts, lex, warn)?;
    let t0 = Instant::now();
    g.finalize(lex);
    times.finalize += t0.elapsed();
    Ok((g, stats, times))
}

/// Checks, before any work, that the output directory `out` can be written: it is a directory
/// (or can be made in the nearest existing one) and a file can be created there. Nothing is
/// left behind.
pub fn check_out_dir(out: &Path) -> Result<(), PipelineError> {
    let err = |source| PipelineError::Write { path: out.display().to_string(), source };
    let mut dir = out;
    loop {
        match std::fs::metadata(dir) {
            Ok(m) if m.is_dir() => break,
            Ok(_) => {
                let what = if dir == out { "it is a file, not a directory".to_string() } else { format!("{} is a file, not a directory", dir.display()) };
                return Err(err(std::io::Error::new(std::io::ErrorKind::NotADirectory, what)));
            }
            Err(e) if matches!(e.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory) => match dir.parent() {
                Some(p) if !p.as_os_str().is_empty() => dir = p,
                _ => {
                    dir = Path::new(".");
                    break;
                }
            },
            Err(e) => return Err(err(e)),
        }
    }
    tempfile::Builder::new().prefix(".newsgraph-check-").tempfile_in(dir).map(drop).map_err(err)
}
