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
//! 2. an exact normalized name (statements excluded), in two strengths: a **full name** — the
//!    node's id or label, or an alias that is more than a part of the label ("Donald Trump",
//!    "President Obama", "Mr. Trump") — beats a **surname** — an alias that coreference took
//!    from the last name (`COREF/SURNAME/*`, `XDOC/SURNAME/*`) or that is only some of the
//!    label's words ("Trump" as an alias of Ivanka Trump);
//! 3. a partial hit: every token of the query is a token of one of the node's names
//!    ("lavrov" finds "Sergey Lavrov"; statements excluded).
//!
//! One node found: that node. Several full names: [`QueryError::Ambiguous`]. Several surnames
//! or partial hits: the one **far better attested** — at least [`DOMINANCE`] times the
//! mentions *and* the documents of every other (the threshold of the identity rule
//! `XDOC/SURNAME/2`: "Trump" in a corpus about the 2016 election is Donald Trump, not Ivanka
//! Trump of one article) — with a [`Resolved::note`] naming the others; else
//! [`QueryError::Ambiguous`], listing each candidate with its roles and documents so the user
//! can pick by id. None: [`QueryError::Unknown`] with up to five close names by Jaro-Winkler
//! similarity (computed only on this error path).

use super::QueryError;
use crate::graph::KnowledgeGraph;
use crate::model::{EdgeKind, Node, NodeType};
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::EdgeRef;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// At most this many candidates are listed in an ambiguity error.
pub const MAX_CANDIDATES: usize = 20;
/// At most this many suggestions are given for an unknown name.
pub const MAX_SUGGESTIONS: usize = 5;
/// Minimum Jaro-Winkler similarity for a suggestion.
const SUGGEST_MIN: f64 = 0.86;
/// A surname or partial hit is taken when one node has at least this many times the mentions
/// and the documents of every other (see the module notes).
pub const DOMINANCE: u64 = 3;
/// Documents and roles listed per candidate.
const CANDIDATE_DETAILS: usize = 3;

/// A node named in an error: who it is, and what tells it apart from its namesakes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// Node id: what to type to choose it.
    pub id: String,
    /// Display label.
    pub label: String,
    /// Node type.
    #[serde(rename = "type")]
    pub node_type: NodeType,
    /// Mentions resolved to it.
    pub mentions: u64,
    /// Number of documents it appears in.
    pub documents: usize,
    /// Its first documents (at most three), sorted.
    pub docs: Vec<String>,
    /// Its roles ("foreign-minister-of Russia", "president"), most attested first (at most three).
    pub roles: Vec<String>,
}

impl Candidate {
    /// The candidate for a node, with its roles as found by the caller.
    pub fn of(n: &Node, roles: Vec<String>) -> Candidate {
        Candidate {
            id: n.id.clone(),
            label: n.label.clone(),
            node_type: n.node_type,
            mentions: n.mentions,
            documents: n.docs.len(),
            docs: n.docs.iter().take(CANDIDATE_DETAILS).cloned().collect(),
            roles: roles.into_iter().take(CANDIDATE_DETAILS).collect(),
        }
    }

