//! The dependency parse as the relation rules see it: units of a sentence joined to the
//! mentions and entities over them, noun phrases read as fact ends, and the arcs a rule walked
//! written down for `explain`.
//!
//! * **Units and mentions.** Every parse unit points back to its document token
//!   ([`crate::syntax::SynToken::token`]); [`Tree`] keeps, per token, the mention over it, so a
//!   unit's mention is one lookup. Known multi-word names are one subtree (the parser was told),
//!   so whichever unit of a name a rule reaches, the mention gives the whole name.
//! * **Noun phrases.** [`Tree::np_if`] reads the phrase a unit heads as a fact end: a name's entity;
//!   a title's person ("leader –flat→ Kim Jong Un"); a resolved pronoun or description; the
//!   antecedent of a relative pronoun ("which" → the noun its clause modifies); else a Concept
//!   of the head noun with its compounds and plain adjectives ("draft resolution"). Never a verb,
//!   an adjective, a number, a time ("on Monday", "last year"), a quantity ("42 percent") or an
//!   unresolved pronoun.
//! * **Paths.** A rule that walks the tree records each arc it took ([`Step`]); `explain` prints
//!   them in text order, `said ←nsubj– Lavrov` (the dependent left of its head) and
//!   `proposes –obj→ roadmap` (right of it).
//!
//! Everything is a lookup or a walk bounded by a small depth: linear in the sentence.

use super::End;
use crate::coref::Coref;
use crate::lexicon::Lexicon;
use crate::mentions::{Mention, MentionKind};
use crate::model::NodeType;
use crate::syntax::{Parse, SentenceParse};
use crate::text::Document;

/// The parse and the earlier stages' annotations of one document, for the relation rules.
pub(crate) struct Tree<'a> {
    pub doc: &'a Document,
    pub parse: &'a Parse,
    pub mentions: &'a [Mention],
    pub coref: &'a Coref,
    pub lex: &'a Lexicon,
    /// Mention over each document token (`u32::MAX`: none).
    mention_of_token: Vec<u32>,
    /// Parse of each document sentence (`usize::MAX`: none).
    sentence_parse: Vec<usize>,
}

/// One arc a rule walked: head unit, dependent unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Step {
    pub head: usize,
    pub dep: usize,
}

/// Words of a quantity that never make a Concept ("42 percent", "millions").
const QUANTITY: &[&str] = &["percent", "per cent", "%", "percentage", "million", "billion", "trillion", "thousand", "hundred", "dozen", "lot", "number", "majority", "half", "third", "quarter", "part", "rest", "most", "none", "all", "some", "one", "ones", "other", "others", "each"];

impl<'a> Tree<'a> {
    pub(crate) fn new(doc: &'a Document, parse: &'a Parse, mentions: &'a [Mention], coref: &'a Coref, lex: &'a Lexicon) -> Tree<'a> {
        let mut mention_of_token = vec![u32::MAX; doc.tokens.len()];
        for (i, m) in mentions.iter().enumerate() {
            for t in m.tokens.clone() {
                if let Some(x) = mention_of_token.get_mut(t) {
                    *x = i as u32;
                }
            }
        }
        let mut sentence_parse = vec![usize::MAX; doc.sentences.len()];
        for (k, sp) in parse.sentences.iter().enumerate() {
            if let Some(x) = sentence_parse.get_mut(sp.sentence) {
                *x = k;
            }
        }
        Tree { doc, parse, mentions, coref, lex, mention_of_token, sentence_parse }
    }

    /// The parse of document sentence `si`.
    pub(crate) fn sentence(&self, si: usize) -> Option<&'a SentenceParse> {
        self.sentence_parse.get(si).and_then(|&k| self.parse.sentences.get(k))
    }

    /// The mention over unit `i`'s token.
    pub(crate) fn mention(&self, sp: &SentenceParse, i: usize) -> Option<usize> {
        let t = sp.tokens.get(i)?.token;
        self.mention_of_token.get(t).copied().filter(|&m| m != u32::MAX).map(|m| m as usize)
    }

