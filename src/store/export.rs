//! `graph.json` streamed from the store: the same bytes as [`KnowledgeGraph::write_json`] of the
//! same documents built in memory, without holding the graph, formatted on several threads.
//!
//! ```text
//!  reading thread: ordered scans, merged by key ──chunks──▶ workers: pretty JSON ──▶ in order ──▶ file
//!   documents · entities ⋈ statements (by id) ·                (crate::store::pretty)
//!   edges ⋈ stmt_edges (by source, target, key)
//! ```
//!
//! * Nodes are two ordered scans merged by id (`entities`, `statements`), copied from their
//!   compact JSON into pretty JSON without being parsed ([`super::pretty::reformat`]).
//! * Edges are two ordered scans merged by (source, target, key): `edges` (relation edges,
//!   finished; evidence texts read by sentence id) and `stmt_edges` by their mapped ends, with
//!   the text of their first evidence sentence joined in the same scan. Statement edges whose
//!   ends became the same after identity merges are folded together, as
//!   [`crate::model::Edge::absorb`] does in memory.
//! * The reading thread only reads rows; the pieces are formatted in chunks on `threads`
//!   workers and written in order, so the bytes do not depend on the number of threads.

use super::pretty::{self, indent};
use super::rows::StoredEdge;
use super::{Result, Store, StoreError};
use crate::model::{DocumentMeta, Edge, EdgeRecord};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::mpsc;

/// One element of `graph.json`, as read (owned, so that a worker can format it).
enum Piece {
    /// A document's metadata (compact JSON) and the document holding its text, if a duplicate.
    Doc(String, Option<String>),
    /// A node (compact JSON).
    Node(String),
    /// A relation edge (stored JSON) with the document name and text of each evidence sentence.
    Rel(String, Vec<(String, String)>),
    /// Statement edges with the same mapped ends and key (usually one), to be folded.
    Stmt(Vec<StmtRow>),
}

/// A statement edge as read.
struct StmtRow {
    source: String,
    target: String,
    key: String,
    json: String,
    /// Document name and text of each evidence sentence.
    texts: Vec<(String, String)>,
}

/// The three arrays of `graph.json`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Section {
    Documents,
    Nodes,
    Edges,
}

impl Section {
    /// Depth of the array's elements.
    fn level(self) -> usize {
        if self == Section::Documents { 3 } else { 2 }
    }
}

/// Pieces of one section, formatted together.
struct Chunk {
    section: Section,
    /// The first chunk of its section (its first element has no comma before it).
    first: bool,
    pieces: Vec<Piece>,
}

/// Chunks are cut at this many bytes of rows.
const CHUNK_BYTES: usize = 1 << 18;

fn json_err(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt { path: "graph.json".into(), table: "output", message: e.to_string() }
}

/// Formats a chunk: each element with its separator, at its section's depth.
fn format(chunk: Chunk, max_evidence: usize) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(CHUNK_BYTES + CHUNK_BYTES / 2);
    let level = chunk.section.level();
    for (k, piece) in chunk.pieces.into_iter().enumerate() {
        out.extend_from_slice(if chunk.first && k == 0 { b"\n" } else { b",\n" });
        indent(&mut out, level);
        match piece {
            Piece::Doc(meta, duplicate_of) => {
                #[derive(Serialize)]
                struct Listed {
                    #[serde(flatten)]
                    meta: DocumentMeta,
                    /// An exact duplicate: the document that holds the facts of the same text.
                    #[serde(skip_serializing_if = "Option::is_none")]
                    duplicate_of: Option<String>,
                }
                let meta: DocumentMeta = serde_json::from_str(&meta).map_err(|e| corrupt("documents", e))?;
                pretty::write_at(&mut out, level, &Listed { meta, duplicate_of }).map_err(json_err)?;
            }
            Piece::Node(json) => pretty::reformat(&mut out, &json, level),
            Piece::Rel(json, texts) => {
                let se: StoredEdge = serde_json::from_str(&json).map_err(|e| corrupt("edges", e))?;
                let rec = restore(se, texts);
                write_edge(&mut out, level, &rec)?;
            }
            Piece::Stmt(rows) => {
                let mut folded: Option<EdgeRecord> = None;
                for r in rows {
                    let mut se: StoredEdge = serde_json::from_str(&r.json).map_err(|e| corrupt("stmt_edges", e))?;
                    se.s = r.source;
                    se.t = r.target;
                    se.k = r.key;
                    let mut rec = restore(se, r.texts);
                    rec.edge.evidence.sort();
                    rec.edge.evidence.dedup();
                    if max_evidence > 0 {
                        rec.edge.evidence.truncate(max_evidence);
                    }
                    match &mut folded {
                        None => folded = Some(rec),
                        Some(f) => f.edge.absorb(&rec.edge, max_evidence),
                    }
                }
                if let Some(rec) = folded {
                    write_edge(&mut out, level, &rec)?;
                }
            }
        }
    }
    Ok(out)
}

