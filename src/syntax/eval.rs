//! Evaluation on gold tokenisation: the model analyses each sentence's gold words and is
//! scored per word (all words, punctuation included, as in the CoNLL 2018 shared task).
//! LAS counts the full label (`nsubj:pass` ≠ `nsubj`); "LAS (universal)" compares only the
//! part before the colon, the CoNLL 2018 definition.

use super::conllu::Sentence;
use super::Model;
use std::fmt::Write;

/// Scores in percent, and the number of words scored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    /// Words scored.
    pub words: usize,
    /// UPOS accuracy.
    pub upos: f64,
    /// XPOS accuracy.
    pub xpos: f64,
    /// Lemma accuracy.
    pub lemma: f64,
    /// FEATS accuracy (the whole string).
    pub feats: f64,
    /// Unlabelled attachment score.
    pub uas: f64,
    /// Labelled attachment score, full labels.
    pub las: f64,
    /// Labelled attachment score, universal part of the label only.
    pub las_universal: f64,
}

/// Scores `model` on `gold`.
pub fn evaluate(model: &Model, gold: &[Sentence]) -> Scores {
    let mut c = [0usize; 7];
    let mut n = 0;
    for s in gold {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let a = model.analyse(&forms);
        for (g, p) in s.words.iter().zip(&a) {
            n += 1;
            let uni = |l: &str| l.split(':').next().unwrap_or("").to_string();
            let head = g.head == p.head;
            for (i, ok) in [
                g.upos == p.upos,
                g.xpos == p.xpos,
                g.lemma == p.lemma,
                g.feats == p.feats,
                head,
                head && g.deprel == p.deprel,
                head && uni(&g.deprel) == uni(p.deprel),
            ]
            .into_iter()
            .enumerate()
            {
                c[i] += ok as usize;
            }
        }
    }
    let pct = |k: usize| 100.0 * c[k] as f64 / n.max(1) as f64;
    Scores { words: n, upos: pct(0), xpos: pct(1), lemma: pct(2), feats: pct(3), uas: pct(4), las: pct(5), las_universal: pct(6) }
}

/// A Markdown table of named scores.
pub fn table(rows: &[(String, Scores)]) -> String {
    let mut out = String::from("| data | words | UPOS | XPOS | lemma | FEATS | UAS | LAS | LAS (universal) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (name, s) in rows {
        let _ = writeln!(
            out,
            "| {name} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} |",
            s.words, s.upos, s.xpos, s.lemma, s.feats, s.uas, s.las, s.las_universal
        );
    }
    out
}
