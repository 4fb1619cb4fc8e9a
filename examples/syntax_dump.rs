//! Everything the syntax model decides, as text, to check that a speed change keeps the outputs
//! byte for byte:
//!
//!     cargo run --release --example syntax_dump [CONLLU...] > after.txt
//!     cmp before.txt after.txt
//!
//! Writes the CoNLL-U of `newsgraph parse` for each seed article (the document path: clitics,
//! names, repairs), then for every sentence of the given CoNLL-U files (gold tokenisation, e.g.
//! `../shared/ud/*.conllu`) one line per word with what `Model::analyse` gives: UPOS, XPOS,
//! lemma, FEATS, head and relation. The last line is a checksum (FNV-1a) of everything above.

use newsgraph::model::DocumentMeta;
use newsgraph::syntax::{conllu, document, parse_document, Model};
use newsgraph::text::Document;
use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let m = Model::global()?;
    let mut out = String::new();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)?.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in &paths {
        let doc = Document::new(DocumentMeta { id: p.display().to_string(), ..Default::default() }, std::fs::read_to_string(p)?);
        out.push_str(&document::to_conllu(&doc, &parse_document(&doc)?));
    }
    for f in std::env::args().skip(1) {
        let sents = conllu::read(&std::fs::read_to_string(&f)?, &f)?;
        out.push_str(&format!("# file {f}: {} sentences\n", sents.len()));
        for s in &sents {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            for (i, a) in m.analyse(&words).iter().enumerate() {
                out.push_str(&format!("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", i + 1, words[i], a.lemma, a.upos, a.xpos, a.feats, a.head, a.deprel));
            }
            out.push('\n');
        }
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in out.as_bytes() {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    let mut o = std::io::stdout().lock();
    o.write_all(out.as_bytes())?;
    writeln!(o, "# checksum {h:016x}, {} bytes", out.len())?;
    Ok(())
}
