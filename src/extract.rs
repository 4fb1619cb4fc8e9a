//! One document → [`DocFacts`]: runs stages 1–4 and turns their output into nodes and edges
//! with global ids and evidence. Documents are extracted independently of each other (no shared
//! state but the read-only [`Lexicon`]), so extraction parallelises and shards freely.
//!
//! Ids: entities take their coreference id (the folded canonical name); concepts the slug of
//! their words; statements `st-<doc slug>-<doc hash>-<byte offset>`; a document that speaks in
//! an article ("the report said") `<phrase>-in-<doc slug>-<doc hash>`. The slug keeps ids
//! readable; the hash ([`doc_tag`], of the exact document id) keeps documents whose ids slug
//! alike (`Report.txt` and `report.txt`, `report-1.txt` and `report_1.txt`, ids in scripts the
//! slug drops) from sharing statement ids — which would credit one speaker with another's words.
//!
//! Parts: a document read in parts (over `--max-doc-bytes`, see [`crate::input::parts`]) is
//! extracted part by part; each part's offsets are shifted by its `offset`, so evidence and
//! statements carry offsets into the whole document.
//!
//! Dates: a statement is dated by a relative day of its sentence outside its content ("Lavrov
//! said on Monday"), an edge's evidence by the first relative day of its sentence; otherwise
//! both take the document's full date (see [`crate::text::dates`]). Each records its source.

use crate::coref::{self, Coref};
use crate::input::RawDoc;
use crate::lexicon::{slug, Lexicon};
use crate::mentions::{self, Mention};
use crate::model::{DocFacts, DocumentMeta, Edge, EdgeRecord, Evidence, Node, NodeType};
use crate::pipeline::StageTimings;
use crate::relations::{self, End, Relations};
use crate::syntax::{self, Parse};
use crate::text::dates::{relative_day, DateSource, Ymd};
use crate::text::{Document, Sentence};
use std::ops::Range;
use std::collections::BTreeMap;
use std::time::Instant;

/// Everything the stages found in one document (what `explain` prints).
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The analysed text.
    pub doc: Document,
    /// Mentions.
    pub mentions: Vec<Mention>,
    /// The dependency parse (known multi-word names kept as one subtree).
    pub parse: Parse,
    /// Entities.
    pub coref: Coref,
    /// Facts and statements.
    pub relations: Relations,
}

/// Runs stages 1–4 on a document.
pub fn analyze(raw: &RawDoc, lex: &Lexicon) -> Analysis {
    analyze_timed(raw, lex, &mut StageTimings::default())
}

/// [`analyze`], adding the time each stage took to `t`.
pub fn analyze_timed(raw: &RawDoc, lex: &Lexicon, t: &mut StageTimings) -> Analysis {
    let t0 = Instant::now();
    let meta = DocumentMeta {
        id: raw.id.clone(),
        source: Some(raw.source.clone()),
        title: raw.title.clone(),
        date: raw.date.clone(),
        date_source: raw.date.as_ref().map(|_| DateSource::Jsonl.as_str().to_string()),
        agency: raw.agency.clone(),
        bytes: raw.bytes,
        part_of: raw.part_of.clone(),
        offset: raw.part_of.as_ref().map(|_| raw.offset),
        ..Default::default()
    };
    let doc = Document::new(meta, raw.text.clone());
    let t1 = Instant::now();
    let mut mentions = mentions::find(&doc, lex);
    let t1b = Instant::now();
    let parse = parse_with_names(&doc, &mentions);
    let t1c = Instant::now();
    mentions::typing::apply(&doc, &parse, &mut mentions, lex);
    let t2 = Instant::now();
    let coref = coref::resolve(&doc, &mentions, lex);
    let t3 = Instant::now();
    let relations = relations::extract(&doc, &parse, &mentions, &coref, lex);
    let t4 = Instant::now();
    t.text += t1 - t0;
    t.mentions += t1b - t1;
    t.syntax += t1c - t1b;
    t.mentions += t2 - t1c;
    t.coref += t3 - t2;
    t.relations += t4 - t3;
    Analysis { doc, mentions, parse, coref, relations }
}

/// Token ranges of the multi-word names among `mentions` (kept as one subtree by the parser).
pub fn name_ranges(mentions: &[Mention]) -> Vec<Range<usize>> {
    mentions.iter().filter(|m| m.kind == mentions::MentionKind::Name && m.tokens.len() >= 2).map(|m| m.tokens.clone()).collect()
}

