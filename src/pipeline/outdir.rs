//! The output directory is one transaction.
//!
//! A run that writes an output set (`build`, `merge`, `remove`) never writes into the output
//! directory itself. It
//! 1. takes the lock `.NAME.newsgraph.lock` beside the directory `NAME` (an advisory lock on
//!    an open file: `flock` on Unix, `LockFileEx` on Windows, through `std::fs::File::try_lock`;
//!    the kernel drops it when the process dies, even by `kill -9`). A second writer is refused
//!    with [`OutDirError::Locked`];
//! 2. removes what killed runs left beside it (`.NAME.newsgraph-new-*`, `.NAME.newsgraph-old-*`)
//!    and says so — with the lock held no live run can own them; if a run died after moving the
//!    old set aside and before moving the new one in, the old set is moved back first;
//! 3. writes the whole new set into `.NAME.newsgraph-new-PID` ([`OutputSet::dir`]);
//! 4. swaps it in ([`OutputSet::commit`]). On Linux, `renameat2(RENAME_EXCHANGE)` exchanges the
//!    two directories atomically, then the old set (now under the temporary name) is deleted.
//!    Elsewhere (other Unixes, Windows, or a Linux file system without `RENAME_EXCHANGE`) the
//!    old set is renamed to `.NAME.newsgraph-old-PID` and the new one into place: two renames,
//!    and a crash between them leaves no `NAME` but the old set beside it, which step 2 of the
//!    next run moves back. Readers therefore see the old set or the new one, never a mix.
//!
//! Nothing newsgraph did not write is deleted. The marker `.newsgraph-set` lists the set's own
//! files; whatever else is in the directory (a log the run's output is redirected to, a
//! README) is moved into the new set before the swap. A directory that is no output set is
//! taken only if it holds regular files alone (a scratch directory), which are carried over
//! the same way; one holding directories or links is refused ([`OutDirError::Foreign`]), so
//! `--out ~` cannot swap away a home directory.

use std::fs::File;
use std::path::{Path, PathBuf};

/// The marker file written into every output set.
pub const MARKER: &str = ".newsgraph-set";

