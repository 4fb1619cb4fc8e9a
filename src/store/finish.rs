//! The finished layer: the identity rules run on the lean graph, and their decisions are
//! applied to what is on disk.
//!
//! 1. [`KnowledgeGraph::finalize`] decides merges (the rules of [`crate::graph::identity`]).
//! 2. `id_map` gets one row per merged-away id, mapped to its final id (chains followed).
//! 3. `stmt_edges.fsource`/`ftarget` (the ends of quote and mention edges) are set to the
//!    mapped ids, by one `UPDATE` that writes only the rows whose mapping changed.
//! 4. `entities` (with their documents and names) are rewritten from the lean graph, and
//!    `edges` (relation edges) from the per-document rows: `rel_edges` and `evidence`, each read
//!    through SQLite's sorter in the order of their mapped ends and key, merged — counts add up,
//!    evidence sorted like [`crate::model::Evidence`], duplicates dropped, capped. The lean graph
//!    holds no edge (the identity rules look at entities only), so memory does not grow with
//!    the number of distinct relations.
//!
//! Everything derived is deleted and written again, so the result depends only on the stored
//! documents, never on how they got there.

use super::rows::StoredEdge;
use super::{Result, Store};
use crate::graph::KnowledgeGraph;
use crate::lexicon::Lexicon;
use crate::query::normalize;
use rusqlite::params;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// One evidence row of a relation edge.
struct Row {
    own: bool,
    doc: String,
    start: usize,
    end: usize,
    sid: i64,
    rule: String,
    date: Option<String>,
    date_source: Option<String>,
    surface: Option<String>,
    according_to: Option<String>,
}

impl Store {
    /// Finalizes `g` (the lean graph of every stored document) and rewrites the finished layer.
    pub fn finish(&mut self, g: &mut KnowledgeGraph, lex: &Lexicon) -> Result<()> {
        self.step("finish: document indexes", || self.ensure_indexes())?;
        self.finish_graph(g, lex)?;
        self.write_query_indexes(g)
    }

    /// Identity merges, `id_map`, mapped statement edges, `entities`, `names`, `tokens`, `edges`.
    fn finish_graph(&mut self, g: &mut KnowledgeGraph, lex: &Lexicon) -> Result<()> {
        self.step("finish: identity rules", || g.finalize(lex));
        let t0 = std::time::Instant::now();
        // Final id of every merged-away id (a chain a → b → c maps a to c).
        let mut direct: HashMap<&str, (&str, &str)> = HashMap::new();
        for m in g.merges() {
            direct.insert(m.from.as_str(), (m.into.as_str(), m.rule.as_str()));
        }
        let mut map: BTreeMap<String, (String, String)> = BTreeMap::new();
        for (&from, &(_, rule)) in &direct {
            let mut to = from;
            let mut steps = 0;
            while let Some(&(next, _)) = direct.get(to) {
                to = next;
                steps += 1;
                if steps > direct.len() {
                    break;
                }
            }
            map.insert(from.to_string(), (to.to_string(), rule.to_string()));
        }
        let err = self.err();
        self.conn.execute_batch("DELETE FROM id_map; DELETE FROM entities; DELETE FROM names; DELETE FROM tokens; DELETE FROM edges;").map_err(&err)?;
        {
            let mut st = self.conn.prepare_cached("INSERT INTO id_map(id, final, rule) VALUES(?1, ?2, ?3)").map_err(&err)?;
            for (from, (to, rule)) in &map {
                st.execute(params![from, to, rule]).map_err(&err)?;
            }
        }
        self.conn
            .execute_batch(
                "UPDATE stmt_edges SET
                    fsource = coalesce((SELECT final FROM id_map WHERE id = source), source),
                    ftarget = coalesce((SELECT final FROM id_map WHERE id = target), target)
                 WHERE fsource != coalesce((SELECT final FROM id_map WHERE id = source), source)
                    OR ftarget != coalesce((SELECT final FROM id_map WHERE id = target), target);",
            )
            .map_err(&err)?;
        self.record_step("finish: id map, statement ends", t0.elapsed());

        // Entities, their names and name tokens.
        let t0 = std::time::Instant::now();
        {
            let mut ent = self.conn.prepare_cached("INSERT INTO entities(id, type, label, mentions, node) VALUES(?1, ?2, ?3, ?4, ?5)").map_err(&err)?;
            let mut nam = self.conn.prepare_cached("INSERT OR IGNORE INTO names(name, entity) VALUES(?1, ?2)").map_err(&err)?;
            let mut tok = self.conn.prepare_cached("INSERT OR IGNORE INTO tokens(token, entity) VALUES(?1, ?2)").map_err(&err)?;
            for n in g.sorted_nodes() {
                let mut node = n.clone();
                node.docs = g.doc_numbers(&n.id).iter().map(|d| self.doc_name(*d).to_string()).collect();
                let json = serde_json::to_string(&node).map_err(|e| self.corrupt("entities", e))?;
                ent.execute(params![n.id, n.node_type.as_str(), n.label, n.mentions.min(i64::MAX as u64) as i64, json]).map_err(&err)?;
                let names: BTreeSet<String> =
                    std::iter::once(&n.id).chain(std::iter::once(&n.label)).chain(n.aliases.iter()).map(|s| normalize(s)).filter(|k| !k.is_empty()).collect();
                let mut toks = BTreeSet::new();
                for k in &names {
                    nam.execute(params![k, n.id]).map_err(&err)?;
                    toks.extend(k.split(' ').map(str::to_string));
                }
                for t in toks {
                    tok.execute(params![t, n.id]).map_err(&err)?;
                }
            }
        }

        drop(err);
        self.record_step("finish: entities, names", t0.elapsed());
        self.step("finish: relation edges", || self.write_relation_edges(g))
    }

