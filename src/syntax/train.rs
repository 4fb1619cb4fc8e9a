//! Training: everything the [`Model`] holds, from CoNLL-U sentences, deterministically.
//!
//! 1. The tag set (`UPOS XPOS` pairs) and the label set (`root` first) are read off the data,
//!    sorted.
//! 2. The tagger is trained on all sentences.
//! 3. The parser must learn from the tags it will see at run time, so its training tags are
//!    *jackknifed*: the data is cut into `folds` parts, and each part is tagged by a tagger
//!    trained on the other parts.
//! 4. The lemmatiser and the FEATS predictor are counted from the data.
//! 5. The parser is trained with the dynamic oracle on the jackknifed tags.
//!
//! Shuffling and exploration use fixed seeds and the folds are independent, so the same data
//! and options give the same model bytes (tested), whatever the thread count.

use super::conllu::Sentence;
use super::lemma::Lemmatizer;
use super::morph::Morph;
use super::parser::{self, Input, ParseSent};
use super::tagger::{self, TagSent, WordKeys};
use super::Model;
use rayon::prelude::*;
use std::collections::BTreeSet;

/// Training options.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the data for the tagger.
    pub tagger_epochs: usize,
    /// Passes over the data for the parser.
    pub parser_epochs: usize,
    /// Jackknife folds for the parser's training tags (0 or 1: gold tags).
    pub folds: usize,
    /// Seed for shuffling and exploration.
    pub seed: u64,
    /// log2 of the rows of the parser's hashed transition table.
    pub trans_bits: u32,
    /// Train the retagger (final tags chosen by the parser).
    pub retag: bool,
    /// Provenance note stored in the model.
    pub provenance: String,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions { tagger_epochs: 8, parser_epochs: 15, folds: 10, seed: 20_261_201, trans_bits: 21, retag: true, provenance: String::new() }
    }
}

/// The tag list of `sents` and each sentence as tagger training data.
pub fn tag_data(sents: &[Sentence]) -> (Vec<String>, Vec<TagSent<'_>>) {
    let tags: Vec<String> = sents.iter().flat_map(|s| s.words.iter().map(joint)).collect::<BTreeSet<_>>().into_iter().collect();
    let data = sents
        .iter()
        .map(|s| TagSent {
            keys: s.words.iter().map(|w| WordKeys::new(&w.form)).collect(),
            forms: s.words.iter().map(|w| w.form.as_str()).collect(),
            gold: s.words.iter().map(|w| tags.binary_search(&joint(w)).unwrap_or(0) as u16).collect(),
        })
        .collect();
    (tags, data)
}

fn joint(w: &super::conllu::Word) -> String {
    format!("{} {}", w.upos, w.xpos)
}

