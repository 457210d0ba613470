//! Tests of the themes evaluation: the synthetic incidents it scores and the scores of each
//! tier, kept apart so the evaluation itself reads on its own.

use super::*;
use chorus_analyze::Analyzer;
use chorus_encoder::cascade::Gate;

#[test]
fn synthetic_data_is_deterministic_and_mostly_complaints() {
    let a = synthetic(500, 7);
    let b = synthetic(500, 7);
    assert_eq!(
        a.iter().map(|p| &p.text).collect::<Vec<_>>(),
        b.iter().map(|p| &p.text).collect::<Vec<_>>()
    );
    let complaints = a.iter().filter(|p| p.cause.is_some()).count();
    assert!((350..=450).contains(&complaints), "{complaints}");
}

#[test]
fn themes_on_synthetic_incidents_are_measured() {
    let cascade = Cascade::new(Analyzer::embedded().unwrap(), None, Gate::default()).unwrap();
    let s = score(
        &cascade,
        Tier::Cascade,
        ClusterConfig::default(),
        &synthetic(600, 11),
    )
    .unwrap();
    assert!(s.themes > 0);
    assert!(s.coverage > 0.0 && s.coverage <= 1.0);
    assert!(s.purity > 0.0 && s.purity <= 1.0);
    assert!(s.nmi > 0.0 && s.nmi <= 1.0);
}

#[test]
fn the_accurate_tier_places_by_meaning_what_the_words_left_alone() {
    use chorus_encoder::tiny;
    let posts = synthetic(300, 5);
    let analyzer = || Analyzer::embedded().unwrap();
    let words = Cascade::new(analyzer(), None, Gate::default()).unwrap();
    let by_words = score(&words, Tier::Fast, ClusterConfig::default(), &posts).unwrap();
    let tiny = Cascade::new(
        analyzer(),
        Some((tiny::encoder(64).unwrap(), tiny::constant_heads(0).unwrap())),
        Gate::default(),
    )
    .unwrap();
    // The tiny encoder's meanings are noise; with no bar at all, nearly every post the
    // words left alone finds a theme or partner by meaning once the mean is trusted.
    let config = ClusterConfig {
        meaning_warmup: 10,
        meaning_similarity: 0.0,
        ..ClusterConfig::default()
    };
    let a = score(&tiny, Tier::Accurate, config, &posts).unwrap();
    let b = score(&tiny, Tier::Accurate, config, &posts).unwrap();
    // Deterministic (NMI sums a hash map, so its last bits may differ).
    assert!((a.nmi - b.nmi).abs() < 1e-9);
    assert_eq!(
        ThemeScores {
            nmi: 0.0,
            ..a.clone()
        },
        ThemeScores { nmi: 0.0, ..b }
    );
    assert!(
        a.coverage > by_words.coverage,
        "{} vs {}",
        a.coverage,
        by_words.coverage
    );
    assert_eq!(a.complaints, by_words.complaints);
}
