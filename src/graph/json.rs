//! Writing `graph.json` without copying the graph: nodes and edges are serialized from borrowed
//! views, in sorted order, straight into the writer (the bytes are those of
//! [`KnowledgeGraph::to_json`], which goes through here).

use super::{edge_key, KnowledgeGraph};
use crate::model::{DocumentMeta, Edge, Node};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use serde::Serialize;
use std::io::Write;

impl KnowledgeGraph {
    /// Writes `graph.json` (the same bytes as [`KnowledgeGraph::to_json`]) to `w`, without
    /// copying the graph: nodes and edges are serialized from borrowed views, in sorted order.
    pub fn write_json<W: std::io::Write>(&self, w: W) -> std::io::Result<()> {
        self.write_json_as(w, true)
    }

    /// [`KnowledgeGraph::write_json`] without indentation (smaller and faster; for files that
    /// only programs read).
    pub fn write_json_compact<W: std::io::Write>(&self, w: W) -> std::io::Result<()> {
        self.write_json_as(w, false)
    }

    fn write_json_as<W: std::io::Write>(&self, w: W, pretty: bool) -> std::io::Result<()> {
        #[derive(Serialize)]
        struct Doc<'a> {
            directed: bool,
            multigraph: bool,
            graph: Attrs<'a>,
            nodes: Vec<&'a Node>,
            edges: Vec<Rec<'a>>,
        }
        #[derive(Serialize)]
        struct Attrs<'a> {
            generator: String,
            documents: Vec<&'a DocumentMeta>,
        }
        #[derive(Serialize)]
        struct Rec<'a> {
            source: &'a str,
            target: &'a str,
            key: String,
            #[serde(flatten)]
            edge: &'a Edge,
        }
        let mut edges: Vec<Rec> = self
            .graph
            .edge_references()
            .map(|e| Rec {
                source: &self.graph[e.source()].id,
                target: &self.graph[e.target()].id,
                key: edge_key(e.weight()),
                edge: e.weight(),
            })
            .collect();
        edges.sort_by(|a, b| (a.source, a.target, &a.key).cmp(&(b.source, b.target, &b.key)));
        let doc = Doc {
            directed: true,
            multigraph: true,
            graph: Attrs {
                generator: format!("newsgraph {}", env!("CARGO_PKG_VERSION")),
                documents: self.documents.values().collect(),
            },
            nodes: self.sorted_nodes(),
            edges,
        };
        let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
        if pretty {
            serde_json::to_writer_pretty(&mut w, &doc).map_err(std::io::Error::other)?;
        } else {
            serde_json::to_writer(&mut w, &doc).map_err(std::io::Error::other)?;
        }
        w.write_all(b"\n")?;
        w.flush()
    }
}
