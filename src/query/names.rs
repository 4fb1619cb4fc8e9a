//! Name resolution: from what a person types to one node.
//!
//! Names are compared after [`normalize`]: lower case, accents removed (NFKD, combining marks
//! dropped, plus a few letters that do not decompose: ø, đ, ł, ß…), quotes, apostrophes and
//! full stops dropped ("U.S." → "us", "O'Neil" → "oneil"), and every other run of
//! non-alphanumeric characters (dashes, spaces, commas) turned into one space
//! ("Kim Jong-un" → "kim jong un").
//!
//! [`NameIndex::resolve`] tries, in order, and stops at the first step that finds anything:
//! 1. the exact id, as typed (any node, statements included — ids are unambiguous);
//! 2. an exact normalized id, label or alias (statements excluded);
//! 3. a partial hit: every token of the query is a token of one of the node's names
//!    ("lavrov" finds "Sergey Lavrov"; statements excluded).
//!
//! One node found: that node. Several: [`QueryError::Ambiguous`] listing them (most mentioned
//! first), never a guess. None: [`QueryError::Unknown`] with up to five close names by
//! Jaro-Winkler similarity (computed only on this error path).

use super::{Candidate, QueryError};
use crate::graph::KnowledgeGraph;
use crate::model::NodeType;
use petgraph::stable_graph::NodeIndex;
use rayon::prelude::*;
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// At most this many candidates are listed in an ambiguity error.
pub const MAX_CANDIDATES: usize = 20;
/// At most this many suggestions are given for an unknown name.
pub const MAX_SUGGESTIONS: usize = 5;
/// Minimum Jaro-Winkler similarity for a suggestion.
const SUGGEST_MIN: f64 = 0.86;

/// Normalizes a name or a text for comparison (see the module notes).
///
/// ```
/// use newsgraph::query::normalize;
/// assert_eq!(normalize("Sergéi  Lavrov"), "sergei lavrov");
/// assert_eq!(normalize("Kim Jong-un"), "kim jong un");
/// assert_eq!(normalize("“U.S.” officials"), "us officials");
/// ```
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_into(s, &mut out);
    out
}

/// [`normalize`], appending to `out` (no allocation when `out` has room).
pub fn normalize_into(s: &str, out: &mut String) {
    let start = out.len();
    let mut space = false;
    if s.is_ascii() {
        for &b in s.as_bytes() {
            if b.is_ascii_alphanumeric() {
                if space && out.len() > start {
                    out.push(' ');
                }
                space = false;
                out.push(b.to_ascii_lowercase() as char);
            } else if !matches!(b, b'\'' | b'"' | b'`' | b'.') {
                space = true;
            }
        }
        return;
    }
    let out_start = start;
    let push = |c: char, out: &mut String, space: &mut bool| step(c, out, space, out_start);
    for c in s.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ø' | 'Ø' => push('o', out, &mut space),
            'đ' | 'Đ' => push('d', out, &mut space),
            'ł' | 'Ł' => push('l', out, &mut space),
            'ı' => push('i', out, &mut space),
            'ß' => {
                push('s', out, &mut space);
                push('s', out, &mut space);
            }
            'æ' | 'Æ' => {
                push('a', out, &mut space);
                push('e', out, &mut space);
            }
            _ => push(c, out, &mut space),
        }
    }
}

fn step(c: char, out: &mut String, space: &mut bool, start: usize) {
    if c.is_alphanumeric() {
        if *space && out.len() > start {
            out.push(' ');
        }
        *space = false;
        out.extend(c.to_lowercase());
    } else if !matches!(
        c,
        '\'' | '"' | '`' | '´' | '.' | '‘' | '’' | '‚' | '‛' | '“' | '”' | '„' | '‟' | '«' | '»' | '‹' | '›'
    ) {
        *space = true;
    }
}

type Map = HashMap<String, Vec<NodeIndex>, foldhash::fast::FixedState>;

