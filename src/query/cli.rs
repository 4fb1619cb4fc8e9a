//! Command-line glue for `newsgraph query`: clap arguments ([`QueryArgs`]) and [`run`], which
//! loads the graph, asks the question and writes the answer — an aligned table for people,
//! `--json` for programs (format `newsgraph-query/1`, see `docs/query-json.md`), `who-said
//! --csv`/`--jsonl` for spreadsheets and scripts; with `--dot FILE`/`--svg FILE` a picture of the
//! answer, and with `--html FILE` an interactive page of it ([`crate::export::html`]).
//!
//! The binary only parses and maps errors to exit codes with [`QueryError::exit_code`]. With
//! `--json`, an error is also written to the output as a JSON object (`{"error": {...}}`), so
//! a program reading stdout always gets JSON; the message for people goes to stderr as usual.
//!
//! Table width: `--width`, else the `COLUMNS` environment variable, else 100.

use super::dot::{Picture, write_dot, write_svg};
use super::stats::Stats;
use super::{NeighborOpts, NeighborResult, PathOpts, PathResult, Queries, QueryError, WhoSaid, WhoSaidResult, load, output};
use crate::model::EdgeKind;
use clap::{Parser, Subcommand};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// The `format` field of every JSON answer.
pub const JSON_FORMAT: &str = "newsgraph-query/1";

/// `newsgraph query`: ask a graph (a graph.db store, or a graph.json).
#[derive(Debug, Clone, Parser)]
#[command(
    name = "query",
    about = "Ask a graph: who said what, how two entities connect, what is around one, what it holds",
    after_help = "Names are matched by id, label or alias, ignoring case, accents, quotes and dashes \
(\"lavrov\" finds \"Sergey Lavrov\"). An ambiguous or unknown name exits with code 2 and lists \
the candidates.\n\nExamples:\n  newsgraph query who-said --speaker lavrov --since 2018-01-01\n  \
newsgraph query path \"Andrey Kulik\" Russia --all --max-hops 4\n  \
newsgraph query --graph out/graph.json --json neighbors Russia --hops 2"
)]
pub struct QueryArgs {
    /// The graph: a graph.db store, a graph.json file, or an output directory (its graph.db,
    /// else its graph.json).
    #[arg(long, default_value = "output", global = true)]
    pub graph: PathBuf,
    /// Print JSON for programs instead of a table (documented in docs/query-json.md).
    #[arg(long, global = true)]
    pub json: bool,
    /// Also write the answer as a Graphviz DOT file.
    #[arg(long, value_name = "FILE", global = true)]
    pub dot: Option<PathBuf>,
    /// Also draw the answer as an SVG file (needs Graphviz's `dot` on PATH).
    #[arg(long, value_name = "FILE", global = true)]
    pub svg: Option<PathBuf>,
    /// Also write the answer as an interactive page (one self-contained HTML file: search,
    /// filters, statements and evidence on click).
    #[arg(long, value_name = "FILE", global = true)]
    pub html: Option<PathBuf>,
    /// Table width in characters [default: $COLUMNS, else 100].
    #[arg(long, global = true)]
    pub width: Option<usize>,
    /// Bold table headers (set by the binary from `--color`).
    #[arg(skip)]
    pub color: bool,
    /// The question.
    #[command(subcommand)]
    pub cmd: QueryCmd,
}

