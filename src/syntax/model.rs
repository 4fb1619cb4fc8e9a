//! The model file: one binary blob holding the tagger, lemmatiser, FEATS predictor and
//! parser.
//!
//! Layout (little-endian): magic `NGSYNTAX`, format version (u32), the lengths of the two
//! payload parts and of the first part deflated (u64 each), the checksum of the stored bytes
//! (u64, FNV-style over 64-bit words), then the two parts, each deflated (miniz_oxide): all
//! sections but the parser's transition table, and that table (read on its own thread). The payload is a sequence of sections
//! (string lists, hash maps in key order, weight tables in key order), so the same model
//! always serialises to the same bytes. A short, corrupt or other-version file is a
//! [`ModelError`], never a panic: every read is bounds-checked.

use super::features::{ClassSet, DenseWeights, HashKeyed, Weights};
use super::lemma::{Lemmatizer, Rule};
use super::morph::Morph;
use super::parser::Parser;
use super::tagger::Tagger;
use super::Model;

/// Magic bytes at the start of a model file.
pub const MAGIC: &[u8; 8] = b"NGSYNTAX";
/// The format version this build reads and writes.
pub const VERSION: u32 = 4;

/// Why a model cannot be loaded.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum ModelError {
    /// Not a model file.
    #[error("not a newsgraph syntax model (bad magic bytes)")]
    BadMagic,
    /// Written by another version of the format.
    #[error("syntax model format version {found}, this build reads version {expected}; retrain with `newsgraph-train`")]
    Version {
        /// Version in the file.
        found: u32,
        /// Version this build reads.
        expected: u32,
    },
    /// Truncated or corrupt.
    #[error("syntax model is corrupt: {0}")]
    Corrupt(String),
}

/// FNV-style checksum over 64-bit little-endian words (the tail zero-padded), then the length.
fn checksum(b: &[u8]) -> u64 {
    const P: u64 = 0x0100_0000_01b3;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        h = (h ^ u64::from_le_bytes(c.try_into().expect("8 bytes"))).wrapping_mul(P);
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    h = (h ^ u64::from_le_bytes(tail)).wrapping_mul(P);
    (h ^ b.len() as u64).wrapping_mul(P)
}

/// Steps per unit of `ln |w|` in [`code8`]: 127 codes cover 1..=32767 (a step of about 8 %).
const CODE_STEPS: f64 = 126.0 / 10.397_177; // ln 32767

/// The magnitudes of the codes 1..=127, strictly increasing: `exp((q-1)/CODE_STEPS)`, each at
/// least one more than the one before (the small ones are every integer from 1).
fn magnitudes() -> &'static [i16; 128] {
    static M: std::sync::OnceLock<[i16; 128]> = std::sync::OnceLock::new();
    M.get_or_init(|| {
        let mut t = [0i16; 128];
        for q in 1..128 {
            let m = ((q as f64 - 1.0) / CODE_STEPS).exp().round().min(32767.0) as i16;
            t[q] = m.max(t[q - 1] + 1);
        }
        t
    })
}

/// A weight as one byte: the sign in the top bit and, in the other seven, the code whose
/// magnitude is nearest in ratio, so that small and large weights keep the same relative
/// precision (about ±4 %); 0 stays 0. Stored models use it; in memory the weights are
/// `i16` again, and a decoded weight codes to the same byte.
pub fn code8(w: i16) -> u8 {
    if w == 0 {
        return 0;
    }
    let t = magnitudes();
    let m = w.unsigned_abs().min(32767) as i16;
    // First code whose magnitude is at least m; then the nearer (in ratio) of it and the one below.
    let hi = t[1..].partition_point(|&x| x < m) + 1;
    let q = if hi > 127 {
        127
    } else if hi > 1 && (m as f64).ln() - (t[hi - 1] as f64).ln() < (t[hi] as f64).ln() - (m as f64).ln() {
        hi - 1
    } else {
        hi
    };
    if w < 0 { q as u8 | 0x80 } else { q as u8 }
}

/// The weight each [`code8`] byte stands for.
pub fn decode8_table() -> [i16; 256] {
    *decode8()
}

/// [`decode8_table`], computed once.
pub fn decode8() -> &'static [i16; 256] {
    static T: std::sync::OnceLock<[i16; 256]> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        let mut t = [0i16; 256];
        for (q, &m) in magnitudes().iter().enumerate().skip(1) {
            t[q] = m;
            t[q | 0x80] = -m;
        }
        t
    })
}