    /// The finished relation edges: every document's relation edges (`rel_edges`) and their
    /// evidence rows (`evidence`), each read in the order of their final ends and key, merged.
    /// An edge that an identity merge turned into a loop is dropped, as
    /// [`KnowledgeGraph::merge_nodes`] does; counts add up; the surface forms and rules are the
    /// edges' own sets where they said more than their evidence, else the evidence's; the
    /// evidence is sorted like [`crate::model::Evidence`], duplicates dropped, capped.
    fn write_relation_edges(&self, g: &KnowledgeGraph) -> Result<()> {
        let err = self.err();
        let entities: HashSet<&str> = g.sorted_nodes().into_iter().map(|n| n.id.as_str()).collect();
        let mapped = |table: &str, cols: &str| {
            format!(
                "SELECT coalesce(a.final, x.source), coalesce(b.final, x.target), x.key, x.source, x.target, {cols}
                 FROM {table} x LEFT JOIN id_map a ON a.id = x.source LEFT JOIN id_map b ON b.id = x.target ORDER BY 1, 2, 3"
            )
        };
        let mut edges_st = self.conn.prepare(&mapped("rel_edges", "x.edge")).map_err(&err)?;
        let mut ev_st = self
            .conn
            .prepare(&mapped("evidence", "x.doc, x.sid, x.start, x.\"end\", x.rule, x.date, x.surface, x.according_to, x.own, x.date_source"))
            .map_err(&err)?;
        let mut edge_rows = edges_st.query([]).map_err(&err)?;
        let mut ev_rows = ev_st.query([]).map_err(&err)?;
        type Key = (String, String, String);
        /// A row's final key, and whether a merge made it a loop (then it is dropped).
        fn head(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Key, bool)> {
            let (s, t, k): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let moved_loop = s == t && (r.get_ref(3)?.as_str().ok() != Some(s.as_str()) || r.get_ref(4)?.as_str().ok() != Some(t.as_str()));
            Ok(((s, t, k), moved_loop))
        }
        let next_edge = |rows: &mut rusqlite::Rows<'_>| -> Result<Option<(Key, bool, String)>> {
            match rows.next().map_err(&err)? {
                None => Ok(None),
                Some(r) => {
                    let (k, lp) = head(r).map_err(&err)?;
                    Ok(Some((k, lp, r.get(5).map_err(&err)?)))
                }
            }
        };
        let next_ev = |rows: &mut rusqlite::Rows<'_>| -> Result<Option<(Key, bool, Row)>> {
            match rows.next().map_err(&err)? {
                None => Ok(None),
                Some(r) => {
                    let (k, lp) = head(r).map_err(&err)?;
                    let row = Row {
                        doc: self.doc_name(r.get(5).map_err(&err)?).to_string(),
                        sid: r.get(6).map_err(&err)?,
                        start: r.get::<_, i64>(7).map_err(&err)? as usize,
                        end: r.get::<_, i64>(8).map_err(&err)? as usize,
                        rule: r.get(9).map_err(&err)?,
                        date: r.get(10).map_err(&err)?,
                        surface: r.get(11).map_err(&err)?,
                        according_to: r.get(12).map_err(&err)?,
                        own: r.get::<_, i64>(13).map_err(&err)? != 0,
                        date_source: r.get(14).map_err(&err)?,
                    };
                    Ok(Some((k, lp, row)))
                }
            }
        };
        let max = self.max_evidence;
        let mut ins = self
            .conn
            .prepare_cached("INSERT INTO edges(source, target, key, kind, relation, count, edge, sids) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
            .map_err(&err)?;
        let mut pending_edge = next_edge(&mut edge_rows)?;
        let mut pending_ev = next_ev(&mut ev_rows)?;
        while let Some((key, _, _)) = &pending_edge {
            let key = key.clone();
            // The edge rows of this key.
            let mut edge: Option<crate::model::Edge> = None;
            while let Some((k, moved_loop, json)) = pending_edge.take() {
                if k != key {
                    pending_edge = Some((k, moved_loop, json));
                    break;
                }
                if !moved_loop {
                    let se: StoredEdge = serde_json::from_str(&json).map_err(|e| self.corrupt("rel_edges", e))?;
                    match &mut edge {
                        None => edge = Some(se.e),
                        Some(e) => {
                            e.count = e.count.saturating_add(se.e.count);
                            e.surface.extend(se.e.surface);
                            e.rules.extend(se.e.rules);
                        }
                    }
                }
                pending_edge = next_edge(&mut edge_rows)?;
            }
            // Its evidence rows (rows of keys without an edge row are skipped).
            let mut rows: Vec<Row> = Vec::new();
            while let Some((k, moved_loop, row)) = pending_ev.take() {
                if k > key {
                    pending_ev = Some((k, moved_loop, row));
                    break;
                }
                if k == key && !moved_loop {
                    rows.push(row);
                }
                pending_ev = next_ev(&mut ev_rows)?;
            }
            let Some(mut e) = edge else { continue };
            let (s, t, key) = key;
            if !entities.contains(s.as_str()) || !entities.contains(t.as_str()) {
                continue;
            }
            for r in rows.iter().filter(|r| r.own) {
                e.rules.insert(r.rule.clone());
                if let Some(x) = &r.surface {
                    e.surface.insert(x.clone());
                }
            }
            // Texts decide only between two sentences with the same document and span.
            rows.sort_by(|a, b| (&a.doc, a.start, a.end, a.sid).cmp(&(&b.doc, b.start, b.end, b.sid)));
            let mut texts: HashMap<i64, String> = HashMap::new();
            for w in rows.windows(2) {
                if (&w[0].doc, w[0].start, w[0].end) == (&w[1].doc, w[1].start, w[1].end) && w[0].sid != w[1].sid {
                    for sid in [w[0].sid, w[1].sid] {
                        if let std::collections::hash_map::Entry::Vacant(v) = texts.entry(sid) {
                            v.insert(self.sentence(sid)?.3);
                        }
                    }
                }
            }
            let text = |sid: i64| texts.get(&sid).map(|s| s.as_str()).unwrap_or("");
            rows.sort_by(|a, b| {
                (&a.doc, a.start, a.end)
                    .cmp(&(&b.doc, b.start, b.end))
                    .then_with(|| if a.sid == b.sid { std::cmp::Ordering::Equal } else { text(a.sid).cmp(text(b.sid)) })
                    .then_with(|| (&a.rule, &a.date, &a.date_source, &a.surface, &a.according_to).cmp(&(&b.rule, &b.date, &b.date_source, &b.surface, &b.according_to)))
            });
            rows.dedup_by(|b, a| {
                (&a.doc, a.start, a.end, &a.rule, &a.date, &a.date_source, &a.surface, &a.according_to)
                    == (&b.doc, b.start, b.end, &b.rule, &b.date, &b.date_source, &b.surface, &b.according_to)
                    && (a.sid == b.sid || text(a.sid) == text(b.sid))
            });
            if max > 0 {
                rows.truncate(max);
            }
            let sids: Vec<i64> = rows.iter().map(|r| r.sid).collect();
            e.evidence = rows
                .into_iter()
                .map(|r| crate::model::Evidence {
                    doc: String::new(),
                    start: r.start,
                    end: r.end,
                    text: String::new(),
                    rule: r.rule,
                    date: r.date,
                    date_source: r.date_source,
                    surface: r.surface,
                    according_to: r.according_to,
                })
                .collect();
            let blob = super::sids_blob(&sids);
            let (kind, relation, count) = (e.kind.as_str(), e.relation.clone(), e.count.min(i64::MAX as u64) as i64);
            let se = StoredEdge { s: s.clone(), t: t.clone(), k: key.clone(), e, sids };
            let json = serde_json::to_string(&se).map_err(|x| self.corrupt("edges", x))?;
            ins.execute(params![s, t, key, kind, relation, count, json, blob]).map_err(&err)?;
        }
        Ok(())
    }
}