/// The questions.
#[derive(Debug, Clone, Subcommand)]
pub enum QueryCmd {
    /// Statements and their speakers, by speaker, topic and date.
    #[command(after_help = "Dates are ISO (YYYY, YYYY-MM or YYYY-MM-DD, inclusive); statements \
without a known full date are left out when --since or --until is given. Rows are sorted by \
date, document and offset; the same words quoted twice in one document are one row. Quotes \
are wrapped, never cut; documents are listed under the table.\n\nExamples:\n  \
newsgraph query who-said --speaker lavrov\n  \
newsgraph query who-said --about \"six-party talks\" --since 2018 --until 2018-06\n  \
newsgraph query who-said --speaker trump --cue tell --csv > trump.csv\n  \
newsgraph query who-said --doc breitbart_2016-09-30 --jsonl")]
    WhoSaid {
        /// Only statements by this speaker (a name or id).
        #[arg(long)]
        speaker: Option<String>,
        /// Only statements that mention this entity (a name or id).
        #[arg(long)]
        about: Option<String>,
        /// Only statements dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long, value_parser = parse_bound)]
        since: Option<String>,
        /// Only statements dated on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long, value_parser = parse_bound)]
        until: Option<String>,
        /// Only statements of this document (its id, or a part of it, ignoring case).
        #[arg(long, value_name = "ID")]
        doc: Option<String>,
        /// Only statements with this reporting cue (a verb in any form: "say" finds "said").
        #[arg(long, value_name = "WORD")]
        cue: Option<String>,
        /// Print CSV, one row per statement (speaker, quote, cue, document, date, evidence, …).
        #[arg(long, conflicts_with = "jsonl")]
        csv: bool,
        /// Print JSON lines, one statement per line (the rows of --json).
        #[arg(long)]
        jsonl: bool,
        /// At most this many statements, the first in date order (0 = all); the answer says
        /// how many match.
        #[arg(long, default_value_t = 100)]
        limit: usize,
    },
    /// How two entities connect: the shortest path, or every simple path (--all).
    #[command(after_help = "Edges are walked in both directions; each hop shows its relation, its \
direction (–rel→ or ←rel–) and its first evidence sentence. --all lists at most 100 paths, \
shortest first, and says when more may exist.\n\nExamples:\n  \
newsgraph query path \"Andrey Kulik\" Russia\n  \
newsgraph query path lavrov seoul --all --max-hops 3 --kind role,action")]
    Path {
        /// Where the path starts (a name or id).
        from: String,
        /// Where it ends (a name or id).
        to: String,
        /// Longest path considered, in hops.
        #[arg(long, default_value_t = 4)]
        max_hops: usize,
        /// Every simple path up to --max-hops (at most 100), not only the shortest.
        #[arg(long)]
        all: bool,
        /// Walk only edges of these kinds (comma-separated: role, action, quote, mention, membership).
        #[arg(long = "kind", value_delimiter = ',', value_parser = parse_kind)]
        kinds: Vec<EdgeKind>,
    },
    /// The edges around an entity, up to a number of hops.
    #[command(after_help = "--relation takes a relation (\"proposes\", \"foreign-minister-of\") or \
an edge kind (\"quote\", \"role\").\n\nExamples:\n  newsgraph query neighbors Russia\n  \
newsgraph query neighbors lavrov --hops 2 --relation quote --limit 20")]
    Neighbors {
        /// The entity (a name or id).
        name: String,
        /// How far to go.
        #[arg(long, default_value_t = 1)]
        hops: usize,
        /// Walk only edges of this relation or kind.
        #[arg(long)]
        relation: Option<String>,
        /// At most this many rows (0 = all).
        #[arg(long, default_value_t = 100)]
        limit: usize,
    },
    /// Counts by node type, edge kind and relation; top entities; documents.
    #[command(after_help = "Examples:\n  newsgraph query stats\n  newsgraph query stats --top 20 --json")]
    Stats {
        /// How many top entities (and table rows) to show.
        #[arg(long, default_value_t = 10)]
        top: usize,
    },
}

/// `--since`/`--until`: checked when the command line is read, so a bad date is a usage error
/// (exit code 2) before the graph is loaded.
fn parse_bound(s: &str) -> Result<String, String> {
    crate::text::dates::query_bound(s)
}

fn parse_kind(s: &str) -> Result<EdgeKind, String> {
    EdgeKind::parse(s).ok_or_else(|| {
        let all: Vec<&str> = EdgeKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown edge kind {s:?} (expected one of: {})", all.join(", "))
    })
}

