//! Shared harness for the integration tests: a temp dir per test, the binary, and readable
//! graph lookups.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh directory under the target dir, removed and recreated for each test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The seeds folder of the repository.
pub fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// Runs the `newsgraph` binary.
pub fn newsgraph(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsgraph")).args(args).output().expect("run newsgraph")
}

/// Runs `build` and returns the parsed graph.json.
pub fn build(inputs: &[&str], out: &Path, extra: &[&str]) -> (Output, Value) {
    let mut args = vec!["build"];
    args.extend_from_slice(inputs);
    args.extend_from_slice(&["--out", out.to_str().unwrap()]);
    args.extend_from_slice(extra);
    let o = newsgraph(&args);
    assert!(o.status.success(), "build failed: {}", String::from_utf8_lossy(&o.stderr));
    let g = serde_json::from_slice(&std::fs::read(out.join("graph.json")).unwrap()).unwrap();
    (o, g)
}

/// The node with this label or alias (case-insensitive).
pub fn node<'a>(g: &'a Value, name: &str) -> Option<&'a Value> {
    let want = name.to_lowercase();
    g["nodes"].as_array().unwrap().iter().find(|n| {
        n["label"].as_str().unwrap().to_lowercase() == want
            || n["aliases"].as_array().is_some_and(|a| a.iter().any(|x| x.as_str().unwrap().to_lowercase() == want))
    })
}

/// Edges from `source` (name) with this relation, as target labels.
pub fn targets(g: &Value, source: &str, relation: &str) -> Vec<String> {
    let Some(s) = node(g, source) else { return vec![] };
    let id = s["id"].as_str().unwrap();
    g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["source"] == id && e["relation"] == relation)
        .map(|e| {
            let t = e["target"].as_str().unwrap();
            g["nodes"].as_array().unwrap().iter().find(|n| n["id"] == t).unwrap()["label"].as_str().unwrap().to_string()
        })
        .collect()
}

/// Statement texts said by `speaker`.
pub fn said_by(g: &Value, speaker: &str) -> Vec<String> {
    let Some(s) = node(g, speaker) else { return vec![] };
    let id = s["id"].as_str().unwrap();
    g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["source"] == id && e["kind"] == "quote")
        .map(|e| {
            let t = e["target"].as_str().unwrap();
            g["nodes"].as_array().unwrap().iter().find(|n| n["id"] == t).unwrap()["text"].as_str().unwrap().to_string()
        })
        .collect()
}
