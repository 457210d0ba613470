//! Bulk inserts for seeding large hubs (benchmarks, imports): many rows per statement, one
//! transaction per call. Counters must be supplied by the caller, consistent with the rows.

use std::collections::BTreeMap;

use chorus_core::{Timestamp, TopicKind};

use crate::listening::day_of;
use crate::{Result, Store, with_db};

/// A user row for bulk seeding.
#[derive(Debug, Clone)]
pub struct BulkUser {
    /// Unique e-mail.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Role name.
    pub role: &'static str,
}

/// A topic row with its counters already computed.
#[derive(Debug, Clone)]
pub struct BulkTopic {
    /// Id to use (so replies can refer to it).
    pub id: i64,
    /// Kind.
    pub kind: TopicKind,
    /// Title.
    pub title: String,
    /// Markdown.
    pub body: String,
    /// Rendered HTML.
    pub body_html: String,
    /// Author id.
    pub author_id: i64,
    /// Space-separated tags (also written to `topic_tags`).
    pub tags: Vec<String>,
    /// Replies that will be inserted for it.
    pub reply_count: i64,
    /// Votes + me-toos (kept in `vote_count` for ideas, `me_too_count` otherwise).
    pub score: i64,
    /// Creation time.
    pub created_at: Timestamp,
    /// Time of the last reply (or creation).
    pub last_activity_at: Timestamp,
    /// Time of the first reply.
    pub first_reply_at: Option<Timestamp>,
}

/// A reply row.
#[derive(Debug, Clone)]
pub struct BulkReply {
    /// Topic id.
    pub topic_id: i64,
    /// Author id.
    pub author_id: i64,
    /// Markdown.
    pub body: String,
    /// Rendered HTML.
    pub body_html: String,
    /// Written by staff.
    pub official: bool,
    /// Posting time.
    pub created_at: Timestamp,
}

/// Rows per INSERT statement; keeps the bound parameters under SQLite's limit.
const CHUNK: usize = 400;

impl Store {
    /// Inserts users with an unusable password hash (nobody can log in as them); returns ids.
    pub async fn bulk_insert_users(&self, users: &[BulkUser], now: Timestamp) -> Result<Vec<i64>> {
        let mut ids = Vec::with_capacity(users.len());
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            for chunk in users.chunks(CHUNK) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO users (email, name, password_hash, role, created_at, updated_at) ",
                );
                q.push_values(chunk, |mut b, u| {
                    b.push_bind(u.email.as_str())
                        .push_bind(u.name.as_str())
                        .push_bind("!bulk-seeded")
                        .push_bind(u.role)
                        .push_bind(now.0)
                        .push_bind(now.0);
                });
                q.push(" RETURNING id");
                let rows: Vec<(i64,)> = q.build_query_as().fetch_all(&mut *tx).await?;
                ids.extend(rows.into_iter().map(|r| r.0));
            }
            tx.commit().await?;
        });
        Ok(ids)
    }

    /// Inserts topics (with their tags) in one transaction.
    pub async fn bulk_insert_topics(&self, topics: &[BulkTopic]) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            for chunk in topics.chunks(CHUNK / 2) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO topics (id, kind, title, body, body_html, author_id, tags, status, reply_count, \
                     vote_count, me_too_count, score, follower_count, first_reply_at, last_activity_at, created_at) ",
                );
                q.push_values(chunk, |mut b, t| {
                    let idea = t.kind == TopicKind::Idea;
                    b.push_bind(t.id)
                        .push_bind(t.kind.as_str())
                        .push_bind(t.title.as_str())
                        .push_bind(t.body.as_str())
                        .push_bind(t.body_html.as_str())
                        .push_bind(t.author_id)
                        .push_bind(t.tags.join(" "))
                        .push_bind(idea.then_some("open"))
                        .push_bind(t.reply_count)
                        .push_bind(if idea { t.score } else { 0 })
                        .push_bind(if t.kind.takes_me_too() { t.score } else { 0 })
                        .push_bind(if idea || t.kind.takes_me_too() {
                            t.score
                        } else {
                            0
                        })
                        .push_bind(1_i64)
                        .push_bind(t.first_reply_at.map(|f| f.0))
                        .push_bind(t.last_activity_at.0)
                        .push_bind(t.created_at.0);
                });
                q.build().execute(&mut *tx).await?;
                let tags: Vec<(i64, &str)> = chunk
                    .iter()
                    .flat_map(|t| t.tags.iter().map(move |g| (t.id, g.as_str())))
                    .collect();
                for tag_chunk in tags.chunks(CHUNK) {
                    let mut q = sqlx::QueryBuilder::new("INSERT INTO topic_tags (topic_id, tag) ");
                    q.push_values(tag_chunk, |mut b, (id, tag)| {
                        b.push_bind(*id).push_bind(*tag);
                    });
                    q.build().execute(&mut *tx).await?;
                }
                let mut counts: std::collections::BTreeMap<&str, i64> =
                    std::collections::BTreeMap::new();
                for (_, tag) in &tags {
                    *counts.entry(tag).or_default() += 1;
                }
                for (tag, n) in counts {
                    sqlx::query(crate::community::COUNT_TAG)
                        .bind(tag)
                        .bind(n)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            tx.commit().await?;
        });
        // Explicit ids do not advance PostgreSQL's identity sequence; move it past them.
        if let crate::Db::Postgres(pool) = &self.write {
            sqlx::query("SELECT setval(pg_get_serial_sequence('topics', 'id'), (SELECT MAX(id) FROM topics))")
                .execute(pool)
                .await?;
        }
        Ok(())
    }

    /// Inserts replies in one transaction (topic counters are the caller's business).
    pub async fn bulk_insert_replies(&self, replies: &[BulkReply]) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            for chunk in replies.chunks(CHUNK) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO replies (topic_id, author_id, body, body_html, official, created_at) ",
                );
                q.push_values(chunk, |mut b, r| {
                    b.push_bind(r.topic_id)
                        .push_bind(r.author_id)
                        .push_bind(r.body.as_str())
                        .push_bind(r.body_html.as_str())
                        .push_bind(r.official)
                        .push_bind(r.created_at.0);
                });
                q.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// The largest topic id (0 when there is none), to continue ids in bulk seeding.
    pub async fn max_topic_id(&self) -> Result<i64> {
        let id: Option<i64> = with_db!(&self.read, |pool| {
            sqlx::query_scalar("SELECT MAX(id) FROM topics")
                .fetch_one(pool)
                .await?
        });
        Ok(id.unwrap_or(0))
    }
}

