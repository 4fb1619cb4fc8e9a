//! Stage 5: the merged knowledge graph.
//!
//! [`KnowledgeGraph`] holds one `petgraph` [`StableDiGraph`] whose nodes are entities and
//! statements and whose edges are facts. Documents' [`DocFacts`] are merged in with
//! [`KnowledgeGraph::add_facts`]:
//!
//! * nodes are matched by id (ids are derived from canonical keys, so the same entity from two
//!   documents has the same id) and folded with [`Node::absorb`];
//! * parallel facts — same endpoints, relation, kind, polarity, modality and reportedness — are
//!   one edge whose `count` adds up and whose evidence is unioned, sorted and capped;
//! * [`KnowledgeGraph::merge`] folds a whole graph into another.
//!
//! All three operations are associative and commutative, so shards extracted anywhere merge into
//! the same graph in any order. [`KnowledgeGraph::finalize`] then applies the cross-document
//! identity rules ([`identity`]) — a deterministic function of the merged set — and
//! [`KnowledgeGraph::to_json`] writes the sorted, byte-stable `graph.json`.
//!
//! **Decisions and their application are apart.** The rules in [`identity`] only *decide*: they
//! read nodes and call [`KnowledgeGraph::merge_nodes`]. Every merge is also logged
//! ([`KnowledgeGraph::merges`]), which is how the disk-backed store ([`crate::store`]) applies the
//! same decisions to what it keeps on disk (statements, evidence, document lists).
//!
//! **Lean graphs.** The store builds its graph with [`KnowledgeGraph::add_lean`]: entity nodes
//! and the relation edges between them, without statements, evidence or document-name sets —
//! a node's documents are kept as small numbers ([`KnowledgeGraph::doc_numbers`]), so memory
//! follows distinct entities and relations, not the input. Rules must ask for a node's document
//! count with [`KnowledgeGraph::doc_count`] (right in both kinds of graph), not `docs.len()`.

pub mod identity;
mod json;

use crate::model::{DocFacts, DocumentMeta, Edge, EdgeKind, EdgeRecord, Node, NodeType};
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Default cap on evidence items kept per edge.
pub const DEFAULT_MAX_EVIDENCE: usize = 20;

/// Are two edges the same fact (parallel facts merge into one edge)? Same relation, kind,
/// polarity, modality and reportedness; the endpoints are the key of [`KnowledgeGraph::edges`].
fn same_fact(a: &Edge, b: &Edge) -> bool {
    a.relation == b.relation && a.kind == b.kind && a.negated == b.negated && a.modality == b.modality && a.reported == b.reported
}

/// The stable multigraph key of an edge among its parallel siblings (networkx `key`).
pub fn edge_key(edge: &Edge) -> String {
    let mut k = format!("{}:{}", edge.kind, edge.relation);
    if edge.negated {
        k.push_str(":not");
    }
    if let Some(m) = &edge.modality {
        k.push(':');
        k.push_str(m);
    }
    if edge.reported {
        k.push_str(":reported");
    }
    k
}

/// The merged graph.
#[derive(Debug, Clone)]
pub struct KnowledgeGraph {
    graph: StableDiGraph<Node, Edge>,
    by_id: HashMap<String, NodeIndex, foldhash::fast::RandomState>,
    /// The edges between two nodes (few: one per distinct fact), so that a parallel fact is found
    /// without building a key.
    edges: HashMap<(NodeIndex, NodeIndex), Vec<EdgeIndex>, foldhash::fast::RandomState>,
    documents: BTreeMap<String, DocumentMeta>,
    max_evidence: usize,
    /// Lean graphs: the documents of each node, as sorted document numbers.
    doc_sets: HashMap<NodeIndex, Vec<u32>, foldhash::fast::RandomState>,
    /// Every [`KnowledgeGraph::merge_nodes`] done, in order.
    merges: Vec<Merge>,
    /// Parts of a graph read from a store without the nodes' document lists: how many
    /// documents each node appears in ([`KnowledgeGraph::set_doc_count`]).
    doc_counts: HashMap<NodeIndex, usize, foldhash::fast::RandomState>,
}

