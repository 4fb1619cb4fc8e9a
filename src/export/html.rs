//! `graph.html`: the interactive page — one self-contained file that opens offline in any
//! browser. It embeds [cytoscape.js](https://js.cytoscape.org) (vendored minified in
//! `src/export/page/`, MIT licence, its notice shown in the page), the page's own script and
//! style (`page.js`, `page.css`) and the data, as JSON in a `<script type="application/json">`.
//! Cytoscape.js draws on a 2D canvas, so the page needs no WebGL (it works in VMs and headless
//! browsers) and lays the graph out itself (force-directed `cose`).
//!
//! What the page offers: a search with suggestions (names and aliases, accents and case
//! ignored); filters by node type, relation, date range and minimum degree; clicking a node
//! lists what it said, what others said about it, and its relations, each with its evidence
//! sentences, documents and dates.
//!
//! **Large graphs.** A page stays fast with a few thousand elements, so it shows at most
//! [`PAGE_ENTITIES`] entities — all of them when the graph has no more, else the most connected
//! (ranked as the overview picture ranks them, [`super::ties::Ties`]) — the [`PAGE_EDGES`] most
//! attested relation edges among them with at most [`PAGE_EVIDENCE`] evidence sentences each, and at most
//! [`PAGE_STATEMENTS`] statements by or about them. The page says so when it shows less than
//! the graph holds ([`Totals`]). [`page_graph`] makes that selection in memory; the store makes
//! the same one from its tables (`crate::store::StoreGraph::page_graph`).
//!
//! The data is escaped for its place: `<` becomes `\u003c` inside the JSON (so no `</script>`
//! can end it early), and the title and licence are HTML-escaped. The script sets article text
//! with `textContent` only. Output is deterministic: byte-identical for the same graph.

use super::drawing::{drawable, graph_ties};
use super::style::{color_hex, evidence_dates};
use crate::graph::KnowledgeGraph;
use crate::model::{DocumentMeta, EdgeKind, EdgeRecord, Node, NodeType};
use petgraph::visit::EdgeRef;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Most entities a page shows.
pub const PAGE_ENTITIES: usize = 1500;
/// Most statements a page holds.
pub const PAGE_STATEMENTS: usize = 5000;
/// Most relation edges a page holds (the most attested among its entities).
pub const PAGE_EDGES: usize = 6000;
/// Evidence sentences per edge in a page.
pub const PAGE_EVIDENCE: usize = 2;
/// Longest evidence sentence or statement kept, in characters.
const TEXT_CHARS: usize = 600;
/// Aliases kept per node for the search (the shortest first).
const ALIASES: usize = 40;

const TEMPLATE: &str = include_str!("page/page.html");
const CSS: &str = include_str!("page/page.css");
const APP: &str = include_str!("page/page.js");
/// The vendored cytoscape.js (3.34.4, `dist/cytoscape.min.js` of the npm package).
pub const CYTOSCAPE: &str = include_str!("page/cytoscape.min.js");
/// Its licence (MIT), shown in the page's footer.
pub const CYTOSCAPE_LICENSE: &str = include_str!("page/LICENSE-cytoscape.txt");

/// How much a page shows at most (the build uses the defaults: [`PAGE_ENTITIES`],
/// [`PAGE_EDGES`], [`PAGE_STATEMENTS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Entities.
    pub entities: usize,
    /// Relation edges among them.
    pub edges: usize,
    /// Statements by or about them.
    pub statements: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { entities: PAGE_ENTITIES, edges: PAGE_EDGES, statements: PAGE_STATEMENTS }
    }
}

/// How much the whole graph holds (the page says what part of it it shows).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Entities (nodes that are not statements).
    pub entities: usize,
    /// Relation edges (not quote or mention edges).
    pub edges: usize,
    /// Statements.
    pub statements: usize,
    /// Documents.
    pub documents: usize,
}

impl Totals {
    /// What `g` holds.
    pub fn of(g: &KnowledgeGraph) -> Totals {
        let graph = g.graph();
        let statements = graph.node_weights().filter(|n| n.node_type == NodeType::Statement).count();
        Totals {
            entities: graph.node_count() - statements,
            edges: graph.edge_weights().filter(|e| !matches!(e.kind, EdgeKind::Quote | EdgeKind::Mention)).count(),
            statements,
            documents: g.documents().len(),
        }
    }
}

