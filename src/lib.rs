//! # newsgraph
//!
//! Turns news articles into a knowledge graph of who did what to whom and who said what, with
//! deterministic, explainable rules. The crate reads as its pipeline; each stage is a module:
//!
//! | stage | module | in → out |
//! |---|---|---|
//! | 0 input | [`input`] | files, directories, stdin, JSON lines → [`input::RawDoc`] |
//! | 1 text | [`text`] | raw text → [`text::Document`]: metadata, paragraphs, sentences, tokens (byte offsets) |
//! | 1b syntax | [`syntax`] | sentences → POS tags, lemmas, FEATS, labelled dependencies ([`syntax::Parse`]), on request |
//! | 2 mentions | [`mentions`] | tokens → entity, title, pronoun and description mentions |
//! | 3 coref | [`coref`] | mentions → entities (one per real-world referent in the document) |
//! | 4 relations | [`relations`] | sentences + entities → roles, actions, statements |
//! | — facts | [`extract`] | one document → [`model::DocFacts`] (independent per document) |
//! | 5 graph | [`graph`] | facts → one merged [`graph::KnowledgeGraph`] (petgraph) |
//! | 6 export | [`export`] | graph → JSON, DOT/SVG, GEXF, GraphML, Cypher, CSV, … |
//! | 7 query | [`query`] | graph → who said what, paths, neighbours |
//!
//! Language data (gazetteers, titles, cues, action verbs) is in [`lexicon`], loaded from
//! JSON-lines files that users can extend.
//!

pub mod coref;
pub mod explain;
pub mod export;
pub mod extract;
pub mod graph;
pub mod input;
pub mod lexicon;
pub mod mentions;
pub mod messages;
pub mod model;
pub mod pipeline;
pub mod query;
pub mod relations;
pub mod syntax;
pub mod text;
