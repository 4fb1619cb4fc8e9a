//! Pictures for people: the `graph.dot`/`graph.svg` that `newsgraph build` draws.
//!
//! A whole news graph drawn at once is unreadable (84 articles give a column of ~700 isolated
//! nodes), so `build` draws one of two pictures, both with a legend and a caption that says
//! what was left out:
//!
//! * **Overview** ([`Overview`]): the [`OVERVIEW_NODES`] most connected entities — ranked by
//!   how many other entities they are tied to, by relation edges or by statements that speak
//!   about them ([`Ties::choose`]) — and the relation edges among them; no isolated node. Statements
//!   are not drawn one by one but **counted**: a node reads "90 statements · 40 about", and a
//!   dotted blue edge "said about ×12" joins a speaker to an entity their statements mention.
//!   Bare titles (`holds-title` → "president") and Document speakers are left out.
//! * **Focus** ([`focus_dot`], in `focus.rs`): one entity, its relation edges (named entities first, at most
//!   [`FOCUS_NEIGHBOURS`]), what it said and what others said about it, each statement a short
//!   quote excerpt with its document and date (at most [`FOCUS_STATEMENTS`] each way).
//!
//! Layout ([`Layout`]): Graphviz's own engines. `auto` uses `dot` for small pictures and `sfdp`
//! (with `overlap=prism`, which removes node overlaps while keeping the layout's shape) for
//! larger ones, where `dot`'s ranks turn into one long column; the chosen engine is written in
//! the DOT file (`layout=…`), so `dot -Tsvg graph.dot` redraws the same picture.
//!
//! Everything is a pure function of the graph: sorted, escaped with [`super::dot::quote`], and
//! byte-identical for the same input. The store builds the same [`Overview`] from its tables
//! (`crate::store::StoreGraph::overview`).

use super::dot::quote;
use super::style::{color_hex, dot_shape};
pub use super::ties::Ties;
use crate::graph::KnowledgeGraph;
use crate::model::{EdgeKind, Node, NodeType};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Entities in the default overview.
pub const OVERVIEW_NODES: usize = 60;
/// Relation neighbours drawn around a focus.
pub const FOCUS_NEIGHBOURS: usize = 30;
/// Statements drawn by, and about, a focus (each).
pub const FOCUS_STATEMENTS: usize = 6;
/// Concepts drawn around a focus, at most.
pub const FOCUS_CONCEPTS: usize = 10;
/// Characters of a quote excerpt in a focus picture.
pub const EXCERPT_CHARS: usize = 70;
/// `auto` lays out with `dot` up to this many nodes, with `sfdp` above.
pub const DOT_MAX_NODES: usize = 30;

pub use super::focus::focus_dot;
/// Statement edges ("said about") drawn in an overview, strongest first, per drawn entity.
const TALKS_PER_NODE: usize = 2;

/// A Graphviz layout engine (`--layout`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Layout {
    /// `dot` for small pictures, `sfdp` for large ones.
    #[default]
    Auto,
    /// Layered (hierarchical), left to right.
    Dot,
    /// Scalable force-directed placement, with `overlap=prism`.
    Sfdp,
    /// Spring model.
    Neato,
    /// Force-directed.
    Fdp,
    /// Radial, around the focus (or the most connected node).
    Twopi,
    /// Circular.
    Circo,
}

impl Layout {
    /// The engine's Graphviz name (`auto` resolved for a picture of `nodes` nodes).
    pub fn engine(self, nodes: usize) -> &'static str {
        match self {
            Layout::Auto if nodes <= DOT_MAX_NODES => "dot",
            Layout::Auto | Layout::Sfdp => "sfdp",
            Layout::Dot => "dot",
            Layout::Neato => "neato",
            Layout::Fdp => "fdp",
            Layout::Twopi => "twopi",
            Layout::Circo => "circo",
        }
    }
}

/// Node types an overview may draw (not statements, not documents).
pub fn drawable(t: NodeType) -> bool {
    !matches!(t, NodeType::Statement | NodeType::Document)
}

