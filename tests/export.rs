//! Exporters on fixed graphs: golden files (`tests/golden/news.*`), determinism, `write_all`,
//! focus/hops, spells, and the Cypher injection regression.
//!
//! A golden mismatch prints both texts; after checking the new output by eye, rewrite the
//! goldens with `NEWSGRAPH_BLESS=1 cargo test --test export`.

mod common;

use newsgraph::export::{
    DotOptions, ExportError, ExportOptions, Format, atomic_write, to_apoc_jsonl, to_csv, to_cypher, to_dot, to_gexf,
    to_graphml, to_graphology, write_all,
};
use newsgraph::graph::KnowledgeGraph;
use std::path::PathBuf;
use std::str::FromStr;

fn golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("NEWSGRAPH_BLESS").is_some() {
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if expected != actual {
        panic!(
            "{} differs from the export.\n--- expected\n{expected}\n--- actual\n{actual}\n(NEWSGRAPH_BLESS=1 rewrites it)",
            path.display()
        );
    }
}

fn all_outputs(g: &KnowledgeGraph) -> Vec<(&'static str, String)> {
    let (nodes, rels) = to_csv(g);
    vec![
        ("news.json", g.to_json()),
        ("news.dot", to_dot(g, &DotOptions::default()).unwrap()),
        ("news.statements.dot", to_dot(g, &DotOptions { statements: true, ..Default::default() }).unwrap()),
        ("news.gexf", to_gexf(g)),
        ("news.graphml", to_graphml(g)),
        ("news.cypher", to_cypher(g)),
        ("news.nodes.csv", nodes),
        ("news.relationships.csv", rels),
        ("news.apoc.jsonl", to_apoc_jsonl(g)),
        ("news.graphology.json", to_graphology(g)),
    ]
}

#[test]
fn golden_files() {
    for (name, text) in all_outputs(&common::news_graph()) {
        golden(name, &text);
    }
}

#[test]
fn output_does_not_depend_on_merge_order() {
    let mut reversed = KnowledgeGraph::default();
    for f in common::news_facts().iter().rev() {
        reversed.add_facts(f);
    }
    let a = all_outputs(&common::news_graph());
    let b = all_outputs(&reversed);
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert_eq!(x, y, "{name} depends on merge order");
    }
}

#[test]
fn formats_parse_by_name() {
    assert_eq!(Format::from_str("gexf").unwrap(), Format::Gexf);
    assert_eq!(Format::from_str(" GraphML ").unwrap(), Format::Graphml);
    for f in Format::ALL {
        assert_eq!(Format::from_str(f.as_str()).unwrap(), f);
    }
    assert!(matches!(Format::from_str("pdf"), Err(ExportError::UnknownFormat(_))));
    let d = ExportOptions::default_set();
    assert!(!d.formats.contains(&Format::Png) && d.formats.len() == Format::ALL.len() - 1);
    assert!(!d.statements && d.focus.is_none() && d.hops == 2);
}

#[test]
fn write_all_writes_every_file_and_no_temporaries() {
    let dir = tempfile::tempdir().unwrap();
    let g = common::news_graph();
    let report = write_all(&g, dir.path(), &ExportOptions::default_set()).unwrap();
    let mut names: Vec<String> = report
        .written
        .iter()
        .map(|p| p.strip_prefix(dir.path()).unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut want = vec![
        "graph.json",
        "graph.dot",
        "graph.gexf",
        "graph.graphml",
        "graph.graphology.json",
        "graph.html",
        "neo4j/import.cypher",
        "neo4j/nodes.csv",
        "neo4j/relationships.csv",
        "neo4j/apoc.jsonl",
    ];
    // graph.svg only when Graphviz is installed; otherwise a warning says so.
    if report.warnings.iter().any(|w| w.contains("graph.svg not written")) {
        assert!(!dir.path().join("graph.svg").exists());
    } else {
        want.push("graph.svg");
        let svg = std::fs::read_to_string(dir.path().join("graph.svg")).unwrap();
        assert!(svg.contains("<svg") && svg.contains("Sergey Lavrov"));
    }
    want.sort();
    assert_eq!(names, want);
    for name in &names {
        let on_disk = std::fs::read(dir.path().join(name)).unwrap();
        assert!(!on_disk.is_empty(), "{name} is empty");
    }
    assert_eq!(std::fs::read_to_string(dir.path().join("graph.json")).unwrap(), g.to_json());
    let leftovers: Vec<_> = walk(dir.path()).into_iter().filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().contains(".tmp"))).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn write_all_reports_an_unwritable_directory() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let err = write_all(&common::news_graph(), &file.join("out"), &ExportOptions::default_set()).unwrap_err();
    assert!(matches!(err, ExportError::Io { .. }), "{err}");
}

