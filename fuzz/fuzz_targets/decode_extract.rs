//! Decoding and extraction of any bytes: as a file (whole, and streamed in parts under a small
//! size cap) and as a JSON-lines line. Besides "no panic, no hang", it checks the offsets
//! invariant: every evidence sentence is the text between its offsets, also for a part, whose
//! offsets are those of the whole document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::extract::extract;
use newsgraph::input::{decode, from_bytes, jsonl, parts};
use newsgraph::lexicon::Lexicon;
use newsgraph::model::DocFacts;

fn check_offsets(facts: &DocFacts, whole: &str) {
    for e in &facts.edges {
        for ev in &e.edge.evidence {
            assert!(ev.start <= ev.end && ev.end <= whole.len(), "evidence {}..{} outside the text ({})", ev.start, ev.end, whole.len());
            assert_eq!(whole.get(ev.start..ev.end), Some(ev.text.as_str()), "evidence text is not the text at its offsets");
        }
    }
    for n in &facts.nodes {
        if let (Some(s), Some(e)) = (n.start, n.end) {
            assert!(s <= e && e <= whole.len(), "statement {s}..{e} outside the text");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let lex = Lexicon::builtin();
    let whole = decode::decode(data).ok().filter(|_| !decode::is_utf16(data)).map(|(t, _)| t);
    if let Ok(doc) = from_bytes("f.txt".into(), "f.txt".into(), data) {
        let facts = extract(&doc, lex);
        check_offsets(&facts, &doc.text);
    }
    // Streamed in parts under a cap of 64..4144 bytes (the first byte picks it).
    let max = 64 + 16 * data.first().copied().unwrap_or(0) as usize;
    let mut docs = Vec::new();
    parts::read_parts(&mut &data[..], "f.txt", "f.txt", max, &mut |r| docs.extend(r.ok()));
    for d in &docs {
        assert!(d.bytes as usize <= max + 3, "a part over the cap (by more than a character)");
        if let Some(w) = &whole {
            let at = d.offset as usize;
            assert_eq!(w.get(at..at + d.text.len()), Some(d.text.as_str()), "a part is not the text at its offset");
            check_offsets(&extract(d, lex), w);
        }
    }
    if let Ok(s) = std::str::from_utf8(data) {
        if let Ok(Some(d)) = jsonl::parse_line(s, "d.jsonl:1", &mut |_| {}) {
            for p in parts::split_doc(d, max) {
                assert!(p.text.len() <= max + 3);
            }
        }
    }
});
