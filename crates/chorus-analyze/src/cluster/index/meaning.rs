//! Themes across wording: the second look the accurate tier's sentence embeddings give.
//!
//! The lexical stage pairs posts that share words, and customers describe one cause in
//! many ways ("my bag went to Denver", "lost luggage again"). When the accurate tier has read
//! a post it hands over the post's sentence embedding, and a post the lexical stage left
//! alone gets a second chance: it joins the theme whose *meaning* (the sum of its members'
//! unit embeddings) is nearest, or pairs with a recent lone post, when the cosine similarity
//! is at least [`ClusterConfig::meaning_similarity`](super::ClusterConfig). A theme's meaning
//! grows with every member the accurate tier reads, whichever stage placed it.
//!
//! Sentence embeddings of one kind of text share a large common direction (every complaint
//! to a company looks alike next to a poem), so raw cosines between complaints about
//! different causes are high and a theme's centroid attracts everything. Every comparison is
//! therefore made after subtracting the running mean of all embeddings seen (centering):
//! what is left is what sets a post apart from the others. Until
//! [`ClusterConfig::meaning_warmup`](super::ClusterConfig) embeddings have been seen the mean
//! is not trusted and posts are only held.
//!
//! Embeddings of different encoders live in different spaces, so a meaning records the
//! encoder's identity and only embeddings of that encoder are compared with it or added to
//! it. Lone posts' embeddings are kept for the most recent
//! [`ClusterConfig::max_meaning_pending`](super::ClusterConfig) only and are not persisted:
//! after a restart the pool refills from new posts (a reload of the index keeps it, see
//! [`ThemeIndex::adopt_meanings`]).
//!
//! Cost: a post is compared with the
//! [`ClusterConfig::meaning_themes`](super::ClusterConfig) themes whose meaning grew most
//! recently (a theme nobody has added to for long is still found by its words) and with the
//! pool, three and two dot products each, without allocating: about a millisecond at the
//! defaults.

use std::collections::VecDeque;

use super::{Decision, Doc, FastMap, Meaning, Profile, ThemeIndex, disjoint};

/// Lone posts' unit embeddings, most recent last, the themes whose meaning grew most
/// recently, and the running mean of every embedding seen.
#[derive(Debug, Clone, Default)]
pub(super) struct Pool {
    by_mention: FastMap<i64, Vec<f32>>,
    order: VecDeque<i64>,
    model: String,
    /// Themes by when their meaning last grew (a counter).
    recent: FastMap<i64, u64>,
    clock: u64,
    /// Sum of every unit embedding seen (of `model`) and how many.
    seen_sum: Vec<f64>,
    seen: u64,
}

impl Pool {
    pub(super) fn remove(&mut self, mention: i64) -> Option<Vec<f32>> {
        self.by_mention.remove(&mention)
    }

    /// The encoder whose embeddings the pool holds.
    pub(super) fn model(&self) -> &str {
        &self.model
    }

    /// Starts over for another encoder's embeddings (which themes grew recently stays: a
    /// theme's meaning is checked for its encoder when compared).
    fn switch(&mut self, model: &str) {
        if self.model != model {
            *self = Pool {
                model: model.to_owned(),
                recent: std::mem::take(&mut self.recent),
                clock: self.clock,
                ..Pool::default()
            };
        }
    }

    /// Counts `n` unit embeddings summing to `sum` into the running mean.
    fn observe(&mut self, sum: &[f32], n: u64) {
        if self.seen_sum.len() != sum.len() {
            self.seen_sum = vec![0.0; sum.len()];
            self.seen = 0;
        }
        for (s, x) in self.seen_sum.iter_mut().zip(sum) {
            *s += f64::from(*x);
        }
        self.seen += n;
    }

    /// The running mean, when it is trusted (`warmup` embeddings seen) and of `dim`.
    fn mean(&self, dim: usize, warmup: u64) -> Option<Vec<f32>> {
        if self.seen < warmup.max(1) || self.seen_sum.len() != dim {
            return None;
        }
        let n = self.seen as f64;
        Some(self.seen_sum.iter().map(|s| (s / n) as f32).collect())
    }

