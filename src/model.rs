//! The data model shared by every stage: what one document yields ([`DocFacts`]) and what the
//! merged graph is made of ([`Node`], [`Edge`], [`Evidence`], [`DocumentMeta`]).
//!
//! These types are also the wire format. `graph.json` (see `GRAPH_JSON.md` and the contract in
//! the README) is a list of [`Node`]s and a list of [`EdgeRecord`]s; `newsgraph extract` writes
//! one [`DocFacts`] per line, then a trailer line ([`crate::pipeline::trailer`]). Field names
//! are therefore stable: add fields, never rename them.
//!
//! Invariants:
//! * node ids are derived from the entity's canonical key (see [`crate::coref::entity_id`]), so
//!   the same entity extracted from two documents on two machines gets the same id;
//! * every list that ends up in an output file is kept sorted (`BTreeSet`/`BTreeMap`), so the
//!   output is byte-identical for the same input, whatever the order documents were merged in.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The type of a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum NodeType {
    Person,
    Country,
    Organization,
    Location,
    Event,
    Document,
    Concept,
    Statement,
}

impl NodeType {
    /// All types, in output order.
    pub const ALL: [NodeType; 8] = [
        NodeType::Person,
        NodeType::Country,
        NodeType::Organization,
        NodeType::Location,
        NodeType::Event,
        NodeType::Document,
        NodeType::Concept,
        NodeType::Statement,
    ];

    /// The name used in every output (`"Person"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            NodeType::Person => "Person",
            NodeType::Country => "Country",
            NodeType::Organization => "Organization",
            NodeType::Location => "Location",
            NodeType::Event => "Event",
            NodeType::Document => "Document",
            NodeType::Concept => "Concept",
            NodeType::Statement => "Statement",
        }
    }

    /// Parses a type name as written in lexicons and rules (case-insensitive).
    pub fn parse(s: &str) -> Option<NodeType> {
        NodeType::ALL.iter().copied().find(|t| t.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// Named entities proper (the types a gazetteer or a name chunk can yield).
    pub fn is_named(self) -> bool {
        matches!(
            self,
            NodeType::Person | NodeType::Country | NodeType::Organization | NodeType::Location
        )
    }
}

impl fmt::Display for NodeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The family of an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EdgeKind {
    /// A noun-mediated relation: a title, an office ("foreign-minister-of").
    Role,
    /// A verb-mediated relation ("proposes", "visits").
    Action,
    /// From a speaker to a [`NodeType::Statement`] node.
    Quote,
    /// From a statement to an entity it names.
    Mention,
    /// Participation in an event or group ("six-party talks" –involves→ "Japan").
    Membership,
}

impl EdgeKind {
    /// The name used in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Role => "role",
            EdgeKind::Action => "action",
            EdgeKind::Quote => "quote",
            EdgeKind::Mention => "mention",
            EdgeKind::Membership => "membership",
        }
    }

    /// All kinds, in output order.
    pub const ALL: [EdgeKind; 5] =
        [EdgeKind::Role, EdgeKind::Action, EdgeKind::Quote, EdgeKind::Mention, EdgeKind::Membership];

    /// Parses a kind name (case-insensitive).
    pub fn parse(s: &str) -> Option<EdgeKind> {
        EdgeKind::ALL.iter().copied().find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl fmt::Display for EdgeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is known about one input document. Datelines and bylines end up here, never in the graph.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentMeta {
    /// The document's name: the file name for files, the `id` for JSON lines, `stdin` for `-`.
    pub id: String,
    /// Where it was read from (a path, `-`, or `FILE:LINE` for JSON lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Title (from JSON lines, or a headline line at the top of the file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Place of the dateline ("TOKYO").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// ISO date: `YYYY-MM-DD` when the year is known, `--MM-DD` when only month and day are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Where the date came from: `jsonl`, `header`, `dateline` or `filename` (precedence in
    /// [`crate::text::dates`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_source: Option<String>,
    /// News agency named in the dateline or byline ("TASS", "IANS").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// Size of the original bytes.
    #[serde(default)]
    pub bytes: u64,
    /// Number of sentences of article text kept after boilerplate removal.
    #[serde(default)]
    pub sentences: u64,
    /// Mentions coreference could not resolve and dropped (pronouns and descriptions with no
    /// antecedent, names no rule could type): the debug count of what never became a node.
    #[serde(default)]
    pub unresolved: u64,
    /// For a part of a document read in parts (over `--max-doc-bytes`): the id of the whole
    /// document (the first part's id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
    /// For a part: its byte offset in the whole document. Offsets of its evidence and
    /// statements are offsets in the whole document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
}

/// Where a fact was read: a sentence of a document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// Document id.
    pub doc: String,
    /// Byte offset of the sentence in the original document.
    pub start: usize,
    /// Byte offset one past the sentence's end.
    pub end: usize,
    /// The sentence as written.
    pub text: String,
    /// The id of the rule that produced the fact.
    pub rule: String,
    /// The date of what the sentence reports: a relative day it names ("on Monday") resolved
    /// against the document's date, else the document's date; when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Where [`Evidence::date`] came from: `text` for a relative day of the sentence, else the
    /// document's `date_source`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_source: Option<String>,
    /// The words that expressed the relation ("came up with", "Foreign Minister").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surface: Option<String>,
    /// The statement whose content this fact was read from, when it was reported speech.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub according_to: Option<String>,
}

