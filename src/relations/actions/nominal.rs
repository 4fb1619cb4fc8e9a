//! Acts named by a noun (the action rules' `nouns`: "proposal", "visit", "talks"):
//!
//! * `…/LIGHT` — the object of a light verb (class `light`: "made a proposal to the UN", "held
//!   talks with Kim", "paid a visit to Hanoi"): the verb's subject acts, with the verb's mood;
//! * `…/NOMINAL` — with a possessor ("Lavrov's visit to Pyongyang", "his talks with Kono"), or
//!   as an adverbial of another verb ("spoke following talks with Kono": the verb's subject);
//!   an irrealis modifier ("a planned visit", class `irrealis`) is its modality.
//!
//! The target is what the noun's preposition governs ("to", "with", "on", "against" …), else,
//! after a light verb, the verb's own prepositional phrase.

use super::args::{ends, passive, subject};
use super::{mood, Arg, Found};
use crate::relations::tree::{base, kid, kids, marks, Step, Tree};
use crate::syntax::SentenceParse;

/// Prepositions that introduce the target of an act noun.
const TARGET: &[&str] = &["to", "with", "on", "upon", "against", "for", "over", "about", "into", "toward", "towards", "between"];
/// Prepositions of an adverbial act noun whose agent is the governing verb's subject.
const ADVERBIAL: &[&str] = &["following", "after", "during", "before", "amid", "at", "in", "since", "ahead of", "after the"];

/// Is act noun `n` an adverbial of its verb ("following talks with", "after a visit to")? Its
/// preposition (or a word the parser took for a modifier) is one of [`ADVERBIAL`].
fn adverbial(sp: &SentenceParse, n: usize) -> bool {
    let u = &sp.tokens[n];
    if !matches!(base(u.deprel), "obl" | "obj" | "nmod" | "advcl") {
        return false;
    }
    ADVERBIAL.contains(&marks(sp, n).as_str())
        || sp.children(n).iter().any(|&c| c < n && matches!(sp.tokens[c].deprel, "amod" | "case" | "mark") && ADVERBIAL.contains(&sp.tokens[c].form.to_lowercase().as_str()))
}

/// The targets under `n` (or under `v` too, for a light verb): what a target preposition governs.
fn targets(t: &Tree, sp: &SentenceParse, n: usize, v: Option<usize>) -> Vec<Arg> {
    for owner in std::iter::once(n).chain(v) {
        for c in kids(sp, owner, "nmod").chain(kids(sp, owner, "obl")) {
            if TARGET.contains(&marks(sp, c).as_str()) {
                let out = ends(t, sp, c, &[Step { head: owner, dep: c }], &|_| true);
                if !out.is_empty() {
                    return out;
                }
            }
        }
    }
    Vec::new()
}

/// The facts of the act nouns of a sentence.
pub(super) fn find<'r>(t: &'r Tree, sp: &SentenceParse) -> Vec<Found<'r>> {
    let mut out = Vec::new();
    for n in 0..sp.tokens.len() {
        let u = &sp.tokens[n];
        if u.upos != "NOUN" {
            continue;
        }
        let Some(&rix) = t.lex.noun_index.get(&u.lemma.to_lowercase()).or_else(|| t.lex.noun_index.get(&u.form.to_lowercase())) else { continue };
        let rule = &t.lex.actions[rix];
        let head = u.head.filter(|&h| sp.tokens[h].upos == "VERB");
        let mut s_steps = Vec::new();
        let (agent, light) = match head {
            Some(h) if u.deprel == "obj" && t.word_is(sp, h, "light") && !passive(sp, h) => {
                s_steps.push(Step { head: h, dep: n });
                (subject(t, sp, h, &mut s_steps, 0), true)
            }
            _ => match kid(sp, n, "nmod:poss") {
                Some(p) => {
                    s_steps.push(Step { head: n, dep: p });
                    (Some(p), false)
                }
                None => match head {
                    Some(h) if adverbial(sp, n) => {
                        s_steps.push(Step { head: h, dep: n });
                        (subject(t, sp, h, &mut s_steps, 0), false)
                    }
                    _ => (None, false),
                },
            },
        };
        let Some(agent) = agent else { continue };
        let subjects = ends(t, sp, agent, &s_steps, &|_| true);
        let objects = targets(t, sp, n, if light { head } else { None });
        if subjects.is_empty() || objects.is_empty() {
            continue;
        }
        let (mood, rule_id) = if light {
            (mood::of(t, sp, head.unwrap_or(n)), format!("{}/LIGHT", rule.id))
        } else {
            let mut m = mood::Mood::default();
            if let Some(a) = kids(sp, n, "amod").find(|&a| t.word_is(sp, a, "irrealis")) {
                m.modality = Some(sp.tokens[a].form.to_lowercase());
                m.steps.push(Step { head: n, dep: a });
            }
            (m, format!("{}/NOMINAL", rule.id))
        };
        let a = if light { head.unwrap_or(n) } else { n };
        let surface = t.doc.text[sp.tokens[a.min(n)].span.start..sp.tokens[a.max(n)].span.end].to_string();
        out.push(Found { rule, rule_id, subjects, objects, mood, surface, unit: n, flat: false });
    }
    out
}
