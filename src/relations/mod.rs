//! Stage 4: relations. From the analysed document, its mentions and its entities, three rule
//! families produce facts, each tagged with the id of the rule that made it:
//!
//! * [`roles`] — noun-mediated relations from title phrases and appositives
//!   (`ROLE/TITLE_BEFORE_NAME/1`, `ROLE/APPOSITIVE/1`, …);
//! * [`statements`] — who said what: direct quotations and indirect speech
//!   (`QUOTE/DIRECT/*`, `QUOTE/INDIRECT_*`, `QUOTE/ACCORDING_TO/*`);
//! * [`actions`] — verb-mediated relations read from the dependency parse and mapped to the
//!   canonical vocabulary of the action rules in the lexicon (`ACTION/PROPOSES/1`, …), with
//!   negation, modality, conditions, demands and purposes; facts read inside a statement's
//!   content carry that statement (`according_to`).
//!
//! [`tree`] joins the parse to the mentions and entities, reads noun phrases as fact ends and
//! writes the arcs a rule walked for `explain` (the `path` of a [`Fact`]).
//!
//! Statements come first, so actions know which sentences are reported speech.

pub mod actions;
pub mod roles;
pub mod statements;
pub(crate) mod tree;

use crate::coref::Coref;
use crate::lexicon::Lexicon;
use crate::mentions::Mention;
use crate::model::EdgeKind;
use crate::syntax::Parse;
use crate::text::Document;
use std::ops::Range;

/// One end of a fact.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum End {
    /// An entity of the document (index into [`Coref::entities`]).
    Entity(usize),
    /// A noun phrase that is no named entity ("roadmap", "draft resolution"): becomes a Concept.
    Concept(String),
    /// A statement (index into [`Relations::statements`]).
    Statement(usize),
    /// A gazetteer entity the document does not name, implied by a title ("Home Secretary" →
    /// the United Kingdom): its lexicon id, name and type.
    Known {
        /// Id (the gazetteer's).
        id: String,
        /// Label.
        label: String,
        /// Type.
        node_type: crate::model::NodeType,
    },
    /// A text the article quotes in its own voice ("the report said", "the guidance says"):
    /// becomes a Document node of this article, labelled with the phrase ("report").
    Document(String),
}

/// A fact (an edge to be).
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// Source.
    pub source: End,
    /// Target.
    pub target: End,
    /// Relation (lower-case, hyphenated).
    pub relation: String,
    /// Kind.
    pub kind: EdgeKind,
    /// Rule id.
    pub rule: String,
    /// Sentence index.
    pub sentence: usize,
    /// The words that expressed it.
    pub surface: String,
    /// Negated.
    pub negated: bool,
    /// Modality.
    pub modality: Option<String>,
    /// The statement whose content it was read from.
    pub according_to: Option<usize>,
    /// The arcs of the dependency parse that fired, as `explain` prints them (`said ←nsubj–
    /// Lavrov, said –ccomp→ submitted`); empty for rules that read the words alone.
    pub path: String,
}

/// A who-said-what statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Byte span of the content.
    pub content: Range<usize>,
    /// The content without quotation marks.
    pub text: String,
    /// The reporting words as written.
    pub cue: String,
    /// Byte span of the reporting words.
    pub cue_span: Range<usize>,
    /// A quotation in marks.
    pub direct: bool,
    /// The resolved speaker entity.
    pub speaker: Option<usize>,
    /// The speaker's mention as written.
    pub source_text: String,
    /// With no speaker entity: the document that speaks ("report" for "the report said").
    pub voice: Option<String>,
    /// Sentence index (of the cue, or of the content's start).
    pub sentence: usize,
    /// Rule id.
    pub rule: &'static str,
    /// The arcs of the dependency parse that fired (`said ←nsubj– Lavrov, said –ccomp→
    /// supports`); empty for the word patterns.
    pub path: String,
}

/// Everything stage 4 found in a document.
#[derive(Debug, Clone, Default)]
pub struct Relations {
    /// Facts.
    pub facts: Vec<Fact>,
    /// Statements.
    pub statements: Vec<Statement>,
}

/// Runs the three rule families over the document, its parse, mentions and entities.
pub fn extract(doc: &Document, parse: &Parse, mentions: &[Mention], coref: &Coref, lex: &Lexicon) -> Relations {
    let mut r = Relations::default();
    let tree = tree::Tree::new(doc, parse, mentions, coref, lex);
    statements::find(&tree, &mut r);
    roles::find(doc, mentions, coref, lex, &mut r);
    actions::find(&tree, &mut r);
    statements::mention_edges(doc, mentions, coref, &mut r);
    r.facts.retain(|f| [&f.source, &f.target].iter().all(|e| !matches!(e, End::Concept(c) if !is_concept(c, lex))));
    r
}

/// Can these words be a Concept node? Not when every word is a function word, a wh-word, a
/// number or a quantity word ("when", "not", "percent", "the two": class `not-concept` and the
/// closed classes of the lexicon).
pub fn is_concept(label: &str, lex: &Lexicon) -> bool {
    static MASK: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    let mask = *MASK.get_or_init(|| {
        [
            "not-concept", "determiner", "preposition", "conjunction", "relative", "aux", "modal", "negation", "adverb", "time",
            "pronoun-m", "pronoun-f", "pronoun-n", "pronoun-p",
        ]
        .iter()
        .filter_map(|c| crate::lexicon::class_bit(c))
        .fold(0, |a, b| a | b)
    });
    let number = |w: &str| w.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | '$' | '-'));
    label.split_whitespace().any(|w| {
        let lw = crate::text::normalize(w).to_lowercase();
        let lw = lw.trim_matches(|c: char| !c.is_alphanumeric());
        !lw.is_empty() && !number(lw) && !lex.word_any(lw, mask) && !actions::NUMBER_WORDS.contains(&lw)
    })
}

/// Mentions (indices) whose tokens lie inside `range`.
pub(crate) fn mentions_in(mentions: &[Mention], range: Range<usize>) -> impl Iterator<Item = usize> + '_ {
    let start = mentions.partition_point(|m| m.tokens.start < range.start);
    (start..mentions.len()).take_while(move |&i| mentions[i].tokens.start < range.end).filter(move |&i| mentions[i].tokens.end <= range.end)
}
