//! `TEXT/DATELINE/*` — in the dateline sentence, only its place and region ("HOBART,
//! Australia"): a known name keeps its gazetteer type (a capital is a Location here, never its
//! government), an unknown place is a Location; the rule id is the dateline rule's.

use super::lookup::gaz_at;
use super::{name_id, Mention, MentionKind};
use crate::lexicon::{Form, Lexicon};
use crate::model::NodeType;
use crate::text::Document;
use std::ops::Range;

/// The place and region of the dateline sentence `range` (see the module notes).
pub(super) fn dateline_places(doc: &Document, range: Range<usize>, rule: &'static str, lex: &Lexicon, out: &mut Vec<Mention>) {
    let Some(d) = &doc.dateline else { return };
    let toks = &doc.tokens;
    for (span, is_region) in std::iter::once((d.place.clone(), false)).chain(d.region.clone().map(|r| (r, true))) {
        let inside: Vec<usize> = range.clone().filter(|&i| toks[i].start >= span.start && toks[i].end <= span.end).collect();
        let (Some(&a), Some(&b)) = (inside.first(), inside.last()) else { continue };
        let r = a..b + 1;
        let mut m = match gaz_at(toks, a, r.end, lex) {
            Some((e, p)) if e == r.end && p.form != Form::Demonym => {
                let ent = &lex.entities[p.entity];
                let mut m = Mention::new(doc, r, MentionKind::Name, if p.form == Form::Capital { NodeType::Location } else { ent.node_type }, rule);
                m.key = ent.id.clone();
                m.label = ent.name.clone();
                m
            }
            _ if is_region => continue, // "N.C.", "Md." unknown: not worth a node
            _ => {
                let mut m = Mention::new(doc, r, MentionKind::Name, NodeType::Location, rule);
                m.label = crate::text::dateline::place_label(&m.text);
                m.key = name_id(&m.label, lex);
                m
            }
        };
        m.rule = rule;
        out.push(m);
    }
}
