//! Cross-document identity: rules that join nodes which per-document extraction could not know
//! to be one entity. They run after all documents are merged, and depend only on the merged set,
//! never on the order documents arrived in.
//!
//! * `XDOC/SURNAME/1` — a Person node named by one word ("Lavrov", from an article that never
//!   gives the full name) joins the *only* multi-word Person whose last name is that word;
//!   `XDOC/SURNAME/2` — or, among several, the one with at least three times the mentions of the
//!   next. Otherwise ("Kim" with Kim Jong-un and Kim Yo-jong equally) it is left alone.
//! * `XDOC/MIDDLE_INITIAL/1` — "Donald J. Trump" joins "Donald Trump" when no other middle
//!   initials go with that first and last name ("George W." and "George H. W. Bush" stay apart).
//! * `XDOC/MISSPELLING/1` — two Person names of the same length that agree in every word but one,
//!   where that word differs by one letter (not the first) and is not itself a known first name
//!   ("Kin Jong-un" and "Kim Jong-un", but not "Mark Smith" and "Mary Smith"). One side may be
//!   an untyped name no list knew ("Kin Jong-un" as a Concept); the person wins, else the name
//!   seen in more documents (then with more mentions, then the smaller id).
//!
//! Transliteration variants (Sergey/Sergei) never reach this stage: ids are computed from the
//! folded name (see [`crate::coref::entity_id`]), so they are the same node from the start.

use super::KnowledgeGraph;
use crate::lexicon::Lexicon;
use crate::model::NodeType;
use std::collections::{BTreeMap, HashMap};

/// Applies every cross-document rule to `g`.
pub fn apply(g: &mut KnowledgeGraph, lex: &Lexicon) {
    misspellings(g, lex);
    middle_initials(g);
    surnames(g);
}

/// "Donald J. Trump" and "Donald Trump": the same first and last names, one with middle
/// initials, join — unless another person shares first and last names with other initials
/// ("George W. Bush" and "George H. W. Bush" stay apart).
fn middle_initials(g: &mut KnowledgeGraph) {
    let people = persons(g);
    let initial = |w: &str| w.trim_end_matches('.').chars().count() == 1;
    let mut by_ends: BTreeMap<(String, String), Vec<(String, Vec<String>)>> = BTreeMap::new();
    for (id, label, _, _) in &people {
        let w: Vec<String> = label.split_whitespace().map(|x| x.to_lowercase()).collect();
        if w.len() < 2 {
            continue;
        }
        let middle: Vec<String> = w[1..w.len() - 1].to_vec();
        if !middle.iter().all(|m| initial(m)) {
            continue;
        }
        by_ends.entry((w[0].clone(), w[w.len() - 1].clone())).or_default().push((id.clone(), middle));
    }
    for group in by_ends.values() {
        let plain: Vec<&String> = group.iter().filter(|(_, m)| m.is_empty()).map(|(id, _)| id).collect();
        let with: Vec<&(String, Vec<String>)> = group.iter().filter(|(_, m)| !m.is_empty()).collect();
        let distinct: std::collections::BTreeSet<&Vec<String>> = with.iter().map(|(_, m)| m).collect();
        if plain.len() == 1 && distinct.len() == 1 {
            for (id, _) in &with {
                g.merge_nodes(plain[0], id, "XDOC/MIDDLE_INITIAL/1");
            }
        }
    }
}

/// Persons, and (with `name_like`) untyped names that look like a person's: two or more words,
/// each capitalised ("Kin Jong-un", which no list knew).
fn persons_and(g: &KnowledgeGraph, name_like: bool) -> Vec<(String, String, usize, u64)> {
    let looks_like_name = |label: &str| {
        let words: Vec<&str> = label.split_whitespace().collect();
        (2..=4).contains(&words.len()) && words.iter().all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
    };
    let mut v: Vec<(String, String, usize, u64)> = g
        .graph()
        .node_weights()
        .filter(|n| n.node_type == NodeType::Person || (name_like && n.node_type == NodeType::Concept && looks_like_name(&n.label)))
        .map(|n| (n.id.clone(), n.label.clone(), g.doc_count(n), n.mentions))
        .collect();
    v.sort();
    v
}

fn persons(g: &KnowledgeGraph) -> Vec<(String, String, usize, u64)> {
    persons_and(g, false)
}

/// The words of a name, hyphenated parts apart ("Kim Jong-un" = "Kim Jong Un").
fn words(label: &str) -> Vec<String> {
    label.split(|c: char| c.is_whitespace() || c == '-').filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect()
}

