//! Reading a speaker: a short noun phrase (name, title phrase, pronoun, description, unnamed
//! source), with appositives; a sentence's subject for participle cues; "according to" checks.

use super::{Ctx, Speaker};
use crate::coref::Coref;
use crate::lexicon::Lexicon;
use crate::mentions::{Mention, MentionKind};
use crate::model::NodeType;
use crate::relations::mentions_in;
use crate::text::{Document, TokKind};
use std::ops::Range;

pub(super) fn is_word_class(lex: &Lexicon, w: &str, class: &str) -> bool {
    lex.word_is(w, class) || (w.ends_with('s') && lex.word_is(&w[..w.len() - 1], class)) || (w.ends_with("ies") && lex.word_is(&format!("{}y", &w[..w.len() - 3]), class))
}

/// Reads `range` as a speaker noun phrase. Appositives are allowed ("Richard Revesz, director
/// of the institute," / "The state's campaign chairman, Phil Lovas,"): the first segment (or
/// the first that names a person) is the speaker, the whole phrase its words as written.
pub(super) fn speaker_np(doc: &Document, mentions: &[Mention], coref: &Coref, lex: &Lexicon, range: Range<usize>) -> Option<Speaker> {
    let toks = &doc.tokens;
    let (a, mut b) = (range.start, range.end);
    while b > a && toks[b - 1].norm == "," {
        b -= 1;
    }
    if a >= b || b - a > 45 {
        return None;
    }
    // Comma segments outside parentheses.
    let mut segs = Vec::new();
    let (mut depth, mut s0) = (0i32, a);
    for k in a..b {
        match toks[k].norm.as_str() {
            "(" => depth += 1,
            ")" => depth -= 1,
            // (not the comma of "Joseph R. Biden, Jr.")
            "," if depth == 0 && !(k + 1 < b && lex.is_name_suffix(&toks[k + 1].norm) && toks[k + 1].is_capitalized()) => {
                segs.push(s0..k);
                s0 = k + 1;
            }
            _ => {}
        }
    }
    segs.push(s0..b);
    if segs.len() == 1 {
        return simple_np(doc, mentions, coref, lex, a..b);
    }
    if segs.len() > 6 || segs.iter().any(|r| r.is_empty()) {
        return None;
    }
    let parsed: Vec<Option<Speaker>> = segs.iter().map(|r| simple_np(doc, mentions, coref, lex, r.clone())).collect();
    let first = parsed[0].as_ref()?;
    // The other segments must read as appositives: no cue, no clause.
    for r in &segs[1..] {
        if toks[r.clone()].iter().any(|t| lex.cues.contains_key(&t.lower) && !t.is_capitalized() && (t.lower.ends_with("ed") || t.lower == "said")) {
            return None;
        }
        let t0 = &toks[r.start];
        let clause_word = ["aux", "modal", "negation", "pronoun-m", "pronoun-f", "pronoun-n", "pronoun-p", "conjunction"]
            .iter()
            .any(|c| lex.word_is(&t0.lower, c))
            || lex.cues.contains_key(&t0.lower);
        let ok = t0.is_capitalized() || !clause_word;
        if !ok {
            return None;
        }
    }
    let text = doc.text[toks[a].start..toks[b - 1].end].to_string();
    let named = if first.entity.is_some() {
        Some(first)
    } else {
        parsed[1..].iter().flatten().find(|p| p.entity.is_some_and(|e| coref.entities[e].node_type == NodeType::Person))
    };
    let voice = if named.is_none() { first.voice.clone() } else { None };
    Some(Speaker { entity: named.and_then(|p| p.entity), text, mention: named.and_then(|p| p.mention), voice })
}

