//! What the pictures, the interactive page and name candidates read from the store, without
//! loading the whole graph: the overview of `build` ([`StoreGraph::overview`], the same
//! [`Overview`] as [`Overview::of_graph`] gives in memory), a focus's surroundings
//! ([`StoreGraph::focus_graph`]), the page's part ([`StoreGraph::page_graph`]) and the roles
//! listed beside an ambiguous name ([`StoreGraph::roles`]).
//!
//! The overview needs every relation edge's ends and every statement's speakers and mentions,
//! but only as ids and counts: one pass over `edges` (no JSON decoded) and two aggregate queries
//! over `stmt_edges`; then only the chosen entities and the edges among them are decoded.

use super::read::StoreGraph;
use super::Result;
use crate::export::drawing::{self, Overview};
use crate::export::html::{self, Totals};
use crate::graph::KnowledgeGraph;
use crate::model::NodeType;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What the overview and the page choose from: every entity's type and mentions, every relation
/// edge's ends, and statements counted by speaker, by mentioned entity and by pair.
struct Ties {
    info: HashMap<String, (NodeType, u64)>,
    relations: Vec<(String, String, String)>,
    said: BTreeMap<String, u64>,
    about: BTreeMap<String, u64>,
    talks: Vec<(String, String, u64)>,
}

