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
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::broadcast;

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

fn status_json(
    host: &str,
    id: &str,
    acct: &str,
    followers: i64,
    text: &str,
    reply: Option<&str>,
) -> Value {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    json!({
        "id": id,
        "uri": format!("http://{host}/users/{acct}/statuses/{id}"),
        "url": format!("http://{host}/@{acct}/{id}"),
        "created_at": created_at(),
        "content": format!("<p>{escaped}</p>"),
        "spoiler_text": "",
        "visibility": "public",
        "in_reply_to_id": reply,
        "reblogs_count": 1,
        "favourites_count": 2,
        "replies_count": 0,
        "language": "en",
        "account": {
            "id": format!("a-{acct}"),
            "acct": acct,
            "display_name": acct,
            "followers_count": followers,
            "url": format!("http://{host}/@{acct}"),
        },
    })
}

fn created_at() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    // RFC 3339 without pulling a date library into the test kit.
    let days = now / 86_400;
    let secs = now % 86_400;
    let (y, m, d) = civil(days as i64);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.000Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn failure(s: &Shared, path: String) -> Option<Response> {
    let mut g = lock(s);
    g.requests.push(path);
    let (status, retry) = g.failures.pop_front()?;
    let mut resp = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        Json(json!({"error": "stand-in failure"})),
    )
        .into_response();
    if let Some(r) = retry
        && let Ok(v) = r.to_string().parse()
    {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
    Some(resp)
}

fn authorized(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == format!("Bearer {TOKEN}"))
}

fn unauthorized() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        Json(json!({"error": "The access token is invalid"})),
    )
        .into_response()
}

