//! The accurate tier behind ingestion: stored signals are upgraded moments after a mention
//! arrives.
//!
//! The encoder reads tens of texts per second per core where ingestion takes tens of
//! thousands, so it cannot sit in the ingestion path. Instead the pipeline stores the fast
//! tier's signals at once and marks the mentions the accurate tier should read (the fast tier
//! is unsure, or the mention may open a case, be held or join a theme) as `pending`. This
//! worker reads them in batches, newest first — under a burst the newest are the ones triage
//! is still waiting for — and hands the new signals to the pipeline's writer, which replaces
//! them together with the counters they were counted in (one writer, so counters and themes
//! never race). Triage waits for a pending mention at most `understand.max_delay_secs`, then
//! decides on the fast tier's signals; a mention still pending after `give_up_minutes` keeps
//! them for good. What a theme was built from at ingestion stays: an upgrade corrects the
//! theme's negative count, and may give a mention the words left alone a theme by what it
//! means (see `pipeline::meaning`), but never moves one out of its theme.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chorus_encoder::cascade::Gate;
use chorus_encoder::{Cascade, Encoder, Tier};
use tokio::sync::watch;

use super::pipeline::{UpgradeTier, Upgraded};
use crate::config::Config;
use crate::{Hub, Result, ServiceError};

/// Where `scripts/setup` installs the default encoder, relative to the working directory.
pub const DEFAULT_ENCODER_DIR: &str = "models/all-minilm-l6-v2";

/// The encoder directory the configuration names (or the default one).
pub fn encoder_dir(config: &Config) -> PathBuf {
    let dir = config.understand.encoder_dir.trim();
    if dir.is_empty() {
        PathBuf::from(DEFAULT_ENCODER_DIR)
    } else {
        PathBuf::from(dir)
    }
}

/// Loads the cascade with its accurate tier, or `None` (with the reason logged) when the
/// accurate tier is off, its model is not installed or this binary has no trained heads.
pub(crate) fn load(config: &Config, analyzer: &chorus_analyze::Analyzer) -> Option<Cascade> {
    if !config.understand.accurate {
        return None;
    }
    let dir = encoder_dir(config);
    if !dir.join("model.safetensors").is_file() {
        tracing::warn!(
            dir = %dir.display(),
            "accurate tier off: no encoder installed there (run scripts/setup); the fast tier decides all signals"
        );
        return None;
    }
    let heads = match chorus_encoder::embedded_heads() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            tracing::error!(error = %e, "accurate tier off: the embedded heads do not load");
            return None;
        }
        None => {
            tracing::warn!("accurate tier off: this binary has no trained heads");
            return None;
        }
    };
    let loaded = Encoder::load(&dir, chorus_encoder::DEFAULT_MAX_TOKENS)
        .inspect(|e| {
            // The heads were trained over the tuned layers: over another base they still run,
            // but not at the accuracy the README reports.
            if chorus_encoder::embedded_delta().is_some() && !e.tuned() {
                tracing::warn!(
                    dir = %dir.display(),
                    "the encoder there is not the base the built-in fine-tuned layers were tuned from; running it untuned"
                );
            }
        })
        .and_then(|e| {
            let tuned = e.tuned();
            let cascade = Cascade::new(analyzer.clone(), Some((e, heads)), Gate::default())?;
            if !(tuned && config.understand.themes_by_meaning) {
                return Ok(cascade);
            }
            // The base weights without the tuned layers say what a text is about; without
            // them the accurate tier still runs and themes go by words.
            match Encoder::load_with_delta(&dir, chorus_encoder::DEFAULT_MAX_TOKENS, None) {
                Ok(base) => Ok(cascade.with_meaning(base)),
                Err(e) => {
                    tracing::warn!(error = %e, "themes by meaning off: the base encoder does not load");
                    Ok(cascade)
                }
            }
        })
        .and_then(|c| c.with_threads(config.understand.threads));
    match loaded {
        Ok(c) => {
            tracing::info!(dir = %dir.display(), meaning = ?c.meaning_name(), "accurate tier on");
            Some(c)
        }
        Err(e) => {
            tracing::error!(dir = %dir.display(), error = %e, "accurate tier off: the encoder does not load");
            None
        }
    }
}

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpgradeReport {
    /// Mentions whose signals the accurate tier replaced.
    pub upgraded: usize,
    /// Of those, how many changed sentiment, intent or abuse.
    pub changed: usize,
    /// Mentions that waited too long and keep the fast tier's signals.
    pub settled: u64,
}

