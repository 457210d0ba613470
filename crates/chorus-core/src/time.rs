//! Points in time, stored as milliseconds since the Unix epoch.
//!
//! Both database dialects store an `INTEGER`/`BIGINT`, which keeps SQL portable and comparisons
//! cheap. Reading the clock is IO, so this module never does it: callers pass a [`Timestamp`].

use std::fmt;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Milliseconds since 1970-01-01T00:00:00Z.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// One second, in the unit of a timestamp.
    pub const SECOND: i64 = 1_000;
    /// One minute.
    pub const MINUTE: i64 = 60 * Self::SECOND;
    /// One hour.
    pub const HOUR: i64 = 60 * Self::MINUTE;
    /// One day.
    pub const DAY: i64 = 24 * Self::HOUR;

    /// The timestamp of a `time` value, truncated to the millisecond.
    pub fn from_datetime(dt: OffsetDateTime) -> Self {
        let ms = dt.unix_timestamp_nanos() / 1_000_000;
        Timestamp(i64::try_from(ms).unwrap_or(i64::MAX))
    }

    /// Milliseconds since the epoch.
    pub fn millis(self) -> i64 {
        self.0
    }

    /// This timestamp moved by `ms` milliseconds (saturating).
    #[must_use]
    pub fn plus(self, ms: i64) -> Self {
        Timestamp(self.0.saturating_add(ms))
    }

    /// As a `time` value, or `None` if out of its range.
    pub fn to_datetime(self) -> Option<OffsetDateTime> {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.0) * 1_000_000).ok()
    }

    /// RFC 3339 in UTC, e.g. `2026-11-22T09:18:00.123Z`; the wire format of the API.
    pub fn rfc3339(self) -> String {
        self.to_datetime()
            .and_then(|d| d.format(&Rfc3339).ok())
            .unwrap_or_else(|| self.0.to_string())
    }

    /// Parses RFC 3339 (any offset).
    pub fn parse_rfc3339(s: &str) -> Option<Self> {
        OffsetDateTime::parse(s.trim(), &Rfc3339)
            .ok()
            .map(Self::from_datetime)
    }

    /// A short human date, `2026-11-22 09:18 UTC`, for pages.
    pub fn human(self) -> String {
        match self.to_datetime() {
            Some(d) => format!(
                "{:04}-{:02}-{:02} {:02}:{:02} UTC",
                d.year(),
                u8::from(d.month()),
                d.day(),
                d.hour(),
                d.minute()
            ),
            None => self.0.to_string(),
        }
    }
}

impl Timestamp {
    /// The UTC date alone, `2026-11-22`, for dense tables.
    pub fn date(self) -> String {
        match self.to_datetime() {
            Some(d) => format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()),
            None => self.0.to_string(),
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trip() {
        let t = Timestamp(1_795_000_000_123);
        assert_eq!(Timestamp::parse_rfc3339(&t.rfc3339()), Some(t));
        assert_eq!(
            Timestamp::parse_rfc3339("1970-01-01T00:00:01+01:00"),
            Some(Timestamp(-3_599_000))
        );
        assert_eq!(Timestamp::parse_rfc3339("yesterday"), None);
    }

    #[test]
    fn human_form() {
        assert_eq!(Timestamp(0).human(), "1970-01-01 00:00 UTC");
        assert_eq!(Timestamp(Timestamp::DAY).date(), "1970-01-02");
    }

    #[test]
    fn extreme_values_do_not_panic() {
        let _ = Timestamp(i64::MAX).rfc3339();
        let _ = Timestamp(i64::MIN).human();
        assert_eq!(Timestamp(i64::MAX).plus(1), Timestamp(i64::MAX));
    }
}
