//! Running sources: one task per enabled source under a database lease, restarted when its
//! settings change, with exponential back-off that honours the network's Retry-After.

use super::*;

// ---------------------------------------------------------------------------------------------
// Running sources
// ---------------------------------------------------------------------------------------------

/// How often the supervisor looks for changed sources (changes made on this instance are
/// noticed at once through the bus).
const RESCAN: Duration = Duration::from_secs(10);

struct Running {
    updated_at: i64,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

/// Runs every enabled pull source until `shutdown` turns true.
pub async fn supervisor(hub: Hub, mut shutdown: watch::Receiver<bool>) {
    let owner = match crate::secrets::new_secret("instance_") {
        Ok(o) => o,
        Err(e) => {
            tracing::error!(error = %e, "sources cannot start");
            return;
        }
    };
    let mut events = hub.bus().subscribe();
    let mut running: HashMap<i64, Running> = HashMap::new();
    loop {
        match hub.store().sources().await {
            Ok(sources) => reconcile(&hub, &owner, &sources, &mut running),
            Err(e) => tracing::warn!(error = %e, "listing sources"),
        }
        tokio::select! {
            _ = tokio::time::sleep(RESCAN) => {}
            _ = shutdown.changed() => break,
            r = events.recv() => {
                if r.is_none() {
                    tokio::time::sleep(RESCAN).await;
                }
            }
        }
        if *shutdown.borrow() {
            break;
        }
    }
    for (_, r) in running.drain() {
        let _ = r.stop.send(true);
        let _ = tokio::time::timeout(Duration::from_secs(5), r.task).await;
    }
}

fn reconcile(hub: &Hub, owner: &str, sources: &[Source], running: &mut HashMap<i64, Running>) {
    let wanted: HashMap<i64, &Source> = sources
        .iter()
        .filter(|s| {
            s.enabled
                && matches!(
                    s.channel,
                    Channel::Mastodon | Channel::Bluesky | Channel::Feed
                )
        })
        .map(|s| (s.id, s))
        .collect();
    running.retain(|id, r| {
        let keep = wanted
            .get(id)
            .is_some_and(|s| s.updated_at == r.updated_at && !r.task.is_finished());
        if !keep {
            let _ = r.stop.send(true);
        }
        keep
    });
    for (id, s) in wanted {
        if running.contains_key(&id) {
            continue;
        }
        let (stop, stop_rx) = watch::channel(false);
        let task = tokio::spawn(run_source(
            hub.clone(),
            s.clone(),
            owner.to_owned(),
            stop_rx,
        ));
        running.insert(
            id,
            Running {
                updated_at: s.updated_at,
                stop,
                task,
            },
        );
    }
}

/// What a source task works with.
pub(super) struct Ctx {
    pub(super) hub: Hub,
    pub(super) source: Source,
    pub(super) query: Query,
    pub(super) owner: String,
    pub(super) lease_name: String,
    pub(super) stop: watch::Receiver<bool>,
    pub(super) lease_renewed: Timestamp,
    /// How long the lease lasts without renewal (`listen.lease_seconds`).
    pub(super) lease_ms: i64,
    /// Whether the current step committed anything (mentions or a checkpoint) before it
    /// ended. A step that failed after progress (a stream the network closed after serving
    /// it) resumes at once instead of backing off; only failures without progress back off.
    pub(super) progressed: AtomicBool,
}

/// How a step ended when it did not fail.
pub(super) enum Step {
    /// Wait this long before the next step.
    Wait(Duration),
    /// The stop signal came or the lease was lost.
    Stop,
}

impl Ctx {
    pub(super) fn stopped(&self) -> bool {
        *self.stop.borrow()
    }

    /// Whether this task's lease has run out since it last renewed it.
    pub(super) fn lease_lapsed(&self) -> bool {
        self.hub.now().0 - self.lease_renewed.0 >= self.lease_ms
    }

    /// Renews the lease if a third of it has passed; `false` when another instance holds it.
    pub(super) async fn keep_lease(&mut self) -> Result<bool> {
        let now = self.hub.now();
        if now.0 - self.lease_renewed.0 < self.lease_ms / 3 {
            return Ok(true);
        }
        let ok = self
            .hub
            .store()
            .acquire_lease(&self.lease_name, &self.owner, now, self.lease_ms)
            .await?;
        if ok {
            self.lease_renewed = now;
        }
        Ok(ok)
    }