fn corrupt(table: &'static str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt { path: "graph.db".into(), table, message: e.to_string() }
}

/// Puts the documents and texts of a stored edge's evidence back.
fn restore(mut se: StoredEdge, texts: Vec<(String, String)>) -> EdgeRecord {
    for (ev, (doc, text)) in se.e.evidence.iter_mut().zip(texts) {
        ev.doc = doc;
        ev.text = text;
    }
    EdgeRecord { source: se.s, target: se.t, key: se.k, edge: se.e }
}

fn write_edge(out: &mut Vec<u8>, level: usize, e: &EdgeRecord) -> Result<()> {
    #[derive(Serialize)]
    struct Rec<'a> {
        source: &'a str,
        target: &'a str,
        key: &'a str,
        #[serde(flatten)]
        edge: &'a Edge,
    }
    pretty::write_at(out, level, &Rec { source: &e.source, target: &e.target, key: &e.key, edge: &e.edge }).map_err(json_err)
}

/// Writes the chunks it is given in order, after formatting them on `threads` workers.
struct Pipeline<'w, W: Write> {
    w: &'w mut W,
    threads: usize,
    max_evidence: usize,
    /// Chunks sent to the workers and not written yet.
    in_flight: usize,
    next_sent: usize,
    next_written: usize,
    done: BTreeMap<usize, Result<Vec<u8>>>,
    jobs: Option<mpsc::SyncSender<(usize, Chunk)>>,
    results: mpsc::Receiver<(usize, Result<Vec<u8>>)>,
}

impl<W: Write> Pipeline<'_, W> {
    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.w.write_all(bytes).map_err(json_err)
    }

    /// Formats `chunk` (inline with one thread) and writes what is ready, in order.
    fn push(&mut self, chunk: Chunk) -> Result<()> {
        let Some(jobs) = &self.jobs else {
            let bytes = format(chunk, self.max_evidence)?;
            return self.write(&bytes);
        };
        if jobs.send((self.next_sent, chunk)).is_err() {
            return Err(json_err("the formatting threads stopped"));
        }
        self.next_sent += 1;
        self.in_flight += 1;
        while self.in_flight > 2 * self.threads {
            self.drain_one()?;
        }
        Ok(())
    }

    /// Waits for the next chunk in order and writes it.
    fn drain_one(&mut self) -> Result<()> {
        while !self.done.contains_key(&self.next_written) {
            let (i, r) = self.results.recv().map_err(|_| json_err("the formatting threads stopped"))?;
            self.done.insert(i, r);
        }
        if let Some(r) = self.done.remove(&self.next_written) {
            let bytes = r?;
            self.write(&bytes)?;
        }
        self.next_written += 1;
        self.in_flight -= 1;
        Ok(())
    }

    /// Writes everything still in flight.
    fn flush(&mut self) -> Result<()> {
        while self.in_flight > 0 {
            self.drain_one()?;
        }
        Ok(())
    }
}

