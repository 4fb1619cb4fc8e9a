//! `query who-said` for readers (issue 16): one row per statement, filters by document and
//! cue, CSV and JSON lines — on a `graph.json` and on a `graph.db` of the same documents.

mod query_common;

use clap::Parser;
use newsgraph::model::{DocFacts, NodeType};
use newsgraph::query::cli::{QueryArgs, run};
use newsgraph::query::QueryError;
use query_common::Doc;
use std::path::Path;

const REPEATED: &str = "Did Crooked Hillary help disgusting Alicia M become a U.S. citizen";

fn docs() -> Vec<DocFacts> {
    let mut a = Doc::new("breitbart_2016-09-30_latest.txt", Some("2016-09-30"));
    a.entity("donald-trump", "Donald J. Trump", NodeType::Person, &["Trump"], 9)
        .entity("hillary-clinton", "Hillary Clinton", NodeType::Person, &["Clinton"], 4)
        // The same tweet quoted twice in one article: one statement.
        .statement("st-a-100", REPEATED, "said", 100, Some("donald-trump"), &["hillary-clinton"])
        .statement("st-a-900", REPEATED, "said", 900, Some("donald-trump"), &[])
        .statement("st-a-1500", "the election is rigged, with \"commas\", quotes\nand a line break", "told", 1500, Some("donald-trump"), &[]);
    let mut b = Doc::new("usa-today_2016-10-03_vets.txt", Some("2016-10-03"));
    b.entity("donald-trump", "Donald J. Trump", NodeType::Person, &["Trump"], 3)
        .statement("st-b-10", "The military is depleted", "says", 10, Some("donald-trump"), &[])
        .statement("st-b-90", REPEATED, "said", 90, Some("donald-trump"), &[]);
    vec![a.facts, b.facts]
}

fn ask(graph: &Path, args: &[&str]) -> (Result<Vec<String>, QueryError>, String) {
    let g = graph.to_str().unwrap();
    let parsed = QueryArgs::try_parse_from(["query", "--graph", g].into_iter().chain(args.iter().copied())).unwrap();
    let mut out = Vec::new();
    let r = run(&parsed, &mut out);
    (r, String::from_utf8(out).unwrap())
}

fn json(graph: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json", "who-said"];
    all.extend_from_slice(args);
    let (r, out) = ask(graph, &all);
    r.unwrap();
    serde_json::from_str(&out).unwrap()
}

#[test]
fn the_same_quote_twice_in_one_article_is_one_row() {
    let t = tempfile::tempdir().unwrap();
    let mut answers = Vec::new();
    for g in query_common::write_both(t.path(), &docs()) {
        let v = json(&g, &["--speaker", "trump"]);
        assert_eq!(v["count"], 4, "{}: {v:#}", g.display());
        let rows = v["statements"].as_array().unwrap();
        let tweet: Vec<&serde_json::Value> = rows.iter().filter(|r| r["text"] == REPEATED).collect();
        assert_eq!(tweet.len(), 2, "once per article: {v:#}");
        assert_eq!(tweet[0]["id"], "st-a-100", "at its first place");
        assert_eq!(tweet[0]["occurrences"][0]["id"], "st-a-900");
        assert_eq!(tweet[0]["occurrences"][0]["start"], 900);
        assert_eq!(tweet[0]["mentions"][0]["id"], "hillary-clinton");
        assert!(tweet[1].get("occurrences").is_none(), "the other article's quote stands alone");
        answers.push(v);
    }
    assert_eq!(answers[0], answers[1], "graph.json and graph.db answer alike");
}

