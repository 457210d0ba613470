//! What the admin pages show about the hub itself: job counts and the audit log.

/// Counts of jobs per state, for operations pages and metrics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobCounts {
    /// Waiting or being retried.
    pub pending: i64,
    /// Finished.
    pub done: i64,
    /// Gave up after the last attempt.
    pub failed: i64,
}

/// One audited action.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct AuditEntry {
    /// Entry id.
    pub id: i64,
    /// Who acted (`None` for the system or a deleted user).
    pub actor_id: Option<i64>,
    /// Name of the actor at the time of reading.
    pub actor_name: Option<String>,
    /// What was done, e.g. `user.role_changed`.
    pub action: String,
    /// Kind of object acted on, e.g. `user`.
    pub target_type: String,
    /// Id of the object acted on.
    pub target_id: Option<i64>,
    /// Free-form detail, e.g. `member -> agent`.
    pub detail: String,
    /// When (ms).
    pub at: i64,
}
