//! The features of a name mention for the typing model: what the name is made of and where it
//! stands in the dependency parse. Each feature is a string (`gov=say`, `last=stadium`) hashed to
//! 64 bits; the training command keeps the strings, so the committed table is readable.
//!
//! | family | features |
//! |---|---|
//! | the name | number of words, first and last word, last word's suffix and shape, initials, ALL CAPS, a known given name first (and its gender), a family name first, a head word's type ("… Stadium"), an "of" inside, a demonym first ("Australian Centre …"), a known name inside ("San Francisco Bulletin"), the mention rule |
//! | around it | the words before and after; a title or honorific before; first word of its sentence |
//! | the parse | its relation and governor ("nsubj" of "say"), the case marker ("in", "at", "from"), what it possesses ("X's chief executive"), what it is a compound of ("the Harrow boys"), its appositive's head ("X, a company"), "X-based" |
//! | the document | the surname of a person named in full; a part of a longer name and that name's head type |

use super::DocContext;
use crate::lexicon::{Form, Gender, Lexicon};
use crate::mentions::{Mention, MentionKind};
use crate::text::{Document, TokKind};

/// Collects hashed features (and their strings, for training).
#[derive(Debug, Default)]
pub struct Feats {
    buf: String,
    /// The hashed features.
    pub hashes: Vec<u64>,
    /// The feature strings (kept only when `keep_names`).
    pub names: Vec<String>,
    /// Whether to keep the strings.
    pub keep_names: bool,
}

/// FNV-1a, 64 bits: the hash of a feature string (the table's keys are hashed alike).
pub fn hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

impl Feats {
    fn add(&mut self, parts: &[&str]) {
        self.buf.clear();
        for p in parts {
            self.buf.push_str(p);
        }
        self.hashes.push(hash(&self.buf));
        if self.keep_names {
            self.names.push(self.buf.clone());
        }
    }

    fn clear(&mut self) {
        self.hashes.clear();
        self.names.clear();
    }
}

/// The shape of a word: `X` upper, `x` lower, `d` digit, other characters as they are, runs
/// collapsed ("McDonald" → "XxXx", "U.S." → "X.X.", "F-16" → "X-d").
fn shape(w: &str) -> String {
    let mut out = String::new();
    for c in w.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if !out.ends_with(s) || !matches!(s, 'X' | 'x' | 'd') {
            out.push(s);
        }
        if out.len() > 8 {
            break;
        }
    }
    out
}

fn suffix(w: &str, n: usize) -> &str {
    let k = w.char_indices().rev().nth(n - 1).map_or(0, |(b, _)| b);
    &w[k..]
}

