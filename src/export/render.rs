//! Rendering DOT to SVG or PNG with the Graphviz `dot` program found on `PATH`.
//!
//! The DOT text is fed on standard input and the image read from standard output, so no
//! temporary files are involved; [`super::write_all`] then writes the image atomically. A `dot`
//! that cannot be found is [`RenderError::NotFound`] (the caller turns it into a warning); one
//! that runs and fails is [`RenderError::Failed`] with its standard error.

use std::io::Write;
use std::process::{Command, Stdio};

/// Why rendering did not happen.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// No `dot` on `PATH`.
    #[error("graphviz `dot` not found on PATH")]
    NotFound,
    /// `dot` ran and failed, or could not be talked to.
    #[error("graphviz `dot` failed: {0}")]
    Failed(String),
}

/// The program run; `NEWSGRAPH_DOT` overrides it (tests use it to simulate a missing Graphviz).
fn program() -> String {
    std::env::var("NEWSGRAPH_DOT").unwrap_or_else(|_| "dot".to_string())
}

/// Renders `dot` text with `dot -T<format>` (`svg`, `png`, …) and returns the image bytes.
pub fn render(dot: &str, format: &str) -> Result<Vec<u8>, RenderError> {
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
    // Write stdin from a thread so a large image on stdout cannot deadlock the pipe.
    let input = dot.as_bytes().to_vec();
    let mut stdin = child.stdin.take().ok_or_else(|| RenderError::Failed("no stdin".into()))?;
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().map_err(|e| RenderError::Failed(e.to_string()))?;
    let wrote = writer.join().map_err(|_| RenderError::Failed("stdin writer panicked".into()))?;
    if !out.status.success() {
        let msg = String::from_utf8_lossy(&out.stderr).trim().to_string();
        return Err(RenderError::Failed(format!("{} ({})", msg, out.status)));
    }
    wrote.map_err(|e| RenderError::Failed(format!("writing to dot: {e}")))?;
    Ok(out.stdout)
}
