//! Title phrases ("Russian Foreign Minister Sergey Lavrov") and speaker positions ("X said"):
//! read by coreference to type and class persons, and by the roles and statements rules.

use crate::lexicon::Lexicon;
use crate::mentions::{Mention, MentionKind};
use crate::model::NodeType;
use crate::text::Document;

/// Minister Sergey Lavrov", "Russian Ambassador to Seoul Andrey Kulik", "his Japanese
/// counterpart Taro Kono", "National Security Office Director and Special Presidential Envoy
/// Chung Eui-yong" (one phrase per coordinated title chain).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolePhrase {
    /// Mentions before the titles: demonyms, countries, organisations, a possessive pronoun.
    pub prefix: std::ops::Range<usize>,
    /// The title mentions (modifiers and heads).
    pub titles: std::ops::Range<usize>,
    /// "to PLACE" after the titles.
    pub to_place: Option<usize>,
    /// The person's name mention.
    pub person: usize,
}

/// Finds the role phrases of a document (mention indices).
pub fn role_phrases(doc: &Document, mentions: &[Mention]) -> Vec<RolePhrase> {
    let toks = &doc.tokens;
    let adjacent = |a: &Mention, b: &Mention| {
        a.tokens.end == b.tokens.start
            || (a.tokens.end + 1 == b.tokens.start && toks[a.tokens.end].kind == crate::text::TokKind::Possessive)
    };
    let mut out = Vec::new();
    for p in 0..mentions.len() {
        let m = &mentions[p];
        if m.kind != MentionKind::Name || p == 0 {
            continue;
        }
        // Titles right before the name, or "TITLE to PLACE NAME".
        let mut t_end = p;
        let mut to_place = None;
        if p >= 2
            && mentions[p - 1].kind == MentionKind::Name
            && matches!(mentions[p - 1].node_type, NodeType::Location | NodeType::Country)
            && mentions[p - 1].tokens.end == m.tokens.start
            && mentions[p - 2].kind == MentionKind::Title
            && mentions[p - 2].tokens.end + 1 == mentions[p - 1].tokens.start
            && matches!(toks[mentions[p - 2].tokens.end].lower.as_str(), "to" | "in" | "at")
        {
            to_place = Some(p - 1);
            t_end = p - 1;
        }
        if t_end == 0 || mentions[t_end - 1].kind != MentionKind::Title {
            continue;
        }
        if to_place.is_none() && !adjacent(&mentions[t_end - 1], m) {
            continue;
        }
        if !mentions[t_end - 1].head {
            continue;
        }
        // Walk left over the title chain, then over coordinated chains ("… Director and Special … Envoy").
        let mut chain_end = t_end;
        loop {
            let mut t_start = chain_end - 1;
            while t_start > 0 && mentions[t_start - 1].kind == MentionKind::Title && adjacent(&mentions[t_start - 1], &mentions[t_start]) {
                t_start -= 1;
            }
            let mut pre = t_start;
            while pre > 0 {
                let q = &mentions[pre - 1];
                let ok = matches!(q.kind, MentionKind::Demonym | MentionKind::Pronoun)
                    || (q.kind == MentionKind::Name && matches!(q.node_type, NodeType::Country | NodeType::Organization | NodeType::Location));
                if !ok || !adjacent(q, &mentions[pre]) {
                    break;
                }
                pre -= 1;
                if q.kind == MentionKind::Pronoun {
                    break;
                }
            }
            out.push(RolePhrase { prefix: pre..t_start, titles: t_start..chain_end, to_place: if chain_end == t_end { to_place } else { None }, person: p });
            // A coordinated chain before: TITLE and TITLE… NAME
            if pre == t_start
                && t_start >= 1
                && mentions[t_start - 1].kind == MentionKind::Title
                && mentions[t_start - 1].head
                && mentions[t_start - 1].tokens.end + 1 == mentions[t_start].tokens.start
                && toks[mentions[t_start - 1].tokens.end].lower == "and"
            {
                chain_end = t_start;
                continue;
            }
            break;
        }
    }
    out
}

pub(super) fn prefix_countries(mentions: &[Mention], prefix: std::ops::Range<usize>, lex: &Lexicon, doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for p in &mentions[prefix] {
        match (p.kind, p.node_type) {
            (MentionKind::Demonym, _) | (MentionKind::Name, NodeType::Country) => out.push(p.key.clone()),
            (MentionKind::Name, NodeType::Organization) => {
                if let Some(k) = org_country(doc, p, lex) {
                    out.push(k);
                }
            }
            _ => {}
        }
    }
    out
}

/// The country named by a demonym at the start of an organisation's name ("Chinese Foreign
/// Ministry" → china).
pub fn org_country(doc: &Document, m: &Mention, lex: &Lexicon) -> Option<String> {
    let t = &doc.tokens[m.tokens.start];
    let list = lex.phrases.get(&t.lower)?;
    let ph = list.iter().find(|ph| ph.tokens.len() == 1 && ph.form == crate::lexicon::Form::Demonym)?;
    Some(lex.entities[ph.entity].id.clone())
}

/// Is this mention the subject of a reporting verb ("X said"), of a belief verb with a "that"
/// clause ("X believes that"), or after "according to"?
pub fn is_speaker_position(doc: &Document, m: &Mention, lex: &Lexicon) -> bool {
    let toks = &doc.tokens;
    // X [also|on Monday|in a statement…] said; said X
    let mut e = m.tokens.end;
    let limit = (e + 4).min(toks.len());
    while e < limit {
        let t = &toks[e];
        if lex.cues.get(&t.lower).is_some_and(|l| l.iter().any(|c| c.class == "speech")) {
            // "-s" forms other than "says" are often nouns ("the two Korean states").
            return t.lower == "says" || !t.lower.ends_with('s');
        }
        // "Wines believes that …": who holds a belief is someone too.
        if lex.cues.get(&t.lower).is_some_and(|l| l.iter().any(|c| c.class == "belief")) && toks.get(e + 1).is_some_and(|n| n.lower == "that") {
            return true;
        }
        let skippable = t.is_word()
            && (lex.word_is(&t.lower, "adverb") || lex.word_is(&t.lower, "time") || lex.word_is(&t.lower, "aux") || matches!(t.lower.as_str(), "on" | "in" | "last" | "this"));
        if !skippable {
            break;
        }
        e += 1;
    }
    let s = m.tokens.start;
    if s >= 1 && lex.cues.get(&toks[s - 1].lower).is_some_and(|l| l.iter().any(|c| c.class == "speech")) && toks[s - 1].lower.ends_with('d')
        && s >= 2 && matches!(toks[s - 2].norm.as_str(), "," | "\"")
    {
        return true; // "…," said Jane Roe
    }
    s >= 2 && toks[s - 2].lower == "according" && toks[s - 1].lower == "to"
}
