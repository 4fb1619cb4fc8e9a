//! Aligned text tables that fit a terminal width.
//!
//! Columns are separated by two spaces; each starts as wide as its widest cell (or header).
//! When the table is too wide, the widest columns are narrowed first — a water level is lowered
//! until the total fits. Columns marked flexible (prose: statements, evidence) are lowered
//! first, down to [`FLEX_FLOOR`]; then all columns, down to [`MIN_COL`]. Cut cells end with `…`,
//! except in columns marked to **wrap** ([`Table::wrap`]): their cells are broken into lines at
//! spaces (a word longer than the column is broken inside), so nothing is lost — a row then
//! takes several lines. A wrapped column may also be capped ([`Table::max`]) so that it leaves
//! room to the prose.
//! Width is counted in `char`s (East Asian wide characters count as one: a known limit).
//! Control characters in cells (newlines, tabs) become spaces. No line has trailing spaces,
//! and no line is longer than the width unless even [`MIN_COL`]-wide columns cannot fit.

use super::truncate;

/// The narrowest a column is cut to.
pub const MIN_COL: usize = 4;
/// The narrowest a flexible column is cut to before other columns are cut.
pub const FLEX_FLOOR: usize = 20;
const SEP: &str = "  ";

/// A table: a header row and rows of cells.
#[derive(Debug, Clone, Default)]
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    right: Vec<bool>,
    flex: Vec<bool>,
    wrap: Vec<bool>,
    max: Vec<Option<usize>>,
}

/// Breaks `s` into lines of at most `width` characters at spaces; a word longer than `width`
/// is broken inside. Always at least one line; no line has leading or trailing spaces.
pub fn wrap_text(s: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut len = 0usize;
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let need = if len == 0 { word.len() } else { len + 1 + word.len() };
            if need <= width {
                if len > 0 {
                    line.push(' ');
                }
                line.extend(word.iter());
                len = need;
                break;
            }
            if len > 0 {
                lines.push(std::mem::take(&mut line));
                len = 0;
                continue;
            }
            // A word longer than the column: break it.
            let rest = word.split_off(width);
            lines.push(word.iter().collect());
            word = rest;
        }
    }
    if len > 0 || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Lowers a water level over the `which` columns until the widths fit `budget`: each such
/// column wider than the level is cut to it; none is cut below `floor` (or its own width).
fn lower(w: &mut [usize], which: &[bool], floor: usize, budget: usize) {
    let total: usize = w.iter().sum();
    if total <= budget {
        return;
    }
    let level_sum = |c: usize| -> usize {
        w.iter().zip(which).map(|(x, s)| if *s { (*x).min(c.max(floor)) } else { *x }).sum()
    };
    let max = w.iter().zip(which).filter(|(_, s)| **s).map(|(x, _)| *x).max().unwrap_or(0);
    if max <= floor {
        return;
    }
    let mut c = floor;
    if level_sum(floor) <= budget {
        let (mut lo, mut hi) = (floor, max);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if level_sum(mid) <= budget { lo = mid } else { hi = mid - 1 }
        }
        c = lo;
    }
    let orig = w.to_vec();
    for (x, s) in w.iter_mut().zip(which) {
        if *s {
            *x = (*x).min(c.max(floor));
        }
    }
    // Hand what is left, one character each, to the columns that were cut, leftmost first.
    let mut spare = budget.saturating_sub(w.iter().sum::<usize>());
    for i in 0..w.len() {
        if spare == 0 {
            break;
        }
        if which[i] && w[i] < orig[i] {
            w[i] += 1;
            spare -= 1;
        }
    }
}

