//! Incremental theme clustering: which earlier complaints or questions a new one is about.
//!
//! Each text is reduced to a [`Doc`]: its near-duplicate [`Fingerprint`] and a small weighted
//! term vector (content words, lightly stemmed and with a few service synonyms folded, weighted
//! by IDF and normalized). A new doc is compared with the clusters held in a [`ThemeIndex`]:
//!
//! 1. **Near duplicates first**: clusters sharing an LSH band with the doc, accepted when the
//!    MinHash similarity with the cluster's first member is high, or when the term similarity
//!    is at least a lower bar (a shared band is strong evidence on its own).
//! 2. **Then similarity**: clusters found through an inverted index of their strongest terms,
//!    ranked by cosine similarity of the doc with the cluster centroid.
//!
//! A cluster is either a *theme* (two or more members, with an id the caller's database gave
//! it) or a *pending* single text waiting for a second one; themes are never made of one post,
//! so the theme list shows recurring issues rather than every complaint. The index is pure and
//! deterministic; the caller persists theme [`Profile`]s and rebuilds the index from them.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::fingerprint::Fingerprint;

mod index;
mod profile;
mod terms;
#[cfg(test)]
mod tests;

pub use index::ThemeIndex;
pub use profile::{Meaning, Profile, ProfileError};
pub use terms::terms;

/// Hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (v >> 29);
    }
    fn write_i64(&mut self, v: i64) {
        self.write_u64(v as u64);
    }
    fn write_u32(&mut self, v: u32) {
        self.write_u64(u64::from(v));
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// Tuning of the clustering.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClusterConfig {
    /// MinHash similarity from which a band candidate is the same issue.
    pub near_duplicate: f64,
    /// Cosine similarity from which a term candidate is the same issue.
    pub similarity: f32,
    /// Cosine similarity that suffices for a candidate sharing an LSH band.
    pub band_similarity: f32,
    /// Cosine similarity of two themes' centroids from which they are one theme (see
    /// [`ThemeIndex::converged`]).
    pub merge_similarity: f32,
    /// Terms kept in a cluster centroid.
    pub max_terms: usize,
    /// Clusters remembered per term in the inverted index (the most recent).
    pub max_postings: usize,
    /// Pending single texts remembered (the oldest are forgotten first).
    pub max_pending: usize,
    /// Themes kept in memory (the least recently active are forgotten first).
    pub max_themes: usize,
    /// Members per theme whose LSH bands are indexed.
    pub banded_members: u32,
    /// Cosine similarity of sentence embeddings from which a post the words did not place
    /// means the same as a theme or a lone post (see [`ThemeIndex::decide_meaning`]).
    pub meaning_similarity: f32,
    /// Cosine similarity of two themes' meanings from which they are one theme (see
    /// [`ThemeIndex::converged_meaning`]).
    pub meaning_merge_similarity: f32,
    /// Lone posts whose embeddings are remembered for pairing (the oldest are forgotten).
    pub max_meaning_pending: usize,
    /// Themes a post is compared with by meaning: those whose meaning grew most recently.
    pub meaning_themes: usize,
    /// Embeddings seen before their mean is trusted for centering (and before any post is
    /// placed by meaning).
    pub meaning_warmup: u64,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            near_duplicate: 0.5,
            similarity: 0.5,
            band_similarity: 0.25,
            merge_similarity: 0.4,
            max_terms: 24,
            max_postings: 64,
            max_pending: 100_000,
            max_themes: 50_000,
            banded_members: 32,
            meaning_similarity: 0.6,
            meaning_merge_similarity: 0.85,
            max_meaning_pending: 2048,
            meaning_themes: 1024,
            meaning_warmup: 100,
        }
    }
}

/// A text prepared for clustering.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Doc {
    /// Near-duplicate fingerprint.
    pub fingerprint: Fingerprint,
    /// (term hash, weight), sorted by hash, L2-normalized.
    pub terms: Vec<(u64, f32)>,
    /// Key phrases, for labels.
    pub phrases: Vec<String>,
}

impl Doc {
    /// Cosine similarity of two normalized term vectors.
    pub fn cosine(&self, other: &Doc) -> f32 {
        dot(&self.terms, &other.terms)
    }
}

fn dot(a: &[(u64, f32)], b: &[(u64, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// What a cluster stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Member {
    /// A theme, by its database id.
    Theme(i64),
    /// One text not yet in a theme, by its mention id.
    Pending(i64),
}

/// Where a new doc belongs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Decision {
    /// In an existing theme.
    Join {
        /// The theme.
        theme: i64,
        /// How similar (MinHash or cosine, whichever decided).
        score: f32,
    },
    /// With a pending text: the two form a new theme.
    Pair {
        /// The pending text's mention id.
        mention: i64,
        /// How similar.
        score: f32,
    },
    /// Nowhere yet: it waits as a pending text.
    Alone,
}
