//! Name resolution as a reader of the graph meets it (issue 16): an exact name beats a surname,
//! a surname far better attested than its namesakes is taken with a note, and an ambiguity
//! lists the candidates with their roles and documents. Every case is asked of a `graph.json`
//! and of a `graph.db` of the same documents, which must answer alike.

mod query_common;

use clap::Parser;
use newsgraph::model::{DocFacts, EdgeKind, NodeType};
use newsgraph::query::cli::{QueryArgs, run};
use newsgraph::query::QueryError;
use query_common::Doc;
use std::path::{Path, PathBuf};

fn with_rule(d: &mut Doc, alias: &str, rule: &str) {
    if let Some(n) = d.facts.nodes.last_mut() {
        n.alias_rules.insert(alias.into(), rule.into());
    }
}

/// Donald Trump in six documents, Ivanka Trump in one (both known as "Trump"); two Machados of
/// one document each; a place called Clinton and Hillary Clinton, known as "Clinton".
fn docs() -> Vec<DocFacts> {
    let mut out = Vec::new();
    for i in 0..6 {
        let mut d = Doc::new(&format!("{i:03}_trump.txt"), Some("2016-09-12"));
        d.entity("donald-trump", "Donald J. Trump", NodeType::Person, &["Donald Trump", "Trump"], 10);
        with_rule(&mut d, "Trump", "COREF/SURNAME/1");
        d.entity("hillary-clinton", "Hillary Clinton", NodeType::Person, &["Clinton"], 5);
        with_rule(&mut d, "Clinton", "COREF/SURNAME/1");
        d.statement(&format!("s{i}"), &format!("We will win number {i}"), "said", 10, Some("donald-trump"), &["hillary-clinton"]);
        out.push(d.facts);
    }
    let mut d = Doc::new("010_ivanka.txt", Some("2016-09-20"));
    d.entity("ivanka-trump", "Ivanka Trump", NodeType::Person, &["Trump"], 3);
    with_rule(&mut d, "Trump", "COREF/SURNAME/2");
    d.entity("clinton", "Clinton", NodeType::Location, &[], 1);
    d.statement("s10", "My father is a good man", "said", 5, Some("ivanka-trump"), &[]);
    out.push(d.facts);
    let mut d = Doc::new("011_machado.txt", Some("2016-09-30"));
    d.entity("alicia-machado", "Alicia Machado", NodeType::Person, &["Machado"], 5)
        .entity("miss-universe", "Miss Universe", NodeType::Concept, &[], 2)
        .edge("alicia-machado", "miss-universe", "holds-title", EdgeKind::Role, "Alicia Machado, a former Miss Universe, spoke.", 0);
    with_rule(&mut d, "Machado", "COREF/SURNAME/2");
    out.push(d.facts);
    let mut d = Doc::new("012_machado.txt", Some("2016-10-01"));
    d.entity("universe-alicia-machado", "Universe Alicia Machado", NodeType::Person, &["Machado"], 3);
    out.push(d.facts);
    out
}

fn graphs(dir: &Path) -> [PathBuf; 2] {
    query_common::write_both(dir, &docs())
}

fn ask(graph: &Path, args: &[&str]) -> (Result<Vec<String>, QueryError>, String) {
    let g = graph.to_str().unwrap();
    let all = ["query", "--graph", g].into_iter().chain(args.iter().copied());
    let parsed = QueryArgs::try_parse_from(all).unwrap();
    let mut out = Vec::new();
    let r = run(&parsed, &mut out);
    (r, String::from_utf8(out).unwrap())
}

#[test]
fn a_surname_far_better_attested_is_taken_with_a_note() {
    let t = tempfile::tempdir().unwrap();
    for g in graphs(t.path()) {
        let (r, out) = ask(&g, &["--json", "who-said", "--speaker", "trump"]);
        let notes = r.unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["speaker"]["id"], "donald-trump", "{}", g.display());
        assert_eq!(v["count"], 6);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("Donald J. Trump") && notes[0].contains("ivanka-trump"), "{notes:?}");
        assert_eq!(v["notes"][0], notes[0].as_str(), "the note is in the JSON too");
        // A full name still picks the namesake.
        let (r, out) = ask(&g, &["--json", "who-said", "--speaker", "Ivanka Trump"]);
        assert!(r.unwrap().is_empty(), "no note for a full name");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["speaker"]["id"], "ivanka-trump");
    }
}

