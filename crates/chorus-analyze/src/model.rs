//! The linear multi-head model: one table of hashed buckets, each row holding an 8-bit weight
//! per head plus the bucket's 8-bit IDF.
//!
//! Sharing one table between heads means one memory read per feature serves sentiment,
//! offensiveness and hate at once; 8-bit weights keep the table (1 MiB at 2^17 buckets) within
//! the CPU's L2 cache. A feature's value is `idf / norm`, where `norm` is the L2 norm of the
//! IDF values of its block (word features and character features are normalized separately,
//! like two concatenated TF-IDF vectors). IDF is folded into the stored weights, so a head's
//! score is `bias + scale · Σ q / norm` over each block.

use std::borrow::Cow;

use crate::features::finish;

/// Bytes per row: seven heads and the IDF.
pub const ROW: usize = 8;
/// Sentiment: negative.
pub const SENT_NEG: usize = 0;
/// Sentiment: neutral.
pub const SENT_NEU: usize = 1;
/// Sentiment: positive.
pub const SENT_POS: usize = 2;
/// Offensive language.
pub const OFFENSIVE: usize = 3;
/// Hate speech.
pub const HATE: usize = 4;
/// Number of weight heads (the rest of the row is the IDF byte).
pub const HEADS: usize = 7;
/// Position of the IDF byte in a row.
pub const IDF: usize = 7;

const MAGIC: &[u8; 8] = b"CHORUSM1";
const VERSION: u32 = 1;
const HEADER: usize = 8 + 4 + 4 + 4 * ROW + 4 * ROW + 8;

/// Why model bytes were refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelError {
    /// Not a Chorus model file.
    #[error("not a Chorus model (bad magic)")]
    BadMagic,
    /// Written by an incompatible version.
    #[error("unsupported model version {0}")]
    Version(u32),
    /// Truncated or oversized.
    #[error("model size {actual} does not match its header ({expected})")]
    Size {
        /// Size the header implies.
        expected: usize,
        /// Size found.
        actual: usize,
    },
    /// The table does not match its checksum.
    #[error("model checksum mismatch")]
    Checksum,
    /// The table size is out of range.
    #[error("unsupported table size 2^{0}")]
    Bits(u32),
}

/// A loaded model.
#[derive(Debug, Clone)]
pub struct Model {
    bits: u32,
    /// Dequantization factor per head; `scales[IDF]` turns the IDF byte into an IDF.
    scales: [f32; ROW],
    biases: [f32; ROW],
    table: Cow<'static, [u8]>,
}

/// Raw scores of the heads for one text.
pub type Scores = [f32; HEADS];

fn checksum(table: &[u8]) -> u64 {
    // FNV-1a over 8-byte words: fast enough to verify 4 MiB at load.
    let mut h = 0xcbf2_9ce4_8422_2325_u64;
    for c in table.chunks(8) {
        let mut w = [0u8; 8];
        w[..c.len()].copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    finish(h)
}

fn read_u32(b: &[u8], at: usize) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(w)
}

fn read_f32s(b: &[u8], at: usize) -> [f32; ROW] {
    let mut out = [0f32; ROW];
    for (i, o) in out.iter_mut().enumerate() {
        *o = f32::from_bits(read_u32(b, at + 4 * i));
    }
    out
}

impl Model {
    /// A model whose heads all score zero, with the given IDF everywhere (used before training
    /// and in tests).
    pub fn empty(bits: u32) -> Self {
        let rows = 1usize << bits;
        let mut table = vec![0u8; rows * ROW];
        for r in 0..rows {
            table[r * ROW + IDF] = 255;
        }
        let mut scales = [1.0; ROW];
        scales[IDF] = 1.0 / 255.0;
        Model {
            bits,
            scales,
            biases: [0.0; ROW],
            table: Cow::Owned(table),
        }
    }

    /// Builds a model from parts (used by training).
    pub fn from_parts(
        bits: u32,
        scales: [f32; ROW],
        biases: [f32; ROW],
        table: Vec<u8>,
    ) -> Result<Self, ModelError> {
        if !(10..=24).contains(&bits) {
            return Err(ModelError::Bits(bits));
        }
        let expected = (1usize << bits) * ROW;
        if table.len() != expected {
            return Err(ModelError::Size {
                expected,
                actual: table.len(),
            });
        }
        Ok(Model {
            bits,
            scales,
            biases,
            table: Cow::Owned(table),
        })
    }

    /// Parses model bytes without copying them (for models embedded in the binary).
    pub fn from_static(bytes: &'static [u8]) -> Result<Self, ModelError> {
        let (bits, scales, biases) = Self::header(bytes)?;
        Ok(Model {
            bits,
            scales,
            biases,
            table: Cow::Borrowed(&bytes[HEADER..]),
        })
    }

