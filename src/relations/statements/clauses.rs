//! Reported speech read from the dependency parse, before the word patterns of [`super::indirect`]:
//!
//! * `QUOTE/CUE_CLAUSE/1` — `SPEAKER CUE [that] CLAUSE`: the clause complement (`ccomp`) of a
//!   speech verb is the content, the verb's subject (`nsubj`) the speaker ("Lavrov said on
//!   Monday that Russia supports …"; "Clinton, who …, said she …"); a relative pronoun speaks
//!   for the noun its clause modifies ("Scott, who said he …"); a coordinated verb without a
//!   subject shares its head's ("… and said she has …");
//! * `QUOTE/CUE_PARENTHETICAL/1` — `CLAUSE, SPEAKER CUE` and `CLAUSE, SPEAKER CUE, CLAUSE`: a
//!   speech verb hung on the clause it reports (`parataxis`), or a clause hung on the verb
//!   before it: that clause, without the attribution, is the content.
//!
//! Only what the tree says is taken: the content is the complement's subtree, so a clause
//! coordinated with the cue ("…, but noted that …") or an adverbial before it ("In a statement,
//! Husted said …") stays out. The speaker phrase is the subject's subtree without its relative
//! and participle clauses, read by the same speaker rules as the word patterns.

use super::speaker::speaker_np;
use super::{inside_quote, speech_cue_at, strip_content, strip_content_any, Ctx};
use crate::relations::tree::{base, kid, Step};
use crate::relations::Relations;
use crate::syntax::SentenceParse;
use crate::text::{QuoteSpan, TokKind};
use std::collections::HashSet;
use std::ops::Range;

/// Document tokens of units `a..b`.
fn tokens(sp: &SentenceParse, units: Range<usize>) -> Range<usize> {
    if units.is_empty() {
        return 0..0;
    }
    sp.tokens[units.start].token..sp.tokens[units.end - 1].token + 1
}

/// The speaker phrase headed by unit `n`: its subtree up to its first relative, participle or
/// adverbial clause ("Clinton, who …, said" → "Clinton").
fn phrase(sp: &SentenceParse, n: usize) -> Range<usize> {
    let r = sp.subtree(n);
    let cut = sp.children(n).iter().copied().filter(|&c| c > n && matches!(base(sp.tokens[c].deprel), "acl" | "parataxis" | "advcl" | "conj" | "dep")).map(|c| sp.subtree(c).start).min();
    r.start..cut.unwrap_or(r.end)
}

/// Has cue verb `c` no clause complement of its own (so a "that" conjunct is no second one)?
fn complement_free(sp: &SentenceParse, c: usize) -> bool {
    kid(sp, c, "ccomp").is_none()
}

/// The subject of cue verb `c`, as a unit range, and the arcs to it.
fn subject(sp: &SentenceParse, c: usize, steps: &mut Vec<Step>) -> Option<Range<usize>> {
    let mut v = c;
    for _ in 0..3 {
        // A passive subject without a passive auxiliary ("But Fowler said …" misread) is the
        // subject of the active verb.
        let active = kid(sp, v, "aux:pass").is_none();
        if let Some(n) = kid(sp, v, "nsubj").filter(|&n| sp.tokens[n].deprel == "nsubj" || (active && sp.tokens[n].deprel == "nsubj:pass")) {
            steps.push(Step { head: v, dep: n });
            let u = &sp.tokens[n];
            if u.feats.contains("PronType=Rel") {
                // "Scott, who said …": the noun the relative clause modifies.
                let clause_head = (sp.tokens[v].deprel == "acl:relcl").then_some(sp.tokens[v].head).flatten()?;
                steps.push(Step { head: clause_head, dep: v });
                let r = phrase(sp, clause_head);
                return Some(r.start..r.end.min(sp.subtree(v).start));
            }
            if u.upos == "PRON" && matches!(u.form.to_lowercase().as_str(), "it" | "this" | "that") && kid(sp, v, "expl").is_some() {
                return None;
            }
            return Some(phrase(sp, n));
        }
        let u = &sp.tokens[v];
        match (u.deprel, u.head) {
            ("conj", Some(h)) if sp.tokens[h].upos == "VERB" => {
                steps.push(Step { head: h, dep: v });
                v = h;
            }
            _ => return None,
        }
    }
    None
}

