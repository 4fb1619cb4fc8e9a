//! Without Graphviz, `write_all` still writes every other file and says, in a warning, what
//! was not written and how to install `dot`. Its own test binary: it changes the environment.

mod common;

use newsgraph::export::{ExportOptions, Format, write_all};

#[test]
fn missing_graphviz_is_a_warning_not_an_error() {
    // SAFETY: the only test in this binary, so no other thread reads the environment meanwhile.
    unsafe { std::env::set_var("NEWSGRAPH_DOT", "newsgraph-no-such-dot-program") };
    let dir = tempfile::tempdir().unwrap();
    let mut opts = ExportOptions::default_set();
    opts.formats.insert(Format::Png);
    let report = write_all(&common::news_graph(), dir.path(), &opts).unwrap();
    assert_eq!(
        report.warnings,
        [
            "graphviz `dot` not found on PATH: graph.svg not written (install it: apt-get install graphviz / brew install graphviz)",
            "graphviz `dot` not found on PATH: graph.png not written (install it: apt-get install graphviz / brew install graphviz)",
        ]
    );
    assert!(!dir.path().join("graph.svg").exists() && !dir.path().join("graph.png").exists());
    assert!(dir.path().join("graph.dot").exists() && dir.path().join("graph.gexf").exists());
    assert_eq!(report.written.len(), 10, "graph.html too");
}
