//! Stage 2c: names typed from their context (`MENTION/TYPED/PER`, `/ORG`, `/LOC`). Runs after
//! the dependency parse and before coreference.
//!
//! The gazetteers type the names they know; the mention rules type a few more (a given name
//! first, a title or honorific before, a typing head word). A capitalised name that none of them
//! types — a Czech city, a stadium, an Italian rugby player — is typed here, from what it is made
//! of and where it stands, by a linear model trained in the project on GUM's entity annotation
//! (see [`train`] and `src/data/name-types.tsv`, whose header says how it was made):
//!
//! * **features** ([`features`]): the name's words, suffix and shape, given names, head words,
//!   known names inside; the words around it; its relation and governor in the parse ("X said",
//!   "in X", "X's chief executive", "X, a company", "X-based"); and what the document knows
//!   (the surname of a person named in full, a part of a longer name);
//! * **document consistency**: the scores of all the mentions of one name (one key) in the
//!   document are added up, so every mention of it gets the same type;
//! * **decision**: the best of PER, ORG, LOC and NONE. NONE leaves the name untyped, as before
//!   (coreference may still type it by its own context, else it is dropped).
//!
//! Which names it types: every name mention that no gazetteer knows, except those typed Person
//! by an honorific or a title right before them. A given name, an acronym or a head word is a
//! feature (the mention rule), not the last word: "Jordan Peterson" is a person and "Jordan
//! Valley" a place. Gazetteer names keep their type (the sports rules in [`clubs`] aside).
//!
//! The model is cheap: some 40 hashed features a name, one table look-up each.

pub mod census;
pub mod clubs;
pub mod features;
pub mod model;
pub mod train;

use crate::lexicon::Lexicon;
use crate::mentions::{Mention, MentionKind};
use crate::model::NodeType;
use crate::syntax::{Parse, SentenceParse};
use crate::text::Document;
use features::Feats;
use model::{TypeModel, NONE};
use std::collections::{BTreeMap, HashMap, HashSet};

/// What the document tells about its names, and where each token is in the parse.
pub struct DocContext<'a> {
    parse: &'a Parse,
    /// Token index → (sentence, first unit of the token).
    unit_of: Vec<Option<(u32, u32)>>,
    /// Last words (lower) of multi-word names that start with a given name ("Byron" of "George Byron").
    pub person_surnames: HashSet<String>,
    /// First words (lower) of those names.
    pub given_first: HashSet<String>,
    /// Key of a one-word name → how the longer names it starts or ends are typed by their head.
    pub longer_heads: HashMap<String, Vec<String>>,
    /// Words the document writes in lower case.
    pub lower_words: HashSet<&'a str>,
    /// Token index → the typed name or demonym mention that covers it, and its type.
    pub typed_at: Vec<Option<NodeType>>,
}

impl<'a> DocContext<'a> {
    /// Reads the document's names and indexes the parse.
    pub fn new(doc: &'a Document, parse: &'a Parse, mentions: &[Mention], lex: &Lexicon) -> DocContext<'a> {
        let mut unit_of = vec![None; doc.tokens.len()];
        for (si, sp) in parse.sentences.iter().enumerate() {
            for (ui, u) in sp.tokens.iter().enumerate().rev() {
                if let Some(x) = unit_of.get_mut(u.token) {
                    *x = Some((si as u32, ui as u32));
                }
            }
        }
        let mut person_surnames = HashSet::new();
        let mut given_first = HashSet::new();
        let mut longer_heads: HashMap<String, Vec<String>> = HashMap::new();
        for m in mentions.iter().filter(|m| m.kind == MentionKind::Name) {
            let words: Vec<&str> = doc.tokens[m.tokens.clone()].iter().filter(|t| t.is_word()).map(|t| t.lower.as_str()).collect();
            if words.len() < 2 {
                continue;
            }
            let (first, last) = (words[0], words[words.len() - 1]);
            if lex.is_first_name(first) || m.node_type == NodeType::Person {
                person_surnames.insert(last.to_string());
                given_first.insert(first.to_string());
            }
            let head = lex.heads.get(last).map_or("none", |t| t.as_str());
            for (pos, w) in [("first:", first), ("last:", last)] {
                let v = longer_heads.entry(crate::mentions::name_id(w, lex)).or_default();
                let s = format!("{pos}{head}");
                if !v.contains(&s) {
                    v.push(s);
                }
            }
        }
        let lower_words = doc
            .tokens
            .iter()
            .filter(|t| t.is_word() && t.norm.chars().next().is_some_and(char::is_lowercase))
            .map(|t| t.lower.as_str())
            .collect();
        let mut typed_at = vec![None; doc.tokens.len()];
        for m in mentions.iter().filter(|m| matches!(m.kind, MentionKind::Name | MentionKind::Demonym) && !m.untyped) {
            for t in m.tokens.clone() {
                if let Some(x) = typed_at.get_mut(t) {
                    *x = Some(m.node_type);
                }
            }
        }
        DocContext { parse, unit_of, person_surnames, given_first, longer_heads, lower_words, typed_at }
    }

    /// The sentence parse and the head unit of mention `m`: its unit whose head is outside it.
    pub fn head_unit(&self, m: &Mention) -> Option<(&'a SentenceParse, usize)> {
        let (si, first) = self.unit_of.get(m.tokens.start).copied().flatten()?;
        let sp = self.parse.sentences.get(si as usize)?;
        let units = first as usize..sp.tokens.len();
        let inside: Vec<usize> = units.take_while(|&u| sp.tokens[u].token < m.tokens.end).collect();
        let h = inside.iter().copied().find(|&u| sp.tokens[u].head.is_none_or(|h| !inside.contains(&h)))?;
        Some((sp, h))
    }
}

