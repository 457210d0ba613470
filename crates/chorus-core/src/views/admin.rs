//! What the admin pages show about the hub itself.

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
