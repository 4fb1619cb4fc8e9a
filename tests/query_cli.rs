//! The `query` command line: JSON shape, table width, pictures, exit codes.

mod query_common;

use clap::Parser;
use query_common::{fixture, write_graph};
use newsgraph::query::cli::{QueryArgs, run};
use newsgraph::query::{self, QueryError};

// ---------------------------------------------------------------- CLI, JSON, tables

fn cli(args: &[&str]) -> (Result<Vec<String>, QueryError>, String) {
    let parsed = QueryArgs::try_parse_from(std::iter::once("query").chain(args.iter().copied())).unwrap();
    let mut out = Vec::new();
    let r = run(&parsed, &mut out);
    (r, String::from_utf8(out).unwrap())
}

#[test]
fn load_accepts_a_file_or_a_directory_and_reports_bad_ones() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_graph(dir.path());
    assert_eq!(query::load(&file).unwrap().node_count(), fixture().node_count());
    assert_eq!(query::load(dir.path()).unwrap().edge_count(), fixture().edge_count());
    let err = query::load(dir.path().join("missing.json")).unwrap_err();
    assert!(matches!(err, QueryError::Read { .. }) && err.exit_code() == 1, "{err:?}");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"nodes\": [").unwrap();
    let err = query::load(&bad).unwrap_err();
    assert!(matches!(err, QueryError::Parse { .. }) && err.to_string().contains("bad.json"), "{err}");
}

#[test]
fn json_output_has_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let g = write_graph(dir.path());
    let g = g.to_str().unwrap();
    let parse = |args: &[&str]| -> serde_json::Value {
        let (r, out) = cli(args);
        r.unwrap();
        serde_json::from_str(&out).unwrap()
    };
    let v = parse(&["--graph", g, "--json", "who-said", "--speaker", "lavrov"]);
    assert_eq!(v["format"], "newsgraph-query/1");
    assert_eq!(v["command"], "who-said");
    assert_eq!(v["speaker"]["id"], "sergey-lavrov");
    assert_eq!(v["speaker"]["type"], "Person");
    assert_eq!(v["count"], 2);
    let s = &v["statements"][0];
    for key in ["id", "text", "cue", "direct", "doc", "start", "end", "source_text", "date", "speakers", "mentions"] {
        assert!(s.get(key).is_some(), "statement field {key} missing: {s}");
    }
    assert_eq!(s["speakers"][0]["label"], "Sergey Lavrov");

    // --json also works after the subcommand.
    let v = parse(&["--graph", g, "path", "kulik", "russia", "--json"]);
    assert_eq!(v["command"], "path");
    assert_eq!(v["from"]["id"], "andrey-kulik");
    assert_eq!(v["options"]["max_hops"], 4);
    assert_eq!(v["truncated"], false);
    let hop = &v["paths"][0]["hops"][2];
    assert_eq!(hop["direction"], "backward");
    assert_eq!(hop["kind"], "action");
    assert_eq!(hop["evidence"]["doc"], "000_lavrov.txt");
    assert!(v["paths"][0]["chain"].as_str().unwrap().starts_with("Andrey Kulik –said→"));

    let v = parse(&["--graph", g, "--json", "neighbors", "russia"]);
    assert_eq!(v["center"]["id"], "russia");
    assert_eq!(v["total"], 2);
    assert_eq!(v["rows"][1]["via"]["id"], "russia");
    assert_eq!(v["rows"][1]["node"]["id"], "roadmap");

    let v = parse(&["--graph", g, "--json", "stats", "--top", "3"]);
    assert_eq!(v["top_mentions"].as_array().unwrap().len(), 3);
    assert_eq!(v["by_kind"][0]["name"], "role");
    assert_eq!(v["documents"][2]["date"], "--07-15");

    // Errors are JSON too, with the candidates.
    let (r, out) = cli(&["--graph", g, "--json", "neighbors", "kim"]);
    assert_eq!(r.unwrap_err().exit_code(), 2);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["error"]["code"], "ambiguous-name");
    assert_eq!(v["error"]["exit_code"], 2);
    assert_eq!(v["error"]["candidates"][1]["id"], "kim-yo-jong");
}

