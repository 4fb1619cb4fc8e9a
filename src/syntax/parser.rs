//! Labelled dependency parser: greedy arc-hybrid transitions (Kuhlmann et al. 2011) with a
//! dynamic oracle and exploration (Goldberg & Nivre 2012, 2013), scored by averaged
//! perceptrons.
//!
//! * Configuration: a stack whose bottom is the root (0), a buffer of words `b..=n`.
//!   `SHIFT` pushes `b`; `LEFT` pops `s0` as a dependent of `b`; `RIGHT` pops `s0` as a
//!   dependent of `s1`. `RIGHT` onto the root is allowed only when the buffer is empty, so
//!   every parse is one tree with one root (and projective).
//! * The decision is factored: an unlabelled model picks the transition from a rich feature
//!   set (Zhang & Nivre 2011: words and tags of S0–S2, N0–N2, the outermost children of S0,
//!   S1 and N0, distance, valency, the label sets of the children); when an arc is made, a
//!   labeller picks its relation from features of the head, the dependent and the
//!   dependent's finished subtree (in arc-hybrid a word is popped with all its children). Rows
//!   of the unlabelled model have three weights, so its lookups stay cheap.
//! * Training: the dynamic oracle gives every transition its cost (the gold arcs it makes
//!   unreachable); the perceptron is updated towards the best-scoring cheapest transition,
//!   and from the second epoch on the parser follows its own (possibly wrong) prediction
//!   with probability 0.9, so it learns to recover from its mistakes. Non-projective gold
//!   trees are used as they are: the oracle's minimum-cost transitions give the best
//!   projective approximation.

use super::features::{argmax_allowed, fh, hash_str, ClassSet, DensePerceptron, DenseWeights, Perceptron, Rng, Weights};

/// Transitions.
pub const SHIFT: usize = 0;
/// Pop `s0` as a dependent of `b0`.
pub const LEFT: usize = 1;
/// Pop `s0` as a dependent of `s1`.
pub const RIGHT: usize = 2;
const NONE: u32 = u32::MAX;

/// The trained parser.
#[derive(Debug, Clone, Default)]
pub struct Parser {
    /// Relation labels; the class index of the labeller is the position. Index 0 is `root`.
    pub labels: Vec<String>,
    /// Unlabelled transition model (3 classes, hashed dense table).
    pub trans: DenseWeights,
    /// Labeller (one class per label).
    pub labeller: Weights,
    /// Retagger (one class per tag): the final tag of a word, chosen when it is attached and
    /// its subtree is complete, from the tagger's tag and its syntactic context.
    pub retagger: Weights,
}

/// Static per-word input of the parser: word and tag hashes (index 0 is the root).
#[derive(Debug, Clone)]
pub struct Input {
    /// Lower-cased form hash.
    pub word: Vec<u64>,
    /// Tag hash.
    pub tag: Vec<u64>,
    /// Suffix hash (length 3).
    pub suf: Vec<u64>,
    /// The tagger's tag ids (index 0: the root, unused).
    pub tag_ids: Vec<u16>,
    /// Ambiguity classes: the tags each word had in training.
    pub amb: Vec<u64>,
    /// Candidate tags of each word (the retagger's choices).
    pub cands: Vec<ClassSet>,
}

impl Input {
    /// Builds the input from word hashes, suffixes and tag ids (without the root).
    pub fn new(words: &[u64], sufs: &[u64], tags: &[u16], ambs: &[u64], cands: &[ClassSet]) -> Input {
        let mut word = Vec::with_capacity(words.len() + 1);
        let mut tag = Vec::with_capacity(words.len() + 1);
        let mut suf = Vec::with_capacity(words.len() + 1);
        word.push(hash_str("<root>"));
        tag.push(hash_str("<ROOT>"));
        suf.push(hash_str("<root>"));
        word.extend_from_slice(words);
        suf.extend_from_slice(sufs);
        tag.extend(tags.iter().map(|&t| super::features::mix(t as u64 + 7)));
        let mut tag_ids = vec![0];
        tag_ids.extend_from_slice(tags);
        let mut amb = vec![hash_str("<root-amb>")];
        amb.extend_from_slice(ambs);
        let mut cs = vec![ClassSet::ALL];
        cs.extend_from_slice(cands);
        Input { word, tag, suf, tag_ids, amb, cands: cs }
    }
    fn len(&self) -> usize {
        self.word.len() - 1
    }
}

