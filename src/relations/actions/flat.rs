//! A flat reading for a sentence whose parse has no verb: a short sentence like "Canada
//! imposed tariffs." is sometimes tagged as one noun phrase ("imposed" an adjective of
//! "tariffs"). When no verb heads a clause and a rule phrase matched a verb form, the noun
//! phrase right before it is the subject and the one right after it (or what the phrase's
//! final preposition governs) the object — the words' order, as the tree cannot say.

use super::{args, mood, Found};
use crate::lexicon::ActionRule;
use crate::relations::tree::Tree;
use crate::syntax::SentenceParse;

/// Does no verb head a clause in this parse (and no copula makes its root a predicate)?
pub(super) fn verbless(sp: &SentenceParse) -> bool {
    let copula = sp.root().is_some_and(|r| sp.children(r).iter().any(|&c| sp.tokens[c].deprel == "cop"));
    !copula && !sp.tokens.iter().any(|u| matches!(u.upos, "VERB" | "AUX") && matches!(u.deprel, "root" | "conj" | "ccomp" | "parataxis" | "advcl" | "xcomp" | "acl:relcl" | "csubj"))
}

/// Could unit `v` be the verb the tagger missed (a verb form read as a noun's modifier)?
pub(super) fn verb_like(sp: &SentenceParse, v: usize) -> bool {
    let u = &sp.tokens[v];
    matches!(u.xpos, "VBD" | "VBN" | "VBZ" | "VBP" | "VB" | "JJ") && matches!(u.deprel, "amod" | "acl" | "compound" | "nmod:desc" | "appos" | "dep")
}

/// The noun phrase around unit `a` on one side of the verb at `v`: climb from `a` over the
/// modifiers that stay on that side.
fn phrase_head(sp: &SentenceParse, mut a: usize, v: usize) -> usize {
    for _ in 0..4 {
        let Some(h) = sp.tokens[a].head else { break };
        let same_side = (h < v) == (a < v);
        if !same_side || !matches!(sp.tokens[a].deprel, "compound" | "flat" | "amod" | "nmod:desc" | "det" | "nummod" | "nmod:poss") {
            break;
        }
        a = h;
    }
    a
}

/// The facts of verb form `v` read flat (see the module note).
pub(super) fn read<'r>(t: &Tree, sp: &SentenceParse, v: usize, rule: &'r ActionRule, prep: Option<usize>, surface: String) -> Option<Found<'r>> {
    let left = (0..v).rev().find(|&k| matches!(sp.tokens[k].upos, "NOUN" | "PROPN" | "PRON"))?;
    if (left + 1..v).any(|k| sp.tokens[k].upos == "PUNCT") {
        return None;
    }
    let s = phrase_head(sp, left, v);
    let o = match prep {
        Some(p) if sp.tokens[p].deprel == "case" => sp.tokens[p].head?,
        Some(_) => return None,
        None => {
            let right = (v + 1..sp.tokens.len()).find(|&k| matches!(sp.tokens[k].upos, "NOUN" | "PROPN"))?;
            if (v + 1..right).any(|k| !matches!(sp.tokens[k].upos, "DET" | "ADJ" | "NUM")) {
                return None;
            }
            phrase_head(sp, right, v)
        }
    };
    let subjects = args::ends(t, sp, s, &[], &|_| true);
    let objects = args::ends(t, sp, o, &[], &|_| true);
    if subjects.is_empty() || objects.is_empty() {
        return None;
    }
    let mut m = mood::of(t, sp, v);
    m.steps.clear();
    Some(Found { rule, rule_id: format!("{}/FLAT", rule.id), subjects, objects, mood: m, surface, unit: v, flat: true })
}
