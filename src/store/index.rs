//! The query indexes of the finished layer, computed when finishing, so that a question reads a
//! page of an index instead of walking statements or hubs.
//!
//! * `stmt_order(ord, id, doc, date)`: every statement, numbered in the order of who-said answers
//!   (a full `YYYY-MM-DD` date first, by date; then the others; ties by document id, start
//!   offset and id). The statements with a known date are `1..=meta('dated')`, so a
//!   `--since`/`--until` range is a range of `ord`, found by binary search.
//! * `said(speaker, ord)`: the statements of each speaker (sources of `quote` edges, after
//!   identity merges).
//! * `about(entity, ord)`: the statements about each entity, as `who-said --about` defines it
//!   ([`crate::query::who_said`]): a `mention` edge to the entity, or one of its names (label
//!   or alias, normalized, at least three characters) as whole words of the normalized text.
//!   Names are matched with one Aho-Corasick automaton over all names, one pass over the
//!   statements.
//! * `stmt_groups(ord, grp)`: the statements whose words (normalized) are quoted again in the
//!   same document, with the first `ord` of their group: who-said answers one row per group.
//! * `answer_rows(ix, key, n)`: how many rows who-said answers for each speaker (`ix` =
//!   'said') and each entity ('about') over all dates, so that a page of a hub's thousands of
//!   statements is counted without reading them.
//! * `links(a, b, kinds)`: two entities joined through a statement (its speakers and the
//!   entities it mentions), both ways; `kinds` says through which edge kinds (1: two quotes,
//!   2: a quote and a mention, 4: two mentions). A shortest path walks these instead of the
//!   statements themselves ([`super::read`]).
//!
//! Everything is streamed through SQLite (its sorter spills to disk); memory holds the name
//! automaton and one document's statements at a time.

use super::{Result, Store};
use crate::graph::KnowledgeGraph;
use crate::query::normalize_into;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rusqlite::params;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// `links.kinds` bits.
pub(crate) const LINK_QUOTES: i64 = 1;
/// A quote and a mention.
pub(crate) const LINK_QUOTE_MENTION: i64 = 2;
/// Two mentions.
pub(crate) const LINK_MENTIONS: i64 = 4;

/// SQL: a full ISO date.
pub(crate) const ISO_DATE: &str = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'";

impl Store {
    /// Rewrites `stmt_order`, `said`, `about` and `links` (see the module notes); `g` is the
    /// finished lean graph (entity names).
    pub(super) fn write_query_indexes(&self, g: &KnowledgeGraph) -> Result<()> {
        let err = self.err();
        let t0 = std::time::Instant::now();
        // The statement edges are read from the index on (fsource, ftarget, key), which holds
        // every column needed (the kind is the key's prefix): the table itself is not read.
        self.conn
            .execute_batch(&format!(
                "DELETE FROM said; DELETE FROM about; DELETE FROM links;
                 DROP INDEX IF EXISTS stmt_order_id; DELETE FROM stmt_order;
                 INSERT INTO stmt_order(ord, id, doc, date)
                   SELECT row_number() OVER w, s.id, s.doc, s.date FROM statements s JOIN documents d ON d.doc = s.doc
                   WINDOW w AS (ORDER BY CASE WHEN s.date GLOB {ISO_DATE} THEN 0 ELSE 1 END,
                                         CASE WHEN s.date GLOB {ISO_DATE} THEN s.date END, d.id, s.start, s.id);
                 CREATE UNIQUE INDEX stmt_order_id ON stmt_order(id);
                 INSERT OR REPLACE INTO meta VALUES('dated', (SELECT count(*) FROM statements WHERE date GLOB {ISO_DATE}));
                 INSERT OR IGNORE INTO said
                   SELECT e.fsource, o.ord FROM stmt_edges e INDEXED BY stmt_edges_out JOIN stmt_order o ON o.id = e.ftarget
                   WHERE e.key >= 'quote:' AND e.key < 'quote;' ORDER BY 1, 2;
                 CREATE TEMP TABLE IF NOT EXISTS about_new(entity TEXT NOT NULL, ord INTEGER NOT NULL);
                 DELETE FROM temp.about_new;
                 INSERT INTO temp.about_new
                   SELECT e.ftarget, o.ord FROM stmt_edges e INDEXED BY stmt_edges_out JOIN stmt_order o ON o.id = e.fsource
                   WHERE e.key >= 'mention:' AND e.key < 'mention;';"
            ))
            .map_err(&err)?;
        self.record_step("finish: statement order, said", t0.elapsed());
        self.step("finish: about (names in texts)", || self.text_matches(g))?;
        self.conn
            .execute_batch(
                "INSERT OR IGNORE INTO about SELECT entity, ord FROM temp.about_new ORDER BY 1, 2;
                 DELETE FROM temp.about_new;
                 DELETE FROM answer_rows;
                 INSERT INTO answer_rows
                   SELECT 'said', x.speaker, count(*) - count(g.grp) + count(DISTINCT g.grp)
                   FROM said x LEFT JOIN stmt_groups g ON g.ord = x.ord GROUP BY x.speaker;
                 INSERT INTO answer_rows
                   SELECT 'about', x.entity, count(*) - count(g.grp) + count(DISTINCT g.grp)
                   FROM about x LEFT JOIN stmt_groups g ON g.ord = x.ord GROUP BY x.entity;",
            )
            .map_err(&err)?;
        self.step("finish: links", || self.write_links())
    }