    /// Parses model bytes, copying the table.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let (bits, scales, biases) = Self::header(bytes)?;
        Ok(Model {
            bits,
            scales,
            biases,
            table: Cow::Owned(bytes[HEADER..].to_vec()),
        })
    }

    fn header(bytes: &[u8]) -> Result<(u32, [f32; ROW], [f32; ROW]), ModelError> {
        if bytes.len() < HEADER || &bytes[..8] != MAGIC {
            return Err(ModelError::BadMagic);
        }
        let version = read_u32(bytes, 8);
        if version != VERSION {
            return Err(ModelError::Version(version));
        }
        let bits = read_u32(bytes, 12);
        if !(10..=24).contains(&bits) {
            return Err(ModelError::Bits(bits));
        }
        let expected = HEADER + (1usize << bits) * ROW;
        if bytes.len() != expected {
            return Err(ModelError::Size {
                expected,
                actual: bytes.len(),
            });
        }
        let scales = read_f32s(bytes, 16);
        let biases = read_f32s(bytes, 16 + 4 * ROW);
        let mut sum = [0u8; 8];
        sum.copy_from_slice(&bytes[HEADER - 8..HEADER]);
        if u64::from_le_bytes(sum) != checksum(&bytes[HEADER..]) {
            return Err(ModelError::Checksum);
        }
        Ok((bits, scales, biases))
    }

    /// Serializes the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER + self.table.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&self.bits.to_le_bytes());
        for v in self.scales.iter().chain(&self.biases) {
            out.extend_from_slice(&v.to_bits().to_le_bytes());
        }
        out.extend_from_slice(&checksum(&self.table).to_le_bytes());
        out.extend_from_slice(&self.table);
        out
    }

    /// log2 of the number of buckets.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// A bucket's weight for every head, on the scale of its score (before the text's
    /// normalisation): what one feature adds towards each label, for explanations.
    pub fn bucket_weights(&self, bucket: u32) -> Scores {
        let mut out = [0f32; HEADS];
        let base = bucket as usize * ROW;
        for (h, o) in out.iter_mut().enumerate() {
            let w = self.table.get(base + h).copied().unwrap_or(0) as i8;
            *o = f32::from(w) * self.scales[h];
        }
        out
    }

    /// The IDF of a bucket.
    #[inline]
    pub fn idf(&self, bucket: u32) -> f32 {
        let i = bucket as usize * ROW + IDF;
        f32::from(self.table.get(i).copied().unwrap_or(255)) * self.scales[IDF]
    }

    /// Every head's score for the text tokenized in `s`, visiting its features without storing
    /// them (the hot path; equal to `scores` of the extracted features).
    pub fn score_text(&self, s: &mut crate::text::Scratch) -> Scores {
        let (rows, _) = self.table.as_chunks::<ROW>();
        let mut acc = [[0i32; ROW]; 2];
        let mut norm = [0u32; 2];
        crate::features::visit(s, self.bits, |block, b| {
            if let Some(row) = rows.get(b as usize) {
                let a = &mut acc[block];
                for h in 0..ROW {
                    a[h] += i32::from(row[h] as i8);
                }
                norm[block] += u32::from(row[IDF]) * u32::from(row[IDF]);
            }
        });
        self.combine(&acc, &norm)
    }

    fn combine(&self, acc: &[[i32; ROW]; 2], norm: &[u32; 2]) -> Scores {
        let mut out = [0f32; HEADS];
        for (h, o) in out.iter_mut().enumerate() {
            *o = self.biases[h];
        }
        for block in 0..2 {
            if norm[block] == 0 {
                continue;
            }
            let inv = 1.0 / ((norm[block] as f32).sqrt() * self.scales[IDF]);
            for h in 0..HEADS {
                out[h] += acc[block][h] as f32 * self.scales[h] * inv;
            }
        }
        out
    }

    /// Every head's score for a text's word and character features.
    pub fn scores(&self, words: &[u32], chars: &[u32]) -> Scores {
        let (aw, nw) = self.accumulate(words);
        let (ac, nc) = self.accumulate(chars);
        self.combine(&[aw, ac], &[nw, nc])
    }

    /// Integer sums of each head's weights over `block`, and the sum of squared IDF bytes.
    #[inline]
    fn accumulate(&self, block: &[u32]) -> ([i32; ROW], u32) {
        let (rows, _) = self.table.as_chunks::<ROW>();
        let mut acc = [0i32; ROW];
        let mut norm = 0u32;
        for &b in block {
            let Some(row) = rows.get(b as usize) else {
                continue;
            };
            for h in 0..ROW {
                acc[h] += i32::from(row[h] as i8);
            }
            norm += u32::from(row[IDF]) * u32::from(row[IDF]);
        }
        (acc, norm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip_and_are_checked() {
        let mut m = Model::empty(10);
        m.biases[SENT_POS] = 0.5;
        let bytes = m.to_bytes();
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back.scores(&[1, 2], &[]), m.scores(&[1, 2], &[]));
        let mut bad = bytes.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert_eq!(Model::from_bytes(&bad).unwrap_err(), ModelError::Checksum);
        assert!(matches!(
            Model::from_bytes(&bytes[..100]),
            Err(ModelError::Size { .. })
        ));
        assert_eq!(
            Model::from_bytes(b"not a model at all").unwrap_err(),
            ModelError::BadMagic
        );
        assert!(matches!(
            Model::from_bytes(&bytes[..bytes.len() - 8]),
            Err(ModelError::Size { .. })
        ));
    }

    #[test]
    fn scores_use_normalized_blocks() {
        let mut table = vec![0u8; (1 << 10) * ROW];
        for r in 0..(1 << 10) {
            table[r * ROW + IDF] = 100;
        }
        table[5 * ROW + SENT_POS] = 50;
        let mut scales = [0.01; ROW];
        scales[IDF] = 0.02;
        let m = Model::from_parts(10, scales, [0.0; ROW], table).unwrap();
        // The stored 50 * 0.01 = 0.5 is weight × IDF (IDF 100 * 0.02 = 2), so the weight is
        // 0.25. One feature: value idf/norm = 1, score 0.25.
        let s = m.scores(&[5], &[]);
        assert!((s[SENT_POS] - 0.25).abs() < 1e-6, "{s:?}");
        // Two features of equal IDF: each value 1/sqrt(2); only bucket 5 has a weight.
        let s = m.scores(&[5, 6], &[]);
        assert!((s[SENT_POS] - 0.25 / 2f32.sqrt()).abs() < 1e-6);
        assert_eq!(m.scores(&[], &[]), [0.0; HEADS]);
    }
}
