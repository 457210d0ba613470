//! Opening many cases at once: triage decides a batch of mentions in memory and writes the
//! new customers, cases, refs and first timeline entries in one transaction of multi-row
//! statements.
//!
//! On SQLite every statement is a hand-off to the driver's thread and back, which costs
//! more than the rows it writes; a case opened on its own took about a dozen. Here a batch
//! of a few hundred cases takes a handful, plus the round-robin assignment of each case
//! whose team assigns automatically. The guarantees are those of [`Store::open_case`]: a
//! case is opened once per dedupe key (a key that exists is skipped and reported as
//! `None`), and nothing of the batch is visible before all of it is.

use std::collections::{HashMap, HashSet};

use super::*;

/// Values bound per statement: well under SQLite's limit of 32,766 (and PostgreSQL's 65,535);
/// a statement of many rows costs about what its rows cost, one of few rows a round trip.
const VALUES: usize = 9_000;

/// Who a case of a batch is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchCustomer {
    /// A customer who exists.
    Known(i64),
    /// The customer created for `new_customers[i]` in the same transaction.
    New(usize),
}

/// A case to open in [`Store::open_cases`].
#[derive(Debug, Clone)]
pub struct BatchCase<'a> {
    /// The case; its `customer_id` is ignored in favour of `customer`.
    pub case: NewCase<'a>,
    /// Its customer.
    pub customer: BatchCustomer,
}

/// What [`Store::open_cases`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenedCases {
    /// The customer of each of `new_customers`, in order: new, or the one that had recorded
    /// the handle meanwhile.
    pub customers: Vec<i64>,
    /// The id of each case, in order; `None` where a case with its dedupe key existed.
    pub cases: Vec<Option<i64>>,
}

/// A customer's message joining a case, for [`Store::add_follow_ups`].
#[derive(Debug, Clone)]
pub struct FollowUp<'a> {
    /// The case.
    pub case_id: i64,
    /// The message.
    pub mention_id: i64,
    /// Its channel, for its refs.
    pub channel: &'a str,
    /// Its refs.
    pub refs: &'a [String],
    /// The timeline entry.
    pub body: &'a str,
    /// The next-response clock, when it does not run already.
    pub next_response_due: Option<Timestamp>,
    /// The priority the message raises the case to, when it does.
    pub raise: Option<Raise<'a>>,
}

/// A raised priority with its explanation and due times.
#[derive(Debug, Clone)]
pub struct Raise<'a> {
    /// Priority name.
    pub priority: &'a str,
    /// Why.
    pub explanation: &'a str,
    /// First-response due.
    pub first_response_due: Option<Timestamp>,
    /// Resolution due.
    pub resolution_due: Option<Timestamp>,
}