/// Why an output set could not be started or committed.
#[derive(Debug, thiserror::Error)]
pub enum OutDirError {
    /// Another run holds the lock.
    #[error("{dir} is being written by another newsgraph run (lock {lock} is held); wait for it to finish")]
    Locked {
        /// The output directory.
        dir: String,
        /// The lock file.
        lock: String,
    },
    /// The directory holds files newsgraph did not write.
    #[error("refusing to replace {dir}: it holds {file}, which newsgraph did not write; choose a new or empty --out directory")]
    Foreign {
        /// The output directory.
        dir: String,
        /// A file found in it.
        file: String,
    },
    /// The path exists and is not a directory.
    #[error("{0} exists and is not a directory")]
    NotADirectory(String),
    /// An I/O error.
    #[error("{path}: {source}")]
    Io {
        /// Where.
        path: String,
        /// What.
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> OutDirError + '_ {
    move |source| OutDirError::Io { path: path.display().to_string(), source }
}

/// An output set being written.
pub struct OutputSet {
    out: PathBuf,
    tmp: PathBuf,
    _lock: File,
    /// What was cleaned up from earlier, killed runs (one line each).
    pub recovered: Vec<String>,
}

fn names(out: &Path) -> (PathBuf, String) {
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    (parent, name)
}

/// The first line of the marker; the names of the set's files follow, one a line.
const MARKER_HEAD: &str = "a newsgraph output set: written whole, then swapped in; its files:";

/// What in `dir` newsgraph did not write, to be carried over into the new set: in a set whose
/// marker lists its files, everything not listed; in an older set, its placeholder files; in a
/// directory that is no output set, its files, if it holds nothing but regular files (a
/// scratch directory with a log in it) — a directory holding directories or links is refused.
fn carried_over(dir: &Path) -> Result<Vec<PathBuf>, OutDirError> {
    let listed: Option<Vec<String>> = std::fs::read_to_string(dir.join(MARKER))
        .ok()
        .and_then(|m| m.strip_prefix(MARKER_HEAD).map(|rest| rest.lines().filter(|l| !l.is_empty()).map(str::to_string).collect()));
    let mut entries = Vec::new();
    for e in std::fs::read_dir(dir).map_err(io(dir))? {
        let e = e.map_err(io(dir))?;
        entries.push((e.file_name().to_string_lossy().into_owned(), e.path(), e.file_type().map_err(io(dir))?));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(listed) = listed {
        return Ok(entries.into_iter().filter(|(n, ..)| n != MARKER && !listed.contains(n)).map(|(_, p, _)| p).collect());
    }
    let is_set = entries.iter().any(|(n, ..)| matches!(n.as_str(), "graph.db" | "graph.json" | MARKER));
    let placeholder = |n: &str| matches!(n, ".gitkeep" | ".gitignore");
    if is_set {
        return Ok(entries.into_iter().filter(|(n, ..)| placeholder(n)).map(|(_, p, _)| p).collect());
    }
    if let Some((n, ..)) = entries.iter().find(|(n, _, t)| !t.is_file() && !placeholder(n)) {
        return Err(OutDirError::Foreign { dir: dir.display().to_string(), file: n.clone() });
    }
    Ok(entries.into_iter().map(|(_, p, _)| p).collect())
}

/// Moves `files` into `to` (a rename keeps a file that is still being written, such as the log
/// of the run itself, the same file). Returns the moves made, to undo them on failure.
fn carry(files: &[PathBuf], to: &Path) -> Result<Vec<(PathBuf, PathBuf)>, OutDirError> {
    let mut moved = Vec::new();
    for f in files {
        let Some(n) = f.file_name() else { continue };
        let dest = to.join(n);
        if let Err(e) = std::fs::rename(f, &dest) {
            undo(&moved);
            return Err(io(f)(e));
        }
        moved.push((f.clone(), dest));
    }
    Ok(moved)
}

fn undo(moved: &[(PathBuf, PathBuf)]) {
    for (from, to) in moved.iter().rev() {
        let _ = std::fs::rename(to, from);
    }
}

impl OutputSet {
    /// Locks `out`, cleans up after killed runs and starts a new set beside it.
    pub fn begin(out: &Path) -> Result<OutputSet, OutDirError> {
        if out.exists() && !out.is_dir() {
            return Err(OutDirError::NotADirectory(out.display().to_string()));
        }
        let (parent, name) = names(out);
        std::fs::create_dir_all(&parent).map_err(io(&parent))?;
        let lock_path = parent.join(format!(".{name}.newsgraph.lock"));
        let lock = File::options().create(true).truncate(false).write(true).open(&lock_path).map_err(io(&lock_path))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(OutDirError::Locked { dir: out.display().to_string(), lock: lock_path.display().to_string() });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io(&lock_path)(e)),
        }
        let mut recovered = Vec::new();
        let new_prefix = format!(".{name}.newsgraph-new-");
        let old_prefix = format!(".{name}.newsgraph-old-");
        let mut olds = Vec::new();
        for e in std::fs::read_dir(&parent).map_err(io(&parent))? {
            let e = e.map_err(io(&parent))?;
            let n = e.file_name().to_string_lossy().into_owned();
            if n.starts_with(&old_prefix) {
                olds.push(e.path());
            } else if n.starts_with(&new_prefix) {
                std::fs::remove_dir_all(e.path()).map_err(io(&e.path()))?;
                recovered.push(format!("removed {}, left by an interrupted run", e.path().display()));
            }
        }
        olds.sort();
        for old in olds {
            if !out.exists() {
                std::fs::rename(&old, out).map_err(io(&old))?;
                recovered.push(format!("moved {} back to {}: a run was interrupted while swapping it", old.display(), out.display()));
            } else {
                std::fs::remove_dir_all(&old).map_err(io(&old))?;
                recovered.push(format!("removed {}, left by an interrupted run", old.display()));
            }
        }
        if out.is_dir() {
            carried_over(out)?;
        }
        let tmp = parent.join(format!("{new_prefix}{}", std::process::id()));
        std::fs::create_dir(&tmp).map_err(io(&tmp))?;
        Ok(OutputSet { out: out.to_path_buf(), tmp, _lock: lock, recovered })
    }

    /// The directory to write the new set into.
    pub fn dir(&self) -> &Path {
        &self.tmp
    }

    /// The output directory the set will replace.
    pub fn target(&self) -> &Path {
        &self.out
    }