/// One merge of the identity rules: node `from` was folded into node `into` by `rule`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merge {
    /// The node that disappeared.
    pub from: String,
    /// The node that took it in.
    pub into: String,
    /// The rule that decided it.
    pub rule: String,
}

impl Default for KnowledgeGraph {
    fn default() -> Self {
        KnowledgeGraph::new(DEFAULT_MAX_EVIDENCE)
    }
}

/// The `graph.json` document: networkx node-link data (`edges="edges"`) plus our fields.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GraphJson {
    /// Always true.
    pub directed: bool,
    /// Always true: parallel edges of different relations may join two nodes.
    pub multigraph: bool,
    /// Graph-level attributes.
    pub graph: GraphAttrs,
    /// Nodes, sorted by id.
    pub nodes: Vec<Node>,
    /// Edges, sorted by source, target and key.
    pub edges: Vec<EdgeRecord>,
}

/// Graph-level attributes of `graph.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct GraphAttrs {
    /// Generator name and version.
    #[serde(default)]
    pub generator: String,
    /// Every document merged in, sorted by id.
    #[serde(default)]
    pub documents: Vec<DocumentMeta>,
}

impl KnowledgeGraph {
    /// An empty graph keeping at most `max_evidence` evidence items per edge (0 = all).
    pub fn new(max_evidence: usize) -> KnowledgeGraph {
        KnowledgeGraph {
            graph: StableDiGraph::new(),
            by_id: HashMap::default(),
            edges: HashMap::default(),
            documents: BTreeMap::new(),
            max_evidence,
            doc_sets: HashMap::default(),
            doc_counts: HashMap::default(),
            merges: Vec::new(),
        }
    }

    /// The underlying petgraph graph.
    pub fn graph(&self) -> &StableDiGraph<Node, Edge> {
        &self.graph
    }

