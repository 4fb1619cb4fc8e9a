//! GEXF 1.3 (`graph.gexf`) for Gephi, networkx and graphology-gexf.
//!
//! Layout of the file: attributes are declared once per class (`<attributes class="node">` and
//! `class="edge"`, each attribute's id equal to its title), each node carries `viz:color` (by type) and `viz:size` (by
//! mentions), each edge a `weight` equal to its `count` and a `label` equal to its relation.
//! Lists (aliases, docs, evidence) are JSON arrays in `string` attributes, which every reader
//! keeps verbatim. When any node or edge has a valid `YYYY-MM-DD` date (statement date, document
//! date, evidence date) the graph is `mode="dynamic" timeformat="date"` and those elements get
//! `<spells>` with one `start = end` spell per date; month-day-only dates (`--MM-DD`) never make a
//! spell. The output validates against the official RelaxNG schema (`xmllint --relaxng`).
//!
//! Strings are escaped by [`super::xml::escape`] (C0 controls become U+FFFD: XML 1.0 cannot
//! carry them).

use super::style::{evidence_dates, node_color, node_dates, node_size};
use super::xml::escape;
use crate::graph::KnowledgeGraph;
use crate::model::{EdgeRecord, Node};
use std::fmt::Write;

/// Node attribute declarations: (id = title, type). graphology-gexf keys values by the id
/// unless it is numeric, networkx and Gephi by the title: making them equal suits all three.
const NODE_ATTRS: [(&str, &str); 13] = [
    ("type", "string"),
    ("aliases", "string"),
    ("docs", "string"),
    ("mentions", "long"),
    ("text", "string"),
    ("cue", "string"),
    ("direct", "boolean"),
    ("doc", "string"),
    ("start", "long"),
    ("end", "long"),
    ("source_text", "string"),
    ("date", "string"),
    ("rule", "string"),
];

/// Edge attribute declarations: (id = title, type).
const EDGE_ATTRS: [(&str, &str); 10] = [
    ("relation", "string"),
    ("kind", "string"),
    ("negated", "boolean"),
    ("modality", "string"),
    ("reported", "boolean"),
    ("count", "long"),
    ("edge_key", "string"),
    ("evidence", "string"),
    ("surface", "string"),
    ("rules", "string"),
];

fn json_list<'a>(items: impl IntoIterator<Item = &'a String>) -> String {
    serde_json::to_string(&items.into_iter().collect::<Vec<_>>()).unwrap_or_else(|_| "[]".into())
}

/// The node's attribute values, `(title, value)` in declaration order, absent values left out.
pub(crate) fn node_values(n: &Node) -> Vec<(&'static str, String)> {
    let mut v = vec![
        ("type", n.node_type.as_str().to_string()),
        ("aliases", json_list(&n.aliases)),
        ("docs", json_list(&n.docs)),
        ("mentions", n.mentions.to_string()),
    ];
    let opt = n.optional_strings();
    for (id, val) in opt {
        if let Some(s) = val {
            v.push((id, s.clone()));
        }
    }
    if let Some(d) = n.direct {
        v.push(("direct", d.to_string()));
    }
    if let Some(s) = n.start {
        v.push(("start", s.to_string()));
    }
    if let Some(e) = n.end {
        v.push(("end", e.to_string()));
    }
    v.sort_by_key(|(title, _)| NODE_ATTRS.iter().position(|(t, _)| t == title));
    v
}

/// The edge's attribute values, `(title, value)` in declaration order, absent values left out.
pub(crate) fn edge_values(e: &EdgeRecord) -> Vec<(&'static str, String)> {
    let ed = &e.edge;
    let evidence = serde_json::to_string(&ed.evidence).unwrap_or_else(|_| "[]".into());
    let mut v = vec![
        ("relation", ed.relation.clone()),
        ("kind", ed.kind.as_str().to_string()),
        ("negated", ed.negated.to_string()),
    ];
    if let Some(m) = &ed.modality {
        v.push(("modality", m.clone()));
    }
    v.extend([
        ("reported", ed.reported.to_string()),
        ("count", ed.count.to_string()),
        ("edge_key", e.key.clone()),
        ("evidence", evidence),
        ("surface", json_list(&ed.surface)),
        ("rules", json_list(&ed.rules)),
    ]);
    v
}

fn write_attvalues(out: &mut String, values: &[(&str, String)]) {
    if values.is_empty() {
        return;
    }
    out.push_str("        <attvalues>\n");
    for (id, val) in values {
        let _ = writeln!(out, "          <attvalue for=\"{id}\" value=\"{}\"/>", escape(val));
    }
    out.push_str("        </attvalues>\n");
}

fn write_spells(out: &mut String, dates: &[String]) {
    if dates.is_empty() {
        return;
    }
    out.push_str("        <spells>\n");
    for d in dates {
        let _ = writeln!(out, "          <spell start=\"{d}\" end=\"{d}\"/>");
    }
    out.push_str("        </spells>\n");
}

/// The GEXF 1.3 document of `g`.
pub fn to_gexf(g: &KnowledgeGraph) -> String {
    let nodes = g.sorted_nodes();
    let edges = g.sorted_edges();
    let node_dates: Vec<Vec<String>> = nodes.iter().map(|n| node_dates(g, n)).collect();
    let edge_dates: Vec<Vec<String>> = edges.iter().map(|e| evidence_dates(g, &e.edge.evidence)).collect();
    let dynamic = node_dates.iter().chain(edge_dates.iter()).any(|d| !d.is_empty());

    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" version=\"1.3\">\n");
    let _ = writeln!(out, "  <meta>\n    <creator>newsgraph {}</creator>\n  </meta>", env!("CARGO_PKG_VERSION"));
    if dynamic {
        out.push_str("  <graph defaultedgetype=\"directed\" idtype=\"string\" mode=\"dynamic\" timeformat=\"date\">\n");
    } else {
        out.push_str("  <graph defaultedgetype=\"directed\" idtype=\"string\" mode=\"static\">\n");
    }
    for (class, decls) in [("node", &NODE_ATTRS[..]), ("edge", &EDGE_ATTRS[..])] {
        let _ = writeln!(out, "    <attributes class=\"{class}\" mode=\"static\">");
        for (title, ty) in decls {
            let _ = writeln!(out, "      <attribute id=\"{title}\" title=\"{title}\" type=\"{ty}\"/>");
        }
        out.push_str("    </attributes>\n");
    }
    out.push_str("    <nodes>\n");
    for (n, dates) in nodes.iter().zip(&node_dates) {
        let _ = writeln!(out, "      <node id=\"{}\" label=\"{}\">", escape(&n.id), escape(&n.label));
        write_attvalues(&mut out, &node_values(n));
        write_spells(&mut out, dates);
        let (r, gr, b) = node_color(n.node_type);
        let _ = writeln!(out, "        <viz:color r=\"{r}\" g=\"{gr}\" b=\"{b}\"/>");
        let _ = writeln!(out, "        <viz:size value=\"{}\"/>", node_size(n));
        out.push_str("      </node>\n");
    }
    out.push_str("    </nodes>\n    <edges>\n");
    for (i, (e, dates)) in edges.iter().zip(&edge_dates).enumerate() {
        let _ = writeln!(
            out,
            "      <edge id=\"{i}\" source=\"{}\" target=\"{}\" label=\"{}\" weight=\"{}\">",
            escape(&e.source),
            escape(&e.target),
            escape(&e.edge.relation),
            e.edge.count
        );
        write_attvalues(&mut out, &edge_values(e));
        write_spells(&mut out, dates);
        out.push_str("      </edge>\n");
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out
}
