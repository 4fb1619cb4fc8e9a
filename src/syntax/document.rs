//! The parse of a [`Document`]: the project's tokens become parse units, the model analyses
//! each sentence, and the result is a [`Parse`] layer beside the document (spaCy style: the
//! document keeps its tokens; this stage adds annotations that point back to them).
//!
//! * **Units.** The project's tokenizer keeps contractions whole; UD splits them. A word token
//!   ending in `n't`, `'re`, `'ve`, `'ll`, `'m` or `'d` becomes two units ("don't" → "do" +
//!   "n't", "can't" → "ca" + "n't"), as do "cannot", "gonna", "wanna" and "gotta". Every unit
//!   keeps its byte span in the original text and the index of its token. Possessive `'s`
//!   is already a token of its own; hyphenated words ("co-hosted") stay whole.
//! * **Names.** Multi-word names that the gazetteers know (the `names` token ranges given to
//!   [`parse_document_with`]) are made one subtree: its head is the leftmost unit of the name
//!   whose head lies outside it; other name units that the parser attached outside are
//!   attached to that head with `flat`, and outside words that hang on a non-head unit of the
//!   name move to the head. A change that would make a cycle is not made (the parse is then
//!   left as the model gave it). So a known name is always one constituent.
//! * **One subject.** Two adjacent subjects of one predicate ("Chancellor | Olaf Scholz
//!   phoned") are a parser error: the left one becomes a `compound` of the right
//!   ([`one_subject`]). An object directly before a finite complement clause without a
//!   subject is that clause's subject, and a `conj` verb with its own subject and no
//!   conjunction is `parataxis` ([`clause_repairs`]).
//! * **API.** Per unit: head, relation, children, subtree span (unit and byte range), UPOS,
//!   XPOS, lemma, FEATS ([`SentenceParse`]). [`to_conllu`] writes CoNLL-U with byte offsets in
//!   MISC (`TokenRange=12:17`, `SpaceAfter=No`); [`render_tree`] draws a sentence's tree.

use super::conllu;
use super::{Model, ModelError};
use crate::text::{Document, TokKind};
use std::fmt::Write;
use std::ops::Range;

/// One parse unit with its analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynToken {
    /// The unit's text (normalised: straight quotes and apostrophes).
    pub form: String,
    /// Byte span in [`Document::text`].
    pub span: Range<usize>,
    /// Index of its token in [`Document::tokens`].
    pub token: usize,
    /// Universal POS tag.
    pub upos: &'static str,
    /// Penn Treebank tag.
    pub xpos: &'static str,
    /// Lemma.
    pub lemma: String,
    /// FEATS (`_` when none).
    pub feats: &'static str,
    /// Index of the head unit in the sentence; `None` for the root.
    pub head: Option<usize>,
    /// Relation to the head (`root` for the root).
    pub deprel: &'static str,
}

/// The parse of one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceParse {
    /// Index of the sentence in [`Document::sentences`].
    pub sentence: usize,
    /// The units, in text order.
    pub tokens: Vec<SynToken>,
    children: Vec<Vec<usize>>,
    subtree: Vec<Range<usize>>,
}

impl SentenceParse {
    fn new(sentence: usize, tokens: Vec<SynToken>) -> SentenceParse {
        let n = tokens.len();
        let mut children = vec![Vec::new(); n];
        for (i, t) in tokens.iter().enumerate() {
            if let Some(h) = t.head {
                children[h].push(i);
            }
        }
        let mut subtree: Vec<Range<usize>> = (0..n).map(|i| i..i + 1).collect();
        // Widen each head's range by its dependents', deepest first (heads are a tree).
        let mut order: Vec<usize> = (0..n).collect();
        let depth = |mut i: usize| {
            let mut d = 0;
            while let Some(h) = tokens[i].head {
                i = h;
                d += 1;
                if d > n {
                    break;
                }
            }
            d
        };
        let depths: Vec<usize> = (0..n).map(depth).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(depths[i]));
        for i in order {
            if let Some(h) = tokens[i].head {
                let r = subtree[i].clone();
                let s = &mut subtree[h];
                *s = s.start.min(r.start)..s.end.max(r.end);
            }
        }
        SentenceParse { sentence, tokens, children, subtree }
    }

    /// The root unit.
    pub fn root(&self) -> Option<usize> {
        self.tokens.iter().position(|t| t.head.is_none())
    }

    /// The dependents of unit `i`, in text order.
    pub fn children(&self, i: usize) -> &[usize] {
        self.children.get(i).map_or(&[], |v| v.as_slice())
    }

    /// Units `a..b` from the leftmost to the rightmost descendant of unit `i` (itself included).
    pub fn subtree(&self, i: usize) -> Range<usize> {
        self.subtree.get(i).cloned().unwrap_or(i..i)
    }

    /// Byte span of [`SentenceParse::subtree`].
    pub fn subtree_bytes(&self, i: usize) -> Range<usize> {
        let r = self.subtree(i);
        if r.is_empty() {
            return 0..0;
        }
        self.tokens[r.start].span.start..self.tokens[r.end - 1].span.end
    }
}

