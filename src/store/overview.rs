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
use crate::export::drawing::Overview;
use crate::export::ties::Ties;
use crate::export::html::{self, Limits, Totals};
use crate::graph::KnowledgeGraph;
use crate::model::NodeType;
use std::collections::BTreeSet;

impl StoreGraph<'_> {
    /// The overview of the stored graph, with at most `k` entities.
    pub fn overview(&self, k: usize) -> Result<Overview> {
        self.overview_of(&mut self.ties()?, k)
    }

    /// [`overview`](Self::overview) from the store's [`ties`](Self::ties), read once for the
    /// overview and the page.
    pub fn overview_of(&self, t: &mut Ties, k: usize) -> Result<Overview> {
        let chosen = t.choose(k);
        // Without the entities' document lists: the picture only counts them.
        let graph = StoreGraph::new(self.store()).without_documents().subgraph(&chosen)?;
        Ok(Overview::assemble(t.len(), graph, &t, &chosen))
    }

    /// The part of the stored graph that `graph.html` shows, and what the whole holds: the
    /// same selection as [`html::page_graph`] makes in memory.
    pub fn page_graph(&self) -> Result<(KnowledgeGraph, Totals)> {
        self.page_graph_of(&mut self.ties()?, Limits::default())
    }

    /// [`page_graph`](Self::page_graph) from the store's [`ties`](Self::ties), within `limits`
    /// (as [`html::page_graph_with`]).
    pub fn page_graph_of(&self, t: &mut Ties, limits: Limits) -> Result<(KnowledgeGraph, Totals)> {
        let chosen = t.page_entities(limits.entities);
        let entities = t.len();
        let s = self.store();
        let c = &s.conn;
        // The first statements by id that the chosen entities said or are mentioned in, and the
        // most attested relation edges among them, sorted and cut by SQLite (the sorter
        // spills): neither a hub's statements nor its edges are ever all in memory.
        c.execute_batch("CREATE TEMP TABLE IF NOT EXISTS page_chosen(id TEXT PRIMARY KEY) WITHOUT ROWID; DELETE FROM temp.page_chosen;")
            .map_err(s.err())?;
        {
            let mut ins = c.prepare("INSERT INTO temp.page_chosen VALUES(?1)").map_err(s.err())?;
            for id in &chosen {
                ins.execute([id]).map_err(s.err())?;
            }
        }
        let strings = |sql: &str| -> Result<Vec<Vec<String>>> {
            let mut st = c.prepare(sql).map_err(s.err())?;
            let n = st.column_count();
            let rows = st.query_map([], |r| (0..n).map(|i| r.get::<_, String>(i)).collect::<std::result::Result<Vec<String>, _>>()).map_err(s.err())?;
            rows.collect::<std::result::Result<_, _>>().map_err(s.err())
        };
        let statements = strings(&format!(
            "SELECT ftarget FROM stmt_edges INDEXED BY stmt_edges_out WHERE fsource IN temp.page_chosen AND key >= 'quote:' AND key < 'quote;' \
             UNION SELECT fsource FROM stmt_edges INDEXED BY stmt_edges_in WHERE ftarget IN temp.page_chosen AND key >= 'mention:' AND key < 'mention;' \
             ORDER BY 1 LIMIT {}",
            limits.statements
        ))?;
        // `edges_in` holds (target, count) and the key (source, target, key): the edges' rows,
        // with their evidence, are only read for the edges kept.
        let relations = strings(&format!(
            "SELECT source, target, key FROM edges INDEXED BY edges_in WHERE target IN temp.page_chosen AND source IN temp.page_chosen \
             AND key NOT GLOB 'quote:*' AND key NOT GLOB 'mention:*' ORDER BY count DESC, source, target, key LIMIT {}",
            limits.edges
        ))?;
        c.execute_batch("DELETE FROM temp.page_chosen;").map_err(s.err())?;
        let mut sub = KnowledgeGraph::new(html::PAGE_EVIDENCE);
        // The entities without their document lists (only counted on the page).
        for id in chosen.iter().chain(statements.iter().flatten()) {
            self.add_node(&mut sub, id, true)?;
        }
        let mut edges = Vec::new();
        for r in &relations {
            edges.extend(self.edges_by_key(false, &r[0], &r[1], &r[2])?);
        }
        for e in html::strongest(edges, limits.edges) {
            sub.upsert_edge(&e.source, &e.target, &e.edge);
        }
        for id in statements.iter().flatten() {
            for e in self.statement_edges_of(id)? {
                if sub.index_of(&e.source).is_some() && sub.index_of(&e.target).is_some() && !sub.has_fact(&e.source, &e.target, &e.edge) {
                    sub.upsert_edge(&e.source, &e.target, &e.edge);
                }
            }
        }
        html::page_documents(&mut sub, |d| self.document_meta(d))?;
        let count = |sql: &str| -> Result<usize> { c.query_row(sql, [], |r| r.get::<_, i64>(0)).map(|n| n.max(0) as usize).map_err(s.err()) };
        // Statements are numbered 1..=n in `stmt_order` (counting the table would read it all).
        let total = Totals {
            entities,
            edges: t.relation_edges(),
            statements: count("SELECT coalesce(max(ord), 0) FROM stmt_order")?,
            documents: count("SELECT count(*) FROM documents")?,
        };
        Ok((sub, total))
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

    /// What the overview and the page choose from (see [`Ties`]): every entity's type and
    /// mentions, every relation edge's ends, and statements counted by speaker, by mentioned
    /// entity and by pair — streamed from the tables, only indices kept.
    pub fn ties(&self) -> Result<Ties> {
        let s = self.store();
        let c = &s.conn;
        let mut st = c.prepare("SELECT id, type, mentions FROM entities").map_err(s.err())?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?))).map_err(s.err())?;
        let mut entities = Vec::new();
        for r in rows {
            let (id, t, m) = r.map_err(s.err())?;
            entities.push((id, NodeType::parse(&t).unwrap_or(NodeType::Concept), m.max(0) as u64));
        }
        let mut t = Ties::new(entities);
        // Each query streams (id, id, value) rows into the ties.
        let mut each = |sql: &str, f: &mut dyn FnMut(&mut Ties, &str, &str, rusqlite::types::ValueRef<'_>)| -> Result<()> {
            let mut st = c.prepare(sql).map_err(s.err())?;
            let mut rows = st.query([]).map_err(s.err())?;
            while let Some(r) = rows.next().map_err(s.err())? {
                let text = |i| r.get_ref(i).ok().and_then(|v| v.as_str().ok()).unwrap_or("");
                f(&mut t, text(0), text(1), r.get_ref(2).map_err(s.err())?);
            }
            Ok(())
        };
        let count = |v: rusqlite::types::ValueRef<'_>| v.as_i64().unwrap_or(0).max(0) as u64;
        // Every query below reads an index that holds all it needs (the tables themselves hold
        // the edges' JSON and are many times larger). A key is `kind:relation[:…]`.
        each("SELECT source, target, key FROM edges INDEXED BY edges_in", &mut |t, a, b, key| {
            let mut key = key.as_str().unwrap_or("").split(':');
            if !matches!(key.next(), Some("quote" | "mention")) {
                t.relation(a, b, key.next().unwrap_or(""));
            }
        })?;
        each(
            "SELECT fsource, '', count(DISTINCT ftarget) FROM stmt_edges INDEXED BY stmt_edges_out \
             WHERE key >= 'quote:' AND key < 'quote;' GROUP BY fsource",
            &mut |t, id, _, n| t.said(id, count(n)),
        )?;
        each(
            "SELECT ftarget, '', count(DISTINCT fsource) FROM stmt_edges INDEXED BY stmt_edges_in \
             WHERE key >= 'mention:' AND key < 'mention;' GROUP BY ftarget",
            &mut |t, id, _, n| t.about(id, count(n)),
        )?;
        each(
            "SELECT q.fsource, m.ftarget, count(DISTINCT q.ftarget) FROM stmt_edges q INDEXED BY stmt_edges_out \
             JOIN stmt_edges m INDEXED BY stmt_edges_out ON m.fsource = q.ftarget AND m.key >= 'mention:' AND m.key < 'mention;' \
             WHERE q.key >= 'quote:' AND q.key < 'quote;' GROUP BY q.fsource, m.ftarget",
            &mut |t, a, b, n| t.talk(a, b, count(n)),
        )?;
        Ok(t)
    }

    /// What a focus picture of `id` with radius `hops` draws from: everything within two edges
    /// of it (its relations, its statements, the statements about it and their speakers), and
    /// with `hops` 2 or more within three (the relations of its neighbours, which may themselves
    /// be two edges away through a statement).
    pub fn focus_graph(&self, id: &str, hops: usize) -> std::result::Result<KnowledgeGraph, crate::query::QueryError> {
        self.around(id, if hops >= 2 { 3 } else { 2 })
    }

    /// Everything within `hops` edges of `center` (every edge of the nodes closer than `hops`),
    /// as a small graph.
    pub fn around(&self, center: &str, hops: usize) -> std::result::Result<KnowledgeGraph, crate::query::QueryError> {
        let q = super::read::q;
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
}
