//! `graph.json` streamed from the store: the same bytes as [`KnowledgeGraph::write_json`] of
//! the same documents built in memory, without holding the graph.
//!
//! Nodes are two ordered scans merged by id (`entities`, `statements`); edges are two ordered
//! scans merged by (source, target, key): `edges` (relation edges, finished) and `stmt_edges`
//! by their mapped ends (statement edges whose ends became the same after identity merges are
//! folded together, as [`crate::model::Edge::absorb`] does in memory). Each element is
//! serialized as it is read, through serde's `collect_seq`, so the pretty-printing is serde's.

use super::write::StoredEdge;
use super::{Result, Store, StoreError};
use crate::graph::KnowledgeGraph;
use crate::model::{DocumentMeta, Edge, EdgeRecord, Node};
use serde::ser::{Serialize, Serializer};
use std::cell::RefCell;
use std::io::Write;
use std::iter::Peekable;
use rusqlite::Statement;

/// The columns [`Store::statement_edges`] reads.
pub(super) const STMT_EDGES: &str = "SELECT fsource, ftarget, key, edge, doc FROM stmt_edges";

/// A sequence serialized from an iterator as it goes.
struct Seq<I>(RefCell<Option<I>>);

impl<T: Serialize, I: Iterator<Item = T>> Serialize for Seq<I> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let it = self.0.borrow_mut().take();
        s.collect_seq(it.into_iter().flatten())
    }
}

/// Collects the first error of a stream and ends it.
#[derive(Default)]
pub(super) struct Failed(pub(super) RefCell<Option<StoreError>>);

impl Failed {
    pub(super) fn take<T>(&self, r: Result<T>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.borrow_mut().get_or_insert(e);
                None
            }
        }
    }
}

/// Merges two sorted streams by a key.
fn merge_by<T, K: Ord>(a: impl Iterator<Item = T>, b: impl Iterator<Item = T>, key: impl Fn(&T) -> K) -> impl Iterator<Item = T> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) => {
            if key(x) <= key(y) {
                a.next()
            } else {
                b.next()
            }
        }
        (Some(_), None) => a.next(),
        (None, Some(_)) => b.next(),
        (None, None) => None,
    })
}

/// Folds adjacent records with the same (source, target, key), as parallel facts merge.
fn fold_parallel(it: impl Iterator<Item = EdgeRecord>, max_evidence: usize) -> impl Iterator<Item = EdgeRecord> {
    let mut it: Peekable<_> = it.peekable();
    std::iter::from_fn(move || {
        let mut cur = it.next()?;
        while let Some(next) = it.peek() {
            if (&next.source, &next.target, &next.key) != (&cur.source, &cur.target, &cur.key) {
                break;
            }
            let next = it.next()?;
            cur.edge.absorb(&next.edge, max_evidence);
        }
        Some(cur)
    })
}

