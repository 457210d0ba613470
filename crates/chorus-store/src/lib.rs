//! Chorus persistence: one API over SQLite (embedded, the default) and PostgreSQL (scale-out).
//!
//! The backend is chosen by the database URL. Every function is written once: the SQL is portable
//! (`$N` placeholders, `INTEGER`/`BIGINT` milliseconds for time, `TEXT` for enums and JSON) and
//! the [`with_db!`] macro type-checks the same body against both drivers. Where the dialects
//! truly differ (claiming jobs with `SKIP LOCKED`), the two statements sit side by side.
//!
//! SQLite runs in WAL mode with one writer connection and a pool of read-only connections, so
//! writers queue in the pool instead of failing with `SQLITE_BUSY` and readers never wait.
//!
//! This crate knows nothing of HTTP; it takes the current time as an argument and never reads
//! the clock, so callers (and tests) control time.

/// The columns of `users` that make a `chorus_core::User`, as a literal so queries stay
/// `&'static str` (sqlx refuses dynamic SQL).
macro_rules! user_columns {
    () => {
        "id, email, name, role, created_at, suspended_at, locale"
    };
    (u) => {
        "u.id, u.email, u.name, u.role, u.created_at, u.suspended_at, u.locale"
    };
}

mod db;
mod error;

pub mod audit;
pub mod auth;
pub mod bulk;
pub mod community;
pub mod guests;
pub mod jobs;
pub mod knowledge;
#[macro_use]
pub mod listening;
// After `listening`: it selects mentions with that module's macro.
pub mod engagement;
pub mod moderation;
pub mod notifications;
pub mod oidc;
pub mod parked;
pub mod reports;
pub mod sealed;
pub mod search;
pub mod triage;
pub mod users;
pub mod webhooks;

#[doc(hidden)]
pub use db::Db;
pub use db::{Backend, Store, StoreOptions};
pub use error::StoreError;

/// The result of a store call.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
