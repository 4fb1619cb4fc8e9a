//! Clubs and teams named after places (`MENTION/CLUB/1`): "Leeds beat Chelsea", "Barcelona
//! signed Ronaldo", "Leeds manager Howard Wilkinson", "Ajax's striker", "Leeds 2 Chelsea 1". A
//! place name (a city or region — countries stay countries, as national teams do in most
//! annotation schemes) becomes an organisation of its own, "<place>-club", when the parse shows
//! it in a sports role:
//!
//! * subject or object of a `sport-verb` (words.jsonl: beat, defeat, draw, thrash …) whose other
//!   argument is a name too (an object, or an oblique with "with"/"against"); for "sign", the
//!   object is a person;
//! * possessor or compound of a `sport-noun` (manager, coach, striker, goalkeeper, fans, stadium
//!   …), or its "of" complement ("the coach of Chelsea");
//! * a result line: the name is followed by a score, and so is another name of the sentence.
//!
//! A name nothing typed (outside the gazetteer and unsure to the typing model) in such a role is
//! an organisation too.
//!
//! A sentence that makes one mention of a place a club makes the document's other mentions of it
//! clubs too, except where it is a place ("in Leeds").

use super::DocContext;
use crate::lexicon::Lexicon;
use crate::mentions::{Mention, MentionKind};
use crate::model::NodeType;
use crate::syntax::{Parse, SentenceParse};
use crate::text::Document;
use std::collections::HashSet;

/// Is mention `m` a place name the rule may retype?
fn is_place(m: &Mention) -> bool {
    m.kind == MentionKind::Name && m.node_type == NodeType::Location && !m.untyped
}

/// Is mention `m` a place name, or a name nothing typed ("Leeds" outside the gazetteer)?
fn candidate(m: &Mention) -> bool {
    is_place(m) || (m.kind == MentionKind::Name && m.untyped)
}

/// The mention (index) whose tokens hold unit `u` of `sp`.
fn mention_at(mentions: &[Mention], sp: &SentenceParse, u: usize) -> Option<usize> {
    let t = sp.tokens[u].token;
    let i = mentions.partition_point(|m| m.tokens.end <= t);
    (i < mentions.len() && mentions[i].tokens.contains(&t)).then_some(i)
}

fn is_score(t: &crate::text::Token) -> bool {
    let n = t.norm.as_str();
    !n.is_empty() && n.len() <= 5 && n.chars().all(|c| c.is_ascii_digit() || c == '-') && n.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Does the parse show mention `mi` in a sports role (see the module note)?
fn sports_role(doc: &Document, ctx: &DocContext, mentions: &[Mention], mi: usize, lex: &Lexicon) -> bool {
    let m = &mentions[mi];
    let Some((sp, h)) = ctx.head_unit(m) else { return false };
    let u = &sp.tokens[h];
    let name_arg = |v: usize, rels: &[&str], want: Option<NodeType>| {
        sp.children(v).iter().any(|&c| {
            c != h
                && rels.iter().any(|r| sp.tokens[c].deprel.starts_with(r))
                // an oblique only as the opponent ("drew with Chelsea", "against Ajax"), not
                // "drew criticism from Chicago"
                && (!sp.tokens[c].deprel.starts_with("obl") || sp.children(c).iter().any(|&k| sp.tokens[k].deprel == "case" && matches!(sp.tokens[k].lemma.to_lowercase().as_str(), "with" | "against")))
                && mention_at(mentions, sp, c).is_some_and(|o| {
                    let om = &mentions[o];
                    o != mi && om.kind == MentionKind::Name && want.is_none_or(|t| om.node_type == t)
                })
        })
    };
    if let Some(g) = u.head {
        let gu = &sp.tokens[g];
        let lemma = gu.lemma.to_lowercase();
        if gu.upos == "VERB" && lex.word_is(&lemma, "sport-verb") {
            let subj = u.deprel.starts_with("nsubj");
            let obj = u.deprel == "obj";
            if lemma == "sign" {
                if subj && name_arg(g, &["obj"], Some(NodeType::Person)) {
                    return true;
                }
            } else if (subj && name_arg(g, &["obj", "obl"], None)) || (obj && name_arg(g, &["nsubj"], None)) {
                return true;
            }
        }
        let possessive = u.deprel.starts_with("nmod:poss") || u.deprel == "compound";
        let of_complement = u.deprel == "nmod" && sp.children(h).iter().any(|&c| sp.tokens[c].deprel == "case" && sp.tokens[c].lemma == "of");
        if (possessive || of_complement) && gu.upos == "NOUN" && lex.word_is(&lemma, "sport-noun") {
            return true;
        }
    }
    // A result line: "Leeds 2 Chelsea 1".
    let scored = |x: &Mention| doc.tokens.get(x.tokens.end).is_some_and(is_score);
    if scored(m) {
        let s = doc.sentence_of(m.tokens.start);
        return mentions.iter().enumerate().any(|(o, x)| o != mi && x.kind == MentionKind::Name && doc.sentence_of(x.tokens.start) == s && scored(x));
    }
    false
}

/// Retypes the place names that stand for clubs (see the module note).
pub fn apply(doc: &Document, parse: &Parse, mentions: &mut [Mention], lex: &Lexicon) {
    let ctx = DocContext::new(doc, parse, mentions, lex);
    let clubs: HashSet<String> = (0..mentions.len())
        .filter(|&i| candidate(&mentions[i]) && sports_role(doc, &ctx, mentions, i, lex))
        .map(|i| mentions[i].key.clone())
        .collect();
    if clubs.is_empty() {
        return;
    }
    let is_locative = |m: &Mention| m.tokens.start > 0 && lex.word_is(&doc.tokens[m.tokens.start - 1].lower, "locative");
    let chosen: Vec<usize> = (0..mentions.len()).filter(|&i| candidate(&mentions[i]) && clubs.contains(&mentions[i].key) && !is_locative(&mentions[i])).collect();
    for i in chosen {
        let m = &mut mentions[i];
        if is_place(m) {
            m.key = format!("{}-club", m.key);
        }
        m.node_type = NodeType::Organization;
        m.untyped = false;
        m.rule = "MENTION/CLUB/1";
    }
}
