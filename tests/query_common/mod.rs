//! The fixture graphs shared by the query tests (`tests/query*.rs`), built through the library (never through
//! extraction): a realistic news graph and a small document builder.
#![allow(dead_code)] // each test crate uses a different part

use newsgraph::graph::KnowledgeGraph;
use newsgraph::model::{DocFacts, DocumentMeta, Edge, EdgeKind, EdgeRecord, Evidence, Node, NodeType};
use std::path::{Path, PathBuf};

pub struct Doc {
    pub facts: DocFacts,
}

impl Doc {
    pub fn new(id: &str, date: Option<&str>) -> Doc {
        Doc {
            facts: DocFacts {
                document: DocumentMeta { id: id.into(), date: date.map(String::from), ..Default::default() },
                ..Default::default()
            },
        }
    }

    pub fn entity(&mut self, id: &str, label: &str, t: NodeType, aliases: &[&str], mentions: u64) -> &mut Self {
        let mut n = Node::entity(id, label, t);
        n.aliases.extend(aliases.iter().map(|a| a.to_string()));
        n.docs.insert(self.facts.document.id.clone());
        n.mentions = mentions;
        self.facts.nodes.push(n);
        self
    }

    pub fn statement(&mut self, id: &str, text: &str, cue: &str, start: usize, speaker: Option<&str>, mentions: &[&str]) -> &mut Self {
        let doc = self.facts.document.id.clone();
        let mut n = Node::entity(id, text, NodeType::Statement);
        n.text = Some(text.into());
        n.cue = Some(cue.into());
        n.direct = Some(cue == "said");
        n.doc = Some(doc.clone());
        n.start = Some(start);
        n.end = Some(start + text.len());
        n.source_text = Some(speaker.unwrap_or("he").into());
        n.date = self.facts.document.date.clone();
        self.facts.nodes.push(n);
        if let Some(s) = speaker {
            self.edge(s, id, "said", EdgeKind::Quote, &format!("{s} {cue}: {text}"), start);
        }
        for m in mentions {
            self.edge(id, m, "mentions", EdgeKind::Mention, text, start);
        }
        self
    }

    pub fn edge(&mut self, s: &str, t: &str, rel: &str, kind: EdgeKind, sentence: &str, start: usize) -> &mut Self {
        let ev = Evidence {
            doc: self.facts.document.id.clone(),
            start,
            end: start + sentence.len(),
            text: sentence.into(),
            rule: "TEST/1".into(),
            date: None,
            date_source: None,
            surface: None,
            according_to: None,
        };
        self.facts.edges.push(EdgeRecord {
            source: s.into(),
            target: t.into(),
            key: String::new(),
            edge: Edge::new(rel, kind, ev),
        });
        self
    }
}

pub const S2: &str = "Russia and China had come up with a roadmap for the Korean peninsula";

/// Lavrov, Kulik, two Kims, Seoul and Seoul National University, statements with quote and
/// mention edges.
pub fn fixture() -> KnowledgeGraph {
    let mut g = KnowledgeGraph::default();
    let mut d1 = Doc::new("000_lavrov.txt", Some("2018-04-10"));
    d1.entity("sergey-lavrov", "Sergey Lavrov", NodeType::Person, &["Lavrov", "Sergei Lavrov"], 5)
        .entity("russia", "Russia", NodeType::Country, &[], 9)
        .entity("six-party-talks", "six-party talks", NodeType::Event, &[], 2)
        .entity("roadmap", "roadmap", NodeType::Concept, &[], 2)
        .edge("sergey-lavrov", "russia", "foreign-minister-of", EdgeKind::Role, "Russian Foreign Minister Sergey Lavrov arrived.", 0)
        .edge("russia", "roadmap", "proposes", EdgeKind::Action, "Russia proposed a roadmap.", 50)
        .statement("s1", "The six-party talks must resume without preconditions", "said", 100, Some("sergey-lavrov"), &["six-party-talks"]);
    g.add_facts(&d1.facts);

    let mut d2 = Doc::new("001_kulik.txt", Some("2018-06-02"));
    d2.entity("andrey-kulik", "Andrey Kulik", NodeType::Person, &["Kulik"], 3)
        .entity("seoul", "Seoul", NodeType::Location, &[], 2)
        .entity("snu", "Seoul National University", NodeType::Organization, &["SNU"], 1)
        .entity("china", "China", NodeType::Country, &[], 4)
        .entity("roadmap", "roadmap", NodeType::Concept, &[], 1)
        .edge("andrey-kulik", "seoul", "ambassador-to", EdgeKind::Role, "Russian Ambassador to Seoul Andrey Kulik spoke.", 0)
        .statement("s2", S2, "pointed out", 80, Some("andrey-kulik"), &["roadmap", "china"]);
    g.add_facts(&d2.facts);

    let mut d3 = Doc::new("002_kim.txt", Some("--07-15"));
    d3.entity("kim-jong-un", "Kim Jong Un", NodeType::Person, &["Kim", "Kim Jong-un"], 7)
        .entity("kim-yo-jong", "Kim Yo Jong", NodeType::Person, &["Kim"], 2)
        .entity("north-korea", "North Korea", NodeType::Country, &["DPRK"], 6)
        .entity("sergey-lavrov", "Sergey Lavrov", NodeType::Person, &["Lavrov"], 1)
        .edge("kim-jong-un", "north-korea", "leader-of", EdgeKind::Role, "North Korean leader Kim Jong Un.", 0)
        .statement("s3", "Lavrov is welcome in Pyongyang", "said", 40, Some("kim-jong-un"), &[])
        .statement("s4", "Sanctions should be eased", "stressed", 90, Some("sergey-lavrov"), &[])
        .statement("s5", "Nobody knows who wrote this", "added", 120, None, &[]);
    g.add_facts(&d3.facts);
    g
}

/// Writes the fixture's graph.json into `dir`.
pub fn write_graph(dir: &Path) -> PathBuf {
    let p = dir.join("graph.json");
    std::fs::write(&p, fixture().to_json()).unwrap();
    p
}

/// The `graph.json` and the `graph.db` of the same documents, in `dir`: the two graphs every
/// query must answer alike.
pub fn write_both(dir: &Path, docs: &[DocFacts]) -> [PathBuf; 2] {
    use newsgraph::lexicon::Lexicon;
    let mut g = KnowledgeGraph::default();
    for f in docs {
        g.add_facts(f);
    }
    g.finalize(Lexicon::builtin());
    let json = dir.join("graph.json");
    std::fs::write(&json, g.to_json()).unwrap();
    let db = dir.join("graph.db");
    let mut s = newsgraph::store::Store::create(&db, 20).unwrap();
    let mut lean = KnowledgeGraph::new(20);
    for f in docs {
        s.add_document(f, Some(&mut lean)).unwrap();
    }
    s.finish(&mut lean, Lexicon::builtin()).unwrap();
    s.close().unwrap();
    [json, db]
}