fn id_of(v: &Value) -> u64 {
    v["id"].as_str().and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// Mastodon's paging: `min_id` gives the page right after it, `since_id` the newest above it,
/// `max_id` the page below it; always newest first.
fn page(mut items: Vec<Value>, q: &HashMap<String, String>) -> Vec<Value> {
    let limit = q
        .get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(20)
        .clamp(1, 40);
    let num = |k: &str| q.get(k).and_then(|v| v.parse::<u64>().ok());
    if let Some(max) = num("max_id") {
        items.retain(|s| id_of(s) < max);
    }
    items.sort_by_key(id_of);
    let out: Vec<Value> = if let Some(min) = num("min_id") {
        items
            .into_iter()
            .filter(|s| id_of(s) > min)
            .take(limit)
            .collect()
    } else {
        let since = num("since_id").unwrap_or(0);
        let above: Vec<Value> = items.into_iter().filter(|s| id_of(s) > since).collect();
        let skip = above.len().saturating_sub(limit);
        above.into_iter().skip(skip).collect()
    };
    out.into_iter().rev().collect()
}

fn has_tag(s: &Value, tag: &str) -> bool {
    s["content"].as_str().is_some_and(|c| {
        c.to_lowercase()
            .contains(&format!("#{}", tag.to_lowercase()))
    })
}

async fn tag_timeline(
    State(s): State<Shared>,
    Path(tag): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(r) = failure(&s, format!("/api/v1/timelines/tag/{tag}?{q:?}")) {
        return r;
    }
    let items: Vec<Value> = lock(&s)
        .statuses
        .iter()
        .filter(|st| has_tag(st, &tag))
        .cloned()
        .collect();
    Json(page(items, &q)).into_response()
}

async fn search(
    State(s): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(r) = failure(&s, format!("/api/v2/search?{q:?}")) {
        return r;
    }
    if !authorized(&headers) {
        return unauthorized();
    }
    let words: Vec<String> = q
        .get("q")
        .map(|q| {
            q.split_whitespace()
                .map(|w| w.trim_matches('"').to_lowercase())
                .collect()
        })
        .unwrap_or_default();
    let items: Vec<Value> = lock(&s)
        .statuses
        .iter()
        .filter(|st| {
            let c = st["content"].as_str().unwrap_or("").to_lowercase();
            words.iter().all(|w| c.contains(w.as_str()))
        })
        .cloned()
        .collect();
    Json(json!({"accounts": [], "hashtags": [], "statuses": page(items, &q)})).into_response()
}

async fn notifications(
    State(s): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(r) = failure(&s, format!("/api/v1/notifications?{q:?}")) {
        return r;
    }
    if !authorized(&headers) {
        return unauthorized();
    }
    let items: Vec<Value> = lock(&s)
        .statuses
        .iter()
        .filter(|st| st["content"].as_str().is_some_and(|c| c.contains("@acme")))
        .cloned()
        .collect();
    let notes: Vec<Value> = page(items, &q)
        .into_iter()
        .map(|st| json!({"id": st["id"], "type": "mention", "status": st}))
        .collect();
    Json(notes).into_response()
}

async fn stream_hashtag(
    State(s): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let tag = q.get("tag").cloned().unwrap_or_default();
    let rx = s.updates.subscribe();
    let heartbeat = tokio::time::interval(Duration::from_millis(500));
    let stream = futures_util::stream::unfold(
        (rx, heartbeat, tag, true),
        |(mut rx, mut hb, tag, first)| async move {
            if first {
                return Some((
                    Ok::<Bytes, Infallible>(Bytes::from_static(b":)\n\n")),
                    (rx, hb, tag, false),
                ));
            }
            loop {
                tokio::select! {
                    msg = rx.recv() => match msg {
                        Ok(st) if has_tag(&st, &tag) => {
                            let chunk = format!("event: update\ndata: {st}\n\n");
                            return Some((Ok(Bytes::from(chunk)), (rx, hb, tag, false)));
                        }
                        Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                        Err(broadcast::error::RecvError::Closed) => return None,
                    },
                    _ = hb.tick() => {
                        return Some((Ok(Bytes::from_static(b":thump\n\n")), (rx, hb, tag, false)));
                    }
                }
            }
        },
    );
    Response::builder()
        .header(header::CONTENT_TYPE, "text/event-stream")
        .header(header::CACHE_CONTROL, "no-cache")
        .body(Body::from_stream(stream))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

async fn post_status(State(s): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(r) = failure(&s, "/api/v1/statuses".to_owned()) {
        return r;
    }
    if !authorized(&headers) {
        return unauthorized();
    }
    let Ok(req) = serde_json::from_slice::<Value>(&body) else {
        return (StatusCode::BAD_REQUEST, Json(json!({"error": "bad JSON"}))).into_response();
    };
    let text = req["status"].as_str().unwrap_or("").to_owned();
    if text.trim().is_empty() {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({"error": "Validation failed: Text can't be blank"})),
        )
            .into_response();
    }
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut g = lock(&s);
    if let Some(k) = &key
        && let Some(existing) = g.by_key.get(k)
    {
        return Json(existing.clone()).into_response();
    }
    g.next_id += 1;
    let id = g.next_id.to_string();
    let reply = req["in_reply_to_id"].as_str().map(str::to_owned);
    let status = status_json(&s.host, &id, "acme", 5000, &text, reply.as_deref());
    g.posted.push(Posted {
        status: text,
        in_reply_to_id: reply,
        visibility: req["visibility"].as_str().unwrap_or("public").to_owned(),
        idempotency_key: key.clone(),
        id,
    });
    if let Some(k) = key {
        g.by_key.insert(k, status.clone());
    }
    Json(status).into_response()
}

fn bad_request(error: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({"error": error}))).into_response()
}

