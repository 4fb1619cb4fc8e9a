//! Shortest paths between two entities from the store, without walking statements.
//!
//! In the graph a statement is only ever next to entities (its speakers by `quote` edges, the
//! entities it mentions by `mention` edges), so a walk through a statement is a step of two
//! hops between two entities. `links` ([`super::index`]) lists those steps; a search then moves
//! over entities only: relation edges weigh one hop, links two. This is a bidirectional
//! Dijkstra with buckets by distance: the side whose next bucket is smaller is expanded, and the
//! search stops when no undiscovered path can be shorter than the best one found (or than
//! `max_hops`). A hub speaker with thousands of statements costs one read of its links, not a
//! read of every statement. The statement of each two-hop step is chosen afterwards: the one
//! with the smallest id that joins the two entities through walked kinds.

use super::index::{LINK_MENTIONS, LINK_QUOTES, LINK_QUOTE_MENTION};
use super::read::StoreGraph;
use super::Result;
use crate::model::EdgeKind;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// One side of the search.
struct Side {
    dist: HashMap<String, u32>,
    /// Node → (previous node, the step was a link).
    pred: HashMap<String, (String, bool)>,
    buckets: BTreeMap<u32, Vec<String>>,
}

impl Side {
    fn new(start: &str) -> Side {
        Side { dist: HashMap::from([(start.to_string(), 0)]), pred: HashMap::new(), buckets: BTreeMap::from([(0, vec![start.to_string()])]) }
    }

    fn next_level(&self) -> Option<u32> {
        self.buckets.keys().next().copied()
    }

    /// The walk from this side's start to `node`, as (node, reached by a link) steps.
    fn walk(&self, node: &str) -> Vec<(String, bool)> {
        let mut out = vec![(node.to_string(), false)];
        let mut u = node.to_string();
        while let Some((p, link)) = self.pred.get(&u) {
            if let Some(last) = out.last_mut() {
                last.1 = *link;
            }
            out.push((p.clone(), false));
            u = p.clone();
            if out.len() > self.dist.len() + 1 {
                break;
            }
        }
        out.reverse();
        out
    }
}

fn allows(kinds: &Option<Vec<EdgeKind>>, k: EdgeKind) -> bool {
    kinds.as_ref().is_none_or(|v| v.contains(&k))
}

/// The `links.kinds` bits that the walked kinds allow.
fn link_mask(kinds: &Option<Vec<EdgeKind>>) -> i64 {
    let (q, m) = (allows(kinds, EdgeKind::Quote), allows(kinds, EdgeKind::Mention));
    (if q { LINK_QUOTES } else { 0 }) | (if q && m { LINK_QUOTE_MENTION } else { 0 }) | (if m { LINK_MENTIONS } else { 0 })
}

