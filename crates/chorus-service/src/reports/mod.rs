//! Reports for stakeholders: listening volume, reach and sentiment, themes, case response
//! times and SLAs, the community's peer answers, deflection and cost per issue — over a period
//! at a granularity, narrowed by channel, source, theme, team or tag. One [`Report`] feeds the
//! JSON API, the dashboard and every CSV export, so they always agree.

use chorus_core::{Action, Timestamp, User};
use chorus_i18n::Text;
use chorus_store::reports::{ChannelTotal, ReportFilter, ThemeTotal};

use crate::visibility::require;
use crate::{Hub, Result, ServiceError};

mod exports;
use exports::or_else;
pub use exports::{EXPORTS, csv, summary_pairs};

mod deflection;
pub(crate) use deflection::deflection_between;
pub use deflection::{DeflectionCounts, DeflectionReport, deflection_report};

mod digest;

mod turnaround;
pub use digest::{digest_text, digest_tick, send_digest_now};
pub use turnaround::{
    CsatGroup, MAX_DAYS, Turnaround, TurnaroundExample, TurnaroundGroup, turnaround,
    turnaround_between, turnaround_csv,
};

/// How wide a chart bucket is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    /// One hour.
    Hour,
    /// One UTC day.
    Day,
    /// One week, from Monday 00:00 UTC.
    Week,
}

impl Granularity {
    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Hour => "hour",
            Granularity::Day => "day",
            Granularity::Week => "week",
        }
    }

    /// The start of the bucket holding `t`.
    pub fn floor(self, t: i64) -> i64 {
        match self {
            Granularity::Hour => t.div_euclid(Timestamp::HOUR) * Timestamp::HOUR,
            Granularity::Day => t.div_euclid(Timestamp::DAY) * Timestamp::DAY,
            // 1970-01-01 was a Thursday: Monday is three days later in the week count.
            Granularity::Week => {
                let days = t.div_euclid(Timestamp::DAY);
                (days - (days + 3).rem_euclid(7)) * Timestamp::DAY
            }
        }
    }

    fn step(self) -> i64 {
        match self {
            Granularity::Hour => Timestamp::HOUR,
            Granularity::Day => Timestamp::DAY,
            Granularity::Week => 7 * Timestamp::DAY,
        }
    }

    /// The label of a bucket for charts and tables.
    pub fn label(self, start: i64) -> String {
        let rfc = Timestamp(start).rfc3339();
        match self {
            Granularity::Hour => rfc.get(5..16).unwrap_or(&rfc).replace('T', " "),
            Granularity::Day | Granularity::Week => rfc.get(..10).unwrap_or(&rfc).to_owned(),
        }
    }
}

/// What a report covers, as typed in a form or a query string.
#[derive(Debug, Clone, Default)]
pub struct ReportQuery {
    /// Start: a date or RFC 3339 (default: 30 days before `to`).
    pub from: Option<String>,
    /// End, exclusive: a date or RFC 3339 (default: now).
    pub to: Option<String>,
    /// `hour`, `day` or `week` (default: by the length of the period).
    pub granularity: Option<String>,
    /// One channel.
    pub channel: Option<String>,
    /// One source.
    pub source: Option<i64>,
    /// One theme.
    pub theme: Option<i64>,
    /// One team (cases).
    pub team: Option<i64>,
    /// One tag / product (cases and topics).
    pub tag: Option<String>,
}

/// One chart bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    /// Start (ms).
    pub start: i64,
    /// Label.
    pub label: String,
    /// Mentions.
    pub mentions: i64,
    /// Reach.
    pub reach: i64,
    /// Negative mentions.
    pub negative: i64,
    /// Neutral mentions.
    pub neutral: i64,
    /// Positive mentions.
    pub positive: i64,
    /// Cases opened.
    pub cases: i64,
    /// Topics posted.
    pub topics: i64,
}

/// A theme in the period.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeRow {
    /// The theme and its counts.
    pub theme: ThemeTotal,
    /// Change against the previous period of the same length, in percent (`None` when it
    /// had no mentions before: new).
    pub change_pct: Option<f64>,
    /// Grew by half or more, or is new with at least three mentions.
    pub rising: bool,
}

/// Case response times and SLAs for cases opened in the period.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CaseStats {
    /// Cases opened.
    pub opened: i64,
    /// ... that got a first response.
    pub responded: i64,
    /// ... that were resolved.
    pub resolved: i64,
    /// Median seconds from the customer's message to the first response.
    pub first_response_median_s: Option<i64>,
    /// 90th percentile of the same.
    pub first_response_p90_s: Option<i64>,
    /// Median seconds from opening to resolution.
    pub resolution_median_s: Option<i64>,
    /// 90th percentile of the same.
    pub resolution_p90_s: Option<i64>,
    /// Share of decided SLA clocks (first response, resolution) that were met; `None`
    /// when no clock is decided yet (nothing was due).
    pub sla_met_ratio: Option<f64>,
    /// SLA clocks decided (met or breached).
    pub sla_decided: i64,
}

