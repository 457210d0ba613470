//! The ingestion pipeline: normalize → analyze → store → theme → count → detect spikes →
//! publish events.
//!
//! Producers (sources, the API, webhooks, e-mail, imports) submit [`Batch`]es through a
//! `chorus_bus` work queue and wait for the acknowledgement, which comes only after the batch's
//! transaction committed. Two stages run concurrently so both cores work: analysis (pure CPU,
//! on a blocking thread) of the next batch overlaps the database write of the current one.
//!
//! The writer is the only owner of the clustering index and the spike detectors; it keeps them
//! in memory and persists their changes in the same transaction as the mentions. If a
//! transaction fails, the memory is rebuilt from the database, so memory never runs ahead of
//! what is stored. A batch carries its source's new checkpoint, committed with its mentions:
//! a crash before the commit means the source fetches the same posts again, and the unique
//! key on (channel, external id) makes the second delivery a no-op.
//!
//! The accurate tier's verdicts come back through the same queue ([`Pipeline::upgrade`]):
//! replacing a mention's signals moves the counters they were counted in, and only the writer
//! may move counters, so it alone applies them (see [`crate::understand`]).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chorus_analyze::cluster::{ClusterConfig, Decision, Doc, Profile, ThemeIndex};
use chorus_analyze::spike::{SeriesState, SpikeConfig};
use chorus_analyze::{Analyzer, Intent, Scratch, SentimentLabel, Signals};
use chorus_bus::{Consumer, Delivery, Event, EventBus, MentionStored, Queue, SpikeDetected};
use chorus_core::{NewMention, Timestamp};
use chorus_encoder::Cascade;
use chorus_encoder::cascade::fast_model;
use chorus_store::Store;
use chorus_store::listening::{
    CountDelta, FetchRecord, IngestTx, MentionRow, NewSpike, SignalUpdate, ThemeCount, ThemeDelta,
};
use tokio::sync::mpsc;

use crate::config::ListenConfig;
use crate::{Clock, Hub, Result, ServiceError};

/// Mentions to ingest, with the source position they bring the source to.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// The mentions, validated.
    pub mentions: Vec<NewMention>,
    /// The fetch that produced them, committed with them.
    pub fetch: Option<FetchUpdate>,
}

/// A source's progress, committed with the mentions it produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchUpdate {
    /// Source id.
    pub source_id: i64,
    /// The checkpoint after these mentions (JSON).
    pub checkpoint: String,
    /// Posts fetched that matched the query.
    pub seen: i64,
    /// Posts fetched that the query left out (counted, not stored).
    pub filtered: i64,
    /// Fetch time minus posting time of the newest post.
    pub lag_ms: Option<i64>,
    /// When to fetch next.
    pub next_fetch_at: Option<Timestamp>,
}

/// What happened to one submitted mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Stored now, with this id.
    New(i64),
    /// Already stored (by channel and external id).
    Duplicate,
}

/// New signals for a stored mention, from the accurate tier (see [`crate::understand`]).
#[derive(Debug, Clone)]
pub struct Upgraded {
    /// Mention id.
    pub id: i64,
    /// The signals decided from the accurate tier's probabilities.
    pub signals: Signals,
    /// `accurate`, or `fast` when the accurate tier deferred (a language it was not trained
    /// for).
    pub tier: &'static str,
    /// The model that spoke.
    pub model: String,
}

/// What an upgrade changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    /// Mentions whose signals were replaced (those still waiting).
    pub upgraded: usize,
    /// Of those, how many changed sentiment, intent or abuse (and so their counters).
    pub changed: usize,
}

enum Work {
    Batch(Batch),
    /// Replace the signals of stored mentions, with their counters.
    Upgrade(Vec<Upgraded>),
    /// Rebuild the in-memory theme state from the database (after staff merged or split).
    Reload,
}

enum Done {
    Stored(Vec<Outcome>),
    Upgraded(Applied),
    Reloaded,
}

type Ack = std::result::Result<Done, String>;

/// The handle producers submit to; cheap to clone.
#[derive(Clone)]
pub struct Pipeline {
    queue: Queue<Work, Ack>,
}

