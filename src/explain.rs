//! `newsgraph explain`: why an edge exists or not. Runs stages 1–4 on a text (or a file) and
//! prints, for the chosen sentences, the tokens with byte offsets, the mentions with the rule
//! that found them, what each resolved to (and by which sieve step), and every fact and
//! statement with its rule id, and the sentence's dependency parse as a tree
//! ([`crate::syntax`]).

use crate::extract::{analyze, Analysis};
use crate::input::{self, RawDoc};
use crate::lexicon::Lexicon;
use crate::syntax;
use crate::relations::End;
use std::fmt::Write;
use std::path::Path;

/// Why `explain` could not run.
#[derive(Debug, thiserror::Error)]
pub enum ExplainError {
    /// The file could not be read or decoded.
    #[error("{0}")]
    Input(String),
    /// The sentence number is out of range.
    #[error("the document has {have} sentences; --sentence {want} is out of range")]
    NoSentence {
        /// Sentences in the document.
        have: usize,
        /// The number asked for.
        want: usize,
    },
}

/// Explains `text_or_file`: a file path when it names an existing file, else the text itself.
/// With `sentence` (1-based) only that sentence is shown.
pub fn explain(text_or_file: &str, sentence: Option<usize>, lex: &Lexicon) -> Result<String, ExplainError> {
    let raw = if Path::new(text_or_file).is_file() {
        input::read_file(Path::new(text_or_file)).map_err(|w| ExplainError::Input(w.to_string()))?
    } else {
        RawDoc {
            id: "text".into(),
            source: "argument".into(),
            text: text_or_file.to_string(),
            date: None,
            title: None,
            agency: None,
            bytes: text_or_file.len() as u64,
            warnings: vec![],
            ..Default::default()
        }
    };
    let a = analyze(&raw, lex);
    let parse = syntax::Model::global().map(|_| &a.parse);
    let n = a.doc.sentences.len();
    let which: Vec<usize> = match sentence {
        Some(k) if k == 0 || k > n => return Err(ExplainError::NoSentence { have: n, want: k }),
        Some(k) => vec![k - 1],
        None => (0..n).collect(),
    };
    let mut out = String::new();
    let m = &a.doc.meta;
    let _ = writeln!(out, "document {} ({n} sentences)", m.id);
    let _ = writeln!(out, "  {}", crate::text::report::meta_line(m));
    for s in which {
        explain_sentence(&a, s, &mut out);
        match &parse {
            Ok(p) => {
                let _ = writeln!(out, "  parse:");
                for line in syntax::document::render_tree(&p.sentences[s]).lines() {
                    let _ = writeln!(out, "    {line}");
                }
            }
            Err(e) => {
                let _ = writeln!(out, "  parse: unavailable ({e})");
            }
        }
    }
    Ok(out)
}

/// `newsgraph parse`: the document as CoNLL-U (see [`syntax::document::to_conllu`]).
pub fn parse_conllu(raw: &RawDoc, lex: &Lexicon) -> Result<String, syntax::ModelError> {
    syntax::Model::global()?;
    let a = analyze(raw, lex);
    Ok(syntax::document::to_conllu(&a.doc, &a.parse))
}

/// Text in double quotes, as written (no escapes), on one line.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn kind_name(k: crate::mentions::MentionKind) -> &'static str {
    use crate::mentions::MentionKind::*;
    match k {
        Name => "name",
        Demonym => "demonym",
        Title => "title",
        Pronoun => "pronoun",
        Description => "description",
    }
}

fn end_label(a: &Analysis, e: &End) -> String {
    match e {
        End::Entity(i) => {
            let ent = &a.coref.entities[*i];
            format!("{} [{}]", ent.label, ent.node_type)
        }
        End::Concept(c) => format!("{c} [Concept]"),
        End::Statement(i) => format!("statement #{}", i + 1),
        End::Document(d) => format!("{d} [Document]"),
        End::Known { label, node_type, .. } => format!("{label} [{node_type}]"),
    }
}

fn explain_sentence(a: &Analysis, si: usize, out: &mut String) {
    let doc = &a.doc;
    let s = &doc.sentences[si];
    let _ = writeln!(out, "\nsentence {} [{}..{}] {}: {}", si + 1, s.start, s.end, s.role, doc.sentence_text(s));
    let toks: Vec<String> = doc.tokens[s.tokens.clone()].iter().map(|t| format!("{}@{}", t.norm, t.start)).collect();
    let _ = writeln!(out, "  tokens: {}", toks.join(" "));
    for (i, m) in a.mentions.iter().enumerate() {
        if !s.tokens.contains(&m.tokens.start) {
            continue;
        }
        let res = match a.coref.entity_of(i) {
            Some(e) => format!("→ {} [{}] ({})", e.label, e.node_type, e.aliases.get(&m.text).copied().unwrap_or("COREF/EXACT/1")),
            None => match a.coref.unresolved.iter().find(|(j, _)| *j == i) {
                Some((_, why)) => format!("→ unresolved: {why}"),
                None => String::new(),
            },
        };
        let res = if res.is_empty() { res } else { format!(" {res}") };
        let _ = writeln!(out, "  mention {} {} {} [{}..{}] {}{}", quoted(&m.text), kind_name(m.kind), m.node_type, m.span.start, m.span.end, m.rule, res);
    }
    for st in a.relations.statements.iter().filter(|st| st.sentence == si) {
        let sp = st.speaker.map(|e| a.coref.entities[e].label.clone()).unwrap_or_else(|| "(unresolved)".into());
        let how = if st.direct { "quoted" } else { "reported" };
        let _ = writeln!(
            out,
            "  statement by {sp} (as {}), cue {}, {how} [{}..{}] {}: {}",
            quoted(&st.source_text),
            quoted(&st.cue),
            st.content.start,
            st.content.end,
            st.rule,
            quoted(&st.text)
        );
    }
    for f in a.relations.facts.iter().filter(|f| f.sentence == si) {
        let mut flags = String::new();
        if f.negated {
            flags.push_str(", negated");
        }
        if let Some(m) = &f.modality {
            let _ = write!(flags, ", {m}");
        }
        if let Some(st) = f.according_to {
            let _ = write!(flags, ", according to statement #{}", st + 1);
        }
        let _ = writeln!(out, "  edge {} –{}→ {}  ({}, {}, surface {}{})", end_label(a, &f.source), f.relation, end_label(a, &f.target), f.kind, f.rule, quoted(&f.surface), flags);
        if !f.path.is_empty() {
            let _ = writeln!(out, "    path: {}", f.path);
        }
    }
}
