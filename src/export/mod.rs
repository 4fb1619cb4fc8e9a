//! Stage 6: exporters — one merged [`KnowledgeGraph`] written in the formats other tools read.
//!
//! | file | format | module | read by |
//! |---|---|---|---|
//! | `graph.json` | networkx node-link (the contract) | [`KnowledgeGraph::to_json`] | networkx, the scorer |
//! | `graph.dot`, `.svg`, `.png` | Graphviz DOT (a readable picture: [`drawing`]), rendered by `dot` | [`dot`], [`drawing`], [`render`] | Graphviz, browsers |
//! | `graph.gexf` | GEXF 1.3 (viz, spells) | [`gexf`] | Gephi, networkx, graphology-gexf |
//! | `graph.graphml` | GraphML | [`graphml`] | Gephi, yEd, networkx |
//! | `neo4j/import.cypher` | plain Cypher, idempotent `MERGE`s | [`cypher`] | `cypher-shell -f`, FalkorDB |
//! | `neo4j/nodes.csv`, `relationships.csv` | `neo4j-admin database import full` CSV | [`neo4j_csv`] | neo4j-admin, Kuzu |
//! | `neo4j/apoc.jsonl` | `apoc.import.json` lines | [`apoc`] | APOC |
//! | `graph.graphology.json` | graphology serialized graph | [`graphology`] | graphology, sigma.js |
//! | `graph.html` | an interactive page, self-contained (cytoscape.js embedded) | [`html`] | any browser, offline |
//!
//! Invariants every exporter keeps:
//! * **Deterministic**: nodes and edges are visited through [`KnowledgeGraph::sorted_nodes`] and
//!   [`KnowledgeGraph::sorted_edges`], lists are already sorted in the model, and nothing depends
//!   on hash order, the clock or the machine: the same graph gives byte-identical files.
//! * **Escaped, never trusted**: every string taken from a document (labels, aliases, evidence)
//!   goes through the format's escaping function, and the property tests parse each output back
//!   with a real parser to check the strings survive. Where a format cannot carry a character at
//!   all (XML 1.0 has no way to write most C0 control characters), it is replaced by U+FFFD and
//!   the limitation is documented in that module.
//! * **No panics, no half files**: the pure `to_*` functions cannot fail; [`write_all`] writes
//!   each file with [`atomic_write`], so a crash leaves the old file or the new one, not a mix.
//! * A missing Graphviz `dot` is a warning in the [`ExportReport`], not an error: every other
//!   file is still written.

pub mod apoc;
pub mod cypher;
pub mod dot;
pub mod drawing;
mod focus;
pub mod gexf;
pub mod graphml;
pub mod graphology;
pub mod html;
pub mod ties;
pub mod neo4j_csv;
pub mod render;
pub mod style;
pub mod xml;

pub use apoc::to_apoc_jsonl;
pub use cypher::to_cypher;
pub use dot::{DotOptions, to_dot};
pub use gexf::to_gexf;
pub use graphml::to_graphml;
pub use graphology::to_graphology;
pub use neo4j_csv::to_csv;
pub use style::{node_color, node_size};

use crate::graph::KnowledgeGraph;
use std::collections::BTreeSet;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// An output format (one or more files).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// `graph.json`.
    Json,
    /// `graph.dot`.
    Dot,
    /// `graph.svg`, rendered from the DOT by Graphviz `dot`.
    Svg,
    /// `graph.png`, rendered from the DOT by Graphviz `dot`.
    Png,
    /// `graph.gexf`.
    Gexf,
    /// `graph.graphml`.
    Graphml,
    /// `neo4j/import.cypher`.
    Cypher,
    /// `neo4j/nodes.csv` and `neo4j/relationships.csv`.
    Csv,
    /// `neo4j/apoc.jsonl`.
    Apoc,
    /// `graph.graphology.json`.
    Graphology,
    /// `graph.html`, the interactive page.
    Html,
}

