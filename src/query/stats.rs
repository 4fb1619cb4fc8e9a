//! What the graph holds: counts by node type, by edge kind and by relation, the top entities
//! by mentions and by degree, and the documents.
//!
//! Entities are all nodes but statements. Degree counts merged edges at both ends (a parallel
//! fact seen twice is one edge; its `count` is not degree). One pass over nodes and edges:
//! O(nodes + edges), plus a sort of the relations.

use super::{NodeRef, Queries};
use crate::model::{EdgeKind, NodeType};
use petgraph::visit::{EdgeRef, IntoEdgeReferences, NodeIndexable};
use serde::Serialize;
use std::collections::HashMap;

type Fast<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

fn type_slot(t: NodeType) -> usize {
    NodeType::ALL.iter().position(|x| *x == t).unwrap_or(0)
}

fn kind_slot(k: EdgeKind) -> usize {
    EdgeKind::ALL.iter().position(|x| *x == k).unwrap_or(0)
}

/// A name with a count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    /// Type, kind or relation name.
    pub name: String,
    /// How many.
    pub count: usize,
}

/// An entity with a score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ranked {
    /// The entity.
    pub node: NodeRef,
    /// Mentions or degree.
    pub value: u64,
}

/// One document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocRow {
    /// Document id.
    pub id: String,
    /// Date as stored (`YYYY-MM-DD`, `--MM-DD`) when known.
    pub date: Option<String>,
    /// Title when known.
    pub title: Option<String>,
    /// Statements read from it.
    pub statements: usize,
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Number of nodes.
    pub nodes: usize,
    /// Number of (merged) edges.
    pub edges: usize,
    /// Number of statements.
    pub statements: usize,
    /// Nodes by type, in type order (types with no node left out).
    pub by_type: Vec<Count>,
    /// Edges by kind, in kind order (kinds with no edge left out).
    pub by_kind: Vec<Count>,
    /// Edges by relation, most frequent first (ties by name).
    pub by_relation: Vec<Count>,
    /// Entities with the most mentions.
    pub top_mentions: Vec<Ranked>,
    /// Entities with the most edges.
    pub top_degree: Vec<Ranked>,
    /// Documents, sorted by id.
    pub documents: Vec<DocRow>,
}

impl Queries<'_> {
    /// Statistics with the `top` entities by mentions and by degree.
    pub fn stats(&self, top: usize) -> Stats {
        let graph = self.g.graph();
        let mut by_type = [0usize; NodeType::ALL.len()];
        for n in graph.node_weights() {
            by_type[type_slot(n.node_type)] += 1;
        }
        let mut by_kind = [0usize; EdgeKind::ALL.len()];
        let mut by_relation: Fast<&str, usize> = Fast::default();
        let mut degree = vec![0u64; graph.node_bound()];
        for e in graph.edge_references() {
            by_kind[kind_slot(e.weight().kind)] += 1;
            match by_relation.get_mut(e.weight().relation.as_str()) {
                Some(c) => *c += 1,
                None => {
                    by_relation.insert(e.weight().relation.as_str(), 1);
                }
            }
            degree[e.source().index()] += 1;
            if e.target() != e.source() {
                degree[e.target().index()] += 1;
            }
        }
        let mut doc_statements: Fast<&str, usize> = Fast::default();
        for n in graph.node_weights().filter(|n| n.node_type == NodeType::Statement) {
            if let Some(d) = &n.doc {
                *doc_statements.entry(d.as_str()).or_default() += 1;
            }
        }
        let mut relations: Vec<Count> =
            by_relation.into_iter().map(|(name, count)| Count { name: name.to_string(), count }).collect();
        relations.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));

        let entities = || graph.node_indices().filter(|ix| graph[*ix].node_type != NodeType::Statement);
        let rank = |score: &dyn Fn(petgraph::stable_graph::NodeIndex) -> u64| -> Vec<Ranked> {
            let mut v: Vec<(u64, petgraph::stable_graph::NodeIndex)> =
                entities().map(|ix| (score(ix), ix)).filter(|(s, _)| *s > 0).collect();
            let by = |a: &(u64, petgraph::stable_graph::NodeIndex), b: &(u64, petgraph::stable_graph::NodeIndex)| {
                b.0.cmp(&a.0).then_with(|| graph[a.1].id.cmp(&graph[b.1].id))
            };
            if top > 0 && top < v.len() {
                // First keep only scores at least the top-th best (plain numbers, no id look-ups),
                // then break ties by id among those.
                let mut scores: Vec<u64> = v.iter().map(|x| x.0).collect();
                scores.select_nth_unstable_by(top - 1, |a, b| b.cmp(a));
                let threshold = scores[top - 1];
                v.retain(|x| x.0 >= threshold);
            }
            if top > 0 && top < v.len() {
                v.select_nth_unstable_by(top - 1, by);
                v.truncate(top);
            }
            v.sort_by(by);
            v.truncate(top);
            v.into_iter().map(|(value, ix)| Ranked { node: self.node_ref(ix), value }).collect()
        };
        let top_mentions = rank(&|ix| graph[ix].mentions);
        let top_degree = rank(&|ix| degree[ix.index()]);

        let mut documents: Vec<DocRow> = self
            .g
            .documents()
            .values()
            .map(|d| DocRow {
                id: d.id.clone(),
                date: d.date.clone(),
                title: d.title.clone(),
                statements: doc_statements.get(d.id.as_str()).copied().unwrap_or(0),
            })
            .collect();
        // Statements may name documents that the graph's document list lacks.
        for (id, n) in &doc_statements {
            if !self.g.documents().contains_key(*id) {
                documents.push(DocRow { id: id.to_string(), date: None, title: None, statements: *n });
            }
        }
        documents.sort_by(|a, b| a.id.cmp(&b.id));

        Stats {
            nodes: graph.node_count(),
            edges: graph.edge_count(),
            statements: by_type[type_slot(NodeType::Statement)],
            by_type: NodeType::ALL
                .iter()
                .filter(|t| by_type[type_slot(**t)] > 0)
                .map(|t| Count { name: t.as_str().into(), count: by_type[type_slot(*t)] })
                .collect(),
            by_kind: EdgeKind::ALL
                .iter()
                .filter(|k| by_kind[kind_slot(**k)] > 0)
                .map(|k| Count { name: k.as_str().into(), count: by_kind[kind_slot(*k)] })
                .collect(),
            by_relation: relations,
            top_mentions,
            top_degree,
            documents,
        }
    }
}
