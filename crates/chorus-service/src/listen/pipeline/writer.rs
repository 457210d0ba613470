//! The writer stage: the single task that writes each batch in one transaction (mentions,
//! themes, counters, spike series, source checkpoints), then acknowledges it and publishes the
//! events.

use chorus_store::listening::{Fence, ThemeSplit};

use super::*;

mod spikes;
mod upgrade;

pub(super) struct Writer {
    pub(super) store: Store,
    pub(super) analyzer: Analyzer,
    pub(super) bus: Arc<dyn EventBus>,
    pub(super) clock: Clock,
    pub(super) cfg: ListenConfig,
    /// The team's local time minus UTC: spike baselines learn the audience's hours of day.
    pub(super) utc_offset_ms: i64,
    pub(super) state: State,
    /// The theme state could not be rebuilt after the database changed under it: nothing
    /// is written until a rebuild succeeds (writing from it could put mentions into a theme
    /// merged away).
    pub(super) stale: bool,
    /// With a broker: the owner name under which this writer holds the `pipeline-writer`
    /// lease; every transaction checks it before committing (see [`super::shared`]).
    pub(super) fence: Option<String>,
}

pub(super) async fn write_stage(mut rx: mpsc::Receiver<Group>, mut w: Writer) {
    while let Some(group) = rx.recv().await {
        if w.stale
            && let Err(e) = w.reload().await
        {
            group.refuse(&format!("theme state could not be rebuilt: {e}"));
            continue;
        }
        let Group {
            deliveries,
            items,
            upgrades,
            themes,
        } = group;
        if let Some((msg, failed)) = store_batches(&mut w, &items, deliveries).await {
            tracing::error!(error = %msg, mentions = items.len(), "ingestion batch failed; rebuilding theme state");
            w.reload().await.ok();
            if failed.len() == 1 {
                for (_, _, acker) in failed {
                    acker.ack(Err(msg.clone()));
                }
            } else {
                // Batches written together fail together: one batch the database refuses
                // must not fail the others (nor, with a broker, get them parked with it), so
                // each is written again alone.
                let mut at = 0;
                for delivery in failed {
                    let one = &items[at..at + delivery.1];
                    at += delivery.1;
                    if let Some((msg, refused)) = store_batches(&mut w, one, vec![delivery]).await {
                        tracing::error!(error = %msg, mentions = one.len(), "a batch failed on its own");
                        for (_, _, acker) in refused {
                            acker.ack(Err(msg.clone()));
                        }
                        w.reload().await.ok();
                    }
                }
            }
        }
        for (list, acker) in upgrades {
            match w.upgrade(&list).await {
                Ok((applied, events)) => {
                    acker.ack(Ok(Done::Upgraded(applied)));
                    for e in events {
                        w.bus.publish(e);
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, mentions = list.len(), "signal upgrade failed; rebuilding theme state");
                    acker.ack(Err(e.to_string()));
                    w.reload().await.ok();
                }
            }
        }
        for (changes, acker) in themes {
            let mut out = Vec::with_capacity(changes.len());
            for c in &changes {
                out.push(w.change_theme(c).await);
            }
            // Membership moved under the index: rebuild it before the next batch.
            match w.reload().await {
                Ok(()) => acker.ack(Ok(Done::Themes(out))),
                Err(e) => acker.ack(Err(format!(
                    "applied, but the theme state could not be rebuilt (retried before the next batch): {e}"
                ))),
            }
        }
    }
}

/// One batch waiting for its answer: its checkpoint, how many of the group's items are its,
/// and where the answer goes.
type Delivery = (Option<FetchUpdate>, usize, chorus_bus::Acker<Ack>);

/// Writes `items` (the batches of `deliveries`, in order) in one transaction, answers each
/// batch and publishes the events. On failure nothing is answered: the error and the
/// deliveries come back for the caller to decide.
async fn store_batches(
    w: &mut Writer,
    items: &[Analyzed],
    deliveries: Vec<Delivery>,
) -> Option<(String, Vec<Delivery>)> {
    if deliveries.is_empty() {
        return None;
    }
    let started = std::time::Instant::now();
    let fetches: Vec<(Option<FetchUpdate>, usize)> =
        deliveries.iter().map(|(f, n, _)| (f.clone(), *n)).collect();
    let n = items.len();
    match w.write(items, &fetches).await {
        Ok((outcomes, events)) => {
            let new = outcomes
                .iter()
                .filter(|o| matches!(o, Outcome::New(_)))
                .count();
            metrics::counter!("chorus_mentions_ingested_total").increment(new as u64);
            metrics::counter!("chorus_mentions_duplicate_total").increment((n - new) as u64);
            let took = started.elapsed();
            metrics::histogram!("chorus_ingest_batch_seconds").record(took.as_secs_f64());
            super::add_nanos(&super::WRITE_NANOS, took);
            super::GROUPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            super::GROUP_MENTIONS.fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
            let mut at = 0;
            for (_, len, acker) in deliveries {
                acker.ack(Ok(Done::Stored(outcomes[at..at + len].to_vec())));
                at += len;
            }
            for e in events {
                w.bus.publish(e);
            }
            None
        }
        Err(e) => Some((e.to_string(), deliveries)),
    }
}