/// Relation edges an overview counts and draws: between two drawable entities, not a loop,
/// not a bare title.
fn counted(relation: &str, s: &str, t: &str, info: &HashMap<String, (NodeType, u64)>) -> bool {
    relation != "holds-title" && s != t && [s, t].iter().all(|x| info.get(*x).is_some_and(|i| drawable(i.0)))
}

/// What an overview draws (see the module notes).
#[derive(Debug, Clone, Default)]
pub struct Overview {
    /// Entities in the whole graph.
    pub entities: usize,
    /// The chosen entities and the counted relation edges among them.
    pub graph: KnowledgeGraph,
    /// Statements by each chosen entity.
    pub said: BTreeMap<String, u64>,
    /// Statements that mention each chosen entity.
    pub about: BTreeMap<String, u64>,
    /// `(speaker, mentioned, statements)` among the chosen entities.
    pub talks: Vec<(String, String, u64)>,
}

/// The ties of a graph held in memory: its entities (not statements), relation edges, and
/// statements counted by speaker, by mentioned entity and by pair.
pub(crate) fn graph_ties(g: &KnowledgeGraph) -> Ties {
    let graph = g.graph();
    let mut t = Ties::new(graph.node_weights().filter(|n| n.node_type != NodeType::Statement).map(|n| (n.id.clone(), n.node_type, n.mentions)));
    for e in graph.edge_references().filter(|e| !matches!(e.weight().kind, EdgeKind::Quote | EdgeKind::Mention)) {
        t.relation(&graph[e.source()].id, &graph[e.target()].id, &e.weight().relation);
    }
    let mut talks: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    for ix in graph.node_indices().filter(|ix| graph[*ix].node_type == NodeType::Statement) {
        let ends = |d, kind| -> BTreeSet<&str> {
            graph
                .edges_directed(ix, d)
                .filter(|e| e.weight().kind == kind)
                .map(|e| graph[if d == petgraph::Direction::Incoming { e.source() } else { e.target() }].id.as_str())
                .collect()
        };
        let speakers = ends(petgraph::Direction::Incoming, EdgeKind::Quote);
        let mentioned = ends(petgraph::Direction::Outgoing, EdgeKind::Mention);
        for s in &speakers {
            t.said(s, 1);
            for m in &mentioned {
                *talks.entry((s, m)).or_default() += 1;
            }
        }
        for m in &mentioned {
            t.about(m, 1);
        }
    }
    for ((s, m), n) in talks {
        t.talk(s, m, n);
    }
    t
}

impl Overview {
    /// The overview of a graph held in memory, with at most `k` entities.
    pub fn of_graph(g: &KnowledgeGraph, k: usize) -> Overview {
        let mut ties = graph_ties(g);
        let chosen = ties.choose(k);
        let mut sub = KnowledgeGraph::new(0);
        for id in &chosen {
            if let Some(n) = g.node(id) {
                sub.upsert_node(n);
            }
        }
        for e in g.sorted_edges() {
            if chosen.contains(&e.source) && chosen.contains(&e.target) && !matches!(e.edge.kind, EdgeKind::Quote | EdgeKind::Mention) {
                sub.upsert_edge(&e.source, &e.target, &e.edge);
            }
        }
        Overview::assemble(ties.len(), sub, &ties, &chosen)
    }

    /// An overview from its parts: `graph` holds the `chosen` entities (and may hold more edges
    /// than are drawn); the statement counts are those of `ties` among `chosen`.
    pub fn assemble(entities: usize, graph: KnowledgeGraph, ties: &Ties, chosen: &BTreeSet<String>) -> Overview {
        let (said, about, talks) = ties.counts_among(chosen);
        Overview { entities, graph, said, about, talks }
    }

