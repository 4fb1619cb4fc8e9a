//! Reading stored edges and nodes back as model types (for queries and [`Store::load_graph`]).
//! The streamed `graph.json` itself is written by [`super::export`].

use super::rows::StoredEdge;
use super::{Result, Store, StoreError};
use crate::graph::KnowledgeGraph;
use crate::model::EdgeRecord;
use std::cell::RefCell;
use rusqlite::Statement;

/// The columns [`Store::statement_edges`] reads.
pub(super) const STMT_EDGES: &str = "SELECT fsource, ftarget, key, edge, doc FROM stmt_edges";

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

