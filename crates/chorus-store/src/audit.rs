//! The audit log: who changed what, for staff review.

use chorus_core::{Timestamp, UserId};

use crate::{Result, Store, with_db};

pub use chorus_core::views::admin::AuditEntry;

impl Store {
    /// Appends an entry to the audit log.
    pub async fn audit(
        &self,
        actor: Option<UserId>,
        action: &str,
        target: (&str, Option<i64>),
        detail: &str,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query(
                "INSERT INTO audit_log (actor_id, action, target_type, target_id, detail, at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(actor.map(|a| a.0))
            .bind(action)
            .bind(target.0)
            .bind(target.1)
            .bind(detail)
            .bind(now.0)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// The newest audit entries.
    pub async fn list_audit(&self, limit: i64) -> Result<Vec<AuditEntry>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT a.id, a.actor_id, u.name AS actor_name, a.action, a.target_type, a.target_id, a.detail, a.at \
                 FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id ORDER BY a.id DESC LIMIT $1",
            )
            .bind(limit.clamp(1, 1000))
            .fetch_all(pool)
            .await?
        }))
    }
}
