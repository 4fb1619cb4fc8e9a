//! Stage 1: text. A decoded file becomes a [`Document`]: metadata, paragraphs with roles
//! ([`clean`]), tokens with byte offsets ([`tokens`]), quotation spans and sentences.
//!
//! Sentence splitting is quote-aware: a sentence never ends inside a quotation that closes in
//! the same paragraph, so `"… It is over. We go home," he said.` stays one sentence with its
//! attribution. Abbreviations and initials ("Mr.", "Gen.", "U.S.", "S. Korea") do not end a
//! sentence; a period glued to a capitalised word ("talks.All news") does.
//!
//! Invariant: every span (`start..end`) is a byte range of [`Document::text`], which is the
//! decoded file with offsets unchanged (see [`crate::input::decode`]).

pub mod clean;
pub mod dateline;
pub mod dates;
pub mod report;
pub mod tokens;

use crate::model::DocumentMeta;
pub use clean::{ParaRole, Paragraph};
use std::ops::Range;
pub use tokens::{normalize, TokKind, Token};

/// A sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offset in the document.
    pub start: usize,
    /// Byte offset one past the end.
    pub end: usize,
    /// Index range into [`Document::tokens`].
    pub tokens: Range<usize>,
    /// Index of its paragraph.
    pub para: usize,
    /// The paragraph's role.
    pub role: ParaRole,
}

/// A quotation: token indices of its marks. `close` is `None` when the quotation runs to the
/// end of the paragraph (the convention for quotes that go on in the next paragraph).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteSpan {
    /// Token index of the opening mark.
    pub open: usize,
    /// Token index of the closing mark.
    pub close: Option<usize>,
    /// Paragraph index.
    pub para: usize,
}

/// An analysed document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Metadata (id, dateline, date, agency…).
    pub meta: DocumentMeta,
    /// The text.
    pub text: String,
    /// Paragraphs, with roles.
    pub paragraphs: Vec<Paragraph>,
    /// Tokens of kept paragraphs, in order.
    pub tokens: Vec<Token>,
    /// Token index range of each paragraph (empty for dropped ones).
    pub para_tokens: Vec<Range<usize>>,
    /// Sentences of kept paragraphs.
    pub sentences: Vec<Sentence>,
    /// Quotations.
    pub quotes: Vec<QuoteSpan>,
    /// The dateline, with spans into [`Document::text`]: its paragraph (role
    /// [`ParaRole::Dateline`]) is one sentence, whose only mentions are its place and region.
    pub dateline: Option<dateline::Dateline>,
}

use tokens::ABBREVIATIONS;

/// Sentences longer than this many tokens are cut (see [`split_sentences`]).
pub const MAX_SENTENCE_TOKENS: usize = 250;

/// Words that start a sentence even after a dotted abbreviation ("… the U.S. The talks …").
const SENTENCE_STARTERS: &[&str] = &[
    "the", "he", "she", "it", "they", "we", "i", "in", "but", "and", "this", "that", "a", "an", "on", "at",
    "his", "her", "their", "its", "as", "after", "before", "meanwhile", "however", "there", "yet",
];

impl Document {
    /// Analyses a decoded text.
    pub fn new(meta: DocumentMeta, text: String) -> Document {
        let mut meta = meta;
        let paragraphs = clean::clean(&text, &mut meta);
        let mut tokens = Vec::with_capacity(text.len() / 5);
        let mut para_tokens = Vec::with_capacity(paragraphs.len());
        let mut sentences = Vec::new();
        let mut quotes = Vec::new();
        let mut dateline = None;
        for (pi, para) in paragraphs.iter().enumerate() {
            if matches!(para.role, ParaRole::Dropped(_)) {
                para_tokens.push(tokens.len()..tokens.len());
                continue;
            }
            let first = tokens.len();
            tokens::tokenize_into(&text, para.span.clone(), &mut tokens);
            let range = first..tokens.len();
            para_tokens.push(range.clone());
            if let ParaRole::Dateline(_) = para.role {
                // One sentence, no quotations; the spans made absolute.
                let at = para.span.start;
                let shift = |r: Range<usize>| r.start + at..r.end + at;
                dateline = dateline::find(&text[para.span.clone()]).map(|d| dateline::Dateline {
                    span: shift(d.span),
                    place: shift(d.place),
                    region: d.region.map(shift),
                    ..d
                });
                if !range.is_empty() {
                    let (start, end) = (tokens[range.start].start, tokens[range.end - 1].end);
                    sentences.push(Sentence { start, end, tokens: range, para: pi, role: para.role });
                }
                continue;
            }
            let q = pair_quotes(&text, &tokens, range.clone(), pi);
            split_sentences(&tokens, range, pi, para.role, &q, &mut sentences);
            quotes.extend(q);
        }
        meta.sentences = sentences.iter().filter(|s| !matches!(s.role, ParaRole::Dateline(_))).count() as u64;
        meta.bytes = meta.bytes.max(text.len() as u64);
        Document { meta, text, paragraphs, tokens, para_tokens, sentences, quotes, dateline }
    }

