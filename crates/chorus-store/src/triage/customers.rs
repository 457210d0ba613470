//! Customers and their identities across channels, and who on the staff can hold a case.

use super::*;

impl Store {
    /// The customer behind a handle on a channel, created on first sight. Safe when two
    /// callers see a new handle at once: the identity's key decides, the loser's row is removed.
    pub async fn customer_for(&self, channel: &str, handle: &str, now: Timestamp) -> Result<i64> {
        if let Some(id) = self.customer_id_of(channel, handle).await? {
            return Ok(id);
        }
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO customers (name, created_at) VALUES ($1, $2) RETURNING id",
            )
            .bind(handle)
            .bind(now.0)
            .fetch_one(&mut *tx)
            .await?;
            let linked = sqlx::query(
                "INSERT INTO customer_identities (channel, handle, customer_id) VALUES ($1, $2, $3) \
                 ON CONFLICT (channel, handle) DO NOTHING",
            )
            .bind(channel)
            .bind(handle)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if linked == 0 {
                sqlx::query("DELETE FROM customers WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            let owner: i64 = sqlx::query_scalar(
                "SELECT customer_id FROM customer_identities WHERE channel = $1 AND handle = $2",
            )
            .bind(channel)
            .bind(handle)
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            owner
        }))
    }

    /// The customer behind a handle, if one was recorded.
    pub async fn customer_id_of(&self, channel: &str, handle: &str) -> Result<Option<i64>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_scalar(
                "SELECT customer_id FROM customer_identities WHERE channel = $1 AND handle = $2",
            )
            .bind(channel)
            .bind(handle)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Whether one of `ids` on `channel` is a reply Chorus posted (it comes back through
    /// streams like any post).
    pub async fn is_our_reply(&self, channel: &str, ids: &[&str]) -> Result<bool> {
        for id in ids {
            let found: Option<i64> = with_db!(&self.read, |pool| {
                sqlx::query_scalar(
                    "SELECT id FROM deliveries WHERE channel = $1 AND external_id = $2",
                )
                .bind(channel)
                .bind(*id)
                .fetch_optional(pool)
                .await?
            });
            if found.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// A customer.
    pub async fn customer(&self, id: i64) -> Result<Option<Customer>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as("SELECT id, name, created_at FROM customers WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// A customer's handles: `(channel, handle)`.
    pub async fn customer_identities(&self, id: i64) -> Result<Vec<(String, String)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT channel, handle FROM customer_identities WHERE customer_id = $1 ORDER BY channel, handle",
            )
            .bind(id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Links a handle to a customer (the same person on another channel). A handle that
    /// belonged to another customer brings that customer's other handles and cases along.
    pub async fn link_identity(&self, customer: i64, channel: &str, handle: &str) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let owner: Option<i64> = sqlx::query_scalar(
                "SELECT customer_id FROM customer_identities WHERE channel = $1 AND handle = $2",
            )
            .bind(channel)
            .bind(handle)
            .fetch_optional(&mut *tx)
            .await?;
            match owner {
                Some(other) if other != customer => {
                    sqlx::query(
                        "UPDATE customer_identities SET customer_id = $2 WHERE customer_id = $1",
                    )
                    .bind(other)
                    .bind(customer)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query("UPDATE cases SET customer_id = $2 WHERE customer_id = $1")
                        .bind(other)
                        .bind(customer)
                        .execute(&mut *tx)
                        .await?;
                }
                Some(_) => {}
                None => {
                    sqlx::query(
                        "INSERT INTO customer_identities (channel, handle, customer_id) VALUES ($1, $2, $3)",
                    )
                    .bind(channel)
                    .bind(handle)
                    .bind(customer)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Cases a customer had, any state.
    pub async fn count_customer_cases(&self, customer: i64) -> Result<i64> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE customer_id = $1")
                .bind(customer)
                .fetch_one(pool)
                .await?
        }))
    }

    /// Mentions by any of a customer's handles, newest first.
    pub async fn customer_mentions(
        &self,
        customer: i64,
        limit: i64,
    ) -> Result<Vec<crate::listening::Mention>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(
                mention_select!(),
                "JOIN customer_identities ci ON ci.channel = m.channel AND ci.handle = m.author ",
                "WHERE ci.customer_id = $1 AND m.deleted_at IS NULL ORDER BY m.id DESC LIMIT $2"
            ))
            .bind(customer)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Staff who can work cases: `(id, name, email)`, by name.
    pub async fn staff_users(&self) -> Result<Vec<(i64, String, String)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT id, name, email FROM users WHERE role IN ('agent', 'manager', 'admin') \
                 AND suspended_at IS NULL ORDER BY name, id",
            )
            .fetch_all(pool)
            .await?
        }))
    }
}
