//! The `newsgraph` command line: clap glue over the library.
//!
//! Exit codes: 0 — the job was done (warnings about single inputs may have been printed);
//! 1 — nothing could be done (no input could be read, an output could not be written, a bad
//! lexicon); 2 — bad usage, or a query named an unknown or ambiguous entity.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use newsgraph::export::{write_all, ExportOptions, Format};
use newsgraph::graph::DEFAULT_MAX_EVIDENCE;
use newsgraph::lexicon::Lexicon;
use newsgraph::pipeline::{self, Input};
use std::path::PathBuf;
use std::process::ExitCode;

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

#[derive(Subcommand)]
enum Cmd {
    /// Read articles and write the graph and its exports.
    #[command(after_help = "Examples:\n  newsgraph build seeds\n  newsgraph build seeds --format json,gexf --out out/\n  newsgraph build seeds --focus Lavrov --hops 1 --statements\n  newsgraph build articles/ --glob '*.{txt,md}' --out graph/\n  newsgraph build - < article.txt\n  newsgraph build --jsonl dump.jsonl --out out/")]
    Build {
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
        /// Output directory.
        #[arg(long, short, default_value = "output")]
        out: PathBuf,
        /// Evidence items kept per edge (counts stay exact); 0 keeps all.
        #[arg(long, default_value_t = DEFAULT_MAX_EVIDENCE)]
        max_evidence: usize,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
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
        Cmd::Build { inputs, jsonl, glob, stdin_name, out, max_evidence, quiet, export, lex } => {
            let lex = lex.load()?;
            let export_opts = export.options()?;
            let mut ins: Vec<Input> = inputs
                .iter()
                .map(|s| if s == "-" { Input::Stdin(stdin_name.clone()) } else { Input::from_arg(s) })
                .collect();
            ins.extend(jsonl.into_iter().map(Input::Jsonl));
            if ins.is_empty() {
                anyhow::bail!("no input: give files, directories, `-` or --jsonl FILE (see `newsgraph build --help`)");
            }
            let (g, stats) = pipeline::build(&ins, &glob, &lex, max_evidence, |w| eprintln!("newsgraph: warning: {w}"));
            if stats.documents == 0 {
                eprintln!("newsgraph: error: no document could be read");
                return Ok(ExitCode::from(1));
            }
            let report = write_all(&g, &out, &export_opts).with_context(|| format!("cannot write the outputs in {}", out.display()))?;
            for w in &report.warnings {
                eprintln!("newsgraph: warning: {w}");
            }
            if !quiet {
                eprintln!(
                    "newsgraph: {} documents, {} nodes, {} edges → {}",
                    stats.documents,
                    g.node_count(),
                    g.edge_count(),
                    out.display()
                );
            }
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
