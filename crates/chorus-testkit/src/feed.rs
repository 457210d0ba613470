//! A local web server that serves one feed document with an `ETag` and `Last-Modified`, and
//! answers `304 Not Modified` to conditional requests for the version the client has.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::net::TcpListener;

#[derive(Default)]
struct Inner {
    body: Vec<u8>,
    content_type: String,
    version: u64,
    full: usize,
    not_modified: usize,
    failures: Vec<(u16, Option<u64>)>,
}

/// The feed server; stops when dropped.
pub struct FeedStandIn {
    inner: Arc<Mutex<Inner>>,
    url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FeedStandIn {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn lock(m: &Mutex<Inner>) -> std::sync::MutexGuard<'_, Inner> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl FeedStandIn {
    /// Starts on a free local port, serving `/feed` (empty until [`FeedStandIn::set`]).
    ///
    /// # Panics
    /// If no local port can be bound (tests only).
    #[allow(clippy::expect_used)]
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let inner = Arc::new(Mutex::new(Inner {
            content_type: "application/rss+xml".to_owned(),
            ..Inner::default()
        }));
        let app = Router::new()
            .route("/feed", get(feed))
            .with_state(inner.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FeedStandIn {
            inner,
            url: format!("http://{addr}/feed"),
            task,
        }
    }

    /// The feed's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Replaces the document (a new version, so a new `ETag`).
    pub fn set(&self, body: &[u8], content_type: &str) {
        let mut g = lock(&self.inner);
        g.body = body.to_vec();
        g.content_type = content_type.to_owned();
        g.version += 1;
    }

    /// Makes the next request fail with `status` (and `Retry-After` seconds).
    pub fn fail_next(&self, status: u16, retry_after: Option<u64>) {
        lock(&self.inner).failures.push((status, retry_after));
    }

    /// `(200 answers, 304 answers)` so far.
    pub fn hits(&self) -> (usize, usize) {
        let g = lock(&self.inner);
        (g.full, g.not_modified)
    }
}

async fn feed(State(s): State<Arc<Mutex<Inner>>>, headers: HeaderMap) -> Response {
    let mut g = lock(&s);
    if !g.failures.is_empty() {
        let (status, retry) = g.failures.remove(0);
        let mut resp = StatusCode::from_u16(status)
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            .into_response();
        if let Some(r) = retry
            && let Ok(v) = r.to_string().parse()
        {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return resp;
    }
    let etag = format!("\"v{}\"", g.version);
    let modified = format!("Thu, 20 Nov 2026 10:{:02}:00 GMT", g.version % 60);
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == etag);
    if matches {
        g.not_modified += 1;
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    g.full += 1;
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, g.content_type.clone()),
            (header::ETAG, etag),
            (header::LAST_MODIFIED, modified),
        ],
        g.body.clone(),
    )
        .into_response()
}