/// A parser configuration.
#[derive(Debug, Clone)]
struct State {
    stack: Vec<u32>,
    b: usize,
    n: usize,
    heads: Vec<u32>,
    labels: Vec<u16>,
    lc: Vec<[u32; 2]>,
    rc: Vec<[u32; 2]>,
    lval: Vec<u8>,
    rval: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
    on_stack: Vec<bool>,
}

impl State {
    fn new(n: usize) -> State {
        let mut on_stack = vec![false; n + 1];
        on_stack[0] = true;
        let mut stack = Vec::with_capacity(n + 1);
        stack.push(0);
        State {
            stack,
            b: 1,
            n,
            heads: vec![NONE; n + 1],
            labels: vec![0; n + 1],
            lc: vec![[NONE; 2]; n + 1],
            rc: vec![[NONE; 2]; n + 1],
            lval: vec![0; n + 1],
            rval: vec![0; n + 1],
            lset: vec![0; n + 1],
            rset: vec![0; n + 1],
            on_stack,
        }
    }
    fn terminal(&self) -> bool {
        self.b > self.n && self.stack.len() == 1
    }
    fn s(&self, k: usize) -> u32 {
        if self.stack.len() > k { self.stack[self.stack.len() - 1 - k] } else { NONE }
    }
    fn valid(&self, m: usize) -> bool {
        let buf = self.b <= self.n;
        match m {
            SHIFT => buf,
            LEFT => buf && self.stack.len() >= 2,
            RIGHT => self.stack.len() >= 3 || (self.stack.len() == 2 && !buf),
            _ => false,
        }
    }
    fn apply(&mut self, m: usize, label: u16) {
        match m {
            SHIFT => {
                self.on_stack[self.b] = true;
                self.stack.push(self.b as u32);
                self.b += 1;
            }
            _ => {
                let d = self.stack.pop().expect("valid transition");
                self.on_stack[d as usize] = false;
                let h = if m == LEFT { self.b as u32 } else { *self.stack.last().expect("valid transition") };
                self.add_arc(h, d, label);
            }
        }
    }
    fn add_arc(&mut self, h: u32, d: u32, label: u16) {
        let (hu, du) = (h as usize, d as usize);
        self.heads[du] = h;
        self.labels[du] = label;
        let bit = 1u64 << (label % 64);
        if d < h {
            let l = &mut self.lc[hu];
            if l[0] == NONE || d < l[0] {
                *l = [d, l[0]];
            } else if l[1] == NONE || d < l[1] {
                l[1] = d;
            }
            self.lval[hu] = self.lval[hu].saturating_add(1);
            self.lset[hu] |= bit;
        } else {
            let r = &mut self.rc[hu];
            if r[0] == NONE || d > r[0] {
                *r = [d, r[0]];
            } else if r[1] == NONE || d > r[1] {
                r[1] = d;
            }
            self.rval[hu] = self.rval[hu].saturating_add(1);
            self.rset[hu] |= bit;
        }
    }
    /// The head a LEFT/RIGHT would give `s0`.
    fn head_for(&self, m: usize) -> u32 {
        if m == LEFT { self.b as u32 } else { self.s(1) }
    }

    /// Dynamic-oracle cost of each transition (gold arcs it makes unreachable).
    fn costs(&self, gold: &[u32], kids: &[Vec<u32>]) -> [u32; 3] {
        let mut c = [u32::MAX; 3];
        let s0 = self.s(0);
        let b = self.b as u32;
        if self.valid(SHIFT) {
            let g = gold[self.b];
            let mut k = (g != NONE && g != s0 && self.on_stack[g as usize]) as u32;
            k += kids[self.b].iter().filter(|&&d| self.on_stack[d as usize]).count() as u32;
            c[SHIFT] = k;
        }
        if s0 != NONE && s0 != 0 {
            let g = gold[s0 as usize];
            let lost_kids = kids[s0 as usize].iter().filter(|&&d| d >= b).count() as u32;
            if self.valid(LEFT) {
                let s1 = self.s(1);
                c[LEFT] = lost_kids + (g == s1 || (g > b && g != NONE)) as u32;
            }
            if self.valid(RIGHT) {
                c[RIGHT] = lost_kids + (g >= b && g != NONE) as u32;
            }
        }
        c
    }
}

