//! Lemmatiser: suffix edit rules learned per XPOS, with a lookup of the exceptions.
//!
//! From every training word `(form, XPOS, lemma)` an edit rule is read off: strip `k`
//! characters, append a string ("studies" → strip 3, append "y"). For each XPOS and each
//! word ending of 0–5 characters the most frequent rule is kept; a word takes the rule of
//! its longest known ending. Words whose most frequent training lemma differs from what the
//! rules give are stored as exceptions (by exact form, then lower-cased). Proper nouns keep
//! their case; other words are lower-cased first, as in the UD English treebanks.

use super::features::{fh, hash_str, HashKeyed};

const MAX_SUFFIX: usize = 5;

/// An edit rule: strip `strip` characters, append `append`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rule {
    /// Characters removed from the end.
    pub strip: u8,
    /// Text appended.
    pub append: String,
}

/// The trained lemmatiser.
#[derive(Debug, Clone, Default)]
pub struct Lemmatizer {
    /// Rules.
    pub rules: Vec<Rule>,
    /// `fh(ending, xpos, k)` → rule index.
    pub by_suffix: HashKeyed<u32>,
    /// `fh(form, xpos)` → exceptional lemma.
    pub exceptions: HashKeyed<String>,
}

fn keeps_case(xpos: &str) -> bool {
    xpos.starts_with("NNP")
}

fn source(form: &str, xpos: &str) -> String {
    if keeps_case(xpos) { form.to_string() } else { form.to_lowercase() }
}

fn ending_key(chars: &[char], k: usize, xpos: u64) -> u64 {
    let e: String = chars[chars.len() - k..].iter().collect();
    ending_key_str(&e, k, xpos)
}

/// [`ending_key`] of a string whose last `k` characters are `ending`.
fn ending_key_str(ending: &str, k: usize, xpos: u64) -> u64 {
    fh(300, &[hash_str(ending), xpos, k as u64])
}

fn rule_of(src: &[char], lemma: &str) -> Rule {
    let l: Vec<char> = lemma.chars().collect();
    let p = src.iter().zip(&l).take_while(|(a, b)| a == b).count();
    Rule { strip: (src.len() - p).min(255) as u8, append: l[p..].iter().collect() }
}

fn apply(src: &[char], r: &Rule) -> Option<String> {
    let s = r.strip as usize;
    if s > src.len() || (s == src.len() && r.append.is_empty()) {
        return None;
    }
    let mut out: String = src[..src.len() - s].iter().collect();
    out.push_str(&r.append);
    Some(out)
}

impl Lemmatizer {
    /// The lemma of `form` tagged `xpos`.
    pub fn lemma(&self, form: &str, xpos: &str) -> String {
        let xh = hash_str(xpos);
        if let Some(l) = self.exceptions.get(&fh(301, &[hash_str(form), xh])) {
            return l.clone();
        }
        let src = source(form, xpos);
        if let Some(l) = self.exceptions.get(&fh(301, &[hash_str(&src), xh])) {
            return l.clone();
        }
        self.by_rule(&src, xh).unwrap_or(src)
    }

    fn by_rule(&self, src: &str, xh: u64) -> Option<String> {
        // Byte offsets of the last MAX_SUFFIX character starts (index k-1 = start of the
        // last k characters).
        let mut starts = [src.len(); MAX_SUFFIX];
        let mut n = 0;
        for (i, _) in src.char_indices().rev().take(MAX_SUFFIX) {
            starts[n] = i;
            n += 1;
        }
        for k in (0..=n).rev() {
            let from = if k == 0 { src.len() } else { starts[k - 1] };
            if let Some(&r) = self.by_suffix.get(&ending_key_str(&src[from..], k, xh)) {
                let chars: Vec<char> = src.chars().collect();
                return self.rules.get(r as usize).and_then(|r| apply(&chars, r));
            }
        }
        None
    }

    /// Learns from `(form, xpos, lemma)` triples.
    pub fn train<'a>(words: impl Iterator<Item = (&'a str, &'a str, &'a str)> + Clone) -> Lemmatizer {
        use std::collections::BTreeMap;
        let mut counts: BTreeMap<(u64, Rule), u32> = BTreeMap::new();
        let mut lemmas: BTreeMap<(String, String), BTreeMap<String, u32>> = BTreeMap::new();
        for (form, xpos, lemma) in words.clone() {
            if lemma == "_" {
                continue;
            }
            let src: Vec<char> = source(form, xpos).chars().collect();
            let r = rule_of(&src, lemma);
            let xh = hash_str(xpos);
            for k in 0..=MAX_SUFFIX.min(src.len()) {
                *counts.entry((ending_key(&src, k, xh), r.clone())).or_default() += 1;
            }
            *lemmas.entry((form.to_string(), xpos.to_string())).or_default().entry(lemma.to_string()).or_default() += 1;
        }
        // Most frequent rule per ending (ties: the smaller rule, deterministic).
        let mut best: BTreeMap<u64, (u32, Rule)> = BTreeMap::new();
        for ((key, rule), c) in counts {
            let e = best.entry(key).or_insert((0, rule.clone()));
            if c > e.0 {
                *e = (c, rule);
            }
        }
        let mut lem = Lemmatizer::default();
        let mut rule_ids: BTreeMap<Rule, u32> = BTreeMap::new();
        for (key, (c, rule)) in best {
            if c < 2 {
                continue;
            }
            let n = rule_ids.len() as u32;
            let id = *rule_ids.entry(rule.clone()).or_insert(n);
            if id == n {
                lem.rules.push(rule);
            }
            lem.by_suffix.insert(key, id);
        }
        for ((form, xpos), ls) in lemmas {
            let Some((lemma, _)) = ls.iter().max_by_key(|(l, c)| (**c, std::cmp::Reverse((*l).clone()))) else { continue };
            let src = source(&form, &xpos);
            if lem.by_rule(&src, hash_str(&xpos)).as_deref() != Some(lemma.as_str()) {
                lem.exceptions.insert(fh(301, &[hash_str(&form), hash_str(&xpos)]), lemma.clone());
            }
        }
        lem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_rules_and_exceptions() {
        let data = [
            ("studies", "VBZ", "study"),
            ("flies", "VBZ", "fly"),
            ("tries", "VBZ", "try"),
            ("walks", "VBZ", "walk"),
            ("talks", "VBZ", "talk"),
            ("runs", "VBZ", "run"),
            ("opens", "VBZ", "open"),
            ("is", "VBZ", "be"),
            ("The", "DT", "the"),
            ("Paris", "NNP", "Paris"),
        ];
        let l = Lemmatizer::train(data.iter().map(|&(a, b, c)| (a, b, c)));
        assert_eq!(l.lemma("cries", "VBZ"), "cry");
        assert_eq!(l.lemma("jumps", "VBZ"), "jump");
        assert_eq!(l.lemma("is", "VBZ"), "be");
        assert_eq!(l.lemma("The", "DT"), "the");
        assert_eq!(l.lemma("Paris", "NNP"), "Paris");
    }
}
