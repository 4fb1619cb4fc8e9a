//! Command-line manners, through the binary: usage errors exit 2 before any work, one-line
//! messages that name the path, a broken pipe ends quietly, `--quiet`, `--color`, shell
//! completions and the man page, and readable `clean` / `explain` output.

mod util;

use std::io::Read;
use std::process::{Command, Stdio};
use util::{newsgraph, seeds, temp_dir};

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn usage_errors_exit_2_before_any_work() {
    let dir = temp_dir("cli_usage");
    let out = dir.join("out");
    let s = seeds();
    let seeds = s.to_str().unwrap();
    let o_str = out.to_str().unwrap();
    for args in [
        vec!["build", seeds, "--out", o_str, "--format", "json,xml"],
        vec!["build", "--out", o_str],
        vec!["build", seeds, "--out", o_str, "--color", "purple"],
        vec!["extract"],
        vec!["merge", "--out", o_str],
        vec!["clean"],
        vec!["explain", "Some text.", "--sentence", "0"],
        vec!["completions", "tcsh"],
        // The date is checked before the graph is read: a missing graph would be exit 1.
        vec!["query", "--graph", "/no/such/graph.json", "who-said", "--since", "2016-13-45"],
        vec!["query", "--graph", "/no/such/graph.json", "who-said", "--until", "2016-02-30"],
    ] {
        let o = newsgraph(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!out.exists(), "{args:?} did work before failing");
    }
    let o = newsgraph(&["build", seeds, "--out", o_str, "--format", "json,xml"]);
    assert!(stderr(&o).contains("xml"), "{}", stderr(&o));
    // A sentence number past the end is known only after reading the file: still a usage error.
    let o = newsgraph(&["explain", s.join("000_44cb8afd01e9714f.txt").to_str().unwrap(), "--sentence", "999"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
}

#[test]
fn an_unwritable_out_is_found_before_extraction_in_one_line() {
    let dir = temp_dir("cli_out");
    let file = dir.join("a-file");
    std::fs::write(&file, "x").unwrap();
    // The missing input would be warned about if reading had started.
    let o = newsgraph(&["build", "/no/such/input.txt", seeds().to_str().unwrap(), "--out", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.contains(file.to_str().unwrap()) && err.contains("not a directory"), "{err}");
    assert!(!err.contains("/no/such/input.txt"), "extraction started before the check: {err}");
    // Below a file: the same.
    let o = newsgraph(&["build", seeds().to_str().unwrap(), "--out", file.join("sub").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is a file, not a directory"), "{}", stderr(&o));
    // A missing directory is fine (made at the end), and nothing is left behind by the check.
    let fresh = dir.join("new/deeper");
    let o = newsgraph(&["build", seeds().to_str().unwrap(), "--out", fresh.to_str().unwrap(), "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_dir(&dir).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().starts_with(".newsgraph-check")));
    // OS messages are said once.
    let o = newsgraph(&["extract", seeds().to_str().unwrap(), "--out", "/no/such/dir/facts.jsonl"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.matches("os error").count(), 1, "{err}");
    assert!(err.contains("/no/such/dir/facts.jsonl"), "{err}");
}

#[test]
fn a_focus_that_matches_nothing_keeps_the_other_outputs() {
    let dir = temp_dir("cli_focus");
    let out = dir.join("out");
    let o = newsgraph(&["build", seeds().to_str().unwrap(), "--out", out.to_str().unwrap(), "--format", "json,dot,gexf", "--focus", "Lavroff"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("error[unknown-name]") && err.contains("Lavroff"), "{err}");
    assert!(err.contains("sergey-lavrov (Sergey Lavrov)"), "the similar names are offered: {err}");
    assert!(out.join("graph.json").exists() && out.join("graph.gexf").exists(), "the work was lost");
    assert!(!out.join("graph.dot").exists());
    // A good focus still draws.
    let o = newsgraph(&["build", seeds().to_str().unwrap(), "--out", out.to_str().unwrap(), "--format", "json,dot", "--focus", "Lavrov", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("graph.dot").exists());
}

/// Runs the binary with its standard output closed before it writes.
fn closed_pipe(args: &[&str]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    let status = child.wait().unwrap();
    std::process::Output { status, stdout: vec![], stderr: err.into_bytes() }
}

#[test]
fn a_broken_pipe_ends_quietly() {
    let s = seeds();
    let file = s.join("000_44cb8afd01e9714f.txt");
    for args in [
        vec!["extract", s.to_str().unwrap(), "-q"],
        vec!["clean", s.to_str().unwrap()],
        vec!["explain", file.to_str().unwrap()],
        vec!["completions", "bash"],
        vec!["man"],
    ] {
        let o = closed_pipe(&args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("error"), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn quiet_prints_only_errors() {
    let dir = temp_dir("cli_quiet");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("empty.txt"), "").unwrap();
    std::fs::copy(seeds().join("004_1792fb935fd71937.txt"), input.join("a.txt")).unwrap();
    let out = dir.join("out");
    let o = newsgraph(&["build", input.to_str().unwrap(), "--out", out.to_str().unwrap(), "--format", "json"]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("warning:") && stderr(&o).contains("empty.txt"), "{}", stderr(&o));
    assert!(stderr(&o).contains("documents"), "the summary");
    let o = newsgraph(&["build", input.to_str().unwrap(), "--out", out.to_str().unwrap(), "--format", "json", "--quiet"]);
    assert!(o.status.success());
    assert_eq!(stderr(&o), "", "--quiet printed something");
    // Errors still show.
    let o = newsgraph(&["build", input.join("empty.txt").to_str().unwrap(), "--out", out.to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error:") && stderr(&o).contains("--quiet"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning:"));
    // --help says so.
    assert!(stdout(&newsgraph(&["build", "--help"])).contains("Print only errors"));
}

#[test]
fn color_when_asked_and_never_into_pipes_by_default() {
    let dir = temp_dir("cli_color");
    let bad = dir.join("empty.txt");
    std::fs::write(&bad, "").unwrap();
    let good = seeds().join("004_1792fb935fd71937.txt");
    let out = dir.join("out");
    let run = |extra: &[&str], no_color: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_newsgraph"));
        c.args(["build", bad.to_str().unwrap(), good.to_str().unwrap(), "--out", out.to_str().unwrap(), "--format", "json"]).args(extra);
        match no_color {
            Some(v) => c.env("NO_COLOR", v),
            None => c.env_remove("NO_COLOR"),
        };
        c.output().unwrap()
    };
    assert!(stderr(&run(&["--color", "always"], None)).contains("\u{1b}["));
    assert!(stderr(&run(&["--color=always"], Some("1"))).contains("\u{1b}["), "an explicit always wins over NO_COLOR");
    assert!(!stderr(&run(&["--color", "never"], None)).contains('\u{1b}'));
    assert!(!stderr(&run(&[], None)).contains('\u{1b}'), "auto: not a terminal");
    assert!(!stderr(&run(&["--color", "auto"], Some("1"))).contains('\u{1b}'));
    // Tables: the header row is bold.
    let o = newsgraph(&["query", "--graph", out.to_str().unwrap(), "stats", "--color", "always"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("\u{1b}[1m"), "{}", stdout(&o));
    let o = newsgraph(&["query", "--graph", out.to_str().unwrap(), "stats"]);
    assert!(!stdout(&o).contains('\u{1b}'));
    let o = newsgraph(&["query", "--graph", out.to_str().unwrap(), "--json", "stats", "--color", "always"]);
    assert!(serde_json::from_slice::<serde_json::Value>(&o.stdout).is_ok(), "--json stays plain JSON");
}

#[test]
fn completions_and_man_page() {
    for (shell, marker) in [("bash", "complete -F"), ("zsh", "#compdef newsgraph"), ("fish", "complete -c newsgraph"), ("powershell", "Register-ArgumentCompleter"), ("elvish", "edit:completion")] {
        let o = newsgraph(&["completions", shell]);
        assert!(o.status.success(), "{shell}: {}", stderr(&o));
        let s = stdout(&o);
        assert!(s.contains(marker), "{shell}: {s}");
        for sub in ["build", "extract", "merge", "query", "explain", "clean", "completions", "man"] {
            assert!(s.contains(sub), "{shell} completion lacks {sub}");
        }
    }
    let o = newsgraph(&["completions", "bash"]);
    assert!(stdout(&o).contains("--color") && stdout(&o).contains("--format"));
    let o = newsgraph(&["man"]);
    assert!(o.status.success());
    let page = stdout(&o);
    assert!(page.contains(".TH newsgraph 1"), "{page}");
    assert!(page.contains(".SH SYNOPSIS") && page.contains("Exit codes"), "{page}");
    for sub in ["build", "query", "completions"] {
        assert!(page.contains(sub), "the man page lacks {sub}");
    }
    let dir = temp_dir("cli_man");
    let o = newsgraph(&["man", "--dir", dir.to_str().unwrap(), "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in ["newsgraph.1", "newsgraph-build.1", "newsgraph-query.1", "newsgraph-query-who-said.1"] {
        let text = std::fs::read_to_string(dir.join(f)).unwrap_or_else(|_| panic!("{f} missing"));
        assert!(text.contains(".TH"), "{f}");
    }
    // If groff is installed, the page renders without warnings.
    if let Ok(out) = Command::new("groff").args(["-k", "-man", "-Tutf8", "-ww", "-z"]).arg(dir.join("newsgraph.1")).output() {
        assert!(out.status.success() && out.stderr.is_empty(), "groff: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn clean_and_explain_are_readable_and_json_stays_machine_readable() {
    let file = seeds().join("000_44cb8afd01e9714f.txt");
    let o = newsgraph(&["clean", file.to_str().unwrap()]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.contains("place: TOKYO") && text.contains("agency: TASS") && text.contains("date: --03-21 (from the dateline)"), "{text}");
    assert!(text.contains("dateline TEXT/DATELINE/MONTH_DAY"), "{text}");
    let o = newsgraph(&["explain", file.to_str().unwrap()]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.contains("place: TOKYO"), "{text}");
    assert!(text.contains("dateline (TEXT/DATELINE/MONTH_DAY)"), "{text}");
    assert!(text.contains("mention \"Sergey Lavrov\" name Person"), "{text}");
    for debug in ["Some(\"", "=None", "Dropped(\"", "direct=", "Name \"", "Body)"] {
        for out in [stdout(&newsgraph(&["clean", file.to_str().unwrap()])), text.clone()] {
            assert!(!out.contains(debug), "Rust debug text {debug:?} in:\n{out}");
        }
    }
    let o = newsgraph(&["clean", seeds().to_str().unwrap(), "--json"]);
    let lines: Vec<serde_json::Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["meta"]["place"], "TOKYO");
    assert_eq!(lines[0]["meta"]["date_source"], "dateline");
    assert_eq!(lines[0]["paragraphs"][0]["role"], "dateline");
    assert_eq!(lines[0]["paragraphs"][0]["rule"], "TEXT/DATELINE/MONTH_DAY");
}
