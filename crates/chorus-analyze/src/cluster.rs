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
use std::collections::VecDeque;
use std::hash::{BuildHasherDefault, Hasher};

use crate::features::word_hash;
use crate::fingerprint::{Fingerprint, SIGNATURE};
use crate::lexicon;
use crate::text::{Scratch, TokenKind};

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
        }
    }
}

/// A text prepared for clustering.
#[derive(Debug, Clone, PartialEq)]
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

/// Folds inflections to a shared prefix: "update", "updates", "updated" and "updating" all
/// become "updat"; "crashes" and "crashing" become "crash". Crude next to a real stemmer, but
/// only consistency matters here: the stems are hashed, never shown.
fn stem(w: &[u8]) -> &[u8] {
    if !w.is_ascii() || w.len() <= 3 {
        return w;
    }
    let mut s = w;
    for suffix in [&b"ing"[..], b"ed", b"es", b"s"] {
        if s.len() >= suffix.len() + 3 && s.ends_with(suffix) {
            if suffix == b"s" && (s.ends_with(b"ss") || s.ends_with(b"us") || s.ends_with(b"is")) {
                break;
            }
            if suffix == b"es"
                && !(s.ends_with(b"shes") || s.ends_with(b"ches") || s.ends_with(b"xes"))
            {
                // "updates": only the "s" is an ending.
                s = &s[..s.len() - 1];
            } else {
                s = &s[..s.len() - suffix.len()];
            }
            break;
        }
    }
    if s.len() > 3 && s.ends_with(b"e") {
        s = &s[..s.len() - 1];
    }
    s
}

/// Words that mean the same thing in service complaints, folded to one term.
fn synonym(w: &[u8]) -> &[u8] {
    match w {
        b"signin" | b"logon" | b"logins" | b"log-in" | b"sign-in" => b"login",
        b"pw" | b"passwd" | b"pwd" | b"passcode" => b"password",
        b"crashing" | b"crashed" | b"crashes" => b"crash",
        b"refunded" | b"refunds" => b"refund",
        b"charged" | b"charges" | b"billing" | b"billed" => b"charge",
        b"outage" | b"offline" => b"down",
        b"mfa" | b"otp" | b"2fa" | b"two-factor" => b"2fa",
        _ => w,
    }
}

/// The clustering terms of the text tokenized in `s`: content words and hashtags, weighted by
/// `idf(word hash)`, L2-normalized, sorted by hash. "log in", "sign in" and their inflections
/// become one term, so the most common service complaint is recognized however it is written.
pub fn terms(s: &Scratch, idf: impl Fn(u64) -> f32, out: &mut Vec<(u64, f32)>) {
    out.clear();
    let bytes = s.norm.as_bytes();
    let toks = &s.tokens;
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let word = &bytes[t.start as usize..t.end as usize];
        let next_is = |w: &[u8]| {
            toks.get(i + 1).is_some_and(|n| {
                n.kind == TokenKind::Word && &bytes[n.start as usize..n.end as usize] == w
            })
        };
        let login_verb = matches!(
            word,
            b"log" | b"logged" | b"logging" | b"sign" | b"signed" | b"signing"
        );
        let (term, skip) =
            if t.kind == TokenKind::Word && login_verb && (next_is(b"in") || next_is(b"on")) {
                (Some(&b"login"[..]), 2)
            } else if t.kind == TokenKind::Word && login_verb && next_is(b"out") {
                (Some(&b"logout"[..]), 2)
            } else if t.kind == TokenKind::Hashtag && word.len() > 1 {
                (Some(word), 1)
            } else if t.kind == TokenKind::Word
                && word.len() > 2
                && t.flags & lexicon::STOP == 0
                && !word.iter().all(u8::is_ascii_digit)
            {
                (Some(stem(synonym(word))), 1)
            } else {
                (None, 1)
            };
        if let Some(term) = term {
            let h = word_hash(term);
            let w = idf(t.hash).max(0.5);
            match out.iter_mut().find(|(x, _)| *x == h) {
                Some(e) => e.1 += w,
                None => out.push((h, w)),
            }
        }
        i += skip;
    }
    normalize(out);
}

fn normalize(v: &mut [(u64, f32)]) {
    v.sort_unstable_by_key(|e| e.0);
    let norm = v.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
    if norm > 0.0 {
        for e in v.iter_mut() {
            e.1 /= norm;
        }
    }
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

/// The persisted state of a theme: enough to rebuild its cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// MinHash of the first member.
    pub minhash: [u32; SIGNATURE],
    /// Centroid terms (un-normalized sums), sorted by hash.
    pub terms: Vec<(u64, f32)>,
    /// Members so far.
    pub count: u32,
    /// Key phrases with how many members had them.
    pub phrases: Vec<(String, u32)>,
}

