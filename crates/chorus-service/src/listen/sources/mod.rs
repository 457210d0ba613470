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
use chorus_i18n::Text;
use chorus_listen::{ListenError, bluesky, feed, mastodon};
use chorus_store::listening::{Source, SourceFields};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::pipeline::{Batch, FetchUpdate};
use crate::visibility::require;
use crate::{Hub, Result, ServiceError};

mod networks;
use networks::Runner;

mod supervisor;
pub use supervisor::supervisor;
use supervisor::{Ctx, Step, StepError, StepResult};

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
    let ingest_path = match source.channel {
        Channel::Webhook => Some(format!("/ingest/webhook/{}", source.id)),
        Channel::Email => Some(format!("/ingest/email/{}", source.id)),
        _ => None,
    };
    SourceView {
        source,
        secret_set,
        settings,
        ingest_path,
    }
}

/// Checks that `url` starts with one of the two `schemes` (the secure one first) and names a
/// host.
fn check_url(field: &str, url: &str, schemes: &[&str; 2], errors: &mut FieldErrors) {
    match reqwest_url(url) {
        Some((scheme, true)) if schemes.contains(&scheme.as_str()) => {}
        _ => errors.add(
            field,
            Text::new("err-listen-source-url-scheme")
                .arg("first", schemes[0])
                .arg("second", schemes[1]),
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
        errors.add("name", Text::new("err-listen-required"));
    } else if name.chars().count() > 100 {
        errors.add("name", Text::new("err-listen-chars-max").arg("max", 100));
    }
    let channel = match input.channel.trim().parse::<Channel>() {
        Ok(c) if Channel::SOURCES.contains(&c) => Some(c),
        Ok(c) => {
            errors.add(
                "channel",
                Text::new("err-listen-source-channel-none").arg("channel", c.as_str()),
            );
            None
        }
        Err(e) => {
            errors.add("channel", e.text());
            None
        }
    };
    let query = match Query::parse(&input.query) {
        Ok(q) => Some(q),
        Err(e) => {
            errors.add("query", e.text());
            None
        }
    };
    let poll = input
        .poll_seconds
        .unwrap_or(hub.config().listen.default_poll_seconds);
    let min = hub.config().listen.min_poll_seconds;
    if !(min..=86_400).contains(&poll) {
        errors.add(
            "poll_seconds",
            Text::new("err-listen-source-poll-range").arg("min", min.to_string()),
        );
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
                        errors.add("query", Text::new("err-listen-source-mastodon-query"));
                    }
                    let needs_token = s.mentions
                        || (q.positive_hashtags().is_empty() && !q.search_terms().is_empty());
                    if needs_token && !has_secret {
                        errors.add("secret", Text::new("err-listen-source-mastodon-token"));
                    }
                }
                serde_json::to_string(&s).ok()
            }
            Err(e) => {
                errors.add("settings", Text::verbatim(e.to_string()));
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
                    errors.add("query", Text::new("err-listen-source-bluesky-query"));
                }
                serde_json::to_string(&s).ok()
            }
            Err(e) => {
                errors.add("settings", Text::verbatim(e.to_string()));
                None
            }
        },
        Channel::Feed => match serde_json::from_value::<FeedSettings>(settings) {
            Ok(s) => {
                check_url("settings.url", &s.url, &["https", "http"], errors);
                serde_json::to_string(&s).ok()
            }
            Err(e) => {
                errors.add("settings", Text::verbatim(e.to_string()));
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
pub async fn names(hub: &Hub, viewer: &User) -> Result<Vec<(i64, String, Channel)>> {
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
    let c =
        checked.ok_or_else(|| ServiceError::field("channel", Text::new("err-listen-required")))?;
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
        input.channel = current.channel.to_string();
    }
    let mut errors = FieldErrors::new();
    if current.channel != input.channel.trim() {
        errors.add("channel", Text::new("err-listen-source-channel-fixed"));
    }
    let has_secret = input
        .secret
        .as_deref()
        .is_some_and(|s| !s.trim().is_empty())
        || !current.secret.is_empty();
    let checked = check(hub, &input, has_secret, &mut errors);
    errors.into_result()?;
    let c =
        checked.ok_or_else(|| ServiceError::field("channel", Text::new("err-listen-required")))?;
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
