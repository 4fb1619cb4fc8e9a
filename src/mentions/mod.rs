//! Stage 2: mentions. Finds everything in a sentence that can refer to an entity:
//!
//! * `MENTION/GAZETTEER/1` — known entities, their aliases, demonyms and capitals (longest match;
//!   ALL-CAPS aliases match case-sensitively, lower-case names in any case); parts of hyphenated
//!   compounds too ("Russian-Chinese", "US-North Korean");
//! * `MENTION/CAPITAL/1` — a capital after a place word ("in Pyongyang", "visited Hanoi") is a
//!   Location; elsewhere ("between Pyongyang and Washington", "Moscow is ready") it stands for
//!   its government and refers to the country (`MENTION/CAPITAL_GOVERNMENT/1`);
//! * `MENTION/TITLE/1` — title phrases ("Foreign Minister", "leader"), in any case;
//! * `MENTION/HEAD_CHUNK/1` — capitalised chunks with a typing head word ("Valdai International
//!   Discussion Club", "Chinese Foreign Ministry", "Foreign Ministers' Meeting on Security and
//!   Stability on Korean Peninsula"), with an "of/on …" tail;
//! * `MENTION/NAME_CHUNK/1` — other capitalised chunks; typed Person after a title or when they
//!   start with a known given name (`MENTION/GIVEN_NAME/1`), otherwise left for coreference to type;
//! * `MENTION/INSTITUTION/1` — a country's name or demonym and a national institution ("the
//!   Russian government", "China's Foreign Ministry", "the foreign ministry of China"): one
//!   Organization, labelled "Russian Government", "Chinese Foreign Ministry" however written;
//! * `MENTION/DESCRIPTION/1` — definite descriptions made of titles ("the Russian top diplomat");
//! * `MENTION/PRONOUN/1` — personal pronouns;
//! * `TEXT/DATELINE/*` — in the dateline sentence, only its place and region ("HOBART,
//!   Australia"): a known name keeps its gazetteer type (a capital is a Location here, never its
//!   government), an unknown place is a Location; the rule id is the dateline rule's.
//!
//! Mentions never overlap, and are sorted by position.
//!
//! One file per rule family: `lookup` (gazetteer, title and word-class lookups),
//! `gazetteer` (known names, capitals, hyphenated compounds), `description` (definite
//! descriptions), `chunks` (capitalised runs split into names, titles and head chunks),
//! `headlines` (names in title-case and capitalised headlines, checked against the body:
//! `MENTION/HEADLINE/1`).

mod chunks;
mod dateline;
mod description;
mod gazetteer;
pub mod headlines;
mod institutions;
mod lookup;
pub mod typing;
#[cfg(test)]
mod tests;

use crate::lexicon::{Gender, Lexicon};
use crate::model::NodeType;
use crate::text::{Document, TokKind};
use chunks::segment_run;
use description::description_at;
use gazetteer::{gaz_mention, hyphen_parts};
use lookup::{cap_word, cap_word_in, gaz_at, is_connector, title_at};
use std::ops::Range;

/// What a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    /// A name (known or not).
    Name,
    /// A demonym, used adjectivally ("Russian").
    Demonym,
    /// A title phrase.
    Title,
    /// A personal pronoun.
    Pronoun,
    /// A definite description ("the diplomat").
    Description,
}

/// A mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Token range.
    pub tokens: Range<usize>,
    /// Byte span.
    pub span: Range<usize>,
    /// Kind.
    pub kind: MentionKind,
    /// Entity type (for names: `Concept` while unknown).
    pub node_type: NodeType,
    /// For names and demonyms: the entity id it stands for.
    pub key: String,
    /// Canonical label (gazetteer name, or the surface).
    pub label: String,
    /// The words as written.
    pub text: String,
    /// Gender (pronouns, given names).
    pub gender: Gender,
    /// Title / description classes.
    pub classes: Vec<String>,
    /// Descriptions: the country (id) of their demonym.
    pub country: Option<String>,
    /// Titles: whether it is a head (names a person) or a modifier.
    pub head: bool,
    /// Names: type not known yet (coreference decides).
    pub untyped: bool,
    /// Names: the token of the honorific ("Mr.", "Mrs.", "Sir") before it.
    pub honorific: Option<usize>,
    /// Rule id.
    pub rule: &'static str,
}

impl Mention {
    fn new(doc: &Document, tokens: Range<usize>, kind: MentionKind, node_type: NodeType, rule: &'static str) -> Mention {
        let span = doc.token_span(tokens.start, tokens.end);
        let text = doc.text[span.clone()].to_string();
        Mention {
            tokens,
            span,
            kind,
            node_type,
            key: String::new(),
            label: text.clone(),
            text,
            gender: Gender::Unknown,
            classes: Vec::new(),
            country: None,
            head: false,
            untyped: false,
            honorific: None,
            rule,
        }
    }
}