    /// One line for people: `id  label  type  N mentions in M documents (a.txt, …)  roles`.
    fn describe(&self) -> String {
        let mut s = format!("{} mentions in {}", self.mentions, plural(self.documents, "document", "documents"));
        if !self.docs.is_empty() {
            let more = if self.documents > self.docs.len() { ", …" } else { "" };
            s.push_str(&format!(" ({}{more})", self.docs.join(", ")));
        }
        if !self.roles.is_empty() {
            s.push_str(&format!("; {}", self.roles.join(", ")));
        }
        s
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// How a role edge reads in a candidate list: `foreign-minister-of Russia`, or for
/// `holds-title` just the title.
pub fn role_text(relation: &str, target: &str) -> String {
    if relation == "holds-title" { target.to_string() } else { format!("{relation} {target}") }
}

/// How strongly an exact normalized name names a node (see the module notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// Its id, its label, or an alias that is more than a part of the label.
    Full,
    /// A surname alias, or only some of the label's words.
    Surname,
}

/// How the normalized name `key` names `n` (which must have `key` among its names).
pub fn strength(n: &Node, key: &str) -> Strength {
    let label = normalize(&n.label);
    if label == key || normalize(&n.id) == key {
        return Strength::Full;
    }
    let words: Vec<&str> = label.split(' ').collect();
    let part = key.split(' ').count() < words.len() && key.split(' ').all(|t| words.contains(&t));
    let full_alias = n.aliases.iter().any(|a| {
        normalize(a) == key && !part && !n.alias_rules.get(a).is_some_and(|r| r.contains("/SURNAME/"))
    });
    if full_alias { Strength::Full } else { Strength::Surname }
}

/// What a name resolves to among the nodes it matched.
#[derive(Debug)]
pub enum Decision<'n> {
    /// This node; with a note when it was chosen among namesakes.
    One(&'n Node, Option<String>),
    /// Several, none far better attested: the caller lists them.
    Ambiguous(Vec<&'n Node>),
    /// Nothing matched.
    None,
}

/// Chooses among the nodes a name matched: `exact` are the nodes with the normalized name
/// `key` among their names; `partial` (asked only when `exact` is empty) those with every
/// token of it. The rules are in the module notes.
pub fn decide<'n>(name: &str, key: &str, exact: Vec<&'n Node>, partial: impl FnOnce() -> Vec<&'n Node>) -> Decision<'n> {
    if !exact.is_empty() {
        let full: Vec<&Node> = exact.iter().copied().filter(|n| strength(n, key) == Strength::Full).collect();
        return match full.len() {
            1 => Decision::One(full[0], None),
            0 => dominant(name, exact),
            _ => Decision::Ambiguous(full),
        };
    }
    let hits = partial();
    if hits.is_empty() { Decision::None } else { dominant(name, hits) }
}

fn dominant<'n>(name: &str, mut hits: Vec<&'n Node>) -> Decision<'n> {
    if hits.len() == 1 {
        return Decision::One(hits[0], None);
    }
    hits.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(b.docs.len().cmp(&a.docs.len())).then(a.id.cmp(&b.id)));
    let top = hits[0];
    let far = |o: &&Node| top.mentions >= DOMINANCE * o.mentions.max(1) && top.docs.len() as u64 >= DOMINANCE * (o.docs.len() as u64).max(1);
    if !hits[1..].iter().all(far) {
        return Decision::Ambiguous(hits);
    }
    let others: Vec<String> = hits[1..]
        .iter()
        .take(CANDIDATE_DETAILS)
        .map(|o| format!("{} ({}, {})", o.label, o.id, plural(o.docs.len(), "document", "documents")))
        .collect();
    let more = if hits.len() - 1 > CANDIDATE_DETAILS { format!(" and {} more", hits.len() - 1 - CANDIDATE_DETAILS) } else { String::new() };
    let note = format!(
        "{name:?} taken as {} ({}: {} mentions in {}), far the best attested; it also names {}{more}: give an id to choose another",
        top.label,
        top.id,
        top.mentions,
        plural(top.docs.len(), "document", "documents"),
        others.join(", ")
    );
    Decision::One(top, Some(note))
}

/// The candidates of an ambiguity error, most mentioned first, and how many more there were.
pub fn candidates(nodes: &[&Node], roles: impl Fn(&Node) -> Vec<String>) -> (Vec<Candidate>, usize) {
    let mut v = nodes.to_vec();
    v.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.id.cmp(&b.id)));
    let more = v.len().saturating_sub(MAX_CANDIDATES);
    (v.into_iter().take(MAX_CANDIDATES).map(|n| Candidate::of(n, roles(n))).collect(), more)
}

