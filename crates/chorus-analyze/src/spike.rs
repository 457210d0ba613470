//! Spike detection on counts per time bucket: an exponentially weighted moving mean and
//! variance (EWMA), and a z-score with a minimum count.
//!
//! A series (all mentions, one theme, one channel) counts events per bucket. When a bucket
//! closes, its count updates the EWMA; while a bucket is open, its count so far is compared with
//! what the EWMA expects. So a surge is flagged as soon as it passes the bar, not an hour
//! later, and at most once per bucket. Buckets with no events count as zeros, so a quiet series
//! keeps a low expectation.
//!
//! Time is the events' own time (posting time): replaying an import reproduces the spikes it
//! contains. Events older than the open bucket still count in reports but do not move the
//! detector; their bucket is gone.

use serde::{Deserialize, Serialize};

/// Tuning of the detector.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpikeConfig {
    /// Bucket length in milliseconds.
    pub bucket_ms: i64,
    /// Weight of the newest bucket in the moving averages (0 to 1).
    pub alpha: f64,
    /// How many standard deviations above the mean is a spike.
    pub z: f64,
    /// Fewest events in a bucket for a spike (a jump from 0 to 3 is not news).
    pub min_count: u64,
    /// Closed buckets needed before the series' own history is trusted. Before that, reaching
    /// `min_count` alone is a spike when `emerging` is set (a new theme that is immediately
    /// busy is news), and nothing is otherwise.
    pub warmup: u32,
    /// Whether a series still warming up may spike on `min_count` alone.
    pub emerging: bool,
}

impl Default for SpikeConfig {
    fn default() -> Self {
        SpikeConfig {
            bucket_ms: 60 * 60 * 1000,
            alpha: 0.2,
            z: 3.0,
            min_count: 10,
            warmup: 6,
            emerging: false,
        }
    }
}

/// The detector's memory of one series (persisted between batches and restarts).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct SeriesState {
    /// Start of the open bucket (ms), 0 before the first event.
    pub bucket: i64,
    /// Events in the open bucket so far.
    pub count: u64,
    /// Moving mean of closed buckets.
    pub mean: f64,
    /// Moving variance of closed buckets.
    pub var: f64,
    /// Closed buckets seen.
    pub seen: u32,
    /// The bucket that last produced a spike (so a bucket spikes once).
    pub spiked: Option<i64>,
}

/// A detected spike.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spike {
    /// Start of the bucket (ms).
    pub bucket: i64,
    /// Events in the bucket when the spike was flagged.
    pub count: u64,
    /// What the history expected.
    pub expected: f64,
    /// Standard deviations above the expectation.
    pub z: f64,
}

/// Most empty buckets replayed one by one after a gap; beyond that the history has decayed to
/// nothing anyway and the state restarts.
const MAX_GAP: i64 = 24 * 14;

impl SeriesState {
    /// Counts `n` events at time `at` (ms); returns a spike if this pushes the open bucket
    /// over the bar for the first time.
    pub fn observe(&mut self, at: i64, n: u64, cfg: &SpikeConfig) -> Option<Spike> {
        let bucket_ms = cfg.bucket_ms.max(1);
        let bucket = at.div_euclid(bucket_ms) * bucket_ms;
        if self.bucket == 0 && self.seen == 0 && self.count == 0 {
            self.bucket = bucket;
        }
        if bucket < self.bucket {
            return None;
        }
        if bucket > self.bucket {
            let gap = (bucket - self.bucket) / bucket_ms;
            self.close(cfg);
            if gap - 1 > MAX_GAP {
                self.mean = 0.0;
                self.var = 0.0;
            } else {
                for _ in 1..gap {
                    self.close(cfg);
                }
            }
            self.bucket = bucket;
        }
        self.count += n;
        if self.spiked == Some(self.bucket) || self.count < cfg.min_count {
            return None;
        }
        let warming = self.seen < cfg.warmup;
        let sd = self.var.sqrt().max(self.mean.sqrt()).max(1.0);
        let z = (self.count as f64 - self.mean) / sd;
        // A series still warming up may spike on its first bucket alone (a new theme that is
        // busy at once), but once it has a history only a rise counts: a bucket reaching
        // `min_count` below its series' mean is a drop, and a drop never alerts.
        let spike = if warming && self.seen == 0 {
            cfg.emerging
        } else if warming {
            cfg.emerging && z >= cfg.z
        } else {
            z >= cfg.z
        };
        if spike {
            self.spiked = Some(self.bucket);
            Some(Spike {
                bucket: self.bucket,
                count: self.count,
                expected: self.mean,
                z,
            })
        } else {
            None
        }
    }

