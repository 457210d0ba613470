//! Customers and their identities across channels, and who on the staff can hold a case.

use super::*;

impl Store {
    /// The customer behind a handle on a channel, created on first sight. Safe when two
    /// callers see a new handle at once: the identity's key decides, the loser's row is removed.
    pub async fn customer_for(&self, channel: &str, handle: &str, now: Timestamp) -> Result<i64> {
        if let Some(id) = self.customer_id_of(channel, handle).await? {
            return Ok(id);
        }
        Ok(self.create_customer(channel, handle, now).await?.0)
    }

    /// Creates the customer behind a handle that was not found (by [`Store::customers_of`]);
    /// when someone recorded the handle meanwhile, theirs is returned, with `false`.
    pub async fn create_customer(
        &self,
        channel: &str,
        handle: &str,
        now: Timestamp,
    ) -> Result<(i64, bool)> {
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
            if linked == 1 {
                tx.commit().await?;
                return Ok((id, true));
            }
            // Another caller linked the handle first: theirs is the customer.
            sqlx::query("DELETE FROM customers WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let owner: i64 = sqlx::query_scalar(
                "SELECT customer_id FROM customer_identities WHERE channel = $1 AND handle = $2",
            )
            .bind(channel)
            .bind(handle)
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            (owner, false)
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

    /// The customers behind `handles` on `channel` that were recorded: `(handle, customer)`.
    /// Triage looks up a whole batch's authors at once.
    pub async fn customers_of(
        &self,
        channel: &str,
        handles: &[&str],
    ) -> Result<Vec<(String, i64)>> {
        if handles.is_empty() {
            return Ok(Vec::new());
        }
        Ok(with_db!(&self.read, |pool| {
            let mut q = sqlx::QueryBuilder::new(
                "SELECT handle, customer_id FROM customer_identities WHERE channel = ",
            );
            q.push_bind(channel).push(" AND handle IN (");
            let mut sep = q.separated(", ");
            for h in handles {
                sep.push_bind(*h);
            }
            q.push(")");
            q.build_query_as().fetch_all(pool).await?
        }))
    }

    /// Which of `ids` are replies Chorus posted: `(channel, external id)` of each. Triage
    /// asks for a whole batch at once.
    pub async fn our_replies(&self, ids: &[&str]) -> Result<Vec<(String, String)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(with_db!(&self.read, |pool| {
            let mut q = sqlx::QueryBuilder::new(
                "SELECT channel, external_id FROM deliveries WHERE external_id IN (",
            );
            let mut sep = q.separated(", ");
            for id in ids {
                sep.push_bind(*id);
            }
            q.push(")");
            q.build_query_as().fetch_all(pool).await?
        }))
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
