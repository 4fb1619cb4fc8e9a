//! What is around a node: the edges that lead outward from it, up to a number of hops.
//!
//! A breadth-first search over edges in both directions. A row is an edge from a node at depth
//! d − 1 to a node first reached at depth d (1 ≤ d ≤ `hops`), so at depth 1 every edge of the
//! centre is listed (parallel edges too), and deeper every edge that reaches a new node. Edges
//! between two nodes of the same depth are not rows. With `relation`, only edges whose
//! relation equals it (compared lower-case with spaces as hyphens) or whose kind is named by
//! it (`quote`, `role`, …) are walked.
//!
//! Rows are sorted by depth, kind, relation, the neighbour's label and id, then the first
//! `limit` are kept (selection is linear, so a hub with a million rows costs no full sort);
//! `total` always says how many there were.

use super::path::{Direction, EvidenceRef};
use super::{NodeRef, Queries, QueryError};
use crate::model::{Edge, EdgeKind};
use petgraph::Direction::{Incoming, Outgoing};
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use petgraph::visit::{EdgeRef, NodeIndexable};
use serde::Serialize;
use std::cmp::Ordering;

/// Options of a neighbour query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NeighborOpts {
    /// How far to go (1 = direct neighbours).
    pub hops: usize,
    /// Walk only edges of this relation or kind.
    pub relation: Option<String>,
    /// At most this many rows are returned (0 = all).
    pub limit: usize,
}

impl Default for NeighborOpts {
    fn default() -> Self {
        NeighborOpts { hops: 1, relation: None, limit: 100 }
    }
}

/// One edge leading outward.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeighborRow {
    /// Hops from the centre to `node`.
    pub depth: usize,
    /// The node the edge leaves from (the centre at depth 1).
    pub via: NodeRef,
    /// The node reached.
    pub node: NodeRef,
    /// The edge's relation.
    pub relation: String,
    /// The edge's kind.
    pub kind: EdgeKind,
    /// `forward` when the edge runs from `via` to `node`, `backward` otherwise.
    pub direction: Direction,
    /// The edge is negated.
    pub negated: bool,
    /// How many times the fact was extracted.
    pub count: u64,
    /// The edge's first evidence sentence.
    pub evidence: Option<EvidenceRef>,
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeighborResult {
    /// The resolved centre.
    pub center: NodeRef,
    /// The options used.
    pub options: NeighborOpts,
    /// Number of rows before the limit.
    pub total: usize,
    /// True when rows were left out by the limit.
    pub truncated: bool,
    /// The rows.
    pub rows: Vec<NeighborRow>,
}

struct Raw {
    depth: usize,
    via: NodeIndex,
    node: NodeIndex,
    edge: EdgeIndex,
    direction: Direction,
}

fn relation_matches(filter: &Option<(String, Option<EdgeKind>)>, e: &Edge) -> bool {
    match filter {
        None => true,
        Some((rel, kind)) => Some(e.kind) == *kind || e.relation.eq_ignore_ascii_case(rel),
    }
}

impl Queries<'_> {
    /// Edges leading outward from `x` (a name); see the module notes.
    pub fn neighbors(&self, x: &str, opts: &NeighborOpts) -> Result<NeighborResult, QueryError> {
        if opts.hops == 0 {
            return Err(QueryError::BadArgument("--hops must be at least 1".into()));
        }
        let center = self.resolve(x)?;
        let graph = self.g.graph();
        let filter = opts.relation.as_ref().map(|r| {
            let rel = r.trim().to_lowercase().split_whitespace().collect::<Vec<_>>().join("-");
            let kind = EdgeKind::parse(&rel);
            (rel, kind)
        });
        let mut depth_of = vec![usize::MAX; graph.node_bound()];
        depth_of[center.index()] = 0;
        let mut frontier = vec![center];
        let mut raw: Vec<Raw> = Vec::new();
        for depth in 1..=opts.hops {
            let mut next = Vec::new();
            for &u in &frontier {
                let out = graph.edges_directed(u, Outgoing).map(|e| (e.id(), e.target(), Direction::Forward));
                let inc = graph.edges_directed(u, Incoming).map(|e| (e.id(), e.source(), Direction::Backward));
                for (edge, v, direction) in out.chain(inc) {
                    if !relation_matches(&filter, &graph[edge]) {
                        continue;
                    }
                    let dv = depth_of[v.index()];
                    if dv < depth {
                        continue; // already reached closer to the centre (or the centre itself)
                    }
                    if dv == usize::MAX {
                        depth_of[v.index()] = depth;
                        next.push(v);
                    }
                    raw.push(Raw { depth, via: u, node: v, edge, direction });
                }
            }
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
        let total = raw.len();
        let cmp = |a: &Raw, b: &Raw| -> Ordering {
            let (ea, eb) = (&graph[a.edge], &graph[b.edge]);
            let (na, nb) = (&graph[a.node], &graph[b.node]);
            (a.depth, ea.kind, &ea.relation, &na.label, &na.id, a.direction, &graph[a.via].id).cmp(&(
                b.depth,
                eb.kind,
                &eb.relation,
                &nb.label,
                &nb.id,
                b.direction,
                &graph[b.via].id,
            ))
        };
        let keep = if opts.limit == 0 { total } else { opts.limit.min(total) };
        if keep > 0 && keep < total {
            raw.select_nth_unstable_by(keep - 1, cmp);
            raw.truncate(keep);
        }
        raw.sort_by(cmp);
        let rows = raw
            .iter()
            .map(|r| {
                let e = &graph[r.edge];
                NeighborRow {
                    depth: r.depth,
                    via: self.node_ref(r.via),
                    node: self.node_ref(r.node),
                    relation: e.relation.clone(),
                    kind: e.kind,
                    direction: r.direction,
                    negated: e.negated,
                    count: e.count,
                    evidence: EvidenceRef::first(e),
                }
            })
            .collect();
        Ok(NeighborResult {
            center: self.node_ref(center),
            options: opts.clone(),
            total,
            truncated: keep < total,
            rows,
        })
    }
}
