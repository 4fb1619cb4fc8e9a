//! Query latency on a generated graph of more than a million edges.
//!
//!     cargo bench --bench query
//!
//! The graph is generated through the library (`KnowledgeGraph::add_facts`, one `DocFacts` per
//! document) with a realistic shape: 200,000 entities whose degrees follow a power law (the
//! top hubs are countries, as in news), ~25,000 documents with dates, statements with a
//! `quote` edge from a speaker and `mention` edges, roles, actions and memberships of many
//! relations — generated until the merged graph holds at least 1,000,000 edges. It is written
//! to a `graph.json` in the temp directory and loaded back with `query::load`, which is what
//! the `load_graph_json` bench times; the set-up prints the sizes and one-off timings.
//! `NEWSGRAPH_BENCH_EDGES` changes the edge target (for a quick run); a test run
//! (`cargo test --benches`, no `--bench` flag) uses 20,000.

use newsgraph::graph::{GraphJson, KnowledgeGraph};
use newsgraph::model::{DocFacts, DocumentMeta, Edge, EdgeKind, EdgeRecord, Evidence, Node, NodeType};
use newsgraph::query::{self, NameIndex, NeighborOpts, PathOpts, Queries, WhoSaid};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::LazyLock;
use std::time::Instant;

const ENTITIES: usize = 200_000;
const COUNTRIES: usize = 200;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// A rank in 0..n with density ∝ rank^(-2/3): a few hubs, a long tail.
    fn skewed(&mut self, n: usize) -> usize {
        ((n as f64 * self.unit().powi(3)) as usize).min(n - 1)
    }
}

const SYL: [&str; 32] = [
    "ka", "lo", "mi", "ren", "sa", "tov", "vich", "ar", "el", "on", "ba", "du", "ni", "ko", "ra", "li", "mo", "sen",
    "ta", "ve", "zu", "pe", "ha", "jo", "qu", "ri", "ol", "an", "is", "ur", "ge", "fi",
];

fn word(mut x: usize, n: usize) -> String {
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(SYL[x % 32]);
        x /= 32;
    }
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn slug(s: &str) -> String {
    s.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join("-")
}

/// Entity `i`: countries first (so that the top-ranked hubs are countries), then by `i % 20`.
fn make_entity(i: usize) -> (String, NodeType, Vec<String>) {
    if i < COUNTRIES {
        return (format!("{}ia", word(i + 40, 2)), NodeType::Country, vec![]);
    }
    match i % 20 {
        0..=8 => {
            let (first, last) = (word(i % 1000, 2), word(i / 1000 + 3, 3));
            (format!("{first} {last}"), NodeType::Person, vec![last])
        }
        9..=11 => {
            let kind = ["Ministry", "Party", "Bank", "Agency", "Council"][i % 5];
            (format!("{} {kind}", word(i, 4)), NodeType::Organization, vec![])
        }
        12..=14 => (word(i, 4), NodeType::Location, vec![]),
        15..=17 => {
            let kind = ["plan", "deal", "roadmap", "sanctions", "talks"][i % 5];
            (format!("{} {kind}", word(i, 4).to_lowercase()), NodeType::Concept, vec![])
        }
        _ => (format!("{} summit", word(i, 4)), NodeType::Event, vec![]),
    }
}

struct World {
    ids: Vec<String>,
    labels: Vec<String>,
    types: Vec<NodeType>,
    aliases: Vec<Vec<String>>,
    persons: Vec<usize>,
    institutions: Vec<usize>,
    events: Vec<usize>,
}

impl World {
    fn new() -> World {
        let mut w = World { ids: vec![], labels: vec![], types: vec![], aliases: vec![], persons: vec![], institutions: vec![], events: vec![] };
        let mut seen = HashSet::new();
        for i in 0..ENTITIES {
            let (label, t, aliases) = make_entity(i);
            let mut id = slug(&label);
            if !seen.insert(id.clone()) {
                id = format!("{id}-{i}");
                seen.insert(id.clone());
            }
            match t {
                NodeType::Person => w.persons.push(i),
                NodeType::Country | NodeType::Organization => w.institutions.push(i),
                NodeType::Event => w.events.push(i),
                _ => {}
            }
            w.ids.push(id);
            w.labels.push(label);
            w.types.push(t);
            w.aliases.push(aliases);
        }
        w
    }

