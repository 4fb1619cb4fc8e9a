//! Reading the store for queries: the backend of `newsgraph query` on a `graph.db`.
//!
//! [`StoreGraph`] answers from indexes and never loads the whole graph:
//! * names: `names` (normalized id, label, aliases) and `tokens`, with the rules of
//!   [`crate::query::names`] (exact id, exact normalized name, every token, else suggestions);
//! * who said: pages of the `said` and `about` indexes ([`super::who`]);
//! * paths: between entities over relation edges and `links` ([`super::paths`]), else
//!   breadth-first over adjacency read from the indexes `edges(source, …)`, `edges(target)`,
//!   `stmt_edges(fsource, ftarget, key)` and `stmt_edges(ftarget, key, fsource)`;
//! * neighbours: the rows from the same indexes without evidence, sorted, and evidence read
//!   for the rows shown only ([`super::neighbors`]).
//!
//! The query commands then run on a small [`KnowledgeGraph`] holding only what the answer
//! needs ([`StoreGraph::who_said_graph`], [`StoreGraph::path_graph`], …), so the presentation
//! code (`crate::query`) is the same for a store and for a `graph.json`.

use super::json::{Failed, STMT_EDGES};
use super::rows::StoredEdge;
use super::{Result, Store, StoreError};
use crate::graph::KnowledgeGraph;
use crate::model::{DocumentMeta, EdgeKind, EdgeRecord, Node, NodeType};
use crate::query::names::{self, Decision, MAX_CANDIDATES, MAX_SUGGESTIONS};
use crate::query::{normalize, Candidate, PathOpts, QueryError};
use rusqlite::OptionalExtension;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// One edge next to a node, without evidence (for walking).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjacent {
    /// The node at the other end.
    pub other: String,
    /// The edge's kind.
    pub kind: EdgeKind,
}

/// The kind of an edge from its key (`kind:relation…`, see [`crate::graph::edge_key`]).
pub(super) fn kind_of_key(key: &str) -> Option<EdgeKind> {
    EdgeKind::parse(key.split(':').next().unwrap_or(""))
}

/// The relation of an edge from its key.
pub(super) fn relation_of_key(key: &str) -> &str {
    key.split(':').nth(1).unwrap_or("")
}

/// A store read for questions.
pub struct StoreGraph<'s> {
    store: &'s Store,
    /// Entities are read without their document lists (see [`StoreGraph::without_documents`]).
    light: bool,
}

pub(super) fn q(e: StoreError) -> QueryError {
    QueryError::Store(e.to_string())
}

impl<'s> StoreGraph<'s> {
    /// Reads `store` (open it with [`Store::open`]).
    pub fn new(store: &'s Store) -> StoreGraph<'s> {
        StoreGraph { store, light: false }
    }

    /// The same, but the graphs that answers are assembled in hold their entities without
    /// the list of documents each appears in (`docs` empty; their number is kept, see
    /// [`KnowledgeGraph::doc_count`]): an answer printed as text, JSON or a picture never shows
    /// them, and a hub's list holds tens of thousands of ids (at 1 GB
    /// of news, decoding them was two thirds of a who-said answer's time). Name resolution
    /// still counts an entity's documents.
    pub fn without_documents(self) -> StoreGraph<'s> {
        StoreGraph { light: true, ..self }
    }

    /// The store.
    pub fn store(&self) -> &Store {
        self.store
    }

    pub(super) fn ids(&self, sql: &str, arg: &str) -> Result<Vec<String>> {
        let c = &self.store.conn;
        let mut st = c.prepare_cached(sql).map_err(self.store.err())?;
        let rows = st.query_map([arg], |r| r.get(0)).map_err(self.store.err())?;
        rows.collect::<std::result::Result<_, _>>().map_err(self.store.err())
    }

    /// The node with this id (entity or statement).
    pub fn node(&self, id: &str) -> Result<Option<Node>> {
        self.read_node(id, "SELECT node FROM entities WHERE id = ?1")
    }