pub(super) fn simple_np(doc: &Document, mentions: &[Mention], coref: &Coref, lex: &Lexicon, range: Range<usize>) -> Option<Speaker> {
    let toks = &doc.tokens;
    let (mut a, mut b) = (range.start, range.end);
    // A parenthesis at the end ("Gov. Mike Pence (R-IN)") is left out.
    if b > a && toks[b - 1].norm == ")" {
        if let Some(open) = (a..b).rev().find(|&k| toks[k].norm == "(") {
            b = open;
        }
    }
    // Trim adverbs, auxiliaries and negation next to the cue ("also said", "has not said",
    // "have argued") and leading conjunctions.
    while b > a
        && (lex.word_is(&toks[b - 1].lower, "adverb")
            || lex.word_is(&toks[b - 1].lower, "aux")
            || lex.word_is(&toks[b - 1].lower, "negation")
            || matches!(toks[b - 1].lower.as_str(), "has" | "have" | "had" | "not" | "n't" | "never")
            || toks[b - 1].lower.ends_with("ly") && toks[b - 1].is_word() && !toks[b - 1].is_capitalized())
    {
        b -= 1;
    }
    // "Trump this week said", "Sanders on Tuesday said": a time phrase before the cue.
    while b > a + 1 && (lex.word_is(&toks[b - 1].lower, "time") || matches!(toks[b - 1].lower.as_str(), "week" | "month" | "year" | "night" | "morning")) {
        b -= 1;
        if b > a + 1 && matches!(toks[b - 1].lower.as_str(), "on" | "this" | "last" | "in") {
            b -= 1;
        }
    }
    while a < b && (matches!(toks[a].lower.as_str(), "and" | "but" | "so" | "then" | "meanwhile" | "however") || lex.word_is(&toks[a].lower, "adverb")) {
        a += 1;
    }
    if a >= b || b - a > 12 {
        return None;
    }
    // "Scott beamed and asked …": a phrase ending in a conjunction is a clause's remains; "as
    // predicted", "as noted" attribute nothing.
    if lex.word_is(&toks[b - 1].lower, "conjunction") || matches!(toks[b - 1].lower.as_str(), "and" | "or" | "but" | "as") {
        return None;
    }
    // "When Clinton noted …", "After campaign aides insisted …", "To his successor …": a
    // subordinate clause or a prepositional phrase, not a speaker.
    let t0 = &toks[a];
    if (lex.word_is(&t0.lower, "preposition") && !matches!(t0.lower.as_str(), "according"))
        || matches!(t0.lower.as_str(), "when" | "after" | "while" | "if" | "because" | "although" | "though" | "since" | "before" | "until" | "unless" | "once" | "as" | "including" | "contrary" | "where" | "whether")
    {
        return None;
    }
    if toks[a..b].iter().any(|t| t.kind == TokKind::Quote || matches!(t.norm.as_str(), "." | "!" | "?" | ";" | ":" | "(" | ")")) {
        return None;
    }
    if toks[a..b].iter().any(|t| lex.word_is(&t.lower, "relative") || lex.word_is(&t.lower, "aux") || lex.word_is(&t.lower, "modal")) {
        return None;
    }
    // Another reporting verb inside: a clause, not a noun phrase ("he said at a conference").
    if toks[a..b].iter().any(|t| !t.is_capitalized() && lex.cues.get(&t.lower).is_some_and(|l| l.iter().any(|c| c.class == "speech")) && (t.lower.ends_with("ed") || t.lower.ends_with('d') && t.lower.len() > 3 || t.lower == "told")) {
        return None;
    }
    let text = doc.text[toks[a].start..toks[b - 1].end].to_string();
    // Appositive "Kulik, the ambassador to Seoul": the name before the comma speaks.
    let inside: Vec<usize> = mentions_in(mentions, a..b).collect();
    // A person named only as a modifier does not speak: "His lawyer", "Trump's lawyer", "Trump
    // aides", "a spokeswoman for Hillary Clinton", "an aide to Mr. Trump".
    let modifier = |m: usize| {
        let mm = &mentions[m];
        let (s, e) = (mm.tokens.start, mm.tokens.end);
        let possessive_pronoun = mm.kind == MentionKind::Pronoun && e < b && toks[e].is_word();
        // followed by 's or by a speaker's noun ("aides", "campaign", "lawyer", "brief"); a verb
        // after it ("Trump unleashed …, saying") leaves it the subject
        let head_noun = |t: &crate::text::Token| {
            t.is_word()
                && !t.is_capitalized()
                && (is_word_class(lex, &t.lower, "speaker")
                    || is_word_class(lex, &t.lower, "document")
                    || lex.titles.get(t.lower.trim_end_matches('s')).is_some_and(|l| l.iter().any(|x| x.head)))
        };
        let followed = e < b && (toks[e].kind == TokKind::Possessive || head_noun(&toks[e]));
        let mut p = s;
        if p > a && toks[p - 1].lower == "the" {
            p -= 1;
        }
        let in_title = |k: usize| inside.iter().any(|&x| mentions[x].kind == MentionKind::Title && mentions[x].tokens.contains(&k));
        let object = p > a && lex.word_is(&toks[p - 1].lower, "preposition") && !in_title(p - 1);
        possessive_pronoun || followed || object
    };
    // "Cornyn's statement said", "the ministry's official statement said": a text its owner
    // speaks through is the owner's word.
    if let Some(p) = (a + 1..b.saturating_sub(1)).rev().find(|&k| toks[k].kind == TokKind::Possessive) {
        let tail_ok = is_word_class(lex, &toks[b - 1].lower, "authored") && toks[p + 1..b].iter().all(|t| t.is_word() && !t.is_capitalized()) && b - p <= 4;
        let owner = inside.iter().rev().copied().find(|&m| {
            mentions[m].tokens.end == p
                && matches!(mentions[m].kind, MentionKind::Name | MentionKind::Description)
                && coref.entity_of(m).is_some_and(|e| matches!(e.node_type, NodeType::Person | NodeType::Organization | NodeType::Country))
        });
        if let (true, Some(m)) = (tail_ok, owner) {
            return Some(Speaker::entity(coref.of_mention[m], text, Some(m)));
        }
    }
    let person = inside
        .iter()
        .rev()
        .filter_map(|&m| coref.entity_of(m).map(|_| m))
        .find(|&m| {
            matches!(mentions[m].kind, MentionKind::Name | MentionKind::Pronoun | MentionKind::Description)
                && coref.entity_of(m).is_some_and(|e| e.node_type == NodeType::Person)
                && !(mentions[m].kind != MentionKind::Description && modifier(m))
        });
    if let Some(m) = person {
        return Some(Speaker::entity(coref.of_mention[m], text, Some(m)));
    }
    // An unknown capitalised name that makes up the whole phrase ("Revesz", "Donna Rawlings"):
    // the speaker is that name, typed Person by the facts stage.
    if let [m] = inside.as_slice() {
        let mm = &mentions[*m];
        if mm.kind == MentionKind::Name && mm.untyped && mm.tokens == (a..b) && coref.entity_of(*m).is_none() {
            return Some(Speaker::entity(coref.of_mention[*m], text, Some(*m)));
        }
    }
    let org = inside.iter().rev().copied().find(|&m| {
        mentions[m].kind == MentionKind::Name
            && coref.entity_of(m).is_some_and(|e| matches!(e.node_type, NodeType::Organization | NodeType::Country))
    });
    if let Some(m) = org {
        // Only if the organisation heads the phrase ("the Kremlin", "Moscow"), not a modifier of
        // an unnamed speaker ("a Kremlin source").
        let after = &toks[mentions[m].tokens.end..b];
        if after.iter().all(|t| !t.is_word()) {
            return Some(Speaker::entity(coref.of_mention[m], text, Some(m)));
        }
    }
    // "Officials at Homeland Security Investigations": a speaker noun with a place phrase.
    let mut h = a;
    while h < b && lex.word_is(&toks[h].lower, "determiner") {
        h += 1;
    }
    if h + 1 < b && is_word_class(lex, &toks[h].lower, "speaker") && matches!(toks[h + 1].lower.as_str(), "at" | "of" | "for" | "from" | "with" | "in" | "on") {
        return Some(Speaker::unnamed(text));
    }
    let last = &toks[b - 1];
    // "The report said", "the new guidance says", "a Pentagon study found": the article quotes a
    // text in its own voice; the text is the speaker (a Document node), labelled without its
    // determiners ("Pentagon study").
    if last.is_word() && is_word_class(lex, &last.lower, "document") {
        let mut s = a;
        while s + 1 < b && lex.word_is(&toks[s].lower, "determiner") {
            s += 1;
        }
        let label = doc.text[toks[s].start..toks[b - 1].end].to_string();
        return Some(Speaker { entity: None, text, mention: None, voice: Some(label) });
    }
    let unresolved_pronoun = b - a == 1
        && (lex.word_is(&last.lower, "pronoun-m") || lex.word_is(&last.lower, "pronoun-f") || matches!(last.lower.as_str(), "they" | "we" | "i" | "it"));
    let generic = last.is_word()
        && (is_word_class(lex, &last.lower, "speaker") || lex.titles.get(last.lower.trim_end_matches('s')).is_some_and(|l| l.iter().any(|t| t.head)));
    // A named speaker other than a person ("Xinhua", "the Kremlin") must end the phrase.
    let has_entity = inside.iter().any(|&m| {
        coref.entity_of(m).is_some() && mentions[m].kind == MentionKind::Name && mentions[m].tokens.end == b
    });
    if unresolved_pronoun || generic || (has_entity && b - a <= 6) {
        return Some(Speaker::unnamed(text));
    }
    None
}

