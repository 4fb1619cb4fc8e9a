//! Stage 3: coreference within a document. Mentions become [`Entity`]s by a sieve ordered from
//! the most to the least precise; each step records its rule id on the aliases it resolves:
//!
//! 1. `COREF/EXACT/1` — names with the same id (the folded name: "Sergei Lavrov" = "Sergey
//!    Lavrov"; "Kim Jong Un" = "Kim Jong-un"); demonyms join their country.
//! 2. `COREF/TITLE_NAME/1` — a title right before a name makes it a Person and gives it the
//!    title's classes and the countries of the words before it ("Russian Foreign Minister …").
//! 3. `COREF/TYPE_SPEAKER/1`, `COREF/TYPE_PLACE/1` — untyped names are typed by context: the
//!    subject of a reporting verb is a Person; a name before ", STATE" ("Ashton, Md.") a Location.
//! 4. `COREF/SURNAME/1` — a one-word name joins the only Person whose last name (or, for
//!    family-first names, first name) it is ("Lavrov", "Kim"); with several candidates
//!    (`COREF/SURNAME/2`) each mention joins the one named most recently before it.
//!    `COREF/ORG_SHORT/1` — a shorter name with the same first and last word as a longer
//!    organisation ("Valdai Club"); `COREF/ACRONYM/1` — its initials ("NSO").
//!    Names still untyped after this are dropped (and counted).
//! 5. `COREF/DESCRIPTION/1` — "the Russian top diplomat" → the nearest Person before it (else the
//!    first after it) whose title classes include the description's head class and whose country
//!    agrees with its demonym.
//! 6. `COREF/PRONOUN/1` — he/she/his/her → a gender-compatible Person: first in the same
//!    sentence before the pronoun, then in earlier sentences, subjects (leftmost) first.
//!
//! Pronouns and descriptions never become entities of their own.

use crate::lexicon::{Gender, Lexicon};
use crate::mentions::{Mention, MentionKind};
use crate::model::{better_label, NodeType};
use crate::text::Document;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// An entity of one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Global id.
    pub id: String,
    /// Canonical label (the fullest name).
    pub label: String,
    /// Type.
    pub node_type: NodeType,
    /// Names as written → the rule that resolved them.
    pub aliases: BTreeMap<String, &'static str>,
    /// Indices of its mentions.
    pub mentions: Vec<usize>,
    /// Gender, when known.
    pub gender: Gender,
    /// Title classes ("diplomat", "minister").
    pub classes: BTreeSet<String>,
    /// Countries (ids) its titles tie it to.
    pub countries: BTreeSet<String>,
    /// False for untyped names nobody needed.
    pub keep: bool,
}

