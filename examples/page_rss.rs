//! The last step of a build, on a finished store: the ties, the overview picture and the page
//! (`graph.html`), without rebuilding. For measuring that step's memory on a large store:
//!
//!     cargo build --release --example page_rss
//!     /usr/bin/time -v target/release/examples/page_rss OUT/graph.db /tmp/page.html
//!
//! The store is opened for writing (the page's selection uses a temporary table) but nothing
//! is written to it.

use newsgraph::export::{self, html};
use newsgraph::store::{Store, StoreGraph};
use std::time::Instant;

/// The process's resident and peak resident memory, in MB (Linux; empty elsewhere).
fn rss() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| status.lines().find(|l| l.starts_with(key)).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse::<u64>().ok());
    match (kb("VmRSS:"), kb("VmHWM:")) {
        (Some(r), Some(p)) => format!("RSS {} MB, peak {} MB", r / 1024, p / 1024),
        _ => String::new(),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(db), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: page_rss GRAPH.db OUT.html");
        std::process::exit(2);
    };
    let store = Store::open(std::path::Path::new(db), true)?;
    let sg = StoreGraph::new(&store);
    eprintln!("opened: {}", rss());
    let t0 = Instant::now();
    let mut ties = sg.ties()?;
    eprintln!("ties: {} entities, {} relation edges, {:.1} s", ties.len(), ties.relation_edges(), t0.elapsed().as_secs_f64());
    eprintln!("   {}", rss());
    let dot = sg.overview_of(&mut ties, export::drawing::OVERVIEW_NODES)?.to_dot(export::drawing::Layout::Auto);
    eprintln!("overview: {} bytes of DOT, {:.1} s; {}", dot.len(), t0.elapsed().as_secs_f64(), rss());
    let (g, total) = sg.page_graph_of(&mut ties, html::Limits::default())?;
    eprintln!("page part: {} nodes, {}", g.node_count(), rss());
    drop(ties);
    let page = html::page(&g, export::PAGE_TITLE, total);
    std::fs::write(out, page.as_bytes())?;
    eprintln!("page: {} bytes, {:.1} s; {}", page.len(), t0.elapsed().as_secs_f64(), rss());
    Ok(())
}