#[test]
fn atomic_write_replaces_whole_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("f.txt");
    atomic_write(&p, b"first version, longer").unwrap();
    atomic_write(&p, b"second").unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), b"second");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    assert!(atomic_write(&dir.path().join("missing/f.txt"), b"x").is_err());
}

/// Regression: files were written with the temporary file's 0600 mode.
#[cfg(unix)]
#[test]
fn atomic_write_gives_ordinary_permissions_and_keeps_existing_ones() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("new.txt");
    atomic_write(&p, b"x").unwrap();
    let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
    // The process umask, as Linux reports it.
    let umask = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("Umask:").map(|u| u32::from_str_radix(u.trim(), 8))))
        .and_then(Result::ok);
    if let Some(umask) = umask {
        assert_eq!(mode, 0o666 & !umask, "mode {mode:o} under umask {umask:o}");
    }
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    atomic_write(&p, b"y").unwrap();
    assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o640);
}

#[test]
fn focus_resolves_alias_case_insensitively_and_limits_hops() {
    let g = common::news_graph();
    let opts = |focus: &str, hops| DotOptions { statements: false, focus: Some(focus.into()), hops };
    let one = to_dot(&g, &opts("TOKYO", 1)).unwrap();
    assert!(one.contains("\"tokyo\"[") && one.contains("\"sergey-lavrov\"["));
    assert!(!one.contains("\"russia\"["), "russia is two hops from Tokyo:\n{one}");
    let two = to_dot(&g, &opts("sergei lavrov", 2)).unwrap(); // an alias
    for id in ["tokyo", "russia", "six-party-talks"] {
        assert!(two.contains(&format!("\"{id}\"[")), "{id} missing:\n{two}");
    }
    assert!(!two.contains("\"japan\"["), "japan is three hops from Lavrov");
    let zero = to_dot(&g, &opts("russia", 0)).unwrap();
    assert_eq!(zero.matches("\"[label=").count(), 1);
    assert!(matches!(to_dot(&g, &opts("Atlantis", 2)), Err(ExportError::FocusNotFound { .. })));
}