struct W(Vec<u8>);
impl W {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u16(&mut self, v: u16) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn strs(&mut self, v: &[String]) {
        self.u32(v.len() as u32);
        v.iter().for_each(|s| self.str(s));
    }
    fn map<V>(&mut self, m: &HashKeyed<V>, mut f: impl FnMut(&mut W, &V)) {
        // Keys of the maps are full 64-bit hashes.
        let mut keys: Vec<&u64> = m.keys().collect();
        keys.sort_unstable();
        self.u32(keys.len() as u32);
        for k in keys {
            self.u64(*k);
            f(self, &m[k]);
        }
    }
    fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
    /// A weight table: keys delta-coded as varints, each entry a class byte and a
    /// [`code8`] byte.
    fn weights(&mut self, w: &Weights) {
        let rows = w.rows();
        self.u32(w.nclass as u32);
        self.u32(w.scale.to_bits());
        self.u32(rows.len() as u32);
        let mut prev = 0u32;
        for (k, es) in rows {
            self.varint((k - prev) as u64);
            prev = k;
            let es: Vec<(u16, u8)> = es.into_iter().map(|(c, v)| (c, code8(v))).filter(|e| e.1 != 0).collect();
            self.varint(es.len() as u64);
            for (c, v) in es {
                self.u8(c as u8);
                self.u8(v);
            }
        }
    }
}

impl W {
    fn dense(&mut self, d: &DenseWeights) {
        self.u32(d.bits);
        self.u32(d.nclass as u32);
        self.u32(d.scale.to_bits());
        for i in 0..d.len() {
            self.0.extend_from_slice(&d.row(i)[..d.nclass]);
        }
    }
}

struct R<'a> {
    b: &'a [u8],
    at: usize,
}
impl R<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.b.len()).ok_or_else(|| ModelError::Corrupt(format!("truncated at byte {}", self.at)))?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, ModelError> {
        Ok(u16::from_le_bytes(self.take(2)?.try_into().expect("2 bytes")))
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes")))
    }
    fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("8 bytes")))
    }
    fn varint(&mut self) -> Result<u64, ModelError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= ((b & 0x7f) as u64) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(ModelError::Corrupt(format!("varint too long at byte {}", self.at)))
    }
    fn len(&mut self, unit: usize) -> Result<usize, ModelError> {
        let n = self.u32()? as usize;
        if n.saturating_mul(unit) > self.b.len() - self.at {
            return Err(ModelError::Corrupt(format!("length {n} at byte {} runs past the end", self.at)));
        }
        Ok(n)
    }
    fn str(&mut self) -> Result<String, ModelError> {
        let n = self.len(1)?;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| ModelError::Corrupt("invalid UTF-8 in a string".into()))
    }
    fn strs(&mut self) -> Result<Vec<String>, ModelError> {
        let n = self.len(4)?;
        (0..n).map(|_| self.str()).collect()
    }
    fn map<V>(&mut self, mut f: impl FnMut(&mut Self) -> Result<V, ModelError>) -> Result<HashKeyed<V>, ModelError> {
        let n = self.len(8)?;
        let mut m = HashKeyed::with_capacity_and_hasher(n, Default::default());
        for _ in 0..n {
            let k = self.u64()?;
            m.insert(k, f(self)?);
        }
        Ok(m)
    }
    fn dense(&mut self) -> Result<DenseWeights, ModelError> {
        let bits = self.u32()?;
        let nclass = self.u32()? as usize;
        let scale = f32::from_bits(self.u32()?);
        if !(8..=30).contains(&bits) || nclass > 4 {
            return Err(ModelError::Corrupt(format!("dense table of 2^{bits} rows and {nclass} classes")));
        }
        let raw = self.take((1usize << bits) * nclass)?;
        DenseWeights::from_packed(bits, nclass, scale, raw).ok_or_else(|| ModelError::Corrupt("transition table of the wrong size".into()))
    }
    fn weights(&mut self) -> Result<Weights, ModelError> {
        let nclass = self.u32()? as usize;
        let scale = f32::from_bits(self.u32()?);
        if nclass > 256 {
            return Err(ModelError::Corrupt(format!("{nclass} classes (at most 256)")));
        }
        let n = self.len(2)?;
        let (mut keys, mut ends, mut flat) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n * 2));
        let table = decode8_table();
        let mut prev = 0u64;
        for _ in 0..n {
            let k = prev + self.varint()?;
            if k == prev || k > u32::MAX as u64 {
                return Err(ModelError::Corrupt(format!("feature keys out of order at byte {}", self.at)));
            }
            prev = k;
            let m = self.varint()? as usize;
            let row = self.take(m.checked_mul(2).ok_or_else(|| ModelError::Corrupt("row length overflows".into()))?)?;
            for e in row.chunks_exact(2) {
                let c = e[0] as u16;
                if c as usize >= nclass {
                    return Err(ModelError::Corrupt(format!("class {c} out of range {nclass}")));
                }
                flat.push((c, table[e[1] as usize]));
            }
            keys.push(k as u32);
            ends.push(flat.len() as u32);
        }
        Ok(Weights::from_flat(nclass, scale, &keys, &ends, &flat))
    }
}

