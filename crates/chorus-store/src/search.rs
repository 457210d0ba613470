//! Search persistence: the queue of content to (re)index, the sources documents are built
//! from, and — for the PostgreSQL backend — the documents themselves with a GIN-indexed
//! `tsvector` and the vocabulary used to correct misspellings.

use chorus_core::Timestamp;

use crate::{Db, Result, Store, StoreError, with_db};

/// A search document as stored for the PostgreSQL backend.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchDocRow {
    /// `topic`, `reply`, `article` or `mention`.
    pub kind: String,
    /// Id within its kind.
    pub doc_id: i64,
    /// Title.
    pub title: String,
    /// Plain text body.
    pub body: String,
    /// A `tsvector` literal (the analyzer's output with positions and weights).
    pub lexemes: String,
    /// Tags as `' a b '` (spaces around each), so a tag filter is a substring test.
    pub tags: String,
    /// Status.
    pub status: Option<String>,
    /// Channel.
    pub channel: Option<String>,
    /// Created (ms).
    pub created_at: i64,
    /// Staff only.
    pub staff_only: bool,
    /// Worth suggesting.
    pub answered: bool,
    /// Topic of a reply.
    pub topic_id: Option<i64>,
}

/// A matching document with its rank.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SearchDocHit {
    /// Kind.
    pub kind: String,
    /// Id.
    pub doc_id: i64,
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
    /// Topic of a reply.
    pub topic_id: Option<i64>,
    /// Created (ms).
    pub created_at: i64,
    /// `ts_rank_cd` with length normalization.
    pub score: f64,
}

/// Filters of a full-text query; empty strings mean "any".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchFilter {
    /// Kinds as `,topic,article,` (empty: all).
    pub kinds: String,
    /// Tag.
    pub tag: String,
    /// Status.
    pub status: String,
    /// Channel.
    pub channel: String,
    /// Created at or after (ms).
    pub from: i64,
    /// Created before (ms).
    pub to: i64,
    /// Include staff-only documents.
    pub staff: bool,
    /// Only documents worth suggesting.
    pub answered_only: bool,
}

/// A topic as the indexer needs it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct TopicSource {
    /// Id.
    pub id: i64,
    /// Kind (question, problem, idea, praise).
    pub kind: String,
    /// Title.
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Space-separated tags.
    pub tags: String,
    /// Idea status.
    pub status: Option<String>,
    /// Body of the accepted answer, if any.
    pub accepted_body: Option<String>,
    /// Created (ms).
    pub created_at: i64,
    /// Deleted.
    pub deleted: bool,
}

/// A town hall question as the indexer needs it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct QuestionSource {
    /// Id.
    pub id: i64,
    /// Its town hall.
    pub event_id: i64,
    /// The town hall's title.
    pub title: String,
    /// The question.
    pub body: String,
    /// The official answer (Markdown), if any.
    pub answer: Option<String>,
    /// The town hall's product, or empty.
    pub product: String,
    /// Asked (ms).
    pub created_at: i64,
    /// Shown to everyone: visible and not merged into another.
    pub shown: bool,
}

/// A reply as the indexer needs it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ReplySource {
    /// Id.
    pub id: i64,
    /// Its topic.
    pub topic_id: i64,
    /// The topic's title.
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Space-separated tags of the topic.
    pub tags: String,
    /// Created (ms).
    pub created_at: i64,
    /// The reply or its topic is deleted.
    pub deleted: bool,
}

/// An article as the indexer needs it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ArticleSource {
    /// Id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Category.
    pub category: String,
    /// Captions or a transcript of its videos (searched with the body).
    pub transcript: String,
    /// State.
    #[sqlx(try_from = "String")]
    pub state: chorus_core::views::knowledge::ArticleState,
    /// Created (ms).
    pub created_at: i64,
}

/// A mention as the indexer needs it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MentionSource {
    /// Id.
    pub id: i64,
    /// Channel.
    pub channel: String,
    /// Author handle.
    pub author: String,
    /// Text.
    pub text: String,
    /// Intent label.
    pub intent: String,
    /// Sentiment label.
    pub sentiment: String,
    /// Created (ms).
    pub created_at: i64,
    /// Deleted.
    pub deleted: bool,
}

