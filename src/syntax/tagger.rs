//! Part-of-speech tagger: a greedy left-to-right averaged perceptron over the joint
//! `UPOS XPOS` tag (so the two never disagree).
//!
//! Features (Ratnaparkhi 1996; Collins 2002; Honnibal's "A good POS tagger in 200 lines"):
//! the word and its lower-cased form, prefixes 1–3 and suffixes 1–4, a collapsed word shape,
//! flags (digit, hyphen, capital, sentence-initial), the two previous predicted tags, the
//! words ±2 and their suffixes, and the *ambiguity class* of the word and the next two words:
//! the set of tags the word had in training (a tag dictionary), which tells the model what a
//! known word can be. Frequent words that had one tag in ≥ 99.5 % of their training uses get
//! it without scoring (the fixed-tag dictionary), which saves time and never costs accuracy
//! on such words in practice.

use super::features::{argmax_allowed, fh, hash_str, ClassSet, Fnv, HashKeyed, Perceptron, Rng, Weights};

/// Pre-computed hashes of one word's surface (shared with the parser).
#[derive(Debug, Clone, Copy, Default)]
pub struct WordKeys {
    /// The form as written.
    pub form: u64,
    /// Lower-cased form.
    pub lower: u64,
    /// Suffixes of length 1–4 (lower-cased).
    pub suf: [u64; 4],
    /// Prefixes of length 1–3.
    pub pre: [u64; 3],
    /// Collapsed shape ("Xx", "d.d", …).
    pub shape: u64,
    /// Flags: bit 0 digit, 1 hyphen, 2 initial capital, 3 all caps, 4 has a letter.
    pub flags: u64,
}

impl WordKeys {
    /// Computes the keys of `form`.
    pub fn new(form: &str) -> WordKeys {
        let mut buf = [0u8; 64];
        let lower: std::borrow::Cow<str> = if form.is_ascii() && form.len() <= 64 {
            let b = &mut buf[..form.len()];
            b.copy_from_slice(form.as_bytes());
            b.make_ascii_lowercase();
            std::borrow::Cow::Borrowed(std::str::from_utf8(b).unwrap_or(""))
        } else {
            std::borrow::Cow::Owned(form.to_lowercase())
        };
        let lower = lower.as_ref();
        // Byte offsets of the last 4 and the first 3 characters.
        let mut suf = [0u64; 4];
        let mut ends = lower.char_indices().rev().map(|(i, _)| i);
        let mut from = lower.len();
        for (k, s) in suf.iter_mut().enumerate() {
            if let Some(i) = ends.next() {
                from = i;
            }
            *s = hash_str(&lower[from..]) ^ (k as u64 + 1);
        }
        let mut pre = [0u64; 3];
        let mut starts = lower.char_indices().map(|(i, c)| i + c.len_utf8());
        let mut to = 0;
        for (k, p) in pre.iter_mut().enumerate() {
            if let Some(i) = starts.next() {
                to = i;
            }
            *p = hash_str(&lower[..to]) ^ (k as u64 + 11);
        }
        let mut shape = Fnv::new();
        let mut last = '\0';
        let mut run = 0;
        let (mut digit, mut hyphen, mut letter, mut upper_all) = (false, false, false, true);
        for c in form.chars().take(40) {
            let s = if c.is_uppercase() {
                'X'
            } else if c.is_lowercase() {
                upper_all = false;
                'x'
            } else if c.is_ascii_digit() {
                'd'
            } else if c.is_alphabetic() {
                'a'
            } else {
                c
            };
            digit |= c.is_ascii_digit();
            hyphen |= c == '-';
            letter |= c.is_alphabetic();
            if s == last {
                run += 1;
            } else {
                run = 1;
                last = s;
            }
            if run <= 2 {
                shape.char(s);
            }
        }
        let cap = form.chars().next().is_some_and(|c| c.is_uppercase());
        let flags = digit as u64 | (hyphen as u64) << 1 | (cap as u64) << 2 | ((upper_all && letter) as u64) << 3 | (letter as u64) << 4;
        WordKeys { form: hash_str(form), lower: hash_str(lower), suf, pre, shape: shape.finish(), flags }
    }

