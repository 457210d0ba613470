//! Near-duplicate fingerprints: MinHash signatures with locality-sensitive hashing bands.
//!
//! Shingles are word unigrams and bigrams of the normalized text (handles and links excluded,
//! so the same complaint sent to two accounts still matches). The signature uses one
//! permutation hashing: each shingle is hashed once, its top bits choose one of
//! [`SIGNATURE`] bins and the bin keeps the smallest value; empty bins borrow from the next
//! filled bin (rotation densification). That costs one hash per shingle instead of one per
//! shingle and bin, and estimates Jaccard similarity like classic MinHash.
//!
//! Everything uses the fixed hash of [`crate::features`], so signatures stored today still
//! compare with signatures computed by later versions.

use serde::{Deserialize, Serialize};

use crate::features::finish;
use crate::text::{Scratch, TokenKind};

/// Values per signature.
pub const SIGNATURE: usize = 64;
/// LSH bands; `SIGNATURE / BANDS` values each. Texts whose Jaccard similarity is `s` share at
/// least one band with probability `1 - (1 - s^4)^16`: 0.96 at s = 0.7, 0.05 at s = 0.3.
pub const BANDS: usize = 16;
const ROWS: usize = SIGNATURE / BANDS;
const EMPTY: u32 = u32::MAX;
const _: () = assert!(SIGNATURE == 64, "densify uses a 64-bit mask");

/// A MinHash signature and its LSH band keys (fixed-size: no allocation per text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// The signature (`SIGNATURE` values).
    #[serde(with = "signature_serde")]
    pub minhash: [u32; SIGNATURE],
    /// One key per band; two texts are near-duplicate candidates when a key is equal.
    pub bands: [u64; BANDS],
}

/// Serde for the signature as a sequence (serde derives arrays only up to 32 elements).
mod signature_serde {
    use super::SIGNATURE;
    use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error};

    pub(super) fn serialize<S: Serializer>(v: &[u32; SIGNATURE], s: S) -> Result<S::Ok, S::Error> {
        v.as_slice().serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<[u32; SIGNATURE], D::Error> {
        let v: Vec<u32> = Vec::deserialize(d)?;
        v.try_into()
            .map_err(|v: Vec<u32>| D::Error::invalid_length(v.len(), &"64 values"))
    }
}

impl Fingerprint {
    /// Estimated Jaccard similarity of the two texts' shingle sets.
    pub fn similarity(&self, other: &Fingerprint) -> f64 {
        let same = self
            .minhash
            .iter()
            .zip(&other.minhash)
            .filter(|(a, b)| a == b)
            .count();
        same as f64 / self.minhash.len() as f64
    }

    /// Whether any LSH band matches.
    pub fn is_candidate(&self, other: &Fingerprint) -> bool {
        self.bands.iter().zip(&other.bands).any(|(a, b)| a == b)
    }

    /// Whether the text had nothing to fingerprint (no words).
    pub fn is_empty(&self) -> bool {
        self.minhash.iter().all(|&v| v == EMPTY)
    }

    /// The signature as hex, 8 characters per value.
    pub fn minhash_hex(&self) -> String {
        self.minhash.iter().map(|v| format!("{v:08x}")).collect()
    }
}

/// The fingerprint of the tokens in `s`.
pub fn fingerprint(s: &Scratch) -> Fingerprint {
    let mut sig = [EMPTY; SIGNATURE];
    let mut add = |h: u64| {
        let h = mix(h);
        let bin = (h >> 58) as usize;
        let value = h as u32;
        if value < sig[bin] {
            sig[bin] = value;
        }
    };
    let mut prev: Option<u64> = None;
    for t in &s.tokens {
        if matches!(t.kind, TokenKind::Handle | TokenKind::Url) {
            continue;
        }
        add(t.hash);
        if let Some(p) = prev {
            add(p.rotate_left(31) ^ t.hash ^ 0x5348_494e_474c_4532);
        }
        prev = Some(t.hash);
    }
    densify(&mut sig);
    from_signature(sig)
}

/// The fingerprint of a (densified) signature: computes its band keys.
pub(crate) fn from_signature(sig: [u32; SIGNATURE]) -> Fingerprint {
    let mut bands = [0u64; BANDS];
    for (b, band) in bands.iter_mut().enumerate() {
        let mut h = 0xcbf2_9ce4_8422_2325_u64 ^ b as u64;
        for v in &sig[b * ROWS..(b + 1) * ROWS] {
            h = (h ^ u64::from(*v)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        *band = finish(h);
    }
    Fingerprint {
        minhash: sig,
        bands,
    }
}

/// Spreads a shingle's hash over all 64 bits (the bin comes from the top bits, the value from
/// the low ones).
#[inline]
fn mix(h: u64) -> u64 {
    (h ^ (h >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9)
}

/// Fills each empty bin from the next non-empty bin to its right (cyclically), offset by the
/// distance so borrowed values differ from their source.
fn densify(sig: &mut [u32; SIGNATURE]) {
    let mut filled = 0u64;
    for (i, &v) in sig.iter().enumerate() {
        filled |= u64::from(v != EMPTY) << i;
    }
    if filled == 0 || filled == u64::MAX {
        return;
    }
    let src = *sig;
    for (i, slot) in sig.iter_mut().enumerate() {
        // Distance to the next filled bin, cyclically (0 when this bin is filled).
        let d = filled.rotate_right(i as u32).trailing_zeros();
        let j = (i + d as usize) % SIGNATURE;
        *slot = src[j].wrapping_add(d.wrapping_mul(0x9E37_79B9));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn fp(t: &str) -> Fingerprint {
        let mut s = Scratch::new();
        tokenize(t, &mut s);
        fingerprint(&s)
    }

    #[test]
    fn identical_and_near_identical_texts() {
        let a = fp("@acme the app crashes every time I open a photo on android 15");
        let b =
            fp("@acmehelp the app crashes every time I open a photo on android 15 https://t.co/x");
        assert_eq!(a, b, "handles and links do not change the fingerprint");
        let c = fp("the app crashes every single time I open a photo on android 15!!");
        assert!(a.similarity(&c) > 0.6, "{}", a.similarity(&c));
        assert!(a.is_candidate(&c));
        let d = fp("loving the new dark mode on the web dashboard");
        assert!(a.similarity(&d) < 0.2, "{}", a.similarity(&d));
        assert!(!a.is_candidate(&d));
    }

    #[test]
    fn signatures_are_stable_across_versions() {
        // Stored fingerprints must keep matching after upgrades: pin one signature.
        let f = fp("login fails since version 3.2");
        assert_eq!(f.minhash.len(), SIGNATURE);
        assert_eq!(f.bands.len(), BANDS);
        assert_eq!(&f.minhash_hex()[..16], "21745719833cdd60");
    }

    #[test]
    fn empty_text() {
        let f = fp("   ");
        assert!(f.is_empty());
        assert_eq!(f.similarity(&f.clone()), 1.0);
    }
}
