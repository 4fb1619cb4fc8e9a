//! The rows of a document, made from its facts before it is written ([`prepare`], on the
//! extraction workers), and the compact JSON of a stored edge ([`StoredEdge`]).

use crate::graph::edge_key;
use crate::model::{DocFacts, Edge, EdgeRecord, Node, NodeType};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// An edge as stored: evidence texts and document names blanked, the sentence of each
/// evidence item in `sids` (same order). Written as [`Compact`] JSON.
#[derive(Debug, Clone)]
pub(crate) struct StoredEdge {
    pub s: String,
    pub t: String,
    pub k: String,
    pub e: Edge,
    pub sids: Vec<i64>,
}

/// One evidence item as stored: sentence id, start, end, rule, date, surface, according to,
/// date source.
type CompactEvidence = (i64, usize, usize, String, Option<String>, Option<String>, Option<String>, Option<String>);

/// The JSON of a [`StoredEdge`]: short keys, defaults left out, evidence as arrays, and the
/// surface forms and rules left out when they are exactly those of the evidence (`None`).
#[derive(Serialize, Deserialize)]
struct Compact {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    s: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    t: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    k: String,
    r: String,
    kind: crate::model::EdgeKind,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    neg: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    m: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    rep: bool,
    n: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sf: Option<std::collections::BTreeSet<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ru: Option<std::collections::BTreeSet<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    ev: Vec<CompactEvidence>,
}

impl Serialize for StoredEdge {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> std::result::Result<S::Ok, S::Error> {
        let e = &self.e;
        let surfaces: std::collections::BTreeSet<String> = e.evidence.iter().filter_map(|x| x.surface.clone()).collect();
        let rules: std::collections::BTreeSet<String> = e.evidence.iter().map(|x| x.rule.clone()).collect();
        Compact {
            s: self.s.clone(),
            t: self.t.clone(),
            k: self.k.clone(),
            r: e.relation.clone(),
            kind: e.kind,
            neg: e.negated,
            m: e.modality.clone(),
            rep: e.reported,
            n: e.count,
            sf: (e.surface != surfaces).then(|| e.surface.clone()),
            ru: (e.rules != rules).then(|| e.rules.clone()),
            ev: e
                .evidence
                .iter()
                .zip(self.sids.iter().chain(std::iter::repeat(&0)))
                .map(|(x, sid)| (*sid, x.start, x.end, x.rule.clone(), x.date.clone(), x.surface.clone(), x.according_to.clone(), x.date_source.clone()))
                .collect(),
        }
        .serialize(ser)
    }
}

impl<'de> Deserialize<'de> for StoredEdge {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> std::result::Result<Self, D::Error> {
        let c = Compact::deserialize(de)?;
        let mut sids = Vec::with_capacity(c.ev.len());
        let evidence: Vec<crate::model::Evidence> = c
            .ev
            .into_iter()
            .map(|(sid, start, end, rule, date, surface, according_to, date_source)| {
                sids.push(sid);
                crate::model::Evidence { doc: String::new(), start, end, text: String::new(), rule, date, date_source, surface, according_to }
            })
            .collect();
        let surface = c.sf.unwrap_or_else(|| evidence.iter().filter_map(|x| x.surface.clone()).collect());
        let rules = c.ru.unwrap_or_else(|| evidence.iter().map(|x| x.rule.clone()).collect());
        let e = Edge { relation: c.r, kind: c.kind, negated: c.neg, modality: c.m, reported: c.rep, count: c.n, evidence, surface, rules };
        Ok(StoredEdge { s: c.s, t: c.t, k: c.k, e, sids })
    }
}

/// One evidence row of a relation edge, before the document has a number.
pub(super) struct EvidenceRow {
    /// The edge's place among the document's relation edges (`rel_edges.n`).
    pub(super) n: i64,
    /// The edge's surface forms and rules are exactly those of its evidence: this row's count
    /// toward the finished edge's (else the edge's own sets are kept, in `rel_edges`).
    pub(super) own: bool,
    pub(super) source: String,
    pub(super) target: String,
    pub(super) key: String,
    pub(super) local: i64,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) rule: String,
    pub(super) date: Option<String>,
    pub(super) date_source: Option<String>,
    pub(super) surface: Option<String>,
    pub(super) according_to: Option<String>,
}

