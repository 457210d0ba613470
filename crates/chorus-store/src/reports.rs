//! Reads for reports. Listening figures come from the counters the pipeline keeps
//! (`mention_counts`, `theme_counts` per hour and their `_daily` roll-ups), never from the
//! mentions themselves: a period reads its whole UTC days from the roll-ups and only the
//! partial days at its edges from the hours, so a year's report reads a few thousand rows
//! rather than tens of thousands (or, for themes, over a million). A period's cases and
//! topics are summed by the database into one row each; the values behind medians and
//! chart buckets come along as JSON arrays, not as rows.

use chorus_core::Timestamp;

use crate::listening::{HourCounts, day_of};
use crate::{Db, Result, Store, with_db};

pub use chorus_core::views::reports::{ChannelTotal, ReportFilter, ThemeTotal};

/// Cases opened in the period, summed by the database: counts, SLA outcomes and the
/// values that medians and the chart need, gathered into JSON arrays so that one row crosses
/// from the database however many cases there are (through sqlx, each row of 100,000 cost
/// about 4 µs; the year's dashboard read 100,000).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseSummary {
    /// Cases opened.
    pub opened: i64,
    /// Cases opened per bucket: `(bucket start, cases)`, oldest first.
    pub buckets: Vec<(i64, i64)>,
    /// SLA clocks decided (met or breached).
    pub sla_decided: i64,
    /// ... of which met.
    pub sla_met: i64,
    /// Seconds from the customer's message (or the opening, if earlier) to the first
    /// response, one per responded case, in no particular order.
    pub first_response_s: Vec<i64>,
    /// Seconds from opening to resolution, one per resolved case, in no particular order.
    pub resolution_s: Vec<i64>,
}

/// Published topics posted in the period, summed by the database.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TopicSummary {
    /// Topics.
    pub topics: i64,
    /// Topics per bucket: `(bucket start, topics)`, oldest first.
    pub buckets: Vec<(i64, i64)>,
    /// Questions and problems among them.
    pub questions: i64,
    /// ... with an accepted answer.
    pub answered: i64,
    /// ... whose accepted answer is not by staff.
    pub peer_answered: i64,
    /// Seconds from a question's posting to its first reply, one per replied question, in no
    /// particular order.
    pub first_answer_s: Vec<i64>,
}

#[derive(sqlx::FromRow)]
struct CaseRow {
    opened: i64,
    opened_in: Option<String>,
    sla_decided: Option<i64>,
    sla_met: Option<i64>,
    first_response_s: Option<String>,
    resolution_s: Option<String>,
}

#[derive(sqlx::FromRow)]
struct TopicRow {
    topics: i64,
    posted_in: Option<String>,
    questions: Option<i64>,
    answered: Option<i64>,
    peer_answered: Option<i64>,
    first_answer_s: Option<String>,
}

/// The aggregate that gathers a column into one JSON array value.
fn json_array_agg(db: &Db) -> &'static str {
    match db {
        Db::Sqlite(_) => "json_group_array",
        Db::Postgres(_) => "json_agg",
    }
}

/// Bucket numbers (time / `width`) counted per bucket start, oldest first.
fn per_bucket(numbers: Vec<i64>, width: i64) -> Vec<(i64, i64)> {
    let mut counts = std::collections::BTreeMap::new();
    for n in numbers {
        *counts.entry(n.saturating_mul(width)).or_insert(0) += 1;
    }
    counts.into_iter().collect()
}

/// Numbers aggregated as a JSON array (`json_group_array` on SQLite, `json_agg` on
/// PostgreSQL); `None` when there were none.
fn json_numbers(json: Option<String>) -> Result<Vec<i64>> {
    match json {
        None => Ok(Vec::new()),
        Some(j) => serde_json::from_str(&j)
            .map_err(|e| crate::StoreError::Corrupt(format!("report numbers: {e}"))),
    }
}

/// The cases a report covers: opened in `[$1, $2)`, narrowed by channel `$3`, team `$4` and
/// tag `$5`.
const CASES_IN_REPORT: &str = "FROM cases WHERE created_at >= $1 AND created_at < $2 \
     AND ($3 IS NULL OR channel = $3) AND ($4 IS NULL OR team_id = $4) \
     AND ($5 IS NULL OR (' ' || tags || ' ') LIKE ('% ' || $5 || ' %'))";

/// The topics a report covers: published in `[$1, $2)`, with tag `$3`.
const TOPICS_IN_REPORT: &str = "FROM topics t \
     LEFT JOIN replies r ON r.id = t.accepted_reply_id AND r.deleted_at IS NULL \
     WHERE t.created_at >= $1 AND t.created_at < $2 AND t.deleted_at IS NULL \
     AND t.visibility = 'visible' \
     AND ($3 IS NULL OR t.id IN (SELECT topic_id FROM topic_tags WHERE tag = $3))";