impl Store {
    /// Rows of one column of JSON from a prepared statement, parsed as `T`, read as they go.
    pub(super) fn json_rows<'a, T: serde::de::DeserializeOwned + 'a>(
        &'a self,
        st: &'a mut Statement<'_>,
        args: &[&str],
        table: &'static str,
        failed: &'a Failed,
    ) -> Result<impl Iterator<Item = T> + 'a> {
        let mut rows = st.query(rusqlite::params_from_iter(args.iter())).map_err(self.err())?;
        Ok(std::iter::from_fn(move || {
            let row = failed.take(rows.next().map_err(self.err()))??;
            let json: String = failed.take(row.get(0).map_err(self.err()))?;
            failed.take(serde_json::from_str(&json).map_err(|e| self.corrupt(table, e)))
        }))
    }

    /// Writes `graph.json` (see the module notes).
    pub fn write_json<W: Write>(&self, w: W) -> Result<()> {
        let failed = Failed::default();
        let max = self.max_evidence;
        let prep = |sql: &str| self.conn.prepare(sql).map_err(self.err());
        let (mut s1, mut s2, mut s3, mut s4, mut s5) = (
            prep("SELECT meta, duplicate_of FROM documents ORDER BY id")?,
            prep("SELECT node FROM entities ORDER BY id")?,
            prep("SELECT node FROM statements ORDER BY id")?,
            prep("SELECT edge FROM edges ORDER BY source, target, key")?,
            prep(&format!("{STMT_EDGES} ORDER BY fsource, ftarget, key"))?,
        );
        #[derive(serde::Serialize)]
        struct Listed {
            #[serde(flatten)]
            meta: DocumentMeta,
            /// An exact duplicate: the document that holds the facts of the same text.
            #[serde(skip_serializing_if = "Option::is_none")]
            duplicate_of: Option<String>,
        }
        let mut doc_rows = s1.query([]).map_err(self.err())?;
        let documents = std::iter::from_fn(|| {
            let row = failed.take(doc_rows.next().map_err(self.err()))??;
            let json: String = failed.take(row.get(0).map_err(self.err()))?;
            let duplicate_of: Option<String> = failed.take(row.get(1).map_err(self.err()))?;
            let meta = failed.take(serde_json::from_str(&json).map_err(|e| self.corrupt("documents", e)))?;
            Some(Listed { meta, duplicate_of })
        });
        let entities = self.json_rows::<Node>(&mut s2, &[], "entities", &failed)?;
        let statements = self.json_rows::<Node>(&mut s3, &[], "statements", &failed)?;
        let nodes = merge_by(entities, statements, |n: &Node| n.id.clone());
        let rel = self.json_rows::<StoredEdge>(&mut s4, &[], "edges", &failed)?;
        let rel = rel.filter_map(|se| failed.take(self.restore_edge(se)));
        let st = self.statement_edges(&mut s5, &[], &failed)?;
        let st = fold_parallel(st, max);
        let edges = merge_by(rel, st, |e: &EdgeRecord| (e.source.clone(), e.target.clone(), e.key.clone()));

        #[derive(serde::Serialize)]
        struct Doc<D, N, E> {
            directed: bool,
            multigraph: bool,
            graph: Attrs<D>,
            nodes: N,
            edges: E,
        }
        #[derive(serde::Serialize)]
        struct Attrs<D> {
            generator: String,
            documents: D,
        }
        #[derive(serde::Serialize)]
        struct Rec<'a> {
            source: &'a str,
            target: &'a str,
            key: &'a str,
            #[serde(flatten)]
            edge: &'a Edge,
        }
        struct Owned(EdgeRecord);
        impl Serialize for Owned {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                Rec { source: &self.0.source, target: &self.0.target, key: &self.0.key, edge: &self.0.edge }.serialize(s)
            }
        }
        let doc = Doc {
            directed: true,
            multigraph: true,
            graph: Attrs { generator: format!("newsgraph {}", env!("CARGO_PKG_VERSION")), documents: Seq(RefCell::new(Some(documents))) },
            nodes: Seq(RefCell::new(Some(nodes))),
            edges: Seq(RefCell::new(Some(edges.map(Owned)))),
        };
        let io = |e: std::io::Error| StoreError::Corrupt { path: "graph.json".into(), table: "output", message: e.to_string() };
        let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
        serde_json::to_writer_pretty(&mut w, &doc).map_err(|e| io(std::io::Error::other(e)))?;
        if let Some(e) = failed.0.borrow_mut().take() {
            return Err(e);
        }
        w.write_all(b"\n").map_err(io)?;
        w.flush().map_err(io)?;
        Ok(())
    }

    /// Statement edges read by `st` (a [`STMT_EDGES`] query), with their mapped ends and
    /// evidence put back, each sorted and capped like a new edge.
    pub(super) fn statement_edges<'a>(
        &'a self,
        st: &'a mut Statement<'_>,
        args: &[&str],
        failed: &'a Failed,
    ) -> Result<impl Iterator<Item = EdgeRecord> + 'a> {
        let mut rows = st.query(rusqlite::params_from_iter(args.iter())).map_err(self.err())?;
        let max = self.max_evidence;
        Ok(std::iter::from_fn(move || {
            let row = failed.take(rows.next().map_err(self.err()))??;
            let get = |i: usize| -> Option<String> { failed.take(row.get::<_, String>(i).map_err(self.err())) };
            let (s, t, k, json) = (get(0)?, get(1)?, get(2)?, get(3)?);
            let doc: u32 = failed.take(row.get(4).map_err(self.err()))?;
            let mut se: StoredEdge = failed.take(serde_json::from_str(&json).map_err(|e| self.corrupt("stmt_edges", e)))?;
            se.s = s;
            se.t = t;
            se.k = k;
            let mut rec = failed.take(self.restore_local(doc, se))?;
            rec.edge.evidence.sort();
            rec.edge.evidence.dedup();
            if max > 0 {
                rec.edge.evidence.truncate(max);
            }
            Some(rec)
        }))
    }

    /// The whole finished graph in memory (for the exporters that need one, and for tests).
    pub fn load_graph(&self) -> Result<KnowledgeGraph> {
        let mut text = Vec::new();
        self.write_json(&mut text)?;
        let text = String::from_utf8(text).map_err(|e| self.corrupt("output", e))?;
        KnowledgeGraph::from_json(&text, 0).map_err(|e| self.corrupt("output", e))
    }
}