/// The result of coreference: entities and, for each mention, its entity.
#[derive(Debug, Clone, Default)]
pub struct Coref {
    /// Entities.
    pub entities: Vec<Entity>,
    /// Entity of each mention (by mention index).
    pub of_mention: Vec<Option<usize>>,
    /// Mentions left unresolved, with the reason (for `explain` and debug reports).
    pub unresolved: Vec<(usize, &'static str)>,
}

impl Coref {
    /// The entity of mention `m`, if kept.
    pub fn entity_of(&self, m: usize) -> Option<&Entity> {
        self.of_mention.get(m).copied().flatten().map(|e| &self.entities[e]).filter(|e| e.keep)
    }
}

fn last_word(label: &str) -> String {
    label.split_whitespace().last().unwrap_or("").to_lowercase()
}

/// Resolves the mentions of a document.
pub fn resolve(doc: &Document, mentions: &[Mention], lex: &Lexicon) -> Coref {
    let mut c = Coref { entities: Vec::new(), of_mention: vec![None; mentions.len()], unresolved: Vec::new() };
    let mut by_id: HashMap<String, usize> = HashMap::new();

    // 1. Exact names and demonyms.
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
            let rule = if m.rule == "MENTION/CAPITAL_GOVERNMENT/1" { m.rule } else { "COREF/EXACT/1" };
            ent.aliases.entry(m.text.clone()).or_insert(rule);
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
            if m.gender != Gender::Unknown {
                ent.gender = m.gender;
            }
        }
        c.of_mention[i] = Some(e);
    }

    // 2. Title + name.
    for rp in role_phrases(doc, mentions) {
        let Some(e) = c.of_mention[rp.person] else { continue };
        let countries = prefix_countries(mentions, rp.prefix.clone(), lex, doc);
        let classes: Vec<String> = rp.titles.clone().flat_map(|t| mentions[t].classes.clone()).collect();
        let ent = &mut c.entities[e];
        if ent.node_type == NodeType::Concept || ent.node_type == NodeType::Person || !ent.keep {
            ent.node_type = NodeType::Person;
            ent.keep = true;
            ent.classes.extend(classes);
            ent.countries.extend(countries);
            let start = rp.prefix.start.min(rp.titles.start);
            let full = doc.text[mentions[start].span.start..mentions[rp.person].span.end].to_string();
            ent.aliases.entry(full).or_insert("COREF/TITLE_NAME/1");
        }
    }

    // 3. Type what is still untyped, by context (before the surname sieve, which needs persons).
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
    // 4. Surnames, short organisation names, acronyms.
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
    // Person entities' gender from given names.
    for ent in c.entities.iter_mut() {
        if ent.node_type == NodeType::Person && ent.gender == Gender::Unknown {
            let first = ent.label.split_whitespace().next().unwrap_or("").to_lowercase();
            ent.gender = lex.first_names.get(&first).copied().unwrap_or(Gender::Unknown);
        }
    }

    // 5 + 6. Descriptions and pronouns, in text order (resolved ones extend the chains).
    // Mentions inside a quotation are someone else's words: outside ones never refer to them.
    let sentence_of: Vec<usize> = mentions.iter().map(|m| doc.sentence_of(m.tokens.start).unwrap_or(0)).collect();
    let quoted: Vec<bool> = mentions
        .iter()
        .map(|m| doc.quotes.iter().any(|q| q.open < m.tokens.start && q.close.is_none_or(|c| m.tokens.end <= c) && doc.paragraphs.get(q.para).is_some() && doc.para_tokens[q.para].contains(&m.tokens.start)))
        .collect();
    for i in 0..mentions.len() {
        let m = &mentions[i];
        match m.kind {
            MentionKind::Description => {
                let cand = resolve_description(i, mentions, &c, &quoted);
                match cand {
                    Some(e) => {
                        c.of_mention[i] = Some(e);
                        c.entities[e].mentions.push(i);
                    }
                    None => c.unresolved.push((i, "no person with that title")),
                }
            }
            MentionKind::Pronoun => match resolve_pronoun(i, mentions, &c, &sentence_of, &quoted) {
                Some(e) => {
                    c.of_mention[i] = Some(e);
                    c.entities[e].mentions.push(i);
                    if c.entities[e].gender == Gender::Unknown {
                        c.entities[e].gender = m.gender;
                    }
                }
                None => c.unresolved.push((i, "no compatible person before it")),
            },
            _ => {}
        }
    }
    for (i, m) in mentions.iter().enumerate() {
        if m.kind == MentionKind::Name && c.of_mention[i].is_some_and(|e| !c.entities[e].keep) {
            c.unresolved.push((i, "untyped name"));
        }
    }
    for ent in c.entities.iter_mut() {
        ent.mentions.sort();
    }
    c
}

/// A title phrase naming a person: `[prefix] titles [to PLACE] PERSON`, as in "Russian Foreign
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