impl QueryCmd {
    /// The command's name as in JSON's `command` field.
    pub fn name(&self) -> &'static str {
        match self {
            QueryCmd::WhoSaid { .. } => "who-said",
            QueryCmd::Path { .. } => "path",
            QueryCmd::Neighbors { .. } => "neighbors",
            QueryCmd::Stats { .. } => "stats",
        }
    }
}

#[derive(Serialize)]
struct Envelope<'a, T: Serialize> {
    format: &'static str,
    command: &'static str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
    #[serde(flatten)]
    body: &'a T,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    code: &'static str,
    exit_code: i32,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    candidates: Option<&'a [super::Candidate]>,
}

#[derive(Serialize)]
struct ErrorEnvelope<'a> {
    format: &'static str,
    command: &'static str,
    error: ErrorBody<'a>,
}

fn error_json<'a>(command: &'static str, e: &'a QueryError) -> ErrorEnvelope<'a> {
    let (name, candidates) = match e {
        QueryError::Unknown { name, suggestions } => (Some(name.as_str()), Some(suggestions.as_slice())),
        QueryError::Ambiguous { name, candidates, .. } => (Some(name.as_str()), Some(candidates.as_slice())),
        _ => (None, None),
    };
    let body = ErrorBody { code: e.code(), exit_code: e.exit_code(), message: e.to_string(), name, candidates };
    ErrorEnvelope { format: JSON_FORMAT, command, error: body }
}

fn write_out(out: &mut dyn Write, text: &str) -> Result<(), QueryError> {
    out.write_all(text.as_bytes()).map_err(|source| QueryError::Write { what: "output".into(), source })
}

fn json_text<T: Serialize>(command: &'static str, notes: &[String], body: &T) -> String {
    let env = Envelope { format: JSON_FORMAT, command, notes, body };
    // Serializing plain structs with string keys cannot fail.
    let mut s = serde_json::to_string_pretty(&env).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// The table width: `--width`, else `$COLUMNS`, else 100.
pub fn width(args: &QueryArgs) -> usize {
    args.width
        .or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse().ok()))
        .filter(|w| *w > 0)
        .unwrap_or(100)
}

/// Runs a query and writes the answer to `out`. Returns the notes for people (which node an
/// ambiguous surname was taken as), for the caller to print on standard error; with `--json`
/// they are also in the answer's `notes`.
pub fn run(args: &QueryArgs, out: &mut dyn Write) -> Result<Vec<String>, QueryError> {
    let result = answer(args, out);
    if let Err(e) = &result
        && args.json
        && !matches!(e, QueryError::Write { .. })
    {
        let mut s = serde_json::to_string_pretty(&error_json(args.cmd.name(), e)).unwrap_or_default();
        s.push('\n');
        let _ = out.write_all(s.as_bytes()); // the error itself is returned either way
    }
    result
}

/// The store to ask, when `path` is one (a `.db` file, or a directory holding `graph.db`).
pub fn store_path(path: &std::path::Path) -> Option<PathBuf> {
    if path.is_dir() {
        let db = path.join(crate::store::DB_FILE);
        return db.is_file().then_some(db);
    }
    (path.extension().is_some_and(|e| e == "db")).then(|| path.to_path_buf())
}

/// An answer, before it is written.
enum Answer {
    WhoSaid(WhoSaidResult),
    Path(PathResult),
    Neighbors(NeighborResult),
    Stats(Stats, Picture),
}

/// The who-said question a parsed `query who-said` command asks (`None` for other commands).
pub fn who_said_question(cmd: &QueryCmd) -> Option<WhoSaid> {
    match cmd {
        QueryCmd::WhoSaid { speaker, about, since, until, doc, cue, limit, .. } => Some(WhoSaid {
            speaker: speaker.clone(),
            about: about.clone(),
            since: since.clone(),
            until: until.clone(),
            limit: *limit,
            doc: doc.clone(),
            cue: cue.clone(),
        }),
        _ => None,
    }
}

