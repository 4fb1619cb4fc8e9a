//! Language data: gazetteers, titles, names, head words, reporting cues and action verbs.
//!
//! All of it lives in JSON-lines files under `src/data/` (embedded with `include_str!`), one
//! entry per line with a `kind` field; users add to it (or replace it) at run time with
//! `--lexicon FILE` in the same format. Every line is validated on load; a bad line is an error
//! naming `file:line` and what is wrong — never a silent default. Kinds:
//!
//! | kind | fields | what it does |
//! |---|---|---|
//! | `entity` | `name`, `type`, `aliases`, `demonyms`, `capitals`, `id` | a known entity; aliases in ALL CAPS match case-sensitively, lower-case names ("six-party talks") match in any case, others need a capital |
//! | `title` | `words`, `head`, `classes`, `country`, `national`, `gender` | a title word: `head` titles name a person ("minister"), non-head ones only modify ("deputy"); `country` (an entity id defined before) is the country the title implies ("home secretary" → `united-kingdom`); `national` marks a national office, whose country the person's or the document's fills in; `gender` (m/f) a title that names a man or a woman ("congresswoman", "king") |
//! | `name` | `name`, `gender`, `variants`, `family` | a given name (or, with `family`, a family name written first); variants share one id |
//! | `head` | `word`, `type` | the head word of a name chunk types it ("Club" → Organization) |
//! | `institution` | `words` | a national institution ("government", "foreign ministry"): after a country's name or demonym ("the Russian government", "China's Foreign Ministry", "the foreign ministry of China") it names one Organization, labelled with the country's first demonym ("Russian Government", "Chinese Foreign Ministry"), whichever way it was written |
//! | `word` | `word`, `class` | closed-class words: `pronoun-m`, `pronoun-f`, `pronoun-n`, `not-name`, `locative`, `aux`, `negation`, `modal`, `determiner`, `speaker` (heads an unnamed speaker: "officials"), `document` (a text that speaks: "the report said"), `authored` (a text through which its owner speaks: "Cornyn's statement said" is Cornyn), `honorific(-m/-f)`, `name-suffix` ("Jr."), `sport-verb`/`sport-noun` (a place that beats, signs or has a striker is a club); for the action rules `light` ("held talks"), `intent` ("plans to"), `demand` ("urged X to"), `refusal` ("refused to"), `irrealis` ("a planned visit") … (see [`WORD_CLASSES`]) |
//! | `cue` | `cue`, `class` | a reporting cue (`speech`, `according`, `belief`, `denial`; `finding`: "the report found", a statement only when a text speaks) |
//! | `action` | `id`, `relation`, `verbs`, `nouns`, `subject`, `object`, `except`, `edge_kind`, `examples` | verbs (lemmas, multi-word allowed) and nouns ("proposal", "visit") that map to a canonical relation |
//! | `rule` | `id`, `description`, `examples` | documents a code-driven rule and carries its examples |
//! | `nickname` | `name`, `nicknames` | common short forms of a given name ("Joseph": "Joe", "Joey"); cross-document identity joins "Joe Biden" and "Joseph R. Biden Jr." |

use crate::model::NodeType;
use crate::text::tokens::tokenize_into;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

/// The hash maps of the lexicon: looked up several times per token, so they use a fast hasher
/// (foldhash) instead of SipHash. Only `get`/`contains` are used on them outside this module.
pub type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
/// See [`Map`].
pub type Set<K> = HashSet<K, foldhash::fast::RandomState>;
use std::path::Path;
use std::sync::OnceLock;

/// A lexicon file problem, with `file:line`.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// A line that does not parse or does not validate.
    #[error("{file}:{line}: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The file could not be read.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// The file.
        file: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// An example a rule carries: a text and the edges (`[source, relation, target]`) it must yield,
