//! `neo4j/apoc.jsonl` in the line format of Neo4j APOC's `apoc.export.json` /
//! `apoc.import.json`: one JSON object per line, every node before any relationship.
//!
//! ```text
//! {"type":"node","id":"russia","labels":["Country"],"properties":{"id":"russia","label":"Russia",…}}
//! {"type":"relationship","id":"r0","label":"FOREIGN_MINISTER_OF","start":{"id":"sergey-lavrov","labels":["Person"]},"end":{"id":"russia","labels":["Country"]},"properties":{…}}
//! ```
//!
//! Node `id`s are the graph's node ids (APOC stores them as `neo4jImportId` and matches the
//! relationships' `start`/`end` on it); relationship ids are `r0…` in sorted edge order. The
//! relationship `label` is the relation as in [`super::cypher::rel_type`]. Properties are flat —
//! strings, integers, booleans and lists of those — because Neo4j cannot store maps: evidence is
//! the parallel lists `evidence`, `evidence_docs`, `evidence_starts`, `evidence_ends`,
//! `evidence_rules`, as in the Cypher script. Absent values are left out.
//!
//! JSON escaping is `serde_json`'s, so any string survives.

use super::cypher::rel_type;
use crate::graph::KnowledgeGraph;
use crate::model::{EdgeRecord, Node};
use serde_json::{Map, Value, json};

/// The flat property map of a node.
pub fn node_properties(n: &Node) -> Map<String, Value> {
    let mut p = Map::new();
    p.insert("id".into(), json!(n.id));
    p.insert("label".into(), json!(n.label));
    p.insert("type".into(), json!(n.node_type.as_str()));
    p.insert("aliases".into(), json!(n.aliases));
    p.insert("docs".into(), json!(n.docs));
    p.insert("mentions".into(), json!(n.mentions));
    let strings = n.optional_strings();
    for (k, v) in strings {
        if let Some(s) = v {
            p.insert(k.into(), json!(s));
        }
    }
    if let Some(d) = n.direct {
        p.insert("direct".into(), json!(d));
    }
    if let Some(s) = n.start {
        p.insert("start".into(), json!(s));
    }
    if let Some(e) = n.end {
        p.insert("end".into(), json!(e));
    }
    p
}

/// The flat property map of an edge.
pub fn edge_properties(e: &EdgeRecord) -> Map<String, Value> {
    let ed = &e.edge;
    let ev = &ed.evidence;
    let mut p = Map::new();
    p.insert("key".into(), json!(e.key));
    p.insert("relation".into(), json!(ed.relation));
    p.insert("kind".into(), json!(ed.kind.as_str()));
    p.insert("negated".into(), json!(ed.negated));
    p.insert("reported".into(), json!(ed.reported));
    p.insert("count".into(), json!(ed.count));
    if let Some(m) = &ed.modality {
        p.insert("modality".into(), json!(m));
    }
    p.insert("evidence".into(), json!(ev.iter().map(|x| &x.text).collect::<Vec<_>>()));
    p.insert("evidence_docs".into(), json!(ev.iter().map(|x| &x.doc).collect::<Vec<_>>()));
    p.insert("evidence_starts".into(), json!(ev.iter().map(|x| x.start).collect::<Vec<_>>()));
    p.insert("evidence_ends".into(), json!(ev.iter().map(|x| x.end).collect::<Vec<_>>()));
    p.insert("evidence_rules".into(), json!(ev.iter().map(|x| &x.rule).collect::<Vec<_>>()));
    p.insert("surface".into(), json!(ed.surface));
    p.insert("rules".into(), json!(ed.rules));
    p
}

/// The APOC JSON lines of `g`.
pub fn to_apoc_jsonl(g: &KnowledgeGraph) -> String {
    let mut out = String::new();
    let line = |v: Value, out: &mut String| {
        // serde_json cannot fail on a Value whose keys are strings.
        out.push_str(&serde_json::to_string(&v).unwrap_or_default());
        out.push('\n');
    };
    for n in g.sorted_nodes() {
        let v = json!({
            "type": "node",
            "id": n.id,
            "labels": [n.node_type.as_str()],
            "properties": node_properties(n),
        });
        line(v, &mut out);
    }
    for (i, e) in g.sorted_edges().iter().enumerate() {
        let (Some(s), Some(t)) = (g.node(&e.source), g.node(&e.target)) else { continue };
        let v = json!({
            "type": "relationship",
            "id": format!("r{i}"),
            "label": rel_type(&e.edge.relation),
            "start": {"id": e.source, "labels": [s.node_type.as_str()]},
            "end": {"id": e.target, "labels": [t.node_type.as_str()]},
            "properties": edge_properties(e),
        });
        line(v, &mut out);
    }
    out
}
