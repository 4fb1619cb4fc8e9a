//! `neo4j/nodes.csv` and `neo4j/relationships.csv` in the format of
//! `neo4j-admin database import full` (also loadable by Kuzu and other CSV-reading stores).
//!
//! Headers use neo4j-admin's typed columns: `id:ID`, `:LABEL` (the node type), `:START_ID`,
//! `:END_ID`, `:TYPE` (the relation as in [`super::cypher::rel_type`]), `mentions:long`,
//! `direct:boolean`, … and array columns `aliases:string[]`, `docs:string[]` whose elements are
//! separated by [`ARRAY_DELIMITER`] (neo4j-admin's default, `;`). neo4j-admin has no way to
//! escape the delimiter inside an element, so an alias holding `;` would be split: [`super::write_all`]
//! warns about such elements ([`elements_with_delimiter`]). Evidence, whose sentences often hold
//! `;`, is therefore one `evidence` string column with a JSON array of evidence objects
//! (`apoc.convert.fromJsonList` reads it back), plus a plain `evidence_text` column with the
//! first sentence. Quoting and escaping of fields is the `csv` crate's (RFC 4180: fields with
//! `,`, `"` or line breaks are double-quoted, quotes doubled). Absent values are empty fields,
//! which neo4j-admin skips.
//!
//! **Formula injection.** These files are also opened in spreadsheets, which run a cell that
//! starts with `=`, `+`, `-` or `@` (or a tab or carriage return, or the full-width `＝ ＋ － ＠`)
//! as a formula: a quotation like `"=HYPERLINK(…)"` in an article would run on the analyst's
//! machine. As OWASP recommends (<https://owasp.org/www-community/attacks/CSV_Injection>), such a
//! cell is written with a single quote in front (`'=HYPERLINK(…)`), and the cell is quoted
//! when it holds `"`, `,` or a line break. To keep this reversible, a cell that already starts
//! with quotes followed by one of those characters gets one more quote; [`plain_cell`] undoes
//! it. The numbers and booleans of the typed columns never start with them, so every cell goes
//! through [`safe_cell`]; the other exports (JSON, Cypher, GEXF, GraphML) keep the text as is.

use super::cypher::rel_type;
use crate::graph::KnowledgeGraph;

/// Separator of array elements (`--array-delimiter`, neo4j-admin's default).
pub const ARRAY_DELIMITER: char = ';';

/// The node file's header.
pub const NODE_HEADER: [&str; 16] = [
    "id:ID",
    ":LABEL",
    "label",
    "type",
    "aliases:string[]",
    "docs:string[]",
    "mentions:long",
    "text",
    "cue",
    "direct:boolean",
    "doc",
    "start:long",
    "end:long",
    "source_text",
    "date",
    "rule",
];

/// The relationship file's header.
pub const REL_HEADER: [&str; 14] = [
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "key",
    "relation",
    "kind",
    "negated:boolean",
    "modality",
    "reported:boolean",
    "count:long",
    "evidence",
    "evidence_text",
    "surface:string[]",
    "rules:string[]",
];

/// Characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}'];

fn needs_quote(s: &str) -> bool {
    s.trim_start_matches('\'').starts_with(FORMULA_START)
}

/// A cell as written: a `'` in front of one a spreadsheet would run as a formula (see the
/// module notes).
pub fn safe_cell(s: String) -> String {
    if needs_quote(&s) { format!("'{s}") } else { s }
}

/// The text of a cell read back: [`safe_cell`] undone.
pub fn plain_cell(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if needs_quote(rest) => rest,
        _ => s,
    }
}

fn join<'a>(items: impl IntoIterator<Item = &'a String>) -> String {
    items.into_iter().map(String::as_str).collect::<Vec<_>>().join(&ARRAY_DELIMITER.to_string())
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(T::to_string).unwrap_or_default()
}

fn finish(w: csv::Writer<Vec<u8>>) -> String {
    // Writing to a Vec cannot fail, and every field is a Rust string: valid UTF-8 in and out.
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn write_row(w: &mut csv::Writer<Vec<u8>>, row: &[String]) {
    // An in-memory writer only fails on I/O, which a Vec never reports.
    let _ = w.write_record(row.iter().map(|c| safe_cell(c.clone())));
}

/// `(nodes.csv, relationships.csv)` of `g`.
pub fn to_csv(g: &KnowledgeGraph) -> (String, String) {
    let mut nodes = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    write_row(&mut nodes, &NODE_HEADER.map(String::from));
    for n in g.sorted_nodes() {
        let row = [
            n.id.clone(),
            n.node_type.as_str().to_string(),
            n.label.clone(),
            n.node_type.as_str().to_string(),
            join(&n.aliases),
            join(&n.docs),
            n.mentions.to_string(),
            opt(&n.text),
            opt(&n.cue),
            opt(&n.direct),
            opt(&n.doc),
            opt(&n.start),
            opt(&n.end),
            opt(&n.source_text),
            opt(&n.date),
            opt(&n.rule),
        ];
        write_row(&mut nodes, &row);
    }
    let mut rels = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    write_row(&mut rels, &REL_HEADER.map(String::from));
    for e in g.sorted_edges() {
        let ed = &e.edge;
        let row = [
            e.source.clone(),
            e.target.clone(),
            rel_type(&ed.relation),
            e.key.clone(),
            ed.relation.clone(),
            ed.kind.as_str().to_string(),
            ed.negated.to_string(),
            opt(&ed.modality),
            ed.reported.to_string(),
            ed.count.to_string(),
            serde_json::to_string(&ed.evidence).unwrap_or_else(|_| "[]".into()),
            ed.evidence.first().map(|x| x.text.clone()).unwrap_or_default(),
            join(&ed.surface),
            join(&ed.rules),
        ];
        write_row(&mut rels, &row);
    }
    (finish(nodes), finish(rels))
}

/// How many array elements (aliases, docs, surface forms, rule ids) hold [`ARRAY_DELIMITER`]
/// and so would be split by neo4j-admin.
pub fn elements_with_delimiter(g: &KnowledgeGraph) -> usize {
    let has = |s: &&String| s.contains(ARRAY_DELIMITER);
    let n: usize = g.sorted_nodes().iter().map(|n| n.aliases.iter().chain(&n.docs).filter(has).count()).sum();
    let e: usize = g.sorted_edges().iter().map(|e| e.edge.surface.iter().chain(&e.edge.rules).filter(has).count()).sum();
    n + e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_get_a_quote_and_come_back() {
        for (raw, written) in [("=1+2", "'=1+2"), ("+cmd|calc", "'+cmd|calc"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\u{FF1D}1", "'\u{FF1D}1"), ("'=x", "''=x"), ("plain", "plain"), ("'quoted'", "'quoted'"), ("a=b", "a=b"), ("", "")] {
            assert_eq!(safe_cell(raw.to_string()), written);
            assert_eq!(plain_cell(written), raw);
        }
    }
}
