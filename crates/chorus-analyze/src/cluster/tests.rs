//! Tests of clustering: paraphrase groups, labels, profile encoding and theme merging (the
//! bounded-memory and stemming tests sit next to the internals they inspect).

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
fn converged_themes_merge_and_distinct_ones_do_not() {
    let a = Analyzer::embedded().unwrap();
    let mut idx = ThemeIndex::new(ClusterConfig::default());
    // Two themes for one cause that started on different words, and one other cause.
    let login_a = Profile::of_docs(&[doc(&a, GROUPS[0][0]), doc(&a, GROUPS[0][1])], 24).unwrap();
    let login_b = Profile::of_docs(&[doc(&a, GROUPS[0][2]), doc(&a, GROUPS[0][4])], 24).unwrap();
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

/// A unit-ish vector in 8 dimensions pointing mostly along `axis`.
fn along(axis: usize, tilt: f32) -> Vec<f32> {
    let mut v = vec![tilt; 8];
    v[axis] = 1.0;
    v
}

/// Clustering that trusts the mean of embeddings from the first one seen.
fn eager(max_meaning_pending: usize) -> ThemeIndex {
    ThemeIndex::new(ClusterConfig {
        meaning_warmup: 0,
        max_meaning_pending,
        ..ClusterConfig::default()
    })
}

#[test]
fn a_post_in_other_words_joins_the_theme_it_means() {
    let a = Analyzer::embedded().unwrap();
    let mut idx = eager(64);
    let first = doc(
        &a,
        "my suitcase never arrived at the airport, lost luggage again",
    );
    let second = doc(&a, "lost luggage again, my suitcase did not arrive");
    idx.add_pending(1, &first);
    let Decision::Pair { mention: 1, .. } = idx.decide(&second) else {
        panic!("the words should pair these");
    };
    idx.pair(1, 10, &second).unwrap();
    idx.add_meaning(10, &along(0, 0.05), "enc").unwrap();
    idx.add_meaning(10, &along(0, 0.1), "enc").unwrap();
    // Lone posts about other things give the mean something to stand against.
    for axis in 1..8 {
        idx.hold_meaning(100 + axis as i64, &along(axis, 0.0), "enc");
    }
    // Other words, same meaning: the words leave it alone, the meaning joins theme 10.
    let other = doc(
        &a,
        "the airline sent my bag to Denver and nobody can tell me where it is",
    );
    assert_eq!(idx.decide(&other), Decision::Alone);
    idx.add_pending(3, &other);
    let Decision::Join { theme: 10, score } = idx.decide_meaning(&along(0, 0.08), "enc") else {
        panic!("the meaning should join theme 10");
    };
    assert!(score > 0.9, "{score}");
    // Another encoder's embedding is never compared with this one's.
    assert_eq!(
        idx.decide_meaning(&along(0, 0.08), "other"),
        Decision::Alone
    );
    // Another meaning pairs with the lone post that means it, not with the theme.
    let Decision::Pair { mention: 104, .. } = idx.decide_meaning(&along(4, 0.02), "enc") else {
        panic!("should pair with the lone post along the same axis");
    };
    let p = idx
        .join_by_meaning(10, 3, &other, &along(0, 0.08), "enc")
        .unwrap();
    assert_eq!(p.count, 3);
    let meaning = p.meaning.as_ref().unwrap();
    assert_eq!((meaning.model.as_str(), meaning.count), ("enc", 3));
    assert!(!idx.is_pending(3), "a member is no longer a lone post");
}

#[test]
fn nothing_is_placed_by_meaning_before_the_mean_is_trusted() {
    let mut idx = ThemeIndex::new(ClusterConfig {
        meaning_warmup: 10,
        ..ClusterConfig::default()
    });
    for m in 0..9 {
        idx.hold_meaning(m, &along((m % 8) as usize, 0.0), "enc");
    }
    assert_eq!(idx.decide_meaning(&along(1, 0.01), "enc"), Decision::Alone);
    idx.hold_meaning(9, &along(3, 0.0), "enc");
    assert!(matches!(
        idx.decide_meaning(&along(1, 0.01), "enc"),
        Decision::Pair { mention: 1, .. }
    ));
}

#[test]
fn lone_posts_pair_by_meaning_and_the_pool_is_bounded() {
    let a = Analyzer::embedded().unwrap();
    let mut idx = eager(4);
    let d1 = doc(&a, "checkout keeps rejecting my card");
    let d2 = doc(&a, "payment declined at the till, third time today");
    for axis in 5..8 {
        idx.hold_meaning(50 + axis as i64, &along(axis, 0.0), "enc");
    }
    idx.add_pending(1, &d1);
    idx.hold_meaning(1, &along(2, 0.1), "enc");
    assert_eq!(idx.meanings_held(), 4);
    let Decision::Pair { mention: 1, .. } = idx.decide_meaning(&along(2, 0.12), "enc") else {
        panic!("the meanings should pair");
    };
    let p = idx
        .pair_by_meaning(1, 20, 2, &d2, &along(2, 0.12), "enc")
        .unwrap();
    assert_eq!(p.count, 2, "both posts' words are in the theme");
    assert_eq!(p.meaning.as_ref().unwrap().count, 2);
    assert_eq!(idx.meanings_held(), 3);
    assert!(!idx.is_pending(1) && !idx.is_pending(2));
    // A held post that the words pair later leaves the pool and brings its meaning.
    idx.add_pending(5, &d1);
    idx.hold_meaning(5, &along(6, 0.0), "enc");
    idx.pair(5, 21, &d2).unwrap();
    assert_eq!(idx.meanings_held(), 3);
    assert!(idx.profile(21).unwrap().meaning.is_some());
    // Bounded: the oldest are forgotten.
    for m in 100..110 {
        idx.hold_meaning(m, &along((m % 8) as usize, 0.0), "enc");
    }
    assert_eq!(idx.meanings_held(), 4);
    // A zero vector means nothing.
    assert_eq!(idx.decide_meaning(&[0.0; 8], "enc"), Decision::Alone);
}

#[test]
fn meanings_round_trip_and_older_profiles_still_decode() {
    let a = Analyzer::embedded().unwrap();
    let mut p =
        Profile::of_docs(&[doc(&a, "refund still not processed after two weeks")], 24).unwrap();
    let plain = p.to_bytes();
    p.meaning = Some(Meaning {
        model: "all-minilm-l6-v2".into(),
        sum: vec![0.5, -1.25, 3.0],
        count: 3,
    });
    let bytes = p.to_bytes();
    assert_eq!(Profile::from_bytes(&bytes).unwrap(), p);
    assert_eq!(Profile::from_bytes(&plain).unwrap().meaning, None);
    // A damaged or unknown meaning is dropped; the words are kept.
    let cut = Profile::from_bytes(&bytes[..bytes.len() - 2]).unwrap();
    assert_eq!((cut.meaning, cut.terms), (None, p.terms.clone()));
    let mut unknown = plain.clone();
    unknown.push(7);
    assert_eq!(Profile::from_bytes(&unknown).unwrap().meaning, None);
}

#[test]
fn themes_whose_meanings_converge_merge() {
    let a = Analyzer::embedded().unwrap();
    let mut idx = eager(64);
    for (id, text, axis) in [
        (1, "flight cancelled and no rebooking offered", 1),
        (2, "they scrapped my flight last minute", 1),
        (3, "the app will not let me sign in", 5),
    ] {
        let mut p = Profile::of_docs(&[doc(&a, text)], 24).unwrap();
        p.meaning = Some(Meaning {
            model: "enc".into(),
            sum: along(axis, 0.05),
            count: 1,
        });
        idx.load_theme(id, p);
    }
    assert!(idx.converged_meaning(0.85).is_empty(), "no mean yet");
    idx.seed_meaning_mean();
    let pairs = idx.converged_meaning(0.85);
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    assert_eq!(
        (pairs[0].0.min(pairs[0].1), pairs[0].0.max(pairs[0].1)),
        (1, 2)
    );
    let merged = idx.merge(pairs[0].0, pairs[0].1).unwrap();
    assert_eq!(merged.count, 2);
    let meaning = merged.meaning.as_ref().unwrap();
    assert_eq!(meaning.count, 2);
    assert!(
        (meaning.sum[1] - 2.0).abs() < 1e-6,
        "meanings add up: {meaning:?}"
    );
}

#[test]
fn a_reload_keeps_the_lone_posts_meanings_and_a_bar_of_one_turns_meaning_off() {
    let a = Analyzer::embedded().unwrap();
    let d = doc(&a, "the lift at the station has been broken for a week");
    let mut old = eager(64);
    for m in 1..=3 {
        old.add_pending(m, &d);
        old.hold_meaning(m, &along(m as usize, 0.0), "enc");
    }
    // The reloaded index holds posts 1 and 2 as lone (3 found a theme meanwhile).
    let mut new = eager(64);
    new.add_pending(1, &d);
    new.add_pending(2, &d);
    new.adopt_meanings(&mut old);
    assert_eq!(new.meanings_held(), 2);
    assert!(matches!(
        new.decide_meaning(&along(2, 0.01), "enc"),
        Decision::Pair { mention: 2, .. }
    ));
    let off = ThemeIndex::new(ClusterConfig {
        meaning_similarity: 1.0,
        ..ClusterConfig::default()
    });
    assert_eq!(off.decide_meaning(&along(2, 0.01), "enc"), Decision::Alone);
}
