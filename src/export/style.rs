//! Shared presentation and data helpers: colour, size, shape and position of a node, valid
//! dates. One place, so every drawing format colours a Person the same way.
//!
//! Everything here is a pure function of the node (never of the graph's iteration order), so
//! adding a node elsewhere in the graph does not move or recolour the others.

use crate::graph::KnowledgeGraph;
use crate::model::{Evidence, Node, NodeType};

/// The fill colour of a node type, as `(r, g, b)` (Tableau 10).
pub fn node_color(t: NodeType) -> (u8, u8, u8) {
    match t {
        NodeType::Person => (0x4e, 0x79, 0xa7),
        NodeType::Country => (0xf2, 0x8e, 0x2b),
        NodeType::Organization => (0x59, 0xa1, 0x4f),
        NodeType::Location => (0x76, 0xb7, 0xb2),
        NodeType::Event => (0xe1, 0x57, 0x59),
        NodeType::Document => (0x9c, 0x75, 0x5f),
        NodeType::Concept => (0xba, 0xb0, 0xac),
        NodeType::Statement => (0xed, 0xc9, 0x48),
    }
}

/// `#rrggbb` for a node type.
pub fn color_hex(t: NodeType) -> String {
    let (r, g, b) = node_color(t);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Graphviz shape for a node type.
pub fn dot_shape(t: NodeType) -> &'static str {
    match t {
        NodeType::Person => "ellipse",
        NodeType::Country => "hexagon",
        NodeType::Organization => "box",
        NodeType::Location => "house",
        NodeType::Event => "diamond",
        NodeType::Document => "folder",
        NodeType::Concept => "egg",
        NodeType::Statement => "note",
    }
}

/// Display size of a node: grows with the square root of its mentions (at least 1), two
/// decimals, so it is exactly representable in every text format.
pub fn node_size(n: &Node) -> f64 {
    let m = n.mentions.max(1) as f64;
    ((4.0 + 2.0 * m.sqrt()) * 100.0).round() / 100.0
}

/// A deterministic initial position in [-100, 100]², from an FNV-1a hash of the id: stable
/// when other nodes come and go, identical on every platform (integer arithmetic only).
pub fn node_position(id: &str) -> (f64, f64) {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let x = (h & 0xffff) as i64 - 0x8000; // -32768 ..= 32767
    let y = ((h >> 16) & 0xffff) as i64 - 0x8000;
    // IEEE division is correctly rounded, so this is the same number on every platform
    (x as f64 / 327.68, y as f64 / 327.68)
}

/// `Some(date)` when `s` is a valid ISO calendar date `YYYY-MM-DD` (xsd:date without zone).
/// Month-day-only dates (`--MM-DD`) and impossible days (`2016-02-30`) give `None`.
pub fn iso_date(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) { part.parse().ok() } else { None }
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (y >= 1 && (1..=days).contains(&d)).then_some(s)
}

/// The valid ISO dates of a node: its statement date and the dates of its documents.
pub fn node_dates(g: &KnowledgeGraph, n: &Node) -> Vec<String> {
    let mut out: Vec<String> = n
        .date
        .iter()
        .map(String::as_str)
        .chain(n.docs.iter().filter_map(|d| g.documents().get(d)?.date.as_deref()))
        .filter_map(iso_date)
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The valid ISO dates of an edge's evidence (its own date, else its document's).
pub fn evidence_dates(g: &KnowledgeGraph, evidence: &[Evidence]) -> Vec<String> {
    let mut out: Vec<String> = evidence
        .iter()
        .filter_map(|e| match &e.date {
            Some(d) => Some(d.as_str()),
            None => g.documents().get(&e.doc)?.date.as_deref(),
        })
        .filter_map(iso_date)
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(iso_date("2016-09-12"), Some("2016-09-12"));
        assert_eq!(iso_date("2016-02-29"), Some("2016-02-29"));
        assert_eq!(iso_date("2015-02-29"), None);
        assert_eq!(iso_date("--09-12"), None);
        assert_eq!(iso_date("2016-13-01"), None);
        assert_eq!(iso_date("２０16-01-01"), None);
        assert_eq!(iso_date("0000-01-01"), None);
    }

    #[test]
    fn positions_in_range() {
        for id in ["", "a", "sergey-lavrov", "\u{1F600}"] {
            let (x, y) = node_position(id);
            assert!((-100.0..=100.0).contains(&x) && (-100.0..=100.0).contains(&y), "{id}: {x},{y}");
        }
        assert_ne!(node_position("a"), node_position("b"));
    }
}