/// A profile that cannot be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("corrupt theme profile: {0}")]
pub struct ProfileError(&'static str);

const PROFILE_VERSION: u8 = 1;
const MAX_PHRASES: usize = 16;

impl Profile {
    /// Compact little-endian encoding for storage.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(1 + SIGNATURE * 4 + 4 + 2 + self.terms.len() * 12 + 64);
        out.push(PROFILE_VERSION);
        for v in &self.minhash {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.count.to_le_bytes());
        let nt = self.terms.len().min(usize::from(u16::MAX));
        out.extend_from_slice(&(nt as u16).to_le_bytes());
        for (h, w) in &self.terms[..nt] {
            out.extend_from_slice(&h.to_le_bytes());
            out.extend_from_slice(&w.to_bits().to_le_bytes());
        }
        let np = self.phrases.len().min(MAX_PHRASES);
        out.push(np as u8);
        for (p, c) in &self.phrases[..np] {
            let b = p.as_bytes();
            let len = b.len().min(255);
            // Cut on a character boundary so the stored phrase stays valid UTF-8.
            let len = (0..=len)
                .rev()
                .find(|&l| p.is_char_boundary(l))
                .unwrap_or(0);
            out.extend_from_slice(&c.to_le_bytes());
            out.push(len as u8);
            out.extend_from_slice(&b[..len]);
        }
        out
    }

    /// Decodes [`Profile::to_bytes`].
    pub fn from_bytes(b: &[u8]) -> Result<Profile, ProfileError> {
        let mut r = Reader { b, at: 0 };
        if r.u8()? != PROFILE_VERSION {
            return Err(ProfileError("unknown version"));
        }
        let mut minhash = [0u32; SIGNATURE];
        for v in &mut minhash {
            *v = u32::from_le_bytes(r.take()?);
        }
        let count = u32::from_le_bytes(r.take()?);
        let nt = u16::from_le_bytes(r.take()?);
        let mut terms = Vec::with_capacity(usize::from(nt));
        for _ in 0..nt {
            let h = u64::from_le_bytes(r.take()?);
            let w = f32::from_bits(u32::from_le_bytes(r.take()?));
            if !w.is_finite() {
                return Err(ProfileError("weight is not finite"));
            }
            terms.push((h, w));
        }
        let np = r.u8()?;
        let mut phrases = Vec::with_capacity(usize::from(np));
        for _ in 0..np {
            let c = u32::from_le_bytes(r.take()?);
            let len = usize::from(r.u8()?);
            let bytes = r.slice(len)?;
            let p = std::str::from_utf8(bytes).map_err(|_| ProfileError("phrase is not UTF-8"))?;
            phrases.push((p.to_owned(), c));
        }
        terms.sort_unstable_by_key(|e| e.0);
        Ok(Profile {
            minhash,
            terms,
            count,
            phrases,
        })
    }

    /// The profile of a group of docs (the first one's signature, every one's terms and
    /// phrases), as if they had formed a theme together.
    pub fn of_docs(docs: &[Doc], max_terms: usize) -> Option<Profile> {
        let first = docs.first()?;
        let mut p = Profile {
            minhash: first.fingerprint.minhash,
            terms: Vec::new(),
            count: 0,
            phrases: Vec::new(),
        };
        for d in docs {
            absorb(&mut p, d, max_terms);
        }
        Some(p)
    }

    /// A readable label: the most common key phrase, with the runner-up when it is nearly as
    /// common and says something else.
    ///
    /// A phrase of several words counts for more than its raw frequency: "checkout fails"
    /// tells a reader more than "error" even when "error" is a little more common.
    pub fn label(&self) -> String {
        fn weight(p: &(String, u32)) -> f32 {
            let words = p.0.split_whitespace().count().max(1) as f32;
            p.1 as f32 * (1.0 + 0.5 * (words - 1.0).min(2.0))
        }
        let mut ranked: Vec<(&(String, u32), f32)> =
            self.phrases.iter().map(|p| (p, weight(p))).collect();
        ranked.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then(b.0.0.len().cmp(&a.0.0.len()))
                .then(a.0.0.cmp(&b.0.0))
        });
        match ranked.as_slice() {
            [] => "untitled theme".to_owned(),
            [one] => one.0.0.clone(),
            [(first, w1), (second, w2), ..] => {
                let words = |p: &str| p.split_whitespace().count();
                // A label is a short phrase a person would write: at most five words.
                if *w2 * 2.0 >= *w1
                    && !first.0.contains(&second.0)
                    && !second.0.contains(&first.0)
                    && words(&first.0) + words(&second.0) <= 5
                {
                    format!("{} · {}", first.0, second.0)
                } else {
                    first.0.clone()
                }
            }
        }
    }
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn slice(&mut self, n: usize) -> Result<&'a [u8], ProfileError> {
        let s = self
            .b
            .get(self.at..self.at + n)
            .ok_or(ProfileError("truncated"))?;
        self.at += n;
        Ok(s)
    }
    fn take<const N: usize>(&mut self) -> Result<[u8; N], ProfileError> {
        let s = self.slice(N)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8, ProfileError> {
        Ok(self.take::<1>()?[0])
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ref {
    slot: u32,
    generation: u32,
}

#[derive(Debug, Clone)]
struct Cluster {
    member: Member,
    generation: u32,
    profile: Profile,
    /// Norm of the centroid sums.
    norm: f32,
    banded: u32,
    last_seen: u64,
}

/// Every cluster the clustering remembers, with its lookup structures.
#[derive(Debug, Clone, Default)]
pub struct ThemeIndex {
    config: ClusterConfig,
    slots: Vec<Option<Cluster>>,
    free: Vec<u32>,
    generation: u32,
    by_member: FastMap<i64, u32>,
    by_pending: FastMap<i64, u32>,
    bands: FastMap<u64, Vec<Ref>>,
    postings: FastMap<u64, VecDeque<Ref>>,
    pending_order: VecDeque<Ref>,
    themes: usize,
    tick: u64,
    /// Slots freed since stale references were last swept out of the lookup structures.
    freed: usize,
}

impl ThemeIndex {
    /// An empty index.
    pub fn new(config: ClusterConfig) -> Self {
        ThemeIndex {
            config,
            ..ThemeIndex::default()
        }
    }

    /// Themes held.
    pub fn themes(&self) -> usize {
        self.themes
    }

    /// Pending texts held.
    pub fn pending(&self) -> usize {
        self.by_pending.len()
    }

    fn get(&self, r: Ref) -> Option<&Cluster> {
        live(&self.slots, r)
    }

    /// Where `doc` belongs, without changing the index.
    pub fn decide(&self, doc: &Doc) -> Decision {
        if doc.terms.is_empty() && doc.fingerprint.is_empty() {
            return Decision::Alone;
        }
        let mut best: Option<(Ref, f32)> = None;
        let consider = |r: Ref, score: f32, best: &mut Option<(Ref, f32)>| {
            if best.is_none_or(|b| score > b.1) {
                *best = Some((r, score));
            }
        };
        // 1. Near duplicates through the LSH bands.
        if !doc.fingerprint.is_empty() {
            for key in &doc.fingerprint.bands {
                let Some(refs) = self.bands.get(key) else {
                    continue;
                };
                for &r in refs {
                    let Some(c) = self.get(r) else { continue };
                    let jaccard = minhash_similarity(&c.profile.minhash, &doc.fingerprint.minhash);
                    if jaccard >= self.config.near_duplicate {
                        consider(r, 1.0 + jaccard as f32, &mut best);
                    } else {
                        let cos = self.cosine(c, doc);
                        if cos >= self.config.band_similarity {
                            consider(r, cos.max(self.config.similarity), &mut best);
                        }
                    }
                }
            }
        }
        // 2. Similar wording through the strongest terms.
        if best.is_none() && !doc.terms.is_empty() {
            let mut strongest: Vec<&(u64, f32)> = doc.terms.iter().collect();
            strongest.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let mut seen: Vec<Ref> = Vec::new();
            for (h, _) in strongest.into_iter().take(8) {
                let Some(refs) = self.postings.get(h) else {
                    continue;
                };
                for &r in refs {
                    if seen.contains(&r) {
                        continue;
                    }
                    seen.push(r);
                    let Some(c) = self.get(r) else { continue };
                    let cos = self.cosine(c, doc);
                    if cos >= self.config.similarity {
                        consider(r, cos, &mut best);
                    }
                }
            }
        }
        match best.and_then(|(r, s)| Some((self.get(r)?, s))) {
            Some((c, score)) => match c.member {
                Member::Theme(theme) => Decision::Join {
                    theme,
                    score: score.min(1.0),
                },
                Member::Pending(mention) => Decision::Pair {
                    mention,
                    score: score.min(1.0),
                },
            },
            None => Decision::Alone,
        }
    }

    fn cosine(&self, c: &Cluster, doc: &Doc) -> f32 {
        if c.norm <= 0.0 {
            return 0.0;
        }
        dot(&c.profile.terms, &doc.terms) / c.norm
    }

    /// Adds `doc` to theme `theme`; returns the theme's updated profile (to persist), or `None`
    /// if the index does not hold that theme.
    pub fn join(&mut self, theme: i64, doc: &Doc) -> Option<&Profile> {
        let slot = *self.by_member.get(&theme)?;
        self.tick += 1;
        let tick = self.tick;
        let config = self.config;
        let (r, new_terms, band) = {
            let c = self.slots.get_mut(slot as usize)?.as_mut()?;
            let before: Vec<u64> = c.profile.terms.iter().map(|t| t.0).collect();
            absorb(&mut c.profile, doc, config.max_terms);
            c.norm = norm(&c.profile.terms);
            c.last_seen = tick;
            let band = c.banded < config.banded_members;
            if band {
                c.banded += 1;
            }
            let new_terms: Vec<u64> = c
                .profile
                .terms
                .iter()
                .map(|t| t.0)
                .filter(|h| before.binary_search(h).is_err())
                .collect();
            (
                Ref {
                    slot,
                    generation: c.generation,
                },
                new_terms,
                band,
            )
        };
        for h in new_terms {
            self.post(h, r);
        }
        if band && !doc.fingerprint.is_empty() {
            for key in doc.fingerprint.bands {
                self.band(key, r);
            }
        }
        self.slots.get(slot as usize)?.as_ref().map(|c| &c.profile)
    }

    /// Turns pending text `mention` and `doc` into theme `theme` (an id the caller's database
    /// just gave it); returns the new theme's profile.
    pub fn pair(&mut self, mention: i64, theme: i64, doc: &Doc) -> Option<&Profile> {
        let slot = self.by_pending.remove(&mention)?;
        let c = self.slots.get_mut(slot as usize)?.as_mut()?;
        c.member = Member::Theme(theme);
        self.themes += 1;
        self.by_member.insert(theme, slot);
        self.join(theme, doc)
    }

    /// Remembers `doc` (mention `mention`) as a pending text.
    pub fn add_pending(&mut self, mention: i64, doc: &Doc) {
        let mut profile = Profile {
            minhash: doc.fingerprint.minhash,
            terms: Vec::new(),
            count: 0,
            phrases: Vec::new(),
        };
        absorb(&mut profile, doc, self.config.max_terms);
        let r = self.insert(Member::Pending(mention), profile);
        self.by_pending.insert(mention, r.slot);
        self.pending_order.push_back(r);
        while self.by_pending.len() > self.config.max_pending {
            let Some(old) = self.pending_order.pop_front() else {
                break;
            };
            if let Some(Member::Pending(m)) = self.get(old).map(|c| c.member) {
                self.remove_pending(m);
            }
        }
    }

    /// Whether mention `mention` is held as a pending text.
    pub fn is_pending(&self, mention: i64) -> bool {
        self.by_pending.contains_key(&mention)
    }

    /// Forgets a pending text (it was deleted, or paired elsewhere).
    pub fn remove_pending(&mut self, mention: i64) {
        if let Some(slot) = self.by_pending.remove(&mention) {
            self.free_slot(slot);
        }
    }

    /// Pairs of themes whose centroids have converged — cosine similarity of at least `min`
    /// — as `(from, into, similarity)`, the smaller theme first, most similar pairs first,
    /// each theme in at most one pair. Two themes started apart (different first words for
    /// one cause) drift together as members join; merging them keeps one theme per cause.
    pub fn converged(&self, min: f32) -> Vec<(i64, i64, f32)> {
        let mut pairs: Vec<(i64, i64, f32)> = Vec::new();
        for (slot, c) in self.slots.iter().enumerate() {
            let Some(c) = c else { continue };
            let Member::Theme(a) = c.member else { continue };
            if c.norm <= 0.0 {
                continue;
            }
            let mut strongest: Vec<&(u64, f32)> = c.profile.terms.iter().collect();
            strongest.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            let mut seen: Vec<u32> = Vec::new();
            for (h, _) in strongest.into_iter().take(8) {
                for r in self.postings.get(h).into_iter().flatten() {
                    if r.slot as usize <= slot || seen.contains(&r.slot) {
                        continue;
                    }
                    seen.push(r.slot);
                    let Some(o) = self.get(*r) else { continue };
                    let Member::Theme(b) = o.member else { continue };
                    if o.norm <= 0.0 {
                        continue;
                    }
                    let cos = dot(&c.profile.terms, &o.profile.terms) / (c.norm * o.norm);
                    if cos >= min {
                        let (from, into) = if (c.profile.count, a) < (o.profile.count, b) {
                            (a, b)
                        } else {
                            (b, a)
                        };
                        pairs.push((from, into, cos));
                    }
                }
            }
        }
        pairs.sort_by(|x, y| y.2.total_cmp(&x.2).then(x.0.cmp(&y.0)));
        let mut used: Vec<i64> = Vec::new();
        pairs.retain(|(a, b, _)| {
            if used.contains(a) || used.contains(b) {
                return false;
            }
            used.push(*a);
            used.push(*b);
            true
        });
        pairs
    }

    /// Merges theme `from` into theme `into` (term sums, counts and phrases add up); returns
    /// the merged profile, or `None` if either is not held.
    pub fn merge(&mut self, from: i64, into: i64) -> Option<&Profile> {
        if from == into {
            return None;
        }
        let a = self.profile(from)?.clone();
        let mut b = self.profile(into)?.clone();
        add_terms(&mut b, &a.terms, self.config.max_terms);
        b.count = b.count.saturating_add(a.count);
        for (phrase, n) in a.phrases {
            match b.phrases.iter_mut().find(|e| e.0 == phrase) {
                Some(e) => e.1 += n,
                None => b.phrases.push((phrase, n)),
            }
        }
        b.phrases.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        b.phrases.truncate(MAX_PHRASES);
        self.remove_theme(from);
        self.load_theme(into, b);
        self.profile(into)
    }

    /// Loads a theme from its persisted profile (replacing any held under that id).
    pub fn load_theme(&mut self, theme: i64, profile: Profile) {
        self.remove_theme(theme);
        self.insert(Member::Theme(theme), profile);
        self.themes += 1;
        self.evict_themes();
    }

    /// Forgets a theme (merged away or deleted).
    pub fn remove_theme(&mut self, theme: i64) {
        if let Some(slot) = self.by_member.remove(&theme) {
            self.themes -= 1;
            self.free_slot(slot);
        }
    }

    /// The profile of a theme held in memory.
    pub fn profile(&self, theme: i64) -> Option<&Profile> {
        let slot = *self.by_member.get(&theme)?;
        self.slots.get(slot as usize)?.as_ref().map(|c| &c.profile)
    }

    fn insert(&mut self, member: Member, profile: Profile) -> Ref {
        self.tick += 1;
        self.generation = self.generation.wrapping_add(1);
        let generation = self.generation;
        let slot = match self.free.pop() {
            Some(s) => s,
            None => {
                self.slots.push(None);
                (self.slots.len() - 1) as u32
            }
        };
        let r = Ref { slot, generation };
        let keys: Vec<u64> = profile.terms.iter().map(|t| t.0).collect();
        let sig = Fingerprint::from_minhash(profile.minhash);
        let cluster = Cluster {
            member,
            generation,
            norm: norm(&profile.terms),
            profile,
            banded: 1,
            last_seen: self.tick,
        };
        if let Some(s) = self.slots.get_mut(slot as usize) {
            *s = Some(cluster);
        }
        if let Member::Theme(id) = member {
            self.by_member.insert(id, slot);
        }
        for h in keys {
            self.post(h, r);
        }
        if !sig.is_empty() {
            for key in sig.bands {
                self.band(key, r);
            }
        }
        r
    }

    fn free_slot(&mut self, slot: u32) {
        if let Some(s) = self.slots.get_mut(slot as usize)
            && s.take().is_some()
        {
            self.free.push(slot);
        }
        // Stale references in `bands`, `postings` and `pending_order` are skipped by the
        // generation check and pruned when their lists are next touched. Lists that are never
        // touched again (the band keys of a forgotten text are unique to it) would still pile
        // up for ever in a hub that runs for months, so once as many slots were freed as are in
        // use, one pass drops every stale reference and empty list: amortized O(1) per free, and
        // the structures stay proportional to what is held.
        self.freed += 1;
        if self.freed >= self.slots.len().max(1024) {
            self.sweep();
        }
    }

    /// Drops stale references and empty lists from the lookup structures.
    fn sweep(&mut self) {
        self.freed = 0;
        let slots = &self.slots;
        let alive = |r: &Ref| live(slots, *r).is_some();
        self.bands.retain(|_, list| {
            list.retain(alive);
            !list.is_empty()
        });
        self.postings.retain(|_, list| {
            list.retain(alive);
            !list.is_empty()
        });
        self.pending_order
            .retain(|r| live(slots, *r).is_some_and(|c| matches!(c.member, Member::Pending(_))));
        // Trailing free slots can go; the rest stay on the free list for reuse.
        while matches!(self.slots.last(), Some(None)) {
            self.slots.pop();
        }
        let len = self.slots.len() as u32;
        self.free.retain(|&f| f < len);
    }

    fn post(&mut self, h: u64, r: Ref) {
        let max = self.config.max_postings;
        let slots = &self.slots;
        let list = self.postings.entry(h).or_default();
        list.retain(|x| live(slots, *x).is_some());
        if !list.contains(&r) {
            list.push_back(r);
        }
        while list.len() > max {
            list.pop_front();
        }
    }

    fn band(&mut self, key: u64, r: Ref) {
        let slots = &self.slots;
        let list = self.bands.entry(key).or_default();
        list.retain(|x| live(slots, *x).is_some());
        if !list.contains(&r) {
            list.push(r);
        }
        if list.len() > 16 {
            list.remove(0);
        }
    }

    fn evict_themes(&mut self) {
        if self.themes <= self.config.max_themes {
            return;
        }
        // Forget the least recently active tenth at once, so eviction is rare.
        let mut active: Vec<(u64, i64)> = self
            .slots
            .iter()
            .flatten()
            .filter_map(|c| match c.member {
                Member::Theme(id) => Some((c.last_seen, id)),
                Member::Pending(_) => None,
            })
            .collect();
        active.sort_unstable();
        let drop = (self.themes - self.config.max_themes) + self.config.max_themes / 10;
        for (_, id) in active.into_iter().take(drop) {
            self.remove_theme(id);
        }
    }
}

/// The cluster `r` refers to, unless its slot was freed or reused since.
fn live(slots: &[Option<Cluster>], r: Ref) -> Option<&Cluster> {
    slots
        .get(r.slot as usize)?
        .as_ref()
        .filter(|c| c.generation == r.generation)
}

impl Fingerprint {
    /// A fingerprint rebuilt from a stored MinHash signature (bands recomputed).
    pub fn from_minhash(minhash: [u32; SIGNATURE]) -> Fingerprint {
        crate::fingerprint::from_signature(minhash)
    }
}

fn minhash_similarity(a: &[u32; SIGNATURE], b: &[u32; SIGNATURE]) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / SIGNATURE as f64
}

fn norm(terms: &[(u64, f32)]) -> f32 {
    terms.iter().map(|t| t.1 * t.1).sum::<f32>().sqrt()
}

/// Adds term sums to a profile's centroid, keeping the strongest `max_terms` (sorted by hash).
fn add_terms(p: &mut Profile, terms: &[(u64, f32)], max_terms: usize) {
    let mut merged: Vec<(u64, f32)> = Vec::with_capacity(p.terms.len() + terms.len());
    let (a, b) = (&p.terms, terms);
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                merged.push((x.0, x.1 + y.1));
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x.0 < y.0 => {
                merged.push(*x);
                i += 1;
            }
            (Some(_), Some(y)) | (None, Some(y)) => {
                merged.push(*y);
                j += 1;
            }
            (Some(x), None) => {
                merged.push(*x);
                i += 1;
            }
            (None, None) => break,
        }
    }
    if merged.len() > max_terms {
        merged.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        merged.truncate(max_terms);
        merged.sort_unstable_by_key(|e| e.0);
    }
    p.terms = merged;
}

