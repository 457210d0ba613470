//! People with an account.

use serde::{Deserialize, Serialize};

use crate::role::Role;
use crate::time::Timestamp;

/// Identifies a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub i64);

/// A person with an account, as the rest of the system sees them (never the password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Stable identifier.
    pub id: UserId,
    /// Lower-cased e-mail address; unique.
    pub email: String,
    /// Display name.
    pub name: String,
    /// What they may do.
    pub role: Role,
    /// When the account was created.
    pub created_at: Timestamp,
    /// Set while the account is suspended: no log-in, no API access.
    pub suspended_at: Option<Timestamp>,
    /// The language they chose for pages and e-mails (a tag like `de`); `None` follows the
    /// browser, then the hub's default.
    pub locale: Option<String>,
}

impl User {
    /// Whether the account is currently suspended.
    pub fn is_suspended(&self) -> bool {
        self.suspended_at.is_some()
    }

    /// Staff answers are official and badged.
    pub fn is_staff(&self) -> bool {
        self.role.is_staff()
    }
}
