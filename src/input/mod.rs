//! Stage 0: reading input. Files, directories (recursive, filtered by a glob on the file name),
//! standard input (`-`) and JSON-lines dumps ([`jsonl`]) become [`RawDoc`]s: a document id and
//! its text.
//!
//! * **Decoding** is explicit ([`decode`]): a UTF-8 BOM becomes three spaces and each invalid
//!   UTF-8 byte one `?`, so byte offsets stay those of the file (the first bad offset is
//!   reported); UTF-16 with a BOM is decoded; a NUL byte in the first 8 KiB marks a binary file;
//!   an empty (or all-blank) file is skipped.
//! * **Only regular files are read.** FIFOs, sockets and devices are skipped with a warning,
//!   whether named on the command line or met in a directory (a FIFO would block the run, a
//!   device such as `/dev/zero` never ends); data from a pipe goes through standard input (`-`),
//!   whose first 8 KiB are checked for binary before more is read. A directory reached again
//!   through a symbolic link is skipped, so a link loop cannot recurse forever.
//! * **Ids** ([`ids`]): the path relative to the input root, `/`-separated; file names that are
//!   not UTF-8 are read under their lossy name (U+FFFD for the bad bytes) with a warning; a run
//!   never gives one id to two documents.
//! * **Size** ([`parts`]): a document over `--max-doc-bytes` is read in parts.
//! * **Records** ([`records`]): a file's bytes or a JSON line read on another machine (the
//!   Spark job) become exactly the documents that reading that file or line here gives.
//!
//! Nothing here panics or aborts the run: every problem becomes an [`InputWarning`] that names
//! the file, and reading goes on with the next one.

pub mod decode;
pub mod ids;
pub mod jsonl;
pub mod parts;
pub mod records;

pub use decode::{decode, DecodeError};
pub use jsonl::{for_each_line, read_jsonl};

use std::fs;
use std::path::{Path, PathBuf};

/// One document to extract.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawDoc {
    /// Document id: the file's path relative to its input root, the JSON line's `id`, or
    /// `stdin`; for part *k* > 1 of a split document, `ID#pk`.
    pub id: String,
    /// Where it came from (path, `-`, or `FILE:LINE`).
    pub source: String,
    /// The decoded text.
    pub text: String,
    /// Metadata given by the input (JSON lines).
    pub date: Option<String>,
    /// Title given by the input (JSON lines).
    pub title: Option<String>,
    /// Agency / outlet given by the input (JSON lines `source`).
    pub agency: Option<String>,
    /// Size in bytes of the original input.
    pub bytes: u64,
    /// Warnings from decoding (non-fatal).
    pub warnings: Vec<String>,
    /// Byte offset of [`RawDoc::text`] in the whole document (non-zero for parts).
    pub offset: u64,
    /// For a part of a document split by the size cap, the id of the whole document.
    pub part_of: Option<String>,
}

/// A problem with one input: it names the file and says what happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputWarning {
    /// The path (or `-`, or `FILE:LINE`).
    pub path: String,
    /// What happened.
    pub message: String,
}

impl std::fmt::Display for InputWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Matches a file name against a simple glob (`*` and `?`; `{a,b}` alternatives). The usual
/// two-pointer match that goes back only to the last `*`: time linear in the name for each
/// alternative, however many `*` the pattern holds.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    if let (Some(open), Some(close)) = (pattern.find('{'), pattern.find('}'))
        && open < close
    {
        let (pre, post) = (&pattern[..open], &pattern[close + 1..]);
        return pattern[open + 1..close].split(',').any(|alt| glob_match(&format!("{pre}{alt}{post}"), name));
    }
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < n.len() {
        match p.get(i) {
            Some('*') => {
                star = Some((i, j));
                i += 1;
            }
            Some(&c) if c == '?' || c == n[j] => {
                i += 1;
                j += 1;
            }
            _ => match star {
                // Let the last `*` take one more character.
                Some((si, sj)) => {
                    i = si + 1;
                    j = sj + 1;
                    star = Some((si, sj + 1));
                }
                None => return false,
            },
        }
    }
    p[i..].iter().all(|&c| c == '*')
}

