//! Who said what. Reporting cues (speech verbs, "according to") come from the lexicon; the
//! patterns are:
//!
//! * `QUOTE/DIRECT_AFTER/1` — `"…," SPEAKER CUE` and `"…," CUE SPEAKER`;
//! * `QUOTE/DIRECT_BEFORE/1` — `SPEAKER CUE[,|:|that] "…"` (also "…, adding "…"");
//! * `QUOTE/DIRECT_SPLIT/1` — a quotation with no cue of its own in a paragraph whose other
//!   quotation has one (`"…," he said. "…"`) joins that statement (one content, one speaker);
//!   `QUOTE/DIRECT_CONTINUED/1` — a paragraph that is one quotation, right after a paragraph
//!   whose statement has a speaker;
//! * `QUOTE/DIRECT_MIXED/1` — a sentence begun outside the marks and finished inside them,
//!   attributed after: the lead-in belongs to the content;
//! * `QUOTE/INDIRECT_AFTER/1` — `CONTENT, SPEAKER CUE …` (and `CONTENT, CUE SPEAKER`);
//!   `QUOTE/INDIRECT_PARENTHETICAL/1` — `CONTENT, SPEAKER CUE, CONTENT` (the text leaves the
//!   attribution out);
//! * `QUOTE/INDIRECT_BEFORE/1` — `SPEAKER CUE [ADDRESSEE] [that] CONTENT`;
//! * `QUOTE/NEXT_PARAGRAPH/1` — a paragraph ending in `SPEAKER CUE:`: the next paragraph is
//!   the content;
//! * `QUOTE/PARTICIPLE/1` — `SUBJECT VERB …, saying/arguing/adding [that] CONTENT`: the
//!   sentence's subject speaks;
//! * `QUOTE/ACCORDING_TO/1` — `According to SPEAKER, CONTENT` and `CONTENT, according to SPEAKER`.
//!
//! A speaker is a short noun phrase: a name, a title phrase, a pronoun or description
//! (resolved by coreference), or an unnamed source ("a senior official") headed by a `speaker`
//! word or a title. Titles (headlines) never yield statements; decks only by the
//! `CONTENT, SPEAKER CUE` pattern. Quotation marks inside a sentence that the quotation does not
//! start ("the "action for action" logic") are not statements of their own.

use super::{mentions_in, End, Fact, Relations, Statement};
use crate::coref::Coref;
use crate::lexicon::{Gender, Lexicon};
use crate::mentions::{Mention, MentionKind};
use crate::model::{EdgeKind, NodeType};
use crate::text::{Document, ParaRole, QuoteSpan, TokKind};
use std::collections::HashSet;
use std::ops::Range;

/// A cue at token `t`: (end token, class).
fn cue_at<'a>(doc: &Document, t: usize, end: usize, lex: &'a Lexicon) -> Option<(usize, &'a str)> {
    let list = lex.cues.get(&doc.tokens[t].lower)?;
    list.iter()
        .find(|c| t + c.tokens.len() <= end && c.tokens.iter().enumerate().all(|(k, w)| doc.tokens[t + k].lower == *w))
        .map(|c| (t + c.tokens.len(), c.class.as_str()))
}

fn speech_cue_at(doc: &Document, t: usize, end: usize, lex: &Lexicon) -> Option<usize> {
    match cue_at(doc, t, end, lex) {
        Some((e, "speech" | "denial")) => Some(e),
        _ => None,
    }
}

/// A speaker noun phrase: the entity (if resolved) and the words as written.
struct Speaker {
    entity: Option<usize>,
    text: String,
}

fn is_word_class(lex: &Lexicon, w: &str, class: &str) -> bool {
    lex.word_is(w, class) || (w.ends_with('s') && lex.word_is(&w[..w.len() - 1], class)) || (w.ends_with("ies") && lex.word_is(&format!("{}y", &w[..w.len() - 3]), class))
}

/// Reads `range` as a speaker noun phrase. Appositives are allowed ("Richard Revesz, director
/// of the institute," / "The state's campaign chairman, Phil Lovas,"): the first segment (or
/// the first that names a person) is the speaker, the whole phrase its words as written.
fn speaker_np(doc: &Document, mentions: &[Mention], coref: &Coref, lex: &Lexicon, range: Range<usize>) -> Option<Speaker> {
    let toks = &doc.tokens;
    let (a, mut b) = (range.start, range.end);
    while b > a && toks[b - 1].norm == "," {
        b -= 1;
    }
    if a >= b || b - a > 45 {
        return None;
    }
    // Comma segments outside parentheses.
    let mut segs = Vec::new();
    let (mut depth, mut s0) = (0i32, a);
    for k in a..b {
        match toks[k].norm.as_str() {
            "(" => depth += 1,
            ")" => depth -= 1,
            "," if depth == 0 => {
                segs.push(s0..k);
                s0 = k + 1;
            }
            _ => {}
        }
    }
    segs.push(s0..b);
    if segs.len() == 1 {
        return simple_np(doc, mentions, coref, lex, a..b);
    }
    if segs.len() > 6 || segs.iter().any(|r| r.is_empty()) {
        return None;
    }
    let parsed: Vec<Option<Speaker>> = segs.iter().map(|r| simple_np(doc, mentions, coref, lex, r.clone())).collect();
    let first = parsed[0].as_ref()?;
    // The other segments must read as appositives: no cue, no clause.
    for r in &segs[1..] {
        if toks[r.clone()].iter().any(|t| lex.cues.contains_key(&t.lower) && !t.is_capitalized() && (t.lower.ends_with("ed") || t.lower == "said")) {
            return None;
        }
        let t0 = &toks[r.start];
        let clause_word = ["aux", "modal", "negation", "pronoun-m", "pronoun-f", "pronoun-n", "pronoun-p", "conjunction"]
            .iter()
            .any(|c| lex.word_is(&t0.lower, c))
            || lex.cues.contains_key(&t0.lower);
        let ok = t0.is_capitalized() || !clause_word;
        if !ok {
            return None;
        }
    }
    let text = doc.text[toks[a].start..toks[b - 1].end].to_string();
    let entity = first.entity.or_else(|| parsed[1..].iter().flatten().find_map(|p| p.entity.filter(|&e| coref.entities[e].node_type == NodeType::Person)));
    Some(Speaker { entity, text })
}

