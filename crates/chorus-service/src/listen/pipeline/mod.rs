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
//! may move counters, so it alone applies them (see [`super::understand`]).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chorus_analyze::cluster::{ClusterConfig, Decision, Doc, Profile, ThemeIndex};
use chorus_analyze::spike::SeriesState;
use chorus_analyze::{Analyzer, Intent, Scratch, SentimentLabel, Signals};
use chorus_bus::{Consumer, Delivery, Event, EventBus, MentionStored, Queue};
use chorus_core::{NewMention, Timestamp};
use chorus_encoder::Cascade;
use chorus_encoder::cascade::{Embedding, fast_model};
use chorus_store::Store;
use chorus_store::listening::{
    CountDelta, FetchRecord, IngestTx, MentionRow, ThemeCount, ThemeDelta,
};
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use crate::config::ListenConfig;
use crate::{Clock, Hub, Result, ServiceError};

mod meaning;
pub mod shared;
mod writer;
pub(crate) use writer::hour;
use writer::{Writer, write_stage};

/// Time the pipeline's two stages spent, summed over this process since it started (as a
/// metrics counter is): `chorus bench ingest` divides it by the batches to say which stage
/// bounds the rate, and by how much.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageTotals {
    /// Groups of batches written (one transaction each).
    pub groups: u64,
    /// Mentions in them.
    pub mentions: u64,
    /// Time spent analysing (on a blocking thread, beside the writer).
    pub analyze: std::time::Duration,
    /// Time spent in the writer's transactions (mentions, themes, counters, spikes, commit).
    pub write: std::time::Duration,
}

static ANALYZE_NANOS: AtomicU64 = AtomicU64::new(0);
static WRITE_NANOS: AtomicU64 = AtomicU64::new(0);
static GROUPS: AtomicU64 = AtomicU64::new(0);
static GROUP_MENTIONS: AtomicU64 = AtomicU64::new(0);

/// What the pipeline's stages have spent so far in this process (see [`StageTotals`]).
pub fn stage_totals() -> StageTotals {
    StageTotals {
        groups: GROUPS.load(Ordering::Relaxed),
        mentions: GROUP_MENTIONS.load(Ordering::Relaxed),
        analyze: std::time::Duration::from_nanos(ANALYZE_NANOS.load(Ordering::Relaxed)),
        write: std::time::Duration::from_nanos(WRITE_NANOS.load(Ordering::Relaxed)),
    }
}

fn add_nanos(total: &AtomicU64, took: std::time::Duration) {
    total.fetch_add(
        u64::try_from(took.as_nanos()).unwrap_or(u64::MAX),
        Ordering::Relaxed,
    );
}

/// Mentions to ingest, with the source position they bring the source to.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Batch {
    /// The mentions, validated.
    pub mentions: Vec<NewMention>,
    /// The fetch that produced them, committed with them.
    pub fetch: Option<FetchUpdate>,
}

/// A source's progress, committed with the mentions it produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// Stored now, with this id.
    New(i64),
    /// Already stored (by channel and external id).
    Duplicate,
}

/// New signals for a stored mention, from the accurate tier (see [`super::understand`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Upgraded {
    /// Mention id.
    pub id: i64,
    /// The signals decided from the accurate tier's probabilities.
    pub signals: Signals,
    /// Whose verdict it is.
    pub tier: UpgradeTier,
    /// The model that spoke.
    pub model: String,
    /// What the text means (a sentence embedding), for themes by meaning.
    pub embedding: Option<Embedding>,
    /// What clustering needs, when the new signals make the mention themable.
    pub doc: Option<Doc>,
}

/// Which tier's verdict an upgrade carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UpgradeTier {
    /// The accurate tier read it.
    Accurate,
    /// The accurate tier deferred (a language it was not trained for): the fast tier's
    /// verdict stands.
    Fast,
}

impl UpgradeTier {
    /// The name stored as the mention's `signals_tier`.
    pub fn as_str(self) -> &'static str {
        match self {
            UpgradeTier::Accurate => "accurate",
            UpgradeTier::Fast => "fast",
        }
    }
}

/// What an upgrade changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    /// Mentions whose signals were replaced (those still waiting).
    pub upgraded: usize,
    /// Of those, how many changed sentiment, intent or abuse (and so their counters).
    pub changed: usize,
}

#[derive(Serialize, Deserialize)]
enum Work {
    Batch(Batch),
    /// Replace the signals of stored mentions, with their counters.
    Upgrade(Vec<Upgraded>),
    /// Merges and splits (by staff, or of converged themes), applied by the writer between
    /// batches and followed by a rebuild of its theme state.
    Themes(Vec<ThemeChange>),
}

/// A change of theme membership, prepared by `listen::themes` (labels and profiles rebuilt
/// from the members) and applied by the writer.
///
/// Why through the writer: it is the one task that assigns mentions to themes and writes
/// their profiles. Applied anywhere else, a batch written between the change and the
/// writer's reload could put new mentions into the theme just merged away, or write back
/// the profile it had before.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum ThemeChange {
    /// Theme `from` into theme `into`, which takes `label` and `profile`.
    Merge {
        /// Merged away.
        from: i64,
        /// Kept.
        into: i64,
        /// The kept theme's new label.
        label: String,
        /// The kept theme's new profile (empty: none).
        profile: Vec<u8>,
    },
    /// Mentions of `from` into a new theme.
    Split {
        /// The theme split.
        from: i64,
        /// The mentions moving.
        mention_ids: Vec<i64>,
        /// The new theme's label and profile.
        new_label: String,
        /// See `new_label`.
        new_profile: Vec<u8>,
        /// The old theme's new label and profile (`None` keeps the profile).
        old_label: String,
        /// See `old_label`.
        old_profile: Option<Vec<u8>>,
    },
}

