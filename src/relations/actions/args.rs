//! The arguments of a verb predicate, read from the tree (see the module note of
//! [`super`]): subject and object through passives, coordination, relative, participle and
//! control clauses.

use super::{mood, Arg, Found};
use crate::lexicon::ActionRule;
use crate::relations::tree::{base, kid, kids, marks, with_conjuncts, Step, Tree};
use crate::mentions::MentionKind;
use crate::model::NodeType;
use crate::relations::End;
use crate::syntax::SentenceParse;

/// The markers of an adverbial clause whose unexpressed subject is the main clause's.
const CONTROLLED: &[&str] = &["", "to", "in order to", "so as to", "by", "after", "before", "while", "when", "without", "upon", "on", "since"];

/// Is verb unit `v` passive ("was adopted", "adopted by", "the summit, co-hosted by …")?
pub(super) fn passive(sp: &SentenceParse, v: usize) -> bool {
    let u = &sp.tokens[v];
    kid(sp, v, "nsubj:pass").is_some()
        || kid(sp, v, "aux:pass").is_some()
        || kid(sp, v, "obl:agent").is_some()
        || (u.xpos == "VBN" && u.deprel == "acl" && kid(sp, v, "obj").is_none())
}

/// The agents of a passive: "by X" (`obl:agent`, or an `obl` marked "by").
fn agents(sp: &SentenceParse, v: usize) -> Vec<usize> {
    sp.children(v).iter().copied().filter(|&c| sp.tokens[c].deprel == "obl:agent" || (base(sp.tokens[c].deprel) == "obl" && marks(sp, c) == "by")).collect()
}

/// The grammatical subject of `v`: its own `nsubj` (or `nsubj:pass`); else, for a conjunct, its
/// head's; for a controlled infinitive (`xcomp`), the controller — the object of the head
/// ("urged Japan to lift"), the "on X" of a demand ("called on Israel to halt"), else the head's
/// subject ("agreed to provide"); for an adverbial clause without a subject, the head's
/// ("…, killing ten"); for a participle modifying a noun (`acl`), that noun. Records the arcs.
pub(super) fn subject(t: &Tree, sp: &SentenceParse, v: usize, steps: &mut Vec<Step>, depth: usize) -> Option<usize> {
    if depth > 5 {
        return None;
    }
    if let Some(s) = kids(sp, v, "nsubj").find(|&s| sp.tokens[s].deprel != "nsubj:outer") {
        steps.push(Step { head: v, dep: s });
        return Some(s);
    }
    let u = &sp.tokens[v];
    let h = u.head?;
    let hu = &sp.tokens[h];
    match base(u.deprel) {
        "conj" if matches!(hu.upos, "VERB" | "AUX" | "ADJ") => {
            steps.push(Step { head: h, dep: v });
            subject(t, sp, h, steps, depth + 1)
        }
        "xcomp" => {
            steps.push(Step { head: h, dep: v });
            if let Some(o) = controller(t, sp, h, steps) {
                return Some(o);
            }
            subject(t, sp, h, steps, depth + 1)
        }
        // "called on Israel to halt …" parsed as a purpose clause: a demand's addressee acts.
        "advcl" if t.word_is(sp, h, "demand") && marks(sp, v) == "to" => {
            steps.push(Step { head: h, dep: v });
            controller(t, sp, h, steps)
        }
        // "…, killing ten", "sent troops to protect": one hop, and only for clauses whose
        // subject English leaves to the main clause ("a call for providing …" is no such clause).
        "advcl" if matches!(hu.upos, "VERB" | "AUX" | "ADJ") && sp.tokens[h].deprel != "advcl" && CONTROLLED.contains(&marks(sp, v).as_str()) => {
            steps.push(Step { head: h, dep: v });
            subject(t, sp, h, steps, depth + 1)
        }
        // "Russia's decision to send troops": the possessor of an intent noun the infinitive
        // completes (not "Scott's father to send …").
        "acl" if marks(sp, v).split(' ').any(|w| w == "to") => {
            if !(t.word_is(sp, h, "intent") || t.word_is(sp, h, "refusal")) {
                return None;
            }
            let p = kid(sp, h, "nmod:poss")?;
            steps.push(Step { head: h, dep: v });
            steps.push(Step { head: h, dep: p });
            Some(p)
        }
        // "troops fighting in …"; a participle with an object is a finite verb misread.
        "acl" if u.deprel == "acl" && matches!(hu.upos, "NOUN" | "PROPN") && !marks(sp, v).split(' ').any(|w| w == "to") && (u.xpos == "VBG" || kid(sp, v, "obj").is_some()) => {
            steps.push(Step { head: h, dep: v });
            Some(h)
        }
        _ => None,
    }
}