impl Store {
    /// Adds `follow_ups` in order, in one transaction, each as [`Store::add_follow_up`] and
    /// then [`Store::set_case_priority`] when it raises its case: whether each was added
    /// (`false` when its message was in the case already; it then raises nothing).
    pub async fn add_follow_ups(
        &self,
        follow_ups: &[FollowUp<'_>],
        now: Timestamp,
    ) -> Result<Vec<bool>> {
        if follow_ups.is_empty() {
            return Ok(Vec::new());
        }
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let mut added = Vec::with_capacity(follow_ups.len());
            for f in follow_ups {
                let new = follow_up!(
                    &mut *tx,
                    f.case_id,
                    f.mention_id,
                    f.channel,
                    f.refs,
                    f.body,
                    f.next_response_due,
                    now
                );
                if new && let Some(r) = &f.raise {
                    let by: Option<UserId> = None;
                    set_priority!(
                        &mut *tx,
                        f.case_id,
                        r.priority,
                        r.explanation,
                        by,
                        r.first_response_due,
                        r.resolution_due,
                        now
                    );
                }
                added.push(new);
            }
            tx.commit().await?;
            added
        }))
    }

    /// The cases of `customers` that are not closed, newest first.
    pub async fn unclosed_cases_of(&self, customers: &[i64]) -> Result<Vec<Case>> {
        let mut found = Vec::new();
        for chunk in customers.chunks(VALUES) {
            let rows: Vec<Case> = with_db!(&self.read, |pool| {
                let mut q = sqlx::QueryBuilder::new(concat!(
                    case_select!(),
                    "WHERE c.state <> 'closed' AND c.customer_id IN ("
                ));
                let mut sep = q.separated(", ");
                for c in chunk {
                    sep.push_bind(*c);
                }
                q.push(") ORDER BY c.id DESC");
                q.build_query_as().fetch_all(pool).await?
            });
            found.extend(rows);
        }
        Ok(found)
    }

    /// Creates `new_customers` (`(channel, handle)`, each handle once) and opens `cases` in
    /// one transaction.
    pub async fn open_cases(
        &self,
        new_customers: &[(&str, &str)],
        cases: &[BatchCase<'_>],
        now: Timestamp,
    ) -> Result<OpenedCases> {
        let mut out = OpenedCases {
            customers: Vec::with_capacity(new_customers.len()),
            cases: vec![None; cases.len()],
        };
        if new_customers.is_empty() && cases.is_empty() {
            return Ok(out);
        }
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            // Customers. Their rows hold only the handle as a name, so two new customers
            // with the same name are interchangeable: the ids are matched to handles by
            // name, which needs no promise about the order of `RETURNING`.
            let mut by_name: HashMap<String, Vec<i64>> = HashMap::new();
            for chunk in new_customers.chunks(VALUES / 2) {
                let mut q = sqlx::QueryBuilder::new("INSERT INTO customers (name, created_at) ");
                q.push_values(chunk, |mut b, (_, handle)| {
                    b.push_bind(*handle).push_bind(now.0);
                });
                q.push(" RETURNING id, name");
                let rows: Vec<(i64, String)> = q.build_query_as().fetch_all(&mut *tx).await?;
                for (id, name) in rows {
                    by_name.entry(name).or_default().push(id);
                }
            }
            for (_, handle) in new_customers {
                let id = by_name.get_mut(*handle).and_then(Vec::pop).ok_or_else(|| {
                    crate::StoreError::Corrupt(format!("customer {handle} was not created"))
                })?;
                out.customers.push(id);
            }
            let mut linked: HashSet<(String, String)> = HashSet::new();
            let rows: Vec<(&(&str, &str), i64)> = new_customers
                .iter()
                .zip(out.customers.iter().copied())
                .collect();
            for chunk in rows.chunks(VALUES / 3) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO customer_identities (channel, handle, customer_id) ",
                );
                q.push_values(chunk, |mut b, ((channel, handle), id)| {
                    b.push_bind(*channel).push_bind(*handle).push_bind(*id);
                });
                q.push(" ON CONFLICT (channel, handle) DO NOTHING RETURNING channel, handle");
                let got: Vec<(String, String)> = q.build_query_as().fetch_all(&mut *tx).await?;
                linked.extend(got);
            }
            // A handle someone recorded meanwhile: theirs is the customer.
            for (i, (channel, handle)) in new_customers.iter().enumerate() {
                if linked.contains(&((*channel).to_owned(), (*handle).to_owned())) {
                    continue;
                }
                sqlx::query("DELETE FROM customers WHERE id = $1")
                    .bind(out.customers[i])
                    .execute(&mut *tx)
                    .await?;
                out.customers[i] = sqlx::query_scalar(
                    "SELECT customer_id FROM customer_identities WHERE channel = $1 AND handle = $2",
                )
                .bind(*channel)
                .bind(*handle)
                .fetch_one(&mut *tx)
                .await?;
            }
            let owners = cases
                .iter()
                .map(|bc| match bc.customer {
                    BatchCustomer::Known(id) => Ok(id),
                    BatchCustomer::New(i) => out.customers.get(i).copied().ok_or_else(|| {
                        crate::StoreError::Corrupt(format!(
                            "a case names new customer {i} of {}",
                            new_customers.len()
                        ))
                    }),
                })
                .collect::<std::result::Result<Vec<i64>, _>>()?;
            // Cases, matched back by their unique dedupe key.
            let mut opened: HashMap<String, i64> = HashMap::new();
            let rows: Vec<(&BatchCase<'_>, i64)> = cases.iter().zip(owners).collect();
            for chunk in rows.chunks(VALUES / 20) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO cases (subject, priority, priority_score, priority_explanation, team_id, \
                     customer_id, channel, mention_id, topic_id, source_url, opened_by, opened_by_user, rule_id, \
                     tags, dedupe_key, created_at, updated_at, last_customer_at, first_response_due, resolution_due) ",
                );
                q.push_values(chunk, |mut b, (bc, customer)| {
                    let c = &bc.case;
                    b.push_bind(c.subject)
                        .push_bind(c.priority)
                        .push_bind(c.priority_score)
                        .push_bind(c.priority_explanation)
                        .push_bind(c.team_id)
                        .push_bind(*customer)
                        .push_bind(c.channel)
                        .push_bind(c.mention_id)
                        .push_bind(c.topic_id)
                        .push_bind(c.source_url)
                        .push_bind(c.opened_by)
                        .push_bind(c.opened_by_user.map(|u| u.0))
                        .push_bind(c.rule_id)
                        .push_bind(c.tags)
                        .push_bind(c.dedupe_key)
                        .push_bind(now.0)
                        .push_bind(now.0)
                        .push_bind(c.customer_at.0)
                        .push_bind(c.first_response_due.map(|t| t.0))
                        .push_bind(c.resolution_due.map(|t| t.0));
                });
                q.push(" ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, dedupe_key");
                let rows: Vec<(i64, String)> = q.build_query_as().fetch_all(&mut *tx).await?;
                opened.extend(rows.into_iter().map(|(id, key)| (key, id)));
            }
            for (slot, bc) in out.cases.iter_mut().zip(cases) {
                *slot = opened.get(bc.case.dedupe_key).copied();
            }
            let new: Vec<(i64, &NewCase<'_>)> = out
                .cases
                .iter()
                .zip(cases)
                .filter_map(|(id, bc)| id.map(|id| (id, &bc.case)))
                .collect();
            // Their refs on their own channel and on another (near-duplicate keys).
            let refs: Vec<(&str, &str, i64)> = new
                .iter()
                .flat_map(|(id, c)| {
                    let own = c.refs.iter().map(move |r| (c.channel, r.as_str(), *id));
                    let extra = c.extra_refs.into_iter().flat_map(move |(ch, refs)| {
                        refs.iter().map(move |r| (ch, r.as_str(), *id))
                    });
                    own.chain(extra)
                })
                .collect();
            for chunk in refs.chunks(VALUES / 3) {
                let mut q =
                    sqlx::QueryBuilder::new("INSERT INTO case_refs (channel, ref, case_id) ");
                q.push_values(chunk, |mut b, (channel, r, id)| {
                    b.push_bind(*channel).push_bind(*r).push_bind(*id);
                });
                q.push(" ON CONFLICT DO NOTHING");
                q.build().execute(&mut *tx).await?;
            }
            // The first timeline entry of each.
            for chunk in new.chunks(VALUES / 5) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO case_events (case_id, kind, mention_id, body, created_at) ",
                );
                q.push_values(chunk, |mut b, (id, c)| {
                    b.push_bind(*id)
                        .push_bind("customer")
                        .push_bind(c.mention_id)
                        .push_bind(c.body)
                        .push_bind(c.customer_at.0);
                });
                q.build().execute(&mut *tx).await?;
            }
            for (id, c) in &new {
                if let Some(team) = c.team_id {
                    round_robin!(&mut *tx, *id, team, now);
                }
            }
            tx.commit().await?;
            out
        }))
    }

    /// The cases holding any of `refs` on `channel` (a ref belongs to one case), each row
    /// `(ref, case id, state, last_customer_at, the case's channel)`: what triage needs to
    /// tell, without a query per mention, whether a message with those refs joins one.
    pub async fn cases_holding_refs(
        &self,
        channel: &str,
        refs: &[&str],
    ) -> Result<Vec<(String, i64, String, i64, String)>> {
        let mut found = Vec::new();
        for chunk in refs.chunks(VALUES) {
            let rows: Vec<(String, i64, String, i64, String)> = with_db!(&self.read, |pool| {
                let mut q = sqlx::QueryBuilder::new(
                    "SELECT r.ref, r.case_id, c.state, c.last_customer_at, c.channel \
                     FROM case_refs r JOIN cases c ON c.id = r.case_id WHERE r.channel = ",
                );
                q.push_bind(channel).push(" AND r.ref IN (");
                let mut sep = q.separated(", ");
                for r in chunk {
                    sep.push_bind(*r);
                }
                q.push(")");
                q.build_query_as().fetch_all(pool).await?
            });
            found.extend(rows);
        }
        Ok(found)
    }

    /// For each of `customers` who has had a case: `(customer, cases in any state)`.
    pub async fn customers_case_counts(&self, customers: &[i64]) -> Result<Vec<(i64, i64)>> {
        let mut found = Vec::new();
        for chunk in customers.chunks(VALUES) {
            let rows: Vec<(i64, i64)> = with_db!(&self.read, |pool| {
                let mut q = sqlx::QueryBuilder::new(
                    "SELECT customer_id, COUNT(*) FROM cases WHERE customer_id IN (",
                );
                let mut sep = q.separated(", ");
                for c in chunk {
                    sep.push_bind(*c);
                }
                q.push(") GROUP BY customer_id");
                q.build_query_as().fetch_all(pool).await?
            });
            found.extend(rows);
        }
        Ok(found)
    }
}
