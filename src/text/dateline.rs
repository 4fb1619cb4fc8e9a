//! Datelines: the opening words of a news story that say where (and often when, and through
//! which agency) it was filed — "TOKYO, March 21. /TASS/.", "ROME 1996-12-06", "HOBART,
//! Australia 1996-12-07", "LONDON (Reuters) -", "WASHINGTON —", "NEW DELHI, Dec 1 (IANS)".
//!
//! The rules are data: `src/data/datelines.jsonl` holds named regular-expression parts, the
//! rules (id, pattern, examples) in the order they are tried, the agencies a title-case
//! dateline may name and the words that are never a dateline's place. The file is validated on
//! load with `file:line` errors, and every rule's examples run in the tests.
//!
//! A pattern match is a dateline only if it also passes these checks, the same for every rule:
//! * the place's first word is not a `not-place` word ("On March 3, …", "EXCLUSIVE —");
//! * a date, if any, exists (`1996-13-06` is refused; a month-day must exist in some year);
//! * a title-case place ("Moscow", not "MOSCOW") comes with a date or a known agency, so that
//!   "Donald Trump (R) said …" is not one;
//! * something marks it as a dateline: it is the whole paragraph, or it names an agency, has an
//!   ISO date, a dash, or a full stop right after its date;
//! * what follows starts like a sentence (not in lower case, and not an all-capitals headline).
//!
//! Clean-up ([`super::clean`]) makes the dateline a paragraph of its own (role
//! [`super::ParaRole::Dateline`] with the rule id), fills the document's place, date and agency,
//! and the mention finder makes its place (and region) entities of the document.

use regex::Regex;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

/// The built-in rule file.
pub const DATELINES_FILE: &str = "src/data/datelines.jsonl";
const BUILTIN: &str = include_str!("../data/datelines.jsonl");

/// A dateline found at the start of a paragraph. Spans are byte ranges of the paragraph text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// The id of the rule that found it (`TEXT/DATELINE/…`).
    pub rule: &'static str,
    /// The whole dateline, trailing punctuation and spaces included.
    pub span: Range<usize>,
    /// The place as written ("HOBART").
    pub place: Range<usize>,
    /// The region or country after the place, as written ("Australia", "N.C.").
    pub region: Option<Range<usize>>,
    /// `YYYY-MM-DD` when a year is given, else `--MM-DD`.
    pub date: Option<String>,
    /// The agency ("Reuters", "TASS").
    pub agency: Option<String>,
}

/// A bad line in a dateline rule file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct DatelineRuleError {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// An example a dateline rule carries.
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct DatelineExample {
    /// The paragraph.
    pub text: String,
    /// The rule must not fire on it.
    #[serde(default)]
    pub none: bool,
    /// The place it must find, as written.
    #[serde(default)]
    pub place: Option<String>,
    /// The region it must find.
    #[serde(default)]
    pub region: Option<String>,
    /// The date it must find.
    #[serde(default)]
    pub date: Option<String>,
    /// The agency it must find.
    #[serde(default)]
    pub agency: Option<String>,
    /// The paragraph after the dateline.
    #[serde(default)]
    pub rest: Option<String>,
}

/// A dateline rule.
#[derive(Debug)]
pub struct DatelineRule {
    /// Its id.
    pub id: String,
    /// What it matches.
    pub description: String,
    /// The compiled pattern.
    pub regex: Regex,
    /// Its examples.
    pub examples: Vec<DatelineExample>,
}

/// A set of dateline rules (see the module notes).
#[derive(Debug, Default)]
pub struct DatelineRules {
    /// The rules, in the order they are tried.
    pub rules: Vec<DatelineRule>,
    agencies: HashSet<String>,
    not_place: HashSet<String>,
}

