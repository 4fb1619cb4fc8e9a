//! People's output: each answer as a short heading and an aligned [`Table`] that fits the
//! terminal width. (Programs use the JSON of the result types instead; see
//! `docs/query-json.md`.)

use super::path::{arrow, hop_word};
use super::stats::Stats;
use super::table::Table;
use super::{NeighborResult, NodeRef, PathResult, WhoSaidResult, truncate};
use crate::model::NodeType;

fn named(n: &NodeRef) -> String {
    if n.node_type == NodeType::Statement { format!("statement {}", n.id) } else { format!("{} ({})", n.label, n.id) }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Who said what, as a table: date, speaker, cue, statement, document. Quotes are wrapped,
/// never cut; documents are numbered in the table (`[1]`) and listed under it whole.
pub fn who_said(r: &WhoSaidResult, width: usize) -> String {
    let mut head = plural(r.count, "statement", "statements");
    if let Some(s) = &r.speaker {
        head.push_str(&format!(" by {}", named(s)));
    }
    if let Some(a) = &r.about {
        head.push_str(&format!(" about {}", named(a)));
    }
    if let Some(s) = &r.query.since {
        head.push_str(&format!(" since {s}"));
    }
    if let Some(u) = &r.query.until {
        head.push_str(&format!(" until {u}"));
    }
    if let Some(d) = &r.query.doc {
        head.push_str(&format!(" in documents matching {d:?}"));
    }
    if let Some(c) = &r.query.cue {
        head.push_str(&format!(" with the cue {c:?}"));
    }
    let mut out = format!("{head}\n");
    if r.statements.is_empty() {
        return out;
    }
    // Documents in order of first appearance.
    let mut docs: Vec<&str> = Vec::new();
    // With --speaker, the speaker column says the same on every row: it is left out.
    let same = r.speaker.as_ref().is_some_and(|sp| r.statements.iter().all(|s| s.speakers.len() == 1 && s.speakers[0].id == sp.id));
    let mut t = if same {
        Table::new(&["date", "cue", "statement", "doc"]).wrap(1).max(1, 12).flex(2).wrap(2).right(3)
    } else {
        Table::new(&["date", "speaker", "cue", "statement", "doc"]).wrap(1).max(1, 18).wrap(2).max(2, 12).flex(3).wrap(3).right(4)
    };
    for s in &r.statements {
        let doc = s.doc.as_deref().unwrap_or("");
        let n = match docs.iter().position(|d| *d == doc) {
            Some(i) => i + 1,
            None => {
                docs.push(doc);
                docs.len()
            }
        };
        let mut text = if s.direct == Some(true) { format!("\u{201c}{}\u{201d}", s.text) } else { s.text.clone() };
        if !s.occurrences.is_empty() {
            text.push_str(&format!(" (quoted {} times)", s.occurrences.len() + 1));
        }
        let mut row = vec![s.date.clone().unwrap_or_default()];
        if !same {
            row.push(s.speaker_text());
        }
        row.extend([s.cue.clone().unwrap_or_default(), text, format!("[{n}]")]);
        t.row(row);
    }
    out.push('\n');
    out.push_str(&t.render(width));
    out.push('\n');
    for (i, doc) in docs.iter().enumerate() {
        out.push_str(&format!("[{}] {doc}\n", i + 1));
    }
    out
}

/// The columns of `who-said --csv`, in order.
pub const STATEMENT_CSV_COLUMNS: [&str; 15] = [
    "speaker", "speaker_id", "source_text", "quote", "direct", "cue", "document", "date", "date_source", "start", "end",
    "evidence", "mentions", "id", "occurrences",
];

/// Who said what as CSV (RFC 4180, a header row, one row per statement): lists inside a cell
/// (speakers, mentions, occurrences) are joined by `; `.
pub fn who_said_csv(r: &WhoSaidResult) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(STATEMENT_CSV_COLUMNS)?;
    let opt = |x: Option<usize>| x.map(|v| v.to_string()).unwrap_or_default();
    for s in &r.statements {
        let join = |v: Vec<&str>| v.join("; ");
        w.write_record([
            join(s.speakers.iter().map(|n| n.label.as_str()).collect()),
            join(s.speakers.iter().map(|n| n.id.as_str()).collect()),
            s.source_text.clone().unwrap_or_default(),
            s.text.clone(),
            s.direct.map(|d| d.to_string()).unwrap_or_default(),
            s.cue.clone().unwrap_or_default(),
            s.doc.clone().unwrap_or_default(),
            s.date.clone().unwrap_or_default(),
            s.date_source.clone().unwrap_or_default(),
            opt(s.start),
            opt(s.end),
            s.evidence.clone().unwrap_or_default(),
            join(s.mentions.iter().map(|n| n.label.as_str()).collect()),
            s.id.clone(),
            join(s.occurrences.iter().map(|o| o.id.as_str()).collect()),
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Who said what as JSON lines: one statement row (the `statements` items of `--json`) a line.
pub fn who_said_jsonl(r: &WhoSaidResult) -> String {
    let mut out = String::new();
    for s in &r.statements {
        // Rows are plain structs with string keys: serializing cannot fail.
        out.push_str(&serde_json::to_string(s).unwrap_or_default());
        out.push('\n');
    }
    out
}

/// Paths: the chain of each path; for a single path also each hop with its evidence (one
/// line each, cut to `width`).
pub fn path(r: &PathResult, width: usize) -> String {
    let (a, b, max) = (named(&r.from), named(&r.to), r.options.max_hops);
    if r.paths.is_empty() {
        return format!("no path from {a} to {b} within {}\n", plural(max, "hop", "hops"));
    }
    let mut out = if r.options.all {
        format!("{} from {a} to {b} within {}\n\n", plural(r.paths.len(), "path", "paths"), plural(max, "hop", "hops"))
    } else {
        format!("shortest path from {a} to {b}: {}\n\n", plural(r.paths[0].length, "hop", "hops"))
    };
    for (i, p) in r.paths.iter().enumerate() {
        if r.options.all {
            out.push_str(&format!("{:>3}. ({}) {}\n", i + 1, p.length, p.chain));
        } else {
            out.push_str(&format!("{}\n", p.chain));
        }
    }
    if r.truncated {
        out.push_str(&format!(
            "\nshowing the first {} paths found (cap {}, or the search budget ran out): more may exist\n",
            r.paths.len(),
            r.cap
        ));
    }
    if !r.options.all && r.paths[0].length > 0 {
        // Hop by hop, each with its evidence on the next line, every line cut to the width.
        out.push('\n');
        for (i, h) in r.paths[0].hops.iter().enumerate() {
            let head = format!(
                "{:>2}. {} {} {}",
                i + 1,
                display(&h.from, 40),
                arrow(&hop_word(h.kind, &h.relation, h.negated), h.direction),
                display(&h.to, 40)
            );
            out.push_str(&truncate(&head, width));
            out.push('\n');
            let ev = match &h.evidence {
                Some(e) => format!("    {} [{}]", e.text, e.doc),
                None => "    (no evidence)".to_string(),
            };
            out.push_str(&truncate(&ev, width));
            out.push('\n');
        }
    }
    out
}

fn display(n: &NodeRef, max: usize) -> String {
    if n.node_type == NodeType::Statement { format!("\"{}\"", truncate(&n.label, max)) } else { n.label.clone() }
}

/// Neighbours as a table: depth, via, relation, node, type, count, evidence.
pub fn neighbors(r: &NeighborResult, width: usize) -> String {
    let mut out = format!(
        "{} around {} within {}",
        plural(r.total, "edge", "edges"),
        named(&r.center),
        plural(r.options.hops, "hop", "hops")
    );
    if let Some(rel) = &r.options.relation {
        out.push_str(&format!(" (relation {rel})"));
    }
    out.push('\n');
    if r.rows.is_empty() {
        return out;
    }
    let deep = r.options.hops > 1;
    let mut headers = vec!["depth", "via"];
    if !deep {
        headers.clear();
    }
    headers.extend(["relation", "node", "type", "n", "evidence"]);
    let n_col = headers.len() - 2;
    let mut t = Table::new(&headers).right(n_col).flex(headers.len() - 4).flex(headers.len() - 1);
    if deep {
        t = t.right(0);
    }
    for row in &r.rows {
        let mut cells = Vec::new();
        if deep {
            cells.push(row.depth.to_string());
            cells.push(display(&row.via, 30));
        }
        cells.push(arrow(&hop_word(row.kind, &row.relation, row.negated), row.direction));
        cells.push(display(&row.node, 30));
        cells.push(row.node.node_type.to_string());
        cells.push(row.count.to_string());
        cells.push(row.evidence.as_ref().map(|e| e.text.clone()).unwrap_or_default());
        t.row(cells);
    }
    out.push('\n');
    out.push_str(&t.render(width));
    if r.truncated {
        out.push_str(&format!("\nshowing {} of {} edges (use --limit to see more)\n", r.rows.len(), r.total));
    }
    out
}

/// Statistics as a few small tables; long lists are cut at `top` rows.
pub fn stats(s: &Stats, top: usize, width: usize) -> String {
    let mut out = format!(
        "{}, {}, {}, {}\n",
        plural(s.nodes, "node", "nodes"),
        plural(s.edges, "edge", "edges"),
        plural(s.statements, "statement", "statements"),
        plural(s.documents.len(), "document", "documents")
    );
    let counts = |title: &str, what: &str, list: &[super::stats::Count], out: &mut String| {
        if list.is_empty() {
            return;
        }
        let mut t = Table::new(&[title, what]).right(1);
        for c in list.iter().take(top.max(1)) {
            t.row(vec![c.name.clone(), c.count.to_string()]);
        }
        out.push('\n');
        out.push_str(&t.render(width));
        if list.len() > top.max(1) {
            out.push_str(&format!("… and {} more\n", list.len() - top.max(1)));
        }
    };
    counts("type", "nodes", &s.by_type, &mut out);
    counts("kind", "edges", &s.by_kind, &mut out);
    counts("relation", "edges", &s.by_relation, &mut out);
    for (what, list) in [("mentions", &s.top_mentions), ("degree", &s.top_degree)] {
        if list.is_empty() {
            continue;
        }
        let mut t = Table::new(&["entity", "id", "type", what]).right(3);
        for r in list {
            t.row(vec![r.node.label.clone(), r.node.id.clone(), r.node.node_type.to_string(), r.value.to_string()]);
        }
        out.push('\n');
        out.push_str(&t.render(width));
    }
    if !s.documents.is_empty() {
        let mut t = Table::new(&["document", "date", "statements", "title"]).right(2).flex(3);
        for d in s.documents.iter().take(top.max(1)) {
            t.row(vec![
                d.id.clone(),
                d.date.clone().unwrap_or_default(),
                d.statements.to_string(),
                d.title.clone().unwrap_or_default(),
            ]);
        }
        out.push('\n');
        out.push_str(&t.render(width));
        if s.documents.len() > top.max(1) {
            out.push_str(&format!("… and {} more (see --json)\n", s.documents.len() - top.max(1)));
        }
    }
    out
}