#[test]
fn tables_fit_the_width() {
    let dir = tempfile::tempdir().unwrap();
    let g = write_graph(dir.path());
    let g = g.to_str().unwrap();
    for width in ["40", "60", "100"] {
        let w: usize = width.parse().unwrap();
        for cmd in [&["who-said"][..], &["neighbors", "lavrov", "--hops", "2"], &["path", "kulik", "russia"], &["stats"]] {
            let mut args = vec!["--graph", g, "--width", width];
            args.extend_from_slice(cmd);
            let (r, out) = cli(&args);
            r.unwrap();
            let mut in_table = false;
            for line in out.lines() {
                // Headings and path chains are prose; table lines follow a ─ rule.
                if line.starts_with('─') {
                    in_table = true;
                }
                if line.is_empty() {
                    in_table = false;
                }
                // Path hops and their evidence lines are cut to the width too.
                let hop_line = line.starts_with("    ")
                    || line.trim_start().split_once(". ").is_some_and(|(n, _)| n.parse::<usize>().is_ok());
                if in_table || hop_line {
                    assert!(line.chars().count() <= w, "{cmd:?} at {w}: {line:?}");
                }
            }
        }
    }
    // Quotes are wrapped, never cut; the document is listed whole under the table.
    let (_, out) = cli(&["--graph", g, "--width", "60", "who-said", "--speaker", "kulik"]);
    assert!(!out.contains('…'), "the statement is wrapped, not cut: {out}");
    let words: Vec<&str> = out.split_whitespace().collect();
    let quote: Vec<&str> = query_common::S2.split(' ').collect();
    let mut rest = words.iter().map(|w| w.trim_matches(['“', '”']));
    assert!(quote.iter().all(|q| rest.any(|w| w == *q)), "every word of the quote, in order: {out}");
    assert!(out.starts_with("1 statement by Andrey Kulik (andrey-kulik)"), "{out}");
    assert!(out.contains("\n[1] 001_kulik.txt\n"), "{out}");
}

#[test]
fn dot_and_svg_pictures() {
    let dir = tempfile::tempdir().unwrap();
    let g = write_graph(dir.path());
    let dot = dir.path().join("a.dot");
    let (r, _) = cli(&["--graph", g.to_str().unwrap(), "--dot", dot.to_str().unwrap(), "path", "kulik", "russia"]);
    r.unwrap();
    let text = std::fs::read_to_string(&dot).unwrap();
    assert!(text.starts_with("digraph newsgraph {"), "{text}");
    assert!(text.contains("\"russia\" -> \"roadmap\" [label=\"proposes\"]"), "edges keep their real direction: {text}");
    assert!(text.contains("\"andrey-kulik\" -> \"s2\" [label=\"said\""), "{text}");
    let svg = dir.path().join("a.svg");
    let (r, _) = cli(&["--graph", g.to_str().unwrap(), "--svg", svg.to_str().unwrap(), "who-said"]);
    let has_dot = std::process::Command::new("dot").arg("-V").output().is_ok();
    if has_dot {
        r.unwrap();
        assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));
    } else {
        let err = r.unwrap_err();
        assert!(matches!(err, QueryError::Graphviz(_)) && err.to_string().contains("not on PATH"), "{err}");
    }
}

#[test]
fn binary_exit_codes_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    let g = write_graph(dir.path());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["query", "--graph", g.to_str().unwrap(), "who-said", "--speaker", "kim"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ambiguous") && err.contains("kim-yo-jong") && err.contains("kim-jong-un"), "{err}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["query", "--graph", g.to_str().unwrap(), "path", "lavrov", "putin"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no node is named \"putin\""));
    // Without Graphviz on PATH, --svg is a clear error (exit 1), after the answer was printed.
    let svg = dir.path().join("x.svg");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["query", "--graph", g.to_str().unwrap(), "--svg", svg.to_str().unwrap(), "stats"])
        .env("PATH", "")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`dot` program (Graphviz) is not on PATH"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("nodes"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["query", "--graph", "/nonexistent/graph.json", "stats"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}
