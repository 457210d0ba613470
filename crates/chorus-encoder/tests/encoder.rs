//! The encoder on a tiny randomly initialised BERT with a real WordPiece tokenizer: what must
//! hold whatever the weights (shapes, normalisation, padding that changes nothing, bounds),
//! and the cascade's routing. The real model's quality is measured by `chorus eval`.

#![allow(clippy::unwrap_used, missing_docs, reason = "tests fail by panicking")]

use chorus_analyze::Analyzer;
use chorus_encoder::cascade::Gate;
use chorus_encoder::heads::{self, Examples, Heads, TrainOptions};
use chorus_encoder::{Cascade, Encoder, Tier};

fn tiny_encoder(max_tokens: usize) -> Encoder {
    chorus_encoder::tiny::encoder(max_tokens).unwrap()
}

fn row(v: &[f32], dim: usize, i: usize) -> &[f32] {
    &v[i * dim..(i + 1) * dim]
}

#[test]
fn embeddings_are_unit_length_and_independent_of_their_batch() {
    let e = tiny_encoder(24);
    let dim = e.dim();
    assert_eq!(dim, 16);
    let short = "my bag was lost";
    let long = "the app crashes again, the app crashes again, thanks service great love it !";
    let alone = e.embed(&[short]).unwrap();
    let together = e.embed(&[long, short, ""]).unwrap();
    assert_eq!(together.len(), 3 * dim);
    for i in 0..3 {
        let norm: f32 = row(&together, dim, i)
            .iter()
            .map(|x| x * x)
            .sum::<f32>()
            .sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "row {i}: norm {norm}");
    }
    // Padding the short text to the long one's length must not change what it means.
    for (a, b) in row(&alone, dim, 0).iter().zip(row(&together, dim, 1)) {
        assert!((a - b).abs() < 1e-4, "{a} vs {b}");
    }
    // Different texts, different embeddings.
    let diff: f32 = row(&together, dim, 0)
        .iter()
        .zip(row(&together, dim, 1))
        .map(|(a, b)| (a - b).abs())
        .sum();
    assert!(diff > 1e-3);
    assert!(e.embed(&[]).unwrap().is_empty());
}

#[test]
fn long_and_unknown_input_is_cut_not_refused() {
    let e = tiny_encoder(8);
    let flood = "lost ".repeat(10_000);
    let odd = "ẞ🙂\u{0}\u{202e} zzzz qqqq";
    let v = e.embed(&[&flood, odd]).unwrap();
    assert_eq!(v.len(), 2 * e.dim());
    assert!(v.iter().all(|x| x.is_finite()));
    // Past the limit, more of the same text changes nothing.
    let again = e.embed(&[&"lost ".repeat(20)]).unwrap();
    for (a, b) in row(&v, e.dim(), 0).iter().zip(&again) {
        assert!((a - b).abs() < 1e-4);
    }
}

#[test]
fn the_cascade_routes_unsure_texts_to_the_encoder() {
    let e = tiny_encoder(24);
    let dim = e.dim();
    // Heads that read only the embedding, trained on two made-up classes so they exist.
    let mut h = Heads::untrained(heads::input_width(dim, false));
    let texts = ["my bag was lost", "love it great service"];
    let emb = e.embed(&texts).unwrap();
    let mut ex = Examples::default();
    for (i, label) in [0u32, 1].iter().enumerate() {
        ex.inputs.extend_from_slice(row(&emb, dim, i));
        ex.labels.push(*label);
    }
    let quick = TrainOptions {
        hidden: 4,
        epochs: 2,
        batch: 2,
        ..TrainOptions::default()
    };
    for task in heads::TASKS {
        heads::train(&mut h, task, &ex, &ex, None, quick, |_, _| 0.0).unwrap();
    }
    let analyzer = Analyzer::embedded().unwrap();
    let everyone = Gate {
        sentiment: 1.1,
        toxicity: (0.0, 1.0),
    };
    let nobody = Gate {
        sentiment: 0.0,
        toxicity: (1.0, 0.0),
    };
    let all = Cascade::new(
        analyzer.clone(),
        Some((tiny_encoder(24), h.clone())),
        everyone,
    )
    .unwrap();
    let none = Cascade::new(analyzer.clone(), Some((e, h.clone())), nobody).unwrap();
    let input = [
        "my bag was lost again",
        "Mi maleta se perdió otra vez en Madrid, qué desastre",
    ];
    let d = all.analyze(&input, Tier::Cascade).unwrap();
    assert_eq!(d[0].tier, Tier::Accurate);
    assert_eq!(d[0].model, "encoder");
    // Spanish: the heads were trained on English only, so the fast tier keeps it and says
    // that no trained model speaks for it.
    assert_eq!(d[1].signals.language.code, "es");
    assert_eq!(d[1].tier, Tier::Fast);
    assert_eq!(d[1].model, "none");
    assert!(
        none.analyze(&input, Tier::Cascade)
            .unwrap()
            .iter()
            .all(|d| d.tier == Tier::Fast)
    );
    assert_eq!(
        none.analyze(&input, Tier::Accurate).unwrap()[0].tier,
        Tier::Accurate
    );
    assert!(
        all.analyze(&input, Tier::Fast)
            .unwrap()
            .iter()
            .all(|d| d.tier == Tier::Fast)
    );
    // Heads of another width are refused up front.
    let wrong = Heads::untrained(dim + 1);
    assert!(Cascade::new(analyzer, Some((tiny_encoder(24), wrong)), Gate::default()).is_err());
}