/// The part of an in-memory graph a page shows (see the module notes), and what the whole holds.
pub fn page_graph(g: &KnowledgeGraph) -> (KnowledgeGraph, Totals) {
    page_graph_with(g, Limits::default())
}

/// [`page_graph`] within other limits.
pub fn page_graph_with(g: &KnowledgeGraph, limits: Limits) -> (KnowledgeGraph, Totals) {
    let graph = g.graph();
    let chosen = graph_ties(g).page_entities(limits.entities);
    // Statements by id, the first that a chosen entity said or is mentioned in.
    let mut statements: Vec<&String> = graph
        .node_indices()
        .filter(|ix| graph[*ix].node_type == NodeType::Statement)
        .filter(|ix| {
            graph.edges_directed(*ix, petgraph::Direction::Incoming).any(|e| e.weight().kind == EdgeKind::Quote && chosen.contains(&graph[e.source()].id))
                || graph.edges_directed(*ix, petgraph::Direction::Outgoing).any(|e| e.weight().kind == EdgeKind::Mention && chosen.contains(&graph[e.target()].id))
        })
        .map(|ix| &graph[ix].id)
        .collect();
    statements.sort();
    statements.truncate(limits.statements);
    let mut sub = KnowledgeGraph::new(PAGE_EVIDENCE);
    for id in chosen.iter().chain(statements.iter().copied()) {
        if let Some(n) = g.node(id) {
            sub.upsert_node(n);
        }
    }
    let mut relations = Vec::new();
    for e in g.sorted_edges() {
        if sub.index_of(&e.source).is_none() || sub.index_of(&e.target).is_none() {
            continue;
        }
        if matches!(e.edge.kind, EdgeKind::Quote | EdgeKind::Mention) {
            sub.upsert_edge(&e.source, &e.target, &e.edge);
        } else {
            relations.push(e);
        }
    }
    for e in strongest(relations, limits.edges) {
        sub.upsert_edge(&e.source, &e.target, &e.edge);
    }
    let _ = page_documents(&mut sub, |d| Ok::<_, std::convert::Infallible>(g.documents().get(d).cloned()));
    (sub, Totals::of(g))
}

/// The relation edges a page keeps of those among its entities: the `max` most attested (ties:
/// source, target, key — the order the store sorts them in), in graph order.
pub fn strongest(mut edges: Vec<EdgeRecord>, max: usize) -> Vec<EdgeRecord> {
    edges.sort_by(|a, b| b.edge.count.cmp(&a.edge.count).then_with(|| (&a.source, &a.target, &a.key).cmp(&(&b.source, &b.target, &b.key))));
    edges.truncate(max);
    edges.sort_by(|a, b| (&a.source, &a.target, &a.key).cmp(&(&b.source, &b.target, &b.key)));
    edges
}

/// Adds to a page's part the documents its statements and evidence cite (and only those), as
/// `meta` gives them.
pub fn page_documents<E>(sub: &mut KnowledgeGraph, mut meta: impl FnMut(&str) -> Result<Option<DocumentMeta>, E>) -> Result<(), E> {
    let graph = sub.graph();
    let mut docs: BTreeSet<String> = graph.node_weights().filter_map(|n| n.doc.clone()).collect();
    docs.extend(graph.edge_weights().flat_map(|e| e.evidence.iter().map(|v| v.doc.clone())));
    for d in docs {
        if let Some(m) = meta(&d)? {
            sub.insert_document(m);
        }
    }
    Ok(())
}

/// The part of `g` made of the nodes with these ids (entities and statements), the edges among
/// them and the documents: the page of a query's answer.
pub fn part(g: &KnowledgeGraph, ids: &BTreeSet<String>) -> KnowledgeGraph {
    let mut sub = KnowledgeGraph::new(PAGE_EVIDENCE);
    for id in ids {
        if let Some(n) = g.node(id) {
            sub.upsert_node(n);
        }
    }
    for e in g.sorted_edges() {
        if ids.contains(&e.source) && ids.contains(&e.target) {
            sub.upsert_edge(&e.source, &e.target, &e.edge);
        }
    }
    for d in g.documents().values() {
        sub.insert_document(d.clone());
    }
    sub
}

#[derive(Serialize)]
struct PageNode<'a> {
    id: &'a str,
    l: &'a str,
    t: NodeType,
    m: u64,
    d: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    a: Vec<&'a str>,
}

#[derive(Serialize)]
struct PageEdge {
    s: usize,
    t: usize,
    r: String,
    k: EdgeKind,
    n: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    neg: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    rep: bool,
    dt: Vec<String>,
    ev: Vec<(usize, String, Option<String>)>,
}

