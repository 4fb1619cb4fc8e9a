//! Direct quotations: `QUOTE/DIRECT_AFTER/1`, `QUOTE/DIRECT_BEFORE/1`, `QUOTE/DIRECT_MIXED/1`,
//! `QUOTE/DIRECT_SPLIT/1`, `QUOTE/DIRECT_CONTINUED/1`.

use super::speaker::{sentence_subject, speaker_np};
use super::{phrase_end, speech_cue_at, strip_content, Ctx, Speaker};
use crate::relations::Relations;
use crate::text::{QuoteSpan, TokKind};
use std::collections::HashSet;
use std::ops::Range;

pub(super) fn direct_quotes(
    cx: &Ctx,
    quotes: &[QuoteSpan],
    ptoks: Range<usize>,
    used: &mut HashSet<usize>,
    last_para: &Option<(usize, Speaker)>,
    r: &mut Relations,
) {
    let doc = cx.doc;
    let toks = &doc.tokens;
    let mut found: Vec<Option<Speaker>> = vec![None; quotes.len()];
    let mut found_st: Vec<Option<usize>> = vec![None; quotes.len()];
    let mut pending: Vec<(usize, Range<usize>, Range<usize>, &'static str)> = Vec::new();
    for (qi, q) in quotes.iter().enumerate() {
        let close = q.close.unwrap_or(ptoks.end);
        let Some(content) = strip_content(doc, q.open + 1, close) else { continue };
        let sent = doc.sentence_of(q.open).map(|s| doc.sentences[s].tokens.clone()).unwrap_or(ptoks.clone());
        // A short quotation inside an opening prepositional phrase is a title in the setting
        // ("In an interview on CBS's "Face the Nation," Ryan said …"), not what was said.
        let opening = q.open > sent.start
            && cx.lex.word_is(&toks[sent.start].lower, "preposition")
            && !toks[sent.start..q.open].iter().any(|t| matches!(t.norm.as_str(), "," | ":"))
            && toks[content.clone()].iter().filter(|t| t.is_word()).count() <= 8;
        if opening {
            continue;
        }
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
                        let e = phrase_end(doc, ce, sent.end);
                        if let Some(sp) = speaker_np(doc, cx.mentions, cx.coref, cx.lex, ce..e) {
                            hit = Some((x..ce, sp));
                        }
                    }
                    break;
                }
            }
            if let Some((cue, sp)) = hit {
                used.insert(cue.start);
                found[qi] = Some(Speaker { mention: None, ..sp.clone() });
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
                found[qi] = Some(Speaker { mention: None, ..sp.clone() });
                found_st[qi] = Some(r.statements.len());
                cx.push(r, content, cue, true, &sp, "QUOTE/DIRECT_BEFORE/1");
                continue;
            }
        }
        // Only a quotation that is its sentence may be a statement without a cue of its own
        // ("“You squeezed employees” to drive up …, she said" goes on unquoted: the reported
        // speech rules read it); or one that goes on a quotation of its sentence that has a
        // statement ("“Every time you say that,” Tester said, referring to …, “you give …”").
        let starts = q.open == sent.start || (q.open > sent.start && q.open == sent.start + 1 && !toks[sent.start].is_word());
        let goes_on_unquoted = q.close.is_some_and(|c| {
            let end = doc.sentence_of(c).map_or(sent.end, |s| doc.sentences[s].tokens.end);
            toks[c + 1..end].iter().any(|t| t.is_word())
        });
        let continues = q.open > sent.start && (0..qi).rev().take_while(|&j| sent.contains(&quotes[j].open)).any(|j| found_st[j].is_some());
        if (starts && !goes_on_unquoted) || continues {
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
        let (speaker, rule) = match sibling {
            Some(s) => (s, rule),
            None => match last_para {
                Some((p, s)) if *p + 1 >= quotes[qi].para && words >= 5 && (s.entity.is_some() || !s.text.is_empty()) => {
                    (s.clone(), "QUOTE/DIRECT_CONTINUED/1")
                }
                _ => continue,
            },
        };
        cx.push(r, content, cue, true, &speaker, rule);
    }
}