/// Collects pieces into chunks of one section.
struct Chunker {
    section: Section,
    pieces: Vec<Piece>,
    bytes: usize,
    /// Elements of the current section so far.
    count: usize,
}

impl Chunker {
    fn add<W: Write>(&mut self, p: &mut Pipeline<'_, W>, piece: Piece, bytes: usize) -> Result<()> {
        self.pieces.push(piece);
        self.bytes += bytes;
        if self.bytes >= CHUNK_BYTES {
            self.cut(p)?;
        }
        Ok(())
    }

    fn cut<W: Write>(&mut self, p: &mut Pipeline<'_, W>) -> Result<()> {
        if self.pieces.is_empty() {
            return Ok(());
        }
        let pieces = std::mem::take(&mut self.pieces);
        let first = self.count == 0;
        self.count += pieces.len();
        self.bytes = 0;
        p.push(Chunk { section: self.section, first, pieces })
    }

    /// Ends the section: the last chunk, then the closing bracket.
    fn close<W: Write>(&mut self, p: &mut Pipeline<'_, W>) -> Result<()> {
        self.cut(p)?;
        p.flush()?;
        let mut end = Vec::new();
        if self.count > 0 {
            end.push(b'\n');
            indent(&mut end, self.section.level() - 1);
        }
        end.push(b']');
        p.write(&end)
    }
}