fn simple_np(doc: &Document, mentions: &[Mention], coref: &Coref, lex: &Lexicon, range: Range<usize>) -> Option<Speaker> {
    let toks = &doc.tokens;
    let (mut a, mut b) = (range.start, range.end);
    // A parenthesis at the end ("Gov. Mike Pence (R-IN)") is left out.
    if b > a && toks[b - 1].norm == ")" {
        if let Some(open) = (a..b).rev().find(|&k| toks[k].norm == "(") {
            b = open;
        }
    }
    // Trim adverbs, auxiliaries and negation next to the cue ("also said", "has not said",
    // "have argued") and leading conjunctions.
    while b > a
        && (lex.word_is(&toks[b - 1].lower, "adverb")
            || lex.word_is(&toks[b - 1].lower, "aux")
            || lex.word_is(&toks[b - 1].lower, "negation")
            || matches!(toks[b - 1].lower.as_str(), "has" | "have" | "had" | "not" | "n't" | "never")
            || toks[b - 1].lower.ends_with("ly") && toks[b - 1].is_word() && !toks[b - 1].is_capitalized())
    {
        b -= 1;
    }
    // "Trump this week said", "Sanders on Tuesday said": a time phrase before the cue.
    while b > a + 1 && (lex.word_is(&toks[b - 1].lower, "time") || matches!(toks[b - 1].lower.as_str(), "week" | "month" | "year" | "night" | "morning")) {
        b -= 1;
        if b > a + 1 && matches!(toks[b - 1].lower.as_str(), "on" | "this" | "last" | "in") {
            b -= 1;
        }
    }
    while a < b && (matches!(toks[a].lower.as_str(), "and" | "but" | "so" | "then" | "meanwhile" | "however") || lex.word_is(&toks[a].lower, "adverb")) {
        a += 1;
    }
    if a >= b || b - a > 12 {
        return None;
    }
    // "When Clinton noted …", "After campaign aides insisted …", "To his successor …": a
    // subordinate clause or a prepositional phrase, not a speaker.
    let t0 = &toks[a];
    if (lex.word_is(&t0.lower, "preposition") && !matches!(t0.lower.as_str(), "according"))
        || matches!(t0.lower.as_str(), "when" | "after" | "while" | "if" | "because" | "although" | "though" | "since" | "before" | "until" | "unless" | "once" | "as" | "including" | "contrary" | "where" | "whether")
    {
        return None;
    }
    if toks[a..b].iter().any(|t| t.kind == TokKind::Quote || matches!(t.norm.as_str(), "." | "!" | "?" | ";" | ":" | "(" | ")")) {
        return None;
    }
    if toks[a..b].iter().any(|t| lex.word_is(&t.lower, "relative") || lex.word_is(&t.lower, "aux") || lex.word_is(&t.lower, "modal")) {
        return None;
    }
    // Another reporting verb inside: a clause, not a noun phrase ("he said at a conference").
    if toks[a..b].iter().any(|t| !t.is_capitalized() && lex.cues.get(&t.lower).is_some_and(|l| l.iter().any(|c| c.class == "speech")) && (t.lower.ends_with("ed") || t.lower.ends_with('d') && t.lower.len() > 3 || t.lower == "told")) {
        return None;
    }
    let text = doc.text[toks[a].start..toks[b - 1].end].to_string();
    // Appositive "Kulik, the ambassador to Seoul": the name before the comma speaks.
    let inside: Vec<usize> = mentions_in(mentions, a..b).collect();
    let person = inside
        .iter()
        .rev()
        .filter_map(|&m| coref.entity_of(m).map(|_| m))
        .find(|&m| {
            matches!(mentions[m].kind, MentionKind::Name | MentionKind::Pronoun | MentionKind::Description)
                && coref.entity_of(m).is_some_and(|e| e.node_type == NodeType::Person)
        });
    if let Some(m) = person {
        return Some(Speaker { entity: coref.of_mention[m], text });
    }
    // An unknown capitalised name that makes up the whole phrase ("Revesz", "Donna Rawlings"):
    // the speaker is that name, typed Person by the facts stage.
    if let [m] = inside.as_slice() {
        let mm = &mentions[*m];
        if mm.kind == MentionKind::Name && mm.untyped && mm.tokens == (a..b) && coref.entity_of(*m).is_none() {
            return Some(Speaker { entity: coref.of_mention[*m], text });
        }
    }
    let org = inside.iter().rev().copied().find(|&m| {
        mentions[m].kind == MentionKind::Name
            && coref.entity_of(m).is_some_and(|e| matches!(e.node_type, NodeType::Organization | NodeType::Country))
    });
    if let Some(m) = org {
        // Only if the organisation heads the phrase ("the Kremlin", "Moscow"), not a modifier of
        // an unnamed speaker ("a Kremlin source").
        let after = &toks[mentions[m].tokens.end..b];
        if after.iter().all(|t| !t.is_word()) {
            return Some(Speaker { entity: coref.of_mention[m], text });
        }
    }
    // "Officials at Homeland Security Investigations": a speaker noun with a place phrase.
    let mut h = a;
    while h < b && lex.word_is(&toks[h].lower, "determiner") {
        h += 1;
    }
    if h + 1 < b && is_word_class(lex, &toks[h].lower, "speaker") && matches!(toks[h + 1].lower.as_str(), "at" | "of" | "for" | "from" | "with" | "in" | "on") {
        return Some(Speaker { entity: None, text });
    }
    let last = &toks[b - 1];
    let unresolved_pronoun = b - a == 1
        && (lex.word_is(&last.lower, "pronoun-m") || lex.word_is(&last.lower, "pronoun-f") || matches!(last.lower.as_str(), "they" | "we" | "i" | "it"));
    let generic = last.is_word()
        && (is_word_class(lex, &last.lower, "speaker") || lex.titles.get(last.lower.trim_end_matches('s')).is_some_and(|l| l.iter().any(|t| t.head)));
    // A named speaker other than a person ("Xinhua", "the Kremlin") must end the phrase.
    let has_entity = inside.iter().any(|&m| {
        coref.entity_of(m).is_some() && mentions[m].kind == MentionKind::Name && mentions[m].tokens.end == b
    });
    if unresolved_pronoun || generic || (has_entity && b - a <= 6) {
        return Some(Speaker { entity: None, text });
    }
    None
}

