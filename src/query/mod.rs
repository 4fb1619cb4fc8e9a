//! Stage 7: queries over a merged graph — who said what, how two entities connect, what is
//! around an entity, and what the graph holds.
//!
//! ```text
//! graph.json ──load──▶ KnowledgeGraph ──Queries::new──▶ Queries ─┬─ resolve(name)   → NodeIndex
//!                                                                ├─ who_said(..)    → WhoSaidResult
//!                                                                ├─ path(a, b, ..)  → PathResult
//!                                                                ├─ neighbors(..)   → NeighborResult
//!                                                                └─ stats(top)      → Stats
//! ```
//!
//! One file per query ([`who_said`], [`path`], [`neighbors`], [`stats`]), name resolution in
//! [`names`], people's output (aligned tables) in [`output`] and [`table`], pictures in [`dot`],
//! and the command-line glue (clap) in [`cli`]. Machine output is the JSON of the result types,
//! documented in `docs/query-json.md`.
//!
//! Design and invariants:
//! * [`Queries`] borrows the graph and builds its indexes once: the name index is built on
//!   first use (so `stats` never pays for it); adjacency is petgraph's own. The free functions
//!   ([`resolve`], [`who_said()`], [`path()`], [`neighbors()`], [`stats()`]) are one-shot
//!   conveniences that build a fresh [`Queries`] each call — keep a `Queries` for many queries.
//! * Names never guess silently: a full name beats a surname; a surname shared by several is
//!   taken only for the one far better attested, with a note naming the others
//!   ([`Queries::take_notes`]); otherwise an ambiguous name is an error listing the candidates
//!   with their roles and documents ([`QueryError::Ambiguous`]), an unknown one an error with
//!   close suggestions.
//! * Every answer is deterministic for a given `graph.json` (sorted rows, stable tie-breaks),
//!   and bounded: path enumeration stops at [`path::MAX_PATHS`] paths or a work budget and says
//!   so (`truncated`), neighbour lists stop at a row limit and give the total.
//! * Nothing here panics on any graph or any argument; problems are [`QueryError`]s, each with
//!   a stable [`QueryError::code`] and an [`QueryError::exit_code`] for the CLI.
//!
//! ```
//! use newsgraph::graph::KnowledgeGraph;
//! use newsgraph::model::{Node, NodeType};
//! use newsgraph::query::{Queries, QueryError};
//!
//! let mut g = KnowledgeGraph::default();
//! let mut lavrov = Node::entity("sergey-lavrov", "Sergey Lavrov", NodeType::Person);
//! lavrov.aliases.insert("Lavrov".into());
//! g.upsert_node(&lavrov);
//! let q = Queries::new(&g);
//! let ix = q.resolve("lavrov").unwrap();
//! assert_eq!(g.graph()[ix].id, "sergey-lavrov");
//! assert!(matches!(q.resolve("Putin"), Err(QueryError::Unknown { .. })));
//! ```

pub mod cli;
pub mod dot;
pub mod names;
pub mod neighbors;
pub mod output;
pub mod path;
pub mod stats;
pub mod table;
pub mod who_said;

pub use names::{NameIndex, normalize, normalize_into};
pub use neighbors::{NeighborOpts, NeighborResult, NeighborRow};
pub use path::{Direction, Hop, PathOpts, PathResult, PathRow};
pub use stats::Stats;
pub use who_said::{StatementRow, WhoSaid, WhoSaidResult};

use crate::graph::KnowledgeGraph;
use crate::model::{Node, NodeType};
use petgraph::stable_graph::NodeIndex;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use names::Candidate;

