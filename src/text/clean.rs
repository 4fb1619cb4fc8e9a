//! Article clean-up: which lines of a file are the article, and what the rest tells us.
//!
//! The file is cut into paragraphs (blank-line or line-break separated; hard-wrapped lines are
//! joined back). Each paragraph gets a [`ParaRole`] by general rules, in this order:
//!
//! * `CLEAN/META/*` — timestamp lines ("June 01, 11:45 UTC+3 BEIJING"), `date YYYY-MM-DD` lines
//!   and bylines ("--IANS", "him/vd") become [`DocumentMeta`] fields;
//! * `TEXT/DATELINE/*` — a dateline ("TOKYO, March 21. /TASS/.", "ROME 1996-12-06", "LONDON
//!   (Reuters) -", see [`super::dateline`]) on a line of its own or at the start of the story's
//!   first paragraph becomes a paragraph of its own with role [`ParaRole::Dateline`] (its place
//!   becomes an entity, never sentence text) and fills the place, date and agency;
//! * `CLEAN/PAYWALL/1` — from a line with subscription vocabulary or a bare price on, the
//!   trailing block of short, unpunctuated lines is dropped;
//! * `CLEAN/READ_ALSO/1` — "Read also" / "See also" and the link headline after it;
//! * `CLEAN/CREDIT/1` — photo credits ("© AP Photo/…") and captions next to them;
//! * `CLEAN/CAPTION/1` — a short unpunctuated line repeated verbatim (a caption);
//! * `CLEAN/LABEL/1` — section labels: three words or fewer, no sentence punctuation;
//! * `CLEAN/DISCLAIMER/1` — disclaimers and copyright lines.
//!
//! What is left is the article: a `Title` (the first headline-like line), `Deck` lines (further
//! unpunctuated lines before the body) and `Body` paragraphs.

use super::dateline;
use super::dates::{self, DateSource};
use crate::model::DocumentMeta;
use regex::Regex;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// What a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParaRole {
    /// The headline: entities are read, statements are not.
    Title,
    /// A subtitle / lead line without final punctuation before the body.
    Deck,
    /// Article text.
    Body,
    /// A dateline ("TOKYO, March 21. /TASS/."): metadata, and its place is an entity; the rule
    /// id says which dateline rule found it.
    Dateline(&'static str),
    /// Dropped; the rule id says why.
    Dropped(&'static str),
}

impl std::fmt::Display for ParaRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParaRole::Title => f.write_str("title"),
            ParaRole::Deck => f.write_str("deck"),
            ParaRole::Body => f.write_str("body"),
            ParaRole::Dateline(rule) => write!(f, "dateline ({rule})"),
            ParaRole::Dropped(rule) => write!(f, "dropped ({rule})"),
        }
    }
}

/// A paragraph of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Byte range in the document text (trimmed; after any dateline).
    pub span: Range<usize>,
    /// Its role.
    pub role: ParaRole,
}

const MONTHS: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";

struct Patterns {
    timestamp: Regex,
    date_line: Regex,
    byline: Regex,
    initials: Regex,
    paywall: Regex,
    price: Regex,
    read_also: Regex,
    credit: Regex,
    disclaimer: Regex,
    iso_date: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns {
            timestamp: Regex::new(&format!(
                r"^(?P<month>{MONTHS})\s+(?P<day>\d{{1,2}}),?\s*(?P<year>\d{{4}})?,?\s*\d{{1,2}}:\d{{2}}(?:\s*[AP]M)?(?:\s*(?:UTC|GMT|MSK|EST|EDT|PST|PDT)(?:[+-]\d{{1,2}})?)?\s*(?P<place>[A-Z][A-Z .'\-]*)?$"
            ))
            .unwrap(),
            date_line: Regex::new(r"(?i)^date:?\s+(\d{4})-(\d{2})-(\d{2})\b").unwrap(),
            byline: Regex::new(r"^(?:--|\u{2014}|\u{2013}|-)\s*\(?([A-Z]{2,}[A-Za-z]*)\)?\s*$").unwrap(),
            initials: Regex::new(r"^[a-z]{1,5}(?:/[a-z]{1,5})+$").unwrap(),
            paywall: Regex::new(
                r"(?i)\b(subscri(?:be|bed|ption|ber)s?|log ?in|sign ?in|sign up|free articles?|paywall|unlimited access|renews automatically|cancel any ?time|premium stories|/\s?month|per month|ad-free)\b",
            )
            .unwrap(),
            price: Regex::new(r"^(?:[\p{Sc}]\s?[\d,.]+(?:\s*/\s*\w+)?|\d+\s+(?:months?|years?|weeks?))$").unwrap(),
            read_also: Regex::new(r"(?i)^(?:read (?:also|more)|see also|related(?: stories| articles| news)?|more on this)\s*:?\s*$").unwrap(),
            credit: Regex::new(
                r"(?i)^\u{a9}|\b(?:photo|photograph|image|picture|video)s?\s*(?:/|:|by\b|credit)|\b(?:getty images|shutterstock|reuters/|ap photo|afp/|epa/|xinhua/)",
            )
            .unwrap(),
            disclaimer: Regex::new(r"(?i)^(?:disclaimer|copyright|\(c\)|all rights reserved)\b").unwrap(),
            iso_date: Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").unwrap(),
        }
    })
}

