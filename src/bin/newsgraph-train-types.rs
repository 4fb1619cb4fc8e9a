//! `newsgraph-train-types`: trains the name-typing model (`src/data/name-types.tsv`) from GUM's
//! entity annotation, train split only.
//!
//! ```text
//! python3 scripts/score_ner.py --export gum-train > /tmp/gum-train.jsonl
//! cargo run --release --bin newsgraph-train-types -- /tmp/gum-train.jsonl
//! ```

use anyhow::{Context, Result};
use clap::Parser;
use newsgraph::lexicon::Lexicon;
use newsgraph::mentions::typing::train::{self, GoldDoc};
use std::io::BufRead;
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "newsgraph-train-types", version, about = "Train newsgraph's name-typing model on gold names (JSON lines from scripts/score_ner.py --export)")]
struct Cli {
    /// JSON lines: {"id", "text", "gold": [[start, end, type], …]}.
    gold: PathBuf,
    /// Where to write the table.
    #[arg(long, default_value = "src/data/name-types.tsv")]
    out: PathBuf,
    /// Perceptron epochs.
    #[arg(long, default_value_t = 10)]
    epochs: usize,
    /// Keep features seen in at least this many instances.
    #[arg(long, default_value_t = 2)]
    min_count: usize,
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let f = std::fs::File::open(&cli.gold).with_context(|| format!("cannot read {}", cli.gold.display()))?;
    let mut docs: Vec<GoldDoc> = Vec::new();
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        docs.push(serde_json::from_str(&line).with_context(|| format!("{}:{}", cli.gold.display(), i + 1))?);
    }
    let lex = Lexicon::builtin();
    let data = train::instances(&docs, lex);
    let mut by_class = [0usize; 4];
    for i in &data.instances {
        by_class[i.label] += 1;
    }
    let weights = train::train(&data, cli.epochs, cli.min_count);
    let header = format!(
        "Name-typing model of newsgraph (src/mentions/typing): an averaged perceptron over the features of\n\
         src/mentions/typing/features.rs, trained on the entity annotation of UD English GUM, train split\n\
         (Zeldes 2017, https://github.com/UniversalDependencies/UD_English-GUM; CC BY 4.0: this table is derived\n\
         from it under that licence).\n\
         Made by: python3 scripts/score_ner.py --export gum-train > gum-train.jsonl &&\n\
         cargo run --release --bin newsgraph-train-types -- gum-train.jsonl --epochs {} --min-count {}\n\
         {} documents, {} candidate names (PER {}, ORG {}, LOC {}, NONE {}), {} features kept.",
        cli.epochs,
        cli.min_count,
        docs.len(),
        data.instances.len(),
        by_class[0],
        by_class[1],
        by_class[2],
        by_class[3],
        weights.len()
    );
    let table = train::write_table(&weights, &header);
    let tmp = cli.out.with_extension("tmp");
    std::fs::write(&tmp, &table).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, &cli.out).with_context(|| format!("cannot write {}", cli.out.display()))?;
    eprintln!("wrote {} ({} features, {} bytes)", cli.out.display(), weights.len(), table.len());
    Ok(())
}
