//! Rendering DOT to SVG or PNG with the Graphviz `dot` program found on `PATH`, bounded.
//!
//! The DOT text is fed on standard input and the image read from standard output, so no
//! temporary files are involved; [`super::write_all`] then writes the image atomically. A `dot`
//! that cannot be found is [`RenderError::NotFound`] (the caller turns it into a warning); one
//! that runs and fails is [`RenderError::Failed`] with its standard error.
//!
//! `dot`'s layout is far from linear (a 25,000-edge graph ran for over 45 minutes), so it runs
//! under [`Limits`]: only drawings of at most `max_nodes` nodes and `max_edges` edges are laid out
//! ([`RenderError::TooLarge`]), and a `dot` that runs longer than `timeout` is killed
//! ([`RenderError::TimedOut`]). Both are warnings for the caller: the DOT file is still
//! written, for the user to render with other settings. The limits come from the environment
//! ([`Limits::from_env`]): `NEWSGRAPH_DOT_TIMEOUT` (seconds, default 60),
//! `NEWSGRAPH_DOT_MAX_NODES` (default 2,000) and `NEWSGRAPH_DOT_MAX_EDGES` (default 5,000).

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Why rendering did not happen.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// No `dot` on `PATH`.
    #[error("graphviz `dot` not found on PATH")]
    NotFound,
    /// `dot` ran and failed, or could not be talked to.
    #[error("graphviz `dot` failed: {0}")]
    Failed(String),
    /// `dot` ran longer than the time limit and was stopped.
    #[error("graphviz `dot` ran longer than {0} s and was stopped (NEWSGRAPH_DOT_TIMEOUT sets the limit)")]
    TimedOut(u64),
    /// The drawing is over the size limit: `dot` was not run.
    #[error("the drawing has {nodes} nodes and {edges} edges, over the limit for `dot` ({max_nodes} nodes, {max_edges} edges; NEWSGRAPH_DOT_MAX_NODES and NEWSGRAPH_DOT_MAX_EDGES set it): not rendered")]
    TooLarge {
        /// Nodes in the drawing.
        nodes: usize,
        /// Edges in the drawing.
        edges: usize,
        /// The node limit.
        max_nodes: usize,
        /// The edge limit.
        max_edges: usize,
    },
}

/// Bounds on a `dot` run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest run.
    pub timeout: Duration,
    /// Most nodes laid out.
    pub max_nodes: usize,
    /// Most edges laid out.
    pub max_edges: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { timeout: Duration::from_secs(60), max_nodes: 2_000, max_edges: 5_000 }
    }
}

impl Limits {
    /// The defaults, overridden by `NEWSGRAPH_DOT_TIMEOUT`, `NEWSGRAPH_DOT_MAX_NODES` and
    /// `NEWSGRAPH_DOT_MAX_EDGES` when they hold a number.
    pub fn from_env() -> Limits {
        let num = |k: &str| std::env::var(k).ok().and_then(|v| v.trim().parse::<u64>().ok());
        let d = Limits::default();
        Limits {
            timeout: num("NEWSGRAPH_DOT_TIMEOUT").map(Duration::from_secs).unwrap_or(d.timeout),
            max_nodes: num("NEWSGRAPH_DOT_MAX_NODES").map(|n| n as usize).unwrap_or(d.max_nodes),
            max_edges: num("NEWSGRAPH_DOT_MAX_EDGES").map(|n| n as usize).unwrap_or(d.max_edges),
        }
    }
}

/// The program run; `NEWSGRAPH_DOT` overrides it (tests use it to simulate a missing Graphviz).
fn program() -> String {
    std::env::var("NEWSGRAPH_DOT").unwrap_or_else(|_| "dot".to_string())
}