/// Everything that can go wrong in a query. Each variant has a stable [`code`](Self::code).
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The graph file could not be read.
    #[error("cannot read graph {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The graph file is not a valid `graph.json`.
    #[error("{} is not a valid graph.json: {source}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// Why.
        source: serde_json::Error,
    },
    /// No node has this name.
    #[error("{}", names::unknown_message(name, suggestions))]
    Unknown {
        /// The name as given.
        name: String,
        /// Close names, best first (may be empty).
        suggestions: Vec<Candidate>,
    },
    /// Several nodes have this name; the query does not guess.
    #[error("{}", names::ambiguous_message(name, candidates, *more))]
    Ambiguous {
        /// The name as given.
        name: String,
        /// The matching nodes, most mentioned first (at most [`names::MAX_CANDIDATES`]).
        candidates: Vec<Candidate>,
        /// How many more matched but are not listed.
        more: usize,
    },
    /// A `--since`/`--until` value that is not an ISO date.
    #[error("invalid date {value:?} for {flag}: expected YYYY, YYYY-MM or YYYY-MM-DD")]
    BadDate {
        /// The option (`since` or `until`).
        flag: &'static str,
        /// The value given.
        value: String,
    },
    /// Another invalid argument.
    #[error("invalid argument: {0}")]
    BadArgument(String),
    /// `--relation` names no relation of the graph (nor an edge kind).
    #[error("no edge has the relation {relation:?}{}", names::did_you_mean(suggestions))]
    UnknownRelation {
        /// The relation as given.
        relation: String,
        /// Relations of the graph spelled alike, best first.
        suggestions: Vec<String>,
    },
    /// Options that cannot go together (a usage error, found before the graph is read).
    #[error("{0}")]
    Usage(String),
    /// The graph store could not be read (missing, newer schema, damaged).
    #[error("{0}")]
    Store(String),
    /// Drawing failed (Graphviz missing or failing).
    #[error("graphviz: {0}")]
    Graphviz(String),
    /// Writing the answer failed.
    #[error("cannot write {what}: {source}")]
    Write {
        /// What was being written (`output`, a file name).
        what: String,
        /// Why.
        source: std::io::Error,
    },
}

impl QueryError {
    /// The process exit code for this error: 2 for a name that is unknown or ambiguous (the
    /// user should rephrase) or a bad date (a usage error), 1 for everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            QueryError::Unknown { .. } | QueryError::Ambiguous { .. } | QueryError::BadDate { .. } | QueryError::Usage(_) | QueryError::UnknownRelation { .. } => 2,
            _ => 1,
        }
    }

    /// Lines for people that follow the one-line message: the candidates of an ambiguous name
    /// or the suggestions for an unknown one, with their types, documents and roles.
    pub fn details(&self) -> Option<String> {
        match self {
            QueryError::Unknown { suggestions, .. } if !suggestions.is_empty() => Some(names::candidate_lines(suggestions)),
            QueryError::Ambiguous { candidates, .. } => Some(names::candidate_lines(candidates)),
            _ => None,
        }
    }

    /// A stable, searchable code for the error (also the `error.code` field of JSON output).
    pub fn code(&self) -> &'static str {
        match self {
            QueryError::Read { .. } => "read-graph",
            QueryError::Parse { .. } => "parse-graph",
            QueryError::Unknown { .. } => "unknown-name",
            QueryError::Ambiguous { .. } => "ambiguous-name",
            QueryError::BadDate { .. } => "bad-date",
            QueryError::BadArgument(_) => "bad-argument",
            QueryError::Usage(_) => "usage",
            QueryError::UnknownRelation { .. } => "unknown-relation",
            QueryError::Store(_) => "read-store",
            QueryError::Graphviz(_) => "graphviz",
            QueryError::Write { .. } => "write",
        }
    }
}

/// A node as it appears in answers: id, label and type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeRef {
    /// Node id.
    pub id: String,
    /// Display label; for a statement, its text (whole: cut it for display, see [`truncate`]).
    pub label: String,
    /// Node type.
    #[serde(rename = "type")]
    pub node_type: NodeType,
}

impl NodeRef {
    /// The reference to a node.
    pub fn of(n: &Node) -> NodeRef {
        let label = match (&n.node_type, &n.text) {
            (NodeType::Statement, Some(text)) => text.clone(),
            _ => n.label.clone(),
        };
        NodeRef { id: n.id.clone(), label, node_type: n.node_type }
    }
}

/// Statement text is cut to this many characters in chains, tables and pictures.
pub const STATEMENT_CHARS: usize = 60;

