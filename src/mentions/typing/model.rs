//! The typing model: a linear model (averaged perceptron) over hashed features, one weight per
//! feature and class. Its table is a data file, `src/data/name-types.tsv`:
//!
//! ```text
//! # comment lines: provenance, licence, the command that made it
//! feature	PER	ORG	LOC	NONE
//! gov=say	412	-130	-250	-32
//! ```
//!
//! Weights are integers (the averaged weights × 1000, rounded); a class's score is the sum of its
//! features' weights. Scores are integers, so prediction is exact and deterministic.

use super::features::hash;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The classes, in the table's column order.
pub const CLASSES: [&str; 4] = ["PER", "ORG", "LOC", "NONE"];

/// Index of the `NONE` class.
pub const NONE: usize = 3;

/// The committed table.
pub const TABLE: &str = include_str!("../../data/name-types.tsv");

/// A line of the table that cannot be read.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("name-types.tsv:{line}: {what}")]
pub struct TableError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub what: String,
}

/// Weights by feature hash.
#[derive(Debug, Clone, Default)]
pub struct TypeModel {
    weights: HashMap<u64, [i32; 4], foldhash::fast::FixedState>,
}

impl TypeModel {
    /// The committed model, loaded on first use (an unreadable table gives an empty model, which
    /// types nothing; the tests check that the committed one loads).
    pub fn global() -> &'static TypeModel {
        static MODEL: OnceLock<TypeModel> = OnceLock::new();
        MODEL.get_or_init(|| TypeModel::parse(TABLE).unwrap_or_default())
    }

    /// Reads a table (see the module note).
    pub fn parse(text: &str) -> Result<TypeModel, TableError> {
        let mut weights = HashMap::with_hasher(foldhash::fast::FixedState::default());
        let mut header = false;
        for (i, line) in text.lines().enumerate() {
            let err = |what: String| TableError { line: i + 1, what };
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if !header {
                if cols.len() != 5 || cols[1..] != CLASSES {
                    return Err(err(format!("expected the header `feature\\t{}`", CLASSES.join("\\t"))));
                }
                header = true;
                continue;
            }
            if cols.len() != 5 {
                return Err(err(format!("expected 5 tab-separated columns, found {}", cols.len())));
            }
            let mut w = [0i32; 4];
            for (k, c) in cols[1..].iter().enumerate() {
                w[k] = c.parse().map_err(|_| err(format!("weight {c:?} is not an integer")))?;
            }
            weights.insert(hash(cols[0]), w);
        }
        if !header {
            return Err(TableError { line: 0, what: "no header line".into() });
        }
        Ok(TypeModel { weights })
    }

    /// Builds a model from weights by feature string.
    pub fn from_weights<'a>(w: impl IntoIterator<Item = (&'a str, [i32; 4])>) -> TypeModel {
        let mut weights = HashMap::with_hasher(foldhash::fast::FixedState::default());
        for (f, x) in w {
            weights.insert(hash(f), x);
        }
        TypeModel { weights }
    }

    /// Is the model empty?
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Adds the scores of features `feats` to `out`.
    pub fn score_into(&self, feats: &[u64], out: &mut [i64; 4]) {
        for h in feats {
            if let Some(w) = self.weights.get(h) {
                for k in 0..4 {
                    out[k] += w[k] as i64;
                }
            }
        }
    }
}
