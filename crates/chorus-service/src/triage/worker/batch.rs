//! Opening a batch's plain cases together.
//!
//! Most mentions that need a person are plain: a customer with no case that is not closed
//! (or one seen for the first time), not answering a thread, not part of an incident, and
//! not a near-duplicate that joins another case; or a known customer writing again, who
//! joins their case. Their cases are decided in memory and written with the new customers
//! in one transaction of multi-row statements ([`chorus_store::Store::open_cases`]), their
//! follow-ups in another ([`chorus_store::Store::add_follow_ups`]), where each used to cost
//! about a dozen queries and a transaction — and on SQLite each query is a hand-off to the
//! driver's thread and back, which costs more than the query.
//!
//! Everything else is placed one mention at a time against the database, as before, after
//! the cases decided so far are written: so a mention is always decided on the state that
//! the mentions before it left, and the batch's result is the one-by-one result. To know
//! what is plain without a query per mention, the batch looks up first its known customers'
//! case counts and cases not closed, and the cases holding its near-duplicate keys (a key
//! belongs to one case), and keeps them up to date with what the batch does: a follow-up
//! reopens and refreshes its case (and may raise it); a customer whose case waits to be
//! opened, or whose case someone else's message changed, is decided alone; a case the
//! batch opens holds the keys nobody held.
//!
//! What the batch does not see is a person acting meanwhile: a case an agent closes, or
//! whose priority they set, between the batch's look-ups and its write still takes the
//! follow-up (and the raise) decided before. The one-at-a-time path had the same race in a
//! window of a few queries; here the window runs from the batch's look-ups to its write.

use std::collections::{HashMap, HashSet};

use chorus_core::CaseState;
use chorus_core::listen::Channel;
use chorus_store::triage::{BatchCase, BatchCustomer, Case, FollowUp, Raise};

use super::opening::MentionCase;
use super::placing::{Raised, join_window_start, raised};
use super::*;

/// What a mention needs from the batch.
pub(super) enum Step {
    /// No case to open or join.
    Nothing,
    /// Its case waits in the batch, to be written by [`CaseBatch::flush`].
    Queued,
    /// It must be placed on its own, after the batch so far is written.
    Alone,
}

/// A case waiting for the batch's write.
struct Queued<'m> {
    /// Its number in [`CaseBatch::owner`] until written.
    placeholder: i64,
    m: &'m Mention,
    case: MentionCase,
    near: Vec<String>,
    customer: BatchCustomer,
}

/// A message joining its customer's case, waiting for the batch's write.
struct Join<'m> {
    m: &'m Mention,
    case_id: i64,
    refs: Vec<String>,
    due: Option<Timestamp>,
    raise: Option<Raised>,
}

/// What the near-duplicate check needs to know of a case.
struct Held {
    /// New, open or pending.
    active: bool,
    /// When its customer last wrote (ms).
    last_customer_at: i64,
    /// Its channel (or `incident`).
    channel: String,
}

/// The cases of a batch of mentions, decided in memory until written.
pub(super) struct CaseBatch<'m> {
    /// Near-duplicate keys of the batch's mentions that need a case.
    keys: HashMap<i64, Vec<String>>,
    /// Near-duplicate key → the case holding it: by id, or (negative) a case queued here.
    owner: HashMap<String, i64>,
    /// The cases in `owner`.
    held: HashMap<i64, Held>,
    /// Cases queued in this batch so far, for numbering them.
    queued_here: i64,
    /// Known customer → their cases in any state before the batch.
    history: HashMap<i64, i64>,
    /// Authors whose cases changed in this batch or wait to be written, by handle and (for
    /// known customers, who may write under linked handles) by customer.
    touched: HashSet<(Channel, &'m str)>,
    touched_customers: HashSet<i64>,
    /// Known customer → their cases not closed, newest first, as the batch leaves them.
    open_of: HashMap<i64, Vec<Case>>,
    /// Customers to create, `(channel, handle)`.
    new_customers: Vec<(&'m str, &'m str)>,
    queued: Vec<Queued<'m>>,
    joins: Vec<Join<'m>>,
    /// The refs the queued cases and joins record: a ref belongs to the first case that
    /// records it, so a mention whose refs one of the other kind records waits for the
    /// write.
    open_refs: HashSet<(Channel, String)>,
    join_refs: HashSet<(Channel, String)>,
    /// Round-robin counts an agent's active cases: a queued case for a team and a queued
    /// follow-up reopening an assigned case must be written in mention order, so the second
    /// of the two waits for the write.
    teams_queued: bool,
    reopens_assigned: bool,
}

