//! The graph.json reader: any bytes as a `graph.json` (what `query --graph FILE` loads), then
//! what is done with a loaded graph — the statistics, names resolved, neighbours and paths of
//! its first nodes, and every exporter.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::export::{to_apoc_jsonl, to_csv, to_cypher, to_dot, to_gexf, to_graphml, to_graphology, DotOptions};
use newsgraph::graph::KnowledgeGraph;
use newsgraph::query::{output, NeighborOpts, PathOpts, Queries};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(g) = KnowledgeGraph::from_json(text, 0) else { return };
    let q = Queries::new(&g);
    let s = q.stats(5);
    let _ = output::stats(&s, 5, 80);
    let names: Vec<String> = g.sorted_nodes().iter().take(3).flat_map(|n| [n.id.clone(), n.label.clone()]).collect();
    for n in &names {
        if let Ok(r) = q.neighbors(n, &NeighborOpts { hops: 2, relation: None, limit: 10 }) {
            let _ = output::neighbors(&r, 60);
        }
    }
    if let [a, _, b, ..] = names.as_slice() {
        if let Ok(r) = q.path(a, b, &PathOpts { max_hops: 3, all: true, kinds: None }) {
            let _ = output::path(&r, 60);
        }
    }
    let _ = to_dot(&g, &DotOptions::default());
    let _ = (to_gexf(&g), to_graphml(&g), to_cypher(&g), to_csv(&g), to_apoc_jsonl(&g), to_graphology(&g), g.to_json());
});