    /// Keys for the positions before the first and after the last word.
    pub fn boundary(which: u64) -> WordKeys {
        let h = hash_str("<boundary>") ^ which;
        WordKeys { form: h, lower: h, suf: [h; 4], pre: [h; 3], shape: h, flags: 1 << 5 | which }
    }
}

const NO_TAG: u16 = u16::MAX;

/// The trained tagger.
#[derive(Debug, Clone, Default)]
pub struct Tagger {
    /// The joint tags, `"UPOS XPOS"`; the class index is the position.
    pub tags: Vec<String>,
    /// Perceptron weights.
    pub weights: Weights,
    /// Lower-cased form → ambiguity-class hash.
    pub ambiguity: HashKeyed<u64>,
    /// Exact form → its (practically) only tag.
    pub fixed: HashKeyed<u16>,
    /// Exact form → the tags it had in training, for forms seen at least [`CANDIDATE_MIN`]
    /// times: the only tags the tagger considers for them (others: every tag).
    pub cands: HashKeyed<ClassSet>,
}

/// Uses of a form in training from which its tags are taken as its only candidates.
pub const CANDIDATE_MIN: u32 = 50;


/// Number of feature templates.
pub const N_FEATS: usize = 33;

impl Tagger {
    /// The ambiguity class of a word: a hash of the tags it had in training (a constant for
    /// unknown words).
    pub fn amb(&self, w: &WordKeys) -> u64 {
        self.ambiguity.get(&w.lower).copied().unwrap_or(0x5eed)
    }

    /// Features of word `i` given the previous two tags.
    fn features(&self, ws: &[WordKeys], ambs: &[u64], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
        out.clear();
        let b0 = WordKeys::boundary(0);
        let b1 = WordKeys::boundary(1);
        let at = |j: isize| -> &WordKeys {
            if j < 0 {
                &b0
            } else if j as usize >= ws.len() {
                &b1
            } else {
                &ws[j as usize]
            }
        };
        let amb_at = |j: usize| ambs.get(j).copied().unwrap_or(0xe0d);
        let i_ = i as isize;
        let (w0, wm1, wm2, wp1, wp2) = (at(i_), at(i_ - 1), at(i_ - 2), at(i_ + 1), at(i_ + 2));
        let (a0, a1, a2) = (amb_at(i), amb_at(i + 1), amb_at(i + 2));
        let first = (i == 0) as u64;
        out.extend_from_slice(&[
            fh(0, &[]),
            fh(1, &[w0.lower]),
            fh(2, &[w0.form]),
            fh(3, &[w0.suf[0]]),
            fh(4, &[w0.suf[1]]),
            fh(5, &[w0.suf[2]]),
            fh(6, &[w0.suf[3]]),
            fh(7, &[w0.pre[0]]),
            fh(8, &[w0.pre[1]]),
            fh(9, &[w0.pre[2]]),
            fh(10, &[w0.shape]),
            fh(11, &[w0.flags, first]),
            fh(12, &[p1]),
            fh(13, &[p2]),
            fh(14, &[p1, p2]),
            fh(15, &[p1, w0.lower]),
            fh(16, &[wm1.lower]),
            fh(17, &[wm1.suf[2]]),
            fh(18, &[wm2.lower]),
            fh(19, &[wp1.lower]),
            fh(20, &[wp1.suf[2]]),
            fh(21, &[wp2.lower]),
            fh(22, &[a0]),
            fh(23, &[a1]),
            fh(24, &[a2]),
            fh(25, &[p1, a0]),
            fh(26, &[a0, a1]),
            fh(27, &[w0.lower, wp1.lower]),
            fh(28, &[wm1.lower, w0.lower]),
            fh(29, &[p1, w0.suf[2]]),
            fh(30, &[w0.shape, wp1.shape]),
            fh(31, &[p1, a0, a1]),
            fh(32, &[w0.suf[1], wp1.lower]),
        ]);
    }

    /// The candidate tags of a word.
    pub fn candidates(&self, w: &WordKeys) -> ClassSet {
        self.cands.get(&w.form).copied().unwrap_or(ClassSet::ALL)
    }

