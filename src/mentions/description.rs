//! Definite descriptions made of titles (`MENTION/DESCRIPTION/1`): "the Russian top diplomat".

use super::lookup::{cap_word, gaz_at, title_at};
use super::{Mention, MentionKind};
use crate::lexicon::{Form, Lexicon};
use crate::model::NodeType;
use crate::text::Document;

pub(super) fn description_at(doc: &Document, i: usize, end: usize, lex: &Lexicon) -> Option<(Mention, usize)> {
    let toks = &doc.tokens;
    let mut j = i + 1;
    let mut country = None;
    if j < end {
        if let Some((e, p)) = gaz_at(toks, j, end, lex) {
            if p.form == Form::Demonym {
                country = Some(lex.entities[p.entity].id.clone());
                j = e;
            }
        }
    }
    let mut last_head: Option<(usize, &crate::lexicon::Title)> = None;
    let mut k = j;
    while k < end {
        match title_at(toks, k, end, lex) {
            Some((e, t)) => {
                if t.head {
                    last_head = Some((e, t));
                }
                k = e;
            }
            None => break,
        }
    }
    let (e, title) = last_head?;
    if e != k {
        return None;
    }
    // "the Russian Foreign Minister Sergey Lavrov": a title before a name, not a description.
    if e < end && cap_word(&toks[e], lex, false) && gaz_at(toks, e, end, lex).is_none() {
        return None;
    }
    // "the leaders of …", plural or followed by "of"/"to": a role phrase, not a reference.
    if e < end && matches!(toks[e].lower.as_str(), "of" | "to" | "for") {
        return None;
    }
    let mut m = Mention::new(doc, i..e, MentionKind::Description, NodeType::Person, "MENTION/DESCRIPTION/1");
    m.classes = title.classes.clone();
    m.gender = title.gender;
    m.country = country;
    Some((m, e))
}
