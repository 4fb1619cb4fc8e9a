//! Answers as pictures: a [`Picture`] is the subgraph an answer touches, written as Graphviz
//! DOT text (built here, escaped, sorted so the text is byte-stable) and, when the `dot`
//! program is on `PATH`, rendered to SVG with `dot -Tsvg`. A missing `dot` is a clear
//! [`QueryError::Graphviz`], never a silent skip.
//!
//! What each answer draws: who-said — speakers, statements and the entities they mention;
//! path — every hop of every path, edges in their real direction; neighbours — every row;
//! stats — the top entities by degree and the edges among them.

use super::stats::Stats;
use super::{NeighborResult, NodeRef, PathResult, Queries, QueryError, WhoSaidResult, truncate};
use super::path::{Direction, hop_word};
use crate::model::{EdgeKind, NodeType};
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The subgraph an answer touches.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Picture {
    nodes: BTreeMap<String, NodeRef>,
    /// (source id, target id, label, kind)
    edges: BTreeSet<(String, String, String, EdgeKind)>,
}

impl Picture {
    fn node(&mut self, n: &NodeRef) {
        self.nodes.entry(n.id.clone()).or_insert_with(|| n.clone());
    }

    fn edge(&mut self, from: &NodeRef, to: &NodeRef, label: String, kind: EdgeKind, d: Direction) {
        self.node(from);
        self.node(to);
        let (s, t) = match d {
            Direction::Forward => (from, to),
            Direction::Backward => (to, from),
        };
        self.edges.insert((s.id.clone(), t.id.clone(), label, kind));
    }

    /// Number of nodes drawn.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// The ids of the nodes drawn.
    pub fn node_ids(&self) -> std::collections::BTreeSet<String> {
        self.nodes.keys().cloned().collect()
    }

    /// Number of edges drawn.
    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    /// Speakers, statements and what the statements mention.
    pub fn who_said(r: &WhoSaidResult) -> Picture {
        let mut p = Picture::default();
        for s in &r.statements {
            let st = NodeRef { id: s.id.clone(), label: s.text.clone(), node_type: NodeType::Statement };
            p.node(&st);
            for sp in &s.speakers {
                p.edge(sp, &st, "said".into(), EdgeKind::Quote, Direction::Forward);
            }
            for m in &s.mentions {
                p.edge(&st, m, "mentions".into(), EdgeKind::Mention, Direction::Forward);
            }
        }
        p
    }

    /// Every hop of every path.
    pub fn path(r: &PathResult) -> Picture {
        let mut p = Picture::default();
        p.node(&r.from);
        p.node(&r.to);
        for h in r.paths.iter().flat_map(|x| &x.hops) {
            p.edge(&h.from, &h.to, hop_word(h.kind, &h.relation, h.negated), h.kind, h.direction);
        }
        p
    }

    /// Every row of a neighbour answer.
    pub fn neighbors(r: &NeighborResult) -> Picture {
        let mut p = Picture::default();
        p.node(&r.center);
        for row in &r.rows {
            p.edge(&row.via, &row.node, hop_word(row.kind, &row.relation, row.negated), row.kind, row.direction);
        }
        p
    }

    /// The top entities by degree and the edges among them.
    pub fn stats(q: &Queries<'_>, s: &Stats) -> Picture {
        let mut p = Picture::default();
        let g = q.graph();
        let graph = g.graph();
        let ids: BTreeSet<&str> = s.top_degree.iter().map(|r| r.node.id.as_str()).collect();
        for r in &s.top_degree {
            p.node(&r.node);
            let Some(ix) = g.index_of(&r.node.id) else { continue };
            for e in graph.edges_directed(ix, petgraph::Direction::Outgoing) {
                let t = &graph[e.target()];
                if ids.contains(t.id.as_str()) {
                    let w = e.weight();
                    p.edge(&r.node, &NodeRef::of(t), hop_word(w.kind, &w.relation, w.negated), w.kind, Direction::Forward);
                }
            }
        }
        p
    }

    /// The picture as DOT text.
    pub fn to_dot(&self, title: &str) -> String {
        let mut s = String::from("digraph newsgraph {\n");
        s.push_str(&format!("  label={};\n  labelloc=t;\n  rankdir=LR;\n", quote(title)));
        s.push_str("  node [fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=9];\n");
        for n in self.nodes.values() {
            let (shape, color) = style(n.node_type);
            let label = if n.node_type == NodeType::Statement {
                format!("\u{201c}{}\u{201d}", truncate(&n.label, super::STATEMENT_CHARS))
            } else {
                n.label.clone()
            };
            s.push_str(&format!(
                "  {} [label={}, shape={shape}, style=filled, fillcolor=\"{color}\", tooltip={}];\n",
                quote(&n.id),
                quote(&label),
                quote(&format!("{} ({})", n.id, n.node_type))
            ));
        }
        for (from, to, label, kind) in &self.edges {
            let style = match kind {
                EdgeKind::Quote => ", color=\"#1f77b4\"",
                EdgeKind::Mention => ", style=dashed, color=\"#7f7f7f\"",
                _ => "",
            };
            s.push_str(&format!("  {} -> {} [label={}{style}];\n", quote(from), quote(to), quote(label)));
        }
        s.push_str("}\n");
        s
    }
}

fn style(t: NodeType) -> (&'static str, &'static str) {
    match t {
        NodeType::Person => ("ellipse", "#cfe2ff"),
        NodeType::Country => ("box", "#d1e7dd"),
        NodeType::Organization => ("box", "#fff3cd"),
        NodeType::Location => ("house", "#e2d9f3"),
        NodeType::Event => ("octagon", "#f8d7da"),
        NodeType::Document => ("folder", "#eeeeee"),
        NodeType::Concept => ("ellipse", "#f5f5f5"),
        NodeType::Statement => ("note", "#ffffff"),
    }
}

/// A DOT double-quoted string.
fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            c if c.is_control() => q.push(' '),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// Writes DOT text to a file.
pub fn write_dot(path: &Path, dot: &str) -> Result<(), QueryError> {
    std::fs::write(path, dot).map_err(|source| QueryError::Write { what: path.display().to_string(), source })
}

/// Renders DOT text to an SVG file with Graphviz's `dot`, under its time and size limits
/// ([`crate::export::render`]); the file is written atomically.
pub fn write_svg(path: &Path, dot: &str) -> Result<(), QueryError> {
    use crate::export::render::{render, RenderError};
    let svg = render(dot, "svg").map_err(|e| match e {
        RenderError::NotFound => QueryError::Graphviz("the `dot` program (Graphviz) is not on PATH: install Graphviz, or write DOT with --dot FILE".into()),
        e => QueryError::Graphviz(format!("{e}; write DOT with --dot FILE instead")),
    })?;
    crate::export::atomic_write(path, &svg).map_err(|source| QueryError::Write { what: path.display().to_string(), source })
}
