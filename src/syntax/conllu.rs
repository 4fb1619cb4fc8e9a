//! CoNLL-U reading and writing (<https://universaldependencies.org/format.html>).
//!
//! The reader keeps what training and evaluation need: the syntactic words of each sentence
//! (ID, FORM, LEMMA, UPOS, XPOS, FEATS, HEAD, DEPREL, MISC) and its comment lines. Multi-word
//! token lines (`1-2`) and empty nodes (`8.1`) are skipped: the parser works on syntactic
//! words. A malformed line is an error naming `source:line`, never a panic.
//!
//! The writer emits the ten columns, so [`write`] followed by [`read`] returns the same
//! sentences (tested).

use std::fmt::Write as _;

/// One syntactic word of a CoNLL-U sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// FORM.
    pub form: String,
    /// LEMMA (`_` when unknown).
    pub lemma: String,
    /// UPOS.
    pub upos: String,
    /// XPOS (PTB tag for the English treebanks).
    pub xpos: String,
    /// FEATS (`_` when none).
    pub feats: String,
    /// HEAD: 0 for the root, else the 1-based index of the head word.
    pub head: usize,
    /// DEPREL (with subtype, e.g. `nsubj:pass`).
    pub deprel: String,
    /// MISC (`_` when none).
    pub misc: String,
}

/// A sentence: its comment lines (without `# `) and its words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    /// Comment lines, without the leading `#` and one space.
    pub comments: Vec<String>,
    /// The words, in order (word `i` has ID `i + 1`).
    pub words: Vec<Word>,
}

/// A CoNLL-U line that cannot be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{source_name}:{line}: {what}")]
pub struct ConlluError {
    /// The file (or other source) name.
    pub source_name: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub what: String,
}

/// Reads CoNLL-U text. `source_name` names the input in errors.
pub fn read(text: &str, source_name: &str) -> Result<Vec<Sentence>, ConlluError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let err = |line: usize, what: String| ConlluError { source_name: source_name.to_string(), line, what };
    for (i, line) in text.lines().enumerate() {
        let ln = i + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            if !cur.words.is_empty() || !cur.comments.is_empty() {
                finish(&mut cur, &mut out).map_err(|w| err(ln, w))?;
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            if !cur.words.is_empty() {
                finish(&mut cur, &mut out).map_err(|w| err(ln, w))?;
            }
            cur.comments.push(c.strip_prefix(' ').unwrap_or(c).to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(err(ln, format!("expected 10 tab-separated columns, found {}", cols.len())));
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue; // multi-word token or empty node
        }
        let id: usize = cols[0].parse().map_err(|_| err(ln, format!("bad ID {:?}", cols[0])))?;
        if id != cur.words.len() + 1 {
            return Err(err(ln, format!("ID {id} out of sequence (expected {})", cur.words.len() + 1)));
        }
        let head: usize = if cols[6] == "_" { 0 } else { cols[6].parse().map_err(|_| err(ln, format!("bad HEAD {:?}", cols[6])))? };
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if !cur.words.is_empty() {
        let n = text.lines().count();
        finish(&mut cur, &mut out).map_err(|w| err(n, w))?;
    }
    Ok(out)
}

fn finish(cur: &mut Sentence, out: &mut Vec<Sentence>) -> Result<(), String> {
    let s = std::mem::take(cur);
    if s.words.is_empty() {
        return Ok(()); // comments only (e.g. document-level comments before a sentence)
    }
    let n = s.words.len();
    if let Some(w) = s.words.iter().find(|w| w.head > n) {
        return Err(format!("HEAD {} of {:?} is beyond the sentence's {n} words", w.head, w.form));
    }
    out.push(s);
    Ok(())
}

/// Writes sentences as CoNLL-U (each followed by a blank line).
pub fn write(sentences: &[Sentence]) -> String {
    let mut out = String::new();
    for s in sentences {
        write_sentence(s, &mut out);
    }
    out
}

/// Appends one sentence as CoNLL-U to `out`.
pub fn write_sentence(s: &Sentence, out: &mut String) {
    for c in &s.comments {
        let _ = writeln!(out, "# {c}");
    }
    for (i, w) in s.words.iter().enumerate() {
        let f = |x: &str| if x.is_empty() { "_".to_string() } else { clean(x) };
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t_\t{}",
            i + 1,
            f(&w.form),
            f(&w.lemma),
            f(&w.upos),
            f(&w.xpos),
            f(&w.feats),
            w.head,
            f(&w.deprel),
            f(&w.misc)
        );
    }
    out.push('\n');
}

/// Columns cannot hold tabs or newlines: they become spaces (UD allows spaces in FORM/LEMMA).
fn clean(s: &str) -> String {
    if s.contains(['\t', '\n', '\r']) { s.replace(['\t', '\n', '\r'], " ") } else { s.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = 1\n# text = Don't go.\n1-2\tDon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tDo\tdo\tAUX\tVB\tMood=Imp\t3\taux\t_\t_\n2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\n3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n3.1\tx\t_\t_\t_\t_\t_\t_\t_\t_\n4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n";

    #[test]
    fn reads_words_skipping_ranges_and_empty_nodes() {
        let s = read(SAMPLE, "t").unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].words.len(), 4);
        assert_eq!(s[0].words[0].form, "Do");
        assert_eq!(s[0].words[2].head, 0);
        assert_eq!(s[0].comments, ["sent_id = 1", "text = Don't go."]);
    }

    #[test]
    fn round_trip() {
        let s = read(SAMPLE, "t").unwrap();
        let again = read(&write(&s), "t").unwrap();
        assert_eq!(s, again);
    }

    #[test]
    fn errors_name_the_line() {
        let e = read("1\ta\tb\n", "f.conllu").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.to_string().starts_with("f.conllu:1:"));
        let e = read("1\ta\ta\tX\tX\t_\t5\tdep\t_\t_\n\n", "f").unwrap_err();
        assert!(e.what.contains("beyond"));
    }
}
