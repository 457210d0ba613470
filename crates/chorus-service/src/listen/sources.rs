//! Sources: configured listeners on a channel, and the supervisor that runs them.
//!
//! Mastodon, Bluesky and feed sources are pulled by a task per source; webhook and e-mail
//! sources are pushed to (they only hold the secret that authenticates the pushes). A task
//! holds a database lease on its source, so when several instances share one database each
//! source still runs once. Every fetch commits its mentions and the source's new checkpoint in
//! one transaction; failures back off (honouring `Retry-After`) and show on the source's
//! status panel.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chorus_core::{
    Action, Channel, MatchDoc, NewMention, Query, Timestamp, User, validate::FieldErrors,
};
use chorus_listen::{ListenError, bluesky, feed, mastodon};
use chorus_store::listening::{Source, SourceFields};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::pipeline::{Batch, FetchUpdate};
use crate::visibility::require;
use crate::{Hub, Result, ServiceError};

/// Settings of a Mastodon source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MastodonSettings {
    /// The server, e.g. `https://mastodon.social`.
    pub base_url: String,
    /// Follow hashtags live through the streaming API between polls.
    pub stream: bool,
    /// Also take every mention of the token's account (needs an access token).
    pub mentions: bool,
}

impl Default for MastodonSettings {
    fn default() -> Self {
        MastodonSettings {
            base_url: String::new(),
            stream: true,
            mentions: false,
        }
    }
}

/// Settings of a Bluesky source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BlueskySettings {
    /// Jetstream instance.
    pub jetstream_url: String,
    /// AppView for author profiles.
    pub appview_url: String,
    /// PDS of the account that replies.
    pub pds_url: String,
    /// Handle of the account that replies (its app password is the source's secret).
    pub identifier: String,
}

impl Default for BlueskySettings {
    fn default() -> Self {
        BlueskySettings {
            jetstream_url: "wss://jetstream2.us-east.bsky.network".to_owned(),
            appview_url: "https://public.api.bsky.app".to_owned(),
            pds_url: "https://bsky.social".to_owned(),
            identifier: String::new(),
        }
    }
}

/// Settings of a feed source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FeedSettings {
    /// The feed's address.
    pub url: String,
}

/// A source as submitted by a form or the API.
#[derive(Debug, Clone, Default)]
pub struct SourceInput {
    /// Name shown in lists.
    pub name: String,
    /// Channel name.
    pub channel: String,
    /// Listening query.
    pub query: String,
    /// Channel settings (a JSON object).
    pub settings: serde_json::Value,
    /// New secret (token, app password, signing secret); `None` keeps the current one, and
    /// a new webhook or e-mail source gets a generated one.
    pub secret: Option<String>,
    /// Seconds between polls (default from the configuration).
    pub poll_seconds: Option<u64>,
    /// Listening or paused.
    pub enabled: bool,
}

/// A source with its settings decoded and its secret hidden.
#[derive(Debug, Clone)]
pub struct SourceView {
    /// The stored source (its `secret` field is blanked).
    pub source: Source,
    /// Whether a secret is set.
    pub secret_set: bool,
    /// Decoded settings.
    pub settings: serde_json::Value,
    /// Where webhooks or e-mails for this source are posted.
    pub ingest_path: Option<String>,
}

fn view(mut source: Source) -> SourceView {
    let secret_set = !source.secret.is_empty();
    source.secret = String::new();
    let settings = serde_json::from_str(&source.config).unwrap_or(serde_json::json!({}));
    let ingest_path = match source.channel.as_str() {
        "webhook" => Some(format!("/ingest/webhook/{}", source.id)),
        "email" => Some(format!("/ingest/email/{}", source.id)),
        _ => None,
    };
    SourceView {
        source,
        secret_set,
        settings,
        ingest_path,
    }
}