/// The community in the period.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CommunityStats {
    /// Topics posted (published).
    pub topics: i64,
    /// Questions and problems among them.
    pub questions: i64,
    /// ... with an accepted answer.
    pub answered: i64,
    /// ... whose accepted answer is by a member, not staff.
    pub peer_answered: i64,
    /// `peer_answered / answered`.
    pub peer_answer_ratio: Option<f64>,
    /// Median seconds to the first reply.
    pub first_answer_median_s: Option<i64>,
    /// 90th percentile of the same.
    pub first_answer_p90_s: Option<i64>,
}

/// What issues cost.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cost {
    /// Currency.
    pub currency: String,
    /// Issues handled by people (cases opened).
    pub handled: i64,
    /// Issues deflected to existing answers.
    pub deflected: i64,
    /// Total cost of both.
    pub total: f64,
    /// `total / (handled + deflected)`.
    pub per_issue: Option<f64>,
    /// What a handled issue costs.
    pub per_handled: f64,
    /// What a deflected issue costs.
    pub per_deflected: f64,
}

/// A report.
#[derive(Debug, Clone)]
pub struct Report {
    /// Start (inclusive).
    pub from: Timestamp,
    /// End (exclusive).
    pub to: Timestamp,
    /// Bucket width.
    pub granularity: Granularity,
    /// Filters applied.
    pub filter: ReportFilter,
    /// Theme filter.
    pub theme: Option<i64>,
    /// Chart buckets, oldest first (empty buckets included).
    pub buckets: Vec<Bucket>,
    /// Per channel.
    pub channels: Vec<ChannelTotal>,
    /// Mentions by sentiment: negative, neutral, positive.
    pub sentiment: (i64, i64, i64),
    /// Top themes.
    pub themes: Vec<ThemeRow>,
    /// Cases.
    pub cases: CaseStats,
    /// Community.
    pub community: CommunityStats,
    /// Deflection.
    pub deflection: DeflectionCounts,
    /// Cost per issue.
    pub cost: Cost,
}

impl Report {
    /// Mentions over the period.
    pub fn mentions(&self) -> i64 {
        self.channels.iter().map(|c| c.mentions).sum()
    }

    /// Reach over the period.
    pub fn reach(&self) -> i64 {
        self.channels
            .iter()
            .fold(0i64, |a, c| a.saturating_add(c.reach))
    }
}

/// The value at quantile `q` (0–1) of sorted values, by nearest rank.
pub fn quantile<T: Copy>(sorted: &[T], q: f64) -> Option<T> {
    if sorted.is_empty() {
        return None;
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        reason = "a rank within a slice"
    )]
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted.get(rank - 1).copied()
}

