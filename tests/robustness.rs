//! No panic on any input: arbitrary bytes, and text made of the characters that stress the
//! rules (quotes, apostrophes, dashes, capitals, commas, cues), go through the whole pipeline,
//! and every span in the output slices the decoded text.

use newsgraph::extract::extract;
use newsgraph::graph::KnowledgeGraph;
use newsgraph::input::from_bytes;
use newsgraph::lexicon::Lexicon;
use proptest::prelude::*;

fn run(bytes: &[u8]) {
    let Ok(doc) = from_bytes("p.txt".into(), "p.txt".into(), bytes) else { return };
    let lex = Lexicon::builtin();
    let facts = extract(&doc, lex);
    for n in &facts.nodes {
        if let (Some(s), Some(e)) = (n.start, n.end) {
            assert!(s <= e && e <= doc.text.len() && doc.text.is_char_boundary(s) && doc.text.is_char_boundary(e));
        }
    }
    for e in &facts.edges {
        for ev in &e.edge.evidence {
            assert_eq!(&doc.text[ev.start..ev.end], ev.text);
        }
    }
    let mut g = KnowledgeGraph::default();
    g.add_facts(&facts);
    g.finalize(lex);
    let _ = g.to_json();
}

const PIECES: &[&str] = &[
    "Russia", "said", " ", ", ", ". ", "\"", "\u{201c}", "\u{201d}", "'", "\u{2019}", "''", "--", "\u{2014}", "-", "the",
    "Foreign Minister", "Sergey Lavrov", "he", "she", "according to", "told", "that", "Mr.", "U.S.", "Kim Jong-un", "\n",
    "\n\n", "(", ")", "Read also", "\u{a9} AP Photo/X", "TOKYO, March 21. /TASS/.", "which involved", "and", "visited",
    "Pyongyang", "\u{feff}", "\r\n", "é", "\u{1f600}", ":", ";", "?", "!", "3,000", "Subscribe now", "$5/month",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        run(&bytes);
    }

    #[test]
    fn any_mix_of_tricky_pieces(ix in proptest::collection::vec(0..PIECES.len(), 0..80)) {
        let text: String = ix.into_iter().map(|i| PIECES[i]).collect();
        run(text.as_bytes());
    }
}
