//! The `newsgraph` command line: clap glue over the library.
//!
//! Exit codes: 0 — the job was done (warnings about single inputs may have been printed);
//! 1 — nothing could be done (no input could be read, an output could not be written, a bad
//! lexicon); 2 — bad usage, or a query named an unknown or ambiguous entity.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use newsgraph::export::{ExportOptions, Format};
use newsgraph::graph::DEFAULT_MAX_EVIDENCE;
use newsgraph::lexicon::Lexicon;
use newsgraph::pipeline::facts::{extract_facts, AtomicFile};
use newsgraph::pipeline::run::{self as store_run, Documents, Plan, RunReport};
use newsgraph::pipeline::{self, BuildOptions, Input, StageTimings, Stats};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// mimalloc instead of the system allocator: extraction makes many small strings, and glibc's
/// malloc spent a quarter of the run on them (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "newsgraph", version, about = "Turn news articles into a knowledge graph: who did what to whom, and who said what.")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(clap::Args, Clone)]
struct LexArgs {
    /// Extra lexicon/rule file (JSON lines, see `src/lexicon.rs`); may be repeated.
    #[arg(long = "lexicon", value_name = "FILE")]
    lexicon: Vec<PathBuf>,
    /// Use only the given lexicon files, not the built-in data.
    #[arg(long)]
    replace_lexicon: bool,
}

impl LexArgs {
    fn load(&self) -> Result<Lexicon> {
        if self.lexicon.is_empty() {
            return Ok(Lexicon::builtin().clone());
        }
        Ok(Lexicon::with_files(&self.lexicon, self.replace_lexicon)?)
    }
}

#[derive(clap::Args, Clone)]
struct ExportArgs {
    /// Outputs to write besides graph.db, comma-separated: json, dot, svg, png, gexf, graphml,
    /// cypher, csv, apoc, graphology, or `all` (all but png) [default: json,dot,svg].
    #[arg(long, value_delimiter = ',', value_name = "FORMATS")]
    format: Vec<String>,
    /// Draw statements (and their quote and mention edges) in graph.dot / graph.svg.
    #[arg(long)]
    statements: bool,
    /// Draw only the neighbourhood of this entity (id, name or alias) in graph.dot / graph.svg.
    #[arg(long, value_name = "ENTITY")]
    focus: Option<String>,
    /// Radius of --focus, in edges.
    #[arg(long, default_value_t = 2)]
    hops: usize,
}

impl ExportArgs {
    fn options(&self) -> Result<ExportOptions> {
        let mut o = ExportOptions::default_set();
        o.formats = [Format::Json, Format::Dot, Format::Svg].into_iter().collect();
        if !self.format.is_empty() {
            o.formats = Default::default();
            for f in &self.format {
                if f.trim().eq_ignore_ascii_case("all") {
                    o.formats.extend(ExportOptions::default_set().formats);
                } else {
                    o.formats.insert(f.trim().parse::<Format>().map_err(|e| anyhow::anyhow!("{e}"))?);
                }
            }
        }
        o.statements = self.statements;
        o.focus = self.focus.clone();
        o.hops = self.hops;
        Ok(o)
    }
}

#[derive(clap::Args, Clone)]
struct SourceArgs {
    /// Files or directories to read (`-` for standard input).
    inputs: Vec<String>,
    /// JSON-lines file with one article per line (`id`, `text`, optional `date`, `source`, `title`); may be repeated.
    #[arg(long, value_name = "FILE")]
    jsonl: Vec<PathBuf>,
    /// Which files to read in directories.
    #[arg(long, default_value = "*.txt")]
    glob: String,
    /// Document id for standard input (`-`).
    #[arg(long, default_value = "stdin", value_name = "ID")]
    stdin_name: String,
}

impl SourceArgs {
    fn inputs(&self, cmd: &str) -> Result<Vec<Input>> {
        let mut ins: Vec<Input> = self
            .inputs
            .iter()
            .map(|s| if s == "-" { Input::Stdin(self.stdin_name.clone()) } else { Input::from_arg(s) })
            .collect();
        ins.extend(self.jsonl.iter().cloned().map(Input::Jsonl));
        if ins.is_empty() {
            anyhow::bail!("no input: give files, directories, `-` or --jsonl FILE (see `newsgraph {cmd} --help`)");
        }
        Ok(ins)
    }
}

#[derive(clap::Args, Clone)]
struct RunArgs {
    /// Worker threads (0 = one per core).
    #[arg(long, short = 'j', default_value_t = 0)]
    threads: usize,
    /// Print the time spent in each pipeline stage (to standard error).
    #[arg(long)]
    timings: bool,
    /// Print nothing but errors (no progress bar, no summary).
    #[arg(long, short)]
    quiet: bool,
}

impl RunArgs {
    fn options(&self, glob: &str, max_evidence: usize) -> BuildOptions {
        BuildOptions { glob: glob.to_string(), max_evidence, threads: self.threads, progress: !self.quiet, ..BuildOptions::default() }
    }

