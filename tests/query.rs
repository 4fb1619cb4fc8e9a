//! Queries over fixture graphs built through the library (never through extraction).

mod query_common;

use query_common::{Doc, fixture};
use newsgraph::graph::KnowledgeGraph;
use newsgraph::model::{EdgeKind, NodeType};
use newsgraph::query::{self, NeighborOpts, PathOpts, Queries, QueryError, WhoSaid};

fn id_of(g: &KnowledgeGraph, ix: petgraph::stable_graph::NodeIndex) -> String {
    g.graph()[ix].id.clone()
}

fn ids(rows: &[query::StatementRow]) -> Vec<&str> {
    rows.iter().map(|r| r.id.as_str()).collect()
}

// ---------------------------------------------------------------- names

#[test]
fn surname_case_accents_quotes_and_dashes_resolve() {
    let g = fixture();
    let q = Queries::new(&g);
    for name in ["lavrov", "LAVROV", "Sérgey Lavrov", "“Lavrov”", "sergei lavrov", "sergey-lavrov", "  Lavrov "] {
        assert_eq!(id_of(&g, q.resolve(name).unwrap()), "sergey-lavrov", "{name}");
    }
    assert_eq!(id_of(&g, q.resolve("kim jong-un").unwrap()), "kim-jong-un");
    assert_eq!(id_of(&g, q.resolve("Kim–Jong–Un").unwrap()), "kim-jong-un");
    assert_eq!(id_of(&g, q.resolve("dprk").unwrap()), "north-korea");
}

#[test]
fn exact_name_beats_partial_token_hit() {
    let g = fixture();
    // "seoul" is exactly Seoul, and only a token of Seoul National University.
    assert_eq!(id_of(&g, query::resolve(&g, "seoul").unwrap()), "seoul");
    // "national" is only a token hit, and only one node has it.
    assert_eq!(id_of(&g, query::resolve(&g, "national").unwrap()), "snu");
}

#[test]
fn ambiguous_name_lists_candidates_and_exits_2() {
    let g = fixture();
    let err = query::resolve(&g, "Kim").unwrap_err();
    let QueryError::Ambiguous { name, candidates, more } = &err else { panic!("{err:?}") };
    assert_eq!(name, "Kim");
    assert_eq!(*more, 0);
    let ids: Vec<&str> = candidates.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["kim-jong-un", "kim-yo-jong"], "most mentioned first");
    assert_eq!(candidates[0].node_type, NodeType::Person);
    assert_eq!(err.exit_code(), 2);
    let msg = err.to_string();
    assert!(msg.contains("ambiguous") && msg.contains("Kim Yo Jong") && msg.contains("kim-jong-un"), "{msg}");
    // The id resolves what the name cannot.
    assert_eq!(id_of(&g, query::resolve(&g, "kim-yo-jong").unwrap()), "kim-yo-jong");
}

#[test]
fn unknown_name_suggests_close_names_and_exits_2() {
    let g = fixture();
    let err = query::resolve(&g, "Lavrof").unwrap_err();
    let QueryError::Unknown { suggestions, .. } = &err else { panic!("{err:?}") };
    assert_eq!(suggestions.first().map(|s| s.id.as_str()), Some("sergey-lavrov"));
    assert_eq!(err.exit_code(), 2);
    assert!(err.to_string().contains("did you mean"), "{err}");
    let err = query::resolve(&g, "Vladimir Putin").unwrap_err();
    assert!(matches!(err, QueryError::Unknown { .. }), "{err:?}");
}

#[test]
fn statements_are_not_resolvable_by_name_and_odd_input_does_not_panic() {
    let g = fixture();
    assert!(matches!(query::resolve(&g, "Sanctions should be eased"), Err(QueryError::Unknown { .. })));
    for odd in ["", "   ", "---", "\u{0}", "\"\"", "é", "🙂", &"x".repeat(10_000)] {
        assert!(query::resolve(&g, odd).is_err(), "{odd:?}");
    }
}

// ---------------------------------------------------------------- who said

#[test]
fn who_said_by_speaker_sorted_dated_first() {
    let g = fixture();
    let rows = query::who_said(&g, &WhoSaid { speaker: Some("lavrov".into()), ..Default::default() }).unwrap();
    assert_eq!(ids(&rows), ["s1", "s4"], "s4's document has only a month-day date: unknown, last");
    assert_eq!(rows[0].speakers[0].id, "sergey-lavrov");
    assert_eq!(rows[0].mentions[0].id, "six-party-talks");
    assert_eq!(rows[0].date.as_deref(), Some("2018-04-10"));
    assert_eq!(rows[0].cue.as_deref(), Some("said"));
}