/// Is mention `m` one the model types (see the module note)?
pub fn is_candidate(m: &Mention, prev: Option<&Mention>) -> bool {
    if m.kind != MentionKind::Name || m.honorific.is_some() {
        return false;
    }
    if m.rule.starts_with("MENTION/GAZETTEER") || m.rule.starts_with("MENTION/CAPITAL") || m.rule.starts_with("TEXT/DATELINE") {
        return false;
    }
    let after_title = prev.is_some_and(|p| p.kind == MentionKind::Title && p.head && p.tokens.end == m.tokens.start);
    !after_title
}

/// The class index the model gives each candidate mention (document-consistent), by mention index.
pub fn predict(doc: &Document, parse: &Parse, mentions: &[Mention], lex: &Lexicon, model: &TypeModel) -> BTreeMap<usize, usize> {
    let mut out = BTreeMap::new();
    if model.is_empty() {
        return out;
    }
    let ctx = DocContext::new(doc, parse, mentions, lex);
    let mut f = Feats::default();
    let mut by_key: HashMap<&str, [i64; 4]> = HashMap::new();
    let cands: Vec<usize> = (0..mentions.len()).filter(|&i| is_candidate(&mentions[i], i.checked_sub(1).map(|p| &mentions[p]))).collect();
    for &i in &cands {
        features::extract(doc, &ctx, mentions, i, lex, &mut f);
        let s = by_key.entry(mentions[i].key.as_str()).or_default();
        model.score_into(&f.hashes, s);
    }
    for &i in &cands {
        let s = by_key[mentions[i].key.as_str()];
        let best = (0..4).max_by_key(|&k| (s[k], std::cmp::Reverse(k))).unwrap_or(NONE);
        out.insert(i, best);
    }
    out
}

/// Types the names no lexicon typed (see the module note), then applies the sports rules.
pub fn apply(doc: &Document, parse: &Parse, mentions: &mut [Mention], lex: &Lexicon) {
    let predicted = predict(doc, parse, mentions, lex, TypeModel::global());
    // A name seen only in headline-style sentences has no context worth the name: it is typed
    // only if the body names it too ("Developing Russia-North Korea ties" stays untyped).
    let headline = crate::mentions::headlines::headline_sentences(doc, lex);
    let in_headline = |m: &Mention| doc.sentence_of(m.tokens.start).is_some_and(|s| headline[s]);
    let body_keys: HashSet<&str> = mentions.iter().filter(|m| !in_headline(m)).map(|m| m.key.as_str()).collect();
    // "a Troubled World", "an Olondrian": after an indefinite article a capitalised head noun is
    // a common noun phrase, not a name ("a CNN report" keeps "CNN": there it only modifies).
    let ctx = DocContext::new(doc, parse, mentions, lex);
    let indefinite = |m: &Mention| {
        let after_article = m.tokens.start > 0 && matches!(doc.tokens[m.tokens.start - 1].lower.as_str(), "a" | "an");
        after_article && ctx.head_unit(m).is_none_or(|(sp, h)| !matches!(sp.tokens[h].deprel, "compound" | "nmod:poss" | "amod"))
    };
    let typed: Vec<(usize, usize)> = predicted
        .into_iter()
        .filter(|&(i, _)| {
            let m = &mentions[i];
            (m.untyped || m.rule == "MENTION/ACRONYM/1") && (!in_headline(m) || body_keys.contains(m.key.as_str())) && !indefinite(m)
        })
        .collect();
    for (i, class) in typed {
        let m = &mut mentions[i];
        let (ty, rule) = match class {
            0 => (NodeType::Person, "MENTION/TYPED/PER"),
            1 => (NodeType::Organization, "MENTION/TYPED/ORG"),
            2 => (NodeType::Location, "MENTION/TYPED/LOC"),
            _ => {
                // An acronym the model takes for no name ("DH" for digital humanities).
                if m.rule == "MENTION/ACRONYM/1" {
                    m.node_type = NodeType::Concept;
                    m.untyped = true;
                    m.rule = "MENTION/TYPED/NONE";
                }
                continue;
            }
        };
        if m.node_type != ty || m.untyped {
            m.node_type = ty;
            m.untyped = false;
            m.rule = rule;
            if ty != NodeType::Person {
                m.gender = crate::lexicon::Gender::Unknown;
            } else if m.gender == crate::lexicon::Gender::Unknown && m.tokens.len() >= 2 {
                // (a one-word name is a surname: no gender from it)
                let first = doc.tokens[m.tokens.start].lower.as_str();
                m.gender = lex.first_names.get(first).copied().unwrap_or(crate::lexicon::Gender::Unknown);
            }
        }
    }
    clubs::apply(doc, parse, mentions, lex);
}
