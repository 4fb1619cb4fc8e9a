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
//! (resolved by coreference; "they" only ever to an organisation: the previous statement's, else
//! the one named last in the sentence or the one before), or an unnamed source ("a senior official") headed by a `speaker`
//! word or a title. Titles (headlines) never yield statements; decks only by the
//! `CONTENT, SPEAKER CUE` pattern. Quotation marks inside a sentence that the quotation does not
//! start ("the "action for action" logic") are not statements of their own.
//!
//! One file per rule family: `direct` (quotations), `indirect` (reported speech, "according
//! to", participles), `speaker` (reading the speaker noun phrase), `edges` (quote and mention
//! edges).

mod clauses;
mod direct;
mod edges;
mod indirect;
mod speaker;

pub use edges::mention_edges;

use super::{Relations, Statement};
use crate::coref::Coref;
use crate::lexicon::{Gender, Lexicon};
use crate::mentions::{Mention, MentionKind};
use crate::model::NodeType;
use super::tree::Tree;
use crate::text::{Document, ParaRole, QuoteSpan, TokKind};
use direct::direct_quotes;
use indirect::indirect;
use std::collections::HashSet;
use std::ops::Range;


/// A cue at token `t`: (end token, class).
pub(super) fn cue_at<'a>(doc: &Document, t: usize, end: usize, lex: &'a Lexicon) -> Option<(usize, &'a str)> {
    let list = lex.cues.get(&doc.tokens[t].lower)?;
    list.iter()
        .find(|c| t + c.tokens.len() <= end && c.tokens.iter().enumerate().all(|(k, w)| doc.tokens[t + k].lower == *w))
        .map(|c| (t + c.tokens.len(), c.class.as_str()))
}

pub(super) fn speech_cue_at(doc: &Document, t: usize, end: usize, lex: &Lexicon) -> Option<usize> {
    match cue_at(doc, t, end, lex) {
        Some((e, "speech" | "denial" | "finding")) => Some(e),
        _ => None,
    }
}


/// A speaker noun phrase: the entity (if resolved), the words as written, and the mention that
/// named the entity.
#[derive(Clone)]
pub(super) struct Speaker {
    pub(super) entity: Option<usize>,
    pub(super) text: String,
    pub(super) mention: Option<usize>,
    /// A document speaking in its own voice ("the report said"): its label ("report").
    pub(super) voice: Option<String>,
}

impl Speaker {
    /// A speaker with no entity ("a senior official").
    pub(super) fn unnamed(text: String) -> Speaker {
        Speaker { entity: None, text, mention: None, voice: None }
    }

    /// A speaker that is an entity of the document, named by mention `mention` if known.
    pub(super) fn entity(entity: Option<usize>, text: String, mention: Option<usize>) -> Speaker {
        Speaker { entity, text, mention, voice: None }
    }
}

/// Where a speaker phrase that starts at `a` ends ("said Rep. Jim Clyburn (D-S.C.), the …"):
/// at the first `, . ; ! ?` or quotation mark outside parentheses, or at `end`.
pub(super) fn phrase_end(doc: &Document, a: usize, end: usize) -> usize {
    let toks = &doc.tokens;
    let mut depth = 0usize;
    let mut e = a;
    while e < end {
        let t = &toks[e];
        match t.norm.as_str() {
            "(" if (e + 1..end).any(|k| toks[k].norm == ")") => depth += 1,
            ")" => depth = depth.saturating_sub(1),
            "," | "." | ";" | "!" | "?" if depth == 0 => break,
            _ if t.kind == TokKind::Quote && depth == 0 => break,
            _ => {}
        }
        e += 1;
    }
    e
}

/// Like [`strip_content`] but accepts any number of words.
pub(super) fn strip_content_any(doc: &Document, a: usize, mut b: usize) -> Option<Range<usize>> {
    let toks = &doc.tokens;
    while b > a && matches!(toks[b - 1].norm.as_str(), "," | "." | ";" | ":" | "-") {
        b -= 1;
    }
    (b > a).then_some(a..b)
}

pub(super) fn strip_content(doc: &Document, mut a: usize, b: usize) -> Option<Range<usize>> {
    let toks = &doc.tokens;
    while a < b && matches!(toks[a].norm.as_str(), "," | ":" | "-" | "that") {
        a += 1;
    }
    let r = strip_content_any(doc, a, b)?;
    (toks[r.clone()].iter().filter(|t| t.is_word()).count() >= 3).then_some(r)
}

pub(super) struct Ctx<'a> {
    pub(super) doc: &'a Document,
    pub(super) mentions: &'a [Mention],
    pub(super) coref: &'a Coref,
    pub(super) lex: &'a Lexicon,
    pub(super) tree: &'a Tree<'a>,
}

