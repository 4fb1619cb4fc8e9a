//! Roles: noun-mediated relations from titles.
//!
//! * `ROLE/TITLE_BEFORE_NAME/1` — `[prefix] TITLE… NAME`: the relation is the title's words
//!   plus `-of`, its target the prefix ("Russian Foreign Minister Sergey Lavrov" →
//!   `foreign-minister-of Russia`; "Chinese Foreign Ministry Spokesperson Hua Chunying" →
//!   `spokesperson-of Chinese Foreign Ministry`; "National Intelligence Service chief Suh Hoon").
//!   With a possessive pronoun as prefix the target is its referent ("his Japanese counterpart
//!   Taro Kono" → `counterpart-of Sergey Lavrov`).
//! * `ROLE/TITLE_TO_PLACE/1` — `TITLE to PLACE NAME`: `ambassador-to Seoul`; with a demonym
//!   the person also `represents` that country (`ROLE/TITLE_TO_PLACE/2`, a membership edge).
//! * `ROLE/TITLE_NAME_OF/1` — `TITLE NAME of PLACE` with no prefix: "Gov. Mike Pence of
//!   Indiana" → `governor-of Indiana` (abbreviated titles are spelled out by their first class).
//! * `ROLE/APPOSITIVE/1` — `NAME, the/a [DEMONYM] TITLE [to|of|for [the] X],` ("Kulik, the
//!   ambassador to Seoul, said") and `NAME, COUNTRY's TITLE,`.
//!
//! * `ROLE/TITLE_IMPLIED/1…3`, `ROLE/HOLDS_TITLE/1`, `ROLE/TITLE_APPOSITIVE/1` — titles with no
//!   place in their phrase ("Home Secretary Charles Clarke", "the prime minister, Tony Blair"):
//!   see `implied`.
//!
//! The title words come from the lexicon's `title` entries; nothing about particular titles is
//! in this code.

mod implied;

use super::{End, Fact, Relations};
use crate::coref::{role_phrases, Coref};
use crate::lexicon::{slug, Lexicon};
use crate::mentions::{Mention, MentionKind};
use crate::model::{EdgeKind, NodeType};
use crate::text::{Document, TokKind};

/// The words of a title chain, as the relation name is made of; an abbreviation ("Gov.",
/// "Sen.") is spelled out by its title's first class ("governor").
fn title_words(doc: &Document, mentions: &[Mention], titles: std::ops::Range<usize>) -> String {
    titles
        .map(|t| {
            let m = &mentions[t];
            if m.text.ends_with('.') {
                if let Some(c) = m.classes.first() {
                    return c.clone();
                }
            }
            doc.tokens[m.tokens.clone()].iter().map(|x| x.lower.as_str()).collect::<Vec<_>>().join(" ")
        })
        .collect::<Vec<_>>()
        .join(" ")
        .replace("former ", "")
}

fn push(r: &mut Relations, person: usize, target: End, relation: String, rule: &str, sentence: usize, surface: String) {
    push_kind(r, person, target, relation, EdgeKind::Role, rule, sentence, surface)
}

#[allow(clippy::too_many_arguments)]
fn push_kind(r: &mut Relations, person: usize, target: End, relation: String, kind: EdgeKind, rule: &str, sentence: usize, surface: String) {
    if End::Entity(person) == target {
        return;
    }
    r.facts.push(Fact {
        source: End::Entity(person),
        target,
        relation,
        kind,
        rule: rule.to_string(),
        sentence,
        surface,
        negated: false,
        modality: None,
        according_to: None,
        path: String::new(),
    });
}

