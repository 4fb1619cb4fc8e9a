//! Reading the store for queries: the backend of `newsgraph query` on a `graph.db`.
//!
//! [`StoreGraph`] answers from indexes and never loads the whole graph:
//! * names: `names` (normalized id, label, aliases) and `tokens`, with the rules of
//!   [`crate::query::names`] (exact id, exact normalized name, every token, else suggestions);
//! * who said: a speaker's statements by `stmt_edges(fsource, …)`, an entity's by its mention
//!   edges `stmt_edges(ftarget, kind)` plus, for the text match, one pass over statements;
//! * neighbours and paths: adjacency by `edges(source, …)`, `edges(target)` and the two
//!   `stmt_edges` indexes, breadth-first from the ends.
//!
//! The query commands then run on a small [`KnowledgeGraph`] holding only what the answer
//! needs ([`StoreGraph::who_said_graph`], [`StoreGraph::around`], [`StoreGraph::path_graph`]),
//! so the presentation code (`crate::query`) is the same for a store and for a `graph.json`.

use super::json::{Failed, STMT_EDGES};
use super::write::StoredEdge;
use super::{Result, Store, StoreError};
use crate::graph::KnowledgeGraph;
use crate::model::{DocumentMeta, EdgeKind, EdgeRecord, Node, NodeType};
use crate::query::names::{self, Decision, MAX_CANDIDATES, MAX_SUGGESTIONS};
use crate::query::stats::{Count, DocRow, Ranked, Stats};
use crate::query::{normalize, normalize_into, Candidate, NodeRef, PathOpts, QueryError, WhoSaid};
use rusqlite::OptionalExtension;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

/// One edge next to a node, without evidence (for walking).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjacent {
    /// The node at the other end.
    pub other: String,
    /// The edge's kind.
    pub kind: EdgeKind,
}

/// A store read for questions.
pub struct StoreGraph<'s> {
    store: &'s Store,
}

fn q(e: StoreError) -> QueryError {
    QueryError::Store(e.to_string())
}

