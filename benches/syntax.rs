//! Tagging + parsing throughput on news text (the seed articles, repeated), one thread:
//!
//!     cargo bench --bench syntax
//!
//! * `analyse` — tagger, lemmas, FEATS and parser on pre-split sentences (the model's own
//!   speed), counted in words;
//! * `parse_document` — the same from a [`Document`] (parse units, byte spans, the
//!   [`newsgraph::syntax::Parse`] layer), counted in parse units;
//! * `load` — reading the committed model from its bytes (what the first use costs).

use divan::counter::ItemsCount;
use divan::Bencher;
use newsgraph::model::DocumentMeta;
use newsgraph::syntax::{parse_document, Model};
use newsgraph::text::Document;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

fn docs() -> &'static Vec<Document> {
    static D: OnceLock<Vec<Document>> = OnceLock::new();
    D.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
        let mut paths: Vec<_> = std::fs::read_dir(dir).expect("seeds/").flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
        paths.sort();
        let texts: Vec<String> = paths.iter().map(|p| std::fs::read_to_string(p).expect("a seed")).collect();
        (0..4).flat_map(|_| texts.iter()).map(|t| Document::new(DocumentMeta { id: "bench".into(), ..Default::default() }, t.clone())).collect()
    })
}

fn sentences() -> &'static Vec<Vec<String>> {
    static S: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    S.get_or_init(|| {
        let p: Vec<_> = docs().iter().map(|d| parse_document(d).expect("model")).collect();
        p.iter().flat_map(|p| p.sentences.iter().map(|s| s.tokens.iter().map(|t| t.form.clone()).collect())).collect()
    })
}

#[divan::bench]
fn analyse(b: Bencher) {
    let m = Model::global().expect("model");
    let s = sentences();
    let n: usize = s.iter().map(|x| x.len()).sum();
    b.counter(ItemsCount::new(n)).bench(|| {
        for words in s {
            divan::black_box(m.analyse(words));
        }
    });
}

#[divan::bench]
fn parse_document_layer(b: Bencher) {
    let d = docs();
    let n: usize = sentences().iter().map(|x| x.len()).sum();
    b.counter(ItemsCount::new(n)).bench(|| {
        for doc in d {
            divan::black_box(parse_document(doc).expect("model"));
        }
    });
}

#[divan::bench(sample_count = 10)]
fn load(b: Bencher) {
    let bytes = Model::global().expect("model").to_bytes();
    b.bench(|| divan::black_box(Model::from_bytes(&bytes).expect("model")));
}
