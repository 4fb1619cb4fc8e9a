//! Which entities the overview picture and the interactive page show: each entity scores the
//! number of distinct entities it is tied to, by a counted relation edge or by statements (a
//! speaker and what its statements mention); the best come first (ties: more mentions, then the
//! smaller id).
//!
//! [`Ties`] holds what that ranking needs and nothing more: the entities once, as a sorted id
//! list with their types and mentions, and every tie as a pair of indices (8 bytes). A store
//! with millions of edges is ranked without an id string per edge end; the graph in memory and
//! the store feed the same structure, so both choose the same entities.

use super::drawing::drawable;
use crate::model::NodeType;
use std::collections::{BTreeMap, BTreeSet};

/// Statements by each entity, about each entity, and `(speaker, mentioned, statements)`.
pub type Counts = (BTreeMap<String, u64>, BTreeMap<String, u64>, Vec<(String, String, u64)>);

/// Entities and the ties among them (see the module notes).
#[derive(Debug, Default)]
pub struct Ties {
    ids: Vec<String>,
    info: Vec<(NodeType, u64)>,
    /// Counted ties, each as (smaller index, larger index); sorted and deduplicated by [`Ties::degrees`].
    pairs: Vec<(u32, u32)>,
    said: Vec<u64>,
    about: Vec<u64>,
    /// `(speaker, mentioned, statements)`.
    talks: Vec<(u32, u32, u64)>,
    /// Relation edges seen, counted or not.
    relation_edges: usize,
}

impl Ties {
    /// The entities (id, type, mentions); a repeated id keeps its first entry.
    pub fn new(entities: impl IntoIterator<Item = (String, NodeType, u64)>) -> Ties {
        let mut v: Vec<(String, NodeType, u64)> = entities.into_iter().collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v.dedup_by(|b, a| a.0 == b.0);
        let n = v.len();
        let (mut ids, mut info) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for (id, t, m) in v {
            ids.push(id);
            info.push((t, m));
        }
        Ties { ids, info, pairs: Vec::new(), said: vec![0; n], about: vec![0; n], talks: Vec::new(), relation_edges: 0 }
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Relation edges given to [`Ties::relation`], counted or not.
    pub fn relation_edges(&self) -> usize {
        self.relation_edges
    }

    /// No entities.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    fn index(&self, id: &str) -> Option<u32> {
        self.ids.binary_search_by(|x| x.as_str().cmp(id)).ok().map(|i| i as u32)
    }

    fn drawable(&self, i: u32) -> bool {
        drawable(self.info[i as usize].0)
    }

    fn tie(&mut self, s: u32, t: u32) {
        if s != t && self.drawable(s) && self.drawable(t) {
            self.pairs.push((s.min(t), s.max(t)));
        }
    }

    /// A relation edge; counted unless it is a bare title (`holds-title`), a loop, or touches an
    /// entity that is not drawn (or not known).
    pub fn relation(&mut self, source: &str, target: &str, relation: &str) {
        self.relation_edges += 1;
        if relation == "holds-title" {
            return;
        }
        if let (Some(s), Some(t)) = (self.index(source), self.index(target)) {
            self.tie(s, t);
        }
    }

    /// `n` statements by `speaker` mention `mentioned`.
    pub fn talk(&mut self, speaker: &str, mentioned: &str, n: u64) {
        if let (Some(s), Some(t)) = (self.index(speaker), self.index(mentioned)) {
            self.talks.push((s, t, n));
            self.tie(s, t);
        }
    }

    /// `n` statements by `speaker`.
    pub fn said(&mut self, speaker: &str, n: u64) {
        if let Some(i) = self.index(speaker) {
            self.said[i as usize] += n;
        }
    }

    /// `n` statements mention `entity`.
    pub fn about(&mut self, entity: &str, n: u64) {
        if let Some(i) = self.index(entity) {
            self.about[i as usize] += n;
        }
    }

    /// Distinct entities each entity is tied to.
    fn degrees(&mut self) -> Vec<u32> {
        self.pairs.sort_unstable();
        self.pairs.dedup();
        self.pairs.shrink_to_fit();
        let mut degree = vec![0u32; self.ids.len()];
        for &(a, b) in &self.pairs {
            degree[a as usize] += 1;
            degree[b as usize] += 1;
        }
        degree
    }

