//! Criterion benchmarks of each signal and of the full pass, on tweet-length texts.
//! Run with `cargo bench -p chorus-analyze`; `chorus bench analyze` measures the full pass on
//! a file of real texts.

#![allow(missing_docs, clippy::unwrap_used, reason = "benchmark harness")]

use std::hint::black_box;

use chorus_analyze::{Analyzer, Scratch, facts, features, fingerprint, lang, rules, text};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const TEXTS: &[&str] = &[
    "@AcmeHelp your update broke my login, fix it!!! third day without access #fail",
    "Loving the new dark mode on the mobile app, great job team 😍",
    "How do I export all my files at once? Can't find it in settings",
    "It would be great if you could add selective sync for subfolders on android",
    "Watching the game tonight with friends, can't wait! http://t.co/abc",
    "thanks for nothing @acme, still no refund after 3 weeks. worst service ever",
    "Meine Bestellung ist nie angekommen und der Support antwortet nicht",
    "The app crashes every time I open a photo on Android 15, please help",
];

fn bench(c: &mut Criterion) {
    let analyzer = Analyzer::embedded().unwrap();
    let bits = analyzer.model().bits();
    let mut g = c.benchmark_group("signals");
    g.throughput(Throughput::Elements(TEXTS.len() as u64));
    let mut s = Scratch::new();
    g.bench_function("tokenize", |b| {
        b.iter(|| {
            for t in TEXTS {
                text::tokenize(black_box(t), &mut s);
            }
        })
    });
    g.bench_function("features+classifier", |b| {
        b.iter(|| {
            for t in TEXTS {
                text::tokenize(t, &mut s);
                features::extract(&mut s, bits);
                black_box(analyzer.model().scores(&s.word_features, &s.char_features));
            }
        })
    });
    g.bench_function("fingerprint", |b| {
        b.iter(|| {
            for t in TEXTS {
                text::tokenize(t, &mut s);
                black_box(fingerprint::fingerprint(&s));
            }
        })
    });
    g.bench_function("language", |b| {
        b.iter(|| {
            for t in TEXTS {
                text::tokenize(t, &mut s);
                let f = facts::gather(&mut s);
                black_box(lang::detect(&s, &f));
            }
        })
    });
    g.bench_function("intent+service+key_phrases", |b| {
        b.iter(|| {
            for t in TEXTS {
                text::tokenize(t, &mut s);
                let f = facts::gather(&mut s);
                let service = rules::service_related(&f);
                black_box(rules::intent(&s, &f, -0.5, service));
                black_box(rules::key_phrases(&s, |_| 1.0, 3));
            }
        })
    });
    g.bench_function("full_pass", |b| {
        b.iter(|| {
            for t in TEXTS {
                black_box(analyzer.analyze_with(t, &mut s));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
