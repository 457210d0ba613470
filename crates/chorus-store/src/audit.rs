//! The audit log: who changed what, for staff review.

use chorus_core::{Timestamp, UserId};

use crate::{Result, Store, with_db};

/// One audited action.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
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
