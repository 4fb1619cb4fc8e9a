//! `graph.graphology.json`: a graphology serialized graph, for `Graph.from(json)` /
//! `graph.import(json)` and sigma.js.
//!
//! ```text
//! {"attributes":{"name":"newsgraph",…},"options":{"type":"directed","multi":true,"allowSelfLoops":true},
//!  "nodes":[{"key":"russia","attributes":{"label":"Russia","x":…,"y":…,"size":…,"color":"#f28e2b",…}}],
//!  "edges":[{"key":"e0","source":"sergey-lavrov","target":"russia","attributes":{"label":"foreign-minister-of",…}}]}
//! ```
//!
//! Node attributes carry what sigma draws — `label`, `x`/`y` (a deterministic hashed initial
//! position, [`super::style::node_position`]; run ForceAtlas2 from there), `size`, `color` — and
//! the data, with the node type under `nodeType` (sigma reserves `type` for its renderer).
//! Edge attributes: `label` (relation), `size` (grows with count), `color`, the edge's fields
//! (`kind` as `edgeKind` for the same reason), evidence as an array of objects.

use super::apoc::{edge_properties, node_properties};
use super::style::{color_hex, node_position, node_size};
use crate::graph::KnowledgeGraph;
use serde_json::{Value, json};

/// The graphology JSON of `g`.
pub fn to_graphology(g: &KnowledgeGraph) -> String {
    let nodes: Vec<Value> = g
        .sorted_nodes()
        .into_iter()
        .map(|n| {
            let mut a = node_properties(n);
            a.remove("id");
            let t = a.remove("type").unwrap_or(Value::Null);
            a.insert("nodeType".into(), t);
            let (x, y) = node_position(&n.id);
            a.insert("x".into(), json!(x));
            a.insert("y".into(), json!(y));
            a.insert("size".into(), json!(node_size(n)));
            a.insert("color".into(), json!(color_hex(n.node_type)));
            json!({"key": n.id, "attributes": a})
        })
        .collect();
    let edges: Vec<Value> = g
        .sorted_edges()
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut a = edge_properties(e);
            for k in ["evidence", "evidence_docs", "evidence_starts", "evidence_ends", "evidence_rules"] {
                a.remove(k);
            }
            let kind = a.remove("kind").unwrap_or(Value::Null);
            a.insert("edgeKind".into(), kind);
            a.insert("evidence".into(), json!(e.edge.evidence));
            a.insert("label".into(), json!(e.edge.relation));
            a.insert("size".into(), json!(1.0 + (e.edge.count.max(1) as f64).log2()));
            a.insert("color".into(), json!(if e.edge.negated { "#e15759" } else { "#999999" }));
            json!({"key": format!("e{i}"), "source": e.source, "target": e.target, "attributes": a})
        })
        .collect();
    let v = json!({
        "attributes": {
            "name": "newsgraph",
            "generator": format!("newsgraph {}", env!("CARGO_PKG_VERSION")),
            "documents": g.documents().values().collect::<Vec<_>>(),
        },
        "options": {"type": "directed", "multi": true, "allowSelfLoops": true},
        "nodes": nodes,
        "edges": edges,
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}
