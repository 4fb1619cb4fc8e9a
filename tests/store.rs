//! The graph store (`graph.db`): the same graph as an in-memory build, a schema that round-trips
//! and is checked on open, replacement/removal/duplicates in any order equal to a fresh build
//! (property test), and the output set as one transaction (kill -9 at random moments, two
//! writers) through the binary.

use newsgraph::extract::extract_text;
use newsgraph::graph::KnowledgeGraph;
use newsgraph::lexicon::Lexicon;
use newsgraph::model::DocFacts;
use newsgraph::store::{Store, StoreError};
use proptest::prelude::*;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

const BIN: &str = env!("CARGO_BIN_EXE_newsgraph");

/// Texts that give the identity rules work (a lone surname, two people who share it, a
/// misspelling), quotes, actions, and two documents with the same text under other ids.
fn text(i: usize, variant: usize) -> String {
    let people = ["Sergey Lavrov", "Ivan Lavrov", "Taro Kono", "Kim Jong-un", "Kin Jong-un", "Anna Keller"];
    let places = ["Russia", "Japan", "China", "Germany"];
    let p = people[i % people.len()];
    let q = people[(i + 2 + variant) % people.len()];
    let c = places[(i + variant) % places.len()];
    match (i + variant) % 3 {
        0 => format!("Russian Foreign Minister {p} met {q} in Tokyo on Monday.\n\n\u{201c}The talks were useful,\u{201d} Lavrov said.\n\n{q} said that {c} would support the roadmap.\n"),
        1 => format!("Foreign Minister Lavrov said the talks with {c} were difficult.\n\n{p} criticized the sanctions, according to {q}.\n"),
        _ => format!("TOKYO, March {}. /TASS/. {p} visited {c} and signed an agreement with {q}.\n", 1 + i),
    }
}

const DOCS: usize = 7;
const VARIANTS: usize = 2;

/// The facts of document `i` in `variant` (document 6 has the text of document 1: a duplicate).
fn facts(i: usize, variant: usize) -> &'static DocFacts {
    static ALL: OnceLock<Vec<Vec<DocFacts>>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        (0..DOCS)
            .map(|i| {
                (0..VARIANTS)
                    .map(|v| {
                        let t = if i == 6 { text(1, v) } else { text(i, v) };
                        let mut f = extract_text(&format!("doc{i}.txt"), &t, Lexicon::builtin());
                        f.text_hash = Some(newsgraph::extract::text_hash(&t));
                        f
                    })
                    .collect()
            })
            .collect()
    });
    &all[i][variant]
}

