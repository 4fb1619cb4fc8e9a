//! Stage 2: mentions. Finds everything in a sentence that can refer to an entity:
//!
//! * `MENTION/GAZETTEER/1` — known entities, their aliases, demonyms and capitals (longest match;
//!   ALL-CAPS aliases match case-sensitively, lower-case names in any case); parts of hyphenated
//!   compounds too ("Russian-Chinese", "US-North Korean");
//! * `MENTION/CAPITAL/1` — a capital after a place word ("in Pyongyang", "visited Hanoi") is a
//!   Location; elsewhere ("between Pyongyang and Washington", "Moscow is ready") it stands for
//!   its government and refers to the country (`MENTION/CAPITAL_GOVERNMENT/1`);
//! * `MENTION/TITLE/1` — title phrases ("Foreign Minister", "leader"), in any case;
//! * `MENTION/HEAD_CHUNK/1` — capitalised chunks with a typing head word ("Valdai International
//!   Discussion Club", "Chinese Foreign Ministry", "Foreign Ministers' Meeting on Security and
//!   Stability on Korean Peninsula"), with an "of/on …" tail;
//! * `MENTION/NAME_CHUNK/1` — other capitalised chunks; typed Person after a title or when they
//!   start with a known given name (`MENTION/GIVEN_NAME/1`), otherwise left for coreference to type;
//! * `MENTION/DESCRIPTION/1` — definite descriptions made of titles ("the Russian top diplomat");
//! * `MENTION/PRONOUN/1` — personal pronouns.
//!
//! Mentions never overlap, and are sorted by position.

use crate::lexicon::{Form, Gender, Lexicon};
use crate::model::NodeType;
use crate::text::{Document, TokKind, Token};
use std::ops::Range;

/// What a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    /// A name (known or not).
    Name,
    /// A demonym, used adjectivally ("Russian").
    Demonym,
    /// A title phrase.
    Title,
    /// A personal pronoun.
    Pronoun,
    /// A definite description ("the diplomat").
    Description,
}

/// A mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Token range.
    pub tokens: Range<usize>,
    /// Byte span.
    pub span: Range<usize>,
    /// Kind.
    pub kind: MentionKind,
    /// Entity type (for names: `Concept` while unknown).
    pub node_type: NodeType,
    /// For names and demonyms: the entity id it stands for.
    pub key: String,
    /// Canonical label (gazetteer name, or the surface).
    pub label: String,
    /// The words as written.
    pub text: String,
    /// Gender (pronouns, given names).
    pub gender: Gender,
    /// Title / description classes.
    pub classes: Vec<String>,
    /// Descriptions: the country (id) of their demonym.
    pub country: Option<String>,
    /// Titles: whether it is a head (names a person) or a modifier.
    pub head: bool,
    /// Names: type not known yet (coreference decides).
    pub untyped: bool,
    /// Rule id.
    pub rule: &'static str,
}

impl Mention {
    fn new(doc: &Document, tokens: Range<usize>, kind: MentionKind, node_type: NodeType, rule: &'static str) -> Mention {
        let span = doc.token_span(tokens.start, tokens.end);
        let text = doc.text[span.clone()].to_string();
        Mention {
            tokens,
            span,
            kind,
            node_type,
            key: String::new(),
            label: text.clone(),
            text,
            gender: Gender::Unknown,
            classes: Vec::new(),
            country: None,
            head: false,
            untyped: false,
            rule,
        }
    }
}

/// The id of a named entity: the slug of its name with each word spelled canonically
/// (Sergei → Sergey), so variants share one id across documents.
pub fn name_id(label: &str, lex: &Lexicon) -> String {
    let words: Vec<String> = label
        .split(|c: char| c.is_whitespace() || c == '-' || c == '\u{2010}')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let lw = crate::text::normalize(w).to_lowercase();
            lex.canonical_spelling(&lw).to_string()
        })
        .collect();
    crate::lexicon::slug(&words.join(" "))
}

/// A gazetteer match at token `i`: (end token, phrase index into `lex.phrases[first]`).
fn gaz_at<'a>(toks: &[Token], i: usize, end: usize, lex: &'a Lexicon) -> Option<(usize, &'a crate::lexicon::Phrase)> {
    let list = lex.phrases.get(&toks[i].lower)?;
    for p in list {
        let n = p.tokens.len();
        if i + n > end {
            continue;
        }
        let ok = (0..n).all(|k| {
            let t = &toks[i + k];
            if p.case_sensitive { t.norm == p.exact[k] } else { t.lower == p.tokens[k] }
        });
        if !ok {
            continue;
        }
        if !p.case_sensitive && !p.lowercase_ok && !toks[i].is_capitalized() {
            continue;
        }
        return Some((i + n, p));
    }
    None
}

