//! Themes as staff see and change them: lists, profiles and series, status, merges and
//! splits.

use super::*;

impl Store {
    /// Themes for a listing (merged ones are left out).
    pub async fn themes(&self, f: &ThemeFilter) -> Result<Vec<Theme>> {
        let limit = if f.limit <= 0 { 50 } else { f.limit.min(500) };
        Ok(with_db!(&self.read, |pool| {
            let mut q = sqlx::QueryBuilder::new(concat!(
                theme_select!(),
                "WHERE t.merged_into IS NULL AND t.mention_count >= "
            ));
            q.push_bind(f.min_count.max(0));
            if let Some(s) = &f.status {
                q.push(" AND t.status = ").push_bind(s.as_str());
            }
            q.push(match f.order {
                ThemeOrder::Count => " ORDER BY t.mention_count DESC, t.id DESC",
                ThemeOrder::Recent => " ORDER BY t.last_seen_at DESC, t.id DESC",
            });
            q.push(" LIMIT ").push_bind(limit);
            q.push(" OFFSET ").push_bind(f.offset.max(0));
            q.build_query_as().fetch_all(pool).await?
        }))
    }

    /// One theme (merged ones too).
    pub async fn theme(&self, id: i64) -> Result<Option<Theme>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(theme_select!(), "WHERE t.id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Profiles of the most recently active live themes, to rebuild the clustering index.
    pub async fn theme_profiles(&self, limit: i64) -> Result<Vec<(i64, Vec<u8>)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT id, profile FROM themes WHERE merged_into IS NULL AND profile IS NOT NULL \
                 ORDER BY last_seen_at DESC LIMIT $1",
            )
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// The persisted profile of one theme, when it has one.
    pub async fn theme_profile(&self, id: i64) -> Result<Option<Vec<u8>>> {
        let row: Option<Option<Vec<u8>>> = with_db!(&self.read, |pool| {
            sqlx::query_scalar("SELECT profile FROM themes WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.flatten())
    }

    /// Mentions per hour of themes since `from`: `(theme, hour, mentions)`.
    pub async fn theme_series(&self, ids: &[i64], from: Timestamp) -> Result<Vec<(i64, i64, i64)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(with_db!(&self.read, |pool| {
            let mut q = sqlx::QueryBuilder::new(
                "SELECT theme_id, bucket, mentions FROM theme_counts WHERE bucket >= ",
            );
            q.push_bind(from.0);
            q.push(" AND theme_id IN (");
            let mut sep = q.separated(", ");
            for id in ids {
                sep.push_bind(*id);
            }
            q.push(") ORDER BY theme_id, bucket");
            q.build_query_as().fetch_all(pool).await?
        }))
    }

    /// Texts of a theme's most recent members: `(id, text)`.
    pub async fn theme_texts(&self, theme_id: i64, limit: i64) -> Result<Vec<(i64, String)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT id, text FROM mentions WHERE theme_id = $1 AND deleted_at IS NULL \
                 ORDER BY id DESC LIMIT $2",
            )
            .bind(theme_id)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Sets a theme's status with a note; `false` if there is no such live theme.
    pub async fn set_theme_status(
        &self,
        id: i64,
        status: &str,
        note: Option<&str>,
        actor: UserId,
        now: Timestamp,
    ) -> Result<bool> {
        let done = with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE themes SET status = $2, status_note = $3, status_changed_at = $4, \
                 status_changed_by = $5, updated_at = $4 WHERE id = $1 AND merged_into IS NULL",
            )
            .bind(id)
            .bind(status)
            .bind(note)
            .bind(now.0)
            .bind(actor.0)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(done == 1)
    }