    fn summary(&self, what: &str, stats: &Stats, times: &StageTimings) {
        if !self.quiet {
            let secs = times.total.as_secs_f64().max(1e-9);
            eprintln!(
                "newsgraph: {what}: {} documents, {:.1} MB, {} sentences in {:.2} s ({:.1} MB/s, {:.0} sentences/s)",
                stats.documents,
                stats.bytes as f64 / 1e6,
                stats.sentences,
                secs,
                stats.bytes as f64 / 1e6 / secs,
                stats.sentences as f64 / secs
            );
        }
        if self.timings {
            eprint!("{}", times.report());
        }
    }
}

fn warn(w: newsgraph::input::InputWarning) {
    eprintln!("newsgraph: warning: {w}");
}

#[derive(Subcommand)]
enum Cmd {
    /// Read articles and write the graph and its exports.
    #[command(after_help = "Examples:\n  newsgraph build seeds\n  newsgraph build seeds --format all --out out/\n  newsgraph build new-articles/ --into out/\n  newsgraph build seeds --focus Lavrov --hops 1 --statements\n  newsgraph build --jsonl dump.jsonl --out out/ --threads 4 --timings\n\nWrites graph.db (the store), graph.json, and graph.dot/graph.svg (the most connected part).\nThe output directory is replaced as a whole, only when everything was written.")]
    Build {
        #[command(flatten)]
        src: SourceArgs,
        /// Output directory (replaced as a whole when the run succeeds).
        #[arg(long, short, default_value = "output")]
        out: PathBuf,
        /// Add the documents to the store of this output set (a document id already there
        /// replaces the earlier version); the result goes to --out if given, else back here.
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
        /// Evidence items kept per edge (counts stay exact); 0 keeps all.
        #[arg(long, default_value_t = DEFAULT_MAX_EVIDENCE)]
        max_evidence: usize,
        #[command(flatten)]
        run: RunArgs,
        #[command(flatten)]
        export: ExportArgs,
        #[command(flatten)]
        lex: LexArgs,
    },
    /// Extract facts, one JSON line per document (to merge later with `newsgraph merge`).
    #[command(after_help = "Examples:\n  newsgraph extract shard1/ > shard1.jsonl\n  newsgraph extract --jsonl dump.jsonl --out facts.jsonl")]
    Extract {
        #[command(flatten)]
        src: SourceArgs,
        /// Write the facts to this file (atomically) instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
        #[command(flatten)]
        run: RunArgs,
        #[command(flatten)]
        lex: LexArgs,
    },
    /// Merge facts files (and optionally an earlier output set) into a store and its exports.
    #[command(after_help = "Examples:\n  newsgraph merge shard1.jsonl shard2.jsonl --out graph/\n  newsgraph merge new.jsonl --into graph/\n\n--into adds the facts to that set's graph.db (a document id already there replaces the\nearlier version); the result equals a build of everything.")]
    Merge {
        /// Facts files written by `newsgraph extract`.
        facts: Vec<PathBuf>,
        /// An earlier output set (its directory, or a file in it) to add the facts to.
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
        /// Output directory [default: the --into directory, else `output`].
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Evidence items kept per edge (counts stay exact); 0 keeps all.
        #[arg(long, default_value_t = DEFAULT_MAX_EVIDENCE)]
        max_evidence: usize,
        #[command(flatten)]
        run: RunArgs,
        #[command(flatten)]
        export: ExportArgs,
        #[command(flatten)]
        lex: LexArgs,
    },
    /// Take documents out of an output set's store and write the set again.
    #[command(after_help = "Examples:\n  newsgraph remove out/ 003_ae40ce79d3d3edd6.txt\n\nThe result equals a build of the documents that remain.")]
    Remove {
        /// The output set.
        dir: PathBuf,
        /// Ids of the documents to take out.
        #[arg(required = true)]
        ids: Vec<String>,
        #[command(flatten)]
        run: RunArgs,
        #[command(flatten)]
        export: ExportArgs,
        #[command(flatten)]
        lex: LexArgs,
    },
    /// Show what clean-up keeps of each file: metadata, and every paragraph with its role
    /// (title, deck, body) or the rule that dropped it (paywall, caption, read-also, …).
    #[command(after_help = "Examples:\n  newsgraph clean seeds/003_ae40ce79d3d3edd6.txt\n  newsgraph clean seeds --json > kept.jsonl")]
    Clean {
        /// Files or directories.
        inputs: Vec<String>,
        /// Which files to read in directories.
        #[arg(long, default_value = "*.txt")]
        glob: String,
        /// One JSON object per document: id, meta, paragraphs with byte spans and roles.
        #[arg(long)]
        json: bool,
    },
    /// Show how one sentence (or a sentence of a file) is analysed: tokens, mentions, entities, edges and rules.
    #[command(after_help = "Examples:\n  newsgraph explain \"Russian Foreign Minister Sergey Lavrov said the talks were useful.\"\n  newsgraph explain seeds/000_44cb8afd01e9714f.txt --sentence 3")]
    Explain {
        /// A sentence, or a file with --sentence.
        text: String,
        /// 1-based sentence number in the file.
        #[arg(long)]
        sentence: Option<usize>,
        #[command(flatten)]
        lex: LexArgs,
    },
    /// Ask a graph.json: who said what, how two entities connect, neighbours, statistics.
    Query(newsgraph::query::cli::QueryArgs),
}