/// A title match at token `i`: (end, title).
fn title_at<'a>(toks: &[Token], i: usize, end: usize, lex: &'a Lexicon) -> Option<(usize, &'a crate::lexicon::Title)> {
    let list = lex.titles.get(&toks[i].lower)?;
    list.iter()
        .find(|t| i + t.tokens.len() <= end && t.tokens.iter().enumerate().all(|(k, w)| toks[i + k].lower == *w))
        .map(|t| (i + t.tokens.len(), t))
}

fn is_connector(t: &Token) -> bool {
    matches!(
        t.lower.as_str(),
        "of" | "on" | "for" | "and" | "de" | "la" | "del" | "della" | "von" | "van" | "der" | "den" | "al" | "bin" | "ibn" | "da" | "das" | "dos" | "di" | "du" | "&"
    )
}

fn head_type(t: &Token, lex: &Lexicon) -> Option<NodeType> {
    if !t.is_capitalized() {
        return None;
    }
    lex.heads.get(&t.lower).copied()
}

/// Is the token a capitalised word that can be part of a name?
fn cap_word(t: &Token, lex: &Lexicon, sentence_start: bool) -> bool {
    cap_word_in(t, lex, sentence_start, false)
}

/// `continuation`: the word would continue a run already started ("Foreign Ministers' Meeting"),
/// where common nouns of the `not-name` list are part of the name.
fn cap_word_in(t: &Token, lex: &Lexicon, sentence_start: bool, continuation: bool) -> bool {
    if t.kind != TokKind::Word || !t.is_capitalized() {
        return false;
    }
    if lex.word_is(&t.lower, "not-name") && !t.is_all_caps() && !(continuation && !is_function_word(&t.lower, lex)) {
        return false;
    }
    if sentence_start || !lex.words.contains_key(&t.lower) {
        return !(sentence_start && is_function_word(&t.lower, lex));
    }
    // A capitalised function word mid-sentence ("Of", "The") inside a headline-style name.
    !is_function_word(&t.lower, lex)
}

fn is_function_word(lower: &str, lex: &Lexicon) -> bool {
    static MASK: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    let mask = *MASK.get_or_init(|| {
        ["determiner", "preposition", "conjunction", "pronoun-m", "pronoun-f", "pronoun-n", "pronoun-p", "relative", "aux", "modal", "negation", "adverb", "time"]
            .iter()
            .filter_map(|c| crate::lexicon::class_bit(c))
            .fold(0, |a, b| a | b)
    });
    lex.word_any(lower, mask)
}

/// Finds the mentions of a document, sentence by sentence.
pub fn find(doc: &Document, lex: &Lexicon) -> Vec<Mention> {
    let mut out = Vec::new();
    for s in &doc.sentences {
        find_in(doc, s.tokens.clone(), lex, &mut out);
    }
    out
}