/// The dependency parse of `doc` with the committed model, its known names kept whole. The model
/// is built into the binary and checked by the tests, so it always loads; were it ever corrupt,
/// the parse would be empty (every later stage then works from tokens alone).
pub fn parse_with_names(doc: &Document, mentions: &[Mention]) -> Parse {
    match syntax::Model::global() {
        Ok(m) => syntax::parse_document_with(m, doc, &name_ranges(mentions)),
        Err(_) => Parse::default(),
    }
}

/// Extracts the facts of a raw document.
pub fn extract(raw: &RawDoc, lex: &Lexicon) -> DocFacts {
    extract_timed(raw, lex, &mut StageTimings::default())
}

/// [`extract`], adding the time each stage took to `t`.
pub fn extract_timed(raw: &RawDoc, lex: &Lexicon, t: &mut StageTimings) -> DocFacts {
    let a = analyze_timed(raw, lex, t);
    let t0 = Instant::now();
    let mut facts = to_facts(&a);
    facts.warnings = raw.warnings.clone();
    facts.text_hash = Some(text_hash(&raw.text));
    t.facts += t0.elapsed();
    facts
}

/// Extracts the facts of a text given as a string (document id `id`).
pub fn extract_text(id: &str, text: &str, lex: &Lexicon) -> DocFacts {
    let raw = RawDoc { id: id.to_string(), source: id.to_string(), text: text.to_string(), bytes: text.len() as u64, ..Default::default() };
    extract(&raw, lex)
}

/// The hash that finds exact duplicates: 128-bit FNV-1a over the text with every run of
/// white space made one space and the ends trimmed, as 32 hex digits. Two documents with the
/// same hash are taken to be the same article (a chance collision is about 1 in 10^29 per pair).
pub fn text_hash(text: &str) -> String {
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
    let mut feed = |b: u8| {
        h ^= b as u128;
        h = h.wrapping_mul(PRIME);
    };
    let mut first = true;
    for word in text.split_whitespace() {
        if !first {
            feed(b' ');
        }
        first = false;
        word.bytes().for_each(&mut feed);
    }
    format!("{h:032x}")
}

/// Eight hex digits of a 64-bit FNV-1a hash of the exact document id: what tells apart two
/// documents whose ids have the same slug.
pub fn doc_tag(doc: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in doc.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{:08x}", (h >> 32) ^ (h & 0xFFFF_FFFF))
}

/// The id of a Document node that speaks in an article ("the report said"): the phrase and the
/// article, so "the report" of two articles are two reports.
pub fn document_voice_id(label: &str, doc: &str) -> String {
    format!("{}-in-{}-{}", slug(label), slug(doc), doc_tag(doc))
}

/// The id of a statement node: the document and the byte offset of its content.
pub fn statement_id(doc: &str, start: usize) -> String {
    format!("st-{}-{}-{}", slug(doc), doc_tag(doc), start)
}