#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
enum Line {
    Part { name: String, pattern: String },
    Rule { id: String, description: String, pattern: String, #[serde(default)] examples: Vec<DatelineExample> },
    Agency { names: Vec<String> },
    NotPlace { words: Vec<String> },
}

impl DatelineRules {
    /// Parses a rule file; errors name `file:line`.
    pub fn parse(file: &str, text: &str) -> Result<DatelineRules, DatelineRuleError> {
        let mut out = DatelineRules::default();
        let mut parts: HashMap<String, String> = HashMap::new();
        let part_ref = Regex::new(r"\{([A-Z_]+)\}").expect("a valid regex");
        for (i, raw) in text.lines().enumerate() {
            let err = |message: String| DatelineRuleError { file: file.to_string(), line: i + 1, message };
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match serde_json::from_str::<Line>(line).map_err(|e| err(e.to_string()))? {
                Line::Part { name, pattern } => {
                    Regex::new(&pattern).map_err(|e| err(format!("part {name}: {e}")))?;
                    parts.insert(name, pattern);
                }
                Line::Rule { id, description, pattern, examples } => {
                    if !id.starts_with("TEXT/DATELINE/") {
                        return Err(err(format!("rule id {id:?} must start with TEXT/DATELINE/")));
                    }
                    let mut missing = None;
                    let expanded = part_ref.replace_all(&pattern, |c: &regex::Captures| match parts.get(&c[1]) {
                        Some(p) => p.clone(),
                        None => {
                            missing = Some(c[1].to_string());
                            String::new()
                        }
                    });
                    if let Some(m) = missing {
                        return Err(err(format!("rule {id}: unknown part {{{m}}} (parts must come before the rules that use them)")));
                    }
                    let regex = Regex::new(&expanded).map_err(|e| err(format!("rule {id}: {e}")))?;
                    if !regex.capture_names().any(|n| n == Some("place")) {
                        return Err(err(format!("rule {id}: the pattern has no `place` group")));
                    }
                    if !expanded.starts_with('^') {
                        return Err(err(format!("rule {id}: the pattern must start with ^ (a dateline opens its paragraph)")));
                    }
                    out.rules.push(DatelineRule { id, description, regex, examples });
                }
                Line::Agency { names } => out.agencies.extend(names),
                Line::NotPlace { words } => out.not_place.extend(words.iter().map(|w| w.to_lowercase())),
            }
        }
        Ok(out)
    }

    /// The built-in rules (parsed once; the tests check that they are valid).
    pub fn builtin() -> &'static DatelineRules {
        static R: OnceLock<DatelineRules> = OnceLock::new();
        R.get_or_init(|| {
            DatelineRules::parse(DATELINES_FILE, BUILTIN).unwrap_or_else(|e| panic!("built-in dateline rules are invalid: {e}"))
        })
    }

    /// The dateline that opens `para`, if any, by the first rule that matches and passes the
    /// checks of the module notes.
    pub fn find(&'static self, para: &str) -> Option<Dateline> {
        self.rules.iter().find_map(|r| self.try_rule(r, para))
    }

    fn try_rule(&'static self, rule: &'static DatelineRule, para: &str) -> Option<Dateline> {
        let c = rule.regex.captures(para)?;
        let whole = c.get(0)?;
        let place = c.name("place")?;
        let first = place.as_str().split(' ').next().unwrap_or("").trim_end_matches('.');
        if self.not_place.contains(&first.to_lowercase()) {
            return None;
        }
        let date = date_of(&c)?;
        let agency = c.name("agency").map(|m| m.as_str().trim().to_string());
        let caps = place.as_str().chars().all(|ch| !ch.is_lowercase());
        let known_agency = agency.as_ref().is_some_and(|a| self.agencies.contains(a));
        if !caps && date.is_none() && !known_agency {
            return None;
        }
        let rest = para[whole.end()..].trim_start();
        let date_end = ["iso", "year", "day"].iter().filter_map(|g| c.name(g)).map(|m| m.end()).max();
        let full_stop = date_end.is_some_and(|e| para[e..whole.end()].trim_start().starts_with('.'));
        let after_place = c.name("region").map_or(place.end(), |r| r.end());
        let dash = para[after_place..whole.end()].contains(['-', '\u{2013}', '\u{2014}', ':']);
        if !(rest.is_empty() || agency.is_some() || c.name("iso").is_some() || dash || full_stop) {
            return None;
        }
        if rest.chars().next().is_some_and(|ch| ch.is_lowercase()) {
            return None;
        }
        let letters: Vec<char> = rest.chars().filter(|ch| ch.is_alphabetic()).take(40).collect();
        if letters.len() >= 8 && letters.iter().all(|ch| ch.is_uppercase()) {
            return None; // an all-capitals headline, not a story
        }
        // The span ends where the rest begins: trailing spaces belong to the dateline.
        let end = para.len() - rest.len();
        let span_end = if rest.is_empty() { para.trim_end().len() } else { end };
        Some(Dateline {
            rule: rule.id.as_str(),
            span: 0..span_end,
            place: place.range(),
            region: c.name("region").map(|m| m.range()),
            date,
            agency,
        })
    }
}

/// The date groups of a match: `Some(None)` when there is no date, `None` when there is one
/// that does not exist.
fn date_of(c: &regex::Captures) -> Option<Option<String>> {
    if let Some(iso) = c.name("iso") {
        return super::dates::Ymd::parse(iso.as_str()).map(|d| Some(d.to_string()));
    }
    let (Some(month), Some(day)) = (c.name("month"), c.name("day")) else { return Some(None) };
    let m = super::dates::month_number(month.as_str());
    let d: u32 = day.as_str().parse().ok()?;
    match c.name("year") {
        Some(y) => {
            let y: i32 = y.as_str().parse().ok()?;
            super::dates::Ymd::new(y, m, d).map(|x| Some(x.to_string()))
        }
        None => {
            let md = format!("--{m:02}-{d:02}");
            super::dates::month_day(&md).map(|_| Some(md))
        }
    }
}