impl Format {
    /// Every format, in output order.
    pub const ALL: [Format; 11] = [
        Format::Json,
        Format::Dot,
        Format::Svg,
        Format::Png,
        Format::Gexf,
        Format::Graphml,
        Format::Cypher,
        Format::Csv,
        Format::Apoc,
        Format::Graphology,
        Format::Html,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Gexf => "gexf",
            Format::Graphml => "graphml",
            Format::Cypher => "cypher",
            Format::Csv => "csv",
            Format::Apoc => "apoc",
            Format::Graphology => "graphology",
            Format::Html => "html",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = ExportError;

    /// Parses a format name (case-insensitive, surrounding spaces ignored).
    fn from_str(s: &str) -> Result<Format, ExportError> {
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| ExportError::UnknownFormat(s.to_string()))
    }
}

/// The title of the `graph.html` that `build` writes.
pub const PAGE_TITLE: &str = "newsgraph: who said what, and who does what to whom";

/// What [`write_all`] writes and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    /// Formats to write.
    pub formats: BTreeSet<Format>,
    /// DOT only: draw Statement nodes and their quote/mention edges.
    pub statements: bool,
    /// DOT only: draw only the neighbourhood of this entity (id, label or alias, any case).
    pub focus: Option<String>,
    /// DOT only: radius of the `focus` neighbourhood, in edges.
    pub hops: usize,
    /// DOT only: entities in the overview ([`drawing::Overview`]); 0 draws the whole graph
    /// (with `statements`, every statement too).
    pub top: usize,
    /// DOT only: the Graphviz layout engine.
    pub layout: drawing::Layout,
}

impl ExportOptions {
    /// Every format except PNG; no statements in the drawing; `hops` = 2.
    pub fn default_set() -> ExportOptions {
        ExportOptions {
            formats: Format::ALL.iter().copied().filter(|f| *f != Format::Png).collect(),
            statements: false,
            focus: None,
            hops: 2,
            top: drawing::OVERVIEW_NODES,
            layout: drawing::Layout::Auto,
        }
    }

    /// The picture of `g` these options ask for: the focus, else the overview of the `top`
    /// most connected entities, else (`top` 0) the whole graph. Fails only when the focus
    /// names no node or several.
    pub fn picture(&self, g: &KnowledgeGraph) -> Result<String, ExportError> {
        match (&self.focus, self.top) {
            (Some(f), _) => {
                let id = dot::resolve_focus(g, f)?;
                Ok(drawing::focus_dot(g, &id, self.hops, self.layout))
            }
            (None, 0) => to_dot(g, &self.dot_options()),
            (None, k) => Ok(drawing::Overview::of_graph(g, k).to_dot(self.layout)),
        }
    }

    /// The drawing options these export options imply.
    pub fn dot_options(&self) -> DotOptions {
        DotOptions { statements: self.statements, focus: self.focus.clone(), hops: self.hops }
    }
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions::default_set()
    }
}

/// What [`write_all`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportReport {
    /// Files written, in the order written.
    pub written: Vec<PathBuf>,
    /// Things the user should know: a file that could not be made (Graphviz missing), data a
    /// format cannot carry unchanged.
    pub warnings: Vec<String>,
    /// A `--focus` that named no node or several: no drawing was written, everything else was.
    pub focus: Option<FocusFailure>,
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A format name that is not one of [`Format::ALL`].
    #[error("unknown export format `{0}` (known: json, dot, svg, png, gexf, graphml, cypher, csv, apoc, graphology, html)")]
    UnknownFormat(String),
    /// Writing a file failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// `--focus` names no node.
    #[error("--focus `{query}`: no node has this id, label or alias{}", near(suggestions))]
    FocusNotFound {
        /// What was asked.
        query: String,
        /// Nodes with a similar name, as `label (id)`.
        suggestions: Vec<String>,
        /// The suggestions as lines for people (type, documents, roles).
        details: String,
    },
    /// `--focus` names several nodes equally well.
    #[error("--focus `{query}` is ambiguous: it names {}; give one of these ids", candidates.join(", "))]
    FocusAmbiguous {
        /// What was asked.
        query: String,
        /// The ids of the matching nodes.
        candidates: Vec<String>,
        /// The candidates as lines for people (type, documents, roles).
        details: String,
    },
    /// Graphviz `dot` ran but failed.
    #[error("graphviz `dot` failed to render {path}: {message}")]
    Render {
        /// The file that was to be written.
        path: PathBuf,
        /// `dot`'s own message.
        message: String,
    },
}