/// or must not yield (`absent`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RuleExample {
    /// The text.
    pub text: String,
    /// Edges that must appear: `[source label, relation, target label]`.
    #[serde(default)]
    pub edges: Vec<[String; 3]>,
    /// Edges that must not appear.
    #[serde(default)]
    pub absent: Vec<[String; 3]>,
    /// Statements that must appear: `[speaker label, start of content]`.
    #[serde(default)]
    pub statements: Vec<[String; 2]>,
    /// Statements that must not appear: `[speaker label, start of content]` (no statement of
    /// that content by that speaker, by any rule).
    #[serde(default)]
    pub absent_statements: Vec<[String; 2]>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityLine {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    demonyms: Vec<String>,
    #[serde(default)]
    capitals: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TitleLine {
    words: String,
    #[serde(default)]
    head: bool,
    #[serde(default)]
    classes: Vec<String>,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    national: bool,
    /// m or f: the title names a man or a woman ("congresswoman", "king").
    #[serde(default)]
    gender: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NameLine {
    name: String,
    #[serde(default)]
    gender: Option<String>,
    #[serde(default)]
    variants: Vec<String>,
    #[serde(default)]
    family: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HeadLine {
    word: String,
    #[serde(rename = "type")]
    ty: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InstitutionLine {
    words: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WordLine {
    word: String,
    class: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CueLine {
    cue: String,
    class: String,
}

/// An action rule: verbs that map to one canonical relation.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ActionRule {
    /// Rule id (`ACTION/PROPOSES/1`).
    pub id: String,
    /// Canonical relation (`proposes`).
    pub relation: String,
    /// Verb lemmas or phrases ("come up with", "put forward", "hold talks with").
    pub verbs: Vec<String>,
    /// Nouns (lemmas) that name the same act after a light verb or as a nominal ("made a
    /// proposal to", "Lavrov's visit to Pyongyang", "following talks with").
    #[serde(default)]
    pub nouns: Vec<String>,
    /// The node types the subject may have (empty: any): "the six-party talks, which involve
    /// Japan" — an `involves` subject is an Event, Organization or Concept, so a relative clause
    /// the parser hung on a place ("the Korean Peninsula, which involved …") climbs to the talks.
    #[serde(default)]
    pub subject: Vec<String>,
    /// The node types the object may have (empty: any): one "meets" a person or a country,
    /// not "sales targets".
    #[serde(default)]
    pub object: Vec<String>,
    /// Object head words (lemmas) that make the phrase an idiom of another sense ("give birth",
    /// "pay tribute"): no fact.
    #[serde(default)]
    pub except: Vec<String>,
    /// Edge kind: `action` (default) or `membership`.
    #[serde(default)]
    pub edge_kind: Option<String>,
    /// Examples the tests run.
    #[serde(default)]
    pub examples: Vec<RuleExample>,
}

/// A code-driven rule's documentation and examples.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RuleDoc {
    /// Rule id.
    pub id: String,
    /// What it does.
    pub description: String,
    /// Examples the tests run.
    #[serde(default)]
    pub examples: Vec<RuleExample>,
}

#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Line {
    Entity(EntityLine),
    Title(TitleLine),
    Name(NameLine),
    Head(HeadLine),
    Institution(InstitutionLine),
    Word(WordLine),
    Cue(CueLine),
    Action(ActionRule),
    Rule(RuleDoc),
    Nickname(NicknameLine),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NicknameLine {
    name: String,
    nicknames: Vec<String>,
}

/// A gazetteer entity.
#[derive(Debug, Clone, PartialEq)]
pub struct GazEntity {
    /// Canonical name.
    pub name: String,
    /// Type.
    pub node_type: NodeType,
    /// Stable id.
    pub id: String,
}

/// How a gazetteer phrase refers to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// The name or an alias.
    Name,
    /// A demonym ("Russian").
    Demonym,
    /// A capital city ("Moscow").
    Capital,
}

/// A gazetteer phrase, tokenised.
#[derive(Debug, Clone)]
pub struct Phrase {
    /// Lower-cased normalised tokens.
    pub tokens: Vec<String>,
    /// Original-case tokens (for case-sensitive phrases).
    pub exact: Vec<String>,
    /// Entity index.
    pub entity: usize,
    /// How it refers.
    pub form: Form,
    /// Match case exactly (abbreviations).
    pub case_sensitive: bool,
    /// May match without a capital ("six-party talks").
    pub lowercase_ok: bool,
}

/// A title word or phrase.
#[derive(Debug, Clone, PartialEq)]
pub struct Title {
    /// Lower-cased tokens.
    pub tokens: Vec<String>,
    /// Names a person by itself ("minister"), or only modifies ("deputy").
    pub head: bool,
    /// Classes used by descriptions ("diplomat", "leader").
    pub classes: Vec<String>,
    /// The country the title itself implies ("Home Secretary" → the United Kingdom): an index
    /// into [`Lexicon::entities`].
    pub country: Option<usize>,
    /// A national office ("prime minister", "foreign minister"): with nothing in the phrase to
    /// say of where, the person's own or the document's country is meant.
    pub national: bool,
    /// The gender the title says ("congresswoman", "king"); mostly unknown.
    pub gender: Gender,
}

/// Gender of a given name or pronoun.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Gender {
    /// Male.
    Male,
    /// Female.
    Female,
    /// Unknown or either.
    Unknown,
}

/// A reporting cue.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    /// Lower-cased tokens of the cue, first token inflected forms expanded.
    pub tokens: Vec<String>,
    /// `speech`, `according`, `belief` or `denial`.
    pub class: String,
}

/// All language data.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Gazetteer entities.
    pub entities: Vec<GazEntity>,
    entity_by_name: Map<String, usize>,
    /// Gazetteer phrases by first lower-cased token, longest first.
    pub phrases: Map<String, Vec<Phrase>>,
    /// Capital entity index → country entity index.
    pub capital_of: Map<usize, usize>,
    /// Titles by first token, longest first.
    pub titles: Map<String, Vec<Title>>,
    /// Given names (lower) → gender.
    pub first_names: Map<String, Gender>,
    /// Family names written first (lower): "kim", "moon".
    pub family_first: Set<String>,
    /// Spelling variants (lower) → canonical spelling (lower).
    pub variants: Map<String, String>,
    /// Head words (lower) → type.
    pub heads: Map<String, NodeType>,
    /// National institutions (lower tokens), longest first.
    pub institutions: Vec<Vec<String>>,
    /// Entity index → its first demonym ("Russian"), for the labels of its institutions.
    pub demonym_of: Map<usize, String>,
    /// Closed-class words (lower) → their classes, a bit set over [`WORD_CLASSES`].
    pub words: Map<String, u32>,
    /// Reporting cues by first token (inflected), longest first.
    pub cues: Map<String, Vec<Cue>>,
    /// Action rules.
    pub actions: Vec<ActionRule>,
    /// Verb phrase (inflected, lower tokens) → action rule index, by first token, longest first.
    pub verb_index: Map<String, Vec<(Vec<String>, usize)>>,
    /// Action noun (lemma, lower) → action rule index (the first rule that lists it).
    pub noun_index: Map<String, usize>,
    /// Code-driven rules' documentation.
    pub rules: Vec<RuleDoc>,
    /// Nicknames (lower) → the formal given names they shorten ("bill" → ["william"]).
    pub nicknames: Map<String, Vec<String>>,
}

