//! Roles from titles alone: a title with nothing in its phrase that says of where ("Home
//! Secretary Charles Clarke", "the prime minister, Tony Blair") still gives a role, to what the
//! title or the document implies:
//!
//! * `ROLE/TITLE_IMPLIED/1` — the title's own country, from the title data ("Home Secretary" →
//!   the United Kingdom), whether the document names it or not;
//! * `ROLE/TITLE_IMPLIED/2` — for a national office (`national` in the title data: "prime
//!   minister", "foreign minister"), the one country the person's other titles in the document
//!   tie them to ("Russian Foreign Minister Sergey Lavrov … Foreign Minister Lavrov");
//! * `ROLE/TITLE_IMPLIED/3` — for a national office, the document's country: the country of at
//!   least three and of 60 % of the document's country mentions, when the sentence names no
//!   other country;
//!
//! /2 and /3 only guess when no capitalised word stands right before the title (in "Virginia
//! AFL-CIO President Doris Crouse-Mays" an unknown name owns the title).
//!
//! * `ROLE/HOLDS_TITLE/1` — otherwise a `holds-title` edge to the title itself (a Concept node:
//!   "senator", "prime minister"), which is better than nothing.
//!
//! `ROLE/TITLE_APPOSITIVE/1` reads the title before its name across a comma: "the [DEMONYM]
//! TITLE, NAME," and "COUNTRY's TITLE, NAME,"; its place comes from the phrase, else as above.

use super::{push, title_words};
use crate::coref::Coref;
use crate::lexicon::{slug, Lexicon, Title};
use crate::mentions::{Mention, MentionKind};
use crate::model::NodeType;
use crate::relations::{End, Relations};
use crate::text::{Document, TokKind};
use std::collections::BTreeMap;
use std::ops::Range;

/// What a document implies about the place of its titles.
pub(super) struct Implied<'a> {
    doc: &'a Document,
    mentions: &'a [Mention],
    coref: &'a Coref,
    lex: &'a Lexicon,
    /// The document's country (an entity index), if one dominates.
    dominant: Option<usize>,
}

