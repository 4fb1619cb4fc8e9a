//! End-to-end tests of `build`, `extract` and `merge` through the binary: the output must not
//! depend on the thread count, on sharding, on the order shards are merged in, or on whether
//! the graph was built at once or updated incrementally with `merge --into`.

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_newsgraph");

/// Runs the binary in `dir`; panics with its stderr when it fails.
fn run(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new(BIN).current_dir(dir).args(args).output().expect("run newsgraph");
    assert!(
        out.status.success(),
        "newsgraph {args:?} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn read(p: impl AsRef<Path>) -> String {
    std::fs::read_to_string(p.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", p.as_ref().display()))
}

/// Compares two graph.json files and shows the first differing line.
fn assert_same(want: &Path, got: &Path) {
    let (a, b) = (read(want), read(got));
    if a != b {
        let line = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(0);
        panic!(
            "{} and {} differ at line {}:\n  want: {:?}\n  got:  {:?}",
            want.display(),
            got.display(),
            line + 1,
            a.lines().nth(line),
            b.lines().nth(line)
        );
    }
}

/// A deterministic little corpus: people with titles, quotes, actions, and people who share a
/// surname across documents (so the cross-document identity rules have work to do).
fn corpus(dir: &Path, n: usize) -> Vec<PathBuf> {
    let first = ["Anna", "Sergey", "Maria", "Ivan", "Klaus", "Taro", "Olga", "Pierre", "Laura", "Jun"];
    let last = ["Keller", "Lavrov", "Petrov", "Kono", "Dubois", "Rossi", "Park", "Schmidt", "Novak"];
    let demonyms = ["Russian", "Chinese", "Japanese", "Canadian", "South Korean"];
    let titles = ["Foreign Minister", "Ambassador", "President", "Deputy Foreign Minister"];
    let countries = ["Russia", "China", "Japan", "Canada", "Vietnam"];
    let mut files = Vec::new();
    for i in 0..n {
        let (f, l) = (first[i % first.len()], last[(i * 7 + i / 3) % last.len()]);
        let (f2, l2) = (first[(i * 3 + 1) % first.len()], last[(i * 5 + 2) % last.len()]);
        let d = demonyms[i % demonyms.len()];
        let t = titles[(i / 2) % titles.len()];
        let c = countries[(i * 3) % countries.len()];
        let text = match i % 4 {
            0 => format!(
                "{d} {t} {f} {l} met {f2} {l2} in Tokyo on Monday.\n\n\u{201c}The talks were useful and we will meet again,\u{201d} {l} said.\n\n{l2} said that {c} would support the new roadmap.\n"
            ),
            1 => format!("{t} {l} said the talks with {c} were difficult but constructive.\n\nHe proposed a new plan for regional security.\n"),
            2 => format!(
                "TOKYO, March {}. /TASS/. According to {f} {l}, {c} is ready to cooperate with the {d} side.\n\n\"We need more time,\" {d} {t} {f2} {l2} told reporters.\n",
                1 + i % 28
            ),
            _ => format!("{f} {l}, the {d} ambassador, visited {c} and criticized the sanctions package.\n\r\n{l} added that the visit was a success.\r\n"),
        };
        let p = dir.join(format!("{i:04}.txt"));
        let mut bytes = Vec::new();
        if i % 17 == 5 {
            bytes.extend_from_slice(b"\xEF\xBB\xBF");
        }
        bytes.extend_from_slice(text.as_bytes());
        std::fs::write(&p, bytes).unwrap();
        files.push(p);
    }
    files
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[test]
fn build_is_byte_identical_for_one_and_two_threads() {
    let t = tmp();
    let docs = t.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    corpus(&docs, 600); // more than one batch
    run(t.path(), &["build", "docs", "--out", "one", "--threads", "1", "-q"]);
    run(t.path(), &["build", "docs", "--out", "two", "--threads", "2", "-q"]);
    assert_same(&t.path().join("one/graph.json"), &t.path().join("two/graph.json"));
    let g = read(t.path().join("one/graph.json"));
    assert!(g.matches("\"type\": \"Person\"").count() > 20, "the corpus yields people");
}

#[test]
fn merged_shards_equal_a_build_of_everything_in_any_order() {
    let t = tmp();
    let docs = t.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    // Shards are lists of files of one directory, so document sources are the same paths.
    let mut parts: Vec<Vec<String>> = vec![Vec::new(); 3];
    for (i, f) in corpus(&docs, 90).into_iter().enumerate() {
        parts[i % 3].push(format!("docs/{}", f.file_name().unwrap().to_string_lossy()));
    }
    let shard = |k: usize, extra: &[&str]| {
        let mut args: Vec<&str> = vec!["extract"];
        args.extend(parts[k].iter().map(|s| s.as_str()));
        args.extend(extra);
        run(t.path(), &args)
    };
    run(t.path(), &["build", "docs", "--out", "all", "-q"]);
    // Shard 0 to stdout, the others to files.
    let facts0 = shard(0, &["-q"]);
    std::fs::write(t.path().join("f0.jsonl"), &facts0).unwrap();
    assert_eq!(facts0.iter().filter(|&&b| b == b'\n').count(), 31, "one line per document, and the trailer");
    shard(1, &["--out", "f1.jsonl", "-q", "--threads", "1"]);
    shard(2, &["--out", "f2.jsonl", "-q", "--threads", "2"]);
    for (k, order) in [["f0.jsonl", "f1.jsonl", "f2.jsonl"], ["f2.jsonl", "f0.jsonl", "f1.jsonl"], ["f1.jsonl", "f2.jsonl", "f0.jsonl"]]
        .iter()
        .enumerate()
    {
        let out = format!("m{k}");
        let mut args = vec!["merge"];
        args.extend(order.iter().copied());
        args.extend(["--out", &out, "-q"]);
        run(t.path(), &args);
        assert_same(&t.path().join("all/graph.json"), &t.path().join(format!("{out}/graph.json")));
    }
}

#[test]
fn extract_of_the_same_input_is_the_same_for_any_thread_count() {
    let t = tmp();
    let docs = t.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    corpus(&docs, 300);
    let a = run(t.path(), &["extract", "docs", "-q", "--threads", "1"]);
    let b = run(t.path(), &["extract", "docs", "-q", "--threads", "2"]);
    assert!(a == b, "facts lines differ between 1 and 2 threads");
}

/// The identity rules are not incremental: "Lavrov" joins Sergey Lavrov while he is the only
/// Lavrov, and must not once Ivan Lavrov arrives. An update recomputes identity from the store.
#[test]
fn merge_and_build_into_an_old_set_equal_a_build_of_everything() {
    let t = tmp();
    let all = t.path().join("all");
    std::fs::create_dir(&all).unwrap();
    let texts = [
        ("1.txt", "Russian Foreign Minister Sergey Lavrov met Japanese Foreign Minister Taro Kono in Tokyo on Monday.\n"),
        // (no title: "Foreign Minister Lavrov" would find the one Lavrov known by that title)
        ("2.txt", "Lavrov said the talks with China were useful and constructive.\n"),
        ("3.txt", "Russian Ambassador Ivan Lavrov said the embassy would stay open for all visitors.\n"),
    ];
    for (name, text) in texts {
        std::fs::write(all.join(name), text).unwrap();
    }
    run(t.path(), &["build", "all/1.txt", "all/2.txt", "--out", "old", "-q"]);
    let old = read(t.path().join("old/graph.json"));
    assert!(!old.contains("\"label\": \"Lavrov\""), "the old graph merged Lavrov into Sergey Lavrov");
    run(t.path(), &["build", "all", "--out", "full", "-q"]);
    assert!(read(t.path().join("full/graph.json")).contains("\"label\": \"Lavrov\""), "two Lavrovs: Lavrov stays alone");
    run(t.path(), &["extract", "all/3.txt", "--out", "new.jsonl", "-q"]);
    run(t.path(), &["merge", "new.jsonl", "--into", "old", "--out", "updated", "-q"]);
    assert_same(&t.path().join("full/graph.json"), &t.path().join("updated/graph.json"));
    // build --into updates the set where it is; the same document again replaces itself.
    run(t.path(), &["build", "all/3.txt", "--into", "old", "-q"]);
    assert_same(&t.path().join("full/graph.json"), &t.path().join("old/graph.json"));
    run(t.path(), &["build", "all/3.txt", "--into", "old", "-q"]);
    assert_same(&t.path().join("full/graph.json"), &t.path().join("old/graph.json"));
    // Taking it out again gives the first graph back.
    run(t.path(), &["remove", "old", "3.txt", "-q"]);
    assert_eq!(read(t.path().join("old/graph.json")), old);
}

#[test]
fn bad_facts_lines_are_warnings_naming_file_and_line() {
    let t = tmp();
    let docs = t.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    corpus(&docs, 3);
    let facts = run(t.path(), &["extract", "docs", "-q"]);
    let mut text = String::from_utf8(facts).unwrap();
    text.insert_str(0, "{not json\n\n");
    std::fs::write(t.path().join("f.jsonl"), text).unwrap();
    let out = Command::new(BIN).current_dir(t.path()).args(["merge", "f.jsonl", "--out", "o"]).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("f.jsonl:1: bad facts line"), "{err}");
    assert!(read(t.path().join("o/graph.json")).contains("0001.txt"));
    // Nothing readable at all: exit code 1.
    std::fs::write(t.path().join("bad.jsonl"), "nope\n").unwrap();
    let out = Command::new(BIN).current_dir(t.path()).args(["merge", "bad.jsonl", "--out", "o2"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}