impl Pipeline {
    /// Loads the theme and spike state and starts the two stages.
    pub(crate) async fn start(hub: &Hub) -> Result<Pipeline> {
        let cfg = hub.config().listen.clone();
        let store = hub.store().clone();
        let analyzer = hub.analyzer().clone();
        let accurate = hub.accurate().await;
        let state = State::load(&store, &analyzer, &cfg, hub.now()).await?;
        let (queue, consumer) = chorus_bus::queue::<Work, Ack>(16);
        let (tx, rx) = mpsc::channel(2);
        tokio::spawn(analyze_stage(
            consumer,
            tx,
            analyzer.clone(),
            accurate,
            cfg.batch_size,
        ));
        tokio::spawn(write_stage(
            rx,
            Writer {
                store,
                analyzer,
                bus: hub.bus().clone(),
                clock: hub.clock().clone(),
                cfg,
                utc_offset_ms: hub.config().triage.utc_offset_minutes * Timestamp::MINUTE,
                state,
            },
        ));
        Ok(Pipeline { queue })
    }

    /// Ingests a batch; returns once it is durable, with one outcome per mention in order.
    pub async fn submit(&self, batch: Batch) -> Result<Vec<Outcome>> {
        let n = batch.mentions.len();
        let done = self
            .queue
            .submit(Work::Batch(batch))
            .await
            .map_err(|e| ServiceError::Internal(format!("ingestion pipeline: {e}")))?
            .map_err(|e| ServiceError::Internal(format!("ingestion failed: {e}")))?;
        match done {
            Done::Stored(out) => {
                debug_assert_eq!(out.len(), n);
                Ok(out)
            }
            _ => Err(ServiceError::Internal(
                "ingestion pipeline answered out of turn".into(),
            )),
        }
    }

    /// Replaces the signals of stored mentions that still wait for the accurate tier, and
    /// corrects the counters they were counted in; returns once that is durable.
    pub async fn upgrade(&self, list: Vec<Upgraded>) -> Result<Applied> {
        let done = self
            .queue
            .submit(Work::Upgrade(list))
            .await
            .map_err(|e| ServiceError::Internal(format!("ingestion pipeline: {e}")))?
            .map_err(|e| ServiceError::Internal(format!("signal upgrade failed: {e}")))?;
        match done {
            Done::Upgraded(a) => Ok(a),
            _ => Err(ServiceError::Internal(
                "ingestion pipeline answered out of turn".into(),
            )),
        }
    }

    /// Makes the pipeline reload themes from the database (after a merge or split).
    pub async fn reload(&self) -> Result<()> {
        self.queue
            .submit(Work::Reload)
            .await
            .map_err(|e| ServiceError::Internal(format!("ingestion pipeline: {e}")))?
            .map(|_| ())
            .map_err(ServiceError::Internal)
    }
}

/// A mention with what analysis found.
struct Analyzed {
    mention: NewMention,
    signals: Signals,
    /// `pending` when the accurate tier should read it, else `fast`.
    tier: &'static str,
    /// The fast tier's model for its language: `linear` or `none`.
    model: &'static str,
    /// Set for complaints and questions: what clustering needs.
    doc: Option<Doc>,
}

/// A group of deliveries analysed together and written in one transaction.
struct Group {
    deliveries: Vec<(Option<FetchUpdate>, usize, chorus_bus::Acker<Ack>)>,
    items: Vec<Analyzed>,
    upgrades: Vec<(Vec<Upgraded>, chorus_bus::Acker<Ack>)>,
    reload: Vec<chorus_bus::Acker<Ack>>,
}

async fn analyze_stage(
    mut consumer: Consumer<Work, Ack>,
    tx: mpsc::Sender<Group>,
    analyzer: Analyzer,
    accurate: Option<Arc<Cascade>>,
    batch_size: usize,
) {
    let analyzer = Arc::new(analyzer);
    let mut buf: Vec<Delivery<Work, Ack>> = Vec::new();
    loop {
        if consumer.recv_many(&mut buf, 256).await == 0 {
            return;
        }
        let mut group = new_group();
        let mut raw: Vec<NewMention> = Vec::new();
        for d in buf.drain(..) {
            let (work, acker) = d.into_parts();
            match work {
                Work::Reload => group.reload.push(acker),
                Work::Upgrade(list) => group.upgrades.push((list, acker)),
                Work::Batch(b) => {
                    group.deliveries.push((b.fetch, b.mentions.len(), acker));
                    raw.extend(b.mentions);
                }
            }
            if raw.len() >= batch_size {
                let full = std::mem::replace(&mut group, new_group());
                let items = std::mem::take(&mut raw);
                if !send(&tx, full, items, &analyzer, &accurate).await {
                    return;
                }
            }
        }
        if (!group.deliveries.is_empty() || !group.upgrades.is_empty() || !group.reload.is_empty())
            && !send(&tx, group, raw, &analyzer, &accurate).await
        {
            return;
        }
    }
}