/// Like [`strip_content`] but accepts any number of words.
fn strip_content_any(doc: &Document, a: usize, mut b: usize) -> Option<Range<usize>> {
    let toks = &doc.tokens;
    while b > a && matches!(toks[b - 1].norm.as_str(), "," | "." | ";" | ":" | "-") {
        b -= 1;
    }
    (b > a).then_some(a..b)
}

fn strip_content(doc: &Document, mut a: usize, b: usize) -> Option<Range<usize>> {
    let toks = &doc.tokens;
    while a < b && matches!(toks[a].norm.as_str(), "," | ":" | "-" | "that") {
        a += 1;
    }
    let r = strip_content_any(doc, a, b)?;
    (toks[r.clone()].iter().filter(|t| t.is_word()).count() >= 3).then_some(r)
}

struct Ctx<'a> {
    doc: &'a Document,
    mentions: &'a [Mention],
    coref: &'a Coref,
    lex: &'a Lexicon,
}

impl Ctx<'_> {
    /// A statement whose content is split by its attribution: the span covers both parts, the
    /// text leaves the attribution out.
    fn push_split(&self, r: &mut Relations, head: Range<usize>, tail: Range<usize>, cue: Range<usize>, sp: &Speaker, rule: &'static str) {
        let before = r.statements.len();
        self.push(r, head.start..tail.end, cue, false, sp, rule);
        if r.statements.len() > before {
            let toks = &self.doc.tokens;
            let st = r.statements.last_mut().expect("just pushed");
            st.text = format!(
                "{} {}",
                &self.doc.text[toks[head.start].start..toks[head.end - 1].end],
                &self.doc.text[toks[tail.start].start..toks[tail.end - 1].end]
            );
        }
    }

    fn push(&self, r: &mut Relations, content: Range<usize>, cue: Range<usize>, direct: bool, sp: &Speaker, rule: &'static str) {
        let toks = &self.doc.tokens;
        let span = toks[content.start].start..toks[content.end - 1].end;
        // One statement per stretch of text (overlaps can only come from the same paragraph,
        // found a few statements back).
        if r.statements.iter().rev().take(64).any(|s| s.content.start < span.end && span.start < s.content.end) {
            return;
        }
        let sentence = self.doc.sentence_of(cue.start).or(self.doc.sentence_of(content.start)).unwrap_or(0);
        let mut speaker = sp.entity;
        // A pronoun speaker: prefer the previous statement's speaker when compatible and near.
        if let Some(prev) = r.statements.last() {
            let pronoun = sp.text.split_whitespace().count() == 1 && self.lex.words.contains_key(&sp.text.to_lowercase());
            if pronoun {
                if let Some(ps) = prev.speaker {
                    let g = self.coref.entities[ps].gender;
                    let want = if self.lex.word_is(&sp.text.to_lowercase(), "pronoun-f") { Gender::Female } else if self.lex.word_is(&sp.text.to_lowercase(), "pronoun-m") { Gender::Male } else { Gender::Unknown };
                    let near = sentence <= prev.sentence + 4;
                    if near && (g == Gender::Unknown || want == Gender::Unknown || g == want) {
                        speaker = Some(ps);
                    }
                }
            }
        }
        r.statements.push(Statement {
            content: span.clone(),
            text: self.doc.text[span].to_string(),
            cue: self.doc.text[toks[cue.start].start..toks[cue.end - 1].end].to_string(),
            direct,
            speaker,
            source_text: sp.text.clone(),
            sentence,
            rule,
        });
    }
}