/// A mention for bulk loading (benchmarks): signals are given, not computed.
#[derive(Debug, Clone)]
pub struct BulkMention {
    /// Channel.
    pub channel: &'static str,
    /// External id (unique per channel).
    pub external_id: String,
    /// Author handle.
    pub author: String,
    /// Author followers.
    pub followers: i64,
    /// Text.
    pub text: String,
    /// Posted (ms).
    pub created_at: i64,
    /// `negative`, `neutral` or `positive`.
    pub sentiment: &'static str,
    /// `complaint`, `question`, `praise`, `idea` or `other`.
    pub intent: &'static str,
    /// Theme.
    pub theme_id: Option<i64>,
}

/// A case for bulk loading (benchmarks).
#[derive(Debug, Clone)]
pub struct BulkCase {
    /// Channel.
    pub channel: &'static str,
    /// Opened (ms).
    pub created_at: i64,
    /// First response (ms).
    pub first_response_at: Option<i64>,
    /// Resolved (ms).
    pub resolved_at: Option<i64>,
    /// `met` or `breached`.
    pub sla: &'static str,
}

impl Store {
    /// Inserts mentions in one transaction per call (their counters are the caller's: see
    /// [`Store::bulk_insert_counts`]).
    pub async fn bulk_insert_mentions(&self, mentions: &[BulkMention]) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            for chunk in mentions.chunks(CHUNK * 2) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO mentions (channel, external_id, author, author_followers, text, \
                     created_at, ingested_at, sentiment, sentiment_score, intent, service_related, \
                     toxicity, abusive, language, theme_id) ",
                );
                q.push_values(chunk, |mut b, m| {
                    let score = match m.sentiment {
                        "negative" => -0.6,
                        "positive" => 0.6,
                        _ => 0.0,
                    };
                    b.push_bind(m.channel)
                        .push_bind(m.external_id.as_str())
                        .push_bind(m.author.as_str())
                        .push_bind(m.followers)
                        .push_bind(m.text.as_str())
                        .push_bind(m.created_at)
                        .push_bind(m.created_at)
                        .push_bind(m.sentiment)
                        .push_bind(score)
                        .push_bind(m.intent)
                        .push_bind(m.intent == "complaint" || m.intent == "question")
                        .push_bind(0.05_f64)
                        .push_bind(false)
                        .push_bind("en")
                        .push_bind(m.theme_id);
                });
                q.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Inserts hourly counters `(bucket, channel, mentions, reach, negative, neutral,
    /// positive, complaints, questions)` and theme counters `(theme, bucket, mentions, reach,
    /// negative)` into an empty hub (benchmarks).
    pub async fn bulk_insert_counts(
        &self,
        counts: &[(i64, &'static str, [i64; 7])],
        themes: &[(i64, i64, [i64; 3])],
    ) -> Result<()> {
        // The daily roll-ups, summed here as the pipeline's writes sum them.
        let mut daily: BTreeMap<(i64, &'static str), [i64; 7]> = BTreeMap::new();
        for (bucket, channel, v) in counts {
            let d = daily.entry((day_of(*bucket), channel)).or_default();
            for (a, x) in d.iter_mut().zip(v) {
                *a = a.saturating_add(*x);
            }
        }
        let daily: Vec<(i64, &'static str, [i64; 7])> =
            daily.into_iter().map(|((b, c), v)| (b, c, v)).collect();
        let mut theme_daily: BTreeMap<(i64, i64), [i64; 3]> = BTreeMap::new();
        for (theme, bucket, v) in themes {
            let d = theme_daily.entry((*theme, day_of(*bucket))).or_default();
            for (a, x) in d.iter_mut().zip(v) {
                *a = a.saturating_add(*x);
            }
        }
        let theme_daily: Vec<(i64, i64, [i64; 3])> = theme_daily
            .into_iter()
            .map(|((t, b), v)| (t, b, v))
            .collect();
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            for (table, rows) in [("mention_counts", counts), ("mention_counts_daily", &daily)] {
                for chunk in rows.chunks(CHUNK) {
                    let mut q = sqlx::QueryBuilder::new(format!(
                        "INSERT INTO {table} (bucket, channel, source_id, mentions, reach, \
                         negative, neutral, positive, complaints, questions) "
                    ));
                    q.push_values(chunk, |mut b, (bucket, channel, v)| {
                        b.push_bind(*bucket).push_bind(*channel).push_bind(0_i64);
                        for x in v {
                            b.push_bind(*x);
                        }
                    });
                    q.build().execute(&mut *tx).await?;
                }
            }
            for (table, rows) in [
                ("theme_counts", themes),
                ("theme_counts_daily", &theme_daily),
            ] {
                for chunk in rows.chunks(CHUNK) {
                    let mut q = sqlx::QueryBuilder::new(format!(
                        "INSERT INTO {table} (theme_id, bucket, mentions, reach, negative) "
                    ));
                    q.push_values(chunk, |mut b, (theme, bucket, v)| {
                        b.push_bind(*theme)
                            .push_bind(*bucket)
                            .push_bind(v[0])
                            .push_bind(v[1])
                            .push_bind(v[2]);
                    });
                    q.build().execute(&mut *tx).await?;
                }
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Inserts themes `(id, label, first_seen, last_seen)` (benchmarks).
    pub async fn bulk_insert_themes(&self, themes: &[(i64, String, i64, i64)]) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            for chunk in themes.chunks(CHUNK) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO themes (id, label, first_seen_at, last_seen_at, created_at, updated_at) ",
                );
                q.push_values(chunk, |mut b, (id, label, first, last)| {
                    b.push_bind(*id)
                        .push_bind(label.as_str())
                        .push_bind(*first)
                        .push_bind(*last)
                        .push_bind(*first)
                        .push_bind(*last);
                });
                q.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Inserts cases (benchmarks).
    pub async fn bulk_insert_cases(&self, cases: &[BulkCase], first_id: i64) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            for (n, chunk) in cases.chunks(CHUNK).enumerate() {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO cases (subject, state, priority, priority_score, priority_explanation, \
                     channel, opened_by, dedupe_key, created_at, updated_at, last_customer_at, \
                     first_response_at, resolved_at, sla_first_response) ",
                );
                let base = first_id + i64::try_from(n * CHUNK).unwrap_or(0);
                let mut i = base;
                q.push_values(chunk, |mut b, c| {
                    b.push_bind("Benchmark case")
                        .push_bind(if c.resolved_at.is_some() {
                            "resolved"
                        } else {
                            "open"
                        })
                        .push_bind("normal")
                        .push_bind(40.0_f64)
                        .push_bind("benchmark")
                        .push_bind(c.channel)
                        .push_bind("benchmark")
                        .push_bind(format!("bench:{i}"))
                        .push_bind(c.created_at)
                        .push_bind(c.created_at)
                        .push_bind(c.created_at)
                        .push_bind(c.first_response_at)
                        .push_bind(c.resolved_at)
                        .push_bind(c.sla);
                    i += 1;
                });
                q.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }
}
