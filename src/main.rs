//! The `newsgraph` command line: clap glue over the library.
//!
//! Exit codes (also in `--help` and the man page):
//! * 0 — the job was done (warnings about single inputs may have been printed), or the reader
//!   of standard output went away (`newsgraph extract … | head`);
//! * 1 — nothing could be done: no input could be read, an output could not be written, a bad
//!   lexicon;
//! * 2 — bad usage (an unknown option or value, a bad `--format` or date, no input), found
//!   before any work; or a name that matches no entity or several (`query`, `--focus`: then the
//!   other outputs were written).
//!
//! Messages go to standard error, one line each, naming the file they are about
//! ([`newsgraph::messages`]); `--quiet` leaves only errors, `--color` says when to colour them.

use anyhow::{Context, Result};
use clap::{CommandFactory, Parser, Subcommand};
use newsgraph::export::{ExportOptions, Format};
use newsgraph::graph::DEFAULT_MAX_EVIDENCE;
use newsgraph::lexicon::Lexicon;
use newsgraph::messages::{self, Color, Messages};
use newsgraph::pipeline::facts::{extract_facts, AtomicFile};
use newsgraph::pipeline::run::{self as store_run, Documents, Plan};
use newsgraph::pipeline::{self, BuildOptions, Input, StageTimings, Stats};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// mimalloc instead of the system allocator: extraction makes many small strings, and glibc's
/// malloc spent a quarter of the run on them (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXIT_CODES: &str = "Exit codes:
  0  done (warnings about single inputs may have been printed), or the reader of the output went away
  1  nothing could be done: no input could be read, an output could not be written, a bad lexicon
  2  bad usage, found before any work; or a name (query, --focus) that matches no entity or several";

#[derive(Parser)]
#[command(
    name = "newsgraph",
    version,
    about = "Turn news articles into a knowledge graph: who did what to whom, and who said what.",
    after_help = EXIT_CODES
)]
struct Cli {
    /// Print only errors: no warnings, no progress bar, no summary.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// When to colour warnings, errors and table headers: auto (on a terminal, unless NO_COLOR
    /// is set), always, never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = Color::Auto, global = true)]
    color: Color,
    #[command(subcommand)]
    cmd: Cmd,
}

/// A mistake in the command line found by the program rather than by clap: exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Usage(String);

/// `extract` could read no document — every input was bad, each reported — and wrote a facts
/// file that holds none (standard output: the trailer alone): exit code 3, so that a caller
/// (the Spark job) tells an all-bad shard from a failure.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct NoDocument(anyhow::Error);

/// A name that matched no entity or several, after the rest of the work was done: exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
struct NameProblem {
    code: &'static str,
    message: String,
    details: Option<String>,
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

fn parse_sentence(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err("expected a sentence number, 1 or more".to_string()),
    }
}

/// A `--format` value: a format name, or `all`.
fn parse_format(s: &str) -> Result<String, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("all") {
        return Ok("all".into());
    }
    s.parse::<Format>().map(|f| f.as_str().to_string()).map_err(|e| e.to_string())
}

#[derive(clap::Args, Clone)]
struct ExportArgs {
    /// Outputs to write besides graph.db, comma-separated: json, dot, svg, png, gexf, graphml,
    /// cypher, csv, apoc, graphology, html, or `all` (all but png) [default: json,dot,svg,html].
    #[arg(long, value_delimiter = ',', value_name = "FORMATS", value_parser = parse_format)]
    format: Vec<String>,
    /// With --top 0, draw every statement (and its quote and mention edges) in graph.dot /
    /// graph.svg; the overview counts statements, the focus quotes a few.
    #[arg(long)]
    statements: bool,
    /// Draw only the neighbourhood of this entity (id, name or alias) in graph.dot / graph.svg.
    /// If it names no entity or several, the other outputs are still written (exit code 2).
    #[arg(long, value_name = "ENTITY")]
    focus: Option<String>,
    /// Radius of --focus: 1 draws the entity's own relations and statements; 2 also the
    /// relations among the entities drawn, and a few named entities further out.
    #[arg(long, default_value_t = 2)]
    hops: usize,
    /// Entities in the overview picture (the most connected ones); 0 draws the whole graph.
    #[arg(long, value_name = "N", default_value_t = newsgraph::export::drawing::OVERVIEW_NODES)]
    top: usize,
    /// Graphviz layout engine for graph.dot / graph.svg: auto is dot for small pictures and
    /// sfdp (overlap=prism) for larger ones.
    #[arg(long, value_enum, default_value_t = newsgraph::export::drawing::Layout::Auto)]
    layout: newsgraph::export::drawing::Layout,
}