impl Store {
    /// Writes `graph.json` (see the module notes), formatting on the store's number of threads
    /// ([`Store::set_threads`]).
    pub fn write_json<W: Write>(&self, w: W) -> Result<()> {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, w);
        let threads = self.threads.max(1);
        let max = self.max_evidence;
        let (jobs_tx, jobs_rx) = mpsc::sync_channel::<(usize, Chunk)>(2 * threads);
        let (res_tx, res_rx) = mpsc::channel();
        let jobs_rx = std::sync::Mutex::new(jobs_rx);
        std::thread::scope(|scope| {
            if threads > 1 {
                for _ in 0..threads {
                    let (rx, tx) = (&jobs_rx, res_tx.clone());
                    scope.spawn(move || {
                        loop {
                            let job = match rx.lock() {
                                Ok(r) => r.recv(),
                                Err(_) => return,
                            };
                            let Ok((i, chunk)) = job else { return };
                            if tx.send((i, format(chunk, max))).is_err() {
                                return;
                            }
                        }
                    });
                }
            }
            drop(res_tx);
            let mut p = Pipeline {
                w: &mut w,
                threads,
                max_evidence: max,
                in_flight: 0,
                next_sent: 0,
                next_written: 0,
                done: BTreeMap::new(),
                jobs: (threads > 1).then_some(jobs_tx),
                results: res_rx,
            };
            let r = self.read_pieces(&mut p);
            // Closing the job channel ends the workers.
            p.jobs = None;
            r
        })?;
        w.write_all(b"\n").map_err(json_err)?;
        w.flush().map_err(json_err)
    }

    /// The reading side of [`Store::write_json`].
    fn read_pieces<W: Write>(&self, p: &mut Pipeline<'_, W>) -> Result<()> {
        let err = self.err();
        let head = format!(
            "{{\n  \"directed\": true,\n  \"multigraph\": true,\n  \"graph\": {{\n    \"generator\": {},\n    \"documents\": [",
            serde_json::to_string(&format!("newsgraph {}", env!("CARGO_PKG_VERSION"))).map_err(json_err)?
        );
        p.write(head.as_bytes())?;
        let mut c = Chunker { section: Section::Documents, pieces: Vec::new(), bytes: 0, count: 0 };
        {
            let mut st = self.conn.prepare("SELECT meta, duplicate_of FROM documents ORDER BY id").map_err(&err)?;
            let mut rows = st.query([]).map_err(&err)?;
            while let Some(r) = rows.next().map_err(&err)? {
                let meta: String = r.get(0).map_err(&err)?;
                let n = meta.len();
                c.add(p, Piece::Doc(meta, r.get(1).map_err(&err)?), n)?;
            }
        }
        c.close(p)?;
        p.write(b"\n  },\n  \"nodes\": [")?;

        let mut c = Chunker { section: Section::Nodes, pieces: Vec::new(), bytes: 0, count: 0 };
        {
            let mut e = self.conn.prepare("SELECT id, node FROM entities ORDER BY id").map_err(&err)?;
            let mut s = self.conn.prepare("SELECT id, node FROM statements ORDER BY id").map_err(&err)?;
            let mut er = e.query([]).map_err(&err)?;
            let mut sr = s.query([]).map_err(&err)?;
            let next = |rows: &mut rusqlite::Rows<'_>| -> Result<Option<(String, String)>> {
                match rows.next().map_err(&err)? {
                    Some(r) => Ok(Some((r.get(0).map_err(&err)?, r.get(1).map_err(&err)?))),
                    None => Ok(None),
                }
            };
            let (mut a, mut b) = (next(&mut er)?, next(&mut sr)?);
            loop {
                let take_a = match (&a, &b) {
                    (Some(x), Some(y)) => x.0 <= y.0,
                    (Some(_), None) => true,
                    (None, Some(_)) => false,
                    (None, None) => break,
                };
                let (id, json) = if take_a {
                    std::mem::replace(&mut a, next(&mut er)?)
                } else {
                    std::mem::replace(&mut b, next(&mut sr)?)
                }
                .unwrap_or_default();
                let n = id.len() + json.len();
                c.add(p, Piece::Node(json), n)?;
            }
        }
        c.close(p)?;
        p.write(b",\n  \"edges\": [")?;

        let mut c = Chunker { section: Section::Edges, pieces: Vec::new(), bytes: 0, count: 0 };
        {
            let mut rel = self.conn.prepare("SELECT source, target, key, edge, sids FROM edges ORDER BY source, target, key").map_err(&err)?;
            let mut stm = self
                .conn
                .prepare(
                    "SELECT e.fsource, e.ftarget, e.key, e.edge, e.doc, e.sid, s.text, e.nev FROM stmt_edges e LEFT JOIN sentences s ON s.sid = e.sid
                     ORDER BY e.fsource, e.ftarget, e.key",
                )
                .map_err(&err)?;
            let mut rr = rel.query([]).map_err(&err)?;
            let mut sr = stm.query([]).map_err(&err)?;
            type Key = (String, String, String);
            let next_rel = |rows: &mut rusqlite::Rows<'_>| -> Result<Option<(Key, String, Vec<u8>)>> {
                match rows.next().map_err(&err)? {
                    Some(r) => Ok(Some((
                        (r.get(0).map_err(&err)?, r.get(1).map_err(&err)?, r.get(2).map_err(&err)?),
                        r.get(3).map_err(&err)?,
                        r.get(4).map_err(&err)?,
                    ))),
                    None => Ok(None),
                }
            };
            let next_stmt = |rows: &mut rusqlite::Rows<'_>| -> Result<Option<StmtRow>> {
                let Some(r) = rows.next().map_err(&err)? else { return Ok(None) };
                let json: String = r.get(3).map_err(&err)?;
                let doc: u32 = r.get(4).map_err(&err)?;
                let first: Option<i64> = r.get(5).map_err(&err)?;
                let text: Option<String> = r.get(6).map_err(&err)?;
                let nev: i64 = r.get(7).map_err(&err)?;
                Ok(Some(StmtRow {
                    source: r.get(0).map_err(&err)?,
                    target: r.get(1).map_err(&err)?,
                    key: r.get(2).map_err(&err)?,
                    texts: self.stmt_texts(&json, doc, nev, first, text)?,
                    json,
                }))
            };
            let (mut a, mut b) = (next_rel(&mut rr)?, next_stmt(&mut sr)?);
            loop {
                let take_rel = match (&a, &b) {
                    (Some(x), Some(y)) => (x.0.0.as_str(), x.0.1.as_str(), x.0.2.as_str()) <= (y.source.as_str(), y.target.as_str(), y.key.as_str()),
                    (Some(_), None) => true,
                    (None, Some(_)) => false,
                    (None, None) => break,
                };
                if take_rel {
                    let Some((_, json, sids)) = std::mem::replace(&mut a, next_rel(&mut rr)?) else { break };
                    let texts = self.rel_texts(&sids)?;
                    let n = json.len() + texts.iter().map(|t| t.1.len()).sum::<usize>();
                    c.add(p, Piece::Rel(json, texts), n)?;
                } else {
                    let Some(first) = std::mem::replace(&mut b, next_stmt(&mut sr)?) else { break };
                    let mut group = vec![first];
                    while let Some(y) = &b {
                        let g = &group[0];
                        if (&y.source, &y.target, &y.key) != (&g.source, &g.target, &g.key) {
                            break;
                        }
                        if let Some(y) = std::mem::replace(&mut b, next_stmt(&mut sr)?) {
                            group.push(y);
                        }
                    }
                    let n = group.iter().map(|r| r.json.len() + r.texts.iter().map(|t| t.1.len()).sum::<usize>()).sum();
                    c.add(p, Piece::Stmt(group), n)?;
                }
            }
        }
        c.close(p)?;
        p.write(b"\n}")
    }

    /// Document names and texts of a relation edge's evidence sentences (`sids`: its sentence
    /// ids, see [`super::sids_blob`]).
    fn rel_texts(&self, sids: &[u8]) -> Result<Vec<(String, String)>> {
        super::sids_of_blob(sids)
            .map(|sid| {
                let (doc, _, _, text) = self.sentence(sid)?;
                Ok((self.doc_name(doc).to_string(), text))
            })
            .collect()
    }

    /// Document names and texts of a statement edge's evidence (stored with document `doc`):
    /// the first sentence as joined (`nev` is the number of evidence items), the others (rare)
    /// read by id.
    fn stmt_texts(&self, json: &str, doc: u32, nev: i64, first: Option<i64>, text: Option<String>) -> Result<Vec<(String, String)>> {
        let name = self.doc_name(doc);
        if nev == 1
            && first.is_some()
            && let Some(t) = text
        {
            return Ok(vec![(name.to_string(), t)]);
        }
        let sids = evidence_sids(json).map_err(|e| self.corrupt("stmt_edges", e))?;
        let mut out = Vec::with_capacity(sids.len());
        let mut text = text;
        for local in sids {
            let sid = super::sid(doc, local);
            match (first, text.take()) {
                (Some(f), Some(t)) if f == sid => out.push((name.to_string(), t)),
                (_, t) => {
                    text = t;
                    let (d, _, _, t) = self.sentence(sid)?;
                    out.push((self.doc_name(d).to_string(), t));
                }
            }
        }
        Ok(out)
    }
}

/// The sentence ids of a stored edge's evidence (the first element of each `ev` item), read
/// without parsing the rest.
fn evidence_sids(json: &str) -> serde_json::Result<Vec<i64>> {
    use serde::de::{IgnoredAny, SeqAccess, Visitor};
    struct Ev(i64);
    impl<'de> serde::Deserialize<'de> for Ev {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Ev, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Ev;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("an evidence array")
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Ev, A::Error> {
                    let sid: i64 = seq.next_element()?.ok_or_else(|| serde::de::Error::invalid_length(0, &self))?;
                    while seq.next_element::<IgnoredAny>()?.is_some() {}
                    Ok(Ev(sid))
                }
            }
            d.deserialize_seq(V)
        }
    }
    #[derive(serde::Deserialize)]
    struct Only {
        #[serde(default)]
        ev: Vec<Ev>,
    }
    let o: Only = serde_json::from_str(json)?;
    Ok(o.ev.into_iter().map(|e| e.0).collect())
}