    /// An entity by popularity rank: ranks below COUNTRIES are the countries, the rest are
    /// scattered over all entities by a fixed permutation.
    fn ranked(&self, rank: usize) -> usize {
        if rank < COUNTRIES { rank } else { COUNTRIES + ((rank - COUNTRIES) * 100_003) % (ENTITIES - COUNTRIES) }
    }
}

const VERBS: [&str; 16] = [
    "visits", "meets", "criticizes", "supports", "proposes", "sanctions", "signs", "rejects", "calls-for",
    "condemns", "welcomes", "accuses", "warns", "funds", "hosts", "invites",
];
const ROLES: [&str; 6] = ["foreign-minister-of", "president-of", "ambassador-to", "spokesperson-of", "member-of", "ceo-of"];

fn doc_facts(w: &World, d: usize, rng: &mut Rng) -> DocFacts {
    let doc = format!("doc{d:06}.txt");
    let date = if d % 10 == 9 {
        format!("--{:02}-{:02}", d % 12 + 1, d % 28 + 1)
    } else {
        format!("{}-{:02}-{:02}", 2014 + d / 5000, (d / 400) % 12 + 1, d % 28 + 1)
    };
    let mut nodes: HashMap<usize, Node> = HashMap::new();
    let mut touch = |i: usize| {
        nodes
            .entry(i)
            .or_insert_with(|| {
                let mut n = Node::entity(w.ids[i].clone(), w.labels[i].clone(), w.types[i]);
                n.aliases.extend(w.aliases[i].iter().cloned());
                n.docs.insert(doc.clone());
                n
            })
            .mentions += 1;
        w.ids[i].clone()
    };
    let mut edges = Vec::new();
    let mut statements = Vec::new();
    let mut offset = 0usize;
    let mut edge = |s: String, t: String, rel: &str, kind: EdgeKind, text: String, offset: &mut usize| {
        let ev = Evidence {
            doc: doc.clone(),
            start: *offset,
            end: *offset + text.len(),
            text,
            rule: "BENCH/1".into(),
            date: None,
            date_source: None,
            surface: None,
            according_to: None,
        };
        *offset += ev.text.len() + 1;
        edges.push(EdgeRecord { source: s, target: t, key: String::new(), edge: Edge::new(rel, kind, ev) });
    };
    for k in 0..8 {
        let speaker = w.persons[rng.skewed(w.persons.len())];
        let (m1, m2) = (w.ranked(rng.skewed(ENTITIES)), w.ranked(rng.skewed(ENTITIES)));
        let text = format!("{} must settle the matter with {} without delay", w.labels[m1], w.labels[m2]);
        let sid = format!("{doc}#{k}");
        let mut st = Node::entity(sid.clone(), text.clone(), NodeType::Statement);
        st.text = Some(text.clone());
        st.cue = Some(["said", "told", "added", "stressed"][k % 4].into());
        st.direct = Some(k % 2 == 0);
        st.doc = Some(doc.clone());
        st.start = Some(offset);
        st.end = Some(offset + text.len());
        st.source_text = Some(w.labels[speaker].clone());
        st.date = Some(date.clone());
        statements.push(st);
        let (sp, a, b) = (touch(speaker), touch(m1), touch(m2));
        let sentence = format!("{} said {text}.", w.labels[speaker]);
        edge(sp, sid.clone(), "said", EdgeKind::Quote, sentence.clone(), &mut offset);
        edge(sid.clone(), a, "mentions", EdgeKind::Mention, sentence.clone(), &mut offset);
        if m2 != m1 {
            edge(sid, b, "mentions", EdgeKind::Mention, sentence, &mut offset);
        }
    }
    for _ in 0..5 {
        let p = w.persons[rng.below(w.persons.len())];
        let inst = w.institutions[rng.skewed(w.institutions.len())];
        let rel = ROLES[rng.below(ROLES.len())];
        let text = format!("{} is {rel} {}.", w.labels[p], w.labels[inst]);
        let (s, t) = (touch(p), touch(inst));
        edge(s, t, rel, EdgeKind::Role, text, &mut offset);
    }
    for _ in 0..20 {
        let (a, b) = (w.ranked(rng.skewed(ENTITIES)), w.ranked(rng.skewed(ENTITIES)));
        if a == b {
            continue;
        }
        let verb = VERBS[rng.below(VERBS.len())];
        let text = format!("{} {verb} {}.", w.labels[a], w.labels[b]);
        let (s, t) = (touch(a), touch(b));
        edge(s, t, verb, EdgeKind::Action, text, &mut offset);
    }
    for _ in 0..3 {
        let a = w.ranked(rng.skewed(ENTITIES));
        let e = w.events[rng.skewed(w.events.len())];
        let text = format!("{} takes part in {}.", w.labels[a], w.labels[e]);
        let (s, t) = (touch(a), touch(e));
        edge(s, t, "takes-part-in", EdgeKind::Membership, text, &mut offset);
    }
    let mut all: Vec<Node> = nodes.into_values().collect();
    all.extend(statements);
    DocFacts {
        document: DocumentMeta { id: doc, date: Some(date), ..Default::default() },
        nodes: all,
        edges,
        warnings: vec![],
    }
}

