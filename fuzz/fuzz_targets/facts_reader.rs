//! The facts reader: any bytes as a facts file — trailer lines checked, document lines parsed
//! and put through what `merge` does with them: a store (`graph.db`, in a temporary
//! directory), finishing (the identity rules), `graph.json` written from the store, and the
//! in-memory graph of the same facts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::graph::KnowledgeGraph;
use newsgraph::lexicon::Lexicon;
use newsgraph::model::DocFacts;
use newsgraph::pipeline::trailer::{self, Tally};
use newsgraph::store::Store;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut tally = Tally::default();
    let mut docs = Vec::new();
    for line in text.lines() {
        match trailer::parse(line) {
            Some(Ok(t)) => {
                let _ = tally.check(&t);
                tally = Tally::default();
            }
            Some(Err(_)) => {}
            None => {
                if let Ok(f) = serde_json::from_str::<DocFacts>(line) {
                    tally.add(trailer::line_hash(line.as_bytes()));
                    docs.push(f);
                }
            }
        }
    }
    if docs.is_empty() {
        return;
    }
    let lex = Lexicon::builtin();
    let mut g = KnowledgeGraph::new(3);
    for f in &docs {
        g.add_facts(f);
    }
    g.finalize(lex);
    let _ = g.to_json();
    let Ok(dir) = tempfile::tempdir() else { return };
    let Ok(mut store) = Store::create(&dir.path().join("graph.db"), 3) else { return };
    let mut lean = KnowledgeGraph::new(3);
    let mut rebuild = false;
    for f in &docs {
        match store.add_document(f, Some(&mut lean)) {
            Ok(a) => rebuild |= a.rebuild,
            Err(_) => return,
        }
    }
    if rebuild {
        match store.lean_graph() {
            Ok(l) => lean = l,
            Err(_) => return,
        }
    }
    if store.finish(&mut lean, lex).is_ok() {
        let _ = store.write_json(std::io::sink());
    }
});