/// The parse of a document: one [`SentenceParse`] per sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parse {
    /// Sentences, in document order.
    pub sentences: Vec<SentenceParse>,
}

const CLITICS: &[&str] = &["n't", "'re", "'ve", "'ll", "'m", "'d"];
const SPLIT_WORDS: &[(&str, usize)] = &[("cannot", 3), ("gonna", 3), ("wanna", 3), ("gotta", 3)];

/// Splits token `ti` into parse units: `(form, span)`.
fn units_of(doc: &Document, ti: usize, out: &mut Vec<(String, Range<usize>, usize)>) {
    let t = &doc.tokens[ti];
    let orig = &doc.text[t.start..t.end];
    let n_chars = t.norm.chars().count();
    let mut cut = None; // number of chars of the first unit
    if t.kind == TokKind::Word && n_chars == orig.chars().count() {
        if let Some(c) = CLITICS.iter().find(|c| t.lower.len() > c.len() && t.lower.ends_with(*c)) {
            cut = Some(n_chars - c.chars().count());
        } else if let Some(&(_, k)) = SPLIT_WORDS.iter().find(|(w, _)| t.lower == *w) {
            cut = Some(k);
        }
    }
    match cut {
        Some(k) if k > 0 => {
            let nb = t.norm.char_indices().nth(k).map_or(t.norm.len(), |(b, _)| b);
            let ob = orig.char_indices().nth(k).map_or(orig.len(), |(b, _)| b);
            out.push((t.norm[..nb].to_string(), t.start..t.start + ob, ti));
            out.push((t.norm[nb..].to_string(), t.start + ob..t.end, ti));
        }
        _ => out.push((t.norm.clone(), t.start..t.end, ti)),
    }
}

/// Parses every sentence of `doc` with the committed model.
pub fn parse_document(doc: &Document) -> Result<Parse, ModelError> {
    Ok(parse_document_with(Model::global()?, doc, &[]))
}

/// Parses every sentence of `doc` with `model`; `names` are token ranges of multi-word names
/// to keep as one subtree.
pub fn parse_document_with(model: &'static Model, doc: &Document, names: &[Range<usize>]) -> Parse {
    let mut sentences = Vec::with_capacity(doc.sentences.len());
    let mut units = Vec::new();
    for (si, s) in doc.sentences.iter().enumerate() {
        units.clear();
        for ti in s.tokens.clone() {
            units_of(doc, ti, &mut units);
        }
        let forms: Vec<&str> = units.iter().map(|u| u.0.as_str()).collect();
        let a = model.analyse(&forms);
        let mut heads: Vec<Option<usize>> = a.iter().map(|w| w.head.checked_sub(1)).collect();
        let mut rels: Vec<&'static str> = a.iter().map(|w| w.deprel).collect();
        for r in names.iter().filter(|r| r.len() >= 2 && r.start >= s.tokens.start && r.end <= s.tokens.end) {
            let a = units.iter().position(|u| u.2 == r.start);
            let b = units.iter().rposition(|u| u.2 == r.end - 1);
            if let (Some(a), Some(b)) = (a, b) {
                make_constituent(&mut heads, &mut rels, a..b + 1);
            }
        }
        one_subject(&mut heads, &mut rels);
        clause_repairs(&a, &mut heads, &mut rels);
        let tokens = units
            .drain(..)
            .zip(a)
            .zip(heads.iter().zip(&rels))
            .map(|(((form, span, token), w), (&head, &deprel))| SynToken {
                form,
                span,
                token,
                upos: w.upos,
                xpos: w.xpos,
                lemma: w.lemma,
                feats: w.feats,
                head,
                deprel,
            })
            .collect();
        sentences.push(SentenceParse::new(si, tokens));
    }
    Parse { sentences }
}

