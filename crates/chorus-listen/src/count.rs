//! Counts as networks report them, read leniently.
//!
//! A follower or boost count is decoration: a server that reports `1e30`, `-5`, `"12k"` or
//! `null` must not make a whole page of statuses undecodable (the source would then fail every
//! fetch, for ever). Any number is clamped into `0..=MAX_COUNT`; anything else reads as 0.

use chorus_core::listen::{MAX_COUNT, clamp_count};
use serde::{Deserialize, Deserializer};

/// Deserializes any JSON value into a count within `0..=MAX_COUNT`.
pub(crate) fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(match v {
        serde_json::Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => clamp_count(i),
            (None, Some(_), _) => MAX_COUNT,
            (None, None, Some(f)) if f.is_finite() => {
                if f >= MAX_COUNT as f64 {
                    MAX_COUNT
                } else if f <= 0.0 {
                    0
                } else {
                    #[allow(clippy::cast_possible_truncation, reason = "range checked above")]
                    let n = f as i64;
                    n
                }
            }
            _ => 0,
        },
        serde_json::Value::String(s) => s.trim().parse::<i64>().map_or(0, clamp_count),
        _ => 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct C {
        #[serde(deserialize_with = "lenient")]
        n: i64,
    }

    #[test]
    fn any_value_is_a_count() {
        for (json, n) in [
            ("5", 5),
            ("-5", 0),
            ("9223372036854775807", MAX_COUNT),
            ("18446744073709551615", MAX_COUNT),
            ("1e30", MAX_COUNT),
            ("12.7", 12),
            ("\"42\"", 42),
            ("\"12k\"", 0),
            ("null", 0),
            ("[1]", 0),
        ] {
            let c: C = serde_json::from_str(&format!("{{\"n\":{json}}}")).unwrap();
            assert_eq!(c.n, n, "{json}");
        }
    }
}