    /// The first unit of document token `t` in `sp`.
    pub(crate) fn unit_of_token(&self, sp: &SentenceParse, t: usize) -> Option<usize> {
        let i = sp.tokens.partition_point(|u| u.token < t);
        (i < sp.tokens.len() && sp.tokens[i].token == t).then_some(i)
    }

    /// Is the unit's lower-cased form in this lexicon word class?
    pub(crate) fn word_is(&self, sp: &SentenceParse, i: usize, class: &str) -> bool {
        let t = &sp.tokens[i];
        self.lex.word_is(&t.form.to_lowercase(), class) || self.lex.word_is(&t.lemma.to_lowercase(), class)
    }

    /// An entity of the document for mention `m`, if coreference gave it one.
    fn entity(&self, m: usize) -> Option<End> {
        let e = self.coref.of_mention.get(m).copied().flatten()?;
        (!self.coref.entities[e].mentions.is_empty()).then_some(End::Entity(e))
    }

    /// The fact end the noun phrase headed by unit `i` stands for, and the arcs walked to it
    /// (see the module note), for an end that must pass `ok` (a rule's argument types); `None` for
    /// anything that is no noun phrase or means nothing alone. A relative pronoun
    /// tries the noun its clause hangs on, then the nouns that one depends on ("the talks on the
    /// peninsula, which involve …": peninsula, then talks): the first that passes and is no
    /// place, else the first that passes.
    pub(crate) fn np_if(&self, sp: &SentenceParse, i: usize, steps: &mut Vec<Step>, ok: &dyn Fn(&End) -> bool) -> Option<End> {
        let u = &sp.tokens[i];
        let relative = u.feats.contains("PronType=Rel") || (u.upos == "PRON" && matches!(u.form.to_lowercase().as_str(), "who" | "which" | "that" | "whom"));
        if !relative {
            return self.np_depth(sp, i, steps, 0).filter(|e| ok(e));
        }
        let clause = u.head?;
        let mut cands = Vec::new();
        if sp.tokens[clause].deprel.starts_with("acl") {
            cands.push(sp.tokens[clause].head?);
        } else {
            // The parser hung the clause elsewhere: the noun right before ", which".
            let mut k = i;
            while k > 0 && sp.tokens[k - 1].upos == "PUNCT" {
                k -= 1;
            }
            let mut a = k.checked_sub(1)?;
            while matches!(sp.tokens[a].deprel, "compound" | "flat" | "amod") {
                a = sp.tokens[a].head?;
            }
            cands.push(a);
        }
        for _ in 0..3 {
            let a = *cands.last()?;
            let d = sp.tokens[a].deprel;
            let Some(h) = sp.tokens[a].head else { break };
            let next = match base(d) {
                "nmod" | "appos" | "compound" => h,
                "obj" | "obl" if sp.tokens[h].deprel == "acl" => match sp.tokens[h].head {
                    Some(n) => n,
                    None => break,
                },
                _ => break,
            };
            if !matches!(sp.tokens[next].upos, "NOUN" | "PROPN") {
                break;
            }
            cands.push(next);
        }
        let mut first = None;
        for &c in &cands {
            let mut st = steps.clone();
            st.push(Step { head: c, dep: clause });
            if let Some(e) = self.np_depth(sp, c, &mut st, 1).filter(|e| ok(e)) {
                if self.end_type(&e) != NodeType::Location {
                    *steps = st;
                    return Some(e);
                }
                first.get_or_insert((e, st));
            }
        }
        let (e, st) = first?;
        *steps = st;
        Some(e)
    }

