//! Coreference step 4b, `COREF/SHORT_ALIAS/1`: a one-word alias of a known organisation is read in
//! the context of its document. "Democrats" is the US Democratic Party's alias, but in an article
//! that has named the Liberal Democrats (or the Social, Christian or Free Democrats) and never
//! the Democratic Party in full, "the Democrats" are that party: the short word joins the one
//! organisation named earlier in full whose name ends in it (singular or plural alike).
//!
//! Invariants: only organisations; every mention of the short entity is one word (a document
//! that writes "Democratic Party" keeps it); exactly one candidate, named before the first short
//! mention; an acronym ("DUP") is not a short alias (the acronym rule reads those).

use super::Coref;
use crate::mentions::{Mention, MentionKind};
use crate::model::NodeType;

/// A word folded for comparison: lower-case, without a plural `s` ("Democrats" = "Democrat").
fn fold(w: &str) -> String {
    let l = w.trim_end_matches(['.', ',']).to_lowercase();
    l.strip_suffix('s').map(str::to_string).unwrap_or(l)
}

/// Joins one-word organisation aliases to the organisation of the document they shorten.
pub(super) fn merge(c: &mut Coref, mentions: &[Mention]) {
    for a in 0..c.entities.len() {
        let ea = &c.entities[a];
        if !ea.keep || ea.node_type != NodeType::Organization || ea.mentions.is_empty() {
            continue;
        }
        let one_word = ea.mentions.iter().all(|&mi| {
            let m = &mentions[mi];
            m.kind == MentionKind::Name && m.tokens.len() == 1 && !m.text.chars().all(|ch| ch.is_uppercase())
        });
        if !one_word {
            continue;
        }
        let short = fold(&mentions[ea.mentions[0]].text);
        let first = ea.mentions.iter().copied().min().unwrap_or(0);
        let cands: Vec<usize> = (0..c.entities.len())
            .filter(|&b| {
                let eb = &c.entities[b];
                b != a
                    && eb.keep
                    && eb.node_type == NodeType::Organization
                    && eb.label.split_whitespace().count() >= 2
                    && eb.label.split_whitespace().last().is_some_and(|w| fold(w) == short)
                    && eb.mentions.iter().any(|&mi| mi < first)
            })
            .collect();
        let [b] = cands[..] else { continue };
        let moved = std::mem::take(&mut c.entities[a].mentions);
        let aliases = std::mem::take(&mut c.entities[a].aliases);
        c.entities[a].keep = false;
        for &mi in &moved {
            c.of_mention[mi] = Some(b);
        }
        let eb = &mut c.entities[b];
        eb.mentions.extend(moved);
        eb.mentions.sort();
        for (alias, _) in aliases {
            eb.aliases.entry(alias).or_insert("COREF/SHORT_ALIAS/1");
        }
    }
}
