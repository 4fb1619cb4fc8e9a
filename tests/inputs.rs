//! Every input shape and every kind of bad input: the run completes, warns naming the file,
//! and the good documents give the same graph as alone.

mod util;
use std::io::Write;
use std::process::{Command, Stdio};
use util::*;

fn nodes_and_edges(g: &serde_json::Value) -> (serde_json::Value, serde_json::Value) {
    (g["nodes"].clone(), g["edges"].clone())
}

#[test]
fn bad_files_are_skipped_with_warnings_and_the_rest_is_complete() {
    let dir = temp_dir("bad_inputs");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    for f in std::fs::read_dir(seeds()).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), input.join(f.file_name())).unwrap();
    }
    std::fs::write(input.join("binary.txt"), b"\x7fELF\x02\x01\x01\x00\x00\x00binary").unwrap();
    std::fs::write(input.join("invalid_utf8.txt"), b"The mayor of Oslo said the plan was \xff\xfe fine.\n").unwrap();
    std::fs::write(input.join("empty.txt"), b"").unwrap();
    std::fs::write(input.join("bom_crlf.txt"), b"\xEF\xBB\xBFThe talks ended on Monday, officials said.\r\n\r\nNothing else happened.\r\n").unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "Norway hosted the meeting, the minister said.".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    std::fs::write(input.join("utf16.txt"), utf16).unwrap();

    let (o, mixed) = build(&[input.to_str().unwrap()], &dir.join("out_mixed"), &[]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    for bad in ["binary.txt", "invalid_utf8.txt", "empty.txt", "utf16.txt"] {
        assert!(stderr.contains(bad), "no warning names {bad}: {stderr}");
    }
    assert!(stderr.contains("byte 36"), "the invalid byte's offset is reported: {stderr}");
    let (_, alone) = build(&[seeds().to_str().unwrap()], &dir.join("out_seeds"), &[]);
    // Every node and edge of the seeds alone is in the mixed build, unchanged.
    let ids: Vec<&serde_json::Value> = mixed["nodes"].as_array().unwrap().iter().collect();
    for n in alone["nodes"].as_array().unwrap() {
        assert!(ids.contains(&n), "node {} changed or missing", n["id"]);
    }
    let edges: Vec<&serde_json::Value> = mixed["edges"].as_array().unwrap().iter().collect();
    for e in alone["edges"].as_array().unwrap() {
        assert!(edges.contains(&e), "edge {} -> {} changed or missing", e["source"], e["target"]);
    }
    // The BOM+CRLF and UTF-16 documents were read.
    let docs: Vec<&str> = mixed["graph"]["documents"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert!(docs.contains(&"bom_crlf.txt") && docs.contains(&"utf16.txt") && docs.contains(&"invalid_utf8.txt"));
    assert!(!docs.contains(&"binary.txt") && !docs.contains(&"empty.txt"));
}

#[test]
fn missing_paths_warn_and_nothing_read_fails() {
    let dir = temp_dir("missing_paths");
    let o = newsgraph(&["build", "/no/such/file.txt", "--out", dir.join("out").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/no/such/file.txt"));
    assert!(!dir.join("out").join("graph.json").exists(), "no output when nothing was read");
    // A missing path next to a good one: warning, exit 0.
    let seed = seeds().join("002_0ca40fb2996afb64.txt");
    let o = newsgraph(&["build", "/no/such/file.txt", seed.to_str().unwrap(), "--out", dir.join("out2").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/no/such/file.txt"));
}

#[test]
fn stdin_and_jsonl_give_the_same_graph_as_files() {
    let dir = temp_dir("stdin_jsonl");
    let name = "002_0ca40fb2996afb64.txt";
    let file = seeds().join(name);
    let (_, from_file) = build(&[file.to_str().unwrap()], &dir.join("file"), &[]);

    let out = dir.join("stdin");
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["build", "-", "--stdin-name", name, "--quiet", "--out", out.to_str().unwrap()])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&std::fs::read(&file).unwrap()).unwrap();
    assert!(child.wait().unwrap().success());
    let from_stdin: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("graph.json")).unwrap()).unwrap();
    assert_eq!(nodes_and_edges(&from_file), nodes_and_edges(&from_stdin));

    let jsonl = dir.join("dump.jsonl");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&jsonl, format!("{}\nnot json\n", serde_json::json!({"id": name, "text": text}))).unwrap();
    let o = newsgraph(&["build", "--jsonl", jsonl.to_str().unwrap(), "--out", dir.join("jsonl").to_str().unwrap()]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("dump.jsonl:2"), "the bad line is named");
    let from_jsonl: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("jsonl").join("graph.json")).unwrap()).unwrap();
    assert_eq!(nodes_and_edges(&from_file), nodes_and_edges(&from_jsonl));
}

#[test]
fn a_huge_single_line_file_works() {
    let dir = temp_dir("huge_line");
    let sentence = "Russia and China submitted a draft resolution, the minister said, ";
    let text = sentence.repeat(20_000); // ~1.3 MB on one line; the 100 MB case is in the benchmark
    std::fs::write(dir.join("huge.txt"), text).unwrap();
    let (_, g) = build(&[dir.join("huge.txt").to_str().unwrap()], &dir.join("out"), &[]);
    assert!(node(&g, "Russia").is_some());
}
