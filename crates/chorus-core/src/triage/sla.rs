//! SLA arithmetic: business hours, the clock that only runs inside them, targets and outcomes.

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// When the business is open: days of the week and one window per day, in a fixed offset
/// from UTC. SLA clocks only run inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BusinessHours {
    /// Open days, Monday first.
    pub days: [bool; 7],
    /// Opening minute of the day (local).
    pub start_minute: i64,
    /// Closing minute of the day (local), after `start_minute`.
    pub end_minute: i64,
    /// Local time minus UTC, in minutes.
    pub utc_offset_minutes: i64,
}

impl BusinessHours {
    /// Around the clock, every day.
    pub const ALWAYS: BusinessHours = BusinessHours {
        days: [true; 7],
        start_minute: 0,
        end_minute: 24 * 60,
        utc_offset_minutes: 0,
    };

    /// Parses `always`, or days and hours such as `mon-fri 09:00-17:00` or
    /// `mon,tue,thu 08:30-18:00`, with an offset from UTC in minutes.
    pub fn parse(spec: &str, utc_offset_minutes: i64) -> Result<BusinessHours, String> {
        let spec = spec.trim().to_lowercase();
        if spec == "always" || spec == "24/7" {
            return Ok(BusinessHours::ALWAYS);
        }
        const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let day = |s: &str| {
            NAMES
                .iter()
                .position(|n| *n == s)
                .ok_or_else(|| format!("unknown day {s:?}: use mon, tue, wed, thu, fri, sat, sun"))
        };
        let (days_part, hours_part) = spec
            .split_once(' ')
            .ok_or("expected days and hours, e.g. \"mon-fri 09:00-17:00\", or \"always\"")?;
        let mut days = [false; 7];
        for part in days_part.split(',') {
            if let Some((a, b)) = part.split_once('-') {
                let (a, b) = (day(a)?, day(b)?);
                if a > b {
                    return Err(format!("day range {part:?} runs backwards"));
                }
                days[a..=b].iter_mut().for_each(|d| *d = true);
            } else {
                days[day(part)?] = true;
            }
        }
        let minute = |s: &str| -> Result<i64, String> {
            let (h, m) = s
                .split_once(':')
                .ok_or_else(|| format!("{s:?} is not a time like 09:00"))?;
            let h: i64 = h.parse().map_err(|_| format!("{s:?} is not a time"))?;
            let m: i64 = m.parse().map_err(|_| format!("{s:?} is not a time"))?;
            if !(0..=24).contains(&h) || !(0..60).contains(&m) || (h == 24 && m != 0) {
                return Err(format!("{s:?} is not a time of day"));
            }
            Ok(h * 60 + m)
        };
        let (a, b) = hours_part
            .trim()
            .split_once('-')
            .ok_or("expected hours like 09:00-17:00")?;
        let (start_minute, end_minute) = (minute(a)?, minute(b)?);
        if start_minute >= end_minute {
            return Err("opening time must be before closing time".into());
        }
        if !(-14 * 60..=14 * 60).contains(&utc_offset_minutes) {
            return Err("the offset from UTC must be within ±14 hours".into());
        }
        Ok(BusinessHours {
            days,
            start_minute,
            end_minute,
            utc_offset_minutes,
        })
    }

    /// The moment `minutes` of business time after `start`.
    pub fn add(&self, start: Timestamp, minutes: i64) -> Timestamp {
        if !self.days.iter().any(|d| *d) || minutes <= 0 {
            return start.plus(minutes.max(0) * Timestamp::MINUTE);
        }
        let offset = self.utc_offset_minutes * Timestamp::MINUTE;
        let mut local = start.0 + offset;
        let mut left = minutes * Timestamp::MINUTE;
        // Each turn consumes one day's window (or skips a closed day): bounded by the number
        // of days the target spans, plus a week of closed days.
        loop {
            let day = local.div_euclid(Timestamp::DAY);
            let day_start = day * Timestamp::DAY;
            // 1970-01-01 was a Thursday (index 3 with Monday first).
            let weekday = (day + 3).rem_euclid(7) as usize;
            let open = day_start + self.start_minute * Timestamp::MINUTE;
            let close = day_start + self.end_minute * Timestamp::MINUTE;
            if self.days[weekday] && local < close {
                let from = local.max(open);
                let available = close - from;
                if left <= available {
                    return Timestamp(from + left - offset);
                }
                left -= available;
            }
            local = day_start + Timestamp::DAY;
        }
    }

    /// Business time between `from` and `to`, in milliseconds (0 if `to` is not later).
    pub fn elapsed(&self, from: Timestamp, to: Timestamp) -> i64 {
        if to.0 <= from.0 {
            return 0;
        }
        if !self.days.iter().any(|d| *d) {
            return to.0 - from.0;
        }
        let offset = self.utc_offset_minutes * Timestamp::MINUTE;
        let (mut local, end) = (from.0 + offset, to.0 + offset);
        let mut total = 0;
        while local < end {
            let day = local.div_euclid(Timestamp::DAY);
            let day_start = day * Timestamp::DAY;
            let weekday = (day + 3).rem_euclid(7) as usize;
            if self.days[weekday] {
                let open = day_start + self.start_minute * Timestamp::MINUTE;
                let close = day_start + self.end_minute * Timestamp::MINUTE;
                let (a, b) = (local.max(open), end.min(close));
                if b > a {
                    total += b - a;
                }
            }
            local = day_start + Timestamp::DAY;
        }
        total
    }
}

/// SLA targets of one priority, in business minutes; 0 means no target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaTargets {
    /// From opening to the first reply.
    pub first_response_minutes: i64,
    /// From a customer's follow-up to the next reply.
    pub next_response_minutes: i64,
    /// From opening to resolved.
    pub resolution_minutes: i64,
}

/// How an SLA target ended (or stands).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaOutcome {
    /// Met before its due time.
    Met,
    /// Missed.
    Breached,
}

impl SlaOutcome {
    /// `met` or `breached`.
    pub fn as_str(self) -> &'static str {
        match self {
            SlaOutcome::Met => "met",
            SlaOutcome::Breached => "breached",
        }
    }

    /// Whether something done at `at` meets a target due at `due`.
    pub fn of(at: Timestamp, due: Timestamp) -> SlaOutcome {
        if at.0 <= due.0 {
            SlaOutcome::Met
        } else {
            SlaOutcome::Breached
        }
    }
}
