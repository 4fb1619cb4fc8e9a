//! How two nodes connect: the shortest path, or every simple path up to a length.
//!
//! Edges are walked in both directions (a fact links its two ends either way), and each hop
//! remembers which way its edge points ([`Direction`]). Only edges of the requested kinds are
//! walked when `kinds` is given.
//!
//! Algorithm:
//! * Shortest: a bidirectional breadth-first search (see `shortest_nodes`), bounded by
//!   `max_hops`; expanding the smaller side first, it touches far fewer nodes than a
//!   one-sided search when hubs are near one end.
//! * All (`all`): one breadth-first search from `b` (bounded by `max_hops`) gives every node's
//!   distance to `b`; then for each length L from the shortest up to `max_hops`, a depth-first search
//!   from `a` that only steps onto nodes that can still reach `b` within L hops, never revisits
//!   a node on the current path, and stops at [`MAX_PATHS`] paths or after [`WORK_BUDGET`] edge
//!   visits; either stop sets `truncated`. Shorter paths come first.
//!
//! A path is a sequence of nodes; when several edges join two consecutive nodes the hop shows
//! one, chosen by (kind, relation, forward before backward) and reports how many there were.
//! A hop carries the first evidence sentence of its edge. Chains read naturally, for example
//! `Andrey Kulik –said→ "Russia and China had come up with a roadmap…" –mentions→ roadmap
//! ←proposes– Russia` (a `quote` edge reads "said", a `mention` edge "mentions").

use super::{NodeRef, Queries, QueryError, display_name};
use crate::model::{Edge, EdgeKind};
use petgraph::Direction::{Incoming, Outgoing};
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use petgraph::visit::{EdgeRef, NodeIndexable};
use serde::Serialize;
use std::collections::VecDeque;

/// At most this many paths are returned with `all`.
pub const MAX_PATHS: usize = 100;
/// At most this many edge visits are spent enumerating paths with `all`.
pub const WORK_BUDGET: u64 = 5_000_000;

/// Options of a path query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathOpts {
    /// Longest path considered, in hops.
    pub max_hops: usize,
    /// Every simple path up to `max_hops` (capped), not only the shortest.
    pub all: bool,
    /// Walk only edges of these kinds (all kinds when `None`).
    pub kinds: Option<Vec<EdgeKind>>,
}

impl Default for PathOpts {
    fn default() -> Self {
        PathOpts { max_hops: 4, all: false, kinds: None }
    }
}

/// Which way a hop's edge points relative to the walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The edge runs from the hop's `from` to its `to`.
    Forward,
    /// The edge runs from the hop's `to` to its `from`.
    Backward,
}

/// One piece of evidence, as shown in answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceRef {
    /// Document id.
    pub doc: String,
    /// Byte offset of the sentence.
    pub start: usize,
    /// Byte offset one past the sentence.
    pub end: usize,
    /// The sentence.
    pub text: String,
}

impl EvidenceRef {
    /// The first evidence of an edge.
    pub fn first(e: &Edge) -> Option<EvidenceRef> {
        e.evidence.first().map(|v| EvidenceRef {
            doc: v.doc.clone(),
            start: v.start,
            end: v.end,
            text: v.text.clone(),
        })
    }
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hop {
    /// Where the step starts.
    pub from: NodeRef,
    /// Where it ends.
    pub to: NodeRef,
    /// The edge's relation.
    pub relation: String,
    /// The edge's kind.
    pub kind: EdgeKind,
    /// Which way the edge points.
    pub direction: Direction,
    /// The edge is negated.
    pub negated: bool,
    /// How many times the fact was extracted.
    pub count: u64,
    /// How many edges join the two nodes (in either direction, of the walked kinds).
    pub parallel: usize,
    /// The edge's first evidence sentence.
    pub evidence: Option<EvidenceRef>,
}

/// One path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathRow {
    /// Number of hops.
    pub length: usize,
    /// The path as one readable line.
    pub chain: String,
    /// The hops in order.
    pub hops: Vec<Hop>,
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathResult {
    /// The resolved start.
    pub from: NodeRef,
    /// The resolved end.
    pub to: NodeRef,
    /// The options used.
    pub options: PathOpts,
    /// At most this many paths are listed.
    pub cap: usize,
    /// True when enumeration stopped early (cap or work budget): more paths may exist.
    pub truncated: bool,
    /// The paths, shortest first (empty: no path within `max_hops`).
    pub paths: Vec<PathRow>,
}

/// How an edge reads in a chain: "said" for quotes, "mentions" for mentions, else the relation.
pub fn hop_word(kind: EdgeKind, relation: &str, negated: bool) -> String {
    let w = match kind {
        EdgeKind::Quote => "said",
        EdgeKind::Mention => "mentions",
        _ => relation,
    };
    if negated { format!("not {w}") } else { w.to_string() }
}

/// The arrow for a hop: `–rel→` forward, `←rel–` backward.
pub fn arrow(word: &str, d: Direction) -> String {
    match d {
        Direction::Forward => format!("–{word}→"),
        Direction::Backward => format!("←{word}–"),
    }
}

impl Queries<'_> {
    fn walkable(&self, kinds: &Option<Vec<EdgeKind>>, e: &Edge) -> bool {
        kinds.as_ref().is_none_or(|k| k.contains(&e.kind))
    }