    /// Marks theme `theme`'s meaning as just grown, keeping at most `2 × cap` themes.
    pub(super) fn touch(&mut self, theme: i64, cap: usize) {
        self.clock += 1;
        self.recent.insert(theme, self.clock);
        if self.recent.len() > 2 * cap.max(1) {
            let mut ticks: Vec<u64> = self.recent.values().copied().collect();
            ticks.sort_unstable_by(|a, b| b.cmp(a));
            let keep_from = ticks[cap.max(1) - 1];
            self.recent.retain(|_, t| *t >= keep_from);
        }
    }

    pub(super) fn forget_theme(&mut self, theme: i64) {
        self.recent.remove(&theme);
    }
}

/// Cosine similarity of `e` (unit, centered) with the centered mean of `count` unit vectors
/// summing to `sum`, from dot products alone: `(s/n − μ)·e / |s/n − μ|`, with `μ·e` and
/// `|μ|²` computed once per post.
fn centered_cos(
    sum: &[f32],
    count: u32,
    e: &[f32],
    mean: &[f32],
    mean_e: f32,
    mean_sq: f32,
) -> f32 {
    let n = count.max(1) as f32;
    let se = dot(sum, e) / n;
    let sm = dot(sum, mean) / n;
    let ss = dot(sum, sum) / (n * n);
    let len_sq = ss - 2.0 * sm + mean_sq;
    if !(len_sq.is_finite() && len_sq > 1e-12) {
        return -1.0;
    }
    (se - mean_e) / len_sq.sqrt()
}

/// `v` minus `mean`, scaled to length one (`None` when nothing is left).
fn centered(v: &[f32], scale: f32, mean: &[f32]) -> Option<Vec<f32>> {
    let c: Vec<f32> = v.iter().zip(mean).map(|(x, m)| x * scale - m).collect();
    unit(&c)
}

/// `v` scaled to length one, or `None` for a zero or non-finite vector.
fn unit(v: &[f32]) -> Option<Vec<f32>> {
    let n = norm(v);
    (n.is_finite() && n > 0.0).then(|| v.iter().map(|x| x / n).collect())
}

fn norm(v: &[f32]) -> f32 {
    dot(v, v).sqrt()
}