impl Ctx<'_> {
    /// A statement whose content is split by its attribution: the span covers both parts, the
    /// text leaves the attribution out.
    pub(super) fn push_split(&self, r: &mut Relations, head: Range<usize>, tail: Range<usize>, cue: Range<usize>, sp: &Speaker, rule: &'static str) {
        let before = r.statements.len();
        self.push_exact(r, head.start..tail.end, cue, false, sp, rule);
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

    /// A pronoun speaker ("he said") continues the previous statement's speaker when they agree
    /// (gender; "it"/"they" only for a speaker that is no person) and it is near — unless
    /// coreference resolved the pronoun to a person named after that statement ("Kidd said …
    /// Scott bristles … "…," he said" is Scott's).
    fn pronoun_speaker(&self, r: &Relations, sp: &Speaker, sentence: usize) -> Option<Option<usize>> {
        let prev = r.statements.last()?;
        let ps = prev.speaker?;
        let lower = sp.text.to_lowercase();
        if sp.text.split_whitespace().count() != 1 || !self.lex.words.contains_key(&lower) {
            return None;
        }
        let pe = &self.coref.entities[ps];
        let agrees = if self.lex.word_is(&lower, "pronoun-f") {
            pe.node_type == NodeType::Person && pe.gender != Gender::Male
        } else if self.lex.word_is(&lower, "pronoun-m") {
            pe.node_type == NodeType::Person && pe.gender != Gender::Female
        } else {
            matches!(lower.as_str(), "it" | "they") && pe.node_type != NodeType::Person
        };
        // A speaker of unknown gender continues only right after its statement.
        let reach = if pe.node_type == NodeType::Person && pe.gender == Gender::Unknown && lower != "it" && lower != "they" { 1 } else { 4 };
        if !agrees || sentence > prev.sentence + reach {
            return None;
        }
        if let (Some(x), Some(pm)) = (sp.entity, sp.mention) {
            let prev_end = self.doc.sentences.get(prev.sentence).map(|s| self.doc.token_span(s.tokens.start, s.tokens.end).end).unwrap_or(0).max(prev.content.end);
            let named_since = self.coref.entities[x].mentions.iter().any(|&j| {
                let m = &self.mentions[j];
                j < pm && m.kind != MentionKind::Pronoun && m.span.start >= prev_end && !self.in_quote(m.tokens.start)
            });
            if x != ps && named_since {
                return None;
            }
        }
        Some(Some(ps))
    }

    /// "They said" with no statement to continue is the organisation named last
    /// before the cue, in its sentence or the one before ("The union met Barack Obama. "…,"
    /// they said." is the union's) — never a person: "they" is no one person.
    fn they_speaker(&self, sp: &Speaker, sentence: usize, cue: usize) -> Option<usize> {
        if sp.entity.is_some() || !sp.text.eq_ignore_ascii_case("they") {
            return None;
        }
        let upto = self.mentions.partition_point(|m| m.tokens.start < cue);
        self.mentions[..upto]
            .iter()
            .enumerate()
            .rev()
            .take_while(|(_, m)| self.doc.sentence_of(m.tokens.start).is_some_and(|s| s + 1 >= sentence))
            .filter(|(_, m)| m.kind == MentionKind::Name && !self.in_quote(m.tokens.start))
            .find(|(j, _)| self.coref.entity_of(*j).is_some_and(|x| x.node_type == NodeType::Organization))
            .and_then(|(j, _)| self.coref.of_mention[j])
    }

    fn in_quote(&self, t: usize) -> bool {
        self.doc.quote_at(t).is_some()
    }

    /// Keeps a statement (see [`Ctx::push_exact`]); reported (not quoted) content ends where
    /// the tree says its own words end ([`clauses::own_end`]).
    pub(super) fn push(&self, r: &mut Relations, content: Range<usize>, cue: Range<usize>, direct: bool, sp: &Speaker, rule: &'static str) {
        let content = if direct { content } else { content.start..clauses::own_end(self, content.start, content.end) };
        // Reported content is a clause: "In a Wall Street Journal essay last week, Ivanka Trump
        // acknowledged …" does not report the opening phrase.
        if !direct && !clauses::has_verb(self, content.clone()) {
            return;
        }
        self.push_exact(r, content, cue, direct, sp, rule);
    }

    /// Keeps a statement with this content, unless it clashes with one kept before.
    pub(super) fn push_exact(&self, r: &mut Relations, content: Range<usize>, cue: Range<usize>, direct: bool, sp: &Speaker, rule: &'static str) {
        let toks = &self.doc.tokens;
        let span = toks[content.start].start..toks[content.end - 1].end;
        let cue_span = toks[cue.start].start..toks[cue.end - 1].end;
        // One statement per stretch of text, but for speech reported inside speech ("Clinton had
        // told police that she …, the source added"): a content strictly inside another whose
        // cue lies inside that other's content (overlaps can only come from the same paragraph,
        // found a few statements back).
        // (Not the same speaker again: "Kulik said …, adding that …" is one statement.)
        let same = |s: &Statement| match (s.speaker, sp.entity) {
            (Some(a), Some(b)) => a == b,
            _ => s.source_text.eq_ignore_ascii_case(&sp.text),
        };
        let clash = |s: &Statement| {
            let overlap = s.content.start < span.end && span.start < s.content.end;
            let inner = s.content.start < span.start && span.end <= s.content.end && s.content.contains(&cue_span.start);
            let outer = span.start < s.content.start && s.content.end <= span.end && span.contains(&s.cue_span.start);
            overlap && (!(inner || outer) || same(s))
        };
        if r.statements.iter().rev().take(64).any(clash) {
            return;
        }
        // "The report found …" is a statement; "police found …" is not.
        if sp.voice.is_none() && cue_at(self.doc, cue.start, cue.end, self.lex).is_some_and(|c| c.1 == "finding") {
            return;
        }
        let sentence = self.doc.sentence_of(cue.start).or(self.doc.sentence_of(content.start)).unwrap_or(0);
        let speaker = self.pronoun_speaker(r, sp, sentence).unwrap_or(sp.entity).or_else(|| self.they_speaker(sp, sentence, cue.start));
        // "It said" right after "the report said": the same report.
        let voice = sp.voice.clone().or_else(|| {
            let prev = r.statements.last()?;
            (sp.entity.is_none() && sp.text.eq_ignore_ascii_case("it") && prev.speaker.is_none() && sentence <= prev.sentence + 2).then(|| prev.voice.clone())?
        });
        r.statements.push(Statement {
            content: span.clone(),
            text: self.doc.text[span].to_string(),
            cue: self.doc.text[cue_span.clone()].to_string(),
            cue_span,
            direct,
            speaker,
            source_text: sp.text.clone(),
            voice: if speaker.is_none() { voice } else { None },
            sentence,
            rule,
            path: String::new(),
        });
    }
}

