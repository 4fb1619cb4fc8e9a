//! Prints the logical content of a graph store (`Store::logical_dump`): every document's facts,
//! the identity merges and `graph.json`, independent of rowids and of the order the documents
//! came in. Two stores hold the same graph exactly when their dumps are equal; the Spark check
//! (`dist/spark/check_equality.py`) compares stores with it where their bytes may differ.
//!
//!     cargo run --release --example store_dump -- output/          # or output/graph.db

use newsgraph::store::{Store, DB_FILE};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(arg) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: store_dump DIR|graph.db");
        return ExitCode::from(2);
    };
    let path = if arg.is_dir() { arg.join(DB_FILE) } else { arg };
    let dump = Store::open(&path, false).and_then(|s| s.logical_dump());
    match dump {
        Ok(text) => match std::io::stdout().lock().write_all(text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("store_dump: {e}");
                ExitCode::from(1)
            }
        },
        Err(e) => {
            eprintln!("store_dump: {e}");
            ExitCode::from(1)
        }
    }
}