fn find_in(doc: &Document, range: Range<usize>, lex: &Lexicon, out: &mut Vec<Mention>) {
    let toks = &doc.tokens;
    let end = range.end;
    let mut i = range.start;
    while i < end {
        let t = &toks[i];
        let first = i == range.start || (i > range.start && matches!(toks[i - 1].kind, TokKind::Quote) && i - 1 == range.start);
        // Pronouns.
        if t.kind == TokKind::Word {
            let g = if lex.word_is(&t.lower, "pronoun-m") {
                Some(Gender::Male)
            } else if lex.word_is(&t.lower, "pronoun-f") {
                Some(Gender::Female)
            } else {
                None
            };
            if let Some(g) = g {
                if !t.lower.ends_with("self") {
                    let mut m = Mention::new(doc, i..i + 1, MentionKind::Pronoun, NodeType::Person, "MENTION/PRONOUN/1");
                    m.gender = g;
                    out.push(m);
                }
                i += 1;
                continue;
            }
        }
        // Definite descriptions: the [demonym] title… (not followed by a name).
        if t.lower == "the" {
            if let Some((m, next)) = description_at(doc, i, end, lex) {
                let demonym = m.country.as_ref().and_then(|_| gaz_at(toks, i + 1, end, lex).map(|(e, p)| (i + 1..e, p)));
                out.push(m);
                // The demonym inside ("the Russian top diplomat") is a mention of its country too.
                if let Some((r, p)) = demonym {
                    out.push(gaz_mention(doc, r, p, lex));
                }
                i = next;
                continue;
            }
        }
        // Lower-case gazetteer names ("six-party talks") and titles.
        if !t.is_capitalized() {
            if let Some((e, p)) = gaz_at(toks, i, end, lex) {
                out.push(gaz_mention(doc, i..e, p, lex));
                i = e;
                continue;
            }
            if let Some((e, title)) = title_at(toks, i, end, lex) {
                let mut m = Mention::new(doc, i..e, MentionKind::Title, NodeType::Person, "MENTION/TITLE/1");
                m.head = title.head;
                m.classes = title.classes.clone();
                out.push(m);
                i = e;
                continue;
            }
            if t.kind == TokKind::Word && t.norm.contains('-') {
                let _ = hyphen_parts(doc, i, end, lex, out);
            }
            i += 1;
            continue;
        }
        // A capitalised run.
        if cap_word(t, lex, first) || gaz_at(toks, i, end, lex).is_some() || title_at(toks, i, end, lex).is_some() {
            let mut j = i + 1;
            loop {
                if j < end && (cap_word_in(&toks[j], lex, false, true) || gaz_at(toks, j, end, lex).is_some()) {
                    j += 1;
                } else if j + 1 < end
                    && (is_connector(&toks[j]) || (toks[j].kind == TokKind::Possessive && toks[j].norm == "'"))
                    && cap_word(&toks[j + 1], lex, false)
                {
                    j += 2;
                } else if j + 2 < end && toks[j].lower == "of" && toks[j + 1].lower == "the" && cap_word(&toks[j + 2], lex, false) {
                    j += 3;
                } else {
                    break;
                }
            }
            segment_run(doc, i..j, lex, out);
            i = j;
            continue;
        }
        i += 1;
    }
}

fn gaz_mention(doc: &Document, r: Range<usize>, p: &crate::lexicon::Phrase, lex: &Lexicon) -> Mention {
    let ent = &lex.entities[p.entity];
    let (kind, ty, rule) = match p.form {
        Form::Demonym => (MentionKind::Demonym, NodeType::Country, "MENTION/GAZETTEER/1"),
        Form::Name => (MentionKind::Name, ent.node_type, "MENTION/GAZETTEER/1"),
        Form::Capital => (MentionKind::Name, NodeType::Location, "MENTION/CAPITAL/1"),
    };
    let mut m = Mention::new(doc, r.clone(), kind, ty, rule);
    m.key = ent.id.clone();
    m.label = ent.name.clone();
    if p.form == Form::Capital && !after_place_word(doc, r.start, lex) {
        if let Some(&c) = lex.capital_of.get(&p.entity) {
            let country = &lex.entities[c];
            m.key = country.id.clone();
            m.label = country.name.clone();
            m.node_type = country.node_type;
            m.rule = "MENTION/CAPITAL_GOVERNMENT/1";
        }
    }
    m
}

/// Is the token before `i` a place word ("in", "to", "visited")?
fn after_place_word(doc: &Document, i: usize, lex: &Lexicon) -> bool {
    let Some(prev) = i.checked_sub(1).map(|p| &doc.tokens[p]) else { return false };
    if prev.kind != TokKind::Word {
        return false;
    }
    lex.word_is(&prev.lower, "locative") || crate::lexicon::verb_forms("visit").contains(&prev.lower)
}

