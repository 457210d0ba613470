//! `chorus eval themes`: how well themes name root causes, measured on complaints whose cause
//! is known.
//!
//! Themes are judged on the complaints, as a support lead would judge them: how many
//! complaints land in a theme at all (coverage), how many of a theme's complaints share its
//! majority cause (purity), and how much knowing the theme tells about the cause (normalised
//! mutual information, with every unthemed complaint counted as one group, so leaving
//! complaints out is not rewarded). The clustering runs exactly as ingestion runs it: the same
//! analyzer, the same "is this themable" rule, the same incremental index, in arrival order.
//!
//! Without a file the data is a synthetic week of incidents with known causes
//! ([`synthetic`]): ten causes from several kinds of business, each written in many ways
//! (different words for the same thing, typos, handles, hashtags), mixed with praise, chatter
//! and causeless anger. It is generated, not fitted: the templates were written before any
//! tuning and never looked at through the clustering's eyes.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};
use chorus_analyze::cluster::{ClusterConfig, Decision, ThemeIndex};
use chorus_analyze::metrics::normalized_mutual_information;
use chorus_analyze::text::Scratch;
use chorus_core::rng::SplitMix64;
use chorus_encoder::cascade::Decided;
use chorus_encoder::{Cascade, Tier};

use crate::analytics::load_cascade;
use crate::cli::TierArgs;
use serde::Deserialize;

/// One labelled line: a text and its cause (empty or null: no cause — praise, chatter).
#[derive(Debug, Clone, Deserialize)]
pub struct Labelled {
    /// The post.
    pub text: String,
    /// Its root cause, if it is a complaint.
    #[serde(default)]
    pub cause: Option<String>,
}

/// What the evaluation measured.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeScores {
    /// Posts read.
    pub posts: usize,
    /// Complaints (posts with a cause).
    pub complaints: usize,
    /// Themes formed.
    pub themes: usize,
    /// Share of complaints in a theme.
    pub coverage: f64,
    /// Share of themed complaints whose theme's majority cause is theirs.
    pub purity: f64,
    /// NMI between theme (unthemed as one group) and cause, over complaints.
    pub nmi: f64,
    /// Median words in the labels of themes with at least five complaints.
    pub median_label_words: usize,
    /// The largest themes: label, size, majority cause and its share.
    pub top: Vec<(String, usize, String, f64)>,
}