/// Is `s` finished like a sentence?
fn punctuated(s: &str) -> bool {
    let t = s.trim_end();
    t.ends_with(['.', '!', '?', '"', '\u{201d}', ':', ';', ')', '\u{2019}', '\''])
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

fn iso(year: Option<&str>, month: u32, day: &str) -> Option<String> {
    let d: u32 = day.parse().ok()?;
    match year {
        Some(y) => dates::Ymd::new(y.parse().ok()?, month, d).map(|x| x.to_string()),
        None => {
            let md = format!("--{month:02}-{d:02}");
            dates::month_day(&md).map(|_| md)
        }
    }
}

/// Merges a date found in the file into the metadata: a full date beats a month-day one, and
/// the first one found wins among equals (see [`dates`] for the precedence).
fn put_date(meta: &mut DocumentMeta, date: String, source: DateSource) {
    let replace = match &meta.date {
        None => true,
        Some(old) => old.starts_with("--") && !date.starts_with("--"),
    };
    if replace {
        meta.date = Some(date);
        meta.date_source = Some(source.as_str().to_string());
    }
}

/// Splits `text` into paragraphs: runs of lines, where a line break is kept inside a paragraph
/// only when the line before does not end a sentence and the next starts in lower case.
fn split_paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut pos = 0;
    let mut prev_blank = true;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            prev_blank = true;
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let span = start + lead..start + lead + trimmed.len();
        let joins = !prev_blank
            && out.last().is_some_and(|last| {
                let prev = &text[last.clone()];
                !punctuated(prev)
                    && word_count(prev) > 8
                    && trimmed.chars().next().is_some_and(|c| c.is_lowercase())
            });
        if joins {
            out.last_mut().unwrap().end = span.end;
        } else {
            out.push(span);
        }
        prev_blank = false;
    }
    out
}