fn hyphen_parts(doc: &Document, i: usize, end: usize, lex: &Lexicon, out: &mut Vec<Mention>) -> bool {
    let t = &doc.tokens[i];
    let raw = &doc.text[t.start..t.end];
    let mut offset = t.start;
    let parts: Vec<&str> = raw.split(['-', '\u{2010}', '\u{2011}']).collect();
    if parts.len() < 2 {
        return false;
    }
    let mut found = Vec::new();
    for (k, part) in parts.iter().enumerate() {
        let span = offset..offset + part.len();
        offset += part.len() + 1;
        if part.is_empty() || !part.chars().next().is_some_and(|c| c.is_uppercase()) {
            return false; // "six-party", "co-hosted": not a compound of names
        }
        let lower = crate::text::normalize(part).to_lowercase();
        let Some(list) = lex.phrases.get(&lower) else { return false };
        // The last part may continue into the next tokens ("US-North Korean").
        let mut best = None;
        for p in list {
            let extra = p.tokens.len() - 1;
            if extra > 0 && (k + 1 != parts.len() || i + 1 + extra > end) {
                continue;
            }
            if (1..=extra).all(|x| doc.tokens[i + x].lower == p.tokens[x]) {
                best = Some((p, extra));
                break;
            }
        }
        let Some((p, extra)) = best else { return false };
        let span_end = if extra > 0 { doc.tokens[i + extra].end } else { span.end };
        found.push((span.start..span_end, p, extra));
    }
    for (span, p, extra) in found {
        let mut m = gaz_mention(doc, i..i + 1 + extra, p, lex);
        m.text = doc.text[span.clone()].to_string();
        m.span = span;
        m.rule = "MENTION/GAZETTEER/COMPOUND";
        out.push(m);
    }
    true
}

fn description_at(doc: &Document, i: usize, end: usize, lex: &Lexicon) -> Option<(Mention, usize)> {
    let toks = &doc.tokens;
    let mut j = i + 1;
    let mut country = None;
    if j < end {
        if let Some((e, p)) = gaz_at(toks, j, end, lex) {
            if p.form == Form::Demonym {
                country = Some(lex.entities[p.entity].id.clone());
                j = e;
            }
        }
    }
    let mut last_head: Option<(usize, &crate::lexicon::Title)> = None;
    let mut k = j;
    while k < end {
        match title_at(toks, k, end, lex) {
            Some((e, t)) => {
                if t.head {
                    last_head = Some((e, t));
                }
                k = e;
            }
            None => break,
        }
    }
    let (e, title) = last_head?;
    if e != k {
        return None;
    }
    // "the Russian Foreign Minister Sergey Lavrov": a title before a name, not a description.
    if e < end && cap_word(&toks[e], lex, false) && gaz_at(toks, e, end, lex).is_none() {
        return None;
    }
    // "the leaders of …", plural or followed by "of"/"to": a role phrase, not a reference.
    if e < end && matches!(toks[e].lower.as_str(), "of" | "to" | "for") {
        return None;
    }
    let mut m = Mention::new(doc, i..e, MentionKind::Description, NodeType::Person, "MENTION/DESCRIPTION/1");
    m.classes = title.classes.clone();
    m.country = country;
    Some((m, e))
}

/// Splits a capitalised run into gazetteer names, titles, head chunks and name chunks.
fn segment_run(doc: &Document, run: Range<usize>, lex: &Lexicon, out: &mut Vec<Mention>) {
    let toks = &doc.tokens;
    let end = run.end;
    // Head chunks: the rightmost typing head not inside a gazetteer name.
    let mut gaz_cover = vec![false; run.len()];
    {
        let mut k = run.start;
        while k < end {
            if let Some((e, p)) = gaz_at(toks, k, end, lex) {
                if p.form == Form::Name || p.form == Form::Capital {
                    for x in k..e {
                        gaz_cover[x - run.start] = true;
                    }
                }
                k = e;
            } else {
                k += 1;
            }
        }
    }
    let heads: Vec<usize> = (run.clone())
        .filter(|&k| !gaz_cover[k - run.start] && head_type(&toks[k], lex).is_some())
        .collect();
    if let Some(&h) = heads.first() {
        // Extend left from the head over modifiers (not title heads, not "and").
        let mut s = h;
        while s > run.start {
            let p = &toks[s - 1];
            if p.lower == "and" || p.kind == TokKind::Possessive && p.norm != "'" {
                break;
            }
            if let Some((_, t)) = title_at(toks, s - 1, end, lex) {
                if t.head {
                    break;
                }
            }
            s -= 1;
        }
        // Leading connectors are not part of a name.
        while s < h && is_connector(&toks[s]) {
            s += 1;
        }
        // Tail: "of Vietnam", "on Security and Stability on Korean Peninsula".
        let mut e = h + 1;
        if e < end && matches!(toks[e].lower.as_str(), "of" | "on" | "for") {
            let mut k = e;
            let mut ok = true;
            while k < end {
                if let Some((_, t)) = title_at(toks, k, end, lex) {
                    if t.head {
                        ok = false;
                        break;
                    }
                }
                k += 1;
            }
            if ok {
                e = end;
            }
        }
        // Two heads in a row: the chunk ends at the last consecutive head ("Security Council").
        while e < end && head_type(&toks[e], lex).is_some() && !gaz_cover[e - run.start] {
            e += 1;
        }
        if s > run.start {
            segment_plain(doc, run.start..s, lex, out);
        }
        // The head that anchored the chunk types it, not the tail ("… Meeting on … Korean Peninsula").
        let mut last_head = h;
        while last_head + 1 < e && head_type(&toks[last_head + 1], lex).is_some() && !gaz_cover[last_head + 1 - run.start] {
            last_head += 1;
        }
        let ty = head_type(&toks[last_head], lex).unwrap_or(NodeType::Organization);
        // A head word alone ("City", "District", "Summit") names nothing in particular.
        if e - s > 1 {
            let mut m = Mention::new(doc, s..e, MentionKind::Name, ty, "MENTION/HEAD_CHUNK/1");
            m.key = name_id(&m.text, lex);
            m.label = m.text.clone();
            out.push(m);
        }
        if e < end {
            segment_run(doc, e..end, lex, out);
        }
        return;
    }
    segment_plain(doc, run, lex, out);
}