impl<'s> StoreGraph<'s> {
    /// Reads `store` (open it with [`Store::open`]).
    pub fn new(store: &'s Store) -> StoreGraph<'s> {
        StoreGraph { store }
    }

    /// The store.
    pub fn store(&self) -> &Store {
        self.store
    }

    fn ids(&self, sql: &str, arg: &str) -> Result<Vec<String>> {
        let c = &self.store.conn;
        let mut st = c.prepare_cached(sql).map_err(self.store.err())?;
        let rows = st.query_map([arg], |r| r.get(0)).map_err(self.store.err())?;
        rows.collect::<std::result::Result<_, _>>().map_err(self.store.err())
    }

    /// The node with this id (entity or statement).
    pub fn node(&self, id: &str) -> Result<Option<Node>> {
        let c = &self.store.conn;
        let (e, s) = ("SELECT node FROM entities WHERE id = ?1", "SELECT node FROM statements WHERE id = ?1");
        // Statement ids start with `st-` (some entity ids too): look there first.
        let order = if id.starts_with("st-") { [s, e] } else { [e, s] };
        for sql in order {
            let json: Option<String> = c.prepare_cached(sql).and_then(|mut st| st.query_row([id], |r| r.get(0)).optional()).map_err(self.store.err())?;
            if let Some(j) = json {
                return serde_json::from_str(&j).map(Some).map_err(|e| self.store.corrupt("entities", e));
            }
        }
        Ok(None)
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
        if self.node(raw).map_err(q)?.is_some() {
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
        for sql in [
            "SELECT target, kind FROM edges WHERE source = ?1",
            "SELECT source, kind FROM edges WHERE target = ?1",
            "SELECT ftarget, kind FROM stmt_edges WHERE fsource = ?1",
            "SELECT fsource, kind FROM stmt_edges WHERE ftarget = ?1",
        ] {
            let mut st = c.prepare_cached(sql).map_err(self.store.err())?;
            let rows = st.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).map_err(self.store.err())?;
            for r in rows {
                let (other, kind) = r.map_err(self.store.err())?;
                let Some(kind) = EdgeKind::parse(&kind) else { continue };
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
    fn fill(&self, g: &mut KnowledgeGraph, ids: &BTreeSet<String>, edges: Vec<EdgeRecord>) -> Result<()> {
        let mut docs = BTreeSet::new();
        for id in ids {
            if let Some(n) = self.node(id)? {
                if let Some(d) = &n.doc {
                    docs.insert(d.clone());
                }
                g.upsert_node(&n);
            }
        }
        for e in edges {
            if g.index_of(&e.source).is_some() && g.index_of(&e.target).is_some() && !g.has_fact(&e.source, &e.target, &e.edge) {
                g.upsert_edge(&e.source, &e.target, &e.edge);
            }
        }
        for d in docs {
            let meta: Option<String> = self.store.conn.query_row("SELECT meta FROM documents WHERE id = ?1", [&d], |r| r.get(0)).optional().map_err(self.store.err())?;
            if let Some(m) = meta {
                let meta: DocumentMeta = serde_json::from_str(&m).map_err(|e| self.store.corrupt("documents", e))?;
                g.insert_document(meta);
            }
        }
        Ok(())
    }

    /// The statements (with their quote and mention edges, speakers and mentioned entities)
    /// that a who-said question can return, as a small graph. Also the resolved speaker and
    /// topic ids.
    pub fn who_said_graph(&self, w: &WhoSaid) -> std::result::Result<(KnowledgeGraph, Option<String>, Option<String>), QueryError> {
        let speaker = w.speaker.as_deref().map(|s| self.resolve(s)).transpose()?;
        let about = w.about.as_deref().map(|s| self.resolve(s)).transpose()?;
        let statements: BTreeSet<String> = match (&speaker, &about) {
            (Some(sp), _) => self.ids("SELECT ftarget FROM stmt_edges WHERE fsource = ?1 AND kind = 'quote'", sp).map_err(q)?.into_iter().collect(),
            (None, Some(a)) => {
                let mut v: BTreeSet<String> = self.ids("SELECT fsource FROM stmt_edges WHERE ftarget = ?1 AND kind = 'mention'", a).map_err(q)?.into_iter().collect();
                v.extend(self.text_matches(a).map_err(q)?);
                v
            }
            (None, None) => self.ids("SELECT id FROM statements WHERE ?1 = ?1", "").map_err(q)?.into_iter().collect(),
        };
        let mut ids: BTreeSet<String> = speaker.iter().chain(about.iter()).cloned().collect();
        let mut edges = Vec::new();
        for st in &statements {
            ids.insert(st.clone());
            for e in self.statement_edges_of(st).map_err(q)? {
                if matches!(e.edge.kind, EdgeKind::Quote | EdgeKind::Mention) {
                    ids.insert(e.source.clone());
                    ids.insert(e.target.clone());
                    edges.push(e);
                }
            }
        }
        let mut g = KnowledgeGraph::new(0);
        self.fill(&mut g, &ids, edges).map_err(q)?;
        Ok((g, speaker, about))
    }

    /// Statements whose normalized text holds one of the entity's names as whole words (names
    /// under three characters skipped), as `who-said --about` does: one pass over statements.
    fn text_matches(&self, entity: &str) -> Result<Vec<String>> {
        let Some(n) = self.node(entity)? else { return Ok(vec![]) };
        let names: BTreeSet<String> =
            std::iter::once(&n.label).chain(n.aliases.iter()).map(|s| normalize(s)).filter(|s| s.chars().count() >= 3).map(|s| format!(" {s} ")).collect();
        if names.is_empty() {
            return Ok(vec![]);
        }
        let mut st = self.store.conn.prepare("SELECT id, node FROM statements").map_err(self.store.err())?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).map_err(self.store.err())?;
        let mut out = Vec::new();
        let mut text = String::new();
        for r in rows {
            let (id, json) = r.map_err(self.store.err())?;
            let node: Node = serde_json::from_str(&json).map_err(|e| self.store.corrupt("statements", e))?;
            text.clear();
            text.push(' ');
            normalize_into(node.text.as_deref().unwrap_or(""), &mut text);
            text.push(' ');
            if names.iter().any(|x| text.contains(x.as_str())) {
                out.push(id);
            }
        }
        Ok(out)
    }

    /// Everything within `hops` edges of `center` (every edge of the nodes closer than `hops`),
    /// as a small graph: what a neighbour question walks.
    pub fn around(&self, center: &str, hops: usize) -> std::result::Result<KnowledgeGraph, QueryError> {
        let mut ids: BTreeSet<String> = BTreeSet::from([center.to_string()]);
        let mut edges = Vec::new();
        let mut frontier = vec![center.to_string()];
        for _ in 0..hops {
            let mut next = Vec::new();
            for u in &frontier {
                for e in self.edges_at(u).map_err(q)? {
                    for end in [&e.source, &e.target] {
                        if ids.insert(end.clone()) {
                            next.push(end.clone());
                        }
                    }
                    edges.push(e);
                }
            }
            frontier = next;
        }
        let mut g = KnowledgeGraph::new(0);
        self.fill(&mut g, &ids, edges).map_err(q)?;
        Ok(g)
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
            if let Some(nodes) = self.shortest(a, b, opts.max_hops, &opts.kinds).map_err(q)? {
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

    /// The nodes with these ids and every edge among them, as a small graph.
    pub fn subgraph(&self, ids: &BTreeSet<String>) -> Result<KnowledgeGraph> {
        let mut edges = Vec::new();
        for id in ids {
            for e in self.edges_at(id)? {
                if ids.contains(&e.source) && ids.contains(&e.target) {
                    edges.push(e);
                }
            }
        }
        let mut g = KnowledgeGraph::new(0);
        self.fill(&mut g, ids, edges)?;
        Ok(g)
    }

    /// The `k` entities with the most relation edges (ties by id) and the relation edges among
    /// them, as a small graph without isolated nodes: what the default drawing shows.
    pub fn most_connected(&self, k: usize) -> Result<KnowledgeGraph> {
        let c = &self.store.conn;
        let mut degree: HashMap<String, u64> = HashMap::new();
        let mut st = c.prepare("SELECT source, target FROM edges").map_err(self.store.err())?;
        for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).map_err(self.store.err())? {
            let (s, t) = r.map_err(self.store.err())?;
            if s != t {
                *degree.entry(t).or_default() += 1;
            }
            *degree.entry(s).or_default() += 1;
        }
        let mut v: Vec<(u64, String)> = degree.into_iter().map(|(id, d)| (d, id)).collect();
        v.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let chosen: BTreeSet<String> = v.into_iter().take(k).map(|x| x.1).collect();
        let failed = Failed::default();
        let mut edges = Vec::new();
        let mut ids = BTreeSet::new();
        for id in &chosen {
            let mut st = c.prepare_cached("SELECT edge FROM edges WHERE source = ?1 ORDER BY target, key").map_err(self.store.err())?;
            for se in self.store.json_rows::<StoredEdge>(&mut st, &[id], "edges", &failed)? {
                if chosen.contains(&se.t) && se.t != se.s {
                    ids.insert(se.s.clone());
                    ids.insert(se.t.clone());
                    edges.push(self.store.restore_edge(se)?);
                }
            }
        }
        if let Some(e) = failed.0.borrow_mut().take() {
            return Err(e);
        }
        let mut g = KnowledgeGraph::new(0);
        self.fill(&mut g, &ids, edges)?;
        Ok(g)
    }

    /// Statistics from the store's tables (see [`crate::query::stats`]).
    pub fn stats(&self, top: usize) -> std::result::Result<Stats, QueryError> {
        self.stats_inner(top).map_err(q)
    }

    fn stats_inner(&self, top: usize) -> Result<Stats> {
        let c = &self.store.conn;
        let err = self.store.err();
        let mut by_type: BTreeMap<NodeType, usize> = BTreeMap::new();
        let mut st = c.prepare("SELECT type, count(*) FROM entities GROUP BY type").map_err(&err)?;
        for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).map_err(&err)? {
            let (t, n) = r.map_err(&err)?;
            *by_type.entry(NodeType::parse(&t).unwrap_or(NodeType::Concept)).or_default() += n as usize;
        }
        let statements: i64 = c.query_row("SELECT count(*) FROM statements", [], |r| r.get(0)).map_err(&err)?;
        if statements > 0 {
            by_type.insert(NodeType::Statement, statements as usize);
        }
        let mut by_kind: BTreeMap<EdgeKind, usize> = BTreeMap::new();
        let mut by_relation: HashMap<String, usize> = HashMap::new();
        let mut degree: HashMap<String, u64> = HashMap::new();
        let mut edges = 0usize;
        let mut seen: HashSet<(String, String, String)> = HashSet::new();
        for sql in ["SELECT source, target, key, kind FROM edges", "SELECT fsource, ftarget, key, kind FROM stmt_edges"] {
            let mut st = c.prepare(sql).map_err(&err)?;
            let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))).map_err(&err)?;
            for r in rows {
                let (s, t, k, kind) = r.map_err(&err)?;
                if sql.contains("stmt_edges") && !seen.insert((s.clone(), t.clone(), k.clone())) {
                    continue;
                }
                edges += 1;
                *by_kind.entry(EdgeKind::parse(&kind).unwrap_or(EdgeKind::Action)).or_default() += 1;
                *by_relation.entry(k.split(':').nth(1).unwrap_or("").to_string()).or_default() += 1;
                if s != t {
                    *degree.entry(t).or_default() += 1;
                }
                *degree.entry(s).or_default() += 1;
            }
        }
        let mut relations: Vec<Count> = by_relation.into_iter().map(|(name, count)| Count { name, count }).collect();
        relations.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        let node_ref = |id: &str| -> Result<NodeRef> { Ok(self.node(id)?.map(|n| NodeRef::of(&n)).unwrap_or(NodeRef { id: id.into(), label: id.into(), node_type: NodeType::Concept })) };
        let mut top_mentions = Vec::new();
        let mut st = c.prepare("SELECT id, mentions FROM entities WHERE mentions > 0 ORDER BY mentions DESC, id LIMIT ?1").map_err(&err)?;
        for r in st.query_map([top as i64], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).map_err(&err)? {
            let (id, m) = r.map_err(&err)?;
            top_mentions.push(Ranked { node: node_ref(&id)?, value: m as u64 });
        }
        let mut deg: Vec<(u64, String)> = degree.into_iter().map(|(id, d)| (d, id)).collect();
        let mut entity_deg = Vec::new();
        deg.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        for (d, id) in deg {
            if entity_deg.len() >= top {
                break;
            }
            let n = node_ref(&id)?;
            if n.node_type != NodeType::Statement {
                entity_deg.push(Ranked { node: n, value: d });
            }
        }
        let mut per_doc: HashMap<String, usize> = HashMap::new();
        let mut st = c.prepare("SELECT d.id, count(*) FROM statements s JOIN documents d ON d.doc = s.doc GROUP BY d.id").map_err(&err)?;
        for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).map_err(&err)? {
            let (id, n) = r.map_err(&err)?;
            per_doc.insert(id, n as usize);
        }
        let mut documents = Vec::new();
        let mut st = c.prepare("SELECT meta FROM documents ORDER BY id").map_err(&err)?;
        for r in st.query_map([], |r| r.get::<_, String>(0)).map_err(&err)? {
            let m: DocumentMeta = serde_json::from_str(&r.map_err(&err)?).map_err(|e| self.store.corrupt("documents", e))?;
            documents.push(DocRow { statements: per_doc.get(&m.id).copied().unwrap_or(0), id: m.id, date: m.date, title: m.title });
        }
        let nodes = by_type.values().sum();
        Ok(Stats {
            nodes,
            edges,
            statements: statements as usize,
            by_type: NodeType::ALL.iter().filter_map(|t| by_type.get(t).map(|n| Count { name: t.as_str().into(), count: *n })).collect(),
            by_kind: EdgeKind::ALL.iter().filter_map(|k| by_kind.get(k).map(|n| Count { name: k.as_str().into(), count: *n })).collect(),
            by_relation: relations,
            top_mentions,
            top_degree: entity_deg,
            documents,
        })
    }
}
