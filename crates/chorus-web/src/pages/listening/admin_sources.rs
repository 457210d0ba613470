//! The admin pages for sources: the list with each source's status panel, and creating,
//! editing, pausing, resuming and deleting a source.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chorus_core::{Channel, FieldErrors, Timestamp, User};
use chorus_i18n::{Text, Tr};
use chorus_service::ServiceError;
use chorus_service::listen::sources::{self, SourceInput, SourceView};
use serde::Deserialize;

use super::{channel_label, channel_name};
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::flash;
use crate::pages::{Ctx, Layout, PageForm, reader_language, render};
use crate::state::AppState;

struct SourceRow {
    id: i64,
    name: String,
    channel: String,
    query: String,
    enabled: bool,
    /// The last fetch, if any (`never` otherwise).
    last_fetch: Option<Timestamp>,
    last_error: Option<String>,
    failures: i64,
    seen: i64,
    new: i64,
    filtered: i64,
    lag: String,
    ingest_path: Option<String>,
}

fn lag_text(ms: Option<i64>) -> String {
    match ms {
        None => "–".to_owned(),
        Some(ms) if ms < 120_000 => format!("{} s", ms / 1000),
        Some(ms) if ms < 2 * Timestamp::HOUR => format!("{} min", ms / 60_000),
        Some(ms) => format!("{} h", ms / Timestamp::HOUR),
    }
}

impl SourceRow {
    fn of(v: &SourceView, tr: Tr) -> Self {
        let s = &v.source;
        SourceRow {
            id: s.id,
            name: s.name.clone(),
            channel: channel_name(tr, s.channel),
            query: s.query.clone(),
            enabled: s.enabled,
            last_fetch: s.last_fetch_at.map(Timestamp),
            last_error: s
                .last_error
                .clone()
                .filter(|_| s.failures > 0 || s.last_success_at.is_none()),
            failures: s.failures,
            seen: s.items_seen,
            new: s.items_new,
            filtered: s.items_filtered,
            lag: lag_text(s.lag_ms),
            ingest_path: v.ingest_path.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "admin_sources.html")]
struct SourcesPage {
    l: Layout,
    sources: Vec<SourceRow>,
    channels: Vec<(&'static str, String)>,
    public_url: String,
}

pub(super) async fn source_list(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let list = sources::list(&state.hub, &user).await?;
    let page = SourcesPage {
        l: ctx.l,
        sources: list.iter().map(|v| SourceRow::of(v, tr)).collect(),
        channels: Channel::SOURCES
            .iter()
            .map(|c| (c.as_str(), channel_name(tr, *c)))
            .collect(),
        public_url: state.hub.config().public_url(),
    };
    Ok(render(StatusCode::OK, &page))
}

/// The fields of the source form (every channel's settings; the channel decides which count).
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct SourceForm {
    name: String,
    channel: String,
    query: String,
    secret: String,
    poll_seconds: String,
    enabled: String,
    base_url: String,
    stream: String,
    mentions: String,
    jetstream_url: String,
    appview_url: String,
    pds_url: String,
    identifier: String,
    url: String,
}

impl SourceForm {
    fn from_view(v: &SourceView) -> Self {
        let s = &v.settings;
        let text = |k: &str| s.get(k).and_then(|v| v.as_str()).unwrap_or("").to_owned();
        let flag = |k: &str| {
            if s.get(k)
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false)
            {
                "on".to_owned()
            } else {
                String::new()
            }
        };
        SourceForm {
            name: v.source.name.clone(),
            channel: v.source.channel.to_string(),
            query: v.source.query.clone(),
            secret: String::new(),
            poll_seconds: v.source.poll_seconds.to_string(),
            enabled: if v.source.enabled {
                "on".into()
            } else {
                String::new()
            },
            base_url: text("base_url"),
            stream: flag("stream"),
            mentions: flag("mentions"),
            jetstream_url: text("jetstream_url"),
            appview_url: text("appview_url"),
            pds_url: text("pds_url"),
            identifier: text("identifier"),
            url: text("url"),
        }
    }

    fn defaults(channel: &str, poll: u64) -> Self {
        let b = sources::BlueskySettings::default();
        SourceForm {
            channel: channel.to_owned(),
            enabled: "on".into(),
            stream: "on".into(),
            poll_seconds: poll.to_string(),
            jetstream_url: b.jetstream_url,
            appview_url: b.appview_url,
            pds_url: b.pds_url,
            ..SourceForm::default()
        }
    }

