//! The graph's home on disk: `graph.db`, an SQLite database (through `rusqlite`, bundled).
//!
//! ```text
//!  DocFacts ──add_document──▶ per-document layer (documents, sentences, statements,
//!     │                        statement edges, relation edges, evidence, doc_graph) ── the truth
//!     └──add_lean──▶ lean KnowledgeGraph (entities only, with their documents) in memory
//!                          │ finalize: identity rules decide merges (graph::identity)
//!                          ▼
//!                    finished layer (id_map, entities, names, tokens, edges)  ── derived
//!                          │
//!                          ▼ streamed in id order: graph.json, drawings, queries
//! ```
//!
//! Design and invariants (the schema itself is documented in `docs/store.md`):
//! * **Each document keeps its own facts** (per-document layer). Replacing or removing a
//!   document deletes its rows and nothing else; the finished layer is then recomputed from
//!   what is stored ([`Store::finish`]), never patched. So whatever the order of adds,
//!   replacements and removals, the store and its exports equal a fresh build of the final set.
//! * **Memory is bounded by what is distinct**: statements, relation edges, evidence and
//!   sentence texts stream to disk as documents are extracted; only the entities (for the
//!   identity rules) are in memory. Finishing reads the rest through SQLite's sorter.
//! * **Identity decisions are applied, not recomputed on disk**: the merges the rules made
//!   ([`crate::graph::Merge`]) become the `id_map` table, and statement edges get their mapped
//!   ends with one `UPDATE` over the rows that change.
//! * **Deterministic**: every export reads with `ORDER BY` on content-derived keys (ids, byte
//!   offsets), never rowids; rowids are internal join keys only. [`Store::logical_dump`] gives a
//!   canonical text of the whole store, to compare stores built in different orders.
//! * **Versioned**: `PRAGMA application_id` says it is a newsgraph store, `PRAGMA user_version`
//!   its schema version ([`SCHEMA_VERSION`]); both are checked on open ([`StoreError`]).
//! * **Exact duplicates** (the same normalised text under another id) are stored once: the
//!   smallest id holds the facts, the others are listed with `duplicate_of` and keep their own
//!   facts aside (JSON), so that removing the holder promotes the next one exactly.

mod export;
mod finish;
mod index;
mod json;
mod neighbors;
mod overview;
mod paths;
mod pretty;
mod read;
mod rows;
mod stats;
mod who;
mod write;

pub use read::{Adjacent, StoreGraph};
pub use rows::{prepare, Prepared};
pub use write::Added;

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The store's file name in an output directory.
pub const DB_FILE: &str = "graph.db";
/// SQLite's page cache of a writing connection, in KiB as `PRAGMA cache_size` takes it
/// (negative). It also sets how much each sort (an index build, an `ORDER BY`) holds in memory
/// before it spills a sorted run to a temporary file, and a sort with a helper thread holds two
/// such runs: at 128 MiB the index builds of a 1 GB build peaked at 945 MB of RSS.
const WRITE_CACHE_KIB: i64 = -65536;

/// Page size of a new store, in bytes. 16 KiB pages make the finishing scans and the exports
/// about 6 % faster than SQLite's 4 KiB (fewer page reads and B-tree levels), while a query's
/// point lookups stay about as fast; 64 KiB pages were faster still to build, but made
/// `query neighbors` 1.6× and `who-said` 1.4× slower. A store copied for `--into` keeps its own.
const PAGE_SIZE: u32 = 16384;

/// Schema version written to `PRAGMA user_version`; a store with a larger one is refused.
pub const SCHEMA_VERSION: i64 = 3;
/// `PRAGMA application_id` of a newsgraph store ("NGDB").
pub const APPLICATION_ID: i64 = 0x4e474442;