    /// The overview as DOT text, laid out with `layout`.
    pub fn to_dot(&self, layout: Layout) -> String {
        let g = &self.graph;
        let mut edges: Parallel = BTreeMap::new();
        let info: HashMap<String, (NodeType, u64)> =
            g.graph().node_weights().map(|n| (n.id.clone(), (n.node_type, n.mentions))).collect();
        for e in g.sorted_edges() {
            if matches!(e.edge.kind, EdgeKind::Quote | EdgeKind::Mention) || !counted(&e.edge.relation, &e.source, &e.target, &info) {
                continue;
            }
            edges.entry((e.source, e.target)).or_default().push((relation_word(&e.edge), e.edge.count, e.edge.negated || e.edge.reported));
        }
        // The strongest statement ties, a few per entity, so they do not hide the relations.
        let mut talks = self.talks.clone();
        talks.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1))));
        let mut per: HashMap<&str, usize> = HashMap::new();
        let mut drawn_talks = Vec::new();
        let mut tied: BTreeSet<&str> = BTreeSet::new();
        for (s, t) in edges.keys() {
            tied.insert(s);
            tied.insert(t);
        }
        // Ties of two statements or more, a few per entity; a tie of one statement only where
        // it is all that keeps an entity in the picture.
        for (s, t, n) in &talks {
            let (a, b) = (per.get(s.as_str()).copied().unwrap_or(0), per.get(t.as_str()).copied().unwrap_or(0));
            let lonely = !tied.contains(s.as_str()) || !tied.contains(t.as_str());
            if (*n >= 2 && (a < TALKS_PER_NODE || b < TALKS_PER_NODE)) || lonely {
                *per.entry(s).or_default() += 1;
                *per.entry(t).or_default() += 1;
                tied.insert(s);
                tied.insert(t);
                drawn_talks.push((s.clone(), t.clone(), *n));
            }
        }
        drawn_talks.sort();
        let nodes: Vec<&Node> = g.sorted_nodes().into_iter().filter(|n| tied.contains(n.id.as_str())).collect();
        let engine = layout.engine(nodes.len());
        let caption = format!(
            "The {} most connected of {} entities and the relations among them. Statements are counted, not drawn: \
             'N statements' were said by an entity, 'N about' mention it; a dotted blue edge joins a speaker to what it spoke about. \
             graph.html shows everything.",
            nodes.len(),
            self.entities
        );
        let mut s = header("newsgraph overview", engine, &caption, None);
        for n in &nodes {
            let mut label = n.label.clone();
            let (said, about) = (self.said.get(&n.id).copied().unwrap_or(0), self.about.get(&n.id).copied().unwrap_or(0));
            let mut counts = Vec::new();
            if said > 0 {
                counts.push(plural(said, "statement", "statements"));
            }
            if about > 0 {
                counts.push(format!("{about} about"));
            }
            if !counts.is_empty() {
                label.push('\n');
                label.push_str(&counts.join(" · "));
            }
            s.push_str(&node_line(n, &label, &tooltip(n, g.doc_count(n)), ""));
        }
        for ((from, to), rels) in &edges {
            s.push_str(&relation_line(from, to, rels));
        }
        for (from, to, n) in &drawn_talks {
            s.push_str(&format!(
                "  {} -> {} [label={}, style=dotted, color=\"#1f77b4\", fontcolor=\"#1f77b4\", constraint=false];\n",
                quote(from),
                quote(to),
                quote(&format!("said about ×{n}"))
            ));
        }
        s.push_str(&legend(nodes.iter().map(|n| n.node_type).collect(), true));
        s.push_str("}\n");
        s
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Relations drawn as one edge, by `(source, target)`: `(word, count, negated or reported)`.
pub(super) type Parallel = BTreeMap<(String, String), Vec<(String, u64, bool)>>;

pub(super) fn relation_word(e: &crate::model::Edge) -> String {
    let mut w = if e.negated { format!("not {}", e.relation) } else { e.relation.clone() };
    if let Some(m) = &e.modality {
        w = format!("{m} {w}");
    }
    w
}

pub(super) fn cut(s: &str, max: usize) -> String {
    crate::query::truncate(s, max)
}

/// A node's tooltip; `docs` is the number of documents it appears in
/// ([`KnowledgeGraph::doc_count`]).
pub(super) fn tooltip(n: &Node, docs: usize) -> String {
    let mut tip = format!("{}: {}", n.node_type, n.label);
    if !n.aliases.is_empty() {
        tip.push_str("\naliases: ");
        tip.push_str(&n.aliases.iter().cloned().collect::<Vec<_>>().join(" | "));
    }
    tip.push_str(&format!("\n{} mentions in {} documents", n.mentions, docs));
    cut(&tip, 1000)
}

