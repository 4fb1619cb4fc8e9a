//! CPU-time figures for the syntax model (on a shared machine, wall time overstates them):
//!
//!     cargo run --release --example syntax_speed [REPEAT]
//!
//! Loads the committed model and tags + parses the seed articles REPEAT times (default 20),
//! reporting on-CPU time from /proc/self/schedstat (Linux), words per CPU-second, load time
//! and the resident memory the model adds.

use newsgraph::model::DocumentMeta;
use newsgraph::syntax::{parse_document, Model};
use newsgraph::text::Document;
use std::time::Instant;

fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat").ok().and_then(|s| s.split_whitespace().next()?.parse().ok()).unwrap_or(0)
}

fn rss_kb() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.split_whitespace().next()?.parse().ok()).unwrap_or(0)
}

fn main() {
    let repeat: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir).expect("seeds/").flatten().map(|e| e.path()).collect();
    paths.sort();
    let docs: Vec<Document> =
        paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()).map(|t| Document::new(DocumentMeta { id: "s".into(), ..Default::default() }, t)).collect();
    let rss0 = rss_kb();
    let (c0, t0) = (cpu_ns(), Instant::now());
    let m = Model::global().expect("model");
    let (load_cpu, load_wall) = (cpu_ns() - c0, t0.elapsed());
    let rss1 = rss_kb();
    let sents: Vec<Vec<String>> = docs.iter().flat_map(|d| parse_document(d).expect("model").sentences).map(|s| s.tokens.into_iter().map(|t| t.form).collect()).collect();
    let words: usize = sents.iter().map(|s| s.len()).sum::<usize>() * repeat;
    let (c0, t0) = (cpu_ns(), Instant::now());
    for _ in 0..repeat {
        for s in &sents {
            std::hint::black_box(m.analyse(s));
        }
    }
    let (cpu, wall) = (cpu_ns() - c0, t0.elapsed());
    let tag_c0 = cpu_ns();
    for _ in 0..repeat {
        for s in &sents {
            std::hint::black_box(m.tag(s));
        }
    }
    let tag_cpu = cpu_ns() - tag_c0;
    println!("model load: {:.1} ms CPU ({:.1} ms wall); resident memory +{} MB (RSS {} → {} MB)", load_cpu as f64 / 1e6, load_wall.as_secs_f64() * 1e3, (rss1 - rss0) / 1024, rss0 / 1024, rss1 / 1024);
    println!(
        "tag+lemma+feats+parse: {words} words in {:.2} s CPU ({:.2} s wall): {:.0} words per CPU-second; tagging alone {:.0} words per CPU-second",
        cpu as f64 / 1e9,
        wall.as_secs_f64(),
        words as f64 / (cpu as f64 / 1e9),
        words as f64 / (tag_cpu as f64 / 1e9)
    );
}
