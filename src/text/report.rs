//! Descriptions for people (and scripts) of what the text stage made of a document: the
//! `newsgraph clean` report and the one-line summary of a document's metadata that `clean` and
//! `explain` print.

use super::clean::ParaRole;
use super::dates::DateSource;
use crate::model::DocumentMeta;

/// Writes what clean-up made of a document: as text for people, or one JSON line
/// (`{"id", "meta", "paragraphs": [{"start", "end", "role", "rule"}]}`) for scripts.
///
/// The text form is a header line (`== ID`), one line of metadata (`place: …  date: … (from
/// SOURCE)  agency: …  title: …`, unknown fields left out) and one line per paragraph: role,
/// rule, byte range and the start of its text.
pub fn clean_report(doc: &crate::input::RawDoc, json: bool, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut meta = DocumentMeta { id: doc.id.clone(), ..Default::default() };
    if let Some(d) = &doc.date {
        meta.date = Some(d.clone());
        meta.date_source = Some(DateSource::Jsonl.as_str().to_string());
    }
    let paras = super::clean::clean(&doc.text, &mut meta);
    let role_name = |r: ParaRole| match r {
        ParaRole::Title => ("title", None),
        ParaRole::Deck => ("deck", None),
        ParaRole::Body => ("body", None),
        ParaRole::Dateline(rule) => ("dateline", Some(rule)),
        ParaRole::Dropped(rule) => ("dropped", Some(rule)),
    };
    if json {
        let ps: Vec<serde_json::Value> = paras
            .iter()
            .map(|p| {
                let (role, rule) = role_name(p.role);
                serde_json::json!({"start": p.span.start, "end": p.span.end, "role": role, "rule": rule})
            })
            .collect();
        let line = serde_json::json!({"id": doc.id, "meta": meta, "paragraphs": ps});
        writeln!(out, "{line}")
    } else {
        writeln!(out, "== {}", doc.id)?;
        writeln!(out, "   {}", meta_line(&meta))?;
        for p in &paras {
            let (role, rule) = role_name(p.role);
            let text: String = doc.text[p.span.clone()].split_whitespace().collect::<Vec<_>>().join(" ");
            let short: String = text.chars().take(90).collect();
            let more = if short.len() < text.len() { "\u{2026}" } else { "" };
            let range = format!("{}..{}", p.span.start, p.span.end);
            writeln!(out, "   {role:<8} {:<24} {range:<12} {short}{more}", rule.unwrap_or("-"))?;
        }
        Ok(())
    }
}

/// The metadata of a document on one line, for people: `place: TOKYO  date: 2016-09-14 (from
/// the file name)  agency: TASS  title: …`; unknown fields are left out.
pub fn meta_line(meta: &DocumentMeta) -> String {
    let mut parts = Vec::new();
    if let Some(p) = &meta.place {
        parts.push(format!("place: {p}"));
    }
    match (&meta.date, meta.date_source.as_deref()) {
        (Some(d), Some(src)) => parts.push(format!("date: {d} (from {})", source_words(src))),
        (Some(d), None) => parts.push(format!("date: {d}")),
        _ => parts.push("date: unknown".to_string()),
    }
    if let Some(a) = &meta.agency {
        parts.push(format!("agency: {a}"));
    }
    if let Some(t) = &meta.title {
        let t: String = t.chars().take(60).collect();
        parts.push(format!("title: {t}"));
    }
    parts.join("   ")
}

fn source_words(src: &str) -> &str {
    match src {
        "jsonl" => "the JSON-lines date",
        "header" => "a date line",
        "dateline" => "the dateline",
        "filename" => "the file name",
        "text" => "the text",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_report() {
        let doc = crate::input::from_bytes("a.txt".into(), "a.txt".into(), b"TOKYO, March 21. /TASS/. Talks went well.\n").unwrap();
        let mut out = Vec::new();
        clean_report(&doc, false, &mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains("place: TOKYO   date: --03-21 (from the dateline)   agency: TASS"), "{s}");
        assert!(s.contains("dateline TEXT/DATELINE/MONTH_DAY"), "{s}");
        assert!(!s.contains("Some(") && !s.contains("None"), "{s}");
    }
}