    fn input(&self) -> Result<SourceInput, FieldErrors> {
        let on = |v: &str| !v.is_empty();
        let settings = match self.channel.as_str() {
            "mastodon" => serde_json::json!({
                "base_url": self.base_url.trim(),
                "stream": on(&self.stream),
                "mentions": on(&self.mentions),
            }),
            "bluesky" => serde_json::json!({
                "jetstream_url": self.jetstream_url.trim(),
                "appview_url": self.appview_url.trim(),
                "pds_url": self.pds_url.trim(),
                "identifier": self.identifier.trim(),
            }),
            "feed" => serde_json::json!({ "url": self.url.trim() }),
            _ => serde_json::json!({}),
        };
        let poll_seconds = match self.poll_seconds.trim() {
            "" => None,
            p => Some(p.parse::<u64>().map_err(|_| {
                FieldErrors::single("poll_seconds", Text::new("source-poll-invalid"))
            })?),
        };
        Ok(SourceInput {
            name: self.name.clone(),
            channel: self.channel.clone(),
            query: self.query.clone(),
            settings,
            secret: Some(self.secret.clone()).filter(|s| !s.trim().is_empty()),
            poll_seconds,
            enabled: on(&self.enabled),
        })
    }
}

#[derive(Template)]
#[template(path = "admin_source_form.html")]
struct SourceFormPage {
    l: Layout,
    f: SourceForm,
    errors: FieldErrors,
    id: Option<i64>,
    channel_label: String,
    secret_set: bool,
    status: Option<SourceRow>,
    new_secret: Option<String>,
    ingest_url: Option<String>,
}

impl SourceFormPage {
    fn err(&self, field: &str) -> Option<String> {
        self.l.field_error(&self.errors, field).or_else(|| {
            self.l
                .field_error(&self.errors, &format!("settings.{field}"))
        })
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct NewQuery {
    channel: String,
}

pub(super) async fn source_new(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Query(q): Query<NewQuery>,
) -> Result<Response, PageError> {
    sources::may_manage(&user)?;
    let tr = ctx.l.tr;
    let channel = q
        .channel
        .parse::<Channel>()
        .ok()
        .filter(|c| Channel::SOURCES.contains(c))
        .ok_or_else(|| {
            PageError::from(ServiceError::field(
                "channel",
                Text::new("source-choose-channel"),
            ))
        })?;
    let page = SourceFormPage {
        l: ctx.l,
        f: SourceForm::defaults(
            channel.as_str(),
            state.hub.config().listen.default_poll_seconds,
        ),
        errors: FieldErrors::new(),
        id: None,
        channel_label: channel_name(tr, channel),
        secret_set: false,
        status: None,
        new_secret: None,
        ingest_url: None,
    };
    Ok(render(StatusCode::OK, &page))
}

pub(super) async fn source_create(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    PageForm(f): PageForm<SourceForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let result = match f.input() {
        Ok(input) => sources::create(&state.hub, &user, &input).await,
        Err(e) => Err(ServiceError::Validation(e)),
    };
    match result {
        Ok((v, secret)) => {
            // The secret is shown once, here; it is never displayed again.
            let show = matches!(v.source.channel, Channel::Webhook | Channel::Email);
            let page = SourceFormPage {
                l: Layout {
                    flash: Some(tr.v("source-created", "name", &v.source.name)),
                    ..ctx.l
                },
                f: SourceForm::from_view(&v),
                errors: FieldErrors::new(),
                id: Some(v.source.id),
                channel_label: channel_name(tr, v.source.channel),
                secret_set: v.secret_set,
                ingest_url: v
                    .ingest_path
                    .as_ref()
                    .map(|p| format!("{}{p}", state.hub.config().public_url())),
                status: Some(SourceRow::of(&v, tr)),
                new_secret: show.then_some(secret),
            };
            Ok(render(StatusCode::CREATED, &page))
        }
        Err(ServiceError::Validation(errors)) => {
            let page = SourceFormPage {
                l: ctx.l,
                channel_label: channel_label(tr, &f.channel),
                f,
                errors,
                id: None,
                secret_set: false,
                status: None,
                new_secret: None,
                ingest_url: None,
            };
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn source_edit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let v = sources::get(&state.hub, &user, id).await?;
    let tr = ctx.l.tr;
    let page = SourceFormPage {
        l: ctx.l,
        f: SourceForm::from_view(&v),
        errors: FieldErrors::new(),
        id: Some(id),
        channel_label: channel_name(tr, v.source.channel),
        secret_set: v.secret_set,
        ingest_url: v
            .ingest_path
            .as_ref()
            .map(|p| format!("{}{p}", state.hub.config().public_url())),
        status: Some(SourceRow::of(&v, tr)),
        new_secret: None,
    };
    Ok(render(StatusCode::OK, &page))
}

pub(super) async fn source_update(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(mut f): PageForm<SourceForm>,
) -> Result<Response, PageError> {
    let current = sources::get(&state.hub, &user, id).await?;
    let tr = ctx.l.tr;
    f.channel = current.source.channel.to_string();
    let result = match f.input() {
        Ok(input) => sources::update(&state.hub, &user, id, &input).await,
        Err(e) => Err(ServiceError::Validation(e)),
    };
    match result {
        Ok(v) => Ok(flash::redirect(
            "/admin/sources",
            &tr.v("source-saved", "name", &v.source.name),
        )),
        Err(ServiceError::Validation(errors)) => {
            let page = SourceFormPage {
                l: ctx.l,
                channel_label: channel_label(tr, &f.channel),
                f,
                errors,
                id: Some(id),
                secret_set: current.secret_set,
                ingest_url: None,
                status: Some(SourceRow::of(&current, tr)),
                new_secret: None,
            };
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(e.into()),
    }
}

async fn set_enabled(
    state: &AppState,
    user: &User,
    tr: Tr,
    id: i64,
    on: bool,
) -> Result<Response, PageError> {
    let v = sources::set_enabled(&state.hub, user, id, on).await?;
    Ok(flash::redirect(
        "/admin/sources",
        &tr.v(
            if on {
                "source-resumed"
            } else {
                "source-paused-flash"
            },
            "name",
            &v.source.name,
        ),
    ))
}

pub(super) async fn source_pause(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let tr = reader_language(&state, Some(&user), &headers);
    set_enabled(&state, &user, tr, id, false).await
}

pub(super) async fn source_resume(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let tr = reader_language(&state, Some(&user), &headers);
    set_enabled(&state, &user, tr, id, true).await
}

pub(super) async fn source_delete(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let tr = reader_language(&state, Some(&user), &headers);
    sources::delete(&state.hub, &user, id).await?;
    Ok(flash::redirect("/admin/sources", &tr.t("source-deleted")))
}
