//! Dates: a small proleptic-Gregorian calendar ([`Ymd`]), the date of a document and where it
//! came from ([`DateSource`]), and relative days in the text ("on Wednesday", "yesterday").
//!
//! # A document's date, in order of precedence
//!
//! 1. `jsonl` — the `date` field of a JSON-lines article (validated by [`input_date`]; a bad one
//!    is a warning naming `FILE:LINE` and is ignored);
//! 2. `header` — a `date YYYY-MM-DD` line at the top of the file;
//! 3. `dateline` — a dateline or timestamp line ("MOSCOW, December 1 (TASS) -", "ROME
//!    1996-12-06", "June 01, 11:45 UTC+3 BEIJING"). One without a year takes it from a full ISO
//!    date in the text with the same month and day, else from the file name's date (the year
//!    that puts it nearest to that date); with neither it stays `--MM-DD`;
//! 4. `filename` — a date in the file name (or JSON-lines id): `2016-09-14`, `2016_09_14`,
//!    `20160914`, also inside longer names (`nyt_20160914_trump.txt`), but only as a whole
//!    group of digits (not inside a hex id) and only if the day exists (years 1900–2099).
//!
//! A full date always beats a month-day one, and among full dates the earlier source wins.
//!
//! # Dates of statements and evidence
//!
//! An edge's evidence and a statement carry the document's date, unless their sentence names a
//! relative day, which [`relative_day`] resolves against the document's full date (source
//! `text`): "yesterday", "today", "tonight", "last night", "(on|this|last|next) Wednesday". A
//! bare or "on" weekday is the latest such day on or before the article's date (news reports
//! the past), or the next one on or after it when a future word comes a few words before it
//! ("will meet on Friday", "is scheduled for Monday"); "last Friday" is strictly before, "next
//! Friday" strictly after.
//! Weekdays in names ("Black Friday", "Super Tuesday") and in explicit dates ("Wednesday, Sept.
//! 14") are not relative days. Limit: the first relative day of the sentence is taken, whatever
//! clause it belongs to.

use super::tokens::{TokKind, Token};
use std::fmt;

/// A valid calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ymd {
    /// Year (1–9999).
    pub year: i32,
    /// Month (1–12).
    pub month: u32,
    /// Day of the month.
    pub day: u32,
}

/// Days in a month of a year; 0 for a month that does not exist.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    }
}

impl Ymd {
    /// The date, if it exists (years 1–9999).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Ymd> {
        ((1..=9999).contains(&year) && day >= 1 && day <= days_in_month(year, month)).then_some(Ymd { year, month, day })
    }

    /// Parses a strict ISO date `YYYY-MM-DD` (ASCII digits only).
    pub fn parse(s: &str) -> Option<Ymd> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Ymd::new(digits(&s[0..4])? as i32, digits(&s[5..7])?, digits(&s[8..10])?)
    }

    /// Days since 1970-01-01 (H. Hinnant's `days_from_civil`).
    fn days(self) -> i64 {
        let y = self.year as i64 - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (`civil_from_days`).
    fn from_days(z: i64) -> Ymd {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Ymd { year, month, day }
    }

    /// The date `n` days later (earlier for negative `n`); `None` outside years 1–9999.
    pub fn add_days(self, n: i64) -> Option<Ymd> {
        let d = Ymd::from_days(self.days() + n);
        Ymd::new(d.year, d.month, d.day)
    }

    /// Day of the week: 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.days() + 3).rem_euclid(7) as u32
    }
}

impl fmt::Display for Ymd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn digits(s: &str) -> Option<u32> {
    if !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()) { s.parse().ok() } else { None }
}

/// The number (1–12) of a month name or abbreviation, in any case ("Sept.", "DECEMBER", "jun");
/// 0 for anything else.
pub fn month_number(m: &str) -> u32 {
    let m = m.trim_end_matches('.').to_ascii_lowercase();
    const NAMES: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    if m.len() < 3 {
        return 0;
    }
    NAMES.iter().position(|n| m.starts_with(n)).map(|p| p as u32 + 1).unwrap_or(0)
}

/// Where a date came from (the `date_source` field of documents, statements and evidence).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DateSource {
    /// The `date` field of a JSON-lines article.
    Jsonl,
    /// A `date YYYY-MM-DD` line at the top of the file.
    Header,
    /// A dateline or timestamp line.
    Dateline,
    /// The file name (or JSON-lines id).
    Filename,
    /// A relative day in the sentence, resolved against the document's date.
    Text,
}

impl DateSource {
    /// The name written to the outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Jsonl => "jsonl",
            DateSource::Header => "header",
            DateSource::Dateline => "dateline",
            DateSource::Filename => "filename",
            DateSource::Text => "text",
        }
    }
}