fn path_opts(max_hops: usize, all: bool, kinds: &[EdgeKind]) -> PathOpts {
    PathOpts { max_hops, all, kinds: if kinds.is_empty() { None } else { Some(kinds.to_vec()) } }
}

fn check_usage(args: &QueryArgs) -> Result<(), QueryError> {
    if let QueryCmd::WhoSaid { csv, jsonl, .. } = &args.cmd
        && args.json
        && (*csv || *jsonl)
    {
        return Err(QueryError::Usage("--json cannot be combined with --csv or --jsonl".into()));
    }
    Ok(())
}

fn answer(args: &QueryArgs, out: &mut dyn Write) -> Result<Vec<String>, QueryError> {
    check_usage(args)?;
    if let Some(db) = store_path(&args.graph) {
        return answer_store(args, out, &db);
    }
    let g = load(&args.graph)?;
    let q = Queries::new(&g);
    let a = match &args.cmd {
        QueryCmd::WhoSaid { .. } => Answer::WhoSaid(q.who_said(&who_said_question(&args.cmd).unwrap_or_default())?),
        QueryCmd::Path { from, to, max_hops, all, kinds } => Answer::Path(q.path(from, to, &path_opts(*max_hops, *all, kinds))?),
        QueryCmd::Neighbors { name, hops, relation, limit } => {
            if let Some(r) = relation {
                super::names::check_relation(r, g.graph().edge_weights().map(|e| e.relation.as_str()))?;
            }
            Answer::Neighbors(q.neighbors(name, &NeighborOpts { hops: *hops, relation: relation.clone(), limit: *limit })?)
        }
        QueryCmd::Stats { top } => {
            let s = q.stats(*top);
            let p = Picture::stats(&q, &s);
            Answer::Stats(s, p)
        }
    };
    let notes = q.take_notes();
    present(args, out, &g, a, notes)
}

/// Writes an answer: the table (or JSON, CSV, JSON lines), then the pictures asked for.
fn present(args: &QueryArgs, out: &mut dyn Write, g: &crate::graph::KnowledgeGraph, a: Answer, notes: Vec<String>) -> Result<Vec<String>, QueryError> {
    let width = width(args);
    let command = args.cmd.name();
    let (text, picture, title) = match a {
        Answer::WhoSaid(r) => {
            let (csv, jsonl) = match &args.cmd {
                QueryCmd::WhoSaid { csv, jsonl, .. } => (*csv, *jsonl),
                _ => (false, false),
            };
            let text = if args.json {
                json_text(command, &notes, &r)
            } else if csv {
                output::who_said_csv(&r).map_err(|e| QueryError::Write { what: "CSV".into(), source: std::io::Error::other(e) })?
            } else if jsonl {
                output::who_said_jsonl(&r)
            } else {
                output::who_said(&r, width)
            };
            let mut title = "who said what".to_string();
            if let Some(s) = &r.speaker {
                title.push_str(&format!(": {}", s.label));
            }
            if let Some(a) = &r.about {
                title.push_str(&format!(" about {}", a.label));
            }
            (text, Picture::who_said(&r), title)
        }
        Answer::Path(r) => {
            let text = if args.json { json_text(command, &notes, &r) } else { output::path(&r, width) };
            (text, Picture::path(&r), format!("{} – {}", r.from.label, r.to.label))
        }
        Answer::Neighbors(r) => {
            let text = if args.json { json_text(command, &notes, &r) } else { output::neighbors(&r, width) };
            (text, Picture::neighbors(&r), format!("around {}", r.center.label))
        }
        Answer::Stats(s, p) => {
            let top = match &args.cmd {
                QueryCmd::Stats { top } => *top,
                _ => 10,
            };
            let text = if args.json { json_text(command, &notes, &s) } else { output::stats(&s, top, width) };
            (text, p, "top entities by degree".to_string())
        }
    };
    let plain = !args.json && !matches!(&args.cmd, QueryCmd::WhoSaid { csv: true, .. } | QueryCmd::WhoSaid { jsonl: true, .. });
    let text = if args.color && plain { crate::messages::bold_table_headers(&text) } else { text };
    write_out(out, &text)?;
    if args.dot.is_some() || args.svg.is_some() {
        let dot = picture.to_dot(&title);
        if let Some(p) = &args.dot {
            write_dot(p, &dot)?;
        }
        if let Some(p) = &args.svg {
            write_svg(p, &dot)?;
        }
    }
    if let Some(p) = &args.html {
        use crate::export::html;
        let part = html::part(g, &picture.node_ids());
        let page = html::page(&part, &format!("newsgraph: {title}"), html::Totals::of(&part));
        crate::export::atomic_write(p, page.as_bytes()).map_err(|source| QueryError::Write { what: p.display().to_string(), source })?;
    }
    Ok(notes)
}

