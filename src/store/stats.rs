//! `stats` from the store: counts from the narrow tables and index scans (no JSON is read
//! except for the few nodes ranked), the same numbers as [`crate::query::stats`] on the
//! `graph.json` of the same store.

use super::read::{kind_of_key, q, relation_of_key, StoreGraph};
use super::Result;
use crate::model::{DocumentMeta, EdgeKind, NodeType};
use crate::query::stats::{Count, DocRow, Ranked, Stats};
use crate::query::{NodeRef, QueryError};
use std::collections::{BTreeMap, HashMap};

impl StoreGraph<'_> {
    /// Statistics from the store's tables (see [`crate::query::stats`]).
    pub fn stats(&self, top: usize) -> std::result::Result<Stats, QueryError> {
        self.stats_inner(top).map_err(q)
    }

    fn stats_inner(&self, top: usize) -> Result<Stats> {
        let c = &self.store().conn;
        let err = self.store().err();
        let mut by_type: BTreeMap<NodeType, usize> = BTreeMap::new();
        let mut st = c.prepare("SELECT type, count(*) FROM entities GROUP BY type").map_err(&err)?;
        for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).map_err(&err)? {
            let (t, n) = r.map_err(&err)?;
            *by_type.entry(NodeType::parse(&t).unwrap_or(NodeType::Concept)).or_default() += n as usize;
        }
        let statements: i64 = c.query_row("SELECT count(*) FROM stmt_order", [], |r| r.get(0)).map_err(&err)?;
        if statements > 0 {
            by_type.insert(NodeType::Statement, statements as usize);
        }
        let mut by_kind: BTreeMap<EdgeKind, usize> = BTreeMap::new();
        let mut by_relation: HashMap<String, usize> = HashMap::new();
        // Degrees of entities only (statements are never ranked).
        let mut degree: HashMap<String, u64> = HashMap::new();
        {
            let mut st = c.prepare("SELECT id FROM entities").map_err(&err)?;
            let mut rows = st.query([]).map_err(&err)?;
            while let Some(r) = rows.next().map_err(&err)? {
                degree.insert(r.get(0).map_err(&err)?, 0);
            }
        }
        let mut edges = 0usize;
        // Index scans only; statement edges with the same ends and key are one edge, as in
        // graph.json (DISTINCT on the ordered index).
        for sql in ["SELECT source, target, key FROM edges", "SELECT DISTINCT fsource, ftarget, key FROM stmt_edges INDEXED BY stmt_edges_out"] {
            let mut st = c.prepare(sql).map_err(&err)?;
            let mut rows = st.query([]).map_err(&err)?;
            while let Some(r) = rows.next().map_err(&err)? {
                let get = |i: usize| -> Result<&str> { r.get_ref(i).map_err(&err)?.as_str().map_err(|e| self.store().corrupt("edges", e)) };
                let (s, t, k) = (get(0)?, get(1)?, get(2)?);
                edges += 1;
                *by_kind.entry(kind_of_key(k).unwrap_or(EdgeKind::Action)).or_default() += 1;
                let rel = relation_of_key(k);
                match by_relation.get_mut(rel) {
                    Some(n) => *n += 1,
                    None => {
                        by_relation.insert(rel.to_string(), 1);
                    }
                }
                if s != t
                    && let Some(d) = degree.get_mut(t)
                {
                    *d += 1;
                }
                if let Some(d) = degree.get_mut(s) {
                    *d += 1;
                }
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
        let mut st = c.prepare("SELECT d.id, n FROM (SELECT doc, count(*) n FROM stmt_order GROUP BY doc) o JOIN documents d ON d.doc = o.doc").map_err(&err)?;
        for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).map_err(&err)? {
            let (d, n) = r.map_err(&err)?;
            per_doc.insert(d, n as usize);
        }
        let mut documents = Vec::new();
        let mut st = c.prepare("SELECT meta FROM documents ORDER BY id").map_err(&err)?;
        for r in st.query_map([], |r| r.get::<_, String>(0)).map_err(&err)? {
            let m: DocumentMeta = serde_json::from_str(&r.map_err(&err)?).map_err(|e| self.store().corrupt("documents", e))?;
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
