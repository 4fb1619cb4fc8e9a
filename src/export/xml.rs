//! XML 1.0 text escaping shared by the GEXF and GraphML writers.
//!
//! [`escape`] makes any Rust string safe as element text *and* as a double-quoted attribute
//! value: `& < > " '` become entities, and tab, newline and carriage return become character
//! references so that attribute-value normalisation and end-of-line handling in the reader give
//! them back unchanged (as do U+0085, U+2028 and U+2029, which XML 1.1 readers such as xmldom
//! treat as line ends). XML 1.0 cannot carry the other C0 controls, U+FFFE or U+FFFF at all — not
//! even as character references — so they become U+FFFD (counted by [`lossy_strings`], which
//! [`super::write_all`] turns into a warning).

use crate::graph::KnowledgeGraph;

/// Can XML 1.0 carry this character?
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes `s` for element text or a double-quoted attribute value.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            // Line separators that XML 1.1 (and xmldom, which graphology-gexf uses) normalise
            // like line breaks: a character reference keeps them.
            '\u{85}' => out.push_str("&#133;"),
            '\u{2028}' => out.push_str("&#8232;"),
            '\u{2029}' => out.push_str("&#8233;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// What a reader gets back for `s` after [`escape`]: `s` with non-XML characters as U+FFFD.
pub fn xml_safe(s: &str) -> String {
    s.chars().map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' }).collect()
}

/// How many strings of the graph XML cannot carry unchanged.
pub fn lossy_strings(g: &KnowledgeGraph) -> usize {
    let bad = |s: &str| !s.chars().all(is_xml_char);
    let mut n = 0;
    for node in g.sorted_nodes() {
        let opt = [&node.text, &node.cue, &node.doc, &node.source_text, &node.date, &node.rule];
        n += usize::from(bad(&node.id)) + usize::from(bad(&node.label));
        n += node.aliases.iter().chain(node.docs.iter()).filter(|s| bad(s)).count();
        n += opt.iter().filter_map(|o| o.as_deref()).filter(|s| bad(s)).count();
    }
    for e in g.sorted_edges() {
        n += usize::from(bad(&e.edge.relation));
        n += e.edge.evidence.iter().filter(|ev| bad(&ev.text) || bad(&ev.doc)).count();
        n += e.edge.surface.iter().filter(|s| bad(s)).count();
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_whitespace() {
        assert_eq!(escape("a<b>&\"'\t\n\r"), "a&lt;b&gt;&amp;&quot;&apos;&#9;&#10;&#13;");
        assert_eq!(escape("\u{1}x\u{FFFF}\u{1F600}"), "\u{FFFD}x\u{FFFD}\u{1F600}");
    }
}