fn json_of(store: &Store) -> String {
    let mut out = Vec::new();
    store.write_json(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn fresh(dir: &Path, name: &str, docs: &[(usize, usize)]) -> Store {
    let mut s = Store::create(&dir.join(name), 20).unwrap();
    let mut g = KnowledgeGraph::new(20);
    let mut rebuild = false;
    for &(i, v) in docs {
        // After a holder was demoted, the lean graph built so far is stale (as in a build).
        rebuild |= s.add_document(facts(i, v), Some(&mut g)).unwrap().rebuild;
    }
    if rebuild {
        g = s.lean_graph().unwrap();
    }
    s.finish(&mut g, Lexicon::builtin()).unwrap();
    s
}

#[test]
fn a_store_gives_the_graph_json_of_an_in_memory_build() {
    let t = tempfile::tempdir().unwrap();
    let docs: Vec<(usize, usize)> = (0..6).map(|i| (i, i % 2)).collect();
    let s = fresh(t.path(), "a.db", &docs);
    let mut g = KnowledgeGraph::new(20);
    for &(i, v) in &docs {
        g.add_facts(facts(i, v));
    }
    g.finalize(Lexicon::builtin());
    let want = g.to_json();
    assert!(want.contains("XDOC/"), "the identity rules merged something");
    assert_eq!(json_of(&s), want);
    // load_graph gives the same graph back.
    assert_eq!(s.load_graph().unwrap().to_json(), want);
}

#[test]
fn document_facts_round_trip_through_the_schema() {
    let t = tempfile::tempdir().unwrap();
    let mut s = Store::create(&t.path().join("s.db"), 0).unwrap();
    for i in 0..6 {
        s.add_document(facts(i, 0), None).unwrap();
    }
    for i in 0..6 {
        let original = facts(i, 0);
        let back = s.document_facts(&original.document.id).unwrap().expect("stored");
        let canon = |f: &DocFacts| {
            let mut f = f.clone();
            f.nodes.sort_by(|a, b| a.id.cmp(&b.id));
            let mut e: Vec<String> = f.edges.iter().map(|e| serde_json::to_string(e).unwrap()).collect();
            e.sort();
            (serde_json::to_string(&f.document).unwrap(), serde_json::to_string(&f.nodes).unwrap(), e, f.text_hash.clone())
        };
        assert_eq!(canon(&back), canon(original), "document {i}");
    }
    assert_eq!(s.document_facts("nope").unwrap(), None);
}

#[test]
fn exact_duplicates_are_stored_once_and_reported() {
    let t = tempfile::tempdir().unwrap();
    let mut s = Store::create(&t.path().join("s.db"), 20).unwrap();
    s.add_document(facts(6, 0), None).unwrap();
    let a = s.add_document(facts(1, 0), None).unwrap();
    assert!(a.rebuild, "doc1.txt takes over from doc6.txt, the larger id");
    assert_eq!(s.duplicates().unwrap(), vec![("doc6.txt".to_string(), "doc1.txt".to_string())]);
    assert_eq!(s.document_ids().unwrap(), vec!["doc1.txt".to_string()]);
}

#[test]
fn a_newer_or_corrupt_store_is_a_clear_error() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("graph.db");
    fresh(t.path(), "graph.db", &[(0, 0)]).close().unwrap();
    assert!(Store::open(&p, false).is_ok());
    {
        let c = rusqlite::Connection::open(&p).unwrap();
        c.execute_batch("PRAGMA user_version = 99").unwrap();
    }
    let e = Store::open(&p, false).err().expect("refused");
    assert!(matches!(e, StoreError::Newer { found: 99, .. }), "{e}");
    assert!(e.to_string().contains("newer"), "{e}");
    {
        let c = rusqlite::Connection::open(&p).unwrap();
        c.execute_batch("PRAGMA user_version = 1").unwrap();
    }
    let e = Store::open(&p, false).err().expect("refused");
    assert!(matches!(e, StoreError::Older { found: 1, .. }) && e.to_string().contains("rebuild"), "{e}");
    std::fs::write(&p, b"this is not a database, just some text that is long enough to be a header").unwrap();
    let e = Store::open(&p, false).err().expect("refused");
    assert!(e.to_string().contains("graph.db"), "names the file: {e}");
    let other = t.path().join("other.db");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE t(x)").unwrap();
    assert!(matches!(Store::open(&other, false), Err(StoreError::NotAStore { .. })));
    assert!(matches!(Store::open(&t.path().join("missing.db"), false), Err(StoreError::Missing { .. })));
    // The query command says so too, with exit code 1.
    let out = Command::new(BIN).args(["query", "--graph"]).arg(&p).arg("stats").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("graph.db"));
}