fn prefix_countries(mentions: &[Mention], prefix: std::ops::Range<usize>, lex: &Lexicon, doc: &Document) -> Vec<String> {
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

/// Is this mention the subject of a reporting verb ("X said") or after "according to"?
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

/// How many mentions a description looks back (and ahead) for its person.
const DESCRIPTION_WINDOW: usize = 400;

fn resolve_description(i: usize, mentions: &[Mention], c: &Coref, quoted: &[bool]) -> Option<usize> {
    let d = &mentions[i];
    let class = d.classes.first()?;
    let ok_from = |j: usize| quoted[i] || !quoted[j];
    let fits = |e: usize| {
        let ent = &c.entities[e];
        ent.keep
            && ent.node_type == NodeType::Person
            && ent.classes.contains(class)
            && d.country.as_ref().is_none_or(|k| ent.countries.is_empty() || ent.countries.contains(k))
    };
    // Nearest before, then first after.
    // Look back, then (for a lead that names the person later) ahead, a bounded distance: first
    // for a person with the description's own class ("the diplomat" → a diplomat), then
    // (`COREF/DESCRIPTION/2`) one sharing any of its classes ("the diplomat" → an official).
    let shares = |e: usize| {
        let ent = &c.entities[e];
        ent.keep
            && ent.node_type == NodeType::Person
            && d.classes.iter().any(|k| ent.classes.contains(k))
            && d.country.as_ref().is_none_or(|k| ent.countries.is_empty() || ent.countries.contains(k))
    };
    let back = |f: &dyn Fn(usize) -> bool| {
        (i.saturating_sub(DESCRIPTION_WINDOW)..i).rev().filter(|&j| ok_from(j)).filter_map(|j| c.of_mention[j]).find(|&e| f(e))
    };
    let ahead = |f: &dyn Fn(usize) -> bool| {
        (i + 1..mentions.len().min(i + DESCRIPTION_WINDOW)).filter(|&j| ok_from(j)).filter_map(|j| c.of_mention[j]).find(|&e| f(e))
    };
    back(&fits).or_else(|| back(&shares)).or_else(|| ahead(&fits)).or_else(|| ahead(&shares))
}

fn resolve_pronoun(i: usize, mentions: &[Mention], c: &Coref, sentence_of: &[usize], quoted: &[bool]) -> Option<usize> {
    let p = &mentions[i];
    let ok_from = |j: usize| quoted[i] || !quoted[j];
    let fits = |e: usize| {
        let ent = &c.entities[e];
        ent.keep
            && ent.node_type == NodeType::Person
            && (ent.gender == Gender::Unknown || p.gender == Gender::Unknown || ent.gender == p.gender)
    };
    let s = sentence_of[i];
    // Mentions are in text order, so a sentence's mentions are one run: walk back from the
    // pronoun to the start of each earlier sentence (linear in what is looked at).
    let run_start = |sent: usize, upto: usize| {
        let mut j = upto;
        while j > 0 && sentence_of[j - 1] >= sent {
            j -= 1;
        }
        j
    };
    // Same sentence, before the pronoun, leftmost first; then earlier sentences, nearest first.
    let mut hi = i;
    let mut sent = s;
    for _ in 0..7 {
        let lo = run_start(sent, hi);
        for j in (lo..hi).filter(|&j| sentence_of[j] == sent && ok_from(j)) {
            if let Some(e) = c.of_mention[j] {
                if fits(e) {
                    return Some(e);
                }
            }
        }
        if sent == 0 || lo == 0 {
            break;
        }
        hi = lo;
        sent = sentence_of[lo - 1];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mentions;
    use crate::model::DocumentMeta;

    fn resolved(text: &str) -> Vec<(String, Option<String>)> {
        let lex = Lexicon::builtin();
        let doc = Document::new(DocumentMeta::default(), text.to_string());
        let ms = mentions::find(&doc, lex);
        let c = resolve(&doc, &ms, lex);
        ms.iter().enumerate().map(|(i, m)| (m.text.clone(), c.entity_of(i).map(|e| e.label.clone()))).collect()
    }

    fn of<'a>(r: &'a [(String, Option<String>)], text: &str) -> Option<&'a str> {
        r.iter().find(|x| x.0 == text).and_then(|x| x.1.as_deref())
    }

    #[test]
    fn exact_and_variant_names() {
        let r = resolved("Sergey Lavrov arrived. Sergei Lavrov left.");
        assert_eq!(of(&r, "Sergei Lavrov"), Some("Sergey Lavrov"));
    }

    #[test]
    fn surname_sieve() {
        let r = resolved("Russian Foreign Minister Sergey Lavrov arrived. Lavrov said it was fine.");
        assert_eq!(of(&r, "Lavrov"), Some("Sergey Lavrov"));
    }

    #[test]
    fn description_sieve() {
        let r = resolved("Russian Foreign Minister Sergey Lavrov arrived. The talks were useful, the Russian top diplomat said.");
        assert_eq!(of(&r, "the Russian top diplomat"), Some("Sergey Lavrov"));
        // a description whose demonym disagrees is not resolved
        let r = resolved("Russian Foreign Minister Sergey Lavrov arrived. The talks were useful, the Chinese diplomat said.");
        assert_eq!(of(&r, "the Chinese diplomat"), None);
    }

    #[test]
    fn pronoun_sieve_prefers_subjects_and_gender() {
        let r = resolved("Kremlin Spokesman Dmitry Peskov spoke about Russian President Vladimir Putin. However, he confirmed it.");
        assert_eq!(of(&r, "he"), Some("Dmitry Peskov"));
        let r = resolved("Sergey Lavrov met Jane Roe. She said it went well.");
        assert_eq!(of(&r, "She"), Some("Jane Roe"), "a woman's pronoun never resolves to a man");
        let r = resolved("Sergey Lavrov arrived. She said it went well.");
        assert_eq!(of(&r, "She"), None, "a woman's pronoun never resolves to a man");
    }

    #[test]
    fn org_short_names() {
        let r = resolved("It was organized by the Valdai International Discussion Club. The Valdai Club said so.");
        assert_eq!(of(&r, "Valdai Club"), Some("Valdai International Discussion Club"));
    }
}