    /// The text of a byte span.
    pub fn slice(&self, span: Range<usize>) -> &str {
        &self.text[span]
    }

    /// The text of a sentence.
    pub fn sentence_text(&self, s: &Sentence) -> &str {
        &self.text[s.start..s.end]
    }

    /// Byte span covering tokens `a..b` (`a < b`).
    pub fn token_span(&self, a: usize, b: usize) -> Range<usize> {
        self.tokens[a].start..self.tokens[b - 1].end
    }

    /// Text covering tokens `a..b`.
    pub fn token_text(&self, a: usize, b: usize) -> &str {
        &self.text[self.token_span(a, b)]
    }

    /// The quotation that holds token `t` (after its opening mark, before its closing mark or,
    /// for one left open, the end of its paragraph). A binary search: quotations are sorted and
    /// disjoint.
    pub fn quote_at(&self, t: usize) -> Option<&QuoteSpan> {
        let k = self.quotes.partition_point(|q| q.open < t);
        let q = self.quotes.get(k.checked_sub(1)?)?;
        let end = q.close.unwrap_or_else(|| self.para_tokens.get(q.para).map_or(0, |p| p.end));
        (t < end).then_some(q)
    }

    /// The sentences of paragraph `p` (sentences are in paragraph order).
    pub fn para_sentences(&self, p: usize) -> &[Sentence] {
        &self.sentences[self.sentences.partition_point(|s| s.para < p)..self.sentences.partition_point(|s| s.para <= p)]
    }

    /// The quotations of paragraph `p` (in paragraph order).
    pub fn para_quotes(&self, p: usize) -> &[QuoteSpan] {
        &self.quotes[self.quotes.partition_point(|q| q.para < p)..self.quotes.partition_point(|q| q.para <= p)]
    }

    /// Index of the sentence holding token `t`.
    pub fn sentence_of(&self, t: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.tokens.end <= t);
        (i < self.sentences.len() && self.sentences[i].tokens.contains(&t)).then_some(i)
    }
}

fn is_open_context(text: &str, tokens: &[Token], i: usize, first: usize) -> bool {
    // A straight quote opens when it stands after a space or opening punctuation and before a
    // non-space.
    let t = &tokens[i];
    let before = text[..t.start].chars().next_back();
    let after = text[t.end..].chars().next();
    let space_before = i == first || before.is_none_or(|c| c.is_whitespace() || "([{-\u{2014}:".contains(c));
    let space_after = after.is_none_or(|c| c.is_whitespace());
    space_before && !space_after
}

/// Pairs quotation marks of a paragraph.
fn pair_quotes(text: &str, tokens: &[Token], range: Range<usize>, para: usize) -> Vec<QuoteSpan> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for i in range.clone() {
        if tokens[i].kind != TokKind::Quote {
            continue;
        }
        let raw = &text[tokens[i].start..tokens[i].end];
        let opening = match raw {
            "\u{201c}" | "\u{201e}" | "\u{ab}" => true,
            "\u{201d}" | "\u{bb}" => false,
            _ => open.is_none() && is_open_context(text, tokens, i, range.start)
                || open.is_none() && !is_closing_straight(text, tokens, i),
        };
        match (open, opening) {
            (None, true) => open = Some(i),
            (Some(o), false) => {
                out.push(QuoteSpan { open: o, close: Some(i), para });
                open = None;
            }
            (Some(o), true) => {
                // Two openers: the first ran to here (a missing close). Restart.
                if i > o + 1 {
                    out.push(QuoteSpan { open: o, close: Some(i), para });
                    open = None;
                } else {
                    open = Some(i);
                }
            }
            (None, false) => {} // a stray closing mark
        }
    }
    if let Some(o) = open {
        if o + 1 < range.end {
            out.push(QuoteSpan { open: o, close: None, para });
        }
    }
    out
}

fn is_closing_straight(text: &str, tokens: &[Token], i: usize) -> bool {
    let after = text[tokens[i].end..].chars().next();
    after.is_none_or(|c| c.is_whitespace() || ",.;:!?)".contains(c))
        && text[..tokens[i].start].chars().next_back().is_some_and(|c| !c.is_whitespace())
}