#[derive(Debug, Clone)]
enum Op {
    Add(usize, usize),
    Remove(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![(0..DOCS, 0..VARIANTS).prop_map(|(i, v)| Op::Add(i, v)), (0..DOCS).prop_map(Op::Remove)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Any order of adds, replacements, removals and duplicates, finished after any step,
    /// gives the store (logical dump) and graph.json of a fresh build of the final set.
    #[test]
    fn any_order_of_updates_equals_a_fresh_build(ops in prop::collection::vec(op(), 1..14), finish_every in 1usize..4) {
        let t = tempfile::tempdir().unwrap();
        let mut s = Store::create(&t.path().join("u.db"), 20).unwrap();
        let mut state: std::collections::BTreeMap<usize, usize> = Default::default();
        for (k, o) in ops.iter().enumerate() {
            match *o {
                Op::Add(i, v) => {
                    s.add_document(facts(i, v), None).unwrap();
                    state.insert(i, v);
                }
                Op::Remove(i) => {
                    s.remove_document(&format!("doc{i}.txt")).unwrap();
                    state.remove(&i);
                }
            }
            if k % finish_every == 0 {
                let mut g = s.lean_graph().unwrap();
                s.finish(&mut g, Lexicon::builtin()).unwrap();
            }
        }
        let mut g = s.lean_graph().unwrap();
        s.finish(&mut g, Lexicon::builtin()).unwrap();
        let mut docs: Vec<(usize, usize)> = state.into_iter().collect();
        docs.reverse();
        let f = fresh(t.path(), "f.db", &docs);
        prop_assert_eq!(json_of(&s), json_of(&f));
        prop_assert_eq!(s.logical_dump().unwrap(), f.logical_dump().unwrap());
    }
}

// ---- the output set as one transaction, through the binary ----

fn corpus(dir: &Path, n: usize, salt: &str) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        std::fs::write(dir.join(format!("{i:04}.txt")), format!("{}\n{salt} number {i}.\n", text(i, i % 2))).unwrap();
    }
}

fn build(dir: &Path, args: &[&str]) {
    let out = Command::new(BIN).current_dir(dir).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// After a kill, `out` holds the old set or the new one, whole; the next run cleans up.
fn check_killed(dir: &Path, old: &str, new: &str) {
    let got = std::fs::read_to_string(dir.join("out/graph.json")).expect("the output set is there");
    assert!(got == old || got == new, "graph.json is neither the old set nor the new one");
    let store = Store::open(&dir.join("out/graph.db"), false).expect("graph.db opens");
    assert_eq!(json_of(&store), got, "graph.db and graph.json are of the same set");
}

#[test]
fn kill_9_at_any_moment_leaves_the_old_set_or_the_new_one() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    corpus(&d.join("a"), 40, "First");
    corpus(&d.join("b"), 160, "Second");
    build(d, &["build", "b", "--out", "ref-b", "-q"]);
    build(d, &["build", "a", "--out", "out", "-q"]);
    let old = std::fs::read_to_string(d.join("out/graph.json")).unwrap();
    let new = std::fs::read_to_string(d.join("ref-b/graph.json")).unwrap();
    build(d, &["build", "a", "--out", "ref-into", "-q"]);
    build(d, &["build", "b", "--into", "ref-into", "-q"]);
    let into = std::fs::read_to_string(d.join("ref-into/graph.json")).unwrap();
    let mut seen_new = false;
    let mut interrupted = 0;
    for (k, ms) in [5u64, 40, 120, 250, 400, 700, 1000, 1500, 2500].into_iter().enumerate() {
        let (args, want): (Vec<&str>, &str) =
            if k % 2 == 0 { (vec!["build", "b", "--out", "out", "-q"], &new) } else { (vec!["build", "b", "--into", "out", "-q"], &into) };
        let before = std::fs::read_to_string(d.join("out/graph.json")).unwrap();
        let mut child = Command::new(BIN).current_dir(d).args(&args).spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(ms));
        interrupted += usize::from(child.try_wait().unwrap().is_none());
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        check_killed(d, &before, want);
        seen_new |= std::fs::read_to_string(d.join("out/graph.json")).unwrap() == want;
        // The next run cleans what the killed one left, then the set is the first one again.
        build(d, &["build", "a", "--out", "out", "-q"]);
        assert_eq!(std::fs::read_to_string(d.join("out/graph.json")).unwrap(), old);
        let left: Vec<String> = std::fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| n.contains("newsgraph-")).collect();
        assert!(left.is_empty(), "leftovers: {left:?}");
    }
    let _ = seen_new; // whether a kill came late enough depends on the machine's speed
    assert!(interrupted >= 2, "the kills must land while a run is going on ({interrupted} did)");
}

#[test]
fn a_second_writer_is_refused_while_the_first_holds_the_set() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    corpus(&d.join("a"), 3, "First");
    let held = newsgraph::pipeline::outdir::OutputSet::begin(&d.join("out")).unwrap();
    let out = Command::new(BIN).current_dir(d).args(["build", "a", "--out", "out"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("being written by another newsgraph run"), "{err}");
    drop(held);
    build(d, &["build", "a", "--out", "out", "-q"]);
    assert!(d.join("out/graph.db").is_file());
}