#[test]
fn who_said_about_by_mention_edge_or_by_name_in_text() {
    let g = fixture();
    let about = |x: &str| query::who_said(&g, &WhoSaid { about: Some(x.into()), ..Default::default() }).unwrap();
    assert_eq!(ids(&about("six-party talks")), ["s1"]);
    assert_eq!(ids(&about("roadmap")), ["s2"]);
    assert_eq!(ids(&about("lavrov")), ["s3"], "no mention edge, but the text names him");
    let both = WhoSaid { speaker: Some("Kulik".into()), about: Some("China".into()), ..Default::default() };
    assert_eq!(ids(&query::who_said(&g, &both).unwrap()), ["s2"]);
    let none = WhoSaid { speaker: Some("Kulik".into()), about: Some("six-party talks".into()), ..Default::default() };
    assert!(query::who_said(&g, &none).unwrap().is_empty());
}

#[test]
fn who_said_dates_are_inclusive_and_drop_unknown_dates() {
    let g = fixture();
    let w = |since: Option<&str>, until: Option<&str>| {
        let q = WhoSaid { since: since.map(String::from), until: until.map(String::from), ..Default::default() };
        query::who_said(&g, &q)
    };
    assert_eq!(ids(&w(None, None).unwrap()), ["s1", "s2", "s3", "s4", "s5"]);
    assert_eq!(ids(&w(Some("2018-05"), None).unwrap()), ["s2"]);
    assert_eq!(ids(&w(None, Some("2018-04")).unwrap()), ["s1"], "until a month includes its days");
    assert_eq!(ids(&w(Some("2018-04-10"), Some("2018-06-02")).unwrap()), ["s1", "s2"]);
    assert_eq!(ids(&w(Some("2018"), Some("2018")).unwrap()), ["s1", "s2"]);
    assert!(w(Some("2019"), None).unwrap().is_empty());
    // A bad date is a usage error (exit code 2), also when it looks like a date but is none.
    for bad in ["yesterday", "2018-4-1", "--07-15", "20180410", "2016-13-45", "2018-02-30", "2018-13"] {
        let err = w(Some(bad), None).unwrap_err();
        assert!(matches!(err, QueryError::BadDate { .. }), "{bad}: {err:?}");
        assert_eq!(err.exit_code(), 2);
    }
    let err = query::who_said(&g, &WhoSaid { speaker: Some("kim".into()), ..Default::default() }).unwrap_err();
    assert_eq!(err.exit_code(), 2);
}

// ---------------------------------------------------------------- paths

#[test]
fn shortest_path_reads_naturally_through_a_statement() {
    let g = fixture();
    let r = query::path(&g, "Andrey Kulik", "Russia", &PathOpts::default()).unwrap();
    assert_eq!(r.paths.len(), 1);
    let p = &r.paths[0];
    assert_eq!(
        p.chain,
        "Andrey Kulik –said→ \"Russia and China had come up with a roadmap for the Korean …\" \
         –mentions→ roadmap ←proposes– Russia"
    );
    assert_eq!(p.length, 3);
    let dirs: Vec<_> = p.hops.iter().map(|h| h.direction).collect();
    use query::Direction::*;
    assert_eq!(dirs, [Forward, Forward, Backward]);
    assert_eq!(p.hops[2].relation, "proposes");
    assert_eq!(p.hops[2].evidence.as_ref().unwrap().text, "Russia proposed a roadmap.");
    assert_eq!(p.hops[0].from.id, "andrey-kulik");
    assert_eq!(p.hops[2].to.id, "russia");
}

#[test]
fn path_respects_max_hops_and_kinds() {
    let g = fixture();
    let short = PathOpts { max_hops: 2, ..Default::default() };
    assert!(query::path(&g, "Kulik", "Russia", &short).unwrap().paths.is_empty());
    let structural = PathOpts { kinds: Some(vec![EdgeKind::Role, EdgeKind::Action]), ..Default::default() };
    assert!(query::path(&g, "Kulik", "Russia", &structural).unwrap().paths.is_empty());
    let r = query::path(&g, "Lavrov", "roadmap", &structural).unwrap();
    assert_eq!(r.paths[0].chain, "Sergey Lavrov –foreign-minister-of→ Russia –proposes→ roadmap");
    let empty = PathOpts { kinds: Some(vec![]), ..Default::default() };
    assert!(matches!(query::path(&g, "Kulik", "Russia", &empty), Err(QueryError::BadArgument(_))));
    let same = query::path(&g, "Lavrov", "Sergey Lavrov", &PathOpts::default()).unwrap();
    assert_eq!(same.paths[0].length, 0);
}

