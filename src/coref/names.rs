//! Coreference steps 1–3: exact names (`COREF/EXACT/1`), title + name (`COREF/TITLE_NAME/1`),
//! typing by context (`COREF/TYPE_SPEAKER/1`, `COREF/TYPE_PLACE/1`); then canonical labels and
//! genders of persons.

use super::phrases::{is_speaker_position, prefix_countries, role_phrases};
use super::{Coref, Entity};
use crate::lexicon::{Gender, Lexicon};
use crate::mentions::{Mention, MentionKind};
use crate::model::{better_label, NodeType};
use crate::text::Document;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Step 1, exact names and demonyms: one entity per id. A name after an honorific is also an alias
/// with it ("Mrs. Clinton"), which carries its gender to other documents. Mentions whose genders
/// disagree ("Mr. Obama", "Mrs. Obama") leave the entity's gender unknown; the surname step
/// resolves each of them by its own.
pub(super) fn exact(c: &mut Coref, doc: &Document, mentions: &[Mention]) {
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut conflict: BTreeSet<usize> = BTreeSet::new();
    for (i, m) in mentions.iter().enumerate() {
        if !matches!(m.kind, MentionKind::Name | MentionKind::Demonym) || m.key.is_empty() {
            continue;
        }
        let e = *by_id.entry(m.key.clone()).or_insert_with(|| {
            c.entities.push(Entity {
                id: m.key.clone(),
                label: m.label.clone(),
                node_type: m.node_type,
                aliases: BTreeMap::new(),
                mentions: Vec::new(),
                gender: Gender::Unknown,
                classes: BTreeSet::new(),
                countries: BTreeSet::new(),
                keep: !m.untyped,
            });
            c.entities.len() - 1
        });
        let ent = &mut c.entities[e];
        ent.mentions.push(i);
        if m.kind == MentionKind::Name {
            // (a dateline's place records its dateline rule)
            let rule = if m.rule == "MENTION/CAPITAL_GOVERNMENT/1" || m.rule.starts_with("TEXT/DATELINE/") { m.rule } else { "COREF/EXACT/1" };
            ent.aliases.entry(m.text.clone()).or_insert(rule);
            if let Some(h) = m.honorific {
                ent.aliases.entry(doc.text[doc.tokens[h].start..m.span.end].to_string()).or_insert("COREF/HONORIFIC/1");
            }
            if m.untyped {
                // keep the untyped flag until a typed mention arrives
            } else {
                ent.keep = true;
                if ent.node_type == NodeType::Concept || m.node_type < ent.node_type && m.rule != "MENTION/CAPITAL_GOVERNMENT/1" {
                    ent.node_type = m.node_type;
                }
            }
            if m.rule != "MENTION/CAPITAL_GOVERNMENT/1" && better_label(&m.label, &ent.label) && m.untyped == !ent.keep {
                ent.label = m.label.clone();
            }
            if m.gender != Gender::Unknown && !conflict.contains(&e) {
                if ent.gender != Gender::Unknown && ent.gender != m.gender {
                    conflict.insert(e);
                    ent.gender = Gender::Unknown;
                } else {
                    ent.gender = m.gender;
                }
            }
        }
        c.of_mention[i] = Some(e);
    }
}

/// 2. Title + name.
pub(super) fn title_names(c: &mut Coref, doc: &Document, mentions: &[Mention], lex: &Lexicon) {
    for rp in role_phrases(doc, mentions) {
        let Some(e) = c.of_mention[rp.person] else { continue };
        let countries = prefix_countries(mentions, rp.prefix.clone(), lex, doc);
        let classes: Vec<String> = rp.titles.clone().flat_map(|t| mentions[t].classes.clone()).collect();
        // A gendered head title ("Congresswoman Maxine Waters") tells the gender like an honorific.
        let gender = rp.titles.clone().rev().find(|&t| mentions[t].head).map_or(Gender::Unknown, |t| mentions[t].gender);
        let ent = &mut c.entities[e];
        if ent.node_type == NodeType::Concept || ent.node_type == NodeType::Person || !ent.keep {
            ent.node_type = NodeType::Person;
            ent.keep = true;
            ent.classes.extend(classes);
            ent.countries.extend(countries);
            if ent.gender == Gender::Unknown && ent.mentions.iter().all(|&mi| mentions[mi].gender == Gender::Unknown || mentions[mi].gender == gender) {
                ent.gender = gender;
            }
            let start = rp.prefix.start.min(rp.titles.start);
            let full = doc.text[mentions[start].span.start..mentions[rp.person].span.end].to_string();
            ent.aliases.entry(full).or_insert("COREF/TITLE_NAME/1");
        }
    }
}