/// A predicate has one subject: where the parser gave a word two adjacent subjects ("Chancellor
/// | Olaf Scholz phoned …", "Defence Minister | Sergei Shoigu said"), the left one (a title or a
/// modifier noun) becomes a `compound` of the right one. Returns the number of units moved.
pub fn one_subject(heads: &mut [Option<usize>], rels: &mut [&'static str]) -> usize {
    let n = heads.len();
    // Leftmost and rightmost unit of each subtree.
    let mut lo: Vec<usize> = (0..n).collect();
    let mut hi: Vec<usize> = (0..n).collect();
    for i in 0..n {
        let mut h = heads[i];
        let mut steps = 0;
        while let Some(x) = h {
            if steps > n {
                return 0; // a cycle: leave the tree as it is
            }
            lo[x] = lo[x].min(i);
            hi[x] = hi[x].max(i);
            h = heads[x];
            steps += 1;
        }
    }
    let mut moved = 0;
    for h in 0..n {
        let subj: Vec<usize> = (0..n).filter(|&c| heads[c] == Some(h) && matches!(rels[c], "nsubj" | "nsubj:pass")).collect();
        for w in subj.windows(2) {
            let (l, r) = (w[0], w[1]);
            if hi[l] + 1 == lo[r] && l < r {
                heads[l] = Some(r);
                rels[l] = "compound";
                moved += 1;
            }
        }
    }
    moved
}

/// Two repairs of clause structure, both to what UD prescribes:
/// * the object of a verb directly followed by a finite complement clause that has no subject
///   is that clause's subject ("said | the states | were exaggerating": `obj` → `nsubj` of
///   "exaggerating"; "urged Japan to lift" has no finite clause and stays);
/// * a verb joined as `conj` with a subject of its own and no conjunction ("The talks failed,
///   Lavrov said, …") is `parataxis`. Returns the number of arcs changed.
pub fn clause_repairs(a: &[super::WordAnalysis<'_>], heads: &mut [Option<usize>], rels: &mut [&'static str]) -> usize {
    let n = heads.len().min(a.len());
    let kids = |heads: &[Option<usize>], rels: &[&str], h: usize, rel: &str| (0..n).filter(|&c| heads[c] == Some(h) && rels[c].split(':').next() == Some(rel)).collect::<Vec<_>>();
    let finite = |i: usize| matches!(a[i].xpos, "VBD" | "VBZ" | "VBP" | "MD");
    let mut changed = 0;
    for v in 0..n {
        for c in kids(heads, rels, v, "ccomp") {
            if !kids(heads, rels, c, "nsubj").is_empty() || !kids(heads, rels, c, "mark").is_empty() {
                continue;
            }
            let aux = kids(heads, rels, c, "aux");
            if !(finite(c) || aux.iter().any(|&x| finite(x))) {
                continue;
            }
            // The clause starts at its first auxiliary or its head; the object ends right before.
            let start = aux.iter().copied().chain([c]).min().unwrap_or(c);
            if let Some(o) = kids(heads, rels, v, "obj").into_iter().find(|&o| o < start && subtree_end(heads, o) + 1 == start) {
                heads[o] = Some(c);
                rels[o] = "nsubj";
                changed += 1;
            }
        }
    }
    for v in 0..n {
        if rels[v] == "conj" && a[v].upos == "VERB" && !kids(heads, rels, v, "nsubj").is_empty() && kids(heads, rels, v, "cc").is_empty() {
            rels[v] = "parataxis";
            changed += 1;
        }
    }
    changed
}

/// The rightmost unit of `i`'s subtree.
fn subtree_end(heads: &[Option<usize>], i: usize) -> usize {
    let mut end = i;
    for j in i + 1..heads.len() {
        let mut h = heads[j];
        let mut steps = 0;
        while let Some(x) = h {
            if x == i {
                end = j;
                break;
            }
            steps += 1;
            if steps > heads.len() {
                break;
            }
            h = heads[x];
        }
    }
    end
}

fn has_cycle(heads: &[Option<usize>]) -> bool {
    (0..heads.len()).any(|start| {
        let mut i = start;
        for _ in 0..=heads.len() {
            match heads[i] {
                Some(h) => i = h,
                None => return false,
            }
        }
        true
    })
}

/// Makes units `span` one subtree (see the module note). Returns whether it changed anything.
pub fn make_constituent(heads: &mut [Option<usize>], rels: &mut [&'static str], span: Range<usize>) -> bool {
    let inside = |i: usize| span.contains(&i);
    let outside_headed: Vec<usize> = span.clone().filter(|&i| heads[i].is_none_or(|h| !inside(h))).collect();
    // The root, when the name holds it; else the leftmost unit attached outside.
    let Some(&h) = outside_headed.iter().find(|&&i| heads[i].is_none()).or(outside_headed.first()) else { return false };
    let (old_h, old_r) = (heads.to_vec(), rels.to_vec());
    let mut changed = false;
    for &u in outside_headed.iter().filter(|&&u| u != h) {
        heads[u] = Some(h);
        rels[u] = "flat";
        changed = true;
    }
    for o in (0..heads.len()).filter(|&o| !inside(o)) {
        if heads[o].is_some_and(|x| inside(x) && x != h) {
            heads[o] = Some(h);
            changed = true;
        }
    }
    if changed && has_cycle(heads) {
        heads.copy_from_slice(&old_h);
        rels.copy_from_slice(&old_r);
        return false;
    }
    changed
}

/// CoNLL-U for a parsed document: `# sent_id = <doc id>-<n>`, `# text = …`, and byte
/// offsets in MISC (`TokenRange=start:end`, `SpaceAfter=No` when the next unit touches).
pub fn to_conllu(doc: &Document, parse: &Parse) -> String {
    let mut out = String::new();
    for sp in &parse.sentences {
        let s = &doc.sentences[sp.sentence];
        let text: String = doc.sentence_text(s).split_whitespace().collect::<Vec<_>>().join(" ");
        let comments = vec![format!("sent_id = {}-{}", doc.meta.id, sp.sentence + 1), format!("text = {text}")];
        let words = sp
            .tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut misc = format!("TokenRange={}:{}", t.span.start, t.span.end);
                if sp.tokens.get(i + 1).is_some_and(|n| n.span.start == t.span.end) {
                    misc.push_str("|SpaceAfter=No");
                }
                conllu::Word {
                    form: t.form.clone(),
                    lemma: t.lemma.clone(),
                    upos: t.upos.to_string(),
                    xpos: t.xpos.to_string(),
                    feats: t.feats.to_string(),
                    head: t.head.map_or(0, |h| h + 1),
                    deprel: t.deprel.to_string(),
                    misc,
                }
            })
            .collect();
        conllu::write_sentence(&conllu::Sentence { comments, words }, &mut out);
    }
    out
}

