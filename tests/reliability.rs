//! Issue 15, through the binary: no silent data loss, no hangs, detectable truncation.
//!
//! Each test is a probe of the issue that failed before the fix: document-id collisions,
//! truncated facts files (also after `kill -9`), temporary files of killed runs, FIFOs and
//! devices, non-UTF-8 file names, bad JSON-lines fields, counts that overflow, CSV formula
//! injection, documents over the size cap, and `dot` under a time and size limit.

mod util;

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use util::{said_by, temp_dir};

const BIN: &str = env!("CARGO_BIN_EXE_newsgraph");

/// Runs the binary in `dir`; a run that is not done after `secs` seconds is a hang: killed, and
/// the test fails.
fn run_within(dir: &Path, args: &[&str], secs: u64, stdin: Stdio, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir).args(args).stdin(stdin).stdout(Stdio::piped()).stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run newsgraph");
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("newsgraph {args:?} hung: still running after {secs} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn run(dir: &Path, args: &[&str]) -> Output {
    run_within(dir, args, 300, Stdio::null(), &[])
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let o = run(dir, args);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{args:?} failed: {err}");
    err
}

fn graph(dir: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("graph.json")).unwrap()).unwrap()
}

fn doc_ids(g: &Value) -> Vec<String> {
    let mut ids: Vec<String> = g["graph"]["documents"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap().to_string()).collect();
    ids.sort();
    ids
}

const LAVROV: &str = "Sergey Lavrov said: \u{201c}We will win the vote.\u{201d}\n";
const MERKEL: &str = "Angela Merkel said: \u{201c}We will lose the vote.\u{201d}\n";

// ---- document identity ----

#[test]
fn the_same_file_name_under_two_roots_is_two_documents_with_a_warning() {
    let d = temp_dir("rel-two-roots");
    for (dir, text) in [("a", LAVROV), ("b", MERKEL)] {
        std::fs::create_dir_all(d.join(dir).join("sub")).unwrap();
        std::fs::write(d.join(dir).join("index.txt"), text).unwrap();
    }
    std::fs::write(d.join("a/sub/index.txt"), "Taro Kono visited Seoul on Monday.\n").unwrap();
    let err = ok(&d, &["build", "a", "b", "--out", "out", "--format", "json"]);
    let g = graph(&d.join("out"));
    assert_eq!(doc_ids(&g), ["b/index.txt", "index.txt", "sub/index.txt"], "paths relative to the root; a taken id gets the path");
    assert!(err.contains("b/index.txt: document id \"index.txt\" is already taken by a/index.txt"), "{err}");
    assert_eq!(said_by(&g, "Sergey Lavrov"), ["We will win the vote"]);
    assert_eq!(said_by(&g, "Angela Merkel"), ["We will lose the vote"]);
}

#[test]
fn ids_that_slug_alike_never_share_a_statement() {
    // Same offsets, ids that differ only in case or punctuation: before, one statement node
    // was credited to both speakers.
    for (x, y) in [("Report.txt", "report.txt"), ("report-1.txt", "report_1.txt")] {
        let d = temp_dir(&format!("rel-slug-{}", x.len()));
        std::fs::create_dir_all(d.join("in")).unwrap();
        std::fs::write(d.join("in").join(x), LAVROV).unwrap();
        std::fs::write(d.join("in").join(y), MERKEL).unwrap();
        ok(&d, &["build", "in", "--out", "out", "--format", "json", "-q"]);
        let g = graph(&d.join("out"));
        assert_eq!(said_by(&g, "Sergey Lavrov"), ["We will win the vote"], "{x} / {y}");
        assert_eq!(said_by(&g, "Angela Merkel"), ["We will lose the vote"], "{x} / {y}");
        let statements = g["nodes"].as_array().unwrap().iter().filter(|n| n["type"] == "Statement").count();
        assert_eq!(statements, 2);
    }
}