#[allow(clippy::cast_precision_loss, reason = "counts far below 2^52")]
fn ratio(a: i64, b: i64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// The most buckets a chart gets; a longer period at a finer granularity is refused.
const MAX_BUCKETS: i64 = 2000;

/// Builds a report (staff).
pub async fn report(hub: &Hub, actor: &User, q: &ReportQuery) -> Result<Report> {
    require(actor, Action::ViewReports)?;
    build(hub, q).await
}

async fn build(hub: &Hub, q: &ReportQuery) -> Result<Report> {
    let now = hub.now();
    let to = crate::parse_when("to", q.to.as_deref())?.unwrap_or(now.plus(1));
    let from =
        crate::parse_when("from", q.from.as_deref())?.unwrap_or(to.plus(-30 * Timestamp::DAY));
    if from >= to {
        return Err(ServiceError::field(
            "from",
            Text::new("err-listen-report-start-after-end"),
        ));
    }
    let span = to.0 - from.0;
    let granularity = match q.granularity.as_deref().map(str::trim) {
        None | Some("" | "auto") => {
            if span <= 2 * Timestamp::DAY {
                Granularity::Hour
            } else if span <= 90 * Timestamp::DAY {
                Granularity::Day
            } else {
                Granularity::Week
            }
        }
        Some("hour") => Granularity::Hour,
        Some("day") => Granularity::Day,
        Some("week") => Granularity::Week,
        Some(other) => {
            return Err(ServiceError::field(
                "granularity",
                Text::new("err-listen-report-granularity-unknown")
                    .arg("value", format!("{other:?}")),
            ));
        }
    };
    if span / granularity.step() > MAX_BUCKETS {
        return Err(ServiceError::field(
            "granularity",
            Text::new("err-listen-report-too-many-buckets")
                .arg("count", (span / granularity.step()).to_string())
                .arg("unit", granularity.as_str()),
        ));
    }
    let filter = ReportFilter {
        channel: q
            .channel
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned),
        source: q.source,
        team: q.team,
        tag: q
            .tag
            .as_deref()
            .map(|t| t.trim().to_lowercase())
            .filter(|t| !t.is_empty()),
    };
    let store = hub.store();
    // Buckets from the first one touching `from` to the last one before `to`.
    let first = granularity.floor(from.0);
    let mut buckets = Vec::new();
    let mut b = first;
    while b < to.0 {
        buckets.push(Bucket {
            start: b,
            label: granularity.label(b),
            mentions: 0,
            reach: 0,
            negative: 0,
            neutral: 0,
            positive: 0,
            cases: 0,
            topics: 0,
        });
        b += granularity.step();
    }
    let slot = |t: i64| -> Option<usize> {
        usize::try_from((granularity.floor(t) - first) / granularity.step()).ok()
    };
    // Day and week buckets are whole UTC days: daily roll-ups and counts serve them.
    let by_day = granularity != Granularity::Hour;
    let (channels, sentiment) = match q.theme {
        Some(theme) => {
            for (bucket, mentions, reach, negative) in
                store.report_theme_series(theme, from, to).await?
            {
                if let Some(x) = slot(bucket).and_then(|i| buckets.get_mut(i)) {
                    x.mentions += mentions;
                    x.reach = x.reach.saturating_add(reach);
                    x.negative += negative;
                }
            }
            let channels = store
                .report_theme_channels(theme, from, to, &filter)
                .await?;
            let s = channels.iter().fold((0, 0, 0), |a, c| {
                (a.0 + c.negative, a.1 + c.neutral, a.2 + c.positive)
            });
            (channels, s)
        }
        None => {
            for c in store.report_counts(from, to, by_day, &filter).await? {
                if let Some(x) = slot(c.bucket).and_then(|i| buckets.get_mut(i)) {
                    x.mentions += c.mentions;
                    x.reach = x.reach.saturating_add(c.reach);
                    x.negative += c.negative;
                    x.neutral += c.neutral;
                    x.positive += c.positive;
                }
            }
            let channels = store.report_channels(from, to, &filter).await?;
            let s = channels.iter().fold((0, 0, 0), |a, c| {
                (a.0 + c.negative, a.1 + c.neutral, a.2 + c.positive)
            });
            (channels, s)
        }
    };
    let themes = store
        .report_themes(from, to, 10)
        .await?
        .into_iter()
        .filter(|t| q.theme.is_none_or(|id| id == t.theme_id))
        .map(|t| {
            #[allow(clippy::cast_precision_loss, reason = "counts far below 2^52")]
            let change_pct = (t.previous > 0)
                .then(|| (t.mentions - t.previous) as f64 * 100.0 / t.previous as f64);
            let rising = match change_pct {
                Some(c) => c >= 50.0 && t.mentions >= 3,
                None => t.mentions >= 3,
            };
            ThemeRow {
                theme: t,
                change_pct,
                rising,
            }
        })
        .collect();

    // Cases and topics are summed by the database; only the durations behind the medians
    // cross over, as values. Counts per bucket come per day unless the chart is by hour.
    let width = if by_day {
        Timestamp::DAY
    } else {
        Timestamp::HOUR
    };
    let cases = store.report_cases(from, to, &filter, width, now).await?;
    for &(bucket, n) in &cases.buckets {
        if let Some(x) = slot(bucket).and_then(|i| buckets.get_mut(i)) {
            x.cases += n;
        }
    }
    let mut first_response = cases.first_response_s;
    let mut resolution = cases.resolution_s;
    first_response.sort_unstable();
    resolution.sort_unstable();
    let opened = cases.opened;
    let case_stats = CaseStats {
        opened,
        responded: i64::try_from(first_response.len()).unwrap_or(0),
        resolved: i64::try_from(resolution.len()).unwrap_or(0),
        first_response_median_s: quantile(&first_response, 0.5),
        first_response_p90_s: quantile(&first_response, 0.9),
        resolution_median_s: quantile(&resolution, 0.5),
        resolution_p90_s: quantile(&resolution, 0.9),
        sla_met_ratio: ratio(cases.sla_met, cases.sla_decided),
        sla_decided: cases.sla_decided,
    };

    // Community: peer answers and time to the first answer.
    let tag = filter.tag.as_deref();
    let topics = store.report_topics(from, to, tag, width).await?;
    for &(bucket, n) in &topics.buckets {
        if let Some(x) = slot(bucket).and_then(|i| buckets.get_mut(i)) {
            x.topics += n;
        }
    }
    let mut first_answer = topics.first_answer_s;
    first_answer.sort_unstable();
    let mut community = CommunityStats {
        topics: topics.topics,
        questions: topics.questions,
        answered: topics.answered,
        peer_answered: topics.peer_answered,
        ..CommunityStats::default()
    };
    community.peer_answer_ratio = ratio(community.peer_answered, community.answered);
    community.first_answer_median_s = quantile(&first_answer, 0.5);
    community.first_answer_p90_s = quantile(&first_answer, 0.9);

    // Deflection events are kept per compose session; a very long period is read in
    // 400-day slices (the most one deflection report covers).
    let mut deflection = DeflectionCounts::default();
    let mut at = from;
    while at < to {
        let end = Timestamp((at.0 + 400 * Timestamp::DAY).min(to.0));
        let d = deflection_between(hub, Some(at), Some(end)).await?.total;
        deflection.shown += d.shown;
        deflection.opened += d.opened;
        deflection.solved += d.solved;
        deflection.posted += d.posted;
        deflection.left += d.left;
        deflection.deflected += d.deflected;
        deflection.pending += d.pending;
        at = end;
    }
    deflection.rate =
        ratio(deflection.deflected, deflection.shown - deflection.pending).unwrap_or(0.0);
    let rc = &hub.config().reports;
    let per_handled = rc.agent_minute_cost * rc.minutes_per_case;
    #[allow(clippy::cast_precision_loss, reason = "counts far below 2^52")]
    let total = opened as f64 * per_handled + deflection.deflected as f64 * rc.cost_per_deflection;
    #[allow(clippy::cast_precision_loss, reason = "counts far below 2^52")]
    let per_issue =
        (opened + deflection.deflected > 0).then(|| total / (opened + deflection.deflected) as f64);
    let cost = Cost {
        currency: rc.currency.clone(),
        handled: opened,
        deflected: deflection.deflected,
        total,
        per_issue,
        per_handled,
        per_deflected: rc.cost_per_deflection,
    };
    Ok(Report {
        from,
        to,
        granularity,
        filter,
        theme: q.theme,
        buckets,
        channels,
        sentiment,
        themes,
        cases: case_stats,
        community,
        deflection,
        cost,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_by_nearest_rank() {
        assert_eq!(quantile::<i64>(&[], 0.5), None);
        assert_eq!(quantile(&[7], 0.9), Some(7));
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(quantile(&v, 0.5), Some(5));
        assert_eq!(quantile(&v, 0.9), Some(9));
        assert_eq!(quantile(&v, 1.0), Some(10));
    }

    #[test]
    fn a_quiet_period_digest_says_what_is_missing_instead_of_leaving_blanks() {
        let r = Report {
            from: Timestamp(1_795_381_303_000),
            to: Timestamp(1_795_381_303_000 + 7 * 24 * Timestamp::HOUR),
            granularity: Granularity::Day,
            filter: ReportFilter::default(),
            theme: None,
            buckets: Vec::new(),
            channels: Vec::new(),
            sentiment: (0, 0, 0),
            themes: Vec::new(),
            cases: CaseStats::default(),
            community: CommunityStats::default(),
            deflection: DeflectionCounts::default(),
            cost: Cost::default(),
        };
        let text = digest_text(
            chorus_i18n::Tr::default(),
            &r,
            "Acme",
            "https://hub.example/reports",
        );
        for line in text.lines() {
            let line = line.trim_end();
            assert!(
                !line.ends_with(',') && !line.ends_with(':') && !line.contains(" ,"),
                "blank field in {line:?}\n{text}"
            );
        }
        assert!(text.contains("SLA met no cases due yet"), "{text}");
        assert!(
            text.contains("Cost per issue: no issues handled yet"),
            "{text}"
        );
    }

    #[test]
    fn weeks_start_on_monday() {
        // 2026-11-22 is a Sunday; its week began on Monday 2026-11-16.
        let sunday = 1_795_381_303_000;
        let monday = Granularity::Week.floor(sunday);
        assert_eq!(Timestamp(monday).rfc3339().get(..10), Some("2026-11-16"));
        assert_eq!(Granularity::Week.floor(monday), monday);
        assert_eq!(Granularity::Day.label(monday), "2026-11-16");
        assert_eq!(Granularity::Hour.floor(sunday) % Timestamp::HOUR, 0);
    }
}