#[derive(Serialize)]
struct PageStatement {
    x: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    c: Option<String>,
    q: bool,
    d: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    dt: Option<String>,
    sp: Vec<usize>,
    ab: Vec<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ev: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    src: Option<String>,
}

#[derive(Serialize)]
struct PageDoc<'a> {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
}

#[derive(Serialize)]
struct PageData<'a> {
    title: &'a str,
    shown: Totals,
    total: Totals,
    capped: bool,
    colors: BTreeMap<&'static str, String>,
    nodes: Vec<PageNode<'a>>,
    edges: Vec<PageEdge>,
    statements: Vec<PageStatement>,
    docs: Vec<PageDoc<'a>>,
}

fn cut(s: &str) -> String {
    crate::query::truncate(s, TEXT_CHARS)
}

/// The page's data (the JSON embedded in it) for `g`, the part of a graph whose whole holds `total`.
fn data<'a>(g: &'a KnowledgeGraph, title: &'a str, total: Totals) -> PageData<'a> {
    let graph = g.graph();
    let entities: Vec<&Node> = g.sorted_nodes().into_iter().filter(|n| n.node_type != NodeType::Statement).collect();
    let index: HashMap<&str, usize> = entities.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    let mut doc_ids: BTreeSet<String> = BTreeSet::new();
    let edges_raw: Vec<_> = g
        .sorted_edges()
        .into_iter()
        .filter(|e| !matches!(e.edge.kind, EdgeKind::Quote | EdgeKind::Mention) && index.contains_key(e.source.as_str()) && index.contains_key(e.target.as_str()))
        .collect();
    let mut statements_raw: Vec<&Node> = graph.node_weights().filter(|n| n.node_type == NodeType::Statement).collect();
    statements_raw.sort_by(|a, b| (&a.date, &a.doc, a.start, &a.id).cmp(&(&b.date, &b.doc, b.start, &b.id)));
    for e in &edges_raw {
        doc_ids.extend(e.edge.evidence.iter().take(PAGE_EVIDENCE).map(|v| v.doc.clone()));
    }
    for s in &statements_raw {
        doc_ids.extend(s.doc.clone());
    }
    let docs: Vec<String> = doc_ids.into_iter().collect();
    let doc_ix: HashMap<&str, usize> = docs.iter().enumerate().map(|(i, d)| (d.as_str(), i)).collect();
    let doc_of = |d: &str| doc_ix.get(d).copied().unwrap_or(0);
    let edges: Vec<PageEdge> = edges_raw
        .iter()
        .map(|e| PageEdge {
            s: index[e.source.as_str()],
            t: index[e.target.as_str()],
            r: e.edge.relation.clone(),
            k: e.edge.kind,
            n: e.edge.count,
            neg: e.edge.negated,
            rep: e.edge.reported,
            dt: evidence_dates(g, &e.edge.evidence),
            ev: e.edge.evidence.iter().take(PAGE_EVIDENCE).map(|v| (doc_of(&v.doc), cut(&v.text), v.date.clone())).collect(),
        })
        .collect();
    let statements: Vec<PageStatement> = statements_raw
        .iter()
        .filter_map(|n| {
            let ix = g.index_of(&n.id)?;
            let mut sp: Vec<usize> = Vec::new();
            let mut ev = None;
            for e in graph.edges_directed(ix, petgraph::Direction::Incoming).filter(|e| e.weight().kind == EdgeKind::Quote) {
                if let Some(i) = index.get(graph[e.source()].id.as_str()) {
                    sp.push(*i);
                }
                if ev.is_none() {
                    ev = e.weight().evidence.iter().find(|v| Some(&v.doc) == n.doc.as_ref()).map(|v| cut(&v.text));
                }
            }
            let mut ab: Vec<usize> = graph
                .edges_directed(ix, petgraph::Direction::Outgoing)
                .filter(|e| e.weight().kind == EdgeKind::Mention)
                .filter_map(|e| index.get(graph[e.target()].id.as_str()).copied())
                .collect();
            sp.sort_unstable();
            sp.dedup();
            ab.sort_unstable();
            ab.dedup();
            let date = n.date.clone().or_else(|| n.doc.as_ref().and_then(|d| g.documents().get(d)).and_then(|m| m.date.clone()));
            Some(PageStatement {
                x: cut(n.text.as_deref().unwrap_or(&n.label)),
                c: n.cue.clone(),
                q: n.direct == Some(true),
                d: doc_of(n.doc.as_deref().unwrap_or("")),
                dt: date,
                sp,
                ab,
                ev,
                src: n.source_text.clone(),
            })
        })
        .collect();
    let nodes: Vec<PageNode<'_>> = entities
        .iter()
        .map(|n| PageNode {
            id: &n.id,
            l: &n.label,
            t: n.node_type,
            m: n.mentions,
            d: g.doc_count(n),
            a: {
                let mut a: Vec<&str> = n.aliases.iter().filter(|a| **a != n.label).map(String::as_str).collect();
                a.sort_by(|x, y| x.chars().count().cmp(&y.chars().count()).then(x.cmp(y)));
                a.truncate(ALIASES);
                a
            },
        })
        .collect();
    let docs: Vec<PageDoc<'_>> = docs
        .into_iter()
        .map(|d| {
            let m = g.documents().get(&d);
            PageDoc { date: m.and_then(|m| m.date.as_deref()), title: m.and_then(|m| m.title.as_deref()), id: d }
        })
        .collect();
    let shown = Totals { entities: nodes.len(), edges: edges.len(), statements: statements.len(), documents: total.documents };
    let capped = shown.entities < total.entities || shown.edges < total.edges || shown.statements < total.statements;
    let colors = NodeType::ALL.iter().filter(|t| drawable(**t) || **t == NodeType::Document).map(|t| (t.as_str(), color_hex(*t))).collect();
    PageData { title, shown, total, capped, colors, nodes, edges, statements, docs }
}