#[test]
fn a_repeated_json_lines_id_is_renamed_with_a_warning_naming_both_lines() {
    let d = temp_dir("rel-jsonl-dup");
    let line = |id: &str, text: &str, source: &str| serde_json::json!({"id": id, "text": text, "source": source}).to_string();
    std::fs::write(d.join("dump.jsonl"), format!("{}\n{}\n", line("x", LAVROV, "A"), line("x", MERKEL, "B"))).unwrap();
    let err = ok(&d, &["build", "--jsonl", "dump.jsonl", "--out", "out", "--format", "json"]);
    let g = graph(&d.join("out"));
    assert_eq!(doc_ids(&g), ["x", "x#2"]);
    assert!(err.contains("dump.jsonl:2: document id \"x\" is already taken by dump.jsonl:1"), "{err}");
    let agencies: Vec<&str> = g["graph"]["documents"].as_array().unwrap().iter().map(|d| d["agency"].as_str().unwrap()).collect();
    assert_eq!(agencies, ["A", "B"], "the second article's metadata is kept");
}

// ---- facts files ----

fn corpus(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let people = ["Sergey Lavrov", "Taro Kono", "Angela Merkel", "Wang Yi"];
    for i in 0..n {
        let (p, q) = (people[i % 4], people[(i + 1) % 4]);
        std::fs::write(dir.join(format!("{i:04}.txt")), format!("Talks number {i}\n\nRussian Foreign Minister {p} arrived in Japan on Monday.\n\n{p} met {q} in Tokyo.\n\n\u{201c}The talks were useful,\u{201d} {p} said.\n")).unwrap();
    }
}