/// Runs a store run into `out` and prints the summary.
#[allow(clippy::too_many_arguments)]
fn store_run(docs: Documents<'_>, plan: &Plan<'_>, out: &Path, opts: &BuildOptions, lex: &Lexicon, exports: &ExportOptions, run: &RunArgs, what: &str) -> Result<ExitCode> {
    let r: RunReport = store_run::run(docs, plan, out, opts, lex, exports, warn)?;
    for w in &r.warnings {
        eprintln!("newsgraph: warning: {w}");
    }
    if what != "remove" && r.stats.documents == 0 && plan.into.is_none() {
        eprintln!("newsgraph: error: no document could be read");
        return Ok(ExitCode::from(1));
    }
    run.summary(what, &r.stats, &r.times);
    if !run.quiet {
        eprintln!("newsgraph: {} documents in the store; {} entities, {} relation edges → {}", r.documents, r.nodes, r.edges, out.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("newsgraph: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.cmd {
        Cmd::Build { src, out, into, max_evidence, run, export, lex } => {
            let lex = lex.load()?;
            let exports = export.options()?;
            let ins = src.inputs("build")?;
            let opts = run.options(&src.glob, max_evidence);
            // With --into and the default --out, the set is updated where it is.
            let out = match &into {
                Some(dir) if out == Path::new("output") => dir.clone(),
                _ => out,
            };
            let plan = Plan { into: into.as_deref(), remove: &[], keep_settings: false };
            store_run(Documents::Inputs(&ins), &plan, &out, &opts, &lex, &exports, &run, "build")
        }
        Cmd::Extract { src, out, run, lex } => {
            let lex = lex.load()?;
            let ins = src.inputs("extract")?;
            let opts = run.options(&src.glob, DEFAULT_MAX_EVIDENCE);
            let (stats, times) = match &out {
                Some(path) => {
                    let mut f = AtomicFile::create(path).with_context(|| format!("cannot write {}", path.display()))?;
                    let r = extract_facts(&ins, &opts, &lex, &mut f, &path.display().to_string(), warn)?;
                    if r.0.documents > 0 {
                        f.commit().with_context(|| format!("cannot write {}", path.display()))?;
                    }
                    r
                }
                None => {
                    let mut stdout = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout());
                    extract_facts(&ins, &opts, &lex, &mut stdout, "standard output", warn)?
                }
            };
            if stats.documents == 0 {
                eprintln!("newsgraph: error: no document could be read");
                return Ok(ExitCode::from(1));
            }
            run.summary("extract", &stats, &times);
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Clean { inputs, glob, json } => {
            let ins: Vec<Input> = inputs.iter().map(|s| Input::from_arg(s)).collect();
            let mut out = std::io::stdout().lock();
            let mut n = 0;
            pipeline::read_inputs(
                &ins,
                &glob,
                |doc| {
                    n += 1;
                    let _ = newsgraph::text::clean::report(&doc, json, &mut out);
                },
                |w| eprintln!("newsgraph: warning: {w}"),
            );
            Ok(if n == 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Cmd::Merge { facts, into, out, max_evidence, run, export, lex } => {
            let lex = lex.load()?;
            let exports = export.options()?;
            if facts.is_empty() && into.is_none() {
                anyhow::bail!("no input: give facts files written by `newsgraph extract` (see `newsgraph merge --help`)");
            }
            let opts = run.options("*", max_evidence);
            let out = out.or_else(|| into.as_ref().map(|i| if i.is_dir() { i.clone() } else { i.parent().map(Path::to_path_buf).unwrap_or_default() })).unwrap_or_else(|| PathBuf::from("output"));
            let plan = Plan { into: into.as_deref(), remove: &[], keep_settings: false };
            store_run(Documents::Facts(&facts), &plan, &out, &opts, &lex, &exports, &run, "merge")
        }
        Cmd::Remove { dir, ids, run, export, lex } => {
            let lex = lex.load()?;
            let exports = export.options()?;
            let opts = run.options("*", DEFAULT_MAX_EVIDENCE);
            let plan = Plan { into: Some(&dir), remove: &ids, keep_settings: true };
            store_run(Documents::None, &plan, &dir, &opts, &lex, &exports, &run, "remove")
        }
        Cmd::Explain { text, sentence, lex } => {
            let lex = lex.load()?;
            print!("{}", newsgraph::explain::explain(&text, sentence, &lex)?);
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Query(args) => {
            let mut out = std::io::stdout().lock();
            match newsgraph::query::cli::run(&args, &mut out) {
                Ok(()) => Ok(ExitCode::SUCCESS),
                // The reader went away (`| head`): not an error.
                Err(newsgraph::query::QueryError::Write { source, .. })
                    if source.kind() == std::io::ErrorKind::BrokenPipe =>
                {
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("newsgraph query: error[{}]: {e}", e.code());
                    Ok(ExitCode::from(e.exit_code() as u8))
                }
            }
        }
    }
}
