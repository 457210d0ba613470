//! `chorus reindex` and `chorus bench search`.

use std::time::Instant;

use anyhow::{Result, anyhow};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub(crate) fn bar(len: u64, unit: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(&format!(
        "{{spinner}} [{{elapsed_precise}}] {{wide_bar}} {{pos}}/{{len}} {unit} ({{per_sec}}, {{eta}} left)"
    )) {
        bar.set_style(style);
    }
    bar
}

/// Rebuilds the search index from the database.
pub async fn reindex(config: chorus_service::Config) -> Result<()> {
    let hub = chorus_service::Hub::open(config)
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let index = hub.search_index().await.map_err(|e| {
        anyhow!("{e}\n(stop `chorus serve` before rebuilding its embedded search index)")
    })?;
    let backend = index.name();
    let progress = bar(0, "documents");
    let started = Instant::now();
    let shown = progress.clone();
    let done = chorus_service::search::reindex(&hub, &move |done, total| {
        shown.set_length(total);
        shown.set_position(done);
    })
    .await
    .map_err(|e| anyhow!("{e}"))?;
    progress.finish_and_clear();
    println!(
        "reindexed documents={done} seconds={:.1} backend={backend}",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Benchmarks indexing, search and suggestions against raw tantivy on the same index.
pub async fn bench_search(
    config: &chorus_service::Config,
    docs: u64,
    queries: usize,
    threads: usize,
) -> Result<()> {
    let dir = config
        .hub
        .data_dir
        .join(format!("bench-search-{}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    let progress = bar(docs, "documents indexed");
    let shown = progress.clone();
    let result = chorus_search::bench::run(&dir, docs, queries.max(1), threads.max(1), &move |n| {
        shown.set_position(n);
    })
    .await;
    progress.finish_and_clear();
    let _ = std::fs::remove_dir_all(&dir);
    let r = result.map_err(|e| anyhow!("{e}"))?;
    println!("index docs={} docs_per_sec={:.0}", r.docs, r.docs_per_sec);
    for (name, ours, raw) in [
        ("search", r.search, r.raw_search),
        ("suggest", r.suggest, r.raw_suggest),
    ] {
        println!(
            "{name} p50_ms={:.3} p99_ms={:.3} raw_p50_ms={:.3} raw_p99_ms={:.3} overhead_p50={:.2} overhead_p99={:.2}",
            ours.0,
            ours.1,
            raw.0,
            raw.1,
            ours.0 / raw.0.max(1e-9),
            ours.1 / raw.1.max(1e-9)
        );
    }
    Ok(())
}
