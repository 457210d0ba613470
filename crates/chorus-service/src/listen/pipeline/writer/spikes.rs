//! Spike detection in the writer: every batch feeds its new counts to the detectors (overall,
//! and per theme that moved), and an upgrade feeds what themes gained by meaning. Both store
//! each spike once and save the detectors' state in the transaction they ride in, so the
//! detectors never run ahead of what is stored.

use std::collections::BTreeMap;

use chorus_analyze::spike::SpikeConfig;
use chorus_bus::{Event, SpikeDetected};
use chorus_core::Timestamp;
use chorus_store::listening::{IngestTx, NewSpike};

use super::{ThemeAcc, Writer};
use crate::listen::pipeline::Analyzed;
use crate::{Result, ServiceError};

impl Writer {
    fn spike_config(&self, theme: bool) -> SpikeConfig {
        SpikeConfig {
            z: self.cfg.spike_z,
            min_count: if theme {
                self.cfg.spike_min_count
            } else {
                self.cfg.spike_min_total
            },
            warmup: if theme {
                6
            } else {
                self.cfg.spike_warmup_hours
            },
            // A theme that is busy from its first hour is an emerging issue.
            emerging: theme,
            cooldown: self.cfg.spike_cooldown_hours,
            utc_offset_ms: self.utc_offset_ms,
            ..SpikeConfig::default()
        }
    }

    /// Feeds the new counts to the spike detectors (overall, and per theme that moved), stores
    /// each spike once, and saves the detectors' state with the batch.
    pub(super) async fn detect_spikes(
        &mut self,
        tx: &mut IngestTx,
        items: &[Analyzed],
        inserted: &[(usize, i64)],
        themes: &BTreeMap<i64, ThemeAcc>,
        now: Timestamp,
        events: &mut Vec<Event>,
    ) -> Result<()> {
        let all_cfg = self.spike_config(false);
        let mut found = Found::new();
        let series = self.state.series.entry("all".to_owned()).or_default();
        for (i, _) in inserted {
            if let Some(s) = series.observe(items[*i].mention.created_at.0, 1, &all_cfg) {
                found.push(("all".to_owned(), None, s));
            }
        }
        self.record_spikes(tx, found, vec!["all".to_owned()], themes, now, events)
            .await
    }

    /// Feeds what themes gained at upgrade time (members joining by meaning) to their spike
    /// detectors: a cause told in new words rises like one told in the same words.
    pub(in crate::listen::pipeline) async fn detect_theme_spikes(
        &mut self,
        tx: &mut IngestTx,
        themes: &BTreeMap<i64, ThemeAcc>,
        now: Timestamp,
        events: &mut Vec<Event>,
    ) -> Result<()> {
        if themes.is_empty() {
            return Ok(());
        }
        self.record_spikes(tx, Found::new(), Vec::new(), themes, now, events)
            .await
    }

    /// Adds each theme's new hourly counts to its detector, then stores the spikes `found`
    /// and those (once each, with an event) and saves the state of every series touched.
    async fn record_spikes(
        &mut self,
        tx: &mut IngestTx,
        mut found: Found,
        mut touched: Vec<String>,
        themes: &BTreeMap<i64, ThemeAcc>,
        now: Timestamp,
        events: &mut Vec<Event>,
    ) -> Result<()> {
        let live_after = now.0 - 2 * Timestamp::HOUR;
        let theme_cfg = self.spike_config(true);
        for (theme, acc) in themes {
            let key = format!("theme:{theme}");
            let series = self.state.series.entry(key.clone()).or_default();
            for (h, (n, _, _)) in &acc.hours {
                if let Some(s) = series.observe(*h, u64::try_from(*n).unwrap_or(0), &theme_cfg) {
                    found.push((key.clone(), Some(*theme), s));
                }
            }
            touched.push(key);
        }
        for (series, theme_id, s) in found {
            let live = s.bucket >= live_after;
            let spike = NewSpike {
                series: &series,
                theme_id,
                bucket: s.bucket,
                count: i64::try_from(s.count).unwrap_or(i64::MAX),
                expected: s.expected,
                z: if s.z.is_finite() { s.z } else { 0.0 },
                live,
            };
            if let Some(id) = tx.insert_spike(&spike, now).await? {
                events.push(Event::SpikeDetected(SpikeDetected {
                    id,
                    series: series.clone(),
                    theme_id,
                    bucket: s.bucket,
                    count: s.count,
                    expected: s.expected,
                    z: spike.z,
                    live,
                }));
            }
        }
        for key in touched {
            if let Some(state) = self.state.series.get(&key) {
                let json = serde_json::to_string(state)
                    .map_err(|e| ServiceError::Internal(format!("encode series: {e}")))?;
                tx.save_series(&key, &json, now).await?;
            }
        }
        Ok(())
    }
}

/// Spikes found in a batch: the series, its theme, and the spike.
type Found = Vec<(String, Option<i64>, chorus_analyze::spike::Spike)>;