/// Reported speech in sentence `si` (document tokens `sent`), read from its parse.
pub(super) fn reported(cx: &Ctx, si: usize, sent: Range<usize>, quotes: &[QuoteSpan], used: &mut HashSet<usize>, r: &mut Relations) {
    let Some(sp) = cx.tree.sentence(si) else { return };
    let doc = cx.doc;
    let toks = &doc.tokens;
    let mut found = Vec::new();
    for c in 0..sp.tokens.len() {
        let tok = sp.tokens[c].token;
        if sp.tokens[c].upos != "VERB" || used.contains(&tok) || inside_quote(quotes, tok, sent.end) {
            continue;
        }
        let Some(ce) = speech_cue_at(doc, tok, sent.end, cx.lex) else { continue };
        if kid(sp, c, "aux:pass").is_some() {
            continue; // "it was said", "he was told"
        }
        let mut steps = Vec::new();
        // The content: the verb's clause complement, or the clause the verb is hung on.
        // (All the complements right of the verb: the parser sometimes splits one clause in two;
        // "…, he said, and …" is no complement; "said that A and that B" is one.)
        let complements: Vec<usize> = sp
            .children(c)
            .iter()
            .copied()
            .filter(|&k| k > c && sp.subtree(k).start > c)
            .filter(|&k| {
                let d = sp.tokens[k].deprel;
                let first = sp.subtree(k).start;
                (d == "ccomp" && sp.tokens[first].upos != "CCONJ") || (d == "conj" && kid(sp, k, "mark").is_some_and(|m| sp.tokens[m].form.eq_ignore_ascii_case("that")) && !complement_free(sp, c))
            })
            .collect();
        // A complement without a subject of its own is a misparse of a clause split by the
        // attribution ("Acts of protest, Obama said, are not enough"): the word patterns read it.
        let subjectless = complements.first().is_some_and(|&k| !["nsubj", "csubj", "expl"].iter().any(|r| kid(sp, k, r).is_some()));
        let complements = if subjectless { Vec::new() } else { complements };
        let (head, tail, rule): (Range<usize>, Option<Range<usize>>, &'static str) = if let (Some(&k), Some(&l)) = (complements.first(), complements.last()) {
            for &x in &complements {
                steps.push(Step { head: c, dep: x });
            }
            (tokens(sp, sp.subtree(k).start..sp.subtree(l).end), None, "QUOTE/CUE_CLAUSE/1")
        } else if let (Some(h), "parataxis") = (sp.tokens[c].head, sp.tokens[c].deprel) {
            if h > c || !matches!(sp.tokens[h].upos, "VERB" | "AUX" | "ADJ" | "NOUN" | "PROPN") {
                continue;
            }
            steps.push(Step { head: h, dep: c });
            let (all, own) = (sp.subtree(h), sp.subtree(c));
            // "…, Kulik said, adding that …": what the participle adds goes on the content.
            let adding = sp.children(c).iter().copied().find(|&p| p > c && sp.tokens[p].deprel == "advcl" && sp.tokens[p].xpos == "VBG" && speech_cue_at(doc, sp.tokens[p].token, sent.end, cx.lex).is_some());
            let added = adding.and_then(|p| kid(sp, p, "ccomp").map(|k| (p, k)));
            let tail = match added {
                Some((p, k)) => {
                    used.insert(sp.tokens[p].token);
                    steps.push(Step { head: c, dep: p });
                    // without its "that"
                    let mut t = sp.subtree(k);
                    while t.start < k && sp.tokens[t.start].deprel == "mark" {
                        t.start += 1;
                    }
                    Some(tokens(sp, t))
                }
                None => (own.end < all.end).then(|| tokens(sp, own.end..all.end)),
            };
            (tokens(sp, all.start..own.start), tail, "QUOTE/CUE_PARENTHETICAL/1")
        } else if let Some(k) = sp.children(c).iter().copied().find(|&k| k < c && sp.tokens[k].deprel == "parataxis" && sp.tokens[c].head.is_none()) {
            steps.push(Step { head: c, dep: k });
            (tokens(sp, sp.subtree(k)), None, "QUOTE/CUE_PARENTHETICAL/1")
        } else {
            continue;
        };
        // A quotation is the direct rules' to read (one that goes on unquoted is ours).
        let whole_quote = toks[head.start].kind == TokKind::Quote && cx.doc.quotes.iter().any(|q| q.open == head.start && q.close.is_none_or(|c| c + 2 >= head.end));
        if head.is_empty() || whole_quote {
            continue;
        }
        // The content must be a clause: it holds a verb.
        if !has_verb(cx, head.clone()) {
            continue;
        }
        let Some(subj) = subject(sp, c, &mut steps) else { continue };
        let relative = kid(sp, c, "nsubj").filter(|&n| sp.tokens[n].feats.contains("PronType=Rel"));
        let subj = tokens(sp, subj);
        if subj.is_empty() || subj.start < sent.start || subj.end > sent.end {
            continue;
        }
        let Some(mut speaker) = speaker_np(doc, cx.mentions, cx.coref, cx.lex, subj) else { continue };
        // "Kamin, who emphasized …": the speaker as written is the relative pronoun.
        if let Some(rel) = relative {
            speaker.text = sp.tokens[rel].form.clone();
        }
        let Some(h) = strip_content(doc, head.start, head.end) else { continue };
        let tail = tail.and_then(|t| strip_content_any(doc, t.start, t.end)).filter(|t| toks[t.clone()].iter().filter(|x| x.is_word()).count() >= 2);
        found.push(Found { content: h, tail, cue: tok..ce, speaker, rule, path: cx.tree.path(sp, &steps) });
    }
    // Speech reported inside speech: the outer statement first, so both are kept.
    found.sort_by_key(|f| std::cmp::Reverse(f.tail.as_ref().map_or(f.content.end, |t| t.end) - f.content.start));
    for f in found {
        let before = r.statements.len();
        match f.tail {
            Some(t) => cx.push_split(r, f.content, t, f.cue.clone(), &f.speaker, f.rule),
            None => cx.push(r, f.content, f.cue.clone(), false, &f.speaker, f.rule),
        }
        if r.statements.len() > before {
            used.insert(f.cue.start);
            if let Some(st) = r.statements.last_mut() {
                st.path = f.path;
            }
        }
    }
}

