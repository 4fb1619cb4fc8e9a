//! The model file: one binary blob holding the tagger, lemmatiser, FEATS predictor and
//! parser.
//!
//! Layout (little-endian): magic `NGSYNTAX`, format version (u32), payload length (u64),
//! checksum of the payload (u64, FNV-style over 64-bit words), payload. The payload is a sequence of sections
//! (string lists, hash maps in key order, weight tables in key order), so the same model
//! always serialises to the same bytes. A short, corrupt or other-version file is a
//! [`ModelError`], never a panic: every read is bounds-checked.

use super::features::{HashKeyed, Weights};
use super::lemma::{Lemmatizer, Rule};
use super::morph::Morph;
use super::parser::Parser;
use super::tagger::Tagger;
use super::Model;

/// Magic bytes at the start of a model file.
pub const MAGIC: &[u8; 8] = b"NGSYNTAX";
/// The format version this build reads and writes.
pub const VERSION: u32 = 2;

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
    fn weights(&mut self, w: &Weights) {
        let rows = w.rows();
        self.u32(w.nclass as u32);
        self.u32(w.scale.to_bits());
        self.u32(rows.len() as u32);
        for (k, es) in rows {
            self.u32(k);
            self.u16(es.len() as u16);
            for (c, v) in es {
                self.u8(c as u8);
                self.u16(v as u16);
            }
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
    fn weights(&mut self) -> Result<Weights, ModelError> {
        let nclass = self.u32()? as usize;
        let scale = f32::from_bits(self.u32()?);
        if nclass > 256 {
            return Err(ModelError::Corrupt(format!("{nclass} classes (at most 256)")));
        }
        let n = self.len(6)?;
        let (mut keys, mut ends, mut flat) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n * 2));
        for _ in 0..n {
            let k = self.u32()?;
            if k == 0 {
                return Err(ModelError::Corrupt("zero feature key".into()));
            }
            let m = self.u16()? as usize;
            let row = self.take(m * 3)?;
            for e in row.chunks_exact(3) {
                let c = e[0] as u16;
                if c as usize >= nclass {
                    return Err(ModelError::Corrupt(format!("class {c} out of range {nclass}")));
                }
                flat.push((c, i16::from_le_bytes([e[1], e[2]])));
            }
            keys.push(k);
            ends.push(flat.len() as u32);
        }
        Ok(Weights::from_flat(nclass, scale, &keys, &ends, &flat))
    }
}

/// Serialises a model.
pub fn to_bytes(m: &Model) -> Vec<u8> {
    let mut w = W(Vec::new());
    // tagger
    w.strs(&m.tagger.tags);
    w.weights(&m.tagger.weights);
    w.map(&m.tagger.ambiguity, |w, v| w.u64(*v));
    w.map(&m.tagger.fixed, |w, v| w.u16(*v));
    // lemmatiser
    w.u32(m.lemmas.rules.len() as u32);
    for r in &m.lemmas.rules {
        w.u8(r.strip);
        w.str(&r.append);
    }
    w.map(&m.lemmas.by_suffix, |w, v| w.u32(*v));
    w.map(&m.lemmas.exceptions, |w, v| w.str(v));
    // morphology
    w.strs(&m.morph.feats);
    w.map(&m.morph.by_xpos, |w, v| w.u32(*v));
    w.map(&m.morph.by_word, |w, v| w.u32(*v));
    // parser
    w.strs(&m.parser.labels);
    w.weights(&m.parser.trans);
    w.weights(&m.parser.labeller);
    w.str(&m.provenance);
    let payload = w.0;
    let mut out = Vec::with_capacity(payload.len() + 28);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// Reads a model.
pub fn from_bytes(b: &[u8]) -> Result<Model, ModelError> {
    if b.len() < 8 || &b[..8] != MAGIC {
        return Err(ModelError::BadMagic);
    }
    let mut h = R { b, at: 8 };
    let version = h.u32()?;
    if version != VERSION {
        return Err(ModelError::Version { found: version, expected: VERSION });
    }
    let len = h.u64()? as usize;
    let sum = h.u64()?;
    let payload = &b[h.at..];
    if payload.len() != len {
        return Err(ModelError::Corrupt(format!("payload is {} bytes, header says {len}", payload.len())));
    }
    if checksum(payload) != sum {
        return Err(ModelError::Corrupt("checksum mismatch".into()));
    }
    let mut r = R { b: payload, at: 0 };
    let mut tagger = Tagger { tags: r.strs()?, weights: r.weights()?, ..Default::default() };
    tagger.ambiguity = r.map(|r| r.u64())?;
    tagger.fixed = r.map(|r| r.u16())?;
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
    let parser = Parser { labels: r.strs()?, trans: r.weights()?, labeller: r.weights()? };
    if parser.trans.nclass != 3 || parser.labeller.nclass != parser.labels.len() || parser.labels.is_empty() {
        return Err(ModelError::Corrupt("parser class counts do not match".into()));
    }
    let provenance = r.str()?;
    if r.at != payload.len() {
        return Err(ModelError::Corrupt(format!("{} unread bytes at the end", payload.len() - r.at)));
    }
    Ok(Model::from_parts(tagger, lemmas, morph, parser, provenance))
}