/// Finds role facts.
pub fn find(doc: &Document, mentions: &[Mention], coref: &Coref, lex: &Lexicon, r: &mut Relations) {
    let implied = implied::Implied::new(doc, mentions, coref, lex);
    // Phrases with no place, waiting to see whether a coordinated title of the same name has one
    // ("National Security Office Director and Special Presidential Envoy Chung Eui-yong").
    let mut placeless = Vec::new();
    let mut placed = std::collections::HashSet::new();
    for rp in role_phrases(doc, mentions) {
        let before = r.facts.len();
        let Some(person) = coref.of_mention[rp.person].filter(|&e| coref.entities[e].keep) else { continue };
        if coref.entities[person].node_type != NodeType::Person {
            continue;
        }
        let words = title_words(doc, mentions, rp.titles.clone());
        if words.is_empty() {
            continue;
        }
        let sentence = doc.sentence_of(mentions[rp.person].tokens.start).unwrap_or(0);
        let surface = doc.text[mentions[rp.titles.start].span.start..mentions[rp.titles.end - 1].span.end].to_string();
        if let Some(place) = rp.to_place {
            if let Some(e) = coref.of_mention[place] {
                push(r, person, End::Entity(e), format!("{}-to", slug(&words)), "ROLE/TITLE_TO_PLACE/1", sentence, surface.clone());
            }
        }
        // The prefix closest to the title is the target: an organisation beats a country.
        let mut target = None;
        for p in rp.prefix.clone().rev() {
            let m = &mentions[p];
            let ent = coref.of_mention[p];
            match m.kind {
                MentionKind::Pronoun => {
                    if target.is_none() {
                        target = ent;
                    }
                }
                MentionKind::Demonym | MentionKind::Name => {
                    if target.is_none() || m.node_type == NodeType::Organization {
                        target = ent.or(target);
                    }
                }
                _ => {}
            }
            if target.is_some() && m.node_type == NodeType::Organization {
                break;
            }
        }
        // A possessive pronoun plus a demonym ("his Japanese counterpart"): the pronoun's referent.
        if let Some(pp) = rp.prefix.clone().find(|&p| mentions[p].kind == MentionKind::Pronoun) {
            if let Some(e) = coref.of_mention[pp] {
                target = Some(e);
            }
        }
        // "Gov. Mike Pence of Indiana", "Sen. Bernie Sanders of Vermont": TITLE NAME of PLACE.
        if target.is_none() {
            let pm = &mentions[rp.person];
            if doc.tokens.get(pm.tokens.end).is_some_and(|t| t.lower == "of") {
                if let Some(x) = mentions.get(rp.person + 1).filter(|x| {
                    x.tokens.start == pm.tokens.end + 1
                        && x.kind == MentionKind::Name
                        && matches!(x.node_type, NodeType::Location | NodeType::Country | NodeType::Organization)
                }) {
                    let _ = x;
                    if let Some(e) = coref.of_mention[rp.person + 1] {
                        push(r, person, End::Entity(e), format!("{}-of", slug(&words)), "ROLE/TITLE_NAME_OF/1", sentence, surface.clone());
                    }
                }
            }
        }
        if let Some(t) = target {
            if rp.to_place.is_some() {
                // "Russian Ambassador to Seoul": the office is toward Seoul; Russia is the
                // country he represents, not a second office.
                push_kind(r, person, End::Entity(t), "represents".into(), EdgeKind::Membership, "ROLE/TITLE_TO_PLACE/2", sentence, surface);
            } else {
                push(r, person, End::Entity(t), format!("{}-of", slug(&words)), "ROLE/TITLE_BEFORE_NAME/1", sentence, surface);
            }
        } else if r.facts.len() == before && rp.prefix.is_empty() {
            let span = mentions[rp.titles.start].tokens.start..mentions[rp.titles.end - 1].tokens.end;
            placeless.push((rp.person, person, span, words, sentence, surface));
        }
        if r.facts.len() > before {
            placed.insert(rp.person);
        }
    }
    // Nothing in the phrase says of where: what the title or the document implies.
    for (pm, person, span, words, sentence, surface) in placeless {
        if !placed.contains(&pm) {
            implied.push(r, person, span, &words, sentence, surface);
        }
    }
    appositives(doc, mentions, coref, &implied, r);
    implied.title_before_appositive(r);
}