    /// Swaps the new set in (see the module notes).
    pub fn commit(mut self) -> Result<(), OutDirError> {
        let (parent, name) = names(&self.out);
        // The marker names the set's own files: anything else found here later was not written
        // by newsgraph and is carried over, never deleted.
        let mut own: Vec<String> = std::fs::read_dir(&self.tmp)
            .map_err(io(&self.tmp))?
            .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<Result<_, _>>()
            .map_err(io(&self.tmp))?;
        own.sort();
        let marker = format!("{MARKER_HEAD}\n{}", own.iter().map(|n| format!("{n}\n")).collect::<String>());
        std::fs::write(self.tmp.join(MARKER), marker).map_err(io(&self.tmp))?;
        let moved = if self.out.is_dir() { carry(&carried_over(&self.out)?, &self.tmp)? } else { Vec::new() };
        sync_dir(&self.tmp);
        let swapped = if !self.out.is_dir() {
            std::fs::rename(&self.tmp, &self.out).map_err(io(&self.tmp))
        } else if exchange(&self.tmp, &self.out) {
            // The old set is now under the temporary name.
            let _ = std::fs::remove_dir_all(&self.tmp);
            Ok(())
        } else {
            let old = parent.join(format!(".{name}.newsgraph-old-{}", std::process::id()));
            std::fs::rename(&self.out, &old).map_err(io(&self.out)).and_then(|()| match std::fs::rename(&self.tmp, &self.out) {
                Ok(()) => {
                    let _ = std::fs::remove_dir_all(&old);
                    Ok(())
                }
                Err(e) => {
                    // Put the old set back so that the carried files can go home.
                    let _ = std::fs::rename(&old, &self.out);
                    Err(io(&self.tmp)(e))
                }
            })
        };
        if let Err(e) = swapped {
            undo(&moved);
            return Err(e);
        }
        sync_dir(&parent);
        self.tmp = PathBuf::new();
        Ok(())
    }
}

impl Drop for OutputSet {
    /// A set that was not committed (an error) is removed; the old one stays.
    fn drop(&mut self) {
        if !self.tmp.as_os_str().is_empty() {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

fn sync_dir(dir: &Path) {
    if let Ok(f) = File::open(dir) {
        let _ = f.sync_all();
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_replaces_the_old_one_whole_and_a_second_writer_is_refused() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("out");
        let s = OutputSet::begin(&out).unwrap();
        std::fs::write(s.dir().join("graph.json"), "1").unwrap();
        std::fs::write(s.dir().join("old-only.txt"), "x").unwrap();
        assert!(matches!(OutputSet::begin(&out), Err(OutDirError::Locked { .. })));
        s.commit().unwrap();
        let s = OutputSet::begin(&out).unwrap();
        std::fs::write(s.dir().join("graph.json"), "2").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("graph.json")).unwrap(), "2");
        assert!(!out.join("old-only.txt").exists(), "no stale file survives");
        let left: Vec<_> = std::fs::read_dir(t.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left.len(), 2, "only the set and its lock file: {left:?}");
    }

    #[test]
    fn a_foreign_directory_is_refused_and_leftovers_are_cleaned() {
        let t = tempfile::tempdir().unwrap();
        let home = t.path().join("home");
        std::fs::create_dir_all(home.join("Documents")).unwrap();
        std::fs::write(home.join("letter.txt"), "dear").unwrap();
        assert!(matches!(OutputSet::begin(&home), Err(OutDirError::Foreign { .. })));
        let out = t.path().join("out");
        std::fs::create_dir(t.path().join(".out.newsgraph-new-99")).unwrap();
        std::fs::create_dir(t.path().join(".out.newsgraph-old-98")).unwrap();
        std::fs::write(t.path().join(".out.newsgraph-old-98/graph.json"), "old").unwrap();
        let s = OutputSet::begin(&out).unwrap();
        assert_eq!(s.recovered.len(), 2, "{:?}", s.recovered);
        assert_eq!(std::fs::read_to_string(out.join("graph.json")).unwrap(), "old", "the interrupted swap is undone");
        drop(s);
        assert!(!t.path().join(".out.newsgraph-new-99").exists());
    }

    #[test]
    fn files_newsgraph_did_not_write_are_carried_over() {
        use std::io::Write;
        let t = tempfile::tempdir().unwrap();
        // A scratch directory the run's own log is redirected into, still open for writing.
        let out = t.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let mut log = File::create(out.join("log")).unwrap();
        writeln!(log, "started").unwrap();
        let s = OutputSet::begin(&out).unwrap();
        std::fs::write(s.dir().join("graph.json"), "1").unwrap();
        s.commit().unwrap();
        writeln!(log, "done").unwrap();
        assert_eq!(std::fs::read_to_string(out.join("log")).unwrap(), "started\ndone\n");
        // In a set, a user's file survives the next run; the set's own stale files do not.
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        let s = OutputSet::begin(&out).unwrap();
        std::fs::write(s.dir().join("graph.db"), "2").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
        assert!(out.join("log").exists() && out.join("graph.db").exists());
        assert!(!out.join("graph.json").exists(), "the old set's own file is gone");
    }
}