struct Fixture {
    g: KnowledgeGraph,
    world: World,
    file: PathBuf,
}

static FIX: LazyLock<Fixture> = LazyLock::new(|| {
    // Like divan: without `--bench` (which `cargo bench` passes) this is a test run (`cargo test
    // --benches`, each bench once), and a small graph is enough.
    let default = if std::env::args().any(|a| a == "--bench") { 1_000_000 } else { 20_000 };
    let target: usize =
        std::env::var("NEWSGRAPH_BENCH_EDGES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    let t = Instant::now();
    let world = World::new();
    let mut rng = Rng(42);
    let mut g = KnowledgeGraph::default();
    let mut d = 0;
    while g.edge_count() < target {
        g.add_facts(&doc_facts(&world, d, &mut rng));
        d += 1;
    }
    eprintln!(
        "generated {} nodes, {} edges, {} documents, {} statements in {:.1?}",
        g.node_count(),
        g.edge_count(),
        g.documents().len(),
        d * 8,
        t.elapsed()
    );
    let t = Instant::now();
    let file = std::env::temp_dir().join(format!("newsgraph-bench-{}.json", std::process::id()));
    std::fs::write(&file, g.to_json()).expect("write graph.json");
    let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    eprintln!("wrote {} ({} MB) in {:.1?}", file.display(), size / 1_000_000, t.elapsed());
    drop(g);
    // Where loading spends its time: reading, parsing, building the petgraph graph, freeing.
    let t = Instant::now();
    let text = std::fs::read_to_string(&file).expect("read");
    let t_read = t.elapsed();
    let t = Instant::now();
    let data: GraphJson = serde_json::from_str(&text).expect("parse");
    let t_parse = t.elapsed();
    let t = Instant::now();
    let g = KnowledgeGraph::from_graph_json(&data, 0);
    let t_build = t.elapsed();
    let t = Instant::now();
    drop((data, text, g));
    eprintln!(
        "load breakdown: read {t_read:.1?}, parse {t_parse:.1?}, from_graph_json {t_build:.1?}, free it all {:.1?}",
        t.elapsed()
    );
    let t = Instant::now();
    let g = query::load(&file).expect("load graph.json");
    eprintln!("loaded it back with query::load in {:.1?}", t.elapsed());
    Fixture { g, world, file }
});

static Q: LazyLock<Queries<'static>> = LazyLock::new(|| {
    let q = Queries::new(&FIX.g);
    let t = Instant::now();
    q.names();
    eprintln!("built the name index in {:.1?}", t.elapsed());
    q
});

/// The entity of popularity rank `rank`, or of the next rank present in the graph.
fn present(rank: usize) -> usize {
    (rank..ENTITIES)
        .map(|r| FIX.world.ranked(r))
        .find(|i| FIX.g.index_of(&FIX.world.ids[*i]).is_some())
        .expect("some entity is in the graph")
}

/// The `n`-th most quoted person (by generation rank), or the next present one.
fn person(n: usize) -> &'static str {
    let w = &FIX.world;
    let i = w.persons[n..].iter().find(|i| FIX.g.index_of(&w.ids[**i]).is_some()).expect("a person");
    &w.ids[*i]
}

