//! Uses the library on a string: extract one document's facts, merge them into a graph, and
//! print who said what and the other edges.
//!
//!     cargo run --example extract

use newsgraph::extract::extract_text;
use newsgraph::graph::KnowledgeGraph;
use newsgraph::lexicon::Lexicon;
use newsgraph::model::{EdgeKind, NodeType};

fn main() {
    let text = "SEOUL, December 23. /TASS/. Moscow is ready to facilitate the resumption of dialogue \
                with North Korea, Russian Ambassador to Seoul Andrey Kulik said on Thursday.\n\
                \"Russia and China came up with a roadmap,\" the ambassador added.";
    let lex = Lexicon::builtin();
    let facts = extract_text("example.txt", text, lex);
    println!("document: {:?}", facts.document);

    let mut g = KnowledgeGraph::default();
    g.add_facts(&facts);
    g.finalize(lex);

    for st in g.statements() {
        let speaker = g
            .sorted_edges()
            .into_iter()
            .find(|e| e.target == st.id && e.edge.kind == EdgeKind::Quote)
            .and_then(|e| g.node(&e.source).map(|n| n.label.clone()))
            .unwrap_or_else(|| "?".into());
        println!("{speaker} –said→ {:?}", st.text.as_deref().unwrap_or(""));
    }
    for e in g.sorted_edges() {
        let (s, t) = (g.node(&e.source).unwrap(), g.node(&e.target).unwrap());
        if s.node_type != NodeType::Statement && t.node_type != NodeType::Statement {
            println!("{} –{}→ {}   [{}]", s.label, e.edge.relation, t.label, e.edge.rules.iter().cloned().collect::<Vec<_>>().join(", "));
        }
    }
}