    /// Sleeps `d`, or less if asked to stop; returns whether to go on.
    pub(super) async fn pause(&mut self, d: Duration) -> bool {
        if self.stopped() {
            return false;
        }
        tokio::select! {
            _ = tokio::time::sleep(d) => !self.stopped(),
            _ = self.stop.changed() => false,
        }
    }

    pub(super) fn keeps(&self, m: &NewMention) -> bool {
        crate::listen::keeps(&self.query, m)
    }

    /// Commits fetched mentions with the checkpoint that follows them.
    pub(super) async fn deliver(
        &self,
        mut mentions: Vec<NewMention>,
        filtered: usize,
        checkpoint: String,
        next: Option<Duration>,
    ) -> Result<()> {
        let now = self.hub.now();
        let lag_ms = mentions
            .iter()
            .map(|m| m.created_at.0)
            .max()
            .map(|newest| (now.0 - newest).max(0));
        let seen = mentions.len() as i64;
        let filtered = filtered as i64;
        let next_fetch_at =
            next.map(|d| now.plus(i64::try_from(d.as_millis()).unwrap_or(i64::MAX)));
        if mentions.is_empty() {
            self.hub
                .store()
                .record_empty_fetch(self.source.id, &checkpoint, filtered, next_fetch_at, now)
                .await?;
            self.progressed.store(true, Ordering::Relaxed);
            return Ok(());
        }
        for m in &mut mentions {
            m.source_id = Some(self.source.id);
        }
        self.hub
            .pipeline()
            .await?
            .submit(Batch {
                mentions,
                fetch: Some(FetchUpdate {
                    source_id: self.source.id,
                    checkpoint,
                    seen,
                    filtered,
                    lag_ms,
                    next_fetch_at,
                }),
            })
            .await?;
        self.progressed.store(true, Ordering::Relaxed);
        Ok(())
    }
}

/// Pause before resuming a step that failed after making progress.
const RESUME: Duration = Duration::from_secs(1);

/// Pause after `failures` consecutive failures: the poll interval doubled each time, at most
/// an hour; the network's `Retry-After` wins when longer.
fn backoff(poll: Duration, failures: u32, asked: Option<Duration>) -> Duration {
    let base = poll.max(Duration::from_secs(1));
    let d = base
        .saturating_mul(1u32 << failures.min(10))
        .min(Duration::from_secs(3600));
    match asked {
        Some(a) => a.max(base.min(d)),
        None => d,
    }
}

async fn run_source(hub: Hub, source: Source, owner: String, stop: watch::Receiver<bool>) {
    let query = match Query::parse(&source.query) {
        Ok(q) => q,
        Err(e) => {
            let _ = hub
                .store()
                .record_fetch_error(
                    source.id,
                    &format!("bad query: {e}"),
                    hub.now().plus(Timestamp::HOUR),
                    hub.now(),
                )
                .await;
            return;
        }
    };
    let poll = Duration::from_secs(u64::try_from(source.poll_seconds).unwrap_or(60).max(1));
    let lease_ms = i64::try_from(hub.config().listen.lease_seconds)
        .unwrap_or(i64::MAX / 1000)
        .saturating_mul(Timestamp::SECOND);
    let mut ctx = Ctx {
        lease_name: format!("source:{}", source.id),
        hub,
        source,
        query,
        owner,
        stop,
        lease_renewed: Timestamp(i64::MIN / 2),
        lease_ms,
        progressed: AtomicBool::new(false),
    };
    let mut runner = match Runner::new(&ctx) {
        Ok(r) => r,
        Err(e) => {
            let now = ctx.hub.now();
            let _ = ctx
                .hub
                .store()
                .record_fetch_error(
                    ctx.source.id,
                    &e.to_string(),
                    now.plus(Timestamp::HOUR),
                    now,
                )
                .await;
            return;
        }
    };
    let mut failures: u32 = u32::try_from(ctx.source.failures).unwrap_or(0);
    // Resume where the last run planned to.
    if let Some(next) = ctx.source.next_fetch_at {
        let wait = next - ctx.hub.now().0;
        if wait > 0
            && !ctx
                .pause(Duration::from_millis(wait.unsigned_abs().min(3_600_000)))
                .await
        {
            return;
        }
    }
    // Whether this task held the lease at its last check. Taking it (at start, or back from
    // another instance) means the checkpoint in memory may be stale: the holder meanwhile
    // advanced the one in the database. A runner resumed from a stale checkpoint would fetch
    // again what is stored (harmless), but one built before the source's first fetch holds
    // none and would start from the newest page, skipping everything in between.
    let mut held = false;
    loop {
        if ctx.stopped() {
            break;
        }
        // A lease that lapsed while this task waited (a poll interval longer than the lease)
        // may have been another instance's meanwhile: renewing it is taking it anew.
        if ctx.lease_lapsed() {
            held = false;
        }
        match ctx.keep_lease().await {
            Ok(true) if held => {}
            Ok(true) => match resume(&mut ctx).await {
                Ok(Some(r)) => {
                    runner = r;
                    held = true;
                }
                Ok(None) => break,
                Err(e) => {
                    tracing::warn!(source = ctx.source.id, error = %e, "reloading a source");
                    if !ctx.pause(Duration::from_secs(5)).await {
                        break;
                    }
                    continue;
                }
            },
            Ok(false) => {
                // Another instance runs this source; check back later.
                held = false;
                let half = Duration::from_millis(ctx.lease_ms.unsigned_abs() / 2);
                if !ctx.pause(half).await {
                    return;
                }
                continue;
            }
            Err(e) => {
                held = false;
                tracing::warn!(source = ctx.source.id, error = %e, "lease");
                if !ctx.pause(Duration::from_secs(5)).await {
                    return;
                }
                continue;
            }
        }
        ctx.progressed.store(false, Ordering::Relaxed);
        let outcome = runner.step(&mut ctx, poll).await;
        let wait = match outcome {
            Ok(Step::Wait(d)) => {
                failures = 0;
                d
            }
            Ok(Step::Stop) => break,
            Err(e) if ctx.progressed.load(Ordering::Relaxed) => {
                failures = 0;
                let d = e.retry_after().map_or(RESUME, |a| a.max(RESUME));
                tracing::info!(source = ctx.source.id, error = %e, "source interrupted after progress; resuming");
                d
            }
            Err(e) => {
                failures = failures.saturating_add(1);
                let d = backoff(poll, failures, e.retry_after());
                let now = ctx.hub.now();
                tracing::warn!(source = ctx.source.id, error = %e, retry_in_s = d.as_secs(), "source fetch failed");
                let _ = ctx
                    .hub
                    .store()
                    .record_fetch_error(
                        ctx.source.id,
                        &e.to_string(),
                        now.plus(i64::try_from(d.as_millis()).unwrap_or(i64::MAX)),
                        now,
                    )
                    .await;
                d
            }
        };
        if !ctx.pause(wait).await {
            break;
        }
    }
    let _ = ctx
        .hub
        .store()
        .release_lease(&ctx.lease_name, &ctx.owner)
        .await;
}

/// The source as stored now, and a runner resuming from its checkpoint; `None` when the
/// source was deleted or can no longer run (its task ends; the supervisor starts a new one if
/// it was edited).
async fn resume(ctx: &mut Ctx) -> Result<Option<Runner>> {
    let Some(source) = ctx.hub.store().source(ctx.source.id).await? else {
        return Ok(None);
    };
    ctx.source = source;
    Ok(Runner::new(ctx)
        .inspect_err(
            |e| tracing::warn!(source = ctx.source.id, error = %e, "a source no longer runs"),
        )
        .ok())
}

/// Why a step failed.
#[derive(Debug)]
pub(super) enum StepError {
    Network(ListenError),
    Hub(ServiceError),
}

impl std::fmt::Display for StepError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StepError::Network(e) => e.fmt(f),
            StepError::Hub(e) => write!(f, "storing failed: {e}"),
        }
    }
}

impl StepError {
    fn retry_after(&self) -> Option<Duration> {
        match self {
            StepError::Network(e) => e.retry_after(),
            StepError::Hub(_) => None,
        }
    }
}

impl From<ListenError> for StepError {
    fn from(e: ListenError) -> Self {
        StepError::Network(e)
    }
}

impl From<ServiceError> for StepError {
    fn from(e: ServiceError) -> Self {
        StepError::Hub(e)
    }
}

impl From<chorus_store::StoreError> for StepError {
    fn from(e: chorus_store::StoreError) -> Self {
        StepError::Hub(e.into())
    }
}

pub(super) type StepResult = std::result::Result<Step, StepError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_caps_and_honours_retry_after() {
        let p = Duration::from_secs(60);
        assert_eq!(backoff(p, 1, None), Duration::from_secs(120));
        assert_eq!(backoff(p, 3, None), Duration::from_secs(480));
        assert_eq!(backoff(p, 30, None), Duration::from_secs(3600));
        assert_eq!(
            backoff(p, 1, Some(Duration::from_secs(900))),
            Duration::from_secs(900)
        );
        assert!(backoff(p, 1, Some(Duration::from_secs(1))) >= Duration::from_secs(60));
    }
}
