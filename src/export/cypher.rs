//! Plain Cypher (`neo4j/import.cypher`) for `cypher-shell -f` (Neo4j 5) and other openCypher
//! databases: no `:param`, no APOC, no procedure calls.
//!
//! The file is a sequence of statements, **one per line**, each ending in `;` (string values
//! never hold a raw line break: they are escaped), after `//` comment lines:
//! 1. a uniqueness constraint on `id` per node label (`CREATE CONSTRAINT … IF NOT EXISTS`);
//! 2. one `MERGE (n:Label {id: …}) SET n += {…}` per node, the label being its type;
//! 3. one `MATCH … MATCH … MERGE (a)-[r:TYPE {key: …}]->(b) SET r += {…}` per edge, `TYPE` the
//!    relation upper-cased and sanitised to `[A-Z_][A-Z0-9_]*` ([`rel_type`]), `key` the graph's
//!    multigraph key (so two relations that sanitise alike stay two relationships).
//!
//! Everything is `MERGE` + `SET +=` of the same values, so running the file twice changes
//! nothing. Evidence is stored as parallel lists (`evidence`, `evidence_docs`, `evidence_starts`,
//! `evidence_ends`, `evidence_rules`); absent optional values are left out, not written as null.
//!
//! Strings are single-quoted by [`string`]: backslash and quote are escaped, so no input can end
//! the literal early (`'}) DETACH DELETE n //` stays a string); line breaks and tab use `\n`, `\r`,
//! `\t`, NUL `\u0000`. Every other character is written as itself: Neo4j reads any character in a
//! literal, and FalkorDB does not decode `\uXXXX` escapes, so writing them would change the text.
//! Property names and labels are fixed identifiers from this file, never taken from input.

use crate::graph::KnowledgeGraph;
use crate::model::{EdgeRecord, Node, NodeType};
use std::fmt::Write;

/// A Cypher string literal for `s`.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\u0000"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A relationship type for a relation: upper-cased, every character outside `[A-Z0-9_]` turned
/// into `_`, a leading digit prefixed with `_`; `RELATED` for an empty relation.
pub fn rel_type(relation: &str) -> String {
    let mut t: String = relation
        .chars()
        .map(|c| {
            let u = c.to_ascii_uppercase();
            if u.is_ascii_uppercase() || u.is_ascii_digit() { u } else { '_' }
        })
        .collect();
    if t.is_empty() {
        t.push_str("RELATED");
    }
    if t.starts_with(|c: char| c.is_ascii_digit()) {
        t.insert(0, '_');
    }
    t
}

fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let v: Vec<String> = items.into_iter().map(string).collect();
    format!("[{}]", v.join(", "))
}

fn int_list(items: impl IntoIterator<Item = usize>) -> String {
    let v: Vec<String> = items.into_iter().map(|i| i.to_string()).collect();
    format!("[{}]", v.join(", "))
}

/// A Cypher map literal from (key, already-formatted value) pairs.
fn map(pairs: &[(&str, String)]) -> String {
    let v: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!("{{{}}}", v.join(", "))
}

/// The properties of a node, as Cypher values.
fn node_props(n: &Node) -> Vec<(&'static str, String)> {
    let mut p = vec![
        ("label", string(&n.label)),
        ("type", string(n.node_type.as_str())),
        ("aliases", list(n.aliases.iter().map(String::as_str))),
        ("docs", list(n.docs.iter().map(String::as_str))),
        ("mentions", n.mentions.to_string()),
    ];
    let opt = n.optional_strings();
    for (k, v) in opt {
        if let Some(s) = v {
            p.push((k, string(s)));
        }
    }
    if let Some(d) = n.direct {
        p.push(("direct", d.to_string()));
    }
    if let Some(s) = n.start {
        p.push(("start", s.to_string()));
    }
    if let Some(e) = n.end {
        p.push(("end", e.to_string()));
    }
    p
}

/// The properties of an edge, as Cypher values (without `key`, which the MERGE pattern holds).
fn edge_props(e: &EdgeRecord) -> Vec<(&'static str, String)> {
    let ed = &e.edge;
    let ev = &ed.evidence;
    let mut p = vec![
        ("relation", string(&ed.relation)),
        ("kind", string(ed.kind.as_str())),
        ("negated", ed.negated.to_string()),
        ("reported", ed.reported.to_string()),
        ("count", ed.count.to_string()),
        ("evidence", list(ev.iter().map(|x| x.text.as_str()))),
        ("evidence_docs", list(ev.iter().map(|x| x.doc.as_str()))),
        ("evidence_starts", int_list(ev.iter().map(|x| x.start))),
        ("evidence_ends", int_list(ev.iter().map(|x| x.end))),
        ("evidence_rules", list(ev.iter().map(|x| x.rule.as_str()))),
        ("surface", list(ed.surface.iter().map(String::as_str))),
        ("rules", list(ed.rules.iter().map(String::as_str))),
    ];
    if let Some(m) = &ed.modality {
        p.push(("modality", string(m)));
    }
    p
}

/// The node labels used by `g`, in type order.
fn labels(g: &KnowledgeGraph) -> Vec<NodeType> {
    let used: std::collections::BTreeSet<NodeType> = g.sorted_nodes().iter().map(|n| n.node_type).collect();
    used.into_iter().collect()
}

/// The Cypher script of `g` (see the module note).
pub fn to_cypher(g: &KnowledgeGraph) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "// newsgraph {}: {} nodes, {} relationships.", env!("CARGO_PKG_VERSION"), g.node_count(), g.edge_count());
    out.push_str("// Run with: cypher-shell -f import.cypher   (idempotent: MERGE only)\n");
    for t in labels(g) {
        let l = t.as_str();
        let _ = writeln!(
            out,
            "CREATE CONSTRAINT newsgraph_{}_id IF NOT EXISTS FOR (n:{l}) REQUIRE n.id IS UNIQUE;",
            l.to_ascii_lowercase()
        );
    }
    for n in g.sorted_nodes() {
        let _ = writeln!(
            out,
            "MERGE (n:{} {{id: {}}}) SET n += {};",
            n.node_type.as_str(),
            string(&n.id),
            map(&node_props(n))
        );
    }
    for e in g.sorted_edges() {
        let (Some(s), Some(t)) = (g.node(&e.source), g.node(&e.target)) else { continue };
        let _ = writeln!(
            out,
            "MATCH (a:{} {{id: {}}}) MATCH (b:{} {{id: {}}}) MERGE (a)-[r:{} {{key: {}}}]->(b) SET r += {};",
            s.node_type.as_str(),
            string(&e.source),
            t.node_type.as_str(),
            string(&e.target),
            rel_type(&e.edge.relation),
            string(&e.key),
            map(&edge_props(&e))
        );
    }
    out
}