    /// The node type an end will have.
    pub(crate) fn end_type(&self, e: &End) -> NodeType {
        match e {
            End::Entity(x) => {
                let ent = &self.coref.entities[*x];
                if ent.keep { ent.node_type } else { NodeType::Concept }
            }
            End::Concept(_) => NodeType::Concept,
            End::Statement(_) => NodeType::Statement,
            End::Known { node_type, .. } => *node_type,
            End::Document(_) => NodeType::Document,
        }
    }

    fn np_depth(&self, sp: &SentenceParse, i: usize, steps: &mut Vec<Step>, depth: usize) -> Option<End> {
        if depth > 4 {
            return None;
        }
        let u = &sp.tokens[i];
        if matches!(u.deprel, "obl:tmod" | "nmod:tmod" | "obl:npmod" | "nmod:npmod" | "expl") {
            return None;
        }
        if let Some(m) = self.mention(sp, i) {
            let mm = &self.mentions[m];
            match mm.kind {
                MentionKind::Name => return self.entity(m),
                MentionKind::Pronoun | MentionKind::Description => {
                    return self.entity(m).filter(|e| matches!(e, End::Entity(x) if self.coref.entities[*x].keep));
                }
                MentionKind::Title | MentionKind::Demonym => return self.name_below(sp, i, steps),
            }
        }
        if u.upos != "NOUN" {
            return None;
        }
        // "another RT America host, Abby Martin", "Trump's running mate, Indiana Gov. Mike
        // Pence": the person in apposition.
        if kid(sp, i, "appos").is_some() {
            if let Some(e) = self.name_below(sp, i, steps) {
                return Some(e);
            }
        }
        let lower = u.form.to_lowercase();
        let lemma = u.lemma.to_lowercase();
        let lemma = if u.xpos == "NNS" || u.xpos == "NNPS" { lemma.strip_suffix('s').map(str::to_string).unwrap_or(lemma) } else { lemma };
        let closed = |w: &str| self.lex.word_is(w, "time") || self.lex.word_is(w, "pronoun-p") || self.lex.word_is(w, "determiner") || QUANTITY.contains(&w);
        if closed(&lower) || closed(&lemma) {
            return None;
        }
        let label = self.concept_label(sp, i);
        (!label.is_empty() && super::is_concept(&label, self.lex)).then_some(End::Concept(label))
    }

    /// The person under a title or demonym that heads a phrase ("leader –appos→ Kim Jong Un",
    /// "Russian –flat→ Sergey Lavrov" when the parser made the demonym the head): the first unit
    /// of a person's name reached through `flat`, `appos`, `compound` or `nmod:desc` arcs.
    fn name_below(&self, sp: &SentenceParse, i: usize, steps: &mut Vec<Step>) -> Option<End> {
        let mut frontier = vec![(i, 0usize)];
        let mut k = 0;
        while k < frontier.len() {
            let (x, d) = frontier[k];
            k += 1;
            for &c in sp.children(x) {
                if !matches!(sp.tokens[c].deprel, "flat" | "appos" | "compound" | "nmod:desc" | "flat:name") {
                    continue;
                }
                if let Some(cm) = self.mention(sp, c).filter(|&cm| self.mentions[cm].kind == MentionKind::Name) {
                    // a person: "Manhattan Supreme Court Justice Frank Nervo" is Nervo, "the GOP
                    // candidate" no organisation
                    if let Some(e) = self.entity(cm).filter(|e| matches!(self.end_type(e), NodeType::Person | NodeType::Concept)) {
                        steps.push(Step { head: x, dep: c });
                        return Some(e);
                    }
                }
                if d < 2 {
                    frontier.push((c, d + 1));
                }
            }
        }
        None
    }