/// Why the store could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed (I/O, a full disk, a corrupt file).
    #[error("{path}: {source}")]
    Sqlite {
        /// The database file.
        path: String,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// The file is not a newsgraph store (or is damaged beyond reading its header).
    #[error("{path} is not a newsgraph graph store ({reason}); rebuild it with `newsgraph build`")]
    NotAStore {
        /// The file.
        path: String,
        /// What was found.
        reason: String,
    },
    /// Written by a newer newsgraph.
    #[error("{path} has store schema version {found}, newer than this newsgraph understands ({supported}); use a newer newsgraph or rebuild")]
    Newer {
        /// The file.
        path: String,
        /// Its version.
        found: i64,
        /// Ours.
        supported: i64,
    },
    /// Written by an older newsgraph, with a schema this one does not read.
    #[error("{path} has store schema version {found}, older than this newsgraph's ({supported}); rebuild it with `newsgraph build`")]
    Older {
        /// The file.
        path: String,
        /// Its version.
        found: i64,
        /// Ours.
        supported: i64,
    },
    /// Stored JSON could not be read back (a damaged store).
    #[error("{path}: damaged row in {table}: {message}")]
    Corrupt {
        /// The file.
        path: String,
        /// Which table.
        table: &'static str,
        /// What went wrong.
        message: String,
    },
    /// The store file does not exist.
    #[error("{path}: no graph store here (no {DB_FILE}); build one with `newsgraph build … --out DIR`")]
    Missing {
        /// Where it was looked for.
        path: String,
    },
}

/// A result with a [`StoreError`].
pub type Result<T> = std::result::Result<T, StoreError>;

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Document numbers → ids (all documents, duplicates included), in a store opened for
    /// writing; a store opened for reading looks names up one by one ([`Store::doc_name`]):
    /// a query needs a few, and reading them all took a third of a query's time at 1 GB.
    doc_names: HashMap<u32, String>,
    /// `doc_names` holds every document.
    names_loaded: bool,
    /// The indexes on document numbers exist.
    doc_indexes: bool,
    /// Largest evidence list kept per finished edge (0 = all).
    max_evidence: usize,
    /// Threads that format exports ([`Store::set_threads`]).
    threads: usize,
    /// Wall time of each step of the last [`Store::finish`] ([`Store::steps`]).
    steps: std::cell::RefCell<Vec<(&'static str, std::time::Duration)>>,
}