fn dist_bucket(a: u32, b: u32) -> u64 {
    if a == NONE || b == NONE {
        return 99;
    }
    let d = a.abs_diff(b) as u64;
    if d < 5 { d } else if d < 10 { 5 } else { 6 }
}

/// Number of transition feature templates.
pub const N_TRANS_FEATS: usize = 81;

/// The hash of a missing word, tag or child.
const NONE_H: u64 = 0x9d3c_5a1b_7e4f_2c61;

/// All transition features of a configuration (training): the buffer's, then the rest.
fn trans_features(x: &Input, st: &State, out: &mut Vec<u64>) {
    out.clear();
    buffer_features(x, st, out);
    stack_features(x, st, out);
}

/// The features that read only the first three buffer words. They change only when a SHIFT moves
/// the buffer, so parsing scores them once per buffer position.
fn buffer_features(x: &Input, st: &State, out: &mut Vec<u64>) {
    let w = |i: u32| if i == NONE { NONE_H } else { x.word[i as usize] };
    let t = |i: u32| if i == NONE { NONE_H } else { x.tag[i as usize] };
    let a = |i: u32| if i == NONE { NONE_H } else { x.amb[i as usize] };
    let n = st.n as u32;
    let bi = |k: u32| if st.b as u32 + k <= n { st.b as u32 + k } else { NONE };
    let (n0, n1, n2) = (bi(0), bi(1), bi(2));
    let (wn0, tn0, wn1, tn1) = (w(n0), t(n0), w(n1), t(n1));
    out.extend_from_slice(&[
        fh(104, &[wn0]),
        fh(105, &[tn0]),
        fh(106, &[wn0, tn0]),
        fh(107, &[wn1]),
        fh(108, &[tn1]),
        fh(109, &[wn1, tn1]),
        fh(113, &[w(n2), t(n2)]),
        fh(114, &[t(n2)]),
        fh(138, &[tn0, tn1]),
        fh(144, &[wn0, wn1]),
        fh(145, &[tn0, tn1, t(n2)]),
        fh(177, &[a(n0)]),
        fh(181, &[a(n1)]),
    ]);
}

