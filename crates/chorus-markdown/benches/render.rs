//! Render time of the worst bodies the limits allow (`hostile_samples`), against the 50 ms
//! budget, next to an ordinary post of the same run as the baseline.

#![allow(missing_docs, clippy::unwrap_used, reason = "benchmark")]

use criterion::{Criterion, criterion_group, criterion_main};

fn render(c: &mut Criterion) {
    let mut g = c.benchmark_group("render");
    g.sample_size(10);
    let ordinary = "# Sync stuck\n\nSince **3.2** my files do not sync. I tried:\n\n- restarting\n- \
                    re-installing\n\n> It says `error 42`.\n\nAny idea? [logs](https://example.com)\n"
        .repeat(50);
    g.bench_function("ordinary_5kb", |b| {
        b.iter(|| chorus_markdown::render(&ordinary))
    });
    for (i, (md, allowed)) in chorus_markdown::hostile_samples().into_iter().enumerate() {
        let name = format!(
            "{}{i}_{}kb",
            if allowed { "allowed" } else { "refused" },
            md.len() / 1000
        );
        g.bench_function(name, |b| b.iter(|| chorus_markdown::render(&md)));
    }
    g.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
