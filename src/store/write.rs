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

use super::{Result, Store, StoreError};
use crate::graph::{edge_key, KnowledgeGraph};
use crate::model::{DocFacts, DocumentMeta, Edge, EdgeRecord, Node, NodeType};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// An edge as stored: evidence texts and document names blanked, the sentence of each
/// evidence item in `sids` (same order). Written as [`Compact`] JSON.
#[derive(Debug, Clone)]
pub(super) struct StoredEdge {
    pub s: String,
    pub t: String,
    pub k: String,
    pub e: Edge,
    pub sids: Vec<i64>,
}

/// One evidence item as stored: sentence id, start, end, rule, date, surface, according to,
/// date source.
type CompactEvidence = (i64, usize, usize, String, Option<String>, Option<String>, Option<String>, Option<String>);

/// The JSON of a [`StoredEdge`]: short keys, defaults left out, evidence as arrays, and the
/// surface forms and rules left out when they are exactly those of the evidence (`None`).
#[derive(Serialize, Deserialize)]
struct Compact {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    s: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    t: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    k: String,
    r: String,
    kind: crate::model::EdgeKind,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    neg: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    m: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    rep: bool,
    n: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sf: Option<std::collections::BTreeSet<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ru: Option<std::collections::BTreeSet<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    ev: Vec<CompactEvidence>,
}

impl Serialize for StoredEdge {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> std::result::Result<S::Ok, S::Error> {
        let e = &self.e;
        let surfaces: std::collections::BTreeSet<String> = e.evidence.iter().filter_map(|x| x.surface.clone()).collect();
        let rules: std::collections::BTreeSet<String> = e.evidence.iter().map(|x| x.rule.clone()).collect();
        Compact {
            s: self.s.clone(),
            t: self.t.clone(),
            k: self.k.clone(),
            r: e.relation.clone(),
            kind: e.kind,
            neg: e.negated,
            m: e.modality.clone(),
            rep: e.reported,
            n: e.count,
            sf: (e.surface != surfaces).then(|| e.surface.clone()),
            ru: (e.rules != rules).then(|| e.rules.clone()),
            ev: e
                .evidence
                .iter()
                .zip(self.sids.iter().chain(std::iter::repeat(&0)))
                .map(|(x, sid)| (*sid, x.start, x.end, x.rule.clone(), x.date.clone(), x.surface.clone(), x.according_to.clone(), x.date_source.clone()))
                .collect(),
        }
        .serialize(ser)
    }
}

impl<'de> Deserialize<'de> for StoredEdge {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> std::result::Result<Self, D::Error> {
        let c = Compact::deserialize(de)?;
        let mut sids = Vec::with_capacity(c.ev.len());
        let evidence: Vec<crate::model::Evidence> = c
            .ev
            .into_iter()
            .map(|(sid, start, end, rule, date, surface, according_to, date_source)| {
                sids.push(sid);
                crate::model::Evidence { doc: String::new(), start, end, text: String::new(), rule, date, date_source, surface, according_to }
            })
            .collect();
        let surface = c.sf.unwrap_or_else(|| evidence.iter().filter_map(|x| x.surface.clone()).collect());
        let rules = c.ru.unwrap_or_else(|| evidence.iter().map(|x| x.rule.clone()).collect());
        let e = Edge { relation: c.r, kind: c.kind, negated: c.neg, modality: c.m, reported: c.rep, count: c.n, evidence, surface, rules };
        Ok(StoredEdge { s: c.s, t: c.t, k: c.k, e, sids })
    }
}

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

/// One evidence row of a relation edge, before the document has a number.
struct EvidenceRow {
    /// The edge's place among the document's relation edges (`rel_edges.n`).
    n: i64,
    /// The edge's surface forms and rules are exactly those of its evidence: this row's count
    /// toward the finished edge's (else the edge's own sets are kept, in `rel_edges`).
    own: bool,
    source: String,
    target: String,
    key: String,
    local: i64,
    start: usize,
    end: usize,
    rule: String,
    date: Option<String>,
    date_source: Option<String>,
    surface: Option<String>,
    according_to: Option<String>,
}