/// The first date in a file name: `YYYY-MM-DD` (or with `_` / `.` between the parts) or
/// `YYYYMMDD`, as a whole group of digits (no letter or digit right before or after), years
/// 1900–2099, and a day that exists.
pub fn from_file_name(name: &str) -> Option<Ymd> {
    let b = name.as_bytes();
    let run = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let free = |i: usize| i >= b.len() || !b[i].is_ascii_alphanumeric();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let n = run(i);
        let found = if n == 8 && free(i + 8) {
            Some((&name[i..i + 4], &name[i + 4..i + 6], &name[i + 6..i + 8]))
        } else if n == 4 && i + 10 <= b.len() && matches!(b[i + 4], b'-' | b'_' | b'.') && b[i + 7] == b[i + 4] {
            (run(i + 5) == 2 && run(i + 8) == 2 && free(i + 10)).then(|| (&name[i..i + 4], &name[i + 5..i + 7], &name[i + 8..i + 10]))
        } else {
            None
        };
        if let Some((y, m, d)) = found {
            if let (Some(y), Some(m), Some(d)) = (digits(y), digits(m), digits(d)) {
                if (1900..=2099).contains(&y) {
                    if let Some(date) = Ymd::new(y as i32, m, d) {
                        return Some(date);
                    }
                }
            }
        }
        i += n;
    }
    None
}

/// Validates the `date` of a JSON-lines article: `YYYY-MM-DD`, optionally followed by a time
/// (`2016-09-14T10:00:00Z`, `2016-09-14 10:00`), or `YYYYMMDD`. Returns the `YYYY-MM-DD` date,
/// or what is wrong.
pub fn input_date(s: &str) -> Result<String, String> {
    let t = s.trim();
    let day = if t.len() == 8 && t.bytes().all(|c| c.is_ascii_digit()) {
        Ymd::new(digits(&t[0..4]).unwrap_or(0) as i32, digits(&t[4..6]).unwrap_or(0), digits(&t[6..8]).unwrap_or(0))
    } else {
        let head = t.get(..10).unwrap_or(t);
        let rest = t.get(10..).unwrap_or("");
        let time_ok = rest.is_empty() || rest.starts_with(['T', 't', ' ']);
        Ymd::parse(head).filter(|_| time_ok)
    };
    day.map(|d| d.to_string()).ok_or_else(|| format!("invalid date {s:?} (expected YYYY-MM-DD, a real day), ignored"))
}

/// Validates a date bound for a query (`--since`, `--until`): `YYYY`, `YYYY-MM` or
/// `YYYY-MM-DD`, with a month and day that exist.
pub fn query_bound(s: &str) -> Result<String, String> {
    let t = s.trim();
    let bad = || format!("invalid date {s:?}: expected YYYY, YYYY-MM or YYYY-MM-DD (a real month and day)");
    let b = t.as_bytes();
    let ok = match b.len() {
        4 => digits(t).is_some_and(|y| y >= 1),
        7 => b[4] == b'-' && digits(&t[..4]).is_some_and(|y| y >= 1) && digits(&t[5..]).is_some_and(|m| (1..=12).contains(&m)),
        10 => Ymd::parse(t).is_some(),
        _ => false,
    };
    if ok { Ok(t.to_string()) } else { Err(bad()) }
}

/// The month and day of a `--MM-DD` date.
pub fn month_day(s: &str) -> Option<(u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 7 || !s.starts_with("--") || b[4] != b'-' {
        return None;
    }
    let (m, d) = (digits(&s[2..4])?, digits(&s[5..7])?);
    // 29 February exists in some year
    (d >= 1 && d <= days_in_month(2000, m)).then_some((m, d))
}

/// The date with this month and day nearest to `near` (its year, the one before or after).
pub fn nearest_year(month: u32, day: u32, near: Ymd) -> Option<Ymd> {
    [near.year - 1, near.year, near.year + 1]
        .into_iter()
        .filter_map(|y| Ymd::new(y, month, day))
        .min_by_key(|d| (d.days() - near.days()).abs())
}

/// Completes a document's date from its name, after the text has given what it gives (see the
/// module notes): no date → the name's date (`filename`); a month-day → the year that puts it
/// nearest to the name's date (the source stays `dateline`).
pub fn settle(meta: &mut crate::model::DocumentMeta) {
    let Some(named) = from_file_name(&meta.id) else { return };
    match meta.date.as_deref() {
        None => {
            meta.date = Some(named.to_string());
            meta.date_source = Some(DateSource::Filename.as_str().to_string());
        }
        Some(d) => {
            if let Some(full) = month_day(d).and_then(|(m, day)| nearest_year(m, day, named)) {
                meta.date = Some(full.to_string());
            }
        }
    }
}

