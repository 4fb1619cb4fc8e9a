//! Undoing [`KnowledgeGraph::finalize`], so that a finished graph can take more facts.
//!
//! The cross-document identity rules are not incremental: "Lavrov" joins Sergey Lavrov while he
//! is the only Lavrov, and must not once an Ivan Lavrov arrives. So `merge --into` must start
//! from the graph *before* finalize. Rather than keeping a second copy of the whole graph, finalize
//! records what it is about to change ([`Undo`]): the nodes it touches, as they were, and every
//! edge that touched them, as it was. [`KnowledgeGraph::unfinalize`] removes those nodes (with
//! their edges) from the finished graph and puts the recorded ones back: the result is the
//! merged graph before finalize, byte for byte (`graph.json` of both is the same).
//!
//! Why that is exact: during finalize every change goes through [`KnowledgeGraph::merge_nodes`],
//! [`KnowledgeGraph::upsert_node`] or [`KnowledgeGraph::upsert_edge`], which snapshot a node
//! (and its edges) the first time they touch it, *before* changing anything. An edge changes
//! only when one of its endpoints is touched, so every changed edge has a snapshotted endpoint,
//! whose snapshot holds the edge as it was; edges to already-snapshotted nodes are not recorded
//! again (they may have changed since, and the first snapshot has them as they were).

use super::{edge_key, KnowledgeGraph};
use crate::model::{EdgeRecord, Node};
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// What finalize changed, in the form needed to take it back (the `graph.undo.json` file).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Undo {
    /// Nodes finalize changed or removed, as they were before, sorted by id.
    pub nodes: Vec<Node>,
    /// Ids of nodes finalize created (none today; kept so that future rules stay undoable).
    #[serde(default)]
    pub created: Vec<String>,
    /// Every edge that touched one of `nodes` before finalize, sorted.
    pub edges: Vec<EdgeRecord>,
}

/// Collects the snapshots while finalize runs.
#[derive(Debug, Clone, Default)]
pub(super) struct Recorder {
    seen: HashSet<String>,
    nodes: BTreeMap<String, Node>,
    created: Vec<String>,
    edges: Vec<EdgeRecord>,
}

impl Recorder {
    fn into_undo(mut self) -> Undo {
        self.edges.sort_by(|a, b| (&a.source, &a.target, &a.key).cmp(&(&b.source, &b.target, &b.key)));
        self.created.sort();
        Undo { nodes: self.nodes.into_values().collect(), created: self.created, edges: self.edges }
    }
}

impl KnowledgeGraph {
    /// Starts recording changes (finalize).
    pub(super) fn start_recording(&mut self) {
        self.recorder = Some(Recorder::default());
    }

    /// Stops recording and returns what was recorded.
    pub(super) fn stop_recording(&mut self) -> Undo {
        self.recorder.take().map(Recorder::into_undo).unwrap_or_default()
    }

    /// While recording: remembers node `ix` and its edges as they are now, unless done before.
    pub(super) fn snapshot(&mut self, ix: NodeIndex) {
        let Some(mut rec) = self.recorder.take() else { return };
        let node = &self.graph[ix];
        if !rec.seen.contains(&node.id) {
            let g = &self.graph;
            let out = g.edges_directed(ix, Direction::Outgoing);
            // A self-loop shows up as outgoing and as incoming: take it once.
            let inc = g.edges_directed(ix, Direction::Incoming).filter(|e| e.source() != e.target());
            for e in out.chain(inc) {
                let (s, t) = (e.source(), e.target());
                let other = if s == ix { t } else { s };
                if other != ix && rec.seen.contains(&g[other].id) {
                    continue;
                }
                rec.edges.push(EdgeRecord { source: g[s].id.clone(), target: g[t].id.clone(), key: edge_key(e.weight()), edge: e.weight().clone() });
            }
            rec.seen.insert(node.id.clone());
            rec.nodes.insert(node.id.clone(), node.clone());
        }
        self.recorder = Some(rec);
    }

    /// While recording: notes a node created by finalize.
    pub(super) fn note_created(&mut self, id: &str) {
        if let Some(rec) = &mut self.recorder {
            if rec.seen.insert(id.to_string()) {
                rec.created.push(id.to_string());
            }
        }
    }

    /// The changes of the last [`KnowledgeGraph::finalize`] (empty before it ran).
    pub fn undo(&self) -> &Undo {
        &self.undo
    }

    /// Takes back what finalize changed (see the module notes): removes the nodes of `undo`
    /// and their edges, and puts back the nodes and edges as they were.
    pub fn unfinalize(&mut self, undo: &Undo) {
        for id in undo.nodes.iter().map(|n| &n.id).chain(&undo.created) {
            if let Some(ix) = self.index_of(id) {
                self.remove_node_ix(ix);
            }
        }
        for n in &undo.nodes {
            self.upsert_node(n);
        }
        for e in &undo.edges {
            self.upsert_edge(&e.source, &e.target, &e.edge);
        }
        self.undo = Undo::default();
    }
}

#[cfg(test)]
mod tests {
    use crate::graph::KnowledgeGraph;
    use crate::model::{DocFacts, DocumentMeta, Edge, EdgeKind, EdgeRecord, Evidence, Node, NodeType};

    fn person(doc: &str, label: &str) -> Node {
        let mut n = Node::entity(crate::lexicon::slug(label), label, NodeType::Person);
        n.docs.insert(doc.into());
        n.aliases.insert(label.into());
        n.mentions = 1;
        n
    }

    fn facts(doc: &str, a: &str, b: &str) -> DocFacts {
        let (na, nb) = (person(doc, a), person(doc, b));
        let ev = Evidence { doc: doc.into(), start: 0, end: 5, text: format!("{a} met {b}"), rule: "T/1".into(), date: None, date_source: None, surface: None, according_to: None };
        let e = Edge::new("meets", EdgeKind::Action, ev);
        DocFacts {
            document: DocumentMeta { id: doc.into(), ..Default::default() },
            edges: vec![EdgeRecord { source: na.id.clone(), target: nb.id.clone(), key: String::new(), edge: e }],
            nodes: vec![na, nb],
            warnings: vec![],
        }
    }

    #[test]
    fn unfinalize_gives_back_the_graph_before_finalize() {
        let lex = crate::lexicon::Lexicon::builtin();
        let mut g = KnowledgeGraph::default();
        // "Lavrov" → Sergey Lavrov (surname rule); "Kin Jong-un" → "Kim Jong-un" (misspelling),
        // with edges between the merged nodes and to others.
        for f in [
            facts("d1", "Sergey Lavrov", "Taro Kono"),
            facts("d2", "Lavrov", "Taro Kono"),
            facts("d3", "Lavrov", "Sergey Lavrov"),
            facts("d4", "Kim Jong-un", "Lavrov"),
            facts("d5", "Kin Jong-un", "Taro Kono"),
            facts("d6", "Kim Jong-un", "Sergey Lavrov"),
        ] {
            g.add_facts(&f);
        }
        let before = g.to_json();
        g.finalize(lex);
        assert_ne!(g.to_json(), before, "finalize merged something");
        let undo = g.undo().clone();
        assert!(undo.nodes.iter().any(|n| n.label == "Lavrov"));
        // Through the files, as `merge --into` does.
        let text = serde_json::to_string(&undo).unwrap();
        let mut back = KnowledgeGraph::from_json(&g.to_json(), crate::graph::DEFAULT_MAX_EVIDENCE).unwrap();
        back.unfinalize(&serde_json::from_str(&text).unwrap());
        assert_eq!(back.to_json(), before);
    }
}