/// A document's rows, made ready for [`Store::add_prepared`] (JSON serialized, sentences
/// numbered within the document). Pure: runs on the extraction workers, in parallel.
pub struct Prepared {
    meta: String,
    sentences: Vec<(usize, usize, String)>,
    /// Id, date (its own, else the document's), start, JSON.
    statements: Vec<(String, Option<String>, Option<i64>, String)>,
    /// Source, target, key, kind, JSON, first evidence sentence (index in the document),
    /// number of evidence items.
    stmt_edges: Vec<(String, String, String, &'static str, String, Option<i64>, i64)>,
    evidence: Vec<EvidenceRow>,
    nodes: String,
    /// Relation edges: source, target, key, JSON (evidence in `evidence`).
    edges: Vec<(String, String, String, String)>,
    warnings: Vec<String>,
}

/// Makes the rows of a document (see [`Prepared`]).
pub fn prepare(facts: &DocFacts) -> Prepared {
    let d = &facts.document;
    let mut warnings = Vec::new();
    let json = |v: &dyn erased::Ser| v.json();
    let mut sentences: Vec<(usize, usize, String)> = Vec::new();
    let mut local: HashMap<(usize, usize, &str), i64> = HashMap::new();
    for ev in facts.edges.iter().flat_map(|e| &e.edge.evidence) {
        if ev.doc != d.id && !warnings.iter().any(|w: &String| w.contains(&ev.doc)) {
            warnings.push(format!("evidence names document {:?}: stored under {:?}", ev.doc, d.id));
        }
        let k = (ev.start, ev.end, ev.text.as_str());
        if let std::collections::hash_map::Entry::Vacant(e) = local.entry(k) {
            e.insert(sentences.len() as i64);
            sentences.push((ev.start, ev.end, ev.text.clone()));
        }
    }
    let stored = |e: &EdgeRecord| -> StoredEdge {
        let mut edge = e.edge.clone();
        let ids = edge.evidence.iter().map(|ev| local[&(ev.start, ev.end, ev.text.as_str())]).collect();
        for ev in &mut edge.evidence {
            ev.text = String::new();
            ev.doc = String::new();
        }
        StoredEdge { s: e.source.clone(), t: e.target.clone(), k: e.key.clone(), e: edge, sids: ids }
    };
    let statement_ids: HashSet<&str> = facts.nodes.iter().filter(|n| n.node_type == NodeType::Statement).map(|n| n.id.as_str()).collect();
    let statements = facts
        .nodes
        .iter()
        .filter(|n| n.node_type == NodeType::Statement)
        .map(|n| (n.id.clone(), n.date.clone().or_else(|| d.date.clone()), n.start.map(|x| x as i64), json(n)))
        .collect();
    let mut stmt_edges = Vec::new();
    let mut evidence = Vec::new();
    let mut relation_edges = Vec::new();
    for e in &facts.edges {
        let key = edge_key(&e.edge);
        if statement_ids.contains(e.source.as_str()) || statement_ids.contains(e.target.as_str()) {
            let mut se = stored(e);
            se.s.clear();
            se.t.clear();
            let (first, nev) = (se.sids.first().copied(), se.sids.len() as i64);
            stmt_edges.push((e.source.clone(), e.target.clone(), key, e.edge.kind.as_str(), json(&se), first, nev));
        } else {
            let own = e.edge.surface == e.edge.evidence.iter().filter_map(|x| x.surface.clone()).collect()
                && e.edge.rules == e.edge.evidence.iter().map(|x| x.rule.clone()).collect();
            for ev in &e.edge.evidence {
                evidence.push(EvidenceRow {
                    n: relation_edges.len() as i64,
                    own,
                    source: e.source.clone(),
                    target: e.target.clone(),
                    key: key.clone(),
                    local: local[&(ev.start, ev.end, ev.text.as_str())],
                    start: ev.start,
                    end: ev.end,
                    rule: ev.rule.clone(),
                    date: ev.date.clone(),
                    date_source: ev.date_source.clone(),
                    surface: ev.surface.clone(),
                    according_to: ev.according_to.clone(),
                });
            }
            // The evidence is in `evidence` (with `n`); the edge keeps the rest.
            let mut se = stored(e);
            se.e.evidence.clear();
            se.sids.clear();
            if own {
                // They come back from the evidence rows.
                se.e.surface.clear();
                se.e.rules.clear();
            }
            // The ends are columns; the record's own key (empty from extraction) stays in the JSON.
            let (s, t) = (std::mem::take(&mut se.s), std::mem::take(&mut se.t));
            relation_edges.push((s, t, key, json(&se)));
        }
    }
    let nodes: Vec<Node> = facts
        .nodes
        .iter()
        .filter(|n| n.node_type != NodeType::Statement)
        .map(|n| {
            let mut n = n.clone();
            n.docs.clear();
            n
        })
        .collect();
    Prepared { meta: json(d), sentences, statements, stmt_edges, evidence, nodes: json(&nodes), edges: relation_edges, warnings }
}

mod erased {
    //! JSON of the model types (which always serialize: every map key is a string).
    pub trait Ser {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Ser for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap_or_default()
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite { path: String::new(), source }
    }
}
