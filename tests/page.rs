//! `graph.html`, the interactive page (issue 16): one self-contained file with the vendored
//! cytoscape.js and its licence, the data of the graph (capped, and saying so, for large
//! graphs), written by `build` (from the store) and by `query … --html`. The browser test opens
//! it in headless Chromium (`scripts/browser/check.mjs`, driven by playwright-core): a search
//! finds "Lavrov", a click shows his statements, a screenshot is taken, and no console error is
//! logged. It runs when Chromium and the npm package are installed (`.ci/run` installs them and
//! sets `NEWSGRAPH_BROWSER=1`, under which their absence is a failure); otherwise it says it is
//! skipping.

use newsgraph::export::html::{self, Totals, PAGE_ENTITIES};
use newsgraph::graph::KnowledgeGraph;
use newsgraph::lexicon::Lexicon;
use newsgraph::model::{Edge, EdgeKind, Evidence, Node, NodeType};
use newsgraph::pipeline::{self, BuildOptions, Input};
use newsgraph::store::{Store, StoreGraph};
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_newsgraph");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The JSON data embedded in a page.
fn data(page: &str) -> serde_json::Value {
    let tag = "id=\"newsgraph-data\">";
    let start = page.find(tag).expect("data element") + tag.len();
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end]).expect("the data is JSON")
}