/// The names of every resolvable node, normalized: exact names and name tokens.
#[derive(Debug, Default)]
pub struct NameIndex {
    exact: Map,
    tokens: Map,
}

fn add(map: &mut Map, key: &str, ix: NodeIndex) {
    match map.get_mut(key) {
        Some(v) => {
            if v.last() != Some(&ix) {
                v.push(ix);
            }
        }
        None => {
            map.insert(key.to_string(), vec![ix]);
        }
    }
}

impl NameIndex {
    /// Indexes the ids, labels and aliases of every node but statements. Names are normalized
    /// in parallel (rayon); the maps are filled in node-index order, so every list is sorted.
    pub fn build(g: &KnowledgeGraph) -> NameIndex {
        let graph = g.graph();
        let nodes: Vec<NodeIndex> =
            graph.node_indices().filter(|ix| graph[*ix].node_type != NodeType::Statement).collect();
        let keys: Vec<Vec<String>> = nodes
            .par_iter()
            .map(|ix| {
                let n = &graph[*ix];
                let names = std::iter::once(&n.id).chain(std::iter::once(&n.label)).chain(n.aliases.iter());
                let mut keys: Vec<String> = names.map(|s| normalize(s)).filter(|k| !k.is_empty()).collect();
                keys.sort_unstable();
                keys.dedup();
                keys
            })
            .collect();
        let mut idx = NameIndex::default();
        for (ix, keys) in nodes.iter().zip(&keys) {
            for key in keys {
                for t in key.split(' ') {
                    add(&mut idx.tokens, t, *ix);
                }
                add(&mut idx.exact, key, *ix);
            }
        }
        idx
    }

    /// Resolves `name` in `g` (see the module notes for the rules).
    pub fn resolve(&self, g: &KnowledgeGraph, name: &str) -> Result<NodeIndex, QueryError> {
        let raw = name.trim();
        if let Some(ix) = g.index_of(raw) {
            return Ok(ix);
        }
        let key = normalize(raw);
        if key.is_empty() {
            return Err(QueryError::Unknown { name: name.to_string(), suggestions: vec![] });
        }
        if let Some(hits) = self.exact.get(&key) {
            return one_of(g, name, hits);
        }
        let hits = self.token_hits(&key);
        if !hits.is_empty() {
            return one_of(g, name, &hits);
        }
        Err(QueryError::Unknown { name: name.to_string(), suggestions: self.suggest(g, &key) })
    }

    /// Nodes that have every token of `key` among the tokens of their names.
    fn token_hits(&self, key: &str) -> Vec<NodeIndex> {
        let mut lists: Vec<&Vec<NodeIndex>> = Vec::new();
        for t in key.split(' ') {
            match self.tokens.get(t) {
                Some(v) => lists.push(v),
                None => return vec![],
            }
        }
        lists.sort_by_key(|v| v.len());
        let Some((first, rest)) = lists.split_first() else { return vec![] };
        first.iter().copied().filter(|ix| rest.iter().all(|v| v.binary_search(ix).is_ok())).collect()
    }

    /// Names close to `key`, best first: whole names and single name tokens are compared.
    fn suggest(&self, g: &KnowledgeGraph, key: &str) -> Vec<Candidate> {
        let mut scored: HashMap<NodeIndex, f64> = HashMap::new();
        let mut consider = |score: f64, nodes: &[NodeIndex]| {
            if score < SUGGEST_MIN || nodes.len() > MAX_CANDIDATES {
                return;
            }
            for &ix in nodes {
                let e = scored.entry(ix).or_insert(0.0);
                if score > *e {
                    *e = score;
                }
            }
        };
        for (name, nodes) in &self.exact {
            consider(strsim::jaro_winkler(key, name), nodes);
        }
        if !key.contains(' ') {
            for (tok, nodes) in &self.tokens {
                if tok.chars().count() >= 3 {
                    consider(strsim::jaro_winkler(key, tok), nodes);
                }
            }
        }
        let graph = g.graph();
        let mut v: Vec<(f64, NodeIndex)> = scored.into_iter().map(|(ix, s)| (s, ix)).collect();
        v.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| graph[b.1].mentions.cmp(&graph[a.1].mentions))
                .then_with(|| graph[a.1].id.cmp(&graph[b.1].id))
        });
        v.into_iter().take(MAX_SUGGESTIONS).map(|(_, ix)| candidate(g, ix)).collect()
    }
}