fn near(suggestions: &[String]) -> String {
    if suggestions.is_empty() { String::new() } else { format!(" (similar: {})", suggestions.join(", ")) }
}

/// A `--focus` that named no node, or several: the drawing was not made, the other outputs were.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FocusFailure {
    /// A stable code: `unknown-name` or `ambiguous-name` (as for `query`).
    pub code: &'static str,
    /// The message, naming the focus and the candidates.
    pub message: String,
    /// The candidates as lines for people (type, documents, roles), when there are any.
    pub details: Option<String>,
}

/// Writes `bytes` to `path` atomically: into a temporary file in the same directory, flushed
/// and synced, then renamed over `path`. Readers see the old file or the new one, never half of
/// one; on error the temporary file is removed.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    atomic_write_with(path, |w| w.write_all(bytes))
}

/// Like [`atomic_write`], but the content is streamed by `fill` into the temporary file (for
/// outputs too big to build in memory first, such as a large `graph.json`).
pub fn atomic_write_with(path: &Path, fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".newsgraph-").suffix(".tmp");
    #[cfg(unix)]
    {
        // tempfile's default is 0600; an output file should be readable like any other (the
        // umask applies), and a file being replaced keeps its mode.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    fill(&mut tmp)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn write_file(path: PathBuf, bytes: &[u8], report: &mut ExportReport) -> Result<(), ExportError> {
    atomic_write(&path, bytes).map_err(|source| ExportError::Io { path: path.clone(), source })?;
    report.written.push(path);
    Ok(())
}

/// Writes a picture's DOT text as `graph.dot`, and renders it to `graph.svg`/`graph.png`, as far
/// as `formats` asks. A missing Graphviz `dot` only adds a warning.
pub fn write_picture(dot: &str, dir: &Path, formats: &BTreeSet<Format>) -> Result<ExportReport, ExportError> {
    let mut report = ExportReport::default();
    std::fs::create_dir_all(dir).map_err(|source| ExportError::Io { path: dir.to_path_buf(), source })?;
    if formats.contains(&Format::Dot) {
        write_file(dir.join("graph.dot"), dot.as_bytes(), &mut report)?;
    }
    for (fmt, name) in [(Format::Svg, "graph.svg"), (Format::Png, "graph.png")] {
        if !formats.contains(&fmt) {
            continue;
        }
        let out = dir.join(name);
        match render::render(dot, fmt.as_str()) {
            Ok(bytes) => write_file(out, &bytes, &mut report)?,
            Err(render::RenderError::NotFound) => report.warnings.push(format!(
                "graphviz `dot` not found on PATH: {name} not written (install it: apt-get install graphviz / brew install graphviz)"
            )),
            Err(e @ (render::RenderError::TimedOut(_) | render::RenderError::TooLarge { .. })) => {
                report.warnings.push(format!("{name} not written: {e}; graph.dot is (draw less with --focus ENTITY --hops N, or --top N)"))
            }
            Err(render::RenderError::Failed(message)) => {
                return Err(ExportError::Render { path: out, message });
            }
        }
    }
    Ok(report)
}