/// A statement edge's row: source, target, key, kind, JSON, its first evidence sentence (index
/// in the document), the number of its evidence items.
pub(super) type StmtEdgeRow = (String, String, String, &'static str, String, Option<i64>, i64);

/// A document's rows, made ready for [`Store::add_prepared`] (JSON serialized, sentences
/// numbered within the document). Pure: runs on the extraction workers, in parallel.
pub struct Prepared {
    pub(super) meta: String,
    pub(super) sentences: Vec<(usize, usize, String)>,
    /// Id, date (its own, else the document's), start, JSON.
    pub(super) statements: Vec<(String, Option<String>, Option<i64>, String)>,
    pub(super) stmt_edges: Vec<StmtEdgeRow>,
    pub(super) evidence: Vec<EvidenceRow>,
    pub(super) nodes: String,
    /// Relation edges: source, target, key, JSON (evidence in `evidence`).
    pub(super) edges: Vec<(String, String, String, String)>,
    pub(super) warnings: Vec<String>,
}

/// Makes the rows of a document (see [`Prepared`]).
pub fn prepare(facts: &DocFacts) -> Prepared {
    let d = &facts.document;
    let mut warnings = Vec::new();
    let json = |v: &dyn erased::Ser| v.json();
    let mut sentences: Vec<(usize, usize, String)> = Vec::new();
    let mut local: HashMap<(usize, usize, &str), i64> = HashMap::new();
    for ev in facts.edges.iter().flat_map(|e| &e.edge.evidence) {
        if ev.doc != d.id && !warnings.iter().any(|w: &String| w.contains(&ev.doc)) {
            warnings.push(format!("evidence names document {:?}: stored under {:?}", ev.doc, d.id));
        }
        let k = (ev.start, ev.end, ev.text.as_str());
        if let std::collections::hash_map::Entry::Vacant(e) = local.entry(k) {
            e.insert(sentences.len() as i64);
            sentences.push((ev.start, ev.end, ev.text.clone()));
        }
    }
    let stored = |e: &EdgeRecord| -> StoredEdge {
        let mut edge = e.edge.clone();
        let ids = edge.evidence.iter().map(|ev| local[&(ev.start, ev.end, ev.text.as_str())]).collect();
        for ev in &mut edge.evidence {
            ev.text = String::new();
            ev.doc = String::new();
        }
        StoredEdge { s: e.source.clone(), t: e.target.clone(), k: e.key.clone(), e: edge, sids: ids }
    };
    let statement_ids: HashSet<&str> = facts.nodes.iter().filter(|n| n.node_type == NodeType::Statement).map(|n| n.id.as_str()).collect();
    let statements = facts
        .nodes
        .iter()
        .filter(|n| n.node_type == NodeType::Statement)
        .map(|n| (n.id.clone(), n.date.clone().or_else(|| d.date.clone()), n.start.map(|x| x as i64), json(n)))
        .collect();
    let mut stmt_edges = Vec::new();
    let mut evidence = Vec::new();
    let mut relation_edges = Vec::new();
    for e in &facts.edges {
        let key = edge_key(&e.edge);
        if statement_ids.contains(e.source.as_str()) || statement_ids.contains(e.target.as_str()) {
            let mut se = stored(e);
            se.s.clear();
            se.t.clear();
            let (first, nev) = (se.sids.first().copied(), se.sids.len() as i64);
            stmt_edges.push((e.source.clone(), e.target.clone(), key, e.edge.kind.as_str(), json(&se), first, nev));
        } else {
            let own = e.edge.surface == e.edge.evidence.iter().filter_map(|x| x.surface.clone()).collect()
                && e.edge.rules == e.edge.evidence.iter().map(|x| x.rule.clone()).collect();
            for ev in &e.edge.evidence {
                evidence.push(EvidenceRow {
                    n: relation_edges.len() as i64,
                    own,
                    source: e.source.clone(),
                    target: e.target.clone(),
                    key: key.clone(),
                    local: local[&(ev.start, ev.end, ev.text.as_str())],
                    start: ev.start,
                    end: ev.end,
                    rule: ev.rule.clone(),
                    date: ev.date.clone(),
                    date_source: ev.date_source.clone(),
                    surface: ev.surface.clone(),
                    according_to: ev.according_to.clone(),
                });
            }
            // The evidence is in `evidence` (with `n`); the edge keeps the rest.
            let mut se = stored(e);
            se.e.evidence.clear();
            se.sids.clear();
            if own {
                // They come back from the evidence rows.
                se.e.surface.clear();
                se.e.rules.clear();
            }
            // The ends are columns; the record's own key (empty from extraction) stays in the JSON.
            let (s, t) = (std::mem::take(&mut se.s), std::mem::take(&mut se.t));
            relation_edges.push((s, t, key, json(&se)));
        }
    }
    let nodes: Vec<Node> = facts
        .nodes
        .iter()
        .filter(|n| n.node_type != NodeType::Statement)
        .map(|n| {
            let mut n = n.clone();
            n.docs.clear();
            n
        })
        .collect();
    Prepared { meta: json(d), sentences, statements, stmt_edges, evidence, nodes: json(&nodes), edges: relation_edges, warnings }
}

mod erased {
    //! JSON of the model types (which always serialize: every map key is a string).
    pub trait Ser {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Ser for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap_or_default()
        }
    }
}