#[test]
fn focus_names_all_candidates_when_ambiguous() {
    let mut g = common::news_graph();
    let mut facts = common::news_facts().remove(1);
    facts.nodes = vec![common::entity("tokyo-prefecture", "Tokyo prefecture", newsgraph::model::NodeType::Location, "x", &["tokyo"])];
    facts.nodes.push(common::entity("tokyo-2", "Tokyo Two", newsgraph::model::NodeType::Location, "x", &["Tokyo"]));
    facts.edges.clear();
    g.add_facts(&facts);
    // "tokyo" is an id: ids win over aliases, so it is not ambiguous.
    assert!(to_dot(&g, &DotOptions { focus: Some("Tokyo".into()), ..Default::default() }).is_ok());
    assert_eq!(newsgraph::export::dot::resolve_focus(&g, "TOKYO ").unwrap(), "tokyo");
    assert_eq!(newsgraph::export::dot::resolve_focus(&g, "tokyo two").unwrap(), "tokyo-2");
    let mut g2 = KnowledgeGraph::default();
    g2.add_facts(&facts);
    match newsgraph::export::dot::resolve_focus(&g2, "tokyo") {
        Err(ExportError::FocusAmbiguous { candidates, .. }) => assert_eq!(candidates, ["tokyo-2", "tokyo-prefecture"]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn statements_are_drawn_only_on_request() {
    let g = common::news_graph();
    let plain = to_dot(&g, &DotOptions::default()).unwrap();
    assert!(!plain.contains("stmt-000-tass-0"));
    let with = to_dot(&g, &DotOptions { statements: true, ..Default::default() }).unwrap();
    assert!(with.contains("\"stmt-000-tass-0\"[label=\"Moscow was ready to help\" shape=note"));
    assert!(with.contains("\"sergey-lavrov\" -> \"stmt-000-tass-0\""));
}

#[test]
fn spells_only_from_full_dates() {
    let gexf = to_gexf(&common::news_graph());
    assert!(gexf.contains("mode=\"dynamic\" timeformat=\"date\""));
    // Tokyo appears only in the document dated `--09-13`: no spell.
    let tokyo = &gexf[gexf.find("<node id=\"tokyo\"").unwrap()..];
    let tokyo = &tokyo[..tokyo.find("</node>").unwrap()];
    assert!(!tokyo.contains("<spell"), "{tokyo}");
    assert!(!gexf.contains("--09-13\"/>") && !gexf.contains("start=\"--"));
    let russia = &gexf[gexf.find("<node id=\"russia\"").unwrap()..];
    assert!(russia[..russia.find("</node>").unwrap()].contains("<spell start=\"2016-09-12\" end=\"2016-09-12\"/>"));
}

/// Regression: a label ending a Cypher string literal early would run `DETACH DELETE`.
#[test]
fn cypher_injection_stays_inside_string_literals() {
    let script = to_cypher(&common::hostile_graph());
    let skeleton_node = regex::Regex::new(
        r"^MERGE \(n:[A-Z][a-z]+ \{id: L\}\) SET n \+= \{([a-z_]+: (L|\d+|true|false|\[((L|\d+)(, (L|\d+))*)?\])(, )?)+\};$",
    )
    .unwrap();
    let skeleton_rel = regex::Regex::new(
        r"^MATCH \(a:[A-Z][a-z]+ \{id: L\}\) MATCH \(b:[A-Z][a-z]+ \{id: L\}\) MERGE \(a\)-\[r:[A-Z_][A-Z0-9_]* \{key: L\}\]->\(b\) SET r \+= \{([a-z_]+: (L|\d+|true|false|\[((L|\d+)(, (L|\d+))*)?\])(, )?)+\};$",
    )
    .unwrap();
    let mut checked = 0;
    for line in script.lines().filter(|l| !l.starts_with("//") && !l.starts_with("CREATE CONSTRAINT")) {
        let skeleton = common::cypher_literals(line).map(|(s, _)| s).unwrap_or_else(|| panic!("unterminated literal: {line}"));
        assert!(
            skeleton_node.is_match(&skeleton) || skeleton_rel.is_match(&skeleton),
            "statement structure broken:\n{line}\n{skeleton}"
        );
        checked += 1;
    }
    assert_eq!(checked, common::hostile_graph().node_count() + common::hostile_graph().edge_count());
}

#[test]
fn a_bad_focus_loses_only_the_drawing() {
    // Issue 16: a --focus that matches nothing after extraction must not lose the work.
    let dir = tempfile::tempdir().unwrap();
    let mut opts = ExportOptions::default_set();
    opts.focus = Some("nobody at all".into());
    let report = write_all(&common::news_graph(), dir.path(), &opts).unwrap();
    let focus = report.focus.expect("the failed focus is reported");
    assert_eq!(focus.code, "unknown-name");
    assert_eq!(focus.message, "--focus `nobody at all`: no node has this id, label or alias");
    assert!(dir.path().join("graph.json").exists() && dir.path().join("graph.gexf").exists());
    assert!(!dir.path().join("graph.dot").exists() && !dir.path().join("graph.svg").exists());
}

#[test]
fn write_all_warns_about_what_a_format_cannot_carry() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = ExportOptions::default_set();
    opts.formats.remove(&Format::Svg);
    let report = write_all(&common::hostile_graph(), dir.path(), &opts).unwrap();
    assert_eq!(report.warnings.len(), 2, "{:?}", report.warnings);
    assert!(report.warnings[0].starts_with("neo4j/nodes.csv, relationships.csv: 22 array element(s)"), "{:?}", report.warnings);
    assert!(report.warnings[1].contains("XML 1.0 cannot carry"), "{:?}", report.warnings);
    let clean = write_all(&common::news_graph(), dir.path(), &opts).unwrap();
    assert!(clean.warnings.is_empty(), "{:?}", clean.warnings);
}
