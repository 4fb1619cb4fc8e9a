//! `neighbors` from the store without reading every edge of a hub with its evidence.
//!
//! The rows (edges leading outward, breadth-first, as [`crate::query::neighbors`] defines them)
//! are enumerated from the indexes alone: an edge's kind and relation are in its key. They are
//! sorted as the answer sorts them (labels read for the rows' nodes), and only the first
//! `limit` rows, with the breadth-first tree edges that put their nodes at the same depth, go
//! into a small graph with their evidence; `crate::query::neighbors` answers on it, and the
//! count of every row is put back.

use super::read::{kind_of_key, q, relation_of_key, StoreGraph};
use super::Result;
use crate::graph::KnowledgeGraph;
use crate::model::EdgeKind;
use crate::query::{Direction, NeighborOpts, NeighborResult, Queries, QueryError};
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};

/// An edge at a node, without evidence.
struct Light {
    /// A statement edge (in `stmt_edges`), else a relation edge (in `edges`).
    statement: bool,
    source: String,
    target: String,
    key: String,
}

/// A row: an edge from `via` (depth − 1) to `node`.
struct Row {
    depth: usize,
    via: String,
    node: String,
    edge: usize,
    direction: Direction,
}

impl StoreGraph<'_> {
    /// Every edge at `id`, both directions, without evidence (statement edges with the same
    /// ends and key once, as `graph.json` folds them).
    fn light_edges(&self, id: &str) -> Result<Vec<(Light, Direction)>> {
        let c = &self.store().conn;
        let err = self.store().err();
        let mut out = Vec::new();
        for (sql, statement, forward) in [
            ("SELECT source, target, key FROM edges WHERE source = ?1", false, true),
            ("SELECT source, target, key FROM edges WHERE target = ?1", false, false),
            ("SELECT DISTINCT fsource, ftarget, key FROM stmt_edges WHERE fsource = ?1", true, true),
            ("SELECT DISTINCT fsource, ftarget, key FROM stmt_edges WHERE ftarget = ?1", true, false),
        ] {
            let mut st = c.prepare_cached(sql).map_err(&err)?;
            let mut rows = st.query([id]).map_err(&err)?;
            while let Some(r) = rows.next().map_err(&err)? {
                let l = Light { statement, source: r.get(0).map_err(&err)?, target: r.get(1).map_err(&err)?, key: r.get(2).map_err(&err)? };
                // A loop is met once, going forward.
                if !forward && l.source == l.target {
                    continue;
                }
                out.push((l, if forward { Direction::Forward } else { Direction::Backward }));
            }
        }
        Ok(out)
    }

    /// The label of a node (entity or statement), as its `Node` has it.
    fn label(&self, id: &str) -> Result<String> {
        Ok(self.node(id)?.map(|n| n.label).unwrap_or_default())
    }

    /// What is around `name`, as [`Queries::neighbors`] answers on the whole graph, with the
    /// small graph it was answered on.
    pub fn neighbors(&self, name: &str, opts: &NeighborOpts) -> std::result::Result<(KnowledgeGraph, NeighborResult), QueryError> {
        if opts.hops == 0 {
            return Err(QueryError::BadArgument("--hops must be at least 1".into()));
        }
        let center = self.resolve(name)?;
        let filter = opts.relation.as_ref().map(|r| {
            let rel = r.trim().to_lowercase().split_whitespace().collect::<Vec<_>>().join("-");
            let kind = EdgeKind::parse(&rel);
            (rel, kind)
        });
        let matches = |key: &str| match &filter {
            None => true,
            Some((rel, kind)) => kind_of_key(key) == *kind && kind.is_some() || relation_of_key(key).eq_ignore_ascii_case(rel),
        };
        let mut edges: Vec<Light> = Vec::new();
        let mut depth_of: HashMap<String, usize> = HashMap::from([(center.clone(), 0)]);
        // The row that first reached each node (its breadth-first tree edge).
        let mut reached_by: HashMap<String, usize> = HashMap::new();
        let mut rows: Vec<Row> = Vec::new();
        let mut frontier = vec![center.clone()];
        for depth in 1..=opts.hops {
            let mut next = Vec::new();
            for u in &frontier {
                for (l, direction) in self.light_edges(u).map_err(q)? {
                    if !matches(&l.key) {
                        continue;
                    }
                    let v = if direction == Direction::Forward { l.target.clone() } else { l.source.clone() };
                    let dv = depth_of.get(&v).copied();
                    if dv.is_some_and(|d| d < depth) {
                        continue;
                    }
                    if dv.is_none() {
                        depth_of.insert(v.clone(), depth);
                        reached_by.insert(v.clone(), rows.len());
                        next.push(v.clone());
                    }
                    edges.push(l);
                    rows.push(Row { depth, via: u.clone(), node: v, edge: edges.len() - 1, direction });
                }
            }
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
        let total = rows.len();
        // Sort as the answer does: depth, kind, relation, the node's label and id, direction, via.
        let mut labels: HashMap<&str, String> = HashMap::new();
        for r in &rows {
            if !labels.contains_key(r.node.as_str()) {
                labels.insert(r.node.as_str(), self.label(&r.node).map_err(q)?);
            }
        }
        let key = |i: usize| {
            let r = &rows[i];
            let k = &edges[r.edge].key;
            (r.depth, kind_of_key(k), relation_of_key(k), labels.get(r.node.as_str()).map(|s| s.as_str()).unwrap_or(""), r.node.as_str(), r.direction, r.via.as_str())
        };
        let mut order: Vec<usize> = (0..rows.len()).collect();
        let keep = if opts.limit == 0 { total } else { opts.limit.min(total) };
        let cmp = |a: &usize, b: &usize| -> Ordering { key(*a).cmp(&key(*b)) };
        if keep > 0 && keep < total {
            order.select_nth_unstable_by(keep - 1, cmp);
            order.truncate(keep);
        }
        order.sort_by(cmp);
        // The rows shown, and the tree edges that put their nodes at their depth.
        let mut chosen: BTreeSet<usize> = BTreeSet::new();
        for &i in &order {
            let mut r = i;
            while chosen.insert(r) {
                match reached_by.get(&rows[r].via) {
                    Some(&p) => r = p,
                    None => break,
                }
            }
        }
        let mut ids: BTreeSet<String> = BTreeSet::from([center.clone()]);
        let mut full = Vec::new();
        for &i in &chosen {
            let l = &edges[rows[i].edge];
            ids.insert(l.source.clone());
            ids.insert(l.target.clone());
            full.extend(self.edges_by_key(l.statement, &l.source, &l.target, &l.key).map_err(q)?);
        }
        let mut g = KnowledgeGraph::new(0);
        self.fill(&mut g, &ids, full).map_err(q)?;
        let mut r = Queries::new(&g).neighbors(&center, opts)?;
        r.total = total;
        r.truncated = r.rows.len() < total;
        Ok((g, r))
    }
}
