//! Capitalised runs split into gazetteer names, titles, head chunks (`MENTION/HEAD_CHUNK/1`)
//! and name chunks (`MENTION/NAME_CHUNK/1`, `MENTION/GIVEN_NAME/1`, `MENTION/HONORIFIC/1`,
//! `MENTION/ACRONYM/1`).

use super::gazetteer::{gaz_mention, hyphen_parts};
use super::lookup::{cap_word, gaz_at, head_type, honorific_gender, is_connector, title_at};
use super::{name_id, Mention, MentionKind};
use crate::lexicon::{Form, Gender, Lexicon};
use crate::model::NodeType;
use crate::text::{Document, TokKind};
use std::ops::Range;

/// Splits a capitalised run into gazetteer names, titles, head chunks and name chunks.
pub(super) fn segment_run(doc: &Document, run: Range<usize>, lex: &Lexicon, out: &mut Vec<Mention>) {
    let toks = &doc.tokens;
    let end = run.end;
    // Head chunks: the rightmost typing head not inside a gazetteer name.
    let mut gaz_cover = vec![false; run.len()];
    {
        let mut k = run.start;
        // Where the last demonym of the run ended ("South African Indian Congress": a known
        // one-word name that is also a head word, right after a demonym, heads a name of its
        // own instead of being "Congress", the US Congress).
        let mut after_demonym = None;
        while k < end {
            if let Some((e, p)) = gaz_at(toks, k, end, lex) {
                let own_head = e == k + 1 && after_demonym == Some(k) && head_type(&toks[k], lex).is_some();
                if (p.form == Form::Name || p.form == Form::Capital) && !own_head {
                    for x in k..e {
                        gaz_cover[x - run.start] = true;
                    }
                }
                after_demonym = (p.form == Form::Demonym).then_some(e);
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
pub(super) fn segment_plain(doc: &Document, run: Range<usize>, lex: &Lexicon, out: &mut Vec<Mention>) {
    let toks = &doc.tokens;
    let end = run.end;
    let mut k = run.start;
    let mut name_start: Option<usize> = None;
    let flush = |name_start: &mut Option<usize>, k: usize, out: &mut Vec<Mention>, honorific: &mut Option<(Gender, usize)>| {
        if let Some(s) = name_start.take() {
            let mut e = k;
            while e > s && is_connector(&toks[e - 1]) {
                e -= 1;
            }
            if e > s {
                let mut m = name_chunk(doc, s..e, lex, out.last());
                if let Some((g, h)) = honorific.take() {
                    m.node_type = NodeType::Person;
                    m.untyped = false;
                    m.rule = "MENTION/HONORIFIC/1";
                    m.honorific = Some(h);
                    if g != Gender::Unknown {
                        m.gender = g;
                    }
                }
                out.push(m);
            }
        }
        *honorific = None;
    };
    let mut honorific: Option<(Gender, usize)> = None;
    while k < end {
        if name_start.is_none() {
            if let Some(g) = honorific_gender(&toks[k].lower, lex) {
                honorific = Some((g, k));
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
            // A place inside a longer name is part of it: "Sydney Morning Herald", "Vrije
            // Universiteit Amsterdam", "South Australia" (the typing model types the whole).
            if in_longer_name(toks, k, e, end, name_start, p, lex) {
                name_start.get_or_insert(k);
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
            // A one-word title that ends a name begun by a given name is its surname ("Stephen
            // King said", "Martin Luther King Jr."): no name follows it for it to be the title of.
            let surname = e == k + 1
                && (e >= end || lex.is_name_suffix(&toks[e].norm) || toks[e].norm == "," && e + 1 < end && lex.is_name_suffix(&toks[e + 1].norm))
                && name_start.is_some_and(|s| lex.is_first_name(&toks[s].lower) && (s..k).all(|x| toks[x].kind == TokKind::Word && gaz_at(toks, x, k, lex).is_none()));
            if surname {
                k = e;
                continue;
            }
            flush(&mut name_start, k, out, &mut honorific);
            let mut m = Mention::new(doc, k..e, MentionKind::Title, NodeType::Person, "MENTION/TITLE/1");
            m.head = t.head;
            m.gender = t.gender;
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

pub(super) fn name_chunk(doc: &Document, r: Range<usize>, lex: &Lexicon, prev: Option<&Mention>) -> Mention {
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
    // A one-word name is a surname ("Senator Warren"): only a given name before another word
    // tells the gender.
    if m.node_type == NodeType::Person && r.len() >= 2 {
        m.gender = lex.first_names.get(first.as_str()).copied().unwrap_or(Gender::Unknown);
    }
    m
}

/// Is the gazetteer place `k..e` (phrase `p`) part of a longer name: after name words that are
/// not a person's (no given name first), or first and followed by capitalised words that are no
/// known name, title or connector?
fn in_longer_name(toks: &[crate::text::Token], k: usize, e: usize, end: usize, name_start: Option<usize>, p: &crate::lexicon::Phrase, lex: &Lexicon) -> bool {
    if p.form == Form::Demonym || !matches!(lex.entities[p.entity].node_type, NodeType::Location | NodeType::Country) {
        return false;
    }
    match name_start {
        Some(s) => !lex.is_first_name(&toks[s].lower) && !lex.family_first.contains(&toks[s].lower) && toks[s..k].iter().all(|t| t.kind == TokKind::Word),
        None => {
            e < end
                && cap_word(&toks[e], lex, false)
                && !toks[e].is_all_caps()
                && gaz_at(toks, e, end, lex).is_none()
                && title_at(toks, e, end, lex).is_none()
                && !is_connector(&toks[e])
                && honorific_gender(&toks[e].lower, lex).is_none()
                // "Ambassador to Seoul Andrey Kulik": a given name starts the next name.
                && !lex.is_first_name(&toks[e].lower)
                && !lex.family_first.contains(&toks[e].lower)
                && !super::typing::census::classes(&toks[e].lower).is_some_and(|c| c.contains(['f', 'm']))
        }
    }
}
