//! The pictures `build` draws (issue 16): a readable overview (the most connected entities, no
//! isolated node, statements counted, a legend) and a focus (an entity's relations, what it
//! said and what was said about it). The store draws exactly what the in-memory graph draws.

mod common;

use newsgraph::export::drawing::{focus_dot, Layout, Overview, OVERVIEW_NODES};
use newsgraph::graph::KnowledgeGraph;
use newsgraph::lexicon::Lexicon;
use newsgraph::model::{Edge, EdgeKind, Evidence, Node, NodeType};
use newsgraph::pipeline::{self, BuildOptions, Input};
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_newsgraph");

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

fn seed_graph() -> KnowledgeGraph {
    pipeline::build(&[Input::Path(seeds())], &BuildOptions::default(), Lexicon::builtin(), |_| {}).unwrap().0
}

fn build(dir: &Path, extra: &[&str]) -> String {
    let out = Command::new(BIN).current_dir(dir).args(["build"]).arg(seeds()).args(["--out", "out", "-q", "--format", "dot"]).args(extra).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::read_to_string(dir.join("out/graph.dot")).unwrap()
}

/// Node ids drawn (lines `"id" [label=…`), legend aside.
fn nodes(dot: &str) -> Vec<String> {
    dot.lines()
        .filter(|l| l.starts_with("  \"") && !l.contains(" -> ") && !l.contains("newsgraph-legend"))
        .map(|l| l.trim_start().split('"').nth(1).unwrap().to_string())
        .collect()
}

fn assert_no_isolated(dot: &str) {
    for id in nodes(dot) {
        let q = format!("\"{id}\"");
        assert!(dot.lines().any(|l| l.contains(" -> ") && l.contains(&q)), "isolated node {id}:\n{dot}");
    }
}

#[test]
fn the_overview_counts_statements_has_a_legend_and_no_isolated_node() {
    let g = seed_graph();
    let dot = Overview::of_graph(&g, OVERVIEW_NODES).to_dot(Layout::Auto);
    let drawn = nodes(&dot);
    assert!(drawn.len() > 5 && drawn.len() <= OVERVIEW_NODES, "{} nodes", drawn.len());
    assert_no_isolated(&dot);
    assert!(dot.contains("Sergey Lavrov\\n") && dot.contains(" statements"), "statements are counted on the speaker:\n{dot}");
    assert!(!dot.contains("shape=note"), "no statement is drawn one by one");
    assert!(dot.contains("\"newsgraph-legend\"") && dot.contains("Person") && dot.contains("said about"), "a legend");
    assert!(dot.contains("most connected of"), "a caption says what was left out");
    // The store draws the same picture as the in-memory graph.
    let t = tempfile::tempdir().unwrap();
    assert_eq!(build(t.path(), &[]), dot);
}

/// A graph of `n` people in a chain, each with a few ties, and one hub.
fn big(n: usize) -> KnowledgeGraph {
    let mut g = KnowledgeGraph::default();
    let ev = |i: usize| Evidence { doc: format!("d{i}.txt"), start: 0, end: 1, text: "x".into(), rule: "T/1".into(), date: None, date_source: None, surface: None, according_to: None };
    for i in 0..n {
        let mut p = Node::entity(format!("p{i:04}"), format!("Person {i}"), NodeType::Person);
        p.docs.insert(format!("d{i}.txt"));
        p.mentions = 1 + (i % 7) as u64;
        g.upsert_node(&p);
    }
    let hub = Node::entity("hub", "Hub", NodeType::Organization);
    g.upsert_node(&hub);
    for i in 0..n {
        if i + 1 < n {
            g.upsert_edge(&format!("p{i:04}"), &format!("p{:04}", i + 1), &Edge::new("meets", EdgeKind::Action, ev(i)));
        }
        if i % 3 == 0 {
            g.upsert_edge(&format!("p{i:04}"), "hub", &Edge::new("member-of", EdgeKind::Membership, ev(i)));
        }
        // A title with no place: not a neighbour in the overview.
        g.upsert_edge(&format!("p{i:04}"), "president", &Edge::new("holds-title", EdgeKind::Role, ev(i)));
    }
    let mut lonely = Node::entity("lonely", "Lonely", NodeType::Person);
    lonely.mentions = 1000;
    g.upsert_node(&lonely);
    g
}

