//! Edges of statements: `said` (speaker → statement) and `mentions` (statement → the entities
//! it names, `QUOTE/MENTIONS/1`).

use crate::coref::Coref;
use crate::mentions::{Mention, MentionKind};
use crate::model::{EdgeKind, NodeType};
use crate::relations::{End, Fact, Relations};
use crate::text::Document;
use std::collections::HashSet;

/// `quote` edges (speaker → statement; a document's own voice speaks as a Document node) and
/// `mention` edges (statement → entities it names).
pub fn mention_edges(doc: &Document, mentions: &[Mention], coref: &Coref, r: &mut Relations) {
    for (si, st) in r.statements.iter().enumerate() {
        let source = match (st.speaker.filter(|&e| !coref.entities[e].mentions.is_empty()), &st.voice) {
            (Some(e), _) => Some(End::Entity(e)),
            (None, Some(v)) => Some(End::Document(v.clone())),
            _ => None,
        };
        if let Some(source) = source {
            r.facts.push(Fact {
                source,
                target: End::Statement(si),
                relation: "said".into(),
                kind: EdgeKind::Quote,
                rule: st.rule.to_string(),
                sentence: st.sentence,
                surface: st.cue.clone(),
                negated: false,
                modality: None,
                according_to: None,
                path: st.path.clone(),
            });
        }
        let mut seen = HashSet::new();
        let first = mentions.partition_point(|m| m.span.start < st.content.start);
        for (mi, m) in mentions.iter().enumerate().skip(first) {
            if m.span.start >= st.content.end {
                break;
            }
            if m.span.end > st.content.end || m.kind != MentionKind::Name {
                continue;
            }
            let Some(e) = coref.of_mention[mi].filter(|&e| coref.entities[e].keep) else { continue };
            if coref.entities[e].node_type == NodeType::Concept || !seen.insert(e) {
                continue;
            }
            r.facts.push(Fact {
                source: End::Statement(si),
                target: End::Entity(e),
                relation: "mentions".into(),
                kind: EdgeKind::Mention,
                rule: "QUOTE/MENTIONS/1".into(),
                sentence: doc.sentence_of(m.tokens.start).unwrap_or(st.sentence),
                surface: m.text.clone(),
                negated: false,
                modality: None,
                according_to: None,
                path: String::new(),
            });
        }
    }
}