/// The features that read the stack (and the buffer's front with the stack).
fn stack_features(x: &Input, st: &State, out: &mut Vec<u64>) {
    let nw = NONE_H;
    let w = |i: u32| if i == NONE { nw } else { x.word[i as usize] };
    let t = |i: u32| if i == NONE { nw } else { x.tag[i as usize] };
    let lab = |i: u32| if i == NONE { 0xffff } else { st.labels[i as usize] as u64 };
    let lc = |i: u32, k: usize| if i == NONE { NONE } else { st.lc[i as usize][k] };
    let rc = |i: u32, k: usize| if i == NONE { NONE } else { st.rc[i as usize][k] };
    let (s0, s1, s2) = (st.s(0), st.s(1), st.s(2));
    let n = st.n as u32;
    let bi = |k: u32| if st.b as u32 + k <= n { st.b as u32 + k } else { NONE };
    let (n0, n1, n2) = (bi(0), bi(1), bi(2));
    let (s0l, s0l2, s0r, s0r2, n0l, n0l2, s1r, s1l) = (lc(s0, 0), lc(s0, 1), rc(s0, 0), rc(s0, 1), lc(n0, 0), lc(n0, 1), rc(s1, 0), lc(s1, 0));
    let (ws0, ts0, wn0, tn0, wn1, tn1, ws1, ts1) = (w(s0), t(s0), w(n0), t(n0), w(n1), t(n1), w(s1), t(s1));
    let d = dist_bucket(s0, n0);
    let d1 = dist_bucket(s1, s0);
    let val = |v: &Vec<u8>, i: u32| if i == NONE { 99 } else { v[i as usize] as u64 };
    let set = |v: &Vec<u64>, i: u32| if i == NONE { 1 } else { v[i as usize] };
    let (vl0, vr0, vln0) = (val(&st.lval, s0), val(&st.rval, s0), val(&st.lval, n0));
    let (sl0, sr0, sln0) = (set(&st.lset, s0), set(&st.rset, s0), set(&st.lset, n0));
    out.extend_from_slice(&[
        fh(100, &[]),
        // unigrams
        fh(101, &[ws0]),
        fh(102, &[ts0]),
        fh(103, &[ws0, ts0]),
        fh(110, &[ws1]),
        fh(111, &[ts1]),
        fh(112, &[ws1, ts1]),
        fh(115, &[w(s2), t(s2)]),
        fh(116, &[t(s2)]),
        // children
        fh(117, &[w(s0l)]),
        fh(118, &[t(s0l)]),
        fh(119, &[lab(s0l)]),
        fh(120, &[w(s0r)]),
        fh(121, &[t(s0r)]),
        fh(122, &[lab(s0r)]),
        fh(123, &[w(n0l)]),
        fh(124, &[t(n0l)]),
        fh(125, &[lab(n0l)]),
        fh(126, &[t(s0l2), lab(s0l2)]),
        fh(127, &[t(s0r2), lab(s0r2)]),
        fh(128, &[t(n0l2), lab(n0l2)]),
        fh(129, &[w(s1r), t(s1r), lab(s1r)]),
        fh(130, &[t(s1l), lab(s1l)]),
        // pairs
        fh(131, &[ws0, ts0, wn0, tn0]),
        fh(132, &[ws0, ts0, wn0]),
        fh(133, &[ws0, wn0, tn0]),
        fh(134, &[ws0, ts0, tn0]),
        fh(135, &[ts0, wn0, tn0]),
        fh(136, &[ws0, wn0]),
        fh(137, &[ts0, tn0]),
        fh(139, &[ws1, ts1, ws0, ts0]),
        fh(140, &[ts1, ws0]),
        fh(141, &[ws1, ts0]),
        fh(142, &[ts1, ts0]),
        fh(143, &[ws0, wn1]),
        // triples
        fh(146, &[ts0, tn0, tn1]),
        fh(147, &[ts1, ts0, tn0]),
        fh(148, &[ts0, t(s0l), tn0]),
        fh(149, &[ts0, t(s0r), tn0]),
        fh(150, &[ts0, tn0, t(n0l)]),
        fh(151, &[ts0, t(s0l), t(s0l2)]),
        fh(152, &[ts0, t(s0r), t(s0r2)]),
        fh(153, &[tn0, t(n0l), t(n0l2)]),
        fh(154, &[ts1, t(s1r), ts0]),
        fh(155, &[t(s2), ts1, ts0]),
        fh(156, &[ts1, ts0, t(s1l)]),
        // distance
        fh(157, &[ws0, d]),
        fh(158, &[ts0, d]),
        fh(159, &[wn0, d]),
        fh(160, &[tn0, d]),
        fh(161, &[ts0, tn0, d]),
        fh(162, &[ws0, wn0, d]),
        fh(163, &[ts1, ts0, d1]),
        fh(164, &[ws1, ws0, d1]),
        // valency
        fh(165, &[ws0, vr0]),
        fh(166, &[ts0, vr0]),
        fh(167, &[ws0, vl0]),
        fh(168, &[ts0, vl0]),
        fh(169, &[wn0, vln0]),
        fh(170, &[tn0, vln0]),
        // label sets
        fh(171, &[ts0, sl0, sr0]),
        fh(172, &[tn0, sln0, ts0]),
        fh(173, &[wn0, w(n0l), tn0]),
        fh(174, &[ws0, ts0, lab(s0l), lab(s0r)]),
        fh(175, &[ts0, tn0, tn1, t(n2)]),
    ]);
    let a = |i: u32| if i == NONE { nw } else { x.amb[i as usize] };
    out.extend_from_slice(&[fh(176, &[a(s0)]), fh(178, &[a(s0), a(n0)]), fh(179, &[ts0, a(n0)]), fh(180, &[a(s0), tn0])]);
}