/// `NAME, the/a [DEMONYM] TITLE [to|of|for [the] X],`
fn appositives(doc: &Document, mentions: &[Mention], coref: &Coref, implied: &implied::Implied, r: &mut Relations) {
    let toks = &doc.tokens;
    for (i, m) in mentions.iter().enumerate() {
        if m.kind != MentionKind::Name {
            continue;
        }
        let Some(person) = coref.of_mention[i].filter(|&e| coref.entities[e].keep && coref.entities[e].node_type == NodeType::Person) else {
            continue;
        };
        let mut k = m.tokens.end;
        if toks.get(k).is_none_or(|t| t.norm != ",") {
            continue;
        }
        k += 1;
        let sentence = doc.sentence_of(m.tokens.start).unwrap_or(0);
        let Some(s) = doc.sentences.get(sentence) else { continue };
        let end = s.tokens.end;
        // Mentions after the comma, in order.
        let after: Vec<usize> = (i + 1..mentions.len()).take_while(|&j| mentions[j].tokens.start < end).collect();
        let mut country = None;
        let det = toks.get(k).is_some_and(|t| matches!(t.lower.as_str(), "the" | "a" | "an"));
        if det {
            k += 1;
        }
        let mut j = after.iter().copied().find(|&j| mentions[j].tokens.start >= k);
        // [DEMONYM] or COUNTRY 's
        if let Some(jj) = j {
            let q = &mentions[jj];
            if q.tokens.start == k && (q.kind == MentionKind::Demonym || (q.kind == MentionKind::Name && q.node_type == NodeType::Country && !det)) {
                country = coref.of_mention[jj];
                k = q.tokens.end;
                if toks.get(k).is_some_and(|t| t.kind == TokKind::Possessive) {
                    k += 1;
                }
                j = after.iter().copied().find(|&x| mentions[x].tokens.start >= k);
            }
        }
        // "the Russian foreign minister": a description in apposition.
        if let Some(d) = after.iter().copied().find(|&d| mentions[d].tokens.start == m.tokens.end + 1 && mentions[d].kind == MentionKind::Description) {
            let dm = &mentions[d];
            let dem = after.iter().copied().find(|&x| mentions[x].kind == MentionKind::Demonym && mentions[x].tokens.start > dm.tokens.start && mentions[x].tokens.end <= dm.tokens.end);
            if let Some(x) = dem {
                let words: Vec<&str> = toks[mentions[x].tokens.end..dm.tokens.end].iter().map(|t| t.lower.as_str()).collect();
                let closed = toks.get(dm.tokens.end).is_none_or(|t| matches!(t.norm.as_str(), "," | "." | ")"));
                if let (Some(c), true) = (coref.of_mention[x], closed && !words.is_empty()) {
                    let surface = doc.text[mentions[x].span.end..dm.span.end].trim().to_string();
                    push(r, person, End::Entity(c), format!("{}-of", slug(&words.join(" "))), "ROLE/APPOSITIVE/1", sentence, surface);
                }
            } else if toks.get(dm.tokens.end).is_none_or(|t| matches!(t.norm.as_str(), "," | "." | ")")) {
                // "Tony Blair, the prime minister,": what the title or the document implies.
                let a = dm.tokens.start + 1;
                let words: Vec<&str> = toks[a..dm.tokens.end].iter().map(|t| t.lower.as_str()).collect();
                let surface = doc.text[toks[a].start..dm.span.end].to_string();
                implied.push(r, person, a..dm.tokens.end, &words.join(" "), sentence, surface);
            }
            continue;
        }
        // TITLE…
        let mut t_end = None;
        let mut t_start = None;
        let mut jj = j;
        while let Some(x) = jj {
            let q = &mentions[x];
            if q.kind != MentionKind::Title || q.tokens.start != k {
                break;
            }
            t_start.get_or_insert(x);
            t_end = Some(x + 1);
            k = q.tokens.end;
            jj = after.iter().copied().find(|&y| y > x);
        }
        let (Some(ts), Some(te)) = (t_start, t_end) else { continue };
        if !mentions[te - 1].head {
            continue;
        }
        let words = title_words(doc, mentions, ts..te);
        let surface = doc.text[mentions[ts].span.start..mentions[te - 1].span.end].to_string();
        // [to|of|for [the] X]
        if let Some(prep) = toks.get(k).map(|t| t.lower.clone()) {
            if matches!(prep.as_str(), "to" | "of" | "for" | "at" | "in") {
                let mut kk = k + 1;
                if toks.get(kk).is_some_and(|t| t.lower == "the") {
                    kk += 1;
                }
                if let Some(x) = after.iter().copied().find(|&x| mentions[x].tokens.start == kk) {
                    if let Some(e) = coref.of_mention[x] {
                        let rel = if prep == "to" { format!("{}-to", slug(&words)) } else { format!("{}-of", slug(&words)) };
                        push(r, person, End::Entity(e), rel, "ROLE/APPOSITIVE/1", sentence, surface.clone());
                    }
                }
            }
        }
        if let Some(c) = country {
            push(r, person, End::Entity(c), format!("{}-of", slug(&words)), "ROLE/APPOSITIVE/1", sentence, surface);
        } else if !matches!(toks.get(k).map(|t| t.lower.as_str()), Some("to" | "of" | "for" | "at" | "in")) && toks.get(k).is_none_or(|t| matches!(t.norm.as_str(), "," | "." | ")")) {
            // "Tony Blair, the prime minister," — no place in the phrase.
            implied.push(r, person, mentions[ts].tokens.start..mentions[te - 1].tokens.end, &words, sentence, surface);
        }
    }
}
