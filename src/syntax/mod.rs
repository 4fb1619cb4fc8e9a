//! Stage 1b: syntax. Part-of-speech tags (UPOS + PTB XPOS), lemmas, morphological features
//! and labelled Universal Dependencies for the sentences of a [`crate::text::Document`].
//!
//! | part | module | what |
//! |---|---|---|
//! | format | [`conllu`] | CoNLL-U reader and writer (training data, `newsgraph parse` output) |
//! | features | [`features`] | feature hashing, averaged perceptron, quantised weight tables |
//! | tagger | [`tagger`] | greedy averaged-perceptron tagger for the joint `UPOS XPOS` tag |
//! | lemmas | [`lemma`] | suffix edit rules per XPOS + exceptions |
//! | features | [`morph`] | FEATS by (word, XPOS) with an XPOS default |
//! | parser | [`parser`] | arc-hybrid transitions, dynamic oracle, factored labeller |
//! | model | [`model`] | the versioned, checksummed binary model file |
//! | training | [`train`] | everything from UD treebanks, deterministic (jackknifed tags) |
//! | evaluation | [`eval`] | UPOS, XPOS, lemma, FEATS, UAS, LAS on gold tokenisation |
//! | documents | [`document`] | the project's tokens → parse units (clitics split), the [`Parse`] layer |
//!
//! The model is trained in the project from the UD English EWT and GUM train splits
//! (`newsgraph-train train ../shared/ud`), committed as `src/data/syntax/en.model`, embedded in
//! the binary and loaded once, lazily, on first use ([`Model::global`]). Nothing here reads
//! `../shared` at run time. Tagging and parsing are deterministic: integer scores, fixed tie
//! breaks, no hash-map iteration order in any output.

pub mod conllu;
pub mod document;
pub mod eval;
pub mod features;
pub mod lemma;
pub mod model;
pub mod morph;
pub mod parser;
pub mod tagger;
pub mod train;

pub use document::{parse_document, parse_document_with, Parse, SentenceParse, SynToken};
pub use model::ModelError;

use std::sync::OnceLock;
use tagger::WordKeys;

/// The committed model (see `src/data/syntax/README.md` for its provenance and licences).
static MODEL_BYTES: &[u8] = include_bytes!("../data/syntax/en.model");

/// The tagger, lemmatiser, FEATS predictor and parser, trained together.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Part-of-speech tagger.
    pub tagger: tagger::Tagger,
    /// Lemmatiser.
    pub lemmas: lemma::Lemmatizer,
    /// FEATS predictor.
    pub morph: morph::Morph,
    /// Dependency parser.
    pub parser: parser::Parser,
    /// How the model was made (command, data, licences).
    pub provenance: String,
    upos: Vec<String>,
    xpos: Vec<String>,
}

/// The analysis of one word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordAnalysis<'m> {
    /// Universal POS tag.
    pub upos: &'m str,
    /// Penn Treebank tag.
    pub xpos: &'m str,
    /// Lemma.
    pub lemma: String,
    /// FEATS (`_` when none).
    pub feats: &'m str,
    /// Head: 0 for the root, else the 1-based index of the head word.
    pub head: usize,
    /// Relation to the head (`root` for the root).
    pub deprel: &'m str,
}

impl Model {
    /// Assembles a model from its trained parts.
    pub fn from_parts(tagger: tagger::Tagger, lemmas: lemma::Lemmatizer, morph: morph::Morph, parser: parser::Parser, provenance: String) -> Model {
        let split = |t: &String, k: usize| t.split(' ').nth(k).unwrap_or("X").to_string();
        let upos = tagger.tags.iter().map(|t| split(t, 0)).collect();
        let xpos = tagger.tags.iter().map(|t| split(t, 1)).collect();
        Model { tagger, lemmas, morph, parser, provenance, upos, xpos }
    }

    /// The committed model, loaded on first use.
    pub fn global() -> Result<&'static Model, ModelError> {
        static MODEL: OnceLock<Result<Model, ModelError>> = OnceLock::new();
        MODEL.get_or_init(|| model::from_bytes(MODEL_BYTES)).as_ref().map_err(Clone::clone)
    }

    /// Reads a model file's bytes.
    pub fn from_bytes(b: &[u8]) -> Result<Model, ModelError> {
        model::from_bytes(b)
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        model::to_bytes(self)
    }

    /// Tags, lemmatises and parses one sentence given as words (UD tokenisation).
    pub fn analyse<S: AsRef<str>>(&self, words: &[S]) -> Vec<WordAnalysis<'_>> {
        if words.is_empty() || self.tagger.tags.is_empty() || self.parser.labels.is_empty() {
            return Vec::new();
        }
        let keys: Vec<WordKeys> = words.iter().map(|w| WordKeys::new(w.as_ref())).collect();
        let tags = self.tagger.tag(&keys);
        let lowers: Vec<u64> = keys.iter().map(|k| k.lower).collect();
        let sufs: Vec<u64> = keys.iter().map(|k| k.suf[2]).collect();
        let ambs: Vec<u64> = keys.iter().map(|k| self.tagger.amb(k)).collect();
        let cands: Vec<_> = keys.iter().map(|k| self.tagger.candidates(k)).collect();
        let arcs = self.parser.parse(&parser::Input::new(&lowers, &sufs, &tags, &ambs, &cands));
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let w = w.as_ref();
                let t = arcs.tags.get(i + 1).copied().unwrap_or(tags[i]) as usize;
                let xpos = self.xpos[t].as_str();
                let label = arcs.labels[i + 1] as usize;
                WordAnalysis {
                    upos: self.upos[t].as_str(),
                    xpos,
                    lemma: self.lemmas.lemma(w, xpos),
                    feats: self.morph.feats(w, xpos),
                    head: arcs.heads[i + 1] as usize,
                    deprel: self.parser.labels.get(label).map_or("dep", |s| s.as_str()),
                }
            })
            .collect()
    }

    /// Tags only (no lemmas, no parse): `(upos, xpos)` per word.
    pub fn tag<S: AsRef<str>>(&self, words: &[S]) -> Vec<(&str, &str)> {
        let keys: Vec<WordKeys> = words.iter().map(|w| WordKeys::new(w.as_ref())).collect();
        self.tagger.tag(&keys).into_iter().map(|t| (self.upos[t as usize].as_str(), self.xpos[t as usize].as_str())).collect()
    }
}