impl Table {
    /// A table with these column headers.
    pub fn new(headers: &[&str]) -> Table {
        let n = headers.len();
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: vec![],
            right: vec![false; n],
            flex: vec![false; n],
            wrap: vec![false; n],
            max: vec![None; n],
        }
    }

    /// Marks column `i` as flexible (prose): it is cut first when the table is too wide.
    pub fn flex(mut self, i: usize) -> Table {
        if let Some(f) = self.flex.get_mut(i) {
            *f = true;
        }
        self
    }

    /// Wraps the cells of column `i` onto several lines instead of cutting them.
    pub fn wrap(mut self, i: usize) -> Table {
        if let Some(f) = self.wrap.get_mut(i) {
            *f = true;
        }
        self
    }

    /// Caps wrapped column `i` at `w` characters (its cells wrap within it).
    pub fn max(mut self, i: usize, w: usize) -> Table {
        if let Some(f) = self.max.get_mut(i) {
            *f = Some(w.max(MIN_COL));
        }
        self
    }

    /// Aligns column `i` to the right (numbers).
    pub fn right(mut self, i: usize) -> Table {
        if let Some(r) = self.right.get_mut(i) {
            *r = true;
        }
        self
    }

    /// Adds a row; missing cells are blank, extra cells are dropped.
    pub fn row(&mut self, cells: Vec<String>) {
        let mut cells: Vec<String> = cells.into_iter().take(self.headers.len()).map(|c| truncate(&c, usize::MAX)).collect();
        cells.resize(self.headers.len(), String::new());
        self.rows.push(cells);
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when there is no row.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The column widths that fit `width`: flexible columns are lowered first (to
    /// [`FLEX_FLOOR`]), then every column (to [`MIN_COL`]).
    fn widths(&self, width: usize) -> Vec<usize> {
        let n = self.headers.len();
        let mut w: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate() {
                w[i] = w[i].max(c.chars().count());
            }
        }
        for (i, x) in w.iter_mut().enumerate() {
            if let (true, Some(m)) = (self.wrap[i], self.max[i]) {
                *x = (*x).min(m.max(self.headers[i].chars().count()));
            }
        }
        let budget = width.saturating_sub(SEP.len() * n.saturating_sub(1));
        lower(&mut w, &self.flex, FLEX_FLOOR, budget);
        lower(&mut w, &vec![true; n], MIN_COL, budget);
        w
    }

    /// Renders the table to fit `width` characters per line.
    pub fn render(&self, width: usize) -> String {
        let w = self.widths(width);
        let mut out = String::new();
        let one = |cells: &[String], out: &mut String| {
            let mut s = String::new();
            for (i, c) in cells.iter().enumerate() {
                let c = truncate(c, w[i]);
                let pad = w[i] - c.chars().count();
                if i > 0 {
                    s.push_str(SEP);
                }
                if self.right[i] {
                    s.push_str(&" ".repeat(pad));
                    s.push_str(&c);
                } else {
                    s.push_str(&c);
                    s.push_str(&" ".repeat(pad));
                }
            }
            out.push_str(s.trim_end());
            out.push('\n');
        };
        // A row of wrapped cells is several physical lines.
        let line = |cells: &[String], out: &mut String| {
            let parts: Vec<Vec<String>> = cells
                .iter()
                .enumerate()
                .map(|(i, c)| if self.wrap[i] { wrap_text(c, w[i]) } else { vec![c.clone()] })
                .collect();
            let height = parts.iter().map(Vec::len).max().unwrap_or(1);
            for k in 0..height {
                let cells: Vec<String> = parts.iter().map(|p| p.get(k).cloned().unwrap_or_default()).collect();
                one(&cells, out);
            }
        };
        line(&self.headers, &mut out);
        let rule: Vec<String> = w.iter().map(|x| "─".repeat(*x)).collect();
        one(&rule, &mut out);
        for r in &self.rows {
            line(r, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_width_and_cuts_the_widest_column() {
        let mut t = Table::new(&["id", "text", "n"]).right(2);
        t.row(vec!["a".into(), "x".repeat(200), "12".into()]);
        t.row(vec!["bbbbbb".into(), "short\nline".into(), "3".into()]);
        for width in [20, 40, 80, 100] {
            let s = t.render(width);
            for l in s.lines() {
                assert!(l.chars().count() <= width, "{width}: {l:?}");
            }
            assert!(s.contains('…'));
            assert!(s.contains("bbbbbb"), "narrow columns are kept whole: {s}");
        }
        assert!(t.render(100).lines().all(|l| !l.ends_with(' ')), "no trailing spaces");
    }

    #[test]
    fn flexible_column_is_cut_first() {
        let mut t = Table::new(&["relation", "evidence"]).flex(1);
        t.row(vec!["foreign-minister-of".into(), "e".repeat(300)]);
        let s = t.render(60);
        assert!(s.lines().nth(2).unwrap().starts_with("foreign-minister-of  eee"), "{s}");
        assert!(s.lines().all(|l| l.chars().count() <= 60), "{s}");
        // Too narrow for the floor: everything is cut, still within the width.
        let s = t.render(30);
        assert!(s.lines().all(|l| l.chars().count() <= 30), "{s}");
    }

    #[test]
    fn wide_enough_is_untouched() {
        let mut t = Table::new(&["a", "b"]);
        t.row(vec!["one".into(), "two".into()]);
        assert_eq!(t.render(100), "a    b\n───  ───\none  two\n");
    }

    #[test]
    fn wrapped_columns_lose_nothing() {
        let quote = "We believe that the implementation of the Russian-Chinese road map would help achieve these goals";
        let mut t = Table::new(&["who", "statement"]).wrap(0).max(0, 8).flex(1).wrap(1);
        t.row(vec!["Sergey Lavrov".into(), quote.into()]);
        for width in [30, 50, 100] {
            let s = t.render(width);
            assert!(s.lines().all(|l| l.chars().count() <= width), "{s}");
            assert!(!s.contains('…'), "{s}");
            let words: Vec<&str> = s.lines().skip(2).flat_map(|l| l.split_whitespace()).collect();
            let want: Vec<&str> = "Sergey Lavrov".split(' ').chain(quote.split(' ')).collect();
            let mut got = words.clone();
            got.sort();
            let mut want = want.clone();
            want.sort();
            assert_eq!(got, want, "every word once: {s}");
        }
        assert_eq!(wrap_text("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap_text("", 4), [""]);
        assert_eq!(wrap_text("a bb ccc", 4), ["a bb", "ccc"]);
    }

    #[test]
    fn absurdly_narrow_does_not_panic() {
        let mut t = Table::new(&["alpha", "beta", "gamma"]);
        t.row(vec!["x".repeat(50), "y".repeat(50), "z".into()]);
        for width in 0..12 {
            let _ = t.render(width);
        }
    }
}