/// 3. Type what is still untyped, by context (before the surname sieve, which needs persons).
pub(super) fn type_by_context(c: &mut Coref, doc: &Document, mentions: &[Mention], lex: &Lexicon) {
    for e in 0..c.entities.len() {
        if c.entities[e].keep || c.entities[e].mentions.is_empty() {
            continue;
        }
        let words = c.entities[e].label.split_whitespace().count();
        let ms = c.entities[e].mentions.clone();
        let speaker = ms.iter().any(|&mi| is_speaker_position(doc, &mentions[mi], lex));
        // "Kenansville, N.C.", "Ashton, Md.": a name followed by a comma and a known place is a
        // place (in/at alone says too little: "in Brown's campaign").
        let place = ms.iter().any(|&mi| {
            let e = mentions[mi].tokens.end;
            doc.tokens.get(e).is_some_and(|t| t.norm == ",")
                && mentions.get(mi + 1).is_some_and(|n| {
                    n.tokens.start == e + 1 && n.kind == MentionKind::Name && matches!(n.node_type, NodeType::Location | NodeType::Country)
                })
        });
        let ent = &mut c.entities[e];
        if speaker && (1..=4).contains(&words) {
            ent.node_type = NodeType::Person;
            ent.keep = true;
            for v in ent.aliases.values_mut() {
                *v = "COREF/TYPE_SPEAKER/1";
            }
        } else if place && words <= 4 {
            ent.node_type = NodeType::Location;
            ent.keep = true;
            for v in ent.aliases.values_mut() {
                *v = "COREF/TYPE_PLACE/1";
            }
        }
    }
}

/// Canonical spellings in person labels (then [`genders`] again: labels may have changed).
pub(super) fn canonical_labels(c: &mut Coref, lex: &Lexicon) {
    // Person labels use the lexicon's canonical spelling of given names (Sergei → Sergey), so
    // every document labels the entity alike; the spelling as written stays an alias.
    for ent in c.entities.iter_mut() {
        if ent.node_type == NodeType::Person {
            let canon: Vec<String> = ent
                .label
                .split(' ')
                .map(|w| {
                    let lw = w.to_lowercase();
                    match lex.variants.get(&lw) {
                        Some(v) => {
                            let mut cs = v.chars();
                            cs.next().map(|f| f.to_uppercase().chain(cs).collect()).unwrap_or_default()
                        }
                        None => w.to_string(),
                    }
                })
                .collect();
            let canon = canon.join(" ");
            if canon != ent.label {
                ent.aliases.entry(ent.label.clone()).or_insert("COREF/EXACT/1");
                ent.label = canon;
            }
        }
    }
    genders(c, lex);
}

/// Persons' gender from their given names, where no honorific or pronoun gave it. A name of one
/// word has no given name: "Warren" (Elizabeth Warren's surname) says nothing about gender.
pub(super) fn genders(c: &mut Coref, lex: &Lexicon) {
    for ent in c.entities.iter_mut() {
        if ent.node_type == NodeType::Person && ent.gender == Gender::Unknown {
            ent.gender = given_name_gender(&ent.label, lex);
        }
    }
}

/// The gender of a name's given name: its first word, if the name has more than one word.
pub(crate) fn given_name_gender(label: &str, lex: &Lexicon) -> Gender {
    let mut words = label.split_whitespace();
    let first = words.next().unwrap_or("").to_lowercase();
    if words.next().is_none() {
        return Gender::Unknown;
    }
    lex.first_names.get(&first).copied().unwrap_or(Gender::Unknown)
}

/// `COREF/HONORIFIC_ID/1`: a person known by a surname alone keeps the gender of its honorific in
/// its id ("Mrs. Obama" → `ms-obama`, "Mr. Obama" → `mr-obama`). Ids join documents before any
/// cross-document rule looks at them, so without it "Mr. Obama" of one article and "Mrs. Obama"
/// of another would be one node; with it each finds its namesake of that gender
/// (`XDOC/SURNAME/*`).
pub(super) fn honorific_ids(c: &mut Coref, mentions: &[Mention]) {
    for ent in c.entities.iter_mut() {
        if ent.node_type != NodeType::Person || ent.label.split_whitespace().count() != 1 || ent.id.is_empty() {
            continue;
        }
        let genders: BTreeSet<Gender> = ent
            .mentions
            .iter()
            .filter_map(|&mi| mentions.get(mi))
            .filter(|m| m.kind == MentionKind::Name && m.honorific.is_some() && m.gender != Gender::Unknown)
            .map(|m| m.gender)
            .collect();
        let prefix = match genders.iter().next() {
            Some(Gender::Male) if genders.len() == 1 => "mr",
            Some(Gender::Female) if genders.len() == 1 => "ms",
            _ => continue,
        };
        ent.id = format!("{prefix}-{}", ent.id);
    }
}
