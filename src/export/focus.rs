//! The focus picture of one entity (`build --focus X`): see [`super::drawing`] for the design.
//! Its relations (named entities first; concepts only when seen twice with it or mentioned three
//! times), what it said and what others said about it — each statement a short quote with its
//! document and date, quotations first, the same words in one document once.

use super::dot::quote;
use super::drawing::{
    cut, drawable, header, Parallel, legend, node_line, relation_line, relation_word, tooltip, Layout, EXCERPT_CHARS, FOCUS_CONCEPTS,
    FOCUS_NEIGHBOURS, FOCUS_STATEMENTS,
};
use super::style::color_hex;
use crate::graph::KnowledgeGraph;
use crate::model::{EdgeKind, Node, NodeType};
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, BTreeSet};

/// A statement in a focus picture.
struct Said<'g> {
    node: &'g Node,
    speakers: Vec<&'g Node>,
}

/// The statements to draw: quotations first, then by date, document and offset; the same words
/// in one document once; at most [`FOCUS_STATEMENTS`]. Also how many there were.
fn pick(mut list: Vec<Said<'_>>) -> (usize, Vec<Said<'_>>) {
    list.sort_by(|a, b| {
        (a.node.direct != Some(true))
            .cmp(&(b.node.direct != Some(true)))
            .then_with(|| a.node.date.cmp(&b.node.date))
            .then_with(|| a.node.doc.cmp(&b.node.doc))
            .then_with(|| a.node.start.cmp(&b.node.start))
    });
    let mut seen = BTreeSet::new();
    list.retain(|s| seen.insert((s.node.doc.clone(), crate::query::normalize(s.node.text.as_deref().unwrap_or("")))));
    let total = list.len();
    list.truncate(FOCUS_STATEMENTS);
    (total, list)
}

fn excerpt(n: &Node, date: Option<&str>) -> String {
    let text = n.text.as_deref().unwrap_or(&n.label);
    let mut s = format!("\u{201c}{}\u{201d}", cut(text, EXCERPT_CHARS));
    s = crate::query::table::wrap_text(&s, 36).join("\n");
    let mut tail = Vec::new();
    if let Some(d) = n.doc.as_deref() {
        tail.push(cut(d, 40));
    }
    if let Some(d) = date {
        tail.push(d.to_string());
    }
    if !tail.is_empty() {
        s.push_str(&format!("\n— {}", tail.join(", ")));
    }
    s
}