fn new_group() -> Group {
    Group {
        deliveries: Vec::new(),
        items: Vec::new(),
        upgrades: Vec::new(),
        reload: Vec::new(),
    }
}

async fn send(
    tx: &mpsc::Sender<Group>,
    mut group: Group,
    raw: Vec<NewMention>,
    analyzer: &Arc<Analyzer>,
    accurate: &Option<Arc<Cascade>>,
) -> bool {
    let a = analyzer.clone();
    let acc = accurate.clone();
    // Analysis is pure CPU: keep it off the async worker threads.
    let analyzed = tokio::task::spawn_blocking(move || {
        let mut scratch = Scratch::new();
        raw.into_iter()
            .map(|mention| {
                let probs = a.probabilities(&mention.text, &mut scratch);
                let signals = a.decide(&mut scratch, probs);
                let doc = signals.themable().then(|| a.doc_from(&scratch, &signals));
                let pending = acc
                    .as_ref()
                    .is_some_and(|c| c.wants_accurate(&probs, &signals));
                Analyzed {
                    tier: if pending { "pending" } else { "fast" },
                    model: fast_model(&signals.language.code),
                    mention,
                    signals,
                    doc,
                }
            })
            .collect::<Vec<_>>()
    })
    .await;
    match analyzed {
        Ok(items) => {
            group.items = items;
            tx.send(group).await.is_ok()
        }
        Err(e) => {
            let msg = format!("analysis failed: {e}");
            tracing::error!(error = %msg, "ingestion");
            for (_, _, acker) in group.deliveries {
                acker.ack(Err(msg.clone()));
            }
            for (_, acker) in group.upgrades {
                acker.ack(Err(msg.clone()));
            }
            for acker in group.reload {
                acker.ack(Err(msg.clone()));
            }
            true
        }
    }
}

/// What the writer remembers between batches.
struct State {
    index: ThemeIndex,
    /// Posting time, reach and negativity of pending mentions, counted into a theme when one
    /// forms around them.
    pending: HashMap<i64, PendingInfo>,
    series: HashMap<String, SeriesState>,
}

#[derive(Debug, Clone, Copy)]
struct PendingInfo {
    created_at: Timestamp,
    reach: i64,
    negative: bool,
}

fn cluster_config(cfg: &ListenConfig) -> ClusterConfig {
    ClusterConfig {
        similarity: cfg.theme_similarity,
        max_themes: cfg.max_active_themes.max(100),
        ..ClusterConfig::default()
    }
}

/// How far back pending complaints are reloaded after a restart.
const PENDING_WINDOW_MS: i64 = 7 * Timestamp::DAY;

impl State {
    async fn load(
        store: &Store,
        analyzer: &Analyzer,
        cfg: &ListenConfig,
        now: Timestamp,
    ) -> Result<State> {
        let ccfg = cluster_config(cfg);
        let mut index = ThemeIndex::new(ccfg);
        let mut profiles = store.theme_profiles(ccfg.max_themes as i64).await?;
        // Oldest first, so the most recent win any eviction.
        profiles.reverse();
        for (id, bytes) in profiles {
            match Profile::from_bytes(&bytes) {
                Ok(p) => index.load_theme(id, p),
                Err(e) => tracing::warn!(theme = id, error = %e, "skipping a theme profile"),
            }
        }
        let mut pending = HashMap::new();
        let mut unthemed = store
            .unthemed_mentions(now.plus(-PENDING_WINDOW_MS), ccfg.max_pending as i64)
            .await?;
        unthemed.reverse();
        let mut scratch = Scratch::new();
        for m in unthemed {
            let signals = analyzer.analyze_with(&m.text, &mut scratch);
            index.add_pending(m.id, &analyzer.doc_from(&scratch, &signals));
            pending.insert(
                m.id,
                PendingInfo {
                    created_at: Timestamp(m.created_at),
                    reach: chorus_core::listen::clamp_count(m.author_followers),
                    negative: m.sentiment == "negative",
                },
            );
        }
        let mut series = HashMap::new();
        for (key, json) in store.spike_series().await? {
            match serde_json::from_str::<SeriesState>(&json) {
                Ok(s) => {
                    series.insert(key, s);
                }
                Err(e) => tracing::warn!(series = %key, error = %e, "resetting a spike series"),
            }
        }
        Ok(State {
            index,
            pending,
            series,
        })
    }
}