    /// Merges theme `from` into `into`: its mentions and counters (hours and days) move, its
    /// totals add up, and it is marked merged. `profile` is the merged clustering profile.
    /// With a `fence`, nothing is written unless its lease is still held
    /// ([`StoreError::Fenced`]).
    pub async fn merge_themes(
        &self,
        from: i64,
        into: i64,
        label: &str,
        profile: &[u8],
        fence: Option<Fence<'_>>,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            check_fence!(tx, fence);
            sqlx::query("UPDATE mentions SET theme_id = $2 WHERE theme_id = $1")
                .bind(from)
                .bind(into)
                .execute(&mut *tx)
                .await?;
            // The hours, then their days: the roll-up moves with them.
            for table in ["theme_counts", "theme_counts_daily"] {
                // Audited: the table name is one of two literals above.
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "INSERT INTO {table} (theme_id, bucket, mentions, reach, negative) \
                     SELECT $2, bucket, mentions, reach, negative FROM {table} WHERE theme_id = $1 \
                     ORDER BY bucket \
                     ON CONFLICT (theme_id, bucket) DO UPDATE SET \
                     mentions = {table}.mentions + excluded.mentions, \
                     reach = CASE WHEN {table}.reach > 9000000000000000000 - excluded.reach THEN 9000000000000000000 ELSE {table}.reach + excluded.reach END, \
                     negative = {table}.negative + excluded.negative"
                )))
                .bind(from)
                .bind(into)
                .execute(&mut *tx)
                .await?;
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DELETE FROM {table} WHERE theme_id = $1"
                )))
                .bind(from)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query(
                "UPDATE themes SET \
                 mention_count = themes.mention_count + f.mention_count, \
                 reach = CASE WHEN themes.reach > 9000000000000000000 - f.reach THEN 9000000000000000000 ELSE themes.reach + f.reach END, \
                 negative_count = themes.negative_count + f.negative_count, \
                 first_seen_at = CASE WHEN themes.first_seen_at < f.first_seen_at \
                     THEN themes.first_seen_at ELSE f.first_seen_at END, \
                 last_seen_at = CASE WHEN themes.last_seen_at > f.last_seen_at \
                     THEN themes.last_seen_at ELSE f.last_seen_at END, \
                 label = $3, profile = $4, updated_at = $5 \
                 FROM (SELECT mention_count, reach, negative_count, first_seen_at, last_seen_at \
                       FROM themes WHERE id = $1) AS f \
                 WHERE themes.id = $2",
            )
            .bind(from)
            .bind(into)
            .bind(label)
            .bind(profile)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE themes SET merged_into = $2, mention_count = 0, reach = 0, \
                 negative_count = 0, profile = NULL, updated_at = $3 WHERE id = $1",
            )
            .bind(from)
            .bind(into)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE themes SET merged_into = $2 WHERE merged_into = $1")
                .bind(from)
                .bind(into)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Moves mentions of theme `from` into a new theme; both themes' totals and hourly counts
    /// are recomputed from their mentions. Returns the new theme's id.
    ///
    /// A split applied twice (work redelivered after its writer died between commit and
    /// acknowledgement) moves nothing the second time: it is rolled back and answers the
    /// theme the first one made, instead of leaving an empty one. When none of the mentions
    /// is in `from` and they are not together in one other theme, it is a conflict.
    pub async fn split_theme(&self, s: &ThemeSplit<'_>, now: Timestamp) -> Result<i64> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            check_fence!(tx, s.fence);
            let mut now_in: Vec<Option<i64>> = Vec::new();
            for chunk in s.mention_ids.chunks(500) {
                let mut q =
                    sqlx::QueryBuilder::new("SELECT DISTINCT theme_id FROM mentions WHERE id IN (");
                let mut sep = q.separated(", ");
                for id in chunk {
                    sep.push_bind(*id);
                }
                q.push(")");
                let found: Vec<Option<i64>> = q.build_query_scalar().fetch_all(&mut *tx).await?;
                now_in.extend(found);
            }
            now_in.sort_unstable();
            now_in.dedup();
            if !now_in.contains(&Some(s.from)) {
                return match now_in.as_slice() {
                    [Some(done)] => Ok(*done),
                    _ => Err(StoreError::Conflict(format!(
                        "none of these mentions is in theme {}",
                        s.from
                    ))),
                };
            }
            let new_id: i64 = sqlx::query_scalar(
                "INSERT INTO themes (label, profile, first_seen_at, last_seen_at, created_at, \
                 updated_at) VALUES ($1, $2, $3, $3, $3, $3) RETURNING id",
            )
            .bind(s.new_label)
            .bind(s.new_profile)
            .bind(now.0)
            .fetch_one(&mut *tx)
            .await?;
            for chunk in s.mention_ids.chunks(500) {
                let mut q = sqlx::QueryBuilder::new("UPDATE mentions SET theme_id = ");
                q.push_bind(new_id);
                q.push(" WHERE theme_id = ")
                    .push_bind(s.from)
                    .push(" AND id IN (");
                let mut sep = q.separated(", ");
                for id in chunk {
                    sep.push_bind(*id);
                }
                q.push(")");
                q.build().execute(&mut *tx).await?;
            }
            for (id, label, profile) in [
                (s.from, s.old_label, s.old_profile),
                (new_id, s.new_label, Some(s.new_profile)),
            ] {
                sqlx::query(
                    "UPDATE themes SET label = $2, profile = COALESCE($3, profile), \
                     mention_count = (SELECT COUNT(*) FROM mentions WHERE theme_id = $1), \
                     reach = (SELECT COALESCE(SUM(author_followers), 0) FROM mentions \
                         WHERE theme_id = $1), \
                     negative_count = (SELECT COUNT(*) FROM mentions WHERE theme_id = $1 \
                         AND sentiment = 'negative'), \
                     first_seen_at = COALESCE((SELECT MIN(created_at) FROM mentions \
                         WHERE theme_id = $1), first_seen_at), \
                     last_seen_at = COALESCE((SELECT MAX(created_at) FROM mentions \
                         WHERE theme_id = $1), last_seen_at), \
                     updated_at = $4 WHERE id = $1",
                )
                .bind(id)
                .bind(label)
                .bind(profile)
                .bind(now.0)
                .execute(&mut *tx)
                .await?;
                // Recounted per hour and per day from the same mentions; buckets are rounded
                // down (also before 1970), as the pipeline's keys are.
                for (table, width) in [
                    ("theme_counts", 3_600_000),
                    ("theme_counts_daily", 86_400_000),
                ] {
                    let start =
                        format!("created_at - ((created_at % {width}) + {width}) % {width}");
                    sqlx::query(sqlx::AssertSqlSafe(format!(
                        "DELETE FROM {table} WHERE theme_id = $1"
                    )))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query(sqlx::AssertSqlSafe(format!(
                        "INSERT INTO {table} (theme_id, bucket, mentions, reach, negative) \
                         SELECT $1, {start}, COUNT(*), SUM(author_followers), \
                         SUM(CASE WHEN sentiment = 'negative' THEN 1 ELSE 0 END) \
                         FROM mentions WHERE theme_id = $1 GROUP BY {start}"
                    )))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            tx.commit().await?;
            new_id
        }))
    }
}