impl<'m> CaseBatch<'m> {
    /// Looks up, for the mentions that need a case, the cases holding their near-duplicate
    /// keys, and their known customers' case counts and cases not closed: three queries.
    pub(super) async fn load(
        hub: &Hub,
        todo: &[(&'m Mention, Plan<'m, '_>)],
        known: &Known,
    ) -> Result<CaseBatch<'m>> {
        let wanting: Vec<&Mention> = todo
            .iter()
            .filter(|(_, p)| p.reason.is_some())
            .map(|(m, _)| *m)
            .collect();
        let keys: HashMap<i64, Vec<String>> =
            wanting.iter().map(|m| (m.id, near_keys(&m.text))).collect();
        let mut all: Vec<&str> = keys.values().flatten().map(String::as_str).collect();
        all.sort_unstable();
        all.dedup();
        let store = hub.store();
        let mut owner = HashMap::new();
        let mut held = HashMap::new();
        for (key, case, state, last_customer_at, channel) in
            store.cases_holding_refs(NEAR_CHANNEL, &all).await?
        {
            owner.insert(key, case);
            let active = matches!(state.as_str(), "new" | "open" | "pending");
            held.insert(
                case,
                Held {
                    active,
                    last_customer_at,
                    channel,
                },
            );
        }
        let mut customers: Vec<i64> = wanting
            .iter()
            .filter_map(|m| known.customer_id_of(m))
            .collect();
        customers.sort_unstable();
        customers.dedup();
        let history = store
            .customers_case_counts(&customers)
            .await?
            .into_iter()
            .collect();
        let mut open_of: HashMap<i64, Vec<Case>> = HashMap::new();
        for c in store.unclosed_cases_of(&customers).await? {
            if let Some(customer) = c.customer_id {
                open_of.entry(customer).or_default().push(c);
            }
        }
        Ok(CaseBatch {
            keys,
            owner,
            held,
            queued_here: 0,
            history,
            touched: HashSet::new(),
            touched_customers: HashSet::new(),
            open_of,
            new_customers: Vec::new(),
            queued: Vec::new(),
            joins: Vec::new(),
            open_refs: HashSet::new(),
            join_refs: HashSet::new(),
            teams_queued: false,
            reopens_assigned: false,
        })
    }

    /// Decides what `m` needs, queueing its case when it is plain.
    pub(super) fn step(
        &mut self,
        hub: &Hub,
        m: &'m Mention,
        plan: &Plan<'m, '_>,
        rules: &[RoutingRule],
        incidents: &HashMap<i64, Theme>,
        known: &Known,
    ) -> Step {
        let author = (m.channel, m.author.as_str());
        let customer = known.customer_id_of(m);
        let Some(reason) = plan.reason else {
            // Only a follow-up could place it, and only a known customer's.
            let may_follow = customer.is_some() || self.touched.contains(&author);
            return match plan.parents.is_empty() || !may_follow {
                true => Step::Nothing,
                false => Step::Alone,
            };
        };
        if self.touched.contains(&author)
            || customer.is_some_and(|c| self.touched_customers.contains(&c))
            || m.theme_id.is_some_and(|t| incidents.contains_key(&t))
        {
            return Step::Alone;
        }
        let refs = refs_of(m);
        let prior = match customer {
            // Seen for the first time: no case to join, no history, no thread of theirs.
            None => 0,
            Some(_) if !plan.parents.is_empty() => return Step::Alone,
            Some(id) => {
                let all = self.history.get(&id).copied().unwrap_or(0);
                if self.open_of.contains_key(&id) {
                    return self.join(hub, m, id, all, refs, rules);
                }
                all
            }
        };
        if refs
            .iter()
            .any(|r| self.join_refs.contains(&(m.channel, r.clone())))
        {
            return Step::Alone;
        }
        let near = self.keys.remove(&m.id).unwrap_or_default();
        if self.may_join_near(hub, m, &near) {
            self.keys.insert(m.id, near);
            return Step::Alone;
        }
        let case = MentionCase::new(hub, m, reason, prior, rules);
        if case.has_team() && self.reopens_assigned {
            self.keys.insert(m.id, near);
            return Step::Alone;
        }
        self.teams_queued |= case.has_team();
        let customer = match customer {
            Some(id) => {
                self.touched_customers.insert(id);
                BatchCustomer::Known(id)
            }
            None => {
                self.new_customers
                    .push((m.channel.as_str(), m.author.as_str()));
                BatchCustomer::New(self.new_customers.len() - 1)
            }
        };
        self.open_refs
            .extend(refs.into_iter().map(|r| (m.channel, r)));
        self.queued_here += 1;
        let placeholder = -self.queued_here;
        self.opened(placeholder, m, &near);
        self.touched.insert(author);
        self.queued.push(Queued {
            placeholder,
            m,
            case,
            near,
            customer,
        });
        Step::Queued
    }

    /// Records what placing `m` on its own did: its author's cases changed; a case it
    /// opened holds its near-duplicate keys; a case it joined is open and heard from now.
    pub(super) fn placed_alone(
        &mut self,
        hub: &Hub,
        m: &'m Mention,
        placed: &Placed,
        known: &Known,
    ) {
        self.touched.insert((m.channel, m.author.as_str()));
        if let Some(c) = known.customer_id_of(m) {
            self.touched_customers.insert(c);
        }
        match *placed {
            Placed::Opened(id) => {
                let keys = self
                    .keys
                    .remove(&m.id)
                    .unwrap_or_else(|| near_keys(&m.text));
                self.opened(id, m, &keys);
            }
            Placed::Joined(id) => {
                if let Some(h) = self.held.get_mut(&id) {
                    h.active = true;
                    h.last_customer_at = hub.now().0;
                }
                // Someone else's message (a cross-post) may have raised the case: its
                // customer's next message is decided against the database.
                let owner = self
                    .open_of
                    .iter()
                    .find(|(_, cases)| cases.iter().any(|c| c.id == id))
                    .map(|(customer, _)| *customer);
                self.touched_customers.extend(owner);
            }
            Placed::Already => {}
        }
    }

    /// Writes the queued cases and the customers they need; nothing when none wait.
    pub(super) async fn flush(
        &mut self,
        hub: &Hub,
        known: &mut Known,
        report: &mut TickReport,
    ) -> Result<()> {
        if self.queued.is_empty() && self.new_customers.is_empty() && self.joins.is_empty() {
            return Ok(());
        }
        let records: Vec<BatchCase<'_>> = self
            .queued
            .iter()
            .map(|q| BatchCase {
                case: q.case.record(q.m, None, None, &q.near),
                customer: q.customer,
            })
            .collect();
        let out = hub
            .store()
            .open_cases(&self.new_customers, &records, hub.now())
            .await?;
        drop(records);
        for ((channel, handle), id) in self.new_customers.iter().zip(&out.customers) {
            known.insert(channel, handle, *id);
            self.touched_customers.insert(*id);
        }
        let ids: Vec<i64> = out.cases.iter().flatten().copied().collect();
        report.opened += ids.len();
        crate::triage::hooks::opened(hub, &ids).await;
        // The queued cases are known by their ids from now on (a follow-up names them so).
        for (q, id) in self.queued.iter().zip(&out.cases) {
            let Some(h) = self.held.remove(&q.placeholder) else {
                continue;
            };
            if let Some(id) = id {
                self.held.insert(*id, h);
            }
            for k in &q.near {
                if let Some(o) = self.owner.get_mut(k)
                    && *o == q.placeholder
                {
                    match id {
                        Some(id) => *o = *id,
                        // Opened before (a repeated pass): its keys are where they were.
                        None => {
                            self.owner.remove(k);
                        }
                    }
                }
            }
        }
        self.queued.clear();
        self.new_customers.clear();
        self.open_refs.clear();
        self.teams_queued = false;
        self.reopens_assigned = false;
        let follow_ups: Vec<FollowUp<'_>> = self
            .joins
            .iter()
            .map(|j| FollowUp {
                case_id: j.case_id,
                mention_id: j.m.id,
                channel: j.m.channel.as_str(),
                refs: &j.refs,
                body: &j.m.text,
                next_response_due: j.due,
                raise: j.raise.as_ref().map(|r| Raise {
                    priority: r.priority.as_str(),
                    explanation: &r.explanation,
                    first_response_due: r.first_response_due,
                    resolution_due: r.resolution_due,
                }),
            })
            .collect();
        let added = hub.store().add_follow_ups(&follow_ups, hub.now()).await?;
        drop(follow_ups);
        report.follow_ups += added.iter().filter(|a| **a).count();
        self.joins.clear();
        self.join_refs.clear();
        Ok(())
    }

    /// Queues `m` to join customer `customer`'s case as [`case_for_mention`] would find it
    /// (their active case, else one resolved within the join window), raising its priority
    /// when more urgent; `all` counts their cases. Placed alone when no case is found (a
    /// near-duplicate's may be) or its refs wait in a queued case.
    fn join(
        &mut self,
        hub: &Hub,
        m: &'m Mention,
        customer: i64,
        all: i64,
        refs: Vec<String>,
        rules: &[RoutingRule],
    ) -> Step {
        let now = hub.now();
        let since = join_window_start(hub).0;
        if refs
            .iter()
            .any(|r| self.open_refs.contains(&(m.channel, r.clone())))
        {
            return Step::Alone;
        }
        let Some(case) = self.open_of.get_mut(&customer).and_then(|cases| {
            // Newest first already: the first active one, else the first resolved lately.
            let active = cases.iter().position(|c| {
                matches!(
                    c.state,
                    CaseState::New | CaseState::Open | CaseState::Pending
                )
            });
            let recent = || {
                cases.iter().position(|c| {
                    c.state == CaseState::Resolved && c.resolved_at.unwrap_or(c.updated_at) >= since
                })
            };
            active.or_else(recent).map(|i| &mut cases[i])
        }) else {
            return Step::Alone;
        };
        let reopens_assigned = case.state == CaseState::Resolved && case.assignee_id.is_some();
        if reopens_assigned && self.teams_queued {
            return Step::Alone;
        }
        self.reopens_assigned |= reopens_assigned;
        let due = crate::triage::next_due(hub, case.priority, now);
        // Their cases before this one count as history; this one does not.
        let raise = raised(hub, m, case, all.saturating_sub(1), rules);
        // The case as the follow-up leaves it.
        if matches!(case.state, CaseState::Pending | CaseState::Resolved) {
            case.state = CaseState::Open;
            case.resolved_at = None;
        }
        case.updated_at = now.0;
        case.last_customer_at = now.0;
        if let Some(r) = &raise {
            case.priority = r.priority;
            case.priority_explanation.clone_from(&r.explanation);
        }
        let case_id = case.id;
        if let Some(h) = self.held.get_mut(&case_id) {
            h.active = true;
            h.last_customer_at = now.0;
        }
        self.join_refs
            .extend(refs.iter().map(|r| (m.channel, r.clone())));
        self.joins.push(Join {
            m,
            case_id,
            refs,
            due,
            raise,
        });
        Step::Queued
    }

    /// Whether `m` may join a near-duplicate's case, as [`case_for_mention`] would decide
    /// it: the active case heard from within the join window sharing the most of its keys
    /// (at least [`NEAR_MIN_SHARED`]), unless that case is on the mention's own channel and
    /// the mention is no repost. When the most shared are tied between a case it would join
    /// and one it would not, the answer is yes: the one-by-one placement decides.
    fn may_join_near(&self, hub: &Hub, m: &Mention, keys: &[String]) -> bool {
        let since = join_window_start(hub).0;
        let mut unique: Vec<&String> = keys.iter().collect();
        unique.sort_unstable();
        unique.dedup();
        let mut shared: HashMap<i64, i64> = HashMap::new();
        for case in unique.into_iter().filter_map(|k| self.owner.get(k)) {
            *shared.entry(*case).or_default() += 1;
        }
        let eligible = |case: &i64| {
            self.held
                .get(case)
                .is_some_and(|h| h.active && h.last_customer_at >= since)
        };
        let Some(most) = shared
            .iter()
            .filter(|(case, n)| **n >= NEAR_MIN_SHARED && eligible(case))
            .map(|(_, n)| *n)
            .max()
        else {
            return false;
        };
        let repost = is_repost(&m.text);
        shared
            .iter()
            .filter(|(case, n)| **n == most && eligible(case))
            .any(|(case, _)| {
                self.held
                    .get(case)
                    .is_some_and(|h| repost || h.channel != m.channel.as_str())
            })
    }

    /// Counts case `id` (opened for `m`) as holding those of `keys` that no case held.
    fn opened(&mut self, id: i64, m: &Mention, keys: &[String]) {
        for k in keys {
            self.owner.entry(k.clone()).or_insert(id);
        }
        self.held.insert(
            id,
            Held {
                active: true,
                last_customer_at: m.created_at,
                channel: m.channel.as_str().to_owned(),
            },
        );
    }
}