/// How a period splits between hourly counters and their daily roll-ups: hours in
/// `[from, day_from)` and `[day_to, to)`, whole days in `[day_from, day_to)`. Bound as four
/// numbered parameters starting at `first` (`$1`..`$4` by default).
#[derive(Debug, Clone, Copy)]
struct Split {
    bounds: [i64; 4],
    first: usize,
}

impl Split {
    fn new(from: Timestamp, to: Timestamp, by_day: bool) -> Split {
        // The first whole day starts at `from` or at the next midnight after it.
        let day_from = match day_of(from.0) {
            d if d == from.0 => d,
            d => d + Timestamp::DAY,
        };
        let day_to = day_of(to.0);
        let bounds = if by_day && day_from < day_to {
            [from.0, day_from, day_to, to.0]
        } else {
            // All hours: the day range is empty.
            [from.0, to.0, to.0, to.0]
        };
        Split { bounds, first: 1 }
    }

    fn numbered_from(self, first: usize) -> Split {
        Split { first, ..self }
    }

    /// `SELECT cols` from the hours at both edges and the days between, with `filter`
    /// (starting with ` AND`) applied to each part. Callers pass literals only, so the SQL
    /// built from it is safe to run (`AssertSqlSafe`).
    fn union(&self, hourly: &str, cols: &str, filter: &str) -> String {
        let [a, b, c, d] = [0, 1, 2, 3].map(|i| format!("${}", self.first + i));
        format!(
            "SELECT {cols} FROM {hourly} WHERE bucket >= {a} AND bucket < {b}{filter} \
             UNION ALL SELECT {cols} FROM {hourly}_daily WHERE bucket >= {b} AND bucket < {c}{filter} \
             UNION ALL SELECT {cols} FROM {hourly} WHERE bucket >= {c} AND bucket < {d}{filter}"
        )
    }

    fn bind<'q, DB, O>(
        &self,
        q: sqlx::query::QueryAs<'q, DB, O, <DB as sqlx::Database>::Arguments>,
    ) -> sqlx::query::QueryAs<'q, DB, O, <DB as sqlx::Database>::Arguments>
    where
        DB: sqlx::Database,
        i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    {
        self.bounds.iter().fold(q, |q, b| q.bind(*b))
    }
}