fn check_url(field: &str, url: &str, schemes: &[&str], errors: &mut FieldErrors) {
    match reqwest_url(url) {
        Some((scheme, true)) if schemes.contains(&scheme.as_str()) => {}
        _ => errors.add(
            field,
            format!(
                "must be an address starting with {}://",
                schemes.join(":// or ")
            ),
        ),
    }
}

/// The scheme of a URL and whether it has a host.
fn reqwest_url(url: &str) -> Option<(String, bool)> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    Some((
        scheme.to_ascii_lowercase(),
        !host.is_empty() && !host.contains(char::is_whitespace),
    ))
}

/// Validated fields ready to store.
struct Checked {
    channel: Channel,
    config: String,
    poll_seconds: i64,
}

fn check(
    hub: &Hub,
    input: &SourceInput,
    has_secret: bool,
    errors: &mut FieldErrors,
) -> Option<Checked> {
    let name = input.name.trim();
    if name.is_empty() {
        errors.add("name", "is required");
    } else if name.chars().count() > 100 {
        errors.add("name", "must be at most 100 characters");
    }
    let channel = match input.channel.trim().parse::<Channel>() {
        Ok(c) if Channel::SOURCES.contains(&c) => Some(c),
        Ok(c) => {
            errors.add("channel", format!("{c} content needs no source"));
            None
        }
        Err(e) => {
            errors.add("channel", e.to_string());
            None
        }
    };
    let query = match Query::parse(&input.query) {
        Ok(q) => Some(q),
        Err(e) => {
            errors.add("query", e.to_string());
            None
        }
    };
    let poll = input
        .poll_seconds
        .unwrap_or(hub.config().listen.default_poll_seconds);
    let min = hub.config().listen.min_poll_seconds;
    if !(min..=86_400).contains(&poll) {
        errors.add("poll_seconds", format!("must be between {min} and 86400"));
    }
    let settings = if input.settings.is_null() {
        serde_json::json!({})
    } else {
        input.settings.clone()
    };
    let config = match channel? {
        Channel::Mastodon => match serde_json::from_value::<MastodonSettings>(settings) {
            Ok(s) => {
                check_url("settings.base_url", &s.base_url, &["https", "http"], errors);
                if let Some(q) = &query {
                    let listens = !q.positive_hashtags().is_empty()
                        || !q.search_terms().is_empty()
                        || s.mentions;
                    if !listens {
                        errors.add(
                            "query",
                            "name at least one hashtag or keyword (or listen to mentions)",
                        );
                    }
                    let needs_token = s.mentions
                        || (q.positive_hashtags().is_empty() && !q.search_terms().is_empty());
                    if needs_token && !has_secret {
                        errors.add(
                            "secret",
                            "searching keywords and reading mentions need an access token",
                        );
                    }
                }
                serde_json::to_string(&s).ok()
            }
            Err(e) => {
                errors.add("settings", e.to_string());
                None
            }
        },
        Channel::Bluesky => match serde_json::from_value::<BlueskySettings>(settings) {
            Ok(s) => {
                check_url(
                    "settings.jetstream_url",
                    &s.jetstream_url,
                    &["wss", "ws"],
                    errors,
                );
                check_url(
                    "settings.appview_url",
                    &s.appview_url,
                    &["https", "http"],
                    errors,
                );
                check_url("settings.pds_url", &s.pds_url, &["https", "http"], errors);
                if query.as_ref().is_some_and(Query::is_empty) {
                    errors.add(
                        "query",
                        "Bluesky carries every post of the network: name what to listen for",
                    );
                }
                serde_json::to_string(&s).ok()
            }
            Err(e) => {
                errors.add("settings", e.to_string());
                None
            }
        },
        Channel::Feed => match serde_json::from_value::<FeedSettings>(settings) {
            Ok(s) => {
                check_url("settings.url", &s.url, &["https", "http"], errors);
                serde_json::to_string(&s).ok()
            }
            Err(e) => {
                errors.add("settings", e.to_string());
                None
            }
        },
        Channel::Webhook | Channel::Email => Some("{}".to_owned()),
        Channel::Community | Channel::Import => None,
    };
    Some(Checked {
        channel: channel?,
        config: config?,
        poll_seconds: i64::try_from(poll).unwrap_or(i64::MAX),
    })
}