impl StoreGraph<'_> {
    /// The entities next to entity `id` with the hops to them (1 over a relation edge of a
    /// walked kind, 2 through a statement), sorted by id.
    fn entity_steps(&self, id: &str, kinds: &Option<Vec<EdgeKind>>) -> Result<Vec<(String, u32)>> {
        let c = &self.store().conn;
        let err = self.store().err();
        let mut best: BTreeMap<String, u32> = BTreeMap::new();
        for sql in ["SELECT target, key FROM edges WHERE source = ?1", "SELECT source, key FROM edges WHERE target = ?1"] {
            let mut st = c.prepare_cached(sql).map_err(&err)?;
            let mut rows = st.query([id]).map_err(&err)?;
            while let Some(r) = rows.next().map_err(&err)? {
                let other: String = r.get(0).map_err(&err)?;
                let key = r.get_ref(1).map_err(&err)?.as_str().unwrap_or("");
                let kind = EdgeKind::parse(key.split(':').next().unwrap_or(""));
                if other != id && kind.is_some_and(|k| allows(kinds, k)) {
                    best.insert(other, 1);
                }
            }
        }
        let mask = link_mask(kinds);
        if mask != 0 {
            let mut st = c.prepare_cached("SELECT b, kinds FROM links WHERE a = ?1").map_err(&err)?;
            let mut rows = st.query([id]).map_err(&err)?;
            while let Some(r) = rows.next().map_err(&err)? {
                let bits: i64 = r.get(1).map_err(&err)?;
                if bits & mask != 0 {
                    best.entry(r.get(0).map_err(&err)?).or_insert(2);
                }
            }
        }
        Ok(best.into_iter().collect())
    }

    /// A shortest path between entities `a` and `b` of at most `max` hops (see the module
    /// notes), as node ids, statements included.
    pub(super) fn shortest_between_entities(&self, a: &str, b: &str, max: usize, kinds: &Option<Vec<EdgeKind>>) -> Result<Option<Vec<String>>> {
        let max = max as u32;
        let (mut fw, mut bw) = (Side::new(a), Side::new(b));
        let mut best: Option<(u32, String)> = None;
        while let (Some(lf), Some(lb)) = (fw.next_level(), bw.next_level()) {
            if lf + lb > max || best.as_ref().is_some_and(|(d, _)| lf + lb >= *d) {
                break;
            }
            let forward = fw.buckets.get(&lf).map_or(0, |v| v.len()) <= bw.buckets.get(&lb).map_or(0, |v| v.len());
            let (side, other, level) = if forward { (&mut fw, &bw, lf) } else { (&mut bw, &fw, lb) };
            let bucket = side.buckets.remove(&level).unwrap_or_default();
            for u in bucket {
                if side.dist.get(&u) != Some(&level) {
                    continue; // reached again at a smaller distance
                }
                for (v, w) in self.entity_steps(&u, kinds)? {
                    let nd = level + w;
                    if nd > max || side.dist.get(&v).is_some_and(|d| *d <= nd) {
                        continue;
                    }
                    side.dist.insert(v.clone(), nd);
                    side.pred.insert(v.clone(), (u.clone(), w == 2));
                    side.buckets.entry(nd).or_default().push(v.clone());
                    if let Some(d) = other.dist.get(&v) {
                        let total = nd + d;
                        if total <= max && best.as_ref().is_none_or(|(b, _)| total < *b) {
                            best = Some((total, v.clone()));
                        }
                    }
                }
            }
        }
        let Some((_, meet)) = best else { return Ok(None) };
        let steps = fw.walk(&meet);
        let mut back = bw.walk(&meet);
        back.reverse();
        // `back` runs meet → b; its link flags belong to the step into each node from b's side.
        let mut nodes = vec![a.to_string()];
        for w in steps.windows(2) {
            if w[1].1 {
                nodes.push(self.joining_statement(&w[0].0, &w[1].0, kinds)?);
            }
            nodes.push(w[1].0.clone());
        }
        for w in back.windows(2) {
            if w[0].1 {
                nodes.push(self.joining_statement(&w[0].0, &w[1].0, kinds)?);
            }
            nodes.push(w[1].0.clone());
        }
        Ok(Some(nodes))
    }

    /// The statements next to entity `id` over edges of walked kinds.
    fn statements_at(&self, id: &str, kinds: &Option<Vec<EdgeKind>>) -> Result<HashSet<String>> {
        let mut out = HashSet::new();
        if allows(kinds, EdgeKind::Quote) {
            out.extend(self.ids("SELECT ftarget FROM stmt_edges WHERE fsource = ?1 AND key >= 'quote:' AND key < 'quote;'", id)?);
        }
        if allows(kinds, EdgeKind::Mention) {
            out.extend(self.ids("SELECT fsource FROM stmt_edges WHERE ftarget = ?1 AND key >= 'mention:' AND key < 'mention;'", id)?);
        }
        Ok(out)
    }

    /// The statement with the smallest id next to both `x` and `y` over walked kinds.
    fn joining_statement(&self, x: &str, y: &str, kinds: &Option<Vec<EdgeKind>>) -> Result<String> {
        let (sx, sy) = (self.statements_at(x, kinds)?, self.statements_at(y, kinds)?);
        let (small, big) = if sx.len() <= sy.len() { (&sx, &sy) } else { (&sy, &sx) };
        let common: BTreeSet<&String> = small.iter().filter(|s| big.contains(*s)).collect();
        common.into_iter().next().cloned().ok_or_else(|| self.store().corrupt("links", format!("no statement joins {x} and {y}")))
    }
}