fn split_sentences(
    tokens: &[Token],
    range: Range<usize>,
    para: usize,
    role: ParaRole,
    quotes: &[QuoteSpan],
    out: &mut Vec<Sentence>,
) {
    if range.is_empty() {
        return;
    }
    // Inside a quotation that goes on after `i` (a period right before the closing mark ends
    // the quotation, and the sentence with it). Quotations are sorted and disjoint: only the
    // last one opened before `i` can hold it (a binary search, so a paragraph of many
    // quotations stays linear).
    let inside_closed_quote = |i: usize, j: usize| {
        let k = quotes.partition_point(|q| q.open < i);
        k > 0 && quotes[k - 1].close.is_some_and(|c| i < c && c >= j)
    };
    let mut start = range.start;
    let mut i = range.start;
    while i < range.end {
        let t = &tokens[i];
        let mut boundary_after = None;
        if t.kind == TokKind::Punct && matches!(t.norm.as_str(), "." | "!" | "?") {
            let prev = (i > start).then(|| &tokens[i - 1]);
            let abbrev = t.norm == "."
                && prev.is_some_and(|p| {
                    p.end == t.start
                        && (ABBREVIATIONS.contains(&p.lower.as_str())
                            || (p.norm.chars().count() == 1 && p.is_capitalized()))
                });
            if !abbrev {
                let mut j = i + 1;
                while j < range.end
                    && (tokens[j].kind == TokKind::Quote && quotes.binary_search_by_key(&j, |q| q.open).is_err()
                        || matches!(tokens[j].norm.as_str(), ")" | "]" | "." | "!" | "?"))
                {
                    j += 1;
                }
                boundary_after = Some(j);
            }
        } else if t.kind == TokKind::Word && t.norm.ends_with('.') && t.norm.len() > 2 {
            // "U.S." at a sentence end: only before a typical sentence starter.
            if let Some(n) = tokens.get(i + 1).filter(|_| i + 1 < range.end) {
                if n.is_capitalized() && SENTENCE_STARTERS.contains(&n.lower.as_str()) {
                    boundary_after = Some(i + 1);
                }
            }
        }
        // A run-on "sentence" (a file of one huge line, a list) is cut at a comma or semicolon
        // after MAX_SENTENCE_TOKENS, and hard at twice that, so every later stage stays linear.
        let forced = boundary_after.is_none()
            && i + 1 - start >= MAX_SENTENCE_TOKENS
            && (matches!(t.norm.as_str(), "," | ";") || i + 1 - start >= 2 * MAX_SENTENCE_TOKENS);
        if forced {
            boundary_after = Some(i + 1);
        }
        if let Some(j) = boundary_after {
            let next_ok = j >= range.end || {
                let n = &tokens[j];
                // A sentence never starts with a comma ("Rep. Jim Clyburn (D-S.C.), the …").
                (n.is_capitalized() || n.kind == TokKind::Quote || n.kind == TokKind::Number || !n.is_word())
                    && !matches!(n.norm.as_str(), "," | ";" | ":")
            };
            if forced || (next_ok && !inside_closed_quote(i, j)) {
                out.push(Sentence {
                    start: tokens[start].start,
                    end: tokens[j - 1].end,
                    tokens: start..j,
                    para,
                    role,
                });
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if start < range.end {
        out.push(Sentence {
            start: tokens[start].start,
            end: tokens[range.end - 1].end,
            tokens: start..range.end,
            para,
            role,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<String> {
        let d = Document::new(DocumentMeta::default(), text.to_string());
        d.sentences.iter().map(|s| d.sentence_text(s).to_string()).collect()
    }

    #[test]
    fn no_sentence_starts_with_a_comma() {
        let s = sents("\"We are here,\" added Rep. Jim Clyburn (D-S.C.), the assistant leader. He left.");
        assert_eq!(s.len(), 2, "{s:?}");
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            sents("Mr. Smith met Gen. Lee in the U.S. capital on Jan. 5 with S. Korea's envoy. Then he left."),
            vec!["Mr. Smith met Gen. Lee in the U.S. capital on Jan. 5 with S. Korea's envoy.", "Then he left."]
        );
    }

    #[test]
    fn quotation_with_attribution_stays_one_sentence() {
        assert_eq!(
            sents("\u{201c}It is over. We go home,\u{201d} he said. She agreed."),
            vec!["\u{201c}It is over. We go home,\u{201d} he said.", "She agreed."]
        );
    }

    #[test]
    fn glued_sentences_split() {
        assert_eq!(sents("The talks ended.Officials left."), vec!["The talks ended.", "Officials left."]);
    }

    #[test]
    fn unclosed_quote_runs_to_paragraph_end() {
        let d = Document::new(DocumentMeta::default(), "He said: \"We will win. Then we rest.\n\n\"And then?\" she asked.".into());
        assert_eq!(d.quotes.len(), 2);
        assert_eq!(d.quotes[0].close, None);
        assert!(d.quotes[1].close.is_some());
    }

    #[test]
    fn offsets_point_into_the_text() {
        let text = "TOKYO, March 21. /TASS/. Caf\u{e9} talks \u{2014} \u{201c}fine.\u{201d} Done.";
        let d = Document::new(DocumentMeta::default(), text.into());
        for t in &d.tokens {
            assert_eq!(normalize(&d.text[t.start..t.end]), t.norm);
        }
        assert_eq!(d.meta.place.as_deref(), Some("TOKYO"));
    }
}