/// Number of labeller feature templates.
pub const N_LABEL_FEATS: usize = 31;

fn label_features(x: &Input, st: &State, h: u32, d: u32, out: &mut Vec<u64>) {
    out.clear();
    let nw = NONE_H;
    let w = |i: u32| if i == NONE { nw } else { x.word[i as usize] };
    let t = |i: u32| if i == NONE { nw } else { x.tag[i as usize] };
    let lab = |i: u32| if i == NONE { 0xffff } else { st.labels[i as usize] as u64 };
    let (hu, du) = (h as usize, d as usize);
    let dir = (h < d) as u64;
    let dist = dist_bucket(h, d);
    let (dw, dt, hw, ht) = (w(d), t(d), w(h), t(h));
    let dl = st.lc[du][0];
    let dr = st.rc[du][0];
    let prev = if d > 1 { d - 1 } else { NONE };
    let next = if (d as usize) < st.n { d + 1 } else { NONE };
    let hset = st.lset[hu] | st.rset[hu];
    let first = (d == 1) as u64;
    // The head's closest dependent so far on the dependent's side.
    let sib = if d < h { st.lc[hu][0] } else { st.rc[hu][0] };
    out.extend_from_slice(&[
        fh(200, &[]),
        fh(201, &[dt, dir]),
        fh(202, &[dw, dir]),
        fh(203, &[ht, dir]),
        fh(204, &[hw, dir]),
        fh(205, &[dt, ht, dir]),
        fh(206, &[dw, ht, dir]),
        fh(207, &[dt, hw, dir]),
        fh(208, &[dw, hw, dir]),
        fh(209, &[dt, ht, dir, dist]),
        fh(210, &[dt, st.lset[du], st.rset[du]]),
        fh(211, &[dt, st.lset[du]]),
        fh(212, &[ht, dt, hset]),
        fh(213, &[dt, w(dl), ht]),
        fh(214, &[w(dl), lab(dl), dir]),
        fh(215, &[dt, t(dl), lab(dl)]),
        fh(216, &[dt, t(dr), lab(dr)]),
        fh(217, &[dt, t(prev), t(next)]),
        fh(218, &[x.suf[du], dt, ht]),
        fh(219, &[dt, ht, first]),
        fh(220, &[hw, w(dl), dt]),
        fh(221, &[dt, st.rset[du], dir]),
        fh(222, &[ht, st.lset[hu], dir]),
        fh(223, &[dw, t(dl)]),
        fh(224, &[t(prev), dt, ht, dir]),
        fh(225, &[dt, ht, t(next), dir]),
        fh(226, &[dt, ht, lab(sib), t(sib), dir]),
        fh(227, &[dw, ht, lab(sib), dir]),
        fh(228, &[dt, ht, st.lset[du], dir]),
        fh(229, &[dt, hw, dist, dir]),
        fh(230, &[dw, w(dl), ht, dir]),
    ]);
}

/// Number of retagger feature templates.
pub const N_RETAG_FEATS: usize = 16;

/// Features for the final tag of `d`, attached to `h` with `label` (its subtree complete).
fn retag_features(x: &Input, st: &State, h: u32, d: u32, label: u16, out: &mut Vec<u64>) {
    out.clear();
    let nw = NONE_H;
    let w = |i: u32| if i == NONE { nw } else { x.word[i as usize] };
    let t = |i: u32| if i == NONE { nw } else { x.tag[i as usize] };
    let du = d as usize;
    let dir = (h < d) as u64 | ((h == 0) as u64) << 1;
    let (dw, dt, hw, ht) = (w(d), t(d), w(h), t(h));
    let lab = label as u64;
    let prev = if d > 1 { d - 1 } else { NONE };
    let next = if (d as usize) < st.n { d + 1 } else { NONE };
    let kids = st.lset[du] | st.rset[du];
    let (dl, dr) = (st.lc[du][0], st.rc[du][0]);
    out.extend_from_slice(&[
        fh(300, &[]),
        fh(301, &[dw]),
        fh(302, &[dt]),
        fh(303, &[dt, lab]),
        fh(304, &[dw, lab]),
        fh(305, &[dt, lab, ht]),
        fh(306, &[dw, ht, dir]),
        fh(307, &[dt, st.lset[du], st.rset[du]]),
        fh(308, &[dw, kids]),
        fh(309, &[dt, t(prev), t(next)]),
        fh(310, &[dw, w(next)]),
        fh(311, &[x.suf[du], lab]),
        fh(312, &[dt, hw]),
        fh(313, &[dt, t(dl), t(dr)]),
        fh(314, &[dw, lab, dir]),
        fh(315, &[dw, dt, lab, ht]),
    ]);
}