/// A file to read, with the id it gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    /// The path.
    pub path: PathBuf,
    /// Its document id: the path relative to the input root, `/`-separated (lossy when it is
    /// not UTF-8).
    pub id: String,
}

/// What a path is, for messages about things that are not regular files.
fn file_kind(ft: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
    }
    if ft.is_dir() { "a directory" } else { "not a regular file" }
}

/// Checks that `path` is a regular file (following symbolic links): anything else would block
/// (a FIFO) or never end (a device), and is refused with a warning naming it.
pub fn check_regular(path: &Path) -> Result<fs::Metadata, InputWarning> {
    let warn = |message: String| InputWarning { path: path.display().to_string(), message };
    let m = fs::metadata(path).map_err(|e| warn(format!("cannot read: {e}")))?;
    if m.is_file() {
        Ok(m)
    } else {
        Err(warn(format!("{}, not a regular file: skipped (pipe data to standard input with `-` instead)", file_kind(&m.file_type()))))
    }
}

/// The id of `path` relative to `root` (`/`-separated), and whether it had to be made lossy.
fn relative_id(path: &Path, root: &Path) -> (String, bool) {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut lossy = false;
    let parts: Vec<String> = rel
        .components()
        .map(|c| {
            let s = c.as_os_str();
            lossy |= s.to_str().is_none();
            s.to_string_lossy().into_owned()
        })
        .collect();
    (parts.join("/"), lossy)
}

fn lossy_warning(path: &Path, id: &str) -> InputWarning {
    InputWarning {
        path: path.display().to_string(),
        message: format!("the file name is not valid UTF-8: read with the id {id:?} (bad bytes replaced by U+FFFD)"),
    }
}

/// Lists the files an input argument stands for: itself (its id is its file name), or the files
/// below a directory whose names match `glob`, sorted (their ids are their paths relative to
/// the directory). Problems become warnings, in order.
pub fn expand_path(path: &Path, glob: &str, warnings: &mut Vec<InputWarning>) -> Vec<FileEntry> {
    let mut out = Vec::new();
    match fs::metadata(path) {
        Err(e) => warnings.push(InputWarning { path: path.display().to_string(), message: format!("cannot read: {e}") }),
        Ok(m) if m.is_dir() => {
            let mut seen = std::collections::HashSet::new();
            walk(path, path, glob, &mut seen, &mut out, warnings)
        }
        Ok(m) if !m.is_file() => warnings.extend(check_regular(path).err()),
        Ok(_) => {
            let name = path.file_name().map(Path::new).unwrap_or(path);
            let (id, lossy) = relative_id(name, Path::new(""));
            if lossy {
                warnings.push(lossy_warning(path, &id));
            }
            out.push(FileEntry { path: path.to_path_buf(), id });
        }
    }
    out
}

fn walk(root: &Path, dir: &Path, glob: &str, seen: &mut std::collections::HashSet<PathBuf>, out: &mut Vec<FileEntry>, warnings: &mut Vec<InputWarning>) {
    let warn = |message: String| InputWarning { path: dir.display().to_string(), message };
    // A directory reached twice (a symbolic link to an ancestor) is walked once.
    match fs::canonicalize(dir) {
        Ok(c) if !seen.insert(c.clone()) => {
            return warnings.push(warn(format!("already read as {} (a symbolic link loop?): skipped", c.display())));
        }
        _ => {}
    }
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => return warnings.push(warn(format!("cannot list directory: {e}"))),
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let Some(name) = p.file_name() else { continue };
        let meta = fs::metadata(&p);
        if meta.as_ref().is_ok_and(|m| m.is_dir()) {
            walk(root, &p, glob, seen, out, warnings);
            continue;
        }
        if !glob_match(glob, &name.to_string_lossy()) {
            continue;
        }
        match meta {
            Err(e) => warnings.push(InputWarning { path: p.display().to_string(), message: format!("cannot read: {e}") }),
            Ok(m) if !m.is_file() => warnings.extend(check_regular(&p).err()),
            Ok(_) => {
                let (id, lossy) = relative_id(&p, root);
                if lossy {
                    warnings.push(lossy_warning(&p, &id));
                }
                out.push(FileEntry { path: p, id });
            }
        }
    }
}