struct Writer {
    store: Store,
    analyzer: Analyzer,
    bus: Arc<dyn EventBus>,
    clock: Clock,
    cfg: ListenConfig,
    /// The team's local time minus UTC: spike baselines learn the audience's hours of day.
    utc_offset_ms: i64,
    state: State,
}

async fn write_stage(mut rx: mpsc::Receiver<Group>, mut w: Writer) {
    while let Some(group) = rx.recv().await {
        let Group {
            deliveries,
            items,
            upgrades,
            reload,
        } = group;
        if !deliveries.is_empty() {
            let started = std::time::Instant::now();
            let fetches: Vec<(Option<FetchUpdate>, usize)> =
                deliveries.iter().map(|(f, n, _)| (f.clone(), *n)).collect();
            let n = items.len();
            match w.write(&items, &fetches).await {
                Ok((outcomes, events)) => {
                    let new = outcomes
                        .iter()
                        .filter(|o| matches!(o, Outcome::New(_)))
                        .count();
                    metrics::counter!("chorus_mentions_ingested_total").increment(new as u64);
                    metrics::counter!("chorus_mentions_duplicate_total")
                        .increment((n - new) as u64);
                    metrics::histogram!("chorus_ingest_batch_seconds")
                        .record(started.elapsed().as_secs_f64());
                    let mut at = 0;
                    for (_, len, acker) in deliveries {
                        acker.ack(Ok(Done::Stored(outcomes[at..at + len].to_vec())));
                        at += len;
                    }
                    for e in events {
                        w.bus.publish(e);
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, mentions = n, "ingestion batch failed; rebuilding theme state");
                    let msg = e.to_string();
                    for (_, _, acker) in deliveries {
                        acker.ack(Err(msg.clone()));
                    }
                    w.reload().await;
                }
            }
        }
        for (list, acker) in upgrades {
            match w.upgrade(&list).await {
                Ok(applied) => acker.ack(Ok(Done::Upgraded(applied))),
                Err(e) => {
                    tracing::error!(error = %e, mentions = list.len(), "signal upgrade failed; rebuilding theme state");
                    acker.ack(Err(e.to_string()));
                    w.reload().await;
                }
            }
        }
        if !reload.is_empty() {
            w.reload().await;
            for acker in reload {
                acker.ack(Ok(Done::Reloaded));
            }
        }
    }
}

/// Start of the hour of `t`.
pub(crate) fn hour(t: Timestamp) -> i64 {
    t.0.div_euclid(Timestamp::HOUR) * Timestamp::HOUR
}

#[derive(Default)]
struct ThemeAcc {
    members: Vec<i64>,
    mentions: i64,
    reach: i64,
    negative: i64,
    first: Option<Timestamp>,
    last: Option<Timestamp>,
    hours: BTreeMap<i64, (i64, i64, i64)>,
    created: bool,
}