macro_rules! topic_source {
    () => {
        "SELECT t.id, t.kind, t.title, t.body, t.tags, t.status, r.body AS accepted_body, \
         t.created_at, (t.deleted_at IS NOT NULL OR t.visibility <> 'visible') AS deleted \
         FROM topics t LEFT JOIN replies r ON r.id = t.accepted_reply_id AND r.deleted_at IS NULL"
    };
}
macro_rules! reply_source {
    () => {
        "SELECT r.id, r.topic_id, t.title, r.body, t.tags, r.created_at, \
         (r.deleted_at IS NOT NULL OR t.deleted_at IS NOT NULL OR r.visibility <> 'visible' \
          OR t.visibility <> 'visible') AS deleted \
         FROM replies r JOIN topics t ON t.id = r.topic_id"
    };
}
macro_rules! article_source {
    () => {
        "SELECT id, title, body, category, transcript, state, created_at FROM articles"
    };
}
macro_rules! question_source {
    () => {
        "SELECT q.id, q.event_id, e.title, q.body, q.answer, e.product, q.created_at, \
         (q.visibility = 'visible' AND q.merged_into IS NULL) AS shown \
         FROM town_hall_questions q JOIN town_halls e ON e.id = q.event_id"
    };
}
macro_rules! mention_source {
    () => {
        "SELECT id, channel, author, text, intent, sentiment, created_at, \
         (deleted_at IS NOT NULL) AS deleted FROM mentions"
    };
}