/// The roles of a node of `g`: its role edges, most attested first.
pub fn graph_roles(g: &KnowledgeGraph, n: &Node) -> Vec<String> {
    let Some(ix) = g.index_of(&n.id) else { return vec![] };
    let graph = g.graph();
    let mut v: Vec<(u64, String)> = graph
        .edges_directed(ix, petgraph::Direction::Outgoing)
        .filter(|e| e.weight().kind == EdgeKind::Role && !e.weight().negated)
        .map(|e| (e.weight().count, role_text(&e.weight().relation, &graph[e.target()].label)))
        .collect();
    v.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    v.dedup_by(|a, b| a.1 == b.1);
    v.into_iter().map(|x| x.1).collect()
}

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
        self.resolve_noted(g, name).map(|r| r.0)
    }

    /// [`resolve`](Self::resolve), with the note said when the node was chosen among namesakes.
    pub fn resolve_noted(&self, g: &KnowledgeGraph, name: &str) -> Result<(NodeIndex, Option<String>), QueryError> {
        let raw = name.trim();
        if let Some(ix) = g.index_of(raw) {
            return Ok((ix, None));
        }
        let key = normalize(raw);
        if key.is_empty() {
            return Err(QueryError::Unknown { name: name.to_string(), suggestions: vec![] });
        }
        let graph = g.graph();
        let exact: Vec<&Node> = self.exact.get(&key).map(|v| v.iter().map(|ix| &graph[*ix]).collect()).unwrap_or_default();
        match decide(name, &key, exact, || self.token_hits(&key).into_iter().map(|ix| &graph[ix]).collect()) {
            Decision::One(n, note) => Ok((g.index_of(&n.id).unwrap_or_default(), note)),
            Decision::Ambiguous(nodes) => {
                let (candidates, more) = candidates(&nodes, |n| graph_roles(g, n));
                Err(QueryError::Ambiguous { name: name.to_string(), candidates, more })
            }
            Decision::None => Err(QueryError::Unknown { name: name.to_string(), suggestions: self.suggest(g, &key) }),
        }
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
    Candidate::of(&g.graph()[ix], vec![])
}

/// The candidates as aligned lines, one each: id, label, type, mentions, documents, roles.
pub fn candidate_lines(list: &[Candidate]) -> String {
    let wid = list.iter().map(|c| c.id.chars().count()).max().unwrap_or(0);
    let wlab = list.iter().map(|c| c.label.chars().count()).max().unwrap_or(0);
    let wty = list.iter().map(|c| c.node_type.as_str().len()).max().unwrap_or(0);
    let mut s = String::new();
    for c in list {
        s.push_str(&format!("  {:<wid$}  {:<wlab$}  {:<wty$}  {}\n", c.id, c.label, c.node_type.as_str(), c.describe()));
    }
    s
}

fn short_list(list: &[Candidate], more: usize) -> String {
    let mut v: Vec<String> = list.iter().map(|c| format!("{} ({})", c.id, c.label)).collect();
    if more > 0 {
        v.push(format!("… and {more} more"));
    }
    v.join(", ")
}

/// `; did you mean: a, b` for a list of close spellings (empty when there is none).
pub fn did_you_mean(list: &[String]) -> String {
    if list.is_empty() { String::new() } else { format!("; did you mean: {}", list.join(", ")) }
}

/// Checks a `--relation` filter against the relations a graph holds: an edge kind (`quote`,
/// `role`, …) or one of `known` (any case, spaces for hyphens) passes; anything else is
/// [`QueryError::UnknownRelation`] with up to five relations spelled alike.
pub fn check_relation<'a>(relation: &str, known: impl IntoIterator<Item = &'a str>) -> Result<(), QueryError> {
    let want = relation.trim().to_lowercase().split_whitespace().collect::<Vec<_>>().join("-");
    if crate::model::EdgeKind::parse(&want).is_some() {
        return Ok(());
    }
    let mut close: Vec<(f64, &str)> = Vec::new();
    for k in known {
        if k.eq_ignore_ascii_case(&want) {
            return Ok(());
        }
        let s = strsim::jaro_winkler(&want, &k.to_lowercase());
        if s >= 0.8 {
            close.push((s, k));
        }
    }
    close.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let suggestions = close.into_iter().take(MAX_SUGGESTIONS).map(|x| x.1.to_string()).collect();
    Err(QueryError::UnknownRelation { relation: relation.to_string(), suggestions })
}

/// The message of [`QueryError::Unknown`] (one line; [`candidate_lines`] gives the details).
pub fn unknown_message(name: &str, suggestions: &[Candidate]) -> String {
    if suggestions.is_empty() {
        format!("no node is named {name:?}")
    } else {
        format!("no node is named {name:?}; did you mean: {}", short_list(suggestions, 0))
    }
}

/// The message of [`QueryError::Ambiguous`] (one line; [`candidate_lines`] gives the details).
pub fn ambiguous_message(name: &str, candidates: &[Candidate], more: usize) -> String {
    let total = candidates.len() + more;
    format!("{name:?} is ambiguous: {total} nodes match: {}; use an id or a fuller name to choose", short_list(candidates, more))
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