/// The page for `g` — the part of a graph to show (from [`page_graph`], or a query's answer) —
/// titled `title`; `total` is what the whole graph holds.
pub fn page(g: &KnowledgeGraph, title: &str, total: Totals) -> String {
    let d = data(g, title, total);
    // Plain structs with string keys: serializing cannot fail.
    let json = serde_json::to_string(&d).unwrap_or_else(|_| "{}".into());
    // Inside <script>, "</script" or "<!--" would end or confuse the element: no '<' at all.
    let json = json.replace('<', "\\u003c");
    let mut out = String::with_capacity(TEMPLATE.len() + CYTOSCAPE.len() + json.len() + APP.len() + CSS.len() + 4096);
    let mut rest = TEMPLATE;
    while let Some(at) = rest.find("{{") {
        out.push_str(&rest[..at]);
        let Some(end) = rest[at..].find("}}") else { break };
        let key = &rest[at + 2..at + end];
        match key {
            "TITLE" => out.push_str(&super::xml::escape(title)),
            "GENERATOR" => out.push_str(concat!("newsgraph ", env!("CARGO_PKG_VERSION"))),
            "CSS" => out.push_str(CSS),
            "LICENSE" => out.push_str(&super::xml::escape(CYTOSCAPE_LICENSE)),
            "DATA" => out.push_str(&json),
            "CYTOSCAPE" => out.push_str(CYTOSCAPE),
            "APP" => out.push_str(APP),
            other => {
                out.push_str("{{");
                out.push_str(other);
                out.push_str("}}");
            }
        }
        rest = &rest[at + end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendored_code_cannot_end_its_script_element() {
        assert!(!CYTOSCAPE.contains("</script") && !APP.contains("</script"));
        assert!(CYTOSCAPE_LICENSE.contains("Permission is hereby granted"));
    }

    #[test]
    fn hostile_text_stays_inside_the_data() {
        let mut g = KnowledgeGraph::default();
        g.upsert_node(&Node::entity("x", "</script><script>alert(1)</script> & \u{2028}", NodeType::Person));
        let html = page(&g, "a <b> & \"c\"", Totals::of(&g));
        assert_eq!(html.matches("</script>").count(), 3, "only the page's own three scripts end");
        assert!(html.contains("<title>a &lt;b&gt; &amp; &quot;c&quot;</title>"));
        let start = html.find("id=\"newsgraph-data\">").unwrap() + "id=\"newsgraph-data\">".len();
        let end = start + html[start..].find("</script>").unwrap();
        let v: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
        assert_eq!(v["nodes"][0]["l"], "</script><script>alert(1)</script> & \u{2028}");
        for key in ["TITLE", "GENERATOR", "CSS", "LICENSE", "DATA", "CYTOSCAPE", "APP"] {
            assert!(!html.contains(&format!("{{{{{key}}}}}")), "{key} is filled");
        }
    }
}
