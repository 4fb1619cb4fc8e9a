//! Writing the per-document layer: add (a document id already present is replaced), remove,
//! and exact duplicates.
//!
//! A document's facts are split on the way in: its statement nodes go to `statements`, edges
//! that touch a statement to `stmt_edges`, the evidence of the other (relation) edges to
//! `evidence`, every evidence sentence once to `sentences`, the relation edges themselves
//! (without evidence) to `rel_edges`, and its entity nodes to `doc_graph`, from which the lean
//! in-memory graph (entities only) can be rebuilt after a replacement or a removal. [`Store::document_facts`] puts the pieces back
//! together: the result merges exactly like the document's original facts.
//!
//! Duplicates: of the documents with the same `text_hash`, the one with the smallest id holds
//! the facts; the others are rows with `duplicate_of` and their own facts as JSON in `facts`.
//! Adding a smaller id demotes the holder; removing the holder promotes the next smallest.

use super::rows::{prepare, Prepared, StoredEdge};
use super::{Result, Store, StoreError};
use crate::graph::KnowledgeGraph;
use crate::model::{DocFacts, DocumentMeta, EdgeRecord, Node, NodeType};
use rusqlite::{params, OptionalExtension};

/// What [`Store::add_document`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Added {
    /// The document replaced an earlier one with the same id.
    pub replaced: bool,
    /// The document has the same text as this one, which holds the facts: not added again.
    pub duplicate_of: Option<String>,
    /// The store changed in a way the lean graph built so far cannot follow (a replacement, a
    /// holder demoted): rebuild the graph from the store before finishing.
    pub rebuild: bool,
    /// Problems with the facts (evidence naming another document).
    pub warnings: Vec<String>,
}

impl Store {
    /// Adds one document's facts. A document with the same id is replaced; an exact duplicate
    /// of a stored document is kept aside (see the module notes). When `graph` is given and the
    /// document's facts enter the graph, its entities and relation edges are added to it.
    pub fn add_document(&mut self, facts: &DocFacts, graph: Option<&mut KnowledgeGraph>) -> Result<Added> {
        self.add_prepared(facts, None, graph)
    }

