//! Headline-style sentences: the title, and any sentence written in title case ("Lindsey Graham
//! Says Trump Should Apologize") or in capitals ("HILLARY CLINTON GOES TO WASHINGTON"). There,
//! capitals say nothing about names, so the names of the rest of the document decide
//! (`MENTION/HEADLINE/1`):
//!
//! * a name chunk is cut after its longest leading part whose words all occur in names of the
//!   body ("Hillary Clinton Goes" → "Hillary Clinton"); a trailing part made of such words is a
//!   name too ("Says Trump" → "Trump");
//! * in capitals, a chunk with no such words is no name, and a short all-capitals gazetteer match
//!   ("WHO", "IT") counts only if the body writes it so too: an ALL-CAPS headline is not a
//!   string of organisations and acronyms.
//!
//! Plain sentences are left as they are.

use super::chunks::name_chunk;
use super::{Mention, MentionKind};
use crate::lexicon::Lexicon;
use crate::text::{Document, ParaRole, Sentence, TokKind};
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    TitleCase,
    Caps,
}

fn style_of(doc: &Document, s: &Sentence, lex: &Lexicon) -> Style {
    // A dateline's only mentions are its place and region ("HO CHI MINH CITY, February 25").
    if matches!(s.role, ParaRole::Dateline(_)) {
        return Style::Plain;
    }
    let words: Vec<&crate::text::Token> = doc.tokens[s.tokens.clone()].iter().filter(|t| t.kind == TokKind::Word && t.norm.chars().any(char::is_alphabetic)).collect();
    let n = words.len();
    if n >= 3 && words.iter().filter(|t| t.is_all_caps() || (t.norm.chars().count() == 1 && t.is_capitalized())).count() * 5 >= n * 4 {
        return Style::Caps;
    }
    let capitalised = words.iter().filter(|t| t.is_capitalized()).count();
    let closed_capitalised = words.iter().skip(1).any(|t| t.is_capitalized() && lex.words.contains_key(&t.lower) && !lex.word_is(&t.lower, "not-name"));
    if s.role == ParaRole::Title || (n >= 4 && capitalised * 5 >= n * 4 && closed_capitalised) {
        Style::TitleCase
    } else {
        Style::Plain
    }
}

/// Which sentences of `doc` are headline-style (a title, title case or capitals).
pub fn headline_sentences(doc: &Document, lex: &Lexicon) -> Vec<bool> {
    doc.sentences.iter().map(|s| style_of(doc, s, lex) != Style::Plain).collect()
}

/// Rewrites the name mentions of headline-style sentences (see the module note).
pub(super) fn fix(doc: &Document, lex: &Lexicon, out: &mut Vec<Mention>) {
    let styles: Vec<Style> = doc.sentences.iter().map(|s| style_of(doc, s, lex)).collect();
    if styles.iter().all(|&s| s == Style::Plain) {
        return;
    }
    let style = |m: &Mention| doc.sentence_of(m.tokens.start).map_or(Style::Plain, |s| styles[s]);
    // What the body calls a name: whole names (lower-case) and their words.
    let mut full: HashSet<String> = HashSet::new();
    let mut exact: HashSet<String> = HashSet::new();
    let mut words: HashSet<&str> = HashSet::new();
    for m in out.iter().filter(|m| m.kind == MentionKind::Name && style(m) == Style::Plain) {
        full.insert(m.text.to_lowercase());
        exact.insert(m.text.clone());
        for t in &doc.tokens[m.tokens.clone()] {
            if t.is_word() {
                words.insert(t.lower.as_str());
            }
        }
    }
    let known = |t: &crate::text::Token| !t.is_word() || words.contains(t.lower.as_str());
    let old = std::mem::take(out);
    let mut fixed: Vec<Mention> = Vec::with_capacity(old.len());
    for m in old {
        let st = style(&m);
        if st == Style::Plain || m.kind != MentionKind::Name {
            fixed.push(m);
            continue;
        }
        if full.contains(&m.text.to_lowercase()) {
            let mut m = m;
            // "TRUMP" in capitals is no acronym: the body's "Trump" types it.
            if st == Style::Caps && m.rule == "MENTION/ACRONYM/1" {
                m.node_type = crate::model::NodeType::Concept;
                m.untyped = true;
                m.rule = "MENTION/HEADLINE/1";
            }
            fixed.push(m);
            continue;
        }
        let gazetteer = m.rule.starts_with("MENTION/GAZETTEER") || m.rule.starts_with("MENTION/CAPITAL");
        if m.rule == "MENTION/HEAD_CHUNK/1" {
            // Typed by its head word ("… Club"), which no verb follows into the chunk.
            fixed.push(m);
            continue;
        }
        if gazetteer {
            // An acronym-like match in capitals ("WHO", "IT") needs the body's support.
            let acronym = m.tokens.len() == 1 && doc.tokens[m.tokens.start].is_all_caps() && m.text.chars().count() <= 5;
            if st == Style::TitleCase || !acronym || exact.contains(&m.text) {
                fixed.push(m);
            }
            continue;
        }
        let toks = &doc.tokens[m.tokens.clone()];
        let k = toks.iter().take_while(|t| known(t)).count();
        if k == toks.len() {
            fixed.push(m);
            continue;
        }
        let prefix_is_name = k >= 1 && toks[..k].iter().any(|t| t.is_word());
        if prefix_is_name {
            let mut cut = name_chunk(doc, m.tokens.start..m.tokens.start + k, lex, fixed.last());
            cut.rule = "MENTION/HEADLINE/1";
            if m.node_type == crate::model::NodeType::Person && cut.untyped {
                cut.node_type = m.node_type;
                cut.untyped = false;
            }
            cut.gender = if cut.gender == crate::lexicon::Gender::Unknown { m.gender } else { cut.gender };
            cut.honorific = m.honorific;
            fixed.push(cut);
        } else if st == Style::TitleCase {
            // Nothing in the body knows it: leave it to coreference (untyped names are dropped).
            fixed.push(m);
            continue;
        }
        // A trailing part the body knows: "Says Trump" → "Trump".
        if let Some(j) = (k.max(1)..toks.len()).find(|&j| toks[j].is_word() && toks[j..].iter().all(known)) {
            let mut tail = name_chunk(doc, m.tokens.start + j..m.tokens.end, lex, None);
            tail.rule = "MENTION/HEADLINE/1";
            fixed.push(tail);
        }
    }
    *out = fixed;
}