/// Dot product in eight lanes, which the compiler vectorises.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ca.zip(cb) {
        for i in 0..8 {
            lanes[i] += x[i] * y[i];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// Adds a unit embedding to a profile's meaning (starting it, or starting it over when the
/// meaning it held came from another encoder).
fn add_meaning(p: &mut Profile, unit: &[f32], model: &str) {
    p.absorb_meaning(&Meaning {
        model: model.to_owned(),
        sum: unit.to_vec(),
        count: 1,
    });
}

impl ThemeIndex {
    /// Where a post belongs by what it means, given its sentence embedding from encoder
    /// `model`: the theme whose meaning is nearest, else the nearest recent lone post, when
    /// either is at least as similar as the configured bar; else nowhere.
    pub fn decide_meaning(&self, embedding: &[f32], model: &str) -> Decision {
        let min = self.config.meaning_similarity;
        if self.meanings.model != model || min >= 1.0 {
            return Decision::Alone;
        }
        let Some(mean) = self
            .meanings
            .mean(embedding.len(), self.config.meaning_warmup)
        else {
            return Decision::Alone;
        };
        let Some(e) = unit(embedding).and_then(|u| centered(&u, 1.0, &mean)) else {
            return Decision::Alone;
        };
        let (mean_e, mean_sq) = (dot(&mean, &e), dot(&mean, &mean));
        let mut best: Option<(i64, f32)> = None;
        for &theme in self.meanings.recent.keys() {
            let Some(m) = self.profile(theme).and_then(|p| p.meaning.as_ref()) else {
                continue;
            };
            if m.model != model || m.sum.len() != e.len() || m.count == 0 {
                continue;
            }
            let cos = centered_cos(&m.sum, m.count, &e, &mean, mean_e, mean_sq);
            if cos >= min && best.is_none_or(|b| (cos, -theme) > (b.1, -b.0)) {
                best = Some((theme, cos));
            }
        }
        if let Some((theme, score)) = best {
            return Decision::Join {
                theme,
                score: score.min(1.0),
            };
        }
        let mut partner: Option<(i64, f32)> = None;
        for (&mention, v) in &self.meanings.by_mention {
            if v.len() != e.len() {
                continue;
            }
            let cos = centered_cos(v, 1, &e, &mean, mean_e, mean_sq);
            if cos >= min && partner.is_none_or(|b| (cos, -mention) > (b.1, -b.0)) {
                partner = Some((mention, cos));
            }
        }
        match partner {
            Some((mention, score)) => Decision::Pair {
                mention,
                score: score.min(1.0),
            },
            None => Decision::Alone,
        }
    }

    /// Adds the embedding of a member the accurate tier has just read to theme `theme`'s
    /// meaning; returns the profile to persist, or `None` if the theme is not held.
    pub fn add_meaning(&mut self, theme: i64, embedding: &[f32], model: &str) -> Option<&Profile> {
        let e = unit(embedding)?;
        let slot = *self.by_member.get(&theme)?;
        self.meanings.switch(model);
        self.meanings.observe(&e, 1);
        self.meanings.touch(theme, self.config.meaning_themes);
        let c = self.slots.get_mut(slot as usize)?.as_mut()?;
        add_meaning(&mut c.profile, &e, model);
        Some(&c.profile)
    }

    /// Puts lone post `mention` (its `doc` and embedding) in theme `theme`, as
    /// [`ThemeIndex::decide_meaning`] advised; returns the theme's profile to persist.
    pub fn join_by_meaning(
        &mut self,
        theme: i64,
        mention: i64,
        doc: &Doc,
        embedding: &[f32],
        model: &str,
    ) -> Option<&Profile> {
        self.by_member.get(&theme)?;
        self.remove_pending(mention);
        self.join(theme, doc)?;
        self.add_meaning(theme, embedding, model)
    }

    /// Makes theme `theme` (an id the caller's database just gave it) of lone post `partner`
    /// and post `mention` (its `doc` and embedding), as [`ThemeIndex::decide_meaning`]
    /// advised; returns the new theme's profile to persist.
    pub fn pair_by_meaning(
        &mut self,
        partner: i64,
        theme: i64,
        mention: i64,
        doc: &Doc,
        embedding: &[f32],
        model: &str,
    ) -> Option<&Profile> {
        let partner_meaning = self.meanings.remove(partner)?;
        // The partner was counted into the mean when it was held; `add_meaning` below
        // counts this post.
        self.remove_pending(mention);
        if self.by_pending.contains_key(&partner) {
            // The partner's words are still held: the theme starts from them.
            self.pair(partner, theme, doc)?;
        } else {
            let profile = Profile::of_docs(std::slice::from_ref(doc), self.config.max_terms)?;
            self.load_theme(theme, profile);
        }
        let slot = *self.by_member.get(&theme)?;
        let c = self.slots.get_mut(slot as usize)?.as_mut()?;
        add_meaning(&mut c.profile, &partner_meaning, model);
        self.add_meaning(theme, embedding, model)
    }

    /// Remembers the embedding of lone post `mention` so that a later post meaning the same
    /// can pair with it (the oldest are forgotten beyond the configured number).
    pub fn hold_meaning(&mut self, mention: i64, embedding: &[f32], model: &str) {
        let Some(e) = unit(embedding) else { return };
        // Another encoder: what the pool held cannot be compared with what comes now.
        self.meanings.switch(model);
        self.meanings.observe(&e, 1);
        if self.meanings.by_mention.insert(mention, e).is_none() {
            self.meanings.order.push_back(mention);
        }
        while self.meanings.by_mention.len() > self.config.max_meaning_pending {
            let Some(old) = self.meanings.order.pop_front() else {
                break;
            };
            self.meanings.by_mention.remove(&old);
        }
        if self.meanings.order.len() > 2 * self.config.max_meaning_pending.max(16) {
            let held = &self.meanings.by_mention;
            self.meanings.order.retain(|m| held.contains_key(m));
        }
    }

    /// Counts the meanings of the themes held into the running mean, after a restart
    /// rebuilt the index from stored profiles (lone posts' embeddings are not stored): the
    /// encoder with the most embeddings among them is taken to be the one in use.
    pub fn seed_meaning_mean(&mut self) {
        let (slots, by_member) = (&self.slots, &self.by_member);
        let meanings = || {
            by_member
                .values()
                .filter_map(|&slot| slots.get(slot as usize)?.as_ref()?.profile.meaning.as_ref())
        };
        let mut by_model: Vec<(&str, u64)> = Vec::new();
        for m in meanings() {
            match by_model.iter_mut().find(|(name, _)| *name == m.model) {
                Some(e) => e.1 += u64::from(m.count),
                None => by_model.push((m.model.as_str(), u64::from(m.count))),
            }
        }
        let Some(model) = by_model
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map(|(m, _)| (*m).to_owned())
        else {
            return;
        };
        self.meanings.switch(&model);
        for m in meanings().filter(|m| m.model == model) {
            self.meanings.observe(&m.sum, u64::from(m.count));
        }
    }

    /// Takes over the pool of lone posts and the running mean of `old` (the index this one
    /// replaces after a reload), keeping only posts that are still lone here.
    pub fn adopt_meanings(&mut self, old: &mut ThemeIndex) {
        let mut pool = std::mem::take(&mut old.meanings);
        if pool.model.is_empty() {
            return;
        }
        pool.by_mention
            .retain(|m, _| self.by_pending.contains_key(m));
        pool.order.retain(|m| pool.by_mention.contains_key(m));
        pool.recent = std::mem::take(&mut self.meanings.recent);
        pool.recent.retain(|t, _| self.by_member.contains_key(t));
        pool.clock = pool.clock.max(self.meanings.clock);
        self.meanings = pool;
    }

    /// Lone posts whose embeddings are held.
    pub fn meanings_held(&self) -> usize {
        self.meanings.by_mention.len()
    }

    /// Pairs of themes whose meanings converged — cosine similarity of at least `min` — as
    /// `(from, into, similarity)`, the smaller theme first, most similar first, each theme in
    /// at most one pair (like [`ThemeIndex::converged`], by meaning instead of words).
    pub fn converged_meaning(&self, min: f32) -> Vec<(i64, i64, f32)> {
        if self.config.meaning_similarity >= 1.0 {
            return Vec::new();
        }
        let model = self.meanings.model.as_str();
        let Some(mean) = self
            .meanings
            .mean(self.meanings.seen_sum.len(), self.config.meaning_warmup)
        else {
            return Vec::new();
        };
        let themes: Vec<(i64, u32, Vec<f32>)> = self
            .meanings
            .recent
            .keys()
            .filter_map(|&theme| {
                let slot = *self.by_member.get(&theme)?;
                let c = self.slots.get(slot as usize)?.as_ref()?;
                let m = c.profile.meaning.as_ref()?;
                if m.model != model || m.sum.len() != mean.len() || m.count == 0 {
                    return None;
                }
                let t = centered(&m.sum, 1.0 / m.count as f32, &mean)?;
                Some((theme, c.profile.count, t))
            })
            .collect();
        let mut pairs: Vec<(i64, i64, f32)> = Vec::new();
        for (i, a) in themes.iter().enumerate() {
            for b in &themes[i + 1..] {
                let cos = dot(&a.2, &b.2);
                if cos >= min {
                    let (from, into) = if (a.1, a.0) < (b.1, b.0) {
                        (a.0, b.0)
                    } else {
                        (b.0, a.0)
                    };
                    pairs.push((from, into, cos));
                }
            }
        }
        disjoint(pairs)
    }

    /// The themes to merge, as the hub merges them: those whose words converged
    /// ([`ThemeIndex::converged`]), then among the rest those whose meanings did, at the
    /// configured similarities.
    pub fn to_merge(&self) -> Vec<(i64, i64, f32)> {
        let mut pairs = self.converged(self.config.merge_similarity);
        for p in self.converged_meaning(self.config.meaning_merge_similarity) {
            let taken = |t: i64| pairs.iter().any(|q| q.0 == t || q.1 == t);
            if !taken(p.0) && !taken(p.1) {
                pairs.push(p);
            }
        }
        pairs
    }
}