#[test]
fn all_paths_are_simple_shortest_first_and_end_where_asked() {
    let g = fixture();
    let opts = PathOpts { max_hops: 6, all: true, kinds: None };
    let r = query::path(&g, "Lavrov", "China", &opts).unwrap();
    assert!(!r.truncated);
    // Lavrov → Russia → roadmap ← s2 → China (4 hops); nothing else joins them.
    assert_eq!(r.paths.len(), 1, "{:#?}", r.paths.iter().map(|p| &p.chain).collect::<Vec<_>>());
    let mut g2 = fixture();
    let mut d = Doc::new("003_extra.txt", Some("2018-07-01"));
    d.entity("russia", "Russia", NodeType::Country, &[], 1)
        .entity("china", "China", NodeType::Country, &[], 1)
        .entity("north-korea", "North Korea", NodeType::Country, &[], 1)
        .edge("russia", "china", "meets", EdgeKind::Action, "Russia met China.", 0)
        .edge("china", "russia", "supports", EdgeKind::Action, "China backed Russia.", 20)
        .edge("north-korea", "china", "visits", EdgeKind::Action, "North Korea visited China.", 40)
        .edge("russia", "north-korea", "trades-with", EdgeKind::Action, "Russia traded with Pyongyang.", 60);
    g2.add_facts(&d.facts);
    let r = query::path(&g2, "Lavrov", "China", &opts).unwrap();
    let lengths: Vec<usize> = r.paths.iter().map(|p| p.length).collect();
    assert_eq!(lengths, [2, 3, 4], "{:#?}", r.paths.iter().map(|p| &p.chain).collect::<Vec<_>>());
    for p in &r.paths {
        assert_eq!(p.hops.first().unwrap().from.id, "sergey-lavrov");
        assert_eq!(p.hops.last().unwrap().to.id, "china");
        let mut seen: Vec<&str> = p.hops.iter().map(|h| h.from.id.as_str()).collect();
        seen.push("china");
        let n = seen.len();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), n, "simple path: {}", p.chain);
        for w in p.hops.windows(2) {
            assert_eq!(w[0].to, w[1].from);
        }
    }
    // Two edges join Russia and China; the hop shows one and counts both.
    assert_eq!(r.paths[0].hops[1].parallel, 2);
    assert_eq!(r.paths[0].hops[1].relation, "meets");
}

#[test]
fn all_paths_stop_at_the_cap_and_say_so() {
    let mut g = KnowledgeGraph::default();
    let mut d = Doc::new("d", None);
    d.entity("a", "Alpha", NodeType::Person, &[], 1).entity("b", "Beta", NodeType::Person, &[], 1);
    for i in 0..150 {
        let m = format!("m{i:03}");
        d.entity(&m, &format!("Middle {i}"), NodeType::Organization, &[], 1)
            .edge("a", &m, "funds", EdgeKind::Action, "x", i)
            .edge(&m, "b", "employs", EdgeKind::Action, "y", i);
    }
    g.add_facts(&d.facts);
    let r = query::path(&g, "Alpha", "Beta", &PathOpts { max_hops: 3, all: true, kinds: None }).unwrap();
    assert_eq!(r.paths.len(), query::path::MAX_PATHS);
    assert!(r.truncated);
    let out = query::output::path(&r, 100);
    assert!(out.contains("more may exist"), "{out}");
    let one = query::path(&g, "Alpha", "Beta", &PathOpts { max_hops: 3, all: false, kinds: None }).unwrap();
    assert_eq!((one.paths.len(), one.truncated), (1, false));
}