/// Fills `f` with the features of mention `mi`.
pub fn extract(doc: &Document, ctx: &DocContext, mentions: &[Mention], mi: usize, lex: &Lexicon, f: &mut Feats) {
    f.clear();
    let m = &mentions[mi];
    let toks = &doc.tokens;
    let words: Vec<&crate::text::Token> = toks[m.tokens.clone()].iter().filter(|t| t.kind == TokKind::Word).collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        f.add(&["bias"]);
        return;
    };
    f.add(&["bias"]);
    f.add(&["rule=", m.rule]);
    let n = words.len().min(4);
    f.add(&["n=", ["0", "1", "2", "3", "4"][n]]);
    f.add(&["first=", &first.lower]);
    f.add(&["last=", &last.lower]);
    f.add(&["suf3=", suffix(&last.lower, 3)]);
    f.add(&["suf2=", suffix(&last.lower, 2)]);
    f.add(&["shape=", &shape(&last.norm)]);
    if words.len() > 1 {
        f.add(&["firstshape=", &shape(&first.norm)]);
    }
    if words.iter().all(|t| t.is_all_caps()) {
        f.add(&["allcaps", if words.len() == 1 { "1" } else { "n" }]);
    }
    if words.iter().any(|t| t.norm.len() <= 2 && t.norm.ends_with('.')) {
        f.add(&["initial"]);
    }
    if let Some(&g) = lex.first_names.get(first.lower.as_str()) {
        let g = match g {
            Gender::Male => "m",
            Gender::Female => "f",
            Gender::Unknown => "u",
        };
        f.add(&["given=", g, if words.len() == 1 { "1" } else { "n" }]);
    }
    f.add(&["census-first=", super::census::classes(&first.lower).unwrap_or("-"), if words.len() == 1 { "@1" } else { "" }]);
    if words.len() > 1 {
        f.add(&["census-last=", super::census::classes(&last.lower).unwrap_or("-")]);
    }
    if lex.family_first.contains(first.lower.as_str()) && words.len() > 1 {
        f.add(&["family-first"]);
    }
    if let Some(t) = lex.heads.get(last.lower.as_str()) {
        f.add(&["head=", t.as_str()]);
    }
    if words.len() > 1 && words.iter().any(|t| t.lower == "of") {
        f.add(&["has-of"]);
    }
    if lex.is_name_suffix(&last.norm) {
        f.add(&["name-suffix"]);
    }
    // Known names inside: a demonym first, a place or organisation anywhere.
    for (k, t) in words.iter().enumerate() {
        if let Some(list) = lex.phrases.get(t.lower.as_str()) {
            if let Some(p) = list.iter().find(|p| p.tokens.len() == 1) {
                let ty = lex.entities[p.entity].node_type;
                let what = match p.form {
                    Form::Demonym => "demonym",
                    Form::Capital => "capital",
                    Form::Name => ty.as_str(),
                };
                f.add(&["inside=", what, if k == 0 { "@0" } else { "" }]);
            }
        }
    }
    // What the tagger's dictionary knows of the words (its set of tags in UD training, as a
    // class id: a word seen only as NNP, only as NN, as both…), and whether the document writes
    // them in lower case elsewhere ("computers").
    if let Ok(model) = crate::syntax::Model::global() {
        for (pos, t) in [("amb-last=", last), ("amb-first=", first)] {
            let key = crate::syntax::tagger::WordKeys::new(&t.norm).lower;
            match model.tagger.ambiguity.get(&key) {
                Some(a) => f.add(&[pos, &format!("{:x}", a & 0xffff_ffff)]),
                None => f.add(&[pos, "unknown"]),
            }
        }
    }
    if words.iter().all(|t| ctx.lower_words.contains(t.lower.as_str())) {
        f.add(&["lower-in-doc", if words.len() == 1 { "1" } else { "n" }]);
    }
    // Around it.
    let a = m.tokens.start;
    let b = m.tokens.end;
    let prev = a.checked_sub(1).map(|i| &toks[i]);
    let next = toks.get(b);
    let sent = doc.sentence_of(a).map(|s| doc.sentences[s].tokens.clone()).unwrap_or(a..b);
    if a == sent.start || prev.is_some_and(|p| p.kind == TokKind::Quote && a - 1 == sent.start) {
        f.add(&["sent-start"]);
    }
    match prev.filter(|_| a > sent.start) {
        Some(p) => f.add(&["prev=", &p.lower]),
        None => f.add(&["prev=<s>"]),
    }
    match next.filter(|_| b < sent.end) {
        Some(t) => {
            f.add(&["next=", &t.lower]);
            if let Some(t2) = toks.get(b + 1).filter(|_| b + 1 < sent.end) {
                f.add(&["next2=", &t.lower, " ", &t2.lower]);
            }
        }
        None => f.add(&["next=</s>"]),
    }
    if let Some(p) = mi.checked_sub(1).map(|p| &mentions[p]).filter(|p| p.tokens.end == a) {
        match p.kind {
            MentionKind::Title if p.head => f.add(&["after-title"]),
            MentionKind::Demonym => f.add(&["after-demonym"]),
            _ => {}
        }
    }
    if m.honorific.is_some() {
        f.add(&["honorific"]);
    }
    // "London-based": the name is glued to "-based".
    if let Some(t) = next {
        if t.start == toks[b - 1].end && (t.lower == "-based" || t.lower.starts_with("-based")) {
            f.add(&["x-based"]);
        }
    }
    // The parse.
    if let Some((sp, h)) = ctx.head_unit(m) {
        let u = &sp.tokens[h];
        let rel = u.deprel;
        f.add(&["rel=", rel]);
        f.add(&["xpos=", u.xpos]);
        if let Some(g) = u.head {
            let gu = &sp.tokens[g];
            let gl = gu.lemma.to_lowercase();
            f.add(&["gov=", &gl]);
            f.add(&["rel-gov=", rel, " ", &gl]);
            f.add(&["gov-upos=", rel, " ", gu.upos]);
            if rel == "appos" || rel.starts_with("nmod:poss") || rel == "compound" {
                f.add(&["of-", rel, "=", &gl]);
            }
            // What the governor is: a typed name ("Mosul, Baiji and Tuz"), a typing noun ("the
            // city of Baqubah", "the company Keyhole").
            if let Some(Some(t)) = ctx.typed_at.get(gu.token) {
                if !m.tokens.contains(&gu.token) {
                    f.add(&["gov-type=", rel, " ", t.as_str()]);
                }
            }
            if let Some(t) = lex.heads.get(gl.as_str()) {
                f.add(&["gov-head=", rel, " ", t.as_str()]);
            }
            // The appositive's head noun: "X, a company" (the name is the head, the noun its appos).
        }
        for &c in sp.children(h) {
            let cu = &sp.tokens[c];
            match cu.deprel {
                "case" => {
                    let cl = cu.lemma.to_lowercase();
                    f.add(&["case=", &cl]);
                    if let Some(g) = u.head {
                        f.add(&["case-gov=", &cl, " ", &sp.tokens[g].lemma.to_lowercase()]);
                    }
                }
                "appos" | "conj" if cu.upos == "NOUN" || cu.upos == "PROPN" => {
                    let cl = cu.lemma.to_lowercase();
                    if cu.upos == "NOUN" {
                        f.add(&[cu.deprel, "=", &cl]);
                    }
                    if let Some(t) = lex.heads.get(cl.as_str()) {
                        f.add(&["child-head=", cu.deprel, " ", t.as_str()]);
                    }
                    if let Some(Some(t)) = ctx.typed_at.get(cu.token) {
                        f.add(&["child-type=", cu.deprel, " ", t.as_str()]);
                    }
                }
                "det" => f.add(&["det=", &cu.lemma.to_lowercase()]),
                "amod" => f.add(&["amod=", &cu.lemma.to_lowercase()]),
                _ => {}
            }
        }
        // The name after a common noun in apposition or compound ("the river Thames").
        if rel == "appos" {
            if let Some(g) = u.head {
                if sp.tokens[g].upos == "NOUN" {
                    f.add(&["appos-of=", &sp.tokens[g].lemma.to_lowercase()]);
                }
            }
        }
    }
    // The document.
    if words.len() == 1 {
        if ctx.person_surnames.contains(last.lower.as_str()) {
            f.add(&["doc-surname"]);
        }
        if ctx.given_first.contains(last.lower.as_str()) {
            f.add(&["doc-given"]);
        }
    }
    if let Some(heads) = ctx.longer_heads.get(m.key.as_str()) {
        for h in heads {
            f.add(&["doc-part-of=", h]);
        }
    }
}
