//! Known names: gazetteer matches (`MENTION/GAZETTEER/1`), capitals as places or governments
//! (`MENTION/CAPITAL/1`, `MENTION/CAPITAL_GOVERNMENT/1`) and parts of hyphenated compounds
//! (`MENTION/GAZETTEER/COMPOUND`).

use super::{Mention, MentionKind};
use crate::lexicon::{Form, Lexicon};
use crate::model::NodeType;
use crate::text::{Document, TokKind};
use std::ops::Range;

pub(super) fn gaz_mention(doc: &Document, r: Range<usize>, p: &crate::lexicon::Phrase, lex: &Lexicon) -> Mention {
    let ent = &lex.entities[p.entity];
    let (kind, ty, rule) = match p.form {
        Form::Demonym => (MentionKind::Demonym, NodeType::Country, "MENTION/GAZETTEER/1"),
        Form::Name => (MentionKind::Name, ent.node_type, "MENTION/GAZETTEER/1"),
        Form::Capital => (MentionKind::Name, NodeType::Location, "MENTION/CAPITAL/1"),
    };
    let mut m = Mention::new(doc, r.clone(), kind, ty, rule);
    m.key = ent.id.clone();
    m.label = ent.name.clone();
    if p.form == Form::Capital && !after_place_word(doc, r.start, lex) {
        if let Some(&c) = lex.capital_of.get(&p.entity) {
            let country = &lex.entities[c];
            m.key = country.id.clone();
            m.label = country.name.clone();
            m.node_type = country.node_type;
            m.rule = "MENTION/CAPITAL_GOVERNMENT/1";
        }
    }
    m
}

/// Is the token before `i` a place word ("in", "to", "visited")?
pub(super) fn after_place_word(doc: &Document, i: usize, lex: &Lexicon) -> bool {
    let Some(prev) = i.checked_sub(1).map(|p| &doc.tokens[p]) else { return false };
    if prev.kind != TokKind::Word {
        return false;
    }
    lex.word_is(&prev.lower, "locative") || crate::lexicon::verb_forms("visit").contains(&prev.lower)
}

pub(super) fn hyphen_parts(doc: &Document, i: usize, end: usize, lex: &Lexicon, out: &mut Vec<Mention>) -> bool {
    let t = &doc.tokens[i];
    let raw = &doc.text[t.start..t.end];
    let mut offset = t.start;
    let parts: Vec<&str> = raw.split(['-', '\u{2010}', '\u{2011}']).collect();
    if parts.len() < 2 {
        return false;
    }
    let mut found = Vec::new();
    for (k, part) in parts.iter().enumerate() {
        let span = offset..offset + part.len();
        offset += part.len() + 1;
        if part.is_empty() || !part.chars().next().is_some_and(|c| c.is_uppercase()) {
            return false; // "six-party", "co-hosted": not a compound of names
        }
        let lower = crate::text::normalize(part).to_lowercase();
        let Some(list) = lex.phrases.get(&lower) else { return false };
        // The last part may continue into the next tokens ("US-North Korean").
        let mut best = None;
        for p in list {
            let extra = p.tokens.len() - 1;
            if extra > 0 && (k + 1 != parts.len() || i + 1 + extra > end) {
                continue;
            }
            if (1..=extra).all(|x| doc.tokens[i + x].lower == p.tokens[x]) {
                best = Some((p, extra));
                break;
            }
        }
        let Some((p, extra)) = best else { return false };
        let span_end = if extra > 0 { doc.tokens[i + extra].end } else { span.end };
        found.push((span.start..span_end, p, extra));
    }
    for (span, p, extra) in found {
        let mut m = gaz_mention(doc, i..i + 1 + extra, p, lex);
        m.text = doc.text[span.clone()].to_string();
        m.span = span;
        m.rule = "MENTION/GAZETTEER/COMPOUND";
        out.push(m);
    }
    true
}
