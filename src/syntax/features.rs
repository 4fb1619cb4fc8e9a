//! Feature hashing and the averaged perceptron shared by the tagger, the parser and the
//! labeller.
//!
//! * A feature is a 64-bit hash of a template id and the values it combines ([`fh`]); strings
//!   are hashed once per sentence with [`hash_str`] (FNV-1a + a splitmix finaliser, the same on
//!   every platform, so a model trained on one machine works on every other).
//! * Training ([`Perceptron`]) keeps one sparse row per feature — only the classes that an
//!   update touched — with lazily averaged weights (Collins 2002; Daumé's trick: each weight
//!   keeps its running total and the time of its last change).
//! * Inference ([`Weights`]) is the averaged model quantised to `i16` with one scale per model,
//!   pruned of zero weights, in an open-addressing table of `(key, row)` slots; each row is a
//!   run of packed `(class, weight)` entries. Scores are `i32` sums, so inference is exact and
//!   deterministic. Lookups are done for all features of a decision in one pass, which lets the
//!   processor overlap the cache misses.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The splitmix64 finaliser: a fast, well-mixing bijection on `u64`.
#[inline]
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Hash of a string (FNV-1a, then [`mix`]).
pub fn hash_str(s: &str) -> u64 {
    let mut h = Fnv::new();
    h.bytes(s.as_bytes());
    h.finish()
}

/// Incremental [`hash_str`]: the same value for the same UTF-8 bytes.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Fnv {
    /// An empty hash.
    pub fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    /// Adds bytes.
    #[inline]
    pub fn bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.0 ^= x as u64;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    /// Adds a character (its UTF-8 bytes).
    #[inline]
    pub fn char(&mut self, c: char) {
        let mut b = [0u8; 4];
        self.bytes(c.encode_utf8(&mut b).as_bytes());
    }
    /// The hash.
    pub fn finish(self) -> u64 {
        mix(self.0)
    }
}

impl Default for Fnv {
    fn default() -> Self {
        Fnv::new()
    }
}

/// A feature: template `t` over `vals`. Never 0 (0 marks an empty slot).
#[inline]
pub fn fh(t: u32, vals: &[u64]) -> u64 {
    let mut h = (t as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for &v in vals {
        h = mix(h ^ v);
    }
    h | 1
}

/// Small deterministic PRNG (splitmix64) for shuffling and exploration.
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }
    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// Hasher for keys that are already hashes.
#[derive(Default)]
pub struct IdHasher(u64);
impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("IdHasher only hashes u64")
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
/// A map keyed by a hash.
pub type HashKeyed<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

#[derive(Debug, Clone, Copy)]
struct Entry {
    class: u16,
    w: f32,
    total: f64,
    ts: u64,
}

/// An averaged multi-class perceptron with sparse rows (training only).
#[derive(Default)]
pub struct Perceptron {
    nclass: usize,
    rows: HashKeyed<Vec<Entry>>,
    t: u64,
}

impl Perceptron {
    /// A perceptron over `nclass` classes.
    pub fn new(nclass: usize) -> Perceptron {
        Perceptron { nclass, rows: HashKeyed::default(), t: 0 }
    }

    /// Adds the current weights of `feats` into `scores` (length `nclass`).
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(row) = self.rows.get(f) {
                for e in row {
                    scores[e.class as usize] += e.w;
                }
            }
        }
    }

    /// Counts one training instance (call once per decision, updated or not).
    pub fn tick(&mut self) {
        self.t += 1;
    }

    /// The perceptron update: `truth` up, `guess` down (nothing when equal).
    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        let t = self.t;
        for &f in feats {
            let row = self.rows.entry(f).or_default();
            for (c, d) in [(truth, 1.0f32), (guess, -1.0)] {
                let e = match row.iter().position(|e| e.class as usize == c) {
                    Some(i) => &mut row[i],
                    None => {
                        row.push(Entry { class: c as u16, w: 0.0, total: 0.0, ts: t });
                        row.last_mut().expect("just pushed")
                    }
                };
                e.total += (t - e.ts) as f64 * e.w as f64;
                e.ts = t;
                e.w += d;
            }
        }
    }

    /// The averaged, quantised model. Weights whose quantised value falls below `prune`
    /// (in absolute value) are dropped. Keys shrink to 32 bits ([`key32`]); the rows of the
    /// rare keys that then collide are summed.
    pub fn finish(&self, prune: i16) -> Weights {
        use std::collections::BTreeMap;
        let t = self.t.max(1) as f64;
        let avg = |e: &Entry| (e.total + (self.t - e.ts) as f64 * e.w as f64) / t;
        let mut merged: BTreeMap<u32, BTreeMap<u16, f64>> = BTreeMap::new();
        for (k, row) in &self.rows {
            let m = merged.entry(key32(*k)).or_default();
            for e in row {
                *m.entry(e.class).or_default() += avg(e);
            }
        }
        let max = merged.values().flat_map(|r| r.values()).fold(0f64, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut rows = Vec::with_capacity(merged.len());
        for (k, row) in merged {
            let es: Vec<(u16, i16)> = row
                .into_iter()
                .map(|(c, w)| (c, (w / scale).round() as i16))
                .filter(|&(_, q)| q.unsigned_abs() >= prune.max(1) as u16)
                .collect();
            if !es.is_empty() {
                rows.push((k, es));
            }
        }
        Weights::from_rows(self.nclass, scale as f32, &rows)
    }
}