#[test]
fn a_large_graph_is_cut_to_the_most_connected_and_laid_out_with_sfdp() {
    let g = big(700);
    let o = Overview::of_graph(&g, OVERVIEW_NODES);
    let dot = o.to_dot(Layout::Auto);
    let drawn = nodes(&dot);
    assert!(drawn.len() <= OVERVIEW_NODES && drawn.len() >= OVERVIEW_NODES - 5, "{} nodes", drawn.len());
    assert!(drawn.contains(&"hub".to_string()), "the hub is the most connected");
    assert!(!drawn.contains(&"lonely".to_string()) && !drawn.contains(&"president".to_string()));
    assert_no_isolated(&dot);
    assert!(dot.contains("layout=sfdp") && dot.contains("overlap=prism"), "large pictures use sfdp");
    assert!(dot.contains("of 702 entities"), "{}", dot.lines().nth(1).unwrap());
    assert!(o.to_dot(Layout::Dot).contains("layout=dot"), "the layout can be chosen");
    let small = Overview::of_graph(&g, 10).to_dot(Layout::Auto);
    assert!(small.contains("layout=dot"), "small pictures use dot");
}

#[test]
fn the_focus_draws_relations_and_quotes_by_and_about_the_entity() {
    let g = seed_graph();
    let dot = focus_dot(&g, "sergey-lavrov", 1, Layout::Auto);
    assert!(dot.contains("foreign-minister-of"), "its relations:\n{dot}");
    let quotes = dot.lines().filter(|l| l.contains("shape=note")).count();
    assert!((2..=12).contains(&quotes), "{quotes} statements drawn");
    assert!(dot.contains("\"sergey-lavrov\" -> \"st-") && dot.contains("label=\"said\""), "what he said");
    assert!(dot.contains("\u{201c}") && dot.contains("000_44cb8afd01e9714f.txt"), "excerpts with their documents");
    assert!(dot.contains("\"newsgraph-legend\"") && dot.contains("Statement"));
    assert_no_isolated(&dot);
    // The store draws the same focus.
    let t = tempfile::tempdir().unwrap();
    assert_eq!(build(t.path(), &["--focus", "lavrov", "--hops", "1"]), dot);
    let two = focus_dot(&g, "sergey-lavrov", 2, Layout::Auto);
    assert_eq!(build(t.path(), &["--focus", "sergey-lavrov"]), two);
}

#[test]
fn pictures_render_with_graphviz_when_it_is_installed() {
    if Command::new("dot").arg("-V").output().is_err() {
        eprintln!("skipping: Graphviz `dot` is not installed");
        return;
    }
    let t = tempfile::tempdir().unwrap();
    for (name, extra) in [("overview", &[][..]), ("focus", &["--focus", "lavrov"][..])] {
        let out = Command::new(BIN).current_dir(t.path()).arg("build").arg(seeds()).args(["--out", name, "-q", "--format", "dot,svg"]).args(extra).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let svg = std::fs::read_to_string(t.path().join(name).join("graph.svg")).unwrap();
        assert!(svg.contains("<svg") && svg.contains("Legend"), "{name}");
    }
    let g = big(700);
    let svg = newsgraph::export::render::render(&Overview::of_graph(&g, OVERVIEW_NODES).to_dot(Layout::Auto), "svg").unwrap();
    assert!(String::from_utf8_lossy(&svg).contains("Person 0") || !svg.is_empty());
}

#[test]
fn hostile_strings_make_valid_pictures() {
    let g = common::hostile_graph();
    let mut dots = vec![Overview::of_graph(&g, OVERVIEW_NODES).to_dot(Layout::Auto), Overview::of_graph(&g, 5).to_dot(Layout::Sfdp)];
    for n in g.sorted_nodes().into_iter().filter(|n| n.node_type != NodeType::Statement) {
        dots.push(focus_dot(&g, &n.id, 2, Layout::Auto));
    }
    let graphviz = Command::new("dot").arg("-V").output().is_ok();
    for dot in &dots {
        assert!(graphviz_rust::parse(dot).is_ok(), "DOT parses:\n{dot}");
        if graphviz {
            let svg = newsgraph::export::render::render(dot, "svg").expect("Graphviz draws it");
            assert!(String::from_utf8_lossy(&svg).contains("</svg>"));
        }
    }
}
