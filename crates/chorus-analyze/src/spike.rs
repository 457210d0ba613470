//! Spike detection on counts per time bucket: an exponentially weighted moving mean and
//! variance (EWMA) of the seasonally adjusted counts, a seasonal profile by hour of day
//! (weekdays and weekends apart), and a z-score with a minimum count and a cool-down.
//!
//! Customer traffic has a daily rhythm: a morning is always busier than the night before it.
//! Against a plain moving average every morning would be a spike, so each hourly bucket is
//! compared with the level times its slot's factor (how busy that hour usually is, learnt from
//! the series itself). Only a rise above that counts; a drop never alerts, and after a spike
//! the series stays quiet for `cooldown` buckets so one surge raises one alert.
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
    /// Buckets after a spike in which the series cannot spike again.
    pub cooldown: u32,
    /// Local time minus UTC (ms), so "hour of day" is the audience's hour.
    pub utc_offset_ms: i64,
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
            cooldown: 3,
            utc_offset_ms: 0,
        }
    }
}

/// Seasonal slots: 24 hours of weekdays, then 24 of weekends.
const SLOTS: usize = 48;
const HOUR_MS: i64 = 3_600_000;
/// A slot's factor stays within this range of the level: a slot that is usually empty must
/// not make a handful of posts look like a surge, nor a busy one hide a real surge.
const FACTOR_RANGE: (f64, f64) = (0.2, 5.0);

/// The seasonal slot of an hourly bucket.
fn slot(bucket: i64, cfg: &SpikeConfig) -> usize {
    let local = bucket + cfg.utc_offset_ms;
    let hour = local.div_euclid(HOUR_MS).rem_euclid(24) as usize;
    // 1970-01-01 was a Thursday: day 0 is weekday 3 (Monday = 0).
    let weekday = (local.div_euclid(24 * HOUR_MS) + 3).rem_euclid(7);
    if weekday >= 5 { 24 + hour } else { hour }
}

