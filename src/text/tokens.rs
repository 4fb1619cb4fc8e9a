//! Tokenizer: words, numbers, abbreviations and punctuation with byte offsets into the original
//! text. Matching downstream uses [`Token::norm`], a normalised view (NFKC, curly quotes and
//! apostrophes made straight, dashes made `-`), while spans stay on the original bytes.
//!
//! * "U.S." and "S." (initials) are one token, period included;
//! * "Jong-un", "co-hosted", "O'Brien" stay whole; "China's" / "parties'" split off the
//!   possessive ("China" + "'s");
//! * every other non-space character is a token of its own.

use unicode_normalization::UnicodeNormalization;

/// Abbreviations that keep their period as part of the word (and so never end a sentence).
pub const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "cmdr", "adm", "maj", "rep", "sen",
    "gov", "pres", "st", "jr", "sr", "rev", "hon", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "vs", "etc", "inc", "corp", "ltd", "co", "dept", "approx", "fig", "mt",
    "ft", "atty", "supt", "msgr", "fr",
];

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// Letters (possibly with inner hyphens/apostrophes/periods).
    Word,
    /// Digits (possibly with inner `.`/`,`/`:`).
    Number,
    /// A possessive marker (`'s` or a lone `'` after a plural).
    Possessive,
    /// A double quotation mark (straight or curly).
    Quote,
    /// Anything else.
    Punct,
}

/// A token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset in the document.
    pub start: usize,
    /// Byte offset one past the end.
    pub end: usize,
    /// Kind.
    pub kind: TokKind,
    /// Normalised text (case kept).
    pub norm: String,
    /// Normalised, lower-cased text.
    pub lower: String,
}

impl Token {
    /// Starts with an upper-case letter.
    pub fn is_capitalized(&self) -> bool {
        self.norm.chars().next().is_some_and(|c| c.is_uppercase())
    }

    /// All letters upper-case, at least two of them ("TASS", "U.S.").
    pub fn is_all_caps(&self) -> bool {
        let letters: Vec<char> = self.norm.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
    }

    /// A word token.
    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }
}

/// Normalises a piece of text for matching: NFKC, straight quotes and apostrophes, `-` dashes.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let push = |out: &mut String, c: char| {
        out.push(match c {
            '\u{2018}' | '\u{2019}' | '\u{201b}' | '\u{2032}' | '`' | '\u{b4}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{ab}' | '\u{bb}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => '-',
            '\u{a0}' => ' ',
            c => c,
        })
    };
    if s.is_ascii() {
        if !s.contains('`') {
            // The common case: nothing to change.
            out.push_str(s);
            return out;
        }
        for c in s.chars() {
            push(&mut out, c);
        }
    } else {
        for c in s.nfkc() {
            push(&mut out, c);
        }
    }
    out
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{ab}' | '\u{bb}')
}

