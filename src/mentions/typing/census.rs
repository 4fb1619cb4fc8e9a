//! Given names and surnames of the 1990 US Census (`src/data/census-names.tsv`, public domain,
//! made by `scripts/make_census_names.py`): a feature of the typing model ("Marlena" is a given
//! name, "Padalecki" no common surname), never a rule by itself — the list holds words too
//! ("young", "park", "will").

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../data/census-names.tsv");

fn table() -> &'static HashMap<&'static str, &'static str> {
    static T: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    T.get_or_init(|| {
        TABLE
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .collect()
    })
}

/// The census classes of a lower-case word: `f`/`m` (given name), `s1`/`s2`/`s3` (surname by
/// rank band), comma-separated; `None` when the census lists it as neither.
pub fn classes(lower: &str) -> Option<&'static str> {
    table().get(lower).copied()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_table_loads() {
        assert_eq!(super::classes("marlena"), Some("f"));
        assert_eq!(super::classes("smith"), Some("s1"));
        assert_eq!(super::classes("xqzt"), None);
    }
}