/// One pass: settles what waited too long, then upgrades one batch of the newest waiting
/// mentions. `chorus serve` calls it in a loop; tests call it directly.
pub async fn tick(hub: &Hub) -> Result<UpgradeReport> {
    let cfg = &hub.config().understand;
    let mut report = UpgradeReport::default();
    let cascade = hub.accurate().await;
    // Without the accurate tier nothing will ever upgrade what is waiting (a model removed
    // since, or the tier switched off): settle it all at once.
    let horizon = match cascade {
        Some(_) => {
            let minutes = i64::try_from(cfg.give_up_minutes).unwrap_or(i64::MAX);
            hub.now().plus(-minutes.saturating_mul(60_000))
        }
        None => hub.now().plus(1),
    };
    report.settled = hub.store().settle_pending_signals(horizon).await?;
    let Some(cascade) = cascade else {
        return Ok(report);
    };
    let limit = i64::try_from(cfg.batch).unwrap_or(32);
    let pending = hub.store().pending_signals(limit).await?;
    if pending.is_empty() {
        return Ok(report);
    }
    let texts: Vec<String> = pending.iter().map(|p| p.text.clone()).collect();
    let c = cascade.clone();
    let by_meaning = cfg.themes_by_meaning;
    // The encoder is pure CPU for tens of milliseconds: keep it off the async workers.
    let decided = tokio::task::spawn_blocking(move || {
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        if by_meaning {
            c.analyze_with_meaning(&refs, Tier::Accurate)
        } else {
            c.analyze(&refs, Tier::Accurate)
        }
    })
    .await
    .map_err(|e| ServiceError::Internal(format!("accurate tier: {e}")))?
    .map_err(|e| ServiceError::Internal(format!("accurate tier: {e}")))?;
    let analyzer = hub.analyzer();
    let mut scratch = chorus_analyze::Scratch::new();
    let upgrades: Vec<Upgraded> = pending
        .iter()
        .zip(decided)
        .map(|(p, d)| {
            // Themes by meaning need the words too: the label and term profile of a theme
            // the mention may start or join.
            let doc = (d.embedding.is_some() && d.signals.themable()).then(|| {
                analyzer.probabilities(&p.text, &mut scratch);
                analyzer.doc_from(&scratch, &d.signals)
            });
            Upgraded {
                id: p.id,
                tier: match d.tier {
                    Tier::Accurate => UpgradeTier::Accurate,
                    _ => UpgradeTier::Fast,
                },
                model: d.model,
                embedding: d.embedding,
                doc,
                signals: d.signals,
            }
        })
        .collect();
    let applied = hub.pipeline().await?.upgrade(upgrades).await?;
    report.upgraded = applied.upgraded;
    report.changed = applied.changed;
    let now = hub.now().0;
    for p in &pending {
        metrics::histogram!("chorus_accurate_lag_seconds")
            .record((now - p.ingested_at).max(0) as f64 / 1000.0);
    }
    metrics::counter!("chorus_accurate_upgraded_total").increment(report.upgraded as u64);
    metrics::counter!("chorus_accurate_changed_total").increment(report.changed as u64);
    Ok(report)
}

/// The lease that lets one instance at a time run the accurate tier: several would read the
/// same newest mentions and all but one would have worked for nothing.
const LEASE: &str = "understand-worker";
const LEASE_MS: i64 = 30 * chorus_core::Timestamp::SECOND;

/// Runs [`tick`] until `shutdown` turns true, on the one instance holding the lease: at once
/// while there is work, every half second when idle.
pub async fn run(hub: Hub, mut shutdown: watch::Receiver<bool>) {
    if hub.accurate().await.is_none() {
        // Still settle anything left waiting from a run that had the model.
        if let Err(e) = tick(&hub).await {
            tracing::warn!(error = %e, "settling pending signals failed");
        }
        return;
    }
    let owner = match crate::secrets::new_secret("understand_") {
        Ok(o) => o,
        Err(e) => {
            tracing::error!(error = %e, "accurate tier worker cannot name itself");
            return;
        }
    };
    loop {
        let held = hub
            .store()
            .acquire_lease(LEASE, &owner, hub.now(), LEASE_MS)
            .await;
        let busy = match held {
            Ok(true) => match tick(&hub).await {
                Ok(r) => r.upgraded > 0,
                Err(e) => {
                    tracing::warn!(error = %e, "accurate tier pass failed; retrying");
                    false
                }
            },
            Ok(false) => false,
            Err(e) => {
                tracing::warn!(error = %e, "accurate tier lease");
                false
            }
        };
        if *shutdown.borrow() {
            break;
        }
        if !busy {
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_millis(500)) => {}
                _ = shutdown.changed() => break,
            }
        }
    }
    let _ = hub.store().release_lease(LEASE, &owner).await;
}

/// The cascade, shared.
pub(crate) type Shared = Option<Arc<Cascade>>;