#[test]
fn bidirectional_shortest_path_agrees_with_exhaustive_enumeration() {
    // Random small graphs: the shortest path's length must equal the shortest length found by
    // enumerating every simple path (a one-sided search), and its hops must chain up.
    let mut seed = 7u64;
    let mut rnd = |n: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n
    };
    for round in 0..40 {
        let mut d = Doc::new("r", None);
        let n = 12 + round % 10;
        for i in 0..n {
            d.entity(&format!("n{i}"), &format!("Node {i}"), NodeType::Organization, &[], 1);
        }
        for _ in 0..(n + round % 7) {
            let (a, b) = (rnd(n), rnd(n));
            let kind = [EdgeKind::Action, EdgeKind::Role][rnd(2)];
            d.edge(&format!("n{a}"), &format!("n{b}"), "links", kind, "s", 0);
        }
        let mut g = KnowledgeGraph::default();
        g.add_facts(&d.facts);
        let q = Queries::new(&g);
        for _ in 0..10 {
            let (a, b) = (format!("n{}", rnd(n)), format!("n{}", rnd(n)));
            let kinds = if rnd(3) == 0 { Some(vec![EdgeKind::Action]) } else { None };
            let one = q.path(&a, &b, &PathOpts { max_hops: 8, all: false, kinds: kinds.clone() }).unwrap();
            let all = q.path(&a, &b, &PathOpts { max_hops: 8, all: true, kinds: kinds.clone() }).unwrap();
            let best = all.paths.iter().map(|p| p.length).min();
            assert_eq!(one.paths.first().map(|p| p.length), best, "round {round}: {a} → {b}");
            if let Some(p) = one.paths.first().filter(|p| p.length > 0) {
                assert_eq!(p.hops[0].from.id, a);
                assert_eq!(p.hops.last().unwrap().to.id, b);
                for w in p.hops.windows(2) {
                    assert_eq!(w[0].to, w[1].from);
                }
                if kinds.is_some() {
                    assert!(p.hops.iter().all(|h| h.kind == EdgeKind::Action));
                }
            }
        }
    }
}

// ---------------------------------------------------------------- neighbours, stats

#[test]
fn neighbors_one_and_two_hops_with_relation_filter() {
    let g = fixture();
    let r = query::neighbors(&g, "Russia", &NeighborOpts::default()).unwrap();
    let got: Vec<(&str, &str)> = r.rows.iter().map(|x| (x.relation.as_str(), x.node.id.as_str())).collect();
    assert_eq!(got, [("foreign-minister-of", "sergey-lavrov"), ("proposes", "roadmap")]);
    assert_eq!(r.rows[0].direction, query::Direction::Backward);
    let only = NeighborOpts { relation: Some("Proposes".into()), ..Default::default() };
    let r = query::neighbors(&g, "Russia", &only).unwrap();
    assert_eq!(r.rows.len(), 1);
    let two = NeighborOpts { hops: 2, ..Default::default() };
    let r = query::neighbors(&g, "Russia", &two).unwrap();
    let deep: Vec<(&str, &str)> =
        r.rows.iter().filter(|x| x.depth == 2).map(|x| (x.via.id.as_str(), x.node.id.as_str())).collect();
    assert_eq!(deep, [("sergey-lavrov", "s4"), ("sergey-lavrov", "s1"), ("roadmap", "s2")], "by kind, then label");
    let kind = NeighborOpts { relation: Some("quote".into()), ..Default::default() };
    assert_eq!(query::neighbors(&g, "lavrov", &kind).unwrap().total, 2);
    let limited = NeighborOpts { hops: 3, limit: 2, ..Default::default() };
    let r = query::neighbors(&g, "Russia", &limited).unwrap();
    assert_eq!((r.rows.len(), r.truncated), (2, true));
    assert!(r.total > 2);
    assert!(matches!(
        query::neighbors(&g, "Russia", &NeighborOpts { hops: 0, ..Default::default() }),
        Err(QueryError::BadArgument(_))
    ));
}

#[test]
fn stats_counts_types_kinds_and_tops() {
    let g = fixture();
    let s = query::stats(&g);
    assert_eq!((s.nodes, s.edges, s.statements), (g.node_count(), g.edge_count(), 5));
    let ty = |n: &str| s.by_type.iter().find(|c| c.name == n).map(|c| c.count);
    assert_eq!((ty("Person"), ty("Statement"), ty("Country")), (Some(4), Some(5), Some(3)));
    let kind = |n: &str| s.by_kind.iter().find(|c| c.name == n).map(|c| c.count);
    assert_eq!((kind("quote"), kind("mention"), kind("role")), (Some(4), Some(3), Some(3)));
    assert_eq!(s.top_mentions[0].node.id, "russia");
    assert_eq!(s.top_mentions[0].value, 9);
    assert_eq!(s.top_degree[0].node.id, "sergey-lavrov", "role + two quotes");
    assert!(s.top_degree.iter().all(|r| r.node.node_type != NodeType::Statement));
    let docs: Vec<(&str, usize)> = s.documents.iter().map(|d| (d.id.as_str(), d.statements)).collect();
    assert_eq!(docs, [("000_lavrov.txt", 1), ("001_kulik.txt", 1), ("002_kim.txt", 3)]);
}