    /// The words of a concept headed by unit `i`: the compounds and plain adjectives right
    /// before it (not demonyms, numbers or closed-class words), then the head, as written.
    pub(crate) fn concept_label(&self, sp: &SentenceParse, i: usize) -> String {
        let mut a = i;
        let kids = sp.children(i);
        for &c in kids.iter().rev().filter(|&&c| c < i) {
            let k = &sp.tokens[c];
            let ok = c + 1 == a
                && matches!(k.deprel, "compound" | "amod")
                && matches!(k.upos, "NOUN" | "ADJ" | "PROPN")
                && self.mention(sp, c).is_none_or(|m| self.mentions[m].kind != MentionKind::Name)
                && !k.form.chars().next().is_some_and(|ch| ch.is_uppercase() && k.deprel == "amod")
                && self.mention(sp, c).is_none_or(|m| self.mentions[m].kind != MentionKind::Demonym)
                && !self.lex.words.contains_key(&k.form.to_lowercase())
                && sp.children(c).is_empty()
                && i - c <= 3;
            if !ok {
                break;
            }
            a = c;
        }
        let span = sp.tokens[a].span.start..sp.tokens[i].span.end;
        self.doc.text[span].to_string()
    }

    /// The steps as `explain` prints them, in text order of their dependents.
    pub(crate) fn path(&self, sp: &SentenceParse, steps: &[Step]) -> String {
        steps
            .iter()
            .map(|s| {
                let (h, d) = (&sp.tokens[s.head], &sp.tokens[s.dep]);
                if s.dep < s.head {
                    format!("{} ←{}– {}", h.form, d.deprel, d.form)
                } else {
                    format!("{} –{}→ {}", h.form, d.deprel, d.form)
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The base relation of a deprel ("nsubj" for "nsubj:pass").
pub(crate) fn base(deprel: &str) -> &str {
    deprel.split(':').next().unwrap_or(deprel)
}

/// The children of unit `i` with relation `rel` (exactly, or as its base when `rel` has no
/// subtype).
pub(crate) fn kids<'s>(sp: &'s SentenceParse, i: usize, rel: &'s str) -> impl Iterator<Item = usize> + 's {
    sp.children(i).iter().copied().filter(move |&c| {
        let d = sp.tokens[c].deprel;
        d == rel || (!rel.contains(':') && base(d) == rel)
    })
}

/// The first child of unit `i` with relation `rel` (see [`kids`]).
pub(crate) fn kid(sp: &SentenceParse, i: usize, rel: &str) -> Option<usize> {
    kids(sp, i, rel).next()
}

/// The lower-case forms of unit `i`'s `mark` and `case` children, joined ("if", "in order to").
pub(crate) fn marks(sp: &SentenceParse, i: usize) -> String {
    let mut v: Vec<String> = Vec::new();
    for &c in sp.children(i) {
        if matches!(sp.tokens[c].deprel, "mark" | "case") {
            v.push(sp.tokens[c].form.to_lowercase());
            for &f in sp.children(c) {
                if sp.tokens[f].deprel == "fixed" {
                    v.push(sp.tokens[f].form.to_lowercase());
                }
            }
        }
    }
    v.join(" ")
}

/// Unit `i` and its coordinated conjuncts (`conj` children, recursively), in text order; not a
/// conjunct after an "as" phrase of its head, which coordinates inside that phrase.
pub(crate) fn with_conjuncts(sp: &SentenceParse, i: usize) -> Vec<usize> {
    let mut out = vec![i];
    let mut k = 0;
    // "condemned the test as provocative and a grave threat": a conjunct after an "as" phrase
    // of the head coordinates inside that phrase (the parser hangs it on the head).
    let after_as = |x: usize, c: usize| {
        sp.children(x).iter().any(|&d| d > x && d < c && sp.tokens[d].deprel != "conj" && kids(sp, d, "case").any(|m| sp.tokens[m].form.eq_ignore_ascii_case("as")))
    };
    while k < out.len() && out.len() < 16 {
        let x = out[k];
        out.extend(kids(sp, x, "conj").filter(|&c| (sp.tokens[c].upos == sp.tokens[i].upos || matches!(sp.tokens[c].upos, "NOUN" | "PROPN" | "PRON")) && !after_as(x, c)));
        k += 1;
    }
    out.sort_unstable();
    out.dedup();
    out
}
