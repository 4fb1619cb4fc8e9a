//! Graphs shared by the export tests: a small fixed news graph (goldens) and a graph of hostile
//! strings (escaping, conformance). Built through the public `add_facts` API only.
#![allow(dead_code)]

use newsgraph::graph::KnowledgeGraph;
use newsgraph::model::{DocFacts, DocumentMeta, Edge, EdgeKind, EdgeRecord, Evidence, Node, NodeType};

pub fn ev(doc: &str, start: usize, text: &str, rule: &str, date: Option<&str>) -> Evidence {
    Evidence {
        doc: doc.into(),
        start,
        end: start + text.len(),
        text: text.into(),
        rule: rule.into(),
        date: date.map(String::from),
        date_source: None,
        surface: None,
        according_to: None,
    }
}

pub fn entity(id: &str, label: &str, t: NodeType, doc: &str, aliases: &[&str]) -> Node {
    let mut n = Node::entity(id, label, t);
    n.docs.insert(doc.into());
    n.mentions = 1 + aliases.len() as u64;
    n.aliases.extend(aliases.iter().map(|a| a.to_string()));
    // Extraction lists the label among the surface forms; `Node::absorb` relies on it to be
    // order-independent (it adds the absorbed node's label to the aliases, not its own).
    n.aliases.insert(label.to_string());
    n
}

pub fn rec(source: &str, target: &str, edge: Edge) -> EdgeRecord {
    EdgeRecord { source: source.into(), target: target.into(), key: String::new(), edge }
}

/// Two short articles: a dated one and one with a month-day-only date.
pub fn news_graph() -> KnowledgeGraph {
    let mut g = KnowledgeGraph::default();
    for f in news_facts() {
        g.add_facts(&f);
    }
    g
}

/// The facts of [`news_graph`], one per document.
pub fn news_facts() -> Vec<DocFacts> {
    let d1 = "000_tass.txt";
    let d2 = "001_ians.txt";
    let s1 = "Russian Foreign Minister Sergey Lavrov said Moscow was ready to help.";
    let s2 = "Lavrov visited Tokyo on Monday; talks went well.";
    let s3 = "Japan and Russia take part in the six-party talks.";
    let mut facts = Vec::new();

    let lavrov = entity("sergey-lavrov", "Sergey Lavrov", NodeType::Person, d1, &["Lavrov", "Sergei Lavrov"]);
    let russia = entity("russia", "Russia", NodeType::Country, d1, &["Moscow"]);
    let mut stmt = Node::entity("stmt-000-tass-0", "Moscow was ready to help", NodeType::Statement);
    stmt.text = Some("Moscow was ready to help".into());
    stmt.cue = Some("said".into());
    stmt.direct = Some(false);
    stmt.doc = Some(d1.into());
    stmt.start = Some(47);
    stmt.end = Some(71);
    stmt.source_text = Some("Russian Foreign Minister Sergey Lavrov".into());
    stmt.date = Some("2016-09-12".into());
    stmt.rule = Some("QUOTE/SAID_THAT/1".into());
    stmt.docs.insert(d1.into());
    let mut role = Edge::new("foreign-minister-of", EdgeKind::Role, ev(d1, 0, s1, "ROLE/TITLE_OF_COUNTRY/1", Some("2016-09-12")));
    role.surface.insert("Foreign Minister".into());
    let quote = Edge::new("said", EdgeKind::Quote, ev(d1, 0, s1, "QUOTE/SAID_THAT/1", Some("2016-09-12")));
    let mention = Edge::new("mentions", EdgeKind::Mention, ev(d1, 0, s1, "MENTION/1", Some("2016-09-12")));
    facts.push(DocFacts {
        document: DocumentMeta { id: d1.into(), date: Some("2016-09-12".into()), agency: Some("TASS".into()), ..Default::default() },
        nodes: vec![lavrov.clone(), russia.clone(), stmt],
        edges: vec![
            rec("sergey-lavrov", "russia", role),
            rec("sergey-lavrov", "stmt-000-tass-0", quote),
            rec("stmt-000-tass-0", "russia", mention),
        ],
        warnings: vec![],
    });

    let lavrov2 = entity("sergey-lavrov", "Lavrov", NodeType::Person, d2, &[]);
    let tokyo = entity("tokyo", "Tokyo", NodeType::Location, d2, &[]);
    let japan = entity("japan", "Japan", NodeType::Country, d2, &[]);
    let russia2 = entity("russia", "Russia", NodeType::Country, d2, &[]);
    let talks = entity("six-party-talks", "six-party talks", NodeType::Event, d2, &[]);
    let mut visit = Edge::new("visits", EdgeKind::Action, ev(d2, 0, s2, "ACTION/SVO/1", None));
    visit.count = 2;
    facts.push(DocFacts {
        document: DocumentMeta { id: d2.into(), date: Some("--09-13".into()), ..Default::default() },
        nodes: vec![lavrov2, tokyo, japan, russia2, talks],
        edges: vec![
            rec("sergey-lavrov", "tokyo", visit),
            rec("six-party-talks", "japan", Edge::new("involves", EdgeKind::Membership, ev(d2, 50, s3, "MEMBER/1", None))),
            rec("six-party-talks", "russia", Edge::new("involves", EdgeKind::Membership, ev(d2, 50, s3, "MEMBER/1", None))),
        ],
        warnings: vec![],
    });
    facts
}

