//! Named-entity mentions as JSON lines, for scoring against annotated corpora
//! (`scripts/score_ner.py`). Reads JSON lines `{"id": …, "text": …}` on standard input and writes
//! one line per document:
//!
//! ```text
//! {"id": "doc1", "mentions": [{"start": 0, "end": 12, "text": "Sergey Lavrov", "type": "Person",
//!   "entity": "sergey-lavrov", "node": "sergey-lavrov", "rule": "MENTION/GIVEN_NAME/1"}]}
//! ```
//!
//! `start`/`end` are byte offsets into the text; `type` is the type of the node the mention ends
//! up in (what `graph.json` shows); `entity` is the document-level entity (coreference within the
//! document); `node` the node after the cross-document identity rules (all documents of the input
//! are merged into one graph, as `build` does). Only name mentions that become a node with a type
//! are listed (demonyms, titles, pronouns and descriptions are not names).
//!
//!     cargo run --release --example entities < docs.jsonl > mentions.jsonl
//!
//! With `--all`, names that become no node are listed too, with the type `untyped`.

use newsgraph::extract::{analyze, to_facts};
use newsgraph::graph::KnowledgeGraph;
use newsgraph::input::RawDoc;
use newsgraph::lexicon::Lexicon;
use newsgraph::mentions::MentionKind;
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Write};

fn main() -> anyhow::Result<()> {
    let lex = Lexicon::builtin();
    // `--all`: also the names that become no node (for looking at what was dropped).
    let all = std::env::args().any(|a| a == "--all");
    let mut g = KnowledgeGraph::default();
    let mut docs: Vec<(String, Vec<serde_json::Value>)> = Vec::new();
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)?;
        let id = v["id"].as_str().unwrap_or("doc").to_string();
        let text = v["text"].as_str().unwrap_or("").to_string();
        let raw = RawDoc { id: id.clone(), source: id.clone(), bytes: text.len() as u64, text, ..Default::default() };
        let a = analyze(&raw, lex);
        let facts = to_facts(&a);
        let types: HashMap<&str, String> = facts.nodes.iter().map(|n| (n.id.as_str(), format!("{:?}", n.node_type))).collect();
        let mut out = Vec::new();
        for (i, m) in a.mentions.iter().enumerate() {
            if m.kind != MentionKind::Name {
                continue;
            }
            let Some(e) = a.coref.of_mention[i] else { continue };
            let ent = &a.coref.entities[e];
            let ty = match types.get(ent.id.as_str()) {
                Some(t) => t.clone(),
                None if all => "untyped".to_string(),
                None => continue,
            };
            out.push(serde_json::json!({
                "start": m.span.start, "end": m.span.end, "text": m.text, "type": ty,
                "entity": ent.id, "rule": m.rule,
            }));
        }
        g.add_facts(&facts);
        docs.push((id, out));
    }
    g.finalize(lex);
    // Where each node went (merges may chain).
    let mut into: BTreeMap<String, String> = BTreeMap::new();
    for m in g.merges() {
        into.insert(m.from.clone(), m.into.clone());
    }
    let resolve = |id: &str| {
        let mut cur = id.to_string();
        for _ in 0..64 {
            match into.get(&cur) {
                Some(n) => cur = n.clone(),
                None => break,
            }
        }
        cur
    };
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    for (id, mut ms) in docs {
        for m in ms.iter_mut() {
            let node = resolve(m["entity"].as_str().unwrap_or(""));
            let ty = g.node(&node).map(|n| format!("{:?}", n.node_type));
            m["node"] = serde_json::Value::String(node);
            if let Some(ty) = ty {
                m["type"] = serde_json::Value::String(ty);
            }
        }
        writeln!(w, "{}", serde_json::json!({"id": id, "mentions": ms}))?;
    }
    Ok(())
}