impl Store {
    /// Queues a document for (re)indexing; queuing it again before it is indexed is a no-op.
    pub async fn search_enqueue(&self, kind: &str, id: i64, now: Timestamp) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query(
                "INSERT INTO search_pending (kind, doc_id, queued_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (kind, doc_id) DO NOTHING",
            )
            .bind(kind)
            .bind(id)
            .bind(now.0)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// The oldest queued documents.
    pub async fn search_pending(&self, limit: i64) -> Result<Vec<(String, i64, i64)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT kind, doc_id, queued_at FROM search_pending \
                 ORDER BY queued_at, kind, doc_id LIMIT $1",
            )
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Removes indexed documents from the queue, unless they were queued again after
    /// `queued_at` (a change that arrived while indexing stays queued).
    pub async fn search_dequeue(&self, done: &[(String, i64, i64)]) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            for (kind, id, queued_at) in done {
                sqlx::query(
                    "DELETE FROM search_pending WHERE kind = $1 AND doc_id = $2 \
                     AND queued_at <= $3",
                )
                .bind(kind)
                .bind(id)
                .bind(queued_at)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Topics by id.
    pub async fn search_topics(&self, ids: &[i64]) -> Result<Vec<TopicSource>> {
        self.sources_by_id(concat!(topic_source!(), " WHERE t.id = $1"), ids)
            .await
    }

    /// Replies by id.
    pub async fn search_replies(&self, ids: &[i64]) -> Result<Vec<ReplySource>> {
        self.sources_by_id(concat!(reply_source!(), " WHERE r.id = $1"), ids)
            .await
    }

    /// Articles by id.
    pub async fn search_articles(&self, ids: &[i64]) -> Result<Vec<ArticleSource>> {
        self.sources_by_id(concat!(article_source!(), " WHERE id = $1"), ids)
            .await
    }

    /// Town hall questions by id.
    pub async fn search_questions(&self, ids: &[i64]) -> Result<Vec<QuestionSource>> {
        self.sources_by_id(concat!(question_source!(), " WHERE q.id = $1"), ids)
            .await
    }

    /// The next `limit` town hall questions after id `after` (rebuilds).
    pub async fn search_questions_after(
        &self,
        after: i64,
        limit: i64,
    ) -> Result<Vec<QuestionSource>> {
        self.sources_after(
            concat!(
                question_source!(),
                " WHERE q.id > $1 ORDER BY q.id LIMIT $2"
            ),
            after,
            limit,
        )
        .await
    }

    /// Live replies of a topic (re-indexed when the topic's title or tags change).
    pub async fn search_reply_ids(&self, topic_id: i64) -> Result<Vec<i64>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_scalar("SELECT id FROM replies WHERE topic_id = $1 AND deleted_at IS NULL")
                .bind(topic_id)
                .fetch_all(pool)
                .await?
        }))
    }

    /// The next `limit` topics after id `after` (rebuilds).
    pub async fn search_topics_after(&self, after: i64, limit: i64) -> Result<Vec<TopicSource>> {
        self.sources_after(
            concat!(topic_source!(), " WHERE t.id > $1 ORDER BY t.id LIMIT $2"),
            after,
            limit,
        )
        .await
    }

    /// The next `limit` replies after id `after`.
    pub async fn search_replies_after(&self, after: i64, limit: i64) -> Result<Vec<ReplySource>> {
        self.sources_after(
            concat!(reply_source!(), " WHERE r.id > $1 ORDER BY r.id LIMIT $2"),
            after,
            limit,
        )
        .await
    }

    /// The next `limit` articles after id `after`.
    pub async fn search_articles_after(
        &self,
        after: i64,
        limit: i64,
    ) -> Result<Vec<ArticleSource>> {
        self.sources_after(
            concat!(article_source!(), " WHERE id > $1 ORDER BY id LIMIT $2"),
            after,
            limit,
        )
        .await
    }

    /// The next `limit` mentions after id `after`, leaving out the community's own (they are
    /// indexed as topics and replies).
    pub async fn search_mentions_after(
        &self,
        after: i64,
        limit: i64,
    ) -> Result<Vec<MentionSource>> {
        self.sources_after(
            concat!(
                mention_source!(),
                " WHERE id > $1 AND channel <> 'community' ORDER BY id LIMIT $2"
            ),
            after,
            limit,
        )
        .await
    }

    /// Mentions by id.
    pub async fn search_mentions(&self, ids: &[i64]) -> Result<Vec<MentionSource>> {
        self.sources_by_id(concat!(mention_source!(), " WHERE id = $1"), ids)
            .await
    }

    /// Row counts of the indexable tables (topics, replies, articles, mentions, town hall
    /// questions), for progress.
    pub async fn search_source_counts(&self) -> Result<[i64; 5]> {
        let (a, b, c, d, e): (i64, i64, i64, i64, i64) = with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM topics), (SELECT COUNT(*) FROM replies), \
                 (SELECT COUNT(*) FROM articles), \
                 (SELECT COUNT(*) FROM mentions WHERE channel <> 'community'), \
                 (SELECT COUNT(*) FROM town_hall_questions)",
            )
            .fetch_one(pool)
            .await?
        });
        Ok([a, b, c, d, e])
    }

    async fn sources_by_id<T>(&self, sql: &'static str, ids: &[i64]) -> Result<Vec<T>>
    where
        T: Send
            + Unpin
            + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
            + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
    {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let row: Option<T> = with_db!(&self.read, |pool| {
                sqlx::query_as(sql).bind(id).fetch_optional(pool).await?
            });
            out.extend(row);
        }
        Ok(out)
    }

    async fn sources_after<T>(&self, sql: &'static str, after: i64, limit: i64) -> Result<Vec<T>>
    where
        T: Send
            + Unpin
            + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
            + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
    {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(sql)
                .bind(after)
                .bind(limit)
                .fetch_all(pool)
                .await?
        }))
    }

    /// Writes documents, deletes others and records new vocabulary, in one transaction.
    pub async fn search_docs_apply(
        &self,
        upserts: &[SearchDocRow],
        deletes: &[(String, i64)],
        terms: &[String],
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            for (kind, id) in deletes {
                sqlx::query("DELETE FROM search_docs WHERE kind = $1 AND doc_id = $2")
                    .bind(kind)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            for d in upserts {
                sqlx::query(
                    "INSERT INTO search_docs (kind, doc_id, title, body, lexemes, tags, status, \
                     channel, created_at, staff_only, answered, topic_id) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
                     ON CONFLICT (kind, doc_id) DO UPDATE SET title = excluded.title, \
                     body = excluded.body, lexemes = excluded.lexemes, tags = excluded.tags, \
                     status = excluded.status, channel = excluded.channel, \
                     created_at = excluded.created_at, staff_only = excluded.staff_only, \
                     answered = excluded.answered, topic_id = excluded.topic_id",
                )
                .bind(&d.kind)
                .bind(d.doc_id)
                .bind(&d.title)
                .bind(&d.body)
                .bind(&d.lexemes)
                .bind(&d.tags)
                .bind(&d.status)
                .bind(&d.channel)
                .bind(d.created_at)
                .bind(d.staff_only)
                .bind(d.answered)
                .bind(d.topic_id)
                .execute(&mut *tx)
                .await?;
            }
            for t in terms {
                sqlx::query("INSERT INTO search_terms (term) VALUES ($1) ON CONFLICT DO NOTHING")
                    .bind(t)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Removes every search document.
    pub async fn search_docs_clear(&self) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query("DELETE FROM search_docs").execute(pool).await?;
        });
        Ok(())
    }

    /// How many search documents are stored.
    pub async fn search_docs_count(&self) -> Result<i64> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_scalar("SELECT COUNT(*) FROM search_docs")
                .fetch_one(pool)
                .await?
        }))
    }

    /// Runs a full-text query (PostgreSQL only): `tsquery` is a `tsquery` literal built from
    /// analyzer tokens; documents are ranked by `ts_rank_cd` (title weighs A, body B).
    pub async fn search_docs_query(
        &self,
        tsquery: &str,
        f: &SearchFilter,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<SearchDocHit>> {
        let Db::Postgres(pool) = &self.read else {
            return Err(StoreError::Unsupported(
                "full-text queries in the database need PostgreSQL".into(),
            ));
        };
        Ok(sqlx::query_as(
            "SELECT kind, doc_id, title, body, topic_id, created_at, \
             ts_rank_cd(lexemes::tsvector, q, 1)::float8 AS score \
             FROM search_docs, CAST($1 AS tsquery) AS q \
             WHERE lexemes::tsvector @@ q \
               AND ($2 = '' OR strpos($2, ',' || kind || ',') > 0) \
               AND ($3 = '' OR strpos(tags, ' ' || $3 || ' ') > 0) \
               AND ($4 = '' OR status = $4) AND ($5 = '' OR channel = $5) \
               AND created_at >= $6 AND created_at < $7 \
               AND ($8 OR NOT staff_only) AND (NOT $9 OR answered) \
             ORDER BY score DESC, created_at DESC, doc_id DESC LIMIT $10 OFFSET $11",
        )
        .bind(tsquery)
        .bind(&f.kinds)
        .bind(&f.tag)
        .bind(&f.status)
        .bind(&f.channel)
        .bind(f.from)
        .bind(f.to)
        .bind(f.staff)
        .bind(f.answered_only)
        .bind(limit)
        .bind(offset)
        .fetch_all(pool)
        .await?)
    }

    /// Whether the vocabulary knows `term`.
    pub async fn search_term_known(&self, term: &str) -> Result<bool> {
        let found: Option<String> = with_db!(&self.read, |pool| {
            sqlx::query_scalar("SELECT term FROM search_terms WHERE term = $1")
                .bind(term)
                .fetch_optional(pool)
                .await?
        });
        Ok(found.is_some())
    }

    /// Vocabulary words starting with `first` whose length (in bytes) is within the range:
    /// the candidates for correcting a misspelling.
    pub async fn search_terms_near(
        &self,
        first: char,
        min_len: i64,
        max_len: i64,
    ) -> Result<Vec<String>> {
        let lo = first.to_string();
        let hi = char::from_u32(u32::from(first) + 1)
            .unwrap_or(char::MAX)
            .to_string();
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_scalar(
                "SELECT term FROM search_terms WHERE term >= $1 AND term < $2 \
                 AND length(term) BETWEEN $3 AND $4 LIMIT 5000",
            )
            .bind(&lo)
            .bind(&hi)
            .bind(min_len)
            .bind(max_len)
            .fetch_all(pool)
            .await?
        }))
    }
}