/// The focus picture of node `id` in `g` (see the module notes): `hops` 2 or more also draws
/// the relations among the drawn entities and up to ten more named entities tied to them.
pub fn focus_dot(g: &KnowledgeGraph, id: &str, hops: usize, layout: Layout) -> String {
    let graph = g.graph();
    let Some(center) = g.index_of(id) else { return String::new() };
    let c = &graph[center];
    // Relation edges at the focus, grouped by the node at the other end.
    let mut around: BTreeMap<petgraph::stable_graph::NodeIndex, u64> = BTreeMap::new();
    for d in [petgraph::Direction::Outgoing, petgraph::Direction::Incoming] {
        for e in graph.edges_directed(center, d) {
            let other = if d == petgraph::Direction::Outgoing { e.target() } else { e.source() };
            if matches!(e.weight().kind, EdgeKind::Quote | EdgeKind::Mention) || other == center || !drawable(graph[other].node_type) {
                continue;
            }
            *around.entry(other).or_default() += e.weight().count;
        }
    }
    let mut ranked: Vec<(petgraph::stable_graph::NodeIndex, u64)> = around.into_iter().collect();
    ranked.sort_by(|a, b| {
        let (x, y) = (&graph[a.0], &graph[b.0]);
        (x.node_type == NodeType::Concept)
            .cmp(&(y.node_type == NodeType::Concept))
            .then(b.1.cmp(&a.1))
            .then(y.mentions.cmp(&x.mentions))
            .then(x.id.cmp(&y.id))
    });
    let relations_total = ranked.len();
    // Concepts ("plan", "acres") are often one-off objects of actions: only those seen twice
    // with the focus, or mentioned three times, and at most FOCUS_CONCEPTS of them.
    let mut concepts = 0;
    ranked.retain(|(ix, n)| {
        let x = &graph[*ix];
        if x.node_type != NodeType::Concept {
            return true;
        }
        concepts += 1;
        (*n >= 2 || x.mentions >= 3) && concepts <= FOCUS_CONCEPTS
    });
    let relations_drawn = ranked.len().min(FOCUS_NEIGHBOURS);
    let mut drawn: BTreeSet<petgraph::stable_graph::NodeIndex> = ranked.iter().take(FOCUS_NEIGHBOURS).map(|x| x.0).collect();
    drawn.insert(center);
    if hops >= 2 {
        let mut second: BTreeMap<petgraph::stable_graph::NodeIndex, u64> = BTreeMap::new();
        for ix in drawn.iter().filter(|ix| **ix != center) {
            for e in graph.edges(*ix).chain(graph.edges_directed(*ix, petgraph::Direction::Incoming)) {
                let other = if e.source() == *ix { e.target() } else { e.source() };
                let o = &graph[other];
                if !drawn.contains(&other) && drawable(o.node_type) && o.node_type != NodeType::Concept && !matches!(e.weight().kind, EdgeKind::Quote | EdgeKind::Mention) {
                    *second.entry(other).or_default() += e.weight().count;
                }
            }
        }
        let mut v: Vec<_> = second.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(graph[a.0].id.cmp(&graph[b.0].id)));
        drawn.extend(v.into_iter().take(10).map(|x| x.0));
    }
    // Statements by the focus, and about it by others.
    let statement = |ix: petgraph::stable_graph::NodeIndex| -> Said<'_> {
        let mut speakers: Vec<&Node> = graph
            .edges_directed(ix, petgraph::Direction::Incoming)
            .filter(|e| e.weight().kind == EdgeKind::Quote)
            .map(|e| &graph[e.source()])
            .collect();
        speakers.sort_by(|a, b| a.id.cmp(&b.id));
        speakers.dedup_by(|a, b| a.id == b.id);
        Said { node: &graph[ix], speakers }
    };
    let by: Vec<Said<'_>> = graph
        .edges_directed(center, petgraph::Direction::Outgoing)
        .filter(|e| e.weight().kind == EdgeKind::Quote)
        .map(|e| statement(e.target()))
        .collect();
    let about: Vec<Said<'_>> = graph
        .edges_directed(center, petgraph::Direction::Incoming)
        .filter(|e| e.weight().kind == EdgeKind::Mention)
        .map(|e| statement(e.source()))
        .filter(|s| !s.speakers.iter().any(|p| p.id == c.id))
        .collect();
    let ((by_total, by), (about_total, about)) = (pick(by), pick(about));
    for s in &about {
        for p in &s.speakers {
            if let Some(ix) = g.index_of(&p.id) {
                drawn.insert(ix);
            }
        }
    }
    let nodes: Vec<&Node> = {
        let mut v: Vec<&Node> = drawn.iter().map(|ix| &graph[*ix]).collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    };
    let count = nodes.len() + by.len() + about.len();
    let engine = layout.engine(count);
    let caption = format!(
        "{}: {} of {} related entities, {} of {} statements by {}, {} of {} statements about {} by others (quotes cut to {} characters). \
         graph.html and `newsgraph query who-said` have them all.",
        c.label,
        relations_drawn,
        relations_total,
        by.len(),
        by_total,
        c.label,
        about.len(),
        about_total,
        c.label,
        EXCERPT_CHARS
    );
    let mut s = header(&format!("newsgraph focus {}", c.id), engine, &caption, Some(&c.id));
    let mut types: BTreeSet<NodeType> = BTreeSet::new();
    for n in &nodes {
        types.insert(n.node_type);
        let extra = if n.id == c.id { ", penwidth=2.5, fontsize=14" } else { "" };
        s.push_str(&node_line(n, &n.label, &tooltip(n, g.doc_count(n)), extra));
    }
    let mut edges: Parallel = BTreeMap::new();
    for e in g.sorted_edges() {
        let (Some(a), Some(b)) = (g.index_of(&e.source), g.index_of(&e.target)) else { continue };
        if matches!(e.edge.kind, EdgeKind::Quote | EdgeKind::Mention) || a == b || !drawn.contains(&a) || !drawn.contains(&b) {
            continue;
        }
        if hops < 2 && a != center && b != center {
            continue;
        }
        edges.entry((e.source.clone(), e.target.clone())).or_default().push((relation_word(&e.edge), e.edge.count, e.edge.negated || e.edge.reported));
    }
    for ((from, to), rels) in &edges {
        s.push_str(&relation_line(from, to, rels));
    }
    let date_of = |n: &Node| n.date.clone().or_else(|| n.doc.as_ref().and_then(|d| g.documents().get(d)).and_then(|m| m.date.clone()));
    for st in by.iter().chain(&about) {
        let n = st.node;
        types.insert(NodeType::Statement);
        s.push_str(&format!(
            "  {} [label={}, shape=note, fillcolor=\"{}33\", color=\"{}\", fontsize=9, tooltip={}];\n",
            quote(&n.id),
            quote(&excerpt(n, date_of(n).as_deref())),
            color_hex(NodeType::Statement),
            color_hex(NodeType::Statement),
            quote(&cut(n.text.as_deref().unwrap_or(""), 1000))
        ));
    }
    let blue = "color=\"#1f77b4\", fontcolor=\"#1f77b4\"";
    for st in &by {
        s.push_str(&format!("  {} -> {} [label=\"said\", {blue}];\n", quote(&c.id), quote(&st.node.id)));
    }
    for st in &about {
        for p in &st.speakers {
            s.push_str(&format!("  {} -> {} [label=\"said\", {blue}];\n", quote(&p.id), quote(&st.node.id)));
        }
        s.push_str(&format!("  {} -> {} [label=\"about\", style=dashed, {blue}];\n", quote(&st.node.id), quote(&c.id)));
    }
    s.push_str(&legend(types, false));
    s.push_str("}\n");
    s
}
