//! Who said what: statements with their speakers, filtered by speaker, topic and date.
//!
//! A statement is a node of type `Statement`; its speakers are the sources of the `quote`
//! edges into it (none when the speaker was not resolved — `source_text` still says who was
//! written). Filters, all optional and combined with AND:
//! * `speaker`: statements reached by a `quote` edge from the resolved speaker;
//! * `about`: statements with a `mention` edge to the resolved entity, or whose normalized text
//!   contains one of the entity's normalized names as whole words (names under three
//!   characters are skipped: too many false hits);
//! * `since`/`until` (inclusive): ISO dates `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, compared with
//!   the statement's date cut to the same length. A statement's date is its own `date`, else
//!   its document's; only full `YYYY-MM-DD` dates count as known (a month-day `--MM-DD` is
//!   unknown), and statements without a known date are left out when a date filter is given.
//!
//! Rows are sorted by date (unknown last), document, start offset and id; with a `limit`, the
//! first `limit` rows are returned and `total` counts them all.
//! Cost: with a speaker, proportional to the speaker's edges; otherwise one pass over the
//! statements (normalizing their text when `about` is given).

use super::{NodeRef, Queries, QueryError, normalize, normalize_into};
use crate::model::{EdgeKind, NodeType};
use petgraph::Direction::{Incoming, Outgoing};
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;
use std::collections::HashSet;

/// The question.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WhoSaid {
    /// Only statements by this speaker (a name).
    pub speaker: Option<String>,
    /// Only statements about this entity (a name).
    pub about: Option<String>,
    /// Only statements dated on or after this ISO date.
    pub since: Option<String>,
    /// Only statements dated on or before this ISO date.
    pub until: Option<String>,
    /// At most this many statements are returned, the first in answer order (0 = all);
    /// [`WhoSaidResult::total`] still counts every match.
    pub limit: usize,
}

/// One statement in the answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatementRow {
    /// Statement node id.
    pub id: String,
    /// The content.
    pub text: String,
    /// Reporting words as written.
    pub cue: Option<String>,
    /// True for a quotation in marks.
    pub direct: Option<bool>,
    /// Document id.
    pub doc: Option<String>,
    /// Byte offset of the content in the document.
    pub start: Option<usize>,
    /// Byte offset one past the content.
    pub end: Option<usize>,
    /// The speaker's mention as written.
    pub source_text: Option<String>,
    /// The date as stored (statement's, else document's); may be `--MM-DD` or absent.
    pub date: Option<String>,
    /// Resolved speakers (sources of `quote` edges), sorted by id.
    pub speakers: Vec<NodeRef>,
    /// Entities the statement mentions (targets of `mention` edges), sorted by id.
    pub mentions: Vec<NodeRef>,
}

/// The answer with the resolved filters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhoSaidResult {
    /// The question as asked.
    pub query: WhoSaid,
    /// The resolved speaker.
    pub speaker: Option<NodeRef>,
    /// The resolved topic.
    pub about: Option<NodeRef>,
    /// Number of statements returned (at most the limit).
    pub count: usize,
    /// Number of statements that match, before the limit.
    pub total: usize,
    /// True when statements were left out by the limit.
    pub truncated: bool,
    /// The statements.
    pub statements: Vec<StatementRow>,
}

/// The order of rows: date (unknown last), document, start, id.
fn order_key(r: &StatementRow) -> (bool, Option<&str>, Option<&str>, Option<usize>, &str) {
    let d = r.date.as_deref().filter(|d| is_iso_date(d));
    (d.is_none(), d, r.doc.as_deref(), r.start, r.id.as_str())
}

/// Is `s` a full ISO date `YYYY-MM-DD`?
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

/// Checks a `since`/`until` bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real month and day
/// ([`crate::text::dates::query_bound`]).
fn check_bound(flag: &'static str, v: &Option<String>) -> Result<Option<String>, QueryError> {
    let Some(v) = v else { return Ok(None) };
    crate::text::dates::query_bound(v).map(Some).map_err(|_| QueryError::BadDate { flag, value: v.clone() })
}