impl ThemeAcc {
    fn add(&mut self, id: i64, at: Timestamp, reach: i64, negative: bool) {
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
    async fn reload(&mut self) {
        match State::load(&self.store, &self.analyzer, &self.cfg, self.clock.now()).await {
            Ok(s) => self.state = s,
            Err(e) => tracing::error!(error = %e, "reloading theme state failed"),
        }
    }

    fn spike_config(&self, theme: bool) -> SpikeConfig {
        SpikeConfig {
            z: self.cfg.spike_z,
            min_count: if theme {
                self.cfg.spike_min_count
            } else {
                self.cfg.spike_min_total
            },
            warmup: if theme {
                6
            } else {
                self.cfg.spike_warmup_hours
            },
            // A theme that is busy from its first hour is an emerging issue.
            emerging: theme,
            cooldown: self.cfg.spike_cooldown_hours,
            utc_offset_ms: self.utc_offset_ms,
            ..SpikeConfig::default()
        }
    }

    /// Replaces the signals of mentions still waiting for the accurate tier and moves their
    /// counts: hourly sentiment, complaint, question and abuse counters, and the negative
    /// count of their theme. Membership of themes stays as ingestion decided it.
    async fn upgrade(&mut self, list: &[Upgraded]) -> Result<Applied> {
        let ids: Vec<i64> = list.iter().map(|u| u.id).collect();
        let by_id: HashMap<i64, &Upgraded> = list.iter().map(|u| (u.id, u)).collect();
        let mut tx = self.store.begin_ingest().await?;
        let targets = tx.upgrade_targets(&ids).await?;
        let mut applied = Applied::default();
        let mut counts: BTreeMap<(i64, &'static str, i64), CountDelta> = BTreeMap::new();
        let mut theme_negative: BTreeMap<i64, i64> = BTreeMap::new();
        let mut theme_hours: BTreeMap<(i64, i64), i64> = BTreeMap::new();
        for t in &targets {
            let Some(u) = by_id.get(&t.id) else { continue };
            let s = &u.signals;
            // The row was read as pending, but on PostgreSQL another instance's writer may
            // have upgraded it since; the conditional UPDATE says who won.
            let won = tx
                .set_signals(&SignalUpdate {
                    id: t.id,
                    sentiment: s.sentiment.label.as_str(),
                    sentiment_score: f64::from(s.sentiment.score),
                    intent: s.intent.as_str(),
                    toxicity: f64::from(s.toxicity.score),
                    abusive: s.toxicity.abusive,
                    tier: u.tier,
                    model: &u.model,
                })
                .await?;
            if !won {
                continue;
            }
            applied.upgraded += 1;
            let was_negative = t.sentiment == SentimentLabel::Negative.as_str();
            let negative = s.sentiment.label == SentimentLabel::Negative;
            if t.sentiment == s.sentiment.label.as_str()
                && t.intent == s.intent.as_str()
                && t.abusive == s.toxicity.abusive
            {
                continue;
            }
            applied.changed += 1;
            let bucket = hour(Timestamp(t.created_at));
            match t.channel.parse::<chorus_core::listen::Channel>() {
                Ok(channel) => {
                    let d = counts
                        .entry((bucket, channel.as_str(), t.source_id.unwrap_or(0)))
                        .or_default();
                    let mut bump = |label: &str, by: i64| match label {
                        "negative" => d.negative += by,
                        "neutral" => d.neutral += by,
                        "positive" => d.positive += by,
                        _ => {}
                    };
                    bump(&t.sentiment, -1);
                    bump(s.sentiment.label.as_str(), 1);
                    let complaint = Intent::Complaint.as_str();
                    let question = Intent::Question.as_str();
                    d.complaints +=
                        i64::from(s.intent == Intent::Complaint) - i64::from(t.intent == complaint);
                    d.questions +=
                        i64::from(s.intent == Intent::Question) - i64::from(t.intent == question);
                    d.abusive += i64::from(s.toxicity.abusive) - i64::from(t.abusive);
                }
                Err(e) => tracing::warn!(mention = t.id, error = %e, "counters not corrected"),
            }
            if was_negative != negative {
                let by = if negative { 1 } else { -1 };
                match t.theme_id {
                    Some(theme) => {
                        *theme_negative.entry(theme).or_default() += by;
                        *theme_hours.entry((theme, bucket)).or_default() += by;
                    }
                    None => {
                        if let Some(p) = self.state.pending.get_mut(&t.id) {
                            p.negative = negative;
                        }
                    }
                }
            }
        }
        let counts: Vec<_> = counts.into_iter().collect();
        tx.add_mention_counts(&counts).await?;
        for (theme, by) in &theme_negative {
            tx.add_theme_negative(*theme, *by).await?;
        }
        let hours: Vec<ThemeCount> = theme_hours
            .into_iter()
            .map(|((theme_id, bucket), negative)| ThemeCount {
                theme_id,
                bucket,
                mentions: 0,
                reach: 0,
                negative,
            })
            .collect();
        tx.add_theme_counts(&hours).await?;
        commit(tx).await?;
        Ok(applied)
    }

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
        // Hourly counters.
        let mut counts: BTreeMap<(i64, &'static str, i64), CountDelta> = BTreeMap::new();
        for (i, _) in &inserted {
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
        let counts: Vec<_> = counts.into_iter().collect();
        tx.add_mention_counts(&counts).await?;

        // Themes.
        let mut themes: BTreeMap<i64, ThemeAcc> = BTreeMap::new();
        let mut theme_of: HashMap<usize, i64> = HashMap::new();
        for (i, id) in &inserted {
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
        let mut theme_hours = Vec::new();
        for (theme, acc) in &themes {
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

        // Spikes: overall, and per theme.
        let live_after = now.0 - 2 * Timestamp::HOUR;
        let mut touched: Vec<String> = Vec::new();
        let all_cfg = self.spike_config(false);
        let theme_cfg = self.spike_config(true);
        let mut found: Vec<(String, Option<i64>, chorus_analyze::spike::Spike)> = Vec::new();
        {
            let series = self.state.series.entry("all".to_owned()).or_default();
            for (i, _) in &inserted {
                if let Some(s) = series.observe(items[*i].mention.created_at.0, 1, &all_cfg) {
                    found.push(("all".to_owned(), None, s));
                }
            }
            touched.push("all".to_owned());
        }
        for (theme, acc) in &themes {
            let key = format!("theme:{theme}");
            let series = self.state.series.entry(key.clone()).or_default();
            for (h, (n, _, _)) in &acc.hours {
                if let Some(s) = series.observe(*h, u64::try_from(*n).unwrap_or(0), &theme_cfg) {
                    found.push((key.clone(), Some(*theme), s));
                }
            }
            touched.push(key);
        }
        for (series, theme_id, s) in found {
            let live = s.bucket >= live_after;
            let spike = NewSpike {
                series: &series,
                theme_id,
                bucket: s.bucket,
                count: i64::try_from(s.count).unwrap_or(i64::MAX),
                expected: s.expected,
                z: if s.z.is_finite() { s.z } else { 0.0 },
                live,
            };
            if let Some(id) = tx.insert_spike(&spike, now).await? {
                events.push(Event::SpikeDetected(SpikeDetected {
                    id,
                    series: series.clone(),
                    theme_id,
                    bucket: s.bucket,
                    count: s.count,
                    expected: s.expected,
                    z: spike.z,
                    live,
                }));
            }
        }
        for key in touched {
            if let Some(state) = self.state.series.get(&key) {
                let json = serde_json::to_string(state)
                    .map_err(|e| ServiceError::Internal(format!("encode series: {e}")))?;
                tx.save_series(&key, &json, now).await?;
            }
        }

        // Source checkpoints, with the mentions they cover.
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
        commit(tx).await?;

        for (i, id) in &inserted {
            let a = &items[*i];
            events.push(Event::MentionStored(MentionStored {
                id: *id,
                channel: a.mention.channel.as_str().to_owned(),
                source_id: a.mention.source_id,
                sentiment: a.signals.sentiment.label.as_str().to_owned(),
                sentiment_score: a.signals.sentiment.score,
                intent: a.signals.intent.as_str().to_owned(),
                service_related: a.signals.service_related,
                abusive: a.signals.toxicity.abusive,
                language: a.signals.language.code.to_string(),
                theme_id: theme_of.get(i).copied(),
                author_followers: a.mention.author_followers,
                created_at: a.mention.created_at.0,
            }));
        }
        Ok((outcomes, events))
    }
}

async fn commit(tx: IngestTx) -> Result<()> {
    tx.commit().await?;
    Ok(())
}

fn row(a: &Analyzed, now: Timestamp) -> MentionRow {
    let m = &a.mention;
    let s = &a.signals;
    MentionRow {
        channel: m.channel.as_str(),
        source_id: m.source_id,
        external_id: m.external_id.clone(),
        native_id: m.native_id.clone(),
        author: m.author.clone(),
        author_followers: m.author_followers,
        likes: m.likes,
        boosts: m.boosts,
        replies: m.replies,
        text: m.text.clone(),
        url: m.url.clone(),
        created_at: m.created_at,
        ingested_at: now,
        in_reply_to: m.in_reply_to.clone(),
        conversation: m.conversation.clone(),
        meta: m.meta.clone(),
        sentiment: s.sentiment.label.as_str(),
        sentiment_score: f64::from(s.sentiment.score),
        intent: s.intent.as_str(),
        service_related: s.service_related,
        toxicity: f64::from(s.toxicity.score),
        abusive: s.toxicity.abusive,
        language: s.language.code.clone(),
        key_phrases: s.key_phrases.join("\n"),
        signals_tier: a.tier,
        signals_model: a.model.to_owned(),
    }
}