const SCHEMA: &str = r#"
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE documents(
    doc INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    meta TEXT NOT NULL,
    date TEXT,
    text_hash TEXT,
    duplicate_of TEXT,
    facts TEXT
);
CREATE INDEX documents_hash ON documents(text_hash) WHERE text_hash IS NOT NULL;
CREATE TABLE sentences(sid INTEGER PRIMARY KEY, doc INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL);
CREATE TABLE doc_graph(doc INTEGER PRIMARY KEY, nodes TEXT NOT NULL);
CREATE TABLE rel_edges(doc INTEGER NOT NULL, n INTEGER NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, key TEXT NOT NULL, edge TEXT NOT NULL);
CREATE TABLE statements(id TEXT PRIMARY KEY, doc INTEGER NOT NULL, date TEXT, start INTEGER, node TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE stmt_edges(
    doc INTEGER NOT NULL,
    source TEXT NOT NULL, target TEXT NOT NULL,
    fsource TEXT NOT NULL, ftarget TEXT NOT NULL,
    key TEXT NOT NULL, kind TEXT NOT NULL,
    edge TEXT NOT NULL,
    sid INTEGER, nev INTEGER NOT NULL
);
CREATE TABLE evidence(
    doc INTEGER NOT NULL, n INTEGER NOT NULL, own INTEGER NOT NULL,
    source TEXT NOT NULL, target TEXT NOT NULL, key TEXT NOT NULL,
    sid INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    rule TEXT NOT NULL, date TEXT, date_source TEXT, surface TEXT, according_to TEXT
);
CREATE TABLE id_map(id TEXT PRIMARY KEY, final TEXT NOT NULL, rule TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE entities(id TEXT PRIMARY KEY, type TEXT NOT NULL, label TEXT NOT NULL, mentions INTEGER NOT NULL, node TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE names(name TEXT NOT NULL, entity TEXT NOT NULL, PRIMARY KEY(name, entity)) WITHOUT ROWID;
CREATE TABLE tokens(token TEXT NOT NULL, entity TEXT NOT NULL, PRIMARY KEY(token, entity)) WITHOUT ROWID;
CREATE TABLE edges(
    source TEXT NOT NULL, target TEXT NOT NULL, key TEXT NOT NULL,
    kind TEXT NOT NULL, relation TEXT NOT NULL, count INTEGER NOT NULL,
    edge TEXT NOT NULL,
    sids BLOB NOT NULL,
    PRIMARY KEY(source, target, key)
) WITHOUT ROWID;
CREATE INDEX edges_in ON edges(target, count);
CREATE TABLE stmt_order(ord INTEGER PRIMARY KEY, id TEXT NOT NULL, doc INTEGER NOT NULL, date TEXT);
CREATE TABLE stmt_groups(ord INTEGER PRIMARY KEY, grp INTEGER NOT NULL);
CREATE TABLE said(speaker TEXT NOT NULL, ord INTEGER NOT NULL, PRIMARY KEY(speaker, ord)) WITHOUT ROWID;
CREATE TABLE about(entity TEXT NOT NULL, ord INTEGER NOT NULL, PRIMARY KEY(entity, ord)) WITHOUT ROWID;
CREATE TABLE links(a TEXT NOT NULL, b TEXT NOT NULL, kinds INTEGER NOT NULL, PRIMARY KEY(a, b)) WITHOUT ROWID;
CREATE TABLE answer_rows(ix TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY(ix, key)) WITHOUT ROWID;
"#;

/// Indexes on the document number of the per-document tables: created before the first
/// removal, replacement or demotion of a duplicate's holder (a build without them goes faster
/// and makes a smaller file).
const DOC_INDEXES: &str = "
CREATE INDEX IF NOT EXISTS statements_doc ON statements(doc);
CREATE INDEX IF NOT EXISTS stmt_edges_doc ON stmt_edges(doc);
CREATE INDEX IF NOT EXISTS evidence_doc ON evidence(doc);
CREATE INDEX IF NOT EXISTS rel_edges_doc ON rel_edges(doc);";

/// The query indexes of the per-document tables, created after the bulk load by [`Store::finish`].
const QUERY_INDEXES: &str = "
CREATE INDEX IF NOT EXISTS stmt_edges_out ON stmt_edges(fsource, ftarget, key);
CREATE INDEX IF NOT EXISTS stmt_edges_in ON stmt_edges(ftarget, key, fsource);";

/// Sentence ids are `document number << SID_BITS | index in the document`, so the per-document
/// rows can be prepared before the document has a number, and a document's sentences are one
/// range of the primary key.
pub(crate) const SID_BITS: u32 = 24;

/// The sentence id of sentence `local` of document `doc`.
pub(crate) fn sid(doc: u32, local: i64) -> i64 {
    ((doc as i64) << SID_BITS) | local
}

/// Sentence ids packed as little-endian `i64`s (the `sids` column of `edges`).
pub(crate) fn sids_blob(sids: &[i64]) -> Vec<u8> {
    sids.iter().flat_map(|s| s.to_le_bytes()).collect()
}

/// The sentence ids of a [`sids_blob`].
pub(crate) fn sids_of_blob(b: &[u8]) -> impl Iterator<Item = i64> + '_ {
    b.chunks_exact(8).map(|c| i64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
}

impl Store {
    fn err(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |source| StoreError::Sqlite { path: self.path.display().to_string(), source }
    }

    /// Creates a new, empty store at `path` (which must not exist), for a build: journaling is
    /// off and writes are not synced until [`Store::close`], because the build happens in a
    /// temporary directory that is only swapped in once complete (see `pipeline::outdir`).
    /// Sorts (index builds, `ORDER BY`) spill to temporary files (`temp_store=FILE`): kept in
    /// memory they took 0.6 GB more at 1 GB of input.
    pub fn create(path: &Path, max_evidence: usize) -> Result<Store> {
        let p = path.display().to_string();
        let sq = |source| StoreError::Sqlite { path: p.clone(), source };
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX).map_err(sq)?;
        conn.execute_batch(&format!(
            "PRAGMA page_size={PAGE_SIZE}; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size={WRITE_CACHE_KIB}; PRAGMA temp_store=FILE;
             PRAGMA application_id={APPLICATION_ID}; PRAGMA user_version={SCHEMA_VERSION};
             BEGIN; {SCHEMA}
             INSERT INTO meta VALUES('schema', '{SCHEMA_VERSION}'), ('generator', 'newsgraph {}'), ('max_evidence', '{max_evidence}');
             COMMIT; BEGIN;",
            env!("CARGO_PKG_VERSION")
        ))
        .map_err(sq)?;
        Ok(Store { conn, path: path.to_path_buf(), doc_names: HashMap::new(), names_loaded: true, doc_indexes: false, max_evidence, threads: 1, steps: Default::default() })
    }

    /// Opens an existing store for reading (and, with `write`, for an update in place — used on
    /// a copy in a temporary directory). Checks that it is a newsgraph store of a schema
    /// version this program knows.
    pub fn open(path: &Path, write: bool) -> Result<Store> {
        let p = path.display().to_string();
        if !path.is_file() {
            return Err(StoreError::Missing { path: p });
        }
        let sq = |source| StoreError::Sqlite { path: p.clone(), source };
        let flags = if write { OpenFlags::SQLITE_OPEN_READ_WRITE } else { OpenFlags::SQLITE_OPEN_READ_ONLY };
        let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX).map_err(sq)?;
        let not = |reason: String| StoreError::NotAStore { path: p.clone(), reason };
        let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(|e| not(e.to_string()))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| not(e.to_string()))?;
        if app != APPLICATION_ID {
            return Err(not(format!("application id {app:#x}, expected {APPLICATION_ID:#x}")));
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer { path: p, found: version, supported: SCHEMA_VERSION });
        }
        if version < 1 {
            return Err(not(format!("schema version {version}")));
        }
        if version < SCHEMA_VERSION {
            return Err(StoreError::Older { path: p, found: version, supported: SCHEMA_VERSION });
        }
        let meta_version: String =
            conn.query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| r.get(0)).map_err(|e| not(format!("no schema in meta: {e}")))?;
        if meta_version != version.to_string() {
            return Err(not(format!("meta says schema {meta_version}, the header {version}")));
        }
        let max_evidence: usize = conn
            .query_row("SELECT value FROM meta WHERE key = 'max_evidence'", [], |r| r.get::<_, String>(0))
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(crate::graph::DEFAULT_MAX_EVIDENCE);
        if write {
            conn.execute_batch(&format!("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size={WRITE_CACHE_KIB}; PRAGMA temp_store=FILE; BEGIN;"))
                .map_err(sq)?;
        } else {
            // One read transaction for the whole session: SQLite then takes its shared lock and
            // checks the file once, and keeps its page cache, instead of at every statement.
            conn.execute_batch("PRAGMA cache_size=-65536; PRAGMA query_only=1; BEGIN;").map_err(sq)?;
        }
        let mut s = Store { conn, path: path.to_path_buf(), doc_names: HashMap::new(), names_loaded: false, doc_indexes: false, max_evidence, threads: 1, steps: Default::default() };
        if write {
            s.load_doc_names()?;
        }
        Ok(s)
    }

    fn load_doc_names(&mut self) -> Result<()> {
        let err = |source| StoreError::Sqlite { path: self.path.display().to_string(), source };
        let mut st = self.conn.prepare("SELECT doc, id FROM documents").map_err(err)?;
        let rows = st.query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?))).map_err(err)?;
        let mut names = HashMap::new();
        for row in rows {
            let (d, id) = row.map_err(err)?;
            names.insert(d, id);
        }
        drop(st);
        self.doc_names = names;
        self.names_loaded = true;
        Ok(())
    }

    /// Runs `f` as the step `name`, whose wall time [`Store::steps`] then reports.
    pub fn step<T>(&self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let t0 = std::time::Instant::now();
        let out = f();
        self.record_step(name, t0.elapsed());
        out
    }

    /// Records a step timed elsewhere.
    pub fn record_step(&self, name: &'static str, d: std::time::Duration) {
        self.steps.borrow_mut().push((name, d));
    }

    /// The steps timed since the last call (the parts of finishing: query indexes, identity
    /// rules, …), in order, with their wall time; `build --timings` prints them.
    pub fn steps(&self) -> Vec<(&'static str, std::time::Duration)> {
        std::mem::take(&mut *self.steps.borrow_mut())
    }

    /// Creates the indexes on document numbers, if not done yet.
    pub(crate) fn ensure_doc_indexes(&mut self) -> Result<()> {
        if !self.doc_indexes {
            self.conn.execute_batch(DOC_INDEXES).map_err(self.err())?;
            self.doc_indexes = true;
        }
        Ok(())
    }

    /// Creates the query indexes of the per-document tables, if not done yet.
    pub(crate) fn ensure_indexes(&self) -> Result<()> {
        self.conn.execute_batch(QUERY_INDEXES).map_err(self.err())
    }

    /// Relation edges of the finished layer.
    pub fn relation_edge_count(&self) -> Result<usize> {
        self.conn.query_row("SELECT count(*) FROM edges", [], |r| r.get::<_, i64>(0)).map(|n| n as usize).map_err(self.err())
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The underlying connection (read it with SQL; see `docs/store.md`).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The evidence cap of the finished layer (0 = all).
    pub fn max_evidence(&self) -> usize {
        self.max_evidence
    }

    /// Sets the evidence cap used by the next [`Store::finish`].
    pub fn set_max_evidence(&mut self, n: usize) -> Result<()> {
        self.max_evidence = n;
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES('max_evidence', ?1)", [n.to_string()]).map_err(self.err())?;
        Ok(())
    }

    /// Sets how many threads format exports and sort indexes (1 by default; 0 = one per core).
    pub fn set_threads(&mut self, n: usize) -> Result<()> {
        let n = if n == 0 { std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1) } else { n };
        self.threads = n;
        // SQLite's sorter (index builds, ORDER BY) may use helper threads too.
        self.conn.execute_batch(&format!("PRAGMA threads={}", n.saturating_sub(1).min(8))).map_err(self.err())
    }

    /// A second, read-only connection to this store, for an export that runs on another
    /// thread while this one writes another: what is written so far is committed first (the
    /// write transaction goes on), and the reader shares the document names and the number of
    /// threads.
    pub fn reader(&self) -> Result<Store> {
        if !self.conn.is_autocommit() {
            self.conn.execute_batch("COMMIT; BEGIN;").map_err(self.err())?;
        }
        let mut r = Store::open(&self.path, false)?;
        r.threads = self.threads;
        if self.names_loaded {
            r.doc_names = self.doc_names.clone();
            r.names_loaded = true;
        }
        Ok(r)
    }

    /// The number of threads of [`Store::set_threads`].
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Commits, syncs and closes the store.
    pub fn close(self) -> Result<()> {
        let err = |source| StoreError::Sqlite { path: self.path.display().to_string(), source };
        if !self.conn.is_autocommit() {
            self.conn.execute_batch("COMMIT").map_err(err)?;
        }
        self.conn.close().map_err(|(_, source)| err(source))?;
        if let Ok(f) = std::fs::File::open(&self.path) {
            let _ = f.sync_all();
        }
        Ok(())
    }

    fn corrupt(&self, table: &'static str, e: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt { path: self.path.display().to_string(), table, message: e.to_string() }
    }

    /// A canonical text of the whole store, independent of rowids and of the order documents
    /// came in: one JSON line per document (its facts, put back together, or its duplicate
    /// link), the identity merges, then `graph.json`. Two stores hold the same graph exactly
    /// when their dumps are equal.
    pub fn logical_dump(&self) -> Result<String> {
        let mut out = String::new();
        let mut st = self.conn.prepare("SELECT id, duplicate_of FROM documents ORDER BY id").map_err(self.err())?;
        let rows: Vec<(String, Option<String>)> =
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).map_err(self.err())?.collect::<std::result::Result<_, _>>().map_err(self.err())?;
        for (id, dup) in rows {
            let facts = self.document_facts(&id)?;
            let mut facts = serde_json::to_value(&facts).map_err(|e| self.corrupt("documents", e))?;
            if let Some(edges) = facts.get_mut("edges").and_then(|e| e.as_array_mut()) {
                edges.sort_by_key(|e| e.to_string());
            }
            let line = serde_json::json!({"id": id, "duplicate_of": dup, "facts": facts});
            out.push_str(&line.to_string());
            out.push('\n');
        }
        let mut st = self.conn.prepare("SELECT id, final, rule FROM id_map ORDER BY id").map_err(self.err())?;
        for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))).map_err(self.err())? {
            let (a, b, c) = r.map_err(self.err())?;
            out.push_str(&format!("merge {a} -> {b} ({c})\n"));
        }
        let mut json = Vec::new();
        self.write_json(&mut json)?;
        out.push_str(&String::from_utf8_lossy(&json));
        Ok(out)
    }

    /// The name of a document number.
    pub(crate) fn doc_name(&self, d: u32) -> std::borrow::Cow<'_, str> {
        if self.names_loaded {
            return std::borrow::Cow::Borrowed(self.doc_names.get(&d).map(|s| s.as_str()).unwrap_or(""));
        }
        let name: Option<String> =
            self.conn.prepare_cached("SELECT id FROM documents WHERE doc = ?1").and_then(|mut st| st.query_row([d], |r| r.get(0)).optional()).ok().flatten();
        std::borrow::Cow::Owned(name.unwrap_or_default())
    }
}
