//! Escaping property tests: hostile strings in labels, aliases, ids, relations and evidence come
//! back unchanged when each export is read by a real parser — graphviz-rust for DOT, quick-xml
//! for GEXF and GraphML, serde_json for JSON/APOC/graphology, the csv crate for CSV, and a
//! literal decoder plus a structure check for Cypher. XML (and so DOT, rendered to SVG) cannot
//! carry most C0 controls: there the expected string is `xml_safe(s)` (controls → U+FFFD).

mod common;

use newsgraph::export::dot::unquote;
use newsgraph::export::xml::xml_safe;
use newsgraph::export::neo4j_csv::plain_cell;
use newsgraph::export::{DotOptions, to_apoc_jsonl, to_csv, to_cypher, to_dot, to_gexf, to_graphml, to_graphology};
use newsgraph::graph::KnowledgeGraph;
use newsgraph::model::NodeType;
use proptest::prelude::*;
use quick_xml::events::Event;
use std::collections::{BTreeMap, BTreeSet};

/// Strings built from the characters that break escaping, plus arbitrary Unicode.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(common::HOSTILE.to_vec()).prop_map(String::from),
        prop::sample::select(vec![
            "'", "\"", "\\", "\n", "\r", "\t", "<", ">", "&", "&amp;", "*/", "/*", "//", ";", "})", "]]>", "\\n", "\\\"",
            "\u{0}", "\u{1}", "\u{1f}", "\u{7f}", "\u{85}", "\u{2028}", "\u{FFFE}", "\u{FFFF}", "\u{1F600}", "\u{10FFFF}",
            "`", "$x", "{", "}", "#", "--", "->", ",", " ",
        ])
        .prop_map(String::from),
        any::<String>(),
        "[a-zA-Z ]{0,6}",
    ];
    prop::collection::vec(piece, 0..5).prop_map(|v| v.concat())
}

fn graph_of(strings: &[String]) -> KnowledgeGraph {
    common::hostile_graph_from(strings)
}

/// What a node is expected to hold: label and aliases.
fn expected_nodes(g: &KnowledgeGraph) -> BTreeMap<String, (String, BTreeSet<String>)> {
    g.sorted_nodes().iter().map(|n| (n.id.clone(), (n.label.clone(), n.aliases.clone()))).collect()
}

fn check_dot(g: &KnowledgeGraph) -> Result<(), TestCaseError> {
    use graphviz_rust::dot_structures::{EdgeTy, Graph, Id, Stmt, Vertex};
    let text = to_dot(g, &DotOptions { statements: true, ..Default::default() }).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let parsed = graphviz_rust::parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
    let Graph::DiGraph { stmts, .. } = parsed else { return Err(TestCaseError::fail("not a digraph")) };
    let id_text = |id: &Id| match id {
        Id::Escaped(q) => unquote(q),
        Id::Plain(p) => Some(p.clone()),
        _ => None,
    };
    let mut labels = BTreeMap::new();
    let mut edges = Vec::new();
    for s in &stmts {
        match s {
            Stmt::Node(n) => {
                let id = id_text(&n.id.0).ok_or_else(|| TestCaseError::fail("bad node id"))?;
                let label = n.attributes.iter().find(|a| a.0 == Id::Plain("label".into())).and_then(|a| id_text(&a.1));
                labels.insert(id, label);
            }
            Stmt::Edge(e) => {
                let EdgeTy::Pair(Vertex::N(a), Vertex::N(b)) = &e.ty else { return Err(TestCaseError::fail("edge shape")) };
                edges.push((id_text(&a.0), id_text(&b.0)));
            }
            _ => {}
        }
    }
    for n in g.sorted_nodes() {
        let got = labels.get(&xml_safe(&n.id));
        prop_assert!(got.is_some(), "node {:?} missing from DOT", n.id);
        if n.node_type != NodeType::Statement {
            prop_assert_eq!(got.cloned().flatten(), Some(xml_safe(&n.label)));
        }
    }
    let mut want: Vec<_> = g.sorted_edges().iter().map(|e| (Some(xml_safe(&e.source)), Some(xml_safe(&e.target)))).collect();
    want.sort();
    edges.sort();
    prop_assert_eq!(edges, want);
    Ok(())
}