fn build_seeds(dir: &Path) -> PathBuf {
    let out = Command::new(BIN).current_dir(dir).arg("build").arg(root().join("seeds")).args(["--out", "out", "-q", "--format", "json,html"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    dir.join("out/graph.html")
}

#[test]
fn build_writes_a_self_contained_page_with_the_graph() {
    let t = tempfile::tempdir().unwrap();
    let path = build_seeds(t.path());
    let page = std::fs::read_to_string(&path).unwrap();
    assert!(page.contains(html::CYTOSCAPE) && page.contains("The Cytoscape Consortium"), "the library and its licence are embedded");
    for outside in ["src=\"http", "href=\"http", "<link", "import(", "fetch("] {
        assert!(!page.contains(outside), "the page loads nothing from outside: {outside}");
    }
    let d = data(&page);
    let nodes = d["nodes"].as_array().unwrap();
    let lavrov = nodes.iter().position(|n| n["l"] == "Sergey Lavrov").expect("Lavrov is in the page");
    assert!(nodes[lavrov]["a"].as_array().unwrap().iter().any(|a| a == "Lavrov"), "aliases for the search");
    let said: Vec<&serde_json::Value> = d["statements"].as_array().unwrap().iter().filter(|s| s["sp"].as_array().unwrap().contains(&lavrov.into())).collect();
    assert!(said.len() >= 5, "his statements are in the page");
    assert!(said.iter().all(|s| s["x"].as_str().is_some_and(|x| x.len() > 5)));
    let docs = d["docs"].as_array().unwrap();
    assert!(docs[said[0]["d"].as_u64().unwrap() as usize]["id"].as_str().unwrap().ends_with(".txt"), "with their documents");
    let edges = d["edges"].as_array().unwrap();
    assert!(edges.iter().any(|e| e["r"] == "foreign-minister-of" && e["ev"][0][1].as_str().is_some_and(|s| s.contains("Lavrov"))), "relations with evidence");
    assert_eq!(d["shown"]["entities"], d["total"]["entities"], "a small graph is shown whole");
    // The store's page is the in-memory page of the same articles.
    let (g, _, _) = pipeline::build(&[Input::Path(root().join("seeds"))], &BuildOptions::default(), Lexicon::builtin(), |_| {}).unwrap();
    let (part, total) = html::page_graph(&g);
    assert_eq!(html::page(&part, newsgraph::export::PAGE_TITLE, total), page, "store and memory give the same page");
}

#[test]
fn a_large_graph_is_capped_and_the_page_says_so() {
    let mut g = KnowledgeGraph::default();
    let ev = || Evidence { doc: "d.txt".into(), start: 0, end: 1, text: "x".into(), rule: "T/1".into(), date: None, date_source: None, surface: None, according_to: None };
    let n = PAGE_ENTITIES + 500;
    for i in 0..n {
        g.upsert_node(&Node::entity(format!("p{i:05}"), format!("P {i}"), NodeType::Person));
        if i > 0 && i % 2 == 0 {
            g.upsert_edge(&format!("p{i:05}"), &format!("p{:05}", i - 1), &Edge::new("meets", EdgeKind::Action, ev()));
        }
    }
    let (part, total) = html::page_graph(&g);
    assert_eq!(total, Totals { entities: n, edges: (n - 1) / 2, statements: 0, documents: 0 });
    let d = data(&html::page(&part, "big", total));
    assert_eq!(d["nodes"].as_array().unwrap().len(), PAGE_ENTITIES);
    assert_eq!(d["capped"], true);
    assert_eq!(d["total"]["entities"], n);
    let js = include_str!("../src/export/page/page.js");
    assert!(js.contains("most connected of") && js.contains("so that it stays fast"), "the page tells the reader");
}

#[test]
fn the_store_cuts_a_page_as_memory_does_keeping_the_most_attested_edges() {
    let t = tempfile::tempdir().unwrap();
    build_seeds(t.path());
    // A copy: the page's selection uses a temporary table, which a read-only store refuses.
    let db = t.path().join("copy.db");
    std::fs::copy(t.path().join("out/graph.db"), &db).unwrap();
    let store = Store::open(&db, true).unwrap();
    let sg = StoreGraph::new(&store);
    let (g, _, _) = pipeline::build(&[Input::Path(root().join("seeds"))], &BuildOptions::default(), Lexicon::builtin(), |_| {}).unwrap();
    let limits = html::Limits { entities: 25, edges: 12, statements: 9 };
    let (mem, mem_total) = html::page_graph_with(&g, limits);
    let (part, total) = sg.page_graph_of(&mut sg.ties().unwrap(), limits).unwrap();
    let page = html::page(&part, "t", total);
    assert_eq!(page, html::page(&mem, "t", mem_total), "store and memory choose the same part");
    let d = data(&page);
    assert_eq!(d["nodes"].as_array().unwrap().len(), 25);
    assert_eq!(d["edges"].as_array().unwrap().len(), 12);
    assert_eq!(d["statements"].as_array().unwrap().len(), 9);
    assert_eq!(d["capped"], true);
    // The edges kept are the most attested of those among the page's entities.
    let shown: std::collections::BTreeSet<String> = d["nodes"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap().to_string()).collect();
    let mut among: Vec<u64> = g
        .sorted_edges()
        .into_iter()
        .filter(|e| !matches!(e.edge.kind, EdgeKind::Quote | EdgeKind::Mention) && shown.contains(&e.source) && shown.contains(&e.target))
        .map(|e| e.edge.count)
        .collect();
    assert!(among.len() > 12, "the seeds have more edges among these entities than the cap");
    among.sort_unstable_by(|a, b| b.cmp(a));
    let kept_min = d["edges"].as_array().unwrap().iter().map(|e| e["n"].as_u64().unwrap()).min().unwrap();
    assert_eq!(kept_min, among[11], "the 12 kept are the 12 most attested");
    // Only the documents the part cites are in it.
    let cited = d["docs"].as_array().unwrap().len();
    assert!(cited >= 1 && cited <= part.documents().len());
}

#[test]
fn query_html_writes_the_answer_as_a_page() {
    let t = tempfile::tempdir().unwrap();
    build_seeds(t.path());
    let out = Command::new(BIN).current_dir(t.path()).args(["query", "--graph", "out", "--html", "lavrov.html", "who-said", "--speaker", "lavrov"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let d = data(&std::fs::read_to_string(t.path().join("lavrov.html")).unwrap());
    let nodes = d["nodes"].as_array().unwrap();
    assert!(nodes.iter().any(|n| n["l"] == "Sergey Lavrov"));
    assert!(d["statements"].as_array().unwrap().len() >= 5);
    assert_eq!(d["capped"], false, "an answer is shown whole");
}

/// `.ci/run` sets `NEWSGRAPH_BROWSER=1` after installing Chromium and playwright-core: then a
/// missing piece is a failure, not a skip.
fn required() -> bool {
    std::env::var("NEWSGRAPH_BROWSER").is_ok_and(|v| !v.is_empty() && v != "0")
}

#[test]
fn the_page_works_in_headless_chromium() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let script = root().join("scripts/browser/check.mjs");
    let module = root().join("scripts/browser/node_modules/playwright-core");
    let missing: Vec<String> = [(Path::new(&chromium), "Chromium (apt-get install chromium)"), (module.as_path(), "playwright-core (npm ci in scripts/browser)")]
        .iter()
        .filter(|(p, _)| !p.exists())
        .map(|(_, what)| what.to_string())
        .collect();
    if !missing.is_empty() {
        assert!(!required(), "the browser test needs {}", missing.join(" and "));
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "skipping the browser test of graph.html: {} not installed (.ci/run installs them)", missing.join(" and "));
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let page = build_seeds(t.path());
    let shots = std::env::var_os("NEWSGRAPH_SCREENSHOTS").map(PathBuf::from).unwrap_or_else(|| t.path().to_path_buf());
    std::fs::create_dir_all(&shots).unwrap();
    let shot = shots.join("graph-html-seeds.png");
    let out = Command::new("node").arg(&script).arg(&page).arg(&shot).env("CHROMIUM", &chromium).output().expect("node runs");
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "--- browser check\n{stdout}{stderr}");
    assert!(out.status.success(), "the page failed in Chromium:\n{stdout}\n{stderr}");
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "a real screenshot ({} bytes)", png.len());
    let v: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap_or("{}")).unwrap();
    assert!(v["statements"].as_u64().unwrap_or(0) > 0 && v["failures"].as_array().is_some_and(|f| f.is_empty()), "{v}");
}