    /// Neighbours of `u` over walkable edges, both directions, self-loops skipped.
    fn undirected<'a>(
        &'a self,
        u: NodeIndex,
        kinds: &'a Option<Vec<EdgeKind>>,
    ) -> impl Iterator<Item = NodeIndex> + 'a {
        let graph = self.g.graph();
        graph
            .edges_directed(u, Outgoing)
            .filter(move |e| self.walkable(kinds, e.weight()))
            .map(|e| e.target())
            .chain(
                graph
                    .edges_directed(u, Incoming)
                    .filter(move |e| self.walkable(kinds, e.weight()))
                    .map(|e| e.source()),
            )
            .filter(move |v| *v != u)
    }

    /// Distances to `b`, up to `max` hops (`u32::MAX`: farther or unreachable).
    fn distances(&self, b: NodeIndex, max: usize, kinds: &Option<Vec<EdgeKind>>) -> Vec<u32> {
        let mut dist = vec![u32::MAX; self.g.graph().node_bound()];
        dist[b.index()] = 0;
        let mut queue = VecDeque::from([b]);
        while let Some(u) = queue.pop_front() {
            let d = dist[u.index()];
            if d as usize >= max {
                continue;
            }
            for v in self.undirected(u, kinds) {
                if dist[v.index()] == u32::MAX {
                    dist[v.index()] = d + 1;
                    queue.push_back(v);
                }
            }
        }
        dist
    }

    /// The nodes of a shortest path from `a` to `b` within `max` hops, by bidirectional
    /// breadth-first search: the smaller frontier is expanded one whole level at a time, and
    /// the first node reached from both sides closes the path. (Before an expansion the two
    /// balls are disjoint, so the path is longer than the sum of their radii; any meeting
    /// found by the expansion has exactly that length plus one, hence is shortest.)
    fn shortest_nodes(&self, a: NodeIndex, b: NodeIndex, max: usize, kinds: &Option<Vec<EdgeKind>>) -> Option<Vec<NodeIndex>> {
        let bound = self.g.graph().node_bound();
        let (mut da, mut db) = (vec![u32::MAX; bound], vec![u32::MAX; bound]);
        da[a.index()] = 0;
        db[b.index()] = 0;
        let (mut fa, mut fb) = (vec![a], vec![b]);
        let (mut la, mut lb) = (0usize, 0usize);
        let meet = loop {
            if la + lb >= max || fa.is_empty() || fb.is_empty() {
                return None;
            }
            let (front, mine, other, level) =
                if fa.len() <= fb.len() { (&mut fa, &mut da, &db, &mut la) } else { (&mut fb, &mut db, &da, &mut lb) };
            let mut next = Vec::new();
            let mut meet = None;
            'level: for &u in front.iter() {
                for v in self.undirected(u, kinds) {
                    if mine[v.index()] == u32::MAX {
                        mine[v.index()] = *level as u32 + 1;
                        next.push(v);
                        if other[v.index()] != u32::MAX {
                            meet = Some(v);
                            break 'level;
                        }
                    }
                }
            }
            *level += 1;
            *front = next;
            if let Some(m) = meet {
                break m;
            }
        };
        // From the meeting node down each side's distances.
        let walk = |from: NodeIndex, dist: &[u32]| {
            let mut nodes = vec![from];
            let mut u = from;
            while dist[u.index()] > 0 {
                let d = dist[u.index()];
                let Some(w) = self.undirected(u, kinds).find(|w| dist[w.index()] == d - 1) else { break };
                nodes.push(w);
                u = w;
            }
            nodes
        };
        let mut nodes = walk(meet, &da);
        nodes.reverse();
        nodes.extend(walk(meet, &db).into_iter().skip(1));
        Some(nodes)
    }

    /// The edges from `s` to `t`, found by scanning whichever is shorter: the out-list of `s`
    /// or the in-list of `t` (a hub's list can hold many thousands of edges). O(min degree).
    fn edges_from_to(&self, s: NodeIndex, t: NodeIndex) -> Vec<EdgeIndex> {
        let graph = self.g.graph();
        let (mut out, mut inc) = (graph.edges_directed(s, Outgoing), graph.edges_directed(t, Incoming));
        let out_is_shorter = loop {
            match (out.next(), inc.next()) {
                (None, _) => break true,
                (_, None) => break false,
                _ => {}
            }
        };
        if out_is_shorter {
            graph.edges_directed(s, Outgoing).filter(|e| e.target() == t).map(|e| e.id()).collect()
        } else {
            graph.edges_directed(t, Incoming).filter(|e| e.source() == s).map(|e| e.id()).collect()
        }
    }

    /// The best edge between `u` and `v` and the number of walkable edges joining them.
    fn hop(&self, u: NodeIndex, v: NodeIndex, kinds: &Option<Vec<EdgeKind>>) -> Option<Hop> {
        let graph = self.g.graph();
        let mut all: Vec<(EdgeIndex, Direction)> = self
            .edges_from_to(u, v)
            .into_iter()
            .filter(|e| self.walkable(kinds, &graph[*e]))
            .map(|e| (e, Direction::Forward))
            .chain(
                self.edges_from_to(v, u)
                    .into_iter()
                    .filter(|e| self.walkable(kinds, &graph[*e]))
                    .map(|e| (e, Direction::Backward)),
            )
            .collect();
        all.sort_by(|a, b| {
            let (ea, eb) = (&graph[a.0], &graph[b.0]);
            (ea.kind, &ea.relation, a.1, std::cmp::Reverse(ea.count))
                .cmp(&(eb.kind, &eb.relation, b.1, std::cmp::Reverse(eb.count)))
        });
        let &(ix, direction) = all.first()?;
        let e = &graph[ix];
        Some(Hop {
            from: self.node_ref(u),
            to: self.node_ref(v),
            relation: e.relation.clone(),
            kind: e.kind,
            direction,
            negated: e.negated,
            count: e.count,
            parallel: all.len(),
            evidence: EvidenceRef::first(e),
        })
    }

    fn path_row(&self, nodes: &[NodeIndex], kinds: &Option<Vec<EdgeKind>>) -> Option<PathRow> {
        let graph = self.g.graph();
        let mut chain = display_name(&graph[*nodes.first()?]);
        let mut hops = Vec::new();
        for w in nodes.windows(2) {
            let h = self.hop(w[0], w[1], kinds)?;
            let word = hop_word(h.kind, &h.relation, h.negated);
            chain.push_str(&format!(" {} {}", arrow(&word, h.direction), display_name(&graph[w[1]])));
            hops.push(h);
        }
        Some(PathRow { length: hops.len(), chain, hops })
    }

    /// Paths between `a` and `b` (names); see the module notes.
    pub fn path(&self, a: &str, b: &str, opts: &PathOpts) -> Result<PathResult, QueryError> {
        if let Some(k) = &opts.kinds
            && k.is_empty()
        {
            return Err(QueryError::BadArgument("--kind lists no edge kind".into()));
        }
        let ia = self.resolve(a)?;
        let ib = self.resolve(b)?;
        let kinds = &opts.kinds;
        let mut result = PathResult {
            from: self.node_ref(ia),
            to: self.node_ref(ib),
            options: opts.clone(),
            cap: if opts.all { MAX_PATHS } else { 1 },
            truncated: false,
            paths: vec![],
        };
        if ia == ib {
            result.paths.extend(self.path_row(&[ia], kinds));
            return Ok(result);
        }
        if !opts.all {
            if let Some(nodes) = self.shortest_nodes(ia, ib, opts.max_hops, kinds) {
                result.paths.extend(self.path_row(&nodes, kinds));
            }
            return Ok(result);
        }
        let dist = self.distances(ib, opts.max_hops, kinds);
        let da = dist[ia.index()];
        if da == u32::MAX {
            return Ok(result);
        }
        let mut found: Vec<Vec<NodeIndex>> = Vec::new();
        let mut budget = WORK_BUDGET;
        let mut on_path = vec![false; self.g.graph().node_bound()];
        for len in da as usize..=opts.max_hops {
            let mut stack = vec![ia];
            on_path[ia.index()] = true;
            let stopped = self.dfs(ia, ib, len, &dist, kinds, &mut stack, &mut on_path, &mut found, &mut budget);
            on_path[ia.index()] = false;
            if stopped {
                result.truncated = true;
                break;
            }
        }
        for nodes in &found {
            result.paths.extend(self.path_row(nodes, kinds));
        }
        Ok(result)
    }

    /// Depth-first enumeration of simple paths of exactly `len` hops; true when it stopped
    /// early (cap reached or budget spent).
    #[allow(clippy::too_many_arguments)]
    fn dfs(
        &self,
        u: NodeIndex,
        target: NodeIndex,
        len: usize,
        dist: &[u32],
        kinds: &Option<Vec<EdgeKind>>,
        stack: &mut Vec<NodeIndex>,
        on_path: &mut [bool],
        found: &mut Vec<Vec<NodeIndex>>,
        budget: &mut u64,
    ) -> bool {
        let depth = stack.len() - 1;
        if u == target {
            if depth == len {
                found.push(stack.clone());
                return found.len() >= MAX_PATHS;
            }
            return false;
        }
        let mut next: Vec<NodeIndex> = Vec::new();
        for v in self.undirected(u, kinds) {
            if *budget == 0 {
                return true;
            }
            *budget -= 1;
            let dv = dist[v.index()];
            if dv != u32::MAX && depth + 1 + dv as usize <= len && !on_path[v.index()] {
                next.push(v);
            }
        }
        next.sort_unstable();
        next.dedup();
        for v in next {
            stack.push(v);
            on_path[v.index()] = true;
            let stop = self.dfs(v, target, len, dist, kinds, stack, on_path, found, budget);
            on_path[v.index()] = false;
            stack.pop();
            if stop {
                return true;
            }
        }
        false
    }
}
