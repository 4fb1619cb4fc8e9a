//! Document records (`extract --records`, what the Spark job in `dist/spark` streams to each
//! executor's `newsgraph extract`): a document sent as a record must give the same facts, the
//! same warnings and the same output set as reading its file or JSON line locally; and a facts
//! shard merged twice (a retried task's output seen twice) must change nothing.

use base64::Engine;
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_newsgraph");

/// Runs the binary in `dir` with `stdin` as standard input.
fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .args(["--color", "never"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run newsgraph");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

/// Runs the binary; panics with its stderr when it fails.
fn ok(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let out = run_in(dir, args, stdin);
    assert!(out.status.success(), "newsgraph {args:?} failed ({}):\n{}", out.status, String::from_utf8_lossy(&out.stderr));
    out
}

/// The warning lines of a run (its summary line left out).
fn warnings(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr).lines().filter(|l| l.contains("warning:")).map(str::to_string).collect()
}

fn file_record(id: &str, source: &str, bytes: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
    format!("{}\n", serde_json::json!({"id": id, "source": source, "base64": b64}))
}

fn line_record(source: &str, line: &str) -> String {
    format!("{}\n", serde_json::json!({"source": source, "line": line}))
}

/// The files of a corpus with every kind of decoding case, as (relative path, bytes).
fn awkward_files() -> Vec<(String, Vec<u8>)> {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    let said = "Russian Foreign Minister Sergey Lavrov said on Monday that Moscow would support the plan.\n";
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(said.as_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    for u in said.encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let mut bad_utf8 = said.as_bytes().to_vec();
    bad_utf8.insert(10, 0xFF);
    files.extend([
        ("sub/bom.txt".to_string(), bom),
        ("sub/utf16.txt".to_string(), utf16),
        ("sub/deeper/bad-utf8 name.txt".to_string(), bad_utf8),
        ("sub/binary.txt".to_string(), b"GIF89a\0\0\x01".to_vec()),
        ("sub/empty.txt".to_string(), b"  \n".to_vec()),
        ("sub/crlf_2016-09-14.txt".to_string(), said.replace('\n', "\r\n").into_bytes()),
    ]);
    // In the order a local run walks a directory: by path, component by component.
    files.sort_by(|a, b| Path::new(&a.0).cmp(Path::new(&b.0)));
    files
}

/// Equal texts, or a panic that shows the first differing line (not the whole text).
fn assert_same_text(want: &[u8], got: &[u8]) {
    let (a, b) = (String::from_utf8_lossy(want), String::from_utf8_lossy(got));
    if a != b {
        let n = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(a.lines().count().min(b.lines().count()));
        let cut = |s: Option<&str>| s.map(|s| s.chars().take(300).collect::<String>());
        panic!("outputs differ at line {}:\n  want: {:?}\n  got:  {:?}", n + 1, cut(a.lines().nth(n)), cut(b.lines().nth(n)));
    }
}

#[test]
fn records_of_files_give_the_facts_and_warnings_of_reading_the_files() {
    let t = tempfile::tempdir().unwrap();
    let mut records = String::new();
    for (rel, bytes) in awkward_files() {
        let path = t.path().join("news").join(&rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &bytes).unwrap();
        records.push_str(&file_record(&rel, &format!("news/{rel}"), &bytes));
    }
    // `build` walks directories in sorted order; the records come in the same order here.
    let local = ok(t.path(), &["extract", "news"], b"");
    let remote = ok(t.path(), &["extract", "--records", "-"], records.as_bytes());
    assert_same_text(&local.stdout, &remote.stdout);
    let w = warnings(&local);
    assert_eq!(w, warnings(&remote));
    assert!(w.iter().any(|l| l.contains("news/sub/binary.txt: binary file")), "{w:?}");
    assert!(w.iter().any(|l| l.contains("news/sub/empty.txt: empty file")), "{w:?}");
    assert!(w.iter().any(|l| l.contains("news/sub/deeper/bad-utf8 name.txt: invalid UTF-8 at byte 10")), "{w:?}");
}

#[test]
fn records_of_json_lines_read_like_the_lines_of_the_file() {
    let t = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id": "a", "text": "Russian Foreign Minister Sergey Lavrov said the talks were useful.", "date": "2016-09-14", "source": "TASS"}"#,
        "",
        r#"{"id": 17, "text": "German Chancellor Angela Merkel met French President Emmanuel Macron in Berlin.", "title": "Talks"}"#,
        r#"{"id": "bad", "text": "#,
        r#"{"id": "empty", "text": "  "}"#,
        r#"{"id": "bad-date", "text": "Lavrov said the meeting went well.", "date": "2016-02-30"}"#,
        "{\"id\": \"crlf\", \"text\": \"Lavrov said so.\"}\r",
    ];
    std::fs::write(t.path().join("dump.jsonl"), lines.join("\n")).unwrap();
    // A record's line is the file's line with its line end, as the Spark job sends it (the
    // last line of this file has none).
    let records: String = lines
        .iter()
        .enumerate()
        .map(|(i, l)| line_record(&format!("dump.jsonl:{}", i + 1), &(l.to_string() + if i + 1 < lines.len() { "\n" } else { "" })))
        .collect();
    let local = ok(t.path(), &["extract", "--jsonl", "dump.jsonl"], b"");
    let remote = ok(t.path(), &["extract", "--records", "-"], records.as_bytes());
    assert_same_text(&local.stdout, &remote.stdout);
    let w = warnings(&local);
    assert_eq!(w, warnings(&remote));
    assert_eq!(w.len(), 4, "{w:?}");
    assert!(String::from_utf8_lossy(&local.stdout).contains(r#""source":"dump.jsonl:7""#));
}

#[test]
fn bad_records_are_warnings_and_the_other_documents_are_read() {
    let t = tempfile::tempdir().unwrap();
    let good = file_record("ok.txt", "in/ok.txt", b"Russian Foreign Minister Sergey Lavrov said the talks were useful.\n");
    let stream = [
        "not json\n".to_string(),
        r#"{"source": "in/x.txt", "base64": "AAAA"}"#.to_string() + "\n",
        r#"{"id": "y.txt", "source": "in/y.txt", "base64": "%%%"}"#.to_string() + "\n",
        r#"{"source": "d.jsonl:3", "line": "{\"id\": 1}"}"#.to_string() + "\n",
        r#"{"id": "z.txt", "source": "in/z.txt", "base64": "", "colour": 1}"#.to_string() + "\n",
        good,
    ]
    .concat();
    std::fs::write(t.path().join("recs.jsonl"), &stream).unwrap();
    let out = ok(t.path(), &["extract", "--records", "recs.jsonl"], b"");
    let w = warnings(&out);
    assert_eq!(w.len(), 5, "{w:?}");
    assert!(w[0].contains("recs.jsonl:1: bad document record"), "{w:?}");
    assert!(w[1].contains("in/x.txt: bad document record (recs.jsonl:2)"), "{w:?}");
    assert!(w[2].contains("in/y.txt: bad document record (recs.jsonl:3): base64"), "{w:?}");
    assert!(w[3].contains("d.jsonl:3: the \"id\" must be a string"), "{w:?}");
    assert!(w[4].contains("recs.jsonl:5: bad document record: unknown field `colour`"), "{w:?}");
    let facts = String::from_utf8_lossy(&out.stdout);
    assert_eq!(facts.lines().filter(|l| l.starts_with(r#"{"document""#)).count(), 1);
    assert!(facts.contains(r#""id":"ok.txt","source":"in/ok.txt""#));
    // Standard input is read once.
    let twice = run_in(t.path(), &["extract", "-", "--records", "-"], b"");
    assert_eq!(twice.status.code(), Some(2));
}

#[test]
fn a_build_from_records_is_byte_identical_to_a_build_from_the_files() {
    let t = tempfile::tempdir().unwrap();
    let mut records = String::new();
    for (rel, bytes) in awkward_files() {
        let path = t.path().join("news").join(&rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &bytes).unwrap();
        records.push_str(&file_record(&rel, &format!("news/{rel}"), &bytes));
    }
    ok(t.path(), &["build", "news", "--out", "local", "--format", "json"], b"");
    ok(t.path(), &["build", "--records", "-", "--out", "remote", "--format", "json"], records.as_bytes());
    for f in ["graph.json", "graph.db"] {
        assert!(std::fs::read(t.path().join("local").join(f)).unwrap() == std::fs::read(t.path().join("remote").join(f)).unwrap(), "{f} differs");
    }
}

/// Facts lines as one complete facts file: the lines and their trailer.
fn facts_file(lines: &[&str]) -> Vec<u8> {
    use newsgraph::pipeline::trailer::{line_hash, Tally};
    let mut tally = Tally::default();
    let mut out = Vec::new();
    for l in lines {
        tally.add(line_hash(l.as_bytes()));
        out.extend_from_slice(l.as_bytes());
        out.push(b'\n');
    }
    out.extend(tally.trailer_line());
    out
}

/// The logical content of a store (rowids aside), see `Store::logical_dump`.
fn dump(dir: &Path) -> String {
    newsgraph::store::Store::open(&dir.join("graph.db"), false).unwrap().logical_dump().unwrap()
}

#[test]
fn a_facts_shard_merged_twice_changes_nothing() {
    // A retried or speculative Spark task whose output is seen twice: facts are keyed by the
    // document id, and a document replaced by identical facts leaves the graph as it was.
    let t = tempfile::tempdir().unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let facts = ok(t.path(), &["extract", seeds.to_str().unwrap(), "-q"], b"").stdout;
    let text = String::from_utf8(facts).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with(r#"{"trailer""#)).collect();
    std::fs::write(t.path().join("part-00000"), facts_file(&lines[..2])).unwrap();
    std::fs::write(t.path().join("part-00001"), facts_file(&lines[2..])).unwrap();
    std::fs::write(t.path().join("part-00001.copy"), facts_file(&lines[2..])).unwrap();
    ok(t.path(), &["merge", "part-00000", "part-00001", "--out", "once", "--format", "json"], b"");
    let twice = ok(t.path(), &["merge", "part-00000", "part-00001", "part-00001.copy", "--out", "twice", "--format", "json"], b"");
    assert!(String::from_utf8_lossy(&twice.stderr).contains("replaces the earlier version"));
    assert_eq!(std::fs::read_to_string(t.path().join("once/graph.json")).unwrap(), std::fs::read_to_string(t.path().join("twice/graph.json")).unwrap());
    assert_eq!(dump(&t.path().join("once")), dump(&t.path().join("twice")));
    // And into an existing set: the same.
    ok(t.path(), &["merge", "part-00001.copy", "--into", "once", "--format", "json"], b"");
    assert_eq!(std::fs::read_to_string(t.path().join("once/graph.json")).unwrap(), std::fs::read_to_string(t.path().join("twice/graph.json")).unwrap());
    assert_eq!(dump(&t.path().join("once")), dump(&t.path().join("twice")));
}

#[test]
fn records_give_the_ids_of_a_local_run_with_collisions_and_parts() {
    // Two roots with the same relative path, a file given twice, and a file read in parts: a
    // local run renames the later documents; the same files as records, in the same order, get
    // the same names, parts and warnings.
    let t = tempfile::tempdir().unwrap();
    let said = "Russian Foreign Minister Sergey Lavrov said on Monday that Moscow would support the plan.\n\n";
    let files = [("a/index.txt", said.to_string()), ("b/index.txt", said.replace("Monday", "Tuesday")), ("b/long.txt", said.repeat(12))];
    for (rel, text) in &files {
        std::fs::create_dir_all(t.path().join(rel).parent().unwrap()).unwrap();
        std::fs::write(t.path().join(rel), text).unwrap();
    }
    // JSON lines: an id of a file, and one id twice, on articles read in parts.
    let lines = [
        serde_json::json!({"id": "index.txt", "text": said.replace("Monday", "Friday")}).to_string(),
        serde_json::json!({"id": "x", "text": said.repeat(6)}).to_string(),
        serde_json::json!({"id": "x", "text": said.replace("Monday", "Sunday").repeat(6)}).to_string(),
    ];
    std::fs::write(t.path().join("d.jsonl"), lines.join("\n") + "\n").unwrap();
    let records = [
        file_record("index.txt", "a/index.txt", files[0].1.as_bytes()),
        file_record("index.txt", "b/index.txt", files[1].1.as_bytes()),
        file_record("long.txt", "b/long.txt", files[2].1.as_bytes()),
        file_record("long.txt", "b/long.txt", files[2].1.as_bytes()),
        line_record("d.jsonl:1", &(lines[0].clone() + "\n")),
        line_record("d.jsonl:2", &(lines[1].clone() + "\n")),
        line_record("d.jsonl:3", &(lines[2].clone() + "\n")),
    ]
    .concat();
    let args = ["--max-doc-bytes", "400"];
    let local = ok(t.path(), &["extract", "a", "b", "b/long.txt", "--jsonl", "d.jsonl", args[0], args[1]], b"");
    let remote = ok(t.path(), &["extract", "--records", "-", args[0], args[1]], records.as_bytes());
    assert_same_text(&local.stdout, &remote.stdout);
    let w = warnings(&local);
    assert_eq!(w, warnings(&remote));
    assert!(w.iter().any(|l| l.contains(r#"document id "index.txt" is already taken by a/index.txt: this document is read as "b/index.txt""#)), "{w:?}");
    let facts = String::from_utf8_lossy(&local.stdout);
    // The second long.txt falls back on its path, and its parts follow.
    assert!(facts.contains(r#""id":"b/long.txt#p2","source":"b/long.txt""#), "{facts}");
    assert!(facts.contains(r#""id":"index.txt#2","source":"d.jsonl:1""#), "{facts}");
    assert!(facts.contains(r#""id":"x#2#p2","source":"d.jsonl:3""#), "{facts}");
}

#[test]
fn list_documents_gives_the_ids_as_read_and_extract_of_nothing_exits_3() {
    let t = tempfile::tempdir().unwrap();
    let said = "Russian Foreign Minister Sergey Lavrov said on Monday that Moscow would support the plan.\n\n";
    let article = serde_json::json!({"id": "x", "text": said.repeat(8)}).to_string();
    let records = [
        file_record("a.txt", "in/a.txt", said.as_bytes()),
        file_record("bin.txt", "in/bin.txt", b"GIF89a\0\0"),
        line_record("d.jsonl:1", &article),
        line_record("d.jsonl:2", &article),
    ]
    .concat();
    let out = ok(t.path(), &["extract", "--records", "-", "--list-documents", "--max-doc-bytes", "400"], records.as_bytes());
    let listed: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(listed[0], serde_json::json!({"record": 1, "id": "a.txt"}));
    assert_eq!(listed[1], serde_json::json!({"record": 3, "id": "x", "part_of": "x"}));
    assert_eq!(listed[2], serde_json::json!({"record": 3, "id": "x#p2", "part_of": "x"}));
    // Ids as read: the second article is not renamed here.
    assert!(listed.iter().any(|l| l["record"] == 4 && l["id"] == "x"), "{listed:?}");
    assert!(warnings(&out).iter().any(|w| w.contains("in/bin.txt: binary file")));
    // Only bad documents: exit code 3, and standard output is a complete facts file.
    let none = run_in(t.path(), &["extract", "--records", "-"], file_record("bin.txt", "in/bin.txt", b"GIF89a\0\0").as_bytes());
    assert_eq!(none.status.code(), Some(3), "{}", String::from_utf8_lossy(&none.stderr));
    assert!(String::from_utf8_lossy(&none.stdout).starts_with(r#"{"trailer":{"format":"newsgraph-facts/1","documents":0"#));
    assert_eq!(run_in(t.path(), &["extract", "a.txt", "--records", "-", "--list-documents"], b"").status.code(), Some(2));
}
