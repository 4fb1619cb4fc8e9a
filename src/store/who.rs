//! `who-said` from the store: a page of the `said`/`about` indexes ([`super::index`]).
//!
//! The statements that match are counted and the first `limit` of them (in answer order, which
//! is `stmt_order.ord`) are read, with their quote and mention edges, speakers and mentioned
//! entities, into a small graph; `crate::query::who_said` then answers on it with the same code
//! as for a `graph.json`. A `--since`/`--until` range is a range of `ord` (the dated statements
//! come first, by date), found by binary search. Cost: one index range count and `limit` rows,
//! whatever the number of statements. Only a topic that is not an entity (a statement id) falls
//! back to reading every statement. Over all dates, the rows of one speaker or one entity are
//! counted when finishing (`answer_rows`), so a hub's page reads only `limit` rows. `--doc` and
//! `--cue` are checked on each statement of the index range (the count then reads the whole
//! range). The same words quoted twice in one document are one row (`stmt_groups`): the page
//! counts and takes them together.

use super::read::{q, StoreGraph};
use super::Result;
use crate::graph::KnowledgeGraph;
use crate::model::{EdgeKind, Node};
use crate::query::who_said::{cue_matches, doc_matches};
use crate::query::{normalize, normalize_into, Queries, QueryError, WhoSaid, WhoSaidResult};
use rusqlite::OptionalExtension;
use std::collections::{BTreeSet, HashSet};

/// The filters a page of the indexes answers: resolved ids and checked dates.
struct Ask<'a> {
    speaker: Option<&'a str>,
    about: Option<&'a str>,
    since: Option<&'a str>,
    until: Option<&'a str>,
}

/// What [`StoreGraph::who_said_graph`] reads: the small graph of the page's statements, the
/// resolved speaker and topic ids, and how many statements match (`None` when the small graph
/// holds every candidate and the answer counts them itself).
pub type WhoSaidPage = (KnowledgeGraph, Option<String>, Option<String>, Option<usize>);