/// Finds statements.
pub(crate) fn find(tree: &Tree, r: &mut Relations) {
    let (doc, mentions, coref, lex) = (tree.doc, tree.mentions, tree.coref, tree.lex);
    let cx = Ctx { doc, mentions, coref, lex, tree };
    let mut used_cues: HashSet<usize> = HashSet::new();
    let mut last_para_speaker: Option<(usize, Speaker)> = None; // (para, speaker)
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
        let quotes: Vec<QuoteSpan> = doc.para_quotes(pi).to_vec();
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
                last_para_speaker = Some((pi, Speaker { mention: None, ..sp.clone() }));
                continue;
            }
        }
        if para.role == ParaRole::Body {
            direct_quotes(&cx, &quotes, ptoks.clone(), &mut used_cues, &last_para_speaker, r);
        }
        let first = doc.sentences.partition_point(|s| s.para < pi);
        for (si, s) in doc.para_sentences(pi).iter().enumerate().map(|(k, s)| (first + k, s)) {
            if para.role == ParaRole::Body {
                clauses::reported(&cx, si, s.tokens.clone(), &quotes, &mut used_cues, r);
            }
            if let Some((sp, cue)) = indirect(&cx, s.tokens.clone(), &quotes, para.role, &mut used_cues, r) {
                if s.tokens.end == ptoks.end {
                    announced = Some((pi, sp, cue));
                }
            }
        }
        // A quotation continued in the next paragraph is that of the paragraph's last statement,
        // if that is a quotation: the continuation belongs to its speaker.
        last_para_speaker = r.statements[before..]
            .iter()
            .max_by_key(|st| st.content.start)
            .map(|st| (pi, Speaker { entity: st.speaker, text: st.source_text.clone(), mention: None, voice: st.voice.clone() }));
    }
    r.statements.sort_by_key(|s| s.content.start);
}

pub(super) fn inside_quote(quotes: &[QuoteSpan], t: usize, para_end: usize) -> bool {
    // Sorted and disjoint: only the last quotation opened before `t` can hold it.
    let k = quotes.partition_point(|q| q.open < t);
    k > 0 && t < quotes[k - 1].close.unwrap_or(para_end)
}