/// Start of the hour of `t`.
pub(crate) fn hour(t: Timestamp) -> i64 {
    t.0.div_euclid(Timestamp::HOUR) * Timestamp::HOUR
}

/// What one theme gained in a batch.
#[derive(Default)]
pub(super) struct ThemeAcc {
    members: Vec<i64>,
    mentions: i64,
    reach: i64,
    negative: i64,
    first: Option<Timestamp>,
    last: Option<Timestamp>,
    hours: BTreeMap<i64, (i64, i64, i64)>,
    pub(super) created: bool,
}

impl ThemeAcc {
    pub(super) fn add(&mut self, id: i64, at: Timestamp, reach: i64, negative: bool) {
        self.members.push(id);
        self.mentions += 1;
        self.reach = self.reach.saturating_add(reach);
        self.negative += i64::from(negative);
        self.first = Some(self.first.map_or(at, |f| f.min(at)));
        self.last = Some(self.last.map_or(at, |l| l.max(at)));
        let h = self.hours.entry(hour(at)).or_default();
        h.0 += 1;
        h.1 = h.1.saturating_add(reach);
        h.2 += i64::from(negative);
    }
}

impl Writer {
    /// Rebuilds the theme and spike state from the database; on failure the writer is
    /// marked stale and writes nothing until a later rebuild succeeds.
    async fn reload(&mut self) -> Result<()> {
        match State::load(&self.store, &self.analyzer, &self.cfg, self.clock.now()).await {
            Ok(mut s) => {
                // Lone mentions' embeddings are not stored: keep those still lone.
                s.index.adopt_meanings(&mut self.state.index);
                self.state = s;
                self.stale = false;
                Ok(())
            }
            Err(e) => {
                tracing::error!(error = %e, "reloading theme state failed");
                self.stale = true;
                Err(e)
            }
        }
    }

    /// Applies one staff or converged merge or split (see [`ThemeChange`]); a theme merged
    /// away since the change was prepared refuses it.
    async fn change_theme(&self, c: &ThemeChange) -> Result<Option<i64>> {
        let gone = |id: i64| crate::listen::themes::live_theme(&self.store, id);
        let now = self.clock.now();
        // Merges and splits commit in transactions of their own; the fence is checked inside
        // them, as `commit` does for batches.
        let fence = self.fence_at(now);
        match c {
            ThemeChange::Merge {
                from,
                into,
                label,
                profile,
            } => {
                gone(*from).await?;
                gone(*into).await?;
                self.store
                    .merge_themes(*from, *into, label, profile, fence, now)
                    .await?;
                Ok(None)
            }
            ThemeChange::Split {
                from,
                mention_ids,
                new_label,
                new_profile,
                old_label,
                old_profile,
            } => {
                gone(*from).await?;
                let id = self
                    .store
                    .split_theme(
                        &ThemeSplit {
                            fence,
                            from: *from,
                            mention_ids,
                            new_label,
                            new_profile,
                            old_label,
                            old_profile: old_profile.as_deref(),
                        },
                        now,
                    )
                    .await?;
                Ok(Some(id))
            }
        }
    }