impl StoreGraph<'_> {
    /// Who said what, answered from the store: the same answer as
    /// [`crate::query::Queries::who_said`] on the `graph.json` of the same store, with the
    /// small graph it was answered on (for pictures and pages of the answer).
    pub fn who_said(&self, w: &WhoSaid) -> std::result::Result<(KnowledgeGraph, WhoSaidResult), QueryError> {
        let (g, speaker, about, total) = self.who_said_graph(w)?;
        let mut r = Queries::new(&g).who_said(&WhoSaid { speaker, about, ..w.clone() })?;
        r.query = w.clone();
        if let Some(total) = total {
            r.total = total;
            r.truncated = r.count < total;
        }
        Ok((g, r))
    }

    /// The page of statements a who-said question returns (see the module notes), as a small
    /// graph; the resolved speaker and topic ids; the number of rows that match (`None`
    /// when the small graph holds every candidate and the answer counts them itself).
    pub fn who_said_graph(&self, w: &WhoSaid) -> std::result::Result<WhoSaidPage, QueryError> {
        let speaker = w.speaker.as_deref().map(|s| self.resolve(s)).transpose()?;
        let about = w.about.as_deref().map(|s| self.resolve(s)).transpose()?;
        let since = check("since", &w.since)?;
        let until = check("until", &w.until)?;
        let (total, statements) = match &about {
            Some(a) if !self.is_entity(a).map_err(q)? => (None, self.scan_about(speaker.as_deref(), a).map_err(q)?),
            _ => {
                let ask = Ask { speaker: speaker.as_deref(), about: about.as_deref(), since: since.as_deref(), until: until.as_deref() };
                let (n, ids) = self.page(&ask, w).map_err(q)?;
                (Some(n), ids)
            }
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
        Ok((g, speaker, about, total))
    }

    pub(super) fn is_entity(&self, id: &str) -> Result<bool> {
        self.has_row("SELECT 1 FROM entities WHERE id = ?1", id)
    }

    /// The `ord` range of the dated statements within `since`..=`until` (inclusive bounds cut
    /// to their length, as `who-said` compares them); all statements without a bound.
    fn range(&self, since: Option<&str>, until: Option<&str>) -> Result<(i64, i64)> {
        let c = &self.store().conn;
        let err = self.store().err();
        if since.is_none() && until.is_none() {
            let n: i64 = c.query_row("SELECT coalesce(max(ord), 0) FROM stmt_order", [], |r| r.get(0)).map_err(&err)?;
            return Ok((1, n));
        }
        let dated: i64 = c
            .query_row("SELECT value FROM meta WHERE key = 'dated'", [], |r| r.get::<_, String>(0))
            .optional()
            .map_err(&err)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut get = c.prepare_cached("SELECT date FROM stmt_order WHERE ord = ?1").map_err(&err)?;
        let mut date_at = |ord: i64| -> Result<String> { get.query_row([ord], |r| r.get::<_, Option<String>>(0)).map(|d| d.unwrap_or_default()).map_err(&err) };
        // The first ord in 1..=dated whose date is not below `x` (dated + 1 when none).
        let mut first_not_below = |x: &str| -> Result<i64> {
            let (mut lo, mut hi) = (1i64, dated + 1);
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if date_at(mid)?.as_str() < x {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            Ok(lo)
        };
        let lo = match since {
            Some(s) => first_not_below(s)?,
            None => 1,
        };
        // A date is within `until` when its first until.len() characters are not above it.
        let hi = match until {
            Some(u) => first_not_below(&format!("{u}~"))? - 1,
            None => dated,
        };
        Ok((lo, hi))
    }

    /// How many rows match, and the ids of the statements of the first `w.limit` rows (0 = all)
    /// in answer order. A row is a statement, or the statements of one group of
    /// `stmt_groups` (the same words quoted again in a document) that match. `--doc` and
    /// `--cue` are checked here on each candidate of the index range; without them, the
    /// count is one SQL aggregate and only the first rows are read.
    fn page(&self, ask: &Ask<'_>, w: &WhoSaid) -> Result<(usize, Vec<String>)> {
        let (lo, hi) = self.range(ask.since, ask.until)?;
        if hi < lo {
            return Ok((0, vec![]));
        }
        let c = &self.store().conn;
        let err = self.store().err();
        let (matching, args): (String, Vec<&str>) = match (ask.speaker, ask.about) {
            (None, None) => ("SELECT ord FROM stmt_order WHERE ord BETWEEN ?1 AND ?2".into(), vec![]),
            (Some(s), None) => ("SELECT ord FROM said WHERE speaker = ?3 AND ord BETWEEN ?1 AND ?2".into(), vec![s]),
            (None, Some(a)) => ("SELECT ord FROM about WHERE entity = ?3 AND ord BETWEEN ?1 AND ?2".into(), vec![a]),
            (Some(s), Some(a)) => (
                "SELECT ord FROM said WHERE speaker = ?3 AND ord BETWEEN ?1 AND ?2 INTERSECT SELECT ord FROM about WHERE entity = ?4 AND ord BETWEEN ?1 AND ?2".into(),
                vec![s, a],
            ),
        };
        let bind = |st: &mut rusqlite::Statement<'_>| -> rusqlite::Result<()> {
            st.raw_bind_parameter(1, lo)?;
            st.raw_bind_parameter(2, hi)?;
            for (i, a) in args.iter().enumerate() {
                st.raw_bind_parameter(3 + i, a)?;
            }
            Ok(())
        };
        let post = w.doc.is_some() || w.cue.is_some();
        let docs = match &w.doc {
            Some(d) => Some(self.matching_documents(d)?),
            None => None,
        };
        let mut cue_of = c.prepare_cached("SELECT node FROM statements WHERE id = ?1").map_err(&err)?;
        let mut st = c
            .prepare_cached(&format!(
                "SELECT o.id, o.doc, g.grp FROM ({matching}) m JOIN stmt_order o ON o.ord = m.ord \
                 LEFT JOIN stmt_groups g ON g.ord = m.ord ORDER BY m.ord"
            ))
            .map_err(&err)?;
        bind(&mut st).map_err(&err)?;
        let mut rows = st.raw_query();
        let (mut count, mut ids, mut groups) = (0usize, Vec::new(), BTreeSet::new());
        let mut seen: HashSet<i64> = HashSet::new();
        while let Some(r) = rows.next().map_err(&err)? {
            let id: String = r.get(0).map_err(&err)?;
            if let Some(docs) = &docs
                && !docs.contains(&r.get::<_, i64>(1).map_err(&err)?)
            {
                continue;
            }
            if let Some(want) = &w.cue {
                let json: String = cue_of.query_row([&id], |r| r.get(0)).map_err(&err)?;
                let node: Node = serde_json::from_str(&json).map_err(|e| self.store().corrupt("statements", e))?;
                if !cue_matches(node.cue.as_deref(), want) {
                    continue;
                }
            }
            let grp: Option<i64> = r.get(2).map_err(&err)?;
            if grp.is_some_and(|g| !seen.insert(g)) {
                continue; // a row already counted
            }
            count += 1;
            if w.limit == 0 || count <= w.limit {
                ids.push(id);
                groups.extend(grp);
            } else if !post {
                break;
            }
        }
        drop(rows);
        if !post && w.limit > 0 && count > w.limit {
            // Over all dates, one speaker's or one entity's rows are counted when finishing.
            let counted = match (ask.speaker, ask.about, ask.since.or(ask.until)) {
                (Some(s), None, None) => Some(("said", s)),
                (None, Some(a), None) => Some(("about", a)),
                _ => None,
            };
            if let Some((ix, key)) = counted {
                let n: Option<i64> = c
                    .prepare_cached("SELECT n FROM answer_rows WHERE ix = ?1 AND key = ?2")
                    .and_then(|mut st| st.query_row([ix, key], |r| r.get(0)).optional())
                    .map_err(&err)?;
                return Ok((n.unwrap_or(0).max(0) as usize, self.with_group_members(ids, groups)?));
            }
            let mut st = c
                .prepare_cached(&format!(
                    "SELECT count(*) - count(g.grp) + count(DISTINCT g.grp) FROM ({matching}) m LEFT JOIN stmt_groups g ON g.ord = m.ord"
                ))
                .map_err(&err)?;
            bind(&mut st).map_err(&err)?;
            let mut rows = st.raw_query();
            if let Some(r) = rows.next().map_err(&err)? {
                count = r.get::<_, i64>(0).map_err(&err)?.max(0) as usize;
            }
        }
        Ok((count, self.with_group_members(ids, groups)?))
    }

    /// `ids` and the other statements of their `groups`: the answer filters them again and
    /// merges them into one row each.
    fn with_group_members(&self, mut ids: Vec<String>, groups: BTreeSet<i64>) -> Result<Vec<String>> {
        let c = &self.store().conn;
        let err = self.store().err();
        let mut members = c.prepare_cached("SELECT o.id FROM stmt_groups g JOIN stmt_order o ON o.ord = g.ord WHERE g.grp = ?1").map_err(&err)?;
        let mut have: HashSet<String> = if groups.is_empty() { HashSet::new() } else { ids.iter().cloned().collect() };
        for g in groups {
            for id in members.query_map([g], |r| r.get::<_, String>(0)).map_err(&err)? {
                let id = id.map_err(&err)?;
                if have.insert(id.clone()) {
                    ids.push(id);
                }
            }
        }
        Ok(ids)
    }

    /// The numbers of the documents whose id matches `--doc` ([`doc_matches`]).
    fn matching_documents(&self, want: &str) -> Result<HashSet<i64>> {
        let c = &self.store().conn;
        let err = self.store().err();
        let mut st = c.prepare_cached("SELECT doc, id FROM documents").map_err(&err)?;
        let mut out = HashSet::new();
        for r in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))).map_err(&err)? {
            let (doc, id) = r.map_err(&err)?;
            if doc_matches(Some(&id), want) {
                out.insert(doc);
            }
        }
        Ok(out)
    }

    /// A topic that is not an entity: every statement (of the speaker) whose text holds one of
    /// its names, as in memory. Dates and the limit are applied by the caller's answer.
    fn scan_about(&self, speaker: Option<&str>, about: &str) -> Result<Vec<String>> {
        let Some(n) = self.node(about)? else { return Ok(vec![]) };
        let names: BTreeSet<String> =
            std::iter::once(&n.label).chain(n.aliases.iter()).map(|s| normalize(s)).filter(|s| s.chars().count() >= 3).map(|s| format!(" {s} ")).collect();
        let c = &self.store().conn;
        let err = self.store().err();
        let mut mentioned: BTreeSet<String> = self.ids("SELECT fsource FROM stmt_edges WHERE ftarget = ?1 AND key >= 'mention:' AND key < 'mention;'", about)?.into_iter().collect();
        let mut st = c.prepare("SELECT id, node FROM statements").map_err(&err)?;
        let mut rows = st.query([]).map_err(&err)?;
        let mut text = String::new();
        while let Some(r) = rows.next().map_err(&err)? {
            let id: String = r.get(0).map_err(&err)?;
            let json: String = r.get(1).map_err(&err)?;
            let node: Node = serde_json::from_str(&json).map_err(|e| self.store().corrupt("statements", e))?;
            text.clear();
            text.push(' ');
            normalize_into(node.text.as_deref().unwrap_or(""), &mut text);
            text.push(' ');
            if names.iter().any(|x| text.contains(x.as_str())) {
                mentioned.insert(id);
            }
        }
        if let Some(sp) = speaker {
            let by: BTreeSet<String> = self.ids("SELECT ftarget FROM stmt_edges WHERE fsource = ?1 AND key >= 'quote:' AND key < 'quote;'", sp)?.into_iter().collect();
            mentioned.retain(|s| by.contains(s));
        }
        Ok(mentioned.into_iter().collect())
    }
}

/// A checked `--since`/`--until` bound.
fn check(flag: &'static str, v: &Option<String>) -> std::result::Result<Option<String>, QueryError> {
    let Some(v) = v else { return Ok(None) };
    crate::text::dates::query_bound(v).map(Some).map_err(|_| QueryError::BadDate { flag, value: v.clone() })
}