fn candidate(g: &KnowledgeGraph, ix: NodeIndex) -> Candidate {
    let n = &g.graph()[ix];
    (n.id.clone(), n.label.clone(), n.node_type)
}

fn one_of(g: &KnowledgeGraph, name: &str, hits: &[NodeIndex]) -> Result<NodeIndex, QueryError> {
    match hits {
        [] => Err(QueryError::Unknown { name: name.to_string(), suggestions: vec![] }),
        [one] => Ok(*one),
        many => {
            let graph = g.graph();
            let mut v = many.to_vec();
            v.sort_by(|a, b| {
                graph[*b].mentions.cmp(&graph[*a].mentions).then_with(|| graph[*a].id.cmp(&graph[*b].id))
            });
            let more = v.len().saturating_sub(MAX_CANDIDATES);
            let candidates = v.into_iter().take(MAX_CANDIDATES).map(|ix| candidate(g, ix)).collect();
            Err(QueryError::Ambiguous { name: name.to_string(), candidates, more })
        }
    }
}

fn candidate_lines(list: &[Candidate]) -> String {
    let wid = list.iter().map(|c| c.0.chars().count()).max().unwrap_or(0);
    let wlab = list.iter().map(|c| c.1.chars().count()).max().unwrap_or(0);
    let mut s = String::new();
    for (id, label, ty) in list {
        s.push_str(&format!("\n  {id:<wid$}  {label:<wlab$}  {ty}"));
    }
    s
}

/// The message of [`QueryError::Unknown`].
pub fn unknown_message(name: &str, suggestions: &[Candidate]) -> String {
    if suggestions.is_empty() {
        format!("no node is named {name:?}")
    } else {
        format!("no node is named {name:?}; did you mean:{}", candidate_lines(suggestions))
    }
}

/// The message of [`QueryError::Ambiguous`].
pub fn ambiguous_message(name: &str, candidates: &[Candidate], more: usize) -> String {
    let total = candidates.len() + more;
    let mut s = format!("{name:?} is ambiguous: {total} nodes match{}", candidate_lines(candidates));
    if more > 0 {
        s.push_str(&format!("\n  … and {more} more"));
    }
    s.push_str("\nuse an id or a fuller name to choose");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_case_accents_quotes_and_dashes() {
        assert_eq!(normalize("Sergéi  LAVROV"), "sergei lavrov");
        assert_eq!(normalize("Kim Jong‑un"), "kim jong un");
        assert_eq!(normalize("“U.S.”"), "us");
        assert_eq!(normalize("O'Neil — Ødegaard, Łódź; Straße"), "oneil odegaard lodz strasse");
        assert_eq!(normalize("  --  "), "");
    }

    #[test]
    fn normalize_any_text_gives_single_spaced_lower_case_tokens() {
        // A deterministic mix of ASCII, accents, quotes, dashes, controls, CJK and emoji.
        let alphabet: Vec<char> = "aZ9 .'\"-–—_\t\n\u{0}éÅøßıǅ“”«»ÿ中文🙂\u{301}\u{200b}".chars().collect();
        let mut seed = 1u64;
        for _ in 0..2000 {
            let mut s = String::new();
            for _ in 0..(seed % 24) {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                s.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
            }
            seed = seed.wrapping_add(7);
            let n = normalize(&s);
            assert!(!n.starts_with(' ') && !n.ends_with(' ') && !n.contains("  "), "{s:?} → {n:?}");
            assert_eq!(normalize(&n), n, "idempotent: {s:?}");
            assert!(!n.chars().any(|c| c.is_uppercase()), "{s:?} → {n:?}");
        }
    }
}
