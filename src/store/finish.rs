//! The finished layer: the identity rules run on the lean graph, and their decisions are
//! applied to what is on disk.
//!
//! 1. [`KnowledgeGraph::finalize`] decides merges (the rules of [`crate::graph::identity`]).
//! 2. `id_map` gets one row per merged-away id, mapped to its final id (chains followed).
//! 3. `stmt_edges.fsource`/`ftarget` (the ends of quote and mention edges) are set to the
//!    mapped ids, by one `UPDATE` that writes only the rows whose mapping changed.
//! 4. `entities` (with their documents and names) and `edges` (relation edges, counts from the
//!    lean graph, evidence gathered from `evidence`: every raw pair of ends that maps to the
//!    edge, sorted like [`crate::model::Evidence`], duplicates dropped, capped) are rewritten.
//!
//! Everything derived is deleted and written again, so the result depends only on the stored
//! documents, never on how they got there.

use super::write::StoredEdge;
use super::{Result, Store};
use crate::graph::KnowledgeGraph;
use crate::lexicon::Lexicon;
use crate::query::normalize;
use rusqlite::params;
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
        self.ensure_indexes()?;
        g.finalize(lex);
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

        // Entities, their names and name tokens.
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

        // Relation edges with their evidence.
        let mut raw_ids: HashMap<&str, Vec<&str>> = HashMap::new();
        for (from, (to, _)) in &map {
            raw_ids.entry(to.as_str()).or_default().push(from.as_str());
        }
        let ids_of = |x: &'_ str| -> Vec<String> {
            let mut v = vec![x.to_string()];
            if let Some(more) = raw_ids.get(x) {
                v.extend(more.iter().map(|s| s.to_string()));
            }
            v
        };
        let max = self.max_evidence;
        let mut ins = self
            .conn
            .prepare_cached("INSERT INTO edges(source, target, key, kind, relation, count, edge) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)")
            .map_err(&err)?;
        let mut q = self
            .conn
            .prepare_cached("SELECT doc, sid, start, \"end\", rule, date, surface, according_to, own, date_source FROM evidence WHERE source = ?1 AND target = ?2 AND key = ?3")
            .map_err(&err)?;
        let row_of = |r: &rusqlite::Row<'_>, at: usize| -> rusqlite::Result<Row> {
            Ok(Row {
                own: r.get::<_, i64>(at + 8)? != 0,
                date_source: r.get(at + 9)?,
                doc: self.doc_name(r.get(at)?).to_string(),
                sid: r.get(at + 1)?,
                start: r.get::<_, i64>(at + 2)? as usize,
                end: r.get::<_, i64>(at + 3)? as usize,
                rule: r.get(at + 4)?,
                date: r.get(at + 5)?,
                surface: r.get(at + 6)?,
                according_to: r.get(at + 7)?,
            })
        };
        // One pass over the evidence in (source, target, key) order, the order of the finished
        // edges: the rows of an edge whose ends were not merged away come in its turn; rows of
        // merged-away ends are fetched by key for the edge they now belong to.
        let mut scan = self
            .conn
            .prepare("SELECT source, target, key, doc, sid, start, \"end\", rule, date, surface, according_to, own, date_source FROM evidence ORDER BY source, target, key")
            .map_err(&err)?;
        let mut cursor = scan.query([]).map_err(&err)?;
        type Keyed = ((String, String, String), Row);
        let next_row = |cursor: &mut rusqlite::Rows<'_>| -> Result<Option<Keyed>> {
            match cursor.next().map_err(&err)? {
                None => Ok(None),
                Some(r) => {
                    let k = (r.get(0).map_err(&err)?, r.get(1).map_err(&err)?, r.get(2).map_err(&err)?);
                    Ok(Some((k, row_of(r, 3).map_err(&err)?)))
                }
            }
        };
        let mut pending = next_row(&mut cursor)?;
        for (s, t, key, edge) in g.sorted_edge_refs() {
            let mut rows: Vec<Row> = Vec::new();
            let here = (s, t, key.as_str());
            while let Some((k, _)) = &pending {
                let at = (k.0.as_str(), k.1.as_str(), k.2.as_str());
                if at > here {
                    break;
                }
                if at == here
                    && let Some((_, r)) = pending.take()
                {
                    rows.push(r);
                }
                pending = next_row(&mut cursor)?;
            }
            for rs in ids_of(s) {
                for rt in ids_of(t) {
                    if rs == s && rt == t {
                        continue;
                    }
                    let found = q.query_map(params![rs, rt, key], |r| row_of(r, 0)).map_err(&err)?;
                    for r in found {
                        rows.push(r.map_err(&err)?);
                    }
                }
            }
            let mut e = edge.clone();
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
                        if let std::collections::hash_map::Entry::Vacant(e) = texts.entry(sid) {
                            e.insert(self.sentence(sid)?.3);
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
            let sids = rows.iter().map(|r| r.sid).collect();
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
            let se = StoredEdge { s: s.to_string(), t: t.to_string(), k: key.clone(), e, sids };
            let json = serde_json::to_string(&se).map_err(|x| self.corrupt("edges", x))?;
            ins.execute(params![s, t, key, edge.kind.as_str(), edge.relation, edge.count.min(i64::MAX as u64) as i64, json]).map_err(&err)?;
        }
        Ok(())
    }
}
