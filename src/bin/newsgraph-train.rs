//! `newsgraph-train`: trains the syntax model from the UD English treebanks and evaluates it.
//!
//! ```text
//! newsgraph-train train ../shared/ud            # writes src/data/syntax/en.model
//! newsgraph-train eval ../shared/ud             # dev and test table for the committed model
//! ```

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use newsgraph::syntax::{conllu, eval, train, Model};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Parser)]
#[command(name = "newsgraph-train", version, about = "Train and evaluate newsgraph's tagger and dependency parser on UD English (EWT + GUM)")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Train on the EWT and GUM train splits and write the model.
    Train {
        /// The folder with en_ewt-ud-train.conllu and en_gum-ud-train.conllu.
        ud: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "src/data/syntax/en.model")]
        out: PathBuf,
        /// Tagger epochs.
        #[arg(long, default_value_t = 8)]
        tagger_epochs: usize,
        /// Parser epochs.
        #[arg(long, default_value_t = 15)]
        parser_epochs: usize,
        /// Jackknife folds for the parser's training tags.
        #[arg(long, default_value_t = 10)]
        folds: usize,
        /// Also score the new model on the dev splits.
        #[arg(long)]
        dev: bool,
        /// Drop weights below this many quantised units (tagger, parser, labeller).
        #[arg(long, num_args = 3, value_names = ["TAGGER", "PARSER", "LABELLER"], default_values_t = [1, 1, 1])]
        prune: Vec<i16>,
    },
    /// Train the tagger alone and print its dev accuracy (for feature work).
    TaggerDev {
        /// The folder with the UD files.
        ud: PathBuf,
        /// Tagger epochs.
        #[arg(long, default_value_t = 8)]
        epochs: usize,
    },
    /// Score a model on UD dev and test (gold tokenisation) and print a table.
    Eval {
        /// The folder with the UD files.
        ud: PathBuf,
        /// A model file (default: the committed model built into this binary).
        #[arg(long)]
        model: Option<PathBuf>,
        /// Only the dev splits.
        #[arg(long)]
        dev_only: bool,
        /// Drop weights below this many quantised units (tagger, parser, labeller), to measure
        /// what pruning costs; with --write, save the pruned model there.
        #[arg(long, num_args = 3, value_names = ["TAGGER", "PARSER", "LABELLER"])]
        prune: Option<Vec<i16>>,
        /// Where to write the pruned model.
        #[arg(long)]
        write: Option<PathBuf>,
    },
}

fn read(ud: &Path, name: &str) -> Result<Vec<conllu::Sentence>> {
    let p = ud.join(name);
    let text = std::fs::read_to_string(&p).with_context(|| format!("cannot read {}", p.display()))?;
    Ok(conllu::read(&text, &p.display().to_string())?)
}

fn score(model: &Model, ud: &Path, splits: &[&str]) -> Result<String> {
    let mut rows = Vec::new();
    for tb in ["ewt", "gum"] {
        for split in splits {
            let gold = read(ud, &format!("en_{tb}-ud-{split}.conllu"))?;
            rows.push((format!("{} {split}", tb.to_uppercase()), eval::evaluate(model, &gold)));
        }
    }
    Ok(eval::table(&rows))
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.cmd {
        Cmd::Train { ud, out, tagger_epochs, parser_epochs, folds, dev, prune } => {
            let t0 = Instant::now();
            let mut sents = read(&ud, "en_ewt-ud-train.conllu")?;
            sents.extend(read(&ud, "en_gum-ud-train.conllu")?);
            let provenance = format!(
                "newsgraph syntax model, trained by `newsgraph-train train` (options: src/data/syntax/README.md) \
                 on UD English EWT train (CC BY-SA 4.0) and UD English GUM train (CC BY 4.0); derived from them under those licences."
            );
            let opts = train::TrainOptions { tagger_epochs, parser_epochs, folds, provenance, ..Default::default() };
            let log = |s: &str| eprintln!("[{:7.1}s] {s}", t0.elapsed().as_secs_f64());
            let mut model = train::train(&sents, &opts, &log);
            model.tagger.weights = model.tagger.weights.pruned(prune[0]);
            model.parser.trans = model.parser.trans.pruned(prune[1]);
            model.parser.labeller = model.parser.labeller.pruned(prune[2]);
            let bytes = model.to_bytes();
            let tmp = out.with_extension("tmp");
            std::fs::write(&tmp, &bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
            std::fs::rename(&tmp, &out).with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!("wrote {} ({} bytes) in {:.1}s", out.display(), bytes.len(), t0.elapsed().as_secs_f64());
            if dev {
                print!("{}", score(&model, &ud, &["dev"])?);
            }
        }
        Cmd::TaggerDev { ud, epochs } => {
            let t0 = Instant::now();
            let mut sents = read(&ud, "en_ewt-ud-train.conllu")?;
            sents.extend(read(&ud, "en_gum-ud-train.conllu")?);
            let (tags, data) = train::tag_data(&sents);
            let t = newsgraph::syntax::tagger::train(&tags, &data, epochs, 1);
            eprintln!("trained in {:.1}s; {:?}", t0.elapsed().as_secs_f64(), t.weights.size());
            for tb in ["ewt", "gum"] {
                let gold = read(&ud, &format!("en_{tb}-ud-dev.conllu"))?;
                let (mut n, mut u, mut x) = (0, 0, 0);
                for s in &gold {
                    let keys: Vec<_> = s.words.iter().map(|w| newsgraph::syntax::tagger::WordKeys::new(&w.form)).collect();
                    for (w, p) in s.words.iter().zip(t.tag(&keys)) {
                        let (pu, px) = t.tags[p as usize].split_once(' ').unwrap_or(("", ""));
                        n += 1;
                        if pu != w.upos && std::env::var("CONFUSIONS").is_ok() {
                            println!("CONF {} {} {} {}", w.upos, pu, w.form, w.xpos);
                        }
                        u += (pu == w.upos) as usize;
                        x += (px == w.xpos) as usize;
                    }
                }
                println!("{tb} dev: UPOS {:.2} XPOS {:.2} ({n} words)", 100.0 * u as f64 / n as f64, 100.0 * x as f64 / n as f64);
            }
        }
        Cmd::Eval { ud, model, dev_only, prune, write } => {
            let mut m = match &model {
                Some(p) => Model::from_bytes(&std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?)
                    .with_context(|| format!("cannot load {}", p.display()))?,
                None => Model::global().context("cannot load the built-in model")?.clone(),
            };
            if let Some(p) = prune {
                m.tagger.weights = m.tagger.weights.pruned(p[0]);
                m.parser.trans = m.parser.trans.pruned(p[1]);
                m.parser.labeller = m.parser.labeller.pruned(p[2]);
            }
            let bytes = m.to_bytes();
            eprintln!(
                "model: {} bytes; tagger {:?}, parser {:?}, labeller {:?} (features, weights)",
                bytes.len(),
                m.tagger.weights.size(),
                m.parser.trans.size(),
                m.parser.labeller.size()
            );
            if let Some(w) = write {
                std::fs::write(&w, &bytes).with_context(|| format!("cannot write {}", w.display()))?;
            }
            let splits: &[&str] = if dev_only { &["dev"] } else { &["dev", "test"] };
            print!("{}", score(&m, &ud, splits)?);
        }
    }
    Ok(())
}