/// Writes the requested formats of `g` into `dir` (created if missing; `neo4j/` below it for the
/// Neo4j files). A missing Graphviz `dot` only adds a warning; any other failure is an error.
pub fn write_all(g: &KnowledgeGraph, dir: &Path, opts: &ExportOptions) -> Result<ExportReport, ExportError> {
    let mut report = ExportReport::default();
    let mkdir = |d: &Path| {
        std::fs::create_dir_all(d).map_err(|source| ExportError::Io { path: d.to_path_buf(), source })
    };
    mkdir(dir)?;
    let f = &opts.formats;
    // A bad --focus loses only the drawing: the other files are still written, and the report
    // says why the drawing is missing.
    let wants_drawing = f.contains(&Format::Dot) || f.contains(&Format::Svg) || f.contains(&Format::Png);
    let dot = if !wants_drawing {
        None
    } else {
        if let Some(f) = &opts.focus
            && let Ok((_, Some(note))) = dot::resolve_focus_noted(g, f)
        {
            report.warnings.push(format!("--focus {note}"));
        }
        let details = |d: &str| (!d.is_empty()).then(|| d.to_string());
        match opts.picture(g) {
            Ok(d) => Some(d),
            Err(e @ ExportError::FocusNotFound { .. }) => {
                let d = if let ExportError::FocusNotFound { details: d, .. } = &e { details(d) } else { None };
                report.focus = Some(FocusFailure { code: "unknown-name", message: e.to_string(), details: d });
                None
            }
            Err(e @ ExportError::FocusAmbiguous { .. }) => {
                let d = if let ExportError::FocusAmbiguous { details: d, .. } = &e { details(d) } else { None };
                report.focus = Some(FocusFailure { code: "ambiguous-name", message: e.to_string(), details: d });
                None
            }
            Err(e) => return Err(e),
        }
    };
    if f.contains(&Format::Json) {
        // streamed: a large graph is never held twice in memory
        let path = dir.join("graph.json");
        atomic_write_with(&path, |w| g.write_json(w)).map_err(|source| ExportError::Io { path: path.clone(), source })?;
        report.written.push(path);
    }
    if let Some(dot) = dot {
        let r = write_picture(&dot, dir, f)?;
        report.written.extend(r.written);
        report.warnings.extend(r.warnings);
    }
    if f.contains(&Format::Gexf) {
        write_file(dir.join("graph.gexf"), to_gexf(g).as_bytes(), &mut report)?;
    }
    if f.contains(&Format::Graphml) {
        write_file(dir.join("graph.graphml"), to_graphml(g).as_bytes(), &mut report)?;
    }
    if f.contains(&Format::Graphology) {
        write_file(dir.join("graph.graphology.json"), to_graphology(g).as_bytes(), &mut report)?;
    }
    if f.contains(&Format::Html) {
        let (part, total) = html::page_graph(g);
        write_file(dir.join("graph.html"), html::page(&part, PAGE_TITLE, total).as_bytes(), &mut report)?;
    }
    let neo = dir.join("neo4j");
    if f.contains(&Format::Cypher) || f.contains(&Format::Csv) || f.contains(&Format::Apoc) {
        mkdir(&neo)?;
    }
    if f.contains(&Format::Cypher) {
        write_file(neo.join("import.cypher"), to_cypher(g).as_bytes(), &mut report)?;
    }
    if f.contains(&Format::Csv) {
        let (nodes, rels) = to_csv(g);
        write_file(neo.join("nodes.csv"), nodes.as_bytes(), &mut report)?;
        write_file(neo.join("relationships.csv"), rels.as_bytes(), &mut report)?;
        let split = neo4j_csv::elements_with_delimiter(g);
        if split > 0 {
            report.warnings.push(format!(
                "neo4j/nodes.csv, relationships.csv: {split} array element(s) (aliases, docs, surface forms, rules) contain `{}`, the array delimiter: neo4j-admin will split them (the other files keep them whole)",
                neo4j_csv::ARRAY_DELIMITER
            ));
        }
    }
    if f.contains(&Format::Apoc) {
        write_file(neo.join("apoc.jsonl"), to_apoc_jsonl(g).as_bytes(), &mut report)?;
    }
    let lossy = xml::lossy_strings(g);
    let xml_written = [Format::Gexf, Format::Graphml, Format::Dot, Format::Svg, Format::Png].iter().any(|x| f.contains(x));
    if lossy > 0 && xml_written {
        report.warnings.push(format!(
            "{lossy} string(s) hold characters XML 1.0 cannot carry (control characters): replaced by U+FFFD in the GEXF, GraphML and DOT/SVG files"
        ));
    }
    Ok(report)
}