/// Clusters `posts` in order and scores the themes against their causes.
pub fn score(
    cascade: &Cascade,
    tier: Tier,
    config: ClusterConfig,
    posts: &[Labelled],
) -> Result<ThemeScores> {
    let analyzer = cascade.analyzer();
    let upgraded = accurate_reads(cascade, tier, posts)?;
    let mut index = ThemeIndex::new(config);
    let mut scratch = Scratch::new();
    // The theme of each post, by position.
    let mut theme_of: Vec<Option<i64>> = vec![None; posts.len()];
    let mut next_theme = 1_i64;
    for (i, p) in posts.iter().enumerate() {
        let (signals, doc) = analyzer.analyze_for_themes(&p.text, &mut scratch);
        let id = i as i64;
        // 1. Ingestion places the post by its words.
        if signals.themable() {
            match index.decide(&doc) {
                Decision::Join { theme, .. } => {
                    if index.join(theme, &doc).is_some() {
                        theme_of[i] = Some(theme);
                    }
                }
                Decision::Pair { mention, .. } => {
                    let theme = next_theme;
                    next_theme += 1;
                    if index.pair(mention, theme, &doc).is_some() {
                        theme_of[i] = Some(theme);
                        set(&mut theme_of, mention, theme);
                    }
                }
                Decision::Alone => index.add_pending(id, &doc),
            }
        }
        // 2. The accurate tier reads it (in the hub moments later) and places it by meaning
        //    when the words did not.
        if let Some(d) = &upgraded[i]
            && let Some(meant) = &d.embedding
        {
            let (e, model) = (meant.vector.as_slice(), meant.model.as_str());
            match theme_of[i] {
                Some(theme) => {
                    index.add_meaning(theme, e, model);
                }
                None if d.signals.themable() => {
                    analyzer.probabilities(&p.text, &mut scratch);
                    let doc = analyzer.doc_from(&scratch, &d.signals);
                    match index.decide_meaning(e, model) {
                        Decision::Join { theme, .. } => {
                            if index.join_by_meaning(theme, id, &doc, e, model).is_some() {
                                theme_of[i] = Some(theme);
                            }
                        }
                        Decision::Pair { mention, .. } => {
                            let theme = next_theme;
                            next_theme += 1;
                            if index
                                .pair_by_meaning(mention, theme, id, &doc, e, model)
                                .is_some()
                            {
                                theme_of[i] = Some(theme);
                                set(&mut theme_of, mention, theme);
                            }
                        }
                        Decision::Alone => {
                            if !index.is_pending(id) {
                                index.add_pending(id, &doc);
                            }
                            index.hold_meaning(id, e, model);
                        }
                    }
                }
                None => {}
            }
        }
        // Ingestion merges converged themes every few minutes; here every 100 posts.
        if i % 100 == 99 {
            merge_converged(&mut index, &mut theme_of);
        }
    }
    merge_converged(&mut index, &mut theme_of);
    // Complaints only, from here on.
    let mut by_theme: HashMap<i64, HashMap<&str, usize>> = HashMap::new();
    let mut joint: HashMap<(Option<i64>, &str), usize> = HashMap::new();
    let mut complaints = 0;
    let mut themed = 0;
    for (p, t) in posts.iter().zip(&theme_of) {
        let Some(cause) = p.cause.as_deref().filter(|c| !c.is_empty()) else {
            continue;
        };
        complaints += 1;
        *joint.entry((*t, cause)).or_default() += 1;
        if let Some(t) = t {
            themed += 1;
            *by_theme.entry(*t).or_default().entry(cause).or_default() += 1;
        }
    }
    let majority: usize = by_theme
        .values()
        .map(|c| c.values().max().copied().unwrap_or(0))
        .sum();
    let mut label_words: Vec<usize> = Vec::new();
    let mut top: Vec<(String, usize, String, f64)> = Vec::new();
    for (t, causes) in &by_theme {
        let size: usize = causes.values().sum();
        let label = index.profile(*t).map(|p| p.label()).unwrap_or_default();
        if size >= 5 {
            label_words.push(label.split_whitespace().filter(|w| *w != "·").count());
        }
        let (cause, n) = causes
            .iter()
            .max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c)))
            .map(|(c, n)| ((*c).to_owned(), *n))
            .unwrap_or_default();
        top.push((label, size, cause, n as f64 / size.max(1) as f64));
    }
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    top.truncate(12);
    label_words.sort_unstable();
    let median_label_words = chorus_service::reports::quantile(&label_words, 0.5).unwrap_or(0);
    Ok(ThemeScores {
        posts: posts.len(),
        complaints,
        themes: index.themes(),
        coverage: ratio(themed, complaints),
        purity: ratio(majority, themed),
        nmi: normalized_mutual_information(&joint),
        median_label_words,
        top,
    })
}

/// What the accurate tier says of each post it would read in the hub (the pipeline's rule
/// with `--tier cascade`, every post with `--tier accurate`, none with `--tier fast`), read
/// in batches.
fn accurate_reads(
    cascade: &Cascade,
    tier: Tier,
    posts: &[Labelled],
) -> Result<Vec<Option<Decided>>> {
    let mut out = vec![None; posts.len()];
    if tier == Tier::Fast || !cascade.has_accurate() {
        return Ok(out);
    }
    let analyzer = cascade.analyzer();
    let mut scratch = Scratch::new();
    let wanted: Vec<usize> = (0..posts.len())
        .filter(|&i| {
            let probs = analyzer.probabilities(&posts[i].text, &mut scratch);
            let signals = analyzer.decide(&mut scratch, probs);
            tier == Tier::Accurate || cascade.wants_accurate(&probs, &signals)
        })
        .collect();
    for chunk in wanted.chunks(64) {
        let texts: Vec<&str> = chunk.iter().map(|&i| posts[i].text.as_str()).collect();
        for (&i, d) in chunk
            .iter()
            .zip(cascade.analyze_with_meaning(&texts, Tier::Accurate)?)
        {
            out[i] = Some(d);
        }
    }
    Ok(out)
}