/// The same answers from a `graph.db`: each question reads what it needs from the store's
/// indexes into a small graph ([`crate::store::StoreGraph`]), and is then answered by the same
/// code as for a `graph.json`.
fn answer_store(args: &QueryArgs, out: &mut dyn Write, db: &std::path::Path) -> Result<Vec<String>, QueryError> {
    use crate::store::{Store, StoreGraph};
    let store = Store::open(db, false).map_err(|e| QueryError::Store(e.to_string()))?;
    // Only a page (`--html`) shows how many documents an entity appears in.
    let sg = if args.html.is_some() { StoreGraph::new(&store) } else { StoreGraph::new(&store).without_documents() };
    let mut notes = Vec::new();
    let mut resolve = |name: &str| -> Result<String, QueryError> {
        let (id, note) = sg.resolve_noted(name)?;
        notes.extend(note);
        Ok(id)
    };
    let (g, a) = match &args.cmd {
        QueryCmd::WhoSaid { .. } => {
            let ws = who_said_question(&args.cmd).unwrap_or_default();
            let sp = ws.speaker.as_deref().map(&mut resolve).transpose()?;
            let ab = ws.about.as_deref().map(&mut resolve).transpose()?;
            let ids = WhoSaid { speaker: sp, about: ab, ..ws.clone() };
            let (g, mut r) = sg.who_said(&ids)?;
            r.query = ws;
            (g, Answer::WhoSaid(r))
        }
        QueryCmd::Path { from, to, max_hops, all, kinds } => {
            let opts = path_opts(*max_hops, *all, kinds);
            let (a, b) = (resolve(from)?, resolve(to)?);
            let (g, cut) = sg.path_graph(&a, &b, &opts)?;
            let mut r = Queries::new(&g).path(&a, &b, &opts)?;
            r.truncated |= cut;
            (g, Answer::Path(r))
        }
        QueryCmd::Neighbors { name, hops, relation, limit } => {
            let opts = NeighborOpts { hops: *hops, relation: relation.clone(), limit: *limit };
            if opts.hops == 0 {
                return Err(QueryError::BadArgument("--hops must be at least 1".into()));
            }
            if let Some(r) = relation {
                let known = sg.relations().map_err(|e| QueryError::Store(e.to_string()))?;
                super::names::check_relation(r, known.iter().map(String::as_str))?;
            }
            let id = resolve(name)?;
            let (g, r) = sg.neighbors(&id, &opts)?;
            (g, Answer::Neighbors(r))
        }
        QueryCmd::Stats { top } => {
            let s = sg.stats(*top)?;
            let ids = s.top_degree.iter().map(|r| r.node.id.clone()).collect();
            let g = sg.subgraph(&ids).map_err(|e| QueryError::Store(e.to_string()))?;
            let p = Picture::stats(&Queries::new(&g), &s);
            (g, Answer::Stats(s, p))
        }
    };
    present(args, out, &g, a, notes)
}