    /// [`Store::add_document`] with the rows made beforehand by [`prepare`] (on a worker thread).
    pub fn add_prepared(&mut self, facts: &DocFacts, prepared: Option<Prepared>, graph: Option<&mut KnowledgeGraph>) -> Result<Added> {
        let mut added = Added::default();
        let id = &facts.document.id;
        if self.doc_number(id)?.is_some() {
            self.remove_document(id)?;
            added.replaced = true;
            added.rebuild = true;
        }
        if let Some(h) = &facts.text_hash {
            let holder: Option<(u32, String)> = self
                .conn
                .query_row("SELECT doc, id FROM documents WHERE text_hash = ?1 AND duplicate_of IS NULL", [h], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()
                .map_err(self.err())?;
            if let Some((hdoc, hid)) = holder {
                if id.as_str() > hid.as_str() {
                    self.insert_duplicate(facts, &hid)?;
                    added.duplicate_of = Some(hid);
                    return Ok(added);
                }
                // The new document has the smaller id: it holds the facts from now on.
                self.ensure_doc_indexes()?;
                let old = self.document_facts_of(hdoc)?;
                self.delete_rows(hdoc)?;
                self.conn.execute("DELETE FROM documents WHERE doc = ?1", [hdoc]).map_err(self.err())?;
                self.doc_names.remove(&hdoc);
                self.insert_duplicate(&old, id)?;
                self.conn.execute("UPDATE documents SET duplicate_of = ?1 WHERE duplicate_of = ?2", params![id, hid]).map_err(self.err())?;
                added.rebuild = true;
            }
        }
        let (doc, warnings) = self.insert_holder(facts, prepared)?;
        added.warnings = warnings;
        if let Some(g) = graph {
            g.add_lean(doc, facts.nodes.iter().filter(|n| n.node_type != NodeType::Statement), std::iter::empty());
        }
        Ok(added)
    }

    /// Removes a document. Returns false when there is none with this id.
    pub fn remove_document(&mut self, id: &str) -> Result<bool> {
        let row: Option<(u32, Option<String>, Option<String>)> = self
            .conn
            .query_row("SELECT doc, duplicate_of, text_hash FROM documents WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()
            .map_err(self.err())?;
        let Some((doc, dup, hash)) = row else { return Ok(false) };
        self.delete_rows(doc)?;
        self.conn.execute("DELETE FROM documents WHERE doc = ?1", [doc]).map_err(self.err())?;
        self.doc_names.remove(&doc);
        if dup.is_none()
            && let Some(h) = hash
        {
            // Promote the next duplicate, if any.
            let next: Option<(u32, String, String)> = self
                .conn
                .query_row(
                    "SELECT doc, id, facts FROM documents WHERE text_hash = ?1 AND duplicate_of IS NOT NULL ORDER BY id LIMIT 1",
                    [&h],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()
                .map_err(self.err())?;
            if let Some((ndoc, nid, json)) = next {
                let facts: DocFacts = serde_json::from_str(&json).map_err(|e| self.corrupt("documents", e))?;
                self.conn.execute("DELETE FROM documents WHERE doc = ?1", [ndoc]).map_err(self.err())?;
                self.doc_names.remove(&ndoc);
                self.insert_holder(&facts, None)?;
                self.conn.execute("UPDATE documents SET duplicate_of = ?1 WHERE text_hash = ?2 AND duplicate_of IS NOT NULL", params![nid, h]).map_err(self.err())?;
            }
        }
        Ok(true)
    }

    /// The number of the document with this id.
    pub(super) fn doc_number(&self, id: &str) -> Result<Option<u32>> {
        self.conn.query_row("SELECT doc FROM documents WHERE id = ?1", [id], |r| r.get(0)).optional().map_err(self.err())
    }

    fn insert_duplicate(&mut self, facts: &DocFacts, holder: &str) -> Result<()> {
        let d = &facts.document;
        let meta = serde_json::to_string(d).map_err(|e| self.corrupt("documents", e))?;
        let json = serde_json::to_string(facts).map_err(|e| self.corrupt("documents", e))?;
        self.conn
            .execute(
                "INSERT INTO documents(id, meta, date, text_hash, duplicate_of, facts) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
                params![d.id, meta, d.date, facts.text_hash, holder, json],
            )
            .map_err(self.err())?;
        let doc = self.conn.last_insert_rowid() as u32;
        self.doc_names.insert(doc, d.id.clone());
        Ok(())
    }

    /// Writes a document that holds its facts; returns its number and warnings.
    fn insert_holder(&mut self, facts: &DocFacts, prepared: Option<Prepared>) -> Result<(u32, Vec<String>)> {
        let p = match prepared {
            Some(p) => p,
            None => prepare(facts),
        };
        if p.sentences.len() as u64 >= 1 << super::SID_BITS {
            return Err(self.corrupt("sentences", format!("document {:?} has more than {} evidence sentences", facts.document.id, 1u64 << super::SID_BITS)));
        }
        let d = &facts.document;
        let err = self.err();
        self.conn
            .prepare_cached("INSERT INTO documents(id, meta, date, text_hash) VALUES(?1, ?2, ?3, ?4)")
            .and_then(|mut st| st.execute(params![d.id, p.meta, d.date, facts.text_hash]))
            .map_err(&err)?;
        let doc = self.conn.last_insert_rowid() as u32;
        {
            let mut st = self.conn.prepare_cached("INSERT INTO sentences(sid, doc, start, \"end\", text) VALUES(?1, ?2, ?3, ?4, ?5)").map_err(&err)?;
            for (k, (start, end, text)) in p.sentences.iter().enumerate() {
                st.execute(params![super::sid(doc, k as i64), doc, *start as i64, *end as i64, text]).map_err(&err)?;
            }
            let mut st = self.conn.prepare_cached("INSERT OR REPLACE INTO statements(id, doc, date, start, node) VALUES(?1, ?2, ?3, ?4, ?5)").map_err(&err)?;
            for (id, date, start, json) in &p.statements {
                st.execute(params![id, doc, date, start, json]).map_err(&err)?;
            }
            let mut st = self
                .conn
                .prepare_cached("INSERT INTO stmt_edges(doc, source, target, fsource, ftarget, key, kind, edge, sid, nev) VALUES(?1, ?2, ?3, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                .map_err(&err)?;
            for (s, t, key, kind, json, first, nev) in &p.stmt_edges {
                st.execute(params![doc, s, t, key, kind, json, first.map(|l| super::sid(doc, l)), nev]).map_err(&err)?;
            }
            let mut st = self
                .conn
                .prepare_cached("INSERT INTO evidence(doc, n, own, source, target, key, sid, start, \"end\", rule, date, surface, according_to, date_source) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)")
                .map_err(&err)?;
            for e in &p.evidence {
                st.execute(params![doc, e.n, e.own, e.source, e.target, e.key, super::sid(doc, e.local), e.start as i64, e.end as i64, e.rule, e.date, e.surface, e.according_to, e.date_source])
                    .map_err(&err)?;
            }
            let mut st = self.conn.prepare_cached("INSERT INTO rel_edges(doc, n, source, target, key, edge) VALUES(?1, ?2, ?3, ?4, ?5, ?6)").map_err(&err)?;
            for (n, (s, t, key, json)) in p.edges.iter().enumerate() {
                st.execute(params![doc, n as i64, s, t, key, json]).map_err(&err)?;
            }
            self.conn
                .prepare_cached("INSERT INTO doc_graph(doc, nodes) VALUES(?1, ?2)")
                .and_then(|mut st| st.execute(params![doc, p.nodes]))
                .map_err(&err)?;
        }
        drop(err);
        self.doc_names.insert(doc, d.id.clone());
        Ok((doc, p.warnings))
    }

    fn delete_rows(&mut self, doc: u32) -> Result<()> {
        self.ensure_doc_indexes()?;
        self.conn
            .execute("DELETE FROM sentences WHERE sid BETWEEN ?1 AND ?2", [super::sid(doc, 0), super::sid(doc, (1 << super::SID_BITS) - 1)])
            .map_err(self.err())?;
        for table in ["doc_graph", "rel_edges", "statements", "stmt_edges", "evidence"] {
            self.conn.execute(&format!("DELETE FROM {table} WHERE doc = ?1"), [doc]).map_err(self.err())?;
        }
        Ok(())
    }

    /// The text of a sentence, with its document's number, start and end.
    pub(super) fn sentence(&self, sid: i64) -> Result<(u32, usize, usize, String)> {
        self.conn
            .prepare_cached("SELECT doc, start, \"end\", text FROM sentences WHERE sid = ?1")
            .and_then(|mut st| st.query_row([sid], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize, r.get::<_, i64>(2)? as usize, r.get(3)?))))
            .map_err(self.err())
    }

    /// Puts the evidence texts and document names of an edge stored with document `doc` (its
    /// sentence ids are then indexes in the document) back.
    pub(super) fn restore_local(&self, doc: u32, mut se: StoredEdge) -> Result<EdgeRecord> {
        for s in &mut se.sids {
            *s = super::sid(doc, *s);
        }
        self.restore_edge(se)
    }

    /// Puts a stored edge's evidence texts and document names back.
    pub(super) fn restore_edge(&self, mut se: StoredEdge) -> Result<EdgeRecord> {
        for (ev, sid) in se.e.evidence.iter_mut().zip(&se.sids) {
            let (doc, _, _, text) = self.sentence(*sid)?;
            ev.text = text;
            ev.doc = self.doc_name(doc).to_string();
        }
        Ok(EdgeRecord { source: se.s, target: se.t, key: se.k, edge: se.e })
    }

    /// The facts of a stored document, put back together from the per-document layer (for a
    /// duplicate, its facts kept aside). `None` when there is no such document.
    pub fn document_facts(&self, id: &str) -> Result<Option<DocFacts>> {
        let row: Option<(u32, Option<String>)> =
            self.conn.query_row("SELECT doc, facts FROM documents WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?))).optional().map_err(self.err())?;
        match row {
            None => Ok(None),
            Some((_, Some(json))) => serde_json::from_str(&json).map(Some).map_err(|e| self.corrupt("documents", e)),
            Some((doc, None)) => self.document_facts_of(doc).map(Some),
        }
    }

    fn document_facts_of(&self, doc: u32) -> Result<DocFacts> {
        let (meta, hash): (String, Option<String>) =
            self.conn.query_row("SELECT meta, text_hash FROM documents WHERE doc = ?1", [doc], |r| Ok((r.get(0)?, r.get(1)?))).map_err(self.err())?;
        let document: DocumentMeta = serde_json::from_str(&meta).map_err(|e| self.corrupt("documents", e))?;
        let nodes: String = self.conn.query_row("SELECT nodes FROM doc_graph WHERE doc = ?1", [doc], |r| r.get(0)).map_err(self.err())?;
        let mut nodes: Vec<Node> = serde_json::from_str(&nodes).map_err(|e| self.corrupt("doc_graph", e))?;
        for n in &mut nodes {
            n.docs.insert(document.id.clone());
        }
        let mut relation: Vec<StoredEdge> = Vec::new();
        {
            let mut st = self.conn.prepare_cached("SELECT source, target, edge FROM rel_edges WHERE doc = ?1 ORDER BY n").map_err(self.err())?;
            let mut rows = st.query([doc]).map_err(self.err())?;
            while let Some(r) = rows.next().map_err(self.err())? {
                let json: String = r.get(2).map_err(self.err())?;
                let mut se: StoredEdge = serde_json::from_str(&json).map_err(|e| self.corrupt("rel_edges", e))?;
                se.s = r.get(0).map_err(self.err())?;
                se.t = r.get(1).map_err(self.err())?;
                relation.push(se);
            }
        }
        {
            let mut st = self
                .conn
                .prepare_cached("SELECT n, sid, start, \"end\", rule, date, surface, according_to, date_source FROM evidence WHERE doc = ?1 ORDER BY rowid")
                .map_err(self.err())?;
            let rows = st
                .query_map([doc], |r| {
                    Ok((
                        r.get::<_, i64>(0)? as usize,
                        r.get::<_, i64>(1)?,
                        crate::model::Evidence {
                            doc: String::new(),
                            start: r.get::<_, i64>(2)? as usize,
                            end: r.get::<_, i64>(3)? as usize,
                            text: String::new(),
                            rule: r.get(4)?,
                            date: r.get(5)?,
                            surface: r.get(6)?,
                            according_to: r.get(7)?,
                            date_source: r.get(8)?,
                        },
                    ))
                })
                .map_err(self.err())?;
            for row in rows {
                let (n, sid, ev) = row.map_err(self.err())?;
                let Some(se) = relation.get_mut(n) else { return Err(self.corrupt("evidence", format!("no edge {n} in document {doc}"))) };
                se.e.evidence.push(ev);
                se.sids.push(sid);
            }
        }
        let mut out_edges = Vec::new();
        for mut se in relation {
            if se.e.surface.is_empty() && se.e.rules.is_empty() {
                se.e.surface = se.e.evidence.iter().filter_map(|x| x.surface.clone()).collect();
                se.e.rules = se.e.evidence.iter().map(|x| x.rule.clone()).collect();
            }
            out_edges.push(self.restore_edge(se)?);
        }
        {
            let mut st = self.conn.prepare_cached("SELECT node FROM statements WHERE doc = ?1 ORDER BY id").map_err(self.err())?;
            let rows = st.query_map([doc], |r| r.get::<_, String>(0)).map_err(self.err())?;
            for json in rows {
                let json = json.map_err(self.err())?;
                nodes.push(serde_json::from_str(&json).map_err(|e| self.corrupt("statements", e))?);
            }
            let mut st = self.conn.prepare_cached("SELECT edge, source, target FROM stmt_edges WHERE doc = ?1 ORDER BY rowid").map_err(self.err())?;
            let rows = st.query_map([doc], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))).map_err(self.err())?;
            for row in rows {
                let (json, source, target) = row.map_err(self.err())?;
                let mut se: StoredEdge = serde_json::from_str(&json).map_err(|e| self.corrupt("stmt_edges", e))?;
                se.s = source;
                se.t = target;
                out_edges.push(self.restore_local(doc, se)?);
            }
        }
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(DocFacts { document, nodes, edges: out_edges, warnings: vec![], text_hash: hash })
    }

    /// Ids of the documents that hold facts, sorted.
    pub fn document_ids(&self) -> Result<Vec<String>> {
        let mut st = self.conn.prepare("SELECT id FROM documents WHERE duplicate_of IS NULL ORDER BY id").map_err(self.err())?;
        let rows = st.query_map([], |r| r.get(0)).map_err(self.err())?;
        rows.collect::<std::result::Result<_, _>>().map_err(self.err())
    }

    /// Duplicates: `(id, id of the document holding the same text)`, sorted.
    pub fn duplicates(&self) -> Result<Vec<(String, String)>> {
        let mut st = self.conn.prepare("SELECT id, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL ORDER BY id").map_err(self.err())?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).map_err(self.err())?;
        rows.collect::<std::result::Result<_, _>>().map_err(self.err())
    }

    /// Rebuilds the lean graph (the entities, with their documents) from every document that
    /// holds facts.
    pub fn lean_graph(&self) -> Result<KnowledgeGraph> {
        let mut g = KnowledgeGraph::new(self.max_evidence);
        let mut st = self
            .conn
            .prepare("SELECT g.doc, g.nodes FROM doc_graph g JOIN documents d ON d.doc = g.doc WHERE d.duplicate_of IS NULL ORDER BY d.id")
            .map_err(self.err())?;
        let mut rows = st.query([]).map_err(self.err())?;
        while let Some(r) = rows.next().map_err(self.err())? {
            let doc: u32 = r.get(0).map_err(self.err())?;
            let nodes: String = r.get(1).map_err(self.err())?;
            let nodes: Vec<Node> = serde_json::from_str(&nodes).map_err(|e| self.corrupt("doc_graph", e))?;
            g.add_lean(doc, &nodes, std::iter::empty());
        }
        Ok(g)
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite { path: String::new(), source }
    }
}