/// Finds statements.
pub fn find(doc: &Document, mentions: &[Mention], coref: &Coref, lex: &Lexicon, r: &mut Relations) {
    let cx = Ctx { doc, mentions, coref, lex };
    let mut used_cues: HashSet<usize> = HashSet::new();
    let mut last_para_speaker: Option<(usize, Option<usize>, String)> = None; // (para, entity, text)
    // "Limbaugh added:" closing a paragraph: the next paragraph is what was said.
    let mut announced: Option<(usize, Speaker, Range<usize>)> = None;
    for (pi, para) in doc.paragraphs.iter().enumerate() {
        if !matches!(para.role, ParaRole::Body | ParaRole::Deck) {
            continue;
        }
        let ptoks = doc.para_tokens[pi].clone();
        if ptoks.is_empty() {
            continue;
        }
        let before = r.statements.len();
        let quotes: Vec<QuoteSpan> = doc.quotes.iter().copied().filter(|q| q.para == pi).collect();
        if let Some((_, sp, cue)) = announced.take().filter(|(p, _, _)| *p + 1 == pi || doc.para_tokens[*p + 1..pi].iter().all(|r| r.is_empty())) {
            let (mut a, mut b) = (ptoks.start, ptoks.end);
            let toks = &doc.tokens;
            let quoted = toks[a].kind == TokKind::Quote;
            if quoted {
                a += 1;
                if b > a && toks[b - 1].kind == TokKind::Quote {
                    b -= 1;
                }
            }
            if let Some(content) = strip_content(doc, a, b) {
                cx.push(r, content, cue, quoted, &sp, "QUOTE/NEXT_PARAGRAPH/1");
                last_para_speaker = Some((pi, sp.entity, sp.text.clone()));
                continue;
            }
        }
        if para.role == ParaRole::Body {
            direct_quotes(&cx, &quotes, ptoks.clone(), &mut used_cues, &last_para_speaker, r);
        }
        for s in doc.sentences.iter().filter(|s| s.para == pi) {
            if let Some((sp, cue)) = indirect(&cx, s.tokens.clone(), &quotes, para.role, &mut used_cues, r) {
                if s.tokens.end == ptoks.end {
                    announced = Some((pi, sp, cue));
                }
            }
        }
        if r.statements.len() > before {
            let st = &r.statements[r.statements.len() - 1];
            last_para_speaker = Some((pi, st.speaker, st.source_text.clone()));
        } else {
            last_para_speaker = None;
        }
    }
    r.statements.sort_by_key(|s| s.content.start);
}

fn inside_quote(quotes: &[QuoteSpan], t: usize, para_end: usize) -> bool {
    quotes.iter().any(|q| q.open < t && t < q.close.unwrap_or(para_end))
}

