//! Actions: verb-mediated relations read from the dependency parse. The verbs and the canonical
//! relation each maps to are the lexicon's `action` rules (`ACTION/PROPOSES/1`: propose, come
//! up with, put forward → `proposes`); a rule's phrase matches the words as written, with up to
//! two modifier words inside ("paid an official visit to"), and its first word must be a verb
//! in the parse ("his visit", "the talks" are nouns). Around the verb:
//!
//! * **arguments** ([`args`]) — the subject (`nsubj`) and the object (`obj`, or the noun the
//!   phrase's final preposition governs: "met with X", "imposed sanctions on X"); through
//!   passives (`nsubj:pass` is the object, the `obl:agent` "by X" the subject: rule id
//!   `…/PASSIVE`), coordination of arguments ("Russia and China") and of verbs (a conjunct
//!   without a subject shares its head's), relative clauses ("which involved Japan"), participle
//!   clauses ("the summit, co-hosted by Canada"), and control ("agreed to provide": the subject
//!   of "agreed"; "urged Japan to lift": Japan). Ends are noun phrases ([`super::tree::Tree::np_if`]);
//! * **mood** ([`mood`]) — negation (`not`, `never`, `no` on an argument, a refusal: "refused to
//!   sign") and modality (modal auxiliaries, "plans to", "ready to"), conditionals ("if" clauses:
//!   `condition` and `conditional`), demands ("urged X to", "called on X to": `demanded`) and
//!   purpose clauses ("to"/"in order to": `purpose`) become edge attributes, so none is stated as
//!   fact; a fact inside a statement's content carries that statement (`according_to`), negated
//!   when the statement is a denial;
//! * **light verbs and nominals** ([`nominal`]) — a noun that names the act ("made a proposal
//!   to", "held talks with": `…/LIGHT`; "Lavrov's visit to Pyongyang", "spoke following talks
//!   with": `…/NOMINAL`);
//! * **a parse with no verb** ([`flat`]) — "Canada imposed tariffs." tagged as one noun phrase:
//!   the phrases before and after the verb form (`…/FLAT`);
//! * reporting verbs are never actions: a verb with a clausal complement ("suggested that …")
//!   or a cue verb without an object is left to the statements.
//!
//! Every fact records its rule id and the arcs that fired, which `explain` prints.

mod args;
mod flat;
mod mood;
mod nominal;

use super::tree::{Step, Tree};
use super::{End, Fact, Relations};
use crate::lexicon::{ActionRule, Lexicon};
use crate::model::EdgeKind;
use crate::syntax::SentenceParse;
use crate::text::{ParaRole, Token};
pub(super) use mood::Mood;

/// Words that count as quantities, never concepts ("the two", "several").
pub(crate) const NUMBER_WORDS: &[&str] = &["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "many", "both", "few", "dozens", "hundreds", "thousands", "millions"];

/// Prepositions that can end a rule phrase and govern its target ("meet with", "impose
/// sanctions on", "vote in favour of").
const PREPOSITIONS: &[&str] = &["to", "with", "on", "upon", "for", "in", "of", "against", "over", "from", "about", "into", "behind", "by", "at", "toward", "towards"];

/// Matches a rule phrase at token `x` (gaps of ≤ 2 modifier words inside, `modifier(k)` says
/// which tokens may fill one): (end, rule index).
fn phrase_at(toks: &[Token], x: usize, end: usize, lex: &Lexicon, modifier: impl Fn(usize) -> bool) -> Option<(usize, usize)> {
    let list = lex.verb_index.get(&toks[x].lower)?;
    'outer: for (words, rule) in list {
        let mut k = x + 1;
        for w in &words[1..] {
            let mut gap = 0;
            while k < end && toks[k].lower != *w {
                let t = &toks[k];
                let modifier = t.is_word() && !t.is_capitalized() && gap < 2 && !lex.word_is(&t.lower, "preposition") && !lex.word_is(&t.lower, "conjunction") && modifier(k);
                if !modifier {
                    continue 'outer;
                }
                gap += 1;
                k += 1;
            }
            if k >= end {
                continue 'outer;
            }
            k += 1;
        }
        return Some((k, *rule));
    }
    None
}

/// One end of a fact with the arcs that reached it.
pub(super) struct Arg {
    pub end: End,
    pub steps: Vec<Step>,
}

/// What a predicate yields: who, what, how, and the words.
pub(super) struct Found<'r> {
    pub rule: &'r ActionRule,
    pub rule_id: String,
    pub subjects: Vec<Arg>,
    pub objects: Vec<Arg>,
    pub mood: Mood,
    pub surface: String,
    /// The predicate unit (its byte span decides `according_to`).
    pub unit: usize,
    /// Read in word order, not from arcs ([`flat`]).
    pub flat: bool,
}