    /// Documents merged in, by id.
    pub fn documents(&self) -> &BTreeMap<String, DocumentMeta> {
        &self.documents
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of (merged) edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// The index of the node with this id.
    pub fn index_of(&self, id: &str) -> Option<NodeIndex> {
        self.by_id.get(id).copied()
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index_of(id).map(|i| &self.graph[i])
    }

    /// Nodes sorted by id.
    pub fn sorted_nodes(&self) -> Vec<&Node> {
        let mut v: Vec<&Node> = self.graph.node_weights().collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    }

    /// Edges as records, sorted by (source, target, key).
    pub fn sorted_edges(&self) -> Vec<EdgeRecord> {
        let mut v: Vec<EdgeRecord> = self
            .graph
            .edge_indices()
            .map(|ix| (ix, self.graph.edge_endpoints(ix).expect("live edge")))
            .map(|(ix, (s, t))| EdgeRecord {
                source: self.graph[s].id.clone(),
                target: self.graph[t].id.clone(),
                key: edge_key(&self.graph[ix]),
                edge: self.graph[ix].clone(),
            })
            .collect();
        v.sort_by(|a, b| (&a.source, &a.target, &a.key).cmp(&(&b.source, &b.target, &b.key)));
        v
    }

    /// Adds a node, or folds it into the node with the same id.
    pub fn upsert_node(&mut self, node: &Node) -> NodeIndex {
        match self.by_id.get(&node.id) {
            Some(&ix) => {
                self.graph[ix].absorb(node);
                ix
            }
            None => {
                let ix = self.graph.add_node(node.clone());
                self.by_id.insert(node.id.clone(), ix);
                ix
            }
        }
    }

    /// [`upsert_node`](Self::upsert_node) of a node the caller gives away (not copied: a hub's
    /// node holds tens of thousands of document ids).
    pub fn upsert_node_owned(&mut self, node: Node) -> NodeIndex {
        match self.by_id.get(&node.id) {
            Some(&ix) => {
                self.graph[ix].absorb(&node);
                ix
            }
            None => {
                let id = node.id.clone();
                let ix = self.graph.add_node(node);
                self.by_id.insert(id, ix);
                ix
            }
        }
    }

    fn upsert_edge_ix(&mut self, s: NodeIndex, t: NodeIndex, edge: &Edge) {
        match self.find_fact(s, t, edge) {
            Some(ix) => self.graph[ix].absorb(edge, self.max_evidence),
            None => self.add_new_edge(s, t, edge.clone()),
        }
    }

    fn upsert_edge_owned(&mut self, s: NodeIndex, t: NodeIndex, edge: Edge) {
        match self.find_fact(s, t, &edge) {
            Some(ix) => self.graph[ix].absorb(&edge, self.max_evidence),
            None => self.add_new_edge(s, t, edge),
        }
    }

    /// The edge from `s` to `t` that is the same fact as `edge`, if any.
    fn find_fact(&self, s: NodeIndex, t: NodeIndex, edge: &Edge) -> Option<EdgeIndex> {
        self.edges.get(&(s, t)).and_then(|v| v.iter().copied().find(|&ix| same_fact(&self.graph[ix], edge)))
    }

    fn add_new_edge(&mut self, s: NodeIndex, t: NodeIndex, mut e: Edge) {
        e.evidence.sort();
        e.evidence.dedup();
        if self.max_evidence > 0 && e.evidence.len() > self.max_evidence {
            e.evidence.truncate(self.max_evidence);
        }
        let ix = self.graph.add_edge(s, t, e);
        self.edges.entry((s, t)).or_default().push(ix);
    }

    /// Removes an edge and its entry in [`KnowledgeGraph::edges`].
    fn remove_edge_ix(&mut self, e: EdgeIndex) {
        let Some((s, t)) = self.graph.edge_endpoints(e) else { return };
        self.graph.remove_edge(e);
        if let Some(v) = self.edges.get_mut(&(s, t)) {
            v.retain(|&x| x != e);
            if v.is_empty() {
                self.edges.remove(&(s, t));
            }
        }
    }

    /// Is there already an edge from `source` to `target` that is the same fact as `edge`?
    pub fn has_fact(&self, source: &str, target: &str, edge: &Edge) -> bool {
        match (self.index_of(source), self.index_of(target)) {
            (Some(s), Some(t)) => self.find_fact(s, t, edge).is_some(),
            _ => false,
        }
    }

    /// Records a document's metadata (kept as given when the id is already known).
    pub fn insert_document(&mut self, meta: DocumentMeta) {
        self.documents.entry(meta.id.clone()).or_insert(meta);
    }

    /// Adds an edge between two existing nodes (by id). Returns false when an endpoint is missing.
    pub fn upsert_edge(&mut self, source: &str, target: &str, edge: &Edge) -> bool {
        match (self.index_of(source), self.index_of(target)) {
            (Some(s), Some(t)) => {
                self.upsert_edge_ix(s, t, edge);
                true
            }
            _ => false,
        }
    }

    /// Merges one document's facts. Edges whose endpoints are not among the graph's nodes after
    /// adding the document's nodes are dropped (extraction never produces them).
    pub fn add_facts(&mut self, facts: &DocFacts) {
        let doc = &facts.document;
        match self.documents.get_mut(&doc.id) {
            Some(old) => merge_meta(old, doc),
            None => {
                self.documents.insert(doc.id.clone(), doc.clone());
            }
        }
        for n in &facts.nodes {
            self.upsert_node(n);
        }
        for e in &facts.edges {
            self.upsert_edge(&e.source, &e.target, &e.edge);
        }
    }

    /// Folds another graph into this one.
    pub fn merge(&mut self, other: &KnowledgeGraph) {
        for d in other.documents.values() {
            match self.documents.get_mut(&d.id) {
                Some(old) => merge_meta(old, d),
                None => {
                    self.documents.insert(d.id.clone(), d.clone());
                }
            }
        }
        for n in other.graph.node_weights() {
            self.upsert_node(n);
        }
        for e in (&other.graph).edge_references() {
            let (s, t) = (&other.graph[e.source()].id, &other.graph[e.target()].id);
            let (s, t) = (self.by_id[s], self.by_id[t]);
            self.upsert_edge_ix(s, t, e.weight());
        }
    }

    /// Moves everything of node `from` onto node `into` (aliases, docs, mentions, edges) and
    /// removes `from`. Used by the cross-document identity rules.
    pub fn merge_nodes(&mut self, from: &str, into: &str, rule: &str) {
        let (Some(f), Some(t)) = (self.index_of(from), self.index_of(into)) else { return };
        if f == t {
            return;
        }
        self.merges.push(Merge { from: from.to_string(), into: into.to_string(), rule: rule.to_string() });
        if let Some(fs) = self.doc_sets.remove(&f) {
            let ts = self.doc_sets.entry(t).or_default();
            ts.extend(fs);
            ts.sort_unstable();
            ts.dedup();
        }
        let mut old = self.graph[f].clone();
        for a in old.aliases.iter().chain(std::iter::once(&old.label)) {
            old.alias_rules.entry(a.clone()).or_insert_with(|| rule.to_string());
        }
        self.graph[t].absorb(&old);
        let moved: Vec<(NodeIndex, NodeIndex, Edge)> = self
            .graph
            .edges_directed(f, petgraph::Direction::Outgoing)
            .chain(self.graph.edges_directed(f, petgraph::Direction::Incoming))
            .map(|e| (e.source(), e.target(), e.weight().clone()))
            .collect();
        let eids: Vec<EdgeIndex> = self
            .graph
            .edges_directed(f, petgraph::Direction::Outgoing)
            .chain(self.graph.edges_directed(f, petgraph::Direction::Incoming))
            .map(|e| e.id())
            .collect();
        for e in eids {
            self.remove_edge_ix(e);
        }
        self.graph.remove_node(f);
        self.by_id.remove(from);
        for (s, tt, w) in moved {
            let s = if s == f { t } else { s };
            let tt = if tt == f { t } else { tt };
            if s == tt && w.kind != EdgeKind::Quote {
                continue; // a self-loop made by the merge says nothing
            }
            self.upsert_edge_ix(s, tt, &w);
        }
    }

    /// Applies the cross-document identity rules. Deterministic in the set of facts merged.
    /// The merges done are logged in [`KnowledgeGraph::merges`].
    pub fn finalize(&mut self, lex: &crate::lexicon::Lexicon) {
        identity::apply(self, lex);
    }

    /// The merges of the identity rules so far, in the order they were done.
    pub fn merges(&self) -> &[Merge] {
        &self.merges
    }

    /// How many documents node `n` appears in: `n.docs.len()`, or in a lean graph the number of
    /// its document numbers, or the count recorded with [`KnowledgeGraph::set_doc_count`].
    /// Identity rules use this, so that they work on both kinds of graph.
    pub fn doc_count(&self, n: &Node) -> usize {
        if !n.docs.is_empty() {
            return n.docs.len();
        }
        let Some(ix) = self.index_of(&n.id) else { return 0 };
        self.doc_sets.get(&ix).map(|v| v.len()).or_else(|| self.doc_counts.get(&ix).copied()).unwrap_or(0)
    }

    /// Records how many documents the node with this id appears in, for a node read without
    /// its document list (a part of a stored graph); [`KnowledgeGraph::doc_count`] reports it.
    pub fn set_doc_count(&mut self, id: &str, n: usize) {
        if let Some(ix) = self.index_of(id) {
            self.doc_counts.insert(ix, n);
        }
    }

    /// Lean graphs: the document numbers of the node with this id (sorted).
    pub fn doc_numbers(&self, id: &str) -> &[u32] {
        self.index_of(id).and_then(|ix| self.doc_sets.get(&ix)).map_or(&[], |v| v.as_slice())
    }

    /// Adds one document's entity nodes and the edges between them to a lean graph: the nodes'
    /// `docs` are replaced by the document number `doc`; evidence is not kept, nor the surface
    /// forms and rules that an edge's evidence gives (the store reads them back from its
    /// evidence rows when finishing); counts are kept. Statement nodes and edges that touch a node missing from the graph
    /// are left out. Order-independent like [`KnowledgeGraph::add_facts`].
    pub fn add_lean<'a>(&mut self, doc: u32, nodes: impl IntoIterator<Item = &'a Node>, edges: impl IntoIterator<Item = &'a EdgeRecord>) {
        for n in nodes {
            if n.node_type == NodeType::Statement {
                continue;
            }
            let ix = match self.by_id.get(&n.id) {
                Some(&ix) => {
                    let docs = std::mem::take(&mut self.graph[ix].docs);
                    self.graph[ix].absorb(n);
                    self.graph[ix].docs = docs;
                    ix
                }
                None => {
                    let mut lean = n.clone();
                    lean.docs.clear();
                    let ix = self.graph.add_node(lean);
                    self.by_id.insert(n.id.clone(), ix);
                    ix
                }
            };
            let set = self.doc_sets.entry(ix).or_default();
            if let Err(pos) = set.binary_search(&doc) {
                set.insert(pos, doc);
            }
        }
        for e in edges {
            if let (Some(s), Some(t)) = (self.index_of(&e.source), self.index_of(&e.target)) {
                if self.graph[s].node_type == NodeType::Statement || self.graph[t].node_type == NodeType::Statement {
                    continue;
                }
                // Surface forms and rules that the evidence gives are read back from the store
                // when finishing; only sets that say more (or other) than their evidence stay.
                let explicit = e.edge.surface != e.edge.evidence.iter().filter_map(|x| x.surface.clone()).collect()
                    || e.edge.rules != e.edge.evidence.iter().map(|x| x.rule.clone()).collect();
                match self.find_fact(s, t, &e.edge) {
                    Some(ix) => {
                        let w = &mut self.graph[ix];
                        w.count = w.count.saturating_add(e.edge.count);
                        if explicit {
                            w.surface.extend(e.edge.surface.iter().cloned());
                            w.rules.extend(e.edge.rules.iter().cloned());
                        }
                    }
                    None => {
                        let mut lean = e.edge.clone();
                        lean.evidence = Vec::new();
                        if !explicit {
                            lean.surface.clear();
                            lean.rules.clear();
                        }
                        let ix = self.graph.add_edge(s, t, lean);
                        self.edges.entry((s, t)).or_default().push(ix);
                    }
                }
            }
        }
    }