impl StoreGraph<'_> {
    /// The overview of the stored graph, with at most `k` entities.
    pub fn overview(&self, k: usize) -> Result<Overview> {
        let t = self.ties()?;
        let chosen = drawing::choose(&t.relations, &t.talks, &t.info, k);
        let graph = self.subgraph(&chosen)?;
        Ok(Overview::assemble(t.info.len(), graph, t.said, t.about, t.talks))
    }

    /// The part of the stored graph that `graph.html` shows, and what the whole holds: the
    /// same selection as [`html::page_graph`] makes in memory.
    pub fn page_graph(&self) -> Result<(KnowledgeGraph, Totals)> {
        let t = self.ties()?;
        let chosen = html::page_entities(&t.relations, &t.talks, &t.info, html::PAGE_ENTITIES);
        let s = self.store();
        let c = &s.conn;
        let mut statements: BTreeSet<String> = BTreeSet::new();
        for id in &chosen {
            statements.extend(self.column("SELECT ftarget FROM stmt_edges WHERE fsource = ?1 AND kind = 'quote'", id)?);
            statements.extend(self.column("SELECT fsource FROM stmt_edges WHERE ftarget = ?1 AND kind = 'mention'", id)?);
        }
        let mut g = self.subgraph(&chosen)?;
        let mut sub = KnowledgeGraph::new(html::PAGE_EVIDENCE);
        for n in g.sorted_nodes() {
            sub.upsert_node(n);
        }
        for id in statements.iter().take(html::PAGE_STATEMENTS) {
            if let Some(n) = self.node(id)? {
                sub.upsert_node(&n);
            }
        }
        for e in g.sorted_edges() {
            sub.upsert_edge(&e.source, &e.target, &e.edge);
        }
        for id in statements.iter().take(html::PAGE_STATEMENTS) {
            for e in self.statement_edges_of(id)? {
                if sub.index_of(&e.source).is_some() && sub.index_of(&e.target).is_some() && !sub.has_fact(&e.source, &e.target, &e.edge) {
                    sub.upsert_edge(&e.source, &e.target, &e.edge);
                }
            }
        }
        let mut st = c.prepare("SELECT meta FROM documents ORDER BY id").map_err(s.err())?;
        for r in st.query_map([], |r| r.get::<_, String>(0)).map_err(s.err())? {
            let m: crate::model::DocumentMeta = serde_json::from_str(&r.map_err(s.err())?).map_err(|e| s.corrupt("documents", e))?;
            sub.insert_document(m);
        }
        g = sub;
        let count = |sql: &str| -> Result<usize> { c.query_row(sql, [], |r| r.get::<_, i64>(0)).map(|n| n.max(0) as usize).map_err(s.err()) };
        let total = Totals {
            entities: t.info.len(),
            edges: t.relations.len(),
            statements: count("SELECT count(*) FROM statements")?,
            documents: count("SELECT count(*) FROM documents")?,
        };
        Ok((g, total))
    }

    /// The roles of an entity (its role edges, most attested first), as candidate lists show them.
    pub fn roles(&self, id: &str) -> Result<Vec<String>> {
        let sql = "SELECT e.relation, t.label FROM edges e JOIN entities t ON t.id = e.target \
                   WHERE e.source = ?1 AND e.kind = 'role' ORDER BY e.count DESC, e.relation, t.label LIMIT 10";
        let mut st = self.store().conn.prepare_cached(sql).map_err(self.store().err())?;
        let rows = st.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).map_err(self.store().err())?;
        let mut out: Vec<String> = Vec::new();
        for r in rows {
            let (rel, label) = r.map_err(self.store().err())?;
            let t = crate::query::names::role_text(&rel, &label);
            if !out.contains(&t) {
                out.push(t);
            }
        }
        Ok(out)
    }

    /// Every relation name in the store (relation edges, and `said`/`mentions` of statements).
    pub fn relations(&self) -> Result<BTreeSet<String>> {
        let s = self.store();
        let mut out = BTreeSet::new();
        for sql in ["SELECT DISTINCT relation FROM edges", "SELECT DISTINCT key FROM stmt_edges"] {
            let mut st = s.conn.prepare(sql).map_err(s.err())?;
            for r in st.query_map([], |r| r.get::<_, String>(0)).map_err(s.err())? {
                let r = r.map_err(s.err())?;
                out.insert(r.split_once(':').map(|x| x.1.to_string()).unwrap_or(r));
            }
        }
        Ok(out)
    }

    fn column(&self, sql: &str, arg: &str) -> Result<Vec<String>> {
        let s = self.store();
        let mut st = s.conn.prepare_cached(sql).map_err(s.err())?;
        let rows = st.query_map([arg], |r| r.get::<_, String>(0)).map_err(s.err())?;
        rows.collect::<std::result::Result<_, _>>().map_err(s.err())
    }

    fn ties(&self) -> Result<Ties> {
        let s = self.store();
        let c = &s.conn;
        let mut info: HashMap<String, (NodeType, u64)> = HashMap::new();
        let mut st = c.prepare("SELECT id, type, mentions FROM entities").map_err(s.err())?;
        for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?))).map_err(s.err())? {
            let (id, t, m) = r.map_err(s.err())?;
            info.insert(id, (NodeType::parse(&t).unwrap_or(NodeType::Concept), m.max(0) as u64));
        }
        let mut relations = Vec::new();
        let mut st = c.prepare("SELECT source, target, relation FROM edges WHERE kind NOT IN ('quote', 'mention')").map_err(s.err())?;
        for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))).map_err(s.err())? {
            relations.push(r.map_err(s.err())?);
        }
        let counts = |sql: &str| -> Result<BTreeMap<String, u64>> {
            let mut out = BTreeMap::new();
            let mut st = c.prepare(sql).map_err(s.err())?;
            for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).map_err(s.err())? {
                let (id, n) = r.map_err(s.err())?;
                out.insert(id, n.max(0) as u64);
            }
            Ok(out)
        };
        let said = counts("SELECT fsource, count(DISTINCT ftarget) FROM stmt_edges WHERE kind = 'quote' GROUP BY fsource")?;
        let about = counts("SELECT ftarget, count(DISTINCT fsource) FROM stmt_edges WHERE kind = 'mention' GROUP BY ftarget")?;
        let mut talks = Vec::new();
        let sql = "SELECT q.fsource, m.ftarget, count(DISTINCT q.ftarget) FROM stmt_edges q \
                   JOIN stmt_edges m ON m.fsource = q.ftarget AND m.kind = 'mention' \
                   WHERE q.kind = 'quote' GROUP BY q.fsource, m.ftarget";
        let mut st = c.prepare(sql).map_err(s.err())?;
        for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?))).map_err(s.err())? {
            let (a, b, n) = r.map_err(s.err())?;
            talks.push((a, b, n.max(0) as u64));
        }
        Ok(Ties { info, relations, said, about, talks })
    }

    /// What a focus picture of `id` with radius `hops` draws from: everything within two edges
    /// of it (its relations, its statements, the statements about it and their speakers), and
    /// with `hops` 2 or more within three (the relations of its neighbours, which may themselves
    /// be two edges away through a statement).
    pub fn focus_graph(&self, id: &str, hops: usize) -> std::result::Result<KnowledgeGraph, crate::query::QueryError> {
        self.around(id, if hops >= 2 { 3 } else { 2 })
    }
}
