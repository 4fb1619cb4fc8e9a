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

pub mod identity;
mod json;
mod undo;

pub use undo::Undo;

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
    /// Set while finalize runs (see [`undo`]).
    recorder: Option<undo::Recorder>,
    /// What the last finalize changed.
    undo: Undo,
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
            recorder: None,
            undo: Undo::default(),
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
                self.snapshot(ix);
                self.graph[ix].absorb(node);
                ix
            }
            None => {
                self.note_created(&node.id);
                let ix = self.graph.add_node(node.clone());
                self.by_id.insert(node.id.clone(), ix);
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

    /// The edge from `s` to `t` that is the same fact as `edge`, if any. (While finalize runs,
    /// also snapshots both ends before the caller changes them; see [`undo`].)
    fn find_fact(&mut self, s: NodeIndex, t: NodeIndex, edge: &Edge) -> Option<EdgeIndex> {
        if self.recorder.is_some() {
            self.snapshot(s);
            self.snapshot(t);
        }
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
        self.snapshot(t);
        self.snapshot(f);
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
    /// What it changed can be taken back with [`KnowledgeGraph::unfinalize`] and
    /// [`KnowledgeGraph::undo`].
    pub fn finalize(&mut self, lex: &crate::lexicon::Lexicon) {
        self.start_recording();
        identity::apply(self, lex);
        self.undo = self.stop_recording();
    }

    /// Removes a node and its edges.
    fn remove_node_ix(&mut self, ix: NodeIndex) {
        let edges: Vec<EdgeIndex> = self
            .graph
            .edges_directed(ix, petgraph::Direction::Outgoing)
            .chain(self.graph.edges_directed(ix, petgraph::Direction::Incoming))
            .map(|e| e.id())
            .collect();
        for e in edges {
            self.remove_edge_ix(e);
        }
        if let Some(n) = self.graph.remove_node(ix) {
            self.by_id.remove(&n.id);
        }
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
            warnings: vec![],
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