/// Who is to do what verb `h` asks or lets: its object ("urged Japan to"), or the "on X" of a
/// demand ("called on Israel to").
fn controller(t: &Tree, sp: &SentenceParse, h: usize, steps: &mut Vec<Step>) -> Option<usize> {
    if let Some(o) = kid(sp, h, "obj").or_else(|| kid(sp, h, "iobj")) {
        steps.push(Step { head: h, dep: o });
        return Some(o);
    }
    if t.word_is(sp, h, "demand") {
        if let Some(o) = kids(sp, h, "obl").find(|&o| matches!(marks(sp, o).as_str(), "on" | "upon")) {
            steps.push(Step { head: h, dep: o });
            return Some(o);
        }
    }
    None
}

/// A finite verb the parser gave no subject, right after a name that is no argument of another
/// verb ("Chinese President Xi Jinping arrived" with "Xi" mistagged): that name.
fn name_before(t: &Tree, sp: &SentenceParse, v: usize, steps: &mut Vec<Step>) -> Option<usize> {
    let u = &sp.tokens[v];
    if !matches!(u.xpos, "VBD" | "VBZ" | "VBP") || !matches!(u.deprel, "root" | "conj" | "ccomp" | "parataxis") || v == 0 {
        return None;
    }
    let m = t.mention(sp, v - 1).filter(|&m| t.mentions[m].kind == MentionKind::Name)?;
    // the name's unit whose head is outside the name
    let a = (0..v).rev().take_while(|&k| t.mention(sp, k) == Some(m)).find(|&k| sp.tokens[k].head.is_none_or(|h| t.mention(sp, h) != Some(m)))?;
    let h = sp.tokens[a].head?;
    if matches!(base(sp.tokens[a].deprel), "nsubj" | "obj" | "iobj") && sp.tokens[h].upos == "VERB" && h != v {
        return None;
    }
    steps.push(Step { head: v, dep: a });
    Some(a)
}

/// The patient of a passive: its `nsubj:pass`, the noun a passive participle modifies ("the
/// summit, co-hosted by …"), or a conjunct's shared subject.
fn patient(t: &Tree, sp: &SentenceParse, v: usize, steps: &mut Vec<Step>) -> Option<usize> {
    let u = &sp.tokens[v];
    if u.deprel == "acl" {
        let h = u.head?;
        steps.push(Step { head: h, dep: v });
        return Some(h);
    }
    // A reduced relative the parser hung elsewhere: "the Singapore Joint Statement adopted by …".
    if u.xpos == "VBN" && kid(sp, v, "nsubj:pass").is_none() && kid(sp, v, "aux:pass").is_none() && v > 0 && matches!(sp.tokens[v - 1].upos, "NOUN" | "PROPN") {
        steps.push(Step { head: v - 1, dep: v });
        return Some(v - 1);
    }
    subject(t, sp, v, steps, 0)
}

/// The object of an active verb: the noun the phrase's final preposition governs ("met with
/// X"), else its `obj`; in a relative clause with no object of its own ("the plan Russia
/// proposed"), the noun the clause modifies.
fn object(sp: &SentenceParse, v: usize, prep: Option<usize>, steps: &mut Vec<Step>) -> Option<usize> {
    if let Some(p) = prep {
        if sp.tokens[p].deprel == "case" {
            let n = sp.tokens[p].head?;
            if n == v || !matches!(sp.tokens[n].upos, "NOUN" | "PROPN" | "PRON" | "NUM" | "X") {
                return None;
            }
            if let Some(h) = sp.tokens[n].head.filter(|&h| h != v) {
                steps.push(Step { head: v, dep: h });
                steps.push(Step { head: h, dep: n });
            } else {
                steps.push(Step { head: v, dep: n });
            }
            return Some(n);
        }
    }
    if let Some(o) = kid(sp, v, "obj") {
        steps.push(Step { head: v, dep: o });
        // "offer the two sides a platform" misparsed with "platform" as an object of "sides"
        // (a noun has no object): the first is the recipient, the second what is given.
        let bare = |i: usize| kid(sp, i, "case").is_none() && kid(sp, i, "mark").is_none() && !matches!(sp.tokens[sp.subtree(i).start].upos, "ADP" | "SCONJ");
        if let Some(inner) = kid(sp, o, "obj").filter(|&i| i > o && bare(i) && matches!(sp.tokens[o].upos, "NOUN" | "PROPN" | "PRON") && matches!(sp.tokens[i].upos, "NOUN" | "PROPN")) {
            steps.push(Step { head: o, dep: inner });
            return Some(inner);
        }
        return Some(o);
    }
    // An `obl` with no preposition is an object the parser mislabelled ("accused the United
    // States of interference").
    if let Some(o) = kids(sp, v, "obl").find(|&o| o > v && marks(sp, o).is_empty() && matches!(sp.tokens[o].upos, "NOUN" | "PROPN")) {
        steps.push(Step { head: v, dep: o });
        return Some(o);
    }
    // "welcomed holding the summit": the object of a gerund complement.
    if let Some(g) = kids(sp, v, "xcomp").chain(kids(sp, v, "ccomp")).find(|&g| sp.tokens[g].xpos == "VBG" && kid(sp, g, "nsubj").is_none()) {
        if let Some(o) = kid(sp, g, "obj") {
            steps.push(Step { head: v, dep: g });
            steps.push(Step { head: g, dep: o });
            return Some(o);
        }
    }
    let u = &sp.tokens[v];
    if prep.is_none() && u.deprel == "acl:relcl" && kid(sp, v, "nsubj").is_some() && kid(sp, v, "ccomp").is_none() {
        let h = u.head?;
        steps.push(Step { head: h, dep: v });
        return Some(h);
    }
    None
}

