//! Coreference steps 5–6: descriptions (`COREF/DESCRIPTION/1`, `/2`) and pronouns
//! (`COREF/PRONOUN/1`) join an entity found before them (descriptions also after).

use super::Coref;
use crate::lexicon::Gender;
use crate::mentions::{Mention, MentionKind};
use crate::model::NodeType;
use crate::text::Document;

/// Resolves descriptions and pronouns in text order (resolved ones extend the chains).
pub(super) fn resolve_all(c: &mut Coref, doc: &Document, mentions: &[Mention]) {
    // Mentions inside a quotation are someone else's words: outside ones never refer to them.
    let sentence_of: Vec<usize> = mentions.iter().map(|m| doc.sentence_of(m.tokens.start).unwrap_or(0)).collect();
    let quoted: Vec<bool> = mentions
        .iter()
        .map(|m| doc.quote_at(m.tokens.start).is_some_and(|q| q.close.is_none_or(|c| m.tokens.end <= c)))
        .collect();
    for i in 0..mentions.len() {
        let m = &mentions[i];
        match m.kind {
            MentionKind::Description => {
                let cand = resolve_description(i, mentions, c, &quoted);
                match cand {
                    Some(e) => {
                        c.of_mention[i] = Some(e);
                        c.entities[e].mentions.push(i);
                    }
                    None => c.unresolved.push((i, "no person with that title")),
                }
            }
            MentionKind::Pronoun => match resolve_pronoun(i, mentions, c, &sentence_of, &quoted) {
                Some(e) => {
                    c.of_mention[i] = Some(e);
                    c.entities[e].mentions.push(i);
                    if c.entities[e].gender == Gender::Unknown {
                        c.entities[e].gender = m.gender;
                    }
                }
                None => c.unresolved.push((i, "no compatible person before it")),
            },
            _ => {}
        }
    }
}

const DESCRIPTION_WINDOW: usize = 400;

fn resolve_description(i: usize, mentions: &[Mention], c: &Coref, quoted: &[bool]) -> Option<usize> {
    let d = &mentions[i];
    let class = d.classes.first()?;
    let ok_from = |j: usize| quoted[i] || !quoted[j];
    // "the congresswoman" never refers to a man, "the king" never to a woman.
    let agrees = |g: Gender| d.gender == Gender::Unknown || g == Gender::Unknown || g == d.gender;
    let fits = |e: usize| {
        let ent = &c.entities[e];
        ent.keep
            && ent.node_type == NodeType::Person
            && agrees(ent.gender)
            && ent.classes.contains(class)
            && d.country.as_ref().is_none_or(|k| ent.countries.is_empty() || ent.countries.contains(k))
    };
    // Nearest before, then first after.
    // Look back, then (for a lead that names the person later) ahead, a bounded distance: first
    // for a person with the description's own class ("the diplomat" → a diplomat), then
    // (`COREF/DESCRIPTION/2`) one sharing any of its classes ("the diplomat" → an official).
    let shares = |e: usize| {
        let ent = &c.entities[e];
        ent.keep
            && ent.node_type == NodeType::Person
            && agrees(ent.gender)
            && d.classes.iter().any(|k| ent.classes.contains(k))
            && d.country.as_ref().is_none_or(|k| ent.countries.is_empty() || ent.countries.contains(k))
    };
    let back = |f: &dyn Fn(usize) -> bool| {
        (i.saturating_sub(DESCRIPTION_WINDOW)..i).rev().filter(|&j| ok_from(j)).filter_map(|j| c.of_mention[j]).find(|&e| f(e))
    };
    let ahead = |f: &dyn Fn(usize) -> bool| {
        (i + 1..mentions.len().min(i + DESCRIPTION_WINDOW)).filter(|&j| ok_from(j)).filter_map(|j| c.of_mention[j]).find(|&e| f(e))
    };
    back(&fits).or_else(|| back(&shares)).or_else(|| ahead(&fits)).or_else(|| ahead(&shares))
}

fn resolve_pronoun(i: usize, mentions: &[Mention], c: &Coref, sentence_of: &[usize], quoted: &[bool]) -> Option<usize> {
    let p = &mentions[i];
    let ok_from = |j: usize| quoted[i] || !quoted[j];
    // A person of unknown gender fits only nearby (this sentence or the one before): further
    // back, "she" needs a woman ("Obama", named once three paragraphs up, is no antecedent).
    let fits = |e: usize, near: bool| {
        let ent = &c.entities[e];
        ent.keep
            && ent.node_type == NodeType::Person
            && (p.gender == Gender::Unknown || ent.gender == p.gender || (near && ent.gender == Gender::Unknown))
    };
    let s = sentence_of[i];
    // Mentions are in text order, so a sentence's mentions are one run: walk back from the
    // pronoun to the start of each earlier sentence (linear in what is looked at).
    let run_start = |sent: usize, upto: usize| {
        let mut j = upto;
        while j > 0 && sentence_of[j - 1] >= sent {
            j -= 1;
        }
        j
    };
    // Same sentence, before the pronoun, leftmost first; then earlier sentences, nearest first.
    let mut hi = i;
    let mut sent = s;
    for _ in 0..7 {
        let lo = run_start(sent, hi);
        for j in (lo..hi).filter(|&j| sentence_of[j] == sent && ok_from(j)) {
            if let Some(e) = c.of_mention[j] {
                if fits(e, s - sent <= 1) {
                    return Some(e);
                }
            }
        }
        if sent == 0 || lo == 0 {
            break;
        }
        hi = lo;
        sent = sentence_of[lo - 1];
    }
    None
}