/// Counts the node and edge statements of DOT text as newsgraph writes it (one statement a
/// line, starting with a quoted id; an edge has `->` after it).
pub fn drawing_size(dot: &str) -> (usize, usize) {
    let (mut nodes, mut edges) = (0, 0);
    for line in dot.lines() {
        let Some(rest) = line.trim_start().strip_prefix('"') else { continue };
        // The end of the quoted id (`\"` escapes a quote).
        let mut escaped = false;
        let Some(end) = rest.char_indices().find_map(|(i, c)| {
            let found = c == '"' && !escaped;
            escaped = c == '\\' && !escaped;
            found.then_some(i)
        }) else {
            continue;
        };
        if rest[end + 1..].trim_start().starts_with("->") {
            edges += 1;
        } else {
            nodes += 1;
        }
    }
    (nodes, edges)
}

/// Renders `dot` text with `dot -T<format>` (`svg`, `png`, …) under [`Limits::from_env`] and
/// returns the image bytes.
pub fn render(dot: &str, format: &str) -> Result<Vec<u8>, RenderError> {
    render_with(dot, format, Limits::from_env())
}

/// [`render`] under the given limits.
pub fn render_with(dot: &str, format: &str, limits: Limits) -> Result<Vec<u8>, RenderError> {
    let (nodes, edges) = drawing_size(dot);
    if nodes > limits.max_nodes || edges > limits.max_edges {
        return Err(RenderError::TooLarge { nodes, edges, max_nodes: limits.max_nodes, max_edges: limits.max_edges });
    }
    let mut child = match Command::new(program())
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(RenderError::NotFound),
        Err(e) => return Err(RenderError::Failed(e.to_string())),
    };
    // Stdin, stdout and stderr on threads, so neither a large image nor a large input can
    // deadlock the pipes, and the wait below can time out.
    let input = dot.as_bytes().to_vec();
    let mut stdin = child.stdin.take().ok_or_else(|| RenderError::Failed("no stdin".into()))?;
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let mut stdout = child.stdout.take().ok_or_else(|| RenderError::Failed("no stdout".into()))?;
    let reader = std::thread::spawn(move || {
        let mut b = Vec::new();
        stdout.read_to_end(&mut b).map(|_| b)
    });
    let mut stderr = child.stderr.take().ok_or_else(|| RenderError::Failed("no stderr".into()))?;
    let errors = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = stderr.read_to_end(&mut b);
        b
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if started.elapsed() >= limits.timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(RenderError::TimedOut(limits.timeout.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(RenderError::Failed(e.to_string())),
        }
    };
    let wrote = writer.join().map_err(|_| RenderError::Failed("stdin writer panicked".into()))?;
    let out = reader.join().map_err(|_| RenderError::Failed("stdout reader panicked".into()))?.map_err(|e| RenderError::Failed(format!("reading from dot: {e}")))?;
    let err = errors.join().unwrap_or_default();
    if !status.success() {
        let msg = String::from_utf8_lossy(&err).trim().to_string();
        return Err(RenderError::Failed(format!("{msg} ({status})")));
    }
    wrote.map_err(|e| RenderError::Failed(format!("writing to dot: {e}")))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_of_both_dot_dialects() {
        let export = "digraph g {\n  graph[rankdir=LR];\n  \"a\"[label=\"A\"];\n  \"b \\\"x\\\"\"[label=\"B\"];\n  \"a\" -> \"b \\\"x\\\"\" [label=\"r\"];\n}\n";
        assert_eq!(drawing_size(export), (2, 1));
        let query = "digraph newsgraph {\n  label=\"t\";\n  node [fontname=\"Helvetica\"];\n  \"a\" [label=\"A\"];\n  \"a\" -> \"a\" [label=\"x -> y\"];\n}\n";
        assert_eq!(drawing_size(query), (1, 1));
    }

    #[test]
    fn a_drawing_over_the_limit_is_not_rendered() {
        let dot = "digraph g {\n  \"a\";\n  \"b\";\n  \"a\" -> \"b\";\n}\n";
        let tight = Limits { max_nodes: 1, ..Limits::default() };
        assert!(matches!(render_with(dot, "svg", tight), Err(RenderError::TooLarge { nodes: 2, edges: 1, .. })));
    }
}