fn main() {
    LazyLock::force(&Q);
    let hub = FIX.g.index_of(&FIX.world.ids[present(0)]).expect("hub");
    eprintln!(
        "hub speaker {:?} ({} statements), hub entity {:?} (degree {})",
        person(0),
        query::who_said(&FIX.g, &WhoSaid { speaker: Some(person(0).into()), ..Default::default() })
            .map(|v| v.len())
            .unwrap_or(0),
        FIX.g.graph()[hub].label,
        FIX.g.graph().neighbors_undirected(hub).count()
    );
    eprintln!(
        "answers: path_shortest {:?} hops, path_all_3_hops {} paths, far apart {} paths, between hubs {} paths, neighbors hub {} rows, neighbors 2 hops {} rows, \
         who-said hub {} / typical since {} / about hub {} statements",
        shortest().paths.first().map(|p| p.length),
        path_all_3_hops(),
        path_all_6_hops_far_apart(),
        path_all_4_hops_between_hubs(),
        neighbors_hub_1_hop(),
        neighbors_typical_2_hops(),
        who_said_speaker_hub(),
        who_said_speaker_typical_since(),
        who_said_about_hub_scans_all_statements()
    );
    divan::main();
    let _ = std::fs::remove_file(&FIX.file);
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn load_graph_json() -> KnowledgeGraph {
    query::load(&FIX.file).expect("load")
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn build_name_index() -> NameIndex {
    NameIndex::build(&FIX.g)
}

#[divan::bench(sample_count = 20)]
fn resolve_label() -> petgraph::stable_graph::NodeIndex {
    let i = FIX.g.index_of(person(777)).expect("present");
    Q.resolve(&FIX.g.graph()[i].label.to_uppercase()).unwrap_or(i)
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn who_said_speaker_hub() -> usize {
    let q = WhoSaid { speaker: Some(person(0).into()), ..Default::default() };
    Q.who_said(&q).expect("who said").count
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn who_said_speaker_typical_since() -> usize {
    let q = WhoSaid { speaker: Some(person(300).into()), since: Some("2015".into()), ..Default::default() };
    Q.who_said(&q).expect("who said").count
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn who_said_about_hub_scans_all_statements() -> usize {
    let q = WhoSaid { about: Some(FIX.world.ids[present(0)].clone()), ..Default::default() };
    Q.who_said(&q).expect("who said").count
}

fn shortest() -> query::PathResult {
    let (a, b) = (present(20_000), present(120_000));
    Q.path(&FIX.world.ids[a], &FIX.world.ids[b], &PathOpts { max_hops: 6, ..Default::default() }).expect("path")
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn path_shortest() -> usize {
    shortest().paths.len()
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn path_all_3_hops() -> usize {
    let (a, b) = (present(500), present(3_000));
    Q.path(&FIX.world.ids[a], &FIX.world.ids[b], &PathOpts { max_hops: 3, all: true, kinds: None })
        .expect("path")
        .paths
        .len()
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn neighbors_hub_1_hop() -> usize {
    Q.neighbors(&FIX.world.ids[present(0)], &NeighborOpts::default()).expect("neighbors").total
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn neighbors_typical_2_hops() -> usize {
    let x = present(50_000);
    Q.neighbors(&FIX.world.ids[x], &NeighborOpts { hops: 2, ..Default::default() }).expect("neighbors").total
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn stats() -> usize {
    Q.stats(10).nodes
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn path_all_6_hops_far_apart() -> usize {
    // The worst case we know: a full breadth-first search to 6 hops, then enumeration.
    let (a, b) = (present(20_000), present(120_000));
    Q.path(&FIX.world.ids[a], &FIX.world.ids[b], &PathOpts { max_hops: 6, all: true, kinds: None })
        .expect("path")
        .paths
        .len()
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn path_all_4_hops_between_hubs() -> usize {
    let (a, b) = (present(0), present(1));
    Q.path(&FIX.world.ids[a], &FIX.world.ids[b], &PathOpts { max_hops: 4, all: true, kinds: None })
        .expect("path")
        .paths
        .len()
}