    /// Closes the open bucket: its count enters the averages.
    fn close(&mut self, cfg: &SpikeConfig) {
        let x = self.count as f64;
        if self.seen == 0 {
            self.mean = x;
            self.var = 0.0;
        } else {
            let diff = x - self.mean;
            let incr = cfg.alpha * diff;
            self.mean += incr;
            self.var = (1.0 - cfg.alpha) * (self.var + diff * incr);
        }
        self.seen = self.seen.saturating_add(1);
        self.count = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3_600_000;

    fn cfg() -> SpikeConfig {
        SpikeConfig {
            min_count: 10,
            warmup: 6,
            ..SpikeConfig::default()
        }
    }

    #[test]
    fn steady_traffic_never_spikes_and_a_surge_does_once() {
        let c = cfg();
        let mut s = SeriesState::default();
        let base = 1_000 * H;
        // Two days of 8 to 12 per hour.
        for h in 0..48 {
            let n = 8 + (h % 5) as u64;
            for _ in 0..n {
                assert!(
                    s.observe(base + h * H + 60_000, 1, &c).is_none(),
                    "hour {h}"
                );
            }
        }
        // Then 60 in one hour: flagged once, as soon as the bar is passed.
        let mut spikes = Vec::new();
        for i in 0..60 {
            if let Some(sp) = s.observe(base + 48 * H + i * 1_000, 1, &c) {
                spikes.push((i, sp));
            }
        }
        assert_eq!(spikes.len(), 1, "{spikes:?}");
        let (at, sp) = spikes[0];
        assert!(at < 30, "flagged after {at} events");
        assert!(sp.expected > 8.0 && sp.expected < 12.0, "{sp:?}");
        assert!(sp.z >= 3.0);
        assert_eq!(sp.bucket, base + 48 * H);
    }

    #[test]
    fn minimum_count_and_warmup() {
        let c = cfg();
        let mut s = SeriesState::default();
        // A new series busy from the start: not a spike without the emerging policy...
        for i in 0..30 {
            assert!(s.observe(i * 1000, 1, &c).is_none());
        }
        // ...and is one with it, once min_count is reached.
        let e = SpikeConfig {
            emerging: true,
            ..c
        };
        let mut s = SeriesState::default();
        let flagged: Vec<_> = (0..30).filter_map(|i| s.observe(i * 1000, 1, &e)).collect();
        assert_eq!(flagged.len(), 1);
        assert_eq!(flagged[0].count, 10);
        // A quiet series jumping from 0 to 5 stays below min_count.
        let mut s = SeriesState::default();
        for h in 0..24 {
            s.observe(h * H, 0, &c);
        }
        for _ in 0..5 {
            assert!(s.observe(24 * H, 1, &c).is_none());
        }
    }

    #[test]
    fn a_drop_never_alerts() {
        // A series emerging busy (50 an hour), then falling to 12: above min_count, far
        // below the mean, warming up or not.
        let e = SpikeConfig {
            emerging: true,
            ..cfg()
        };
        let mut s = SeriesState::default();
        assert!(s.observe(0, 50, &e).is_some(), "a new busy series is news");
        for h in 1..12 {
            assert!(s.observe(h * H, 12, &e).is_none(), "hour {h}: {s:?}");
        }
        let mut s = SeriesState::default();
        for h in 0..10 {
            s.observe(h * H, 50, &cfg());
        }
        for i in 0..12 {
            assert!(s.observe(10 * H + i, 1, &cfg()).is_none());
        }
    }

    #[test]
    fn gaps_count_as_zeros_and_late_events_are_ignored() {
        let c = cfg();
        let mut s = SeriesState::default();
        for h in 0..10 {
            s.observe(h * H, 20, &c);
        }
        let before = s.mean;
        s.observe(20 * H, 1, &c);
        assert!(s.mean < before / 2.0, "{} → {}", before, s.mean);
        assert!(
            s.observe(3 * H, 100, &c).is_none(),
            "a late event cannot spike"
        );
        assert_eq!(s.bucket, 20 * H);
        // A gap of months restarts the history.
        s.observe(20 * H + 365 * 24 * H, 1, &c);
        assert_eq!(s.mean, 0.0);
    }
}