/// The 32-bit key under which feature `f` is stored (never 0). With a million features the
/// chance that an unseen feature matches a stored key is below 1 in 4000 per lookup, and such
/// a match only adds one small weight.
#[inline]
pub fn key32(f: u64) -> u32 {
    ((f >> 32) as u32) | 1
}

/// A slot of the open-addressing table: key (0 = empty) and the row's entry range.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u32,
    start: u32,
    len: u32,
}

/// The inference model: quantised averaged weights in an open-addressing table.
///
/// Models with at most four classes (the parser's transitions) keep their weights inside the
/// slot, so a feature costs one memory access; the others keep a run of packed entries.
#[derive(Debug, Clone, Default)]
pub struct Weights {
    /// Number of classes.
    pub nclass: usize,
    /// Real weight = quantised weight × scale.
    pub scale: f32,
    /// Number of slots.
    cap: usize,
    slots: Vec<Slot>,
    /// Packed entries: class in the high 16 bits, weight (i16) in the low 16.
    entries: Vec<u32>,
}

const DENSE: usize = 4;

impl Weights {
    fn dense(&self) -> bool {
        self.nclass <= DENSE
    }

    /// Builds the table from rows sorted by key.
    pub fn from_rows(nclass: usize, scale: f32, rows: &[(u32, Vec<(u16, i16)>)]) -> Weights {
        let mut keys = Vec::with_capacity(rows.len());
        let mut ends = Vec::with_capacity(rows.len());
        let mut flat = Vec::new();
        for (k, es) in rows {
            keys.push(*k);
            flat.extend_from_slice(es);
            ends.push(flat.len() as u32);
        }
        Weights::from_flat(nclass, scale, &keys, &ends, &flat)
    }

    /// Builds the table from flat arrays: row `i` has key `keys[i]` and the entries
    /// `flat[ends[i-1]..ends[i]]`.
    pub fn from_flat(nclass: usize, scale: f32, keys: &[u32], ends: &[u32], flat: &[(u16, i16)]) -> Weights {
        // Load factor 2/3; any size (no power of two), so the table wastes little memory.
        let cap = keys.len() * 3 / 2 + 16;
        let mut slots = vec![Slot::default(); cap];
        let mut entries = Vec::with_capacity(if nclass <= DENSE { 0 } else { flat.len() });
        let mut from = 0usize;
        for (&k, &end) in keys.iter().zip(ends) {
            let es = &flat[from.min(end as usize)..end as usize];
            from = end as usize;
            let slot = if nclass <= DENSE {
                let mut w = [0u16; DENSE];
                for &(c, v) in es {
                    if (c as usize) < DENSE {
                        w[c as usize] = v as u16;
                    }
                }
                Slot { key: k, start: w[0] as u32 | (w[1] as u32) << 16, len: w[2] as u32 | (w[3] as u32) << 16 }
            } else {
                let start = entries.len() as u32;
                entries.extend(es.iter().map(|&(c, w)| ((c as u32) << 16) | (w as u16 as u32)));
                Slot { key: k, start, len: es.len() as u32 }
            };
            let mut i = home(k, cap);
            while slots[i].key != 0 {
                i = if i + 1 == cap { 0 } else { i + 1 };
            }
            slots[i] = slot;
        }
        Weights { nclass, scale, cap, slots, entries }
    }

    fn row(&self, s: &Slot) -> Vec<(u16, i16)> {
        if self.dense() {
            let w = [s.start as u16, (s.start >> 16) as u16, s.len as u16, (s.len >> 16) as u16];
            (0..self.nclass).filter(|&c| w[c] != 0).map(|c| (c as u16, w[c] as i16)).collect()
        } else {
            let es = &self.entries[s.start as usize..(s.start + s.len) as usize];
            es.iter().map(|&e| ((e >> 16) as u16, e as u16 as i16)).collect()
        }
    }