/// A node of the graph: an entity, or a statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Stable id, derived from the canonical key.
    pub id: String,
    /// Canonical display name: the fullest name seen.
    pub label: String,
    /// Node type.
    #[serde(rename = "type")]
    pub node_type: NodeType,
    /// Surface forms seen (sorted).
    #[serde(default)]
    pub aliases: BTreeSet<String>,
    /// Documents the node appears in (sorted).
    #[serde(default)]
    pub docs: BTreeSet<String>,
    /// How many mentions were resolved to it.
    #[serde(default)]
    pub mentions: u64,
    /// For each alias that coreference resolved, the id of the sieve rule that did.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub alias_rules: BTreeMap<String, String>,
    /// Statement only: the content, without quotation marks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Statement only: the reporting words as written ("pointed out", "according to").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
    /// Statement only: true for a quotation in marks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direct: Option<bool>,
    /// Statement only: the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Statement only: byte offset of the content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    /// Statement only: byte offset one past the content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    /// Statement only: the speaker's mention as written ("he", "the Russian top diplomat").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_text: Option<String>,
    /// Statement only: when it was said — a relative day of its sentence outside the content
    /// ("said on Monday") resolved against the document's date, else the document's date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Statement only: where [`Node::date`] came from (`text`, or the document's `date_source`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_source: Option<String>,
    /// Statement only: the rule that found it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

impl Node {
    /// A new entity node with no aliases, docs or mentions yet.
    pub fn entity(id: impl Into<String>, label: impl Into<String>, node_type: NodeType) -> Node {
        Node {
            id: id.into(),
            label: label.into(),
            node_type,
            aliases: BTreeSet::new(),
            docs: BTreeSet::new(),
            mentions: 0,
            alias_rules: BTreeMap::new(),
            text: None,
            cue: None,
            direct: None,
            doc: None,
            start: None,
            end: None,
            source_text: None,
            date: None,
            date_source: None,
            rule: None,
        }
    }