/// Where reported content `a..b` (document tokens) ends by the tree of its sentence: before a
/// trailing part that is not what was said — set off by a comma or a dash, a participle adjunct
/// (", arguing that …", ", citing …"), a concessive clause (", although …"), a non-restrictive
/// relative clause or an appositive hung on its last noun (", which forced her …", ", the
/// existing alliance …"); or a predicate coordinated with the cue verb or a speech verb
/// coordinated with the content's ("tweeted that A and encouraged B", "… and warned against …").
/// A clause of at least three words stays; `b` when nothing is cut or the content is not within
/// one parsed sentence.
pub(super) fn own_end(cx: &Ctx, a: usize, b: usize) -> usize {
    let toks = &cx.doc.tokens;
    let Some(si) = cx.doc.sentence_of(a) else { return b };
    let Some(sp) = cx.tree.sentence(si) else { return b };
    if b <= a || cx.doc.sentence_of(b - 1) != Some(si) {
        return b;
    }
    let punct = |t: usize| matches!(toks[t].norm.as_str(), "," | "." | ";" | ":");
    let dash = |t: usize| matches!(toks[t].norm.as_str(), "," | "—" | "–" | "--" | "―");
    let mut end = b;
    for u in 0..sp.tokens.len() {
        let t = sp.tokens[u].token;
        if t <= a || t >= b {
            continue;
        }
        let st = sp.subtree(u);
        let (mut s0, s1) = (sp.tokens[st.start].token, sp.tokens[st.end - 1].token + 1);
        // The comma or dash that sets the part off may hang on it.
        while s0 < t && dash(s0) {
            s0 += 1;
        }
        if s0 <= a + 1 || s1 > b || s0 >= end || !(s1..b).all(punct) {
            continue;
        }
        let set_off = dash(s0 - 1);
        let w = &sp.tokens[u];
        let first = toks[s0].norm.to_lowercase();
        let relative = first == "which";
        let marked = |words: &[&str]| kid(sp, u, "mark").is_some_and(|m| words.contains(&sp.tokens[m].form.to_lowercase().as_str()));
        let cut = match base(w.deprel) {
            "advcl" => set_off && (matches!(w.xpos, "VBG" | "VBN") || marked(&["although", "though", "whereas"])),
            "acl" => set_off && ((w.deprel == "acl:relcl" && relative) || matches!(w.xpos, "VBG" | "VBN")),
            "parataxis" => set_off && relative,
            "appos" => set_off && toks[s0 - 1].norm == "," && !toks[s0..s1].iter().any(|x| x.norm == ","),
            // A predicate without a subject of its own, coordinated with a word before the
            // content (the cue verb: "tweeted that A and encouraged B") or a speech verb: the
            // speaker's next act.
            "conj" => {
                w.upos == "VERB"
                    && kid(sp, u, "nsubj").is_none()
                    && (w.head.is_some_and(|h| sp.tokens[h].token < a) || speech_cue_at(cx.doc, t, b, cx.lex).is_some())
            }
            _ => false,
        };
        if cut {
            end = s0;
        }
    }
    while end > a && (punct(end - 1) || matches!(toks[end - 1].norm.as_str(), "and" | "but" | "or" | "—" | "–" | "--" | "―")) {
        end -= 1;
    }
    // What stays is still a clause (a verb), of three words or more.
    if has_verb(cx, a..end) && toks[a..end].iter().filter(|t| t.is_word()).count() >= 3 { end } else { b }
}