    /// `about` rows from names found in statement texts (into `temp.about_new`).
    fn text_matches(&self, g: &KnowledgeGraph) -> Result<()> {
        // Every name of at least three characters → the entities that have it.
        let mut by_name: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        let mut key = String::new();
        for n in g.sorted_nodes() {
            let mut names = BTreeSet::new();
            for raw in std::iter::once(&n.label).chain(n.aliases.iter()) {
                key.clear();
                normalize_into(raw, &mut key);
                if key.chars().count() >= 3 {
                    names.insert(key.clone());
                }
            }
            for name in names {
                by_name.entry(name).or_default().push(n.id.as_str());
            }
        }
        let names: Vec<(&String, &Vec<&str>)> = by_name.iter().collect();
        let ac = if names.is_empty() {
            None
        } else {
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(names.iter().map(|(n, _)| n.as_str()))
                .map_err(|e| self.corrupt("entities", e))?;
            Some(ac)
        };
        let err = self.err();
        self.conn
            .execute_batch("CREATE TEMP TABLE IF NOT EXISTS stmt_hash(h INTEGER NOT NULL, ord INTEGER NOT NULL); DELETE FROM temp.stmt_hash;")
            .map_err(&err)?;
        let mut read = self
            .conn
            .prepare("SELECT o.ord, o.doc, s.node FROM statements s JOIN stmt_order o ON o.id = s.id")
            .map_err(&err)?;
        let mut ins = self.conn.prepare("INSERT INTO temp.about_new VALUES(?1, ?2)").map_err(&err)?;
        let mut hash = self.conn.prepare("INSERT INTO temp.stmt_hash VALUES(?1, ?2)").map_err(&err)?;
        let mut rows = read.query([]).map_err(&err)?;
        let mut text = String::new();
        let mut found: Vec<&str> = Vec::new();
        #[derive(serde::Deserialize)]
        struct Text<'a> {
            #[serde(borrow, default)]
            text: Option<std::borrow::Cow<'a, str>>,
            #[serde(borrow, default)]
            label: Option<std::borrow::Cow<'a, str>>,
        }
        while let Some(r) = rows.next().map_err(&err)? {
            let ord: i64 = r.get(0).map_err(&err)?;
            let doc: i64 = r.get(1).map_err(&err)?;
            let node = r.get_ref(2).map_err(&err)?.as_str().map_err(|e| self.corrupt("statements", e))?;
            let t: Text = serde_json::from_str(node).map_err(|e| self.corrupt("statements", e))?;
            text.clear();
            // The words of who-said's one-row-per-statement key: the text, else the label.
            normalize_into(t.text.as_deref().or(t.label.as_deref()).unwrap_or(""), &mut text);
            let mut key = doc.to_le_bytes().to_vec();
            key.extend_from_slice(text.as_bytes());
            hash.execute(params![crate::pipeline::trailer::line_hash(&key) as i64, ord]).map_err(&err)?;
            if t.text.is_none() {
                text.clear();
            }
            let Some(ac) = &ac else { continue };
            let b = text.as_bytes();
            found.clear();
            for m in ac.find_overlapping_iter(text.as_str()) {
                let whole = (m.start() == 0 || b[m.start() - 1] == b' ') && (m.end() == b.len() || b[m.end()] == b' ');
                if whole {
                    found.extend(names[m.pattern().as_usize()].1.iter().copied());
                }
            }
            found.sort_unstable();
            found.dedup();
            for e in &found {
                ins.execute(params![e, ord]).map_err(&err)?;
            }
        }
        // Statements quoted twice in one document (the same words, normalized): who-said shows
        // them as one row, so a page counts and takes them together.
        self.conn
            .execute_batch(
                "DELETE FROM stmt_groups;
                 INSERT INTO stmt_groups SELECT ord, min(ord) OVER (PARTITION BY h) FROM temp.stmt_hash
                   WHERE h IN (SELECT h FROM temp.stmt_hash GROUP BY h HAVING count(*) > 1) ORDER BY ord;
                 DELETE FROM temp.stmt_hash;",
            )
            .map_err(&err)?;
        Ok(())
    }

    /// `links` from the statement edges, one document at a time (a statement's edges are all
    /// of its document).
    fn write_links(&self) -> Result<()> {
        let err = self.err();
        self.conn
            .execute_batch("CREATE TEMP TABLE IF NOT EXISTS links_new(a TEXT NOT NULL, b TEXT NOT NULL, kinds INTEGER NOT NULL); DELETE FROM temp.links_new;")
            .map_err(&err)?;
        {
            let mut read = self.conn.prepare("SELECT doc, kind, fsource, ftarget FROM stmt_edges ORDER BY rowid").map_err(&err)?;
            let mut ins = self.conn.prepare("INSERT INTO temp.links_new VALUES(?1, ?2, ?3)").map_err(&err)?;
            let mut rows = read.query([]).map_err(&err)?;
            // Statement → (entity, is a quote) of the current document.
            let mut ends: HashMap<String, Vec<(String, bool)>> = HashMap::new();
            let mut doc: Option<i64> = None;
            let mut flush = |ends: &mut HashMap<String, Vec<(String, bool)>>| -> Result<()> {
                for (_, mut v) in ends.drain() {
                    v.sort();
                    v.dedup();
                    for (i, (x, qx)) in v.iter().enumerate() {
                        for (y, qy) in &v[i + 1..] {
                            if x == y {
                                continue;
                            }
                            let bit = match (qx, qy) {
                                (true, true) => LINK_QUOTES,
                                (false, false) => LINK_MENTIONS,
                                _ => LINK_QUOTE_MENTION,
                            };
                            ins.execute(params![x, y, bit]).map_err(&err)?;
                            ins.execute(params![y, x, bit]).map_err(&err)?;
                        }
                    }
                }
                Ok(())
            };
            while let Some(r) = rows.next().map_err(&err)? {
                let d: i64 = r.get(0).map_err(&err)?;
                if doc != Some(d) {
                    flush(&mut ends)?;
                    doc = Some(d);
                }
                let kind: String = r.get(1).map_err(&err)?;
                let (s, t): (String, String) = (r.get(2).map_err(&err)?, r.get(3).map_err(&err)?);
                match kind.as_str() {
                    "quote" => ends.entry(t).or_default().push((s, true)),
                    "mention" => ends.entry(s).or_default().push((t, false)),
                    _ => {}
                }
            }
            flush(&mut ends)?;
        }
        self.conn
            .execute_batch(
                "INSERT INTO links SELECT a, b, sum(DISTINCT kinds) FROM temp.links_new GROUP BY a, b ORDER BY a, b;
                 DELETE FROM temp.links_new;",
            )
            .map_err(&err)
    }
}
