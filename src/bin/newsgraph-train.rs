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
        /// log2 of the rows of the parser's hashed transition table.
        #[arg(long, default_value_t = 21)]
        trans_bits: u32,
        /// Do not train the retagger.
        #[arg(long)]
        no_retag: bool,
        /// Drop weights below this many quantised units (tagger, retagger, labeller).
        #[arg(long, num_args = 3, value_names = ["TAGGER", "RETAGGER", "LABELLER"], default_values_t = [200, 1500, 1200])]
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
    /// Words per CPU-second of a model file on the UD dev sentences (gold tokenisation).
    Speed {
        /// The folder with the UD files.
        ud: PathBuf,
        /// A model file (default: the committed model).
        #[arg(long)]
        model: Option<PathBuf>,
        /// Passes over the data.
        #[arg(long, default_value_t = 3)]
        repeat: usize,
    },
    /// Analyse a CoNLL-U file's words (gold tokenisation) and write CoNLL-U with the model's
    /// tags, lemmas, FEATS and tree (for error analysis).
    Predict {
        /// The CoNLL-U file.
        file: PathBuf,
        /// A model file (default: the committed model).
        #[arg(long)]
        model: Option<PathBuf>,
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
        /// Drop weights below this many quantised units (tagger, retagger, labeller), to measure
        /// what pruning costs; with --write, save the pruned model there.
        #[arg(long, num_args = 3, value_names = ["TAGGER", "RETAGGER", "LABELLER"])]
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
        Cmd::Train { ud, out, tagger_epochs, parser_epochs, folds, dev, prune, trans_bits, no_retag } => {
            let t0 = Instant::now();
            let mut sents = read(&ud, "en_ewt-ud-train.conllu")?;
            sents.extend(read(&ud, "en_gum-ud-train.conllu")?);
            let provenance = format!(
                "newsgraph syntax model, trained by `newsgraph-train train` (options: src/data/syntax/README.md) \
                 on UD English EWT train (CC BY-SA 4.0) and UD English GUM train (CC BY 4.0); derived from them under those licences."
            );
            let opts = train::TrainOptions { tagger_epochs, parser_epochs, folds, provenance, trans_bits, retag: !no_retag, ..Default::default() };
            let log = |s: &str| eprintln!("[{:7.1}s] {s}", t0.elapsed().as_secs_f64());
            let mut model = train::train(&sents, &opts, &log);
            model.tagger.weights = model.tagger.weights.pruned(prune[0]);
            model.parser.retagger = model.parser.retagger.pruned(prune[1]);
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
        Cmd::Predict { file, model } => {
            let m = match &model {
                Some(p) => Model::from_bytes(&std::fs::read(p)?)?,
                None => Model::global()?.clone(),
            };
            let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let mut out = String::new();
            for mut s in conllu::read(&text, &file.display().to_string())? {
                let forms: Vec<String> = s.words.iter().map(|w| w.form.clone()).collect();
                for (w, a) in s.words.iter_mut().zip(m.analyse(&forms)) {
                    (w.upos, w.xpos, w.lemma, w.feats, w.head, w.deprel) = (a.upos.into(), a.xpos.into(), a.lemma, a.feats.into(), a.head, a.deprel.into());
                }
                conllu::write_sentence(&s, &mut out);
            }
            print!("{out}");
        }
        Cmd::Speed { ud, model, repeat } => {
            let cpu = || -> u64 { std::fs::read_to_string("/proc/thread-self/schedstat").ok().and_then(|s| s.split_whitespace().next()?.parse().ok()).unwrap_or(0) };
            let c0 = cpu();
            let m = match &model {
                Some(p) => Model::from_bytes(&std::fs::read(p)?)?,
                None => Model::global()?.clone(),
            };
            let load = cpu() - c0;
            let mut sents = read(&ud, "en_ewt-ud-dev.conllu")?;
            sents.extend(read(&ud, "en_gum-ud-dev.conllu")?);
            let forms: Vec<Vec<&str>> = sents.iter().map(|s| s.words.iter().map(|w| w.form.as_str()).collect()).collect();
            let words: usize = forms.iter().map(|f| f.len()).sum::<usize>() * repeat;
            let c0 = cpu();
            for _ in 0..repeat {
                for f in &forms {
                    std::hint::black_box(m.analyse(f));
                }
            }
            let all = cpu() - c0;
            let c0 = cpu();
            for _ in 0..repeat {
                for f in &forms {
                    std::hint::black_box(m.tag(f));
                }
            }
            let tag = cpu() - c0;
            println!(
                "load {:.1} ms CPU; analyse {:.0} words/CPU-s; tag only {:.0} words/CPU-s ({words} words)",
                load as f64 / 1e6,
                words as f64 / (all as f64 / 1e9),
                words as f64 / (tag as f64 / 1e9)
            );
        }
        Cmd::Eval { ud, model, dev_only, prune, write } => {
            let mut m = match &model {
                Some(p) => Model::from_bytes(&std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?)
                    .with_context(|| format!("cannot load {}", p.display()))?,
                None => Model::global().context("cannot load the built-in model")?.clone(),
            };
            if let Some(p) = prune {
                m.tagger.weights = m.tagger.weights.pruned(p[0]);
                m.parser.retagger = m.parser.retagger.pruned(p[1]);
                m.parser.labeller = m.parser.labeller.pruned(p[2]);
            }
            let bytes = m.to_bytes();
            eprintln!(
                "model: {} bytes; tagger {:?}, parser {:?}, labeller {:?} (features, weights)",
                bytes.len(),
                m.tagger.weights.size(),
                (m.parser.trans.used(), m.parser.trans.len()),
                m.parser.labeller.size()
            );
            for (part, n) in newsgraph::syntax::model::section_sizes(&m) {
                eprintln!("  {part:<22} {n:>10} bytes");
            }
            if let Some(w) = write {
                std::fs::write(&w, &bytes).with_context(|| format!("cannot write {}", w.display()))?;
            }
            let splits: &[&str] = if dev_only { &["dev"] } else { &["dev", "test"] };
            print!("{}", score(&m, &ud, splits)?);
        }
    }
    Ok(())
}
