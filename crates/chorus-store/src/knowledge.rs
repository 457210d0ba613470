//! Knowledge base persistence: articles with every version kept, helpful votes and view
//! counts, links to the topic or case an article was promoted from, and deflection events.

use chorus_core::Timestamp;

use crate::{Result, Store, with_db};

pub use chorus_core::views::knowledge::{Article, ArticleVersion};

/// A new article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewArticle<'a> {
    /// Title.
    pub title: &'a str,
    /// Markdown.
    pub body: &'a str,
    /// Rendered HTML.
    pub body_html: &'a str,
    /// Category.
    pub category: &'a str,
    /// Author.
    pub author_id: i64,
    /// Promoted from this topic.
    pub source_topic_id: Option<i64>,
    /// Promoted from this case.
    pub source_case_id: Option<i64>,
}

/// The events of one compose form, summarised.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DraftSummary {
    /// First event (ms).
    pub first_at: i64,
    /// Last event (ms).
    pub last_at: i64,
    /// Suggestions were shown.
    pub shown: bool,
    /// A suggestion was opened.
    pub opened: bool,
    /// The writer said a suggestion solved it.
    pub solved: bool,
    /// The topic was posted anyway.
    pub posted: bool,
    /// The origin of the page that embedded the widget the session ran in; `None` for the
    /// hub's own compose form.
    pub origin: Option<String>,
}

macro_rules! article_select {
    () => {
        "SELECT a.id, a.title, a.body, a.body_html, a.category, a.state, \
         a.version, a.author_id, u.name AS author_name, a.source_topic_id, a.source_case_id, \
         a.helpful_yes, a.helpful_no, a.view_count, a.created_at, a.updated_at, a.published_at, \
         a.published_by, a.transcript FROM articles a JOIN users u ON u.id = a.author_id"
    };
}

impl Store {
    /// Sets the captions or transcript of an article's videos; false when it does not exist.
    pub async fn set_article_transcript(
        &self,
        id: i64,
        transcript: &str,
        now: Timestamp,
    ) -> Result<bool> {
        let done = with_db!(&self.write, |pool| {
            sqlx::query("UPDATE articles SET transcript = $2, updated_at = $3 WHERE id = $1")
                .bind(id)
                .bind(transcript)
                .bind(now.0)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    /// Creates a draft article and its first version in one transaction.
    pub async fn create_article(&self, a: &NewArticle<'_>, now: Timestamp) -> Result<i64> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO articles (title, body, body_html, category, author_id, \
                 source_topic_id, source_case_id, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
            )
            .bind(a.title)
            .bind(a.body)
            .bind(a.body_html)
            .bind(a.category)
            .bind(a.author_id)
            .bind(a.source_topic_id)
            .bind(a.source_case_id)
            .bind(now.0)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO article_versions (article_id, version, title, body, category, \
                 editor_id, created_at) VALUES ($1, 1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(a.title)
            .bind(a.body)
            .bind(a.category)
            .bind(a.author_id)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            id
        }))
    }

    /// An article by id.
    pub async fn article(&self, id: i64) -> Result<Option<Article>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(article_select!(), " WHERE a.id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The article promoted from a topic.
    pub async fn article_from_topic(&self, topic_id: i64) -> Result<Option<Article>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(article_select!(), " WHERE a.source_topic_id = $1"))
                .bind(topic_id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The article promoted from a case.
    pub async fn article_from_case(&self, case_id: i64) -> Result<Option<Article>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(article_select!(), " WHERE a.source_case_id = $1"))
                .bind(case_id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Saves a new version if the article is still at `expected_version` (an edit based on an
    /// older version fails instead of overwriting someone else's). Returns whether it saved.
    #[allow(clippy::too_many_arguments)]
    pub async fn update_article(
        &self,
        id: i64,
        expected_version: i64,
        title: &str,
        body: &str,
        body_html: &str,
        category: &str,
        editor_id: i64,
        now: Timestamp,
    ) -> Result<bool> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(
                "UPDATE articles SET title = $1, body = $2, body_html = $3, category = $4, \
                 version = version + 1, updated_at = $5 WHERE id = $6 AND version = $7",
            )
            .bind(title)
            .bind(body)
            .bind(body_html)
            .bind(category)
            .bind(now.0)
            .bind(id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if done {
                sqlx::query(
                    "INSERT INTO article_versions (article_id, version, title, body, category, \
                     editor_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(id)
                .bind(expected_version + 1)
                .bind(title)
                .bind(body)
                .bind(category)
                .bind(editor_id)
                .bind(now.0)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
            }
            done
        }))
    }