impl<'a> Implied<'a> {
    pub(super) fn new(doc: &'a Document, mentions: &'a [Mention], coref: &'a Coref, lex: &'a Lexicon) -> Implied<'a> {
        let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
        for (i, m) in mentions.iter().enumerate() {
            if !matches!(m.kind, MentionKind::Name | MentionKind::Demonym) {
                continue;
            }
            if let Some(e) = coref.of_mention[i].filter(|&e| coref.entities[e].node_type == NodeType::Country) {
                *counts.entry(e).or_default() += 1;
            }
        }
        let mut ranked: Vec<(usize, usize)> = counts.into_iter().map(|(e, n)| (n, e)).collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let total: usize = ranked.iter().map(|x| x.0).sum();
        let dominant = match ranked.as_slice() {
            [(n, e), ..] if *n >= 3 && 5 * n >= 3 * total => Some(*e),
            _ => None,
        };
        Implied { doc, mentions, coref, lex, dominant }
    }

    /// The lexicon titles written in tokens `range` (longest match first).
    fn titles(&self, range: Range<usize>) -> Vec<&'a Title> {
        let toks = &self.doc.tokens;
        let mut out = Vec::new();
        let mut k = range.start;
        while k < range.end {
            let hit = self.lex.titles.get(&toks[k].lower).and_then(|list| {
                list.iter().find(|t| k + t.tokens.len() <= range.end && t.tokens.iter().enumerate().all(|(x, w)| toks[k + x].lower == *w))
            });
            match hit {
                Some(t) => {
                    out.push(t);
                    k += t.tokens.len();
                }
                None => k += 1,
            }
        }
        out
    }

    /// The entity of the document with this gazetteer id, if it names it.
    fn entity_with_id(&self, id: &str) -> Option<usize> {
        self.coref.entities.iter().position(|e| e.keep && e.id == id)
    }

    /// Pushes the role of `person` with the title written in tokens `title` (relation words
    /// `words`), to what the title or the document implies (see the module note).
    pub(super) fn push(&self, r: &mut Relations, person: usize, title: Range<usize>, words: &str, sentence: usize, surface: String) {
        let words = words.strip_prefix("former ").unwrap_or(words).replace(" former ", " ");
        let words = words.as_str();
        if words.is_empty() {
            return;
        }
        let titles = self.titles(title.clone());
        let rel = format!("{}-of", slug(words));
        if let Some(&c) = titles.iter().find_map(|t| t.country.as_ref()) {
            let g = &self.lex.entities[c];
            let end = match self.entity_with_id(&g.id) {
                Some(e) => End::Entity(e),
                None => End::Known { id: g.id.clone(), label: g.name.clone(), node_type: g.node_type },
            };
            push(r, person, end, rel, "ROLE/TITLE_IMPLIED/1", sentence, surface);
            return;
        }
        let owned = title.start > 0 && {
            let t = &self.doc.tokens[title.start - 1];
            (t.is_word() && t.is_capitalized() && !self.lex.words.contains_key(&t.lower) && !self.doc.sentences.iter().any(|s| s.tokens.start == title.start))
                || t.kind == TokKind::Possessive
        };
        if titles.iter().any(|t| t.national) && !owned {
            let own: Vec<&String> = self.coref.entities[person].countries.iter().collect();
            if let Some(e) = own.first().filter(|_| own.len() == 1).and_then(|id| self.entity_with_id(id)) {
                push(r, person, End::Entity(e), rel, "ROLE/TITLE_IMPLIED/2", sentence, surface);
                return;
            }
            if let Some(d) = self.dominant.filter(|&d| !self.other_country_in(sentence, d)) {
                push(r, person, End::Entity(d), rel, "ROLE/TITLE_IMPLIED/3", sentence, surface);
                return;
            }
        }
        push(r, person, End::Concept(words.to_string()), "holds-title".into(), "ROLE/HOLDS_TITLE/1", sentence, surface);
    }

    /// Does sentence `s` name a country other than `d`?
    fn other_country_in(&self, s: usize, d: usize) -> bool {
        let Some(sent) = self.doc.sentences.get(s) else { return false };
        super::super::mentions_in(self.mentions, sent.tokens.clone())
            .any(|m| self.coref.of_mention[m].is_some_and(|e| e != d && self.coref.entities[e].node_type == NodeType::Country))
    }

    /// `ROLE/TITLE_APPOSITIVE/1`: "the [DEMONYM] TITLE, NAME," and "COUNTRY's TITLE, NAME,".
    pub(super) fn title_before_appositive(&self, r: &mut Relations) {
        let (doc, mentions, coref) = (self.doc, self.mentions, self.coref);
        let toks = &doc.tokens;
        for (p, m) in mentions.iter().enumerate() {
            if m.kind != MentionKind::Name || p == 0 || m.tokens.start < 2 || toks[m.tokens.start - 1].norm != "," {
                continue;
            }
            let Some(person) = coref.of_mention[p].filter(|&e| coref.entities[e].keep && coref.entities[e].node_type == NodeType::Person) else { continue };
            // The name closes its apposition: "…, Tony Blair, said" / "…, Tony Blair."
            if toks.get(m.tokens.end).is_some_and(|t| !matches!(t.norm.as_str(), "," | "." | ";" | ")")) {
                continue;
            }
            let sentence = doc.sentence_of(m.tokens.start).unwrap_or(0);
            // A description's demonym is a mention of its own, listed after the description.
            let inner_demonym = p >= 2 && mentions[p - 1].kind == MentionKind::Demonym && mentions[p - 2].kind == MentionKind::Description && mentions[p - 2].tokens.end >= mentions[p - 1].tokens.end;
            let bi = if inner_demonym { p - 2 } else { p - 1 };
            let before = &mentions[bi];
            if before.tokens.end + 1 != m.tokens.start {
                continue;
            }
            match before.kind {
                // "the [Russian] prime minister, Tony Blair"
                MentionKind::Description => {
                    let mut a = before.tokens.start + 1;
                    let dem = inner_demonym.then(|| p - 1);
                    if let Some(x) = dem {
                        a = mentions[x].tokens.end;
                    }
                    let words: Vec<&str> = toks[a..before.tokens.end].iter().map(|t| t.lower.as_str()).collect();
                    let words = words.join(" ");
                    let surface = doc.text[toks[a].start..before.span.end].to_string();
                    match dem.and_then(|x| coref.of_mention[x]) {
                        Some(c) => push(r, person, End::Entity(c), format!("{}-of", slug(&words)), "ROLE/TITLE_APPOSITIVE/1", sentence, surface),
                        None => self.push(r, person, a..before.tokens.end, &words, sentence, surface),
                    }
                }
                // "Britain's prime minister, Tony Blair"
                MentionKind::Title if before.head => {
                    let mut ts = p - 1;
                    while ts > 0 && mentions[ts - 1].kind == MentionKind::Title && mentions[ts - 1].tokens.end == mentions[ts].tokens.start {
                        ts -= 1;
                    }
                    let t0 = mentions[ts].tokens.start;
                    let owner = (ts >= 1 && t0 >= 1 && toks[t0 - 1].kind == TokKind::Possessive)
                        .then(|| ts - 1)
                        .filter(|&x| mentions[x].tokens.end + 1 == t0 && mentions[x].kind == MentionKind::Name && matches!(mentions[x].node_type, NodeType::Country | NodeType::Organization));
                    let Some(c) = owner.and_then(|x| coref.of_mention[x]) else { continue };
                    let words = title_words(doc, mentions, ts..p);
                    let surface = doc.text[mentions[ts].span.start..before.span.end].to_string();
                    push(r, person, End::Entity(c), format!("{}-of", slug(&words)), "ROLE/TITLE_APPOSITIVE/1", sentence, surface);
                }
                _ => {}
            }
        }
    }
}
