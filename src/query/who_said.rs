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
//! * `doc`: statements of documents whose id is the value or contains it (ignoring case);
//! * `cue`: statements whose reporting words include the value, or an inflected form of it
//!   when it is a verb (`say` finds "said", "says"; `according to` finds "according to").
//!
//! **One row per statement**: the same words quoted twice in one document (a quotation repeated
//! further down the article) are one row, at their first place, with the other places in
//! [`StatementRow::occurrences`]; their speakers and mentions are merged.
//!
//! Rows are sorted by date (unknown last), document, start offset and id.
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
    /// Only statements of documents whose id is this or contains it (ignoring case).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Only statements whose reporting words include this word or phrase (a verb in any form).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
}

/// Another place in the same document where the same statement was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    /// Statement node id.
    pub id: String,
    /// Byte offset of the content.
    pub start: Option<usize>,
    /// Byte offset one past the content.
    pub end: Option<usize>,
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
    /// Where the date came from (`text`, `filename`, `dateline`, `header`, `jsonl`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_source: Option<String>,
    /// The sentence the statement was read from (the evidence of its quote edge), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// The rule that found it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Resolved speakers (sources of `quote` edges), sorted by id.
    pub speakers: Vec<NodeRef>,
    /// Entities the statement mentions (targets of `mention` edges), sorted by id.
    pub mentions: Vec<NodeRef>,
    /// The other places in the document where the same words were quoted (usually none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub occurrences: Vec<Occurrence>,
}

impl StatementRow {
    /// The speakers' labels joined by ", ", else the speaker as written in parentheses.
    pub fn speaker_text(&self) -> String {
        if self.speakers.is_empty() {
            format!("({})", self.source_text.as_deref().unwrap_or("unresolved"))
        } else {
            self.speakers.iter().map(|n| n.label.as_str()).collect::<Vec<_>>().join(", ")
        }
    }
}

/// Does a statement's cue match the `--cue` value (see the module notes)?
pub fn cue_matches(cue: Option<&str>, want: &str) -> bool {
    let (cue, want) = (normalize(cue.unwrap_or("")), normalize(want));
    if want.is_empty() {
        return true;
    }
    if format!(" {cue} ").contains(&format!(" {want} ")) {
        return true;
    }
    if want.contains(' ') {
        return false;
    }
    let forms = crate::lexicon::verb_forms(&want);
    cue.split(' ').any(|w| forms.iter().any(|f| f == w))
}

/// Does a statement's document match the `--doc` value?
pub fn doc_matches(doc: Option<&str>, want: &str) -> bool {
    let Some(doc) = doc else { return false };
    doc == want || doc.to_lowercase().contains(&want.to_lowercase())
}

/// Merges rows that are the same statement quoted twice in one document (rows sorted).
fn one_row_per_statement(rows: Vec<StatementRow>) -> Vec<StatementRow> {
    let mut out: Vec<StatementRow> = Vec::with_capacity(rows.len());
    let mut first: std::collections::HashMap<(Option<String>, String), usize> = Default::default();
    for r in rows {
        let key = (r.doc.clone(), normalize(&r.text));
        match first.get(&key) {
            Some(&i) => {
                let keep = &mut out[i];
                keep.occurrences.push(Occurrence { id: r.id, start: r.start, end: r.end });
                for s in r.speakers {
                    if !keep.speakers.contains(&s) {
                        keep.speakers.push(s);
                    }
                }
                for m in r.mentions {
                    if !keep.mentions.contains(&m) {
                        keep.mentions.push(m);
                    }
                }
                keep.speakers.sort_by(|a, b| a.id.cmp(&b.id));
                keep.mentions.sort_by(|a, b| a.id.cmp(&b.id));
                if keep.evidence.is_none() {
                    keep.evidence = r.evidence;
                }
            }
            None => {
                first.insert(key, out.len());
                out.push(r);
            }
        }
    }
    out
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
    /// Number of statements.
    pub count: usize,
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
            if let Some(d) = &q.doc
                && !doc_matches(n.doc.as_deref(), d)
            {
                continue;
            }
            if let Some(c) = &q.cue
                && !cue_matches(n.cue.as_deref(), c)
            {
                continue;
            }
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
            let meta = n.doc.as_ref().and_then(|d| self.g.documents().get(d));
            let (date, date_source) = match &n.date {
                Some(d) => (Some(d.clone()), n.date_source.clone()),
                None => (meta.and_then(|m| m.date.clone()), meta.and_then(|m| m.date_source.clone())),
            };
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
            rows.push(self.statement_row(ix, date, date_source));
        }
        rows.sort_by(|a, b| order_key(a).cmp(&order_key(b)));
        let rows = one_row_per_statement(rows);
        Ok(WhoSaidResult {
            query: q.clone(),
            speaker: speaker.map(|ix| self.node_ref(ix)),
            about: about.map(|ix| self.node_ref(ix)),
            count: rows.len(),
            statements: rows,
        })
    }

    fn statement_row(&self, ix: NodeIndex, date: Option<String>, date_source: Option<String>) -> StatementRow {
        let graph = self.g.graph();
        let n = &graph[ix];
        let quotes: Vec<_> = graph.edges_directed(ix, Incoming).filter(|e| e.weight().kind == EdgeKind::Quote).collect();
        let evidence = quotes
            .iter()
            .flat_map(|e| e.weight().evidence.iter())
            .filter(|ev| Some(&ev.doc) == n.doc.as_ref())
            .min_by_key(|ev| (ev.start, ev.end))
            .map(|ev| ev.text.clone());
        let mut speakers: Vec<NodeRef> = quotes.iter().map(|e| self.node_ref(e.source())).collect();
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
            date_source,
            evidence,
            rule: n.rule.clone(),
            speakers,
            mentions,
            occurrences: vec![],
        }
    }
}
