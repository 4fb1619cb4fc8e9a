//! Graphviz DOT (`graph.dot`), built as a `graphviz-rust` AST and printed by its printer.
//!
//! Drawing rules: node shape and fill colour by type ([`super::style`]), edge label = relation
//! (`not …` when negated, `×N` when seen N times), edge tooltip = the evidence sentences, node
//! tooltip = type and aliases. Statement nodes and their quote/mention edges are drawn only with
//! [`DotOptions::statements`]; [`DotOptions::focus`] keeps the `hops`-neighbourhood of one node.
//!
//! Escaping ([`quote`]): every id and value is a double-quoted DOT string. Graphviz reads label
//! and tooltip values as *escString*s with HTML entities, so `\` → `\\`, `"` → `\"`, newline →
//! `\n`, carriage return → `\r`, `&` → `&amp;`; characters the SVG output (XML 1.0) cannot hold
//! become U+FFFD. Ids use the same quoting, so they stay distinct. [`unquote`] is the inverse
//! (what the property tests check through `graphviz_rust::parse`).

use super::ExportError;
use super::style::{color_hex, dot_shape};
use super::xml::is_xml_char;
use crate::graph::KnowledgeGraph;
use crate::model::{EdgeKind, EdgeRecord, Node, NodeType};
use graphviz_rust::dot_structures::{Attribute, Edge, EdgeTy, Graph, Id, Node as DotNode, NodeId, Stmt, Vertex};
use graphviz_rust::dot_structures::GraphAttributes;
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// What to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DotOptions {
    /// Draw Statement nodes and quote/mention edges.
    pub statements: bool,
    /// Draw only the neighbourhood of this node (id, label or alias; case-insensitive).
    pub focus: Option<String>,
    /// Radius of the focus neighbourhood, in edges (direction ignored).
    pub hops: usize,
}

impl Default for DotOptions {
    fn default() -> Self {
        DotOptions { statements: false, focus: None, hops: 2 }
    }
}

/// Longest Statement label drawn, in characters (the tooltip has the whole text).
const STATEMENT_LABEL_CHARS: usize = 60;
/// Longest tooltip, in characters.
const TOOLTIP_CHARS: usize = 2000;

/// Quotes `s` as a DOT string holding an escString (see the module note).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '&' => out.push_str("&amp;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out.push('"');
    out
}

/// The inverse of [`quote`]: the text of a quoted DOT string as written by [`quote`].
/// Returns `None` for input [`quote`] cannot produce.
pub fn unquote(q: &str) -> Option<String> {
    let inner = q.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut it = inner.chars();
    while let Some(c) = it.next() {
        match c {
            '\\' => match it.next()? {
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                _ => return None,
            },
            '&' => {
                let rest: String = it.clone().take(4).collect();
                if rest != "amp;" {
                    return None;
                }
                it.nth(3);
                out.push('&');
            }
            c => out.push(c),
        }
    }
    Some(out)
}

fn q(s: &str) -> Id {
    Id::Escaped(quote(s))
}