    /// Moves an article to `state`; publishing records who and when.
    pub async fn set_article_state(
        &self,
        id: i64,
        state: &str,
        by: i64,
        now: Timestamp,
    ) -> Result<bool> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE articles SET state = $1, updated_at = $2, \
                 published_at = CASE WHEN $1 = 'published' THEN $2 ELSE published_at END, \
                 published_by = CASE WHEN $1 = 'published' THEN $3 ELSE published_by END \
                 WHERE id = $4",
            )
            .bind(state)
            .bind(now.0)
            .bind(by)
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected()
                == 1
        }))
    }

    /// Articles in a state (all states when `None`), optionally of one category, most
    /// recently changed first.
    pub async fn list_articles(
        &self,
        state: Option<&str>,
        category: Option<&str>,
        limit: i64,
    ) -> Result<Vec<Article>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(
                article_select!(),
                " WHERE ($1 = '' OR a.state = $1) AND ($2 = '' OR a.category = $2) \
                 ORDER BY a.updated_at DESC, a.id DESC LIMIT $3"
            ))
            .bind(state.unwrap_or(""))
            .bind(category.unwrap_or(""))
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Categories of published articles with their counts.
    pub async fn article_categories(&self) -> Result<Vec<(String, i64)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT category, COUNT(*) FROM articles WHERE state = 'published' \
                 GROUP BY category ORDER BY category",
            )
            .fetch_all(pool)
            .await?
        }))
    }

    /// Every version of an article, newest first.
    pub async fn article_versions(&self, id: i64) -> Result<Vec<ArticleVersion>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT v.version, v.title, v.body, v.category, u.name AS editor_name, \
                 v.created_at FROM article_versions v LEFT JOIN users u ON u.id = v.editor_id \
                 WHERE v.article_id = $1 ORDER BY v.version DESC",
            )
            .bind(id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Records a helpful vote (a voter's later vote replaces the earlier) and returns the
    /// counters, recounted in the same transaction.
    pub async fn vote_article(
        &self,
        id: i64,
        voter: &str,
        helpful: bool,
        now: Timestamp,
    ) -> Result<(i64, i64)> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO article_votes (article_id, voter, helpful, created_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (article_id, voter) \
                 DO UPDATE SET helpful = excluded.helpful, created_at = excluded.created_at",
            )
            .bind(id)
            .bind(voter)
            .bind(helpful)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
            let counts: (i64, i64) = sqlx::query_as(
                "UPDATE articles SET \
                 helpful_yes = (SELECT COUNT(*) FROM article_votes WHERE article_id = $1 AND helpful), \
                 helpful_no = (SELECT COUNT(*) FROM article_votes WHERE article_id = $1 AND NOT helpful) \
                 WHERE id = $1 RETURNING helpful_yes, helpful_no",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            counts
        }))
    }

    /// Counts a page view.
    pub async fn article_viewed(&self, id: i64) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query("UPDATE articles SET view_count = view_count + 1 WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// The oldest live topic with an accepted answer (the demo promotes it).
    pub async fn first_answered_topic(&self) -> Result<Option<i64>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_scalar(
                "SELECT id FROM topics WHERE accepted_reply_id IS NOT NULL \
                 AND deleted_at IS NULL ORDER BY id LIMIT 1",
            )
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Records a deflection event.
    #[allow(clippy::too_many_arguments)]
    pub async fn record_deflection(
        &self,
        draft: &str,
        event: &str,
        target: Option<(&str, i64)>,
        user_id: Option<i64>,
        query: &str,
        origin: Option<&str>,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query(
                "INSERT INTO deflection_events (draft, event, target_type, target_id, user_id, \
                 query, created_at, origin) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(draft)
            .bind(event)
            .bind(target.map(|t| t.0))
            .bind(target.map(|t| t.1))
            .bind(user_id)
            .bind(query)
            .bind(now.0)
            .bind(origin)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Compose sessions whose first event falls in `[from, to)`, one row per draft.
    pub async fn deflection_drafts(&self, from: i64, to: i64) -> Result<Vec<DraftSummary>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT MIN(created_at) AS first_at, MAX(created_at) AS last_at, \
                 MAX(CASE WHEN event = 'shown' THEN 1 ELSE 0 END) = 1 AS shown, \
                 MAX(CASE WHEN event = 'opened' THEN 1 ELSE 0 END) = 1 AS opened, \
                 MAX(CASE WHEN event = 'solved' THEN 1 ELSE 0 END) = 1 AS solved, \
                 MAX(CASE WHEN event = 'posted' THEN 1 ELSE 0 END) = 1 AS posted, \
                 MAX(origin) AS origin \
                 FROM deflection_events WHERE created_at >= $1 AND created_at < $2 + 86400000 \
                 GROUP BY draft \
                 HAVING MIN(created_at) >= $1 AND MIN(created_at) < $2 ORDER BY first_at",
            )
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await?
        }))
    }
}