#[test]
fn queries_on_the_store_answer_like_queries_on_graph_json() {
    let t = tempfile::tempdir().unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    build(t.path(), &["build", seeds.to_str().unwrap(), "--out", "out", "-q", "--format", "json"]);
    let ask = |graph: &str, q: &[&str]| {
        let out = Command::new(BIN).current_dir(t.path()).args(["query", "--graph", graph, "--json"]).args(q).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    for q in [
        &["who-said", "--speaker", "lavrov"][..],
        &["who-said", "--about", "north korea"],
        &["who-said", "--speaker", "kulik", "--about", "russia"],
        &["who-said"],
        &["path", "lavrov", "kulik"],
        &["path", "lavrov", "seoul", "--all", "--max-hops", "3"],
        &["neighbors", "russia", "--hops", "2", "--limit", "0"],
        &["neighbors", "lavrov", "--relation", "quote"],
        &["stats", "--top", "5"],
        &["path", "lavrov", "nobody-at-all"],
        &["who-said", "--speaker", "kim"],
    ] {
        let (a, b) = (ask("out/graph.json", q), ask("out/graph.db", q));
        assert_eq!(a.0, b.0, "{q:?}: exit codes");
        assert_eq!(a.1, b.1, "{q:?}: answers differ");
    }
    // The output directory means its store.
    assert_eq!(ask("out", &["stats"]), ask("out/graph.db", &["stats"]));
}

/// Answers assembled without the entities' document lists (what `query` does unless it writes a
/// page) are the answers assembled with them; only the lists are left out.
#[test]
fn answers_without_document_lists_are_the_same_answers() {
    let t = tempfile::tempdir().unwrap();
    let s = fresh(t.path(), "s.db", &[(0, 0), (1, 0), (2, 1), (3, 0), (4, 1), (5, 0)]);
    let (full, light) = (newsgraph::store::StoreGraph::new(&s), newsgraph::store::StoreGraph::new(&s).without_documents());
    let ask = newsgraph::query::WhoSaid { speaker: Some(full.resolve("Lavrov").unwrap()), ..Default::default() };
    let (g1, a1) = full.who_said(&ask).unwrap();
    let (g2, a2) = light.who_said(&ask).unwrap();
    assert!(a1.count > 0);
    assert_eq!(serde_json::to_string(&a1).unwrap(), serde_json::to_string(&a2).unwrap());
    let docs = |g: &KnowledgeGraph| g.graph().node_weights().filter(|n| n.node_type != newsgraph::model::NodeType::Statement).map(|n| n.docs.len()).sum::<usize>();
    assert!(docs(&g1) > 0, "the full graph has the lists");
    assert_eq!(docs(&g2), 0, "the light one does not");
    assert_eq!(g1.node_count(), g2.node_count());
}

/// `--format all` from the store writes the other exporters' files exactly as they are written
/// from the same graph built in memory (so the real-tool conformance checks of
/// `tests/conformance.rs` hold for them too); the default drawing is capped and has no
/// isolated node.
#[test]
fn every_export_from_the_store_equals_the_in_memory_export() {
    use newsgraph::export::{write_all, ExportOptions, Format};
    use newsgraph::pipeline::{self, BuildOptions, Input};
    let t = tempfile::tempdir().unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    build(t.path(), &["build", seeds.to_str().unwrap(), "--out", "out", "-q", "--format", "all"]);
    let inputs = [Input::Path(seeds.clone())];
    let (g, _, _) = pipeline::build(&inputs, &BuildOptions::default(), Lexicon::builtin(), |_| {}).unwrap();
    let mut opts = ExportOptions::default_set();
    opts.formats.retain(|f| !matches!(f, Format::Dot | Format::Svg | Format::Png));
    write_all(&g, &t.path().join("mem"), &opts).unwrap();
    for f in ["graph.json", "graph.gexf", "graph.graphml", "graph.graphology.json", "neo4j/import.cypher", "neo4j/nodes.csv", "neo4j/relationships.csv", "neo4j/apoc.jsonl"] {
        let (a, b) = (std::fs::read(t.path().join("mem").join(f)).unwrap(), std::fs::read(t.path().join("out").join(f)).unwrap());
        assert!(a == b, "{f} differs");
    }
    let dot = std::fs::read_to_string(t.path().join("out/graph.dot")).unwrap();
    let node_lines = || dot.lines().filter(|l| l.trim_start().starts_with('"') && !l.contains("->") && !l.contains("newsgraph-legend"));
    let nodes = node_lines().count();
    assert!(nodes > 5 && nodes <= newsgraph::pipeline::run::DRAWING_NODES, "{nodes} nodes drawn");
    for l in node_lines() {
        let id = l.trim_start().split('"').nth(1).unwrap();
        assert!(dot.contains(&format!("\"{id}\" ->")) || dot.contains(&format!("-> \"{id}\"")), "isolated node {id} drawn");
    }
}

/// Facts whose surface forms and rules are not those of their evidence (hand-made facts files)
/// come out as in memory too.
#[test]
fn edges_whose_sets_differ_from_their_evidence_are_kept_exactly() {
    let t = tempfile::tempdir().unwrap();
    let mut odd = facts(0, 0).clone();
    let statements: Vec<String> = odd.nodes.iter().filter(|n| n.node_type == newsgraph::model::NodeType::Statement).map(|n| n.id.clone()).collect();
    let e = odd.edges.iter_mut().find(|e| !statements.contains(&e.source) && !statements.contains(&e.target)).expect("a relation edge");
    e.edge.surface.insert("hand-made".into());
    e.edge.rules.clear();
    let mut s = Store::create(&t.path().join("s.db"), 20).unwrap();
    let mut g = KnowledgeGraph::new(20);
    let mut mem = KnowledgeGraph::new(20);
    for f in [&odd, facts(2, 1), facts(3, 0)] {
        s.add_document(f, Some(&mut g)).unwrap();
        mem.add_facts(f);
    }
    s.finish(&mut g, Lexicon::builtin()).unwrap();
    mem.finalize(Lexicon::builtin());
    assert_eq!(json_of(&s), mem.to_json());
    let back = s.document_facts(&odd.document.id).unwrap().unwrap();
    let e2 = back.edges.iter().find(|x| x.edge.surface.contains("hand-made")).expect("kept");
    assert!(e2.edge.rules.is_empty());
    // And after a rebuild of the lean graph from the store.
    let mut g = s.lean_graph().unwrap();
    s.finish(&mut g, Lexicon::builtin()).unwrap();
    assert_eq!(json_of(&s), mem.to_json());
}

/// An article of a corpus with many speakers: quotes, indirect speech, meetings, proposals.
fn dated_text(i: usize) -> String {
    let people = [
        ("Russian Foreign Minister", "Sergey Lavrov", "Lavrov"),
        ("Japanese Foreign Minister", "Taro Kono", "Kono"),
        ("German Finance Minister", "Anna Keller", "Keller"),
        ("Chinese Foreign Minister", "Wang Yi", "Wang"),
        ("French President", "Emmanuel Macron", "Macron"),
        ("South Korean Foreign Minister", "Kang Kyung-wha", "Kang"),
        ("US Secretary of State", "Mike Pompeo", "Pompeo"),
    ];
    let places = ["Russia", "Japan", "China", "Germany", "France", "North Korea"];
    let (t, p, ps) = people[i % people.len()];
    let (tq, q, qs) = people[(i * 3 + 1) % people.len()];
    let c = places[i % places.len()];
    let d = places[(i + 2) % places.len()];
    format!(
        "{t} {p} met {tq} {q} in Tokyo on Monday.\n\n\u{201c}The talks with {c} were useful,\u{201d} {ps} said.\n\n{qs} said that {d} would support the roadmap.\n\nAccording to {ps}, {c} proposed a new agreement with {d}.\n"
    )
}

/// Who-said pages (speakers, topics, date ranges, limits) and shortest paths from the store's
/// indexes give the answers of the same questions on `graph.json`, on a corpus with dates, many
/// speakers and identity merges.
#[test]
fn store_indexes_answer_like_graph_json_on_a_dated_corpus() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let mut lines = String::new();
    for i in 0..90 {
        let date = match i % 5 {
            0 => serde_json::Value::Null,
            k => serde_json::Value::String(format!("{}-{:02}-{:02}", 2016 + k, 1 + i % 12, 1 + i % 28)),
        };
        let line = serde_json::json!({"id": format!("d{i:03}"), "text": dated_text(i), "date": date});
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    std::fs::write(d.join("c.jsonl"), lines).unwrap();
    build(d, &["build", "--jsonl", "c.jsonl", "--out", "out", "-q"]);
    let ask = |graph: &str, q: &[&str]| -> serde_json::Value {
        let out = Command::new(BIN).current_dir(d).args(["query", "--graph", graph, "--json"]).args(q).output().unwrap();
        serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null)
    };
    let store = Store::open(&d.join("out/graph.db"), false).unwrap();
    let ids = |sql: &str| -> Vec<String> {
        let mut st = store.connection().prepare(sql).unwrap();
        st.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
    };
    let speakers = ids("SELECT DISTINCT speaker FROM said ORDER BY 1");
    let entities = ids("SELECT id FROM entities ORDER BY id");
    assert!(speakers.len() >= 4 && entities.len() >= 10, "{speakers:?}");
    let mut questions: Vec<Vec<String>> = Vec::new();
    for s in &speakers {
        questions.push(vec!["who-said".into(), "--speaker".into(), s.clone(), "--limit".into(), "0".into()]);
        questions.push(vec!["who-said".into(), "--speaker".into(), s.clone(), "--limit".into(), "3".into(), "--since".into(), "2018".into()]);
        // Over all dates a page's total is read from `answer_rows`.
        questions.push(vec!["who-said".into(), "--speaker".into(), s.clone(), "--limit".into(), "2".into()]);
    }
    for e in &entities {
        questions.push(vec!["who-said".into(), "--about".into(), e.clone(), "--limit".into(), "0".into()]);
        questions.push(vec!["who-said".into(), "--about".into(), e.clone(), "--limit".into(), "2".into()]);
    }
    for (since, until) in [("2017", "2018-06"), ("2019-03-01", "2019-03-31"), ("2020", "2020"), ("2015", "2016")] {
        questions.push(vec!["who-said".into(), "--since".into(), since.into(), "--until".into(), until.into(), "--limit".into(), "4".into()]);
        questions.push(vec!["who-said".into(), "--about".into(), "russia".into(), "--speaker".into(), speakers[0].clone(), "--since".into(), since.into(), "--until".into(), until.into()]);
    }
    questions.push(vec!["who-said".into(), "--limit".into(), "5".into()]);
    let mut truncated = 0;
    for q in &questions {
        let q: Vec<&str> = q.iter().map(|s| s.as_str()).collect();
        let (a, b) = (ask("out/graph.json", &q), ask("out/graph.db", &q));
        assert!(a.is_object(), "{q:?}: {a}");
        assert_eq!(a, b, "{q:?}");
        truncated += usize::from(b["truncated"] == serde_json::Value::Bool(true));
    }
    assert!(truncated > 0, "some answers were cut by their limit");
    // Shortest paths: the same length (several paths may be equally short).
    let hops = |v: &serde_json::Value| v["paths"].as_array().map(|p| p.first().map(|x| x["hops"].as_array().map_or(0, |h| h.len())));
    let mut found = 0;
    for (k, a) in entities.iter().enumerate().step_by(3) {
        let b = &entities[(k * 7 + 5) % entities.len()];
        for kinds in [None, Some("role,action"), Some("quote,mention")] {
            let mut q = vec!["path", a.as_str(), b.as_str()];
            if let Some(k) = kinds {
                q.extend(["--kind", k]);
            }
            let (x, y) = (ask("out/graph.json", &q), ask("out/graph.db", &q));
            assert_eq!(hops(&x), hops(&y), "{q:?}: {x} / {y}");
            found += usize::from(hops(&y).flatten().is_some_and(|n| n > 1));
        }
    }
    assert!(found > 3, "paths of several hops were found ({found})");
}