/// Whether `actor` may manage sources (forms check before showing anything).
pub fn may_manage(actor: &User) -> Result<()> {
    require(actor, Action::ManageSources)
}

/// Every source, for admins.
pub async fn list(hub: &Hub, actor: &User) -> Result<Vec<SourceView>> {
    require(actor, Action::ManageSources)?;
    Ok(hub.store().sources().await?.into_iter().map(view).collect())
}

/// Id, name and channel of every source, for staff filtering the listening pages.
pub async fn names(hub: &Hub, viewer: &User) -> Result<Vec<(i64, String, String)>> {
    require(viewer, Action::ViewListening)?;
    Ok(hub
        .store()
        .sources()
        .await?
        .into_iter()
        .map(|s| (s.id, s.name, s.channel))
        .collect())
}

/// One source, for admins.
pub async fn get(hub: &Hub, actor: &User, id: i64) -> Result<SourceView> {
    require(actor, Action::ManageSources)?;
    Ok(view(source(hub, id).await?))
}

async fn source(hub: &Hub, id: i64) -> Result<Source> {
    hub.store()
        .source(id)
        .await?
        .ok_or(ServiceError::NotFound("source"))
}

/// Creates a source. Returns it with the secret in clear once (webhook and e-mail sources
/// get a generated secret, which the relay needs).
pub async fn create(hub: &Hub, actor: &User, input: &SourceInput) -> Result<(SourceView, String)> {
    require(actor, Action::ManageSources)?;
    let mut errors = FieldErrors::new();
    let has_secret = input
        .secret
        .as_deref()
        .is_some_and(|s| !s.trim().is_empty());
    let checked = check(hub, input, has_secret, &mut errors);
    errors.into_result()?;
    let c = checked.ok_or_else(|| ServiceError::field("channel", "is required"))?;
    let mut secret = input
        .secret
        .as_deref()
        .map(str::trim)
        .unwrap_or("")
        .to_owned();
    if secret.is_empty() && matches!(c.channel, Channel::Webhook | Channel::Email) {
        secret = crate::secrets::new_secret("whsec_")?;
    }
    let id = hub
        .store()
        .create_source(
            &SourceFields {
                name: input.name.trim(),
                channel: c.channel.as_str(),
                query: input.query.trim(),
                config: &c.config,
                secret: Some(&secret),
                poll_seconds: c.poll_seconds,
                enabled: input.enabled,
            },
            hub.now(),
        )
        .await?;
    hub.bus().publish(chorus_bus::Event::SourceChanged { id });
    Ok((view(source(hub, id).await?), secret))
}

/// Changes a source (its channel stays). A new secret replaces the old one; none keeps it.
pub async fn update(hub: &Hub, actor: &User, id: i64, input: &SourceInput) -> Result<SourceView> {
    require(actor, Action::ManageSources)?;
    let current = source(hub, id).await?;
    let mut input = input.clone();
    if input.channel.trim().is_empty() {
        input.channel.clone_from(&current.channel);
    }
    let mut errors = FieldErrors::new();
    if input.channel.trim() != current.channel {
        errors.add(
            "channel",
            "a source's channel cannot change; create a new source",
        );
    }
    let has_secret = input
        .secret
        .as_deref()
        .is_some_and(|s| !s.trim().is_empty())
        || !current.secret.is_empty();
    let checked = check(hub, &input, has_secret, &mut errors);
    errors.into_result()?;
    let c = checked.ok_or_else(|| ServiceError::field("channel", "is required"))?;
    let secret = input
        .secret
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    hub.store()
        .update_source(
            id,
            &SourceFields {
                name: input.name.trim(),
                channel: c.channel.as_str(),
                query: input.query.trim(),
                config: &c.config,
                secret,
                poll_seconds: c.poll_seconds,
                enabled: input.enabled,
            },
            hub.now(),
        )
        .await?;
    hub.bus().publish(chorus_bus::Event::SourceChanged { id });
    Ok(view(source(hub, id).await?))
}