/// The fact ends of the phrase headed by `head` and its coordinated conjuncts, each passing
/// `ok`. A list of names the parser did not coordinate ("Russia, China, the US, Japan and …")
/// is read on from the last name in the text: `,`/`and`/`or`/`the` and the next name, as long
/// as it goes.
pub(super) fn ends(t: &Tree, sp: &SentenceParse, head: usize, steps: &[Step], ok: &dyn Fn(&End) -> bool) -> Vec<Arg> {
    let mut out: Vec<Arg> = Vec::new();
    let mut last_name: Option<usize> = None;
    for u in with_conjuncts(sp, head) {
        let mut st = steps.to_vec();
        if u != head {
            st.push(Step { head, dep: u });
        }
        if let Some(end) = t.np_if(sp, u, &mut st, ok) {
            if let Some(m) = t.mention(sp, u).filter(|&m| t.mentions[m].kind == MentionKind::Name) {
                last_name = last_name.max(Some(m));
            }
            if !out.iter().any(|a| a.end == end) {
                out.push(Arg { end, steps: st });
            }
        }
    }
    let Some(mut m) = last_name else { return out };
    let toks = &t.doc.tokens;
    // Names the parser folded into the head's phrase ("the US and North Korea" with "US" a
    // compound): back over `,`/`and`/`the` to earlier names inside the head's subtree.
    let lo = sp.tokens[sp.subtree(head).start].token;
    let mut first = m;
    for u in with_conjuncts(sp, head) {
        if let Some(x) = t.mention(sp, u).filter(|&x| t.mentions[x].kind == MentionKind::Name) {
            first = first.min(x);
        }
    }
    while first > 0 && out.len() < 16 {
        let mut k = t.mentions[first].tokens.start;
        let mut joined = false;
        while k > lo && matches!(toks[k - 1].lower.as_str(), "," | "and" | "or" | "the") {
            joined |= toks[k - 1].lower != "the";
            k -= 1;
        }
        let prev = first - 1;
        let named = t.mentions[prev].tokens.end == k && t.mentions[prev].tokens.start >= lo && t.mentions[prev].kind == MentionKind::Name;
        if !joined || !named {
            break;
        }
        match t.coref.of_mention[prev].map(End::Entity).filter(|e| ok(e)) {
            Some(e) if !out.iter().any(|a| a.end == e) => out.push(Arg { end: e, steps: steps.to_vec() }),
            Some(_) => {}
            None => break,
        }
        first = prev;
    }
    let end = sp.tokens.last().map_or(0, |u| u.token + 1);
    while out.len() < 16 {
        let mut k = t.mentions[m].tokens.end;
        let mut joined = false;
        while k < end && matches!(toks[k].lower.as_str(), "," | "and" | "or" | "the") {
            joined |= toks[k].lower != "the";
            k += 1;
        }
        let next = m + 1;
        let named = next < t.mentions.len() && t.mentions[next].tokens.start == k && t.mentions[next].kind == MentionKind::Name;
        if !joined || !named || k >= end {
            break;
        }
        match t.coref.of_mention[next].map(End::Entity).filter(|e| ok(e)) {
            Some(e) => {
                if !out.iter().any(|a| a.end == e) {
                    out.push(Arg { end: e, steps: steps.to_vec() });
                }
            }
            None => break,
        }
        m = next;
    }
    out
}

