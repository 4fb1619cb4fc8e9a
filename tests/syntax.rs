//! The syntactic front-end: training on a tiny treebank made here, the model file's errors,
//! CoNLL-U output, and inputs that must not break it (empty, huge, non-Latin).

use newsgraph::model::DocumentMeta;
use newsgraph::syntax::{conllu, document, train, Model, ModelError};
use newsgraph::text::Document;
use proptest::prelude::*;

/// A tiny treebank: (form, upos, xpos, head, deprel) per word.
const TINY: &[&[(&str, &str, &str, usize, &str)]] = &[
    &[("The", "DET", "DT", 2, "det"), ("minister", "NOUN", "NN", 3, "nsubj"), ("resigned", "VERB", "VBD", 0, "root"), (".", "PUNCT", ".", 3, "punct")],
    &[("Police", "NOUN", "NNS", 2, "nsubj"), ("arrested", "VERB", "VBD", 0, "root"), ("two", "NUM", "CD", 4, "nummod"), ("men", "NOUN", "NNS", 2, "obj"), ("in", "ADP", "IN", 6, "case"), ("Paris", "PROPN", "NNP", 2, "obl"), (".", "PUNCT", ".", 2, "punct")],
    &[("She", "PRON", "PRP", 2, "nsubj"), ("said", "VERB", "VBD", 0, "root"), ("the", "DET", "DT", 4, "det"), ("talks", "NOUN", "NNS", 6, "nsubj"), ("would", "AUX", "MD", 6, "aux"), ("resume", "VERB", "VB", 2, "ccomp"), (".", "PUNCT", ".", 2, "punct")],
    &[("The", "DET", "DT", 2, "det"), ("bank", "NOUN", "NN", 4, "nsubj:pass"), ("was", "AUX", "VBD", 4, "aux:pass"), ("fined", "VERB", "VBN", 0, "root"), ("by", "ADP", "IN", 7, "case"), ("the", "DET", "DT", 7, "det"), ("regulator", "NOUN", "NN", 4, "obl:agent"), (".", "PUNCT", ".", 4, "punct")],
    &[("Prices", "NOUN", "NNS", 2, "nsubj"), ("rose", "VERB", "VBD", 0, "root"), ("sharply", "ADV", "RB", 2, "advmod"), ("and", "CCONJ", "CC", 5, "cc"), ("fell", "VERB", "VBD", 2, "conj"), ("again", "ADV", "RB", 5, "advmod"), (".", "PUNCT", ".", 2, "punct")],
];

fn tiny() -> Vec<conllu::Sentence> {
    TINY.iter()
        .map(|s| conllu::Sentence {
            comments: vec![],
            words: s
                .iter()
                .map(|&(form, upos, xpos, head, deprel)| conllu::Word {
                    form: form.into(),
                    lemma: form.to_lowercase(),
                    upos: upos.into(),
                    xpos: xpos.into(),
                    feats: "_".into(),
                    head,
                    deprel: deprel.into(),
                    misc: "_".into(),
                })
                .collect(),
        })
        .collect()
}

fn tiny_opts() -> train::TrainOptions {
    train::TrainOptions { tagger_epochs: 10, parser_epochs: 20, folds: 1, seed: 7, trans_bits: 14, retag: true, provenance: "test".into() }
}

fn tiny_model() -> Model {
    train::train(&tiny(), &tiny_opts(), &|_| {})
}

#[test]
fn tiny_treebank_model_tags_and_parses_its_training_sentences() {
    let m = tiny_model();
    for s in tiny() {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let a = m.analyse(&forms);
        for (g, p) in s.words.iter().zip(&a) {
            assert_eq!((g.upos.as_str(), g.xpos.as_str()), (p.upos, p.xpos), "tag of {:?} in {forms:?}", g.form);
            assert_eq!((g.head, g.deprel.as_str()), (p.head, p.deprel), "arc of {:?} in {forms:?}", g.form);
        }
    }
}

#[test]
fn training_is_reproducible_bit_for_bit() {
    assert_eq!(tiny_model().to_bytes(), tiny_model().to_bytes());
}

#[test]
fn model_file_round_trips_and_rejects_bad_files() {
    let m = tiny_model();
    let bytes = m.to_bytes();
    let again = Model::from_bytes(&bytes).expect("own bytes load");
    assert_eq!(again.to_bytes(), bytes);
    assert_eq!(Model::from_bytes(b"").unwrap_err(), ModelError::BadMagic);
    assert_eq!(Model::from_bytes(b"PK\x03\x04 not a model").unwrap_err(), ModelError::BadMagic);
    let mut other = bytes.clone();
    other[8..12].copy_from_slice(&99u32.to_le_bytes());
    assert!(matches!(Model::from_bytes(&other), Err(ModelError::Version { found: 99, .. })));
    let mut flipped = bytes.clone();
    let k = bytes.len() / 2;
    flipped[k] ^= 0x40;
    assert!(matches!(Model::from_bytes(&flipped), Err(ModelError::Corrupt(_))));
    for cut in [9, 20, 28, bytes.len() - 1] {
        assert!(Model::from_bytes(&bytes[..cut]).is_err(), "truncated at {cut}");
    }
    let e = Model::from_bytes(&other).unwrap_err().to_string();
    assert!(e.contains("version 99"), "{e}");
}