/// Trains a model on `sents`. `log` receives progress lines.
pub fn train(sents: &[Sentence], opts: &TrainOptions, log: &(dyn Fn(&str) + Sync)) -> Model {
    let tags: Vec<String> = sents.iter().flat_map(|s| s.words.iter().map(joint)).collect::<BTreeSet<_>>().into_iter().collect();
    let mut labels = vec!["root".to_string()];
    labels.extend(sents.iter().flat_map(|s| s.words.iter().map(|w| w.deprel.clone())).filter(|l| l != "root").collect::<BTreeSet<_>>());
    let tag_id = |w: &super::conllu::Word| tags.binary_search(&joint(w)).unwrap_or(0) as u16;
    let label_id = |l: &str| -> u16 {
        if l == "root" {
            return 0;
        }
        labels[1..].binary_search_by(|x| x.as_str().cmp(l)).map_or(1, |i| i as u16 + 1)
    };
    let tag_sents: Vec<TagSent> = sents
        .iter()
        .map(|s| TagSent {
            keys: s.words.iter().map(|w| WordKeys::new(&w.form)).collect(),
            forms: s.words.iter().map(|w| w.form.as_str()).collect(),
            gold: s.words.iter().map(tag_id).collect(),
        })
        .collect();
    log(&format!("{} sentences, {} words, {} tags, {} labels", sents.len(), tag_sents.iter().map(|s| s.keys.len()).sum::<usize>(), tags.len(), labels.len()));

    // Tagger on everything, and the jackknifed taggers, in parallel (each is deterministic).
    let k = opts.folds.max(1);
    let jobs: Vec<usize> = (0..=k).collect();
    let mut results: Vec<(usize, tagger::Tagger)> = jobs
        .par_iter()
        .filter(|&&f| f == k || k > 1)
        .map(|&f| {
            let part: Vec<&TagSent> = tag_sents.iter().enumerate().filter(|(i, _)| f == k || i % k != f).map(|(_, s)| s).collect();
            let owned: Vec<TagSent> = part.iter().map(|s| TagSent { keys: s.keys.clone(), forms: s.forms.clone(), gold: s.gold.clone() }).collect();
            let t = tagger::train(&tags, &owned, opts.tagger_epochs, opts.seed ^ f as u64);
            log(&format!("tagger {} trained", if f == k { "(all data)".to_string() } else { format!("fold {}/{k}", f + 1) }));
            (f, t)
        })
        .collect();
    results.sort_by_key(|r| r.0);
    let full = results.pop().expect("the full tagger").1;
    let mut predicted: Vec<Vec<u16>> = vec![Vec::new(); sents.len()];
    for (i, s) in tag_sents.iter().enumerate() {
        predicted[i] = if k > 1 { results[i % k].1.tag(&s.keys) } else { s.gold.clone() };
    }
    let correct: usize = predicted.iter().zip(&tag_sents).map(|(p, s)| p.iter().zip(&s.gold).filter(|(a, b)| a == b).count()).sum();
    let total: usize = tag_sents.iter().map(|s| s.gold.len()).sum();
    log(&format!("jackknifed tag accuracy {:.2} %", 100.0 * correct as f64 / total.max(1) as f64));

    let words = || sents.iter().flat_map(|s| s.words.iter().map(|w| (w.form.as_str(), w.xpos.as_str(), w.lemma.as_str())));
    let lemmas = Lemmatizer::train(words());
    let morph = Morph::train(sents.iter().flat_map(|s| s.words.iter().map(|w| (w.form.as_str(), w.xpos.as_str(), w.feats.as_str()))));
    log(&format!("lemmatiser: {} rules, {} exceptions; feats: {} values", lemmas.rules.len(), lemmas.exceptions.len(), morph.feats.len()));

    let parse_sents: Vec<ParseSent> = sents
        .iter()
        .zip(&tag_sents)
        .zip(&predicted)
        .map(|((s, ts), tags)| {
            let lowers: Vec<u64> = ts.keys.iter().map(|k| k.lower).collect();
            let sufs: Vec<u64> = ts.keys.iter().map(|k| k.suf[2]).collect();
            let mut heads = vec![0u32];
            heads.extend(s.words.iter().map(|w| w.head as u32));
            let mut labs = vec![0u16];
            labs.extend(s.words.iter().map(|w| label_id(&w.deprel)));
            let mut gold_tags = vec![0u16];
            gold_tags.extend_from_slice(&ts.gold);
            let ambs: Vec<u64> = ts.keys.iter().map(|k| full.amb(k)).collect();
            let cands: Vec<_> = ts.keys.iter().map(|k| full.candidates(k)).collect();
            ParseSent { input: Input::new(&lowers, &sufs, tags, &ambs, &cands), heads, labels: labs, gold_tags }
        })
        .collect();
    let ntags = if opts.retag { tags.len() } else { 0 };
    let parser = parser::train(&labels, ntags, &parse_sents, opts.parser_epochs, opts.seed, opts.trans_bits, |e| log(&format!("parser epoch {e}/{}", opts.parser_epochs)));
    let (r, w) = (parser.trans.used(), parser.trans.len());
    let (lr, lw) = parser.labeller.size();
    let (tr, tw) = full.weights.size();
    log(&format!("weights: tagger {tr} features/{tw} weights, parser {r}/{w}, labeller {lr}/{lw}"));
    Model::from_parts(full, lemmas, morph, parser, opts.provenance.clone())
}