impl Store {
    /// Listening counters summed over the filter, `from` inclusive to `to` exclusive, one row
    /// per bucket. With `by_day`, whole UTC days inside the period come as one row each
    /// (bucket = the day's start) from the daily roll-up, and the hours of the partial days
    /// at its edges as hourly rows; without it every row is an hour.
    pub async fn report_counts(
        &self,
        from: Timestamp,
        to: Timestamp,
        by_day: bool,
        f: &ReportFilter,
    ) -> Result<Vec<HourCounts>> {
        let split = Split::new(from, to, by_day);
        let rows = split.union(
            "mention_counts",
            "bucket, mentions, reach, engagement, negative, neutral, positive, complaints, \
             questions, abusive",
            " AND ($5 IS NULL OR channel = $5) AND ($6 IS NULL OR source_id = $6)",
        );
        let sql = format!(
            "SELECT bucket, CAST(SUM(mentions) AS BIGINT) AS mentions, \
             CAST(SUM(reach) AS BIGINT) AS reach, CAST(SUM(engagement) AS BIGINT) AS engagement, \
             CAST(SUM(negative) AS BIGINT) AS negative, CAST(SUM(neutral) AS BIGINT) AS neutral, \
             CAST(SUM(positive) AS BIGINT) AS positive, \
             CAST(SUM(complaints) AS BIGINT) AS complaints, \
             CAST(SUM(questions) AS BIGINT) AS questions, \
             CAST(SUM(abusive) AS BIGINT) AS abusive FROM ({rows}) AS c \
             GROUP BY bucket ORDER BY bucket"
        );
        Ok(with_db!(&self.read, |pool| {
            split
                .bind(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())))
                .bind(f.channel.as_deref())
                .bind(f.source)
                .fetch_all(pool)
                .await?
        }))
    }

    /// Totals per channel over the filter.
    pub async fn report_channels(
        &self,
        from: Timestamp,
        to: Timestamp,
        f: &ReportFilter,
    ) -> Result<Vec<ChannelTotal>> {
        let split = Split::new(from, to, true);
        let rows = split.union(
            "mention_counts",
            "channel, mentions, reach, negative, neutral, positive",
            " AND ($5 IS NULL OR channel = $5) AND ($6 IS NULL OR source_id = $6)",
        );
        let sql = format!(
            "SELECT channel, CAST(SUM(mentions) AS BIGINT) AS mentions, \
             CAST(SUM(reach) AS BIGINT) AS reach, CAST(SUM(negative) AS BIGINT) AS negative, \
             CAST(SUM(neutral) AS BIGINT) AS neutral, CAST(SUM(positive) AS BIGINT) AS positive \
             FROM ({rows}) AS c GROUP BY channel ORDER BY channel"
        );
        Ok(with_db!(&self.read, |pool| {
            split
                .bind(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())))
                .bind(f.channel.as_deref())
                .bind(f.source)
                .fetch_all(pool)
                .await?
        }))
    }

    /// The themes with the most mentions in the period (with their count in the period of
    /// the same length before it, for "rising").
    pub async fn report_themes(
        &self,
        from: Timestamp,
        to: Timestamp,
        limit: i64,
    ) -> Result<Vec<ThemeTotal>> {
        let before = Timestamp(from.0 - (to.0 - from.0));
        let now = Split::new(from, to, true);
        let earlier = Split::new(before, from, true).numbered_from(6);
        // The previous period is summed for the top themes only (after the LIMIT), each
        // through its (theme, bucket) key. Counters reference their theme, so the join after
        // the LIMIT drops nothing.
        let sql = format!(
            "SELECT c.theme_id, t.label, c.mentions, c.reach, c.negative, \
             CAST(COALESCE((SELECT SUM(e.mentions) FROM ({}) AS e), 0) AS BIGINT) AS previous \
             FROM (SELECT theme_id, CAST(SUM(mentions) AS BIGINT) AS mentions, \
              CAST(SUM(reach) AS BIGINT) AS reach, CAST(SUM(negative) AS BIGINT) AS negative \
              FROM ({}) AS n GROUP BY theme_id ORDER BY mentions DESC, theme_id LIMIT $5) c \
             JOIN themes t ON t.id = c.theme_id \
             ORDER BY c.mentions DESC, c.theme_id",
            earlier.union("theme_counts", "mentions", " AND theme_id = c.theme_id"),
            now.union("theme_counts", "theme_id, mentions, reach, negative", ""),
        );
        Ok(with_db!(&self.read, |pool| {
            earlier
                .bind(
                    now.bind(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())))
                        .bind(limit.clamp(1, 100)),
                )
                .fetch_all(pool)
                .await?
        }))
    }

    /// Hourly counters of one theme: `(bucket, mentions, reach, negative)`.
    pub async fn report_theme_series(
        &self,
        theme: i64,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<(i64, i64, i64, i64)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT bucket, mentions, reach, negative FROM theme_counts \
                 WHERE theme_id = $1 AND bucket >= $2 AND bucket < $3 ORDER BY bucket",
            )
            .bind(theme)
            .bind(from.0)
            .bind(to.0)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Totals per channel of one theme's mentions (themes have no per-channel counters; a
    /// theme's mentions are found through its index).
    pub async fn report_theme_channels(
        &self,
        theme: i64,
        from: Timestamp,
        to: Timestamp,
        f: &ReportFilter,
    ) -> Result<Vec<ChannelTotal>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT channel, COUNT(*) AS mentions, CAST(SUM(author_followers) AS BIGINT) AS reach, \
                 CAST(SUM(CASE WHEN sentiment = 'negative' THEN 1 ELSE 0 END) AS BIGINT) AS negative, \
                 CAST(SUM(CASE WHEN sentiment = 'neutral' THEN 1 ELSE 0 END) AS BIGINT) AS neutral, \
                 CAST(SUM(CASE WHEN sentiment = 'positive' THEN 1 ELSE 0 END) AS BIGINT) AS positive \
                 FROM mentions WHERE theme_id = $1 AND created_at >= $2 AND created_at < $3 \
                 AND deleted_at IS NULL AND ($4 IS NULL OR channel = $4) \
                 AND ($5 IS NULL OR source_id = $5) GROUP BY channel ORDER BY channel",
            )
            .bind(theme)
            .bind(from.0)
            .bind(to.0)
            .bind(f.channel.as_deref())
            .bind(f.source)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Cases opened in the period, narrowed by channel, team and tag, counted per bucket of
    /// `width` ms (an hour or a day; buckets start on its multiples) and in total. A clock
    /// counts once it is decided: its stored outcome when there is one (a priority change
    /// may have moved the due time since), else met when the response (or resolution) came
    /// by its due time, breached when it came late or the due time passed before `now`
    /// without it.
    pub async fn report_cases(
        &self,
        from: Timestamp,
        to: Timestamp,
        f: &ReportFilter,
        width: i64,
        now: Timestamp,
    ) -> Result<CaseSummary> {
        let clock = |outcome: &str, done: &str, due: &str| {
            (
                format!(
                    "CASE WHEN {outcome} IS NOT NULL OR ({due} IS NOT NULL \
                     AND ({done} IS NOT NULL OR {due} < $6)) THEN 1 ELSE 0 END"
                ),
                format!(
                    "CASE WHEN {outcome} IS NOT NULL THEN \
                     (CASE WHEN {outcome} = 'met' THEN 1 ELSE 0 END) \
                     WHEN {done} IS NOT NULL AND {due} IS NOT NULL AND {done} <= {due} THEN 1 \
                     ELSE 0 END"
                ),
            )
        };
        let (fr_decided, fr_met) = clock(
            "sla_first_response",
            "first_response_at",
            "first_response_due",
        );
        let (res_decided, res_met) = clock("sla_resolution", "resolved_at", "resolution_due");
        let start = "CASE WHEN last_customer_at < created_at THEN last_customer_at \
                     ELSE created_at END";
        let width = width.max(1);
        let sql = |agg: &str| {
            format!(
                "SELECT COUNT(*) AS opened, CAST({agg}(created_at / {width}) AS TEXT) AS opened_in, \
                 CAST(SUM({fr_decided} + {res_decided}) AS BIGINT) AS sla_decided, \
                 CAST(SUM({fr_met} + {res_met}) AS BIGINT) AS sla_met, \
                 CAST({agg}(CASE WHEN first_response_at < {start} THEN 0 \
                   ELSE (first_response_at - {start}) / 1000 END) \
                   FILTER (WHERE first_response_at IS NOT NULL) AS TEXT) AS first_response_s, \
                 CAST({agg}(CASE WHEN resolved_at < created_at THEN 0 \
                   ELSE (resolved_at - created_at) / 1000 END) \
                   FILTER (WHERE resolved_at IS NOT NULL) AS TEXT) AS resolution_s \
                 {CASES_IN_REPORT}"
            )
        };
        let row: CaseRow = with_db!(&self.read, |pool| {
            // Audited: built from the literals above and a number.
            sqlx::query_as(sqlx::AssertSqlSafe(sql(json_array_agg(&self.read))))
                .bind(from.0)
                .bind(to.0)
                .bind(f.channel.as_deref())
                .bind(f.team)
                .bind(f.tag.as_deref())
                .bind(now.0)
                .fetch_one(pool)
                .await?
        });
        Ok(CaseSummary {
            opened: row.opened,
            buckets: per_bucket(json_numbers(row.opened_in)?, width),
            sla_decided: row.sla_decided.unwrap_or(0),
            sla_met: row.sla_met.unwrap_or(0),
            first_response_s: json_numbers(row.first_response_s)?,
            resolution_s: json_numbers(row.resolution_s)?,
        })
    }

    /// Published topics posted in the period (optionally with a tag), counted per bucket of
    /// `width` ms and in total.
    pub async fn report_topics(
        &self,
        from: Timestamp,
        to: Timestamp,
        tag: Option<&str>,
        width: i64,
    ) -> Result<TopicSummary> {
        let question = "t.kind IN ('question', 'problem')";
        let width = width.max(1);
        let sql = |agg: &str| {
            format!(
                "SELECT COUNT(*) AS topics, CAST({agg}(t.created_at / {width}) AS TEXT) AS posted_in, \
                 CAST(SUM(CASE WHEN {question} THEN 1 ELSE 0 END) AS BIGINT) AS questions, \
                 CAST(SUM(CASE WHEN {question} AND r.id IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) \
                   AS answered, \
                 CAST(SUM(CASE WHEN {question} AND r.id IS NOT NULL AND NOT r.official \
                   THEN 1 ELSE 0 END) AS BIGINT) AS peer_answered, \
                 CAST({agg}(CASE WHEN t.first_reply_at < t.created_at THEN 0 \
                   ELSE (t.first_reply_at - t.created_at) / 1000 END) \
                   FILTER (WHERE {question} AND t.first_reply_at IS NOT NULL) AS TEXT) \
                   AS first_answer_s \
                 {TOPICS_IN_REPORT}"
            )
        };
        let row: TopicRow = with_db!(&self.read, |pool| {
            // Audited: built from the literals above and a number.
            sqlx::query_as(sqlx::AssertSqlSafe(sql(json_array_agg(&self.read))))
                .bind(from.0)
                .bind(to.0)
                .bind(tag)
                .fetch_one(pool)
                .await?
        });
        Ok(TopicSummary {
            topics: row.topics,
            buckets: per_bucket(json_numbers(row.posted_in)?, width),
            questions: row.questions.unwrap_or(0),
            answered: row.answered.unwrap_or(0),
            peer_answered: row.peer_answered.unwrap_or(0),
            first_answer_s: json_numbers(row.first_answer_s)?,
        })
    }
}