/// The closed word classes of `word` entries; a word's classes are a bit set over this list.
pub const WORD_CLASSES: &[&str] = &[
    "pronoun-m", "pronoun-f", "pronoun-n", "pronoun-p", "not-name", "locative", "aux", "negation", "modal",
    "determiner", "preposition", "conjunction", "relative", "adverb", "time", "speaker", "honorific",
    "honorific-m", "honorific-f", "document", "authored", "name-suffix", "not-concept", "light", "intent", "demand",
    "refusal", "irrealis", "sport-verb", "sport-noun",
];

/// The bit of a word class in [`Lexicon::words`].
pub fn class_bit(class: &str) -> Option<u32> {
    WORD_CLASSES.iter().position(|c| *c == class).map(|i| 1u32 << i)
}

const BUILTIN: &[(&str, &str)] = &[
    ("countries.jsonl", include_str!("data/countries.jsonl")),
    ("entities.jsonl", include_str!("data/entities.jsonl")),
    ("us-states-ap.jsonl", include_str!("data/us-states-ap.jsonl")),
    ("titles.jsonl", include_str!("data/titles.jsonl")),
    ("names.jsonl", include_str!("data/names.jsonl")),
    ("heads.jsonl", include_str!("data/heads.jsonl")),
    ("words.jsonl", include_str!("data/words.jsonl")),
    ("cues.jsonl", include_str!("data/cues.jsonl")),
    ("actions.jsonl", include_str!("data/actions.jsonl")),
    ("rules.jsonl", include_str!("data/rules.jsonl")),
    ("speakers.jsonl", include_str!("data/speakers.jsonl")),
    ("honorifics.jsonl", include_str!("data/honorifics.jsonl")),
    ("nicknames.jsonl", include_str!("data/nicknames.jsonl")),
];