/// Strings that break naive escaping in one format or another.
pub const HOSTILE: [&str; 16] = [
    "O'Brien \"the Quote\"",
    "back\\slash\\",
    "line\nbreak\r\nand\ttab",
    "<b>&amp; tags</b> & more",
    "*/ end comment /* // not a comment",
    "semi;colon; list",
    "'}) DETACH DELETE n //",
    "\"}) MATCH (m) DETACH DELETE m //",
    "emoji \u{1F600} and \u{10FFFF} non-BMP",
    "control \u{1}\u{7}\u{1b}\u{7f} chars",
    "]]> cdata end",
    "-> arrow -- and {braces} [brackets]",
    "$param :param ${x}",
    "unicode sep \u{2028}\u{2029} and nbsp\u{a0}",
    "",
    " leading and trailing spaces ",
];

/// A graph whose labels, aliases, evidence and ids hold the [`HOSTILE`] strings.
pub fn hostile_graph() -> KnowledgeGraph {
    hostile_graph_from(&HOSTILE.iter().map(|s| s.to_string()).collect::<Vec<_>>())
}

/// A chain of Person nodes, one per string: the string is the label, an alias, part of the id,
/// the evidence sentence, the statement text, and a relation.
pub fn hostile_graph_from(strings: &[String]) -> KnowledgeGraph {
    let mut g = KnowledgeGraph::default();
    let doc = "hostile \"doc\";'.txt";
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for (i, s) in strings.iter().enumerate() {
        let id = format!("h{i}-{s}");
        let mut n = entity(&id, s, NodeType::ALL[i % 7], doc, &[s.as_str(), "plain alias"]);
        n.aliases.insert(format!("{s}{s}"));
        nodes.push(n);
        let mut st = Node::entity(format!("stmt-{i}"), s.clone(), NodeType::Statement);
        st.text = Some(s.clone());
        st.cue = Some(s.clone());
        st.source_text = Some(s.clone());
        st.doc = Some(doc.into());
        st.direct = Some(i % 2 == 0);
        st.start = Some(i);
        st.end = Some(i + s.len());
        nodes.push(st);
        edges.push(rec(&id, &format!("stmt-{i}"), Edge::new("said", EdgeKind::Quote, ev(doc, i, s, "QUOTE/1", None))));
        if i > 0 {
            let prev = format!("h{}-{}", i - 1, strings[i - 1]);
            let mut e = Edge::new(s.clone(), EdgeKind::Action, ev(doc, i, s, "ACTION/1", Some("2020-02-29")));
            e.surface.insert(s.clone());
            e.modality = Some(s.clone());
            edges.push(rec(&prev, &id, e));
        }
    }
    g.add_facts(&DocFacts {
        document: DocumentMeta { id: doc.into(), date: Some("2020-02-29".into()), ..Default::default() },
        nodes,
        edges,
        warnings: vec![],
    });
    g
}

/// Splits one Cypher statement into its skeleton (each string literal replaced by `L`) and the
/// decoded literals, decoding the escapes `src/export/cypher.rs` writes. `None` when a literal
/// is unterminated or holds an escape the exporter never writes.
pub fn cypher_literals(line: &str) -> Option<(String, Vec<String>)> {
    let mut skeleton = String::new();
    let mut values = Vec::new();
    let mut it = line.chars();
    while let Some(c) = it.next() {
        if c != '\'' {
            skeleton.push(c);
            continue;
        }
        let mut v = String::new();
        loop {
            match it.next()? {
                '\'' => break,
                '\\' => match it.next()? {
                    '\\' => v.push('\\'),
                    '\'' => v.push('\''),
                    'n' => v.push('\n'),
                    'r' => v.push('\r'),
                    't' => v.push('\t'),
                    'u' => {
                        let hex: String = (0..4).filter_map(|_| it.next()).collect();
                        v.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                    }
                    _ => return None,
                },
                c => v.push(c),
            }
        }
        skeleton.push('L');
        values.push(v);
    }
    Some((skeleton, values))
}