/// Does the phrase headed by `u` say "no" ("no country", "no sanctions")?
fn says_no(sp: &SentenceParse, u: usize) -> bool {
    kids(sp, u, "det").any(|d| sp.tokens[d].form.eq_ignore_ascii_case("no"))
}

/// The facts of verb `v` matched by `rule` (`prep`: the unit of the phrase's final
/// preposition, if any).
pub(super) fn verb<'r>(t: &Tree, sp: &SentenceParse, v: usize, rule: &'r ActionRule, prep: Option<usize>, surface: String) -> Option<Found<'r>> {
    // "left many nations feeling …", "left hands tied": a predicate on the object changes the
    // verb's sense.
    if kid(sp, v, "obj").is_some() && kids(sp, v, "xcomp").any(|x| matches!(sp.tokens[x].upos, "ADJ" | "VERB") && !marks(sp, x).split(' ').any(|w| w == "to")) {
        return None;
    }
    let (mut s_steps, mut o_steps) = (Vec::new(), Vec::new());
    let (subj_heads, obj_head, rule_id);
    if passive(sp, v) && prep.is_none_or(|p| sp.tokens[p].form.eq_ignore_ascii_case("by")) {
        subj_heads = agents(sp, v);
        obj_head = patient(t, sp, v, &mut o_steps);
        rule_id = format!("{}/PASSIVE", rule.id);
        for &a in &subj_heads {
            s_steps.push(Step { head: v, dep: a });
        }
    } else {
        subj_heads = subject(t, sp, v, &mut s_steps, 0).or_else(|| name_before(t, sp, v, &mut s_steps)).into_iter().collect();
        obj_head = object(sp, v, prep, &mut o_steps);
        rule_id = rule.id.clone();
    }
    let obj_head = obj_head?;
    if subj_heads.is_empty() {
        return None;
    }
    if rule.except.iter().any(|w| sp.tokens[obj_head].lemma.eq_ignore_ascii_case(w)) {
        return None;
    }
    // A Concept acts only as the verb's own subject: one reached through a relative, participle
    // or control clause is too often the parser's guess ("people in the workforce who …").
    let indirect = s_steps.iter().any(|st| {
        let d = sp.tokens[st.dep].deprel;
        d.starts_with("acl") || matches!(base(d), "advcl" | "xcomp")
    }) || subj_heads.iter().any(|&h| sp.tokens[h].feats.contains("PronType=Rel"));
    let types: Vec<NodeType> = rule.subject.iter().filter_map(|x| NodeType::parse(x)).collect();
    let subject_ok = |e: &End| (types.is_empty() || types.contains(&t.end_type(e))) && !(indirect && matches!(e, End::Concept(_)));
    let mut subjects = Vec::new();
    for &h in &subj_heads {
        // A passive's agents are one path each; an active subject shares the walk to it.
        let base_steps = if subj_heads.len() > 1 { vec![Step { head: v, dep: h }] } else { s_steps.clone() };
        // A Concept acts only if its head noun names someone who can act, a person, a body or a
        // text (the `speaker` and `document` nouns: "officials", "the agency", "the report"): "Most states have
        // passed the deadline", "the facts are that …", "an idea to create …" are no actors.
        let agent = [sp.tokens[h].lemma.to_lowercase(), sp.tokens[h].form.to_lowercase()].iter().any(|w| t.lex.word_is(w, "speaker") || t.lex.word_is(w, "document"));
        // (An untyped name is a Concept too: "Hours" opening a sentence.)
        let ok = |e: &End| subject_ok(e) && (agent || t.end_type(e) != NodeType::Concept);
        subjects.extend(ends(t, sp, h, &base_steps, &ok));
    }
    let otypes: Vec<NodeType> = rule.object.iter().filter_map(|x| NodeType::parse(x)).collect();
    let object_ok = |e: &End| otypes.is_empty() || otypes.contains(&t.end_type(e));
    let objects = ends(t, sp, obj_head, &o_steps, &object_ok);
    if subjects.is_empty() || objects.is_empty() {
        return None;
    }
    let mut m = mood::of(t, sp, v);
    if subj_heads.iter().any(|&h| says_no(sp, h)) || says_no(sp, obj_head) {
        m.negated = !m.negated;
    }
    Some(Found { rule, rule_id, subjects, objects, mood: m, surface, unit: v, flat: false })
}
