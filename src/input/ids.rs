//! Document ids are unique in a run.
//!
//! A document's id is the path of its file relative to the input root it was found under (the
//! directory given on the command line; a file given by itself is its file name), with `/`
//! between components; the `id` of a JSON-lines article; or the `--stdin-name`. Two inputs can
//! still claim one id (`a/index.txt` and `b/index.txt` given as two roots, a JSON-lines dump that
//! repeats an id). The second is then never merged into the first: [`DocIds::claim`] gives it
//! the path it was read from as its id (`b/index.txt`), or, when that is taken too, the id with
//! `#2`, `#3`, …, and says so in a warning that names both sources.
//!
//! Memory: one 64-bit hash and one 64-bit ticket per document (the caller's compact reference
//! to the source, such as its input number and line), not the strings.

use std::collections::HashMap;
use std::hash::BuildHasher;

/// The ids claimed so far in a run.
pub struct DocIds {
    seen: HashMap<u64, u64>,
    hasher: foldhash::fast::FixedState,
}

impl Default for DocIds {
    fn default() -> Self {
        DocIds::new()
    }
}

impl DocIds {
    /// A new, empty set.
    pub fn new() -> DocIds {
        DocIds { seen: HashMap::new(), hasher: foldhash::fast::FixedState::with_seed(0x15) }
    }

    fn hash(&self, id: &str) -> u64 {
        self.hasher.hash_one(id)
    }

    /// Claims `id` for the source `ticket`. When it is free, returns `None`. When it is taken,
    /// claims the first free one of `fallback` (the path the document was read from, when it
    /// differs), `ID#2`, `ID#3`, … and returns it with the ticket of the source that holds `id`.
    pub fn claim(&mut self, id: &str, fallback: Option<&str>, ticket: u64) -> Option<(String, u64)> {
        let h = self.hash(id);
        let holder = match self.seen.get(&h) {
            None => {
                self.seen.insert(h, ticket);
                return None;
            }
            Some(&t) => t,
        };
        let candidates = fallback.filter(|f| *f != id).map(str::to_string).into_iter().chain((2u64..).map(|n| format!("{id}#{n}")));
        for c in candidates {
            let hc = self.hash(&c);
            if let std::collections::hash_map::Entry::Vacant(e) = self.seen.entry(hc) {
                e.insert(ticket);
                return Some((c, holder));
            }
        }
        None
    }

    /// Whether `id` was claimed.
    pub fn contains(&self, id: &str) -> bool {
        self.seen.contains_key(&self.hash(id))
    }
}

/// The message for a document whose id was taken: `id` by `holder`, read as `new_id`.
pub fn collision_message(id: &str, holder: &str, new_id: &str) -> String {
    format!("document id {id:?} is already taken by {holder}: this document is read as {new_id:?} (document ids are unique in a run)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_id_gets_the_path_then_a_number() {
        let mut ids = DocIds::new();
        assert_eq!(ids.claim("index.txt", Some("a/index.txt"), 1), None);
        assert_eq!(ids.claim("index.txt", Some("b/index.txt"), 2), Some(("b/index.txt".to_string(), 1)));
        assert_eq!(ids.claim("index.txt", Some("b/index.txt"), 3), Some(("index.txt#2".to_string(), 1)));
        assert_eq!(ids.claim("x", None, 4), None);
        assert_eq!(ids.claim("x", None, 5), Some(("x#2".to_string(), 4)));
        assert_eq!(ids.claim("x#2", None, 6), Some(("x#2#2".to_string(), 5)));
        assert!(ids.contains("b/index.txt"));
    }
}