    /// The node with this id, an entity read with `entity_sql`.
    fn read_node(&self, id: &str, entity_sql: &str) -> Result<Option<Node>> {
        let (e, s) = (entity_sql, "SELECT node FROM statements WHERE id = ?1");
        // Statement ids start with `st-` (some entity ids too): look there first.
        let order = if id.starts_with("st-") { [s, e] } else { [e, s] };
        for sql in order {
            let json: Option<String> = self.store.conn.prepare_cached(sql).and_then(|mut st| st.query_row([id], |r| r.get(0)).optional()).map_err(self.store.err())?;
            if let Some(j) = json {
                return serde_json::from_str(&j).map(Some).map_err(|e| self.store.corrupt("entities", e));
            }
        }
        Ok(None)
    }

    /// The node with this id and the number of its documents, an entity read without its
    /// document list (SQLite drops it before it is decoded: a hub lists tens of thousands of
    /// documents, and answers, pictures and pages only count them).
    fn node_counting_documents(&self, id: &str) -> Result<Option<(Node, usize)>> {
        let sql = "SELECT json_remove(node, '$.docs'), coalesce(json_array_length(node, '$.docs'), 0) FROM entities WHERE id = ?1";
        let row: Option<(String, i64)> =
            self.store.conn.prepare_cached(sql).and_then(|mut st| st.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).optional()).map_err(self.store.err())?;
        match row {
            Some((j, n)) => serde_json::from_str(&j).map(|node| Some((node, n.max(0) as usize))).map_err(|e| self.store.corrupt("entities", e)),
            None => Ok(self.node(id)?.map(|n| {
                let k = n.docs.len();
                (n, k)
            })),
        }
    }

    /// Adds the node with this id to `g` — with `light`, without its document list but with
    /// their number ([`KnowledgeGraph::set_doc_count`]: tooltips and pages still say in how
    /// many documents) — and returns its document (a statement's), or `None` if there is no
    /// such node.
    pub(super) fn add_node(&self, g: &mut KnowledgeGraph, id: &str, light: bool) -> Result<Option<Option<String>>> {
        let found = if light { self.node_counting_documents(id)? } else { self.node(id)?.map(|n| (n, 0)) };
        let Some((n, count)) = found else { return Ok(None) };
        let doc = n.doc.clone();
        let listed = !n.docs.is_empty();
        g.upsert_node_owned(n);
        if light && !listed {
            g.set_doc_count(id, count);
        }
        Ok(Some(doc))
    }

    /// Whether `sql` (with the id as `?1`) finds a row: an id looked up, not decoded.
    pub(super) fn has_row(&self, sql: &str, id: &str) -> Result<bool> {
        self.store.conn.prepare_cached(sql).and_then(|mut st| st.query_row([id], |_| Ok(())).optional()).map(|x| x.is_some()).map_err(self.store.err())
    }

    fn candidate(&self, id: &str) -> Result<Candidate> {
        let n = self.node(id)?.unwrap_or_else(|| Node::entity(id, id, NodeType::Concept));
        Ok(Candidate::of(&n, vec![]))
    }

    /// Resolves a name to a node id, with the rules of [`crate::query::names`].
    pub fn resolve(&self, name: &str) -> std::result::Result<String, QueryError> {
        self.resolve_noted(name).map(|r| r.0)
    }

    /// [`resolve`](Self::resolve), with the note said when the node was chosen among namesakes.
    pub fn resolve_noted(&self, name: &str) -> std::result::Result<(String, Option<String>), QueryError> {
        let raw = name.trim();
        // An id is looked up, not decoded (a hub's node is large).
        if self.is_entity(raw).map_err(q)? || self.has_row("SELECT 1 FROM statements WHERE id = ?1", raw).map_err(q)? {
            return Ok((raw.to_string(), None));
        }
        let key = normalize(raw);
        if key.is_empty() {
            return Err(QueryError::Unknown { name: name.to_string(), suggestions: vec![] });
        }
        let load = |ids: Vec<String>| -> std::result::Result<Vec<Node>, QueryError> {
            Ok(ids.iter().map(|id| self.node(id)).collect::<Result<Vec<_>>>().map_err(q)?.into_iter().flatten().collect())
        };
        let exact = load(self.ids("SELECT entity FROM names WHERE name = ?1 ORDER BY entity", &key).map_err(q)?)?;
        let partial = if exact.is_empty() {
            let mut hits: Option<BTreeSet<String>> = None;
            for t in key.split(' ') {
                let these: BTreeSet<String> = self.ids("SELECT entity FROM tokens WHERE token = ?1", t).map_err(q)?.into_iter().collect();
                hits = Some(match hits {
                    None => these,
                    Some(h) => h.intersection(&these).cloned().collect(),
                });
            }
            load(hits.unwrap_or_default().into_iter().collect())?
        } else {
            vec![]
        };
        match names::decide(name, &key, exact.iter().collect(), || partial.iter().collect()) {
            Decision::One(n, note) => Ok((n.id.clone(), note)),
            Decision::Ambiguous(nodes) => {
                let (candidates, more) = names::candidates(&nodes, |n| self.roles(&n.id).unwrap_or_default());
                Err(QueryError::Ambiguous { name: name.to_string(), candidates, more })
            }
            Decision::None => Err(QueryError::Unknown { name: name.to_string(), suggestions: self.suggest(&key).map_err(q)? }),
        }
    }

    fn suggest(&self, key: &str) -> Result<Vec<Candidate>> {
        let mut scored: HashMap<String, f64> = HashMap::new();
        let c = &self.store.conn;
        let mut scan = |sql: &str, min_chars: usize| -> Result<()> {
            let mut by: BTreeMap<String, Vec<String>> = BTreeMap::new();
            let mut st = c.prepare(sql).map_err(self.store.err())?;
            let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).map_err(self.store.err())?;
            for r in rows {
                let (name, id) = r.map_err(self.store.err())?;
                by.entry(name).or_default().push(id);
            }
            for (name, ids) in by {
                if name.chars().count() < min_chars || ids.len() > MAX_CANDIDATES {
                    continue;
                }
                let s = strsim::jaro_winkler(key, &name);
                if s >= 0.86 {
                    for id in ids {
                        let e = scored.entry(id).or_insert(0.0);
                        if s > *e {
                            *e = s;
                        }
                    }
                }
            }
            Ok(())
        };
        scan("SELECT name, entity FROM names", 0)?;
        if !key.contains(' ') {
            scan("SELECT token, entity FROM tokens", 3)?;
        }
        let mut v: Vec<(f64, Candidate)> = Vec::new();
        for (id, s) in scored {
            v.push((s, self.candidate(&id)?));
        }
        v.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| b.1.mentions.cmp(&a.1.mentions)).then_with(|| a.1.id.cmp(&b.1.id)));
        Ok(v.into_iter().take(MAX_SUGGESTIONS).map(|x| x.1).collect())
    }

    /// Every edge at `id`, both directions, with evidence.
    pub fn edges_at(&self, id: &str) -> Result<Vec<EdgeRecord>> {
        let s = self.store;
        let failed = Failed::default();
        let mut out = Vec::new();
        for sql in ["SELECT edge FROM edges WHERE source = ?1", "SELECT edge FROM edges WHERE target = ?1"] {
            let mut st = s.conn.prepare_cached(sql).map_err(s.err())?;
            for se in s.json_rows::<StoredEdge>(&mut st, &[id], "edges", &failed)? {
                out.push(s.restore_edge(se)?);
            }
        }
        for w in ["WHERE fsource = ?1", "WHERE ftarget = ?1"] {
            let mut st = s.conn.prepare_cached(&format!("{STMT_EDGES} {w}")).map_err(s.err())?;
            out.extend(s.statement_edges(&mut st, &[id], &failed)?);
        }
        if let Some(e) = failed.0.borrow_mut().take() {
            return Err(e);
        }
        Ok(out)
    }

    /// The edges between `a` and `b`, both directions, with evidence.
    pub fn edges_between(&self, a: &str, b: &str) -> Result<Vec<EdgeRecord>> {
        let s = self.store;
        let failed = Failed::default();
        let mut out = Vec::new();
        for (x, y) in [(a, b), (b, a)] {
            let mut st = s.conn.prepare_cached("SELECT edge FROM edges WHERE source = ?1 AND target = ?2").map_err(s.err())?;
            for se in s.json_rows::<StoredEdge>(&mut st, &[x, y], "edges", &failed)? {
                out.push(s.restore_edge(se)?);
            }
            let mut st = s.conn.prepare_cached(&format!("{STMT_EDGES} WHERE fsource = ?1 AND ftarget = ?2")).map_err(s.err())?;
            out.extend(s.statement_edges(&mut st, &[x, y], &failed)?);
        }
        if let Some(e) = failed.0.borrow_mut().take() {
            return Err(e);
        }
        Ok(out)
    }

    /// The edge with these ends and key (a statement edge, or a relation edge), with evidence.
    pub fn edges_by_key(&self, statement: bool, source: &str, target: &str, key: &str) -> Result<Vec<EdgeRecord>> {
        let s = self.store;
        let failed = Failed::default();
        let mut out = Vec::new();
        if statement {
            let mut st = s.conn.prepare_cached(&format!("{STMT_EDGES} WHERE fsource = ?1 AND ftarget = ?2 AND key = ?3")).map_err(s.err())?;
            out.extend(s.statement_edges(&mut st, &[source, target, key], &failed)?);
        } else {
            let mut st = s.conn.prepare_cached("SELECT edge FROM edges WHERE source = ?1 AND target = ?2 AND key = ?3").map_err(s.err())?;
            for se in s.json_rows::<StoredEdge>(&mut st, &[source, target, key], "edges", &failed)? {
                out.push(s.restore_edge(se)?);
            }
        }
        if let Some(e) = failed.0.borrow_mut().take() {
            return Err(e);
        }
        Ok(out)
    }

    /// The quote and mention edges of a statement, with evidence.
    pub fn statement_edges_of(&self, id: &str) -> Result<Vec<EdgeRecord>> {
        let s = self.store;
        let failed = Failed::default();
        let mut out = Vec::new();
        for w in ["WHERE fsource = ?1", "WHERE ftarget = ?1"] {
            let mut st = s.conn.prepare_cached(&format!("{STMT_EDGES} {w}")).map_err(s.err())?;
            out.extend(s.statement_edges(&mut st, &[id], &failed)?);
        }
        if let Some(e) = failed.0.borrow_mut().take() {
            return Err(e);
        }
        Ok(out)
    }

    /// The nodes next to `id` over edges of the given kinds (all when `None`), both directions.
    pub fn adjacent(&self, id: &str, kinds: &Option<Vec<EdgeKind>>) -> Result<Vec<Adjacent>> {
        let c = &self.store.conn;
        let mut out = Vec::new();
        // Every query reads an index only (the kind is the key's prefix).
        for sql in [
            "SELECT target, key FROM edges WHERE source = ?1",
            "SELECT source, key FROM edges WHERE target = ?1",
            "SELECT ftarget, key FROM stmt_edges WHERE fsource = ?1",
            "SELECT fsource, key FROM stmt_edges WHERE ftarget = ?1",
        ] {
            let mut st = c.prepare_cached(sql).map_err(self.store.err())?;
            let rows = st.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).map_err(self.store.err())?;
            for r in rows {
                let (other, key) = r.map_err(self.store.err())?;
                let Some(kind) = kind_of_key(&key) else { continue };
                if other != id && kinds.as_ref().is_none_or(|k| k.contains(&kind)) {
                    out.push(Adjacent { other, kind });
                }
            }
        }
        out.sort_by(|a, b| a.other.cmp(&b.other));
        out.dedup_by(|a, b| a.other == b.other);
        Ok(out)
    }

    /// Adds nodes (by id) and edges to a small graph, with the documents they name.
    pub(super) fn fill(&self, g: &mut KnowledgeGraph, ids: &BTreeSet<String>, edges: Vec<EdgeRecord>) -> Result<()> {
        let mut docs = BTreeSet::new();
        for id in ids {
            if let Some(Some(d)) = self.add_node(g, id, self.light)? {
                docs.insert(d);
            }
        }
        for e in edges {
            if g.index_of(&e.source).is_some() && g.index_of(&e.target).is_some() && !g.has_fact(&e.source, &e.target, &e.edge) {
                g.upsert_edge(&e.source, &e.target, &e.edge);
            }
        }
        for d in docs {
            if let Some(meta) = self.document_meta(&d)? {
                g.insert_document(meta);
            }
        }
        Ok(())
    }

    /// The metadata of document `id`, if it is stored.
    pub(super) fn document_meta(&self, id: &str) -> Result<Option<DocumentMeta>> {
        let meta: Option<String> =
            self.store.conn.prepare_cached("SELECT meta FROM documents WHERE id = ?1").and_then(|mut st| st.query_row([id], |r| r.get(0)).optional()).map_err(self.store.err())?;
        meta.map(|m| serde_json::from_str(&m).map_err(|e| self.store.corrupt("documents", e))).transpose()
    }

    /// Breadth-first distances from `from` up to `max` hops, visiting at most `cap` nodes.
    fn distances(&self, from: &str, max: usize, kinds: &Option<Vec<EdgeKind>>, cap: usize) -> Result<(HashMap<String, usize>, bool)> {
        let mut dist = HashMap::from([(from.to_string(), 0usize)]);
        let mut queue = VecDeque::from([from.to_string()]);
        while let Some(u) = queue.pop_front() {
            let d = dist[&u];
            if d >= max {
                continue;
            }
            for a in self.adjacent(&u, kinds)? {
                if !dist.contains_key(&a.other) {
                    if dist.len() >= cap {
                        return Ok((dist, true));
                    }
                    dist.insert(a.other.clone(), d + 1);
                    queue.push_back(a.other);
                }
            }
        }
        Ok((dist, false))
    }

    /// A shortest path from `a` to `b` (node ids) by bidirectional breadth-first search.
    fn shortest(&self, a: &str, b: &str, max: usize, kinds: &Option<Vec<EdgeKind>>) -> Result<Option<Vec<String>>> {
        let (mut da, mut db) = (HashMap::from([(a.to_string(), 0u32)]), HashMap::from([(b.to_string(), 0u32)]));
        let (mut fa, mut fb) = (vec![a.to_string()], vec![b.to_string()]);
        let (mut la, mut lb) = (0usize, 0usize);
        let meet = loop {
            if la + lb >= max || fa.is_empty() || fb.is_empty() {
                return Ok(None);
            }
            let (front, mine, other, level) = if fa.len() <= fb.len() { (&mut fa, &mut da, &db, &mut la) } else { (&mut fb, &mut db, &da, &mut lb) };
            let mut next = Vec::new();
            let mut meet = None;
            'level: for u in front.iter() {
                for v in self.adjacent(u, kinds)? {
                    if !mine.contains_key(&v.other) {
                        mine.insert(v.other.clone(), *level as u32 + 1);
                        next.push(v.other.clone());
                        if other.contains_key(&v.other) {
                            meet = Some(v.other);
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
        let walk = |from: &str, dist: &HashMap<String, u32>| -> Result<Vec<String>> {
            let mut nodes = vec![from.to_string()];
            let mut u = from.to_string();
            while dist.get(&u).copied().unwrap_or(0) > 0 {
                let d = dist[&u];
                let Some(w) = self.adjacent(&u, kinds)?.into_iter().find(|w| dist.get(&w.other) == Some(&(d - 1))) else { break };
                nodes.push(w.other.clone());
                u = w.other;
            }
            Ok(nodes)
        };
        let mut nodes = walk(&meet, &da)?;
        nodes.reverse();
        nodes.extend(walk(&meet, &db)?.into_iter().skip(1));
        Ok(Some(nodes))
    }

    /// The part of the graph a path question needs, as a small graph: for the shortest path,
    /// its nodes and the edges between them; with `all`, every node on some walk of at most
    /// `max_hops` between the ends (at most 200,000 nodes are visited from each end; the
    /// bool says when that cap cut the search).
    pub fn path_graph(&self, a: &str, b: &str, opts: &PathOpts) -> std::result::Result<(KnowledgeGraph, bool), QueryError> {
        let mut ids: BTreeSet<String> = BTreeSet::from([a.to_string(), b.to_string()]);
        let mut cut = false;
        if a == b {
            // The path of no hop.
        } else if !opts.all {
            let entities = self.is_entity(a).map_err(q)? && self.is_entity(b).map_err(q)?;
            let nodes = if entities {
                self.shortest_between_entities(a, b, opts.max_hops, &opts.kinds).map_err(q)?
            } else {
                self.shortest(a, b, opts.max_hops, &opts.kinds).map_err(q)?
            };
            if let Some(nodes) = nodes {
                ids.extend(nodes);
            }
        } else {
            let (da, ca) = self.distances(a, opts.max_hops, &opts.kinds, 200_000).map_err(q)?;
            let (db, cb) = self.distances(b, opts.max_hops, &opts.kinds, 200_000).map_err(q)?;
            cut = ca || cb;
            for (v, d) in &da {
                if db.get(v).is_some_and(|e| d + e <= opts.max_hops) {
                    ids.insert(v.clone());
                }
            }
        }
        let g = if opts.all {
            self.subgraph(&ids).map_err(q)?
        } else {
            // The nodes of one path: the edges between each two of them.
            let mut edges = Vec::new();
            let v: Vec<&String> = ids.iter().collect();
            for (i, a) in v.iter().enumerate() {
                for b in &v[i + 1..] {
                    edges.extend(self.edges_between(a, b).map_err(q)?);
                }
            }
            let mut g = KnowledgeGraph::new(0);
            self.fill(&mut g, &ids, edges).map_err(q)?;
            g
        };
        Ok((g, cut))
    }

    /// The nodes with these ids and every edge among them, as a small graph. Each node's
    /// outgoing edges are listed from the indexes without evidence, and only those that end in
    /// the set are read whole: a hub's thousands of statements are not decoded.
    pub fn subgraph(&self, ids: &BTreeSet<String>) -> Result<KnowledgeGraph> {
        self.subgraph_capped(ids, 0)
    }

    /// [`subgraph`](Self::subgraph) with at most `cap` evidence items per edge (0: all), the
    /// first in evidence order, as a graph capped at `cap` keeps them: the rest is dropped as
    /// soon as each edge is read.
    pub fn subgraph_capped(&self, ids: &BTreeSet<String>, cap: usize) -> Result<KnowledgeGraph> {
        let c = &self.store.conn;
        let mut edges = Vec::new();
        for id in ids {
            for (sql, statement) in [
                ("SELECT target, key FROM edges WHERE source = ?1", false),
                ("SELECT DISTINCT ftarget, key FROM stmt_edges WHERE fsource = ?1", true),
            ] {
                let mut st = c.prepare_cached(sql).map_err(self.store.err())?;
                let rows = st.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).map_err(self.store.err())?;
                let mut inside = Vec::new();
                for r in rows {
                    let (t, key) = r.map_err(self.store.err())?;
                    if ids.contains(&t) {
                        inside.push((t, key));
                    }
                }
                for (t, key) in inside {
                    for mut e in self.edges_by_key(statement, id, &t, &key)? {
                        if cap > 0 && e.edge.evidence.len() > cap {
                            e.edge.evidence.sort();
                            e.edge.evidence.dedup();
                            e.edge.evidence.truncate(cap);
                        }
                        edges.push(e);
                    }
                }
            }
        }
        let mut g = KnowledgeGraph::new(0);
        self.fill(&mut g, ids, edges)?;
        Ok(g)
    }
}
