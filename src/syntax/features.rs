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
//!   pruned of zero weights, in an open-addressing table of 16-byte `(key, row)` slots (a row of
//!   up to four `(class, weight)` entries inline, a longer one elsewhere), filled in key order
//!   so that the keys increase along the table and the search for an absent feature (most of
//!   them) stops early. Scores are `i32` sums, so inference is exact and deterministic. Lookups
//!   are done for all features of a decision in passes that let the processor overlap the
//!   cache misses.

use super::model::{code8, decode8};
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

/// A feature: template `t` over `vals` (values that are themselves hashes). Each value costs a
/// multiply and a rotate; one [`mix`] at the end spreads the bits, since the weight tables
/// index by the high bits. Never 0 (0 marks an empty slot).
#[inline(always)]
pub fn fh(t: u32, vals: &[u64]) -> u64 {
    let mut h = (t as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for &v in vals {
        h = (h ^ v).wrapping_mul(0xff51_afd7_ed55_8ccd).rotate_left(31);
    }
    mix(h) | 1
}

/// A set of classes (at most 128): the candidates a decision may choose from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ClassSet(pub [u64; 2]);

impl ClassSet {
    /// Every class.
    pub const ALL: ClassSet = ClassSet([u64::MAX; 2]);

    /// Whether class `c` is in the set.
    #[inline(always)]
    pub fn has(&self, c: usize) -> bool {
        c < 128 && (self.0[c >> 6] >> (c & 63)) & 1 == 1
    }
    /// Adds class `c` (ignored from 128 on).
    pub fn insert(&mut self, c: usize) {
        if c < 128 {
            self.0[c >> 6] |= 1 << (c & 63);
        }
    }
    /// Whether the set is every class.
    pub fn is_all(&self) -> bool {
        *self == ClassSet::ALL
    }
    /// Number of classes below `n` in the set.
    #[inline]
    pub fn count_below(&self, n: usize) -> usize {
        let n = n.min(128);
        let low = if n >= 64 { self.0[0].count_ones() } else { (self.0[0] & ((1u64 << n) - 1)).count_ones() };
        let high = if n > 64 { if n == 128 { self.0[1].count_ones() } else { (self.0[1] & ((1u64 << (n - 64)) - 1)).count_ones() } } else { 0 };
        (low + high) as usize
    }
    /// The classes in the set, ascending.
    #[inline]
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(k, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let b = w.trailing_zeros() as usize;
                w &= w - 1;
                Some(k * 64 + b)
            })
        })
    }
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
                averaged_step(&mut e.w, &mut e.total, &mut e.ts, t, d);
            }
        }
    }

    /// The averaged, quantised model. Weights whose quantised value falls below `prune`
    /// (in absolute value) are dropped. Keys shrink to 32 bits ([`key32`]); the rows of the
    /// rare keys that then collide are summed.
    pub fn finish(&self, prune: i16) -> Weights {
        use std::collections::BTreeMap;
        let avg = |e: &Entry| average(e.w, e.total, e.ts, self.t);
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

/// Entries a slot holds inline.
const INLINE: usize = 4;
/// `Slot::class[0]` of a row kept outside the slot (more than [`INLINE`] entries); such a slot
/// has `w[0] == 0`, which no inline entry in use has (zero weights are not stored).
const SPILLED: u8 = 0xff;

/// A slot of the table, 16 bytes (four to a cache line): the key (0 = empty) and the row
/// itself — up to four `(class, weight)` entries, unused ones `(0, 0)` — or, for a longer
/// row, where it is kept: `class[1]` says how (0: a run of `w[3]` [`Pair`]s in
/// `Weights::pairs`, 1: a dense run of `nclass` weights in `Weights::dense`, for rows with a
/// weight for at least a quarter of the classes), `w[1..3]` where it starts. Most rows have one or
/// two entries, so a lookup usually costs one cache miss.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(16))]
struct Slot {
    key: u32,
    class: [u8; INLINE],
    w: [i16; INLINE],
}

const _: () = assert!(std::mem::size_of::<Slot>() == 16);

impl Slot {
    #[inline(always)]
    fn spilled(&self) -> bool {
        self.class[0] == SPILLED && self.w[0] == 0
    }
    /// Where a spilled row starts.
    #[inline(always)]
    fn start(&self) -> usize {
        self.w[1] as u16 as usize | (self.w[2] as u16 as usize) << 16
    }
}

/// One entry of a spilled sparse row.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C)]
struct Pair {
    class: u16,
    w: i16,
}

/// The inference model of a multi-class perceptron: quantised averaged weights in an
/// open-addressing table of [`Slot`]s: linear probing without wrap-around (the last run may
/// go past `cap` slots; an empty slot always ends the table), load factor ≤ 3/4.
///
/// The rows are inserted in key order and a key's home slot ([`home`]) grows with the key, so
/// the keys of the occupied slots increase along the table: a lookup stops at the first slot
/// whose key is not below the one it seeks. A key that is not there (most features of a
/// decision are unseen or pruned) then costs about as few probes as one that is.
#[derive(Debug, Clone, Default)]
pub struct Weights {
    /// Number of classes.
    pub nclass: usize,
    /// Real weight = quantised weight × scale.
    pub scale: f32,
    /// Number of home slots.
    cap: usize,
    slots: Vec<Slot>,
    /// Long sparse rows.
    pairs: Vec<Pair>,
    /// Long dense rows: `nclass` weights each.
    dense: Vec<i16>,
}

/// At most this many long rows of one decision wait to be added after their prefetch.
const PENDING: usize = 48;

impl Weights {
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
    /// `flat[ends[i-1]..ends[i]]`. Entries of a class `≥ nclass` (never scored) and zero
    /// weights are dropped; of two rows with the same key, the first is found.
    pub fn from_flat(nclass: usize, scale: f32, keys: &[u32], ends: &[u32], flat: &[(u16, i16)]) -> Weights {
        let cap = keys.len() * 4 / 3 + 16;
        let mut order: Vec<usize> = (0..keys.len().min(ends.len())).collect();
        if !keys.is_sorted() {
            order.sort_by_key(|&i| keys[i]);
        }
        // Room past `cap` for the last run, so that the table is rarely reallocated.
        let mut slots = huge_vec(cap + 64, Slot::default());
        let (mut pairs, mut dense) = (Vec::new(), Vec::new());
        let mut next = 0usize;
        for i in order {
            let (k, end) = (keys[i], (ends[i] as usize).min(flat.len()));
            let start = if i == 0 { 0 } else { (ends[i - 1] as usize).min(end) };
            let es = flat[start..end].iter().filter(|&&(c, w)| w != 0 && (c as usize) < nclass.min(256));
            let n = es.clone().count();
            let mut slot = Slot { key: k, ..Default::default() };
            if n <= INLINE {
                for (j, &(c, w)) in es.enumerate() {
                    slot.class[j] = c as u8;
                    slot.w[j] = w;
                }
            } else {
                let at = if 4 * n >= nclass {
                    slot.class[1] = 1;
                    let at = dense.len();
                    dense.resize(at + nclass, 0);
                    es.for_each(|&(c, w)| dense[at + c as usize] = w);
                    at
                } else {
                    slot.w[3] = n as i16;
                    let at = pairs.len();
                    pairs.extend(es.map(|&(class, w)| Pair { class, w }));
                    at
                };
                slot.class[0] = SPILLED;
                slot.w[1] = at as u16 as i16;
                slot.w[2] = (at >> 16) as u16 as i16;
            }
            // Keys come in order, so every slot from the home slot to the last one filled is
            // taken: the row goes after that one, or to its home slot if that is further on.
            let at = home(k, cap).max(next);
            if at + 1 >= slots.len() {
                slots.resize(at + 2, Slot::default());
            }
            slots[at] = slot;
            next = at + 1;
        }
        Weights { nclass, scale, cap, slots, pairs, dense }
    }

    /// The sparse entries of a spilled row (empty for a dense one).
    #[inline(always)]
    fn pairs_of(&self, s: &Slot) -> &[Pair] {
        if s.class[1] != 0 {
            return &[];
        }
        let at = s.start();
        self.pairs.get(at..at + s.w[3] as u16 as usize).unwrap_or(&[])
    }

    /// The weights of a spilled dense row (empty for a sparse one).
    #[inline(always)]
    fn dense_of(&self, s: &Slot) -> &[i16] {
        if s.class[1] == 0 {
            return &[];
        }
        let at = s.start();
        self.dense.get(at..at + self.nclass).unwrap_or(&[])
    }

    fn row(&self, s: &Slot) -> Vec<(u16, i16)> {
        if s.spilled() {
            let mut r: Vec<(u16, i16)> = self.pairs_of(s).iter().map(|p| (p.class, p.w)).collect();
            r.extend(self.dense_of(s).iter().enumerate().filter(|(_, w)| **w != 0).map(|(c, w)| (c as u16, *w)));
            r
        } else {
            (0..INLINE).filter(|&j| s.w[j] != 0).map(|j| (s.class[j] as u16, s.w[j])).collect()
        }
    }

    /// The rows in key order (for serialisation).
    pub fn rows(&self) -> Vec<(u32, Vec<(u16, i16)>)> {
        let mut v: Vec<(u32, Vec<(u16, i16)>)> = self.slots.iter().filter(|s| s.key != 0).map(|s| (s.key, self.row(s))).collect();
        v.sort_by_key(|r| r.0);
        v
    }

    /// Number of rows (features) and of weights.
    pub fn size(&self) -> (usize, usize) {
        let rows = self.slots.iter().filter(|s| s.key != 0);
        (rows.clone().count(), rows.map(|s| self.row(s).len()).sum())
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

    /// The slot of `key`: the keys increase along the table, so the search ends at an empty
    /// slot or a larger key.
    #[inline]
    fn find(&self, key: u32) -> Option<&Slot> {
        let mut i = home(key, self.cap);
        loop {
            let s = self.slots.get(i)?;
            if s.key == key {
                return Some(s);
            }
            if s.key == 0 || s.key > key {
                return None;
            }
            i += 1;
        }
    }

    /// Sums the weights of `feats` into `scores` (length `nclass`, reset here).
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [i32]) {
        self.score_in(feats, scores, &ClassSet::ALL)
    }

    /// [`Weights::score`] for a decision among the classes in `only`: their scores are exact;
    /// the other classes' scores are unspecified (partial sums), so the caller must choose
    /// among `only`. A small candidate set makes the long, dense rows cheap: only its classes
    /// are read.
    ///
    /// Three passes, so that the cache misses of a decision overlap: touch every home slot;
    /// find the slots, adding the short rows and touching the long ones; add the long rows.
    /// The sums go to a 256-lane array that any class byte indexes, so the short rows are
    /// added without branches or bounds checks.
    #[inline]
    pub fn score_in(&self, feats: &[u64], scores: &mut [i32], only: &ClassSet) {
        let mut acc = [0i32; 256];
        if !self.slots.is_empty() {
            self.sum(feats, &mut acc, only);
        }
        for (x, &a) in scores.iter_mut().zip(&acc) {
            *x = a;
        }
        scores.iter_mut().skip(256).for_each(|x| *x = 0);
    }

    #[inline(always)]
    fn sum(&self, feats: &[u64], acc: &mut [i32; 256], only: &ClassSet) {
        let all = only.is_all();
        for &f in feats {
            if let Some(s) = self.slots.get(home(key32(f), self.cap)) {
                prefetch(s);
            }
        }
        let mut pending = [&Slot { key: 0, class: [0; INLINE], w: [0; INLINE] }; PENDING];
        let mut np = 0;
        for &f in feats {
            let Some(s) = self.find(key32(f)) else { continue };
            if s.spilled() {
                if np < PENDING {
                    let (p, d) = (self.pairs_of(s), self.dense_of(s));
                    if let Some(p) = p.first() {
                        prefetch(p);
                    }
                    if all {
                        for k in (0..d.len()).step_by(32) {
                            prefetch(&d[k]);
                        }
                    }
                    pending[np] = s;
                    np += 1;
                } else {
                    self.add_long(s, acc, all, only);
                }
            } else {
                // Unused entries are (0, 0).
                for j in 0..INLINE {
                    acc[s.class[j] as usize] += s.w[j] as i32;
                }
            }
        }
        for s in &pending[..np] {
            self.add_long(s, acc, all, only);
        }
    }

    /// Adds a spilled row.
    #[inline(always)]
    fn add_long(&self, s: &Slot, acc: &mut [i32; 256], all: bool, only: &ClassSet) {
        for p in self.pairs_of(s) {
            acc[p.class as u8 as usize] += p.w as i32;
        }
        let row = self.dense_of(s);
        if row.is_empty() {
        } else if all {
            add_row(&mut acc[..row.len().min(256)], row);
        } else {
            for c in only.iter() {
                if let Some(&w) = row.get(c) {
                    acc[c & 255] += w as i32;
                }
            }
        }
    }
}

/// `acc[c] += row[c]`, with AVX2 when the processor has it (checked once, at run time).
#[inline]
fn add_row(acc: &mut [i32], row: &[i16]) {
    #[cfg(target_arch = "x86_64")]
    {
        static AVX2: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        if *AVX2.get_or_init(|| std::arch::is_x86_feature_detected!("avx2")) {
            // SAFETY: the processor supports AVX2 (checked above); the function has no other
            // requirement.
            unsafe { add_row_avx2(acc, row) };
            return;
        }
    }
    add_row_plain(acc, row);
}

#[inline(always)]
fn add_row_plain(acc: &mut [i32], row: &[i16]) {
    for (x, &w) in acc.iter_mut().zip(row) {
        *x += w as i32;
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn add_row_avx2(acc: &mut [i32], row: &[i16]) {
    // The same loop; compiled for AVX2, it adds 8 lanes per instruction.
    add_row_plain(acc, row);
}

/// The home slot of `key` in a table of `cap` slots (Lemire's multiply-shift range reduction;
/// keys are uniform 32-bit hashes).
#[inline(always)]
fn home(key: u32, cap: usize) -> usize {
    ((key as u64 * cap as u64) >> 32) as usize
}

/// `n` copies of `v` in memory that the kernel is asked to back with huge pages (Linux
/// transparent huge pages in `madvise` mode): the weight tables are read at random, and with
/// 4 KiB pages most lookups would also miss the TLB. The advice is given before the first
/// write, so the pages are huge from the start; where it is refused or unknown, nothing changes.
pub fn huge_vec<T: Clone>(n: usize, v: T) -> Vec<T> {
    let mut out = Vec::with_capacity(n);
    #[cfg(target_os = "linux")]
    {
        const PAGE: usize = 4096;
        let (p, len) = (out.as_mut_ptr() as usize, n.saturating_mul(std::mem::size_of::<T>()));
        let (from, to) = (p.next_multiple_of(PAGE), (p + len) / PAGE * PAGE);
        if len >= 1 << 21 && to > from {
            // SAFETY: the range lies inside the vector's own allocation (not yet written), and
            // MADV_HUGEPAGE changes only how the kernel backs the pages, never their contents.
            let _ = unsafe { rustix::mm::madvise(from as *mut std::ffi::c_void, to - from, rustix::mm::Advice::LinuxHugepage) };
        }
    }
    out.resize(n, v);
    out
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

/// A hashed dense weight table for models of at most four classes (the parser's transitions):
/// the hashing trick (Weinberger et al. 2009). Feature `f` owns row `f >> (64 - bits)`; features
/// that share a row share its weights, and training sees the same sharing, so the model learns
/// around it. A row is `nclass` one-byte weight codes ([`code8`]), packed as the model file
/// stores them, so a lookup is one unaligned 4-byte load with no key to compare, plus reads
/// of a 512-byte decoding table that stays in the L1 cache; with three classes and 2^21 rows
/// the table is 6 MB (as `i16` rows of four, it was 16).
#[derive(Debug, Clone, Default)]
pub struct DenseWeights {
    /// log2 of the number of rows.
    pub bits: u32,
    /// Number of classes (≤ 4).
    pub nclass: usize,
    /// Real weight = quantised weight × scale.
    pub scale: f32,
    /// The rows' codes, `nclass` bytes each, then three bytes of padding (so that every row
    /// can be read as four bytes).
    packed: Vec<u8>,
}

impl DenseWeights {
    /// A table from its `2^bits` rows of `nclass ≤ 4` [`code8`] codes, packed (the code `0x80`,
    /// which [`code8`] never gives, is read as 0, its weight). `None` when `packed` is not
    /// that long.
    pub fn from_packed(bits: u32, nclass: usize, scale: f32, packed: &[u8]) -> Option<DenseWeights> {
        if nclass > 4 || bits > 30 || packed.len() != (1usize << bits) * nclass {
            return None;
        }
        let mut v = huge_vec(packed.len() + 3, 0u8);
        for (x, &c) in v.iter_mut().zip(packed) {
            *x = if c == 0x80 { 0 } else { c };
        }
        Some(DenseWeights { bits, nclass, scale, packed: v })
    }

    /// The codes of row `i` (four bytes; those past `nclass` are 0).
    #[inline(always)]
    pub fn row(&self, i: usize) -> [u8; 4] {
        let at = i * self.nclass;
        let b = self.packed.get(at..at + 4).map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        let mask = if self.nclass >= 4 { u32::MAX } else { (1u32 << (8 * self.nclass)) - 1 };
        (b & mask).to_le_bytes()
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        if self.packed.is_empty() { 0 } else { 1 << self.bits }
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.packed.is_empty()
    }

    /// The row of feature `f`.
    #[inline(always)]
    pub fn index(bits: u32, f: u64) -> usize {
        (f >> (64 - bits)) as usize
    }

    /// Sums the weights of `feats` (four lanes; lanes past `nclass` are 0).
    #[inline]
    pub fn score(&self, feats: &[u64]) -> [i32; 4] {
        let mut acc = [0i32; 4];
        if self.packed.is_empty() {
            return acc;
        }
        for &f in feats {
            if let Some(r) = self.packed.get(Self::index(self.bits, f) * self.nclass) {
                prefetch(r);
            }
        }
        let t = decode8();
        for &f in feats {
            let r = self.row(Self::index(self.bits, f));
            for k in 0..4 {
                acc[k] += t[r[k] as usize] as i32;
            }
        }
        acc
    }

    /// Adds the weights of `feats` to `acc`.
    #[inline]
    pub fn add(&self, feats: &[u64], acc: &mut [i32; 4]) {
        let s = self.score(feats);
        for k in 0..4 {
            acc[k] += s[k];
        }
    }

    /// Number of rows with a weight.
    pub fn used(&self) -> usize {
        (0..self.len()).filter(|&i| self.row(i) != [0; 4]).count()
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct DenseEntry {
    w: [f32; 4],
    total: [f64; 4],
    ts: [u64; 4],
}

/// The averaged perceptron over a [`DenseWeights`] table (training only).
pub struct DensePerceptron {
    bits: u32,
    nclass: usize,
    rows: Vec<DenseEntry>,
    t: u64,
}

impl DensePerceptron {
    /// A table of `2^bits` rows of `nclass ≤ 4` classes.
    pub fn new(bits: u32, nclass: usize) -> DensePerceptron {
        assert!(nclass <= 4 && (8..=30).contains(&bits), "at most four classes, 8..=30 bits");
        DensePerceptron { bits, nclass, rows: vec![DenseEntry::default(); 1 << bits], t: 0 }
    }

    /// Current (not averaged) scores of `feats`.
    pub fn score(&self, feats: &[u64]) -> [f32; 4] {
        let mut acc = [0f32; 4];
        for &f in feats {
            let e = &self.rows[DenseWeights::index(self.bits, f)];
            for k in 0..4 {
                acc[k] += e.w[k];
            }
        }
        acc
    }

    /// Counts one training instance.
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
            let e = &mut self.rows[DenseWeights::index(self.bits, f)];
            for (c, d) in [(truth, 1.0f32), (guess, -1.0)] {
                averaged_step(&mut e.w[c], &mut e.total[c], &mut e.ts[c], t, d);
            }
        }
    }

    /// The averaged model quantised to `i16` with one scale, then to the one-byte codes the
    /// model file stores (so the model in memory is the one the file will hold).
    pub fn finish(&self) -> DenseWeights {
        let avg: Vec<[f64; 4]> = self.rows.iter().map(|e| std::array::from_fn(|k| average(e.w[k], e.total[k], e.ts[k], self.t))).collect();
        let max = avg.iter().flatten().fold(0f64, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let packed: Vec<u8> = avg.iter().flat_map(|a| (0..self.nclass).map(|k| code8((a[k] / scale).round() as i16))).collect();
        DenseWeights::from_packed(self.bits, self.nclass, scale as f32, &packed).unwrap_or_default()
    }
}

/// The lazy averaging of both perceptrons: brings a weight's running `total` up to instance
/// `t`, then moves the weight by `d`.
#[inline]
fn averaged_step(w: &mut f32, total: &mut f64, ts: &mut u64, t: u64, d: f32) {
    *total += (t - *ts) as f64 * *w as f64;
    *ts = t;
    *w += d;
}

/// A weight's average over the `now` instances counted so far.
fn average(w: f32, total: f64, ts: u64, now: u64) -> f64 {
    (total + (now - ts) as f64 * w as f64) / now.max(1) as f64
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