/// Serialises a model.
pub fn to_bytes(m: &Model) -> Vec<u8> {
    let (a, b) = payload(m).0;
    wrap(&a, &b)
}

/// The bytes each part of a model takes in the file (before compression), for the training
/// report.
pub fn section_sizes(m: &Model) -> Vec<(&'static str, usize)> {
    payload(m).1
}

/// The two parts of the payload: everything but the transition table, and the transition
/// table (deflated separately so that loading inflates them on two threads).
fn payload(m: &Model) -> ((Vec<u8>, Vec<u8>), Vec<(&'static str, usize)>) {
    let mut w = W(Vec::new());
    let mut sizes = Vec::new();
    let mut mark = |w: &W, name: &'static str| {
        let before: usize = sizes.iter().map(|s: &(&str, usize)| s.1).sum();
        sizes.push((name, w.0.len() - before));
    };
    w.strs(&m.tagger.tags);
    w.weights(&m.tagger.weights);
    mark(&w, "tagger weights");
    w.map(&m.tagger.ambiguity, |w, v| w.u64(*v));
    w.map(&m.tagger.fixed, |w, v| w.u16(*v));
    w.map(&m.tagger.cands, |w, v| {
        w.u64(v.0[0]);
        w.u64(v.0[1]);
    });
    mark(&w, "tagger dictionaries");
    w.u32(m.lemmas.rules.len() as u32);
    for r in &m.lemmas.rules {
        w.u8(r.strip);
        w.str(&r.append);
    }
    w.map(&m.lemmas.by_suffix, |w, v| w.u32(*v));
    w.map(&m.lemmas.exceptions, |w, v| w.str(v));
    mark(&w, "lemmatiser");
    w.strs(&m.morph.feats);
    w.map(&m.morph.by_xpos, |w, v| w.u32(*v));
    w.map(&m.morph.by_word, |w, v| w.u32(*v));
    mark(&w, "morphology");
    w.strs(&m.parser.labels);
    w.weights(&m.parser.labeller);
    mark(&w, "parser labeller");
    w.weights(&m.parser.retagger);
    mark(&w, "parser retagger");
    w.str(&m.provenance);
    mark(&w, "provenance");
    let mut t = W(Vec::new());
    t.dense(&m.parser.trans);
    sizes.push(("parser transitions", t.0.len()));
    ((w.0, t.0), sizes)
}

/// Largest payload a model file may declare (a corrupt length must not allocate without bound).
const MAX_PAYLOAD: u64 = 1 << 30;

fn wrap(a: &[u8], b: &[u8]) -> Vec<u8> {
    // Deflate at the highest level: written once by training, inflated at every load.
    let (pa, pb) = (miniz_oxide::deflate::compress_to_vec(a, 9), miniz_oxide::deflate::compress_to_vec(b, 9));
    let mut out = Vec::with_capacity(pa.len() + pb.len() + 44);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    for n in [a.len(), b.len(), pa.len()] {
        out.extend_from_slice(&(n as u64).to_le_bytes());
    }
    let sum = checksum(&[&pa[..], &pb[..]].concat());
    out.extend_from_slice(&sum.to_le_bytes());
    out.extend_from_slice(&pa);
    out.extend_from_slice(&pb);
    out
}

fn inflate(packed: &[u8], len: u64) -> Result<Vec<u8>, ModelError> {
    if len > MAX_PAYLOAD {
        return Err(ModelError::Corrupt(format!("payload of {len} bytes declared")));
    }
    let payload = miniz_oxide::inflate::decompress_to_vec_with_limit(packed, len as usize)
        .map_err(|e| ModelError::Corrupt(format!("cannot inflate the payload: {e}")))?;
    if payload.len() as u64 != len {
        return Err(ModelError::Corrupt(format!("payload is {} bytes, header says {len}", payload.len())));
    }
    Ok(payload)
}

fn read_transitions(packed: &[u8], len: u64) -> Result<DenseWeights, ModelError> {
    let raw = inflate(packed, len)?;
    let mut r = R { b: &raw, at: 0 };
    let trans = r.dense()?;
    if r.at != raw.len() {
        return Err(ModelError::Corrupt(format!("{} unread bytes after the transition table", raw.len() - r.at)));
    }
    Ok(trans)
}

