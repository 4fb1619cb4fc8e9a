//! Reported speech: `QUOTE/INDIRECT_AFTER/1`, `QUOTE/INDIRECT_PARENTHETICAL/1`,
//! `QUOTE/INDIRECT_BEFORE/1`, `QUOTE/PARTICIPLE/1`, `QUOTE/ACCORDING_TO/1`, and the
//! "SPEAKER CUE:" lead-in of `QUOTE/NEXT_PARAGRAPH/1`.

use super::speaker::{according_ok, sentence_subject, speaker_np};
use super::{inside_quote, phrase_end, speech_cue_at, strip_content, strip_content_any, Ctx, Speaker};
use crate::mentions::MentionKind;
use crate::model::NodeType;
use crate::relations::Relations;
use crate::text::{ParaRole, QuoteSpan, TokKind};
use crate::lexicon::Lexicon;
use std::collections::HashSet;
use std::ops::Range;

/// Indirect speech in one sentence. Returns the speaker and cue of a sentence that ends in
/// "SPEAKER CUE:" (the content follows in the next paragraph).
pub(super) fn indirect(cx: &Ctx, sent: Range<usize>, quotes: &[QuoteSpan], role: ParaRole, used: &mut HashSet<usize>, r: &mut Relations) -> Option<(Speaker, Range<usize>)> {
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
                let e = phrase_end(doc, x + 2, sent.end);
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
        let before_x = quotes.partition_point(|q| q.open < x);
        if let Some(q) = quotes[..before_x].iter().rev().filter_map(|q| q.close).find(|&c| c + 1 < x).filter(|&c| c >= sent.start) {
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
            let e = phrase_end(doc, ce, sent.end);
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
            if !quoted && (with_that || looks_like_clause(cx.lex, &toks[a..sent.end]) && super::clauses::finite_clause(cx, a..sent.end)) && !passive_cue(cx.lex, toks, sent.start, x) {
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

/// Is cue word `x` a passive participle ("a document was found wet on a street", "he was
/// told the plan had failed", "were not asked")? Its subject is then what was found or who was
/// told, never the speaker. A form of "be" right before it (adverbs and negations between
/// allowed); "was saying" is active.
pub(super) fn passive_cue(lex: &Lexicon, toks: &[crate::text::Token], start: usize, x: usize) -> bool {
    if toks[x].lower.ends_with("ing") {
        return false;
    }
    let mut k = x;
    for _ in 0..3 {
        if k <= start {
            return false;
        }
        k -= 1;
        let w = toks[k].lower.as_str();
        if matches!(w, "be" | "is" | "are" | "was" | "were" | "been" | "being" | "am" | "isn't" | "aren't" | "wasn't" | "weren't" | "get" | "gets" | "got" | "gotten" | "getting") {
            return true;
        }
        if !(lex.word_is(w, "adverb") || lex.word_is(w, "negation")) {
            return false;
        }
    }
    false
}

/// Does the text after a cue read as a reported clause ("the talks failed", "he would win")
/// rather than an object ("about his mic", "to requests for comment")? Two words at least, not
/// starting with a preposition, "to" or a gerund.
pub(super) fn looks_like_clause(lex: &Lexicon, toks: &[crate::text::Token]) -> bool {
    let Some(first) = toks.iter().find(|t| t.is_word()) else { return false };
    if lex.word_is(&first.lower, "preposition") || first.lower == "to" || (first.lower.ends_with("ing") && first.lower.len() > 4) {
        return false;
    }
    toks.iter().filter(|t| t.is_word()).nth(1).is_some()
}

