//! GraphML (`graph.graphml`) for Gephi, yEd and networkx.
//!
//! Every data field is declared once with a `<key>` carrying `attr.name` and `attr.type`
//! (`string`, `long`, `double`, `boolean`), so networkx restores typed values. Node `label`,
//! `type`, `color` (`#rrggbb`), `size`, `x`, `y` are plain keys Gephi maps to its columns; lists
//! (aliases, docs, evidence) are JSON arrays in string keys. Edges have ids `e0…` in sorted
//! order and an `edge_key` field with the graph's multigraph key (networkx reserves `key`). Values that are absent (a Person has
//! no `text`) are left out rather than written empty.
//!
//! For yEd, which draws only its own yFiles extension, every node and edge also carries a
//! `nodegraphics`/`edgegraphics` data element (`y:ShapeNode` with geometry from the shared
//! deterministic layout, fill colour, shape and label; `y:PolyLineEdge` with an arrow and the
//! relation as label). Other readers ignore it (networkx reads the label and position from it,
//! then the plain keys that follow overwrite them with the typed values).
//!
//! Strings are escaped by [`super::xml::escape`] (C0 controls become U+FFFD).

use super::gexf::{edge_values, node_values};
use super::style::{color_hex, node_position, node_size};
use crate::model::NodeType;
use super::xml::escape;
use crate::graph::KnowledgeGraph;
use std::fmt::Write;

/// Node keys: (name, type); the names of the GEXF attributes plus drawing fields.
const NODE_KEYS: [(&str, &str); 18] = [
    ("label", "string"),
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
    ("color", "string"),
    ("size", "double"),
    ("x", "double"),
    ("y", "double"),
];

/// Edge keys: (name, type).
const EDGE_KEYS: [(&str, &str); 12] = [
    ("label", "string"),
    ("relation", "string"),
    ("kind", "string"),
    ("negated", "boolean"),
    ("modality", "string"),
    ("reported", "boolean"),
    ("count", "long"),
    ("weight", "double"),
    ("edge_key", "string"),
    ("evidence", "string"),
    ("surface", "string"),
    ("rules", "string"),
];

fn data(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "      <data key=\"{}\">{}</data>", escape(key), escape(value));
}

/// yEd's shape for a node type.
fn yed_shape(t: NodeType) -> &'static str {
    match t {
        NodeType::Person => "ellipse",
        NodeType::Country => "hexagon",
        NodeType::Organization => "rectangle",
        NodeType::Location => "trapezoid",
        NodeType::Event => "diamond",
        NodeType::Document => "rectangle3d",
        NodeType::Concept => "octagon",
        NodeType::Statement => "roundrectangle",
    }
}

fn yed_node(out: &mut String, label: &str, t: NodeType, (x, y): (f64, f64)) {
    let width = (label.chars().count().clamp(4, 40) * 7 + 16) as f64;
    let _ = write!(
        out,
        concat!(
            "      <data key=\"node_graphics\"><y:ShapeNode>",
            "<y:Geometry x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"30.0\"/>",
            "<y:Fill color=\"{c}\" transparent=\"false\"/>",
            "<y:NodeLabel>{l}</y:NodeLabel><y:Shape type=\"{s}\"/></y:ShapeNode></data>\n"
        ),
        x = x * 8.0,
        y = y * 8.0,
        w = width,
        c = color_hex(t),
        l = escape(label),
        s = yed_shape(t),
    );
}

fn yed_edge(out: &mut String, label: &str) {
    let _ = writeln!(
        out,
        concat!(
            "      <data key=\"edge_graphics\"><y:PolyLineEdge><y:Arrows source=\"none\" target=\"standard\"/>",
            "<y:EdgeLabel>{}</y:EdgeLabel></y:PolyLineEdge></data>"
        ),
        escape(label)
    );
}

/// Keys are named `node_label`, `edge_label`, … in the file so node and edge keys never clash.
fn key_id(class: &str, id: &str) -> String {
    format!("{class}_{id}")
}

/// The GraphML document of `g`.
pub fn to_graphml(g: &KnowledgeGraph) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(concat!(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" ",
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
        "xmlns:y=\"http://www.yworks.com/xml/graphml\" ",
        "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
    ));
    for (class, keys) in [("node", &NODE_KEYS[..]), ("edge", &EDGE_KEYS[..])] {
        for (name, ty) in keys {
            let _ = writeln!(
                out,
                "  <key id=\"{}\" for=\"{class}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>",
                key_id(class, name)
            );
        }
    }
    out.push_str("  <key id=\"node_graphics\" for=\"node\" yfiles.type=\"nodegraphics\"/>\n");
    out.push_str("  <key id=\"edge_graphics\" for=\"edge\" yfiles.type=\"edgegraphics\"/>\n");
    out.push_str("  <graph id=\"newsgraph\" edgedefault=\"directed\">\n");
    for n in g.sorted_nodes() {
        let _ = writeln!(out, "    <node id=\"{}\">", escape(&n.id));
        let values = node_values(n);
        let (x, y) = node_position(&n.id);
        yed_node(&mut out, &n.label, n.node_type, (x, y));
        for (id, _) in NODE_KEYS {
            let k = key_id("node", id);
            match id {
                "label" => data(&mut out, &k, &n.label),
                "color" => data(&mut out, &k, &color_hex(n.node_type)),
                "size" => data(&mut out, &k, &node_size(n).to_string()),
                "x" => data(&mut out, &k, &x.to_string()),
                "y" => data(&mut out, &k, &y.to_string()),
                _ => {
                    if let Some((_, v)) = values.iter().find(|(title, _)| *title == id) {
                        data(&mut out, &k, v);
                    }
                }
            }
        }
        out.push_str("    </node>\n");
    }
    for (i, e) in g.sorted_edges().iter().enumerate() {
        let _ = writeln!(
            out,
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\">",
            escape(&e.source),
            escape(&e.target)
        );
        yed_edge(&mut out, &e.edge.relation);
        let values = edge_values(e);
        for (id, _) in EDGE_KEYS {
            let k = key_id("edge", id);
            match id {
                "label" => data(&mut out, &k, &e.edge.relation),
                "weight" => data(&mut out, &k, &(e.edge.count as f64).to_string()),
                _ => {
                    if let Some((_, v)) = values.iter().find(|(title, _)| *title == id) {
                        data(&mut out, &k, v);
                    }
                }
            }
        }
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}