/// A sentence's tree, one unit a line, indented under its head:
///
/// ```text
/// said  VERB VBD  root
/// ├── Lavrov  PROPN NNP  nsubj
/// └── .  PUNCT .  punct
/// ```
pub fn render_tree(sp: &SentenceParse) -> String {
    let mut out = String::new();
    fn walk(sp: &SentenceParse, i: usize, prefix: &str, last: bool, top: bool, out: &mut String, depth: usize) {
        let t = &sp.tokens[i];
        let branch = if top { "" } else if last { "└── " } else { "├── " };
        let _ = writeln!(out, "{prefix}{branch}{}  {} {}  {}  lemma={}{}", t.form, t.upos, t.xpos, t.deprel, t.lemma, if t.feats == "_" { String::new() } else { format!(" {}", t.feats) });
        if depth > sp.tokens.len() {
            return;
        }
        let kids = sp.children(i);
        let next = if top { prefix.to_string() } else { format!("{prefix}{}", if last { "    " } else { "│   " }) };
        for (k, &c) in kids.iter().enumerate() {
            walk(sp, c, &next, k + 1 == kids.len(), false, out, depth + 1);
        }
    }
    for (i, t) in sp.tokens.iter().enumerate() {
        if t.head.is_none() {
            walk(sp, i, "", true, true, &mut out, 0);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(tags: &[(&'static str, &'static str)]) -> Vec<crate::syntax::WordAnalysis<'static>> {
        tags.iter().map(|&(upos, xpos)| crate::syntax::WordAnalysis { upos, xpos, lemma: String::new(), feats: "_", head: 0, deprel: "dep" }).collect()
    }

    #[test]
    fn clause_subjects_and_parataxis_are_repaired() {
        // said(0) the(1) states(2) were(3) exaggerating(4): "states" was the object of "said".
        let a = words(&[("VERB", "VBD"), ("DET", "DT"), ("NOUN", "NNS"), ("AUX", "VBD"), ("VERB", "VBG")]);
        let mut heads = vec![None, Some(2), Some(0), Some(4), Some(0)];
        let mut rels = vec!["root", "det", "obj", "aux", "ccomp"];
        assert_eq!(clause_repairs(&a, &mut heads, &mut rels), 1);
        assert_eq!((heads[2], rels[2]), (Some(4), "nsubj"));
        // urged(0) Japan(1) to(2) lift(3): no finite clause, unchanged.
        let a = words(&[("VERB", "VBD"), ("PROPN", "NNP"), ("PART", "TO"), ("VERB", "VB")]);
        let mut heads = vec![None, Some(0), Some(3), Some(0)];
        let mut rels = vec!["root", "obj", "mark", "xcomp"];
        assert_eq!(clause_repairs(&a, &mut heads, &mut rels), 0);
        // failed(0) ,(1) Lavrov(2) said(3): a conj with its own subject and no conjunction.
        let a = words(&[("VERB", "VBD"), ("PUNCT", ","), ("PROPN", "NNP"), ("VERB", "VBD")]);
        let mut heads = vec![None, Some(3), Some(3), Some(0)];
        let mut rels = vec!["root", "punct", "nsubj", "conj"];
        assert_eq!(clause_repairs(&a, &mut heads, &mut rels), 1);
        assert_eq!(rels[3], "parataxis");
    }

    #[test]
    fn two_adjacent_subjects_become_one() {
        // Chancellor(0) Olaf(1) Scholz(2) phoned(3): the parser gave 0 and 1 both as nsubj of 3.
        let mut heads = vec![Some(3), Some(3), Some(1), None];
        let mut rels = vec!["nsubj", "nsubj", "flat", "root"];
        assert_eq!(one_subject(&mut heads, &mut rels), 1);
        assert_eq!((heads[0], rels[0]), (Some(1), "compound"));
        // Apart ("Russia, China agree": a comma between), they stay.
        let mut heads = vec![Some(3), Some(3), Some(3), None];
        let mut rels = vec!["nsubj", "punct", "nsubj", "root"];
        assert_eq!(one_subject(&mut heads, &mut rels), 0);
    }

    #[test]
    fn constituent_repairs_a_split_name() {
        // "met Sergey Lavrov today": parser put "Lavrov" under "met" and "today" under "Sergey".
        let mut heads = vec![None, Some(0), Some(0), Some(1)];
        let mut rels = vec!["root", "obj", "obj", "obl"];
        assert!(make_constituent(&mut heads, &mut rels, 1..3));
        assert_eq!(heads, vec![None, Some(0), Some(1), Some(1)]);
        assert_eq!(rels[2], "flat");
    }

    #[test]
    fn constituent_never_makes_a_cycle() {
        // Name 0..2; unit 0 hangs on 2 (outside), 2 hangs on 1 (inside, not the chosen head 0).
        let mut heads = vec![Some(2), None, Some(1)];
        let mut rels = vec!["nsubj", "root", "obj"];
        make_constituent(&mut heads, &mut rels, 0..2);
        assert!(!has_cycle(&heads));
    }
}
