//! Actions: verb-mediated relations. The verbs and the canonical relation each maps to are the
//! lexicon's `action` rules (`ACTION/PROPOSES/1`: propose, come up with, put forward →
//! `proposes`); a rule's phrases match with up to two modifier words inside ("paid an official
//! visit to", "held four-hour talks with"). Around a matched verb:
//!
//! * subject — the entity (or coordinated entities, "Russia and China") right before the verb,
//!   past auxiliaries, modals, negation and adverbs ("has also voiced", "is ready to facilitate");
//!   a relative "which/who" takes its antecedent (an event or group first); a verb after "and"
//!   shares the previous verb's subject; a noun phrase "the delegation" becomes a Concept;
//!   after "following/after/during" (a nominal: "following talks with") the nearest person or
//!   country before it (`ACTION/NOMINAL_AGENT/1`);
//! * object — the entity or coordinated entities after it (the person of a title phrase: "met
//!   with North Korean leader Kim Jong Un" → Kim Jong Un), else the noun phrase as a Concept
//!   ("came up with a roadmap and an action plan" → roadmap, action plan);
//! * passive — "adopted by the US and North Korea", ", co-hosted by Canada and the US": the
//!   agents after "by" are the subjects, the phrase before the verb the object;
//! * negation ("not", "never", "denied that") and modality ("may", "should", "ready to") become
//!   edge attributes; a fact inside a statement's content carries that statement.

use super::{End, Fact, Relations};
use crate::coref::Coref;
use crate::lexicon::Lexicon;
use crate::mentions::{Mention, MentionKind};
use crate::model::{EdgeKind, NodeType};
use crate::text::{Document, ParaRole, TokKind, Token};
use std::ops::Range;

/// Matches a rule phrase at token `x` (gaps of ≤ 2 modifier words inside): (end, rule index).
fn phrase_at(toks: &[Token], x: usize, end: usize, lex: &Lexicon) -> Option<(usize, usize)> {
    let list = lex.verb_index.get(&toks[x].lower)?;
    'outer: for (words, rule) in list {
        let mut k = x + 1;
        for w in &words[1..] {
            let mut gap = 0;
            while k < end && toks[k].lower != *w {
                let t = &toks[k];
                let modifier = t.is_word() && !t.is_capitalized() && gap < 2 && !lex.word_is(&t.lower, "preposition") && !lex.word_is(&t.lower, "conjunction");
                if !modifier {
                    continue 'outer;
                }
                gap += 1;
                k += 1;
            }
            if k >= end {
                continue 'outer;
            }
            k += 1;
        }
        return Some((k, *rule));
    }
    None
}

