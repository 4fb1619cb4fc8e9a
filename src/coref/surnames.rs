//! Coreference step 4: a one-word name joins the person whose surname it is (`COREF/SURNAME/1`,
//! by recency when several share it: `COREF/SURNAME/2`); a shorter organisation name joins the
//! longer one with the same first and last word (`COREF/ORG_SHORT/1`) or whose initials it is
//! (`COREF/ACRONYM/1`).

use super::Coref;
use crate::lexicon::Lexicon;
use crate::mentions::Mention;
use crate::model::NodeType;

fn last_word(label: &str) -> String {
    label.split_whitespace().last().unwrap_or("").to_lowercase()
}

/// Merges short names into the entities they abbreviate.
pub(super) fn merge(c: &mut Coref, mentions: &[Mention], lex: &Lexicon) {
    let n = c.entities.len();
    let mut merge_into: Vec<Option<(usize, &'static str)>> = vec![None; n];
    let mut ambiguous: Vec<(usize, Vec<usize>)> = Vec::new();
    for a in 0..n {
        let ea = &c.entities[a];
        if !matches!(ea.node_type, NodeType::Person | NodeType::Concept | NodeType::Organization) {
            continue;
        }
        let words: Vec<&str> = ea.label.split_whitespace().collect();
        let mut found: Vec<(usize, &'static str)> = Vec::new();
        for b in 0..n {
            let eb = &c.entities[b];
            if a == b || !eb.keep {
                continue;
            }
            let bw: Vec<&str> = eb.label.split_whitespace().collect();
            if bw.len() <= words.len() {
                continue;
            }
            if words.len() == 1 && eb.node_type == NodeType::Person && ea.node_type != NodeType::Organization {
                let w = lex.canonical_spelling(&words[0].to_lowercase()).to_string();
                let last = lex.canonical_spelling(&last_word(&eb.label)).to_string();
                let first = bw[0].to_lowercase();
                if w == last || (lex.family_first.contains(&first) && w == lex.canonical_spelling(&first)) {
                    found.push((b, "COREF/SURNAME/1"));
                }
            } else if words.len() >= 2
                && eb.node_type == NodeType::Organization
                && words[0].eq_ignore_ascii_case(bw[0])
                && words[words.len() - 1].eq_ignore_ascii_case(bw[bw.len() - 1])
            {
                found.push((b, "COREF/ORG_SHORT/1"));
            } else if words.len() == 1 && eb.node_type == NodeType::Organization && words[0].chars().all(|c| c.is_uppercase()) {
                let initials: String = bw
                    .iter()
                    .filter(|w| !matches!(w.to_lowercase().as_str(), "of" | "and" | "the" | "for" | "on"))
                    .filter_map(|w| w.chars().next())
                    .collect();
                if initials.len() >= 2 && initials == words[0] {
                    found.push((b, "COREF/ACRONYM/1"));
                }
            }
        }
        if found.len() == 1 {
            merge_into[a] = Some(found[0]);
        } else if found.len() > 1 && found.iter().all(|f| f.1 == "COREF/SURNAME/1") {
            ambiguous.push((a, found.iter().map(|f| f.0).collect()));
        }
    }
    // An ambiguous surname ("Clinton" with Bill and Hillary Clinton): each mention goes to the
    // candidate named most recently before it (else the first named after it).
    for (a, cands) in ambiguous {
        let moved = std::mem::take(&mut c.entities[a].mentions);
        let aliases = std::mem::take(&mut c.entities[a].aliases);
        c.entities[a].keep = false;
        for mi in moved {
            let before = cands
                .iter()
                .filter_map(|&b| c.entities[b].mentions.iter().copied().filter(|&x| x < mi).max().map(|x| (x, b)))
                .max();
            let after = cands
                .iter()
                .filter_map(|&b| c.entities[b].mentions.iter().copied().filter(|&x| x > mi).min().map(|x| (std::cmp::Reverse(x), b)))
                .max();
            let Some(b) = before.map(|x| x.1).or(after.map(|x| x.1)) else { continue };
            c.of_mention[mi] = Some(b);
            c.entities[b].mentions.push(mi);
            c.entities[b].mentions.sort();
            if let Some(text) = aliases.keys().find(|t| **t == mentions[mi].text) {
                c.entities[b].aliases.entry(text.clone()).or_insert("COREF/SURNAME/2");
            }
        }
    }
    for a in 0..n {
        if let Some((b, rule)) = merge_into[a] {
            // Follow chains (a → b → c) to the end.
            let mut target = b;
            while let Some((t, _)) = merge_into[target] {
                if t == a {
                    break;
                }
                target = t;
            }
            let moved = std::mem::take(&mut c.entities[a].mentions);
            let aliases = std::mem::take(&mut c.entities[a].aliases);
            c.entities[a].keep = false;
            for &mi in &moved {
                c.of_mention[mi] = Some(target);
            }
            let tgt = &mut c.entities[target];
            tgt.mentions.extend(moved);
            tgt.mentions.sort();
            for (alias, _) in aliases {
                tgt.aliases.entry(alias).or_insert(rule);
            }
        }
    }

}