/// Does content `r` (document tokens) hold a verb by the parse of its sentences? (True where a
/// sentence has no parse.)
pub(super) fn has_verb(cx: &Ctx, r: Range<usize>) -> bool {
    let (Some(first), Some(last)) = (cx.doc.sentence_of(r.start), r.end.checked_sub(1).and_then(|e| cx.doc.sentence_of(e))) else { return true };
    (first..=last).any(|si| match cx.tree.sentence(si) {
        Some(sp) => sp.tokens.iter().any(|u| r.contains(&u.token) && matches!(u.upos, "VERB" | "AUX")),
        None => true,
    })
}

/// Does reported content `r` (document tokens) read as a clause by the tagger: a finite verb,
/// an infinitive ("urged Japan to lift") or a participle ("the poll showed Clinton doing
/// better"), before any colon or semicolon? "Dvořák wrote his
/// two most successful works: the Symphony …, which spread …" and "he wrote his most
/// appreciated piece of chamber music" report nothing. `true` without a parse.
pub(super) fn finite_clause(cx: &Ctx, r: Range<usize>) -> bool {
    let Some(si) = cx.doc.sentence_of(r.start) else { return true };
    let Some(sp) = cx.tree.sentence(si) else { return true };
    let toks = &cx.doc.tokens;
    let stop = (r.start..r.end).find(|&t| matches!(toks[t].norm.as_str(), ":" | ";")).unwrap_or(r.end);
    sp.tokens.iter().enumerate().any(|(i, u)| {
        (r.start..stop).contains(&u.token)
            && (matches!(u.xpos, "VBD" | "VBZ" | "VBP" | "MD" | "VBG") || (u.xpos == "VB" && i > 0 && sp.tokens[i - 1].form.eq_ignore_ascii_case("to")))
    })
}

/// A statement read from the tree, before it is kept.
struct Found {
    content: Range<usize>,
    tail: Option<Range<usize>>,
    cue: Range<usize>,
    speaker: super::Speaker,
    rule: &'static str,
    path: String,
}