/// Reads an XML document: for every element named `element`, its attributes; for GraphML
/// `<data key=…>` children, their text under the key.
fn read_xml(text: &str, element: &[u8]) -> Result<Vec<BTreeMap<String, String>>, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut out: Vec<BTreeMap<String, String>> = Vec::new();
    let mut data_key: Option<String> = None;
    let mut depth_in: Option<usize> = None;
    let mut depth = 0usize;
    loop {
        let ev = reader.read_event().map_err(|e| e.to_string())?;
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let mut attrs = BTreeMap::new();
                for a in e.attributes() {
                    let a = a.map_err(|e| e.to_string())?;
                    let k = a.key.as_ref().to_string();
                    // Attribute-value normalisation as XML 1.0 defines it, as any reader does.
                    let v = a.normalized_value(quick_xml::XmlVersion::Explicit1_0).map_err(|e| e.to_string())?.into_owned();
                    attrs.insert(k, v);
                }
                let name = e.name();
                if name.as_ref().as_bytes() == element {
                    out.push(attrs.clone());
                    if matches!(ev, Event::Start(_)) {
                        depth_in = Some(depth);
                    }
                } else if depth_in.is_some() && name.as_ref() == "attvalue" {
                    if let (Some(f), Some(v), Some(last)) = (attrs.get("for"), attrs.get("value"), out.last_mut()) {
                        last.insert(format!("@{f}"), v.clone());
                    }
                } else if depth_in.is_some() && name.as_ref() == "data" {
                    data_key = attrs.get("key").cloned();
                    if matches!(ev, Event::Empty(_)) {
                        if let (Some(k), Some(last)) = (data_key.take(), out.last_mut()) {
                            last.insert(format!("@{k}"), String::new());
                        }
                    }
                }
                if matches!(ev, Event::Start(_)) {
                    depth += 1;
                }
            }
            Event::Text(t) => {
                if let (Some(k), Some(last)) = (&data_key, out.last_mut()) {
                    let s = t.xml10_content().into_owned();
                    last.entry(format!("@{k}")).or_default().push_str(&s);
                }
            }
            Event::GeneralRef(r) => {
                if let (Some(k), Some(last)) = (&data_key, out.last_mut()) {
                    let name = r.as_ref().to_string();
                    let c = match name.as_str() {
                        "amp" => "&".to_string(),
                        "lt" => "<".to_string(),
                        "gt" => ">".to_string(),
                        "quot" => "\"".to_string(),
                        "apos" => "'".to_string(),
                        n => r.resolve_char_ref().map_err(|e| e.to_string())?.map(String::from).ok_or(format!("entity {n}"))?,
                    };
                    last.entry(format!("@{k}")).or_default().push_str(&c);
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if e.name().as_ref() == "data" {
                    if let (Some(k), Some(last)) = (data_key.take(), out.last_mut()) {
                        last.entry(format!("@{k}")).or_default();
                    }
                }
                if depth_in == Some(depth) {
                    depth_in = None;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

fn json_aliases(s: &str) -> Result<BTreeSet<String>, TestCaseError> {
    serde_json::from_str::<Vec<String>>(s).map(|v| v.into_iter().collect()).map_err(|e| TestCaseError::fail(e.to_string()))
}

fn check_xml(g: &KnowledgeGraph) -> Result<(), TestCaseError> {
    let want = expected_nodes(g);
    // Lists travel as JSON text inside XML: JSON escapes controls, XML replaces what is left.
    let through_xml = |a: &BTreeSet<String>| json_aliases(&xml_safe(&serde_json::to_string(a).unwrap_or_default()));
    // GEXF: ids and labels are attributes, aliases a JSON attvalue (JSON escapes controls).
    let gexf = read_xml(&to_gexf(g), b"node").map_err(TestCaseError::fail)?;
    prop_assert_eq!(gexf.len(), want.len());
    for (n, (id, (label, aliases))) in gexf.iter().zip(&want) {
        prop_assert_eq!(&n["id"], &xml_safe(id));
        prop_assert_eq!(&n["label"], &xml_safe(label));
        prop_assert_eq!(json_aliases(&n["@aliases"])?, through_xml(aliases)?);
    }
    let edges = read_xml(&to_gexf(g), b"edge").map_err(TestCaseError::fail)?;
    let want_edges = g.sorted_edges();
    prop_assert_eq!(edges.len(), want_edges.len());
    for (e, w) in edges.iter().zip(&want_edges) {
        prop_assert_eq!(&e["source"], &xml_safe(&w.source));
        prop_assert_eq!(&e["@relation"], &xml_safe(&w.edge.relation));
        let want_json = xml_safe(&serde_json::to_string(&w.edge.evidence).unwrap_or_default());
        prop_assert_eq!(&e["@evidence"], &want_json);
    }
    // GraphML: label and aliases are element text.
    let graphml = read_xml(&to_graphml(g), b"node").map_err(TestCaseError::fail)?;
    prop_assert_eq!(graphml.len(), want.len());
    for (n, (id, (label, aliases))) in graphml.iter().zip(&want) {
        prop_assert_eq!(&n["id"], &xml_safe(id));
        prop_assert_eq!(&n["@node_label"], &xml_safe(label));
        prop_assert_eq!(json_aliases(&n["@node_aliases"])?, through_xml(aliases)?);
    }
    Ok(())
}

fn check_json(g: &KnowledgeGraph) -> Result<(), TestCaseError> {
    let want = expected_nodes(g);
    let back = KnowledgeGraph::from_json(&g.to_json(), 0).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(back.to_json(), g.to_json());
    let gl: serde_json::Value = serde_json::from_str(&to_graphology(g)).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let nodes = gl["nodes"].as_array().cloned().unwrap_or_default();
    prop_assert_eq!(nodes.len(), want.len());
    for (n, (id, (label, aliases))) in nodes.iter().zip(&want) {
        prop_assert_eq!(n["key"].as_str(), Some(id.as_str()));
        prop_assert_eq!(n["attributes"]["label"].as_str(), Some(label.as_str()));
        let got: BTreeSet<String> = serde_json::from_value(n["attributes"]["aliases"].clone()).unwrap_or_default();
        prop_assert_eq!(&got, aliases);
    }
    let mut apoc_nodes = 0;
    let edges = g.sorted_edges();
    for line in to_apoc_jsonl(g).lines() {
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| TestCaseError::fail(e.to_string()))?;
        if v["type"] == "node" {
            let (label, aliases) = &want[v["id"].as_str().unwrap_or_default()];
            prop_assert_eq!(v["properties"]["label"].as_str(), Some(label.as_str()));
            let got: BTreeSet<String> = serde_json::from_value(v["properties"]["aliases"].clone()).unwrap_or_default();
            prop_assert_eq!(&got, aliases);
            apoc_nodes += 1;
        } else {
            let i: usize = v["id"].as_str().unwrap_or_default().trim_start_matches('r').parse().unwrap_or(usize::MAX);
            let e = &edges[i];
            prop_assert_eq!(v["start"]["id"].as_str(), Some(e.source.as_str()));
            let texts: Vec<String> = serde_json::from_value(v["properties"]["evidence"].clone()).unwrap_or_default();
            prop_assert_eq!(texts, e.edge.evidence.iter().map(|x| x.text.clone()).collect::<Vec<_>>());
        }
    }
    prop_assert_eq!(apoc_nodes, want.len());
    Ok(())
}

fn check_csv(g: &KnowledgeGraph) -> Result<(), TestCaseError> {
    let want = expected_nodes(g);
    let (nodes, rels) = to_csv(g);
    let mut r = csv::Reader::from_reader(nodes.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().collect::<Result<_, _>>().map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(rows.len(), want.len());
    // Cells a spreadsheet would run as formulas carry a `'` in front (OWASP); `plain_cell` undoes it.
    for (row, (id, (label, aliases))) in rows.iter().zip(&want) {
        prop_assert_eq!(plain_cell(&row[0]), id.as_str());
        prop_assert_eq!(plain_cell(&row[2]), label.as_str());
        if aliases.iter().all(|a| !a.contains(';')) && !aliases.contains("") {
            let cell = plain_cell(&row[4]);
            let got: BTreeSet<String> = if cell.is_empty() { BTreeSet::new() } else { cell.split(';').map(String::from).collect() };
            prop_assert_eq!(&got, aliases);
        }
    }
    let mut r = csv::Reader::from_reader(rels.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().collect::<Result<_, _>>().map_err(|e| TestCaseError::fail(e.to_string()))?;
    let edges = g.sorted_edges();
    prop_assert_eq!(rows.len(), edges.len());
    for (row, e) in rows.iter().zip(&edges) {
        prop_assert_eq!((plain_cell(&row[0]), plain_cell(&row[1]), plain_cell(&row[4])), (e.source.as_str(), e.target.as_str(), e.edge.relation.as_str()));
        for cell in row.iter() {
            prop_assert!(!cell.starts_with(['=', '+', '-', '@']), "a cell a spreadsheet would run: {:?}", cell);
        }
        let ev: Vec<newsgraph::model::Evidence> = serde_json::from_str(&row[10]).map_err(|x| TestCaseError::fail(x.to_string()))?;
        prop_assert_eq!(&ev, &e.edge.evidence);
    }
    Ok(())
}

fn check_cypher(g: &KnowledgeGraph) -> Result<(), TestCaseError> {
    let want = expected_nodes(g);
    let script = to_cypher(g);
    let mut merged = 0;
    for line in script.lines().filter(|l| l.starts_with("MERGE (n:")) {
        let (skeleton, lits) = common::cypher_literals(line).ok_or_else(|| TestCaseError::fail(format!("bad literal: {line}")))?;
        prop_assert!(skeleton.starts_with("MERGE (n:") && skeleton.contains(" {id: L}) SET n += {label: L, type: L, aliases: ["), "{}", skeleton);
        let (label, aliases) = &want[&lits[0]];
        prop_assert_eq!(&lits[1], label);
        let got: BTreeSet<String> = lits[3..3 + aliases.len()].iter().cloned().collect();
        prop_assert_eq!(&got, aliases);
        merged += 1;
    }
    prop_assert_eq!(merged, want.len());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn hostile_strings_survive_every_format(strings in prop::collection::vec(hostile(), 1..4)) {
        let g = graph_of(&strings);
        check_dot(&g)?;
        check_xml(&g)?;
        check_json(&g)?;
        check_csv(&g)?;
        check_cypher(&g)?;
    }
}

#[test]
fn the_fixed_hostile_graph_survives_every_format() {
    let g = common::hostile_graph();
    check_dot(&g).unwrap();
    check_xml(&g).unwrap();
    check_json(&g).unwrap();
    check_csv(&g).unwrap();
    check_cypher(&g).unwrap();
}