fn attr(name: &str, value: Id) -> Attribute {
    Attribute(Id::Plain(name.to_string()), value)
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Finds the node `query` names, with the rules of `newsgraph query` ([`crate::query::names`]):
/// an exact id, else a full name, else a surname or partial name far better attested than its
/// namesakes. Several nodes equally named is an error listing them.
pub fn resolve_focus(g: &KnowledgeGraph, query: &str) -> Result<String, ExportError> {
    resolve_focus_noted(g, query).map(|r| r.0)
}

/// [`resolve_focus`], with the note said when the node was chosen among namesakes.
pub fn resolve_focus_noted(g: &KnowledgeGraph, query: &str) -> Result<(String, Option<String>), ExportError> {
    use crate::query::{Queries, QueryError, names};
    let q = Queries::new(g);
    match q.resolve(query) {
        Ok(ix) => Ok((g.graph()[ix].id.clone(), q.take_notes().into_iter().next())),
        Err(QueryError::Ambiguous { candidates, .. }) => Err(ExportError::FocusAmbiguous {
            query: query.to_string(),
            details: names::candidate_lines(&candidates),
            candidates: candidates.into_iter().map(|c| c.id).collect(),
        }),
        Err(QueryError::Unknown { suggestions, .. }) => Err(ExportError::FocusNotFound {
            query: query.to_string(),
            details: names::candidate_lines(&suggestions),
            suggestions: suggestions.into_iter().map(|c| format!("{} ({})", c.label, c.id)).collect(),
        }),
        Err(_) => Err(ExportError::FocusNotFound { query: query.to_string(), suggestions: vec![], details: String::new() }),
    }
}

fn edge_drawn(e: &EdgeRecord, statements: bool) -> bool {
    statements || !matches!(e.edge.kind, EdgeKind::Quote | EdgeKind::Mention)
}

/// The ids of the nodes to draw.
fn visible_nodes(g: &KnowledgeGraph, edges: &[EdgeRecord], opts: &DotOptions) -> Result<BTreeSet<String>, ExportError> {
    let shown = |n: &Node| opts.statements || n.node_type != NodeType::Statement;
    let Some(query) = &opts.focus else {
        return Ok(g.sorted_nodes().into_iter().filter(|n| shown(n)).map(|n| n.id.clone()).collect());
    };
    let start = resolve_focus(g, query)?;
    let mut adj: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for e in edges.iter().filter(|e| edge_drawn(e, opts.statements)) {
        adj.entry(&e.source).or_default().push(&e.target);
        adj.entry(&e.target).or_default().push(&e.source);
    }
    let mut seen: BTreeSet<String> = BTreeSet::new();
    seen.insert(start.clone());
    let mut queue = VecDeque::from([(start, 0usize)]);
    while let Some((id, d)) = queue.pop_front() {
        if d >= opts.hops {
            continue;
        }
        for next in adj.get(id.as_str()).into_iter().flatten() {
            let ok = g.node(next).is_some_and(shown);
            if ok && seen.insert(next.to_string()) {
                queue.push_back((next.to_string(), d + 1));
            }
        }
    }
    Ok(seen)
}

fn node_stmt(n: &Node) -> Stmt {
    let label = match (n.node_type, &n.text) {
        (NodeType::Statement, Some(t)) => truncate(t, STATEMENT_LABEL_CHARS),
        _ => n.label.clone(),
    };
    let mut tip = format!("{}: {}", n.node_type, n.label);
    if let Some(t) = &n.text {
        tip.push('\n');
        tip.push_str(t);
    }
    if !n.aliases.is_empty() {
        tip.push_str("\naliases: ");
        tip.push_str(&n.aliases.iter().cloned().collect::<Vec<_>>().join(" | "));
    }
    let attrs = vec![
        attr("label", q(&label)),
        attr("shape", Id::Plain(dot_shape(n.node_type).to_string())),
        attr("fillcolor", q(&color_hex(n.node_type))),
        attr("tooltip", q(&truncate(&tip, TOOLTIP_CHARS))),
    ];
    Stmt::Node(DotNode::new(NodeId(q(&n.id), None), attrs))
}

fn edge_stmt(e: &EdgeRecord) -> Stmt {
    let mut label = if e.edge.negated { format!("not {}", e.edge.relation) } else { e.edge.relation.clone() };
    if let Some(m) = &e.edge.modality {
        label = format!("{m} {label}");
    }
    if e.edge.count > 1 {
        label.push_str(&format!(" ×{}", e.edge.count));
    }
    let tip: Vec<&str> = e.edge.evidence.iter().map(|ev| ev.text.as_str()).collect();
    let mut attrs = vec![
        attr("label", q(&label)),
        attr("tooltip", q(&truncate(&tip.join("\n"), TOOLTIP_CHARS))),
        attr("penwidth", Id::Plain(format!("{}", 1 + (e.edge.count.min(64) as f64).log2() as u64))),
    ];
    let style = match (e.edge.kind, e.edge.negated || e.edge.reported) {
        (_, true) => Some("dashed"),
        (EdgeKind::Quote | EdgeKind::Mention, _) => Some("dotted"),
        _ => None,
    };
    if let Some(s) = style {
        attrs.push(attr("style", Id::Plain(s.to_string())));
    }
    Stmt::Edge(Edge {
        ty: EdgeTy::Pair(Vertex::N(NodeId(q(&e.source), None)), Vertex::N(NodeId(q(&e.target), None))),
        attributes: attrs,
    })
}

/// The DOT text of `g` as drawn with `opts`. Fails only when `opts.focus` names no node or
/// several.
pub fn to_dot(g: &KnowledgeGraph, opts: &DotOptions) -> Result<String, ExportError> {
    let edges = g.sorted_edges();
    let visible = visible_nodes(g, &edges, opts)?;
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("rankdir", Id::Plain("LR".into())),
            attr("overlap", Id::Plain("false".into())),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("style", Id::Plain("filled".into())),
            attr("fontname", q("Helvetica")),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![attr("fontname", q("Helvetica")), attr("fontsize", Id::Plain("10".into()))])),
    ];
    for n in g.sorted_nodes().into_iter().filter(|n| visible.contains(&n.id)) {
        stmts.push(node_stmt(n));
    }
    for e in edges
        .iter()
        .filter(|e| edge_drawn(e, opts.statements) && visible.contains(&e.source) && visible.contains(&e.target))
    {
        stmts.push(edge_stmt(e));
    }
    let graph = Graph::DiGraph { id: Id::Plain("newsgraph".into()), strict: false, stmts };
    let mut ctx = PrinterContext::default();
    ctx.with_semi().with_inline_size(usize::MAX);
    let mut text = graph.print(&mut ctx);
    text.push('\n');
    Ok(text)
}