    /// Tags a sentence; returns class indices into [`Tagger::tags`].
    pub fn tag(&self, ws: &[WordKeys]) -> Vec<u16> {
        let ambs: Vec<u64> = ws.iter().map(|w| self.amb(w)).collect();
        let mut out = Vec::with_capacity(ws.len());
        let mut feats = Vec::with_capacity(N_FEATS);
        let mut scores = vec![0i32; self.tags.len()];
        let (mut p1, mut p2) = (u64::MAX, u64::MAX - 1);
        for i in 0..ws.len() {
            let t = match self.fixed.get(&ws[i].form) {
                Some(&t) => t,
                None => {
                    let only = self.candidates(&ws[i]);
                    self.features(ws, &ambs, i, p1, p2, &mut feats);
                    self.weights.score_in(&feats, &mut scores, &only);
                    argmax_allowed(&scores, |c| only.has(c)).unwrap_or(0) as u16
                }
            };
            out.push(t);
            p2 = p1;
            p1 = t as u64;
        }
        out
    }
}

/// One training sentence for the tagger: forms and gold joint tags.
pub struct TagSent<'a> {
    /// Word keys.
    pub keys: Vec<WordKeys>,
    /// Forms (for the dictionaries).
    pub forms: Vec<&'a str>,
    /// Gold joint tags (indices into the tag list).
    pub gold: Vec<u16>,
}

/// Trains a tagger on `sents` with tag list `tags` for `epochs` passes (shuffled with `seed`).
pub fn train(tags: &[String], sents: &[TagSent], epochs: usize, seed: u64) -> Tagger {
    let mut tg = Tagger { tags: tags.to_vec(), ..Default::default() };
    build_dictionaries(&mut tg, sents);
    let mut p = Perceptron::new(tags.len());
    let mut order: Vec<usize> = (0..sents.len()).collect();
    let mut rng = Rng(seed);
    let mut feats = Vec::with_capacity(N_FEATS);
    let mut scores = vec![0f32; tags.len()];
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            let s = &sents[si];
            let ambs: Vec<u64> = s.keys.iter().map(|w| tg.amb(w)).collect();
            let (mut p1, mut p2) = (u64::MAX, u64::MAX - 1);
            for i in 0..s.keys.len() {
                let guess = match tg.fixed.get(&s.keys[i].form) {
                    Some(&t) => t as usize,
                    None => {
                        let only = tg.candidates(&s.keys[i]);
                        tg.features(&s.keys, &ambs, i, p1, p2, &mut feats);
                        p.score(&feats, &mut scores);
                        let g = argmax_allowed(&scores, |c| only.has(c)).unwrap_or(0);
                        p.update(&feats, s.gold[i] as usize, g);
                        p.tick();
                        g
                    }
                };
                p2 = p1;
                p1 = guess as u64;
            }
        }
    }
    tg.weights = p.finish(1);
    tg
}

fn build_dictionaries(tg: &mut Tagger, sents: &[TagSent]) {
    let mut by_lower: HashKeyed<Vec<u32>> = HashKeyed::default();
    let mut by_form: HashKeyed<Vec<u32>> = HashKeyed::default();
    let n = tg.tags.len();
    for s in sents {
        for (w, &g) in s.keys.iter().zip(&s.gold) {
            by_lower.entry(w.lower).or_insert_with(|| vec![0; n])[g as usize] += 1;
            by_form.entry(w.form).or_insert_with(|| vec![0; n])[g as usize] += 1;
        }
    }
    for (k, counts) in by_lower {
        let total: u32 = counts.iter().sum();
        // Tags that make up at least 5 % of the word's uses (rare annotation noise left out).
        let mut h = 0x1234u64;
        for (t, &c) in counts.iter().enumerate() {
            if c * 20 >= total {
                h = super::features::mix(h ^ (t as u64 + 1));
            }
        }
        tg.ambiguity.insert(k, h);
    }
    for (k, counts) in by_form {
        let total: u32 = counts.iter().sum();
        let (best, &c) = counts.iter().enumerate().max_by_key(|&(i, c)| (*c, std::cmp::Reverse(i))).unwrap_or((0, &0));
        if total >= 20 && c as f64 >= 0.995 * total as f64 {
            tg.fixed.insert(k, best as u16);
        }
        let cmin = CANDIDATE_MIN;
        if total >= cmin && n <= 128 {
            let mut set = ClassSet::default();
            counts.iter().enumerate().filter(|(_, c)| **c > 0).for_each(|(t, _)| set.insert(t));
            tg.cands.insert(k, set);
        }
    }
    let _ = NO_TAG;
}