/// Records that the post at position `mention` is in `theme`.
fn set(theme_of: &mut [Option<i64>], mention: i64, theme: i64) {
    if let Some(slot) = usize::try_from(mention)
        .ok()
        .and_then(|m| theme_of.get_mut(m))
    {
        *slot = Some(theme);
    }
}

/// Merges converged themes as the hub does: by words, then by meaning among the rest.
fn merge_converged(index: &mut ThemeIndex, theme_of: &mut [Option<i64>]) {
    for (from, into, _) in index.to_merge() {
        if index.merge(from, into).is_some() {
            for t in theme_of.iter_mut().filter(|t| **t == Some(from)) {
                *t = Some(into);
            }
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Causes: (name, ways to say it). `{x}` slots take a detail from the cause's details.
const CAUSES: &[(&str, &[&str], &[&str])] = &[
    (
        "login after update",
        &[
            "can't log in since the {x} update",
            "login keeps failing after updating to {x}",
            "after the {x} update I cannot sign in anymore",
            "sign in broken since {x}, it just says invalid session",
            "updated to {x} and now I'm locked out of my account",
            "the new version {x} logs me out every time and won't let me back in",
            "cannot login after latest update ({x})",
        ],
        &["3.2", "v3.2", "3.2.0", "latest", "yesterday's"],
    ),
    (
        "card declined at checkout",
        &[
            "checkout rejects my {x} every time",
            "payment fails at checkout with my {x}",
            "can't pay, the checkout page says my {x} was declined",
            "tried three times to pay with {x}, checkout just errors",
            "your payment page won't take my {x}",
            "order stuck at payment, {x} declined but the bank says it's fine",
        ],
        &[
            "visa",
            "mastercard",
            "card",
            "credit card",
            "amex",
            "debit card",
        ],
    ),
    (
        "parcel not delivered",
        &[
            "my parcel never arrived, tracking says delivered {x}",
            "still waiting for my package, ordered {x}",
            "where is my order? placed it {x} and nothing",
            "tracking hasn't moved since {x}, where is my delivery",
            "courier says delivered {x} but no package here",
            "order {x} still not shipped, this is ridiculous",
        ],
        &[
            "last week",
            "two weeks ago",
            "on monday",
            "10 days ago",
            "#4411",
        ],
    ),
    (
        "charged twice",
        &[
            "I was charged twice for {x}",
            "double charge on my card for {x}, need a refund",
            "you billed me two times for {x}",
            "two identical charges for {x} on my statement, please refund one",
            "charged 2x for {x} and support won't refund",
        ],
        &[
            "my subscription",
            "one order",
            "the annual plan",
            "this month",
            "a single ticket",
        ],
    ),
    (
        "app crashes on photos",
        &[
            "the app crashes every time I open a photo on {x}",
            "app crashing when opening pictures, {x}",
            "opening any image closes the app immediately ({x})",
            "photos make the app crash on my {x}",
            "gallery view crashes instantly on {x}",
        ],
        &["android", "android 15", "my pixel", "samsung", "iphone"],
    ),
    (
        "flight cancelled",
        &[
            "my flight {x} got cancelled and no rebooking offered",
            "cancelled flight {x}, now stuck at the airport",
            "you canceled {x} last minute, what now",
            "flight {x} cancelled flightled again, need to get home",
            "why was {x} cancelled? no email, no explanation",
        ],
        &[
            "to denver",
            "UA 1123",
            "this morning",
            "tonight",
            "from boston",
        ],
    ),
    (
        "lost luggage",
        &[
            "lost my bag on {x}",
            "my luggage never showed up after {x}",
            "baggage missing since {x}, nobody answers",
            "you lost my suitcase {x}",
            "where are my bags? landed {x}",
        ],
        &[
            "yesterday's flight",
            "the connection",
            "monday",
            "two days ago",
            "flight 88",
        ],
    ),
    (
        "on hold for hours",
        &[
            "been on hold for {x}",
            "waited {x} on the phone and got disconnected",
            "your hotline kept me on hold {x}",
            "no one picks up the phone, {x} on hold",
            "called customer service, {x} waiting and still no agent",
        ],
        &["2 hours", "an hour", "three hours", "45 minutes", "90 mins"],
    ),
    (
        "password reset email",
        &[
            "password reset email never arrives {x}",
            "not getting the reset link, {x}",
            "forgot password mail doesn't come through {x}",
            "reset password email missing, checked spam {x}",
        ],
        &["", "tried 5 times", "since yesterday", "on gmail"],
    ),
    (
        "sync stopped",
        &[
            "files stopped syncing {x}",
            "sync is stuck at 99% {x}",
            "my folders won't sync anymore {x}",
            "desktop client not syncing {x}",
            "changes don't sync between devices {x}",
        ],
        &[
            "since this morning",
            "again",
            "on mac",
            "after reboot",
            "for days",
        ],
    ),
];

const OPENERS: &[&str] = &["@acme ", "@acmehelp ", "", "hey @acme ", "", "ugh "];
const CLOSERS: &[&str] = &[
    "",
    "",
    " please fix",
    " #fail",
    "!!",
    " ...",
    " not happy",
    " help",
];
const NOISE: &[&str] = &[
    "love the new dark mode, great job @acme",
    "thanks @acme, the agent sorted it out in minutes",
    "watching the game tonight with friends",
    "@acme you are the worst company ever",
    "never again, terrible",
    "anyone know a good pizza place downtown?",
    "great flight today, friendly crew!",
    "what a beautiful morning",
    "@acme thanks for the quick reply",
    "honestly so disappointed with @acme lately",
];

/// One of `xs` (every list here is non-empty).
fn pick<'a>(rng: &mut SplitMix64, xs: &[&'a str]) -> &'a str {
    rng.pick(xs).copied().unwrap_or("")
}

