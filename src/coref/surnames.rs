//! Coreference step 4: a one-word name joins the person whose surname it is (`COREF/SURNAME/1`,
//! by recency when several share it: `COREF/SURNAME/2`); a shorter organisation name joins the
//! longer one with the same first and last word (`COREF/ORG_SHORT/1`) or whose initials it is
//! (`COREF/ACRONYM/1`).

use super::phrases::role_phrases;
use super::Coref;
use crate::lexicon::{Gender, Lexicon};
use crate::mentions::Mention;
use crate::model::NodeType;
use crate::text::Document;
use std::collections::{BTreeSet, HashMap};

/// The last word of a name that is no suffix ("Biden" in "Joseph R. Biden Jr."), lower-case.
fn last_word(label: &str, lex: &Lexicon) -> String {
    let words: Vec<&str> = label.split_whitespace().collect();
    let n = words.iter().rposition(|w| !lex.is_name_suffix(w)).filter(|&i| i > 0).map_or(words.len(), |i| i + 1);
    words.get(n.wrapping_sub(1)).copied().unwrap_or("").trim_end_matches(',').to_lowercase()
}

/// Merges short names into the entities they abbreviate.
pub(super) fn merge(c: &mut Coref, doc: &Document, mentions: &[Mention], lex: &Lexicon) {
    let n = c.entities.len();
    let mut merge_into: Vec<Option<(usize, &'static str)>> = vec![None; n];
    let mut surname_of: Vec<(usize, Vec<usize>)> = Vec::new();
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
                let last = lex.canonical_spelling(&last_word(&eb.label, lex)).to_string();
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
        if !found.is_empty() && found.iter().all(|f| f.1 == "COREF/SURNAME/1") {
            surname_of.push((a, found.iter().map(|f| f.0).collect()));
        } else if found.len() == 1 {
            merge_into[a] = Some(found[0]);
        }
    }
    let phrases = title_phrases(doc, mentions);
    for (a, cands) in surname_of {
        by_surname(c, doc, mentions, &phrases, a, &cands);
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

/// The title phrase before a person's name mention: all its classes, and the class its head
/// title names ("President Clinton" → `president`).
struct TitleOf {
    classes: Vec<String>,
    head: Option<String>,
    /// The gender its head title says ("Congresswoman Waters").
    gender: Gender,
    /// The phrase as written ("former President Clinton").
    text: String,
}

fn title_phrases(doc: &Document, mentions: &[Mention]) -> HashMap<usize, TitleOf> {
    let mut out = HashMap::new();
    for rp in role_phrases(doc, mentions) {
        let classes: Vec<String> = rp.titles.clone().flat_map(|t| mentions[t].classes.clone()).collect();
        let head_title = rp.titles.clone().rev().find(|&t| mentions[t].head);
        let head = head_title.and_then(|t| mentions[t].classes.first().cloned());
        let gender = head_title.map_or(Gender::Unknown, |t| mentions[t].gender);
        let start = rp.prefix.start.min(rp.titles.start);
        let text = doc.text[mentions[start].span.start..mentions[rp.person].span.end].to_string();
        out.entry(rp.person).or_insert(TitleOf { classes, head, gender, text });
    }
    out
}

fn gender_ok(a: Gender, b: Gender) -> bool {
    a == Gender::Unknown || b == Gender::Unknown || a == b
}

/// A one-word name that is the surname of persons named in full (`cands`): each mention goes to
/// a candidate whose gender agrees with its honorific ("Mr. Obama" never to Michelle Obama);
/// after a title ("President Clinton"), only to one known by that title; among those, the one
/// named most recently before it (else the first named after it). `COREF/SURNAME/1` with one candidate, `COREF/SURNAME/2` with several.
/// Mentions no candidate agrees with stay an entity of their own.
fn by_surname(c: &mut Coref, doc: &Document, mentions: &[Mention], phrases: &HashMap<usize, TitleOf>, a: usize, cands: &[usize]) {
    let rule = if cands.len() == 1 { "COREF/SURNAME/1" } else { "COREF/SURNAME/2" };
    let moved = std::mem::take(&mut c.entities[a].mentions);
    let mut left = Vec::new();
    for mi in moved {
        let m = &mentions[mi];
        let title = phrases.get(&mi);
        // The honorific's gender, else the title's ("Congresswoman Waters").
        let gender = if m.gender != Gender::Unknown { m.gender } else { title.map_or(Gender::Unknown, |t| t.gender) };
        let ok: Vec<usize> = cands.iter().copied().filter(|&b| gender_ok(c.entities[b].gender, gender)).collect();
        // "President Clinton" is a full reference of its own: it joins only a namesake the
        // document knows by that title; otherwise it stays itself (cross-document identity may
        // find its person by the title).
        let pref: Vec<usize> = match title.and_then(|t| t.head.as_ref()) {
            Some(class) => ok.iter().copied().filter(|&b| c.entities[b].classes.contains(class)).collect(),
            None => ok,
        };
        let before = pref.iter().filter_map(|&b| c.entities[b].mentions.iter().copied().filter(|&x| x < mi).max().map(|x| (x, b))).max();
        let after = pref
            .iter()
            .filter_map(|&b| c.entities[b].mentions.iter().copied().filter(|&x| x > mi).min().map(|x| (std::cmp::Reverse(x), b)))
            .max();
        let Some(b) = before.map(|x| x.1).or(after.map(|x| x.1)) else {
            left.push(mi);
            continue;
        };
        c.of_mention[mi] = Some(b);
        let eb = &mut c.entities[b];
        eb.mentions.push(mi);
        eb.mentions.sort();
        eb.aliases.entry(m.text.clone()).or_insert(rule);
        if let Some(h) = m.honorific {
            eb.aliases.entry(doc.text[doc.tokens[h].start..m.span.end].to_string()).or_insert(rule);
        }
        if let Some(t) = title {
            eb.aliases.entry(t.text.clone()).or_insert(rule);
            eb.classes.extend(t.classes.iter().cloned());
        }
        if eb.gender == Gender::Unknown {
            eb.gender = gender;
        }
    }
    // What stays: the mentions no candidate agreed with, their own forms and gender.
    let ea = &mut c.entities[a];
    if left.is_empty() {
        ea.keep = false;
        ea.aliases.clear();
        return;
    }
    let forms: BTreeSet<String> = left
        .iter()
        .flat_map(|&mi| {
            let m = &mentions[mi];
            let mut v = vec![m.text.clone()];
            if let Some(h) = m.honorific {
                v.push(doc.text[doc.tokens[h].start..m.span.end].to_string());
            }
            if let Some(t) = phrases.get(&mi) {
                v.push(t.text.clone());
            }
            v
        })
        .collect();
    ea.aliases.retain(|k, _| forms.contains(k));
    let genders: BTreeSet<Gender> = left.iter().map(|&mi| mentions[mi].gender).filter(|&g| g != Gender::Unknown).collect();
    ea.gender = if genders.len() == 1 { *genders.iter().next().expect("one") } else { Gender::Unknown };
    ea.mentions = left;
}