impl Queries<'_> {
    /// Who said what; see the module notes.
    pub fn who_said(&self, q: &WhoSaid) -> Result<WhoSaidResult, QueryError> {
        let since = check_bound("since", &q.since)?;
        let until = check_bound("until", &q.until)?;
        let graph = self.g.graph();
        let speaker = q.speaker.as_deref().map(|s| self.resolve(s)).transpose()?;
        let about = q.about.as_deref().map(|s| self.resolve(s)).transpose()?;

        let candidates: Vec<NodeIndex> = match speaker {
            Some(sp) => {
                let mut v: Vec<NodeIndex> = graph
                    .edges_directed(sp, Outgoing)
                    .filter(|e| e.weight().kind == EdgeKind::Quote)
                    .map(|e| e.target())
                    .filter(|t| graph[*t].node_type == NodeType::Statement)
                    .collect();
                v.sort_unstable();
                v.dedup();
                v
            }
            None => graph.node_indices().filter(|ix| graph[*ix].node_type == NodeType::Statement).collect(),
        };

        let topic = about.map(|a| {
            let mentioned: HashSet<NodeIndex, foldhash::fast::FixedState> = graph
                .edges_directed(a, Incoming)
                .filter(|e| e.weight().kind == EdgeKind::Mention)
                .map(|e| e.source())
                .collect();
            let n = &graph[a];
            let mut names: Vec<String> = std::iter::once(&n.label)
                .chain(n.aliases.iter())
                .map(|s| normalize(s))
                .filter(|s| s.chars().count() >= 3)
                .map(|s| format!(" {s} "))
                .collect();
            names.sort();
            names.dedup();
            (mentioned, names)
        });

        let mut rows = Vec::new();
        let mut text = String::new();
        for ix in candidates {
            let n = &graph[ix];
            if let Some((mentioned, names)) = &topic
                && !mentioned.contains(&ix)
            {
                text.clear();
                text.push(' ');
                normalize_into(n.text.as_deref().unwrap_or(""), &mut text);
                text.push(' ');
                if !names.iter().any(|name| text.contains(name.as_str())) {
                    continue;
                }
            }
            let date = n.date.clone().or_else(|| {
                n.doc.as_ref().and_then(|d| self.g.documents().get(d)).and_then(|m| m.date.clone())
            });
            if since.is_some() || until.is_some() {
                let Some(d) = date.as_deref().filter(|d| is_iso_date(d)) else { continue };
                if let Some(s) = &since
                    && &d[..s.len()] < s.as_str()
                {
                    continue;
                }
                if let Some(u) = &until
                    && &d[..u.len()] > u.as_str()
                {
                    continue;
                }
            }
            rows.push(self.statement_row(ix, date));
        }
        rows.sort_by(|a, b| order_key(a).cmp(&order_key(b)));
        let total = rows.len();
        if q.limit > 0 {
            rows.truncate(q.limit);
        }
        Ok(WhoSaidResult {
            query: q.clone(),
            speaker: speaker.map(|ix| self.node_ref(ix)),
            about: about.map(|ix| self.node_ref(ix)),
            count: rows.len(),
            total,
            truncated: rows.len() < total,
            statements: rows,
        })
    }

    fn statement_row(&self, ix: NodeIndex, date: Option<String>) -> StatementRow {
        let graph = self.g.graph();
        let n = &graph[ix];
        let mut speakers: Vec<NodeRef> = graph
            .edges_directed(ix, Incoming)
            .filter(|e| e.weight().kind == EdgeKind::Quote)
            .map(|e| self.node_ref(e.source()))
            .collect();
        speakers.sort_by(|a, b| a.id.cmp(&b.id));
        speakers.dedup();
        let mut mentions: Vec<NodeRef> = graph
            .edges_directed(ix, Outgoing)
            .filter(|e| e.weight().kind == EdgeKind::Mention)
            .map(|e| self.node_ref(e.target()))
            .collect();
        mentions.sort_by(|a, b| a.id.cmp(&b.id));
        mentions.dedup();
        StatementRow {
            id: n.id.clone(),
            text: n.text.clone().unwrap_or_else(|| n.label.clone()),
            cue: n.cue.clone(),
            direct: n.direct,
            doc: n.doc.clone(),
            start: n.start,
            end: n.end,
            source_text: n.source_text.clone(),
            date,
            speakers,
            mentions,
        }
    }
}