fn surnames(g: &mut KnowledgeGraph) {
    let people = persons(g);
    let mut by_last: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (id, label, _, _) in &people {
        let w = words(label);
        if w.len() >= 2 {
            by_last.entry(w[w.len() - 1].clone()).or_default().push(id.clone());
        }
    }
    for (id, label, _, _) in &people {
        let w = words(label);
        if w.len() != 1 {
            continue;
        }
        if let Some(c) = by_last.get(&w[0]) {
            if c.len() == 1 {
                g.merge_nodes(id, &c[0], "XDOC/SURNAME/1");
            } else {
                // One of several with that surname, if it is far the best attested ("Obama":
                // Barack Obama, rarely Michelle Obama) — `XDOC/SURNAME/2`.
                let mut ranked: Vec<(u64, &String)> = c.iter().map(|id| (g.node(id).map(|n| n.mentions).unwrap_or(0), id)).collect();
                ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
                if ranked[0].0 >= 3 * ranked[1].0.max(1) {
                    let into = ranked[0].1.clone();
                    g.merge_nodes(id, &into, "XDOC/SURNAME/2");
                }
            }
        }
    }
}

/// Levenshtein distance == 1 between two short words, not at the first character.
fn one_letter_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.first() != b.first() || a.len().abs_diff(b.len()) > 1 || a == b {
        return false;
    }
    let (mut i, mut j, mut edits) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            i += 1;
            j += 1;
            continue;
        }
        edits += 1;
        if edits > 1 {
            return false;
        }
        match a.len().cmp(&b.len()) {
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Greater => i += 1,
            std::cmp::Ordering::Less => j += 1,
        }
    }
    edits + (a.len() - i) + (b.len() - j) == 1
}

fn misspellings(g: &mut KnowledgeGraph, lex: &Lexicon) {
    let people = persons_and(g, true);
    let is_person = |id: &str| g.node(id).is_some_and(|n| n.node_type == NodeType::Person);
    let words: Vec<Vec<String>> = people.iter().map(|p| words(&p.1)).collect();
    // Candidate pairs: two names of the same length that agree in every word but one share the
    // key (length, position k, the other words). Only those pairs are compared, in the order of
    // the pairwise scan over the sorted people, so the result is the same as comparing every
    // pair, in O(n · words) instead of O(n²).
    let mut buckets: HashMap<(usize, usize, Vec<&str>), Vec<usize>> = HashMap::new();
    for (i, w) in words.iter().enumerate() {
        if w.len() < 2 {
            continue;
        }
        for k in 0..w.len() {
            let rest: Vec<&str> = w.iter().enumerate().filter(|&(x, _)| x != k).map(|(_, s)| s.as_str()).collect();
            buckets.entry((w.len(), k, rest)).or_default().push(i);
        }
    }
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for ((_, k, _), members) in &buckets {
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                if words[i][*k] != words[j][*k] {
                    pairs.push((i.min(j), i.max(j), *k));
                }
            }
        }
    }
    pairs.sort_unstable();
    let mut merges: Vec<(String, String)> = Vec::new();
    for (i, j, k) in pairs {
        let (a, b) = (&people[i], &people[j]);
        let (wa, wb) = (&words[i], &words[j]);
        if wa[k].chars().count() < 3 || !one_letter_apart(&wa[k], &wb[k]) {
            continue;
        }
        if lex.is_first_name(&wa[k]) && lex.is_first_name(&wb[k]) {
            continue;
        }
        // Two untyped names say nothing; a person and an untyped name: the person wins;
        // otherwise the better-attested spelling wins.
        let (pa, pb) = (is_person(&a.0), is_person(&b.0));
        if !pa && !pb {
            continue;
        }
        let rank = |p: &(String, String, usize, u64)| (is_person(&p.0), p.2, p.3, std::cmp::Reverse(p.0.clone()));
        let (from, into) = if rank(a) >= rank(b) { (b, a) } else { (a, b) };
        merges.push((from.0.clone(), into.0.clone()));
    }
    for (from, into) in merges {
        g.merge_nodes(&from, &into, "XDOC/MISSPELLING/1");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_letter() {
        assert!(one_letter_apart("kin", "kim"));
        assert!(!one_letter_apart("kim", "kim"));
        assert!(!one_letter_apart("jong-un", "jong-il"));
        assert!(!one_letter_apart("kim", "tim"));
        assert!(one_letter_apart("lavrov", "lavrovv"));
    }
}
