//! Extraction throughput on a generated in-memory corpus (about 4 MB), with divan:
//!
//!     cargo bench --bench extract
//!
//! `extract` runs stages 1–4 and the facts of every document (one thread); `text` only stage 1
//! (clean-up, tokens, sentences); `merge` folds the extracted facts into a graph and finalizes
//! it. Throughput is reported in bytes of article text per second.

use divan::counter::BytesCount;
use divan::Bencher;
use newsgraph::extract::extract_text;
use newsgraph::graph::KnowledgeGraph;
use newsgraph::lexicon::Lexicon;
use newsgraph::model::{DocFacts, DocumentMeta};
use newsgraph::text::Document;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

/// A small deterministic generator (xorshift), so the corpus needs no files.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

fn corpus() -> &'static Vec<(String, String)> {
    static C: OnceLock<Vec<(String, String)>> = OnceLock::new();
    C.get_or_init(|| {
        let first = ["Anna", "Sergey", "Maria", "Ivan", "Klaus", "Taro", "Olga", "Pierre", "Laura", "Jun", "Ahmed", "Priya", "James", "Elena"];
        let last = ["Keller", "Lavrov", "Petrov", "Kono", "Dubois", "Rossi", "Park", "Schmidt", "Novak", "Tanaka", "Silva", "Haddad", "Okafor", "Larsson", "Wang", "Singh"];
        let demonyms = ["Russian", "Chinese", "Japanese", "Canadian", "South Korean", "Vietnamese"];
        let titles = ["Foreign Minister", "Ambassador", "President", "Deputy Foreign Minister", "Foreign Ministry Spokesperson", "top diplomat"];
        let countries = ["Russia", "China", "Japan", "Canada", "Vietnam", "North Korea", "the United States"];
        let cues = ["said", "told reporters", "added", "stressed", "pointed out", "noted"];
        let contents = ["the talks were useful", "the sanctions must be lifted", "trade would grow next year", "the roadmap deserved support", "the situation remained difficult"];
        let actions = ["met with", "visited", "proposed", "criticized", "held talks with", "came up with"];
        let objects = ["a new roadmap", "a draft resolution", "an action plan", "the sanctions package"];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut docs = Vec::new();
        let mut total = 0;
        while total < 4_000_000 {
            let mut text = String::from("Leaders Discuss Regional Security\n\n");
            text.push_str(&format!("TOKYO, March {}. /TASS/. ", 1 + rng.next() % 28));
            for _ in 0..(10 + rng.next() % 12) {
                let (f, l) = (rng.pick(&first), rng.pick(&last));
                let s = match rng.next() % 5 {
                    0 => format!("{} {} {f} {l} {} {}. ", rng.pick(&demonyms), rng.pick(&titles), rng.pick(&actions), rng.pick(&countries)),
                    1 => format!("\u{201c}{}, and we will meet again,\u{201d} {l} {}. ", capitalize(rng.pick(&contents)), rng.pick(&cues)),
                    2 => format!("{f} {l} {} that {}. ", rng.pick(&cues), rng.pick(&contents)),
                    3 => format!("According to {f} {l}, {}. ", rng.pick(&contents)),
                    _ => format!("{} {} {}.\n\n", capitalize(rng.pick(&countries)), rng.pick(&actions), rng.pick(&objects)),
                };
                text.push_str(&s);
            }
            text.push('\n');
            total += text.len();
            docs.push((format!("{:05}.txt", docs.len()), text));
        }
        docs
    })
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn bytes() -> usize {
    corpus().iter().map(|d| d.1.len()).sum()
}

#[divan::bench(sample_count = 5)]
fn extract(b: Bencher) {
    let lex = Lexicon::builtin();
    b.counter(BytesCount::new(bytes())).bench(|| {
        corpus().iter().map(|(id, text)| extract_text(id, text, lex).edges.len()).sum::<usize>()
    });
}

#[divan::bench(sample_count = 5)]
fn text(b: Bencher) {
    b.counter(BytesCount::new(bytes())).bench(|| {
        corpus()
            .iter()
            .map(|(_, text)| Document::new(DocumentMeta::default(), text.clone()).tokens.len())
            .sum::<usize>()
    });
}

#[divan::bench(sample_count = 5)]
fn merge(b: Bencher) {
    let lex = Lexicon::builtin();
    let facts: Vec<DocFacts> = corpus().iter().map(|(id, text)| extract_text(id, text, lex)).collect();
    b.counter(BytesCount::new(bytes())).bench(|| {
        let mut g = KnowledgeGraph::default();
        for f in &facts {
            g.add_facts(f);
        }
        g.finalize(lex);
        g.edge_count()
    });
}
