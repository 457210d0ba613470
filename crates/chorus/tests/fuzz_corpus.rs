//! Replays every input of the fuzz corpora (`fuzz/corpus/<target>/`) through the same function
//! its fuzz target runs, so what the fuzzer found keeps being checked on stable Rust in CI.
//! Running the fuzzers themselves needs nightly and cargo-fuzz; see `fuzz/README.md`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "tests"
)]

use std::path::Path;

/// A fuzz target's body.
type Target = fn(&[u8]);

fn replay(target: &str, run: Target) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target);
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = e.unwrap().path();
        if path.is_file() {
            let data = std::fs::read(&path).unwrap();
            // A panic names the input that caused it.
            let r = std::panic::catch_unwind(|| run(&data));
            assert!(r.is_ok(), "{target}: {} fails", path.display());
            n += 1;
        }
    }
    assert!(n > 0, "{target}: empty corpus");
    n
}

#[test]
fn every_corpus_replays() {
    use chorus_listen::fuzzing as f;
    let targets: [(&str, Target); 8] = [
        ("feed", f::feed),
        ("email", f::email),
        ("webhook", f::webhook),
        ("import", f::import),
        ("mastodon", f::mastodon),
        ("bluesky", f::bluesky),
        ("query", f::query),
        ("markdown", chorus_markdown::fuzz),
    ];
    for (name, run) in targets {
        replay(name, run);
    }
}
