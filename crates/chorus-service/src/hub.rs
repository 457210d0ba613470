use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use chorus_analyze::Analyzer;
use chorus_bus::{Broker, EventBus, InProcessBus};
use chorus_core::Timestamp;
use chorus_store::{Store, StoreOptions};
use tokio::sync::OnceCell;

use crate::config::Config;
use crate::listen::pipeline::Pipeline;
use crate::mail::Mailer;
use crate::passwords::Passwords;
use crate::{Result, ServiceError};

/// Where the time comes from: the system clock, or a manual clock that tests move forward.
#[derive(Clone, Debug)]
pub enum Clock {
    /// The operating system clock.
    System,
    /// A clock that only moves when told to.
    Manual(Arc<AtomicI64>),
}

impl Clock {
    /// A manual clock starting at `start`.
    pub fn manual(start: Timestamp) -> Self {
        Clock::Manual(Arc::new(AtomicI64::new(start.0)))
    }

    /// The current time.
    pub fn now(&self) -> Timestamp {
        match self {
            Clock::System => Timestamp::from_datetime(time::OffsetDateTime::now_utc()),
            Clock::Manual(t) => Timestamp(t.load(Ordering::SeqCst)),
        }
    }

    /// Moves a manual clock forward; does nothing to the system clock.
    pub fn advance(&self, by: Duration) {
        if let Clock::Manual(t) = self {
            let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
            t.fetch_add(ms, Ordering::SeqCst);
        }
    }
}

/// A running hub: configuration, storage, mail and clock. Cheap to clone.
#[derive(Clone)]
pub struct Hub {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    store: Store,
    mailer: Mailer,
    clock: Clock,
    passwords: Passwords,
    analyzer: Analyzer,
    bus: Arc<dyn EventBus>,
    broker: Option<Broker>,
    pipeline: OnceCell<Pipeline>,
    accurate: OnceCell<crate::listen::understand::Shared>,
    search: OnceCell<Arc<dyn chorus_search::SearchIndex>>,
    search_wake: tokio::sync::Notify,
    jobs: crate::jobs::Registry,
    outbound: crate::outbound::Channels,
    oidc: crate::accounts::oidc::Providers,
    content_version: std::sync::atomic::AtomicU64,
}

impl Hub {
    /// Connects to the configured database, migrating it if `database.migrate_on_start`.
    pub async fn open(config: Config) -> Result<Hub> {
        Self::open_with_clock(config, Clock::System).await
    }

    /// Like [`Hub::open`] with a given clock (tests use a manual one).
    pub async fn open_with_clock(config: Config, clock: Clock) -> Result<Hub> {
        config
            .validate()
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        let url = config.database_url();
        if url.starts_with("sqlite:") {
            std::fs::create_dir_all(&config.hub.data_dir).map_err(|e| {
                ServiceError::Internal(format!(
                    "cannot create data directory {}: {e}",
                    config.hub.data_dir.display()
                ))
            })?;
        }
        let mut opts = StoreOptions::new(url);
        opts.max_connections = config.database.max_connections;
        let store = Store::connect(&opts)
            .await
            .map_err(|e| ServiceError::Internal(format!("cannot open database: {e}")))?;
        if config.database.migrate_on_start {
            store
                .migrate()
                .await
                .map_err(|e| ServiceError::Internal(format!("migrations failed: {e}")))?;
        }
        let now = clock.now();
        let keys = crate::secrets::open_keys(&config, &store, now).await?;
        let store = store.with_secret_keys(keys);
        let mailer = Mailer::from_config(&config)?;
        let passwords =
            Passwords::new(config.auth.argon2_memory_kib, config.auth.argon2_iterations)?;
        let oidc = crate::accounts::oidc::Providers::new(&config)?;
        let analyzer = Analyzer::embedded()
            .map_err(|e| ServiceError::Internal(format!("analytics model: {e}")))?;
        let (broker, bus): (Option<Broker>, Arc<dyn EventBus>) = match config.broker.url.trim() {
            "" => (None, Arc::new(InProcessBus::default())),
            url => {
                let broker =
                    Broker::connect_replicated(url, &config.broker.prefix, config.broker.replicas)
                        .await
                        .map_err(|e| ServiceError::Internal(e.to_string()))?;
                let bus = broker
                    .event_bus(4096)
                    .await
                    .map_err(|e| ServiceError::Internal(e.to_string()))?;
                (Some(broker), Arc::new(bus))
            }
        };
        Ok(Hub {
            inner: Arc::new(Inner {
                config,
                store,
                mailer,
                clock,
                passwords,
                analyzer,
                bus,
                broker,
                pipeline: OnceCell::new(),
                accurate: OnceCell::new(),
                search: OnceCell::new(),
                search_wake: tokio::sync::Notify::new(),
                jobs: crate::job_registry(),
                outbound: crate::outbound_channels(),
                oidc,
                content_version: std::sync::atomic::AtomicU64::new(0),
            }),
        })
    }