    /// Edges as borrowed `(source id, target id, key, edge)`, sorted by (source, target, key).
    pub fn sorted_edge_refs(&self) -> Vec<(&str, &str, String, &Edge)> {
        let mut v: Vec<(&str, &str, String, &Edge)> = self
            .graph
            .edge_references()
            .map(|e| (self.graph[e.source()].id.as_str(), self.graph[e.target()].id.as_str(), edge_key(e.weight()), e.weight()))
            .collect();
        v.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
        v
    }

    /// The `graph.json` document.
    pub fn to_json_value(&self) -> GraphJson {
        GraphJson {
            directed: true,
            multigraph: true,
            graph: GraphAttrs {
                generator: format!("newsgraph {}", env!("CARGO_PKG_VERSION")),
                documents: self.documents.values().cloned().collect(),
            },
            nodes: self.sorted_nodes().into_iter().cloned().collect(),
            edges: self.sorted_edges(),
        }
    }

    /// `graph.json` as pretty-printed text (byte-stable).
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        self.write_json(&mut out).expect("writing to memory cannot fail: all keys are strings");
        String::from_utf8(out).expect("serde_json writes UTF-8")
    }

    /// Rebuilds a graph from `graph.json` text (moving the parsed nodes and edges in, no copies).
    pub fn from_json(text: &str, max_evidence: usize) -> Result<KnowledgeGraph, serde_json::Error> {
        let data: GraphJson = serde_json::from_str(text)?;
        Ok(KnowledgeGraph::from_graph_json_owned(data, max_evidence))
    }

    /// Rebuilds a graph from a parsed `graph.json`, taking it by value.
    pub fn from_graph_json_owned(data: GraphJson, max_evidence: usize) -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new(max_evidence);
        for d in data.graph.documents {
            g.documents.insert(d.id.clone(), d);
        }
        for n in data.nodes {
            match g.by_id.get(&n.id) {
                Some(&ix) => g.graph[ix].absorb(&n),
                None => {
                    let id = n.id.clone();
                    let ix = g.graph.add_node(n);
                    g.by_id.insert(id, ix);
                }
            }
        }
        for e in data.edges {
            if let (Some(s), Some(t)) = (g.index_of(&e.source), g.index_of(&e.target)) {
                g.upsert_edge_owned(s, t, e.edge);
            }
        }
        g
    }

    /// Rebuilds a graph from a parsed `graph.json`.
    pub fn from_graph_json(data: &GraphJson, max_evidence: usize) -> KnowledgeGraph {
        KnowledgeGraph::from_graph_json_owned(data.clone(), max_evidence)
    }

    /// Statement nodes, sorted by id.
    pub fn statements(&self) -> Vec<&Node> {
        self.sorted_nodes().into_iter().filter(|n| n.node_type == NodeType::Statement).collect()
    }
}