pub(super) fn header(name: &str, engine: &str, caption: &str, root: Option<&str>) -> String {
    let mut s = format!("digraph {} {{\n", quote(name));
    s.push_str(&format!("  graph [layout={engine}, label={}, labelloc=b, labeljust=l, fontname=\"Helvetica\", fontsize=11", quote(&wrap_caption(caption))));
    match engine {
        "dot" => s.push_str(", rankdir=LR, nodesep=0.25, ranksep=0.6"),
        _ => s.push_str(", overlap=prism, overlap_scaling=-4, splines=curved, sep=\"+6\", esep=\"+3\", outputorder=edgesfirst"),
    }
    if let (Some(r), "twopi") = (root, engine) {
        s.push_str(&format!(", root={}", quote(r)));
    }
    s.push_str("];\n");
    s.push_str("  node [style=filled, fontname=\"Helvetica\", fontsize=11, penwidth=0.8];\n");
    s.push_str("  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\", arrowsize=0.6];\n");
    s
}

/// A long caption in lines of about 110 characters (Graphviz does not wrap labels).
fn wrap_caption(s: &str) -> String {
    crate::query::table::wrap_text(s, 110).join("\n")
}

pub(super) fn node_line(n: &Node, label: &str, tip: &str, extra: &str) -> String {
    format!(
        "  {} [label={}, shape={}, fillcolor=\"{}66\", color=\"{}\", tooltip={}{extra}];\n",
        quote(&n.id),
        quote(label),
        dot_shape(n.node_type),
        color_hex(n.node_type),
        color_hex(n.node_type),
        quote(tip)
    )
}

/// One edge for all the relations from `from` to `to`: at most two named, "+N more".
pub(super) fn relation_line(from: &str, to: &str, rels: &[(String, u64, bool)]) -> String {
    let mut v: Vec<&(String, u64, bool)> = rels.iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut words: Vec<String> = v.iter().take(2).map(|(w, n, _)| if *n > 1 { format!("{w} ×{n}") } else { w.clone() }).collect();
    if v.len() > 2 {
        words.push(format!("+{} more", v.len() - 2));
    }
    let total: u64 = v.iter().map(|x| x.1).sum();
    let pen = 1.0 + (total.min(64) as f64).log2() * 0.5;
    let dashed = if v.iter().all(|x| x.2) { ", style=dashed" } else { "" };
    let tip: Vec<String> = v.iter().map(|(w, n, _)| format!("{w} ×{n}")).collect();
    format!(
        "  {} -> {} [label={}, penwidth={pen:.1}{dashed}, tooltip={}];\n",
        quote(from),
        quote(to),
        quote(&words.join("\n")),
        quote(&tip.join("\n"))
    )
}

/// The legend: one cell per node type drawn (its colour and shape), and the edge styles.
pub(super) fn legend(types: BTreeSet<NodeType>, talks: bool) -> String {
    let mut rows = String::from("<TR><TD COLSPAN=\"2\"><B>Legend</B></TD></TR>");
    for t in &types {
        rows.push_str(&format!(
            "<TR><TD BGCOLOR=\"{}66\" BORDER=\"1\" COLOR=\"{}\">{}</TD><TD ALIGN=\"LEFT\">{}</TD></TR>",
            color_hex(*t),
            color_hex(*t),
            dot_shape(*t),
            t.as_str()
        ));
    }
    rows.push_str("<TR><TD>——→</TD><TD ALIGN=\"LEFT\">relation (×N: seen N times)</TD></TR>");
    rows.push_str("<TR><TD>- - →</TD><TD ALIGN=\"LEFT\">negated, or only reported</TD></TR>");
    if talks {
        rows.push_str("<TR><TD><FONT COLOR=\"#1f77b4\">····→</FONT></TD><TD ALIGN=\"LEFT\">said about (statements)</TD></TR>");
    } else {
        rows.push_str("<TR><TD><FONT COLOR=\"#1f77b4\">——→</FONT></TD><TD ALIGN=\"LEFT\">said / about (statements)</TD></TR>");
    }
    format!(
        "  \"newsgraph-legend\" [shape=plain, style=\"\", fontsize=10, label=<<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"3\" COLOR=\"#999999\">{rows}</TABLE>>];\n"
    )
}