/// The id of a named entity: the slug of its name with each word spelled canonically
/// (Sergei → Sergey), so variants share one id across documents.
pub fn name_id(label: &str, lex: &Lexicon) -> String {
    let words: Vec<String> = label
        .split(|c: char| c.is_whitespace() || c == '-' || c == '\u{2010}')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let lw = crate::text::normalize(w).to_lowercase();
            lex.canonical_spelling(&lw).to_string()
        })
        .collect();
    crate::lexicon::slug(&words.join(" "))
}

/// Finds the mentions of a document, sentence by sentence.
pub fn find(doc: &Document, lex: &Lexicon) -> Vec<Mention> {
    let mut out = Vec::new();
    for s in &doc.sentences {
        match s.role {
            crate::text::ParaRole::Dateline(rule) => dateline::dateline_places(doc, s.tokens.clone(), rule, lex, &mut out),
            _ => find_in(doc, s.tokens.clone(), lex, &mut out),
        }
    }
    headlines::fix(doc, lex, &mut out);
    institutions::national(doc, lex, &mut out);
    out
}

fn find_in(doc: &Document, range: Range<usize>, lex: &Lexicon, out: &mut Vec<Mention>) {
    let toks = &doc.tokens;
    let end = range.end;
    let mut i = range.start;
    while i < end {
        let t = &toks[i];
        let first = i == range.start || (i > range.start && matches!(toks[i - 1].kind, TokKind::Quote) && i - 1 == range.start);
        // Pronouns.
        if t.kind == TokKind::Word {
            let g = if lex.word_is(&t.lower, "pronoun-m") {
                Some(Gender::Male)
            } else if lex.word_is(&t.lower, "pronoun-f") {
                Some(Gender::Female)
            } else {
                None
            };
            if let Some(g) = g {
                if !t.lower.ends_with("self") {
                    let mut m = Mention::new(doc, i..i + 1, MentionKind::Pronoun, NodeType::Person, "MENTION/PRONOUN/1");
                    m.gender = g;
                    out.push(m);
                }
                i += 1;
                continue;
            }
        }
        // Definite descriptions: the [demonym] title… (not followed by a name).
        if t.lower == "the" {
            if let Some((m, next)) = description_at(doc, i, end, lex) {
                let demonym = m.country.as_ref().and_then(|_| gaz_at(toks, i + 1, end, lex).map(|(e, p)| (i + 1..e, p)));
                out.push(m);
                // The demonym inside ("the Russian top diplomat") is a mention of its country too.
                if let Some((r, p)) = demonym {
                    out.push(gaz_mention(doc, r, p, lex));
                }
                i = next;
                continue;
            }
        }
        // Lower-case gazetteer names ("six-party talks") and titles.
        if !t.is_capitalized() {
            if let Some((e, p)) = gaz_at(toks, i, end, lex) {
                out.push(gaz_mention(doc, i..e, p, lex));
                i = e;
                continue;
            }
            if let Some((e, title)) = title_at(toks, i, end, lex) {
                let mut m = Mention::new(doc, i..e, MentionKind::Title, NodeType::Person, "MENTION/TITLE/1");
                m.head = title.head;
                m.gender = title.gender;
                m.classes = title.classes.clone();
                out.push(m);
                i = e;
                continue;
            }
            if t.kind == TokKind::Word && t.norm.contains('-') {
                let _ = hyphen_parts(doc, i, end, lex, out);
            }
            i += 1;
            continue;
        }
        // A capitalised run.
        if cap_word(t, lex, first) || gaz_at(toks, i, end, lex).is_some() || title_at(toks, i, end, lex).is_some() {
            let mut j = i + 1;
            loop {
                if j < end && (cap_word_in(&toks[j], lex, false, true) || gaz_at(toks, j, end, lex).is_some()) {
                    j += 1;
                } else if j + 1 < end
                    && (is_connector(&toks[j]) || (toks[j].kind == TokKind::Possessive && toks[j].norm == "'"))
                    && cap_word(&toks[j + 1], lex, false)
                {
                    j += 2;
                } else if j + 2 < end && toks[j].lower == "of" && toks[j + 1].lower == "the" && cap_word(&toks[j + 2], lex, false) {
                    j += 3;
                } else if j >= i + 2 && j + 1 < end && toks[j].norm == "," && lex.is_name_suffix(&toks[j + 1].norm) && toks[j + 1].is_capitalized() {
                    // "Joseph R. Biden, Jr.": a name suffix after a comma is part of the name.
                    j += 2;
                } else {
                    break;
                }
            }
            segment_run(doc, i..j, lex, out);
            i = j;
            continue;
        }
        i += 1;
    }
}