/// Finds action facts.
pub(crate) fn find(t: &Tree, r: &mut Relations) {
    let toks = &t.doc.tokens;
    for (si, s) in t.doc.sentences.iter().enumerate() {
        if !matches!(s.role, ParaRole::Body | ParaRole::Deck) {
            continue;
        }
        let Some(sp) = t.sentence(si) else { continue };
        let mut x = s.tokens.start;
        while x < s.tokens.end {
            // A gap in a phrase is a modifier ("paid an official visit to"), not a noun ("paying
            // tuition for").
            let modifier = |k: usize| t.unit_of_token(sp, k).is_some_and(|u| matches!(sp.tokens[u].upos, "ADJ" | "ADV" | "DET" | "NUM" | "X" | "PART"));
            let Some((ve, rule_ix)) = phrase_at(toks, x, s.tokens.end, t.lex, modifier) else {
                x += 1;
                continue;
            };
            let verbless = flat::verbless(sp);
            let Some(v) = t.unit_of_token(sp, x).filter(|&v| sp.tokens[v].upos == "VERB" || verbless && flat::verb_like(sp, v)) else {
                x += 1;
                continue;
            };
            if !reporting(t, sp, v) {
                let rule = &t.lex.actions[rule_ix];
                let last = &toks[ve - 1];
                let prep = (ve > x + 1 && PREPOSITIONS.contains(&last.lower.as_str())).then(|| t.unit_of_token(sp, ve - 1)).flatten();
                let surface = t.doc.text[toks[x].start..toks[ve - 1].end].to_string();
                let found = args::verb(t, sp, v, rule, prep, surface.clone()).or_else(|| if verbless { flat::read(t, sp, v, rule, prep, surface) } else { None });
                if let Some(f) = found {
                    push(t, sp, si, f, r);
                }
            }
            x = ve;
        }
        for f in nominal::find(t, sp) {
            push(t, sp, si, f, r);
        }
    }
}

/// A reporting verb: one with a clausal complement ("suggested that …", "said …"), or a cue
/// verb with neither an object nor a gerund ("suggested adopting a declaration" proposes). Its content is a statement, not an action.
fn reporting(t: &Tree, sp: &SentenceParse, v: usize) -> bool {
    if super::tree::kid(sp, v, "ccomp").is_some() {
        return true;
    }
    let u = &sp.tokens[v];
    let cue = t.lex.cues.get(&u.form.to_lowercase()).is_some_and(|l| l.iter().any(|c| c.class != "according" && c.class != "finding"));
    cue && super::tree::kid(sp, v, "obj").is_none() && super::tree::kid(sp, v, "xcomp").is_none()
}

/// Turns what a predicate yields into facts: every subject with every object.
fn push(t: &Tree, sp: &SentenceParse, si: usize, f: Found, r: &mut Relations) {
    let kind = if f.rule.edge_kind.as_deref() == Some("membership") { EdgeKind::Membership } else { EdgeKind::Action };
    let at = sp.tokens[f.unit].span.clone();
    // The innermost statement whose content holds the predicate (statements nest when speech
    // is reported inside speech).
    let according_to = (0..r.statements.len()).filter(|&i| r.statements[i].content.start <= at.start && at.end <= r.statements[i].content.end).min_by_key(|&i| r.statements[i].content.len());
    // A fact inside denied speech ("Lavrov denied that Russia was invited") is negated.
    let denied = according_to.is_some_and(|i| {
        let cue = r.statements[i].cue.split_whitespace().next().unwrap_or("").to_lowercase();
        t.lex.is_denial(&cue)
    });
    for sub in &f.subjects {
        for obj in &f.objects {
            if sub.end == obj.end {
                continue;
            }
            let mut steps: Vec<Step> = Vec::new();
            for s in sub.steps.iter().chain(obj.steps.iter()).chain(f.mood.steps.iter()) {
                if !steps.contains(s) {
                    steps.push(*s);
                }
            }
            r.facts.push(Fact {
                source: sub.end.clone(),
                target: obj.end.clone(),
                relation: f.rule.relation.clone(),
                kind,
                rule: f.rule_id.clone(),
                sentence: si,
                surface: f.surface.clone(),
                negated: f.mood.negated != denied,
                modality: f.mood.modality.clone(),
                according_to,
                path: if f.flat { format!("no verb in the parse, read in word order: {}", f.surface) } else { t.path(sp, &steps) },
            });
        }
    }
}
