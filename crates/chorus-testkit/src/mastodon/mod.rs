//! A local server that speaks the parts of Mastodon's client API Chorus uses: hashtag
//! timelines, search and mention notifications with `min_id`/`since_id`/`max_id` paging, the
//! hashtag streaming API over server-sent events, and posting statuses with an
//! `Idempotency-Key`. Tests publish statuses into it and read what Chorus posted back.
//!
//! Tests in another process (the browser tests) run it with the `chorus-standin` binary and
//! drive it over HTTP through control routes under `/_standin/`, a prefix Mastodon never uses:
//!
//! - `POST /_standin/publish` `{"acct": "jane", "followers": 10, "text": "#acme hi",
//!   "in_reply_to_id": "…"}` (`followers` defaults to 0, `in_reply_to_id` may be left out) →
//!   `{"id": "…"}`, as [`MastodonStandIn::publish`] / [`MastodonStandIn::publish_reply`].
//! - `GET /_standin/posted` → `[{"status", "in_reply_to_id", "visibility", "idempotency_key",
//!   "id"}]`, as [`MastodonStandIn::posted`] (absent values are `null`).
//! - `GET /_standin/requests` → `["/api/v1/…", …]`, as [`MastodonStandIn::requests`].
//! - `POST /_standin/fail` `{"n": 2, "status": 503, "retry_after": 1}` → 204, as
//!   [`MastodonStandIn::fail_next`].
//! - `GET /_standin/streams` → `{"streams": 1}`, as [`MastodonStandIn::streams`].
//!
//! Control routes are neither recorded in `requests` nor failed by `fail`; bad input gets 400
//! with `{"error": "…"}`.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::routing::{get, post};
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::broadcast;

mod api;
mod control;

use api::{notifications, post_status, search, status_json, stream_hashtag, tag_timeline};
use control::{control_fail, control_posted, control_publish, control_requests, control_streams};

/// The access token the stand-in accepts.
pub const TOKEN: &str = "standin-token";

/// A status Chorus posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posted {
    /// Text.
    pub status: String,
    /// The status it answers.
    pub in_reply_to_id: Option<String>,
    /// Visibility.
    pub visibility: String,
    /// The `Idempotency-Key` header.
    pub idempotency_key: Option<String>,
    /// The id the stand-in gave it.
    pub id: String,
}

#[derive(Default)]
struct Inner {
    statuses: Vec<Value>,
    next_id: u64,
    posted: Vec<Posted>,
    by_key: HashMap<String, Value>,
    failures: VecDeque<(u16, Option<u64>)>,
    requests: Vec<String>,
}

#[derive(Clone)]
struct Shared {
    inner: Arc<Mutex<Inner>>,
    updates: broadcast::Sender<Value>,
    host: String,
}

/// The running stand-in; stops when dropped.
pub struct MastodonStandIn {
    shared: Shared,
    url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for MastodonStandIn {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn lock(s: &Shared) -> std::sync::MutexGuard<'_, Inner> {
    s.inner
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl MastodonStandIn {
    /// Starts on a free local port.
    ///
    /// # Panics
    /// If no local port can be bound (tests only).
    #[allow(clippy::expect_used)]
    pub async fn start() -> Self {
        Self::start_on("127.0.0.1:0").await.expect("bind")
    }

    /// Starts on `addr` (`host:port`; port `0` picks a free one), for running the stand-in as
    /// its own process that other test tools drive through the `/_standin/` control routes.
    ///
    /// # Errors
    /// If `addr` cannot be bound.
    pub async fn start_on(addr: &str) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let (updates, _) = broadcast::channel(4096);
        let shared = Shared {
            inner: Arc::new(Mutex::new(Inner {
                next_id: 110_000_000_000_000_000,
                ..Inner::default()
            })),
            updates,
            host: addr.to_string(),
        };
        let app = Router::new()
            .route("/api/v1/timelines/tag/{tag}", get(tag_timeline))
            .route("/api/v2/search", get(search))
            .route("/api/v1/notifications", get(notifications))
            .route("/api/v1/streaming/hashtag", get(stream_hashtag))
            .route("/api/v1/statuses", post(post_status))
            .route("/_standin/publish", post(control_publish))
            .route("/_standin/posted", get(control_posted))
            .route("/_standin/requests", get(control_requests))
            .route("/_standin/fail", post(control_fail))
            .route("/_standin/streams", get(control_streams))
            .with_state(shared.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(MastodonStandIn {
            shared,
            url: format!("http://{addr}"),
            task,
        })
    }

    /// The server's base URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Publishes a status by `acct` (with `followers`) and returns its id; streams see it.
    pub fn publish(&self, acct: &str, followers: i64, text: &str) -> String {
        publish(&self.shared, acct, followers, text, None)
    }

    /// Like [`publish`](Self::publish), for a status answering `in_reply_to_id`.
    pub fn publish_reply(
        &self,
        acct: &str,
        followers: i64,
        text: &str,
        in_reply_to_id: &str,
    ) -> String {
        publish(&self.shared, acct, followers, text, Some(in_reply_to_id))
    }

    /// Statuses Chorus posted, oldest first.
    pub fn posted(&self) -> Vec<Posted> {
        lock(&self.shared).posted.clone()
    }

    /// Makes the next `n` REST requests fail with `status` (and `Retry-After` seconds).
    pub fn fail_next(&self, n: usize, status: u16, retry_after: Option<u64>) {
        fail_next(&self.shared, n, status, retry_after);
    }

    /// Paths of the REST requests received (with their query).
    pub fn requests(&self) -> Vec<String> {
        lock(&self.shared).requests.clone()
    }

    /// Open streaming connections.
    pub fn streams(&self) -> usize {
        self.shared.updates.receiver_count()
    }
}

fn publish(s: &Shared, acct: &str, followers: i64, text: &str, reply: Option<&str>) -> String {
    let status = {
        let mut g = lock(s);
        g.next_id += 1;
        let id = g.next_id.to_string();
        let status = status_json(&s.host, &id, acct, followers, text, reply);
        g.statuses.push(status.clone());
        status
    };
    let _ = s.updates.send(status.clone());
    status["id"].as_str().unwrap_or_default().to_owned()
}

fn fail_next(s: &Shared, n: usize, status: u16, retry_after: Option<u64>) {
    let mut g = lock(s);
    for _ in 0..n {
        g.failures.push_back((status, retry_after));
    }
}