#[test]
fn filters_by_document_and_cue() {
    let t = tempfile::tempdir().unwrap();
    for g in query_common::write_both(t.path(), &docs()) {
        let v = json(&g, &["--doc", "USA-TODAY"]);
        assert_eq!(v["count"], 2, "a part of the id, any case");
        assert_eq!(v["query"]["doc"], "USA-TODAY");
        let v = json(&g, &["--doc", "breitbart_2016-09-30_latest.txt", "--cue", "tell"]);
        assert_eq!(v["count"], 1, "'tell' finds 'told'");
        assert_eq!(v["statements"][0]["cue"], "told");
        let v = json(&g, &["--cue", "say"]);
        let cues: Vec<&str> = v["statements"].as_array().unwrap().iter().map(|r| r["cue"].as_str().unwrap()).collect();
        assert_eq!(cues, ["said", "says", "said"], "'say' finds 'said' and 'says'");
        assert_eq!(json(&g, &["--cue", "according to"])["count"], 0);
        assert_eq!(json(&g, &["--doc", "no-such-document"])["count"], 0);
        let v = json(&g, &["--since", "2016-10", "--cue", "said"]);
        assert_eq!(v["count"], 1);
        assert_eq!(v["statements"][0]["date"], "2016-10-03");
    }
}

#[test]
fn csv_and_json_lines_hold_every_statement_whole() {
    let t = tempfile::tempdir().unwrap();
    let mut answers = Vec::new();
    for g in query_common::write_both(t.path(), &docs()) {
        let (r, out) = ask(&g, &["who-said", "--speaker", "donald-trump", "--csv"]);
        r.unwrap();
        let mut rd = csv::Reader::from_reader(out.as_bytes());
        let headers = rd.headers().unwrap().clone();
        assert_eq!(headers.iter().collect::<Vec<_>>(), newsgraph::query::output::STATEMENT_CSV_COLUMNS);
        let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 4);
        let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let odd = rows.iter().find(|r| r[col("cue")] == *"told").unwrap();
        assert_eq!(&odd[col("quote")], "the election is rigged, with \"commas\", quotes\nand a line break", "quoted by the CSV rules, not cut");
        assert_eq!(&odd[col("speaker")], "Donald J. Trump");
        assert_eq!(&odd[col("document")], "breitbart_2016-09-30_latest.txt");
        assert_eq!(&odd[col("date")], "2016-09-30");
        assert!(odd[col("evidence")].contains("election is rigged"));
        let first = rows.iter().find(|r| r[col("id")] == *"st-a-100").unwrap();
        assert_eq!(&first[col("occurrences")], "st-a-900");

        let (r, out) = ask(&g, &["who-said", "--speaker", "donald-trump", "--jsonl"]);
        r.unwrap();
        let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 4);
        let v = json(&g, &["--speaker", "donald-trump"]);
        assert_eq!(serde_json::Value::Array(lines), v["statements"], "the rows of --json, one a line");
        answers.push(out);
    }
    assert_eq!(answers[0], answers[1]);
    // --json with --csv is a usage error.
    let (r, _) = ask(&t.path().join("graph.json"), &["--json", "who-said", "--csv"]);
    assert_eq!(r.unwrap_err().exit_code(), 2);
}

#[test]
fn the_table_wraps_quotes_and_lists_documents_under_it() {
    let t = tempfile::tempdir().unwrap();
    let [g, _] = query_common::write_both(t.path(), &docs());
    let (r, out) = ask(&g, &["--width", "60", "who-said"]);
    r.unwrap();
    assert!(out.lines().nth(2).unwrap().starts_with("date        speaker"), "{out}");
    assert!(!out.contains('…') && out.lines().all(|l| l.chars().count() <= 60), "{out}");
    assert!(out.contains("(quoted 2 times)"), "a repeated quote says so: {out}");
    assert!(out.contains("\n[1] breitbart_2016-09-30_latest.txt\n[2] usa-today_2016-10-03_vets.txt\n"), "{out}");
    // With --speaker every row has the same speaker: the column is left out.
    let (r, out) = ask(&g, &["--width", "60", "who-said", "--speaker", "trump"]);
    r.unwrap();
    assert!(out.lines().nth(2).unwrap().starts_with("date        cue"), "{out}");
}