/// Lower-cased normalised tokens of a phrase, as the tokenizer makes them.
pub fn phrase_tokens(s: &str) -> Vec<(String, String)> {
    let mut toks = Vec::new();
    tokenize_into(s, 0..s.len(), &mut toks);
    toks.into_iter().map(|t| (t.lower, t.norm)).collect()
}

/// A slug: lower-case ASCII letters and digits joined by `-`.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let folded = crate::text::normalize(s);
    for c in folded.chars() {
        let c = fold_char(c);
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() && c != '\'' && c != '.' {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

fn fold_char(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ç' | 'Ç' | 'č' | 'Č' | 'ć' => 'c',
        'ñ' | 'Ñ' | 'ń' => 'n',
        'š' | 'Š' | 'ś' | 'ş' => 's',
        'ž' | 'Ž' | 'ź' | 'ż' => 'z',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'ł' | 'Ł' => 'l',
        'ğ' => 'g',
        'ř' => 'r',
        c => c,
    }
}

/// Inflected forms of an English verb lemma (regular rules plus a table of irregular verbs;
/// over-generation such as "visitted" is harmless, it never matches).
pub fn verb_forms(lemma: &str) -> Vec<String> {
    const IRREGULAR: &[(&str, &[&str])] = &[
        ("be", &["is", "are", "was", "were", "been", "being", "am"]),
        ("have", &["has", "had", "having"]),
        ("do", &["does", "did", "done", "doing"]),
        ("come", &["came"]),
        ("put", &["put"]),
        ("hold", &["held"]),
        ("meet", &["met"]),
        ("pay", &["paid"]),
        ("take", &["took", "taken"]),
        ("give", &["gave", "given"]),
        ("make", &["made"]),
        ("say", &["said"]),
        ("tell", &["told"]),
        ("lead", &["led"]),
        ("send", &["sent"]),
        ("seek", &["sought"]),
        ("bring", &["brought"]),
        ("begin", &["began", "begun"]),
        ("speak", &["spoke", "spoken"]),
        ("write", &["wrote", "written"]),
        ("win", &["won"]),
        ("buy", &["bought"]),
        ("sell", &["sold"]),
        ("leave", &["left"]),
        ("build", &["built"]),
        ("keep", &["kept"]),
        ("find", &["found"]),
        ("choose", &["chose", "chosen"]),
        ("fight", &["fought"]),
        ("hit", &["hit"]),
        ("set", &["set"]),
        ("cut", &["cut"]),
        ("strike", &["struck", "stricken"]),
        ("think", &["thought"]),
        ("teach", &["taught"]),
        ("catch", &["caught"]),
        ("steal", &["stole", "stolen"]),
        ("break", &["broke", "broken"]),
        ("forgive", &["forgave", "forgiven"]),
        ("beat", &["beaten"]),
        ("shoot", &["shot"]),
        ("undertake", &["undertook", "undertaken"]),
        ("withdraw", &["withdrew", "withdrawn"]),
        ("overtake", &["overtook", "overtaken"]),
        ("forbid", &["forbade", "forbidden"]),
        ("draw", &["drew", "drawn"]),
        ("show", &["shown"]),
        ("see", &["saw", "seen", "seeing"]),
        ("go", &["went", "gone", "goes"]),
        ("run", &["ran"]),
        ("know", &["knew", "known"]),
        ("grow", &["grew", "grown"]),
        ("throw", &["threw", "thrown"]),
        ("swear", &["swore", "sworn"]),
        ("sign", &["signed"]),
        ("lose", &["lost"]),
        ("spend", &["spent"]),
        ("lend", &["lent"]),
        ("feel", &["felt"]),
        ("hear", &["heard"]),
        ("understand", &["understood"]),
        ("get", &["got", "gotten"]),
        ("stand", &["stood"]),
        ("rise", &["rose", "risen"]),
        ("drive", &["drove", "driven"]),
        ("ride", &["rode", "ridden"]),
        ("flee", &["fled"]),
        ("bear", &["bore", "borne"]),
        ("forsake", &["forsook", "forsaken"]),
        ("bid", &["bid"]),
        ("quit", &["quit"]),
        ("shut", &["shut"]),
        ("spread", &["spread"]),
        ("hurt", &["hurt"]),
        ("upset", &["upset"]),
        ("let", &["let"]),
        ("read", &["read"]),
        ("wage", &["waged"]),
        ("agree", &["agreeing"]),
        ("foresee", &["foresaw", "foreseen", "foreseeing"]),
        ("oversee", &["oversaw", "overseen", "overseeing"]),
        ("flee", &["fleeing"]),
        ("free", &["freeing"]),
        ("guarantee", &["guaranteeing"]),
        ("quip", &["quipped", "quipping"]),
        ("travel", &["travelled", "travelling"]),
        ("signal", &["signalled", "signalling"]),
        ("cancel", &["cancelled", "cancelling"]),
        ("freeze", &["froze", "frozen"]),
        ("overthrow", &["overthrew", "overthrown"]),
        ("fly", &["flew", "flown"]),
        ("sit", &["sat"]),
        ("rebuild", &["rebuilt"]),
        ("uphold", &["upheld"]),
        ("withhold", &["withheld"]),
    ];
    let mut out = vec![lemma.to_string()];
    if let Some((_, forms)) = IRREGULAR.iter().find(|(l, _)| *l == lemma) {
        out.extend(forms.iter().map(|s| s.to_string()));
    }
    let chars: Vec<char> = lemma.chars().collect();
    let n = chars.len();
    let vowel = |c: char| "aeiou".contains(c);
    if lemma.ends_with('e') {
        let stem = &lemma[..lemma.len() - 1];
        out.push(format!("{lemma}s"));
        out.push(format!("{lemma}d"));
        out.push(format!("{stem}ing"));
    } else if n >= 2 && chars[n - 1] == 'y' && !vowel(chars[n - 2]) {
        let stem = &lemma[..lemma.len() - 1];
        out.push(format!("{stem}ies"));
        out.push(format!("{stem}ied"));
        out.push(format!("{lemma}ing"));
    } else {
        let es = lemma.ends_with(['s', 'x', 'z']) || lemma.ends_with("ch") || lemma.ends_with("sh") || lemma.ends_with('o');
        out.push(if es { format!("{lemma}es") } else { format!("{lemma}s") });
        out.push(format!("{lemma}ed"));
        out.push(format!("{lemma}ing"));
        if n >= 3 && !vowel(chars[n - 1]) && vowel(chars[n - 2]) && !vowel(chars[n - 3]) && !"wxy".contains(chars[n - 1]) {
            let last = chars[n - 1];
            out.push(format!("{lemma}{last}ed"));
            out.push(format!("{lemma}{last}ing"));
        }
    }
    out.sort();
    out.dedup();
    out
}

impl Lexicon {
    /// The built-in lexicon (parsed once).
    pub fn builtin() -> &'static Lexicon {
        static L: OnceLock<Lexicon> = OnceLock::new();
        L.get_or_init(|| {
            let mut lex = Lexicon::default();
            for (name, text) in BUILTIN {
                lex.add_text(name, text).unwrap_or_else(|e| panic!("built-in lexicon is invalid: {e}"));
            }
            lex.finish();
            lex
        })
    }

    /// The built-in lexicon plus the given files (later entries extend earlier ones).
    pub fn with_files(files: &[impl AsRef<Path>], replace: bool) -> Result<Lexicon, LexiconError> {
        let mut lex = if replace { Lexicon::default() } else { Lexicon::builtin().clone() };
        for f in files {
            let f = f.as_ref();
            let text = std::fs::read_to_string(f)
                .map_err(|source| LexiconError::Io { file: f.display().to_string(), source })?;
            lex.add_text(&f.display().to_string(), &text)?;
        }
        lex.finish();
        Ok(lex)
    }

    /// Parses and adds one file's lines; errors name `file:line`.
    pub fn add_text(&mut self, file: &str, text: &str) -> Result<(), LexiconError> {
        for (i, raw) in text.lines().enumerate() {
            let err = |message: String| LexiconError::Invalid { file: file.to_string(), line: i + 1, message };
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with("//") {
                continue;
            }
            let parsed: Line = serde_json::from_str(line).map_err(|e| err(e.to_string()))?;
            self.add_line(parsed).map_err(err)?;
        }
        Ok(())
    }

    fn add_line(&mut self, line: Line) -> Result<(), String> {
        let nonempty = |s: &str, what: &str| {
            if s.trim().is_empty() { Err(format!("empty {what}")) } else { Ok(()) }
        };
        match line {
            Line::Entity(e) => {
                nonempty(&e.name, "name")?;
                let ty = NodeType::parse(&e.ty).filter(|t| *t != NodeType::Statement).ok_or_else(|| {
                    format!("unknown type {:?} (Person, Country, Organization, Location, Event, Document, Concept)", e.ty)
                })?;
                let id = e.id.unwrap_or_else(|| slug(&e.name));
                if id.is_empty() {
                    return Err(format!("name {:?} gives an empty id", e.name));
                }
                let ix = self.intern_entity(&e.name, ty, &id);
                for a in std::iter::once(&e.name).chain(e.aliases.iter()) {
                    nonempty(a, "alias")?;
                    self.add_phrase(a, ix, Form::Name);
                }
                for d in &e.demonyms {
                    nonempty(d, "demonym")?;
                    self.add_phrase(d, ix, Form::Demonym);
                }
                if let Some(d) = e.demonyms.first() {
                    self.demonym_of.insert(ix, d.clone());
                }
                for c in &e.capitals {
                    nonempty(c, "capital")?;
                    let cid = format!("{}", slug(c));
                    let cix = self.intern_entity(c, NodeType::Location, &cid);
                    self.add_phrase(c, cix, Form::Capital);
                    self.capital_of.insert(cix, ix);
                }
            }
            Line::Title(t) => {
                nonempty(&t.words, "words")?;
                let tokens: Vec<String> = phrase_tokens(&t.words).into_iter().map(|x| x.0).collect();
                let country = match &t.country {
                    None => None,
                    Some(c) => Some(*self.entity_by_name.get(&slug(c)).ok_or_else(|| format!("unknown country {c:?} (an entity id or name defined before this line)"))?),
                };
                let list = self.titles.entry(tokens[0].clone()).or_default();
                list.retain(|x| x.tokens != tokens);
                let gender = parse_gender(t.gender.as_deref())?;
                list.push(Title { tokens, head: t.head, classes: t.classes, country, national: t.national, gender });
            }
            Line::Name(n) => {
                nonempty(&n.name, "name")?;
                let g = parse_gender(n.gender.as_deref())?;
                let canon = n.name.to_lowercase();
                for v in std::iter::once(&n.name).chain(n.variants.iter()) {
                    let v = v.to_lowercase();
                    if n.family {
                        self.family_first.insert(v.clone());
                    } else {
                        self.first_names.insert(v.clone(), g);
                    }
                    if v != canon {
                        self.variants.insert(v, canon.clone());
                    }
                }
            }
            Line::Head(h) => {
                nonempty(&h.word, "word")?;
                let ty = NodeType::parse(&h.ty).ok_or_else(|| format!("unknown type {:?}", h.ty))?;
                self.heads.insert(h.word.to_lowercase(), ty);
            }
            Line::Institution(x) => {
                nonempty(&x.words, "words")?;
                let tokens: Vec<String> = phrase_tokens(&x.words).into_iter().map(|t| t.0).collect();
                if !self.institutions.contains(&tokens) {
                    self.institutions.push(tokens);
                    self.institutions.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
                }
            }
            Line::Word(w) => {
                nonempty(&w.word, "word")?;
                let Some(bit) = class_bit(&w.class) else {
                    return Err(format!("unknown word class {:?} (one of {})", w.class, WORD_CLASSES.join(", ")));
                };
                *self.words.entry(w.word.to_lowercase()).or_default() |= bit;
            }
            Line::Cue(c) => {
                nonempty(&c.cue, "cue")?;
                if !["speech", "according", "belief", "denial", "finding"].contains(&c.class.as_str()) {
                    return Err(format!("cue class must be speech, according, belief, denial or finding, not {:?}", c.class));
                }
                let toks: Vec<String> = phrase_tokens(&c.cue).into_iter().map(|x| x.0).collect();
                let firsts = if c.class == "according" { vec![toks[0].clone()] } else { verb_forms(&toks[0]) };
                for f in firsts {
                    let mut t = toks.clone();
                    t[0] = f.clone();
                    self.cues.entry(f).or_default().push(Cue { tokens: t, class: c.class.clone() });
                }
            }
            Line::Action(a) => {
                nonempty(&a.id, "id")?;
                nonempty(&a.relation, "relation")?;
                if a.verbs.is_empty() {
                    return Err("an action needs at least one verb".into());
                }
                if let Some(k) = &a.edge_kind {
                    if !["action", "membership"].contains(&k.as_str()) {
                        return Err(format!("edge_kind must be action or membership, not {k:?}"));
                    }
                }
                if slug(&a.relation) != a.relation {
                    return Err(format!("relation {:?} must be lower-case and hyphenated", a.relation));
                }
                if let Some(t) = a.subject.iter().chain(a.object.iter()).find(|t| NodeType::parse(t).is_none()) {
                    return Err(format!("unknown subject or object type {t:?}"));
                }
                self.actions.retain(|x| x.id != a.id);
                self.actions.push(a);
            }
            Line::Nickname(n) => {
                nonempty(&n.name, "name")?;
                if n.nicknames.is_empty() {
                    return Err("nicknames must not be empty".into());
                }
                let formal = n.name.to_lowercase();
                for k in &n.nicknames {
                    nonempty(k, "nickname")?;
                    let list = self.nicknames.entry(k.to_lowercase()).or_default();
                    if !list.contains(&formal) {
                        list.push(formal.clone());
                        list.sort();
                    }
                }
            }
            Line::Rule(r) => {
                nonempty(&r.id, "id")?;
                self.rules.retain(|x| x.id != r.id);
                self.rules.push(r);
            }
        }
        Ok(())
    }

    fn intern_entity(&mut self, name: &str, ty: NodeType, id: &str) -> usize {
        if let Some(&ix) = self.entity_by_name.get(id) {
            return ix;
        }
        self.entities.push(GazEntity { name: name.to_string(), node_type: ty, id: id.to_string() });
        let ix = self.entities.len() - 1;
        self.entity_by_name.insert(id.to_string(), ix);
        ix
    }

    fn add_phrase(&mut self, s: &str, entity: usize, form: Form) {
        let toks = phrase_tokens(s);
        if toks.is_empty() {
            return;
        }
        let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
        let case_sensitive = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
        let lowercase_ok = letters.iter().all(|c| c.is_lowercase());
        let p = Phrase {
            tokens: toks.iter().map(|t| t.0.clone()).collect(),
            exact: toks.iter().map(|t| t.1.clone()).collect(),
            entity,
            form,
            case_sensitive,
            lowercase_ok,
        };
        let list = self.phrases.entry(p.tokens[0].clone()).or_default();
        if !list.iter().any(|x| x.tokens == p.tokens && x.entity == entity && x.exact == p.exact) {
            list.push(p);
        }
    }

    /// Sorts indexes (longest first) and builds the verb index. Called after loading.
    pub fn finish(&mut self) {
        for list in self.phrases.values_mut() {
            list.sort_by(|a, b| b.tokens.len().cmp(&a.tokens.len()));
        }
        for list in self.titles.values_mut() {
            list.sort_by(|a, b| b.tokens.len().cmp(&a.tokens.len()));
        }
        for list in self.cues.values_mut() {
            list.sort_by(|a, b| b.tokens.len().cmp(&a.tokens.len()));
        }
        self.verb_index.clear();
        for (ix, a) in self.actions.iter().enumerate() {
            for v in &a.verbs {
                let toks: Vec<String> = phrase_tokens(v).into_iter().map(|x| x.0).collect();
                if toks.is_empty() {
                    continue;
                }
                for form in verb_forms(&toks[0]) {
                    let mut t = toks.clone();
                    t[0] = form.clone();
                    self.verb_index.entry(form).or_default().push((t, ix));
                }
            }
        }
        for list in self.verb_index.values_mut() {
            list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
            list.dedup();
        }
        self.noun_index.clear();
        for (ix, a) in self.actions.iter().enumerate() {
            for n in &a.nouns {
                self.noun_index.entry(n.to_lowercase()).or_insert(ix);
            }
        }
    }

    /// Is `lower` (a cue's first word, inflected) a denial ("denied")?
    pub fn is_denial(&self, lower: &str) -> bool {
        self.cues.get(lower).is_some_and(|l| l.iter().any(|c| c.class == "denial"))
    }

    /// Is this (lower-case) word a known given name?
    pub fn is_first_name(&self, w: &str) -> bool {
        self.first_names.contains_key(w)
    }

    /// Does the word have this closed class?
    pub fn word_is(&self, lower: &str, class: &str) -> bool {
        match class_bit(class) {
            Some(bit) => self.words.get(lower).is_some_and(|c| c & bit != 0),
            None => false,
        }
    }

    /// Does the word have any of these classes (a mask of [`class_bit`]s)? One lookup.
    pub fn word_any(&self, lower: &str, mask: u32) -> bool {
        self.words.get(lower).is_some_and(|c| c & mask != 0)
    }

    /// Can two given names (lower-case) name the same person? The same canonical spelling
    /// (Sergei, Sergey), or one a nickname of the other (Joe, Joseph), or both nicknames of one
    /// name (Bill, Billy). Different given names ("ivana", "ivanka") never are.
    pub fn same_given_name(&self, a: &str, b: &str) -> bool {
        let (a, b) = (self.canonical_spelling(a), self.canonical_spelling(b));
        if a == b {
            return true;
        }
        let formal = |w: &str| -> Vec<String> {
            let mut v = self.nicknames.get(w).cloned().unwrap_or_default();
            v.push(w.to_string());
            v
        };
        let (fa, fb) = (formal(a), formal(b));
        fa.iter().any(|x| fb.contains(x))
    }

    /// Is this word a name suffix ("Jr.", "Sr.", "III")? Case and a final period or comma do not
    /// matter.
    pub fn is_name_suffix(&self, word: &str) -> bool {
        let w = word.trim_end_matches([',', '.']).to_lowercase();
        self.word_is(&w, "name-suffix") || self.word_is(&format!("{w}."), "name-suffix")
    }

    /// The canonical spelling of a name part (Sergei → sergey), lower-case.
    pub fn canonical_spelling<'a>(&'a self, lower: &'a str) -> &'a str {
        self.variants.get(lower).map(|s| s.as_str()).unwrap_or(lower)
    }

}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_loads() {
        let l = Lexicon::builtin();
        assert!(!l.entities.is_empty());
        assert!(l.phrases.contains_key("russia"));
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let mut l = Lexicon::default();
        let e = l.add_text("x.jsonl", "{\"kind\":\"head\",\"word\":\"Club\",\"type\":\"Organization\"}\n{\"kind\":\"head\",\"word\":\"Club\",\"type\":\"Thing\"}\n").unwrap_err();
        assert!(e.to_string().starts_with("x.jsonl:2: unknown type"), "{e}");
        let e = l.add_text("y.jsonl", "{\"kind\":\"entity\",\"name\":\"X\",\"type\":\"Person\",\"alias\":[]}").unwrap_err();
        assert!(e.to_string().contains("y.jsonl:1:") && e.to_string().contains("alias"), "{e}");
        let e = l.add_text("z.jsonl", "not json").unwrap_err();
        assert!(e.to_string().starts_with("z.jsonl:1:"), "{e}");
    }

    #[test]
    fn verb_forms_cover_regular_and_irregular() {
        assert!(verb_forms("propose").contains(&"proposed".to_string()));
        assert!(verb_forms("submit").contains(&"submitted".to_string()));
        assert!(verb_forms("come").contains(&"came".to_string()));
        assert!(verb_forms("visit").contains(&"visited".to_string()));
        assert!(verb_forms("carry").contains(&"carried".to_string()));
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Kim Jong-un"), "kim-jong-un");
        assert_eq!(slug("Foreign Ministers' Meeting"), "foreign-ministers-meeting");
        assert_eq!(slug("U.S."), "us");
        assert_eq!(slug("Café Zürich"), "cafe-zurich");
    }
}

/// A gender field of a data line: m, f or u (or none).
fn parse_gender(g: Option<&str>) -> Result<Gender, String> {
    match g {
        None | Some("") | Some("u") => Ok(Gender::Unknown),
        Some("m") => Ok(Gender::Male),
        Some("f") => Ok(Gender::Female),
        Some(o) => Err(format!("gender must be m, f or u, not {o:?}")),
    }
}