fn merge_meta(old: &mut DocumentMeta, new: &DocumentMeta) {
    // The same document id read twice: keep the fuller metadata, deterministically.
    macro_rules! fill {
        ($f:ident) => {
            if old.$f.is_none() || (new.$f.is_some() && new.$f < old.$f) {
                if new.$f.is_some() {
                    old.$f = new.$f.clone();
                }
            }
        };
    }
    fill!(source);
    fill!(title);
    fill!(place);
    // the date and where it came from go together
    if new.date.is_some() && (old.date.is_none() || new.date < old.date) {
        old.date = new.date.clone();
        old.date_source = new.date_source.clone();
    }
    fill!(agency);
    old.bytes = old.bytes.max(new.bytes);
    old.sentences = old.sentences.max(new.sentences);
    old.unresolved = old.unresolved.max(new.unresolved);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Evidence;

    fn ev(doc: &str, start: usize) -> Evidence {
        Evidence {
            doc: doc.into(),
            start,
            end: start + 5,
            text: "x".into(),
            rule: "TEST/1".into(),
            date: None,
            date_source: None,
            surface: None,
            according_to: None,
        }
    }

    fn facts(doc: &str, a: &str, b: &str) -> DocFacts {
        let mut n1 = Node::entity(a, a, NodeType::Person);
        n1.docs.insert(doc.into());
        n1.mentions = 1;
        let mut n2 = Node::entity(b, b, NodeType::Country);
        n2.docs.insert(doc.into());
        n2.mentions = 1;
        let e = Edge::new("visits", EdgeKind::Action, ev(doc, 0));
        DocFacts {
            document: DocumentMeta { id: doc.into(), ..Default::default() },
            nodes: vec![n1, n2],
            edges: vec![EdgeRecord { source: a.into(), target: b.into(), key: String::new(), edge: e }],
            warnings: vec![], text_hash: None
        }
    }

    #[test]
    fn parallel_facts_merge_with_count() {
        let mut g = KnowledgeGraph::new(1);
        g.add_facts(&facts("d1", "a", "b"));
        g.add_facts(&facts("d2", "a", "b"));
        assert_eq!(g.edge_count(), 1);
        let e = &g.sorted_edges()[0];
        assert_eq!(e.edge.count, 2);
        assert_eq!(e.edge.evidence.len(), 1, "evidence capped while the count stays exact");
        assert_eq!(g.node("a").unwrap().mentions, 2);
    }

    #[test]
    fn merge_order_does_not_matter() {
        let parts = [facts("d1", "a", "b"), facts("d2", "a", "c"), facts("d3", "c", "b")];
        let mut one = KnowledgeGraph::default();
        for f in &parts {
            one.add_facts(f);
        }
        let mut two = KnowledgeGraph::default();
        for f in parts.iter().rev() {
            two.add_facts(f);
        }
        assert_eq!(one.to_json(), two.to_json());
    }

    #[test]
    fn json_round_trip() {
        let mut g = KnowledgeGraph::default();
        g.add_facts(&facts("d1", "a", "b"));
        let text = g.to_json();
        let back = KnowledgeGraph::from_json(&text, DEFAULT_MAX_EVIDENCE).unwrap();
        assert_eq!(back.to_json(), text);
    }
}
