//! In-app notifications and each member's e-mail preferences.

use chorus_core::{ReplyId, Timestamp, TopicId, UserId};

use crate::{Result, Store, with_db};

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

/// A stored notification with what is needed to show it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Notification {
    /// Id.
    pub id: i64,
    /// Kind (see [`NewNotification::kind`]).
    pub kind: String,
    /// Topic concerned.
    pub topic_id: Option<i64>,
    /// Its title.
    pub topic_title: Option<String>,
    /// Reply concerned.
    pub reply_id: Option<i64>,
    /// Who caused it.
    pub actor_name: Option<String>,
    /// Extra text.
    pub detail: String,
    /// When (ms).
    pub created_at: i64,
    /// When it was read (ms).
    pub read_at: Option<i64>,
}

/// Which notifications a member also wants by e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct NotificationPrefs {
    /// Replies on my topics and topics I follow.
    pub email_replies: bool,
    /// My reply was accepted.
    pub email_accepted: bool,
    /// Status changes of ideas I follow or voted for.
    pub email_status: bool,
}

impl Default for NotificationPrefs {
    fn default() -> Self {
        Self {
            email_replies: true,
            email_accepted: true,
            email_status: true,
        }
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
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT n.id, n.kind, n.topic_id, t.title AS topic_title, n.reply_id, a.name AS actor_name, \
                 n.detail, n.created_at, n.read_at FROM notifications n \
                 LEFT JOIN topics t ON t.id = n.topic_id LEFT JOIN users a ON a.id = n.actor_id \
                 WHERE n.user_id = $1 AND n.id < $2 ORDER BY n.id DESC LIMIT $3",
            )
            .bind(user.0)
            .bind(before.unwrap_or(i64::MAX))
            .bind(limit.clamp(1, 200))
            .fetch_all(pool)
            .await?
        }))
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