/// The detector's memory of one series (persisted between batches and restarts).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
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
    /// The bucket that last produced a spike (so a bucket spikes once, and the cool-down
    /// runs from it).
    pub spiked: Option<i64>,
    /// How busy each seasonal slot usually is relative to the level (empty until the first
    /// hourly bucket closes; state saved before seasons existed loads without them).
    #[serde(default)]
    pub season: Vec<f32>,
    /// Closed buckets seen per seasonal slot.
    #[serde(default)]
    pub season_seen: Vec<u16>,
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
                // Each empty bucket closes in its own slot.
                for _ in 1..gap {
                    self.bucket += bucket_ms;
                    self.close(cfg);
                }
            }
            self.bucket = bucket;
        }
        self.count += n;
        let cooling = self
            .spiked
            .is_some_and(|b| self.bucket - b < i64::from(cfg.cooldown.max(1)) * bucket_ms);
        if cooling || self.count < cfg.min_count {
            return None;
        }
        let warming = self.seen < cfg.warmup;
        let factor = self.factor(self.bucket, cfg);
        let expected = self.mean * factor;
        let sd = (self.var.sqrt() * factor).max(expected.sqrt()).max(1.0);
        let z = (self.count as f64 - expected) / sd;
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
                expected,
                z,
            })
        } else {
            None
        }
    }

    /// How busy the slot of `bucket` usually is relative to the level (1 without a
    /// profile: buckets other than hours, or a slot not seen yet).
    fn factor(&self, bucket: i64, cfg: &SpikeConfig) -> f64 {
        if cfg.bucket_ms != HOUR_MS {
            return 1.0;
        }
        self.season
            .get(slot(bucket, cfg))
            .map_or(1.0, |f| f64::from(*f))
    }

    /// Learns the slot of the closing bucket: its count against the level, averaged over the
    /// slot's buckets so far (shrunk towards 1 at first), then a moving average.
    fn learn_season(&mut self, x: f64, cfg: &SpikeConfig) {
        if cfg.bucket_ms != HOUR_MS {
            return;
        }
        if self.season.len() != SLOTS {
            self.season = vec![1.0; SLOTS];
            self.season_seen = vec![0; SLOTS];
        }
        let i = slot(self.bucket, cfg);
        let ratio = (x + 1.0) / (self.mean + 1.0);
        let n = self.season_seen[i];
        let rate = (1.0 / (f64::from(n) + 2.0)).max(0.1);
        let f = f64::from(self.season[i]);
        let f = (f + rate * (ratio - f)).clamp(FACTOR_RANGE.0, FACTOR_RANGE.1);
        self.season[i] = f as f32;
        self.season_seen[i] = n.saturating_add(1);
    }

    /// Closes the open bucket: its count, adjusted for its slot, enters the averages.
    fn close(&mut self, cfg: &SpikeConfig) {
        let raw = self.count as f64;
        if self.seen > 0 {
            self.learn_season(raw, cfg);
        }
        let x = raw / self.factor(self.bucket, cfg);
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

    /// A day of traffic with a rhythm: quiet nights, a morning rush, busy days.
    fn daily(hour_of_day: i64) -> u64 {
        const DAY: [u64; 24] = [
            2, 1, 1, 1, 1, 2, 4, 10, 30, 40, 38, 36, 35, 34, 33, 32, 30, 28, 22, 16, 12, 8, 5, 3,
        ];
        DAY[hour_of_day.rem_euclid(24) as usize]
    }

    #[test]
    fn the_daily_rhythm_is_not_a_spike_and_a_surge_on_top_is() {
        let c = SpikeConfig {
            warmup: 24,
            ..cfg()
        };
        // Monday 2026-11-02 00:00 UTC.
        let monday = 1_762_041_600_000 / H * H;
        let mut s = SeriesState::default();
        let mut alerts = Vec::new();
        for h in 0..(21 * 24) {
            let n = daily(h % 24);
            if let Some(sp) = s.observe(monday + h * H, n, &c) {
                alerts.push((h, sp));
            }
        }
        // After the first week the rhythm is learnt: no more alerts on ordinary mornings.
        let late: Vec<_> = alerts.iter().filter(|(h, _)| *h >= 7 * 24).collect();
        assert!(late.is_empty(), "{late:?}");
        // The same morning ramp without seasons alerts (what this guards against).
        let mut plain = SeriesState::default();
        let hourly = SpikeConfig {
            bucket_ms: H + 1,
            ..c
        };
        let mut plain_alerts = 0;
        for h in 0..(21 * 24) {
            let at = monday + h * (H + 1);
            plain_alerts += usize::from(plain.observe(at, daily(h % 24), &hourly).is_some());
        }
        assert!(
            plain_alerts > 0,
            "the rhythm alone should fool a plain average"
        );
        // A surge at noon, three times the usual noon: one alert, against the noon baseline,
        // and the next hours (still high) stay quiet in the cool-down.
        for h in (21 * 24)..(21 * 24 + 12) {
            assert!(s.observe(monday + h * H, daily(h % 24), &c).is_none());
        }
        let noon = monday + 21 * 24 * H + 12 * H;
        let usual = daily(12);
        let mut flagged = Vec::new();
        for k in 0..3 {
            if let Some(sp) = s.observe(noon + k * H, 3 * usual, &c) {
                flagged.push(sp);
            }
        }
        assert_eq!(flagged.len(), 1, "{flagged:?}");
        let sp = flagged[0];
        assert!(
            sp.expected > usual as f64 * 0.6 && sp.expected < usual as f64 * 1.5,
            "expected {} against a usual {usual}",
            sp.expected
        );
        // A quiet hour at 3 am is still quiet after the surge: a drop never alerts.
        assert!(s.observe(noon + 15 * H, 1, &c).is_none());
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