    /// The statement fields that are optional strings, by their output name, in output order.
    pub fn optional_strings(&self) -> [(&'static str, &Option<String>); 6] {
        [
            ("text", &self.text),
            ("cue", &self.cue),
            ("doc", &self.doc),
            ("source_text", &self.source_text),
            ("date", &self.date),
            ("rule", &self.rule),
        ]
    }

    /// Folds `other` (the same entity, seen elsewhere) into `self`. Commutative and associative
    /// up to the choice of label, which [`better_label`] makes order-independent.
    pub fn absorb(&mut self, other: &Node) {
        // Both labels become aliases, so the union does not depend on which was kept.
        if self.node_type != NodeType::Statement {
            self.aliases.insert(self.label.clone());
            self.aliases.insert(other.label.clone());
        }
        if better_label(&other.label, &self.label) {
            self.label = other.label.clone();
        }
        self.aliases.extend(other.aliases.iter().cloned());
        self.docs.extend(other.docs.iter().cloned());
        self.mentions = self.mentions.saturating_add(other.mentions);
        for (k, v) in &other.alias_rules {
            match self.alias_rules.get(k) {
                Some(old) if old <= v => {}
                _ => {
                    self.alias_rules.insert(k.clone(), v.clone());
                }
            }
        }
        // A more specific type wins over Concept; otherwise the smaller in `NodeType` order, so
        // the result does not depend on the order of merging.
        if self.node_type == NodeType::Concept
            || (other.node_type != NodeType::Concept && other.node_type < self.node_type)
        {
            self.node_type = other.node_type;
        }
    }
}

/// Is `a` a better canonical label than `b`? The fullest name wins: more words, then more
/// characters, then more words in usual capitalisation, then the lexicographically smaller, so
/// the choice does not depend on order.
pub fn better_label(a: &str, b: &str) -> bool {
    // Words written the usual way ("Hillary", not "HIllary") count first among equals.
    let well_formed = |s: &str| {
        s.split_whitespace()
            .filter(|w| {
                let mut cs = w.chars().filter(|c| c.is_alphabetic());
                cs.next().is_none_or(|c| c.is_uppercase()) && cs.all(|c| c.is_lowercase())
            })
            .count()
    };
    let key = |s: &str| (s.split_whitespace().count(), s.chars().count(), well_formed(s));
    let (ka, kb) = (key(a), key(b));
    ka > kb || (ka == kb && a < b)
}

/// The payload of an edge: everything but its endpoints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// Lower-case, hyphenated relation ("foreign-minister-of", "proposes", "said").
    pub relation: String,
    /// Edge family.
    pub kind: EdgeKind,
    /// Negated ("denied that", "did not").
    #[serde(default)]
    pub negated: bool,
    /// Modality ("may", "should", "ready-to"), when not a plain assertion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modality: Option<String>,
    /// True when the fact was read inside someone's reported speech.
    #[serde(default)]
    pub reported: bool,
    /// How many times the fact was extracted (exact even when evidence is capped).
    #[serde(default)]
    pub count: u64,
    /// Evidence, sorted, capped at the graph's `max_evidence`.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// Surface forms of the relation seen (the verbs or titles as written).
    #[serde(default)]
    pub surface: BTreeSet<String>,
    /// Ids of the rules that produced the fact.
    #[serde(default)]
    pub rules: BTreeSet<String>,
}

impl Edge {
    /// A new edge with one piece of evidence.
    pub fn new(relation: impl Into<String>, kind: EdgeKind, evidence: Evidence) -> Edge {
        let mut surface = BTreeSet::new();
        if let Some(s) = &evidence.surface {
            surface.insert(s.clone());
        }
        let mut rules = BTreeSet::new();
        rules.insert(evidence.rule.clone());
        Edge {
            relation: relation.into(),
            kind,
            negated: false,
            modality: None,
            reported: evidence.according_to.is_some(),
            count: 1,
            evidence: vec![evidence],
            surface,
            rules,
        }
    }

    /// Folds a parallel fact into this one: counts add up, evidence is unioned, sorted and
    /// capped at `max_evidence` (0 = no cap). Associative and commutative.
    pub fn absorb(&mut self, other: &Edge, max_evidence: usize) {
        self.count = self.count.saturating_add(other.count);
        self.surface.extend(other.surface.iter().cloned());
        self.rules.extend(other.rules.iter().cloned());
        self.evidence.extend(other.evidence.iter().cloned());
        self.evidence.sort();
        self.evidence.dedup();
        if max_evidence > 0 && self.evidence.len() > max_evidence {
            self.evidence.truncate(max_evidence);
        }
    }
}

/// An edge with its endpoints, as written to `graph.json` and to facts files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EdgeRecord {
    /// Source node id.
    pub source: String,
    /// Target node id.
    pub target: String,
    /// Distinguishes parallel edges (networkx multigraph key); stable.
    #[serde(default)]
    pub key: String,
    /// The edge's payload.
    #[serde(flatten)]
    pub edge: Edge,
}

/// Everything extracted from one document: the unit that `extract` writes and `merge` reads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocFacts {
    /// The document.
    pub document: DocumentMeta,
    /// Entity and statement nodes (ids already global).
    pub nodes: Vec<Node>,
    /// Edges between those nodes.
    pub edges: Vec<EdgeRecord>,
    /// Warnings about the document (bad bytes, skipped parts).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Hash of the document's normalised text ([`crate::extract::text_hash`]): the store keeps
    /// exact duplicates (same hash under another id) once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_hash: Option<String>,
}
