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

/// A fresh directory holding a tiny model, and the SHA-256 (hex) of its weights.
fn tiny_model_dir(name: &str) -> (std::path::PathBuf, String) {
    use sha2::Digest;
    let dir = std::env::temp_dir().join(format!("chorus-encoder-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    chorus_encoder::tiny::write_model(&dir).unwrap();
    let sha = sha2::Sha256::digest(std::fs::read(dir.join("model.safetensors")).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    (dir, sha)
}

/// Fine-tuned layers as `scripts/train-encoder` writes them: f16 tensors named as in the base,
/// with the base's SHA-256 in the metadata.
fn delta(tensors: &[(&str, candle_core::Tensor)], base_sha256: &str) -> Vec<u8> {
    let half: Vec<(&str, candle_core::Tensor)> = tensors
        .iter()
        .map(|(n, t)| (*n, t.to_dtype(candle_core::DType::F16).unwrap()))
        .collect();
    let meta =
        std::collections::HashMap::from([("base_sha256".to_owned(), base_sha256.to_owned())]);
    safetensors::serialize(half.iter().map(|(n, t)| (*n, t)), Some(meta)).unwrap()
}

#[test]
fn fine_tuned_layers_replace_the_base_weights_they_were_tuned_from_only() {
    let (dir, sha) = tiny_model_dir("delta");
    let texts = ["my bag was lost again", "love it, thanks!"];
    let base = Encoder::load_with_delta(&dir, 32, None).unwrap();
    assert!(!base.tuned());
    let before = base.embed(&texts).unwrap();

    // Tune one weight of the top layer: twice the base's, rounded to f16 as the file holds it.
    let name = "encoder.layer.1.output.dense.weight";
    let weights =
        candle_core::safetensors::load(dir.join("model.safetensors"), &candle_core::Device::Cpu)
            .unwrap();
    let tuned_weight = (weights[name].clone() * 2.0).unwrap();
    let bytes = delta(&[(name, tuned_weight.clone())], &sha);

    let tuned = Encoder::load_with_delta(&dir, 32, Some(&bytes)).unwrap();
    assert!(tuned.tuned());
    assert_ne!(
        tuned.identity(),
        base.identity(),
        "caches of embeddings must tell them apart"
    );
    let after = tuned.embed(&texts).unwrap();
    assert_ne!(before, after);

    // The same as a model whose file holds the tuned weight itself.
    let (expected_dir, _) = tiny_model_dir("delta-expected");
    let mut all = weights.clone();
    let rounded = tuned_weight
        .to_dtype(candle_core::DType::F16)
        .unwrap()
        .to_dtype(candle_core::DType::F32)
        .unwrap();
    all.insert(name.to_owned(), rounded);
    candle_core::safetensors::save(&all, expected_dir.join("model.safetensors")).unwrap();
    let expected = Encoder::load_with_delta(&expected_dir, 32, None)
        .unwrap()
        .embed(&texts)
        .unwrap();
    assert_eq!(after, expected);

    // Layers tuned from other weights are not laid over these.
    let other = delta(&[(name, tuned_weight.clone())], &"0".repeat(64));
    let skipped = Encoder::load_with_delta(&dir, 32, Some(&other)).unwrap();
    assert!(!skipped.tuned());
    assert_eq!(skipped.embed(&texts).unwrap(), before);

    // A tuned tensor the base lacks (or of another shape) is an error, not ignored.
    let stray = delta(
        &[("encoder.layer.9.output.dense.weight", tuned_weight)],
        &sha,
    );
    assert!(Encoder::load_with_delta(&dir, 32, Some(&stray)).is_err());
    let bad: &[u8] = b"not a safetensors file";
    assert!(Encoder::load_with_delta(&dir, 32, Some(bad)).is_err());

    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&expected_dir);
}
