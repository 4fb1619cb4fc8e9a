//! National institutions (`MENTION/INSTITUTION/1`): a country's name or demonym and an
//! institution of the lexicon ("the Russian government", "China's Foreign Ministry", "the U.S.
//! government", "the foreign ministry of China") are one Organization mention, labelled with
//! the country's first demonym and the institution in capitals ("Russian Government", "Chinese
//! Foreign Ministry"), so that every way of writing it is one entity across documents, or the
//! country's name when that demonym is a noun ("New Zealand Government"). "The government"
//! after one of them in the document is the last one named ("the Russian government … the
//! government said"). The
//! mentions found there before (the country, a name chunk "Foreign Ministry") give way; a name
//! that goes on past the institution ("Russian Army Day") is left alone.

use super::lookup::gaz_at;
use super::{name_id, Mention, MentionKind};
use crate::lexicon::{Form, Lexicon};
use crate::model::NodeType;
use crate::text::{Document, TokKind};
use std::ops::Range;

/// The institution whose words start at token `i` (any case): its end.
fn institution_at(doc: &Document, i: usize, end: usize, lex: &Lexicon) -> Option<(usize, usize)> {
    let toks = &doc.tokens;
    lex.institutions.iter().enumerate().find_map(|(k, words)| {
        let e = i + words.len();
        (e <= end && words.iter().enumerate().all(|(j, w)| toks[i + j].lower == *w)).then_some((e, k))
    })
}

/// A country (by name, alias or demonym) whose words start at token `i`: its end and entity.
fn country_at(doc: &Document, i: usize, end: usize, lex: &Lexicon) -> Option<(usize, usize)> {
    let (e, p) = gaz_at(&doc.tokens, i, end, lex)?;
    (matches!(p.form, Form::Name | Form::Demonym) && lex.entities[p.entity].node_type == NodeType::Country && lex.demonym_of.contains_key(&p.entity))
        .then_some((e, p.entity))
}

/// Rewrites `out` (the mentions of the document, sorted) with the national institutions.
pub(super) fn national(doc: &Document, lex: &Lexicon, out: &mut Vec<Mention>) {
    if lex.institutions.is_empty() {
        return;
    }
    let toks = &doc.tokens;
    let mut found: Vec<(Range<usize>, usize, usize)> = Vec::new();
    // The country of the last mention of each institution, for "the government" after it.
    let mut last: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for s in &doc.sentences {
        let end = s.tokens.end;
        let mut i = s.tokens.start;
        while i < end {
            // COUNTRY['s] INSTITUTION
            if let Some((ce, country)) = country_at(doc, i, end, lex) {
                let at = if ce < end && toks[ce].kind == TokKind::Possessive { ce + 1 } else { ce };
                if let Some((ie, inst)) = (at < end).then(|| institution_at(doc, at, end, lex)).flatten() {
                    found.push((i..ie, country, inst));
                    last.insert(inst, country);
                    i = ie;
                    continue;
                }
            }
            // INSTITUTION of [the] COUNTRY
            if let Some((ie, inst)) = institution_at(doc, i, end, lex) {
                if ie < end && toks[ie].lower == "of" {
                    let at = if ie + 1 < end && toks[ie + 1].lower == "the" { ie + 2 } else { ie + 1 };
                    if let Some((ce, country)) = (at < end).then(|| country_at(doc, at, end, lex)).flatten() {
                        found.push((i..ce, country, inst));
                        last.insert(inst, country);
                        i = ce;
                        continue;
                    }
                }
                // "the government" after "the Russian government": the same one.
                if i > s.tokens.start && toks[i - 1].lower == "the" {
                    if let Some(&country) = last.get(&inst) {
                        found.push((i..ie, country, inst));
                        i = ie;
                        continue;
                    }
                }
            }
            i += 1;
        }
    }
    for (r, country, inst) in found {
        // Only where the mentions found there lie inside it (a longer name stays).
        if out.iter().any(|m| m.tokens.start < r.end && r.start < m.tokens.end && (m.tokens.start < r.start || m.tokens.end > r.end)) {
            continue;
        }
        let words: Vec<String> = lex.institutions[inst]
            .iter()
            .map(|w| {
                let mut c = w.chars();
                c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
            })
            .collect();
        // A demonym that is a noun ("New Zealander") gives way to the country's name.
        let demonym = &lex.demonym_of[&country];
        let qualifier = if demonym.ends_with("er") { &lex.entities[country].name } else { demonym };
        let label = format!("{qualifier} {}", words.join(" "));
        let mut m = Mention::new(doc, r.clone(), MentionKind::Name, NodeType::Organization, "MENTION/INSTITUTION/1");
        m.key = name_id(&label, lex);
        m.label = label;
        let at = out.partition_point(|x| x.tokens.start < r.start);
        out.retain(|x| !(x.tokens.start < r.end && r.start < x.tokens.end));
        let at = at.min(out.len());
        out.insert(at, m);
    }
}