/// `POST /_standin/publish` `{"acct", "followers"?, "text", "in_reply_to_id"?}` →
/// `{"id"}`: [`MastodonStandIn::publish`] over HTTP.
async fn control_publish(State(s): State<Shared>, body: Bytes) -> Response {
    let Ok(req) = serde_json::from_slice::<Value>(&body) else {
        return bad_request("bad JSON");
    };
    let (Some(acct), Some(text)) = (req["acct"].as_str(), req["text"].as_str()) else {
        return bad_request("`acct` and `text` must be strings");
    };
    if acct.is_empty() {
        return bad_request("`acct` must not be empty");
    }
    let followers = match &req["followers"] {
        Value::Null => 0,
        v => match v.as_i64() {
            Some(n) => n,
            None => return bad_request("`followers` must be an integer"),
        },
    };
    let reply = match &req["in_reply_to_id"] {
        Value::Null => None,
        Value::String(r) => Some(r.as_str()),
        _ => return bad_request("`in_reply_to_id` must be a string"),
    };
    let id = publish(&s, acct, followers, text, reply);
    Json(json!({"id": id})).into_response()
}

/// `GET /_standin/posted` → the statuses Chorus posted, oldest first.
async fn control_posted(State(s): State<Shared>) -> Response {
    let posted: Vec<Value> = lock(&s)
        .posted
        .iter()
        .map(|p| {
            json!({
                "status": p.status,
                "in_reply_to_id": p.in_reply_to_id,
                "visibility": p.visibility,
                "idempotency_key": p.idempotency_key,
                "id": p.id,
            })
        })
        .collect();
    Json(posted).into_response()
}

/// `GET /_standin/requests` → the paths of the REST requests received.
async fn control_requests(State(s): State<Shared>) -> Response {
    Json(lock(&s).requests.clone()).into_response()
}

/// `POST /_standin/fail` `{"n", "status", "retry_after"?}`: [`MastodonStandIn::fail_next`].
async fn control_fail(State(s): State<Shared>, body: Bytes) -> Response {
    /// More queued failures than any test needs is a mistake in the test.
    const MAX: u64 = 10_000;
    let Ok(req) = serde_json::from_slice::<Value>(&body) else {
        return bad_request("bad JSON");
    };
    let Some(n) = req["n"].as_u64().filter(|n| *n <= MAX) else {
        return bad_request("`n` must be an integer from 0 to 10000");
    };
    let Some(status) = req["status"]
        .as_u64()
        .and_then(|v| u16::try_from(v).ok())
        .filter(|v| (400..=599).contains(v))
    else {
        return bad_request("`status` must be an HTTP error status (400-599)");
    };
    let retry_after = match &req["retry_after"] {
        Value::Null => None,
        v => match v.as_u64() {
            Some(r) => Some(r),
            None => return bad_request("`retry_after` must be a number of seconds"),
        },
    };
    // At most `MAX`, so it fits.
    let n = usize::try_from(n).unwrap_or(0);
    fail_next(&s, n, status, retry_after);
    StatusCode::NO_CONTENT.into_response()
}

/// `GET /_standin/streams` → `{"streams"}`, the open streaming connections.
async fn control_streams(State(s): State<Shared>) -> Response {
    Json(json!({"streams": s.updates.receiver_count()})).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(20_412), (2025, 11, 20));
    }

    #[test]
    fn paging_like_mastodon() {
        let items: Vec<Value> = (1..=10).map(|i| json!({"id": i.to_string()})).collect();
        let q = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        let ids = |v: Vec<Value>| v.iter().map(id_of).collect::<Vec<_>>();
        assert_eq!(
            ids(page(items.clone(), &q(&[("limit", "3")]))),
            vec![10, 9, 8]
        );
        assert_eq!(
            ids(page(items.clone(), &q(&[("limit", "3"), ("min_id", "2")]))),
            vec![5, 4, 3]
        );
        assert_eq!(
            ids(page(
                items.clone(),
                &q(&[("limit", "3"), ("since_id", "2")])
            )),
            vec![10, 9, 8]
        );
        assert_eq!(
            ids(page(items, &q(&[("limit", "3"), ("max_id", "5")]))),
            vec![4, 3, 2]
        );
    }
}
