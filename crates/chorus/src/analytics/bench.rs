//! `chorus bench analyze`: throughput of the signal pass of a tier over a file of texts.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use chorus_analyze::Scratch;
use chorus_encoder::Tier;

use super::{BATCH, load_cascade, read_lines};
use crate::cli::TierArgs;

/// `chorus bench analyze`: the signal pass of `--tier` over a file of texts, repeated for at
/// least `seconds`. The fast tier runs one text at a time on one thread; the accurate tier and
/// the cascade run in batches of [`BATCH`] (pin the process to one core with `taskset -c 0`
/// for a per-core figure: the encoder's matrix products use every core they are given).
pub fn bench_analyze(
    file: Option<PathBuf>,
    data: &Path,
    seconds: f64,
    args: &TierArgs,
) -> Result<()> {
    let path = file.unwrap_or_else(|| data.join("tweeteval/sentiment/val_text.txt"));
    let texts =
        read_lines(&path).with_context(|| "pass --file with one text per line".to_owned())?;
    if texts.is_empty() {
        bail!("{} has no texts", path.display());
    }
    let load = Instant::now();
    let (cascade, tier) = load_cascade(args, false)?;
    let load_ms = load.elapsed().as_secs_f64() * 1000.0;
    let analyzer = cascade.analyzer();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut scratch = Scratch::new();
    let mut accurate = 0u64;
    let mut pass = |accurate: &mut u64| -> Result<()> {
        if tier == Tier::Fast {
            for t in &texts {
                std::hint::black_box(analyzer.analyze_with(t, &mut scratch));
            }
        } else {
            for chunk in refs.chunks(BATCH) {
                let d = cascade.analyze(chunk, tier)?;
                *accurate += d.iter().filter(|d| d.tier == Tier::Accurate).count() as u64;
                std::hint::black_box(d);
            }
        }
        Ok(())
    };
    // Warm up caches once, then measure.
    pass(&mut accurate)?;
    accurate = 0;
    let started = Instant::now();
    let mut done = 0u64;
    while started.elapsed().as_secs_f64() < seconds {
        pass(&mut accurate)?;
        done += texts.len() as u64;
    }
    let secs = started.elapsed().as_secs_f64();
    let chars: usize = texts.iter().map(|t| t.chars().count()).sum();
    println!(
        "file {} texts={} mean_chars={:.0}",
        path.display(),
        texts.len(),
        chars as f64 / texts.len() as f64
    );
    println!(
        "model load_ms={load_ms:.2} table_bytes={} accurate_tier={} encoder={} kernels={}",
        analyzer.model().to_bytes().len(),
        cascade.has_accurate(),
        cascade.encoder_name().unwrap_or("none"),
        cascade.kernels().unwrap_or("none")
    );
    println!("analyzed {done} texts in {secs:.2} s");
    println!(
        "analyze texts_per_sec={:.0} tier={} accurate_share={:.3}",
        done as f64 / secs,
        tier.as_str(),
        accurate as f64 / done.max(1) as f64
    );
    Ok(())
}
