//! In-app notifications and each member's e-mail preferences.

use chorus_core::{ReplyId, Timestamp, TopicId, UserId};

use crate::community::corrupt;
use crate::{Result, Store, with_db};

pub use chorus_core::views::accounts::{Notification, NotificationPrefs, PostAccess};

/// A notification to store. `dedupe_key` makes creation idempotent.
#[derive(Debug, Clone)]
pub struct NewNotification<'a> {
    /// Recipient.
    pub user: UserId,
    /// `reply_on_own_topic`, `reply_on_followed`, `reply_accepted` or `idea_status`.
    pub kind: &'a str,
    /// Topic concerned.
    pub topic: Option<TopicId>,
    /// Reply concerned.
    pub reply: Option<ReplyId>,
    /// Who caused it.
    pub actor: Option<UserId>,
    /// Short extra text (e.g. the new status).
    pub detail: &'a str,
    /// Unique per recipient and event.
    pub dedupe_key: &'a str,
}

#[derive(sqlx::FromRow)]
struct NotificationRow {
    id: i64,
    kind: String,
    topic_id: Option<i64>,
    topic_title: Option<String>,
    reply_id: Option<i64>,
    actor_name: Option<String>,
    detail: String,
    created_at: i64,
    read_at: Option<i64>,
    topic_author: Option<i64>,
    topic_visibility: Option<String>,
    topic_deleted_at: Option<i64>,
    reply_author: Option<i64>,
    reply_visibility: Option<String>,
    reply_deleted_at: Option<i64>,
}

fn access(
    author: Option<i64>,
    visibility: Option<String>,
    deleted_at: Option<i64>,
) -> Result<Option<PostAccess>> {
    let (Some(author), Some(visibility)) = (author, visibility) else {
        return Ok(None);
    };
    Ok(Some(PostAccess {
        author: UserId(author),
        visibility: visibility.parse().map_err(|e| corrupt("visibility", e))?,
        deleted: deleted_at.is_some(),
    }))
}

impl NotificationRow {
    fn into_notification(self) -> Result<Notification> {
        Ok(Notification {
            topic_access: access(
                self.topic_author,
                self.topic_visibility,
                self.topic_deleted_at,
            )?,
            reply_access: access(
                self.reply_author,
                self.reply_visibility,
                self.reply_deleted_at,
            )?,
            id: self.id,
            kind: self.kind,
            topic_id: self.topic_id,
            topic_title: self.topic_title,
            reply_id: self.reply_id,
            actor_name: self.actor_name,
            detail: self.detail,
            created_at: self.created_at,
            read_at: self.read_at,
            withheld: false,
        })
    }
}

impl Store {
    /// Stores a notification; `false` if one with the same dedupe key exists.
    pub async fn insert_notification(
        &self,
        n: &NewNotification<'_>,
        now: Timestamp,
    ) -> Result<bool> {
        let inserted = with_db!(&self.write, |pool| {
            sqlx::query(
                "INSERT INTO notifications (user_id, kind, topic_id, reply_id, actor_id, detail, dedupe_key, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (dedupe_key) DO NOTHING",
            )
            .bind(n.user.0)
            .bind(n.kind)
            .bind(n.topic.map(|t| t.0))
            .bind(n.reply.map(|r| r.0))
            .bind(n.actor.map(|a| a.0))
            .bind(n.detail)
            .bind(n.dedupe_key)
            .bind(now.0)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(inserted == 1)
    }

    /// A user's notifications, newest first, before id `before` (keyset).
    pub async fn notifications(
        &self,
        user: UserId,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Notification>> {
        let rows: Vec<NotificationRow> = with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT n.id, n.kind, n.topic_id, t.title AS topic_title, n.reply_id, a.name AS actor_name, \
                 n.detail, n.created_at, n.read_at, \
                 t.author_id AS topic_author, t.visibility AS topic_visibility, t.deleted_at AS topic_deleted_at, \
                 r.author_id AS reply_author, r.visibility AS reply_visibility, r.deleted_at AS reply_deleted_at \
                 FROM notifications n \
                 LEFT JOIN topics t ON t.id = n.topic_id LEFT JOIN replies r ON r.id = n.reply_id \
                 LEFT JOIN users a ON a.id = n.actor_id \
                 WHERE n.user_id = $1 AND n.id < $2 ORDER BY n.id DESC LIMIT $3",
            )
            .bind(user.0)
            .bind(before.unwrap_or(i64::MAX))
            .bind(limit.clamp(1, 200))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(NotificationRow::into_notification)
            .collect()
    }

    /// How many unread notifications a user has.
    pub async fn unread_count(&self, user: UserId) -> Result<i64> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
            )
            .bind(user.0)
            .fetch_one(pool)
            .await?
        }))
    }

    /// Marks one (or, with `None`, every) notification of the user read; returns how many.
    pub async fn mark_read(&self, user: UserId, id: Option<i64>, now: Timestamp) -> Result<u64> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE notifications SET read_at = $3 WHERE user_id = $1 AND read_at IS NULL \
                 AND ($2 IS NULL OR id = $2)",
            )
            .bind(user.0)
            .bind(id)
            .bind(now.0)
            .execute(pool)
            .await?
            .rows_affected()
        }))
    }

    /// A user's e-mail preferences (defaults when never set).
    pub async fn notification_prefs(&self, user: UserId) -> Result<NotificationPrefs> {
        let row: Option<NotificationPrefs> = with_db!(&self.read, |pool| {
            sqlx::query_as("SELECT email_replies, email_accepted, email_status FROM notification_prefs WHERE user_id = $1")
                .bind(user.0)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.unwrap_or_default())
    }

    /// Saves a user's e-mail preferences.
    pub async fn set_notification_prefs(
        &self,
        user: UserId,
        p: NotificationPrefs,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query(
                "INSERT INTO notification_prefs (user_id, email_replies, email_accepted, email_status, updated_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET \
                 email_replies = excluded.email_replies, email_accepted = excluded.email_accepted, \
                 email_status = excluded.email_status, updated_at = excluded.updated_at",
            )
            .bind(user.0)
            .bind(p.email_replies)
            .bind(p.email_accepted)
            .bind(p.email_status)
            .bind(now.0)
            .execute(pool)
            .await?;
        });
        Ok(())
    }
}
