//! Stage 3: coreference within a document. Mentions become [`Entity`]s by a sieve ordered from
//! the most to the least precise; each step records its rule id on the aliases it resolves:
//!
//! 1. `COREF/EXACT/1` — names with the same id (the folded name: "Sergei Lavrov" = "Sergey
//!    Lavrov"; "Kim Jong Un" = "Kim Jong-un"); demonyms join their country.
//! 2. `COREF/TITLE_NAME/1` — a title right before a name makes it a Person and gives it the
//!    title's classes and the countries of the words before it ("Russian Foreign Minister …").
//! 3. `COREF/TYPE_SPEAKER/1`, `COREF/TYPE_PLACE/1` — untyped names are typed by context: the
//!    subject of a reporting verb is a Person; a name before ", STATE" ("Ashton, Md.") a Location.
//! 4. `COREF/SURNAME/1` — a one-word name joins the Person whose last name (or, for
//!    family-first names, first name) it is ("Lavrov", "Kim"); with several candidates
//!    (`COREF/SURNAME/2`) each mention joins the one named most recently before it. Each mention
//!    is resolved by itself and must agree: in gender with its honorific ("Mr. Obama" never goes
//!    to Michelle Obama), and after a title ("President Clinton") it joins only a person known by
//!    that title. What no candidate agrees with stays its own entity.
//!    `COREF/ORG_SHORT/1` — a shorter name with the same first and last word as a longer
//!    organisation ("Valdai Club"); `COREF/ACRONYM/1` — its initials ("NSO").
//!    `COREF/SHORT_ALIAS/1` — a one-word alias of a known organisation joins the one organisation
//!    named earlier in full whose name ends in it ("the Democrats" after "Liberal Democrat
//!    leader …" are the Liberal Democrats, not the US party).
//!    `COREF/HONORIFIC_ID/1` — a person known only by a surname with an honorific ("Mrs.
//!    Obama", where no full name agreed) keeps its gender in its id (`ms-obama`), so that ids do
//!    not join the "Mr. Obama" of one article to the "Mrs. Obama" of another before any
//!    cross-document rule runs (which then join each to its namesake of that gender).
//!    Names still untyped after this are dropped (and counted).
//! 5. `COREF/DESCRIPTION/1` — "the Russian top diplomat" → the nearest Person before it (else the
//!    first after it) whose title classes include the description's head class and whose country
//!    agrees with its demonym.
//! 6. `COREF/PRONOUN/1` — he/she/his/her → a Person of the same gender: first in the same
//!    sentence before the pronoun, then in earlier sentences, subjects (leftmost) first; a person
//!    of unknown gender only in the pronoun's sentence or the one before.
//!
//! Genders come from given names (the names lexicon; only before another word: "Warren" alone is
//! a surname), honorifics (Mr, Mrs, Ms, Sir, Lady …), gendered titles ("Congresswoman", "King":
//! `gender` in the titles lexicon, which also keeps "the congresswoman" from a man) and resolved
//! pronouns; a name written after an honorific is also kept as an alias with it
//! ("Mrs. Clinton", `COREF/HONORIFIC/1`), so later stages see the gender too.
//!
//! Pronouns and descriptions never become entities of their own.
//!
//! The steps live in one file per rule family: `names` (1–3, labels, genders and honorific
//! ids), `surnames` and `short_names` (4), `references` (5–6); `phrases` reads title phrases
//! and speaker positions, which the relations stage uses too.

mod names;
mod phrases;
mod references;
mod short_names;
mod surnames;
#[cfg(test)]
mod tests;

pub use phrases::{is_speaker_position, org_country, role_phrases, RolePhrase};

use crate::lexicon::{Gender, Lexicon};
use crate::mentions::{Mention, MentionKind};
use crate::model::NodeType;
use crate::text::Document;
use std::collections::{BTreeMap, BTreeSet};

/// An entity of one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Global id.
    pub id: String,
    /// Canonical label (the fullest name).
    pub label: String,
    /// Type.
    pub node_type: NodeType,
    /// Names as written → the rule that resolved them.
    pub aliases: BTreeMap<String, &'static str>,
    /// Indices of its mentions.
    pub mentions: Vec<usize>,
    /// Gender, when known.
    pub gender: Gender,
    /// Title classes ("diplomat", "minister").
    pub classes: BTreeSet<String>,
    /// Countries (ids) its titles tie it to.
    pub countries: BTreeSet<String>,
    /// False for untyped names nobody needed.
    pub keep: bool,
}

/// The result of coreference: entities and, for each mention, its entity.
#[derive(Debug, Clone, Default)]
pub struct Coref {
    /// Entities.
    pub entities: Vec<Entity>,
    /// Entity of each mention (by mention index).
    pub of_mention: Vec<Option<usize>>,
    /// Mentions left unresolved, with the reason (for `explain` and debug reports).
    pub unresolved: Vec<(usize, &'static str)>,
}

impl Coref {
    /// The entity of mention `m`, if kept.
    pub fn entity_of(&self, m: usize) -> Option<&Entity> {
        self.of_mention.get(m).copied().flatten().map(|e| &self.entities[e]).filter(|e| e.keep)
    }
}


/// Resolves the mentions of a document.
pub fn resolve(doc: &Document, mentions: &[Mention], lex: &Lexicon) -> Coref {
    let mut c = Coref { entities: Vec::new(), of_mention: vec![None; mentions.len()], unresolved: Vec::new() };
    names::exact(&mut c, doc, mentions);
    names::title_names(&mut c, doc, mentions, lex);
    names::type_by_context(&mut c, doc, mentions, lex);
    names::genders(&mut c, lex);
    surnames::merge(&mut c, doc, mentions, lex);
    short_names::merge(&mut c, mentions);
    names::canonical_labels(&mut c, lex);
    names::honorific_ids(&mut c, mentions);
    references::resolve_all(&mut c, doc, mentions);
    for (i, m) in mentions.iter().enumerate() {
        if m.kind == MentionKind::Name && c.of_mention[i].is_some_and(|e| !c.entities[e].keep) {
            c.unresolved.push((i, "untyped name"));
        }
    }
    for ent in c.entities.iter_mut() {
        ent.mentions.sort();
    }
    c
}