/// Adds a doc to a profile: term sums (keeping the strongest `max_terms`), count and phrases.
fn absorb(p: &mut Profile, doc: &Doc, max_terms: usize) {
    add_terms(p, &doc.terms, max_terms);
    p.count = p.count.saturating_add(1);
    for phrase in &doc.phrases {
        if let Some(e) = p.phrases.iter_mut().find(|e| &e.0 == phrase) {
            e.1 += 1;
        } else if p.phrases.len() < MAX_PHRASES {
            p.phrases.push((phrase.clone(), 1));
        } else if let Some(min) = p.phrases.iter_mut().min_by_key(|e| e.1) {
            // Space-saving: the newcomer inherits the smallest count, so a phrase that keeps
            // coming back climbs.
            *min = (phrase.clone(), min.1 + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Analyzer;

    fn doc(a: &Analyzer, text: &str) -> Doc {
        a.cluster_doc(text)
    }

    /// Paraphrase groups: each group is one issue written the ways customers write it.
    const GROUPS: &[&[&str]] = &[
        &[
            "@acme I can't log in since the 3.2 update, login keeps failing",
            "login fails since updating to 3.2 @acmehelp",
            "after the update I cannot sign in anymore. login failed every time",
            "can't log in after the latest update!!! #acmefail",
            "Login failing since version 3.2 update, please fix",
        ],
        &[
            "the app crashes every time I open a photo on android",
            "acme app crashing when opening photos on my android phone",
            "app crashed again while opening a photo. android 15",
            "why does the app crash whenever I open photos?? android",
        ],
        &[
            "I was charged twice for my subscription this month, need a refund",
            "double charged for the subscription again, where is my refund",
            "you billed me twice for my subscription! refund please",
            "charged twice this month for the subscription, refund asap",
        ],
        &[
            "my parcel delivery is late again, tracking says delayed for a week",
            "package delivery delayed a week, tracking hasn't moved",
            "where is my parcel? delivery delayed and tracking stuck for days",
        ],
    ];

    fn run(texts: &[(usize, &str)]) -> (ThemeIndex, Vec<(usize, Option<i64>)>) {
        let a = Analyzer::embedded().unwrap();
        let mut idx = ThemeIndex::new(ClusterConfig::default());
        let mut next_theme = 100;
        let mut theme_of_mention: HashMap<i64, i64> = HashMap::new();
        let mut out = Vec::new();
        for (m, (group, text)) in texts.iter().enumerate() {
            let m = m as i64;
            let d = doc(&a, text);
            let theme = match idx.decide(&d) {
                Decision::Join { theme, .. } => {
                    idx.join(theme, &d).unwrap();
                    Some(theme)
                }
                Decision::Pair { mention, .. } => {
                    next_theme += 1;
                    idx.pair(mention, next_theme, &d).unwrap();
                    theme_of_mention.insert(mention, next_theme);
                    Some(next_theme)
                }
                Decision::Alone => {
                    idx.add_pending(m, &d);
                    None
                }
            };
            if let Some(t) = theme {
                theme_of_mention.insert(m, t);
            }
            out.push((*group, theme));
        }
        let resolved = out
            .iter()
            .enumerate()
            .map(|(m, (g, _))| (*g, theme_of_mention.get(&(m as i64)).copied()))
            .collect();
        (idx, resolved)
    }

    #[test]
    fn paraphrases_form_one_theme_per_issue() {
        // Interleave the groups as a stream would.
        let mut stream = Vec::new();
        let longest = GROUPS.iter().map(|g| g.len()).max().unwrap();
        for i in 0..longest {
            for (g, texts) in GROUPS.iter().enumerate() {
                if let Some(t) = texts.get(i) {
                    stream.push((g, *t));
                }
            }
        }
        let (idx, result) = run(&stream);
        // Purity: no theme mixes two issues.
        let mut group_of_theme: HashMap<i64, usize> = HashMap::new();
        for (g, t) in &result {
            if let Some(t) = t {
                let prev = group_of_theme.insert(*t, *g);
                assert!(
                    prev.is_none_or(|p| p == *g),
                    "theme {t} mixes groups {prev:?} and {g}"
                );
            }
        }
        // Completeness: most texts of a group land in the group's main theme.
        for (g, texts) in GROUPS.iter().enumerate() {
            let mut counts: HashMap<i64, usize> = HashMap::new();
            for (gg, t) in &result {
                if *gg == g
                    && let Some(t) = t
                {
                    *counts.entry(*t).or_default() += 1;
                }
            }
            let main = counts.values().copied().max().unwrap_or(0);
            assert!(
                main + 1 >= texts.len(),
                "group {g}: {main} of {} in one theme ({counts:?})",
                texts.len()
            );
        }
        assert_eq!(idx.themes(), GROUPS.len());
    }

    #[test]
    fn unrelated_texts_stay_alone() {
        let (idx, result) = run(&[
            (0, "the app crashes when I open a photo"),
            (1, "love the new dark mode, great job"),
            (2, "what time does the store in Berlin open on Sundays?"),
            (3, "my invoice shows the wrong billing address"),
        ]);
        assert!(result.iter().all(|(_, t)| t.is_none()), "{result:?}");
        assert_eq!(idx.themes(), 0);
        assert_eq!(idx.pending(), 4);
    }

    #[test]
    fn label_comes_from_common_key_phrases() {
        let a = Analyzer::embedded().unwrap();
        let mut idx = ThemeIndex::new(ClusterConfig::default());
        let texts = GROUPS[2];
        idx.add_pending(1, &doc(&a, texts[0]));
        let Decision::Pair { mention, .. } = idx.decide(&doc(&a, texts[1])) else {
            panic!("expected a pair")
        };
        idx.pair(mention, 7, &doc(&a, texts[1])).unwrap();
        for t in &texts[2..] {
            let d = doc(&a, t);
            assert!(matches!(idx.decide(&d), Decision::Join { theme: 7, .. }));
            idx.join(7, &d).unwrap();
        }
        let p = idx.profile(7).unwrap();
        assert_eq!(p.count, texts.len() as u32);
        let label = p.label();
        assert!(
            label.contains("subscription") || label.contains("refund") || label.contains("charged"),
            "{label}"
        );
    }

    #[test]
    fn profiles_round_trip_and_reject_garbage() {
        let a = Analyzer::embedded().unwrap();
        let mut idx = ThemeIndex::new(ClusterConfig::default());
        idx.add_pending(1, &doc(&a, GROUPS[0][0]));
        idx.pair(1, 9, &doc(&a, GROUPS[0][1])).unwrap();
        let p = idx.profile(9).unwrap().clone();
        let bytes = p.to_bytes();
        assert_eq!(Profile::from_bytes(&bytes).unwrap(), p);
        for cut in [0, 1, 10, bytes.len() - 1] {
            assert!(Profile::from_bytes(&bytes[..cut]).is_err());
        }
        // A rebuilt index decides like the original.
        let mut rebuilt = ThemeIndex::new(ClusterConfig::default());
        rebuilt.load_theme(9, p);
        let d = doc(&a, GROUPS[0][3]);
        assert!(matches!(
            rebuilt.decide(&d),
            Decision::Join { theme: 9, .. }
        ));
    }

    #[test]
    fn memory_is_bounded() {
        let a = Analyzer::embedded().unwrap();
        let config = ClusterConfig {
            max_pending: 10,
            ..ClusterConfig::default()
        };
        let mut idx = ThemeIndex::new(config);
        for i in 0..5_000 {
            idx.add_pending(
                i,
                &doc(
                    &a,
                    &format!("unique complaint number {i} about widget{i} and gadget{i}"),
                ),
            );
        }
        assert_eq!(idx.pending(), 10);
        // Not only the pending texts: the lookup structures must not keep what was forgotten
        // (each text's band keys and rare terms are its own, so they would pile up for ever).
        // Between two sweeps at most 1,024 forgotten texts linger.
        let lingering = 1_024 + 10;
        assert!(idx.slots.len() <= lingering, "{} slots", idx.slots.len());
        assert!(idx.pending_order.len() <= lingering);
        assert!(
            idx.bands.len() <= 16 * lingering,
            "{} band keys",
            idx.bands.len()
        );
        assert!(
            idx.postings.len() <= 24 * lingering + 100,
            "{} terms",
            idx.postings.len()
        );
        let before = idx.bands.len();
        idx.sweep();
        assert!(idx.bands.len() <= 16 * 10 && idx.bands.len() <= before);
        assert!(idx.slots.iter().flatten().count() == 10);
    }

    #[test]
    fn stemming_and_synonyms() {
        for (a, b) in [
            (&b"crashes"[..], &b"crash"[..]),
            (b"crashing", b"crash"),
            (b"crashed", b"crash"),
            (b"update", b"updat"),
            (b"updates", b"updat"),
            (b"updated", b"updat"),
            (b"updating", b"updat"),
            (b"failing", b"fail"),
            (b"access", b"access"),
            (b"status", b"status"),
            (b"app", b"app"),
        ] {
            assert_eq!(stem(a), b, "{}", String::from_utf8_lossy(a));
        }
        assert_eq!(synonym(b"signin"), b"login");
    }

    #[test]
    fn converged_themes_merge_and_distinct_ones_do_not() {
        let a = Analyzer::embedded().unwrap();
        let mut idx = ThemeIndex::new(ClusterConfig::default());
        // Two themes for one cause that started on different words, and one other cause.
        let login_a =
            Profile::of_docs(&[doc(&a, GROUPS[0][0]), doc(&a, GROUPS[0][1])], 24).unwrap();
        let login_b =
            Profile::of_docs(&[doc(&a, GROUPS[0][2]), doc(&a, GROUPS[0][4])], 24).unwrap();
        let crash = Profile::of_docs(&[doc(&a, GROUPS[1][0]), doc(&a, GROUPS[1][1])], 24).unwrap();
        idx.load_theme(1, login_a);
        idx.load_theme(2, login_b);
        idx.load_theme(3, crash);
        let pairs = idx.converged(ClusterConfig::default().merge_similarity);
        assert_eq!(pairs.len(), 1, "{pairs:?}");
        let (from, into, cos) = pairs[0];
        assert_eq!([from.min(into), from.max(into)], [1, 2]);
        assert!(cos >= 0.4, "{cos}");
        let merged = idx.merge(from, into).unwrap();
        assert_eq!(merged.count, 4);
        assert_eq!(idx.themes(), 2);
        assert!(idx.profile(from).is_none());
        assert!(
            idx.converged(ClusterConfig::default().merge_similarity)
                .is_empty()
        );
        // Labels stay short: at most five words.
        let words = idx
            .profile(into)
            .unwrap()
            .label()
            .split_whitespace()
            .filter(|w| *w != "·")
            .count();
        assert!((1..=5).contains(&words));
    }
}