    /// The rows in key order (for serialisation).
    pub fn rows(&self) -> Vec<(u32, Vec<(u16, i16)>)> {
        let mut v: Vec<(u32, Vec<(u16, i16)>)> = self.slots.iter().filter(|s| s.key != 0).map(|s| (s.key, self.row(s))).collect();
        v.sort_unstable_by_key(|r| r.0);
        v
    }

    /// Number of rows (features) and of weights.
    pub fn size(&self) -> (usize, usize) {
        let rows = self.slots.iter().filter(|s| s.key != 0);
        if self.dense() {
            let n = rows.clone().count();
            (n, rows.map(|s| self.row(s).len()).sum())
        } else {
            (rows.count(), self.entries.len())
        }
    }

    /// The same weights without those below `min_abs` (quantised units).
    pub fn pruned(&self, min_abs: i16) -> Weights {
        let rows: Vec<(u32, Vec<(u16, i16)>)> = self
            .rows()
            .into_iter()
            .map(|(k, es)| (k, es.into_iter().filter(|e| e.1.unsigned_abs() >= min_abs.max(1) as u16).collect::<Vec<_>>()))
            .filter(|r| !r.1.is_empty())
            .collect();
        Weights::from_rows(self.nclass, self.scale, &rows)
    }

    #[inline]
    fn find(&self, key: u32) -> Option<&Slot> {
        let mut i = home(key, self.cap);
        loop {
            let s = &self.slots[i];
            if s.key == key {
                return Some(s);
            }
            if s.key == 0 {
                return None;
            }
            i = if i + 1 == self.cap { 0 } else { i + 1 };
        }
    }

    /// Sums the weights of `feats` into `scores` (length `nclass`, reset here).
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [i32]) {
        scores.iter_mut().for_each(|s| *s = 0);
        if self.slots.is_empty() {
            return;
        }
        // Touch every slot first so the cache misses overlap.
        for &f in feats {
            prefetch(&self.slots[home(key32(f), self.cap)]);
        }
        if self.dense() {
            let mut acc = [0i32; DENSE];
            for &f in feats {
                if let Some(s) = self.find(key32(f)) {
                    acc[0] += s.start as u16 as i16 as i32;
                    acc[1] += (s.start >> 16) as u16 as i16 as i32;
                    acc[2] += s.len as u16 as i16 as i32;
                    acc[3] += (s.len >> 16) as u16 as i16 as i32;
                }
            }
            for (s, a) in scores.iter_mut().zip(acc) {
                *s = a;
            }
            return;
        }
        for &f in feats {
            if let Some(s) = self.find(key32(f)) {
                for &e in &self.entries[s.start as usize..(s.start + s.len) as usize] {
                    if let Some(x) = scores.get_mut((e >> 16) as usize) {
                        *x += e as u16 as i16 as i32;
                    }
                }
            }
        }
    }
}

/// The home slot of `key` in a table of `cap` slots (Lemire's multiply-shift range reduction;
/// keys are uniform 32-bit hashes).
#[inline(always)]
fn home(key: u32, cap: usize) -> usize {
    ((key as u64 * cap as u64) >> 32) as usize
}

#[inline(always)]
fn prefetch<T>(p: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint with no effect on memory or program state; the pointer
    // comes from a live reference.
    unsafe {
        core::arch::x86_64::_mm_prefetch(p as *const T as *const i8, core::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Index of the best score among `allowed` classes (lowest index on ties); `None` when none is
/// allowed.
#[inline]
pub fn argmax_allowed<T: PartialOrd + Copy>(scores: &[T], allowed: impl Fn(usize) -> bool) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, &s) in scores.iter().enumerate() {
        if allowed(i) && best.is_none_or(|b| s > scores[b]) {
            best = Some(i);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perceptron_learns_and_quantises() {
        let mut p = Perceptron::new(3);
        let data = [(vec![fh(1, &[1]), fh(2, &[5])], 0usize), (vec![fh(1, &[2]), fh(2, &[5])], 1), (vec![fh(1, &[3])], 2)];
        let mut sc = [0f32; 3];
        for _ in 0..5 {
            for (f, y) in &data {
                p.score(f, &mut sc);
                let g = argmax_allowed(&sc, |_| true).unwrap();
                p.update(f, *y, g);
                p.tick();
            }
        }
        let w = p.finish(1);
        let mut si = [0i32; 3];
        for (f, y) in &data {
            w.score(f, &mut si);
            assert_eq!(argmax_allowed(&si, |_| true), Some(*y));
        }
        let again = Weights::from_rows(3, w.scale, &w.rows());
        assert_eq!(again.rows(), w.rows());
    }

    #[test]
    fn hashes_are_stable() {
        assert_eq!(hash_str("the"), hash_str("the"));
        assert_ne!(fh(1, &[hash_str("a")]), fh(2, &[hash_str("a")]));
        assert_ne!(fh(1, &[]), 0);
    }
}