/// Pauses or resumes a source.
pub async fn set_enabled(hub: &Hub, actor: &User, id: i64, enabled: bool) -> Result<SourceView> {
    require(actor, Action::ManageSources)?;
    if !hub
        .store()
        .set_source_enabled(id, enabled, hub.now())
        .await?
    {
        return Err(ServiceError::NotFound("source"));
    }
    hub.bus().publish(chorus_bus::Event::SourceChanged { id });
    Ok(view(source(hub, id).await?))
}

/// Deletes a source; its mentions stay.
pub async fn delete(hub: &Hub, actor: &User, id: i64) -> Result<()> {
    require(actor, Action::ManageSources)?;
    if !hub.store().delete_source(id, hub.now()).await? {
        return Err(ServiceError::NotFound("source"));
    }
    hub.bus().publish(chorus_bus::Event::SourceChanged { id });
    Ok(())
}

/// Why a push to a webhook or e-mail source was refused before its content was looked at.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PushError {
    /// No such source, or not of this channel, or paused.
    #[error("no enabled {0} source with this id")]
    NoSource(&'static str),
    /// The signature or token is wrong.
    #[error("{0}")]
    Unauthorized(String),
}

/// Checks that a push to source `id` of `channel` is authentic: an HMAC signature of the
/// body, or (for e-mail services that cannot sign) the secret as a bearer token.
pub async fn authenticate_push(
    hub: &Hub,
    id: i64,
    channel: Channel,
    body: &[u8],
    signature: Option<&str>,
    bearer: Option<&str>,
) -> std::result::Result<Source, PushError> {
    let what = channel.as_str();
    let what: &'static str = if what == "email" { "email" } else { "webhook" };
    let Ok(Some(source)) = hub.store().source(id).await else {
        return Err(PushError::NoSource(what));
    };
    if source.channel != channel.as_str() || !source.enabled || source.secret.is_empty() {
        return Err(PushError::NoSource(what));
    }
    if let Some(token) = bearer.filter(|_| channel == Channel::Email) {
        let same = token.len() == source.secret.len()
            && token
                .bytes()
                .zip(source.secret.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        return if same {
            Ok(source)
        } else {
            Err(PushError::Unauthorized("the token is wrong".into()))
        };
    }
    chorus_listen::webhook::verify(source.secret.as_bytes(), body, signature)
        .map_err(|e| PushError::Unauthorized(e.to_string()))?;
    Ok(source)
}

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
        .filter(|s| s.enabled && matches!(s.channel.as_str(), "mastodon" | "bluesky" | "feed"))
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
struct Ctx {
    hub: Hub,
    source: Source,
    query: Query,
    owner: String,
    lease_name: String,
    stop: watch::Receiver<bool>,
    lease_renewed: Timestamp,
    /// How long the lease lasts without renewal (`listen.lease_seconds`).
    lease_ms: i64,
    /// Whether the current step committed anything (mentions or a checkpoint) before it
    /// ended. A step that failed after progress (a stream the network closed after serving
    /// it) resumes at once instead of backing off; only failures without progress back off.
    progressed: AtomicBool,
}

/// How a step ended when it did not fail.
enum Step {
    /// Wait this long before the next step.
    Wait(Duration),
    /// The stop signal came or the lease was lost.
    Stop,
}

impl Ctx {
    fn stopped(&self) -> bool {
        *self.stop.borrow()
    }

    /// Renews the lease if a third of it has passed; `false` when another instance holds it.
    async fn keep_lease(&mut self) -> Result<bool> {
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
    async fn pause(&mut self, d: Duration) -> bool {
        if self.stopped() {
            return false;
        }
        tokio::select! {
            _ = tokio::time::sleep(d) => !self.stopped(),
            _ = self.stop.changed() => false,
        }
    }

    fn keeps(&self, m: &NewMention) -> bool {
        super::keeps(&self.query, m)
    }

    /// Commits fetched mentions with the checkpoint that follows them.
    async fn deliver(
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
    loop {
        if ctx.stopped() {
            break;
        }
        match ctx.keep_lease().await {
            Ok(true) => {}
            Ok(false) => {
                // Another instance runs this source; check back later.
                let half = Duration::from_millis(ctx.lease_ms.unsigned_abs() / 2);
                if !ctx.pause(half).await {
                    return;
                }
                continue;
            }
            Err(e) => {
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

/// Why a step failed.
#[derive(Debug)]
enum StepError {
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

type StepResult = std::result::Result<Step, StepError>;

enum Runner {
    Mastodon(MastodonRunner),
    Bluesky(BlueskyRunner),
    Feed(FeedRunner),
}

impl Runner {
    fn new(ctx: &Ctx) -> std::result::Result<Runner, ListenError> {
        let settings = &ctx.source.config;
        let bad = |e: serde_json::Error| ListenError::Protocol(format!("bad settings: {e}"));
        Ok(match ctx.source.channel.as_str() {
            "mastodon" => {
                let s: MastodonSettings = serde_json::from_str(settings).map_err(bad)?;
                let secret = Some(ctx.source.secret.as_str()).filter(|t| !t.is_empty());
                Runner::Mastodon(MastodonRunner {
                    client: mastodon::Client::new(&s.base_url, secret)?,
                    has_token: secret.is_some(),
                    settings: s,
                    checkpoint: serde_json::from_str(&ctx.source.checkpoint).unwrap_or_default(),
                })
            }
            "bluesky" => {
                let s: BlueskySettings = serde_json::from_str(settings).map_err(bad)?;
                Runner::Bluesky(BlueskyRunner {
                    xrpc: bluesky::Xrpc::new(&s.pds_url, &s.appview_url)?,
                    settings: s,
                    checkpoint: serde_json::from_str(&ctx.source.checkpoint).unwrap_or_default(),
                    profiles: HashMap::new(),
                })
            }
            "feed" => {
                let s: FeedSettings = serde_json::from_str(settings).map_err(bad)?;
                Runner::Feed(FeedRunner {
                    http: chorus_listen::client(Some(Duration::from_secs(30)))?,
                    settings: s,
                    validators: serde_json::from_str(&ctx.source.checkpoint).unwrap_or_default(),
                })
            }
            other => {
                return Err(ListenError::Protocol(format!(
                    "{other} sources are pushed to, not run"
                )));
            }
        })
    }

    async fn step(&mut self, ctx: &mut Ctx, poll: Duration) -> StepResult {
        match self {
            Runner::Mastodon(r) => r.step(ctx, poll).await,
            Runner::Bluesky(r) => r.step(ctx, poll).await,
            Runner::Feed(r) => r.step(ctx, poll).await,
        }
    }
}

// --- Feeds -----------------------------------------------------------------------------------

struct FeedRunner {
    http: reqwest::Client,
    settings: FeedSettings,
    validators: feed::Validators,
}

impl FeedRunner {
    async fn step(&mut self, ctx: &mut Ctx, poll: Duration) -> StepResult {
        let now = ctx.hub.now();
        let fetched = feed::fetch(&self.http, &self.settings.url, &self.validators, now).await?;
        match fetched {
            feed::Fetched::NotModified => {
                let checkpoint = serde_json::to_string(&self.validators).unwrap_or_default();
                ctx.deliver(Vec::new(), 0, checkpoint, Some(poll)).await?;
            }
            feed::Fetched::Feed {
                mentions,
                validators,
            } => {
                let received = mentions.len();
                let kept: Vec<NewMention> = mentions.into_iter().filter(|m| ctx.keeps(m)).collect();
                let filtered = received - kept.len();
                let checkpoint = serde_json::to_string(&validators).unwrap_or_default();
                ctx.deliver(kept, filtered, checkpoint, Some(poll)).await?;
                self.validators = validators;
            }
        }
        Ok(Step::Wait(poll))
    }
}

// --- Mastodon --------------------------------------------------------------------------------

/// Pages fetched per timeline in one poll (40 statuses each); the rest waits for the next poll.
const MAX_PAGES: usize = 10;

struct MastodonRunner {
    client: mastodon::Client,
    settings: MastodonSettings,
    has_token: bool,
    /// Newest id seen per timeline: `tag:<name>`, `search`, `mentions`.
    checkpoint: HashMap<String, String>,
}

impl MastodonRunner {
    fn checkpoint_json(&self) -> String {
        let sorted: std::collections::BTreeMap<_, _> = self.checkpoint.iter().collect();
        serde_json::to_string(&sorted).unwrap_or_else(|_| "{}".to_owned())
    }

    /// Walks one timeline forward from its checkpoint. A timeline seen for the first time
    /// starts with its newest page (history before the source existed is not fetched).
    async fn catch_up(&mut self, ctx: &mut Ctx, key: String) -> StepResult {
        for _ in 0..MAX_PAGES {
            if ctx.stopped() {
                return Ok(Step::Stop);
            }
            let min_id = self.checkpoint.get(&key).cloned();
            let statuses: Vec<(String, mastodon::Status, bool)> = if key == "mentions" {
                self.client
                    .mentions(min_id.as_deref())
                    .await?
                    .into_iter()
                    .filter_map(|n| n.status.map(|s| (n.id, s, true)))
                    .collect()
            } else if key == "search" {
                let terms = ctx.query.search_terms();
                self.client
                    .search(&terms, min_id.as_deref())
                    .await?
                    .into_iter()
                    .map(|s| (s.id.clone(), s, false))
                    .collect()
            } else {
                let tag = key.trim_start_matches("tag:").to_owned();
                self.client
                    .tag_timeline(&tag, min_id.as_deref())
                    .await?
                    .into_iter()
                    .map(|s| (s.id.clone(), s, false))
                    .collect()
            };
            let full = statuses.len() >= mastodon::PAGE;
            let mut newest = min_id.clone();
            let mut mentions = Vec::new();
            let mut filtered = 0;
            for (page_id, status, addressed) in &statuses {
                newest = chorus_listen::newest_id(newest, page_id);
                match mastodon::mention_of(status, self.client.host()) {
                    Ok(m) if *addressed || ctx.keeps(&m) => mentions.push(m),
                    Ok(_) => filtered += 1,
                    Err(e) => tracing::debug!(error = %e, "skipping a status"),
                }
            }
            if let Some(n) = newest {
                self.checkpoint.insert(key.clone(), n);
            }
            ctx.deliver(mentions, filtered, self.checkpoint_json(), None)
                .await?;
            if !full || min_id.is_none() {
                break;
            }
        }
        Ok(Step::Wait(Duration::ZERO))
    }

    fn timelines(&self, ctx: &Ctx) -> Vec<String> {
        let mut keys: Vec<String> = ctx
            .query
            .positive_hashtags()
            .into_iter()
            .map(|t| format!("tag:{t}"))
            .collect();
        if keys.is_empty() && self.has_token && !ctx.query.search_terms().is_empty() {
            keys.push("search".to_owned());
        }
        if self.settings.mentions && self.has_token {
            keys.push("mentions".to_owned());
        }
        keys
    }

    async fn step(&mut self, ctx: &mut Ctx, poll: Duration) -> StepResult {
        let keys = self.timelines(ctx);
        for key in &keys {
            if let Step::Stop = self.catch_up(ctx, key.clone()).await? {
                return Ok(Step::Stop);
            }
        }
        let tags: Vec<String> = ctx.query.positive_hashtags();
        if !self.settings.stream || tags.is_empty() {
            return Ok(Step::Wait(poll));
        }
        self.stream(ctx, tags, poll).await
    }

    /// Follows the hashtag streams until one fails or `poll * 10` passes (then a REST catch-up
    /// runs again, covering anything a stream missed).
    async fn stream(&mut self, ctx: &mut Ctx, tags: Vec<String>, poll: Duration) -> StepResult {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<(
            String,
            std::result::Result<mastodon::Status, ListenError>,
        )>(1024);
        let mut tasks = Vec::new();
        for tag in tags {
            let client = self.client.clone();
            let tx = tx.clone();
            tasks.push(tokio::spawn(async move {
                let mut stream = match client
                    .stream(&mastodon::StreamKind::Hashtag(tag.clone()))
                    .await
                {
                    Ok(s) => s,
                    Err(e) => {
                        let _ = tx.send((tag, Err(e))).await;
                        return;
                    }
                };
                loop {
                    match stream.next(Duration::from_secs(90)).await {
                        Ok(Some(mastodon::StreamItem::Update(s))) => {
                            if tx.send((tag.clone(), Ok(*s))).await.is_err() {
                                return;
                            }
                        }
                        Ok(Some(_)) => {}
                        Ok(None) => {
                            let _ = tx
                                .send((tag, Err(ListenError::Transport("the stream ended".into()))))
                                .await;
                            return;
                        }
                        Err(e) => {
                            let _ = tx.send((tag, Err(e))).await;
                            return;
                        }
                    }
                }
            }));
        }
        drop(tx);
        let until =
            tokio::time::Instant::now() + poll.saturating_mul(10).max(Duration::from_secs(60));
        let result = loop {
            let mut buf: Vec<NewMention> = Vec::new();
            let mut filtered = 0;
            let flush_at = tokio::time::Instant::now() + Duration::from_millis(500);
            let mut failed: Option<ListenError> = None;
            loop {
                tokio::select! {
                    item = rx.recv() => match item {
                        Some((tag, Ok(status))) => {
                            let key = format!("tag:{tag}");
                            let newest = chorus_listen::newest_id(self.checkpoint.get(&key).cloned(), &status.id);
                            if let Some(n) = newest {
                                self.checkpoint.insert(key, n);
                            }
                            match mastodon::mention_of(&status, self.client.host()) {
                                Ok(m) if ctx.keeps(&m) => buf.push(m),
                                Ok(_) => filtered += 1,
                                Err(_) => {}
                            }
                            if buf.len() >= 500 { break; }
                        }
                        Some((_, Err(e))) => { failed = Some(e); break; }
                        None => { failed = Some(ListenError::Transport("every stream ended".into())); break; }
                    },
                    _ = tokio::time::sleep_until(flush_at) => break,
                    _ = ctx.stop.changed() => break,
                }
            }
            if !(buf.is_empty() && filtered == 0)
                && let Err(e) = ctx
                    .deliver(buf, filtered, self.checkpoint_json(), None)
                    .await
            {
                break Err(StepError::Hub(e));
            }
            if let Some(e) = failed {
                break Err(StepError::Network(e));
            }
            if ctx.stopped() {
                break Ok(Step::Stop);
            }
            match ctx.keep_lease().await {
                Ok(true) => {}
                Ok(false) => break Ok(Step::Stop),
                Err(e) => break Err(StepError::Hub(e)),
            }
            if tokio::time::Instant::now() >= until {
                break Ok(Step::Wait(Duration::ZERO));
            }
        };
        for t in tasks {
            t.abort();
        }
        result
    }
}

// --- Bluesky ---------------------------------------------------------------------------------

/// Microseconds replayed before the checkpoint on reconnect: Jetstream's ordering is not
/// strict across its shards, and replayed posts are absorbed by the unique key.
const REWIND_US: i64 = 2_000_000;
/// Profiles remembered per source.
const MAX_PROFILES: usize = 20_000;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct JetstreamCheckpoint {
    cursor: Option<i64>,
}

struct BlueskyRunner {
    xrpc: bluesky::Xrpc,
    settings: BlueskySettings,
    checkpoint: JetstreamCheckpoint,
    profiles: HashMap<String, bluesky::Profile>,
}

impl BlueskyRunner {
    async fn step(&mut self, ctx: &mut Ctx, poll: Duration) -> StepResult {
        let cursor = self.checkpoint.cursor.map(|c| c - REWIND_US);
        let mut js = bluesky::Jetstream::connect(&self.settings.jetstream_url, cursor).await?;
        let result = self.follow(ctx, &mut js, poll).await;
        js.close().await;
        result
    }

    async fn follow(
        &mut self,
        ctx: &mut Ctx,
        js: &mut bluesky::Jetstream,
        poll: Duration,
    ) -> StepResult {
        let mut last_save = tokio::time::Instant::now();
        loop {
            let mut posts: Vec<bluesky::Post> = Vec::new();
            let mut last_cursor = self.checkpoint.cursor;
            let flush_at = tokio::time::Instant::now() + Duration::from_millis(500);
            let mut ended = false;
            loop {
                tokio::select! {
                    ev = js.next(Duration::from_secs(60)) => {
                        match ev? {
                            Some(e) => {
                                last_cursor = Some(e.time_us);
                                if let Some(p) = bluesky::post_of(&e) {
                                    let author_hint = self.profiles.get(&p.did).map(|pr| pr.handle.clone()).unwrap_or_default();
                                    if ctx.query.matches(&MatchDoc::new(&p.record.text, &author_hint)) {
                                        posts.push(p);
                                    }
                                }
                                if posts.len() >= 500 { break; }
                            }
                            None => { ended = true; break; }
                        }
                    }
                    _ = tokio::time::sleep_until(flush_at) => break,
                    _ = ctx.stop.changed() => break,
                }
            }
            let save_quiet = last_save.elapsed() > Duration::from_secs(10);
            if !posts.is_empty() || (save_quiet && last_cursor != self.checkpoint.cursor) {
                self.enrich(&posts).await;
                let mentions: Vec<NewMention> = posts
                    .iter()
                    .filter_map(|p| bluesky::mention_of(p, self.profiles.get(&p.did)))
                    .collect();
                let next = JetstreamCheckpoint {
                    cursor: last_cursor,
                };
                let json = serde_json::to_string(&next).unwrap_or_default();
                // Not counted as filtered: the firehose carries the whole network, and
                // what it says about other things is not this source's to count.
                ctx.deliver(mentions, 0, json, None).await?;
                self.checkpoint = next;
                last_save = tokio::time::Instant::now();
            }
            if ended {
                return Err(StepError::Network(ListenError::Transport(
                    "Jetstream closed the connection".into(),
                )));
            }
            if ctx.stopped() {
                return Ok(Step::Stop);
            }
            if !ctx.keep_lease().await? {
                return Ok(Step::Stop);
            }
            let _ = poll;
        }
    }

    /// Looks up profiles of authors not seen yet (handles and follower counts); a failing
    /// AppView leaves them unknown rather than holding up ingestion.
    async fn enrich(&mut self, posts: &[bluesky::Post]) {
        let mut missing: Vec<String> = posts
            .iter()
            .map(|p| p.did.clone())
            .filter(|d| !self.profiles.contains_key(d))
            .collect();
        missing.sort();
        missing.dedup();
        for chunk in missing.chunks(25) {
            match self.xrpc.profiles(chunk).await {
                Ok(found) => {
                    if self.profiles.len() + found.len() > MAX_PROFILES {
                        self.profiles.clear();
                    }
                    for p in found {
                        self.profiles.insert(p.did.clone(), p);
                    }
                }
                Err(e) => {
                    tracing::debug!(error = %e, "profiles unavailable");
                    break;
                }
            }
        }
    }
}

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
