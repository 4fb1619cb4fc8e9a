//! The query parser: any bytes as the arguments of `newsgraph query` (one argument a line),
//! parsed by clap with the real `QueryArgs` (dates, edge kinds, numbers), then answered on a
//! small fixed graph the way `newsgraph query` answers — names resolved, tables and JSON
//! written, the picture drawn as DOT — without touching any file.
#![no_main]

use clap::Parser;
use libfuzzer_sys::fuzz_target;
use newsgraph::graph::KnowledgeGraph;
use newsgraph::lexicon::Lexicon;
use newsgraph::query::cli::{who_said_question, QueryArgs, QueryCmd};
use newsgraph::query::dot::Picture;
use newsgraph::query::{output, NeighborOpts, PathOpts, Queries};
use std::sync::OnceLock;

const TEXTS: [&str; 3] = [
    "Talks in Tokyo\n\nRussian Foreign Minister Sergey Lavrov met Japanese Foreign Minister Taro Kono in Tokyo on Monday.\n\n\u{201c}The talks were useful,\u{201d} Lavrov said.\n",
    "Sanctions\n\nGerman Chancellor Angela Merkel criticized the sanctions against Russia, according to Kono.\n\nMerkel said that Germany would support the roadmap.\n",
    "TOKYO, March 3. /TASS/. Lavrov visited China and signed an agreement with Wang Yi.\n\n\u{201c}We believe in dialogue,\u{201d} Wang Yi told reporters.\n",
];

fn graph() -> &'static KnowledgeGraph {
    static G: OnceLock<KnowledgeGraph> = OnceLock::new();
    G.get_or_init(|| {
        let lex = Lexicon::builtin();
        let mut g = KnowledgeGraph::new(0);
        for (i, t) in TEXTS.iter().enumerate() {
            let mut f = newsgraph::extract::extract_text(&format!("{i}.txt"), t, lex);
            f.document.date = Some(format!("2018-0{}-1{i}", i + 1));
            g.add_facts(&f);
        }
        g.finalize(lex);
        g
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let args = std::iter::once("query").chain(text.split('\n').take(12));
    let Ok(a) = QueryArgs::try_parse_from(args) else { return };
    let g = graph();
    let q = Queries::new(g);
    let width = a.width.unwrap_or(100).min(1000);
    let picture = match &a.cmd {
        QueryCmd::WhoSaid { .. } => {
            let Some(question) = who_said_question(&a.cmd) else { return };
            let Ok(r) = q.who_said(&question) else { return };
            let _ = (output::who_said(&r, width), output::who_said_csv(&r), output::who_said_jsonl(&r), serde_json::to_string(&r));
            Picture::who_said(&r)
        }
        QueryCmd::Path { from, to, max_hops, all, kinds } => {
            let opts = PathOpts { max_hops: (*max_hops).min(6), all: *all, kinds: if kinds.is_empty() { None } else { Some(kinds.clone()) } };
            let Ok(r) = q.path(from, to, &opts) else { return };
            let _ = (output::path(&r, width), serde_json::to_string(&r));
            Picture::path(&r)
        }
        QueryCmd::Neighbors { name, hops, relation, limit } => {
            let Ok(r) = q.neighbors(name, &NeighborOpts { hops: (*hops).min(6), relation: relation.clone(), limit: *limit }) else { return };
            let _ = (output::neighbors(&r, width), serde_json::to_string(&r));
            Picture::neighbors(&r)
        }
        QueryCmd::Stats { top } => {
            let s = q.stats(*top);
            let _ = (output::stats(&s, *top, width), serde_json::to_string(&s));
            Picture::stats(&q, &s)
        }
    };
    let _ = picture.to_dot("fuzz");
});
