//! Morphological features (FEATS): the most frequent FEATS of `(lower-cased form, XPOS)` in
//! training, else the most frequent FEATS of the XPOS. For English this covers Number, Tense,
//! VerbForm, Mood, Person, Degree, PronType, Case, … as the treebanks annotate them.

use super::features::{fh, hash_str, HashKeyed};
use std::collections::BTreeMap;

/// The trained FEATS predictor.
#[derive(Debug, Clone, Default)]
pub struct Morph {
    /// Distinct FEATS strings.
    pub feats: Vec<String>,
    /// `hash(xpos)` → FEATS index.
    pub by_xpos: HashKeyed<u32>,
    /// `fh(lower, xpos)` → FEATS index, where it differs from the XPOS default.
    pub by_word: HashKeyed<u32>,
}

impl Morph {
    /// FEATS of `form` tagged `xpos` (`_` when none).
    pub fn feats(&self, form: &str, xpos: &str) -> &str {
        let xh = hash_str(xpos);
        let lower: std::borrow::Cow<str> = if form.bytes().any(|b| b.is_ascii_uppercase()) || !form.is_ascii() { form.to_lowercase().into() } else { form.into() };
        let i = self.by_word.get(&fh(310, &[hash_str(&lower), xh])).or_else(|| self.by_xpos.get(&xh));
        i.and_then(|&i| self.feats.get(i as usize)).map_or("_", |s| s.as_str())
    }

    /// Learns from `(form, xpos, feats)` triples.
    pub fn train<'a>(words: impl Iterator<Item = (&'a str, &'a str, &'a str)>) -> Morph {
        let mut per_word: BTreeMap<(String, String), BTreeMap<&str, u32>> = BTreeMap::new();
        let mut per_xpos: BTreeMap<String, BTreeMap<&str, u32>> = BTreeMap::new();
        for (form, xpos, feats) in words {
            *per_word.entry((form.to_lowercase(), xpos.to_string())).or_default().entry(feats).or_default() += 1;
            *per_xpos.entry(xpos.to_string()).or_default().entry(feats).or_default() += 1;
        }
        let top = |m: &BTreeMap<&'a str, u32>| m.iter().max_by_key(|(f, c)| (**c, std::cmp::Reverse(**f))).map(|(f, _)| *f);
        let mut m = Morph::default();
        let mut ids: BTreeMap<&str, u32> = BTreeMap::new();
        let mut id = |m: &mut Morph, f: &'a str| {
            *ids.entry(f).or_insert_with(|| {
                m.feats.push(f.to_string());
                m.feats.len() as u32 - 1
            })
        };
        let mut default = BTreeMap::new();
        for (x, fs) in &per_xpos {
            if let Some(f) = top(fs) {
                let i = id(&mut m, f);
                m.by_xpos.insert(hash_str(x), i);
                default.insert(x.clone(), f);
            }
        }
        for ((w, x), fs) in &per_word {
            if let Some(f) = top(fs) {
                if default.get(x) != Some(&f) {
                    let i = id(&mut m, f);
                    m.by_word.insert(fh(310, &[hash_str(w), hash_str(x)]), i);
                }
            }
        }
        m
    }
}