/// Tokenizes `text[range]`, appending to `out` with offsets into `text`.
pub fn tokenize_into(text: &str, range: std::ops::Range<usize>, out: &mut Vec<Token>) {
    let s = &text[range.clone()];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let n = chars.len();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let off = |i: usize| if i < n { chars[i].0 } else { s.len() };
    let mut i = 0;
    while i < n {
        let c = chars[i].1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let kind;
        if c.is_alphabetic() {
            // Initials / abbreviations: letter '.' letter '.' … ("U.S.", "S.")
            let mut j = i;
            let mut dotted = false;
            while j + 1 < n && at(j).is_some_and(|c| c.is_alphabetic()) && at(j + 1) == Some('.') {
                let single = j == start || at(j - 1) == Some('.');
                if !single {
                    break;
                }
                dotted = true;
                j += 2;
                if !at(j).is_some_and(|c| c.is_alphabetic()) || at(j + 1) != Some('.') {
                    break;
                }
            }
            if dotted && (j >= n || !at(j).is_some_and(|c| c.is_alphanumeric())) {
                i = j;
            } else {
                i = start;
                while i < n {
                    let c = chars[i].1;
                    if c.is_alphanumeric() || c == '\u{ad}' {
                        i += 1;
                    } else if (is_hyphen(c) || c == '.' && i + 1 < n && at(i + 1).is_some_and(|d| d.is_alphabetic()) && at(i + 2) == Some('.'))
                        && i + 1 < n
                        && at(i + 1).is_some_and(|d| d.is_alphanumeric())
                    {
                        i += 1;
                    } else if (is_apostrophe(c) || matches!(c, '`' | '\u{b4}' | '\u{201b}' | '\u{2032}'))
                        && at(i + 1).is_some_and(|d| d.is_alphabetic())
                        && !(matches!(at(i + 1), Some('s') | Some('S'))
                            && !at(i + 2).is_some_and(|d| d.is_alphanumeric()))
                    {
                        // O'Brien, don't: inner apostrophe followed by letters (not 's)
                        i += 1;
                    } else {
                        break;
                    }
                }
            }
            // A title or month abbreviation keeps its period ("Mr.", "Sen.", "Gov.", "Jan.").
            if at(i) == Some('.') && ABBREVIATIONS.contains(&s[off(start)..off(i)].to_lowercase().as_str()) {
                i += 1;
            }
            kind = TokKind::Word;
        } else if c.is_ascii_digit() {
            while i < n {
                let c = chars[i].1;
                if c.is_alphanumeric()
                    || (matches!(c, '.' | ',' | ':' | '-') && at(i + 1).is_some_and(|d| d.is_ascii_digit()))
                {
                    i += 1;
                } else {
                    break;
                }
            }
            kind = TokKind::Number;
        } else if is_apostrophe(c) && matches!(at(i + 1), Some('s') | Some('S')) && i > 0 && !chars[i - 1].1.is_whitespace()
            && !at(i + 2).is_some_and(|d| d.is_alphanumeric())
        {
            i += 2;
            kind = TokKind::Possessive;
        } else if is_apostrophe(c) && i > 0 && matches!(chars[i - 1].1, 's' | 'S') && !at(i + 1).is_some_and(|d| d.is_alphanumeric()) {
            i += 1;
            kind = TokKind::Possessive;
        } else if is_double_quote(c) {
            i += 1;
            kind = TokKind::Quote;
        } else if (is_apostrophe(c) || c == '`') && at(i + 1) == Some(c) {
            // '' and `` stand for double quotation marks in some archives
            i += 2;
            kind = TokKind::Quote;
        } else {
            i += 1;
            kind = TokKind::Punct;
        }
        let (a, b) = (range.start + off(start), range.start + off(i));
        let norm = if kind == TokKind::Quote { "\"".to_string() } else { normalize(&text[a..b]) };
        let lower = if norm.is_ascii() { norm.to_ascii_lowercase() } else { norm.to_lowercase() };
        out.push(Token { start: a, end: b, kind, norm, lower });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        let mut v = Vec::new();
        tokenize_into(s, 0..s.len(), &mut v);
        v.into_iter().map(|t| t.norm).collect()
    }

    #[test]
    fn words_abbreviations_possessives() {
        assert_eq!(toks("the U.S. and S. Korea"), ["the", "U.S.", "and", "S.", "Korea"]);
        assert_eq!(toks("Kim Jong-un's visit"), ["Kim", "Jong-un", "'s", "visit"]);
        assert_eq!(toks("China\u{2019}s parties\u{2019} view"), ["China", "'s", "parties", "'", "view"]);
        assert_eq!(toks("\u{201c}We\u{201d}, he said."), ["\"", "We", "\"", ",", "he", "said", "."]);
        assert_eq!(toks("O'Brien won 3,000 votes"), ["O'Brien", "won", "3,000", "votes"]);
        assert_eq!(toks("Mr. Obama and Sen. Kaine"), ["Mr.", "Obama", "and", "Sen.", "Kaine"]);
        assert_eq!(toks("''Fine,'' he said"), ["\"", "Fine", ",", "\"", "he", "said"]);
    }

    #[test]
    fn offsets_are_original_bytes() {
        let s = "\u{201c}Caf\u{e9}\u{201d} ok";
        let mut v = Vec::new();
        tokenize_into(s, 0..s.len(), &mut v);
        for t in &v {
            assert_eq!(normalize(&s[t.start..t.end]), t.norm);
        }
    }
}