/// How a node reads in a chain or a table: its label, or for a statement its quoted text cut
/// to [`STATEMENT_CHARS`] characters.
pub fn display_name(n: &Node) -> String {
    if n.node_type == NodeType::Statement {
        let text = n.text.as_deref().unwrap_or(&n.label);
        format!("\"{}\"", truncate(text, STATEMENT_CHARS))
    } else {
        n.label.clone()
    }
}

/// Cuts `s` to at most `max` characters, ending with `…` when cut; newlines become spaces.
pub fn truncate(s: &str, max: usize) -> String {
    let flat: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if flat.chars().count() <= max {
        return flat;
    }
    if max == 0 {
        return String::new();
    }
    let mut out: String = flat.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// Loads a graph from a `graph.json` file or from a directory that contains one. Evidence is
/// kept as written (no cap).
pub fn load(path: impl AsRef<Path>) -> Result<KnowledgeGraph, QueryError> {
    let mut path = path.as_ref().to_path_buf();
    if path.is_dir() {
        path = path.join("graph.json");
    }
    // Only a regular file: a FIFO would block, a device never end.
    if let Ok(m) = std::fs::metadata(&path)
        && !m.is_file()
    {
        return Err(QueryError::Read { path, source: std::io::Error::other("not a regular file") });
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|source| QueryError::Read { path: path.clone(), source })?;
    KnowledgeGraph::from_json(&text, 0).map_err(|source| QueryError::Parse { path, source })
}

/// A graph with its query indexes. Build once, ask many times.
pub struct Queries<'g> {
    g: &'g KnowledgeGraph,
    names: OnceLock<NameIndex>,
    notes: std::sync::Mutex<Vec<String>>,
}

impl<'g> Queries<'g> {
    /// Wraps a graph. Cheap: indexes are built on first use.
    pub fn new(g: &'g KnowledgeGraph) -> Queries<'g> {
        Queries { g, names: OnceLock::new(), notes: Default::default() }
    }

    /// The graph.
    pub fn graph(&self) -> &'g KnowledgeGraph {
        self.g
    }

    /// The name index (built on first call; O(nodes × names)).
    pub fn names(&self) -> &NameIndex {
        self.names.get_or_init(|| NameIndex::build(self.g))
    }

    /// Resolves a name to a node; see [`names`] for the rules. A name taken among namesakes
    /// leaves a note ([`Queries::take_notes`]).
    pub fn resolve(&self, name: &str) -> Result<NodeIndex, QueryError> {
        let (ix, note) = self.names().resolve_noted(self.g, name)?;
        if let Some(n) = note
            && let Ok(mut v) = self.notes.lock()
        {
            v.push(n);
        }
        Ok(ix)
    }

    /// The notes name resolution left since the last call: which node a surname was taken as,
    /// and which namesakes it also names.
    pub fn take_notes(&self) -> Vec<String> {
        self.notes.lock().map(|mut v| std::mem::take(&mut *v)).unwrap_or_default()
    }

    /// The reference to a node by index.
    pub fn node_ref(&self, ix: NodeIndex) -> NodeRef {
        NodeRef::of(&self.g.graph()[ix])
    }
}

/// Resolves a name (one-shot; builds the name index).
pub fn resolve(g: &KnowledgeGraph, name: &str) -> Result<NodeIndex, QueryError> {
    Queries::new(g).resolve(name)
}

/// Who said what (one-shot): the matching statements, sorted by date, document and offset.
pub fn who_said(g: &KnowledgeGraph, q: &WhoSaid) -> Result<Vec<StatementRow>, QueryError> {
    Ok(Queries::new(g).who_said(q)?.statements)
}

/// How `a` and `b` connect (one-shot).
pub fn path(g: &KnowledgeGraph, a: &str, b: &str, opts: &PathOpts) -> Result<PathResult, QueryError> {
    Queries::new(g).path(a, b, opts)
}

/// What is around `x` (one-shot).
pub fn neighbors(g: &KnowledgeGraph, x: &str, opts: &NeighborOpts) -> Result<NeighborResult, QueryError> {
    Queries::new(g).neighbors(x, opts)
}

/// What the graph holds, with the top 10 entities (one-shot).
pub fn stats(g: &KnowledgeGraph) -> Stats {
    Queries::new(g).stats(10)
}