/// The subject of a sentence, for a participle cue ("…, saying …"): a person, organisation or
/// country named in its first words, or an unnamed speaker ("A New York judge").
pub(super) fn sentence_subject(cx: &Ctx, sent: Range<usize>, before: usize) -> Option<Speaker> {
    let toks = &cx.doc.tokens;
    let lead = sent.start..before.min(sent.start + 8);
    for m in mentions_in(cx.mentions, lead.clone()) {
        let mm = &cx.mentions[m];
        let ok = matches!(mm.kind, MentionKind::Name | MentionKind::Pronoun | MentionKind::Description)
            && cx.coref.entity_of(m).is_some_and(|e| matches!(e.node_type, NodeType::Person | NodeType::Organization | NodeType::Country));
        if ok {
            // the subject comes before any verb-like word: only determiners/titles/names before it
            let before_ok = toks[sent.start..mm.tokens.start].iter().all(|t| !t.is_word() || t.is_capitalized() || cx.lex.word_is(&t.lower, "determiner"));
            if before_ok {
                return Some(Speaker::entity(cx.coref.of_mention[m], mm.text.clone(), Some(m)));
            }
            return None;
        }
    }
    // "A New York judge has rejected …"
    let mut k = lead.start;
    while k < lead.end && (cx.lex.word_is(&toks[k].lower, "determiner") || toks[k].is_capitalized()) {
        k += 1;
    }
    if k < lead.end && is_word_class(cx.lex, &toks[k].lower, "speaker") {
        let text = cx.doc.text[toks[lead.start].start..toks[k].end].to_string();
        return Some(Speaker::unnamed(text));
    }
    None
}

/// "According to the road map" is no speaker: the phrase must name or describe someone.
pub(super) fn according_ok(cx: &Ctx, sp: &Speaker, range: Range<usize>) -> bool {
    if sp.entity.is_some() || sp.voice.is_some() {
        return true;
    }
    let toks = &cx.doc.tokens;
    let last = &toks[range.end.saturating_sub(1).max(range.start)];
    is_word_class(cx.lex, &last.lower, "speaker") || cx.lex.word_is(&last.lower, "pronoun-m") || cx.lex.word_is(&last.lower, "pronoun-f")
}