/// Splits a run without head words: gazetteer names, titles and name chunks.
fn segment_plain(doc: &Document, run: Range<usize>, lex: &Lexicon, out: &mut Vec<Mention>) {
    let toks = &doc.tokens;
    let end = run.end;
    let mut k = run.start;
    let mut name_start: Option<usize> = None;
    let flush = |name_start: &mut Option<usize>, k: usize, out: &mut Vec<Mention>, honorific: &mut Option<Gender>| {
        if let Some(s) = name_start.take() {
            let mut e = k;
            while e > s && is_connector(&toks[e - 1]) {
                e -= 1;
            }
            if e > s {
                let mut m = name_chunk(doc, s..e, lex, out.last());
                if let Some(g) = honorific.take() {
                    m.node_type = NodeType::Person;
                    m.untyped = false;
                    m.rule = "MENTION/HONORIFIC/1";
                    if g != Gender::Unknown {
                        m.gender = g;
                    }
                }
                out.push(m);
            }
        }
        *honorific = None;
    };
    let mut honorific: Option<Gender> = None;
    while k < end {
        if name_start.is_none() {
            if let Some(g) = honorific_gender(&toks[k].lower, lex) {
                honorific = Some(g);
                k += 1;
                continue;
            }
        }
        if toks[k].norm.contains('-') && name_start.is_none() {
            let before = out.len();
            if hyphen_parts(doc, k, end, lex, out) {
                let extra = out[before..].iter().map(|m| m.tokens.end).max().unwrap_or(k + 1);
                k = extra.max(k + 1);
                continue;
            }
        }
        if let Some((e, p)) = gaz_at(toks, k, end, lex) {
            // A known given name is not a gazetteer place ("Jordan Peterson"): let it start a name.
            let given = lex.is_first_name(&toks[k].lower) && e == k + 1 && k + 1 < end && cap_word(&toks[k + 1], lex, false);
            // …nor is a one-word place right after a lone given name ("Rep. Jim Jordan").
            let surname = name_start.is_some_and(|s| s + 1 == k && lex.is_first_name(&toks[s].lower))
                && e == k + 1
                && (e >= end || !cap_word(&toks[e], lex, false));
            if surname {
                k = e;
                continue;
            }
            if !given || name_start.is_some() {
                flush(&mut name_start, k, out, &mut honorific);
                out.push(gaz_mention(doc, k..e, p, lex));
                k = e;
                continue;
            }
        }
        if let Some((e, t)) = title_at(toks, k, end, lex) {
            flush(&mut name_start, k, out, &mut honorific);
            let mut m = Mention::new(doc, k..e, MentionKind::Title, NodeType::Person, "MENTION/TITLE/1");
            m.head = t.head;
            m.classes = t.classes.clone();
            out.push(m);
            k = e;
            continue;
        }
        if toks[k].lower == "and" || toks[k].lower == "&" && name_start.is_none() {
            flush(&mut name_start, k, out, &mut honorific);
            k += 1;
            continue;
        }
        if is_connector(&toks[k]) && name_start.is_none() {
            k += 1;
            continue;
        }
        if name_start.is_none() {
            name_start = Some(k);
        }
        k += 1;
    }
    flush(&mut name_start, end, out, &mut honorific);
}