/// The dateline that opens `para`, by the built-in rules.
pub fn find(para: &str) -> Option<Dateline> {
    DatelineRules::builtin().find(para)
}

/// A place written in capitals, in the usual case: "HO CHI MINH CITY" → "Ho Chi Minh City",
/// "AL-AIN" → "Al-Ain", "N'DJAMENA" → "N'Djamena". Other spellings are kept as written.
pub fn place_label(place: &str) -> String {
    if place.chars().any(|c| c.is_lowercase()) {
        return place.to_string();
    }
    let mut out = String::with_capacity(place.len());
    let mut start = true;
    for ch in place.chars() {
        if start {
            out.extend(ch.to_uppercase());
        } else {
            out.extend(ch.to_lowercase());
        }
        start = matches!(ch, ' ' | '-' | '\'' | '\u{2019}' | '.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_are_valid_and_their_examples_hold() {
        let rules = DatelineRules::builtin();
        assert!(rules.rules.len() >= 4);
        let mut checked = 0;
        for r in &rules.rules {
            assert!(!r.examples.is_empty(), "{} has no examples", r.id);
            for ex in &r.examples {
                let got = rules.try_rule(r, &ex.text);
                if ex.none {
                    // No rule at all may take it.
                    assert_eq!(rules.find(&ex.text), None, "{}: {:?} is not a dateline", r.id, ex.text);
                    continue;
                }
                let d = got.unwrap_or_else(|| panic!("{}: no dateline in {:?}", r.id, ex.text));
                assert_eq!(Some(&ex.text[d.place.clone()]), ex.place.as_deref(), "{}: place in {:?}", r.id, ex.text);
                assert_eq!(d.region.map(|s| &ex.text[s]), ex.region.as_deref(), "{}: region in {:?}", r.id, ex.text);
                assert_eq!(d.date, ex.date, "{}: date in {:?}", r.id, ex.text);
                assert_eq!(d.agency, ex.agency, "{}: agency in {:?}", r.id, ex.text);
                if let Some(rest) = &ex.rest {
                    assert_eq!(ex.text[d.span.end..].trim(), rest, "{}: rest of {:?}", r.id, ex.text);
                }
                // The first rule that fires is this one.
                assert_eq!(rules.find(&ex.text).map(|d| d.rule), Some(r.id.as_str()), "{:?}", ex.text);
                checked += 1;
            }
        }
        assert!(checked >= 15);
    }

    #[test]
    fn bad_rule_files_name_the_line() {
        let e = DatelineRules::parse("x.jsonl", "# c\n{\"kind\":\"rule\",\"id\":\"TEXT/DATELINE/X\",\"description\":\"d\",\"pattern\":\"^{NOPE}\"}\n").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("x.jsonl", 2));
        assert!(e.message.contains("unknown part"), "{e}");
        let e = DatelineRules::parse("x.jsonl", "{\"kind\":\"rule\",\"id\":\"X\",\"description\":\"d\",\"pattern\":\"^(?P<place>A)\"}").unwrap_err();
        assert!(e.message.contains("TEXT/DATELINE/"), "{e}");
        let e = DatelineRules::parse("x.jsonl", "{\"kind\":\"part\",\"name\":\"P\",\"pattern\":\"(\"}").unwrap_err();
        assert!(e.to_string().starts_with("x.jsonl:1: part P"), "{e}");
        let e = DatelineRules::parse("x.jsonl", "{\"kind\":\"rule\",\"id\":\"TEXT/DATELINE/X\",\"description\":\"d\",\"pattern\":\"^A\"}").unwrap_err();
        assert!(e.message.contains("no `place` group"), "{e}");
        assert!(DatelineRules::parse("x.jsonl", "{\"kind\":\"wat\"}").is_err());
    }

    #[test]
    fn labels() {
        assert_eq!(place_label("HO CHI MINH CITY"), "Ho Chi Minh City");
        assert_eq!(place_label("AL-AIN"), "Al-Ain");
        assert_eq!(place_label("ST. PETERSBURG"), "St. Petersburg");
        assert_eq!(place_label("Moscow"), "Moscow");
    }

    #[test]
    fn odd_text_never_panics() {
        for s in ["", " ", "A", "ROME ", "ROME 1996-12-0", "(", "\u{2014}", "É, Dec 1 (", "WASHINGTON —"] {
            let _ = find(s);
        }
    }
}