pub(crate) const NUMBER_WORDS: &[&str] = &["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "many", "both", "few", "dozens", "hundreds", "thousands", "millions"];

struct Side {
    ends: Vec<End>,
    negated: bool,
    modality: Option<String>,
}

fn is_aux(lex: &Lexicon, t: &Token) -> bool {
    lex.word_is(&t.lower, "aux") || matches!(t.lower.as_str(), "has" | "have" | "had" | "is" | "are" | "was" | "were" | "be" | "been" | "being" | "will" | "would")
}

fn mention_ending_at(mentions: &[Mention], tok_end: usize) -> Option<usize> {
    let i = mentions.partition_point(|m| m.tokens.end < tok_end);
    (i..mentions.len()).take_while(|&j| mentions[j].tokens.end == tok_end).last()
}

fn mention_starting_at(mentions: &[Mention], tok: usize) -> Option<usize> {
    let i = mentions.partition_point(|m| m.tokens.start < tok);
    (i < mentions.len() && mentions[i].tokens.start == tok).then_some(i)
}

fn entity(coref: &Coref, m: usize) -> Option<End> {
    let e = coref.of_mention[m]?;
    let ent = &coref.entities[e];
    if ent.mentions.is_empty() {
        return None;
    }
    Some(End::Entity(e))
}

/// Entities (coordinated) ending at token `end` going left: "Russia and China", "A, B and C".
fn entities_left(doc: &Document, mentions: &[Mention], coref: &Coref, mut end: usize, start: usize) -> Vec<End> {
    let toks = &doc.tokens;
    let mut out = Vec::new();
    loop {
        let Some(m) = mention_ending_at(mentions, end) else { break };
        if !matches!(mentions[m].kind, MentionKind::Name | MentionKind::Pronoun | MentionKind::Description) {
            break;
        }
        if let Some(e) = entity(coref, m) {
            out.push(e);
        } else {
            break;
        }
        let mut s = mentions[m].tokens.start;
        if s > start && toks[s - 1].lower == "the" {
            s -= 1;
        }
        if s > start && matches!(toks[s - 1].lower.as_str(), "and" | ",") && s - 1 > start {
            end = s - 1;
            if toks[end - 1].lower == "the" {
                end -= 1;
            }
            continue;
        }
        break;
    }
    out.reverse();
    out
}

/// A concept noun phrase starting at `a`: (label, end).
fn concept_np(doc: &Document, lex: &Lexicon, mut a: usize, end: usize) -> Option<(String, usize)> {
    let toks = &doc.tokens;
    // a leading gerund before a determiner ("welcomed holding the summit")
    if a + 1 < end && toks[a].lower.ends_with("ing") && lex.word_is(&toks[a + 1].lower, "determiner") {
        a += 1;
    }
    while a < end
        && (lex.word_is(&toks[a].lower, "determiner")
            || NUMBER_WORDS.contains(&toks[a].lower.as_str())
            || toks[a].kind == TokKind::Quote
            || toks[a].kind == TokKind::Number
            || toks[a].kind == TokKind::Possessive)
    {
        a += 1;
    }
    let mut b = a;
    // A capitalised word only as a modifier of a lower-case noun ("Korean states").
    let cap_ok = |k: usize| toks.get(k + 1).is_some_and(|n| n.is_word() && !n.is_capitalized() && !lex.words.contains_key(&n.lower));
    let stop = |t: &Token, k: usize| {
        !t.is_word()
            || t.is_capitalized() && !cap_ok(k)
            || ["preposition", "conjunction", "relative", "aux", "modal", "determiner", "pronoun-m", "pronoun-f", "pronoun-n", "pronoun-p", "locative", "time"]
                .iter()
                .any(|c| lex.word_is(&t.lower, c))
            || matches!(t.lower.as_str(), "to" | "of" | "that" | "which" | "who" | "than" | "as")
    };
    while b < end && b - a < 5 {
        let t = &toks[b];
        if t.lower == "and" && b > a && b + 2 < end && toks[b + 1].is_word() && !stop(&toks[b + 1], b + 1) && toks[b + 2].is_word() && !stop(&toks[b + 2], b + 2) {
            b += 1; // "political and humanitarian resolution"
            continue;
        }
        if stop(t, b) || (b > a && (t.lower.ends_with("ed") || t.lower.ends_with("ing")) && t.lower.len() >= 5) {
            break;
        }
        b += 1;
    }
    // never end on a conjunction ("the denuclearization process and")
    while b > a && (matches!(toks[b - 1].lower.as_str(), "and" | "or" | "but") || lex.word_is(&toks[b - 1].lower, "adverb")) {
        b -= 1;
    }
    if b == a {
        return None;
    }
    let label = doc.text[toks[a].start..toks[b - 1].end].to_string();
    Some((label, b))
}

/// Objects after the verb (entities or concepts, coordinated).
fn objects_right(doc: &Document, mentions: &[Mention], coref: &Coref, lex: &Lexicon, mut a: usize, end: usize) -> Vec<End> {
    let toks = &doc.tokens;
    let mut out = Vec::new();
    loop {
        while a < end && (toks[a].kind == TokKind::Quote || lex.word_is(&toks[a].lower, "determiner")) && mention_starting_at(mentions, a).is_none() {
            a += 1;
        }
        if a >= end {
            break;
        }
        let next;
        if let Some(mut m) = mention_starting_at(mentions, a) {
            // Over a role phrase to its person ("North Korean leader Kim Jong Un").
            while matches!(mentions[m].kind, MentionKind::Demonym | MentionKind::Title | MentionKind::Pronoun)
                || (mentions[m].kind == MentionKind::Name && m + 1 < mentions.len() && mentions[m + 1].kind == MentionKind::Title && mentions[m + 1].tokens.start == mentions[m].tokens.end)
            {
                match mentions.get(m + 1) {
                    Some(n) if n.tokens.start == mentions[m].tokens.end || (n.tokens.start == mentions[m].tokens.end + 1 && toks[mentions[m].tokens.end].kind == TokKind::Possessive) => m += 1,
                    _ => break,
                }
            }
            if mentions[m].kind == MentionKind::Name {
                match entity(coref, m) {
                    Some(e) => out.push(e),
                    None => break,
                }
                next = mentions[m].tokens.end;
            } else if mentions[m].kind == MentionKind::Demonym {
                // "the Russian proposal": a concept
                match concept_np(doc, lex, mentions[m].tokens.end, end) {
                    Some((label, e)) => {
                        out.push(End::Concept(label));
                        next = e;
                    }
                    None => break,
                }
            } else {
                break;
            }
        } else {
            match concept_np(doc, lex, a, end) {
                Some((label, e)) => {
                    out.push(End::Concept(label));
                    next = e;
                }
                None => break,
            }
        }
        a = next;
        // coordination: ", B", "and B", ", and B"
        let mut k = a;
        let mut saw = false;
        while k < end && matches!(toks[k].lower.as_str(), "," | "and" | "as" | "well") {
            saw |= toks[k].lower == "and" || toks[k].lower == ",";
            k += 1;
        }
        if !saw || k >= end || out.len() > 12 {
            break;
        }
        // Only a name or a determiner continues the list ("… Pyongyang and met with" does not).
        if mention_starting_at(mentions, k).is_none() && !lex.word_is(&toks[k].lower, "determiner") {
            break;
        }
        // a comma followed by a non-entity ends the list
        if toks[a].norm == "," && mention_starting_at(mentions, k).is_none() && !lex.word_is(&toks[k].lower, "determiner") {
            break;
        }
        a = k;
    }
    out
}

/// Finds action facts.
pub fn find(doc: &Document, mentions: &[Mention], coref: &Coref, lex: &Lexicon, r: &mut Relations) {
    let toks = &doc.tokens;
    for (si, s) in doc.sentences.iter().enumerate() {
        if !matches!(s.role, ParaRole::Body | ParaRole::Deck) {
            continue;
        }
        let mut last_subjects: Vec<End> = Vec::new();
        let mut x = s.tokens.start;
        while x < s.tokens.end {
            let Some((ve, rule_ix)) = phrase_at(toks, x, s.tokens.end, lex) else {
                x += 1;
                continue;
            };
            // After a determiner or a possessive the word is a noun ("his visit", "the talks").
            if x > s.tokens.start {
                let p = &toks[x - 1];
                if p.kind == TokKind::Possessive || lex.word_is(&p.lower, "determiner") || matches!(p.lower.as_str(), "his" | "her" | "their" | "its" | "our" | "my" | "your") {
                    x += 1;
                    continue;
                }
            }
            let rule = &lex.actions[rule_ix];
            let surface = doc.text[toks[x].start..toks[ve - 1].end].to_string();
            let kind = if rule.edge_kind.as_deref() == Some("membership") { EdgeKind::Membership } else { EdgeKind::Action };
            let by_next = toks.get(ve).is_some_and(|t| t.lower == "by") && ve < s.tokens.end;
            let participle = toks[x].lower.ends_with("ed") || toks[x].lower.ends_with("en") || toks[x].lower.ends_with('t');
            let mut subj = left_side(doc, mentions, coref, lex, x, s.tokens.clone(), &last_subjects, kind);
            let (subjects, objects, rule_id);
            if by_next && participle {
                // Passive: agents after "by", patient before.
                let agents = objects_right(doc, mentions, coref, lex, ve + 1, s.tokens.end);
                let patient = patient_left(doc, mentions, coref, lex, x, s.tokens.start);
                subjects = agents;
                objects = patient.into_iter().collect::<Vec<_>>();
                rule_id = format!("{}/PASSIVE", rule.id);
            } else {
                subjects = std::mem::take(&mut subj.ends);
                objects = objects_right(doc, mentions, coref, lex, ve, s.tokens.end);
                rule_id = rule.id.clone();
            }
            if !subjects.is_empty() {
                last_subjects = subjects.clone();
            }
            // Statements are sorted and do not overlap: the last one starting before the verb.
            let according_to = r
                .statements
                .partition_point(|st| st.content.start <= toks[x].start)
                .checked_sub(1)
                .filter(|&i| toks[x].end <= r.statements[i].content.end);
            // A fact inside denied speech ("Lavrov denied that Russia was invited") is negated.
            let denied = according_to.is_some_and(|i| {
                let cue = r.statements[i].cue.split_whitespace().next().unwrap_or("").to_lowercase();
                lex.is_denial(&cue)
            });
            for sub in &subjects {
                for obj in &objects {
                    if sub == obj {
                        continue;
                    }
                    r.facts.push(Fact {
                        source: sub.clone(),
                        target: obj.clone(),
                        relation: rule.relation.clone(),
                        kind,
                        rule: rule_id.clone(),
                        sentence: si,
                        surface: surface.clone(),
                        negated: subj.negated != denied,
                        modality: subj.modality.clone(),
                        according_to,
                    });
                }
            }
            x = ve;
        }
    }
}

/// The subject side of an active verb at `x`.
fn left_side(doc: &Document, mentions: &[Mention], coref: &Coref, lex: &Lexicon, x: usize, sent: Range<usize>, last: &[End], kind: EdgeKind) -> Side {
    let toks = &doc.tokens;
    let mut side = Side { ends: Vec::new(), negated: false, modality: None };
    let mut k = x;
    while k > sent.start {
        let t = &toks[k - 1];
        if lex.word_is(&t.lower, "negation") || t.lower == "not" || t.lower == "n't" || t.lower == "never" {
            side.negated = true;
        } else if lex.word_is(&t.lower, "modal") {
            side.modality.get_or_insert_with(|| t.lower.clone());
        } else if t.lower == "to" && k >= 2 && matches!(toks[k - 2].lower.as_str(), "ready" | "willing" | "able" | "prepared" | "determined" | "going") {
            side.modality.get_or_insert_with(|| format!("{}-to", toks[k - 2].lower));
            k -= 1;
        } else if is_aux(lex, t) || lex.word_is(&t.lower, "adverb") || (t.lower.ends_with("ly") && t.is_word() && !t.is_capitalized()) {
        } else if t.norm == "," && k >= 2 {
            // a parenthetical ", in turn," between subject and verb
            match (sent.start..k - 1).rev().take(4).find(|&j| toks[j].norm == ",") {
                Some(j) if j + 1 < k - 1 => k = j + 1,
                _ => break,
            }
        } else {
            break;
        }
        k -= 1;
    }
    if k <= sent.start {
        return side;
    }
    let t = &toks[k - 1];
    if t.lower == "and" {
        side.ends = last.to_vec();
        return side;
    }
    if lex.word_is(&t.lower, "relative") && matches!(t.lower.as_str(), "which" | "who" | "that") {
        // antecedent: before the comma; an event or group first for memberships
        let before = if k >= 2 && toks[k - 2].norm == "," { k - 2 } else { k - 1 };
        let cands: Vec<usize> = super::mentions_in(mentions, sent.start..before).filter(|&m| mentions[m].kind == MentionKind::Name).collect();
        let group = cands.iter().rev().copied().find(|&m| matches!(mentions[m].node_type, NodeType::Event | NodeType::Organization));
        let adjacent = cands.last().copied().filter(|&m| mentions[m].tokens.end == before);
        let pick = if kind == EdgeKind::Membership { group.or(adjacent) } else { adjacent };
        if let Some(e) = pick.and_then(|m| entity(coref, m)) {
            side.ends.push(e);
        }
        return side;
    }
    let ents = entities_left(doc, mentions, coref, k, sent.start);
    if !ents.is_empty() {
        side.ends = ents;
        return side;
    }
    if matches!(t.lower.as_str(), "following" | "after" | "during" | "before" | "amid" | "in" | "at") || t.lower.ends_with("ing") {
        // A nominal ("following talks with"): the nearest person or country before it.
        let within: Vec<usize> = super::mentions_in(mentions, sent.start..k.saturating_sub(1)).collect();
        let m = within
            .into_iter()
            .rev()
            .find(|&m| mentions[m].kind == MentionKind::Name && coref.entity_of(m).is_some_and(|e| matches!(e.node_type, NodeType::Person | NodeType::Country)));
        if let Some(e) = m.and_then(|m| entity(coref, m)) {
            side.ends.push(e);
        }
        return side;
    }
    // "the delegation": a determiner and up to three words
    let mut s = k;
    while s > sent.start && k - s < 4 && toks[s - 1].is_word() && !toks[s - 1].is_capitalized() && !lex.words.contains_key(&toks[s - 1].lower) {
        s -= 1;
    }
    if s < k && s > sent.start && matches!(toks[s - 1].lower.as_str(), "the" | "a" | "an") && mention_ending_at(mentions, k).is_none() {
        side.ends.push(End::Concept(doc.text[toks[s].start..toks[k - 1].end].to_string()));
    }
    side
}

/// The patient of a passive participle: the entity or noun phrase before it.
fn patient_left(doc: &Document, mentions: &[Mention], coref: &Coref, lex: &Lexicon, x: usize, start: usize) -> Option<End> {
    let toks = &doc.tokens;
    let mut k = x;
    while k > start && (toks[k - 1].norm == "," || is_aux(lex, &toks[k - 1]) || lex.word_is(&toks[k - 1].lower, "adverb")) {
        k -= 1;
    }
    if let Some(m) = mention_ending_at(mentions, k) {
        if mentions[m].kind == MentionKind::Name {
            if let Some(e) = entity(coref, m).filter(|e| matches!(e, End::Entity(i) if coref.entities[*i].keep)) {
                return Some(e);
            }
        }
    }
    // the nearest "a/the + words" before it
    for d in (start..k).rev().take(14) {
        if matches!(toks[d].lower.as_str(), "a" | "an" | "the") {
            if let Some((label, _)) = concept_np(doc, lex, d + 1, k) {
                return Some(End::Concept(label));
            }
        }
    }
    None
}