enum Done {
    Stored(Vec<Outcome>),
    Upgraded(Applied),
    /// Per change: the new theme of a split, `None` for a merge.
    Themes(Vec<Result<Option<i64>>>),
}

type Ack = std::result::Result<Done, String>;

/// The handle producers submit to; cheap to clone.
#[derive(Clone)]
pub struct Pipeline {
    route: Route,
}

/// Where a pipeline handle's work goes.
#[derive(Clone)]
enum Route {
    /// The writer of this process.
    Local(Queue<Work, Ack>),
    /// The writer of whichever instance holds the pipeline lease, through the broker's work
    /// stream (see [`shared`]); the answer is awaited for `wait`.
    Broker {
        broker: Box<chorus_bus::Broker>,
        wait: std::time::Duration,
    },
}

impl Pipeline {
    /// The hub's handle: its own writer for an embedded hub, the shared one through the
    /// broker when there is one.
    pub(crate) async fn start(hub: &Hub) -> Result<Pipeline> {
        match hub.broker() {
            Some(broker) => Ok(Pipeline {
                route: Route::Broker {
                    broker: Box::new(broker.clone()),
                    wait: std::time::Duration::from_secs(hub.config().broker.answer_secs),
                },
            }),
            None => Self::start_local(hub, None).await,
        }
    }

    /// Loads the theme and spike state and starts the two stages in this process; with
    /// `fence`, every transaction first checks that this owner still holds the
    /// `pipeline-writer` lease.
    async fn start_local(hub: &Hub, fence: Option<String>) -> Result<Pipeline> {
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
                stale: false,
                fence,
            },
        ));
        Ok(Pipeline {
            route: Route::Local(queue),
        })
    }

    /// Hands `work` to the pipeline and waits for its answer; `failed` names what failed
    /// when the writer refused it.
    async fn ask(&self, work: Work, failed: &str) -> Result<Done> {
        let answer = match &self.route {
            Route::Local(queue) => queue
                .submit(work)
                .await
                .map_err(|e| ServiceError::Internal(format!("ingestion pipeline: {e}")))?,
            Route::Broker { broker, wait } => shared::ask(broker, work, *wait).await?,
        };
        answer.map_err(|e| ServiceError::Internal(format!("{failed}: {e}")))
    }

    /// Ingests a batch; returns once it is durable, with one outcome per mention in order.
    pub async fn submit(&self, batch: Batch) -> Result<Vec<Outcome>> {
        let n = batch.mentions.len();
        match self.ask(Work::Batch(batch), "ingestion failed").await? {
            Done::Stored(out) => {
                debug_assert_eq!(out.len(), n);
                Ok(out)
            }
            _ => out_of_turn(),
        }
    }

    /// Replaces the signals of stored mentions that still wait for the accurate tier, and
    /// corrects the counters they were counted in; returns once that is durable.
    pub async fn upgrade(&self, list: Vec<Upgraded>) -> Result<Applied> {
        match self
            .ask(Work::Upgrade(list), "signal upgrade failed")
            .await?
        {
            Done::Upgraded(a) => Ok(a),
            _ => out_of_turn(),
        }
    }

    /// Applies merges and splits in order, then rebuilds the theme state, before the next
    /// batch is written; returns each change's outcome (the new theme of a split). A change
    /// whose themes were merged away meanwhile fails alone.
    pub(crate) async fn change_themes(
        &self,
        changes: Vec<ThemeChange>,
    ) -> Result<Vec<Result<Option<i64>>>> {
        match self
            .ask(Work::Themes(changes), "theme change failed")
            .await?
        {
            Done::Themes(out) => Ok(out),
            _ => out_of_turn(),
        }
    }
}

/// The pipeline answered a request with another request's kind of answer (a bug).
fn out_of_turn<T>() -> Result<T> {
    Err(ServiceError::Internal(
        "ingestion pipeline answered out of turn".into(),
    ))
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
    themes: Vec<(Vec<ThemeChange>, chorus_bus::Acker<Ack>)>,
}

impl Group {
    /// Answers every request of the group with `error`, writing nothing.
    fn refuse(self, error: &str) {
        let ackers = self
            .deliveries
            .into_iter()
            .map(|(_, _, a)| a)
            .chain(self.upgrades.into_iter().map(|(_, a)| a))
            .chain(self.themes.into_iter().map(|(_, a)| a));
        for acker in ackers {
            acker.ack(Err(error.to_owned()));
        }
    }
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
                Work::Upgrade(list) => group.upgrades.push((list, acker)),
                Work::Themes(list) => group.themes.push((list, acker)),
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
        if (!group.deliveries.is_empty() || !group.upgrades.is_empty() || !group.themes.is_empty())
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
        themes: Vec::new(),
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
        let started = std::time::Instant::now();
        let mut scratch = Scratch::new();
        let items = raw
            .into_iter()
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
            .collect::<Vec<_>>();
        add_nanos(&ANALYZE_NANOS, started.elapsed());
        items
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
            group.refuse(&msg);
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

/// The clustering settings of a hub.
pub(crate) fn cluster_config(cfg: &ListenConfig) -> ClusterConfig {
    ClusterConfig {
        similarity: cfg.theme_similarity,
        meaning_similarity: cfg.theme_meaning_similarity as f32,
        meaning_warmup: cfg.theme_meaning_warmup,
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
        index.seed_meaning_mean();
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
                    negative: m.sentiment == chorus_core::listen::SentimentLabel::Negative,
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