/// Turns an analysis into facts.
pub fn to_facts(a: &Analysis) -> DocFacts {
    let doc = &a.doc;
    let doc_id = doc.meta.id.clone();
    // Offsets into the whole document (a part starts at its offset).
    let base = doc.meta.offset.unwrap_or(0) as usize;
    let date = doc.meta.date.clone().filter(|d| !d.starts_with("--"));
    let date_source = date.as_ref().and(doc.meta.date_source.clone());
    let article = date.as_deref().and_then(Ymd::parse);
    // The date of what a sentence reports, and its source; tokens starting in `skip` are ignored.
    let dated = |sent: &Sentence, skip: Range<usize>| -> (Option<String>, Option<String>) {
        let toks = &doc.tokens[sent.tokens.clone()];
        match article.and_then(|a| relative_day(toks, a, |t| skip.contains(&t.start))) {
            Some(d) => (Some(d.to_string()), Some(DateSource::Text.as_str().to_string())),
            None => (date.clone(), date_source.clone()),
        }
    };
    let mut nodes: BTreeMap<String, Node> = BTreeMap::new();
    let mut entity_ids: BTreeMap<usize, String> = BTreeMap::new();

    let mut used = vec![false; a.coref.entities.len()];
    let mut speaks = vec![false; a.coref.entities.len()];
    for f in &a.relations.facts {
        for end in [&f.source, &f.target] {
            if let End::Entity(e) = end {
                used[*e] = true;
            }
        }
        if let (End::Entity(e), crate::model::EdgeKind::Quote) = (&f.source, f.kind) {
            speaks[*e] = true;
        }
    }
    for (i, ent) in a.coref.entities.iter().enumerate() {
        if ent.mentions.is_empty() || (!ent.keep && !used[i]) {
            continue;
        }
        // An unknown name that speaks is a person.
        let ty = if ent.keep { ent.node_type } else if speaks[i] { NodeType::Person } else { NodeType::Concept };
        let mut n = Node::entity(ent.id.clone(), ent.label.clone(), ty);
        for (alias, rule) in &ent.aliases {
            n.aliases.insert(alias.clone());
            if *rule != "COREF/EXACT/1" {
                n.alias_rules.insert(alias.clone(), rule.to_string());
            }
        }
        n.docs.insert(doc_id.clone());
        n.mentions = ent.mentions.len() as u64;
        entity_ids.insert(i, n.id.clone());
        match nodes.get_mut(&n.id) {
            Some(old) => old.absorb(&n),
            None => {
                nodes.insert(n.id.clone(), n);
            }
        }
    }
    let statement_ids: Vec<String> = a.relations.statements.iter().map(|s| statement_id(&doc_id, base + s.content.start)).collect();
    for (st, id) in a.relations.statements.iter().zip(&statement_ids) {
        let mut n = Node::entity(id.clone(), truncate(&st.text, 80), NodeType::Statement);
        n.docs.insert(doc_id.clone());
        n.mentions = 1;
        n.text = Some(st.text.clone());
        n.cue = Some(st.cue.clone());
        n.direct = Some(st.direct);
        n.doc = Some(doc_id.clone());
        n.start = Some(base + st.content.start);
        n.end = Some(base + st.content.end);
        n.source_text = Some(st.source_text.clone());
        if let Some(sent) = doc.sentences.get(st.sentence) {
            (n.date, n.date_source) = dated(sent, st.content.clone());
        }
        n.rule = Some(st.rule.to_string());
        nodes.insert(id.clone(), n);
    }
    let concept = |label: &str, nodes: &mut BTreeMap<String, Node>| -> String {
        let id = slug(label);
        let n = nodes.entry(id.clone()).or_insert_with(|| Node::entity(id.clone(), label.to_lowercase(), NodeType::Concept));
        n.aliases.insert(label.to_string());
        n.docs.insert(doc_id.clone());
        n.mentions += 1;
        id
    };
    let mut edges = Vec::new();
    for f in &a.relations.facts {
        let end_id = |e: &End, nodes: &mut BTreeMap<String, Node>| -> Option<String> {
            match e {
                End::Entity(i) => entity_ids.get(i).cloned(),
                End::Concept(label) => {
                    let id = concept(label, nodes);
                    (!id.is_empty()).then_some(id)
                }
                End::Statement(i) => statement_ids.get(*i).cloned(),
                End::Known { id, label, node_type } => {
                    let n = nodes.entry(id.clone()).or_insert_with(|| Node::entity(id.clone(), label.clone(), *node_type));
                    n.docs.insert(doc_id.clone());
                    Some(id.clone())
                }
                End::Document(label) => {
                    let id = document_voice_id(label, &doc_id);
                    let n = nodes.entry(id.clone()).or_insert_with(|| Node::entity(id.clone(), label.clone(), NodeType::Document));
                    n.aliases.insert(label.clone());
                    n.docs.insert(doc_id.clone());
                    n.mentions += 1;
                    Some(id)
                }
            }
        };
        let (Some(s), Some(t)) = (end_id(&f.source, &mut nodes), end_id(&f.target, &mut nodes)) else { continue };
        if s == t {
            continue;
        }
        let sent = &doc.sentences[f.sentence.min(doc.sentences.len().saturating_sub(1))];
        let (ev_date, ev_date_source) = dated(sent, 0..0);
        let ev = Evidence {
            doc: doc_id.clone(),
            start: base + sent.start,
            end: base + sent.end,
            text: doc.sentence_text(sent).to_string(),
            rule: f.rule.clone(),
            date: ev_date,
            date_source: ev_date_source,
            surface: Some(f.surface.clone()),
            according_to: f.according_to.and_then(|i| statement_ids.get(i).cloned()),
        };
        let mut edge = Edge::new(f.relation.clone(), f.kind, ev);
        edge.negated = f.negated;
        edge.modality = f.modality.clone();
        edges.push(EdgeRecord { source: s, target: t, key: String::new(), edge });
    }
    let mut meta = doc.meta.clone();
    // (meta.sentences, set by the text stage, counts story sentences, not the dateline)
    meta.unresolved = a.coref.unresolved.len() as u64;
    DocFacts { document: meta, nodes: nodes.into_values().collect(), edges, warnings: vec![], text_hash: None }
}

fn truncate(s: &str, n: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= n {
        return flat;
    }
    let mut out: String = flat.chars().take(n).collect();
    out.push('\u{2026}');
    out
}
