//! The theme index: every cluster held in memory, the LSH band and term lookups that find
//! candidates for a new doc, and the bookkeeping that keeps memory bounded.

use std::collections::VecDeque;

use super::profile::{MAX_PHRASES, absorb, add_terms};
use super::{ClusterConfig, Decision, Doc, FastMap, Meaning, Member, Profile, dot};
use crate::fingerprint::{Fingerprint, SIGNATURE};

mod meaning;

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
    /// Lone posts' sentence embeddings (see [`meaning`]).
    meanings: meaning::Pool,
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
        let held = self.meanings.remove(mention);
        let model = self.meanings.model().to_owned();
        let c = self.slots.get_mut(slot as usize)?.as_mut()?;
        let seeded = held.is_some();
        if let Some(e) = held {
            c.profile.meaning = Some(Meaning {
                model,
                sum: e,
                count: 1,
            });
        }
        c.member = Member::Theme(theme);
        if seeded {
            self.meanings.touch(theme, self.config.meaning_themes);
        }
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
            meaning: None,
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
        self.meanings.remove(mention);
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
        disjoint(pairs)
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
        if let Some(m) = &a.meaning {
            b.absorb_meaning(m);
        }
        self.remove_theme(from);
        self.load_theme(into, b);
        self.profile(into)
    }

    /// Loads a theme from its persisted profile (replacing any held under that id).
    pub fn load_theme(&mut self, theme: i64, profile: Profile) {
        self.remove_theme(theme);
        if profile.meaning.is_some() {
            // Loaded in order of activity, so the most recent stay among those compared.
            self.meanings.touch(theme, self.config.meaning_themes);
        }
        self.insert(Member::Theme(theme), profile);
        self.themes += 1;
        self.evict_themes();
    }

    /// Forgets a theme (merged away or deleted).
    pub fn remove_theme(&mut self, theme: i64) {
        self.meanings.forget_theme(theme);
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

/// The most similar pairs first, each theme in at most one pair (merging a theme twice in one
/// pass would chase a theme that is gone).
fn disjoint(mut pairs: Vec<(i64, i64, f32)>) -> Vec<(i64, i64, f32)> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Analyzer;

    fn doc(a: &Analyzer, text: &str) -> Doc {
        a.cluster_doc(text)
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
}