#[test]
fn committed_model_loads_and_parses_news() {
    let m = Model::global().expect("the committed model loads");
    let words = ["The", "minister", "said", "on", "Monday", "that", "talks", "would", "resume", "."];
    let a = m.analyse(&words);
    assert_eq!(a.len(), words.len());
    assert_eq!(a.iter().filter(|w| w.head == 0).count(), 1, "one root");
    assert!(a.iter().all(|w| w.head <= words.len()));
    let said = &a[2];
    assert_eq!((said.upos, said.xpos, said.lemma.as_str(), said.deprel), ("VERB", "VBD", "say", "root"));
    assert_eq!((a[1].head, a[1].deprel), (3, "nsubj"));
    assert!(m.provenance.contains("CC BY-SA 4.0") && m.provenance.contains("CC BY 4.0"));
}

fn doc(text: &str) -> Document {
    Document::new(DocumentMeta { id: "t".into(), ..Default::default() }, text.to_string())
}

#[test]
fn conllu_output_round_trips_with_byte_offsets() {
    let text = "Russian Foreign Minister Sergey Lavrov said the talks weren't useful.\n\nThey can't go on, he said.";
    let d = doc(text);
    let p = newsgraph::syntax::parse_document(&d).unwrap();
    let out = document::to_conllu(&d, &p);
    let back = conllu::read(&out, "output").expect("reads back");
    assert_eq!(back.len(), p.sentences.len());
    assert_eq!(conllu::write(&back), out);
    for (s, sp) in back.iter().zip(&p.sentences) {
        assert!(s.comments[0].starts_with("sent_id = t-"));
        assert!(s.comments[1].starts_with("text = "));
        for (w, t) in s.words.iter().zip(&sp.tokens) {
            let range = w.misc.split('|').find_map(|m| m.strip_prefix("TokenRange=")).expect("TokenRange");
            let (a, b) = range.split_once(':').unwrap();
            let (a, b): (usize, usize) = (a.parse().unwrap(), b.parse().unwrap());
            assert_eq!(a..b, t.span);
            assert_eq!(newsgraph::text::normalize(&text[a..b]), w.form);
        }
    }
    // Contractions are split as in UD, with byte spans inside the token.
    let forms: Vec<&str> = back.iter().flat_map(|s| s.words.iter().map(|w| w.form.as_str())).collect();
    assert!(forms.windows(2).any(|w| w == ["were", "n't"]), "{forms:?}");
    assert!(forms.windows(2).any(|w| w == ["ca", "n't"]), "{forms:?}");
}

#[test]
fn api_children_and_subtrees() {
    let d = doc("The former prime minister of Italy visited Berlin on Monday.");
    let p = newsgraph::syntax::parse_document(&d).unwrap();
    let sp = &p.sentences[0];
    let root = sp.root().expect("a root");
    assert_eq!(sp.tokens[root].form, "visited");
    assert_eq!(sp.subtree(root), 0..sp.tokens.len());
    let subj = *sp.children(root).iter().find(|&&c| sp.tokens[c].deprel == "nsubj").expect("a subject");
    assert_eq!(&d.text[sp.subtree_bytes(subj)], "The former prime minister of Italy");
}

#[test]
fn known_names_are_one_subtree() {
    let lex = newsgraph::lexicon::Lexicon::builtin();
    let out = newsgraph::explain::explain("Russian Foreign Minister Sergey Lavrov met Antony Blinken in Geneva.", None, lex).unwrap();
    assert!(out.contains("parse:"), "{out}");
    let raw = newsgraph::input::RawDoc {
        id: "t".into(),
        source: "t".into(),
        text: "Russian Foreign Minister Sergey Lavrov met Antony Blinken in Geneva.".into(),
        date: None,
        title: None,
        agency: None,
        bytes: 0,
        warnings: vec![],
        ..Default::default()
    };
    let a = newsgraph::extract::analyze(&raw, lex);
    let names = newsgraph::extract::name_ranges(&a.mentions);
    assert!(!names.is_empty());
    let sp = &a.parse.sentences[0];
    for r in names {
        let units: Vec<usize> = (0..sp.tokens.len()).filter(|&i| r.contains(&sp.tokens[i].token)).collect();
        let heads_outside = units.iter().filter(|&&i| sp.tokens[i].head.is_none_or(|h| !units.contains(&h))).count();
        assert_eq!(heads_outside, 1, "name {r:?} is one subtree");
    }
}

#[test]
fn empty_huge_and_non_latin_inputs() {
    let m = Model::global().unwrap();
    assert!(m.analyse::<&str>(&[]).is_empty());
    assert!(newsgraph::syntax::parse_document(&doc("")).unwrap().sentences.is_empty());
    // One 10,000-word sentence: linear-time parsing, one tree.
    let words: Vec<String> = (0..10_000).map(|i| ["the", "cat", "saw", "a", "dog", ",", "and"][i % 7].to_string()).collect();
    let a = m.analyse(&words);
    assert_eq!(a.len(), 10_000);
    assert_eq!(a.iter().filter(|w| w.head == 0).count(), 1);
    for text in ["Путин встретился с Си Цзиньпином в Москве.", "東京で会談が行われた。", "Merkel said: «Wir schaffen das» — 我们 👍 ok.", "\u{200b}\u{feff}"] {
        let d = doc(text);
        let p = newsgraph::syntax::parse_document(&d).unwrap();
        for sp in &p.sentences {
            assert_eq!(sp.tokens.iter().filter(|t| t.head.is_none()).count(), 1);
            for t in &sp.tokens {
                assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_text_parses_without_panic(s in "\\PC{0,200}") {
        let d = doc(&s);
        let p = newsgraph::syntax::parse_document(&d).unwrap();
        let _ = document::to_conllu(&d, &p);
        for sp in &p.sentences {
            prop_assert_eq!(sp.tokens.iter().filter(|t| t.head.is_none()).count(), 1);
        }
    }
}