/// Cleans a document: returns its paragraphs with roles and fills `meta` from datelines,
/// bylines and date lines.
pub fn clean(text: &str, meta: &mut DocumentMeta) -> Vec<Paragraph> {
    let p = patterns();
    let spans = split_paragraphs(text);
    let mut paras: Vec<Paragraph> =
        spans.into_iter().map(|span| Paragraph { span, role: ParaRole::Body }).collect();

    // Repeated short unpunctuated lines are captions.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for para in &paras {
        let s = &text[para.span.clone()];
        if !punctuated(s) && word_count(s) <= 12 {
            *seen.entry(s).or_default() += 1;
        }
    }

    let mut paywall = false;
    let mut skip_next = false;
    let n = paras.len();
    for i in 0..n {
        let s = &text[paras[i].span.clone()];
        let words = word_count(s);
        let role = &mut paras[i].role;
        if skip_next {
            skip_next = false;
            if !punctuated(s) || words <= 15 {
                *role = ParaRole::Dropped("CLEAN/READ_ALSO/1");
                continue;
            }
        }
        if p.read_also.is_match(s) {
            *role = ParaRole::Dropped("CLEAN/READ_ALSO/1");
            skip_next = true;
            continue;
        }
        if let Some(c) = p.date_line.captures(s) {
            if let Some(d) = dates::Ymd::parse(&format!("{}-{}-{}", &c[1], &c[2], &c[3])) {
                put_date(meta, d.to_string(), DateSource::Header);
            }
            *role = ParaRole::Dropped("CLEAN/META/DATE_LINE");
            continue;
        }
        if let Some(c) = p.timestamp.captures(s) {
            if let Some(d) = iso(c.name("year").map(|m| m.as_str()), dates::month_number(&c["month"]), &c["day"]) {
                put_date(meta, d, DateSource::Dateline);
            }
            if let Some(pl) = c.name("place") {
                if !pl.as_str().trim().is_empty() && meta.place.is_none() {
                    meta.place = Some(pl.as_str().trim().to_string());
                }
            }
            *role = ParaRole::Dropped("CLEAN/META/TIMESTAMP");
            continue;
        }
        if let Some(c) = p.byline.captures(s) {
            meta.agency.get_or_insert_with(|| c[1].to_string());
            *role = ParaRole::Dropped("CLEAN/META/BYLINE");
            continue;
        }
        if p.initials.is_match(s) {
            *role = ParaRole::Dropped("CLEAN/META/BYLINE");
            continue;
        }
        if p.disclaimer.is_match(s) {
            *role = ParaRole::Dropped("CLEAN/DISCLAIMER/1");
            continue;
        }
        // (The cheap test first: the unanchored patterns are slow on long paragraphs.)
        if (words <= 15 || paywall) && (p.paywall.is_match(s) || p.price.is_match(s.trim())) {
            paywall = true;
            *role = ParaRole::Dropped("CLEAN/PAYWALL/1");
            continue;
        }
        if paywall {
            if !punctuated(s) || words < 8 {
                *role = ParaRole::Dropped("CLEAN/PAYWALL/1");
                continue;
            }
            paywall = false;
        }
        // A credit is a short label, not a sentence ("The Reuters/Ipsos poll showed …." is one).
        if words <= 15 && p.credit.is_match(s) && (!s.trim_end().ends_with('.') || s.starts_with('\u{a9}')) {
            *role = ParaRole::Dropped("CLEAN/CREDIT/1");
            continue;
        }
        if seen.get(s).copied().unwrap_or(0) > 1 {
            *role = ParaRole::Dropped("CLEAN/CAPTION/1");
            continue;
        }
        if words <= 3 && !punctuated(s) && !s.contains(['"', '\u{201c}']) {
            *role = ParaRole::Dropped("CLEAN/LABEL/1");
            continue;
        }
    }
    // A caption line just before a credit line.
    for i in 1..n {
        if paras[i].role == ParaRole::Dropped("CLEAN/CREDIT/1") {
            let prev = &text[paras[i - 1].span.clone()];
            if paras[i - 1].role == ParaRole::Body && !punctuated(prev) && word_count(prev) <= 12 {
                paras[i - 1].role = ParaRole::Dropped("CLEAN/CREDIT/1");
            }
        }
    }

    // The dateline: a paragraph of its own, or the start of the story's first paragraph (after
    // any title and deck lines; a short one alone on its line was taken for a label above). The
    // file's first kept line may be a headline whatever its punctuation; after it, the search
    // ends at the first paragraph that reads like the story.
    let mut found = None;
    let mut first = true;
    for (i, para) in paras.iter().enumerate() {
        let s = &text[para.span.clone()];
        if matches!(para.role, ParaRole::Body | ParaRole::Dropped("CLEAN/LABEL/1")) {
            if let Some(d) = dateline::find(s) {
                found = Some((i, d));
                break;
            }
        }
        if para.role == ParaRole::Body {
            if !first && !headline_like(s) {
                break;
            }
            first = false;
        }
    }
    if let Some((i, d)) = found {
        let start = paras[i].span.start;
        let s = &text[paras[i].span.clone()];
        let mut place = s[d.place.clone()].to_string();
        if let Some(r) = &d.region {
            place = format!("{place}, {}", &s[r.clone()]);
        }
        meta.place.get_or_insert(place);
        if let Some(date) = d.date {
            put_date(meta, date, DateSource::Dateline);
        }
        if let Some(a) = d.agency {
            meta.agency = Some(a); // the dateline names the agency of record
        }
        let head = start..start + s[..d.span.end].trim_end().len();
        if d.span.end >= s.len() {
            paras[i] = Paragraph { span: head, role: ParaRole::Dateline(d.rule) };
        } else {
            paras[i].span.start = start + d.span.end;
            paras.insert(i, Paragraph { span: head, role: ParaRole::Dateline(d.rule) });
        }
    }
    // A month-day date gets the year of a full date with the same month and day.
    if let Some(d) = &meta.date {
        if d.starts_with("--") {
            if let Some(c) = p.iso_date.captures(text) {
                if format!("--{}-{}", &c[2], &c[3]) == *d {
                    meta.date = Some(format!("{}-{}-{}", &c[1], &c[2], &c[3]));
                }
            }
        }
    }
    dates::settle(meta);

    // Title and decks: unpunctuated lines before the first body paragraph.
    let mut first = true;
    for para in paras.iter_mut() {
        if para.role != ParaRole::Body {
            continue;
        }
        let s = &text[para.span.clone()];
        if punctuated(s) && !first {
            break;
        }
        if first {
            let headline_like = headline_like(s);
            if headline_like {
                para.role = ParaRole::Title;
                meta.title.get_or_insert_with(|| s.to_string());
            }
            first = false;
            if !headline_like {
                break;
            }
            continue;
        }
        para.role = ParaRole::Deck;
    }
    paras
}

