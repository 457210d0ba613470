//! What account pages show: user listings, notification preferences, API tokens.

use crate::{Role, UserId, Visibility};

/// Filters for a listing of users (the admin page).
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Substring of the e-mail address or name (case-insensitive).
    pub query: Option<String>,
    /// Only users with this role.
    pub role: Option<Role>,
    /// Keyset pagination: only users with a smaller id.
    pub before_id: Option<i64>,
    /// Page size.
    pub limit: i64,
}

/// Which notifications a member also wants by e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
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

/// An API token as its owner sees it (never the secret).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct ApiTokenInfo {
    /// Token id, used to revoke it.
    pub id: i64,
    /// Owner-chosen label.
    pub name: String,
    /// First characters of the token.
    pub prefix: String,
    /// Creation time (ms).
    pub created_at: i64,
    /// Last time it authenticated a request (ms).
    pub last_used_at: Option<i64>,
    /// When it was revoked (ms).
    pub revoked_at: Option<i64>,
}

/// What the visibility rule needs to know about a post a notification points at: a
/// notification outlives the moment it was made, so whether its recipient may still see the
/// post is asked when it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostAccess {
    /// Who wrote it.
    pub author: UserId,
    /// Its moderation visibility.
    pub visibility: Visibility,
    /// Soft-deleted.
    pub deleted: bool,
}

/// A stored notification with what is needed to show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// Id.
    pub id: i64,
    /// Kind (`reply`, `accepted`, `status`, …).
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
    /// The topic's state now (it may have been held, hidden or deleted since).
    pub topic_access: Option<PostAccess>,
    /// The reply's state now.
    pub reply_access: Option<PostAccess>,
    /// Set by the service when the recipient may no longer see the post: the title, ids and
    /// detail are then cleared before showing.
    pub withheld: bool,
}
