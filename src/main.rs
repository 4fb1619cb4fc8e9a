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
use newsgraph::graph::KnowledgeGraph;
use newsgraph::pipeline::facts::{extract_facts, merge_facts, AtomicFile};
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
    /// Outputs to write, comma-separated: json, dot, svg, png, gexf, graphml, cypher, csv, apoc,
    /// graphology (default: all but png).
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
        if !self.format.is_empty() {
            o.formats = self
                .format
                .iter()
                .map(|f| f.trim().parse::<Format>().map_err(|e| anyhow::anyhow!("{e}")))
                .collect::<Result<_>>()?;
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
    #[command(after_help = "Examples:\n  newsgraph build seeds\n  newsgraph build seeds --format json,gexf --out out/\n  newsgraph build seeds --focus Lavrov --hops 1 --statements\n  newsgraph build articles/ --glob '*.{txt,md}' --out graph/\n  newsgraph build - < article.txt\n  newsgraph build --jsonl dump.jsonl --out out/ --threads 4 --timings")]
    Build {
        #[command(flatten)]
        src: SourceArgs,
        /// Output directory.
        #[arg(long, short, default_value = "output")]
        out: PathBuf,
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
    /// Merge facts files (and optionally an earlier graph) into the graph and its exports.
    #[command(after_help = "Examples:\n  newsgraph merge shard1.jsonl shard2.jsonl --out graph/\n  newsgraph merge new.jsonl --into graph/graph.json --out graph/\n\n--into takes back what the identity rules did (graph.undo.json beside graph.json, written by\nbuild and merge) before adding the facts, so the result equals a build of everything.")]
    Merge {
        /// Facts files written by `newsgraph extract`.
        facts: Vec<PathBuf>,
        /// An earlier run's graph.json (or its output directory) to add the facts to.
        #[arg(long, value_name = "GRAPH")]
        into: Option<PathBuf>,
        /// Output directory.
        #[arg(long, short, default_value = "output")]
        out: PathBuf,
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

/// Finalizes and writes a merged graph, then prints the summary.
#[allow(clippy::too_many_arguments)]
fn finish(
    g: &mut KnowledgeGraph,
    lex: &Lexicon,
    out: &Path,
    exports: &ExportOptions,
    run: &RunArgs,
    what: &str,
    stats: &Stats,
    times: &mut StageTimings,
) -> Result<ExitCode> {
    let t0 = std::time::Instant::now();
    let report = pipeline::finish(g, lex, out, exports, times)?;
    times.total += t0.elapsed();
    for w in &report.warnings {
        eprintln!("newsgraph: warning: {w}");
    }
    run.summary(what, stats, times);
    if !run.quiet {
        eprintln!("newsgraph: {} nodes, {} edges → {}", g.node_count(), g.edge_count(), out.display());
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
        Cmd::Build { src, out, max_evidence, run, export, lex } => {
            let lex = lex.load()?;
            let exports = export.options()?;
            let ins = src.inputs("build")?;
            let opts = run.options(&src.glob, max_evidence);
            let (mut g, stats, mut times) = pipeline::collect(&ins, &opts, &lex, warn)?;
            if stats.documents == 0 {
                eprintln!("newsgraph: error: no document could be read");
                return Ok(ExitCode::from(1));
            }
            finish(&mut g, &lex, &out, &exports, &run, "build", &stats, &mut times)
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
                    let _ = newsgraph::text::report::clean_report(&doc, json, &mut out);
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
            let (mut g, stats, mut times) = merge_facts(&facts, into.as_deref(), &opts, warn)?;
            if stats.documents == 0 && into.is_none() {
                eprintln!("newsgraph: error: no facts could be read");
                return Ok(ExitCode::from(1));
            }
            finish(&mut g, &lex, &out, &exports, &run, "merge", &stats, &mut times)
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
