//! Training the typing model (`newsgraph-train types GOLD.jsonl`).
//!
//! Input: JSON lines `{"id", "text", "gold": [[start, end, "PER"|"ORG"|"LOC"], …]}` (byte
//! offsets), as `scripts/score_ner.py --export gum-train` writes them from GUM's train split.
//! Each document goes through the pipeline as far as typing does (text, mentions, parse); every
//! candidate name ([`super::is_candidate`]) is one instance, labelled with the type of the gold
//! name it matches: the same span, or else the gold name holding its last word; NONE when no gold
//! name does. An averaged perceptron learns the weights over a fixed number of epochs in an order
//! shuffled by a fixed seed, so the same data gives the same table, byte for byte. Features seen
//! in fewer than `min_count` instances are dropped, and the weights are written × 1000, rounded.

use super::features::{self, Feats};
use super::model::{CLASSES, NONE};
use super::{is_candidate, DocContext};
use crate::lexicon::Lexicon;
use crate::model::DocumentMeta;
use crate::text::Document;
use std::collections::{BTreeMap, HashMap};

/// One training document.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct GoldDoc {
    /// Document id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Gold names: byte start, byte end, type (PER, ORG, LOC).
    pub gold: Vec<(usize, usize, String)>,
}

/// One candidate name: its features and its label (class index).
#[derive(Debug, Clone)]
pub struct Instance {
    /// Feature ids.
    pub feats: Vec<u32>,
    /// Class index into [`CLASSES`].
    pub label: usize,
}

/// Instances and the feature strings their ids stand for.
#[derive(Debug, Default)]
pub struct Data {
    /// The instances.
    pub instances: Vec<Instance>,
    /// Feature strings by id.
    pub names: Vec<String>,
    index: HashMap<String, u32>,
}

fn class_of(t: &str) -> usize {
    CLASSES.iter().position(|c| *c == t).unwrap_or(NONE)
}

/// Runs the pipeline on `docs` and collects the instances.
pub fn instances(docs: &[GoldDoc], lex: &Lexicon) -> Data {
    let mut data = Data::default();
    let mut f = Feats::default();
    f.keep_names = true;
    for gd in docs {
        let meta = DocumentMeta { id: gd.id.clone(), ..Default::default() };
        let doc = Document::new(meta, gd.text.clone());
        let mentions = crate::mentions::find(&doc, lex);
        let parse = crate::extract::parse_with_names(&doc, &mentions);
        let ctx = DocContext::new(&doc, &parse, &mentions, lex);
        for i in 0..mentions.len() {
            let m = &mentions[i];
            if !is_candidate(m, i.checked_sub(1).map(|p| &mentions[p])) {
                continue;
            }
            let last = doc.tokens[m.tokens.end - 1].start;
            let label = gd
                .gold
                .iter()
                .find(|g| g.0 == m.span.start && g.1 == m.span.end)
                .or_else(|| gd.gold.iter().find(|g| g.0 <= last && last < g.1))
                .map_or(NONE, |g| class_of(&g.2));
            features::extract(&doc, &ctx, &mentions, i, lex, &mut f);
            let mut ids: Vec<u32> = f
                .names
                .iter()
                .map(|n| {
                    let next = data.names.len() as u32;
                    *data.index.entry(n.clone()).or_insert_with(|| {
                        data.names.push(n.clone());
                        next
                    })
                })
                .collect();
            ids.sort_unstable();
            ids.dedup();
            data.instances.push(Instance { feats: ids, label });
        }
    }
    data
}

/// Trains an averaged perceptron; returns the weights (× 1000, rounded) of the features seen in
/// at least `min_count` instances, by feature string.
pub fn train(data: &Data, epochs: usize, min_count: usize) -> BTreeMap<String, [i32; 4]> {
    let nf = data.names.len();
    let mut w = vec![[0f64; 4]; nf];
    let mut total = vec![[0f64; 4]; nf];
    let mut stamp = vec![[0u64; 4]; nf];
    let mut count = vec![0usize; nf];
    for inst in &data.instances {
        for &f in &inst.feats {
            count[f as usize] += 1;
        }
    }
    let mut order: Vec<usize> = (0..data.instances.len()).collect();
    let mut rng: u64 = 0x2545F4914F6CDD1D;
    let mut t: u64 = 0;
    for _ in 0..epochs {
        // Fisher–Yates with xorshift64: the same order on every machine.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &k in &order {
            t += 1;
            let inst = &data.instances[k];
            let mut s = [0f64; 4];
            for &f in &inst.feats {
                for c in 0..4 {
                    s[c] += w[f as usize][c];
                }
            }
            let guess = (0..4).max_by(|&a, &b| s[a].total_cmp(&s[b]).then(b.cmp(&a))).unwrap_or(NONE);
            if guess == inst.label {
                continue;
            }
            for &f in &inst.feats {
                let f = f as usize;
                for (c, delta) in [(inst.label, 1.0), (guess, -1.0)] {
                    total[f][c] += (t - stamp[f][c]) as f64 * w[f][c];
                    stamp[f][c] = t;
                    w[f][c] += delta;
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    for f in 0..nf {
        if count[f] < min_count {
            continue;
        }
        let mut q = [0i32; 4];
        for c in 0..4 {
            let avg = (total[f][c] + (t - stamp[f][c]) as f64 * w[f][c]) / t.max(1) as f64;
            q[c] = (avg * 1000.0).round() as i32;
        }
        if q.iter().any(|&x| x != 0) {
            out.insert(data.names[f].clone(), q);
        }
    }
    out
}

/// The table file: `header` comment lines, the column header, one line per feature.
pub fn write_table(weights: &BTreeMap<String, [i32; 4]>, header: &str) -> String {
    let mut s = String::new();
    for l in header.lines() {
        s.push_str("# ");
        s.push_str(l);
        s.push('\n');
    }
    s.push_str("feature\t");
    s.push_str(&CLASSES.join("\t"));
    s.push('\n');
    for (f, w) in weights {
        if f.contains(['\t', '\n']) {
            continue;
        }
        s.push_str(f);
        for x in w {
            s.push('\t');
            s.push_str(&x.to_string());
        }
        s.push('\n');
    }
    s
}
