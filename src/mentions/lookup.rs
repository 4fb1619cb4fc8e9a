//! Lookups shared by the mention rules: gazetteer phrases, titles, head words, word classes of
//! capitalised words and honorifics.

use crate::lexicon::{Gender, Lexicon};
use crate::model::NodeType;
use crate::text::{TokKind, Token};

/// A gazetteer match at token `i`: (end token, phrase index into `lex.phrases[first]`).
pub(super) fn gaz_at<'a>(toks: &[Token], i: usize, end: usize, lex: &'a Lexicon) -> Option<(usize, &'a crate::lexicon::Phrase)> {
    let list = lex.phrases.get(&toks[i].lower)?;
    for p in list {
        let n = p.tokens.len();
        if i + n > end {
            continue;
        }
        let ok = (0..n).all(|k| {
            let t = &toks[i + k];
            if p.case_sensitive { t.norm == p.exact[k] } else { t.lower == p.tokens[k] }
        });
        if !ok {
            continue;
        }
        if !p.case_sensitive && !p.lowercase_ok && !toks[i].is_capitalized() {
            continue;
        }
        return Some((i + n, p));
    }
    None
}

/// A title match at token `i`: (end, title).
pub(super) fn title_at<'a>(toks: &[Token], i: usize, end: usize, lex: &'a Lexicon) -> Option<(usize, &'a crate::lexicon::Title)> {
    let list = lex.titles.get(&toks[i].lower)?;
    list.iter()
        .find(|t| i + t.tokens.len() <= end && t.tokens.iter().enumerate().all(|(k, w)| toks[i + k].lower == *w))
        .map(|t| (i + t.tokens.len(), t))
}

pub(super) fn is_connector(t: &Token) -> bool {
    matches!(
        t.lower.as_str(),
        "of" | "on" | "for" | "and" | "de" | "la" | "del" | "della" | "von" | "van" | "der" | "den" | "al" | "bin" | "ibn" | "da" | "das" | "dos" | "di" | "du" | "&"
    )
}

pub(super) fn head_type(t: &Token, lex: &Lexicon) -> Option<NodeType> {
    if !t.is_capitalized() {
        return None;
    }
    lex.heads.get(&t.lower).copied()
}

/// Is the token a capitalised word that can be part of a name?
pub(super) fn cap_word(t: &Token, lex: &Lexicon, sentence_start: bool) -> bool {
    cap_word_in(t, lex, sentence_start, false)
}

/// `continuation`: the word would continue a run already started ("Foreign Ministers' Meeting"),
/// where common nouns of the `not-name` list are part of the name.
pub(super) fn cap_word_in(t: &Token, lex: &Lexicon, sentence_start: bool, continuation: bool) -> bool {
    if t.kind != TokKind::Word || !t.is_capitalized() || has_clitic(&t.lower) {
        return false;
    }
    if lex.word_is(&t.lower, "not-name") && !t.is_all_caps() && !(continuation && !is_function_word(&t.lower, lex)) {
        return false;
    }
    if sentence_start || !lex.words.contains_key(&t.lower) {
        return !(sentence_start && is_function_word(&t.lower, lex));
    }
    // A capitalised function word mid-sentence ("Of", "The") inside a headline-style name.
    !is_function_word(&t.lower, lex)
}

/// A word with a verb or negation clitic ("I'm", "They're", "Don't") is no part of a name.
pub(super) fn has_clitic(lower: &str) -> bool {
    ["'m", "'re", "'ve", "'d", "'ll", "n't"].iter().any(|c| lower.len() > c.len() && lower.ends_with(c))
}

pub(super) fn is_function_word(lower: &str, lex: &Lexicon) -> bool {
    static MASK: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    let mask = *MASK.get_or_init(|| {
        ["determiner", "preposition", "conjunction", "pronoun-m", "pronoun-f", "pronoun-n", "pronoun-p", "relative", "aux", "modal", "negation", "adverb", "time"]
            .iter()
            .filter_map(|c| crate::lexicon::class_bit(c))
            .fold(0, |a, b| a | b)
    });
    lex.word_any(lower, mask)
}


pub(super) fn honorific_gender(lower: &str, lex: &Lexicon) -> Option<Gender> {
    if lex.word_is(lower, "honorific-m") {
        Some(Gender::Male)
    } else if lex.word_is(lower, "honorific-f") {
        Some(Gender::Female)
    } else if lex.word_is(lower, "honorific") {
        Some(Gender::Unknown)
    } else {
        None
    }
}