const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const MONTH_WORDS: [&str; 24] = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];
/// Words that put a weekday a few words after them in the future ("will meet on Monday").
const FUTURE: [&str; 5] = ["will", "'ll", "shall", "scheduled", "due"];
/// How many tokens before a weekday a [`FUTURE`] word counts.
const FUTURE_WINDOW: usize = 6;
/// Words before a weekday that belong to the expression, not to a name.
const LEADS: [&str; 6] = ["on", "last", "next", "this", "since", "until"];

/// The day a sentence's first relative day expression stands for, given the article's date;
/// tokens for which `skip` says true are ignored (e.g. the content of a statement, when the
/// statement's own date is wanted). See the module notes for the rules.
pub fn relative_day(toks: &[Token], article: Ymd, skip: impl Fn(&Token) -> bool) -> Option<Ymd> {
    let word = |i: usize| toks.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    let future = |i: usize| {
        let w = &toks[i.saturating_sub(FUTURE_WINDOW)..i];
        w.iter().any(|t| FUTURE.contains(&t.lower.as_str())) || w.windows(2).any(|p| p[0].lower == "going" && p[1].lower == "to")
    };
    for (i, t) in toks.iter().enumerate() {
        if t.kind != TokKind::Word || skip(t) {
            continue;
        }
        let prev = if i > 0 { word(i - 1) } else { "" };
        let offset = match t.lower.as_str() {
            "yesterday" => Some(-1),
            "today" | "tonight" => Some(0),
            "tomorrow" => Some(1),
            "night" if prev == "last" => Some(-1),
            "morning" | "afternoon" | "evening" if prev == "this" => Some(0),
            _ => None,
        };
        if let Some(n) = offset {
            return article.add_days(n);
        }
        let Some(wd) = WEEKDAYS.iter().position(|w| *w == t.lower) else { continue };
        if !t.is_capitalized() {
            continue;
        }
        // "Black Friday", "Super Tuesday": a capitalised word before that is not the sentence's
        // first word nor a lead word.
        if i > 0 && toks[i - 1].is_capitalized() && toks[i - 1].kind == TokKind::Word && !LEADS.contains(&prev) && i - 1 > 0 {
            continue;
        }
        // "Wednesday, Sept. 14" / "Wednesday 14 September": an explicit date, not a relative day.
        let mut j = i + 1;
        if word(j) == "," {
            j += 1;
        }
        let next = word(j).trim_end_matches('.');
        if MONTH_WORDS.contains(&next) || toks.get(j).is_some_and(|n| n.kind == TokKind::Number) {
            continue;
        }
        let (a, w) = (article.weekday() as i64, wd as i64);
        let back = (a - w).rem_euclid(7); // days back to the latest such weekday (0 = today)
        let fwd = (w - a).rem_euclid(7);
        let n = match prev {
            "last" => -(if back == 0 { 7 } else { back }),
            "next" => if fwd == 0 { 7 } else { fwd },
            _ if future(i) => fwd,
            _ => -back,
        };
        return article.add_days(n);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Ymd {
        Ymd::parse(s).unwrap()
    }

    fn rel(text: &str, article: &str) -> Option<String> {
        let mut toks = Vec::new();
        super::super::tokens::tokenize_into(text, 0..text.len(), &mut toks);
        relative_day(&toks, d(article), |_| false).map(|x| x.to_string())
    }

    #[test]
    fn calendar() {
        assert_eq!(Ymd::new(2016, 2, 29).map(|x| x.to_string()).as_deref(), Some("2016-02-29"));
        assert_eq!(Ymd::new(2015, 2, 29), None);
        assert_eq!(Ymd::new(1900, 2, 29), None);
        assert_eq!(Ymd::new(2000, 2, 29).is_some(), true);
        assert_eq!(Ymd::new(2016, 13, 1), None);
        assert_eq!(Ymd::parse("2016-13-45"), None);
        assert_eq!(Ymd::parse("２０16-01-01"), None);
        assert_eq!(d("2016-09-14").weekday(), 2); // a Wednesday
        assert_eq!(d("1970-01-01").weekday(), 3);
        assert_eq!(d("2016-03-01").add_days(-1), Some(d("2016-02-29")));
        assert_eq!(d("2016-12-31").add_days(1), Some(d("2017-01-01")));
        for s in ["0001-01-01", "1600-02-29", "2024-12-31", "9999-12-31"] {
            assert_eq!(Ymd::from_days(d(s).days()), d(s));
        }
    }

    #[test]
    fn file_names() {
        let f = |s: &str| from_file_name(s).map(|x| x.to_string());
        assert_eq!(f("breitbart_2016-09-12_stealth-over-health.txt").as_deref(), Some("2016-09-12"));
        assert_eq!(f("nyt_20160914_trump.txt").as_deref(), Some("2016-09-14"));
        assert_eq!(f("20160914.txt").as_deref(), Some("2016-09-14"));
        assert_eq!(f("2016_09_14-story.md").as_deref(), Some("2016-09-14"));
        assert_eq!(f("x-2016-02-30-y.txt"), None, "impossible day");
        assert_eq!(f("a-20161345.txt"), None, "impossible month");
        assert_eq!(f("000_44cb8afd01e9714f.txt"), None);
        assert_eq!(f("id_a20160914b.txt"), None, "digits inside an id");
        assert_eq!(f("123201609145.txt"), None, "a longer number");
        assert_eq!(f("2016-09-14-01.txt").as_deref(), Some("2016-09-14"));
        assert_eq!(f("12345678.txt"), None, "year out of range");
        assert_eq!(f("2016-9-14.txt"), None);
        assert_eq!(f("bad_2016-02-30_then_20160301.txt").as_deref(), Some("2016-03-01"));
    }

    #[test]
    fn input_and_query_dates() {
        assert_eq!(input_date("2016-09-14"), Ok("2016-09-14".into()));
        assert_eq!(input_date("2016-09-14T10:00:00Z"), Ok("2016-09-14".into()));
        assert_eq!(input_date(" 20160914 "), Ok("2016-09-14".into()));
        assert!(input_date("2016-13-45").is_err());
        assert!(input_date("14/09/2016").is_err());
        assert!(input_date("2016-09-14garbage").is_err());
        assert_eq!(query_bound("2016"), Ok("2016".into()));
        assert_eq!(query_bound("2016-09"), Ok("2016-09".into()));
        assert!(query_bound("2016-13").is_err());
        assert!(query_bound("2016-13-45").is_err());
        assert!(query_bound("2016-02-30").is_err());
        assert!(query_bound("yesterday").is_err());
    }

    #[test]
    fn years_for_month_days() {
        assert_eq!(month_day("--12-31"), Some((12, 31)));
        assert_eq!(month_day("--02-29"), Some((2, 29)));
        assert_eq!(month_day("--02-30"), None);
        assert_eq!(nearest_year(12, 31, d("2017-01-02")), Some(d("2016-12-31")));
        assert_eq!(nearest_year(9, 14, d("2016-09-15")), Some(d("2016-09-14")));
        assert_eq!(nearest_year(2, 29, d("2017-03-01")), Some(d("2016-02-29")));
    }

    #[test]
    fn relative_days() {
        // 2016-09-14 is a Wednesday.
        assert_eq!(rel("Clinton said on Monday that she was fine.", "2016-09-14").as_deref(), Some("2016-09-12"));
        assert_eq!(rel("Clinton said Wednesday that she was fine.", "2016-09-14").as_deref(), Some("2016-09-14"));
        assert_eq!(rel("He spoke last Wednesday.", "2016-09-14").as_deref(), Some("2016-09-07"));
        assert_eq!(rel("He spoke last Friday.", "2016-09-14").as_deref(), Some("2016-09-09"));
        assert_eq!(rel("They will meet on Friday.", "2016-09-14").as_deref(), Some("2016-09-16"));
        assert_eq!(rel("They meet next Wednesday.", "2016-09-14").as_deref(), Some("2016-09-21"));
        assert_eq!(rel("Yesterday the talks ended.", "2016-03-01").as_deref(), Some("2016-02-29"));
        assert_eq!(rel("The minister arrived last night.", "2016-01-01").as_deref(), Some("2015-12-31"));
        assert_eq!(rel("Shops opened early on Black Friday.", "2016-11-30"), None);
        assert_eq!(rel("He won Super Tuesday easily.", "2016-03-10"), None);
        assert_eq!(rel("The vote is on Wednesday, Sept. 21.", "2016-09-14"), None);
        assert_eq!(rel("The talks went well.", "2016-09-14"), None);
        assert_eq!(rel("Monday was quiet.", "2016-09-14").as_deref(), Some("2016-09-12"));
        assert_eq!(rel("He said on Monday that he will run next year.", "2016-09-14").as_deref(), Some("2016-09-12"));
        assert_eq!(rel("The vote is scheduled for Friday.", "2016-09-14").as_deref(), Some("2016-09-16"));
    }
}
