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