/// Reads a model. The transition table is inflated and decoded on a second thread while this
/// one reads the rest.
pub fn from_bytes(b: &[u8]) -> Result<Model, ModelError> {
    if b.len() < 8 || &b[..8] != MAGIC {
        return Err(ModelError::BadMagic);
    }
    let mut h = R { b, at: 8 };
    let version = h.u32()?;
    if version != VERSION {
        return Err(ModelError::Version { found: version, expected: VERSION });
    }
    let (la, lb, pa_len, sum) = (h.u64()?, h.u64()?, h.u64()?, h.u64()?);
    let packed = &b[h.at..];
    if checksum(packed) != sum {
        return Err(ModelError::Corrupt("checksum mismatch".into()));
    }
    if pa_len > packed.len() as u64 {
        return Err(ModelError::Corrupt(format!("first part of {pa_len} bytes in {} bytes", packed.len())));
    }
    let (pa, pb) = packed.split_at(pa_len as usize);
    std::thread::scope(|s| {
        let trans = s.spawn(|| read_transitions(pb, lb));
        let rest = inflate(pa, la).and_then(|a| read_rest(&a));
        let trans = trans.join().unwrap_or_else(|_| Err(ModelError::Corrupt("the transition table could not be read".into())));
        let (tagger, lemmas, morph, (labels, labeller, retagger), provenance) = rest?;
        check_parts(tagger, lemmas, morph, Parser { labels, trans: trans?, labeller, retagger }, provenance)
    })
}

type Rest = (Tagger, Lemmatizer, Morph, (Vec<String>, Weights, Weights), String);

fn read_rest(payload: &[u8]) -> Result<Rest, ModelError> {
    let mut r = R { b: payload, at: 0 };
    let mut tagger = Tagger { tags: r.strs()?, weights: r.weights()?, ..Default::default() };
    tagger.ambiguity = r.map(|r| r.u64())?;
    tagger.fixed = r.map(|r| r.u16())?;
    tagger.cands = r.map(|r| Ok(ClassSet([r.u64()?, r.u64()?])))?;
    if tagger.fixed.values().any(|&t| t as usize >= tagger.tags.len()) || tagger.weights.nclass != tagger.tags.len() {
        return Err(ModelError::Corrupt("tag index out of range".into()));
    }
    let n = r.len(5)?;
    let mut rules = Vec::with_capacity(n);
    for _ in 0..n {
        rules.push(Rule { strip: r.u8()?, append: r.str()? });
    }
    let lemmas = Lemmatizer { rules, by_suffix: r.map(|r| r.u32())?, exceptions: r.map(|r| r.str())? };
    let morph = Morph { feats: r.strs()?, by_xpos: r.map(|r| r.u32())?, by_word: r.map(|r| r.u32())? };
    let (labels, labeller, retagger) = (r.strs()?, r.weights()?, r.weights()?);
    let provenance = r.str()?;
    if r.at != payload.len() {
        return Err(ModelError::Corrupt(format!("{} unread bytes at the end", payload.len() - r.at)));
    }
    Ok((tagger, lemmas, morph, (labels, labeller, retagger), provenance))
}

fn check_parts(tagger: Tagger, lemmas: Lemmatizer, morph: Morph, parser: Parser, provenance: String) -> Result<Model, ModelError> {
    if parser.retagger.nclass != 0 && parser.retagger.nclass != tagger.tags.len() {
        return Err(ModelError::Corrupt("retagger class count does not match the tags".into()));
    }
    if parser.trans.nclass != 3 || parser.labeller.nclass != parser.labels.len() || parser.labels.is_empty() {
        return Err(ModelError::Corrupt("parser class counts do not match".into()));
    }
    Ok(Model::from_parts(tagger, lemmas, morph, parser, provenance))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The in-memory layout may change (the transition table keeps its codes, the sparse
    /// tables their own slots); what is written back must stay the committed file's payload.
    #[test]
    fn committed_model_writes_back_its_own_payload() {
        let bytes = super::super::MODEL_BYTES;
        let m = from_bytes(bytes).expect("the committed model loads");
        let ((a, b), _) = payload(&m);
        let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
        let (la, lb, pa_len) = (word(12), word(20), word(28) as usize);
        let packed = &bytes[44..];
        assert!(inflate(&packed[..pa_len], la).expect("first part") == a, "the first part differs");
        assert!(inflate(&packed[pa_len..], lb).expect("transition table") == b, "the transition table differs");
    }

    #[test]
    fn weight_codes_round_trip_and_keep_relative_precision() {
        let t = decode8_table();
        for b in 0..=255u8 {
            if b != 0x80 {
                assert_eq!(code8(t[b as usize]), b, "code {b}");
            }
        }
        for w in [1i16, 2, 7, 50, 399, 400, 1234, 9999, 32767, -1, -3, -500, -32767, i16::MIN] {
            let d = t[code8(w) as usize] as f64;
            let w = (w as f64).max(-32767.0);
            assert!(d.signum() == w.signum() && ((d - w) / w).abs() <= 0.05, "{w} decodes to {d}");
        }
        assert_eq!(code8(0), 0);
    }
}
