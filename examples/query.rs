//! Builds a small graph through the library and asks it who said what and how two entities
//! connect.
//!
//!     cargo run --example query                 # print the answers
//!     cargo run --example query -- /tmp/kg      # also write /tmp/kg/graph.json, then try
//!     cargo run -- query --graph /tmp/kg path kulik russia --all

use newsgraph::graph::KnowledgeGraph;
use newsgraph::model::{DocFacts, DocumentMeta, Edge, EdgeKind, EdgeRecord, Evidence, Node, NodeType};
use newsgraph::query::{PathOpts, Queries, WhoSaid, output};

fn evidence(doc: &str, start: usize, text: &str) -> Evidence {
    Evidence {
        doc: doc.into(),
        start,
        end: start + text.len(),
        text: text.into(),
        rule: "EXAMPLE/1".into(),
        date: None,
        date_source: None,
        surface: None,
        according_to: None,
    }
}

fn edge(s: &str, t: &str, rel: &str, kind: EdgeKind, ev: Evidence) -> EdgeRecord {
    EdgeRecord { source: s.into(), target: t.into(), key: String::new(), edge: Edge::new(rel, kind, ev) }
}

fn entity(id: &str, label: &str, t: NodeType, aliases: &[&str], doc: &str) -> Node {
    let mut n = Node::entity(id, label, t);
    n.aliases.extend(aliases.iter().map(|a| a.to_string()));
    n.docs.insert(doc.into());
    n.mentions = 1 + aliases.len() as u64;
    n
}

fn statement(id: &str, text: &str, cue: &str, doc: &str, start: usize, who: &str, date: &str) -> Node {
    let mut n = Node::entity(id, text, NodeType::Statement);
    n.text = Some(text.into());
    n.cue = Some(cue.into());
    n.direct = Some(false);
    n.doc = Some(doc.into());
    n.start = Some(start);
    n.end = Some(start + text.len());
    n.source_text = Some(who.into());
    n.date = Some(date.into());
    n
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let doc = "001_seoul.txt";
    let sentence = "Russian Ambassador Andrey Kulik pointed out that Russia and China had come up with \
                    a roadmap to settle the crisis on the Korean peninsula.";
    let said = "Russia and China had come up with a roadmap to settle the crisis on the Korean peninsula";
    let facts = DocFacts {
        document: DocumentMeta { id: doc.into(), date: Some("2018-06-02".into()), ..Default::default() },
        nodes: vec![
            entity("andrey-kulik", "Andrey Kulik", NodeType::Person, &["Kulik"], doc),
            entity("russia", "Russia", NodeType::Country, &[], doc),
            entity("china", "China", NodeType::Country, &[], doc),
            entity("seoul", "Seoul", NodeType::Location, &[], doc),
            entity("roadmap", "roadmap", NodeType::Concept, &[], doc),
            entity("sergey-lavrov", "Sergey Lavrov", NodeType::Person, &["Lavrov", "Sergei Lavrov"], doc),
            statement("001_seoul.txt#120", said, "pointed out", doc, 120, "Russian Ambassador Andrey Kulik", "2018-06-02"),
        ],
        edges: vec![
            edge("andrey-kulik", "seoul", "ambassador-to", EdgeKind::Role, evidence(doc, 0, "Russian Ambassador to Seoul Andrey Kulik")),
            edge("sergey-lavrov", "russia", "foreign-minister-of", EdgeKind::Role, evidence(doc, 300, "Russian Foreign Minister Sergey Lavrov")),
            edge("andrey-kulik", "001_seoul.txt#120", "said", EdgeKind::Quote, evidence(doc, 80, sentence)),
            edge("001_seoul.txt#120", "roadmap", "mentions", EdgeKind::Mention, evidence(doc, 80, sentence)),
            edge("001_seoul.txt#120", "china", "mentions", EdgeKind::Mention, evidence(doc, 80, sentence)),
            edge("russia", "roadmap", "proposes", EdgeKind::Action, evidence(doc, 80, sentence)),
        ],
        warnings: vec![],
    };
    let mut g = KnowledgeGraph::default();
    g.add_facts(&facts);

    let q = Queries::new(&g);
    let who = q.who_said(&WhoSaid { speaker: Some("kulik".into()), ..Default::default() })?;
    print!("{}", output::who_said(&who, 100));
    println!();
    let p = q.path("Lavrov", "Andrey Kulik", &PathOpts::default())?;
    print!("{}", output::path(&p, 100));

    if let Some(dir) = std::env::args().nth(1) {
        std::fs::create_dir_all(&dir)?;
        let file = std::path::Path::new(&dir).join("graph.json");
        std::fs::write(&file, g.to_json())?;
        println!("\nwrote {}", file.display());
    }
    Ok(())
}