    /// A number that moves whenever this process may have changed what readers see: after
    /// every write request the web layer handled and every background job that ran. Caches
    /// of rendered pages keep the version they were rendered under and drop what is older.
    /// Changes made by other processes do not move it; such caches must also expire.
    pub fn content_version(&self) -> u64 {
        self.inner
            .content_version
            .load(std::sync::atomic::Ordering::Acquire)
    }

    /// Something readers see may have changed (see [`Hub::content_version`]).
    pub fn content_changed(&self) {
        self.inner
            .content_version
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    /// The kinds of background job this hub runs.
    pub fn jobs(&self) -> &crate::jobs::Registry {
        &self.inner.jobs
    }

    /// Whether the database answers (the readiness probe: the instance can serve traffic).
    pub async fn ready(&self) -> Result<()> {
        Ok(self.store().ping().await?)
    }

    /// The channels a case's reply can go out on.
    pub fn outbound(&self) -> &crate::outbound::Channels {
        &self.inner.outbound
    }

    /// The OpenID Connect providers people can sign in with.
    pub fn oidc(&self) -> &crate::accounts::oidc::Providers {
        &self.inner.oidc
    }

    /// The configuration this hub runs with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The hub's own language (`hub.locale`): what it writes once for everyone (articles,
    /// incident replies, digests) and for readers whose language nothing else says.
    pub fn tr(&self) -> chorus_i18n::Tr {
        chorus_i18n::Tr::new(
            chorus_i18n::Locale::parse(&self.config().hub.locale).unwrap_or_default(),
        )
    }

    /// The database.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Outgoing mail.
    pub fn mailer(&self) -> &Mailer {
        &self.inner.mailer
    }

    /// The clock.
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// The current time.
    pub fn now(&self) -> Timestamp {
        self.inner.clock.now()
    }

    /// The text analyzer (embedded model).
    pub fn analyzer(&self) -> &Analyzer {
        &self.inner.analyzer
    }

    /// The event bus.
    pub fn bus(&self) -> &Arc<dyn EventBus> {
        &self.inner.bus
    }

    /// The broker shared with the hub's other instances, when there is one: the pipeline's
    /// work then goes through it (see [`crate::listen::pipeline`]).
    pub fn broker(&self) -> Option<&Broker> {
        self.inner.broker.as_ref()
    }

    /// The cascade with its accurate tier, loaded on first use; `None` when the tier is off
    /// or its model is missing (see [`crate::understand`]).
    pub async fn accurate(&self) -> Option<Arc<chorus_encoder::Cascade>> {
        self.inner
            .accurate
            .get_or_init(|| async {
                let config = self.inner.config.clone();
                let analyzer = self.inner.analyzer.clone();
                tokio::task::spawn_blocking(move || {
                    crate::listen::understand::load(&config, &analyzer).map(Arc::new)
                })
                .await
                .unwrap_or_else(|e| {
                    tracing::error!(error = %e, "accurate tier off: loading it panicked");
                    None
                })
            })
            .await
            .clone()
    }

    /// Installs a cascade before anything asked for one (tests use a tiny encoder); `false`
    /// if one was already loaded.
    pub fn set_accurate(&self, cascade: chorus_encoder::Cascade) -> bool {
        self.inner.accurate.set(Some(Arc::new(cascade))).is_ok()
    }

    /// The ingestion pipeline, started on first use (loading themes and detector state).
    pub async fn pipeline(&self) -> Result<&Pipeline> {
        self.inner
            .pipeline
            .get_or_try_init(|| Pipeline::start(self))
            .await
    }

    /// The search index, opened on first use: tantivy in the data directory or PostgreSQL
    /// full-text search, per `search.backend`. Fails when another process holds the tantivy
    /// index.
    pub async fn search_index(&self) -> Result<&Arc<dyn chorus_search::SearchIndex>> {
        self.inner
            .search
            .get_or_try_init(|| async {
                let cfg = &self.inner.config;
                let postgres = match cfg.search.backend.as_str() {
                    "postgres" => true,
                    "tantivy" => false,
                    _ => self.inner.store.backend() == chorus_store::Backend::Postgres,
                };
                let index: Arc<dyn chorus_search::SearchIndex> = if postgres {
                    Arc::new(chorus_search::PostgresIndex::new(self.inner.store.clone()))
                } else {
                    let dir = if cfg.search.index_dir.trim().is_empty() {
                        cfg.hub.data_dir.join("search")
                    } else {
                        std::path::PathBuf::from(cfg.search.index_dir.trim())
                    };
                    let opened = tokio::task::spawn_blocking(move || {
                        chorus_search::TantivyIndex::open(&dir)
                    })
                    .await
                    .map_err(|e| ServiceError::Internal(e.to_string()))?;
                    Arc::new(opened.map_err(|e| ServiceError::Internal(e.to_string()))?)
                };
                Ok(index)
            })
            .await
    }

    /// Wakes the search indexer (content changed).
    pub(crate) fn wake_search(&self) {
        self.inner.search_wake.notify_one();
    }

    /// Resolves when the search indexer is woken.
    pub(crate) async fn search_woken(&self) {
        self.inner.search_wake.notified().await;
    }

    pub(crate) fn passwords(&self) -> &Passwords {
        &self.inner.passwords
    }
}
