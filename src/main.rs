//! The `newsgraph` command line: clap glue over the library.
//!
//! Exit codes: 0 — the job was done (warnings about single inputs may have been printed);
//! 1 — nothing could be done (no input could be read, an output could not be written, a bad
//! lexicon); 2 — bad usage, or a query named an unknown or ambiguous entity.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
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

#[derive(Subcommand)]
enum Cmd {
    /// Read articles and write the graph and its exports.
    #[command(after_help = "Examples:\n  newsgraph build seeds\n  newsgraph build articles/ --glob '*.{txt,md}' --out graph/\n  newsgraph build - < article.txt\n  newsgraph build --jsonl dump.jsonl --out out/")]
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
        lex: LexArgs,
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
        Cmd::Build { inputs, jsonl, glob, stdin_name, out, max_evidence, quiet, lex } => {
            let lex = lex.load()?;
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
            std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
            let path = out.join("graph.json");
            newsgraph::export::atomic_write(&path, g.to_json().as_bytes()).with_context(|| format!("cannot write {}", path.display()))?;
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
        Cmd::Explain { text, sentence, lex } => {
            let lex = lex.load()?;
            print!("{}", newsgraph::explain::explain(&text, sentence, &lex)?);
            Ok(ExitCode::SUCCESS)
        }
    }
}