impl ExportArgs {
    fn options(&self) -> ExportOptions {
        let mut o = ExportOptions::default_set();
        o.formats = [Format::Json, Format::Dot, Format::Svg, Format::Html].into_iter().collect();
        if !self.format.is_empty() {
            o.formats = Default::default();
            for f in &self.format {
                match f.parse::<Format>() {
                    Ok(f) => {
                        o.formats.insert(f);
                    }
                    Err(_) => o.formats.extend(ExportOptions::default_set().formats),
                }
            }
        }
        o.statements = self.statements;
        o.focus = self.focus.clone();
        o.hops = self.hops;
        o.top = self.top;
        o.layout = self.layout;
        o
    }
}

#[derive(clap::Args, Clone)]
struct SourceArgs {
    /// Files or directories to read (`-` for standard input).
    #[arg(required_unless_present_any = ["jsonl", "records"])]
    inputs: Vec<String>,
    /// JSON-lines file with one article per line (`id`, `text`, optional `date`, `source`, `title`), `-` for standard input; may be repeated.
    #[arg(long, value_name = "FILE")]
    jsonl: Vec<PathBuf>,
    /// Document records, as the Spark job (`dist/spark`) streams them: JSON lines, each a
    /// file's bytes (`id`, `source`, `base64`) or a JSON-lines article line (`source`, `line`),
    /// read exactly as a local run reads that file or line; `-` for standard input.
    #[arg(long, value_name = "FILE")]
    records: Vec<PathBuf>,
    /// Which files to read in directories.
    #[arg(long, default_value = "*.txt")]
    glob: String,
    /// Document id for standard input (`-`).
    #[arg(long, default_value = "stdin", value_name = "ID")]
    stdin_name: String,
    /// Read a document larger than this in parts of at most this size, cut at paragraph
    /// breaks (ids ID, ID#p2, …; offsets stay those of the whole document); 0 = no cap.
    /// Suffixes K, M, G.
    #[arg(long, default_value = "4M", value_name = "BYTES", value_parser = newsgraph::input::parts::parse_size)]
    max_doc_bytes: usize,
}

impl SourceArgs {
    fn inputs(&self) -> Vec<Input> {
        let mut ins: Vec<Input> = self
            .inputs
            .iter()
            .map(|s| if s == "-" { Input::Stdin(self.stdin_name.clone()) } else { Input::from_arg(s) })
            .collect();
        ins.extend(self.jsonl.iter().cloned().map(Input::Jsonl));
        ins.extend(self.records.iter().cloned().map(Input::Records));
        ins
    }

    /// Standard input can be read once: as one document (`-`), one JSON-lines dump or one
    /// records stream.
    fn check(&self) -> Result<()> {
        let dash = |p: &PathBuf| p.as_os_str() == "-";
        let streams = self.records.iter().filter(|p| dash(p)).count() + self.jsonl.iter().filter(|p| dash(p)).count();
        if streams + self.inputs.iter().filter(|s| *s == "-").count().min(1) > 1 {
            return Err(Usage("standard input can be read only once: as `-`, `--jsonl -` or `--records -`".into()).into());
        }
        Ok(())
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
}

impl RunArgs {
    fn options(&self, glob: &str, max_evidence: usize, say: &Messages) -> BuildOptions {
        BuildOptions { glob: glob.to_string(), max_evidence, threads: self.threads, progress: !say.quiet(), ..BuildOptions::default() }
    }