    /// Commits `tx` — if this writer still holds the pipeline lease, when it runs for
    /// several instances.
    async fn commit(&self, mut tx: IngestTx) -> Result<()> {
        if let Some(fence) = self.fence_at(self.clock.now()) {
            tx.fence(fence).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The lease every commit must still hold at `now`, when this writer runs for several
    /// instances; a refusal answers 503 `unavailable` and the work goes back to the stream.
    fn fence_at(&self, now: Timestamp) -> Option<Fence<'_>> {
        self.fence.as_deref().map(|owner| Fence {
            lease: super::shared::LEASE,
            owner,
            now,
        })
    }

    /// Writes one group of batches in one transaction, step by step: the mentions, their
    /// hourly counters, their themes, the spikes those counts raise, and the sources'
    /// checkpoints. Returns what happened to each mention and the events to publish once the
    /// transaction is committed.
    async fn write(
        &mut self,
        items: &[Analyzed],
        fetches: &[(Option<FetchUpdate>, usize)],
    ) -> Result<(Vec<Outcome>, Vec<Event>)> {
        let now = self.clock.now();
        let rows: Vec<MentionRow> = items.iter().map(|a| row(a, now)).collect();
        let mut tx = self.store.begin_ingest().await?;
        let inserted = tx.insert_mentions(&rows).await?;
        let mut outcomes = vec![Outcome::Duplicate; items.len()];
        for (i, id) in &inserted {
            outcomes[*i] = Outcome::New(*id);
        }
        let mut events = Vec::new();
        tx.add_mention_counts(&hourly_counts(items, &inserted))
            .await?;
        let (themes, theme_of) = self.cluster(&mut tx, items, &inserted, now).await?;
        self.write_themes(&mut tx, &themes, now, &mut events)
            .await?;
        self.detect_spikes(&mut tx, items, &inserted, &themes, now, &mut events)
            .await?;
        record_fetches(&mut tx, fetches, &outcomes, now).await?;
        self.commit(tx).await?;
        events.extend(
            inserted
                .iter()
                .map(|(i, id)| stored_event(*id, &items[*i], theme_of.get(i).copied())),
        );
        Ok((outcomes, events))
    }

    /// Puts each new mention with a theme, a pending partner (a new theme) or alone in the
    /// index; returns what each theme gained and the theme of each item that joined one.
    async fn cluster(
        &mut self,
        tx: &mut IngestTx,
        items: &[Analyzed],
        inserted: &[(usize, i64)],
        now: Timestamp,
    ) -> Result<(BTreeMap<i64, ThemeAcc>, HashMap<usize, i64>)> {
        let mut themes: BTreeMap<i64, ThemeAcc> = BTreeMap::new();
        let mut theme_of: HashMap<usize, i64> = HashMap::new();
        for (i, id) in inserted {
            let a = &items[*i];
            let Some(doc) = &a.doc else { continue };
            let m = &a.mention;
            let negative = a.signals.sentiment.label == SentimentLabel::Negative;
            match self.state.index.decide(doc) {
                Decision::Join { theme, .. } => {
                    if self.state.index.join(theme, doc).is_some() {
                        themes.entry(theme).or_default().add(
                            *id,
                            m.created_at,
                            m.reach(),
                            negative,
                        );
                        theme_of.insert(*i, theme);
                    }
                }
                Decision::Pair { mention, .. } => {
                    let partner = self.state.pending.remove(&mention).unwrap_or(PendingInfo {
                        created_at: m.created_at,
                        reach: 0,
                        negative: false,
                    });
                    let first = partner.created_at.min(m.created_at);
                    let label = doc.phrases.first().cloned().unwrap_or_default();
                    let theme = tx.create_theme(&label, first, now).await?;
                    if self.state.index.pair(mention, theme, doc).is_some() {
                        let acc = themes.entry(theme).or_default();
                        acc.created = true;
                        acc.add(mention, partner.created_at, partner.reach, partner.negative);
                        acc.add(*id, m.created_at, m.reach(), negative);
                        theme_of.insert(*i, theme);
                    }
                }
                Decision::Alone => {
                    self.state.index.add_pending(*id, doc);
                    self.state.pending.insert(
                        *id,
                        PendingInfo {
                            created_at: m.created_at,
                            reach: m.reach(),
                            negative,
                        },
                    );
                }
            }
        }
        if self.state.pending.len() > 2 * self.state.index.pending().max(1000) {
            let index = &self.state.index;
            self.state.pending.retain(|id, _| index.is_pending(*id));
        }
        Ok((themes, theme_of))
    }

    /// Stores what each theme gained: members, label, totals, profile and hourly counts; a
    /// theme created in this batch is announced.
    pub(super) async fn write_themes(
        &self,
        tx: &mut IngestTx,
        themes: &BTreeMap<i64, ThemeAcc>,
        now: Timestamp,
        events: &mut Vec<Event>,
    ) -> Result<()> {
        let mut theme_hours = Vec::new();
        for (theme, acc) in themes {
            let Some(profile) = self.state.index.profile(*theme) else {
                continue;
            };
            tx.assign_theme(*theme, &acc.members).await?;
            let label = profile.label();
            tx.update_theme(
                &ThemeDelta {
                    id: *theme,
                    label: label.clone(),
                    mentions: acc.mentions,
                    reach: acc.reach,
                    negative: acc.negative,
                    first_seen_at: acc.first.unwrap_or(now),
                    last_seen_at: acc.last.unwrap_or(now),
                    profile: profile.to_bytes(),
                },
                now,
            )
            .await?;
            if acc.created {
                events.push(Event::ThemeCreated { id: *theme, label });
            }
            for (h, (n, reach, negative)) in &acc.hours {
                theme_hours.push(ThemeCount {
                    theme_id: *theme,
                    bucket: *h,
                    mentions: *n,
                    reach: *reach,
                    negative: *negative,
                });
            }
        }
        tx.add_theme_counts(&theme_hours).await?;
        Ok(())
    }
}

/// The hourly counters the new mentions add to, by hour, channel and source.
fn hourly_counts(
    items: &[Analyzed],
    inserted: &[(usize, i64)],
) -> Vec<((i64, &'static str, i64), CountDelta)> {
    let mut counts: BTreeMap<(i64, &'static str, i64), CountDelta> = BTreeMap::new();
    for (i, _) in inserted {
        let a = &items[*i];
        let m = &a.mention;
        let d = counts
            .entry((
                hour(m.created_at),
                m.channel.as_str(),
                m.source_id.unwrap_or(0),
            ))
            .or_default();
        d.mentions += 1;
        d.reach = d.reach.saturating_add(m.reach());
        d.engagement += m.engagement();
        match a.signals.sentiment.label {
            SentimentLabel::Negative => d.negative += 1,
            SentimentLabel::Neutral => d.neutral += 1,
            SentimentLabel::Positive => d.positive += 1,
        }
        d.complaints += i64::from(a.signals.intent == Intent::Complaint);
        d.questions += i64::from(a.signals.intent == Intent::Question);
        d.abusive += i64::from(a.signals.toxicity.abusive);
    }
    counts.into_iter().collect()
}

/// Advances each source's checkpoint with the mentions its fetch produced (`fetches` are
/// `(fetch, how many items)` in item order).
async fn record_fetches(
    tx: &mut IngestTx,
    fetches: &[(Option<FetchUpdate>, usize)],
    outcomes: &[Outcome],
    now: Timestamp,
) -> Result<()> {
    let mut at = 0;
    for (fetch, len) in fetches {
        if let Some(f) = fetch {
            let new = outcomes[at..at + len]
                .iter()
                .filter(|o| matches!(o, Outcome::New(_)))
                .count();
            tx.record_fetch(
                &FetchRecord {
                    source_id: f.source_id,
                    checkpoint: &f.checkpoint,
                    seen: f.seen,
                    new: new as i64,
                    filtered: f.filtered,
                    lag_ms: f.lag_ms,
                    next_fetch_at: f.next_fetch_at,
                },
                now,
            )
            .await?;
        }
        at += len;
    }
    Ok(())
}

/// The event of a stored mention, with the theme it joined.
fn stored_event(id: i64, a: &Analyzed, theme_id: Option<i64>) -> Event {
    Event::MentionStored(MentionStored {
        id,
        channel: a.mention.channel.as_str().to_owned(),
        source_id: a.mention.source_id,
        sentiment: a.signals.sentiment.label.as_str().to_owned(),
        sentiment_score: a.signals.sentiment.score,
        intent: a.signals.intent.as_str().to_owned(),
        service_related: a.signals.service_related,
        abusive: a.signals.toxicity.abusive,
        language: a.signals.language.code.to_string(),
        theme_id,
        author_followers: a.mention.author_followers,
        created_at: a.mention.created_at.0,
    })
}

fn row(a: &Analyzed, now: Timestamp) -> MentionRow<'_> {
    let s = &a.signals;
    MentionRow {
        mention: &a.mention,
        ingested_at: now,
        sentiment: s.sentiment.label,
        sentiment_score: f64::from(s.sentiment.score),
        intent: s.intent,
        service_related: s.service_related,
        toxicity: f64::from(s.toxicity.score),
        abusive: s.toxicity.abusive,
        language: &s.language.code,
        key_phrases: s.key_phrases.join("\n"),
        signals_tier: a.tier,
        signals_model: a.model,
    }
}