#[test]
fn an_exact_label_beats_a_surname() {
    let t = tempfile::tempdir().unwrap();
    for g in graphs(t.path()) {
        // "Clinton" is the label of a place and only a surname of Hillary Clinton.
        let (r, out) = ask(&g, &["--json", "neighbors", "clinton"]);
        r.unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["center"]["id"], "clinton", "{}", g.display());
        let (r, out) = ask(&g, &["--json", "who-said", "--about", "hillary clinton"]);
        r.unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["about"]["id"], "hillary-clinton");
    }
}

#[test]
fn namesakes_alike_are_listed_with_roles_and_documents() {
    let t = tempfile::tempdir().unwrap();
    let mut answers = Vec::new();
    for g in graphs(t.path()) {
        let (r, out) = ask(&g, &["--json", "who-said", "--speaker", "machado"]);
        let err = r.unwrap_err();
        assert_eq!(err.exit_code(), 2);
        let details = err.details().unwrap();
        assert!(details.contains("alicia-machado") && details.contains("universe-alicia-machado"), "{details}");
        assert!(details.contains("Miss Universe"), "roles are shown: {details}");
        assert!(details.contains("011_machado.txt") && details.contains("012_machado.txt"), "documents are shown: {details}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let c = &v["error"]["candidates"];
        assert_eq!(c[0]["id"], "alicia-machado", "most mentioned first");
        assert_eq!(c[0]["roles"][0], "Miss Universe");
        assert_eq!(c[0]["docs"][0], "011_machado.txt");
        assert_eq!(c[1]["documents"], 1);
        answers.push(out);
    }
    assert_eq!(answers[0], answers[1], "graph.json and graph.db answer alike");
}

#[test]
fn the_binary_prints_the_candidates_under_the_error_and_the_note_on_stderr() {
    let t = tempfile::tempdir().unwrap();
    let [_, db] = graphs(t.path());
    let bin = env!("CARGO_BIN_EXE_newsgraph");
    let out = std::process::Command::new(bin).args(["query", "--graph"]).arg(&db).args(["who-said", "--speaker", "machado"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines[0].starts_with("newsgraph: error[ambiguous-name]: \"machado\" is ambiguous"), "{err}");
    assert!(lines.len() == 3 && lines[1].trim_start().starts_with("alicia-machado") && lines[1].contains("Miss Universe"), "{err}");
    let out = std::process::Command::new(bin).args(["query", "--graph"]).arg(&db).args(["who-said", "--speaker", "trump"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("newsgraph: note: \"trump\" taken as Donald J. Trump"), "{err}");
    let out = std::process::Command::new(bin).args(["-q", "query", "--graph"]).arg(&db).args(["who-said", "--speaker", "trump"]).output().unwrap();
    assert!(out.stderr.is_empty(), "--quiet keeps only errors");
}

#[test]
fn build_focus_resolves_names_like_query() {
    let t = tempfile::tempdir().unwrap();
    let [json, _] = graphs(t.path());
    let g = newsgraph::query::load(&json).unwrap();
    assert_eq!(newsgraph::export::dot::resolve_focus(&g, "trump").unwrap(), "donald-trump");
    let (_, note) = newsgraph::export::dot::resolve_focus_noted(&g, "trump").unwrap();
    assert!(note.is_some_and(|n| n.contains("ivanka-trump")));
    match newsgraph::export::dot::resolve_focus(&g, "machado") {
        Err(newsgraph::export::ExportError::FocusAmbiguous { candidates, details, .. }) => {
            assert_eq!(candidates, ["alicia-machado", "universe-alicia-machado"]);
            assert!(details.contains("Miss Universe"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_relation_that_no_edge_has_is_an_error_with_suggestions() {
    let t = tempfile::tempdir().unwrap();
    let mut answers = Vec::new();
    for g in graphs(t.path()) {
        let (r, out) = ask(&g, &["--json", "neighbors", "alicia-machado", "--relation", "holds-titel"]);
        let err = r.unwrap_err();
        assert_eq!(err.exit_code(), 2, "{}", g.display());
        assert_eq!(err.code(), "unknown-relation");
        assert!(err.to_string().contains("did you mean: holds-title"), "{err}");
        answers.push(out);
        // A relation of the graph, or an edge kind, passes (even with no such edge nearby).
        ask(&g, &["neighbors", "alicia-machado", "--relation", "Holds Title"]).0.unwrap();
        ask(&g, &["neighbors", "alicia-machado", "--relation", "quote"]).0.unwrap();
        ask(&g, &["neighbors", "ivanka-trump", "--relation", "holds-title"]).0.unwrap();
    }
    assert_eq!(answers[0], answers[1]);
}
