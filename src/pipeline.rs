//! The whole job: inputs → documents → facts → one graph. `build` is [`read_inputs`] feeding
//! [`crate::extract::extract`] feeding [`KnowledgeGraph::add_facts`], then
//! [`KnowledgeGraph::finalize`]. Problems with single inputs are reported through a callback and
//! never stop the run.

use crate::extract;
use crate::graph::KnowledgeGraph;
use crate::input::{self, InputWarning, RawDoc};
use crate::lexicon::Lexicon;
use std::path::PathBuf;

/// One input argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file or a directory (walked recursively, files matching the glob).
    Path(PathBuf),
    /// Standard input (`-`), read as one document with this id.
    Stdin(String),
    /// A JSON-lines file, one article per line.
    Jsonl(PathBuf),
}

impl Input {
    /// Reads a command-line argument: `-` is standard input, anything else a path.
    pub fn from_arg(s: &str) -> Input {
        if s == "-" { Input::Stdin("stdin".to_string()) } else { Input::Path(PathBuf::from(s)) }
    }
}

/// What a run read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Documents extracted.
    pub documents: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Inputs skipped or read with problems.
    pub warnings: usize,
}

/// Streams every document of `inputs` to `each`, in input order; problems go to `warn`.
pub fn read_inputs(inputs: &[Input], glob: &str, mut each: impl FnMut(RawDoc), mut warn: impl FnMut(InputWarning)) {
    for inp in inputs {
        match inp {
            Input::Stdin(name) => match input::read_stdin() {
                Ok(mut d) => {
                    d.id = name.clone();
                    each(d)
                }
                Err(w) => warn(w),
            },
            Input::Jsonl(p) => input::read_jsonl(p, &mut each, &mut warn),
            Input::Path(p) => {
                let mut ws = Vec::new();
                let files = input::expand_path(p, glob, &mut ws);
                ws.into_iter().for_each(&mut warn);
                if files.is_empty() && p.is_dir() {
                    warn(InputWarning { path: p.display().to_string(), message: format!("no file matching {glob:?}") });
                }
                for f in files {
                    match input::read_file(&f) {
                        Ok(d) => each(d),
                        Err(w) => warn(w),
                    }
                }
            }
        }
    }
}

/// Builds the graph of `inputs`. Decoding warnings of readable documents are reported too.
pub fn build(inputs: &[Input], glob: &str, lex: &Lexicon, max_evidence: usize, mut warn: impl FnMut(InputWarning)) -> (KnowledgeGraph, Stats) {
    let mut g = KnowledgeGraph::new(max_evidence);
    let mut stats = Stats::default();
    let warnings = std::cell::RefCell::new(Vec::new());
    read_inputs(
        inputs,
        glob,
        |doc| {
            for w in &doc.warnings {
                warnings.borrow_mut().push(InputWarning { path: doc.source.clone(), message: w.clone() });
            }
            stats.documents += 1;
            stats.bytes += doc.bytes;
            let facts = extract::extract(&doc, lex);
            g.add_facts(&facts);
        },
        |w| warnings.borrow_mut().push(w),
    );
    let warnings = warnings.into_inner();
    stats.warnings = warnings.len();
    warnings.into_iter().for_each(&mut warn);
    g.finalize(lex);
    (g, stats)
}