/// A parse: head (0 = root) and label index of each word (index 0 unused).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arcs {
    /// Head of word `i` (1-based words; `heads[0]` is unused).
    pub heads: Vec<u32>,
    /// Label index of word `i`.
    pub labels: Vec<u16>,
    /// Final tag id of word `i` (the retagger's).
    pub tags: Vec<u16>,
}

impl Parser {
    /// Parses one sentence.
    pub fn parse(&self, x0: &Input) -> Arcs {
        let mut xm = x0.clone();
        let x = &mut xm;
        let n = x.len();
        let mut st = State::new(n);
        let mut feats = Vec::with_capacity(N_TRANS_FEATS);
        let mut scores = [0i32; 3];
        let mut lscores = vec![0i32; self.labels.len()];
        let mut tags = x.tag_ids.clone();
        let mut tscores = vec![0i32; self.retagger.nclass];
        let (mut buf_at, mut buf_sc) = (usize::MAX, [0i32; 4]);
        while !st.terminal() {
            let valid = [st.valid(SHIFT), st.valid(LEFT), st.valid(RIGHT)];
            // A forced move (the stack holds only the root, or the buffer is empty) needs no
            // scores: the argmax over one allowed transition is that transition.
            let m = if valid.iter().filter(|&&v| v).count() == 1 {
                valid.iter().position(|&v| v).unwrap_or(SHIFT)
            } else {
                if st.b != buf_at {
                    feats.clear();
                    buffer_features(x, &st, &mut feats);
                    buf_sc = self.trans.score(&feats);
                    buf_at = st.b;
                }
                feats.clear();
                stack_features(x, &st, &mut feats);
                let sc = self.trans.score(&feats);
                for k in 0..3 {
                    scores[k] = sc[k] + buf_sc[k];
                }
                let Some(m) = argmax_allowed(&scores, |m| valid[m]) else { break };
                m
            };
            let label = if m == SHIFT { 0 } else { self.label(x, &st, m, &mut feats, &mut lscores) };
            // Words with a single candidate tag keep it; the others are retagged.
            if m != SHIFT && self.retagger.nclass > 0 && x.cands[st.s(0) as usize].count_below(2 * self.retagger.nclass) != 1 {
                let (h, d) = (st.head_for(m), st.s(0));
                let only = x.cands[d as usize];
                retag_features(x, &st, h, d, label, &mut feats);
                self.retagger.score_in(&feats, &mut tscores, &only);
                if let Some(t) = argmax_allowed(&tscores, |c| only.has(c)) {
                    tags[d as usize] = t as u16;
                    x.tag[d as usize] = super::features::mix(t as u64 + 7);
                    x.tag_ids[d as usize] = t as u16;
                }
            }
            st.apply(m, label);
        }
        Arcs { heads: st.heads.iter().map(|&h| if h == NONE { 0 } else { h }).collect(), labels: st.labels, tags }
    }

    fn label(&self, x: &Input, st: &State, m: usize, feats: &mut Vec<u64>, scores: &mut [i32]) -> u16 {
        let h = st.head_for(m);
        if h == 0 {
            return 0;
        }
        label_features(x, st, h, st.s(0), feats);
        self.labeller.score(feats, scores);
        argmax_allowed(scores, |l| l != 0).unwrap_or(1) as u16
    }
}

/// A training sentence: input, gold heads and labels (index 0 is the root).
pub struct ParseSent {
    /// Input features (with predicted tags).
    pub input: Input,
    /// Gold heads.
    pub heads: Vec<u32>,
    /// Gold label indices.
    pub labels: Vec<u16>,
    /// Gold tag ids (index 0 unused).
    pub gold_tags: Vec<u16>,
}