fn direct_quotes(
    cx: &Ctx,
    quotes: &[QuoteSpan],
    ptoks: Range<usize>,
    used: &mut HashSet<usize>,
    last_para: &Option<(usize, Option<usize>, String)>,
    r: &mut Relations,
) {
    let doc = cx.doc;
    let toks = &doc.tokens;
    let mut found: Vec<Option<(Option<usize>, String)>> = vec![None; quotes.len()];
    let mut found_st: Vec<Option<usize>> = vec![None; quotes.len()];
    let mut pending: Vec<(usize, Range<usize>, Range<usize>, &'static str)> = Vec::new();
    for (qi, q) in quotes.iter().enumerate() {
        let close = q.close.unwrap_or(ptoks.end);
        let Some(content) = strip_content(doc, q.open + 1, close) else { continue };
        let sent = doc.sentence_of(q.open).map(|s| doc.sentences[s].tokens.clone()).unwrap_or(ptoks.clone());
        // After the quotation: [,] SPEAKER CUE | CUE SPEAKER
        if q.close.is_some() {
            let mut a = close + 1;
            while a < sent.end && toks[a].norm == "," {
                a += 1;
            }
            let limit = (a + 45).min(sent.end);
            let mut hit = None;
            for x in a..limit {
                if toks[x].kind == TokKind::Quote {
                    break;
                }
                if let Some(ce) = speech_cue_at(doc, x, sent.end, cx.lex) {
                    if x > a {
                        if let Some(sp) = speaker_np(doc, cx.mentions, cx.coref, cx.lex, a..x) {
                            hit = Some((x..ce, sp));
                        }
                    } else {
                        // inverted: CUE SPEAKER
                        let mut e = ce;
                        while e < sent.end && !matches!(toks[e].norm.as_str(), "," | "." | ";" | "!" | "?") && toks[e].kind != TokKind::Quote {
                            e += 1;
                        }
                        if let Some(sp) = speaker_np(doc, cx.mentions, cx.coref, cx.lex, ce..e) {
                            hit = Some((x..ce, sp));
                        }
                    }
                    break;
                }
            }
            if let Some((cue, sp)) = hit {
                used.insert(cue.start);
                found[qi] = Some((sp.entity, sp.text.clone()));
                found_st[qi] = Some(r.statements.len());
                // A quotation that completes a sentence begun outside it ("using the tax ''is a
                // misguided approach,'' said Mr. Burman"): the lead-in is part of the content.
                let lead = q.open > sent.start
                    && toks[sent.start..q.open].iter().filter(|t| t.is_word()).count() >= 2
                    && !toks[sent.start..q.open].iter().any(|t| t.kind == TokKind::Quote || cx.lex.cues.contains_key(&t.lower) && !t.is_capitalized());
                if lead {
                    cx.push(r, sent.start..content.end, cue, true, &sp, "QUOTE/DIRECT_MIXED/1");
                } else {
                    cx.push(r, content, cue, true, &sp, "QUOTE/DIRECT_AFTER/1");
                }
                continue;
            }
        }
        // Before the quotation: SPEAKER CUE [,|:|that] "
        let mut x = q.open;
        let mut gap = 0;
        while x > sent.start && gap < 3 && matches!(toks[x - 1].norm.as_str(), "," | ":" | "that" | "-") {
            x -= 1;
            gap += 1;
        }
        let mut cue_hit = None;
        for c in (sent.start..x).rev().take(3) {
            if let Some(ce) = speech_cue_at(doc, c, x.max(c + 1), cx.lex).or_else(|| speech_cue_at(doc, c, sent.end, cx.lex).filter(|&e| e <= x)) {
                if ce == x {
                    cue_hit = Some(c..ce);
                }
                break;
            }
        }
        // "The businessman says of Clinton, "…"": a short "of/about X" between cue and quotation.
        if cue_hit.is_none() && gap > 0 {
            for c in (sent.start..x).rev().take(7) {
                if let Some(ce) = speech_cue_at(doc, c, x, cx.lex) {
                    let pp = ce < x
                        && matches!(toks[ce].lower.as_str(), "of" | "about" | "on" | "to")
                        && toks[ce + 1..x].iter().all(|t| t.is_word() || t.kind == TokKind::Possessive);
                    if pp {
                        cue_hit = Some(c..ce);
                    }
                    break;
                }
            }
        }
        if let Some(cue) = cue_hit {
            let participle = toks[cue.start].lower.ends_with("ing");
            let mut np_end = cue.start;
            if participle {
                // "…, he said, adding "…"": the speaker of the main cue.
                while np_end > sent.start && toks[np_end - 1].norm == "," {
                    np_end -= 1;
                }
                let main = (sent.start..np_end).rev().find(|&c| speech_cue_at(doc, c, np_end, cx.lex).is_some());
                if let Some(mc) = main {
                    np_end = mc;
                }
            }
            let mut np_start = np_end;
            while np_start > sent.start && !matches!(toks[np_start - 1].norm.as_str(), "," | "." | ";" | ":") && toks[np_start - 1].kind != TokKind::Quote {
                np_start -= 1;
            }
            let sp = speaker_np(doc, cx.mentions, cx.coref, cx.lex, np_start..np_end)
                .or_else(|| if participle { sentence_subject(cx, sent.clone(), cue.start) } else { None });
            if let Some(sp) = sp {
                used.insert(cue.start);
                found[qi] = Some((sp.entity, sp.text.clone()));
                found_st[qi] = Some(r.statements.len());
                cx.push(r, content, cue, true, &sp, "QUOTE/DIRECT_BEFORE/1");
                continue;
            }
        }
        // Only a quotation that starts its sentence may be a statement without a cue of its own.
        if q.open == sent.start || (q.open > sent.start && q.open == sent.start + 1 && !toks[sent.start].is_word()) {
            pending.push((qi, content, q.open..q.open + 1, "QUOTE/DIRECT_SPLIT/1"));
        }
    }
    for (qi, content, cue, rule) in pending {
        let words = toks[content.clone()].iter().filter(|t| t.is_word()).count();
        // A quotation split by its attribution ("A," he said. "B."): B joins A's statement.
        // (Not a quotation left open at the paragraph's end: it goes on elsewhere.)
        let nearest = (0..qi)
            .rev()
            .chain(qi + 1..quotes.len())
            .find(|&j| found_st[j].is_some_and(|i| i < r.statements.len()))
            .filter(|_| quotes[qi].close.is_some());
        if let Some(j) = nearest {
            let i = found_st[j].expect("checked");
            let span = toks[content.start].start..toks[content.end - 1].end;
            let part = &doc.text[span.clone()];
            let st = &mut r.statements[i];
            if st.content.end <= span.start {
                st.text = format!("{} {}", st.text, part);
            } else {
                st.text = format!("{} {}", part, st.text);
            }
            st.content = st.content.start.min(span.start)..st.content.end.max(span.end);
            st.rule = rule;
            continue;
        }
        let sibling = (0..quotes.len()).filter(|&j| j != qi).find_map(|j| found[j].clone());
        let (sp, rule) = match sibling {
            Some(s) => (s, rule),
            None => match last_para {
                Some((p, e, t)) if *p + 1 >= quotes[qi].para && words >= 5 && (e.is_some() || !t.is_empty()) => {
                    ((*e, t.clone()), "QUOTE/DIRECT_CONTINUED/1")
                }
                _ => continue,
            },
        };
        let speaker = Speaker { entity: sp.0, text: sp.1 };
        cx.push(r, content, cue, true, &speaker, rule);
    }
}

/// Indirect speech in one sentence. Returns the speaker and cue of a sentence that ends in
/// "SPEAKER CUE:" (the content follows in the next paragraph).
fn indirect(cx: &Ctx, sent: Range<usize>, quotes: &[QuoteSpan], role: ParaRole, used: &mut HashSet<usize>, r: &mut Relations) -> Option<(Speaker, Range<usize>)> {
    let doc = cx.doc;
    let toks = &doc.tokens;
    let para_end = sent.end;
    let mut x = sent.start;
    while x < sent.end {
        if inside_quote(quotes, x, para_end) || used.contains(&x) {
            x += 1;
            continue;
        }
        // According to X, …  /  …, according to X.
        if toks[x].lower == "according" && toks.get(x + 1).is_some_and(|t| t.lower == "to") && x + 2 < sent.end {
            let at_start = (sent.start..x).all(|k| !toks[k].is_word() || matches!(toks[k].lower.as_str(), "but" | "and" | "however")) ;
            if at_start {
                if let Some(comma) = (x + 2..sent.end).find(|&k| toks[k].norm == ",") {
                    if let Some(sp) = speaker_np(doc, cx.mentions, cx.coref, cx.lex, x + 2..comma).filter(|sp| according_ok(cx, sp, x + 2..comma)) {
                        if let Some(content) = strip_content(doc, comma + 1, sent.end) {
                            if role == ParaRole::Body {
                                cx.push(r, content, x..x + 2, false, &sp, "QUOTE/ACCORDING_TO/1");
                            }
                        }
                    }
                }
            } else if x > sent.start && toks[x - 1].norm == "," {
                let mut e = x + 2;
                while e < sent.end && !matches!(toks[e].norm.as_str(), "," | "." | ";" | "!" | "?") {
                    e += 1;
                }
                if let Some(sp) = speaker_np(doc, cx.mentions, cx.coref, cx.lex, x + 2..e).filter(|sp| according_ok(cx, sp, x + 2..e)) {
                    if let Some(content) = strip_content(doc, sent.start, x - 1) {
                        if role == ParaRole::Body {
                            cx.push(r, content, x..x + 2, false, &sp, "QUOTE/ACCORDING_TO/1");
                        }
                    }
                }
            }
            x += 2;
            continue;
        }
        let Some(ce) = speech_cue_at(doc, x, sent.end, cx.lex) else {
            x += 1;
            continue;
        };
        // A present "-s" form other than "says" may be a noun ("the two Korean states"): it
        // needs a named or pronoun speaker right before it.
        if toks[x].lower.ends_with('s') && toks[x].lower != "says" {
            let named = x > sent.start
                && (cx.mentions.iter().any(|m| m.tokens.end == x && m.kind != MentionKind::Demonym && cx.mentions.iter().position(|n| n == m).is_some_and(|i| cx.coref.entity_of(i).is_some()))
                    || matches!(toks[x - 1].lower.as_str(), "he" | "she" | "it"));
            if !named {
                x += 1;
                continue;
            }
        }
        // "Trump attacked Clinton …, saying the plan would fail": a participle after a comma
        // reports the sentence's subject.
        if toks[x].lower.ends_with("ing") && x > sent.start && toks[x - 1].norm == "," && role == ParaRole::Body {
            if let Some(sp) = sentence_subject(cx, sent.clone(), x) {
                let mut a = ce;
                if toks.get(a).is_some_and(|t| t.lower == "that" || t.norm == ",") {
                    a += 1;
                }
                if toks.get(a).is_some_and(|t| t.kind != TokKind::Quote) {
                    if let Some(content) = strip_content(doc, a, sent.end) {
                        cx.push(r, content, x..ce, false, &sp, "QUOTE/PARTICIPLE/1");
                        used.insert(x);
                    }
                }
            }
            x = ce;
            continue;
        }
        // Where the speaker phrase starts: after one of the last commas, or at the sentence
        // start; a phrase naming a person beats a nearer one that does not ("…, Scott Pruitt,
        // the attorney general of Oklahoma, said").
        let commas: Vec<usize> = (sent.start..x).rev().filter(|&k| toks[k].norm == "," && !inside_quote(quotes, k, para_end)).take(4).collect();
        let mut starts: Vec<usize> = commas.iter().map(|&c| c + 1).collect();
        // after a colon, semicolon or dash ("… on Friday: Republicans said …")
        if let Some(b) = (sent.start..x).rev().find(|&k| matches!(toks[k].norm.as_str(), ":" | ";" | "-") && !toks[k].is_word() && !inside_quote(quotes, k, para_end)) {
            if !starts.contains(&(b + 1)) && commas.first().is_none_or(|&c| b > c) {
                starts.push(b + 1);
                starts.sort_by(|a, b| b.cmp(a));
            }
        }
        // right after a closing quotation mark ("In his book, ''Make Your Kid a Millionaire,''
        // Mr. McKinley suggested")
        if let Some(q) = quotes.iter().filter_map(|q| q.close).filter(|&c| c + 1 < x && c >= sent.start).max() {
            if !starts.contains(&(q + 1)) {
                starts.push(q + 1);
                starts.sort_by(|a, b| b.cmp(a));
            }
        }
        if !inside_quote(quotes, sent.start, para_end) {
            starts.push(sent.start);
        }
        let mut best: Option<(usize, Speaker)> = None;
        for &st in &starts {
            if st >= x || x - st > 45 {
                continue;
            }
            if let Some(sp) = speaker_np(doc, cx.mentions, cx.coref, cx.lex, st..x) {
                // An unknown name (not typed yet) counts as a person here.
                let personlike = |e: Option<usize>| e.is_some_and(|e| cx.coref.entities[e].node_type == NodeType::Person || !cx.coref.entities[e].keep);
                let person = personlike(sp.entity);
                let better = match &best {
                    None => true,
                    Some((_, b)) => person && !personlike(b.entity),
                };
                if better {
                    best = Some((st, sp));
                }
                if person {
                    break;
                }
            }
        }
        // CONTENT, CUE SPEAKER
        if best.is_none() && x > 0 && commas.first() == Some(&(x - 1)) {
            let mut e = ce;
            while e < sent.end && !matches!(toks[e].norm.as_str(), "," | "." | ";" | "!" | "?") {
                e += 1;
            }
            if let Some(sp) = speaker_np(doc, cx.mentions, cx.coref, cx.lex, ce..e) {
                best = Some((x, sp));
            }
        }
        let Some((np_start, sp)) = best else {
            x = ce;
            continue;
        };
        // "He said:" ending the paragraph
        if role == ParaRole::Body && ce + 1 == sent.end && toks[ce].norm == ":" && np_start < x {
            return Some((sp, x..ce));
        }
        // CONTENT, SPEAKER CUE …  (unless what precedes the comma is an adverbial lead: "In a
        // statement, Husted said the …", where the content follows the cue)
        if np_start > sent.start {
            let c = np_start - 1;
            let first = &toks[sent.start];
            let lead_words = toks[sent.start..c].iter().filter(|t| t.is_word()).count();
            let after_words = toks[ce..sent.end].iter().filter(|t| t.is_word()).count();
            let adverbial_lead = (cx.lex.word_is(&first.lower, "preposition")
                || cx.lex.word_is(&first.lower, "conjunction") && first.lower != "and"
                || first.lower.ends_with("ing")
                || matches!(first.lower.as_str(), "as" | "when" | "while"))
                && lead_words <= 12
                && after_words >= 4
                && np_start < x;
            // What follows the cue: an adverbial ("said on Monday in an interview") keeps the
            // content before the comma; a clause ("…, and he urged North Korea to resume talks")
            // is the content itself.
            let mut k = ce;
            while k < sent.end && (cx.lex.word_is(&toks[k].lower, "time") || matches!(toks[k].lower.as_str(), "on" | "last" | "this" | "earlier" | "later")) {
                k += 1;
            }
            let tail_adverbial = k >= sent.end
                || !toks[k].is_word()
                || cx.lex.word_is(&toks[k].lower, "preposition")
                || cx.lex.word_is(&toks[k].lower, "locative")
                || toks[k].lower.ends_with("ing");
            let clause_after = !tail_adverbial && after_words >= 4 && toks[np_start..x].iter().any(|t| t.lower == "and" || t.lower == "but");
            // "A lawyer for the outlets, David Schulz, said no decision was made": the part
            // before the comma is the speaker's own appositive.
            let appositive_subject = !tail_adverbial
                && after_words >= 4
                && lead_words <= 8
                && speaker_np(doc, cx.mentions, cx.coref, cx.lex, sent.start..x).is_some();
            let adverbial_lead = adverbial_lead || clause_after || appositive_subject;
            let starts_quoted = toks[sent.start].kind == TokKind::Quote;
            // "Back when he wrote his book, Mr. McKinley said that …": a "that" after the cue
            // means the content follows it.
            let that_follows = toks.get(ce).is_some_and(|t| t.lower == "that");
            if !adverbial_lead && !that_follows {
                if let Some(content) = strip_content(doc, sent.start, c).filter(|_| !starts_quoted) {
                    // "Acts of protest, Mr. Obama said, are acts of patriotism": the content goes
                    // on after the parenthetical cue.
                    let mut after = ce;
                    while after < sent.end && (cx.lex.word_is(&toks[after].lower, "time") || matches!(toks[after].lower.as_str(), "on" | "in" | "last" | "this" | "earlier" | "later")) {
                        after += 1;
                    }
                    let resumes = toks.get(after).is_some_and(|t| t.norm == ",")
                        && toks[after + 1..sent.end].iter().filter(|t| t.is_word()).count() >= 2
                        && !toks[after + 1..sent.end].iter().any(|t| t.kind == TokKind::Quote);
                    if resumes {
                        if let Some(tail) = strip_content_any(doc, after + 1, sent.end) {
                            cx.push_split(r, content, tail, x..ce, &sp, "QUOTE/INDIRECT_PARENTHETICAL/1");
                            used.insert(x);
                            x = ce;
                            continue;
                        }
                    }
                    cx.push(r, content, x..ce, false, &sp, "QUOTE/INDIRECT_AFTER/1");
                    used.insert(x);
                    x = ce;
                    continue;
                }
            }
        }
        // SPEAKER CUE [ADDRESSEE] [that] CONTENT
        if role == ParaRole::Body && np_start < x {
            let mut a = ce;
            let that = (ce..(ce + 8).min(sent.end)).find(|&k| toks[k].lower == "that");
            let blocked = that.is_some_and(|t| toks[ce..t].iter().any(|k| k.norm == "," || k.kind == TokKind::Quote));
            if let (Some(t), false) = (that, blocked) {
                a = t + 1;
            } else if toks.get(ce).is_some_and(|t| t.norm == "," || t.norm == ":") {
                a = ce + 1;
            }
            let quoted = toks.get(a).is_some_and(|t| t.kind == TokKind::Quote);
            let with_that = a > ce && toks[a - 1].lower == "that";
            if !quoted && (with_that || looks_like_clause(cx.lex, &toks[a..sent.end])) {
                if let Some(content) = strip_content(doc, a, sent.end) {
                    cx.push(r, content, x..ce, false, &sp, "QUOTE/INDIRECT_BEFORE/1");
                    used.insert(x);
                }
            }
        }
        x = ce;
    }
    None
}

/// Does the text after a cue read as a reported clause ("the talks failed", "he would win")
/// rather than an object ("about his mic", "to requests for comment")? Two words at least, not
/// starting with a preposition, "to" or a gerund.
fn looks_like_clause(lex: &Lexicon, toks: &[crate::text::Token]) -> bool {
    let Some(first) = toks.iter().find(|t| t.is_word()) else { return false };
    if lex.word_is(&first.lower, "preposition") || first.lower == "to" || (first.lower.ends_with("ing") && first.lower.len() > 4) {
        return false;
    }
    toks.iter().filter(|t| t.is_word()).nth(1).is_some()
}

/// The subject of a sentence, for a participle cue ("…, saying …"): a person, organisation or
/// country named in its first words, or an unnamed speaker ("A New York judge").
fn sentence_subject(cx: &Ctx, sent: Range<usize>, before: usize) -> Option<Speaker> {
    let toks = &cx.doc.tokens;
    let lead = sent.start..before.min(sent.start + 8);
    for m in mentions_in(cx.mentions, lead.clone()) {
        let mm = &cx.mentions[m];
        let ok = matches!(mm.kind, MentionKind::Name | MentionKind::Pronoun | MentionKind::Description)
            && cx.coref.entity_of(m).is_some_and(|e| matches!(e.node_type, NodeType::Person | NodeType::Organization | NodeType::Country));
        if ok {
            // the subject comes before any verb-like word: only determiners/titles/names before it
            let before_ok = toks[sent.start..mm.tokens.start].iter().all(|t| !t.is_word() || t.is_capitalized() || cx.lex.word_is(&t.lower, "determiner"));
            if before_ok {
                return Some(Speaker { entity: cx.coref.of_mention[m], text: mm.text.clone() });
            }
            return None;
        }
    }
    // "A New York judge has rejected …"
    let mut k = lead.start;
    while k < lead.end && (cx.lex.word_is(&toks[k].lower, "determiner") || toks[k].is_capitalized()) {
        k += 1;
    }
    if k < lead.end && is_word_class(cx.lex, &toks[k].lower, "speaker") {
        let text = cx.doc.text[toks[lead.start].start..toks[k].end].to_string();
        return Some(Speaker { entity: None, text });
    }
    None
}

/// "According to the road map" is no speaker: the phrase must name or describe someone.
fn according_ok(cx: &Ctx, sp: &Speaker, range: Range<usize>) -> bool {
    if sp.entity.is_some() {
        return true;
    }
    let toks = &cx.doc.tokens;
    let last = &toks[range.end.saturating_sub(1).max(range.start)];
    is_word_class(cx.lex, &last.lower, "speaker") || cx.lex.word_is(&last.lower, "pronoun-m") || cx.lex.word_is(&last.lower, "pronoun-f")
}

/// `quote` edges (speaker → statement) and `mention` edges (statement → entities it names).
pub fn mention_edges(doc: &Document, mentions: &[Mention], coref: &Coref, r: &mut Relations) {
    for (si, st) in r.statements.iter().enumerate() {
        if let Some(e) = st.speaker.filter(|&e| !coref.entities[e].mentions.is_empty()) {
            r.facts.push(Fact {
                source: End::Entity(e),
                target: End::Statement(si),
                relation: "said".into(),
                kind: EdgeKind::Quote,
                rule: st.rule.to_string(),
                sentence: st.sentence,
                surface: st.cue.clone(),
                negated: false,
                modality: None,
                according_to: None,
            });
        }
        let mut seen = HashSet::new();
        let first = mentions.partition_point(|m| m.span.start < st.content.start);
        for (mi, m) in mentions.iter().enumerate().skip(first) {
            if m.span.start >= st.content.end {
                break;
            }
            if m.span.end > st.content.end || m.kind != MentionKind::Name {
                continue;
            }
            let Some(e) = coref.of_mention[mi].filter(|&e| coref.entities[e].keep) else { continue };
            if coref.entities[e].node_type == NodeType::Concept || !seen.insert(e) {
                continue;
            }
            r.facts.push(Fact {
                source: End::Statement(si),
                target: End::Entity(e),
                relation: "mentions".into(),
                kind: EdgeKind::Mention,
                rule: "QUOTE/MENTIONS/1".into(),
                sentence: doc.sentence_of(m.tokens.start).unwrap_or(st.sentence),
                surface: m.text.clone(),
                negated: false,
                modality: None,
                according_to: None,
            });
        }
    }
}