/// Reads and decodes one whole file into a document whose id is its file name (for `explain`
/// and `parse`; a run reads files with [`read_entry`]).
pub fn read_file(path: &Path) -> Result<RawDoc, InputWarning> {
    let warn = |message: String| InputWarning { path: path.display().to_string(), message };
    check_regular(path)?;
    let bytes = fs::read(path).map_err(|e| warn(format!("cannot read: {e}")))?;
    let id = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
    from_bytes(id, path.display().to_string(), &bytes).map_err(|e| warn(e.to_string()))
}

/// Reads a listed file as one document, or in parts when it is over `max` bytes (0 = no cap),
/// handing each to `emit` as soon as it is read.
pub fn read_entry(entry: &FileEntry, max: usize, emit: &mut dyn FnMut(Result<RawDoc, InputWarning>)) {
    let warn = |message: String| InputWarning { path: entry.path.display().to_string(), message };
    // Checked again when opening: the listing may be old.
    if let Err(w) = check_regular(&entry.path) {
        return emit(Err(w));
    }
    match fs::File::open(&entry.path) {
        Ok(mut f) => parts::read_parts(&mut f, &entry.id, &entry.path.display().to_string(), max, emit),
        Err(e) => emit(Err(warn(format!("cannot read: {e}")))),
    }
}

/// Decodes bytes into a document named `id`.
pub fn from_bytes(id: String, source: String, bytes: &[u8]) -> Result<RawDoc, DecodeError> {
    let (text, warnings) = decode(bytes)?;
    Ok(RawDoc { id, source, text, bytes: bytes.len() as u64, warnings, ..Default::default() })
}

/// Reads standard input as one document with id `stdin` (for `parse`; a run reads it with
/// [`read_stdin_parts`]). Binary data (`/dev/zero`) is refused after its first 8 KiB.
pub fn read_stdin() -> Result<RawDoc, InputWarning> {
    let mut got = None;
    read_stdin_parts("stdin", 0, &mut |d| got = Some(d));
    got.unwrap_or_else(|| Err(InputWarning { path: "-".into(), message: DecodeError::Empty.to_string() }))
}

/// Reads standard input as the document `id`, in parts when it is over `max` bytes.
pub fn read_stdin_parts(id: &str, max: usize, emit: &mut dyn FnMut(Result<RawDoc, InputWarning>)) {
    let mut stdin = std::io::stdin().lock();
    parts::read_parts(&mut stdin, id, "-", max, emit)
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("*.txt", "a.txt"));
        assert!(!glob_match("*.txt", "a.md"));
        assert!(glob_match("*.{txt,md}", "a.md"));
        assert!(glob_match("0?_*", "01_x"));
        assert!(glob_match("*", ""));
        assert!(glob_match("a*b*c", "aXbYbc"));
        assert!(!glob_match("a*b*c", "aXbYbd"));
        // Many stars on a long name: no exponential backtracking.
        let name = "a".repeat(200);
        assert!(!glob_match(&format!("{}b", "*a".repeat(30)), &name));
    }

    #[test]
    fn ids_are_paths_relative_to_the_root() {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(t.path().join("a/sub")).unwrap();
        std::fs::write(t.path().join("a/index.txt"), "x").unwrap();
        std::fs::write(t.path().join("a/sub/index.txt"), "y").unwrap();
        let mut ws = Vec::new();
        let ids: Vec<String> = expand_path(&t.path().join("a"), "*.txt", &mut ws).into_iter().map(|e| e.id).collect();
        assert_eq!(ids, ["index.txt", "sub/index.txt"]);
        let one = expand_path(&t.path().join("a/sub/index.txt"), "*.txt", &mut ws);
        assert_eq!(one[0].id, "index.txt");
        assert!(ws.is_empty(), "{ws:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_is_walked_once() {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(t.path().join("a")).unwrap();
        std::fs::write(t.path().join("a/x.txt"), "x").unwrap();
        std::os::unix::fs::symlink(t.path().join("a"), t.path().join("a/loop")).unwrap();
        let mut ws = Vec::new();
        let files = expand_path(&t.path().join("a"), "*.txt", &mut ws);
        assert_eq!(files.len(), 1);
        assert!(ws[0].message.contains("symbolic link loop"), "{ws:?}");
    }
}