/// Trains the parser for `epochs` passes.
pub fn train(labels: &[String], ntags: usize, sents: &[ParseSent], epochs: usize, seed: u64, bits: u32, mut progress: impl FnMut(usize)) -> Parser {
    let mut tp = DensePerceptron::new(bits, 3);
    let mut lp = Perceptron::new(labels.len());
    let mut rp = Perceptron::new(ntags);
    let mut rfeats = Vec::with_capacity(N_RETAG_FEATS);
    let mut rscores = vec![0f32; ntags];
    let mut rng = Rng(seed);
    let mut order: Vec<usize> = (0..sents.len()).collect();
    let mut feats = Vec::with_capacity(N_TRANS_FEATS);
    let mut lfeats = Vec::with_capacity(N_LABEL_FEATS);
    let mut scores = [0f32; 3];
    let mut lscores = vec![0f32; labels.len()];
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            let s = &sents[si];
            let n = s.input.len();
            let mut kids: Vec<Vec<u32>> = vec![Vec::new(); n + 1];
            let mut gold = s.heads.clone();
            gold[0] = NONE;
            for d in 1..=n {
                kids[gold[d] as usize].push(d as u32);
            }
            let mut st = State::new(n);
            let mut xin = s.input.clone();
            while !st.terminal() {
                trans_features(&xin, &st, &mut feats);
                scores.copy_from_slice(&tp.score(&feats)[..3]);
                let costs = st.costs(&gold, &kids);
                let Some(guess) = argmax_allowed(&scores, |m| st.valid(m)) else { break };
                let min = costs.iter().copied().min().unwrap_or(0);
                let best = argmax_allowed(&scores, |m| st.valid(m) && costs[m] == min).unwrap_or(guess);
                if costs[guess] > min {
                    tp.update(&feats, best, guess);
                }
                tp.tick();
                let follow = if costs[guess] == min || (epoch > 0 && rng.below(10) < 9) { guess } else { best };
                let mut label = 0u16;
                if follow != SHIFT {
                    let h = st.head_for(follow);
                    let d = st.s(0);
                    if h != 0 {
                        label_features(&xin, &st, h, d, &mut lfeats);
                        lp.score(&lfeats, &mut lscores);
                        let lg = argmax_allowed(&lscores, |l| l != 0).unwrap_or(1);
                        if gold[d as usize] == h {
                            let g = s.labels[d as usize] as usize;
                            if g != 0 {
                                lp.update(&lfeats, g, lg);
                                lp.tick();
                            }
                            label = g as u16;
                        } else {
                            label = lg as u16;
                        }
                    }
                    if ntags > 0 && xin.cands[d as usize].count_below(2 * ntags) != 1 {
                        retag_features(&xin, &st, h, d, label, &mut rfeats);
                        rp.score(&rfeats, &mut rscores);
                        let only = xin.cands[d as usize];
                        let g = argmax_allowed(&rscores, |c| only.has(c)).unwrap_or(0);
                        rp.update(&rfeats, s.gold_tags[d as usize] as usize, g);
                        rp.tick();
                        xin.tag[d as usize] = super::features::mix(g as u64 + 7);
                        xin.tag_ids[d as usize] = g as u16;
                    }
                }
                st.apply(follow, label);
            }
        }
        progress(epoch + 1);
    }
    Parser { labels: labels.to_vec(), trans: tp.finish(), labeller: lp.finish(1), retagger: rp.finish(1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oracle_reaches_gold_projective_tree() {
        // "the cat sat on the mat": heads 2 3 0 6 6 3
        let gold: Vec<u32> = vec![NONE, 2, 3, 0, 6, 6, 3];
        let n = 6;
        let mut kids: Vec<Vec<u32>> = vec![Vec::new(); n + 1];
        for d in 1..=n {
            kids[gold[d] as usize].push(d as u32);
        }
        let mut st = State::new(n);
        while !st.terminal() {
            let c = st.costs(&gold, &kids);
            let m = (0..3).find(|&m| st.valid(m) && c[m] == 0).expect("a zero-cost transition");
            st.apply(m, 1);
        }
        assert_eq!(&st.heads[1..], &gold[1..]);
    }
}