fn honorific_gender(lower: &str, lex: &Lexicon) -> Option<Gender> {
    if lex.word_is(lower, "honorific-m") {
        Some(Gender::Male)
    } else if lex.word_is(lower, "honorific-f") {
        Some(Gender::Female)
    } else if lex.word_is(lower, "honorific") {
        Some(Gender::Unknown)
    } else {
        None
    }
}

fn name_chunk(doc: &Document, r: Range<usize>, lex: &Lexicon, prev: Option<&Mention>) -> Mention {
    let toks = &doc.tokens;
    let mut m = Mention::new(doc, r.clone(), MentionKind::Name, NodeType::Concept, "MENTION/NAME_CHUNK/1");
    m.key = name_id(&m.text, lex);
    let first = &toks[r.start].lower;
    let after_title = prev.is_some_and(|p| p.kind == MentionKind::Title && p.head && p.tokens.end == r.start);
    if after_title {
        m.node_type = NodeType::Person;
    } else if r.len() >= 2 && (lex.is_first_name(first) || lex.family_first.contains(first)) {
        m.node_type = NodeType::Person;
        m.rule = "MENTION/GIVEN_NAME/1";
    } else if r.len() == 1 && toks[r.start].is_all_caps() && toks[r.start].norm.chars().count() <= 6 {
        m.node_type = NodeType::Organization;
        m.rule = "MENTION/ACRONYM/1";
    } else {
        m.untyped = true;
    }
    if m.node_type == NodeType::Person {
        m.gender = lex.first_names.get(first.as_str()).copied().unwrap_or(Gender::Unknown);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocumentMeta;

    fn mentions(text: &str) -> Vec<(String, MentionKind, NodeType)> {
        let doc = Document::new(DocumentMeta::default(), text.to_string());
        find(&doc, Lexicon::builtin()).into_iter().map(|m| (m.text, m.kind, m.node_type)).collect()
    }

    #[test]
    fn title_before_name() {
        let m = mentions("Russian Foreign Minister Sergey Lavrov spoke.");
        assert_eq!(m[0], ("Russian".into(), MentionKind::Demonym, NodeType::Country));
        assert_eq!(m[1].1, MentionKind::Title);
        assert_eq!(m[2], ("Sergey Lavrov".into(), MentionKind::Name, NodeType::Person));
    }

    #[test]
    fn head_chunks() {
        let m = mentions("Chinese Foreign Ministry Spokesperson Hua Chunying spoke.");
        assert_eq!(m[0], ("Chinese Foreign Ministry".into(), MentionKind::Name, NodeType::Organization));
        assert_eq!(m[1].1, MentionKind::Title);
        assert_eq!(m[2], ("Hua Chunying".into(), MentionKind::Name, NodeType::Person));
        let m = mentions("It was organized by the Valdai International Discussion Club in partnership with the Diplomatic Academy of Vietnam.");
        let names: Vec<&str> = m.iter().map(|x| x.0.as_str()).collect();
        assert!(names.contains(&"Valdai International Discussion Club"), "{names:?}");
        assert!(names.contains(&"Diplomatic Academy of Vietnam"), "{names:?}");
    }

    #[test]
    fn capitals_as_places_and_governments() {
        let m = mentions("Talks between Pyongyang and Seoul went on while he stayed in Pyongyang.");
        let m: Vec<_> = m.into_iter().filter(|x| x.0 == "Pyongyang" || x.0 == "Seoul").collect();
        assert_eq!(m[0].2, NodeType::Country);
        assert_eq!(m[1].2, NodeType::Country);
        assert_eq!(m[2].2, NodeType::Location);
    }

    #[test]
    fn descriptions_and_pronouns() {
        let m = mentions("The work is slow, the Russian top diplomat said, and he left.");
        assert!(m.iter().any(|x| x.0 == "the Russian top diplomat" && x.1 == MentionKind::Description), "{m:?}");
        assert!(m.iter().any(|x| x.0 == "he" && x.1 == MentionKind::Pronoun));
    }

    #[test]
    fn hyphenated_compounds() {
        let m = mentions("The Russian-Chinese initiative was welcomed.");
        assert_eq!(m.iter().filter(|x| x.1 == MentionKind::Demonym).count(), 2, "{m:?}");
    }
}