/// A synthetic stream of `n` posts with known causes (about four in five complaints),
/// deterministic for a seed.
pub fn synthetic(n: usize, seed: u64) -> Vec<Labelled> {
    let mut rng = SplitMix64::new(seed);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        if rng.next_u64().is_multiple_of(5) {
            out.push(Labelled {
                text: pick(&mut rng, NOISE).to_owned(),
                cause: None,
            });
            continue;
        }
        // Incidents are uneven: some causes are far more common than others.
        let r = rng.next_u64() % 100;
        let c = match r {
            0..=24 => 0,
            25..=41 => 1,
            42..=54 => 2,
            55..=64 => 3,
            65..=72 => 4,
            73..=79 => 5,
            80..=86 => 6,
            87..=92 => 7,
            93..=96 => 8,
            _ => 9,
        };
        let (name, ways, details) = CAUSES[c];
        let body = pick(&mut rng, ways).replace("{x}", pick(&mut rng, details));
        let text = format!(
            "{}{}{}",
            pick(&mut rng, OPENERS),
            body.trim(),
            pick(&mut rng, CLOSERS)
        );
        out.push(Labelled {
            text,
            cause: Some(name.to_owned()),
        });
    }
    out
}

/// `chorus eval themes`: prints the scores; the last line is
/// `themes coverage=C purity=P nmi=N themes=T median_label_words=W`.
pub fn eval_themes(
    file: Option<&Path>,
    synthetic_posts: usize,
    seed: u64,
    meaning_similarity: f32,
    tier_args: &TierArgs,
) -> Result<()> {
    let posts = match file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let mut posts = Vec::new();
            for (i, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let p: Labelled = serde_json::from_str(line)
                    .with_context(|| format!("{}: line {}", path.display(), i + 1))?;
                posts.push(p);
            }
            posts
        }
        None => synthetic(synthetic_posts, seed),
    };
    let (cascade, tier) = load_cascade(tier_args, true)?;
    let config = ClusterConfig {
        meaning_similarity,
        ..ClusterConfig::default()
    };
    let s = score(&cascade, tier, config, &posts)?;
    if let Some(name) = cascade.meaning_name().filter(|_| tier != Tier::Fast) {
        println!(
            "themes by meaning: {name} embeddings, {} tier",
            tier.as_str()
        );
    }
    println!(
        "{} posts, {} complaints with a known cause",
        s.posts, s.complaints
    );
    println!("largest themes (label · complaints · majority cause · its share):");
    for (label, size, cause, share) in &s.top {
        println!("  {label:<40} {size:>5}  {cause} ({:.0} %)", share * 100.0);
    }
    println!(
        "themes coverage={:.4} purity={:.4} nmi={:.4} themes={} median_label_words={}",
        s.coverage, s.purity, s.nmi, s.themes, s.median_label_words
    );
    Ok(())
}

#[cfg(test)]
mod tests;