    fn summary(&self, what: &str, stats: &Stats, times: &StageTimings, say: &Messages) {
        let secs = times.total.as_secs_f64().max(1e-9);
        say.note(format_args!(
            "{what}: {} documents, {:.1} MB, {} sentences in {:.2} s ({:.1} MB/s, {:.0} sentences/s)",
            stats.documents,
            stats.bytes as f64 / 1e6,
            stats.sentences,
            secs,
            stats.bytes as f64 / 1e6 / secs,
            stats.sentences as f64 / secs
        ));
        if self.timings && !say.quiet() {
            eprint!("{}", times.report());
        }
    }
}

#[derive(Subcommand)]
enum Cmd {
    /// Read articles and write the graph store and its exports.
    #[command(after_help = "Examples:\n  newsgraph build seeds\n  newsgraph build seeds --format all --out out/\n  newsgraph build new-articles/ --into out/\n  newsgraph build seeds --focus Lavrov --hops 1 --statements\n  newsgraph build articles/ --glob '*.{txt,md}' --out graph/\n  newsgraph build - < article.txt\n  newsgraph build --jsonl dump.jsonl --out out/ --threads 4 --timings\n\nWrites graph.db (the store), graph.json, graph.dot/graph.svg (a picture of the most connected\nentities, or of the --focus) and graph.html (an interactive page that opens offline).\nThe output directory is replaced as a whole, only once everything was written.")]
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
        /// With --records only: print the documents the records hold, one JSON line each
        /// (`{"record": LINE, "id": ID, "part_of": ID}`, ids as read, before a run makes them
        /// unique), and extract nothing — the Spark job's naming pass.
        #[arg(long, requires = "records", conflicts_with = "out")]
        list_documents: bool,
        #[command(flatten)]
        run: RunArgs,
        #[command(flatten)]
        lex: LexArgs,
    },
    /// Merge facts files (and optionally an earlier output set) into a store and its exports.
    #[command(after_help = "Examples:\n  newsgraph merge shard1.jsonl shard2.jsonl --out graph/\n  newsgraph merge new.jsonl --into graph/\n\n--into adds the facts to that set's graph.db (a document id already there replaces the\nearlier version); the result equals a build of everything.")]
    Merge {
        /// Facts files written by `newsgraph extract` (`-` for standard input).
        #[arg(required_unless_present = "into")]
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
    /// Show what clean-up keeps of each file: metadata (place, date and where it came from,
    /// agency), and every paragraph with its role (title, deck, dateline, body) or the rule
    /// that dropped it (paywall, caption, read-also, …).
    #[command(after_help = "Examples:\n  newsgraph clean seeds/003_ae40ce79d3d3edd6.txt\n  newsgraph clean seeds --json > kept.jsonl")]
    Clean {
        /// Files or directories.
        #[arg(required = true)]
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
        /// 1-based sentence number in the file (a dateline counts as a sentence).
        #[arg(long, value_parser = parse_sentence)]
        sentence: Option<usize>,
        #[command(flatten)]
        lex: LexArgs,
    },
    /// Tag and parse articles: CoNLL-U (UPOS, XPOS, lemma, FEATS, head, relation) with byte
    /// offsets in MISC (TokenRange=start:end), one block per sentence.
    #[command(after_help = "Examples:\n  newsgraph parse seeds/000_44cb8afd01e9714f.txt\n  echo 'The minister said talks would resume.' | newsgraph parse -")]
    Parse {
        /// Files, or - for standard input.
        inputs: Vec<String>,
        #[command(flatten)]
        lex: LexArgs,
    },
    /// Ask a graph.json: who said what, how two entities connect, neighbours, statistics.
    Query(newsgraph::query::cli::QueryArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(after_help = "Examples:\n  newsgraph completions bash > ~/.local/share/bash-completion/completions/newsgraph\n  newsgraph completions zsh > ~/.zfunc/_newsgraph\n  newsgraph completions fish > ~/.config/fish/completions/newsgraph.fish")]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write one page per command into a directory.
    #[command(after_help = "Examples:\n  newsgraph man > newsgraph.1 && man -l newsgraph.1\n  newsgraph man --dir man/")]
    Man {
        /// Write newsgraph.1 and a page per command (newsgraph-build.1, …) into this directory.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// Writes `bytes` to standard output; a reader that went away is not an error (see `main`).
fn print_out(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes).and_then(|_| out.flush()).context("cannot write standard output")
}

/// The error for a run that read nothing; with `--quiet` it says that warnings were hidden.
fn nothing_read(what: &str, stats: &Stats, say: &Messages) -> anyhow::Error {
    if say.quiet() && stats.warnings > 0 {
        anyhow::anyhow!("no {what} could be read ({} warning(s) not shown: run without --quiet to see them)", stats.warnings)
    } else {
        anyhow::anyhow!("no {what} could be read")
    }
}

/// Runs a build, merge or removal into the output set `out`, then prints the summary.
#[allow(clippy::too_many_arguments)]
fn store_run(
    docs: Documents<'_>,
    plan: &Plan<'_>,
    out: &Path,
    opts: &BuildOptions,
    lex: &Lexicon,
    exports: &ExportOptions,
    run: &RunArgs,
    what: &str,
    say: &Messages,
) -> Result<ExitCode> {
    let r = store_run::run(docs, plan, out, opts, lex, exports, |w| say.warn(w))?;
    for w in &r.warnings {
        say.warn(w);
    }
    if !matches!(docs, Documents::None) && r.stats.documents == 0 && plan.into.is_none() {
        return Err(nothing_read(if matches!(docs, Documents::Facts(_)) { "facts" } else { "document" }, &r.stats, say));
    }
    run.summary(what, &r.stats, &r.times, say);
    if run.timings && !say.quiet() {
        for (name, d) in &r.steps {
            eprintln!("  {name:<34} {:>9.3}", d.as_secs_f64());
        }
    }
    say.note(format_args!("{} documents in the store; {} entities, {} relation edges → {}", r.documents, r.nodes, r.edges, out.display()));
    match r.focus {
        // The other outputs are written; the drawing is missing and the user must pick a name.
        Some(f) => Err(NameProblem {
            code: f.code,
            message: format!("{}; the drawing was not written, the other outputs were", f.message),
            details: f.details,
        }
        .into()),
        None => Ok(ExitCode::SUCCESS),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect();
    let color = Color::from_args(&args);
    let clap_color = match color {
        Color::Always => clap::ColorChoice::Always,
        Color::Never => clap::ColorChoice::Never,
        Color::Auto if !color.for_stderr() => clap::ColorChoice::Never,
        Color::Auto => clap::ColorChoice::Auto,
    };
    let matches = Cli::command().color(clap_color).get_matches();
    let cli = match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    let say = Messages::new(cli.quiet, cli.color.for_stderr());
    match run(cli, &say) {
        Ok(code) => code,
        // The reader went away (`| head`): what it wanted was written.
        Err(e) if messages::is_broken_pipe(e.as_ref()) => ExitCode::SUCCESS,
        Err(e) => {
            if let Some(n) = e.downcast_ref::<NoDocument>() {
                say.error(None, n);
                ExitCode::from(3)
            } else if let Some(u) = e.downcast_ref::<Usage>() {
                say.error(None, format_args!("{u} (see `newsgraph --help`)"));
                ExitCode::from(2)
            } else if let Some(n) = e.downcast_ref::<NameProblem>() {
                say.error(Some(n.code), &n.message);
                if let Some(d) = &n.details {
                    say.error_details(d);
                }
                ExitCode::from(2)
            } else if let Some(q) = e.downcast_ref::<newsgraph::query::QueryError>() {
                say.error(Some(q.code()), messages::one_line(q));
                if let Some(d) = q.details() {
                    say.error_details(&d);
                }
                ExitCode::from(q.exit_code() as u8)
            } else if let Some(x) = e.downcast_ref::<newsgraph::explain::ExplainError>() {
                let usage = matches!(x, newsgraph::explain::ExplainError::NoSentence { .. });
                say.error(None, messages::one_line(x));
                ExitCode::from(if usage { 2 } else { 1 })
            } else {
                say.error(None, messages::one_line(e.as_ref()));
                ExitCode::from(1)
            }
        }
    }
}

fn run(cli: Cli, say: &Messages) -> Result<ExitCode> {
    let warn = |w: newsgraph::input::InputWarning| say.warn(w);
    match cli.cmd {
        Cmd::Build { src, out, into, max_evidence, run, export, lex } => {
            // Everything that can be checked is checked before the work starts.
            let exports = export.options();
            if let Some(d) = &into
                && !d.exists()
            {
                return Err(Usage(format!("--into {}: no such file or directory", d.display())).into());
            }
            // With --into and the default --out, the set is updated where it is.
            let out = match &into {
                Some(dir) if out == Path::new("output") => dir.clone(),
                _ => out,
            };
            src.check()?;
            pipeline::check_out_dir(&out)?;
            let lex = lex.load()?;
            let ins = src.inputs();
            let opts = BuildOptions { max_doc_bytes: src.max_doc_bytes, ..run.options(&src.glob, max_evidence, say) };
            let plan = Plan { into: into.as_deref(), remove: &[], keep_settings: false };
            store_run(Documents::Inputs(&ins), &plan, &out, &opts, &lex, &exports, &run, "build", say)
        }
        Cmd::Extract { src, out, list_documents, run, lex } => {
            src.check()?;
            if list_documents {
                if !src.inputs.is_empty() || !src.jsonl.is_empty() {
                    return Err(Usage("--list-documents lists document records only: give no other input".into()).into());
                }
                let mut stdout = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout());
                for r in &src.records {
                    newsgraph::input::records::list(r, src.max_doc_bytes, &mut stdout, warn).context("cannot write standard output")?;
                }
                return Ok(ExitCode::SUCCESS);
            }
            let lex = lex.load()?;
            let ins = src.inputs();
            let opts = BuildOptions { max_doc_bytes: src.max_doc_bytes, ..run.options(&src.glob, DEFAULT_MAX_EVIDENCE, say) };
            let (stats, times) = match &out {
                Some(path) => {
                    let mut f = AtomicFile::create(path).with_context(|| format!("cannot write {}", path.display()))?;
                    for w in &f.recovered {
                        say.warn(w);
                    }
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
                return Err(NoDocument(nothing_read("document", &stats, say)).into());
            }
            run.summary("extract", &stats, &times, say);
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Clean { inputs, glob, json } => {
            let ins: Vec<Input> = inputs.iter().map(|s| Input::from_arg(s)).collect();
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let mut n = 0;
            let mut failed: Option<std::io::Error> = None;
            pipeline::read_inputs(
                &ins,
                &glob,
                |doc| {
                    n += 1;
                    if failed.is_none() {
                        failed = newsgraph::text::report::clean_report(&doc, json, &mut out).err();
                    }
                },
                warn,
            );
            let written = match failed {
                Some(e) => Err(e),
                None => out.flush(),
            };
            written.context("cannot write standard output")?;
            if n == 0 {
                anyhow::bail!("no document could be read");
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Merge { facts, into, out, max_evidence, run, export, lex } => {
            let exports = export.options();
            if let Some(g) = &into {
                if !g.exists() {
                    return Err(Usage(format!("--into {}: no such file or directory", g.display())).into());
                }
            }
            let out = out
                .or_else(|| into.as_ref().map(|i| if i.is_dir() { i.clone() } else { i.parent().map(Path::to_path_buf).unwrap_or_default() }))
                .unwrap_or_else(|| PathBuf::from("output"));
            pipeline::check_out_dir(&out)?;
            let lex = lex.load()?;
            let opts = run.options("*", max_evidence, say);
            let plan = Plan { into: into.as_deref(), remove: &[], keep_settings: false };
            store_run(Documents::Facts(&facts), &plan, &out, &opts, &lex, &exports, &run, "merge", say)
        }
        Cmd::Remove { dir, ids, run, export, lex } => {
            let exports = export.options();
            if !dir.exists() {
                return Err(Usage(format!("{}: no such directory", dir.display())).into());
            }
            let lex = lex.load()?;
            let opts = run.options("*", DEFAULT_MAX_EVIDENCE, say);
            let plan = Plan { into: Some(&dir), remove: &ids, keep_settings: true };
            store_run(Documents::None, &plan, &dir, &opts, &lex, &exports, &run, "remove", say)
        }
        Cmd::Explain { text, sentence, lex } => {
            let lex = lex.load()?;
            print_out(newsgraph::explain::explain(&text, sentence, &lex)?.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Parse { inputs, lex } => {
            let lex = lex.load()?;
            if inputs.is_empty() {
                anyhow::bail!("no input: give files or - for standard input (see `newsgraph parse --help`)");
            }
            let mut failed = false;
            for arg in &inputs {
                let raw = if arg == "-" { newsgraph::input::read_stdin() } else { newsgraph::input::read_file(Path::new(arg)) };
                let raw = match raw {
                    Ok(r) => r,
                    Err(w) => {
                        warn(w);
                        failed = true;
                        continue;
                    }
                };
                print_out(newsgraph::explain::parse_conllu(&raw, &lex)?.as_bytes())?;
            }
            Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Cmd::Query(mut args) => {
            args.color = cli.color.for_stdout();
            let mut out = std::io::stdout().lock();
            for n in newsgraph::query::cli::run(&args, &mut out)? {
                say.note(format_args!("note: {n}"));
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "newsgraph", &mut buf);
            print_out(&buf)?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Man { dir } => {
            let cmd = Cli::command();
            match dir {
                Some(d) => {
                    std::fs::create_dir_all(&d).with_context(|| format!("cannot write {}", d.display()))?;
                    clap_mangen::generate_to(cmd, &d).with_context(|| format!("cannot write the manual pages in {}", d.display()))?;
                    say.note(format_args!("manual pages written to {}", d.display()));
                }
                None => {
                    let mut buf = Vec::new();
                    clap_mangen::Man::new(cmd).render(&mut buf).context("cannot render the manual page")?;
                    print_out(&buf)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