#[test]
fn a_truncated_facts_file_is_rejected_naming_it() {
    let d = temp_dir("rel-trailer");
    corpus(&d.join("docs"), 6);
    let facts = run(&d, &["extract", "docs", "-q"]).stdout;
    let text = String::from_utf8(facts).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 7, "six documents and the trailer");
    assert!(lines[6].starts_with("{\"trailer\":"), "{}", lines[6]);
    // A file cut on a line boundary (what a killed `extract > f` leaves).
    std::fs::write(d.join("cut.jsonl"), format!("{}\n{}\n", lines[0], lines[1])).unwrap();
    let o = run(&d, &["merge", "cut.jsonl", "--out", "out"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("cut.jsonl: truncated: 2 document line(s)"), "{err}");
    assert!(!d.join("out").exists(), "nothing was written");
    // A damaged line: the checksum says so.
    std::fs::write(d.join("bad.jsonl"), text.replacen("Tokyo", "Tokio", 1)).unwrap();
    let o = run(&d, &["merge", "bad.jsonl", "--out", "out"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad.jsonl:7: the checksum"), "{}", String::from_utf8_lossy(&o.stderr));
    // Whole files merge; so do files concatenated, and one `extract` to stdout per shard (the
    // Spark job): each file and each part is checked on its own.
    ok(&d, &["build", "docs", "--out", "all", "-q", "--format", "json"]);
    std::fs::write(d.join("whole.jsonl"), &text).unwrap();
    let shards: Vec<String> = (0..3)
        .map(|k| {
            let files: Vec<String> = (0..6).filter(|i| i % 3 == k).map(|i| format!("docs/{i:04}.txt")).collect();
            let mut args = vec!["extract", "-q"];
            args.extend(files.iter().map(String::as_str));
            let out = run(&d, &args).stdout;
            let name = format!("part-{k}.jsonl");
            std::fs::write(d.join(&name), out).unwrap();
            name
        })
        .collect();
    let cat: Vec<u8> = shards.iter().flat_map(|s| std::fs::read(d.join(s)).unwrap()).collect();
    std::fs::write(d.join("cat.jsonl"), cat).unwrap();
    let want = std::fs::read_to_string(d.join("all/graph.json")).unwrap();
    for (k, files) in [vec!["whole.jsonl"], shards.iter().map(String::as_str).collect(), vec!["cat.jsonl"]].into_iter().enumerate() {
        let out = format!("m{k}");
        let mut args = vec!["merge", "--out", &out, "-q", "--format", "json"];
        args.extend(files);
        ok(&d, &args);
        assert_eq!(std::fs::read_to_string(d.join(&out).join("graph.json")).unwrap(), want, "merge {k}");
    }
}

#[cfg(unix)]
#[test]
fn kill_9_during_extract_is_caught_by_merge_and_its_temporary_file_removed_by_the_next_run() {
    let d = temp_dir("rel-kill-extract");
    corpus(&d.join("docs"), 3000);
    // To standard output: the file ends on a line boundary; only the trailer tells.
    let mut caught = false;
    for ms in [300u64, 1000, 3000] {
        let f = std::fs::File::create(d.join("facts.jsonl")).unwrap();
        let mut child = Command::new(BIN).current_dir(&d).args(["extract", "docs", "-q", "-j", "1"]).stdout(f).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let text = std::fs::read_to_string(d.join("facts.jsonl")).unwrap();
        let complete = text.lines().last().is_some_and(|l| l.starts_with("{\"trailer\":"));
        let o = run(&d, &["merge", "facts.jsonl", "--out", "out", "--format", "json"]);
        if complete {
            assert!(o.status.success());
            continue;
        }
        assert_eq!(o.status.code(), Some(1), "a killed extract's output was merged: {}", String::from_utf8_lossy(&o.stderr));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("facts.jsonl") && (err.contains("truncated") || err.contains("no trailer")), "{err}");
        caught = true;
        break;
    }
    assert!(caught, "extract always finished before the kill: make the corpus larger");
    // To a file (--out): the temporary file a kill leaves is removed by the next run.
    let mut child = Command::new(BIN).current_dir(&d).args(["extract", "docs", "-q", "-j", "1", "--out", "f.jsonl"]).spawn().unwrap();
    let tmp_left = || std::fs::read_dir(&d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| n.starts_with(".f.jsonl.newsgraph-tmp-")).count();
    let start = Instant::now();
    while tmp_left() == 0 && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(tmp_left(), 1, "the killed run left its temporary file");
    assert!(!d.join("f.jsonl").exists());
    let err = ok(&d, &["extract", "docs/0001.txt", "--out", "f.jsonl"]);
    assert!(err.contains("newsgraph-tmp-") && err.contains("left by an interrupted run"), "{err}");
    assert_eq!(tmp_left(), 0);
    assert!(d.join("f.jsonl").is_file());
}

// ---- bounded reads ----

#[cfg(unix)]
#[test]
fn a_fifo_as_an_argument_or_in_a_directory_is_skipped_not_waited_for() {
    let d = temp_dir("rel-fifo");
    corpus(&d.join("docs"), 2);
    for fifo in ["docs/9999.txt", "lone.txt"] {
        assert!(Command::new("mkfifo").arg(d.join(fifo)).status().unwrap().success());
    }
    let o = run_within(&d, &["build", "docs", "lone.txt", "--out", "out", "--format", "json"], 120, Stdio::null(), &[]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("docs/9999.txt: a FIFO (named pipe), not a regular file: skipped"), "{err}");
    assert!(err.contains("lone.txt: a FIFO"), "{err}");
    assert_eq!(doc_ids(&graph(&d.join("out"))).len(), 2);
}

#[cfg(unix)]
#[test]
fn dev_zero_is_never_read_to_the_end() {
    let d = temp_dir("rel-dev-zero");
    for args in [vec!["build", "/dev/zero", "--out", "o1"], vec!["build", "--jsonl", "/dev/zero", "--out", "o2"], vec!["merge", "/dev/zero", "--out", "o3"]] {
        let o = run_within(&d, &args, 120, Stdio::null(), &[]);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(String::from_utf8_lossy(&o.stderr).contains("/dev/zero: a character device, not a regular file"), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    }
    let o = run_within(&d, &["query", "--graph", "/dev/zero", "stats"], 120, Stdio::null(), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a regular file"), "{}", String::from_utf8_lossy(&o.stderr));
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let o = run_within(&d, &["build", "-", "--out", "o4"], 120, Stdio::from(zero), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("-: binary file"), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_document_over_the_size_cap_is_read_in_parts_with_the_offsets_of_the_whole() {
    let d = temp_dir("rel-parts");
    let mut text = String::new();
    for i in 0..300 {
        text.push_str(&format!("Sergey Lavrov met Taro Kono in Tokyo, meeting number {i}.\n\n\u{201c}The talks were useful,\u{201d} Lavrov said.\n\n"));
    }
    std::fs::write(d.join("big.txt"), &text).unwrap();
    let err = ok(&d, &["build", "big.txt", "--max-doc-bytes", "8K", "--out", "out", "--format", "json"]);
    assert!(err.contains("big.txt: larger than --max-doc-bytes (8192 bytes): read in parts"), "{err}");
    let g = graph(&d.join("out"));
    let ids = doc_ids(&g);
    assert!(ids.len() >= 4 && ids.contains(&"big.txt".to_string()) && ids.contains(&"big.txt#p2".to_string()), "{ids:?}");
    for doc in g["graph"]["documents"].as_array().unwrap() {
        assert_eq!(doc["part_of"], "big.txt");
        assert!(doc["bytes"].as_u64().unwrap() <= 8192);
    }
    // Every evidence sentence is where it says in the file, and no statement was lost.
    let mut checked = 0;
    for e in g["edges"].as_array().unwrap() {
        for ev in e["evidence"].as_array().unwrap() {
            let (s, t) = (ev["start"].as_u64().unwrap() as usize, ev["end"].as_u64().unwrap() as usize);
            assert_eq!(&text[s..t], ev["text"].as_str().unwrap());
            checked += 1;
        }
    }
    assert!(checked > 0);
    let statements = g["nodes"].as_array().unwrap().iter().filter(|n| n["type"] == "Statement").count();
    assert_eq!(statements, 300);
}

#[cfg(unix)]
#[test]
fn dot_runs_under_a_timeout_and_only_on_drawings_under_the_size_cap() {
    use std::os::unix::fs::PermissionsExt;
    let d = temp_dir("rel-dot");
    corpus(&d.join("docs"), 4);
    let slow = d.join("slow-dot");
    std::fs::write(&slow, "#!/bin/sh\nexec sleep 60\n").unwrap();
    std::fs::set_permissions(&slow, std::fs::Permissions::from_mode(0o755)).unwrap();
    let start = Instant::now();
    let o = run_within(&d, &["build", "docs", "--out", "out"], 50, Stdio::null(), &[("NEWSGRAPH_DOT", slow.to_str().unwrap()), ("NEWSGRAPH_DOT_TIMEOUT", "1")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(start.elapsed() < Duration::from_secs(45));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("graph.svg not written: graphviz `dot` ran longer than 1 s"), "{err}");
    assert!(d.join("out/graph.dot").is_file() && !d.join("out/graph.svg").exists());
    // Over the size cap, `dot` is not run at all (here it would fail).
    let o = run_within(&d, &["build", "docs", "--out", "out2"], 120, Stdio::null(), &[("NEWSGRAPH_DOT", "false"), ("NEWSGRAPH_DOT_MAX_NODES", "1")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("over the limit for `dot`"), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_failing_dot_leaves_the_old_set_whole() {
    let d = temp_dir("rel-dot-fails");
    corpus(&d.join("old"), 2);
    corpus(&d.join("new"), 5);
    ok(&d, &["build", "old", "--out", "out", "--format", "json", "-q"]);
    let before = std::fs::read_to_string(d.join("out/graph.json")).unwrap();
    let o = run_within(&d, &["build", "new", "--out", "out", "--format", "json,svg"], 120, Stdio::null(), &[("NEWSGRAPH_DOT", "false")]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read_to_string(d.join("out/graph.json")).unwrap(), before, "the old set, whole");
    let names: Vec<String> = std::fs::read_dir(d.join("out")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|n| n.contains("svg") || n.ends_with(".tmp")), "{names:?}");
    let beside: Vec<String> = std::fs::read_dir(&d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| n.contains("newsgraph-new") || n.contains("newsgraph-old")).collect();
    assert!(beside.is_empty(), "the failed run removed its own set: {beside:?}");
}

/// Pipes are read through `-` (a FIFO path is refused): JSON lines into `build`, facts into
/// `merge` (still checked by their trailer).
#[test]
fn pipes_go_through_standard_input() {
    use std::io::Write;
    let d = temp_dir("rel-pipes");
    let pipe_into = |args: &[&str], input: &[u8]| {
        let mut child = Command::new(BIN).current_dir(&d).args(args).stdin(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input).unwrap();
        drop(stdin);
        child.wait_with_output().unwrap()
    };
    let line = serde_json::json!({"id": "p1", "text": format!("Talks\n\n{LAVROV}")}).to_string() + "\n";
    let o = pipe_into(&["build", "--jsonl", "-", "--out", "o1", "--format", "json", "-q"], line.as_bytes());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(doc_ids(&graph(&d.join("o1"))), ["p1"]);
    std::fs::write(d.join("a.txt"), format!("Talks\n\n{LAVROV}")).unwrap();
    let facts = run(&d, &["extract", "a.txt", "-q"]).stdout;
    let o = pipe_into(&["merge", "-", "--out", "o2", "--format", "json", "-q"], &facts);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(said_by(&graph(&d.join("o2")), "Sergey Lavrov"), ["We will win the vote"]);
    let cut = &facts[..facts.len() - 20];
    let o = pipe_into(&["merge", "-", "--out", "o3", "--format", "json"], cut);
    assert_eq!(o.status.code(), Some(1), "a cut stream is refused too");
}

// ---- nothing lost quietly ----

#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8_is_read_with_a_warning() {
    use std::os::unix::ffi::OsStrExt;
    let d = temp_dir("rel-names");
    std::fs::create_dir_all(d.join("in")).unwrap();
    std::fs::write(d.join("in/ok.txt"), LAVROV).unwrap();
    std::fs::write(d.join("in").join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt")), MERKEL).unwrap();
    let err = ok(&d, &["build", "in", "--out", "out", "--format", "json"]);
    assert!(err.contains("the file name is not valid UTF-8: read with the id \"caf\u{FFFD}.txt\""), "{err}");
    assert_eq!(doc_ids(&graph(&d.join("out"))), ["caf\u{FFFD}.txt", "ok.txt"]);
}

#[test]
fn a_bad_metadata_field_costs_the_field_and_a_non_string_id_its_line() {
    let d = temp_dir("rel-jsonl-fields");
    let lines = [
        serde_json::json!({"id": "a1", "text": LAVROV, "source": 12, "title": "Talks"}),
        serde_json::json!({"id": 7, "text": MERKEL}),
        serde_json::json!({"id": null, "text": MERKEL}),
        serde_json::json!({"id": {"x": 1}, "text": MERKEL}),
        serde_json::json!({"id": "a2", "text": MERKEL, "date": 20180101, "title": ["x"]}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(d.join("d.jsonl"), text).unwrap();
    let err = ok(&d, &["build", "--jsonl", "d.jsonl", "--out", "out", "--format", "json"]);
    let g = graph(&d.join("out"));
    assert_eq!(doc_ids(&g), ["a1", "a2"]);
    assert_eq!(g["graph"]["documents"][0]["title"], "Talks");
    for (line, what) in [(1, "the \"source\" field must be a string, found a number: dropped"), (2, "the \"id\" must be a string, found a number: line skipped"), (3, "found null"), (4, "found an object"), (5, "the \"date\" field"), (5, "the \"title\" field")] {
        assert!(err.contains(&format!("d.jsonl:{line}: ")) && err.contains(what), "line {line}: {what}\n{err}");
    }
}

#[test]
fn counts_in_facts_files_saturate() {
    let d = temp_dir("rel-counts");
    std::fs::create_dir_all(d.join("in")).unwrap();
    std::fs::write(d.join("in/a.txt"), "Talks in Tokyo\n\nRussian Foreign Minister Sergey Lavrov visited Japan on Monday.\n\nLavrov met Taro Kono in Tokyo.\n").unwrap();
    let facts = String::from_utf8(run(&d, &["extract", "in", "-q"]).stdout).unwrap();
    let mut f: Value = serde_json::from_str(facts.lines().next().unwrap()).unwrap();
    for e in f["edges"].as_array_mut().unwrap() {
        e["count"] = u64::MAX.into();
    }
    for n in f["nodes"].as_array_mut().unwrap() {
        n["mentions"] = u64::MAX.into();
    }
    // Two documents with the same facts (a facts file written by hand, with its trailer).
    let mut lines = Vec::new();
    for id in ["a.txt", "b.txt"] {
        f["document"]["id"] = id.into();
        f["text_hash"] = Value::Null;
        for e in f["edges"].as_array_mut().unwrap() {
            for ev in e["evidence"].as_array_mut().unwrap() {
                ev["doc"] = id.into();
            }
        }
        lines.push(f.to_string());
    }
    let mut tally = newsgraph::pipeline::trailer::Tally::default();
    for l in &lines {
        tally.add(newsgraph::pipeline::trailer::line_hash(l.as_bytes()));
    }
    let text = format!("{}\n{}\n{}", lines[0], lines[1], String::from_utf8(tally.trailer_line()).unwrap());
    std::fs::write(d.join("big.jsonl"), text).unwrap();
    // (The test binary is built with overflow checks: an overflow would panic.)
    ok(&d, &["merge", "big.jsonl", "--out", "out", "--format", "json,csv"]);
    let g = graph(&d.join("out"));
    let edges = g["edges"].as_array().unwrap();
    assert!(!edges.is_empty());
    for e in edges {
        assert_eq!(e["count"].as_u64(), Some(u64::MAX), "{e}");
    }
    assert_eq!(util::node(&g, "Sergey Lavrov").unwrap()["mentions"].as_u64(), Some(u64::MAX));
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_neutralised() {
    let d = temp_dir("rel-csv");
    let text = "\u{201c}+cmd|calc is fine,\u{201d} Sergey Lavrov said.\n\n\u{201c}@SUM(1+1) is fine,\u{201d} Sergey Lavrov said.\n\n\u{201c}-2 is a fine number,\u{201d} Sergey Lavrov said.\n";
    std::fs::write(d.join("a.txt"), text).unwrap();
    ok(&d, &["build", "a.txt", "--out", "out", "--format", "csv,json", "-q"]);
    let mut cells = 0;
    for f in ["nodes.csv", "relationships.csv"] {
        let mut r = csv::Reader::from_path(d.join("out/neo4j").join(f)).unwrap();
        for row in r.records() {
            for cell in row.unwrap().iter() {
                assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{f}: {cell:?}");
                cells += usize::from(cell.starts_with("'+cmd")) + usize::from(cell.starts_with("'@SUM"));
            }
        }
    }
    assert!(cells >= 2, "the statements are there, quoted");
    // graph.json keeps the text as is.
    assert!(said_by(&graph(&d.join("out")), "Sergey Lavrov").iter().any(|s| s.starts_with("+cmd")));
}