    /// The `k` best-tied entities (only those with a tie), by the ranking of the module notes.
    pub fn choose(&mut self, k: usize) -> BTreeSet<String> {
        let degree = self.degrees();
        let mut ranked: Vec<u32> = (0..self.ids.len() as u32).filter(|&i| degree[i as usize] > 0).collect();
        let info = &self.info;
        // Indices follow the sorted ids, so the smaller index is the smaller id.
        ranked.sort_unstable_by(|&a, &b| {
            let (a, b) = (a as usize, b as usize);
            degree[b].cmp(&degree[a]).then(info[b].1.cmp(&info[a].1)).then(a.cmp(&b))
        });
        ranked.into_iter().take(k).map(|i| self.ids[i as usize].clone()).collect()
    }

    /// All entities when there are at most `max`, else the `max` best tied, and when fewer
    /// than `max` have ties, the most mentioned of the others (ties: the smaller id).
    pub fn page_entities(&mut self, max: usize) -> BTreeSet<String> {
        if self.ids.len() <= max {
            return self.ids.iter().cloned().collect();
        }
        let mut chosen = self.choose(max);
        if chosen.len() < max {
            let mut rest: Vec<usize> = (0..self.ids.len()).filter(|&i| !chosen.contains(&self.ids[i])).collect();
            rest.sort_by(|&a, &b| self.info[b].1.cmp(&self.info[a].1).then(a.cmp(&b)));
            let room = max - chosen.len();
            chosen.extend(rest.into_iter().take(room).map(|i| self.ids[i].clone()));
        }
        chosen
    }

    /// Statements by, and about, each of `chosen` (those with any), and `(speaker, mentioned,
    /// statements)` between two different entities of `chosen`, sorted.
    pub fn counts_among(&self, chosen: &BTreeSet<String>) -> Counts {
        let keep: Vec<bool> = self.ids.iter().map(|id| chosen.contains(id)).collect();
        let (mut said, mut about) = (BTreeMap::new(), BTreeMap::new());
        for (i, id) in self.ids.iter().enumerate().filter(|(i, _)| keep[*i]) {
            if self.said[i] > 0 {
                said.insert(id.clone(), self.said[i]);
            }
            if self.about[i] > 0 {
                about.insert(id.clone(), self.about[i]);
            }
        }
        let mut talks: Vec<(String, String, u64)> = self
            .talks
            .iter()
            .filter(|(s, t, _)| s != t && keep[*s as usize] && keep[*t as usize])
            .map(|&(s, t, n)| (self.ids[s as usize].clone(), self.ids[t as usize].clone(), n))
            .collect();
        talks.sort();
        (said, about, talks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ties() -> Ties {
        let mut t = Ties::new([
            ("a".to_string(), NodeType::Person, 5),
            ("b".to_string(), NodeType::Person, 9),
            ("c".to_string(), NodeType::Country, 1),
            ("d".to_string(), NodeType::Organization, 3),
            ("s".to_string(), NodeType::Document, 50),
            ("z".to_string(), NodeType::Concept, 7),
        ]);
        t.relation("a", "b", "meets");
        t.relation("b", "a", "meets"); // the same tie again, the other way
        t.relation("a", "c", "visits");
        t.relation("a", "a", "praises"); // a loop is no tie
        t.relation("b", "z", "holds-title"); // nor a bare title
        t.relation("s", "d", "cites"); // nor an undrawn end
        t.relation("a", "nobody", "meets"); // nor an unknown one
        t.talk("b", "d", 4);
        t.said("b", 6);
        t.about("d", 4);
        t
    }

    #[test]
    fn ranks_by_distinct_ties_then_mentions_then_id() {
        let mut t = ties();
        // a: b, c (2); b: a, d (2, more mentions than a); c: a; d: b.
        assert_eq!(t.choose(2), ["a", "b"].iter().map(|s| s.to_string()).collect());
        assert_eq!(t.choose(3), ["a", "b", "d"].iter().map(|s| s.to_string()).collect(), "d (3 mentions) before c (1)");
        assert_eq!(t.choose(10).len(), 4, "entities without a tie are not chosen");
    }

    #[test]
    fn the_page_fills_with_the_most_mentioned() {
        let mut t = ties();
        assert_eq!(t.page_entities(6).len(), 6, "all when they fit");
        let five = t.page_entities(5);
        assert!(five.contains("s") && !five.contains("z"), "s (50 mentions) fills before z (7)");
    }

    #[test]
    fn counts_are_cut_to_the_chosen() {
        let t = ties();
        let chosen: BTreeSet<String> = ["b", "d"].iter().map(|s| s.to_string()).collect();
        let (said, about, talks) = t.counts_among(&chosen);
        assert_eq!(said.get("b"), Some(&6));
        assert_eq!(about.get("d"), Some(&4));
        assert_eq!(talks, vec![("b".to_string(), "d".to_string(), 4)]);
        let (_, _, none) = t.counts_among(&["b".to_string()].into_iter().collect());
        assert!(none.is_empty());
    }
}