/// A headline or deck line rather than a story's sentence: unpunctuated, or a short title-case
/// line ending in a full stop with no quotation.
fn headline_like(s: &str) -> bool {
    !punctuated(s) || (word_count(s) <= 20 && !s.contains(['"', '\u{201c}']) && s.ends_with('.') && is_title_case(s))
}

/// Most words capitalised, as in a headline ("Stealth Over Health: Hillary Clinton Was …").
fn is_title_case(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().filter(|w| w.len() > 3).collect();
    !words.is_empty()
        && words.iter().filter(|w| w.chars().next().is_some_and(|c| c.is_uppercase())).count() * 4 >= words.len() * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(text: &str) -> (Vec<(String, ParaRole)>, DocumentMeta) {
        let mut meta = DocumentMeta::default();
        let p = clean(text, &mut meta);
        (p.into_iter().map(|p| (text[p.span].to_string(), p.role)).collect(), meta)
    }

    #[test]
    fn tass_dateline_becomes_metadata() {
        let (r, m) = roles("OSLO, May 3. /TASS/. The minister arrived on Friday.\n");
        assert_eq!(r[0], ("OSLO, May 3. /TASS/.".to_string(), ParaRole::Dateline("TEXT/DATELINE/MONTH_DAY")));
        assert_eq!(r[1], ("The minister arrived on Friday.".to_string(), ParaRole::Body));
        assert_eq!(m.date_source.as_deref(), Some("dateline"));
        assert_eq!(m.place.as_deref(), Some("OSLO"));
        assert_eq!(m.date.as_deref(), Some("--05-03"));
        assert_eq!(m.agency.as_deref(), Some("TASS"));
    }

    #[test]
    fn reuters_dateline_and_byline() {
        let (r, m) = roles("PARIS (Reuters) - Talks resumed on Monday, officials said.\n--AFP\n");
        assert_eq!(r[0].1, ParaRole::Dateline("TEXT/DATELINE/AGENCY"));
        assert_eq!(r[1].0, "Talks resumed on Monday, officials said.");
        assert_eq!(m.agency.as_deref(), Some("Reuters"));
        assert!(matches!(r[2].1, ParaRole::Dropped(_)));
    }

    #[test]
    fn paywall_block_is_dropped() {
        let text = "The talks went well, the minister said.\nYou have read 3 free articles this month.\nSubscribe today\n\u{20ac}5\n1 Year\nDaily briefings for readers\n";
        let (r, _) = roles(text);
        assert_eq!(r[0].1, ParaRole::Body);
        assert!(r[1..].iter().all(|(_, role)| *role == ParaRole::Dropped("CLEAN/PAYWALL/1")), "{r:?}");
    }

    #[test]
    fn read_also_credit_caption_label() {
        let text = "Politics\nMinister Jane Roe\n\u{a9} Photo/Someone Else\nMinister Jane Roe\n\nRead also\nMinister visits a farm in the north\nThe minister said the farm was fine.\n";
        let (r, _) = roles(text);
        let kept: Vec<&str> = r.iter().filter(|(_, role)| !matches!(role, ParaRole::Dropped(_))).map(|(s, _)| s.as_str()).collect();
        assert_eq!(kept, vec!["The minister said the farm was fine."]);
    }

    #[test]
    fn date_line_and_title() {
        let (r, m) = roles(" date 2018-06-01 Politics\nSomething happens in a city\nMAPUTO, June 1. /TASS/. It happened.\n");
        assert_eq!(m.date.as_deref(), Some("2018-06-01"));
        assert_eq!(m.date_source.as_deref(), Some("header"));
        assert_eq!(r[1].1, ParaRole::Title);
        assert_eq!(r[2].1, ParaRole::Dateline("TEXT/DATELINE/MONTH_DAY"));
        assert_eq!(r[3].0, "It happened.");
    }

    fn roles_named(id: &str, text: &str) -> (Vec<(String, ParaRole)>, DocumentMeta) {
        let mut meta = DocumentMeta { id: id.into(), ..Default::default() };
        let p = clean(text, &mut meta);
        (p.into_iter().map(|p| (text[p.span].to_string(), p.role)).collect(), meta)
    }

    #[test]
    fn a_dateline_line_of_its_own_is_not_a_label_nor_a_title() {
        // Reuters archive style (CoNLL-2003): headline, dateline with an ISO date, story.
        let text = "SOCCER - JAPAN GET LUCKY WIN, CHINA IN SURPRISE DEFEAT.\nAL-AIN, United Arab Emirates 1996-12-06\nJapan began the defence of their Asian Cup title with a lucky 2-1 win.\n";
        let (r, m) = roles(text);
        assert_eq!(r[1], ("AL-AIN, United Arab Emirates 1996-12-06".to_string(), ParaRole::Dateline("TEXT/DATELINE/ISO")));
        assert_eq!(r[2].1, ParaRole::Body);
        assert_eq!(m.place.as_deref(), Some("AL-AIN, United Arab Emirates"));
        assert_eq!((m.date.as_deref(), m.date_source.as_deref()), (Some("1996-12-06"), Some("dateline")));
        let (r, m) = roles("ROME 1996-12-06\nItaly's coach named his squad on Friday.\n");
        assert_eq!(r[0].1, ParaRole::Dateline("TEXT/DATELINE/ISO"));
        assert_eq!(m.place.as_deref(), Some("ROME"));
    }

    #[test]
    fn only_the_lead_can_hold_a_dateline() {
        let (r, m) = roles("Senate votes on the budget\nThe talks went well, officials said.\nWASHINGTON \u{2014} Later, the Senate voted.\n");
        assert!(r.iter().all(|(_, role)| !matches!(role, ParaRole::Dateline(_))), "{r:?}");
        assert_eq!(m.place, None);
    }

    #[test]
    fn dates_from_file_names_and_years_for_datelines() {
        let (_, m) = roles_named("nyt_20160914_trump.txt", "The talks went well, officials said.\n");
        assert_eq!((m.date.as_deref(), m.date_source.as_deref()), (Some("2016-09-14"), Some("filename")));
        // A dateline's month and day, with the year that puts it nearest to the file name's date.
        let (_, m) = roles_named("tass_2017-01-02.txt", "MOSCOW, December 31 (TASS) - Talks resumed.\n");
        assert_eq!((m.date.as_deref(), m.date_source.as_deref()), (Some("2016-12-31"), Some("dateline")));
        // A full date in the text beats the file name; an impossible name date is no date.
        let (_, m) = roles_named("x_20160914.txt", "ROME 1996-12-06\nThe squad was named.\n");
        assert_eq!(m.date.as_deref(), Some("1996-12-06"));
        let (_, m) = roles_named("x_20160231.txt", "The squad was named.\n");
        assert_eq!(m.date, None);
    }
}
